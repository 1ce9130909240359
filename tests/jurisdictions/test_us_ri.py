"""Rhode Island: R.I. Gen. Laws 5-61-3.6 with the 'hours of operation' of 5-61-2."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Rhode Island: unsolicited sales calls Monday-Friday 09:00-18:00 except state or federal
# holidays, Saturday 10:00-17:00, never Sunday; 4 May (Rhode Island Independence Day) is listed
# as a state holiday (25-1-1), and so is the Monday after when it falls on a Sunday.
# Federal TCPA/TSR 08:00-21:00 apply too.
PROVIDENCE = "+1 401 555 0123"  # America/New_York
RI = [
    Example(PROVIDENCE, "2026-11-24 08:59", "defer", "2026-11-24 09:00", ("outside_hours",)),
    Example(PROVIDENCE, "2026-11-24 09:00", "call", "2026-11-24 09:00"),
    Example(PROVIDENCE, "2026-11-24 17:59", "call", "2026-11-24 17:59"),
    Example(PROVIDENCE, "2026-11-24 18:00", "defer", "2026-11-25 09:00", ("outside_hours",)),
    Example(PROVIDENCE, "2026-11-27 18:00", "defer", "2026-11-28 10:00", ("outside_hours",)),  # Friday -> Saturday
    Example(PROVIDENCE, "2026-11-28 09:59", "defer", "2026-11-28 10:00", ("outside_hours",)),  # Saturday
    Example(PROVIDENCE, "2026-11-28 10:00", "call", "2026-11-28 10:00"),
    Example(PROVIDENCE, "2026-11-28 16:59", "call", "2026-11-28 16:59"),
    Example(PROVIDENCE, "2026-11-28 17:00", "defer", "2026-11-30 09:00", ("outside_hours",)),  # -> Monday
    Example(PROVIDENCE, "2026-11-29 12:00", "defer", "2026-11-30 09:00", ("closed_day",)),  # Sunday
    # state or federal holidays
    Example(PROVIDENCE, "2026-11-26 10:00", "defer", "2026-11-27 09:00", ("public_holiday",)),  # Thanksgiving
    Example(PROVIDENCE, "2026-08-10 10:00", "defer", "2026-08-11 09:00", ("public_holiday",)),  # Victory Day
    Example(PROVIDENCE, "2026-07-03 10:00", "defer", "2026-07-06 09:00", ("public_holiday",)),  # 4 July observed
    Example(PROVIDENCE, "2026-05-04 10:00", "defer", "2026-05-05 09:00",
            ("statutory_no_call_day",)),  # RI Independence Day
    Example(PROVIDENCE, "2026-05-05 09:00", "call", "2026-05-05 09:00"),  # 4 May 2026 is a Monday: no shift
    # 25-1-1: when 4 May is a Sunday, the Monday after is a holiday too (4 May 2025 was a Sunday)
    Example(PROVIDENCE, "2025-05-04 12:00", "defer", "2025-05-06 09:00", ("closed_day", "statutory_no_call_day")),
    Example(PROVIDENCE, "2025-05-05 09:00", "defer", "2025-05-06 09:00", ("statutory_no_call_day",)),
    Example(PROVIDENCE, "2025-05-05 17:59", "defer", "2025-05-06 09:00", ("statutory_no_call_day",)),
    Example(PROVIDENCE, "2025-05-06 08:59", "defer", "2025-05-06 09:00", ("outside_hours",)),
    Example(PROVIDENCE, "2025-05-06 09:00", "call", "2025-05-06 09:00"),
    # texts, collection and service contacts are outside the rule
    Example(PROVIDENCE, "2026-11-24 19:00", "sms", "2026-11-24 19:00", channel="sms"),
    Example(PROVIDENCE, "2026-11-29 12:00", "sms", "2026-11-29 12:00", channel="sms"),
    Example(PROVIDENCE, "2026-11-24 19:00", "call", "2026-11-24 19:00", purpose="collection"),
    Example(PROVIDENCE, "2026-11-26 10:00", "call", "2026-11-26 10:00", purpose="service"),
    Example(PROVIDENCE, "2026-11-24 18:00", "defer", "2026-11-25 09:00", ("outside_hours",), contact="business"),
]

globals().update(
    suite(
        "US-RI", RI, golden_numbers=[PROVIDENCE],
        golden_dates=[date(2026, 5, 4), date(2026, 7, 3), date(2026, 8, 10), date(2025, 5, 5)],
    )
)
