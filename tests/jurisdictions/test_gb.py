"""United Kingdom: FCA CONC 7.9.4R (note), DMA Code old s.21.41, PECR/TPS (note)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# DMA Code (old s.21.41, self-regulation): no marketing calls or texts 21:00-08:00 Mon-Fri,
# 21:00-09:00 Sat-Sun, without permission; PECR: advice (TPS, consent for texts).
# Collection (CONC 7.9.4R): no fixed hours, a note; never closes time.
LONDON = "+44 20 7946 0958"
GB = [
    Example(LONDON, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours", "advisory")),
    Example(LONDON, "2026-11-24 08:00", "call", "2026-11-24 08:00", ("advisory",)),
    Example(LONDON, "2026-11-24 20:59", "call", "2026-11-24 20:59"),
    Example(LONDON, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",)),
    Example(LONDON, "2026-11-27 21:00", "defer", "2026-11-28 09:00"),  # Friday -> Saturday 09:00
    Example(LONDON, "2026-11-28 08:00", "defer", "2026-11-28 09:00", ("outside_hours",)),  # Saturday
    Example(LONDON, "2026-11-28 08:59", "defer", "2026-11-28 09:00", ("outside_hours",)),
    Example(LONDON, "2026-11-28 09:00", "call", "2026-11-28 09:00"),
    Example(LONDON, "2026-11-29 20:59", "call", "2026-11-29 20:59"),  # Sunday: caution only, not closed
    Example(LONDON, "2026-11-29 21:00", "defer", "2026-11-30 08:00", ("outside_hours",)),
    Example(LONDON, "2026-12-28 08:00", "call", "2026-12-28 08:00"),  # bank holiday (Mon): not closed
    # texts too; permission lifts the hours
    Example(LONDON, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",), channel="sms"),
    Example(LONDON, "2026-11-28 08:59", "defer", "2026-11-28 09:00", channel="sms"),
    Example(LONDON, "2026-11-24 23:00", "call", "2026-11-24 23:00", ("advisory",), consent=True),
    Example(LONDON, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",), contact="business"),
    # collection: no fixed hours (a note on every decision); service: nothing
    Example(LONDON, "2026-11-24 03:00", "call", "2026-11-24 03:00", ("no_fixed_hours",), purpose="collection"),
    Example(LONDON, "2026-11-29 23:00", "sms", "2026-11-29 23:00",
            ("no_fixed_hours",), channel="sms", purpose="collection"),
    Example(LONDON, "2026-11-24 03:00", "call", "2026-11-24 03:00", purpose="service"),
    # PECR reg. 19: recorded marketing by an automated calling system only with the subscriber's consent
    Example(LONDON, "2026-11-24 12:00", "block", None, ("consent_required",), call_type="prerecorded"),
    Example(LONDON, "2026-11-24 12:00", "call", "2026-11-24 12:00", call_type="prerecorded", consent=True),
    Example(LONDON, "2026-11-24 12:00", "call", "2026-11-24 12:00", purpose="service", call_type="prerecorded"),
]

globals().update(suite("GB", GB, golden_numbers=[LONDON], golden_dates=[date(2026, 12, 28)]))
