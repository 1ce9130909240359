"""Value types of the public API: what is asked and what is answered."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .errors import InvalidInput


class _Choice(enum.StrEnum):
    """A string enum whose parse() gives a clear error listing the choices.

    str(), format() and f-strings give the member's value ("call"): output and JSON depend on it.
    """

    @classmethod
    def parse(cls, value: str | _Choice) -> Any:
        if isinstance(value, cls):
            return value
        member = cls._value2member_map_.get(value)  # fast path for exact values
        if member is not None:
            return member
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            choices = ", ".join(member.value for member in cls)
            raise InvalidInput(f"unknown {cls.__name__.lower()} {value!r}: expected one of {choices}") from None


class Action(_Choice):
    CALL = "call"  # a call is allowed now
    SMS = "sms"  # a text is allowed now (asked for, or recommended instead of a call)
    DEFER = "defer"  # not now: see next_allowed_at
    BLOCK = "block"  # never: the number cannot be contacted under these rules


class Channel(_Choice):
    CALL = "call"
    SMS = "sms"


class Purpose(_Choice):
    SALES = "sales"
    SERVICE = "service"
    COLLECTION = "collection"
    PERSONAL = "personal"


class ContactKind(_Choice):
    CONSUMER = "consumer"
    BUSINESS = "business"


class RuleKind(_Choice):
    LAW = "law"
    COURTESY = "courtesy"
    COMPANY = "company"
    CONTACT = "contact"  # facts about the contact itself: unknown zone, conflicting hints


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a decision is what it is. `code` is stable API; `message` is for people."""

    code: str
    rule: str
    kind: RuleKind
    message: str
    source: str | None = None
    zone: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "rule": self.rule,
            "kind": self.kind.value,
            "message": self.message,
            "source": self.source,
            "zone": self.zone,
        }


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

    @property
    def allowed(self) -> bool:
        """True when the requested channel is allowed now."""
        return self.action.value == self.channel.value

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract shared by the command line and the HTTP service."""
        return {
            "number": self.number,
            "at": _iso(self.at),
            "channel": self.channel.value,
            "purpose": self.purpose.value,
            "contact": self.contact.value,
            "action": self.action.value,
            "allowed": self.allowed,
            "next_allowed_at": _iso(self.next_allowed_at),
            "window_closes_at": _iso(self.window_closes_at),
            "region": self.region,
            "subdivision": self.subdivision,
            "places": list(self.places),
            "number_type": self.number_type,
            "zones": list(self.zones),
            "local_times": {zone: local.isoformat() for zone, local in self.local_times.items()},
            "reasons": [reason.to_dict() for reason in self.reasons],
            "versions": dict(self.versions),
        }


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.isoformat().replace("+00:00", "Z")


# Every reason code the engine can emit, with its meaning. Stable API: codes are
# never renamed; docs/reason-codes.md lists exactly these (checked by a test).
REASON_CODES: Mapping[str, str] = {
    # from rules (law, courtesy or company); the reason's `rule` names which
    "outside_hours": "outside the hours a rule allows on this kind of day",
    "closed_day": "a rule allows nothing on this day (e.g. Sunday, a rest day)",
    "public_holiday": "a rule allows nothing on public holidays, and today is one",
    "closed_hours": "inside hours a rule closes (company rules' default code)",
    "night": "courtesy quiet hours: calls 22:00-07:00 (S1), texts 23:00-08:00 (S5)",
    "meal_time": "courtesy: the contact's meal time or noon rest (S2)",
    "outside_working_hours": "courtesy: business contacts only in working hours on working days (S7)",
    "end_of_workday": "courtesy: not in the last half hour of the workday (S8)",
    "busy_hours": "courtesy: personal calls avoid working hours (S7)",
    "statutory_no_call_day": "a law bans calls on its own list of legal holidays, and today is one",
    "state_of_emergency": "a declared state of emergency in the contact's state bans these calls",
    "consent_required": "the law requires the contact's prior consent: without it, never (block)",
    "no_fixed_hours": "the law sets no fixed hours, only reasonable times: courtesy rules apply",
    "advisory": "a requirement of the law that is not about time (e.g. check a do-not-call registry)",
    # from the contact's history (callwindow.history)
    "frequency_cap": "a law's frequency cap is reached: the reason says which, how many counted, when it frees",
    "opted_out": "the contact opted out of this channel and purpose: never (block)",
    "consent_recorded": "recorded prior consent covers this contact: laws that consent lifts are lifted",
    "agreed_callback": "the contact asked to be called back now (S11): courtesy rules are lifted, laws stay",
    "redial_after_drop": "the last call was cut off moments ago: call back at once (S10); laws stay",
    "not_convenient": "a text asked whether a call is convenient and got no or no reply (S6): call much later",
    "convenient": "the contact replied that a call is convenient now (S6): courtesy rules are lifted, laws stay",
    # from the engine
    "window_closing": "the allowed window closes within the expected call length (S9)",
    "text_instead": "a call is not allowed now but a text is: text instead (S4, S5)",
    "no_window": "no allowed time within the search horizon",
    "no_time_zone": "the number has no known location or time zone: never callable",
    "several_zones": "the number may be in several time zones; every one must allow the contact",
    "hint_conflict": "a hint (zone, region, subdivision, postal code) contradicts the number: both are considered",
    "calendar_unknown": "no public holiday calendar for the country: weekend assumed Saturday-Sunday",
}
