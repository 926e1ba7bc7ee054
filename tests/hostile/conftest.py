"""Every hostile-server test also checks that the sentinel credential reached no output and no log.

The tests build their clients with `hostile_support.SENTINEL`; this fixture turns every logger up to
DEBUG (httpx, httpcore and ours at their most talkative) and searches what was printed and logged.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from hostile_support import leaks


@pytest.fixture(autouse=True)
def no_sentinel_anywhere(
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> Iterator[None]:
    caplog.set_level(logging.DEBUG)
    yield
    captured = capsys.readouterr()
    assert leaks(captured.out) == [] and leaks(captured.err) == [] and leaks(caplog.text) == []
