"""Shared fixtures: the two built-in policies (built once, they are immutable)."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from budget import PROFILE  # registers and loads the hypothesis profiles before any test module

from callwindow import Policy


def pytest_report_header() -> str:
    return f"hypothesis profile: {PROFILE} (HYPOTHESIS_PROFILE=deep for the release check; tests/budget.py)"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", default=False,
        help="rewrite tests/golden/*.json from the current engine and data (review the diff)",
    )


@pytest.fixture(autouse=True)
def hermetic_user_files(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read or write the user's own settings or history store."""
    home = tmp_path_factory.mktemp("user")
    for name in ("CALLWINDOW_DB", "CALLWINDOW_CONFIG", "CALLWINDOW_HASH_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))


@pytest.fixture(autouse=True)
def access_lines_stay_with_their_test() -> Iterator[None]:
    """The HTTP access log is written by a thread every 50 ms to sys.stderr as it is then: a
    test's last lines, written late, would land in the next test's captured stderr (a test
    that counts its error lines then fails on another test's lines). Written at each test's end."""
    yield
    security = sys.modules.get("callwindow.http.security")  # (no import for tests without HTTP)
    if security is not None:
        security.access_log().flush()


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def legal() -> Policy:
    """Laws only, no courtesy, no call-duration margin: isolates each law."""
    return Policy.legal_minimum()


@pytest.fixture(scope="session")
def courtesy() -> Policy:
    """Laws + the courtesy profile (the default)."""
    return Policy.default()
