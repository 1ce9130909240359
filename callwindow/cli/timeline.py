"""The day picture drawn (`can-i-call NUMBER --timeline`, `--week`): hours above, now
marked, one character per 30-minute slot, a legend below. The strips themselves are
computed by callwindow.timeline."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from .. import clock
from ..settings import MyZone
from ..timeline import (
    CALL,
    COMPANY,
    HOLIDAY,
    LAW,
    LEGEND,
    MEAL,
    NEVER,
    NIGHT,
    OTHER,
    REST,
    SLOT,
    TEXT,
    WORK,
    Picture,
    Row,
    Strip,
)
from ..zone_words import zone_city
from .render import Style

_LEFT = 15  # width of the label column
_COLOURS = {
    CALL: ("green",), TEXT: ("cyan",), LAW: ("bold", "red"), HOLIDAY: ("magenta",), REST: ("blue",),
    MEAL: ("yellow",), NIGHT: ("grey",), WORK: ("yellow",), COMPANY: ("blue",), OTHER: ("grey",), NEVER: ("red",),
}
_UNICODE = {CALL: "█", TEXT: "▒"}


def render_picture(picture: Picture, style: Style) -> str:
    """The strips as text: hours above, now marked, a legend below."""
    span = "the next 7 days, a row a day" if picture.week else "the next 24 hours"
    what = "a call" if picture.channel == "call" else "a text"
    whom = ", business contact" if picture.contact == "business" else ""
    lines = [style.bold(f"Day picture: {what} for {picture.purpose}{whom}, {span}")]
    used: set[str] = set()
    for strip in picture.strips:
        lines.append("")
        lines.append(style.bold(strip.title))
        if picture.week:
            lines.extend(_week_block(strip, picture.at, style, used))
        else:
            lines.extend(_day_block(strip, picture.at, picture.me, style, used))
    if picture.focus is not None:
        lines.extend(_other_zones(picture, style))
    lines.append("")
    order = [CALL, TEXT, LAW, HOLIDAY, REST, MEAL, NIGHT, WORK, COMPANY, OTHER, NEVER]
    shown = [c for c in order if c in used or c in (CALL, TEXT)]
    # Wrapped on the plain width (escape sequences take no columns): every line under 80.
    line, width, separator = "legend (1 character = 30 minutes):", 34, " "
    for character in shown:
        entry = f"{character} {LEGEND[character]}"
        if width + len(separator) + len(entry) > 79:
            lines.append(line)
            line, width, separator = "  ", 2, ""
        line += f"{separator}{_draw(character, style)} {LEGEND[character]}"
        width += len(separator) + len(entry)
        separator = "  "
    lines.append(line)
    return "\n".join(lines)


def _draw(character: str, style: Style, past: bool = False, count: int = 1) -> str:
    shown = (_UNICODE.get(character, character) if style.unicode else character) * count
    if not style.color or character == " ":
        return shown
    return style.paint(shown, *(("dim",) if past else _COLOURS[character]))


def _cells(row: Row, style: Style, used: set[str], now: datetime | None = None) -> str:
    used.update(c for c in row.cells if c != " ")
    if not style.color:
        return row.cells
    # One escape sequence per run of equal cells (past slots of the week are dimmed).
    runs: list[tuple[str, bool, int]] = []
    for c, start in zip(row.cells, row.starts, strict=True):  # a cell per slot start
        past = now is not None and start is not None and start + SLOT <= now
        if runs and runs[-1][0] == c and runs[-1][1] == past:
            runs[-1] = (c, past, runs[-1][2] + 1)
        else:
            runs.append((c, past, 1))
    return "".join(_draw(c, style, past, count) for c, past, count in runs)


def _hour_scale(starts: tuple[datetime | None, ...], tz: tzinfo) -> str:
    """Two-digit local hours every 3 hours, at the slot that contains the hour."""
    scale = [" "] * len(starts)
    free_from = 0
    for index, start in enumerate(starts):
        if start is None:
            continue
        local = start.astimezone(tz)
        if local.minute == 0:
            hour = local.hour
        elif local.minute > 30:
            hour = (local.hour + 1) % 24
        else:
            continue
        if hour % 3 == 0 and index >= free_from and index + 2 <= len(starts):
            scale[index:index + 2] = f"{hour:02d}"
            free_from = index + 3
    return "".join(scale).rstrip()


def _label(text: str) -> str:
    return f"  {text}".ljust(_LEFT)


def _day_block(strip: Strip, at: datetime, me: MyZone | None, style: Style, used: set[str]) -> list[str]:
    row = strip.rows[0]
    mark = "▼" if style.unicode else "v"
    whose = "their time" if strip.their_clock else "your time"
    lines = [
        " " * _LEFT + style.paint(f"{mark} now {at.astimezone(strip.tz):%H:%M}", "bold"),
        _label(whose) + style.dim(_hour_scale(row.starts, strip.tz)),
        " " * _LEFT + _cells(row, style, used),
    ]
    if strip.their_clock and me is not None:
        lines.append(_label("your time") + style.dim(_hour_scale(row.starts, me.tz)))
    return lines


def _week_block(strip: Strip, at: datetime, style: Style, used: set[str]) -> list[str]:
    first = strip.rows[0]
    scale = _hour_scale(first.starts, strip.tz) if any(first.starts) else ""
    lines = [_label("their time" if strip.their_clock else "your time") + style.dim(scale)]
    column = max((index for index, start in enumerate(first.starts) if start is not None and start <= at), default=0)
    mark = "▼" if style.unicode else "v"
    lines.append(" " * (_LEFT + column) + style.paint(f"{mark} now {at.astimezone(strip.tz):%H:%M}", "bold"))
    for row in strip.rows:
        lines.append(_label(row.label) + _cells(row, style, used, now=at))
    return lines


def _other_zones(picture: Picture, style: Style) -> list[str]:
    """The compact picture's other candidate zones in one line: their clocks' offsets from the
    focus zone's (`Perth -2h`), and how to see a strip for each."""
    assert picture.focus is not None
    focus = clock.get_zone(picture.focus).utcoffset(picture.at) or timedelta(0)
    offsets = []
    for zone in picture.zones:
        if zone != picture.focus:
            shift = (clock.get_zone(zone).utcoffset(picture.at) or timedelta(0)) - focus
            offsets.append(f"{zone_city(zone)} {_shift(shift)}")
    # wrapped between zones, never inside one: "Lord Howe Island +2h15" stays on one line
    rows: list[str] = []
    for index, entry in enumerate(offsets):
        entry += "," if index < len(offsets) - 1 else ""
        if rows and len(rows[-1]) + 1 + len(entry) <= 80 - _LEFT:
            rows[-1] += f" {entry}"
        else:
            rows.append(entry)
    text = ("\n" + " " * _LEFT).join(rows)
    return [_label("other zones") + text, " " * _LEFT + style.dim("(--all-zones: a strip for each zone)")]


def _shift(offset: timedelta) -> str:
    """`+1h`, `-2h15`, `+30m`, `same`: a clock's offset from another's."""
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "same"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    if not hours:
        return f"{sign}{rest}m"
    return f"{sign}{hours}h{rest:02d}" if rest else f"{sign}{hours}h"
