"""`can-i-call audit enable|disable|export`: the store's decision log (opt-in).

    can-i-call audit enable --retention-days 365
    can-i-call audit export --since 2026-11-01T00:00:00Z --format csv > decisions.csv
    can-i-call audit export --number "+1 305 555 0123"        # why did we call this number?
    can-i-call audit disable

Once enabled, every decision made with the store - claims, HTTP checks and batches, list rows -
is logged with the number keyed as the store keys numbers, the answer, its reason codes and the
rule-data version; entries older than the retention are deleted as new ones are written.
Exit status: 0 done, 2 bad input or a store error.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from collections.abc import Sequence

from ..errors import CallwindowError
from ..store.audit import COLUMNS
from .common import OneLineParser, UsageError, fail, write
from .history import add_store_options, open_named_store

_EXAMPLES = """\
  can-i-call audit enable --retention-days 365
  can-i-call audit export --since 2026-11-01T00:00:00Z --format csv
  can-i-call audit export --number "+1 305 555 0123"
  can-i-call audit disable
"""


def audit_main(argv: Sequence[str]) -> int:
    parser = OneLineParser(prog="can-i-call audit", description="the store's decision log (opt-in)",
                           allow_abbrev=False, epilog="examples:\n" + _EXAMPLES,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    enable = commands.add_parser("enable", help="log every decision made with the store", allow_abbrev=False)
    enable.add_argument("--retention-days", type=int, required=True, help="how long entries are kept")
    disable = commands.add_parser("disable", help="stop logging (kept entries stay)", allow_abbrev=False)
    export = commands.add_parser("export", help="print the logged decisions", allow_abbrev=False)
    export.add_argument("--since", help="logged at or after this instant (ISO 8601)")
    export.add_argument("--until", help="logged before this instant (ISO 8601)")
    export.add_argument("--number", help="only this number's decisions")
    export.add_argument("--format", default="jsonl", choices=["jsonl", "csv"])
    for command in (enable, disable, export):
        add_store_options(command)
    try:
        args = parser.parse_args(list(argv))
    except UsageError as error:
        return fail(str(error))
    try:
        with open_named_store(args) as store:
            if args.command == "enable":
                store.enable_audit(args.retention_days)
                write(f"decision log on: entries kept {args.retention_days} days")
                return 0
            if args.command == "disable":
                store.disable_audit()
                write("decision log off (the entries kept stay)")
                return 0
            entries = store.audit_entries(args.since, args.until, args.number)
    except CallwindowError as error:
        return fail(str(error))
    if args.format == "jsonl":
        for entry in entries:
            write(json.dumps(entry, ensure_ascii=False, sort_keys=True))
        return 0
    out = io.StringIO()
    table = csv.writer(out, lineterminator="\n")
    table.writerow(COLUMNS)
    for entry in entries:
        table.writerow([" ".join(entry["reasons"]) if name == "reasons" else
                        json.dumps(entry["detail"], ensure_ascii=False, sort_keys=True) if name == "detail" else
                        entry[name] for name in COLUMNS])
    write(out.getvalue().rstrip("\n"))
    return 0
