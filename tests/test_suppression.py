"""Do-not-call (suppression) lists (issue 13 item 4): a number on an imported list is refused
for what the list binds, on every surface, with the list's name and date; consent on record
lifts it where the list says so; a list older than its law allows refuses every contact it
governs (whether a number was registered since is unknown). On SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
import io
import json
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from budget import budget
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))

import store_helpers
from store_helpers import postgres_base  # noqa: F401  (a fixture)

from callwindow import Policy
from callwindow.batch import decide_batch, ingest
from callwindow.cli import main as can_i_call
from callwindow.history import Consent, History, Suppression, SuppressionList
from callwindow.store import open_store

AT = datetime(2026, 11, 24, 20, tzinfo=UTC)  # 15:00 in New York: a sales call is otherwise allowed
LISTED, OTHER, FRENCH = "+12125550123", "+12125550199", "+33142685300"
US_DNC = SuppressionList("us-national", "US", date(2026, 11, 20), 31, source="https://telemarketing.donotcall.gov/")
POLICY = Policy.default()


@pytest.fixture(params=["sqlite", "postgres"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from store_helpers.store_target(request, tmp_path)


def test_a_listed_number_is_refused_with_the_list_and_its_date(target: str) -> None:
    with open_store(target) as store:
        assert store.import_suppression_list(US_DNC, [LISTED, LISTED, "+13055550100"]) == 2
        listed = POLICY.check(LISTED, AT, history=store.history(LISTED))
        assert listed.action.value == "block" and [r.code for r in listed.reasons] == ["suppressed"]
        assert "us-national" in listed.reasons[0].message and "2026-11-20" in listed.reasons[0].message
        assert POLICY.check(OTHER, AT, history=store.history(OTHER)).allowed  # not on it
        assert POLICY.check(LISTED, AT, purpose="service", history=store.history(LISTED)).allowed  # sales only
        assert POLICY.check(FRENCH, AT, purpose="service", history=store.history(FRENCH)).allowed  # US only
        store.record_consent(Consent.create(LISTED, AT - timedelta(days=2), provenance="signed form"))
        assert POLICY.check(LISTED, AT, history=store.history(LISTED)).allowed  # consent on record lifts it
        # re-importing replaces; removing forgets
        assert store.import_suppression_list(US_DNC, [OTHER]) == 1
        assert not POLICY.check(OTHER, AT, history=store.history(OTHER)).allowed
        assert [found.name for found in store.suppression_lists()] == ["us-national"]
        assert store.remove_suppression_list("us-national") and not store.remove_suppression_list("us-national")
        assert POLICY.check(OTHER, AT, history=store.history(OTHER)).allowed


def test_a_list_older_than_its_law_allows_refuses_every_contact_it_governs(target: str) -> None:
    late = AT + timedelta(days=42)  # a Tuesday; the download is 46 days old then; the law allows 31
    with open_store(target) as store:
        store.import_suppression_list(US_DNC, [LISTED])
        stale = POLICY.check(OTHER, late, history=store.history(OTHER))
        assert stale.action.value == "block" and [r.code for r in stale.reasons] == ["suppression_list_stale"]
        assert "46 days" in stale.reasons[0].message
        assert POLICY.check(OTHER, AT, history=store.history(OTHER)).allowed  # 4 days old: fresh
        afternoon = late - timedelta(hours=6)  # 15:00 in Paris
        assert POLICY.check(FRENCH, afternoon, purpose="service", history=store.history(FRENCH)).allowed
        assert POLICY.check(OTHER, late, consent=True, history=store.history(OTHER)).allowed


def test_every_surface_refuses_a_listed_number(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    from callwindow.batch import decide_frame

    db = str(tmp_path / "history.sqlite3")
    with open_store(db) as store:
        store.import_suppression_list(US_DNC, [LISTED])
    numbers = [LISTED, OTHER]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = can_i_call([LISTED, "--at", AT.isoformat(), "--json", "--no-config", "--db", db])
    single = json.loads(out.getvalue())
    assert code == 1 and single["action"] == "block" and single["reasons"][0]["code"] == "suppressed"
    leads = tmp_path / "leads.csv"
    leads.write_text("phone\n" + "\n".join(numbers) + "\n", encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = can_i_call(["list", str(leads), "--format", "jsonl", "--at", AT.isoformat(), "--quiet",
                           "--no-config", "--db", db])
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert code == 0 and [row["action"] for row in rows] == ["block", "call"]
    with open_store(db) as store:
        frame = decide_frame(pd.DataFrame({"phone": numbers}), "phone", at=AT, history=store, categorical=False)
    assert list(frame["action"]) == ["block", "call"] and frame["reasons"][0] == "suppressed"
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from callwindow.http.app import Settings, create_app
    from callwindow.http.security import KeyRing

    settings = Settings(keys=KeyRing.load(env={"CALLWINDOW_API_KEYS": "suppression-key-0123456"}), db=db)
    with TestClient(create_app(settings)) as client:
        answer = client.post("/v1/check/batch", json=[{"number": number, "at": AT.isoformat()} for number in numbers],
                             headers={"Authorization": "Bearer suppression-key-0123456"})
    results = answer.json()["results"]
    assert answer.status_code == 200 and [r["decision"]["action"] for r in results] == ["block", "call"]


NUMBERS = (LISTED, OTHER, "+13055550123", "+14165550123", FRENCH, "+442079460958")
LISTS = (
    US_DNC,
    SuppressionList("ca-dncl", "CA", date(2026, 10, 1), 31),  # stale from 2026-11-02
    SuppressionList("gb-tps", "GB", date(2026, 11, 23), 28, lifted_by_consent=False),
)


@budget(80)
@given(
    on=st.lists(st.tuples(st.sampled_from(NUMBERS), st.sampled_from(LISTS)), max_size=6),
    consented=st.lists(st.sampled_from(NUMBERS), max_size=2),
    table=st.lists(st.tuples(st.sampled_from(NUMBERS), st.integers(min_value=-5, max_value=60),
                             st.sampled_from(("call", "sms")), st.sampled_from(("sales", "service"))),
                   min_size=1, max_size=10),
    consent=st.booleans(),
)
def test_batch_rows_with_lists_equal_the_single_check(
        on: list[tuple[str, SuppressionList]], consented: list[str], table: list[tuple[str, int, str, str]],
        consent: bool) -> None:
    history = History(consents=tuple(Consent.create(number, AT - timedelta(days=3)) for number in consented),
                      suppressions=tuple(Suppression(number, found) for number, found in on), lists=LISTS)
    when = [AT + timedelta(days=days) for _, days, _, _ in table]
    decided = decide_batch(ingest([row[0] for row in table]),
                           np.array([np.datetime64(moment.replace(tzinfo=None), "us") for moment in when]),
                           channel=[row[2] for row in table], purpose=[row[3] for row in table],
                           policy=BATCH, history=history, consent=consent)
    for index, (number, _, channel, purpose) in enumerate(table):
        expected = POLICY.check(number, when[index], history=history, channel=channel, purpose=purpose,
                                consent=consent)
        assert decided.row(index)["action"] == expected.action.value, (number, when[index])
        assert decided.row(index)["next_allowed_at"] == expected.next_allowed_at, (number, when[index])
        assert set(decided.reasons(index)) == {reason.code for reason in expected.reasons}, (number, when[index])


BATCH = Policy.default()


def test_the_dnc_command_imports_lists_and_removes(tmp_path: Path) -> None:
    db = str(tmp_path / "history.sqlite3")
    download = tmp_path / "201.txt"
    download.write_text("212,5550123\n2125550124\nnot a number\n\n13055550100\n", encoding="utf-8")

    def run(*argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = can_i_call(list(argv))
        return code, out.getvalue(), err.getvalue()

    code, out, err = run("dnc", "import", str(download), "--name", "us-national", "--jurisdiction", "US",
                         "--downloaded-on", "2026-11-20", "--format", "us-dnc", "--db", db, "--create-db",
                         "--no-config")
    assert code == 0 and "3 numbers" in out and "1 line skipped (not numbers: line 3 'not a number')" in out, err
    code, out, _ = run("dnc", "list", "--db", db, "--no-config")
    assert code == 0 and out.startswith("us-national\tUS\tdownloaded 2026-11-20\t3 numbers")
    code, out, _ = run(LISTED, "--at", AT.isoformat(), "--no-config", "--db", db, "--json")
    assert code == 1 and json.loads(out)["reasons"][0]["code"] == "suppressed"
    code, _, err = run("dnc", "import", str(download), "--name", "x", "--jurisdiction", "BE", "--downloaded-on",
                       "2026-11-20", "--db", db, "--no-config")
    assert code == 2 and "--max-age-days" in err and err.count("\n") == 1
    code, _, err = run("dnc", "remove", "nothing-here", "--db", db, "--no-config")
    assert code == 2 and "no list named" in err
    code, out, _ = run("dnc", "remove", "us-national", "--db", db, "--no-config")
    assert code == 0
    code, out, _ = run(LISTED, "--at", AT.isoformat(), "--no-config", "--db", db, "--json")
    assert code == 0
