"""The batch API's result: per-row decisions as arrays (`Decisions`), and the same as a
pandas DataFrame or a pyarrow Table (pandas and pyarrow are imported when first used).

Made by callwindow.batch.engine (decide_batch); callwindow.batch.frames adds these columns
to the caller's frame or table. Columns (names prefixed with `prefix`):

    number            E.164 (categorical / dictionary)
    region            ISO 3166-1 (categorical / dictionary)
    subdivision       ISO 3166-2 or null
    number_type       phonenumbers' type, lower case
    zones             candidate IANA zones, space separated
    action            call / sms / defer / block (null: bad row)
    allowed           the requested channel is allowed now
    next_allowed_at   timestamp[us, UTC] or null
    window_closes_at  timestamp[us, UTC] or null
    reasons           reason codes, space separated, in model.REASON_CODES order
    error             why a row could not be decided (null when it was)
    versions          (optional) the data versions the answer depends on, one
                      text per batch: callwindow, rules, holidays, phonenumbers, tzdata
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import numpy as np

from .ingest import CODES, Ingested

ACTIONS: tuple[str, ...] = ("call", "sms", "defer", "block")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class Decisions:
    """Per-row decisions, as arrays.

    action: int8 index into ACTIONS (-1 for a bad row); allowed: bool;
    next_allowed_at, window_closes_at, at: datetime64[us] UTC (NaT = None);
    reason_mask: uint64 bits over CODES (= model.REASON_CODES order);
    subscriber: int32 (-1 bad row); errors: row -> message."""

    action: np.ndarray
    allowed: np.ndarray
    next_allowed_at: np.ndarray
    window_closes_at: np.ndarray
    reason_mask: np.ndarray
    at: np.ndarray
    subscriber: np.ndarray
    channel: np.ndarray
    purpose: np.ndarray
    contact: np.ndarray
    call_type: np.ndarray  # int8 index into CallType's members
    errors: dict[int, str]
    ingested: Ingested
    versions: Mapping[str, str]
    stats: dict[str, float] = field(default_factory=dict)

    def __len__(self) -> int:
        return int(self.action.shape[0])

    def action_names(self) -> np.ndarray:
        """Per-row action as text (None for bad rows)."""
        return cast("np.ndarray", np.array([*ACTIONS, None], dtype=object)[self.action])

    def reasons(self, row: int) -> tuple[str, ...]:
        """The reason codes of one row (in model.REASON_CODES order)."""
        return decode_mask(int(self.reason_mask[row]))

    def reason_codes(self, separator: str = " ") -> np.ndarray:
        """Per-row reason codes joined by `separator` (object array), decoded once per distinct mask."""
        masks, inverse = np.unique(self.reason_mask, return_inverse=True)
        texts = np.array([separator.join(decode_mask(int(mask))) for mask in masks], dtype=object)
        return texts[inverse.reshape(-1)]

    def reason_lists(self) -> list[tuple[str, ...]]:
        """Per row, its reason codes as reasons() gives them, decoded once per distinct mask."""
        masks = self.reason_mask.tolist()
        decoded = {mask: decode_mask(mask) for mask in set(masks)}  # (a hash, not np.unique's sort)
        return list(map(decoded.__getitem__, masks))

    def row(self, index: int) -> dict[str, Any]:
        """One row as a dict (for people and tests)."""
        subscriber = self.ingested.subscriber_of(index) if self.subscriber[index] >= 0 else None
        return {
            "number": subscriber.number if subscriber else None,
            "at": _datetime(self.at[index]),
            "action": ACTIONS[self.action[index]] if self.action[index] >= 0 else None,
            "allowed": bool(self.allowed[index]),
            "next_allowed_at": _datetime(self.next_allowed_at[index]),
            "window_closes_at": _datetime(self.window_closes_at[index]),
            "reasons": self.reasons(index),
            "region": subscriber.region if subscriber else None,
            "subdivision": subscriber.subdivision if subscriber else None,
            # Policy._unplaceable reports no zones (hinted ones included)
            "zones": (subscriber.zones if self.ingested.placeable[self.ingested.profile[self.subscriber[index]]]
                      else ()) if subscriber else None,
            "error": self.errors.get(index),
        }

    def rows(self) -> list[dict[str, Any]]:
        """Every row as row() gives it, converted array by array (for writers that go row by
        row: one call instead of one row() per row)."""
        subscribers = self.ingested.subscribers
        placeable = self.ingested.placeable[self.ingested.profile] if subscribers else np.zeros(0, dtype=bool)
        # Policy._unplaceable reports no zones (hinted ones included)
        zones_of = [item.zones if placeable[index] else () for index, item in enumerate(subscribers)]
        masks, inverse = np.unique(self.reason_mask, return_inverse=True)
        reasons_of = [decode_mask(int(mask)) for mask in masks]
        actions = np.array([*ACTIONS, None], dtype=object)[self.action].tolist()
        columns = zip(
            self.subscriber.tolist(), actions, self.allowed.tolist(), _datetimes(self.at),
            _datetimes(self.next_allowed_at), _datetimes(self.window_closes_at), inverse.reshape(-1).tolist(),
            strict=True,
        )
        found = []
        for index, (who, action, allowed, at, next_at, closes, reasons) in enumerate(columns):
            subscriber = subscribers[who] if who >= 0 else None
            found.append({
                "number": subscriber.number if subscriber else None,
                "at": at,
                "action": action,
                "allowed": allowed,
                "next_allowed_at": next_at,
                "window_closes_at": closes,
                "reasons": reasons_of[reasons],
                "region": subscriber.region if subscriber else None,
                "subdivision": subscriber.subdivision if subscriber else None,
                "zones": zones_of[who] if subscriber else None,
                "error": self.errors.get(index),
            })
        return found

    def to_pandas(self, **options: Any) -> Any:
        """The decisions as a pandas DataFrame (to_pandas below)."""
        return to_pandas(self, **options)

    def to_arrow(self, **options: Any) -> Any:
        """The decisions as a pyarrow Table (to_arrow below)."""
        return to_arrow(self, **options)


def decode_mask(mask: int) -> tuple[str, ...]:
    """The codes of a mask's bits, in CODES order (bits past CODES: none)."""
    mask &= _KNOWN_BITS
    found = []
    while mask:  # the set bits only, lowest first (a mask has a few of CODES' ~40)
        lowest = mask & -mask
        found.append(CODES[lowest.bit_length() - 1])
        mask ^= lowest
    return tuple(found)


