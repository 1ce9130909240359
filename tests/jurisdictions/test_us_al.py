"""Alabama: Ala. Admin. Code r. 770-X-5-.17 (hours, Sundays, holidays with Ala. Code 1-3-8)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Alabama 770-X-5-.17: sales calls Monday-Saturday 08:00-20:00, never Sunday, never on the
# listed holidays (Saturday holidays also closed on the Friday, Sunday ones on the Monday).
# Federal TCPA/TSR 08:00-21:00 apply too; texts and collection are not covered by the state.
BIRMINGHAM = "+1 205 555 0123"  # America/Chicago
AL = [
    Example(BIRMINGHAM, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",)),
    Example(BIRMINGHAM, "2026-11-24 08:00", "call", "2026-11-24 08:00"),
    Example(BIRMINGHAM, "2026-11-24 19:59", "call", "2026-11-24 19:59"),
    Example(BIRMINGHAM, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",)),
    Example(BIRMINGHAM, "2026-11-28 10:00", "call", "2026-11-28 10:00"),  # Saturday
    Example(BIRMINGHAM, "2026-11-28 20:00", "defer", "2026-11-30 08:00", ("outside_hours",)),  # -> Monday
    Example(BIRMINGHAM, "2026-11-29 10:00", "defer", "2026-11-30 08:00", ("closed_day",)),  # Sunday
    # statutory no-call days
    Example(BIRMINGHAM, "2026-11-26 10:00", "defer", "2026-11-27 08:00", ("statutory_no_call_day",)),  # Thanksgiving
    Example(BIRMINGHAM, "2026-11-25 20:00", "defer", "2026-11-27 08:00", ("outside_hours",)),  # skips Thanksgiving
    Example(BIRMINGHAM, "2026-04-27 10:00", "defer", "2026-04-28 08:00",
            ("statutory_no_call_day",)),  # Confederate Memorial Day
    Example(BIRMINGHAM, "2026-06-01 10:00", "defer", "2026-06-02 08:00",
            ("statutory_no_call_day",)),  # Jefferson Davis' Birthday
    Example(BIRMINGHAM, "2026-02-17 10:00", "defer", "2026-02-18 08:00", ("statutory_no_call_day",)),  # Mardi Gras
    Example(BIRMINGHAM, "2026-10-12 10:00", "defer", "2026-10-13 08:00",
            ("statutory_no_call_day",)),  # Columbus / Fraternal Day
    Example(BIRMINGHAM, "2026-11-11 10:00", "defer", "2026-11-12 08:00", ("statutory_no_call_day",)),  # Veterans Day
    Example(BIRMINGHAM, "2026-06-19 10:00", "defer", "2026-06-20 08:00", ("statutory_no_call_day",)),  # Juneteenth
    # observed shifts: 2026-07-04 is a Saturday (Friday closed too), 2027-07-04 a Sunday (Monday too)
    Example(BIRMINGHAM, "2026-07-03 10:00", "defer", "2026-07-06 08:00", ("statutory_no_call_day",)),
    Example(BIRMINGHAM, "2026-07-04 10:00", "defer", "2026-07-06 08:00", ("statutory_no_call_day",)),
    Example(BIRMINGHAM, "2027-07-05 10:00", "defer", "2027-07-06 08:00", ("statutory_no_call_day",)),
    Example(BIRMINGHAM, "2026-04-03 10:00", "call", "2026-04-03 10:00"),  # Good Friday: not listed
    # texts, collection and service contacts are outside the rule
    Example(BIRMINGHAM, "2026-11-29 10:00", "sms", "2026-11-29 10:00", channel="sms"),
    Example(BIRMINGHAM, "2026-11-26 10:00", "call", "2026-11-26 10:00", purpose="collection"),
    Example(BIRMINGHAM, "2026-11-29 10:00", "call", "2026-11-29 10:00", purpose="service"),
    Example(BIRMINGHAM, "2026-11-29 10:00", "defer", "2026-11-30 08:00", ("closed_day",), contact="business"),
]

globals().update(
    suite(
        "US-AL", AL, golden_numbers=[BIRMINGHAM],
        golden_dates=[date(2026, 2, 17), date(2026, 4, 27), date(2026, 6, 1), date(2026, 7, 3), date(2027, 7, 5)],
    )
)
