"""The HTTP API (FastAPI). `create_app(settings)` builds it; `create_app_from_env()`
is the factory uvicorn's workers call (configuration from the environment).

The decision object of every check endpoint is exactly `Decision.to_dict()`,
what `can-i-call --json` prints (docs/decision.md).
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import CallwindowError, InvalidInput, RuleDataError
from ..history import Attempt, Callback, Consent, OptOut
from ..instants import parse_instant
from ..numbers import resolve
from ..policy import Policy
from ..request import Question
from ..store import HistoryStore, MissingStore, StoreError, default_db_path, is_missing, open_store
from .security import KeyRing, log_access, parse_authorization

MAX_BODY_BYTES = 1024 * 1024
MAX_BATCH = 1000
MAX_WINDOW_DAYS = 31
MAX_WINDOWS = 2000
PROBLEM = "application/problem+json"
ENV_DB = "CALLWINDOW_DB"
ENV_HASH_KEY = "CALLWINDOW_HASH_KEY"
ENV_CORS = "CALLWINDOW_CORS_ORIGINS"
ENV_MAX_BODY = "CALLWINDOW_MAX_BODY_BYTES"
ENV_MAX_BATCH = "CALLWINDOW_MAX_BATCH"
READY_NUMBER = "+12125550123"

_log = logging.getLogger("callwindow.http")

Channel = Literal["call", "sms"]
PurposeName = Literal["sales", "service", "collection", "personal"]
ContactName = Literal["consumer", "business"]
ProfileName = Literal["courtesy", "legal"]
OutcomeName = Literal["answered", "conversation", "no_answer", "voicemail", "dropped", "refused", "sent"]


# ---------------------------------------------------------------- settings


@dataclass
class Settings:
    keys: KeyRing = field(default_factory=KeyRing)
    db: str | None = None  # SQLite path or postgresql:// URL; None = default_db_path()
    hash_key: bytes | None = None
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = MAX_BODY_BYTES
    max_batch: int = MAX_BATCH

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        environ = dict(os.environ if env is None else env)
        hash_key = environ.get(ENV_HASH_KEY, "").strip()
        origins = tuple(o.strip() for o in environ.get(ENV_CORS, "").split(",") if o.strip())
        return cls(
            keys=KeyRing.load(env=environ),
            db=environ.get(ENV_DB, "").strip() or None,
            hash_key=hash_key.encode("utf-8") if hash_key else None,
            cors_origins=origins,
            max_body_bytes=int(environ.get(ENV_MAX_BODY, MAX_BODY_BYTES)),
            max_batch=int(environ.get(ENV_MAX_BATCH, MAX_BATCH)),
        )


# ---------------------------------------------------------------- schemas


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CheckBody(_Body):
    """One check. Same fields and defaults as `can-i-call NUMBER` (docs/decision.md)."""

    number: str = Field(max_length=64, description="any reasonable format; best E.164 (+CC...)",
                        examples=["+1 212 555 0123"])
    at: str | None = Field(default=None, max_length=64, description="ISO 8601 with offset or Z; default now",
                           examples=["2026-11-24T15:00:00Z"])
    channel: Channel = "call"
    purpose: PurposeName = "sales"
    contact: ContactName = "consumer"
    zone: str | None = Field(None, max_length=64, description="the contact's IANA zone, if known")
    region: str | None = Field(None, max_length=8, description="the contact's country (ISO 3166-1), if known")
    subdivision: str | None = Field(None, max_length=16, description="ISO 3166-2 (US-FL), if known")
    postal_code: str | None = Field(None, max_length=16, description="US ZIP, if known")
    default_region: str | None = Field(None, max_length=8, description="country for numbers without +CC")
    consent: bool = Field(False, description="the contact gave prior express consent")
    emergencies: list[str] = Field(default_factory=list, max_length=50,
                                   description="places under a declared state of emergency (US-LA)")
    subject: str | None = Field(None, max_length=200, description="the debt, account or offer (caps per subject)")
    profile: ProfileName = Field("courtesy", description="courtesy = laws + courtesy; legal = laws only")

    def question(self) -> Question:
        """The body as the question every surface asks (InvalidInput names a bad field)."""
        return Question.of(
            self.number, self.at, channel=self.channel, purpose=self.purpose, contact=self.contact, zone=self.zone,
            region=self.region, subdivision=self.subdivision, postal_code=self.postal_code,
            default_region=self.default_region, consent=self.consent, emergencies=self.emergencies,
            subject=self.subject,
        )


class ReasonOut(BaseModel):
    code: str
    rule: str
    kind: Literal["law", "courtesy", "company", "contact"]
    message: str
    source: str | None
    zone: str | None


class DecisionOut(BaseModel):
    """Exactly `Decision.to_dict()` (the `can-i-call --json` object)."""

    number: str
    at: str
    channel: Channel
    purpose: PurposeName
    contact: ContactName
    action: Literal["call", "sms", "defer", "block"]
    allowed: bool
    next_allowed_at: str | None
    window_closes_at: str | None
    region: str | None
    subdivision: str | None
    places: list[str]
    number_type: str
    zones: list[str]
    local_times: dict[str, str]
    reasons: list[ReasonOut]
    versions: dict[str, str]


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None


class BatchItemOut(BaseModel):
    index: int
    ok: bool
    decision: DecisionOut | None = None
    error: Problem | None = None


class BatchOut(BaseModel):
    count: int
    results: list[BatchItemOut]


class Window(BaseModel):
    start: str
    end: str


class WindowsOut(BaseModel):
    number: str
    channel: Channel
    purpose: PurposeName
    start: str
    end: str
    windows: list[Window]
    blocked: bool = Field(description="the number may never be contacted under these rules (see reasons)")
    reasons: list[ReasonOut] = Field(description="why, when blocked")
    versions: dict[str, str]


class AttemptBody(_Body):
    number: str = Field(max_length=64, examples=["+1 305 555 0123"])
    at: str | None = Field(None, max_length=64, description="ISO 8601; default now", examples=["2026-03-10T14:00:00Z"])
    channel: Channel = "call"
    purpose: PurposeName = "sales"
    outcome: OutcomeName
    subject: str | None = Field(None, max_length=200)
    default_region: str | None = Field(None, max_length=8)


class OptOutBody(_Body):
    number: str = Field(max_length=64, examples=["+1 305 555 0123"])
    at: str | None = Field(None, max_length=64)
    channels: list[Channel] | None = Field(None, max_length=2, description="default: all")
    purposes: list[PurposeName] | None = Field(None, max_length=4, description="default: all")
    provenance: str = Field("", max_length=500)
    default_region: str | None = Field(None, max_length=8)


class ConsentBody(OptOutBody):
    expires_at: str | None = Field(None, max_length=64)


class CallbackBody(_Body):
    number: str = Field(max_length=64, examples=["+1 305 555 0123"])
    start: str = Field(max_length=64, examples=["2026-03-11T18:00:00Z"])
    end: str | None = Field(None, max_length=64, description="default: start + 15 min",
                            examples=["2026-03-11T18:30:00Z"])
    channel: Channel = "call"
    default_region: str | None = Field(None, max_length=8)


class Recorded(BaseModel):
    id: int
    kind: Literal["attempt", "opt_out", "consent", "callback"]
    number: str


class Health(BaseModel):
    status: Literal["ok"]
    version: str


class Ready(BaseModel):
    status: Literal["ready"]
    rules: str
    store: str


class JurisdictionOut(BaseModel):
    id: str
    name: str
    applies_to: list[str]


class Meta(BaseModel):
    versions: dict[str, str]
    jurisdictions: list[JurisdictionOut]
    limits: dict[str, int]


# ---------------------------------------------------------------- errors


class ApiError(Exception):
    def __init__(self, status: int, title: str, detail: str | None = None, headers: dict[str, str] | None = None):
        self.status, self.title, self.detail, self.headers = status, title, detail, headers


def problem(status: int, title: str, detail: str | None = None, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _problem_dict(error: Exception) -> dict[str, Any]:
    status, title = _classify(error)
    return {"type": "about:blank", "title": title, "status": status, "detail": str(error)}


def _classify(error: Exception) -> tuple[int, str]:
    if isinstance(error, InvalidInput):
        return 400, "Bad input"
    if isinstance(error, StoreError):
        return 503, "History store unavailable"
    if isinstance(error, RuleDataError):
        return 500, "Rule data error"
    return 422, "Unprocessable input"


def _validation_detail(errors: list[Any]) -> str:
    parts = []
    for error in errors[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body",)) or "body"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    return "; ".join(parts) + more


# ---------------------------------------------------------------- middleware


class BodyLimit:
    """Refuse request bodies over `limit` bytes with 413 (Content-Length or streamed)."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

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
        body = b"".join(chunks)
        sent = False

        async def replay() -> Any:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class AccessLog:
    """One JSON line per request (numbers masked, key names only); an exception
    that escaped every handler becomes a 500 problem, never a stack trace."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = dict(scope.get("headers") or [])
        request_id = headers.get(b"x-request-id", b"").decode("latin-1")[:64] or uuid.uuid4().hex
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
            state["error"] = type(error).__name__
            _log.error("unhandled %s in %s", type(error).__name__, scope.get("path"))
            if not began:
                await problem(500, "Internal error", "the request failed; it has been logged")(scope, receive, sending)
        finally:
            number = None
            query = scope.get("query_string") or b""
            if b"number=" in query:
                from urllib.parse import parse_qs

                number = (parse_qs(query.decode("latin-1")).get("number") or [None])[0]
            client = scope.get("client")
            log_access(method=scope["method"], path=scope["path"], status=status, started=started,
                       client=client[0] if client else None, key=state.get("key_name"), number=number,
                       request_id=request_id, error=state.get("error"))


# ---------------------------------------------------------------- the service


class Service:
    """What the endpoints share: the two policies, the store (opened lazily), the keys."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._policies: dict[str, Policy] = {}
        self._store: HistoryStore | None = None
        self._opened = False  # a store was opened once: a missing file later is an error, not a new store
        self._lock = threading.Lock()

    def policy(self, profile: str) -> Policy:
        found = self._policies.get(profile)
        if found is None:
            with self._lock:
                found = self._policies.get(profile)
                if found is None:
                    found = Policy.default() if profile == "courtesy" else Policy.legal_minimum()
                    self._policies[profile] = found
        return found

    @property
    def target(self) -> str:
        """The history store: the SQLite path or PostgreSQL URL of the settings, else the default."""
        return self.settings.db or default_db_path()

    def store(self) -> HistoryStore:
        """The open store. Once opened, a SQLite file that disappears (removed, a volume
        unmounted) is an error for every request, never silently a new empty store."""
        if self._store is None:
            with self._lock:
                if self._store is None:
                    if self._opened and is_missing(self.target):
                        raise self._missing()
                    self._store = open_store(self.target, hash_key=self.settings.hash_key)
                    self._opened = True
        if is_missing(self.target):
            raise self._missing()
        return self._store

    def _missing(self) -> MissingStore:
        return MissingStore(f"the history store {self.target} is missing (removed or unmounted since it was opened)")

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None

    # ------------------------------------------------------------ operations

    def check(self, body: CheckBody) -> dict[str, Any]:
        question = body.question()
        history = self.store().histories([question.subscriber.number])[question.subscriber.number]
        return self.policy(body.profile).answer(question, history).to_dict()

    def check_many(self, bodies: list[CheckBody | Exception]) -> list[dict[str, Any] | Exception]:
        """Each body's decision (or the error that rejects it), the history of every number
        read from the store at once."""
        asked: list[Question | Exception] = []
        for body in bodies:
            if isinstance(body, Exception):
                asked.append(body)
                continue
            try:
                asked.append(body.question())
            except InvalidInput as error:
                asked.append(error)
        numbers = dict.fromkeys(item.subscriber.number for item in asked if isinstance(item, Question))
        histories = self.store().histories(numbers) if numbers else {}
        answers: list[dict[str, Any] | Exception] = []
        for body, item in zip(bodies, asked, strict=True):
            if isinstance(item, Exception):  # a body that did not validate, or its question
                answers.append(item)
                continue
            assert isinstance(body, CheckBody)
            try:
                answers.append(self.policy(body.profile).answer(item, histories[item.subscriber.number]).to_dict())
            except (InvalidInput, RuleDataError) as error:
                answers.append(error)
        return answers

    def windows(self, body: CheckBody, start: datetime, end: datetime) -> dict[str, Any]:
        policy = self.policy(body.profile)
        question = body.question()
        number = question.subscriber.number
        history = self.store().histories([number])[number]
        windows: list[dict[str, str]] = []
        blocked = False
        reasons: list[dict[str, Any]] = []
        versions: dict[str, str] = dict(policy.versions)
        moment = start
        steps = 0
        while moment < end and len(windows) < MAX_WINDOWS and steps < 4 * MAX_WINDOWS:
            steps += 1
            decision = policy.answer(question.replace(at=moment), history)
            if decision.action.value == "block":
                blocked = True
                reasons = [r.to_dict() for r in decision.reasons]
                break
            if decision.allowed:
                closes = decision.window_closes_at
                stop = end if closes is None or closes > end else closes
                if stop > moment:
                    windows.append({"start": _iso(moment), "end": _iso(stop)})
                if closes is None or closes <= moment:
                    break
                moment = closes
            else:
                following = decision.next_allowed_at
                if following is None or following <= moment:
                    # nothing within the policy's horizon from here: jump a horizon ahead
                    moment = moment + timedelta(days=policy.horizon_days)
                    continue
                moment = following
        return {
            "number": number, "channel": body.channel, "purpose": body.purpose,
            "start": _iso(start), "end": _iso(end), "windows": windows, "blocked": blocked,
            "reasons": reasons, "versions": versions,
        }


