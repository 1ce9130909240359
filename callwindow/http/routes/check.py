"""Decisions: GET and POST /v1/check, POST /v1/check/batch, GET /v1/windows.

The two GET routes are served lean: GET /v1/check by the `fastpath.FastCheck` layer ahead of
the framework, GET /v1/windows by a plain Starlette route (`lean_routes`); both validate the
query once as a whole (a CheckBody or a WindowsQuery: no per-parameter dependency injection)
and write JSON with orjson. GET /v1/check, the busiest route, decides on the event loop (no
thread hop: the decision is pure and a SQLite history read is a local lookup of microseconds;
a PostgreSQL read goes to a thread, as it waits on the network). POST /v1/check/batch is
answered by the same layer (behind the same body guard). The FastAPI routes of those paths
document them in the OpenAPI document (their query models give the parameters) and are not
reached; they call the same functions (`decided`, `batch_items`, `batch_answer`, `windows_of`)."""

from __future__ import annotations

import gc
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import TypeAdapter, ValidationError
from starlette.routing import Route

from ...errors import InvalidInput
from ...request import Question
from ..batching import decide_compact
from ..config import MAX_WINDOW_DAYS
from ..encoding import dumps, loads
from ..problems import ApiError, problem_dict, validation_detail
from ..responses import FastJSONResponse
from ..schemas import (
    BatchOut,
    CheckBody,
    DecisionOut,
    WindowsOut,
    WindowsQuery,
    fields_of,
    from_query,
    instant,
    query_pairs,
)
from ..service import Asked, Service


def router(service: Service) -> APIRouter:
    routes = APIRouter(tags=["check"])
    max_batch = service.settings.max_batch
    decision_responses: dict[int | str, dict[str, Any]] = {200: {"model": DecisionOut}}

    @routes.get("/v1/check", response_model=None, responses=decision_responses,
                summary="Check one number (query parameters)")
    async def check_get(query: Annotated[CheckBody, Query()]) -> JSONResponse:
        return FastJSONResponse(await decided(service, query))  # documents the lean route (it is not reached)

    @routes.post("/v1/check", response_model=None, responses=decision_responses, summary="Check one number")
    async def check_post(body: CheckBody) -> JSONResponse:
        return FastJSONResponse(await decided(service, body))

    @routes.post("/v1/check/batch", response_model=None, responses={200: {"model": BatchOut}},
                 summary=f"Check up to {max_batch} numbers",
                 description="A JSON array of check bodies. Each item is decided on its own: a bad item gets a "
                             "problem object in its place (`ok: false`), the others are decided. "
                             f"More than {max_batch} items: 413.",
                 # items: any JSON value - a check body is decided, anything else is answered with a
                 # problem object in its place (the batch is not refused for it)
                 openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {
                     "type": "array", "maxItems": max_batch,
                     "items": {"description": "a check body (CheckBody); an item that is not one gets a 422 "
                                              "problem object in its place"}}}}}})
    async def check_batch(
        request: Request,
        detail: Annotated[Literal["full", "codes"], Query(
            description="full: each decision as GET /v1/check answers it (every reason worded, one policy walk per "
                        "item); codes: the decision without local_times and with reason_codes for reasons, decided "
                        "on the batch engine's arrays (several times faster)")] = "full",
    ) -> JSONResponse:
        # documents the lean route (fastpath.FastCheck answers it: this one is not reached)
        items = batch_items(await request.body(), max_batch)
        return FastJSONResponse(await batch_answer(service, items, detail == "codes"))

    @routes.get("/v1/windows", response_model=None, responses={200: {"model": WindowsOut}},
                summary=f"The allowed windows of a number over a period (at most {MAX_WINDOW_DAYS} days)")
    async def windows(query: Annotated[WindowsQuery, Query()]) -> JSONResponse:
        return FastJSONResponse(await run_in_threadpool(windows_of, service, query))  # as check_get

    return routes


