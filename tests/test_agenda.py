"""Lead temperature (S15) in the calling plans, and the agenda (S10, S11, S15): `list --plan`
and `calling_order` put hot leads first among the callable-now (a 1,000-row list), a bad
temperature is rejected in its row's place, and the agenda lists callbacks, redials inside
their grace and callable hot leads in order, each with the policy's decision."""

from __future__ import annotations

import csv
import io
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from callwindow.agenda import Lead, build_agenda, temperature_rank
from callwindow.cli import main
from callwindow.errors import InvalidInput
from callwindow.history import Attempt, Callback, History
from callwindow.policy import Policy
from callwindow.request import Question

POLICY = Policy.default()
AT = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)  # Tue 10:00 in New York, 16:00 in Berlin
# numbers whose windows close at different times (and some not callable at 15:00 UTC)
NUMBERS = ["+12125550123", "+13105550123", "+13055550123", "+441212345678", "+4930123456", "+81312345678",
           "+17135550123", "+33123456789", "+61212345678", "+5511912345678"]
RANK = {"hot": 0, "warm": 1, "": 2, "cold": 3}


def write_list(path: Path, rows: int, seed: int = 19) -> list[tuple[str, str]]:
    chooser = random.Random(seed)
    made = [(chooser.choice(NUMBERS), chooser.choice(["hot", "warm", "cold", ""])) for _ in range(rows)]
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["phone", "name", "temperature"])
        for index, (number, heat) in enumerate(made):
            writer.writerow([number, f"lead {index}", heat])
    return made