_KNOWN_BITS = (1 << len(CODES)) - 1


def _datetime(value: np.datetime64) -> datetime | None:
    if np.isnat(value):
        return None
    return EPOCH + timedelta(microseconds=int(value.astype("datetime64[us]").astype(np.int64)))


def _datetimes(values: np.ndarray) -> list[datetime | None]:
    """A datetime64 array as aware UTC datetimes (NaT -> None), each distinct value made once."""
    unique, inverse = np.unique(values.astype("datetime64[us]"), return_inverse=True)
    made = [None if np.isnat(value) else item.replace(tzinfo=UTC)
            for value, item in zip(unique, unique.tolist(), strict=True)]
    return [made[index] for index in inverse.reshape(-1).tolist()]


def iso_texts(values: np.ndarray) -> list[str | None]:
    """A datetime64 array as the decision object writes instants (ISO 8601, "Z"; NaT -> None),
    each distinct value written once."""
    micros = values.astype(_MICROS, copy=False).view(np.int64).tolist()
    made = {value: None if value == _NAT else (EPOCH + timedelta(microseconds=value)).isoformat().replace("+00:00", "Z")
            for value in set(micros)}  # (a hash, not np.unique's sort: a batch has a few distinct instants)
    return list(map(made.__getitem__, micros))


_MICROS = np.dtype("datetime64[us]")
_NAT = int(np.iinfo(np.int64).min)  # NaT's int64 (np.iinfo is a Python object made on each call)


def to_datetime(value: np.datetime64) -> datetime | None:
    """A datetime64 (NaT -> None) as an aware UTC datetime."""
    return _datetime(value)


# ---------------------------------------------------------------- as frames and tables


DECISION_COLUMNS = (
    "number", "region", "subdivision", "number_type", "zones", "action", "allowed",
    "next_allowed_at", "window_closes_at", "reasons", "error",
)


def versions_text(versions: dict[str, str] | Any) -> str:
    return ";".join(f"{name}={versions[name]}" for name in sorted(versions))


def _reason_codes(mask: np.ndarray) -> tuple[np.ndarray, list[str]]:
    masks, inverse = np.unique(mask, return_inverse=True)
    return inverse.reshape(-1).astype(np.int32), [" ".join(decode_mask(int(value))) for value in masks]


