"""Chile: Ley 19.496 art. 37 (collection calls on días hábiles 08:00-20:00) and Ley 21.320 caps."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Collection calls Monday-Saturday 08:00-20:00, never on Sundays or holidays. The weekly caps
# (Ley 21.320) need a history and are checked by the caps engine.
SANTIAGO = "+56 2 2123 4567"
C = "collection"
CL = [
    Example(SANTIAGO, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",), purpose=C),
    Example(SANTIAGO, "2026-11-24 08:00", "call", "2026-11-24 08:00", purpose=C),
    Example(SANTIAGO, "2026-11-24 19:59", "call", "2026-11-24 19:59", purpose=C),
    Example(SANTIAGO, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",), purpose=C),
    Example(SANTIAGO, "2026-11-28 19:59", "call", "2026-11-28 19:59", purpose=C),  # Saturday allowed
    Example(SANTIAGO, "2026-11-28 20:00", "defer", "2026-11-30 08:00", ("outside_hours",), purpose=C),
    Example(SANTIAGO, "2026-11-29 12:00", "defer", "2026-11-30 08:00", ("closed_day",), purpose=C),  # Sunday
    Example(SANTIAGO, "2026-12-08 12:00", "defer", "2026-12-09 08:00", ("public_holiday",), purpose=C),
    Example(SANTIAGO, "2026-11-24 22:00", "sms", "2026-11-24 22:00", channel="sms", purpose=C),  # calls only
    Example(SANTIAGO, "2026-11-24 22:00", "call", "2026-11-24 22:00"),  # sales: not covered
    Example(SANTIAGO, "1996-12-31 21:00", "call", "1996-12-31 21:00", purpose=C),  # before Ley 19.496
]

globals().update(suite("CL", CL, golden_numbers=[SANTIAGO], golden_dates=[date(2026, 12, 8)]))
