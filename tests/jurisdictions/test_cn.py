"""China: China Banking Association consumer-loan collection guideline (trial, from 2026-01-30)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# CBA collection guideline: no collection 22:00-08:00 without the debtor's consent.
BEIJING = "+86 10 1234 5678"
C = "collection"
CN = [
    Example(BEIJING, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",), purpose=C),
    Example(BEIJING, "2026-11-24 08:00", "call", "2026-11-24 08:00", purpose=C),
    Example(BEIJING, "2026-11-24 21:59", "call", "2026-11-24 21:59", purpose=C),
    Example(BEIJING, "2026-11-24 22:00", "defer", "2026-11-25 08:00", ("outside_hours",), purpose=C),
    Example(BEIJING, "2026-11-29 08:00", "call", "2026-11-29 08:00", purpose=C),  # Sunday: no day rule
    Example(BEIJING, "2026-10-01 08:00", "call", "2026-10-01 08:00", purpose=C),  # National Day: no day rule
    Example(BEIJING, "2026-11-24 21:59", "sms", "2026-11-24 21:59", channel="sms", purpose=C),
    Example(BEIJING, "2026-11-24 22:00", "defer", "2026-11-25 08:00", ("outside_hours",), channel="sms", purpose=C),
    Example(BEIJING, "2026-11-24 23:00", "call", "2026-11-24 23:00", purpose=C, consent=True),  # debtor consented
    Example(BEIJING, "2026-11-24 23:00", "call", "2026-11-24 23:00", purpose=C, contact="business"),  # consumer loans
    Example(BEIJING, "2026-01-29 23:00", "call", "2026-01-29 23:00", purpose=C),  # before the guideline
    Example(BEIJING, "2026-01-30 07:59", "defer", "2026-01-30 08:00", ("outside_hours",), purpose=C),  # first day
    Example(BEIJING, "2026-11-24 23:00", "call", "2026-11-24 23:00"),  # sales: no hours sourced
]

globals().update(suite("CN", CN, golden_numbers=[BEIJING], golden_dates=[date(2026, 1, 29), date(2026, 1, 30)]))
