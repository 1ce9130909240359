"""What can-i-call's commands share: the table of subcommands, the exit status, the
options every decision takes, the settings merge, the policy the options ask for, and
the two output helpers (one error line on stderr; print that survives a closed pipe).

Every command module of callwindow.cli imports this one; this one imports no command.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TextIO

from ..errors import CallwindowError
from ..policy import Policy
from ..request import Question

EXIT_ALLOWED, EXIT_NOT_ALLOWED, EXIT_USAGE = 0, 1, 2
PROG = "can-i-call"


@dataclass(frozen=True)
class Subcommand:
    module: str  # imported when the command is used
    function: str  # (argv: list[str]) -> int
    summary: str


# The first word of the command line -> the subcommand. Extend here, e.g.
#   "record": Subcommand("callwindow.cli.history", "record_main", "record a call attempt and its outcome"),
SUBCOMMANDS: dict[str, Subcommand] = {
    "list": Subcommand("callwindow.cli.leads.command", "list_main",
                       "decide a lead list (CSV or JSON lines): decisions added to each row"),
    "holidays": Subcommand("callwindow.cli.holidays", "holidays_main",
                           "a contact's upcoming public holidays (greetings, planning)"),
    "config": Subcommand("callwindow.cli.config", "config_main",
                         "show the settings file and its defaults; --init writes one"),
    "completion": Subcommand("callwindow.cli.completion", "completion_main",
                             "print a shell completion script (bash or zsh)"),
    "record": Subcommand("callwindow.cli.history", "record_main", "record a call or text attempt and its outcome"),
    "opt-out": Subcommand("callwindow.cli.history", "opt_out_main",
                          "record that a contact refused further calls or texts"),
    "consent": Subcommand("callwindow.cli.history", "consent_main", "record a contact's prior express consent"),
    "callback": Subcommand("callwindow.cli.history", "callback_main",
                           "record a time the contact asked to be called back"),
    "ask": Subcommand("callwindow.cli.history", "ask_main", "record an 'is it convenient?' text (S6) and its reply"),
    "history": Subcommand("callwindow.cli.history", "history_main", "show a number's recorded contact history"),
    "claim": Subcommand("callwindow.cli.claims", "claim_main",
                        "decide and hold the slot in one step (dialers: never two calls for the last slot)"),
    "complete": Subcommand("callwindow.cli.claims", "complete_main", "finish a claim with the call's outcome"),
    "release": Subcommand("callwindow.cli.claims", "release_main", "give a claim's slot back (no call made)"),
    "dnc": Subcommand("callwindow.cli.dnc", "dnc_main", "import, list or remove do-not-call (suppression) lists"),
    "serve": Subcommand("callwindow.http.__main__", "main",
                        "run the HTTP service for CRM plugins (needs the http extra)"),
}


# ---------------------------------------------------------------- output


def fail(message: str) -> int:
    """One line on stderr, exit status 2."""
    print(f"{PROG}: error: {message}", file=sys.stderr, flush=True)
    return EXIT_USAGE


def write(text: str, stream: TextIO | None = None) -> None:
    """Print, tolerating a reader that closed the pipe early (`| head`) and a
    terminal whose encoding cannot show every character."""
    out = stream if stream is not None else sys.stdout
    try:
        try:
            print(text, file=out, flush=True)
        except UnicodeEncodeError:
            encoding = getattr(out, "encoding", None) or "ascii"
            print(text.encode(encoding, "replace").decode(encoding), file=out, flush=True)
    except BrokenPipeError:
        quiet_broken_pipe()


def quiet_broken_pipe() -> None:
    """Let the interpreter's final flush of a closed stdout succeed silently."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - stdout without a file descriptor
        pass


# ---------------------------------------------------------------- options, settings, the question


def add_config_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("settings")
    group.add_argument("--config", metavar="PATH",
                       help="settings file (default: $CALLWINDOW_CONFIG, else ~/.config/callwindow/config.toml)")
    group.add_argument("--no-config", action="store_true", help="ignore any settings file")


