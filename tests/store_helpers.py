"""Helpers for the store tests: reaching the test PostgreSQL (starting it once
if it is down), one schema per test, raw dumps of what a backend stored, and
the worker functions run in spawned processes (they must be importable).

Point the PostgreSQL tests at another server with
CALLWINDOW_TEST_POSTGRES=postgresql://user:password@host:port/database
(the user needs CREATE on that database: each test creates and drops a schema).
"""

from __future__ import annotations

import os
import secrets
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from callwindow.history import Attempt, Outcome
from callwindow.model import Channel, Purpose
from callwindow.store import open_store

DEFAULT_TEST_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
START_COMMAND = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"


def postgres_url() -> str:
    return os.environ.get("CALLWINDOW_TEST_POSTGRES", "").strip() or DEFAULT_TEST_POSTGRES


def _try_connect(url: str) -> str | None:
    """None if a server answers at `url`, else the error."""
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=5, autocommit=True) as conn:
            conn.execute("SELECT 1")
        return None
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def ensure_postgres(url: str, *, retries: int = 20, start_command: str = START_COMMAND) -> str | None:
    """Connect; if that fails, try once to start the local cluster and connect
    again. Returns None when the server answers, else a message saying how to
    start one (the tests then fail: PostgreSQL is part of the suite)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return ("the PostgreSQL store tests need psycopg: pip install -e '.[test]' "
                "(the test extra includes psycopg[binary])")
    problem = _try_connect(url)
    if problem is None:
        return None
    try:
        subprocess.run(start_command, shell=True, timeout=60, capture_output=True, check=False)
    except (OSError, subprocess.SubprocessError):
        pass
    for _ in range(retries):
        problem = _try_connect(url)
        if problem is None:
            return None
        time.sleep(0.5)
    return (f"PostgreSQL is not reachable at {url} ({problem}). The store tests run against a real server: "
            f"start the local one with `{START_COMMAND}` (as root), or point CALLWINDOW_TEST_POSTGRES at "
            "another server (postgresql://user:password@host:port/database; the user needs CREATE there).")


@pytest.fixture(scope="session")
def postgres_base() -> str:
    """The test server's URL (the tests fail, saying how to start it, if none answers)."""
    url = postgres_url()
    problem = ensure_postgres(url)
    if problem is not None:
        pytest.fail(problem, pytrace=False)
    return url


def with_search_path(url: str, schema: str) -> str:
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options=-csearch_path%3D{schema}"


def create_schema(base_url: str) -> tuple[str, str]:
    """A fresh schema cw_test_<random>; the URL that uses it."""
    import psycopg

    schema = f"cw_test_{secrets.token_hex(6)}"
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    return with_search_path(base_url, schema), schema


