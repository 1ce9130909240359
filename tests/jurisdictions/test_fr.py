"""France: Code de la consommation D.223-9 (décret 2022-1313)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# France, Code de la consommation D.223-9 (décret 2022-1313, from 2023-03-01):
# prospecting calls Mon-Fri 10:00-13:00 and 14:00-20:00, no weekend, no public holiday.
# C. consom. L.223-1 (Loi 2025-594, from 2026-08-11): no prospecting call without the consumer's
# prior consent (or an ongoing contract the call relates to: contract=True): block. The hour
# examples from then on are calls with consent; consent does not lift D.223-9's hours.
PARIS = "+33 1 23 45 67 89"
REUNION = "+262 262 16 12 34"  # Indian/Reunion
MARTINIQUE = "+596 596 30 12 34"  # America/Martinique
FR = [
    Example(PARIS, "2026-11-24 09:59", "defer", "2026-11-24 10:00", ("outside_hours",), consent=True),
    Example(PARIS, "2026-11-24 10:00", "call", "2026-11-24 10:00", consent=True),
    Example(PARIS, "2026-11-24 12:59", "call", "2026-11-24 12:59", consent=True),
    Example(PARIS, "2026-11-24 13:00", "defer", "2026-11-24 14:00", ("outside_hours",), consent=True),
    Example(PARIS, "2026-11-24 14:00", "call", "2026-11-24 14:00", consent=True),
    Example(PARIS, "2026-11-24 19:59", "call", "2026-11-24 19:59", consent=True),
    Example(PARIS, "2026-11-24 20:00", "defer", "2026-11-25 10:00", ("outside_hours",), consent=True),
    Example(PARIS, "2026-11-27 20:00", "defer", "2026-11-30 10:00", consent=True),  # Friday evening -> Monday
    Example(PARIS, "2026-11-28 11:00", "defer", "2026-11-30 10:00", ("closed_day",), consent=True),  # Saturday
    Example(PARIS, "2026-11-29 11:00", "defer", "2026-11-30 10:00", ("closed_day",), consent=True),  # Sunday
    # Armistice (Wed)
    Example(PARIS, "2026-11-11 11:00", "defer", "2026-11-12 10:00", ("public_holiday",), consent=True),
    Example(PARIS, "2026-11-24 21:00", "sms", "2026-11-24 21:00",
            channel="sms", consent=True),  # decree: calls only; SMS practice: to 22:00
    # consumers only (no consent needed)
    Example(PARIS, "2026-11-24 09:00", "call", "2026-11-24 09:00", contact="business"),
    # L.223-1: without consent never, at any hour; with it, D.223-9's hours
    Example(PARIS, "2026-11-25 11:00", "block", None, ("consent_required",)),
    Example(PARIS, "2026-11-25 11:00", "call", "2026-11-25 11:00", contract=True),  # within a contract
    Example(PARIS, "2026-11-25 20:00", "defer", "2026-11-26 10:00", ("outside_hours",), contract=True),  # D223-9
    Example(PARIS, "2026-11-28 11:00", "block", None, ("consent_required",)),
    Example(PARIS, "2026-08-10 11:00", "call", "2026-08-10 11:00"),  # Monday before the opt-in
    Example(PARIS, "2026-08-11 11:00", "block", None, ("consent_required",)),  # Tuesday, first day
    Example(PARIS, "2026-08-11 11:00", "call", "2026-08-11 11:00", consent=True),
    Example(PARIS, "2026-11-25 11:00", "sms", "2026-11-25 11:00", channel="sms", consent=True),  # calls only
    Example(PARIS, "2026-11-25 11:00", "call", "2026-11-25 11:00", purpose="service"),
    # overseas departments: the same law, read in their own zone and calendar
    Example(REUNION, "2026-11-25 11:00", "block", None, ("consent_required",)),
    Example(REUNION, "2026-11-25 09:59", "defer", "2026-11-25 10:00", ("outside_hours",), consent=True),
    Example(REUNION, "2026-11-25 19:59", "call", "2026-11-25 19:59", consent=True),
    Example(REUNION, "2026-12-18 20:00", "defer", "2026-12-21 10:00", consent=True),  # Fri; 20 Dec is a Sunday
    Example(REUNION, "2027-12-20 11:00", "defer", "2027-12-21 10:00",
            ("public_holiday",), consent=True),  # Abolition of Slavery Day (Monday in 2027)
    Example(MARTINIQUE, "2026-11-25 11:00", "block", None, ("consent_required",)),
    Example(MARTINIQUE, "2026-11-25 20:00", "defer", "2026-11-26 10:00", ("outside_hours",), consent=True),
    Example(PARIS, "2023-02-28 09:00", "call", "2023-02-28 09:00"),  # before the decree took effect
    Example(PARIS, "2026-03-29 09:59", "defer", "2026-03-30 10:00"),  # Sunday of the DST change
    # Marketing SMS, operator practice (not law): not 22:00-08:00, never Sundays or public holidays
    # (shown with consent: without it the ePrivacy Directive refuses a marketing text: test_eu.py).
    Example(PARIS, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",), channel="sms", consent=True),
    Example(PARIS, "2026-11-24 08:00", "sms", "2026-11-24 08:00", channel="sms", consent=True),
    Example(PARIS, "2026-11-24 21:59", "sms", "2026-11-24 21:59", channel="sms", consent=True),
    Example(PARIS, "2026-11-24 22:00", "defer", "2026-11-25 08:00", ("outside_hours",), channel="sms", consent=True),
    Example(PARIS, "2026-11-28 21:59", "sms", "2026-11-28 21:59", channel="sms", consent=True),  # Saturday allowed
    # -> Monday
    Example(PARIS, "2026-11-28 22:00", "defer", "2026-11-30 08:00", ("outside_hours",), channel="sms", consent=True),
    # Sunday
    Example(PARIS, "2026-11-29 12:00", "defer", "2026-11-30 08:00", ("closed_day",), channel="sms", consent=True),
    # Armistice
    Example(PARIS, "2026-11-11 12:00", "defer", "2026-11-12 08:00", ("public_holiday",), channel="sms", consent=True),
    Example(PARIS, "2026-11-24 23:00", "sms", "2026-11-24 23:00", channel="sms", purpose="service"),  # transactional
    # before the dated source
    Example(PARIS, "2017-12-31 12:00", "sms", "2017-12-31 12:00", channel="sms", consent=True),
]

globals().update(suite("FR", FR, golden_numbers=[PARIS, REUNION], golden_dates=[date(2026, 11, 11), date(2026, 3, 29)]))
