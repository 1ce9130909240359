"""Indiana: IC 24-5-14-5 (Indiana Autodialer Law) - a note on every call."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# No state hours: every call (any purpose) carries the autodialer note; texts do not.
INDIANAPOLIS = "+1 317 555 0123"
US_IN = [
    Example(INDIANAPOLIS, "2026-11-24 12:00", "call", "2026-11-24 12:00", ("advisory",)),
    Example(INDIANAPOLIS, "2026-11-24 12:00", "call", "2026-11-24 12:00", ("advisory",), purpose="service"),
    Example(INDIANAPOLIS, "2026-11-24 12:00", "call", "2026-11-24 12:00", ("advisory",), purpose="collection"),
    Example(INDIANAPOLIS, "2026-11-24 12:00", "sms", "2026-11-24 12:00", channel="sms"),
]

globals().update(suite("US-IN", US_IN, golden_numbers=[INDIANAPOLIS]))
