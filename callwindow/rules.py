"""Rule data: the schema, the loader (TOML, validated with errors that name the
file, rule and field) and the registry of shipped files.

A rule says, for the purposes, channels and contact kinds it covers, which
local windows are allowed (or closed) on each kind of day. Rules only ever
restrict: the policy intersects them (most restrictive wins). See
docs/rule-data.md for the format.
"""

from __future__ import annotations

import difflib
import hashlib
import math
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal, TypeVar, overload

from . import calendars, numbers
from .calendars import DayInfo
from .clock import is_zone
from .dayspecs import OBSERVED, check_spec, dates_in_year
from .errors import InvalidRegion, RuleDataError
from .model import REASON_CODES, CallType, Channel, Choice, ContactKind, Effect, Purpose, ReasonCode, RuleKind
from .resources import data_path, data_version

DAY_SECONDS = 86_400
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SPECIAL_DAYS = ("holiday", "rest_day", "working_day", "every_day")
CONFIDENCE = ("high", "medium", "low")
HOLIDAY_SCOPES = ("national", "subdivision")

_RULE_FIELDS = {
    "id", "title", "kind", "purposes", "channels", "contacts", "countries", "except_countries",
    "allowed", "closed", "no_call_days", "observed", "code", "holidays", "source", "as_of",
    "effective_from", "effective_to", "confidence", "notes", "when", "lifted_by", "effect",
    "also_zones", "message", "listed_days", "source_kind", "verified_on", "call_types",
}  # fmt: skip
EFFECTS = tuple(effect.value for effect in Effect)  # restrict, block, note
CONDITIONS = ("state_of_emergency",)
# What can lift a rule for a contact: "consent" (consent=True / --consent, or consent on record)
# and "contract" (contract=True / --contract: an ongoing contract with the contact that the call
# relates to). A rule lifts only what its law says: its file's lifted_by.
LIFTERS = ("consent", "contract")
# How strong the cited source is (docs/rule-data.md): the text itself, or someone's account of it.
SOURCE_KINDS = ("statute", "regulation", "regulator_guidance", "court_decision", "industry_code", "secondary")
# Kinds a jurisdiction file may declare: the law, or an industry code / operator practice it records.
JURISDICTION_KINDS = (RuleKind.LAW, RuleKind.PRACTICE)
_REQUIRED = ("id", "title", "source", "as_of", "effective_from", "confidence")
_FILE_SECTIONS = {"jurisdiction", "profile", "company", "rule", "cap", "relationship"}
_JURISDICTION_FIELDS = {"id", "name", "applies_to", "notes", "covers_country"}
_PROFILE_FIELDS = {"id", "name", "notes", "call_duration_minutes", "text_instead", "text_instead_after_hours", "source"}
# Ids and titles go into every reason, log line and response that names a rule: bounded so that
# a pasted document or a runaway generator fails loading instead (the longest shipped title is
# 258 characters, the longest id 63).
MAX_ID_CHARS = 200
MAX_TITLE_CHARS = 500

