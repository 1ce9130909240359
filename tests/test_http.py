"""In-process contract tests of the HTTP API (callwindow.http), every endpoint."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient
from store_helpers import postgres_base  # noqa: F401  (a fixture)

from callwindow import Policy
from callwindow.http.app import Settings, create_app, openapi_document
from callwindow.http.security import KeyConfigError, KeyRing, flush_access_log, mask_number

KEY = "test-key-0123456789"
AUTH = {"Authorization": f"Bearer {KEY}"}
NY = "+1 212 555 0123"
FL = "+1 305 555 0123"
ROOT = Path(__file__).resolve().parents[1]


def make_client(tmp_path: Path, **overrides: object) -> TestClient:
    settings = Settings(keys=KeyRing.load(env={"CALLWINDOW_API_KEYS": KEY}), db=str(tmp_path / "history.sqlite3"))
    for name, value in overrides.items():
        setattr(settings, name, value)
    return TestClient(create_app(settings), raise_server_exceptions=False)


@pytest.fixture()
def client(tmp_path: Path) -> TestClient:
    with make_client(tmp_path) as c:
        yield c


def assert_problem(response, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert set(body) == {"type", "title", "status", "detail"}
    assert body["status"] == status
    assert "Traceback" not in response.text
    return body


# ---------------------------------------------------------------- auth


@pytest.mark.parametrize("path", ["/v1/check?number=%2B12125550123", "/v1/meta", "/v1/ready",
                                  "/v1/windows?number=%2B12125550123"])
def test_missing_or_malformed_key_is_401(client: TestClient, path: str) -> None:
    for headers in ({}, {"Authorization": KEY}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer"},
                    {"Authorization": "Bearer short"}, {"Authorization": "Bearer bad key with spaces"}):
        body = assert_problem(client.get(path, headers=headers), 401)
        assert KEY not in json.dumps(body)
    assert client.get(path).headers["www-authenticate"] == "Bearer"


def test_unknown_key_is_403_without_detail(client: TestClient) -> None:
    body = assert_problem(client.get("/v1/meta", headers={"Authorization": "Bearer another-key-0123456789"}), 403)
    assert "another" not in json.dumps(body)
    assert_problem(
        client.post("/v1/check", json={"number": NY}, headers={"Authorization": "Bearer nope-nope-nope"}), 403
    )


def test_an_accepted_key_is_remembered_by_digest_and_a_wrong_one_always_refused(client: TestClient) -> None:
    """The key gate remembers the SHA-256 of accepted Authorization headers (never a key): the same
    header again is accepted under the same name, and a header one character off - or the key
    under another scheme - is still refused after it."""
    from callwindow.http.middleware import KeyGate

    for _ in range(3):
        assert client.get("/v1/meta", headers=AUTH).status_code == 200
    gate = client.app.front  # type: ignore[attr-defined]
    while not isinstance(gate, KeyGate):
        gate = gate.app
    assert list(gate._known.values()) == ["env-1"]
    assert all(len(digest) == 32 and KEY.encode() not in digest for digest in gate._known)
    assert_problem(client.get("/v1/meta", headers={"Authorization": f"Bearer {KEY[:-1]}X"}), 403)
    assert_problem(client.get("/v1/meta", headers={"Authorization": f"Token {KEY}"}), 401)
    assert_problem(client.get("/v1/meta", headers={"Authorization": f"Bearer {KEY}x"}), 403)
    assert list(gate._known.values()) == ["env-1"]  # refusals are never remembered


def test_health_needs_no_key(client: TestClient) -> None:
    response = client.get("/v1/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_keys_file_with_digests(tmp_path: Path) -> None:
    keys = tmp_path / "keys.txt"
    keys.write_text(f"# comment\ncrm:{hashlib.sha256(b'file-key-0123456789').hexdigest()}\n")
    ring = KeyRing.load(keys, env={})
    assert ring.identify("file-key-0123456789") == "crm"
    assert ring.identify("file-key-012345678") is None
    keys.write_text("crm:nothex\n")
    with pytest.raises(KeyConfigError):
        KeyRing.load(keys, env={})
    app = create_app(Settings(keys=KeyRing()))
    with TestClient(app) as empty:  # no keys configured: nothing is accepted
        assert empty.get("/v1/meta", headers=AUTH).status_code == 403


# ---------------------------------------------------------------- check


CASES = [
    {"number": NY, "at": "2026-11-24T15:00:00Z"},
    {"number": NY, "at": "2026-11-25T03:30:00Z"},
    {"number": "+33 1 23 45 67 89", "at": "2026-11-24T21:30:00Z"},
    {"number": "+61 412 345 678", "at": "2026-11-24T03:00:00Z", "subdivision": "AU-VIC"},
    {"number": "+1 212 555 0123", "at": "2026-11-25T01:30:00Z", "purpose": "collection", "channel": "sms"},
    {"number": "+800 1234 5678", "at": "2026-11-24T15:00:00Z"},
    {"number": "0612345678", "default_region": "FR", "at": "2026-11-24T09:30:00Z", "contact": "business"},
    {"number": "+1 504 555 0123", "at": "2026-11-24T15:00:00Z", "emergencies": ["US-LA"], "purpose": "collection"},
]


@pytest.mark.parametrize("case", CASES)
def test_get_and_post_check_equal_the_library(client: TestClient, courtesy: Policy, case: dict) -> None:
    expected = courtesy.check(**case).to_dict()
    got = client.get("/v1/check", params=case, headers=AUTH)
    assert got.status_code == 200, got.text
    assert got.json() == expected
    posted = client.post("/v1/check", json=case, headers=AUTH)
    assert posted.status_code == 200
    assert posted.json() == expected


def test_get_check_is_the_fast_path(client: TestClient, courtesy: Policy, monkeypatch: pytest.MonkeyPatch) -> None:
    """GET /v1/check is answered by the FastCheck layer ahead of the framework (the FastAPI route
    documents it and is not reached): the query is read as one CheckBody, unknown parameters
    are ignored, emergencies repeat, and a bad parameter is a 422 problem naming it."""
    from callwindow.http import fastpath
    from callwindow.http.routes import check

    answered: list[str] = []

    async def traced(service: object, body: object) -> dict:
        answered.append("fast")
        return await check.decided(service, body)  # type: ignore[arg-type]

    monkeypatch.setattr(fastpath, "decided", traced)
    head = client.head("/v1/check", params={"number": NY, "at": "2026-11-24T15:00:00Z"}, headers=AUTH)
    assert head.status_code == 200 and head.content == b"" and int(head.headers["content-length"]) > 100
    assert answered == ["fast"]
    params = {"number": "+1 504 555 0123", "at": "2026-11-24T15:00:00Z", "purpose": "collection",
              "emergencies": ["US-LA", "US-MS"], "utm_source": "crm"}
    got = client.get("/v1/check", params=params, headers=AUTH)
    assert got.status_code == 200 and got.headers["content-type"] == "application/json"
    assert got.json() == courtesy.check(params["number"], params["at"], purpose="collection",
                                        emergencies=["US-LA", "US-MS"]).to_dict()
    bad = client.get("/v1/check", params={"number": NY, "consent": "perhaps"}, headers=AUTH)
    assert "consent" in assert_problem(bad, 422)["detail"]
    too_long = client.get("/v1/check", params={"number": "1" * 65}, headers=AUTH)
    assert "number" in assert_problem(too_long, 422)["detail"]


def test_legal_profile_consent_and_emergencies(client: TestClient, legal: Policy) -> None:
    body = {"number": NY, "at": "2026-11-25T01:58:30Z", "consent": True, "emergencies": ["US-LA"], "subject": "debt-1"}
    got = client.post("/v1/check", json={**body, "profile": "legal"}, headers=AUTH).json()
    assert got == legal.check(**body).to_dict()
    assert got["action"] == "call"


def test_bad_input_is_a_400_problem(client: TestClient) -> None:
    detail = assert_problem(client.get("/v1/check", params={"number": "not a number"}, headers=AUTH), 400)["detail"]
    assert "not a phone number" in detail or "number" in detail
    naive = assert_problem(
        client.post("/v1/check", json={"number": NY, "at": "2026-11-24T15:00:00"}, headers=AUTH), 400
    )
    assert "offset" in naive["detail"]
    assert_problem(client.post("/v1/check", json={"number": NY, "zone": "Mars/Olympus"}, headers=AUTH), 400)


def test_schema_errors_are_422_problems(client: TestClient) -> None:
    body = assert_problem(client.post("/v1/check", json={"number": NY, "channel": "fax"}, headers=AUTH), 422)
    assert "channel" in body["detail"]
    assert_problem(client.post("/v1/check", json={"numbr": NY}, headers=AUTH), 422)
    assert_problem(
        client.post("/v1/check", content=b"{not json", headers={**AUTH, "content-type": "application/json"}), 422
    )
    assert_problem(client.get("/v1/check", headers=AUTH), 422)


def test_unknown_path_is_a_problem(client: TestClient) -> None:
    assert_problem(client.get("/v1/nothing", headers=AUTH), 404)


def test_a_wrong_method_names_every_method_of_the_path(client: TestClient) -> None:
    response = client.delete("/v1/check", headers=AUTH)
    assert_problem(response, 405)
    assert response.headers["allow"] == "GET, HEAD, POST"


# ---------------------------------------------------------------- batch and limits


def test_batch_reports_errors_in_place(client: TestClient, courtesy: Policy) -> None:
    items = [CASES[0], {"number": "garbage"}, {"number": NY, "channel": "fax"}, CASES[2]]
    response = client.post("/v1/check/batch", json=items, headers=AUTH)
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["ok"] for r in results] == [True, False, False, True]
    assert results[0]["decision"] == courtesy.check(**CASES[0]).to_dict()
    assert results[3]["decision"] == courtesy.check(**CASES[2]).to_dict()
    assert results[1]["error"]["status"] == 400
    assert results[2]["error"]["status"] == 422
    assert [r["index"] for r in results] == [0, 1, 2, 3]


def test_batch_limit(tmp_path: Path) -> None:
    with make_client(tmp_path, max_batch=5) as small:
        ok = small.post("/v1/check/batch", json=[CASES[0]] * 5, headers=AUTH)
        assert ok.status_code == 200 and ok.json()["count"] == 5
        body = assert_problem(small.post("/v1/check/batch", json=[CASES[0]] * 6, headers=AUTH), 413)
        assert "5" in body["detail"]
        assert_problem(small.post("/v1/check/batch", json={"number": NY}, headers=AUTH), 422)


def test_body_size_limit(client: TestClient) -> None:
    huge = b'{"number": "' + b"1" * (1024 * 1024 + 10) + b'"}'
    assert_problem(client.post("/v1/check", content=huge, headers={**AUTH, "content-type": "application/json"}), 413)

    def chunks():  # no Content-Length: counted as it streams
        for _ in range(20):
            yield b" " * 100_000

    assert_problem(
        client.post("/v1/check/batch", content=chunks(), headers={**AUTH, "content-type": "application/json"}), 413
    )


# ---------------------------------------------------------------- windows


def test_windows_follow_the_decisions(client: TestClient, courtesy: Policy) -> None:
    params = {"number": NY, "start": "2026-11-24T00:00:00Z", "end": "2026-11-27T00:00:00Z"}
    body = client.get("/v1/windows", params=params, headers=AUTH).json()
    assert body["number"] == "+12125550123" and not body["blocked"]
    assert body["windows"][0] == {"start": "2026-11-24T01:00:00Z", "end": "2026-11-24T01:57:00Z"}
    for window in body["windows"]:
        assert courtesy.check(NY, window["start"]).allowed
        assert not courtesy.check(NY, window["end"]).allowed or window["end"] == params["end"]
    # Thanksgiving (26 Nov 2026): a rest day, no sales call window that day
    assert not any(w["start"].startswith("2026-11-26T1") for w in body["windows"])


def test_windows_limits_and_block(client: TestClient) -> None:
    long = {"number": NY, "start": "2026-11-01T00:00:00Z", "end": "2026-12-03T00:00:00Z"}
    assert "31 days" in assert_problem(client.get("/v1/windows", params=long, headers=AUTH), 400)["detail"]
    backwards = {"number": NY, "start": "2026-11-03T00:00:00Z", "end": "2026-11-01T00:00:00Z"}
    assert_problem(client.get("/v1/windows", params=backwards, headers=AUTH), 400)
    blocked = client.get("/v1/windows", params={"number": "+800 1234 5678", "start": "2026-11-24T00:00:00Z"},
                         headers=AUTH).json()
    assert blocked["blocked"] and blocked["windows"] == [] and blocked["reasons"][0]["code"] == "no_time_zone"


def test_windows_read_the_history(client: TestClient, courtesy: Policy) -> None:
    """/v1/windows is callwindow.windows.allowed_windows over the stored history: the cap closes
    time the same day, an opt-out blocks from its instant on."""
    params = {"number": FL, "start": "2026-03-10T00:00:00Z", "end": "2026-03-11T00:00:00Z"}
    before = client.get("/v1/windows", params=params, headers=AUTH).json()["windows"]
    for hour in (12, 13, 14):
        client.post("/v1/attempts", json={"number": FL, "at": f"2026-03-10T{hour}:00:00Z", "outcome": "no_answer"},
                    headers=AUTH)
    after = client.get("/v1/windows", params=params, headers=AUTH).json()["windows"]
    assert after != before
    assert all(w["end"] <= "2026-03-10T14:00:00Z" for w in after if w["start"] < "2026-03-10T23:00:00Z")
    client.post("/v1/opt-outs", json={"number": FL, "at": "2026-03-10T13:30:00Z"}, headers=AUTH)
    blocked = client.get("/v1/windows", params=params, headers=AUTH).json()
    assert blocked["blocked"] and blocked["reasons"][0]["code"] == "opted_out"
    assert all(w["end"] <= "2026-03-10T13:30:00Z" for w in blocked["windows"])


# ---------------------------------------------------------------- history records


def test_three_recorded_calls_cap_the_fourth(client: TestClient) -> None:
    check = {"number": FL, "at": "2026-03-10T15:30:00Z"}
    assert client.post("/v1/check", json=check, headers=AUTH).json()["allowed"] is True
    for hour in (12, 13, 14):
        response = client.post("/v1/attempts", json={"number": FL, "at": f"2026-03-10T{hour}:00:00Z",
                                                     "outcome": "no_answer"}, headers=AUTH)
        assert response.status_code == 201, response.text
        assert response.json()["kind"] == "attempt" and response.json()["number"] == "+13055550123"
    decision = client.post("/v1/check", json=check, headers=AUTH).json()
    assert decision["action"] == "defer"
    assert "frequency_cap" in [r["code"] for r in decision["reasons"]]
    got = client.get("/v1/check", params=check, headers=AUTH).json()
    assert got == decision


def test_opt_out_consent_and_callback(client: TestClient) -> None:
    number = "+1 404 555 0199"
    at = "2026-03-10T15:30:00Z"
    response = client.post("/v1/opt-outs", json={"number": number, "at": "2026-03-01T00:00:00Z", "channels": ["sms"],
                                                 "provenance": "STOP"}, headers=AUTH)
    assert response.status_code == 201 and response.json()["kind"] == "opt_out"
    sms = client.post("/v1/check", json={"number": number, "at": at, "channel": "sms"}, headers=AUTH).json()
    assert sms["action"] == "block" and "opted_out" in [r["code"] for r in sms["reasons"]]
    assert client.post("/v1/check", json={"number": number, "at": at}, headers=AUTH).json()["allowed"]

    consent = client.post("/v1/consents", json={"number": number, "at": "2026-03-01T00:00:00Z", "purposes": ["sales"],
                                                "expires_at": "2027-03-01T00:00:00Z"}, headers=AUTH)
    assert consent.status_code == 201 and consent.json()["kind"] == "consent"
    lunch = {"number": number, "at": "2026-03-11T16:05:00Z"}  # 12:05 in Atlanta: courtesy says lunch
    before = client.post("/v1/check", json=lunch, headers=AUTH).json()
    assert before["action"] == "defer" and "meal_time" in [r["code"] for r in before["reasons"]]
    callback = client.post("/v1/callbacks", json={"number": number, "start": "2026-03-11T16:00:00Z"}, headers=AUTH)
    assert callback.status_code == 201 and callback.json()["kind"] == "callback"
    after = client.post("/v1/check", json=lunch, headers=AUTH).json()  # the contact asked: courtesy lifted
    assert after["allowed"] is True and "agreed_callback" in [r["code"] for r in after["reasons"]]


def test_bad_records_are_problems(client: TestClient) -> None:
    assert_problem(client.post("/v1/attempts", json={"number": FL, "outcome": "maybe"}, headers=AUTH), 422)
    assert_problem(client.post("/v1/attempts", json={"number": "12", "outcome": "no_answer"}, headers=AUTH), 400)
    assert_problem(client.post("/v1/callbacks", json={"number": FL, "start": "2026-03-11T18:00:00Z",
                                                      "end": "2026-03-11T17:00:00Z"}, headers=AUTH), 400)
    assert_problem(client.post("/v1/consents", json={"number": FL, "at": "2026-03-11T18:00:00Z",
                                                     "expires_at": "2026-03-01T00:00:00Z"}, headers=AUTH), 400)


# ---------------------------------------------------------------- operations


def test_ready_and_meta(client: TestClient, courtesy: Policy) -> None:
    ready = client.get("/v1/ready", headers=AUTH)
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    meta = client.get("/v1/meta", headers=AUTH).json()
    assert meta["versions"] == courtesy.versions
    assert {"holidays", "phonenumbers", "tzdata", "rules"} <= set(meta["versions"])
    ids = {j["id"] for j in meta["jurisdictions"]}
    assert len(ids) >= 5 and any("US" in j["applies_to"] for j in meta["jurisdictions"])
    assert meta["limits"]["max_batch"] == 1000


def test_ready_fails_when_the_store_is_unusable(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    with make_client(tmp_path, db=str(folder)) as broken:
        assert_problem(broken.get("/v1/ready", headers=AUTH), 503)
        assert_problem(broken.post("/v1/check", json={"number": NY}, headers=AUTH), 503)
        assert broken.get("/v1/health").status_code == 200


def test_cors(tmp_path: Path) -> None:
    with make_client(tmp_path, cors_origins=("https://crm.example",)) as browser:
        pre = browser.options(
            "/v1/check",
            headers={
                "Origin": "https://crm.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization,content-type",
            },
        )
        assert pre.status_code == 200
        assert pre.headers["access-control-allow-origin"] == "https://crm.example"
        got = browser.get("/v1/check", params={"number": NY}, headers={**AUTH, "Origin": "https://crm.example"})
        assert got.headers["access-control-allow-origin"] == "https://crm.example"
        other = browser.get("/v1/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_access_log_masks_numbers_and_keys(client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    client.get("/v1/check", params={"number": "+13055550123"}, headers=AUTH)
    client.get("/v1/check", params={"number": "+13055550123"}, headers={"Authorization": "Bearer wrong-key-123456"})
    flush_access_log()  # the lines are written off the request path: write the pending ones now
    text = capsys.readouterr().err
    seen = {line["request_id"]: line for line in map(json.loads, text.splitlines()) if line.get("event") == "access"}
    lines = list(seen.values())
    assert len(lines) == 2
    assert "3055550123" not in text and KEY not in text and "wrong-key" not in text
    assert lines[0]["number"] == "+1********23" and lines[0]["key"] == "env-1" and lines[0]["status"] == 200
    assert lines[1]["status"] == 403 and lines[1]["key"] is None


def test_mask_number() -> None:
    assert mask_number("+33 1 23 45 67 89") == "+33*******89"
    assert mask_number("0612345678") == "********78"
    assert mask_number(None) is None


def test_committed_openapi_is_current() -> None:
    committed = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert committed == json.loads(json.dumps(openapi_document())), \
        "docs/openapi.json is stale: run `callwindow-serve --write-openapi docs/openapi.json`"


def test_served_openapi_declares_bearer_auth(client: TestClient) -> None:
    schema = client.get("/v1/openapi.json").json()
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert "security" not in schema["paths"]["/v1/health"]["get"]
    assert schema["paths"]["/v1/check"]["post"]["security"]
    expected = {"/v1/check", "/v1/check/batch", "/v1/windows", "/v1/attempts", "/v1/opt-outs", "/v1/consents",
                "/v1/callbacks", "/v1/claims", "/v1/claims/{claim_id}/complete", "/v1/claims/{claim_id}/release",
                "/v1/asks", "/v1/relationships", "/v1/history/{number}", "/v1/health", "/v1/ready", "/v1/meta",
                "/v1/metrics", "/v1/drafts", "/v1/retries"}
    assert set(schema["paths"]) == expected


def test_unexpected_failure_is_a_500_problem_without_trace(tmp_path: Path) -> None:
    with make_client(tmp_path) as c:
        service = c.app.state.service

        def boom(body: object) -> dict:
            raise RuntimeError("secret internals +13055550123")

        service.check = boom
        response = c.post("/v1/check", json={"number": NY}, headers=AUTH)
        body = assert_problem(response, 500)
        assert "secret" not in response.text and "3055550123" not in response.text
        assert body["detail"] == "the request failed; it has been logged"
        assert response.headers["x-request-id"]


def test_ready_fails_when_the_rule_data_is_unusable(tmp_path: Path) -> None:
    with make_client(tmp_path) as c:
        def broken(profile: str) -> Policy:
            raise ValueError("bad rule file")

        c.app.state.service.policy = broken
        body = assert_problem(c.get("/v1/ready", headers=AUTH), 503)
        assert "rule data" in body["detail"] and "bad rule file" not in body["detail"]


def test_request_id_is_echoed(client: TestClient) -> None:
    response = client.get("/v1/health", headers={"X-Request-Id": "crm-42"})
    assert response.headers["x-request-id"] == "crm-42"


def test_a_store_file_that_disappears_is_never_a_new_empty_store(tmp_path: Path) -> None:
    """Removed or unmounted after the server opened it: ready says so, checks and records are
    503 (never "no history", never records into a new file no check reads)."""
    with make_client(tmp_path) as client:
        assert client.post("/v1/opt-outs", json={"number": NY}, headers=AUTH).status_code == 201
        assert client.get("/v1/ready", headers=AUTH).status_code == 200
        db = tmp_path / "history.sqlite3"
        for path in tmp_path.glob("history.sqlite3*"):
            path.unlink()
        ready = client.get("/v1/ready", headers=AUTH)
        assert ready.status_code == 503 and "missing" in ready.json()["detail"]
        assert client.get("/v1/check", params={"number": NY}, headers=AUTH).status_code == 503
        assert client.post("/v1/attempts", json={"number": NY, "outcome": "no_answer"}, headers=AUTH).status_code == 503
        assert not db.exists()


def test_the_service_on_postgresql(postgres_base: str, courtesy: Policy) -> None:  # noqa: F811
    """With a PostgreSQL store the lean GET /v1/check reads history in a thread (it waits on
    the network): records, then checks and windows that see them, as with SQLite."""
    from store_helpers import create_schema, drop_schema

    url, schema = create_schema(postgres_base)
    try:
        settings = Settings(keys=KeyRing.load(env={"CALLWINDOW_API_KEYS": KEY}), db=url)
        with TestClient(create_app(settings), raise_server_exceptions=False) as client:
            assert client.app.state.service.reads_block
            check = {"number": FL, "at": "2026-03-10T15:30:00Z"}
            assert client.get("/v1/check", params=check, headers=AUTH).json() == courtesy.check(**check).to_dict()
            for hour in (12, 13, 14):
                assert client.post("/v1/attempts", json={"number": FL, "at": f"2026-03-10T{hour}:00:00Z",
                                                         "outcome": "no_answer"}, headers=AUTH).status_code == 201
            capped = client.get("/v1/check", params=check, headers=AUTH).json()
            assert capped["action"] == "defer" and "frequency_cap" in [r["code"] for r in capped["reasons"]]
            assert client.post("/v1/check", json=check, headers=AUTH).json() == capped
            assert client.get("/v1/ready", headers=AUTH).json()["store"] == "PostgresStore"
    finally:
        drop_schema(postgres_base, schema)


def test_metrics_count_requests_and_decisions_in_prometheus_format(tmp_path: Path) -> None:
    """GET /v1/metrics (issue 16 item 3): requests by route and status with their latency,
    decisions by action and reason code, the versions in force; behind a key."""
    from callwindow.http.app import Settings, create_app
    from callwindow.http.security import KeyRing

    settings = Settings(keys=KeyRing.load(env={"CALLWINDOW_API_KEYS": "metrics-key-0123456789"}),
                        db=str(tmp_path / "history.sqlite3"))
    auth = {"Authorization": "Bearer metrics-key-0123456789"}
    with TestClient(create_app(settings)) as client:
        assert client.get("/v1/metrics").status_code == 401
        for at in ("2026-11-24T15:00:00Z", "2026-11-25T03:30:00Z"):
            assert client.get("/v1/check", params={"number": "+12125550123", "at": at}, headers=auth).status_code == 200
        client.post("/v1/check/batch", json=[{"number": "+12125550123", "at": "2026-11-24T15:00:00Z"}, {"number": "1"}],
                    headers=auth)
        client.post("/v1/claims/42/release", headers=auth)
        text = client.get("/v1/metrics", headers=auth).text
    assert 'callwindow_requests_total{route="/v1/check",status="200"} 2' in text
    assert 'callwindow_requests_total{route="/v1/claims/{id}/release",status="400"} 1' in text
    assert 'callwindow_request_seconds_count{route="/v1/check"} 2' in text
    assert 'callwindow_decisions_total{action="call"} 2' in text  # the single check and the batch's good item
    assert 'callwindow_decisions_total{action="defer"} 1' in text
    assert 'callwindow_decision_reasons_total{code="outside_hours"}' in text
    assert 'callwindow_info{' in text and 'rules="' in text


def test_asks_are_recorded_and_the_history_is_read_back(tmp_path: Path) -> None:
    """POST /v1/asks records an S6 ask (its "no" holds calls for 4 hours on every surface);
    GET /v1/history/{number} answers what `can-i-call history --json` prints."""
    import contextlib
    import io
    import json as json_module

    from callwindow.cli import main as can_i_call
    from callwindow.http.app import Settings, create_app
    from callwindow.http.security import KeyRing

    db = str(tmp_path / "history.sqlite3")
    settings = Settings(keys=KeyRing.load(env={"CALLWINDOW_API_KEYS": "history-key-0123456789"}), db=db)
    auth = {"Authorization": "Bearer history-key-0123456789"}
    with TestClient(create_app(settings)) as client:
        asked = client.post("/v1/asks", json={"number": "+1 212 555 0123", "at": "2026-11-24T15:00:00Z",
                                              "reply": "no", "replied_at": "2026-11-24T15:05:00Z"}, headers=auth)
        assert asked.status_code == 201 and asked.json()["kind"] == "ask"
        assert client.post("/v1/asks", json={"number": "+1 212 555 0123", "replied_at": "2026-11-24T15:05:00Z"},
                           headers=auth).status_code == 400  # a reply time without a reply
        held = client.get("/v1/check", params={"number": "+12125550123", "at": "2026-11-24T16:00:00Z"}, headers=auth)
        assert held.json()["action"] != "call" and "not_convenient" in {r["code"] for r in held.json()["reasons"]}
        shown = client.get("/v1/history/%2B12125550123", headers=auth)
        assert shown.status_code == 200 and shown.json()["asks"] == [
            {"at": "2026-11-24T15:00:00Z", "reply": False, "replied_at": "2026-11-24T15:05:00Z"}]
        assert client.get("/v1/history/letters", headers=auth).status_code == 400
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert can_i_call(["history", "+12125550123", "--json", "--db", db, "--no-config"]) == 0
    assert json_module.loads(out.getvalue()) == shown.json()


def test_completing_a_claim_with_another_outcome_is_a_conflict(client: TestClient) -> None:
    """A completion retried with the same outcome answers the same attempt; another outcome for
    a completed claim is 409, as a reused idempotency key is (issue 16), and records nothing."""
    granted = client.post("/v1/claims", json={"number": NY, "at": "2026-11-24T15:00:00Z"}, headers=AUTH)
    assert granted.status_code == 201, granted.text
    claim_id = granted.json()["claim_id"]
    done = client.post(f"/v1/claims/{claim_id}/complete", json={"outcome": "no_answer"}, headers=AUTH)
    again = client.post(f"/v1/claims/{claim_id}/complete", json={"outcome": "no_answer"}, headers=AUTH)
    assert done.status_code == again.status_code == 201 and done.json() == again.json()
    other = assert_problem(client.post(f"/v1/claims/{claim_id}/complete", json={"outcome": "answered"},
                                       headers=AUTH), 409)
    assert "no_answer" in other["detail"] and "answered" in other["detail"]
    history = client.get(f"/v1/history/{NY.replace(' ', '')}", headers=AUTH).json()
    assert [attempt["outcome"] for attempt in history["attempts"]] == ["no_answer"]
    responses = client.get("/v1/openapi.json").json()["paths"]["/v1/claims/{claim_id}/complete"]["post"]["responses"]
    assert "409" in responses


# pieces of query strings: escapes good and bad, ASCII and not, separators, blanks
_QUERY_TEXT = st.lists(st.sampled_from([*"ab=&+%2Bfé0 zZ7\x00", "%2B", "%2b", "%E9", "%C3%A9", "%G1", "%7F", "%80",
                                        "emergencies="]), max_size=20).map("".join)


@given(_QUERY_TEXT)
def test_query_strings_are_read_as_starlette_reads_them(text: str) -> None:
    """The fast check reads the raw query string itself (schemas.query_pairs): the same pairs as
    Starlette's QueryParams (parse_qsl of the Latin-1 text, blank values kept), escapes and all."""
    from urllib.parse import parse_qsl

    from callwindow.http.schemas import query_pairs

    raw = text.encode("utf-8")
    assert query_pairs(raw) == parse_qsl(raw.decode("latin-1"), keep_blank_values=True)


