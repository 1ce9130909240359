"""The command: `can-i-call list`'s parser and the run (open, find the columns, decide in chunks,
write, --plan, the summary, the exit status).

The run's promises (docs/cli.md): every row read is written once, decided or rejected, and the
counts are checked at the end (exit 2 if they ever differ); `-o FILE` appears complete or not
at all (output.py); a signal stops the run between chunks (stopping.py) and `--resume` goes on.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import IO, Any

from ...errors import CallwindowError
from ...policy import Policy
from ...request import parse_fields
from .. import common
from ..history import HistoryReader, add_store_arguments, unread_store_words
from . import ListError
from .columns import HINT_NAMES
from .decide import Decider
from .decoding import Source, open_source
from .layout import read_layout, row_input
from .outcome import DECISION_COLUMNS, PlanKey
from .output import Output, RunState, input_identity, load_state
from .reader import Row
from .stopping import Interrupted, StopRequest
from .summary import ProgressBar, Summary
from .writers import FORMATS, writer_for

CHUNK_ROWS = 2000  # rows decided together row by row: one read of the history store per chunk
VECTOR_CHUNK_ROWS = 50_000  # rows decided together by the batch engine
ENV_ENGINE = "CALLWINDOW_LIST_ENGINE"  # "rows" forces row-by-row decisions (diagnostics)


def build_parser() -> argparse.ArgumentParser:
    parser = common.OneLineParser(
        prog="can-i-call list",
        usage="can-i-call list FILE|- [options]",
        description="Decide every row of a lead list (CSV, or JSON lines) and write the rows back with the "
                    "decision columns added: " + ", ".join(DECISION_COLUMNS) + ". Streamed in chunks.",
        epilog="""\
examples:
  can-i-call list leads.csv -o decided.csv          every row with its decision
  can-i-call list leads.csv --plan -o plan.csv      callable now first (hot leads, then soonest closing), then
                                                    follow the sun
  can-i-call list leads.csv --phone-column Mobile --region-column Country
  can-i-call list leads.jsonl --format csv --at 2026-11-24T15:00:00Z
  crm-export | can-i-call list - --format jsonl --quiet

columns recognised by name (case, spaces and dashes ignored):
  phone        phone, phone_number, mobile, cell, tel, telephone, number, msisdn, e164, and the same
               in other languages (téléphone, Telefon, teléfono, телефон, 电话, 電話番号...)
  zone         zone, time_zone, timezone, tz          region   region, country, country_code
  subdivision  subdivision, state, province           postal   postal_code, postcode, zip, zip_code
  purpose      purpose                                contact  contact_kind, contact_type
  temperature  temperature, lead_temperature, lead_temp, heat: cold, warm or hot (S15; orders --plan only)
  Hint columns must hold codes (US, US-FL or FL, America/Chicago); --no-hints ignores them.

