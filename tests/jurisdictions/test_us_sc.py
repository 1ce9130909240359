"""South Carolina: Telephone Privacy Protection Act 37-21 (calls and texts 08:00-21:00); ADAD calls 16-17-446."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# Sales calls to consumers 08:00-21:00 every day, the contact's local time; the federal
# TCPA/TSR windows are the same (they also cover business contacts; collection has the FDCPA's).
COLUMBIA = "+1 803 555 0123"
US_SC = [
    Example(COLUMBIA, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",)),
    Example(COLUMBIA, "2026-11-24 08:00", "call", "2026-11-24 08:00"),
    Example(COLUMBIA, "2026-11-24 20:59", "call", "2026-11-24 20:59"),
    Example(COLUMBIA, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",)),
    Example(COLUMBIA, "2026-11-29 21:00", "defer", "2026-11-30 08:00", ("outside_hours",)),  # every day
    Example(COLUMBIA, "2026-11-24 22:00", "call", "2026-11-24 22:00", purpose="service"),  # sales only
    Example(COLUMBIA, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",), channel="sms"),
    # prerecorded (ADAD) calls only 08:00-19:00, and only on request (consent) or for an existing debt
    Example(COLUMBIA, "2026-11-24 19:30", "call", "2026-11-24 19:30"),  # live: 37-21's 21:00
    Example(COLUMBIA, "2026-11-24 18:59", "call", "2026-11-24 18:59", call_type="prerecorded", consent=True),
    Example(COLUMBIA, "2026-11-24 19:00", "defer", "2026-11-25 08:00", ("outside_hours",), call_type="prerecorded",
            consent=True),
    Example(COLUMBIA, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",), call_type="prerecorded",
            consent=True),
    Example(COLUMBIA, "2026-11-24 19:00", "defer", "2026-11-25 08:00", ("outside_hours",), purpose="collection",
            call_type="prerecorded", consent=True),
    Example(COLUMBIA, "2026-11-24 12:00", "block", None, ("consent_required",), purpose="service",
            call_type="prerecorded"),
    Example(COLUMBIA, "2026-11-24 19:30", "call", "2026-11-24 19:30", call_type="automated"),  # a person answers
]

globals().update(suite("US-SC", US_SC, golden_numbers=[COLUMBIA]))
