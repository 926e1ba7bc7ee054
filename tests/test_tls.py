"""TLS certificate verification is on unless the caller turns it off by name."""

from __future__ import annotations

import ssl
import subprocess

import pytest
from support.server import Reply, local_server

from oauth_clients import leegality
from oauth_clients.errors import APIConnectionError

BODY = {"data": []}


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory):
    """A certificate for 127.0.0.1 that no CA signed: (server context, certificate path)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context, cert


def test_an_unverifiable_certificate_is_refused_by_default(self_signed):
    context, _ = self_signed
    with local_server(lambda request: Reply(200, BODY), tls=context) as server:
        client = leegality.AuthenticatedClient("token", base_url=server.url, retry=None)
        with pytest.raises(APIConnectionError, match="list_oauth2_clients: connection failed"):
            leegality.list_oauth2_clients.sync(client=client)
    assert server.requests == []  # the request never got past the handshake


def test_verification_is_off_only_when_asked_for(self_signed):
    context, _ = self_signed
    with local_server(lambda request: Reply(200, BODY), tls=context) as server:
        client = leegality.AuthenticatedClient("token", base_url=server.url, verify=False, retry=None)
        assert leegality.list_oauth2_clients.sync(client=client).to_dict() == BODY


def test_a_custom_ca_is_accepted(self_signed):
    context, cert = self_signed
    trusted = ssl.create_default_context(cafile=str(cert))
    with local_server(lambda request: Reply(200, BODY), tls=context) as server:
        client = leegality.AuthenticatedClient("token", base_url=server.url, verify=trusted, retry=None)
        assert leegality.list_oauth2_clients.sync(client=client).to_dict() == BODY


def test_verify_defaults_to_true():
    assert leegality.AuthenticatedClient("token").verify is True
