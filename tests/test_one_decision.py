"""One decision on every surface: with contact history in a real store, `can-i-call NUMBER`,
`can-i-call list`, the HTTP batch endpoint and `decide_frame` give the same answer for the
same question, field by field. (A list that skipped the store once wrote `call,true` for an
opted-out number; these tests fail if any surface decides without the history.)"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import random
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from callwindow import Attempt, Callback, Consent, ConvenienceAsk, InvalidInput, OptOut, Policy
from callwindow.cli import main as can_i_call
from callwindow.instants import parse_instant
from callwindow.model import REASON_CODES
from callwindow.request import Question
from callwindow.store import HistoryStore, open_store

AT = "2026-11-24T18:30:00Z"  # Tuesday: 13:30 in New York, 12:30 in Chicago, 19:30 in Berlin
OPTED_OUT = "+13125550100"  # Chicago: opted out of sales calls
CAPPED = "+13055550123"  # Miami: three sales calls in the last 24 hours (Florida's cap)
CONSENTED = "+493012345678"  # Berlin: sales calls need prior consent, and it is recorded
NOT_CONVENIENT = "+12125550188"  # New York: an S6 ask answered "no" an hour ago
DROPPED = "+12125550177"  # New York: the last call dropped two minutes ago
PLAIN = "+12125550123"  # New York, nothing recorded
SPECIAL = (OPTED_OUT, CAPPED, CONSENTED, NOT_CONVENIENT, DROPPED, PLAIN)
DECISION_FIELDS = ("action", "allowed", "next_allowed_at", "window_closes_at", "zones", "reason_codes")


def _record_special(store: HistoryStore) -> None:
    at = parse_instant(AT)
    store.record_opt_out(OptOut.create(OPTED_OUT, at - timedelta(days=3), channels=["call"], purposes=["sales"],
                                       provenance="asked on the phone"))
    for hours in (20, 6, 2):
        store.record_attempt(Attempt.create(CAPPED, at - timedelta(hours=hours), outcome="no_answer"))
    store.record_consent(Consent.create(CONSENTED, at - timedelta(days=10), provenance="web form"))
    store.record_ask(ConvenienceAsk.create(NOT_CONVENIENT, at - timedelta(hours=1), reply="no",
                                           replied_at=at - timedelta(minutes=50)))
    store.record_attempt(Attempt.create(DROPPED, at - timedelta(minutes=2), outcome="dropped"))


@pytest.fixture()
def db(tmp_path: Path) -> Iterator[str]:
    path = str(tmp_path / "history.sqlite3")
    with open_store(path) as store:  # type: ignore[attr-defined]
        _record_special(store)
    yield path


def _run(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = can_i_call(argv)
    return code, out.getvalue()


def _single(number: str, db: str) -> dict[str, Any]:
    """`can-i-call NUMBER --json`: the reference every other surface must equal."""
    code, out = _run([number, "--at", AT, "--json", "--no-config", "--db", db])
    assert code in (0, 1), out
    return dict(json.loads(out))


def _fields(decision: dict[str, Any]) -> dict[str, Any]:
    """The decision fields a list row carries, from a decision object (JSON contract); a list
    writes each reason code once, in the order of docs/reason-codes.md."""
    codes = {reason["code"] for reason in decision["reasons"]}
    return {
        "e164": decision["number"], "action": decision["action"], "allowed": decision["allowed"],
        "next_allowed_at": decision["next_allowed_at"], "window_closes_at": decision["window_closes_at"],
        "zones": decision["zones"], "reason_codes": [code for code in REASON_CODES if code in codes],
    }


def _list_rows(path: Path, db: str, *extra: str) -> list[dict[str, Any]]:
    code, out = _run(["list", str(path), "--format", "jsonl", "--at", AT, "--quiet", "--no-config", "--db", db,
                      *extra])
    assert code == 0, out
    return [json.loads(line) for line in out.splitlines()]


def test_the_single_check_sees_each_record(db: str) -> None:
    """The premise: each special number's history changes its answer."""
    codes = {number: {r["code"] for r in _single(number, db)["reasons"]} for number in SPECIAL}
    assert _single(OPTED_OUT, db)["action"] == "block" and "opted_out" in codes[OPTED_OUT]
    assert _single(CAPPED, db)["action"] == "defer" and "frequency_cap" in codes[CAPPED]
    # consent lifts the German ban (no block); 19:30 in Berlin is dinner time, so it waits
    assert _single(CONSENTED, db)["action"] == "defer" and "consent_recorded" in codes[CONSENTED]
    assert "consent_required" not in codes[CONSENTED]
    assert "not_convenient" in codes[NOT_CONVENIENT]
    assert "redial_after_drop" in codes[DROPPED]
    assert _single(PLAIN, db)["action"] == "call"


