"""Contacts, not only numbers (issue 13 item 3): with a contact id (a person or account), a cap
the law keeps per person (`across = "person"`: Florida's "regardless of the phone number
used", Regulation F) counts the attempts on all the person's numbers; an opt-out or consent
recorded with the id covers all their numbers; a cap kept per number does not look at the
others. In Python (History values), in the store (SQLite, PostgreSQL, hashed), in claims and
on the command line."""

from __future__ import annotations

import contextlib
import io
import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import store_helpers
from store_helpers import postgres_base  # noqa: F401  (a fixture)

from callwindow import Attempt, History, OptOut, Policy
from callwindow.cli import main as can_i_call
from callwindow.request import Question
from callwindow.store import open_store

AT = datetime(2026, 11, 24, 20, tzinfo=UTC)  # 15:00 in Miami, a Tuesday
HOME, MOBILE = "+13055550111", "+13055550222"  # one person's two Florida numbers
MARYLAND_HOME, MARYLAND_MOBILE = "+14105550111", "+14105550222"  # Maryland's cap is kept per number here
POLICY = Policy.default()


def _calls(number: str, hours: tuple[int, ...], person: str | None = "p-1") -> tuple[Attempt, ...]:
    return tuple(Attempt.create(number, AT - timedelta(hours=h), outcome="no_answer", contact_id=person)
                 for h in hours)


def test_a_cap_kept_per_person_counts_all_their_numbers() -> None:
    history = History(_calls(MOBILE, (1, 2)) + _calls(HOME, (3,)))
    person = POLICY.check(HOME, AT, history=history, contact_id="p-1")
    assert not person.allowed and "frequency_cap" in {r.code for r in person.reasons}
    assert "3 attempts" in next(r.message for r in person.reasons if r.code == "frequency_cap")
    assert POLICY.check(HOME, AT, history=history).allowed  # no contact id: this number's one call only
    assert POLICY.check(HOME, AT, history=history, contact_id="p-2").allowed  # another person


def test_a_cap_kept_per_number_does_not_count_the_other_numbers() -> None:
    history = History(_calls(MARYLAND_MOBILE, (1, 2)) + _calls(MARYLAND_HOME, (3,)))
    assert POLICY.check(MARYLAND_HOME, AT, history=history, contact_id="p-1").allowed


def test_an_opt_out_with_a_contact_id_covers_all_their_numbers() -> None:
    history = History(opt_outs=(OptOut.create(MOBILE, AT - timedelta(days=1), contact_id="p-1"),))
    blocked = POLICY.check(HOME, AT, history=history, contact_id="p-1")
    assert blocked.action.value == "block" and [r.code for r in blocked.reasons] == ["opted_out"]
    assert POLICY.check(HOME, AT, history=history).allowed
    plain = History(opt_outs=(OptOut.create(MOBILE, AT - timedelta(days=1)),))  # that number only
    assert POLICY.check(HOME, AT, history=plain, contact_id="p-1").allowed


@pytest.fixture(params=["sqlite", "sqlite-hashed", "postgres"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, bytes | None]]:
    key = b"0123456789abcdef-contacts" if request.param == "sqlite-hashed" else None
    for found in store_helpers.store_target(request, tmp_path):
        yield found, key


def test_the_store_reads_a_persons_records_on_their_other_numbers(target: tuple[str, bytes | None]) -> None:
    url, key = target
    with open_store(url, hash_key=key) as store:
        store.record_many([*_calls(MOBILE, (1, 2)), *_calls(HOME, (3,))])
        history = store.history_of_contact(HOME, "p-1")
        assert len(history.attempts) == 3 and len(store.history(HOME).attempts) == 1
        assert not POLICY.check(HOME, AT, history=history, contact_id="p-1").allowed
        both = store.histories_of_contacts({HOME: "p-1", MARYLAND_HOME: None})
        assert len(both[HOME].attempts) == 3 and both[MARYLAND_HOME].attempts == ()
        # a claim reads the person's numbers too: the last slot is taken on the other number
        assert not POLICY.claim(Question.of(HOME, AT, contact_id="p-1"), store).granted
        assert POLICY.claim(Question.of(HOME, AT), store).granted  # per number: two slots left


def test_the_command_line_takes_a_contact_id(tmp_path: Path) -> None:
    db = str(tmp_path / "history.sqlite3")

    def run(*argv: str) -> tuple[int, str]:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = can_i_call([*argv, "--db", db, "--no-config"])
        return code, out.getvalue()

    for hours in (1, 2, 3):
        number = MOBILE if hours < 3 else HOME
        code, _ = run("record", number, "--outcome", "no_answer", "--contact-id", "p-1", "--create-db",
                      "--at", (AT - timedelta(hours=hours)).isoformat())
        assert code == 0
    code, out = run(HOME, "--at", AT.isoformat(), "--contact-id", "p-1", "--json")
    assert code == 1 and "frequency_cap" in {r["code"] for r in json.loads(out)["reasons"]}
    code, _ = run(HOME, "--at", AT.isoformat(), "--json")
    assert code == 0


