"""What both backends share: validating records, encoding them as rows (and
back), keying numbers (plain E.164 or HMAC-SHA256), the common operations.

Encoding (identical in SQLite and PostgreSQL):
- instants: integer microseconds since 1970-01-01T00:00:00Z (UTC, exact);
- enums: their values ("call", "sales", "no_answer");
- channel and purpose sets: comma-separated values in a fixed order ("call,sms");
- numbers: the E.164 text, or with a hash key the lowercase hex HMAC-SHA256 of it.
"""

from __future__ import annotations

import abc
import dataclasses
import functools
import hashlib
import hmac
import logging
import operator
import re
import sys
import threading
import time
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Generic, Protocol, TypeVar, cast

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
    Suppression,
    SuppressionList,
    e164,
)
from ..instants import parse_instant
from ..model import Channel, Choice, Purpose
from . import audit, reads, suppression
from .audit import AUDIT_SETTING

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
RECORD_TABLES = ("attempts", "opt_outs", "consents", "callbacks", "asks", "relationships")
NUMBER_KEYS_SETTING = "number_keys"
_FINGERPRINT_MESSAGE = b"callwindow: number-key check"


class StoreError(CallwindowError, RuntimeError):
    """The history store failed: cannot open or reach it, a locked or corrupt
    database, a schema newer than this callwindow, the wrong hash key."""


class IdempotencyConflict(InvalidInput):
    """An idempotency key already used for a different request (HTTP 409)."""


IDEMPOTENCY_DAYS = 7  # how long a key is remembered (at least the 24 h retries need)
_T = TypeVar("_T")


class Transaction(Protocol):
    """The reads and writes of one BaseStore._exclusive transaction (SQL with ? marks)."""

    def read(self, sql: str, params: tuple[Any, ...]) -> list[Any]: ...

    def insert(self, table: str, row: dict[str, Any]) -> int: ...

    def execute(self, sql: str, params: tuple[Any, ...]) -> int: ...

    def insert_rows(self, table: str, columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> None: ...


@dataclass(frozen=True, slots=True)
class ClaimResult(Generic[_T]):
    """What BaseStore.claim did: `answer` (None on a repeat), the pending claim's id (None:
    not granted, or a repeat), the result text recorded for the idempotency key."""

    answer: _T | None
    claim_id: int | None
    result: str
    repeated: bool = False


def _tagged(records: Iterable[Any], contact_id: str) -> tuple[Any, ...]:
    """Records of a person's other numbers, marked with the person's contact id (as asked: a
    hashed store keeps only its key)."""
    return tuple(dataclasses.replace(record, contact_id=contact_id) for record in records)


def _claim_id(value: object) -> int:
    try:
        number = int(str(value))
    except ValueError:
        raise InvalidInput(f"a claim id is a whole number, not {value!r}") from None
    if number <= 0 or number >= 2**63:
        raise InvalidInput(f"no claim {value}")
    return number


def _idempotency_key(value: object) -> str:
    key = _text(value, "idempotency key", limit=200)
    if not key or not key.strip():
        raise InvalidInput("an idempotency key cannot be empty")
    return key


# ---------------------------------------------------------------- encoding


def to_micros(moment: datetime) -> int:
    delta = moment.astimezone(UTC) - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_micros(value: int) -> datetime:
    return EPOCH + timedelta(microseconds=int(value))


_C = TypeVar("_C", bound=Choice)


def now_us() -> int:
    """The wall clock in microseconds (claims expire by it): to_micros(datetime.now(UTC)), a
    few times cheaper (every history read asks)."""
    return time.time_ns() // 1000


def _set_text(values: frozenset[Any], kind: type[Choice]) -> str:
    return ",".join(member.value for member in kind if member in values)


def _set_from_text(text: str, kind: type[_C]) -> frozenset[_C]:
    return frozenset(kind(part) for part in text.split(","))


class NumberKeys:
    """How numbers are written to the store: plain E.164, or HMAC-SHA256(key, E.164) hex."""

    def __init__(self, key: bytes | None) -> None:
        self._key = key

    @property
    def hashed(self) -> bool:
        return self._key is not None

    def key(self, number: str) -> str:
        if self._key is None:
            return number
        return hmac.new(self._key, number.encode("ascii"), hashlib.sha256).hexdigest()

    def values(self, numbers: Any) -> Any:
        """value() of numbers given as E.164 digits (an importer's array): as they are in a plain
        store, hashed one by one with a key."""
        if self._key is None:
            return numbers
        key, digest, hashed = self._key, hashlib.sha256, suppression.hashed_value
        return array("q", (hashed(hmac.new(key, b"+%d" % number, digest).digest()) for number in numbers))

    def contact_key(self, contact_id: str | None) -> str | None:
        """How a contact id (a person or account) is stored: as given, or keyed like numbers."""
        if not contact_id:
            return None
        if self._key is None:
            return contact_id
        return hmac.new(self._key, b"contact:" + contact_id.encode("utf-8"), hashlib.sha256).hexdigest()

    def mode(self) -> str:
        """The store setting: "plain", or "hmac-sha256:" + a fingerprint of the
        key (an HMAC of a fixed text: tells a wrong key, reveals nothing)."""
        if self._key is None:
            return "plain"
        return "hmac-sha256:" + hmac.new(self._key, _FINGERPRINT_MESSAGE, hashlib.sha256).hexdigest()[:16]


PLAIN_NOTICE_SETTING = "plain_numbers_notice"
LOG = logging.getLogger("callwindow.store")


def plain_notice(read: Callable[[str, tuple[Any, ...]], list[Any]], where: str) -> list[str]:
    """Inside a store's migration transaction: the warning that its numbers are kept in plain
    text, the first time the store is opened without a hash key (then recorded, so that it is
    said once per store, not once per open)."""
    if read("SELECT 1 FROM store_settings WHERE name = ?", (PLAIN_NOTICE_SETTING,)):
        return []
    read("INSERT INTO store_settings (name, value) VALUES (?, ?)", (PLAIN_NOTICE_SETTING, str(now_us())))
    return [f"callwindow: {where} keeps phone numbers in plain text (no hash key): whoever can read it can read "
            "them; a store opened with a hash key keeps HMAC-SHA256 keys instead (docs/history.md, \"Privacy\"). "
            "Said once per store."]


LOG.addHandler(logging.NullHandler())  # a library's logger: shown where the application configures logging


def warn_plain(notices: list[str]) -> None:
    """Say the notices of a store just opened (after its migration committed): a warning on the
    `callwindow.store` logger (seen where logging is configured: a service's log), and one line
    on stderr when it is a terminal (a person at the command line; scripts and pipes are not
    interrupted)."""
    for notice in notices:
        LOG.warning(notice)
        stream = sys.stderr
        if stream is not None and stream.isatty():
            print(notice, file=stream)


def check_number_keys(stored: str | None, keys: NumberKeys, where: str) -> None:
    if stored is None or stored == keys.mode():
        return
    if stored == "plain":
        raise StoreError(f"{where} stores numbers in plain text, but a hash key was given: open it without one "
                         "(or start a new store for hashed numbers)")
    if not keys.hashed:
        raise StoreError(f"{where} stores numbers as keyed hashes: give its hash key (can-i-call: --hash-key-env VAR)")
    raise StoreError(f"{where} stores numbers hashed with a different key: this key would find no history")


# ---------------------------------------------------------------- validation


def _number(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"number must be text in E.164 form like +13055550123, not {type(value).__name__}")
    return e164(value)


# Canonical E.164: what every record holds and every decision names. A read that asks for a
# number already in this form needs no parsing (a lead list asks for many thousands); a
# well-formed number that is not a valid one has simply no records.
_E164 = re.compile(r"\+[1-9][0-9]{6,14}")


def _number_to_read(value: object) -> str:
    if isinstance(value, str) and _E164.fullmatch(value):
        return value
    return _number(value)


def _instant(value: object, what: str) -> datetime:
    if value is None:
        raise InvalidInput(f"{what} is missing")
    if not isinstance(value, (datetime, str)):
        raise InvalidInput(f"{what}: expected an aware datetime or ISO 8601 text, not {type(value).__name__}")
    try:
        moment = parse_instant(value)
    except InvalidInput as error:
        raise InvalidInput(f"{what}: {error}") from None
    if not datetime(1, 1, 2, tzinfo=UTC) <= moment <= datetime(9999, 12, 30, tzinfo=UTC):
        raise InvalidInput(f"{what}: {moment.isoformat()} is out of range")
    return moment


def _choice(kind: type[Choice], value: object) -> Any:
    # a record field as given (any value): parse words the error for anything that is not a choice
    return kind.parse(value)  # type: ignore[arg-type]


def _choices(kind: type[Choice], values: object) -> frozenset[Any]:
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, Iterable):
        raise InvalidInput(f"{kind.__name__.lower()}s must be a set of values, not {type(values).__name__}")
    found = frozenset(_choice(kind, value) for value in values)
    if not found:
        raise InvalidInput(f"at least one {kind.__name__.lower()} is needed")
    return found


