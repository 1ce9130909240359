"""United States, federal: TCPA, TSR, FDCPA / Regulation F."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# US federal. TCPA 47 CFR 64.1200(c)(1), TSR 16 CFR 310.4(c): sales calls (and
# texts, FCC 2015) 08:00-21:00 at the called party's location.
# FDCPA / Reg F 12 CFR 1006.6(b)(1)(i): collection communications 08:00-21:00.
NY = "+1 212 555 0123"  # America/New_York
LA = "+1 415 555 0123"  # America/Los_Angeles
US = [
    Example(NY, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",)),
    Example(NY, "2026-11-24 08:00", "call", "2026-11-24 08:00"),
    Example(NY, "2026-11-24 20:59", "call", "2026-11-24 20:59"),
    Example(NY, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",)),
    Example(NY, "2026-11-29 10:00", "call", "2026-11-29 10:00"),  # no day restriction federally
    Example(NY, "2026-11-24 20:59", "sms", "2026-11-24 20:59", channel="sms"),
    Example(NY, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",), channel="sms"),
    Example(LA, "2026-11-24 07:59", "defer", "2026-11-24 08:00", purpose="collection"),
    Example(LA, "2026-11-24 08:00", "call", "2026-11-24 08:00", purpose="collection"),
    Example(LA, "2026-11-24 21:00", "defer", "2026-11-25 08:00",
            ("outside_hours",), channel="sms", purpose="collection"),
    Example(NY, "2026-11-24 23:30", "call", "2026-11-24 23:30",
            purpose="service"),  # no federal hours for service calls
    # DST: 2026-03-08 (spring forward at 02:00) and 2026-11-01 (fall back at 02:00)
    Example(NY, "2026-03-08 07:59", "defer", "2026-03-08 08:00"),
    Example(NY, "2026-03-08 08:00", "call", "2026-03-08 08:00"),
    Example(NY, "2026-11-01 07:59", "defer", "2026-11-01 08:00"),
    Example(NY, "2026-11-01 21:00", "defer", "2026-11-02 08:00"),
    # TCPA 227(b): an artificial or prerecorded voice (an AI voice too, FCC 24-17) needs prior express
    # consent, for every purpose; an autodialled call answered by a person carries the ATDS/abandonment note
    Example(NY, "2026-11-24 12:00", "block", None, ("consent_required",), call_type="prerecorded"),
    Example(NY, "2026-11-24 12:00", "block", None, ("consent_required",), purpose="personal", call_type="prerecorded"),
    Example(NY, "2026-11-24 12:00", "call", "2026-11-24 12:00", call_type="prerecorded", consent=True),
    Example(NY, "2026-11-24 20:59", "call", "2026-11-24 20:59", call_type="prerecorded", consent=True),
    Example(NY, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",), call_type="prerecorded",
            consent=True),
    Example(NY, "2026-11-24 12:00", "call", "2026-11-24 12:00", ("advisory",), call_type="automated"),
    Example(NY, "2026-11-24 12:00", "sms", "2026-11-24 12:00", channel="sms", call_type="prerecorded"),  # calls only
]

globals().update(suite("US", US, golden_numbers=[NY, LA], golden_dates=[date(2026, 3, 8), date(2026, 11, 1)]))
