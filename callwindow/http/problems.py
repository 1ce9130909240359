"""Problem objects (RFC 9457, application/problem+json): every error the service answers."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

from ..errors import InvalidInput, RuleDataError
from ..store import IdempotencyConflict, StoreError

PROBLEM = "application/problem+json"

# What each error status means, as the OpenAPI document describes it.
ERRORS = {
    400: "Bad input (a malformed number, instant, zone...)",
    401: "Missing or malformed Authorization header",
    403: "Unknown API key",
    409: "The Idempotency-Key was used for a different request (or the claim was completed with another outcome)",
    413: "Request body or batch too large",
    422: "The body or a parameter does not match the schema",
    429: "Too many requests: the key's rate limit or daily quota, or too many bad keys (see Retry-After)",
    500: "Internal error (no details are given)",
    503: "Rule data or the history store is unusable",
}


class ApiError(Exception):
    """An error answered as a problem object (raised by the routes and the key check)."""

    def __init__(self, status: int, title: str, detail: str | None = None, headers: dict[str, str] | None = None):
        self.status, self.title, self.detail, self.headers = status, title, detail, headers


def problem(status: int, title: str, detail: str | None = None, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def problem_dict(error: Exception) -> dict[str, Any]:
    """The problem object of an error that rejects one item of a batch."""
    status, title = classify(error)
    return {"type": "about:blank", "title": title, "status": status, "detail": str(error)}


def classify(error: Exception) -> tuple[int, str]:
    if isinstance(error, IdempotencyConflict):
        return 409, "Idempotency key reused"
    if isinstance(error, InvalidInput):
        return 400, "Bad input"
    if isinstance(error, StoreError):
        return 503, "History store unavailable"
    if isinstance(error, RuleDataError):
        return 500, "Rule data error"
    return 422, "Unprocessable input"


def validation_detail(errors: list[Any]) -> str:
    """pydantic's errors in one line (at most five named)."""
    parts = []
    for error in errors[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body",)) or "body"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    return "; ".join(parts) + more
