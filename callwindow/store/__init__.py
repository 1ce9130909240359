"""Where the contact history lives: one small interface, two backends.

    store = open_store("~/.local/share/callwindow/history.sqlite3")   # SQLite (default)
    store = open_store("postgresql://dialer@db.example/crm")          # PostgreSQL (extra: postgres)
    store.record_attempt(Attempt.create("+1 305 555 0123", "2026-03-10T14:00:00Z", outcome="no_answer"))
    Policy.default().check("+1 305 555 0123", history=store.history("+1 305 555 0123"))
    store.histories(["+13055550123", "+33123456789"])                # {number: History}: a chunk of a lead list

Both backends validate every record before writing (bad input raises
InvalidInput and writes nothing), commit each write durably before returning
(an acknowledged write survives a killed process), are safe with many writers
at once (threads, processes, machines sharing one PostgreSQL), and migrate
their schema at open. With `hash_key`, numbers are stored as
HMAC-SHA256(key, E.164) and never in plain text. See docs/history.md.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar, runtime_checkable

from ..errors import InvalidInput
from ..history import (
    Attempt,
    Callback,
    Consent,
    ConvenienceAsk,
    History,
    OptOut,
    Outcome,
    Relationship,
    SuppressionList,
)
from ._records import BatchHistories, ClaimResult, IdempotencyConflict, Record, StoreError
from ._records import validate as validate_record

_T = TypeVar("_T")

__all__ = [
    "BatchHistories",
    "ClaimResult",
    "HistoryStore",
    "IdempotencyConflict",
    "MissingStore",
    "StoreError",
    "default_db_path",
    "is_missing",
    "is_postgres_url",
    "open_store",
    "require_store",
    "store_file",
    "user_db_path",
    "validate_record",
]

ENV_DB = "CALLWINDOW_DB"
MIN_KEY_BYTES = 16


@runtime_checkable
class HistoryStore(Protocol):
    """A contact history store. Every record_* validates its record (InvalidInput
    on bad input, nothing written), commits it durably and returns its id."""

    def record_attempt(self, attempt: Attempt) -> int: ...

    def record_opt_out(self, opt_out: OptOut) -> int: ...

    def record_consent(self, consent: Consent) -> int: ...

    def record_callback(self, callback: Callback) -> int: ...

    def record_ask(self, ask: ConvenienceAsk) -> int: ...

    def record_relationship(self, relationship: Relationship) -> int:
        """A business relationship (purchase or inquiry): lifts a registry list only inside the
        window its jurisdiction's rule data gives ([[relationship]])."""
        ...

    def relationships(self, number: str) -> tuple[Relationship, ...]: ...

    def remove_relationships(self, number: str, kind: str | None = None) -> int: ...

    def record_many(self, records: Iterable[Record]) -> list[int]:
        """Many records of any kinds in one durable transaction, all or nothing (an import):
        their ids, in order. Every record is validated before anything is written."""
        ...

    def history(self, number: str, since: datetime | str | None = None) -> History:
        """Everything recorded about `number` (E.164): attempts at or after
        `since` (all when None) sorted by time, and every opt-out, consent,
        callback and S6 ask whatever its date (an old opt-out still binds)."""
        ...

    def histories(self, numbers: Iterable[str], since: datetime | str | None = None) -> dict[str, History]:
        """history(number, since) of each distinct number given, keyed by the number as given:
        every one is a key (an empty History when nothing is recorded). Reads with one query per
        table per chunk of numbers, all in one consistent snapshot. A number in canonical E.164
        form (+ and 7-15 digits) is looked up as it is, without parsing; any other spelling is
        parsed, and InvalidInput (naming it) for one that is not a number, with nothing read."""
        ...

    def attempts_count(self, number: str) -> int: ...

    def close(self) -> None: ...

    def claim(self, number: str, decide: Callable[[History], tuple[_T, Attempt | None]], *, expires_at: datetime,
              result: Callable[[_T, int | None], str], idempotency_key: str | None = None,
              fingerprint: str = "", contact_id: str | None = None,
              log: Callable[[_T], Mapping[str, Any]] | None = None) -> ClaimResult[_T]: ...

    def enable_audit(self, retention_days: int) -> None: ...

    def disable_audit(self) -> None: ...

    def audit_retention(self) -> int | None: ...

    def log_decisions(self, decisions: Iterable[tuple[Mapping[str, Any], str]], claim_id: int | None = None) -> int: ...

    def audit_entries(self, since: datetime | str | None = None, until: datetime | str | None = None,
                      number: str | None = None) -> list[dict[str, Any]]: ...

    def history_of_contact(self, number: str, contact_id: str | None,
                           since: datetime | str | None = None) -> History: ...

    def histories_of_contacts(self, contacts: dict[str, str | None],
                              since: datetime | str | None = None) -> dict[str, History]: ...

    def complete(self, claim_id: int, outcome: str | Outcome) -> int: ...

    def release(self, claim_id: int) -> None: ...

    def record_idempotent(self, records: Iterable[Record], idempotency_key: str) -> list[int]: ...

    def import_suppression_list(self, found: SuppressionList, numbers: Iterable[str] | array[int],
                                clear: Iterable[str] | array[int] | None = None) -> int:
        """Store a do-not-call list (replacing one of its name), all or nothing: its numbers as
        E.164 texts, or an importer's array of E.164 digits (store.importers); a wash result's
        `clear` numbers (checked, not registered) too."""
        ...

    def suppression_lists(self, include_clear: bool = False) -> tuple[SuppressionList, ...]: ...

    def remove_suppression_list(self, name: str) -> bool: ...

    def __enter__(self) -> HistoryStore: ...

    def __exit__(self, *exc: object) -> None: ...


