"""Contact history: attempts and their outcomes, opt-outs, consents, agreed
callbacks and "is it convenient?" texts (S6). Plain values: a dialer with its
own call log builds a History and passes it to Policy.check (no store needed);
callwindow.store keeps one in SQLite or PostgreSQL.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import Any, Protocol, TypeVar

from .errors import InvalidInput
from .instants import parse_instant
from .model import Channel, Choice, Purpose

DEFAULT_CALLBACK_LENGTH = timedelta(minutes=15)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


class Outcome(Choice):
    ANSWERED = "answered"  # picked up, no real conversation (wrong person, hung up at once...)
    CONVERSATION = "conversation"  # spoke with the contact
    NO_ANSWER = "no_answer"
    VOICEMAIL = "voicemail"  # a message was left
    DROPPED = "dropped"  # the call was cut off (S10: the caller calls back at once)
    REFUSED = "refused"  # the contact said no / asked not to be called again about this
    SENT = "sent"  # a text was sent


# Which outcomes count as what, for caps that count contacts or conversations.
CONTACT_OUTCOMES = frozenset({Outcome.ANSWERED, Outcome.CONVERSATION, Outcome.VOICEMAIL, Outcome.REFUSED, Outcome.SENT})
CONVERSATION_OUTCOMES = frozenset({Outcome.CONVERSATION, Outcome.ANSWERED, Outcome.REFUSED})


def _instant(value: datetime | str, what: str) -> datetime:
    try:
        return parse_instant(value)
    except InvalidInput as error:
        raise InvalidInput(f"{what}: {error}") from None


def e164(number: str) -> str:
    """A number as E.164, so records match the checks (InvalidNumber if bad)."""
    from .numbers import resolve  # numbers sits below history; imported here to keep history a pure value module

    return resolve(number).number


_C = TypeVar("_C", bound=Choice)


def _choices(values: Iterable[str] | str | None, kind: type[_C]) -> frozenset[_C]:
    if values is None:
        return frozenset(kind)
    if isinstance(values, (str, Choice)):
        values = [values]
    found: frozenset[_C] = frozenset(kind.parse(value) for value in values)
    if not found:
        raise InvalidInput(f"at least one {kind.__name__.lower()} is needed")
    return found


@dataclass(frozen=True, slots=True)
class Attempt:
    """One contact attempt: a call or a text, and what came of it."""

    number: str  # E.164
    at: datetime  # aware UTC
    channel: Channel
    purpose: Purpose
    outcome: Outcome
    subject: str | None = None  # the debt, account or offer it was about (caps count per subject)
    contact_id: str | None = None  # the person or account (caps that count per person count across numbers)

    @classmethod
    def create(cls, number: str, at: datetime | str, *, channel: str = "call", purpose: str = "sales",
               outcome: str, subject: str | None = None, contact_id: str | None = None) -> Attempt:
        """Validated constructor: clear errors for a bad instant or outcome."""
        return cls(e164(number), _instant(at, "attempt time"), Channel.parse(channel), Purpose.parse(purpose),
                   Outcome.parse(outcome), subject or None, contact_id or None)


@dataclass(frozen=True, slots=True)
class OptOut:
    """The contact refused further contact on these channels for these purposes
    (a text STOP, a borrower's written withdrawal of consent to collectors, S14)."""

    number: str
    at: datetime
    channels: frozenset[Channel] = frozenset(Channel)
    purposes: frozenset[Purpose] = frozenset(Purpose)
    provenance: str = ""
    contact_id: str | None = None  # set: the person opted out, on every number of theirs

    @classmethod
    def create(cls, number: str, at: datetime | str, *, channels: Iterable[str] | None = None,
               purposes: Iterable[str] | None = None, provenance: str = "", contact_id: str | None = None) -> OptOut:
        return cls(e164(number), _instant(at, "opt-out time"), _choices(channels, Channel), _choices(purposes, Purpose),
                   provenance, contact_id or None)

    def covers(self, channel: Channel, purpose: Purpose, at: datetime) -> bool:
        return self.at <= at and channel in self.channels and purpose in self.purposes


@dataclass(frozen=True, slots=True)
class Consent:
    """Prior express consent to be contacted, with its scope and provenance."""

    number: str
    at: datetime
    channels: frozenset[Channel] = frozenset(Channel)
    purposes: frozenset[Purpose] = frozenset(Purpose)
    expires_at: datetime | None = None
    provenance: str = ""
    contact_id: str | None = None  # set: the person consented, on every number of theirs

    @classmethod
    def create(cls, number: str, at: datetime | str, *, channels: Iterable[str] | None = None,
               purposes: Iterable[str] | None = None, expires_at: datetime | str | None = None,
               provenance: str = "", contact_id: str | None = None) -> Consent:
        expiry = _instant(expires_at, "consent expiry") if expires_at else None
        start = _instant(at, "consent time")
        if expiry is not None and expiry <= start:
            raise InvalidInput("consent expiry must be after the consent was given")
        return cls(e164(number), start, _choices(channels, Channel), _choices(purposes, Purpose), expiry, provenance,
                   contact_id or None)

    def covers(self, channel: Channel, purpose: Purpose, at: datetime) -> bool:
        return (self.at <= at and (self.expires_at is None or at < self.expires_at)
                and channel in self.channels and purpose in self.purposes)


class RelationshipKind(Choice):
    PURCHASE = "purchase"  # a purchase, rental, lease or other financial transaction with the seller
    INQUIRY = "inquiry"  # an inquiry or application about the seller's products or services


@dataclass(frozen=True, slots=True)
class Relationship:
    """A business relationship with the contact: their purchase or transaction, or their
    inquiry or application, at `at`. Where a jurisdiction's rule data gives an exemption
    window for its kind ([[relationship]] in data/jurisdictions), it lifts that jurisdiction's
    do-not-call registry listing inside the window; it never lifts an opt-out."""

    number: str
    at: datetime
    kind: RelationshipKind
    provenance: str = ""
    contact_id: str | None = None  # set: the relationship is the person's, on every number of theirs

    @classmethod
    def create(cls, number: str, at: datetime | str, *, kind: str, provenance: str = "",
               contact_id: str | None = None) -> Relationship:
        return cls(e164(number), _instant(at, "relationship time"), RelationshipKind.parse(kind), provenance,
                   contact_id or None)


@dataclass(frozen=True, slots=True)
class Callback:
    """A time the contact asked to be called back at (S11): an instant or a window."""

    number: str
    start: datetime
    end: datetime
    channel: Channel = Channel.CALL

    @classmethod
    def create(cls, number: str, start: datetime | str, end: datetime | str | None = None,
               *, channel: str = "call") -> Callback:
        begin = _instant(start, "callback time")
        finish = _instant(end, "callback end") if end else begin + DEFAULT_CALLBACK_LENGTH
        if finish <= begin:
            raise InvalidInput("callback end must be after its start")
        return cls(e164(number), begin, finish, Channel.parse(channel))

    def covers(self, channel: Channel, at: datetime) -> bool:
        return channel is self.channel and self.start <= at < self.end


@dataclass(frozen=True, slots=True)
class ConvenienceAsk:
    """S6: a text asking "is it convenient for you to talk?", and its answer
    (yes / no / None = no reply yet, which means not convenient)."""

    number: str
    at: datetime
    reply: bool | None = None
    replied_at: datetime | None = None

    @classmethod
    def create(cls, number: str, at: datetime | str, *, reply: bool | str | None = None,
               replied_at: datetime | str | None = None) -> ConvenienceAsk:
        answer = _reply(reply)
        when = _instant(replied_at, "reply time") if replied_at else None
        return cls(e164(number), _instant(at, "ask time"), answer, when)


@dataclass(frozen=True, slots=True)
class SuppressionList:
    """An imported do-not-call list (a national registry's download, an internal list): it
    binds contacts in `jurisdiction` (a country "US" or a subdivision "US-FL") for `purposes` on
    `channels`. `max_age_days`: how old a download the law allows (US: 31 days); an older list
    means every contact it governs may be registered since (the stricter reading applies).
    `lifted_by_consent`: prior express consent on record lifts it (where the law says so).
    `lifted_by_relationship`: the list is a national registry whose jurisdiction's rule data may
    exempt an established business relationship (never an internal / company-specific list).
    `wash`: a wash result (AU DNCR, Bloctel, Lista Robinson): a number of its jurisdiction that
    is in neither its registered nor its clear numbers was never checked (refused, not_washed).
    `clear`: this value stands for the wash result's clear (checked, not registered) numbers."""

    name: str
    jurisdiction: str
    downloaded_on: date
    max_age_days: int
    purposes: frozenset[Purpose] = frozenset({Purpose.SALES})
    channels: frozenset[Channel] = frozenset(Channel)
    lifted_by_consent: bool = True
    source: str = ""
    entries: int = 0
    lifted_by_relationship: bool = False
    wash: bool = False
    clear: bool = False

    def governs(self, places: tuple[str, ...], channel: Channel, purpose: Purpose) -> bool:
        """Whether the list binds a contact in `places` on `channel` for `purpose`."""
        return channel in self.channels and purpose in self.purposes and (
            self.jurisdiction in places or any(place.startswith(self.jurisdiction + "-") for place in places))

    def age_days(self, at: datetime) -> int:
        return (at.date() - self.downloaded_on).days


@dataclass(frozen=True, slots=True)
class Suppression:
    """A number found on an imported do-not-call list."""

    number: str
    list: SuppressionList


def _reply(value: bool | str | None) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("yes", "y", "true"):
        return True
    if text in ("no", "n", "false"):
        return False
    if text in ("", "none", "no_reply"):
        return None
    raise InvalidInput(f"unknown reply {value!r}: expected yes, no or none")


@dataclass(frozen=True, slots=True)
class History:
    """Everything known about past contact with one or more numbers."""

    attempts: tuple[Attempt, ...] = ()
    opt_outs: tuple[OptOut, ...] = ()
    consents: tuple[Consent, ...] = ()
    callbacks: tuple[Callback, ...] = ()
    asks: tuple[ConvenienceAsk, ...] = ()
    # The lists the number is on (a wash result's clear numbers too: their list has `clear` set).
    suppressions: tuple[Suppression, ...] = ()
    # Every imported list, when one of them is older than its law allows (the store attaches
    # them so that a stale list is seen for numbers that are not on it too).
    lists: tuple[SuppressionList, ...] = ()
    relationships: tuple[Relationship, ...] = ()
    # Derived data computed on first use (one number's history is read by many checks:
    # its attempt times, per-number views, cap scans). Not part of the value.
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def for_number(self, number: str) -> History:
        """Only the records about one number (E.164), attempts sorted by time."""
        if not self.has_records():
            return self  # nothing about any number (perhaps the lists every number shares)
        key = ("number", number)
        cached = self.memo.get(key)
        if cached is True:
            return self
        if isinstance(cached, History):
            return cached
        if self._only(number):
            self.memo[key] = True  # (a marker, not self: no reference cycle)
            return self
        found = History(
            tuple(sorted((a for a in self.attempts if a.number == number), key=lambda a: a.at)),
            tuple(o for o in self.opt_outs if o.number == number),
            tuple(c for c in self.consents if c.number == number),
            tuple(c for c in self.callbacks if c.number == number),
            tuple(sorted((a for a in self.asks if a.number == number), key=lambda a: a.at)),
            tuple(s for s in self.suppressions if s.number == number),
            self.lists,
            tuple(r for r in self.relationships if r.number == number),
        )
        if len(self.memo) > 10_000:
            self.memo.clear()
        self.memo[key] = found
        return found

    def for_contact(self, number: str, contact_id: str | None) -> History:
        """The records about one number, plus - with a contact id - the records of the same
        person on their other numbers (attempts, opt-outs, consents that carry the id): what a
        decision about the number reads (caps that count per person count across numbers)."""
        if not contact_id:
            return self.for_number(number)
        key = ("contact", number, contact_id)
        found = self.memo.get(key)
        if isinstance(found, History):
            return found
        mine = self.for_number(number)

        def theirs(records: tuple[Any, ...]) -> tuple[Any, ...]:
            return tuple(r for r in records if r.number != number and r.contact_id == contact_id)

        others = (theirs(self.attempts), theirs(self.opt_outs), theirs(self.consents), theirs(self.relationships))
        if not any(others):
            return mine
        found = History(
            tuple(sorted(mine.attempts + others[0], key=lambda a: a.at)), mine.opt_outs + others[1],
            mine.consents + others[2], mine.callbacks, mine.asks, mine.suppressions, mine.lists,
            mine.relationships + others[3],
        )
        if len(self.memo) > 10_000:
            self.memo.clear()
        self.memo[key] = found
        return found

    def _only(self, number: str) -> bool:
        """Every record is about `number`, attempts and asks sorted: the history is its own view."""
        every: tuple[tuple[Any, ...], ...] = (self.attempts, self.opt_outs, self.consents, self.callbacks, self.asks,
                                              self.suppressions, self.relationships)
        return (all(record.number == number for records in every for record in records)
                and all(a.at <= b.at for a, b in pairwise(self.attempts))
                and all(a.at <= b.at for a, b in pairwise(self.asks)))

    def attempt_times(self) -> list[int]:
        """The attempts' instants in integer microseconds since the epoch (attempts sorted:
        for_number's view), for bisecting to the attempts inside a window."""
        found: list[int] | None = self.memo.get("times")
        if found is None:
            found = self.memo["times"] = [(a.at - _EPOCH) // _MICROSECOND for a in self.attempts]
        return found

    def last_attempt(self, channel: Channel, at: datetime, number: str | None = None) -> Attempt | None:
        """The latest attempt on `channel` at or before `at` (attempts sorted), to `number`
        when given (a view with the person's other numbers holds theirs too)."""
        end = bisect.bisect_right(self.attempt_times(), (at - _EPOCH) // _MICROSECOND)
        for index in range(end - 1, -1, -1):
            attempt = self.attempts[index]
            if attempt.channel is channel and (number is None or attempt.number == number):
                return attempt
        return None

    def by_number(self) -> dict[str, History]:
        """The records grouped per number (E.164), each as for_number gives it: one pass over
        the records, where calling for_number for every number would scan them all each time."""
        groups: dict[str, tuple[list[Any], ...]] = {}
        every: tuple[tuple[Any, ...], ...] = (self.attempts, self.opt_outs, self.consents, self.callbacks, self.asks,
                                              self.suppressions, self.relationships)
        for kind, records in enumerate(every):
            for record in records:
                found = groups.get(record.number)
                if found is None:
                    found = groups[record.number] = ([], [], [], [], [], [], [])
                found[kind].append(record)
        return {
            number: History(
                tuple(sorted(attempts, key=lambda a: a.at)), tuple(opt_outs), tuple(consents), tuple(callbacks),
                tuple(sorted(asks, key=lambda a: a.at)), tuple(suppressions), self.lists, tuple(relationships),
            )
            for number, (attempts, opt_outs, consents, callbacks, asks, suppressions, relationships) in groups.items()
        }

    def has_records(self) -> bool:
        """Whether any record is about a number (the lists every number shares aside)."""
        return bool(self.attempts or self.opt_outs or self.consents or self.callbacks or self.asks
                    or self.suppressions or self.relationships)

    def is_empty(self) -> bool:
        return not (self.attempts or self.opt_outs or self.consents or self.callbacks or self.asks
                    or self.suppressions or self.lists or self.relationships)


class HistorySource(Protocol):
    """Anything that reads recorded histories for many numbers at once: a history store
    (callwindow.store), or the command line's reader of one."""

    def histories(self, numbers: Iterable[str], since: datetime | str | None = None) -> dict[str, History]: ...


def history_to_dict(number: str, history: History, since: datetime | None = None) -> dict[str, Any]:
    """A number's History as JSON-ready data (instants as ISO 8601 UTC with Z): what
    `can-i-call history --json` prints and `GET /v1/history/{number}` answers."""
    return {
        "number": number,
        "since": _iso(since),
        "attempts": [{"at": _iso(a.at), "channel": a.channel.value, "purpose": a.purpose.value,
                      "outcome": a.outcome.value, "subject": a.subject} for a in history.attempts],
        "opt_outs": [{"at": _iso(o.at), "channels": _values(o.channels, Channel),
                      "purposes": _values(o.purposes, Purpose), "provenance": o.provenance} for o in history.opt_outs],
        "consents": [{"at": _iso(c.at), "channels": _values(c.channels, Channel),
                      "purposes": _values(c.purposes, Purpose), "expires_at": _iso(c.expires_at),
                      "provenance": c.provenance} for c in history.consents],
        "callbacks": [{"start": _iso(c.start), "end": _iso(c.end), "channel": c.channel.value}
                      for c in history.callbacks],
        "asks": [{"at": _iso(a.at), "reply": a.reply, "replied_at": _iso(a.replied_at)} for a in history.asks],
        "relationships": [{"at": _iso(r.at), "kind": r.kind.value, "provenance": r.provenance}
                          for r in history.relationships],
    }


def _iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with Z (seconds, or microseconds when there are some)."""
    if moment is None:
        return None
    utc = moment.astimezone(UTC)
    return utc.isoformat(timespec="seconds" if utc.microsecond == 0 else "microseconds").replace("+00:00", "Z")


def _values(members: frozenset[Any], kind: type[Choice]) -> list[str]:
    return [member.value for member in kind if member in members]
