"""History records: POST /v1/attempts, /v1/opt-outs, /v1/consents, /v1/callbacks."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.params import Depends
from fastapi.responses import JSONResponse

from ...history import Attempt, Callback, Consent, OptOut
from ...instants import parse_instant
from ...numbers import resolve
from ..schemas import AttemptBody, CallbackBody, ConsentBody, OptOutBody, Recorded
from ..service import Service


def router(service: Service, secured: list[Depends]) -> APIRouter:
    routes = APIRouter(dependencies=secured, tags=["history"])
    record_responses: dict[int | str, dict[str, Any]] = {201: {"model": Recorded}}

    def recorded(kind: str, record_id: int, number: str) -> JSONResponse:
        return JSONResponse({"id": record_id, "kind": kind, "number": number}, status_code=201)

    @routes.post("/v1/attempts", status_code=201, response_model=None, responses=record_responses,
                 summary="Record a call or text attempt and its outcome")
    def record_attempt(body: AttemptBody) -> JSONResponse:
        number = _e164(body.number, body.default_region)
        attempt = Attempt.create(number, parse_instant(body.at), channel=body.channel, purpose=body.purpose,
                                 outcome=body.outcome, subject=body.subject)
        return recorded("attempt", service.store().record_attempt(attempt), number)

    @routes.post("/v1/opt-outs", status_code=201, response_model=None, responses=record_responses,
                 summary="Record an opt-out")
    def record_opt_out(body: OptOutBody) -> JSONResponse:
        number = _e164(body.number, body.default_region)
        opt_out = OptOut.create(number, parse_instant(body.at), channels=body.channels, purposes=body.purposes,
                                provenance=body.provenance)
        return recorded("opt_out", service.store().record_opt_out(opt_out), number)

    @routes.post("/v1/consents", status_code=201, response_model=None, responses=record_responses,
                 summary="Record a consent")
    def record_consent(body: ConsentBody) -> JSONResponse:
        number = _e164(body.number, body.default_region)
        consent = Consent.create(number, parse_instant(body.at), channels=body.channels, purposes=body.purposes,
                                 expires_at=body.expires_at, provenance=body.provenance)
        return recorded("consent", service.store().record_consent(consent), number)

    @routes.post("/v1/callbacks", status_code=201, response_model=None, responses=record_responses,
                 summary="Record an agreed callback time")
    def record_callback(body: CallbackBody) -> JSONResponse:
        number = _e164(body.number, body.default_region)
        callback = Callback.create(number, body.start, body.end, channel=body.channel)
        return recorded("callback", service.store().record_callback(callback), number)

    return routes


def _e164(number: str, default_region: str | None) -> str:
    return resolve(number, default_region=default_region).number
