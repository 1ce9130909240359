"""Property tests of the decision engine (callwindow.policy) with hypothesis.

The main invariant (a) is checked against an independent reference: for every
candidate zone (and every fixed zone a statute names), read the wall clock at
the instant with the standard library (zone data from the pinned tzdata
package), and ask every applicable rule whether that local time of that local
date is inside one of its closed windows; a call also needs the whole expected
call length free. Only Rule.blocked (the rule data itself) and
calendars.day_info (the holiday calendar) are shared with the engine; which
rules apply, effective dates, consent and emergencies, the segment compilation,
DST handling and the call-duration logic are reimplemented here.

Example budgets are per invariant (tests/budget.py): a fixed number in CI, at least
100,000 each under HYPOTHESIS_PROFILE=deep; (g) walks every 5 minutes of the two New
York DST days in both profiles.
"""

from __future__ import annotations

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent))

import tempfile
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

import pytest
from budget import budget
from hypothesis import given
from hypothesis import strategies as st
from strategies import (
    candidate_zones,
    channels,
    contacts,
    example_numbers,
    non_geographic_numbers,
    number_and_instant,
    purposes,
    tzdata_zone,
    uniform_instants,
    wall,
    wall_seconds,
)

from callwindow import Action, Channel, ContactKind, Policy, Purpose, resolve
from callwindow.calendars import day_info
from callwindow.model import CallType, RuleKind, Subscriber
from callwindow.rules import Rule, load_profile

UTC = UTC
MINUTE = timedelta(minutes=1)
SECOND = timedelta(seconds=1)
DAY = 86_400


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
# The shipped policies (31-day search horizon).
POLICIES = {"default": DEFAULT, "legal": LEGAL, "default+company": DEFAULT_CO, "legal+company": LEGAL_CO}

# The same rules with a short search horizon. Whether a contact is allowed at an
# instant does not depend on the horizon; only how far next_allowed_at is searched
# does. A contact that is never allowed (a Russian mobile with 11 time zones, a
# business contact) costs a 31-day walk per check on the shipped horizon, so the
# high-count property tests use these to stay fast, and bounded brute forces
# can cover the whole horizon.
SHORT_HORIZON = 2


def _short(policy: Policy) -> Policy:
    return Policy(courtesy=policy.courtesy, company=policy.company, horizon_days=SHORT_HORIZON)


SHORT = {name: _short(policy) for name, policy in POLICIES.items()}

# ---------------------------------------------------------------- strategies


def _jurisdiction_places() -> list[str]:
    return sorted({place for jurisdiction in DEFAULT.jurisdictions for place in jurisdiction.applies_to})


# Hints and emergencies name places that have laws (and a few that do not).
HINT_REGIONS = sorted({place for place in _jurisdiction_places() if "-" not in place} | {"GB", "JP", "BR", "IS"})
HINT_SUBDIVISIONS = sorted({place for place in _jurisdiction_places() if "-" in place} | {"US-HI", "AU-NSW", "RU-MOW"})
EMERGENCY_PLACES = sorted(
    {"US", "US-LA", "US-FL", "US-NY", "US-CA", "US-TX", "AU", "FR", "RU", "PR"} | set(HINT_SUBDIVISIONS[:8])
)


def emergencies() -> st.SearchStrategy[frozenset[str]]:
    """Places under a declared state of emergency (mostly none)."""
    return st.one_of(st.just(frozenset()), st.frozensets(st.sampled_from(EMERGENCY_PLACES), min_size=1, max_size=3))


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


def _covers(rule: Rule, purpose: Purpose, channel: Channel, contact: ContactKind, country: str | None,
            call_type: CallType = CallType.LIVE) -> bool:
    if purpose not in rule.purposes or channel not in rule.channels or contact not in rule.contacts:
        return False
    if call_type not in rule.call_types:  # docs/rule-data.md: `call_types`, default all three
        return False
    if rule.countries is not None and country not in rule.countries:
        return False
    return country not in rule.except_countries


