"""callwindow: may I phone or text this number now, and if not, when?

    >>> from callwindow import check
    >>> decision = check("+1 212 555 0123", "2026-11-24T15:00:00Z")
    >>> decision.action
    <Action.CALL: 'call'>
    >>> decision.window_closes_at  # 11:57 in New York: the three-minute rule before noon
    datetime.datetime(2026, 11, 24, 16, 57, tzinfo=datetime.timezone.utc)

Not legal advice: see the README.
"""

from __future__ import annotations

from .errors import CallwindowError, InvalidInput, InvalidNumber, InvalidRegion, InvalidZone, RuleDataError
from .history import Attempt, Callback, Consent, ConvenienceAsk, History, OptOut, Outcome
from .instants import parse_instant
from .model import Action, CallType, Channel, ContactKind, Decision, Purpose, Reason, RuleKind, Subscriber
from .numbers import resolve
from .policy import Policy, check, default_policy
from .rules import load_all
from .version import __version__

__all__ = [
    "Action",
    "Attempt",
    "CallType",
    "Callback",
    "CallwindowError",
    "Channel",
    "Consent",
    "ContactKind",
    "ConvenienceAsk",
    "Decision",
    "History",
    "InvalidInput",
    "InvalidNumber",
    "InvalidRegion",
    "InvalidZone",
    "OptOut",
    "Outcome",
    "Policy",
    "Purpose",
    "Reason",
    "RuleDataError",
    "RuleKind",
    "Subscriber",
    "__version__",
    "check",
    "default_policy",
    "load_all",
    "parse_instant",
    "resolve",
]
