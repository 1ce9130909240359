"""The real server process (callwindow-serve / python -m callwindow.http) on
loopback, checked end to end with httpx, then stopped with SIGTERM: in-flight
requests finish and the process exits cleanly."""

from __future__ import annotations

import concurrent.futures
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("uvicorn")

KEY = "server-key-0123456789"
AUTH = {"Authorization": f"Bearer {KEY}"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "CALLWINDOW_API_KEYS": KEY, "CALLWINDOW_CORS_ORIGINS": "https://crm.example"}
    env.pop("CALLWINDOW_KEYS_FILE", None)
    log = open(tmp_path / "server.log", "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "callwindow.http", "--host", "127.0.0.1", "--port", str(port),
         "--db", str(tmp_path / "history.sqlite3"), "--create-db", "--graceful-timeout", "60", *extra],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120  # a loaded machine may take long to import the stack
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited early: {(tmp_path / 'server.log').read_text()}")
        try:
            if httpx.get(base + "/v1/health", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("server did not start in 120 s")


def open_expecting_continue(base: str, path: str, length: int) -> socket.socket:
    """Send a POST's headers with `Expect: 100-continue` and wait for the server's 100 Continue:
    from then on the request is being handled (the application asked for its body)."""
    host, port = base.removeprefix("http://").split(":")
    connection = socket.create_connection((host, int(port)), timeout=120)
    connection.sendall(
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {KEY}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {length}\r\nExpect: 100-continue\r\n\r\n".encode()
    )
    head = b""
    while not head.endswith(b"\r\n\r\n"):  # byte by byte: nothing of the final answer is read here
        byte = connection.recv(1)
        assert byte, f"connection closed before 100 Continue: {head!r}"
        head += byte
    assert head.startswith(b"HTTP/1.1 100"), head
    return connection


def finish_request(connection: socket.socket, body: bytes) -> tuple[int, bytes]:
    """Send the body of a request opened by open_expecting_continue; return (status, body)."""
    with connection:
        connection.sendall(body)
        response = http.client.HTTPResponse(connection)
        response.begin()
        return response.status, response.read()


def stop_async(process: subprocess.Popen[bytes]) -> concurrent.futures.Future[int]:
    """SIGTERM the server now; its exit status arrives in the future once it has stopped."""
    process.send_signal(signal.SIGTERM)
    executor = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    future = executor.submit(process.wait, 120)
    executor.shutdown(wait=False)
    return future


def stop(process: subprocess.Popen[bytes]) -> int:
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
        raise


def test_server_end_to_end_and_graceful_shutdown(tmp_path: Path) -> None:
    process, base = start_server(tmp_path)
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            assert client.get("/v1/check", params={"number": "+12125550123"}).status_code == 401
            assert client.get("/v1/check", params={"number": "+12125550123"},
                              headers={"Authorization": "Bearer unknown-key-000000"}).status_code == 403
            assert client.get("/v1/ready", headers=AUTH).json()["status"] == "ready"

            # the same decision as the command line's --json
            cli = subprocess.run([sys.executable, "-m", "callwindow.cli", "+33 1 23 45 67 89", "--at",
                                  "2026-11-24T21:30:00Z", "--json", "--no-config", "--no-history"],
                                 capture_output=True, text=True, timeout=60)
            expected = json.loads(cli.stdout)
            got = client.get("/v1/check", params={"number": "+33 1 23 45 67 89", "at": "2026-11-24T21:30:00Z"},
                             headers=AUTH)
            assert got.status_code == 200 and got.json() == expected
            assert client.post("/v1/check", json={"number": "+33 1 23 45 67 89", "at": "2026-11-24T21:30:00Z"},
                               headers=AUTH).json() == expected

            # record, then the check sees it
            for hour in (12, 13, 14):
                recorded = client.post(
                    "/v1/attempts",
                    json={"number": "+1 305 555 0123", "outcome": "no_answer", "at": f"2026-03-10T{hour}:00:00Z"},
                    headers=AUTH,
                )
                assert recorded.status_code == 201
            capped = client.post("/v1/check", json={"number": "+1 305 555 0123", "at": "2026-03-10T15:30:00Z"},
                                 headers=AUTH).json()
            assert "frequency_cap" in [r["code"] for r in capped["reasons"]]

            # CORS for a browser plugin, problem objects for errors
            pre = client.options("/v1/check", headers={"Origin": "https://crm.example",
                                                       "Access-Control-Request-Method": "POST",
                                                       "Access-Control-Request-Headers": "authorization,content-type"})
            assert pre.headers["access-control-allow-origin"] == "https://crm.example"
            bad = client.get("/v1/check", params={"number": "nope"}, headers=AUTH)
            assert bad.status_code == 400 and bad.headers["content-type"].startswith("application/problem+json")
            assert client.get("/v1/meta", headers=AUTH).json()["versions"]["rules"] == expected["versions"]["rules"]

            # Requests in flight at SIGTERM are all answered. "In flight" is proven, not timed: each
            # request is sent with `Expect: 100-continue`, and the server only answers 100 once the
            # application is reading the body; SIGTERM goes after all three have seen it.
            batch = [
                {
                    "number": f"+1 212 555 {1000 + i:04d}",
                    "at": f"2026-11-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00Z",
                    "purpose": ["sales", "collection"][i % 2],
                }
                for i in range(1000)
            ]
            body = json.dumps(batch).encode()
            connections = [open_expecting_continue(base, "/v1/check/batch", len(body)) for _ in range(3)]
            code = stop_async(process)
            responses = [finish_request(connection, body) for connection in connections]
            for status, payload in responses:
                assert status == 200 and json.loads(payload)["count"] == len(batch)
            assert code.result(timeout=120) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    log = (tmp_path / "server.log").read_text()
    assert "Traceback" not in log
    assert "Finished server process" in log or "Shutting down" in log
    assert "3055550123" not in log and KEY not in log  # masked numbers, no keys
    events = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    access = [event for event in events if event["event"] == "access"]
    assert any(line["number"] == "+1********23" for line in access)


def test_a_slow_request_head_is_cut_off(tmp_path: Path) -> None:
    """A client that trickles its request head is disconnected after --header-timeout; a
    normal client on another connection is answered meanwhile."""
    process, base = start_server(tmp_path, "--header-timeout", "1")
    try:
        host, port = base.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=60) as slow:
            slow.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ")  # and nothing more
            started = time.monotonic()
            assert httpx.get(base + "/v1/health", timeout=30).status_code == 200
            assert slow.recv(1024) == b""  # blocks until the server closes (the socket timeout bounds it)
            assert time.monotonic() - started < 30
    finally:
        assert stop(process) == 0


