"""Compiled timelines: for one context (candidate zones + the rules that
apply), each UTC day cut into segments that carry the set of rules closing
them (empty = allowed), with jump tables so that walking forward is O(days).
Built by the policy; read by the policy and the batch API.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from . import calendars, clock
from .calendars import DayInfo
from .model import ReasonCode
from .rules import Rule

DAY = clock.DAY


@dataclass(frozen=True, slots=True)
class Applied:
    """A rule as applied to one contact: with the calendar (place) it reads days in."""

    rule: Rule
    country: str | None
    subdivision: str | None
    place: str | None  # the jurisdiction's place that matched, for messages


# A closed stretch is tagged (applied-rule index, code, zone, local date ordinal, selector).
Block = tuple[int, ReasonCode, str, int, str]


@dataclass
class Context:
    """Everything compiled for one (zones, places, purpose, channel, contact) key."""

    zones: tuple[str, ...]
    applied: tuple[Applied, ...]
    notes: tuple[Applied, ...] = ()  # note-effect rules: advice on every decision
    days: dict[int, Day] = field(default_factory=dict)

    def day(self, number: int) -> Day:
        found = self.days.get(number)
        if found is None:
            found = self.days[number] = self._compile(number)
        return found

    def _compile(self, number: int) -> Day:
        start, end = number * DAY, (number + 1) * DAY
        closed: list[tuple[int, int, Block]] = []
        for index, applied in enumerate(self.applied):
            rule = applied.rule
            # A statute naming a fixed zone is read there too (stricter reading).
            zones = self.zones + tuple(zone for zone in rule.also_zones if zone not in self.zones)
            for zone, local_day in _local_days(zones, start, end):
                if not rule.in_effect(local_day):
                    continue
                info = day_info(applied, local_day)
                windows, code, selector = rule.blocked(info)
                block = (index, code, zone, local_day.toordinal(), selector)
                for low, high in clock.wall_windows_to_utc(zone, local_day, windows):
                    low, high = max(low, start), min(high, end)
                    if low < high:
                        closed.append((low, high, block))
        cuts = sorted({start, end, *(low for low, _, _ in closed), *(high for _, high, _ in closed)})
        starts: list[int] = []
        blocks: list[frozenset[Block]] = []
        for low, high in pairwise(cuts):
            here = frozenset(block for b_low, b_high, block in closed if b_low <= low and high <= b_high)
            if blocks and blocks[-1] == here:
                continue  # same state as the previous segment: extend it
            starts.append(low)
            blocks.append(here)
        # jumps[i]: for a free segment, where it ends (two free segments are never
        # adjacent: equal states merge); for a closed one, where the next free
        # segment of the day starts (or the day's end). Walking is then O(days).
        jumps = [end] * len(starts)
        next_free = end
        for index in range(len(starts) - 1, -1, -1):
            segment_end = starts[index + 1] if index + 1 < len(starts) else end
            if blocks[index]:
                jumps[index] = next_free
            else:
                jumps[index] = segment_end
                next_free = starts[index]
        return Day(starts, blocks, jumps, end)

    def segment(self, instant: float) -> tuple[frozenset[Block], int]:
        """The rules closing `instant` and where the next change can be: the end
        of a free stretch within the day, or the next free start of the day."""
        day = self.day(math.floor(instant / DAY))
        index = bisect.bisect_right(day.starts, instant) - 1
        return day.blocks[index], day.jumps[index]

    def free_until(self, instant: float, limit: float) -> float:
        """Where the allowed stretch that contains `instant` ends (capped at limit)."""
        cursor = instant
        while cursor < limit:
            blocks, jump = self.segment(cursor)
            if blocks:
                return cursor
            if jump % DAY:  # ends inside the day: a closed segment follows
                return jump
            cursor = jump  # free up to midnight UTC: go on into the next day
        return limit

    def next_start(self, instant: float, need: float, limit: float) -> tuple[float, float] | None:
        """The first instant >= `instant` from which `need` seconds are free,
        with the end of that free stretch; None within the horizon."""
        cursor = instant
        while cursor < limit:
            blocks, jump = self.segment(cursor)
            if blocks:
                cursor = jump
                continue
            free_end = self.free_until(cursor, limit + need + DAY)
            if free_end - cursor > need:
                return cursor, free_end
            cursor = free_end
        return None


@dataclass(frozen=True, slots=True)
class Day:
    """One compiled UTC day of a context."""

    starts: list[int]
    blocks: list[frozenset[Block]]
    jumps: list[int]
    end: int


def _local_days(zones: tuple[str, ...], start: int, end: int) -> list[tuple[str, date]]:
    return [(zone, day) for zone in zones for day in clock.local_dates_touching(zone, start, end)]


def day_info(applied: Applied, local_day: date) -> DayInfo:
    """What `local_day` is (weekend, working day, holiday) in the calendar `applied` reads days in."""
    subdivision = applied.subdivision if applied.rule.holiday_scope == "subdivision" else None
    return calendars.day_info(applied.country, subdivision, local_day)
