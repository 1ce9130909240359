"""Poland: KPF 'Zasady Dobrych Praktyk' (collection, self-regulation, low confidence)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# KPF: collection calls on working days 06:00-22:00; weekends (and, stricter, public
# holidays) 08:00-20:00. Calls only.
WARSAW = "+48 22 123 45 67"
C = "collection"
PL = [
    Example(WARSAW, "2026-11-24 05:59", "defer", "2026-11-24 06:00", ("outside_hours",), purpose=C),
    Example(WARSAW, "2026-11-24 06:00", "call", "2026-11-24 06:00", purpose=C),
    Example(WARSAW, "2026-11-24 21:59", "call", "2026-11-24 21:59", purpose=C),
    Example(WARSAW, "2026-11-24 22:00", "defer", "2026-11-25 06:00", ("outside_hours",), purpose=C),
    Example(WARSAW, "2026-11-27 22:00", "defer", "2026-11-28 08:00", purpose=C),  # Friday -> Saturday 08:00
    Example(WARSAW, "2026-11-28 07:59", "defer", "2026-11-28 08:00", ("outside_hours",), purpose=C),  # Saturday
    Example(WARSAW, "2026-11-28 08:00", "call", "2026-11-28 08:00", purpose=C),
    Example(WARSAW, "2026-11-28 19:59", "call", "2026-11-28 19:59", purpose=C),
    Example(WARSAW, "2026-11-28 20:00", "defer", "2026-11-29 08:00", ("outside_hours",), purpose=C),
    Example(WARSAW, "2026-11-29 20:00", "defer", "2026-11-30 06:00", ("outside_hours",), purpose=C),  # Sunday
    # public holidays as weekend days
    Example(WARSAW, "2026-11-11 07:00", "defer", "2026-11-11 08:00", ("outside_hours",), purpose=C),  # Independence Day
    Example(WARSAW, "2026-11-11 20:00", "defer", "2026-11-12 06:00", ("outside_hours",), purpose=C),
    Example(WARSAW, "2026-12-24 07:00", "defer", "2026-12-24 08:00", ("outside_hours",), purpose=C),  # Christmas Eve
    Example(WARSAW, "2026-11-10 22:00", "defer", "2026-11-11 08:00", purpose=C),
    # every contact kind; calls only; collection only
    Example(WARSAW, "2026-11-24 22:00", "defer", "2026-11-25 06:00", purpose=C, contact="business"),
    Example(WARSAW, "2026-11-24 23:00", "sms", "2026-11-24 23:00", channel="sms", purpose=C),
    # sales: art. 398 p.k.e. (from 2024-11-10) - no marketing call or text without consent
    Example(WARSAW, "2026-11-24 12:00", "block", None, ("consent_required",)),
    Example(WARSAW, "2026-11-24 12:00", "block", None, ("consent_required",), contact="business"),
    Example(WARSAW, "2026-11-24 12:00", "block", None, ("consent_required",), channel="sms"),
    Example(WARSAW, "2026-11-24 23:00", "call", "2026-11-24 23:00", consent=True),  # no hours found
    Example(WARSAW, "2024-11-09 12:00", "call", "2024-11-09 12:00"),  # before p.k.e.
    Example(WARSAW, "2024-11-10 12:00", "block", None, ("consent_required",)),
]

globals().update(suite("PL", PL, golden_numbers=[WARSAW], golden_dates=[date(2026, 11, 11), date(2026, 12, 24)]))
