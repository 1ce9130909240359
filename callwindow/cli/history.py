"""can-i-call's history subcommands: record what happened, show what is known.

    can-i-call record   NUMBER --outcome OUTCOME [--at ISO] [--channel] [--purpose] [--subject ID]
    can-i-call opt-out  NUMBER [--channel C]... [--purpose P]... [--at ISO] [--provenance TEXT]
    can-i-call consent  NUMBER [--channel C]... [--purpose P]... [--expires ISO] [--provenance TEXT] [--at ISO]
    can-i-call callback NUMBER --at ISO [--until ISO] [--channel C]
    can-i-call ask      NUMBER [--at ISO] [--reply yes|no|none] [--replied-at ISO]
    can-i-call relationship NUMBER --kind purchase|inquiry [--at ISO] [--provenance TEXT]
    can-i-call relationship NUMBER --remove [--kind purchase|inquiry]
    can-i-call history  NUMBER [--since ISO] [--json]

All take --db PATH_OR_URL (default: $CALLWINDOW_DB, else a file in the user's
data folder), --hash-key-env VAR (the NAME of an environment variable holding
the key that numbers are hashed with; default: $CALLWINDOW_HASH_KEY when set)
and --default-region CC (for numbers written without +CC).

Exit status: 0 done, 2 bad input or a store error (one line on stderr,
nothing written). The main `can-i-call` command routes here when its first
argument is one of SUBCOMMANDS; `python -m callwindow.cli.history ...` works too.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from ..errors import CallwindowError, InvalidInput
from ..history import (
    Attempt,
    Callback,
    Consent,
    ConvenienceAsk,
    History,
    OptOut,
    Outcome,
    Relationship,
    RelationshipKind,
    history_to_dict,
)
from ..model import Channel, Choice, Purpose
from ..numbers import resolve
from ..store import (
    ENV_DB,
    BatchHistories,
    HistoryStore,
    StoreError,
    default_db_path,
    is_missing,
    open_store,
    require_store,
    validate_record,
)
from .common import OneLineParser, UsageError

SUBCOMMANDS = ("record", "opt-out", "consent", "callback", "ask", "relationship", "history")
ENV_HASH_KEY = "CALLWINDOW_HASH_KEY"
EXIT_OK, EXIT_USAGE = 0, 2
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

_EXAMPLES = """\
examples:
  can-i-call record +13055550123 --outcome no_answer --subject offer-1
  can-i-call record +13055550123 --outcome conversation --at 2026-03-10T14:00:00Z
  can-i-call opt-out +13055550123 --channel sms --provenance "STOP by text"
  can-i-call consent +13055550123 --purpose sales --expires 2027-03-10T00:00:00Z --provenance "web form"
  can-i-call callback +13055550123 --at 2026-03-11T18:00:00Z --until 2026-03-11T18:30:00Z
  can-i-call ask +13055550123 --reply yes --replied-at 2026-03-10T14:05:00Z
  can-i-call relationship +13055550123 --kind purchase --at 2026-03-10T14:00:00Z --provenance "order 1234"
  can-i-call history +13055550123 --json

