"""`can-i-call dnc import|list|remove`: do-not-call (suppression) lists in the history store.

    can-i-call dnc import 212.txt --name us-national --downloaded-on 2026-11-20 --format us-dnc
    can-i-call dnc import tps.txt --name gb-tps --downloaded-on 2026-11-28 --format gb-tps
    can-i-call dnc import internal.csv --name our-list --jurisdiction GB --format csv --column phone --region GB
    can-i-call dnc import bloctel.txt --name fr-bloctel --downloaded-on 2026-11-28 --format fr-bloctel \
        --submitted sent.txt
    can-i-call dnc list
    can-i-call dnc remove our-list

Formats (callwindow.store.importers.FORMATS): the registries' `us-dnc`, `ca-dncl`, `gb-tps`,
`au-dncr`, `fr-bloctel`, `es-robinson` - each knows its country (numbers become E.164 with
it), the jurisdiction it binds, its channels and how old a download its law allows - and the
generic `lines` and `csv`. A line that is not a number is counted and reported (the first few
with their line numbers), never fatal; lines skipped for a reason (a header, "not
registered", another channel) are counted by reason; the list is stored all or nothing.
A wash result (`au-dncr`, `fr-bloctel`, `es-robinson`) keeps the numbers found clear too (its
"not registered" rows; `--submitted FILE`: the numbers sent to be washed, those it does not
list): a number of its country in neither was never washed and is refused (not_washed).
`fr-bloctel` and `es-robinson` results list only the registered numbers: `--submitted` is
required. A registry's list (the named formats) may be lifted by an established business
relationship on record where its jurisdiction's rule data says so (`--no-relationship-exemption`:
never; `--relationship-exemption`: a generic file holding a registry's numbers).
Exit status: 0 done, 2 bad input or a store error (nothing stored).
"""

from __future__ import annotations

import argparse
import sys
from array import array
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..errors import CallwindowError, InvalidInput
from ..history import SuppressionList
from ..model import Channel, Purpose
from ..store.importers import FORMATS, ListFormat, ParsedList, read_list, read_submitted
from .common import OneLineParser, UsageError, fail, write
from .history import add_store_options, open_named_store

# How old a download the law allows, by the country a list binds: the named formats' ages
# (each cited in store/importers.py). A list of another place needs --max-age-days.
MAX_AGE_DAYS = {form.country: form.max_age_days for form in FORMATS.values()
                if form.country is not None and form.max_age_days is not None}
_EXAMPLES = """\
  can-i-call dnc import 212.txt --name us-national --downloaded-on 2026-11-20 --format us-dnc
  can-i-call dnc import tps.txt --name gb-tps --downloaded-on 2026-11-28 --format gb-tps
  can-i-call dnc import ours.csv --name our-list --jurisdiction GB --format csv --column phone --region GB
  can-i-call dnc import bloctel.txt --name fr-bloctel --downloaded-on 2026-11-28 --format fr-bloctel \
      --submitted sent.txt
  can-i-call dnc list
  can-i-call dnc remove our-list

formats:
""" + "".join(f"  {form.name:<12}{form.layout}\n" for form in FORMATS.values())


