"""`can-i-call holidays NUMBER`: the contact's upcoming public holidays (national, and the
state's or province's when known), to send greetings before festivals and to plan
around them."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from datetime import date

from .. import clock
from ..calendars import is_known_country, upcoming_holidays
from ..errors import CallwindowError
from ..instants import parse_instant
from ..numbers import resolve
from .common import (
    EXIT_ALLOWED,
    OneLineParser,
    UsageError,
    add_config_options,
    add_hint_options,
    apply_settings,
    fail,
    write,
)
from .render import Style, describe_place, pretty_number


def holidays_main(argv: Sequence[str]) -> int:
    """`can-i-call holidays NUMBER [--days 60]`: upcoming public holidays there."""
    parser = OneLineParser(
        prog="can-i-call holidays",
        description="The contact's upcoming public holidays (national, and the state's or province's when known): "
                    "greet before festivals, plan around them.",
        epilog="examples:\n"
               "  can-i-call holidays +81312345678                 the next 60 days in Japan\n"
               "  can-i-call holidays \"+1 212 555 0123\" --days 90  New York's and the US's\n"
               "  can-i-call holidays +61412345678 --subdivision AU-VIC --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("number", help="phone number, best in international form (+CC...)")
    parser.add_argument("--days", type=int, default=60, help="how many days ahead (default 60, at most 800)")
    parser.add_argument("--at", help="from this instant's local date (default: now)")
    add_hint_options(parser)
    parser.add_argument("--default-region", help="country for numbers written without +CC (e.g. FR)")
    parser.add_argument("--color", choices=["auto", "always", "never"], help="colour: auto (default), always, never")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    add_config_options(parser)
    try:
        args = parser.parse_args(list(argv))
    except UsageError as error:
        return fail(str(error))
    args.my_zone = args.purpose = args.contact = args.profile = args.rules = args.duration = None
    try:
        apply_settings(args)
        if not 1 <= args.days <= 800:
            raise CallwindowError("--days must be between 1 and 800")
        at = parse_instant(args.at)
        subscriber = resolve(args.number, default_region=args.default_region, zone=args.zone, region=args.region,
                             subdivision=args.subdivision, postal_code=args.postal_code)
    except CallwindowError as error:
        return fail(str(error))
    if subscriber.region is None or not subscriber.zones:
        return fail(f"{subscriber.number} has no known country: no holiday calendar")
    local = clock.local_time(at.timestamp(), subscriber.zones[0])
    today = local.date()
    country, subdivision = subscriber.region, subscriber.subdivision
    found = upcoming_holidays(country, subdivision, today, args.days)
    national = {day for day, _ in upcoming_holidays(country, None, today, args.days)} if subdivision else None
    rows = [
        {"date": day.isoformat(), "weekday": day.strftime("%A"), "name": name, "days_from_now": (day - today).days,
         "scope": subdivision if national is not None and day not in national else country}
        for day, name in found
    ]
    if args.json:
        write(json.dumps({
            "number": subscriber.number, "region": country, "subdivision": subdivision,
            "zone": subscriber.zones[0], "from": today.isoformat(), "days": args.days,
            "calendar_known": is_known_country(country), "holidays": rows,
        }, ensure_ascii=False))
        return EXIT_ALLOWED
    style = Style.for_stream(sys.stdout, args.color)
    write(render_holidays(pretty_number(subscriber.number), describe_place(country, subdivision, subscriber.zones),
                              today, args.days, rows, known=is_known_country(country), style=style))
    return EXIT_ALLOWED


def render_holidays(number: str, place: str, today: date, days: int, rows: Sequence[Mapping[str, object]], *,
                    known: bool, style: Style) -> str:
    head = f"Public holidays for {number} in {place}: the next {days} days from {today:%a %d %b %Y}"
    lines = [style.bold(head)]
    if not known:
        lines.append("  no public holiday calendar for this country: none can be listed")
        return "\n".join(lines)
    if not rows:
        lines.append("  none")
        return "\n".join(lines)
    width = max(len(str(row["name"])) for row in rows)
    for row in rows:
        day = date.fromisoformat(str(row["date"]))
        away = int(str(row["days_from_now"]))
        when = "today" if away == 0 else "tomorrow" if away == 1 else f"in {away} days"
        scope = f"  ({row['scope']} only)" if "-" in str(row["scope"]) else ""
        lines.append(f"  {day:%a %d %b %Y}  {str(row['name']):<{width}}  {style.dim(when)}{scope}")
    lines.append(style.dim(
        "  tip: send greetings a day or two before; the courtesy rules avoid calls on the day itself"
    ))
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(holidays_main(sys.argv[1:]))
