"""Rule data reloaded on SIGHUP (callwindow/http/reload.py), against a real server with two
workers: requests flow on keep-alive connections while the signal arrives, none fails, and the
new data is in force in every worker afterwards (with one worker and with two: the supervisor
passes the signal on). A rule file that does not validate keeps the
data in force. The server runs from a copy of the package (its own data folder to change)."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("uvicorn")

if not hasattr(signal, "SIGHUP"):
    pytest.skip("no SIGHUP on this platform", allow_module_level=True)

ROOT = Path(__file__).resolve().parents[1]
KEY = "reload-key-0123456789"
# 21:30 in New York: S1 (calls 07:00-22:00) allows a service call; at 07:00-21:00 it does not (text instead).
CHECK = "/v1/check?number=%2B12125550123&at=2026-11-25T02:30:00Z&purpose=service"
RULE_FILE = Path("callwindow", "data", "courtesy", "default.toml")
WAIT = 120.0  # seconds: every wait below ends on an event (an answer, a log line), this is the limit


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self, folder: Path, workers: int) -> None:
        self.folder, self.port, self.workers = folder, _free_port(), workers
        env = {**os.environ, "PYTHONPATH": str(folder), "CALLWINDOW_API_KEYS": KEY}
        env.pop("CALLWINDOW_KEYS_FILE", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "callwindow.http", "--port", str(self.port), "--workers", str(workers),
             "--db", str(folder / "history.sqlite3"), "--create-db", "--log-level", "warning"],
            cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.events: list[dict[str, Any]] = []
        self.changed = threading.Condition()
        threading.Thread(target=self._read_log, daemon=True).start()

    def _read_log(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            if line.startswith("{"):
                event = json.loads(line)
                if event.get("event") != "access":
                    with self.changed:
                        self.events.append(event)
                        self.changed.notify_all()

    def wait_for(self, name: str, count: int) -> list[dict[str, Any]]:
        with self.changed:
            assert self.changed.wait_for(lambda: sum(e["event"] == name for e in self.events) >= count, WAIT), \
                self.events
            return [event for event in self.events if event["event"] == name]

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def get(self, connection: http.client.HTTPConnection, path: str = CHECK) -> tuple[int, dict[str, Any]]:
        connection.request("GET", path, headers={"Authorization": f"Bearer {KEY}"})
        response = connection.getresponse()
        return response.status, json.loads(response.read())

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the server exited"
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)  # polling for the port to open (the event), not a timed wait for work
        raise AssertionError("the server did not start")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=WAIT)


@pytest.fixture(params=[2, 1], ids=["2-workers", "1-worker"])
def server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Server]:
    shutil.copytree(ROOT / "callwindow", tmp_path / "callwindow", symlinks=False,
                    ignore=shutil.ignore_patterns("__pycache__"))
    running = Server(tmp_path, request.param)
    try:
        running.wait_until_up()
        # every worker able to reload (its SIGHUP handler installed), as its log says: the port
        # opens before the workers have started
        running.wait_for("rules_reload_ready", running.workers)
        yield running
    finally:
        if running.process.poll() is None:
            assert running.stop() == 0


def _flow(server: Server, stop: threading.Event, answers: list[tuple[int, str, str]]) -> None:
    """Requests on one keep-alive connection until told to stop: (status, action, rules) each."""
    connection = server.connection()
    try:
        while not stop.is_set():
            status, body = server.get(connection)
            answers.append((status, body.get("action", ""), body.get("versions", {}).get("rules", "")))
    except Exception as error:  # a dropped connection or request: the test's failure
        answers.append((-1, type(error).__name__, str(error)))
    finally:
        connection.close()


def test_sighup_reloads_the_rule_data_while_requests_flow(server: Server) -> None:
    first = server.connection()
    status, before = server.get(first)
    assert status == 200 and before["action"] == "call"
    answers: list[tuple[int, str, str]] = []
    stop = threading.Event()
    clients = [threading.Thread(target=_flow, args=(server, stop, answers)) for _ in range(4)]
    for client in clients:
        client.start()
    rules = server.folder / RULE_FILE
    rules.write_text(rules.read_text(encoding="utf-8").replace('every_day = ["07:00-22:00"]',
                                                               'every_day = ["07:00-21:00"]', 1), encoding="utf-8")
    server.process.send_signal(signal.SIGHUP)
    reloaded = server.wait_for("rules_reloaded", server.workers)  # every worker
    stop.set()
    for client in clients:
        client.join(WAIT)
    assert len({event["pid"] for event in reloaded}) == server.workers
    assert all(event["rules"] != before["versions"]["rules"] for event in reloaded)
    failed = [answer for answer in answers if answer[0] != 200]
    assert answers and not failed, failed[:3]
    # every answer is wholly the old data or wholly the new
    assert {(action, digest == before["versions"]["rules"]) for _, action, digest in answers} <= {
        ("call", True), ("sms", False)}
    # the new data in force in every worker: fresh connections land on either
    for _ in range(8):
        connection = server.connection()
        status, after = server.get(connection)
        connection.close()
        assert status == 200 and after["action"] == "sms" and "night" in [r["code"] for r in after["reasons"]]
        assert after["versions"]["rules"] == reloaded[0]["rules"]
    assert server.get(first)[1]["action"] == "sms"  # the connection opened before the signal: still served
    first.close()


def test_a_bad_rule_file_keeps_the_data_in_force(server: Server) -> None:
    connection = server.connection()
    status, before = server.get(connection)
    rules = server.folder / RULE_FILE
    rules.write_text(rules.read_text(encoding="utf-8").replace('every_day = ["07:00-22:00"]',
                                                               'every_day = ["07:00-25:00"]', 1), encoding="utf-8")
    server.process.send_signal(signal.SIGHUP)
    failed = server.wait_for("rules_reload_failed", server.workers)
    assert all("default.toml" in event["error"] for event in failed), failed
    status, after = server.get(connection)
    assert status == 200 and after == before
    connection.close()


def test_the_warm_heap_is_frozen_and_a_reload_lets_the_old_one_go() -> None:
    """freeze_heap keeps a warm worker's objects out of the collector's full passes; after a
    reload, refreeze_heap gives them back first, so that an object no longer held (the old
    policies) is freed, and freezes what is held now."""
    import gc
    import weakref

    from callwindow.http.reload import freeze_heap, refreeze_heap

    class Held:
        pass

    try:
        kept, dropped = Held(), Held()
        kept.self, dropped.self = kept, dropped  # cycles: only the collector can free them
        gone = weakref.ref(dropped)
        frozen = freeze_heap()
        assert frozen == gc.get_freeze_count() > 0
        del dropped
        gc.collect()
        assert gone() is not None  # frozen: the collector does not look at it
        assert refreeze_heap() > 0 and gone() is None  # given back, collected; the rest frozen again
        assert kept.self is kept
    finally:
        gc.unfreeze()  # the other tests' heap is theirs