@given(st.lists(st.floats(min_value=0, max_value=5, allow_nan=False), min_size=1, max_size=30))
def test_the_latency_histogram_is_cumulative(seconds: list[float]) -> None:
    """Each request is counted once, in its bucket; the rendered buckets add up (le: at most)."""
    from callwindow.http.metrics import BUCKETS, Metrics

    metrics = Metrics()
    for value in seconds:
        metrics.request("/v1/check", 200, value)
    text = metrics.render({"rules": "x"})
    for bound in BUCKETS:
        expected = sum(1 for value in seconds if value <= bound)
        assert f'callwindow_request_seconds_bucket{{route="/v1/check",le="{bound}"}} {expected}\n' in text
    assert f'callwindow_request_seconds_bucket{{route="/v1/check",le="+Inf"}} {len(seconds)}\n' in text
    assert f'callwindow_request_seconds_count{{route="/v1/check"}} {len(seconds)}\n' in text
    assert f'callwindow_requests_total{{route="/v1/check",status="200"}} {len(seconds)}\n' in text


_ANSWERS = st.lists(st.fixed_dictionaries({}, optional={
    "action": st.sampled_from(["call", "sms", "defer", "block"]),
    "reasons": st.none() | st.lists(st.fixed_dictionaries({}, optional={"code": st.sampled_from(["night", "x"])})),
    "reason_codes": st.none() | st.lists(st.sampled_from(["night", "outside_hours"])),
}), max_size=20)


