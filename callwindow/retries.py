"""Retry planning (S13): the next attempts at a contact, each one allowed when it comes.

Only about a quarter of business calls reach the person on the first try (S13), so a dialer
plans retries. `plan_attempts` proposes the next `n` instants at which the policy allows the
contact - every window, cap and rule in force (Regulation F's 7-in-7, Florida's 3-in-24 h, the
courtesy hours) - spread over different parts of the contact's day: a second try at the same
hour tends to find the person busy in the same way.

Each planned slot is added to the history as a planned attempt before the next one is searched,
so the caps bind the plan as they will bind the calls. A planned attempt is assumed to leave a
voicemail (S13: a retry is an attempt that did not reach the person): it counts for caps that
count attempts and for those that count contacts (`assume` changes it). Every slot is found by
asking the policy (`Policy.answer`), never by a rule of this module: the slot is allowed by a
check at its instant with the history as planned (the property test says so).

    plan = plan_attempts(policy, question, history, 3)
    for slot in plan.slots:
        print(slot.at, slot.part, slot.reason)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from . import clock
from .errors import InvalidInput
from .history import Attempt, History, Outcome
from .model import Action, Decision, Reason, ReasonCode
from .policy import Policy
from .request import Question

MAX_ATTEMPTS = 20  # a plan longer than this is a campaign, not a retry plan
DEFAULT_GAP = timedelta(hours=2)  # between two attempts of a plan (and after the last recorded one)
SPREAD_WITHIN = timedelta(days=1)  # how much later a slot may be to fall in another part of the day
_MAX_STEPS = 64  # answers asked per slot: a guard against a policy that never moves forward

# The parts of the contact's day (local wall clock, hours): retries are spread over them.
DAY_PARTS: tuple[tuple[str, int, int], ...] = (("morning", 5, 12), ("afternoon", 12, 17), ("evening", 17, 29))


@dataclass(frozen=True, slots=True)
class Slot:
    """One planned attempt: `at` (aware UTC), the contact's wall clock then (`local`, in the
    first candidate zone), the part of their day, the decision a check gives there (with the
    plan's earlier slots as history), and why this instant."""

    at: datetime
    local: datetime
    part: str
    decision: Decision
    reason: str
    waited_for: tuple[Reason, ...] = ()  # what closed the time before it (a cap, the hours...)

    def to_dict(self) -> dict[str, Any]:
        return {
            "at": _iso(self.at), "local": self.local.isoformat(), "part": self.part, "reason": self.reason,
            "waited_for": [reason.to_dict() for reason in self.waited_for],
            "window_closes_at": _iso(self.decision.window_closes_at),
        }


@dataclass(frozen=True, slots=True)
class Plan:
    """The planned attempts, in order. Fewer than asked when the contact is blocked from some
    point on (`blocked`, `reasons` say why: fail closed, nothing after it) or no allowed time was
    found within the search (`reasons`: the last decision's)."""

    number: str
    asked: int
    slots: tuple[Slot, ...]
    blocked: bool = False
    reasons: tuple[Reason, ...] = ()
    assumed_outcome: Outcome = Outcome.VOICEMAIL
    history: History = field(default_factory=History, repr=False)  # the history with the planned attempts

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number, "asked": self.asked, "planned": len(self.slots),
            "slots": [slot.to_dict() for slot in self.slots], "blocked": self.blocked,
            "assumed_outcome": self.assumed_outcome.value, "reasons": [reason.to_dict() for reason in self.reasons],
        }


def plan_attempts(
    policy: Policy, question: Question, history: History | None, n: int, *,
    gap: timedelta = DEFAULT_GAP, assume: Outcome | str = Outcome.VOICEMAIL, within: timedelta | None = None,
) -> Plan:
    """The next `n` attempt instants from `question.at` for `question` (its channel, purpose,
    contact...), each allowed by `policy` at its instant given `history` plus the plan's
    earlier slots (recorded as attempts with outcome `assume`). Slots are at least `gap` after
    the previous attempt (recorded or planned) and, when an allowed instant within a day of the
    earliest one falls in another part of the contact's day, there. The search stops at
    `within` from `question.at` (default: the policy's horizon).

    Raises InvalidInput for an `n` outside 1..MAX_ATTEMPTS or a negative gap."""
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_ATTEMPTS:
        raise InvalidInput(f"the number of attempts must be between 1 and {MAX_ATTEMPTS}, got {n!r}")
    if gap < timedelta(0):
        raise InvalidInput("the gap between attempts cannot be negative")
    outcome = Outcome.parse(assume)
    limit = question.at + (within if within is not None else timedelta(days=policy.horizon_days))
    working = history if history is not None else History()
    zone = question.subscriber.zones[0] if question.subscriber.zones else None
    previous = _last_attempt(working, question)
    slots: list[Slot] = []
    for _ in range(n):
        earliest = question.at if previous is None else max(question.at, previous + gap)
        if earliest >= limit:
            break
        found = _next_slot(policy, question, working, earliest, limit, zone, previous, slots)
        if isinstance(found, Decision):  # blocked, or no window: nothing after it
            blocked = found.action is Action.BLOCK
            return Plan(question.subscriber.number, n, tuple(slots), blocked, found.reasons, outcome, working)
        if found is None:
            break
        slots.append(found)
        planned = Attempt(question.subscriber.number, found.at, question.channel, question.purpose, outcome,
                          question.subject, question.contact_id)
        working = _with_attempt(working, planned)
        previous = found.at
    return Plan(question.subscriber.number, n, tuple(slots), False, (), outcome, working)


