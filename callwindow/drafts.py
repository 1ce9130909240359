"""Message drafts in the contact's language: the texts the source documents ask for, written
for the user to send (callwindow never sends anything).

- `ask` (S4, S6): on a holiday, or before calling someone busy or important, text first
  "is a short call convenient today?"; the reply is recorded as an S6 ask (`can-i-call ask`,
  POST /v1/asks), which the decision then honours.
- `voicemail` (S13): the caller's name, number and two suggested windows in which the caller
  will try again, each allowed for a call (the policy's own windows, the voicemail counted as an
  attempt), in the contact's local time and words.
- `greeting` (S16): greetings before the contact's coming public holiday.

Each draft is signed (S16: name and extension, and the company) and says when it may be sent:
the policy's decision for a text (`channel=sms`) at the instant asked - or, for a voicemail,
for the call that leaves it. The phrases are data, one file per language in
`data/messages/<lang>.toml`; most are machine-drafted and say so (`review`): have a native
speaker review them before use.
"""

from __future__ import annotations

import functools
import string
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from . import clock
from .calendars import upcoming_holidays
from .errors import InvalidInput, RuleDataError
from .greetings import language_for
from .history import Attempt, History, Outcome
from .model import Action, Channel, Decision
from .policy import Policy
from .request import Question
from .resources import data_path
from .retries import plan_attempts

KINDS = ("ask", "voicemail", "greeting")
GREETING_DAYS = 14  # S16: greet before a festival: the holidays this far ahead are candidates
SUGGESTED_LENGTH = timedelta(hours=1)  # a suggested call-back window is at most this long
_QUARTER = 15 * 60

# Each phrase and the placeholders it may use (checked when a file is loaded).
PHRASES: dict[str, frozenset[str]] = {
    "salutation": frozenset(),
    "caller": frozenset({"name", "company"}),
    "caller_alone": frozenset({"name"}),
    "ask": frozenset({"salutation", "caller"}),
    "voicemail": frozenset({"salutation", "caller", "first", "second", "number"}),
    "greeting": frozenset({"salutation", "caller", "holiday", "date"}),
    "window": frozenset({"day", "start", "end"}),
    "signature": frozenset({"name"}),
    "signature_extension": frozenset({"extension"}),
    "signature_company": frozenset({"company"}),
}
_LANGUAGE_KEYS = ("code", "name", "review", "drafted_on", "source", "clock", "date", "weekdays", "today", "tomorrow")
REVIEWS = ("reference", "reviewed", "machine-drafted")


@dataclass(frozen=True, slots=True)
class Phrases:
    """One language's phrases (data/messages/<code>.toml)."""

    code: str
    name: str
    review: str  # reference | reviewed | machine-drafted (needs a native speaker's review)
    drafted_on: date
    source: str
    twelve_hour: bool
    date_format: str
    weekdays: tuple[str, ...]
    today: str
    tomorrow: str
    phrases: dict[str, str]


@dataclass(frozen=True, slots=True)
class Signature:
    """Who signs a draft (S16: name and extension; the company; the number to call back)."""

    name: str
    extension: str | None = None
    company: str | None = None
    number: str | None = None

    @classmethod
    def of(cls, name: str | None, extension: str | None = None, company: str | None = None,
           number: str | None = None) -> Signature:
        """A checked signature: a name is needed (S16: every text is signed)."""
        def clean(value: str | None, what: str) -> str | None:
            if value is None or not str(value).strip():
                return None
            text = " ".join(str(value).split())
            if len(text) > 100:
                raise InvalidInput(f"the signature's {what} is {len(text)} characters long: at most 100")
            return text

        signed = clean(name, "name")
        if signed is None:
            raise InvalidInput("a draft is signed (S16): give your name (my_name in the settings, --my-name)")
        return cls(signed, clean(extension, "extension"), clean(company, "company"), clean(number, "number"))


@dataclass(frozen=True, slots=True)
class Suggested:
    """A suggested call-back window [start, end), aware UTC, and how the message words it."""

    start: datetime
    end: datetime
    words: str


