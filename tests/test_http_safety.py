"""Hostile and careless input to the HTTP service: every bad input is a 4xx problem object (in a
batch, in its item's place), keys are rate-limited and guessing is braked, the body and header
reads are timed, no redirect is built from the Host header, and log lines stay small."""

from __future__ import annotations

import asyncio
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from budget import budget
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from callwindow import Policy
from callwindow.http.app import Settings, create_app
from callwindow.http.limits import BadKeyBrake, KeyLimiter, KeyLimits
from callwindow.http.middleware import BodyLimit, KeyGate, too_deep
from callwindow.http.security import KeyConfigError, KeyRing, flush_access_log

KEY = "safety-key-0123456789"
AUTH = {"Authorization": f"Bearer {KEY}"}
NY = "+12125550123"
BAD_INSTANTS = ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-11-24T10:00:00-25:00",
                "2026-11-24T10:00:00+24:00", "20261124T100000-2500", "1969-12-31T23:59:59Z", "2100-01-01T00:00:00Z"]


def make_client(tmp_path: Path, **overrides: Any) -> TestClient:
    settings = Settings(keys=KeyRing.load(env={"CALLWINDOW_API_KEYS": KEY}), db=str(tmp_path / "history.sqlite3"))
    for name, value in overrides.items():
        setattr(settings, name, value)
    return TestClient(create_app(settings), raise_server_exceptions=False)


@pytest.fixture()
def client(tmp_path: Path) -> TestClient:
    with make_client(tmp_path) as c:
        yield c


def assert_problem(response: Any, status: int, field: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert set(body) == {"type", "title", "status", "detail"} and body["status"] == status
    if field is not None:
        assert field in body["detail"], body["detail"]
    return body


# ---------------------------------------------------------------- instants out of range


@pytest.mark.parametrize("at", BAD_INSTANTS)
def test_a_bad_instant_is_a_400_everywhere(client: TestClient, at: str) -> None:
    assert_problem(client.get("/v1/check", params={"number": NY, "at": at}, headers=AUTH), 400, "instant")
    assert_problem(client.post("/v1/check", json={"number": NY, "at": at}, headers=AUTH), 400, "instant")
    assert_problem(client.get("/v1/windows", params={"number": NY, "start": at}, headers=AUTH), 400, "instant")
    assert_problem(client.get("/v1/windows", params={"number": NY, "start": "2026-11-24T00:00:00Z", "end": at},
                              headers=AUTH), 400)
    assert_problem(client.post("/v1/attempts", json={"number": NY, "at": at, "outcome": "no_answer"},
                               headers=AUTH), 400, "instant")
    assert_problem(client.post("/v1/opt-outs", json={"number": NY, "at": at}, headers=AUTH), 400, "instant")
    assert_problem(client.post("/v1/consents", json={"number": NY, "expires_at": at}, headers=AUTH), 400)
    assert_problem(client.post("/v1/callbacks", json={"number": NY, "start": at}, headers=AUTH), 400, "instant")
    with client:  # nothing was written by the refused records
        store = client.app.state.service.store()
        assert store.attempts_count("+12125550123") == 0


def test_the_edges_of_the_range_are_answered(client: TestClient, courtesy: Policy) -> None:
    for at in ("1970-01-01T00:00:00Z", "2099-12-31T23:59:59Z", "2026-11-24T10:00:00-23:59"):
        got = client.get("/v1/check", params={"number": NY, "at": at}, headers=AUTH)
        assert got.status_code == 200, got.text
        assert got.json() == courtesy.check(NY, at).to_dict()


def test_one_bad_item_in_a_batch_is_answered_in_its_place(client: TestClient, courtesy: Policy) -> None:
    good = {"number": NY, "at": "2026-11-24T15:00:00Z"}
    items = [good] * 3 + [{"number": NY, "at": at} for at in BAD_INSTANTS] + [good]
    items += [{"number": NY, "at": "2026-11-24T15:00:00Z", "deep": {"a": [[[1]]]}}, "not an object", None, 7]
    response = client.post("/v1/check/batch", json=items, headers=AUTH)
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["index"] for r in results] == list(range(len(items)))
    expected = courtesy.check(**good).to_dict()
    for item, result in zip(items, results, strict=True):
        if item == good:
            assert result["ok"] and result["decision"] == expected
        else:
            assert not result["ok"] and result["decision"] is None
            assert 400 <= result["error"]["status"] < 500, result
    assert {r["error"]["status"] for r in results[3:3 + len(BAD_INSTANTS)]} == {400}


