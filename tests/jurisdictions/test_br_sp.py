"""São Paulo (Brazil): Lei estadual 15.426/2014 (collection calls)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Collection calls Monday-Friday 08:00-20:00, Saturday 08:00-14:00, never Sundays or holidays.
# Reached only when the caller names the state: Brazilian numbers resolve to the country.
SAO_PAULO = "+55 11 91234 5678"
SP = {"subdivision": "BR-SP"}
C = "collection"
BR_SP = [
    Example(SAO_PAULO, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",), purpose=C, hints=SP),
    Example(SAO_PAULO, "2026-11-24 08:00", "call", "2026-11-24 08:00", purpose=C, hints=SP),
    Example(SAO_PAULO, "2026-11-24 19:59", "call", "2026-11-24 19:59", purpose=C, hints=SP),
    Example(SAO_PAULO, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",), purpose=C, hints=SP),
    Example(SAO_PAULO, "2026-11-28 13:59", "call", "2026-11-28 13:59", purpose=C, hints=SP),  # Saturday
    Example(SAO_PAULO, "2026-11-28 14:00", "defer", "2026-11-30 08:00", ("outside_hours",), purpose=C, hints=SP),
    Example(SAO_PAULO, "2026-11-29 12:00", "defer", "2026-11-30 08:00", ("closed_day",), purpose=C, hints=SP),
    # 9 July (Constitutionalist Revolution, a São Paulo holiday; Thursday in 2026)
    Example(SAO_PAULO, "2026-07-09 12:00", "defer", "2026-07-10 08:00", ("public_holiday",), purpose=C, hints=SP),
    Example(SAO_PAULO, "2026-11-24 21:00", "sms", "2026-11-24 21:00", channel="sms", purpose=C, hints=SP),  # calls
    Example(SAO_PAULO, "2026-11-24 21:00", "call", "2026-11-24 21:00", purpose=C),  # without the state: not applied
    Example(SAO_PAULO, "2014-05-22 21:00", "call", "2014-05-22 21:00", purpose=C, hints=SP),  # before the law
]

globals().update(suite("BR-SP", BR_SP, golden_numbers=[SAO_PAULO], golden_dates=[date(2026, 7, 9)]))