def _columns(decisions: Decisions) -> dict[str, tuple[str, Any]]:
    """Engine-neutral columns: ("codes", (codes, categories)), ("time", datetime64),
    ("bool", array), ("text", object array)."""
    ingested = decisions.ingested
    subscriber = decisions.subscriber
    columns: dict[str, tuple[str, Any]] = {}
    for name in ("number", "region", "subdivision", "number_type", "zones"):
        codes, categories = ingested.coded(name)
        if name == "zones" and codes.shape[0]:
            codes = np.where(ingested.placeable[ingested.profile], codes, -1)  # as Policy._unplaceable: no zones
        row_codes = np.where(subscriber >= 0, codes[np.maximum(subscriber, 0)], -1) if codes.shape[0] else \
            np.full(subscriber.shape[0], -1, dtype=np.int32)
        columns[name] = ("codes", (row_codes.astype(np.int32), categories))
    columns["action"] = ("codes", (decisions.action.astype(np.int32), list(ACTIONS)))
    columns["allowed"] = ("bool", decisions.allowed)
    columns["next_allowed_at"] = ("time", decisions.next_allowed_at)
    columns["window_closes_at"] = ("time", decisions.window_closes_at)
    codes, categories = _reason_codes(decisions.reason_mask)
    if decisions.errors:
        codes = codes.copy()
        codes[np.fromiter(decisions.errors, dtype=np.int64, count=len(decisions.errors))] = -1
    columns["reasons"] = ("codes", (codes, categories))
    error = np.full(len(decisions), None, dtype=object)
    for row, message in decisions.errors.items():
        error[row] = message
    columns["error"] = ("text", error)
    return columns


def to_pandas(decisions: Decisions, *, prefix: str = "", versions_column: bool = False,
              categorical: bool = True) -> Any:
    """The decisions as a pandas DataFrame (one row per input row). Text
    columns are categoricals, or plain strings with categorical=False (what
    Dask and Spark partitions should return: categories differ per partition)."""
    import pandas as pd

    data: dict[str, Any] = {}
    for name, (kind, value) in _columns(decisions).items():
        data[prefix + name] = _pandas_column(pd, kind, value, categorical)
    if versions_column:
        text = versions_text(decisions.versions)
        data[prefix + "versions"] = pd.Categorical.from_codes(
            np.zeros(len(decisions), dtype=np.int8), categories=pd.Index([text])) if categorical else pd.array(
            [text] * len(decisions), dtype="string")
    frame = pd.DataFrame(data)
    frame.attrs["callwindow_versions"] = dict(decisions.versions)
    return frame


def _pandas_column(pd: Any, kind: str, value: Any, categorical: bool = True) -> Any:
    if kind == "codes":
        codes, categories = value
        if not categorical:
            texts = np.array([*categories, None], dtype=object)
            return pd.array(texts[np.where(codes >= 0, codes, len(categories))], dtype="string")
        return pd.Categorical.from_codes(codes, categories=pd.Index(categories, dtype=object).astype(str)
                                         if categories else pd.Index([], dtype=str))
    if kind == "time":
        return pd.Series(value.astype("datetime64[us]")).dt.tz_localize("UTC").array
    if kind == "text" and not categorical:
        return pd.array(value, dtype="string")
    return value


def to_arrow(decisions: Decisions, *, prefix: str = "", versions_column: bool = False) -> Any:
    """The decisions as a pyarrow Table (one row per input row)."""
    import pyarrow as pa

    arrays, names = [], []
    for name, (kind, value) in _columns(decisions).items():
        arrays.append(_arrow_column(pa, kind, value))
        names.append(prefix + name)
    if versions_column:
        arrays.append(pa.DictionaryArray.from_arrays(
            pa.array(np.zeros(len(decisions), dtype=np.int32)), pa.array([versions_text(decisions.versions)])))
        names.append(prefix + "versions")
    table = pa.Table.from_arrays(arrays, names=names)
    return table.replace_schema_metadata({
        **(table.schema.metadata or {}),
        b"callwindow_versions": versions_text(decisions.versions).encode(),
    })


def _arrow_column(pa: Any, kind: str, value: Any) -> Any:
    if kind == "codes":
        codes, categories = value
        indices = pa.array(codes, type=pa.int32(), mask=codes < 0)
        return pa.DictionaryArray.from_arrays(indices, pa.array(categories, type=pa.string()))
    if kind == "time":
        return pa.array(value.astype("datetime64[us]"), type=pa.timestamp("us", tz="UTC"), from_pandas=True)
    if kind == "bool":
        return pa.array(value, type=pa.bool_())
    return pa.array(value, type=pa.string(), from_pandas=True)
