"""Prism's request validation is live: with raw httpx, a request the spec forbids (a required
header left out, a required body left out, the credential in the wrong header, a path or method
the spec does not have) is rejected, while the same request done right is not; and the guarded
typed clients turn such a rejection into a failing test instead of a documented error."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from prism_guard import TOKEN, PrismViolation, guarded_client, rejected
from support.calls import parameter_example, request_example
from support.specs import METHODS, load_spec, operations, pointer_get, providers

import oauth_clients

PROVIDERS = [p.name for p in providers()]


def resolved(provider: str, node: dict[str, Any]) -> dict[str, Any]:
    return pointer_get(load_spec(provider), node["$ref"]) if "$ref" in node else node


def auth_scheme(provider: str) -> dict[str, Any]:
    spec = load_spec(provider)
    (name,) = spec["security"][0]
    return spec["components"]["securitySchemes"][name]


def auth_header(provider: str) -> tuple[str, str]:
    """The header that carries the credential and its value, as the spec's security scheme says."""
    scheme = auth_scheme(provider)
    if scheme["type"] == "apiKey":
        assert scheme["in"] == "header"
        return scheme["name"], TOKEN
    assert (scheme["type"], scheme["scheme"].lower()) == ("http", "bearer")
    return "Authorization", f"Bearer {TOKEN}"


NO_BODY = object()
"""The body of a request that has none."""


@dataclass(frozen=True)
class RawOperation:
    """An operation as a raw request: method, path with its parameters filled in, the headers it
    needs (the credential and every required header parameter, with their examples), the body
    (the spec's request example, as JSON) and a method its path does not have."""

    provider: str
    operation_id: str
    method: str
    path: str
    required_headers: dict[str, str]
    body: Any
    body_required: bool
    other_method: str

    @property
    def id(self) -> str:
        return f"{self.provider}-{self.operation_id}"

    @property
    def headers(self) -> dict[str, str]:
        return dict([auth_header(self.provider)], **self.required_headers)

    def send(
        self, url: str, headers: dict[str, str], method: str | None = None, *, body: Any = None
    ) -> httpx.Response:
        """The request, with the operation's body unless `body` is given (NO_BODY: none)."""
        body = self.body if body is None else body
        content = {} if body is NO_BODY else {"json": body}
        with httpx.Client(base_url=url, timeout=10.0) as client:
            return client.request(method or self.method.upper(), self.path, headers=headers, **content)


def raw_operations() -> list[RawOperation]:
    found = []
    for provider in PROVIDERS:
        spec = load_spec(provider)
        for path, method, operation in operations(spec):
            parameters = [
                resolved(provider, p)
                for p in [*spec["paths"][path].get("parameters", []), *operation.get("parameters", [])]
            ]
            filled = path
            headers = {}
            for parameter in parameters:
                value = parameter_example(parameter) or f"placeholder-{parameter['name']}"
                if parameter["in"] == "path":
                    filled = filled.replace("{" + parameter["name"] + "}", str(value))
                elif parameter["in"] == "header" and parameter.get("required"):
                    headers[parameter["name"]] = str(value)
            operation_id = operation["operationId"]
            request_body = operation.get("requestBody")
            body = NO_BODY if request_body is None else request_example(provider, operation_id)
            required = bool(request_body and resolved(provider, request_body).get("required"))
            other = next(m for m in METHODS if m not in spec["paths"][path]).upper()
            found.append(RawOperation(provider, operation_id, method, filled, headers, body, required, other))
    return found


RAW = raw_operations()
WITH_REQUIRED_HEADERS = [(o, name) for o in RAW for name in o.required_headers]
BEARER = [o for o in RAW if auth_scheme(o.provider)["type"] == "http"]
WITH_REQUIRED_BODY = [o for o in RAW if o.body_required]


@pytest.mark.parametrize("operation", RAW, ids=[o.id for o in RAW])
def test_a_request_done_right_is_accepted(operation, prism_fleet):
    # The control for the tests below: Prism does not reject everything.
    response = operation.send(prism_fleet.static(operation.provider), operation.headers)
    assert not rejected(response), f"{response.headers} {response.text}"
    assert 200 <= response.status_code < 300


def test_the_specs_have_required_headers_to_leave_out():
    assert ("slashid", "SlashID-OrgID") in {(o.provider, name) for o, name in WITH_REQUIRED_HEADERS}


