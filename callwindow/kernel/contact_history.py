"""What a contact's own history changes in a decision: opt-outs, recorded
consent, do-not-call lists (and what lifts them: consent, an established business
relationship), agreed callbacks (S11), redial after a drop (S10), the S6 "is now a
good time?" asks, and the laws' frequency caps. Read once per decision by the
scalar walk and once per row with records by the vector driver.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from .. import caps as cap_rules
from ..history import History, OptOut, Outcome, SuppressionList
from ..model import CallType, Channel, ContactKind, Purpose, Reason, ReasonCode, RuleKind, Subscriber
from ..rules import RelationshipWindow
from . import explain
from .context import RuleSet
from .explain import utc_text

REDIAL_GRACE = timedelta(minutes=10)  # S10: a dropped call may be redialled at once, within this
CONVENIENT_FOR = timedelta(hours=2)  # S6: a "yes, call me" reply holds this long
NOT_CONVENIENT_HOLD = timedelta(hours=4)  # S6: no reply / "no": call again much later


@dataclass(frozen=True, slots=True)
class HistoryView:
    """The history's effect on one question: consent to use, courtesy lifted
    (callback, redial, a "yes" to an ask), reasons, and when a hold ends."""

    consent: bool
    lift_courtesy: bool
    reasons: tuple[Reason, ...]
    hold_until: datetime | None


# The view of a history without records (only the lists), without consent and with it.
_NOTHING_RECORDED = (HistoryView(False, False, (), None), HistoryView(True, False, (), None))


def opt_out_covering(mine: History, channel: Channel, purpose: Purpose, at: datetime) -> OptOut | None:
    """The opt-out that covers this contact at `at` (None: none)."""
    return next((o for o in mine.opt_outs if o.covers(channel, purpose, at)), None)


def refusal(
    mine: History, subscriber: Subscriber, channel: Channel, purpose: Purpose, at: datetime, consent: bool,
    rules: RuleSet | None = None,
) -> tuple[Reason, ...]:
    """What in the history refuses the contact outright (the answer is block, these reasons
    only): an opt-out; else the do-not-call lists the number is on, the lists that bind it
    but are older than their law allows (whether the number was registered since is
    unknown: it is treated as registered), and the wash results that bind it but do not hold
    it (never checked: treated as registered). Consent - given with the question or on
    record - lifts a list whose law exempts consented contacts; an established business
    relationship on record lifts a registry list inside the window its jurisdiction's rule
    data (`rules`; None: no exemption) gives. Nothing lifts an opt-out."""
    if mine.opt_outs:
        opt_out = opt_out_covering(mine, channel, purpose, at)
        if opt_out is not None:
            return (explain.opted_out(channel, purpose, opt_out),)
    if not mine.suppressions:
        # On no list: only a wash result (never washed) or a list too old at `at` can refuse it
        # (the lists every history carries; most checks end here, without walking them).
        if not mine.lists or not binds_unlisted(mine.lists, at):
            return ()
    return tuple(list_verdicts(mine, subscriber, channel, purpose, at, consent, rules)[0])


# lists tuple's id -> (the tuple, kept so that its id is not reused; whether a wash result is
# among them; the last day on which none is too old). A store shares one tuple among its reads.
_UNLISTED: dict[int, tuple[tuple[SuppressionList, ...], bool, date]] = {}


def binds_unlisted(lists: tuple[SuppressionList, ...], at: datetime) -> bool:
    """Whether any of `lists` may refuse, at `at`, a number that is on none of them: a wash
    result (the number was never washed) or a list older than its law allows (the number may
    be registered since) - in some place; list_verdicts tells which bind this contact."""
    found = _UNLISTED.get(id(lists))
    if found is None or found[0] is not lists:
        if len(_UNLISTED) > 64:
            _UNLISTED.clear()
        kept = [item for item in lists if not item.clear]
        found = _UNLISTED[id(lists)] = (lists, any(item.wash for item in kept),
                                       min((_fresh_until(item) for item in kept), default=date.max))
    return found[1] or at.date() > found[2]


def _fresh_until(found: SuppressionList) -> date:
    """The last day `found` is not too old (SuppressionList.age_days at most max_age_days)."""
    try:
        return found.downloaded_on + timedelta(days=found.max_age_days)
    except OverflowError:  # past year 9999: never too old here
        return date.max


def list_verdicts(
    mine: History, subscriber: Subscriber, channel: Channel, purpose: Purpose, at: datetime, consent: bool,
    rules: RuleSet | None,
) -> tuple[list[Reason], list[Reason]]:
    """(the do-not-call lists' refusals, the business relationships that lifted a list's): the
    one reading of the lists that refusal (the block) and read (the lift's reason) share."""
    consented = consent or any(c.covers(channel, purpose, at) for c in mine.consents)
    places = subscriber.places
    refusals: list[Reason] = []
    lifts: dict[str, Reason] = {}

    def bars(found: SuppressionList, reason: Reason) -> None:
        if consented and found.lifted_by_consent:
            return
        lift = lifts.get(found.name) or relationship_lift(found, mine, channel, purpose, at, rules)
        if lift is not None:
            lifts[found.name] = lift
        else:
            refusals.append(reason)

    washed: set[str] = set()  # the wash results that hold the number (registered or clear)
    for entry in mine.suppressions:
        found = entry.list
        washed.add(found.name)
        if not found.clear and found.governs(places, channel, purpose):
            bars(found, explain.suppressed(subscriber.number, found))
    for found in mine.lists:
        if found.clear or not found.governs(places, channel, purpose):
            continue
        if found.age_days(at) > found.max_age_days:
            bars(found, explain.stale_list(found, at))
        if found.wash and found.name not in washed:
            bars(found, explain.not_washed(subscriber.number, found))
    return refusals, list(lifts.values())


def relationship_lift(
    found: SuppressionList, mine: History, channel: Channel, purpose: Purpose, at: datetime, rules: RuleSet | None,
) -> Reason | None:
    """The reason a business relationship on record lifts `found` at `at` (None: none does).
    Only a list imported as a national registry (lifted_by_relationship), only where the rule
    data of the list's own jurisdiction ([[relationship]]) gives a window for the record's kind,
    channel and purpose in effect at `at`, and only inside it: no data, no exemption."""
    if rules is None or not found.lifted_by_relationship or not mine.relationships:
        return None
    windows = [window for jurisdiction in rules.by_place.get(found.jurisdiction, ())
               for window in jurisdiction.relationships
               if channel in window.channels and purpose in window.purposes and window.in_effect(at.date())]
    best = None
    for record in mine.relationships:
        for window in windows:
            if window.kind != record.kind.value:
                continue
            until = window_end(record.at, window)
            if record.at <= at < until and (best is None or until > best[2]):
                best = (record, window, until)
    return None if best is None else explain.business_relationship(found, *best)


def window_end(start: datetime, window: RelationshipWindow) -> datetime:
    """The end (exclusive) of a relationship window begun at `start`: its calendar months or its
    days later, the earlier when it has both; past year 9999 the latest instant."""
    ends = [] if window.months is None else [add_months(start, window.months)]
    if window.days is not None:
        try:
            ends.append(start.astimezone(UTC) + timedelta(days=window.days))
        except OverflowError:
            ends.append(datetime.max.replace(tzinfo=UTC))
    return min(ends)  # (rules: at least one of the two)


def add_months(moment: datetime, months: int) -> datetime:
    """`moment` plus calendar months in UTC (the 31st of a shorter month: its last day); a
    window's end, exclusive. Past year 9999: the latest instant (the window never ends here)."""
    utc = moment.astimezone(UTC)
    year, month = divmod(utc.year * 12 + utc.month - 1 + months, 12)
    if year > 9999:
        return datetime.max.replace(tzinfo=UTC)
    return utc.replace(year=year, month=month + 1, day=min(utc.day, calendar.monthrange(year, month + 1)[1]))


def read(
    rules: RuleSet, courtesy: bool, subscriber: Subscriber, mine: History, at: datetime, channel: Channel,
    purpose: Purpose, contact: ContactKind, subject: str | None, consent: bool, emergencies: frozenset[str],
    call_type: CallType,
) -> HistoryView:
    """The view of `mine` (this number's history, attempts sorted) at `at`;
    `courtesy`: whether a courtesy profile is in force (S6 asks only matter then)."""
    if not mine.has_records():
        # Only the imported lists every history carries (refusal read them): no consent, no
        # callback, no attempt for a cap to count - the view is empty (and costs nothing).
        return _NOTHING_RECORDED[bool(consent)]
    asked_consent = consent  # (consent below may be set by a callback: not what refusal read)
    reasons: list[Reason] = []
    holds: list[datetime] = []
    lift: Reason | None = None
    recorded = next((c for c in mine.consents if c.covers(channel, purpose, at)), None)
    callback = next((c for c in mine.callbacks if c.covers(channel, at)), None)
    if recorded is not None or callback is not None:
        applicable = rules.applicable(subscriber, purpose, channel, contact, False, emergencies, call_type)
        lifted = [item.rule.id for item in applicable if "consent" in item.rule.lifted_by]
        which = f"; lifts {', '.join(lifted)}" if lifted else "; no law here is lifted by consent"
        if recorded is not None:
            reasons.append(Reason(ReasonCode.CONSENT_RECORDED, "callwindow.history.consent", RuleKind.CONTACT,
                                  f"prior consent recorded on {utc_text(recorded.at)}"
                                  f"{f' ({recorded.provenance})' if recorded.provenance else ''}{which}"))
        if callback is not None:
            lift = Reason(ReasonCode.AGREED_CALLBACK, "courtesy.S11.agreed-callback", RuleKind.COURTESY,
                          f"the contact asked to be called back between {utc_text(callback.start)} and "
                          f"{utc_text(callback.end)}: courtesy rules lifted{which}", "seed:S11")
        consent = True
    last_call = mine.last_attempt(Channel.CALL, at, subscriber.number)
    if lift is None and channel is Channel.CALL and last_call is not None and last_call.outcome is Outcome.DROPPED \
            and at - last_call.at <= REDIAL_GRACE:
        lift = Reason(ReasonCode.REDIAL_AFTER_DROP, "courtesy.S10.redial", RuleKind.COURTESY,
                      f"the call at {utc_text(last_call.at)} was cut off: call back at once "
                      "(courtesy lifted, laws stay)", "seed:S10")
    ask = next((a for a in reversed(mine.asks) if a.at <= at), None)
    if lift is None and channel is Channel.CALL and ask is not None and courtesy:
        answered_at = ask.replied_at or ask.at
        if ask.reply is True and answered_at <= at < answered_at + CONVENIENT_FOR:
            lift = Reason(ReasonCode.CONVENIENT, "courtesy.S6.convenience-ask", RuleKind.COURTESY,
                          f"the contact replied at {utc_text(answered_at)} that a call is convenient", "seed:S6")
        elif ask.reply is not True and at < ask.at + NOT_CONVENIENT_HOLD:
            holds.append(ask.at + NOT_CONVENIENT_HOLD)
            said = "no" if ask.reply is False else "no reply yet"
            reasons.append(Reason(ReasonCode.NOT_CONVENIENT, "courtesy.S6.convenience-ask", RuleKind.COURTESY,
                                  f"asked at {utc_text(ask.at)} whether a call is convenient: {said}; call again "
                                  f"from {utc_text(ask.at + NOT_CONVENIENT_HOLD)}", "seed:S6"))
    if lift is not None:
        reasons.append(lift)
    if mine.relationships and (mine.suppressions or mine.lists):  # say which list a relationship lifted
        reasons.extend(list_verdicts(mine, subscriber, channel, purpose, at, asked_consent, rules)[1])
    cap_hold, cap_reasons = caps_hold(rules, subscriber, mine, at, channel, purpose, contact, subject)
    reasons.extend(cap_reasons)
    if cap_hold is not None:
        holds.append(cap_hold)
    return HistoryView(consent, lift is not None, tuple(reasons), max(holds) if holds else None)


def caps_hold(
    rules: RuleSet, subscriber: Subscriber, mine: History, at: datetime, channel: Channel, purpose: Purpose,
    contact: ContactKind, subject: str | None,
) -> tuple[datetime | None, list[Reason]]:
    """When every frequency cap binding at `at` has freed (None: none binds), with their reasons."""
    frees: list[datetime] = []
    reasons = []
    for cap in rules.caps(subscriber, purpose, channel, contact):
        hit = cap_rules.evaluate(cap, mine, at, channel, purpose, subject, subscriber.zones, subscriber.number)
        if hit is not None:
            frees.append(hit.frees_at)
            reasons.append(Reason(ReasonCode.FREQUENCY_CAP, cap.id, cap.kind, hit.message, cap.source, None,
                                  cap.confidence, cap.source_kind))
    return (max(frees) if frees else None), reasons
