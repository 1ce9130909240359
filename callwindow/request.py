"""The question, as one value: may this contact be reached at this instant, on this channel,
for this purpose?

Every surface (the Python API, `can-i-call`, `can-i-call list`, HTTP, batch) builds a
`Question` and hands it to the policy; none of them re-parses options. Each field is parsed
and validated once, here, and the number is resolved with its hints to a `Subscriber` (where
the contact is); a bad field raises an InvalidInput subclass whose `field` names it.

The policy that answers (laws, courtesy profile, company rules, expected call length) is not
part of the question: it is the caller's standing configuration, and its compiled timelines
are cached per policy.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .clock import is_zone
from .errors import InvalidInput, InvalidNumber, InvalidRegion, InvalidZone
from .instants import parse_instant
from .model import CallType, Channel, ContactKind, Purpose, Reason, ReasonCode, RuleKind, Subscriber
from .numbers import normalise_region, normalise_subdivision, resolve, with_places_note

MAX_SUBJECT_LENGTH = 200  # as the history store keeps it
_NO_PLACES: frozenset[str] = frozenset()
# The fields that say where the contact is: they are resolved together with the number.
PLACE_FIELDS = ("number", "default_region", "zone", "region", "subdivision", "postal_code", "default_zone")
# Number types with no subscriber location of their own (a service, not a line somewhere): a
# declared default zone stands in for their place. Mobiles are not among them: their country's
# zones are real candidates.
NO_LOCATION_TYPES = frozenset({
    "toll_free", "premium_rate", "shared_cost", "uan", "voip", "personal_number", "pager", "voicemail",
})


@dataclass(frozen=True, slots=True)
class Question:
    """One question to the policy. Build it with `Question.of(...)`, which parses every field
    and resolves the number; the constructor trusts its arguments (callers that already hold
    a resolved subscriber, such as the batch engine, use it)."""

    number: str  # as given (any format)
    subscriber: Subscriber  # the number resolved with the hints below
    at: datetime  # aware, UTC
    channel: Channel = Channel.CALL
    purpose: Purpose = Purpose.SALES
    contact: ContactKind = ContactKind.CONSUMER
    # where the contact is, when the caller knows it (they narrow the candidate zones)
    zone: str | None = None  # IANA
    region: str | None = None  # ISO 3166-1
    subdivision: str | None = None  # ISO 3166-2, "US-FL" ("FL": the number's country)
    postal_code: str | None = None  # a US ZIP, or a CA/AU/BR/MX postcode (docs/numbers.md)
    default_region: str | None = None  # the country of a number written without +CC
    # the zone to read a number with no location of its own in (toll-free, +800...): used only then,
    # and always reported (reason default_zone_used)
    default_zone: str | None = None
    consent: bool = False  # the contact gave prior express consent
    contract: bool = False  # the call relates to an ongoing contract with the contact (lifts what the law says)
    emergencies: frozenset[str] = _NO_PLACES  # places under a declared state of emergency
    subject: str | None = None  # the debt, account or offer (caps that count per subject)
    contact_id: str | None = None  # the person or account: caps kept per person count all their numbers
    call_type: CallType = CallType.LIVE  # live, prerecorded (artificial or AI voice), automated (autodialer)

    @classmethod
    def of(
        cls,
        number: str,
        at: datetime | str | None = None,
        *,
        channel: Channel | str = Channel.CALL,
        purpose: Purpose | str = Purpose.SALES,
        contact: ContactKind | str = ContactKind.CONSUMER,
        zone: str | None = None,
        region: str | None = None,
        subdivision: str | None = None,
        postal_code: str | None = None,
        default_region: str | None = None,
        default_zone: str | None = None,
        consent: bool = False,
        contract: bool = False,
        emergencies: Iterable[str] = (),
        subject: str | None = None,
        contact_id: str | None = None,
        call_type: CallType | str = CallType.LIVE,
    ) -> Question:
        """Parse and validate every field (`at` None = now) and resolve the number. Raises
        InvalidInput (a ValueError) whose `field` attribute names the offending field; the
        number and its hints are checked first, in the order resolution reads them."""
        key = (number, channel, purpose, contact, zone, region, subdivision, postal_code, default_region,
               default_zone, consent, contract, subject, contact_id, call_type)
        plain = not emergencies and type(emergencies) in (tuple, list) and set(map(type, key)) <= _PLAIN_TYPES
        known = _asked.get(key) if plain else None
        if known is not None:  # asked before with every other field the same: only the instant is new
            return cls(known[0], known[1], _instant(at), *known[3:])
        place = _resolved(number, default_region, zone, region, subdivision, postal_code, default_zone)
        question = cls(
            subscriber=place.pop("subscriber"), **place,
            **_parsed(at=at, channel=channel, purpose=purpose, contact=contact, consent=consent, contract=contract,
                      emergencies=emergencies, subject=subject, contact_id=contact_id, call_type=call_type),
        )
        if plain:
            if len(_asked) >= ASKED_CACHE_SIZE:
                _asked.clear()
            _asked[key] = tuple(getattr(question, name) for name in _FIELDS)
        return question

    def replace(self, **changes: Any) -> Question:
        """This question with some fields changed, each parsed as `of` parses it (the others
        were parsed already); a change of the number or a hint resolves the number again."""
        unknown = set(changes) - set(_PARSERS) - set(PLACE_FIELDS)
        if unknown:
            raise TypeError(f"Question has no field {', '.join(sorted(unknown))}")
        parsed: dict[str, Any] = {}
        if any(name in changes for name in PLACE_FIELDS):
            given = {name: changes.get(name, getattr(self, name)) for name in PLACE_FIELDS}
            parsed.update(_resolved(**given))
        parsed.update(_parsed(**{name: value for name, value in changes.items() if name in _PARSERS}))
        return dataclasses.replace(self, **parsed)

    @property
    def hints(self) -> dict[str, str | None]:
        """The resolution hints, as `callwindow.resolve` takes them."""
        return {name: getattr(self, name) for name in PLACE_FIELDS[1:-1]}


# Question.of's parsed fields (all but the instant) per recent set of arguments: a number asked
# about again (a dialer polling, a list checked at several instants) is not resolved and parsed
# again. Only for arguments of plain types (text, flags, None, the choice enums; no emergencies),
# so that equal keys are equal arguments, and only for arguments that parsed: resolution and the
# parsers are pure functions of them (numbers.resolve memoises the same way). Bounded: cleared
# when full (a get, a set or a clear is atomic among threads).
ASKED_CACHE_SIZE = 4096
_asked: dict[tuple[object, ...], tuple[Any, ...]] = {}
_PLAIN_TYPES = frozenset({str, bool, type(None), Channel, Purpose, ContactKind, CallType})
_FIELDS = tuple(item.name for item in dataclasses.fields(Question))
if _FIELDS[:3] != ("number", "subscriber", "at"):  # pragma: no cover - Question.of's cached path relies on it
    raise ImportError("callwindow.request: Question's first fields must be number, subscriber, at")


def clear_cache() -> None:
    """Forget the questions asked (with numbers.clear_cache: what a cold start measures)."""
    _asked.clear()


def _instant(value: datetime | str | None) -> datetime:
    """The `at` field, parsed as Question.of parses it."""
    try:
        return parse_instant(value)
    except InvalidInput as error:
        raise _at("at", error) from None


def national_region(number: object, region: object, default_region: str | None) -> str | None:
    """The default region to read `number` with: `default_region` if given, else the contact's
    own `region` for a number written without +CC or 00 (a national number beside its country,
    as CRM exports write them), else None. One rule for the list and the batch frames."""
    if default_region is not None:
        return default_region
    if not isinstance(number, str) or not isinstance(region, str) or not region.strip():
        return None
    return None if number.strip().startswith(("+", "00")) else region.strip()


def row_default_region(number: object, row_region: object, default_region: str | None) -> str | None:
    """The country a list or frame row's number is read in when written without +CC (docs/cli.md,
    "Reading the file"): the row's own country when the row has one - a national number beside
    its country is that country's number, and a default region reading it instead would dial
    another person's number - else `default_region`. A row with a country never uses the
    default, even for a number in international form (a `00` prefix is the international one)."""
    if isinstance(row_region, str) and row_region.strip():
        return national_region(number, row_region, None)
    return default_region


def places(codes: Iterable[str] | str | None) -> frozenset[str]:
    """Validated ISO codes (country or subdivision) of places, e.g. under a declared emergency."""
    if not codes:
        return _NO_PLACES
    if isinstance(codes, str):
        codes = [codes]
    found = set()
    for code in codes:
        text = str(code).strip().upper()
        found.add(normalise_subdivision(text, None) if "-" in text else normalise_region(text))
    return frozenset(code for code in found if code)


def _resolved(
    number: object, default_region: str | None, zone: str | None, region: str | None,
    subdivision: str | None, postal_code: str | None, default_zone: str | None = None,
) -> dict[str, Any]:
    """The place fields, normalised, and the subscriber they resolve to."""
    if not isinstance(number, str):
        raise _at("number", InvalidNumber(f"number must be text, not {type(number).__name__}"))
    hints = {
        "default_region": _blank_is_none(default_region), "zone": _blank_is_none(zone),
        "region": _blank_is_none(region), "subdivision": _blank_is_none(subdivision),
        "postal_code": _blank_is_none(postal_code),
    }
    fallback = checked_default_zone(default_zone)
    try:
        subscriber = with_default_zone(resolve(number, **hints), number, hints, fallback)
    except InvalidInput as error:
        raise _at(_culprit(error, hints), error) from None
    region_code = normalise_region(hints["region"])
    subdivision_code = hints["subdivision"]
    if subdivision_code is not None and ("-" in subdivision_code or region_code is not None):
        subdivision_code = normalise_subdivision(subdivision_code, region_code)
    return {
        "number": number, "subscriber": subscriber, "zone": hints["zone"], "region": region_code,
        "subdivision": subdivision_code.upper() if subdivision_code else None, "postal_code": hints["postal_code"],
        "default_region": normalise_region(hints["default_region"]), "default_zone": fallback,
    }


def with_default_zone(subscriber: Subscriber, number: str, hints: dict[str, str | None],
                      default_zone: str | None) -> Subscriber:
    """`subscriber`, or - when its number has no location of its own (no candidate zone, or a
    toll-free, premium, shared-cost... number) but a country, and no hint placed it - the number
    read in the caller's declared default zone, with a note saying so. One rule for every surface."""
    if default_zone is None or any(hints.get(name) for name in ("zone", "subdivision", "postal_code")):
        return subscriber
    if subscriber.zones and subscriber.number_type not in NO_LOCATION_TYPES:
        return subscriber
    if subscriber.region is None:
        # An international service number (+800, +870...) belongs to no country: no law could be
        # applied in any zone, so it stays unplaceable (never callable) - the stricter answer.
        return subscriber
    placed = resolve(number, **{**hints, "zone": default_zone})
    # The default zone is the clock the number is read in, not an address: the places the number
    # gives (every state of a toll-free number's country) stay, with their note - a zone hint
    # would keep only the states of that zone. (fail closed: the contact may be in any of them)
    placed = with_places_note(dataclasses.replace(
        placed, subdivision=subscriber.subdivision, places=subscriber.places,
        notes=tuple(reason for reason in placed.notes if reason.code is not ReasonCode.SEVERAL_SUBDIVISIONS)))
    note = Reason(ReasonCode.DEFAULT_ZONE_USED, "callwindow.default-zone", RuleKind.CONTACT,
                  f"the number has no location of its own ({subscriber.number_type.replace('_', ' ')}): read in "
                  f"the default zone you declared, {default_zone}")
    return dataclasses.replace(placed, notes=(*placed.notes, note))


