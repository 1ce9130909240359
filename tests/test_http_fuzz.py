"""Property-based fuzzing of the HTTP API from its own OpenAPI document
(schemathesis, in-process ASGI): no 5xx, every response matches the schema
(status code declared, content type declared, body valid)."""

from __future__ import annotations

from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402

from callwindow.http.app import Settings, create_app  # noqa: E402
from callwindow.http.security import KeyRing  # noqa: E402

KEY = "fuzz-key-0123456789"
_DB = Path(__import__("tempfile").mkdtemp(prefix="callwindow-fuzz-")) / "history.sqlite3"
# The brake on bad keys would refuse the fuzz's own address after its first refused keys (429):
# here it allows a million, so every operation is reached; tests/test_http_safety.py tests it.
app = create_app(Settings(keys=KeyRing.load(env={"CALLWINDOW_API_KEYS": KEY}), db=str(_DB), bad_key_burst=10**6))
schema = schemathesis.openapi.from_asgi("/v1/openapi.json", app)

from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
SEEN: dict[tuple[str, str, int], int] = {}  # (method, path, status) -> count, to show the fuzz got past auth


FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


def _conforms(case) -> None:  # type: ignore[no-untyped-def]
    response = case.call_and_validate(headers={"Authorization": f"Bearer {KEY}"}, checks=CHECKS)
    key = (case.method.upper(), case.path, response.status_code)
    SEEN[key] = SEEN.get(key, 0) + 1


@schema.parametrize()
@FUZZ
def test_api_conforms(case) -> None:  # type: ignore[no-untyped-def]
    _conforms(case)


@schema.parametrize()
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_without_a_key_is_refused(case) -> None:  # type: ignore[no-untyped-def]
    response = case.call(headers={"Authorization": "Bearer not-a-known-key-42"})
    if case.path == "/v1/health":
        assert response.status_code in (200, 405, 422)
    else:
        # never served without a valid key (405: the coverage phase also tries other methods)
        assert response.status_code in (401, 403, 405, 413, 422), response.text
        content_type = response.headers["content-type"]
        content_type = content_type[0] if isinstance(content_type, list) else content_type
        assert content_type.startswith("application/problem+json")


def test_the_fuzz_reached_every_endpoint() -> None:
    """Runs after the fuzz (file order): every operation answered 2xx at least once.

    It reads what test_api_conforms recorded; selected on its own (the fuzz did not run in this
    session), it runs the same fuzz over every operation first, so it always has a run to judge."""
    if not SEEN:
        for result in schema.get_all_operations():
            operation = result.ok()  # its documented examples first, then generated cases, as parametrize does
            for strategy in [*operation.get_strategies_from_examples(), operation.as_strategy()]:
                FUZZ(given(strategy)(lambda case: _conforms(case)))()
    reached = {(method, path) for method, path, status in SEEN if 200 <= status < 300}
    operations = {(method.upper(), path) for path, methods in app.openapi()["paths"].items() for method in methods}
    statuses = sorted({status for _, _, status in SEEN})
    print(f"fuzz: {sum(SEEN.values())} requests, statuses {statuses}, "
          f"2xx on {len(reached)}/{len(operations)} operations")
    assert not [s for s in statuses if s >= 500]
    # (completing or releasing a claim needs a pending claim's id, which random ids rarely are;
    # tests/test_claims.py drives both)
    assert operations - reached <= {("POST", "/v1/callbacks"), ("POST", "/v1/consents"), ("POST", "/v1/opt-outs"),
                                    ("POST", "/v1/claims/{claim_id}/complete"),
                                    ("POST", "/v1/claims/{claim_id}/release")}, operations - reached
