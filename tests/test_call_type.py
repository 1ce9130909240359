"""The call type (live, prerecorded, automated) as an input on every surface: parsed once into
the question, read by the rules that cover some types only, reported in the decision, and the
same answer from the Python API, the batch engine, `can-i-call`, `can-i-call list` and HTTP."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from budget import budget
from hypothesis import given
from hypothesis import strategies as st

from callwindow import CallType, InvalidInput, Policy
from callwindow.cli import main as can_i_call
from callwindow.errors import RuleDataError
from callwindow.model import REASON_CODES
from callwindow.request import Question
from callwindow.rules import load_profile

AT = "2026-11-24T17:00:00Z"  # Tuesday: 12:00 in New York, 17:00 in London
NEW_YORK, COLUMBIA, WASHINGTON, PHOENIX = "+12125550123", "+18035550123", "+12025550123", "+16025550123"
LONDON, HALIFAX, PARIS = "+442079460958", "+19025550123", "+33123456789"
NUMBERS = (NEW_YORK, COLUMBIA, WASHINGTON, PHOENIX, LONDON, HALIFAX, PARIS)
LEGAL = Policy.legal_minimum()


def _codes(decision: Any) -> set[str]:
    return {str(reason.code) for reason in decision.reasons}


# ---------------------------------------------------------------- the input


@pytest.mark.parametrize(("word", "expected"), [
    ("live", CallType.LIVE), ("Prerecorded", CallType.PRERECORDED), ("automated", CallType.AUTOMATED),
    ("ai", CallType.PRERECORDED), ("AI voice", CallType.PRERECORDED), ("robocall", CallType.PRERECORDED),
    ("autodialer", CallType.AUTOMATED), ("predictive", CallType.AUTOMATED), ("manual", CallType.LIVE),
])
def test_call_types_are_read_as_people_write_them(word: str, expected: CallType) -> None:
    assert Question.of(NEW_YORK, AT, call_type=word).call_type is expected


def test_the_default_is_live_and_reported() -> None:
    decision = LEGAL.check(NEW_YORK, AT)
    assert decision.call_type is CallType.LIVE and decision.to_dict()["call_type"] == "live"


def test_an_unknown_call_type_names_its_field() -> None:
    with pytest.raises(InvalidInput, match="unknown call type 'hologram'") as caught:
        Question.of(NEW_YORK, AT, call_type="hologram")
    assert caught.value.field == "call_type"


# ---------------------------------------------------------------- the rules read it


def test_an_artificial_voice_needs_consent_in_the_us_and_the_decision_says_which_rule() -> None:
    """TCPA 227(b): an AI voice is an artificial voice (FCC 24-17); consent lifts it."""
    live = LEGAL.check(NEW_YORK, AT)
    robot = LEGAL.check(NEW_YORK, AT, call_type="prerecorded")
    consented = LEGAL.check(NEW_YORK, AT, call_type="prerecorded", consent=True)
    assert live.action.value == "call" and "consent_required" not in _codes(live)
    assert robot.action.value == "block" and robot.call_type is CallType.PRERECORDED
    cited = [reason for reason in robot.reasons if reason.rule == "US.tcpa-227b.artificial-voice-consent"]
    assert cited and cited[0].confidence == "high" and cited[0].source_kind == "regulation"
    assert consented.action.value == "call"


def test_south_carolina_closes_prerecorded_calls_at_19_00_only() -> None:
    evening = "2026-11-25T00:30:00Z"  # 19:30 in Columbia
    assert LEGAL.check(COLUMBIA, evening).action.value == "call"  # live: 37-21's 21:00
    held = LEGAL.check(COLUMBIA, evening, call_type="prerecorded", consent=True)
    assert held.action.value == "defer" and "outside_hours" in _codes(held)
    assert held.next_allowed_at == datetime(2026, 11, 25, 13, 0, tzinfo=UTC)  # 08:00 local


def test_consent_does_not_lift_the_district_of_columbias_ban() -> None:
    blocked = LEGAL.check(WASHINGTON, AT, call_type="prerecorded", consent=True)
    assert blocked.action.value == "block"
    assert any(reason.rule == "US-DC.34-1701.prerecorded-solicitation-ban" for reason in blocked.reasons)


def test_an_automated_text_to_arizona_needs_consent_a_typed_one_does_not() -> None:
    assert LEGAL.check(PHOENIX, AT, channel="sms").action.value == "sms"
    assert LEGAL.check(PHOENIX, AT, channel="sms", call_type="automated").action.value == "block"


def test_a_rule_file_may_name_call_types_and_a_bad_one_is_refused(tmp_path: Path) -> None:
    good = tmp_path / "robots.toml"
    good.write_text('[profile]\nid = "robots"\nname = "No robots at lunch"\n\n[[rule]]\nid = "robots.lunch"\n'
                    'title = "no prerecorded calls 12:00-13:00"\ncall_types = ["prerecorded"]\n'
                    'source = "https://example.com/policy"\nas_of = 2026-12-01\neffective_from = 2026-01-01\n'
                    'confidence = "high"\n[rule.closed]\nevery_day = ["12:00-13:00"]\n')
    company = Policy(company=[load_profile(good)])
    assert company.check(NEW_YORK, AT).action.value == "call"
    held = company.check(NEW_YORK, AT, call_type="prerecorded", consent=True)
    assert held.action.value == "defer" and any(reason.rule == "robots.lunch" for reason in held.reasons)
    bad = tmp_path / "bad.toml"
    bad.write_text(good.read_text().replace('["prerecorded"]', '["hologram"]'))
    with pytest.raises(RuleDataError, match="call_types"):
        load_profile(bad)


# ---------------------------------------------------------------- the same answer on every surface


@budget(60)
@given(
    st.lists(st.tuples(st.sampled_from(NUMBERS), st.sampled_from(list(CallType)),
                       st.sampled_from(["sales", "service", "collection"]), st.sampled_from(["call", "sms"]),
                       st.integers(0, 7 * 24 * 60 - 1), st.booleans()), min_size=1, max_size=12),
)
def test_the_batch_engine_equals_the_single_check_for_every_call_type(rows: list[Any]) -> None:
    """Per-row call types, purposes, channels and instants through decide_batch: each row equals
    Policy.check field by field (action, next allowed instant, window end, reason codes)."""
    from callwindow.batch import decide_batch, ingest

    start = datetime(2026, 11, 23, tzinfo=UTC)
    instants = [start + timedelta(minutes=minute) for _, _, _, _, minute, _ in rows]
    for consent in (False, True):
        decided = decide_batch(
            ingest([number for number, *_ in rows]), [moment.isoformat() for moment in instants],
            call_type=[kind.value for _, kind, *_ in rows], purpose=[purpose for _, _, purpose, *_ in rows],
            channel=[channel for _, _, _, channel, *_ in rows], policy=LEGAL, consent=consent,
        )
        for index, ((number, kind, purpose, channel, _, _), moment) in enumerate(zip(rows, instants, strict=True)):
            single = LEGAL.check(number, moment, call_type=kind, purpose=purpose, channel=channel, consent=consent)
            row = decided.row(index)
            assert row["action"] == single.action.value, (number, kind, purpose, channel, moment)
            assert row["next_allowed_at"] == single.next_allowed_at
            assert row["window_closes_at"] == single.window_closes_at
            assert set(row["reasons"]) == _codes(single)


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = can_i_call(argv)
    return code, out.getvalue(), err.getvalue()


def test_the_command_and_a_list_column_ask_the_same_question(tmp_path: Path) -> None:
    code, out, _ = _run([NEW_YORK, "--at", AT, "--call-type", "ai", "--profile", "legal", "--no-config", "--json"])
    single = json.loads(out)
    assert code == 1 and single["call_type"] == "prerecorded" and single["action"] == "block"
    leads = tmp_path / "leads.csv"
    leads.write_text(f"phone,call_type\n{NEW_YORK},live\n{NEW_YORK},robocall\n{NEW_YORK},hologram\n{NEW_YORK},\n")
    code, out, _ = _run(["list", str(leads), "--format", "jsonl", "--at", AT, "--profile", "legal", "--quiet",
                         "--no-config", "--no-history", "--call-type", "automated"])
    rows = [json.loads(line) for line in out.splitlines()]
    assert [row["action"] for row in rows[:2]] == ["call", "block"]
    assert rows[2]["action"] is None and "call type" in rows[2]["error"]  # a bad cell costs its row only
    assert rows[3]["action"] == "call" and "advisory" in rows[3]["reason_codes"]  # empty: the option's type
    assert [code for code in REASON_CODES if code in {r["code"] for r in single["reasons"]}] == \
        rows[1]["reason_codes"]
    bad_code, _, err = _run([NEW_YORK, "--call-type", "hologram", "--no-config"])
    assert bad_code == 2 and len(err.strip().splitlines()) == 1


def test_http_takes_the_call_type_and_answers_as_the_command() -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from callwindow.http.app import Settings, create_app
    from callwindow.http.security import KeyRing

    key = "call-type-test-key-0123"
    settings = Settings(keys=KeyRing.load(env={"CALLWINDOW_API_KEYS": key}))
    headers = {"Authorization": f"Bearer {key}"}
    with TestClient(create_app(settings)) as client:
        posted = client.post("/v1/check", json={"number": NEW_YORK, "at": AT, "call_type": "prerecorded",
                                                "profile": "legal"}, headers=headers)
        got = client.get("/v1/check", params={"number": NEW_YORK, "at": AT, "call_type": "prerecorded",
                                               "profile": "legal"}, headers=headers)
        refused = client.post("/v1/check", json={"number": NEW_YORK, "call_type": "hologram"}, headers=headers)
    assert posted.status_code == 200 and got.status_code == 200
    expected = LEGAL.check(NEW_YORK, AT, call_type="prerecorded").to_dict()
    assert posted.json() == expected and got.json() == expected
    assert refused.status_code in (400, 422)


# ---------------------------------------------------------------- an ongoing contract (lifter "contract")


def test_an_ongoing_contract_lifts_what_its_law_says_on_every_surface(tmp_path: Path) -> None:
    """France's L.223-1 is lifted by consent or an ongoing contract; the same answer from the
    Python API, the batch engine, `can-i-call --contract` and HTTP."""
    from callwindow.batch import decide_batch, ingest

    morning = "2026-11-25T10:00:00Z"  # Wednesday 11:00 in Paris
    assert LEGAL.check(PARIS, morning).action.value == "block"
    under_contract = LEGAL.check(PARIS, morning, contract=True)
    assert under_contract.action.value == "call" and "consent_required" not in _codes(under_contract)
    assert decide_batch(ingest([PARIS, PARIS]), morning, policy=LEGAL, contract=True).action_names().tolist() \
        == ["call", "call"]
    code, out, _ = _run([PARIS, "--at", morning, "--contract", "--profile", "legal", "--no-config", "--json",
                         "--no-history"])  # (no store: the library's decision has no history either)
    assert code == 0 and json.loads(out) == under_contract.to_dict()
    with pytest.raises(InvalidInput, match="contract must be true or false"):
        Question.of(PARIS, morning, contract="yes")  # type: ignore[arg-type]
