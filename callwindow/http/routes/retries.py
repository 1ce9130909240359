"""Retry planning (S13): POST /v1/retries - the next attempts at a contact, each allowed by a
check at its instant with the history as planned (`callwindow.retries.plan_attempts` on the
number's recorded history)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from ...retries import MAX_ATTEMPTS, plan_attempts
from ..schemas import CheckBody, ReasonOut
from ..service import Service


class RetriesBody(CheckBody):
    """A check body (the first attempt searched from `at`) and how many attempts to plan."""

    n: int = Field(3, ge=1, le=MAX_ATTEMPTS, description="how many attempts to plan")
    gap_hours: float = Field(2.0, ge=0, le=168, description="at least this long between two attempts")
    assume: Literal["voicemail", "no_answer", "conversation"] = Field(
        "voicemail", description="the outcome each planned attempt is counted with by the caps")


class SlotOut(BaseModel):
    at: str
    local: str = Field(description="the contact's wall clock then (first candidate zone), with its offset")
    part: Literal["morning", "afternoon", "evening"]
    reason: str
    waited_for: list[ReasonOut] = Field(description="what closed the time before the slot (a cap, the hours...)")
    window_closes_at: str | None


class PlanOut(BaseModel):
    """The plan (callwindow.retries.Plan.to_dict())."""

    number: str
    asked: int
    planned: int
    slots: list[SlotOut]
    blocked: bool = Field(description="the contact may not be reached from some point on: nothing after it")
    assumed_outcome: str
    reasons: list[ReasonOut]


def router(service: Service) -> APIRouter:
    routes = APIRouter(tags=["planning"])

    @routes.post("/v1/retries", response_model=None, responses={200: {"model": PlanOut}},
                 summary=f"Plan the next attempts at a contact (S13), at most {MAX_ATTEMPTS}")
    async def retries(body: RetriesBody) -> JSONResponse:
        return JSONResponse(await run_in_threadpool(planned, service, body))  # a plan asks the policy many times

    return routes


def planned(service: Service, body: RetriesBody) -> dict[str, Any]:
    question = body.question()
    number = question.subscriber.number
    history = service.store().histories_of_contacts({number: question.contact_id})[number]
    plan = plan_attempts(service.policy(body.profile), question, history, body.n,
                         gap=timedelta(hours=body.gap_hours), assume=body.assume)
    return plan.to_dict()