def _text(value: object, what: str, *, optional: bool = False, limit: int = 2000) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"{what} must be text, not {type(value).__name__}")
    if "\x00" in value:
        raise InvalidInput(f"{what} contains a NUL character")
    if len(value) > limit:
        raise InvalidInput(f"{what} is longer than {limit} characters")
    return value


def attempt_row(attempt: Attempt, keys: NumberKeys) -> dict[str, Any]:
    if not isinstance(attempt, Attempt):
        raise InvalidInput(f"expected an Attempt, not {type(attempt).__name__}")
    return {
        "number": keys.key(_number(attempt.number)),
        "at_us": to_micros(_instant(attempt.at, "attempt time")),
        "channel": _choice(Channel, attempt.channel).value,
        "purpose": _choice(Purpose, attempt.purpose).value,
        "outcome": _choice(Outcome, attempt.outcome).value,
        "subject": _text(attempt.subject, "subject", optional=True, limit=200) or None,
        "contact_key": keys.contact_key(_text(attempt.contact_id, "contact id", optional=True, limit=200)),
    }


# Something that reads as a phone number inside free text (7+ digits, separators allowed).
_NUMBER_IN_TEXT = re.compile(r"\+?\d[\d\s().-]{5,}\d")


def _provenance(text: str, keys: NumberKeys) -> str:
    """A record's provenance as stored: in a store that keys numbers (a hash key), numbers
    written inside the text are redacted, so that no number is kept in plain text there."""
    found = _text(text, "provenance") or ""
    return _NUMBER_IN_TEXT.sub(_redacted, found) if keys.hashed else found


def _redacted(match: re.Match[str]) -> str:
    text = match.group(0)
    if _DATE.fullmatch(text.strip()) or sum(c.isdigit() for c in text) < 7:
        return text  # a date ("web form 2026-03-10"), or too few digits to be a number
    return "[number]"


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def opt_out_row(opt_out: OptOut, keys: NumberKeys) -> dict[str, Any]:
    if not isinstance(opt_out, OptOut):
        raise InvalidInput(f"expected an OptOut, not {type(opt_out).__name__}")
    return {
        "number": keys.key(_number(opt_out.number)),
        "at_us": to_micros(_instant(opt_out.at, "opt-out time")),
        "channels": _set_text(_choices(Channel, opt_out.channels), Channel),
        "purposes": _set_text(_choices(Purpose, opt_out.purposes), Purpose),
        "provenance": _provenance(opt_out.provenance, keys),
        "contact_key": keys.contact_key(_text(opt_out.contact_id, "contact id", optional=True, limit=200)),
    }


def consent_row(consent: Consent, keys: NumberKeys) -> dict[str, Any]:
    if not isinstance(consent, Consent):
        raise InvalidInput(f"expected a Consent, not {type(consent).__name__}")
    start = _instant(consent.at, "consent time")
    expiry = None if consent.expires_at is None else _instant(consent.expires_at, "consent expiry")
    if expiry is not None and expiry <= start:
        raise InvalidInput("consent expiry must be after the consent was given")
    return {
        "number": keys.key(_number(consent.number)),
        "at_us": to_micros(start),
        "channels": _set_text(_choices(Channel, consent.channels), Channel),
        "purposes": _set_text(_choices(Purpose, consent.purposes), Purpose),
        "expires_us": None if expiry is None else to_micros(expiry),
        "provenance": _provenance(consent.provenance, keys),
        "contact_key": keys.contact_key(_text(consent.contact_id, "contact id", optional=True, limit=200)),
    }


def callback_row(callback: Callback, keys: NumberKeys) -> dict[str, Any]:
    if not isinstance(callback, Callback):
        raise InvalidInput(f"expected a Callback, not {type(callback).__name__}")
    start = _instant(callback.start, "callback time")
    end = _instant(callback.end, "callback end")
    if end <= start:
        raise InvalidInput("callback end must be after its start")
    return {
        "number": keys.key(_number(callback.number)),
        "start_us": to_micros(start),
        "end_us": to_micros(end),
        "channel": _choice(Channel, callback.channel).value,
    }


def ask_row(ask: ConvenienceAsk, keys: NumberKeys) -> dict[str, Any]:
    if not isinstance(ask, ConvenienceAsk):
        raise InvalidInput(f"expected a ConvenienceAsk, not {type(ask).__name__}")
    if ask.reply is not None and not isinstance(ask.reply, bool):
        raise InvalidInput(f"reply must be True, False or None, not {ask.reply!r}")
    asked = _instant(ask.at, "ask time")
    replied = None if ask.replied_at is None else _instant(ask.replied_at, "reply time")
    if replied is not None and replied < asked:
        raise InvalidInput("the reply cannot come before the question")
    return {
        "number": keys.key(_number(ask.number)),
        "at_us": to_micros(asked),
        "reply": ask.reply,
        "replied_us": None if replied is None else to_micros(replied),
    }


def relationship_row(relationship: Relationship, keys: NumberKeys) -> dict[str, Any]:
    if not isinstance(relationship, Relationship):
        raise InvalidInput(f"expected a Relationship, not {type(relationship).__name__}")
    return {
        "number": keys.key(_number(relationship.number)),
        "at_us": to_micros(_instant(relationship.at, "relationship time")),
        "kind": _choice(RelationshipKind, relationship.kind).value,
        "provenance": _provenance(relationship.provenance, keys),
        "contact_key": keys.contact_key(_text(relationship.contact_id, "contact id", optional=True, limit=200)),
    }


Record = Attempt | OptOut | Consent | Callback | ConvenienceAsk | Relationship


def validate(record: object) -> None:
    """Check a record as the store would before writing it (InvalidInput if bad)."""
    builders: dict[type, Callable[[Any, NumberKeys], dict[str, Any]]] = {
        Attempt: attempt_row, OptOut: opt_out_row, Consent: consent_row, Callback: callback_row,
        ConvenienceAsk: ask_row, Relationship: relationship_row,
    }
    builder = builders.get(type(record))
    if builder is None:
        raise InvalidInput(f"not a history record: {type(record).__name__}")
    builder(record, NumberKeys(None))


# ---------------------------------------------------------------- reading

# What history() and histories() read, per table: columns and sort order.
# Attempts (only) are limited by `since`; standing records (opt-outs...) always bind.
READS: dict[str, tuple[str, str]] = {
    "attempts": ("at_us, channel, purpose, outcome, subject, id", "at_us, id"),
    "opt_outs": ("at_us, channels, purposes, provenance, id", "at_us, id"),
    "consents": ("at_us, channels, purposes, expires_us, provenance, id", "at_us, id"),
    "callbacks": ("start_us, end_us, channel, id", "start_us, id"),
    "asks": ("at_us, reply, replied_us, id", "at_us, id"),
    # pending claims (a dialer's call in progress) count as attempts until they expire
    "claims": ("at_us, channel, purpose, subject, id", "at_us, id"),
    "relationships": ("at_us, kind, provenance, id", "at_us, id"),
}
# (The do-not-call lists a number is on are read from their packed blocks: store.suppression.)
LISTS_QUERY = ("SELECT id, name, jurisdiction, downloaded_on, max_age_days, purposes, channels, lifted_by_consent, "
               "source, entries, lifted_by_relationship, wash, clear_of, imported_us FROM suppression_lists "
               "ORDER BY name", ())
# A history read's lists branch (history_statement): the lists only when they differ from those
# the store object holds, told by a stamp - how many, the largest id, the latest import. Rows are
# never updated in place: an import deletes its list and inserts it anew, with a new id (ids only
# grow) and its own import time; a removal lowers the count. So an equal stamp means the same rows.
# The lists left-joined to the stamp: when they changed and none is left, one row of NULLs says so.
# (A read that sends every list again costs ~4 us on SQLite: a 57-column row and its texts.)
LISTS_CHANGED = ("(SELECT count(*) AS n, coalesce(max(id), 0) AS top, coalesce(max(imported_us), 0) AS latest "
                 "FROM suppression_lists) AS stamp LEFT JOIN suppression_lists ON 1 = 1 "
                 "WHERE stamp.n <> ? OR stamp.top <> ? OR stamp.latest <> ?")
