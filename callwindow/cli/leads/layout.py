"""The input's layout: its format (CSV or JSON lines), separator, header and columns, and the
rows after the header, each turned into what it asks (RowInput) or why it cannot be decided."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeVar

from . import ListError
from .columns import Columns, choose_columns
from .decide import RowInput
from .decoding import Source
from .outcome import Outcome
from .reader import Row, Shape, csv_rows, field_text, jsonl_rows, sniff_delimiter

Item = TypeVar("Item")


@dataclass
class Layout:
    format: str  # "csv" or "jsonl"
    delimiter: str | None  # CSV only
    header: list[str]
    columns: Columns
    body: Iterator[Row]  # the rows after the header, in file order


def input_format(args: argparse.Namespace, first: str) -> str:
    if args.input_format != "auto":
        return str(args.input_format)
    if args.file.lower().endswith((".jsonl", ".ndjson", ".jsonlines")):
        return "jsonl"
    if args.file.lower().endswith((".csv", ".tsv", ".txt")):
        return "csv"
    return "jsonl" if first.lstrip("\ufeff \t").startswith("{") else "csv"


def read_layout(args: argparse.Namespace, source: Source) -> Layout:
    """Read up to the header (the first JSON object, for JSON lines) and find the columns."""
    lines = source.lines
    first = next(lines, None)
    if first is None:
        raise ListError(f"{source.name} is empty: no header, no rows")
    first = first.lstrip("\ufeff")
    lines = chain([first], lines)
    if input_format(args, first) == "csv":
        delimiter = args.delimiter or ("\t" if args.file.lower().endswith(".tsv") else sniff_delimiter(first))
        shape = Shape()
        rows = csv_rows(lines, delimiter, source.marks, shape)
        header_row = next(rows, None)
        if header_row is None or not isinstance(header_row.values, list):
            raise ListError(f"cannot read the header of {source.name}")
        pending: list[Row] = []
        if args.no_header:
            header = [f"column{index}" for index in range(1, len(header_row.values) + 1)]
            pending = [header_row]
            found = choose_columns(header, args, allow_headerless=False)
        else:
            header = [name.replace("\ufeff", "").strip() for name in header_row.values]
            found = choose_columns(header, args, allow_headerless=True)
            if found is None:  # a one-column list of numbers without a header
                header = ["phone"]
                found = Columns(header, 0, {})
                pending = [header_row]
        assert found is not None
        shape.phone = found.phone
        return Layout("csv", delimiter, header, found, chain(pending, rows))
    json_rows = jsonl_rows(lines, source.marks)
    pending = []
    keys: list[str] | None = None
    for row in json_rows:
        pending.append(row)
        if isinstance(row.values, dict):
            keys = list(row.values)
            break
    if keys is None:
        raise ListError(f"{source.name} holds no JSON object")
    found = choose_columns(keys, args, allow_headerless=False)
    assert found is not None
    return Layout("jsonl", None, keys, found, chain(pending, json_rows))


def row_input(columns: Columns, row: Row) -> RowInput | Outcome:
    """A row's number and hints, or the Outcome that rejects a row that cannot be decided."""
    values = row.values
    if values is None:
        return Outcome(row.line, None, row.problem or "unreadable row", row.raw or "")
    if isinstance(values, dict):
        number = field_text(values.get(columns.header[columns.phone]))
        hints = {kind: field_text(values.get(columns.header[index])).strip() for kind, index in columns.hints.items()}
    else:
        number = values[columns.phone] if columns.phone < len(values) else ""
        if len(values) > len(columns.header):
            extra = values[len(columns.header):]
            return Outcome(row.line, None, f"{len(values)} fields where the header has {len(columns.header)} "
                                           f"(extra: {', '.join(map(repr, extra))}); a missing quote?", number)
        hints = {kind: values[index].strip() for kind, index in columns.hints.items() if index < len(values)}
    if row.problem is not None:
        return Outcome(row.line, None, row.problem, number)
    return RowInput(row.line, number, hints)


def chain(first: list[Item], rest: Iterator[Item]) -> Iterator[Item]:
    yield from first
    yield from rest
