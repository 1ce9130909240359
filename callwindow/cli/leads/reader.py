"""Text lines -> rows: CSV records with the line each starts on, JSON-lines objects, and the CSV
separator. A row that cannot be read costs that row only, never the rest of the file:

- an unbalanced quote: a quoted field that runs to the end of the file, over MAX_RECORD_LINES
  lines, into a record with another number of fields than the header, or over a line that is a
  record of its own (the header's width, a phone number in the phone column) is not a record;
  its first line is rejected and reading goes on from the next line (Replay);
- a field over FIELD_LIMIT characters (csv's own default limit, which most CSV readers share):
  the row is rejected, its fields kept in the output;
- a physical line over decoding.MAX_LINE_BYTES: rejected, not kept;
- a JSON line that is not an object, holds a lone surrogate (`"\\ud800"`: not text, it cannot
  be written), or nests deeper than MAX_DEPTH: rejected, its text kept.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .columns import looks_like_phone
from .decoding import MAX_LINE_BYTES, Marks

FIELD_LIMIT = 131_072  # csv.field_size_limit()'s default: a longer field breaks most readers of the output
MAX_RECORD_LINES = 10_000  # a quoted field spanning more lines is taken for an unbalanced quote
MAX_RECORD_CHARS = MAX_LINE_BYTES  # the same, for a record longer than this
MAX_DEPTH = 64  # JSON nesting a lead's fields may have


def sniff_delimiter(first_line: str) -> str:
    """The most frequent of , ; TAB | outside quotes in the header line (default ,)."""
    counts: Counter[str] = Counter()
    quoted = False
    for character in first_line:
        if character == '"':
            quoted = not quoted
        elif not quoted and character in ",;\t|":
            counts[character] += 1
    return counts.most_common(1)[0][0] if counts else ","


@dataclass(slots=True)
class Row:
    """One input row, as read: its values, or why it could not be read."""

    line: int  # the physical line it starts on (1-based; the header is line 1)
    values: list[str] | dict[str, Any] | None  # CSV fields, a JSON object, or None (unreadable)
    problem: str | None = None  # why the row cannot be decided (before any decision)
    raw: str | None = None  # the line's text when it could not be parsed
    encoding: str | None = None  # the fallback encoding that read the row, when not the file's


class RecordTooLong(Exception):
    """A quoted field runs over MAX_RECORD_LINES lines or MAX_RECORD_CHARS characters."""


class Replay:
    """The lines a CSV record is read from, kept until the record is accepted, so that a record
    found broken can be read again from its second line (its first line is rejected)."""

    def __init__(self, lines: Iterator[str], marks: Marks) -> None:
        self.lines = lines
        self.marks = marks
        self.pending: list[str] = []  # lines to read again, the next one last
        self.kept: list[str] = []  # the current record's lines
        self.chars = 0  # the current record's length
        self.line = 0  # the number of the last line handed out

    def __iter__(self) -> Replay:
        return self

    def __next__(self) -> str:
        text = self.pending.pop() if self.pending else next(self.lines)
        self.line += 1
        kept = self.kept
        kept.append(text)
        self.chars += len(text)
        if len(kept) > 1 and (len(kept) > MAX_RECORD_LINES or self.chars > MAX_RECORD_CHARS
                              or self.line in self.marks.oversized):
            raise RecordTooLong
        return text

    def start(self) -> int:
        """A new record begins: the number of its first line."""
        self.kept.clear()
        self.chars = 0
        return self.line + 1

    def rewind(self) -> str:
        """Give the current record's lines after the first back to be read again; the first's text."""
        again = self.kept[1:]
        self.pending.extend(reversed(again))
        self.line -= len(again)
        first = self.kept[0] if self.kept else ""
        self.kept.clear()
        return first.rstrip("\r\n")


@dataclass
class Shape:
    """What a record of this file looks like: the header's width (set by csv_rows) and the phone
    column (set by the layout once the header is read), to tell a record inside a quoted field."""

    width: int | None = None
    phone: int | None = None

    def is_record(self, line: str, delimiter: str) -> bool:
        """The line, read alone, is a whole record: the header's width, a phone number in place."""
        if self.width is None or self.phone is None or line.count(delimiter) != self.width - 1:
            return False
        fields = next(csv.reader([line], delimiter=delimiter), [])
        return len(fields) == self.width and looks_like_phone(fields[self.phone])