summary (stderr): counts by action and by reason code, duplicates, and every rejected row's line;
rows read = rows written = decided + rejected, checked at the end. A rejected row is still written,
with `error` filled and the decision columns empty. A row that is not UTF-8 is read as cp1252
(latin-1) and marked in `input_encoding`. CSV cells that a spreadsheet would run as a formula
(= + - @ tab CR) get a leading ' (--raw-cells: as they are).
-o FILE is written to FILE.part and renamed when the run is complete; SIGTERM or Ctrl-C finish the
chunk being decided and stop, and --resume goes on from there.
exit status: 0 the file was processed (even with rejected rows), 2 it cannot be read or bad usage
(or rows went missing), 130/143 interrupted by SIGINT/SIGTERM
""",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE", help="CSV or JSON lines file; - for stdin")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    parser.add_argument("--format", choices=FORMATS,
                        help="output format (default: the input's); table: aligned lines for reading in a terminal")
    parser.add_argument("--resume", action="store_true",
                        help="go on with an interrupted run to -o FILE from its last complete chunk (same input, "
                             "same --at)")
    parser.add_argument("--raw-cells", action="store_true",
                        help="write CSV cells as they are, even those a spreadsheet would take for a formula")
    parser.add_argument("--plan", action="store_true",
                        help="order the rows into a calling plan: callable now by temperature (a column of cold, "
                             "warm, hot: hot first, S15) then by how soon their window closes, then by when their "
                             "window opens; rejected rows last")
    columns = parser.add_argument_group("columns (a name, or a 1-based position; '' for none)")
    columns.add_argument("--phone-column", metavar="NAME", help="the phone number column (auto: a header like phone)")
    for kind in HINT_NAMES:  # one --KIND-column option per column kind the reader looks for
        columns.add_argument(f"--{kind.replace('_', '-')}-column", metavar="NAME", dest=f"{kind}_column")
    columns.add_argument("--no-hints", action="store_true", help="do not look for hint, purpose or contact columns")
    reading = parser.add_argument_group("reading")
    reading.add_argument("--input-format", choices=["auto", "csv", "jsonl"], default="auto",
                         help="auto: by extension (.jsonl, .ndjson), else by the first character")
    reading.add_argument("--delimiter", help="CSV field separator (default: guessed from the header: , ; tab |)")
    reading.add_argument("--encoding", metavar="NAME",
                         help="read every line as NAME (default UTF-8; a line that is not is read as cp1252, "
                              "else latin-1, and marked)")
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
    try:
        args = parser.parse_args(list(argv))
    except common.UsageError as error:
        return common.fail(str(error))
    args.my_zone = None
    history: HistoryReader | None = None
    try:
        common.apply_settings(args)
        policy = common.build_policy(args)
        resume = _resume_state(args)
        if resume is not None:
            if args.at is not None and parse_instant(args.at) != parse_instant(resume.at):
                raise ListError(f"--resume decides at the interrupted run's instant, {resume.at}: "
                                "leave out --at (or give that one)")
            args.at = resume.at
        at = parse_instant(args.at)
        # The options every row shares are checked once: a bad one is a usage error (exit 2),
        # as for a single check, whichever engine decides the rows.
        parse_fields(channel=args.channel, purpose=args.purpose, contact=args.contact, consent=args.consent,
                     emergencies=args.emergency, subject=args.subject, call_type=args.call_type)
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
        history = None if args.no_history else HistoryReader.from_args(args)
    except CallwindowError as error:
        return common.fail(str(error))
    try:
        return _run(args, policy, at, source, history, resume)
    except ListError as error:
        return common.fail(str(error))
    except CallwindowError as error:
        # The store failed mid-run (a server gone, a file locked): stop, one line, exit 2 - the
        # rows not yet written are not decided without their history.
        return common.fail(f"{error} (the run stopped: the rows after the last one written were not decided)")
    except KeyboardInterrupt:
        print("\ncan-i-call list: interrupted", file=sys.stderr)
        return 130
    finally:
        if source.closer is not None:
            source.closer.close()
        if history is not None:
            history.close()


def _resume_state(args: argparse.Namespace) -> RunState | None:
    """The interrupted run --resume goes on with (checked against this command line), or None."""
    if not args.resume:
        return None
    if not args.output or args.output == "-" or args.file == "-":
        raise ListError("--resume needs an input file and -o FILE (stdin and stdout cannot be read again)")
    if args.plan:
        raise ListError("--resume cannot go on with --plan (a plan is ordered at the end): run it again")
    state = load_state(args.output)
    try:
        identity = input_identity(args.file)
    except OSError as error:
        raise ListError(f"cannot read {args.file}: {error.strerror or error}") from None
    if (state.input, state.input_size, state.input_mtime_ns) != identity:
        raise ListError(f"cannot resume: the interrupted run read {state.input} as it was then "
                        f"({state.input_size} bytes); {args.file} is not that file any more")
    if args.format and args.format != state.format:
        raise ListError(f"--resume writes {state.format}, as the interrupted run did (not --format {args.format})")
    return state


def _run(args: argparse.Namespace, policy: Policy, at: datetime, source: Source, history: HistoryReader | None,
         resume: RunState | None) -> int:
    layout = read_layout(args, source)
    columns = layout.columns
    fmt_out = resume.format if resume is not None else (args.format or layout.format)
    names = {kind: columns.header[index] for kind, index in columns.hints.items()}
    summary = Summary(source.name if source.name != "-" else "stdin", source.encoding, layout.delimiter,
                      columns.describe())
    if history is not None and history.missing is not None:  # no store yet: every row decided on no history
        summary.history = unread_store_words(history.missing)
    decider = Decider(policy, at, args, history)
    sink = writer_for(fmt_out, layout.header, layout.delimiter or ",", columns.phone, args.raw_cells)
    output = Output(args.output, "utf-8-sig" if source.bom and fmt_out == "csv" else "utf-8", resume)
    out = output.stream
    progress = ProgressBar(source.progress,
                           enabled=not (args.quiet or args.no_progress) and args.file != "-" and _isatty(sys.stderr))
    spool = _Spool() if args.plan else None
    trickle = args.file == "-"
    stop = StopRequest()
    identity = input_identity(args.file) if output.to_file and args.file != "-" else ("", 0, 0)

    def checkpoint() -> None:
        output.checkpoint(RunState(*identity, at=_iso(at), format=fmt_out, rows=summary.resumed + summary.written,
                                   bytes=0))

    body = layout.body
    if resume is not None:
        summary.resumed = _skip(body, resume.rows)
    complete = False
    try:
        with stop.installed(), fewer_collections():
            if spool is None and resume is None:
                out.write(sink.header_text())
            order = 0
            # Rows are decided in chunks, so that the history of a chunk's numbers is one read of
            # the store (and, with numpy, one pass of the batch engine); a pipe passes each row on
            # as it arrives.
            vector = not trickle and _engine() == "arrays"
            size = 1 if trickle else (VECTOR_CHUNK_ROWS if vector else CHUNK_ROWS)
            try:
                # Waiting on a pipe, a signal stops at once (nothing is half done); a file's
                # next chunk is read quickly, and the signal is looked at after each chunk.
                for chunk in _chunks(stop.watched(body) if trickle else body, size):
                    summary.read += len(chunk)
                    outcomes = decider.decide_chunk([row_input(columns, row) for row in chunk], names, vector)
                    for row, outcome in zip(chunk, outcomes, strict=True):
                        summary.add(outcome)
                        text = sink.render(row, outcome)
                        if not text:  # never: every format writes a record per row (counted below)
                            continue
                        if spool is not None:
                            spool.add(outcome.plan_key(order), text)
                        else:
                            out.write(text)
                            summary.written += 1
                            if trickle:
                                out.flush()  # a pipe may deliver rows slowly: pass each one on at once
                        order += 1
                    if spool is None and output.to_file and not trickle:
                        checkpoint()
                    progress.update(summary.rows)
                    if stop.requested:
                        break
                else:
                    complete = True
            except Interrupted:
                pass
            if complete and spool is not None:
                out.write(sink.header_text())
                summary.written += spool.write_sorted(out)
            # Every row read must be written, and every line read be in a row: checked before
            # the output is published, so a run that lost rows never replaces FILE.
            whole = source.marks.covered == source.marks.lines
            if complete and not whole:
                summary.notes.append(f"the reader accounted for {source.marks.covered} of the "
                                     f"{source.marks.lines} lines read - lines were lost; please report")
            if not complete:
                summary.stopped = _stopped_line(stop, summary, output, args)
                if spool is not None:
                    summary.dropped = len(spool.keys)
            balanced = summary.balanced() and (whole or not complete)
            if complete and balanced:
                output.commit()
            else:
                if spool is None and not trickle and balanced:
                    checkpoint()
                output.abandon(keep=spool is None and output.to_file)
    except BrokenPipeError:
        common.quiet_broken_pipe()
        return common.EXIT_ALLOWED
    except OSError as error:  # a full disk, a target that is a directory...: one line, exit 2
        where = f" ({error.filename})" if error.filename else ""
        raise ListError(f"the run stopped: {error.strerror or error}{where}; "
                        f"{args.output or 'the output'} was not replaced") from None
    finally:
        progress.close()
        if spool is not None:
            spool.close()
    summary.notes.extend(source.notes)
    summary.notes.extend(source.encoding_notes())
    summary.notes.extend(sink.notes())
    if not args.quiet or not balanced:
        print(summary.render(args.channel, args.plan), file=sys.stderr, flush=True)
    if not balanced:
        where = f" ({args.output} was not replaced)" if output.to_file else ""
        return common.fail(f"rows were lost between reading and writing (see the summary): the output is "
                           f"incomplete{where}; please report")
    if not complete:
        return stop.exit_status()
    return common.EXIT_ALLOWED


# A run makes millions of short-lived containers (rows, lists, answers) that reference counting
# frees at once; with the default threshold (700) the cyclic collector would also walk the
# young ones - and the policy's caches - thousands of times: 20-25 % of a list's CPU time
# (200,000 bench rows: 5.5-5.7 s of CPU, 4.4-4.5 s with this).
COLLECT_AFTER = 100_000  # container allocations between two young-generation collections


@contextmanager
def fewer_collections() -> Iterator[None]:
    """The cyclic garbage collector runs less often during the run (restored after it)."""
    previous = gc.get_threshold()
    gc.set_threshold(COLLECT_AFTER, *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def _stopped_line(stop: StopRequest, summary: Summary, output: Output, args: argparse.Namespace) -> str:
    done = summary.resumed + summary.written
    line = f"interrupted after {done} rows (by {stop.name() or 'a signal'})"
    if args.plan:
        return line + ": a plan is ordered at the end, so nothing was written; run it again"
    if not output.to_file:
        return line + ": the output holds those rows only"
    kept = line + f": {args.output} is untouched; the rows so far are in {args.output}.part"
    if args.file == "-":
        return kept + " (stdin cannot be read again: no --resume)"
    return kept + " - run the same command with --resume to go on"


def _skip(rows: Iterator[Row], count: int) -> int:
    """Read past the rows an interrupted run already wrote."""
    skipped = 0
    while skipped < count and next(rows, None) is not None:
        skipped += 1
    return skipped


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


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


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class _Spool:
    """--plan: output rows in a temporary file, sort keys in memory."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()
        self.keys: list[tuple[PlanKey, int, int]] = []
        self.offset = 0

    def add(self, key: PlanKey, text: str) -> None:
        data = text.encode("utf-8")
        self.file.write(data)
        self.keys.append((key, self.offset, len(data)))
        self.offset += len(data)

    def write_sorted(self, out: IO[str]) -> int:
        """Write the rows in plan order; how many were written."""
        self.file.flush()
        self.keys.sort()
        for _key, offset, length in self.keys:
            self.file.seek(offset)
            out.write(self.file.read(length).decode("utf-8"))
        return len(self.keys)

    def close(self) -> None:
        self.file.close()
