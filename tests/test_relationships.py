"""Established business relationships (EBR) and wash results (issue 13 item 4).

An EBR on record (a purchase, an inquiry) lifts a national registry's listing only inside the
window its jurisdiction's rule data gives (US: the TSR's 540 / 90
days; Canada: 18 / 6), never an opt-out, never an internal list, never another person's, never a
list whose jurisdiction has no window in the data. A wash result (AU DNCR, Bloctel, Lista
Robinson) refuses a number of its place that it holds neither as registered nor as clear (never
washed: not_washed). Every surface (single, list, batch, HTTP) reads both from the one kernel.
"""

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
from callwindow.errors import RuleDataError
from callwindow.history import (
    Attempt,
    History,
    OptOut,
    Relationship,
    Suppression,
    SuppressionList,
)
from callwindow.kernel.contact_history import add_months
from callwindow.rules import load_jurisdiction
from callwindow.store import open_store

POLICY = Policy.default()
US, CA, GB = "+12125550123", "+14165550123", "+442079460958"
DNC_CODES = {"suppressed", "suppression_list_stale", "not_washed"}


def us_list(day: date, *, lifted_by_relationship: bool = True) -> SuppressionList:
    return SuppressionList("us-national", "US", day, 31, lifted_by_relationship=lifted_by_relationship,
                           source="https://telemarketing.donotcall.gov/")


def listed(number: str, found: SuppressionList, *records: object) -> History:
    relationships = tuple(r for r in records if isinstance(r, Relationship))
    opt_outs = tuple(r for r in records if isinstance(r, OptOut))
    return History(opt_outs=opt_outs, suppressions=(Suppression(number, found),), lists=(found,),
                   relationships=relationships)


def codes(number: str, at: datetime, history: History, **options: object) -> tuple[str, set[str]]:
    decision = POLICY.check(number, at, history=history, **options)
    return decision.action.value, {reason.code for reason in decision.reasons}


# ---------------------------------------------------------------- the windows, a day and a minute either side


@pytest.mark.parametrize(("kind", "days"), [("purchase", 540), ("inquiry", 90)])
def test_a_us_relationship_lifts_the_registry_inside_its_window_only(kind: str, days: int) -> None:
    start = datetime(2025, 6, 19, 16, tzinfo=UTC) if kind == "purchase" else datetime(2026, 9, 19, 16, tzinfo=UTC)
    end = start + timedelta(days=days)  # (an inquiry's 3 months from 19 September end a day later: 90 days bind)
    assert end == datetime(2026, 12, 11 if kind == "purchase" else 18, 16, tzinfo=UTC)
    record = Relationship.create(US, start, kind=kind, provenance="order 1")
    for at, lifted in ((end - timedelta(days=1), True), (end - timedelta(minutes=1), True),
                       (end + timedelta(minutes=1), False), (end + timedelta(days=1), False),
                       (start - timedelta(minutes=1), False)):
        history = listed(US, us_list(at.date() - timedelta(days=3)), record)
        action, found = codes(US, at, history)
        if lifted:
            assert "business_relationship" in found and "suppressed" not in found, at
            reason = next(r for r in POLICY.check(US, at, history=history).reasons
                          if r.code == "business_relationship")
            assert reason.rule == f"US.tcpa.ebr-{kind}" and reason.source and "ecfr.gov" in reason.source
            assert reason.confidence == "medium" and reason.source_kind == "regulation"
            assert f"lasts {days} days" in reason.message or "or 90 days" in reason.message
            assert "us-national" in reason.message
        else:
            assert action == "block" and found == {"suppressed"}, at


