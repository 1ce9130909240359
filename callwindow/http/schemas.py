"""The request and response bodies of the HTTP API (pydantic), and how a request becomes
the question every surface asks (`request.Question`) or a history record."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any, Literal, NotRequired, Required, TypeVar
from urllib.parse import unquote

from pydantic import BaseModel, ConfigDict, Field
from starlette.datastructures import QueryParams
from typing_extensions import TypedDict  # (pydantic reads typing.TypedDict only from Python 3.12)

from ..errors import InvalidInput
from ..history import Attempt, Callback, Consent, ConvenienceAsk, OptOut, Relationship
from ..instants import parse_instant
from ..numbers import resolve
from ..request import Question

# The instants the service answers for. The rule data and the tz database speak for the
# present; far outside it the core's date arithmetic overflows (year 1, year 9999 with the
# 31-day look-ahead), so an instant is checked here, where the request enters, and refused
# with a 400 naming the field.
_Query = TypeVar("_Query", bound=BaseModel)

Channel = Literal["call", "sms"]
PurposeName = Literal["sales", "service", "collection", "personal"]
ContactName = Literal["consumer", "business"]
CallTypeName = Literal["live", "prerecorded", "automated"]
POSTCODES = "a US ZIP, or a Canadian, Australian, Brazilian or Mexican postcode (docs/numbers.md)"
ProfileName = Literal["courtesy", "legal"]
OutcomeName = Literal["answered", "conversation", "no_answer", "voicemail", "dropped", "refused", "sent"]


class _Body(BaseModel):
    # strict: a JSON body's types are what the schema says (`"consent": 0` is refused, not read
    # as false; schemathesis' negative-data check); query strings are typed in from_query
    model_config = ConfigDict(extra="forbid", strict=True)


class _Contact(_Body):
    """Who is asked about, and how: every field of a check but its instant(s)."""

    number: str = Field(max_length=64, description="any reasonable format; best E.164 (+CC...)",
                        examples=["+1 212 555 0123"])
    channel: Channel = "call"
    purpose: PurposeName = "sales"
    contact: ContactName = "consumer"
    call_type: CallTypeName = Field("live", description="how the call is made: live, prerecorded (an artificial "
                                                        "or AI voice, a recorded message) or automated (an autodialer)")
    zone: str | None = Field(None, max_length=64, description="the contact's IANA zone, if known")
    # (64: a name - "United States of America", "Newfoundland and Labrador" - as CRM exports write them)
    region: str | None = Field(None, max_length=64, description="the contact's country, if known: ISO 3166-1 (US) "
                                                               "or a name (United States, Deutschland)")
    subdivision: str | None = Field(None, max_length=64, description="the contact's state or province, if known: "
                                                                     "ISO 3166-2 (US-FL) or a name (Florida)")
    postal_code: str | None = Field(None, max_length=16, description=f"the contact's postcode, if known: {POSTCODES}")
    default_region: str | None = Field(None, max_length=8, description="country for numbers without +CC")
    default_zone: str | None = Field(None, max_length=64, description="IANA zone for numbers with no location of "
                                                                      "their own (toll-free...): used only for them, "
                                                                      "always reported (default_zone_used)")
    consent: bool = Field(False, description="the contact gave prior express consent")
    contract: bool = Field(False, description="the call relates to an ongoing contract with the contact "
                                              "(lifts the rules whose law says so)")
    emergencies: list[str] = Field(default_factory=list, max_length=50,
                                   description="places under a declared state of emergency (US-LA); in a query, "
                                               "repeat it: emergencies=US-LA&emergencies=US-MS")
    subject: str | None = Field(None, max_length=200, description="the debt, account or offer (caps per subject)")
    contact_id: str | None = Field(None, max_length=200,
                                   description="the person or account: caps kept per person count all their numbers")
    profile: ProfileName = Field("courtesy", description="courtesy = laws + courtesy; legal = laws only")

    def ask(self, at: datetime) -> Question:
        """The question every surface asks, at `at` (InvalidInput names a bad field)."""
        return Question.of(
            self.number, at, channel=self.channel, purpose=self.purpose, contact=self.contact,
            zone=self.zone, region=self.region, subdivision=self.subdivision, postal_code=self.postal_code,
            default_region=self.default_region, default_zone=self.default_zone, consent=self.consent,
            contract=self.contract,
            emergencies=self.emergencies, subject=self.subject, contact_id=self.contact_id, call_type=self.call_type,
        )


class CheckBody(_Contact):
    """One check. Same fields and defaults as `can-i-call NUMBER` (docs/decision.md)."""

    at: str | None = Field(default=None, max_length=64, description="ISO 8601 with offset or Z; default now",
                           examples=["2026-11-24T15:00:00Z"])

    def question(self) -> Question:
        return self.ask(instant(self.at, "at"))


class ClaimBody(CheckBody):
    """A claim: a check that, when the channel is allowed, holds the slot as a pending attempt
    (docs/history.md, "Claims"). Complete it with the call's outcome, or release it."""

    hold_seconds: float = Field(default=300.0, ge=1, le=43_200,
                                description="how long the slot is held if never completed or released")


