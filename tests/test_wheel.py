"""The data ships inside the wheel: build one, install it in a fresh virtual
environment, run the installed command from outside the source tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert result.returncode in (0, 1), f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result


def test_installed_wheel_finds_its_data(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)], tmp_path)
    (wheel,) = wheels.glob("callwindow-*.whl")
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], tmp_path)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    _run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)], tmp_path)
    result = _run(
        [str(bin_dir / "can-i-call"), "+33 1 23 45 67 89", "--at", "2026-11-28T10:00:00Z", "--json"], tmp_path
    )
    answer = json.loads(result.stdout)
    assert result.returncode == 1
    # Saturday in Paris: the French law (from the shipped data) closes the day.
    assert "FR.d223-9.prospecting-hours" in {reason["rule"] for reason in answer["reasons"]}
    assert answer["next_allowed_at"] == "2026-11-30T09:00:00Z"
