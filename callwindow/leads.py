"""`can-i-call list`: a whole lead list in, every row with its decision out.

Streaming: rows are read, decided and written one at a time (csv module
readers and writers, JSON lines), so a list never has to fit in memory. What
is kept per run: counters for the summary, the first line of every distinct
number (to count duplicates), and the first rejected rows to list.

`--plan` orders the output into a calling plan, which needs the whole list:
each output row is spooled to a temporary file as it is decided and only a
small sort key per row (group, instant, offset in the spool) is kept in
memory; the rows are then copied out of the spool in plan order.

A bad row (no digits, empty, bad hint, unknown region, too many fields...)
never stops the run and never disappears: it is written with the decision
columns empty and `error` filled, and listed in the summary with its line.
Exit status: 0 when the file was processed (even with rejected rows), 2 when
it cannot be read or the command line is wrong.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import io
import json
import math
import os
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Any

from . import clock
from .cli.common import question_from_args
from .cli.history import HistoryReader, add_store_arguments
from .errors import CallwindowError, InvalidNumber, InvalidRegion, InvalidZone
from .history import History
from .model import REASON_CODES, Decision
from .policy import Policy
from .request import Question, national_region, parse_fields

DECISION_COLUMNS = (
    "e164", "action", "allowed", "next_allowed_at", "window_closes_at", "local_time", "zones",
    "reason_codes", "error",
)
# Column names recognised without an option (compared lower case, spaces/dashes/dots as "_").
PHONE_NAMES = frozenset({
    "phone", "phone_number", "phonenumber", "phone_no", "mobile", "mobile_number", "mobile_phone", "cell",
    "cell_phone", "cellphone", "tel", "telephone", "telephone_number", "number", "msisdn", "e164",
})
HINT_NAMES: dict[str, frozenset[str]] = {
    "zone": frozenset({"zone", "time_zone", "timezone", "tz", "iana_zone"}),
    "region": frozenset({"region", "country", "country_code", "iso_country"}),
    "subdivision": frozenset({"subdivision", "state", "province", "state_code", "province_code"}),
    "postal_code": frozenset({"postal_code", "postcode", "post_code", "zip", "zip_code", "zipcode"}),
    "purpose": frozenset({"purpose"}),
    "contact": frozenset({"contact_kind", "contact_type"}),
}
SHOW_REJECTED = 20  # rejected rows listed by line in the summary; all are in the output
SHOW_DUPLICATES = 5
CHUNK_ROWS = 2000  # rows decided together row by row: one read of the history store per chunk
VECTOR_CHUNK_ROWS = 50_000  # rows decided together by the batch engine
ENV_ENGINE = "CALLWINDOW_LIST_ENGINE"  # "rows" forces row-by-row decisions (diagnostics)
_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")


class ListError(CallwindowError):
    """The list cannot be processed at all (unreadable file, no phone column...): exit 2."""


def normalise_name(name: str) -> str:
    return re.sub(r"[\s\-.]+", "_", name.replace("\ufeff", "").strip().lower())


# ---------------------------------------------------------------- reading


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
            if any(byte in chunk for byte in _CP1252_UNDEFINED):
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


def looks_like_phone(text: str) -> bool:
    digits = sum(character.isdigit() for character in text)
    return digits >= 6 and not any(character.isalpha() for character in text.replace("ext", ""))


# ---------------------------------------------------------------- columns


@dataclass
class Columns:
    """Which input column holds what: names for JSON lines, indexes for CSV."""

    header: list[str]  # input columns (CSV header, or the first JSON object's keys)
    phone: int
    hints: dict[str, int]  # hint kind -> column index

    def describe(self) -> str:
        parts = [f"phone={self.header[self.phone]}"]
        parts += [f"{kind}={self.header[index]}" for kind, index in self.hints.items()]
        return ", ".join(parts)


def choose_columns(header: list[str], args: argparse.Namespace, *, allow_headerless: bool) -> Columns | None:
    """The phone column (given, or the one header that names a phone) and hint
    columns. None when there is no header match and the first row looks like a
    single phone number (a headerless one-column list)."""
    normalised = [normalise_name(name) for name in header]

    def find(given: str, what: str) -> int:
        wanted = normalise_name(given)
        matches = [index for index, name in enumerate(normalised) if name == wanted]
        if not matches and given.isdigit() and 1 <= int(given) <= len(header):
            return int(given) - 1
        if not matches:
            raise ListError(f"no {what} column {given!r}: the columns are {', '.join(map(repr, header))}")
        if len(matches) > 1:
            raise ListError(f"several columns are named {given!r}: give its position (1-{len(header)}) instead")
        return matches[0]

    if args.phone_column:
        phone = find(args.phone_column, "phone")
    else:
        # The decision columns of an earlier run (e164...) are replaced, never read.
        found = [index for index, name in enumerate(normalised) if name in PHONE_NAMES and name not in DECISION_COLUMNS]
        if len(found) == 1:
            phone = found[0]
        elif len(found) > 1:
            names = ", ".join(repr(header[index]) for index in found)
            raise ListError(f"several columns may hold the phone number ({names}): choose one with --phone-column NAME")
        elif allow_headerless and len(header) == 1 and looks_like_phone(header[0]):
            return None
        else:
            raise ListError(
                f"cannot tell which column holds the phone number (columns: {', '.join(map(repr, header))}): "
                "use --phone-column NAME")
    hints: dict[str, int] = {}
    for kind, hint_names in HINT_NAMES.items():
        given = getattr(args, f"{kind}_column")
        if given is not None:
            if given.strip():
                hints[kind] = find(given, kind.replace("_", " "))
            continue
        if args.no_hints:
            continue
        found = [index for index, name in enumerate(normalised) if name in hint_names and index != phone]
        if len(found) == 1:
            hints[kind] = found[0]
        elif len(found) > 1:
            names_found = ", ".join(repr(header[index]) for index in found)
            raise ListError(f"several columns may hold the {kind.replace('_', ' ')} ({names_found}): "
                            f"choose one with --{kind.replace('_', '-')}-column NAME (or '' for none)")
    return Columns(header, phone, hints)


# ---------------------------------------------------------------- deciding


@dataclass(frozen=True, slots=True)
class RowAnswer:
    """What a row's output says of its decision: the decision columns, taken from a Decision
    (row by row) or from the batch engine's arrays (chunks), the same either way."""

    number: str  # E.164
    action: str
    allowed: bool
    channel: str
    at: datetime
    next_allowed_at: datetime | None
    window_closes_at: datetime | None
    zones: tuple[str, ...]
    local_time: datetime | None  # in the first candidate zone
    reason_codes: tuple[str, ...]  # each once, in the order of docs/reason-codes.md

    @classmethod
    def of(cls, decision: Decision) -> RowAnswer:
        return cls(
            number=decision.number, action=decision.action.value, allowed=decision.allowed,
            channel=decision.channel.value, at=decision.at, next_allowed_at=decision.next_allowed_at,
            window_closes_at=decision.window_closes_at, zones=decision.zones,
            local_time=next(iter(decision.local_times.values()), None),
            reason_codes=canonical_codes(reason.code for reason in decision.reasons),
        )


