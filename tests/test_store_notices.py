"""A store that keeps numbers in plain text says so once (issue 13 item 6): a warning on the
`callwindow.store` logger the first time the store is opened without a hash key, and a line
on stderr when stderr is a terminal; never again for that store, never for a hashed store.
On SQLite and PostgreSQL."""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import store_helpers
from store_helpers import postgres_base  # noqa: F401  (a fixture)

from callwindow.store import open_store

KEY = b"a test key of at least 16 bytes"


@pytest.fixture(params=["sqlite", "postgres"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from store_helpers.store_target(request, tmp_path)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def notices(caplog: pytest.LogCaptureFixture) -> list[str]:
    found = [record.getMessage() for record in caplog.records if record.name == "callwindow.store"]
    caplog.clear()
    return found


def test_a_plain_store_says_so_once(target: str, caplog: pytest.LogCaptureFixture,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with caplog.at_level(logging.WARNING, logger="callwindow.store"):
        open_store(target).close()
        (said,) = notices(caplog)
        assert "plain text" in said and "hash key" in said and "once per store" in said
        assert terminal.getvalue() == said + "\n"  # one line on the terminal
        open_store(target).close()
        assert notices(caplog) == [] and terminal.getvalue().count("\n") == 1  # never twice


def test_a_hashed_store_and_a_pipe_are_quiet(target: str, caplog: pytest.LogCaptureFixture,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    pipe = io.StringIO()
    monkeypatch.setattr(sys, "stderr", pipe)
    with caplog.at_level(logging.WARNING, logger="callwindow.store"):
        open_store(target, hash_key=KEY).close()
        assert notices(caplog) == []
    assert pipe.getvalue() == ""


def test_not_a_terminal_the_log_still_has_it(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    pipe = io.StringIO()
    monkeypatch.setattr(sys, "stderr", pipe)
    with caplog.at_level(logging.WARNING, logger="callwindow.store"):
        open_store(str(tmp_path / "a.sqlite3")).close()
        assert len(notices(caplog)) == 1
    assert pipe.getvalue() == ""  # scripts and pipes are not interrupted