NO_STAMP = (-1, -1, -1)  # no lists known yet: every read sends them
CLEAR_SUFFIX = "~clear"  # a wash result's clear numbers: a list row named so ('~' is not in a list's name)
CLAIM_PENDING, CLAIM_COMPLETED, CLAIM_RELEASED = "pending", "completed", "released"
CONTACT_TABLES = ("attempts", "opt_outs", "consents", "claims", "relationships")  # records that can be a person's
# A pending claim is counted as the strictest ordinary outcome until it is completed: a
# call in progress may turn into a conversation (caps on contacts and conversations count it).
PENDING_OUTCOME = Outcome.CONVERSATION
# Up to this many numbers, a read looks each one up in its lists' blocks (one indexed query
# each, in the read's snapshot); more read every list into memory once (store.suppression),
# as does a store object after BaseStore.warm_reads reads (then a check costs a binary search).
FEW_NUMBERS = 200


def history_queries(match: str, params: tuple[Any, ...], since_us: int | None) -> list[tuple[str, tuple[Any, ...]]]:
    """One query per table (in READS order) for the numbers that `match`, a condition on the
    `number` column with its `params`, selects. Each row is the number's key, then READS' columns
    (what decode_history reads), in READS' order."""
    source = (*params, since_us, now_us())
    return [(f"SELECT number, {READS[table][0]} FROM {table} WHERE {where} ORDER BY {READS[table][1]}",
             tuple(source[index] for index in plan))
            for table, where, plan in _table_reads(match, len(params), since_us is not None)]


def _table_reads(match: str, count: int, since: bool) -> list[tuple[str, str, tuple[int, ...]]]:
    """(table, WHERE condition, its parameters) of every READS table, in READS order; the
    parameters as positions in (match's `count` parameters..., since_us, now_us)."""
    own, since_at, now_at = tuple(range(count)), count, count + 1
    reads = []
    for table in READS:
        where, plan = match, own
        if table == "attempts" and since:
            where, plan = f"{match} AND at_us >= ?", (*own, since_at)
        if table == "claims":
            where, plan = f"{match} AND state = '{CLAIM_PENDING}' AND expires_us > ?", (*own, now_at)
            if since:
                where, plan = f"{where} AND at_us >= ?", (*plan, since_at)
        reads.append((table, where, plan))
    return reads


# ---- a history read as one statement (store.reads): every table, the lists, the block lookups

# The columns of suppression.BLOCK_QUERY (a list's id, the block that may hold the value), with
# the tables that give their types.
BLOCK_COLUMNS = (("suppression_lists", "id"), ("suppression_blocks", "packed"))


@dataclass(frozen=True)
class _ReadShape:
    """The one-statement read's layout, from READS and LISTS_QUERY (built on first use)."""

    layout: reads.Layout
    starts: tuple[int, ...]  # per READS table: where its number column is in the wide row
    stops: tuple[int, ...]  # per READS table: the end of its columns
    selects: tuple[str, ...]  # per READS table: its branch's columns (number, READS' columns, sort columns)
    widths: tuple[int, ...]  # per READS table: the columns decode_history reads (READS' columns)
    orders: tuple[Callable[[Sequence[Any]], Any], ...]  # per READS table: the sort key of its rows
    list_select: str
    list_table: str
    list_order: Callable[[Sequence[Any]], Any]
    lists_span: tuple[int, int]  # where the lists' columns are in the row (start, stop)
    blocks_span: tuple[int, int]  # where the block lookups' columns are


@functools.cache
def _read_shape(typed: bool) -> _ReadShape:
    """The layout of a read with typed NULLs (PostgreSQL: wide) or without (SQLite: narrow)."""
    shapes: dict[str, list[tuple[str, str]]] = {}
    selects, widths, orders = [], [], []
    for table, (columns, order) in READS.items():
        names = [name.strip() for name in columns.split(",")]
        ordered = [name.strip() for name in order.split(",")]
        hidden = [name for name in ordered if name not in names]  # sorted by, not read: after READS' columns
        selected = ["number", *names, *hidden]
        shapes[table] = [(table, name) for name in selected]
        selects.append(", ".join(selected))
        widths.append(len(names))
        orders.append(operator.itemgetter(*(selected.index(name) - 1 for name in ordered)))
    list_columns, list_table, list_order = reads.simple_select(LISTS_QUERY[0])
    shapes["lists"] = [(list_table, name) for name in list_columns]
    shapes["blocks"] = list(BLOCK_COLUMNS)
    layout = reads.Layout(shapes, narrow=not typed)
    return _ReadShape(layout, tuple(layout.start[table] for table in READS),
                      tuple(layout.stop[table] for table in READS), tuple(selects), tuple(widths), tuple(orders),
                      ", ".join(list_columns), list_table,
                      operator.itemgetter(*(list_columns.index(name) for name in list_order or list_columns[:1])),
                      (layout.start["lists"], layout.stop["lists"]), (layout.start["blocks"], layout.stop["blocks"]))


_STATEMENTS: dict[tuple[Any, ...], tuple[str, Callable[[tuple[Any, ...]], Any]]] = {}
# The number condition of a read of 1 to 8 numbers (a check reads one): written once.
_MARKS = {count: f"number IN ({', '.join('?' * count)})" for count in range(1, 9)}


# A read of several numbers as a table of their keys, k(key), that each table's branch joins
# (history_statement's `keys_table`): each branch then searches its table's index once per key,
# where `number IN (?, ?, ...)` first sorts the keys into a temporary index per table and binds
# them once per table - on SQLite ~3x the cost (100 numbers, 7 tables: 129 -> 35 us empty).
KEYS_MATCH = "number = k.key"


def history_statement(match: str, params: tuple[Any, ...], since_us: int | None, lists: tuple[int, int, int] | None,
                      lookups: Sequence[int], typed: bool, keys_table: str | None = None,
                      ) -> tuple[str, tuple[Any, ...]]:
    """The reads of the numbers `match` selects (history_queries' arguments) as one statement: a
    branch per table (tag: its READS index), with `lists` (the stamp of the lists the reader
    holds: LISTS_CHANGED, NO_STAMP for none) the lists when they differ from it (tag
    len(READS)), and the block lookups of `lookups`' values (the tags after it). `typed`: NULLs
    typed from the catalog (PostgreSQL). `keys_table` (SQLite; not None): `params` are distinct
    number keys, read as the table k(key) every branch joins (`match`: KEYS_MATCH), the common
    table expression with this hint ("NOT MATERIALIZED", or "" where SQLite has no hints and
    never materializes one). The text and where each parameter goes are worked out once per
    shape of read."""
    key = (match, len(params), since_us is not None, lists is not None, len(lookups), typed, keys_table)
    found = _STATEMENTS.get(key)
    if found is None:
        shape = _read_shape(typed)
        count = len(params)
        joined = keys_table is not None
        # (joined: the keys are bound once, in the table k; no branch has parameters of its own)
        reads = _table_reads(match, 0 if joined else count, since_us is not None)
        branches = [shape.layout.branch(tag, table, shape.selects[tag],
                                        f"{'k CROSS JOIN ' if joined else ''}{table} WHERE {where}", typed)
                    for tag, (table, where, _) in enumerate(reads)]
        if lists is not None:
            branches.append(shape.layout.branch(len(READS), "lists", shape.list_select, LISTS_CHANGED, typed))
        branches += [shape.layout.branch(len(READS) + 1 + index, "blocks", "q.*",
                                         f"({suppression.BLOCK_QUERY}) AS q", typed) for index in range(len(lookups))]
        shift = count if joined else 0  # (the branches' positions are past the keys in the source)
        plan = [*range(count)] if joined else []
        plan += [index + shift for _, _, table_plan in reads for index in table_plan]
        # after (params..., since_us, now_us): the stamp's three values, then the lookups
        plan += range(count + 2, count + 2 + (3 if lists is not None else 0) + len(lookups))
        getter = operator.itemgetter(*plan)
        pick: Callable[[tuple[Any, ...]], Any] = getter if len(plan) > 1 else lambda source: (getter(source),)
        if len(_STATEMENTS) > 256:  # a text per chunk size: bounded
            _STATEMENTS.clear()
        text = " UNION ALL ".join(branches)
        if joined:
            text = f"WITH k(key) AS {keys_table} (VALUES {', '.join('(?)' for _ in params)}) {text}"
        found = _STATEMENTS[key] = (text, pick)
    sql, pick = found
    return sql, pick((*params, since_us, now_us(), *(lists or ()), *lookups))


