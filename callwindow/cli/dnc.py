"""`can-i-call dnc import|list|remove`: do-not-call (suppression) lists in the history store.

    can-i-call dnc import us-dnc.txt --name us-national --jurisdiction US --downloaded-on 2026-11-20 --format us-dnc
    can-i-call dnc import internal.csv --name our-list --jurisdiction GB --format csv --column phone --region GB
    can-i-call dnc list
    can-i-call dnc remove our-list

Formats: `lines` (one number per line: E.164, or national with --region), `us-dnc` (the FTC's
National DNC Registry download: 10 digits per line, "AAA,NNNNNNN" or "AAANNNNNNN"; Canada's
National DNCL download is the same), `csv` (the --column of a CSV file). A line that is not a
number is counted and reported (its line number), never fatal; the list is stored all or
nothing. Exit status: 0 done, 2 bad input or a store error (nothing stored).
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

import phonenumbers

from ..errors import CallwindowError, InvalidInput
from ..history import SuppressionList
from ..model import Channel, Purpose
from .common import fail, write
from .history import add_store_options, open_named_store

# How old a download the law allows, where we know it (a list of another jurisdiction needs
# --max-age-days). US: 16 CFR 310.4(b)(3)(iv) and 47 CFR 64.1200(c)(2)(i)(D), 31 days; Canada:
# CRTC Unsolicited Telecommunications Rules, Part II s. 6, 31 days; UK: the TPS service terms,
# 28 days; Australia: a DNCR wash result is valid for 30 days (Do Not Call Register Act 2006 s. 11).
MAX_AGE_DAYS = {"US": 31, "CA": 31, "GB": 28, "AU": 30}
_E164 = re.compile(r"\+[1-9][0-9]{6,14}")
_EXAMPLES = """\
  can-i-call dnc import 212.txt --name us-national --jurisdiction US --downloaded-on 2026-11-20 --format us-dnc
  can-i-call dnc import ours.csv --name our-list --jurisdiction GB --format csv --column phone --region GB
  can-i-call dnc list
  can-i-call dnc remove our-list
