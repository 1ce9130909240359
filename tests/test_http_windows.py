"""callwindow.windows.allowed_windows, the one windows implementation (GET /v1/windows uses it):
its windows agree with Policy.answer at every window edge (a minute either side) and at random
instants, with and without a history (a capped number, an opted-out one)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from budget import budget
from hypothesis import given
from hypothesis import strategies as st

from callwindow import Policy
from callwindow.errors import InvalidInput
from callwindow.history import Attempt, Callback, History, OptOut
from callwindow.request import Question
from callwindow.windows import Windows, allowed_windows

MINUTE = timedelta(minutes=1)
FL = "+13055550123"  # Florida: at most 3 sales calls per 24 hours (Fla. Stat. 501.616)
ATLANTA = "+14045550199"

CAPPED = History(attempts=tuple(
    Attempt.create(FL, f"2026-03-10T{hour}:00:00Z", outcome="no_answer") for hour in (12, 13, 14)
))
OPTED_OUT = History(opt_outs=(OptOut.create(ATLANTA, "2026-03-11T17:00:00Z"),))
CALLBACK = History(callbacks=(Callback.create(ATLANTA, "2026-03-11T16:00:00Z", "2026-03-11T16:30:00Z"),))

# (number, channel, history): plain numbers in several zones, and the three kinds of history
SUBJECTS = [
    ("+12125550123", "call", None),
    ("+33123456789", "call", None),
    ("+61412345678", "sms", None),
    ("+4930123456", "call", None),  # blocked for sales (consent required), open for the others
    (FL, "call", CAPPED),
    (ATLANTA, "call", OPTED_OUT),
    (ATLANTA, "call", CALLBACK),
]


def allowed(policy: Policy, question: Question, history: History | None, at: datetime) -> bool:
    return policy.answer(question.replace(at=at), history).allowed


def assert_agrees(policy: Policy, question: Question, history: History | None, found: Windows,
                  probes: list[datetime]) -> None:
    """Every window edge, a minute either side, and every probe instant: as Policy.answer says."""
    for window in found.windows:
        assert found.start <= window.start < window.end <= found.end
        assert allowed(policy, question, history, window.start), window
        assert allowed(policy, question, history, window.end - MINUTE), window
        if window.start > found.start:
            assert not allowed(policy, question, history, window.start - MINUTE), window
        if window.end < found.end:
            assert not allowed(policy, question, history, window.end), window
    for earlier, later in zip(found.windows, found.windows[1:], strict=False):
        assert earlier.end < later.start  # in order, never touching (touching windows are one)
    for probe in probes:
        inside = any(window.start <= probe < window.end for window in found.windows)
        if found.blocked and not inside:
            continue  # after the block the walk stops: no window claimed, whatever follows
        assert inside == allowed(policy, question, history, probe), probe


@pytest.mark.parametrize(("number", "channel", "history"), SUBJECTS)
def test_windows_agree_with_the_decisions(courtesy: Policy, number: str, channel: str,
                                          history: History | None) -> None:
    start = datetime(2026, 3, 9, 0, 0, tzinfo=UTC)
    end = start + timedelta(days=4)
    question = Question.of(number, start, channel=channel)
    found = allowed_windows(courtesy, question, history, start, end)
    assert found.complete
    assert found.windows or (found.blocked and number == "+4930123456")  # Germany: no sales call without consent
    probes = [start + timedelta(minutes=17 * step) for step in range(4 * 24 * 60 // 17)]
    assert_agrees(courtesy, question, history, found, probes)


def test_the_cap_and_the_opt_out_shape_the_windows(courtesy: Policy) -> None:
    day = datetime(2026, 3, 10, 0, 0, tzinfo=UTC)
    question = Question.of(FL, day)
    free = allowed_windows(courtesy, question, None, day, day + timedelta(days=1))
    capped = allowed_windows(courtesy, question, CAPPED, day, day + timedelta(days=1))
    # three calls from 12:00 UTC: the fourth waits until the first leaves the 24 hours
    assert any(w.start <= datetime(2026, 3, 10, 15, 30, tzinfo=UTC) < w.end for w in free.windows)
    assert not any(w.start <= datetime(2026, 3, 10, 15, 30, tzinfo=UTC) < w.end for w in capped.windows)

    start = datetime(2026, 3, 11, 0, 0, tzinfo=UTC)
    opted = allowed_windows(courtesy, Question.of(ATLANTA, start), OPTED_OUT, start, start + timedelta(days=3))
    assert opted.blocked and [r.code for r in opted.reasons][:1] == ["opted_out"]
    assert opted.windows and all(w.end <= datetime(2026, 3, 11, 17, 0, tzinfo=UTC) for w in opted.windows)


def test_a_number_without_a_zone_is_blocked(courtesy: Policy) -> None:
    start = datetime(2026, 11, 24, tzinfo=UTC)
    found = allowed_windows(courtesy, Question.of("+800 1234 5678", start), None, start, start + timedelta(days=2))
    assert found.blocked and found.windows == () and found.reasons[0].code == "no_time_zone"


def test_a_window_past_the_horizon_is_one_window() -> None:
    """A policy whose horizon is shorter than the period: an open window is followed across it."""
    short = Policy(courtesy=None, horizon_days=1)
    start = datetime(2026, 11, 24, tzinfo=UTC)
    question = Question.of("+12125550123", start, purpose="personal")  # the laws close nothing here
    found = allowed_windows(short, question, None, start, start + timedelta(days=5))
    assert found.complete and [(w.start, w.end) for w in found.windows] == [(start, start + timedelta(days=5))]


def test_bad_periods_are_refused(courtesy: Policy) -> None:
    start = datetime(2026, 11, 24, tzinfo=UTC)
    question = Question.of("+12125550123", start)
    with pytest.raises(InvalidInput, match="after start"):
        allowed_windows(courtesy, question, None, start, start)
    with pytest.raises(InvalidInput, match="offset"):
        allowed_windows(courtesy, question, None, "2026-11-24T00:00:00", start)


@budget(200)
@given(
    subject=st.sampled_from(SUBJECTS),
    start=st.one_of(  # anywhere in two years, or around the recorded history (9-12 March 2026)
        st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 1)).map(
            lambda moment: moment.replace(second=0, microsecond=0, tzinfo=UTC)),
        st.integers(min_value=0, max_value=4 * 24 * 60).map(
            lambda minutes: datetime(2026, 3, 9, tzinfo=UTC) + timedelta(minutes=minutes)),
    ),
    hours=st.integers(min_value=1, max_value=72),
    probes=st.lists(st.integers(min_value=0, max_value=72 * 60 - 1), min_size=1, max_size=8),
    purpose=st.sampled_from(["sales", "service", "collection", "personal"]),
)
def test_windows_agree_at_random_instants(courtesy: Policy, subject: tuple[str, str, History | None],
                                          start: datetime, hours: int, probes: list[int], purpose: str) -> None:
    number, channel, history = subject
    end = start + timedelta(hours=hours)
    question = Question.of(number, start, channel=channel, purpose=purpose)
    found = allowed_windows(courtesy, question, history, start, end)
    instants = [start + timedelta(minutes=minutes) for minutes in probes if start + timedelta(minutes=minutes) < end]
    assert_agrees(courtesy, question, history, found, instants)
