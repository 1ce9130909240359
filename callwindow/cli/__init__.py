"""can-i-call: the command line. A thin adapter: no policy here.

    can-i-call NUMBER [options]          the answer for one number (the stable contract)
    can-i-call COMMAND [options]         a subcommand, chosen by the first word

Subcommands are looked up by their first word in SUBCOMMANDS (callwindow.cli.common)
and their module is imported only when used, so `can-i-call NUMBER` stays fast. To
add one, add a row: the function takes the remaining arguments and returns the exit
status. Phone numbers never look like these words.

Exit status of the answer for one number: 0 when the requested channel is
allowed now, 1 otherwise (defer, text instead of a call, block), 2 for bad
input or usage (one line on stderr, no traceback).

The package: common.py (what the commands share), check.py (`can-i-call NUMBER`),
render.py and timeline.py (drawing the answer and the day picture), and one module
per subcommand: history.py, config.py, holidays.py, completion.py, serve.py... `list` is the
package leads/ (its entry point is callwindow.cli.leads.command). Every parser is a
common.OneLineParser: a usage error is one line and exit 2 in every subcommand.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence

from .check import check_main
from .common import SUBCOMMANDS, fail

__all__ = ["SUBCOMMANDS", "main"]


def run_subcommand(name: str, argv: Sequence[str]) -> int:
    command = SUBCOMMANDS[name]
    function: Callable[[list[str]], int] = getattr(importlib.import_module(command.module), command.function)
    return function(list(argv))


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and arguments[0] in SUBCOMMANDS:
        return run_subcommand(arguments[0], arguments[1:])
    if arguments and (suggestion := misspelt_command(arguments[0])):
        return fail(f"unknown command {arguments[0]!r}: did you mean {suggestion!r}? "
                    f"(or, if it is a phone number, it has no digits)")
    return check_main(arguments)


def misspelt_command(word: str) -> str | None:
    """The subcommand a first word was probably meant to be (`histroy` -> `history`), or None.
    Only for a word with no digits: a phone number never looks like a command, and a word
    far from every command is left for the check to report as not a number."""
    if word.startswith("-") or any(character.isdigit() for character in word):
        return None
    import difflib

    close = difflib.get_close_matches(word.strip().lower(), list(SUBCOMMANDS), n=1, cutoff=0.75)
    return close[0] if close else None
