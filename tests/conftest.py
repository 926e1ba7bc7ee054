import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # support.*
sys.path.append(str(Path(__file__).parent.parent))  # tools.prism, for the suites that run Prism

import pytest
from support.tls import SelfSigned, self_signed


@pytest.fixture(scope="session")
def unsigned_certificate(tmp_path_factory: pytest.TempPathFactory) -> SelfSigned:
    """A server-side TLS context (and its certificate) for 127.0.0.1 that no CA signed."""
    return self_signed(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def local_time_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process's local time zone set to one far from UTC (India, +05:30), then restored: for the
    tests that a date is converted to UTC (or read as UTC) whatever the machine's zone."""
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
