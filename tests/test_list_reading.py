"""`can-i-call list` on hostile files (issue 18 items 1, 2 and 5; review-2026-12/reliability.md C-1
to C-5): every file below is generated here, and every run must give rows read = rows written =
decided + rejected, intact UTF-8 names, and a summary."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from callwindow.cli import main
from callwindow.cli.leads import columns as columns_module
from callwindow.cli.leads.columns import HINT_NAMES, choose_columns, normalise_name
from callwindow.cli.leads.decoding import suggest_encoding
from callwindow.cli.leads.outcome import Outcome
from callwindow.cli.leads.reader import FIELD_LIMIT, MAX_DEPTH, Row
from callwindow.cli.leads.writers import writer_for

AT = "2026-11-24T15:00:00Z"  # 10:00 in New York: +1 212 numbers are callable

# `list`'s --KIND-column options, none given (one per column kind the reader looks for)
NO_COLUMNS_GIVEN = {f"{kind}_column": None for kind in HINT_NAMES}


@pytest.fixture(autouse=True)
def _no_user_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CALLWINDOW_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def run_list(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["list", "--at", AT, "--no-config", "--no-history", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def accounted(err: str) -> tuple[int, int, int, int]:
    """The summary's `rows: R read = D decided + J rejected, W written`, checked to add up."""
    match = re.search(r"rows: (\d+) read = (\d+) decided \+ (\d+) rejected, (\d+) written", err)
    assert match, err
    read, decided, rejected, written = map(int, match.groups())
    assert read == written == decided + rejected, err
    assert "THESE DIFFER" not in err
    return read, written, decided, rejected


def csv_out(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out)))


# ---------------------------------------------------------------- encodings, row by row


def test_one_cp1252_row_does_not_garble_the_utf8_rows(tmp_path, capsys) -> None:
    """C-1: 2,000 UTF-8 names and one cp1252 row at the end: every UTF-8 name stays intact."""
    names = ["Müller", "東京 太郎", "Zoë", "Ålesund", "Łódź"]
    data = "name,phone\n" + "".join(f"{names[i % 5]} {i},+1212555{i % 10000:04d}\n" for i in range(2000))
    path = tmp_path / "mixed.csv"
    path.write_bytes(data.encode("utf-8") + "Café Crème,+12125559999\n".encode("cp1252"))
    status, out, err = run_list(capsys, str(path))
    assert status == 0
    rows = csv_out(out)
    assert [row["name"] for row in rows[:2000]] == [f"{names[i % 5]} {i}" for i in range(2000)]
    assert all(row["input_encoding"] == "" for row in rows[:2000])
    assert rows[2000]["name"] == "Café Crème" and rows[2000]["input_encoding"] == "cp1252"
    assert rows[2000]["action"] == "call"  # a row read by the fallback is still decided
    assert "1 line is not utf-8 (line 2002): read as cp1252, marked in the input_encoding column" in err
    assert accounted(err) == (2001, 2001, 2001, 0)


@pytest.mark.parametrize("encoding, names, family", [
    ("shift_jis", ["山田太郎", "田中花子", "佐藤次郎"], "Japanese"),
    ("cp1251", ["Иван Петров", "Сергей Смирнов", "Анна Кузнецова"], "Cyrillic"),
])
def test_a_file_in_another_encoding_is_marked_and_named(tmp_path, capsys, encoding, names, family) -> None:
    """Shift-JIS and cp1251 exports are not decoded silently wrong: every such row is marked,
    the summary names the family, and --encoding then reads them right."""
    text = "name,phone\n" + "".join(f"{name},+1212555010{index}\n" for index, name in enumerate(names))
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode(encoding))
    status, out, err = run_list(capsys, str(path))
    assert status == 0
    assert all(row["input_encoding"] in ("cp1252", "latin-1") for row in csv_out(out))  # marked, every one
    assert "3 lines are not utf-8 (line 2, 3, 4)" in err and f"they look like {family}" in err
    assert "give --encoding NAME" in err
    status, out, err = run_list(capsys, str(path), "--encoding", encoding)
    assert status == 0 and [row["name"] for row in csv_out(out)] == names
    assert [row["input_encoding"] for row in csv_out(out)] == [""] * 3 and "not " + encoding not in err


