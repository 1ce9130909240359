"""The MCP server: callwindow's decision as tools an AI voice agent calls before it dials.

Built on the official SDK's `MCPServer` (mcp 2; `FastMCP` in mcp 1). Every tool builds the
core's question or record and hands it to `Desk` (callwindow/mcp/desk.py), which asks the
policy or the store; the tool's structured result is the core's own JSON object
(`Decision.to_dict()`, `Claim.to_dict()`), so an agent reads exactly what `can-i-call --json`
prints. Bad input is a tool error (`isError: true`) whose text is one line: the core's message,
or the arguments that failed the input schema - never a traceback.
"""

from __future__ import annotations

import difflib
import json
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult, InputRequiredResult, TextContent, ToolAnnotations
from pydantic import BaseModel, Field, ValidationError

from ..errors import CallwindowError
from ..http.routes.drafts import DraftOut
from ..http.schemas import DecisionOut, ReasonOut, Recorded
from ..request import Question
from ..version import __version__
from .desk import Desk

INSTRUCTIONS = (
    "Ask can_i_call_now before every call or text and obey its `action`: call or sms = go ahead; "
    "defer = wait until next_allowed_at; block = never (an opt-out, a law). `reasons` say why, each with its "
    "rule id and source. For dialers sharing a number, use claim instead (it holds the slot), then "
    "complete_claim or release_claim. Record every attempt and every opt-out. call_type defaults to "
    "'prerecorded' (an AI or recorded voice speaks - you, for instance): the law treats AI voices as "
    "artificial voices (FCC 24-17) and some rules apply to them only; pass call_type='live' only when a "
    "person will speak. Not legal advice."
)

# The arguments shared by the tools that ask a question (as `can-i-call NUMBER` options).
Number = Annotated[str, Field(max_length=64, description="the phone number, any format; best E.164 (+CC...)")]
At = Annotated[str | None, Field(None, max_length=64,
                                 description="ISO 8601 instant with an offset or Z (default: now)")]
ChannelName = Literal["call", "sms"]
PurposeName = Literal["sales", "service", "collection", "personal"]
ContactName = Literal["consumer", "business"]
# Default prerecorded, unlike the CLI's and HTTP's live: the callers of this server are AI agents,
# whose voice the law treats as artificial (FCC 24-17); an agent that forgets to say so must get
# the stricter answer (fail closed). An agent asking for a person who will speak passes live.
CallTypeName = Annotated[Literal["live", "prerecorded", "automated"], Field(
    "prerecorded", description="how the call is made: prerecorded (the default: an artificial, AI or recorded "
                               "voice speaks - you, for instance), live (a person speaks), automated (an "
                               "autodialer places it for a person)")]
ProfileName = Literal["courtesy", "legal"]
OutcomeName = Literal["answered", "conversation", "no_answer", "voicemail", "dropped", "refused", "sent"]
Zone = Annotated[str | None, Field(None, max_length=64, description="the contact's IANA time zone, if known")]
Region = Annotated[str | None, Field(None, max_length=64, description="the contact's country, if known: ISO 3166-1 "
                                                                      "(US) or a name (United States)")]
Subdivision = Annotated[str | None, Field(None, max_length=64, description="the contact's state, if known: ISO "
                                                                           "3166-2 (US-FL) or a name (Florida)")]
PostalCode = Annotated[str | None, Field(None, max_length=16, description="the contact's postcode, if known: a US "
                                                                        "ZIP, or a CA, AU, BR, MX or RU postcode")]
DefaultRegion = Annotated[str | None, Field(None, max_length=8,
                                            description="the country of a number written without +CC")]
DefaultZone = Annotated[str | None, Field(None, max_length=64,
                                          description="IANA zone for numbers with no location of their own "
                                                      "(toll-free...): used only for them, always reported")]
Consent = Annotated[bool, Field(False, description="the contact gave prior express consent")]
Contract = Annotated[bool, Field(False, description="the call relates to an ongoing contract with the contact "
                                                    "(lifts the rules whose law says so)")]
Emergencies = Annotated[list[str] | None, Field(None, max_length=50,
                                                description="places under a declared state of emergency (US-LA)")]
Subject = Annotated[str | None, Field(None, max_length=200,
                                      description="the debt, account or offer (caps that count per subject)")]
ContactId = Annotated[str | None, Field(None, max_length=200,
                                        description="the person or account (caps and opt-outs kept per person)")]
