"""A picture of the day: when a contact may be called or texted, slot by slot.

Built from the engine only: at the start of every 30-minute slot the policy
is asked about a call (and, when the call is refused without a text-instead
answer, about a text), and the slot gets one character:

    #  a call is allowed           ~  only a text is allowed
    L  closed by a law             h  public holiday or legal no-call day
    r  rest day                    m  meal time
    n  night (too late/too early)  w  outside working hours (business) / busy
    c  a company rule              .  other (window closing, caps...)
    x  never (no known zone, consent required...)

The "why" of a closed slot is read from the call decision's reasons, most
important first: law, holiday, rest day, meal, night, working hours, company.

`--timeline`: the next 24 hours (48 slots) from the slot containing now.
`--week`: seven rows, one per local day, slot k at wall-clock k x 30 minutes;
now is marked in the first row.

A number with one zone gets one strip. With several candidate zones the full picture
(`--all-zones`, and the JSON) is one strip per candidate zone (the contact narrowed to that
zone) and one for all of them together (what the answer uses), on the caller's clock; the
compact picture (the default on a terminal) is only the strip of all zones together, read on
the clock of the zone that binds (`focus`), with the other zones' offsets in one line.

This module computes the strips (a Picture, also given as JSON); callwindow.cli.timeline
draws them as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from . import clock
from .errors import InvalidZone
from .model import Action, Decision, ReasonCode, RuleKind
from .zone_words import zone_name

if TYPE_CHECKING:  # pragma: no cover
    from .history import History
    from .policy import Policy
    from .request import Question
    from .settings import MyZone

SLOT = timedelta(minutes=30)
SLOTS_PER_DAY = 48

CALL, TEXT, LAW, HOLIDAY, REST, MEAL, NIGHT, WORK, COMPANY, OTHER, NEVER = "#~Lhrmnwc.x"
LEGEND: dict[str, str] = {
    CALL: "call", TEXT: "text only", LAW: "law", HOLIDAY: "holiday", REST: "rest day", MEAL: "meal",
    NIGHT: "night", WORK: "working hours", COMPANY: "company rule", OTHER: "other", NEVER: "never",
}
_NOT_CLOSING = frozenset({
    ReasonCode.ADVISORY, ReasonCode.NO_FIXED_HOURS, ReasonCode.SEVERAL_ZONES, ReasonCode.HINT_CONFLICT,
    ReasonCode.CALENDAR_UNKNOWN, ReasonCode.TEXT_INSTEAD, ReasonCode.NO_WINDOW,
})
# Courtesy/company codes -> character, most important first.
_BY_CODE: tuple[tuple[frozenset[ReasonCode], str], ...] = (
    (frozenset({ReasonCode.PUBLIC_HOLIDAY, ReasonCode.STATUTORY_NO_CALL_DAY, ReasonCode.STATE_OF_EMERGENCY}), HOLIDAY),
    (frozenset({ReasonCode.CLOSED_DAY}), REST),
    (frozenset({ReasonCode.MEAL_TIME}), MEAL),
    (frozenset({ReasonCode.NIGHT}), NIGHT),
    (frozenset({ReasonCode.OUTSIDE_WORKING_HOURS, ReasonCode.END_OF_WORKDAY, ReasonCode.BUSY_HOURS}), WORK),
)


def classify(call: Decision, text: Decision | None) -> str:
    """The character of a slot from the engine's decisions at its start: the
    call decision, and the text decision (None when not needed)."""
    if call.allowed:
        return CALL
    if call.action is Action.SMS or (text is not None and text.allowed):
        return TEXT
    if call.action is Action.BLOCK:
        return NEVER
    closing = [reason for reason in call.reasons if reason.code not in _NOT_CLOSING]
    if any(reason.kind in (RuleKind.LAW, RuleKind.PRACTICE) for reason in closing):  # industry codes bind too
        return LAW
    codes = {reason.code for reason in closing}
    for group, character in _BY_CODE:
        if codes & group:
            return character
    if any(reason.kind is RuleKind.COMPANY for reason in closing):
        return COMPANY
    return OTHER


@dataclass(frozen=True)
class Row:
    label: str  # "Tue 24 Nov" in week rows, "" otherwise
    starts: tuple[datetime | None, ...]  # slot start instants (UTC); None: the wall time does not exist that day
    cells: str  # one character per slot
    day: date | None = None


@dataclass(frozen=True)
class Strip:
    """The rows of one zone (or of all candidate zones together)."""

    title: str
    zone: str | None  # the candidate zone, None for all zones together
    clock_name: str  # whose wall clock the hours are read in
    tz: tzinfo
    rows: tuple[Row, ...]
    their_clock: bool = True  # the hours are the contact's (a zone's clock), not the caller's


@dataclass(frozen=True)
class Picture:
    number: str
    at: datetime
    channel: str
    purpose: str
    contact: str
    week: bool
    strips: tuple[Strip, ...]
    me: MyZone | None
    zones: tuple[str, ...] = ()  # every candidate zone of the number
    focus: str | None = None  # the compact picture's clock: the zone that binds (or the first)

    def to_dict(self) -> dict[str, Any]:
        return {
            "slot_minutes": int(SLOT.total_seconds() // 60),
            "span": "week" if self.week else "24h",
            "legend": dict(LEGEND),
            "strips": [
                {
                    "zone": strip.zone,
                    "clock": strip.clock_name,
                    "rows": [
                        {"date": row.day.isoformat() if row.day else None,
                         "start": _iso(next((start for start in row.starts if start is not None), None)),
                         "slots": row.cells}
                        for row in strip.rows
                    ],
                }
                for strip in self.strips
            ],
        }


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def day_picture(
    policy: Policy, question: Question, history: History | None = None, *, week: bool = False,
    me: MyZone | None = None, focus: str | None = None,
) -> Picture:
    """The strips for a question from its instant: 24 hours, or 7 local days with `week`.

    `focus`: one of several candidate zones (the one that binds): only the strip of all zones
    together is computed, read on that zone's clock (the compact picture). None: the full
    picture, a strip per zone and one together on the caller's clock."""
    base = policy.answer(question, history)
    zones = base.zones
    at = question.at
    cache: dict[tuple[str | None, datetime], str] = {}

    def cell(narrow: str | None, start: datetime | None) -> str:
        if start is None:
            return " "
        key = (narrow, start)
        found = cache.get(key)
        if found is None:
            asked = question.replace(at=start, channel="call", **({"zone": narrow} if narrow is not None else {}))
            call = policy.answer(asked, history)
            text = None
            if not call.allowed and call.action not in (Action.SMS, Action.BLOCK):
                text = policy.answer(asked.replace(channel="sms"), history)
            found = cache[key] = classify(call, text)
        return found

    strips: list[Strip] = []
    single = len(zones) == 1
    if focus is not None and not single and focus in zones:
        tz = clock.get_zone(focus)
        rows = _week_rows(at, focus, tz) if week else [_day_row(at)]
        strips.append(Strip(
            title=f"all {len(zones)} zones together, on {focus}'s clock",
            zone=None, clock_name=focus, tz=tz,
            rows=tuple(Row(label, starts, "".join(cell(None, start) for start in starts), day)
                       for label, starts, day in rows),
        ))
        return Picture(base.number, base.at, base.channel.value, base.purpose.value, base.contact.value, week,
                       tuple(strips), me, zones, focus)
    for candidate in zones:
        tz = clock.get_zone(candidate)
        narrow = None if single else candidate
        rows = _week_rows(at, candidate, tz) if week else [_day_row(at)]
        strips.append(Strip(
            title=f"{candidate} ({zone_name(candidate)})",  # as people say it: `Eastern Time` (CLDR)
            zone=candidate, clock_name=candidate, tz=tz,
            rows=tuple(Row(label, starts, "".join(cell(narrow, start) for start in starts), day)
                       for label, starts, day in rows),
        ))
    if len(zones) != 1:
        # All candidate zones together: what the answer itself uses, on the caller's clock.
        tz = me.tz if me is not None else UTC
        name = me.name if me is not None else "UTC"
        rows = _week_rows(at, name, tz) if week else [_day_row(at)]
        title = f"all {len(zones)} zones together (your time, {name})" if zones else "no known time zone"
        strips.append(Strip(
            title=title, zone=None, clock_name=name, tz=tz,
            rows=tuple(Row(label, starts, "".join(cell(None, start) for start in starts), day)
                       for label, starts, day in rows),
            their_clock=False,
        ))
    return Picture(base.number, base.at, base.channel.value, base.purpose.value, base.contact.value, week,
                   tuple(strips), me, zones)


