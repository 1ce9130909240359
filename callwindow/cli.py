"""can-i-call: the command line. A thin adapter: no policy here.

    can-i-call NUMBER [options]          the answer for one number (the stable contract)
    can-i-call COMMAND [options]         a subcommand, chosen by the first word

Subcommands are looked up by their first word in SUBCOMMANDS and their module
is imported only when used, so `can-i-call NUMBER` stays fast. To add one,
add a row: the function takes the remaining arguments and returns the exit
status. Phone numbers never look like these words.

Exit status of the answer for one number: 0 when the requested channel is
allowed now, 1 otherwise (defer, text instead of a call, block), 2 for bad
input or usage (one line on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TextIO

from .errors import CallwindowError
from .model import Decision
from .policy import Policy
from .request import Question

EXIT_ALLOWED, EXIT_NOT_ALLOWED, EXIT_USAGE = 0, 1, 2
PROG = "can-i-call"


@dataclass(frozen=True)
class Subcommand:
    module: str  # imported when the command is used
    function: str  # (argv: list[str]) -> int
    summary: str


# The first word of the command line -> the subcommand. Extend here, e.g.
#   "record": Subcommand("callwindow.cli_history", "record_main", "record a call attempt and its outcome"),
SUBCOMMANDS: dict[str, Subcommand] = {
    "list": Subcommand("callwindow.leads", "list_main",
                       "decide a lead list (CSV or JSON lines): decisions added to each row"),
    "holidays": Subcommand("callwindow.greetings", "holidays_main",
                           "a contact's upcoming public holidays (greetings, planning)"),
    "config": Subcommand("callwindow.settings", "config_main",
                         "show the settings file and its defaults; --init writes one"),
    "completion": Subcommand("callwindow.completion", "completion_main",
                             "print a shell completion script (bash or zsh)"),
    "record": Subcommand("callwindow.cli_history", "record_main", "record a call or text attempt and its outcome"),
    "opt-out": Subcommand("callwindow.cli_history", "opt_out_main",
                          "record that a contact refused further calls or texts"),
    "consent": Subcommand("callwindow.cli_history", "consent_main", "record a contact's prior express consent"),
    "callback": Subcommand("callwindow.cli_history", "callback_main",
                           "record a time the contact asked to be called back"),
    "ask": Subcommand("callwindow.cli_history", "ask_main", "record an 'is it convenient?' text (S6) and its reply"),
    "history": Subcommand("callwindow.cli_history", "history_main", "show a number's recorded contact history"),
    "serve": Subcommand("callwindow.http.__main__", "main",
                        "run the HTTP service for CRM plugins (needs the http extra)"),
}

_EXAMPLES = """\
examples:
  check a number
    can-i-call "+1 212 555 0123"                      may I make a sales call now?
    can-i-call +33123456789 --at 2026-11-24T12:30:00Z  ...at a given instant
    can-i-call 0612345678 --default-region FR --channel sms
    can-i-call +61412345678 --subdivision AU-VIC      narrow a mobile to its state
    can-i-call +12125550123 --purpose collection --json
    can-i-call +12125550123 --profile legal           only the law, no courtesy rules
  see the day
    can-i-call +12125550123 --timeline                the next 24 hours, 30 minutes a character
    can-i-call +12125550123 --week                    the next 7 days, a row a day
  work a lead list
    can-i-call list leads.csv -o decided.csv          every row with its decision added
    can-i-call list leads.csv --plan                  today's calling plan: callable now first
    can-i-call list leads.jsonl --format csv --phone-column mobile
  greet before a festival
    can-i-call holidays +81312345678 --days 90
  settings and completion
    can-i-call config --init                          write a settings file to edit
    eval "$(can-i-call completion bash)"              tab completion (bash; zsh too)

commands (the first word; `can-i-call COMMAND --help` for each):
{commands}

