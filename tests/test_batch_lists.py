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

from array import array
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
from budget import budget
from hypothesis import given
from hypothesis import strategies as st

from callwindow import Attempt, Consent, History, OptOut, Policy
from callwindow.batch import decide_batch, ingest
from callwindow.history import Suppression, SuppressionList
from callwindow.model import Purpose
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
    instant = st.sampled_from((AT, STALE_FROM - timedelta(minutes=1), STALE_FROM + timedelta(minutes=1))) | \
        st.integers(min_value=-2 * 86_400, max_value=40 * 86_400).map(lambda s: AT + timedelta(seconds=s))
    at: datetime | list[datetime] = draw(instant | st.lists(instant, min_size=size, max_size=size))
    channel: str | list[str] = draw(st.sampled_from(("call", "sms")) | st.lists(
        st.sampled_from(("call", "sms")), min_size=size, max_size=size))
    purpose: str | list[str] = draw(st.sampled_from(("sales", "service")) | st.lists(
        st.sampled_from(("sales", "service", "collection")), min_size=size, max_size=size))
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
