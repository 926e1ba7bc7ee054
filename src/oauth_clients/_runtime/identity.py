"""What the client says about itself: the package version and the default `User-Agent`.

`User-Agent: oauth-clients/<version> (<provider>) Python/<x.y> httpx/<version>` tells a vendor's
support (and our logs) which SDK, provider package, Python and httpx sent a request. The version is
read from the installed package's metadata once, when the first client builds its httpx client, so
that `import oauth_clients` stays cheap.
"""

from __future__ import annotations

import functools
import sys
from typing import Final

import httpx

DISTRIBUTION: Final = "oauth-clients"
"""The name of the package on PyPI (its metadata holds the version)."""

GENERATED_PACKAGE: Final = "oauth_clients_generated"
"""The package whose subpackages are the generated providers (`oauth_clients_generated.slashid`)."""


@functools.cache
def package_version() -> str:
    """The installed version of oauth-clients ("0+unknown" when it runs without being installed)."""
    import importlib.metadata  # noqa: PLC0415  # a few ms, paid by the first client's first call only

    try:
        return importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"


def provider_of(cls: type) -> str | None:
    """The provider whose generated package defines `cls` (`slashid` for
    `oauth_clients_generated.slashid.client.AuthenticatedClient`), or None for any other class."""
    package, _, rest = cls.__module__.partition(".")
    if package != GENERATED_PACKAGE or not rest:
        return None
    return rest.partition(".")[0]


def user_agent(provider: str | None) -> str:
    """The default `User-Agent` of a client of `provider` (None: the runtime used on its own)."""
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    named = f" ({provider})" if provider else ""
    return f"oauth-clients/{package_version()}{named} Python/{python} httpx/{httpx.__version__}"


HTTPX_USER_AGENT: Final = f"python-httpx/{httpx.__version__}"
"""The `User-Agent` that httpx sends unless told otherwise: a caller's httpx client that still has
it gets ours instead."""