def test_month_arithmetic_keeps_the_day_or_takes_the_months_last() -> None:
    assert add_months(datetime(2025, 8, 31, 12, tzinfo=UTC), 18) == datetime(2027, 2, 28, 12, tzinfo=UTC)
    assert add_months(datetime(2026, 11, 30, tzinfo=UTC), 3) == datetime(2027, 2, 28, tzinfo=UTC)
    assert add_months(datetime(2027, 11, 30, tzinfo=UTC), 3) == datetime(2028, 2, 29, tzinfo=UTC)
    assert add_months(datetime(9999, 6, 1, tzinfo=UTC), 18).year == 9999  # past the calendar: never ends


def test_canada_gives_six_months_to_an_inquiry() -> None:
    dncl = SuppressionList("ca-dncl", "CA", date(2026, 11, 20), 31, lifted_by_relationship=True)
    at = datetime(2026, 11, 24, 19, tzinfo=UTC)  # 14:00 in Toronto
    five = Relationship.create(CA, at - timedelta(days=150), kind="inquiry")
    seven = Relationship.create(CA, at - timedelta(days=215), kind="inquiry")
    assert "business_relationship" in codes(CA, at, listed(CA, dncl, five))[1]
    assert codes(CA, at, listed(CA, dncl, seven)) == ("block", {"suppressed"})


# ---------------------------------------------------------------- what it never lifts


AT = datetime(2026, 11, 24, 20, tzinfo=UTC)  # 15:00 in New York: a sales call is otherwise allowed
PURCHASE = Relationship.create(US, AT - timedelta(days=30), kind="purchase")


def test_an_opt_out_is_never_lifted() -> None:
    history = listed(US, us_list(date(2026, 11, 20)), PURCHASE, OptOut.create(US, AT - timedelta(days=1)))
    assert codes(US, AT, history) == ("block", {"opted_out"})


def test_a_relationship_of_another_person_does_not_lift() -> None:
    other = "+12125550177"
    theirs = Relationship.create(other, AT - timedelta(days=30), kind="purchase", contact_id="bob")
    found = us_list(date(2026, 11, 20))
    history = History(suppressions=(Suppression(US, found),), lists=(found,), relationships=(theirs,))
    assert codes(US, AT, history, contact_id="alice") == ("block", {"suppressed"})
    assert codes(US, AT, history) == ("block", {"suppressed"})
    assert "business_relationship" in codes(US, AT, history, contact_id="bob")[1]  # bob's, on his other number


def test_no_rule_data_or_an_internal_list_means_no_exemption() -> None:
    tps = SuppressionList("gb-tps", "GB", date(2026, 11, 23), 28, lifted_by_relationship=True)
    mine = Relationship.create(GB, AT - timedelta(days=30), kind="purchase")
    afternoon = AT - timedelta(hours=5)  # 15:00 in London
    assert codes(GB, afternoon, listed(GB, tps, mine)) == ("block", {"suppressed"})  # GB has no [[relationship]]
    internal = us_list(date(2026, 11, 20), lifted_by_relationship=False)  # a company's own list
    assert codes(US, AT, listed(US, internal, PURCHASE)) == ("block", {"suppressed"})
    state = SuppressionList("fl-dnc", "US-FL", date(2026, 11, 20), 31, lifted_by_relationship=True)
    florida = "+13055550123"
    ours = Relationship.create(florida, AT - timedelta(days=30), kind="purchase")
    assert codes(florida, AT, listed(florida, state, ours)) == ("block", {"suppressed"})  # no US-FL window
    texts = codes(US, AT, listed(US, us_list(date(2026, 11, 20)), PURCHASE), channel="sms")
    assert texts == ("block", {"suppressed"})  # the US windows are for calls (the data's channels)


def test_a_stale_registry_is_lifted_by_a_relationship_too() -> None:
    old = us_list(date(2026, 9, 1))
    assert codes(US, AT, History(lists=(old,))) == ("block", {"suppression_list_stale"})
    assert "business_relationship" in codes(US, AT, History(lists=(old,), relationships=(PURCHASE,)))[1]