class OutcomeBody(_Body):
    """How a claimed call went."""

    outcome: OutcomeName


class WindowsQuery(_Contact):
    """The allowed windows of a contact over a period: the fields of a check, a period for an instant."""

    start: str | None = Field(None, max_length=64, description="ISO 8601 with offset or Z; default now")
    end: str | None = Field(None, max_length=64, description="ISO 8601 with offset or Z; default start + 7 days")

    def period(self, longest: timedelta) -> tuple[datetime, datetime]:
        """[start, end), checked: in range, in order, at most `longest` (InvalidInput)."""
        begin = instant(self.start, "start")
        finish = instant(self.end, "end") if self.end else begin + timedelta(days=7)
        if finish <= begin:
            raise _at("end", InvalidInput("end must be after start"))
        if finish - begin > longest:
            raise _at("end", InvalidInput(f"the period is longer than {longest.days} days"))
        return begin, finish


class ReasonOut(BaseModel):
    code: str
    rule: str
    kind: Literal["law", "practice", "courtesy", "company", "contact"]
    message: str
    source: str | None
    zone: str | None
    confidence: Literal["high", "medium", "low"] | None
    source_kind: str | None


class _DecisionFields(BaseModel):
    """The fields every decision object has, in `Decision.to_dict()`'s order (the two forms below
    add theirs after them)."""

    number: str
    at: str
    channel: Channel
    purpose: PurposeName
    contact: ContactName
    call_type: CallTypeName
    action: Literal["call", "sms", "defer", "block"]
    allowed: bool
    next_allowed_at: str | None
    window_closes_at: str | None
    region: str | None
    subdivision: str | None
    places: list[str]
    number_type: str
    zones: list[str]


class DecisionOut(_DecisionFields):
    """Exactly `Decision.to_dict()` (the `can-i-call --json` object)."""

    local_times: dict[str, str]
    reasons: list[ReasonOut]
    versions: dict[str, str]


class CompactDecisionOut(_DecisionFields):
    """A decision of `POST /v1/check/batch?detail=codes`: DecisionOut without `local_times`, with the
    distinct reason codes (docs/reason-codes.md order) for `reasons`."""

    reason_codes: list[str]
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
    decision: DecisionOut | CompactDecisionOut | None = None
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
    contact_id: str | None = Field(None, max_length=200, description="the person or account the number belongs to")
    default_region: str | None = Field(None, max_length=8)

    def record(self) -> Attempt:
        return Attempt.create(e164(self.number, self.default_region), instant(self.at, "at"), channel=self.channel,
                              purpose=self.purpose, outcome=self.outcome, subject=self.subject,
                              contact_id=self.contact_id)


