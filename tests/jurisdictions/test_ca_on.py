"""Ontario: Collection and Debt Settlement Services Act, Reg. 74."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Ontario collection: Mon-Sat 07:00-21:00, Sunday 13:00-17:00, never on a holiday;
# calls and texts (contact incl. email/voicemail); every contact kind.
# Sales calls see the federal CRTC rule only (weekdays 09:00-21:30, weekends 10:00-18:00).
TORONTO = "+1 416 555 0123"
C = "collection"
CA_ON = [
    Example(TORONTO, "2026-11-24 06:59", "defer", "2026-11-24 07:00", ("outside_hours",), purpose=C),
    Example(TORONTO, "2026-11-24 07:00", "call", "2026-11-24 07:00", purpose=C),
    Example(TORONTO, "2026-11-24 20:59", "call", "2026-11-24 20:59", purpose=C),
    Example(TORONTO, "2026-11-24 21:00", "defer", "2026-11-25 07:00", ("outside_hours",), purpose=C),
    Example(TORONTO, "2026-11-28 06:59", "defer", "2026-11-28 07:00", ("outside_hours",), purpose=C),  # Saturday
    Example(TORONTO, "2026-11-28 21:00", "defer", "2026-11-29 13:00", ("outside_hours",), purpose=C),  # -> Sunday 13:00
    Example(TORONTO, "2026-11-29 12:59", "defer", "2026-11-29 13:00", ("outside_hours",), purpose=C),  # Sunday
    Example(TORONTO, "2026-11-29 13:00", "call", "2026-11-29 13:00", purpose=C),
    Example(TORONTO, "2026-11-29 16:59", "call", "2026-11-29 16:59", purpose=C),
    Example(TORONTO, "2026-11-29 17:00", "defer", "2026-11-30 07:00", ("outside_hours",), purpose=C),
    # holidays (Ontario list)
    Example(TORONTO, "2026-10-12 10:00", "defer", "2026-10-13 07:00", ("public_holiday",), purpose=C),  # Thanksgiving
    Example(TORONTO, "2026-10-11 17:00", "defer", "2026-10-13 07:00", purpose=C),  # Sunday before it
    Example(TORONTO, "2026-02-16 12:00", "defer", "2026-02-17 07:00", ("public_holiday",), purpose=C),  # Family Day
    Example(TORONTO, "2026-12-26 10:00", "defer", "2026-12-27 13:00",
            ("public_holiday",), purpose=C),  # Boxing Day (Sat)
    Example(TORONTO, "2026-12-27 17:00", "defer", "2026-12-29 07:00", purpose=C),  # Boxing Day observed Mon 28
    # texts and business contacts are covered
    Example(TORONTO, "2026-11-24 21:00", "defer", "2026-11-25 07:00", ("outside_hours",), channel="sms", purpose=C),
    Example(TORONTO, "2026-11-29 12:59", "defer", "2026-11-29 13:00", channel="sms", purpose=C),
    Example(TORONTO, "2026-11-24 21:00", "defer", "2026-11-25 07:00", purpose=C, contact="business"),
    # other purposes: no Ontario rule
    Example(TORONTO, "2026-10-12 10:00", "call", "2026-10-12 10:00"),  # sales on Thanksgiving: federal hours only
    Example(TORONTO, "2026-11-24 21:30", "defer", "2026-11-25 09:00"),  # sales: federal 21:30
    Example(TORONTO, "2026-11-24 23:00", "call", "2026-11-24 23:00", purpose="service"),
]

globals().update(
    suite("CA-ON", CA_ON, golden_numbers=[TORONTO],
          golden_dates=[date(2026, 10, 12), date(2026, 12, 26), date(2026, 12, 28)])
)
