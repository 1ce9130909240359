"""British Columbia: Telemarketer Licensing Regulation (BPCPA)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# BC: telemarketing calls weekdays 09:00-21:30, weekends 10:00-18:00, never on a BC
# statutory holiday (consumers). The federal CRTC rule has the same hours, no holidays.
# Dates stay before 2026-11-01: the pinned tz database (2026f) keeps America/Vancouver
# on UTC-7 from then on, while the host database that examples.py reads local times
# with still falls back to UTC-8, so later local times would be read an hour apart.
VANCOUVER = "+1 604 555 0123"
CA_BC = [
    Example(VANCOUVER, "2026-10-20 08:59", "defer", "2026-10-20 09:00", ("outside_hours",)),  # Tuesday
    Example(VANCOUVER, "2026-10-20 09:00", "call", "2026-10-20 09:00"),
    Example(VANCOUVER, "2026-10-20 21:29", "call", "2026-10-20 21:29"),
    Example(VANCOUVER, "2026-10-20 21:30", "defer", "2026-10-21 09:00", ("outside_hours",)),
    Example(VANCOUVER, "2026-10-23 21:30", "defer", "2026-10-24 10:00", ("outside_hours",)),  # Friday -> Saturday
    Example(VANCOUVER, "2026-10-24 09:59", "defer", "2026-10-24 10:00", ("outside_hours",)),  # Saturday
    Example(VANCOUVER, "2026-10-24 10:00", "call", "2026-10-24 10:00"),
    Example(VANCOUVER, "2026-10-24 17:59", "call", "2026-10-24 17:59"),
    Example(VANCOUVER, "2026-10-24 18:00", "defer", "2026-10-25 10:00", ("outside_hours",)),
    Example(VANCOUVER, "2026-10-25 18:00", "defer", "2026-10-26 09:00", ("outside_hours",)),  # Sunday
    # BC statutory holidays
    Example(VANCOUVER, "2026-09-30 10:00", "defer", "2026-10-01 09:00",
            ("public_holiday",)),  # Truth and Reconciliation
    Example(VANCOUVER, "2026-09-29 21:30", "defer", "2026-10-01 09:00"),  # the eve: skips the holiday
    # debt collection (BPCPA): Monday-Saturday 07:00-21:00, Sunday 13:00-17:00, no statutory holiday
    Example(VANCOUVER, "2026-10-20 06:59", "defer", "2026-10-20 07:00", ("outside_hours",), purpose="collection"),
    Example(VANCOUVER, "2026-10-20 07:00", "call", "2026-10-20 07:00", purpose="collection"),
    Example(VANCOUVER, "2026-10-20 20:59", "call", "2026-10-20 20:59", purpose="collection"),
    Example(VANCOUVER, "2026-10-24 21:00", "defer", "2026-10-25 13:00", ("outside_hours",), purpose="collection"),
    Example(VANCOUVER, "2026-10-25 12:59", "defer", "2026-10-25 13:00", ("outside_hours",), purpose="collection"),
    Example(VANCOUVER, "2026-10-25 16:59", "call", "2026-10-25 16:59", purpose="collection"),  # Sunday
    Example(VANCOUVER, "2026-10-25 17:00", "defer", "2026-10-26 07:00", ("outside_hours",), purpose="collection"),
    Example(VANCOUVER, "2026-09-30 10:00", "defer", "2026-10-01 07:00", ("public_holiday",), purpose="collection"),
    Example(VANCOUVER, "2026-10-20 21:00", "defer", "2026-10-21 07:00", ("outside_hours",),
            channel="sms", purpose="collection"),
    Example(VANCOUVER, "2026-10-12 12:00", "defer", "2026-10-13 09:00", ("public_holiday",)),  # Thanksgiving (Mon)
    Example(VANCOUVER, "2026-08-03 12:00", "defer", "2026-08-04 09:00", ("public_holiday",)),  # BC Day (Mon)
    Example(VANCOUVER, "2026-02-16 12:00", "defer", "2026-02-17 09:00", ("public_holiday",)),  # Family Day (Mon)
    Example(VANCOUVER, "2025-11-11 10:00", "defer", "2025-11-12 09:00", ("public_holiday",)),  # Remembrance Day (Tue)
    Example(VANCOUVER, "2025-12-25 10:00", "defer", "2025-12-26 09:00",
            ("public_holiday",)),  # Christmas; 26th not a BC holiday
    # consumers only: a business contact sees the federal rule alone
    Example(VANCOUVER, "2026-09-30 10:00", "call", "2026-09-30 10:00", contact="business"),
    Example(VANCOUVER, "2026-09-30 08:59", "defer", "2026-09-30 09:00", contact="business"),  # federal hours
    Example(VANCOUVER, "2026-10-20 23:00", "sms", "2026-10-20 23:00", channel="sms"),  # calls only
    Example(VANCOUVER, "2026-09-30 23:00", "call", "2026-09-30 23:00", purpose="service"),  # sales and collection only
    Example(VANCOUVER, "2004-06-30 22:00", "call", "2004-06-30 22:00"),  # before the BPCPA and the CRTC rules
    Example(VANCOUVER, "2004-07-01 12:00", "defer", "2004-07-02 09:00", ("public_holiday",)),  # Canada Day 2004
]

globals().update(
    suite("CA-BC", CA_BC, golden_numbers=[VANCOUVER],
          golden_dates=[date(2026, 9, 30), date(2026, 10, 12), date(2026, 8, 3)])
)
