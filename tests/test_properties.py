"""Property tests of the decision engine (callwindow.policy) with hypothesis.

The main invariant (a) is checked against an independent reference: for every
candidate zone, read the wall clock at the instant with the standard library
(zone data from the pinned tzdata package), and ask every applicable rule
whether that local time of that local date is inside one of its closed windows.
Only Rule.blocked / Rule.in_effect (the rule data itself) and
calendars.day_info (the holiday calendar) are shared with the engine; the
segment compilation, DST handling and call-duration logic are not.
"""

from __future__ import annotations

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent))

import tempfile  # noqa: E402
from datetime import date, datetime, timedelta, timezone  # noqa: E402
from functools import lru_cache  # noqa: E402

import pytest  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from callwindow import Action, Channel, ContactKind, Policy, Purpose, resolve  # noqa: E402
from callwindow.calendars import day_info  # noqa: E402
from callwindow.model import RuleKind, Subscriber  # noqa: E402
from callwindow.rules import Rule, courtesy_profile  # noqa: E402
from strategies import (  # noqa: E402
    candidate_zones,
    channels,
    contacts,
    non_geographic_numbers,
    number_and_instant,
    purposes,
    tzdata_zone,
    uniform_instants,
    wall,
    wall_seconds,
)

UTC = timezone.utc
MINUTE = timedelta(minutes=1)
SECOND = timedelta(seconds=1)
DAY = 86_400

MAIN = settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BRUTE = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MEDIUM = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- policies

COMPANY_TOML = """
[company]
id = "acme"
name = "Acme contact centre"

[[rule]]
id = "acme.siesta"
title = "Nothing between 12:00 and 15:00"
source = "https://example.com/acme/contact-policy"
as_of = 2026-01-01
effective_from = 2000-01-01
confidence = "high"
[rule.closed]
every_day = ["12:00-15:00"]

[[rule]]
id = "acme.call-days"
title = "Calls on weekdays 09:30-19:45 and Saturday mornings, never Sundays or national holidays"
channels = ["call"]
holidays = "national"
source = "https://example.com/acme/contact-policy"
as_of = 2026-01-01
effective_from = 2025-06-01
effective_to = 2029-01-01
confidence = "medium"
[rule.allowed]
mon-fri = ["09:30-19:45"]
sat = ["09:00-12:00"]
sun = []
holiday = []
"""


def _company_policies() -> tuple[Policy, Policy]:
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "acme.toml"
        path.write_text(COMPANY_TOML, encoding="utf-8")
        return Policy.default(company_rules=[path]), Policy.legal_minimum(company_rules=[path])


DEFAULT = Policy.default()
LEGAL = Policy.legal_minimum()
DEFAULT_CO, LEGAL_CO = _company_policies()
SHORT_HORIZON = 3
SHORT = {
    "default": Policy(courtesy=courtesy_profile(), horizon_days=SHORT_HORIZON),
    "legal": Policy(horizon_days=SHORT_HORIZON),
    "default+company": Policy(courtesy=courtesy_profile(), company=DEFAULT_CO.company, horizon_days=SHORT_HORIZON),
}
POLICIES = {"default": DEFAULT, "legal": LEGAL, "default+company": DEFAULT_CO, "legal+company": LEGAL_CO}

# ---------------------------------------------------------------- strategies

HINT_REGIONS = ["US", "FR", "AU", "RU", "GB", "ES", "CN", "SA", "JP", "BR", "PR", "CA"]
HINT_SUBDIVISIONS = ["US-NY", "US-CA", "US-FL", "US-HI", "AU-NSW", "AU-WA", "AU-QLD", "RU-MOW", "FR-IDF"]


def hints() -> st.SearchStrategy[dict[str, str]]:
    """Mostly no hint; otherwise one zone, region or subdivision hint."""
    return st.one_of(
        st.just({}),
        st.just({}),
        st.just({}),
        st.builds(lambda zone: {"zone": zone}, st.sampled_from(candidate_zones())),
        st.builds(lambda region: {"region": region}, st.sampled_from(HINT_REGIONS)),
        st.builds(lambda subdivision: {"subdivision": subdivision}, st.sampled_from(HINT_SUBDIVISIONS)),
    )


