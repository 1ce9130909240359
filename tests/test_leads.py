"""`can-i-call list` (issue 6): messy files in, every row out with its decision,
rejected rows reported by line, the calling plan, encodings, exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest
from budget import budget
from hypothesis import given
from hypothesis import strategies as st

from callwindow import Policy
from callwindow.cli import main
from callwindow.cli.leads.outcome import DECISION_COLUMNS
from callwindow.cli.leads.reader import sniff_delimiter

AT = "2026-11-24T15:00:00Z"  # 10:00 in New York, 16:00 in Paris, 00:00 in Tokyo


@pytest.fixture(autouse=True)
def _no_user_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CALLWINDOW_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


MESSY = (
    "\ufeffName,Phone,Country,State,TZ,Notes\n"           # line 1: header, with a BOM
    '"Smith, John",+1 212 555 0123,US,NY,,"likes\ncalls"\n'  # lines 2-3: quoted comma and newline
    "Letters,call-me-maybe,,,,\n"                          # line 4: letters
    "Empty,,,,,\n"                                         # line 5: empty number
    "Dup,+12125550123,,,,\n"                               # line 6: duplicate of line 2
    "Paris,01 23 45 67 89,FR,,,national format\n"          # line 7: the country column gives the region
    "Unknown,+44 20 7946 0958,XX,,,\n"                     # line 8: unknown region
    "BadZone,+1 212 555 0124,,,Not/AZone,\n"               # line 9: bad zone hint
    "\n"                                                   # line 10: blank, skipped
    "Tokyo,+81 3 1234 5678,,,,\n"                          # line 11: midnight in Tokyo
    "Toll,+800 1234 5678,,,,\n"                            # line 12: never
    'Müller,+49 30 1234567,DE,,,"Grüße, ""quoted"""\n'      # line 13
)
GOOD_LINES = {2, 6, 7, 11, 12, 13}
REJECTED = {4: "no digits", 5: "empty number"}
# lines 8 and 9: international numbers with a hint that cannot be read: decided without it (issue 15)
UNREAD_HINTS = {"Unknown": "unknown region 'XX'", "BadZone": "unknown time zone"}


def run_list(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["list", "--at", AT, "--no-config", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_messy_csv_every_row_out_in_order(tmp_path, capsys) -> None:
    source = write(tmp_path / "leads.csv", MESSY)
    status, out, err = run_list(capsys, str(source))
    assert status == 0  # processed, even with rejected rows
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["Name"] for row in rows] == [
        "Smith, John", "Letters", "Empty", "Dup", "Paris", "Unknown", "BadZone", "Tokyo", "Toll", "Müller"]
    assert list(rows[0]) == ["Name", "Phone", "Country", "State", "TZ", "Notes", *DECISION_COLUMNS]
    assert rows[0]["Notes"] == "likes\ncalls" and rows[-1]["Notes"] == 'Grüße, "quoted"'
    by_name = {row["Name"]: row for row in rows}
    assert by_name["Smith, John"]["action"] == "call" and by_name["Smith, John"]["allowed"] == "true"
    assert by_name["Smith, John"]["e164"] == "+12125550123"
    assert by_name["Smith, John"]["local_time"] == "2026-11-24T10:00:00-05:00"
    assert by_name["Smith, John"]["window_closes_at"] == "2026-11-24T16:57:00Z"
    assert by_name["Paris"]["e164"] == "+33123456789"  # national number + its country column
    assert by_name["Tokyo"]["action"] == "defer" and by_name["Tokyo"]["reason_codes"] == "night"
    assert by_name["Tokyo"]["next_allowed_at"] == "2026-11-24T22:00:00Z"
    assert by_name["Toll"]["action"] == "block" and by_name["Toll"]["reason_codes"] == "no_time_zone"
    for name, words in [("Letters", "no digits"), ("Empty", "empty number")]:
        row = by_name[name]
        assert words in row["error"] and row["action"] == "" and row["allowed"] == ""
    for name in UNREAD_HINTS:
        assert by_name[name]["error"] == "" and "hint_unused" in by_name[name]["reason_codes"].split()
    # the summary: counts, duplicates, every rejected row by line
    assert "10 rows from" in err and "(utf-8, comma separated)" in err
    assert "columns: phone=Phone, zone=TZ, region=Country, subdivision=State" in err
    assert "by action: call 4, defer 1, block 3, rejected 2" in err
    assert by_name["Müller"]["reason_codes"] == "consent_required"  # German sales calls need prior consent
    assert "by reason: " in err and "night 1" in err and "no_time_zone 1" in err
    assert "duplicates: 1 row repeats an earlier number, each decided (line 6 = line 2)" in err
    assert "rejected: 2 rows" in err
    for line, words in REJECTED.items():
        assert any(f"line {line}: " in entry and words in entry for entry in err.splitlines()), line


def test_output_to_a_file_keeps_the_bom(tmp_path, capsys) -> None:
    source = write(tmp_path / "leads.csv", MESSY)
    target = tmp_path / "out.csv"
    status, out, _ = run_list(capsys, str(source), "-o", str(target))
    assert status == 0 and out == ""
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfName,Phone")  # a BOM in, a BOM out (spreadsheets)
    assert len(list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))) == 10