def dnc_main(argv: Sequence[str]) -> int:
    parser = OneLineParser(prog="can-i-call dnc", description="do-not-call lists in the history store",
                           allow_abbrev=False, epilog="examples:\n" + _EXAMPLES,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    load = commands.add_parser("import", help="store a list (replacing one of the same name)", allow_abbrev=False)
    load.add_argument("file", help="the list's file ('-' for standard input)")
    load.add_argument("--name", required=True, help="the list's name, e.g. us-national")
    load.add_argument("--jurisdiction", help="the country or subdivision it binds (US, US-FL, GB; default: the "
                                             "format's country)")
    load.add_argument("--downloaded-on", required=True, help="the date the list was downloaded (YYYY-MM-DD)")
    load.add_argument("--format", default="lines", choices=list(FORMATS), help="the file's format (see below)")
    load.add_argument("--column", help="csv formats: the column holding the numbers (default: a phone-like header)")
    load.add_argument("--status-column", help="au-dncr: the wash result's status column (default: status, result)")
    load.add_argument("--channel-column", help="es-robinson: the channel column (default: canal, channel)")
    load.add_argument("--region", help="the country of numbers written without +CC")
    known = ", ".join(f"{place} {days}" for place, days in MAX_AGE_DAYS.items())
    load.add_argument("--max-age-days", type=int, help=f"how old a download the law allows (known: {known})")
    load.add_argument("--purpose", action="append", help="purposes it binds; repeatable (default: sales)")
    load.add_argument("--channel", action="append",
                      help="channels it binds; repeatable (default: the format's; call and sms for lines and csv)")
    load.add_argument("--no-consent-exemption", action="store_true",
                      help="consent on record does not lift it (the law grants no such exemption)")
    exemption = load.add_mutually_exclusive_group()
    exemption.add_argument("--relationship-exemption", dest="relationship", action="store_true", default=None,
                           help="a registry's numbers in a generic file: a business relationship on record lifts "
                                "it where the jurisdiction's rule data says so (the named formats' default)")
    exemption.add_argument("--no-relationship-exemption", dest="relationship", action="store_false",
                           help="no business relationship lifts it (an internal list's default)")
    load.add_argument("--submitted", help="wash results: the file of numbers sent to be washed (one per line); "
                                          "those the result does not list are clear")
    load.add_argument("--source", default="", help="where the list comes from (URL)")
    shown = commands.add_parser("list", help="the stored lists", allow_abbrev=False)
    drop = commands.add_parser("remove", help="delete a list and its numbers", allow_abbrev=False)
    drop.add_argument("name")
    for command in (load, shown, drop):
        add_store_options(command)
    try:
        args = parser.parse_args(list(argv))
    except UsageError as error:
        return fail(str(error))
    try:
        if args.command == "import":
            found, parsed, clear = _read(args)  # the whole file is read before the store is opened
            with open_named_store(args) as store:
                stored = store.import_suppression_list(found, parsed.numbers, clear)
            washed = f"; a wash result: {_count(len(set(clear)), 'number')} submitted or found clear" \
                if clear is not None else ""
            write(f"imported {found.name}: {_count(stored, 'number')}, binding {found.jurisdiction} for "
                  f"{', '.join(sorted(p.value for p in found.purposes))}"
                  f"{_channels(found)}{washed}"
                  f"{_report(parsed)}")
            return 0
        with open_named_store(args, create=False) as store:
            if args.command == "remove":
                if not store.remove_suppression_list(args.name):
                    raise InvalidInput(f"no list named {args.name!r}")
                write(f"removed {args.name}")
                return 0
            every = store.suppression_lists(include_clear=True)
            cleared = {found.name: found.entries for found in every if found.clear}
            for found in every:
                if found.clear:
                    continue
                notes = [f"wash result, {cleared.get(found.name, 0)} clear"] if found.wash else []
                if found.lifted_by_relationship:
                    notes.append("a business relationship lifts it where its rule data says so")
                write(f"{found.name}\t{found.jurisdiction}\tdownloaded {found.downloaded_on}\t{found.entries} numbers"
                      f"\tmax age {found.max_age_days} d\t{', '.join(sorted(p.value for p in found.purposes))}"
                      f"\t{', '.join(sorted(c.value for c in found.channels))}"
                      f"{''.join(f'{chr(9)}{note}' for note in notes)}")
            return 0
    except CallwindowError as error:
        return fail(str(error))
    except OSError as error:
        return fail(f"cannot read {getattr(args, 'file', '')}: {error.strerror or error}")


def _count(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _report(parsed: ParsedList) -> str:
    """What was read besides the numbers: lines skipped by reason, bad lines with the first few."""
    parts = [f"{count} skipped ({why})" for why, count in parsed.skipped.items() if why != "empty lines"]
    parts.extend(f"{count} kept ({why})" for why, count in parsed.kept.items())
    if parsed.bad:
        shown = ", ".join(f"line {line} {text!r}" for line, text in parsed.bad_examples)
        more = ", ..." if parsed.bad > len(parsed.bad_examples) else ""
        parts.append(f"{_count(parsed.bad, 'line')} skipped (not numbers: {shown}{more})")
    return "".join(f"; {part}" for part in parts)


def _channels(found: SuppressionList) -> str:
    if found.channels == frozenset(Channel):
        return ""
    return f" ({' and '.join(sorted(channel.value for channel in found.channels))} only)"


def _jurisdiction(form: ListFormat, given: str | None) -> str:
    if given is None or not given.strip():
        if form.country is None:
            raise InvalidInput(f"--format {form.name}: give --jurisdiction (the country or subdivision the list binds)")
        return form.country
    place = given.strip().upper()
    if form.country is not None and place.split("-")[0] != form.country:
        raise InvalidInput(f"--format {form.name} is {form.country}'s list: it cannot bind {place}")
    return place


def _read(args: argparse.Namespace) -> tuple[SuppressionList, ParsedList, array[int] | None]:
    try:
        downloaded = date.fromisoformat(args.downloaded_on)
    except ValueError:
        raise InvalidInput(f"--downloaded-on must be a date (YYYY-MM-DD), not {args.downloaded_on!r}") from None
    form = FORMATS[args.format]
    jurisdiction = _jurisdiction(form, args.jurisdiction)
    max_age = args.max_age_days if args.max_age_days is not None else \
        form.max_age_days if form.max_age_days is not None else MAX_AGE_DAYS.get(jurisdiction.split("-")[0])
    if max_age is None:
        raise InvalidInput(f"how old a {jurisdiction} list may be is not known here: give --max-age-days")
    if args.submitted and not form.wash:
        raise InvalidInput(f"--submitted goes with a wash result (--format au-dncr, fr-bloctel or es-robinson), "
                           f"not --format {form.name}")
    if form.wash and form.column_kind != "status" and not args.submitted:
        raise InvalidInput(f"--format {form.name} is a wash result that lists only the registered numbers: give "
                           "--submitted FILE (the numbers sent to be washed), so that numbers never washed can be "
                           "told from clear ones (or import it with --format lines as a plain list)")
    found = SuppressionList(
        args.name, jurisdiction, downloaded, int(max_age),
        frozenset(Purpose.parse(p) for p in args.purpose) if args.purpose else frozenset({Purpose.SALES}),
        frozenset(Channel.parse(c) for c in args.channel) if args.channel else form.channels,
        not args.no_consent_exemption, args.source or form.source,
        lifted_by_relationship=form.registry if args.relationship is None else args.relationship,
        wash=form.wash,
    )
    region = args.region.upper() if args.region else None
    source = sys.stdin if args.file == "-" else Path(args.file)
    parsed = read_list(source, form.name, region=region, column=args.column,
                       status_column=args.status_column or args.channel_column)
    clear: array[int] | None = None
    if form.wash:
        clear = array("q", parsed.clear)
        if args.submitted:
            submitted = read_submitted(sys.stdin if args.submitted == "-" else Path(args.submitted), form.name,
                                       region=region)
            # (a submitted line that is not a number stays unwashed: its number is refused, not_washed)
            clear.extend(submitted.numbers)
    if not parsed.numbers and not clear:
        raise InvalidInput(f"no number found in {args.file}{_report(parsed)}")
    return found, parsed, clear
