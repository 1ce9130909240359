"""Reading a list: bytes -> decoded text lines (a file, or stdin read once) -> rows (CSV
records with the line they start on, JSON-lines objects), and the CSV separator."""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from . import ListError

CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")  # bytes cp1252 has no character for

@dataclass
class Progress:
    """Where the reader is: bytes consumed of a file of known size."""

    total: int | None = None
    done: int = 0
    handle: IO[bytes] | None = None

    def position(self) -> int:
        if self.handle is not None:
            try:
                return self.handle.tell()
            except (OSError, ValueError):
                return self.done
        return self.done


@dataclass
class Source:
    """An opened input: decoded text lines, and how they were decoded."""

    name: str
    lines: Iterator[str]
    encoding: str
    bom: bool
    progress: Progress
    notes: list[str] = field(default_factory=list)
    closer: IO[bytes] | None = None


def detect_encoding(handle: IO[bytes]) -> tuple[str, bool]:
    """(encoding, has BOM) of a seekable file: UTF-8 (a BOM tolerated) when every
    byte decodes, else cp1252, else latin-1 (which decodes anything)."""
    try:
        head = handle.read(4)
        if head.startswith(codecs.BOM_UTF8):
            encoding, bom = "utf-8-sig", True
        elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16", True
        else:
            encoding, bom = "utf-8", False
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return encoding, bom
        except UnicodeDecodeError:
            pass
        handle.seek(0)
        while chunk := handle.read(1 << 20):
            if any(byte in chunk for byte in CP1252_UNDEFINED):
                return "latin-1", False
        return "cp1252", False
    finally:
        handle.seek(0)


def open_source(path: str, forced: str | None) -> Source:
    """Open a file (or `-`, stdin) for reading text lines; see detect_encoding."""
    if forced is not None:
        try:
            codecs.lookup(forced)
        except LookupError:
            raise ListError(f"unknown encoding {forced!r} (try utf-8, cp1252, latin-1, utf-16)") from None
    if path == "-":
        return _stdin_source(forced)
    try:
        handle = open(path, "rb")
        size = os.fstat(handle.fileno()).st_size
    except FileNotFoundError:
        raise ListError(f"cannot read {path}: no such file") from None
    except IsADirectoryError:
        raise ListError(f"cannot read {path}: it is a directory") from None
    except OSError as error:
        raise ListError(f"cannot read {path}: {error.strerror or error}") from None
    progress = Progress(total=size, handle=handle)
    if forced is not None:
        encoding, bom, errors = forced, False, "replace"
    else:
        try:
            encoding, bom = detect_encoding(handle)
        except OSError as error:
            handle.close()
            raise ListError(f"cannot read {path}: {error.strerror or error}") from None
        errors = "strict"
    text = io.TextIOWrapper(handle, encoding=encoding, errors=errors, newline="")
    return Source(path, iter(text), encoding.replace("utf-8-sig", "utf-8"), bom, progress, closer=handle)


def _stdin_source(forced: str | None) -> Source:
    """Stdin cannot be read twice: decode line by line as UTF-8 and switch to
    cp1252 (latin-1 for bytes cp1252 lacks) from the first line that is not."""
    binary = sys.stdin.buffer
    progress = Progress()
    head = binary.peek(4)[:4] if hasattr(binary, "peek") else b""
    if forced is not None or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = forced or "utf-16"
        text = io.TextIOWrapper(binary, encoding=encoding, errors="replace" if forced else "strict", newline="")
        return Source("stdin", iter(text), encoding, False, progress)
    source = Source("stdin", iter(()), "utf-8", head.startswith(codecs.BOM_UTF8), progress)

    def lines() -> Iterator[str]:
        encoding = "utf-8"
        for number, raw in enumerate(binary, start=1):
            progress.done += len(raw)
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8):]
            try:
                yield raw.decode(encoding)
                continue
            except UnicodeDecodeError:
                pass
            try:
                text = raw.decode("cp1252")
                switched = "cp1252"
            except UnicodeDecodeError:
                text = raw.decode("latin-1")
                switched = "latin-1"
            if encoding == "utf-8":
                source.notes.append(f"stdin is not UTF-8 from line {number}: read as {switched} from there")
                source.encoding = f"utf-8, then {switched}"
            encoding = "cp1252"
            yield text

    source.lines = lines()
    return source


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


@dataclass
class Row:
    line: int
    values: list[str] | dict[str, Any] | None  # CSV fields, a JSON object, or None (unreadable)
    problem: str | None = None  # why the row cannot be decided (before any decision)
    raw: str | None = None  # the line's text when it could not be parsed


def csv_rows(lines: Iterable[str], delimiter: str) -> Iterator[Row]:
    """CSV records with the line each starts on; blank lines are skipped."""
    reader = csv.reader(lines, delimiter=delimiter)
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if reader.line_num < start:  # no progress: the reader cannot go on
                raise ListError(f"unreadable CSV at line {start}: {error}") from None
            yield Row(start, None, f"unreadable CSV from line {start} to {reader.line_num}: {error} "
                                   "(an unbalanced quote?)")
            continue
        if fields:
            yield Row(start, fields)


def jsonl_rows(lines: Iterable[str]) -> Iterator[Row]:
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            value = json.loads(text)
        except ValueError as error:
            yield Row(number, None, f"not valid JSON: {error}", text.rstrip("\r\n"))
            continue
        if not isinstance(value, dict):
            yield Row(number, None, f"not a JSON object: {type(value).__name__}", text.rstrip("\r\n"))
            continue
        yield Row(number, value)


def field_text(value: Any) -> str:
    """A JSON value as the text of a cell (objects and lists as JSON)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)

