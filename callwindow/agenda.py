"""The agent's agenda (S10, S11, S15): in order, today's agreed callbacks (S11: call at exactly
the time asked), redials after a dropped call still inside their grace (S10: the caller calls
back at once), and the callable hot leads of a list (S15). Also the lead temperature vocabulary
the calling plans order by (cold, warm, hot).

Every entry carries the policy's decision at the instant it is for: the agenda lists, the policy
decides (an agreed callback lifts courtesy rules, never a law; an entry the policy refuses is
listed with `allowed` false and its reasons, never silently dropped or shown as callable).

    agenda = build_agenda(policy, leads, histories, at, until)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .errors import InvalidInput
from .history import History, Outcome
from .kernel.contact_history import REDIAL_GRACE
from .model import Channel, Decision
from .policy import Policy
from .request import Question

# S15: a lead's temperature (readiness to buy) -> its rank in a calling plan (lower first).
# A lead without one ranks after warm and before cold: unknown is not known to be cold.
TEMPERATURES: dict[str, int] = {"hot": 0, "warm": 1, "cold": 3}
UNKNOWN_TEMPERATURE = 2
KINDS = ("callback", "redial", "hot_lead")


def temperature_rank(text: str | None) -> int:
    """The rank of a temperature (case and spaces ignored; None or empty = unknown). Raises
    InvalidInput naming the accepted words for anything else."""
    word = (text or "").strip().lower()
    if not word:
        return UNKNOWN_TEMPERATURE
    if word not in TEMPERATURES:
        raise InvalidInput(f"temperature must be cold, warm or hot, got {text!r}")
    return TEMPERATURES[word]


@dataclass(frozen=True, slots=True)
class Lead:
    """One contact of a list: the question about it (at the agenda's instant) and its temperature."""

    question: Question
    temperature: str | None = None
    label: str | None = None  # the list's line or name, to find the row again


@dataclass(frozen=True, slots=True)
class Entry:
    """One thing to do: `kind` (callback, redial, hot_lead), from when (`at`, aware UTC) until
    when (`until`: the callback's end, the redial grace's end, the window's close), why, and the
    policy's decision at `at`."""

    kind: str
    number: str
    at: datetime
    until: datetime | None
    why: str
    decision: Decision
    label: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "number": self.number, "at": _iso(self.at), "until": _iso(self.until),
                "why": self.why, "allowed": self.decision.allowed, "action": self.decision.action.value,
                "reason_codes": [str(reason.code) for reason in self.decision.reasons], "label": self.label}


def build_agenda(
    policy: Policy, leads: Iterable[Lead], histories: Mapping[str, History], at: datetime, until: datetime,
) -> tuple[Entry, ...]:
    """The agenda from `at` to `until` for `leads` (each with its number's recorded history in
    `histories`, by E.164): agreed callbacks whose time is in [at, until) or open at `at`, by
    their start; redials after a drop still inside REDIAL_GRACE at `at`, soonest-expiring first;
    hot leads callable at `at`, soonest-closing first. Each entry's decision is the policy's
    (callbacks at their start, the rest at `at`) on the lead's history."""
    if until <= at:
        raise InvalidInput("the agenda's end must be after its start")
    callbacks: list[Entry] = []
    redials: list[Entry] = []
    hot: list[Entry] = []
    seen: set[str] = set()
    for lead in leads:
        question = lead.question
        number = question.subscriber.number
        history = histories.get(number)
        mine = history.for_contact(number, question.contact_id) if history is not None else None
        if mine is not None and number not in seen:  # a number twice in the list: its records once
            seen.add(number)
            for callback in mine.callbacks:
                if callback.channel is Channel.CALL and callback.end > at and callback.start < until:
                    start = max(callback.start, at)
                    decision = policy.answer(question.replace(at=start, channel="call"), history)
                    callbacks.append(Entry("callback", number, start, callback.end,
                                           f"agreed callback (S11) {_iso(callback.start)} to {_iso(callback.end)}",
                                           decision, lead.label))
            last = mine.last_attempt(Channel.CALL, at, number)
            if last is not None and last.outcome is Outcome.DROPPED and at - last.at <= REDIAL_GRACE:
                decision = policy.answer(question.replace(at=at, channel="call"), history)
                minutes = int((at - last.at).total_seconds() // 60)
                redials.append(Entry("redial", number, at, last.at + REDIAL_GRACE,
                                     f"call back now (dropped {minutes} min ago, S10)", decision, lead.label))
        if temperature_rank(lead.temperature) == TEMPERATURES["hot"]:
            decision = policy.answer(question.replace(at=at), history)
            if decision.allowed:
                hot.append(Entry("hot_lead", number, at, decision.window_closes_at, "hot lead, callable now (S15)",
                                 decision, lead.label))
    callbacks.sort(key=lambda entry: (entry.at, entry.number))
    redials.sort(key=lambda entry: (entry.until or entry.at, entry.number))
    hot.sort(key=lambda entry: (entry.until is None, entry.until or entry.at, entry.number))
    return (*callbacks, *redials, *hot)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat().replace("+00:00", "Z")
