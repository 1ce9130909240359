"""The SQLite history store: a local file, zero set-up (the default).

Safety: WAL journal, synchronous=FULL (a commit is on disk before it returns),
a 30 s busy timeout, every write in its own BEGIN IMMEDIATE transaction (writers
queue for the lock instead of failing or interleaving), one connection per
store object used under a lock (safe to share between threads). The file is
created 0600 in folders created 0700: it holds personal data.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from datetime import UTC
from pathlib import Path
from typing import Any, TypeVar

from . import suppression
from ._records import (
    NUMBER_KEYS_SETTING,
    RECORD_TABLES,
    BaseStore,
    NumberKeys,
    StoreError,
    Transaction,
    check_number_keys,
    insert_sql,
    plain_notice,
    to_micros,
    warn_plain,
)

BUSY_TIMEOUT_S = 30.0
_T = TypeVar("_T")

# Ordered, append-only: (version, description, statements). Never edit a
# released migration; add the next one.
MIGRATIONS: list[tuple[int, str, tuple[str, ...]]] = [
    (1, "attempts, opt-outs, consents and agreed callbacks", (
        """CREATE TABLE attempts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            number TEXT NOT NULL,
            at_us INTEGER NOT NULL,
            channel TEXT NOT NULL,
            purpose TEXT NOT NULL,
            outcome TEXT NOT NULL,
            subject TEXT
        )""",
        "CREATE INDEX attempts_number_at ON attempts (number, at_us)",
        """CREATE TABLE opt_outs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            number TEXT NOT NULL,
            at_us INTEGER NOT NULL,
            channels TEXT NOT NULL,
            purposes TEXT NOT NULL,
            provenance TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX opt_outs_number ON opt_outs (number)",
        """CREATE TABLE consents (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            number TEXT NOT NULL,
            at_us INTEGER NOT NULL,
            channels TEXT NOT NULL,
            purposes TEXT NOT NULL,
            expires_us INTEGER,
            provenance TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX consents_number ON consents (number)",
        """CREATE TABLE callbacks (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            number TEXT NOT NULL,
            start_us INTEGER NOT NULL,
            end_us INTEGER NOT NULL,
            channel TEXT NOT NULL
        )""",
        "CREATE INDEX callbacks_number ON callbacks (number)",
    )),
    (2, "'is it convenient?' texts and their replies (S6)", (
        """CREATE TABLE asks (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            number TEXT NOT NULL,
            at_us INTEGER NOT NULL,
            reply INTEGER CHECK (reply IN (0, 1)),
            replied_us INTEGER
        )""",
        "CREATE INDEX asks_number ON asks (number, at_us)",
    )),
    (3, "store settings: how numbers are keyed (plain or HMAC)", (
        "CREATE TABLE store_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    )),
    (4, "claims (a dialer's call in progress) and idempotency keys", (
        """CREATE TABLE claims (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            number TEXT NOT NULL,
            at_us INTEGER NOT NULL,
            channel TEXT NOT NULL,
            purpose TEXT NOT NULL,
            subject TEXT,
            expires_us INTEGER NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'completed', 'released')),
            attempt_id INTEGER
        )""",
        "CREATE INDEX claims_number ON claims (number, state, expires_us)",
        """CREATE TABLE idempotency (
            key TEXT PRIMARY KEY,
            fingerprint TEXT NOT NULL,
            result TEXT NOT NULL,
            created_us INTEGER NOT NULL
        )""",
        "CREATE INDEX idempotency_created ON idempotency (created_us)",
    )),
    (5, "imported do-not-call lists and their numbers", (
        """CREATE TABLE suppression_lists (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            jurisdiction TEXT NOT NULL,
            downloaded_on TEXT NOT NULL,
            max_age_days INTEGER NOT NULL,
            purposes TEXT NOT NULL,
            channels TEXT NOT NULL,
            lifted_by_consent INTEGER NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            imported_us INTEGER NOT NULL,
            entries INTEGER NOT NULL
        )""",
        """CREATE TABLE suppressed (
            number TEXT NOT NULL,
            list_id INTEGER NOT NULL,
            PRIMARY KEY (number, list_id)
        ) WITHOUT ROWID""",
    )),
    (6, "contact ids: a person's records across their numbers", (
        "ALTER TABLE attempts ADD COLUMN contact_key TEXT",
        "ALTER TABLE opt_outs ADD COLUMN contact_key TEXT",
        "ALTER TABLE consents ADD COLUMN contact_key TEXT",
        "ALTER TABLE claims ADD COLUMN contact_key TEXT",
        "CREATE INDEX attempts_contact ON attempts (contact_key)",
        "CREATE INDEX opt_outs_contact ON opt_outs (contact_key)",
        "CREATE INDEX consents_contact ON consents (contact_key)",
        "CREATE INDEX claims_contact ON claims (contact_key)",
    )),
    (7, "the decision log (opt-in)", (
        """CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            logged_us INTEGER NOT NULL,
            at TEXT NOT NULL,
            number TEXT NOT NULL,
            channel TEXT NOT NULL,
            purpose TEXT NOT NULL,
            contact TEXT NOT NULL,
            action TEXT NOT NULL,
            reasons TEXT NOT NULL,
            next_allowed_at TEXT,
            rules TEXT NOT NULL,
            surface TEXT NOT NULL,
            claim_id INTEGER,
            detail TEXT NOT NULL
        )""",
        "CREATE INDEX audit_logged ON audit (logged_us)",
        "CREATE INDEX audit_number ON audit (number, logged_us)",
    )),
    (8, "do-not-call lists as sorted values in packed blocks (the rows of `suppressed` moved there)", (
        """CREATE TABLE suppression_blocks (
            list_id INTEGER NOT NULL,
            first_value INTEGER NOT NULL,
            entries INTEGER NOT NULL,
            packed BLOB NOT NULL,
            PRIMARY KEY (list_id, first_value)
        )""",
    )),
    (9, "business relationships (EBR exemptions) and wash results' clear numbers", (
        """CREATE TABLE relationships (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            number TEXT NOT NULL,
            at_us INTEGER NOT NULL,
            kind TEXT NOT NULL,
            provenance TEXT NOT NULL DEFAULT '',
            contact_key TEXT
        )""",
        "CREATE INDEX relationships_number ON relationships (number)",
        "CREATE INDEX relationships_contact ON relationships (contact_key)",
        # Lists imported before: no exemption (fail closed) and not wash results (as they were read).
        "ALTER TABLE suppression_lists ADD COLUMN lifted_by_relationship INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE suppression_lists ADD COLUMN wash INTEGER NOT NULL DEFAULT 0",
        # A wash result's clear numbers: a list row of their own (its blocks read as any list's),
        # naming the wash result's id.
        "ALTER TABLE suppression_lists ADD COLUMN clear_of INTEGER",
    )),
]
LATEST = MIGRATIONS[-1][0]


def schema_version(conn: sqlite3.Connection) -> int:
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").fetchone()
    if not exists:
        return 0
    return int(conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, *, target: int | None = None, keys: NumberKeys | None = None,
            where: str = "the SQLite database", notices: list[str] | None = None) -> int:
    """Apply the missing migrations (up to `target`, default all) in one
    BEGIN IMMEDIATE transaction: concurrent opens wait for each other, and a
    failure leaves the schema as it was. Returns the version now in force."""
    goal = LATEST if target is None else target
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("""CREATE TABLE IF NOT EXISTS schema_version (
            version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at_us INTEGER NOT NULL)""")
        current = schema_version(conn)
        if current > LATEST:
            raise StoreError(f"{where} has schema version {current}, newer than this callwindow knows ({LATEST}): "
                             "upgrade callwindow")
        for version, description, statements in MIGRATIONS:
            if current < version <= goal:
                for statement in statements:
                    conn.execute(statement)
                if version == 8:
                    _pack_legacy_lists(conn)
                conn.execute("INSERT INTO schema_version (version, description, applied_at_us) VALUES (?, ?, ?)",
                             (version, description, _now_us()))
                current = version
        if keys is not None and current >= 3:
            _settle_number_keys(conn, keys, where)
            if not keys.hashed and notices is not None:
                notices.extend(plain_notice(lambda sql, params: conn.execute(sql, params).fetchall(), where))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return current


def _pack_legacy_lists(conn: sqlite3.Connection) -> None:
    """Schema 8: the numbers of lists imported before (one row each in `suppressed`) as blocks."""
    values: dict[int, list[int]] = {}
    for list_id, key in conn.execute("SELECT list_id, number FROM suppressed"):
        values.setdefault(int(list_id), []).append(suppression.key_value(key))
    for list_id, found in values.items():
        conn.executemany(insert_blocks_sql(), suppression.blocks(list_id, suppression.sorted_unique(found)))
    conn.execute("DROP TABLE suppressed")


def insert_blocks_sql() -> str:
    return f"INSERT INTO suppression_blocks ({', '.join(suppression.COLUMNS)}) VALUES (?, ?, ?, ?)"


def _settle_number_keys(conn: sqlite3.Connection, keys: NumberKeys, where: str) -> None:
    row = conn.execute("SELECT value FROM store_settings WHERE name = ?", (NUMBER_KEYS_SETTING,)).fetchone()
    if row is not None:
        check_number_keys(row[0], keys, where)
        return
    if keys.hashed:  # a store that already holds plain numbers cannot turn hashed silently
        for table in RECORD_TABLES:
            if conn.execute(f"SELECT 1 FROM {table} WHERE number LIKE '+%' LIMIT 1").fetchone():
                check_number_keys("plain", keys, where)
    conn.execute("INSERT INTO store_settings (name, value) VALUES (?, ?)", (NUMBER_KEYS_SETTING, keys.mode()))


def _now_us() -> int:
    from datetime import datetime

    return to_micros(datetime.now(UTC))


def _prepare_file(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if path.is_dir():
            raise StoreError(f"{path} is a folder: give the path of a database file")
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as error:
        raise StoreError(f"cannot create the history database {path}: {error.strerror or error}") from None


def connect(path: Path | str) -> sqlite3.Connection:
    """A connection configured as the store uses it (also for tests and tools)."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:  # switching a new file to WAL can meet another opener's lock
            try:
                conn.execute("PRAGMA journal_mode = WAL").fetchone()
                break
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) and "busy" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        conn.execute("PRAGMA synchronous = FULL")
    except BaseException:
        conn.close()
        raise
    return conn


