"""Retry planning (S13): every planned slot is allowed by a check at its instant with the
history as planned (property test), caps bind the plan (Florida's 3 in 24 hours), slots
spread over the contact's day, and the CLI and HTTP surfaces give the core's plan."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from budget import budget
from hypothesis import given
from hypothesis import strategies as st
from strategies import number_and_instant, purposes

from callwindow.cli import main
from callwindow.errors import InvalidInput
from callwindow.history import Attempt, History, Outcome
from callwindow.policy import Policy
from callwindow.request import Question
from callwindow.retries import MAX_ATTEMPTS, part_of, plan_attempts

COURTESY = Policy.default()
LEGAL = Policy.legal_minimum()
FLORIDA = "+13055550123"  # Miami: US-FL, the 3-in-24-hours cap
MORNING = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)  # Tue 09:00 in Miami


def calls(number: str, *times: datetime, outcome: str = "no_answer") -> History:
    return History(attempts=tuple(Attempt.create(number, at, outcome=outcome) for at in times))


def assert_every_slot_allowed(policy: Policy, question: Question, history: History | None, plan) -> None:  # type: ignore[no-untyped-def]
    """The invariant: a check at each slot, with the history and the slots before it as
    attempts, allows the contact."""
    so_far = history if history is not None else History()
    for slot in plan.slots:
        decision = policy.answer(question.replace(at=slot.at), so_far)
        assert decision.allowed, (slot, decision.reasons)
        planned = Attempt(question.subscriber.number, slot.at, question.channel, question.purpose,
                          plan.assumed_outcome, question.subject, question.contact_id)
        so_far = History(attempts=(*so_far.attempts, planned), opt_outs=so_far.opt_outs, callbacks=so_far.callbacks,
                         asks=so_far.asks, consents=so_far.consents)


@given(
    number_and_instant(), purposes, st.sampled_from(["call", "sms"]), st.booleans(), st.integers(1, 3),
    st.lists(st.integers(1, 36 * 60), max_size=3), st.sampled_from(["voicemail", "no_answer", "conversation"]),
)
@budget(2000)
def test_no_planned_slot_is_ever_refused(case, purpose, channel, courtesy, n, minutes_before, assume) -> None:
    number, at = case
    policy = COURTESY if courtesy else LEGAL
    question = Question.of(number, at, purpose=purpose, channel=channel)
    history = History(attempts=tuple(
        Attempt(question.subscriber.number, at - timedelta(minutes=m), question.channel, question.purpose,
                Outcome.NO_ANSWER) for m in sorted(minutes_before, reverse=True)))
    plan = plan_attempts(policy, question, history, n, assume=assume)
    assert len(plan.slots) <= n
    assert all(a.at < b.at for a, b in zip(plan.slots, plan.slots[1:], strict=False))
    assert all(slot.at >= at for slot in plan.slots)
    assert_every_slot_allowed(policy, question, history, plan)


def test_florida_with_two_calls_today_plans_the_third_then_waits_for_the_24_hours() -> None:
    first, second = MORNING - timedelta(hours=1), MORNING - timedelta(minutes=30)
    history = calls(FLORIDA, first, second)
    question = Question.of(FLORIDA, MORNING)
    plan = plan_attempts(COURTESY, question, history, 3)
    assert len(plan.slots) == 3
    third, fourth, fifth = (slot.at for slot in plan.slots)
    assert third < first + timedelta(hours=24)  # the third call of the 24 hours is allowed
    assert fourth >= first + timedelta(hours=24)  # the fourth waits until the first is 24 hours old
    assert fifth >= second + timedelta(hours=24)
    assert any(str(reason.code) == "frequency_cap" for reason in plan.slots[1].waited_for)
    assert_every_slot_allowed(COURTESY, question, history, plan)


def test_florida_with_three_calls_proposes_nothing_before_the_window_frees() -> None:
    times = (MORNING - timedelta(hours=3), MORNING - timedelta(hours=2), MORNING - timedelta(hours=1))
    plan = plan_attempts(COURTESY, Question.of(FLORIDA, MORNING), calls(FLORIDA, *times), 2)
    assert plan.slots and plan.slots[0].at >= times[0] + timedelta(hours=24)


def test_slots_spread_over_the_parts_of_their_day() -> None:
    plan = plan_attempts(COURTESY, Question.of("+12125550123", MORNING), None, 3)
    parts = [slot.part for slot in plan.slots]
    assert len(set(parts)) == 3, parts
    assert all(b.at - a.at >= timedelta(hours=2) for a, b in zip(plan.slots, plan.slots[1:], strict=False))


def test_a_blocked_contact_gets_no_slot_and_says_why() -> None:
    # German sales calls to consumers need prior consent (UWG 7): blocked, fail closed
    plan = plan_attempts(COURTESY, Question.of("+4930123456", MORNING), None, 3)
    assert plan.slots == () and plan.blocked
    assert "consent_required" in {str(reason.code) for reason in plan.reasons}


@pytest.mark.parametrize("n", [0, -1, MAX_ATTEMPTS + 1])
def test_a_bad_count_is_refused(n: int) -> None:
    with pytest.raises(InvalidInput, match="between 1 and"):
        plan_attempts(COURTESY, Question.of(FLORIDA, MORNING), None, n)


def test_part_of_the_day() -> None:
    assert [part_of(datetime(2026, 1, 1, hour)) for hour in (6, 11, 12, 16, 17, 23, 2)] == [
        "morning", "morning", "afternoon", "afternoon", "evening", "evening", "evening"]


def test_cli_retries_json_is_the_core_plan(capsys: pytest.CaptureFixture[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "history.sqlite3"
    for when in (MORNING - timedelta(hours=1), MORNING - timedelta(minutes=30)):
        assert main(["record", FLORIDA, "--at", when.isoformat(), "--outcome", "no_answer", "--db", str(db),
                     "--create-db", "--no-config"]) == 0
    capsys.readouterr()
    code = main(["retries", FLORIDA, "-n", "3", "--at", MORNING.isoformat(), "--db", str(db), "--no-config",
                 "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    expected = plan_attempts(COURTESY, Question.of(FLORIDA, MORNING),
                             calls(FLORIDA, MORNING - timedelta(hours=1), MORNING - timedelta(minutes=30)), 3)
    assert [slot["at"] for slot in out["slots"]] == [slot.to_dict()["at"] for slot in expected.slots]
    assert datetime.fromisoformat(out["slots"][1]["at"]) >= MORNING - timedelta(hours=1) + timedelta(hours=24)


def test_cli_retries_readable_and_bad_input(capsys: pytest.CaptureFixture[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "h.sqlite3")
    assert main(["retries", "+12125550123", "--at", MORNING.isoformat(), "--db", db, "--create-db", "--no-config",
                 "--color", "never"]) == 0
    out = capsys.readouterr().out
    assert "their time" in out and out.count("\n") >= 3
    assert main(["retries", "+12125550123", "-n", "0", "--no-config", "--db", db, "--create-db"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "between 1 and" in error
    assert main(["retries", "not a number", "--no-config", "--db", db, "--create-db"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_http_retries(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from callwindow.http.app import Settings, create_app
    from callwindow.http.security import KeyRing

    key = "test-key-0123456789"
    settings = Settings(keys=KeyRing.load(env={"CALLWINDOW_API_KEYS": key}), db=str(tmp_path / "h.sqlite3"))
    client = TestClient(create_app(settings))
    headers = {"Authorization": f"Bearer {key}"}
    answer = client.post("/v1/retries", json={"number": "+12125550123", "at": "2026-12-01T14:00:00Z", "n": 3},
                         headers=headers)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    expected = plan_attempts(COURTESY, Question.of("+12125550123", MORNING), None, 3)
    assert [slot["at"] for slot in body["slots"]] == [slot.to_dict()["at"] for slot in expected.slots]
    bad = client.post("/v1/retries", json={"number": "+12125550123", "n": 99}, headers=headers)
    assert bad.status_code == 422
    # the store's history binds the plan: two calls recorded, Florida's cap holds the fourth
    for when in (MORNING - timedelta(hours=1), MORNING - timedelta(minutes=30)):
        assert client.post("/v1/attempts", json={"number": FLORIDA, "at": when.isoformat(), "outcome": "no_answer"},
                           headers=headers).status_code == 201
    capped = client.post("/v1/retries", json={"number": FLORIDA, "at": MORNING.isoformat(), "n": 2},
                         headers=headers).json()
    assert datetime.fromisoformat(capped["slots"][1]["at"]) >= MORNING - timedelta(hours=1) + timedelta(hours=24)
    assert capped["slots"][1]["waited_for"][0]["code"] == "frequency_cap"
