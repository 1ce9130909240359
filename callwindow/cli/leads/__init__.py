"""`can-i-call list`: a whole lead list in, every row with its decision out.

The pipeline, one module per step:

    decoding.py  bytes -> text lines, each line on its own (UTF-8, a marked fallback, stdin)
    reader.py    text lines -> rows (CSV records, JSON-lines objects; a bad row costs one row)
    columns.py   which column holds the phone number and which the hints (header recognition)
    layout.py    the input's format, header and columns; a row -> what it asks, or why not
    decide.py    rows -> decisions, in chunks (the batch engine, or Policy.answer row by row)
    outcome.py   one row's result: the decision columns, the calling-plan key
    writers.py   one writer per output format (CSV with formula cells neutralised, JSON lines,
                 the table for people)
    output.py    -o FILE through FILE.part, renamed when complete; checkpoints for --resume
    stopping.py  SIGTERM / SIGINT: finish the chunk, then stop
    summary.py   the summary (rows read = decided + rejected = written) and the progress bar
    command.py   the parser and the run: chunking, --plan, --resume, the count check, exit status

A bad row (no digits, empty, bad hint, unknown region, too many fields...) never stops
the run and never disappears: it is written with the decision columns empty and `error`
filled, and listed in the summary with its line. Exit status: 0 when the file was
processed (even with rejected rows), 2 when it cannot be read, the command line is wrong or
rows went missing, 130/143 when SIGINT/SIGTERM stopped it.

(Not `callwindow/cli/list/`: importing a submodule binds its name in the parent package,
and `callwindow.cli` calls the builtin `list` - a `list` package would replace it there.)
"""

from __future__ import annotations

from ...errors import CallwindowError

__all__ = ["ListError"]


class ListError(CallwindowError):
    """The list cannot be processed at all (unreadable file, no phone column...): exit 2."""
