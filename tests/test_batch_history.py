"""Rows with contact history on the vector driver, against the single check.

The batch engine reads each recorded number's history with the kernel's view
(callwindow.kernel.contact_history) and decides the row on the array path in the
context the history gives: an opt-out blocks, recorded consent lifts the laws
consent lifts, a callback / redial / "yes" lifts courtesy, an S6 "no" or a
frequency cap holds the row until it frees, and a cap binding at a later start
moves the search on. Every answer must equal `Policy.check` with the same
history, field by field: action, next_allowed_at, window_closes_at, reason codes.
The two sides use separate Policy objects (no shared compiled cache).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from budget import budget
from hypothesis import given
from hypothesis import strategies as st

from callwindow import Attempt, History, OptOut, Policy
from callwindow.batch import decide_batch, ingest
from callwindow.history import Callback, Consent, ConvenienceAsk

# Numbers of places with caps, consent rules, block-effect rules and several zones.
NUMBERS = (
    "+13055550123",  # US-FL: 3 sales calls per 24 h, per person
    "+14105550123",  # US-MD
    "+16175550123",  # US-MA: collection caps
    "+12075550123",  # US-ME
    "+14165550123",  # CA-ON: cap after a conversation
    "+33142685300",  # FR: 30-day cap, refusal blocks 60 days
    "+4930123456",  # DE: consent required for sales
    "+74951234567",  # RU: calendar day / week / month caps
    "+97142345678",  # AE: caps after no answer, refusal blocks
    "+81312345678",  # JP: refusal blocks
    "+442079460958",  # GB
    "+61212345678",  # AU: 30-day and 7-day caps
    "+61412345678",  # AU mobile: several zones
    "+12125550123",  # US-NY
)
OUTCOMES = ("no_answer", "voicemail", "answered", "conversation", "refused", "dropped", "sent")
CHANNELS = ("call", "sms")
PURPOSES = ("sales", "service", "collection", "personal")
BASE = datetime(2026, 11, 24, 15, tzinfo=UTC)

BATCH_POLICY, REFERENCE = Policy.default(), Policy.default()
BATCH_LEGAL, REFERENCE_LEGAL = Policy.legal_minimum(), Policy.legal_minimum()

def _history(pool: list[str]) -> st.SearchStrategy[History]:
    """Records about the numbers of `pool`, in the days around BASE."""
    numbers = st.sampled_from(pool)
    when = st.integers(min_value=-3 * 86_400, max_value=86_400).map(lambda s: BASE + timedelta(seconds=s))
    attempts = st.builds(
        lambda number, at, channel, purpose, outcome, subject: Attempt.create(
            number, at, channel=channel, purpose=purpose, outcome=outcome, subject=subject),
        numbers, when, st.sampled_from(CHANNELS), st.sampled_from(PURPOSES), st.sampled_from(OUTCOMES),
        st.sampled_from((None, "debt-1", "debt-2")),
    )
    channel_sets = st.sets(st.sampled_from(CHANNELS), min_size=1).map(sorted)
    purpose_sets = st.sets(st.sampled_from(PURPOSES), min_size=1).map(sorted)
    opt_outs = st.builds(lambda n, at, c, p: OptOut.create(n, at, channels=c, purposes=p),
                         numbers, when, channel_sets, purpose_sets)
    consents = st.builds(lambda n, at, c, p: Consent.create(n, at, channels=c, purposes=p),
                         numbers, when, channel_sets, purpose_sets)
    callbacks = st.builds(lambda n, at, minutes: Callback.create(n, at, at + timedelta(minutes=minutes)),
                          numbers, when, st.integers(min_value=5, max_value=240))
    asks = st.builds(lambda n, at, reply, later: ConvenienceAsk.create(
                         n, at, reply=reply, replied_at=at + timedelta(minutes=later) if reply is not None else None),
                     numbers, when, st.sampled_from((None, True, False)), st.integers(min_value=0, max_value=90))
    return st.builds(
        lambda a, o, c, cb, k: History(tuple(a), tuple(o), tuple(c), tuple(cb), tuple(k)),
        st.lists(attempts, max_size=30), st.lists(opt_outs, max_size=1), st.lists(consents, max_size=2),
        st.lists(callbacks, max_size=2), st.lists(asks, max_size=3),
    )


def _record_times(history: History) -> list[datetime]:
    return ([a.at for a in history.attempts] + [c.start for c in history.callbacks]
            + [a.replied_at or a.at for a in history.asks] + [c.at for c in history.consents])


@st.composite
def cases(draw: st.DrawFn) -> tuple[History, list[tuple[str, datetime, str, str, str]]]:
    """A history about a few numbers, and rows about the same numbers at instants near BASE or
    just after one of the records (a dropped call, a callback, a reply: the lifts of S6, S10, S11)."""
    pool = draw(st.lists(st.sampled_from(NUMBERS), min_size=1, max_size=3, unique=True))
    history = draw(_history(pool))
    times = _record_times(history)
    instant = st.integers(min_value=-86_400, max_value=2 * 86_400).map(lambda s: BASE + timedelta(seconds=s))
    if times:
        instant = st.one_of(instant, st.builds(lambda t, m: t + timedelta(minutes=m), st.sampled_from(times),
                                               st.integers(min_value=0, max_value=20)))
    table = draw(st.lists(st.tuples(st.sampled_from(pool), instant, st.sampled_from(CHANNELS),
                                    st.sampled_from(PURPOSES), st.sampled_from(("consumer", "business"))),
                          min_size=1, max_size=12))
    return history, table


def _assert_equal(batch_policy: Policy, reference: Policy, history: History, table: list[tuple[str, datetime, str,
                  str, str]], subject: str | None) -> None:
    decided = decide_batch(
        ingest([row[0] for row in table]),
        np.array([np.datetime64(row[1].replace(tzinfo=None), "us") for row in table]),
        channel=[row[2] for row in table], purpose=[row[3] for row in table], contact=[row[4] for row in table],
        policy=batch_policy, history=history, subject=subject,
    )
    for index, (number, at, channel, purpose, contact) in enumerate(table):
        expected = reference.check(number, at, history=history, channel=channel, purpose=purpose, contact=contact,
                                   subject=subject)
        got = decided.row(index)
        where = f"row {index}: {number} at {at:%Y-%m-%d %H:%M:%S} {channel}/{purpose}/{contact}"
        assert got["action"] == expected.action.value, where
        assert got["next_allowed_at"] == expected.next_allowed_at, where
        assert got["window_closes_at"] == expected.window_closes_at, where
        assert set(decided.reasons(index)) == {reason.code for reason in expected.reasons}, where


@budget(200)
@given(case=cases(), subject=st.sampled_from((None, "debt-1")))
def test_rows_with_history_equal_the_single_check(case: tuple[History, list[tuple[str, datetime, str, str, str]]],
                                                 subject: str | None) -> None:
    _assert_equal(BATCH_POLICY, REFERENCE, *case, subject)


@budget(60)
@given(case=cases())
def test_rows_with_history_equal_the_single_check_without_courtesy(
        case: tuple[History, list[tuple[str, datetime, str, str, str]]]) -> None:
    _assert_equal(BATCH_LEGAL, REFERENCE_LEGAL, *case, None)


def _florida_history(count: int) -> History:
    number = "+13055550123"
    return History(tuple(Attempt.create(number, BASE - timedelta(hours=1 + index), outcome="no_answer")
                         for index in range(count)))


@pytest.mark.parametrize("hours, capped", [(0, True), (3, True), (20, True), (21, False), (23, False)])
def test_a_capped_number_defers_until_the_cap_frees(hours: int, capped: bool) -> None:
    """Sales calls 1, 2 and 3 h before BASE to a Florida number (3 per 24 h): held until
    the oldest (BASE - 3 h) is 24 h old, at BASE + 21 h."""
    history = _florida_history(3)
    at = BASE + timedelta(hours=hours)
    table = [("+13055550123", at, "call", "sales", "consumer")]
    _assert_equal(BATCH_POLICY, REFERENCE, history, table, None)
    decided = decide_batch(ingest(["+13055550123"]), at, policy=BATCH_POLICY, history=history)
    assert ("frequency_cap" in decided.reasons(0)) is capped
    if capped:
        assert decided.row(0)["action"] != "call"
        assert decided.row(0)["next_allowed_at"] >= BASE + timedelta(hours=21)


def test_the_same_shared_instant_path_reads_history() -> None:
    """One instant for every row (the per-group path) still reads each row's history."""
    history = History(_florida_history(3).attempts, (OptOut.create("+442079460958", BASE - timedelta(days=1)),))
    table = [(number, BASE, "call", "sales", "consumer") for number in ("+13055550123", "+442079460958",
                                                                        "+12125550123")]
    decided = decide_batch(ingest([row[0] for row in table]), BASE, policy=BATCH_POLICY, history=history)
    for index, (number, at, *_) in enumerate(table):
        expected = REFERENCE.check(number, at, history=history)
        assert decided.row(index)["action"] == expected.action.value
        assert decided.row(index)["next_allowed_at"] == expected.next_allowed_at
        assert set(decided.reasons(index)) == {reason.code for reason in expected.reasons}
    assert decided.row(1)["action"] == "block" and decided.reasons(1) == ("opted_out",)


