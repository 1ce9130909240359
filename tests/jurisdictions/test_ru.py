"""Russia: 230-FZ collection windows."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Russia, 230-FZ art. 7 (collection): working days 08:00-22:00, weekends and
# non-working holidays 09:00-20:00, debtor's local time.
MOSCOW = "+7 495 123 45 67"
RU = [
    Example(MOSCOW, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",), purpose="collection"),
    Example(MOSCOW, "2026-11-24 08:00", "call", "2026-11-24 08:00", purpose="collection"),
    Example(MOSCOW, "2026-11-24 21:59", "call", "2026-11-24 21:59", purpose="collection"),
    Example(MOSCOW, "2026-11-24 22:00", "defer", "2026-11-25 08:00", ("outside_hours",), purpose="collection"),
    Example(MOSCOW, "2026-11-28 08:30", "defer", "2026-11-28 09:00", purpose="collection"),  # Saturday
    Example(MOSCOW, "2026-11-28 19:59", "call", "2026-11-28 19:59", purpose="collection"),
    Example(MOSCOW, "2026-11-28 20:00", "defer", "2026-11-29 09:00", purpose="collection"),  # Sunday next
    Example(MOSCOW, "2026-11-29 20:00", "defer", "2026-11-30 08:00", purpose="collection"),  # Monday next
    Example(MOSCOW, "2026-11-04 08:30", "defer", "2026-11-04 09:00", purpose="collection"),  # Unity Day (Wed)
    Example(MOSCOW, "2026-11-04 20:30", "defer", "2026-11-05 08:00", purpose="collection"),
    Example(MOSCOW, "2026-11-24 21:59", "sms", "2026-11-24 21:59", channel="sms", purpose="collection"),
    Example(MOSCOW, "2026-11-24 22:00", "defer", "2026-11-25 08:00", channel="sms", purpose="collection"),
    Example(MOSCOW, "2026-11-24 23:00", "call", "2026-11-24 23:00"),  # sales: no hours in Russian law
]

globals().update(suite("RU", RU, golden_numbers=[MOSCOW], golden_dates=[date(2026, 11, 4), date(2026, 1, 7)]))
