"""Decide on arrays: the engine's semantics, vectorised per compiled context.

Rows are grouped by what the compiled policy context depends on (the profile:
zones, places, region, subdivision; plus purpose, channel, contact kind). For
each group the engine's own compiled UTC days (`policy.compiled_context(...).day(n)`)
are laid end to end as arrays - segment starts, free flags, reason-code masks,
block-effect flags, and on the days rows fall in, the SMS context's state and
the courtesy night / rest-day flags (text instead) - and every group's
timeline is placed in one sorted int64 key space (slot * span + time), so a
bucket table plus a vectorised forward step (or `numpy.searchsorted`) finds
the segment of every row at once. All times are integer microseconds.

From the segment the engine's rules follow (policy.Policy.decide):

- allowed  <=> the segment is free and the free run (merged across UTC days)
  lasts more than the call duration after the instant;
- window_closes_at = run end - duration, None when the run reaches the horizon;
- next_allowed_at (when not allowed and not blocked by a block-effect rule) =
  the first run start after the instant whose run lasts more than the call
  duration, if it starts before instant + horizon (Context.next_start walks
  exactly these run starts);
- text instead (S4/S5) for calls: the SMS context is free at the instant and
  a courtesy "night" (S5) or rest-day/holiday (S4) rule closes the call, or the
  wait is at least `text_instead_after`;
- reason codes: the codes of the rules closing the segment, window_closing,
  no_window, text_instead, note rules in effect, and the subscriber's own
  notes (hint conflicts, several zones, unknown calendar).

Days are compiled lazily in levels (_LEVELS: the rows' own days, then a few
days ahead, then the whole horizon), each level only for the rows whose answer
depends on days not yet compiled: Timeline precomputes, per segment, the
thresholds under which an answer is exact from what is compiled (_answer's
`known`); the other rows are retried with more days.
"""

from __future__ import annotations

import dataclasses
import math
import operator
import time
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import numpy as np

from .. import clock
from ..errors import InvalidInput
from ..history import History, HistorySource, SuppressionList
from ..instants import END, FIRST, parse_instant
from ..kernel import answer, contact_history, facts
from ..kernel.context import Context
from ..kernel.facts import BIT
from ..model import CallType, Channel, Choice, ContactKind, Purpose, ReasonCode, Subscriber
from ..policy import Policy, cap_search_rounds, default_policy
from ..request import places
from .decisions import EPOCH, Decisions
from .ingest import Ingested

US = 1_000_000
DAY_US = 86_400 * US
NAT = np.iinfo(np.int64).min  # datetime64 NaT
_FAR = np.iinfo(np.int64).max
A_CALL, A_SMS, A_DEFER, A_BLOCK = answer.CALL, answer.SMS, answer.DEFER, answer.BLOCK  # indices into ACTIONS
A_ERROR = -1
CHANNELS: tuple[Channel, ...] = (Channel.CALL, Channel.SMS)
PURPOSES: tuple[Purpose, ...] = tuple(Purpose)
CONTACTS: tuple[ContactKind, ...] = tuple(ContactKind)
CALL_TYPES: tuple[CallType, ...] = tuple(CallType)
_ONE_US = timedelta(microseconds=1)
# Days compiled from each row's day on, level by level, before the whole horizon:
# many rows per context amortise a second day at once; few rows compile as
# little as the single path would.
_LEVELS = (2, 4, 9)
_FEW_ROW_LEVELS = (1, 2, 4, 9)

_WINDOW_CLOSING = np.uint64(BIT[ReasonCode.WINDOW_CLOSING])
_NO_WINDOW = np.uint64(BIT[ReasonCode.NO_WINDOW])
_TEXT_INSTEAD = np.uint64(BIT[ReasonCode.TEXT_INSTEAD])


# ---------------------------------------------------------------- instants


def _instant_us(moment: datetime) -> int:
    return (moment - EPOCH) // _ONE_US


def instants(at: object, size: int) -> tuple[int | None, np.ndarray | None, dict[int, str]]:
    """(one shared instant, or per-row instants int64 us with NAT for bad rows, errors)."""
    if at is None or isinstance(at, (str, datetime)):
        return _instant_us(parse_instant(at)), None, {}
    if isinstance(at, np.datetime64):
        if np.isnat(at):
            raise InvalidInput("instant is missing (NaT)")
        value = int(at.astype("datetime64[us]").astype(np.int64))
        if not _FIRST_US <= value < _END_US:
            raise InvalidInput(_out_of_range(value))
        return value, None, {}
    module = type(at).__module__.split(".")[0]
    if module == "pandas" and type(at).__name__ == "Timestamp":
        # a pandas Timestamp, told by its type's name (pandas is not imported for a scalar)
        return _instant_us(parse_instant(at.to_pydatetime())), None, {}  # type: ignore[attr-defined]
    values: np.ndarray
    if module == "pandas":
        import pandas as pd

        series = pd.Series(at) if not isinstance(at, pd.Series) else at
        dtype = series.dtype
        if isinstance(dtype, pd.DatetimeTZDtype):
            values = series.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy().astype("datetime64[us]")
        elif pd.api.types.is_datetime64_dtype(dtype):
            raise InvalidInput("instants have no time zone: localize them (e.g. series.dt.tz_localize('UTC'))")
        else:
            return _parse_each(series.tolist(), size)
    elif module == "pyarrow":
        import pyarrow as pa

        arrow: Any = at  # pyarrow is untyped
        array = arrow.combine_chunks() if isinstance(arrow, pa.ChunkedArray) else arrow
        if pa.types.is_timestamp(array.type):
            if array.type.tz is None:
                raise InvalidInput("instants have no time zone: use timestamp('us', tz='UTC')")
            values = array.cast(pa.timestamp("us", tz="UTC")).to_numpy(zero_copy_only=False).astype("datetime64[us]")
        else:
            return _parse_each(array.to_pylist(), size)
    elif isinstance(at, np.ndarray) and np.issubdtype(at.dtype, np.datetime64):
        values = at.astype("datetime64[us]")  # numpy datetime64 is UTC by convention
    else:
        return _parse_each(list(cast("Iterable[Any]", at)), size)  # any iterable (list() raises TypeError if not)
    if values.shape[0] != size:
        raise InvalidInput(f"at: expected one instant per row ({size}), got {values.shape[0]}")
    raw = values.astype(np.int64)
    errors = {int(row): "instant is missing" for row in np.flatnonzero(raw == NAT)}
    outside = np.flatnonzero((raw != NAT) & ((raw < _FIRST_US) | (raw >= _END_US)))
    for row in outside.tolist():
        errors[int(row)] = _out_of_range(int(raw[row]))
    if outside.shape[0]:
        raw = raw.copy()
        raw[outside] = NAT  # (a bad row: not decided)
    return None, raw, errors


_FIRST_US, _END_US = _instant_us(FIRST), _instant_us(END)


def _out_of_range(value: int) -> str:
    shown = str(np.datetime64(value, "us"))
    return f"instant {shown}Z is outside the supported range {FIRST:%Y-%m-%d} to {END.year - 1}-12-31 (UTC)"


def _parse_each(items: list[Any], size: int) -> tuple[None, np.ndarray, dict[int, str]]:
    if len(items) != size:
        raise InvalidInput(f"at: expected one instant per row ({size}), got {len(items)}")
    out = np.empty(size, dtype=np.int64)
    errors: dict[int, str] = {}
    cache: dict[Any, int] = {}
    for row, item in enumerate(items):
        try:
            if isinstance(item, np.datetime64):
                value = NAT if np.isnat(item) else int(item.astype("datetime64[us]").astype(np.int64))
                if value == NAT:
                    raise InvalidInput("instant is missing")
                if not _FIRST_US <= value < _END_US:
                    raise InvalidInput(_out_of_range(value))
            elif (item is None or (isinstance(item, float) and math.isnan(item))
                  or type(item).__name__ in ("NaTType", "NAType")):
                raise InvalidInput("instant is missing")
            else:
                if hasattr(item, "to_pydatetime"):
                    item = item.to_pydatetime()
                found = cache.get(item)
                if found is None:
                    found = cache[item] = _instant_us(parse_instant(item))
                value = found
        except InvalidInput as error:
            errors[row] = str(error)
            value = NAT
        except TypeError as error:
            errors[row] = f"not an instant: {error}"
            value = NAT
        out[row] = value
    return None, out, errors


