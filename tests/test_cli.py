"""The can-i-call contract: options, --json fields, exit codes, clear errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from callwindow.cli import main

NY = "+1 212 555 0123"
JSON_FIELDS = {
    "number", "at", "channel", "purpose", "contact", "action", "next_allowed_at", "region",
    "subdivision", "zones", "local_times", "reasons", "versions",
}  # fmt: skip


def run_json(capsys, *args: str) -> tuple[int, dict]:
    status = main([*args, "--json"])
    return status, json.loads(capsys.readouterr().out)


def test_json_contract_when_allowed(capsys) -> None:
    status, answer = run_json(capsys, NY, "--at", "2026-11-24T15:00:00Z")
    assert status == 0
    assert JSON_FIELDS <= set(answer)
    assert answer["number"] == "+12125550123"
    assert answer["action"] == "call" and answer["next_allowed_at"] == "2026-11-24T15:00:00Z"
    assert (answer["channel"], answer["purpose"], answer["contact"]) == ("call", "sales", "consumer")
    assert answer["region"] == "US" and answer["zones"] == ["America/New_York"]
    assert answer["local_times"] == {"America/New_York": "2026-11-24T10:00:00-05:00"}
    assert set(answer["versions"]) >= {"rules", "holidays", "phonenumbers", "tzdata"}


def test_json_contract_when_deferred(capsys) -> None:
    status, answer = run_json(capsys, NY, "--at", "2026-11-25T03:30:00+00:00", "--purpose", "collection")
    assert status == 1
    assert answer["action"] == "defer" and answer["next_allowed_at"] == "2026-11-25T13:00:00Z"
    for reason in answer["reasons"]:
        assert set(reason) >= {"code", "rule", "kind", "message", "source"}
    assert "US.fdcpa.collection-hours" in {reason["rule"] for reason in answer["reasons"]}


def test_text_instead_exits_1(capsys) -> None:
    status, answer = run_json(capsys, NY, "--at", "2026-11-25T03:30:00Z", "--purpose", "service")
    assert (status, answer["action"]) == (1, "sms")


def test_sms_channel_allowed_exits_0(capsys) -> None:
    status, answer = run_json(capsys, NY, "--at", "2026-11-25T03:30:00Z", "--purpose", "service", "--channel", "sms")
    assert (status, answer["action"]) == (0, "sms")


def test_block_exits_1(capsys) -> None:
    status, answer = run_json(capsys, "+800 1234 5678", "--at", "2026-11-25T03:30:00Z")
    assert (status, answer["action"], answer["next_allowed_at"]) == (1, "block", None)


def test_readable_answer(capsys) -> None:
    status = main([NY, "--at", "2026-11-25T03:30:00Z"])
    text = capsys.readouterr().out
    assert status == 1
    assert text.startswith("NOT NOW")
    assert "Tue 24 Nov 22:30 (America/New_York)" in text
    assert "US.tcpa.solicitation-hours" in text
    assert "next call allowed: Wed 25 Nov 08:00 their time (2026-11-25 13:00 UTC), in 9 h 30 min" in text


def test_profiles_and_hints(capsys) -> None:
    # 22:30 New York: courtesy says no (night); the law alone allows a service call.
    assert main([NY, "--at", "2026-11-25T03:30:00Z", "--purpose", "service", "--json"]) == 1
    assert main([NY, "--at", "2026-11-25T03:30:00Z", "--purpose", "service", "--profile", "legal", "--json"]) == 0
    capsys.readouterr()
    status, answer = run_json(capsys, "0123456789", "--default-region", "FR", "--at", "2026-11-24T09:30:00Z")
    assert answer["number"] == "+33123456789" and status == 1  # a sales call needs consent in France (L.223-1)
    assert "consent_required" in {reason["code"] for reason in answer["reasons"]}
    status, answer = run_json(capsys, "0123456789", "--default-region", "FR", "--at", "2026-11-24T09:30:00Z",
                              "--consent")
    assert answer["number"] == "+33123456789" and status == 0


@pytest.mark.parametrize(
    "args, words",
    [
        (["", "--at", "2026-11-24T15:00:00Z"], "empty"),
        (["letters"], "no digits"),
        (["+33 1"], "too short"),
        (["+33 1 23 45 67 89 01 23 45"], "too long"),
        (["+999 123 456 789"], "country code"),
        ([NY, "--region", "XX"], "unknown region"),
        ([NY, "--zone", "Not/AZone"], "unknown time zone"),
        ([NY, "--at", "2026-11-24T15:00:00"], "no offset"),
        ([NY, "--at", "tomorrow"], "malformed instant"),
        ([NY, "--at", "2026-02-30T10:00:00Z"], "malformed instant"),
        ([NY, "--subdivision", "ZZZZZ-1"], "region"),
        ([NY, "--rules", "/nonexistent/rules.toml"], "cannot read"),
        ([NY, "--duration", "-5"], "duration"),
    ],
)
def test_bad_input_exits_2_with_one_clear_line(capsys, args, words) -> None:
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("can-i-call: error:") and words in lines[0]


def test_usage_errors_exit_2(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main([NY, "--channel", "fax"])
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        main([])
    assert caught.value.code == 2


def test_real_process_no_traceback() -> None:
    """The installed module as a process: bad input is one line on stderr, exit 2."""
    result = subprocess.run(
        [sys.executable, "-m", "callwindow.cli", "+1 555", "--at", "2026-11-24T15:00:00Z"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.startswith("can-i-call: error:")
    ok = subprocess.run(
        [sys.executable, "-m", "callwindow.cli", NY, "--at", "2026-11-24T15:00:00Z", "--json"],
        capture_output=True, text=True, timeout=60,
    )
    assert ok.returncode == 0 and json.loads(ok.stdout)["action"] == "call"


def test_output_into_a_closed_pipe_is_not_a_traceback() -> None:
    process = subprocess.Popen(
        [
            sys.executable, "-m", "callwindow.cli", "+44 20 7946 0958",
            "--purpose", "collection", "--at", "2026-11-24T10:00:00Z",
        ],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader goes away before the answer is written
    error = process.stderr.read().decode()
    process.wait(timeout=60)
    assert "Traceback" not in error and process.returncode == 0
