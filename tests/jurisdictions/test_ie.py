"""Ireland: Consumer Credit Act 1995 s.46 (CPC 2012 cap: data only)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# s.46: no phone call to a consumer, for any purpose connected with the agreement
# (collection, service), between 21:00 and 09:00, nor at any time on a Sunday or a
# public holiday, without the consumer's consent. Calls only.
DUBLIN = "+353 1 234 5678"
C = "collection"
IE = [
    Example(DUBLIN, "2026-11-24 08:59", "defer", "2026-11-24 09:00", ("outside_hours",), purpose=C),
    Example(DUBLIN, "2026-11-24 09:00", "call", "2026-11-24 09:00", purpose=C),
    Example(DUBLIN, "2026-11-24 20:59", "call", "2026-11-24 20:59", purpose=C),
    Example(DUBLIN, "2026-11-24 21:00", "defer", "2026-11-25 09:00", ("outside_hours",), purpose=C),
    Example(DUBLIN, "2026-11-28 09:00", "call", "2026-11-28 09:00", purpose=C),  # Saturday
    Example(DUBLIN, "2026-11-28 21:00", "defer", "2026-11-30 09:00", purpose=C),  # Sat -> Sunday closed -> Mon
    Example(DUBLIN, "2026-11-29 12:00", "defer", "2026-11-30 09:00", ("closed_day",), purpose=C),  # Sunday
    Example(DUBLIN, "2026-10-26 12:00", "defer", "2026-10-27 09:00", ("public_holiday",), purpose=C),  # October BH
    Example(DUBLIN, "2026-03-17 12:00", "defer", "2026-03-18 09:00", ("public_holiday",), purpose=C),  # St Patrick's
    Example(DUBLIN, "2026-12-24 21:00", "defer", "2026-12-28 09:00", purpose=C),  # 25, 26 (Sat), Sun
    # service contacts connected with the agreement too
    Example(DUBLIN, "2026-11-24 21:00", "defer", "2026-11-25 09:00", ("outside_hours",), purpose="service"),
    Example(DUBLIN, "2026-11-29 12:00", "defer", "2026-11-30 09:00", ("closed_day",), purpose="service"),
    # consent lifts the whole section
    Example(DUBLIN, "2026-11-29 12:00", "call", "2026-11-29 12:00", purpose=C, consent=True),
    Example(DUBLIN, "2026-11-24 23:00", "call", "2026-11-24 23:00", purpose=C, consent=True),
    # consumers, calls, these purposes only
    Example(DUBLIN, "2026-11-29 12:00", "call", "2026-11-29 12:00", purpose=C, contact="business"),
    Example(DUBLIN, "2026-11-24 23:00", "sms", "2026-11-24 23:00", channel="sms", purpose=C),
    Example(DUBLIN, "2026-11-29 12:00", "call", "2026-11-29 12:00"),  # sales: not covered
    Example(DUBLIN, "1996-05-12 12:00", "call", "1996-05-12 12:00", purpose=C),  # before commencement (Sunday)
]

globals().update(
    suite("IE", IE, golden_numbers=[DUBLIN], golden_dates=[date(2026, 10, 26), date(2026, 12, 25), date(2026, 12, 26)])
)
