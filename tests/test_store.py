"""The history store: ONE suite, run against both backends (SQLite and a real
PostgreSQL server).

PostgreSQL: CALLWINDOW_TEST_POSTGRES (default postgresql://postgres@127.0.0.1:5432/test).
If it does not answer, the set-up tries once to start the local cluster
(pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start); if
it still does not answer the PostgreSQL tests FAIL with how to start it. Each
test works in its own schema cw_test_<random>, dropped afterwards.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import store_helpers
from budget import budget
from hypothesis import given
from hypothesis import strategies as st
from store_helpers import BASE, postgres_base  # noqa: F401  (a fixture)

from callwindow import CallwindowError, InvalidInput, InvalidNumber, Policy
from callwindow.history import Attempt, Callback, Consent, ConvenienceAsk, History, OptOut, Outcome, e164
from callwindow.model import Channel, Purpose
from callwindow.store import HistoryStore, StoreError, default_db_path, open_store
from callwindow.store._records import LISTS_QUERY, READS, NumberKeys

NUMBER = "+13055550123"  # Miami, Florida
OTHER = "+33123456789"  # Paris
KEY = b"0123456789abcdef-test-key"
TESTS = Path(__file__).resolve().parent


class Backend:
    """Where one test's store lives: the backend's name and its target."""

    def __init__(self, name: str, target: str) -> None:
        self.name = name
        self.target = target

    def open(self, **options: Any) -> HistoryStore:
        return open_store(self.target, **options)

    def dump(self) -> bytes:
        return store_helpers.raw_dump(self.name, self.target)


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "sqlite":
        yield Backend("sqlite", str(tmp_path / "data" / "history.sqlite3"))
        return
    base = request.getfixturevalue("postgres_base")
    url, schema = store_helpers.create_schema(base)
    try:
        yield Backend("postgres", url)
    finally:
        store_helpers.drop_schema(base, schema)


@pytest.fixture
def store(backend: Backend) -> Iterator[HistoryStore]:
    opened = backend.open()
    yield opened
    opened.close()


def at(hours: float = 0.0) -> datetime:
    return BASE + timedelta(hours=hours)


def every_record(number: str = NUMBER) -> list[object]:
    return [
        Attempt.create(number, at(0), channel="call", purpose="sales", outcome="no_answer", subject="offer-1"),
        Attempt.create(number, at(1), channel="sms", purpose="collection", outcome="sent"),
        OptOut.create(number, at(2), channels=["sms"], purposes=["sales"], provenance="STOP by text"),
        OptOut.create(number, at(3)),
        Consent.create(number, at(4), channels=["call"], purposes=["service", "sales"],
                       expires_at=at(24 * 365), provenance="web form 2026-03-10"),
        Consent.create(number, at(5)),
        Callback.create(number, at(6), at(7), channel="call"),
        Callback.create(number, at(8)),
        ConvenienceAsk.create(number, at(9), reply="yes", replied_at=at(9.5)),
        ConvenienceAsk.create(number, at(10)),
    ]


def record(store: HistoryStore, item: object) -> int:
    method = {Attempt: store.record_attempt, OptOut: store.record_opt_out, Consent: store.record_consent,
              Callback: store.record_callback, ConvenienceAsk: store.record_ask}[type(item)]
    return method(item)  # type: ignore[operator]


# ------------------------------------------------------------ basics


def test_open_creates_the_latest_schema(backend: Backend) -> None:
    store = backend.open()
    assert isinstance(store, HistoryStore)
    store.close()
    rows = store_helpers.schema_rows(backend.name, backend.target)
    assert [version for version, _ in rows] == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    reopened = backend.open()  # idempotent: nothing applied twice
    reopened.close()
    assert store_helpers.schema_rows(backend.name, backend.target) == rows


def test_round_trip_of_every_record_type(store: HistoryStore) -> None:
    records = every_record()
    ids = [record(store, item) for item in records]
    assert all(isinstance(record_id, int) and record_id > 0 for record_id in ids)
    found = store.history(NUMBER)
    assert found == History(
        attempts=tuple(r for r in records if isinstance(r, Attempt)),
        opt_outs=tuple(r for r in records if isinstance(r, OptOut)),
        consents=tuple(r for r in records if isinstance(r, Consent)),
        callbacks=tuple(r for r in records if isinstance(r, Callback)),
        asks=tuple(r for r in records if isinstance(r, ConvenienceAsk)),
    )
    assert all(a.at.tzinfo is UTC for a in found.attempts)
    assert store.attempts_count(NUMBER) == 2


def test_instants_keep_microseconds_and_come_back_in_utc(store: HistoryStore) -> None:
    paris = timezone(timedelta(hours=1))
    moment = datetime(2026, 3, 10, 15, 0, 0, 123456, tzinfo=paris)
    store.record_attempt(Attempt.create(NUMBER, moment, outcome="answered"))
    (attempt,) = store.history(NUMBER).attempts
    assert attempt.at == moment and attempt.at.utcoffset() == timedelta(0)
    assert attempt.at == datetime(2026, 3, 10, 14, 0, 0, 123456, tzinfo=UTC)


def test_history_is_per_number_whatever_the_format(store: HistoryStore) -> None:
    for item in every_record(NUMBER) + every_record(OTHER):
        record(store, item)
    mine = store.history("+1 (305) 555-0123")
    assert {a.number for a in mine.attempts + mine.opt_outs + mine.consents + mine.callbacks + mine.asks} == {NUMBER}  # type: ignore[operator]
    assert len(mine.attempts) == 2 and len(mine.opt_outs) == 2 and len(mine.asks) == 2
    theirs = store.history(OTHER)
    assert {a.number for a in theirs.attempts} == {OTHER}
    assert store.history("+14155550100").is_empty()
    assert store.attempts_count(OTHER) == 2 and store.attempts_count("+14155550100") == 0


def test_history_sorts_attempts_by_time(store: HistoryStore) -> None:
    for hours in (5, 1, 3, 2, 4):
        store.record_attempt(Attempt.create(NUMBER, at(hours), outcome="no_answer", subject=f"h{hours}"))
    assert [a.subject for a in store.history(NUMBER).attempts] == ["h1", "h2", "h3", "h4", "h5"]


def test_since_limits_attempts_but_standing_records_always_come(store: HistoryStore) -> None:
    for hours in range(6):
        store.record_attempt(Attempt.create(NUMBER, at(hours), outcome="no_answer", subject=f"h{hours}"))
    store.record_opt_out(OptOut.create(NUMBER, at(-100), channels=["sms"]))
    store.record_consent(Consent.create(NUMBER, at(-200)))
    store.record_callback(Callback.create(NUMBER, at(-50)))
    store.record_ask(ConvenienceAsk.create(NUMBER, at(-10)))
    found = store.history(NUMBER, since=at(3))
    assert [a.subject for a in found.attempts] == ["h3", "h4", "h5"]  # at or after `since`
    assert len(found.opt_outs) == len(found.consents) == len(found.callbacks) == len(found.asks) == 1
    with_offset = store.history(NUMBER, since="2026-03-10T17:00:00+01:00")
    assert [a.subject for a in with_offset.attempts] == ["h2", "h3", "h4", "h5"]
    assert store.history(NUMBER, since=at(100)).attempts == ()


# ------------------------------------------------------------ many histories at once

RECORDED = [f"+1305555{index:04d}" for index in range(100, 118)] + ["+33123456789", "+442079460000"]
NEVER_RECORDED = [f"+1786555{index:04d}" for index in range(200, 208)] + ["+4930901820", "+81312345678"]
SPELLINGS = ["+1 (305) 555-0100", "+1 305 555 0117", "+33 1 23 45 67 89", "+1 786 555 0200"]  # of the above
PARIS = timezone(timedelta(hours=1))


@st.composite
def _a_record(draw: st.DrawFn) -> object:
    """Any record about one of RECORDED (often one of two), at one of 9 whole hours: ties on purpose
    (the store breaks them by id, i.e. in writing order)."""
    number = draw(st.one_of(st.sampled_from(RECORDED[:2]), st.sampled_from(RECORDED)))
    moment = at(draw(st.integers(-4, 4)))
    later = moment + timedelta(hours=draw(st.integers(1, 40)))
    channels = draw(st.frozensets(st.sampled_from(Channel), min_size=1))
    purposes = draw(st.frozensets(st.sampled_from(Purpose), min_size=1))
    provenance = draw(st.sampled_from(["", "STOP by text", "web form"]))
    kind = draw(st.sampled_from([Attempt, OptOut, Consent, Callback, ConvenienceAsk]))
    if kind is Attempt:
        return Attempt(number, moment, draw(st.sampled_from(Channel)), draw(st.sampled_from(Purpose)),
                       draw(st.sampled_from(Outcome)), draw(st.sampled_from([None, "offer-1", "offer-2"])))
    if kind is OptOut:
        return OptOut(number, moment, channels, purposes, provenance)
    if kind is Consent:
        return Consent(number, moment, channels, purposes, draw(st.sampled_from([None, later])), provenance)
    if kind is Callback:
        return Callback(number, moment, later, draw(st.sampled_from(Channel)))
    reply = draw(st.sampled_from([None, True, False]))
    return ConvenienceAsk(number, moment, reply, None if reply is None else later)


_SINCE = st.one_of(st.none(), st.integers(-5, 5).map(at),
                   st.integers(-5, 5).map(lambda hours: at(hours).astimezone(PARIS).isoformat()))
_ASKED = st.lists(st.one_of(st.sampled_from(RECORDED[:2]), st.sampled_from(RECORDED + NEVER_RECORDED + SPELLINGS)),
                  max_size=40)  # duplicates included


def _expected(records: list[object], number: str, since: datetime | str | None) -> History:
    """The history of `number` (E.164) from the records themselves, in the order they were written:
    attempts at or after `since`, every other record; each kind by time, ties in writing order."""
    start = None if since is None else (since if isinstance(since, datetime) else datetime.fromisoformat(since))

    def of(kind: type, when: str) -> tuple[Any, ...]:
        mine = [item for item in records if type(item) is kind and item.number == number]  # type: ignore[attr-defined]
        return tuple(sorted(mine, key=lambda item: getattr(item, when)))  # stable: ties stay in writing order

    attempts = tuple(a for a in of(Attempt, "at") if start is None or a.at >= start)
    return History(attempts, of(OptOut, "at"), of(Consent, "at"), of(Callback, "start"), of(ConvenienceAsk, "at"))


def test_record_many_is_one_transaction_all_or_nothing(backend: Backend) -> None:
    """An import of mixed records: ids in order, the same histories as one record at a time;
    a bad record anywhere means nothing is written."""
    records = [
        Attempt.create("+13055550123", BASE, outcome="no_answer"),
        OptOut.create("+13055550123", BASE + timedelta(minutes=5), channels=["sms"]),
        Consent.create("+493012345678", BASE),
        Attempt.create("+493012345678", BASE + timedelta(hours=1), outcome="answered"),
        Callback.create("+33123456789", BASE + timedelta(days=1)),
        ConvenienceAsk.create("+12125550188", BASE, reply="yes"),
    ]
    with backend.open() as store:  # type: ignore[attr-defined]
        ids = store.record_many(records)
        assert len(ids) == len(records) and store.record_many([]) == []
        attempt_ids = [ids[0], ids[3]]
        assert attempt_ids == sorted(attempt_ids)
        got = store.histories(["+13055550123", "+493012345678", "+33123456789", "+12125550188"])
        assert got["+13055550123"].attempts == (records[0],) and got["+13055550123"].opt_outs == (records[1],)
        assert got["+493012345678"].consents == (records[2],) and got["+493012345678"].attempts == (records[3],)
        assert got["+33123456789"].callbacks == (records[4],) and got["+12125550188"].asks == (records[5],)
        before = store.totals()
        with pytest.raises(InvalidInput):
            store.record_many([Attempt.create("+13055550123", BASE, outcome="no_answer"), "not a record"])
        with pytest.raises(InvalidInput):
            store.record_many([Attempt.create("+13055550123", BASE, outcome="no_answer"),
                               Attempt("+1", BASE, Channel.CALL, Purpose.SALES, Outcome.NO_ANSWER, None)])
        assert store.totals() == before


def test_histories_are_the_per_number_histories(backend: Backend) -> None:
    """Random records of every kind over 20 numbers, then histories(asked, since) for random lists
    (numbers never recorded, other spellings, duplicates, with and without since), and for all 34
    numbers and spellings, is exactly {number: history(number, since)}, and each equals the history
    computed from the records."""
    with backend.open() as store:  # type: ignore[attr-defined]

        @budget(50)
        @given(records=st.lists(_a_record(), max_size=30), queries=st.lists(st.tuples(_ASKED, _SINCE), min_size=1,
                                                                               max_size=3))
        def check(records: list[object], queries: list[tuple[list[str], datetime | str | None]]) -> None:
            store_helpers.clear_records(backend.name, backend.target)
            for item in records:
                record(store, item)
            for asked, since in queries + [(RECORDED + NEVER_RECORDED + SPELLINGS, since) for _, since in queries]:
                found = store.histories(asked, since)
                assert list(found) == list(dict.fromkeys(asked))  # every distinct number given, in order
                assert found == {number: store.history(number, since) for number in asked}
                for number in found:
                    assert found[number] == _expected(records, e164(number), since), number

        check()


def _many_numbers() -> list[str]:
    return [f"+1305555{index:04d}" for index in range(10_000)] + [f"+1786555{index:04d}" for index in range(2_000)]


def _records_for(numbers: list[str]) -> list[object]:
    """A few records for some of the numbers, and records for numbers nobody asks about."""
    records: list[object] = []
    for index, number in enumerate(numbers):
        if index % 3 == 0:
            records += [Attempt(number, at(index % 48 - 24), Channel.CALL, Purpose.SALES, Outcome.NO_ANSWER, "o1"),
                        Attempt(number, at(index % 48 - 25), Channel.SMS, Purpose.SALES, Outcome.SENT)]
        if index % 5 == 0:
            records.append(OptOut(number, at(-100), frozenset({Channel.SMS}), frozenset(Purpose), "STOP"))
        if index % 7 == 0:
            records.append(Consent(number, at(-200), provenance="web form"))
        if index % 11 == 0:
            records.append(Callback(number, at(30), at(31)))
        if index % 13 == 0:
            records.append(ConvenienceAsk(number, at(-3), True, at(-2)))
    records += [Attempt(f"+1212555{index:04d}", at(0), Channel.CALL, Purpose.SALES, Outcome.NO_ANSWER)
                for index in range(500)]
    return records


def test_a_read_is_as_wide_as_its_widest_table_on_sqlite_and_typed_wide_on_postgresql(backend: Backend) -> None:
    """store.reads: SQLite's one-statement read puts every table's columns right after the tag
    (a row as wide as the widest table: the cursor's description costs per column on every
    execute), PostgreSQL's gives each table its own typed range. Both read every record back."""
    with backend.open() as store:  # type: ignore[attr-defined]
        store.record_attempt(Attempt(NUMBER, datetime(2026, 11, 2, 15, tzinfo=UTC), Channel.CALL, Purpose.SALES,
                                     Outcome.NO_ANSWER))
        store.record_opt_out(OptOut(NUMBER, datetime(2026, 11, 3, 15, tzinfo=UTC), frozenset({Channel.SMS})))
        widths: list[int] = []
        read_all = store._read_all

        def measuring(queries: list[tuple[str, tuple[Any, ...]]]) -> list[list[Any]]:
            found = read_all(queries)
            widths.extend(len(row) for rows in found for row in rows)
            return found  # type: ignore[no-any-return]

        store._read_all = measuring
        found = store.history(NUMBER)
    assert len(found.attempts) == 1 and len(found.opt_outs) == 1 and found.opt_outs[0].channels == {Channel.SMS}
    # the widest shape: a table's number, columns and sort columns, or the lists' columns
    widest = max(*(2 + len(columns.split(",")) + len(order.split(",")) for columns, order in READS.values()),
                 len(LISTS_QUERY[0].split(" FROM ")[0].split(",")))
    every_column = sum(len(columns.split(",")) for columns, _ in READS.values())
    assert widths and len(set(widths)) == 1  # every branch of a UNION ALL has the same width
    if backend.name == "sqlite":
        assert widths[0] <= 1 + widest < every_column  # the tag, then the widest shape
    else:
        assert widths[0] > every_column  # each table its own range


