"""Atomic claims and idempotent records (issue 13, items 1 and 2), on SQLite and on the real
PostgreSQL: eight dialers racing for the last slot of a cap get exactly one claim; a pending
claim counts in every decision until completed, released or expired; a retried request with
the same idempotency key records nothing; the same key with another body is refused."""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import store_helpers
from store_helpers import postgres_base  # noqa: F401  (a fixture)

from callwindow import Attempt, InvalidInput, Policy
from callwindow.history import OptOut
from callwindow.request import Question
from callwindow.store import open_store
from callwindow.store._records import IdempotencyConflict

AT = datetime(2026, 11, 24, 20, tzinfo=UTC)  # 15:00 in Miami, a Tuesday: a sales call is allowed
POLICY = Policy.default()
DIALERS = 8
TRIALS = 100


@pytest.fixture(params=["sqlite", "postgres"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from store_helpers.store_target(request, tmp_path)


def _florida(index: int) -> str:
    return f"+1305555{index:04d}"


def _one_slot_left(store: object, number: str) -> None:
    """Two sales calls in the last 24 h: Florida allows three (FL 501.616(6)(b))."""
    store.record_many([Attempt.create(number, AT - timedelta(hours=hours), outcome="no_answer")  # type: ignore[attr-defined]
                       for hours in (1, 2)])


def test_eight_dialers_racing_for_the_last_slot_get_exactly_one(target: str) -> None:
    numbers = [_florida(index) for index in range(TRIALS)]
    with open_store(target) as store:
        for number in numbers:
            _one_slot_left(store, number)
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(DIALERS)
    results = context.Queue()
    workers = [context.Process(target=store_helpers.claim_worker,
                               args=(target, numbers, AT.isoformat(), start, results)) for _ in range(DIALERS)]
    for worker in workers:
        worker.start()
    granted: dict[str, int] = dict.fromkeys(numbers, 0)
    for _ in range(DIALERS * TRIALS):
        number, won = results.get(timeout=600)
        granted[number] += won
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    assert set(granted.values()) == {1}, {number: count for number, count in granted.items() if count != 1}
    with open_store(target) as store:  # and the cap now binds for everyone
        assert not POLICY.answer(Question.of(numbers[0], AT), store.history(numbers[0])).allowed


def test_a_pending_claim_counts_until_completed_released_or_expired(target: str) -> None:
    number = _florida(9001)
    with open_store(target) as store:
        _one_slot_left(store, number)
        question = Question.of(number, AT)
        first = POLICY.claim(question, store)
        assert first.granted and first.claim_id is not None and first.expires_at is not None
        assert first.decision["action"] == "call"
        # every decision sees the pending claim: a second claim and a plain check are refused
        second = POLICY.claim(question, store)
        assert not second.granted and second.claim_id is None
        assert "frequency_cap" in {reason["code"] for reason in second.decision["reasons"]}
        assert not POLICY.answer(question, store.history(number)).allowed
        # released: the slot is free again
        store.release(first.claim_id)
        store.release(first.claim_id)  # releasing twice is a no-op
        third = POLICY.claim(question, store)
        assert third.granted and third.claim_id is not None
        # completed: the pending claim becomes the attempt, with its outcome, at the claim's time
        attempt = store.complete(third.claim_id, "voicemail")
        assert store.complete(third.claim_id, "voicemail") == attempt  # a retried webhook: the same id
        with pytest.raises(InvalidInput, match="completed with outcome voicemail"):
            store.complete(third.claim_id, "refused")
        with pytest.raises(InvalidInput, match="completed"):
            store.release(third.claim_id)
        recorded = store.history(number).attempts
        assert [(a.at, a.outcome.value) for a in recorded][-1] == (AT, "voicemail")
        assert len(recorded) == 3
        with pytest.raises(InvalidInput, match="no claim"):
            store.complete(123_456_789, "answered")


def test_a_claim_that_is_never_finished_frees_its_slot_when_it_expires(target: str) -> None:
    """A dialer killed between claim and complete: its pending claim stops counting at expiry."""
    number = _florida(9002)
    with open_store(target) as store:
        _one_slot_left(store, number)
        question = Question.of(number, AT)
        lost = POLICY.claim(question, store, hold=timedelta(seconds=1))
        assert lost.granted and lost.expires_at is not None
        assert not POLICY.claim(question, store).granted
        deadline = time.monotonic() + 60
        while datetime.now(UTC) <= lost.expires_at and time.monotonic() < deadline:  # wait for the expiry
            time.sleep(0.05)
        assert POLICY.claim(question, store).granted


def test_an_opted_out_number_is_never_claimed(target: str) -> None:
    number = _florida(9003)
    with open_store(target) as store:
        store.record_opt_out(OptOut.create(number, AT - timedelta(days=1)))
        found = POLICY.claim(Question.of(number, AT), store)
        assert not found.granted and found.decision["action"] == "block"
        assert [reason["code"] for reason in found.decision["reasons"]] == ["opted_out"]


def test_a_retried_claim_with_its_key_returns_the_first_claim(target: str) -> None:
    number = _florida(9004)
    with open_store(target) as store:
        _one_slot_left(store, number)
        question = Question.of(number, AT)
        first = POLICY.claim(question, store, idempotency_key="dialer-7:call-1")
        again = POLICY.claim(question.replace(at=AT + timedelta(seconds=3)), store, idempotency_key="dialer-7:call-1")
        assert again.repeated and again.claim_id == first.claim_id and again.granted
        assert again.decision == first.decision
        other = Question.of(number, AT, purpose="collection")
        with pytest.raises(IdempotencyConflict, match="different request"):
            POLICY.claim(other, store, idempotency_key="dialer-7:call-1")


def test_a_retried_record_with_its_key_records_once(target: str) -> None:
    number = _florida(9005)
    with open_store(target) as store:
        attempt = Attempt.create(number, AT, outcome="no_answer")
        ids = store.record_idempotent([attempt], "webhook-42")
        assert store.record_idempotent([attempt], "webhook-42") == ids
        assert len(store.history(number).attempts) == 1
        with pytest.raises(IdempotencyConflict):
            store.record_idempotent([Attempt.create(number, AT, outcome="refused")], "webhook-42")
        with pytest.raises(InvalidInput, match="empty"):
            store.record_idempotent([attempt], "  ")
        assert len(store.history(number).attempts) == 1


def test_a_claim_hold_out_of_range_is_refused(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "h.sqlite3")) as store, pytest.raises(InvalidInput, match="held between"):
        POLICY.claim(Question.of(_florida(1), AT), store, hold=timedelta(days=2))


def _cli(*argv: str) -> tuple[int, str, str]:
    import subprocess

    done = subprocess.run([sys.executable, "-m", "callwindow", *argv], capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout, done.stderr


def test_the_command_line_claims_completes_and_releases(tmp_path: Path) -> None:
    import json

    db = str(tmp_path / "history.sqlite3")
    number = _florida(9006)
    with open_store(db) as store:
        _one_slot_left(store, number)
    code, out, err = _cli("claim", number, "--at", AT.isoformat(), "--db", db, "--no-config",
                          "--idempotency-key", "agent-3")
    first = json.loads(out)
    assert code == 0 and first["granted"] and first["decision"]["action"] == "call", err
    code, out, _ = _cli("claim", number, "--at", AT.isoformat(), "--db", db, "--no-config")
    assert code == 1 and not json.loads(out)["granted"]  # the slot is held
    code, out, _ = _cli("claim", number, "--at", AT.isoformat(), "--db", db, "--no-config",
                        "--idempotency-key", "agent-3")
    assert code == 0 and json.loads(out)["repeated"] and json.loads(out)["claim_id"] == first["claim_id"]
    code, out, err = _cli("complete", str(first["claim_id"]), "--outcome", "no_answer", "--db", db, "--no-config")
    assert code == 0 and "recorded attempt" in out, err
    code, _, err = _cli("release", str(first["claim_id"]), "--db", db, "--no-config")
    assert code == 2 and err.count("\n") == 1 and "completed" in err  # one line, no traceback
    code, _, err = _cli("claim", number, "--db", db, "--no-config", "--hold", "nan")
    assert code == 2 and "--hold" in err and err.count("\n") == 1
    # a retried record with its key: one attempt
    for _ in range(2):
        code, out, err = _cli("record", number, "--outcome", "voicemail", "--at", AT.isoformat(), "--db", db,
                              "--no-config", "--idempotency-key", "webhook-9")
        assert code == 0, err
    with open_store(db) as store:
        assert sum(a.outcome.value == "voicemail" for a in store.history(number).attempts) == 1


def test_the_http_service_claims_and_takes_idempotency_keys(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    from concurrent.futures import ThreadPoolExecutor

    from fastapi.testclient import TestClient

    from callwindow.http.app import Settings, create_app
    from callwindow.http.security import KeyRing

    db = str(tmp_path / "history.sqlite3")
    number = _florida(9007)
    with open_store(db) as store:
        _one_slot_left(store, number)
    settings = Settings(keys=KeyRing.load(env={"CALLWINDOW_API_KEYS": "claims-key-0123456789"}), db=db)
    auth = {"Authorization": "Bearer claims-key-0123456789"}
    with TestClient(create_app(settings)) as client:
        body = {"number": number, "at": AT.isoformat()}
        with ThreadPoolExecutor(DIALERS) as pool:  # eight dialers at once: one claim
            answers = list(pool.map(lambda _: client.post("/v1/claims", json=body, headers=auth), range(DIALERS)))
        granted = [answer.json() for answer in answers if answer.json()["granted"]]
        assert len(granted) == 1 and sorted(answer.status_code for answer in answers) == [200] * 7 + [201]
        claim_id = granted[0]["claim_id"]
        done = client.post(f"/v1/claims/{claim_id}/complete", json={"outcome": "no_answer"}, headers=auth)
        assert done.status_code == 201 and done.json()["attempt_id"] > 0
        again = client.post(f"/v1/claims/{claim_id}/release", headers=auth)
        assert again.status_code == 400 and "completed" in again.json()["detail"]
        # a retried record with its Idempotency-Key records once; another body under the key is a 409
        record = {"number": number, "at": AT.isoformat(), "outcome": "voicemail"}
        keyed = {**auth, "Idempotency-Key": "webhook-1"}
        first = client.post("/v1/attempts", json=record, headers=keyed)
        second = client.post("/v1/attempts", json=record, headers=keyed)
        assert first.status_code == second.status_code == 201 and first.json()["id"] == second.json()["id"]
        conflict = client.post("/v1/attempts", json={**record, "outcome": "refused"}, headers=keyed)
        assert conflict.status_code == 409 and conflict.headers["content-type"].startswith("application/problem")
    with open_store(db) as store:
        assert sum(a.outcome.value == "voicemail" for a in store.history(number).attempts) == 1