def test_serve_refuses_bad_limits(tmp_path: Path) -> None:
    env = {**os.environ, "CALLWINDOW_API_KEYS": KEY}
    for option in (["--limit-concurrency", "0"], ["--header-timeout", "0"], ["--body-timeout", "-1"]):
        result = subprocess.run([sys.executable, "-m", "callwindow.http", "--port", str(free_port()), *option],
                                env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_serve_refuses_to_start_without_keys(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("CALLWINDOW_API_KEYS", "CALLWINDOW_KEYS_FILE")}
    result = subprocess.run([sys.executable, "-m", "callwindow.http", "--port", str(free_port()),
                             "--db", str(tmp_path / "h.sqlite3")], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "no API keys" in result.stderr and "Traceback" not in result.stderr


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    """A mistyped --db would serve every check without history: the server does not start."""
    env = {**os.environ, "CALLWINDOW_API_KEYS": KEY}
    typo = tmp_path / "histroy.sqlite3"
    result = subprocess.run([sys.executable, "-m", "callwindow.http", "--port", str(free_port()), "--db", str(typo)],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert f"no history store at {typo} (--db)" in result.stderr and not typo.exists()


def test_new_key_line_is_accepted(tmp_path: Path) -> None:
    """The recipe of the README and docs/http.md, as written: `--new-key NAME >> keys.txt` twice."""
    keys_file = tmp_path / "keys.txt"
    keys = {}
    for name in ("crm", "dialer"):
        with keys_file.open("a") as out:
            result = subprocess.run([sys.executable, "-m", "callwindow.http", "--new-key", name], stdout=out,
                                    stderr=subprocess.PIPE, text=True, timeout=60)
        assert result.returncode == 0
        keys[name] = result.stderr.split("it is shown only now): ")[1].split()[0]
    from callwindow.http.security import KeyRing

    ring = KeyRing.load(keys_file, env={})
    assert len(keys_file.read_text().splitlines()) == 2
    assert {ring.identify(key) for key in keys.values()} == {"crm", "dialer"}
    assert all(key not in keys_file.read_text() for key in keys.values())  # only hashes on disk


def test_several_workers_share_one_store(tmp_path: Path) -> None:
    process, base = start_server(tmp_path, "--workers", "2")
    try:
        with httpx.Client(base_url=base, timeout=30, headers=AUTH) as client:
            for i in range(20):
                response = client.post("/v1/attempts", json={"number": "+1 212 555 0188", "outcome": "voicemail",
                                                             "at": f"2026-03-{1 + i:02d}T15:00:00Z"})
                assert response.status_code == 201
            assert client.get("/v1/ready").status_code == 200
        assert stop(process) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    from callwindow.store import open_store

    with open_store(str(tmp_path / "history.sqlite3")) as store:
        assert store.attempts_count("+12125550188") == 20


def test_a_response_leaves_in_one_write_in_order() -> None:
    """protocol.OneWrite: what is written in one turn of the loop (uvicorn's head, then body)
    reaches the real transport in one writelines, in order; close() sends what is held first,
    abort() drops it; a connection closed meanwhile is sent nothing."""
    import asyncio

    from callwindow.http.protocol import OneWrite

    class Recorder(asyncio.Transport):
        def __init__(self) -> None:
            super().__init__()
            self.calls: list[list[bytes]] = []
            self.closed = self.aborted = False

        def writelines(self, list_of_data: object) -> None:
            self.calls.append(list(list_of_data))  # type: ignore[call-overload]

        def is_closing(self) -> bool:
            return self.closed or self.aborted

        def close(self) -> None:
            self.closed = True

        def abort(self) -> None:
            self.aborted = True

        def get_write_buffer_size(self) -> int:
            return 0

    async def scenario() -> list[Recorder]:
        turned = asyncio.Event()
        loop = asyncio.get_running_loop()
        recorders = [Recorder() for _ in range(4)]
        answer, closing, aborting, gone = (OneWrite(recorder, loop) for recorder in recorders)
        answer.write(b"HTTP/1.1 200 OK\r\n\r\n")
        answer.writelines([b"{", b"}"])
        assert recorders[0].calls == [] and answer.get_write_buffer_size() == 21  # held until the loop turns
        closing.write(b"head")
        closing.close()  # sent at once, before the close
        aborting.write(b"head")
        aborting.abort()
        gone.write(b"head")
        recorders[3].closed = True
        loop.call_soon(turned.set)  # runs after the callbacks scheduled above
        await turned.wait()
        return recorders

    answer, closing, aborting, gone = asyncio.run(scenario())
    assert answer.calls == [[b"HTTP/1.1 200 OK\r\n\r\n", b"{", b"}"]]
    assert closing.calls == [[b"head"]] and closing.closed
    assert aborting.calls == [] and aborting.aborted
    assert gone.calls == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SO_REUSEPORT spreads connections on Linux only")
def test_each_worker_gets_a_listening_socket_of_its_own() -> None:
    """protocol.worker_sockets: the supervisor's socket, as each worker unpickles it, is a new
    socket on the same address; the kernel spreads connections among the workers' sockets."""
    import pickle
    import select
    from multiprocessing.reduction import ForkingPickler

    from callwindow.http.protocol import WorkerSocket, worker_sockets

    uvicorns = socket.socket()
    uvicorns.bind(("127.0.0.1", 0))
    address = uvicorns.getsockname()
    (held,) = worker_sockets([uvicorns])
    assert isinstance(held, WorkerSocket) and held.getsockname() == address and uvicorns.fileno() == -1
    workers = [pickle.loads(ForkingPickler.dumps(held)) for _ in range(2)]  # as spawn hands them over
    try:
        assert [type(sock) for sock in workers] == [socket.socket] * 2
        assert {sock.getsockname() for sock in workers} == {address}
        assert len({sock.fileno() for sock in workers} | {held.fileno()}) == 3
        for sock in workers:
            sock.listen(64)
        clients = [socket.create_connection(address, timeout=10) for _ in range(64)]
        accepted = [0, 0]
        while sum(accepted) < len(clients):
            ready, _, _ = select.select(workers, [], [], 10)
            assert ready, accepted
            for sock in ready:
                sock.accept()[0].close()
                accepted[workers.index(sock)] += 1
        assert min(accepted) > 0, accepted  # (all 64 on one socket: a chance of 2**-63)
        for client in clients:
            client.close()
    finally:
        for sock in (*workers, held):
            sock.close()
