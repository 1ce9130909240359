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
        ([NY, "--at", "2026-328T15:00:00"], "no offset"),
        ([NY, "--at", "25:61"], "not a time of day"),
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


@pytest.mark.parametrize("args", [[NY, "--channel", "fax"], [], [NY, "--no-such-option"], [NY, "--duration"]])
def test_usage_errors_are_one_line_and_exit_2(capsys, args) -> None:
    assert main(args) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert captured.out == "" and len(lines) == 1 and lines[0].startswith("can-i-call: error:")
    assert "--help" in lines[0]


# ---------------------------------------------------------------- input as people type it

LATE = ["--at", "2026-11-25T03:30:00Z", "--no-history", "--no-config"]


def test_a_number_in_pieces_is_one_number(capsys) -> None:
    status, answer = run_json(capsys, "+1", "212", "555", "0123", *LATE)
    assert (status, answer["number"]) == (1, "+12125550123")
    # options between the pieces too
    status, answer = run_json(capsys, "+1", "212", "--at", "2026-11-25T03:30:00Z", "555", "0123", "--no-history")
    assert answer["number"] == "+12125550123"


def test_a_national_number_is_read_in_the_region_given(capsys) -> None:
    status, answer = run_json(capsys, "06 12 34 56 78", "--region", "fr", *LATE)
    assert answer["number"] == "+33612345678" and answer["region"] == "FR"
    # --default-region, when given, still decides how the number is read (the list's rule)
    status, answer = run_json(capsys, "0612345678", "--region", "fr", "--default-region", "FR", *LATE)
    assert answer["number"] == "+33612345678"


def test_the_command_lines_region_beats_the_settings_default_region(capsys, tmp_path) -> None:
    settings = tmp_path / "config.toml"
    settings.write_text('default_region = "US"\n')
    status, answer = run_json(capsys, "06 12 34 56 78", "--region", "FR", "--config", str(settings),
                              "--at", "2026-11-25T03:30:00Z", "--no-history")
    assert answer["number"] == "+33612345678"
    status, answer = run_json(capsys, "212 555 0123", "--config", str(settings), "--at", "2026-11-25T03:30:00Z",
                              "--no-history")
    assert answer["number"] == "+12125550123"  # without --region the settings' country reads it


@pytest.mark.parametrize("typed, utc", [
    ("2026-12-01 14:30", "2026-12-01T14:30:00Z"),  # London is on UTC in December
    ("2026-07-01 14:30", "2026-07-01T13:30:00Z"),  # and on UTC+1 in July
    ("2026-07-01T14:30", "2026-07-01T13:30:00Z"),
    ("2026-07-01T14:30:00+02:00", "2026-07-01T12:30:00Z"),  # an offset given is kept
])
def test_at_a_wall_time_is_read_in_your_zone(capsys, typed, utc) -> None:
    status, answer = run_json(capsys, NY, "--at", typed, "--my-zone", "Europe/London", "--no-history", "--no-config")
    assert answer["at"] == utc


def test_at_a_clock_time_is_today_in_your_zone_and_the_answer_says_so(capsys) -> None:
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    status, answer = run_json(capsys, NY, "--at", "14:30", "--my-zone", "Asia/Tokyo", "--no-history", "--no-config")
    at = datetime.fromisoformat(answer["at"]).astimezone(ZoneInfo("Asia/Tokyo"))
    assert (at.hour, at.minute) == (14, 30)
    assert at.date() == datetime.now(UTC).astimezone(ZoneInfo("Asia/Tokyo")).date()
    main([NY, "--at", "2026-12-01 14:30", "--my-zone", "Asia/Tokyo", "--no-history", "--no-config"])
    text = capsys.readouterr().out
    assert "asked for: Tue 01 Dec 14:30 your time (Asia/Tokyo), as --at 2026-12-01 14:30 asked" in text


@pytest.mark.parametrize("typed, days, clock", [
    ("tomorrow 9am", 1, (9, 0)), ("today 14:30", 0, (14, 30)), ("2:30 pm", 0, (14, 30)), ("12am", 0, (0, 0)),
    ("12pm", 0, (12, 0)), ("Tomorrow 23:59", 1, (23, 59)),
])
def test_at_day_words_and_am_pm(capsys, typed, days, clock) -> None:
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    tokyo = ZoneInfo("Asia/Tokyo")  # no daylight saving: every wall time exists once
    status, answer = run_json(capsys, NY, "--at", typed, "--my-zone", "Asia/Tokyo", "--no-history", "--no-config")
    at = datetime.fromisoformat(answer["at"]).astimezone(tokyo)
    assert (at.hour, at.minute) == clock
    assert at.date() == datetime.now(UTC).astimezone(tokyo).date() + timedelta(days=days)


