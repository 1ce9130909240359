"""Saudi Arabia: SAMA debt collection rules; CST SPAM regulation 395/1439 (promotional SMS)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# SAMA: collection calls within banks' official working hours (hours not
# sourced: working days enforced, Friday-Saturday weekend and public holidays
# closed; an advisory carries the hours). CST 395/1439: promotional SMS
# 09:00-21:00 (stricter of 09:00-22:00 and 07:00-21:00).
RIYADH = "+966 11 234 5678"
C = "collection"
SA = [
    Example(RIYADH, "2026-11-24 03:00", "call", "2026-11-24 03:00", ("advisory",), purpose=C),  # Tuesday
    Example(RIYADH, "2026-11-26 23:59", "call", "2026-11-26 23:59", ("advisory",), purpose=C),  # Thursday
    Example(RIYADH, "2026-11-27 10:00", "defer", "2026-11-29 00:00", ("closed_day", "advisory"), purpose=C),  # Friday
    Example(RIYADH, "2026-11-28 10:00", "defer", "2026-11-29 00:00", ("closed_day",), purpose=C),  # Saturday
    Example(RIYADH, "2026-11-29 10:00", "call", "2026-11-29 10:00", purpose=C),  # Sunday: a working day
    Example(RIYADH, "2026-09-23 10:00", "defer", "2026-09-24 00:00", ("public_holiday",), purpose=C),  # National Day
    Example(RIYADH, "2026-02-22 10:00", "defer", "2026-02-23 00:00", ("public_holiday",), purpose=C),  # Founding Day
    Example(RIYADH, "2026-11-27 10:00", "sms", "2026-11-27 10:00", channel="sms", purpose=C),  # calls only
    Example(RIYADH, "2026-11-24 08:59", "defer", "2026-11-24 09:00", ("outside_hours",), channel="sms"),
    Example(RIYADH, "2026-11-24 09:00", "sms", "2026-11-24 09:00", channel="sms"),
    Example(RIYADH, "2026-11-24 20:59", "sms", "2026-11-24 20:59", channel="sms"),
    Example(RIYADH, "2026-11-24 21:00", "defer", "2026-11-25 09:00", ("outside_hours",), channel="sms"),
    Example(RIYADH, "2026-11-27 09:00", "sms", "2026-11-27 09:00", channel="sms"),  # Friday: every day
    Example(RIYADH, "2026-11-24 23:00", "call", "2026-11-24 23:00"),  # sales calls: no hours sourced
    Example(RIYADH, "2017-09-20 23:00", "sms", "2017-09-20 23:00", channel="sms"),  # before 1 Muharram 1439
]

globals().update(suite("SA", SA, golden_numbers=[RIYADH], golden_dates=[date(2026, 9, 23)]))
