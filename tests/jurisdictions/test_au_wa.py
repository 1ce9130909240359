"""Western Australia: state consumer law, telemarketing hours (state public holidays included)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Western Australia: telemarketing weekdays 09:00-20:00, Saturday 09:00-17:00, no
# Sunday, no public holiday incl. WA's own (WA Day, Labour Day in March, King's
# Birthday in September, observed days). The national Standard (same hours,
# national holidays) applies too. A fixed line in area code 08 may be in SA, WA,
# NT or NSW: every one's laws apply, and a subdivision hint places the contact.
PERTH = "+61 8 9123 4567"
WA = {"subdivision": "AU-WA"}
AU_WA = [
    Example(PERTH, "2026-11-24 08:59", "defer", "2026-11-24 09:00", ("outside_hours",), hints=WA),
    Example(PERTH, "2026-11-24 09:00", "call", "2026-11-24 09:00", hints=WA),
    Example(PERTH, "2026-11-24 19:59", "call", "2026-11-24 19:59", hints=WA),
    Example(PERTH, "2026-11-24 20:00", "defer", "2026-11-25 09:00", ("outside_hours",), hints=WA),
    Example(PERTH, "2026-11-28 08:59", "defer", "2026-11-28 09:00", ("outside_hours",), hints=WA),  # Saturday
    Example(PERTH, "2026-11-28 16:59", "call", "2026-11-28 16:59", hints=WA),
    Example(PERTH, "2026-11-28 17:00", "defer", "2026-11-30 09:00", ("outside_hours",), hints=WA),
    Example(PERTH, "2026-11-29 12:00", "defer", "2026-11-30 09:00", ("closed_day",), hints=WA),  # Sunday
    # WA-only public holidays: closed by the WA rule (the national Standard allows them)
    Example(PERTH, "2026-06-01 12:00", "defer", "2026-06-02 09:00", ("public_holiday",), hints=WA),  # WA Day (Mon)
    Example(PERTH, "2026-03-02 09:00", "defer", "2026-03-03 09:00", ("public_holiday",), hints=WA),  # Labour Day WA
    Example(PERTH, "2026-09-28 10:00", "defer", "2026-09-29 09:00",
            ("public_holiday",), hints=WA),  # King's Birthday WA
    Example(PERTH, "2026-04-27 10:00", "defer", "2026-04-28 09:00",
            ("public_holiday",), hints=WA),  # ANZAC Day observed
    # Christmas (Fri), Boxing Day (Sat), Sunday, Boxing Day observed in WA (Mon 28th)
    Example(PERTH, "2026-12-24 20:00", "defer", "2026-12-29 09:00", ("outside_hours",), hints=WA),
    # The same number placed in South Australia: WA's holiday does not apply there.
    Example(PERTH, "2026-06-01 12:00", "call", "2026-06-01 12:00", hints={"subdivision": "AU-SA"}),
    Example(PERTH, "2026-11-24 21:00", "sms", "2026-11-24 21:00", channel="sms", hints=WA),  # calls only
    Example(PERTH, "2026-11-29 12:00", "call", "2026-11-29 12:00", purpose="service", hints=WA),
]

# The golden grid passes no hints: the Perth number alone (area code 08) may be in
# New South Wales (Broken Hill), the Northern Territory, South Australia or Western
# Australia, so the snapshot shows the national rules and the WA rule together
# (WA Day and King's Birthday WA closed); the examples above place it by a hint.
globals().update(suite("AU-WA", AU_WA, golden_numbers=[PERTH], golden_dates=[date(2026, 6, 1), date(2026, 9, 28)]))
