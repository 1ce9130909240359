"""Spain: TRLGDCU art. 96.2 and the telecom operators' 2022 code of conduct."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# TRLGDCU 96.2: commercial calls to consumers Mon-Fri 09:00-21:00, never on weekends or
# festivos (national; the region's when a subdivision hint names it). Operators' code
# (2022, applied to all): 10:00-15:00 and 16:00-21:00. Together: weekdays 10-15, 16-21.
# LGTel 11/2022 art. 66.1.b (from 2023-06-29): no commercial call without prior consent (or an
# existing customer relationship, which the engine cannot be told: blocked). The hour examples
# below are calls with consent.
MADRID = "+34 91 123 45 67"
TENERIFE = "+34 922 123 456"  # Canary Islands: Atlantic/Canary, an hour behind Madrid
ES = [
    Example(MADRID, "2026-11-24 08:59", "defer", "2026-11-24 10:00", ("outside_hours",), consent=True),
    # law allows, the code not
    Example(MADRID, "2026-11-24 09:00", "defer", "2026-11-24 10:00", ("outside_hours",), consent=True),
    Example(MADRID, "2026-11-24 09:59", "defer", "2026-11-24 10:00", ("outside_hours",), consent=True),
    Example(MADRID, "2026-11-24 10:00", "call", "2026-11-24 10:00", consent=True),
    Example(MADRID, "2026-11-24 14:59", "call", "2026-11-24 14:59", consent=True),
    Example(MADRID, "2026-11-24 15:00", "defer", "2026-11-24 16:00", ("outside_hours",), consent=True),  # lunch gap
    Example(MADRID, "2026-11-24 16:00", "call", "2026-11-24 16:00", consent=True),
    Example(MADRID, "2026-11-24 20:59", "call", "2026-11-24 20:59", consent=True),
    Example(MADRID, "2026-11-24 21:00", "defer", "2026-11-25 10:00", ("outside_hours",), consent=True),
    Example(MADRID, "2026-11-27 21:00", "defer", "2026-11-30 10:00", consent=True),  # Friday -> Monday
    Example(MADRID, "2026-11-28 12:00", "defer", "2026-11-30 10:00", ("closed_day",), consent=True),  # Saturday
    Example(MADRID, "2026-11-29 12:00", "defer", "2026-11-30 10:00", ("closed_day",), consent=True),  # Sunday
    # Inmaculada (Tue)
    Example(MADRID, "2026-12-08 12:00", "defer", "2026-12-09 10:00", ("public_holiday",), consent=True),
    # regional festivo: only known with a subdivision hint
    Example(MADRID, "2026-11-02 12:00", "call", "2026-11-02 12:00", consent=True),  # Madrid's Monday after All Saints
    Example(MADRID, "2026-11-02 12:00", "defer", "2026-11-03 10:00",
            ("public_holiday",), hints={"subdivision": "ES-MD"}, consent=True),
    # not in Catalonia
    Example(MADRID, "2026-11-02 12:00", "call", "2026-11-02 12:00", hints={"subdivision": "ES-CT"}, consent=True),
    # LGTel 66.1.b: without consent never (block), for consumers and business lines alike
    Example(MADRID, "2026-11-24 12:00", "block", None, ("consent_required",)),
    Example(MADRID, "2026-11-28 12:00", "block", None, ("consent_required",)),
    Example(MADRID, "2026-11-24 12:00", "block", None, ("consent_required",), contact="business"),
    Example(MADRID, "2023-06-28 12:00", "call", "2023-06-28 12:00"),  # the day before 66.1.b took effect
    Example(MADRID, "2023-06-29 12:00", "block", None, ("consent_required",)),
    # the hour rules: consumers and calls only
    Example(MADRID, "2026-11-28 12:00", "call", "2026-11-28 12:00", contact="business", consent=True),
    Example(MADRID, "2026-11-28 23:00", "sms", "2026-11-28 23:00", channel="sms", consent=True),
    Example(MADRID, "2026-11-29 23:00", "call", "2026-11-29 23:00", purpose="collection"),
    # the contact's own zone
    Example(TENERIFE, "2026-11-24 09:59", "defer", "2026-11-24 10:00", ("outside_hours",), consent=True),
    Example(TENERIFE, "2026-11-24 20:59", "call", "2026-11-24 20:59", consent=True),
    # effective dates: the law from 2014-06-13, the code from 2022
    Example(MADRID, "2014-06-12 22:00", "call", "2014-06-12 22:00"),
    Example(MADRID, "2014-06-13 22:00", "defer", "2014-06-16 09:00"),  # Friday night -> Monday 09:00
    Example(MADRID, "2021-12-31 09:30", "call", "2021-12-31 09:30"),
    Example(MADRID, "2022-01-03 09:30", "defer", "2022-01-03 10:00", ("outside_hours",)),
]

globals().update(suite("ES", ES, golden_numbers=[MADRID], golden_dates=[date(2026, 12, 8), date(2026, 11, 2)]))
