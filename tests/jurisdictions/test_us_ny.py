"""New York: General Business Law 399-z."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# New York GBL 399-z(2): telemarketing calls and texts 08:00-21:00 at the
# customer's location unless the customer consented (the federal TCPA window
# still applies). 399-z(5-a): no unsolicited sales calls during a declared
# state of emergency (consent lifts it: the call is then solicited).
NYC = "+1 212 555 0123"  # America/New_York
US_NY = [
    Example(NYC, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",)),
    Example(NYC, "2026-11-24 08:00", "call", "2026-11-24 08:00"),
    Example(NYC, "2026-11-24 20:59", "call", "2026-11-24 20:59"),
    Example(NYC, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",)),
    Example(NYC, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",), channel="sms"),
    Example(NYC, "2026-11-24 20:59", "sms", "2026-11-24 20:59", channel="sms"),
    Example(NYC, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",), channel="sms"),
    Example(NYC, "2026-11-29 10:00", "call", "2026-11-29 10:00"),  # Sunday: no day restriction
    Example(NYC, "2026-11-24 12:00", "call", "2026-11-24 12:00", consent=True),
    Example(NYC, "2026-11-24 21:30", "defer", "2026-11-25 08:00", consent=True),  # TCPA still applies
    # State of emergency: declared by the caller for US-NY.
    Example(NYC, "2026-11-24 12:00", "defer", None, ("state_of_emergency",), emergencies=("US-NY",)),
    Example(NYC, "2026-11-24 12:00", "defer", None, ("state_of_emergency",), channel="sms", emergencies=("US-NY",)),
    Example(NYC, "2026-11-24 12:00", "defer", None,
            ("state_of_emergency",), contact="business", emergencies=("US-NY",)),
    Example(NYC, "2026-11-24 12:00", "call", "2026-11-24 12:00", consent=True, emergencies=("US-NY",)),
    Example(NYC, "2026-11-24 12:00", "call", "2026-11-24 12:00", purpose="collection", emergencies=("US-NY",)),
    Example(NYC, "2026-11-24 12:00", "call", "2026-11-24 12:00", purpose="service", emergencies=("US-NY",)),
    Example(NYC, "2026-11-24 12:00", "call", "2026-11-24 12:00", emergencies=("US-NJ",)),  # another state's emergency
]

globals().update(suite("US-NY", US_NY, golden_numbers=[NYC]))
