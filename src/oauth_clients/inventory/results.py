"""What `collect()` returns: records, failures and incomplete listings per source, and the progress
events it emits."""

from __future__ import annotations

from dataclasses import dataclass

from oauth_clients.errors import OAuthClientsError
from oauth_clients.inventory.record import ClientRecord, ProviderName, source_label


@dataclass(frozen=True, slots=True)
class Failure:
    """What could not be read: a whole listing, one item of a listing, or one client ID (LaunchDarkly).

    The other items and providers are kept: one bad item costs that item only.
    """

    provider: ProviderName
    error: Exception
    """Normally an `OAuthClientsError` (`AuthenticationError`, `ServerError`, `APITimeoutError`,
    `ResponseDecodeError`, ...); any other exception is a bug (see `expected`)."""
    client_id: str | None = None
    """The client ID that was being fetched or read (where the item was readable), else None."""
    index: int | None = None
    """The position (from 0) of the item in the listing when one item could not be read, else None."""
    account: str | None = None
    """The source's account name (several accounts of one provider), else None."""

    @property
    def expected(self) -> bool:
        """False when the error is not an `OAuthClientsError`: a bug, logged with its traceback at
        DEBUG on the `oauth_clients` logger."""
        return isinstance(self.error, OAuthClientsError)

    def __str__(self) -> str:
        """One line: source, item and client ID, error class and the error's message."""
        where = source_label(self.provider, self.account)
        if self.index is not None:
            where += f" item {self.index}"
        if self.client_id is not None:
            where += f" client {self.client_id!r}"
        kind = type(self.error).__name__ if self.expected else f"unexpected {type(self.error).__name__}"
        return f"{where}: {kind}: {self.error}"


@dataclass(frozen=True, slots=True)
class IncompleteListing:
    """A listing whose own metadata counts more items than it returned (SlashID's `total_count`)."""

    returned: int
    """How many items the listing held (records and unreadable items together)."""
    total: int
    """How many items its metadata says there are."""

    def __str__(self) -> str:
        """`incomplete listing: 2 of 5 clients returned`."""
        return f"incomplete listing: {self.returned} of {self.total} clients returned"


@dataclass(frozen=True, slots=True)
class Fetched:
    """What a source's `fetch()` returns."""

    records: tuple[ClientRecord, ...]
    failures: tuple[Failure, ...] = ()
    """The items and client IDs that could not be read (the source kept going after them)."""
    incomplete: IncompleteListing | None = None
    """Set when the listing's metadata counts more items than it returned."""


@dataclass(frozen=True, slots=True)
class ProviderResult:
    """The outcome of one source: its records, its failures and whether its listing was complete.

    Records and failures may both be non-empty (a listing with one unreadable item; LaunchDarkly
    keeping the clients it could fetch when another client ID fails).
    """

    provider: ProviderName
    records: tuple[ClientRecord, ...]
    failures: tuple[Failure, ...]
    seconds: float
    """How long the fetch took."""
    account: str | None = None
    """The source's account name, or None."""
    incomplete: IncompleteListing | None = None
    """Set when the listing's own metadata counts more items than it returned."""

    @property
    def label(self) -> str:
        """The provider, or `provider/account` for a named account."""
        return source_label(self.provider, self.account)

    @property
    def ok(self) -> bool:
        """Whether every call answered, every item was read and the listing is complete."""
        return not self.failures and self.incomplete is None


@dataclass(frozen=True, slots=True)
class InventoryResult:
    """Every source's result, in the order the sources were given."""

    results: tuple[ProviderResult, ...]

    @property
    def records(self) -> tuple[ClientRecord, ...]:
        """The records of every source."""
        return tuple(record for result in self.results for record in result.records)

    @property
    def failures(self) -> tuple[Failure, ...]:
        """The failures of every source."""
        return tuple(failure for result in self.results for failure in result.failures)

    @property
    def incomplete(self) -> tuple[ProviderResult, ...]:
        """The results whose listing was incomplete (see `ProviderResult.incomplete`)."""
        return tuple(result for result in self.results if result.incomplete is not None)

    @property
    def ok(self) -> bool:
        """Whether every source answered every call, every item was read and no listing was cut short."""
        return all(result.ok for result in self.results)


@dataclass(frozen=True, slots=True)
class ProgressEvent:
    """Sent to `collect()`'s progress callback when a source starts and when it finishes."""

    provider: ProviderName
    result: ProviderResult | None
    """None when the fetch starts; the source's result when it has finished."""
    account: str | None = None
    """The source's account name, or None."""

    @property
    def label(self) -> str:
        """The provider, or `provider/account` for a named account."""
        return source_label(self.provider, self.account)

    @property
    def finished(self) -> bool:
        """Whether the source has finished (`result` is set)."""
        return self.result is not None


__all__ = ["Failure", "Fetched", "IncompleteListing", "InventoryResult", "ProgressEvent", "ProviderResult"]
