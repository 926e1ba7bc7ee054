"""The lazy re-export behind each `oauth_clients.<provider>` package (PEP 562)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Collection
from types import ModuleType
from typing import Any


def forwarding(
    namespace: dict[str, Any], generated: ModuleType, helpers: str = "", helper_names: Collection[str] = ()
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """`__getattr__` and `__dir__` for a package whose public names live in `generated` (and, for
    `helper_names`, in the hand-written module `helpers`), each loaded on first use and then kept in
    `namespace` (the package's globals), so the next access is a plain lookup."""

    def __getattr__(name: str) -> Any:
        source = importlib.import_module(helpers) if name in helper_names else generated
        value = getattr(source, name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *namespace["__all__"]})

    return __getattr__, __dir__
