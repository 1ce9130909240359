"""The package as users get it: build the sdist and wheel, check their metadata with twine,
install the wheel (no extras) in a fresh virtual environment and run it from outside the
source tree: the data, the license and the version ship inside, `python -m callwindow`
answers, and a server command without the `http` extra says which extra to install."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(
    args: list[str], cwd: Path, ok: tuple[int, ...] = (0,), timeout: int = 900
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    assert result.returncode in ok, f"{args} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result


@dataclass(frozen=True)
class Built:
    sdist: Path
    wheel: Path
    bin_dir: Path  # of a fresh venv with only the wheel (and its dependencies) installed
    workdir: Path  # outside the source tree


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    base = tmp_path_factory.mktemp("package")
    dist = base / "dist"
    _run([sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)], base)
    (sdist,) = dist.glob("callwindow-*.tar.gz")
    (wheel,) = dist.glob("callwindow-*.whl")
    venv = base / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], base)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    _run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)], base)
    workdir = base / "work"
    workdir.mkdir()
    return Built(sdist, wheel, bin_dir, workdir)


def _version() -> str:
    """The one version source: the literal in callwindow/version.py, which pyproject.toml's
    dynamic version reads at build time."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["dynamic"] == ["version"] and "version" not in project["project"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "callwindow.version.__version__"}
    (literal,) = re.findall(r'^__version__: str = "([^"]+)"$', (ROOT / "callwindow" / "version.py").read_text(),
                            flags=re.MULTILINE)
    return literal


def test_twine_accepts_both_distributions(built: Built) -> None:
    result = _run([sys.executable, "-m", "twine", "check", "--strict", str(built.sdist), str(built.wheel)], ROOT)
    assert result.stdout.count("PASSED") == 2


def test_the_license_ships_in_both(built: Built) -> None:
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    with zipfile.ZipFile(built.wheel) as wheel:
        names = wheel.namelist()
        (licensed,) = [name for name in names if name.endswith(".dist-info/licenses/LICENSE")]
        assert wheel.read(licensed).decode() == license_text
        (metadata,) = [name for name in names if name.endswith(".dist-info/METADATA")]
        fields = wheel.read(metadata).decode()
    assert "License-Expression: MIT" in fields and "License-File: LICENSE" in fields
    assert re.search(r"^Project-URL: Changelog, ", fields, flags=re.MULTILINE)
    assert re.search(rf"^Version: {re.escape(_version())}$", fields, flags=re.MULTILINE)  # the dynamic version
    with tarfile.open(built.sdist) as sdist:
        assert f"callwindow-{_version()}/LICENSE" in sdist.getnames()


def test_installed_wheel_finds_its_data(built: Built) -> None:
    result = _run([str(built.bin_dir / "can-i-call"), "+33 1 23 45 67 89", "--at", "2026-11-28T10:00:00Z",
                   "--consent", "--json", "--no-config"], built.workdir, ok=(1,))
    answer = json.loads(result.stdout)
    # Saturday in Paris: the French law (from the shipped data) closes the day (with consent:
    # without it, L.223-1 refuses the sales call outright).
    assert "FR.d223-9.prospecting-hours" in {reason["rule"] for reason in answer["reasons"]}
    assert answer["next_allowed_at"] == "2026-11-30T09:00:00Z"
    # one version source: the installed metadata, stamped on every decision
    assert answer["versions"]["callwindow"] == _version()


def test_python_dash_m_callwindow_answers(built: Built) -> None:
    result = _run([str(built.bin_dir / "python"), "-m", "callwindow", "+1 212 555 0123",
                   "--at", "2026-11-24T15:00:00Z", "--no-config"], built.workdir)
    assert result.stdout.startswith("YES - a call is allowed at that time")
    assert "place: US-NY, Eastern Time (America/New_York)" in result.stdout  # data/zone_names.csv ships


@pytest.mark.parametrize("command", [["can-i-call", "serve"], ["callwindow-serve"]])
def test_serving_without_the_http_extra_is_one_line(built: Built, command: list[str]) -> None:
    keys = built.workdir / "keys.txt"
    keys.write_text("crm:" + "0" * 64 + "\n")
    result = _run([str(built.bin_dir / command[0]), *command[1:], "--keys-file", str(keys)], built.workdir, ok=(2,))
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert "callwindow[http]" in result.stderr


def test_the_mcp_server_without_its_extra_is_one_line(built: Built) -> None:
    result = _run([str(built.bin_dir / "callwindow-mcp")], built.workdir, ok=(2,))
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert "callwindow[mcp]" in result.stderr


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quickstart = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    commands = [line for line in quickstart.splitlines() if line.startswith("python3 -m venv")]
    assert len(commands) == 2, "the quickstart holds two commands: the main job and the test suite"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip("\n").splitlines()
    assert ci[-1] == commands[1]
    assert "set -euo pipefail" in ci
    # the test command lints and type-checks before the suite
    words = shlex.split(commands[1])
    assert ".venv/bin/ruff" in words and ".venv/bin/mypy" in words
    assert words[-3:] == [".venv/bin/python", "-m", "pytest"]
