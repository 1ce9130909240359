"""One row's result: the decision columns it adds (typed for JSON, as text for CSV), or why
the row was rejected, and its place in a calling plan."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

from ...agenda import UNKNOWN_TEMPERATURE
from ...model import REASON_CODES, Decision, local_iso

DECISION_COLUMNS = (
    "e164", "action", "allowed", "next_allowed_at", "window_closes_at", "local_time", "zones",
    "reason_codes", "error", "input_encoding",
)


class RowAnswer(NamedTuple):
    """What a row's output says of its decision: the decision columns, taken from a Decision
    (row by row) or from the batch engine's arrays (chunks), the same either way. A named tuple:
    immutable, and made once per row of a list at C speed (a frozen dataclass costs several
    times as much)."""

    number: str  # E.164
    action: str
    allowed: bool
    channel: str
    at: datetime
    next_allowed_at: datetime | None
    window_closes_at: datetime | None
    zones: tuple[str, ...]
    local_time: datetime | None  # in the first candidate zone
    reason_codes: tuple[str, ...]  # each once, in the order of docs/reason-codes.md

    @classmethod
    def of(cls, decision: Decision) -> RowAnswer:
        return cls(
            number=decision.number, action=decision.action.value, allowed=decision.allowed,
            channel=decision.channel.value, at=decision.at, next_allowed_at=decision.next_allowed_at,
            window_closes_at=decision.window_closes_at, zones=decision.zones,
            local_time=next(iter(decision.local_times.values()), None),
            reason_codes=canonical_codes(reason.code for reason in decision.reasons),
        )


_CODE_ORDER = {code: index for index, code in enumerate(REASON_CODES)}


def canonical_codes(codes: Iterable[str]) -> tuple[str, ...]:
    """Each code once, in the order of REASON_CODES (docs/reason-codes.md): a list's column
    reads the same whichever engine decided the row."""
    return tuple(sorted(set(codes), key=_CODE_ORDER.__getitem__))


PlanKey = tuple[int, float, float, int]  # (state, then two by state, then the row's order)


@dataclass(slots=True)
class Outcome:
    """One row's result: the decision, or why the row was rejected."""

    line: int
    decision: RowAnswer | None
    error: str | None
    number_text: str
    temperature: int = UNKNOWN_TEMPERATURE  # S15: its rank (agenda.temperature_rank) in a calling plan
    unused_hints: tuple[str, ...] = ()  # issue 15: why each hint the row could not read was not used

    def values(self, encoding: str | None = None) -> dict[str, Any]:
        """The decision columns, typed (JSON); csv_values() gives the text. `encoding`: the
        fallback encoding that read the row (decoding.py), None when it was the file's."""
        decision = self.decision
        if decision is None:
            return {"e164": None, "action": None, "allowed": None, "next_allowed_at": None,
                    "window_closes_at": None, "local_time": None, "zones": [], "reason_codes": [],
                    "error": self.error, "input_encoding": encoding}
        return {
            "e164": decision.number,
            "action": decision.action,
            "allowed": decision.allowed,
            "next_allowed_at": iso(decision.next_allowed_at),
            "window_closes_at": iso(decision.window_closes_at),
            "local_time": local_text(decision.local_time) if decision.local_time is not None else None,
            "zones": list(decision.zones),
            "reason_codes": list(decision.reason_codes),
            "error": None,
            "input_encoding": encoding,
        }

    def csv_values(self, encoding: str | None = None) -> list[str]:
        """The decision columns as CSV text, in DECISION_COLUMNS order (the same values as
        values(), written directly: this runs once per row of a list)."""
        decision = self.decision
        if decision is None:
            return ["", "", "", "", "", "", "", "", self.error or "", encoding or ""]
        local = decision.local_time
        return [
            decision.number, decision.action, "true" if decision.allowed else "false",
            iso_text(decision.next_allowed_at), iso_text(decision.window_closes_at),
            "" if local is None else local_text(local), " ".join(decision.zones), " ".join(decision.reason_codes),
            "", encoding or "",
        ]

    def plan_key(self, order: int) -> PlanKey:
        """Callable now (hot leads first, S15; then by how soon the window closes), then the
        rest by when their window opens (hotter first at the same instant), then those with no
        window, then rejected rows."""
        decision = self.decision
        if decision is None:
            return (3, 0.0, 0.0, order)
        if decision.allowed:
            closes = decision.window_closes_at
            return (0, self.temperature, closes.timestamp() if closes else math.inf, order)
        if decision.next_allowed_at is not None:
            return (1, decision.next_allowed_at.timestamp(), self.temperature, order)
        return (2, self.temperature, 0.0, order)


def iso(moment: datetime | None) -> str | None:
    """An instant in UTC, ISO 8601 with `Z` (None stays None)."""
    return None if moment is None else iso_text(moment)


# A list's rows share a handful of instants (--at, window ends, the local time of each zone):
# their text is made once. Bounded, and emptied when full.
_texts: dict[datetime, str] = {}
TEXT_CACHE = 65_536


def iso_text(moment: datetime | None) -> str:
    if moment is None:
        return ""
    text = _texts.get(moment)
    if text is None:
        if len(_texts) >= TEXT_CACHE:
            _texts.clear()
        text = _texts[moment] = moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return text


def local_text(moment: datetime) -> str:
    """A wall-clock time with its offset (model.local_iso: cached, per zone and fold)."""
    return local_iso(moment)