"""
_SEPARATORS = str.maketrans("", "", " -.()")


def dnc_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="can-i-call dnc", description="do-not-call lists in the history store",
                                     allow_abbrev=False, epilog="examples:\n" + _EXAMPLES,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    load = commands.add_parser("import", help="store a list (replacing one of the same name)", allow_abbrev=False)
    load.add_argument("file", help="the list's file ('-' for standard input)")
    load.add_argument("--name", required=True, help="the list's name, e.g. us-national")
    load.add_argument("--jurisdiction", required=True, help="the country or subdivision it binds (US, US-FL, GB)")
    load.add_argument("--downloaded-on", required=True, help="the date the list was downloaded (YYYY-MM-DD)")
    load.add_argument("--format", default="lines", choices=["lines", "us-dnc", "csv"])
    load.add_argument("--column", help="csv: the column holding the numbers (default: the first)")
    load.add_argument("--region", help="the country of numbers written without +CC")
    known = ", ".join(f"{place} {days}" for place, days in MAX_AGE_DAYS.items())
    load.add_argument("--max-age-days", type=int, help=f"how old a download the law allows (known: {known})")
    load.add_argument("--purpose", action="append", help="purposes it binds; repeatable (default: sales)")
    load.add_argument("--channel", action="append", help="channels it binds; repeatable (default: call and sms)")
    load.add_argument("--no-consent-exemption", action="store_true",
                      help="consent on record does not lift it (the law grants no such exemption)")
    load.add_argument("--source", default="", help="where the list comes from (URL)")
    shown = commands.add_parser("list", help="the stored lists", allow_abbrev=False)
    drop = commands.add_parser("remove", help="delete a list and its numbers", allow_abbrev=False)
    drop.add_argument("name")
    for command in (load, shown, drop):
        add_store_options(command)
    args = parser.parse_args(list(argv))
    try:
        if args.command == "import":
            found, numbers, bad = _read(args)  # the whole file is read before the store is opened
            with open_named_store(args) as store:
                stored = store.import_suppression_list(found, numbers)
            write(f"imported {found.name}: {_count(stored, 'number')}, binding {found.jurisdiction} for "
                  f"{', '.join(sorted(p.value for p in found.purposes))}{_skipped(bad)}")
            return 0
        with open_named_store(args, create=False) as store:
            if args.command == "remove":
                if not store.remove_suppression_list(args.name):
                    raise InvalidInput(f"no list named {args.name!r}")
                write(f"removed {args.name}")
                return 0
            for found in store.suppression_lists():
                write(f"{found.name}\t{found.jurisdiction}\tdownloaded {found.downloaded_on}\t{found.entries} numbers"
                      f"\tmax age {found.max_age_days} d\t{', '.join(sorted(p.value for p in found.purposes))}")
            return 0
    except CallwindowError as error:
        return fail(str(error))
    except OSError as error:
        return fail(f"cannot read {getattr(args, 'file', '')}: {error.strerror or error}")


def _count(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _skipped(bad: list[int]) -> str:
    if not bad:
        return ""
    shown = ", ".join(map(str, bad[:10])) + ("..." if len(bad) > 10 else "")
    return f"; {_count(len(bad), 'line')} skipped (not numbers: {shown})"


def _read(args: argparse.Namespace) -> tuple[SuppressionList, list[str], list[int]]:
    try:
        downloaded = date.fromisoformat(args.downloaded_on)
    except ValueError:
        raise InvalidInput(f"--downloaded-on must be a date (YYYY-MM-DD), not {args.downloaded_on!r}") from None
    jurisdiction = str(args.jurisdiction).strip().upper()
    max_age = args.max_age_days if args.max_age_days is not None else MAX_AGE_DAYS.get(jurisdiction.split("-")[0])
    if max_age is None:
        raise InvalidInput(f"how old a {jurisdiction} list may be is not known here: give --max-age-days")
    found = SuppressionList(
        args.name, jurisdiction, downloaded, int(max_age),
        frozenset(Purpose.parse(p) for p in args.purpose) if args.purpose else frozenset({Purpose.SALES}),
        frozenset(Channel.parse(c) for c in args.channel) if args.channel else frozenset(Channel),
        not args.no_consent_exemption, args.source,
    )
    numbers: list[str] = []
    bad: list[int] = []
    for line, text in _values(args):
        number = _number(text, args.format, args.region)
        if number is None:
            if text.strip():
                bad.append(line)
        else:
            numbers.append(number)
    if not numbers:
        raise InvalidInput(f"no number found in {args.file}")
    return found, numbers, bad


def _values(args: argparse.Namespace) -> Iterator[tuple[int, str]]:
    stream: TextIO = io.StringIO(sys.stdin.read()) if args.file == "-" else \
        Path(args.file).open(encoding="utf-8", errors="replace", newline="")
    with stream:
        if args.format != "csv":
            for line, text in enumerate(stream, start=1):
                yield line, text.strip()
            return
        reader = csv.reader(stream)
        header = next(reader, [])
        column = header.index(args.column) if args.column in header else 0
        if args.column and args.column not in header:
            raise InvalidInput(f"no column {args.column!r} in {args.file} (columns: {', '.join(header)})")
        for line, row in enumerate(reader, start=2):
            yield line, row[column] if column < len(row) else ""


def _number(text: str, form: str, region: str | None) -> str | None:
    """The E.164 form of one entry, or None when it is not a number."""
    plain = text.translate(_SEPARATORS)
    if form == "us-dnc":
        digits = plain.replace(",", "")
        if digits.isdigit() and len(digits) == 10:
            return "+1" + digits
        if digits.isdigit() and len(digits) == 11 and digits.startswith("1"):
            return "+" + digits
        return None
    if _E164.fullmatch(plain):
        return plain
    if region is None:
        return None
    try:
        parsed = phonenumbers.parse(text, region.upper())
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) \
        if phonenumbers.is_possible_number(parsed) else None
