"""GET /v1/check answered below the key gate and above the framework: the busiest route.

Profiled under load (a single check, in process, CPU per request), the framework layers
between the key gate and the handler - Starlette's exception middleware, the router's scan,
the Request object, the response class - cost more than the decision and its history read
together. This layer answers `GET /v1/check` (and HEAD) itself, with the same parts the
route uses: the query validated once into a CheckBody (`schemas.from_query`), the decision
from `routes.check.decided` (so the one kernel answers), orjson out, every error the same
problem object as the app's exception handlers give (`problems.classify`). Everything else
goes on to the app. The access log, metrics and the key gate are outside it, so a fast
answer is logged, counted and keyed like any other.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError

from ..errors import CallwindowError
from .encoding import dumps
from .problems import PROBLEM, ApiError, classify, validation_detail
from .routes.check import decided
from .schemas import CheckBody, from_query
from .service import Service

_log = logging.getLogger("callwindow.http")
PATH = "/v1/check"


class FastCheck:
    """An ASGI layer: GET and HEAD /v1/check answered here, anything else passed on."""

    def __init__(self, app: Any, service: Service) -> None:
        self.app, self.service = app, service

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] != PATH or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        status, content_type, body, extra = await self._answer(scope)
        headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode()), *extra]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})

    async def _answer(self, scope: Any) -> tuple[int, bytes, bytes, list[tuple[bytes, bytes]]]:
        try:
            query = from_query(CheckBody, scope.get("query_string") or b"")
            scope.setdefault("state", {})["number"] = query.number  # for the access log (AccessLog): parsed once
        except ValidationError as error:
            return _problem(422, "Unprocessable input", validation_detail(list(error.errors())))
        try:
            return 200, b"application/json", dumps(await decided(self.service, query)), []
        except ApiError as error:
            return _problem(error.status, error.title, error.detail, error.headers)
        except CallwindowError as error:  # as install_error_handlers answers it
            status, title = classify(error)
            if status >= 500:
                _log.error("callwindow error %s", type(error).__name__)
                return _problem(status, title, "the service cannot answer now" if status == 503 else None)
            return _problem(status, title, str(error))


def _problem(status: int, title: str, detail: str | None,
             headers: dict[str, str] | None = None) -> tuple[int, bytes, bytes, list[tuple[bytes, bytes]]]:
    body = dumps({"type": "about:blank", "title": title, "status": status, "detail": detail})
    extra = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in (headers or {}).items()]
    return status, PROBLEM.encode(), body, extra
