"""Louisiana: R.S. 45:811 with LPSC General Order R-29617; R.S. 45:844.31 (state of emergency)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Louisiana 45:811: sales calls Monday-Saturday 08:00-20:00, never Sunday or a state holiday
# (the PSC's list, governor-declared days; weekend holidays also on the nearest weekday).
# 45:844.31: no solicitation calls or texts while a state of emergency is declared.
# Federal TCPA/TSR 08:00-21:00 apply too.
NEW_ORLEANS = "+1 504 555 0123"  # America/Chicago
EMERGENCY = ("US-LA",)
LA = [
    Example(NEW_ORLEANS, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",)),
    Example(NEW_ORLEANS, "2026-11-24 08:00", "call", "2026-11-24 08:00"),
    Example(NEW_ORLEANS, "2026-11-24 19:59", "call", "2026-11-24 19:59"),
    Example(NEW_ORLEANS, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",)),
    Example(NEW_ORLEANS, "2026-11-28 20:00", "defer", "2026-11-30 08:00", ("outside_hours",)),  # Saturday -> Monday
    Example(NEW_ORLEANS, "2026-11-29 10:00", "defer", "2026-11-30 08:00", ("closed_day",)),  # Sunday
    # state holidays (statutory no-call days)
    Example(NEW_ORLEANS, "2026-11-26 10:00", "defer", "2026-11-27 08:00", ("statutory_no_call_day",)),  # Thanksgiving
    Example(NEW_ORLEANS, "2026-01-08 10:00", "defer", "2026-01-09 08:00",
            ("statutory_no_call_day",)),  # Battle of New Orleans
    Example(NEW_ORLEANS, "2026-02-17 10:00", "defer", "2026-02-18 08:00", ("statutory_no_call_day",)),  # Mardi Gras
    Example(NEW_ORLEANS, "2023-07-03 10:00", "defer", "2023-07-05 08:00",
            ("statutory_no_call_day",)),  # declared; then 4 July
    Example(NEW_ORLEANS, "2023-12-26 10:00", "defer", "2023-12-27 08:00", ("statutory_no_call_day",)),  # declared
    Example(NEW_ORLEANS, "2024-07-03 10:00", "call", "2024-07-03 10:00"),  # a one-off declaration does not recur
    # Christmas 2027 is a Saturday: Friday 24 December closed too, then Sunday, then Monday opens
    Example(NEW_ORLEANS, "2027-12-24 10:00", "defer", "2027-12-27 08:00", ("statutory_no_call_day",)),
    Example(NEW_ORLEANS, "2026-04-03 10:00", "call", "2026-04-03 10:00"),  # Good Friday: not on the PSC list
    # Presidents' Day stays closed (statutory; reported not enforced); Robert E. Lee Day added (law audit D3, D4)
    Example(NEW_ORLEANS, "2026-02-16 10:00", "defer", "2026-02-18 08:00",
            ("statutory_no_call_day",)),  # Presidents' Day, then Mardi Gras (17 Feb 2026)
    Example(NEW_ORLEANS, "2026-01-19 10:00", "defer", "2026-01-20 08:00",
            ("statutory_no_call_day",)),  # Robert E. Lee Day (and MLK Day, 3rd Monday of January 2026)
    Example(NEW_ORLEANS, "2027-01-19 10:00", "defer", "2027-01-20 08:00", ("statutory_no_call_day",)),  # a Tuesday
    Example(NEW_ORLEANS, "2027-01-20 10:00", "call", "2027-01-20 10:00"),
    # state of emergency: no sales calls or texts at all while declared
    Example(NEW_ORLEANS, "2026-11-24 10:00", "defer", None, ("state_of_emergency",), emergencies=EMERGENCY),
    Example(NEW_ORLEANS, "2026-11-24 10:00", "defer", None,
            ("state_of_emergency",), channel="sms", emergencies=EMERGENCY),
    Example(NEW_ORLEANS, "2026-11-24 10:00", "defer", None,
            ("state_of_emergency",), contact="business", emergencies=EMERGENCY),
    Example(NEW_ORLEANS, "2026-11-24 10:00", "defer", None,
            ("state_of_emergency",), consent=True, emergencies=EMERGENCY),
    # the LPSC's emergency orders reached collection calls too (law audit D5)
    Example(NEW_ORLEANS, "2026-11-24 10:00", "defer", None,
            ("state_of_emergency",), purpose="collection", emergencies=EMERGENCY),
    Example(NEW_ORLEANS, "2026-11-24 10:00", "call", "2026-11-24 10:00", purpose="service", emergencies=EMERGENCY),
    Example(NEW_ORLEANS, "2026-11-24 10:00", "call", "2026-11-24 10:00", emergencies=("US-MS",)),  # elsewhere
    Example(NEW_ORLEANS, "2026-11-24 10:00", "sms", "2026-11-24 10:00", channel="sms"),  # no emergency
    # texts are not covered by 45:811 (only by the emergency ban)
    Example(NEW_ORLEANS, "2026-11-29 10:00", "sms", "2026-11-29 10:00", channel="sms"),
    Example(NEW_ORLEANS, "2026-11-26 10:00", "call", "2026-11-26 10:00", purpose="collection"),
]

globals().update(
    suite(
        "US-LA", LA, golden_numbers=[NEW_ORLEANS],
        golden_dates=[date(2026, 1, 8), date(2026, 2, 17), date(2023, 7, 3), date(2023, 12, 26), date(2027, 12, 24)],
    )
)
