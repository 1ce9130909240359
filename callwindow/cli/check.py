"""`can-i-call NUMBER [options]`: the answer for one number, readable or as JSON, with the
day picture on request; the exit status says whether the channel is allowed now."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from ..errors import CallwindowError
from ..history import History
from ..model import Decision
from ..policy import Policy
from ..request import Question

if TYPE_CHECKING:  # pragma: no cover
    from ..settings import MyZone
from .common import (
    EXIT_ALLOWED,
    EXIT_NOT_ALLOWED,
    PROG,
    SUBCOMMANDS,
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

_EXAMPLES = """\
examples:
  check a number
    can-i-call "+1 212 555 0123"                      may I make a sales call now?
    can-i-call +1 212 555 0123                        the number's pieces need no quotes
    can-i-call +33123456789 --at 2026-11-24T12:30:00Z  ...at a given instant
    can-i-call +33123456789 --at 14:30                 ...at 14:30 today, your time
    can-i-call "06 12 34 56 78" --region fr            a national number beside its country
    can-i-call 0612345678 --default-region FR --channel sms
    can-i-call +61412345678 --subdivision AU-VIC      narrow a mobile to its state
    can-i-call +12125550123 --purpose collection --json
    can-i-call +12125550123 --profile legal           only the law, no courtesy rules
  see the day
    can-i-call +12125550123 --timeline                the next 24 hours, 30 minutes a character
    can-i-call +12125550123 --week                    the next 7 days, a row a day
  work a lead list
    can-i-call list leads.csv -o decided.csv          every row with its decision added
    can-i-call list leads.csv --plan                  today's calling plan: callable now first
    can-i-call list leads.jsonl --format csv --phone-column mobile
  greet before a festival
    can-i-call holidays +81312345678 --days 90
  settings and completion
    can-i-call config --init                          write a settings file to edit
    eval "$(can-i-call completion bash)"              tab completion (bash; zsh and fish too)

commands (the first word; `can-i-call COMMAND --help` for each):
{commands}

