"""Example tables for each built-in jurisdiction, a minute either side of every
window edge and on each restricted day type. Run with the legal-minimum policy
(no courtesy, no call-duration margin) so each table isolates its law.

2026-11-24 is a Tuesday; 2026-11-28 a Saturday; 2026-11-29 a Sunday.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from examples import Example, run  # noqa: E402

# US federal. TCPA 47 CFR 64.1200(c)(1), TSR 16 CFR 310.4(c): sales calls (and
# texts, FCC 2015) 08:00-21:00 at the called party's location.
# FDCPA / Reg F 12 CFR 1006.6(b)(1)(i): collection communications 08:00-21:00.
NY = "+1 212 555 0123"  # America/New_York
LA = "+1 415 555 0123"  # America/Los_Angeles
US = [
    Example(NY, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",)),
    Example(NY, "2026-11-24 08:00", "call", "2026-11-24 08:00"),
    Example(NY, "2026-11-24 20:59", "call", "2026-11-24 20:59"),
    Example(NY, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",)),
    Example(NY, "2026-11-29 10:00", "call", "2026-11-29 10:00"),  # no day restriction federally
    Example(NY, "2026-11-24 20:59", "sms", "2026-11-24 20:59", channel="sms"),
    Example(NY, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",), channel="sms"),
    Example(LA, "2026-11-24 07:59", "defer", "2026-11-24 08:00", purpose="collection"),
    Example(LA, "2026-11-24 08:00", "call", "2026-11-24 08:00", purpose="collection"),
    Example(LA, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",), channel="sms", purpose="collection"),
    Example(NY, "2026-11-24 23:30", "call", "2026-11-24 23:30", purpose="service"),  # no federal hours for service calls
    # DST: 2026-03-08 (spring forward at 02:00) and 2026-11-01 (fall back at 02:00)
    Example(NY, "2026-03-08 07:59", "defer", "2026-03-08 08:00"),
    Example(NY, "2026-03-08 08:00", "call", "2026-03-08 08:00"),
    Example(NY, "2026-11-01 07:59", "defer", "2026-11-01 08:00"),
    Example(NY, "2026-11-01 21:00", "defer", "2026-11-02 08:00"),
]

# France, Code de la consommation D.223-9 (décret 2022-1313, from 2023-03-01):
# prospecting calls Mon-Fri 10:00-13:00 and 14:00-20:00, no weekend, no public holiday.
PARIS = "+33 1 23 45 67 89"
FR = [
    Example(PARIS, "2026-11-24 09:59", "defer", "2026-11-24 10:00", ("outside_hours",)),
    Example(PARIS, "2026-11-24 10:00", "call", "2026-11-24 10:00"),
    Example(PARIS, "2026-11-24 12:59", "call", "2026-11-24 12:59"),
    Example(PARIS, "2026-11-24 13:00", "defer", "2026-11-24 14:00", ("outside_hours",)),
    Example(PARIS, "2026-11-24 14:00", "call", "2026-11-24 14:00"),
    Example(PARIS, "2026-11-24 19:59", "call", "2026-11-24 19:59"),
    Example(PARIS, "2026-11-24 20:00", "defer", "2026-11-25 10:00", ("outside_hours",)),
    Example(PARIS, "2026-11-27 20:00", "defer", "2026-11-30 10:00"),  # Friday evening -> Monday
    Example(PARIS, "2026-11-28 11:00", "defer", "2026-11-30 10:00", ("closed_day",)),  # Saturday
    Example(PARIS, "2026-11-29 11:00", "defer", "2026-11-30 10:00", ("closed_day",)),  # Sunday
    Example(PARIS, "2026-11-11 11:00", "defer", "2026-11-12 10:00", ("public_holiday",)),  # Armistice (Wed)
    Example(PARIS, "2026-11-24 21:00", "sms", "2026-11-24 21:00", channel="sms"),  # the decree covers calls only
    Example(PARIS, "2026-11-24 09:00", "call", "2026-11-24 09:00", contact="business"),  # consumers only
    Example(PARIS, "2023-02-28 09:00", "call", "2023-02-28 09:00"),  # before the decree took effect
    Example(PARIS, "2026-03-29 09:59", "defer", "2026-03-30 10:00"),  # Sunday of the DST change
]

# Australia, Telecommunications (Telemarketing and Research Calls) Industry
# Standard 2017: Mon-Fri 09:00-20:00, Sat 09:00-17:00, no Sunday, no national public holiday.
SYDNEY = "+61 2 9876 5432"
AU = [
    Example(SYDNEY, "2026-11-24 08:59", "defer", "2026-11-24 09:00", ("outside_hours",)),
    Example(SYDNEY, "2026-11-24 09:00", "call", "2026-11-24 09:00"),
    Example(SYDNEY, "2026-11-24 19:59", "call", "2026-11-24 19:59"),
    Example(SYDNEY, "2026-11-24 20:00", "defer", "2026-11-25 09:00", ("outside_hours",)),
    Example(SYDNEY, "2026-11-28 08:59", "defer", "2026-11-28 09:00"),  # Saturday
    Example(SYDNEY, "2026-11-28 16:59", "call", "2026-11-28 16:59"),
    Example(SYDNEY, "2026-11-28 17:00", "defer", "2026-11-30 09:00", ("outside_hours",)),
    Example(SYDNEY, "2026-11-29 12:00", "defer", "2026-11-30 09:00", ("closed_day",)),  # Sunday
    Example(SYDNEY, "2026-01-26 12:00", "defer", "2026-01-27 09:00", ("public_holiday",)),  # Australia Day (Mon)
    Example(SYDNEY, "2026-11-24 21:00", "call", "2026-11-24 21:00", purpose="service"),
    # A mobile has 6 candidate zones; the contact's state narrows it.
    Example("+61 412 345 678", "2026-11-24 08:59", "defer", "2026-11-24 09:00", hints={"subdivision": "AU-VIC"}),
    Example("+61 412 345 678", "2026-11-24 09:00", "call", "2026-11-24 09:00", hints={"subdivision": "AU-VIC"}),
]

# Russia, 230-FZ art. 7 (collection): working days 08:00-22:00, weekends and
# non-working holidays 09:00-20:00, debtor's local time.
MOSCOW = "+7 495 123 45 67"
RU = [
    Example(MOSCOW, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",), purpose="collection"),
    Example(MOSCOW, "2026-11-24 08:00", "call", "2026-11-24 08:00", purpose="collection"),
    Example(MOSCOW, "2026-11-24 21:59", "call", "2026-11-24 21:59", purpose="collection"),
    Example(MOSCOW, "2026-11-24 22:00", "defer", "2026-11-25 08:00", ("outside_hours",), purpose="collection"),
    Example(MOSCOW, "2026-11-28 08:30", "defer", "2026-11-28 09:00", purpose="collection"),  # Saturday
    Example(MOSCOW, "2026-11-28 19:59", "call", "2026-11-28 19:59", purpose="collection"),
    Example(MOSCOW, "2026-11-28 20:00", "defer", "2026-11-29 09:00", purpose="collection"),  # Sunday next
    Example(MOSCOW, "2026-11-29 20:00", "defer", "2026-11-30 08:00", purpose="collection"),  # Monday next
    Example(MOSCOW, "2026-11-04 08:30", "defer", "2026-11-04 09:00", purpose="collection"),  # Unity Day (Wed)
    Example(MOSCOW, "2026-11-04 20:30", "defer", "2026-11-05 08:00", purpose="collection"),
    Example(MOSCOW, "2026-11-24 21:59", "sms", "2026-11-24 21:59", channel="sms", purpose="collection"),
    Example(MOSCOW, "2026-11-24 22:00", "defer", "2026-11-25 08:00", channel="sms", purpose="collection"),
    Example(MOSCOW, "2026-11-24 23:00", "call", "2026-11-24 23:00"),  # sales: no hours in Russian law
]

ALL = US + FR + AU + RU


@pytest.mark.parametrize("example", ALL, ids=[example.id() for example in ALL])
def test_law_example(legal, example: Example) -> None:
    run(legal, example)


def test_every_law_reason_cites_its_rule_and_source(legal) -> None:
    decision = legal.check(PARIS, "2026-11-28T10:00:00Z")
    law = [reason for reason in decision.reasons if reason.kind.value == "law"]
    assert law and all(reason.rule.startswith("FR.") and reason.source.startswith("https://") for reason in law)


def test_courtesy_never_relaxes_a_law(courtesy, legal) -> None:
    # 21:30 in New York: courtesy alone (07:00-22:00) would allow a sales call; the TCPA does not.
    decision = courtesy.check(NY, "2026-11-25T02:30:00Z")
    assert not decision.allowed
    assert "outside_hours" in {reason.code for reason in decision.reasons}
    assert decision.next_allowed_at == legal.check(NY, "2026-11-25T02:30:00Z").next_allowed_at