exit status: 0 allowed now, 1 not now (defer / text instead / block), 2 bad input
Not legal advice.
"""


# ---------------------------------------------------------------- shared by every subcommand


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
    from . import settings as config

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


def run_subcommand(name: str, argv: Sequence[str]) -> int:
    command = SUBCOMMANDS[name]
    function: Callable[[list[str]], int] = getattr(importlib.import_module(command.module), command.function)
    return function(list(argv))


# ---------------------------------------------------------------- can-i-call NUMBER


def build_parser() -> argparse.ArgumentParser:
    commands = "\n".join(f"  {name:<11} {command.summary}" for name, command in SUBCOMMANDS.items())
    parser = argparse.ArgumentParser(
        prog=PROG,
        usage=f"{PROG} NUMBER [options]\n       {PROG} {{{','.join(SUBCOMMANDS)}}} ...",
        description="May I phone or text this number now? If not, when - or should I text instead?",
        epilog=_EXAMPLES.format(commands=commands),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("number", help="phone number, best in international form (+CC...)")
    add_decision_options(parser)
    history = parser.add_argument_group("contact history (frequency caps, opt-outs, consent, callbacks)")
    history.add_argument("--subject", metavar="ID",
                         help="the debt, account or offer the contact is about (caps per subject)")
    history.add_argument("--no-history", action="store_true", help="decide without reading the history store")
    from .cli_history import add_store_arguments

    add_store_arguments(history)
    add_display_options(parser)
    add_config_options(parser)
    picture = parser.add_argument_group("picture of the day")
    picture.add_argument("--timeline", action="store_true",
                         help="add a strip of the next 24 hours per candidate zone (30 minutes a character)")
    picture.add_argument("--week", action="store_true", help="the strip for the next 7 days, a row a day")
    parser.add_argument("--json", action="store_true", help="print the decision as one JSON object")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and arguments[0] in SUBCOMMANDS:
        return run_subcommand(arguments[0], arguments[1:])
    return check_main(arguments)


def question_from_args(args: argparse.Namespace, number: str, at: datetime | str | None, **row: Any) -> Question:
    """The question the command-line options ask about `number` at `at` (`row`: the non-empty
    values of a lead list's row, which win over the options)."""
    fields: dict[str, Any] = {
        "channel": args.channel, "purpose": args.purpose, "contact": args.contact,
        "default_region": args.default_region, "consent": args.consent, "emergencies": args.emergency,
        "subject": getattr(args, "subject", None),
    }
    for hint in ("zone", "region", "subdivision", "postal_code"):
        fields[hint] = getattr(args, hint, None)
    fields.update({name: value for name, value in row.items() if value})
    return Question.of(number, at, **fields)


def check_main(argv: Sequence[str]) -> int:
    from .settings import my_zone

    parser = build_parser()
    args = parser.parse_args(list(argv))
    try:
        apply_settings(args)
        policy = build_policy(args)
        question = question_from_args(args, args.number, args.at)
        history = None
        if not args.no_history:
            # The decision consults the store by default (--db, settings, $CALLWINDOW_DB, data folder).
            from .cli_history import load_history

            history = load_history(question.subscriber.number, db=args.db, hash_key_env=args.hash_key_env)
        decision = policy.answer(question, history)
        me = my_zone(args.my_zone)
    except CallwindowError as error:
        return fail(str(error))
    # What may be done meanwhile: the engine's answer for a text at the same instant.
    text = None
    if not args.json and decision.channel.value == "call" and not decision.allowed and decision.zones:
        text = policy.answer(question.replace(channel="sms"), history)
    strips = None
    if args.timeline or args.week:
        from .timeline import day_picture

        strips = day_picture(policy, question, history, week=args.week, me=me)
    if args.json:
        payload = decision.to_dict()
        if strips is not None:
            payload["timeline"] = strips.to_dict()
        output = json.dumps(payload, ensure_ascii=False)
    else:
        from .cli_render import Style, render_answer

        style = Style.for_stream(sys.stdout, args.color)
        output = render_answer(decision, me=me, text=text, style=style)
        if strips is not None:
            from .timeline import render_picture

            output += "\n\n" + render_picture(strips, style)
    write(output)
    return EXIT_ALLOWED if decision.allowed else EXIT_NOT_ALLOWED


def render(decision: Decision) -> str:
    """The readable answer, plain (kept for callers of the first version)."""
    from .cli_render import Style, render_answer
    from .settings import my_zone

    return render_answer(decision, me=my_zone(None), text=None, style=Style.plain())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