outcomes: answered, conversation, no_answer, voicemail, dropped, refused, sent
exit status: 0 done, 2 bad input or store error (nothing written)
"""


def add_store_arguments(parser: argparse._ActionsContainer) -> None:  # a parser or an argument group
    """--db and --hash-key-env, as every history-aware command takes them."""
    parser.add_argument("--db", metavar="PATH_OR_URL",
                        help="history store: a SQLite file or a postgresql:// URL (default: $CALLWINDOW_DB, "
                             "else $XDG_DATA_HOME/callwindow/history.sqlite3)")
    parser.add_argument("--hash-key-env", metavar="VAR",
                        help=f"name of an environment variable holding the key numbers are stored hashed with "
                             f"(default: {ENV_HASH_KEY} when set); never put a key on the command line")
    parser.add_argument("--create-db", action="store_true",
                        help="a --db or $CALLWINDOW_DB file that does not exist yet is a new, empty store "
                             "(without this it is an error: a mistyped path must not mean 'no history')")


_COMMAND_EXAMPLES = {
    "record": 'can-i-call record "+1 305 555 0123" --outcome no_answer --subject offer-42',
    "opt-out": 'can-i-call opt-out "+1 305 555 0123" --channel sms --provenance "STOP by text"',
    "consent": 'can-i-call consent "+49 30 12345678" --purpose sales --provenance "web form" '
               '--expires 2027-01-01T00:00:00Z',
    "callback": 'can-i-call callback "+33 1 23 45 67 89" --at 2026-11-28T10:00:00Z --until 2026-11-28T10:30:00Z',
    "ask": 'can-i-call ask "+1 212 555 0123" --reply yes --replied-at 2026-11-24T15:05:00Z',
    "relationship": 'can-i-call relationship "+1 305 555 0123" --kind inquiry --at 2026-11-20T15:00:00Z '
                    '--provenance "web form"',
    "history": 'can-i-call history "+1 305 555 0123" --json',
}


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="can-i-call", description="Record and show contact history (attempts, opt-outs, "
                     "consents, agreed callbacks, S6 convenience asks).", epilog=_EXAMPLES,
                     formatter_class=argparse.RawDescriptionHelpFormatter, allow_abbrev=False)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=OneLineParser)
    common = OneLineParser(add_help=False, allow_abbrev=False)
    common.add_argument("number", help="phone number, best in international form (+CC...)")
    add_store_arguments(common)
    common.add_argument("--default-region", metavar="CC", help="country for numbers written without +CC (e.g. FR)")
    common.add_argument("--config", metavar="PATH", help="settings file, for its `db` and `default_region` "
                        "(default: $CALLWINDOW_CONFIG, else ~/.config/callwindow/config.toml)")
    common.add_argument("--no-config", action="store_true", help="ignore any settings file")

    def command(name: str, text: str) -> argparse.ArgumentParser:
        return commands.add_parser(
            name, parents=[common], help=text, description=text, allow_abbrev=False,
            epilog=f"examples:\n  {_COMMAND_EXAMPLES[name]}", formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    channels = ", ".join(c.value for c in Channel)
    purposes = ", ".join(p.value for p in Purpose)
    record = command("record", "record a call or text attempt and its outcome")
    record.add_argument("--outcome", required=True, help=", ".join(o.value for o in Outcome))
    record.add_argument("--at", help="when, ISO 8601 with offset or Z (default: now)")
    record.add_argument("--channel", default="call", help=f"{channels} (default call)")
    record.add_argument("--purpose", default="sales", help=f"{purposes} (default sales)")
    record.add_argument("--subject", help="the debt, account or offer it was about (caps count per subject)")

    opt_out = command("opt-out", "record that the contact refused further contact")
    opt_out.add_argument("--channel", action="append", help=f"{channels}; repeatable (default: all)")
    opt_out.add_argument("--purpose", action="append", help=f"{purposes}; repeatable (default: all)")
    opt_out.add_argument("--at", help="when, ISO 8601 (default: now)")
    opt_out.add_argument("--provenance", default="", help="how it was given, e.g. 'STOP by text'")

    consent = command("consent", "record prior express consent to be contacted")
    consent.add_argument("--channel", action="append", help=f"{channels}; repeatable (default: all)")
    consent.add_argument("--purpose", action="append", help=f"{purposes}; repeatable (default: all)")
    consent.add_argument("--expires", help="when the consent ends, ISO 8601 (default: never)")
    consent.add_argument("--provenance", default="", help="how it was given, e.g. 'web form 2026-03-10'")
    consent.add_argument("--at", help="when it was given, ISO 8601 (default: now)")

    callback = command("callback", "record a time the contact asked to be called back (S11)")
    callback.add_argument("--at", required=True, help="the agreed time (start), ISO 8601")
    callback.add_argument("--until", help="end of the agreed window (default: 15 minutes after --at)")
    callback.add_argument("--channel", default="call", help=f"{channels} (default call)")

    ask = command("ask", "record an 'is it convenient to talk?' text (S6) and its reply")
    ask.add_argument("--at", help="when it was sent, ISO 8601 (default: now)")
    ask.add_argument("--reply", default="none", help="yes, no or none (no reply yet; the default)")
    ask.add_argument("--replied-at", help="when the reply came, ISO 8601")

    relationship = command("relationship", "record a business relationship (a purchase or an inquiry): it lifts a "
                                           "do-not-call registry listing where the law's data says so")
    relationship.add_argument("--kind", help=", ".join(k.value for k in RelationshipKind) + " (required to record)")
    relationship.add_argument("--at", help="when the purchase or inquiry was, ISO 8601 (default: now)")
    relationship.add_argument("--provenance", default="", help="what it was, e.g. 'order 1234'")
    relationship.add_argument("--remove", action="store_true",
                              help="delete the number's recorded relationships instead (of --kind only, if given): "
                                   "a refund, a record made by mistake")

    for personal in (record, opt_out, consent, relationship):
        personal.add_argument("--contact-id", metavar="ID",
                              help="the person or account (an opt-out or consent with it covers all their numbers; "
                                   "caps kept per person count the attempts on all their numbers)")
    for recording in (record, opt_out, consent, callback, ask, relationship):
        recording.add_argument("--idempotency-key", metavar="KEY",
                               help="a retry with the same key and the same record records nothing and prints the "
                                    "first id; the same key for another record is an error")

    history = command("history", "show what is recorded about a number")
    history.add_argument("--since", help="only attempts at or after this instant (opt-outs etc. always shown)")
    history.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


# ------------------------------------------------------------ helpers for other commands


def add_store_options(parser: argparse.ArgumentParser) -> None:
    """The store arguments plus --config/--no-config, for commands that only use the store."""
    add_store_arguments(parser)
    parser.add_argument("--config", metavar="PATH", help="settings file, for its `db`")
    parser.add_argument("--no-config", action="store_true", help="ignore any settings file")


def open_named_store(args: argparse.Namespace, *, create: bool | None = None) -> HistoryStore:
    """The store the options name (--db, the settings file, $CALLWINDOW_DB, the default), which
    must exist unless `create` (default: --create-db), opened with --hash-key-env's key."""
    target, named_by = store_target(args.db, config=args.config, no_config=args.no_config)
    require_store(target, named_by, create=args.create_db if create is None else create)
    return open_store(target, hash_key=hash_key_from_env(args.hash_key_env))


