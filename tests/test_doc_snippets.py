"""Every fenced block of README.md and docs/*.md that a reader can copy is run, checked against a
repository file, or exempted in the markdown with a reason (the rules: tests/doc_snippets.py)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from doc_snippets import (
    EXAMPLES,
    ROOT,
    Block,
    all_blocks,
    claim_holds,
    console_steps,
    doc_files,
    http_matches,
    normalise,
    problems_of,
    read_blocks,
    run_document,
    shown_file_problem,
)

MAX_EXEMPTIONS = 12  # keep them few: each is a snippet no test runs


def _runnable_docs() -> list[str]:
    return [path.relative_to(ROOT).as_posix() for path in doc_files()
            if any(block.runnable for block in read_blocks(path))]


# ---------------------------------------------------------------------------- every block is accounted for


def test_every_block_is_run_checked_or_exempted() -> None:
    blocks = all_blocks()
    problems = [problem for block in blocks for problem in problems_of(block)]
    assert not problems, "\n".join(problems)
    exempt = [block for block in blocks if block.exempt]
    assert all(block.reason for block in exempt)
    assert len(exempt) <= MAX_EXEMPTIONS, "\n".join(f"{block.where}: {block.reason}" for block in exempt)
    assert sum(block.runnable for block in blocks) >= 60


def test_shown_files_are_the_repository_files() -> None:
    """A block that shows a file (`file PATH`, or `$ cat NAME` of a docs/examples/ file) is that
    file byte for byte, and every example file is used by a document."""
    blocks = all_blocks()
    problems = [problem for block in blocks if block.marker in ("file", "file-start")
                if (problem := shown_file_problem(block))]
    shown = {block.argument for block in blocks if block.marker in ("file", "file-start")}
    for block in blocks:
        if block.language != "console" or block.exempt:
            continue
        for step in console_steps(block.body):
            cat = re.fullmatch(r"cat (\S+)", step.command)
            if cat and (EXAMPLES / Path(cat.group(1)).name).is_file():
                name = Path(cat.group(1)).name
                shown.add(f"docs/examples/{name}")
                if (EXAMPLES / name).read_text(encoding="utf-8") != step.expected:
                    problems.append(f"{block.where}: `$ {step.command}` does not show docs/examples/{name}")
    assert not problems, "\n".join(problems)
    assert {"docs/examples/our-hours.toml", "docs/examples/leads.csv"} <= shown
    text = "\n".join(path.read_text(encoding="utf-8") for path in doc_files())
    unused = [path.name for path in EXAMPLES.iterdir() if path.name not in text]
    assert not unused, f"example files no document names: {unused}"


# ---------------------------------------------------------------------------- run them


@pytest.mark.parametrize("doc", _runnable_docs())
def test_document_snippets_run_as_shown(doc: str, tmp_path: Path) -> None:
    path = ROOT / doc
    if doc == "docs/http.md":  # the test extra installs the http extra: a missing module is a broken set-up
        missing = [module for module in ("fastapi", "uvicorn", "httpx") if importlib.util.find_spec(module) is None]
        assert not missing, f"docs/http.md needs the http extra: pip install -e '.[test]' ({', '.join(missing)})"
    session = run_document(path, tmp_path / "session")
    assert not session.failures, "\n\n".join(session.failures)
    assert session.ran == [block.where for block in read_blocks(path) if block.runnable]


# ---------------------------------------------------------------------------- the runner itself

WRONG = '''# A document with mistakes

```console
$ can-i-call "+1 212 555 0123" --at 2026-11-24T15:00:00Z --my-zone Europe/London
YES - a call is allowed at that time, until 12:57 their time (2 h 57 min left)
[exit 1]
```

```python
from callwindow import check

check("+33 1 23 45 67 89", "2026-11-24T12:30:00Z", consent=True).action   # <Action.CALL: 'call'>
```

```python
>>> 1 + 1
3
```

```python
print("hello")
```

<!-- snippet: output -->
```text
goodbye
```

```sh
false
```
'''


def test_the_runner_reports_every_mistake(tmp_path: Path) -> None:
    doc = tmp_path / "wrong.md"
    doc.write_text(WRONG, encoding="utf-8")
    session = run_document(doc, tmp_path / "session")
    found = "\n".join(session.failures)
    assert len(session.ran) == 6
    assert "printed\nYES - a call is allowed at that time, until 11:57" in found and "exited 0, not 1" in found
    assert "is <Action.DEFER: 'defer'>, the comment says \"<Action.CALL: 'call'>\"" in found
    assert "Expected:\n    3\nGot:\n    2" in found
    assert "printed\nhello\n--- instead of ---\ngoodbye" in found
    assert "the sh block exited 1" in found
    assert len(session.failures) == 6


def test_blocks_are_classified_and_exemptions_need_reasons(tmp_path: Path) -> None:
    doc = tmp_path / "kinds.md"
    doc.write_text("```\nplain\n```\n\n<!-- snippet: not-run -->\n```sh\nrm -rf /\n```\n\n"
                   "```json\n{}\n```\n\n```text\n$ can-i-call +12125550123\n```\n\n"
                   "<!-- snippet: not-run (a reason) -->\n```json\n{}\n```\n\n```text\na diagram\n```\n",
                   encoding="utf-8")
    blocks = read_blocks(doc)
    problems = [problems_of(block) for block in blocks]
    assert ["fence without a language" in " ".join(found) for found in problems] == [True] + [False] * 5
    assert "needs a reason" in problems[1][0] and "must be checked" in problems[2][0]
    assert "a text block with commands" in problems[3][0]
    assert problems[4:] == [[], []] and blocks[4].exempt and blocks[4].reason == "a reason"
    assert not any(block.runnable for block in blocks)


def test_console_steps() -> None:
    steps = console_steps('$ curl -s http://x \\\n       -d \'{"a": 1}\'\n{"b":2}\n\n$ echo hi\nhi\n[exit 0]\n')
    assert [(step.command, step.expected, step.status) for step in steps] == [
        ("curl -s http://x  -d '{\"a\": 1}'", '{"b":2}\n', None), ("echo hi", "hi\n", 0)]


def test_normalisation_is_narrow() -> None:
    text = ("9 rows from leads.csv in 0.07 s (122 rows/s)\nkey: cw_v-0qeFIZxB9FzVOfJA0rerYEcrXX0u8R8ns7xGk46K8\n"
            "crm:2f3195c86e24cb620ac92260fd7c71a7f8acf38a5fa0939b12b67ad0df387c17\n"
            "INFO:     Started server process [6523]   \n")
    assert normalise(text) == ("9 rows from leads.csv in T s (R rows/s)\nkey: cw_KEY\ncrm:DIGEST\n"
                               "INFO:     Started server process [PID]\n")
    kept = "rules b5a24a1588c1, in 7 h, request 2b0224b6e3ea493dabef80d5a4a840ec, cw_short\n"
    assert normalise(kept) == kept
    # the rule data's digest in a versions line or object changes with every data edit
    assert normalise('rules=a99853473cd2;tzdata\n"rules": "b5a24a1588c1"\n') == 'rules=RULES;tzdata\n"rules": "RULES"\n'


def test_http_outputs_are_compared_as_data() -> None:
    assert http_matches('{"a": 1, "b": [1, 2]}\n', '{"b":[1,2],"a":1}')
    assert not http_matches('{"a": 1}\n', '{"a": 1, "b": 2}')
    assert not http_matches('{"a": 1}\n', '{"a": true}')
    shown = "HTTP/1.1 401 Unauthorized\nwww-authenticate: Bearer\n\n{\"status\": 401}\n"
    got = "HTTP/1.1 401 Unauthorized\r\ndate: today\r\nwww-authenticate: Bearer\r\n\r\n{\"status\":401}"
    assert http_matches(shown, got)
    assert not http_matches(shown, got.replace("Bearer", "Basic"))
    assert not http_matches(shown, got.replace("401 Unauthorized", "403 Forbidden"))
    elided = '{"list": [{"id": 1}, ... 4 in all ..., {"id": 4}]}\n'
    assert http_matches(elided, '{"list": [{"id": 1}, {"id": 2}, {"id": 3}, {"id": 4}]}')
    assert not http_matches(elided, '{"list": [{"id": 1}, {"id": 2}, {"id": 4}]}')
    assert not http_matches(elided, '{"list": [{"id": 1}, {"id": 2}, {"id": 3}, {"id": 5}]}')


def test_a_comment_claims_the_value() -> None:
    from datetime import UTC, datetime

    from callwindow.model import Action

    when = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)
    assert claim_holds("<Action.DEFER: 'defer'>", Action.DEFER)
    assert claim_holds("2026-11-24 13:00:00+00:00 (14:00 in Paris)", when)
    assert claim_holds("(<Action.SMS: 'sms'>, 2026-11-24 13:00:00+00:00) (21:00 New York)", (Action.SMS, when))
    assert claim_holds("['meal_time', 'outside_hours']", ["meal_time", "outside_hours"])
    assert claim_holds("1 (the id)", 1)
    assert not claim_holds("10", 1)
    assert not claim_holds("Action.DEFER", Action.DEFER)
    assert not claim_holds("datetime(2026, 11, 24, 13, 0, tzinfo=UTC)", when)


def test_block_where_and_sections() -> None:
    readme = read_blocks(ROOT / "README.md")
    quickstart = [block for block in readme if block.section == "Quickstart"]
    assert quickstart and all(isinstance(block, Block) and block.exempt for block in quickstart)
    assert all(block.where.startswith("README.md:") for block in readme)