def test_list_reads_the_store_and_equals_the_single_check(db: str, tmp_path: Path) -> None:
    leads = tmp_path / "leads.csv"
    leads.write_text("name,phone\n" + "".join(f"lead {i},{number}\n" for i, number in enumerate(SPECIAL)))
    rows = _list_rows(leads, db)
    assert [row["phone"] for row in rows] == list(SPECIAL)
    for row, number in zip(rows, SPECIAL, strict=True):
        assert {name: row[name] for name in ("e164", *DECISION_FIELDS)} == _fields(_single(number, db)), number
    by_number = {row["e164"]: row for row in rows}
    assert by_number[OPTED_OUT]["action"] == "block" and "opted_out" in by_number[OPTED_OUT]["reason_codes"]
    assert by_number[CAPPED]["action"] == "defer" and "frequency_cap" in by_number[CAPPED]["reason_codes"]
    # --no-history is the explicit way to decide without it (and then the opt-out is not seen)
    blind = {row["e164"]: row for row in _list_rows(leads, db, "--no-history")}
    assert blind[OPTED_OUT]["action"] != "block" and "opted_out" not in blind[OPTED_OUT]["reason_codes"]


def test_list_with_a_plan_keeps_the_history(db: str, tmp_path: Path) -> None:
    leads = tmp_path / "leads.csv"
    leads.write_text("phone\n" + "\n".join(SPECIAL) + "\n")
    rows = _list_rows(leads, db, "--plan")
    assert {row["e164"]: row["action"] for row in rows}[OPTED_OUT] == "block"
    assert rows[-1]["e164"] == OPTED_OUT  # a block has no window: planned last


def test_an_unreadable_store_stops_the_list(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-store.sqlite3"
    bad.write_bytes(b"this is not a SQLite database" * 100)
    leads = tmp_path / "leads.csv"
    leads.write_text("phone\n+12125550123\n")
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()) as out:
        code = can_i_call(["list", str(leads), "--at", AT, "--no-config", "--db", str(bad)])
    assert code == 2 and out.getvalue() == ""  # no row decided without its history
    assert len(err.getvalue().strip().splitlines()) == 1


def test_http_batch_equals_the_single_check(db: str) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from callwindow.http.app import Settings, create_app
    from callwindow.http.security import KeyRing

    settings = Settings(keys=KeyRing.load(env={"CALLWINDOW_API_KEYS": "one-decision-key-0123"}), db=db)
    with TestClient(create_app(settings)) as client:
        answer = client.post("/v1/check/batch", json=[{"number": number, "at": AT} for number in SPECIAL],
                             headers={"Authorization": "Bearer one-decision-key-0123"})
    assert answer.status_code == 200
    results = answer.json()["results"]
    for result, number in zip(results, SPECIAL, strict=True):
        assert result["ok"] and result["decision"] == _single(number, db), number


def test_decide_frame_reads_the_store_and_equals_the_single_check(db: str) -> None:
    pd = pytest.importorskip("pandas")
    from callwindow.batch import decide_frame

    frame = pd.DataFrame({"phone": list(SPECIAL)})
    with open_store(db) as store:  # type: ignore[attr-defined]
        decided = decide_frame(frame, "phone", at=AT, history=store, categorical=False)
    for (_, row), number in zip(decided.iterrows(), SPECIAL, strict=True):
        expected = _single(number, db)
        assert row["action"] == expected["action"], number
        assert row["allowed"] == expected["allowed"], number
        # the batch API lists its codes in its own fixed order (docs/batch.md): compare as sets
        assert set(row["reasons"].split()) == {r["code"] for r in expected["reasons"]}, number