def test_at_a_weekday_is_the_next_one(capsys) -> None:
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    tokyo = ZoneInfo("Asia/Tokyo")
    now = datetime.now(UTC).astimezone(tokyo)
    for word in ("mon", "Tuesday", "wed", "thu", "fri", "sat", "sunday"):
        status, answer = run_json(capsys, NY, "--at", f"{word} 00:00", "--my-zone", "Asia/Tokyo", "--no-history",
                                  "--no-config")
        at = datetime.fromisoformat(answer["at"]).astimezone(tokyo)
        assert at.strftime("%a").lower() == word[:3].lower() and (at.hour, at.minute) == (0, 0)
        assert 0 < (at - now).total_seconds() <= 7 * 86400  # midnight has passed today: always ahead


def test_at_now_is_now(capsys) -> None:
    from datetime import UTC, datetime, timedelta

    before = datetime.now(UTC) - timedelta(seconds=1)
    status, answer = run_json(capsys, NY, "--at", "NOW", "--no-history", "--no-config")
    assert before <= datetime.fromisoformat(answer["at"]) <= datetime.now(UTC)


@pytest.mark.parametrize("typed, words", [
    ("2026-03-29 01:30", "does not exist in Europe/London"),  # the clocks skip 01:00-02:00
    ("2026-10-25 01:30", "happens twice in Europe/London"),  # and show 01:00-02:00 twice
    ("0001-01-01 00:00", "outside the supported range"),
    ("9999-12-31 23:59", "outside the supported range"),
])
def test_a_wall_time_that_cannot_be_one_instant_is_refused(capsys, typed, words) -> None:
    assert main([NY, "--at", typed, "--my-zone", "Europe/London", "--no-history", "--no-config"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and words in err[0]


def test_zone_names_are_read_whatever_their_case(capsys) -> None:
    status, answer = run_json(capsys, NY, "--zone", "america/NEW_york", *LATE)
    assert answer["zones"] == ["America/New_York"]
    status, answer = run_json(capsys, NY, "--my-zone", "europe/paris", *LATE)
    assert status == 1
    assert main([NY, "--zone", "europe/pariss", *LATE]) == 2
    assert "did you mean 'Europe/Paris'" in capsys.readouterr().err


def test_a_misspelt_command_gets_a_suggestion(capsys) -> None:
    assert main(["histroy", "+13055550123"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "did you mean 'history'?" in err[0]
    assert main(["letters"]) == 2  # far from every command: reported as a number without digits
    assert "no digits" in capsys.readouterr().err


def test_an_instant_other_than_now_is_never_call_now(capsys) -> None:
    from datetime import UTC, datetime, timedelta

    # 10:00 in New York on a Tuesday some weeks ahead: a call is allowed then, not now
    day = datetime.now(UTC).date() + timedelta(days=14)
    day += timedelta(days=(1 - day.weekday()) % 7)
    at = f"{day.isoformat()}T15:00:00Z"
    assert main([NY, "--at", at, "--no-history", "--no-config"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("YES - a call is allowed at that time, until 11:57 their time")
    assert "now" not in first
    main([NY, "--at", "2026-11-24T15:00:00Z", "--no-history", "--no-config"])  # the past: not "now" either
    assert capsys.readouterr().out.startswith("YES - a call is allowed at that time, until 11:57")
    main([NY, "--no-history", "--no-config"])  # the present (whatever the answer): never "at that time"
    present = capsys.readouterr().out.splitlines()[0]
    assert "at that time" not in present and "idea then" not in present


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


# ---------------------------------------------------------------- hostile input: one line, exit 2, quickly


def _hostile_files(folder) -> dict[str, str]:
    """Files a careless or hostile caller might name as settings or company rules."""
    import os

    files = {
        "nested-arrays": "a = " + "[" * 50_000 + "]" * 50_000 + "\n",
        "nested-tables": "a = " + "{b = " * 30_000 + "1" + "}" * 30_000 + "\n",
        "small-nesting": "a = " + "[" * 2_000 + "]" * 2_000 + "\n",  # under the size limits, over the stack
    }
    paths = {}
    for name, text in files.items():
        path = folder / f"{name}.toml"
        path.write_text(text)
        paths[name] = str(path)
    latin = folder / "latin-1.toml"
    latin.write_bytes(b'# caf\xe9\nid = "x"\n')
    paths["not-utf-8"] = str(latin)
    huge = folder / "huge.toml"
    with huge.open("wb") as handle:
        handle.truncate(5 * 1024 * 1024)  # sparse: five MiB of NUL bytes
    paths["too-large"] = str(huge)
    paths["a-folder"] = str(folder)
    paths["device"] = os.devnull if os.name == "nt" else "/dev/zero"
    return paths


HOSTILE_OPTIONS = [
    ["--duration", "nan"], ["--duration", "inf"], ["--duration", "-inf"], ["--duration", "1e15"],
    ["--duration", "-5"], ["--duration", "three"], ["--duration", ""],
    ["--at", "0001-01-01T00:00:00Z"], ["--at", "9999-12-31T23:59:59Z"], ["--at", "2026-11-24T10:00:00-25:00"],
    ["--at", "2026-11-24T10:00:00+99:99"], ["--at", "25:61"], ["--at", "2026-02-30 10:00"],
    ["--at", "0001-01-01 00:00"], ["--at", "9999-12-31 23:59"], ["--at", ""], ["--at", "\x00"],
    ["--at", "1" * 10_000],
    ["--zone", "../../etc/passwd"], ["--zone", "/etc/localtime"], ["--zone", "x" * 10_000], ["--zone", "\x00"],
    ["--my-zone", "Mars/Olympus_Mons"], ["--my-zone", ".."],
    ["--region", "💥"], ["--region", "XX"], ["--subdivision", "US-" + "X" * 1000], ["--postal-code", "abc"],
    ["--emergency", "XX-YY"], ["--emergency", "not a place"],
    ["--channel", "fax"], ["--purpose", "spam"], ["--color", "sometimes"], ["--no-such-option"],
    ["--at", "funday 9am"], ["--at", "13pm"], ["--at", "0am"], ["--at", "tomorrow"], ["--at", "mo 10:00"],
    ["--at", "2026-11-24T10:00:00Z", "--at", "x"], ["--zone", ""], ["--rules", ""],
    ["--my-zone", ""], ["--duration", "0x10"],
]
HOSTILE_NUMBERS = [["9" * 100_000], ["+" + "1" * 5000], ["\udcff"], ["-"], ["+"]]
# Hostile input must end, not be fast: a bound that only a hang (reading /dev/zero, a FIFO, a
# quadratic parse) passes - never a speed check, which a loaded CI machine fails (3.3 s once for
# a deeply nested file that takes 0.02 s here). Speed is bench/'s.
NEVER_A_HANG = 60


@pytest.mark.parametrize("extra", HOSTILE_OPTIONS + HOSTILE_NUMBERS, ids=lambda extra: repr(extra)[:40])
def test_hostile_input_is_one_line_and_exit_2(capsys, extra) -> None:
    import time

    number = [] if extra in HOSTILE_NUMBERS else [NY]
    started = time.monotonic()
    status = main([*number, *extra, "--no-history", "--no-config"])
    elapsed = time.monotonic() - started
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert status == 2 and captured.out == ""
    assert len(lines) == 1 and lines[0].startswith("can-i-call: error:") and "Traceback" not in lines[0]
    assert elapsed < NEVER_A_HANG


@pytest.mark.parametrize("kind", ["nested-arrays", "nested-tables", "small-nesting", "not-utf-8", "too-large",
                                  "a-folder", "device"])
@pytest.mark.parametrize("option", ["--rules", "--config"])
def test_hostile_files_are_one_line_and_exit_2(capsys, tmp_path, kind, option) -> None:
    import time

    path = _hostile_files(tmp_path)[kind]
    started = time.monotonic()
    status = main([NY, option, path, "--no-history"])
    elapsed = time.monotonic() - started
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert status == 2 and captured.out == "" and len(lines) == 1, captured.err
    assert lines[0].startswith("can-i-call: error:") and path in lines[0]
    assert elapsed < NEVER_A_HANG


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes are a POSIX thing here")
@pytest.mark.parametrize("option", ["--rules", "--config"])
def test_a_fifo_does_not_block(tmp_path, option) -> None:
    """Opening a FIFO for reading blocks until a writer comes: it must be refused unopened
    (a process, so that a regression fails on the timeout instead of hanging the suite)."""
    import os

    fifo = tmp_path / "rules.toml"
    os.mkfifo(fifo)
    result = subprocess.run([sys.executable, "-m", "callwindow.cli", NY, option, str(fifo), "--no-history"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "not a regular file" in result.stderr


def test_no_config_does_not_read_the_settings_files_db(capsys, tmp_path, monkeypatch) -> None:
    """The settings file names a store where the number is opted out: --no-config must not see it."""
    db = tmp_path / "settings-db.sqlite3"
    settings = tmp_path / "config.toml"
    settings.write_text(f'db = "{db}"\n')
    monkeypatch.setenv("CALLWINDOW_CONFIG", str(settings))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("CALLWINDOW_DB", raising=False)
    assert main(["opt-out", NY, "--create-db", "--at", "2026-11-20T12:00:00Z"]) == 0
    assert db.exists()
    capsys.readouterr()
    status, answer = run_json(capsys, NY, "--at", "2026-11-24T15:00:00Z")
    assert (status, answer["action"]) == (1, "block")  # the settings file's store is read
    status, answer = run_json(capsys, NY, "--at", "2026-11-24T15:00:00Z", "--no-config")
    assert (status, answer["action"]) == (0, "call")  # and not with --no-config
    # every command that decides reads the same store the same way (cli.history.HistoryReader.from_args)
    leads = tmp_path / "leads.csv"
    leads.write_text(f"phone\n{NY}\n")
    for extra, action in (((), "block"), (("--no-config",), "call")):
        capsys.readouterr()
        assert main(["list", str(leads), "--format", "jsonl", "--quiet", "--at", "2026-11-24T15:00:00Z", *extra]) == 0
        assert json.loads(capsys.readouterr().out)["action"] == action, extra


def test_a_misspelt_option_gets_a_suggestion(capsys) -> None:
    assert main([NY, "--timline", "--no-config"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unrecognized arguments: --timline; did you mean --timeline?" in err[0]
    assert main([NY, "--zzzzzz"]) == 2
    assert "did you mean" not in capsys.readouterr().err  # nothing close: no guess


def test_their_time_reads_the_wall_clock_on_the_contacts_zone(capsys) -> None:
    status, answer = run_json(capsys, NY, "--at", "2026-11-24 10:00", "--their-time", "--my-zone", "Asia/Tokyo",
                              "--no-history", "--no-config")
    assert answer["at"] == "2026-11-24T15:00:00Z"  # 10:00 in New York, whatever your zone
    main([NY, "--at", "2026-11-24 10:00", "--their-time", "--no-history", "--no-config"])
    assert "asked for: Tue 24 Nov 10:00 their time (America/New_York)" in capsys.readouterr().out
    # several candidate zones: "10:00 their time" is several instants - refused, with the way out
    assert main(["+61 412 345 678", "--at", "10:00", "--their-time", "--no-history", "--no-config"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "6 time zones" in err[0] and "--zone" in err[0]
    status, answer = run_json(capsys, "+61 412 345 678", "--subdivision", "AU-VIC", "--at", "2026-11-24 10:00",
                              "--their-time", "--no-history", "--no-config")
    assert answer["at"] == "2026-11-23T23:00:00Z"  # 10:00 in Melbourne (UTC+11)


def test_a_several_zone_answer_at_the_edge_of_the_supported_range(capsys) -> None:
    """The window opens after 2099 (the last supported year): naming the binding zone would ask
    about an instant out of range; the answer stands, with the first zone as their time."""
    assert main(["+61412345678", "--at", "2099-12-31T20:00:00Z", "--no-history", "--no-config"]) == 1
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out.startswith("NOT NOW")
    assert "the zone that binds" not in captured.out


@pytest.mark.parametrize("picture", ["--timeline", "--week"])
def test_a_picture_past_the_supported_range_is_one_line(capsys, picture) -> None:
    assert main([NY, "--at", "2099-12-31T20:00:00Z", picture, "--no-history", "--no-config"]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert captured.out == "" and len(lines) == 1 and "outside the supported range" in lines[0]


# ---------------------------------------------------------------- the audit of 2026-12-01


def _commands_needing_an_extra() -> set[str]:
    """Subcommand words whose module cannot be imported here (an extra that is not installed)."""
    import importlib

    from callwindow.cli.common import SUBCOMMANDS

    missing = set()
    for word, command in SUBCOMMANDS.items():
        try:
            importlib.import_module(command.module)
        except ImportError:
            missing.add(word)
    return missing


def _every_subcommand_word() -> list[str]:
    from callwindow.cli.common import SUBCOMMANDS

    return list(SUBCOMMANDS)


@pytest.mark.parametrize("word", _every_subcommand_word())
def test_every_subcommands_usage_error_is_one_line(capsys, word) -> None:
    """`can-i-call WORD --bogus`: one line naming WORD's own --help, exit 2, nothing on stdout,
    never argparse's usage block (which `agenda` used to print as `usage: can-i-call list`)."""
    # (the test extra installs every extra: a subcommand that cannot be imported is a broken set-up)
    assert word not in _commands_needing_an_extra(), f"{word}: its module does not import; pip install -e '.[test]'"
    assert main([word, "--bogus"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1, err
    assert err.startswith("can-i-call: error: ") and "usage:" not in err
    assert err.rstrip("\n").endswith(f"(see can-i-call {word} --help)"), err


@pytest.mark.parametrize("argv, words", [
    (["claim"], "the following arguments are required: number (see can-i-call claim --help)"),
    (["list", "leads.csv", "--color", "always"], "unrecognized arguments: --color always"),
    (["dnc", "import", "--bogus"], "(see can-i-call dnc import --help)"),
    (["audit", "enable"], "--retention-days (see can-i-call audit enable --help)"),
    (["record", "+13055550123"], "--outcome (see can-i-call record --help)"),
])
def test_usage_errors_inside_commands_are_one_line(capsys, argv, words) -> None:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1 and words in err, err


def test_channel_has_help_text() -> None:
    from callwindow.cli.check import build_parser

    channel = next(action for action in build_parser()._actions if "--channel" in action.option_strings)
    assert channel.help and "call" in channel.help and "sms" in channel.help


def test_no_built_in_store_is_said_and_a_first_run_still_works(capsys, tmp_path, monkeypatch) -> None:
    """An opt-out recorded in the built-in store, then a data folder without one: the answer is
    the one on no history (a first run works), and says so - in the text and in --json."""
    first, elsewhere = tmp_path / "first", tmp_path / "elsewhere"
    monkeypatch.setenv("XDG_DATA_HOME", str(first))
    at = ["--at", "2026-11-24T15:00:00Z", "--no-config"]
    assert main(["opt-out", "+13055550177", "--at", "2026-11-20T15:00:00Z", "--no-config"]) == 0
    capsys.readouterr()
    assert main(["+13055550177", *at]) == 1  # the store is read: opted out, and no history line
    assert "history:" not in capsys.readouterr().out
    status, answer = run_json(capsys, "+13055550177", *at)
    assert status == 1 and "history_store" not in answer
    monkeypatch.setenv("XDG_DATA_HOME", str(elsewhere))
    store = elsewhere / "callwindow" / "history.sqlite3"
    assert main(["+13055550177", *at]) == 0
    text = capsys.readouterr().out
    assert f"  history: none yet (no store at {store})\n" in text
    status, answer = run_json(capsys, "+13055550177", *at)
    assert status == 0 and answer["action"] == "call"
    assert answer["history_store"] == {"read": False, "path": str(store),
                                       "note": f"history: none yet (no store at {store})"}
    assert not store.exists()  # reading made no store


def test_the_unread_store_is_shown_from_home_as_tilde(capsys, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME")
    assert main([NY, "--at", "2026-11-24T15:00:00Z", "--no-config"]) == 0
    assert "  history: none yet (no store at ~/.local/share/callwindow/history.sqlite3)\n" in capsys.readouterr().out
    assert main([NY, "--at", "2026-11-24T15:00:00Z", "--no-config", "--no-history"]) == 0
    assert "history:" not in capsys.readouterr().out  # asked not to read: nothing to say


def test_config_shows_the_store_checks_read(capsys, tmp_path, monkeypatch) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    store = data / "callwindow" / "history.sqlite3"
    assert main(["config", "--no-config"]) == 0
    assert f"  db = {store}  (built-in; no store there yet: the first record makes it)\n" in capsys.readouterr().out
    assert main(["record", NY, "--outcome", "no_answer", "--no-config"]) == 0
    capsys.readouterr()
    assert main(["config", "--no-config"]) == 0
    assert f"  db = {store}  (built-in)\n" in capsys.readouterr().out
    elsewhere = tmp_path / "named.sqlite3"
    monkeypatch.setenv("CALLWINDOW_DB", str(elsewhere))
    assert main(["config", "--no-config"]) == 0
    assert (f"  db = {elsewhere}  ($CALLWINDOW_DB; no store there: checks stop until `--create-db` starts one)\n"
            in capsys.readouterr().out)
