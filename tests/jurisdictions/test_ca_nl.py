"""Newfoundland and Labrador: Collections Regulations s. 12(1)(c) (no contact 22:00-08:00)."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# No collection contact between 22:00 and 08:00; no day rule. A 709 number also has Labrador's
# Atlantic zone: the examples name the contact's zone.
ST_JOHNS = "+1 709 555 0123"
Z = {"zone": "America/St_Johns"}
C = "collection"
CA_NL = [
    Example(ST_JOHNS, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",), purpose=C, hints=Z),
    Example(ST_JOHNS, "2026-11-24 08:00", "call", "2026-11-24 08:00", purpose=C, hints=Z),
    Example(ST_JOHNS, "2026-11-24 21:59", "call", "2026-11-24 21:59", purpose=C, hints=Z),
    Example(ST_JOHNS, "2026-11-24 22:00", "defer", "2026-11-25 08:00", ("outside_hours",), purpose=C, hints=Z),
    Example(ST_JOHNS, "2026-11-29 12:00", "call", "2026-11-29 12:00", purpose=C, hints=Z),  # Sunday: no day rule
    Example(ST_JOHNS, "2026-11-24 22:00", "defer", "2026-11-25 08:00", ("outside_hours",),
            channel="sms", purpose=C, hints=Z),
    Example(ST_JOHNS, "2026-11-24 23:00", "call", "2026-11-24 23:00", purpose="service", hints=Z),
]

globals().update(suite("CA-NL", CA_NL, golden_numbers=[ST_JOHNS]))
