"""Norway: markedsføringsloven § 14 (telephone marketing to consumers, weekdays 09:00-21:00) and
§ 15 (marketing texts and automated marketing calls need prior consent)."""

from __future__ import annotations

from datetime import date

from examples import Example
from jurisdiction_base import suite

# § 14: sales calls to consumers on working days 09:00-21:00 only; never on Saturdays,
# Sundays, public holidays or days equal to them. Calls only, consumers only. § 15: texts and
# automated calls to natural persons (consumers and people at work) only with prior consent.
OSLO = "+47 22 12 34 56"
NO = [
    Example(OSLO, "2026-11-24 08:59", "defer", "2026-11-24 09:00", ("outside_hours",)),
    Example(OSLO, "2026-11-24 09:00", "call", "2026-11-24 09:00"),
    Example(OSLO, "2026-11-24 20:59", "call", "2026-11-24 20:59"),
    Example(OSLO, "2026-11-24 21:00", "defer", "2026-11-25 09:00", ("outside_hours",)),
    Example(OSLO, "2026-11-27 21:00", "defer", "2026-11-30 09:00", ("outside_hours",)),  # Friday -> Monday
    Example(OSLO, "2026-11-28 12:00", "defer", "2026-11-30 09:00", ("closed_day",)),  # Saturday
    Example(OSLO, "2026-11-29 12:00", "defer", "2026-11-30 09:00", ("closed_day",)),  # Sunday
    # Christmas Day (Fri), Second Day of Christmas (Sat), Sunday: Monday 28 December
    Example(OSLO, "2026-12-25 12:00", "defer", "2026-12-28 09:00", ("public_holiday",)),
    Example(OSLO, "2026-05-01 12:00", "defer", "2026-05-04 09:00", ("public_holiday",)),  # Labour Day (Fri)
    Example(OSLO, "2026-11-28 12:00", "call", "2026-11-28 12:00", contact="business"),  # consumers only
    # § 15: a marketing text, or an automated (recorded, synthetic) marketing call, needs prior consent
    Example(OSLO, "2026-11-28 12:00", "block", None, ("consent_required",), channel="sms"),
    Example(OSLO, "2026-11-28 12:00", "sms", "2026-11-28 12:00", channel="sms", consent=True),  # § 14: calls only
    Example(OSLO, "2026-11-24 12:00", "block", None, ("consent_required",), channel="sms",
            contact="business"),  # natural persons at work too (stricter)
    Example(OSLO, "2026-11-24 12:00", "sms", "2026-11-24 12:00", channel="sms", purpose="service"),
    Example(OSLO, "2026-11-24 12:00", "sms", "2026-11-24 12:00", channel="sms", purpose="collection"),
    Example(OSLO, "2001-02-28 23:59", "sms", "2001-02-28 23:59", channel="sms"),  # before § 2b's consent rule
    Example(OSLO, "2001-03-01 00:00", "block", None, ("consent_required",), channel="sms"),
    Example(OSLO, "2026-11-24 12:00", "block", None, ("consent_required",), call_type="prerecorded"),
    Example(OSLO, "2026-11-24 12:00", "call", "2026-11-24 12:00", call_type="prerecorded", consent=True),
    Example(OSLO, "2026-11-24 08:59", "defer", "2026-11-24 09:00", ("outside_hours",),
            call_type="prerecorded", consent=True),  # consent lifts § 15, not § 14's hours
    Example(OSLO, "2026-11-24 12:00", "call", "2026-11-24 12:00", call_type="automated"),  # a person takes it
    Example(OSLO, "2026-11-24 12:00", "block", None, ("consent_required",), call_type="prerecorded",
            contact="business"),
    Example(OSLO, "2001-02-28 23:59", "call", "2001-02-28 23:59", call_type="prerecorded"),
    Example(OSLO, "2001-03-01 00:00", "block", None, ("consent_required",), call_type="prerecorded"),
    Example(OSLO, "2026-11-28 12:00", "call", "2026-11-28 12:00", purpose="collection"),
    Example(OSLO, "2016-12-31 12:00", "call", "2016-12-31 12:00"),  # before the 2017 amendment (assumed start)
]

globals().update(suite("NO", NO, golden_numbers=[OSLO], golden_dates=[date(2026, 12, 25), date(2026, 5, 1)]))
