"""The decision log (issue 13 item 5): off by default; once enabled in a store, claims, HTTP
checks and batches, and list rows are logged with the number keyed as the store keys numbers,
the answer, its reason codes and the rule-data version; entries older than the retention are
deleted as new ones are written; `can-i-call audit export` answers "why did we call this
number on that day?"."""

from __future__ import annotations

import contextlib
import io
import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from callwindow import Attempt, Policy
from callwindow.cli import main as can_i_call
from callwindow.request import Question
from callwindow.store import open_store

AT = datetime(2026, 11, 24, 20, tzinfo=UTC)
NUMBER, OTHER = "+13055550123", "+12125550123"
POLICY = Policy.default()
KEY = b"0123456789abcdef-audit-key"


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = can_i_call(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_the_log_is_off_until_enabled_and_logs_claims(tmp_path: Path) -> None:
    db = str(tmp_path / "history.sqlite3")
    with open_store(db, hash_key=KEY) as store:
        assert store.audit_retention() is None
        POLICY.claim(Question.of(NUMBER, AT), store)
        assert store.audit_entries() == []  # off: nothing logged
        store.enable_audit(365)
        granted = POLICY.claim(Question.of(NUMBER, AT), store)
        entries = store.audit_entries()
        assert len(entries) == 1 and entries[0]["surface"] == "claim" and entries[0]["claim_id"] == granted.claim_id
        assert entries[0]["action"] == "call" and entries[0]["number"] != NUMBER  # keyed, not in plain text
        assert NUMBER not in json.dumps(entries[0])
        assert store.audit_entries(number=NUMBER) == entries and store.audit_entries(number=OTHER) == []


def test_retention_deletes_old_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from callwindow.store import _records

    db = str(tmp_path / "history.sqlite3")
    with open_store(db) as store:
        store.enable_audit(30)
        real = _records.now_us
        monkeypatch.setattr(_records, "now_us", lambda: real() - 40 * 86_400_000_000)  # 40 days ago
        store.log_decisions([(POLICY.check(NUMBER, AT).to_dict(), "python")])
        monkeypatch.setattr(_records, "now_us", real)
        assert len(store.audit_entries()) == 1
        store.log_decisions([(POLICY.check(OTHER, AT).to_dict(), "python")])  # the next write prunes
        entries = store.audit_entries()
        assert [entry["number"] for entry in entries] == [OTHER]


def test_http_and_list_decisions_are_logged_and_exported(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from callwindow.http.app import Settings, create_app
    from callwindow.http.security import KeyRing

    db = str(tmp_path / "history.sqlite3")
    with open_store(db) as store:
        store.record_many([Attempt.create(NUMBER, AT - timedelta(hours=h), outcome="no_answer") for h in (1, 2, 3)])
    assert _run("audit", "enable", "--retention-days", "365", "--db", db, "--no-config")[0] == 0
    settings = Settings(keys=KeyRing.load(env={"CALLWINDOW_API_KEYS": "audit-key-0123456789"}), db=db)
    with TestClient(create_app(settings)) as client:
        auth = {"Authorization": "Bearer audit-key-0123456789"}
        assert client.get("/v1/check", params={"number": NUMBER, "at": AT.isoformat()}, headers=auth).status_code == 200
        batch = client.post("/v1/check/batch", json=[{"number": OTHER, "at": AT.isoformat()}, {"number": "12"}],
                            headers=auth)
        assert batch.status_code == 200
    leads = tmp_path / "leads.csv"
    leads.write_text(f"phone\n{NUMBER}\n{OTHER}\nnot a number\n", encoding="utf-8")
    code, _, err = _run("list", str(leads), "--at", AT.isoformat(), "--quiet", "--db", db, "--no-config",
                        "-o", str(tmp_path / "out.csv"))
    assert code == 0, err
    code, out, _ = _run("audit", "export", "--db", db, "--no-config")
    entries = [json.loads(line) for line in out.splitlines()]
    assert [(e["surface"], e["action"]) for e in entries] == [
        ("http", "defer"), ("http", "call"), ("list", "defer"), ("list", "call")]
    assert "frequency_cap" in entries[0]["reasons"] and entries[0]["rules"]
    code, out, _ = _run("audit", "export", "--db", db, "--no-config", "--number", NUMBER, "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("logged_us,at,number") and len(out.splitlines()) == 3
    assert _run("audit", "disable", "--db", db, "--no-config")[0] == 0
    code, _, err = _run("audit", "enable", "--retention-days", "0", "--db", db, "--no-config")
    assert code == 2 and err.count("\n") == 1


def test_the_single_check_is_logged(tmp_path: Path) -> None:
    db = str(tmp_path / "history.sqlite3")
    assert _run("audit", "enable", "--retention-days", "30", "--db", db, "--create-db", "--no-config")[0] == 0
    code, out, _ = _run(NUMBER, "--at", AT.isoformat(), "--db", db, "--no-config", "--json")
    assert code == 0
    code, out, _ = _run("audit", "export", "--db", db, "--no-config")
    entries = [json.loads(line) for line in out.splitlines()]
    assert [(e["surface"], e["action"], e["at"]) for e in entries] == [("cli", "call", "2026-11-24T20:00:00Z")]
