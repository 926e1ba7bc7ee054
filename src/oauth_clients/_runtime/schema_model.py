"""The base class of the generated pydantic models (`oauth_clients.<provider>.schemas`).

datamodel-code-generator copies a property's `x-secret: true` from the spec into the field's
`json_schema_extra` (`--field-extra-keys x-secret`); this base class masks those fields in repr()
and str(), as the attrs models do. The value stays readable as an attribute and in model_dump(),
so a round trip is exact. Unknown fields (kept, as `extra="allow"`) with secret-looking names are
masked too, and so are secret-looking members at any depth of unknown data (the names of
`redact.SECRET_WORDS`, shared with the attrs models and the error excerpts). A `ValidationError`
never shows the input values (`hide_input_in_errors`): they may hold a client secret.

Every model's core schema goes through `pydantic_rules.wire_rules`, so the pydantic family accepts
and refuses exactly the JSON that the attrs family does (strict JSON types, `3600.0` as an integer,
new enum values kept, date-times read and written back as the attrs models do).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Generic, TypeVar, cast

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler, RootModel
from pydantic_core import CoreSchema

from oauth_clients._runtime.pydantic_rules import wire_rules
from oauth_clients._runtime.redact import looks_secret, mask_secret, masked_data


class _WireRules:
    """The attrs models' reading rules (`wire_rules`) on a pydantic model's core schema."""

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[BaseModel], handler: GetCoreSchemaHandler, /
    ) -> CoreSchema:
        """pydantic's schema of the model, with the attrs models' reading rules (`wire_rules`)."""
        return wire_rules(handler(source))  # type: ignore[no-any-return]


class SchemaModel(_WireRules, BaseModel):
    """pydantic.BaseModel whose repr() never shows a field marked `x-secret` in the spec."""

    model_config: ClassVar[ConfigDict] = ConfigDict(hide_input_in_errors=True)

    def __repr_args__(self) -> Iterable[tuple[str | None, Any]]:
        fields = type(self).model_fields
        for name, value in super().__repr_args__():
            field = fields.get(name) if name is not None else None
            extra = field.json_schema_extra if field is not None else None
            marked = isinstance(extra, dict) and cast("dict[str, object]", extra).get("x-secret") is True
            unknown_secret = field is None and name is not None and looks_secret(name)
            if marked or unknown_secret:
                yield name, _Masked(mask_secret(value))
            elif isinstance(value, dict | list):
                yield name, _Masked(repr(masked_data(value)))
            else:
                yield name, value


RootT = TypeVar("RootT")


class SchemaRootModel(_WireRules, RootModel[RootT], Generic[RootT]):
    """pydantic.RootModel with the attrs models' reading rules, as `SchemaModel` has them: the
    base of the generated root models (a named enum schema, a JSON Patch list)."""

    model_config: ClassVar[ConfigDict] = ConfigDict(hide_input_in_errors=True)


class _Masked(str):
    """Shown without quotes, so a masked value reads `client_secret=***`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)