def test_cp1252_file_with_semicolons(tmp_path, capsys) -> None:
    source = write(tmp_path / "excel.csv", "Nom;Téléphone;Pays\nMüller;+49 30 1234567;DE\nJosé;912 345 678;ES\n",
                   "cp1252")
    status, out, err = run_list(capsys, str(source), "--phone-column", "téléphone", "--region-column", "PAYS")
    assert status == 0
    assert "(utf-8, semicolon separated)" in err  # UTF-8 first, line by line...
    assert "3 lines are not utf-8 (line 1, 2, 3): read as cp1252" in err  # ...the others read as cp1252, marked
    rows = list(csv.DictReader(io.StringIO(out), delimiter=";"))
    assert list(rows[0])[:3] == ["Nom", "Téléphone", "Pays"]
    assert rows[0]["Nom"] == "Müller" and rows[1]["Nom"] == "José"
    assert rows[1]["e164"] == "+34912345678"  # the Pays column gave the region of a national number
    assert [row["input_encoding"] for row in rows] == ["cp1252", "cp1252"]


def test_latin1_when_cp1252_cannot_decode(tmp_path, capsys) -> None:
    source = tmp_path / "odd.csv"
    source.write_bytes(b"name,phone\nA\x81B,+12125550123\n")
    status, out, err = run_list(capsys, str(source))
    assert status == 0 and "1 line is not utf-8 (line 2): read as latin-1" in err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["name"] == "A\x81B" and rows[0]["input_encoding"] == "latin-1" and rows[0]["action"] == "call"


def test_forced_encoding(tmp_path, capsys) -> None:
    source = write(tmp_path / "leads.csv", "name,phone\nZoë,+12125550123\n", "utf-16")
    status, out, err = run_list(capsys, str(source))  # a UTF-16 BOM is recognised
    assert status == 0 and "Zoë" in out and "(utf-16," in err
    source = write(tmp_path / "leads2.csv", "name,phone\nZoë,+12125550123\n", "cp1252")
    status, out, _ = run_list(capsys, str(source), "--encoding", "latin-1")
    assert status == 0 and "Zoë" in out
    status, _, err = run_list(capsys, str(source), "--encoding", "klingon")
    assert status == 2 and "unknown encoding" in err