_CODE_ORDER = {code: index for index, code in enumerate(REASON_CODES)}


def canonical_codes(codes: Iterable[str]) -> tuple[str, ...]:
    """Each code once, in the order of REASON_CODES (docs/reason-codes.md): a list's column
    reads the same whichever engine decided the row."""
    return tuple(sorted(set(codes), key=_CODE_ORDER.__getitem__))


@dataclass
class Outcome:
    """One row's result: the decision, or why the row was rejected."""

    line: int
    decision: RowAnswer | None
    error: str | None
    number_text: str

    def values(self) -> dict[str, Any]:
        """The decision columns, typed (JSON); csv_values() gives the text."""
        decision = self.decision
        if decision is None:
            return {"e164": None, "action": None, "allowed": None, "next_allowed_at": None,
                    "window_closes_at": None, "local_time": None, "zones": [], "reason_codes": [],
                    "error": self.error}
        return {
            "e164": decision.number,
            "action": decision.action,
            "allowed": decision.allowed,
            "next_allowed_at": _iso(decision.next_allowed_at),
            "window_closes_at": _iso(decision.window_closes_at),
            "local_time": decision.local_time.isoformat() if decision.local_time is not None else None,
            "zones": list(decision.zones),
            "reason_codes": list(decision.reason_codes),
            "error": None,
        }

    def csv_values(self) -> list[str]:
        values = self.values()
        out = []
        for name in DECISION_COLUMNS:
            value = values[name]
            if value is None:
                out.append("")
            elif isinstance(value, bool):
                out.append("true" if value else "false")
            elif isinstance(value, list):
                out.append(" ".join(value))
            else:
                out.append(str(value))
        return out

    def plan_key(self, order: int) -> tuple[int, float, int]:
        """Callable now (by how soon the window closes), then the rest by when
        their window opens, then those with no window, then rejected rows."""
        decision = self.decision
        if decision is None:
            return (3, 0.0, order)
        if decision.allowed:
            closes = decision.window_closes_at
            return (0, closes.timestamp() if closes else math.inf, order)
        if decision.next_allowed_at is not None:
            return (1, decision.next_allowed_at.timestamp(), order)
        return (2, 0.0, order)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


