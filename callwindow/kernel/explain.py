"""Reason wording: from closing tags, facts and history records to the
`Reason`s a decision carries. The codes are stable API (docs/reason-codes.md);
the messages are for people.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import NamedTuple

from .. import clock
from ..history import OptOut, Relationship, SuppressionList
from ..model import Channel, Purpose, Reason, ReasonCode, RuleKind, Subscriber, new_reason
from ..rules import RelationshipWindow
from .context import Context, Tag, day_info

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def utc_text(moment: datetime) -> str:
    """An instant as people read it in a reason: '2026-12-01 14:30 UTC'."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


class Wording(NamedTuple):
    """One closing reason of a tag set, worded up to the instant's wall clock: the message is
    `before`, the clock ("22:13"), then `after`. The local weekday's name is in `before`: a tag
    set is one local day's in each zone (an instant it closes reads the tag's date in the tag's
    zone), so its name is the tag's date's ("...; it is Tuesday 22:13 in America/New_York" and
    the other zones that agree). `reason` holds the other fields (its message is the text before
    the day and clock); when `fixed` (a message that reads no clock) it is the reason itself,
    shared by the decisions."""

    zone: str  # the zone whose wall clock is read
    before: str
    after: str
    reason: Reason
    fixed: bool


# "HH:MM" of every minute of a day, by hour * 60 + minute: a closing reason's clock, without
# formatting two numbers for each.
CLOCK_TEXTS = tuple(f"{minute // 60:02d}:{minute % 60:02d}" for minute in range(24 * 60))


def closing(context: Context, tags: frozenset[Tag], instant: float,
            local_times: Mapping[str, datetime] | None = None) -> list[Reason]:
    """One reason per (rule, code) closing `instant`, naming the zone it was
    found in (and how many other candidate zones agree); `local_times`: wall clocks at
    `instant` already read (the decision's), by zone (a statute's own zone may not be one)."""
    plan = context.wording.get(tags)
    if plan is None:  # everything but the clock, worded once per tag set (a tag set is one local day's)
        plan = context.wording[tags] = wordings(context, tags)
    reasons = []
    for item in plan:
        shape = item.reason
        if item.fixed:
            reasons.append(shape)
            continue
        local = local_times.get(item.zone) if local_times else None
        if local is None:
            local = clock.local_time(instant, item.zone)
        reasons.append(new_reason(shape.code, shape.rule, shape.kind,
                                  f"{item.before}{CLOCK_TEXTS[local.hour * 60 + local.minute]}{item.after}",
                                  shape.source, shape.zone, shape.confidence, shape.source_kind))
    return reasons


def wordings(context: Context, tags: frozenset[Tag]) -> tuple[Wording, ...]:
    """The closing reasons of a tag set, worded but for the instant's wall clock, in order."""
    grouped: dict[tuple[int, ReasonCode], list[Tag]] = {}
    for tag in tags:
        grouped.setdefault((tag.rule, tag.code), []).append(tag)
    plan = []
    several = len(context.zones) > 1
    for (index, code), found in sorted(grouped.items()):
        found.sort(key=lambda tag: tag.zone)
        first = found[0]
        zone, selector = first.zone, first.selector
        weekday = WEEKDAY_NAMES[date.fromordinal(first.ordinal).weekday()]
        applied = context.applied[index]
        rule = applied.rule
        others = ""
        if len(found) > 1:
            others = f" (and {len(found) - 1} other candidate zone{'s' if len(found) > 2 else ''})"
        where = f" in {applied.place}" if applied.place else ""
        title = f"{rule.title}: "
        weekday_label = False
        tail = ")"
        if code is ReasonCode.STATUTORY_NO_CALL_DAY:
            head = f"{title}{selector} is a legal no-call day{where} (not just a public holiday) ("
        elif code is ReasonCode.STATE_OF_EMERGENCY:
            head = f"{title}a state of emergency is declared{where} ("
        elif code is ReasonCode.CONSENT_REQUIRED:
            head, tail = f"{title}no prior consent was given (pass consent when it is recorded)", ""
        elif code is ReasonCode.PUBLIC_HOLIDAY:
            info = day_info(applied, date.fromordinal(first.ordinal))
            head = f"{title}{info.holiday_name} is a public holiday{where} ("
        elif code is ReasonCode.CLOSED_DAY:
            weekday_label = selector != "rest_day"
            head = f"{title}nothing allowed on a " + ("" if weekday_label else "rest day (")
        elif rule.closed_mode:
            head, tail = f"{title}it is ", ""
        else:
            head, tail = f"{title}allowed {rule.allowed_text(selector)} that day; it is ", ""
        fixed = code is ReasonCode.CONSENT_REQUIRED
        label = f"{weekday} (" if weekday_label else ""
        reason = Reason(code, rule.id, rule.kind, head, rule.source, zone if several else None, rule.confidence,
                        rule.source_kind)
        plan.append(Wording(zone, f"{head}{label}{weekday} ", f" in {zone}{others}{tail}", reason, fixed))
    return tuple(plan)


