"""TLS certificate verification is on unless the caller turns it off by name."""

from __future__ import annotations

import ssl

import pytest
from support.server import Reply, local_server

from oauth_clients import leegality
from oauth_clients.errors import APIConnectionError

BODY = {"data": []}


def test_an_unverifiable_certificate_is_refused_by_default(unsigned_certificate):
    context = unsigned_certificate.server_context
    with local_server(lambda request: Reply(200, BODY), tls=context) as server:
        client = leegality.AuthenticatedClient("token", base_url=server.url, retry=None)
        with pytest.raises(APIConnectionError, match="list_oauth2_clients: connection failed"):
            leegality.list_oauth2_clients.sync(client=client)
    assert server.requests == []  # the request never got past the handshake


def test_verification_is_off_only_when_asked_for(unsigned_certificate):
    context = unsigned_certificate.server_context
    with local_server(lambda request: Reply(200, BODY), tls=context) as server:
        client = leegality.AuthenticatedClient("token", base_url=server.url, verify=False, retry=None)
        assert leegality.list_oauth2_clients.sync(client=client).to_dict() == BODY


def test_a_custom_ca_is_accepted(unsigned_certificate):
    context, cert = unsigned_certificate.server_context, unsigned_certificate.certificate
    trusted = ssl.create_default_context(cafile=str(cert))
    with local_server(lambda request: Reply(200, BODY), tls=context) as server:
        client = leegality.AuthenticatedClient("token", base_url=server.url, verify=trusted, retry=None)
        assert leegality.list_oauth2_clients.sync(client=client).to_dict() == BODY


def test_verify_defaults_to_true():
    assert leegality.AuthenticatedClient("token").verify is True