def test_sqlite_reads_several_numbers_as_a_table_of_keys_with_the_same_records(tmp_path: Path) -> None:
    """A SQLite read of several numbers joins a table of their keys (one index search per number
    and table: no temporary index of the keys per table, as `number IN (?, ...)` builds), and
    reads exactly what the IN form reads - with the hint, without it (SQLite before 3.35), in
    chunks, in hashed mode - the lists and the pending claims included."""
    for hashed in (False, True):
        with open_store(str(tmp_path / f"h{hashed}.sqlite3"), hash_key=KEY if hashed else None) as store:
            _check_joined_reads(store)


def _check_joined_reads(store: Any) -> None:
    from callwindow.store.sqlite import SQLiteStore

    numbers = [f"+1305555{index:04d}" for index in range(40)]
    assert isinstance(store, SQLiteStore) and store.keys_table is not None
    store.record_many(_records_for(numbers))
    store.claim(numbers[4], lambda history: ("ok", Attempt(numbers[4], at(0), Channel.CALL, Purpose.SALES,
                                                           Outcome.NO_ANSWER)),
                expires_at=datetime.now(UTC) + timedelta(hours=1), result=lambda found, claim_id: found)
    statements: list[str] = []
    read_all = store._read_all

    def recording(queries: list[tuple[str, tuple[Any, ...]]]) -> list[list[Any]]:
        statements.extend(sql for sql, _ in queries)
        return read_all(queries)  # type: ignore[no-any-return]

    store._read_all = recording  # type: ignore[method-assign]
    asked = [*numbers, "+12125550000", "+33123456789"]
    joined = store.histories(asked, since=at(-10))
    assert statements and all(sql.startswith("WITH k(key) AS") for sql in statements)
    plan = [row[3] for row in store._conn.execute(f"EXPLAIN QUERY PLAN {statements[-1]}",
                                                  (None,) * statements[-1].count("?")).fetchall()]
    assert not any("LIST SUBQUERY" in step or "TEMP B-TREE" in step for step in plan), plan
    for table in READS:
        assert any(step.startswith(f"SEARCH {table} USING INDEX") for step in plan), (table, plan)
    for hint in ("", None):  # no hint (old SQLite); None: the IN form
        store.keys_table = hint
        for step in (store.numbers_per_query, 7):
            store.numbers_per_query = step
            assert store.histories(asked, since=at(-10)) == joined, (hint, step)
            assert store.histories(asked) == {number: store.history(number) for number in asked}
    assert joined[numbers[4]].attempts and joined[numbers[0]].opt_outs and joined[numbers[0]].consents
    assert joined[numbers[0]].callbacks and joined[numbers[0]].asks


