"""The container image (Dockerfile) built and run: it starts as a non-root user, its HEALTHCHECK
turns healthy, a check answers with a key and is refused without one, SIGTERM stops it with
exit 0; compose.yaml is valid. Runs only with CALLWINDOW_DOCKER_TESTS=1 and a working Docker
(a build takes minutes: not part of the normal run; docs/testing.md).

CALLWINDOW_DOCKER_PYTHON_IMAGE names the base image to build on (default the Dockerfile's own,
python:3.11-slim); the build uses the host's network (pip fetches the dependencies)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
KEY = "docker-test-key-0123456789"
WAIT = 180.0  # seconds for the container to turn healthy (a limit: the wait ends on the status)


def _docker_ready() -> str | None:
    if os.environ.get("CALLWINDOW_DOCKER_TESTS") != "1":
        return "set CALLWINDOW_DOCKER_TESTS=1 to build and run the image (minutes)"
    if shutil.which("docker") is None:
        return "docker is not installed"
    if subprocess.run(["docker", "info"], capture_output=True, timeout=60).returncode != 0:
        return "the Docker daemon does not answer (docker info failed)"
    return None


_why = _docker_ready()
pytestmark = pytest.mark.skipif(_why is not None, reason=_why or "")


def _docker(*args: str, timeout: float = 120, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout, check=check)


@pytest.fixture(scope="module")
def image() -> Iterator[str]:
    tag = f"callwindow-test:{uuid.uuid4().hex[:8]}"
    base = os.environ.get("CALLWINDOW_DOCKER_PYTHON_IMAGE")
    build = ["build", "--network", "host", "-t", tag, *(["--build-arg", f"PYTHON_IMAGE={base}"] if base else []),
             str(ROOT)]
    built = _docker(*build, timeout=1800, check=False)
    assert built.returncode == 0, built.stderr[-3000:]
    yield tag
    _docker("image", "rm", "-f", tag, check=False)


def _health(container: str) -> str:
    state = json.loads(_docker("inspect", container).stdout)[0]["State"]
    return str(state.get("Health", {}).get("Status", "none"))


def test_the_image_runs_unprivileged_turns_healthy_and_answers(image: str) -> None:
    name = f"callwindow-test-{uuid.uuid4().hex[:8]}"
    _docker("run", "-d", "--name", name, "-p", "127.0.0.1::8080", "-e", f"CALLWINDOW_API_KEYS={KEY}", image)
    try:
        assert _docker("exec", name, "id", "-u").stdout.strip() != "0"
        deadline = time.monotonic() + WAIT
        while (status := _health(name)) != "healthy":  # the HEALTHCHECK's own verdict
            assert status in ("starting", "none") and time.monotonic() < deadline, (
                status, _docker("logs", name, check=False).stderr[-2000:])
            time.sleep(1)  # docker reports health by polling; there is no event to wait on
        port = _docker("port", name, "8080/tcp").stdout.split(":")[-1].strip()
        check = f"http://127.0.0.1:{port}/v1/check?number=%2B12125550123&at=2026-11-24T15:00:00Z"
        request = urllib.request.Request(check, headers={"Authorization": f"Bearer {KEY}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            decision = json.loads(response.read())
        assert decision["action"] == "call" and decision["zones"] == ["America/New_York"]
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(check, timeout=10)
        assert refused.value.code == 401
        _docker("stop", "--time", "30", name, timeout=60)
        assert json.loads(_docker("inspect", name).stdout)[0]["State"]["ExitCode"] == 0
    finally:
        _docker("rm", "-f", name, check=False)


def test_compose_file_is_valid() -> None:
    compose = (["docker", "compose"] if subprocess.run(["docker", "compose", "version"], capture_output=True)
               .returncode == 0 else ["docker-compose"] if shutil.which("docker-compose") else None)
    if compose is None:
        pytest.skip("neither `docker compose` nor docker-compose is installed")
    env = {**os.environ, "POSTGRES_PASSWORD": "test", "CALLWINDOW_API_KEYS": KEY}
    found = subprocess.run([*compose, "-f", str(ROOT / "compose.yaml"), "config"], capture_output=True, text=True,
                           env=env, timeout=60)
    assert found.returncode == 0, found.stderr
    assert "postgresql://callwindow:test@postgres:5432/callwindow" in found.stdout