@given(st.lists(_ANSWERS, max_size=3))
def test_decisions_are_counted_by_action_and_reason_code(batches: list[list[dict[str, Any]]]) -> None:
    """Metrics.decisions counts every answer's action and every reason code of a worded or a compact
    decision ("None" for a missing one), batch after batch."""
    from collections import Counter

    from callwindow.http.metrics import Metrics

    metrics = Metrics()
    for answers in batches:
        metrics.decisions(iter(answers))
    every = [answer for answers in batches for answer in answers]
    assert metrics.actions == Counter(str(answer.get("action")) for answer in every)
    assert metrics.reasons == Counter(
        [str(reason.get("code")) for answer in every for reason in answer.get("reasons") or ()]
        + [str(code) for answer in every for code in answer.get("reason_codes") or ()])


def test_places_as_crm_exports_write_them_are_read(client: TestClient, courtesy: Policy) -> None:
    """Country and state names (issue 15: on every surface), up to 64 characters: a GET, a POST
    and a batch item give the library's decision for the same hints; a longer one is a 422."""
    at = "2026-11-24T15:00:00Z"
    for region, subdivision, code in (("United States of America", "Newfoundland and Labrador", None),
                                      ("United States", "Florida", "US-FL"), ("Deutschland", None, None)):
        hints = {"region": region, **({"subdivision": subdivision} if subdivision else {})}
        if code is None and subdivision:  # a province of another country than the region's: refused alike
            assert client.get("/v1/check", params={"number": NY, "at": at, **hints}, headers=AUTH).status_code == 400
            continue
        expected = courtesy.check(NY, at, region=region, subdivision=subdivision).to_dict()
        got = client.get("/v1/check", params={"number": NY, "at": at, **hints}, headers=AUTH)
        assert got.status_code == 200 and got.json() == expected, got.text
        assert client.post("/v1/check", json={"number": NY, "at": at, **hints}, headers=AUTH).json() == expected
        batch = client.post("/v1/check/batch", json=[{"number": NY, "at": at, **hints}], headers=AUTH).json()
        assert batch["results"][0]["decision"] == expected
    too_long = client.get("/v1/check", params={"number": NY, "region": "X" * 65}, headers=AUTH)
    assert too_long.status_code == 422
