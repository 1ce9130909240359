"""What the MCP tools do, in the core's terms: build a `request.Question` or a history record,
ask the policy (or the store), and give back the core's own JSON objects (`Decision.to_dict()`,
`Claim.to_dict()`). Nothing here decides: every rule lives in the core, so an agent hears the
same answer as `can-i-call --json` and the HTTP service.

`Desk` holds what the tools share: the two policies (courtesy and legal, built once) and the
history store, opened on first use and kept for the server's life. Its methods are plain
synchronous functions; the server runs them in worker threads (a claim waits on the store's
lock, a windows walk asks the policy a few hundred times). Bad input raises the core's
InvalidInput (a CallwindowError) with its one-line message; the server turns it into a tool error.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from ..claims import MAX_HOLD
from ..errors import InvalidInput
from ..history import Attempt, History, OptOut
from ..http.config import MAX_WINDOW_DAYS
from ..instants import parse_instant
from ..numbers import resolve
from ..policy import Policy, ProfilePolicies
from ..request import Question
from ..store import HistoryStore
from ..store.lazy import LazyStore
from ..windows import allowed_windows


class Desk:
    """The policies and the store behind the tools (one per server process)."""

    def __init__(self, target: str, *, hash_key: bytes | None = None) -> None:
        self.target = target  # a SQLite path or a postgresql:// URL (the entry point checks it with require_store)
        self._policies = ProfilePolicies()
        self._store = LazyStore(target, hash_key=hash_key)

    # ------------------------------------------------------------ shared parts

    def policy(self, profile: str) -> Policy:
        """The courtesy policy (laws + courtesy rules) or the legal one (laws only), built once."""
        return self._policies.get(profile)

    def store(self) -> HistoryStore:
        """The open store (see store.lazy: a file gone while serving is an error for every tool,
        never a new empty store - that would mean no opt-outs and no caps)."""
        return self._store.get()

    def history(self, question: Question) -> History:
        """The number's recorded history (with the person's records on their other numbers
        when the question names a contact id), read as `can-i-call NUMBER` reads it."""
        number = question.subscriber.number
        return self.store().histories_of_contacts({number: question.contact_id})[number]

    def close(self) -> None:
        self._store.close()

    # ------------------------------------------------------------ the tools

    def check(self, question: Question, profile: str) -> dict[str, Any]:
        """The decision object (Decision.to_dict) for the question on the number's history (and
        into the store's decision log, surface "mcp", when the store keeps one)."""
        decision = self.policy(profile).answer(question, self.history(question)).to_dict()
        store = self.store()
        if store.audit_retention() is not None:
            store.log_decisions([(decision, "mcp")])
        return decision

    def windows(self, question: Question, profile: str, start: str | None, end: str | None) -> dict[str, Any]:
        """The allowed windows over [start, end) (default: now to 7 days on, at most 31 days):
        `callwindow.windows.allowed_windows` on the number's history, as GET /v1/windows gives them."""
        begin = _instant(start, "start")
        finish = _instant(end, "end") if end else begin + timedelta(days=7)
        if finish <= begin:
            raise _named("end", InvalidInput("end must be after start"))
        if finish - begin > timedelta(days=MAX_WINDOW_DAYS):
            raise _named("end", InvalidInput(f"the period is longer than {MAX_WINDOW_DAYS} days"))
        policy = self.policy(profile)
        found = allowed_windows(policy, question, self.history(question), begin, finish)
        return {
            "number": question.subscriber.number, "channel": question.channel.value,
            "purpose": question.purpose.value, "start": _iso(found.start), "end": _iso(found.end),
            "windows": [{"start": _iso(window.start), "end": _iso(window.end)} for window in found.windows],
            "blocked": found.blocked, "complete": found.complete,
            "reasons": [reason.to_dict() for reason in found.reasons],
            "versions": dict(policy.versions),
        }

    def claim(self, question: Question, profile: str, hold_seconds: float,
              idempotency_key: str | None) -> dict[str, Any]:
        """Policy.claim: decide and, when allowed, hold the slot in one store transaction."""
        if not hold_seconds == hold_seconds or not 1 <= hold_seconds <= MAX_HOLD.total_seconds():  # NaN too
            raise _named("hold_seconds", InvalidInput(
                f"hold_seconds must be between 1 and {MAX_HOLD.total_seconds():.0f}, not {hold_seconds:g}"))
        found = self.policy(profile).claim(question, self.store(), hold=timedelta(seconds=hold_seconds),
                                           idempotency_key=_key(idempotency_key))
        return found.to_dict()

    def complete(self, claim_id: int, outcome: str) -> dict[str, Any]:
        """A claim finished with the call's outcome: it becomes the recorded attempt."""
        attempt = self.store().complete(claim_id, outcome)
        return {"claim_id": claim_id, "attempt_id": attempt, "outcome": outcome}

    def release(self, claim_id: int) -> dict[str, Any]:
        """A claim's slot given back (no call was made)."""
        self.store().release(claim_id)
        return {"claim_id": claim_id, "released": True}

    def record_attempt(self, number: str, outcome: str, *, at: str | None, channel: str, purpose: str,
                       subject: str | None, contact_id: str | None, default_region: str | None,
                       idempotency_key: str | None) -> dict[str, Any]:
        """An attempt and its outcome recorded (durable before the answer)."""
        attempt = Attempt.create(_e164(number, default_region), _instant(at, "at"), channel=channel,
                                 purpose=purpose, outcome=outcome, subject=subject, contact_id=contact_id)
        return self._recorded("attempt", attempt, idempotency_key)

    def opt_out(self, number: str, *, at: str | None, channels: Iterable[str] | None,
                purposes: Iterable[str] | None, provenance: str, contact_id: str | None,
                default_region: str | None, idempotency_key: str | None) -> dict[str, Any]:
        """An opt-out recorded: every later check of the number (or the person) is blocked for it."""
        opt_out = OptOut.create(_e164(number, default_region), _instant(at, "at"), channels=channels,
                                purposes=purposes, provenance=provenance, contact_id=contact_id)
        return self._recorded("opt_out", opt_out, idempotency_key)

    def _recorded(self, kind: str, record: Attempt | OptOut, idempotency_key: str | None) -> dict[str, Any]:
        store = self.store()
        key = _key(idempotency_key)
        (record_id,) = store.record_idempotent([record], key) if key is not None else store.record_many([record])
        return {"id": record_id, "kind": kind, "number": record.number}


def _key(idempotency_key: str | None) -> str | None:
    """An idempotency key as the store takes it (blank: none)."""
    if idempotency_key is None or not idempotency_key.strip():
        return None
    return idempotency_key


def _instant(value: str | None, field: str) -> datetime:
    """An instant of a tool's arguments (None: now), aware UTC; InvalidInput names the field."""
    try:
        return parse_instant(value)
    except InvalidInput as error:
        raise _named(field, error) from None


def _e164(number: str, default_region: str | None) -> str:
    """The number of a record as the store keeps it (E.164)."""
    try:
        return resolve(number, default_region=default_region).number
    except InvalidInput as error:
        raise _named(error.field or "number", error) from None


def _named(field: str, error: InvalidInput) -> InvalidInput:
    error.field = field
    return error


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")
