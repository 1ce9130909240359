"""Rows on do-not-call lists on the vector driver, against the single check (issue 13).

A row whose history holds list entries and nothing else is refused on arrays
(batch.engine._refuse_listed): the kernel's refusal is asked once per distinct
(lists, places, channel, purpose, UTC date, consent) and its answer shared by the rows
alike in those. Everything else - a list that does not govern the row, consent lifting
it, any other record (consent, opt-out, attempt) - goes through the kernel's per-row view.
Every answer must equal `Policy.check` with the same history, field by field. The two
sides use separate Policy objects (no shared compiled cache).
"""

from __future__ import annotations

import tempfile
from array import array
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import store_helpers
from budget import budget
from hypothesis import given
from hypothesis import strategies as st
from store_helpers import postgres_base  # noqa: F401  (a fixture)

from callwindow import Attempt, Consent, History, OptOut, Policy
from callwindow.batch import decide_batch, ingest
from callwindow.history import Relationship, Suppression, SuppressionList
from callwindow.model import Channel, Purpose
from callwindow.store import open_store

AT = datetime(2026, 11, 24, 20, tzinfo=UTC)  # 15:00 in New York: a sales call is otherwise allowed
US_DNC = SuppressionList("us-national", "US", date(2026, 11, 20), 31, source="https://telemarketing.donotcall.gov/")
STALE_FROM = datetime(2026, 12, 22, tzinfo=UTC)  # 2026-11-20 + 31 days: older than the law allows from this day
FLORIDA = SuppressionList("fl-internal", "US-FL", date(2026, 11, 1), 3650,
                          purposes=frozenset({Purpose.SALES, Purpose.SERVICE}))
LISTS = (
    US_DNC,
    SuppressionList("ca-dncl", "CA", date(2026, 10, 1), 31),  # stale from 2026-11-02
    SuppressionList("gb-tps", "GB", date(2026, 11, 23), 28, lifted_by_consent=False),
    FLORIDA,
)
NUMBERS = ("+12125550123", "+12125550199", "+13055550123", "+13055550188", "+14165550123", "+442079460958",
           "+33142685300", "+61412345678")
BATCH, REFERENCE = Policy.default(), Policy.default()
BATCH_LEGAL, REFERENCE_LEGAL = Policy.legal_minimum(), Policy.legal_minimum()


def _options(draw: Any, size: int) -> tuple[datetime | list[datetime], str | list[str], str | list[str]]:
    """A batch's instant, channel and purpose, each shared by the rows or one per row: around the
    asked instant and the day a list goes stale, both channels, the purposes lists govern."""
    instant = st.sampled_from((AT, STALE_FROM - timedelta(minutes=1), STALE_FROM + timedelta(minutes=1))) | \
        st.integers(min_value=-2 * 86_400, max_value=40 * 86_400).map(lambda s: AT + timedelta(seconds=s))
    at: datetime | list[datetime] = draw(instant | st.lists(instant, min_size=size, max_size=size))
    channel: str | list[str] = draw(st.sampled_from(("call", "sms")) | st.lists(
        st.sampled_from(("call", "sms")), min_size=size, max_size=size))
    purpose: str | list[str] = draw(st.sampled_from(("sales", "service")) | st.lists(
        st.sampled_from(("sales", "service", "collection")), min_size=size, max_size=size))
    return at, channel, purpose


def _assert_equal(history: History, numbers: list[str], at: datetime | list[datetime], channel: str | list[str],
                  purpose: str | list[str], consent: bool, policy: Policy = BATCH,
                  reference: Policy = REFERENCE) -> dict[str, float]:
    shared = isinstance(at, datetime)
    when = [at] * len(numbers) if isinstance(at, datetime) else at
    decided = decide_batch(
        ingest(numbers),
        at if shared else np.array([np.datetime64(moment.replace(tzinfo=None), "us") for moment in when]),
        channel=channel, purpose=purpose, policy=policy, history=history, consent=consent)
    channels = [channel] * len(numbers) if isinstance(channel, str) else channel
    purposes = [purpose] * len(numbers) if isinstance(purpose, str) else purpose
    for index, number in enumerate(numbers):
        expected = reference.check(number, when[index], history=history, channel=channels[index],
                                   purpose=purposes[index], consent=consent)
        got = decided.row(index)
        where = f"row {index}: {number} at {when[index]:%Y-%m-%d %H:%M} {channels[index]}/{purposes[index]}"
        assert got["action"] == expected.action.value, where
        assert got["next_allowed_at"] == expected.next_allowed_at, where
        assert got["window_closes_at"] == expected.window_closes_at, where
        assert set(decided.reasons(index)) == {reason.code for reason in expected.reasons}, where
    return decided.stats