def test_jsonl_in_and_out(tmp_path, capsys) -> None:
    lines = [
        json.dumps({"id": 1, "mobile": "+1 212 555 0123", "tz": "America/New_York", "purpose": "service"}),
        "",
        "{not json",
        json.dumps([1, 2]),
        json.dumps({"id": 4, "mobile": 33123456789, "extra": {"a": 1}}),
        json.dumps({"id": 5, "mobile": "+39 06 1234 5678", "contact_kind": "business"}),
    ]
    source = write(tmp_path / "leads.jsonl", "\n".join(lines) + "\n")
    status, out, err = run_list(capsys, str(source))
    assert status == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 5  # the blank line is not a row; the bad ones are
    assert records[0]["id"] == 1 and records[0]["action"] == "call" and records[0]["allowed"] is True
    assert records[0]["zones"] == ["America/New_York"] and records[0]["reason_codes"] == []
    assert records[1]["raw"] == "{not json" and "not valid JSON" in records[1]["error"]
    assert records[2]["raw"] == "[1, 2]" and "not a JSON object" in records[2]["error"]
    assert records[3]["extra"] == {"a": 1} and records[3]["e164"] is None and "number" in records[3]["error"]
    assert records[4]["action"] == "call" and records[4]["error"] is None
    assert "line 3: " in err and "line 4: " in err and "line 5: " in err
    assert "columns: phone=mobile, zone=tz, purpose=purpose" in err


def test_jsonl_to_csv_reports_dropped_keys(tmp_path, capsys) -> None:
    lines = [json.dumps({"phone": "+12125550123"}), json.dumps({"phone": "+33123456789", "name": "Anne"})]
    source = write(tmp_path / "leads.jsonl", "\n".join(lines) + "\n")
    status, out, err = run_list(capsys, str(source), "--format", "csv")
    assert status == 0 and out.splitlines()[0] == "phone," + ",".join(DECISION_COLUMNS)
    assert "name" in err and "--format jsonl" in err


def test_plan_orders_by_window(tmp_path, capsys) -> None:
    numbers = [
        "+81 3 1234 5678",    # Tokyo, midnight: opens later
        "+1 212 555 0123",    # New York 10:00: callable, closes 11:57
        "not a number",       # rejected: last
        "+39 06 1234 5678",   # Rome 16:00: callable, closes later
        "+800 1234 5678",     # never: no window
        "+61 2 9876 5432",    # Sydney 02:00: opens later
        "+1 310 555 0100",    # Los Angeles 07:00: opens 08:00, soon
        "+44 20 7946 0958",   # London 15:00
    ]
    source = write(tmp_path / "leads.csv", "phone\n" + "\n".join(numbers) + "\n")
    status, out, err = run_list(capsys, str(source), "--plan")
    assert status == 0 and "order: callable now" in err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert sorted(row["phone"] for row in rows) == sorted(numbers)
    policy = Policy.default()

    def key(row: dict[str, str]) -> tuple[int, float]:
        if row["error"]:
            return (3, 0.0)
        decision = policy.check(row["phone"], AT)
        if decision.allowed:
            return (0, decision.window_closes_at.timestamp() if decision.window_closes_at else float("inf"))
        if decision.next_allowed_at:
            return (1, decision.next_allowed_at.timestamp())
        return (2, 0.0)

    keys = [key(row) for row in rows]
    assert keys == sorted(keys)
    assert [k[0] for k in keys] == [0, 0, 0, 1, 1, 1, 2, 3]
    assert rows[0]["phone"] == "+1 212 555 0123" and rows[-1]["phone"] == "not a number"
    # the same order as reading the output columns back
    callable_now = [row for row in rows if row["allowed"] == "true"]
    assert [row["window_closes_at"] for row in callable_now] == sorted(row["window_closes_at"] for row in callable_now)
    waiting = [row for row in rows if row["allowed"] == "false" and row["next_allowed_at"]]
    assert [row["next_allowed_at"] for row in waiting] == sorted(row["next_allowed_at"] for row in waiting)


def test_plan_from_stdin_in_jsonl(tmp_path) -> None:
    data = "phone\n+81 3 1234 5678\n+1 212 555 0123\n"
    result = subprocess.run(
        [sys.executable, "-m", "callwindow.cli", "list", "-", "--plan", "--format", "jsonl", "--at", AT, "--no-config"],
        input=data.encode(), capture_output=True, timeout=60,
    )
    assert result.returncode == 0
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [record["phone"] for record in records] == ["+1 212 555 0123", "+81 3 1234 5678"]


