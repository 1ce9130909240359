"""Example tables for each courtesy rule of the source documents (seed rules
S1-S9, ../shared/brief/seed-rules.md), through the default policy.

New York service calls are used where possible: no US law sets hours for
service calls, so only courtesy is at work. The default expected call length
is 3 minutes (S9). 2026-11-24 is a Tuesday; 2026-11-26 is Thanksgiving.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from examples import Example, run, utc

NY = "+1 212 555 0123"
SERVICE = {"purpose": "service"}

EXAMPLES = [
    # S1: no calls 22:00-07:00; S9: a call must not start within 3 minutes of the window's end.
    Example(NY, "2026-11-24 06:59", "defer", "2026-11-24 07:00", ("night",), **SERVICE),
    Example(NY, "2026-11-24 07:00", "call", "2026-11-24 07:00", **SERVICE),
    Example(NY, "2026-11-24 21:56", "call", "2026-11-24 21:56", **SERVICE),
    # 21:57: the window closes within the call's 3 minutes; the next call is 9 h away
    # and a text is allowed now, so a text is recommended (S4/S5).
    Example(NY, "2026-11-24 21:57", "sms", "2026-11-25 07:00", ("window_closing", "text_instead"), **SERVICE),
    # S5: after 22:00 a call is not convenient: text instead, but not after 23:00.
    Example(NY, "2026-11-24 22:30", "sms", "2026-11-25 07:00", ("night", "text_instead"), **SERVICE),
    Example(NY, "2026-11-24 23:30", "defer", "2026-11-25 07:00", ("night",), **SERVICE),
    Example(NY, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("night",), channel="sms", **SERVICE),
    Example(NY, "2026-11-24 08:00", "sms", "2026-11-24 08:00", channel="sms", **SERVICE),
    Example(NY, "2026-11-24 22:59", "sms", "2026-11-24 22:59", channel="sms", **SERVICE),
    Example(NY, "2026-11-24 23:00", "defer", "2026-11-25 08:00", ("night",), channel="sms", **SERVICE),
    # S2: avoid meal times (default lunch 12:00-13:00, dinner 19:00-20:00).
    Example(NY, "2026-11-24 11:56", "call", "2026-11-24 11:56", **SERVICE),
    Example(NY, "2026-11-24 11:57", "defer", "2026-11-24 13:00", ("window_closing",), **SERVICE),
    Example(NY, "2026-11-24 12:00", "defer", "2026-11-24 13:00", ("meal_time",), **SERVICE),
    Example(NY, "2026-11-24 13:00", "call", "2026-11-24 13:00", **SERVICE),
    Example(NY, "2026-11-24 19:30", "defer", "2026-11-24 20:00", ("meal_time",), **SERVICE),
    # S2 per-country customs: China's noon rest, Spain's late lunch.
    Example("+86 10 1234 5678", "2026-11-24 13:30", "defer", "2026-11-24 14:00", ("meal_time",), **SERVICE),
    Example("+34 91 123 45 67", "2026-11-24 15:00", "defer", "2026-11-24 16:00", ("meal_time",), **SERVICE),
    # S3 + S4: rest days and public holidays: no call, text first.
    Example(NY, "2026-11-28 10:00", "sms", "2026-11-30 07:00", ("closed_day", "text_instead"), **SERVICE),
    Example(NY, "2026-11-26 10:00", "sms", "2026-11-27 07:00", ("public_holiday", "text_instead"), **SERVICE),
    # Weekends per country and date: Friday-Saturday in Saudi Arabia; the UAE moved
    # to Saturday-Sunday in 2022.
    Example("+966 11 234 5678", "2026-11-27 10:00", "sms", "2026-11-29 07:00", ("closed_day",), **SERVICE),
    Example("+966 11 234 5678", "2026-11-29 10:00", "call", "2026-11-29 10:00", **SERVICE),
    Example("+971 2 234 5678", "2021-12-17 10:00", "sms", "2021-12-19 07:00", ("closed_day",), **SERVICE),
    Example("+971 2 234 5678", "2026-11-27 10:00", "call", "2026-11-27 10:00", **SERVICE),
    # S7, S8: business contacts only in working hours, not in the workday's last half hour.
    Example(NY, "2026-11-24 08:30", "defer", "2026-11-24 09:00",
            ("outside_working_hours",), contact="business", **SERVICE),
    Example(NY, "2026-11-24 17:26", "call", "2026-11-24 17:26", contact="business", **SERVICE),
    Example(NY, "2026-11-24 17:45", "sms", "2026-11-25 09:00", ("end_of_workday",), contact="business", **SERVICE),
    # S7: personal calls avoid working hours on working days, not on rest days.
    Example(NY, "2026-11-24 10:00", "sms", "2026-11-24 17:00", ("busy_hours",), purpose="personal"),
    Example(NY, "2026-11-28 10:00", "call", "2026-11-28 10:00", purpose="personal"),
]


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.id() for example in EXAMPLES])
def test_courtesy_example(courtesy, example: Example) -> None:
    decision = run(courtesy, example)
    for reason in decision.reasons:
        if reason.kind.value == "courtesy":
            assert reason.source and (reason.source.startswith("seed:S") or reason.source.startswith("https://"))


def test_holiday_reason_names_the_holiday(courtesy) -> None:
    decision = courtesy.check(NY, "2026-11-26T15:00:00Z", purpose="service")
    assert any("Thanksgiving" in reason.message for reason in decision.reasons if reason.code == "public_holiday")


def test_several_zones_must_all_allow(courtesy) -> None:
    # A New York number whose owner lives in Los Angeles: both zones count (fail
    # closed), so the call window is 07:00-22:00 in both: 10:00-22:00 New York time.
    decision = courtesy.check(NY, utc("2026-11-24 14:30"), purpose="service", zone="America/Los_Angeles")
    assert decision.zones == ("America/Los_Angeles", "America/New_York")
    assert decision.action.value == "defer"
    assert decision.next_allowed_at == utc("2026-11-24 15:00")
    codes = {reason.code for reason in decision.reasons}
    assert {"night", "hint_conflict", "several_zones"} <= codes


def test_legal_profile_has_no_courtesy(legal) -> None:
    decision = legal.check(NY, utc("2026-11-25 03:30"), purpose="service")  # 22:30 in New York
    assert decision.allowed and decision.reasons == ()


def test_company_rules_only_restrict(tmp_path) -> None:
    from callwindow import Policy

    rules = tmp_path / "company.toml"
    rules.write_text(
        """