def test_a_narrow_layout_is_for_untyped_columns_only() -> None:
    from callwindow.store.reads import Layout

    layout = Layout({"a": [("t", "x"), ("t", "y")], "b": [("u", "z")]}, narrow=True)
    assert layout.start == {"a": 1, "b": 1} and layout.stop == {"a": 3, "b": 2}
    assert layout.branch(1, "b", "z", "u", typed=False) == "SELECT 1, z, NULL FROM u"
    with pytest.raises(ValueError, match="SQLite only"):
        layout.branch(1, "b", "z", "u", typed=True)
    wide = Layout({"a": [("t", "x"), ("t", "y")], "b": [("u", "z")]})
    assert wide.start == {"a": 1, "b": 3}
    assert wide.branch(1, "b", "z", "u", typed=True) == "SELECT 1, (NULL::t).x, (NULL::t).y, z FROM u"


def test_histories_of_12000_numbers_read_in_chunks_in_one_snapshot(backend: Backend, record_property: Any) -> None:
    numbers = _many_numbers()
    records = _records_for(numbers)
    with backend.open() as store:  # type: ignore[attr-defined]
        store_helpers.insert_records(backend.name, backend.target, records)
        reads: list[list[str]] = []
        read_all = store._read_all

        def counting(queries: list[tuple[str, tuple[Any, ...]]]) -> list[list[Any]]:
            reads.append([sql for sql, _ in queries])
            return read_all(queries)  # type: ignore[no-any-return]

        store._read_all = counting
        started = time.perf_counter()
        found = store.histories(numbers)
        elapsed = time.perf_counter() - started
        chunks = math.ceil(len(numbers) / store.numbers_per_query)
        assert chunks > 1
        # one snapshot of one statement per chunk (store.reads: every table, the lists in the first)
        assert len(reads) == 1 and len(reads[0]) == chunks
        assert all(sql.count(" UNION ALL ") == len(READS) - 1 + (index == 0) for index, sql in enumerate(reads[0]))
        assert list(found) == numbers
        asked = set(numbers)
        for kind, field in ((Attempt, "attempts"), (OptOut, "opt_outs"), (Consent, "consents"),
                            (Callback, "callbacks"), (ConvenienceAsk, "asks")):
            assert sum(len(getattr(h, field)) for h in found.values()) == sum(
                1 for item in records if type(item) is kind and item.number in asked), field  # type: ignore[attr-defined]
        assert found[numbers[1]] == History()
        sample = numbers[::101] + numbers[-5:]
        started_each = time.perf_counter()
        each = {number: store.history(number) for number in sample}
        elapsed_each = (time.perf_counter() - started_each) / len(sample) * len(numbers)
        assert {number: found[number] for number in sample} == each
        assert all(found[number] == _expected(records, number, None) for number in sample[:40])
        since = store.histories(numbers, since=at(0))
        assert all(since[number] == store.history(number, since=at(0)) for number in sample)
    record_property("seconds", round(elapsed, 3))
    print(f"\n{backend.name}: histories() of {len(numbers)} numbers ({chunks} chunks) in {elapsed:.2f} s; "
          f"history() one by one would take ~{elapsed_each:.1f} s")


