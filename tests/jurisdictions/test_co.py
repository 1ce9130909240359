"""Colombia: Ley 2300 de 2023 ("dejen de fregar")."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Ley 2300 de 2023: commercial and collection contact with consumers, all
# channels, Mon-Fri 07:00-19:00, Sat 08:00-15:00, no Sunday, no festivo.
BOGOTA = "+57 601 234 5678"
CO = [
    Example(BOGOTA, "2026-11-24 06:59", "defer", "2026-11-24 07:00", ("outside_hours",)),
    Example(BOGOTA, "2026-11-24 07:00", "call", "2026-11-24 07:00"),
    Example(BOGOTA, "2026-11-24 18:59", "call", "2026-11-24 18:59"),
    Example(BOGOTA, "2026-11-24 19:00", "defer", "2026-11-25 07:00", ("outside_hours",)),
    Example(BOGOTA, "2026-11-28 07:59", "defer", "2026-11-28 08:00", ("outside_hours",)),  # Saturday
    Example(BOGOTA, "2026-11-28 14:59", "call", "2026-11-28 14:59"),
    Example(BOGOTA, "2026-11-28 15:00", "defer", "2026-11-30 07:00", ("outside_hours",)),
    Example(BOGOTA, "2026-11-29 12:00", "defer", "2026-11-30 07:00", ("closed_day",)),  # Sunday
    Example(BOGOTA, "2026-11-16 12:00", "defer", "2026-11-17 07:00", ("public_holiday",)),  # Cartagena (observed)
    Example(BOGOTA, "2026-11-24 18:59", "sms", "2026-11-24 18:59", channel="sms"),
    Example(BOGOTA, "2026-11-24 19:00", "defer", "2026-11-25 07:00", ("outside_hours",), channel="sms"),
    Example(BOGOTA, "2026-11-24 06:59", "defer", "2026-11-24 07:00", ("outside_hours",), purpose="collection"),
    Example(BOGOTA, "2026-11-29 12:00", "defer", "2026-11-30 07:00",
            ("closed_day",), channel="sms", purpose="collection"),
    Example(BOGOTA, "2026-11-24 20:00", "call", "2026-11-24 20:00", purpose="service"),
    Example(BOGOTA, "2026-11-24 20:00", "call", "2026-11-24 20:00", contact="business"),  # consumers only
    Example(BOGOTA, "2022-12-31 20:00", "call", "2022-12-31 20:00"),  # before the law
]

globals().update(suite("CO", CO, golden_numbers=[BOGOTA], golden_dates=[date(2026, 11, 16)]))
