"""Massachusetts: 201 CMR 12.02 (sales), 940 CMR 7.04 / 209 CMR 18.16 (debt collection)."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# Massachusetts: unsolicited sales calls 08:00-20:00 every day (201 CMR 12.02(2));
# debt collection calls and texts 08:00-21:00 (940 CMR 7.04(1)(f), 209 CMR 18.16).
# The collection cap (2 per 7 days per debt) is data only: not enforced yet.
BOS = "+1 617 555 0123"  # Boston, America/New_York
US_MA = [
    Example(BOS, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",)),
    Example(BOS, "2026-11-24 08:00", "call", "2026-11-24 08:00"),
    Example(BOS, "2026-11-24 19:59", "call", "2026-11-24 19:59"),
    Example(BOS, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",)),
    Example(BOS, "2026-11-24 20:00", "defer", "2026-11-25 08:00", ("outside_hours",), contact="business"),
    Example(BOS, "2026-11-24 20:00", "sms", "2026-11-24 20:00", channel="sms"),  # sales rule: calls only
    Example(BOS, "2026-11-24 21:00", "defer", "2026-11-25 08:00", channel="sms"),  # TCPA
    Example(BOS, "2026-11-29 10:00", "call", "2026-11-29 10:00"),  # Sunday
    Example(BOS, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",), purpose="collection"),
    Example(BOS, "2026-11-24 08:00", "call", "2026-11-24 08:00", purpose="collection"),
    Example(BOS, "2026-11-24 20:59", "call", "2026-11-24 20:59", purpose="collection"),
    Example(BOS, "2026-11-24 21:00", "defer", "2026-11-25 08:00", ("outside_hours",), purpose="collection"),
    Example(BOS, "2026-11-24 20:59", "sms", "2026-11-24 20:59", channel="sms", purpose="collection"),
    Example(BOS, "2026-11-24 21:00", "defer", "2026-11-25 08:00",
            ("outside_hours",), channel="sms", purpose="collection"),
    Example(BOS, "2026-11-24 07:00", "call", "2026-11-24 07:00", purpose="service"),
]

globals().update(suite("US-MA", US_MA, golden_numbers=[BOS]))
