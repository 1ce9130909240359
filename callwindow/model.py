"""Value types of the public API: what is asked and what is answered."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from .errors import InvalidInput


class Choice(enum.StrEnum):
    """A string enum whose parse() gives a clear error listing the choices.

    str(), format() and f-strings give the member's value ("call"): output and JSON depend on it.
    """

    @classmethod
    def parse(cls, value: str | Choice) -> Any:
        if isinstance(value, cls):
            return value
        member = cls._value2member_map_.get(value)  # fast path for exact values
        if member is not None:
            return member
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            choices = ", ".join(member.value for member in cls)
            name = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", cls.__name__).lower()  # CallType -> "call type"
            raise InvalidInput(f"unknown {name} {value!r}: expected one of {choices}") from None


class Action(Choice):
    CALL = "call"  # a call is allowed now
    SMS = "sms"  # a text is allowed now (asked for, or recommended instead of a call)
    DEFER = "defer"  # not now: see next_allowed_at
    BLOCK = "block"  # never: the number cannot be contacted under these rules


class Channel(Choice):
    CALL = "call"
    SMS = "sms"


class Purpose(Choice):
    SALES = "sales"
    SERVICE = "service"
    COLLECTION = "collection"
    PERSONAL = "personal"


class ContactKind(Choice):
    CONSUMER = "consumer"
    BUSINESS = "business"


class CallType(Choice):
    """How a call is made (rules can cover some types only, e.g. South Carolina's 19:00 end for
    prerecorded calls). The default everywhere is LIVE, and every decision reports the type."""

    LIVE = "live"  # a person dials and speaks
    # an artificial or prerecorded voice: under the FCC's 2024 ruling (FCC 24-17) this includes
    # AI-generated voices, so an AI voice agent's call is PRERECORDED
    PRERECORDED = "prerecorded"
    AUTOMATED = "automated"  # placed by an autodialer / predictive dialer, answered by a person

    @classmethod
    def parse(cls, value: str | Choice) -> Any:
        member = cls._value2member_map_.get(value) if type(value) is str else None
        if member is not None:  # an exact value ("live"): no alias is one, so the same member
            return member
        if isinstance(value, str) and not isinstance(value, Choice):
            value = CALL_TYPE_ALIASES.get(value.strip().lower().replace("-", "_").replace(" ", "_"), value)
        return super().parse(value)


# Words people use for the call types (CLI, list columns, HTTP): each names exactly one type.
CALL_TYPE_ALIASES = {
    "manual": "live", "human": "live", "agent": "live",
    "artificial": "prerecorded", "artificial_voice": "prerecorded", "ai": "prerecorded",
    "ai_voice": "prerecorded", "robocall": "prerecorded", "recorded": "prerecorded", "adad": "prerecorded",
    "autodialed": "automated", "autodialer": "automated", "autodialled": "automated", "predictive": "automated",
    "atds": "automated",
}


class RuleKind(Choice):
    LAW = "law"
    # An industry code or operator/carrier practice (self-regulation, platform rules): recorded in a
    # jurisdiction file and applied like a law (it only restricts), but shown as what it is, not as law.
    PRACTICE = "practice"
    COURTESY = "courtesy"
    COMPANY = "company"
    CONTACT = "contact"  # facts about the contact itself: unknown zone, conflicting hints


class Effect(Choice):
    """What a rule's closed time means (rule data's `effect`, docs/rule-data.md)."""

    RESTRICT = "restrict"  # the default: closed time means defer
    BLOCK = "block"  # closed time means block: never, unless what lifts the rule (consent) is given
    NOTE = "note"  # closes nothing: its message is a reason on every decision it covers


class ReasonCode(Choice):
    """Every reason code the engine can emit, with its `meaning`. Stable API: codes are never
    renamed; docs/reason-codes.md lists exactly these (checked by a test). A str: JSON, CSV and
    f-strings give the code itself ("night"), and it equals the plain string."""

    _value_: str
    meaning: str

    def __new__(cls, value: str, meaning: str) -> ReasonCode:
        member = str.__new__(cls, value)
        member._value_ = value
        member.meaning = meaning
        return member

    def __repr__(self) -> str:
        # The plain string's repr ('night'), as codes always showed: in reprs of Reason, in
        # lists of codes, and in the documents' examples.
        return repr(self._value_)

    # from rules (law, courtesy or company); the reason's `rule` names which
    OUTSIDE_HOURS = "outside_hours", "outside the hours a rule allows on this kind of day"
    CLOSED_DAY = "closed_day", "a rule allows nothing on this day (e.g. Sunday, a rest day)"
    PUBLIC_HOLIDAY = "public_holiday", "a rule allows nothing on public holidays, and today is one"
    CLOSED_HOURS = "closed_hours", "inside hours a rule closes (company rules' default code)"
    NIGHT = "night", "courtesy quiet hours: calls 22:00-07:00 (S1), texts 23:00-08:00 (S5)"
    MEAL_TIME = "meal_time", "courtesy: the contact's meal time or noon rest (S2)"
    OUTSIDE_WORKING_HOURS = (
        "outside_working_hours", "courtesy: business contacts only in working hours on working days (S7)"
    )
    END_OF_WORKDAY = "end_of_workday", "courtesy: not in the last half hour of the workday (S8)"
    BUSY_HOURS = "busy_hours", "courtesy: personal calls avoid working hours (S7)"
    STATUTORY_NO_CALL_DAY = (
        "statutory_no_call_day", "a law bans calls on its own list of legal holidays, and today is one"
    )
    STATE_OF_EMERGENCY = "state_of_emergency", "a declared state of emergency in the contact's state bans these calls"
    CONSENT_REQUIRED = "consent_required", "the law requires the contact's prior consent: without it, never (block)"
    NO_FIXED_HOURS = "no_fixed_hours", "the law sets no fixed hours, only reasonable times: courtesy rules apply"
    ADVISORY = "advisory", "a requirement of the law that is not about time (e.g. check a do-not-call registry)"
    # from the contact's history (callwindow.history)
    FREQUENCY_CAP = (
        "frequency_cap", "a law's frequency cap is reached: the reason says which, how many counted, when it frees"
    )
    OPTED_OUT = "opted_out", "the contact opted out of this channel and purpose: never (block)"
    CONSENT_RECORDED = (
        "consent_recorded", "recorded prior consent covers this contact: laws that consent lifts are lifted"
    )
    AGREED_CALLBACK = (
        "agreed_callback", "the contact asked to be called back now (S11): courtesy rules are lifted, laws stay"
    )
    REDIAL_AFTER_DROP = "redial_after_drop", "the last call was cut off moments ago: call back at once (S10); laws stay"
    NOT_CONVENIENT = (
        "not_convenient", "a text asked whether a call is convenient and got no or no reply (S6): call much later"
    )
    CONVENIENT = (
        "convenient", "the contact replied that a call is convenient now (S6): courtesy rules are lifted, laws stay"
    )
    # from the engine
    WINDOW_CLOSING = "window_closing", "the allowed window closes within the expected call length (S9)"
    TEXT_INSTEAD = "text_instead", "a call is not allowed now but a text is: text instead (S4, S5)"
    NO_WINDOW = "no_window", "no allowed time within the search horizon"
    NO_TIME_ZONE = "no_time_zone", "the number has no known location or time zone: never callable"
    SEVERAL_ZONES = "several_zones", "the number may be in several time zones; every one must allow the contact"
    HINT_CONFLICT = (
        "hint_conflict", "a hint (zone, region, subdivision, postal code) contradicts the number: both are considered"
    )
    CALENDAR_UNKNOWN = "calendar_unknown", "no public holiday calendar for the country: weekend assumed Saturday-Sunday"
    NO_RULE_DATA = (
        "no_rule_data", "no law file covers the contact's country: only courtesy and company rules were applied"
    )
    SUPPRESSED = (
        "suppressed", "the number is on an imported do-not-call list that binds this contact: never (block)"
    )
    SUPPRESSION_LIST_STALE = (
        "suppression_list_stale",
        "the do-not-call list that binds this contact is older than the law allows: treated as registered (block)",
    )
    BUSINESS_RELATIONSHIP = (
        "business_relationship",
        "an established business relationship on record (a purchase or an inquiry inside the window the law's "
        "data gives) lifts a do-not-call registry listing; opt-outs stay",
    )
    NOT_WASHED = (
        "not_washed",
        "the number is not in the imported wash result of a do-not-call register that binds it: its registration "
        "is unknown, so it is treated as registered (block)",
    )
    NUMBERING_TABLE = (
        "numbering_table",
        "phonenumbers does not know the number's area code yet: it was placed by callwindow's NANPA table",
    )
    DEFAULT_ZONE_USED = (
        "default_zone_used",
        "the number has no location of its own (toll-free, non-geographic): it was read in the default zone "
        "the caller declared",
    )
    HINT_UNUSED = (
        "hint_unused",
        "a hint of a list row (zone, region, subdivision, postal code) could not be read: the row was decided "
        "without it, on the number and the other hints",
    )
    # (appended, not beside several_zones: a code's position is its bit in the batch API's reason_mask)
    SEVERAL_SUBDIVISIONS = (
        "several_subdivisions",
        "the number does not tell which state or province it is in (a toll-free number, an Australian mobile, an "
        "area code of two states): the laws of every one it may be in apply",
    )


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a decision is what it is. `code` is stable API; `message` is for people."""

    code: ReasonCode
    rule: str
    kind: RuleKind
    message: str
    source: str | None = None
    zone: str | None = None
    # How far the cited rule can be trusted (rule data's confidence: high, medium, low) and how
    # strong its source is (statute ... secondary); None for reasons that cite no rule data.
    confidence: str | None = None
    source_kind: str | None = None
    # The JSON form, built on the first to_dict(): a reason is immutable, and many decisions share
    # one Reason object (a context's note and consent reasons, a subscriber's notes, the constant
    # wordings of kernel.explain). Not part of the value.
    _json: dict[str, Any] | None = field(default=None, init=False, repr=False, compare=False, hash=False)

    def to_dict(self) -> dict[str, Any]:
        found = self._json
        if found is None:
            found = {
                "code": str(self.code),  # the plain string, as it always was
                "rule": self.rule,
                "kind": self.kind._value_,  # (the member's plain value: `.value` is a Python descriptor call)
                "message": self.message,
                "source": self.source,
                "zone": self.zone,
                "confidence": self.confidence,
                "source_kind": self.source_kind,
            }
            object.__setattr__(self, "_json", found)  # (frozen: the one write, of a cache)
        return found.copy()  # a copy: a caller may change its decision object