def _switched_on(rule: Rule, places, consent: bool, emergencies: frozenset[str], contract: bool = False) -> bool:
    """docs/rule-data.md: `lifted_by = ["consent"]` drops the rule when consent is
    given (`["contract"]`: when the call relates to an ongoing contract); `when =
    "state_of_emergency"` applies it only in the places passed in `emergencies`;
    `effect = "note"` rules close nothing."""
    if rule.effect == "note":
        return False
    if consent and "consent" in rule.lifted_by:
        return False
    if contract and "contract" in rule.lifted_by:
        return False
    if rule.when == "state_of_emergency" and not set(places) & emergencies:
        return False
    return True


# (rule, calendar country, calendar subdivision)
Applied = list[tuple[Rule, "str | None", "str | None"]]


def reference_applied(
    policy: Policy, subscriber: Subscriber, purpose: Purpose, channel: Channel, contact: ContactKind,
    consent: bool = False, emergencies: frozenset[str] = frozenset(), call_type: CallType = CallType.LIVE,
    contract: bool = False,
) -> Applied:
    """Every rule that restricts the contact, with the calendar it reads days in.

    Courtesy and company rules: once for every country among the contact's
    places (the number's own region when there are none), with that country's
    calendar and the contact's subdivision when it is in that country.
    Laws: when one of the contact's places is in the jurisdiction, with that
    place's calendar (its country; the place itself when it is a subdivision,
    else the contact's subdivision when it is in that country); a law reached
    through two places is applied once, for the first."""
    own = subscriber.subdivision

    def subdivision_in(country: str | None) -> str | None:
        return own if own and country and own.startswith(country + "-") else None

    general = list(policy.courtesy.rules if policy.courtesy else ()) + [
        rule for profile in policy.company for rule in profile.rules
    ]
    countries = list(dict.fromkeys(place.split("-")[0] for place in subscriber.places)) or [subscriber.region]
    applied: Applied = []
    for country in countries:
        for rule in general:
            if _covers(rule, purpose, channel, contact, country, call_type) and _switched_on(
                rule, subscriber.places, consent, emergencies, contract
            ):
                applied.append((rule, country, subdivision_in(country)))
    seen: set[str] = set()
    for place in subscriber.places:
        country = place.split("-")[0]
        subdivision = place if "-" in place else subdivision_in(country)
        for jurisdiction in policy.jurisdictions:
            if place not in jurisdiction.applies_to:
                continue
            for rule in jurisdiction.rules:
                if rule.id in seen or not _covers(rule, purpose, channel, contact, None, call_type):
                    continue
                if not _switched_on(rule, (place,), consent, emergencies, contract):
                    continue
                seen.add(rule.id)
                applied.append((rule, country, subdivision))
    return applied


@lru_cache(maxsize=200_000)
def closed_windows(rule: Rule, country: str | None, subdivision: str | None, day: date) -> tuple[tuple[int, int], ...]:
    # (Dates compared here rather than with Rule.in_effect, to stay independent.)
    if day < rule.effective_from or (rule.effective_to is not None and day >= rule.effective_to):
        return ()
    info = day_info(country, subdivision if rule.holiday_scope == "subdivision" else None, day)
    return rule.blocked(info)[0]


def _zones_of(rule: Rule, zones: tuple[str, ...]) -> tuple[str, ...]:
    """The contact's zones, plus the fixed zones a statute names (read there too)."""
    return zones + tuple(zone for zone in rule.also_zones if zone not in zones)


def closing_rules(instant: float, zones: tuple[str, ...], applied: Applied) -> list[tuple[str, str, str, str]]:
    """(rule id, effect, zone, local time) of every rule that closes `instant` in some zone."""
    found = []
    for rule, country, subdivision in applied:
        for zone in _zones_of(rule, zones):
            local = wall(instant, zone)
            seconds = wall_seconds(local)
            if any(start <= seconds < end for start, end in closed_windows(rule, country, subdivision, local.date())):
                found.append((rule.id, rule.effect, zone, local.isoformat()))
    return found


def free_at(instant: float, zones: tuple[str, ...], applied: Applied) -> bool:
    """No applicable rule closes `instant` in any zone (closing_rules, stopping early)."""
    for rule, country, subdivision in applied:
        for zone in _zones_of(rule, zones):
            local = wall(instant, zone)
            seconds = wall_seconds(local)
            for start, end in closed_windows(rule, country, subdivision, local.date()):
                if start <= seconds < end:
                    return False
    return True