class OptOutBody(_Body):
    number: str = Field(max_length=64, examples=["+1 305 555 0123"])
    at: str | None = Field(None, max_length=64)
    channels: list[Channel] | None = Field(None, max_length=2, description="default: all")
    purposes: list[PurposeName] | None = Field(None, max_length=4, description="default: all")
    provenance: str = Field("", max_length=500)
    default_region: str | None = Field(None, max_length=8)

    def record(self) -> OptOut:
        return OptOut.create(e164(self.number, self.default_region), instant(self.at, "at"), channels=self.channels,
                             purposes=self.purposes, provenance=self.provenance)


class ConsentBody(OptOutBody):
    expires_at: str | None = Field(None, max_length=64)

    def record(self) -> Consent:  # type: ignore[override]  # a consent is recorded, not an opt-out
        expires = instant(self.expires_at, "expires_at") if self.expires_at else None
        return Consent.create(e164(self.number, self.default_region), instant(self.at, "at"), channels=self.channels,
                              purposes=self.purposes, expires_at=expires, provenance=self.provenance)


class RelationshipBody(_Body):
    """A business relationship: the contact's purchase (or other transaction) or inquiry. It
    lifts a do-not-call registry listing only inside the window the law's data gives."""

    number: str = Field(max_length=64, examples=["+1 305 555 0123"])
    kind: Literal["purchase", "inquiry"]
    at: str | None = Field(None, max_length=64, description="when it was; default now",
                           examples=["2026-06-01T15:00:00Z"])
    provenance: str = Field("", max_length=500, examples=["order 1234"])
    contact_id: str | None = Field(None, max_length=200, description="the person or account the number belongs to")
    default_region: str | None = Field(None, max_length=8)

    def record(self) -> Relationship:
        return Relationship.create(e164(self.number, self.default_region), instant(self.at, "at"), kind=self.kind,
                                   provenance=self.provenance, contact_id=self.contact_id)


class CallbackBody(_Body):
    number: str = Field(max_length=64, examples=["+1 305 555 0123"])
    start: str = Field(max_length=64, examples=["2026-03-11T18:00:00Z"])
    end: str | None = Field(None, max_length=64, description="default: start + 15 min",
                            examples=["2026-03-11T18:30:00Z"])
    channel: Channel = "call"
    default_region: str | None = Field(None, max_length=8)

    def record(self) -> Callback:
        end = instant(self.end, "end") if self.end else None
        return Callback.create(e164(self.number, self.default_region), instant(self.start, "start"), end,
                               channel=self.channel)


class AskBody(_Body):
    """An S6 "is it convenient to talk?" text, and its reply when there is one."""

    number: str = Field(max_length=64, examples=["+1 212 555 0123"])
    at: str | None = Field(None, max_length=64, description="when it was sent; default now")
    reply: Literal["yes", "no", "none"] = Field("none", description="none: no reply yet (not convenient)")
    replied_at: str | None = Field(None, max_length=64)
    default_region: str | None = Field(None, max_length=8)

    def record(self) -> ConvenienceAsk:
        replied = instant(self.replied_at, "replied_at") if self.replied_at else None
        if replied is not None and self.reply == "none":
            raise InvalidInput("replied_at needs reply yes or no")
        return ConvenienceAsk.create(e164(self.number, self.default_region), instant(self.at, "at"),
                                     reply=self.reply, replied_at=replied)


class Recorded(BaseModel):
    id: int
    kind: Literal["attempt", "opt_out", "consent", "callback", "ask", "relationship"]
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


def fields_of(model: type[BaseModel]) -> Any:
    """A TypedDict of the model's fields - their types, constraints and the model's config - that
    validates a body as the model does, into a dict of the fields given: no model object made (a
    batch of 100 bodies validated so costs half as much). Only for a model without validators of
    its own (they would not run): TypeError for one that has some."""
    found = model.__pydantic_decorators__
    if found.validators or found.field_validators or found.root_validators or found.model_validators:
        raise TypeError(f"{model.__name__} has validators: a TypedDict of its fields would not run them")
    fields: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        kind = Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
        fields[name] = Required[kind] if field.is_required() else NotRequired[kind]
    make: Any = TypedDict  # (a TypedDict made at run time: its fields are the model's)
    made = make(f"{model.__name__}Fields", fields)
    made.__pydantic_config__ = model.model_config
    return made