def checked_default_zone(value: object) -> str | None:
    """The declared default zone, checked even when no number needs it (a typo is an error now,
    not on the first toll-free number)."""
    text = _blank_is_none(value) if isinstance(value, str) or value is None else value
    if text is None:
        return None
    if not isinstance(text, str) or not is_zone(text):
        raise _at("default_zone", InvalidZone(f"default zone {text!r} is not an IANA time zone "
                                              "(e.g. America/New_York)"))
    return text


def _culprit(error: InvalidInput, hints: dict[str, str | None]) -> str:
    """Which place field an error of resolution is about."""
    if isinstance(error, InvalidZone):
        return "zone"  # (a bad default zone is named before resolution)
    if isinstance(error, InvalidRegion):
        for name, check in (("default_region", normalise_region), ("region", normalise_region)):
            try:
                check(hints[name])
            except InvalidRegion:
                return name
        return "postal_code" if hints["postal_code"] and "postal code" in str(error) else "subdivision"
    return "number"


def parse_fields(**values: Any) -> dict[str, Any]:
    """The fields other than the number and its hints (at, channel, purpose, contact, consent,
    emergencies, subject, contact id, call type), each parsed as `Question.of` parses it: for a surface that checks
    the options shared by many questions once, before the first one (InvalidInput.field names
    a bad one)."""
    return _parsed(**values)


