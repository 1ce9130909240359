"""Plan a day: the allowed windows of every contact over a period, and a
calling order for a dialer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np

from ..agenda import UNKNOWN_TEMPERATURE, temperature_rank
from ..errors import InvalidInput
from ..history import History, HistorySource
from ..model import CallType, Channel, ContactKind, Purpose
from ..policy import Policy, default_policy
from ..request import Question, places
from ..windows import allowed_windows
from .decisions import EPOCH, Decisions
from .engine import (
    CALL_TYPES,
    CHANNELS,
    CONSENTED,
    CONTACTS,
    CONTRACTED,
    DAY_US,
    NAT,
    PURPOSES,
    Timeline,
    build_groups,
    choice_codes,
    histories_of,
    instants,
)
from .ingest import Ingested


@dataclass
class Windows:
    """Allowed windows, one per (row, window): `row` (int64 row index of the
    ingested list), `start` and `end` (datetime64[us] UTC, end exclusive).

    A window is the set of instants at which decide_batch says the channel is
    allowed: for calls, start times that leave the expected call duration
    before the window closes (end = the engine's window_closes_at). Windows are
    clipped to the period asked for. Bad and unplaceable rows have none."""

    row: np.ndarray
    start: np.ndarray
    end: np.ndarray
    ingested: Ingested

    def __len__(self) -> int:
        return int(self.row.shape[0])

    def for_row(self, row: int) -> list[tuple[datetime, datetime]]:
        from .decisions import to_datetime

        picked = np.flatnonzero(self.row == row)
        # a window's start and end are instants, never NaT: to_datetime gives no None here
        return [(to_datetime(self.start[i]), to_datetime(self.end[i])) for i in picked]  # type: ignore[misc]

    def to_pandas(self) -> Any:
        import pandas as pd

        numbers = self.ingested.column("number")[self.row] if len(self) else np.zeros(0, dtype=object)
        return pd.DataFrame({
            "row": self.row,
            "number": numbers,
            "start": pd.Series(self.start).dt.tz_localize("UTC"),
            "end": pd.Series(self.end).dt.tz_localize("UTC"),
        })

    def to_arrow(self) -> Any:
        import pyarrow as pa

        numbers = self.ingested.column("number")[self.row] if len(self) else np.zeros(0, dtype=object)
        return pa.table({
            "row": pa.array(self.row, type=pa.int64()),
            "number": pa.array(numbers, type=pa.string(), from_pandas=True),
            "start": pa.array(self.start, type=pa.timestamp("us", tz="UTC")),
            "end": pa.array(self.end, type=pa.timestamp("us", tz="UTC")),
        })


def windows(
    ingested: Ingested,
    start: object,
    end: object,
    *,
    channel: Channel | str = Channel.CALL,
    purpose: Purpose | str = Purpose.SALES,
    contact: ContactKind | str = ContactKind.CONSUMER,
    policy: Policy | None = None,
    consent: bool = False,
    emergencies: Iterable[str] = (),
    history: History | HistorySource | None = None,
    subject: str | None = None,
    call_type: CallType | str = CallType.LIVE,
    contract: bool = False,
) -> Windows:
    """The allowed windows of every contact in [start, end): rows of
    (row, window start, window end), ordered by row then start.

    `history` (a History or a store, read in one call): a row whose number has records
    takes its windows from the core's `callwindow.windows.allowed_windows` (the walk over
    single checks that honours opt-outs, caps, consent and callbacks, as `/v1/windows` does);
    the other rows take the array path."""
    policy = policy if policy is not None else default_policy()
    recorded = histories_of(history, ingested.subscribers)
    if recorded:
        return _with_history(ingested, recorded, start, end, policy, channel, purpose, contact, consent,
                             emergencies, subject, call_type, contract)
    size = len(ingested)
    first, _, _ = instants(start, 1)
    last, _, _ = instants(end, 1)
    assert first is not None and last is not None
    channel_code, _, _ = choice_codes(channel, Channel, CHANNELS, size, "channel")
    purpose_code, _, _ = choice_codes(purpose, Purpose, PURPOSES, size, "purpose")
    contact_code, _, _ = choice_codes(contact, ContactKind, CONTACTS, size, "contact")
    type_code, _, _ = choice_codes(call_type, CallType, CALL_TYPES, size, "call_type")
    empty = Windows(np.zeros(0, dtype=np.int64), np.zeros(0, dtype="datetime64[us]"),
                    np.zeros(0, dtype="datetime64[us]"), ingested)
    if last <= first or not ingested.subscribers:
        return empty
    subscriber = ingested.subscriber
    valid = subscriber >= 0
    profile_of_row = np.where(valid, ingested.profile[np.maximum(subscriber, 0)], -1)
    placeable = valid & ingested.placeable[np.maximum(profile_of_row, 0)]
    used = np.unique(profile_of_row[placeable])
    if used.shape[0] == 0:
        return empty
    variant = (CONSENTED if consent else 0) | (CONTRACTED if contract else 0)
    keys = [(int(profile), int(channel_code or 0), int(purpose_code or 0), int(contact_code or 0),
             int(type_code or 0), variant) for profile in used]
    groups = build_groups(policy, ingested, keys, places(emergencies))
    need = int(groups.need[0]) if keys else 0
    days = np.arange(first // DAY_US, (last + need) // DAY_US + 1, dtype=np.int64)
    timeline = Timeline(groups, dict.fromkeys(range(len(keys)), days), policy.horizon_days * DAY_US)
    # every free run: [run start, run end); allowed starts: [run start, run end - need)
    free = timeline.allowed_before != np.iinfo(np.int64).min
    previous = np.zeros_like(free)
    previous[1:] = free[:-1]
    owner = timeline.slot_owner
    same_owner = np.zeros_like(free)
    same_owner[1:] = owner[1:] == owner[:-1]
    run_start = free & ~(previous & same_owner)
    starts = np.maximum(timeline.starts[run_start], first)
    ends = np.minimum(timeline.allowed_before[run_start], last)  # run end - need
    groups_of_window = owner[run_start]
    keep = starts < ends
    starts, ends, groups_of_window = starts[keep], ends[keep], groups_of_window[keep]
    # hand each group's windows to its rows
    lookup = np.full(len(ingested.profiles), -1, dtype=np.int64)
    lookup[used] = np.arange(used.shape[0])
    group_of_row = np.where(placeable, lookup[np.maximum(profile_of_row, 0)], -1)
    counts = np.bincount(groups_of_window, minlength=len(keys))
    offsets = np.concatenate(([0], np.cumsum(counts)))
    rows = np.flatnonzero(group_of_row >= 0)
    per_row = counts[group_of_row[rows]]
    out_rows = np.repeat(rows, per_row)
    first_window = np.repeat(offsets[group_of_row[rows]], per_row)
    within = np.arange(out_rows.shape[0]) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    picked = first_window + within
    return Windows(
        row=out_rows.astype(np.int64),
        start=starts[picked].view("datetime64[us]"),
        end=ends[picked].view("datetime64[us]"),
        ingested=ingested,
    )


def _with_history(
    ingested: Ingested, recorded: dict[str, History], start: object, end: object, policy: Policy,
    channel: Channel | str, purpose: Purpose | str, contact: ContactKind | str, consent: bool,
    emergencies: Iterable[str], subject: str | None, call_type: CallType | str, contract: bool,
) -> Windows:
    """windows() when some rows' numbers have records: those rows one by one through the
    core's walk (allowed_windows), the others on the array path; merged in row order."""
    has = np.asarray([item.number in recorded for item in ingested.subscribers] or [False], dtype=bool)
    subscriber = ingested.subscriber
    with_records = (subscriber >= 0) & has[np.maximum(subscriber, 0)]
    plain_rows = np.flatnonzero(~with_records)
    base = windows(ingested.take(plain_rows), start, end, channel=channel, purpose=purpose, contact=contact,
                   policy=policy, consent=consent, emergencies=emergencies, call_type=call_type, contract=contract)
    first, _, _ = instants(start, 1)
    last, _, _ = instants(end, 1)
    assert first is not None and last is not None
    begin, finish = EPOCH + timedelta(microseconds=first), EPOCH + timedelta(microseconds=last)
    rows, starts, ends = [plain_rows[base.row]], [base.start.astype(np.int64)], [base.end.astype(np.int64)]
    for index in np.flatnonzero(with_records).tolist():
        who = ingested.subscribers[int(subscriber[index])]
        question = Question(who.number, who, begin, Channel.parse(channel), Purpose.parse(purpose),
                            ContactKind.parse(contact), consent=bool(consent), emergencies=places(emergencies),
                            subject=subject, call_type=CallType.parse(call_type), contract=bool(contract))
        found = allowed_windows(policy, question, recorded[who.number], begin, finish) if finish > begin else None
        for window in found.windows if found is not None else ():
            rows.append(np.asarray([index], dtype=np.int64))
            starts.append(np.asarray([(window.start - EPOCH) // _ONE_US], dtype=np.int64))
            ends.append(np.asarray([(window.end - EPOCH) // _ONE_US], dtype=np.int64))
    row = np.concatenate(rows).astype(np.int64)
    begin_us, end_us = np.concatenate(starts), np.concatenate(ends)
    order = np.lexsort((begin_us, row))
    return Windows(row=row[order], start=begin_us[order].view("datetime64[us]"),
                   end=end_us[order].view("datetime64[us]"), ingested=ingested)


_ONE_US = timedelta(microseconds=1)


def calling_order(decisions: Any, *, include_unreachable: bool = False, temperature: Any = None) -> Any:
    """A dialer's order: contacts callable now first - hot leads first among them (S15), then
    the soonest-closing window (windows that do not close within the horizon last) - then the
    others by next_allowed_at (hotter first at the same instant); ties by row. Rows with no next
    allowed time (block, no window) and bad rows are left out unless `include_unreachable` (then
    they come last).

    `temperature`: each row's "cold", "warm", "hot" or None (unknown: after warm, before cold);
    a DataFrame's own `temperature` column is used when none is given. InvalidInput names the
    first row with another word.

    Decisions -> int64 array of row indices; a DataFrame from decide_frame (or
    Decisions.to_pandas) -> the frame reordered."""
    if temperature is None and not isinstance(decisions, Decisions) and "temperature" in getattr(decisions, "columns",
                                                                                                   ()):
        temperature = decisions["temperature"].to_numpy(dtype=object)
    if isinstance(decisions, Decisions):
        allowed = decisions.allowed
        closes = decisions.window_closes_at.astype(np.int64)
        next_at = decisions.next_allowed_at.astype(np.int64)
        frame = None
    else:
        frame = decisions
        prefix = ""
        allowed = frame[prefix + "allowed"].to_numpy(dtype=bool)
        closes = _times(frame[prefix + "window_closes_at"])
        next_at = _times(frame[prefix + "next_allowed_at"])
    size = allowed.shape[0]
    far = np.iinfo(np.int64).max
    bucket = np.where(allowed, 0, np.where(next_at != NAT, 1, 2))
    when = np.where(allowed, np.where(closes != NAT, closes, far), np.where(next_at != NAT, next_at, far))
    heat = temperature_ranks(temperature, size)
    # callable now: by temperature, then closing; the others: by when, then temperature
    first = np.where(bucket == 0, heat, 0)
    then = np.where(bucket == 0, 0, heat)
    order = np.lexsort((np.arange(size), then, when, first, bucket))
    if not include_unreachable:
        order = order[bucket[order] < 2]
    if frame is None:
        return order.astype(np.int64)
    return frame.iloc[order]


def temperature_ranks(temperature: Any, size: int) -> np.ndarray:
    """Each row's temperature rank (hot 0, warm 1, unknown 2, cold 3: the list's plan's ranks)."""
    if temperature is None:
        return np.full(size, UNKNOWN_TEMPERATURE, dtype=np.int64)
    values = list(temperature)
    if len(values) != size:
        raise InvalidInput(f"temperature has {len(values)} values for {size} rows")
    ranks = np.empty(size, dtype=np.int64)
    for index, value in enumerate(values):
        try:
            ranks[index] = temperature_rank(None if value is None or value != value else str(value))  # NaN: unknown
        except InvalidInput as error:
            raise InvalidInput(f"row {index}: {error}") from None
    return ranks


def _times(series: Any) -> np.ndarray:
    import pandas as pd

    values = pd.Series(series)
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_convert("UTC").dt.tz_localize(None)
    return values.to_numpy(dtype="datetime64[us]").astype(np.int64)