@st.composite
def cases(draw: st.DrawFn) -> tuple[History, list[str], datetime | list[datetime], str | list[str], str | list[str],
                                    bool]:
    """Rows of a few numbers, some on lists, some with other records too; one shared instant or
    one per row, around the US list's staleness edge; shared or per-row channels and purposes."""
    on = draw(st.lists(st.tuples(st.sampled_from(NUMBERS), st.sampled_from(LISTS)), max_size=8))
    others = draw(st.lists(st.tuples(st.sampled_from(NUMBERS), st.sampled_from(("consent", "opt_out", "attempt"))),
                           max_size=2))
    consents = tuple(Consent.create(n, AT - timedelta(days=3)) for n, kind in others if kind == "consent")
    opt_outs = tuple(OptOut.create(n, AT - timedelta(days=2), channels=["call"]) for n, kind in others
                     if kind == "opt_out")
    attempts = tuple(Attempt.create(n, AT - timedelta(hours=2), outcome="no_answer") for n, kind in others
                     if kind == "attempt")
    history = History(attempts=attempts, opt_outs=opt_outs, consents=consents,
                      suppressions=tuple(Suppression(number, found) for number, found in on), lists=LISTS)
    size = draw(st.integers(min_value=1, max_value=12))
    numbers = draw(st.lists(st.sampled_from(NUMBERS), min_size=size, max_size=size))
    at, channel, purpose = _options(draw, size)
    return history, numbers, at, channel, purpose, draw(st.booleans())


@budget(120)
@given(case=cases())
def test_listed_rows_equal_the_single_check(
        case: tuple[History, list[str], datetime | list[datetime], str | list[str], str | list[str], bool]) -> None:
    _assert_equal(*case)


@budget(30)
@given(case=cases())
def test_listed_rows_equal_the_single_check_without_courtesy(
        case: tuple[History, list[str], datetime | list[datetime], str | list[str], str | list[str], bool]) -> None:
    _assert_equal(*case, policy=BATCH_LEGAL, reference=REFERENCE_LEGAL)


def test_listed_rows_are_refused_on_arrays() -> None:
    """Two hundred rows on the US list, one instant: refused without a per-row view, each with
    the list's reason only; a row on the list with a consent on record is read per row."""
    listed = [f"+1212555{index:04d}" for index in range(200)]
    consented = "+12125559999"
    history = History(consents=(Consent.create(consented, AT - timedelta(days=3)),),
                      suppressions=tuple(Suppression(number, US_DNC) for number in [*listed, consented]),
                      lists=(US_DNC,))
    numbers = [*listed, consented, "+12125558888"]
    stats = _assert_equal(history, numbers, AT, "call", "sales", False)
    assert stats["listed_rows"] == 200 and stats["history_rows"] == 1
    decided = decide_batch(ingest(numbers), AT, policy=BATCH, history=history)
    assert all(decided.reasons(index) == ("suppressed",) for index in range(200))
    assert decided.row(200)["action"] == "call" and decided.row(201)["action"] == "call"


def test_a_list_older_than_its_law_allows_is_read_per_day() -> None:
    """The same listed number a minute either side of the day its list grows too old, in one
    batch: the rows share the list but not the date, so each gets its own refusal."""
    number = "+12125550123"
    history = History(suppressions=(Suppression(number, US_DNC),), lists=(US_DNC,))
    when = [STALE_FROM - timedelta(minutes=1), STALE_FROM + timedelta(minutes=1)]
    _assert_equal(history, [number, number], when, "call", "sales", False)
    decided = decide_batch(ingest([number, number]),
                           np.array([np.datetime64(moment.replace(tzinfo=None), "us") for moment in when]),
                           policy=BATCH, history=history)
    assert decided.reasons(0) == ("suppressed",)
    assert set(decided.reasons(1)) == {"suppressed", "suppression_list_stale"}


def test_a_list_that_does_not_govern_the_row_leaves_it_to_the_kernel() -> None:
    """Service calls are not what the US list binds: its rows are decided as unlisted rows
    (through the per-row view, which finds nothing), the same as the single check."""
    number = "+12125550123"
    history = History(suppressions=(Suppression(number, US_DNC),), lists=(US_DNC,))
    stats = _assert_equal(history, [number, "+12125550199"], AT, "call", "service", False)
    assert stats["listed_rows"] == 0 and stats["history_rows"] == 1


