"""Japan: Money Lending Business Act art. 21(1)(i) collection hours."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Money Lending Business Act art. 21(1)(i): no collection calls 21:00-08:00
# without justifiable grounds (the debtor's voluntary consent is one).
TOKYO = "+81 3 1234 5678"
C = "collection"
JP = [
    Example(TOKYO, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",), purpose=C),
    Example(TOKYO, "2026-11-24 08:00", "call", "2026-11-24 08:00", purpose=C),
    Example(TOKYO, "2026-11-24 20:59", "call", "2026-11-24 20:59", purpose=C),
    Example(TOKYO, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",), purpose=C),
    Example(TOKYO, "2026-11-29 08:00", "call", "2026-11-29 08:00", purpose=C),  # Sunday: no day rule
    Example(TOKYO, "2026-11-03 07:00", "defer", "2026-11-03 08:00", ("outside_hours",), purpose=C),  # Culture Day
    Example(TOKYO, "2026-11-24 22:00", "call", "2026-11-24 22:00", purpose=C, consent=True),  # voluntary consent
    Example(TOKYO, "2026-11-24 22:00", "defer", "2026-11-25 08:00", ("outside_hours",), purpose=C, contact="business"),
    Example(TOKYO, "2026-11-24 22:00", "sms", "2026-11-24 22:00", channel="sms", purpose=C),  # calls only
    Example(TOKYO, "2026-11-24 22:00", "call", "2026-11-24 22:00"),  # sales: no fixed hours
]

globals().update(suite("JP", JP, golden_numbers=[TOKYO], golden_dates=[date(2026, 11, 3)]))
