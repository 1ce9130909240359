"""The layers around the routes, outermost first: the access log (and the last-resort 500),
the key gate (API keys, per-key rate limits and quotas, the brake on bad keys), the body guard
(size, read time, JSON nesting), and the exception handlers that turn every error into a
problem object. The key is checked before the body is read: a client without a key makes the
service buffer nothing and parse nothing."""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import logging
import os
import re
import time
from typing import Any
from urllib.parse import unquote_plus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import CallwindowError
from .limits import UNLIMITED, BadKeyBrake, KeyLimiter
from .metrics import Metrics
from .problems import ApiError, classify, problem, validation_detail
from .security import MAX_LOGGED_PATH, KeyRing, log_access, parse_authorization

_log = logging.getLogger("callwindow.http")

# Paths served without a key: liveness, and the API's own description (it holds no data).
PUBLIC_PATHS = frozenset({"/v1/health", "/v1/openapi.json", "/v1/docs", "/v1/docs/oauth2-redirect"})
MAX_KNOWN_HEADERS = 1024  # accepted Authorization headers the key gate remembers (KeyGate)
MAX_JSON_DEPTH = 32  # a check body is 2 levels deep, a batch 3: anything deeper is not ours

_NUMBER_PARAMETER = re.compile(rb"(?:^|&)number=([^&]*)")  # the number the access log masks
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))
_NOT_QUOTES_OR_BRACKETS = bytes(sorted(set(range(256)) - set(b'"[]{}')))
_BARE_STRING = re.compile(rb'"[^"]*"')  # a string of a text with no backslash: no escaped quote inside
_INNERMOST = re.compile(rb"\[\]|\{\}")


class BodyLimit:
    """The body guard: refuse a body over `limit` bytes with 413 (by Content-Length or counted
    as it streams), one that takes longer than `read_timeout` seconds to arrive with 408, and
    JSON nested deeper than MAX_JSON_DEPTH with 400 (a deep body would exhaust the parser's
    recursion); then hand the app the body in one piece."""

    def __init__(self, app: Any, limit: int, read_timeout: float = 30.0) -> None:
        self.app, self.limit, self.read_timeout = app, limit, read_timeout

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
        try:
            async with asyncio.timeout(self.read_timeout):
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
        except TimeoutError:
            detail = f"the request body did not arrive within {self.read_timeout:g} seconds"
            await problem(408, "Request timeout", detail, {"Connection": "close"})(scope, receive, send)
            return
        body = b"".join(chunks)
        if too_deep(body, MAX_JSON_DEPTH):
            detail = f"the JSON body is nested more than {MAX_JSON_DEPTH} levels deep"
            await problem(400, "Bad request", detail)(scope, receive, send)
            return
        sent = False

        async def replay() -> Any:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def too_deep(body: bytes, limit: int) -> bool:
    """Whether the JSON text nests arrays and objects more than `limit` deep (brackets inside
    strings do not count). At C speed: the strings are cut out, only the brackets kept, and
    the innermost pairs removed once per level; a text that still has brackets after `limit`
    rounds is deeper than `limit`. Malformed text is left to the JSON parser to refuse."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    if b"\\" not in body:
        # No escapes (almost every body): keep only quotes and brackets first - a tenth of the
        # text - then cut the strings out of that (~10x faster than the regex over the body).
        quoted = body.translate(None, _NOT_QUOTES_OR_BRACKETS)
        # Strings without brackets in them (almost all) are adjacent quotes there: when taking
        # out the pairs leaves no quote, the pairs taken were the strings, each in turn (the
        # first quote with the next, and so on) - 2 us where the regex takes ~35 for a batch of 100.
        skeleton = quoted.replace(b'""', b"")
        if b'"' in skeleton:
            skeleton = _BARE_STRING.sub(b"", quoted)
    else:
        skeleton = _JSON_STRING.sub(b"", body).translate(None, _NOT_BRACKETS)
    # A quick bound first: taking out every empty {} and then every empty [] takes one or two
    # levels off, so brackets gone within limit // 2 such rounds nest at most `limit` deep (a
    # batch: one round, ~1 us; the regex rounds below cost ~6 us each).
    emptied = skeleton
    for _ in range(limit // 2):
        emptied = emptied.replace(b"{}", b"").replace(b"[]", b"")
        if not emptied:
            return False
    for _ in range(limit):
        shorter = _INNERMOST.sub(b"", skeleton)
        if not shorter or shorter == skeleton:
            return False
        skeleton = shorter
    return bool(skeleton)  # (brackets only inside strings leave nothing: not deep at all)


class KeyGate:
    """Admit a request with a known key within its limits; answer the rest with a problem:
    401 (no or malformed key), 403 (unknown key), 429 (the key's rate or quota spent, or too
    many bad keys from this address: `Retry-After` says when to try again). Admitted answers
    carry the key's RateLimit-* headers when it has a rate limit."""

    def __init__(self, app: Any, keys: KeyRing, limiter: KeyLimiter | None = None,
                 brake: BadKeyBrake | None = None) -> None:
        self.app, self.keys = app, keys
        self.limiter = limiter or KeyLimiter(dict(keys.limits))
        self.brake = brake or BadKeyBrake()
        # The SHA-256 of Authorization headers already accepted -> their key's name: parsing a
        # header and comparing its key with every known one cost ~1.7 us a request, this ~0.4.
        # Digests only (no key is kept in memory), and only of accepted headers: a wrong key
        # always goes the whole way (KeyRing.identify, constant time in its value).
        self._known: dict[bytes, str] = {}

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] in PUBLIC_PATHS:
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        braked = self.brake.wait(client)
        if braked:
            await problem(429, "Too many requests", "too many bad API keys from this address: wait and retry",
                          {"Retry-After": str(max(1, int(braked + 0.999)))})(scope, receive, send)
            return
        raw = None
        for name, value in scope.get("headers") or ():
            if name == b"authorization":
                raw = value
                break
        seen = hashlib.sha256(raw).digest() if raw is not None else None
        key = self._known.get(seen) if seen is not None else None
        if seen is None or key is None:
            token = parse_authorization(None if raw is None else raw.decode("latin-1"))
            if token is None:
                self.brake.failed(client)
                await problem(401, "Unauthorized", "send an API key: Authorization: Bearer <key>",
                              {"WWW-Authenticate": "Bearer"})(scope, receive, send)
                return
            key = self.keys.identify(token)
            if key is None:
                self.brake.failed(client)
                await problem(403, "Forbidden", "this API key is not accepted")(scope, receive, send)
                return
            if len(self._known) >= MAX_KNOWN_HEADERS:  # bounded: a header per key and spelling
                self._known.clear()
            if seen is not None:  # (a token was parsed: there was a header)
                self._known[seen] = key
        scope.setdefault("state", {})["key_name"] = key
        verdict = self.limiter.admit(key)
        if verdict is UNLIMITED:  # most keys: nothing to count, no headers to add
            await self.app(scope, receive, send)
            return
        extra = [(name.lower().encode("latin-1"), value.encode("latin-1"))
                 for name, value in verdict.headers().items()]
        if not verdict.admitted:
            await problem(429, "Too many requests", "this API key's rate limit or daily quota is spent: "
                          "retry after the number of seconds in Retry-After",
                          verdict.headers())(scope, receive, send)
            return
        if not extra:
            await self.app(scope, receive, send)
            return

        async def sending(message: Any) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, sending)


