"""What can-i-call's commands share: the table of subcommands, the exit status, the
options every decision takes, the settings merge, the policy the options ask for, and
the two output helpers (one error line on stderr; print that survives a closed pipe).

Every command module of callwindow.cli imports this one; this one imports no command.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from ..errors import CallwindowError, InvalidInput, InvalidZone
from ..instants import END, FIRST, parse_instant
from ..model import CALL_TYPE_ALIASES, CallType
from ..policy import Policy
from ..request import Question

if TYPE_CHECKING:  # pragma: no cover
    from ..settings import MyZone

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
                             "print a shell completion script (bash, zsh or fish)"),
    "record": Subcommand("callwindow.cli.history", "record_main", "record a call or text attempt and its outcome"),
    "opt-out": Subcommand("callwindow.cli.history", "opt_out_main",
                          "record that a contact refused further calls or texts"),
    "consent": Subcommand("callwindow.cli.history", "consent_main", "record a contact's prior express consent"),
    "callback": Subcommand("callwindow.cli.history", "callback_main",
                           "record a time the contact asked to be called back"),
    "ask": Subcommand("callwindow.cli.history", "ask_main", "record an 'is it convenient?' text (S6) and its reply"),
    "relationship": Subcommand("callwindow.cli.history", "relationship_main",
                               "record a business relationship (purchase or inquiry) with a contact"),
    "history": Subcommand("callwindow.cli.history", "history_main", "show a number's recorded contact history"),
    "claim": Subcommand("callwindow.cli.claims", "claim_main",
                        "decide and hold the slot in one step (dialers: never two calls for the last slot)"),
    "complete": Subcommand("callwindow.cli.claims", "complete_main", "finish a claim with the call's outcome"),
    "release": Subcommand("callwindow.cli.claims", "release_main", "give a claim's slot back (no call made)"),
    "dnc": Subcommand("callwindow.cli.dnc", "dnc_main", "import, list or remove do-not-call (suppression) lists"),
    "audit": Subcommand("callwindow.cli.audit", "audit_main", "the store's decision log: enable, disable, export"),
    "retries": Subcommand("callwindow.cli.retries", "retries_main",
                          "plan the next attempts (S13): each allowed when it comes, spread over their day"),
    "draft": Subcommand("callwindow.cli.draft", "draft_main",
                        "draft a text or voicemail (ask, voicemail, greeting) in their language; never sent"),
    "agenda": Subcommand("callwindow.cli.agenda", "agenda_main",
                         "today's agreed callbacks, redials after drops, callable hot leads, in order"),
    "serve": Subcommand("callwindow.cli.serve", "serve_main",
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
    group.add_argument("--postal-code", help="the contact's postcode, if known: a US ZIP, or a Canadian, "
                                             "Australian, Brazilian, Mexican or Russian one (gives state and zone)")


def add_decision_options(parser: argparse.ArgumentParser, *, hints: bool = True) -> None:
    """The options every decision takes. Those a settings file can set default to
    None here and are filled by apply_settings()."""
    parser.add_argument("--at", help="when to check: now (default), 14:30 or '2026-12-01 14:30' (your time), "
                                     "or ISO 8601 with an offset or Z")
    parser.add_argument("--channel", default="call", choices=["call", "sms"],
                        help="what you want to do: call (default) or sms (a text)")
    parser.add_argument("--purpose", choices=["sales", "service", "collection", "personal"],
                        help="default sales (or the settings file's)")
    parser.add_argument("--contact", choices=["consumer", "business"], help="default consumer (or the settings file's)")
    parser.add_argument("--call-type", type=call_type_word, choices=[kind.value for kind in CallType],
                        help="how the call is made: live (default, or the settings file's), prerecorded "
                             "(an artificial or AI voice, a recorded message) or automated (an autodialer)")
    if hints:
        add_hint_options(parser)
    parser.add_argument("--default-region", help="country for numbers written without +CC (e.g. FR)")
    parser.add_argument("--default-zone", metavar="IANA",
                        help="zone for numbers with no location of their own (toll-free, +800...): used only for "
                             "them, and always reported (or the settings file's)")
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
    parser.add_argument("--contract", action="store_true",
                        help="the call relates to an ongoing contract with the contact (lifts the rules whose law "
                             "says so, e.g. France's L.223-1)")
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
    filled: set[str] = set()  # the keys the settings file gave (the command line did not)
    builtin: dict[str, object] = {
        "purpose": "sales", "contact": "consumer", "call_type": "live", "default_zone": None,
        "profile": "courtesy", "color": "auto",
        "my_zone": None, "rules": (), "db": None, "duration": None, "default_region": None,
        "my_name": None, "my_extension": None, "my_company": None, "my_number": None,  # drafts' signature
    }
    for key in config.Settings.keys():
        if getattr(args, key, None) is None:
            value = getattr(found, key)
            setattr(args, key, value if value is not None else builtin[key])
            if value is not None:
                filled.add(key)
    args.from_settings = frozenset(filled)
    return found


def call_type_word(word: str) -> str:
    """--call-type as people write it: `ai`, `robocall`, `autodialer`... name one of the types."""
    return CALL_TYPE_ALIASES.get(word.strip().lower().replace("-", "_"), word.strip().lower())


class UsageError(Exception):
    """A command line argparse cannot read; the command prints it as one line (exit 2)."""


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose usage errors raise UsageError, so that the command prints one
    line and returns 2 (the house rule for bad input) instead of argparse's usage block."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message}{self._suggestion(message)} (see {self.prog} --help)")

    def _suggestion(self, message: str) -> str:
        """`; did you mean --subject?` for a misspelt option of this parser."""
        import difflib

        if not message.startswith("unrecognized arguments:"):
            return ""
        known = [option for action in self._actions for option in action.option_strings]
        for word in message.split(":", 1)[1].split():
            if word.startswith("--"):
                close = difflib.get_close_matches(word.split("=", 1)[0], known, n=1, cutoff=0.7)
                if close:
                    return f"; did you mean {close[0]}?"
        return ""


def one_line_copy(parser: argparse.ArgumentParser, prog: str) -> OneLineParser:
    """A OneLineParser with the arguments, help and usage of `parser`, a parser built outside
    this package (the HTTP service's), to read a command line with the house's usage errors
    before handing it on. (argparse's `parents` copies every argument and group; `add_help`
    is off because the copied parser's -h comes with them.)"""
    return OneLineParser(prog=prog, usage=parser.usage, description=parser.description, epilog=parser.epilog,
                         formatter_class=parser.formatter_class, allow_abbrev=parser.allow_abbrev,
                         parents=[parser], add_help=False)


def build_policy(args: argparse.Namespace) -> Policy:
    # checked before timedelta sees it: nan, inf and 1e15 parse as floats (one line, never a traceback)
    if args.duration is not None and not (math.isfinite(args.duration) and 0 <= args.duration <= 600):
        raise CallwindowError(f"--duration must be a number of minutes between 0 and 600, got {args.duration:g}")
    duration = None if args.duration is None else timedelta(minutes=args.duration)
    build = Policy.default if args.profile == "courtesy" else Policy.legal_minimum
    rules = list(args.rules or ())
    for path in rules:
        check_rules_file(path)
    return build(company_rules=rules, call_duration=duration)


def check_rules_file(name: str) -> None:
    """A company rules file the options name, read once with the settings file's bounded
    reader before the policy loads it: a FIFO, /dev/zero, a huge, non-UTF-8 or deeply nested
    file is one error line here, never a hang, a memory blow-up or a traceback."""
    from pathlib import Path

    from ..settings import MAX_RULES_BYTES, UnreadableFile, read_toml

    try:
        read_toml(Path(name).expanduser(), MAX_RULES_BYTES)
    except FileNotFoundError:
        raise CallwindowError(f"company rules file {name}: cannot read it (no such file)") from None
    except UnreadableFile as error:
        raise CallwindowError(f"company rules file {name}: {error}") from None


def question_from_args(args: argparse.Namespace, number: str, at: datetime | str | None, **row: Any) -> Question:
    """The question the command-line options ask about `number` at `at` (`row`: the non-empty
    values of a lead list's row, which win over the options; a `default_region` given is the
    country the caller chose to read the number in, and is used as it is, None included)."""
    fields: dict[str, Any] = {
        "channel": args.channel, "purpose": args.purpose, "contact": args.contact,
        "default_region": args.default_region, "consent": args.consent,
        "contract": getattr(args, "contract", False), "emergencies": args.emergency,
        "subject": getattr(args, "subject", None), "contact_id": getattr(args, "contact_id", None),
        "call_type": getattr(args, "call_type", None) or "live",
        "default_zone": getattr(args, "default_zone", None),
    }
    for hint in ("zone", "region", "subdivision", "postal_code"):
        fields[hint] = getattr(args, hint, None)
    fields.update({name: value for name, value in row.items() if value})
    if "default_region" in row:  # the caller's own reading of the number's country, even None (a list row's rule)
        fields["default_region"] = row["default_region"]
    return Question.of(number, at, **fields)


# ---------------------------------------------------------------- input as people type it

# `[today|tomorrow|a weekday] 14:30`, `9am`, `2:30 pm`: a day word (optional), then a clock time
_CLOCK = re.compile(r"^(?:(?P<day>[a-z]+)\s+)?(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<half>am|pm)?$")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class When:
    """What --at asked: the instant (None = now), and, when it was a wall-clock time read in
    the caller's zone, how it was read (shown with the answer, so the reading is never silent)."""

    instant: datetime | str | None
    reading: str | None = None


def read_at(text: str | None, me: MyZone, whose: str = "your time") -> When:
    """--at as people type it: `now`, `14:30` (today, on the clock of `me`: yours, or the
    contact's with --their-time, `whose` says which), `2026-12-01 14:30` (the same clock), or
    ISO 8601 with an offset or Z (passed on to the question as it is). A wall time
    that your clock skips (DST gap) or shows twice (fold) is refused: which instant was meant
    cannot be known, and guessing could start a call an hour early."""
    if text is None or text.strip().lower() == "now":
        return When(None)
    stripped = text.strip()
    wall: datetime | None = None
    clock_time = _CLOCK.match(stripped.lower())
    if clock_time and (clock_time.group("minute") or clock_time.group("half")):
        wall = _clock_reading(clock_time, me, text)
    else:
        try:
            parsed = datetime.fromisoformat(stripped)
        except ValueError:
            parsed = None
        if parsed is not None and parsed.tzinfo is None:
            wall = parsed
    if wall is None:  # ISO 8601 with an offset (the question reads it again: the one rule, parse_instant)
        try:
            parse_instant(stripped)
        except InvalidInput as error:
            if "malformed" not in str(error) and "not a date" not in str(error):
                raise
            raise InvalidInput(f"{error}; or now, HH:MM, 'tomorrow 9am', 'mon 14:30' or 'YYYY-MM-DD HH:MM' "
                               "(your time)") from None
        return When(stripped)
    if not FIRST.year < wall.year < END.year:  # a year away from the edges: no zone offset can overflow
        raise InvalidInput(f"--at {text!r} is outside the supported range {FIRST:%Y-%m-%d} to {END.year - 1}-12-31")
    instant = _wall_to_instant(wall, me, text)
    return When(instant, f"{wall:%a %d %b %H:%M} {whose} ({me.name}), as --at {stripped} asked")


def _clock_reading(found: re.Match[str], me: MyZone, text: str) -> datetime:
    """The wall time of `[day] HH:MM` / `9am`: today, tomorrow, or the next such weekday
    (today's when that time is still ahead) on the clock of `me`."""
    hour, minute = int(found.group("hour")), int(found.group("minute") or 0)
    half = found.group("half")
    if half is not None:
        if not 1 <= hour <= 12:
            raise InvalidInput(f"--at {text!r} is not a time of day: with am/pm the hour is 1-12")
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise InvalidInput(f"--at {text!r} is not a time of day: expected HH:MM like 14:30")
    now = datetime.now(UTC).astimezone(me.tz)
    day = now.date()
    word = found.group("day")
    if word == "tomorrow":
        day += timedelta(days=1)
    elif word is not None and word != "today":
        weekday = next((index for index, name in enumerate(_WEEKDAYS) if len(word) >= 3 and name.startswith(word)),
                       None)
        if weekday is None:
            raise InvalidInput(f"--at {text!r}: unknown day {word!r}: expected today, tomorrow or a weekday "
                               "(mon, tue...)")
        ahead = (weekday - day.weekday()) % 7
        if ahead == 0 and (hour, minute) <= (now.hour, now.minute):
            ahead = 7  # that weekday's time has passed today: next week's
        day += timedelta(days=ahead)
    return datetime(day.year, day.month, day.day, hour, minute)


def _wall_to_instant(wall: datetime, me: MyZone, text: str) -> datetime:
    earlier = wall.replace(tzinfo=me.tz, fold=0)
    later = wall.replace(tzinfo=me.tz, fold=1)
    if earlier.utcoffset() != later.utcoffset():
        # Either the wall time happens twice (fold) or never (gap): a round trip tells which.
        shown = earlier.astimezone(UTC).astimezone(me.tz).replace(tzinfo=None)
        problem = "happens twice" if shown == wall else "does not exist"
        offsets = " or ".join(sorted({f"{wall:%Y-%m-%dT%H:%M}{_offset(moment)}" for moment in (earlier, later)}))
        raise InvalidInput(f"--at {text!r}: {wall:%Y-%m-%d %H:%M} {problem} in {me.name} (a clock change): "
                           f"give the offset, e.g. {offsets}")
    return earlier.astimezone(UTC)


def _offset(moment: datetime) -> str:
    text = moment.strftime("%z")  # +0100
    return f"{text[:3]}:{text[3:]}"


def canonical_zone(name: str | None, option: str) -> str | None:
    """An IANA zone name as typed (`europe/paris` -> `Europe/Paris`); a name that is no zone
    is one error line with the closest names."""
    if name is None:
        return None
    from ..settings import zone_name, zone_names

    found = zone_name(name)
    if found is not None:
        return found
    import difflib

    known = {zone.lower(): zone for zone in zone_names()}
    close = difflib.get_close_matches(name.strip().lower(), list(known), n=3, cutoff=0.75)
    hint = (f": did you mean {' or '.join(repr(known[zone]) for zone in close)}?" if close
            else ": expected an IANA name like Europe/Paris")
    raise InvalidZone(f"{option}: unknown time zone {name.strip()!r}{hint}")


def national_default_region(args: argparse.Namespace, number: str) -> str | None:
    """The country to read a number written without +CC in: --default-region given on the
    command line, else the contact's --region (the same rule as a lead list's row,
    request.national_region), else the settings file's default_region."""
    from ..request import national_region

    from_settings = "default_region" in getattr(args, "from_settings", frozenset())
    typed = None if from_settings else args.default_region
    found = national_region(number, getattr(args, "region", None), typed)
    return found if found is not None else args.default_region
