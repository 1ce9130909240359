"""South Africa: Consumer Protection Act s.12 and Regulation 4 (direct marketing times)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# CPA s.12 + Reg. 4: direct marketing to consumers (calls, texts) Mon-Fri
# 08:00-20:00, Sat 09:00-13:00, no Sunday, no public holiday; lifted when the
# consumer agreed to another time.
JOHANNESBURG = "+27 11 123 4567"
ZA = [
    Example(JOHANNESBURG, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",)),
    Example(JOHANNESBURG, "2026-11-24 08:00", "call", "2026-11-24 08:00"),
    Example(JOHANNESBURG, "2026-11-24 19:59", "call", "2026-11-24 19:59"),
    Example(JOHANNESBURG, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",)),
    Example(JOHANNESBURG, "2026-11-28 08:59", "defer", "2026-11-28 09:00", ("outside_hours",)),  # Saturday
    Example(JOHANNESBURG, "2026-11-28 09:00", "call", "2026-11-28 09:00"),
    Example(JOHANNESBURG, "2026-11-28 12:59", "call", "2026-11-28 12:59"),
    Example(JOHANNESBURG, "2026-11-28 13:00", "defer", "2026-11-30 08:00", ("outside_hours",)),
    Example(JOHANNESBURG, "2026-11-29 12:00", "defer", "2026-11-30 08:00", ("closed_day",)),  # Sunday
    Example(JOHANNESBURG, "2026-09-24 12:00", "defer", "2026-09-25 08:00", ("public_holiday",)),  # Heritage Day (Thu)
    Example(JOHANNESBURG, "2026-04-02 20:00", "defer", "2026-04-04 09:00", ("outside_hours",)),  # Good Friday next
    Example(JOHANNESBURG, "2026-04-04 13:00", "defer", "2026-04-07 08:00", ("outside_hours",)),  # Sunday, Family Day
    Example(JOHANNESBURG, "2026-11-24 19:59", "sms", "2026-11-24 19:59", channel="sms"),
    Example(JOHANNESBURG, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",), channel="sms"),
    Example(JOHANNESBURG, "2026-11-29 12:00", "call", "2026-11-29 12:00", consent=True),  # consumer agreed
    Example(JOHANNESBURG, "2026-11-29 12:00", "call", "2026-11-29 12:00", contact="business"),
    Example(JOHANNESBURG, "2026-11-29 12:00", "call", "2026-11-29 12:00", purpose="collection"),
]

globals().update(suite("ZA", ZA, golden_numbers=[JOHANNESBURG], golden_dates=[date(2026, 9, 24)]))