@dataclass(frozen=True, slots=True)
class Draft:
    """A message to send (or, for a voicemail, to say), never sent by callwindow.

    `send`: the policy's decision for sending it at the instant asked (a text; for a voicemail
    the call); `may_send_now`, and `send_from` / `send_until` (aware UTC) with `send_until_local`
    (their wall clock) say when. `review`: whose phrasing it is ("machine-drafted": have a native
    speaker review it)."""

    kind: str
    number: str
    language: str
    language_name: str
    review: str
    text: str
    send: Decision
    send_from: datetime | None
    send_until: datetime | None
    send_until_local: str | None
    zone: str | None
    suggested: tuple[Suggested, ...] = ()
    holiday: tuple[date, str] | None = None

    @property
    def may_send_now(self) -> bool:
        return self.send.allowed

    def when(self) -> str:
        """When it may be sent, in a sentence (English, for the user)."""
        what = "left" if self.kind == "voicemail" else "sent"
        until = f" until {self.send_until_local} their time ({self.zone})" if self.send_until_local else ""
        if self.may_send_now and self.kind == "voicemail":
            return f"The call that leaves it is allowed now{until}."
        if self.may_send_now:
            return f"May be sent now{until}."
        if self.send.action is Action.BLOCK or self.send_from is None:
            why = "; ".join(reason.message for reason in self.send.reasons[:2])
            return f"May not be {what}: {why or 'no allowed time'}."
        start = local_words(self.send_from, self.zone, "%a %d %b %H:%M")
        return f"Not now: may be {what} from {start} their time ({self.zone}){until}."

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "number": self.number, "language": self.language,
            "language_name": self.language_name, "review": self.review, "text": self.text,
            "may_send_now": self.may_send_now, "send_from": _iso(self.send_from), "send_until": _iso(self.send_until),
            "send_until_local": self.send_until_local, "zone": self.zone, "when": self.when(),
            "suggested": [{"start": _iso(s.start), "end": _iso(s.end), "words": s.words} for s in self.suggested],
            "holiday": None if self.holiday is None else {"date": self.holiday[0].isoformat(),
                                                          "name": self.holiday[1]},
            "send_decision": self.send.to_dict(), "sent_by_callwindow": False,
        }


def draft_message(
    policy: Policy, question: Question, history: History | None, kind: str, signature: Signature, *,
    language: str | None = None,
) -> Draft:
    """The draft of `kind` (ask, voicemail, greeting) for `question`'s contact at `question.at`,
    in `language` (an ISO 639-1 code; default: the contact's country's, as greetings use it),
    signed with `signature`. Raises InvalidInput for an unknown kind or language, a voicemail
    without the caller's number, or a greeting with no public holiday ahead."""
    if kind not in KINDS:
        raise InvalidInput(f"unknown kind of draft {kind!r}: expected one of {', '.join(KINDS)}")
    subscriber = question.subscriber
    code = language.strip().lower() if language else language_for(subscriber.region, subscriber.subdivision)
    words = phrases(code)
    zone = subscriber.zones[0] if subscriber.zones else None
    values = {"salutation": words.phrases["salutation"], "caller": _caller(words, signature)}
    holiday: tuple[date, str] | None = None
    suggested: tuple[Suggested, ...] = ()
    channel = Channel.CALL if kind == "voicemail" else Channel.SMS
    asked = question.replace(channel=channel.value)
    if kind == "ask":
        body = _fill(words, "ask", values)
    elif kind == "voicemail":
        if signature.number is None:
            raise InvalidInput("a voicemail gives your number to call back (S13): give it (my_number in the "
                               "settings, --my-number)")
        suggested = suggested_windows(policy, asked, history, words, zone)
        if len(suggested) < 2:
            raise InvalidInput(f"no two call-back windows are allowed for {subscriber.number} within "
                               f"{policy.horizon_days} days: a voicemail cannot suggest when you will call again")
        body = _fill(words, "voicemail", {**values, "first": suggested[0].words, "second": suggested[1].words,
                                          "number": _number_text(signature, words)})
    else:
        holiday = coming_holiday(question, zone, words)
        values.update(holiday=holiday[1], date=holiday[0].strftime(words.date_format))
        body = _fill(words, "greeting", values)
    text = f"{body}\n{_signed(words, signature)}"
    send = policy.answer(asked, history)
    send_from, send_until = _sending_window(policy, asked, history, send)
    until_local = local_words(send_until, zone, "%H:%M") if send_until is not None else None
    return Draft(kind, subscriber.number, words.code, words.name, words.review, text, send, send_from, send_until,
                 until_local, zone, suggested, holiday)


