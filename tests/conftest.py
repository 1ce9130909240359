"""Shared fixtures: the two built-in policies (built once, they are immutable)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from callwindow import Policy


@pytest.fixture(scope="session")
def legal() -> Policy:
    """Laws only, no courtesy, no call-duration margin: isolates each law."""
    return Policy.legal_minimum()


@pytest.fixture(scope="session")
def courtesy() -> Policy:
    """Laws + the courtesy profile (the default)."""
    return Policy.default()


def utc(text: str) -> datetime:
    """'2026-11-24 15:00' read as UTC."""
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
