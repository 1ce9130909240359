"""The on-disk cache of parsed rule data (callwindow.rulecache): an entry is found only for the
same data digest and the same code, a damaged or unwritable cache is no cache, and the cached
rules equal the parsed ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from callwindow import rulecache
from callwindow.rules import _load_shipped, shipped_jurisdictions


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("CALLWINDOW_NO_CACHE", raising=False)
    return tmp_path / "callwindow"


def _counting(value: object) -> tuple[list[int], object]:
    calls: list[int] = []

    def build() -> object:
        calls.append(1)
        return value
    return calls, build


def test_a_second_run_reads_what_the_first_wrote(cache: Path) -> None:
    calls, build = _counting(("rules", 1))
    code = (rulecache.__file__,)
    assert rulecache.cached("demo", "digest-a", code, build) == ("rules", 1)
    assert rulecache.cached("demo", "digest-a", code, build) == ("rules", 1)
    assert calls == [1] and len(list(cache.glob("demo-*.pickle"))) == 1


def test_other_data_or_other_code_is_never_served_a_stale_entry(cache: Path, tmp_path: Path) -> None:
    calls, build = _counting("value")
    module = tmp_path / "module.py"
    module.write_text("x = 1\n")
    rulecache.cached("demo", "digest-a", (str(module),), build)
    rulecache.cached("demo", "digest-b", (str(module),), build)  # the data changed
    module.write_text("x = 22\n")  # the code changed (size and mtime)
    rulecache.cached("demo", "digest-a", (str(module),), build)
    assert calls == [1, 1, 1]


def test_a_damaged_cache_is_no_cache(cache: Path) -> None:
    calls, build = _counting([1, 2, 3])
    rulecache.cached("demo", "d", (), build)
    for entry in cache.glob("demo-*.pickle"):
        entry.write_bytes(b"\x80\x05not a pickle")
    assert rulecache.cached("demo", "d", (), build) == [1, 2, 3] and calls == [1, 1]


def test_an_unwritable_cache_costs_speed_not_the_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("the cache folder cannot be made under a file")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    calls, build = _counting("fresh")
    assert rulecache.cached("demo", "d", (), build) == "fresh"
    assert rulecache.cached("demo", "d", (), build) == "fresh" and calls == [1, 1]


def test_it_can_be_turned_off(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALLWINDOW_NO_CACHE", "1")
    calls, build = _counting("x")
    rulecache.cached("demo", "d", (), build)
    rulecache.cached("demo", "d", (), build)
    assert calls == [1, 1] and not cache.exists()


def test_the_cached_rules_equal_the_parsed_ones(cache: Path) -> None:
    shipped_jurisdictions.cache_clear()
    try:
        first = shipped_jurisdictions()  # parsed and written
        shipped_jurisdictions.cache_clear()
        second = shipped_jurisdictions()  # read back
    finally:
        shipped_jurisdictions.cache_clear()
    assert list(cache.glob("jurisdictions-*.pickle"))
    assert first == second == _load_shipped()