def _next_slot(
    policy: Policy, question: Question, history: History, earliest: datetime, limit: datetime, zone: str | None,
    previous: datetime | None, slots: list[Slot],
) -> Slot | Decision | None:
    """The next slot from `earliest`; a Decision when the contact is blocked or has no window
    (its reasons say why); None when the first allowed instant is past `limit`."""
    first = policy.answer(question.replace(at=earliest), history)
    waited = () if first.allowed else tuple(r for r in first.reasons if r.code is not ReasonCode.TEXT_INSTEAD)
    if not first.allowed:
        if first.action is Action.BLOCK or first.next_allowed_at is None:
            return first
        start = _allowed_from(policy, question, history, first.next_allowed_at, limit)
        if start is None:
            return None
        first = start
    if first.at >= limit:
        return None
    avoid = {part_of(local_of(moment, zone)) for moment in (previous, *(s.at for s in slots[-2:])) if moment}
    chosen, why = first, "the earliest allowed instant"
    if avoid and part_of(local_of(first.at, zone)) in avoid:
        other = _in_other_part(policy, question, history, first.at, min(limit, first.at + SPREAD_WITHIN), zone,
                               avoid)
        if other is not None:
            chosen, why = other, f"another part of their day than the attempts before ({', '.join(sorted(avoid))})"
        else:
            why = "the earliest allowed instant (no other part of their day is allowed within a day)"
    local = local_of(chosen.at, zone)
    part = part_of(local)
    reason = f"{local:%a %d %b %H:%M} their time, {part}: {why}"
    if waited:
        reason += "; the time before is closed by " + ", ".join(sorted({str(r.code) for r in waited}))
    return Slot(chosen.at, local, part, chosen, reason, waited)


def _allowed_from(
    policy: Policy, question: Question, history: History, moment: datetime, limit: datetime,
) -> Decision | None:
    """The first allowed decision at or after `moment` (next_allowed_at already honours the
    history: caps, holds), asked again until an answer is allowed; None past `limit`."""
    for _ in range(_MAX_STEPS):
        if moment >= limit:
            return None
        decision = policy.answer(question.replace(at=moment), history)
        if decision.allowed:
            return decision
        if decision.action is Action.BLOCK or decision.next_allowed_at is None or decision.next_allowed_at <= moment:
            return None
        moment = decision.next_allowed_at
    return None


def _in_other_part(
    policy: Policy, question: Question, history: History, start: datetime, end: datetime, zone: str | None,
    avoid: set[str],
) -> Decision | None:
    """The first allowed decision in [start, end) whose instant falls in a part of the
    contact's day not in `avoid`: tried at each part's first instant, then where the policy
    next allows from there."""
    for boundary in _part_starts(start, end, zone):
        if part_of(local_of(boundary, zone)) in avoid:
            continue
        found = _allowed_from(policy, question, history, boundary, end)
        if found is not None and part_of(local_of(found.at, zone)) not in avoid:
            return found
    return None


def _part_starts(start: datetime, end: datetime, zone: str | None) -> Iterator[datetime]:
    """The instants in (start, end) at which a part of the contact's local day begins, in order."""
    if zone is None:
        return
    first, last = int(start.timestamp()), int(end.timestamp())
    found: list[int] = []
    for day in clock.local_dates_touching(zone, first, last + 1):
        for _, begins, _ in DAY_PARTS:
            instant = clock.first_instant_at_or_after(zone, day, (begins % 24) * 3600) if begins < 24 else None
            if instant is not None and first < instant < last:
                found.append(instant)
    yield from (clock.to_utc_datetime(instant) for instant in sorted(set(found)))


def part_of(local: datetime) -> str:
    """The part of the day a wall-clock time falls in (morning, afternoon, evening; night
    counts as evening: a retry is never planned there unless the rules allow it)."""
    hour = local.hour
    for name, begins, ends in DAY_PARTS:
        if begins <= hour < ends or begins <= hour + 24 < ends:
            return name
    return "evening"


def local_of(moment: datetime, zone: str | None) -> datetime:
    """The contact's wall clock at `moment` (UTC when the zone is unknown)."""
    return clock.local_time(moment.timestamp(), zone) if zone else moment


def _last_attempt(history: History, question: Question) -> datetime | None:
    """The latest recorded attempt to this number on the question's channel at or before its instant."""
    mine = history.for_number(question.subscriber.number)
    found = mine.last_attempt(question.channel, question.at, question.subscriber.number)
    return found.at if found is not None else None


def _with_attempt(history: History, attempt: Attempt) -> History:
    """The history with one more attempt (a new value: the memo of the old one stays valid)."""
    return replace(history, attempts=(*history.attempts, attempt), memo={})


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat().replace("+00:00", "Z")