def test_decide_frame_refuses_a_history_it_cannot_read() -> None:
    pd = pytest.importorskip("pandas")
    from callwindow.batch import decide_frame

    with pytest.raises(InvalidInput, match="history"):
        decide_frame(pd.DataFrame({"phone": [PLAIN]}), "phone", at=AT, history={"not": "a history"})


def test_listed_numbers_are_one_decision_on_every_batch_surface(db: str) -> None:
    """Numbers on an imported do-not-call list (refused on arrays by the batch engine, each
    alike in its lists, places, channel, purpose and date), beside records of every kind:
    the HTTP batch (worded and `detail=codes`) and `decide_frame` give each the single check's
    answer, field by field."""
    pd = pytest.importorskip("pandas")
    pytest.importorskip("fastapi")
    from datetime import date

    from fastapi.testclient import TestClient

    from callwindow.batch import decide_frame
    from callwindow.history import SuppressionList
    from callwindow.http.app import Settings, create_app
    from callwindow.http.batching import compact
    from callwindow.http.security import KeyRing

    listed = [f"+1212555{index:04d}" for index in range(300, 320)]
    with open_store(db) as store:  # type: ignore[attr-defined]
        store.import_suppression_list(SuppressionList("us-national", "US", date(2026, 11, 20), 31),
                                      [*listed, OPTED_OUT, CAPPED])
    numbers = [*listed, *SPECIAL]
    expected = {number: _single(number, db) for number in numbers}
    assert {expected[number]["action"] for number in listed} == {"block"}
    settings = Settings(keys=KeyRing.load(env={"CALLWINDOW_API_KEYS": "one-decision-key-0123"}), db=db)
    with TestClient(create_app(settings)) as client:
        for detail in ("full", "codes"):
            answer = client.post(f"/v1/check/batch?detail={detail}", json=[{"number": n, "at": AT} for n in numbers],
                                 headers={"Authorization": "Bearer one-decision-key-0123"})
            assert answer.status_code == 200
            for result, number in zip(answer.json()["results"], numbers, strict=True):
                want = expected[number] if detail == "full" else compact(expected[number])
                assert result["ok"] and result["decision"] == want, (detail, number)
    with open_store(db) as store:  # type: ignore[attr-defined]
        decided = decide_frame(pd.DataFrame({"phone": numbers}), "phone", at=AT, history=store, categorical=False)
    for (_, row), number in zip(decided.iterrows(), numbers, strict=True):
        assert row["action"] == expected[number]["action"], number
        assert set(row["reasons"].split()) == {r["code"] for r in expected[number]["reasons"]}, number


# ---------------------------------------------------------------- 10,000 rows, field by field

AREA_CODES = ("212", "305", "312", "415", "713", "907", "808", "617", "404", "206")
OTHER = ("+33 1 4{0:03d} {1:04d}", "+49 30 1{0:03d}{1:04d}", "+44 20 7{0:03d} {1:04d}", "+61 2 9{0:03d} {1:04d}",
         "+81 3 3{0:03d} {1:04d}", "+55 11 9{0:04d}{1:04d}", "+34 91 {0:03d} {1:04d}")


def _number_pool(rng: random.Random, size: int) -> list[str]:
    pool: list[str] = []
    while len(pool) < size:
        if rng.random() < 0.6:
            pool.append(f"+1 {rng.choice(AREA_CODES)} {rng.randint(200, 999)} {rng.randint(0, 9999):04d}")
        else:
            pool.append(rng.choice(OTHER).format(rng.randint(0, 999), rng.randint(0, 9999)))
    return pool


