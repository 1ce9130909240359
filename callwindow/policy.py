"""The decision: combine the rules that apply to a contact, most restrictive wins.

Compile, then look up. For a context (candidate zones, places, purpose,
channel, contact kind) and a UTC day, every applicable rule is turned into the
UTC intervals it closes, in every candidate zone, and the day is cut into
segments that each carry the set of rules closing it (empty = allowed). A
check is then a dict lookup and a bisect; next_allowed_at walks segments.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from . import claims, clock
from .calendars import HOLIDAYS_VERSION
from .errors import InvalidInput
from .history import History
from .kernel import answer, contact_history, explain, facts
from .kernel.context import Context, RuleSet
from .model import Action, CallType, Channel, ContactKind, Decision, Purpose, Reason, RuleKind, Subscriber, new_decision
from .numbers import PHONENUMBERS_VERSION
from .request import Question
from .resources import data_version
from .rules import Cap, Jurisdiction, Profile, Rule, courtesy_profile, load_profile, shipped_jurisdictions
from .version import __version__

DAY = clock.DAY
DEFAULT_HORIZON_DAYS = 31
# The action code of a channel's own action (what an allowed contact on it gets).
_CHANNEL_ACTION = {channel: answer.ACTIONS.index(Action(channel.value)) for channel in Channel}


def cap_search_rounds(mine: History) -> int:
    """How many times a start may be searched again past the caps (Policy._after_caps and the
    batch's recheck): once per recorded attempt and twice more, at most 10,000 (a start still
    held after them is given as none)."""
    return min(len(mine.attempts) + 2, 10_000)


class Policy:
    """A set of rules: the laws of the shipped jurisdictions, optionally the
    courtesy profile, and any company rules. Laws are always included and can
    never be relaxed: every other rule only closes more time.

    The decision is a recipe over the kernel (callwindow.kernel): history view
    (contact_history) -> compiled context (context) -> what closes the instant
    (facts) -> the answer (answer) -> its reasons (explain). The batch API's
    vector driver reads the same kernel on arrays."""

    def __init__(
        self,
        *,
        courtesy: Profile | None = None,
        company: Sequence[Profile] = (),
        jurisdictions: Sequence[Jurisdiction] | None = None,
        call_duration: timedelta | None = None,
        horizon_days: int = DEFAULT_HORIZON_DAYS,
    ) -> None:
        self.courtesy = courtesy
        self.company = tuple(company)
        self.jurisdictions = tuple(shipped_jurisdictions() if jurisdictions is None else jurisdictions)
        if call_duration is None:
            # The longest expected call of the profiles in force (S9; a company may ask for more).
            minutes = max((p.call_duration_minutes or 0 for p in (courtesy, *company) if p is not None), default=0)
            call_duration = timedelta(minutes=minutes)
        if call_duration < timedelta(0):
            raise InvalidInput("call duration cannot be negative")
        self.call_duration = call_duration
        self.horizon_days = horizon_days
        self.text_instead = bool(courtesy and courtesy.text_instead)
        self.text_instead_after = (courtesy.text_instead_after_hours if courtesy else 4.0) * 3600
        general = tuple(courtesy.rules if courtesy else ()) + tuple(
            rule for profile in self.company for rule in profile.rules
        )
        self.rules = RuleSet(general, self.jurisdictions)
        self._contexts: dict[tuple[object, ...], Context] = {}
        self._notes: dict[int, tuple[Subscriber, tuple[Reason, ...]]] = {}
        self._laws_only_policy: Policy | None = None
        rules_version = data_version()
        if self.company:
            rules_version += "+company:" + ",".join(f"{profile.id}@{profile.digest}" for profile in self.company)
        self.versions = {
            "callwindow": __version__,
            "rules": rules_version,
            "holidays": HOLIDAYS_VERSION,
            "phonenumbers": PHONENUMBERS_VERSION,
            "tzdata": clock.TZ_VERSION,
        }

    # ------------------------------------------------------------ construction

    @classmethod
    def default(cls, *, company_rules: Iterable[str | Path] = (), call_duration: timedelta | None = None) -> Policy:
        """Laws + the courtesy profile of the source documents (+ company files)."""
        return cls(
            courtesy=courtesy_profile(),
            company=[load_profile(Path(path), RuleKind.COMPANY) for path in company_rules],
            call_duration=call_duration,
        )

    @classmethod
    def legal_minimum(
        cls, *, company_rules: Iterable[str | Path] = (), call_duration: timedelta | None = None,
    ) -> Policy:
        """Only the laws (+ company files): courtesy off."""
        return cls(
            courtesy=None,
            company=[load_profile(Path(path), RuleKind.COMPANY) for path in company_rules],
            call_duration=call_duration,
        )

    # ------------------------------------------------------------ public API

    def check(
        self, number: str, at: datetime | str | None = None, *, history: History | None = None, **options: Any,
    ) -> Decision:
        """May this number be contacted at `at` (default now)? `options` are the fields of
        `Question.of` (channel, purpose, contact, hints, consent, emergencies, subject).

        `consent`: the contact gave prior express consent (lifts the rules that
        say so, e.g. Germany's ban on sales calls without consent).
        `emergencies`: places (ISO codes like "US-LA") under a declared state of
        emergency; laws that ban calls during one then apply.
        `history`: past attempts, opt-outs, consents, agreed callbacks and S6
        asks (callwindow.history); frequency caps are counted on it, per
        `subject` (the debt or offer) where a cap counts per subject.

        Raises InvalidInput (a ValueError) for bad input; a refusal is a Decision."""
        return self.answer(Question.of(number, at, **options), history=history)

    def answer(self, question: Question, history: History | None = None, *, at: datetime | None = None) -> Decision:
        """The decision for one question (every surface asks through here or `decide`); `at`: ask
        it at another instant (a batch's items that differ only in their instant share one
        question: copying a frozen Question of 18 fields costs ~1.7 us, a tenth of an item)."""
        return self.decide(
            question.subscriber, question.at if at is None else at, question.channel, question.purpose,
            question.contact,
            consent=question.consent, emergencies=question.emergencies, history=history, subject=question.subject,
            contact_id=question.contact_id, call_type=question.call_type, contract=question.contract,
        )

    def claim(
        self, question: Question, store: claims.ClaimStore, *, hold: timedelta = claims.DEFAULT_HOLD,
        idempotency_key: str | None = None,
    ) -> claims.Claim:
        """Decide on the store's history and, when the channel is allowed, hold the slot as a
        pending attempt for `hold` - in one transaction under the contact's lock: two dialers
        can never both take the last slot of a cap (callwindow.claims)."""
        return claims.claim(self, store, question, hold=hold, idempotency_key=idempotency_key)

    def decide(
        self, subscriber: Subscriber, at: datetime, channel: Channel, purpose: Purpose, contact: ContactKind,
        *, consent: bool = False, emergencies: frozenset[str] = frozenset(),
        history: History | None = None, subject: str | None = None, contact_id: str | None = None,
        call_type: CallType = CallType.LIVE, contract: bool = False,
    ) -> Decision:
        """The decision for an already resolved subscriber at an aware UTC instant; with a
        `contact_id`, the history's records of the same person on other numbers count too;
        `call_type`: how the call is made (rules may cover some types only); `contract`: the call
        relates to an ongoing contract with the contact (lifts the rules whose law says so)."""
        if not facts.is_placeable(subscriber):
            return self._refusal(subscriber, at, channel, purpose, contact, call_type,
                                 (explain.unplaceable(subscriber), *subscriber.notes), zones=False)
        rules: Policy = self  # the laws-only policy when courtesy is lifted (callback, redial, a "yes")
        reasons: list[Reason] = []
        hold_until: datetime | None = None
        mine: History | None = None
        if history is not None and not history.has_records():
            # Only the imported lists every history carries: nothing but a stale list or an
            # unwashed number can refuse, and there is no record to read (one call, not three).
            if history.lists:
                refused = contact_history.refusal(history, subscriber, channel, purpose, at, consent, self.rules)
                if refused:
                    return self._refusal(subscriber, at, channel, purpose, contact, call_type, refused)
        elif history is not None:
            mine = history.for_contact(subscriber.number, contact_id)
            refused = contact_history.refusal(mine, subscriber, channel, purpose, at, consent, self.rules)
            if refused:  # an opt-out, a do-not-call list: never
                return self._refusal(subscriber, at, channel, purpose, contact, call_type, refused)
            view = contact_history.read(self.rules, self.courtesy is not None, subscriber, mine, at, channel,
                                        purpose, contact, subject, consent, emergencies, call_type)
            consent, hold_until = view.consent, view.hold_until
            reasons.extend(view.reasons)
            if view.lift_courtesy:
                rules = self.laws_only()
        context = rules.compiled_context(subscriber, purpose, channel, contact, consent, emergencies,
                                         call_type=call_type, contract=contract)
        instant = at.timestamp()
        # The contact's wall clocks at the instant, read once: the decision's local_times, the
        # closing reasons' clocks and the notes' local date (a loop: a comprehension is one more
        # function made and called).
        local_times = {}
        for zone in subscriber.zones:
            local_times[zone] = clock.local_time(instant, zone)
        horizon = self.horizon_days * DAY
        need = self.call_duration.total_seconds() if channel is Channel.CALL else 0.0
        limit = instant + horizon
        tags, jump = context.segment(instant)
        now = facts.segment_facts(context, tags)
        held = hold_until is not None and hold_until > at
        closes_at: datetime | None = None
        allowed = False
        # Where the search for the next start may begin: past the stretch the instant is in, which
        # next_start(instant) would read again (a closed one ends at its jump, a free one too short
        # for the call at its end); a hold moves it past the hold's end.
        search_from: float = jump
        if tags or held:
            reasons.extend(explain.closing(context, tags, instant, local_times))
        else:
            free_end = search_from = context.run_end(jump, limit + need + DAY)
            allowed = answer.allows(free_end, instant, need)
            if allowed:
                closes_at = clock.to_utc_datetime(free_end - need) if answer.within(free_end, instant, horizon) \
                    else None
            else:
                reasons.append(explain.window_closing(context, free_end, need))
        found = None
        if not allowed and not now.blocks_for_good:
            if held and hold_until:
                search_from = max(instant, hold_until.timestamp())
            found = context.next_start(search_from, need, limit)
            if found is not None and mine is not None and mine.attempts:
                found = self._after_caps(context, subscriber, mine, found, need, limit, channel, purpose, contact,
                                         subject)
        text: Reason | None = None
        if not allowed and not now.blocks_for_good:
            if found is None:
                reasons.append(explain.no_window(self.horizon_days))
            if channel is Channel.CALL and rules.text_instead and not held:  # a cap may bind texts too
                text = rules._text_instead(context, subscriber, now, instant, found, purpose, contact, consent,
                                           emergencies, call_type, contract)
                if text is not None:
                    reasons.append(text)
        code = answer.action(allowed, _CHANNEL_ACTION[channel], now.blocks_for_good, text is not None)
        if context.notes:
            reasons.extend(facts.notes_in_effect(context, local_times[subscriber.zones[0]].date()))
        reasons.extend(self._notes_of(subscriber))
        return new_decision(
            subscriber.number, at, channel, purpose, contact, answer.ACTIONS[code],
            at if allowed else (clock.to_utc_datetime(found[0]) if found else None),
            subscriber.region, subscriber.subdivision, subscriber.number_type, subscriber.zones,
            local_times, tuple(reasons), self.versions,
            closes_at, subscriber.places, call_type,
        )

    def applicable_rules(
        self, subscriber: Subscriber, purpose: Purpose, channel: Channel, contact: ContactKind,
        *, consent: bool = False, emergencies: frozenset[str] = frozenset(), call_type: CallType = CallType.LIVE,
        contract: bool = False,
    ) -> tuple[Rule, ...]:
        """The rules that restrict this contact for this purpose, channel and call type."""
        context = self.compiled_context(subscriber, purpose, channel, contact, consent, emergencies,
                                        call_type=call_type, contract=contract)
        return tuple(applied.rule for applied in context.applied)

    def caps_for(
        self, subscriber: Subscriber, purpose: Purpose, channel: Channel, contact: ContactKind,
    ) -> tuple[Cap, ...]:
        """The frequency caps of the laws that apply to this contact."""
        return self.rules.caps(subscriber, purpose, channel, contact)

    def compiled_context(
        self, subscriber: Subscriber, purpose: Purpose, channel: Channel, contact: ContactKind,
        consent: bool = False, emergencies: frozenset[str] = frozenset(), *, call_type: CallType,
        contract: bool,
    ) -> Context:
        """The compiled timelines of this contact's context (cached on the policy): what
        `decide` reads, and what the batch API's vector driver lays out as arrays."""
        # (the members' plain values, whose hashes are kept: an enum member hashes by a Python call)
        key = (subscriber.zones, subscriber.places, subscriber.region, subscriber.subdivision, purpose._value_,
               channel._value_, contact._value_, consent, emergencies, call_type._value_, contract)
        context = self._contexts.get(key)
        if context is None:
            if len(self._contexts) > 50_000:
                self._contexts.clear()
            context = self._contexts[key] = self.rules.compile(subscriber, purpose, channel, contact, consent,
                                                               emergencies, call_type, contract)
        return context

    def laws_only(self) -> Policy:
        """This policy without courtesy (what agreed callbacks, redials and a "yes" to an ask use)."""
        if self.courtesy is None:
            return self
        if self._laws_only_policy is None:
            self._laws_only_policy = Policy(
                courtesy=None, company=self.company, jurisdictions=self.jurisdictions,
                call_duration=self.call_duration, horizon_days=self.horizon_days,
            )
        return self._laws_only_policy

    # ------------------------------------------------------------ internals

    def _notes_of(self, subscriber: Subscriber) -> tuple[Reason, ...]:
        """facts.subscriber_notes, memoised per subscriber (they depend on it and the rules only).
        Keyed by the object's id, the subscriber kept beside its notes and checked by identity (a
        reused id never matches): resolution hands out one object per number and hints, and a
        subscriber's own hash is a Python call over all its fields, notes included."""
        found = self._notes.get(id(subscriber))
        if found is not None and found[0] is subscriber:
            return found[1]
        if len(self._notes) > 50_000:
            self._notes.clear()
        notes = tuple(facts.subscriber_notes(subscriber, self.rules))
        self._notes[id(subscriber)] = (subscriber, notes)
        return notes

    def _after_caps(
        self, context: Context, subscriber: Subscriber, mine: History, found: tuple[float, float], need: float,
        limit: float, channel: Channel, purpose: Purpose, contact: ContactKind, subject: str | None,
    ) -> tuple[float, float] | None:
        """Attempts recorded after the instant (or a cap taking effect later) may bind a cap
        at a candidate start: check each candidate and search again from where the caps free.
        Each search passes at least one attempt, so as many rounds as attempts (and two) end it;
        a candidate still held after them is no start at all (None: never a time a cap holds)."""
        candidate: tuple[float, float] | None = found
        for _ in range(cap_search_rounds(mine)):
            if candidate is None:
                return None
            start = clock.to_utc_datetime(candidate[0])
            frees, _ = contact_history.caps_hold(self.rules, subscriber, mine, start, channel, purpose, contact,
                                                 subject)
            if frees is None or frees <= start:
                return candidate
            candidate = context.next_start(frees.timestamp(), need, limit)
        return None

    def _text_instead(
        self, context: Context, subscriber: Subscriber, now: facts.SegmentFacts, instant: float,
        found: tuple[float, float] | None, purpose: Purpose, contact: ContactKind, consent: bool,
        emergencies: frozenset[str], call_type: CallType, contract: bool,
    ) -> Reason | None:
        """S4, S5: recommend a text when a call is not allowed but a text is, and
        it is late evening, a rest day or holiday, or the wait is long (the text is sent the
        way the call would be made: an automated caller's text is automated too). `context`:
        the call's, compiled by this policy for the same contact (it keeps the texts' context)."""
        sms = context.text_context
        if sms is None:  # (the call's key but for the channel: one lookup per call context)
            sms = context.text_context = self.compiled_context(subscriber, purpose, Channel.SMS, contact, consent,
                                                               emergencies, call_type=call_type, contract=contract)
        sms_tags, _ = sms.segment(instant)
        wait = (found[0] - instant) if found else math.inf
        night_or_rest = now.courtesy_night or now.courtesy_rest
        if not answer.recommends_text(not sms_tags, True, night_or_rest, wait >= self.text_instead_after):
            return None
        return explain.text_instead(now.courtesy_night, now.courtesy_rest, wait)

    def _refusal(
        self, subscriber: Subscriber, at: datetime, channel: Channel, purpose: Purpose, contact: ContactKind,
        call_type: CallType, reasons: tuple[Reason, ...], *, zones: bool = True,
    ) -> Decision:
        """Never: an opt-out, or a number whose local time cannot be known."""
        instant = at.timestamp()
        return new_decision(
            subscriber.number, at, channel, purpose, contact, Action.BLOCK, None, subscriber.region,
            subscriber.subdivision, subscriber.number_type, subscriber.zones if zones else (),
            {zone: clock.local_time(instant, zone) for zone in subscriber.zones} if zones else {},
            reasons, self.versions, None, subscriber.places, call_type,
        )


PROFILES = ("courtesy", "legal")


class ProfilePolicies:
    """The courtesy policy (laws + courtesy rules) and the legal one (laws only) a server
    answers with, each built once on first use; thread-safe."""

    def __init__(self) -> None:
        self._built: dict[str, Policy] = {}
        self._lock = threading.Lock()

    def get(self, profile: str) -> Policy:
        found = self._built.get(profile)
        if found is None:
            if profile not in PROFILES:
                raise InvalidInput(f"profile must be courtesy or legal, not {profile!r}")
            with self._lock:
                found = self._built.get(profile)
                if found is None:
                    found = Policy.default() if profile == "courtesy" else Policy.legal_minimum()
                    self._built[profile] = found
        return found


_default_policy: Policy | None = None


def default_policy() -> Policy:
    """The shared default policy (laws + courtesy), built on first use."""
    global _default_policy
    if _default_policy is None:
        _default_policy = Policy.default()
    return _default_policy


def check(number: str, at: datetime | str | None = None, *, history: History | None = None,
          **options: Any) -> Decision:
    """check() with the default policy (laws + courtesy). See Policy.check."""
    return default_policy().check(number, at, history=history, **options)
