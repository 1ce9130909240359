"""Brazil: marketing SMS carrier window; Não Me Perturbe advisory."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# Marketing SMS (carrier rule via Twilio): 09:00-22:00 local, never Sunday.
# Não Me Perturbe: a block list for telecom and payroll-loan offers (advisory).
SAO_PAULO = "+55 11 2345 6789"  # America/Sao_Paulo
MANAUS = "+55 92 3232 1234"  # America/Manaus: local time of the area code
S = "sms"
BR = [
    Example(SAO_PAULO, "2026-11-24 08:59", "defer", "2026-11-24 09:00", ("outside_hours",), channel=S),
    Example(SAO_PAULO, "2026-11-24 09:00", "sms", "2026-11-24 09:00", ("advisory",), channel=S),
    Example(SAO_PAULO, "2026-11-24 21:59", "sms", "2026-11-24 21:59", channel=S),
    Example(SAO_PAULO, "2026-11-24 22:00", "defer", "2026-11-25 09:00", ("outside_hours",), channel=S),
    Example(SAO_PAULO, "2026-11-28 21:59", "sms", "2026-11-28 21:59", channel=S),  # Saturday
    Example(SAO_PAULO, "2026-11-28 22:00", "defer", "2026-11-30 09:00", ("outside_hours",), channel=S),
    Example(SAO_PAULO, "2026-11-29 12:00", "defer", "2026-11-30 09:00", ("closed_day",), channel=S),  # Sunday
    Example(SAO_PAULO, "2026-11-20 12:00", "sms", "2026-11-20 12:00",
            channel=S),  # Black Awareness Day: holidays not named
    Example(MANAUS, "2026-11-24 21:59", "sms", "2026-11-24 21:59", channel=S),
    Example(MANAUS, "2026-11-24 22:00", "defer", "2026-11-25 09:00", ("outside_hours",), channel=S),
    Example(SAO_PAULO, "2026-11-24 23:00", "call", "2026-11-24 23:00", ("advisory",)),  # sales calls: no hours
    Example(SAO_PAULO, "2026-11-24 23:00", "sms", "2026-11-24 23:00", channel=S, purpose="collection"),
    Example(MANAUS, "2026-11-24 23:00", "call", "2026-11-24 23:00", purpose="collection"),  # no national hours
    # (a São Paulo number: São Paulo state's collection hours bind by its DDD, tests/jurisdictions/test_br_sp.py)
]

globals().update(suite("BR", BR, golden_numbers=[SAO_PAULO, MANAUS], golden_dates=[date(2026, 11, 20)]))