def _lifespan(service: Service) -> Any:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()  # after uvicorn has let the in-flight requests finish

    return lifespan


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _e164(number: str, default_region: str | None) -> str:
    return resolve(number, default_region=default_region).number


# ---------------------------------------------------------------- the app


_bearer = HTTPBearer(auto_error=False, description="an API key: `Authorization: Bearer <key>`")

_ERRORS = {
    400: "Bad input (a malformed number, instant, zone...)",
    401: "Missing or malformed Authorization header",
    403: "Unknown API key",
    413: "Request body or batch too large",
    422: "The body or a parameter does not match the schema",
    500: "Internal error (no details are given)",
    503: "Rule data or the history store is unusable",
}


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    service = Service(settings)

    def require_key(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> str:
        token = parse_authorization(request.headers.get("authorization"))
        if token is None:
            raise ApiError(401, "Unauthorized", "send an API key: Authorization: Bearer <key>",
                           {"WWW-Authenticate": "Bearer"})
        name = settings.keys.identify(token)
        if name is None:
            raise ApiError(403, "Forbidden", "this API key is not accepted")
        request.state.key_name = name
        return name

    app = FastAPI(
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
        lifespan=_lifespan(service),
    )
    app.state.service = service
    secured = [Depends(require_key)]

    # ------------------------------------------------------------ errors

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, error: ApiError) -> JSONResponse:
        return problem(error.status, error.title, error.detail, error.headers)

    @app.exception_handler(CallwindowError)
    async def _callwindow_error(request: Request, error: CallwindowError) -> JSONResponse:
        status, title = _classify(error)
        if status >= 500:
            _log.error("callwindow error %s", type(error).__name__)
            return problem(status, title, "the service cannot answer now" if status == 503 else None)
        return problem(status, title, str(error))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, error: RequestValidationError) -> JSONResponse:
        return problem(422, "Unprocessable input", _validation_detail(list(error.errors())))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        titles = {404: "Not found", 405: "Method not allowed"}
        return problem(error.status_code, titles.get(error.status_code, "Error"), str(error.detail),
                       dict(error.headers or {}))

    @app.exception_handler(Exception)
    async def _anything(request: Request, error: Exception) -> JSONResponse:
        request.state.error = type(error).__name__
        _log.error("unhandled %s in %s", type(error).__name__, request.url.path)
        return problem(500, "Internal error", "the request failed; it has been logged")

    # ------------------------------------------------------------ access log

    # ------------------------------------------------------------ endpoints

    decision_responses: dict[int | str, dict[str, Any]] = {200: {"model": DecisionOut}}

    @app.get("/v1/check", dependencies=secured, response_model=None, responses=decision_responses, tags=["check"],
             summary="Check one number (query parameters)")
    def check_get(
        number: str = Query(max_length=64, examples=["+1 212 555 0123"]),
        at: str | None = Query(None, max_length=64, description="ISO 8601 with offset or Z; default now"),
        channel: Channel = "call",
        purpose: PurposeName = "sales",
        contact: ContactName = "consumer",
        zone: str | None = Query(None, max_length=64),
        region: str | None = Query(None, max_length=8),
        subdivision: str | None = Query(None, max_length=16),
        postal_code: str | None = Query(None, max_length=16),
        default_region: str | None = Query(None, max_length=8),
        consent: bool = False,
        emergencies: list[str] = Query([], max_length=50,
                                       description="repeatable: emergencies=US-LA&emergencies=US-MS"),
        subject: str | None = Query(None, max_length=200),
        profile: ProfileName = "courtesy",
    ) -> JSONResponse:
        body = CheckBody(number=number, at=at, channel=channel, purpose=purpose, contact=contact, zone=zone,
                         region=region, subdivision=subdivision, postal_code=postal_code,
                         default_region=default_region, consent=consent, emergencies=emergencies, subject=subject,
                         profile=profile)
        return JSONResponse(service.check(body))

    @app.post("/v1/check", dependencies=secured, response_model=None, responses=decision_responses, tags=["check"],
              summary="Check one number")
    def check_post(body: CheckBody) -> JSONResponse:
        return JSONResponse(service.check(body))

    @app.post("/v1/check/batch", dependencies=secured, response_model=None, responses={200: {"model": BatchOut}},
              tags=["check"], summary=f"Check up to {settings.max_batch} numbers",
              description="A JSON array of check bodies. Each item is decided on its own: a bad item gets a "
                          "problem object in its place (`ok: false`), the others are decided. "
                          f"More than {settings.max_batch} items: 413.",
              openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {
                  "type": "array", "maxItems": settings.max_batch,
                  "items": {"$ref": "#/components/schemas/CheckBody"}}}}}})
    async def check_batch(request: Request) -> JSONResponse:
        try:
            items = await request.json()
        except ValueError:
            raise ApiError(422, "Unprocessable input", "the body is not valid JSON") from None
        if not isinstance(items, list):
            raise ApiError(422, "Unprocessable input", "expected a JSON array of check bodies")
        if len(items) > settings.max_batch:
            raise ApiError(413, "Batch too large",
                           f"{len(items)} checks: the limit is {settings.max_batch} per request")
        return JSONResponse(await run_in_threadpool(_batch, items))

    def _batch(items: list[Any]) -> dict[str, Any]:
        bodies: list[CheckBody | Exception] = []
        for item in items:
            try:
                bodies.append(CheckBody.model_validate(item))
            except ValidationError as error:
                bodies.append(error)
        results: list[dict[str, Any]] = []
        for index, answer in enumerate(service.check_many(bodies)):
            if isinstance(answer, ValidationError):
                results.append({"index": index, "ok": False, "decision": None, "error": {
                    "type": "about:blank", "title": "Unprocessable input", "status": 422,
                    "detail": _validation_detail(list(answer.errors()))}})
            elif isinstance(answer, Exception):
                results.append({"index": index, "ok": False, "decision": None, "error": _problem_dict(answer)})
            else:
                results.append({"index": index, "ok": True, "decision": answer, "error": None})
        return {"count": len(results), "results": results}

    @app.get("/v1/windows", dependencies=secured, response_model=None, responses={200: {"model": WindowsOut}},
             tags=["check"], summary="The allowed windows of a number over a period (at most 31 days)")
    def windows(
        number: str = Query(max_length=64, examples=["+1 212 555 0123"]),
        start: str | None = Query(None, max_length=64, description="ISO 8601; default now"),
        end: str | None = Query(None, max_length=64, description="ISO 8601; default start + 7 days"),
        channel: Channel = "call",
        purpose: PurposeName = "sales",
        contact: ContactName = "consumer",
        zone: str | None = Query(None, max_length=64),
        region: str | None = Query(None, max_length=8),
        subdivision: str | None = Query(None, max_length=16),
        postal_code: str | None = Query(None, max_length=16),
        default_region: str | None = Query(None, max_length=8),
        consent: bool = False,
        emergencies: list[str] = Query([], max_length=50,
                                       description="repeatable: emergencies=US-LA&emergencies=US-MS"),
        subject: str | None = Query(None, max_length=200),
        profile: ProfileName = "courtesy",
    ) -> JSONResponse:
        begin = parse_instant(start)
        finish = parse_instant(end) if end else begin + timedelta(days=7)
        if finish <= begin:
            raise InvalidInput("end must be after start")
        if finish - begin > timedelta(days=MAX_WINDOW_DAYS):
            raise InvalidInput(f"the period is longer than {MAX_WINDOW_DAYS} days")
        body = CheckBody(number=number, channel=channel, purpose=purpose, contact=contact, zone=zone, region=region,
                         subdivision=subdivision, postal_code=postal_code, default_region=default_region,
                         consent=consent, emergencies=emergencies, subject=subject, profile=profile)
        return JSONResponse(service.windows(body, begin, finish))

    # ------------------------------------------------------------ records

    def _recorded(kind: str, record_id: int, number: str) -> JSONResponse:
        return JSONResponse({"id": record_id, "kind": kind, "number": number}, status_code=201)

    record_responses: dict[int | str, dict[str, Any]] = {201: {"model": Recorded}}

    @app.post("/v1/attempts", dependencies=secured, status_code=201, response_model=None,
              responses=record_responses, tags=["history"], summary="Record a call or text attempt and its outcome")
    def record_attempt(body: AttemptBody) -> JSONResponse:
        number = _e164(body.number, body.default_region)
        attempt = Attempt.create(number, parse_instant(body.at), channel=body.channel, purpose=body.purpose,
                                 outcome=body.outcome, subject=body.subject)
        return _recorded("attempt", service.store().record_attempt(attempt), number)

    @app.post("/v1/opt-outs", dependencies=secured, status_code=201, response_model=None,
              responses=record_responses, tags=["history"], summary="Record an opt-out")
    def record_opt_out(body: OptOutBody) -> JSONResponse:
        number = _e164(body.number, body.default_region)
        opt_out = OptOut.create(number, parse_instant(body.at), channels=body.channels, purposes=body.purposes,
                                provenance=body.provenance)
        return _recorded("opt_out", service.store().record_opt_out(opt_out), number)

    @app.post("/v1/consents", dependencies=secured, status_code=201, response_model=None,
              responses=record_responses, tags=["history"], summary="Record a consent")
    def record_consent(body: ConsentBody) -> JSONResponse:
        number = _e164(body.number, body.default_region)
        consent = Consent.create(number, parse_instant(body.at), channels=body.channels, purposes=body.purposes,
                                 expires_at=body.expires_at, provenance=body.provenance)
        return _recorded("consent", service.store().record_consent(consent), number)

    @app.post("/v1/callbacks", dependencies=secured, status_code=201, response_model=None,
              responses=record_responses, tags=["history"], summary="Record an agreed callback time")
    def record_callback(body: CallbackBody) -> JSONResponse:
        number = _e164(body.number, body.default_region)
        callback = Callback.create(number, body.start, body.end, channel=body.channel)
        return _recorded("callback", service.store().record_callback(callback), number)

    # ------------------------------------------------------------ operations

    @app.get("/v1/health", response_model=Health, tags=["operations"], summary="Liveness (no key needed)")
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.get("/v1/ready", dependencies=secured, response_model=Ready, tags=["operations"],
             summary="Readiness: rule data loads and decides, the history store answers")
    def ready() -> Any:
        from ..rules import load_all

        try:
            load_all()
            policy = service.policy("courtesy")
            policy.check(READY_NUMBER, "2026-11-24T15:00:00Z")
        except Exception as error:
            _log.error("not ready: rule data: %s", type(error).__name__)
            return problem(503, "Not ready", "the rule data is unusable")
        try:
            store = service.store()
            store.attempts_count(READY_NUMBER)
        except MissingStore:
            _log.error("not ready: the history store %s is missing", service.target)
            return problem(503, "Not ready", "the history store file is missing")
        except Exception as error:
            _log.error("not ready: store: %s", type(error).__name__)
            service.close()  # reopen on the next request
            return problem(503, "Not ready", "the history store is unusable")
        return {"status": "ready", "rules": policy.versions["rules"], "store": type(store).__name__}

    @app.get("/v1/meta", dependencies=secured, response_model=Meta, tags=["operations"],
             summary="Versions of the rule data, holidays, phonenumbers, tzdata; jurisdictions covered")
    def meta() -> dict[str, Any]:
        from ..rules import load_all

        jurisdictions, _courtesy = load_all()
        return {
            "versions": dict(service.policy("courtesy").versions),
            "jurisdictions": [{"id": j.id, "name": j.name, "applies_to": list(j.applies_to)} for j in jurisdictions],
            "limits": {"max_body_bytes": settings.max_body_bytes, "max_batch": settings.max_batch,
                       "max_window_days": MAX_WINDOW_DAYS},
        }

    # ------------------------------------------------------------ OpenAPI

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, summary=app.summary,
                             description=app.description, routes=app.routes)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["Problem"] = Problem.model_json_schema()
        for key in ("HTTPValidationError", "ValidationError"):
            components.pop(key, None)
        ref = {"$ref": "#/components/schemas/Problem"}
        for path, operations in schema.get("paths", {}).items():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                codes = [422, 500] if path == "/v1/health" else [400, 401, 403, 413, 422, 500, 503]
                for code in codes:
                    responses[str(code)] = {"description": _ERRORS[code], "content": {PROBLEM: {"schema": ref}}}
                if path == "/v1/health":
                    operation.pop("security", None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to customise the schema

    # ------------------------------------------------------------ outer layers

    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(AccessLog)
    if settings.cors_origins:  # outermost: even a 413 carries the CORS headers
        app.add_middleware(
            CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "X-Request-Id"], expose_headers=["X-Request-Id"],
            max_age=600,
        )
    return app


def create_app_from_env() -> FastAPI:
    """The uvicorn factory (`callwindow.http.app:create_app_from_env`)."""
    return create_app(Settings.from_env())


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document as served with the default limits (docs/openapi.json)."""
    return create_app(Settings()).openapi()


def write_openapi(path: str) -> None:
    """Write docs/openapi.json: `callwindow-serve --write-openapi docs/openapi.json`."""
    import json

    with open(path, "w", encoding="utf-8") as out:
        json.dump(openapi_document(), out, indent=2, ensure_ascii=False)
        out.write("\n")