def hash_key_from_env(variable: str | None) -> bytes | None:
    """The key held by environment variable `variable` (None: $CALLWINDOW_HASH_KEY
    if set, else no hashing). InvalidInput if a named variable is unset."""
    if variable is None:
        value = os.environ.get(ENV_HASH_KEY, "")
        return value.encode("utf-8") if value else None
    if not _ENV_NAME.match(variable):
        raise InvalidInput("--hash-key-env takes the NAME of an environment variable that holds the key, "
                           "not the key itself")
    value = os.environ.get(variable, "")
    if not value:
        raise InvalidInput(f"--hash-key-env {variable}: the environment variable {variable} is not set or empty")
    return value.encode("utf-8")


def store_target(db: str | None, *, config: str | None = None, no_config: bool = False) -> tuple[str, str]:
    """Which store, and what named it: `db` (--db) if given, else the settings file's `db`,
    else $CALLWINDOW_DB, else the user's data folder."""
    if db and db.strip():
        return db.strip(), "--db"
    configured = _settings(config, no_config).db
    if configured:
        return configured, "the settings file's db"
    if os.environ.get(ENV_DB, "").strip():
        return default_db_path(), f"${ENV_DB}"
    return default_db_path(), "the default location"


def _settings(config: str | None, no_config: bool) -> Any:
    from .. import settings

    return settings.load(config, disabled=no_config)


def load_history(number: str, *, db: str | None = None, hash_key_env: str | None = None,
                 since: datetime | str | None = None, create_db: bool = False,
                 contact_id: str | None = None) -> History:
    """The recorded history of `number` (E.164) for a decision (see HistoryReader); with a
    contact id, the person's records on their other numbers too."""
    with HistoryReader.from_options(db, hash_key_env, create_db=create_db) as reader:
        return reader.histories_of_contacts({number: contact_id}, since)[number]