def test_marks_are_counted_not_kept(tmp_path, capsys) -> None:
    """Every line of a big file in another encoding: the line numbers are not all held in memory
    (each is forgotten once its row is made); the summary counts them and lists the first ten."""
    import argparse

    from callwindow.cli.leads.decoding import open_source
    from callwindow.cli.leads.layout import read_layout

    path = tmp_path / "latin.csv"
    path.write_bytes(("name,phone\n" + "".join(f"Mañana {i},+1212555{i:04d}\n" for i in range(3000))).encode("cp1252"))
    args = argparse.Namespace(file=str(path), input_format="auto", delimiter=None, no_header=False, phone_column=None,
                              no_hints=False, **NO_COLUMNS_GIVEN)
    source = open_source(str(path), None)
    rows = list(read_layout(args, source).body)
    assert len(rows) == 3000 and all(row.encoding == "cp1252" for row in rows)
    assert source.marks.fallback == {} and source.marks.fallback_count == 3000
    source.closer.close()
    status, out, err = run_list(capsys, str(path))
    assert status == 0 and "3000 lines are not utf-8 (line 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 2990 more)" in err


def test_the_suggestion_is_a_family_never_for_utf8() -> None:
    assert suggest_encoding(b"") is None
    assert suggest_encoding("Grüße aus München\n".encode()) is None
    suggested = suggest_encoding("Москва, улица Тверская, дом 7\n".encode("cp1251"))
    assert suggested is not None and suggested.startswith("Cyrillic")


def test_forced_encoding_falls_back_on_a_line_it_cannot_decode(tmp_path, capsys) -> None:
    """--encoding shift_jis on a file with one byte Shift-JIS cannot decode: that row is read as
    cp1252 and marked; the others are read as Shift-JIS."""
    path = tmp_path / "sjis.csv"
    path.write_bytes("name,phone\n山田,+12125550100\n".encode("shift_jis") + b"\x80\x80,+12125550101\n")
    status, out, err = run_list(capsys, str(path), "--encoding", "shift_jis")
    rows = csv_out(out)
    assert status == 0 and rows[0]["name"] == "山田" and rows[0]["input_encoding"] == ""
    assert rows[1]["input_encoding"] == "cp1252" and "(line 3)" in err


@pytest.mark.parametrize("header", ["téléphone", "Telefon", "телефон", "电话", "Teléfono", "電話番号",
                                    "Número de teléfono", "TELEFONNUMMER", "Τηλέφωνο", "전화번호", "Số điện thoại"])
def test_phone_headers_in_other_languages(tmp_path, capsys, header) -> None:
    path = tmp_path / "intl.csv"
    path.write_text(f"nom,{header}\nAnne,+12125550123\n", encoding="utf-8")
    status, out, err = run_list(capsys, str(path))
    assert status == 0, err
    assert f"phone={header}" in err and csv_out(out)[0]["action"] == "call"


def test_country_header_in_french_gives_the_region(tmp_path, capsys) -> None:
    path = tmp_path / "fr.csv"
    path.write_text("Nom,Téléphone,Pays\nAnne,212 555 0123,US\n", encoding="utf-8")
    status, out, err = run_list(capsys, str(path))
    assert status == 0 and "region=Pays" in err and csv_out(out)[0]["e164"] == "+12125550123"


def test_normalised_names() -> None:
    assert normalise_name("Téléphone  Portable") == "telephone_portable"
    assert normalise_name("Мобильный") == "мобильный"  # й is kept: Cyrillic is not unaccented
    assert normalise_name("전화번호") == "전화번호"  # Hangul syllables stay whole


# ---------------------------------------------------------------- one bad row costs one row


def test_an_unbalanced_quote_costs_one_row(tmp_path, capsys) -> None:
    """C-3: a quote that never closes used to swallow the 200 leads after it into one field."""
    lines = ["name,phone", '"Broken,+12125559999'] + [f"B{i},+1212556{i:04d}" for i in range(200)]
    path = tmp_path / "quote.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, out, err = run_list(capsys, str(path))
    assert status == 0
    rows = csv_out(out)
    assert len(rows) == 201 and [row["name"] for row in rows[1:]] == [f"B{i}" for i in range(200)]
    assert all(row["action"] == "call" for row in rows[1:])
    assert rows[0]["name"] == '"Broken,+12125559999'  # the rejected line's text, kept
    assert "line 2: " in err
    assert "unbalanced quote at line 2: it opens a quoted field that would make lines 2-202" in err
    assert accounted(err) == (201, 201, 200, 1)


def test_a_quote_closing_in_a_later_record_costs_one_row(tmp_path, capsys) -> None:
    """A stray quote closed by another stray quote 50 lines later: not one 50-line record."""
    lines = ["name,phone,notes", 'A,+12125550100,"oops'] + [f"B{i},+1212556{i:04d}," for i in range(49)]
    lines += ['C,+12125550101,closing" here', "D,+12125550102,"]
    path = tmp_path / "two-quotes.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, out, err = run_list(capsys, str(path))
    rows = csv_out(out)
    assert status == 0 and [row["name"] for row in rows[1:50]] == [f"B{i}" for i in range(49)]
    assert rows[0]["error"].startswith("unbalanced quote at line 2: its quoted field runs over line 3, which is")
    assert accounted(err) == (52, 52, 51, 1)
    assert rows[50]["notes"] == 'closing" here'  # a quote inside an unquoted field is a character
    assert rows[-1]["name"] == "D" and rows[-1]["action"] == "call"