def test_rule_data_errors_name_the_field(tmp_path: Path) -> None:
    base = (Path(__file__).parent.parent / "data" / "jurisdictions" / "US.toml").read_text(encoding="utf-8")
    for change, field in (('months = 18', 'months = 0'), ('days = 540\n', 'days = 0\n'), ('days = 540\n', ''),
                          ('kind = "purchase"', 'kind = "lease"'),
                          ('source_kind = "regulation"\nas_of = 2026-12-01\nverified_on = 2026-12-01\n'
                           'effective_from = 2003-10-01\nconfidence = "medium"\nnotes = "The FTC',
                           'as_of = 2026-12-01\nverified_on = 2026-12-01\neffective_from = 2003-10-01\n'
                           'confidence = "medium"\nnotes = "The FTC')):
        assert change in base, change
        path = tmp_path / "US.toml"
        path.write_text(base.replace(change, field, 1), encoding="utf-8")
        with pytest.raises(RuleDataError) as error:
            load_jurisdiction(path)
        expected = {"months = 0": "months", "days = 0\n": "days", "": "months", 'kind = "lease"': "kind"}.get(
            field, "source_kind")
        assert error.value.field == expected and "US.tcpa.ebr-purchase" in str(error.value)


# ---------------------------------------------------------------- one kernel: a property, and the batch


NUMBERS = (US, "+12125550177", CA, GB)
LISTS = (
    us_list(date(2026, 11, 20)),
    SuppressionList("ca-dncl", "CA", date(2026, 10, 1), 31, lifted_by_relationship=True),  # stale from 2026-11-02
    SuppressionList("gb-tps", "GB", date(2026, 11, 23), 28, lifted_by_relationship=True),
)
records = st.lists(st.tuples(st.sampled_from(NUMBERS), st.sampled_from(("purchase", "inquiry")),
                             st.integers(min_value=-700, max_value=5)), max_size=4)


@budget(60)
@given(on=st.lists(st.tuples(st.sampled_from(NUMBERS), st.sampled_from(LISTS)), max_size=5),
       relationships=records, opted=st.lists(st.sampled_from(NUMBERS), max_size=2),
       calls=st.lists(st.tuples(st.sampled_from(NUMBERS), st.integers(min_value=-3, max_value=0)), max_size=3),
       number=st.sampled_from(NUMBERS), hours=st.integers(min_value=-30, max_value=30),
       channel=st.sampled_from(("call", "sms")), purpose=st.sampled_from(("sales", "service")))
def test_a_relationship_never_turns_another_refusal_into_a_call(
        on: list[tuple[str, SuppressionList]], relationships: list[tuple[str, str, int]], opted: list[str],
        calls: list[tuple[str, int]], number: str, hours: int, channel: str, purpose: str) -> None:
    at = AT + timedelta(hours=hours)
    base = History(attempts=tuple(Attempt.create(n, at + timedelta(days=d, minutes=-5), outcome="no_answer")
                                  for n, d in calls),
                   opt_outs=tuple(OptOut.create(n, at - timedelta(days=9)) for n in opted),
                   suppressions=tuple(Suppression(n, found) for n, found in on), lists=LISTS)
    with_ebr = History(base.attempts, base.opt_outs, suppressions=base.suppressions, lists=base.lists,
                       relationships=tuple(Relationship.create(n, at + timedelta(days=d), kind=k)
                                           for n, k, d in relationships))
    before = POLICY.check(number, at, history=base, channel=channel, purpose=purpose)
    after = POLICY.check(number, at, history=with_ebr, channel=channel, purpose=purpose)
    refused_by = {reason.code for reason in before.reasons}
    if not before.allowed and not refused_by & DNC_CODES:
        assert after.action == before.action and not after.allowed
    if after.allowed and not before.allowed:  # only a do-not-call list was lifted, and the decision says so
        assert refused_by & DNC_CODES and "business_relationship" in {r.code for r in after.reasons}
    assert "opted_out" not in refused_by or after.action.value == "block"