class HistoryReader:
    """The history store the command's options name, read for decisions: the single check and
    every chunk of a lead list read through here, so that both see the same records.

    A store named by --db, $CALLWINDOW_DB or the settings file must exist (MissingStore
    otherwise, unless --create-db); the default location that does not exist yet holds no
    history (reading creates no file); a store that exists but cannot be read raises, so that
    no decision is made without its history. `missing`: the file looked for when there was no
    store to read (None when one was read), so that the answer can say that no history was read
    and where it looked (`unread_store_words`): "no history" must never be silent."""

    def __init__(self, target: str, key: bytes | None) -> None:
        absent = is_missing(target)
        self.store: HistoryStore | None = None if absent else open_store(target, hash_key=key)
        self.missing: str | None = os.path.abspath(os.path.expanduser(target.strip())) if absent else None

    @classmethod
    def from_options(cls, db: str | None = None, hash_key_env: str | None = None, *,
                     create_db: bool = False) -> HistoryReader:
        """The store of --db (else the settings file's, else the default) and --hash-key-env."""
        target, named_by = store_target(db)
        require_store(target, named_by, create=create_db)
        return cls(target, hash_key_from_env(hash_key_env))

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> HistoryReader:
        """The store a decision command's options name, after apply_settings: --db as typed, else
        the settings file the options chose (--config; none with --no-config), else $CALLWINDOW_DB,
        else the default. (args.db filled from the settings file is not "typed": store_target
        reads it from the chosen file again, so --no-config is honoured.)"""
        typed = None if "db" in getattr(args, "from_settings", frozenset()) else args.db
        target, named_by = store_target(typed, config=getattr(args, "config", None),
                                        no_config=getattr(args, "no_config", False))
        require_store(target, named_by, create=args.create_db)
        return cls(target, hash_key_from_env(args.hash_key_env))

    def histories(self, numbers: Iterable[str], since: datetime | str | None = None) -> dict[str, History]:
        """number (E.164) -> its History, for every number given."""
        if self.store is None:
            return {number: History() for number in numbers}
        return self.store.histories(numbers, since)

    def batch_histories(self, numbers: Sequence[str]) -> BatchHistories:
        """What the batch engine reads of a lead list's numbers (BaseStore.batch_histories: a
        number whose only records are list entries comes as its list signature, not as a
        History: most listed rows of a US lead list); nothing recorded without a store."""
        if self.store is None:
            return BatchHistories.nothing(len(numbers))
        read = getattr(self.store, "batch_histories", None)  # (every store open_store makes has it)
        if read is None:  # pragma: no cover - never a silent empty history
            raise StoreError(f"{type(self.store).__name__} cannot read a lead list's histories")
        found: BatchHistories = read(numbers)
        return found

    def histories_of_contacts(self, contacts: dict[str, str | None], since: datetime | str | None = None,
                              ) -> dict[str, History]:
        """histories(), each with the records of its contact id (None: none) on other numbers."""
        if self.store is None:
            return {number: History() for number in contacts}
        return self.store.histories_of_contacts(contacts, since)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    def __enter__(self) -> HistoryReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def unread_store_words(path: str) -> str:
    """`none yet (no store at ~/.local/share/callwindow/history.sqlite3)`: what a decision read
    when the built-in store does not exist yet (a first run), the home folder written as ~."""
    home = os.path.expanduser("~")
    shown = "~" + path[len(home):] if home not in ("", "/", "~") and path.startswith(home + os.sep) else path
    return f"none yet (no store at {shown})"


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with Z (seconds, or microseconds when there are some)."""
    if moment is None:
        return None
    utc = moment.astimezone(UTC)
    return utc.isoformat(timespec="seconds" if utc.microsecond == 0 else "microseconds").replace("+00:00", "Z")


def _values(members: frozenset[Any], kind: type[Choice]) -> list[str]:
    return [member.value for member in kind if member in members]


def _scope(members: frozenset[Any], kind: type[Choice], all_text: str) -> str:
    values = _values(members, kind)
    return all_text if len(values) == len(kind) else ", ".join(values)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def render_history(number: str, history: History, since: datetime | None = None) -> str:
    """The readable listing of `can-i-call history`."""
    head = (f"{number}: {_plural(len(history.attempts), 'attempt')}"
            f"{f' since {iso(since)}' if since else ''}, {_plural(len(history.opt_outs), 'opt-out')}, "
            f"{_plural(len(history.consents), 'consent')}, {_plural(len(history.callbacks), 'agreed callback')}, "
            f"{_plural(len(history.asks), 'convenience ask')}")
    if history.relationships:
        head += f", {_plural(len(history.relationships), 'business relationship')}"
    lines = [head]
    if history.attempts:
        lines.append("attempts:")
        for a in history.attempts:
            subject = f"  subject {a.subject}" if a.subject else ""
            line = f"  {iso(a.at)}  {a.channel.value:<4}  {a.purpose.value:<10}  {a.outcome.value:<12}{subject}"
            lines.append(line.rstrip())
    if history.opt_outs:
        lines.append("opt-outs:")
        for o in history.opt_outs:
            provenance = f"  ({o.provenance})" if o.provenance else ""
            lines.append(f"  {iso(o.at)}  {_scope(o.channels, Channel, 'all channels')}  for "
                         f"{_scope(o.purposes, Purpose, 'all purposes')}{provenance}")
    if history.consents:
        lines.append("consents:")
        for c in history.consents:
            until = f"  until {iso(c.expires_at)}" if c.expires_at else "  no expiry"
            lines.append(f"  {iso(c.at)}  {_scope(c.channels, Channel, 'all channels')}  for "
                         f"{_scope(c.purposes, Purpose, 'all purposes')}{until}"
                         f"{f'  ({c.provenance})' if c.provenance else ''}")
    if history.callbacks:
        lines.append("agreed callbacks:")
        for cb in history.callbacks:
            lines.append(f"  {iso(cb.start)} to {iso(cb.end)}  {cb.channel.value}")
    if history.asks:
        lines.append("convenience asks (S6):")
        for ask in history.asks:
            lines.append(f"  {iso(ask.at)}  {_reply_text(ask)}")
    if history.relationships:
        lines.append("business relationships:")
        for r in history.relationships:
            lines.append(f"  {iso(r.at)}  {r.kind.value}{f'  ({r.provenance})' if r.provenance else ''}")
    return "\n".join(lines)


def _reply_text(ask: ConvenienceAsk) -> str:
    if ask.reply is None:
        return "no reply yet"
    return f"replied {'yes' if ask.reply else 'no'}{f' at {iso(ask.replied_at)}' if ask.replied_at else ''}"


# ------------------------------------------------------------ the commands


def _now() -> datetime:
    return datetime.now(UTC)


def _build(args: argparse.Namespace, number: str,
           ) -> tuple[str, Attempt | OptOut | Consent | Callback | ConvenienceAsk | Relationship]:
    """The validated record for a recording subcommand, and its kind's name."""
    if args.command == "record":
        return "attempt", Attempt.create(number, args.at or _now(), channel=args.channel, purpose=args.purpose,
                                         outcome=args.outcome, subject=args.subject, contact_id=args.contact_id)
    if args.command == "opt-out":
        return "opt-out", OptOut.create(number, args.at or _now(), channels=args.channel, purposes=args.purpose,
                                        provenance=args.provenance, contact_id=args.contact_id)
    if args.command == "consent":
        return "consent", Consent.create(number, args.at or _now(), channels=args.channel, purposes=args.purpose,
                                         expires_at=args.expires, provenance=args.provenance,
                                         contact_id=args.contact_id)
    if args.command == "callback":
        return "agreed callback", Callback.create(number, args.at, args.until, channel=args.channel)
    if args.command == "relationship":
        if args.kind is None:
            raise InvalidInput("relationship: --kind is required (purchase or inquiry), or --remove")
        return "business relationship", Relationship.create(number, args.at or _now(), kind=args.kind,
                                                            provenance=args.provenance, contact_id=args.contact_id)
    if args.reply.strip().lower() in ("", "none", "no_reply") and args.replied_at:
        raise InvalidInput("--replied-at needs --reply yes or no")
    return "convenience ask", ConvenienceAsk.create(number, args.at or _now(), reply=args.reply,
                                                    replied_at=args.replied_at)