def test_a_real_multiline_field_is_one_record(tmp_path, capsys) -> None:
    path = tmp_path / "notes.csv"
    path.write_text('name,phone,notes\nAnne,+12125550100,"first line\nsecond line"\nBob,+12125550101,\n',
                    encoding="utf-8")
    status, out, err = run_list(capsys, str(path))
    rows = csv_out(out)
    assert status == 0 and rows[0]["notes"] == "first line\nsecond line" and rows[1]["name"] == "Bob"
    assert accounted(err) == (2, 2, 2, 0)


def test_an_oversized_field_costs_its_row_and_keeps_its_fields(tmp_path, capsys) -> None:
    """C-4: a 200,000-character field used to blank every field of its row."""
    path = tmp_path / "long.csv"
    path.write_text("name,phone,notes\nBob,+12125550124," + "x" * 200_000 + "\nAnne,+12125550125,short\n",
                    encoding="utf-8")
    status, out, err = run_list(capsys, str(path))
    assert status == 0
    reader = csv.reader(io.StringIO(out))
    csv.field_size_limit(1 << 24)
    header, first, second = list(reader)
    first_row, second_row = dict(zip(header, first, strict=True)), dict(zip(header, second, strict=True))
    assert first_row["name"] == "Bob" and first_row["phone"] == "+12125550124"
    assert len(first_row["notes"]) == 200_000  # kept as it was
    assert first_row["error"].startswith(f"field 3 has 200,000 characters, over the {FIELD_LIMIT:,}")
    assert second_row["action"] == "call"
    assert "line 2: " in err and accounted(err) == (2, 2, 1, 1)


def test_a_file_without_line_breaks_is_one_rejected_row(tmp_path, capsys, monkeypatch) -> None:
    """A line over the line limit is skipped in bounded pieces (never held in memory)."""
    from callwindow.cli.leads import decoding

    monkeypatch.setattr(decoding, "MAX_LINE_BYTES", 4096)
    path = tmp_path / "endless.csv"
    path.write_bytes(b"name,phone\n" + b"y" * 50_000 + b"\nAnne,+12125550123\n")
    status, out, err = run_list(capsys, str(path))
    rows = csv_out(out)
    assert status == 0 and len(rows) == 2 and rows[1]["action"] == "call"
    assert "line 2 is longer than 4,096 bytes: not read" in rows[0]["error"]
    assert accounted(err) == (2, 2, 1, 1)


@pytest.mark.parametrize("name", ["/dev/zero", "fifo"])
def test_devices_and_fifos_are_refused_at_once(tmp_path, capsys, name) -> None:
    """B-10: /dev/zero used to be read for ever, and a FIFO blocked on open."""
    import os

    path = name
    if name == "fifo":
        path = str(tmp_path / "leads.fifo")
        os.mkfifo(path)
    status, out, err = run_list(capsys, path)
    assert status == 2 and "not a regular file (read a pipe as -)" in err and err.count("\n") == 1


# ---------------------------------------------------------------- JSON lines


def test_jsonl_lone_surrogate_and_deep_nesting_are_rejected_rows(tmp_path, capsys) -> None:
    """C-2: both used to stop the run with a traceback, the rows after them lost."""
    deep = "[" * 100_000 + "]" * 100_000
    lines = ['{"phone": "+12125550120"}', '{"phone": "+12125550123", "name": "\\ud800"}',
             '{"phone": "+12125550124", "tags": ' + deep + "}", "[" * 100_000, '{"phone": "+12125550121"}',
             '{"phone": "+12125550122", "ok": ' + "[" * 70 + "]" * 70 + "}"]
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, out, err = run_list(capsys, str(path), "-o", str(tmp_path / "out.jsonl"))
    assert status == 0 and "Traceback" not in err
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == 6
    assert [record.get("phone") for record in records] == ["+12125550120", None, None, None, "+12125550121", None]
    assert "lone surrogate \\ud800" in records[1]["error"] and records[1]["raw"] == lines[1]
    assert f"nested deeper than {MAX_DEPTH} levels" in records[2]["error"]
    assert "nested deeper" in records[3]["error"] or "not valid JSON" in records[3]["error"]
    assert f"nested deeper than {MAX_DEPTH} levels" in records[5]["error"]
    assert records[4]["action"] == "call"
    assert accounted(err) == (6, 6, 2, 4)