class _ReasonDraft(Reason):
    """A Reason being filled in by `new_reason` (as _DecisionDraft for `new_decision`: both
    hooks object's, so that its writes are plain C stores)."""

    __slots__ = ()
    __setattr__ = object.__setattr__
    __delattr__ = object.__delattr__


def new_reason(code: ReasonCode, rule: str, kind: RuleKind, message: str, source: str | None, zone: str | None,
           confidence: str | None, source_kind: str | None) -> Reason:
    """Reason(...) with every field given, built without the frozen __init__'s nine
    object.__setattr__ calls (~1 us): the kernel words a closing reason per closed decision.
    The result is a Reason like any other (class, equality, hash, repr, frozen)."""
    # (Any: to the type checker these are the frozen fields of a Reason)
    self: Any = object.__new__(_ReasonDraft)
    self.code = code
    self.rule = rule
    self.kind = kind
    self.message = message
    self.source = source
    self.zone = zone
    self.confidence = confidence
    self.source_kind = source_kind
    self._json = None
    self.__class__ = Reason
    return cast(Reason, self)


# `new_reason` writes every field by name: a field added to Reason must be added there too.
if Reason.__slots__ != (*new_reason.__code__.co_varnames[:8], "_json"):  # pragma: no cover
    raise ImportError("callwindow.model: new_reason() does not take Reason's fields in order")


