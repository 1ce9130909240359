"""POST /v1/check/batch?detail=codes: a batch decided on the batch API's vector engine
(`callwindow.batch.decide_batch`), one engine call per distinct (profile, consent,
emergencies, subject) instead of one `Policy.answer` per item.

The engine answers every field of the decision but the reasons' words: it gives the reason
*codes* (`Decisions.reasons`), not their messages, rule ids and sources, and no local times.
So this answer is the decision object without `local_times`, with `reason_codes` (distinct,
in docs/reason-codes.md order) for `reasons`: what a dialer sorting thousands of numbers
reads. `detail=full` (the default) keeps the scalar walk, which words every reason.

Items the engine cannot take as they are - a field it has no column for set to anything but
its default, emergencies that do not parse (a bad number in the same item must still be the
error reported, as the single check reports it first) - go through the scalar walk
(`Service.check_many`) and are cut to the same shape, so every item is one policy's answer.
`tests/test_http_batch_engine.py` compares every item with the single check, field by field.
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from ..errors import InvalidInput
from ..model import REASON_CODES
from ..request import parse_fields
from .schemas import CheckBody, defaults_of, instant
from .service import Asked, Service

# The fields of a compact decision, in the order of Decision.to_dict().
COMPACT_FIELDS = ("number", "at", "channel", "purpose", "contact", "call_type", "action", "allowed", "next_allowed_at",
                  "window_closes_at", "region", "subdivision", "places", "number_type", "zones", "reason_codes",
                  "versions")
# CheckBody fields the engine reads: per row (hints, instant, options, contact id) or once per
# call (the rest: the items are grouped by them). Any other field, when set to anything but
# its default, sends its item through the scalar walk.
_PER_ROW = ("number", "at", "channel", "purpose", "contact", "call_type", "zone", "region", "subdivision",
            "postal_code", "default_region", "contact_id")
_PER_CALL = ("profile", "consent", "emergencies", "subject")
_ENGINE_FIELDS = frozenset((*_PER_ROW, *_PER_CALL))
# A body's per-row fields in _PER_ROW's order, read from its fields (the defaults filled in) in one call.
_ROW = operator.itemgetter(*_PER_ROW)
_DEFAULTS = defaults_of(CheckBody)  # (read only: the emergencies' empty list is shared)
# The engine lays out each UTC day the rows fall in as arrays (a fixed cost per day and group);
# the scalar walk costs the same per item whatever the day. Measured on batches of 100 to
# 1,000 (bench/bench_http.py's bodies): the engine is the faster from about 8 rows per day.
ENGINE_ROWS_PER_DAY = 8
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_CODE_ORDER = {code: position for position, code in enumerate(REASON_CODES)}

Answer = dict[str, Any] | Exception


def decide_compact(service: Service, items: Sequence[dict[str, Any] | Exception]) -> list[Answer]:
    """Each item's compact decision, or the error that rejects it, in place: the items are
    validated bodies as the dicts of the fields they give (routes.check.validated_fields)."""
    answers: list[Answer | None] = [None] * len(items)
    scalar: list[int] = []
    # key -> (indices, the bodies' fields with the defaults, their instants' texts)
    groups: dict[tuple[Any, ...], tuple[list[int], list[dict[str, Any]], list[str | None]]] = {}
    for index, item in enumerate(items):
        if isinstance(item, Exception):
            answers[index] = item
        elif item.keys() <= _ENGINE_FIELDS or _engine_takes(item):
            fields = {**_DEFAULTS, **item}
            emergencies = fields["emergencies"]
            key = (fields["profile"], fields["consent"], tuple(emergencies) if emergencies else (), fields["subject"])
            found = groups.get(key)
            if found is None:
                found = groups[key] = ([], [], [])
            found[0].append(index)
            found[1].append(fields)
            found[2].append(fields["at"])
        else:
            scalar.append(index)
    instants: dict[str | None, datetime | InvalidInput] = {}
    for key, (members, filled, texts) in groups.items():
        # The instant first, as CheckBody.question reads it (a bad one is the error even when
        # the number is bad too); the engine takes the rest.
        for text in set(texts).difference(instants):
            try:
                instants[text] = instant(text, "at")
            except InvalidInput as error:
                instants[text] = error
        moments: list[Any] = list(map(instants.__getitem__, texts))
        timed, bodies = members, filled
        if any(isinstance(instants[text], InvalidInput) for text in set(texts)):  # (rare: one item by one)
            timed, bodies, moments = [], [], []
            for index, fields, text in zip(members, filled, texts, strict=True):
                moment = instants[text]
                if isinstance(moment, InvalidInput):
                    answers[index] = moment
                else:
                    timed.append(index)
                    bodies.append(fields)
                    moments.append(moment)
            if not timed:
                continue
        days = len({moment.date() for moment in set(moments)}) if len(moments) > 1 else 1
        if len(timed) < ENGINE_ROWS_PER_DAY * days:
            scalar.extend(timed)  # few rows per UTC day: the engine's fixed cost per day exceeds the walk's
            continue
        if not _on_arrays(service, bodies, moments, key, timed, answers):
            scalar.extend(timed)
    if scalar:
        asked: list[Asked | Exception] = []
        for index in scalar:
            body = CheckBody.model_validate(items[index])  # (valid: the same checks made it)
            try:
                question = body.question()
                asked.append((question, question.at, body.profile))
            except InvalidInput as error:
                asked.append(error)
        for index, full in zip(scalar, service.check_many(asked), strict=True):
            answers[index] = full if isinstance(full, Exception) else compact(full)
    if None in answers:  # pragma: no cover - every item is answered above
        return [answer if answer is not None else InvalidInput("not decided") for answer in answers]
    return answers  # type: ignore[return-value]  # (no None left)


def warm_up(service: Service) -> bool:
    """Import the engine and let it check its fast number path now (about 2 s, once per process)
    rather than on a client's first `detail=codes` batch; False without the batch extra. Asks
    without a history, so nothing is read from or logged to the store."""
    try:
        from ..batch import decide_numbers
    except ImportError:
        return False
    decide_numbers(["+12125550123"], "2026-11-24T15:00:00Z", policy=service.policy("courtesy"))
    return True


def compact(decision: dict[str, Any]) -> dict[str, Any]:
    """A full decision object (Decision.to_dict()) cut to the compact shape."""
    codes = sorted({reason["code"] for reason in decision["reasons"]}, key=_CODE_ORDER.__getitem__)
    return {name: codes if name == "reason_codes" else decision[name] for name in COMPACT_FIELDS}


def _engine_takes(given: dict[str, Any]) -> bool:
    """Whether every field a body gives is one the engine reads, or at its default."""
    return all(given[name] == _DEFAULTS[name] for name in given.keys() - _ENGINE_FIELDS)


def _column(values: list[Any]) -> Any:
    """One value for every row when they are all the same (the engine's faster form), else the list."""
    first = values[0]
    return first if values.count(first) == len(values) else values


def _on_arrays(service: Service, bodies: list[dict[str, Any]], moments: list[datetime], key: tuple[Any, ...],
               places: list[int], answers: list[Answer | None]) -> bool:
    """The compact decisions of bodies sharing (profile, consent, emergencies, subject), from one
    engine call, written to `answers` at the bodies' `places`; False when the engine cannot take
    them (they go to the scalar walk)."""
    import numpy as np  # the batch extra: imported when a compact batch is first asked

    from ..batch import decide_batch, ingest
    from ..batch.decisions import ACTIONS, iso_texts

    profile, consent, emergencies, subject = key
    try:
        shared = parse_fields(consent=consent, emergencies=emergencies, subject=subject)
    except InvalidInput:
        return False  # the scalar walk reports it in each item's place, after the item's own fields
    # Column by column: each field of every body (_PER_ROW's order), read in one pass.
    (numbers, _, channels, purposes, contacts, call_types, zones, regions, subdivisions, postal_codes,
     default_regions, contact_ids) = map(list, zip(*map(_ROW, bodies), strict=True))
    hints = {"default_region": _column(default_regions), "zone": _column(zones), "region": _column(regions),
             "subdivision": _column(subdivisions), "postal_code": _column(postal_codes)}
    first = moments[0]
    shared_at = moments.count(first) == len(moments)
    at: Any = first if shared_at else np.array(
        [(moment - EPOCH) // _MICROSECOND for moment in moments], dtype="datetime64[us]")  # read as UTC
    policy = service.policy(profile)
    store = service.reader()  # (a read: the decision log, if kept, is written through service.store())
    try:
        # each item is a single check: a hint it cannot read is its error, as on the scalar walk
        listed = ingest(numbers, **hints, unread_hints="reject")
        decisions = decide_batch(
            listed, at, channel=_column(channels), purpose=_column(purposes), contact=_column(contacts),
            call_type=_column(call_types), policy=policy, consent=shared["consent"],
            emergencies=shared["emergencies"], history=store,
            subject=shared["subject"], contact_id=contact_ids if any(contact_ids) else None,
        )
    except InvalidInput:
        return False
    versions = dict(decisions.versions)
    # Column by column (each distinct instant and reason mask written once), then one dict per item:
    # its lists the subscriber's and the mask's own tuples (immutable, shared; JSON arrays as lists are).
    named = (*ACTIONS, None)  # (a bad row's code, -1, names None)
    actions: list[str | None] = [named[code] for code in decisions.action.tolist()]
    at_texts = iso_texts(decisions.at[:1]) * len(bodies) if shared_at else iso_texts(decisions.at)
    reason_lists = decisions.reason_lists()
    columns = zip(places, channels, purposes, contacts, call_types, decisions.subscriber.tolist(), actions,
                  decisions.allowed.tolist(), at_texts, iso_texts(decisions.next_allowed_at),
                  iso_texts(decisions.window_closes_at), reason_lists, strict=True)
    subscribers = listed.subscribers
    placeable = listed.placeable[listed.profile].tolist() if subscribers else []  # (per subscriber)
    errors = decisions.errors
    refused: list[int] = []  # the positions without a decision
    for position, (place, channel, purpose, contact, call_type, who, action, allowed, at_text, next_text,
                   closes_text, codes) in enumerate(columns):
        error = errors.get(position) if errors else None
        if error is not None or who < 0:
            answers[place] = InvalidInput(error or "not decided")
            refused.append(position)
            continue
        subscriber = subscribers[who]
        answers[place] = {
            "number": subscriber.number, "at": at_text, "channel": channel, "purpose": purpose,
            "contact": contact, "call_type": call_type, "action": action, "allowed": allowed,
            "next_allowed_at": next_text, "window_closes_at": closes_text, "region": subscriber.region,
            "subdivision": subscriber.subdivision, "places": subscriber.places,
            "number_type": subscriber.number_type,
            # an unplaceable number reports no zones (hinted ones included), as Policy's refusal does
            "zones": subscriber.zones if placeable[who] else (),
            "reason_codes": codes, "versions": versions,
        }
    # The metrics count each decision's action and codes: by distinct (action, codes) here.
    counts = Counter(zip(actions, reason_lists, strict=True))
    for position in refused:
        counts[actions[position], reason_lists[position]] -= 1
    service.metrics.decided(counts)
    if len(refused) < len(places) and store.audit_retention() is not None:
        service.store().log_decisions([(answers[place], "http") for place in places  # type: ignore[misc]
                                       if isinstance(answers[place], dict)])
    return True