def suggested_windows(
    policy: Policy, question: Question, history: History | None, words: Phrases, zone: str | None,
) -> tuple[Suggested, ...]:
    """Two windows in which a call will be allowed after the voicemail left at `question.at`
    (the voicemail counted as an attempt, so caps see it): the retry plan's first two slots
    (spread over their day), each with at most SUGGESTED_LENGTH of its allowed window,
    ending on a quarter hour of their clock."""
    left = Attempt(question.subscriber.number, question.at, Channel.CALL, question.purpose, Outcome.VOICEMAIL,
                   question.subject, question.contact_id)
    base = history if history is not None else History()
    after = replace(base, attempts=(*base.attempts, left), memo={})
    plan = plan_attempts(policy, question.replace(at=question.at + timedelta(seconds=1)), after, 2)
    found = []
    for slot in plan.slots:
        closes = slot.decision.window_closes_at or slot.at + SUGGESTED_LENGTH
        end = min(closes, slot.at + SUGGESTED_LENGTH)
        rounded = _quarter_down(end, zone)
        if rounded > slot.at + timedelta(minutes=14):
            end = rounded
        day = _day_words(slot.at, question.at, zone, words)
        found.append(Suggested(slot.at, end, words.phrases["window"].format(
            day=day, start=_clock_words(slot.at, zone, words), end=_clock_words(end, zone, words))))
    return tuple(found)


def coming_holiday(question: Question, zone: str | None, words: Phrases) -> tuple[date, str]:
    """The contact's next public holiday within GREETING_DAYS (today's included), its name in
    the draft's language when the holidays package has it (else English)."""
    subscriber = question.subscriber
    if subscriber.region is None or zone is None:
        raise InvalidInput(f"{subscriber.number} has no known country: no holiday calendar to greet for")
    today = clock.local_time(question.at.timestamp(), zone).date()
    found = upcoming_holidays(subscriber.region, subscriber.subdivision, today, GREETING_DAYS)
    if not found:
        raise InvalidInput(f"no public holiday in the next {GREETING_DAYS} days for {subscriber.number} "
                           f"({subscriber.subdivision or subscriber.region}): nothing to greet for (S16)")
    day, english = found[0]
    return day, _holiday_name(subscriber.region, subscriber.subdivision, day, words.code) or english


def _holiday_name(country: str, subdivision: str | None, day: date, code: str) -> str | None:
    """The holiday's name in `code` from the holidays package, when it has that language."""
    import holidays

    try:
        calendar = holidays.country_holidays(country, years=day.year)
        languages = [name for name in calendar.supported_languages if name == code or name.startswith(code + "_")]
        if not languages:
            return None
        local = holidays.country_holidays(country, subdiv=_subdivision(subdivision, calendar), years=day.year,
                                          language=languages[0])
        name = local.get(day)
    except (NotImplementedError, KeyError, ValueError, AttributeError):  # a country or subdivision it lacks
        return None
    return str(name) if name else None


def _subdivision(subdivision: str | None, calendar: Any) -> str | None:
    code = subdivision.split("-", 1)[1] if subdivision and "-" in subdivision else None
    return code if code is not None and code in getattr(calendar, "subdivisions", ()) else None


def _sending_window(
    policy: Policy, question: Question, history: History | None, decision: Decision,
) -> tuple[datetime | None, datetime | None]:
    """When it may be sent: (from, until), aware UTC; until None when the window outlasts the
    policy's horizon, from None when it may never be sent within it."""
    if decision.allowed:
        return decision.at, decision.window_closes_at
    if decision.action is Action.BLOCK or decision.next_allowed_at is None:
        return None, None
    later = policy.answer(question.replace(at=decision.next_allowed_at), history)
    return decision.next_allowed_at, later.window_closes_at if later.allowed else None


# ---------------------------------------------------------------- words


def _caller(words: Phrases, signature: Signature) -> str:
    if signature.company:
        return words.phrases["caller"].format(name=signature.name, company=signature.company)
    return words.phrases["caller_alone"].format(name=signature.name)


def _signed(words: Phrases, signature: Signature) -> str:
    text = words.phrases["signature"].format(name=signature.name)
    if signature.extension:
        text += words.phrases["signature_extension"].format(extension=signature.extension)
    if signature.company:
        text += words.phrases["signature_company"].format(company=signature.company)
    return text