def _parsed(**values: Any) -> dict[str, Any]:
    """The non-place fields given, each parsed (in the order of the dataclass)."""
    parsed = {}
    for name, parse in _PARSERS.items():
        if name in values:
            try:
                parsed[name] = parse(values[name])
            except InvalidInput as error:
                raise _at(name, error) from None
    return parsed


def _at(field: str, error: InvalidInput) -> InvalidInput:
    error.field = field
    return error


def _blank_is_none(value: str | None) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _flag(name: str) -> Callable[[object], bool]:
    def parse(value: object) -> bool:
        if isinstance(value, bool):
            return value
        raise InvalidInput(f"{name} must be true or false, not {value!r}")
    return parse


def _contact_id(value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"contact id must be text, not {type(value).__name__}")
    text = value.strip()
    if len(text) > MAX_SUBJECT_LENGTH:
        raise InvalidInput(f"contact id is {len(text)} characters long: at most {MAX_SUBJECT_LENGTH}")
    return text or None


def _subject(value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"subject must be text, not {type(value).__name__}")
    text = value.strip()
    if len(text) > MAX_SUBJECT_LENGTH:
        raise InvalidInput(f"subject is {len(text)} characters long: at most {MAX_SUBJECT_LENGTH}")
    return text or None


# How each field other than the place fields is parsed, in the order they are checked.
_PARSERS: dict[str, Callable[[Any], Any]] = {
    "at": parse_instant,
    "channel": Channel.parse,
    "purpose": Purpose.parse,
    "contact": ContactKind.parse,
    "consent": _flag("consent"),
    "contract": _flag("contract"),
    "emergencies": places,
    "subject": _subject,
    "contact_id": _contact_id,
    "call_type": CallType.parse,
}