_DECODED_LISTS: dict[tuple[tuple[Any, ...], ...], dict[int, SuppressionList]] = {}


def decode_lists(rows: Sequence[Sequence[Any]]) -> dict[int, SuppressionList]:
    """The imported do-not-call lists (LISTS_QUERY's rows), by id. Every history read reads
    them: the same rows decode to the same (immutable) values, kept for the next read."""
    if not rows:
        return {}
    key = tuple(tuple(row) for row in rows)
    found = _DECODED_LISTS.get(key)
    if found is None:
        if len(_DECODED_LISTS) > 64:
            _DECODED_LISTS.clear()
        found = _DECODED_LISTS[key] = _decode_lists(rows)
    return dict(found)


@dataclass(frozen=True, slots=True)
class ListsState:
    """The do-not-call lists as a store object last read them, with what every history read
    derives from them: worked out once per change of the lists, not once per read."""

    stamp: tuple[int, int, int]  # LISTS_CHANGED's: how many, the largest id, the latest import
    lists: dict[int, SuppressionList]  # by id (the SuppressionList values every read shares)
    every: tuple[SuppressionList, ...]  # what every history carries (a stale list binds everyone)
    nothing: History  # the history of every number without records or list entries
    index_stamp: tuple[tuple[int, int], ...]  # (id, entries) per list: what the in-memory index holds
    entries: bool  # whether any list holds a number (else no number needs looking up)


def lists_state(rows: Sequence[Sequence[Any]]) -> ListsState:
    """The lists of LISTS_CHANGED's rows (LISTS_QUERY's columns; one row of NULLs: no list)."""
    real = [row for row in rows if row[0] is not None]
    lists = decode_lists(real)
    try:
        stamp = (len(real), max((int(row[0]) for row in real), default=0),
                 max((int(row[13]) for row in real), default=0))
    except (ValueError, TypeError) as error:
        raise StoreError(f"corrupt row in suppression_lists: {error}") from None
    every = tuple(lists.values())
    return ListsState(stamp, lists, every, History(lists=every),
                      tuple(sorted((list_id, item.entries) for list_id, item in lists.items())),
                      any(item.entries for item in every))


def _decode_lists(rows: Sequence[Sequence[Any]]) -> dict[int, SuppressionList]:
    try:
        found = {
            int(row[0]): SuppressionList(
                row[1], row[2], date.fromisoformat(row[3]), int(row[4]), _set_from_text(row[5], Purpose),
                _set_from_text(row[6], Channel), bool(row[7]), row[8], int(row[9]), bool(row[10]), bool(row[11]),
            )
            for row in rows
        }
        # A wash result's clear numbers: its list's value with `clear` set (same name and scope).
        for row in rows:
            if row[12] is not None:
                parent = found[int(row[12])]
                found[int(row[0])] = dataclasses.replace(parent, entries=int(row[9]), clear=True)
        return found
    except (ValueError, TypeError, KeyError) as error:
        raise StoreError(f"corrupt row in suppression_lists: {error}") from None


def listed_history(number: str, on: Sequence[SuppressionList], every: tuple[SuppressionList, ...]) -> History:
    """The History of a number whose only records are its entries on the lists `on` (every
    history carries `every`, the lists every number shares)."""
    entries = (Suppression(number, on[0]),) if len(on) == 1 else tuple(Suppression(number, item) for item in on)
    return History(suppressions=entries, lists=every)


@dataclass(frozen=True)
class BatchHistories:
    """BaseStore.batch_histories' answer, per position of the numbers asked: what histories()
    would give, without a History per number whose only records are list entries."""

    lists: tuple[SuppressionList, ...]  # every imported list: what every History carries
    recorded: dict[int, History]  # position -> the History of a number with records of its own
    signature: Any  # numpy int64 per position: the list signature of a number on lists only, else -1
    signatures: tuple[tuple[SuppressionList, ...], ...]  # per signature: the lists that hold its numbers

    @classmethod
    def nothing(cls, count: int) -> BatchHistories:
        """The answer for `count` numbers of which nothing is recorded (a store not made yet)."""
        _np = suppression.numpy_module()
        if _np is None:  # pragma: no cover - numpy is in the test and batch extras
            raise StoreError("a batch read needs numpy (pip install 'callwindow[batch]')")
        return cls((), {}, _np.full(count, -1, dtype=_np.int64), ())

    def history(self, position: int, number: str) -> History:
        """The History histories() gives `number` at `position` (its E.164 as asked)."""
        found = self.recorded.get(position)
        if found is not None:
            return found
        code = int(self.signature[position])
        return listed_history(number, self.signatures[code], self.lists) if code >= 0 else History(lists=self.lists)


def decode_history(number: str, results: Sequence[Sequence[Sequence[Any]]],
                   lists: dict[int, SuppressionList] | None = None, every: tuple[SuppressionList, ...] = (),
                   on_lists: Sequence[int] = ()) -> History:
    """A number's History from its rows (READS' tables, in order), the imported lists by id,
    the lists every history carries and the ids of the lists the number is on."""
    attempts, opt_outs, consents, callbacks, asks, claims, relationships = results
    table = "attempts"
    row: Sequence[Any] = ()
    try:
        decoded_attempts = tuple(
            Attempt(number, from_micros(row[0]), Channel(row[1]), Purpose(row[2]), Outcome(row[3]), row[4])
            for row in attempts
        )
        if claims:
            table = "claims"
            pending = tuple(
                Attempt(number, from_micros(row[0]), Channel(row[1]), Purpose(row[2]), PENDING_OUTCOME, row[3])
                for row in claims
            )
            decoded_attempts = tuple(sorted(decoded_attempts + pending, key=lambda attempt: attempt.at))
        table = "opt_outs"
        decoded_opt_outs = tuple(
            OptOut(number, from_micros(row[0]), _set_from_text(row[1], Channel), _set_from_text(row[2], Purpose),
                   row[3])
            for row in opt_outs
        )
        table = "consents"
        decoded_consents = tuple(
            Consent(number, from_micros(row[0]), _set_from_text(row[1], Channel), _set_from_text(row[2], Purpose),
                    None if row[3] is None else from_micros(row[3]), row[4])
            for row in consents
        )
        table = "callbacks"
        decoded_callbacks = tuple(
            Callback(number, from_micros(row[0]), from_micros(row[1]), Channel(row[2])) for row in callbacks
        )
        table = "asks"
        decoded_asks = tuple(
            ConvenienceAsk(number, from_micros(row[0]), None if row[1] is None else bool(row[1]),
                           None if row[2] is None else from_micros(row[2]))
            for row in asks
        )
        table = "relationships"
        decoded_relationships = tuple(
            Relationship(number, from_micros(row[0]), RelationshipKind(row[1]), row[2]) for row in relationships
        )
    except (ValueError, TypeError, OverflowError) as error:
        raise StoreError(f"corrupt record in {table} (id {row[-1] if row else '?'}): {error}") from None
    known = lists or {}
    on = tuple(Suppression(number, known[list_id]) for list_id in on_lists if list_id in known)
    return History(decoded_attempts, decoded_opt_outs, decoded_consents, decoded_callbacks, decoded_asks, on, every,
                   decoded_relationships)


# ---------------------------------------------------------------- the common store