@budget(40)
@given(on=st.lists(st.tuples(st.sampled_from(NUMBERS), st.sampled_from(LISTS)), max_size=5),
       relationships=records,
       table=st.lists(st.tuples(st.sampled_from(NUMBERS), st.integers(min_value=-40, max_value=40),
                                st.sampled_from(("call", "sms"))), min_size=1, max_size=8))
def test_batch_rows_with_relationships_equal_the_single_check(
        on: list[tuple[str, SuppressionList]], relationships: list[tuple[str, str, int]],
        table: list[tuple[str, int, str]]) -> None:
    history = History(suppressions=tuple(Suppression(n, found) for n, found in on), lists=LISTS,
                      relationships=tuple(Relationship.create(n, AT + timedelta(days=d), kind=k)
                                          for n, k, d in relationships))
    when = [AT + timedelta(hours=hours) for _, hours, _ in table]
    decided = decide_batch(ingest([row[0] for row in table]),
                           np.array([np.datetime64(moment.replace(tzinfo=None), "us") for moment in when]),
                           channel=[row[2] for row in table], policy=POLICY, history=history)
    for index, (number, _, channel) in enumerate(table):
        expected = POLICY.check(number, when[index], history=history, channel=channel)
        assert decided.row(index)["action"] == expected.action.value, (number, when[index])
        assert set(decided.reasons(index)) == {reason.code for reason in expected.reasons}, (number, when[index])


# ---------------------------------------------------------------- wash results: numbers never washed


AU_WASH = SuppressionList("au-dncr", "AU", date(2026, 11, 20), 30, wash=True, lifted_by_relationship=True)
SYDNEY = ("+61291234567", "+61291234568", "+61291234569")  # registered, clear, never washed
MORNING = datetime(2026, 11, 23, 23, tzinfo=UTC)  # Tuesday 10:00 in Sydney