def choice_codes(
    value: object, kind: type[Choice], choices: tuple[Any, ...], size: int, name: str,
) -> tuple[int | None, np.ndarray | None, dict[int, str]]:
    """(one code, or per-row codes int8 with -1 for bad rows, errors)."""
    if value is None or isinstance(value, (str, kind)):
        parsed = kind.parse(value if value is not None else choices[0])
        return choices.index(parsed), None, {}
    items: list[Any]
    if hasattr(value, "tolist"):  # numpy, pandas
        items = value.tolist()
    elif hasattr(value, "to_pylist"):  # pyarrow
        items = value.to_pylist()
    else:  # a list, tuple or another iterable (list() raises TypeError for anything else)
        items = list(cast("Iterable[Any]", value))
    if len(items) != size:
        raise InvalidInput(f"{name}: expected one value per row ({size}), got {len(items)}")
    lookup: dict[Any, int] = {}
    out = np.empty(size, dtype=np.int8)
    errors: dict[int, str] = {}
    for row, item in enumerate(items):
        code = lookup.get(item)
        if code is None:
            try:
                code = choices.index(kind.parse(item))
            except (InvalidInput, TypeError) as error:
                code = -1
                errors[row] = str(error)
            if item is not None and isinstance(item, (str, int)):
                lookup[item] = code
        if code < 0:
            errors.setdefault(row, f"unknown {name} {item!r}")
        out[row] = code
    return None, out, errors


# ---------------------------------------------------------------- per-policy caches


class _DayArrays:
    """One compiled UTC day of one context, as arrays: per segment, the facts of
    its closing tags (kernel.facts.segment_facts, memoised per tag set)."""

    __slots__ = ("starts", "free", "mask", "block", "night_or_rest", "sms_free")

    def __init__(self, context: Context, number: int) -> None:
        day = context.day(number)
        size = len(day.starts)
        self.starts = np.asarray(day.starts, dtype=np.int64) * US
        mask = np.zeros(size, dtype=np.uint64)
        free = np.ones(size, dtype=bool)
        block = np.zeros(size, dtype=bool)
        night = np.zeros(size, dtype=bool)
        s4 = np.zeros(size, dtype=bool)
        for index, tags in enumerate(day.tags):
            if not tags:
                continue
            found = facts.segment_facts(context, tags)
            free[index] = False
            mask[index], block[index] = found.mask, found.blocks_for_good
            night[index], s4[index] = found.courtesy_night, found.courtesy_rest
        self.free, self.mask, self.block, self.night_or_rest = free, mask, block, night | s4
        self.sms_free = np.zeros(size, dtype=bool)  # set on days cut with the SMS context (text instead)

    @classmethod
    def cut_with(cls, main: _DayArrays, sms: _DayArrays) -> _DayArrays:
        """The call context's day, cut further where the SMS context changes,
        with the SMS state of each piece (the text-instead flags)."""
        refined = cls.__new__(cls)
        starts = np.union1d(main.starts, sms.starts)
        own = np.searchsorted(main.starts, starts, side="right") - 1
        other = np.searchsorted(sms.starts, starts, side="right") - 1
        refined.starts = starts
        refined.free, refined.mask, refined.block = main.free[own], main.mask[own], main.block[own]
        refined.night_or_rest = main.night_or_rest[own]
        refined.sms_free = sms.free[other]
        return refined


class _ContextArrays:
    __slots__ = ("context", "days", "cut")

    def __init__(self, context: Context) -> None:
        self.context = context
        self.days: dict[int, _DayArrays] = {}
        self.cut: dict[int, _DayArrays] = {}

    def with_sms(self, number: int, sms: _ContextArrays) -> _DayArrays:
        # Under one policy a call context always pairs with the same SMS
        # context (same key, channel sms), so the day number is the whole key.
        found = self.cut.get(number)
        if found is None:
            if len(self.cut) > 4096:
                self.cut.clear()
            found = self.cut[number] = _DayArrays.cut_with(self.day(number), sms.day(number))
        return found

    def day(self, number: int) -> _DayArrays:
        found = self.days.get(number)
        if found is None:
            if len(self.days) > 4096:
                self.days.clear()
            found = self.days[number] = _DayArrays(self.context, number)
        return found


_caches: weakref.WeakKeyDictionary[Policy, dict[tuple[Any, ...], _ContextArrays]] = weakref.WeakKeyDictionary()


def _context_arrays(policy: Policy, subscriber: Any, purpose: Purpose, channel: Channel, contact: ContactKind,
                    consent: bool, emergencies: frozenset[str], call_type: CallType,
                    contract: bool) -> _ContextArrays:
    context = policy.compiled_context(subscriber, purpose, channel, contact, consent, emergencies,
                                      call_type=call_type, contract=contract)
    cache = _caches.get(policy)
    if cache is None:
        cache = _caches[policy] = {}
    key = (subscriber.zones, subscriber.places, subscriber.region, subscriber.subdivision, purpose, channel,
           contact, consent, emergencies, call_type, contract, policy.text_instead)
    found = cache.get(key)
    if found is None or found.context is not context:  # the policy rebuilt its context: follow it
        if len(cache) > 50_000:
            cache.clear()
        found = cache[key] = _ContextArrays(context)
    return found


# ---------------------------------------------------------------- groups


@dataclass
class _Groups:
    """The distinct (profile, channel, purpose, contact, call type, variant) of a batch."""

    arrays: list[_ContextArrays]
    sms_arrays: list[_ContextArrays | None]  # the SMS counterpart of a call group (text instead)
    need: np.ndarray  # int64 us: the call duration for call groups, 0 for SMS
    channel: np.ndarray  # int8 channel code
    text: np.ndarray  # bool: call groups whose policy recommends texts instead (S4, S5)
    ruleless: np.ndarray  # bool: no rule applies to the group's context
    notes: list[tuple[Any, ...]]  # note rules of each group's context


# A group's variant: what a row's own history changes in its context (kernel.contact_history).
CONSENTED, LAWS_ONLY = 1, 2  # consent given or recorded; courtesy lifted (callback, redial, a "yes")
CONTRACTED = 4  # the calls relate to an ongoing contract with the contacts (lifts what the law says)
VARIANTS = 8


GroupKey = tuple[int, int, int, int, int, int]  # profile, channel, purpose, contact, call type, variant


def build_groups(policy: Policy, ingested: Ingested, keys: list[GroupKey], emergencies: frozenset[str]) -> _Groups:
    need_call = int(round(policy.call_duration.total_seconds() * US))
    arrays: list[_ContextArrays] = []
    sms_arrays: list[_ContextArrays | None] = []
    notes = []
    for profile, channel, purpose, contact, call_type, variant in keys:
        subscriber = ingested.profiles[profile]
        rules = policy.laws_only() if variant & LAWS_ONLY else policy
        consent, contract = bool(variant & CONSENTED), bool(variant & CONTRACTED)
        found = _context_arrays(rules, subscriber, PURPOSES[purpose], CHANNELS[channel], CONTACTS[contact],
                                consent, emergencies, CALL_TYPES[call_type], contract)
        arrays.append(found)
        sms_arrays.append(
            _context_arrays(rules, subscriber, PURPOSES[purpose], Channel.SMS, CONTACTS[contact], consent, emergencies,
                            CALL_TYPES[call_type], contract)
            if channel == 0 and rules.text_instead else None
        )
        notes.append(found.context.notes)
    return _Groups(
        arrays=arrays,
        sms_arrays=sms_arrays,
        need=np.asarray([need_call if key[1] == 0 else 0 for key in keys], dtype=np.int64),
        channel=np.asarray([key[1] for key in keys], dtype=np.int8),
        text=np.asarray([sms is not None for sms in sms_arrays], dtype=bool),
        ruleless=np.asarray([not found.context.applied for found in arrays], dtype=bool),
        notes=notes,
    )


# ---------------------------------------------------------------- timelines


