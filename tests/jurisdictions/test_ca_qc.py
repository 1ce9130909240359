"""Quebec: collection agencies (Office de la protection du consommateur)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Quebec collection: Mon-Sat 08:00-20:00, never Sunday or a statutory holidays (the
# holidays package's Quebec list + Easter Monday from the OPC list); calls and texts.
# Sales calls see the federal CRTC rule only.
MONTREAL = "+1 514 555 0123"
C = "collection"
CA_QC = [
    Example(MONTREAL, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",), purpose=C),
    Example(MONTREAL, "2026-11-24 08:00", "call", "2026-11-24 08:00", purpose=C),
    Example(MONTREAL, "2026-11-24 19:59", "call", "2026-11-24 19:59", purpose=C),
    Example(MONTREAL, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",), purpose=C),
    Example(MONTREAL, "2026-11-28 19:59", "call", "2026-11-28 19:59", purpose=C),  # Saturday
    Example(MONTREAL, "2026-11-28 20:00", "defer", "2026-11-30 08:00", purpose=C),  # -> Monday
    Example(MONTREAL, "2026-11-29 12:00", "defer", "2026-11-30 08:00", ("closed_day",), purpose=C),  # Sunday
    # statutory holidays
    Example(MONTREAL, "2026-06-24 10:00", "defer", "2026-06-25 08:00",
            ("public_holiday",), purpose=C),  # Fete nationale
    Example(MONTREAL, "2026-05-18 10:00", "defer", "2026-05-19 08:00", ("public_holiday",), purpose=C),  # Patriots' Day
    Example(MONTREAL, "2026-04-03 10:00", "defer", "2026-04-04 08:00", ("public_holiday",), purpose=C),  # Good Friday
    Example(MONTREAL, "2026-04-06 10:00", "defer", "2026-04-07 08:00",
            ("statutory_no_call_day",), purpose=C),  # Easter Mon
    Example(MONTREAL, "2026-04-04 20:00", "defer", "2026-04-07 08:00", purpose=C),  # Sat -> Sun, Easter Monday closed
    Example(MONTREAL, "2029-06-30 20:00", "defer", "2029-07-03 08:00", purpose=C),  # 1 Jul is a Sunday: 2 Jul closed
    Example(MONTREAL, "2029-06-23 20:00", "defer", "2029-06-26 08:00", purpose=C),  # 24 Jun a Sunday: 25 Jun observed
    # texts and business contacts are covered
    Example(MONTREAL, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",), channel="sms", purpose=C),
    Example(MONTREAL, "2026-11-29 12:00", "defer", "2026-11-30 08:00", ("closed_day",), purpose=C, contact="business"),
    # other purposes: no Quebec rule
    Example(MONTREAL, "2026-06-24 10:00", "call", "2026-06-24 10:00"),  # sales: federal hours only
    Example(MONTREAL, "2026-11-24 21:29", "call", "2026-11-24 21:29"),
    Example(MONTREAL, "2026-11-29 12:00", "call", "2026-11-29 12:00", purpose="service"),
]

globals().update(
    suite("CA-QC", CA_QC, golden_numbers=[MONTREAL],
          golden_dates=[date(2026, 4, 3), date(2026, 4, 6), date(2026, 6, 24)])
)
