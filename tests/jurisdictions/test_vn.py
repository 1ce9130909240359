"""Vietnam: Decree 91/2020 (advertising calls 08:00-17:00, texts 07:00-22:00, daily caps)."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# From 2020-10-01: advertising calls 08:00-17:00 and texts 07:00-22:00, every day. The caps
# (1 call, 3 texts per 24 h) need a history and are tested with the caps engine.
HANOI = "+84 24 3123 4567"
VN = [
    Example(HANOI, "2026-11-24 07:59", "defer", "2026-11-24 08:00", ("outside_hours",)),
    Example(HANOI, "2026-11-24 08:00", "call", "2026-11-24 08:00"),
    Example(HANOI, "2026-11-24 16:59", "call", "2026-11-24 16:59"),
    Example(HANOI, "2026-11-24 17:00", "defer", "2026-11-25 08:00", ("outside_hours",)),
    Example(HANOI, "2026-11-29 12:00", "call", "2026-11-29 12:00"),  # Sunday: every day
    Example(HANOI, "2026-11-24 06:59", "defer", "2026-11-24 07:00", ("outside_hours",), channel="sms"),
    Example(HANOI, "2026-11-24 07:00", "sms", "2026-11-24 07:00", channel="sms"),
    Example(HANOI, "2026-11-24 21:59", "sms", "2026-11-24 21:59", channel="sms"),
    Example(HANOI, "2026-11-24 22:00", "defer", "2026-11-25 07:00", ("outside_hours",), channel="sms"),
    Example(HANOI, "2026-11-24 17:00", "defer", "2026-11-25 08:00", ("outside_hours",), contact="business"),
    Example(HANOI, "2026-11-24 20:00", "call", "2026-11-24 20:00", purpose="collection"),
    Example(HANOI, "2020-09-30 18:00", "call", "2020-09-30 18:00"),  # before the decree
]

globals().update(suite("VN", VN, golden_numbers=[HANOI]))