def test_jsonl_to_csv_with_a_surrogate_row(tmp_path, capsys) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"phone": "+12125550120", "name": "x"}\n{"phone": "+12125550121", "name": "\\udfff"}\n',
                    encoding="utf-8")
    status, out, err = run_list(capsys, str(path), "--format", "csv")
    rows = csv_out(out)
    assert status == 0 and rows[0]["action"] == "call" and "lone surrogate \\udfff" in rows[1]["error"]


# ---------------------------------------------------------------- the count is checked


def test_a_row_lost_on_the_way_fails_the_run(tmp_path, capsys, monkeypatch) -> None:
    """The final check can fail: a writer that drops a row makes the run exit 2, saying so."""
    from callwindow.cli.leads import command

    real = command.writer_for

    def leaky(*args, **kwargs):
        writer = real(*args, **kwargs)
        render = writer.render
        writer.render = lambda row, outcome: "" if row.line == 3 else render(row, outcome)
        return writer

    path = tmp_path / "leads.csv"
    path.write_text("phone\n+12125550100\n+12125550101\n+12125550102\n", encoding="utf-8")
    monkeypatch.setattr(command, "writer_for", leaky)
    target = tmp_path / "out.csv"
    target.write_text("earlier\n", encoding="utf-8")
    status, out, err = run_list(capsys, str(path), "-o", str(target))
    assert status == 2 and "rows were lost between reading and writing" in err and "THESE DIFFER" in err
    assert "rows: 3 read = 3 decided + 0 rejected, 2 written" in err
    assert target.read_text(encoding="utf-8") == "earlier\n"  # a run that lost a row publishes nothing


def test_a_reader_that_swallows_lines_fails_the_run(tmp_path, capsys, monkeypatch) -> None:
    from callwindow.cli.leads import layout

    real = layout.csv_rows

    def swallowing(lines, delimiter, marks, shape):
        for row in real(lines, delimiter, marks, shape):
            if row.line == 3:
                marks.covered -= 1  # as if line 3 had vanished into another row
                continue
            yield row

    monkeypatch.setattr(layout, "csv_rows", swallowing)
    path = tmp_path / "leads.csv"
    path.write_text("phone\n+12125550100\n+12125550101\n+12125550102\n", encoding="utf-8")
    status, out, err = run_list(capsys, str(path))
    assert status == 2 and "the reader accounted for 3 of the 4 lines read" in err
    assert "rows were lost between reading and writing" in err


# ---------------------------------------------------------------- the header is linear in its width


class Counted(str):
    """A header name that counts the comparisons made with it (list membership, index...)."""

    comparisons = 0

    def __eq__(self, other: object) -> bool:
        Counted.comparisons += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def header_work(width: int) -> int:
    """Comparisons and Python calls spent on a header `width` columns wide, with repeated names:
    finding the columns, and every writer's set-up, header and one row."""
    import argparse
    import sys

    header = [Counted("phone")] + [Counted(f"c{index % (width // 2)}") for index in range(width - 1)]
    args = argparse.Namespace(phone_column=None, no_hints=False, **NO_COLUMNS_GIVEN)
    calls = 0

    def count(frame: object, event: str, arg: object) -> None:
        nonlocal calls
        calls += 1

    Counted.comparisons = 0
    sys.setprofile(count)
    try:
        found = choose_columns(header, args, allow_headerless=True)
        assert found is not None
        row = Row(2, ["+12125550123"] + ["v"] * (width - 1))
        outcome = Outcome(2, None, "x", "+12125550123")
        for fmt in ("csv", "jsonl", "table"):
            writer = writer_for(fmt, header, ",", found.phone)
            writer.header_text()
            writer.render(row, outcome)
    finally:
        sys.setprofile(None)
    return Counted.comparisons + calls


def test_header_work_is_linear_in_the_width() -> None:
    """C-5: 40,000 columns took 30 s (a list searched per column). Counted, not timed: doubling
    the width at most doubles the work (quadratic work would quadruple it)."""
    small, large = header_work(10_000), header_work(20_000)
    assert large <= 2.2 * small, (small, large)
    assert small <= 60 * 10_000, small  # a few dozen steps per column


def test_a_very_wide_file_runs(tmp_path, capsys) -> None:
    width = 10_000
    path = tmp_path / "wide.csv"
    path.write_text("phone," + ",".join(f"c{i}" for i in range(width)) + "\n+12125550123," + ",".join("v" * width)
                    + "\n", encoding="utf-8")
    status, out, err = run_list(capsys, str(path), "--format", "jsonl")
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and record["action"] == "call" and record[f"c{width - 1}"] == "v"


def test_columns_module_keeps_one_list_of_names() -> None:
    # Every recognised name is already in its compared form, so no spelling can never match.
    names = set(columns_module.PHONE_NAMES).union(*columns_module.HINT_NAMES.values())
    assert all(normalise_name(name) == name for name in names)