def test_a_thousand_items_with_one_bad_instant(client: TestClient) -> None:
    items = [{"number": NY, "at": "2026-11-24T15:00:00Z"}] * 999 + [{"number": NY, "at": "9999-12-31T23:59:59Z"}]
    results = client.post("/v1/check/batch", json=items, headers=AUTH).json()["results"]
    assert sum(r["ok"] for r in results) == 999 and results[-1]["error"]["status"] == 400


# ---------------------------------------------------------------- nesting, redirects, logs


@pytest.mark.parametrize("path", ["/v1/check", "/v1/check/batch", "/v1/attempts"])
def test_deeply_nested_json_is_a_400(client: TestClient, path: str) -> None:
    for body in (b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 1000 + b"1" + b"}" * 1000,
                 b'[{"number": "+12125550123", "x": ' + b"[" * 40 + b"]" * 40 + b"}]"):
        response = client.post(path, content=body, headers={**AUTH, "content-type": "application/json"})
        assert_problem(response, 400, "nested")


def test_nesting_counts_only_brackets_outside_strings() -> None:
    assert not too_deep(json.dumps({"number": "[" * 100 + "{" * 100}).encode(), 32)
    assert not too_deep(json.dumps([{"a": "\\\"[[["}] * 100).encode(), 32)
    assert too_deep(b"[" * 33 + b"]" * 33, 32) and not too_deep(b"[" * 32 + b"]" * 32, 32)


def _depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(item) for item in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(item) for item in value.values()), default=0)
    return 0


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\ab', max_size=6),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(alphabet='[]{}"\\ab', max_size=4),
                                                                   inner, max_size=4),
    max_leaves=40,
)


@budget(300)
@given(_JSON, st.integers(min_value=0, max_value=12), st.booleans())
def test_nesting_depth_is_exact(value: object, limit: int, ascii_only: bool) -> None:
    # Both ways through too_deep (a body without a backslash takes the fast cut) agree with the
    # parsed value's depth; strings full of brackets, quotes and backslashes never count.
    body = json.dumps(value, ensure_ascii=ascii_only).encode()
    assert too_deep(body, limit) == (_depth(value) > limit)


def test_no_redirect_is_built_from_the_host_header(client: TestClient) -> None:
    response = client.get("/v1/check/", params={"number": NY}, headers={**AUTH, "Host": "evil.example"},
                          follow_redirects=False)
    assert_problem(response, 404)
    assert "location" not in response.headers and "evil" not in response.text


