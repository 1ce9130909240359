"""The key gate of the streamable HTTP transport: every request needs `Authorization: Bearer
<key>` with a key of the HTTP service's keys (callwindow/http/security.py's KeyRing: the same
keys file and CALLWINDOW_API_KEYS, the same digests compared in constant time).

An ASGI layer in front of the SDK's app, so that nothing of an unauthenticated request reaches
the MCP session (no body is read). Missing or malformed header: 401 with `WWW-Authenticate:
Bearer`; a well-formed unknown key: 403; both say nothing about the keys, as the HTTP service.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from ..http.security import KeyRing, parse_authorization


class KeyGate:
    """Refuses every HTTP request without a known bearer key; lets the rest through."""

    def __init__(self, app: ASGIApp, keys: KeyRing) -> None:
        self.app = app
        self.keys = keys

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # lifespan events carry no key
            await self.app(scope, receive, send)
            return
        header = _header(scope, b"authorization")
        token = parse_authorization(header)
        if token is None:
            await _refuse(send, 401, "send an API key: Authorization: Bearer <key>")
            return
        if self.keys.identify(token) is None:
            await _refuse(send, 403, "this API key is not accepted")
            return
        await self.app(scope, receive, send)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


async def _refuse(send: Send, status: int, detail: str) -> None:
    title = "Unauthorized" if status == 401 else "Forbidden"
    body = json.dumps({"type": "about:blank", "title": title, "status": status, "detail": detail}).encode()
    headers: list[tuple[bytes, bytes]] = [(b"content-type", b"application/problem+json"),
                                          (b"content-length", str(len(body)).encode())]
    if status == 401:
        headers.append((b"www-authenticate", b"Bearer"))
    start: dict[str, Any] = {"type": "http.response.start", "status": status, "headers": headers}
    await send(start)
    await send({"type": "http.response.body", "body": body})