# ---------------------------------------------------------------- reference


def _covers(rule: Rule, purpose: Purpose, channel: Channel, contact: ContactKind, country: str | None) -> bool:
    if purpose not in rule.purposes or channel not in rule.channels or contact not in rule.contacts:
        return False
    if rule.countries is not None and country not in rule.countries:
        return False
    return country not in rule.except_countries


Applied = list[tuple[Rule, "str | None", "str | None"]]


def reference_applied(policy: Policy, subscriber: Subscriber, purpose: Purpose, channel: Channel, contact: ContactKind) -> Applied:
    """(rule, calendar country, calendar subdivision) of every rule that governs the contact.

    Courtesy and company rules read the number's own country and subdivision.
    A law applies when one of the contact's places is in its jurisdiction, and
    reads that place's calendar (the place's country; its subdivision when the
    place is a subdivision, else the number's own subdivision in that country)."""
    region, own = subscriber.region, subscriber.subdivision
    general = list(policy.courtesy.rules if policy.courtesy else ()) + [rule for profile in policy.company for rule in profile.rules]
    applied: Applied = [(rule, region, own) for rule in general if _covers(rule, purpose, channel, contact, region)]
    seen: set[str] = set()
    for place in subscriber.places:
        country = place.split("-")[0]
        if "-" in place:
            subdivision = place
        elif own and own.startswith(country + "-"):
            subdivision = own
        else:
            subdivision = None
        for jurisdiction in policy.jurisdictions:
            if place not in jurisdiction.applies_to:
                continue
            for rule in jurisdiction.rules:
                if rule.id not in seen and _covers(rule, purpose, channel, contact, None):
                    seen.add(rule.id)
                    applied.append((rule, country, subdivision))
    return applied


@lru_cache(maxsize=200_000)
def closed_windows(rule: Rule, country: str | None, subdivision: str | None, day: date) -> tuple[tuple[int, int], ...]:
    if not rule.in_effect(day):
        return ()
    info = day_info(country, subdivision if rule.holiday_scope == "subdivision" else None, day)
    return rule.blocked(info)[0]


def closing_rules(instant: float, zones: tuple[str, ...], applied: Applied) -> list[tuple[str, str, str]]:
    """(rule id, zone, local time) of every rule that closes `instant` in some zone."""
    found = []
    for zone in zones:
        local = wall(instant, zone)
        seconds = wall_seconds(local)
        for rule, country, subdivision in applied:
            if any(start <= seconds < end for start, end in closed_windows(rule, country, subdivision, local.date())):
                found.append((rule.id, zone, local.isoformat()))
    return found


def free_at(instant: float, zones: tuple[str, ...], applied: Applied) -> bool:
    for zone in zones:
        local = wall(instant, zone)
        seconds = wall_seconds(local)
        day = local.date()
        for rule, country, subdivision in applied:
            for start, end in closed_windows(rule, country, subdivision, day):
                if start <= seconds < end:
                    return False
    return True


def reference_allowed(instant: int, zones: tuple[str, ...], applied: Applied, need: int) -> bool:
    """Allowed at a whole-second instant: free at every second of [instant, instant + need]
    (the engine's rule: the free stretch must last more than `need` seconds)."""
    if not free_at(instant, zones, applied) or not free_at(instant + need, zones, applied):
        return False
    return all(free_at(instant + k, zones, applied) for k in range(1, need))


def need_of(policy: Policy, channel: Channel) -> int:
    seconds = policy.call_duration.total_seconds() if channel is Channel.CALL else 0
    assert seconds == int(seconds)
    return int(seconds)


def _ts(moment: datetime) -> int:
    value = moment.timestamp()
    assert value == int(value)
    return int(value)


# ---------------------------------------------------------------- (a) never allowed outside the windows


def test_policy_settings() -> None:
    assert DEFAULT.call_duration == timedelta(minutes=3)
    assert LEGAL.call_duration == timedelta(0)
    assert DEFAULT_CO.call_duration == timedelta(minutes=3)
    assert [rule.kind for profile in DEFAULT_CO.company for rule in profile.rules] == [RuleKind.COMPANY] * 2