def window_closing(context: Context, free_end: float, need: float) -> Reason:
    """The allowed stretch ends within the expected call length (S9)."""
    closing_tags, _ = context.segment(free_end)
    zone = min(tag.zone for tag in closing_tags) if closing_tags else context.zones[0]
    local = clock.local_time(free_end, zone)
    closes = f"{local.hour:02d}:{local.minute:02d}"
    # S9 (the three-minute rule) is where the expected call length comes from,
    # whoever set its value (courtesy profile, company file or caller).
    return Reason(
        ReasonCode.WINDOW_CLOSING, "courtesy.S9.call-duration", RuleKind.COURTESY,
        f"the allowed window closes at {closes} {zone}, within the expected call length of {need / 60:g} min",
        "seed:S9", zone if len(context.zones) > 1 else None,
    )


def no_window(horizon_days: int) -> Reason:
    found = _NO_WINDOW.get(horizon_days)
    if found is None:
        found = Reason(ReasonCode.NO_WINDOW, "callwindow.horizon", RuleKind.CONTACT,
                       f"no allowed time in the next {horizon_days} days")
        if len(_NO_WINDOW) < 64:  # (one per policy horizon in use; a bound all the same)
            _NO_WINDOW[horizon_days] = found
    return found


# Reasons with constant wording, built once and shared by every decision that gives them (a
# Reason is immutable; shared, it also builds its JSON form once).
_NO_WINDOW: dict[int, Reason] = {}
_TEXT_AT_NIGHT = Reason(ReasonCode.TEXT_INSTEAD, "courtesy.S5.text-instead", RuleKind.COURTESY,
                        "too late to call: a text is allowed now (S5)", "seed:S5")
_TEXT_ON_REST_DAY = Reason(ReasonCode.TEXT_INSTEAD, "courtesy.S4.text-first", RuleKind.COURTESY,
                           "a rest day or holiday: text first to ask whether a call is welcome (S4)", "seed:S4")


def text_instead(night: bool, rest: bool, wait: float) -> Reason:
    """Why a text is recommended instead of the call (S5 at night, else S4);
    `wait` in seconds (math.inf: no call window in sight)."""
    if night:
        return _TEXT_AT_NIGHT
    if rest:
        return _TEXT_ON_REST_DAY
    hours = "no call window in sight" if wait == math.inf else f"the next call window is {wait / 3600:.1f} h away"
    return Reason(ReasonCode.TEXT_INSTEAD, "courtesy.S4.text-first", RuleKind.COURTESY,
                  f"{hours}: a text is allowed now (S4)", "seed:S4")


def opted_out(channel: Channel, purpose: Purpose, opt_out: OptOut) -> Reason:
    return Reason(ReasonCode.OPTED_OUT, "callwindow.history.opt-out", RuleKind.CONTACT,
                  f"the contact opted out of {channel.value} for {purpose.value} on {utc_text(opt_out.at)}"
                  f"{f' ({opt_out.provenance})' if opt_out.provenance else ''}")


def suppressed(number: str, found: SuppressionList) -> Reason:
    return Reason(ReasonCode.SUPPRESSED, f"suppression.{found.name}", RuleKind.LAW,
                  f"{number} is on the {found.name} do-not-call list ({found.jurisdiction}, downloaded "
                  f"{found.downloaded_on.isoformat()}): do not contact it for {_names(found.purposes)}",
                  found.source or None)


def stale_list(found: SuppressionList, at: datetime) -> Reason:
    return Reason(ReasonCode.SUPPRESSION_LIST_STALE, f"suppression.{found.name}", RuleKind.LAW,
                  f"the {found.name} do-not-call list ({found.jurisdiction}) was downloaded "
                  f"{found.downloaded_on.isoformat()}, {found.age_days(at)} days before this instant; the law allows "
                  f"{found.max_age_days}: whether the number was registered since is unknown, so it is treated as "
                  "registered (import a fresh download)", found.source or None)


def not_washed(number: str, found: SuppressionList) -> Reason:
    return Reason(ReasonCode.NOT_WASHED, f"suppression.{found.name}", RuleKind.LAW,
                  f"{number} is not in the {found.name} wash result ({found.jurisdiction}, washed "
                  f"{found.downloaded_on.isoformat()}): whether it is registered is unknown, so it is treated as "
                  f"registered for {_names(found.purposes)} (wash it, then import the result)", found.source or None)


def business_relationship(found: SuppressionList, relationship: Relationship, window: RelationshipWindow,
                          until: datetime) -> Reason:
    """A registry listing (or a stale list's) lifted by an established business relationship."""
    given = f" ({relationship.provenance})" if relationship.provenance else ""
    return Reason(ReasonCode.BUSINESS_RELATIONSHIP, window.id, RuleKind.LAW,
                  f"the {found.name} do-not-call list ({found.jurisdiction}) does not bar this call: an established "
                  f"business relationship ({relationship.kind.value} on {utc_text(relationship.at)}{given}) lasts "
                  f"{window.span}, until {utc_text(until)} ({window.title.split(':')[0]}); an opt-out "
                  "would end it", window.source, None, window.confidence, window.source_kind)


def _names(members: frozenset[Purpose]) -> str:
    return ", ".join(sorted(member.value for member in members))


def unplaceable(subscriber: Subscriber) -> Reason:
    return Reason(
        ReasonCode.NO_TIME_ZONE, "callwindow.zones", RuleKind.CONTACT,
        f"{subscriber.number} is a {subscriber.number_type.replace('_', ' ')} number with no known location or "
        "time zone: its local time cannot be known, so it is never treated as callable")