exit status: 0 allowed now, 1 not now (defer / text instead / block), 2 bad input
Not legal advice.
"""


def build_parser() -> argparse.ArgumentParser:
    commands = "\n".join(f"  {name:<11} {command.summary}" for name, command in SUBCOMMANDS.items())
    parser = OneLineParser(
        prog=PROG,
        usage=f"{PROG} NUMBER [options]\n       {PROG} {{{','.join(SUBCOMMANDS)}}} ...",
        description="May I phone or text this number now? If not, when - or should I text instead?",
        epilog=_EXAMPLES.format(commands=commands),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("number", nargs="+",
                        help="phone number, best in international form (+CC...); its pieces may be separate words")
    add_decision_options(parser)
    parser.add_argument("--their-time", action="store_true",
                        help="read a wall-clock --at (14:30, '2026-12-01 14:30') on the contact's clock, not yours")
    history = parser.add_argument_group("contact history (frequency caps, opt-outs, consent, callbacks)")
    history.add_argument("--subject", metavar="ID",
                         help="the debt, account or offer the contact is about (caps per subject)")
    history.add_argument("--contact-id", metavar="ID",
                         help="the person or account: caps kept per person (Florida, Regulation F) count the "
                              "attempts on all their recorded numbers, and their person-wide opt-outs apply")
    history.add_argument("--no-history", action="store_true", help="decide without reading the history store")
    from .history import add_store_arguments

    add_store_arguments(history)
    add_display_options(parser)
    add_config_options(parser)
    picture = parser.add_argument_group("picture of the day")
    picture.add_argument("--timeline", action="store_true",
                         help="add a strip of the next 24 hours (30 minutes a character)")
    picture.add_argument("--week", action="store_true", help="the strip for the next 7 days, a row a day")
    picture.add_argument("--all-zones", action="store_true",
                         help="a number with several time zones: show every zone's time and strip, not only "
                              "the zone that binds (the others folded into one line)")
    parser.add_argument("--json", action="store_true", help="print the decision as one JSON object")
    return parser


def decide_with_history(args: argparse.Namespace, policy: Policy, question: Question,
                        ) -> tuple[Decision, History, str | None]:
    """The decision on the number's records in the store the options name, logged in the
    store's decision log when it keeps one, and the store file looked for when there was none
    to read (the built-in one, not made yet; None when a store was read). The settings file is
    the one the options chose (--config), or none with --no-config: history.load_history would
    look the default settings file up again and read its db even with --no-config."""
    from .history import HistoryReader

    number = question.subscriber.number
    with HistoryReader.from_args(args) as reader:
        history = reader.histories_of_contacts({number: question.contact_id})[number]
        decision = policy.answer(question, history)
        if reader.store is not None and reader.store.audit_retention() is not None:
            reader.store.log_decisions([(decision.to_dict(), "cli")])
        return decision, history, reader.missing


def unread_store_field(path: str) -> dict[str, object]:
    """The --json answer's `history_store` when no store was read (the built-in one does not
    exist yet): the decision is on no recorded history, and the object says so and where the
    command looked. (Absent when a store was read; a field of the command's output, as
    `timeline` is, not of the decision contract.)"""
    from .history import unread_store_words

    return {"read": False, "path": path, "note": f"history: {unread_store_words(path)}"}


def binding_zone(policy: Policy, question: Question, history: History | None, decision: Decision) -> str | None:
    """For a number with several candidate zones, the zone that decides the answer: the first
    zone that is closed on its own at the edge of the combined answer - when the window closes
    (allowed now), or the minute before it opens (not allowed). Each zone is asked of the
    policy with the zone as a hint; None when there is no edge (blocked, no window)."""
    if len(decision.zones) < 2:
        return None
    if decision.allowed:
        edge = decision.window_closes_at
    else:
        edge = None if decision.next_allowed_at is None else decision.next_allowed_at - timedelta(minutes=1)
    if edge is None or edge < decision.at:
        return None
    for zone in decision.zones:
        try:
            alone = policy.answer(question.replace(zone=zone, at=edge), history)
        except CallwindowError:  # an edge past the supported range: no zone to name, the answer stands
            return None
        if not alone.allowed:
            return zone
    return None


def their_clock(zones: tuple[str, ...]) -> MyZone:
    """The contact's zone as the clock --at is read on (--their-time): one zone, or a clear
    error - with several candidate zones "14:30 their time" names several instants."""
    from ..errors import InvalidInput
    from ..settings import MyZone

    if len(zones) != 1:
        which = f"{len(zones)} time zones ({', '.join(zones)})" if zones else "no known time zone"
        raise InvalidInput(f"--their-time: the number may be in {which}: give --zone (or --subdivision), "
                           "or an --at with an offset")
    from .. import clock

    return MyZone(zones[0], clock.get_zone(zones[0]))


def check_main(argv: Sequence[str]) -> int:
    from ..settings import my_zone

    parser = build_parser()
    try:
        # intermixed: `can-i-call +1 212 --at 14:30 555 0123` still joins the number's pieces
        args = parser.parse_intermixed_args(list(argv))
    except UsageError as error:
        return fail(str(error))
    number = " ".join(args.number)
    try:
        apply_settings(args)
        args.zone = canonical_zone(args.zone, "--zone")
        me = my_zone(canonical_zone(args.my_zone, "--my-zone"))
        region = national_default_region(args, number)
        if args.their_time:
            # The contact's clock: the number (with its hints) must name one zone.
            where = question_from_args(args, number, None, default_region=region)
            when = read_at(args.at, their_clock(where.subscriber.zones), "their time")
        else:
            when = read_at(args.at, me)
        policy = build_policy(args)
        question = question_from_args(args, number, when.instant, default_region=region)
        history = None
        unread: str | None = None  # the store file looked for, when there was no store to read
        if args.no_history:
            decision = policy.answer(question, None)
        else:
            # The decision consults the store by default (--db, settings, $CALLWINDOW_DB, data folder).
            decision, history, unread = decide_with_history(args, policy, question)
    except CallwindowError as error:
        return fail(str(error))
    # What may be done meanwhile: the engine's answer for a text at the same instant.
    text = None
    if not args.json and decision.channel.value == "call" and not decision.allowed and decision.zones:
        text = policy.answer(question.replace(channel="sms"), history)
    binding = None if args.json else binding_zone(policy, question, history, decision)
    # The compact picture of a several-zone number: all zones together on the binding zone's
    # clock (or the first zone's, when none binds). The JSON always carries every strip.
    focus = None if args.json or args.all_zones or len(decision.zones) < 2 else binding or decision.zones[0]
    strips = None
    if args.timeline or args.week:
        from ..timeline import day_picture

        try:
            strips = day_picture(policy, question, history, week=args.week, me=me, focus=focus)
        except CallwindowError as error:  # the picture's slots run past the supported range (2099)
            return fail(f"{'--week' if args.week else '--timeline'}: the picture cannot be drawn: {error}")
    if args.json:
        payload = decision.to_dict()
        if unread is not None:
            payload["history_store"] = unread_store_field(unread)
        if strips is not None:
            payload["timeline"] = strips.to_dict()
        output = json.dumps(payload, ensure_ascii=False)
    else:
        from .history import unread_store_words
        from .render import Style, render_answer

        style = Style.for_stream(sys.stdout, args.color)
        # A future instant is "allowed at that time", never "call now": the caller would dial at once.
        not_now = abs(decision.at - datetime.now(UTC)) > timedelta(minutes=1)  # a past or future --at
        output = render_answer(decision, me=me, text=text, style=style, not_now=not_now, reading=when.reading,
                               call_duration=policy.call_duration, binding=binding, all_zones=args.all_zones,
                               history_note=None if unread is None else unread_store_words(unread))
        if strips is not None:
            from .timeline import render_picture

            output += "\n\n" + render_picture(strips, style)
    write(output)
    return EXIT_ALLOWED if decision.allowed else EXIT_NOT_ALLOWED
