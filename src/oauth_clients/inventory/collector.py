"""`collect()`: fetch every source concurrently and keep each source's records and errors apart."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable
from typing import Final

import httpx

from oauth_clients.errors import OAuthClientsError
from oauth_clients.inventory.record import source_label
from oauth_clients.inventory.results import Failure, Fetched, InventoryResult, ProgressEvent, ProviderResult
from oauth_clients.inventory.sources import Source

logger: logging.Logger = logging.getLogger("oauth_clients")

ProgressCallback = Callable[[ProgressEvent], None]

MAX_ACCOUNTS_PER_HOST: Final = 16
"""How many accounts of one API server (`base_url`'s host and port) are fetched at the same time; the others
wait their turn. Why: each account has its own connection pool, and a vendor counts requests per
client IP as well as per key; 16 open connections to one vendor is what a well-behaved script may
hold (a listing is one request per account; LaunchDarkly by client IDs adds at most
`LAUNCHDARKLY_CONCURRENCY` per account), and it still fetches a config of 50 accounts over the four
providers in one round."""


async def collect(sources: Iterable[Source], *, progress: ProgressCallback | None = None) -> InventoryResult:
    """Fetch every source at the same time and return each one's records, failures and completeness.

    A source that fails becomes a `Failure` in its own `ProviderResult`, whatever it raised: an
    `OAuthClientsError` (authentication, a 5xx, a timeout, a body of the wrong shape, ...) or, by a
    bug, any other exception (logged with its traceback at DEBUG on the `oauth_clients` logger;
    `Failure.expected` is False). The other sources' records are always kept; only cancellation
    and `BaseException`s such as `KeyboardInterrupt` propagate.
    Each source's client is closed when every fetch has ended, whatever the outcome.

    Args:
        sources: one source per provider account (several of one provider are fine, e.g. two
            SlashID organizations); a client shared by sources is closed once.
        progress: called with a `ProgressEvent` when each source starts and when it finishes.

    Returns:
        The results in the order of `sources`.
    """
    chosen = tuple(sources)
    hosts = {_host(source): asyncio.Semaphore(MAX_ACCOUNTS_PER_HOST) for source in chosen}
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(_fetch(source, progress, hosts[_host(source)])) for source in chosen]
    finally:
        clients = {id(source.client): source.client for source in chosen}
        for client in clients.values():
            await client.aclose()
    return InventoryResult(tuple(task.result() for task in tasks))


def _host(source: Source) -> tuple[str, int | None]:
    """The API server of a source: host and port of its `base_url` (two ports, two servers)."""
    url = httpx.URL(source.client.base_url)
    return url.host, url.port


async def _fetch(
    source: Source, progress: ProgressCallback | None, turn: asyncio.Semaphore
) -> ProviderResult:
    async with turn:
        return await _fetch_now(source, progress)


async def _fetch_now(source: Source, progress: ProgressCallback | None) -> ProviderResult:
    if progress is not None:
        progress(ProgressEvent(source.provider, None, source.account))
    started = time.perf_counter()
    try:
        fetched = await source.fetch()
    except OAuthClientsError as error:
        fetched = Fetched((), (Failure(source.provider, error, account=source.account),))
    except Exception as error:  # a bug costs its own source, never the others
        logger.debug("%s: fetch raised", source_label(source.provider, source.account), exc_info=error)
        fetched = Fetched((), (Failure(source.provider, error, account=source.account),))
    result = ProviderResult(
        source.provider,
        fetched.records,
        fetched.failures,
        time.perf_counter() - started,
        account=source.account,
        incomplete=fetched.incomplete,
    )
    if progress is not None:
        progress(ProgressEvent(source.provider, result, source.account))
    return result


__all__ = ["MAX_ACCOUNTS_PER_HOST", "ProgressCallback", "collect"]
