"""The base class of the generated pydantic models (`oauth_clients.<provider>.schemas`).

datamodel-code-generator copies a property's `x-secret: true` from the spec into the field's
`json_schema_extra` (`--field-extra-keys x-secret`); this base class masks those fields in repr()
and str(), as the attrs models do. The value stays readable as an attribute and in model_dump(),
so a round trip is exact. Unknown fields (kept, as `extra="allow"`) with secret-looking names are
masked too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from pydantic import BaseModel

from oauth_clients._runtime.redact import looks_secret, mask_secret


class SchemaModel(BaseModel):
    """pydantic.BaseModel whose repr() never shows a field marked `x-secret` in the spec."""

    def __repr_args__(self) -> Iterable[tuple[str | None, Any]]:
        fields = type(self).model_fields
        for name, value in super().__repr_args__():
            field = fields.get(name) if name is not None else None
            extra = field.json_schema_extra if field is not None else None
            marked = isinstance(extra, dict) and cast("dict[str, object]", extra).get("x-secret") is True
            unknown_secret = field is None and name is not None and looks_secret(name)
            if marked or unknown_secret:
                yield name, _Masked(mask_secret(value))
            else:
                yield name, value


class _Masked(str):
    """Shown without quotes, so a masked value reads `client_secret=***`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)