def test_histories_in_hashed_mode(backend: Backend) -> None:
    asked = ["+1 305 555 0123", OTHER, "+14155550100", NUMBER]
    with backend.open(hash_key=KEY) as store:  # type: ignore[attr-defined]
        for item in every_record(NUMBER) + every_record(OTHER):
            record(store, item)
        for since in (None, at(1)):
            found = store.histories(asked, since=since)
            assert found == {number: store.history(number, since=since) for number in asked}
            assert found["+1 305 555 0123"] == found[NUMBER] == _expected(every_record(NUMBER), NUMBER, since)
            assert found[OTHER] == _expected(every_record(OTHER), OTHER, since)
            assert found[OTHER].attempts[0].number == OTHER  # records carry the E.164, not the stored hash
            assert found["+14155550100"] == History()
        assert len(found[NUMBER].attempts) == 1 and len(found[NUMBER].opt_outs) == 2
        raw = backend.dump()
    assert NUMBER.encode() not in raw and OTHER.encode() not in raw


def test_histories_refuse_bad_input_naming_it_and_read_nothing(store: HistoryStore) -> None:
    store.record_attempt(Attempt.create(NUMBER, at(0), outcome="no_answer"))
    reads: list[object] = []
    read_all = store._read_all  # type: ignore[attr-defined]
    store._read_all = lambda queries: reads.append(queries) or read_all(queries)  # type: ignore[attr-defined]
    with pytest.raises(InvalidNumber, match=r"'\+1 555' is not a valid number") as caught:
        store.histories([NUMBER, OTHER, "+1 555", "+14155550100"])
    with pytest.raises(InvalidNumber) as alone:
        store.history("+1 555")
    assert str(caught.value) == str(alone.value)  # the same error as history()
    with pytest.raises(InvalidNumber, match="'0612345678' has no country code"):
        store.histories(["0612345678"])
    with pytest.raises(InvalidInput, match="number must be text"):
        store.histories([NUMBER, 13055550123])  # type: ignore[list-item]
    with pytest.raises(InvalidInput, match="since"):
        store.histories([NUMBER], since="last tuesday")
    with pytest.raises(InvalidInput, match="since"):
        store.histories([NUMBER], since=datetime(2026, 3, 10))
    with pytest.raises(InvalidInput, match="collection of numbers"):
        store.histories(NUMBER)  # a string is not a list of numbers
    assert reads == []  # refused before anything was read
    assert len(store.histories([NUMBER])[NUMBER].attempts) == 1 and len(reads) == 1


