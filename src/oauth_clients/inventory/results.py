"""What `collect()` returns: records and failures per provider, and the progress events it emits."""

from __future__ import annotations

from dataclasses import dataclass

from oauth_clients.errors import OAuthClientsError
from oauth_clients.inventory.record import ClientRecord, ProviderName


@dataclass(frozen=True, slots=True)
class Failure:
    """A provider call that failed: a whole listing, or one client ID (LaunchDarkly)."""

    provider: ProviderName
    error: OAuthClientsError
    """The typed error (`AuthenticationError`, `ServerError`, `APITimeoutError`, ...)."""
    client_id: str | None = None
    """The client ID that was being fetched, or None for a listing."""

    def __str__(self) -> str:
        """One line: provider (and client ID), error class, and the error's message (no secrets)."""
        where = self.provider if self.client_id is None else f"{self.provider} client {self.client_id!r}"
        return f"{where}: {type(self.error).__name__}: {self.error}"


@dataclass(frozen=True, slots=True)
class ProviderResult:
    """The outcome of one source: its records and its failures, which may both be non-empty
    (LaunchDarkly keeps the clients it could fetch when another client ID fails)."""

    provider: ProviderName
    records: tuple[ClientRecord, ...]
    failures: tuple[Failure, ...]
    seconds: float
    """How long the fetch took."""

    @property
    def ok(self) -> bool:
        """Whether every call of this source answered."""
        return not self.failures


@dataclass(frozen=True, slots=True)
class InventoryResult:
    """Every source's result, in the order the sources were given."""

    results: tuple[ProviderResult, ...]

    @property
    def records(self) -> tuple[ClientRecord, ...]:
        """The records of every provider."""
        return tuple(record for result in self.results for record in result.records)

    @property
    def failures(self) -> tuple[Failure, ...]:
        """The failures of every provider."""
        return tuple(failure for result in self.results for failure in result.failures)

    @property
    def ok(self) -> bool:
        """Whether every provider answered every call."""
        return all(result.ok for result in self.results)


@dataclass(frozen=True, slots=True)
class ProgressEvent:
    """Sent to `collect()`'s progress callback when a source starts and when it finishes."""

    provider: ProviderName
    result: ProviderResult | None
    """None when the fetch starts; the source's result when it has finished."""

    @property
    def finished(self) -> bool:
        return self.result is not None


__all__ = ["Failure", "InventoryResult", "ProgressEvent", "ProviderResult"]
