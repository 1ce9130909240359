"""The allowed windows of one question over a period: when, between `start` and `end`, may
this contact be reached on this channel for this purpose?

One implementation for every surface that needs windows with a contact's history (the HTTP
`/v1/windows`, and the batch plan for rows with history). It walks the policy's own answers
(`Policy.answer`: `window_closes_at` when allowed, `next_allowed_at` when not), so every window
agrees with a single check at every instant, history included: an opt-out, a frequency cap, a
consent or an agreed callback shapes the windows exactly as it shapes a check.

A decision at an instant reads the records made up to that instant; it cannot foresee a record
dated later (a call at 14:00 does not close, seen from 12:00, what the cap closes once it is
made). So the walk also asks again at every record's instant inside the period.

    windows = allowed_windows(policy, question, history, start, end)
    for window in windows.windows:  # [start, end): a call may *start* in it
        ...
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from .errors import InvalidInput
from .history import History
from .instants import parse_instant
from .model import Action, Reason
from .policy import Policy
from .request import Question

# The walk takes a step per window edge; a period holds a few windows a day, so these bounds
# are only a guard against a policy that never moves forward.
MAX_WINDOWS = 2000
_MAX_STEPS = 4 * MAX_WINDOWS


@dataclass(frozen=True, slots=True)
class Window:
    """`[start, end)`, aware UTC: the contact may be reached (a call may start) at every
    instant from `start` up to, not including, `end`."""

    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class Windows:
    """The windows of a question over `[start, end)`, in order, none touching another.

    `blocked`: the walk met a decision that blocks the contact (an opt-out, a law without the
    consent it needs, no time zone...): no window is given from there on, and `reasons` say
    why (fail closed: a blocked contact has no later windows, even if the block might lift).
    `complete`: False when the walk stopped at MAX_WINDOWS before `end` (the windows listed are
    still exact; later ones are missing)."""

    start: datetime
    end: datetime
    windows: tuple[Window, ...]
    blocked: bool = False
    reasons: tuple[Reason, ...] = ()
    complete: bool = True


def allowed_windows(
    policy: Policy, question: Question, history: History | None, start: datetime | str, end: datetime | str,
) -> Windows:
    """The windows in `[start, end)` in which `policy` allows `question` (its `at` is ignored:
    each instant of the period is asked), given the contact's `history` (None: no history).

    Raises InvalidInput when `end` is not after `start` (or an instant is malformed)."""
    begin, finish = parse_instant(start), parse_instant(end)
    if finish <= begin:
        raise InvalidInput("end must be after start")
    horizon = timedelta(days=policy.horizon_days)
    mine = history.for_number(question.subscriber.number) if history is not None else None
    cuts = sorted({moment for moment in _record_instants(mine) if begin < moment < finish})
    found: list[Window] = []
    moment = begin
    for _ in range(_MAX_STEPS):
        if moment >= finish or len(found) >= MAX_WINDOWS:
            break
        decision = policy.answer(question.replace(at=moment), history)
        if decision.action is Action.BLOCK:
            return Windows(begin, finish, tuple(found), blocked=True, reasons=decision.reasons)
        if decision.allowed:
            # window_closes_at is None when the window runs past the policy's horizon: take
            # the horizon as the window's end so far, and ask again from there.
            closes = _before_next_cut(decision.window_closes_at or moment + horizon, moment, cuts)
            stop = min(closes, finish)
            if found and found[-1].end == moment:  # the same window, seen across the horizon
                found[-1] = Window(found[-1].start, stop)
            else:
                found.append(Window(moment, stop))
            moment = closes
        else:
            # nothing within the horizon from here: the next answer a horizon ahead decides
            following = decision.next_allowed_at
            if following is None or following <= moment:
                following = moment + horizon
            moment = _before_next_cut(following, moment, cuts)
    complete = moment >= finish
    return Windows(begin, finish, tuple(found), complete=complete)


def _before_next_cut(until: datetime, moment: datetime, cuts: list[datetime]) -> datetime:
    """`until`, or the first record instant after `moment` if that comes earlier."""
    index = bisect.bisect_right(cuts, moment)
    return cuts[index] if index < len(cuts) and cuts[index] < until else until


def _record_instants(history: History | None) -> Iterator[datetime]:
    """Every instant at which a record of the history starts or stops having an effect."""
    if history is None:
        return
    yield from (attempt.at for attempt in history.attempts)
    yield from (opt_out.at for opt_out in history.opt_outs)
    for consent in history.consents:
        yield consent.at
        if consent.expires_at is not None:
            yield consent.expires_at
    for callback in history.callbacks:
        yield callback.start
        yield callback.end
    for ask in history.asks:
        yield ask.at
        if ask.replied_at is not None:
            yield ask.replied_at
