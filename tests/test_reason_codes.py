"""Reason codes are `model.ReasonCode` members everywhere: each is documented, and no module
under callwindow/ spells one as a string literal (model.py, where they are defined, aside).

Read from the source with `ast`: every string constant except docstrings (and other bare
string statements) and `__slots__` entries (attribute names) counts.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

from callwindow.model import REASON_CODES, ReasonCode

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "callwindow"
DEFINED_IN = "callwindow/model.py"

# Literals that spell a reason code but name something else, with how many there are: a new
# literal of that word in the same file fails the test too.
NOT_REASON_CODES: dict[tuple[str, str], int] = {
    ("callwindow/rules.py", "text_instead"): 3,  # the courtesy profile's setting (a TOML key)
    ("callwindow/rules.py", "state_of_emergency"): 1,  # a rule's `when` condition (CONDITIONS)
    ("callwindow/kernel/context.py", "state_of_emergency"): 1,  # rule.when, the same condition
    ("callwindow/timeline.py", "night"): 1,  # the legend's word for the `n` slots (JSON "legend")
}


def test_every_reason_code_is_documented() -> None:
    text = (ROOT / "docs" / "reason-codes.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\|\s*`([a-z_]+)`\s*\|", text, flags=re.MULTILINE)
    assert sorted(documented) == sorted(code.value for code in ReasonCode)
    for code in ReasonCode:
        assert code.name == code.value.upper() and code.meaning, code.name
        assert REASON_CODES[code.value] == code.meaning
    assert list(REASON_CODES) == [code.value for code in ReasonCode]


def _not_values(tree: ast.AST) -> set[int]:
    """ids of the string constants that are not values: docstrings, bare string statements
    and `__slots__` entries."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skipped.add(id(node.value))
        elif isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__slots__" for target in node.targets
        ):
            skipped.update(id(inner) for inner in ast.walk(node.value))
    return skipped


def code_literals(path: Path) -> list[tuple[int, str]]:
    """(line, code) of every string literal in the file that equals a reason code."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skipped = _not_values(tree)
    codes = set(REASON_CODES)
    return sorted(
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in codes
        and id(node) not in skipped
    )


def test_no_reason_code_is_a_string_literal() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative == DEFINED_IN or "__pycache__" in path.parts:
            continue
        literals = code_literals(path)
        counts = Counter(code for _, code in literals)
        for line, code in literals:
            expected = NOT_REASON_CODES.get((relative, code))
            if expected is None or counts[code] != expected:
                found.append(f"{relative}:{line}: {code!r}")
    assert not found, (
        "reason codes written as string literals (use model.ReasonCode members; if the word names "
        "something else, add it to NOT_REASON_CODES with its count):\n" + "\n".join(found)
    )


def test_the_scan_finds_literals() -> None:
    # The scan itself: a literal code is found, a docstring, a bare string and __slots__ are not.
    source = '"""night"""\n__slots__ = ("night",)\nX = "night"\n"no_window"\ndef f():\n    """no_window"""\n'
    tree = ast.parse(source)
    skipped = _not_values(tree)
    values = [node.value for node in ast.walk(tree)
              if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped]
    assert values == ["night"]