def test_stdin_is_decoded_line_by_line() -> None:
    """A cp1252 line in UTF-8 input costs that line only: the UTF-8 lines after it stay UTF-8."""
    data = (b"name,phone\nAnne,+12125550123\n" + "Müller,+49 30 1234567\n".encode("cp1252")
            + "Zoë,+33123456789\n".encode())
    result = subprocess.run(
        [sys.executable, "-m", "callwindow.cli", "list", "-", "--at", AT, "--no-config"],
        input=data, capture_output=True, timeout=60,
    )
    assert result.returncode == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode("utf-8"))))
    assert [(row["name"], row["input_encoding"]) for row in rows] == [
        ("Anne", ""), ("Müller", "cp1252"), ("Zoë", "")]
    assert "1 line is not utf-8 (line 3): read as cp1252" in result.stderr.decode()


def test_stdin_is_streamed_row_by_row() -> None:
    """The first decision comes out before the input is finished."""
    process = subprocess.Popen(
        [sys.executable, "-m", "callwindow.cli", "list", "-", "--at", AT, "--no-config", "--quiet"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(b"phone\n+12125550123\n")
    process.stdin.flush()
    header = process.stdout.readline()
    first = process.stdout.readline()
    assert header.startswith(b"phone,e164,action") and b",call,true," in first
    process.stdin.write(b"+390612345678\n")
    process.stdin.close()
    rest = process.stdout.read()
    assert process.wait(timeout=60) == 0 and b"+390612345678,call" in rest


def test_headerless_single_column_and_no_header(tmp_path, capsys) -> None:
    source = write(tmp_path / "numbers.txt", "+12125550123\n+33123456789\n")
    status, out, _ = run_list(capsys, str(source))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 0 and [row["phone"] for row in rows] == ["+12125550123", "+33123456789"]
    source = write(tmp_path / "two.csv", "Anne,+12125550123\nBob,+390612345678\n")
    status, out, _ = run_list(capsys, str(source), "--no-header", "--phone-column", "2")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 0 and [row["column1"] for row in rows] == ["Anne", "Bob"]
    assert all(row["action"] == "call" for row in rows)


def test_options_apply_to_every_row(tmp_path, capsys) -> None:
    source = write(tmp_path / "leads.csv", "phone,purpose\n+12125550123,\n+12125550123,collection\n")
    status, out, _ = run_list(capsys, str(source), "--at", "2026-11-25T03:30:00Z", "--purpose", "service")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 0
    assert rows[0]["action"] == "sms"  # service at 22:30: text instead
    assert rows[1]["action"] == "defer"  # the row's own purpose wins: collection is not texted at night
    assert {row["next_allowed_at"] for row in rows} <= {"2026-11-25T12:00:00Z", "2026-11-25T13:00:00Z"}


def test_decision_columns_of_a_previous_run_are_replaced(tmp_path, capsys) -> None:
    source = write(tmp_path / "leads.csv", MESSY)
    first = tmp_path / "first.csv"
    run_list(capsys, str(source), "-o", str(first))
    status, out, _ = run_list(capsys, str(first))
    header = out.splitlines()[0].lstrip("\ufeff").split(",")
    assert status == 0 and header == ["Name", "Phone", "Country", "State", "TZ", "Notes", *DECISION_COLUMNS]


def test_too_many_fields_is_a_rejected_row(tmp_path, capsys) -> None:
    source = write(tmp_path / "leads.csv", "name,phone\nAnne,+12125550123,surprise\nBob,+390612345678\n")
    status, out, err = run_list(capsys, str(source))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 0 and len(rows) == 2
    assert "3 fields where the header has 2" in rows[0]["error"] and "'surprise'" in rows[0]["error"]
    assert rows[1]["action"] == "call" and "line 2: " in err


@pytest.mark.parametrize(
    "content, args, words",
    [
        (None, [], "no such file"),
        ("name,email\nAnne,a@example.com\n", [], "cannot tell which column holds the phone number"),
        ("phone,mobile\n+12125550123,+12125550123\n", [], "several columns may hold the phone number"),
        ("name,phone\nAnne,+12125550123\n", ["--phone-column", "fax"], "no phone column 'fax'"),
        ("", [], "is empty"),
        ("name,phone\nAnne,+12125550123\n", ["--at", "tomorrow"], "malformed instant"),
        ("name,phone\nAnne,+12125550123\n", ["--delimiter", "ab"], "one character"),
    ],
)
def test_unusable_input_exits_2(tmp_path, capsys, content, args, words) -> None:
    path = tmp_path / "leads.csv"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    status = main(["list", str(path), *args, "--no-config"])
    err = capsys.readouterr().err
    assert status == 2 and err.startswith("can-i-call: error:") and words in err, err


def test_output_over_the_input_is_refused(tmp_path, capsys) -> None:
    source = write(tmp_path / "leads.csv", "phone\n+12125550123\n")
    assert main(["list", str(source), "-o", str(source), "--no-config"]) == 2
    assert "the output file is the input file" in capsys.readouterr().err
    assert source.read_text() == "phone\n+12125550123\n"


def test_directory_and_usage_errors(tmp_path, capsys) -> None:
    assert main(["list", str(tmp_path), "--no-config"]) == 2
    capsys.readouterr()
    assert main(["list"]) == 2  # one line, never argparse's usage block (tests/test_cli.py: every command)
    assert capsys.readouterr().err == ("can-i-call: error: the following arguments are required: FILE "
                                       "(see can-i-call list --help)\n")


def test_sniff_delimiter() -> None:
    assert sniff_delimiter("a,b,c\n") == ","
    assert sniff_delimiter("a;b;c\n") == ";"
    assert sniff_delimiter("a\tb\tc\n") == "\t"
    assert sniff_delimiter('"x;y",b,c\n') == ","  # quoted separators do not count
    assert sniff_delimiter("phone\n") == ","


def test_progress_bar_on_a_terminal(tmp_path) -> None:
    source = tmp_path / "leads.csv"
    with source.open("w", encoding="utf-8") as handle:
        handle.write("phone\n")
        for index in range(6000):
            handle.write(f"+1212555{index % 10000:04d}\n")
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "callwindow.cli", "list", str(source), "-o", str(tmp_path / "out.csv"), "--at", AT,
         "--no-config"],
        stdin=secondary, stdout=secondary, stderr=secondary, close_fds=True,
    )
    os.close(secondary)
    output = b""
    while True:
        ready, _, _ = select.select([primary], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    os.close(primary)
    assert process.wait(timeout=120) == 0
    text = output.decode()
    assert "rows/s" in text and "6000 rows from" in text
    assert "%" in text and "[" in text  # the bar (a file of known size)


def test_table_for_people(tmp_path, capsys) -> None:
    source = write(tmp_path / "leads.csv", "id,Full Name,phone\n1,Anne,+81 3 1234 5678\n2,Bob,+1 212 555 0123\n"
                                           "3,Carl,nope\n")
    status, out, _ = run_list(capsys, str(source), "--plan", "--format", "table")
    assert status == 0
    assert out == (
        " line  who                 number            action     their time        window                          "
        "why\n"
        "    3  Bob                 +12125550123      CALL       Tue 24 Nov 10:00  until 11:57 (1 h 57 min)\n"
        "    2  Anne                +81312345678      WAIT       Wed 25 Nov 00:00  opens 07:00 (in 7 h)            "
        "night\n"
        "    4  Carl                nope              ERROR                                                        "
        "number: 'nope' is not a phone number: it has no digits\n"
    )


def test_country_and_state_names_as_crm_exports_write_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 15: rows whose country and state columns hold names ("USA", "Germany", "Florida")
    are read like codes, not rejected."""
    leads = tmp_path / "export.csv"
    leads.write_text("phone,country,state\n"
                     "305 555 0123,USA,Florida\n"
                     "030 1234567,Germany,\n"
                     "+44 20 7946 0958,United Kingdom,\n"
                     "555 0100,Atlantis,\n", encoding="utf-8")
    code, out, _ = run_list(capsys, str(leads), "--format", "jsonl", "--at", "2026-11-24T15:00:00Z", "--no-history")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [row["e164"] for row in rows[:3]] == ["+13055550123", "+49301234567", "+442079460958"]
    assert rows[0]["action"] and not rows[0].get("error")
    assert rows[3]["error"] and "Atlantis" in rows[3]["error"]


UNREAD = ("phone,postcode,country,tz\n"
          "+7 701 123 4567,050000,KZ,\n"      # line 2: a Kazakh postcode: no table for KZ
          "+61 2 9876 5432,99999,AU,\n"       # line 3: malformed for AU
          "+61 2 9876 5432,6000,,\n"          # line 4: read, contradicts the Sydney number: widens
          "+44 20 7946 0958,,Atlantis,\n"     # line 5: unknown region, international number
          "+1 212 555 0124,,,Not/AZone\n"     # line 6: unknown zone
          "0412 345 678,6000,Atlantis,\n")    # line 7: a national number needs its country: rejected


def _list_rows(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[list[dict[str, object]], list[str]]:
    """The rows of a JSON-lines run, and its summary's lines after the first (which has the timing)."""
    code, out, err = run_list(capsys, str(path), "--format", "jsonl", "--no-history")
    assert code == 0
    return [json.loads(line) for line in out.splitlines()], err.splitlines()[1:]


def test_unreadable_hint_is_a_note_on_the_row(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 15 item 4: a hint a list row cannot read is left out, the row is decided on the number
    (and the hints that can be read) with hint_unused; a postcode that contradicts still widens;
    the row path, the array path and the batch API agree."""
    from callwindow import resolve
    from callwindow.batch import ingest

    source = write(tmp_path / "unread.csv", UNREAD)
    arrays, arrays_summary = _list_rows(capsys, source)
    monkeypatch.setenv("CALLWINDOW_LIST_ENGINE", "rows")
    rows, summary = _list_rows(capsys, source)
    assert arrays == rows and arrays_summary == summary  # both engines, field for field
    # the summary says, row by row, which hint was not used and why
    assert "  hints not used: 4 rows decided without a hint they could not read (reason hint_unused):" in summary
    assert any(line.startswith("    line 2: postal code '050000' not used: ") and "not KZ" in line for line in summary)
    assert any(line.startswith("    line 6: zone 'Not/AZone' not used: ") for line in summary)
    kazakh, malformed, moved, atlantis, zone, national = rows
    for row, number in ((kazakh, "+7 701 123 4567"), (malformed, "+61 2 9876 5432"), (atlantis, "+44 20 7946 0958"),
                        (zone, "+1 212 555 0124")):
        assert row["error"] is None and row["action"] and "hint_unused" in row["reason_codes"]  # type: ignore[operator]
        assert row["zones"] == list(resolve(number).zones)  # on the number alone: never narrower
    assert "hint_unused" not in moved["reason_codes"]  # type: ignore[operator]
    assert "hint_conflict" in moved["reason_codes"]  # type: ignore[operator]
    assert moved["zones"] == ["Australia/Perth", "Australia/Sydney"]
    assert national["action"] is None and "Atlantis" in str(national["error"])
    # the batch API: the same subscribers, the note's text saying what was not used and why
    listed = ingest(["+7 701 123 4567", "+61 2 9876 5432", "+61 2 9876 5432", "+44 20 7946 0958"],
                    postal_code=["050000", "99999", "6000", None], region=["KZ", "AU", None, "Atlantis"])
    assert not listed.errors
    zones = [list(listed.subscriber_of(index).zones) for index in range(4)]  # type: ignore[union-attr]
    assert zones == [row["zones"] for row in (kazakh, malformed, moved, atlantis)]
    note = listed.subscriber_of(0).notes[-1]  # type: ignore[union-attr]
    assert note.code == "hint_unused" and "postal code '050000' not used" in note.message and "not KZ" in note.message
    # a single check keeps the one-line error, and so do the HTTP service's batch items
    strict = ingest(["+7 701 123 4567"], postal_code=["050000"], region=["KZ"], unread_hints="reject")
    assert "not KZ" in strict.errors[0]


# ---------------------------------------------------------------- a row's own country (audit of 2026-12-01)

REPORTED = "phone,country\n312 345 6789,IT\n55 1234 5678,MX\n020 7946 0958,GB\n01 23 45 67 89,FR\n2125550123,\n"
REPORTED_E164 = ["+393123456789", "+525512345678", "+442079460958", "+33123456789", "+12125550123"]


def _decided(capsys: pytest.CaptureFixture[str], path: Path, *options: str) -> list[dict[str, object]]:
    status = main(["list", str(path), "--at", AT, "--format", "jsonl", "--quiet", "--no-history", *options])
    out = capsys.readouterr().out
    assert status == 0
    return [json.loads(line) for line in out.splitlines()]


@pytest.mark.parametrize("engine", ["arrays", "rows"])
def test_default_region_never_overrides_a_rows_own_country(tmp_path, capsys, monkeypatch, engine) -> None:
    """The review's report: `--default-region US` read an Italian row's `312 345 6789` as
    +13123456789 (another person's number, marked call), a Mexican one as +15512345678, and
    rejected the British and French rows. A national number is read in the row's country; the
    option (or the settings file's default_region) only for a row without one."""
    monkeypatch.setenv("CALLWINDOW_LIST_ENGINE", engine)
    source = write(tmp_path / "it1.csv", REPORTED)
    settings = write(tmp_path / "settings.toml", 'default_region = "us"\n')
    for options in (["--no-config", "--default-region", "US"], ["--config", str(settings)]):
        rows = _decided(capsys, source, *options)
        assert [row["e164"] for row in rows] == REPORTED_E164, options
        assert all(row["error"] is None and "hint_conflict" not in row["reason_codes"] for row in rows)  # type: ignore[operator]
    # without the option the row without a country cannot be read (and the others are the same)
    rows = _decided(capsys, source, "--no-config")
    assert [row["e164"] for row in rows] == [*REPORTED_E164[:4], None]
    # a row whose country cannot be read is not read in the option's country either: rejected
    rows = _decided(capsys, write(tmp_path / "narnia.csv", "phone,country\n312 345 6789,Narnia\n"),
                    "--no-config", "--default-region", "US")
    assert rows[0]["e164"] is None and "Narnia" in str(rows[0]["error"])


_COUNTRIES = ("IT", "MX", "GB", "FR", "US", "DE", "JP", "AU", "BR", "ES", "CA", "IN", "RU", "CN")
_SPELLINGS = {"IT": "Italy", "MX": "Mexico", "FR": "France", "US": "USA", "DE": "Germany", "ES": "Spain"}


@st.composite
def _rows_with_a_country(draw: st.DrawFn) -> list[tuple[str, str]]:
    """Rows of (number as a CRM writes it, the row's country as written): national, +CC, 00CC
    and E.164 spellings of numbers of several countries, the country as a code or a name."""
    import phonenumbers

    rows = []
    for _ in range(draw(st.integers(1, 6))):
        country = draw(st.sampled_from(_COUNTRIES))
        kind = draw(st.sampled_from([phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.MOBILE]))
        example = phonenumbers.example_number_for_type(country, kind)
        digits = str(example.national_number)
        digits = digits[:-2] + f"{draw(st.integers(0, 99)):02d}"  # (an unassigned one is rejected either way)
        number = phonenumbers.parse(f"+{example.country_code}{digits}")
        form = draw(st.sampled_from(["national", "international", "e164", "00"]))
        if form == "national":
            text = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        elif form == "international":
            text = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        elif form == "e164":
            text = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        else:
            text = f"00{example.country_code} {digits}"
        written = draw(st.sampled_from([country, country.lower(), _SPELLINGS.get(country, country)]))
        rows.append((text, written))
    return rows


@budget(25)
@given(rows=_rows_with_a_country(), default=st.sampled_from(_COUNTRIES), how=st.sampled_from(["option", "settings"]),
       engine=st.sampled_from(["arrays", "rows"]))
def test_a_rows_number_never_depends_on_the_default_region(rows, default, how, engine) -> None:
    """For rows with a country column, the E.164 number read (and the error, if any) is the
    same with and without --default-region (or the settings file's default_region), on both
    engines."""
    import contextlib
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "leads.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["phone", "country"])
            writer.writerows(rows)
        settings = Path(folder) / "settings.toml"
        settings.write_text(f'default_region = "{default}"\n', encoding="utf-8")

        def read(*options: str, which: str = "arrays") -> list[tuple[object, object]]:
            out = io.StringIO()
            previous = os.environ.get("CALLWINDOW_LIST_ENGINE")
            os.environ["CALLWINDOW_LIST_ENGINE"] = which
            try:
                with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
                    assert main(["list", str(path), "--at", AT, "--format", "jsonl", "--quiet", "--no-history",
                                 *options]) == 0
            finally:
                if previous is None:
                    del os.environ["CALLWINDOW_LIST_ENGINE"]
                else:
                    os.environ["CALLWINDOW_LIST_ENGINE"] = previous
            decided = [json.loads(line) for line in out.getvalue().splitlines()]
            assert len(decided) == len(rows)
            return [(row["e164"], row["error"]) for row in decided]

        alone = read("--no-config", which=engine)
        given_default = (["--no-config", "--default-region", default] if how == "option"
                         else ["--config", str(settings)])
        assert read(*given_default, which=engine) == alone


def test_the_summary_says_when_no_history_store_was_read(tmp_path, capsys, monkeypatch) -> None:
    """No built-in store yet: the rows are decided (a first run works) on no history, and the
    summary says so and where it looked; once a store is there, the line is gone."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    store = tmp_path / "data" / "callwindow" / "history.sqlite3"
    source = write(tmp_path / "leads.csv", "phone\n+13055550177\n")
    status, out, err = run_list(capsys, str(source))
    assert status == 0 and ",call,true," in out
    assert f"\n  history: none yet (no store at {store})\n" in err
    assert not store.exists()
    assert main(["opt-out", "+13055550177", "--at", "2026-11-20T15:00:00Z", "--no-config"]) == 0
    capsys.readouterr()
    status, out, err = run_list(capsys, str(source))
    assert status == 0 and ",block,false," in out and "history:" not in err


def test_the_table_says_why_a_row_is_blocked_as_the_single_check_does(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A blocked row's word in --format table is the single check's verdict word (its short form):
    CONSENT for a German sales call without consent, OPTED OUT for an opted-out number, NEVER
    only for a number with no known place - never a bare NEVER for all of them."""
    db = tmp_path / "history.sqlite3"
    at = "2026-11-24T10:00:00Z"
    assert main(["opt-out", "+12125550123", "--at", "2026-11-01T10:00:00Z", "--db", str(db), "--create-db",
                 "--no-config"]) == 0
    capsys.readouterr()
    leads = tmp_path / "leads.csv"
    leads.write_text("phone\n+49 30 12345678\n+1 212 555 0123\n+800 1234 5678\n", encoding="utf-8")
    code, out, _ = run_list(capsys, str(leads), "--format", "table", "--quiet", "--at", at, "--db", str(db),
                            "--no-config")
    assert code == 0
    words = {line.split()[1]: line[45:54].strip() for line in out.splitlines()[1:]}
    assert words == {"+493012345678": "CONSENT", "+12125550123": "OPTED OUT", "+80012345678": "NEVER"}, out
    for number, short in words.items():
        assert main([number, "--at", at, "--db", str(db), "--no-config"]) == 1
        verdict = capsys.readouterr().out.splitlines()[0]
        assert verdict.startswith({"CONSENT": "ONLY WITH CONSENT", "OPTED OUT": "OPTED OUT", "NEVER": "NEVER"}[short])