def _day_row(at: datetime) -> tuple[str, tuple[datetime | None, ...], None]:
    first = datetime.fromtimestamp(at.timestamp() // SLOT.total_seconds() * SLOT.total_seconds(), UTC)
    return "", tuple(first + index * SLOT for index in range(SLOTS_PER_DAY)), None


def _week_rows(at: datetime, zone_name: str, tz: tzinfo) -> list[tuple[str, tuple[datetime | None, ...], date]]:
    today = at.astimezone(tz).date()
    rows = []
    for offset in range(7):
        day = today + timedelta(days=offset)
        starts = tuple(_wall_instant(zone_name, tz, day, index * int(SLOT.total_seconds()))
                       for index in range(SLOTS_PER_DAY))
        rows.append((f"{day:%a %d %b}", starts, day))
    return rows


def _wall_instant(zone_name: str, tz: tzinfo, day: date, seconds: int) -> datetime | None:
    """The first instant whose wall clock in the zone reads `day` at or after
    `seconds` past midnight (a time in a DST gap: when the gap ends; None when
    the day has no such time). A zone that is not an IANA name (the machine's
    fixed offset) is read with plain arithmetic."""
    try:
        instant = clock.first_instant_at_or_after(zone_name, day, seconds)
    except InvalidZone:
        local = datetime(day.year, day.month, day.day, tzinfo=tz) + timedelta(seconds=seconds)
        return local.astimezone(UTC)
    return None if instant is None else clock.to_utc_datetime(instant)
