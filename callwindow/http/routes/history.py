"""History records: POST /v1/attempts, /v1/opt-outs, /v1/consents, /v1/callbacks, /v1/asks, /v1/relationships (each
takes an Idempotency-Key header: a retry records nothing), GET /v1/history/{number}, and claims: POST /v1/claims, then
/v1/claims/{id}/complete or /v1/claims/{id}/release."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path
from fastapi.responses import JSONResponse

from ...history import history_to_dict
from ..schemas import (
    AskBody,
    AttemptBody,
    CallbackBody,
    ClaimBody,
    ConsentBody,
    OptOutBody,
    OutcomeBody,
    Recorded,
    RelationshipBody,
    e164,
    instant,
)
from ..service import Service


def router(service: Service) -> APIRouter:
    routes = APIRouter(tags=["history"])
    record_responses: dict[int | str, dict[str, Any]] = {201: {"model": Recorded}}

    def recorded(kind: str, record: Any, key: str | None) -> JSONResponse:
        store = service.store()
        (record_id,) = store.record_idempotent([record], key) if key is not None else store.record_many([record])
        return JSONResponse({"id": record_id, "kind": kind, "number": record.number}, status_code=201)

    @routes.post("/v1/attempts", status_code=201, response_model=None, responses=record_responses,
                 summary="Record a call or text attempt and its outcome")
    def record_attempt(body: AttemptBody, idempotency_key: IdempotencyKey = None) -> JSONResponse:
        return recorded("attempt", body.record(), idempotency_key)

    @routes.post("/v1/opt-outs", status_code=201, response_model=None, responses=record_responses,
                 summary="Record an opt-out")
    def record_opt_out(body: OptOutBody, idempotency_key: IdempotencyKey = None) -> JSONResponse:
        return recorded("opt_out", body.record(), idempotency_key)

    @routes.post("/v1/consents", status_code=201, response_model=None, responses=record_responses,
                 summary="Record a consent")
    def record_consent(body: ConsentBody, idempotency_key: IdempotencyKey = None) -> JSONResponse:
        return recorded("consent", body.record(), idempotency_key)

    @routes.post("/v1/callbacks", status_code=201, response_model=None, responses=record_responses,
                 summary="Record an agreed callback time")
    def record_callback(body: CallbackBody, idempotency_key: IdempotencyKey = None) -> JSONResponse:
        return recorded("callback", body.record(), idempotency_key)

    @routes.post("/v1/relationships", status_code=201, response_model=None, responses=record_responses,
                 summary="Record a business relationship (a purchase or an inquiry)")
    def record_relationship(body: RelationshipBody, idempotency_key: IdempotencyKey = None) -> JSONResponse:
        return recorded("relationship", body.record(), idempotency_key)

    claim_responses: dict[int | str, dict[str, Any]] = {
        200: {"description": "not granted: the decision says why"},
        201: {"description": "granted: the slot is held as the claim until it expires"},
    }

    @routes.post("/v1/asks", status_code=201, response_model=None, responses=record_responses,
                 summary="Record an 'is it convenient?' text (S6) and its reply")
    def record_ask(body: AskBody, idempotency_key: IdempotencyKey = None) -> JSONResponse:
        return recorded("ask", body.record(), idempotency_key)

    @routes.get("/v1/history/{number}", response_model=None,
                summary="What is recorded about a number (attempts, opt-outs, consents, callbacks, asks, "
                        "relationships)")
    def history(number: Annotated[str, Path(max_length=64, examples=["+12125550123"])],
                since: str | None = None) -> JSONResponse:
        normal = e164(number, None)
        start = instant(since, "since") if since else None
        found = service.store().history(normal, start)
        return JSONResponse(history_to_dict(normal, found, start))

    @routes.post("/v1/claims", response_model=None, responses=claim_responses,
                 summary="Decide and, when allowed, hold the slot (a claim)")
    def claim(body: ClaimBody, idempotency_key: IdempotencyKey = None) -> JSONResponse:
        found = service.policy(body.profile).claim(
            body.question(), service.store(), hold=timedelta(seconds=body.hold_seconds),
            idempotency_key=idempotency_key)
        return JSONResponse(found.to_dict(), status_code=201 if found.granted else 200)

    @routes.post("/v1/claims/{claim_id}/complete", status_code=201, response_model=None,
                 summary="Finish a claim with the call's outcome (it becomes the attempt)")
    def complete(claim_id: int, body: OutcomeBody) -> JSONResponse:
        attempt = service.store().complete(claim_id, body.outcome)
        return JSONResponse({"claim_id": claim_id, "attempt_id": attempt, "outcome": body.outcome},
                            status_code=201)

    @routes.post("/v1/claims/{claim_id}/release", response_model=None,
                 summary="Give a claim's slot back (no call was made)")
    def release(claim_id: int) -> JSONResponse:
        service.store().release(claim_id)
        return JSONResponse({"claim_id": claim_id, "released": True})

    return routes


# A retry of a write with the same key and body records nothing and returns the first result.
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]

