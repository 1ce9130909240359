"""Frequency caps from the law data, evaluated on a contact's history.

Rolling windows are exactly rolling: "3 per 24 h" counts the attempts in the
24 hours before the instant, and the cap frees when the oldest counted one is
24 hours old (a counter that resets at midnight is wrong). Calendar windows
(calendar_day / week / month) count within the contact's local day, ISO week or
month and free at the next one. Unknown subjects count (stricter).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from . import clock
from .history import CONTACT_OUTCOMES, CONVERSATION_OUTCOMES, Attempt, History, Outcome
from .model import Channel, Purpose
from .rules import Cap, parse_duration

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class CapHit:
    """A cap that stops the contact now: how many counted, and when it frees."""

    cap: Cap
    counted: int
    frees_at: datetime
    message: str


def _counts(cap: Cap, attempt: Attempt) -> bool:
    if cap.counts == "attempts":
        return True
    if cap.counts == "contacts":
        return attempt.outcome in CONTACT_OUTCOMES
    return attempt.outcome in CONVERSATION_OUTCOMES


# A cap's `after` (data vocabulary) -> the outcomes that trigger it.
_AFTER = {
    "conversation": CONVERSATION_OUTCOMES,
    "refusal": frozenset({Outcome.REFUSED}),
    "no_answer": frozenset({Outcome.NO_ANSWER}),
}


def _after_matches(cap: Cap, attempt: Attempt) -> bool:
    return attempt.outcome in _AFTER[cap.after or ""]


def evaluate(
    cap: Cap, attempts: History | tuple[Attempt, ...], at: datetime, channel: Channel, purpose: Purpose,
    subject: str | None, zones: tuple[str, ...], number: str | None = None,
) -> CapHit | None:
    """Whether `cap` stops a `channel` contact for `purpose` at `at`; attempts
    must be this number's, sorted by time (a History as History.for_number gives it).

    `number`: the number asked about; a cap kept per number counts only its attempts, a cap
    kept per person (`across = "person"`) also those to the person's other numbers that the
    history holds (History.for_contact). None: every attempt of the history counts.

    Only the attempts inside the cap's window are read (bisected on the history's
    attempt times, computed once per history): a long history costs its window."""
    if channel not in cap.channels or purpose not in cap.purposes:
        return None
    local_day = clock.local_time(at.timestamp(), zones[0]).date() if zones else at.date()
    if cap.effective_from > local_day or (cap.effective_to is not None and local_day >= cap.effective_to):
        return None
    history = attempts if isinstance(attempts, History) else History(attempts)
    times = history.attempt_times()
    now = _us(at)
    end = bisect.bisect_right(times, now)  # attempts at or before `at`

    only = number if cap.across == "number" else None

    def relevant(low: int) -> list[Attempt]:
        return [
            attempt for attempt in history.attempts[low:end]
            if attempt.channel in cap.channels and attempt.purpose in cap.purposes
            and (cap.per == "number" or subject is None or attempt.subject in (None, subject))
            and (only is None or attempt.number == only)
        ]

    first_trigger: int | None = None
    if cap.after is not None:
        if cap.block_for is not None:
            block = timedelta(seconds=parse_duration(cap.block_for) or 0)
            # only a trigger less than `block` old can stop the contact now
            recent = [a for a in relevant(bisect.bisect_right(times, now - _us_delta(block)))
                      if _after_matches(cap, a)]
            if not recent:
                return None
            frees = recent[-1].at + block
            triggers = sum(1 for a in relevant(0) if _after_matches(cap, a))
            return CapHit(cap, triggers, frees, f"{cap.title}: a {cap.after.replace('_', ' ')} on "
                          f"{_iso(recent[-1].at)}; no contact until {_iso(frees)}")
        first_trigger = _first_trigger(cap, history, subject, only)
        if first_trigger is None or first_trigger > now:
            return None
    assert cap.limit is not None and cap.window is not None
    seconds = parse_duration(cap.window)
    if seconds is not None:
        window = timedelta(seconds=seconds)
        in_window = [a for a in relevant(bisect.bisect_right(times, now - _us_delta(window)))
                     if _counts(cap, a) and (first_trigger is None or _us(a.at) >= first_trigger)]
        if len(in_window) < cap.limit:
            return None
        # Frees when enough of the oldest counted ones leave the window.
        oldest_to_leave = in_window[len(in_window) - cap.limit]
        frees = oldest_to_leave.at + window
        return CapHit(cap, len(in_window), frees,
                      f"{cap.title}: {len(in_window)} {cap.counts} in the last {cap.window} (limit {cap.limit}); "
                      f"frees at {_iso(frees)}")
    worst: CapHit | None = None
    for zone in zones or ("UTC",):  # several candidate zones: the latest reset wins (fail closed)
        start, period_end = _calendar_period(cap.window, at, zone)
        in_period = [a for a in relevant(bisect.bisect_left(times, _us(start)))
                     if _counts(cap, a) and (first_trigger is None or _us(a.at) >= first_trigger)]
        if len(in_period) >= cap.limit and (worst is None or period_end > worst.frees_at):
            worst = CapHit(cap, len(in_period), period_end,
                           f"{cap.title}: {len(in_period)} {cap.counts} this {cap.window.removeprefix('calendar_')} "
                           f"(limit {cap.limit}, {zone}); frees at {_iso(period_end)}")
    return worst


def _first_trigger(cap: Cap, history: History, subject: str | None, only: str | None) -> int | None:
    """The instant (us) of the history's first attempt that triggers `cap` (memoised per history)."""
    key = ("first-trigger", cap.id, subject, only)
    if key not in history.memo:
        history.memo[key] = next(
            (_us(a.at) for a in history.attempts
             if a.channel in cap.channels and a.purpose in cap.purposes
             and (cap.per == "number" or subject is None or a.subject in (None, subject))
             and (only is None or a.number == only) and _after_matches(cap, a)),
            None,
        )
    found: int | None = history.memo[key]
    return found


def _us(moment: datetime) -> int:
    return (moment - _EPOCH) // _MICROSECOND


def _us_delta(span: timedelta) -> int:
    return span // _MICROSECOND


def _calendar_period(window: str, at: datetime, zone: str) -> tuple[datetime, datetime]:
    """UTC bounds of the local day / ISO week / month containing `at` in `zone`."""
    local = clock.local_time(at.timestamp(), zone).date()
    if window == "calendar_day":
        first, following = local, local + timedelta(days=1)
    elif window == "calendar_week":
        first = local - timedelta(days=local.weekday())
        following = first + timedelta(days=7)
    else:
        first = local.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
    return _midnight(zone, first), _midnight(zone, following)


def _midnight(zone: str, day: date) -> datetime:
    """The first instant of a local day (a skipped day, like Apia's 2011-12-30,
    starts the period at the next day that exists)."""
    instant = clock.first_instant_at_or_after(zone, day, 0)
    while instant is None:
        day += timedelta(days=1)
        instant = clock.first_instant_at_or_after(zone, day, 0)
    return datetime.fromtimestamp(instant, UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