class BaseStore(abc.ABC):
    """The operations, on top of a backend's _insert_many / _read_all."""

    def __init__(self, hash_key: bytes | None) -> None:
        self._keys = NumberKeys(hash_key)
        self._lock = threading.RLock()  # one connection per store: one operation at a time
        self._closed = False
        self._reads = 0  # history reads made (_read_records: the first warm_reads look numbers up in blocks)
        self._lists_state: ListsState | None = None  # the lists as the last read found them
        self._index: tuple[tuple[tuple[int, int], ...], suppression.ListIndex] | None = None  # (stamp, lists in memory)

    # backends implement these
    @abc.abstractmethod
    def _insert_many(self, rows: list[tuple[str, dict[str, Any]]]) -> list[int]:
        """Insert (table, row) pairs in one durable transaction, all or nothing; return their ids."""

    @abc.abstractmethod
    def _read_all(self, queries: list[tuple[str, tuple[Any, ...]]]) -> list[list[Any]]:
        """Run the queries in one consistent read; return their rows."""

    @abc.abstractmethod
    def _close(self) -> None:
        """Release the connection."""

    @abc.abstractmethod
    def _exclusive(self, lock: str, work: Callable[[Transaction], _T]) -> _T:
        """Run `work` in one durable write transaction holding the lock named `lock`
        (SQLite: the database's write lock; PostgreSQL: an advisory lock on the name), so
        that reading, deciding and writing are one step for every writer; all or nothing."""

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        """Insert one row in one durable transaction; return its id."""
        (record_id,) = self._insert_many([(table, row)])
        return record_id

    @property
    def hashed(self) -> bool:
        """Whether numbers are stored as keyed hashes."""
        return self._keys.hashed

    def record_attempt(self, attempt: Attempt) -> int:
        return self._insert("attempts", attempt_row(attempt, self._keys))

    def record_opt_out(self, opt_out: OptOut) -> int:
        return self._insert("opt_outs", opt_out_row(opt_out, self._keys))

    def record_consent(self, consent: Consent) -> int:
        return self._insert("consents", consent_row(consent, self._keys))

    def record_callback(self, callback: Callback) -> int:
        return self._insert("callbacks", callback_row(callback, self._keys))

    def record_ask(self, ask: ConvenienceAsk) -> int:
        return self._insert("asks", ask_row(ask, self._keys))

    def record_relationship(self, relationship: Relationship) -> int:
        """Record a business relationship (a purchase or an inquiry): it lifts a registry list only
        where the list's jurisdiction's rule data gives a window for its kind."""
        return self._insert("relationships", relationship_row(relationship, self._keys))

    def relationships(self, number: str) -> tuple[Relationship, ...]:
        """The relationships recorded for a number (oldest first)."""
        return self.history(number).relationships

    def remove_relationships(self, number: str, kind: str | None = None) -> int:
        """Delete a number's recorded relationships (of one kind if given); returns how many."""
        key = self._keys.key(_number(number))
        sql, params = "DELETE FROM relationships WHERE number = ?", cast(tuple[Any, ...], (key,))
        if kind is not None:
            sql, params = sql + " AND kind = ?", (*params, _choice(RelationshipKind, kind).value)
        return self._exclusive(f"relationships:{key}", lambda tx: tx.execute(sql, params))

    def record_many(self, records: Iterable[Record]) -> list[int]:
        """Record many records (of any kinds) in one durable transaction, all or nothing, and
        return their ids in order: for importing a call log or an opt-out list, one commit
        instead of one per record. Every record is validated before anything is written."""
        rows = self._rows(records)
        return self._insert_many(rows) if rows else []

    def _rows(self, records: Iterable[Record]) -> list[tuple[str, dict[str, Any]]]:
        """(table, row) of every record, each validated (InvalidInput before anything is written)."""
        encoders: dict[type, tuple[str, Any]] = {
            Attempt: ("attempts", attempt_row), OptOut: ("opt_outs", opt_out_row), Consent: ("consents", consent_row),
            Callback: ("callbacks", callback_row), ConvenienceAsk: ("asks", ask_row),
            Relationship: ("relationships", relationship_row),
        }
        rows = []
        for record in records:
            found = encoders.get(type(record))
            if found is None:
                raise InvalidInput(f"not a history record: {type(record).__name__}")
            table, encode = found
            rows.append((table, encode(record, self._keys)))
        return rows

    # How many numbers one query of histories() asks for; and the condition that selects them (a
    # backend may override both: SQLite binds one parameter per number, PostgreSQL one array).
    numbers_per_query = 500
    # Whether the NULLs of a one-statement read name their types (store.reads: PostgreSQL).
    typed_nulls = False
    # After this many history reads a store object keeps every do-not-call list in memory (8
    # bytes a number): a long-lived store (the HTTP service, a dialer) then checks a number
    # against its lists with a binary search instead of one more query per read.
    warm_reads = 100

    # Not None: a read of several numbers joins their keys as a table (history_statement's
    # keys_table, with this hint; SQLite).
    keys_table: str | None = None

    def _number_match(self, keys: Sequence[str]) -> tuple[str, tuple[Any, ...]]:
        marks = _MARKS.get(len(keys)) or f"number IN ({', '.join('?' * len(keys))})"
        return marks, tuple(keys)

    def _statement(self, keys: Sequence[str], since_us: int | None, lists: tuple[int, int, int] | None,
                   lookups: Sequence[int]) -> tuple[str, tuple[Any, ...]]:
        """history_statement for these number keys (distinct): a single number by _number_match
        (an index search per table either way), several joined as a table where the store can."""
        if self.keys_table is not None and len(keys) > 1:
            return history_statement(KEYS_MATCH, tuple(keys), since_us, lists, lookups, self.typed_nulls,
                                     self.keys_table)
        return history_statement(*self._number_match(keys), since_us, lists, lookups, self.typed_nulls)

    # ------------------------------------------------------------ claims and idempotency

    def claim(
        self, number: str, decide: Callable[[History], tuple[_T, Attempt | None]], *, expires_at: datetime,
        result: Callable[[_T, int | None], str], idempotency_key: str | None = None, fingerprint: str = "",
        contact_id: str | None = None, log: Callable[[_T], Mapping[str, Any]] | None = None,
    ) -> ClaimResult[_T]:
        """Decide and, when `decide` grants it, record a pending claim - in one transaction
        under the contact's lock, so that two claimers can never both take the last slot of a
        cap. `decide(history)` gets the number's history (pending claims counted as attempts)
        and returns (its answer, the Attempt to claim or None). The claim counts as an attempt
        until `expires_at`, unless completed (then the attempt with its outcome counts) or
        released. With `idempotency_key`, a repeat with the same `fingerprint` returns the
        first `result(answer, claim id)` text and records nothing; another fingerprint raises
        IdempotencyConflict."""
        key = self._keys.key(_number(number))
        expires_us = to_micros(_instant(expires_at, "claim expiry"))

        def work(tx: Transaction) -> ClaimResult[_T]:
            if idempotency_key is not None:
                first = self._idempotent_result(tx, idempotency_key, fingerprint)
                if first is not None:
                    return ClaimResult(None, None, first, repeated=True)
            found = [tx.read(sql, params) for sql, params in history_queries(*self._number_match([key]), None)]
            rows = [[row[1:] for row in table_rows] for table_rows in found]
            lists = decode_lists(tx.read(*LISTS_QUERY))
            value = suppression.key_value(key)
            listed = [int(row[0]) for row in tx.read(suppression.BLOCK_QUERY, (value,))
                      if suppression.in_block(row[1], value)]
            history = decode_history(_number(number), rows, lists, tuple(lists.values()), listed)
            if contact_id:  # the person's records on their other numbers count too (caps kept per person)
                history = self._with_contacts({number: history}, {number: contact_id}, None,
                                              lambda queries: [tx.read(sql, params) for sql, params in queries],
                                              )[number]
            answer, attempt = decide(history)
            claim_id = None
            if attempt is not None:
                row = attempt_row(attempt, self._keys)
                claim_id = tx.insert("claims", {
                    "number": key, "at_us": row["at_us"], "channel": row["channel"], "purpose": row["purpose"],
                    "subject": row["subject"], "expires_us": expires_us, "state": CLAIM_PENDING,
                    "contact_key": row["contact_key"],
                })
            text = result(answer, claim_id)
            logged = log(answer) if log is not None else None
            if logged is not None:
                self.log_decisions([(logged, "claim")], claim_id, tx)
            if idempotency_key is not None:
                self._remember(tx, idempotency_key, fingerprint, text)
            return ClaimResult(answer, claim_id, text)

        return self._exclusive(f"claim:{key}", work)

    def complete(self, claim_id: int, outcome: str | Outcome) -> int:
        """Finish a claim with the call's outcome: the pending claim becomes an attempt (at the
        claim's time) in the same transaction; returns the attempt's id. Completing again with
        the same outcome returns the same id (a retried webhook); another outcome for a completed
        one raises IdempotencyConflict (an InvalidInput), a released claim InvalidInput."""
        final = _choice(Outcome, outcome)
        number = _claim_id(claim_id)

        def work(tx: Transaction) -> int:
            found = tx.read("SELECT number, at_us, channel, purpose, subject, state, attempt_id, contact_key "
                            "FROM claims WHERE id = ?", (number,))
            if not found:
                raise InvalidInput(f"no claim {number}")
            key, at_us, channel, purpose, subject, state, attempt_id, contact_key = found[0]
            if state == CLAIM_COMPLETED:
                (done,) = tx.read("SELECT outcome FROM attempts WHERE id = ?", (attempt_id,))
                if done[0] != final.value:  # a retry must repeat the first request: a conflict, as a reused key
                    raise IdempotencyConflict(f"claim {number} was completed with outcome {done[0]}, "
                                              f"not {final.value}")
                return int(attempt_id)
            if state == CLAIM_RELEASED:
                raise InvalidInput(f"claim {number} was released: record the attempt itself if the call was made")
            attempt = tx.insert("attempts", {"number": key, "at_us": at_us, "channel": channel, "purpose": purpose,
                                             "outcome": final.value, "subject": subject, "contact_key": contact_key})
            tx.execute("UPDATE claims SET state = ?, attempt_id = ? WHERE id = ?", (CLAIM_COMPLETED, attempt, number))
            return attempt

        return self._exclusive(f"claim-id:{number}", work)

    def release(self, claim_id: int) -> None:
        """Give a claim's slot back (the call was not made). Releasing again is a no-op; a
        completed claim raises InvalidInput."""
        number = _claim_id(claim_id)

        def work(tx: Transaction) -> None:
            found = tx.read("SELECT state FROM claims WHERE id = ?", (number,))
            if not found:
                raise InvalidInput(f"no claim {number}")
            if found[0][0] == CLAIM_COMPLETED:
                raise InvalidInput(f"claim {number} is completed: its attempt stays recorded")
            tx.execute("UPDATE claims SET state = ? WHERE id = ?", (CLAIM_RELEASED, number))

        self._exclusive(f"claim-id:{number}", work)

    def record_idempotent(self, records: Iterable[Record], idempotency_key: str) -> list[int]:
        """record_many with an idempotency key: a repeat of the same records with the same key
        returns the first ids and records nothing; other records under the key raise
        IdempotencyConflict. Keys are kept for IDEMPOTENCY_DAYS days."""
        rows = self._rows(records)
        fingerprint = hashlib.sha256(repr(rows).encode()).hexdigest()

        def work(tx: Transaction) -> list[int]:
            first = self._idempotent_result(tx, idempotency_key, fingerprint)
            if first is not None:
                return [int(value) for value in first.split(",") if value]
            ids = [tx.insert(table, row) for table, row in rows]
            self._remember(tx, idempotency_key, fingerprint, ",".join(str(value) for value in ids))
            return ids

        return self._exclusive(f"idempotency:{_idempotency_key(idempotency_key)}", work)

    # ------------------------------------------------------------ the decision log

    def enable_audit(self, retention_days: int) -> None:
        """Log every decision made with this store from now on, keeping `retention_days` days."""
        if not 1 <= int(retention_days) <= 36_500:
            raise InvalidInput(f"retention must be between 1 and 36500 days, not {retention_days}")
        self._set_setting(AUDIT_SETTING, str(int(retention_days)))

    def disable_audit(self) -> None:
        """Stop logging (the entries kept stay until deleted with `prune_audit`)."""
        self._set_setting(AUDIT_SETTING, None)

    def audit_retention(self, tx: Transaction | None = None) -> int | None:
        """The log's retention in days, or None when the log is off (read once per store object;
        `tx`: read inside that transaction)."""
        if not hasattr(self, "_audit_days"):
            query = ("SELECT value FROM store_settings WHERE name = ?", (AUDIT_SETTING,))
            rows = tx.read(*query) if tx is not None else self._read_all([query])[0]
            self._audit_days: int | None = int(rows[0][0]) if rows else None
        return self._audit_days

    def log_decisions(self, decisions: Iterable[tuple[Mapping[str, Any], str]], claim_id: int | None = None,
                      tx: Transaction | None = None) -> int:
        """Log (decision object, surface) pairs when the log is on (else nothing); returns how many."""
        days = self.audit_retention(tx)
        if days is None:
            return 0
        now = now_us()
        rows = [audit.entry_row(decision, surface, self._keys.key(_number_to_read(str(decision.get("number")
                                                                                        or decision.get("e164")))),
                                now, claim_id)
                for decision, surface in decisions]
        if not rows:
            return 0

        def work(inside: Transaction) -> int:
            inside.execute("DELETE FROM audit WHERE logged_us < ?", (now - days * 86_400_000_000,))
            inside.insert_rows("audit", audit.COLUMNS, (tuple(row[name] for name in audit.COLUMNS) for row in rows))
            return len(rows)

        return work(tx) if tx is not None else self._exclusive("audit", work)

    def audit_entries(self, since: datetime | str | None = None, until: datetime | str | None = None,
                      number: str | None = None) -> list[dict[str, Any]]:
        """The logged decisions (oldest first) logged in [since, until), of one number if given."""
        where: list[str] = ["1 = 1"]
        params: list[Any] = []
        if since is not None:
            where.append("logged_us >= ?")
            params.append(to_micros(_instant(since, "since")))
        if until is not None:
            where.append("logged_us < ?")
            params.append(to_micros(_instant(until, "until")))
        if number is not None:
            where.append("number = ?")
            params.append(self._keys.key(_number(number)))
        sql = f"SELECT {', '.join(audit.COLUMNS)} FROM audit WHERE {' AND '.join(where)} ORDER BY logged_us, id"
        (rows,) = self._read_all([(sql, tuple(params))])
        return [audit.decode_entry(row) for row in rows]

    def _set_setting(self, name: str, value: str | None) -> None:
        def work(tx: Transaction) -> None:
            tx.execute("DELETE FROM store_settings WHERE name = ?", (name,))
            if value is not None:
                tx.insert("store_settings", {"name": name, "value": value})

        self._exclusive(f"setting:{name}", work)
        if hasattr(self, "_audit_days"):
            del self._audit_days

    # ------------------------------------------------------------ do-not-call lists

    def import_suppression_list(self, found: SuppressionList, numbers: Iterable[str] | array[int],
                                clear: Iterable[str] | array[int] | None = None) -> int:
        """Store a do-not-call list and its numbers, replacing a list of the same name, all or
        nothing; returns how many distinct numbers it holds. `numbers`: E.164 texts, or an
        importer's array of E.164 digits (store.importers: 8 bytes a number, for lists of
        millions). The numbers are kept as every number of the store (HMAC with a hash key),
        sorted and packed in blocks (store.suppression). A wash result (`found.wash`) also
        keeps `clear`, the numbers it checked and found not registered (required, may be
        empty), as a list row of their own: a number of its place in neither was never washed."""
        name = _text(found.name, "list name", limit=100)
        if not name or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name):
            raise InvalidInput(f"a list name is letters, digits, '.', '_' and '-', not {found.name!r}")
        if not re.fullmatch(r"[A-Z]{2}(-[A-Z0-9]{1,3})?", found.jurisdiction or ""):
            raise InvalidInput(f"a list's jurisdiction is a country or subdivision code (US, US-FL), "
                               f"not {found.jurisdiction!r}")
        if not 1 <= found.max_age_days <= 3650:
            raise InvalidInput(f"max age must be between 1 and 3650 days, not {found.max_age_days}")
        if found.wash and clear is None:
            raise InvalidInput(f"{name} is a wash result: give the numbers it found clear too (may be none)")
        if clear is not None and not found.wash:
            raise InvalidInput(f"{name}: clear numbers belong to a wash result")
        values = self._list_values(numbers)
        clear_values = None if clear is None else self._list_values(clear)
        # A number both registered and clear (submitted twice, answered twice): registered wins.
        if clear_values is not None and len(clear_values) and len(values):
            clear_values = suppression.without(clear_values, values)

        def work(tx: Transaction) -> int:
            self._drop_list(tx, name)
            row = {
                "name": name, "jurisdiction": found.jurisdiction, "downloaded_on": found.downloaded_on.isoformat(),
                "max_age_days": int(found.max_age_days), "purposes": _set_text(found.purposes, Purpose),
                "channels": _set_text(found.channels, Channel), "lifted_by_consent": bool(found.lifted_by_consent),
                "source": _text(found.source, "source") or "", "imported_us": now_us(), "entries": len(values),
                "lifted_by_relationship": bool(found.lifted_by_relationship), "wash": bool(found.wash),
            }
            list_id = tx.insert("suppression_lists", row)
            tx.insert_rows("suppression_blocks", suppression.COLUMNS, suppression.blocks(list_id, values))
            if clear_values is not None:
                clear_id = tx.insert("suppression_lists", {**row, "name": name + CLEAR_SUFFIX, "wash": False,
                                                           "entries": len(clear_values), "clear_of": list_id})
                tx.insert_rows("suppression_blocks", suppression.COLUMNS, suppression.blocks(clear_id, clear_values))
            return len(values)

        return self._exclusive(f"list:{name}", work)

    def _list_values(self, numbers: Iterable[str] | array[int]) -> Any:
        """A list's numbers as the sorted distinct values the store keeps (store.suppression)."""
        if isinstance(numbers, array):
            given = suppression.sorted_unique(numbers)
            if len(given) and not (10**6 <= given[0] and given[-1] < 10**15):
                raise InvalidInput(f"not a number in E.164 digits: {given[0] if given[0] < 10**6 else given[-1]}")
            return suppression.sorted_unique(self._keys.values(given)) if self.hashed else given
        return suppression.sorted_unique(array("q", (suppression.key_value(self._keys.key(_number(number)))
                                                     for number in numbers)))

    @staticmethod
    def _drop_list(tx: Transaction, name: str) -> bool:
        """Delete a list, its numbers and its clear numbers (a wash result's); False: no such list."""
        old = tx.read("SELECT id FROM suppression_lists WHERE name = ?", (name,))
        if not old:
            return False
        ids = [old[0][0], *(row[0] for row in tx.read("SELECT id FROM suppression_lists WHERE clear_of = ?",
                                                      (old[0][0],)))]
        for list_id in ids:
            tx.execute("DELETE FROM suppression_blocks WHERE list_id = ?", (list_id,))
            tx.execute("DELETE FROM suppression_lists WHERE id = ?", (list_id,))
        return True

    def suppression_lists(self, include_clear: bool = False) -> tuple[SuppressionList, ...]:
        """The imported do-not-call lists, by name (with `include_clear`, the wash results'
        clear numbers too: `clear` set, the wash result's name)."""
        (rows,) = self._read_all([LISTS_QUERY])
        return tuple(item for item in decode_lists(rows).values() if include_clear or not item.clear)

    def remove_suppression_list(self, name: str) -> bool:
        """Delete a list and its numbers; False when there was none of that name."""
        if CLEAR_SUFFIX in name:
            return False  # a wash result's clear numbers go with it
        return self._exclusive(f"list:{name}", lambda tx: self._drop_list(tx, name))

    def _idempotent_result(self, tx: Transaction, idempotency_key: str, fingerprint: str) -> str | None:
        found = tx.read("SELECT fingerprint, result FROM idempotency WHERE key = ?",
                        (_idempotency_key(idempotency_key),))
        if not found:
            return None
        if found[0][0] != fingerprint:
            raise IdempotencyConflict(f"idempotency key {idempotency_key!r} was used for a different request: "
                                      "use a new key for a new request")
        return str(found[0][1])

    def _remember(self, tx: Transaction, idempotency_key: str, fingerprint: str, text: str) -> None:
        now = now_us()
        tx.execute("DELETE FROM idempotency WHERE created_us < ?", (now - IDEMPOTENCY_DAYS * 86_400_000_000,))
        tx.insert("idempotency", {"key": _idempotency_key(idempotency_key), "fingerprint": fingerprint,
                                  "result": text, "created_us": now})

    def history(self, number: str, since: datetime | str | None = None) -> History:
        return self.histories([number], since)[number]

    def history_of_contact(self, number: str, contact_id: str | None, since: datetime | str | None = None) -> History:
        """history(number), plus the records of the same person (contact id) on their other
        numbers: what a decision with a contact id reads (caps kept per person)."""
        mine = self.history(number, since)
        if not contact_id:
            return mine
        return self._with_contacts({number: mine}, {number: contact_id}, since)[number]

    def histories_of_contacts(self, contacts: dict[str, str | None], since: datetime | str | None = None,
                              ) -> dict[str, History]:
        """histories() of the numbers (keys), each with the records of its contact id (values,
        None: none) on the person's other numbers."""
        found = self.histories(list(contacts), since)
        if not any(contacts.values()):
            return found
        return self._with_contacts(found, contacts, since)

    def _with_contacts(self, found: dict[str, History], contacts: dict[str, str | None],
                       since: datetime | str | None,
                       read_all: Callable[[list[tuple[str, tuple[Any, ...]]]], list[list[Any]]] | None = None,
                       ) -> dict[str, History]:
        ids = {self._keys.contact_key(_text(value, "contact id", limit=200)): value
               for value in contacts.values() if value}
        since_us = None if since is None else to_micros(_instant(since, "since"))
        marks = ", ".join("?" for _ in ids)
        tables = [name for name in READS if name in CONTACT_TABLES]
        queries = [query for name, query in zip(READS, history_queries(f"contact_key IN ({marks})",
                                                                        tuple(ids), since_us), strict=True)
                   if name in CONTACT_TABLES]
        results = (read_all or self._read_all)([(sql.replace("SELECT number,", "SELECT contact_key, number,", 1),
                                                 params) for sql, params in queries])
        theirs: dict[str, list[tuple[str, str, list[list[Any]]]]] = {}  # contact key -> (number key, table rows)
        for table, table_rows in zip(tables, results, strict=True):
            for row in table_rows:
                per_number = theirs.setdefault(row[0], [])
                entry = next((item for item in per_number if item[0] == row[1]), None)
                if entry is None:
                    entry = (row[1], table, [[] for _ in READS])
                    per_number.append(entry)
                entry[2][list(READS).index(table)].append(row[2:])
        out = dict(found)
        for number, contact_id in contacts.items():
            if not contact_id or number not in found:
                continue
            key = self._keys.contact_key(contact_id)
            own = self._keys.key(_number_to_read(number))
            extra = [decode_history(other if other.startswith("+") else f"(number {other[:12]})", rows)
                     for other, _, rows in theirs.get(key or "", ()) if other != own]
            if not extra:
                continue
            base = found[number]
            out[number] = History(
                tuple(sorted(base.attempts + _tagged((a for h in extra for a in h.attempts), contact_id),
                             key=lambda a: a.at)),
                base.opt_outs + _tagged((o for h in extra for o in h.opt_outs), contact_id),
                base.consents + _tagged((c for h in extra for c in h.consents), contact_id),
                base.callbacks, base.asks, base.suppressions, base.lists,
                base.relationships + _tagged((r for h in extra for r in h.relationships), contact_id),
            )
        return out

    def histories(self, numbers: Iterable[str], since: datetime | str | None = None) -> dict[str, History]:
        """history(number, since) of each distinct number given, keyed by the number as given
        (every one a key: an empty History when nothing is recorded), read with one query per
        table per numbers_per_query numbers, all in one consistent read."""
        if type(numbers) is not list and (isinstance(numbers, (str, bytes)) or not isinstance(numbers, Iterable)):
            raise InvalidInput(f"numbers must be a collection of numbers (a list, a set...), not "
                               f"{type(numbers).__name__}")
        given: dict[str, str] = {}  # each distinct number as given -> its E.164
        for number in numbers:
            if not isinstance(number, str) or number not in given:
                given[number] = _number_to_read(number)
        since_us = None if since is None else to_micros(_instant(since, "since"))
        if len(given) == 1:  # a check's read (no comprehension frames: ~3k instructions of a ~100k read)
            ((number, normal),) = given.items()
            return {number: self._read_histories({self._keys.key(normal): normal}, since_us)[normal]}
        if not given:
            return {}
        wanted = {self._keys.key(normal): normal for normal in dict.fromkeys(given.values())}  # key -> E.164
        found = self._read_histories(wanted, since_us)
        return {number: found[normal] for number, normal in given.items()}

    def _read_histories(self, wanted: dict[str, str], since_us: int | None) -> dict[str, History]:
        """The history of each E.164 in `wanted` (number key -> E.164), keyed by E.164."""
        keys = list(wanted)
        rows, held, on_lists = self._read_records(keys, since_us)
        if on_lists is None:
            on_lists = self._looked_up(held, keys)
        lists = held.lists
        # Every history carries the lists (a list that is too old binds every number); every
        # number without records shares one History while the lists stay the same.
        every, nothing = held.every, held.nothing
        out = dict.fromkeys(wanted.values(), nothing)
        for key, found in rows.items():
            out[wanted[key]] = decode_history(wanted[key], found, lists, every, on_lists.get(key, ()))
        for key, ids in on_lists.items():
            if key not in rows:  # on a list, nothing recorded: no decoding
                out[wanted[key]] = listed_history(wanted[key], [lists[list_id] for list_id in ids], every)
        return out

    def batch_histories(self, numbers: Sequence[str]) -> BatchHistories:
        """What a batch decision reads of `numbers` (E.164 texts, one per subscriber of an
        ingested list, repeats allowed), all records whatever their date, in one consistent
        read as histories() makes it - but not one History per listed number: the full History
        of each number with records of its own (its list entries included), and for a number
        whose only records are list entries (most listed numbers of a lead list) the index of
        its list signature, which lists hold it (BatchHistories). Building ~3 objects per
        listed number cost ~3 us each, a third of it the garbage collections they woke: +33 %
        on a batch with 10 % of its rows listed. Needs numpy (the batch extra)."""
        if isinstance(numbers, (str, bytes)):
            raise InvalidInput("numbers must be a sequence of numbers, not one text")
        _np = suppression.numpy_module()
        if _np is None:  # pragma: no cover - numpy is in the test and batch extras
            raise StoreError("batch_histories needs numpy (pip install 'callwindow[batch]')")
        match = _E164.fullmatch  # (_number_to_read, inline: a batch asks for its numbers in E.164)
        normals = [number if isinstance(number, str) and match(number) else _number(number) for number in numbers]
        distinct = list(dict.fromkeys(normals))
        keys = [self._keys.key(normal) for normal in distinct] if self._keys.hashed else distinct
        if not keys:
            return BatchHistories((), {}, _np.full(0, -1, dtype=_np.int64), ())
        rows, held, few = self._read_records(keys, None)
        if few is None and held.entries:  # every list in memory: one vectorised search per list
            codes, signatures = self._list_index(held).signatures(suppression.key_values(keys))
        else:  # a read of few numbers (looked up in the lists' blocks), or lists without numbers
            codes, signatures = suppression.signature_codes(keys, few or {})
        lists, every = held.lists, held.every
        recorded: dict[int, History] = {}  # by the position in `distinct`
        if rows:
            place = dict(zip(keys, range(len(keys)), strict=True))
            for key, found in rows.items():
                index = place[key]
                ids = signatures[codes[index]] if codes[index] >= 0 else ()
                recorded[index] = decode_history(distinct[index], found, lists, every, ids)
                codes[index] = -1  # read with its records (the per-row view), not by its signature
        on = tuple(tuple(lists[list_id] for list_id in ids) for ids in signatures)
        if len(distinct) == len(normals):  # every number asked once (the common case)
            return BatchHistories(every, recorded, codes, on)
        at = {normal: index for index, normal in enumerate(distinct)}
        inverse = _np.fromiter((at[normal] for normal in normals), dtype=_np.int64, count=len(normals))
        by_position = {position: recorded[index] for position, index in enumerate(inverse.tolist())
                       if index in recorded}
        return BatchHistories(every, by_position, codes[inverse], on)

    def _read_records(self, keys: list[str], since_us: int | None,
                      ) -> tuple[dict[str, list[list[Sequence[Any]]]], ListsState, dict[str, list[int]] | None]:
        """The records of the number keys (rows per table, READS' order; only the numbers with
        some), the lists as they are now (held by the store object), and - for a read of few
        numbers looked up in the lists' blocks - the ids of the lists each key is on (None:
        look them up in memory, _looked_up)."""
        step = max(1, int(self.numbers_per_query))
        # A read of few numbers looks each up in its lists' blocks, unless the lists are in memory
        # already, or the store has made warm_reads reads (a service, a dialer: it will make more).
        self._reads += 1
        few = len(keys) <= FEW_NUMBERS and self._index is None and self._reads <= self.warm_reads
        values = [suppression.key_value(key) for key in keys] if few else []
        lookups = values
        # The lists this store object holds (ListsState): the read sends them only when they
        # have changed since, in the same snapshot as the records and lookups.
        held = self._lists_state
        stamp = held.stamp if held is not None else NO_STAMP
        # One statement per chunk of numbers (store.reads), the lists and lookups in the first:
        # one execute for a single number; several chunks are read in one snapshot.
        typed = self.typed_nulls
        if len(keys) == 1:  # (a check's read)
            statements = [history_statement(*self._number_match(keys), since_us, stamp, lookups, typed)]
        else:  # several numbers: joined as a table of keys where the store can (_statement)
            statements = [self._statement(keys[start:start + step], since_us, stamp if start == 0 else None,
                                          lookups if start == 0 else ())
                          for start in range(0, len(keys), step)]
        shape = _read_shape(typed)
        tables, starts, stops = len(READS), shape.starts, shape.stops
        (lists_at, lists_end), (blocks_at, blocks_end) = shape.lists_span, shape.blocks_span
        list_rows: list[Sequence[Any]] = []
        found_blocks: list[list[Sequence[Any]]] = [[] for _ in lookups] if lookups else []
        rows: dict[str, list[list[Sequence[Any]]]] = {}  # only the numbers with records
        for result in self._read_all(statements):
            for row in result:
                tag = row[0]
                if tag < tables:
                    at = starts[tag]
                    found = rows.get(row[at])
                    if found is None:
                        found = rows[row[at]] = [[] for _ in READS]
                    found[tag].append(row[at + 1:stops[tag]])
                elif tag == tables:
                    list_rows.append(row[lists_at:lists_end])
                else:
                    found_blocks[tag - tables - 1].append(row[blocks_at:blocks_end])
        try:  # the statement has no ORDER BY (store.reads): each number's rows of a table in READS' order
            if len(list_rows) > 1:
                list_rows.sort(key=shape.list_order)
            for found in rows.values():
                for tag, table_rows in enumerate(found):
                    if len(table_rows) > 1:
                        table_rows.sort(key=shape.orders[tag])
                    if table_rows and len(table_rows[0]) > shape.widths[tag]:  # a sort column READS does not read
                        found[tag] = [row[:shape.widths[tag]] for row in table_rows]
        except TypeError as error:  # a NULL where a NOT NULL column is sorted
            raise StoreError(f"corrupt record in the history store: {error}") from None
        if list_rows:  # the lists changed (or none were held): these rows are this read's lists
            held = self._lists_state = lists_state(list_rows)
        elif held is None:  # pragma: no cover - NO_STAMP matches no table: the lists always come back
            raise StoreError("the do-not-call lists could not be read: try again")
        if not few:
            return rows, held, None
        return rows, held, {key: ids for key, value, blocks in zip(keys, values, found_blocks, strict=True)
                            if (ids := [int(row[0]) for row in blocks if suppression.in_block(row[1], value)])}

    def _looked_up(self, held: ListsState, keys: list[str]) -> dict[str, list[int]]:
        """The ids of the lists each number key is on (only the keys on some), from the lists in memory."""
        if not held.entries:
            return {}
        cached = self._index  # (the same lists' index: _list_index without its call)
        index = cached[1] if cached is not None and cached[0] is held.index_stamp else self._list_index(held)
        if len(keys) == 1:  # a single check (the service's): a binary search per list
            ids = index.holding(suppression.key_value(keys[0]))
            return {keys[0]: ids} if ids else {}
        return {keys[at]: ids for at, ids in index.held(suppression.key_values(keys)).items()}

    def _list_index(self, held: ListsState) -> suppression.ListIndex:
        """Every list's values in memory, read once per store object and kept while the lists
        stay the same (an import gives a list a new id)."""
        stamp = held.index_stamp
        cached = self._index
        if cached is not None and cached[0] == stamp:
            return cached[1]
        (rows,) = self._read_all([(suppression.ALL_BLOCKS_QUERY, ())])
        index = suppression.ListIndex(rows, {list_id for list_id, _ in stamp})
        missing = [list_id for list_id, entries in stamp if entries and list_id not in index.lists]
        if missing:  # a list removed between the two reads: its numbers cannot be told
            raise StoreError("a do-not-call list was removed or replaced while it was read: try again")
        self._index = (stamp, index)
        return index

    def attempts_count(self, number: str) -> int:
        key = self._keys.key(_number(number))
        (rows,) = self._read_all([("SELECT count(*) FROM attempts WHERE number = ?", (key,))])
        return int(rows[0][0])

    def totals(self) -> dict[str, int]:
        """Rows per record table, all numbers (for tests and operations)."""
        results = self._read_all([(f"SELECT count(*) FROM {table}", ()) for table in RECORD_TABLES])
        return {table: int(rows[0][0]) for table, rows in zip(RECORD_TABLES, results, strict=True)}

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._close()

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError("the history store is closed")

    def __enter__(self) -> BaseStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def insert_sql(table: str, row: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    return f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(row.values())
