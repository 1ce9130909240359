"""What a set of closing tags means, and the facts about a contact that every
decision carries: written once, read by the scalar walk (policy) and the
vector driver (callwindow.batch.engine), which memoise them per tag set.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..calendars import is_known_country
from ..model import REASON_CODES, Effect, Reason, ReasonCode, RuleKind, Subscriber
from .context import Context, RuleSet, Tag

# A reason-code mask: one bit per code, in REASON_CODES order (the batch API's reason_mask).
CODES: tuple[str, ...] = tuple(REASON_CODES)
if len(CODES) > 64:  # pragma: no cover - the mask is a uint64
    raise ImportError("callwindow.kernel: more than 64 reason codes; widen the reason mask")
BIT: dict[str, int] = {code: 1 << index for index, code in enumerate(CODES)}

# S4: on these days a text first asks whether a call is welcome.
REST_OR_HOLIDAY = frozenset({ReasonCode.PUBLIC_HOLIDAY, ReasonCode.CLOSED_DAY})


@dataclass(frozen=True, slots=True)
class SegmentFacts:
    """What the rules closing a stretch of time mean for the answer."""

    mask: int  # the reason codes of the closing rules (BIT)
    blocks_for_good: bool  # a block-effect rule closes it: never, unless what lifts the rule is given
    courtesy_night: bool  # a courtesy "night" rule closes it (S5: text instead)
    courtesy_rest: bool  # a courtesy rest-day or holiday rule closes it (S4: text first)


FREE = SegmentFacts(0, False, False, False)


def segment_facts(context: Context, tags: frozenset[Tag]) -> SegmentFacts:
    """The facts of a tag set of `context` (memoised on the context)."""
    if not tags:
        return FREE
    found: SegmentFacts | None = context.facts.get(tags)
    if found is None:
        mask = 0
        blocks = night = rest = False
        for tag in tags:
            mask |= BIT[tag.code]
            rule = context.applied[tag.rule].rule
            blocks = blocks or rule.effect is Effect.BLOCK
            if rule.kind is RuleKind.COURTESY:
                night = night or tag.code is ReasonCode.NIGHT
                rest = rest or tag.code in REST_OR_HOLIDAY
        found = context.facts[tags] = SegmentFacts(mask, blocks, night, rest)
    return found


def is_placeable(subscriber: Subscriber) -> bool:
    """Whether the contact's local time can be known at all (else: never callable)."""
    return subscriber.region is not None and bool(subscriber.zones)


def countries_without_rules(subscriber: Subscriber, rules: RuleSet) -> tuple[str, ...]:
    """The countries the contact may be in that no law file of `rules` covers."""
    countries = dict.fromkeys(place.split("-")[0] for place in subscriber.places if place)
    if not countries and subscriber.region:
        countries = {subscriber.region: None}
    return tuple(country for country in countries if not rules.covers(country))


def zone_notes(subscriber: Subscriber) -> list[Reason]:
    """What the contact's zones and region leave unsure: several candidate zones, no holiday calendar."""
    notes = []
    if len(subscriber.zones) > 1:
        notes.append(Reason(
            ReasonCode.SEVERAL_ZONES, "callwindow.zones", RuleKind.CONTACT,
            f"the number may be in any of {len(subscriber.zones)} time zones ({', '.join(subscriber.zones)}): "
            "every one must allow the contact (give a zone or subdivision to narrow)"))
    if subscriber.region and not is_known_country(subscriber.region):
        notes.append(Reason(
            ReasonCode.CALENDAR_UNKNOWN, "callwindow.calendar", RuleKind.CONTACT,
            f"no public holiday calendar for {subscriber.region}: Saturday-Sunday weekend assumed, holidays unknown"))
    return notes


def rule_data_notes(subscriber: Subscriber, rules: RuleSet) -> list[Reason]:
    """One note per country the contact may be in that no law file covers."""
    return [
        Reason(ReasonCode.NO_RULE_DATA, "callwindow.rule-data", RuleKind.CONTACT,
               f"no rule data for {country}: no law of {country} is encoded here, so only the courtesy and company "
               "rules were applied; check the local law on calling hours and consent before relying on this answer")
        for country in countries_without_rules(subscriber, rules)
    ]


def subscriber_notes(subscriber: Subscriber, rules: RuleSet) -> list[Reason]:
    """The notes every decision about a placeable contact carries: the resolver's own
    (hint conflicts), the zones' (zone_notes), and missing law data (rule_data_notes)."""
    return [*subscriber.notes, *zone_notes(subscriber), *rule_data_notes(subscriber, rules)]


def mask(reasons: Iterable[Reason]) -> int:
    """The reason-code mask (BIT) of some reasons."""
    bits = 0
    for reason in reasons:
        bits |= BIT[reason.code]
    return bits


def notes_in_effect(context: Context, local_day: date) -> list[Reason]:
    """The note-effect rules of the context in effect on the contact's local date."""
    built: tuple[Reason, ...] | None = context.note_reasons
    if built is None:  # a note's wording depends on its rule only: one Reason, shared by the decisions
        built = context.note_reasons = tuple(
            Reason(note.rule.code, note.rule.id, note.rule.kind, f"{note.rule.title}: {note.rule.message}",
                   note.rule.source, None, note.rule.confidence, note.rule.source_kind)
            for note in context.notes
        )
    return [reason for note, reason in zip(context.notes, built, strict=True) if note.rule.in_effect(local_day)]
