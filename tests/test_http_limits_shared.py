"""Per-key limits with two workers (a real `callwindow-serve --workers 2`): the workers share
the key's bucket through the limits file, so a burst of 3 admits 3 requests in all, not 3 per
worker. Every request opens a new connection, so the kernel spreads them over both workers."""

from __future__ import annotations

import hashlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("uvicorn")

KEY = "shared-limit-key-0123456789"
WAIT = 120.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _status(port: int) -> tuple[int, str | None]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", "/v1/meta", headers={"Authorization": f"Bearer {KEY}"})
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("ratelimit-remaining")
    finally:
        connection.close()


def test_two_workers_admit_a_keys_burst_once(tmp_path: Path) -> None:
    keys = tmp_path / "keys.txt"
    keys.write_text(f"crm:{hashlib.sha256(KEY.encode()).hexdigest()} rate=0.001 burst=3\n")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("CALLWINDOW_API_KEYS", "CALLWINDOW_LIMITS_FILE")}
    server = subprocess.Popen(
        [sys.executable, "-m", "callwindow.http", "--port", str(port), "--workers", "2", "--keys-file", str(keys),
         "--db", str(tmp_path / "h.sqlite3"), "--create-db", "--log-level", "warning"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + WAIT
        while True:  # until both workers answer /v1/health (the event); a limit, not a timed wait
            assert server.poll() is None and time.monotonic() < deadline
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/v1/health")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.05)
        answers = [_status(port) for _ in range(8)]
        assert [status for status, _ in answers] == [200] * 3 + [429] * 5, answers
        assert [remaining for _, remaining in answers[:3]] == ["2", "1", "0"]
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=WAIT) == 0
    assert not any(Path(tmp_path).glob("callwindow-limits-*"))