@pytest.mark.parametrize(
    ("operation", "header"), WITH_REQUIRED_HEADERS, ids=[f"{o.id}-{h}" for o, h in WITH_REQUIRED_HEADERS]
)
def test_a_missing_required_header_is_rejected(operation, header, prism_fleet):
    without = {k: v for k, v in operation.headers.items() if k != header}
    response = operation.send(prism_fleet.static(operation.provider), without)
    assert response.status_code == 400 and rejected(response)
    violations = json.loads(response.headers["sl-violations"])
    assert any(header.lower() in v["message"].lower() for v in violations), violations


def test_the_specs_have_required_bodies_to_leave_out():
    assert {o.provider for o in WITH_REQUIRED_BODY} == set(PROVIDERS)


@pytest.mark.parametrize("operation", WITH_REQUIRED_BODY, ids=[o.id for o in WITH_REQUIRED_BODY])
def test_a_missing_required_body_is_rejected(operation, prism_fleet):
    response = operation.send(prism_fleet.static(operation.provider), operation.headers, body=NO_BODY)
    # Prism answers 400, or 422 where the operation documents no 400.
    assert response.status_code in (400, 422) and rejected(response), response.headers
    problems = response.headers.get("sl-violations") or response.text
    assert "body parameter is required" in problems.lower(), problems


@pytest.mark.parametrize("operation", RAW, ids=[o.id for o in RAW])
def test_the_credential_in_the_wrong_header_is_rejected(operation, prism_fleet):
    wrong = {"X-Not-The-Auth-Header": auth_header(operation.provider)[1], **operation.required_headers}
    response = operation.send(prism_fleet.static(operation.provider), wrong)
    assert response.status_code == 401 and rejected(response), response.headers


@pytest.mark.parametrize("operation", BEARER, ids=[o.id for o in BEARER])
def test_a_bearer_token_without_its_scheme_is_rejected(operation, prism_fleet):
    bare = {"Authorization": TOKEN, **operation.required_headers}
    response = operation.send(prism_fleet.static(operation.provider), bare)
    assert response.status_code == 401 and rejected(response), response.headers


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_path_not_in_the_spec_is_rejected(provider, prism_fleet):
    with httpx.Client(base_url=prism_fleet.static(provider), timeout=10.0) as client:
        response = client.get("/not/in/the/spec", headers=dict([auth_header(provider)]))
    assert response.status_code == 404 and rejected(response)
    assert "NO_PATH_MATCHED" in response.json()["type"]


@pytest.mark.parametrize("operation", RAW, ids=[o.id for o in RAW])
def test_a_method_not_in_the_spec_is_rejected(operation, prism_fleet):
    response = operation.send(
        prism_fleet.static(operation.provider), operation.headers, operation.other_method
    )
    assert response.status_code == 405 and rejected(response)


# Typed-client calls that Prism must reject: (what is wrong, provider, operation, arguments,
# the provider whose Prism answers).
REJECTED_CALLS = [
    ("empty-required-header", "slashid", "list_oauth2_clients", {"org_id": ""}, "slashid"),
    # (An empty path parameter never reaches Prism: the client refuses it, tests/test_path_parameters.py.)
    ("path-of-another-vendor", "leegality", "list_oauth2_clients", {}, "slashid"),
]


@pytest.mark.parametrize(
    ("provider", "operation_id", "arguments", "server"),
    [call[1:] for call in REJECTED_CALLS],
    ids=[call[0] for call in REJECTED_CALLS],
)
async def test_the_guard_fails_a_typed_call_that_prism_rejects(
    provider, operation_id, arguments, server, prism_fleet
):
    operation = getattr(getattr(oauth_clients, provider), operation_id)
    url = prism_fleet.static(server)
    with guarded_client(provider, url) as client:
        for function in (operation.sync, operation.sync_detailed):
            with pytest.raises(PrismViolation, match=r"Prism rejected GET .* \(HTTP 4\d\d\)"):
                function(client=client, **arguments)
    async with guarded_client(provider, url) as client:
        for function in (operation.asyncio, operation.asyncio_detailed):
            with pytest.raises(PrismViolation, match=r"Prism rejected GET .* \(HTTP 4\d\d\)"):
                await function(client=client, **arguments)
