"""`can-i-call agenda FILE`: in order, today's agreed callbacks (S11), redials after a dropped
call still inside their grace (S10), and the callable hot leads (S15) of a lead list - read as
`can-i-call list` reads it (the same columns, the same question per row, the rows' recorded
histories in one read), listed by `callwindow.agenda.build_agenda`."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from ..agenda import Entry, Lead, build_agenda, temperature_rank
from ..errors import CallwindowError, InvalidInput
from ..instants import parse_instant
from ..request import Question
from . import common
from .leads import ListError


def agenda_main(argv: Sequence[str]) -> int:
    from .leads.command import build_parser

    parser = build_parser()  # the list's reading, column, decision and history options
    parser.prog = "can-i-call agenda"
    parser.usage = "can-i-call agenda FILE|- [options]"
    parser.description = ("Today's agenda from a lead list, in order: agreed callbacks (S11), redials after a "
                          "dropped call still inside their grace (S10), hot leads callable now (S15; a temperature "
                          "column of cold, warm, hot). Each entry with the policy's decision.")
    parser.epilog = ("examples:\n  can-i-call agenda leads.csv\n  can-i-call agenda leads.csv --until "
                     "2026-12-01T23:00:00Z --json\nNot legal advice.")
    parser.add_argument("--until", help="the agenda's end (ISO 8601 with offset or Z; default: the end of your day)")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    try:
        args = parser.parse_args(list(argv))
    except common.UsageError as error:
        return common.fail(str(error))
    history = None
    try:
        if args.plan or args.resume or args.output:
            raise InvalidInput("agenda prints its list: --plan, --resume and -o are for can-i-call list")
        args.my_zone = None
        common.apply_settings(args)
        policy = common.build_policy(args)
        at = parse_instant(args.at)
        until = parse_instant(args.until) if args.until else _end_of_day(at, args.my_zone)
        leads, rejected = _read_leads(args, policy, at)
        if not args.no_history:
            from .history import HistoryReader

            history = HistoryReader.from_args(args)  # --no-config honoured, as by every decision command
        contacts: dict[str, str | None] = {}
        for lead in leads:
            number = lead.question.subscriber.number
            contacts[number] = contacts.get(number) or lead.question.contact_id
        histories = history.histories_of_contacts(contacts) if history is not None else {}
        entries = build_agenda(policy, leads, histories, at, until)
    except (CallwindowError, ListError) as error:
        return common.fail(str(error))
    finally:
        if history is not None:
            history.close()
    if args.json:
        common.write(json.dumps({"at": _iso(at), "until": _iso(until), "entries": [e.to_dict() for e in entries],
                                 "rejected": [{"line": line, "error": why} for line, why in rejected]},
                                ensure_ascii=False))
    else:
        common.write(render_agenda(entries, at, until))
    for line, why in rejected:
        print(f"can-i-call agenda: line {line}: {why}", file=sys.stderr)
    return common.EXIT_ALLOWED


def _read_leads(args: Any, policy: Any, at: datetime) -> tuple[list[Lead], list[tuple[int, str]]]:
    """Every row's question (as `can-i-call list` builds it) and temperature, or why it is rejected."""
    from .leads.decide import Decider
    from .leads.decoding import open_source
    from .leads.layout import read_layout, row_input
    from .leads.outcome import Outcome

    source = open_source(args.file, args.encoding)
    try:
        layout = read_layout(args, source)
        names = {kind: layout.columns.header[index] for kind, index in layout.columns.hints.items()}
        decider = Decider(policy, at, args, None)
        leads: list[Lead] = []
        rejected: list[tuple[int, str]] = []
        for row in layout.body:
            item = row_input(layout.columns, row)
            if isinstance(item, Outcome):
                rejected.append((item.line, item.error or "unreadable row"))
                continue
            asked = decider.question(item.line, item.number, item.hints, names)
            if not isinstance(asked, Question):
                rejected.append((asked.line, asked.error or "rejected"))
                continue
            temperature = item.hints.get("temperature")
            try:
                temperature_rank(temperature)
            except InvalidInput as error:
                rejected.append((item.line, str(error)))
                continue
            leads.append(Lead(asked, temperature, f"line {item.line}"))
    finally:
        if source.closer is not None:
            source.closer.close()
    return leads, rejected


def _end_of_day(at: datetime, zone: str | None) -> datetime:
    """The end of the caller's local day of `at` (their zone: the setting, else the machine's)."""
    from ..settings import my_zone

    me = my_zone(common.canonical_zone(zone, "--my-zone"))
    local = at.astimezone(me.tz)
    midnight = datetime(local.year, local.month, local.day, tzinfo=me.tz) + timedelta(days=1)
    return parse_instant(midnight)


def render_agenda(entries: Sequence[Entry], at: datetime, until: datetime) -> str:
    titles = {"callback": "agreed callbacks (S11)", "redial": "redials after a drop (S10)",
              "hot_lead": "hot leads callable now (S15)"}
    lines = [f"Agenda from {at:%Y-%m-%d %H:%M} UTC until {until:%Y-%m-%d %H:%M} UTC:"]
    if not entries:
        lines.append("  nothing: no agreed callback, no dropped call to redial, no hot lead callable now")
    kind = None
    for entry in entries:
        if entry.kind != kind:
            kind = entry.kind
            lines.append(f"  {titles[kind]}:")
        codes = ", ".join(sorted({str(reason.code) for reason in entry.decision.reasons}))
        verdict = "call" if entry.decision.allowed else f"NOT allowed ({codes})"
        ends = f" until {entry.until:%H:%M} UTC" if entry.until else ""
        label = f" [{entry.label}]" if entry.label else ""
        lines.append(f"    {entry.at:%H:%M} UTC{ends}  {entry.number}  {verdict}: {entry.why}{label}")
    return "\n".join(lines)


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(agenda_main(sys.argv[1:]))
