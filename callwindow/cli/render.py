"""The readable answer for one number, and the terminal styling shared by the
command's outputs (colour and symbols on a terminal, plain text otherwise).

Everything shown is read from Decisions made by the engine: the answer for the
requested channel, and (for a call that is not allowed) the engine's answer
for a text at the same instant ("meanwhile").
"""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, TextIO

from ..model import Action, CallType, Decision, Reason, ReasonCode, RuleKind
from ..zone_words import zone_city, zone_name

if TYPE_CHECKING:  # pragma: no cover
    from ..settings import MyZone

# ---------------------------------------------------------------- style

_ANSI = {
    "bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "blue": "34", "magenta": "35",
    "cyan": "36", "grey": "90",
}


@dataclass(frozen=True)
class Style:
    """How to draw: ANSI colour, Unicode symbols, and the width to wrap at."""

    color: bool = False
    unicode: bool = False
    width: int | None = None  # wrap long lines at this width (a terminal); None: never wrap

    @classmethod
    def plain(cls) -> Style:
        return cls()

    @classmethod
    def for_stream(cls, stream: TextIO, mode: str | None = "auto") -> Style:
        """always / never, or auto: colour on a terminal unless NO_COLOR is set
        (non-empty) or TERM is dumb. Symbols come with colour."""
        tty = _isatty(stream)
        if mode == "always":
            color = True
        elif mode == "never":
            color = False
        else:
            color = tty and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
        unicode = color and _can_encode(stream, "✔✖✉◷█▒·▼")
        width = shutil.get_terminal_size((100, 24)).columns if tty and color else None
        return cls(color=color, unicode=unicode, width=width)

    def paint(self, text: str, *names: str) -> str:
        if not self.color or not text:
            return text
        codes = ";".join(_ANSI[name] for name in names)
        return f"\033[{codes}m{text}\033[0m"

    def bold(self, text: str) -> str:
        return self.paint(text, "bold")

    def dim(self, text: str) -> str:
        return self.paint(text, "dim")


def _isatty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _can_encode(stream: TextIO, sample: str) -> bool:
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        sample.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


# ---------------------------------------------------------------- small formatters


def format_local(moment: datetime, tz: tzinfo | None = None) -> str:
    """`Tue 24 Nov 22:30`, in `tz` when given."""
    local = moment.astimezone(tz) if tz is not None else moment
    return f"{local:%a %d %b %H:%M}"