def _describe(record: object) -> str:
    if isinstance(record, Attempt):
        subject = f", subject {record.subject}" if record.subject else ""
        return (f"{record.channel.value} for {record.purpose.value} at {iso(record.at)}: "
                f"{record.outcome.value}{subject}")
    if isinstance(record, OptOut):
        provenance = f" ({record.provenance})" if record.provenance else ""
        return (f"no {_scope(record.channels, Channel, 'contact')} for "
                f"{_scope(record.purposes, Purpose, 'any purpose')} from {iso(record.at)}{provenance}")
    if isinstance(record, Consent):
        until = f" until {iso(record.expires_at)}" if record.expires_at else ""
        return (f"{_scope(record.channels, Channel, 'calls and texts')} for "
                f"{_scope(record.purposes, Purpose, 'any purpose')} from {iso(record.at)}{until}"
                f"{f' ({record.provenance})' if record.provenance else ''}")
    if isinstance(record, Callback):
        return f"{record.channel.value} between {iso(record.start)} and {iso(record.end)}"
    if isinstance(record, Relationship):
        return f"{record.kind.value} at {iso(record.at)}{f' ({record.provenance})' if record.provenance else ''}"
    assert isinstance(record, ConvenienceAsk)
    return f"sent {iso(record.at)}, {_reply_text(record)}"


def _record(store: HistoryStore, record: object) -> int:
    if isinstance(record, Attempt):
        return store.record_attempt(record)
    if isinstance(record, OptOut):
        return store.record_opt_out(record)
    if isinstance(record, Consent):
        return store.record_consent(record)
    if isinstance(record, Callback):
        return store.record_callback(record)
    if isinstance(record, Relationship):
        return store.record_relationship(record)
    assert isinstance(record, ConvenienceAsk)
    return store.record_ask(record)