def test_log_lines_are_bounded(client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    client.get("/v1/check", params={"number": "1" * 30_000}, headers=AUTH)
    client.get("/v1/" + "x" * 30_000, headers=AUTH)
    flush_access_log()
    seen = {json.loads(line)["request_id"]: line for line in capsys.readouterr().err.splitlines()
            if line.startswith("{") and json.loads(line).get("event") == "access"}
    lines = list(seen.values())
    assert len(lines) == 2
    assert all(len(line) < 1000 for line in lines), [len(line) for line in lines]
    assert json.loads(lines[0])["status"] == 422 and json.loads(lines[1])["status"] == 404


# ---------------------------------------------------------------- keys: limits and the brake


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_keys_file_limits(tmp_path: Path) -> None:
    keys = tmp_path / "keys.txt"
    digest = hashlib.sha256(KEY.encode()).hexdigest()
    keys.write_text(f"crm:{digest} rate=2 burst=3 quota=100\nplain:{'0' * 64}\n")
    ring = KeyRing.load(keys, env={})
    assert dict(ring.limits) == {"crm": KeyLimits(rate=2, burst=3, quota=100)}
    for bad in ("rate=0", "rate=x", "burst=2", "quota=1.5", "rate=1 rate=2", "speed=3"):
        keys.write_text(f"crm:{digest} {bad}\n")
        with pytest.raises(KeyConfigError, match="line 1"):
            KeyRing.load(keys, env={})


def test_a_key_over_its_rate_gets_429_with_retry_after(tmp_path: Path) -> None:
    clock = Clock()
    digest = hashlib.sha256(KEY.encode()).hexdigest()
    (tmp_path / "keys.txt").write_text(f"crm:{digest} rate=1 burst=2\n")
    keys = KeyRing.load(tmp_path / "keys.txt", env={})
    app = create_app(Settings(keys=keys, db=str(tmp_path / "h.sqlite3")))
    gate = _gate(app)
    gate.limiter = KeyLimiter(dict(keys.limits), clock=clock, wall=clock)
    with TestClient(app) as c:
        first = c.get("/v1/meta", headers=AUTH)
        assert first.status_code == 200
        assert first.headers["ratelimit-limit"] == "2" and first.headers["ratelimit-remaining"] == "1"
        assert c.get("/v1/meta", headers=AUTH).headers["ratelimit-remaining"] == "0"
        refused = c.get("/v1/meta", headers=AUTH)
        assert_problem(refused, 429)
        assert refused.headers["retry-after"] == "1" and refused.headers["ratelimit-remaining"] == "0"
        clock.now += 1.0  # one token back
        assert c.get("/v1/meta", headers=AUTH).status_code == 200
        assert c.get("/v1/health").status_code == 200  # no key, no limit


def test_a_daily_quota() -> None:
    clock = Clock()
    clock.now = 86_400 * 20_000 + 86_000  # 400 s before a UTC midnight
    limiter = KeyLimiter({"crm": KeyLimits(quota=2)}, clock=clock, wall=clock)
    assert limiter.admit("crm").admitted and limiter.admit("crm").admitted
    spent = limiter.admit("crm")
    assert not spent.admitted and spent.headers()["Retry-After"] == "400"
    clock.now += 400
    assert limiter.admit("crm").admitted
    assert limiter.admit("other").admitted  # a key without limits


def test_repeated_bad_keys_brake_the_address(tmp_path: Path) -> None:
    clock = Clock()
    app = create_app(Settings(keys=KeyRing.load(env={"CALLWINDOW_API_KEYS": KEY}), db=str(tmp_path / "h.sqlite3")))
    _gate(app).brake = BadKeyBrake(burst=3, every=6.0, clock=clock)
    with TestClient(app) as c:
        wrong = {"Authorization": "Bearer wrong-key-000000"}
        assert [c.get("/v1/meta", headers=wrong).status_code for _ in range(3)] == [403, 403, 403]
        braked = c.get("/v1/meta", headers=wrong)
        assert_problem(braked, 429)
        assert braked.headers["retry-after"] == "6"
        assert c.get("/v1/meta", headers=AUTH).status_code == 429  # even a good key waits: no oracle
        assert c.get("/v1/health").status_code == 200
        clock.now += 6.0
        assert c.get("/v1/meta", headers=AUTH).status_code == 200


def test_the_key_is_checked_before_the_body_is_read(client: TestClient) -> None:
    for headers in ({}, {"Authorization": "Bearer unknown-key-0000"}):
        response = client.post("/v1/check", content=b"{not json",
                               headers={**headers, "content-type": "application/json"})
        assert response.status_code in (401, 403)
    huge = b"[" + b"1," * 700_000 + b"1]"
    assert client.post("/v1/check/batch", content=huge).status_code == 401  # not 413: nothing was read


def _gate(app: Any) -> KeyGate:
    """The app's KeyGate instance (among its outer layers, ahead of the framework: app.App)."""
    layer = app.front
    while not isinstance(layer, KeyGate):
        layer = layer.app
    return layer


# ---------------------------------------------------------------- read timeouts


def test_a_body_that_does_not_arrive_is_a_408() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("the app must not be called")

    never = asyncio.Event()
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        await never.wait()  # the client never sends its body
        return {}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/v1/check", "headers": [(b"content-length", b"10")]}
    asyncio.run(BodyLimit(app, limit=100, read_timeout=0.05)(scope, receive, send))
    assert sent[0]["status"] == 408
    assert json.loads(sent[1]["body"])["title"] == "Request timeout"


def test_every_accepted_connection_gets_tcp_nodelay() -> None:
    """asyncio sets TCP_NODELAY only when the listening socket's proto is IPPROTO_TCP, which
    uvicorn's shared multi-worker socket is not: the protocol sets it on every connection."""
    import socket

    from uvicorn.config import Config
    from uvicorn.server import ServerState

    from callwindow.http.protocol import Protocol

    async def app(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("no request is sent")

    class Transport(asyncio.Transport):
        def __init__(self, sock: socket.socket) -> None:
            super().__init__()
            self.sock, self.closed = sock, False

        def get_extra_info(self, name: str, default: Any = None) -> Any:
            return {"socket": self.sock, "peername": self.sock.getpeername(),
                    "sockname": self.sock.getsockname()}.get(name, default)

        def close(self) -> None:
            self.closed = True

        def is_closing(self) -> bool:
            return self.closed

    async def connect() -> int:
        config = Config(app=app)
        config.load()
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0) as listener:  # proto 0, as uvicorn binds
            listener.bind(("127.0.0.1", 0))
            listener.listen()
            with socket.create_connection(listener.getsockname()), listener.accept()[0] as accepted:
                assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
                protocol = Protocol(config=config, server_state=ServerState(), app_state={})
                protocol.connection_made(Transport(accepted))
                try:
                    return accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
                finally:
                    protocol.connection_lost(None)

    assert asyncio.run(connect()) == 1


def test_json_bodies_are_typed_strictly_and_query_flags_read_as_text(client: TestClient) -> None:
    """`"consent": 0` in a JSON body is a 422, not false (schemathesis' negative-data check); in
    a query string a flag is text, read as true/false."""
    for body in ({"number": NY, "consent": 0}, {"number": NY, "consent": "true"}, {"number": 12125550123}):
        assert_problem(client.post("/v1/check", json=body, headers=AUTH), 422)
    batch = client.post("/v1/check/batch", json=[{"number": NY, "consent": 1}], headers=AUTH).json()
    assert batch["results"][0]["error"]["status"] == 422
    at = "2026-11-24T15:00:00Z"
    for text, expected in (("true", True), ("1", True), ("FALSE", False), ("no", False)):
        got = client.get("/v1/check", params={"number": "+4930123456", "at": at, "consent": text}, headers=AUTH)
        posted = client.post("/v1/check", json={"number": "+4930123456", "at": at, "consent": expected}, headers=AUTH)
        assert got.status_code == 200 and got.json() == posted.json(), text
        assert got.json()["allowed"] is expected  # Germany: no sales call without consent
    assert "consent" in assert_problem(client.get("/v1/check", params={"number": NY, "consent": "perhaps"},
                                                  headers=AUTH), 422)["detail"]


def test_the_access_log_queue_is_bounded_and_says_what_it_dropped() -> None:
    """A stuck stderr never holds a request or memory: past the bound lines are counted and
    dropped, and a line says how many once the writes resume."""
    import io

    from callwindow.http.security import AccessLogWriter

    out = io.StringIO()
    writer = AccessLogWriter(stream=out, max_pending=3, every=3600)
    for number in range(5):
        writer.put(json.dumps({"event": "access", "n": number}))
    writer.close()  # (its thread had not written yet: every=3600)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line.get("n") for line in lines[:3]] == [0, 1, 2]
    assert lines[3]["event"] == "access_log_dropped" and lines[3]["lines"] == 2 and len(lines) == 4
    writer.put('{"event": "access", "n": 5}')  # a line after close starts the writer again
    writer.close()
    assert out.getvalue().splitlines()[-1] == '{"event": "access", "n": 5}'


def test_workers_sharing_the_limits_file_count_a_key_once(tmp_path: Path) -> None:
    """Two limiters on one SharedSlots file (two workers' view): the burst and the daily quota
    are the key's, not each worker's; a key's state does not leak into another's."""
    from callwindow.http.limits import SharedSlots

    clock = Clock()
    clock.now = 86_400 * 20_000 + 100
    limits = {"crm": KeyLimits(rate=1, burst=4, quota=6), "other": KeyLimits(rate=1, burst=1)}
    path = tmp_path / "limits"
    SharedSlots.create(path, list(limits))
    workers = [KeyLimiter(limits, clock=clock, wall=clock, slots=SharedSlots(path, list(limits))) for _ in range(2)]
    admitted = [workers[turn % 2].admit("crm").admitted for turn in range(8)]
    assert admitted == [True] * 4 + [False] * 4  # alone, each worker would have admitted 4
    assert workers[1].admit("other").admitted and not workers[0].admit("other").admitted
    clock.now += 2.0  # two tokens back, for both workers together
    assert [workers[turn % 2].admit("crm").admitted for turn in range(3)] == [True, True, False]
    clock.now += 10.0  # the bucket is full again, but the day's quota (6) is spent
    spent = workers[0].admit("crm")
    assert not spent.admitted and int(spent.headers()["Retry-After"]) > 80_000