def test_listed_rows_from_a_store_equal_the_single_check(tmp_path: Path) -> None:
    """The same through a SQLite store holding an imported list (the store's own reading of it)."""
    listed = [12125550100 + index for index in range(50)]
    numbers = [f"+{value}" for value in listed[::5]] + ["+12125559999", "+442079460958"]
    path = str(tmp_path / "lists.sqlite3")
    with open_store(path) as store:
        store.import_suppression_list(US_DNC, array("q", listed))
    with open_store(path) as store:
        decided = decide_batch(ingest(numbers), AT, policy=BATCH, history=store)
        for index, number in enumerate(numbers):
            expected = REFERENCE.check(number, AT, history=store.history(number))
            assert decided.row(index)["action"] == expected.action.value, number
            assert set(decided.reasons(index)) == {reason.code for reason in expected.reasons}, number
    assert decided.stats["listed_rows"] == 10
    assert [decided.row(index)["action"] for index in range(10)] == ["block"] * 10


# ---- a store's batch read (BaseStore.batch_histories): the numbers whose only records are list
# entries come as list signatures, not as History values; every answer must stay the single check's.

REGISTRY = SuppressionList("us-national", "US", date(2026, 11, 20), 31, lifted_by_relationship=True)
STORE_LISTS = (
    REGISTRY,
    FLORIDA,
    SuppressionList("ca-dncl", "CA", date(2026, 10, 1), 31, lifted_by_relationship=True),  # stale from 2026-11-02
    SuppressionList("gb-tps", "GB", date(2026, 11, 23), 28, lifted_by_consent=False),
)
WASHES = (  # wash results (their clear numbers are a list of their own): a number of their place in neither is refused
    SuppressionList("au-dncr", "AU", date(2026, 11, 20), 30, wash=True, lifted_by_relationship=True),
    SuppressionList("fr-bloctel", "FR", date(2026, 11, 20), 30, channels=frozenset({Channel.CALL}), wash=True,
                    lifted_by_relationship=True),
    SuppressionList("es-robinson", "ES", date(2026, 11, 20), 3650, channels=frozenset({Channel.CALL}), wash=True,
                    purposes=frozenset(Purpose), lifted_by_consent=False),
)
STORE_NUMBERS = ("+12125550123", "+12125550199", "+13055550123", "+13055550188", "+14165550123", "+442079460958",
                 "+61291234567", "+61291234568", "+33142685300", "+33142685301", "+34912345678", "+34912345679")


@st.composite
def stored_cases(draw: st.DrawFn) -> dict[str, Any]:
    """A store's lists (which numbers each holds; a wash result's registered and clear numbers),
    a few records (consents, opt-outs, business relationships, attempts) and rows around the
    stale edges of the lists, with per-row or shared options."""
    members = st.lists(st.sampled_from(STORE_NUMBERS), max_size=6, unique=True)
    lists = [(found, draw(members), None) for found in draw(st.lists(st.sampled_from(STORE_LISTS), unique=True,
                                                                     max_size=4))]
    lists += [(found, draw(members), draw(members)) for found in draw(st.lists(st.sampled_from(WASHES), unique=True,
                                                                           max_size=3))]
    kinds = st.sampled_from(("consent", "opt_out", "purchase", "inquiry", "attempt"))
    records = draw(st.lists(st.tuples(st.sampled_from(STORE_NUMBERS), kinds,
                                      st.integers(min_value=-600, max_value=2)), max_size=4))
    size = draw(st.integers(min_value=1, max_value=14))
    numbers = draw(st.lists(st.sampled_from(STORE_NUMBERS), min_size=size, max_size=size))
    at, channel, purpose = _options(draw, size)
    return {"lists": lists, "records": records, "numbers": numbers, "at": at, "channel": channel,
            "purpose": purpose, "consent": draw(st.booleans()), "warm": draw(st.booleans()),
            "hashed": draw(st.booleans())}