def test_histories_of_nothing_is_empty(store: HistoryStore) -> None:
    for item in every_record():
        record(store, item)
    reads: list[object] = []
    read_all = store._read_all  # type: ignore[attr-defined]
    store._read_all = lambda queries: reads.append(queries) or read_all(queries)  # type: ignore[attr-defined]
    assert store.histories([]) == {}
    assert store.histories(iter(())) == {}
    assert store.histories(set(), since=at(0)) == {}
    assert reads == []  # no query at all
    assert store.histories(n for n in [NUMBER]) == {NUMBER: store.history(NUMBER)}  # any iterable


def test_histories_never_mix_two_moments(backend: Backend) -> None:
    """A writer records, again and again, an attempt for the first number asked and then an opt-out
    for the last one; histories() reads them 500 queries apart (one number per query). Read at one
    moment, the last number never has more opt-outs than the first has attempts, nor one fewer."""
    numbers = [f"+1305555{index:04d}" for index in range(100)]
    first, last = numbers[0], numbers[-1]
    done = threading.Event()
    errors: list[BaseException] = []

    def write() -> None:
        try:
            with backend.open() as writer:  # type: ignore[attr-defined]
                for index in range(100):
                    writer.record_attempt(Attempt(first, at(index), Channel.CALL, Purpose.SALES, Outcome.NO_ANSWER))
                    writer.record_opt_out(OptOut(last, at(index)))
        except BaseException as error:
            errors.append(error)
        finally:
            done.set()

    with backend.open() as store:  # type: ignore[attr-defined]
        store.numbers_per_query = 1  # 100 chunks: 500 queries in one read
        thread = threading.Thread(target=write)
        thread.start()
        reads = 0
        while not done.is_set() or reads == 0:
            found = store.histories(numbers)
            reads += 1
            attempts, opt_outs = len(found[first].attempts), len(found[last].opt_outs)
            assert opt_outs <= attempts <= opt_outs + 1, f"read {reads}: {attempts} attempts, {opt_outs} opt-outs"
        thread.join()
        assert not errors, errors
        final = store.histories(numbers)
    assert len(final[first].attempts) == len(final[last].opt_outs) == 100
    print(f"\n{backend.name}: {reads} consistent reads while the writer wrote")


# ------------------------------------------------------------ bad input: clear error, nothing written


def _bad_records() -> list[tuple[str, object]]:
    good = Attempt.create(NUMBER, at(0), outcome="no_answer")
    return [
        ("unknown outcome", replace(good, outcome="hung_up")),  # type: ignore[arg-type]
        ("malformed instant", replace(good, at="yesterday-ish")),  # type: ignore[arg-type]
        ("instant without offset", replace(good, at=datetime(2026, 3, 10, 14, 0))),
        ("missing instant", replace(good, at=None)),  # type: ignore[arg-type]
        ("invalid number", replace(good, number="+1 555")),
        ("number without country code", replace(good, number="0612345678")),
        ("number not text", replace(good, number=13055550123)),  # type: ignore[arg-type]
        ("unknown channel", replace(good, channel="fax")),  # type: ignore[arg-type]
        ("unknown purpose", replace(good, purpose="spam")),  # type: ignore[arg-type]
        ("NUL in subject", replace(good, subject="a\x00b")),
        ("opt-out for no channel", OptOut(NUMBER, at(0), channels=frozenset())),
        ("opt-out for an unknown purpose", OptOut(NUMBER, at(0), purposes=frozenset({"spam"}))),  # type: ignore[arg-type]
        ("consent expiring before it starts", Consent(NUMBER, at(5), expires_at=at(4))),
        ("consent with a malformed expiry", Consent(NUMBER, at(5), expires_at="soon")),  # type: ignore[arg-type]
        ("callback ending before it starts", Callback(NUMBER, at(5), at(4))),
        ("callback on an unknown channel", Callback(NUMBER, at(5), at(6), channel="fax")),  # type: ignore[arg-type]
        ("ask with a reply that is not yes/no", ConvenienceAsk(NUMBER, at(0), reply="maybe")),  # type: ignore[arg-type]
        ("ask replied before it was asked", ConvenienceAsk(NUMBER, at(2), reply=True, replied_at=at(1))),
    ]


def test_bad_records_raise_a_clear_error_and_write_nothing(store: HistoryStore) -> None:
    for item in every_record():
        record(store, item)
    before = store.totals()  # type: ignore[attr-defined]
    for label, item in _bad_records():
        with pytest.raises(InvalidInput) as caught:
            record(store, item)
        message = str(caught.value)
        assert message and "Traceback" not in message, label
        assert isinstance(caught.value, CallwindowError) and isinstance(caught.value, ValueError)
    assert store.totals() == before  # type: ignore[attr-defined]
    assert store.attempts_count(NUMBER) == before["attempts"]


@pytest.mark.parametrize("label, make, expected", [
    ("unknown outcome", lambda: Attempt.create(NUMBER, at(0), outcome="hung_up"), "unknown outcome 'hung_up'"),
    ("malformed instant", lambda: Attempt.create(NUMBER, "10/03/2026 14:00", outcome="no_answer"), "malformed instant"),
    ("invalid number", lambda: Attempt.create("+1 555", at(0), outcome="no_answer"), "not a valid number"),
])
def test_bad_input_messages_name_the_problem(store: HistoryStore, label: str, make: Any, expected: str) -> None:
    with pytest.raises(InvalidInput, match=expected):
        store.record_attempt(make())
    assert store.totals() == dict.fromkeys(store.totals(), 0)  # type: ignore[attr-defined]


