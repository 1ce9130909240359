"""List the law data to re-verify: rules, caps and relationship windows whose source was last
read too long ago (or is weak).

    python -m callwindow.tools.stale_rules --older-than 180d [--today YYYY-MM-DD] [--secondary] [--low]

Laws change and rule data ages (issue 14): every rule and cap of a jurisdiction file carries
`verified_on`, the date a person last compared it with its source. This lists those verified
more than the given age before today, oldest first, with the source's strength and URL, so
the next review knows where to start. `--secondary` also lists every rule whose source is
secondary, however recent: those need a primary source; `--low` every entry of low confidence
(e.g. a relationship window whose statute could not be read). The `[[relationship]]` windows
(the do-not-call exemptions) are law data like the rules and are listed the same way. Exit
status 0 when nothing is listed, 1 when something is (usable as a CI reminder), 2 on bad
arguments.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from callwindow.rules import Cap, RelationshipWindow, Rule, load_all


@dataclass(frozen=True)
class Entry:
    """One rule or cap to re-verify, and why."""

    id: str
    jurisdiction: str
    verified_on: date
    source_kind: str
    source: str
    why: str  # "verified 190 days ago" / "secondary source"


def parse_age(text: str) -> int:
    """Days of "180d" (or "26w"); ValueError when malformed."""
    number, unit = text[:-1], text[-1:]
    if not number.isdigit() or unit not in ("d", "w") or int(number) == 0:
        raise ValueError(f"expected an age like 180d or 26w, got {text!r}")
    return int(number) * (7 if unit == "w" else 1)


def to_reverify(today: date, older_than_days: int, secondary: bool = False, low: bool = False) -> list[Entry]:
    """Every shipped rule, cap and relationship window verified more than `older_than_days`
    before `today` (and, with `secondary`, every one with a secondary source; with `low`, every
    one of low confidence), oldest first."""
    jurisdictions, _ = load_all()
    found: list[Entry] = []
    for jurisdiction in jurisdictions:
        items: list[Rule | Cap | RelationshipWindow] = [*jurisdiction.rules, *jurisdiction.caps,
                                                         *jurisdiction.relationships]
        for item in items:
            # The loader refuses jurisdiction files without these; a missing one is stale by definition.
            verified = item.verified_on or date.min
            kind = item.source_kind or "unknown"
            age = (today - verified).days
            reasons = []
            if age > older_than_days:
                reasons.append(f"verified {age} days ago" if item.verified_on else "never verified")
            if secondary and kind == "secondary":
                reasons.append("secondary source")
            if low and item.confidence == "low":
                reasons.append("low confidence")
            if reasons:
                found.append(Entry(item.id, jurisdiction.id, verified, kind, item.source, "; ".join(reasons)))
    return sorted(found, key=lambda entry: (entry.verified_on, entry.id))


def render(entries: Sequence[Entry]) -> str:
    lines = [f"{e.verified_on.isoformat()}  {e.id}  [{e.source_kind}]  {e.why}  {e.source}" for e in entries]
    lines.append(f"{len(entries)} rule{'s' if len(entries) != 1 else ''} to re-verify")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=f"python -m callwindow.tools.{Path(__file__).stem}", description=__doc__)
    parser.add_argument("--older-than", default="180d", help="age of verified_on that needs re-verifying (180d, 26w)")
    parser.add_argument("--today", type=date.fromisoformat, default=date.today(), help="YYYY-MM-DD (default: today)")
    parser.add_argument("--secondary", action="store_true", help="also list every rule whose source is secondary")
    parser.add_argument("--low", action="store_true", help="also list every entry of low confidence")
    args = parser.parse_args(argv)
    try:
        days = parse_age(args.older_than)
    except ValueError as error:
        parser.error(str(error))
    entries = to_reverify(args.today, days, args.secondary, args.low)
    sys.stdout.write(render(entries))
    return 1 if entries else 0


if __name__ == "__main__":
    raise SystemExit(main())