def format_duration(wait: timedelta) -> str:
    """`2 d 23 h`, `9 h 30 min`, `45 min` (whole minutes, rounded down)."""
    minutes = max(0, int(wait.total_seconds() // 60))
    days, minutes = divmod(minutes, 1440)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{days} d" if days else "", f"{hours} h" if hours else "",
             f"{minutes} min" if minutes or not (days or hours) else ""]
    if days:  # a few days away: the minutes are noise
        parts[2] = ""
    return " ".join(part for part in parts if part)


def describe_place(region: str | None, subdivision: str | None, zones: tuple[str, ...] | list[str],
                   places: tuple[str, ...] | list[str] = ()) -> str:
    """`US-NY, Eastern Time (America/New_York)`: the ISO codes the engine knows, and the zone
    as people call it (the zone, not a claim about the contact's city). A number left in several
    subdivisions (`places`; none decided) names them, or counts them when there are many:
    `BR-DF or BR-GO`, `AU-ACT, AU-NSW or AU-VIC`, `US (any of 51 subdivisions)` - every one's law applies."""
    if not region:
        return "no known place"
    where = subdivision or region
    several = [place for place in places if place.startswith(f"{region}-")] if not subdivision else []
    if len(several) > 1:
        where = (f"{', '.join(several[:-1])} or {several[-1]}" if len(several) <= 3
                 else f"{region} (any of {len(several)} subdivisions)")
    if len(zones) == 1:
        return f"{where}, {zone_name(zones[0])} ({zones[0]})"
    if zones:
        return f"{where}, one of {len(zones)} time zones"
    return where


def _clock(local: datetime, beside: datetime) -> str:
    """`13:00`, or `Mon 23 Nov 23:00` when the date is not that of `beside`."""
    return f"{local:%H:%M}" if local.date() == beside.date() else format_local(local)


def _when(moment: datetime, tz: tzinfo, now: datetime) -> str:
    """`23:00` on the same local date as now there, `tomorrow 08:00`, else `Mon 28 Dec 10:00`."""
    local, here = moment.astimezone(tz), now.astimezone(tz)
    days = (local.date() - here.date()).days
    if days == 0:
        return f"{local:%H:%M}"
    return f"tomorrow {local:%H:%M}" if days == 1 else format_local(local)


# Plain words for the reason codes (the code itself is stable API; these are for people).
CODE_WORDS: dict[ReasonCode, str] = {
    ReasonCode.OUTSIDE_HOURS: "outside the allowed hours",
    ReasonCode.CLOSED_DAY: "closed all day",
    ReasonCode.PUBLIC_HOLIDAY: "public holiday",
    ReasonCode.CLOSED_HOURS: "closed hours",
    ReasonCode.NIGHT: "too late or too early",
    ReasonCode.MEAL_TIME: "meal time",
    ReasonCode.OUTSIDE_WORKING_HOURS: "outside working hours",
    ReasonCode.END_OF_WORKDAY: "end of the workday",
    ReasonCode.BUSY_HOURS: "working hours (personal calls)",
    ReasonCode.STATUTORY_NO_CALL_DAY: "legal no-call day",
    ReasonCode.STATE_OF_EMERGENCY: "state of emergency",
    ReasonCode.CONSENT_REQUIRED: "needs prior consent",
    ReasonCode.NO_FIXED_HOURS: "no fixed legal hours",
    ReasonCode.ADVISORY: "also required",
    ReasonCode.FREQUENCY_CAP: "too many attempts",
    ReasonCode.OPTED_OUT: "opted out",
    ReasonCode.CONSENT_RECORDED: "consent on record",
    ReasonCode.AGREED_CALLBACK: "agreed callback",
    ReasonCode.REDIAL_AFTER_DROP: "redial after a dropped call",
    ReasonCode.NOT_CONVENIENT: "not convenient",
    ReasonCode.CONVENIENT: "convenient now",
    ReasonCode.WINDOW_CLOSING: "window about to close",
    ReasonCode.TEXT_INSTEAD: "text instead",
    ReasonCode.NO_WINDOW: "no window soon",
    ReasonCode.NO_TIME_ZONE: "no known time zone",
    ReasonCode.SEVERAL_ZONES: "several time zones",
    ReasonCode.HINT_CONFLICT: "hint conflict",
    ReasonCode.CALENDAR_UNKNOWN: "holiday calendar unknown",
}

_KIND_COLOURS = {RuleKind.LAW: ("red",), RuleKind.PRACTICE: ("magenta",), RuleKind.COURTESY: ("yellow",),
                 RuleKind.COMPANY: ("blue",), RuleKind.CONTACT: ("grey",)}
_SYMBOLS = {"yes": ("✔", "+"), Action.DEFER: ("◷", "~"), Action.SMS: ("✉", ">"), Action.BLOCK: ("✖", "x")}
_COLOURS = {"yes": ("bold", "green"), Action.DEFER: ("bold", "yellow"), Action.SMS: ("bold", "cyan"),
            Action.BLOCK: ("bold", "red")}


# ---------------------------------------------------------------- the answer


def render(decision: Decision) -> str:
    """The readable answer, plain, with this machine's zone as yours (kept for callers of
    the first version, which imported it from callwindow.cli)."""
    from ..settings import my_zone

    return render_answer(decision, me=my_zone(None), text=None, style=Style.plain())


def render_answer(decision: Decision, *, me: MyZone | None, text: Decision | None, style: Style,
                  not_now: bool = False, reading: str | None = None, call_duration: timedelta | None = None,
                  binding: str | None = None, all_zones: bool = False, history_note: str | None = None) -> str:
    """Verdict, number and place, their time and yours, greeting, why, the next
    window in both zones and relative, and what to do meanwhile.

    `text`: the engine's decision for a text at the same instant, when a call
    was asked and is not allowed (None otherwise). `not_now`: the instant asked about is not the
    present (a past or future --at), so nothing is phrased as "now". `reading`: how a wall-clock --at was read
    (shown, so the caller sees whose 14:30 it was). `call_duration`: the expected call
    length the policy holds back from a window's end (explained beside a :57 ending).
    `binding`: of several candidate zones, the one that decides the answer: shown first, as
    "their time", with the other zones folded into one line (the first zone when none binds).
    `all_zones`: a line for every zone's time instead of the folded line. `history_note`: what
    the decision read of the contact's history when that was no store (a `history:` line)."""
    from ..greetings import greeting

    zones = list(decision.local_times)
    if binding is not None and binding in decision.local_times:
        zones.remove(binding)
        zones.insert(0, binding)
    their = decision.local_times[zones[0]].tzinfo if zones else UTC
    assert their is not None
    who = "their time" if len(zones) <= 1 else f"their time in {zones[0]}"
    lines = [_verdict(decision, their, who, style, not_now)]

    def label(name: str) -> str:
        return style.dim(f"{name}:")

    if reading is not None:
        lines.append(f"  {label('asked for')} {reading}")

    lines.append(f"  {label('number')} {pretty_number(decision.number)} ({decision.number_type.replace('_', ' ')})")
    if decision.call_type is not CallType.LIVE:  # the rules read it: say which was asked about
        lines.append(f"  {label('call type')} {CALL_TYPE_WORDS[decision.call_type]}")
    place = describe_place(decision.region, decision.subdivision, decision.zones, decision.places)
    lines.append(f"  {label('place')} {place}")
    if len(zones) > 1 and not all_zones:
        local = decision.local_times[zones[0]]
        why = "the zone that binds" if zones[0] == binding else f"the first of {len(zones)} candidate zones"
        lines.append(f"  {label('their time')} {style.bold(format_local(local))} ({zones[0]}: {why})")
        # another local date is named; the same date would only repeat itself
        others = [f"{zone_city(zone)} {_clock(decision.local_times[zone], local)}" for zone in zones[1:]]
        lines.append(f"  {label('other zones')} {', '.join(others)}")
    else:  # one zone, or --all-zones: a line each, the binding zone first and named so
        for zone in zones:
            binds = ": the zone that binds" if zone == binding and len(zones) > 1 else ""
            lines.append(f"  {label('their time')} {style.bold(format_local(decision.local_times[zone]))} "
                         f"({zone}{binds})")
    if me is not None:
        lines.append(f"  {label('your time')} {format_local(decision.at, me.tz)} ({me.name})")
    if zones:
        hello = greeting(decision.local_times[zones[0]], decision.region, decision.subdivision)
        note = f" (at {zones[0]}'s time)" if len(zones) > 1 else ""
        lines.append(f"  {label('greeting')} {hello.describe()}{note}")
    if history_note is not None:
        lines.append(f"  {label('history')} {history_note}")
    if decision.allowed and decision.window_closes_at:
        left = decision.window_closes_at - decision.at
        until = _both(decision.window_closes_at, their, who)
        lines.append(f"  {label('allowed until')} {until}, {format_duration(left)} left")
        lines.extend(_yours(decision.window_closes_at, me, len("allowed until: ")))
        if decision.channel.value == "call" and call_duration and call_duration > timedelta(0):
            closes = decision.window_closes_at + call_duration
            lines.append(f"  {' ' * len('allowed until: ')}(the window closes at {format_local(closes, their)[-5:]}: "
                         f"a call of {format_duration(call_duration)} must end by then)")
    # The reasons that decided the answer under why:, the advisories (requirements that are not
    # about time, e.g. check a do-not-call registry) as notes: they never caused a refusal.
    causes = [reason for reason in decision.reasons if reason.code is not ReasonCode.ADVISORY]
    notes = [reason for reason in decision.reasons if reason.code is ReasonCode.ADVISORY]
    if decision.allowed:
        notes, causes = causes + notes, []
    if causes:
        lines.append(f"  {label('why')}")
        lines.extend(_reason_line(reason, style) for reason in causes)
    if notes:
        lines.append(f"  {label('notes')}")
        lines.extend(_reason_line(reason, style) for reason in notes)
    if not decision.allowed:
        channel = decision.channel.value
        if decision.next_allowed_at:
            wait = decision.next_allowed_at - decision.at
            head = f"next {channel} allowed: "
            when = _both(decision.next_allowed_at, their, who)
            lines.append(f"  {label(head[:-2])} {when}, in {format_duration(wait)}")
            lines.extend(_yours(decision.next_allowed_at, me, len(head)))
        elif decision.action is not Action.BLOCK:
            lines.append(f"  {label(f'next {channel} allowed')} none found in the search horizon")
    if text is not None and decision.action is not Action.BLOCK:
        lines.append(f"  {label('meanwhile')} {_meanwhile(text, their, who, style, not_now)}")
    return "\n".join(lines)


# How the call is made, as the answer says it (only when not live: the default goes unsaid).
CALL_TYPE_WORDS = {
    CallType.PRERECORDED: "prerecorded (an artificial, AI or recorded voice speaks)",
    CallType.AUTOMATED: "automated (an autodialer places the call, a person speaks)",
}


# Why a contact is blocked, by the first of its reason codes found here, and the verdict's word:
# NEVER only for a number that can never be contacted (the single check and the list's table).
BLOCK_WORDS = ((ReasonCode.NO_TIME_ZONE, "NEVER"), (ReasonCode.SUPPRESSED, "DO NOT CALL LIST"),
               (ReasonCode.NOT_WASHED, "NOT WASHED"), (ReasonCode.OPTED_OUT, "OPTED OUT"),
               (ReasonCode.CONSENT_REQUIRED, "ONLY WITH CONSENT"))
BLOCK_SHORT = {"NEVER": "NEVER", "DO NOT CALL LIST": "DNC LIST", "NOT WASHED": "UNWASHED", "OPTED OUT": "OPTED OUT",
               "ONLY WITH CONSENT": "CONSENT", "NOT ALLOWED": "BLOCKED"}  # (the table's 9 characters)


def block_word(codes: Iterable[str]) -> str:
    """The verdict word of a blocked contact from its reason codes (ReasonCode values or their
    strings): `NEVER`, `DO NOT CALL LIST`, `NOT WASHED`, `OPTED OUT`, `ONLY WITH CONSENT`, else
    `NOT ALLOWED`."""
    found = set(codes)
    return next((word for code, word in BLOCK_WORDS if code in found), "NOT ALLOWED")


def block_words(decision: Decision) -> str:
    """The verdict of a blocked contact, from the reason codes that blocked it: NEVER only when
    the number can never be contacted; consent or an opt-out of one channel is said as such."""
    word = block_word(reason.code for reason in decision.reasons)
    noun = "calls" if decision.channel.value == "call" else "texts"
    if word == "NEVER":
        return "NEVER - do not contact this number"
    if word == "DO NOT CALL LIST":
        return f"DO NOT CALL LIST - no {decision.purpose.value} {noun}: the number is on a do-not-call list"
    if word == "NOT WASHED":
        return (f"NOT WASHED - no {decision.purpose.value} {noun}: the number was not checked against its "
                "do-not-call list")
    if word == "OPTED OUT":
        return f"OPTED OUT ({noun}) - the contact refused {noun} for {decision.purpose.value}"
    if word == "ONLY WITH CONSENT":
        what = "call" if decision.channel.value == "call" else "text"
        how = "" if decision.call_type is CallType.LIVE else f"{decision.call_type.value} "
        return f"ONLY WITH CONSENT - no {how}{decision.purpose.value} {what} without the contact's prior consent"
    return f"NOT ALLOWED - no {noun} to this contact for {decision.purpose.value} (see why)"


def _verdict(decision: Decision, their: tzinfo, who: str, style: Style, not_now: bool = False) -> str:
    channel = "call" if decision.channel.value == "call" else "send a text"
    if decision.allowed:
        key: str = "yes"  # or an Action (a str): the key of _SYMBOLS and _COLOURS
        allowed = "a call is" if decision.channel.value == "call" else "a text is"
        words = f"YES - {allowed} allowed at that time" if not_now else f"YES - {channel} now"
        if decision.window_closes_at:
            left = format_duration(decision.window_closes_at - decision.at)
            words += f", until {_when(decision.window_closes_at, their, decision.at)} {who} ({left} left)"
    elif decision.action is Action.SMS:
        key = Action.SMS
        words = ("TEXT INSTEAD - a call is not a good idea then, a text is allowed" if not_now
                 else "TEXT INSTEAD - a call is not a good idea now, a text is allowed")
    elif decision.action is Action.BLOCK:
        key = Action.BLOCK
        words = block_words(decision)
    else:
        key = Action.DEFER
        if decision.next_allowed_at:
            wait = format_duration(decision.next_allowed_at - decision.at)
            opens = _when(decision.next_allowed_at, their, decision.at)
            noun = "calls" if decision.channel.value == "call" else "texts"
            words = f"NOT NOW - wait {wait}: {noun} open {opens} {who}"
        else:
            words = "NOT NOW - wait: no window in the search horizon"
    symbol = _SYMBOLS[key][0 if style.unicode else 1]
    line = style.paint(words, *_COLOURS[key])
    return f"{style.paint(symbol, *_COLOURS[key])} {line}" if style.color else line


def _meanwhile(text: Decision, their: tzinfo, who: str, style: Style, not_now: bool = False) -> str:
    moment = "at that time" if not_now else "now"
    if text.allowed:
        if text.window_closes_at:
            until = _when(text.window_closes_at, their, text.at)
            left = format_duration(text.window_closes_at - text.at)
            return style.paint(f"you may send a text {moment}, until {until} {who} ({left} left)", "green")
        return style.paint(f"you may send a text {moment}", "green")
    if text.action is Action.BLOCK:
        return "no text either: this number may not be texted"
    if text.next_allowed_at:
        opens = _when(text.next_allowed_at, their, text.at)
        wait = format_duration(text.next_allowed_at - text.at)
        return f"no text either until {opens} {who} (in {wait})"
    return "no text either: none allowed in the search horizon"


def _reason_line(reason: Reason, style: Style) -> str:
    words = CODE_WORDS.get(reason.code, reason.code.replace("_", " "))
    kind = f"[{reason.kind.value}]"
    # A rule whose data is weak says so where it is cited (rule data's confidence; docs/rule-data.md).
    weak = ", low confidence" if reason.confidence == "low" else ""
    plain = f"    - {kind} {words}: {reason.message} ({reason.rule}{weak})"
    if style.width:
        plain = textwrap.fill(plain, width=max(40, style.width - 1), subsequent_indent=" " * 6,
                              break_long_words=False, break_on_hyphens=False)
    if not style.color:
        return plain
    bullet = "•" if style.unicode else "-"
    plain = plain.replace("    - ", f"    {bullet} ", 1)
    plain = plain.replace(kind, style.paint(kind, *_KIND_COLOURS.get(reason.kind, ("grey",))), 1)
    plain = plain.replace(f"{words}:", style.bold(f"{words}:"), 1)
    tail = f"({reason.rule}{weak})"
    head, _, rest = plain.rpartition(tail)
    return f"{head}{style.dim(tail)}{rest}" if head or rest else plain


def _both(moment: datetime, their: tzinfo, who: str) -> str:
    return f"{format_local(moment, their)} {who} ({moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC)"


def _yours(moment: datetime, me: MyZone | None, indent: int) -> list[str]:
    if me is None:
        return []
    return [f"  {' ' * indent}{format_local(moment, me.tz)} your time ({me.name})"]


def pretty_number(e164: str) -> str:
    """+1 212-555-0123: the international format (E.164 when it cannot be formatted)."""
    import phonenumbers

    try:
        return str(phonenumbers.format_number(phonenumbers.parse(e164), phonenumbers.PhoneNumberFormat.INTERNATIONAL))
    except phonenumbers.NumberParseException:  # pragma: no cover - the engine gave valid E.164
        return e164
