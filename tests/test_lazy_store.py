"""The long-running server's store (store.lazy): opened once, never silently a new empty store
when its file goes; a read may trust the file for `recheck_after` seconds, a write never."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from callwindow.history import OptOut
from callwindow.store import MissingStore, open_store
from callwindow.store.lazy import LazyStore

NUMBER = "+13055550123"
HOUR = 3600.0


def _made(tmp_path: Path) -> str:
    path = tmp_path / "history.sqlite3"
    with open_store(str(path)) as store:
        store.record_opt_out(OptOut(NUMBER, datetime(2026, 11, 2, 15, tzinfo=UTC)))
    return str(path)


def _remove(path: str) -> None:
    for found in Path(path).parent.glob(Path(path).name + "*"):
        found.unlink()


def test_a_read_within_the_window_reads_the_data_as_it_was_and_a_write_never_trusts_it(tmp_path: Path) -> None:
    path = _made(tmp_path)
    lazy = LazyStore(path)
    assert len(lazy.get(recheck_after=HOUR).history(NUMBER).opt_outs) == 1  # found now: trusted for an hour
    _remove(path)
    # the connection still reads the removed file: the opt-out is there (never an empty history)
    assert len(lazy.get(recheck_after=HOUR).history(NUMBER).opt_outs) == 1
    with pytest.raises(MissingStore, match="missing"):
        lazy.get()  # what a write asks: looked for every time
    with pytest.raises(MissingStore, match="missing"):
        lazy.get(recheck_after=HOUR)  # once found missing, every read looks again
    assert not Path(path).exists()  # and nothing made a new file
    lazy.close()


def test_a_read_looks_again_once_the_window_has_passed(tmp_path: Path) -> None:
    path = _made(tmp_path)
    lazy = LazyStore(path)
    window = 0.02
    lazy.get(recheck_after=window)
    found_at = time.monotonic()
    _remove(path)
    while time.monotonic() - found_at <= window:  # the clock passing the window (no fixed sleep)
        time.sleep(0.001)
    with pytest.raises(MissingStore):
        lazy.get(recheck_after=window)
    lazy.close()


def test_a_file_put_at_the_store_path_since_is_refused_not_read_past(tmp_path: Path) -> None:
    """A restore or a new store at the same path: the open connection would keep reading the
    removed file and never see what is written to the new one (an opt-out recorded there)."""
    path = _made(tmp_path)
    lazy = LazyStore(path)
    assert len(lazy.get().history(NUMBER).opt_outs) == 1
    _remove(path)
    with open_store(path) as replacement:  # another process makes a new store at the path
        replacement.record_opt_out(OptOut("+12125550123", datetime(2026, 11, 3, 15, tzinfo=UTC)))
    with pytest.raises(MissingStore, match="replaced since it was opened"):
        lazy.get()
    with pytest.raises(MissingStore, match="replaced"):
        lazy.get(recheck_after=HOUR)  # a failed look makes every read look again
    lazy.close()
