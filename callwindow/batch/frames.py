"""pandas DataFrames and Arrow tables in, the same with decision columns out.

pandas and pyarrow are imported when these functions are first called.

The columns added (names prefixed with `prefix`) are listed in callwindow.batch.decisions,
which makes them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from ..request import row_default_region
from .decisions import to_arrow, to_pandas
from .engine import decide_batch
from .ingest import Ingested, ingest

# to_pandas and to_arrow are made in callwindow.batch.decisions; they are also found here.
__all__ = ["decide_frame", "decide_ingested_frame", "decide_table", "to_arrow", "to_pandas", "write_csv"]


def _default_regions(numbers: Any, regions: Any, default_region: str | None) -> Any:
    """The region each row's number is read in: with a region column, the row's own region for a
    national number and `default_region` only for a row without one (request.row_default_region:
    the rule the lead list follows - a default must never read an Italian row's national number
    as a US one); without the column, `default_region`."""
    if regions is None:
        return default_region
    return [row_default_region(number, region, default_region)
            for number, region in zip(_values(numbers), _values(regions), strict=True)]


def _values(column: Any) -> list[Any]:
    if hasattr(column, "to_pylist"):  # pyarrow
        return list(column.to_pylist())
    if hasattr(column, "tolist"):  # pandas, numpy
        return list(column.tolist())
    return list(column)


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
    call_type: object = "live",
    call_type_column: str | None = None,
    policy: Any = None,
    default_region: str | None = None,
    default_zone: str | None = None,
    zone_column: str | None = None,
    region_column: str | None = None,
    subdivision_column: str | None = None,
    postal_code_column: str | None = None,
    consent: bool = False,
    contract: bool = False,
    emergencies: Iterable[str] = (),
    history: Any = None,
    subject: str | None = None,
    contact_id_column: str | None = None,
    prefix: str = "",
    versions_column: bool = False,
    categorical: bool = True,
) -> Any:
    """A copy of a pandas DataFrame with the decision columns added.

    `at`: one instant for every row, or per-row instants (`at_column` names a
    column of tz-aware timestamps or ISO 8601 texts). `channel`, `purpose`,
    `contact`, `call_type` (live, prerecorded, automated): one value, or a Series/array with one
    per row, or the name of a column (`channel_column`...). Hint columns (zone, region, subdivision,
    postal code) are read per row. `history`: a callwindow.History or a history store
    (callwindow.store.open_store), read once for the frame's numbers; `subject`: the debt or
    offer the rows are about (caps per subject); `contact_id_column`: the person or account of each
    row (caps kept per person count their other numbers); `default_zone`: the zone numbers with no location of
    their own (toll-free...) are read in, as the single check reads it."""
    ingested = ingest(
        frame[phone_column],
        default_region=_default_regions(frame[phone_column], None if region_column is None else frame[region_column],
                                        default_region),
        zone=None if zone_column is None else frame[zone_column],
        region=None if region_column is None else frame[region_column],
        subdivision=None if subdivision_column is None else frame[subdivision_column],
        postal_code=None if postal_code_column is None else frame[postal_code_column],
        default_zone=default_zone,
    )
    decisions = decide_batch(
        ingested, frame[at_column] if at_column is not None else at,
        channel=frame[channel_column] if channel_column is not None else channel,
        purpose=frame[purpose_column] if purpose_column is not None else purpose,
        contact=frame[contact_column] if contact_column is not None else contact,
        call_type=frame[call_type_column] if call_type_column is not None else call_type,
        policy=policy, consent=consent, contract=contract, emergencies=emergencies, history=history,
        subject=subject,
        contact_id=None if contact_id_column is None else frame[contact_id_column].fillna("").astype(str),
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
    call_type: object = "live",
    call_type_column: str | None = None,
    policy: Any = None,
    default_region: str | None = None,
    default_zone: str | None = None,
    zone_column: str | None = None,
    region_column: str | None = None,
    subdivision_column: str | None = None,
    postal_code_column: str | None = None,
    consent: bool = False,
    contract: bool = False,
    emergencies: Iterable[str] = (),
    history: Any = None,
    subject: str | None = None,
    contact_id_column: str | None = None,
    prefix: str = "",
    versions_column: bool = False,
) -> Any:
    """A pyarrow Table with the decision columns appended (same options as decide_frame)."""
    def column(name: str | None) -> Any:
        return None if name is None else table.column(name)

    ingested = ingest(
        table.column(phone_column),
        default_region=_default_regions(table.column(phone_column), column(region_column), default_region),
        zone=column(zone_column),
        region=column(region_column), subdivision=column(subdivision_column), postal_code=column(postal_code_column),
        default_zone=default_zone,
    )
    decisions = decide_batch(
        ingested, table.column(at_column) if at_column is not None else at,
        channel=_or(column(channel_column), channel), purpose=_or(column(purpose_column), purpose),
        contact=_or(column(contact_column), contact),
        call_type=_or(column(call_type_column), call_type),
        policy=policy, consent=consent, contract=contract, emergencies=emergencies, history=history,
        subject=subject,
        contact_id=column(contact_id_column),
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