def reference_allowed(instant: int, zones: tuple[str, ...], applied: Applied, need: int) -> bool:
    """Allowed at a whole-second instant: free at every second of [instant, instant + need]
    (the engine's rule: the free stretch must last more than `need` seconds; rule
    edges are whole seconds, so whole seconds are enough)."""
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
    assert LEGAL_CO.call_duration == timedelta(0)
    assert [rule.kind for profile in DEFAULT_CO.company for rule in profile.rules] == [RuleKind.COMPANY] * 2
    for name, policy in SHORT.items():
        assert policy.call_duration == POLICIES[name].call_duration
        assert policy.text_instead == POLICIES[name].text_instead


_REFERENCE_INPUTS = {
    "number_at": number_and_instant(),
    "channel": channels,
    "purpose": purposes,
    "contact": contacts,
    "policy_name": st.sampled_from(sorted(POLICIES)),
    "hint": hints(),
    "consent": st.booleans(),
    "emergencies": emergencies(),
    "fraction": st.sampled_from((0.25, 0.5, 0.999)),
    "call_type": st.sampled_from(list(CallType)),
    "contract": st.booleans(),
}


@budget(1000)
@given(**_REFERENCE_INPUTS)
def test_decision_matches_reference(
    number_at,
    channel,
    purpose,
    contact,
    policy_name,
    hint,
    consent,
    emergencies,
    fraction,
    call_type,
    contract,
) -> None:
    """(a) with the short-horizon policies: many examples."""
    _check_against_reference(
        SHORT[policy_name], policy_name, number_at, channel, purpose, contact, hint, consent, emergencies, fraction,
        call_type, contract,
    )


@budget(300)
@given(**_REFERENCE_INPUTS)
def test_shipped_policies_match_reference(
    number_at,
    channel,
    purpose,
    contact,
    policy_name,
    hint,
    consent,
    emergencies,
    fraction,
    call_type,
    contract,
) -> None:
    """(a) with the shipped policies themselves (31-day horizon)."""
    _check_against_reference(
        POLICIES[policy_name], policy_name, number_at, channel, purpose, contact, hint, consent, emergencies, fraction,
        call_type, contract,
    )


def _check_against_reference(
    policy,
    policy_name,
    number_at,
    channel,
    purpose,
    contact,
    hint,
    consent,
    emergencies,
    fraction,
    call_type=CallType.LIVE,
    contract=False,
) -> None:
    number, at = number_at
    subscriber = resolve(number, **hint)
    assert subscriber.zones, subscriber
    options = dict(
        channel=channel, purpose=purpose, contact=contact, consent=consent, emergencies=sorted(emergencies),
        call_type=call_type, contract=contract, **hint
    )
    decision = policy.check(number, at, **options)
    assert decision.zones == subscriber.zones
    assert decision.channel is channel
    where = (
        f"{policy_name}: {number} {hint} consent={consent} emergencies={sorted(emergencies)} "
        f"at {at} ({channel}, {purpose}, {contact}, {call_type}, contract={contract})"
    )

    applied = reference_applied(policy, subscriber, purpose, channel, contact, consent, emergencies, call_type,
                                contract)
    engine_rules = policy.applicable_rules(
        subscriber, purpose, channel, contact, consent=consent, emergencies=emergencies, call_type=call_type,
        contract=contract,
    )
    assert sorted({rule.id for rule, _, _ in applied}) == sorted({rule.id for rule in engine_rules}), where
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
    closing_now = closing_rules(instant, subscriber.zones, applied)
    if decision.allowed and not allowed:
        late = [k for k in range(need + 1) if not free_at(instant + k, subscriber.zones, applied)]
        raise AssertionError(
            f"{where}: {decision.action} returned but closed by "
            f"{closing_rules(instant + late[0], subscriber.zones, applied)} "
            f"({late[0]} s after the start; call duration {need} s)"
        )
    if allowed and not decision.allowed:
        raise AssertionError(
            f"{where}: {decision.action} but every rule allows it; "
            f"reasons {[r.to_dict() for r in decision.reasons]}"
        )

    blocking = [found for found in closing_now if found[1] == "block"]
    if blocking:
        assert decision.action is Action.BLOCK, (where, blocking, decision.to_dict())
    else:
        assert decision.action is not Action.BLOCK, (where, decision.to_dict())
    if decision.action is Action.SMS and channel is Channel.CALL:
        # A text recommended instead of a call must itself be allowed.
        sms_applied = reference_applied(policy, subscriber, purpose, Channel.SMS, contact, consent, emergencies,
                                        call_type, contract)
        assert free_at(instant, subscriber.zones, sms_applied), closing_rules(instant, subscriber.zones, sms_applied)
        assert policy.courtesy is not None and not decision.allowed
    if decision.allowed:
        assert decision.next_allowed_at == at
    else:
        assert decision.next_allowed_at is None or decision.next_allowed_at > at
        assert decision.window_closes_at is None
        assert decision.reasons
    # Rule edges are whole seconds: a fraction of a second later is the same answer.
    later = policy.check(number, at + timedelta(seconds=fraction), **options)
    assert later.allowed == decision.allowed, (where, fraction)


