"""Reading a provider's listing into records, item by item when the typed operation rejected it.

The typed operations are strict: one item that does not parse makes the whole listing a
`ResponseDecodeError`. That error carries the decoded JSON (`error.data`), so the inventory reads
the listing again here: the envelope with its items left out must parse (else the whole listing is lost,
as the error says), then every item is parsed on its own; an item that does not parse becomes a
`Failure` naming its position and, where readable, its client ID, and every other item a record.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar, cast

from oauth_clients import leegality
from oauth_clients._runtime.redact import NO_SECRETS
from oauth_clients._runtime.shape import WrongShape, json_path
from oauth_clients.errors import ResponseDecodeError
from oauth_clients.inventory.record import ClientRecord, ProviderName
from oauth_clients.inventory.results import Failure, Fetched, IncompleteListing

logger: logging.Logger = logging.getLogger("oauth_clients")

# What a generated `from_dict` raises on JSON of another shape; anything else is a bug (logged).
_SHAPE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError, ResponseDecodeError)

EnvelopeT = TypeVar("EnvelopeT")
ItemT = TypeVar("ItemT")
ItemT_contra = TypeVar("ItemT_contra", contravariant=True)


class Adapter(Protocol[ItemT_contra]):
    """An adapter of `oauth_clients.inventory.adapters`."""

    def __call__(self, model: ItemT_contra, *, account: str | None = None) -> ClientRecord:
        """The record of one provider model, labelled with the account it was read from."""
        ...


@dataclass(frozen=True, slots=True)
class Listing(Generic[EnvelopeT, ItemT]):
    """How one provider's listing is laid out, and how to read it."""

    provider: ProviderName
    items_key: str
    """The envelope's key holding the array of clients (`result`, `data`, `Data`)."""
    id_key: str
    """The key of an item's client ID, for naming an item that does not parse."""
    envelope: Callable[[Mapping[str, Any]], EnvelopeT]
    """The envelope model's `from_dict`."""
    item: Callable[[Any], ItemT]
    """The item model's `from_dict`."""
    items: Callable[[EnvelopeT], Sequence[ItemT] | leegality.Unset]
    """The parsed listing's items (UNSET when it has no array)."""
    adapt: Adapter[ItemT]
    """The provider's adapter (`oauth_clients.inventory.adapters`)."""
    total: Callable[[EnvelopeT], int | None]
    """How many items the listing's own metadata counts, or None when it does not say."""

    def read(self, listing: EnvelopeT, account: str | None) -> Fetched:
        """The records of a listing that the typed operation parsed."""
        items = self.items(listing)
        models: Sequence[ItemT] = () if isinstance(items, leegality.Unset) else items
        records = tuple(self.adapt(model, account=account) for model in models)
        return Fetched(records, (), incomplete(len(models), self.total(listing)))

    def salvage(self, error: ResponseDecodeError, account: str | None) -> Fetched:
        """The records of the items that parse and a failure per item that does not; `error` itself
        is raised again when the body is not a listing whose envelope parses."""
        data = error.data
        if not isinstance(data, Mapping):
            raise error
        body = cast("Mapping[str, Any]", data)
        found: object = body.get(self.items_key)
        if not isinstance(found, list):
            raise error
        items: list[Any] = found  # pyright: ignore[reportUnknownVariableType]  # items checked one by one
        try:  # the envelope with no items (an array the schema may require)
            envelope = self.envelope({**body, self.items_key: []})
        except _SHAPE_ERRORS:
            raise error from None
        records: list[ClientRecord] = []
        failures: list[Failure] = []
        for index, item in enumerate(items):
            client_id = _client_id(item, self.id_key)  # read first: a failed parse may consume the item
            try:
                model = self.item(item)
            except Exception as cause:  # one item's bug is that item's failure
                problem = _item_error(error, self.items_key, index, item, cause)
                failures.append(Failure(self.provider, problem, client_id, index=index, account=account))
                continue
            records.append(self.adapt(model, account=account))
        return Fetched(tuple(records), tuple(failures), incomplete(len(items), self.total(envelope)))


def incomplete(returned: int, total: int | None) -> IncompleteListing | None:
    """An `IncompleteListing` when the metadata counts more items than were returned."""
    if total is None or total <= returned:
        return None
    return IncompleteListing(returned, total)


def _item_error(
    error: ResponseDecodeError, items_key: str, index: int, item: object, cause: Exception
) -> ResponseDecodeError:
    """The error of one item: the listing's error, narrowed to the item `items_key[index]` (its
    `data` is the item, its `path` the JSON path from the body to the offending value)."""
    segments: list[str | int] = [items_key, index]
    if isinstance(cause, WrongShape):
        segments += reversed(cause.path)  # from the item down to the offending value
        detail = cause.problem + (f" ({cause.where})" if cause.where else "")
    elif isinstance(cause, ResponseDecodeError):
        detail = cause.problem
    elif isinstance(cause, _SHAPE_ERRORS):
        detail = f"{type(cause).__name__}: {cause}"
    else:
        logger.debug("%s: reading %s[%d] raised", error.operation, items_key, index, exc_info=cause)
        detail = f"unexpected {type(cause).__name__}: {cause}"
    path = json_path(segments)
    narrowed = ResponseDecodeError(
        error.operation,
        error.status_code,
        error.headers,
        error.body,
        problem=f"{path}: the item does not match the documented schema: {detail}",
        data=item,
        path=path,
        attempts=error.attempts,
        request=error.request,
        # The client's credential stays masked in the narrowed message and excerpt.
        redactor=getattr(error, "_redactor", NO_SECRETS),
    )
    narrowed.__cause__ = cause
    return narrowed


def _client_id(item: object, key: str) -> str | None:
    """The item's client ID when it is a non-empty string, else None."""
    if isinstance(item, Mapping):
        value = cast("Mapping[str, object]", item).get(key)
        if isinstance(value, str) and value:
            return value
    return None


__all__ = ["Adapter", "Listing", "incomplete"]
