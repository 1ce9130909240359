"""GET /v1/check and POST /v1/check/batch answered below the key gate and above the framework:
the busiest routes.

Profiled under load (a single check, in process, CPU per request), the framework layers
between the key gate and the handler - Starlette's exception middleware, the router's scan,
the Request object, the response class - cost more than the decision and its history read
together. This layer answers `GET /v1/check` (and HEAD) itself, with the same parts the
route uses: the query validated once into a CheckBody (`schemas.from_query`), the decision
from `routes.check.decided` (so the one kernel answers), orjson out, every error the same
problem object as the app's exception handlers give (`problems.classify`). Everything else
goes on to the app. The access log, metrics and the key gate are outside it, so a fast
answer is logged, counted and keyed like any other.

A batch's body goes through the same body guard as the framework's routes (`BodyLimit`: size,
read time, nesting) and is answered by the route's own functions (`routes.check.batch_items`,
`batch_codes`, `batch_answer`): the framework's layers cost a batch ~60 us, 0.6 us an item of
100. tests/test_http_batch_engine.py compares both paths' answers byte for byte.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError

from ..errors import CallwindowError
from .encoding import dumps
from .middleware import BodyLimit
from .problems import PROBLEM, ApiError, classify, validation_detail
from .routes.check import batch_answer, batch_codes, batch_items, decided
from .schemas import CheckBody, from_query
from .service import Service

_log = logging.getLogger("callwindow.http")
PATH = "/v1/check"
BATCH_PATH = "/v1/check/batch"
_JSON = b"application/json"
Answer = tuple[int, bytes, bytes, list[tuple[bytes, bytes]]]  # status, content type, body, other headers


class FastCheck:
    """An ASGI layer: GET and HEAD /v1/check and POST /v1/check/batch answered here, anything
    else passed on."""

    def __init__(self, app: Any, service: Service) -> None:
        self.app, self.service = app, service
        settings = service.settings
        self._max_batch = settings.max_batch  # read once, as the router reads it
        self._guarded_batch = BodyLimit(self._batch, limit=settings.max_body_bytes, read_timeout=settings.body_timeout)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
        elif scope["path"] == PATH and scope["method"] in ("GET", "HEAD"):
            await _respond(send, await self._answer(scope), head=scope["method"] == "HEAD")
        elif scope["path"] == BATCH_PATH and scope["method"] == "POST":
            await self._guarded_batch(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _answer(self, scope: Any) -> Answer:
        try:
            query = from_query(CheckBody, scope.get("query_string") or b"")
            scope.setdefault("state", {})["number"] = query.number  # for the access log (AccessLog): parsed once
        except ValidationError as error:
            return _problem(422, "Unprocessable input", validation_detail(list(error.errors())))
        try:
            return 200, _JSON, dumps(await decided(self.service, query)), []
        except (ApiError, CallwindowError) as error:
            return _failure(error)

    async def _batch(self, scope: Any, receive: Any, send: Any) -> None:
        """POST /v1/check/batch, behind the body guard (which hands over the body in one message)."""
        body = (await receive()).get("body", b"")
        try:
            codes = batch_codes(scope.get("query_string") or b"")  # the query first, as FastAPI checks it
            items = batch_items(body, self._max_batch)
            answer: Answer = 200, _JSON, dumps(await batch_answer(self.service, items, codes)), []
        except (ApiError, CallwindowError) as error:
            answer = _failure(error)
        await _respond(send, answer, head=False)


async def _respond(send: Any, answer: Answer, head: bool) -> None:
    status, content_type, body, extra = answer
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode()), *extra]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if head else body})


def _failure(error: ApiError | CallwindowError) -> Answer:
    """The problem object of an error, as the app's exception handlers answer it."""
    if isinstance(error, ApiError):
        return _problem(error.status, error.title, error.detail, error.headers)
    status, title = classify(error)
    if status >= 500:
        _log.error("callwindow error %s", type(error).__name__)
        return _problem(status, title, "the service cannot answer now" if status == 503 else None)
    return _problem(status, title, str(error))


def _problem(status: int, title: str, detail: str | None, headers: dict[str, str] | None = None) -> Answer:
    body = dumps({"type": "about:blank", "title": title, "status": status, "detail": detail})
    extra = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in (headers or {}).items()]
    return status, PROBLEM.encode(), body, extra