[company]
id = "acme"
name = "ACME calling hours"

[[rule]]
id = "acme.hours"
title = "ACME calls customers 10:00-16:00 on weekdays"
source = "https://intranet.example/acme-calling-policy"
as_of = 2026-11-01
effective_from = 2026-01-01
confidence = "high"
[rule.allowed]
mon-fri = ["10:00-16:00"]
sat-sun = []
""",
        encoding="utf-8",
    )
    policy = Policy.legal_minimum(company_rules=[rules])
    early = policy.check(NY, utc("2026-11-24 14:30"), purpose="service")  # 09:30 New York
    assert early.action.value == "defer" and early.next_allowed_at == utc("2026-11-24 15:00")
    assert [(r.code, r.rule, r.kind.value) for r in early.reasons] == [("outside_hours", "acme.hours", "company")]
    # 21:30 in New York: the law closes sales calls; company rules cannot reopen them.
    assert not policy.check(NY, utc("2026-11-25 02:30")).allowed


def test_company_call_duration_is_applied(tmp_path) -> None:
    from callwindow import Policy

    rules = tmp_path / "long-calls.toml"
    rules.write_text(
        '[company]\nid = "long"\ncall_duration_minutes = 30\n\n[[rule]]\nid = "long.any"\ntitle = "Any time"\n'
        'source = "https://intranet.example/policy"\nas_of = 2026-11-01\neffective_from = 2026-01-01\n'
        'confidence = "high"\n[rule.allowed]\nevery_day = ["00:00-24:00"]\n',
        encoding="utf-8",
    )
    policy = Policy.default(company_rules=[rules])
    # 11:40 in New York, lunch at 12:00: 20 minutes is less than the company's 30.
    decision = policy.check(NY, utc("2026-11-24 16:40"), purpose="service")
    assert decision.action.value == "defer"
    assert "window_closing" in {reason.code for reason in decision.reasons}
    assert "long@" in decision.versions["rules"]


def test_courtesy_follows_every_country_the_contact_may_be_in(courtesy) -> None:
    # A French number, the contact said to be in Belgium: Belgian National Day
    # (2026-07-21, a Tuesday) is a rest day there, so no call at 10:30.
    decision = courtesy.check("+33 1 23 45 67 89", utc("2026-07-21 08:30"), purpose="service", region="BE")
    assert not decision.allowed
    assert any(r.code == "public_holiday" and "BE" not in r.rule for r in decision.reasons)
