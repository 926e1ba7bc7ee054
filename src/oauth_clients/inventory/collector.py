"""`collect()`: fetch every source concurrently and keep each provider's records and errors apart."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable

from oauth_clients.errors import OAuthClientsError
from oauth_clients.inventory.results import Failure, InventoryResult, ProgressEvent, ProviderResult
from oauth_clients.inventory.sources import Source

ProgressCallback = Callable[[ProgressEvent], None]


async def collect(sources: Iterable[Source], *, progress: ProgressCallback | None = None) -> InventoryResult:
    """Fetch every source at the same time and return each one's records and failures.

    A provider that fails (an `OAuthClientsError`: authentication, a 5xx, a timeout, a body of the
    wrong shape, ...) becomes a `Failure` in its own `ProviderResult`; the other providers' records
    are kept. Any other exception is a bug: it propagates in an `ExceptionGroup` (as from
    `asyncio.TaskGroup`), and the remaining fetches are cancelled.
    Each source's client is closed when every fetch has ended, whatever the outcome.

    Args:
        sources: one source per provider (or several, e.g. two SlashID organizations); a client
            shared by sources is closed once.
        progress: called with a `ProgressEvent` when each source starts and when it finishes.

    Returns:
        The results in the order of `sources`.
    """
    chosen = tuple(sources)
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(_fetch(source, progress)) for source in chosen]
    finally:
        clients = {id(source.client): source.client for source in chosen}
        for client in clients.values():
            await client.aclose()
    return InventoryResult(tuple(task.result() for task in tasks))


async def _fetch(source: Source, progress: ProgressCallback | None) -> ProviderResult:
    if progress is not None:
        progress(ProgressEvent(source.provider, None))
    started = time.perf_counter()
    try:
        records, failures = await source.fetch()
    except OAuthClientsError as error:
        records, failures = (), (Failure(source.provider, error),)
    result = ProviderResult(source.provider, records, failures, time.perf_counter() - started)
    if progress is not None:
        progress(ProgressEvent(source.provider, result))
    return result


__all__ = ["ProgressCallback", "collect"]