Windows = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule, compiled: windows are seconds after local midnight, end exclusive."""

    id: str
    title: str
    kind: RuleKind
    purposes: frozenset[Purpose]
    channels: frozenset[Channel]
    contacts: frozenset[ContactKind]
    countries: frozenset[str] | None  # None: every country
    except_countries: frozenset[str]
    closed_mode: bool  # True: the windows listed are closed; False: they are allowed
    days: tuple[tuple[str, Windows], ...]  # selector -> windows, in file order
    no_call_days: tuple[tuple[str, str], ...]  # (day spec, name): whole days closed (dayspecs)
    listed_days: tuple[tuple[str, str, Windows], ...]  # (day spec, name, allowed windows): partial days
    observed: str  # observed-day shift of no_call_days
    effect: Effect  # restrict (defer), block (never without what lifts it), note (advice only)
    when: str | None  # applies only while this condition is declared (state_of_emergency)
    lifted_by: frozenset[str]  # what lifts the rule for a contact (consent)
    also_zones: tuple[str, ...]  # zones the rule is also read in (statutes naming a fixed zone)
    message: str  # what a note-effect rule tells the caller
    code: ReasonCode
    holiday_scope: str
    source: str
    as_of: date
    effective_from: date
    effective_to: date | None
    confidence: str
    notes: str
    file: str
    source_kind: str | None = None  # statute ... secondary (SOURCE_KINDS); required in jurisdiction files
    verified_on: date | None = None  # when a person last compared the rule with its source
    call_types: frozenset[CallType] = frozenset(CallType)  # how the call is made (live, prerecorded...)

    def covers(self, purpose: Purpose, channel: Channel, contact: ContactKind, call_type: CallType,
               country: str | None) -> bool:
        if purpose not in self.purposes or channel not in self.channels or contact not in self.contacts:
            return False
        if call_type not in self.call_types:
            return False
        if self.countries is not None and country not in self.countries:
            return False
        return country not in self.except_countries

    def in_effect(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)

    def selector_for(self, info: DayInfo) -> tuple[str, Windows] | None:
        """The day selector that applies to a date, by precedence: holiday,
        rest_day / working_day, weekday name, every_day."""
        table = dict(self.days)
        if info.is_holiday and "holiday" in table:
            return "holiday", table["holiday"]
        if info.is_rest_day and "rest_day" in table:
            return "rest_day", table["rest_day"]
        if info.is_working_day and "working_day" in table:
            return "working_day", table["working_day"]
        name = _WEEKDAYS[info.weekday]
        if name in table:
            return name, table[name]
        if "every_day" in table:
            return "every_day", table["every_day"]
        return None

    def blocked(self, info: DayInfo) -> tuple[Windows, ReasonCode, str]:
        """(closed windows, reason code, selector or day name) of this rule on a day."""
        if self.no_call_days:
            name = dates_in_year(self.no_call_days, self.observed, info.day.year).get(info.day)
            return (((0, DAY_SECONDS),), ReasonCode.STATUTORY_NO_CALL_DAY, name) if name else ((), self.code, "")
        if self.listed_days:
            # A listed day allows only its windows ("the day before a holiday, 10:00-19:00"); the
            # selector is the day's name, which allowed_text() turns back into those windows.
            specs = tuple((spec, name) for spec, name, _windows in self.listed_days)
            name = dates_in_year(specs, self.observed, info.day.year).get(info.day)
            windows = self._listed_windows(name) if name else None
            return (complement(windows), self.code, name) if name and windows is not None else ((), self.code, "")
        found = self.selector_for(info)
        if found is None:  # notes, and closed-mode rules leaving days out: nothing closed
            return (), self.code, ""
        selector, windows = found
        if self.closed_mode:
            return windows, self.code, selector
        closed = complement(windows)
        if windows:
            return closed, self.code, selector
        if self.code is not ReasonCode.OUTSIDE_HOURS:  # a rule with its own code closing whole days
            return closed, self.code, selector
        holiday = info.is_holiday and selector in ("holiday", "rest_day")
        day_code = ReasonCode.PUBLIC_HOLIDAY if holiday else ReasonCode.CLOSED_DAY
        return closed, day_code, selector

    def allowed_text(self, selector: str) -> str:
        found = self._listed_windows(selector) if self.listed_days else dict(self.days).get(selector)
        return ", ".join(format_window(window) for window in found or ()) or "closed"

    def _listed_windows(self, name: str) -> Windows | None:
        """The allowed windows of a listed day by its name (an observed shift's name too)."""
        for _spec, listed, windows in self.listed_days:
            if name in (listed, f"{listed} (observed)"):
                return windows
        return None


@dataclass(frozen=True, slots=True)
class Cap:
    """A frequency cap: at most `limit` counted contacts in a rolling window (or
    none for `block_for` after an outcome). Data here; enforced with the contact
    history (see docs/rule-data.md)."""

    id: str
    title: str
    purposes: frozenset[Purpose]
    channels: frozenset[Channel]
    contacts: frozenset[ContactKind]
    limit: int | None  # attempts allowed in `window`; None with block_for
    window: str | None  # rolling "24h", "7d", "30d"..., or calendar_day / calendar_week / calendar_month
    counts: str  # attempts | contacts | conversations
    per: str  # number | subject | debt | account
    after: str | None  # only after this outcome: refusal | conversation | no_answer
    block_for: str | None  # no contact for this long after `after`, e.g. "60d"
    source: str
    as_of: date
    effective_from: date
    effective_to: date | None
    confidence: str
    notes: str
    kind: RuleKind = RuleKind.LAW  # law, or practice (a carrier's or an industry code's cap)
    source_kind: str | None = None
    verified_on: date | None = None
    across: str = "number"  # number | person: with a contact id, a person's attempts on all their numbers count

@dataclass(frozen=True, slots=True)
class RelationshipWindow:
    """An established-business-relationship exemption ([[relationship]] in a jurisdiction
    file): a relationship of `kind` (purchase | inquiry) lifts the do-not-call registry lists
    binding the file's places for `months` calendar months or `days` days after it (the law's
    own unit; both where two laws bind together: the earlier end), on `channels` for
    `purposes`. No window in the data: no exemption (fail closed)."""

    id: str
    title: str
    kind: str  # a history.RelationshipKind value
    months: int | None
    purposes: frozenset[Purpose]
    channels: frozenset[Channel]
    source: str
    source_kind: str
    as_of: date
    verified_on: date
    effective_from: date
    effective_to: date | None
    confidence: str
    notes: str
    days: int | None = None

    def in_effect(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)

    @property
    def span(self) -> str:
        """The window's length as the law counts it: `540 days`, `18 months`, `3 months or 90
        days, whichever ends first`."""
        if self.days is not None and self.months is not None:
            return f"{self.months} months or {self.days} days, whichever ends first"
        return f"{self.days} days" if self.days is not None else f"{self.months} months"


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    id: str
    name: str
    applies_to: tuple[str, ...]  # ISO 3166-1 regions and ISO 3166-2 subdivisions
    rules: tuple[Rule, ...]
    notes: str
    file: str
    caps: tuple[Cap, ...] = ()
    relationships: tuple[RelationshipWindow, ...] = ()  # EBR exemptions from its do-not-call registry
    # False for a file of one law shared by several countries (EU.toml: the ePrivacy Directive):
    # it applies where applies_to says, but a country it names without a file of its own still
    # gets no_rule_data - one shared rule is not the country's calling law.
    covers_country: bool = True


@dataclass(frozen=True, slots=True)
class Profile:
    """The courtesy profile, or a company's rules: rules plus a few settings."""

    id: str
    name: str
    rules: tuple[Rule, ...]
    call_duration_minutes: float | None
    text_instead: bool
    text_instead_after_hours: float
    file: str
    digest: str = ""  # of the file's bytes, stamped on decisions for audit


def complement(windows: Windows) -> Windows:
    result: list[tuple[int, int]] = []
    cursor = 0
    for start, end in windows:
        if start > cursor:
            result.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < DAY_SECONDS:
        result.append((cursor, DAY_SECONDS))
    return tuple(result)


def format_window(window: tuple[int, int]) -> str:
    return f"{_hhmm(window[0])}-{_hhmm(window[1])}"


def _hhmm(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


# ---------------------------------------------------------------- parsing


class _Context:
    def __init__(self, file: str) -> None:
        self.file = file
        self.rule: str | None = None

    def fail(self, field: str | None, problem: str) -> RuleDataError:
        return RuleDataError(self.file, self.rule, field, problem)


def _unknown_keys(context: _Context, found: Iterable[str], allowed: set[str], where: str | None) -> None:
    for key in found:
        if key not in allowed:
            close = difflib.get_close_matches(key, sorted(allowed), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise context.fail(where or key, f"unknown key {key!r}{hint}")


def _shown(value: Any) -> str:
    """A value as errors quote it, cut short: a 1 MB id must not make a 1 MB message."""
    text = repr(value)
    return text if len(text) <= 60 else text[:60] + "..."


def _start_item(context: _Context, raw: dict[str, Any]) -> None:
    """Errors from here on name this rule, cap or window by its id (cut short if it is not sane)."""
    value = raw.get("id", "?")
    text = value if isinstance(value, str) else _shown(value)
    context.rule = text if len(text) <= MAX_ID_CHARS else text[:60] + "..."


def _line(context: _Context, field: str, value: Any, limit: int) -> str:
    """An id, title or name: a non-empty one-line string of at most `limit` characters."""
    if not isinstance(value, str) or not value.strip():
        raise context.fail(field, f"expected a non-empty string, got {_shown(value)}")
    if len(value) > limit:
        raise context.fail(field, f"is {len(value):,} characters long: at most {limit}")
    if "\n" in value or "\r" in value:  # every surface shows it on one line (reasons, headers, logs)
        raise context.fail(field, "must be one line")
    return value


def _parse_places(context: _Context, field: str, value: Any, subdivisions: bool) -> tuple[str, ...]:
    """A list of ISO 3166-1 codes (with `subdivisions`, ISO 3166-2 codes too), each a place the
    project knows. A bare string is refused (frozenset("US") is {"U", "S"}), and so is an unknown
    code or a country's name: either would load and never apply."""
    if subdivisions:
        wanted = 'ISO 3166-1 or 3166-2 codes like ["US", "US-FL"]'
    else:
        wanted = 'ISO 3166-1 country codes like ["US", "FR"]'
    if not isinstance(value, list):
        raise context.fail(field, f"expected a list of {wanted}, got {_shown(value)}")
    for item in value:
        problem = _place_problem(item, subdivisions)
        if problem:
            raise context.fail(field, f"{problem}: expected {wanted}")
    return tuple(value)


def _place_problem(code: Any, subdivisions: bool) -> str | None:
    """What is wrong with one code of a places list, or None."""
    if not isinstance(code, str):
        return f"{_shown(code)} is not a code"
    if "-" not in code:
        return None if _known_country(code) else f"unknown country {_shown(code)}{_did_you_mean(code, subdivisions)}"
    if not subdivisions:  # company and courtesy rules are matched on the number's country only
        return f"{_shown(code)} is not a country"
    return None if _known_subdivision(code) else f"unknown subdivision {_shown(code)}{_did_you_mean(code, True)}"


def _known_country(code: str) -> bool:
    """A region code exactly as numbers.normalise_region writes it (the regions numbers get)."""
    try:
        return numbers.normalise_region(code) == code
    except InvalidRegion:
        return False


def _known_subdivision(code: str) -> bool:
    """A well-formed ISO 3166-2 code that one of the project's place tables names."""
    try:
        if numbers.normalise_subdivision(code, None) != code:
            return False
    except InvalidRegion:
        return False
    country = code.partition("-")[0]
    if calendars.holiday_subdivision(country, code) is not None or code in _table_subdivisions():
        return True
    return code in _postal_subdivisions()  # last: the ZIP table is the largest to read


@lru_cache(maxsize=1)
def _table_subdivisions() -> frozenset[str]:
    """The subdivisions of the region-name table (every surface's subdivision hints) and of the
    zone tables (area codes, data/subdivision_zones.csv)."""
    named = {code for (kind, _name), code in numbers.region_names().items() if kind == "subdivision"}
    return frozenset(named | set(numbers.subdivision_zones()))


@lru_cache(maxsize=1)
def _postal_subdivisions() -> frozenset[str]:
    """The subdivisions the postcode tables place contacts in (a place without "-" is a region)."""
    places = {place for place, _zone in numbers.us_postal_codes().values()}
    places.update(place for place, _zones in numbers.ru_postcodes().values())
    places.update(entry[2] for ranges in numbers.postal_code_ranges().values() for entry in ranges)
    return frozenset(place for place in places if "-" in place)


def _did_you_mean(code: str, subdivisions: bool) -> str:
    """' (did you mean 'US'?)' when the project reads `code` as a known code elsewhere (a lower-case
    code, a name like "usa" or "Florida" in a hint), else ''."""
    try:
        found = numbers.normalise_region(code) if "-" not in code else None
    except InvalidRegion:
        found = None
    if found is None and subdivisions:
        try:
            found = numbers.normalise_subdivision(code, None)
        except InvalidRegion:
            found = None
    if found is None or found == code or _place_problem(found, subdivisions) is not None:
        return ""
    return f" (did you mean {found!r}?)"


def _parse_time(context: _Context, field: str, text: str) -> int:
    hours, sep, minutes = text.partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit() or len(minutes) != 2:
        raise context.fail(field, f"malformed time {text!r}: expected HH:MM")
    value = int(hours) * 3600 + int(minutes) * 60
    if int(minutes) > 59 or value > DAY_SECONDS:
        raise context.fail(field, f"time {text!r} is out of range 00:00-24:00")
    return value


def _parse_windows(context: _Context, field: str, value: Any) -> Windows:
    if not isinstance(value, list):
        raise context.fail(field, 'expected a list of "HH:MM-HH:MM" windows ([] means closed all day)')
    windows = []
    for item in value:
        if not isinstance(item, str) or item.count("-") != 1:
            raise context.fail(field, f'malformed window {item!r}: expected "HH:MM-HH:MM"')
        start_text, end_text = item.split("-")
        start, end = _parse_time(context, field, start_text.strip()), _parse_time(context, field, end_text.strip())
        if start >= end:
            raise context.fail(field, f"window {item!r} is empty or reversed (windows may not cross midnight)")
        windows.append((start, end))
    windows.sort()
    for (_, first_end), (second_start, _) in pairwise(windows):
        if second_start < first_end:
            raise context.fail(field, f"windows overlap in {value!r}")
    return tuple(windows)


def _expand_selector(context: _Context, field: str, selector: str) -> list[str]:
    if selector in _SPECIAL_DAYS or selector in _WEEKDAYS:
        return [selector]
    first, sep, last = selector.partition("-")
    if sep and first in _WEEKDAYS and last in _WEEKDAYS and _WEEKDAYS.index(first) < _WEEKDAYS.index(last):
        return list(_WEEKDAYS[_WEEKDAYS.index(first) : _WEEKDAYS.index(last) + 1])
    choices = list(_SPECIAL_DAYS + _WEEKDAYS) + ["mon-fri", "sat-sun"]
    close = difflib.get_close_matches(selector, choices, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise context.fail(field, f"unknown day selector {selector!r}{hint}")


def _parse_days(context: _Context, field: str, table: Any, closed_mode: bool) -> tuple[tuple[str, Windows], ...]:
    if not isinstance(table, dict) or not table:
        raise context.fail(field, "expected a table of day selectors, e.g. mon-fri = [\"09:00-20:00\"]")
    days: dict[str, Windows] = {}
    for selector, value in table.items():
        windows = _parse_windows(context, f"{field}.{selector}", value)
        for day in _expand_selector(context, f"{field}.{selector}", selector):
            if day in days:
                raise context.fail(f"{field}.{selector}", f"day {day!r} is given twice")
            days[day] = windows
    if not closed_mode:
        complete = "every_day" in days or all(day in days for day in _WEEKDAYS) or (
            "working_day" in days and "rest_day" in days
        )
        if not complete:
            missing = [day for day in _WEEKDAYS if day not in days]
            raise context.fail(
                field, f"days {', '.join(missing)} have no windows: add them, every_day, or working_day and rest_day"
            )
    return tuple(days.items())


@overload
def _parse_date(context: _Context, field: str, value: Any, required: Literal[True]) -> date: ...
@overload
def _parse_date(context: _Context, field: str, value: Any, required: bool) -> date | None: ...
def _parse_date(context: _Context, field: str, value: Any, required: bool) -> date | None:
    if value is None and not required:
        return None
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise context.fail(field, f"expected a date like 2026-01-31, got {value!r}")


_C = TypeVar("_C", bound=Choice)


def _parse_choices(context: _Context, field: str, value: Any, kind: type[_C]) -> frozenset[_C]:
    if value is None:
        return frozenset(kind)
    if not isinstance(value, list) or not value:
        raise context.fail(field, f"expected a non-empty list of {', '.join(m.value for m in kind)}")
    try:
        return frozenset(kind(item) for item in value)
    except ValueError:
        raise context.fail(field, f"expected values among {', '.join(m.value for m in kind)}, got {value!r}") from None


def _parse_rule(context: _Context, raw: Any, default_kind: RuleKind) -> Rule:
    if not isinstance(raw, dict):
        raise context.fail("rule", "each [[rule]] must be a table")
    _start_item(context, raw)
    _unknown_keys(context, raw, _RULE_FIELDS, None)
    for name in _REQUIRED:
        if name not in raw:
            raise context.fail(name, "is required")
    rule_id = _line(context, "id", raw["id"], MAX_ID_CHARS)
    title = _line(context, "title", raw["title"], MAX_TITLE_CHARS)
    effect = _parse_effect(context, raw.get("effect", Effect.RESTRICT))
    sources = [name for name in ("allowed", "closed", "no_call_days", "listed_days") if name in raw]
    if effect is Effect.NOTE:
        if sources:
            raise context.fail(sources[0], "a note-effect rule closes no time: remove it")
        if not raw.get("message"):
            raise context.fail("message", "a note-effect rule needs the message it gives")
    elif len(sources) != 1:
        raise context.fail(
            "allowed", "a rule has exactly one of [rule.allowed], [rule.closed], no_call_days or listed_days"
        )
    source = raw["source"]
    if not isinstance(source, str) or not source.startswith(("https://", "http://", "seed:")):
        raise context.fail("source", "expected a URL (or seed:S<n> for the source documents' rules)")
    confidence = raw["confidence"]
    if confidence not in CONFIDENCE:
        raise context.fail("confidence", f"expected one of {', '.join(CONFIDENCE)}, got {confidence!r}")
    scope = raw.get("holidays", "subdivision")
    if scope not in HOLIDAY_SCOPES:
        raise context.fail("holidays", f"expected one of {', '.join(HOLIDAY_SCOPES)}, got {scope!r}")
    try:
        kind = RuleKind(raw.get("kind", default_kind.value))
    except ValueError:
        kind = RuleKind.CONTACT
    if kind is RuleKind.CONTACT:
        raise context.fail("kind", f"expected law, practice, courtesy or company, got {raw.get('kind')!r}")
    source_kind = raw.get("source_kind")
    if source_kind is not None and source_kind not in SOURCE_KINDS:
        close = difflib.get_close_matches(str(source_kind), SOURCE_KINDS, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise context.fail("source_kind", f"expected one of {', '.join(SOURCE_KINDS)}, got {source_kind!r}{hint}")
    if source_kind == "industry_code" and kind is RuleKind.LAW:
        raise context.fail("kind", 'a rule sourced to an industry code is kind = "practice", not law')
    closed_mode = "closed" in raw
    code = _parse_code(context, raw.get("code", ReasonCode.CLOSED_HOURS if closed_mode else ReasonCode.OUTSIDE_HOURS))
    when = raw.get("when")
    if when is not None and when not in CONDITIONS:
        raise context.fail("when", f"expected one of {', '.join(CONDITIONS)}, got {when!r}")
    lifted_by = raw.get("lifted_by", [])
    if not isinstance(lifted_by, list) or any(item not in LIFTERS for item in lifted_by):
        raise context.fail("lifted_by", f"expected a list among {', '.join(LIFTERS)}, got {lifted_by!r}")
    also_zones = raw.get("also_zones", [])
    if not isinstance(also_zones, list) or not all(isinstance(zone, str) for zone in also_zones):
        raise context.fail("also_zones", "expected a list of IANA zone names")
    for zone in also_zones:
        if not is_zone(zone):
            raise context.fail("also_zones", f"unknown time zone {zone!r}")
    observed = raw.get("observed", "none")
    if observed not in OBSERVED:
        raise context.fail("observed", f"expected one of {', '.join(OBSERVED)}, got {observed!r}")
    no_call_days = _parse_no_call_days(context, raw.get("no_call_days"))
    listed_days = _parse_listed_days(context, raw.get("listed_days"))
    if no_call_days or listed_days:
        days: tuple[tuple[str, Windows], ...] = ()
    elif effect is Effect.NOTE:
        days = ()
    else:
        days_field = "closed" if closed_mode else "allowed"
        days = _parse_days(context, days_field, raw[days_field], closed_mode)
    effective_from = _parse_date(context, "effective_from", raw["effective_from"], True)
    effective_to = _parse_date(context, "effective_to", raw.get("effective_to"), False)
    assert effective_from is not None
    if effective_to is not None and effective_to <= effective_from:
        raise context.fail("effective_to", "must be after effective_from")
    countries, except_countries = _parse_countries(context, raw)
    rule = Rule(
        id=rule_id,
        title=title,
        kind=kind,
        purposes=_parse_choices(context, "purposes", raw.get("purposes"), Purpose),
        channels=_parse_choices(context, "channels", raw.get("channels"), Channel),
        contacts=_parse_choices(context, "contacts", raw.get("contacts"), ContactKind),
        call_types=_parse_choices(context, "call_types", raw.get("call_types"), CallType),
        countries=countries,
        except_countries=except_countries,
        closed_mode=closed_mode,
        days=days,
        no_call_days=no_call_days,
        listed_days=listed_days,
        observed=observed,
        effect=effect,
        when=when,
        lifted_by=frozenset(lifted_by),
        also_zones=tuple(also_zones),
        message=str(raw.get("message", "")),
        code=code,
        holiday_scope=scope,
        source=source,
        as_of=_parse_date(context, "as_of", raw["as_of"], True),
        effective_from=effective_from,
        effective_to=effective_to,
        confidence=confidence,
        notes=str(raw.get("notes", "")),
        file=context.file,
        source_kind=source_kind,
        verified_on=_parse_date(context, "verified_on", raw.get("verified_on"), False),
    )
    context.rule = None
    return rule


def _parse_countries(context: _Context, raw: dict[str, Any]) -> tuple[frozenset[str] | None, frozenset[str]]:
    """A rule's countries (None: every country) and except_countries, each a real country, and
    together leaving the rule some country to apply in."""
    countries = None
    if "countries" in raw:
        countries = frozenset(_parse_places(context, "countries", raw["countries"], subdivisions=False))
        if not countries:
            raise context.fail("countries", "an empty list applies the rule nowhere: leave it out for every country")
    excepted = frozenset(_parse_places(context, "except_countries", raw.get("except_countries", []), False))
    both = sorted(excepted & (countries or frozenset()))
    if both:
        raise context.fail("except_countries", f"{', '.join(both)} also in countries: the rule never applies there")
    return countries, excepted


def _parse_effect(context: _Context, value: Any) -> Effect:
    try:
        return Effect(value)
    except ValueError:
        raise context.fail("effect", f"expected one of {', '.join(EFFECTS)}, got {value!r}") from None


def _parse_code(context: _Context, value: Any) -> ReasonCode:
    """A rule's `code`: the plain string of rule data, as the ReasonCode it names."""
    text = str(value)
    found = next((code for code in ReasonCode if code.value == text), None)
    if found is None:
        close = difflib.get_close_matches(text, sorted(REASON_CODES), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise context.fail("code", f"unknown reason code {text!r}{hint}: codes are listed in docs/reason-codes.md")
    return found


def _parse_no_call_days(context: _Context, value: Any) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not value:
        raise context.fail("no_call_days", 'expected a list of {day = "07-04", name = "Independence Day"} tables')
    days = []
    for item in value:
        if not isinstance(item, dict) or set(item) != {"day", "name"}:
            raise context.fail("no_call_days", f'expected {{day = "...", name = "..."}}, got {_shown(item)}')
        days.append(_listed_day(context, "no_call_days", item))
    return tuple(days)


def _parse_listed_days(context: _Context, value: Any) -> tuple[tuple[str, str, Windows], ...]:
    """Partial days: on each listed day only its `allowed` windows are open (the rest closed)."""
    if value is None:
        return ()
    example = '{day = "12-24", name = "Christmas Eve", allowed = ["09:00-18:30"]}'
    if not isinstance(value, list) or not value:
        raise context.fail("listed_days", f"expected a list of {example} tables")
    days = []
    for item in value:
        if not isinstance(item, dict) or set(item) != {"day", "name", "allowed"}:
            raise context.fail("listed_days", f"expected {example}, got {_shown(item)}")
        spec, name = _listed_day(context, "listed_days", item)
        windows = _parse_windows(context, "listed_days.allowed", item["allowed"])
        if not windows:
            raise context.fail("listed_days.allowed", "a listed day allows some windows: whole days are no_call_days")
        days.append((spec, name, windows))
    return tuple(days)


def _listed_day(context: _Context, field: str, item: dict[str, Any]) -> tuple[str, str]:
    """(day spec, name) of one no_call_days / listed_days entry: a well-formed spec (dayspecs)
    and the name its reasons give."""
    spec = item["day"]
    if not isinstance(spec, str):
        raise context.fail(field, f'expected the day as a string like "07-04", got {_shown(spec)}')
    problem = check_spec(spec)
    if problem:
        raise context.fail(field, problem)
    return spec, _line(context, f"{field}.name", item["name"], MAX_TITLE_CHARS)


_CAP_FIELDS = {
    "id", "title", "purposes", "channels", "contacts", "limit", "window", "counts", "per", "after",
    "block_for", "source", "as_of", "effective_from", "effective_to", "confidence", "notes", "kind",
    "source_kind", "verified_on", "across",
}  # fmt: skip
CAP_COUNTS = ("attempts", "contacts", "conversations")
CAP_PER = ("number", "subject", "debt", "account")
CAP_ACROSS = ("number", "person")  # what the count is kept for: the number called, or the person (all their numbers)
CAP_AFTER = ("refusal", "conversation", "no_answer")
CAP_CALENDAR_WINDOWS = ("calendar_day", "calendar_week", "calendar_month")


def parse_duration(text: str) -> int | None:
    """Seconds of "24h", "7d", "90m"; None when malformed."""
    number, unit = text[:-1], text[-1:]
    if not number.isdigit() or unit not in ("m", "h", "d") or int(number) == 0:
        return None
    return int(number) * {"m": 60, "h": 3600, "d": 86_400}[unit]


def _parse_cap(context: _Context, raw: Any) -> Cap:
    if not isinstance(raw, dict):
        raise context.fail("cap", "each [[cap]] must be a table")
    _start_item(context, raw)
    _unknown_keys(context, raw, _CAP_FIELDS, None)
    for name in ("id", "title", "counts", "per", "source", "as_of", "effective_from", "confidence"):
        if name not in raw:
            raise context.fail(name, "is required")
    cap_id = _line(context, "id", raw["id"], MAX_ID_CHARS)
    title = _line(context, "title", raw["title"], MAX_TITLE_CHARS)
    for name, choices in (("counts", CAP_COUNTS), ("per", CAP_PER), ("after", CAP_AFTER + (None,)),
                          ("across", CAP_ACROSS)):
        if raw.get(name, "number" if name == "across" else None) not in choices:
            raise context.fail(name, f"expected one of {', '.join(c for c in choices if c)}, got {raw.get(name)!r}")
    if raw["confidence"] not in CONFIDENCE:
        raise context.fail("confidence", f"expected one of {', '.join(CONFIDENCE)}")
    kind_text = raw.get("kind", RuleKind.LAW.value)
    if kind_text not in JURISDICTION_KINDS:
        raise context.fail("kind", f"expected law or practice, got {kind_text!r}")
    source_kind = raw.get("source_kind")
    if source_kind is not None and source_kind not in SOURCE_KINDS:
        raise context.fail("source_kind", f"expected one of {', '.join(SOURCE_KINDS)}, got {source_kind!r}")
    limit, window, block_for = raw.get("limit"), raw.get("window"), raw.get("block_for")
    if block_for is not None:
        if raw.get("after") is None or parse_duration(str(block_for)) is None:
            raise context.fail("block_for", 'needs `after` and a duration like "60d"')
    elif not isinstance(limit, int) or limit < 1 or window is None:
        raise context.fail("limit",
                           "a cap needs a whole-number limit of at least 1 and a window (or after + block_for)")
    if window is not None and window not in CAP_CALENDAR_WINDOWS and parse_duration(str(window)) is None:
        raise context.fail(
            "window", f'expected a rolling duration like "24h" or "7d", or one of {", ".join(CAP_CALENDAR_WINDOWS)}'
        )
    cap = Cap(
        id=cap_id,
        title=title,
        purposes=_parse_choices(context, "purposes", raw.get("purposes"), Purpose),
        channels=_parse_choices(context, "channels", raw.get("channels"), Channel),
        contacts=_parse_choices(context, "contacts", raw.get("contacts"), ContactKind),
        limit=limit,
        window=window,
        counts=raw["counts"],
        per=raw["per"],
        after=raw.get("after"),
        block_for=block_for,
        source=str(raw["source"]),
        as_of=_parse_date(context, "as_of", raw["as_of"], True),
        effective_from=_parse_date(context, "effective_from", raw["effective_from"], True),
        effective_to=_parse_date(context, "effective_to", raw.get("effective_to"), False),
        confidence=raw["confidence"],
        notes=str(raw.get("notes", "")),
        kind=RuleKind(kind_text),
        source_kind=source_kind,
        verified_on=_parse_date(context, "verified_on", raw.get("verified_on"), False),
        across=str(raw.get("across", "number")),
    )
    context.rule = None
    return cap


_RELATIONSHIP_FIELDS = {
    "id", "title", "kind", "months", "days", "purposes", "channels", "source", "source_kind", "as_of",
    "verified_on", "effective_from", "effective_to", "confidence", "notes",
}  # fmt: skip
RELATIONSHIP_KINDS = ("purchase", "inquiry")  # history.RelationshipKind (rules sits above history: spelled here)


def _parse_relationship(context: _Context, raw: Any) -> RelationshipWindow:
    if not isinstance(raw, dict):
        raise context.fail("relationship", "each [[relationship]] must be a table")
    _start_item(context, raw)
    _unknown_keys(context, raw, _RELATIONSHIP_FIELDS, None)
    for name in ("id", "title", "kind", "source", "source_kind", "as_of", "verified_on", "effective_from",
                 "confidence"):
        if name not in raw:
            raise context.fail(name, "is required")
    window_id = _line(context, "id", raw["id"], MAX_ID_CHARS)
    title = _line(context, "title", raw["title"], MAX_TITLE_CHARS)
    if raw["kind"] not in RELATIONSHIP_KINDS:
        raise context.fail("kind", f"expected one of {', '.join(RELATIONSHIP_KINDS)}, got {raw['kind']!r}")
    if "months" not in raw and "days" not in raw:
        raise context.fail("months", "is required (or days): the window's length in the law's own unit")
    months, days = raw.get("months"), raw.get("days")
    if months is not None and (not isinstance(months, int) or isinstance(months, bool) or not 1 <= months <= 120):
        raise context.fail("months", f"expected whole months between 1 and 120, got {months!r}")
    if days is not None and (not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 3660):
        raise context.fail("days", f"expected whole days between 1 and 3660, got {days!r}")
    if raw["source_kind"] not in SOURCE_KINDS:
        raise context.fail("source_kind", f"expected one of {', '.join(SOURCE_KINDS)}, got {raw['source_kind']!r}")
    if raw["confidence"] not in CONFIDENCE:
        raise context.fail("confidence", f"expected one of {', '.join(CONFIDENCE)}")
    source = raw["source"]
    if not isinstance(source, str) or not source.startswith("https://"):
        raise context.fail("source", "expected the https:// address of the text the window is read from")
    window = RelationshipWindow(
        id=window_id,
        title=title,
        kind=str(raw["kind"]),
        months=months,
        days=days,
        purposes=_parse_choices(context, "purposes", raw.get("purposes", ["sales"]), Purpose),
        channels=_parse_choices(context, "channels", raw.get("channels"), Channel),
        source=source,
        source_kind=str(raw["source_kind"]),
        as_of=_parse_date(context, "as_of", raw["as_of"], True),
        verified_on=_parse_date(context, "verified_on", raw["verified_on"], True),
        effective_from=_parse_date(context, "effective_from", raw["effective_from"], True),
        effective_to=_parse_date(context, "effective_to", raw.get("effective_to"), False),
        confidence=str(raw["confidence"]),
        notes=str(raw.get("notes", "")),
    )
    if window.effective_to is not None and window.effective_to <= window.effective_from:
        raise context.fail("effective_to", "must be after effective_from")
    context.rule = None
    return window


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise RuleDataError(str(path), None, None, f"not valid TOML: {error}") from None
    except OSError as error:
        raise RuleDataError(str(path), None, None, f"cannot read: {error.strerror}") from None


def _parse_rules(context: _Context, document: dict[str, Any], kind: RuleKind) -> tuple[Rule, ...]:
    raw_rules = document.get("rule", [])
    if not isinstance(raw_rules, list):
        raise context.fail("rule", "rules are written as [[rule]] tables")
    rules = tuple(_parse_rule(context, raw, kind) for raw in raw_rules)
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RuleDataError(context.file, rule.id, "id", "duplicate rule id")
        seen.add(rule.id)
    return rules


def _require_strength(file: str, rule_id: str, source_kind: str | None, verified_on: date | None) -> None:
    """Law data says how strong its source is and when it was last checked against it."""
    if source_kind is None:
        kinds = ", ".join(SOURCE_KINDS)
        raise RuleDataError(file, rule_id, "source_kind", f"is required in jurisdiction files: one of {kinds}")
    if verified_on is None:
        problem = "is required in jurisdiction files: the date a person last compared the rule with its source"
        raise RuleDataError(file, rule_id, "verified_on", problem)


# The header table of each kind of file. Another kind's header is refused: nothing would read it
# (a company file's [jurisdiction] places no law, a [profile] table in it sets nothing).
_FILE_KINDS = {"jurisdiction": "jurisdiction file", "profile": "courtesy profile", "company": "company file"}


def _refuse_other_headers(context: _Context, document: dict[str, Any], own: str) -> None:
    for other, kind in _FILE_KINDS.items():
        if other != own and other in document:
            raise context.fail(other, f"a {_FILE_KINDS[own]} cannot have a [{other}] table: that is a {kind}'s "
                               f"header (this file's is [{own}])")


def load_jurisdiction(path: Path) -> Jurisdiction:
    """Read and validate one jurisdiction file."""
    context = _Context(str(path))
    document = _read_toml(path)
    _unknown_keys(context, document, _FILE_SECTIONS, None)
    _refuse_other_headers(context, document, "jurisdiction")
    header = document.get("jurisdiction")
    if not isinstance(header, dict):
        raise context.fail("jurisdiction", "a [jurisdiction] table is required")
    _unknown_keys(context, header, _JURISDICTION_FIELDS, None)
    for name in ("id", "name", "applies_to"):
        if name not in header:
            raise context.fail(f"jurisdiction.{name}", "is required")
    jurisdiction_id = _line(context, "jurisdiction.id", header["id"], MAX_ID_CHARS)
    name = _line(context, "jurisdiction.name", header["name"], MAX_TITLE_CHARS)
    applies_to = _parse_places(context, "jurisdiction.applies_to", header["applies_to"], subdivisions=True)
    if not applies_to:
        raise context.fail("jurisdiction.applies_to", 'an empty list applies the file nowhere: list places like ["US"]')
    rules = _parse_rules(context, document, RuleKind.LAW)
    for rule in rules:
        if rule.kind not in JURISDICTION_KINDS:
            raise RuleDataError(str(path), rule.id, "kind", "a jurisdiction file holds laws and practice only")
        _require_strength(str(path), rule.id, rule.source_kind, rule.verified_on)
        if rule.countries is not None or rule.except_countries:
            # A law applies where its file's applies_to says; a country filter would silently disable it.
            raise RuleDataError(str(path), rule.id, "countries",
                                "laws are placed by [jurisdiction] applies_to, not by countries")
    raw_caps = document.get("cap", [])
    if not isinstance(raw_caps, list):
        raise context.fail("cap", "caps are written as [[cap]] tables")
    caps = tuple(_parse_cap(context, raw) for raw in raw_caps)
    for cap in caps:
        _require_strength(str(path), cap.id, cap.source_kind, cap.verified_on)
    if not rules and not caps:
        raise context.fail("rule", "a jurisdiction file needs at least one [[rule]] or [[cap]]")
    raw_relationships = document.get("relationship", [])
    if not isinstance(raw_relationships, list):
        raise context.fail("relationship", "relationship exemptions are written as [[relationship]] tables")
    relationships = tuple(_parse_relationship(context, raw) for raw in raw_relationships)
    covers_country = header.get("covers_country", True)
    if not isinstance(covers_country, bool):
        raise context.fail("jurisdiction.covers_country", f"expected true or false, got {covers_country!r}")
    return Jurisdiction(
        jurisdiction_id, name, applies_to, rules, str(header.get("notes", "")), str(path), caps,
        relationships, covers_country,
    )


def load_profile(path: Path, kind: RuleKind = RuleKind.COURTESY) -> Profile:
    """Read and validate a courtesy profile or a company rules file."""
    context = _Context(str(path))
    document = _read_toml(path)
    _unknown_keys(context, document, _FILE_SECTIONS, None)
    section = "profile" if kind is RuleKind.COURTESY else "company"
    _refuse_other_headers(context, document, section)
    header = document.get(section, {})
    if not isinstance(header, dict):
        raise context.fail(section, f"[{section}] must be a table")
    _unknown_keys(context, header, _PROFILE_FIELDS, section)
    for key, limit in (("id", MAX_ID_CHARS), ("name", MAX_TITLE_CHARS)):
        if key in header:
            _line(context, f"{section}.{key}", header[key], limit)
    if "cap" in document:
        raise context.fail("cap", "frequency caps belong to jurisdiction files")
    if "relationship" in document:
        raise context.fail("relationship", "relationship exemptions belong to jurisdiction files (the law's data)")
    rules = _parse_rules(context, document, kind)
    for rule in rules:
        if kind is RuleKind.COMPANY and rule.kind is RuleKind.LAW:
            raise RuleDataError(str(path), rule.id, "kind", "a company file cannot declare laws")
        if kind is RuleKind.COMPANY and rule.kind is RuleKind.PRACTICE:
            raise RuleDataError(str(path), rule.id, "kind", "a company file cannot declare industry practice")
    duration = header.get("call_duration_minutes")
    if duration is not None and (not _is_number(duration) or not 0 <= duration <= 120):
        raise context.fail(f"{section}.call_duration_minutes", "expected minutes between 0 and 120")
    after = header.get("text_instead_after_hours", 4)
    if not _is_number(after) or not 0 <= after < math.inf:  # NaN fails too (it would never recommend a text)
        raise context.fail(f"{section}.text_instead_after_hours", "expected a non-negative number of hours")
    if kind is RuleKind.COMPANY:
        for setting in ("text_instead", "text_instead_after_hours"):
            if setting in header:
                raise context.fail(f"company.{setting}",
                                   "text-instead is a courtesy setting; a company file cannot change it")
    text_instead = header.get("text_instead", kind is RuleKind.COURTESY)
    if not isinstance(text_instead, bool):  # bool("false") is True
        raise context.fail(f"{section}.text_instead", f"expected true or false, got {_shown(text_instead)}")
    return Profile(
        id=str(header.get("id", path.stem)),
        name=str(header.get("name", path.stem)),
        rules=rules,
        call_duration_minutes=duration,
        text_instead=text_instead,
        text_instead_after_hours=float(after),
        file=str(path),
        digest=hashlib.sha256(path.read_bytes()).hexdigest()[:12],
    )


def _is_number(value: Any) -> bool:
    """An int or float of the TOML; not a bool (TOML's true is Python's 1)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# ---------------------------------------------------------------- registry


@lru_cache(maxsize=1)
def shipped_jurisdictions() -> tuple[Jurisdiction, ...]:
    """Every file in data/jurisdictions, loaded and validated (cached in memory, and on disk
    by callwindow.rulecache keyed by the data digest and this code)."""
    from . import dayspecs, model, rulecache

    return rulecache.cached("jurisdictions", data_version(), (__file__, model.__file__, dayspecs.__file__),
                            _load_shipped)


def _load_shipped() -> tuple[Jurisdiction, ...]:
    folder = data_path("jurisdictions")
    found = tuple(load_jurisdiction(path) for path in sorted(folder.glob("*.toml")))
    ids: dict[str, str] = {}
    for jurisdiction in found:
        for rule in jurisdiction.rules:
            if rule.id in ids:
                raise RuleDataError(jurisdiction.file, rule.id, "id", f"rule id also used in {ids[rule.id]}")
            ids[rule.id] = jurisdiction.file
    return found


@lru_cache(maxsize=1)
def courtesy_profile() -> Profile:
    """The courtesy profile of the source documents (data/courtesy/default.toml)."""
    return load_profile(data_path("courtesy", "default.toml"), RuleKind.COURTESY)


def load_all() -> tuple[tuple[Jurisdiction, ...], Profile]:
    """Load and validate every shipped data file (tests call this)."""
    return shipped_jurisdictions(), courtesy_profile()
