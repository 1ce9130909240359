"""Compiled timelines: for one context (candidate zones + the rules that
apply), each UTC day cut into segments that carry the set of rules closing
them (empty = allowed), with jump tables so that walking forward is O(days).

The rule set (`RuleSet`) says which rules apply to a contact; `Context` is
what both drivers read: the scalar walk (`free_until`, `next_start`) and the
vector driver (callwindow.batch.engine lays `Context.day(n)` out as arrays).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any, NamedTuple

from .. import calendars, clock
from ..calendars import DayInfo
from ..model import CallType, Channel, ContactKind, Effect, Purpose, ReasonCode, Subscriber
from ..rules import Cap, Jurisdiction, Rule

DAY = clock.DAY
# How many starts Context.next_start keeps per context (segment edges: a few per zone a day, and
# the ends of holds and caps): cleared when full.
STARTS_MEMO_SIZE = 1024


@dataclass(frozen=True, slots=True)
class Applied:
    """A rule as applied to one contact: with the calendar (place) it reads days in."""

    rule: Rule
    country: str | None
    subdivision: str | None
    place: str | None  # the jurisdiction's place that matched, for messages


class Tag(NamedTuple):
    """Why a stretch of time is closed: which applied rule, with which code, read in
    which zone on which local date, under which day selector ("weekday", "sunday"...)."""

    rule: int  # index into Context.applied
    code: ReasonCode
    zone: str
    ordinal: int  # the local date, date.toordinal()
    selector: str


@dataclass
class Context:
    """Everything compiled for one (zones, places, purpose, channel, contact) key."""

    zones: tuple[str, ...]
    applied: tuple[Applied, ...]
    notes: tuple[Applied, ...] = ()  # note-effect rules: advice on every decision
    days: dict[int, Day] = field(default_factory=dict)
    facts: dict[frozenset[Tag], Any] = field(default_factory=dict)  # kernel.facts' memo per tag set
    wording: dict[frozenset[Tag], Any] = field(default_factory=dict)  # kernel.explain's memo per tag set
    note_reasons: tuple[Any, ...] | None = None  # kernel.facts' memo: each note's Reason, built once
    # Policy's memo on a call's context: the same contact's texts' context (S4, S5: text instead)
    text_context: Context | None = field(default=None, repr=False, compare=False)
    # next_start's memo: the starts found lately, by (instant, need) (see next_start)
    starts: dict[tuple[float, float], tuple[float, float]] = field(default_factory=dict, repr=False, compare=False)

    def day(self, number: int) -> Day:
        found = self.days.get(number)
        if found is None:
            found = self.days[number] = self._compile(number)
        return found

    def _compile(self, number: int) -> Day:
        start, end = number * DAY, (number + 1) * DAY
        closed: list[tuple[int, int, Tag]] = []
        for index, applied in enumerate(self.applied):
            rule = applied.rule
            # A statute naming a fixed zone is read there too (stricter reading).
            zones = self.zones + tuple(zone for zone in rule.also_zones if zone not in self.zones)
            for zone, local_day in _local_days(zones, start, end):
                if not rule.in_effect(local_day):
                    continue
                info = day_info(applied, local_day)
                windows, code, selector = rule.blocked(info)
                tag = Tag(index, code, zone, local_day.toordinal(), selector)
                for low, high in clock.wall_windows_to_utc(zone, local_day, windows):
                    low, high = max(low, start), min(high, end)
                    if low < high:
                        closed.append((low, high, tag))
        cuts = sorted({start, end, *(low for low, _, _ in closed), *(high for _, high, _ in closed)})
        starts: list[int] = []
        tags: list[frozenset[Tag]] = []
        for low, high in pairwise(cuts):
            here = frozenset(tag for t_low, t_high, tag in closed if t_low <= low and high <= t_high)
            if tags and tags[-1] == here:
                continue  # same state as the previous segment: extend it
            starts.append(low)
            tags.append(here)
        # jumps[i]: for a free segment, where it ends (two free segments are never
        # adjacent: equal states merge); for a closed one, where the next free
        # segment of the day starts (or the day's end). Walking is then O(days).
        jumps = [end] * len(starts)
        next_free = end
        for index in range(len(starts) - 1, -1, -1):
            segment_end = starts[index + 1] if index + 1 < len(starts) else end
            if tags[index]:
                jumps[index] = next_free
            else:
                jumps[index] = segment_end
                next_free = starts[index]
        return Day(starts, tags, jumps, end)

    def segment(self, instant: float) -> tuple[frozenset[Tag], int]:
        """The rules closing `instant` and where the next change can be: the end
        of a free stretch within the day, or the next free start of the day."""
        number = math.floor(instant / DAY)
        day = self.days.get(number) or self.day(number)  # (the walks' hot path: no call when compiled)
        index = bisect.bisect_right(day.starts, instant) - 1
        return day.tags[index], day.jumps[index]

    def free_until(self, instant: float, limit: float) -> float:
        """Where the allowed stretch that contains `instant` ends (capped at limit)."""
        cursor = instant
        while cursor < limit:
            tags, jump = self.segment(cursor)
            if tags:
                return cursor
            if jump % DAY:  # ends inside the day: a closed segment follows
                return jump
            cursor = jump  # free up to midnight UTC: go on into the next day
        return limit

    def run_end(self, jump: int, limit: float) -> float:
        """free_until(t, limit) for an instant t < limit in a free segment whose jump is `jump`
        (what segment(t) gave): the caller read that segment already, so it is not read again."""
        return jump if jump % DAY else self.free_until(jump, limit)

    def next_start(self, instant: float, need: float, limit: float) -> tuple[float, float] | None:
        """The first instant >= `instant` from which `need` seconds are free,
        with the end of that free stretch; None within the horizon.

        Memoised by (instant, need): every closed decision walks from the end of the stretch it
        is in, which the other instants of that stretch share (a batch's numbers of one context,
        a dialer's polls). Only `limit` differs between such walks, and it reaches a walk's
        result in two places only: the walk stops at it, and a free stretch is cut at
        limit + need + DAY. A start (s, e) found below its walk's cut (e < cut) is therefore
        every later walk's answer whose limit is past s and whose cut is past e: that walk reads
        the same segments (all at or before e) and takes the same turns."""
        key = (instant, need)
        known = self.starts.get(key)
        if known is not None and known[0] < limit and known[1] < limit + need + DAY:
            return known
        found = self._walk_start(instant, need, limit)
        if found is not None and found[1] < limit + need + DAY:  # (a stretch cut at the limit: not kept)
            if len(self.starts) >= STARTS_MEMO_SIZE:
                self.starts.clear()  # bounded (a get, a set or a clear is atomic among threads)
            self.starts[key] = found
        return found

    def _walk_start(self, instant: float, need: float, limit: float) -> tuple[float, float] | None:
        """next_start without its memo: the walk over the compiled days."""
        cursor = instant
        while cursor < limit:
            tags, jump = self.segment(cursor)
            if tags:
                cursor = jump
                continue
            free_end = self.run_end(jump, limit + need + DAY)
            if free_end - cursor > need:
                return cursor, free_end
            cursor = free_end
        return None


@dataclass(frozen=True, slots=True)
class Day:
    """One compiled UTC day of a context."""

    starts: list[int]
    tags: list[frozenset[Tag]]
    jumps: list[int]
    end: int


def _local_days(zones: tuple[str, ...], start: int, end: int) -> list[tuple[str, date]]:
    return [(zone, day) for zone in zones for day in clock.local_dates_touching(zone, start, end)]


def day_info(applied: Applied, local_day: date) -> DayInfo:
    """What `local_day` is (weekend, working day, holiday) in the calendar `applied` reads days in."""
    subdivision = applied.subdivision if applied.rule.holiday_scope == "subdivision" else None
    return calendars.day_info(applied.country, subdivision, local_day)


class RuleSet:
    """The rules in force: general rules (courtesy profile, company files) read in
    every country the contact may be in, and the laws of the jurisdictions by place."""

    def __init__(self, general: Sequence[Rule], jurisdictions: Sequence[Jurisdiction]) -> None:
        self.general = tuple(general)
        self.jurisdictions = tuple(jurisdictions)
        self.by_place: dict[str, list[Jurisdiction]] = {}
        for jurisdiction in self.jurisdictions:
            for place in jurisdiction.applies_to:
                self.by_place.setdefault(place, []).append(jurisdiction)
        self._caps: dict[tuple[object, ...], tuple[Cap, ...]] = {}

    def covers(self, place: str) -> bool:
        """Whether a law file of this rule set is `place`'s own ("BE", "US-FL"): a file of one
        law shared by several countries (covers_country = false) applies there but is not it."""
        return any(jurisdiction.covers_country for jurisdiction in self.by_place.get(place, ()))

    def applicable(
        self, subscriber: Subscriber, purpose: Purpose, channel: Channel, contact: ContactKind,
        consent: bool, emergencies: frozenset[str], call_type: CallType, contract: bool = False,
    ) -> tuple[Applied, ...]:
        """Every rule that restricts this contact, with the calendar it reads days in."""
        applied: list[Applied] = []
        subdivision = subscriber.subdivision
        # Courtesy and company rules read the calendar of every country the
        # contact may be in (a hint naming another country adds its rest days).
        countries = dict.fromkeys(place.split("-")[0] for place in subscriber.places if place)
        for country in countries or (subscriber.region,):
            country_subdivision = subdivision if subdivision and subdivision.startswith(f"{country}-") else None
            for rule in self.general:
                if not conditions_hold(rule, consent, emergencies, subscriber.places, contract):
                    continue
                if rule.covers(purpose, channel, contact, call_type, country):
                    applied.append(Applied(rule, country, country_subdivision, None))
        seen: set[str] = set()
        for place in subscriber.places:
            country = place.split("-")[0]
            if "-" in place:
                place_subdivision: str | None = place
            else:
                place_subdivision = subdivision if subdivision and subdivision.startswith(country + "-") else None
            for jurisdiction in self.by_place.get(place, ()):
                for rule in jurisdiction.rules:
                    if not conditions_hold(rule, consent, emergencies, (place,), contract):
                        continue
                    if rule.id not in seen and rule.covers(purpose, channel, contact, call_type, None):
                        seen.add(rule.id)
                        applied.append(Applied(rule, country, place_subdivision, place))
        return tuple(applied)

    def compile(
        self, subscriber: Subscriber, purpose: Purpose, channel: Channel, contact: ContactKind,
        consent: bool, emergencies: frozenset[str], call_type: CallType, contract: bool,
    ) -> Context:
        """A new (uncompiled) context for this contact: days compile on first read."""
        applied = self.applicable(subscriber, purpose, channel, contact, consent, emergencies, call_type, contract)
        return Context(
            subscriber.zones,
            tuple(item for item in applied if item.rule.effect is not Effect.NOTE),
            tuple(item for item in applied if item.rule.effect is Effect.NOTE),
        )

    def caps(self, subscriber: Subscriber, purpose: Purpose, channel: Channel, contact: ContactKind,
             ) -> tuple[Cap, ...]:
        """The frequency caps of the laws that apply to this contact."""
        key = (subscriber.places, purpose, channel, contact)
        found = self._caps.get(key)
        if found is None:
            found = tuple(
                cap
                for place in dict.fromkeys(subscriber.places)
                for jurisdiction in self.by_place.get(place, ())
                for cap in jurisdiction.caps
                if purpose in cap.purposes and channel in cap.channels and contact in cap.contacts
            )
            self._caps[key] = found
        return found


def conditions_hold(rule: Rule, consent: bool, emergencies: frozenset[str], places: tuple[str, ...],
                    contract: bool = False) -> bool:
    """False when consent (or an ongoing contract the call relates to) lifts the rule, or it
    only applies during an emergency that is not declared for any of `places`."""
    if consent and "consent" in rule.lifted_by:
        return False
    if contract and "contract" in rule.lifted_by:
        return False
    return rule.when != "state_of_emergency" or any(place in emergencies for place in places)