def run(args: argparse.Namespace) -> str:
    """Do one parsed subcommand; the text to print. Everything is validated
    before the store is opened: bad input creates and writes nothing."""
    found = _settings(args.config, args.no_config)  # command line > settings file > defaults
    number = resolve(args.number, default_region=args.default_region or found.default_region).number
    key = hash_key_from_env(args.hash_key_env)
    target, named_by = store_target(args.db, config=args.config, no_config=args.no_config)
    if args.command == "history":
        since = None if args.since is None else _since(args.since)
        require_store(target, named_by, create=args.create_db)
        with HistoryReader(target, key) as reader:
            found = reader.histories([number], since)[number]
            missing = reader.missing
        if args.json:
            return json.dumps(history_to_dict(number, found, since), ensure_ascii=False)
        shown = render_history(number, found, since)
        return shown if missing is None else f"{shown}\nhistory: {unread_store_words(missing)}"
    if args.command == "relationship" and args.remove:
        return _remove_relationships(args, number, key, target, named_by)
    kind, record = _build(args, number)
    validate_record(record)  # the store's own checks, before anything is opened or created
    require_store(target, named_by, create=args.create_db)  # a mistyped --db must not start a new store
    store = open_store(target, hash_key=key)
    try:
        if args.idempotency_key is not None:
            (record_id,) = store.record_idempotent([record], args.idempotency_key)
        else:
            record_id = _record(store, record)
    finally:
        store.close()
    return f"recorded {kind} #{record_id}: {number} {_describe(record)}"


def _remove_relationships(args: argparse.Namespace, number: str, key: bytes | None, target: str,
                          named_by: str) -> str:
    """`relationship --remove`: nothing else of a recording makes sense with it."""
    if args.idempotency_key is not None or args.provenance or args.at or args.contact_id:
        raise InvalidInput("--remove takes only --kind (and the store options)")
    kind = None if args.kind is None else RelationshipKind.parse(args.kind).value
    require_store(target, named_by, create=False)  # nothing to remove from a store that does not exist
    store = open_store(target, hash_key=key)
    try:
        removed = store.remove_relationships(number, kind)
    finally:
        store.close()
    which = f"{kind} " if kind else ""
    return f"removed {_plural(removed, f'{which}business relationship')} of {number}"


def _since(text: str) -> datetime:
    from ..instants import parse_instant

    try:
        return parse_instant(text)
    except InvalidInput as error:
        raise InvalidInput(f"--since: {error}") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run `can-i-call <subcommand> ...` (argv includes the subcommand word)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(arguments)
        text = run(args)
    except SystemExit as leaving:  # --help
        return int(leaving.code or 0) if not isinstance(leaving.code, str) else EXIT_USAGE
    except UsageError as error:
        print(f"can-i-call: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except CallwindowError as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        print(f"can-i-call: error: {message}", file=sys.stderr)
        return EXIT_USAGE
    try:
        print(text, flush=True)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return EXIT_OK


# For the main command's dispatcher (callwindow.cli.common.SUBCOMMANDS), which passes
# the arguments after the subcommand word: one entry point per word.
SUMMARIES = {
    "record": ("record_main", "record a call or text attempt and its outcome (contact history)"),
    "opt-out": ("opt_out_main", "record that a contact refused further calls or texts"),
    "consent": ("consent_main", "record a contact's prior express consent"),
    "callback": ("callback_main", "record a time the contact asked to be called back"),
    "ask": ("ask_main", "record an 'is it convenient?' text (S6) and its reply"),
    "relationship": ("relationship_main", "record a business relationship (purchase or inquiry) with a contact"),
    "history": ("history_main", "show a number's recorded contact history"),
}


def record_main(argv: Sequence[str]) -> int:
    return main(["record", *argv])


def opt_out_main(argv: Sequence[str]) -> int:
    return main(["opt-out", *argv])


def consent_main(argv: Sequence[str]) -> int:
    return main(["consent", *argv])


def callback_main(argv: Sequence[str]) -> int:
    return main(["callback", *argv])


def ask_main(argv: Sequence[str]) -> int:
    return main(["ask", *argv])


def relationship_main(argv: Sequence[str]) -> int:
    return main(["relationship", *argv])


def history_main(argv: Sequence[str]) -> int:
    return main(["history", *argv])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
