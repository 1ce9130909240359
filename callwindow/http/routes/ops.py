"""Operations: GET /v1/health (no key), /v1/ready, /v1/meta, /v1/metrics."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse

from ... import __version__
from ...rules import load_all
from ...store import MissingStore
from ..config import MAX_WINDOW_DAYS
from ..problems import problem
from ..schemas import Health, Meta, Ready
from ..service import Service

# The readiness probe decides this number at this instant: any fixed question exercises the
# whole path (rule data, calendars, zones); a fixed one keeps the probe's cost the same.
READY_NUMBER = "+12125550123"
READY_AT = "2026-11-24T15:00:00Z"

_log = logging.getLogger("callwindow.http")


def router(service: Service) -> APIRouter:
    routes = APIRouter(tags=["operations"])

    @routes.get("/v1/health", response_model=Health, summary="Liveness (no key needed)")
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @routes.get("/v1/ready", response_model=Ready,
                summary="Readiness: rule data loads and decides, the history store answers")
    def ready() -> Any:
        try:
            load_all()
            policy = service.policy("courtesy")
            policy.check(READY_NUMBER, READY_AT)
        except Exception as error:  # the probe's purpose: any failure of the rule data is "not ready"
            _log.error("not ready: rule data: %s", type(error).__name__)
            return problem(503, "Not ready", "the rule data is unusable")
        try:
            store = service.store()
            store.attempts_count(READY_NUMBER)
        except MissingStore:
            _log.error("not ready: the history store %s is missing", service.target)
            return problem(503, "Not ready", "the history store file is missing")
        except Exception as error:  # likewise for the store: reopen it on the next request
            _log.error("not ready: store: %s", type(error).__name__)
            service.close()
            return problem(503, "Not ready", "the history store is unusable")
        return {"status": "ready", "rules": policy.versions["rules"], "store": type(store).__name__}

    @routes.get("/v1/metrics", response_class=PlainTextResponse,
                responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}},
                                 "description": "Prometheus text format"}},
                summary="Counters in Prometheus' text format (requests, latency, decisions, versions)")
    def metrics() -> PlainTextResponse:
        return PlainTextResponse(service.metrics.render(service.policy("courtesy").versions),
                                 media_type="text/plain; version=0.0.4")

    @routes.get("/v1/meta", response_model=Meta,
                summary="Versions of the rule data, holidays, phonenumbers, tzdata; jurisdictions covered")
    def meta() -> dict[str, Any]:
        jurisdictions, _courtesy = load_all()
        settings = service.settings
        return {
            "versions": dict(service.policy("courtesy").versions),
            "jurisdictions": [{"id": j.id, "name": j.name, "applies_to": list(j.applies_to)} for j in jurisdictions],
            "limits": {"max_body_bytes": settings.max_body_bytes, "max_batch": settings.max_batch,
                       "max_window_days": MAX_WINDOW_DAYS},
        }

    return routes
