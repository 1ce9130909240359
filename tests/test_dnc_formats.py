"""The registries' list formats (issue 13 item 4) and the packed form lists are stored in.

Each named format reads its registry's documented layout into E.164 with the list's country;
bad lines are counted and the first few reported with their line numbers; lines that are not
entries (a header, a "not registered" wash row, another channel) are counted by reason. The
store keeps a list as sorted values in packed blocks: a number is on the list exactly when it
was imported, on both backends, plain or hashed, whether one number or thousands are read at
once; lists stored by schema 5-7 (one row per number) are converted on opening.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from array import array
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import phonenumbers
import pytest
from budget import budget
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))

import store_helpers
from store_helpers import postgres_base  # noqa: F401  (a fixture)

from callwindow import Policy
from callwindow.cli import main as can_i_call
from callwindow.history import SuppressionList
from callwindow.store import _records, open_store, suppression
from callwindow.store.importers import AU, ES, FORMATS, FR, GB, from_text

AT = datetime(2026, 11, 24, 20, tzinfo=UTC)
KEY = b"a test key of at least 16 bytes"
POLICY = Policy.default()


@pytest.fixture(params=["sqlite", "postgres"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from store_helpers.store_target(request, tmp_path)


def e164(values: array[int]) -> list[str]:
    return [f"+{value}" for value in values]


# ------------------------------------------------------------ the formats


def test_us_and_canadian_downloads_read_area_code_and_number() -> None:
    for form in ("us-dnc", "ca-dncl"):
        parsed = from_text("212,5550123\n2125550124\n1-416-555-0123\n012,5550123\n212,1550123\n\n", form)
        assert e164(parsed.numbers) == ["+12125550123", "+12125550124", "+14165550123"]
        # an area code or exchange starting 0 or 1 is not a NANP number: reported, with its line
        assert parsed.bad == 2 and parsed.bad_examples == [(4, "012,5550123"), (5, "212,1550123")]


def test_a_tps_download_reads_both_layouts_and_skips_its_header() -> None:
    text = "TPS full download\r\n0207 3787244\r\n01635 506160\r\n07860338653 \r\n0123\r\n+33142685300\r\n"
    parsed = from_text(text, "gb-tps")
    assert e164(parsed.numbers) == ["+442073787244", "+441635506160", "+447860338653"]
    assert parsed.skipped == {"header": 1}
    assert parsed.bad == 2 and [line for line, _ in parsed.bad_examples] == [5, 6]  # too short; French


def test_an_australian_wash_result_suppresses_only_registered_rows() -> None:
    text = ("Phone Number,Status\n02 9999 9999,Registered\n0412 345 678,Not Registered\n"
            "+61 3 9999 9999,pending\nnonsense,Registered\n")
    parsed = from_text(text, "au-dncr")
    assert e164(parsed.numbers) == ["+61299999999", "+61399999999"]  # the unknown status is kept (stricter)
    assert parsed.skipped == {}
    assert e164(parsed.clear) == ["+61412345678"]  # washed and not registered: kept as clear (not_washed otherwise)
    assert parsed.kept["not registered: washed and clear"] == 1
    assert [count for why, count in parsed.kept.items() if "pending" in why] == [1]
    assert parsed.bad_examples == [(5, "nonsense,Registered")]
    with pytest.raises(ValueError, match="no status column"):
        from_text("phone,name\n0299999999,x\n", "au-dncr")


def test_a_robinson_result_suppresses_only_telephone_entries() -> None:
    text = "telefono;canal\n912 345 678;Teléfono\n612 345 678;SMS\n+34 612 345 679;llamadas\n612;telefono\n"
    parsed = from_text(text, "es-robinson")
    assert e164(parsed.numbers) == ["+34912345678", "+34612345679"]
    assert parsed.skipped == {"entries for another channel (sms)": 1} and parsed.bad == 1
    assert FORMATS["es-robinson"].max_age_days is None  # no published age: the importer must be told


def test_a_bloctel_file_reads_national_and_international_french_numbers() -> None:
    parsed = from_text("01 42 68 53 00\n+33612345678;Dupont\n33612345679\n0042685300\n", "fr-bloctel")
    assert e164(parsed.numbers) == ["+33142685300", "+33612345678", "+33612345679"]
    assert parsed.bad_examples == [(4, "0042685300")]
    assert FORMATS["fr-bloctel"].channels == frozenset({"call"})  # Bloctel covers calls, not texts


@budget(300)
@given(plan=st.sampled_from([("GB", GB), ("FR", FR), ("AU", AU), ("ES", ES)]),
       kind=st.sampled_from(["FIXED_LINE", "MOBILE"]), spacing=st.sampled_from(["national", "e164", "plain"]),
       tail=st.integers(min_value=0, max_value=99))
def test_national_plans_agree_with_phonenumbers(plan: tuple[str, object], kind: str, spacing: str,
                                                tail: int) -> None:
    region, national = plan
    example = phonenumbers.example_number_for_type(region, getattr(phonenumbers.PhoneNumberType, kind))
    digits = str(example.national_number)
    number = phonenumbers.parse(digits[:-2] + f"{tail:02d}", region)
    written = phonenumbers.format_number(number, {
        "national": phonenumbers.PhoneNumberFormat.NATIONAL, "e164": phonenumbers.PhoneNumberFormat.E164,
        "plain": phonenumbers.PhoneNumberFormat.INTERNATIONAL}[spacing])
    expected = int(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)[1:])
    assert national.parse(written) == expected, written  # type: ignore[attr-defined]


def test_the_command_imports_a_named_format_and_reports_its_lines(tmp_path: Path) -> None:
    db = str(tmp_path / "history.sqlite3")
    tps = tmp_path / "tps.txt"
    tps.write_text("TPS\n020 7946 0958\n0123\nabc\n01632 960001\n", encoding="utf-8")

    def run(*argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = can_i_call([*argv, "--db", db, "--no-config"])
        return code, out.getvalue(), err.getvalue()

    code, out, err = run("dnc", "import", str(tps), "--name", "gb-tps", "--downloaded-on", "2026-11-23",
                         "--format", "gb-tps", "--create-db")
    assert code == 0, err
    assert out == ("imported gb-tps: 2 numbers, binding GB for sales; 1 skipped (header); "
                   "2 lines skipped (not numbers: line 3 '0123', line 4 'abc')\n")
    code, out, _ = run("+442079460958", "--at", "2026-11-24T11:00:00Z", "--json")
    decision = json.loads(out)
    (reason,) = decision["reasons"]
    assert code == 1 and reason["code"] == "suppressed" and "gb-tps" in reason["message"]
    code, _, err = run("dnc", "import", str(tps), "--name", "x", "--downloaded-on", "2026-11-23", "--format",
                       "gb-tps", "--jurisdiction", "FR")
    assert code == 2 and err.count("\n") == 1 and "GB's list: it cannot bind FR" in err
    code, _, err = run("dnc", "import", str(tps), "--name", "x", "--downloaded-on", "2026-11-23", "--format",
                       "es-robinson")
    assert code == 2 and err.count("\n") == 1 and "--max-age-days" in err
    code, _, err = run("dnc", "import", str(tps), "--name", "x", "--downloaded-on", "2026-11-23", "--format", "csv")
    assert code == 2 and err.count("\n") == 1 and "--jurisdiction" in err


# ------------------------------------------------------------ the packed form


def _listed(store: object, numbers: list[str]) -> set[str]:
    found = store.histories(numbers)  # type: ignore[attr-defined]
    return {number for number, history in found.items() if history.suppressions}


@pytest.mark.parametrize("hashed", [False, True])
def test_a_list_holds_exactly_its_numbers_across_blocks(target: str, hashed: bool) -> None:
    count = suppression.BLOCK * 2 + 7  # three blocks
    imported = array("q", (12125550000 + 3 * index for index in range(count)))  # every third number
    neighbours = [f"+{value + 1}" for value in imported[::11]] + ["+12125549999", f"+{imported[-1] + 3}"]
    with open_store(target, hash_key=KEY if hashed else None) as store:
        found = SuppressionList("us-national", "US", date(2026, 11, 20), 31)
        assert store.import_suppression_list(found, imported + imported[:50]) == count  # duplicates once
        sample = e164(imported[::7]) + [f"+{imported[0]}", f"+{imported[-1]}",
                                         f"+{imported[suppression.BLOCK]}", f"+{imported[suppression.BLOCK - 1]}"]
        for number in sample[:5] + neighbours[:5]:  # the single reads: one block per number
            assert bool(store.history(number).suppressions) == (number in sample), number
        many = sample + neighbours
        assert len(many) > _records.FEW_NUMBERS  # the read of many numbers: the lists in memory
        assert _listed(store, many) == set(sample)
        assert _listed(store, many[:20]) == set(sample[:20])
        store.remove_suppression_list("us-national")
        assert _listed(store, many) == set()


@budget(25)
@given(on=st.sets(st.integers(min_value=0, max_value=5000), max_size=300),
       asked=st.lists(st.integers(min_value=0, max_value=5000), min_size=1, max_size=260))
def test_reads_of_few_and_many_numbers_agree_with_the_set_imported(on: set[int], asked: list[int]) -> None:
    with open_store(":memory:") as store:
        if on:
            store.import_suppression_list(SuppressionList("ours", "US", date(2026, 11, 20), 31),
                                          [f"+1212555{value:04d}" if value < 10_000 else "" for value in on])
        numbers = [f"+1212555{value:04d}" for value in asked]
        expected = {number for number, value in zip(numbers, asked, strict=True) if value in on}
        assert _listed(store, numbers) == expected  # few or many, as the size falls
        assert {n for n in numbers[:3] if store.history(n).suppressions} == expected & set(numbers[:3])


def test_lists_stored_one_row_per_number_are_packed_on_opening(target: str) -> None:
    backend = "sqlite" if not target.startswith("postgres") else "postgres"
    module = store_helpers.make_old_store.__globals__  # (only to reach raw_connection)
    conn = module["raw_connection"](backend, target)
    if backend == "sqlite":
        from callwindow.store import sqlite as schema
    else:
        from callwindow.store import postgres as schema  # type: ignore[no-redef]
    schema.migrate(conn, target=7)
    mark = "?" if backend == "sqlite" else "%s"
    conn.execute("INSERT INTO suppression_lists (id, name, jurisdiction, downloaded_on, max_age_days, purposes, "
                 "channels, lifted_by_consent, source, imported_us, entries) "
                 f"VALUES (1, 'old', 'US', '2026-11-20', 31, 'sales', 'call,sms', {mark}, '', 0, 2)", (True,))
    for number in ("+12125550123", "+12125550124"):
        conn.execute(f"INSERT INTO suppressed (number, list_id) VALUES ({mark}, 1)", (number,))
    conn.commit()
    conn.close()
    with open_store(target) as store:
        assert _listed(store, ["+12125550123", "+12125550124", "+12125550125"]) == {"+12125550123", "+12125550124"}
        assert POLICY.check("+12125550123", AT, history=store.history("+12125550123")).action.value == "block"


def test_a_warm_store_sees_a_list_replaced_or_removed(target: str) -> None:
    with open_store(target) as store:
        store.warm_reads = 0  # type: ignore[attr-defined]  # every read keeps the lists in memory
        found = SuppressionList("us-national", "US", date(2026, 11, 20), 31)
        store.import_suppression_list(found, ["+12125550123"])
        assert _listed(store, ["+12125550123", "+12125550124"]) == {"+12125550123"}
        store.import_suppression_list(found, ["+12125550124"])  # replaced: a new id, the memory is stale
        assert _listed(store, ["+12125550123", "+12125550124"]) == {"+12125550124"}
        store.remove_suppression_list("us-national")
        assert _listed(store, ["+12125550123", "+12125550124"]) == set()
        assert POLICY.check("+12125550124", AT, history=store.history("+12125550124")).allowed


def test_a_claim_on_a_listed_number_is_refused_in_its_transaction(target: str) -> None:
    from callwindow.request import Question

    with open_store(target) as store:
        store.import_suppression_list(SuppressionList("us-national", "US", date(2026, 11, 20), 31), ["+12125550123"])
        refused = POLICY.claim(Question.of("+12125550123", AT), store)
        assert not refused.granted and refused.claim_id is None
        assert [reason["code"] for reason in refused.decision["reasons"]] == ["suppressed"]
        granted = POLICY.claim(Question.of("+12125550124", AT), store)
        assert granted.granted and granted.claim_id is not None


@budget(150)
@given(lines=st.lists(st.one_of(
    st.builds(lambda a, n: f"{a},{n:07d}", st.integers(min_value=100, max_value=999),
              st.integers(min_value=0, max_value=9_999_999)),
    st.builds(lambda a, n: f"1{a}{n:07d}", st.integers(min_value=200, max_value=999),
              st.integers(min_value=2_000_000, max_value=9_999_999)),
    st.sampled_from(["", "header", "212,555012", "٢١٢,5550123", "212-555-0123 ", " 212,5550123\r"])),
    max_size=12), chunk=st.integers(min_value=1, max_value=5))
def test_the_vectorised_nanp_reader_equals_the_line_reader(lines: list[str], chunk: int) -> None:
    from callwindow.store import importers

    text = "\n".join(lines) + ("\n" if lines else "")
    fast = importers._read_nanp(io.StringIO(text), chunk)
    plain = importers._read_lines(io.StringIO(text), importers.nanp)
    assert list(fast.numbers) == list(plain.numbers)
    assert fast.bad == plain.bad and fast.bad_examples == plain.bad_examples
    assert fast.lines == plain.lines


@budget(200)
@given(values=st.lists(st.integers(min_value=0, max_value=2**63 - 1), max_size=50))
def test_sorted_unique_is_the_sorted_set(values: list[int]) -> None:
    assert [int(value) for value in suppression.sorted_unique(array("q", values))] == sorted(set(values))
    packed = list(suppression.blocks(7, suppression.sorted_unique(array("q", values))))
    assert sum(entries for _, _, entries, _ in packed) == len(set(values))
    assert all(suppression.in_block(blob, value) for value in set(values)
               for _, first, _, blob in packed[-1:] if value >= first)
