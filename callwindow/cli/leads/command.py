"""The command: `can-i-call list`'s parser and the run (open, find the columns, decide in chunks,
write, --plan, the summary, the exit status)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import IO, Any

from ...errors import CallwindowError
from ...policy import Policy
from ...request import parse_fields
from .. import common
from ..history import HistoryReader, add_store_arguments
from . import ListError
from .columns import Columns, choose_columns
from .decide import Decider, RowInput
from .outcome import DECISION_COLUMNS, Outcome
from .reader import Row, Source, csv_rows, field_text, jsonl_rows, open_source, sniff_delimiter
from .summary import ProgressBar, Summary
from .writers import writer_for

CHUNK_ROWS = 2000  # rows decided together row by row: one read of the history store per chunk
VECTOR_CHUNK_ROWS = 50_000  # rows decided together by the batch engine
ENV_ENGINE = "CALLWINDOW_LIST_ENGINE"  # "rows" forces row-by-row decisions (diagnostics)


def build_parser() -> argparse.ArgumentParser:
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
    from ...instants import parse_instant

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
    sink = writer_for(fmt_out, header, delimiter or ",", columns.phone)
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
    summary.notes.extend(sink.notes())
    if not args.quiet:
        print(summary.render(args.channel, args.plan), file=sys.stderr, flush=True)
    return common.EXIT_ALLOWED


def _inputs(columns: Columns, row: Row) -> RowInput | Outcome:
    """A row's number and hints, or the Outcome that rejects an unreadable row."""
    values = row.values
    if values is None:
        return Outcome(row.line, None, row.problem or "unreadable row", row.raw or "")
    if isinstance(values, dict):
        number = field_text(values.get(columns.header[columns.phone]))
        hints = {kind: field_text(values.get(columns.header[index])).strip() for kind, index in columns.hints.items()}
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
