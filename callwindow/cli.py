"""can-i-call: the command-line answer. A thin adapter: no policy here.

Exit status: 0 when the requested channel is allowed now, 1 otherwise (defer,
text instead of a call, block), 2 for bad input or usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime, timedelta
from typing import Sequence

from .errors import CallwindowError
from .model import Action, Decision
from .policy import Policy

EXIT_ALLOWED, EXIT_NOT_ALLOWED, EXIT_USAGE = 0, 1, 2

_EXAMPLES = """\
examples:
  can-i-call "+1 212 555 0123"                      may I make a sales call now?
  can-i-call +33123456789 --at 2026-11-24T12:30:00Z  ...at a given instant
  can-i-call 0612345678 --default-region FR --channel sms
  can-i-call +61412345678 --subdivision AU-VIC      narrow a mobile to its state
  can-i-call +12125550123 --purpose collection --json
  can-i-call +12125550123 --profile legal           only the law, no courtesy rules

exit status: 0 allowed now, 1 not now (defer / text instead / block), 2 bad input
Not legal advice.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="can-i-call",
        description="May I phone or text this number now? If not, when - or should I text instead?",
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("number", help="phone number, best in international form (+CC...)")
    parser.add_argument("--at", help="instant to check, ISO 8601 with offset or Z (default: now)")
    parser.add_argument("--channel", default="call", choices=["call", "sms"])
    parser.add_argument("--purpose", default="sales", choices=["sales", "service", "collection", "personal"])
    parser.add_argument("--contact", default="consumer", choices=["consumer", "business"])
    parser.add_argument("--zone", help="the contact's IANA time zone, if known (e.g. America/Chicago)")
    parser.add_argument("--region", help="the contact's country (ISO 3166-1, e.g. US), if known")
    parser.add_argument("--subdivision", help="the contact's state/province (ISO 3166-2, e.g. US-FL), if known")
    parser.add_argument("--postal-code", help="the contact's US ZIP code, if known (gives state and zone)")
    parser.add_argument("--default-region", help="country for numbers written without +CC (e.g. FR)")
    parser.add_argument("--profile", default="courtesy", choices=["courtesy", "legal"],
                        help="courtesy (default): laws + courtesy rules; legal: laws only")
    parser.add_argument("--rules", action="append", default=[], metavar="FILE",
                        help="company rules file (TOML), may be repeated; only ever restricts")
    parser.add_argument("--duration", type=float, metavar="MINUTES",
                        help="expected call length: a call may not start when the window closes sooner (default 3 with courtesy)")
    parser.add_argument("--consent", action="store_true",
                        help="the contact gave prior express consent (lifts the rules that say so)")
    parser.add_argument("--emergency", action="append", default=[], metavar="PLACE",
                        help="a declared state of emergency in PLACE (ISO code, e.g. US-LA); may be repeated")
    parser.add_argument("--json", action="store_true", help="print the decision as one JSON object")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        duration = None if args.duration is None else timedelta(minutes=args.duration)
        if duration is not None and not 0 <= args.duration <= 600:
            raise CallwindowError("--duration must be between 0 and 600 minutes")
        build = Policy.default if args.profile == "courtesy" else Policy.legal_minimum
        policy = build(company_rules=args.rules, call_duration=duration)
        decision = policy.check(
            args.number, args.at, channel=args.channel, purpose=args.purpose, contact=args.contact,
            zone=args.zone, region=args.region, subdivision=args.subdivision, postal_code=args.postal_code,
            default_region=args.default_region,
            consent=args.consent, emergencies=args.emergency,
        )
    except CallwindowError as error:
        print(f"can-i-call: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    text = json.dumps(decision.to_dict(), ensure_ascii=False) if args.json else render(decision)
    _write(text)
    return EXIT_ALLOWED if decision.allowed else EXIT_NOT_ALLOWED


def _write(text: str) -> None:
    """Print, tolerating a reader that closed the pipe early (`| head`)."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # let the interpreter's final flush succeed silently


_VERDICTS = {
    "allowed": "YES - {channel} now",
    Action.SMS: "TEXT INSTEAD - a call is not a good idea now, a text is allowed",
    Action.DEFER: "NOT NOW - wait",
    Action.BLOCK: "NEVER - do not contact this number",
}


def render(decision: Decision) -> str:
    """The short readable answer: verdict, local time, why, when to try next."""
    verdict = _VERDICTS["allowed"].format(channel=decision.channel.value) if decision.allowed else _VERDICTS[decision.action]
    place = ", ".join(filter(None, [decision.region, decision.subdivision]))
    lines = [verdict, f"  number: {decision.number} ({place or 'no known place'}, {decision.number_type.replace('_', ' ')})"]
    for zone, local in decision.local_times.items():
        lines.append(f"  their time: {local:%a %d %b %H:%M} ({zone})")
    if decision.allowed and decision.window_closes_at:
        lines.append(f"  allowed until: {_both(decision.window_closes_at, decision)}")
    if decision.reasons:
        lines.append("  why:")
        for reason in decision.reasons:
            lines.append(f"    - [{reason.kind.value}] {reason.message} ({reason.rule})")
    if not decision.allowed:
        if decision.next_allowed_at:
            wait = decision.next_allowed_at - decision.at
            lines.append(f"  next {decision.channel.value} allowed: {_both(decision.next_allowed_at, decision)}, in {_duration(wait)}")
        elif decision.action is not Action.BLOCK:
            lines.append(f"  next {decision.channel.value} allowed: none found in the search horizon")
    return "\n".join(lines)


def _both(moment: datetime, decision: Decision) -> str:
    zones = list(decision.local_times)
    local = moment.astimezone(decision.local_times[zones[0]].tzinfo) if zones else moment
    return f"{local:%a %d %b %H:%M} their time ({moment:%Y-%m-%d %H:%M} UTC)"


def _duration(wait: timedelta) -> str:
    minutes = int(wait.total_seconds() // 60)
    days, minutes = divmod(minutes, 1440)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{days} d" if days else "", f"{hours} h" if hours else "", f"{minutes} min" if minutes or not (days or hours) else ""]
    return " ".join(part for part in parts if part)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