class Decider:
    """Decides rows with one policy and the run's options: each row's question is built from
    the options and the row's own columns, and answered with the row's recorded history."""

    def __init__(self, policy: Policy, at: datetime, args: argparse.Namespace,
                 history: HistoryReader | None) -> None:
        self.policy = policy
        self.at = at
        self.args = args
        self.history = history

    def question(self, line: int, number: str, hints: dict[str, str], names: dict[str, str]) -> Question | Outcome:
        """The row's question, or the Outcome that rejects the row."""
        text = number.strip()
        if not text:
            return Outcome(line, None, "empty number", number)
        row: dict[str, str | None] = dict(hints)
        row["default_region"] = national_region(text, hints.get("region"), self.args.default_region)
        try:
            return question_from_args(self.args, text, self.at, **row)
        except InvalidNumber as error:
            return Outcome(line, None, f"number: {error}", number)
        except InvalidZone as error:
            return Outcome(line, None, f"{_where('zone', names)}: {error}", number)
        except InvalidRegion as error:
            kinds = [kind for kind in ("region", "subdivision", "postal_code") if hints.get(kind)]
            where = ", ".join(_where(kind, names) for kind in kinds) or "hint"
            return Outcome(line, None, f"{where}: {error}", number)
        except CallwindowError as error:
            return Outcome(line, None, str(error), number)
        except Exception as error:
            return Outcome(line, None, f"internal error ({type(error).__name__}: {error}); please report", number)

    def decide_chunk(self, inputs: list[RowInput | Outcome], names: dict[str, str], vector: bool) -> list[Outcome]:
        """The outcome of every row of a chunk (an Outcome given in `inputs` is kept as it is).
        `vector`: decide with the batch engine (numpy) on arrays, else row by row; the answers
        are the same (tests/test_one_decision.py)."""
        if vector:
            return self._decide_arrays(inputs, names)
        asked = [item if isinstance(item, Outcome) else self.question(item.line, item.number, item.hints, names)
                 for item in inputs]
        histories = self.histories(item for item in asked if isinstance(item, Question))
        return [item if isinstance(item, Outcome)
                else self.decide(item, histories.get(item.subscriber.number), line)
                for item, line in zip(asked, (_line(item) for item in inputs), strict=True)]

    def histories(self, questions: Iterable[Question]) -> dict[str, History]:
        """The recorded history of every question's number, in one read of the store."""
        if self.history is None:
            return {}
        return self.history.histories(dict.fromkeys(question.subscriber.number for question in questions))

    def decide(self, question: Question, history: History | None, line: int) -> Outcome:
        try:
            decision = self.policy.answer(question, history)
        except CallwindowError as error:
            return Outcome(line, None, str(error), question.number)
        except Exception as error:
            return Outcome(line, None, f"internal error ({type(error).__name__}: {error}); please report",
                           question.number)
        return Outcome(line, RowAnswer.of(decision), None, question.number)

    def _decide_arrays(self, inputs: list[RowInput | Outcome], names: dict[str, str]) -> list[Outcome]:
        from .batch import decide_batch, ingest

        rows = [item for item in inputs if isinstance(item, RowInput)]
        if not rows:
            return [item for item in inputs if isinstance(item, Outcome)]
        args = self.args

        def column(kind: str) -> list[str | None]:
            return [item.hints.get(kind) or None for item in rows]

        default_regions = [national_region(item.number, item.hints.get("region"), args.default_region)
                           for item in rows]
        ingested = ingest([item.number.strip() for item in rows], default_region=default_regions,
                          zone=column("zone"), region=column("region"), subdivision=column("subdivision"),
                          postal_code=column("postal_code"))
        decisions = decide_batch(
            ingested, self.at, channel=args.channel,
            purpose=[item.hints.get("purpose") or args.purpose for item in rows],
            contact=[item.hints.get("contact") or args.contact for item in rows],
            policy=self.policy, consent=args.consent, emergencies=args.emergency, history=self.history,
            subject=args.subject,
        )
        decided = decisions.rows()
        # Bad rows: the row-by-row path words each error with the column at fault (all in one call).
        bad = [index for index, row in enumerate(decided) if row["action"] is None]
        reworded = dict(zip(bad, self.decide_chunk([rows[index] for index in bad], names, vector=False),
                            strict=True))
        local_times: dict[str, datetime] = {}
        instant = self.at.timestamp()
        answered: list[Outcome] = []
        for index, (item, row) in enumerate(zip(rows, decided, strict=True)):
            if index in reworded:
                answered.append(reworded[index])
                continue
            zones = tuple(row["zones"])
            local = None
            if zones:
                local = local_times.get(zones[0])
                if local is None:
                    local = local_times[zones[0]] = clock.local_time(instant, zones[0])
            answered.append(Outcome(item.line, RowAnswer(
                number=row["number"], action=row["action"], allowed=row["allowed"], channel=str(args.channel),
                at=self.at, next_allowed_at=row["next_allowed_at"], window_closes_at=row["window_closes_at"],
                zones=zones, local_time=local, reason_codes=tuple(row["reasons"]),
            ), None, item.number))
        in_order = iter(answered)
        return [item if isinstance(item, Outcome) else next(in_order) for item in inputs]


