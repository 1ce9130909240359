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


# ---- a long-lived store's reads (issue 13, speed): the lists it holds are resent only when they
# change, the numbers are looked up in memory; every answer stays the one a fresh store gives.

def _listed_on(store: object, number: str) -> list[str]:
    return sorted(entry.list.name for entry in store.history(number).suppressions)  # type: ignore[attr-defined]


@pytest.mark.parametrize("hashed", [False, True], ids=["plain", "hashed"])
@pytest.mark.parametrize("warm", [True, False], ids=["lists-in-memory", "block-lookups"])
def test_a_long_lived_store_sees_every_change_another_store_makes_to_the_lists(target: str, warm: bool,
                                                                               hashed: bool) -> None:
    gb = SuppressionList("gb-tps", "GB", date(2026, 11, 23), 28)
    key = b"a test hash key, 32 bytes long.." if hashed else None
    with open_store(target, hash_key=key) as reader, open_store(target, hash_key=key) as writer:
        reader.warm_reads = 0 if warm else 10**9  # type: ignore[attr-defined]
        assert _listed_on(reader, LISTED) == [] and reader.history(LISTED).lists == ()
        writer.import_suppression_list(US_DNC, [LISTED])
        assert _listed_on(reader, LISTED) == ["us-national"] and _listed_on(reader, OTHER) == []
        writer.import_suppression_list(US_DNC, [OTHER])  # replaced: same name, same size, new numbers
        assert _listed_on(reader, LISTED) == [] and _listed_on(reader, OTHER) == ["us-national"]
        writer.import_suppression_list(gb, [OTHER, FRENCH])
        assert _listed_on(reader, OTHER) == ["gb-tps", "us-national"] and _listed_on(reader, FRENCH) == ["gb-tps"]
        many = reader.histories([LISTED, OTHER, FRENCH])  # a read of several numbers: the vectorised lookup
        assert [sorted(e.list.name for e in many[n].suppressions) for n in (LISTED, OTHER, FRENCH)] == \
            [[], ["gb-tps", "us-national"], ["gb-tps"]]
        stale_at = AT + timedelta(days=42)  # the US list is too old then: everyone in the US is refused
        assert POLICY.check(LISTED, stale_at, history=reader.history(LISTED)).reasons[0].code == \
            "suppression_list_stale"
        writer.remove_suppression_list("us-national")
        assert _listed_on(reader, OTHER) == ["gb-tps"]
        assert POLICY.check(LISTED, stale_at, history=reader.history(LISTED)).allowed
        writer.remove_suppression_list("gb-tps")  # none left: the read says so (not "unchanged")
        assert _listed_on(reader, OTHER) == [] and reader.history(OTHER).lists == ()
        writer.import_suppression_list(US_DNC, [FRENCH, LISTED])
        assert _listed_on(reader, LISTED) == ["us-national"] == _listed_on(reader, FRENCH)
        # what the reader answers is what a store opened now answers
        with open_store(target, hash_key=key) as fresh:
            for number in NUMBERS:
                assert reader.history(number) == fresh.history(number), number


def test_numbers_without_records_share_one_history_while_the_lists_stay_the_same(target: str) -> None:
    with open_store(target) as store:
        store.import_suppression_list(US_DNC, [LISTED])
        first, second = store.history(OTHER), store.history("+13055550123")
        assert first is second and first.lists == (US_DNC.__class__(**{**_fields(US_DNC), "entries": 1}),)
        store.import_suppression_list(US_DNC, [LISTED, OTHER])
        assert store.history("+13055550123") is not first and _listed_on(store, OTHER) == ["us-national"]


def _fields(found: SuppressionList) -> dict[str, object]:
    return {name: getattr(found, name) for name in SuppressionList.__dataclass_fields__}


@budget(200)
@given(stored=st.lists(st.integers(min_value=0, max_value=2**63 - 1), max_size=300),
       asked=st.lists(st.integers(min_value=0, max_value=2**63 - 1), max_size=40),
       picks=st.lists(st.integers(min_value=0, max_value=299), max_size=20))
def test_the_in_memory_index_finds_exactly_the_stored_values(stored: list[int], asked: list[int],
                                                              picks: list[int]) -> None:
    from array import array

    from callwindow.store import suppression

    values = suppression.sorted_unique(array("q", stored))
    other = suppression.sorted_unique(array("q", stored[::2]))
    rows = [*suppression.blocks(7, values), *suppression.blocks(9, other), *suppression.blocks(11, values)]
    index = suppression.ListIndex([(row[0], row[3]) for row in rows], only={7, 9})  # list 11: not kept
    asked = asked + [stored[pick] for pick in picks if pick < len(stored)]
    expected = {at: [list_id for list_id, kept in ((7, values), (9, other)) if value in set(kept.tolist())]
                for at, value in enumerate(asked)}
    expected = {at: ids for at, ids in expected.items() if ids}
    assert index.held(np.asarray(asked, dtype=np.int64)) == expected
    assert {at: index.holding(value) for at, value in enumerate(asked) if index.holding(value)} == expected


@budget(100)
@given(numbers=st.lists(st.integers(min_value=10**6, max_value=10**15 - 1), min_size=1, max_size=30),
       hashed=st.booleans())
def test_key_values_of_many_keys_equal_each_key_value(numbers: list[int], hashed: bool) -> None:
    from callwindow.store import suppression
    from callwindow.store._records import NumberKeys

    keys = NumberKeys(b"k" * 32 if hashed else None)
    written = [keys.key(f"+{number}") for number in numbers]
    assert suppression.key_values(written).tolist() == [suppression.key_value(key) for key in written]
    # the values as the store has always written them (E.164 digits; an HMAC's first 63 bits)
    assert [suppression.key_value(key) for key in written] == [
        int(key[1:]) if key.startswith("+") else int(key[:16], 16) >> 1 for key in written]


@budget(300)
@given(lists=st.lists(st.builds(SuppressionList, st.sampled_from(["a", "b", "c"]), st.sampled_from(["US", "US-FL", "CA",
                                                                                                   "GB"]),
                                st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 1, 1)),
                                st.integers(min_value=1, max_value=60), wash=st.booleans(), clear=st.booleans()),
                      max_size=4),
       days=st.integers(min_value=-30, max_value=400),
       number=st.sampled_from(NUMBERS + ("+13055550123", "+17865550123")), consent=st.booleans())
def test_refusal_without_entries_skips_the_list_walk_only_when_it_would_refuse_nothing(
        lists: list[SuppressionList], days: int, number: str, consent: bool) -> None:
    from callwindow.kernel import contact_history
    from callwindow.model import Channel, Purpose
    from callwindow.numbers import resolve

    mine = History(lists=tuple(lists))
    at = datetime(2026, 1, 1, 15, tzinfo=UTC) + timedelta(days=days)
    who = resolve(number)
    walked = contact_history.list_verdicts(mine, who, Channel.CALL, Purpose.SALES, at, consent, POLICY.rules)[0]
    assert contact_history.refusal(mine, who, Channel.CALL, Purpose.SALES, at, consent, POLICY.rules) == \
        tuple(walked)
    if not contact_history.binds_unlisted(mine.lists, at):
        assert walked == []