def test_a_hashed_store_redacts_numbers_written_in_provenance(tmp_path: Path) -> None:
    """Privacy (issue 13 item 6): with a hash key no number is kept in plain text, not even one
    typed into a free-text field; a plain store keeps the text as given."""
    from callwindow.history import Consent

    hashed = str(tmp_path / "hashed.sqlite3")
    with open_store(hashed, hash_key=b"0123456789abcdef-privacy") as store:
        store.record_opt_out(OptOut.create(HOME, AT, provenance="STOP from +1 (305) 555-0111 by text"))
        store.record_consent(Consent.create(HOME, AT, provenance="web form, callback 305 555 0222"))
        history = store.history(HOME)
        assert history.opt_outs[0].provenance == "STOP from [number] by text"
        assert history.consents[0].provenance == "web form, callback [number]"
    assert b"555-0111" not in Path(hashed).read_bytes() and b"555 0222" not in Path(hashed).read_bytes()
    plain = str(tmp_path / "plain.sqlite3")
    with open_store(plain) as store:
        store.record_opt_out(OptOut.create(HOME, AT, provenance="STOP from +1 (305) 555-0111"))
        assert store.history(HOME).opt_outs[0].provenance == "STOP from +1 (305) 555-0111"


def test_every_surface_counts_a_persons_other_numbers(tmp_path: Path) -> None:
    """The list (a contact id column), HTTP (`contact_id`), the batch API (`contact_id=`) and the
    single check all see the two calls on the person's mobile when asked about their home number."""
    pytest.importorskip("fastapi")
    import numpy as np
    from fastapi.testclient import TestClient

    from callwindow.batch import decide_batch, ingest
    from callwindow.http.app import Settings, create_app
    from callwindow.http.security import KeyRing

    db = str(tmp_path / "history.sqlite3")
    with open_store(db) as store:
        store.record_many([*_calls(MOBILE, (1, 2)), *_calls(HOME, (3,))])
        history = store.history_of_contact(HOME, "p-1")
        single = POLICY.check(HOME, AT, history=history, contact_id="p-1")
        assert not single.allowed
        decided = decide_batch(ingest([HOME, HOME]), np.array([np.datetime64(AT.replace(tzinfo=None), "us")] * 2),
                               policy=POLICY, history=store, contact_id=["p-1", ""])
        assert decided.row(0)["action"] == single.action.value and "frequency_cap" in decided.reasons(0)
        assert decided.row(1)["action"] == "call"  # no contact id: this number's one call only
    leads = tmp_path / "leads.csv"
    leads.write_text(f"phone,customer_id\n{HOME},p-1\n{HOME},\n", encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = can_i_call(["list", str(leads), "--format", "jsonl", "--at", AT.isoformat(), "--quiet", "--db", db,
                           "--no-config"])
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert code == 0 and [row["action"] for row in rows] == [single.action.value, "call"]
    settings = Settings(keys=KeyRing.load(env={"CALLWINDOW_API_KEYS": "contacts-key-0123456789"}), db=db)
    with TestClient(create_app(settings)) as client:
        auth = {"Authorization": "Bearer contacts-key-0123456789"}
        person = client.post("/v1/check", json={"number": HOME, "at": AT.isoformat(), "contact_id": "p-1"},
                             headers=auth)
        number = client.post("/v1/check", json={"number": HOME, "at": AT.isoformat()}, headers=auth)
    assert person.json()["action"] == single.action.value and number.json()["action"] == "call"


def test_frames_and_tables_take_a_contact_id_column() -> None:
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    from callwindow.batch import decide_frame, decide_table

    history = History(_calls(MOBILE, (1, 2)) + _calls(HOME, (3,)))
    frame = pd.DataFrame({"phone": [HOME, HOME], "person": ["p-1", None]})
    decided = decide_frame(frame, "phone", at=AT, history=history, contact_id_column="person", categorical=False)
    assert list(decided["action"]) == ["defer", "call"]
    table = decide_table(pa.table({"phone": [HOME, HOME], "person": ["p-1", None]}), "phone", at=AT,
                         history=history, contact_id_column="person")
    assert table.column("action").to_pylist() == ["defer", "call"]


def test_a_source_that_cannot_read_a_person_is_refused_with_contact_ids() -> None:
    """A history source with per-number reads only would miss the person's other numbers: with
    contact ids the batch refuses it (one line), rather than decide a per-person cap on half the record."""
    np = pytest.importorskip("numpy")
    from callwindow import InvalidInput
    from callwindow.batch import decide_batch, ingest

    class PerNumberOnly:
        def histories(self, numbers: object, since: object = None) -> dict[str, History]:
            return {number: History(_calls(number, (3,))) for number in numbers}  # type: ignore[attr-defined]

    at = np.array([np.datetime64(AT.replace(tzinfo=None), "us")])
    with pytest.raises(InvalidInput, match="cannot read a person's records") as refused:
        decide_batch(ingest([HOME]), at, policy=POLICY, history=PerNumberOnly(), contact_id=["p-1"])
    assert "\n" not in str(refused.value)
    plain = decide_batch(ingest([HOME]), at, policy=POLICY, history=PerNumberOnly())  # no ids: per number is whole
    assert plain.row(0)["action"] == "call"