@dataclass(frozen=True, slots=True)
class RowInput:
    """What a readable row asks: its number and its hint, purpose and contact columns."""

    line: int
    number: str
    hints: dict[str, str]


def _line(item: RowInput | Outcome) -> int:
    return item.line


def _where(kind: str, names: dict[str, str]) -> str:
    column = names.get(kind)
    label = kind.replace("_", " ")
    return f"{label} (column {column!r})" if column else label


# ---------------------------------------------------------------- rows in, rows out


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


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class Sink:
    """Writes output rows (input values + decision columns) as CSV or JSON lines."""

    def __init__(self, stream: IO[str], fmt: str, header: list[str], delimiter: str, phone: int = 0) -> None:
        self.stream = stream
        named = [index for index, name in enumerate(header) if "name" in normalise_name(name) and index != phone]
        others = [index for index in range(len(header)) if index != phone]
        self._who: int | None = named[0] if named else others[0] if others else None
        self.format = fmt
        replaced = set(DECISION_COLUMNS)
        self.keep = [index for index, name in enumerate(header) if name not in replaced]
        self.header = header
        self.columns = [header[index] for index in self.keep] + list(DECISION_COLUMNS)
        self.delimiter = delimiter
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, delimiter=delimiter, lineterminator="\n")
        self.dropped_keys: Counter[str] = Counter()
        # JSON keys for CSV columns: a repeated column name gets a suffix (name_2) so no value is lost.
        self.json_keys: list[str] = []
        for name in header:
            key, number = name, 1
            while key in self.json_keys:
                number += 1
                key = f"{name}_{number}"
            self.json_keys.append(key)

    def header_text(self) -> str:
        if self.format == "table":
            return _TABLE.format("line", "who", "number", "action", "their time", "window", "why") + "\n"
        if self.format != "csv":
            return ""
        return self.render_fields(self.columns)

    def render_fields(self, fields: list[str]) -> str:
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.writerow(fields)
        return self.buffer.getvalue()

    def render(self, row: Row, outcome: Outcome) -> str:
        """The output text of one row (one line of JSON, one CSV record, one table line)."""
        values = row.values
        if self.format == "table":
            return self.table_line(row, outcome)
        if self.format == "csv":
            if isinstance(values, dict):
                extra = set(values) - set(self.header) - set(DECISION_COLUMNS)
                self.dropped_keys.update(extra)
                fields = [_text(values.get(self.header[index])) for index in self.keep]
            elif values is None:
                fields = [""] * len(self.keep)
                if row.raw is not None and self.keep:
                    fields[0] = row.raw
            else:
                padded = list(values) + [""] * (len(self.header) - len(values))
                fields = [padded[index] for index in self.keep]
            return self.render_fields(fields + outcome.csv_values())
        if isinstance(values, dict):
            record = dict(values)
        elif values is None:
            record = {"raw": row.raw} if row.raw is not None else {}
        else:
            record = {key: values[index] for index, key in enumerate(self.json_keys) if index < len(values)}
        record.update(outcome.values())
        return json.dumps(record, ensure_ascii=False) + "\n"


    def table_line(self, row: Row, outcome: Outcome) -> str:
        """A line for people: who, the verdict, their time, the window, why."""
        values = row.values
        who = ""
        if isinstance(values, dict):
            who = _text(values.get(self.who_key)) if self.who_key is not None else ""
        elif values is not None and self.who_index is not None and self.who_index < len(values):
            who = values[self.who_index]
        decision = outcome.decision
        if decision is None:
            return _TABLE.format(outcome.line, _cut(who, 18), _cut(outcome.number_text, 16), "ERROR", "", "",
                                 outcome.error or "").rstrip() + "\n"
        local = decision.local_time
        their = f"{local:%a %d %b %H:%M}" if local is not None else ""
        at = decision.at
        if decision.allowed and decision.window_closes_at:
            window = f"until {_clock(decision.window_closes_at, local)} ({_span(decision.window_closes_at - at)})"
        elif decision.allowed:
            window = "open"
        elif decision.next_allowed_at:
            window = f"opens {_clock(decision.next_allowed_at, local)} (in {_span(decision.next_allowed_at - at)})"
        else:
            window = "none"
        verdict = {"call": "CALL", "sms": "TEXT", "defer": "WAIT", "block": "NEVER"}[decision.action]
        if decision.allowed and decision.channel == "sms":
            verdict = "TEXT"
        why = " ".join(decision.reason_codes)
        return _TABLE.format(outcome.line, _cut(who, 18), _cut(decision.number, 16), verdict, their, window,
                             why).rstrip() + "\n"

    @property
    def who_index(self) -> int | None:
        return self._who

    @property
    def who_key(self) -> str | None:
        return self.header[self._who] if self._who is not None and self._who < len(self.header) else None