class AccessLog:
    """One JSON line per request (numbers masked, key names only); an exception
    that escaped every handler becomes a 500 problem, never a stack trace."""

    def __init__(self, app: Any, metrics: Metrics | None = None) -> None:
        self.app = app
        self.metrics = metrics
        # A request's id when the client gives none: this layer's random prefix and a count, as
        # unique as os.urandom(16).hex() (every worker builds its own app) and a few times cheaper
        # (the ids need to be unique, not secret).
        self._id_prefix = os.urandom(8).hex()
        self._ids = itertools.count()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        given = b""
        for name, value in scope.get("headers") or ():
            if name == b"x-request-id":
                given = value  # (the last one, as a dict of the headers would keep)
        request_id = given.decode("latin-1")[:64] or f"{self._id_prefix}{next(self._ids):016x}"
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
            if "error" not in state:  # (else the framework's handler has logged it and answered)
                state["error"] = type(error).__name__
                _log.error("unhandled %s in %s", type(error).__name__, str(scope.get("path"))[:MAX_LOGGED_PATH])
            if not began:
                await problem(500, "Internal error", "the request failed; it has been logged")(scope, receive, sending)
        finally:
            number = state.get("number")  # the fast check's (fastpath.py), else found in the query
            query = scope.get("query_string") if number is None else None
            found = _NUMBER_PARAMETER.search(query) if query else None
            if found:
                number = found.group(1).decode("latin-1")
                if "%" in number or "+" in number:
                    number = unquote_plus(number)
            client = scope.get("client")
            log_access(scope["method"], scope["path"], status, started, client[0] if client else None,
                       state.get("key_name"), number, request_id, state.get("error"))
            if self.metrics is not None:
                self.metrics.request(scope["path"], status, time.perf_counter() - started)


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
        headers = dict(error.headers or {})
        if error.status_code == 405:  # every method of the path: it has several routes (see routes/check.py)
            headers["Allow"] = ", ".join(_methods(app, request.url.path)) or headers.get("Allow", "")
        return problem(error.status_code, titles.get(error.status_code, "Error"), str(error.detail), headers)

    @app.exception_handler(Exception)
    async def _anything(request: Request, error: Exception) -> JSONResponse:
        request.state.error = type(error).__name__
        _log.error("unhandled %s in %s", type(error).__name__, request.url.path[:MAX_LOGGED_PATH])
        return problem(500, "Internal error", "the request failed; it has been logged")


def _methods(app: FastAPI, path: str) -> list[str]:
    """The methods `path` serves, from the OpenAPI document (every route is in it; a GET also
    answers HEAD), sorted."""
    operations = app.openapi().get("paths", {}).get(path, {})
    found = {method.upper() for method in operations}
    return sorted(found | ({"HEAD"} if "GET" in found else set()))
