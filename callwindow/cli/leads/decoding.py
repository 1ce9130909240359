"""Bytes -> text lines, one physical line at a time, so one bad byte costs one line, never the file.

Every line is decoded as UTF-8 (or the `--encoding` given); a line that is not is decoded with
a fallback (cp1252, else latin-1, which decodes any byte) and *marked*: the rows it belongs to
say which encoding read them (the `input_encoding` column), and the summary
lists the lines and suggests the encoding family they look like (charset-normalizer, used only
to suggest: it never chooses how a row is read). A file is never read twice, so stdin and files
are read the same way.

A line longer than MAX_LINE_BYTES is not kept: it is skipped to its end (memory stays bounded,
even on a file with no line break at all) and stands as an empty line whose number is in
`oversized`, so that the row reader rejects that one row.

UTF-16 and UTF-32 (a BOM, or `--encoding utf-16`) cannot be cut into lines as bytes: such a file
is decoded as one stream, strictly.
"""

from __future__ import annotations

import codecs
import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from . import ListError

MAX_LINE_BYTES = 1 << 24  # 16 MiB: a longer physical line is one rejected row, not kept in memory
CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")  # bytes cp1252 has no character for
SAMPLE_BYTES = 1 << 16  # non-UTF-8 lines kept for the encoding suggestion
SHOW_LINES = 10  # non-UTF-8 line numbers listed in the summary (all are counted)
WIDE = ("utf-16", "utf-32")  # encodings whose line breaks are not the byte 0x0A


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
class Marks:
    """What the decoder noticed, by physical line number (1-based)."""

    # line -> the encoding that read it, until the row reader takes it (memory stays small even
    # when every line of a big file is in another encoding); what the summary says is kept aside.
    fallback: dict[int, str] = field(default_factory=dict)
    fallback_count: int = 0
    fallback_first: list[int] = field(default_factory=list)  # the first SHOW_LINES line numbers
    fallback_used: set[str] = field(default_factory=set)
    oversized: set[int] = field(default_factory=set)
    line_limit: int = MAX_LINE_BYTES  # the limit the oversized lines were over
    sample: bytearray = field(default_factory=bytearray)  # the first non-UTF-8 lines, for the suggestion
    lines: int = 0  # physical lines decoded
    covered: int = 0  # physical lines the row reader accounted for (rows, rejected lines, blank lines)

    def fell_back(self, line: int, encoding: str, raw: bytes) -> None:
        self.fallback[line] = encoding
        self.fallback_count += 1
        self.fallback_used.add(encoding)
        if len(self.fallback_first) < SHOW_LINES:
            self.fallback_first.append(line)
        if len(self.sample) < SAMPLE_BYTES:
            self.sample += raw[: SAMPLE_BYTES - len(self.sample)]

    def take_encoding(self, first: int, last: int) -> str | None:
        """The fallback encoding of any line first..last (a CSV record may span lines); the
        lines are forgotten (their row is being made)."""
        found = None
        for line in range(first, last + 1):
            found = self.fallback.pop(line, None) or found
        return found


@dataclass
class Source:
    """An opened input: decoded text lines, and how they were decoded."""

    name: str
    lines: Iterator[str]
    encoding: str  # what every line is read as first
    bom: bool
    progress: Progress
    marks: Marks = field(default_factory=Marks)
    notes: list[str] = field(default_factory=list)
    closer: IO[bytes] | None = None

    def encoding_notes(self) -> list[str]:
        """The summary's lines about lines that were not in the file's encoding."""
        marks = self.marks
        count = marks.fallback_count
        if not count:
            return []
        shown = ", ".join(map(str, marks.fallback_first)) + (f" and {count - len(marks.fallback_first)} more"
                                                             if count > len(marks.fallback_first) else "")
        used = ", ".join(sorted(marks.fallback_used))
        word = "line is" if count == 1 else "lines are"
        note = (f"{count} {word} not {self.encoding} (line {shown}): read as {used}, "
                "marked in the input_encoding column - check those rows")
        suggested = suggest_encoding(bytes(marks.sample))
        if suggested is not None:
            note += f"; they look like {suggested}: if the whole file is, give --encoding NAME"
        return [note]