_TABLE = "{:>5}  {:<18}  {:<16}  {:<6}  {:<16}  {:<30}  {}"


def _cut(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _clock(moment: datetime, local: datetime | None) -> str:
    """Their wall clock: `11:57` the same day, else `Wed 08:00`."""
    if local is None:
        return _iso(moment) or ""
    there = moment.astimezone(local.tzinfo)
    return f"{there:%H:%M}" if there.date() == local.date() else f"{there:%a %H:%M}"


def _span(wait: Any) -> str:
    from .cli.render import format_duration

    return format_duration(wait)


# ---------------------------------------------------------------- the summary


@dataclass
class Summary:
    source: str
    encoding: str
    delimiter: str | None
    columns: str
    started: float = field(default_factory=time.monotonic)
    rows: int = 0
    actions: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    rejected: list[tuple[int, str, str]] = field(default_factory=list)
    rejected_count: int = 0
    duplicates: int = 0
    duplicate_lines: list[tuple[int, int]] = field(default_factory=list)
    seen: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        self.rows += 1
        decision = outcome.decision
        if decision is None:
            self.rejected_count += 1
            if len(self.rejected) < SHOW_REJECTED:
                self.rejected.append((outcome.line, outcome.number_text, outcome.error or ""))
            return
        self.actions[decision.action] += 1
        self.reasons.update(decision.reason_codes)
        first = self.seen.setdefault(decision.number, outcome.line)
        if first != outcome.line:
            self.duplicates += 1
            if len(self.duplicate_lines) < SHOW_DUPLICATES:
                self.duplicate_lines.append((outcome.line, first))

    def render(self, channel: str, plan: bool) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        how = self.encoding + (f", {_delimiter_name(self.delimiter)} separated" if self.delimiter else ", JSON lines")
        lines = [f"can-i-call list: {self.rows} row{'' if self.rows == 1 else 's'} from {self.source} ({how})"
                 f" in {elapsed:.2f} s"
                 f" ({self.rows / elapsed:,.0f} rows/s)"]
        if self.columns:
            lines.append(f"  columns: {self.columns}")
        order = ["call", "sms", "defer", "block"]
        counted = [f"{action} {self.actions[action]}" for action in order if self.actions[action]]
        if self.rejected_count:
            counted.append(f"rejected {self.rejected_count}")
        lines.append(f"  by action: {', '.join(counted) or 'none'}")
        if channel == "call" and self.actions["sms"]:
            lines.append("    (sms: a call is not allowed now, a text is - text instead)")
        if self.reasons:
            lines.append("  by reason: " + ", ".join(f"{code} {count}" for code, count in self.reasons.most_common()))
        if self.duplicates:
            shown = ", ".join(f"line {line} = line {first}" for line, first in self.duplicate_lines)
            unshown = self.duplicates - len(self.duplicate_lines)
            more = f", and {unshown} more" if unshown > 0 else ""
            rows = "row repeats" if self.duplicates == 1 else "rows repeat"
            lines.append(f"  duplicates: {self.duplicates} {rows} an earlier number, each decided ({shown}{more})")
        if self.rejected_count:
            rows = "row" if self.rejected_count == 1 else "rows"
            lines.append(f"  rejected: {self.rejected_count} {rows}, written with the error column filled:")
            for line, number, error in self.rejected:
                shown_number = repr(number) if len(number) <= 40 else repr(number[:37] + "...")
                lines.append(f"    line {line}: {shown_number}: {error}")
            if self.rejected_count > len(self.rejected):
                lines.append(f"    ... and {self.rejected_count - len(self.rejected)} more (see the error column)")
        lines.extend(f"  note: {note}" for note in self.notes)
        if plan:
            lines.append("  order: callable now (soonest closing first), then by next window, then no window, "
                         "then rejected")
        return "\n".join(lines)


def _delimiter_name(delimiter: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}.get(delimiter, repr(delimiter))


class ProgressBar:
    """rows done, rate and (for a file of known size) percent, on stderr."""

    def __init__(self, progress: Progress, enabled: bool) -> None:
        self.progress = progress
        self.enabled = enabled
        self.started = time.monotonic()
        self.shown = 0.0

    def update(self, rows: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.shown < 0.2:
            return
        self.shown = now
        rate = rows / max(now - self.started, 1e-9)
        total = self.progress.total
        if total:
            fraction = min(1.0, self.progress.position() / total)
            filled = int(fraction * 30)
            text = f"\r  [{'#' * filled}{'.' * (30 - filled)}] {fraction:4.0%}  {rows:,} rows  {rate:,.0f} rows/s"
        else:
            text = f"\r  {rows:,} rows  {rate:,.0f} rows/s"
        sys.stderr.write(text)
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled and self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


# ---------------------------------------------------------------- the command


def build_parser() -> argparse.ArgumentParser:
    from .cli import common

    parser = argparse.ArgumentParser(
        prog="can-i-call list",
        usage="can-i-call list FILE|- [options]",
        description="Decide every row of a lead list (CSV, or JSON lines) and write the rows back with the "
                    "decision columns added: " + ", ".join(DECISION_COLUMNS) + ". Streamed row by row.",
        epilog="""\
examples:
  can-i-call list leads.csv -o decided.csv          every row with its decision
  can-i-call list leads.csv --plan -o plan.csv      callable now first (soonest closing), then follow the sun
  can-i-call list leads.csv --phone-column Mobile --region-column Country
  can-i-call list leads.jsonl --format csv --at 2026-11-24T15:00:00Z
  crm-export | can-i-call list - --format jsonl --quiet

columns recognised by name (case, spaces and dashes ignored):
  phone        phone, phone_number, mobile, cell, tel, telephone, number, msisdn, e164
  zone         zone, time_zone, timezone, tz          region   region, country, country_code
  subdivision  subdivision, state, province           postal   postal_code, postcode, zip, zip_code
  purpose      purpose                                contact  contact_kind, contact_type
  Hint columns must hold codes (US, US-FL or FL, America/Chicago); --no-hints ignores them.

summary (stderr): counts by action and by reason code, duplicates, and every rejected row's line.
A rejected row is still written, with `error` filled and the decision columns empty.
exit status: 0 the file was processed (even with rejected rows), 2 it cannot be read or bad usage
""",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE", help="CSV or JSON lines file; - for stdin")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    parser.add_argument("--format", choices=["csv", "jsonl", "table"],
                        help="output format (default: the input's); table: aligned lines for reading in a terminal")
    parser.add_argument("--plan", action="store_true",
                        help="order the rows into a calling plan: callable now by how soon their window closes, "
                             "then by when their window opens; rejected rows last")
    columns = parser.add_argument_group("columns (a name, or a 1-based position; '' for none)")
    columns.add_argument("--phone-column", metavar="NAME", help="the phone number column (auto: a header like phone)")
    for kind in ("zone", "region", "subdivision", "postal_code", "purpose", "contact"):
        columns.add_argument(f"--{kind.replace('_', '-')}-column", metavar="NAME", dest=f"{kind}_column")
    columns.add_argument("--no-hints", action="store_true", help="do not look for hint, purpose or contact columns")
    reading = parser.add_argument_group("reading")
    reading.add_argument("--input-format", choices=["auto", "csv", "jsonl"], default="auto",
                         help="auto: by extension (.jsonl, .ndjson), else by the first character")
    reading.add_argument("--delimiter", help="CSV field separator (default: guessed from the header: , ; tab |)")
    reading.add_argument("--encoding", help="force the input encoding (default: UTF-8, else cp1252/latin-1)")
    reading.add_argument("--no-header", action="store_true",
                         help="the CSV has no header row (columns are then named column1, column2...)")
    common.add_decision_options(parser, hints=False)  # for every row; a row's purpose/contact column wins
    history = parser.add_argument_group("contact history (frequency caps, opt-outs, consent, callbacks)")
    history.add_argument("--subject", metavar="ID",
                         help="the debt, account or offer the rows are about (caps per subject)")
    history.add_argument("--no-history", action="store_true", help="decide without reading the history store")
    add_store_arguments(history)
    output = parser.add_argument_group("progress and summary (on stderr)")
    output.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    output.add_argument("--no-progress", action="store_true", help="no progress bar")
    common.add_config_options(parser)
    return parser


def list_main(argv: Sequence[str]) -> int:
    from .cli import common
    from .instants import parse_instant

    parser = build_parser()
    args = parser.parse_args(list(argv))
    args.my_zone = None
    try:
        common.apply_settings(args)
        policy = common.build_policy(args)
        at = parse_instant(args.at)
        # The options every row shares are checked once: a bad one is a usage error (exit 2),
        # as for a single check, whichever engine decides the rows.
        parse_fields(channel=args.channel, purpose=args.purpose, contact=args.contact, consent=args.consent,
                     emergencies=args.emergency, subject=args.subject)
        if args.delimiter is not None:
            args.delimiter = {"tab": "\t", "\\t": "\t"}.get(args.delimiter, args.delimiter)
            if len(args.delimiter) != 1:
                raise ListError("--delimiter must be one character (or 'tab')")
        if args.output and args.file != "-" and os.path.exists(args.output) and os.path.exists(args.file) \
                and os.path.samefile(args.output, args.file):
            raise ListError("the output file is the input file: write to another file")
        source = open_source(args.file, args.encoding)
        # Every row's decision reads its recorded history (opt-outs, caps, consent, callbacks),
        # as the single check does; a store that cannot be read stops the run before any row.
        history = None if args.no_history else HistoryReader.from_options(args.db, args.hash_key_env,
                                                                            create_db=args.create_db)
    except CallwindowError as error:
        return common.fail(str(error))
    try:
        return _run(args, policy, at, source, history)
    except ListError as error:
        return common.fail(str(error))
    except CallwindowError as error:
        # The store failed mid-run (a server gone, a file locked): stop, one line, exit 2 - the
        # rows not yet written are not decided without their history.
        return common.fail(f"{error} (the run stopped: the rows after the last one written were not decided)")
    except UnicodeDecodeError as error:  # pragma: no cover - detection read the whole file first
        return common.fail(f"cannot decode {source.name} as {source.encoding}: {error.reason}; try --encoding cp1252")
    except KeyboardInterrupt:
        print("\ncan-i-call list: interrupted", file=sys.stderr)
        return 130
    finally:
        if source.closer is not None:
            source.closer.close()
        if history is not None:
            history.close()


def _input_format(args: argparse.Namespace, first: str) -> str:
    if args.input_format != "auto":
        return str(args.input_format)
    if args.file.lower().endswith((".jsonl", ".ndjson", ".jsonlines")):
        return "jsonl"
    if args.file.lower().endswith((".csv", ".tsv", ".txt")):
        return "csv"
    return "jsonl" if first.lstrip("\ufeff \t").startswith("{") else "csv"


def _run(args: argparse.Namespace, policy: Policy, at: datetime, source: Source,
         history: HistoryReader | None) -> int:
    from .cli import common

    lines = source.lines
    first = next(lines, None)
    if first is None:
        raise ListError(f"{source.name} is empty: no header, no rows")
    first = first.lstrip("\ufeff")
    lines = _chain(first, lines)
    fmt_in = _input_format(args, first)
    delimiter = None
    if fmt_in == "csv":
        delimiter = args.delimiter or ("\t" if args.file.lower().endswith(".tsv") else sniff_delimiter(first))
        rows = csv_rows(lines, delimiter)
        header_row = next(rows, None)
        if header_row is None or header_row.values is None:
            raise ListError(f"cannot read the header of {source.name}")
        assert isinstance(header_row.values, list)
        if args.no_header:
            header = [f"column{index}" for index in range(1, len(header_row.values) + 1)]
            pending: list[Row] = [header_row]
            columns = choose_columns(header, args, allow_headerless=False)
        else:
            header = [name.replace("\ufeff", "").strip() for name in header_row.values]
            columns = choose_columns(header, args, allow_headerless=True)
            pending = []
            if columns is None:  # a one-column list of numbers without a header
                header = ["phone"]
                columns = Columns(header, 0, {})
                pending = [header_row]
        assert columns is not None
        body: Iterator[Row] = _chain_rows(pending, rows)
    else:
        rows = jsonl_rows(lines)
        pending = []
        keys: list[str] | None = None
        for row in rows:
            pending.append(row)
            if isinstance(row.values, dict):
                keys = list(row.values)
                break
        if keys is None:
            raise ListError(f"{source.name} holds no JSON object")
        header = keys
        found = choose_columns(header, args, allow_headerless=False)
        assert found is not None
        columns = found
        body = _chain_rows(pending, rows)
    fmt_out = args.format or fmt_in
    names = {kind: columns.header[index] for kind, index in columns.hints.items()}
    summary = Summary(source.name if source.name != "-" else "stdin", source.encoding, delimiter, columns.describe())
    decider = Decider(policy, at, args, history)

    try:
        out, close_out = _open_output(args.output, "utf-8-sig" if source.bom and fmt_out == "csv" else "utf-8")
    except OSError as error:
        raise ListError(f"cannot write {args.output}: {error.strerror or error}") from None
    sink = Sink(out, fmt_out, header, delimiter or ",", columns.phone)
    progress = ProgressBar(source.progress,
                           enabled=not (args.quiet or args.no_progress) and args.file != "-" and _isatty(sys.stderr))
    spool = _Spool() if args.plan else None
    trickle = args.file == "-"
    try:
        if spool is None:
            out.write(sink.header_text())
        order = 0
        # Rows are decided in chunks, so that the history of a chunk's numbers is one read of
        # the store (and, with numpy, one pass of the batch engine); a pipe passes each row on
        # as it arrives.
        vector = not trickle and _engine() == "arrays"
        for chunk in _chunks(body, 1 if trickle else (VECTOR_CHUNK_ROWS if vector else CHUNK_ROWS)):
            outcomes = decider.decide_chunk([_inputs(columns, row) for row in chunk], names, vector)
            for row, outcome in zip(chunk, outcomes, strict=True):
                summary.add(outcome)
                text = sink.render(row, outcome)
                if spool is not None:
                    spool.add(outcome.plan_key(order), text)
                else:
                    out.write(text)
                    if trickle:
                        out.flush()  # a pipe may deliver rows slowly: pass each one on at once
                order += 1
            progress.update(summary.rows)
        if spool is not None:
            out.write(sink.header_text())
            spool.write_sorted(out)
        out.flush()
    except BrokenPipeError:
        common.quiet_broken_pipe()
        return common.EXIT_ALLOWED
    finally:
        progress.close()
        if spool is not None:
            spool.close()
        if close_out:
            out.close()
    summary.notes.extend(source.notes)
    if sink.dropped_keys:
        summary.notes.append("keys missing from the first JSON object are not in the CSV output: "
                             + ", ".join(sorted(sink.dropped_keys)) + " (use --format jsonl to keep them)")
    if not args.quiet:
        print(summary.render(args.channel, args.plan), file=sys.stderr, flush=True)
    return common.EXIT_ALLOWED


def _inputs(columns: Columns, row: Row) -> RowInput | Outcome:
    """A row's number and hints, or the Outcome that rejects an unreadable row."""
    values = row.values
    if values is None:
        return Outcome(row.line, None, row.problem or "unreadable row", row.raw or "")
    if isinstance(values, dict):
        number = _text(values.get(columns.header[columns.phone]))
        hints = {kind: _text(values.get(columns.header[index])).strip() for kind, index in columns.hints.items()}
    else:
        if len(values) > len(columns.header):
            extra = values[len(columns.header):]
            return Outcome(row.line, None, f"{len(values)} fields where the header has {len(columns.header)} "
                                           f"(extra: {', '.join(map(repr, extra))}); a missing quote?",
                           values[columns.phone] if columns.phone < len(values) else "")
        number = values[columns.phone] if columns.phone < len(values) else ""
        hints = {kind: values[index].strip() for kind, index in columns.hints.items() if index < len(values)}
    return RowInput(row.line, number, hints)


def _engine() -> str:
    """"arrays" when the batch engine can run (numpy installed), else "rows"."""
    if os.environ.get(ENV_ENGINE, "").strip().lower() == "rows":
        return "rows"
    import importlib.util

    return "arrays" if importlib.util.find_spec("numpy") is not None else "rows"


def _chunks(rows: Iterator[Row], size: int) -> Iterator[list[Row]]:
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _chain_rows(first: list[Row], rest: Iterator[Row]) -> Iterator[Row]:
    yield from first
    yield from rest


def _open_output(path: str | None, encoding: str) -> tuple[IO[str], bool]:
    if path is None or path == "-":
        return sys.stdout, False
    return open(path, "w", encoding=encoding, newline=""), True


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class _Spool:
    """--plan: output rows in a temporary file, sort keys in memory."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()
        self.keys: list[tuple[tuple[int, float, int], int, int]] = []
        self.offset = 0

    def add(self, key: tuple[int, float, int], text: str) -> None:
        data = text.encode("utf-8")
        self.file.write(data)
        self.keys.append((key, self.offset, len(data)))
        self.offset += len(data)

    def write_sorted(self, out: IO[str]) -> None:
        self.file.flush()
        self.keys.sort()
        for _key, offset, length in self.keys:
            self.file.seek(offset)
            out.write(self.file.read(length).decode("utf-8"))

    def close(self) -> None:
        self.file.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(list_main(sys.argv[1:]))