class SQLiteStore(BaseStore):
    """History in a SQLite file (see the module notes for the guarantees)."""

    # A read of several numbers joins a table of their keys (_records.history_statement): not
    # materialized, each branch reads the keys' VALUES as it goes (SQLite before 3.35 has no
    # hint and never materializes a common table expression).
    keys_table = "NOT MATERIALIZED" if sqlite3.sqlite_version_info >= (3, 35, 0) else ""

    def __init__(self, path: Path | str, *, hash_key: bytes | None = None) -> None:
        super().__init__(hash_key)
        self.path = path
        self._where = f"the history database {path}"
        if path != ":memory:":
            _prepare_file(Path(path))
        try:
            self._conn = connect(path)
        except sqlite3.Error as error:
            raise StoreError(f"cannot open {self._where}: {error}") from None
        try:
            notices: list[str] = []
            self.version = migrate(self._conn, keys=self._keys, where=self._where, notices=notices)
        except sqlite3.Error as error:
            self._conn.close()
            raise StoreError(f"cannot open {self._where}: {error}") from None
        except BaseException:
            self._conn.close()
            raise
        warn_plain(notices)
        # The cursor of single-statement reads (under self._lock): conn.execute makes and frees
        # one per call, ~3 % of a check's read.
        self._reader = self._conn.cursor()

    def _insert_many(self, rows: list[tuple[str, dict[str, Any]]]) -> list[int]:
        with self._lock:
            self._check_open()
            conn = self._conn
            ids: list[int] = []
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    for table, row in rows:
                        sql, params = insert_sql(table, row)
                        record_id = conn.execute(sql, params).lastrowid
                        assert record_id is not None
                        ids.append(int(record_id))
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
            except sqlite3.Error as error:
                raise StoreError(f"{self._where}: nothing was written: {error}") from None
        return ids

    def _exclusive(self, lock: str, work: Callable[[Transaction], _T]) -> _T:
        # BEGIN IMMEDIATE takes the database's write lock at once: every writer (threads,
        # processes) queues here, so the reads inside see every committed claim.
        with self._lock:
            self._check_open()
            conn = self._conn
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    result = work(_Transaction(conn))
                    conn.execute("COMMIT")
                    return result
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
            except sqlite3.Error as error:
                raise StoreError(f"{self._where}: nothing was written: {error}") from None

    def _read_all(self, queries: list[tuple[str, tuple[Any, ...]]]) -> list[list[Any]]:
        with self._lock:
            self._check_open()
            conn = self._conn
            try:
                if len(queries) == 1:  # a statement is its own snapshot: no BEGIN ... COMMIT (store.reads)
                    return [self._reader.execute(*queries[0]).fetchall()]
                conn.execute("BEGIN")  # one snapshot for all the queries
                try:
                    return [conn.execute(sql, params).fetchall() for sql, params in queries]
                finally:
                    conn.execute("COMMIT")
            except sqlite3.Error as error:
                raise StoreError(f"{self._where}: cannot read: {error}") from None

    def _close(self) -> None:
        self._conn.close()

    def __repr__(self) -> str:
        return f"SQLiteStore({str(self.path)!r}, hashed={self.hashed})"


class _Transaction:
    """Reads and writes inside SQLiteStore._exclusive."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def read(self, sql: str, params: tuple[Any, ...]) -> list[Any]:
        return self._conn.execute(sql, params).fetchall()

    def insert(self, table: str, row: dict[str, Any]) -> int:
        record_id = self._conn.execute(*insert_sql(table, row)).lastrowid
        assert record_id is not None
        return int(record_id)

    def execute(self, sql: str, params: tuple[Any, ...]) -> int:
        return self._conn.execute(sql, params).rowcount

    def insert_rows(self, table: str, columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> None:
        marks = ", ".join("?" for _ in columns)
        self._conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
