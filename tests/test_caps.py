"""Frequency caps: every cap in data/, at its boundary (the attempt that
reaches the cap, the next one refused, the instant the window frees), and a
property test that no history lets a contact exceed a cap."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from budget import budget
from hypothesis import given
from hypothesis import strategies as st

from callwindow import Channel, ContactKind, Policy, Purpose, Subscriber, load_all, resolve
from callwindow.caps import _calendar_period, evaluate
from callwindow.history import Attempt, History, Outcome
from callwindow.rules import parse_duration

JURISDICTIONS, _ = load_all()
CAPS = [(j, cap) for j in JURISDICTIONS for cap in j.caps]
AT = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)  # a Wednesday
NUMBER = "+10000000000"  # a synthetic subscriber: only the places matter for caps


def subscriber_for(place: str) -> Subscriber:
    zone = {"US": "America/New_York", "FR": "Europe/Paris", "RU": "Europe/Moscow", "AE": "Asia/Dubai",
            "AU": "Australia/Sydney", "CA": "America/Toronto", "CO": "America/Bogota", "IE": "Europe/Dublin",
            "CN": "Asia/Shanghai", "SA": "Asia/Riyadh", "JP": "Asia/Tokyo"}.get(place.split("-")[0], "UTC")
    country = place.split("-")[0]
    return Subscriber(NUMBER, country, place if "-" in place else None, "fixed_line", (zone,), (country, place))


def outcome_for(cap) -> Outcome:  # type: ignore[no-untyped-def]
    if cap.after == "conversation":
        return Outcome.CONVERSATION
    if cap.after is not None:
        return {"refusal": Outcome.REFUSED, "no_answer": Outcome.NO_ANSWER}[cap.after]
    by_count = {"attempts": Outcome.NO_ANSWER, "contacts": Outcome.VOICEMAIL, "conversations": Outcome.CONVERSATION}
    return by_count[cap.counts]


def attempts(cap, times: list[datetime], subject: str = "debt-1") -> tuple[Attempt, ...]:  # type: ignore[no-untyped-def]
    channel = sorted(cap.channels)[0]
    purpose = sorted(cap.purposes)[0]
    return tuple(Attempt(NUMBER, when, channel, purpose, outcome_for(cap), subject) for when in sorted(times))


def hit(cap, history: tuple[Attempt, ...], at: datetime, subject: str = "debt-1", zone: str = "UTC"):  # type: ignore[no-untyped-def]
    return evaluate(cap, history, at, sorted(cap.channels)[0], sorted(cap.purposes)[0], subject, (zone,))


@pytest.mark.parametrize("jurisdiction, cap", CAPS, ids=[cap.id for _, cap in CAPS])
def test_cap_boundary(jurisdiction, cap) -> None:
    zone = subscriber_for(jurisdiction.applies_to[0]).zones[0]
    if cap.block_for is not None:
        block = timedelta(seconds=parse_duration(cap.block_for))
        trigger = AT - timedelta(hours=1)
        history = attempts(cap, [trigger])
        found = hit(cap, history, AT, zone=zone)
        assert found is not None and found.frees_at == trigger + block
        assert hit(cap, history, trigger + block - timedelta(seconds=1), zone=zone) is not None
        assert hit(cap, history, trigger + block, zone=zone) is None  # frees exactly then
        return
    seconds = parse_duration(cap.window)
    if seconds is not None:  # rolling window
        window = timedelta(seconds=seconds)
        first = AT - window + timedelta(minutes=30)
        times = [first + timedelta(minutes=index) for index in range(cap.limit)]
        assert hit(cap, attempts(cap, times[:-1]), AT, zone=zone) is None  # one below the limit: allowed
        found = hit(cap, attempts(cap, times), AT, zone=zone)  # the attempt that reaches the cap
        assert found is not None and found.counted == cap.limit
        assert found.frees_at == times[0] + window  # rolling: the oldest leaves the window
        assert hit(cap, attempts(cap, times), times[0] + window - timedelta(seconds=1), zone=zone) is not None
        assert hit(cap, attempts(cap, times), times[0] + window, zone=zone) is None
    else:  # calendar window in the contact's zone
        start, end = _calendar_period(cap.window, AT, zone)
        times = [start + timedelta(minutes=index + 1) for index in range(cap.limit)]
        assert hit(cap, attempts(cap, times[:-1]), AT, zone=zone) is None
        found = hit(cap, attempts(cap, times), AT, zone=zone)
        assert found is not None and found.frees_at == end  # frees at the next local period
        assert hit(cap, attempts(cap, times), end, zone=zone) is None
    if cap.per in ("subject", "debt", "account"):
        # Attempts about another debt or offer do not count toward this one's cap.
        assert hit(cap, attempts(cap, times, subject="other"), AT, subject="debt-1", zone=zone) is None


def test_decision_cites_the_cap_and_waits_for_it() -> None:
    policy = Policy.legal_minimum()
    number = "+1 305 555 0123"  # Florida: 3 calls per 24 h on the same subject
    first = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
    history = History(tuple(Attempt.create(number, first + timedelta(hours=h), outcome="no_answer") for h in (0, 2, 4)))
    refused = policy.check(number, first + timedelta(hours=5), history=history)
    assert refused.action.value == "defer"
    cap_reasons = [r for r in refused.reasons if r.code == "frequency_cap"]
    assert cap_reasons and cap_reasons[0].rule.startswith("US-FL.") and "3 attempts" in cap_reasons[0].message
    assert refused.next_allowed_at == first + timedelta(hours=24)  # 09:00 New York: inside the window
    assert policy.check(number, first + timedelta(hours=24), history=history).allowed


def test_history_for_other_numbers_does_not_count() -> None:
    policy = Policy.legal_minimum()
    first = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
    history = History(tuple(
        Attempt.create("+1 305 555 0199", first + timedelta(hours=h), outcome="no_answer") for h in (0, 1, 2)
    ))
    assert policy.check("+1 305 555 0123", first + timedelta(hours=3), history=history).allowed


FLORIDA = resolve("+1 305 555 0123")
START = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)


@budget(1500)
@given(
    offsets=st.lists(st.integers(min_value=0, max_value=72 * 60), max_size=8),
    at_offset=st.integers(min_value=0, max_value=96 * 60),
    channel=st.sampled_from([Channel.CALL, Channel.SMS]),
)
def test_no_history_lets_a_contact_exceed_a_cap(offsets: list[int], at_offset: int, channel: Channel) -> None:
    policy = Policy.legal_minimum()
    at = START + timedelta(minutes=at_offset)
    history = History(tuple(
        Attempt(FLORIDA.number, START + timedelta(minutes=offset), channel, Purpose.SALES, Outcome.NO_ANSWER)
        for offset in offsets
    ))
    decision = policy.decide(FLORIDA, at, channel, Purpose.SALES, ContactKind.CONSUMER, history=history)
    in_day = sum(1 for offset in offsets if at - timedelta(hours=24) < START + timedelta(minutes=offset) <= at)
    if decision.allowed:
        assert in_day < 3
    if in_day >= 3:
        assert not decision.allowed and "frequency_cap" in {r.code for r in decision.reasons}
    if decision.next_allowed_at is not None and not decision.allowed:
        later = decision.next_allowed_at
        again = policy.decide(FLORIDA, later, channel, Purpose.SALES, ContactKind.CONSUMER, history=history)
        assert again.allowed  # next_allowed_at is itself allowed, cap included
        counted = sum(
            1 for offset in offsets if later - timedelta(hours=24) < START + timedelta(minutes=offset) <= later
        )
        assert counted < 3
