"""Message drafts: POST /v1/drafts - a text or voicemail in the contact's language, signed, with
when it may be sent (`callwindow.drafts.draft_message` on the number's recorded history). Never
sent by the service; an `ask` once sent is recorded with POST /v1/asks (S6)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from ...drafts import Signature, draft_message
from ..schemas import CheckBody, DecisionOut
from ..service import Service


class SignatureBody(BaseModel):
    """Who signs the draft (S16: name and extension; S13: the number to call back)."""

    name: str = Field(min_length=1, max_length=100)
    extension: str | None = Field(None, max_length=100)
    company: str | None = Field(None, max_length=100)
    number: str | None = Field(None, max_length=100, description="needed for a voicemail (S13)")


class DraftBody(CheckBody):
    """A check body (the contact, `at` = when it would be sent; `channel` is ignored: a text for
    ask and greeting, the call for a voicemail) and the draft asked for."""

    kind: Literal["ask", "voicemail", "greeting"]
    language: str | None = Field(None, max_length=8, description="ISO 639-1 (default: the contact's country's)")
    signature: SignatureBody


class SuggestedOut(BaseModel):
    start: str
    end: str
    words: str


class HolidayOut(BaseModel):
    date: str
    name: str


class DraftOut(BaseModel):
    """callwindow.drafts.Draft.to_dict()."""

    kind: str
    number: str
    language: str
    language_name: str
    review: str = Field(description="reference | reviewed | machine-drafted (have a native speaker review it)")
    text: str
    may_send_now: bool
    send_from: str | None
    send_until: str | None
    send_until_local: str | None
    zone: str | None
    when: str
    suggested: list[SuggestedOut]
    holiday: HolidayOut | None
    send_decision: DecisionOut
    sent_by_callwindow: bool = Field(description="always false: callwindow never sends messages")


def router(service: Service) -> APIRouter:
    routes = APIRouter(tags=["drafts"])

    @routes.post("/v1/drafts", response_model=None, responses={200: {"model": DraftOut}},
                 summary="Draft an 'is it convenient?' text, a voicemail or a holiday greeting (never sent)")
    async def drafts(body: DraftBody) -> JSONResponse:
        return JSONResponse(await run_in_threadpool(drafted, service, body))

    return routes


def drafted(service: Service, body: DraftBody) -> dict[str, Any]:
    question = body.question()
    number = question.subscriber.number
    history = service.store().histories_of_contacts({number: question.contact_id})[number]
    signed = body.signature
    signature = Signature.of(signed.name, signed.extension, signed.company, signed.number)
    return draft_message(service.policy(body.profile), question, history, body.kind, signature,
                         language=body.language).to_dict()
