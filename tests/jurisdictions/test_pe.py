"""Peru: Código de Protección y Defensa del Consumidor art. 62 (collection calls)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Art. 62(b): no collection calls 20:00-07:00, nor on Saturdays, Sundays or holidays.
LIMA = "+51 1 234 5678"
C = "collection"
PE = [
    Example(LIMA, "2026-11-24 06:59", "defer", "2026-11-24 07:00", ("outside_hours",), purpose=C),
    Example(LIMA, "2026-11-24 07:00", "call", "2026-11-24 07:00", purpose=C),
    Example(LIMA, "2026-11-24 19:59", "call", "2026-11-24 19:59", purpose=C),
    Example(LIMA, "2026-11-24 20:00", "defer", "2026-11-25 07:00", ("outside_hours",), purpose=C),
    Example(LIMA, "2026-11-27 20:00", "defer", "2026-11-30 07:00", ("outside_hours",), purpose=C),  # Friday
    Example(LIMA, "2026-11-28 12:00", "defer", "2026-11-30 07:00", ("closed_day",), purpose=C),  # Saturday
    Example(LIMA, "2026-11-29 12:00", "defer", "2026-11-30 07:00", ("closed_day",), purpose=C),  # Sunday
    # Immaculate Conception (Tue 8 Dec) and Battle of Ayacucho (Wed 9 Dec): Thursday
    Example(LIMA, "2026-12-08 12:00", "defer", "2026-12-10 07:00", ("public_holiday",), purpose=C),
    Example(LIMA, "2026-11-24 22:00", "sms", "2026-11-24 22:00", channel="sms", purpose=C),  # calls only
    Example(LIMA, "2026-11-24 22:00", "call", "2026-11-24 22:00"),  # sales: not covered
    Example(LIMA, "2010-09-01 21:00", "call", "2010-09-01 21:00", purpose=C),  # before Ley 29571
]

globals().update(suite("PE", PE, golden_numbers=[LIMA], golden_dates=[date(2026, 12, 8)]))
