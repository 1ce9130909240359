"""The layers around the routes: the body-size limit, the access log (and the last-resort
500), the API-key check, and the exception handlers that turn every error into a problem
object."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import CallwindowError
from .problems import ApiError, classify, problem, validation_detail
from .security import KeyRing, log_access, parse_authorization

_log = logging.getLogger("callwindow.http")

bearer = HTTPBearer(auto_error=False, description="an API key: `Authorization: Bearer <key>`")


class BodyLimit:
    """Refuse request bodies over `limit` bytes with 413 (Content-Length or streamed)."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        too_big = f"request body over the limit of {self.limit} bytes"
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                await problem(400, "Bad request", "malformed Content-Length")(scope, receive, send)
                return
            if declared > self.limit:
                await problem(413, "Payload too large", too_big)(scope, receive, send)
                return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await problem(413, "Payload too large", too_big)(scope, receive, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        sent = False

        async def replay() -> Any:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class AccessLog:
    """One JSON line per request (numbers masked, key names only); an exception
    that escaped every handler becomes a 500 problem, never a stack trace."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = dict(scope.get("headers") or [])
        request_id = headers.get(b"x-request-id", b"").decode("latin-1")[:64] or uuid.uuid4().hex
        state = scope.setdefault("state", {})
        status = 500
        began = False

        async def sending(message: Any) -> None:
            nonlocal status, began
            if message["type"] == "http.response.start":
                began = True
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", []), (b"x-request-id", request_id.encode())]}
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as error:
            state["error"] = type(error).__name__
            _log.error("unhandled %s in %s", type(error).__name__, scope.get("path"))
            if not began:
                await problem(500, "Internal error", "the request failed; it has been logged")(scope, receive, sending)
        finally:
            number = None
            query = scope.get("query_string") or b""
            if b"number=" in query:
                number = (parse_qs(query.decode("latin-1")).get("number") or [None])[0]
            client = scope.get("client")
            log_access(method=scope["method"], path=scope["path"], status=status, started=started,
                       client=client[0] if client else None, key=state.get("key_name"), number=number,
                       request_id=request_id, error=state.get("error"))


def key_check(keys: KeyRing) -> Callable[..., str]:
    """The dependency that admits a request with a known key (its name goes to the access log)."""

    def require_key(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> str:
        token = parse_authorization(request.headers.get("authorization"))
        if token is None:
            raise ApiError(401, "Unauthorized", "send an API key: Authorization: Bearer <key>",
                           {"WWW-Authenticate": "Bearer"})
        name = keys.identify(token)
        if name is None:
            raise ApiError(403, "Forbidden", "this API key is not accepted")
        request.state.key_name = name
        return name

    return require_key


def install_error_handlers(app: FastAPI) -> None:
    """Every error a route or FastAPI raises, answered as a problem object."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, error: ApiError) -> JSONResponse:
        return problem(error.status, error.title, error.detail, error.headers)

    @app.exception_handler(CallwindowError)
    async def _callwindow_error(request: Request, error: CallwindowError) -> JSONResponse:
        status, title = classify(error)
        if status >= 500:
            _log.error("callwindow error %s", type(error).__name__)
            return problem(status, title, "the service cannot answer now" if status == 503 else None)
        return problem(status, title, str(error))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, error: RequestValidationError) -> JSONResponse:
        return problem(422, "Unprocessable input", validation_detail(list(error.errors())))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        titles = {404: "Not found", 405: "Method not allowed"}
        return problem(error.status_code, titles.get(error.status_code, "Error"), str(error.detail),
                       dict(error.headers or {}))

    @app.exception_handler(Exception)
    async def _anything(request: Request, error: Exception) -> JSONResponse:
        request.state.error = type(error).__name__
        _log.error("unhandled %s in %s", type(error).__name__, request.url.path)
        return problem(500, "Internal error", "the request failed; it has been logged")