def is_postgres_url(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


def default_db_path() -> str:
    """$CALLWINDOW_DB if set, else user_db_path()."""
    configured = os.environ.get(ENV_DB, "").strip()
    if configured:
        return configured
    return user_db_path()


def user_db_path() -> str:
    """The built-in location: $XDG_DATA_HOME/callwindow/history.sqlite3 (XDG_DATA_HOME
    defaults to ~/.local/share)."""
    data_home = os.environ.get("XDG_DATA_HOME", "").strip()
    if not data_home or not os.path.isabs(data_home):  # the XDG spec ignores relative paths
        data_home = os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(data_home, "callwindow", "history.sqlite3")


def is_missing(target: str) -> bool:
    """True when `target` names a SQLite file that does not exist (a URL never is)."""
    file = store_file(target)
    return file is not None and not os.path.exists(file)


def store_file(target: str) -> str | None:
    """The file a SQLite `target` names (~ expanded); None for a URL, :memory: or a folder."""
    text = str(target).strip()
    if is_postgres_url(text) or text.endswith(("/", os.sep)) or text == ":memory:":
        return None
    return os.path.expanduser(text)


class MissingStore(StoreError):
    """A store named by the caller (--db, $CALLWINDOW_DB, a settings file) does not exist."""


def require_store(target: str, named_by: str, *, create: bool = False) -> None:
    """Fail closed on a store that is not there: a mistyped path or an unmounted volume would
    otherwise read as "no history" (no opt-outs, no caps). Only the built-in location
    (user_db_path) is created on first use without being asked; elsewhere `create` must say so.
    Raises MissingStore."""
    if create or not is_missing(target):
        return
    if os.path.abspath(os.path.expanduser(str(target).strip())) == os.path.abspath(user_db_path()):
        return
    raise MissingStore(f"no history store at {target} ({named_by}): a wrong path would mean no opt-outs and no "
                       "caps; check it, or give --create-db to start a new store there")


def open_store(target: str, *, hash_key: bytes | None = None) -> HistoryStore:
    """Open (creating and migrating as needed) the store at `target`: a
    postgresql:// or postgres:// URL, or else a SQLite file path (its folders
    are created). `hash_key` (at least 16 bytes): store numbers as keyed hashes."""
    if not isinstance(target, (str, os.PathLike)) or not str(target).strip():
        raise InvalidInput("store target is empty: give a SQLite file path or a postgresql:// URL")
    if hash_key is not None:
        if isinstance(hash_key, str):
            hash_key = hash_key.encode("utf-8")
        if not isinstance(hash_key, (bytes, bytearray)) or len(hash_key) < MIN_KEY_BYTES:
            raise InvalidInput(
                f"hash key must be at least {MIN_KEY_BYTES} bytes (e.g. the output of `openssl rand -hex 32`)"
            )
        hash_key = bytes(hash_key)
    text = str(target).strip()
    if is_postgres_url(text):
        from .postgres import PostgresStore  # psycopg is optional: imported only for a PostgreSQL target

        return PostgresStore(text, hash_key=hash_key)
    from .sqlite import SQLiteStore

    if text.endswith(("/", os.sep)):
        raise StoreError(f"{text} names a folder: give the path of a database file")
    return SQLiteStore(Path(os.path.expanduser(text)) if text != ":memory:" else text, hash_key=hash_key)