def add_hint_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("where the contact is, if known")
    group.add_argument("--zone", help="the contact's IANA time zone, if known (e.g. America/Chicago)")
    group.add_argument("--region", help="the contact's country (ISO 3166-1, e.g. US), if known")
    group.add_argument("--subdivision", help="the contact's state/province (ISO 3166-2, e.g. US-FL), if known")
    group.add_argument("--postal-code", help="the contact's US ZIP code, if known (gives state and zone)")


def add_decision_options(parser: argparse.ArgumentParser, *, hints: bool = True) -> None:
    """The options every decision takes. Those a settings file can set default to
    None here and are filled by apply_settings()."""
    parser.add_argument("--at", help="instant to check, ISO 8601 with offset or Z (default: now)")
    parser.add_argument("--channel", default="call", choices=["call", "sms"])
    parser.add_argument("--purpose", choices=["sales", "service", "collection", "personal"],
                        help="default sales (or the settings file's)")
    parser.add_argument("--contact", choices=["consumer", "business"], help="default consumer (or the settings file's)")
    if hints:
        add_hint_options(parser)
    parser.add_argument("--default-region", help="country for numbers written without +CC (e.g. FR)")
    parser.add_argument("--profile", choices=["courtesy", "legal"],
                        help="courtesy (default): laws + courtesy rules; legal: laws only")
    parser.add_argument("--rules", action="append", metavar="FILE",
                        help="company rules file (TOML), may be repeated; only ever restricts; "
                             "replaces the settings file's list")
    parser.add_argument("--duration", type=float, metavar="MINUTES",
                        help="expected call length: a call may not start when the window closes sooner "
                             "(default 3 with courtesy)")
    parser.add_argument("--consent", action="store_true",
                        help="the contact gave prior express consent (lifts the rules that say so)")
    parser.add_argument("--emergency", action="append", default=[], metavar="PLACE",
                        help="a declared state of emergency in PLACE (ISO code, e.g. US-LA); may be repeated")


def add_display_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--my-zone", metavar="IANA",
                        help="your own time zone, shown beside theirs (default: this machine's)")
    parser.add_argument("--color", choices=["auto", "always", "never"],
                        help="colour and symbols: auto (default) = on a terminal, unless NO_COLOR is set")


def apply_settings(args: argparse.Namespace) -> object:
    """Fill the options not given on the command line from the settings file,
    then from the built-in defaults. Returns the Settings (ConfigError if bad)."""
    from .. import settings as config

    found = config.load(getattr(args, "config", None), disabled=getattr(args, "no_config", False))
    builtin: dict[str, object] = {
        "purpose": "sales", "contact": "consumer", "profile": "courtesy", "color": "auto",
        "my_zone": None, "rules": (), "db": None, "duration": None, "default_region": None,
    }
    for key in config.Settings.keys():
        if getattr(args, key, None) is None:
            value = getattr(found, key)
            setattr(args, key, value if value is not None else builtin[key])
    return found


def build_policy(args: argparse.Namespace) -> Policy:
    duration = None if args.duration is None else timedelta(minutes=args.duration)
    if duration is not None and not 0 <= args.duration <= 600:
        raise CallwindowError("--duration must be between 0 and 600 minutes")
    build = Policy.default if args.profile == "courtesy" else Policy.legal_minimum
    return build(company_rules=list(args.rules or ()), call_duration=duration)


def question_from_args(args: argparse.Namespace, number: str, at: datetime | str | None, **row: Any) -> Question:
    """The question the command-line options ask about `number` at `at` (`row`: the non-empty
    values of a lead list's row, which win over the options)."""
    fields: dict[str, Any] = {
        "channel": args.channel, "purpose": args.purpose, "contact": args.contact,
        "default_region": args.default_region, "consent": args.consent, "emergencies": args.emergency,
        "subject": getattr(args, "subject", None), "contact_id": getattr(args, "contact_id", None),
    }
    for hint in ("zone", "region", "subdivision", "postal_code"):
        fields[hint] = getattr(args, hint, None)
    fields.update({name: value for name, value in row.items() if value})
    return Question.of(number, at, **fields)