def _number_text(signature: Signature, words: Phrases) -> str:
    number = signature.number or ""
    if signature.extension:
        number += words.phrases["signature_extension"].format(extension=signature.extension)
    return number


def _fill(words: Phrases, key: str, values: dict[str, str]) -> str:
    return words.phrases[key].format(**{name: values[name] for name in PHRASES[key]})


def local_words(moment: datetime, zone: str | None, pattern: str) -> str:
    local = clock.local_time(moment.timestamp(), zone) if zone else moment
    return local.strftime(pattern)


def _clock_words(moment: datetime, zone: str | None, words: Phrases) -> str:
    local = clock.local_time(moment.timestamp(), zone) if zone else moment
    if not words.twelve_hour:
        return f"{local:%H:%M}"
    hour = local.hour % 12 or 12
    return f"{hour}:{local:%M} {'am' if local.hour < 12 else 'pm'}"


def _day_words(moment: datetime, now: datetime, zone: str | None, words: Phrases) -> str:
    day = (clock.local_time(moment.timestamp(), zone) if zone else moment).date()
    today = (clock.local_time(now.timestamp(), zone) if zone else now).date()
    if day == today:
        return words.today
    if day == today + timedelta(days=1):
        return words.tomorrow
    return f"{words.weekdays[day.weekday()]} {day.strftime(words.date_format)}"


def _quarter_down(moment: datetime, zone: str | None) -> datetime:
    """`moment` moved back to the last quarter hour of the contact's clock (offsets of half and
    quarter hours keep a quarter hour of UTC a quarter hour of their clock)."""
    offset = clock.offset_at(int(moment.timestamp()), zone) if zone else 0
    local_seconds = int(moment.timestamp()) + offset
    return clock.to_utc_datetime(local_seconds - local_seconds % _QUARTER - offset)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat().replace("+00:00", "Z")


# ---------------------------------------------------------------- the phrase files


def languages() -> tuple[str, ...]:
    """The languages there are phrases for (the codes of data/messages/*.toml)."""
    return tuple(sorted(path.stem for path in data_path("messages").glob("*.toml")))


@functools.cache
def phrases(code: str) -> Phrases:
    """The phrases of one language, loaded and checked (RuleDataError naming file and key)."""
    if code not in languages():
        raise InvalidInput(f"no message phrases in language {code!r}: there are {', '.join(languages())}")
    import tomllib

    path = data_path("messages", f"{code}.toml")
    name = f"messages/{code}.toml"
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    head, texts = document.get("language"), document.get("phrases")
    if not isinstance(head, dict) or not isinstance(texts, dict):
        raise RuleDataError(name, None, None, "needs a [language] table and a [phrases] table")
    for key in _LANGUAGE_KEYS:
        if key not in head:
            raise RuleDataError(name, "language", key, "missing")
    if head["code"] != code:
        raise RuleDataError(name, "language", "code", f"{head['code']!r} is not the file's name {code!r}")
    if head["review"] not in REVIEWS:
        raise RuleDataError(name, "language", "review", f"expected one of {', '.join(REVIEWS)}")
    if head["clock"] not in ("12h", "24h"):
        raise RuleDataError(name, "language", "clock", "expected 12h or 24h")
    if not (isinstance(head["weekdays"], list) and len(head["weekdays"]) == 7):
        raise RuleDataError(name, "language", "weekdays", "expected the seven names, Monday first")
    for key, allowed in PHRASES.items():
        text = texts.get(key)
        if not isinstance(text, str) or not text.strip():
            raise RuleDataError(name, "phrases", key, "missing or empty")
        used = {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
        if used - allowed:
            raise RuleDataError(name, "phrases", key, f"unknown placeholder(s) {', '.join(sorted(used - allowed))}; "
                                                      f"it may use {', '.join(sorted(allowed)) or 'none'}")
    unknown = set(texts) - set(PHRASES)
    if unknown:
        raise RuleDataError(name, "phrases", sorted(unknown)[0], "unknown phrase")
    return Phrases(code, str(head["name"]), str(head["review"]), head["drafted_on"], str(head["source"]),
                   head["clock"] == "12h", str(head["date"]), tuple(head["weekdays"]), str(head["today"]),
                   str(head["tomorrow"]), {key: str(texts[key]) for key in PHRASES})
