"""`can-i-call claim NUMBER`, `can-i-call complete CLAIM_ID`, `can-i-call release CLAIM_ID`:
the atomic claim of callwindow.claims for dialers that script the command line.

`claim` takes the single check's decision options (the same decision: `Policy.claim` asks
`Policy.answer` on the store's history inside the store's transaction) and prints the claim
as one JSON object. Exit status: 0 granted (dial, then complete or release), 1 not granted
(the decision says why), 2 bad input or a store error (nothing written).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from datetime import timedelta

from ..errors import CallwindowError, InvalidInput
from .common import (
    OneLineParser,
    UsageError,
    add_config_options,
    add_decision_options,
    apply_settings,
    build_policy,
    fail,
    question_from_args,
    write,
)
from .history import add_store_arguments, open_named_store

EXIT_GRANTED, EXIT_REFUSED = 0, 1


_EXAMPLES = {
    "claim": 'can-i-call claim "+1 305 555 0123" --purpose sales --hold 300 --idempotency-key agent-7:lead-42',
    "complete": "can-i-call complete 1234 --outcome no_answer",
    "release": "can-i-call release 1234",
}


def _parser(prog: str, text: str) -> argparse.ArgumentParser:
    return OneLineParser(prog=f"can-i-call {prog}", description=text, allow_abbrev=False,
                         epilog=f"examples:\n  {_EXAMPLES[prog]}",
                         formatter_class=argparse.RawDescriptionHelpFormatter)


def claim_main(argv: Sequence[str]) -> int:
    parser = _parser("claim", "decide and, when allowed, hold the slot in one step (for dialers: two claims can "
                     "never both take the last call a cap allows)")
    parser.add_argument("number", help="phone number, best in international form (+CC...)")
    add_decision_options(parser)
    add_config_options(parser)
    add_store_arguments(parser)
    parser.add_argument("--subject", help="the debt, account or offer (caps that count per subject)")
    parser.add_argument("--contact-id", metavar="ID", help="the person or account (caps kept per person)")
    parser.add_argument("--hold", type=float, default=300.0, metavar="SECONDS",
                        help="how long the slot is held if the claim is never completed or released (default 300)")
    parser.add_argument("--idempotency-key", metavar="KEY",
                        help="a retry with the same key returns the first claim and records nothing")
    try:
        args = parser.parse_args(list(argv))
    except UsageError as error:
        return fail(str(error))
    try:
        apply_settings(args)
        policy = build_policy(args)
        question = question_from_args(args, args.number, args.at)
        hold = _hold(args.hold)
        with open_named_store(args) as store:
            found = policy.claim(question, store, hold=hold, idempotency_key=args.idempotency_key)
    except CallwindowError as error:
        return fail(str(error))
    write(json.dumps(found.to_dict(), ensure_ascii=False))
    return EXIT_GRANTED if found.granted else EXIT_REFUSED


def complete_main(argv: Sequence[str]) -> int:
    parser = _parser("complete", "finish a claim with the call's outcome: it becomes a recorded attempt")
    parser.add_argument("claim_id", help="the claim's id, as `can-i-call claim` printed it")
    parser.add_argument("--outcome", required=True,
                        help="answered, conversation, no_answer, voicemail, dropped, refused, sent")
    add_store_arguments(parser)
    add_config_options(parser)
    try:
        args = parser.parse_args(list(argv))
    except UsageError as error:
        return fail(str(error))
    try:
        with open_named_store(args) as store:
            attempt = store.complete(args.claim_id, args.outcome)
    except CallwindowError as error:
        return fail(str(error))
    write(f"completed claim #{args.claim_id}: recorded attempt #{attempt} ({args.outcome})")
    return 0


def release_main(argv: Sequence[str]) -> int:
    parser = _parser("release", "give a claim's slot back (the call was not made)")
    parser.add_argument("claim_id", help="the claim's id, as `can-i-call claim` printed it")
    add_store_arguments(parser)
    add_config_options(parser)
    try:
        args = parser.parse_args(list(argv))
    except UsageError as error:
        return fail(str(error))
    try:
        with open_named_store(args) as store:
            store.release(args.claim_id)
    except CallwindowError as error:
        return fail(str(error))
    write(f"released claim #{args.claim_id}")
    return 0


def _hold(seconds: float) -> timedelta:
    if not seconds == seconds or seconds in (float("inf"), float("-inf")):  # NaN or infinite
        raise InvalidInput(f"--hold must be a number of seconds, not {seconds}")
    if not 1 <= seconds <= 43_200:
        raise InvalidInput(f"--hold must be between 1 and 43200 seconds, not {seconds:g}")
    return timedelta(seconds=seconds)