def test_store_errors_name_the_field(store: HistoryStore) -> None:
    good = Attempt.create(NUMBER, at(0), outcome="no_answer")
    with pytest.raises(InvalidInput, match="unknown outcome 'hung_up'"):
        store.record_attempt(replace(good, outcome="hung_up"))  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="attempt time: malformed instant"):
        store.record_attempt(replace(good, at="yesterday-ish"))  # type: ignore[arg-type]
    with pytest.raises(InvalidNumber, match="not a valid number"):
        store.record_attempt(replace(good, number="+1 555"))
    with pytest.raises(InvalidInput, match="expected an Attempt"):
        store.record_attempt(OptOut.create(NUMBER, at(0)))  # type: ignore[arg-type]
    assert store.attempts_count(NUMBER) == 0


def test_bad_queries_raise_clear_errors(store: HistoryStore) -> None:
    with pytest.raises(InvalidNumber):
        store.history("+1 555")
    with pytest.raises(InvalidInput, match="since"):
        store.history(NUMBER, since="last tuesday")
    with pytest.raises(InvalidInput, match="since"):
        store.history(NUMBER, since=datetime(2026, 3, 10))


def test_a_closed_store_says_so(backend: Backend) -> None:
    store = backend.open()
    store.close()
    store.close()  # twice is fine
    with pytest.raises(StoreError, match="closed"):
        store.record_attempt(Attempt.create(NUMBER, at(0), outcome="no_answer"))


def test_a_store_is_a_context_manager(backend: Backend) -> None:
    with backend.open() as store:  # type: ignore[attr-defined]
        store.record_attempt(Attempt.create(NUMBER, at(0), outcome="no_answer"))
    with backend.open() as store:  # type: ignore[attr-defined]
        assert store.attempts_count(NUMBER) == 1


# ------------------------------------------------------------ concurrency


WRITERS, EACH = 8, 50