@MAIN
@given(
    number_at=number_and_instant(),
    channel=channels,
    purpose=purposes,
    contact=contacts,
    policy_name=st.sampled_from(sorted(POLICIES)),
    hint=hints(),
    fraction=st.sampled_from((0.25, 0.5, 0.999)),
)
def test_decision_matches_reference(number_at, channel, purpose, contact, policy_name, hint, fraction) -> None:
    number, at = number_at
    policy = POLICIES[policy_name]
    subscriber = resolve(number, **hint)
    assert subscriber.zones, subscriber
    decision = policy.check(number, at, channel=channel, purpose=purpose, contact=contact, **hint)
    assert decision.zones == subscriber.zones
    assert decision.channel is channel

    applied = reference_applied(policy, subscriber, purpose, channel, contact)
    assert [rule.id for rule, _, _ in applied] == [
        rule.id for rule in policy.applicable_rules(subscriber, purpose, channel, contact)
    ]
    instant = _ts(at)
    for zone in subscriber.zones:
        expected = wall(instant, zone)
        got = decision.local_times[zone]
        # (Compared field by field: PEP 495 makes aware datetimes of different tzinfo
        # objects unequal inside a fold even when they are the same reading.)
        assert got.timestamp() == instant, (zone, got, expected)
        assert got.replace(tzinfo=None) == expected.replace(tzinfo=None), (zone, got, expected)
        assert got.utcoffset() == expected.utcoffset() and got.fold == expected.fold, (zone, got, expected)

    need = need_of(policy, channel)
    allowed = reference_allowed(instant, subscriber.zones, applied, need)
    if decision.allowed and not allowed:
        late = [k for k in range(need + 1) if not free_at(instant + k, subscriber.zones, applied)]
        raise AssertionError(
            f"{policy_name}: {decision.action} returned for {number} {hint} at {at} ({channel}, {purpose}, {contact}) "
            f"but closed by {closing_rules(instant + late[0], subscriber.zones, applied)} "
            f"({late[0]} s after the start; call duration {need} s)"
        )
    if allowed and not decision.allowed:
        raise AssertionError(
            f"{policy_name}: {decision.action} for {number} {hint} at {at} ({channel}, {purpose}, {contact}) "
            f"but every rule allows it; reasons {[r.to_dict() for r in decision.reasons]}"
        )
    assert decision.action in (Action.CALL, Action.SMS, Action.DEFER)
    if decision.action is Action.SMS and channel is Channel.CALL:
        # A text recommended instead of a call must itself be allowed.
        sms_applied = reference_applied(policy, subscriber, purpose, Channel.SMS, contact)
        assert free_at(instant, subscriber.zones, sms_applied), closing_rules(instant, subscriber.zones, sms_applied)
        assert policy.courtesy is not None and not decision.allowed
    if decision.allowed:
        assert decision.next_allowed_at == at
    else:
        assert decision.next_allowed_at is None or decision.next_allowed_at > at
        assert decision.window_closes_at is None
        assert decision.reasons
    # Rule edges are whole seconds: a fraction of a second later is the same answer.
    later = policy.check(number, at + timedelta(seconds=fraction), channel=channel, purpose=purpose, contact=contact, **hint)
    assert later.allowed == decision.allowed, (at, fraction)


# ---------------------------------------------------------------- (b), (c) next_allowed_at and window_closes_at


def _decide(policy: Policy, subscriber: Subscriber, moment: datetime, channel, purpose, contact):
    return policy.decide(subscriber, moment, channel, purpose, contact)


