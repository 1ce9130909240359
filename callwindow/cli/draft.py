"""`can-i-call draft NUMBER --kind ask|voicemail|greeting`: a message in the contact's language,
signed, with when it may be sent (`callwindow.drafts.draft_message`). Never sent by us; with
--sent, an `ask` the user has sent is recorded as an S6 ask (its reply then decides the call)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from ..drafts import KINDS, Draft, Signature, draft_message, languages
from ..errors import CallwindowError
from .common import (
    EXIT_ALLOWED,
    EXIT_NOT_ALLOWED,
    OneLineParser,
    UsageError,
    add_config_options,
    add_decision_options,
    add_display_options,
    build_policy,
    fail,
    write,
)
from .retries import add_history_options, question_of, read_history


def build_parser() -> OneLineParser:
    parser = OneLineParser(
        prog="can-i-call draft",
        description="Draft a message in the contact's language, signed, with when it may be sent: ask = 'is a "
                    "short call convenient?' (S4, S6), voicemail = your name, number and two allowed call-back "
                    "windows in their time (S13), greeting = for their coming public holiday (S16). callwindow "
                    "never sends it.",
        epilog="examples:\n"
               "  can-i-call draft +4930123456 --kind ask --my-name 'Anna Schmidt' --my-extension 214\n"
               "  can-i-call draft +12125550123 --kind voicemail --my-number '+1 212 555 0199'\n"
               "  can-i-call draft +81312345678 --kind greeting --json\n"
               "  can-i-call draft +4930123456 --kind ask --sent     record the sent ask (S6)\n"
               f"languages: {', '.join(languages())} (most phrasings machine-drafted: have them reviewed)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("number", nargs="+", help="phone number, best in international form (+CC...)")
    parser.add_argument("--kind", required=True, choices=list(KINDS), help="which message")
    parser.add_argument("--language", metavar="CODE",
                        help="ISO 639-1 code (default: the language of the contact's country, else en)")
    signed = parser.add_argument_group("signature (default: the settings file's my_name, my_extension, ...)")
    signed.add_argument("--my-name", help="your name (every text is signed, S16)")
    signed.add_argument("--my-extension", help="your extension")
    signed.add_argument("--my-company", help="your company")
    signed.add_argument("--my-number", help="the number a voicemail asks them to call back (S13)")
    parser.add_argument("--sent", action="store_true",
                        help="you have sent this ask: record it as an S6 ask in the history store (kind ask only)")
    add_decision_options(parser)
    add_history_options(parser)
    add_display_options(parser)
    add_config_options(parser)
    parser.add_argument("--json", action="store_true", help="print the draft as one JSON object")
    return parser


def draft_main(argv: Sequence[str]) -> int:
    parser = build_parser()
    try:
        args = parser.parse_intermixed_args(list(argv))
    except UsageError as error:
        return fail(str(error))
    try:
        if args.sent and args.kind != "ask":
            raise CallwindowError("--sent records an S6 ask: only with --kind ask")
        question = question_of(args)  # fills the signature options from the settings file too
        signature = Signature.of(args.my_name, args.my_extension, args.my_company, args.my_number)
        policy = build_policy(args)
        history = read_history(args, question)
        draft = draft_message(policy, question, history, args.kind, signature, language=args.language)
        recorded = _record_sent(args, draft) if args.sent else None
    except CallwindowError as error:
        return fail(str(error))
    if args.json:
        payload = draft.to_dict()
        payload["recorded_ask_id"] = recorded
        write(json.dumps(payload, ensure_ascii=False))
    else:
        write(render_draft(draft, recorded))
    return EXIT_ALLOWED if draft.may_send_now else EXIT_NOT_ALLOWED


def _record_sent(args: argparse.Namespace, draft: Draft) -> int:
    """Record the sent ask (S6) at the instant asked; refused when it may not be sent now."""
    if not draft.may_send_now:
        raise CallwindowError(f"not recorded: the text may not be sent at that instant ({draft.when()})")
    from ..history import ConvenienceAsk
    from .history import open_named_store

    store = open_named_store(args)
    try:
        return store.record_ask(ConvenienceAsk.create(draft.number, draft.send.at))
    finally:
        store.close()


def render_draft(draft: Draft, recorded: int | None = None) -> str:
    review = ("have a native speaker review it before sending" if draft.review == "machine-drafted"
              else draft.review)
    lines = [f"Draft ({draft.kind}) for {draft.number} in {draft.language_name} ({review}):", draft.when(), ""]
    lines += [f"  {line}" for line in draft.text.splitlines()]
    lines.append("")
    if draft.holiday is not None:
        lines.append(f"For {draft.holiday[1]} on {draft.holiday[0]:%a %d %b %Y}.")
    if draft.send_from is None:
        lines.append("Not sent: callwindow never sends messages, and under these rules this one may not be sent.")
    elif recorded is not None:
        lines.append(f"Recorded as an S6 ask (id {recorded}): record the reply with can-i-call ask {draft.number} "
                     "--reply yes|no")
    elif draft.kind == "ask":
        lines.append(f"Not sent: callwindow never sends messages. Once sent: can-i-call ask {draft.number} "
                     "(or --sent here): its reply then decides the call (S6).")
    else:
        lines.append("Not sent: callwindow never sends messages.")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(draft_main(sys.argv[1:]))
