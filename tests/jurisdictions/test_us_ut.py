"""Utah: Utah Code 13-25a-103(3) (hours, Sunday, legal holidays; lifted by prior express consent)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Utah 13-25a-103(3): no sales calls without prior express consent between 21:00 and 08:00, on
# Sunday, or on a legal holiday (incl. Pioneer Day, 24 July; weekend holidays also on the nearest
# weekday). Federal TCPA/TSR 08:00-21:00 apply too, consent or not.
SALT_LAKE = "+1 801 555 0123"  # America/Denver
UT = [
    Example(SALT_LAKE, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",)),
    Example(SALT_LAKE, "2026-11-24 08:00", "call", "2026-11-24 08:00"),
    Example(SALT_LAKE, "2026-11-24 20:59", "call", "2026-11-24 20:59"),
    Example(SALT_LAKE, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",)),
    Example(SALT_LAKE, "2026-11-28 21:00", "defer", "2026-11-30 08:00", ("outside_hours",)),  # Saturday -> Monday
    Example(SALT_LAKE, "2026-11-29 10:00", "defer", "2026-11-30 08:00", ("closed_day",)),  # Sunday
    Example(SALT_LAKE, "2026-11-26 10:00", "defer", "2026-11-27 08:00", ("statutory_no_call_day",)),  # Thanksgiving
    Example(SALT_LAKE, "2026-07-24 10:00", "defer", "2026-07-25 08:00",
            ("statutory_no_call_day",)),  # Pioneer Day (Fri)
    Example(SALT_LAKE, "2026-10-12 10:00", "defer", "2026-10-13 08:00", ("statutory_no_call_day",)),  # Columbus Day
    # Pioneer Day 2027 is a Saturday (Friday closed too); 2022 a Sunday (Monday closed too)
    Example(SALT_LAKE, "2027-07-23 10:00", "defer", "2027-07-26 08:00", ("statutory_no_call_day",)),
    Example(SALT_LAKE, "2022-07-25 10:00", "defer", "2022-07-26 08:00", ("statutory_no_call_day",)),
    # prior express consent lifts the state rule, not the federal window
    Example(SALT_LAKE, "2026-11-29 10:00", "call", "2026-11-29 10:00", consent=True),
    Example(SALT_LAKE, "2026-07-24 10:00", "call", "2026-07-24 10:00", consent=True),
    Example(SALT_LAKE, "2026-11-24 21:00", "defer", "2026-11-25 08:00", consent=True),
    # calls only; sales only
    Example(SALT_LAKE, "2026-11-29 10:00", "sms", "2026-11-29 10:00", channel="sms"),
    Example(SALT_LAKE, "2026-11-29 10:00", "defer", "2026-11-30 08:00", ("closed_day",), contact="business"),
    Example(SALT_LAKE, "2026-07-24 10:00", "call", "2026-07-24 10:00", purpose="collection"),
    Example(SALT_LAKE, "2026-11-29 10:00", "call", "2026-11-29 10:00", purpose="service"),
]

globals().update(
    suite(
        "US-UT", UT, golden_numbers=[SALT_LAKE],
        golden_dates=[date(2026, 7, 24), date(2027, 7, 23), date(2022, 7, 25)],
    )
)
