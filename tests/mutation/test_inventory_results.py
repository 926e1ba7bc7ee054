"""The result types word for word: a failure's one line (item 0 and an empty client ID are still
named), whether it was expected, an incomplete listing's line, and what a result and an inventory
call ok, incomplete, their records and failures, in order."""

from __future__ import annotations

import httpx
import pytest

from oauth_clients import slashid
from oauth_clients.errors import NotFoundError, ResponseDecodeError
from oauth_clients.inventory import (
    ClientRecord,
    Failure,
    IncompleteListing,
    InventoryResult,
    ProgressEvent,
    ProviderResult,
)

DECODE = ResponseDecodeError("list_oauth2_clients", 200, httpx.Headers(), b"[]", problem="not a listing")
BUG = RuntimeError("a bug")


def record(client_id: str, **fields) -> ClientRecord:
    return ClientRecord(provider="slashid", client_id=client_id, model=slashid.OAuth2Client(), **fields)


@pytest.mark.parametrize(
    ("failure", "line"),
    [
        (Failure("slashid", DECODE), f"slashid: ResponseDecodeError: {DECODE}"),
        (Failure("slashid", DECODE, account="eu"), f"slashid/eu: ResponseDecodeError: {DECODE}"),
        (Failure("slashid", DECODE, index=0), f"slashid item 0: ResponseDecodeError: {DECODE}"),
        (
            Failure("slashid", DECODE, "c1", index=3, account="eu"),
            f"slashid/eu item 3 client 'c1': ResponseDecodeError: {DECODE}",
        ),
        (Failure("launchdarkly", DECODE, ""), f"launchdarkly client '': ResponseDecodeError: {DECODE}"),
        (Failure("leegality", BUG), "leegality: unexpected RuntimeError: a bug"),
    ],
)
def test_a_failure_in_one_line(failure, line):
    assert str(failure) == line
    assert failure.expected is (failure.error is not BUG)


def test_an_http_failure_is_expected_and_a_bug_is_not():
    not_found = NotFoundError("get_oauth2_client", 404, httpx.Headers(), b"{}", problem="no such client")
    assert Failure("launchdarkly", not_found, "x").expected is True
    assert Failure("launchdarkly", ValueError("x"), "x").expected is False


def test_an_incomplete_listing_in_one_line():
    assert str(IncompleteListing(2, 5)) == "incomplete listing: 2 of 5 clients returned"


def result(provider="slashid", records=(), failures=(), account=None, incomplete=None) -> ProviderResult:
    return ProviderResult(provider, records, failures, 0.5, account=account, incomplete=incomplete)


def test_a_provider_result_is_ok_only_without_failures_and_complete():
    assert result().ok is True
    assert result(records=(record("a"),)).ok is True
    assert result(failures=(Failure("slashid", DECODE),)).ok is False
    assert result(incomplete=IncompleteListing(1, 2)).ok is False
    assert (result().label, result(account="eu").label) == ("slashid", "slashid/eu")


def test_an_inventory_result_gathers_its_results_in_order():
    a, b, c = record("a"), record("b"), record("c")
    one, two = Failure("slashid", DECODE, index=1), Failure("leegality", BUG)
    short = result(records=(a, b), failures=(one,), incomplete=IncompleteListing(3, 9))
    fine = result("leegality", records=(c,))
    broken = result("leegality", failures=(two,), account="x")
    inventory = InventoryResult((short, fine, broken))
    assert inventory.records == (a, b, c)
    assert inventory.failures == (one, two)
    assert inventory.incomplete == (short,)
    assert inventory.ok is False
    assert InventoryResult((fine,)).ok is True
    assert InventoryResult((fine, result(incomplete=IncompleteListing(0, 1)))).ok is False
    assert InventoryResult(()).ok is True  # nothing asked, nothing missing
    assert (InventoryResult((fine,)).incomplete, InventoryResult(()).records) == ((), ())


def test_a_progress_event_names_its_source_and_says_whether_it_finished():
    started = ProgressEvent("slashid", None, "eu")
    done = ProgressEvent("slashid", result(account="eu"), "eu")
    assert (started.label, started.finished) == ("slashid/eu", False)
    assert (done.label, done.finished) == ("slashid/eu", True)
    assert ProgressEvent("leegality", None).label == "leegality"