def test_ten_thousand_rows_with_history_equal_the_single_check(tmp_path: Path) -> None:
    """10,000 rows (about 3,000 distinct numbers, a third of them with records of every kind)
    through `can-i-call list` against a real store: every row equals the single check's
    answer for its number, field by field (the Python API, which `can-i-call NUMBER` asks;
    a sample through `can-i-call NUMBER --json` itself)."""
    rng = random.Random(20261201)
    at = parse_instant(AT)
    pool = _number_pool(rng, 3000)
    db = str(tmp_path / "history.sqlite3")
    policy = Policy.default()
    with open_store(db) as store:  # type: ignore[attr-defined]
        _record_special(store)
        for number in rng.sample(pool, 1000):
            try:
                Question.of(number, at)
            except InvalidInput:
                continue  # an invalid number is a rejected row; nothing to record
            kind = rng.randrange(6)
            when = at - timedelta(minutes=rng.randint(1, 3 * 24 * 60))
            if kind == 0:
                store.record_opt_out(OptOut.create(number, when, channels=[rng.choice(["call", "sms"])]))
            elif kind == 1:
                for _ in range(rng.randint(1, 4)):
                    store.record_attempt(Attempt.create(number, at - timedelta(hours=rng.uniform(0.1, 30)),
                                                        outcome=rng.choice(["no_answer", "voicemail", "dropped"])))
            elif kind == 2:
                store.record_consent(Consent.create(number, when))
            elif kind == 3:
                start = at + timedelta(minutes=rng.randint(-90, 90))
                store.record_callback(Callback.create(number, start))
            elif kind == 4:
                store.record_ask(ConvenienceAsk.create(number, when, reply=rng.choice(["yes", "no", None])))
            else:
                store.record_attempt(Attempt.create(number, at - timedelta(minutes=rng.randint(1, 15)),
                                                    outcome="dropped"))
    rows = [rng.choice(pool) for _ in range(10_000 - len(SPECIAL))] + list(SPECIAL)
    rng.shuffle(rows)
    leads = tmp_path / "leads.csv"
    with leads.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["phone"])
        writer.writerows([number] for number in rows)
    decided = _list_rows(leads, db)
    assert len(decided) == len(rows)

    with open_store(db) as store:  # type: ignore[attr-defined]
        expected_by_number: dict[str, dict[str, Any] | None] = {}
        for number in dict.fromkeys(rows):
            try:
                question = Question.of(number, at)
            except InvalidInput:
                expected_by_number[number] = None
                continue
            history = store.history(question.subscriber.number)
            expected_by_number[number] = _fields(policy.answer(question, history).to_dict())
    with_history = 0
    for row, number in zip(decided, rows, strict=True):
        expected = expected_by_number[number]
        if expected is None:
            assert row["error"], number
            continue
        assert {name: row[name] for name in ("e164", *DECISION_FIELDS)} == expected, number
        with_history += bool(set(row["reason_codes"]) & {"opted_out", "frequency_cap", "consent_recorded",
                                                         "agreed_callback", "convenient", "not_convenient",
                                                         "redial_after_drop"})
    assert with_history > 500  # the records did change answers
    for number in rng.sample(sorted(expected_by_number), 25):
        if expected_by_number[number] is not None:
            assert _fields(_single(number, db)) == expected_by_number[number], number