def defaults_of(model: type[BaseModel]) -> dict[str, Any]:
    """The default of every optional field of the model (a default factory's value made once:
    to be read, never changed)."""
    return {name: field.get_default(call_default_factory=True) for name, field in model.model_fields.items()
            if not field.is_required()}


def from_query(model: type[_Query], query: QueryParams | bytes) -> _Query:
    """A body model read from query parameters (Starlette's, or the raw query string), validated
    once as a whole (unknown parameters are ignored, as FastAPI ignores them; `emergencies` may
    repeat, any other parameter given twice counts once, the last). Raises pydantic's
    ValidationError."""
    kinds = _QUERY_KINDS.get(model)
    if kinds is None:
        kinds = _QUERY_KINDS[model] = {name: _LIST if name == "emergencies" else _FLAG if field.annotation is bool
                                       else _TEXT for name, field in model.model_fields.items()}
    values: dict[str, Any] = {}
    for name, value in query_pairs(query) if isinstance(query, bytes) else query.multi_items():
        kind = kinds.get(name)
        if kind is _TEXT:
            values[name] = value
        elif kind is _LIST:
            values.setdefault(name, []).append(value)
        elif kind is _FLAG:  # a query's flags are text: read them as pydantic's lax mode would
            values[name] = _FLAGS.get(value.strip().lower(), value)
    return model.model_validate(values)


# How from_query reads each field of a query model (worked out once per model; unknown names: skipped).
_TEXT, _LIST, _FLAG = "text", "list", "flag"
_QUERY_KINDS: dict[type[BaseModel], dict[str, str]] = {}


def query_pairs(query: bytes) -> list[tuple[str, str]]:
    """The (name, value) pairs of a raw query string, exactly as Starlette's QueryParams reads
    them (urllib's parse_qsl of the Latin-1 text, blank values kept), without its multi-dict:
    `+` and `%XX` are decoded only where present (most values have neither)."""
    pairs = []
    for piece in query.decode("latin-1").split("&"):
        if not piece:
            continue
        name, _, value = piece.partition("=")
        if "+" in name:
            name = name.replace("+", " ")
        if "%" in name:
            name = _unquote(name)
        if "+" in value:
            value = value.replace("+", " ")
        if "%" in value:
            value = _unquote(value)
        pairs.append((name, value))
    return pairs


# %XX of every ASCII byte, in both cases: one such escape (the + of "%2B1212...") is decoded here
_ASCII_ESCAPES = {f"{code:02{case}}": chr(code) for code in range(128) for case in "xX"}


def _unquote(text: str) -> str:
    """urllib's unquote (UTF-8, bad bytes replaced), with a short cut for a text whose only
    escape is one ASCII byte (most numbers: urllib's general path costs ~1.5 us)."""
    at = text.find("%")
    if text.find("%", at + 1) < 0 and text.isascii():
        char = _ASCII_ESCAPES.get(text[at + 1:at + 3])
        if char is not None:
            return text[:at] + char + text[at + 3:]
    return unquote(text)


_FLAGS = dict.fromkeys(("true", "1", "yes", "on", "t", "y"), True)
_FLAGS |= dict.fromkeys(("false", "0", "no", "off", "f", "n"), False)


def _at(field: str, error: InvalidInput) -> InvalidInput:
    error.field = field
    return error


def instant(value: str | None, field: str) -> datetime:
    """An instant of a request (None: now), aware UTC; InvalidInput names the field otherwise
    (parse_instant refuses instants outside 1970-2099 and offsets of a day or more, for every
    surface alike)."""
    try:
        return parse_instant(value)
    except InvalidInput as error:
        error.field = field
        raise


def e164(number: str, default_region: str | None) -> str:
    """The number of a record as the store keeps it (E.164); InvalidInput names the field."""
    try:
        return resolve(number, default_region=default_region).number
    except InvalidInput as error:
        error.field = error.field or "number"
        raise
