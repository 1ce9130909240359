"""Alagoas (Brazil): Lei estadual 7.782/2016 (collection calls and texts)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Collection calls and texts Monday-Friday 08:00-20:00, Saturday 08:00-14:00, never Sundays or
# holidays. DDD 82 is Alagoas's: the number alone places the contact there.
MACEIO = "+55 82 91234 5678"
AL = {"subdivision": "BR-AL"}
C = "collection"
BR_AL = [
    Example(MACEIO, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",), purpose=C, hints=AL),
    Example(MACEIO, "2026-11-24 08:00", "call", "2026-11-24 08:00", purpose=C, hints=AL),
    Example(MACEIO, "2026-11-24 19:59", "call", "2026-11-24 19:59", purpose=C, hints=AL),
    Example(MACEIO, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",), purpose=C, hints=AL),
    # Saturday 14:00 -> Sunday, then Monday 30 November (an Alagoas holiday in the calendar) -> Tuesday
    Example(MACEIO, "2026-11-28 14:00", "defer", "2026-12-01 08:00", ("outside_hours",), purpose=C, hints=AL),
    Example(MACEIO, "2026-11-29 12:00", "defer", "2026-12-01 08:00", ("closed_day",), purpose=C, hints=AL),
    # 16 September (Political Emancipation of Alagoas; Wednesday in 2026)
    Example(MACEIO, "2026-09-16 12:00", "defer", "2026-09-17 08:00", ("public_holiday",), purpose=C, hints=AL),
    Example(MACEIO, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",),
            channel="sms", purpose=C, hints=AL),  # texts too
    Example(MACEIO, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",), purpose=C),  # no hint
    Example(MACEIO, "2026-11-24 19:59", "call", "2026-11-24 19:59", purpose=C),
    Example("+55 81 91234 5678", "2026-11-24 21:00", "call", "2026-11-24 21:00", purpose=C),  # Recife: not applied
    Example(MACEIO, "2015-12-31 21:00", "call", "2015-12-31 21:00", purpose=C, hints=AL),  # before the law
]

globals().update(suite("BR-AL", BR_AL, golden_numbers=[MACEIO], golden_dates=[date(2026, 9, 16)]))
