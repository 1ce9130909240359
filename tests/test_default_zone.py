"""A declared default zone (issue 15 item 5): used only for numbers with no location of their
own (toll-free and other service numbers of a country), never when a hint places the number,
always reported (default_zone_used), and the same on the Python API, `can-i-call`, the settings
file and HTTP (single and batch)."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from callwindow import InvalidInput, Policy
from callwindow.cli import main as can_i_call

AT = "2026-11-24T15:00:00Z"  # Tuesday: 10:00 in New York, 09:00 in Chicago, 05:00 in Honolulu
TOLL_FREE = "+1 800 275 2273"
GEOGRAPHIC = "+1 212 555 0123"
FREEPHONE = "+800 1234 5678"  # international freephone: no country
LEGAL = Policy.legal_minimum()


def _codes(decision: object) -> list[str]:
    return [str(reason.code) for reason in decision.reasons]  # type: ignore[attr-defined]


def test_a_toll_free_number_is_read_in_the_default_zone_and_says_so() -> None:
    # (a collection call: a sales call to a toll-free number is blocked whatever the zone, as
    # Connecticut's consent law binds a number that may be in any state)
    assert LEGAL.check(TOLL_FREE, AT, default_zone="America/Chicago").action.value == "block"
    everywhere = LEGAL.check(TOLL_FREE, AT, purpose="collection")
    assert len(everywhere.zones) > 5 and "default_zone_used" not in _codes(everywhere)
    # 05:00 in Honolulu closes the all-zones answer; Chicago's 09:00 is open
    assert everywhere.action.value == "defer"
    declared = LEGAL.check(TOLL_FREE, AT, default_zone="America/Chicago", purpose="collection")
    # the default zone is a clock, not an address: every state's law still binds
    assert declared.zones == ("America/Chicago",) and declared.places == everywhere.places
    assert len(declared.places) == 52 and declared.subdivision is None and "several_subdivisions" in _codes(declared)
    assert declared.action.value == "call" and "default_zone_used" in _codes(declared)
    note = next(reason for reason in declared.reasons if str(reason.code) == "default_zone_used")
    assert "America/Chicago" in note.message and note.kind.value == "contact"


def test_a_number_with_a_place_never_takes_the_default_zone() -> None:
    placed = LEGAL.check(GEOGRAPHIC, AT, default_zone="Pacific/Honolulu")
    assert placed.zones == ("America/New_York",) and "default_zone_used" not in _codes(placed)
    hinted = LEGAL.check(TOLL_FREE, AT, default_zone="America/Chicago", zone="Pacific/Honolulu")
    assert hinted.zones == ("Pacific/Honolulu",) and "default_zone_used" not in _codes(hinted)


def test_a_number_of_no_country_stays_unplaceable() -> None:
    """+800 belongs to no country: no law could be applied in any zone, so never callable."""
    decision = LEGAL.check(FREEPHONE, AT, default_zone="Europe/Paris")
    assert decision.action.value == "block" and _codes(decision) == ["no_time_zone"]


def test_a_bad_default_zone_is_an_error_even_when_unused() -> None:
    with pytest.raises(InvalidInput, match="Mars/Base") as caught:
        LEGAL.check(GEOGRAPHIC, AT, default_zone="Mars/Base")
    assert caught.value.field == "default_zone"


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = can_i_call(argv)
    return code, out.getvalue(), err.getvalue()


def test_the_command_and_the_settings_file_declare_it(tmp_path: Path) -> None:
    expected = LEGAL.check(TOLL_FREE, AT, default_zone="America/Chicago", purpose="collection").to_dict()
    code, out, _ = _run([TOLL_FREE, "--at", AT, "--profile", "legal", "--no-config", "--json", "--no-history",
                         "--default-zone", "America/Chicago", "--purpose", "collection"])  # (the library's
    # decision has no history either)
    assert code == 0 and json.loads(out) == expected
    settings = tmp_path / "config.toml"
    settings.write_text('default_zone = "America/Chicago"\nprofile = "legal"\n')
    code, out, _ = _run([TOLL_FREE, "--at", AT, "--config", str(settings), "--json", "--no-history",
                         "--purpose", "collection"])
    assert code == 0 and json.loads(out) == expected
    code, _, err = _run([TOLL_FREE, "--at", AT, "--no-config", "--default-zone", "Mars/Base"])
    assert code == 2 and "Mars/Base" in err and len(err.strip().splitlines()) == 1
    settings.write_text('default_zone = "Mars/Base"\n')
    code, _, err = _run([TOLL_FREE, "--at", AT, "--config", str(settings)])
    assert code == 2 and "default_zone" in err


def test_http_single_and_batch_take_it() -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from callwindow.http.app import Settings, create_app
    from callwindow.http.security import KeyRing

    key = "default-zone-test-key-0123"
    headers = {"Authorization": f"Bearer {key}"}
    body = {"number": TOLL_FREE, "at": AT, "default_zone": "America/Chicago", "profile": "legal",
            "purpose": "collection"}
    expected = LEGAL.check(TOLL_FREE, AT, default_zone="America/Chicago", purpose="collection").to_dict()
    with TestClient(create_app(Settings(keys=KeyRing.load(env={"CALLWINDOW_API_KEYS": key})))) as client:
        single = client.post("/v1/check", json=body, headers=headers)
        batch = client.post("/v1/check/batch", json=[body] * 20 + [{**body, "default_zone": "Mars/Base"}],
                            headers=headers)
        compact = client.post("/v1/check/batch?detail=codes", json=[body] * 20, headers=headers)
    assert single.status_code == 200 and single.json() == expected
    results = batch.json()["results"]
    assert all(item["ok"] and item["decision"] == expected for item in results[:20])
    assert not results[20]["ok"] and results[20]["error"]["status"] == 400  # in its place
    codes = compact.json()["results"]
    assert all(item["decision"]["zones"] == ["America/Chicago"] and "default_zone_used" in
               item["decision"]["reason_codes"] for item in codes)


def test_the_batch_api_and_a_list_read_it_as_the_single_check(tmp_path: Path) -> None:
    """ingest/decide_numbers/decide_frame and `can-i-call list` (its array path and its row path)
    place a toll-free number in the default zone exactly as the single check does."""
    pd = pytest.importorskip("pandas")
    from callwindow.batch import decide_frame, decide_numbers

    numbers = [TOLL_FREE, GEOGRAPHIC, "+1 888 555 0199", TOLL_FREE]
    expected = [LEGAL.check(number, AT, default_zone="America/Chicago") for number in numbers]
    decided = decide_numbers(numbers, AT, default_zone="America/Chicago", policy=LEGAL)
    for index, single in enumerate(expected):
        row = decided.row(index)
        assert (row["action"], tuple(row["zones"]), set(row["reasons"])) == \
            (single.action.value, single.zones, set(_codes(single)))
    frame = decide_frame(pd.DataFrame({"phone": numbers}), at=AT, default_zone="America/Chicago", policy=LEGAL,
                         categorical=False)
    assert frame["action"].tolist() == [single.action.value for single in expected]
    with pytest.raises(InvalidInput, match="Mars/Base"):
        decide_numbers(numbers, AT, default_zone="Mars/Base")
    leads = tmp_path / "leads.csv"
    leads.write_text("phone\n" + "\n".join(numbers * 50) + "\n")
    code, out, _ = _run(["list", str(leads), "--format", "jsonl", "--at", AT, "--profile", "legal", "--quiet",
                         "--no-config", "--no-history", "--default-zone", "America/Chicago"])
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) == 200
    assert [row["zones"] for row in rows[:4]] == [list(single.zones) for single in expected]
    assert all("default_zone_used" in row["reason_codes"] for row in rows if row["e164"] != "+12125550123")