def check_encoding(name: str) -> str:
    """The codec's canonical name, or a ListError naming the problem."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ListError(f"unknown encoding {name!r} (try utf-8, cp1252, latin-1, utf-16, shift_jis, cp1251)") from None


def open_source(path: str, forced: str | None) -> Source:
    """Open a file (or `-`, stdin) for reading text lines, line by line (see the module)."""
    primary = forced.strip() if forced is not None else "utf-8"  # as given: the summary shows it
    if forced is not None:
        check_encoding(primary)
    if path == "-":
        return _source("stdin", sys.stdin.buffer, primary, forced is not None, Progress(), None)
    try:
        # A FIFO or a device (/dev/zero) would block or never end: only regular files are read
        # by name; a pipe is read as `-`.
        if not stat.S_ISREG(os.stat(path).st_mode):
            what = "a directory" if os.path.isdir(path) else "not a regular file (read a pipe as -)"
            raise ListError(f"cannot read {path}: {what}")
        handle = open(path, "rb")
        size = os.fstat(handle.fileno()).st_size
    except FileNotFoundError:
        raise ListError(f"cannot read {path}: no such file") from None
    except OSError as error:
        raise ListError(f"cannot read {path}: {error.strerror or error}") from None
    return _source(path, handle, primary, forced is not None, Progress(total=size, handle=handle), handle)


def _source(name: str, binary: IO[bytes], primary: str, forced: bool, progress: Progress,
            closer: IO[bytes] | None) -> Source:
    head = _peek(binary)
    if check_encoding(primary).startswith(WIDE) or (
            not forced and head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))):
        encoding = primary if forced else "utf-16"
        source = Source(name, iter(()), encoding, True, progress, closer=closer)
        source.lines = _wide_lines(binary, encoding, name, source.marks, progress if closer is None else None)
        return source
    bom = head.startswith(codecs.BOM_UTF8)
    source = Source(name, iter(()), primary, bom, progress, closer=closer)
    source.lines = decoded_lines(binary, primary, source.marks, progress if closer is None else None)
    return source


def _peek(binary: IO[bytes]) -> bytes:
    peek = getattr(binary, "peek", None)
    if peek is not None:
        try:
            return bytes(peek(4)[:4])
        except (OSError, ValueError):
            return b""
    return b""


def decoded_lines(binary: IO[bytes], primary: str, marks: Marks, progress: Progress | None) -> Iterator[str]:
    """Each physical line decoded on its own (see the module); a BOM at the start is dropped."""
    readline = binary.readline
    limit = marks.line_limit = MAX_LINE_BYTES
    number = 0
    while True:
        raw = readline(limit + 1)
        if not raw:
            return
        number += 1
        marks.lines = number
        if progress is not None:
            progress.done += len(raw)
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        if len(raw) > limit and not raw.endswith(b"\n"):
            while chunk := readline(1 << 20):  # skipped to its end in bounded pieces
                if progress is not None:
                    progress.done += len(chunk)
                if chunk.endswith(b"\n"):
                    break
            marks.oversized.add(number)
            yield "\n"
            continue
        try:
            yield raw.decode(primary)
        except UnicodeDecodeError:
            used = "latin-1" if any(byte in CP1252_UNDEFINED for byte in raw) else "cp1252"
            marks.fell_back(number, used, raw)
            yield raw.decode(used)


def _wide_lines(binary: IO[bytes], encoding: str, name: str, marks: Marks,
                progress: Progress | None) -> Iterator[str]:
    import io

    text = io.TextIOWrapper(binary, encoding=encoding, errors="strict", newline="")  # drops the BOM
    try:
        for line in text:
            marks.lines += 1
            if progress is not None:
                progress.done += len(line)
            yield line
    except UnicodeDecodeError as error:
        raise ListError(f"cannot decode {name} as {encoding}: {error.reason}") from None
    finally:
        text.detach()


# Encoding families, by the start of a codec name (charset-normalizer's spelling): a short sample
# tells the family far better than the exact code page.
FAMILIES = (
    (("cp932", "shift_jis", "euc_jp", "iso2022_jp"), "Japanese (Shift-JIS, EUC-JP)"),
    (("gb2312", "gbk", "gb18030", "big5", "hz", "cp950"), "Chinese (GB18030, Big5)"),
    (("euc_kr", "cp949", "johab", "iso2022_kr"), "Korean (EUC-KR)"),
    (("cp1251", "koi8", "mac_cyrillic", "iso8859_5", "cp866", "cp855"), "Cyrillic (cp1251, KOI8)"),
    (("cp1253", "iso8859_7", "mac_greek"), "Greek (cp1253)"),
    (("cp1255", "iso8859_8"), "Hebrew (cp1255)"),
    (("cp1256", "iso8859_6"), "Arabic (cp1256)"),
    (("cp874", "tis_620", "iso8859_11"), "Thai (cp874)"),
)
WESTERN = "Latin single-byte (cp1252, latin-1, cp1250)"


def suggest_encoding(sample: bytes) -> str | None:
    """The encoding family the non-UTF-8 lines most look like (charset-normalizer), or None.
    Only said to the user: rows are never read by a guess."""
    if not sample:
        return None
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a dependency; the suggestion is only a help
        return None
    best = from_bytes(sample).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        return None
    # Only the family is said: the exact code page (and language) charset-normalizer guesses from
    # a few short lines changes between its versions and is often a neighbour of the right one.
    name = str(best.encoding)
    return next((label for prefixes, label in FAMILIES if name.startswith(prefixes)), WESTERN)
