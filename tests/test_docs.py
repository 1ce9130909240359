"""Docs that list things are checked against the code."""

from __future__ import annotations

import re
from pathlib import Path

import callwindow
from callwindow import load_all
from callwindow.model import REASON_CODES

ROOT = Path(__file__).resolve().parent.parent


def test_public_api_is_small_and_sorted() -> None:
    assert callwindow.__all__ == sorted(callwindow.__all__)
    assert all(hasattr(callwindow, name) for name in callwindow.__all__)
    assert len(callwindow.__all__) <= 25


def test_reason_codes_doc_lists_exactly_the_codes() -> None:
    text = (ROOT / "docs" / "reason-codes.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\|\s*`([a-z_]+)`\s*\|", text, flags=re.MULTILINE))
    assert documented == set(REASON_CODES)


def test_readme_coverage_table_matches_data() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Coverage", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| ([A-Z]{2}(?:-[A-Z0-9]+)?) [^|]*\|[^|]*\| (high|medium|low) \|$", section, flags=re.MULTILINE)
    jurisdictions, _ = load_all()
    order = {"low": 0, "medium": 1, "high": 2}
    expected = {j.id: min((rule.confidence for rule in j.rules), key=order.__getitem__) for j in jurisdictions}
    assert dict(rows) == expected