@BRUTE
@given(
    number_at=number_and_instant(),
    channel=channels,
    purpose=purposes,
    contact=contacts,
    policy_name=st.sampled_from(sorted(SHORT)),
    hint=hints(),
)
def test_next_allowed_at_is_the_first_allowed_instant(number_at, channel, purpose, contact, policy_name, hint) -> None:
    number, at = number_at
    policy = SHORT[policy_name]
    subscriber = resolve(number, **hint)
    decision = _decide(policy, subscriber, at, channel, purpose, contact)
    if decision.allowed:
        assert decision.next_allowed_at == at
        return
    found = decision.next_allowed_at
    horizon_end = at + timedelta(days=SHORT_HORIZON)
    applied = reference_applied(policy, subscriber, purpose, channel, contact)
    need = need_of(policy, channel)
    if found is not None:
        assert at < found < horizon_end
        assert _decide(policy, subscriber, found, channel, purpose, contact).allowed
        assert reference_allowed(_ts(found), subscriber.zones, applied, need), (found, closing_rules(_ts(found), subscriber.zones, applied))
        before = found - SECOND
        assert not _decide(policy, subscriber, before, channel, purpose, contact).allowed
        assert not reference_allowed(_ts(before), subscriber.zones, applied, need)
    end = found if found is not None else horizon_end
    moment = datetime.fromtimestamp((_ts(at) // 60 + 1) * 60, UTC)  # the next whole minute
    while moment < end:
        assert not _decide(policy, subscriber, moment, channel, purpose, contact).allowed, (number, hint, at, moment, found)
        moment += MINUTE


@MEDIUM
@given(
    number_at=number_and_instant(),
    channel=channels,
    purpose=purposes,
    contact=contacts,
    policy_name=st.sampled_from(sorted(SHORT)),
    hint=hints(),
)
def test_window_closes_at_is_the_end_of_the_allowed_stretch(number_at, channel, purpose, contact, policy_name, hint) -> None:
    number, at = number_at
    policy = SHORT[policy_name]
    subscriber = resolve(number, **hint)
    decision = _decide(policy, subscriber, at, channel, purpose, contact)
    if not decision.allowed:
        assert decision.window_closes_at is None
        return
    closes = decision.window_closes_at
    applied = reference_applied(policy, subscriber, purpose, channel, contact)
    need = need_of(policy, channel)
    if closes is None:
        # Allowed for the whole horizon: probe it.
        for hours in range(0, SHORT_HORIZON * 24, 5):
            moment = at + timedelta(hours=hours, minutes=hours)
            assert _decide(policy, subscriber, moment, channel, purpose, contact).allowed, moment
        return
    assert closes > at
    last = closes - SECOND
    assert _decide(policy, subscriber, last, channel, purpose, contact).allowed, (at, closes)
    assert not _decide(policy, subscriber, closes, channel, purpose, contact).allowed, (at, closes)
    assert reference_allowed(_ts(last), subscriber.zones, applied, need)
    assert not reference_allowed(_ts(closes), subscriber.zones, applied, need)
    # The allowed stretch is contiguous (probed every 7 minutes, bounded).
    moment = at + timedelta(minutes=7)
    while moment < min(closes, at + timedelta(days=1)):
        assert _decide(policy, subscriber, moment, channel, purpose, contact).allowed, (at, moment, closes)
        moment += timedelta(minutes=7)


# ---------------------------------------------------------------- (d) determinism


@MEDIUM
@given(
    number_at=number_and_instant(),
    channel=channels,
    purpose=purposes,
    contact=contacts,
    legal=st.booleans(),
    hint=hints(),
)
def test_decisions_are_deterministic(number_at, channel, purpose, contact, legal, hint) -> None:
    number, at = number_at
    policy = LEGAL if legal else DEFAULT
    options = dict(channel=channel, purpose=purpose, contact=contact, **hint)
    first = policy.check(number, at, **options).to_dict()
    assert policy.check(number, at, **options).to_dict() == first
    fresh = Policy.legal_minimum() if legal else Policy.default()
    assert fresh.check(number, at, **options).to_dict() == first
    text = at.isoformat().replace("+00:00", "Z")
    assert policy.check(number, text, channel=channel.value, purpose=purpose.value, contact=contact.value, **hint).to_dict() == first


# ---------------------------------------------------------------- (e) numbers with no zone


@settings(max_examples=400, deadline=None)
@given(
    number=st.sampled_from(non_geographic_numbers()),
    at=uniform_instants(),
    channel=channels,
    purpose=purposes,
    contact=contacts,
    policy_name=st.sampled_from(sorted(POLICIES)),
    hint=hints(),
)
def test_numbers_without_zone_are_blocked(number, at, channel, purpose, contact, policy_name, hint) -> None:
    decision = POLICIES[policy_name].check(number, at, channel=channel, purpose=purpose, contact=contact, **hint)
    assert decision.action is Action.BLOCK, decision.to_dict()
    assert not decision.allowed
    assert decision.next_allowed_at is None and decision.window_closes_at is None
    assert decision.zones == () and dict(decision.local_times) == {}
    assert "no_time_zone" in [reason.code for reason in decision.reasons]


def test_non_geographic_examples_exist() -> None:
    found = non_geographic_numbers()
    assert any(number.startswith("+800") for number in found)
    assert any(number.startswith("+882") for number in found)
    assert any(number.startswith("+883") for number in found)
    for number in found:
        subscriber = resolve(number)
        assert subscriber.region is None and subscriber.zones == ()


# ---------------------------------------------------------------- (f) courtesy and company rules only restrict


@MAIN
@given(
    number_at=number_and_instant(),
    channel=channels,
    purpose=purposes,
    contact=contacts,
    hint=hints(),
)
def test_courtesy_and_company_rules_only_restrict(number_at, channel, purpose, contact, hint) -> None:
    number, at = number_at
    subscriber = resolve(number, **hint)
    got = {name: _decide(policy, subscriber, at, channel, purpose, contact) for name, policy in POLICIES.items()}
    # (stricter, laxer): whenever the stricter allows, so does the laxer, and never sooner.
    for strict, lax in (("default", "legal"), ("default+company", "default"), ("legal+company", "legal"), ("default+company", "legal+company")):
        a, b = got[strict], got[lax]
        if a.allowed:
            assert b.allowed, (strict, lax, number, hint, at, b.to_dict())
        if a.next_allowed_at is not None:
            assert b.next_allowed_at is not None and b.next_allowed_at <= a.next_allowed_at, (strict, lax, number, hint, at)
        assert a.action is not Action.BLOCK


# ---------------------------------------------------------------- (g) pinned DST days through the policy


NEW_YORK = "America/New_York"


@pytest.mark.parametrize("day", [date(2026, 3, 8), date(2026, 11, 1)], ids=str)
@pytest.mark.parametrize("channel", list(Channel), ids=str)
@pytest.mark.parametrize("purpose", [Purpose.SALES, Purpose.COLLECTION], ids=str)
def test_new_york_dst_days_every_five_minutes(day: date, channel: Channel, purpose: Purpose) -> None:
    tz = tzdata_zone(NEW_YORK)
    start = int(datetime(day.year, day.month, day.day, tzinfo=tz).timestamp())  # local midnight (no gap at 00:00)
    end = int(datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=tz).timestamp())
    assert (end - start) in (23 * 3600, 25 * 3600)
    opens = int(datetime(day.year, day.month, day.day, 8, tzinfo=tz).timestamp())
    closes = int(datetime(day.year, day.month, day.day, 21, tzinfo=tz).timestamp())
    seen = 0
    for instant in range(start, end, 300):
        local = datetime.fromtimestamp(instant, tz)
        assert local.date() == day
        at = datetime.fromtimestamp(instant, UTC)
        decision = LEGAL.check("+1 212 555 0123", at, channel=channel, purpose=purpose)
        assert decision.zones == (NEW_YORK,)
        expected = 8 * 3600 <= wall_seconds(local) < 21 * 3600
        assert decision.allowed == expected, (local.isoformat(), decision.to_dict())
        if expected:
            assert decision.window_closes_at == datetime.fromtimestamp(closes, UTC)
        elif instant < opens:
            assert decision.next_allowed_at == datetime.fromtimestamp(opens, UTC)
        else:
            next_day = day + timedelta(days=1)
            assert decision.next_allowed_at == datetime(next_day.year, next_day.month, next_day.day, 8, tzinfo=tz)
        seen += 1
    assert seen == (end - start) // 300