class Timeline:
    """Several groups' compiled days, end to end, in one sorted key space
    (slot * span + time), with everything a row needs precomputed per segment:

    - allowed_before: a row at t is allowed iff t < allowed_before (free run end
      minus the call duration; the minimum int64 for closed segments);
    - next_start: the first later run start whose run lasts more than the call
      duration (the answer of Context.next_start), FAR when none is known or a
      block-effect rule closes the segment;
    - known_if_allowed / known_if_not: thresholds on t under which the answer
      is exact with the days compiled (else the row goes to the next level)."""

    def __init__(self, groups: _Groups, wanted: dict[int, np.ndarray], horizon: int,
                 query: dict[int, set[int]] | None = None) -> None:
        starts, free, mask, block, night_or_rest, sms_free = [], [], [], [], [], []
        owner, stretch_end, first = [], [], []
        position = 0
        for group in sorted(wanted):
            days = wanted[group]
            arrays, sms = groups.arrays[group], groups.sms_arrays[group]
            asked = query.get(group, ()) if (query is not None and sms is not None) else ()
            breaks = np.flatnonzero(np.diff(days) != 1) + 1
            for run in np.split(days, breaks) if breaks.shape[0] else (days,):
                # The days rows fall in are cut where the SMS context changes too (text instead).
                # (`asked` is empty unless sms is an _ContextArrays)
                pieces = [arrays.with_sms(number, sms) if number in asked else arrays.day(number)  # type: ignore[arg-type]
                          for number in run.tolist()]
                count = 0
                for piece in pieces:
                    starts.append(piece.starts)
                    free.append(piece.free)
                    mask.append(piece.mask)
                    block.append(piece.block)
                    night_or_rest.append(piece.night_or_rest)
                    sms_free.append(piece.sms_free)
                    count += piece.starts.shape[0]
                owner.append(np.full(count, group, dtype=np.int64))
                stretch_end.append(np.full(count, (int(run[-1]) + 1) * DAY_US, dtype=np.int64))
                first.append(np.full(count, position, dtype=np.int64))
                position += count
        S = np.concatenate(starts)
        F = np.concatenate(free)
        B = np.concatenate(block) & ~F
        owner_ = np.concatenate(owner)
        E = np.concatenate(stretch_end)
        first_index = np.concatenate(first)
        size = S.shape[0]
        is_last = np.ones(size, dtype=bool)
        is_last[:-1] = first_index[1:] != first_index[:-1]
        is_first = np.ones(size, dtype=bool)
        is_first[1:] = is_last[:-1]
        last_index = np.flatnonzero(is_last)
        last = last_index[np.searchsorted(last_index, np.arange(size))]
        segment_end = np.empty(size, dtype=np.int64)
        segment_end[:-1] = S[1:]
        segment_end[is_last] = E[is_last]
        # free runs, merged across UTC days within a stretch
        previous_free = np.zeros(size, dtype=bool)
        previous_free[1:] = F[:-1]
        run_start = F & (is_first | ~previous_free)
        next_free = np.zeros(size, dtype=bool)
        next_free[:-1] = F[1:]
        run_last = F & (is_last | ~next_free)
        run_id = np.maximum(np.cumsum(run_start) - 1, 0)
        if run_last.any():
            run_end = np.where(F, segment_end[run_last][run_id], 0)
            is_open = F & is_last[run_last][run_id]
        else:
            run_end = np.zeros(size, dtype=np.int64)
            is_open = np.zeros(size, dtype=bool)
        need = groups.need[owner_]
        good = run_start & (run_end - S > need)
        unknown = run_start & is_open & ~good
        next_good = _next_index(good, size)
        next_unknown = _next_index(unknown, size)
        has_good = next_good <= last
        has_unknown = next_unknown <= last
        first_good = has_good & (~has_unknown | (next_good < next_unknown))
        small, far = np.iinfo(np.int64).min, _FAR
        self.starts = S
        self.slot_owner = owner_  # the group of each segment
        self.allowed_before = np.where(F, run_end - need, small)
        self.closes_after = run_end - horizon  # closes_at is known (run end < t + horizon) iff t > this
        self.known_if_allowed = np.where(is_open, E - horizon, far)
        self.next_start = np.where(first_good & ~B, S[np.minimum(next_good, size - 1)], far)
        self.known_if_not = np.where(
            B, far,
            np.where(F & is_open, small,
                     np.where(first_good, far,
                              np.where(has_unknown, S[np.minimum(next_unknown, size - 1)] - horizon, E - horizon))),
        )
        self.blocked = B
        # a closed segment's rule codes (kernel.facts); window_closing on a free one (read only
        # when the run is too short: allowed rows take no codes)
        self.mask_if_found = np.where(F, _WINDOW_CLOSING, np.concatenate(mask))
        # text instead (kernel.answer.recommends_text): the SMS context's state and the
        # courtesy night (S5) / rest-day or holiday (S4) flags of each closed segment
        self.night_or_rest = np.concatenate(night_or_rest) & ~F
        self.sms_free = np.concatenate(sms_free)
        self.texting = bool(self.sms_free.any())
        # the key space
        self.origin = int(S.min())
        self.span = int(E.max() - self.origin + 1)
        present = np.asarray(sorted(wanted), dtype=np.int64)
        self.slot = np.full(len(groups.arrays) + 1, -1, dtype=np.int64)
        self.slot[present] = np.arange(present.shape[0])
        self.keys = self.slot[owner_] * self.span + (S - self.origin)
        self.keys_next = np.empty(size, dtype=np.int64)
        self.keys_next[:-1] = self.keys[1:]
        self.keys_next[-1] = far
        # A bucket table (one entry per 2**shift us of each slot) replaces most of
        # the binary search: a row starts at its bucket's segment and steps forward.
        self.table: np.ndarray | None = None
        slots = present.shape[0]
        for shift in range(28, 37):
            buckets = (self.span >> shift) + 1
            if slots * buckets <= 4_000_000:
                probes = (np.arange(slots, dtype=np.int64)[:, None] * self.span
                          + (np.arange(buckets, dtype=np.int64) << shift)[None, :]).reshape(-1)
                self.table = np.maximum(np.searchsorted(self.keys, probes, side="right") - 1, 0)
                self.shift, self.buckets = shift, buckets
                break

    def nbytes(self) -> int:
        """The memory its arrays hold."""
        return sum(value.nbytes for value in vars(self).values() if isinstance(value, np.ndarray))

    def locate(self, group: np.ndarray, at: np.ndarray) -> np.ndarray:
        slot = self.slot[group]
        relative = at - self.origin
        query = slot * self.span
        query += relative
        found: np.ndarray
        if self.table is None:
            found = np.searchsorted(self.keys, query, side="right")
            found -= 1
            return found
        slot *= self.buckets
        slot += relative >> self.shift
        found = self.table[slot]
        keys_next = self.keys_next
        while True:
            step = keys_next[found] <= query
            if not step.any():
                return found
            found += step


def _next_index(flags: np.ndarray, size: int) -> np.ndarray:
    """For each i, the smallest j > i with flags[j] (size when none)."""
    candidates = np.where(flags, np.arange(size, dtype=np.int64), size)
    following = np.empty(size + 1, dtype=np.int64)
    following[size] = size
    following[:size] = np.minimum.accumulate(candidates[::-1])[::-1]
    return following[1:]


@dataclass
class _Answers:
    action: np.ndarray
    allowed: np.ndarray
    next_at: np.ndarray
    closes: np.ndarray
    mask: np.ndarray
    closing_mask: np.ndarray  # the codes of the rules closing the instant (0: free)
    blocked: np.ndarray  # a block-effect rule closes the instant
    sms_free: np.ndarray  # text instead: the SMS context is free at the instant (call groups that text)
    night_or_rest: np.ndarray  # text instead: courtesy night / rest day or holiday closes the instant
    facts: bool = False  # closing_mask .. night_or_rest are filled (only the history views read them)

    def take(self, rows: np.ndarray) -> _Answers:
        """The answers of `rows` (one group's answer handed to each of its rows)."""
        def pick(values: np.ndarray) -> np.ndarray:
            return values[rows] if self.facts else values  # (empty without facts)

        return _Answers(self.action[rows], self.allowed[rows], self.next_at[rows], self.closes[rows],
                        self.mask[rows], pick(self.closing_mask), pick(self.blocked), pick(self.sms_free),
                        pick(self.night_or_rest), self.facts)


def _evaluate(policy: Policy, groups: _Groups, group: np.ndarray, at: np.ndarray, stats: dict[str, float],
              facts: bool = False) -> _Answers:
    """Answers for queries (group, instant us), level by level; `facts`: fill the
    closing codes, block flag and text-instead inputs too (for the history views)."""
    size = group.shape[0]
    answers = _Answers(
        action=np.empty(size, dtype=np.int8),
        allowed=np.empty(size, dtype=bool),
        next_at=np.empty(size, dtype=np.int64),
        closes=np.empty(size, dtype=np.int64),
        mask=np.empty(size, dtype=np.uint64),
        closing_mask=np.zeros(size if facts else 0, dtype=np.uint64),
        blocked=np.zeros(size if facts else 0, dtype=bool),
        sms_free=np.zeros(size if facts else 0, dtype=bool),
        night_or_rest=np.zeros(size if facts else 0, dtype=bool),
        facts=facts,
    )
    if size == 0:
        return answers
    horizon = policy.horizon_days * DAY_US
    after = int(math.ceil(policy.text_instead_after * US))
    pending: np.ndarray | None = None  # None: every query
    if groups.ruleless.any():
        # A context no rule applies to is one free run forever: allowed now, the
        # window never closes within the horizon (Context.free_until reaches it).
        easy = groups.ruleless[group]
        if easy.any():
            answers.action[easy] = np.where(groups.channel[group[easy]] == 0, A_CALL, A_SMS)
            answers.allowed[easy] = True
            answers.next_at[easy] = at[easy]
            answers.closes[easy] = NAT
            answers.mask[easy] = 0
            pending = np.flatnonzero(~easy)
            if pending.shape[0] == 0:
                return answers
    levels: tuple[int, ...] = _LEVELS if size >= 20 * len(groups.arrays) else _FEW_ROW_LEVELS
    levels = tuple(extra for extra in levels if extra < policy.horizon_days + 2) + (policy.horizon_days + 2,)
    for level, extra in enumerate(levels):
        final = level == len(levels) - 1
        q_group = group if pending is None else group[pending]
        q_at = at if pending is None else at[pending]
        stats[f"level{level}_rows"] = float(q_group.shape[0])
        done = np.zeros(q_group.shape[0], dtype=bool)
        for chunk in _time_chunks(q_at, len(groups.arrays), extra):
            if chunk is None:
                done = _level(groups, q_group, q_at, pending, extra, horizon, after, answers, final, stats)
            else:
                positions = chunk if pending is None else pending[chunk]
                done[chunk] = _level(groups, q_group[chunk], q_at[chunk], positions, extra, horizon, after,
                                     answers, final, stats)
        if done.all():
            break
        pending = np.flatnonzero(~done) if pending is None else pending[~done]
    return answers