# ---------------------------------------------------------------- (b), (c) next_allowed_at and window_closes_at


def _decide(
    policy: Policy,
    subscriber: Subscriber,
    moment: datetime,
    channel,
    purpose,
    contact,
    consent=False,
    emergencies=frozenset(),
):
    return policy.decide(subscriber, moment, channel, purpose, contact, consent=consent, emergencies=emergencies)


@budget(300)
@given(
    number_at=number_and_instant(),
    channel=channels,
    purpose=purposes,
    contact=contacts,
    policy_name=st.sampled_from(sorted(SHORT)),
    hint=hints(),
    consent=st.booleans(),
    emergencies=emergencies(),
)
def test_next_allowed_at_is_the_first_allowed_instant(
    number_at,
    channel,
    purpose,
    contact,
    policy_name,
    hint,
    consent,
    emergencies,
) -> None:
    number, at = number_at
    policy = SHORT[policy_name]
    subscriber = resolve(number, **hint)
    extra = {"consent": consent, "emergencies": emergencies}

    def allowed_at(moment: datetime) -> bool:
        return _decide(policy, subscriber, moment, channel, purpose, contact, **extra).allowed

    decision = _decide(policy, subscriber, at, channel, purpose, contact, **extra)
    if decision.allowed:
        assert decision.next_allowed_at == at
        return
    found = decision.next_allowed_at
    if decision.action is Action.BLOCK:
        assert found is None  # never (until what lifts the rule is given): nothing to search
        return
    horizon_end = at + timedelta(days=SHORT_HORIZON)
    applied = reference_applied(policy, subscriber, purpose, channel, contact, consent, emergencies)
    need = need_of(policy, channel)
    if found is not None:
        assert at < found < horizon_end
        assert allowed_at(found)
        assert reference_allowed(_ts(found), subscriber.zones, applied, need), (
            found,
            closing_rules(_ts(found), subscriber.zones, applied),
        )
        before = found - SECOND
        assert not allowed_at(before)
        assert not reference_allowed(_ts(before), subscriber.zones, applied, need)
    end = found if found is not None else horizon_end
    moment = datetime.fromtimestamp((_ts(at) // 60 + 1) * 60, UTC)  # the next whole minute
    while moment < end:
        assert not allowed_at(moment), (number, hint, at, moment, found)
        moment += MINUTE


@budget(500)
@given(
    number_at=number_and_instant(),
    channel=channels,
    purpose=purposes,
    contact=contacts,
    policy_name=st.sampled_from(sorted(SHORT)),
    hint=hints(),
    consent=st.booleans(),
    emergencies=emergencies(),
)
def test_window_closes_at_is_the_end_of_the_allowed_stretch(
    number_at,
    channel,
    purpose,
    contact,
    policy_name,
    hint,
    consent,
    emergencies,
) -> None:
    number, at = number_at
    policy = SHORT[policy_name]
    subscriber = resolve(number, **hint)
    extra = {"consent": consent, "emergencies": emergencies}

    def allowed_at(moment: datetime) -> bool:
        return _decide(policy, subscriber, moment, channel, purpose, contact, **extra).allowed

    decision = _decide(policy, subscriber, at, channel, purpose, contact, **extra)
    if not decision.allowed:
        assert decision.window_closes_at is None
        return
    closes = decision.window_closes_at
    applied = reference_applied(policy, subscriber, purpose, channel, contact, consent, emergencies)
    need = need_of(policy, channel)
    if closes is None:
        # Allowed to the end of the horizon (window_closes_at is only searched that far): probe it.
        for hours in range(0, SHORT_HORIZON * 24, 5):
            moment = at + timedelta(hours=hours, minutes=hours)
            assert allowed_at(moment), moment
        return
    assert closes > at
    last = closes - SECOND
    assert allowed_at(last), (at, closes)
    assert not allowed_at(closes), (at, closes)
    assert reference_allowed(_ts(last), subscriber.zones, applied, need)
    assert not reference_allowed(_ts(closes), subscriber.zones, applied, need)
    # The allowed stretch is contiguous (probed every 7 minutes, bounded).
    moment = at + timedelta(minutes=7)
    while moment < min(closes, at + timedelta(days=1)):
        assert allowed_at(moment), (at, moment, closes)
        moment += timedelta(minutes=7)


# ---------------------------------------------------------------- (d) determinism


@budget(300)
@given(
    number_at=number_and_instant(),
    channel=channels,
    purpose=purposes,
    contact=contacts,
    legal=st.booleans(),
    hint=hints(),
    consent=st.booleans(),
    emergencies=emergencies(),
)
def test_decisions_are_deterministic(number_at, channel, purpose, contact, legal, hint, consent, emergencies) -> None:
    number, at = number_at
    policy = LEGAL if legal else DEFAULT
    options = dict(
        channel=channel, purpose=purpose, contact=contact, consent=consent, emergencies=sorted(emergencies), **hint
    )
    first = policy.check(number, at, **options).to_dict()
    assert policy.check(number, at, **options).to_dict() == first
    fresh = Policy.legal_minimum() if legal else Policy.default()
    assert fresh.check(number, at, **options).to_dict() == first
    text = at.isoformat().replace("+00:00", "Z")
    strings = dict(options, channel=channel.value, purpose=purpose.value, contact=contact.value)
    assert policy.check(number, text, **strings).to_dict() == first


# ---------------------------------------------------------------- (e) numbers with no zone


@budget(1000)
@given(
    number=st.sampled_from(non_geographic_numbers()),
    at=uniform_instants(),
    channel=channels,
    purpose=purposes,
    contact=contacts,
    policy_name=st.sampled_from(sorted(POLICIES)),
    hint=hints(),
    consent=st.booleans(),
    emergencies=emergencies(),
)
def test_numbers_without_zone_are_blocked(
    number,
    at,
    channel,
    purpose,
    contact,
    policy_name,
    hint,
    consent,
    emergencies,
) -> None:
    decision = POLICIES[policy_name].check(
        number,
        at,
        channel=channel,
        purpose=purpose,
        contact=contact,
        consent=consent,
        emergencies=sorted(emergencies),
        **hint,
    )
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


def test_every_example_number_with_zones_is_placeable() -> None:
    """Every geographic example number has zones and is never `block` for lack of them."""
    at = datetime(2026, 6, 10, 12, tzinfo=UTC)
    for number in example_numbers():
        subscriber = resolve(number)
        decision = SHORT["legal"].decide(subscriber, at, Channel.CALL, Purpose.PERSONAL, ContactKind.CONSUMER)
        if subscriber.region is None or not subscriber.zones:
            assert decision.action is Action.BLOCK, number
        else:
            assert "no_time_zone" not in [reason.code for reason in decision.reasons], number


# ---------------------------------------------------------------- (f) courtesy and company rules only restrict


@budget(500)
@given(
    number_at=number_and_instant(),
    channel=channels,
    purpose=purposes,
    contact=contacts,
    hint=hints(),
    consent=st.booleans(),
    emergencies=emergencies(),
    policy_name=st.sampled_from(sorted(SHORT)),
)
def test_courtesy_and_company_rules_only_restrict(
    number_at,
    channel,
    purpose,
    contact,
    hint,
    consent,
    emergencies,
    policy_name,
) -> None:
    number, at = number_at
    subscriber = resolve(number, **hint)
    extra = {"consent": consent, "emergencies": emergencies}
    got = {name: _decide(policy, subscriber, at, channel, purpose, contact, **extra) for name, policy in SHORT.items()}
    # (stricter, laxer): whenever the stricter allows, so does the laxer, and never sooner.
    for strict, lax in (
        ("default", "legal"),
        ("default+company", "default"),
        ("legal+company", "legal"),
        ("default+company", "legal+company"),
    ):
        a, b = got[strict], got[lax]
        where = (strict, lax, number, hint, consent, sorted(emergencies), at, channel, purpose, contact)
        if a.allowed:
            assert b.allowed, (where, b.to_dict())
        if a.next_allowed_at is not None:
            assert b.next_allowed_at is not None and b.next_allowed_at <= a.next_allowed_at, where
        if b.action is Action.BLOCK:
            assert a.action is Action.BLOCK, where  # what blocks the laxer policy blocks the stricter one
    # Consent only lifts rules and emergencies only add them.
    policy = SHORT[policy_name]
    plain = _decide(policy, subscriber, at, channel, purpose, contact)
    if plain.allowed:
        assert _decide(policy, subscriber, at, channel, purpose, contact, consent=True).allowed, (
            policy_name,
            number,
            at,
        )
    if emergencies and _decide(policy, subscriber, at, channel, purpose, contact, emergencies=emergencies).allowed:
        assert plain.allowed, (policy_name, number, at, sorted(emergencies))


# ---------------------------------------------------------------- company rules: lifted_by and when

SWITCHED_TOML = """
[company]
id = "acme-switched"

[[rule]]
id = "acme.consent-only"
title = "Personal calls only with the contact's consent"
purposes = ["personal"]
lifted_by = ["consent"]
source = "https://example.com/acme/contact-policy"
as_of = 2026-01-01
effective_from = 2000-01-01
confidence = "high"
[rule.closed]
every_day = ["00:00-24:00"]

[[rule]]
id = "acme.emergency"
title = "No service calls into a place under a declared state of emergency"
purposes = ["service"]
when = "state_of_emergency"
source = "https://example.com/acme/contact-policy"
as_of = 2026-01-01
effective_from = 2000-01-01
confidence = "high"
[rule.closed]
every_day = ["00:00-24:00"]
"""


def test_company_rules_honour_lifted_by_and_when(tmp_path: pathlib.Path) -> None:
    """docs/rule-data.md documents `lifted_by` ("the rule is dropped when consent=True")
    and `when` ("the rule applies only to places passed in emergencies") for every
    [[rule]], and load_profile accepts both in a company file. Then either the
    loader refuses them there, or the policy honours them. (Today the policy
    only honours them for laws: Policy._applicable adds courtesy and company
    rules without looking at lifted_by / when.)"""
    from callwindow import RuleDataError

    path = tmp_path / "acme.toml"
    path.write_text(SWITCHED_TOML, encoding="utf-8")
    try:
        company = load_profile(path, RuleKind.COMPANY)
    except RuleDataError:
        return  # refused at load time: consistent
    policy = Policy(company=[company], jurisdictions=())  # the company rules alone, no law
    number, at = "+44 20 7946 0958", "2026-06-10T12:00:00Z"
    # Without consent the consent rule closes every personal call...
    assert policy.check(number, at, purpose="personal").action is Action.DEFER
    # ...with consent it is dropped.
    with_consent = policy.check(number, at, purpose="personal", consent=True)
    assert with_consent.allowed, [reason.rule for reason in with_consent.reasons]
    # The emergency rule only applies where an emergency is declared.
    calm = policy.check(number, at, purpose="service")
    assert calm.allowed, [reason.rule for reason in calm.reasons]
    assert policy.check(number, at, purpose="service", emergencies=["GB"]).action is Action.DEFER


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
