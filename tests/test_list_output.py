"""`can-i-call list` output that loses nothing and harms no one (issue 18 items 3 and 4;
review-2026-12/reliability.md C-6, C-7): formula cells neutralised, `-o FILE` complete or not at
all, SIGKILL / SIGTERM / SIGINT, and `--resume`. The kill tests wait on the output's progress,
never on a fixed sleep."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from callwindow.cli import main
from callwindow.cli.leads import command
from callwindow.cli.leads.decide import Decider
from callwindow.cli.leads.writers import neutralise

AT = "2026-11-24T15:00:00Z"  # 10:00 in New York: +1 212 numbers are callable
EARLIER = b"an earlier, complete output\n"


@pytest.fixture(autouse=True)
def _no_user_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CALLWINDOW_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def run_list(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["list", "--at", AT, "--no-config", "--no-history", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def numbers_file(path: Path, count: int) -> Path:
    path.write_text("name,phone\n" + "".join(f"lead {i},+1212555{i:04d}\n" for i in range(count)), encoding="utf-8")
    return path


# ---------------------------------------------------------------- formula injection


PAYLOADS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x.example","click")', "+SUM(1,2)", "-2+3+cmd|' /C calc'!A0",
            "@SUM(1)", "\t=1+1", "\r=1+1", "=DDE(\"cmd\";\"/C calc\";\"!A0\")", "\uff1dcmd|' /C calc'!A0",
            "\uff20SUM(1)"]


def test_formula_cells_are_neutralised_in_csv(tmp_path, capsys) -> None:
    rows = "".join(f'"{payload.replace(chr(34), chr(34) * 2)}",+1 212 555 01{index:02d},=US,-5\n'
                   for index, payload in enumerate(PAYLOADS))
    source = tmp_path / "f.csv"
    source.write_text("name,phone,=cmd|x,amount\n" + rows, encoding="utf-8")
    status, out, err = run_list(capsys, str(source), "--no-hints")
    assert status == 0
    records = list(csv.reader(io.StringIO(out)))
    assert records[0][:4] == ["name", "phone", "'=cmd|x", "amount"]  # a header cell is input too
    for payload, record in zip(PAYLOADS, records[1:], strict=True):
        assert record[0] == "'" + payload  # shown as text, never run
        assert record[1].startswith("+1 212 555 01")  # a phone number is not a formula: unchanged
        assert record[2] == "'=US" and record[3] == "-5"  # a plain signed number is not either
        assert record[4].startswith("+1212555")  # e164: the list's own column, as documented
        assert record[6] == "true"


def test_raw_cells_and_other_formats_keep_the_cells(tmp_path, capsys) -> None:
    source = tmp_path / "f.csv"
    source.write_text('name,phone\n"=cmd|\' /C calc\'!A0",+12125550100\n', encoding="utf-8")
    status, out, _ = run_list(capsys, str(source), "--raw-cells")
    assert status == 0 and list(csv.reader(io.StringIO(out)))[1][0] == "=cmd|' /C calc'!A0"
    status, out, _ = run_list(capsys, str(source), "--format", "jsonl")
    assert status == 0 and json.loads(out)["name"] == "=cmd|' /C calc'!A0"  # JSON is not opened by Excel


def test_formula_cells_are_neutralised_in_a_plan_and_in_rejected_rows(tmp_path, capsys) -> None:
    source = tmp_path / "f.csv"
    source.write_text("name,phone\n=1+1,+12125550100\n@x,=2+2\n", encoding="utf-8")
    status, out, _ = run_list(capsys, str(source), "--plan")
    records = list(csv.DictReader(io.StringIO(out)))
    assert status == 0 and [record["name"] for record in records] == ["'=1+1", "'@x"]
    assert records[1]["phone"] == "'=2+2" and records[1]["error"].startswith("number:")


def test_neutralise() -> None:
    assert neutralise("=1") == "'=1" and neutralise("+33 1 23 45 67 89") == "+33 1 23 45 67 89"
    assert neutralise("-") == "'-" and neutralise("+") == "'+" and neutralise("Anne") == "Anne"
    assert neutralise("+1+1") == "'+1+1"  # a sum is a formula


# ---------------------------------------------------------------- -o FILE: complete or not at all


def test_a_complete_run_replaces_the_file_and_leaves_nothing_beside_it(tmp_path, capsys) -> None:
    source = numbers_file(tmp_path / "leads.csv", 5)
    target = tmp_path / "out.csv"
    target.write_bytes(EARLIER)
    status, _, _ = run_list(capsys, str(source), "-o", str(target))
    assert status == 0 and len(list(csv.DictReader(target.open(encoding="utf-8")))) == 5
    assert sorted(path.name for path in tmp_path.iterdir()) == ["config", "leads.csv", "out.csv"] or \
        sorted(path.name for path in tmp_path.iterdir()) == ["leads.csv", "out.csv"]


def wait_for(condition, what: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    """Poll `condition` until it holds (the output's progress); fail if the process ends first."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, f"the run ended before {what}: {process.stderr.read() if process.stderr else ''}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


def start_from_stdin(tmp_path: Path, target: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"))
    env.pop("CALLWINDOW_CONFIG", None)
    return subprocess.Popen(
        [sys.executable, "-m", "callwindow.cli", "list", "-", "-o", str(target), "--at", AT, "--no-config",
         "--no-history"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )


def part_rows(target: Path) -> int:
    part = Path(str(target) + ".part")
    return part.read_bytes().count(b"\n") - 1 if part.exists() else -1


def test_sigkill_leaves_the_earlier_file_untouched(tmp_path) -> None:
    """C-7: a killed run used to leave a file ending on a complete row, the earlier one lost."""
    target = tmp_path / "out.csv"
    target.write_bytes(EARLIER)
    process = start_from_stdin(tmp_path, target)
    assert process.stdin is not None
    process.stdin.write(b"phone\n" + b"".join(b"+1212555%04d\n" % index for index in range(3)))
    process.stdin.flush()
    wait_for(lambda: part_rows(target) == 3, "3 rows in out.csv.part", process)
    process.kill()
    process.wait(timeout=60)
    assert target.read_bytes() == EARLIER  # untouched
    part = Path(str(target) + ".part")
    assert part.exists() and part.read_text(encoding="utf-8").count("\n") == 4  # named as a part, not the file
    assert {path.name for path in tmp_path.iterdir()} <= {"out.csv", "out.csv.part", "config"}


@pytest.mark.parametrize("sent, status", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_while_waiting_for_input_stops_with_a_summary(tmp_path, sent, status) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(EARLIER)
    process = start_from_stdin(tmp_path, target)
    assert process.stdin is not None and process.stderr is not None
    process.stdin.write(b"phone\n+12125550100\n+12125550101\n")
    process.stdin.flush()
    wait_for(lambda: part_rows(target) == 2, "2 rows in out.csv.part", process)
    process.send_signal(sent)
    assert process.wait(timeout=60) == status
    err = process.stderr.read().decode()
    assert f"interrupted after 2 rows (by {signal.Signals(sent).name})" in err
    assert "rows: 2 read = 2 decided + 0 rejected, 2 written" in err and "Traceback" not in err
    assert target.read_bytes() == EARLIER
    process.stdin.close()


@pytest.mark.parametrize("sent, status", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_finishes_the_chunk_and_resume_goes_on(tmp_path, capsys, monkeypatch, sent, status) -> None:
    """The signal arrives while the second chunk is decided: that chunk is still written, the
    run stops after it, and --resume writes the rest - the same file a run without a stop writes."""
    source = numbers_file(tmp_path / "leads.csv", 10)
    expected = tmp_path / "expected.csv"
    assert run_list(capsys, str(source), "-o", str(expected))[0] == 0

    monkeypatch.setenv("CALLWINDOW_LIST_ENGINE", "rows")
    monkeypatch.setattr(command, "CHUNK_ROWS", 3)
    real = Decider.decide_chunk
    calls = []

    def signalled(self, inputs, names, vector):
        calls.append(len(inputs))
        if len(calls) == 2:
            os.kill(os.getpid(), sent)  # handled at once: it only asks the run to stop
        return real(self, inputs, names, vector)

    monkeypatch.setattr(Decider, "decide_chunk", signalled)
    target = tmp_path / "out.csv"
    target.write_bytes(EARLIER)
    code, _, err = run_list(capsys, str(source), "-o", str(target))
    assert code == status and calls == [3, 3]
    assert f"interrupted after 6 rows (by {signal.Signals(sent).name})" in err and "--resume" in err
    assert target.read_bytes() == EARLIER
    assert part_rows(target) == 6
    state = json.loads(Path(str(target) + ".part.json").read_text(encoding="utf-8"))
    assert state["rows"] == 6 and state["at"] == AT

    monkeypatch.setattr(Decider, "decide_chunk", real)
    code, _, err = main_resume(capsys, source, target)
    assert code == 0, err
    assert "rows: 4 read = 4 decided + 0 rejected, 4 written (after the 6 rows the interrupted run had written)" \
        in err
    assert target.read_bytes() == expected.read_bytes()
    assert not Path(str(target) + ".part").exists() and not Path(str(target) + ".part.json").exists()


def main_resume(capsys: pytest.CaptureFixture[str], source: Path, target: Path, *more: str) -> tuple[int, str, str]:
    status = main(["list", str(source), "-o", str(target), "--resume", "--no-config", "--no-history", *more])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_resume_after_a_kill_mid_chunk_drops_the_partial_rows(tmp_path, capsys, monkeypatch) -> None:
    """A kill leaves bytes after the last checkpoint (a chunk half written): --resume cuts them."""
    source = numbers_file(tmp_path / "leads.csv", 7)
    expected = tmp_path / "expected.csv"
    assert run_list(capsys, str(source), "-o", str(expected))[0] == 0
    monkeypatch.setenv("CALLWINDOW_LIST_ENGINE", "rows")
    monkeypatch.setattr(command, "CHUNK_ROWS", 4)
    real = Decider.decide_chunk
    calls = []

    def interrupted(self, inputs, names, vector):
        calls.append(1)
        if len(calls) == 2:
            os.kill(os.getpid(), signal.SIGTERM)
        return real(self, inputs, names, vector)

    monkeypatch.setattr(Decider, "decide_chunk", interrupted)
    target = tmp_path / "out.csv"
    assert run_list(capsys, str(source), "-o", str(target))[0] == 143
    part = Path(str(target) + ".part")
    state = json.loads(Path(str(target) + ".part.json").read_text(encoding="utf-8"))
    assert state["rows"] == 7  # both chunks finished (4 + 3 rows): only the rename is missing...
    state.update(rows=4, bytes=len(part.read_bytes().split(b"lead 4,")[0]))
    Path(str(target) + ".part.json").write_text(json.dumps(state), encoding="utf-8")  # ...as if killed after one
    with part.open("ab") as handle:
        handle.write(b"lead 9,+12125550009,+1212555000")  # and a record cut by the kill
    monkeypatch.setattr(Decider, "decide_chunk", real)
    code, _, err = main_resume(capsys, source, target)
    assert code == 0, err
    assert target.read_bytes() == expected.read_bytes()


@pytest.mark.parametrize("setup, args, words", [
    ("none", [], "nothing to resume: no"),
    ("changed", [], "is not that file any more"),
    ("plan", ["--plan"], "--resume cannot go on with --plan"),
    ("at", ["--at", "2026-11-25T15:00:00Z"], "decides at the interrupted run's instant"),
])
def test_resume_refuses_what_it_cannot_continue(tmp_path, capsys, monkeypatch, setup, args, words) -> None:
    source = numbers_file(tmp_path / "leads.csv", 4)
    target = tmp_path / "out.csv"
    if setup != "none":
        monkeypatch.setenv("CALLWINDOW_LIST_ENGINE", "rows")
        monkeypatch.setattr(command, "CHUNK_ROWS", 2)
        real = Decider.decide_chunk

        def stop(self, inputs, names, vector):
            os.kill(os.getpid(), signal.SIGTERM)
            return real(self, inputs, names, vector)

        monkeypatch.setattr(Decider, "decide_chunk", stop)
        assert run_list(capsys, str(source), "-o", str(target))[0] == 143
        monkeypatch.setattr(Decider, "decide_chunk", real)
    if setup == "changed":
        numbers_file(source, 5)
    code, _, err = main_resume(capsys, source, target, *args)
    assert code == 2 and words in err and err.count("\n") == 1, err


def test_an_interrupted_plan_leaves_nothing_and_says_so(tmp_path, capsys, monkeypatch) -> None:
    source = numbers_file(tmp_path / "leads.csv", 4)
    target = tmp_path / "plan.csv"
    target.write_bytes(EARLIER)
    monkeypatch.setenv("CALLWINDOW_LIST_ENGINE", "rows")
    monkeypatch.setattr(command, "CHUNK_ROWS", 2)
    real = Decider.decide_chunk

    def stop(self, inputs, names, vector):
        os.kill(os.getpid(), signal.SIGTERM)
        return real(self, inputs, names, vector)

    monkeypatch.setattr(Decider, "decide_chunk", stop)
    code, _, err = run_list(capsys, str(source), "--plan", "-o", str(target))
    assert code == 143 and "a plan is ordered at the end, so nothing was written" in err
    assert "rows: 2 read = 2 decided + 0 rejected, 0 written (2 not written: an interrupted plan" in err
    assert target.read_bytes() == EARLIER and not Path(str(target) + ".part").exists()


def test_a_target_that_cannot_be_replaced_is_one_line(tmp_path, capsys) -> None:
    source = numbers_file(tmp_path / "leads.csv", 2)
    target = tmp_path / "folder"
    target.mkdir()
    status, _, err = run_list(capsys, str(source), "-o", str(target))
    assert status == 2 and err.startswith("can-i-call: error: the run stopped:") and "Traceback" not in err
    assert target.is_dir()


def test_resume_keeps_a_bom_and_jsonl(tmp_path, capsys, monkeypatch) -> None:
    """The BOM is written once, at the start, and JSON lines resume as CSV does."""
    real = Decider.decide_chunk

    def stop(self, inputs, names, vector):
        os.kill(os.getpid(), signal.SIGTERM)
        return real(self, inputs, names, vector)

    for name, text, args in [("bom.csv", "\ufeffname,phone\n", []), ("plain.jsonl", "", [])]:
        source = tmp_path / name
        if name.endswith(".jsonl"):
            source.write_text("".join(json.dumps({"phone": f"+1212555{i:04d}"}) + "\n" for i in range(5)),
                              encoding="utf-8")
        else:
            source.write_text(text + "".join(f"lead {i},+1212555{i:04d}\n" for i in range(5)), encoding="utf-8")
        expected, target = tmp_path / f"expected-{name}", tmp_path / f"out-{name}"
        assert run_list(capsys, str(source), "-o", str(expected), *args)[0] == 0
        monkeypatch.setenv("CALLWINDOW_LIST_ENGINE", "rows")
        monkeypatch.setattr(command, "CHUNK_ROWS", 2)
        monkeypatch.setattr(Decider, "decide_chunk", stop)
        assert run_list(capsys, str(source), "-o", str(target), *args)[0] == 143
        monkeypatch.setattr(Decider, "decide_chunk", real)
        code, _, err = main_resume(capsys, source, target)
        assert code == 0, err
        assert target.read_bytes() == expected.read_bytes(), name
        assert target.read_bytes().count(b"\xef\xbb\xbf") == (1 if name == "bom.csv" else 0)


def test_the_signal_handlers_and_the_collector_are_given_back(tmp_path, capsys, monkeypatch) -> None:
    import gc

    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT), gc.get_threshold()
    during = []
    real = Decider.decide_chunk

    def seen(self, inputs, names, vector, **options):
        during.append((signal.getsignal(signal.SIGTERM), gc.get_threshold()))
        return real(self, inputs, names, vector, **options)

    monkeypatch.setattr(Decider, "decide_chunk", seen)
    assert run_list(capsys, str(numbers_file(tmp_path / "leads.csv", 2)))[0] == 0
    assert during and during[0][0] != before[0] and during[0][1][0] == command.COLLECT_AFTER
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT), gc.get_threshold()) == before
