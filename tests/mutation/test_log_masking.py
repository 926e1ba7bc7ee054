"""The log filter that masks live clients' credentials, record by record: on every logger it is put
on, a record that holds a credential (in its message or its arguments) is emitted masked, with its
arguments dropped; any other record is emitted untouched; a dead client's credential is no longer
looked for; every record is emitted either way."""

from __future__ import annotations

import gc
import logging

import pytest

from oauth_clients._runtime.log_masking import LOGGERS, mask_in_logs
from oauth_clients._runtime.redact import Redactor

SECRET = "sk-live-0123456789abcdef"


class Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def kept() -> Kept:
    handler = Kept()
    loggers = [logging.getLogger(name) for name in LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    yield handler
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


def test_the_masked_loggers_are_those_of_httpx_httpcore_and_ours():
    assert LOGGERS == (
        "httpx",
        "httpcore.connection",
        "httpcore.http11",
        "httpcore.http2",
        "httpcore.proxy",
        "httpcore.socks",
        "oauth_clients",
    )


@pytest.mark.parametrize("name", LOGGERS)
def test_a_credential_in_a_record_of_each_logger_is_masked(name, kept):
    redactor = Redactor([SECRET])
    mask_in_logs(redactor)
    logging.getLogger(name).info("HTTP Request: GET %s %r", f"https://x.test/?key={SECRET}", 200)
    [record] = kept.records
    assert record.getMessage() == "HTTP Request: GET https://x.test/?key=*** 200"
    assert (record.msg, record.args) == ("HTTP Request: GET https://x.test/?key=*** 200", None)
    del redactor


def test_a_record_without_a_credential_keeps_its_message_and_arguments(kept):
    redactor = Redactor([SECRET])
    mask_in_logs(redactor)
    logging.getLogger("httpx").info("HTTP Request: %s %s", "GET", "https://x.test/")
    [record] = kept.records
    assert (record.msg, record.args) == ("HTTP Request: %s %s", ("GET", "https://x.test/"))
    del redactor


def test_the_credentials_of_every_live_client_are_masked(kept):
    first, second = Redactor([SECRET]), Redactor(["pk-other-9876543210"])
    mask_in_logs(first)
    mask_in_logs(second)
    logging.getLogger("oauth_clients").warning("a %s b %s", SECRET, "pk-other-9876543210")
    assert kept.records[0].getMessage() == "a *** b ***"
    del first, second


def test_a_dead_clients_credential_is_no_longer_looked_for(kept):
    mask_in_logs(Redactor(["pk-gone-55555555"]))
    gc.collect()
    logging.getLogger("oauth_clients").warning("value %s", "pk-gone-55555555")
    [record] = kept.records
    assert (record.msg, record.args) == ("value %s", ("pk-gone-55555555",))


def test_the_filter_is_put_on_each_logger_once():
    redactor = Redactor([SECRET])
    mask_in_logs(redactor)
    mask_in_logs(redactor)
    for name in LOGGERS:
        filters = logging.getLogger(name).filters
        assert len([f for f in filters if type(f).__name__ == "_MaskCredentials"]) == 1, name
    assert not any(type(f).__name__ == "_MaskCredentials" for f in logging.getLogger().filters)
    del redactor
