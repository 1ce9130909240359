"""The history subcommands (callwindow.cli.history): each subcommand against a
temporary SQLite file, the bad-input contract (exit 2, one line on stderr, no
traceback, nothing written), hashing, defaults, and one PostgreSQL run."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import store_helpers
from store_helpers import postgres_base  # noqa: F401  (a fixture)

from callwindow import Policy
from callwindow.cli import main as can_i_call
from callwindow.cli.history import SUBCOMMANDS, load_history, main
from callwindow.history import Outcome
from callwindow.model import Channel, Purpose
from callwindow.store import MissingStore, open_store

NUMBER = "+13055550123"
KEY_TEXT = "a-test-key-of-enough-length-0123"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No user settings, database or key from the machine running the tests."""
    for name in ("CALLWINDOW_DB", "CALLWINDOW_HASH_KEY", "CALLWINDOW_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """An existing, empty store (a --db that does not exist is refused: see test_missing_store_*)."""
    path = tmp_path / "history.sqlite3"
    open_store(str(path)).close()
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def ok(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, out, err = run(capsys, *argv)
    assert (code, err) == (0, ""), err
    return out


def totals(db: Path, **options: Any) -> dict[str, int]:
    with open_store(str(db), **options) as store:  # type: ignore[attr-defined]
        return store.totals()  # type: ignore[no-any-return]


# ------------------------------------------------------------ each subcommand


def test_record(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    out = ok(capsys, "record", "+1 305 555 0123", "--outcome", "no_answer", "--at", "2026-03-10T10:00:00-04:00",
             "--channel", "call", "--purpose", "sales", "--subject", "offer-1", "--db", str(db))
    assert out == ("recorded attempt #1: +13055550123 call for sales at 2026-03-10T14:00:00Z: no_answer, "
                   "subject offer-1\n")
    ok(capsys, "record", NUMBER, "--outcome", "sent", "--channel", "sms", "--purpose", "collection", "--db", str(db))
    first, second = load_history(NUMBER, db=str(db)).attempts
    assert (first.at, first.channel, first.purpose, first.outcome, first.subject) == (
        datetime(2026, 3, 10, 14, tzinfo=UTC), Channel.CALL, Purpose.SALES, Outcome.NO_ANSWER, "offer-1")
    assert (second.channel, second.purpose, second.outcome, second.subject) == (
        Channel.SMS, Purpose.COLLECTION, Outcome.SENT, None)
    assert abs(second.at - datetime.now(UTC)) < timedelta(minutes=1)  # --at defaults to now


@pytest.mark.parametrize("outcome", [o.value for o in Outcome])
def test_record_every_outcome(capsys: pytest.CaptureFixture[str], db: Path, outcome: str) -> None:
    ok(capsys, "record", NUMBER, "--outcome", outcome, "--at", "2026-03-10T14:00:00Z", "--db", str(db))
    (attempt,) = load_history(NUMBER, db=str(db)).attempts
    assert attempt.outcome.value == outcome


def test_record_a_national_number_with_default_region(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    out = ok(capsys, "record", "06 12 34 56 78", "--default-region", "FR", "--outcome", "voicemail",
             "--at", "2026-03-10T14:00:00Z", "--db", str(db))
    assert "+33612345678" in out
    assert len(load_history("+33612345678", db=str(db)).attempts) == 1


def test_opt_out(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    out = ok(capsys, "opt-out", NUMBER, "--channel", "sms", "--provenance", "STOP by text",
             "--at", "2026-03-10T15:00:00Z", "--db", str(db))
    assert out == "recorded opt-out #1: +13055550123 no sms for any purpose from 2026-03-10T15:00:00Z (STOP by text)\n"
    ok(capsys, "opt-out", NUMBER, "--purpose", "sales", "--purpose", "collection", "--channel", "call",
       "--channel", "sms", "--db", str(db))
    ok(capsys, "opt-out", NUMBER, "--db", str(db))
    texts, repeated, everything = load_history(NUMBER, db=str(db)).opt_outs
    assert texts.channels == {Channel.SMS} and texts.purposes == frozenset(Purpose)
    assert texts.provenance == "STOP by text"
    assert repeated.channels == frozenset(Channel) and repeated.purposes == {Purpose.SALES, Purpose.COLLECTION}
    assert everything.channels == frozenset(Channel) and everything.purposes == frozenset(Purpose)


def test_consent(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    out = ok(capsys, "consent", NUMBER, "--purpose", "sales", "--channel", "call", "--expires", "2027-03-10T00:00:00Z",
             "--provenance", "web form", "--at", "2026-03-10T16:00:00Z", "--db", str(db))
    assert out == ("recorded consent #1: +13055550123 call for sales from 2026-03-10T16:00:00Z until "
                   "2027-03-10T00:00:00Z (web form)\n")
    ok(capsys, "consent", NUMBER, "--db", str(db))
    scoped, open_ended = load_history(NUMBER, db=str(db)).consents
    assert scoped.channels == {Channel.CALL} and scoped.purposes == {Purpose.SALES}
    assert scoped.expires_at == datetime(2027, 3, 10, tzinfo=UTC) and scoped.provenance == "web form"
    assert open_ended.expires_at is None and open_ended.channels == frozenset(Channel)


def test_callback(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    out = ok(capsys, "callback", NUMBER, "--at", "2026-03-11T18:00:00Z", "--until", "2026-03-11T18:30:00Z",
             "--db", str(db))
    assert out == ("recorded agreed callback #1: +13055550123 call between 2026-03-11T18:00:00Z "
                   "and 2026-03-11T18:30:00Z\n")
    ok(capsys, "callback", NUMBER, "--at", "2026-03-12T18:00:00Z", "--channel", "sms", "--db", str(db))
    window, instant = load_history(NUMBER, db=str(db)).callbacks
    assert window.end - window.start == timedelta(minutes=30)
    assert instant.end - instant.start == timedelta(minutes=15) and instant.channel is Channel.SMS


def test_ask(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    out = ok(capsys, "ask", NUMBER, "--at", "2026-03-10T17:00:00Z", "--reply", "yes",
             "--replied-at", "2026-03-10T17:05:00Z", "--db", str(db))
    assert out == ("recorded convenience ask #1: +13055550123 sent 2026-03-10T17:00:00Z, "
                   "replied yes at 2026-03-10T17:05:00Z\n")
    ok(capsys, "ask", NUMBER, "--at", "2026-03-10T18:00:00Z", "--reply", "no", "--db", str(db))
    ok(capsys, "ask", NUMBER, "--at", "2026-03-10T19:00:00Z", "--db", str(db))
    yes, no, silent = load_history(NUMBER, db=str(db)).asks
    assert (yes.reply, yes.replied_at) == (True, datetime(2026, 3, 10, 17, 5, tzinfo=UTC))
    assert (no.reply, silent.reply) == (False, None)


def _fill(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    for hour in (14, 15, 16):
        ok(capsys, "record", NUMBER, "--outcome", "no_answer", "--at", f"2026-03-10T{hour}:00:00Z",
           "--subject", "offer-1", "--db", str(db))
    ok(capsys, "opt-out", NUMBER, "--channel", "sms", "--provenance", "STOP", "--at", "2026-03-09T12:00:00Z",
       "--db", str(db))
    ok(capsys, "consent", NUMBER, "--purpose", "service", "--at", "2026-03-01T12:00:00Z", "--db", str(db))
    ok(capsys, "callback", NUMBER, "--at", "2026-03-11T18:00:00Z", "--db", str(db))
    ok(capsys, "ask", NUMBER, "--at", "2026-03-10T17:00:00Z", "--db", str(db))
    ok(capsys, "record", "+33123456789", "--outcome", "answered", "--at", "2026-03-10T14:00:00Z", "--db", str(db))


def test_history_text(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    _fill(capsys, db)
    out = ok(capsys, "history", "+1 305-555-0123", "--db", str(db))
    assert out.splitlines() == [
        "+13055550123: 3 attempts, 1 opt-out, 1 consent, 1 agreed callback, 1 convenience ask",
        "attempts:",
        "  2026-03-10T14:00:00Z  call  sales       no_answer     subject offer-1",
        "  2026-03-10T15:00:00Z  call  sales       no_answer     subject offer-1",
        "  2026-03-10T16:00:00Z  call  sales       no_answer     subject offer-1",
        "opt-outs:",
        "  2026-03-09T12:00:00Z  sms  for all purposes  (STOP)",
        "consents:",
        "  2026-03-01T12:00:00Z  all channels  for service  no expiry",
        "agreed callbacks:",
        "  2026-03-11T18:00:00Z to 2026-03-11T18:15:00Z  call",
        "convenience asks (S6):",
        "  2026-03-10T17:00:00Z  no reply yet",
    ]
    since = ok(capsys, "history", NUMBER, "--since", "2026-03-10T15:00:00Z", "--db", str(db))
    assert since.splitlines()[0].startswith("+13055550123: 2 attempts since 2026-03-10T15:00:00Z, 1 opt-out")
    empty = ok(capsys, "history", "+14155550100", "--db", str(db))
    assert empty == "+14155550100: 0 attempts, 0 opt-outs, 0 consents, 0 agreed callbacks, 0 convenience asks\n"


def test_history_json(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    _fill(capsys, db)
    data = json.loads(ok(capsys, "history", NUMBER, "--json", "--since", "2026-03-10T16:00:00Z", "--db", str(db)))
    assert data["number"] == NUMBER and data["since"] == "2026-03-10T16:00:00Z"
    assert data["attempts"] == [{"at": "2026-03-10T16:00:00Z", "channel": "call", "purpose": "sales",
                                 "outcome": "no_answer", "subject": "offer-1"}]
    assert data["opt_outs"] == [{"at": "2026-03-09T12:00:00Z", "channels": ["sms"],
                                 "purposes": ["sales", "service", "collection", "personal"], "provenance": "STOP"}]
    assert data["consents"][0]["expires_at"] is None and data["consents"][0]["purposes"] == ["service"]
    assert data["callbacks"] == [{"start": "2026-03-11T18:00:00Z", "end": "2026-03-11T18:15:00Z", "channel": "call"}]
    assert data["asks"] == [{"at": "2026-03-10T17:00:00Z", "reply": None, "replied_at": None}]


# ------------------------------------------------------------ bad input: exit 2, one line, nothing written

BAD = [
    (["record", NUMBER, "--outcome", "hung_up"], "unknown outcome 'hung_up'"),
    (["record", NUMBER, "--outcome", "no_answer", "--at", "yesterday"], "malformed instant 'yesterday'"),
    (["record", NUMBER, "--outcome", "no_answer", "--at", "2026-03-10T14:00:00"], "no offset"),
    (["record", "+1 555", "--outcome", "no_answer"], "not a valid number"),
    (["record", "0612345678", "--outcome", "no_answer"], "no country code"),
    (["record", "0612345678", "--default-region", "XX", "--outcome", "no_answer"], "XX"),
    (["record", NUMBER, "--outcome", "no_answer", "--channel", "fax"], "unknown channel 'fax'"),
    (["record", NUMBER, "--outcome", "no_answer", "--purpose", "spam"], "unknown purpose 'spam'"),
    (["record", NUMBER], "required: --outcome"),
    (["record", NUMBER, "--outcome", "no_answer", "--colour", "red"], "unrecognized arguments: --colour red"),
    (["record", NUMBER, "--outcome", "no_answer", "--hash-key", "x"], "unrecognized arguments"),
    (["record", NUMBER, "--outcome", "no_answer", "--hash-key-env", "s3cr3t-key!"], "NAME of an environment variable"),
    (["record", NUMBER, "--outcome", "no_answer", "--hash-key-env", "CW_TEST_UNSET_VAR"],
     "CW_TEST_UNSET_VAR is not set"),
    (["opt-out", NUMBER, "--channel", "fax"], "unknown channel 'fax'"),
    (["opt-out", NUMBER, "--at", "2026-13-40T00:00:00Z"], "malformed instant"),
    (["consent", NUMBER, "--at", "2026-03-10T16:00:00Z", "--expires", "2026-03-10T15:00:00Z"], "expiry must be after"),
    (["consent", NUMBER, "--purpose", "spam"], "unknown purpose 'spam'"),
    (["callback", NUMBER], "required: --at"),
    (["callback", NUMBER, "--at", "2026-03-11T18:00:00Z", "--until", "2026-03-11T17:00:00Z"], "end must be after"),
    (["ask", NUMBER, "--reply", "maybe"], "unknown reply 'maybe'"),
    (["ask", NUMBER, "--replied-at", "2026-03-10T17:05:00Z"], "--replied-at needs --reply"),
    (["ask", NUMBER, "--at", "2026-03-10T17:00:00Z", "--reply", "yes", "--replied-at", "2026-03-10T16:00:00Z"],
     "reply cannot come before"),
    (["history", NUMBER, "--since", "last week"], "--since: malformed instant"),
    (["history", "+1 555"], "not a valid number"),
    (["frobnicate", NUMBER], "invalid choice: 'frobnicate'"),
    ([], "required: COMMAND"),
]


@pytest.mark.parametrize("argv, expected", BAD, ids=[" ".join(argv) or "nothing" for argv, _ in BAD])
def test_bad_input_exit_2_one_line_nothing_written(capsys: pytest.CaptureFixture[str], db: Path,
                                                    argv: list[str], expected: str) -> None:
    ok(capsys, "record", NUMBER, "--outcome", "no_answer", "--at", "2026-03-10T14:00:00Z", "--db", str(db))
    before = totals(db)
    code, out, err = run(capsys, *argv, *(["--db", str(db)] if argv else []))
    assert code == 2 and out == ""
    assert err.startswith("can-i-call: error: ") and err.endswith("\n") and err.count("\n") == 1, err
    assert expected in err and "Traceback" not in err
    assert totals(db) == before


def test_bad_input_creates_no_database(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    new = tmp_path / "new.sqlite3"
    code, _, err = run(capsys, "record", NUMBER, "--outcome", "hung_up", "--db", str(new), "--create-db")
    assert code == 2 and not new.exists() and "hung_up" in err


@pytest.mark.parametrize("command", [
    ["record", NUMBER, "--outcome", "no_answer"], ["opt-out", NUMBER], ["history", NUMBER], [NUMBER], [],
])
def test_missing_store_is_an_error(capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str]) -> None:
    """A mistyped --db (or $CALLWINDOW_DB) is refused, for reads and writes: it would read as
    "no history" (an opted-out number called) or write records where no check looks."""
    typo = tmp_path / "histroy.sqlite3"
    if command:
        argv = [*command, "--db", str(typo), "--at", "2026-11-24T15:00:00Z"]
    else:  # a lead list
        leads = tmp_path / "leads.csv"
        leads.write_text("phone\n" + NUMBER + "\n")
        argv = ["list", str(leads), "--db", str(typo), "--no-config"]
    if command[:1] == ["history"]:
        argv.remove("--at")
        argv.remove("2026-11-24T15:00:00Z")
    code = can_i_call(argv)
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and err.count("\n") == 1
    assert f"no history store at {typo} (--db)" in err and "--create-db" in err
    assert not typo.exists()


def test_missing_store_named_by_the_environment(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALLWINDOW_DB", str(tmp_path / "unmounted" / "history.sqlite3"))
    assert can_i_call([NUMBER, "--at", "2026-11-24T15:00:00Z", "--no-config"]) == 2
    assert "($CALLWINDOW_DB)" in capsys.readouterr().err


def test_create_db_starts_a_new_store_and_the_default_location_needs_no_flag(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    new = tmp_path / "new.sqlite3"
    ok(capsys, "opt-out", NUMBER, "--db", str(new), "--create-db")
    assert can_i_call([NUMBER, "--db", str(new), "--json", "--no-config"]) == 1
    assert '"opted_out"' in capsys.readouterr().out
    # the built-in location ($XDG_DATA_HOME/callwindow/history.sqlite3) is created on first use
    ok(capsys, "record", NUMBER, "--outcome", "no_answer")
    assert (tmp_path / "data-home" / "callwindow" / "history.sqlite3").exists()


def test_store_errors_are_one_line_too(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "history", NUMBER, "--db", str(tmp_path))
    assert code == 2 and out == "" and err.startswith("can-i-call: error: ") and err.count("\n") == 1
    assert "is a folder" in err
    code, out, err = run(capsys, "record", NUMBER, "--outcome", "no_answer", "--db", str(tmp_path / "new-folder") + "/")
    assert code == 2 and "names a folder" in err and not (tmp_path / "new-folder").exists()
    code, out, err = run(capsys, "history", NUMBER, "--db", "postgresql://nobody:secret@127.0.0.1:1/none")
    assert code == 2 and err.count("\n") == 1 and "cannot connect to PostgreSQL" in err and "secret" not in err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "record" in capsys.readouterr().out
    for command in SUBCOMMANDS:
        assert main([command, "--help"]) == 0
        assert "--db" in capsys.readouterr().out


# ------------------------------------------------------------ hashing, defaults


def test_hash_key_from_the_environment(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_CW_KEY", KEY_TEXT)
    db = tmp_path / "hashed.sqlite3"
    ok(capsys, "record", NUMBER, "--outcome", "refused", "--at", "2026-03-10T14:00:00Z",
       "--hash-key-env", "MY_CW_KEY", "--db", str(db), "--create-db")
    ok(capsys, "opt-out", NUMBER, "--hash-key-env", "MY_CW_KEY", "--db", str(db))
    raw = store_helpers.raw_dump("sqlite", str(db))
    assert NUMBER.encode() not in raw and NUMBER[1:].encode() not in raw
    out = ok(capsys, "history", NUMBER, "--hash-key-env", "MY_CW_KEY", "--db", str(db))
    assert out.startswith("+13055550123: 1 attempt, 1 opt-out")
    assert len(load_history(NUMBER, db=str(db), hash_key_env="MY_CW_KEY").attempts) == 1
    code, _, err = run(capsys, "history", NUMBER, "--db", str(db))  # forgot the key
    assert code == 2 and "give its hash key" in err
    monkeypatch.setenv("MY_CW_KEY", "another-key-of-enough-length-999")
    code, _, err = run(capsys, "history", NUMBER, "--hash-key-env", "MY_CW_KEY", "--db", str(db))
    assert code == 2 and "different key" in err
    monkeypatch.setenv("MY_CW_KEY", "short")
    code, _, err = run(capsys, "history", NUMBER, "--hash-key-env", "MY_CW_KEY", "--db", str(db))
    assert code == 2 and "at least 16 bytes" in err and "short" not in err


def test_default_hash_key_variable(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CALLWINDOW_HASH_KEY", KEY_TEXT)
    db = tmp_path / "hashed.sqlite3"
    ok(capsys, "record", NUMBER, "--outcome", "no_answer", "--db", str(db), "--create-db")
    assert NUMBER.encode() not in store_helpers.raw_dump("sqlite", str(db))
    assert "1 attempt" in ok(capsys, "history", NUMBER, "--db", str(db))


def test_db_defaults(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    ok(capsys, "record", NUMBER, "--outcome", "no_answer")
    assert (tmp_path / "xdg" / "callwindow" / "history.sqlite3").exists()
    monkeypatch.setenv("CALLWINDOW_DB", str(tmp_path / "env.sqlite3"))
    code, _, err = run(capsys, "record", NUMBER, "--outcome", "no_answer")  # not there yet: say so
    assert code == 2 and "($CALLWINDOW_DB)" in err
    ok(capsys, "record", NUMBER, "--outcome", "no_answer", "--create-db")
    ok(capsys, "record", NUMBER, "--outcome", "no_answer")
    assert "2 attempts" in ok(capsys, "history", NUMBER)
    xdg_db = tmp_path / "xdg" / "callwindow" / "history.sqlite3"
    assert "1 attempt," in ok(capsys, "history", NUMBER, "--db", str(xdg_db))


def test_settings_file_db_and_default_region(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config-home" / "callwindow" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('db = "from-settings.sqlite3"\ndefault_region = "FR"\n', encoding="utf-8")
    out = ok(capsys, "record", "06 12 34 56 78", "--outcome", "no_answer", "--create-db")  # FR from the settings
    assert "+33612345678" in out
    assert (config.parent / "from-settings.sqlite3").exists()  # relative to the settings file
    assert "1 attempt" in ok(capsys, "history", "+33612345678")
    assert "0 attempts" in ok(capsys, "history", "+33612345678", "--no-config")  # the default file instead
    assert not (tmp_path / "data-home" / "callwindow" / "history.sqlite3").exists()  # reading creates nothing
    monkeypatch.setenv("CALLWINDOW_DB", str(tmp_path / "env.sqlite3"))
    assert "1 attempt" in ok(capsys, "history", "+33612345678")  # the settings file beats the variable, like can-i-call
    other = tmp_path / "other.toml"
    other.write_text('db = "other.sqlite3"\n', encoding="utf-8")
    code, _, err = run(capsys, "history", "+33612345678", "--config", str(other))  # a db that is not there
    assert code == 2 and "(the settings file's db)" in err
    config.write_text('db = 42\n', encoding="utf-8")
    code, _, err = run(capsys, "history", "+33612345678")
    assert code == 2 and err.startswith("can-i-call: error: config file") and err.count("\n") == 1


def test_entry_points_for_the_main_dispatcher(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    from callwindow.cli import history as cli_history

    assert set(cli_history.SUMMARIES) == set(SUBCOMMANDS)
    argv = {
        "record": [NUMBER, "--outcome", "no_answer"], "opt-out": [NUMBER], "consent": [NUMBER],
        "callback": [NUMBER, "--at", "2026-03-11T18:00:00Z"], "ask": [NUMBER], "history": [NUMBER],
        "relationship": [NUMBER, "--kind", "purchase"],
    }
    for word, (function, summary) in cli_history.SUMMARIES.items():
        assert summary and getattr(cli_history, function)([*argv[word], "--db", str(db)]) == 0, word
    assert capsys.readouterr().out.count("recorded ") == 6
    assert cli_history.record_main([NUMBER, "--outcome", "nope", "--db", str(db)]) == 2


def test_reading_a_missing_default_file_creates_nothing(tmp_path: Path) -> None:
    target = tmp_path / "data-home" / "callwindow" / "history.sqlite3"  # the default location (fixture)
    assert load_history(NUMBER).is_empty()
    assert not target.parent.exists()
    elsewhere = tmp_path / "nowhere" / "history.sqlite3"
    with pytest.raises(MissingStore):
        load_history(NUMBER, db=str(elsewhere))
    assert load_history(NUMBER, db=str(elsewhere), create_db=True).is_empty()  # reading still creates nothing
    assert not elsewhere.parent.exists()


# ------------------------------------------------------------ as a program, and the Florida example


def test_python_dash_m(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    command = [sys.executable, "-m", "callwindow.cli.history"]
    done = subprocess.run([*command, "record", NUMBER, "--outcome", "dropped", "--db", str(db), "--create-db"],
                          capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("recorded attempt #1: +13055550123"), done.stderr
    bad = subprocess.run([*command, "record", NUMBER, "--outcome", "nope", "--db", str(db)],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stdout == "" and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
    shown = subprocess.run([*command, "history", NUMBER, "--json", "--db", str(db)], capture_output=True, text=True)
    assert json.loads(shown.stdout)["attempts"][0]["outcome"] == "dropped"


def test_three_recorded_florida_sales_calls_cap_the_fourth(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    for local in ("10:00", "10:30", "11:00"):
        ok(capsys, "record", "+1 305 555 0123", "--outcome", "no_answer", "--at", f"2026-03-10T{local}:00-04:00",
           "--db", str(db))
    fourth = datetime(2026, 3, 10, 15, 30, tzinfo=UTC)
    decision = Policy.default().check(NUMBER, fourth, history=load_history(NUMBER, db=str(db)))
    assert not decision.allowed
    assert [r.rule for r in decision.reasons if r.code == "frequency_cap"] == ["US-FL.501-616.three-per-24h"]
    assert decision.next_allowed_at == datetime(2026, 3, 11, 14, 0, tzinfo=UTC)  # first call + 24 h


def test_postgres_through_the_command(capsys: pytest.CaptureFixture[str], postgres_base: str) -> None:  # noqa: F811
    url, schema = store_helpers.create_schema(postgres_base)
    try:
        ok(capsys, "record", NUMBER, "--outcome", "conversation", "--at", "2026-03-10T14:00:00Z", "--db", url)
        ok(capsys, "opt-out", NUMBER, "--channel", "sms", "--db", url)
        out = ok(capsys, "history", NUMBER, "--db", url)
        assert out.startswith("+13055550123: 1 attempt, 1 opt-out")
        assert len(load_history(NUMBER, db=url).attempts) == 1
    finally:
        store_helpers.drop_schema(postgres_base, schema)


def test_can_i_call_refuses_the_fourth_florida_sales_call_in_24_hours(tmp_path, capsys) -> None:
    """Issue 5's end-to-end case, through the command: three calls recorded in
    the store, the fourth refused with the cap cited and when it frees."""
    from callwindow.cli import main as can_i_call

    db = str(tmp_path / "history.sqlite3")
    number = "+1 305 555 0123"  # Miami: Florida's 3 calls per 24 h on the same subject
    for at in ("2026-11-24T14:00:00Z", "2026-11-24T16:00:00Z", "2026-11-24T18:00:00Z"):
        assert can_i_call(["record", number, "--outcome", "no_answer", "--at", at, "--db", db, "--create-db"]) == 0
    capsys.readouterr()
    status = can_i_call([number, "--at", "2026-11-24T19:00:00Z", "--db", db, "--json"])
    answer = json.loads(capsys.readouterr().out)
    assert status == 1 and answer["action"] == "defer"
    caps = [r for r in answer["reasons"] if r["code"] == "frequency_cap"]
    assert caps and caps[0]["rule"] == "US-FL.501-616.three-per-24h" and "3 attempts" in caps[0]["message"]
    assert answer["next_allowed_at"] == "2026-11-25T14:00:00Z"  # the first call + 24 h (09:00 in Miami)
    # Without the store the same check is allowed: the history made the difference.
    assert can_i_call([number, "--at", "2026-11-24T19:00:00Z", "--db", db, "--no-history", "--json"]) == 0


def test_history_of_a_store_not_made_yet_says_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The built-in store that does not exist yet (a first run, or HOME/XDG set otherwise under
    cron): the history says no store was read and where it looked, as a check does."""
    out = ok(capsys, "history", NUMBER)
    looked = tmp_path / "data-home" / "callwindow"
    assert out.splitlines()[0].startswith(f"{NUMBER}: 0 attempts")
    assert out.splitlines()[-1] == f"history: none yet (no store at {looked / 'history.sqlite3'})"
    assert not looked.exists()  # reading makes no store
