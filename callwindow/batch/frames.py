"""pandas DataFrames and Arrow tables in, the same with decision columns out.

pandas and pyarrow are imported when these functions are first called.

Columns added (names prefixed with `prefix`):

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

from collections.abc import Iterable
from typing import Any

import numpy as np

from .engine import ACTIONS, Decisions, decide_batch, decode_mask
from .ingest import Ingested, ingest

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


def _or(column: Any, given: Any) -> Any:
    return column if column is not None else given


def decide_frame(
    frame: Any,
    phone_column: str = "phone",
    *,
    at: object = None,
    at_column: str | None = None,
    channel: object = "call",
    purpose: object = "sales",
    contact: object = "consumer",
    channel_column: str | None = None,
    purpose_column: str | None = None,
    contact_column: str | None = None,
    policy: Any = None,
    default_region: str | None = None,
    zone_column: str | None = None,
    region_column: str | None = None,
    subdivision_column: str | None = None,
    postal_code_column: str | None = None,
    consent: bool = False,
    emergencies: Iterable[str] = (),
    history: Any = None,
    subject: str | None = None,
    prefix: str = "",
    versions_column: bool = False,
    categorical: bool = True,
) -> Any:
    """A copy of a pandas DataFrame with the decision columns added.

    `at`: one instant for every row, or per-row instants (`at_column` names a
    column of tz-aware timestamps or ISO 8601 texts). `channel`, `purpose`,
    `contact`: one value, or a Series/array with one per row, or the name of
    a column (`channel_column`...). Hint columns (zone, region, subdivision,
    postal code) are read per row. `history`: a callwindow.History or a history store
    (callwindow.store.open_store), read once for the frame's numbers; `subject`: the debt or
    offer the rows are about (caps per subject)."""
    ingested = ingest(
        frame[phone_column],
        default_region=default_region,
        zone=None if zone_column is None else frame[zone_column],
        region=None if region_column is None else frame[region_column],
        subdivision=None if subdivision_column is None else frame[subdivision_column],
        postal_code=None if postal_code_column is None else frame[postal_code_column],
    )
    decisions = decide_batch(
        ingested, frame[at_column] if at_column is not None else at,
        channel=frame[channel_column] if channel_column is not None else channel,
        purpose=frame[purpose_column] if purpose_column is not None else purpose,
        contact=frame[contact_column] if contact_column is not None else contact,
        policy=policy, consent=consent, emergencies=emergencies, history=history, subject=subject,
    )
    added = to_pandas(decisions, prefix=prefix, versions_column=versions_column, categorical=categorical)
    added.index = frame.index
    out = frame.copy(deep=False)
    for name in added.columns:
        out[name] = added[name]
    out.attrs["callwindow_versions"] = dict(decisions.versions)
    return out


def decide_table(
    table: Any,
    phone_column: str = "phone",
    *,
    at: object = None,
    at_column: str | None = None,
    channel: object = "call",
    purpose: object = "sales",
    contact: object = "consumer",
    channel_column: str | None = None,
    purpose_column: str | None = None,
    contact_column: str | None = None,
    policy: Any = None,
    default_region: str | None = None,
    zone_column: str | None = None,
    region_column: str | None = None,
    subdivision_column: str | None = None,
    postal_code_column: str | None = None,
    consent: bool = False,
    emergencies: Iterable[str] = (),
    history: Any = None,
    subject: str | None = None,
    prefix: str = "",
    versions_column: bool = False,
) -> Any:
    """A pyarrow Table with the decision columns appended (same options as decide_frame)."""
    def column(name: str | None) -> Any:
        return None if name is None else table.column(name)

    ingested = ingest(
        table.column(phone_column), default_region=default_region, zone=column(zone_column),
        region=column(region_column), subdivision=column(subdivision_column), postal_code=column(postal_code_column),
    )
    decisions = decide_batch(
        ingested, table.column(at_column) if at_column is not None else at,
        channel=_or(column(channel_column), channel), purpose=_or(column(purpose_column), purpose),
        contact=_or(column(contact_column), contact),
        policy=policy, consent=consent, emergencies=emergencies, history=history, subject=subject,
    )
    added = to_arrow(decisions, prefix=prefix, versions_column=versions_column)
    out = table
    for name in added.column_names:
        out = out.append_column(name, added.column(name))
    return out.replace_schema_metadata({**(table.schema.metadata or {}), **(added.schema.metadata or {})})


def decide_ingested_frame(ingested: Ingested, at: object = None, **options: Any) -> Any:
    """decide_batch(...) as a DataFrame."""
    return to_pandas(decide_batch(ingested, at, **options))


def write_csv(table: Any, path: Any) -> None:
    """Write a table (e.g. from decide_table) as CSV with pyarrow, timestamps as
    ISO 8601 UTC text ("2026-11-24T15:00:00Z", microseconds only when a column
    has any). Each distinct instant is formatted once: pyarrow's own timestamp
    formatting costs about 1 s per million values and decision columns hold
    few distinct instants."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    columns = []
    for field, column in zip(table.schema, table.columns, strict=True):
        if pa.types.is_timestamp(field.type):
            column = _iso_text(pa, column)
        columns.append(column)
    pacsv.write_csv(pa.Table.from_arrays(columns, names=table.column_names), path)


def _iso_text(pa: Any, column: Any) -> Any:
    array = column.combine_chunks() if hasattr(column, "combine_chunks") else column
    unit = array.type.unit
    values = array.to_numpy(zero_copy_only=False).astype(f"datetime64[{unit}]").astype("datetime64[us]")
    raw = values.astype(np.int64)
    nat = np.isnat(values)
    distinct, inverse = np.unique(raw[~nat], return_inverse=True)
    fraction = bool((distinct % 1_000_000).any())
    texts = np.datetime_as_string(distinct.view("datetime64[us]"), unit="us" if fraction else "s", timezone="UTC")
    codes = np.full(raw.shape[0], -1, dtype=np.int32)
    codes[~nat] = inverse.reshape(-1)
    return pa.DictionaryArray.from_arrays(pa.array(codes, mask=codes < 0), pa.array(texts.tolist(), type=pa.string()))
