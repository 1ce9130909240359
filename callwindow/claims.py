"""Atomic claims: decide and take the slot in one step.

A dialer that checks, then records, races every other dialer doing the same: eight agents
checking a Florida number with one sales call left in 24 h all hear "call". A claim is the
check and a *pending* attempt recorded in one transaction under the contact's lock (the
store's `claim`), so two claimers can never both take the last slot of a cap. The pending
attempt counts in every decision (single checks, lists, HTTP, batch) until it is completed
with the call's outcome (`complete`), released (`release`), or expires (`hold`, default five
minutes: a crashed dialer frees its slot).

    claim = policy.claim(Question.of("+1 305 555 0123"), store)
    if claim.granted:
        ...  # dial
        store.complete(claim.claim_id, "no_answer")

With an idempotency key, a retried claim returns the first claim and records nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, TypeVar

from .errors import InvalidInput
from .history import Attempt, History, Outcome
from .instants import parse_instant
from .model import CallType, Decision
from .request import Question

DEFAULT_HOLD = timedelta(minutes=5)
MAX_HOLD = timedelta(hours=12)
_T = TypeVar("_T")


class ClaimStore(Protocol):
    """What a claim needs of a history store (callwindow.store's backends)."""

    def claim(self, number: str, decide: Callable[[History], tuple[_T, Attempt | None]], *, expires_at: datetime,
              result: Callable[[_T, int | None], str], idempotency_key: str | None = None,
              fingerprint: str = "", contact_id: str | None = None,
              log: Callable[[_T], Mapping[str, Any]] | None = None) -> Any: ...


class Answers(Protocol):
    def answer(self, question: Question, history: History | None = None) -> Decision: ...


@dataclass(frozen=True, slots=True)
class Claim:
    """The answer of a claim. `granted`: the decision allows the channel asked, and the slot
    is held as claim `claim_id` until `expires_at` (complete or release it before). `decision`:
    the decision's JSON form (Decision.to_dict), as it was first given. `repeated`: this is the
    first result of an earlier claim with the same idempotency key (nothing new recorded)."""

    granted: bool
    claim_id: int | None
    expires_at: datetime | None
    decision: dict[str, Any]
    repeated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "granted": self.granted,
            "claim_id": self.claim_id,
            "expires_at": None if self.expires_at is None else _iso(self.expires_at),
            "repeated": self.repeated,
            "decision": self.decision,
        }


def claim(
    policy: Answers, store: ClaimStore, question: Question, *, hold: timedelta = DEFAULT_HOLD,
    idempotency_key: str | None = None,
) -> Claim:
    """Decide `question` on the store's history and, when the channel is allowed, hold the slot
    (a pending attempt at `question.at`) for `hold` from now - atomically (see the module notes)."""
    if not timedelta(seconds=1) <= hold <= MAX_HOLD:
        raise InvalidInput(f"a claim is held between 1 second and {MAX_HOLD}, not {hold}")
    expires_at = datetime.now(UTC) + hold
    subscriber = question.subscriber

    def decide(history: History) -> tuple[Decision, Attempt | None]:
        decision = policy.answer(question, history)
        if not decision.allowed:
            return decision, None
        # (the outcome is a placeholder: a pending claim counts as a conversation until completed)
        return decision, Attempt(subscriber.number, question.at, question.channel, question.purpose,
                                 Outcome.CONVERSATION, question.subject, question.contact_id)

    def result(decision: Decision, claim_id: int | None) -> str:
        return json.dumps({
            "claim_id": claim_id,
            "expires_at": _iso(expires_at) if claim_id is not None else None,
            "decision": decision.to_dict(),
        })

    found = store.claim(subscriber.number, decide, expires_at=expires_at, result=result,
                        idempotency_key=idempotency_key, fingerprint=fingerprint(question),
                        contact_id=question.contact_id, log=lambda decision: decision.to_dict())
    payload = json.loads(found.result)
    claimed = payload["claim_id"]
    return Claim(
        granted=claimed is not None,
        claim_id=claimed,
        expires_at=None if payload["expires_at"] is None else parse_instant(payload["expires_at"]),
        decision=payload["decision"],
        repeated=bool(found.repeated),
    )


def fingerprint(question: Question) -> str:
    """What makes two claims the same request (its instant aside: a retry comes later)."""
    fields = {
        "number": question.subscriber.number, "channel": question.channel.value, "purpose": question.purpose.value,
        "contact": question.contact.value, "zone": question.zone, "region": question.region,
        "subdivision": question.subdivision, "postal_code": question.postal_code, "consent": question.consent,
        "emergencies": sorted(question.emergencies), "subject": question.subject, "contact_id": question.contact_id,
    }
    # (fields added later enter only when set: an older claim's fingerprint stays as it was)
    if question.call_type is not CallType.LIVE:
        fields["call_type"] = question.call_type.value
    if question.contract:
        fields["contract"] = True
    if question.default_zone:
        fields["default_zone"] = question.default_zone
    return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