def test_a_number_missing_from_a_wash_result_is_refused_on_every_surface(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    from callwindow.batch import decide_frame

    db = str(tmp_path / "history.sqlite3")
    with open_store(db) as store:
        store.import_suppression_list(AU_WASH, [SYDNEY[0]], clear=[SYDNEY[1], SYDNEY[0]])  # registered wins
        singles = [POLICY.check(n, MORNING, history=store.history(n)) for n in (*SYDNEY, US)]
        assert [{r.code for r in d.reasons} & (DNC_CODES | {"business_relationship"}) for d in singles] == [
            {"suppressed"}, set(), {"not_washed"}, set()]
        assert singles[2].action.value == "block" and "au-dncr wash result" in singles[2].reasons[0].message
        assert singles[1].allowed and singles[3].allowed  # clear; another country's number
        assert POLICY.check(SYDNEY[2], MORNING, history=store.history(SYDNEY[2]), purpose="service").allowed
        assert POLICY.check(SYDNEY[2], MORNING, history=store.history(SYDNEY[2]), consent=True).allowed
        frame = decide_frame(pd.DataFrame({"phone": [*SYDNEY, US]}), "phone", at=MORNING, history=store,
                             categorical=False)
        assert list(frame["action"]) == [d.action.value for d in singles]
        assert frame["reasons"][2] == "not_washed"
        lists = store.suppression_lists(include_clear=True)
        assert [(item.name, item.clear, item.entries) for item in lists] == [("au-dncr", False, 1),
                                                                           ("au-dncr", True, 1)]
        assert [item.name for item in store.suppression_lists()] == ["au-dncr"]
        with pytest.raises(ValueError, match="wash result"):
            store.import_suppression_list(AU_WASH, [SYDNEY[0]])
    leads = tmp_path / "leads.csv"
    leads.write_text("phone\n" + "\n".join([*SYDNEY, US]) + "\n", encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = can_i_call(["list", str(leads), "--format", "jsonl", "--at", MORNING.isoformat(), "--quiet",
                           "--no-config", "--db", db])
    assert code == 0 and [json.loads(line)["action"] for line in out.getvalue().splitlines()] == [
        d.action.value for d in singles]
    with open_store(db) as store:
        assert store.remove_suppression_list("au-dncr")
        assert store.suppression_lists(include_clear=True) == ()
        assert POLICY.check(SYDNEY[2], MORNING, history=store.history(SYDNEY[2])).allowed


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = can_i_call(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_the_dnc_command_keeps_a_wash_results_clear_numbers(tmp_path: Path) -> None:
    db = str(tmp_path / "history.sqlite3")
    wash = tmp_path / "wash.csv"
    wash.write_text("Phone Number,Status\n02 9123 4567,Registered\n02 9123 4568,Not Registered\n", encoding="utf-8")
    code, out, err = run("dnc", "import", str(wash), "--name", "au-dncr", "--downloaded-on", "2026-11-20",
                         "--format", "au-dncr", "--db", db, "--create-db", "--no-config")
    assert code == 0 and "1 number," in out and "a wash result: 1 number submitted or found clear" in out, err
    code, out, _ = run("dnc", "list", "--db", db, "--no-config")
    assert code == 0 and "wash result, 1 clear" in out
    code, out, _ = run(SYDNEY[2], "--at", MORNING.isoformat(), "--no-config", "--db", db)
    assert code != 0 and out.startswith("NOT WASHED")
    bloctel = tmp_path / "bloctel.txt"
    bloctel.write_text("01 42 68 53 00\n", encoding="utf-8")
    code, _, err = run("dnc", "import", str(bloctel), "--name", "fr-bloctel", "--downloaded-on", "2026-11-20",
                       "--format", "fr-bloctel", "--db", db, "--no-config")
    assert code == 2 and "--submitted" in err and err.count("\n") == 1
    sent = tmp_path / "sent.txt"
    sent.write_text("01 42 68 53 00\n01 42 68 53 01\n", encoding="utf-8")
    code, out, err = run("dnc", "import", str(bloctel), "--name", "fr-bloctel", "--downloaded-on", "2026-11-20",
                         "--format", "fr-bloctel", "--submitted", str(sent), "--db", db, "--no-config")
    assert code == 0, err
    paris = datetime(2026, 11, 24, 14, tzinfo=UTC)  # Tuesday 15:00 in Paris
    with open_store(db) as store:
        found = {n: codes(n, paris, store.history(n))
                 for n in ("+33142685300", "+33142685301", "+33142685302")}
        texts = codes("+33142685302", paris, store.history("+33142685302"), channel="sms")[1]
    assert found["+33142685300"] == ("block", {"suppressed"})
    assert not found["+33142685301"][1] & DNC_CODES and found["+33142685302"] == ("block", {"not_washed"})
    assert "not_washed" not in texts  # Bloctel binds calls only
    code, _, err = run("dnc", "import", str(sent), "--name", "x", "--downloaded-on", "2026-11-20", "--format",
                       "us-dnc", "--submitted", str(sent), "--db", db, "--no-config")
    assert code == 2 and "--submitted goes with a wash result" in err


# ---------------------------------------------------------------- the store, the command line, HTTP


@pytest.fixture(params=["sqlite", "postgres"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from store_helpers.store_target(request, tmp_path)


def test_relationships_are_stored_per_number_and_per_person(target: str) -> None:
    with open_store(target) as store:
        store.import_suppression_list(AU_WASH, [SYDNEY[0]], clear=[SYDNEY[1]])
        assert [codes(n, MORNING, store.history(n))[1] & DNC_CODES for n in SYDNEY] == [
            {"suppressed"}, set(), {"not_washed"}]
        assert [item.clear for item in store.suppression_lists(include_clear=True)] == [False, True]
        store.import_suppression_list(us_list(date(2026, 11, 20)), [US])
        first = store.record_idempotent([Relationship.create(US, AT - timedelta(days=40), kind="inquiry")], "k1")
        assert store.record_idempotent([Relationship.create(US, AT - timedelta(days=40), kind="inquiry")],
                                       "k1") == first
        assert len(store.relationships(US)) == 1
        assert "business_relationship" in codes(US, AT, store.history(US))[1]
        assert store.remove_relationships(US, "purchase") == 0 and store.remove_relationships(US) == 1
        assert codes(US, AT, store.history(US)) == ("block", {"suppressed"})
        store.record_relationship(Relationship.create("+12125550177", AT - timedelta(days=40), kind="inquiry",
                                                      contact_id="ann"))
        assert codes(US, AT, store.history_of_contact(US, "ann"), contact_id="ann")[1] >= {"business_relationship"}
        assert codes(US, AT, store.history_of_contact(US, "bob"), contact_id="bob") == ("block", {"suppressed"})


def test_the_cli_http_and_decide_frame_agree_on_a_relationship(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    from callwindow.batch import decide_frame

    db = str(tmp_path / "history.sqlite3")
    with open_store(db) as store:
        store.import_suppression_list(us_list(date(2026, 11, 20)), [US, "+12125550177"])
    code, out, err = run("relationship", US, "--kind", "purchase", "--at", (AT - timedelta(days=30)).isoformat(),
                         "--provenance", "order 1234", "--db", db, "--no-config")
    assert code == 0 and out.startswith("recorded business relationship #") and "order 1234" in out, err
    code, out, _ = run("history", US, "--db", db, "--no-config")
    assert "1 business relationship" in out and "purchase  (order 1234)" in out
    code, out, _ = run("history", US, "--json", "--db", db, "--no-config")
    assert json.loads(out)["relationships"][0]["kind"] == "purchase"
    code, _, err = run("relationship", US, "--kind", "lease", "--db", db, "--no-config")
    assert code == 2 and err.count("\n") == 1 and "lease" in err
    code, out, _ = run(US, "--at", AT.isoformat(), "--json", "--no-config", "--db", db)
    single = json.loads(out)
    assert single["action"] == "call" and "business_relationship" in [r["code"] for r in single["reasons"]]
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from callwindow.http.app import Settings, create_app
    from callwindow.http.security import KeyRing

    headers = {"Authorization": "Bearer relationship-key-0123456"}
    settings = Settings(keys=KeyRing.load(env={"CALLWINDOW_API_KEYS": "relationship-key-0123456"}), db=db)
    with TestClient(create_app(settings)) as client:
        body = {"number": "+1 212 555 0177", "kind": "inquiry", "at": (AT - timedelta(days=20)).isoformat(),
                "provenance": "web form"}
        made = client.post("/v1/relationships", json=body, headers={**headers, "Idempotency-Key": "r-1"})
        again = client.post("/v1/relationships", json=body, headers={**headers, "Idempotency-Key": "r-1"})
        assert made.status_code == 201 and made.json()["kind"] == "relationship" and again.json() == made.json()
        bad = client.post("/v1/relationships", json={**body, "kind": "lease"}, headers=headers)
        assert bad.status_code == 422
        answer = client.post("/v1/check/batch", json=[{"number": n, "at": AT.isoformat()}
                                                      for n in (US, "+12125550177", "+12125550188")],
                             headers=headers)
        history = client.get("/v1/history/+12125550177", headers=headers).json()
    assert [r["decision"]["action"] for r in answer.json()["results"]] == ["call", "call", "call"]
    assert history["relationships"][0]["provenance"] == "web form"
    with open_store(db) as store:
        frame = decide_frame(pd.DataFrame({"phone": [US, "+12125550177", "+12125550199"]}), "phone", at=AT,
                             history=store, categorical=False)
        expected = [POLICY.check(n, AT, history=store.history(n)) for n in (US, "+12125550177", "+12125550199")]
    assert list(frame["action"]) == [d.action.value for d in expected] == ["call", "call", "call"]
    assert all("business_relationship" in frame["reasons"][i] for i in (0, 1))


def test_a_store_from_before_keeps_its_lists_without_exemptions(tmp_path: Path) -> None:
    import sqlite3

    from callwindow.store.sqlite import migrate

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=8)
    conn.execute("INSERT INTO suppression_lists (name, jurisdiction, downloaded_on, max_age_days, purposes, "
                 "channels, lifted_by_consent, source, imported_us, entries) VALUES ('au-old', 'AU', '2026-11-20', "
                 "30, 'sales', 'call,sms', 1, '', 0, 0)")
    conn.close()
    with open_store(str(path)) as store:
        (old,) = store.suppression_lists()
        assert not old.wash and not old.lifted_by_relationship  # fail closed: re-import to use them
        assert POLICY.check(SYDNEY[2], MORNING, history=store.history(SYDNEY[2])).allowed  # not a wash result


def test_a_hashed_store_keeps_clear_numbers_and_relationships_as_keys(tmp_path: Path) -> None:
    db = str(tmp_path / "hashed.sqlite3")
    key = b"a-hash-key-of-32-bytes-0123456789"
    with open_store(db, hash_key=key) as store:
        store.import_suppression_list(AU_WASH, [SYDNEY[0]], clear=[SYDNEY[1]])
        store.import_suppression_list(us_list(date(2026, 11, 20)), [US])
        store.record_relationship(Relationship.create(US, AT - timedelta(days=10), kind="inquiry",
                                                      provenance="call from +1 212 555 0123"))
        found = [codes(n, MORNING, store.history(n))[1] & DNC_CODES for n in SYDNEY]
        assert found == [{"suppressed"}, set(), {"not_washed"}]
        (kept,) = store.relationships(US)
        assert kept.provenance == "call from [number]"  # numbers in free text are redacted in a hashed store
        assert "business_relationship" in codes(US, AT, store.history(US))[1]
    import sqlite3

    conn = sqlite3.connect(db)
    stored = [row[0] for row in conn.execute("SELECT number FROM relationships")]
    conn.close()
    assert stored and not any(value.startswith("+") for value in stored)


def test_removing_a_relationship_lets_the_listing_bind_again(tmp_path: Path) -> None:
    db = str(tmp_path / "history.sqlite3")
    with open_store(db) as store:
        store.import_suppression_list(us_list(date(2026, 11, 20)), [US])
    common = ["--db", db, "--no-config"]
    for kind, days in (("purchase", 30), ("inquiry", 10)):
        code, _, err = run("relationship", US, "--kind", kind, "--at", (AT - timedelta(days=days)).isoformat(), *common)
        assert code == 0, err
    code, out, _ = run("relationship", US, "--remove", "--kind", "inquiry", *common)
    assert (code, out.strip()) == (0, f"removed 1 inquiry business relationship of {US}")
    with open_store(db) as store:
        assert codes(US, AT, store.history(US))[0] == "call"  # the purchase still lifts the listing
    code, out, _ = run("relationship", US, "--remove", *common)
    assert (code, out.strip()) == (0, f"removed 1 business relationship of {US}")
    with open_store(db) as store:
        action, reasons = codes(US, AT, store.history(US))
    assert action == "block" and "suppressed" in reasons and "business_relationship" not in reasons
    # nothing else of a recording goes with --remove; a store that does not exist is not made
    code, _, err = run("relationship", US, "--remove", "--at", AT.isoformat(), *common)
    assert code == 2 and err.count("\n") == 1 and "--remove" in err
    code, _, err = run("relationship", US, "--remove", "--db", str(tmp_path / "none.sqlite3"), "--no-config")
    assert code == 2 and not (tmp_path / "none.sqlite3").exists()
    code, _, err = run("relationship", US, *common)
    assert code == 2 and "--kind is required" in err