def batch_items(body: bytes, max_batch: int) -> list[Any]:
    """The items of a batch's body: a JSON array of at most `max_batch` values (ApiError:
    422 for anything else, 413 for more)."""
    try:
        items = loads(body)
    except ValueError:  # json's and orjson's JSONDecodeError, UnicodeDecodeError
        raise ApiError(422, "Unprocessable input", "the body is not valid JSON") from None
    if not isinstance(items, list):
        raise ApiError(422, "Unprocessable input", "expected a JSON array of check bodies")
    if len(items) > max_batch:
        raise ApiError(413, "Batch too large", f"{len(items)} checks: the limit is {max_batch} per request")
    return items


_DETAIL: TypeAdapter[Literal["full", "codes"]] = TypeAdapter(Literal["full", "codes"])


def batch_codes(query: bytes) -> bool:
    """Whether a batch's raw query string asks for compact decisions (`detail=codes`), read as
    FastAPI reads the route's `detail` parameter: the last one given, default full; ApiError
    422, worded as FastAPI's, for any other value."""
    detail = "full"
    if b"detail" in query or b"%" in query:  # (a name may be escaped: %64etail)
        for name, value in query_pairs(query):
            if name == "detail":
                detail = value
    try:
        return _DETAIL.validate_python(detail) == "codes"
    except ValidationError as error:
        found = [{**item, "loc": ("query", "detail", *item["loc"])} for item in error.errors()]
        raise ApiError(422, "Unprocessable input", validation_detail(found)) from None


async def batch_answer(service: Service, items: list[Any], codes: bool) -> dict[str, Any]:
    """The batch object (BatchOut) of the items: worded decisions, or compact ones (`codes`)."""
    if len(items) <= INLINE_BATCH_ITEMS and not service.reads_block:
        # On the event loop, as GET /v1/check: a thread gains nothing under the GIL but the
        # hand-offs between it and the loop, about 1 ms a request (measured: 2.4x the batches
        # of 100 per second, p99 halved); a batch this small stalls the loop a few ms at most.
        # The collector waits meanwhile: the batch's thousand-odd short-lived containers (bodies,
        # decisions, result objects: no cycles) woke a collection of the young objects on
        # almost every batch, ~3 % of its CPU.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return batch_results(service, items, codes)
        finally:
            if collecting:
                gc.enable()
    # a thread: a batch of 1000 takes tens of ms, which would stall the worker's other connections;
    # a PostgreSQL history read waits on the network
    return await run_in_threadpool(batch_results, service, items, codes)


def batch_results(service: Service, items: list[Any], codes: bool) -> dict[str, Any]:
    """Each item's decision or problem object, in its place."""
    answers = decide_compact(service, validated_fields(items)) if codes else _full_answers(service, items)
    results = [{"index": index, "ok": True, "decision": answer, "error": None} if type(answer) is dict
               else _result(index, answer) for index, answer in enumerate(answers)]  # (a decision: most items)
    return {"count": len(results), "results": results}


def _result(index: int, answer: Any) -> dict[str, Any]:
    """An item's result object: its problem object, or its decision."""
    if isinstance(answer, ValidationError):
        return {"index": index, "ok": False, "decision": None, "error": {
            "type": "about:blank", "title": "Unprocessable input", "status": 422,
            "detail": validation_detail(list(answer.errors()))}}
    if isinstance(answer, Exception):
        return {"index": index, "ok": False, "decision": None, "error": problem_dict(answer)}
    return {"index": index, "ok": True, "decision": answer, "error": None}


def _full_answers(service: Service, items: list[Any]) -> list[dict[str, Any] | Exception]:
    asked: list[Asked | Exception] = []
    same: dict[bytes, Question] = {}  # the items that differ only in their instant
    for body in validated(items):
        if isinstance(body, ValidationError):
            asked.append(body)
            continue
        try:
            asked.append(same_question(body, same))
        except InvalidInput as error:
            asked.append(error)
    return service.check_many(asked)


def lean_routes(service: Service) -> list[Route]:
    """The routes served ahead of the FastAPI router (see the module's docstring)."""

    async def windows_query(request: Request) -> JSONResponse:
        try:
            query = from_query(WindowsQuery, request.query_params)
        except ValidationError as error:
            raise ApiError(422, "Unprocessable input", validation_detail(list(error.errors()))) from None
        # a thread: a 31-day walk asks the policy a few hundred times
        return FastJSONResponse(await run_in_threadpool(windows_of, service, query))

    return [Route("/v1/windows", windows_query, methods=["GET"])]