Profile = Annotated[ProfileName, Field("courtesy", description="courtesy = laws + courtesy rules; legal = laws only")]
IdempotencyKey = Annotated[str | None, Field(None, max_length=200,
                                             description="a retry with the same key records nothing and answers "
                                                         "the first result")]
ClaimId = Annotated[int, Field(ge=1, description="the claim's id, as claim gave it")]


class WindowOut(BaseModel):
    start: str
    end: str


class WindowsOut(BaseModel):
    """The windows object (as GET /v1/windows, plus `complete`)."""

    number: str
    channel: ChannelName
    purpose: PurposeName
    start: str
    end: str
    windows: list[WindowOut]
    blocked: bool = Field(description="the walk met a decision that blocks the contact (see reasons)")
    complete: bool = Field(description="false when the walk stopped early; later windows are missing")
    reasons: list[ReasonOut]
    versions: dict[str, str]


class ClaimOut(BaseModel):
    """Claim.to_dict(): granted with the slot held until expires_at, or not and the decision says why."""

    granted: bool
    claim_id: int | None
    expires_at: str | None
    repeated: bool
    decision: DecisionOut


class CompletedOut(BaseModel):
    claim_id: int
    attempt_id: int
    outcome: str


class ReleasedOut(BaseModel):
    claim_id: int
    released: bool


class CallwindowMCP(MCPServer[Any]):
    """MCPServer whose tool errors are one line: the core's message for bad input or a store
    error, the failing arguments (named) for input that fails the tool's schema. An argument the
    tool does not take is refused (as the HTTP service refuses unknown fields): a misspelt
    `chanel` must not silently mean the default channel."""

    _arguments: dict[str, frozenset[str]] | None = None  # tool -> the arguments it takes

    async def call_tool(self, name: str, arguments: dict[str, Any], context: Context[Any, Any] | None = None,
                        ) -> CallToolResult | InputRequiredResult:
        if self._arguments is None:
            self._arguments = {tool.name: frozenset(tool.input_schema.get("properties", {}))
                               for tool in await self.list_tools()}
        known = self._arguments.get(name)  # None: no such tool, which the SDK reports
        if known is not None and (unknown := sorted(set(arguments) - known)):
            return failure(unknown_arguments(name, unknown, known))
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as error:
            cause = error.__cause__
            if isinstance(cause, CallwindowError):
                return failure(str(cause))
            if isinstance(cause, ValidationError):
                return failure(validation_line(cause))
            raise


def failure(message: str) -> CallToolResult:
    """A tool error carrying one line."""
    return CallToolResult(content=[TextContent(type="text", text=" ".join(message.split()))], is_error=True)


def unknown_arguments(tool: str, unknown: list[str], known: frozenset[str]) -> str:
    """`unknown argument chanel (did you mean channel?)`, naming each."""
    named = []
    for argument in unknown[:5]:
        close = difflib.get_close_matches(argument, known, n=1)
        named.append(f"{argument[:40]} (did you mean {close[0]}?)" if close else argument[:40])
    plural = "s" if len(unknown) > 1 else ""
    return f"{tool} takes no argument{plural} {', '.join(named)}: it takes {', '.join(sorted(known))}"


def validation_line(error: ValidationError) -> str:
    """pydantic's errors in one line (at most five named), as the HTTP service words them."""
    problems = error.errors()
    parts = [f"{'.'.join(str(part) for part in problem['loc']) or 'arguments'}: {problem['msg']}"
             for problem in problems[:5]]
    more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
    return "; ".join(parts) + more


def result(payload: dict[str, Any]) -> CallToolResult:
    """The core's JSON object as the tool's structured content, and as JSON text for clients
    that read only text."""
    return CallToolResult(content=[TextContent(type="text", text=json.dumps(payload, ensure_ascii=False))],
                          structured_content=payload)


LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


