"""Florida: Fla. Stat. 501.616(6) (Florida Telephone Solicitation Act, as amended 2021)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Florida 501.616(6)(a), from 2021-07-01: sales calls and texts every day 08:00-20:00 at the
# called person's location. Federal TCPA/TSR (08:00-21:00) apply too, so 20:00-21:00 is the
# Florida difference. Collection and service contacts are not covered.
MIAMI = "+1 305 555 0123"  # America/New_York
FL = [
    Example(MIAMI, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",)),
    Example(MIAMI, "2026-11-24 08:00", "call", "2026-11-24 08:00"),
    Example(MIAMI, "2026-11-24 19:59", "call", "2026-11-24 19:59"),
    Example(MIAMI, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",)),
    Example(MIAMI, "2026-11-24 20:59", "defer", "2026-11-25 08:00", ("outside_hours",)),
    Example(MIAMI, "2026-11-29 10:00", "call", "2026-11-29 10:00"),  # Sunday: no day restriction
    Example(MIAMI, "2026-11-26 10:00", "call", "2026-11-26 10:00"),  # Thanksgiving: no holiday rule
    # texts are telephonic sales calls under the FTSA
    Example(MIAMI, "2026-11-24 19:59", "sms", "2026-11-24 19:59", channel="sms"),
    Example(MIAMI, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",), channel="sms"),
    Example(MIAMI, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",), contact="business"),
    Example(MIAMI, "2026-11-24 20:30", "call", "2026-11-24 20:30", purpose="collection"),  # FDCPA 08-21 only
    Example(MIAMI, "2026-11-24 22:00", "call", "2026-11-24 22:00", purpose="service"),
    # before the 2021 amendment only the federal 21:00 end applied
    Example(MIAMI, "2021-06-30 20:30", "call", "2021-06-30 20:30"),
    Example(MIAMI, "2021-07-01 20:30", "defer", "2021-07-02 08:00", ("outside_hours",)),
    # DST: spring forward 2026-03-08, fall back 2026-11-01
    Example(MIAMI, "2026-03-08 07:59", "defer", "2026-03-08 08:00"),
    Example(MIAMI, "2026-11-01 20:00", "defer", "2026-11-02 08:00", ("outside_hours",)),
    # FTSA 501.059(8)(a): a recorded (or AI) voice sales call, or an automated sales text, needs prior
    # express written consent; a live call or a text a person sends does not
    Example(MIAMI, "2026-11-24 12:00", "block", None, ("consent_required",), call_type="prerecorded"),
    Example(MIAMI, "2026-11-24 12:00", "call", "2026-11-24 12:00", call_type="prerecorded", consent=True),
    Example(MIAMI, "2026-11-24 12:00", "block", None, ("consent_required",), channel="sms", call_type="automated"),
    Example(MIAMI, "2026-11-24 12:00", "sms", "2026-11-24 12:00", channel="sms", call_type="automated", consent=True),
    Example(MIAMI, "2026-11-24 12:00", "sms", "2026-11-24 12:00", channel="sms"),
    Example(MIAMI, "2026-11-24 12:00", "sms", "2026-11-24 12:00", channel="sms", purpose="service",
            call_type="automated"),
]

globals().update(suite("US-FL", FL, golden_numbers=[MIAMI], golden_dates=[date(2026, 3, 8), date(2026, 11, 1)]))
