"""History records: POST /v1/attempts, /v1/opt-outs, /v1/consents, /v1/callbacks."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from ..schemas import AttemptBody, CallbackBody, ConsentBody, OptOutBody, Recorded
from ..service import Service


def router(service: Service) -> APIRouter:
    routes = APIRouter(tags=["history"])
    record_responses: dict[int | str, dict[str, Any]] = {201: {"model": Recorded}}

    def recorded(kind: str, record_id: int, number: str) -> JSONResponse:
        return JSONResponse({"id": record_id, "kind": kind, "number": number}, status_code=201)

    @routes.post("/v1/attempts", status_code=201, response_model=None, responses=record_responses,
                 summary="Record a call or text attempt and its outcome")
    def record_attempt(body: AttemptBody) -> JSONResponse:
        attempt = body.record()
        return recorded("attempt", service.store().record_attempt(attempt), attempt.number)

    @routes.post("/v1/opt-outs", status_code=201, response_model=None, responses=record_responses,
                 summary="Record an opt-out")
    def record_opt_out(body: OptOutBody) -> JSONResponse:
        opt_out = body.record()
        return recorded("opt_out", service.store().record_opt_out(opt_out), opt_out.number)

    @routes.post("/v1/consents", status_code=201, response_model=None, responses=record_responses,
                 summary="Record a consent")
    def record_consent(body: ConsentBody) -> JSONResponse:
        consent = body.record()
        return recorded("consent", service.store().record_consent(consent), consent.number)

    @routes.post("/v1/callbacks", status_code=201, response_model=None, responses=record_responses,
                 summary="Record an agreed callback time")
    def record_callback(body: CallbackBody) -> JSONResponse:
        callback = body.record()
        return recorded("callback", service.store().record_callback(callback), callback.number)

    return routes