@dataclass(frozen=True, slots=True)
class Subscriber:
    """What a phone number (plus the caller's hints) tells about where the contact is."""

    number: str  # E.164
    region: str | None  # ISO 3166-1 alpha-2, None for non-geographic numbers
    subdivision: str | None  # ISO 3166-2 like "US-FL", where derivable
    number_type: str  # phonenumbers' PhoneNumberType name, lower case
    zones: tuple[str, ...]  # candidate IANA zones; empty when unknown
    places: tuple[str, ...] = ()  # every region/subdivision whose rules apply ("US", "US-FL", hints...)
    notes: tuple[Reason, ...] = ()  # facts found while resolving (hint conflicts...)


@dataclass(frozen=True, slots=True)
class Decision:
    """The answer to "may I contact this number at this instant on this channel?"."""

    number: str
    at: datetime  # aware, UTC
    channel: Channel
    purpose: Purpose
    contact: ContactKind
    action: Action
    next_allowed_at: datetime | None  # earliest instant >= at when `channel` is allowed
    region: str | None
    subdivision: str | None
    number_type: str
    zones: tuple[str, ...]
    local_times: Mapping[str, datetime]  # zone -> aware local time at `at`
    reasons: tuple[Reason, ...]
    versions: Mapping[str, str]
    window_closes_at: datetime | None = None  # when allowed now: when the allowed window ends
    places: tuple[str, ...] = field(default=())  # regions/subdivisions whose rules were applied
    call_type: CallType = CallType.LIVE  # how the call is made (the rules read it)

    @property
    def allowed(self) -> bool:
        """True when the requested channel is allowed now."""
        return self.action._value_ == self.channel._value_

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract shared by the command line and the HTTP service."""
        # On the hot path of every surface: enum values read as the members' plain `_value_`
        # attribute (the `.value` descriptor costs a Python call each), an instant formatted once.
        at = _iso(self.at)
        closes = self.window_closes_at  # (None unless a call is allowed: no call to _iso then)
        # (loops: a comprehension is one more function made and called)
        local_times = {}
        for zone, local in self.local_times.items():
            local_times[zone] = local_iso(local)
        reasons = []
        for reason in self.reasons:
            reasons.append(reason.to_dict())
        return {
            "number": self.number,
            "at": at,
            "channel": self.channel._value_,
            "purpose": self.purpose._value_,
            "contact": self.contact._value_,
            "call_type": self.call_type._value_,
            "action": self.action._value_,
            "allowed": self.action._value_ == self.channel._value_,
            "next_allowed_at": at if self.next_allowed_at is self.at else _iso(self.next_allowed_at),
            "window_closes_at": None if closes is None else _iso(closes),
            "region": self.region,
            "subdivision": self.subdivision,
            "places": list(self.places),
            "number_type": self.number_type,
            "zones": list(self.zones),
            "local_times": local_times,
            "reasons": reasons,
            "versions": dict(self.versions),
        }


class _DecisionDraft(Decision):
    """A Decision being filled in by `new_decision` (never seen outside it): the same slots, but
    plain attribute writes, which a frozen dataclass's __init__ replaces by one
    object.__setattr__ call per field (17 fields: ~1.6 us of a ~12 us decision).

    Both of the frozen class's hooks are given back to object: CPython writes an attribute with
    its C setter directly only when __setattr__ and __delattr__ are both object's (they share
    one type slot); with __setattr__ alone each write still looked object.__setattr__ up and
    called it through its wrapper (callgrind: ~0.1 us a write, 1.6 -> 0.3 us a decision)."""

    __slots__ = ()
    __setattr__ = object.__setattr__
    __delattr__ = object.__delattr__


def new_decision(
    number: str, at: datetime, channel: Channel, purpose: Purpose, contact: ContactKind, action: Action,
    next_allowed_at: datetime | None, region: str | None, subdivision: str | None, number_type: str,
    zones: tuple[str, ...], local_times: Mapping[str, datetime], reasons: tuple[Reason, ...],
    versions: Mapping[str, str], window_closes_at: datetime | None, places: tuple[str, ...], call_type: CallType,
) -> Decision:
    """Decision(...) with every field given, in field order, built without the per-field calls
    of the frozen __init__ (the kernel's path: Policy.decide). The result is a Decision like any
    other (its class, equality, repr; assigning a field raises FrozenInstanceError): written as a
    draft of the same layout whose class is then switched."""
    # (Any: to the type checker these are the frozen fields of a Decision)
    self: Any = object.__new__(_DecisionDraft)
    self.number = number
    self.at = at
    self.channel = channel
    self.purpose = purpose
    self.contact = contact
    self.action = action
    self.next_allowed_at = next_allowed_at
    self.region = region
    self.subdivision = subdivision
    self.number_type = number_type
    self.zones = zones
    self.local_times = local_times
    self.reasons = reasons
    self.versions = versions
    self.window_closes_at = window_closes_at
    self.places = places
    self.call_type = call_type
    self.__class__ = Decision
    return cast(Decision, self)


# `new_decision` writes every field by name: a field added to Decision must be added there too.
if Decision.__slots__ != new_decision.__code__.co_varnames[:new_decision.__code__.co_argcount]:  # pragma: no cover
    raise ImportError("callwindow.model: new_decision() does not take Decision's fields in order")


# The ISO text of UTC instants formatted lately (isoformat costs ~0.5 us: a decision's
# next_allowed_at and window_closes_at are segment edges shared by many decisions, and a batch
# asks about many numbers at one instant). Kept only for exact datetimes in datetime.UTC, where
# equal keys mean equal text (equal aware datetimes of other zones can print other offsets).
# Bounded: cleared when full (a get, a set or a clear is atomic among threads).
ISO_CACHE_SIZE = 4096
_iso_text: dict[datetime, str] = {}


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is not UTC or type(moment) is not datetime:
        return moment.isoformat().replace("+00:00", "Z")
    text = _iso_text.get(moment)
    if text is None:
        if len(_iso_text) >= ISO_CACHE_SIZE:
            _iso_text.clear()
        text = _iso_text[moment] = moment.isoformat().replace("+00:00", "Z")
    return text


# The ISO text of local times formatted lately (an aware isoformat reads the zone's offset: ~0.75 us,
# about half of to_dict; a batch asks many numbers of one zone at one instant, a dialer polls).
# Keyed by the datetime object itself (its id; the object is kept beside its text, so no other
# object can have that id while it is kept): clock.local_time hands out one object per instant and
# zone, so the decisions of an instant share it, and an object's text never changes - no hash of
# a new aware datetime (~0.2 us: it reads the zone's offset too), no fold or zone to tell apart.
# Bounded as _iso_text.
_local_text: dict[int, tuple[datetime, str]] = {}


def local_iso(local: datetime) -> str:
    """A local time's ISO text with its offset, cached by the datetime object (see _local_text)."""
    found = _local_text.get(id(local))
    if found is not None and found[0] is local:
        return found[1]
    text = local.isoformat()
    if type(local) is datetime:  # (a subclass may print otherwise: not kept)
        if len(_local_text) >= ISO_CACHE_SIZE:
            _local_text.clear()
        _local_text[id(local)] = (local, text)
    return text


# Every reason code with its meaning, in ReasonCode's order (which docs/reason-codes.md and
# the batch API's reason masks follow). Keys are the plain code strings.
REASON_CODES: Mapping[str, str] = {code.value: code.meaning for code in ReasonCode}
