"""Alberta: Collection and Debt Repayment Practices Regulation s. 12 (collection 07:00-22:00)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Collection contact 07:00-22:00 (s. 12); Sundays only 13:00-17:00 and no statutory holidays
# (one secondary source, the stricter reading); at most 3 contacts in 7 days (a cap).
# Dates stay before 2026-11-01, as in the BC module (the pinned tz database's Mountain zones).
EDMONTON = "+1 780 555 0123"
C = "collection"
CA_AB = [
    Example(EDMONTON, "2026-10-20 06:59", "defer", "2026-10-20 07:00", ("outside_hours",), purpose=C),  # Tuesday
    Example(EDMONTON, "2026-10-20 07:00", "call", "2026-10-20 07:00", purpose=C),
    Example(EDMONTON, "2026-10-20 21:59", "call", "2026-10-20 21:59", purpose=C),
    Example(EDMONTON, "2026-10-20 22:00", "defer", "2026-10-21 07:00", ("outside_hours",), purpose=C),
    Example(EDMONTON, "2026-10-24 22:00", "defer", "2026-10-25 13:00", ("outside_hours",), purpose=C),  # Sat -> Sun
    Example(EDMONTON, "2026-10-25 12:59", "defer", "2026-10-25 13:00", ("outside_hours",), purpose=C),
    Example(EDMONTON, "2026-10-25 16:59", "call", "2026-10-25 16:59", purpose=C),
    Example(EDMONTON, "2026-10-25 17:00", "defer", "2026-10-26 07:00", ("outside_hours",), purpose=C),
    Example(EDMONTON, "2026-10-12 12:00", "defer", "2026-10-13 07:00", ("public_holiday",), purpose=C),  # Thanksgiving
    Example(EDMONTON, "2026-10-20 22:00", "defer", "2026-10-21 07:00", ("outside_hours",), channel="sms", purpose=C),
    Example(EDMONTON, "2026-10-20 23:00", "call", "2026-10-20 23:00", purpose="service"),
]

globals().update(
    suite("CA-AB", CA_AB, golden_numbers=[EDMONTON], golden_dates=[date(2026, 10, 12), date(2026, 10, 25)])
)