def test_list_plan_puts_hot_leads_first_among_the_callable_now(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "leads.csv"
    write_list(source, 1000)
    assert main(["list", str(source), "--plan", "--at", AT.isoformat(), "--no-config", "--no-history",
                 "--quiet"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 1000
    callable_now = [row for row in rows if row["allowed"] == "true"]
    others = rows[len(callable_now):]
    assert callable_now and others and all(row["allowed"] != "true" for row in others)
    keys = [(RANK[row["temperature"]], row["window_closes_at"] or "~") for row in callable_now]
    assert keys == sorted(keys)  # hot first, then by closing time within the same temperature
    assert {row["temperature"] for row in callable_now[:10]} == {"hot"}
    waiting = [(row["next_allowed_at"], RANK[row["temperature"]]) for row in others if row["next_allowed_at"]]
    assert waiting == sorted(waiting)  # the others: by next window, hotter first at the same instant


def test_calling_order_by_temperature_on_1000_rows() -> None:
    pytest.importorskip("numpy")
    from callwindow.batch import decide_batch, ingest
    from callwindow.batch.plan import calling_order

    chooser = random.Random(7)
    numbers = [chooser.choice(NUMBERS) for _ in range(1000)]
    heat = [chooser.choice(["hot", "warm", "cold", None]) for _ in range(1000)]
    decisions = decide_batch(ingest(numbers), AT)
    order = calling_order(decisions, temperature=heat)
    allowed = decisions.allowed[order]
    now = order[allowed]
    assert allowed[: len(now)].all() and not allowed[len(now):].any()
    closes = decisions.window_closes_at.astype("int64")
    keys = [(temperature_rank(heat[row]), int(closes[row])) for row in now]
    assert keys == sorted(keys)
    plain = calling_order(decisions)  # without temperatures: by closing time only, as before
    assert sorted(plain.tolist()) == sorted(order.tolist())
    with pytest.raises(InvalidInput, match="row 3"):
        calling_order(decisions, temperature=["hot", "warm", "cold", "lukewarm", *heat[4:]])


def test_a_bad_temperature_is_rejected_in_its_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "leads.csv"
    source.write_text("phone,temperature\n+12125550123,hot\n+12125550124,tepid\n+12125550125,COLD\n",
                      encoding="utf-8")
    assert main(["list", str(source), "--at", AT.isoformat(), "--no-config", "--no-history", "--quiet"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [row["action"] for row in rows] == ["call", "", "call"]
    assert "must be cold, warm or hot" in rows[1]["error"] and "tepid" in rows[1]["error"]


def test_the_agenda_in_order() -> None:
    ny, dropped, old_drop, late, hot, cold = ("+12125550123", "+12125550124", "+12125550125", "+12125550126",
                                              "+13055550123", "+13105550123")
    berlin = "+4930123456"  # hot, but a German sales call needs consent: not callable, so not listed
    histories = {
        ny: History(callbacks=(Callback.create(ny, AT + timedelta(hours=2), AT + timedelta(hours=2, minutes=30)),)),
        dropped: History(attempts=(Attempt.create(dropped, AT - timedelta(minutes=2), outcome="dropped"),)),
        old_drop: History(attempts=(Attempt.create(old_drop, AT - timedelta(minutes=30), outcome="dropped"),)),
        # an agreed callback lifts courtesy, never a law: 22:00 in New York is outside the law's hours
        late: History(callbacks=(Callback.create(late, AT + timedelta(hours=12)),)),
    }
    leads = [Lead(Question.of(number, AT), heat) for number, heat in
             ((ny, None), (dropped, "warm"), (old_drop, None), (late, None), (berlin, "hot"), (hot, "hot"),
              (cold, "cold"))]
    entries = build_agenda(POLICY, leads, histories, AT, AT + timedelta(hours=13))
    assert [(entry.kind, entry.number) for entry in entries] == [
        ("callback", ny), ("callback", late), ("redial", dropped), ("hot_lead", hot)]
    assert entries[0].decision.allowed and entries[0].at == AT + timedelta(hours=2)
    assert not entries[1].decision.allowed  # listed, with the law's reasons: never shown as callable
    assert "outside_hours" in {str(reason.code) for reason in entries[1].decision.reasons}
    assert entries[2].decision.allowed and "dropped 2 min ago" in entries[2].why
    assert entries[2].until == AT + timedelta(minutes=8)


def test_cli_agenda(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "h.sqlite3")
    store = ["--no-config", "--db", db]
    assert main(["record", "+12125550124", "--at", (AT - timedelta(minutes=3)).isoformat(), "--outcome", "dropped",
                 *store, "--create-db"]) == 0
    assert main(["callback", "+12125550123", "--at", (AT + timedelta(hours=1)).isoformat(), *store]) == 0
    source = tmp_path / "leads.csv"
    source.write_text("phone,temperature\n+12125550123,\n+13055550123,hot\n+12125550124,warm\nnonsense,hot\n",
                      encoding="utf-8")
    capsys.readouterr()
    assert main(["agenda", str(source), "--at", AT.isoformat(), "--until", (AT + timedelta(hours=8)).isoformat(),
                 "--json", *store]) == 0
    captured = capsys.readouterr()
    payload = json.loads(captured.out)
    assert [(entry["kind"], entry["number"]) for entry in payload["entries"]] == [
        ("callback", "+12125550123"), ("redial", "+12125550124"), ("hot_lead", "+13055550123")]
    assert [row["line"] for row in payload["rejected"]] == [5]
    assert "line 5" in captured.err
    assert main(["agenda", str(source), "--plan", *store]) == 2


def test_seed_rules_doc_maps_every_rule_to_tests_that_exist() -> None:
    import re

    root = Path(__file__).resolve().parent.parent
    text = (root / "docs" / "seed-rules.md").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if re.match(r"\| S\d+ \|", line)]
    assert [line.split("|")[1].strip() for line in rows] == [f"S{n}" for n in range(1, 17)]
    cited = re.findall(r"`(tests/[\w/]+\.py)(?:::(\w+))?", text)
    assert len(cited) >= 16
    last_file = None
    for path, name in cited:
        source = (root / path).read_text(encoding="utf-8")
        last_file = path
        if name:
            assert re.search(rf"^def {name}\(", source, re.MULTILINE), f"{path}::{name} is cited but does not exist"
    assert last_file is not None
    # `::name` right after a test of the same file (written "`::name`") must exist in that file too
    for match in re.finditer(r"`(tests/[\w/]+\.py)::\w+`((?:, `::\w+`)+)", text):
        source = (root / match.group(1)).read_text(encoding="utf-8")
        for name in re.findall(r"`::(\w+)`", match.group(2)):
            assert re.search(rf"^def {name}\(", source, re.MULTILINE), f"{match.group(1)}::{name} does not exist"