async def decided(service: Service, body: CheckBody) -> dict[str, Any]:
    """The decision object of one check body: on the event loop when the history read is local.
    The question is one of the recent ones when only its instant is new (a dialer polling a
    number; same_question): asked at the body's instant, no question is built for it."""
    if len(_recent) >= RECENT_QUESTIONS:
        _recent.clear()  # bounded (a get, a set or a clear is atomic among threads)
    question, moment, profile = same_question(body, _recent)
    if service.reads_block:
        return await run_in_threadpool(service.check, question, profile, moment)
    return service.check(question, profile, moment)


# The questions of recent single checks, by every field of their body but the instant.
RECENT_QUESTIONS = 4096
_recent: dict[bytes, Question] = {}


_BATCH = TypeAdapter(list[CheckBody])
# Batches of at most this many items are decided on the event loop (about 30 us of CPU an item
# worded, 15 us with detail=codes: a few ms); bigger ones, and any with a PostgreSQL store, in a thread.
INLINE_BATCH_ITEMS = 200


def validated(items: list[Any]) -> list[CheckBody | ValidationError]:
    """Each item as a CheckBody, or the error that refuses it, in place: the whole list validated
    at once (one call into pydantic's core, the common case), else item by item (every item's
    own error, worded as for a single body)."""
    try:
        return list(_BATCH.validate_python(items))
    except ValidationError:
        pass
    bodies: list[CheckBody | ValidationError] = []
    for item in items:
        try:
            bodies.append(CheckBody.model_validate(item))
        except ValidationError as error:
            bodies.append(error)
    return bodies


# The fields of a check body, validated as CheckBody validates them, into a dict (schemas.fields_of).
_FIELDS: Any = fields_of(CheckBody)
_BATCH_FIELDS: TypeAdapter[list[Any]] = TypeAdapter(list[_FIELDS])


def validated_fields(items: list[Any]) -> list[dict[str, Any] | ValidationError]:
    """validated(), each body as the dict of the fields it gives (the same checks: no CheckBody
    made); a batch with an item refused goes item by item, as validated() does."""
    try:
        return _BATCH_FIELDS.validate_python(items)
    except ValidationError:
        pass
    return [body if isinstance(body, ValidationError) else {name: body.__dict__[name] for name in
                                                            body.__pydantic_fields_set__} for body in validated(items)]


def same_question(body: CheckBody, same: dict[bytes, Question]) -> Asked:
    """body.question() as a batch asks it: (the question, its instant, the profile). The
    question is built once per batch for the items that differ only in their instant (a
    number asked about at many instants): the instant is read first, as body.question() reads
    it (a bad one is the item's error), then an earlier item's question with every other field
    equal is asked at that instant (`Policy.answer(..., at=)`: no per-item copy of the question). An
    item whose question fails is not kept."""
    moment = instant(body.at, "at")
    fields = dict(body.__dict__)  # (pydantic keeps a model's field values there)
    del fields["at"]
    key = dumps(fields)  # every other field (text, flags, lists of text): one hashable value
    known = same.get(key)
    if known is None:
        known = same[key] = body.ask(moment)
    return known, moment, body.profile


def windows_of(service: Service, query: WindowsQuery) -> dict[str, Any]:
    """The windows object of GET /v1/windows (WindowsOut)."""
    begin, finish = query.period(timedelta(days=MAX_WINDOW_DAYS))
    question = query.ask(begin)
    found = service.windows(question, query.profile, begin, finish)
    return {
        "number": question.subscriber.number, "channel": question.channel.value,
        "purpose": question.purpose.value, "start": _iso(found.start), "end": _iso(found.end),
        "windows": [{"start": _iso(w.start), "end": _iso(w.end)} for w in found.windows],
        "blocked": found.blocked, "reasons": [reason.to_dict() for reason in found.reasons],
        "versions": dict(service.policy(query.profile).versions),
    }


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")