def csv_rows(lines: Iterator[str], delimiter: str, marks: Marks, shape: Shape | None = None) -> Iterator[Row]:
    """CSV records with the line each starts on (the first is the header); blank lines are skipped."""
    shape = shape if shape is not None else Shape()
    if csv.field_size_limit() < MAX_RECORD_CHARS:
        csv.field_size_limit(MAX_RECORD_CHARS)  # FIELD_LIMIT is checked here, per row, not by csv
    replay = Replay(lines, marks)
    reader = csv.reader(replay, delimiter=delimiter)
    while True:
        start = replay.start()
        try:
            fields = next(reader)
        except StopIteration:
            return
        except (csv.Error, RecordTooLong) as error:
            if isinstance(error, RecordTooLong):
                problem = (f"unbalanced quote: line {start} opens a quoted field that runs over "
                           f"{MAX_RECORD_LINES:,} lines or {MAX_RECORD_CHARS:,} characters")
            elif "end of data" in str(error):
                problem = f"unbalanced quote: line {start} opens a quoted field that runs to the end of the file"
            else:
                problem = f"unreadable CSV at line {start}: {error}"
            marks.covered += 1
            yield Row(start, None, f"{problem}; read again from line {start + 1}", replay.rewind(),
                      marks.take_encoding(start, start) if marks.fallback else None)
            reader = csv.reader(replay, delimiter=delimiter)  # the old one is inside the quote
            continue
        end = replay.line
        width = shape.width
        broken = None
        if width is not None and end > start and fields:
            if len(fields) != width:
                # A quote that never closes, or closes lines later in another record: not one record.
                broken = (f"it opens a quoted field that would make lines {start}-{end} one record of "
                          f"{len(fields)} fields where the header has {width}")
            else:
                inside = next((start + offset for offset, line in enumerate(replay.kept[1:-1], start=1)
                               if shape.is_record(line, delimiter)), None)
                if inside is not None:
                    broken = f"its quoted field runs over line {inside}, which is a record of its own"
        if broken is not None:
            marks.covered += 1
            yield Row(start, None, f"unbalanced quote at line {start}: {broken}; read again from line {start + 1}",
                      replay.rewind(), marks.take_encoding(start, start) if marks.fallback else None)
            reader = csv.reader(replay, delimiter=delimiter)  # the old one is past the lines to read again
            continue
        marks.covered += end - start + 1
        if not fields:
            if start in marks.oversized:
                yield Row(start, None, f"line {start} is longer than {marks.line_limit:,} bytes: not read")
            continue
        if width is None:
            shape.width = len(fields)
        yield Row(start, fields, too_long(fields) if replay.chars > FIELD_LIMIT else None, None,
                  marks.take_encoding(start, end) if marks.fallback else None)


def too_long(fields: list[str]) -> str | None:
    """Why a row with a field over FIELD_LIMIT characters is rejected, or None."""
    for index, value in enumerate(fields):
        if len(value) > FIELD_LIMIT:
            return (f"field {index + 1} has {len(value):,} characters, over the {FIELD_LIMIT:,} that CSV "
                    "readers accept (kept in the output)")
    return None


def jsonl_rows(lines: Iterator[str], marks: Marks) -> Iterator[Row]:
    """JSON objects with their line; blank lines are skipped, anything else is a row."""
    for number, text in enumerate(lines, start=1):
        marks.covered += 1
        if not text.strip():
            if number in marks.oversized:
                yield Row(number, None, f"line {number} is longer than {marks.line_limit:,} bytes: not read")
            continue
        raw = text.rstrip("\r\n")
        encoding = marks.fallback.pop(number, None) if marks.fallback else None
        try:
            value = json.loads(text)
        except RecursionError:
            yield Row(number, None, f"not readable JSON: nested deeper than {MAX_DEPTH} levels", raw, encoding)
            continue
        except ValueError as error:
            yield Row(number, None, f"not valid JSON: {error}", raw, encoding)
            continue
        if not isinstance(value, dict):
            yield Row(number, None, f"not a JSON object: {type(value).__name__}", raw, encoding)
            continue
        problem = json_problem(value, text)
        if problem is not None:
            yield Row(number, None, problem, raw, encoding)
            continue
        yield Row(number, value, encoding=encoding)


def json_problem(value: dict[str, Any], text: str) -> str | None:
    """Why a parsed JSON object cannot be a row (too deep; a string that is not text), or None.
    Both checks run only when the line could hold such a thing (brackets, a \\u escape)."""
    if text.count("[") + text.count("{") > MAX_DEPTH and depth(value) > MAX_DEPTH:
        return f"not a lead: nested deeper than {MAX_DEPTH} levels"
    if "\\u" in text or "\\U" in text:
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as error:
            bad = error.object[error.start:error.end]
            escaped = "".join(f"\\u{ord(character):04x}" for character in bad)
            return f"not text: a lone surrogate {escaped} (half of a UTF-16 pair) cannot be written"
    return None


def depth(value: Any) -> int:
    """How deeply lists and objects nest in a JSON value (iteratively: no recursion limit)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, level)
            if level > MAX_DEPTH:
                return level
            stack.extend((child, level + 1) for child in item)
    return deepest


def field_text(value: Any) -> str:
    """A JSON value as the text of a cell (objects and lists as JSON)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