def _record(store: Any, number: str, kind: str, days: int) -> None:
    when = AT + timedelta(days=days)
    if kind == "consent":
        store.record_consent(Consent.create(number, when - timedelta(days=1)))
    elif kind == "opt_out":
        store.record_opt_out(OptOut.create(number, when - timedelta(days=1), channels=["call"]))
    elif kind == "attempt":
        store.record_attempt(Attempt.create(number, AT - timedelta(hours=2), outcome="no_answer"))
    else:
        store.record_relationship(Relationship.create(number, when, kind=kind))


def _filled_store(target: str, case: dict[str, Any]) -> Any:
    store = open_store(target, hash_key=b"a test hash key, 32 bytes long.." if case["hashed"] else None)
    for found, registered, clear in case["lists"]:
        store.import_suppression_list(found, registered, clear=clear)
    for number, kind, days in case["records"]:
        _record(store, number, kind, days)
    if case["warm"]:
        store.warm_reads = 0  # every list in memory: the vectorised lookup (else each number's block)
    return store


def _assert_store_rows_equal(target: str, case: dict[str, Any], policy: Policy, reference: Policy) -> None:
    numbers, at, channel, purpose = case["numbers"], case["at"], case["channel"], case["purpose"]
    with _filled_store(target, case) as store:
        when = [at] * len(numbers) if isinstance(at, datetime) else at
        decided = decide_batch(
            ingest(numbers),
            at if isinstance(at, datetime) else np.array([np.datetime64(m.replace(tzinfo=None), "us") for m in at]),
            channel=channel, purpose=purpose, policy=policy, history=store, consent=case["consent"])
        channels = [channel] * len(numbers) if isinstance(channel, str) else channel
        purposes = [purpose] * len(numbers) if isinstance(purpose, str) else purpose
        for index, number in enumerate(numbers):
            expected = reference.check(number, when[index], history=store.history(number), channel=channels[index],
                                       purpose=purposes[index], consent=case["consent"])
            got = decided.row(index)
            where = f"row {index}: {number} at {when[index]:%Y-%m-%d %H:%M} {channels[index]}/{purposes[index]}"
            assert got["action"] == expected.action.value, where
            assert got["next_allowed_at"] == expected.next_allowed_at, where
            assert got["window_closes_at"] == expected.window_closes_at, where
            assert set(decided.reasons(index)) == {reason.code for reason in expected.reasons}, where
        # the batch read, number by number, is what histories() reads
        read = store.batch_histories(numbers)
        every = store.histories(numbers)
        assert [read.history(position, number) for position, number in enumerate(numbers)] == \
            [every[number] for number in numbers]


