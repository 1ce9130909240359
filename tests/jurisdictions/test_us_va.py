"""Virginia: Telephone Privacy Protection Act, Va. Code 59.1-511."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Virginia: telephone solicitation calls and texts 08:00-21:00 at the called
# person's location; prior consent lifts the rule (the TCPA window remains).
# Texts: SB 1339 (2026-01-01) clarified they are covered; held to the window before too.
RIC = "+1 804 555 0123"  # Richmond, America/New_York
US_VA = [
    Example(RIC, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",)),
    Example(RIC, "2026-11-24 08:00", "call", "2026-11-24 08:00"),
    Example(RIC, "2026-11-24 20:59", "call", "2026-11-24 20:59"),
    Example(RIC, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",)),
    Example(RIC, "2026-11-24 20:59", "sms", "2026-11-24 20:59", channel="sms"),
    Example(RIC, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",), channel="sms"),
    Example(RIC, "2025-12-31 21:00", "defer", "2026-01-01 08:00", ("outside_hours",), channel="sms"),  # before SB 1339
    Example(RIC, "2026-11-24 21:00", "defer", "2026-11-25 08:00", consent=True),  # TCPA still applies
    Example(RIC, "2026-11-29 10:00", "call", "2026-11-29 10:00"),  # Sunday
    Example(RIC, "2026-11-24 07:00", "call", "2026-11-24 07:00", purpose="service"),
]

globals().update(suite("US-VA", US_VA, golden_numbers=[RIC], golden_dates=[date(2025, 12, 31)]))
