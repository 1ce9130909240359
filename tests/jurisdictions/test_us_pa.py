"""Pennsylvania: Telemarketer Registration Act (73 P.S. 2241 ff.), Act 73 of 2019."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Pennsylvania: telephone solicitation calls 08:00-21:00 every day (the Attorney
# General says Eastern Time: also read in America/New_York); no calls on the
# Act's legal holidays since 2019-12-03 (incl. Flag Day 06-14, Good Friday,
# Election Day; not Juneteenth, not the day after Thanksgiving). Calls only:
# SB 992 (texts, Sundays, 09-19) is not law. Federal TCPA/TSR 08:00-21:00 too.
# Saturdays after 12:00 (a half-holiday, 44 P.S. §11): closed, the stricter reading (low).
PHL = "+1 215 555 0123"  # Philadelphia, America/New_York
PGH = "+1 412 555 0123"  # Pittsburgh, America/New_York
CHI = "+1 312 555 0123"  # an Illinois number, with a hint that the contact lives in PA and is in Chicago
IN_PA_AT_CHICAGO = {"subdivision": "US-PA", "zone": "America/Chicago"}
US_PA = [
    Example(PHL, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",)),
    Example(PHL, "2026-11-24 08:00", "call", "2026-11-24 08:00"),
    Example(PHL, "2026-11-24 20:59", "call", "2026-11-24 20:59"),
    Example(PHL, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",)),
    Example(PHL, "2026-11-25 21:00", "defer", "2026-11-27 08:00", ("outside_hours",)),  # Thanksgiving is skipped
    Example(PHL, "2026-11-26 12:00", "defer", "2026-11-27 08:00", ("statutory_no_call_day",)),  # Thanksgiving
    Example(PHL, "2026-11-26 12:00", "defer", "2026-11-27 08:00", ("statutory_no_call_day",), contact="business"),
    Example(PHL, "2026-11-26 12:00", "sms", "2026-11-26 12:00", channel="sms"),  # calls only (SB 992 not law)
    Example(PHL, "2026-11-26 12:00", "call", "2026-11-26 12:00", purpose="collection"),  # sales only
    Example(PHL, "2026-11-27 10:00", "call", "2026-11-27 10:00"),  # day after Thanksgiving: not on the list
    Example(PHL, "2026-11-29 10:00", "call", "2026-11-29 10:00"),  # Sunday: allowed (SB 992 not law)
    Example(PHL, "2026-11-28 11:59", "call", "2026-11-28 11:59"),  # Saturday morning
    Example(PHL, "2026-11-28 12:00", "defer", "2026-11-29 08:00", ("closed_hours",)),  # Saturday afternoon
    Example(PHL, "2026-11-28 12:00", "sms", "2026-11-28 12:00", channel="sms"),
    Example(PHL, "2019-11-30 13:00", "call", "2019-11-30 13:00"),  # before Act 73
    Example(PHL, "2026-11-03 12:00", "defer", "2026-11-04 08:00", ("statutory_no_call_day",)),  # Election Day
    Example(PGH, "2026-11-11 09:00", "defer", "2026-11-12 08:00", ("statutory_no_call_day",)),  # Veterans Day
    Example(PGH, "2026-04-03 10:00", "defer", "2026-04-04 08:00", ("statutory_no_call_day",)),  # Good Friday
    Example(PGH, "2026-06-14 10:00", "defer", "2026-06-15 08:00", ("statutory_no_call_day",)),  # Flag Day (a Sunday)
    Example(PGH, "2026-06-15 10:00", "call", "2026-06-15 10:00"),  # no observed-day shift
    Example(PGH, "2026-06-19 10:00", "call", "2026-06-19 10:00"),  # Juneteenth: not on the list
    Example(PHL, "2019-11-28 10:00", "call", "2019-11-28 10:00"),  # Thanksgiving before Act 73 took effect
    Example(PHL, "2019-12-25 10:00", "defer", "2019-12-26 08:00", ("statutory_no_call_day",)),  # first Christmas after
    # A PA contact found in Chicago: the window is also read in Eastern Time
    # (20:00 Chicago = 21:00 New York). Illinois (815 ILCS 413/15: 08:00-21:00) applies to the
    # number too; the next start is 08:00 Chicago (PA's window read in the contact's zone, and
    # Illinois's; until 2026-12-01 Illinois's vendor 09:00 start made it 09:00).
    Example(CHI, "2026-11-24 19:59", "call", "2026-11-24 19:59", hints=IN_PA_AT_CHICAGO),
    Example(CHI, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",), hints=IN_PA_AT_CHICAGO),
    Example(CHI, "2026-11-25 07:59", "defer", "2026-11-25 08:00", ("outside_hours",), hints=IN_PA_AT_CHICAGO),
    Example(CHI, "2026-11-25 08:00", "call", "2026-11-25 08:00", hints=IN_PA_AT_CHICAGO),
]

globals().update(suite(
    "US-PA", US_PA, golden_numbers=[PHL, PGH],
    golden_dates=[date(2026, 11, 3), date(2026, 11, 11), date(2026, 4, 3), date(2026, 6, 14)],
))