def drop_schema(base_url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def raw_dump(backend: str, target: str) -> bytes:
    """Everything a backend stored, as bytes: the SQLite file with its WAL and
    shared-memory files, or every row of every table of the PostgreSQL schema."""
    if backend == "sqlite":
        return b"".join(Path(f"{target}{suffix}").read_bytes()
                        for suffix in ("", "-wal", "-shm", "-journal") if Path(f"{target}{suffix}").exists())
    import psycopg

    chunks = []
    with psycopg.connect(target, autocommit=True) as conn:
        tables = [row[0] for row in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")]
        assert tables, "no tables found in the test schema"
        for table in tables:
            for (text,) in conn.execute(f"SELECT row_to_json(t)::text FROM {table} t"):
                chunks.append(text)
    return "\n".join(chunks).encode("utf-8")


def raw_connection(backend: str, target: str) -> Any:
    """A plain DB-API connection to the store's database (autocommit for PostgreSQL)."""
    if backend == "sqlite":
        from callwindow.store.sqlite import connect

        return connect(target)
    import psycopg

    return psycopg.connect(target, autocommit=False)


def make_old_store(backend: str, target: str, version: int) -> None:
    """A database at schema `version`, holding one attempt written the old way."""
    if backend == "sqlite":
        from callwindow.store import sqlite as module

        Path(target).parent.mkdir(parents=True, exist_ok=True)
        conn = raw_connection(backend, target)
        module.migrate(conn, target=version)
        conn.execute("INSERT INTO attempts (number, at_us, channel, purpose, outcome, subject) "
                     "VALUES ('+13055550123', 1773151200000000, 'call', 'sales', 'no_answer', 'old')")
        conn.close()
        return
    from callwindow.store import postgres as module

    conn = raw_connection(backend, target)
    module.migrate(conn, target=version)
    conn.execute("INSERT INTO attempts (number, at_us, channel, purpose, outcome, subject) "
                 "VALUES ('+13055550123', 1773151200000000, 'call', 'sales', 'no_answer', 'old')")
    conn.commit()
    conn.close()


def schema_rows(backend: str, target: str) -> list[tuple[int, str]]:
    conn = raw_connection(backend, target)
    try:
        return [tuple(row) for row in conn.execute("SELECT version, description FROM schema_version ORDER BY version")]
    finally:
        conn.close()


def set_schema_version(backend: str, target: str, version: int) -> None:
    conn = raw_connection(backend, target)
    try:
        params = (version, "from the future", 0)
        if backend == "sqlite":
            conn.execute("INSERT INTO schema_version VALUES (?, ?, ?)", params)
        else:
            conn.execute("INSERT INTO schema_version VALUES (%s, %s, %s)", params)
            conn.commit()
    finally:
        conn.close()


def clear_records(backend: str, target: str) -> None:
    """Delete every record (the schema and settings stay)."""
    from callwindow.store._records import RECORD_TABLES

    conn = raw_connection(backend, target)
    try:
        for table in RECORD_TABLES:
            conn.execute(f"DELETE FROM {table}")
        if backend == "postgres":
            conn.commit()
    finally:
        conn.close()


def insert_records(backend: str, target: str, records: list[Any], hash_key: bytes | None = None) -> None:
    """Write many records fast: encoded as the store encodes them, in one transaction (each table's
    ids in list order). The store must exist (opened once)."""
    from callwindow.history import Callback, Consent, ConvenienceAsk, OptOut
    from callwindow.store import _records

    encoders: dict[type, tuple[str, Any]] = {
        Attempt: ("attempts", _records.attempt_row), OptOut: ("opt_outs", _records.opt_out_row),
        Consent: ("consents", _records.consent_row), Callback: ("callbacks", _records.callback_row),
        ConvenienceAsk: ("asks", _records.ask_row),
    }
    keys = _records.NumberKeys(hash_key)
    by_sql: dict[str, list[tuple[Any, ...]]] = {}
    for item in records:
        table, encode = encoders[type(item)]
        sql, params = _records.insert_sql(table, encode(item, keys))
        by_sql.setdefault(sql if backend == "sqlite" else sql.replace("?", "%s"), []).append(params)
    conn = raw_connection(backend, target)
    try:
        if backend == "sqlite":
            conn.execute("BEGIN IMMEDIATE")
        cursor = conn.cursor()
        for sql, rows in by_sql.items():
            cursor.executemany(sql, rows)
        if backend == "sqlite":
            conn.execute("COMMIT")
        else:
            conn.commit()
    finally:
        conn.close()


# ------------------------------------------------------------ spawned workers

BASE = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)


def record_many(target: str, hash_key: bytes | None, worker: int, count: int, barrier: Any, number: str) -> None:
    """One writer process: wait for all, open (racing the migrations), wait
    again, then record `count` attempts for `number` as fast as it can."""
    barrier.wait(timeout=300)
    store = open_store(target, hash_key=hash_key)
    barrier.wait(timeout=300)
    for index in range(count):
        store.record_attempt(Attempt(number, BASE + timedelta(seconds=worker * 1000 + index), Channel.CALL,
                                     Purpose.SALES, Outcome.NO_ANSWER, f"w{worker}-{index}"))
    store.close()


# Run with: python -c DURABLE_CHILD target [count]. Records attempts one at a
# time and prints "acknowledged" (then the index) after each call returns;
# the parent kills it with SIGKILL on reading a line.
DURABLE_CHILD = r"""
import sys, time
from datetime import timedelta
from callwindow.history import Attempt, Outcome
from callwindow.model import Channel, Purpose
from callwindow.store import open_store
sys.path.insert(0, sys.argv[3])
from store_helpers import BASE
store = open_store(sys.argv[1])
count = int(sys.argv[2])
for index in range(count if count else 10**9):
    store.record_attempt(Attempt("+13055550123", BASE + timedelta(seconds=index), Channel.CALL, Purpose.SALES,
                                 Outcome.CONVERSATION, f"durable-{index}"))
    print("acknowledged" if count == 1 else f"acknowledged {index}", flush=True)
time.sleep(600)
"""


def claim_worker(target: str, numbers: list[str], at: str, start: Any, results: Any) -> None:
    """One racing dialer (run in its own process): for each number, wait until every dialer is
    ready (the barrier), then claim a sales call; report (number, granted)."""
    from callwindow import Policy
    from callwindow.request import Question

    policy = Policy.default()
    questions = [Question.of(number, at) for number in numbers]
    with open_store(target) as store:
        for question in questions:
            start.wait()
            found = policy.claim(question, store)
            results.put((question.subscriber.number, found.granted))


def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The body of a store fixture parametrised with "sqlite" (a file in tmp_path) or
    "postgres" (a fresh schema of the test server, dropped afterwards): yields the target."""
    if request.param.startswith("sqlite"):
        yield str(tmp_path / "history.sqlite3")
        return
    base = request.getfixturevalue("postgres_base")
    url, schema = create_schema(base)
    try:
        yield url
    finally:
        drop_schema(base, schema)
