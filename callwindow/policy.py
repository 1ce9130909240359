"""The decision: combine the rules that apply to a contact, most restrictive wins.

Compile, then look up. For a context (candidate zones, places, purpose,
channel, contact kind) and a UTC day, every applicable rule is turned into the
UTC intervals it closes, in every candidate zone, and the day is cut into
segments that each carry the set of rules closing it (empty = allowed). A
check is then a dict lookup and a bisect; next_allowed_at walks segments.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from . import caps as cap_rules
from . import clock
from .calendars import HOLIDAYS_VERSION, is_known_country
from .compiled import Applied, Block, Context, day_info
from .errors import InvalidInput
from .history import History, OptOut
from .model import Action, Channel, ContactKind, Decision, Effect, Purpose, Reason, ReasonCode, RuleKind, Subscriber
from .numbers import PHONENUMBERS_VERSION
from .request import Question
from .resources import data_version
from .rules import Cap, Jurisdiction, Profile, Rule, courtesy_profile, load_profile, shipped_jurisdictions
from .version import __version__

DAY = clock.DAY
DEFAULT_HORIZON_DAYS = 31
REDIAL_GRACE = timedelta(minutes=10)  # S10: a dropped call may be redialled at once, within this
CONVENIENT_FOR = timedelta(hours=2)  # S6: a "yes, call me" reply holds this long
NOT_CONVENIENT_HOLD = timedelta(hours=4)  # S6: no reply / "no": call again much later
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_S4_CODES = frozenset({ReasonCode.PUBLIC_HOLIDAY, ReasonCode.CLOSED_DAY})


class Policy:
    """A set of rules: the laws of the shipped jurisdictions, optionally the
    courtesy profile, and any company rules. Laws are always included and can
    never be relaxed: every other rule only closes more time."""

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
        self._general_rules = tuple(courtesy.rules if courtesy else ()) + tuple(
            rule for profile in self.company for rule in profile.rules
        )
        self._by_place: dict[str, list[Jurisdiction]] = {}
        for jurisdiction in self.jurisdictions:
            for place in jurisdiction.applies_to:
                self._by_place.setdefault(place, []).append(jurisdiction)
        self._contexts: dict[tuple[object, ...], Context] = {}
        self._caps: dict[tuple[object, ...], tuple[Cap, ...]] = {}
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

    def answer(self, question: Question, history: History | None = None) -> Decision:
        """The decision for one question (every surface asks through here or `decide`)."""
        return self.decide(
            question.subscriber, question.at, question.channel, question.purpose, question.contact,
            consent=question.consent, emergencies=question.emergencies, history=history, subject=question.subject,
        )

    def decide(
        self, subscriber: Subscriber, at: datetime, channel: Channel, purpose: Purpose, contact: ContactKind,
        *, consent: bool = False, emergencies: frozenset[str] = frozenset(),
        history: History | None = None, subject: str | None = None,
    ) -> Decision:
        """The decision for an already resolved subscriber at an aware UTC instant."""
        instant = at.timestamp()
        if subscriber.region is None or not subscriber.zones:
            return self._unplaceable(subscriber, at, channel, purpose, contact)
        reasons: list[Reason] = []
        rules: Policy = self
        hold_until: datetime | None = None
        mine: History | None = None
        if history is not None and not history.is_empty():
            mine = history.for_number(subscriber.number)
            opt_out = next((o for o in mine.opt_outs if o.covers(channel, purpose, at)), None)
            if opt_out is not None:
                return self._opted_out(subscriber, at, channel, purpose, contact, opt_out)
            view = self._read_history(subscriber, mine, at, channel, purpose, contact, subject, consent, emergencies)
            consent, reasons, hold_until = view.consent, view.reasons, view.hold_until
            if view.lift_courtesy:
                rules = self._laws_only()
        context = rules.compiled_context(subscriber, purpose, channel, contact, consent, emergencies)
        need = self.call_duration.total_seconds() if channel is Channel.CALL else 0.0
        limit = instant + self.horizon_days * DAY
        blocks, _ = context.segment(instant)
        held = hold_until is not None and hold_until > at
        closes_at: datetime | None = None
        if held:
            allowed = False
            reasons.extend(rules._explain(context, blocks, instant))
        elif blocks:
            allowed = False
            reasons.extend(self._explain(context, blocks, instant))
        else:
            free_end = context.free_until(instant, limit + need + DAY)
            allowed = free_end - instant > need
            if allowed:
                closes_at = clock.to_utc_datetime(free_end - need) if free_end < limit else None
            else:
                reasons.append(self._closing_reason(context, free_end, need))
        blocked_for_good = any(context.applied[block[0]].rule.effect is Effect.BLOCK for block in blocks)
        search_from = max(instant, hold_until.timestamp()) if held and hold_until else instant
        found = None if allowed or blocked_for_good else context.next_start(search_from, need, limit)
        if found is not None and mine is not None and mine.attempts:
            # Attempts recorded after `at` may bind a cap later: check each
            # candidate and search again from where the caps free.
            for _ in range(32):
                candidate = clock.to_utc_datetime(found[0])
                frees, _ = self._cap_hold(subscriber, mine, candidate, channel, purpose, contact, subject)
                if frees is None or frees <= candidate:
                    break
                found = context.next_start(frees.timestamp(), need, limit)
                if found is None:
                    break
        next_allowed = clock.to_utc_datetime(found[0]) if found else None
        if allowed:
            next_allowed = at
            action = Action(channel.value)
        elif blocked_for_good:
            action = Action.BLOCK  # never, unless what lifts the rule (consent) is given
        else:
            action = Action.DEFER
            if found is None:
                reasons.append(self._reason(ReasonCode.NO_WINDOW, "callwindow.horizon", RuleKind.CONTACT,
                                            f"no allowed time in the next {self.horizon_days} days"))
            if channel is Channel.CALL and rules.text_instead and not held:  # a cap may bind texts too
                text_reason = rules._text_instead(
                    subscriber, context, blocks, instant, found, purpose, contact, consent, emergencies
                )
                if text_reason is not None:
                    action = Action.SMS
                    reasons.append(text_reason)
        if context.notes:
            local_day = clock.local_time(instant, subscriber.zones[0]).date()
            reasons.extend(
                Reason(note.rule.code, note.rule.id, note.rule.kind, f"{note.rule.title}: {note.rule.message}",
                       note.rule.source)
                for note in context.notes
                if note.rule.in_effect(local_day)
            )
        reasons.extend(self._context_notes(subscriber))
        return Decision(
            number=subscriber.number,
            at=at,
            channel=channel,
            purpose=purpose,
            contact=contact,
            action=action,
            next_allowed_at=next_allowed,
            region=subscriber.region,
            subdivision=subscriber.subdivision,
            number_type=subscriber.number_type,
            zones=subscriber.zones,
            local_times={zone: clock.local_time(instant, zone) for zone in subscriber.zones},
            reasons=tuple(reasons),
            versions=self.versions,
            window_closes_at=closes_at,
            places=subscriber.places,
        )

    def applicable_rules(
        self, subscriber: Subscriber, purpose: Purpose, channel: Channel, contact: ContactKind,
        *, consent: bool = False, emergencies: frozenset[str] = frozenset(),
    ) -> tuple[Rule, ...]:
        """The rules that restrict this contact for this purpose and channel."""
        context = self.compiled_context(subscriber, purpose, channel, contact, consent, emergencies)
        return tuple(applied.rule for applied in context.applied)

    def compiled_context(
        self, subscriber: Subscriber, purpose: Purpose, channel: Channel, contact: ContactKind,
        consent: bool = False, emergencies: frozenset[str] = frozenset(),
    ) -> Context:
        """The compiled timelines of this contact's context (cached on the policy): what
        `check` reads, and the seam of the batch API (`callwindow.batch.engine`)."""
        key = (subscriber.zones, subscriber.places, subscriber.region, subscriber.subdivision, purpose, channel,
               contact, consent, emergencies)
        context = self._contexts.get(key)
        if context is None:
            if len(self._contexts) > 50_000:
                self._contexts.clear()
            applied = self._applicable(subscriber, purpose, channel, contact, consent, emergencies)
            context = self._contexts[key] = Context(
                subscriber.zones,
                tuple(item for item in applied if item.rule.effect is not Effect.NOTE),
                tuple(item for item in applied if item.rule.effect is Effect.NOTE),
            )
        return context

    # ------------------------------------------------------------ internals

    def _applicable(
        self, subscriber: Subscriber, purpose: Purpose, channel: Channel, contact: ContactKind,
        consent: bool, emergencies: frozenset[str],
    ) -> tuple[Applied, ...]:
        applied: list[Applied] = []
        subdivision = subscriber.subdivision
        # Courtesy and company rules read the calendar of every country the
        # contact may be in (a hint naming another country adds its rest days).
        countries = dict.fromkeys(place.split("-")[0] for place in subscriber.places if place)
        for country in countries or (subscriber.region,):
            country_subdivision = subdivision if subdivision and subdivision.startswith(f"{country}-") else None
            for rule in self._general_rules:
                if not _conditions_hold(rule, consent, emergencies, subscriber.places):
                    continue
                if rule.covers(purpose, channel, contact, country):
                    applied.append(Applied(rule, country, country_subdivision, None))
        seen: set[str] = set()
        for place in subscriber.places:
            country = place.split("-")[0]
            if "-" in place:
                place_subdivision: str | None = place
            else:
                place_subdivision = subdivision if subdivision and subdivision.startswith(country + "-") else None
            for jurisdiction in self._by_place.get(place, ()):
                for rule in jurisdiction.rules:
                    if not _conditions_hold(rule, consent, emergencies, (place,)):
                        continue
                    if rule.id not in seen and rule.covers(purpose, channel, contact, None):
                        seen.add(rule.id)
                        applied.append(Applied(rule, country, place_subdivision, place))
        return tuple(applied)

    def _laws_only(self) -> Policy:
        """This policy without courtesy (for agreed callbacks and redials)."""
        if self._laws_only_policy is None:
            self._laws_only_policy = Policy(
                courtesy=None, company=self.company, jurisdictions=self.jurisdictions,
                call_duration=self.call_duration, horizon_days=self.horizon_days,
            )
        return self._laws_only_policy

    def caps_for(
        self, subscriber: Subscriber, purpose: Purpose, channel: Channel, contact: ContactKind,
    ) -> tuple[Cap, ...]:
        """The frequency caps of the laws that apply to this contact."""
        key = (subscriber.places, purpose, channel, contact)
        found = self._caps.get(key)
        if found is None:
            found = tuple(
                cap
                for place in dict.fromkeys(subscriber.places)
                for jurisdiction in self._by_place.get(place, ())
                for cap in jurisdiction.caps
                if purpose in cap.purposes and channel in cap.channels and contact in cap.contacts
            )
            self._caps[key] = found
        return found

    def _read_history(
        self, subscriber: Subscriber, mine: History, at: datetime, channel: Channel, purpose: Purpose,
        contact: ContactKind, subject: str | None, consent: bool, emergencies: frozenset[str],
    ) -> _HistoryView:
        """What the contact's own history changes: consent, lifted courtesy, holds."""
        reasons: list[Reason] = []
        holds: list[datetime] = []
        lift: Reason | None = None
        recorded = next((c for c in mine.consents if c.covers(channel, purpose, at)), None)
        callback = next((c for c in mine.callbacks if c.covers(channel, at)), None)
        if recorded is not None or callback is not None:
            applicable = self.applicable_rules(subscriber, purpose, channel, contact, emergencies=emergencies)
            lifted = [rule.id for rule in applicable if "consent" in rule.lifted_by]
            which = f"; lifts {', '.join(lifted)}" if lifted else "; no law here is lifted by consent"
            if recorded is not None:
                reasons.append(Reason(ReasonCode.CONSENT_RECORDED, "callwindow.history.consent", RuleKind.CONTACT,
                                      f"prior consent recorded on {_utc_text(recorded.at)}"
                                      f"{f' ({recorded.provenance})' if recorded.provenance else ''}{which}"))
            if callback is not None:
                lift = Reason(ReasonCode.AGREED_CALLBACK, "courtesy.S11.agreed-callback", RuleKind.COURTESY,
                              f"the contact asked to be called back between {_utc_text(callback.start)} and "
                              f"{_utc_text(callback.end)}: courtesy rules lifted{which}", "seed:S11")
            consent = True
        last_call = next((a for a in reversed(mine.attempts) if a.channel is Channel.CALL and a.at <= at), None)
        if lift is None and channel is Channel.CALL and last_call is not None and last_call.outcome.value == "dropped" \
                and at - last_call.at <= REDIAL_GRACE:
            lift = Reason(ReasonCode.REDIAL_AFTER_DROP, "courtesy.S10.redial", RuleKind.COURTESY,
                          f"the call at {_utc_text(last_call.at)} was cut off: call back at once "
                          "(courtesy lifted, laws stay)",
                          "seed:S10")
        ask = next((a for a in reversed(mine.asks) if a.at <= at), None)
        if lift is None and channel is Channel.CALL and ask is not None and self.courtesy is not None:
            answered_at = ask.replied_at or ask.at
            if ask.reply is True and answered_at <= at < answered_at + CONVENIENT_FOR:
                lift = Reason(ReasonCode.CONVENIENT, "courtesy.S6.convenience-ask", RuleKind.COURTESY,
                              f"the contact replied at {_utc_text(answered_at)} that a call is convenient", "seed:S6")
            elif ask.reply is not True and at < ask.at + NOT_CONVENIENT_HOLD:
                holds.append(ask.at + NOT_CONVENIENT_HOLD)
                said = "no" if ask.reply is False else "no reply yet"
                reasons.append(Reason(ReasonCode.NOT_CONVENIENT, "courtesy.S6.convenience-ask", RuleKind.COURTESY,
                                      f"asked at {_utc_text(ask.at)} whether a call is convenient: {said}; call again "
                                      f"from {_utc_text(ask.at + NOT_CONVENIENT_HOLD)}", "seed:S6"))
        if lift is not None:
            reasons.append(lift)
        cap_hold, cap_reasons = self._cap_hold(subscriber, mine, at, channel, purpose, contact, subject)
        reasons.extend(cap_reasons)
        if cap_hold is not None:
            holds.append(cap_hold)
        return _HistoryView(consent, lift is not None, reasons, max(holds) if holds else None)

    def _cap_hold(
        self, subscriber: Subscriber, mine: History, at: datetime, channel: Channel, purpose: Purpose,
        contact: ContactKind, subject: str | None,
    ) -> tuple[datetime | None, list[Reason]]:
        """When every frequency cap binding at `at` has freed (None: none binds)."""
        frees: list[datetime] = []
        reasons = []
        for cap in self.caps_for(subscriber, purpose, channel, contact):
            hit = cap_rules.evaluate(cap, mine.attempts, at, channel, purpose, subject, subscriber.zones)
            if hit is not None:
                frees.append(hit.frees_at)
                reasons.append(Reason(ReasonCode.FREQUENCY_CAP, cap.id, RuleKind.LAW, hit.message, cap.source))
        return (max(frees) if frees else None), reasons

    def _opted_out(self, subscriber: Subscriber, at: datetime, channel: Channel, purpose: Purpose,
                   contact: ContactKind, opt_out: OptOut) -> Decision:
        reason = Reason(ReasonCode.OPTED_OUT, "callwindow.history.opt-out", RuleKind.CONTACT,
                        f"the contact opted out of {channel.value} for {purpose.value} on {_utc_text(opt_out.at)}"
                        f"{f' ({opt_out.provenance})' if opt_out.provenance else ''}")
        return Decision(
            number=subscriber.number, at=at, channel=channel, purpose=purpose, contact=contact,
            action=Action.BLOCK, next_allowed_at=None, region=subscriber.region, subdivision=subscriber.subdivision,
            number_type=subscriber.number_type, zones=subscriber.zones,
            local_times={zone: clock.local_time(at.timestamp(), zone) for zone in subscriber.zones},
            reasons=(reason,), versions=self.versions, places=subscriber.places,
        )

    def _explain(self, context: Context, blocks: frozenset[Block], instant: float) -> list[Reason]:
        """One reason per (rule, code) closing `instant`, naming the zone it was
        found in (and how many other candidate zones agree)."""
        grouped: dict[tuple[int, ReasonCode], list[Block]] = {}
        for block in blocks:
            grouped.setdefault((block[0], block[1]), []).append(block)
        reasons = []
        several = len(context.zones) > 1
        for (index, code), found in sorted(grouped.items()):
            found.sort(key=lambda block: block[2])
            _, _, zone, ordinal, selector = found[0]
            applied = context.applied[index]
            rule = applied.rule
            local = clock.local_time(instant, zone)
            when = f"{_WEEKDAY_NAMES[local.weekday()]} {local.hour:02d}:{local.minute:02d} in {zone}"
            if len(found) > 1:
                when += f" (and {len(found) - 1} other candidate zone{'s' if len(found) > 2 else ''})"
            where = f" in {applied.place}" if applied.place else ""
            if code is ReasonCode.STATUTORY_NO_CALL_DAY:
                detail = f"{selector} is a legal no-call day{where} (not just a public holiday) ({when})"
            elif code is ReasonCode.STATE_OF_EMERGENCY:
                detail = f"a state of emergency is declared{where} ({when})"
            elif code is ReasonCode.CONSENT_REQUIRED:
                detail = "no prior consent was given (pass consent when it is recorded)"
            elif code is ReasonCode.PUBLIC_HOLIDAY:
                info = day_info(applied, date.fromordinal(ordinal))
                detail = f"{info.holiday_name} is a public holiday{where} ({when})"
            elif code is ReasonCode.CLOSED_DAY:
                label = "rest day" if selector == "rest_day" else _WEEKDAY_NAMES[local.weekday()]
                detail = f"nothing allowed on a {label} ({when})"
            elif rule.closed_mode:
                detail = f"it is {when}"
            else:
                detail = f"allowed {rule.allowed_text(selector)} that day; it is {when}"
            reasons.append(Reason(code, rule.id, rule.kind, f"{rule.title}: {detail}", rule.source,
                                  zone if several else None))
        return reasons

    def _closing_reason(self, context: Context, free_end: float, need: float) -> Reason:
        closing, _ = context.segment(free_end)
        zone = min(block[2] for block in closing) if closing else context.zones[0]
        local = clock.local_time(free_end, zone)
        closes = f"{local.hour:02d}:{local.minute:02d}"
        minutes = need / 60
        # S9 (the three-minute rule) is where the expected call length comes from,
        # whoever set its value (courtesy profile, company file or caller).
        return Reason(
            ReasonCode.WINDOW_CLOSING, "courtesy.S9.call-duration", RuleKind.COURTESY,
            f"the allowed window closes at {closes} {zone}, within the expected call length of {minutes:g} min",
            "seed:S9", zone if len(context.zones) > 1 else None,
        )

    def _text_instead(
        self, subscriber: Subscriber, context: Context, blocks: frozenset[Block], instant: float,
        found: tuple[float, float] | None, purpose: Purpose, contact: ContactKind,
        consent: bool, emergencies: frozenset[str],
    ) -> Reason | None:
        """S4, S5: recommend a text when a call is not allowed but a text is, and
        it is late evening, a rest day or holiday, or the wait is long."""
        sms = self.compiled_context(subscriber, purpose, Channel.SMS, contact, consent, emergencies)
        sms_blocks, _ = sms.segment(instant)
        if sms_blocks:
            return None
        courtesy_codes = {code for index, code, *_ in blocks if context.applied[index].rule.kind is RuleKind.COURTESY}
        wait = (found[0] - instant) if found else math.inf
        if ReasonCode.NIGHT in courtesy_codes:
            return self._reason(ReasonCode.TEXT_INSTEAD, "courtesy.S5.text-instead", RuleKind.COURTESY,
                                "too late to call: a text is allowed now (S5)", "seed:S5")
        if courtesy_codes & _S4_CODES:
            return self._reason(ReasonCode.TEXT_INSTEAD, "courtesy.S4.text-first", RuleKind.COURTESY,
                                "a rest day or holiday: text first to ask whether a call is welcome (S4)", "seed:S4")
        if wait >= self.text_instead_after:
            hours = ("no call window in sight" if wait == math.inf
                     else f"the next call window is {wait / 3600:.1f} h away")
            return self._reason(ReasonCode.TEXT_INSTEAD, "courtesy.S4.text-first", RuleKind.COURTESY,
                                f"{hours}: a text is allowed now (S4)", "seed:S4")
        return None

    def _context_notes(self, subscriber: Subscriber) -> list[Reason]:
        notes = list(subscriber.notes)
        if len(subscriber.zones) > 1:
            notes.append(self._reason(
                ReasonCode.SEVERAL_ZONES, "callwindow.zones", RuleKind.CONTACT,
                f"the number may be in any of {len(subscriber.zones)} time zones ({', '.join(subscriber.zones)}): "
                "every one must allow the contact (give a zone or subdivision to narrow)"))
        if subscriber.region and not is_known_country(subscriber.region):
            notes.append(self._reason(
                ReasonCode.CALENDAR_UNKNOWN, "callwindow.calendar", RuleKind.CONTACT,
                f"no public holiday calendar for {subscriber.region}: "
                "Saturday-Sunday weekend assumed, holidays unknown"))
        return notes

    def _unplaceable(
        self, subscriber: Subscriber, at: datetime, channel: Channel, purpose: Purpose, contact: ContactKind,
    ) -> Decision:
        reason = self._reason(
            ReasonCode.NO_TIME_ZONE, "callwindow.zones", RuleKind.CONTACT,
            f"{subscriber.number} is a {subscriber.number_type.replace('_', ' ')} number with no known location or "
            "time zone: its local time cannot be known, so it is never treated as callable")
        return Decision(
            number=subscriber.number, at=at, channel=channel, purpose=purpose, contact=contact,
            action=Action.BLOCK, next_allowed_at=None, region=subscriber.region, subdivision=subscriber.subdivision,
            number_type=subscriber.number_type, zones=(), local_times={}, reasons=(reason, *subscriber.notes),
            versions=self.versions, places=subscriber.places,
        )

    @staticmethod
    def _reason(code: ReasonCode, rule: str, kind: RuleKind, message: str, source: str | None = None) -> Reason:
        return Reason(code, rule, kind, message, source)


def _conditions_hold(rule: Rule, consent: bool, emergencies: frozenset[str], places: tuple[str, ...]) -> bool:
    """False when consent lifts the rule, or it only applies during an emergency
    that is not declared for any of `places`."""
    if consent and "consent" in rule.lifted_by:
        return False
    return rule.when != "state_of_emergency" or any(place in emergencies for place in places)


@dataclass(frozen=True, slots=True)
class _HistoryView:
    consent: bool
    lift_courtesy: bool
    reasons: list[Reason]
    hold_until: datetime | None


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


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
