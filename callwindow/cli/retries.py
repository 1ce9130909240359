"""`can-i-call retries NUMBER [-n N]`: the next attempts at a contact (S13), each allowed when
it comes, spread over their day; the plan is `callwindow.retries.plan_attempts` on the number's
recorded history. Also the history read the draft and agenda commands share."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import timedelta

from ..errors import CallwindowError
from ..history import History
from ..request import Question
from ..retries import MAX_ATTEMPTS, Plan, plan_attempts
from .common import (
    EXIT_ALLOWED,
    EXIT_NOT_ALLOWED,
    OneLineParser,
    UsageError,
    add_config_options,
    add_decision_options,
    add_display_options,
    apply_settings,
    build_policy,
    canonical_zone,
    fail,
    national_default_region,
    question_from_args,
    read_at,
    write,
)


def add_history_options(parser: argparse.ArgumentParser) -> None:
    """The store options of a command that reads a number's history (as `can-i-call NUMBER`)."""
    from .history import add_store_arguments

    group = parser.add_argument_group("contact history")
    group.add_argument("--subject", metavar="ID", help="the debt, account or offer (caps per subject)")
    group.add_argument("--contact-id", metavar="ID", help="the person: caps kept per person count all their numbers")
    group.add_argument("--no-history", action="store_true", help="plan without reading the history store")
    add_store_arguments(group)


def read_history(args: argparse.Namespace, question: Question) -> History | None:
    """The number's (and with --contact-id the person's) records in the store the options name,
    or None with --no-history; the same read as `can-i-call NUMBER`."""
    if args.no_history:
        return None
    from .history import HistoryReader

    number = question.subscriber.number
    with HistoryReader.from_args(args) as reader:
        return reader.histories_of_contacts({number: question.contact_id})[number]


def question_of(args: argparse.Namespace) -> Question:
    """The question the options ask (settings applied, --at read on the caller's clock)."""
    from ..settings import my_zone

    apply_settings(args)
    args.zone = canonical_zone(args.zone, "--zone")
    me = my_zone(canonical_zone(args.my_zone, "--my-zone"))
    number = " ".join(args.number)
    when = read_at(args.at, me)
    return question_from_args(args, number, when.instant, default_region=national_default_region(args, number))


def build_parser() -> OneLineParser:
    parser = OneLineParser(
        prog="can-i-call retries",
        description="The next attempts at a contact (S13: most calls do not reach the person the first time): "
                    "each allowed by every window, cap and rule in force when it comes, spread over the parts of "
                    "their day, with a reason per slot. Planned, never dialled.",
        epilog="examples:\n"
               "  can-i-call retries +13055550123            the next 3 attempts (Florida: 3 calls in 24 hours)\n"
               "  can-i-call retries +13055550123 -n 5 --json\n"
               "  can-i-call retries +33123456789 --purpose service --gap 4\n"
               "Not legal advice.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("number", nargs="+", help="phone number, best in international form (+CC...)")
    parser.add_argument("-n", "--attempts", type=int, default=3, metavar="N",
                        help=f"how many attempts to plan (1-{MAX_ATTEMPTS}, default 3)")
    parser.add_argument("--gap", type=float, default=2.0, metavar="HOURS",
                        help="at least this long between two attempts, and after the last recorded one (default 2)")
    parser.add_argument("--assume", default="voicemail", choices=["voicemail", "no_answer", "conversation"],
                        help="the outcome each planned attempt is counted with (default voicemail: a retry did "
                             "not reach the person)")
    add_decision_options(parser)
    add_history_options(parser)
    add_display_options(parser)
    add_config_options(parser)
    parser.add_argument("--json", action="store_true", help="print the plan as one JSON object")
    return parser


def retries_main(argv: Sequence[str]) -> int:
    parser = build_parser()
    try:
        args = parser.parse_intermixed_args(list(argv))
    except UsageError as error:
        return fail(str(error))
    try:
        if not 0 <= args.gap <= 24 * 7:
            raise CallwindowError(f"--gap must be between 0 and 168 hours, got {args.gap:g}")
        question = question_of(args)
        policy = build_policy(args)
        history = read_history(args, question)
        plan = plan_attempts(policy, question, history, args.attempts, gap=timedelta(hours=args.gap),
                             assume=args.assume)
    except CallwindowError as error:
        return fail(str(error))
    write(json.dumps(plan.to_dict(), ensure_ascii=False) if args.json else render_plan(plan, question))
    return EXIT_ALLOWED if plan.slots else EXIT_NOT_ALLOWED


def render_plan(plan: Plan, question: Question) -> str:
    """The plan for people: one line per slot (their time, the part of their day, why)."""
    zone = question.subscriber.zones[0] if question.subscriber.zones else "UTC"
    lines = [f"Next {plan.asked} {question.channel.value} attempt(s) at {plan.number} ({zone}), "
             f"{question.purpose.value}; each planned attempt counted as {plan.assumed_outcome.value}:"]
    for index, slot in enumerate(plan.slots, 1):
        lines.append(f"  {index}. {slot.at:%Y-%m-%d %H:%M} UTC  {slot.reason}")
    if len(plan.slots) < plan.asked:
        why = "; ".join(reason.message for reason in plan.reasons[:3])
        if plan.blocked:
            lines.append(f"  no more: the contact may not be reached from then on ({why})")
        else:
            lines.append("  no more within the search horizon" + (f" ({why})" if why else ""))
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(retries_main(sys.argv[1:]))
