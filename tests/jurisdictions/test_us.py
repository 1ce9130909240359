"""United States, federal: TCPA, TSR, FDCPA / Regulation F."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from examples import Example
from jurisdiction_base import suite

from callwindow.history import History, Relationship, Suppression, SuppressionList
from callwindow.kernel.contact_history import add_months

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
    Example(LA, "2026-11-24 21:00", "defer", "2026-11-25 08:00",
            ("outside_hours",), channel="sms", purpose="collection"),
    Example(NY, "2026-11-24 23:30", "call", "2026-11-24 23:30",
            purpose="service"),  # no federal hours for service calls
    # DST: 2026-03-08 (spring forward at 02:00) and 2026-11-01 (fall back at 02:00)
    Example(NY, "2026-03-08 07:59", "defer", "2026-03-08 08:00"),
    Example(NY, "2026-03-08 08:00", "call", "2026-03-08 08:00"),
    Example(NY, "2026-11-01 07:59", "defer", "2026-11-01 08:00"),
    Example(NY, "2026-11-01 21:00", "defer", "2026-11-02 08:00"),
    # TCPA 227(b): an artificial or prerecorded voice (an AI voice too, FCC 24-17) needs prior express
    # consent, for every purpose; an autodialled call answered by a person carries the ATDS/abandonment note
    Example(NY, "2026-11-24 12:00", "block", None, ("consent_required",), call_type="prerecorded"),
    Example(NY, "2026-11-24 12:00", "block", None, ("consent_required",), purpose="personal", call_type="prerecorded"),
    Example(NY, "2026-11-24 12:00", "call", "2026-11-24 12:00", call_type="prerecorded", consent=True),
    Example(NY, "2026-11-24 20:59", "call", "2026-11-24 20:59", call_type="prerecorded", consent=True),
    Example(NY, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",), call_type="prerecorded",
            consent=True),
    Example(NY, "2026-11-24 12:00", "call", "2026-11-24 12:00", ("advisory",), call_type="automated"),
    Example(NY, "2026-11-24 12:00", "sms", "2026-11-24 12:00", channel="sms", call_type="prerecorded"),  # calls only
]

globals().update(suite("US", US, golden_numbers=[NY, LA], golden_dates=[date(2026, 3, 8), date(2026, 11, 1)]))


# Established business relationships and the National DNC Registry: since the TSR counts days
# (16 CFR 310.2(q): 540 after a purchase, 90 after an inquiry; from 2024-05-16 in the data) the
# windows are those days (the inquiry's: or the FCC's 3 months, whichever ends first); before, 18
# and 3 months (the TCPA's and the TSR's of then). A minute either side of each window's end.
EBR_WINDOWS = [
    # kind, the relationship's instant (UTC), its window's end, how the reason words it, the entry
    ("purchase", datetime(2025, 6, 20, 16, tzinfo=UTC), datetime(2026, 12, 12, 16, tzinfo=UTC), "540 days",
     "US.tcpa.ebr-purchase"),
    ("inquiry", datetime(2026, 9, 19, 16, tzinfo=UTC), datetime(2026, 12, 18, 16, tzinfo=UTC),
     "3 months or 90 days, whichever ends first", "US.tcpa.ebr-inquiry"),
    # 31 January: 3 months end on 30 April, 89 days later, a day before the 90 days
    ("inquiry", datetime(2026, 1, 31, 16, tzinfo=UTC), datetime(2026, 4, 30, 16, tzinfo=UTC),
     "3 months or 90 days, whichever ends first", "US.tcpa.ebr-inquiry"),
    ("purchase", datetime(2022, 1, 10, 16, tzinfo=UTC), datetime(2023, 7, 10, 16, tzinfo=UTC), "18 months",
     "US.tcpa.ebr-purchase-2003"),
    ("inquiry", datetime(2023, 3, 10, 16, tzinfo=UTC), datetime(2023, 6, 10, 16, tzinfo=UTC), "3 months",
     "US.tcpa.ebr-inquiry-2003"),
]


NY_E164 = "+12125550123"  # history records hold numbers in E.164


def registry_listing(at: datetime, *records: Relationship) -> History:
    found = SuppressionList("us-national", "US", at.date() - timedelta(days=3), 31, lifted_by_relationship=True,
                            source="https://telemarketing.donotcall.gov/")
    return History(suppressions=(Suppression(NY_E164, found),), lists=(found,), relationships=records)


@pytest.mark.parametrize(("kind", "start", "end", "span", "entry"), EBR_WINDOWS)
def test_a_relationship_lifts_the_registry_for_the_window_of_its_day(
        legal: Any, kind: str, start: datetime, end: datetime, span: str, entry: str) -> None:
    record = Relationship.create(NY_E164, start, kind=kind)
    for at, lifted in ((end - timedelta(minutes=1), True), (end + timedelta(minutes=1), False)):
        decision = legal.check(NY, at, history=registry_listing(at, record))  # 11:00-12:00 in New York
        codes = {reason.code.value for reason in decision.reasons}
        if lifted:
            assert decision.allowed and "business_relationship" in codes, at
            reason = next(r for r in decision.reasons if r.code.value == "business_relationship")
            assert reason.rule == entry and f"lasts {span}, until" in reason.message
        else:
            assert decision.action.value == "block" and "suppressed" in codes, at


def test_neither_law_s_window_is_exceeded(legal: Any) -> None:
    # 540 days after a purchase, and 90 days or 3 calendar months (whichever ends first) after an
    # inquiry, no exemption is left; a minute before, one is: on every start day of a year
    for offset in range(366):
        start = datetime(2025, 1, 1, 16, tzinfo=UTC) + timedelta(days=offset)
        for kind, end in (("purchase", start + timedelta(days=540)),
                          ("inquiry", min(start + timedelta(days=90), add_months(start, 3)))):
            record = Relationship.create(NY_E164, start, kind=kind)
            for at, lifted in ((end - timedelta(minutes=1), True), (end, False)):
                decision = legal.check(NY, at, history=registry_listing(at, record))
                assert decision.allowed is lifted, (kind, start, at)


def test_the_window_is_the_one_in_effect_on_the_day_of_the_call(legal: Any) -> None:
    purchase = Relationship.create(NY_E164, datetime(2023, 1, 1, 16, tzinfo=UTC), kind="purchase")
    before = datetime(2024, 5, 15, 16, tzinfo=UTC)  # 500 days later: 18 months then
    after = datetime(2024, 6, 25, 16, tzinfo=UTC)  # 541 days later: 540 days since 2024-05-16
    assert legal.check(NY, before, history=registry_listing(before, purchase)).allowed
    assert legal.check(NY, after, history=registry_listing(after, purchase)).action.value == "block"