def test_attempts_after_the_instant_move_the_next_start_on() -> None:
    """A backtest: asked at night, with three sales calls recorded later that night. The
    first morning start is capped by them (3 per 24 h in Florida), so the next allowed time
    is the start after the cap frees, on both paths (Policy._after_caps, and the batch
    engine's re-check)."""
    number = "+13055550123"
    at = datetime(2026, 11, 25, 3, tzinfo=UTC)  # 22:00 in Miami: courtesy night
    history = History(tuple(Attempt.create(number, at + timedelta(hours=hours), outcome="no_answer")
                            for hours in (1, 2, 3)))
    expected = REFERENCE.check(number, at, history=history)
    decided = decide_batch(ingest([number]), np.array([np.datetime64(at.replace(tzinfo=None), "us")]),
                           policy=BATCH_POLICY, history=history)
    assert decided.stats["cap_rechecks"] >= 1
    assert expected.next_allowed_at is not None and expected.next_allowed_at >= at + timedelta(hours=25)
    assert decided.row(0)["next_allowed_at"] == expected.next_allowed_at
    assert decided.row(0)["action"] == expected.action.value
    assert set(decided.reasons(0)) == {reason.code for reason in expected.reasons}


def test_plan_windows_read_the_history_as_the_single_check_does() -> None:
    """batch.plan.windows with a history: an opted-out number has no window, a capped Florida
    number none until its cap frees, the others the same windows as without history; every
    window agrees with a single check (with the history) a minute inside and outside each edge."""
    from callwindow.batch.plan import windows

    numbers = ["+13055550123", "+442079460958", "+12125550123", "+33142685300"]
    history = History(_florida_history(3).attempts, (OptOut.create("+442079460958", BASE - timedelta(days=1)),))
    start, end = BASE, BASE + timedelta(days=2)
    plan = windows(ingest(numbers), start, end, policy=BATCH_POLICY, history=history)
    blind = windows(ingest(numbers), start, end, policy=BATCH_POLICY)
    assert 1 not in plan.row.tolist()  # opted out: no window at all
    assert (plan.start[plan.row == 0] >= np.datetime64("2026-11-25T12:00:00", "us")).all()  # the cap frees at 12:00
    assert (plan.start[plan.row == 2] == blind.start[blind.row == 2]).all()  # no records: the same windows
    minute = timedelta(minutes=1)
    for row, first, last in zip(plan.row.tolist(), plan.start.tolist(), plan.end.tolist(), strict=True):
        first, last = first.replace(tzinfo=UTC), last.replace(tzinfo=UTC)
        assert REFERENCE.check(numbers[row], first + minute, history=history).allowed
        assert REFERENCE.check(numbers[row], last - minute, history=history).allowed
        if first - minute >= start:
            assert not REFERENCE.check(numbers[row], first - minute, history=history).allowed
        if last + minute < end:
            assert not REFERENCE.check(numbers[row], last + minute, history=history).allowed


