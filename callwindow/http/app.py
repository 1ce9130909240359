"""The HTTP API (FastAPI), assembled. `create_app(settings)` builds it; `create_app_from_env()`
is the factory uvicorn's workers call (configuration from the environment).

The decision object of every check endpoint is exactly `Decision.to_dict()`, what
`can-i-call --json` prints (docs/decision.md). The parts: `schemas` (bodies), `middleware`
(limits, access log, keys, errors), `service` (policies, store, operations), `routes/`.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from .. import __version__
from ..policy import PROFILES
from . import batching, openapi, reload
from .config import MAX_WINDOW_DAYS, Settings
from .fastpath import FastCheck
from .limits import BadKeyBrake, KeyLimiter, SharedSlots
from .middleware import AccessLog, BodyLimit, KeyGate, install_error_handlers
from .routes import check, history, ops
from .routes import drafts as draft_routes  # issue 19: message drafts
from .routes import retries as retry_routes  # issue 19: retry planning
from .security import flush_access_log
from .service import Service

__all__ = ["App", "Settings", "create_app", "create_app_from_env", "openapi_document", "write_openapi"]


class App(FastAPI):
    """The FastAPI app behind the service's own outer layers (`front`): every HTTP request goes
    through them first - CORS when configured, the access log, the key gate, the fast check -
    and only what they pass on reaches FastAPI's stack (its error, telemetry and body-limit
    middleware, ours, the router). Profiled, those framework layers cost a GET /v1/check more
    than its history read; now they run only for the other routes. Lifespan (and anything not
    HTTP) goes straight to FastAPI."""

    front: Any = None  # the outer layers' ASGI callable, ending in `framework`

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if self.front is not None and scope["type"] == "http":
            await self.front(scope, receive, send)
        else:
            await super().__call__(scope, receive, send)

    async def framework(self, scope: Any, receive: Any, send: Any) -> None:
        """FastAPI's own stack: the innermost of the outer layers."""
        await super().__call__(scope, receive, send)


def create_app(settings: Settings | None = None) -> App:
    settings = settings or Settings.from_env()
    service = Service(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        reload.install(service)  # SIGHUP: the rule data again, in place (a server's main thread only)
        yield
        service.close()  # after uvicorn has let the in-flight requests finish
        flush_access_log()

    app = App(
        title="callwindow",
        version=__version__,
        summary="May I phone or text this number now, and if not, when?",
        description=(
            "Check a number before dialing: local time, rest days, holidays, courtesy rules and calling laws, "
            "with reasons. Every endpoint except /v1/health needs `Authorization: Bearer <API key>`. "
            f"Limits: request body {settings.max_body_bytes} bytes, batch {settings.max_batch} checks, "
            f"windows period {MAX_WINDOW_DAYS} days. Errors are application/problem+json. Not legal advice."
        ),
        docs_url="/v1/docs",
        redoc_url=None,
        openapi_url="/v1/openapi.json",
        lifespan=lifespan,
        redirect_slashes=False,  # Starlette builds the redirect from the Host header: /v1/check/ is a 404
    )
    app.state.service = service
    install_error_handlers(app)
    for group in (check, history, ops, retry_routes, draft_routes):
        app.include_router(group.router(service))
    app.router.routes[:0] = check.lean_routes(service)  # matched first: see routes/check.py
    openapi.install(app)

    # Inside the framework, for the routes it serves: the body guard (GET /v1/check has no body).
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes, read_timeout=settings.body_timeout)
    # The outer layers, innermost first: each wraps the one before (see App).
    front: Any = FastCheck(app.framework, service=service)  # GET /v1/check (fastpath.py)
    limits = dict(settings.keys.limits)
    shared = SharedSlots(settings.limits_file, list(limits)) if settings.limits_file and limits else None
    front = KeyGate(front, keys=settings.keys, limiter=KeyLimiter(limits, slots=shared),
                    brake=BadKeyBrake(burst=settings.bad_key_burst, every=settings.bad_key_every))
    front = AccessLog(front, metrics=service.metrics)  # sees every answer, the key gate's refusals too
    if settings.cors_origins:  # outermost: even a 413 carries the CORS headers
        front = CORSMiddleware(
            front, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "X-Request-Id"], expose_headers=["X-Request-Id"],
            max_age=600,  # seconds a browser may reuse a preflight's answer
        )
    app.front = front
    return app


def create_app_from_env() -> App:
    """The uvicorn factory (`callwindow.http.app:create_app_from_env`). The rule data is loaded
    now, not on the first request: a worker whose data does not load fails to start (and a
    supervisor keeps the workers it has)."""
    app = create_app(Settings.from_env())
    for profile in PROFILES:
        app.state.service.policy(profile)
    batching.warm_up(app.state.service)  # the first `detail=codes` batch would pay it otherwise
    reload.freeze_heap()  # warm: what the worker holds now lives as long as it (see reload.freeze_heap)
    return app


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document as served with the default limits (docs/openapi.json)."""
    return create_app(Settings()).openapi()


def write_openapi(path: str) -> None:
    """Write docs/openapi.json: `callwindow-serve --write-openapi docs/openapi.json`."""
    with open(path, "w", encoding="utf-8") as out:
        json.dump(openapi_document(), out, indent=2, ensure_ascii=False)
        out.write("\n")
