"""Prism servers for the contract suite, shared by every test of one pytest session.

`prism_fleet.static(provider)` is the base URL of a Prism serving the provider's spec from its
examples; the four start together on first use. `prism_fleet.dynamic(provider)` is one serving
responses generated from the schemas (`--dynamic`), started the first time a test asks for that
provider. Both run with `--errors`. At the end of the session every server is stopped and the
fixture fails if any Prism process is left; tools/prism.py's atexit hook stops those of a run
that ends another way.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.specs import providers

from tools.prism import PrismError, PrismServer


class PrismFleet:
    """One static and (on demand) one dynamic Prism per provider."""

    def __init__(self) -> None:
        self._specs = {p.name: p.spec_path for p in providers()}
        self._static: dict[str, PrismServer] = {}
        self._dynamic: dict[str, PrismServer] = {}
        self._failures: dict[tuple[str, bool], PrismError] = {}

    def static(self, provider: str) -> str:
        if not self._static:
            self._static = {name: PrismServer(spec) for name, spec in self._specs.items()}
            for name, server in self._static.items():
                self._launch(name, server)
            for name, server in self._static.items():
                self._ready(name, server)
        return self._url(provider, self._static[provider])

    def dynamic(self, provider: str) -> str:
        if provider not in self._dynamic:
            server = self._dynamic[provider] = PrismServer(self._specs[provider], dynamic=True)
            self._launch(provider, server)
            self._ready(provider, server)
        return self._url(provider, self._dynamic[provider])

    def _launch(self, provider: str, server: PrismServer) -> None:
        try:
            server.start()
        except PrismError as error:
            self._failures[(provider, server.dynamic)] = error

    def _ready(self, provider: str, server: PrismServer) -> None:
        if (provider, server.dynamic) in self._failures:
            return
        try:
            server.wait_ready()
        except PrismError as error:
            self._failures[(provider, server.dynamic)] = error

    def _url(self, provider: str, server: PrismServer) -> str:
        # A server that did not come up fails every test that needs it with the same message,
        # without trying again for each test.
        failure = self._failures.get((provider, server.dynamic))
        if failure is not None:
            raise PrismError(str(failure))
        return server.url

    def servers(self) -> list[PrismServer]:
        return [*self._static.values(), *self._dynamic.values()]

    def stop(self) -> list[PrismServer]:
        """Stop every server; the ones with a process still alive afterwards."""
        for server in self.servers():
            server.stop()
        return [server for server in self.servers() if server.is_alive()]


@pytest.fixture(scope="session")
def prism_fleet() -> Iterator[PrismFleet]:
    fleet = PrismFleet()
    yield fleet
    survivors = fleet.stop()
    assert not survivors, f"Prism processes survived the contract suite: {survivors}"