def build_server(desk: Desk, *, log_level: LogLevel = "WARNING") -> CallwindowMCP:
    """The MCP server with callwindow's tools on `desk` (`log_level`: the SDK's log, on stderr)."""
    server = CallwindowMCP("callwindow", title="callwindow: may I call this number now?", version=__version__,
                           instructions=INSTRUCTIONS, log_level=log_level)
    reads = ToolAnnotations(read_only_hint=True, open_world_hint=False)
    writes = ToolAnnotations(read_only_hint=False, destructive_hint=False, open_world_hint=False)

    def question(number: str, at: str | None, *, emergencies: list[str] | None, **fields: Any) -> Question:
        """The core's question from a tool's arguments (Question.of parses and checks every field)."""
        return Question.of(number, at, emergencies=emergencies or (), **fields)

    @server.tool(annotations=reads)
    def can_i_call_now(
        number: Number, at: At = None, channel: ChannelName = "call", purpose: PurposeName = "sales",
        contact: ContactName = "consumer", zone: Zone = None, region: Region = None,
        subdivision: Subdivision = None, postal_code: PostalCode = None, default_region: DefaultRegion = None,
        consent: Consent = False, contract: Contract = False, emergencies: Emergencies = None, subject: Subject = None,
        contact_id: ContactId = None, profile: Profile = "courtesy", call_type: CallTypeName = "prerecorded",
        default_zone: DefaultZone = None,
    ) -> Annotated[CallToolResult, DecisionOut]:
        """May this number be called (or texted) now? The decision: `action` (call, sms = text instead,
        defer, block), `allowed`, `next_allowed_at` and `window_closes_at` (UTC), `reasons` (code, rule id,
        message, source), the contact's zones and local times. Reads the recorded history (caps, opt-outs)."""
        asked = question(number, at, channel=channel, purpose=purpose, contact=contact, zone=zone, region=region,
                         subdivision=subdivision, postal_code=postal_code, default_region=default_region,
                         consent=consent, contract=contract, emergencies=emergencies, subject=subject,
                         contact_id=contact_id,
                         call_type=call_type, default_zone=default_zone)
        return result(desk.check(asked, profile))

    @server.tool(annotations=reads)
    def next_window(
        number: Number, start: At = None,
        end: Annotated[str | None, Field(None, max_length=64, description="ISO 8601 (default: start + 7 days; "
                                                                           "at most 31 days after start)")] = None,
        channel: ChannelName = "call", purpose: PurposeName = "sales", contact: ContactName = "consumer",
        zone: Zone = None, region: Region = None, subdivision: Subdivision = None, postal_code: PostalCode = None,
        default_region: DefaultRegion = None, consent: Consent = False, contract: Contract = False,
        emergencies: Emergencies = None,
        subject: Subject = None, contact_id: ContactId = None, profile: Profile = "courtesy",
        call_type: CallTypeName = "prerecorded", default_zone: DefaultZone = None,
    ) -> Annotated[CallToolResult, WindowsOut]:
        """The allowed windows over a period: each [start, end) in UTC, a call may start in it (the
        expected call length is left before `end`). `blocked` with `reasons` when the contact may not be
        reached from some point on (an opt-out, a law without consent): no window after it."""
        asked = question(number, start, channel=channel, purpose=purpose, contact=contact, zone=zone, region=region,
                         subdivision=subdivision, postal_code=postal_code, default_region=default_region,
                         consent=consent, contract=contract, emergencies=emergencies, subject=subject,
                         contact_id=contact_id,
                         call_type=call_type, default_zone=default_zone)
        return result(desk.windows(asked, profile, start, end))

    @server.tool(annotations=writes)
    def record_attempt(
        number: Number, outcome: OutcomeName, at: At = None, channel: ChannelName = "call",
        purpose: PurposeName = "sales", subject: Subject = None, contact_id: ContactId = None,
        default_region: DefaultRegion = None, idempotency_key: IdempotencyKey = None,
    ) -> Annotated[CallToolResult, Recorded]:
        """Record a call or text attempt and its outcome (frequency caps count them). Answers the record's id
        and the number as stored (E.164)."""
        return result(desk.record_attempt(number, outcome, at=at, channel=channel, purpose=purpose,
                                          subject=subject, contact_id=contact_id, default_region=default_region,
                                          idempotency_key=idempotency_key))

    @server.tool(annotations=writes)
    def opt_out(
        number: Number, at: At = None,
        channels: Annotated[list[ChannelName] | None, Field(None, max_length=2,
                                                            description="default: all")] = None,
        purposes: Annotated[list[PurposeName] | None, Field(None, max_length=4,
                                                            description="default: all")] = None,
        provenance: Annotated[str, Field("", max_length=500, description="how it was given ('asked on the call')")]
        = "",
        contact_id: ContactId = None, default_region: DefaultRegion = None,
        idempotency_key: IdempotencyKey = None,
    ) -> Annotated[CallToolResult, Recorded]:
        """Record that the contact refused further contact (on these channels, for these purposes): every
        later check is `block` with reason opted_out. Record it the moment the contact asks."""
        return result(desk.opt_out(number, at=at, channels=channels, purposes=purposes, provenance=provenance,
                                   contact_id=contact_id, default_region=default_region,
                                   idempotency_key=idempotency_key))

    @server.tool(annotations=writes)
    def claim(
        number: Number, at: At = None, channel: ChannelName = "call", purpose: PurposeName = "sales",
        contact: ContactName = "consumer", zone: Zone = None, region: Region = None,
        subdivision: Subdivision = None, postal_code: PostalCode = None, default_region: DefaultRegion = None,
        consent: Consent = False, contract: Contract = False, emergencies: Emergencies = None, subject: Subject = None,
        contact_id: ContactId = None, profile: Profile = "courtesy",
        hold_seconds: Annotated[float, Field(300.0, ge=1, le=43_200, description="how long the slot is held if "
                                                                              "never completed or released")] = 300.0,
        idempotency_key: IdempotencyKey = None, call_type: CallTypeName = "prerecorded",
        default_zone: DefaultZone = None,
    ) -> Annotated[CallToolResult, ClaimOut]:
        """Decide and, when allowed, hold the slot in one step (two agents can never both take the last call
        a cap allows). `granted` true: dial, then complete_claim with the outcome, or release_claim. False:
        the `decision` says why and when."""
        asked = question(number, at, channel=channel, purpose=purpose, contact=contact, zone=zone, region=region,
                         subdivision=subdivision, postal_code=postal_code, default_region=default_region,
                         consent=consent, contract=contract, emergencies=emergencies, subject=subject,
                         contact_id=contact_id,
                         call_type=call_type, default_zone=default_zone)
        return result(desk.claim(asked, profile, hold_seconds, idempotency_key))

    @server.tool(annotations=writes)
    def complete_claim(claim_id: ClaimId, outcome: OutcomeName) -> Annotated[CallToolResult, CompletedOut]:
        """Finish a claim with the call's outcome: it becomes the recorded attempt."""
        return result(desk.complete(claim_id, outcome))

    @server.tool(annotations=writes)
    def release_claim(claim_id: ClaimId) -> Annotated[CallToolResult, ReleasedOut]:
        """Give a claim's slot back (the call was not made)."""
        return result(desk.release(claim_id))

    @server.tool(annotations=reads)
    def draft_message(
        number: Number, kind: Literal["ask", "voicemail", "greeting"],
        my_name: Annotated[str, Field(min_length=1, max_length=100, description="who signs it (S16)")],
        my_extension: Annotated[str | None, Field(None, max_length=100, description="your extension")] = None,
        my_company: Annotated[str | None, Field(None, max_length=100, description="your company")] = None,
        my_number: Annotated[str | None, Field(None, max_length=100,
                                               description="the number to call back (needed for a voicemail)")]
        = None,
        language: Annotated[str | None, Field(None, max_length=8,
                                              description="ISO 639-1 (default: the contact's country's)")] = None,
        at: At = None, purpose: PurposeName = "sales", contact: ContactName = "consumer", zone: Zone = None,
        region: Region = None, subdivision: Subdivision = None, postal_code: PostalCode = None,
        default_region: DefaultRegion = None, consent: Consent = False, contract: Contract = False,
        emergencies: Emergencies = None,
        subject: Subject = None, contact_id: ContactId = None, profile: Profile = "courtesy",
        call_type: CallTypeName = "prerecorded", default_zone: DefaultZone = None,
    ) -> Annotated[CallToolResult, DraftOut]:
        """Draft a message in the contact's language, signed, and when it may be sent (never sent by
        callwindow): ask = 'is a short call convenient?' (send it, then record the reply), voicemail = your
        name, number and two allowed call-back windows in their time, greeting = for their coming public
        holiday. `review` says whether a native speaker has reviewed the phrasing."""
        from ..drafts import Signature
        from ..drafts import draft_message as drafted

        asked = question(number, at, purpose=purpose, contact=contact, zone=zone, region=region,
                         subdivision=subdivision, postal_code=postal_code, default_region=default_region,
                         consent=consent, contract=contract, emergencies=emergencies, subject=subject,
                         contact_id=contact_id,
                         call_type=call_type, default_zone=default_zone)
        signature = Signature.of(my_name, my_extension, my_company, my_number)
        return result(drafted(desk.policy(profile), asked, desk.history(asked), kind, signature,
                              language=language).to_dict())

    return server