def test_both_list_engines_write_the_same_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With numpy, `list` decides each chunk with the batch engine; without it (or with
    CALLWINDOW_LIST_ENGINE=rows), row by row. The output files are identical, byte for byte:
    hints, national numbers with their country, purpose and contact columns, bad rows (bad
    numbers, hints, purposes, extra fields) and history included."""
    pytest.importorskip("numpy")
    rng = random.Random(7)
    pool = _number_pool(rng, 400)
    db = str(tmp_path / "history.sqlite3")
    with open_store(db) as store:  # type: ignore[attr-defined]
        _record_special(store)
    national = ["01 23 45 67 89", "0612345678", "(212) 555-0123", "030 1234567"]
    states = ["", "", "FL", "US-TX", "CA", "XX", "QC"]
    leads = tmp_path / "leads.csv"
    with leads.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["phone", "country", "state", "zip", "purpose", "contact"])
        for index in range(3000):
            number = rng.choice([*pool, *SPECIAL, *national, "", "call me", "+1 212", "+999 123"])
            country = rng.choice(["", "", "US", "FR", "DE", "ZZ9"])
            writer.writerow([number, country, rng.choice(states), rng.choice(["", "", "33101", "10001", "99999"]),
                             rng.choice(["", "", "sales", "collection", "service", "nonsense"]),
                             rng.choice(["", "consumer", "business"])])
            if index % 500 == 0:
                writer.writerow(["+12125550123", "US", "", "", "", "", "an extra field"])

    def run(engine: str) -> str:
        monkeypatch.setenv("CALLWINDOW_LIST_ENGINE", engine)
        code, out = _run(["list", str(leads), "--at", AT, "--quiet", "--no-config", "--db", db])
        assert code == 0
        return out

    by_rows = run("rows")
    assert run("arrays") == by_rows
    assert by_rows.count("\n") > 3000 and ",block," in by_rows and "opted_out" in by_rows


def test_a_region_column_reads_national_numbers_in_frames_as_the_list_does(tmp_path: Path) -> None:
    """A CRM export writes `01 23 45 67 89` beside `FR`: the list reads it as a French number;
    decide_frame and decide_table with that column as `region_column` do the same."""
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    from callwindow.batch import decide_frame, decide_table

    rows = [("01 23 45 67 89", "FR"), ("030 1234567", "DE"), ("+1 212 555 0123", "FR"), ("0612345678", ""),
            ("(212) 555-0188", "US")]
    leads = tmp_path / "leads.csv"
    leads.write_text("phone,country\n" + "".join(f'"{number}",{country}\n' for number, country in rows))
    listed = _list_rows(leads, str(tmp_path / "none.sqlite3"), "--no-history")
    frame = pd.DataFrame(rows, columns=["phone", "country"])
    framed = decide_frame(frame, "phone", at=AT, region_column="country", categorical=False)
    tabled = decide_table(pa.Table.from_pandas(frame), "phone", at=AT, region_column="country").to_pylist()

    def value(cell: Any) -> Any:
        return None if cell is None or cell is pd.NA or (isinstance(cell, float) and cell != cell) else cell

    for index, row in enumerate(listed):
        assert value(framed["number"][index]) == tabled[index]["number"] == row["e164"], rows[index]
        assert value(framed["action"][index]) == tabled[index]["action"] == row["action"], rows[index]
    assert [row["e164"] for row in listed][:2] == ["+33123456789", "+49301234567"]
    assert listed[3]["error"]  # no country: a national number cannot be read
    # with a default region too: it reads only the row without a country, never a row's own
    # national number in another country (a French row read as a US number is another person)
    listed = _list_rows(leads, str(tmp_path / "none.sqlite3"), "--no-history", "--default-region", "FR")
    framed = decide_frame(frame, "phone", at=AT, region_column="country", default_region="FR", categorical=False)
    tabled = decide_table(pa.Table.from_pandas(frame), "phone", at=AT, region_column="country",
                          default_region="FR").to_pylist()
    for index, row in enumerate(listed):
        assert value(framed["number"][index]) == tabled[index]["number"] == row["e164"], rows[index]
    assert [row["e164"] for row in listed] == ["+33123456789", "+49301234567", "+12125550123", "+33612345678",
                                               "+12125550188"]


def test_a_store_failing_mid_run_stops_the_list_in_one_line(db: str, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The store answers the first chunk, then fails (a server gone): the run stops with one line
    and exit 2; no later row is written, so none is decided without its history."""
    from callwindow.cli.history import HistoryReader
    from callwindow.cli.leads import command as leads
    from callwindow.store import StoreError

    monkeypatch.setattr(leads, "CHUNK_ROWS", 2)
    monkeypatch.setenv("CALLWINDOW_LIST_ENGINE", "rows")
    real = HistoryReader.histories_of_contacts  # what the list reads through (contact ids included)
    calls = []

    def failing(self: HistoryReader, numbers: Any, since: Any = None) -> Any:
        calls.append(1)
        if len(calls) > 1:
            raise StoreError("db.example: cannot read: server closed the connection")
        return real(self, numbers, since)

    monkeypatch.setattr(HistoryReader, "histories_of_contacts", failing)
    leads_file = tmp_path / "leads.csv"
    leads_file.write_text("phone\n" + "\n".join(SPECIAL) + "\n")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = can_i_call(["list", str(leads_file), "--at", AT, "--quiet", "--no-config", "--db", db,
                           "--format", "jsonl"])
    assert code == 2 and err.getvalue().count("\n") == 1 and "server closed the connection" in err.getvalue()
    assert "Traceback" not in err.getvalue()
    assert len(out.getvalue().splitlines()) == 2  # the first chunk only
