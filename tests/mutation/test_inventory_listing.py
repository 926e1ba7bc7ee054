"""Reading a listing item by item: the narrowed error of an item keeps the facts of the response (status,
headers, request, attempts, cause), says what was wrong in words for every kind of exception an item
parser can raise, and logs a bug with its traceback; a client ID that is not a string names no
client; a parsed listing without its array of items is an empty listing."""

from __future__ import annotations

import dataclasses
import logging

import httpx
import pytest
from support.inventory import ORG_ID, providers_server
from support.server import Reply

from oauth_clients import leegality, loginradius, slashid
from oauth_clients._runtime.retry import RetryPolicy
from oauth_clients._runtime.shape import WrongShape
from oauth_clients.errors import ResponseDecodeError
from oauth_clients.inventory import LeegalitySource, LoginRadiusSource, SlashIDSource
from oauth_clients.inventory.sources import SLASHID_LISTING

GOOD = {"client_id": "good", "client_name": "Good"}
BAD = {"client_id": "bad", "grant_types": [5]}  # fails the typed parse of the listing


async def slashid_fetch(answer, **options):
    with providers_server(slashid=answer) as server:
        client = slashid.AuthenticatedClient("token", base_url=server.url, **options)
        async with client:
            return await SlashIDSource(client, org_id=ORG_ID).fetch(), server.url


async def test_an_items_error_keeps_the_status_headers_request_and_attempts_of_the_listing():
    answers = iter(
        [
            Reply(503, {"errors": [{"message": "try again"}]}),
            Reply(
                200,
                {"result": [GOOD, BAD, {"client_id": 7}]},
                {"Content-Type": "application/json", "X-Request-Id": "req-7"},
            ),
        ]
    )
    result, url = await slashid_fetch(lambda request: next(answers), retry=RetryPolicy(initial_backoff=0.01))
    assert [r.client_id for r in result.records] == ["good"]
    bad, seven = result.failures
    error = bad.error
    assert isinstance(error, ResponseDecodeError)
    assert (error.operation, error.status_code, error.attempts) == ("list_oauth2_clients", 200, 2)
    assert (error.request_id, error.headers["content-type"]) == ("req-7", "application/json")
    assert (error.request.method, error.request.url) == ("GET", f"{url}/oauth2/clients")
    assert (error.path, error.data) == ("result[1].grant_types[0]", BAD)
    assert error.problem == (
        "result[1].grant_types[0]: the item does not match the documented schema: "
        "expected a string, got an integer (OAuth2Client.grant_types[])"
    )
    assert str(error).startswith(f"list_oauth2_clients: HTTP 200: {error.problem} (after 2 attempts); body: ")
    assert isinstance(error.__cause__, WrongShape) and error.__cause__.where == "OAuth2Client.grant_types[]"
    # A client ID that is not a string names no client.
    assert (seven.index, seven.client_id) == (2, None)
    assert str(seven).startswith(
        "slashid item 2: ResponseDecodeError: list_oauth2_clients: HTTP 200: result[2]"
    )


@pytest.mark.parametrize(
    ("raised", "detail", "path"),
    [
        (WrongShape("expected a unicorn", "horn"), "expected a unicorn", "result[0].horn"),
        (
            WrongShape("expected a unicorn", "horn", where="Stable.horn"),
            "expected a unicorn (Stable.horn)",
            "result[0].horn",
        ),
        (
            ResponseDecodeError("inner", 200, httpx.Headers(), b"", problem="a nested body is not JSON"),
            "a nested body is not JSON",
            "result[0]",
        ),
        (KeyError("horn"), "KeyError: 'horn'", "result[0]"),
        (ValueError("no horn"), "ValueError: no horn", "result[0]"),
        (RuntimeError("a bug in a parser"), "unexpected RuntimeError: a bug in a parser", "result[0]"),
    ],
    ids=["shape", "shape with where", "decode error", "KeyError", "ValueError", "a bug"],
)
async def test_what_an_item_parser_raised_is_said_in_the_items_error(
    raised, detail, path, monkeypatch, caplog
):
    def item(value):
        raise raised

    monkeypatch.setattr(
        "oauth_clients.inventory.sources.SLASHID_LISTING", dataclasses.replace(SLASHID_LISTING, item=item)
    )
    caplog.set_level(logging.DEBUG, logger="oauth_clients")
    result, _ = await slashid_fetch(lambda request: Reply(200, {"result": [BAD]}))
    assert result.records == ()
    (failure,) = result.failures
    assert (failure.index, failure.client_id) == (0, "bad")
    assert failure.error.problem == f"{path}: the item does not match the documented schema: {detail}"
    assert (failure.error.path, failure.error.data) == (path, BAD)
    assert failure.error.__cause__ is raised
    logged = [r for r in caplog.records if r.name == "oauth_clients" and r.exc_info]
    if isinstance(raised, RuntimeError):  # a bug: logged with its traceback
        (record,) = logged
        assert record.levelno == logging.DEBUG and record.exc_info[1] is raised
        assert record.getMessage() == "list_oauth2_clients: reading result[0] raised"
    else:
        assert logged == []


@pytest.mark.parametrize(
    ("make", "body"),
    [
        (lambda url: LeegalitySource(leegality.AuthenticatedClient("token", base_url=url)), {"status": 1}),
        (lambda url: LoginRadiusSource(loginradius.AuthenticatedClient("token", base_url=url)), {}),
        (lambda url: SlashIDSource(slashid.AuthenticatedClient("token", base_url=url), org_id=ORG_ID), {}),
    ],
    ids=["leegality", "loginradius", "slashid"],
)
async def test_a_listing_without_its_array_of_items_is_empty_and_complete(make, body):
    def answer(request):
        return Reply(200, body)

    with providers_server(leegality=answer, loginradius=answer, slashid=answer) as server:
        source = make(server.url)
        async with source.client:
            result = await source.fetch()
    assert (result.records, result.failures, result.incomplete) == ((), (), None)
