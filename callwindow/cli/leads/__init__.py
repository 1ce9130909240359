"""`can-i-call list`: a whole lead list in, every row with its decision out.

The pipeline, one module per step:

    reader.py    bytes -> text lines -> rows (encoding, stdin, CSV / JSON lines, the separator)
    columns.py   which column holds the phone number and which the hints (header recognition)
    decide.py    rows -> decisions, in chunks (the batch engine, or Policy.answer row by row)
    outcome.py   one row's result: the decision columns, the calling-plan key
    writers.py   one writer per output format (CSV, JSON lines, the table for people)
    summary.py   the summary and the progress bar (stderr)
    command.py   the parser and the run: chunking, --plan, exit status

A bad row (no digits, empty, bad hint, unknown region, too many fields...) never stops
the run and never disappears: it is written with the decision columns empty and `error`
filled, and listed in the summary with its line. Exit status: 0 when the file was
processed (even with rejected rows), 2 when it cannot be read or the command line is wrong.

(Not `callwindow/cli/list/`: importing a submodule binds its name in the parent package,
and `callwindow.cli` calls the builtin `list` - a `list` package would replace it there.)
"""

from __future__ import annotations

from ...errors import CallwindowError

__all__ = ["ListError"]


class ListError(CallwindowError):
    """The list cannot be processed at all (unreadable file, no phone column...): exit 2."""