def _time_chunks(at: np.ndarray, groups: int, extra: int) -> list[np.ndarray | None]:
    """Query subsets whose timelines fit the int64 key space (slot * span);
    [None] when all of them fit at once."""
    days = at // DAY_US
    low, high = int(days.min()), int(days.max())
    room = (2**62) // ((groups + 1) * DAY_US) - extra - 2
    if high - low < room:
        return [None]
    if room < 1:  # pragma: no cover - would need ~50,000 groups per day
        raise InvalidInput("callwindow.batch: too many distinct contexts for one batch; split it")
    bucket = (days - low) // room
    order = np.argsort(bucket, kind="stable")
    cuts = np.flatnonzero(np.diff(bucket[order])) + 1
    return list(np.split(order, cuts))


def _level(groups: _Groups, q_group: np.ndarray, q_at: np.ndarray, positions: np.ndarray | None, extra: int,
           horizon: int, after: int, answers: _Answers, final: bool, stats: dict[str, float]) -> np.ndarray:
    started = time.perf_counter()
    wanted, query = _wanted_days(q_group, q_at // DAY_US, extra)
    timeline = _timeline(groups, wanted, horizon, query, stats)
    stats["seconds_timelines"] = stats.get("seconds_timelines", 0.0) + time.perf_counter() - started
    return _answer(timeline, groups, q_group, q_at, horizon, after, answers, positions, final)


# Timelines of earlier calls, reused: a service asks about the same contexts on the same days
# call after call (each request's rows "now"), and laying the days out costs about half of a
# 100-row call. Keyed by what a Timeline is built from; each entry keeps its context arrays
# alive, so that their ids in the key cannot be reused by other objects while it is kept.
# Only small timelines are kept (a bulk batch's are big and seldom asked again), at most
# _TIMELINE_BYTES each and _TIMELINES_BYTES in all (then the cache starts again, empty).
_timelines: dict[tuple[Any, ...], tuple[tuple[Any, ...], Timeline]] = {}
_TIMELINE_BYTES = 1 << 20
_TIMELINES_BYTES = 64 << 20
_kept_bytes = [0]


def _timeline(groups: _Groups, wanted: dict[int, np.ndarray], horizon: int, query: dict[int, set[int]],
              stats: dict[str, float]) -> Timeline:
    """Timeline(groups, wanted, horizon, query), or the same one built by an earlier call
    (counted in stats["timelines_reused"])."""
    parts = []
    kept = []
    for group in sorted(wanted):
        arrays, sms = groups.arrays[group], groups.sms_arrays[group]
        asked = tuple(sorted(query.get(group, ()))) if sms is not None else ()
        parts.append((group, id(arrays), id(sms), int(groups.need[group]), wanted[group].tobytes(), asked))
        kept.append((arrays, sms))
    key = (len(groups.arrays), horizon, tuple(parts))
    found = _timelines.get(key)
    if found is not None:
        stats["timelines_reused"] = stats.get("timelines_reused", 0.0) + 1
        return found[1]
    timeline = Timeline(groups, wanted, horizon, query)
    size = timeline.nbytes()
    if size <= _TIMELINE_BYTES:
        if _kept_bytes[0] + size > _TIMELINES_BYTES:
            _timelines.clear()
            _kept_bytes[0] = 0
        _timelines[key] = (tuple(kept), timeline)
        _kept_bytes[0] += size
    return timeline


def _wanted_days(group: np.ndarray, day: np.ndarray, extra: int) -> tuple[dict[int, np.ndarray], dict[int, set[int]]]:
    """(group -> sorted unique days in [d, d + extra) over its rows' days d;
    group -> the rows' own days d)."""
    low = int(day.min())
    width = int(day.max()) - low + extra + 1
    present = np.zeros((int(group.max()) + 1) * width, dtype=bool)
    present[group.astype(np.int64) * width + (day - low)] = True
    pairs = np.flatnonzero(present)
    expanded = np.unique((pairs[:, None] + np.arange(extra, dtype=np.int64)[None, :]).reshape(-1))
    wanted: dict[int, np.ndarray] = {}
    owners = expanded // width
    days = expanded % width + low
    # each owner's run of days, as slices (np.split costs ~4x for the few groups of a call)
    edges = [0, *(np.flatnonzero(np.diff(owners)) + 1).tolist(), owners.shape[0]]
    for begin, end in zip(edges, edges[1:], strict=False):
        wanted[int(owners[begin])] = days[begin:end]
    query: dict[int, set[int]] = {}
    for pair in pairs.tolist():
        owner, offset = divmod(pair, width)
        query.setdefault(owner, set()).add(low + offset)
    return wanted, query


def _answer(timeline: Timeline, groups: _Groups, q_group: np.ndarray, t: np.ndarray, horizon: int, after: int,
            answers: _Answers, positions: np.ndarray | None, final: bool) -> np.ndarray:
    """Fill the answers of the determined queries; return the determined mask.
    (Each gather `timeline.x[index]` is a random read per row: the fewer, the faster.)"""
    index = timeline.locate(q_group, t)
    allowed_before = timeline.allowed_before[index]
    allowed = t < allowed_before
    known: np.ndarray = np.where(allowed, t <= timeline.known_if_allowed[index], t <= timeline.known_if_not[index])
    start = timeline.next_start[index]
    found = t > start - horizon  # the next start is before t + horizon (FAR: never)
    found &= ~allowed
    next_at = np.where(allowed, t, np.where(found, start, NAT))
    closes = np.where(allowed & (t > timeline.closes_after[index]), allowed_before, NAT)
    blocked = timeline.blocked[index]
    closing = timeline.mask_if_found[index]  # a closed segment's rule codes; window_closing on a free one
    mask = np.where(allowed, np.uint64(0), np.where(found | blocked, closing, closing | _NO_WINDOW))
    channel_action = groups.channel[q_group]  # CALL, SMS: the action codes equal the channel codes
    if timeline.texting:
        sms_free, night_or_rest = timeline.sms_free[index], timeline.night_or_rest[index]
        long_wait = ~found | (start - t >= after)  # (start - t: only read where found, never FAR)
        text = answer.recommends_text(sms_free, ~blocked, night_or_rest, long_wait) & ~allowed
        mask[text] |= _TEXT_INSTEAD
        action = answer.action(allowed, channel_action, blocked, text, where=np.where)
    else:
        action = answer.action(allowed, channel_action, blocked, False, where=np.where)
    if final and not known.all():  # pragma: no cover
        raise AssertionError("callwindow.batch: a row is undetermined at the horizon level")
    # Undetermined rows are written too: a later level overwrites them.
    take = slice(None) if positions is None else positions
    answers.action[take] = action
    answers.allowed[take] = allowed
    answers.next_at[take] = next_at
    answers.closes[take] = closes
    answers.mask[take] = mask
    if answers.facts:  # what the history views read (rows with records)
        answers.closing_mask[take] = np.where(allowed_before == _SMALL, closing, np.uint64(0))
        answers.blocked[take] = blocked
        if timeline.texting:
            answers.sms_free[take] = sms_free
            answers.night_or_rest[take] = night_or_rest
    return known


_SMALL = np.iinfo(np.int64).min  # allowed_before of a closed segment


def _add_notes(groups: _Groups, group: np.ndarray, at: np.ndarray, mask: np.ndarray) -> None:
    """Add the note-effect rules in effect on the local date (first zone) of each
    row's instant to `mask` (kernel.facts.notes_in_effect, on arrays)."""
    with_notes = [number for number, notes in enumerate(groups.notes) if notes]
    if not with_notes:
        return
    lookup = np.zeros(len(groups.notes) + 1, dtype=bool)
    lookup[with_notes] = True
    rows = np.flatnonzero(lookup[group])
    if rows.shape[0] == 0:
        return
    low, high = int(at[rows].min()) // DAY_US - 2, int(at[rows].max()) // DAY_US + 2
    constant = np.zeros(len(groups.notes), dtype=np.uint64)
    varies = np.zeros(len(groups.notes) + 1, dtype=bool)
    first = clock.date_of_day_number(low)
    last = clock.date_of_day_number(high)
    for number in with_notes:
        bits = 0
        for note in groups.notes[number]:
            rule = note.rule
            if rule.effective_from <= first and (rule.effective_to is None or last < rule.effective_to):
                bits |= BIT[rule.code]  # in effect on every local date the instants can show
            elif not (last < rule.effective_from or (rule.effective_to is not None and rule.effective_to <= first)):
                varies[number] = True
        constant[number] = bits
    mask[rows] |= constant[group[rows]]
    exact = rows[varies[group[rows]]]
    for row in exact:  # rare: an instant within days of a note rule's effective date
        number = int(group[row])
        zone = groups.arrays[number].context.zones[0]
        local_day = clock.local_time(int(at[row]) / US, zone).date()
        bits = 0
        for note in groups.notes[number]:
            if note.rule.in_effect(local_day):
                bits |= BIT[note.rule.code]
        mask[row] |= np.uint64(bits)


# ---------------------------------------------------------------- decide


def decide_batch(
    ingested: Ingested,
    at: object = None,
    *,
    channel: object = Channel.CALL,
    purpose: object = Purpose.SALES,
    contact: object = ContactKind.CONSUMER,
    policy: Policy | None = None,
    consent: bool = False,
    emergencies: Iterable[str] = (),
    history: History | HistorySource | None = None,
    subject: str | None = None,
    contact_id: object = None,
    call_type: object = CallType.LIVE,
    contract: bool = False,
) -> Decisions:
    """Decide every row of an ingested list at `at`.

    `at`: one instant (aware datetime, ISO 8601 text, numpy datetime64 read as
    UTC, None = now) or one per row (numpy datetime64 array read as UTC, a
    tz-aware pandas Series, an Arrow timestamp array with a zone, or a sequence
    of aware datetimes / ISO texts). `channel`, `purpose`, `contact`: one value
    or one per row. Same answers as `policy.decide` on each row, field by field
    (action, next_allowed_at, window_closes_at, reason codes).

    `history`: a callwindow.History, or a history store (callwindow.store), whose records for
    the rows' numbers are read in one call. A row whose number has records is read by the
    kernel's history view (opt-outs, consent, callbacks, redial, asks, caps) and decided on the
    array path in the context its history gives (consent, courtesy lifted, a hold).
    `subject`: the debt or offer the rows are about (caps that count per subject). `contact_id`:
    the person or account (one, or one per row; None/"" for none): caps kept per person count
    the person's attempts on all their numbers, person-wide opt-outs and consents apply.
    `call_type`: how the calls are made (live, prerecorded, automated; one or one per row);
    `contract`: the calls relate to an ongoing contract with the contacts (lifts what the law says)."""
    policy = policy if policy is not None else default_policy()
    started = time.perf_counter()
    size = len(ingested)
    shared_at, row_at, at_errors = instants(at, size)
    channel_code, channel_rows, channel_errors = choice_codes(channel, Channel, CHANNELS, size, "channel")
    purpose_code, purpose_rows, purpose_errors = choice_codes(purpose, Purpose, PURPOSES, size, "purpose")
    contact_code, contact_rows, contact_errors = choice_codes(contact, ContactKind, CONTACTS, size, "contact")
    type_code, type_rows, type_errors = choice_codes(call_type, CallType, CALL_TYPES, size, "call_type")
    emergency_places = places(emergencies)
    consent = bool(consent)
    base_variant = (CONSENTED if consent else 0) | (CONTRACTED if contract else 0)

    errors: dict[int, str] = dict(ingested.errors)
    for extra in (at_errors, channel_errors, purpose_errors, contact_errors, type_errors):
        for row, message in extra.items():
            errors.setdefault(row, message)
    subscriber = ingested.subscriber
    valid = subscriber >= 0
    if errors:
        bad = np.fromiter(errors.keys(), dtype=np.int64, count=len(errors))
        valid[bad] = False  # (`>=` made a new array)
    all_valid = bool(valid.all())
    safe = subscriber if all_valid else np.where(valid, subscriber, 0)
    count = len(ingested.subscribers)
    sub_profile = ingested.profile if count else np.zeros(1, dtype=np.int32)
    sub_placeable = ingested.placeable[sub_profile] if count else np.zeros(1, dtype=bool)
    row_arrays = sub_placeable[safe]
    if not all_valid:
        row_arrays &= valid
    all_arrays = bool(row_arrays.all()) and size > 0 and count > 0
    any_arrays = all_arrays or (count > 0 and bool(row_arrays.any()))
    mask = ingested.static_mask[safe] if count else np.zeros(size, dtype=np.uint64)
    if not all_valid:
        mask[~valid] = 0
    if count:
        mask |= _rule_data_masks(policy, ingested)[sub_profile][safe] & np.where(row_arrays, _ALL, np.uint64(0))
    per_row_at = _each_row(row_at, shared_at, np.int64, size)
    channels = _each_row(channel_rows, channel_code, np.int8, size)
    purposes = _each_row(purpose_rows, purpose_code, np.int8, size)
    contacts = _each_row(contact_rows, contact_code, np.int8, size)
    call_types = _each_row(type_rows, type_code, np.int8, size)

    # The rows' own histories: one kernel view per row with records (opted out: decided here).
    contact_ids = _contact_ids(contact_id, size)
    contacts_of = _contacts_of(contact_ids, ingested, safe, valid) if contact_ids is not None else None
    found = _read_found(history, ingested.subscribers, contacts_of) if any_arrays else _Found({}, ())
    lists = found.lists
    views = _HistoryViews.read(policy, ingested, found, row_arrays, safe, per_row_at, channels, purposes,
                               contacts, call_types, consent, base_variant, emergency_places, subject,
                               contact_ids) if found.any() else None
    if views is not None:
        row_arrays &= ~views.opted_out
        any_arrays = bool(row_arrays.any())
        all_arrays = all_arrays and not views.opted_out.any()
    # Rows read one by one by the kernel's history view (not only refused outright): the answers
    # then carry the facts the views read, and the rows are grouped by their own variants.
    per_row = views is not None and views.rows.shape[0] > 0

    stats: dict[str, float] = {}
    group_of_row: np.ndarray | None = None
    decoded: list[GroupKey] = []
    width = OPTIONS
    scalar_options = (channel_rows is None and purpose_rows is None and contact_rows is None and type_rows is None
                      and not per_row)
    if any_arrays and scalar_options:
        option = _option(channel_code or 0, purpose_code or 0, contact_code or 0, type_code or 0, base_variant)
        used = np.unique(sub_profile[sub_placeable])
        lookup = np.zeros(len(ingested.profiles), dtype=np.int64)  # rows of other profiles: group 0, overwritten
        lookup[used] = np.arange(used.shape[0])
        group_of_row = lookup[sub_profile][safe]
        decoded = [_decode(int(profile_id) * width + option, width) for profile_id in used.tolist()]
    elif any_arrays:
        variant = np.full(size, base_variant, dtype=np.int64) if views is None else views.variant
        # (bad rows' codes are -1: any group will do, they are not decided here)
        options = _option(np.maximum(channels, 0).astype(np.int64), np.maximum(purposes, 0),
                          np.maximum(contacts, 0), np.maximum(call_types, 0), variant)
        key = sub_profile[safe].astype(np.int64) * width + options
        used_keys = np.zeros(len(ingested.profiles) * width, dtype=bool)
        used_keys[key[row_arrays]] = True
        group_keys = np.flatnonzero(used_keys)
        lookup = np.zeros(used_keys.shape[0], dtype=np.int64)
        lookup[group_keys] = np.arange(group_keys.shape[0])
        group_of_row = lookup[key]
        decoded = [_decode(value, width) for value in group_keys.tolist()]

    if group_of_row is not None:
        groups = build_groups(policy, ingested, decoded, emergency_places)
        stats["groups"] = float(len(decoded))
        stats["seconds_groups"] = time.perf_counter() - started
        if row_at is None:
            # One instant: decide each group once, then hand the answers to its rows.
            queries = np.arange(len(decoded), dtype=np.int64)
            per_group = _evaluate(policy, groups, queries, np.full(len(decoded), shared_at, dtype=np.int64), stats,
                                  facts=per_row)
            answers = per_group.take(group_of_row)
            query_at = per_row_at
        else:
            # Rows not decided here (bad or opted-out rows) borrow a decided row's instant: overwritten below.
            query_at = per_row_at if all_arrays else np.where(row_arrays, per_row_at,
                                                              per_row_at[int(np.argmax(row_arrays))])
            answers = _evaluate(policy, groups, group_of_row, query_at, stats, facts=per_row)
        if per_row:
            views.apply(policy, groups, group_of_row, per_row_at, answers, stats)  # type: ignore[union-attr]
        action, allowed, next_at, closes = answers.action, answers.allowed, answers.next_at, answers.closes
        mask |= answers.mask
        _add_notes(groups, group_of_row, query_at, mask)
        if lists:
            plain = row_arrays & ~np.isin(np.arange(size), views.rows) if per_row else row_arrays  # type: ignore[union-attr]
            stale = _stale_refusals(lists, ingested, decoded, group_of_row, per_row_at, np.flatnonzero(plain))
            action[stale], allowed[stale], next_at[stale], closes[stale] = A_BLOCK, False, NAT, NAT
            mask[stale] = np.uint64(BIT[ReasonCode.SUPPRESSION_LIST_STALE])  # the refusal is the whole answer
            stats["stale_list_rows"] = float(stale.shape[0])
            # A wash result holds every number it checked (as records): a row without records in
            # a place a wash result binds was never washed (kernel.contact_history.refusal).
            unwashed = _unwashed_refusals(lists, ingested, decoded, group_of_row, np.flatnonzero(plain))
            if unwashed.shape[0]:
                action[unwashed], allowed[unwashed], next_at[unwashed], closes[unwashed] = A_BLOCK, False, NAT, NAT
                mask[unwashed] = np.where(np.isin(unwashed, stale), mask[unwashed], np.uint64(0)) \
                    | np.uint64(BIT[ReasonCode.NOT_WASHED])
        if not all_arrays:
            others = np.flatnonzero(~row_arrays)
            action[others] = np.where(valid[others], A_BLOCK, A_ERROR)  # unplaceable: never callable (no_time_zone)
            allowed[others] = False
            next_at[others] = NAT
            closes[others] = NAT
            mask[others] = np.where(valid[others], ingested.static_mask[safe[others]] if count else 0, 0)
    else:
        action = np.where(valid, A_BLOCK, A_ERROR).astype(np.int8)
        allowed = np.zeros(size, dtype=bool)
        next_at = np.full(size, NAT, dtype=np.int64)
        closes = np.full(size, NAT, dtype=np.int64)
    if views is not None:
        out = np.flatnonzero(views.opted_out)
        action[out], allowed[out], next_at[out], closes[out] = A_BLOCK, False, NAT, NAT
        mask[out] = views.reason_mask[out]  # the refusal is the whole answer (policy.decide)
        stats["history_rows"] = float(views.rows.shape[0])
        # (refused on arrays by _refuse_listed: opted out, not read one by one)
        stats["listed_rows"] = float(out.shape[0] - int(views.opted_out[views.rows].sum()))
    stats["seconds"] = time.perf_counter() - started
    return Decisions(
        action=action,
        allowed=allowed,
        next_allowed_at=next_at.view("datetime64[us]"),
        window_closes_at=closes.view("datetime64[us]"),
        reason_mask=mask,
        at=per_row_at.view("datetime64[us]"),
        subscriber=subscriber if all_valid else np.where(valid, subscriber, -1).astype(np.int32),
        channel=channels,
        purpose=purposes,
        contact=contacts,
        call_type=call_types,
        errors=errors,
        ingested=ingested,
        versions={**ingested.versions, **policy.versions},
        stats=stats,
    )


_ALL = np.uint64(np.iinfo(np.uint64).max)


OPTIONS = len(CHANNELS) * len(PURPOSES) * len(CONTACTS) * len(CALL_TYPES) * VARIANTS  # group keys per profile


def _option(channel: Any, purpose: Any, contact: Any, call_type: Any, variant: Any) -> Any:
    """The option part of a group key (channel, purpose, contact, call type, variant), scalars or arrays."""
    return (((channel * len(PURPOSES) + purpose) * len(CONTACTS) + contact) * len(CALL_TYPES)
            + call_type) * VARIANTS + variant


def _rule_data_masks(policy: Policy, ingested: Ingested) -> np.ndarray:
    """Per profile: the no-rule-data note's bit when no law file covers its country (kernel.facts)."""
    return np.asarray(
        [facts.mask(facts.rule_data_notes(profile, policy.rules)) if facts.is_placeable(profile) else 0
         for profile in ingested.profiles] or [0],
        dtype=np.uint64,
    )


@dataclass
class _HistoryViews:
    """The kernel's history view (kernel.contact_history.read) of every row whose
    number has records: what it changes on the array path."""

    rows: np.ndarray  # the rows with records (placeable, valid) read one by one (not those _refuse_listed refused)
    opted_out: np.ndarray  # bool per row: refused outright (an opt-out, a do-not-call list: block)
    variant: np.ndarray  # int64 per row: consent / laws-only / contract context (CONSENTED, LAWS_ONLY, CONTRACTED)
    held: np.ndarray  # the rows (subset of `rows`) on hold (a cap, an S6 "no"): not allowed before hold_until
    hold_until: np.ndarray  # int64 us per held row
    reason_mask: np.ndarray  # uint64 per row: the view's reasons
    subscribers: list[Subscriber]  # per row of `rows`
    mines: list[History]  # per row of `rows`: the number's history
    options: list[tuple[Channel, Purpose, ContactKind]]  # per row of `rows`
    subject: str | None

    @classmethod
    def read(cls, policy: Policy, ingested: Ingested, found: _Found, row_arrays: np.ndarray,
             safe: np.ndarray, at: np.ndarray, channels: np.ndarray, purposes: np.ndarray, contacts: np.ndarray,
             call_types: np.ndarray, consent: bool, base_variant: int, emergencies: frozenset[str],
             subject: str | None,
             contact_ids: list[str | None] | None = None) -> _HistoryViews:
        size = row_arrays.shape[0]
        recorded = found.recorded
        has = found.has if found.has is not None else \
            np.asarray([item.number in recorded for item in ingested.subscribers], dtype=bool)
        rows = np.flatnonzero(row_arrays & has[safe])
        opted_out = np.zeros(size, dtype=bool)
        variant = np.full(size, base_variant, dtype=np.int64)
        reason_mask = np.zeros(size, dtype=np.uint64)
        held_rows: list[int] = []
        hold_until: list[int] = []
        subscribers: list[Subscriber] = []
        mines: list[History] = []
        options: list[tuple[Channel, Purpose, ContactKind]] = []
        courtesy = policy.courtesy is not None
        if contact_ids is None:
            rows = _refuse_listed(policy, ingested, found, rows, row_arrays, safe, at, channels, purposes, consent,
                                  opted_out, reason_mask)
        for row in rows.tolist():
            who = ingested.subscribers[int(safe[row])]
            mine = recorded[who.number].for_contact(who.number, contact_ids[row] if contact_ids else None)
            moment = EPOCH + timedelta(microseconds=int(at[row]))
            asked = (CHANNELS[channels[row]], PURPOSES[purposes[row]], CONTACTS[contacts[row]])
            subscribers.append(who)
            mines.append(mine)
            options.append(asked)
            refused = contact_history.refusal(mine, who, asked[0], asked[1], moment, consent, policy.rules)
            if refused:  # an opt-out, a do-not-call list: the answer is block with these reasons only
                opted_out[row] = True
                reason_mask[row] = facts.mask(refused)
                continue
            view = contact_history.read(policy.rules, courtesy, who, mine, moment, *asked, subject, consent,
                                        emergencies, CALL_TYPES[call_types[row]])
            variant[row] = ((CONSENTED if view.consent else 0) | (LAWS_ONLY if view.lift_courtesy else 0)
                            | (base_variant & CONTRACTED))
            reason_mask[row] = facts.mask(view.reasons)
            if view.hold_until is not None and view.hold_until > moment:
                held_rows.append(row)
                hold_until.append(_instant_us(view.hold_until))
        return cls(rows, opted_out, variant, np.asarray(held_rows, dtype=np.int64),
                   np.asarray(hold_until, dtype=np.int64), reason_mask, subscribers, mines, options, subject)

    def apply(self, policy: Policy, groups: _Groups, group_of_row: np.ndarray, at: np.ndarray,
              answers: _Answers, stats: dict[str, float]) -> None:
        """Turn the rows' answers at their instants into the answers their histories give:
        held rows are not allowed and search from the hold's end; a cap that binds at a
        candidate start (attempts after the instant, a cap taking effect later) moves the
        search on, as Policy.decide does."""
        horizon = policy.horizon_days * DAY_US
        answers.mask |= self.reason_mask
        held = self.held
        if held.shape[0]:
            t = at[held]
            blocked = answers.blocked[held]
            search_from = np.maximum(t, self.hold_until)
            later = _evaluate(policy, groups, group_of_row[held], search_from, stats, facts=True)
            start = later.next_at
            if later.blocked.any():
                # A block-effect rule closes the hold's end but not the instant: the scalar
                # walk passes it (the vector timelines stop at block-effect segments).
                for position in np.flatnonzero(later.blocked & ~blocked).tolist():
                    start[position] = self._walk(policy, groups, int(group_of_row[held[position]]),
                                                 int(search_from[position]), int(t[position]))
            found = (start != NAT) & ~blocked
            found &= start - t < horizon
            answers.action[held] = np.where(blocked, A_BLOCK, A_DEFER)
            answers.allowed[held] = False
            answers.closes[held] = NAT
            answers.next_at[held] = np.where(found, start, NAT)
            answers.mask[held] = (answers.closing_mask[held] | self.reason_mask[held]
                                  | np.where(found | blocked, np.uint64(0), _NO_WINDOW))
        self._recheck_caps(policy, groups, group_of_row, at, answers, stats)

    def _walk(self, policy: Policy, groups: _Groups, group: int, search_from: int, t: int) -> int:
        """Context.next_start on the group's context from `search_from` (NAT: none in the horizon)."""
        context = groups.arrays[group].context
        need = int(groups.need[group]) / US
        found = context.next_start(search_from / US, need, t / US + policy.horizon_days * DAY_US / US)
        return NAT if found is None else int(round(found[0] * US))

    def _recheck_caps(self, policy: Policy, groups: _Groups, group_of_row: np.ndarray, at: np.ndarray,
                      answers: _Answers, stats: dict[str, float]) -> None:
        """Policy._after_caps on arrays: each candidate start of a row with attempts is checked
        against the caps (the kernel, per row); rows whose caps bind there search again."""
        horizon = policy.horizon_days * DAY_US
        position_of = {int(row): index for index, row in enumerate(self.rows.tolist())}
        pending = np.asarray([row for row in self.rows.tolist()
                              if not self.opted_out[row] and self.mines[position_of[row]].attempts], dtype=np.int64)
        rounds = max((cap_search_rounds(self.mines[position_of[row]]) for row in pending.tolist()), default=0)
        for _ in range(rounds):
            if pending.shape[0] == 0:
                return
            pending = pending[(answers.next_at[pending] != NAT) & ~answers.allowed[pending]]
            frees_at: list[int] = []
            again: list[int] = []
            for row in pending.tolist():
                index = position_of[row]
                who, mine = self.subscribers[index], self.mines[index]
                channel, purpose, contact = self.options[index]
                start = EPOCH + timedelta(microseconds=int(answers.next_at[row]))
                frees, _ = contact_history.caps_hold(policy.rules, who, mine, start, channel, purpose, contact,
                                                     self.subject)
                if frees is not None and frees > start:
                    again.append(row)
                    frees_at.append(_instant_us(frees))
            if not again:
                return
            pending = np.asarray(again, dtype=np.int64)
            stats["cap_rechecks"] = stats.get("cap_rechecks", 0.0) + len(again)
            t = at[pending]
            search_from = np.asarray(frees_at, dtype=np.int64)
            later = _evaluate(policy, groups, group_of_row[pending], search_from, stats, facts=True)
            start_us = later.next_at.copy()
            for position in np.flatnonzero(later.blocked).tolist():
                start_us[position] = self._walk(policy, groups, int(group_of_row[pending[position]]),
                                                int(search_from[position]), int(t[position]))
            found = (start_us != NAT) & (start_us - t < horizon)
            answers.next_at[pending] = np.where(found, start_us, NAT)
            answers.mask[pending[~found]] |= _NO_WINDOW  # no allowed start left within the horizon
            self._text_again(policy, groups, group_of_row, at, answers, pending)
            pending = pending[found]
        # Starts a cap still held after every round: none (Policy._after_caps gives None too)
        if pending.shape[0]:
            pending = pending[(answers.next_at[pending] != NAT) & ~answers.allowed[pending]]
        if pending.shape[0]:
            answers.next_at[pending] = NAT
            answers.mask[pending] |= _NO_WINDOW
            self._text_again(policy, groups, group_of_row, at, answers, pending)

    def _text_again(self, policy: Policy, groups: _Groups, group_of_row: np.ndarray, at: np.ndarray,
                    answers: _Answers, rows: np.ndarray) -> None:
        """The text-instead answer again for rows whose next start moved (the wait changed):
        kernel.answer.recommends_text, as Policy.decide reads it after the caps (never when held)."""
        rows = rows[~np.isin(rows, self.held) & groups.text[group_of_row[rows]]]
        if rows.shape[0] == 0:
            return
        after = int(math.ceil(policy.text_instead_after * US))
        start = answers.next_at[rows]
        long_wait = (start == NAT) | (start - at[rows] >= after)
        text = answer.recommends_text(answers.sms_free[rows], ~answers.blocked[rows], answers.night_or_rest[rows],
                                      long_wait)
        answers.action[rows] = np.where(text, A_SMS, A_DEFER)
        answers.mask[rows] = np.where(text, answers.mask[rows] | _TEXT_INSTEAD, answers.mask[rows] & ~_TEXT_INSTEAD)


# The History fields other than list entries: a history with none of them holds only what the
# do-not-call lists say about its number (any record kind added later counts as "other" too).
_other_records = operator.attrgetter(*(item.name for item in dataclasses.fields(History)
                                       if item.name not in ("suppressions", "lists", "memo")))


def _list_signature(record: History, number: str) -> Any:
    """What the refusal of `record` reads of it, as a hashable key, when it holds list entries of
    `number` and nothing else (no consent, opt-out, relationship, attempt...); else None.
    (ids: the lists are the store's values, alive while the batch is decided.)"""
    entries = record.suppressions
    if not entries or any(_other_records(record)):
        return None
    if len(entries) == 1:  # (the common case, without a generator)
        return (id(entries[0].list), id(record.lists)) if entries[0].number == number else None
    if any(entry.number != number for entry in entries):
        return None
    return (tuple(id(entry.list) for entry in entries), id(record.lists))


@dataclass
class _Found:
    """The rows' histories as the batch read them: the History of every number with records
    (number -> History), the lists every history carries, and - from a store's batch read
    (BaseStore.batch_histories) - the numbers whose only records are list entries, not as
    History values but by their list signature (most listed numbers of a lead list)."""

    recorded: dict[str, History]
    lists: tuple[SuppressionList, ...]
    has: np.ndarray | None = None  # bool per subscriber: its number is in `recorded` (None: not worked out)
    listed: np.ndarray | None = None  # int64 per subscriber: its list signature (not in `recorded`), else -1
    listed_history: Any = None  # subscriber index -> the History of a number on lists only (with `listed`)

    def any(self) -> bool:
        return bool(self.recorded) or (self.listed is not None and bool((self.listed >= 0).any()))


def _read_found(history: History | HistorySource | None, subscribers: Sequence[Subscriber],
                contacts: dict[str, str | None] | None) -> _Found:
    """The rows' histories (recorded_histories), read without a History per listed number when
    the source is a store that can (batch_histories; not with contact ids: the person's records
    on other numbers are read with histories_of_contacts)."""
    read = getattr(history, "batch_histories", None)
    if not callable(read) or isinstance(history, History) or (contacts and any(contacts.values())):
        recorded, lists = recorded_histories(history, subscribers, contacts)
        return _Found(recorded, lists)
    batch = read([item.number for item in subscribers])
    has = np.zeros(len(subscribers), dtype=bool)
    has[np.fromiter(batch.recorded, dtype=np.int64, count=len(batch.recorded))] = True
    return _Found({subscribers[index].number: mine for index, mine in batch.recorded.items()}, batch.lists, has,
                  batch.signature, lambda index: batch.history(index, subscribers[index].number))


def _record_signatures(ingested: Ingested, recorded: dict[str, History], rows: np.ndarray,
                       safe: np.ndarray) -> np.ndarray:
    """Per subscriber: a code of its history's list signature (_list_signature) when the history
    holds list entries and nothing else, else -1 (histories given as History values)."""
    codes: dict[Any, int] = {}
    out = np.full(max(1, len(ingested.subscribers)), -1, dtype=np.int64)
    for index in np.unique(safe[rows]).tolist():
        who = ingested.subscribers[index]
        found = _list_signature(recorded[who.number], who.number)
        if found is not None:
            out[index] = codes.setdefault(found, len(codes))
    return out


def _refuse_listed(
    policy: Policy, ingested: Ingested, found: _Found, rows: np.ndarray, row_arrays: np.ndarray, safe: np.ndarray,
    at: np.ndarray, channels: np.ndarray, purposes: np.ndarray, consent: bool, opted_out: np.ndarray,
    reason_mask: np.ndarray,
) -> np.ndarray:
    """Refuse on arrays the rows whose history is list entries only and whom the kernel's
    refusal (contact_history.refusal) blocks; return the rows for the per-row view: `rows` (the
    rows with records) less those refused, plus the listed rows not refused (their Histories
    then added to found.recorded).

    Such a history's refusal reads the lists the number is on, the lists every history carries,
    the number's places, the channel, the purpose, the instant's UTC date (a list's age) and the
    consent given - not the number itself but in the words. So rows equal in those are refused
    alike: the kernel decides once per distinct key, on one of its rows, and the reason mask is
    shared. A key the kernel does not refuse (a list that does not govern it, consent lifting it)
    leaves its rows to the per-row view, as does any other record (callers with contact ids too)."""
    recorded, subscribers = found.recorded, ingested.subscribers
    if found.listed is None:  # Histories given: the signatures of those holding list entries only
        if not rows.shape[0]:
            return rows
        signature = _record_signatures(ingested, recorded, rows, safe)
        candidates = rows[signature[safe[rows]] >= 0]

        def history_of(index: int) -> History:
            return recorded[subscribers[index].number].for_contact(subscribers[index].number, None)
    else:  # a store's batch read: the listed numbers come as signatures, not in `rows`
        signature = found.listed
        candidates = np.flatnonzero(row_arrays & (signature[safe] >= 0))
        history_of = found.listed_history
    if not candidates.shape[0]:
        return rows
    # The key: (places, list signature), then the channel, purpose and UTC day. A profile has one
    # set of places (ingest groups subscribers by them), so places are coded per profile.
    place_codes: dict[tuple[str, ...], int] = {}
    of_profile = np.asarray([place_codes.setdefault(profile.places, len(place_codes))
                             for profile in ingested.profiles], dtype=np.int64)
    subscriber = safe[candidates]
    sig = of_profile[ingested.profile[subscriber]] * (int(signature.max()) + 1) + signature[subscriber]
    day = at[candidates] // DAY_US
    low = int(day.min())
    span = int(day.max()) - low + 1
    combined = ((sig * len(CHANNELS) + channels[candidates]) * len(PURPOSES) + purposes[candidates]) * span \
        + (day - low)
    keys, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    masks = np.zeros(keys.shape[0], dtype=np.uint64)
    refused = np.zeros(keys.shape[0], dtype=bool)
    for position, row in enumerate(candidates[first].tolist()):
        index = int(safe[row])
        moment = EPOCH + timedelta(microseconds=int(at[row]))
        reasons = contact_history.refusal(history_of(index), subscribers[index], CHANNELS[channels[row]],
                                          PURPOSES[purposes[row]], moment, consent, policy.rules)
        if reasons:
            refused[position] = True
            masks[position] = facts.mask(reasons)
    blocked = refused[inverse]
    done = candidates[blocked]
    opted_out[done] = True
    reason_mask[done] = masks[inverse][blocked]
    if found.listed is None:
        return np.setdiff1d(rows, done, assume_unique=True) if done.shape[0] else rows
    left = candidates[~blocked]  # listed rows the refusal leaves to the per-row view: their Histories
    for index in np.unique(safe[left]).tolist():
        recorded.setdefault(subscribers[index].number, history_of(index))
    return np.union1d(rows, left) if left.shape[0] else rows


def histories_of(history: History | HistorySource | None, subscribers: Sequence[Subscriber]) -> dict[str, History]:
    """number -> its recorded History, for the subscribers' numbers that have records."""
    return recorded_histories(history, subscribers)[0]


def recorded_histories(
    history: History | HistorySource | None, subscribers: Sequence[Subscriber],
    contacts: dict[str, str | None] | None = None,
) -> tuple[dict[str, History], tuple[SuppressionList, ...]]:
    """(number -> its History, for the numbers with records of their own - with a contact id
    (`contacts`: number -> id), the person's records on their other numbers too; the imported
    do-not-call lists every number's history carries), read in one call."""
    if history is None:
        return {}, ()
    if isinstance(history, History):
        found = {} if history.is_empty() else history.by_number()
        for number, person in (contacts or {}).items():
            if person:
                found[number] = history.for_contact(number, person)
        lists = history.lists
    elif contacts and any(contacts.values()):
        if not callable(getattr(history, "histories_of_contacts", None)):
            # Per-number histories would miss the person's attempts on their other numbers:
            # a per-person cap would fail open. Refuse rather than decide on half the record.
            raise InvalidInput(f"history: contact ids were given but {type(history).__name__} cannot read a "
                               "person's records (no histories_of_contacts); pass a history store or a History")
        found = cast(Any, history).histories_of_contacts(  # a store, or the command's reader
            {item.number: contacts.get(item.number) for item in subscribers})
        lists = next((records.lists for records in found.values()), ())
    elif callable(getattr(history, "histories", None)):  # a HistorySource (a store...)
        found = history.histories(dict.fromkeys(item.number for item in subscribers))
        lists = next((records.lists for records in found.values()), ())
    else:
        raise InvalidInput(f"history: expected a callwindow.History or a history store, not {type(history).__name__}")
    nothing: set[int] = set()  # the ids of record-less histories (a store shares one value among them)
    kept: dict[str, History] = {}
    for number, records in found.items():
        if id(records) not in nothing:
            if records.has_records():
                kept[number] = records
            else:
                nothing.add(id(records))
    return kept, lists


def _contact_ids(value: object, size: int) -> list[str | None] | None:
    """One contact id per row (None: none given at all)."""
    if value is None:
        return None
    if isinstance(value, str):
        return [value.strip() or None] * size
    if hasattr(value, "tolist"):  # numpy, pandas
        items = value.tolist()
    elif hasattr(value, "to_pylist"):  # pyarrow
        items = value.to_pylist()
    else:
        items = list(cast("Iterable[Any]", value))
    if len(items) != size:
        raise InvalidInput(f"contact_id: expected one value per row ({size}), got {len(items)}")
    ids = [str(item).strip() or None if isinstance(item, str) else None for item in items]
    return ids if any(ids) else None


def _contacts_of(ids: list[str | None], ingested: Ingested, safe: np.ndarray, valid: np.ndarray,
                 ) -> dict[str, str | None]:
    """number -> the first contact id given for it (the one whose other numbers are read)."""
    found: dict[str, str | None] = {}
    for row, person in enumerate(ids):
        if person and valid[row]:
            number = ingested.subscribers[int(safe[row])].number
            found.setdefault(number, person)
    return found


def _stale_refusals(
    lists: tuple[SuppressionList, ...], ingested: Ingested, groups: list[GroupKey],
    group_of_row: np.ndarray, at: np.ndarray, rows: np.ndarray,
) -> np.ndarray:
    """Of `rows` (array-path rows without records of their own), those a do-not-call list
    binds that is older at the row's instant than its law allows (kernel.contact_history.refusal,
    on arrays: per group, the first instant from which a binding list is too old)."""
    cutoff = np.full(len(groups), _FAR, dtype=np.int64)
    for index, (profile, channel, purpose, _, _, variant) in enumerate(groups):
        places = ingested.profiles[profile].places
        for found in lists:
            if not found.governs(places, CHANNELS[channel], PURPOSES[purpose]):
                continue
            if variant & CONSENTED and found.lifted_by_consent:
                continue
            # age_days(at) > max_age_days  <=>  at's UTC date >= downloaded_on + max_age_days + 1
            first = found.downloaded_on + timedelta(days=found.max_age_days + 1)
            cutoff[index] = min(cutoff[index], (first - EPOCH.date()).days * DAY_US)
    refused: np.ndarray = rows[at[rows] >= cutoff[group_of_row[rows]]]
    return refused


def _unwashed_refusals(
    lists: tuple[SuppressionList, ...], ingested: Ingested, groups: list[GroupKey], group_of_row: np.ndarray,
    rows: np.ndarray,
) -> np.ndarray:
    """Of `rows` (array-path rows without records of their own: in no wash result), those a
    wash result binds (its place, channel and purpose; consent lifting it where it may)."""
    washes = [found for found in lists if found.wash and not found.clear]
    if not washes:
        return rows[:0]
    bound = np.zeros(len(groups), dtype=bool)
    for index, (profile, channel, purpose, _, _, variant) in enumerate(groups):
        places = ingested.profiles[profile].places
        bound[index] = any(found.governs(places, CHANNELS[channel], PURPOSES[purpose])
                           and not (variant & CONSENTED and found.lifted_by_consent) for found in washes)
    refused: np.ndarray = rows[bound[group_of_row[rows]]]
    return refused


def _each_row(
    rows: np.ndarray | None, shared: int | None, scalar: type[np.signedinteger[Any]], size: int,
) -> np.ndarray:
    """`rows`, else the one `shared` value for every row: instants() and choice_codes()
    give one of the two (the other is None)."""
    if rows is not None:
        return rows
    if shared is None:  # pragma: no cover - neither was given
        raise AssertionError("callwindow.batch: neither per-row values nor one shared value")
    if size <= _SMALL_BATCH:  # (np.full: a quarter of broadcast_to's cost; a bulk list keeps one value's memory)
        return np.full(size, shared, dtype=scalar)
    return np.broadcast_to(scalar(shared), (size,))


_SMALL_BATCH = 4096


def _decode(value: int, width: int) -> GroupKey:
    profile_id, option = divmod(value, width)
    option, variant = divmod(option, VARIANTS)
    option, type_id = divmod(option, len(CALL_TYPES))
    channel_id, rest = divmod(option, len(PURPOSES) * len(CONTACTS))
    purpose_id, contact_id = divmod(rest, len(CONTACTS))
    return profile_id, channel_id, purpose_id, contact_id, type_id, variant


def decide_numbers(numbers: Iterable[Any], at: object = None, **options: Any) -> Decisions:
    """ingest() + decide_batch() for a plain iterable of numbers. Hints
    (default_region, zone, region, subdivision, postal_code, default_zone) go to
    ingest, the rest to decide_batch."""
    from .ingest import ingest

    hint_names = ("default_region", "zone", "region", "subdivision", "postal_code", "default_zone")
    hints = {name: options.pop(name) for name in hint_names if name in options}
    return decide_batch(ingest(numbers, **hints), at, **options)