def test_concurrent_processes_lose_and_double_count_nothing(backend: Backend, record_property: Any) -> None:
    """8 spawned processes open the (fresh) store at once, racing the
    migrations, then each records 50 attempts for the same number at once."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(WRITERS)
    workers = [
        context.Process(target=store_helpers.record_many, args=(backend.target, None, worker, EACH, barrier, NUMBER))
        for worker in range(WRITERS)
    ]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=300)
    elapsed = time.perf_counter() - started
    record_property("seconds", round(elapsed, 2))
    print(f"\n{backend.name}: {WRITERS} processes x {EACH} attempts in {elapsed:.2f} s (spawn included)")
    assert [worker.exitcode for worker in workers] == [0] * WRITERS
    conn = store_helpers.raw_connection(backend.name, backend.target)
    writers_in_id_order = [row[0].split("-")[0] for row in conn.execute("SELECT subject FROM attempts ORDER BY id")]
    conn.close()
    switches = sum(1 for a, b in zip(writers_in_id_order, writers_in_id_order[1:], strict=False) if a != b)
    print(f"{backend.name}: the commits switch writer {switches} times")  # >= 7; higher = more interleaved
    with backend.open() as store:  # type: ignore[attr-defined]
        assert store.attempts_count(NUMBER) == WRITERS * EACH
        attempts = store.history(NUMBER).attempts
    assert len(attempts) == WRITERS * EACH
    assert {a.subject for a in attempts} == {f"w{w}-{i}" for w in range(WRITERS) for i in range(EACH)}
    assert [a.at for a in attempts] == sorted(a.at for a in attempts)
    versions = [version for version, _ in store_helpers.schema_rows(backend.name, backend.target)]
    assert versions == [1, 2, 3, 4, 5, 6, 7, 8, 9]


def test_one_store_shared_by_threads(store: HistoryStore) -> None:
    errors: list[BaseException] = []
    ids: list[int] = []

    def write(worker: int) -> None:
        try:
            for index in range(EACH):
                ids.append(store.record_attempt(Attempt.create(NUMBER, at(worker + index / 100), outcome="no_answer",
                                                               subject=f"t{worker}-{index}")))
                if index % 10 == 0:
                    store.history(NUMBER)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=write, args=(worker,)) for worker in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(ids)) == WRITERS * EACH
    assert store.attempts_count(NUMBER) == WRITERS * EACH


# ------------------------------------------------------------ durability


def _child(backend: Backend, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", store_helpers.DURABLE_CHILD, backend.target, str(count), str(TESTS)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_an_acknowledged_write_survives_a_killed_process(backend: Backend) -> None:
    child = _child(backend, 1)
    line = child.stdout.readline()  # type: ignore[union-attr]
    os.kill(child.pid, signal.SIGKILL)  # at once: no close, no checkpoint, no exit handlers
    child.wait(timeout=30)
    assert line.strip() == "acknowledged", child.stderr.read()  # type: ignore[union-attr]
    assert child.returncode == -signal.SIGKILL
    with backend.open() as store:  # type: ignore[attr-defined]
        (attempt,) = store.history(NUMBER).attempts
    assert attempt.subject == "durable-0" and attempt.outcome is Outcome.CONVERSATION


def test_a_process_killed_while_writing_keeps_every_acknowledged_write(backend: Backend) -> None:
    """The child writes without pause; it is killed on the parent's reading
    its 25th acknowledgement, most likely in the middle of a later write.
    Every acknowledgement it managed to print (read to the end of the pipe)
    is in the store, and at most one more write (committed, not yet
    acknowledged) besides."""
    child = _child(backend, 0)
    acknowledged = []
    for line in child.stdout:  # type: ignore[union-attr]
        acknowledged.append(int(line.split()[1]))
        if len(acknowledged) == 25:
            os.kill(child.pid, signal.SIGKILL)
            break
    acknowledged.extend(int(line.split()[1]) for line in child.stdout)  # type: ignore[union-attr]
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL and len(acknowledged) >= 25, child.stderr.read()  # type: ignore[union-attr]
    assert acknowledged == list(range(len(acknowledged)))
    with backend.open() as store:  # type: ignore[attr-defined]
        subjects = [a.subject for a in store.history(NUMBER).attempts]
    assert subjects[:len(acknowledged)] == [f"durable-{index}" for index in acknowledged]
    assert len(subjects) - len(acknowledged) in (0, 1)  # the write in flight: there entirely or not at all


# ------------------------------------------------------------ migrations


def test_opening_an_old_database_migrates_it(backend: Backend) -> None:
    store_helpers.make_old_store(backend.name, backend.target, version=1)
    assert [v for v, _ in store_helpers.schema_rows(backend.name, backend.target)] == [1]
    with backend.open() as store:  # type: ignore[attr-defined]
        assert [v for v, _ in store_helpers.schema_rows(backend.name, backend.target)] == [1, 2, 3, 4, 5, 6, 7, 8, 9]
        (old,) = store.history(NUMBER).attempts  # the old row reads as before
        assert old == Attempt(NUMBER, BASE, Channel.CALL, Purpose.SALES, Outcome.NO_ANSWER, "old")
        store.record_ask(ConvenienceAsk.create(NUMBER, at(1), reply="no"))  # the table of migration 2
        assert store.history(NUMBER).asks[0].reply is False


def test_opening_a_version_2_database_applies_only_the_rest(backend: Backend) -> None:
    store_helpers.make_old_store(backend.name, backend.target, version=2)
    with backend.open():
        pass
    rows = store_helpers.schema_rows(backend.name, backend.target)
    assert [v for v, _ in rows] == [1, 2, 3, 4, 5, 6, 7, 8, 9]


def test_a_newer_schema_is_refused(backend: Backend) -> None:
    backend.open().close()
    store_helpers.set_schema_version(backend.name, backend.target, 99)
    with pytest.raises(StoreError, match="schema version 99, newer than this callwindow"):
        backend.open()


# ------------------------------------------------------------ privacy


def test_hashed_numbers_never_appear_in_plain(backend: Backend) -> None:
    with backend.open(hash_key=KEY) as store:  # type: ignore[attr-defined]
        for item in every_record(NUMBER) + every_record(OTHER):
            record(store, item)
        found = store.history("+1 305 555 0123")
        assert found.attempts[0].number == NUMBER  # records carry the queried E.164
        assert len(found.attempts) == 2 and len(found.opt_outs) == 2
        assert store.attempts_count(NUMBER) == 2
        raw = backend.dump()
    for plain in (NUMBER, OTHER):
        for form in (plain, plain[1:], plain[2:]):  # with and without + and country code
            assert form.encode() not in raw, f"{form} stored in plain text"
    assert NumberKeys(KEY).key(NUMBER).encode() in raw  # stored as HMAC-SHA256 hex
    if backend.name == "sqlite":  # and the closed file (checkpointed) too
        assert NUMBER.encode() not in Path(backend.target).read_bytes()


def test_plain_numbers_are_stored_as_e164(store: HistoryStore, backend: Backend) -> None:
    store.record_attempt(Attempt.create("+1 (305) 555-0123", at(0), outcome="no_answer"))
    assert NUMBER.encode() in backend.dump()


def test_the_hash_key_must_match(backend: Backend) -> None:
    with backend.open(hash_key=KEY) as store:  # type: ignore[attr-defined]
        store.record_attempt(Attempt.create(NUMBER, at(0), outcome="no_answer"))
    with pytest.raises(StoreError, match="different key"):
        backend.open(hash_key=b"another key, 16 bytes or more")
    with pytest.raises(StoreError, match="give its hash key"):
        backend.open()
    with backend.open(hash_key=KEY) as store:  # type: ignore[attr-defined]
        assert store.attempts_count(NUMBER) == 1


def test_a_plain_store_refuses_a_hash_key(backend: Backend) -> None:
    backend.open().close()
    with pytest.raises(StoreError, match="plain text"):
        backend.open(hash_key=KEY)


def test_an_old_plain_store_is_not_silently_hashed(backend: Backend) -> None:
    store_helpers.make_old_store(backend.name, backend.target, version=2)  # before the setting existed
    with pytest.raises(StoreError, match="plain text"):
        backend.open(hash_key=KEY)


@pytest.mark.parametrize("key", [b"", b"short", "short text"])
def test_a_weak_hash_key_is_refused(tmp_path: Path, key: Any) -> None:
    with pytest.raises(InvalidInput, match="at least 16 bytes"):
        open_store(str(tmp_path / "h.sqlite3"), hash_key=key)


# ------------------------------------------------------------ the decision on stored history


def test_fourth_sales_call_to_florida_within_24h_is_refused(store: HistoryStore) -> None:
    policy = Policy.default()
    first = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)  # Tue 10:00 in Miami (EDT)
    for minutes in (0, 30, 60):
        store.record_attempt(Attempt.create("+1 305 555 0123", first + timedelta(minutes=minutes),
                                            outcome="no_answer", subject="offer-1"))
    fourth = first + timedelta(minutes=90)  # 11:30 the same morning
    assert policy.check(NUMBER, fourth).allowed  # without history the time itself is fine
    decision = policy.check(NUMBER, fourth, history=store.history(NUMBER), subject="offer-1")
    assert not decision.allowed
    (cap,) = [reason for reason in decision.reasons if reason.code == "frequency_cap"]
    assert cap.rule.startswith("US-FL") and cap.rule == "US-FL.501-616.three-per-24h"
    assert "3 attempts in the last 24h" in cap.message
    frees = first + timedelta(hours=24)
    plain = policy.check(NUMBER, frees)  # the cap frees then, if the calling window is open then
    expected = frees if plain.allowed else plain.next_allowed_at
    assert decision.next_allowed_at == expected == datetime(2026, 3, 11, 14, 0, tzinfo=UTC)
    assert policy.check(NUMBER, expected, history=store.history(NUMBER), subject="offer-1").allowed
    # the cap counts per subject: another offer is not capped by these three
    assert policy.check(NUMBER, fourth, history=store.history(NUMBER), subject="offer-2").allowed


def test_opt_out_in_the_store_blocks(store: HistoryStore) -> None:
    store.record_opt_out(OptOut.create(NUMBER, at(-1), channels=["sms"], provenance="STOP"))
    history = store.history(NUMBER)
    assert Policy.default().check(NUMBER, at(0), channel="sms", history=history).action.value == "block"
    assert Policy.default().check(NUMBER, at(0), channel="call", history=history).allowed


# ------------------------------------------------------------ opening


def test_sqlite_is_safe_by_construction(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "history.sqlite3"
    with open_store(str(target)) as store:  # type: ignore[attr-defined]
        conn = store._conn  # type: ignore[attr-defined]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 10_000
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # personal data
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700


def test_sqlite_errors_are_store_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        open_store(str(tmp_path))
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        open_store(str(junk))


def test_postgres_scheme_alias_and_unreachable_server(postgres_base: str) -> None:  # noqa: F811
    alias = "postgres://" + postgres_base.split("://", 1)[1]
    url, schema = store_helpers.create_schema(alias)
    try:
        with open_store(url) as store:  # type: ignore[attr-defined]
            assert type(store).__name__ == "PostgresStore"
    finally:
        store_helpers.drop_schema(postgres_base, schema)
    with pytest.raises(StoreError, match="cannot connect to PostgreSQL.*pg_ctlcluster") as caught:
        open_store("postgresql://nobody:secret@127.0.0.1:1/none")
    assert "secret" not in str(caught.value)  # the password is never echoed


def test_postgres_without_a_schema_to_create_in(postgres_base: str) -> None:  # noqa: F811
    with pytest.raises(StoreError, match="no schema"):
        open_store(store_helpers.with_search_path(postgres_base, "cw_test_does_not_exist"))


def test_an_unreachable_test_server_fails_with_how_to_start_it() -> None:
    message = store_helpers.ensure_postgres("postgresql://postgres@127.0.0.1:1/test", retries=1,
                                            start_command="true")  # leave the real cluster alone here
    assert message is not None
    assert "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start" in message
    assert "CALLWINDOW_TEST_POSTGRES" in message and "127.0.0.1:1" in message


def test_default_db_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CALLWINDOW_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_db_path() == str(tmp_path / "callwindow" / "history.sqlite3")
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_db_path() == str(tmp_path / "home" / ".local" / "share" / "callwindow" / "history.sqlite3")
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_db_path() == str(tmp_path / "home" / ".local" / "share" / "callwindow" / "history.sqlite3")
    monkeypatch.setenv("CALLWINDOW_DB", "postgresql://db.example/crm")
    assert default_db_path() == "postgresql://db.example/crm"


def test_the_library_does_not_import_psycopg_for_sqlite(tmp_path: Path) -> None:
    code = ("import sys, callwindow.store as s; s.open_store(sys.argv[1]).close(); "
            "print('psycopg' in sys.modules, 'callwindow.store.postgres' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "h.sqlite3")], capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["False", "False"]


# ------------------------------------------------------------ the docs


def test_history_doc_lists_exactly_the_caps_in_the_data() -> None:
    import re

    from callwindow import load_all

    text = (TESTS.parent / "docs" / "history.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `([A-Z]{2}(?:-[A-Z0-9]+)?\.[A-Za-z0-9.-]+)` \|", text, flags=re.MULTILINE)
    jurisdictions, _ = load_all()
    shipped = [cap.id for jurisdiction in jurisdictions for cap in jurisdiction.caps]
    assert sorted(documented) == sorted(shipped), "update the cap table in docs/history.md"


def test_postgres_reconnects_when_the_server_drops_the_connection(postgres_base: str) -> None:  # noqa: F811
    import psycopg

    url, schema = store_helpers.create_schema(postgres_base)
    try:
        with open_store(url) as store:  # type: ignore[attr-defined]
            store.record_attempt(Attempt.create(NUMBER, at(0), outcome="no_answer"))
            with psycopg.connect(postgres_base, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (store._conn.info.backend_pid,))  # type: ignore[attr-defined]
            store.record_attempt(Attempt.create(NUMBER, at(1), outcome="no_answer"))  # on a new connection
            with psycopg.connect(postgres_base, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (store._conn.info.backend_pid,))  # type: ignore[attr-defined]
            assert store.attempts_count(NUMBER) == 2
    finally:
        store_helpers.drop_schema(postgres_base, schema)


def test_a_history_read_is_one_statement_rows_in_order(tmp_path: Path) -> None:
    """A history read is one SQL statement (store.reads: every READS table, the lists and the
    block lookups in one UNION ALL), with no BEGIN ... COMMIT around it; its rows come back
    unordered and are put in READS' order (time, then id) by the reader."""
    import sqlite3
    from datetime import date

    from callwindow.history import SuppressionList

    with open_store(str(tmp_path / "history.sqlite3")) as store:
        written = [Attempt.create(NUMBER, at(hours), outcome="no_answer") for hours in (5, -3, 1, 1, -7)]
        store.record_many([*written, OptOut.create(NUMBER, at(2)), OptOut.create(NUMBER, at(-1)),
                           Callback.create(NUMBER, at(9)), Callback.create(NUMBER, at(4))])
        store.import_suppression_list(SuppressionList("test-list", "US", date(2026, 3, 1), 31), ["+12125550123"])
        executed: list[str] = []
        connection: sqlite3.Connection = store._conn  # type: ignore[attr-defined]
        connection.set_trace_callback(executed.append)
        found = store.history(NUMBER)
        listed = store.history("+12125550123")
        connection.set_trace_callback(None)
    assert [sql.split(",")[0] for sql in executed] == ["SELECT 0", "SELECT 0"]  # two reads, one statement each
    assert all(sql.count("UNION ALL") == len(READS) + 1 for sql in executed)  # tables, lists, one lookup
    assert [a.at for a in found.attempts] == sorted(a.at for a in written)
    assert [o.at for o in found.opt_outs] == [at(-1), at(2)] and [c.start for c in found.callbacks] == [at(4), at(9)]
    assert [s.list.name for s in listed.suppressions] == ["test-list"] and not found.suppressions
