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
    assert len(callwindow.__all__) <= 30


def test_reason_codes_doc_lists_exactly_the_codes() -> None:
    text = (ROOT / "docs" / "reason-codes.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\|\s*`([a-z_]+)`\s*\|", text, flags=re.MULTILINE))
    assert documented == set(REASON_CODES)


def test_jurisdictions_doc_lists_exactly_the_data() -> None:
    from callwindow.tools.coverage_table import table

    text = (ROOT / "docs" / "jurisdictions.md").read_text(encoding="utf-8")
    assert text == table(), "regenerate: python -m callwindow.tools.coverage_table > docs/jurisdictions.md"
    jurisdictions, _ = load_all()
    listed = set(re.findall(r"^\| ([A-Z]{2}(?:-[A-Z0-9]+)?) \|", text, flags=re.MULTILINE))
    assert listed == {j.id for j in jurisdictions}