@budget(40)
@given(case=stored_cases())
def test_rows_read_from_a_store_equal_the_single_check(case: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _assert_store_rows_equal(str(Path(folder) / "lists.sqlite3"), case, BATCH, REFERENCE)


@budget(15)
@given(case=stored_cases())
def test_rows_read_from_a_store_equal_the_single_check_without_courtesy(case: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _assert_store_rows_equal(str(Path(folder) / "lists.sqlite3"), case, BATCH_LEGAL, REFERENCE_LEGAL)


def test_rows_read_from_postgres_equal_the_single_check(postgres_base: str) -> None:  # noqa: F811
    """The same on PostgreSQL, a few fixed cases (a schema each): several lists, a stale one, wash
    results with clear numbers, consent, an opt-out and a relationship on listed numbers."""
    cases = [
        {"lists": [(REGISTRY, ["+12125550123", "+13055550123"], None), (FLORIDA, ["+13055550123"], None),
                   (STORE_LISTS[2], ["+14165550123"], None),
                   (WASHES[0], ["+61291234567"], ["+61291234568"]), (WASHES[1], ["+33142685300"], [])],
         "records": [("+12125550123", "purchase", -30), ("+13055550123", "opt_out", 0),
                     ("+61291234567", "consent", 0)],
         "numbers": list(STORE_NUMBERS), "at": AT, "channel": "call", "purpose": "sales", "consent": consent,
         "warm": warm, "hashed": False}
        for consent in (False, True) for warm in (False, True)
    ]
    for case in cases:
        url, schema = store_helpers.create_schema(postgres_base)
        try:
            _assert_store_rows_equal(url, case, BATCH, REFERENCE)
        finally:
            store_helpers.drop_schema(postgres_base, schema)


def test_listed_numbers_of_a_store_come_as_signatures_not_histories(tmp_path: Path) -> None:
    """Listed numbers without records are read as one list signature each (no History built), one
    with a record as its full History; 200 listed rows are refused on arrays, as with History values."""
    listed = [12125550100 + index for index in range(300)]
    path = str(tmp_path / "lists.sqlite3")
    with open_store(path) as store:
        store.import_suppression_list(REGISTRY, array("q", listed))
        store.import_suppression_list(FLORIDA, array("q", listed[::2]))
        store.record_consent(Consent.create("+12125550101", AT - timedelta(days=3)))
    numbers = [f"+{value}" for value in listed[:250]] + ["+12125559999"]
    with open_store(path) as store:
        store.warm_reads = 0  # type: ignore[attr-defined]
        read = store.batch_histories(numbers)
        assert list(read.recorded) == [1] and read.recorded[1].consents  # the consented one only
        names = [tuple(item.name for item in on) for on in read.signatures]
        assert sorted(names) == [("us-national",), ("us-national", "fl-internal")]
        both, one = names.index(("us-national", "fl-internal")), names.index(("us-national",))
        assert read.signature[0] == both == read.signature[2] and read.signature[3] == one
        assert read.signature[1] == -1 and read.signature[-1] == -1  # with a record; on no list
        decided = decide_batch(ingest(numbers), AT, policy=BATCH, history=store)
        assert decided.stats["listed_rows"] == 249 and decided.stats["history_rows"] == 1
        assert decided.row(1)["action"] == "call" and decided.reasons(0) == ("suppressed",)
        assert decided.row(250)["action"] == "call"


def test_the_list_command_s_reader_takes_the_batch_read(tmp_path: Path) -> None:
    """`can-i-call list` reads through cli.history.HistoryReader: its listed rows come as signatures
    too (the same decisions and stats as the store itself gives), and a store not made yet reads
    as nothing recorded, never as an error."""
    from callwindow.cli.history import HistoryReader

    listed = [12125550100 + index for index in range(50)]
    path = str(tmp_path / "lists.sqlite3")
    with open_store(path) as store:
        store.import_suppression_list(REGISTRY, array("q", listed))
    numbers = [f"+{value}" for value in listed[:40]] + ["+12125559999"]
    with open_store(path) as store:
        direct = decide_batch(ingest(numbers), AT, policy=BATCH, history=store)
    with HistoryReader(path, None) as reader:
        asked: list[int] = []
        read = reader.store.batch_histories  # type: ignore[union-attr]
        reader.store.batch_histories = lambda wanted: asked.append(len(wanted)) or read(wanted)  # type: ignore
        through = decide_batch(ingest(numbers), AT, policy=BATCH, history=reader)
    assert asked == [41]  # one batch read, not a History per listed number
    assert through.stats["listed_rows"] == direct.stats["listed_rows"] == 40
    assert [through.row(i) for i in range(41)] == [direct.row(i) for i in range(41)]
    with HistoryReader(str(tmp_path / "not-made.sqlite3"), None) as reader:
        empty = reader.batch_histories(numbers)
        assert not empty.recorded and list(empty.signature) == [-1] * 41
        assert decide_batch(ingest(numbers), AT, policy=BATCH, history=reader).row(0)["action"] == "call"


def test_more_lists_than_a_signature_mask_holds_are_read_through_held(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """With more lists than bits in the mask (suppression._SIGNATURE_BITS), the signatures come from
    held(): the same answers."""
    from callwindow.store import suppression

    path = str(tmp_path / "lists.sqlite3")
    case = {"lists": [(REGISTRY, ["+12125550123", "+13055550123"], None), (FLORIDA, ["+13055550123"], None),
                      (WASHES[0], ["+61291234567"], ["+61291234568"])],
            "records": [("+13055550188", "attempt", 0)], "numbers": list(STORE_NUMBERS) * 2, "at": AT,
            "channel": "call", "purpose": "sales", "consent": False, "warm": True, "hashed": False}
    _assert_store_rows_equal(path, case, BATCH, REFERENCE)
    monkeypatch.setattr(suppression, "_SIGNATURE_BITS", 1)
    _assert_store_rows_equal(str(tmp_path / "again.sqlite3"), case, BATCH, REFERENCE)
    with open_store(str(tmp_path / "again.sqlite3")) as store:
        store.warm_reads = 0  # type: ignore[attr-defined]
        read = store.batch_histories(list(STORE_NUMBERS))
        assert sorted(tuple((item.name, item.clear) for item in on) for on in read.signatures) == [
            (("au-dncr", False),), (("au-dncr", True),), (("us-national", False),),
            (("us-national", False), ("fl-internal", False))]
