"""Greeting by local custom (S16): a greeting for the contact's local time of day,
in the main language of their country when it is one of a small table, and
`can-i-call holidays`: the contact's upcoming public holidays, to send
greetings before festivals and to plan around them.

The language table is deliberately small and conservative: a country is listed
only when one language is clearly the one to greet in; elsewhere (India,
Belgium, most multilingual countries) the greeting is in English.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

# language -> (name, morning, afternoon, evening, morning ends at, afternoon ends at)
_PHRASES: dict[str, tuple[str, str, str, str, int, int]] = {
    "en": ("English", "Good morning", "Good afternoon", "Good evening", 12, 18),
    "es": ("Spanish", "Buenos días", "Buenas tardes", "Buenas noches", 12, 20),
    "fr": ("French", "Bonjour", "Bonjour", "Bonsoir", 12, 18),
    "de": ("German", "Guten Morgen", "Guten Tag", "Guten Abend", 11, 18),
    "it": ("Italian", "Buongiorno", "Buon pomeriggio", "Buonasera", 12, 18),
    "pt": ("Portuguese", "Bom dia", "Boa tarde", "Boa noite", 12, 19),
    "nl": ("Dutch", "Goedemorgen", "Goedemiddag", "Goedenavond", 12, 18),
    "sv": ("Swedish", "God morgon", "God eftermiddag", "God kväll", 10, 18),
    "pl": ("Polish", "Dzień dobry", "Dzień dobry", "Dobry wieczór", 12, 18),
    "ru": ("Russian", "Доброе утро", "Добрый день", "Добрый вечер", 12, 18),
    "tr": ("Turkish", "Günaydın", "İyi günler", "İyi akşamlar", 11, 18),
    "ar": ("Arabic", "صباح الخير", "مساء الخير", "مساء الخير", 12, 18),
    "ja": ("Japanese", "おはようございます", "こんにちは", "こんばんは", 10, 18),
    "zh": ("Chinese", "早上好", "下午好", "晚上好", 12, 18),
    "ko": ("Korean", "안녕하세요", "안녕하세요", "안녕하세요", 12, 18),
}

# region (ISO 3166-1) -> the language to greet in; subdivisions override.
_LANGUAGES: dict[str, str] = {
    **dict.fromkeys("ES MX AR CO CL PE VE EC GT CU BO DO HN PY SV NI CR PA UY".split(), "es"),
    **dict.fromkeys("FR MC SN CI ML BF NE BJ TG GN GA CG CD".split(), "fr"),
    **dict.fromkeys("DE AT LI".split(), "de"),
    **dict.fromkeys("IT SM VA".split(), "it"),
    **dict.fromkeys("PT BR AO MZ CV".split(), "pt"),
    **dict.fromkeys("NL SR".split(), "nl"),
    "SE": "sv",
    "PL": "pl",
    **dict.fromkeys("RU BY".split(), "ru"),
    "TR": "tr",
    **dict.fromkeys("SA AE EG QA KW BH OM JO IQ SY LB YE LY DZ MA TN SD PS".split(), "ar"),
    "JP": "ja",
    **dict.fromkeys("CN TW HK MO".split(), "zh"),
    "KR": "ko",
}
_SUBDIVISION_LANGUAGES = {"CA-QC": "fr", "US-PR": "es"}


@dataclass(frozen=True)
class Greeting:
    text: str  # in the contact's language
    language: str  # English name of the language
    english: str  # the same greeting in English

    def describe(self) -> str:
        if self.language == "English":
            return self.text
        return f"{self.text} ({self.language}; {self.english.lower()})"


def language_for(region: str | None, subdivision: str | None = None) -> str:
    """The language code to greet a contact in ("en" when not in the table)."""
    if subdivision and subdivision in _SUBDIVISION_LANGUAGES:
        return _SUBDIVISION_LANGUAGES[subdivision]
    return _LANGUAGES.get(region or "", "en")


def greeting(local: datetime, region: str | None, subdivision: str | None = None) -> Greeting:
    """Good morning (05:00 to late morning), afternoon, evening (until 05:00)."""
    name, morning, afternoon, evening, morning_end, afternoon_end = _PHRASES[language_for(region, subdivision)]
    english = _PHRASES["en"]
    hour = local.hour
    if 5 <= hour < morning_end:
        return Greeting(morning, name, english[1])
    if 5 <= hour < afternoon_end:
        return Greeting(afternoon, name, english[2] if hour >= 12 else english[1])
    return Greeting(evening, name, english[3])


# ---------------------------------------------------------------- can-i-call holidays


def holidays_main(argv: Sequence[str]) -> int:
    """`can-i-call holidays NUMBER [--days 60]`: upcoming public holidays there."""
    from . import cli
    from .calendars import is_known_country, upcoming_holidays
    from .cli_render import Style, describe_place, pretty_number
    from .errors import CallwindowError
    from .instants import parse_instant
    from .numbers import resolve

    parser = argparse.ArgumentParser(
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
    cli.add_hint_options(parser)
    parser.add_argument("--default-region", help="country for numbers written without +CC (e.g. FR)")
    parser.add_argument("--color", choices=["auto", "always", "never"], help="colour: auto (default), always, never")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    cli.add_config_options(parser)
    args = parser.parse_args(list(argv))
    args.my_zone = args.purpose = args.contact = args.profile = args.rules = args.duration = None
    try:
        cli.apply_settings(args)
        if not 1 <= args.days <= 800:
            raise CallwindowError("--days must be between 1 and 800")
        at = parse_instant(args.at)
        subscriber = resolve(args.number, default_region=args.default_region, zone=args.zone, region=args.region,
                             subdivision=args.subdivision, postal_code=args.postal_code)
    except CallwindowError as error:
        return cli.fail(str(error))
    if subscriber.region is None or not subscriber.zones:
        return cli.fail(f"{subscriber.number} has no known country: no holiday calendar")
    from . import clock

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
        cli.write(json.dumps({
            "number": subscriber.number, "region": country, "subdivision": subdivision,
            "zone": subscriber.zones[0], "from": today.isoformat(), "days": args.days,
            "calendar_known": is_known_country(country), "holidays": rows,
        }, ensure_ascii=False))
        return cli.EXIT_ALLOWED
    style = Style.for_stream(sys.stdout, args.color)
    cli.write(render_holidays(pretty_number(subscriber.number), describe_place(country, subdivision, subscriber.zones),
                              today, args.days, rows, known=is_known_country(country), style=style))
    return cli.EXIT_ALLOWED


def render_holidays(number: str, place: str, today: date, days: int, rows: Sequence[Mapping[str, object]], *,
                    known: bool, style: object) -> str:
    from .cli_render import Style

    assert isinstance(style, Style)
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