@pytest.mark.parametrize("days", [3, 40])
def test_next_allowed_at_is_never_a_time_a_cap_holds(days: int) -> None:
    """Three Florida sales calls recorded at 08:00-08:14 Miami on each of `days` days from the
    asked instant on (a dialer's log ahead of the question): the cap holds every day they cover,
    so the next start is after the last of them - or, past the 31-day horizon, none (no_window).
    Never a start the cap still holds (it stopped after 32 searches, at 2026-12-11), single and batch."""
    number, at = "+13055550123", datetime(2026, 11, 24, 14, tzinfo=UTC)  # 09:00 in Miami
    first = datetime(2026, 11, 24, 13, tzinfo=UTC)
    attempts = tuple(Attempt.create(number, first + timedelta(days=day, minutes=7 * k),
                                    outcome="no_answer") for day in range(days) for k in range(3))
    history = History(attempts=attempts)
    single = REFERENCE.check(number, at, history=history)
    decided = decide_batch(ingest([number]), at, policy=BATCH_POLICY, history=history)
    assert decided.row(0)["next_allowed_at"] == single.next_allowed_at
    if days == 40:
        assert single.next_allowed_at is None and "no_window" in {r.code.value for r in single.reasons}
        assert "no_window" in decided.reasons(0)
    else:
        assert single.next_allowed_at is not None
        later = REFERENCE.check(number, single.next_allowed_at, history=history)
        assert later.allowed, later.reasons
        assert single.next_allowed_at > attempts[-1].at
