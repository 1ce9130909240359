"""Texas: Bus. & Com. Code 301.051; SB 140 (texts, from 2025-09-01)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Texas 301.051: sales calls Monday-Saturday 09:00-21:00, Sunday 12:00-21:00; texts too from
# 2025-09-01 (SB 140). Read in the contact's zone and in Central time (stricter), so El Paso
# (Mountain time) gets 09:00-20:00 Monday-Saturday and 12:00-20:00 Sunday, local time.
# Federal TCPA/TSR (08:00-21:00) apply too.
DALLAS = "+1 214 555 0123"  # America/Chicago
EL_PASO = "+1 915 555 0123"  # NANPA: 915 is Central and Mountain; El Paso itself is America/Denver
EP = {"zone": "America/Denver"}  # the caller knows the contact is in El Paso
TX = [
    Example(DALLAS, "2026-11-24 08:59", "defer", "2026-11-24 09:00", ("outside_hours",)),
    Example(DALLAS, "2026-11-24 09:00", "call", "2026-11-24 09:00"),
    Example(DALLAS, "2026-11-24 20:59", "call", "2026-11-24 20:59"),
    Example(DALLAS, "2026-11-24 21:00", "defer", "2026-11-25 09:00", ("outside_hours",)),
    Example(DALLAS, "2026-11-28 08:59", "defer", "2026-11-28 09:00", ("outside_hours",)),  # Saturday
    Example(DALLAS, "2026-11-28 21:00", "defer", "2026-11-29 12:00", ("outside_hours",)),  # Saturday -> Sunday noon
    Example(DALLAS, "2026-11-29 11:59", "defer", "2026-11-29 12:00", ("outside_hours",)),  # Sunday
    Example(DALLAS, "2026-11-29 12:00", "call", "2026-11-29 12:00"),
    Example(DALLAS, "2026-11-29 20:59", "call", "2026-11-29 20:59"),
    Example(DALLAS, "2026-11-29 21:00", "defer", "2026-11-30 09:00", ("outside_hours",)),
    # texts: covered from 2025-09-01 (SB 140)
    Example(DALLAS, "2026-11-24 08:59", "defer", "2026-11-24 09:00", ("outside_hours",), channel="sms"),
    Example(DALLAS, "2026-11-29 11:59", "defer", "2026-11-29 12:00", ("outside_hours",), channel="sms"),
    Example(DALLAS, "2025-08-31 10:00", "sms", "2025-08-31 10:00", channel="sms"),  # Sunday before SB 140
    Example(DALLAS, "2025-08-31 10:00", "defer", "2025-08-31 12:00", ("outside_hours",)),  # calls were covered
    Example(DALLAS, "2025-09-01 08:30", "defer", "2025-09-01 09:00", ("outside_hours",), channel="sms"),
    Example(DALLAS, "2026-11-24 08:30", "call", "2026-11-24 08:30", purpose="collection"),  # sales only
    Example(DALLAS, "2026-11-29 10:00", "call", "2026-11-29 10:00", purpose="service"),
    # El Paso, Mountain time: also read in Central time
    Example(EL_PASO, "2026-11-24 08:59", "defer", "2026-11-24 09:00", ("outside_hours",), hints=EP),
    Example(EL_PASO, "2026-11-24 09:00", "call", "2026-11-24 09:00", hints=EP),
    Example(EL_PASO, "2026-11-24 19:59", "call", "2026-11-24 19:59", hints=EP),
    Example(EL_PASO, "2026-11-24 20:00", "defer", "2026-11-25 09:00", ("outside_hours",), hints=EP),  # 21:00 Central
    Example(EL_PASO, "2026-11-28 20:00", "defer", "2026-11-29 12:00", ("outside_hours",), hints=EP),  # Saturday
    Example(EL_PASO, "2026-11-29 11:59", "defer", "2026-11-29 12:00", ("outside_hours",), hints=EP),  # Sunday noon
    Example(EL_PASO, "2026-11-29 12:00", "call", "2026-11-29 12:00", hints=EP),
    Example(EL_PASO, "2026-11-29 19:59", "call", "2026-11-29 19:59", hints=EP),
    Example(EL_PASO, "2026-11-29 20:00", "defer", "2026-11-30 09:00", ("outside_hours",), hints=EP),
    Example(EL_PASO, "2026-11-24 20:00", "defer", "2026-11-25 09:00", ("outside_hours",), channel="sms", hints=EP),
]

globals().update(
    suite("US-TX", TX, golden_numbers=[DALLAS, EL_PASO], golden_dates=[date(2025, 8, 31), date(2025, 9, 1)])
)
