"""Clear errors for features that need an optional extra."""

from __future__ import annotations

import importlib.util


def require_pydantic(module: str) -> None:
    """Raise an ImportError that names the extra, instead of pydantic's bare ModuleNotFoundError."""
    if importlib.util.find_spec("pydantic") is None:
        raise ImportError(
            f"{module} needs pydantic v2: install the extra with `pip install 'oauth-clients[pydantic]'`"
        )
