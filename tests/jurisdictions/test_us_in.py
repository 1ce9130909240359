"""Indiana: IC 24-5-14-5 (Indiana Autodialer Law) - prerecorded calls need consent, any purpose."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# No state hours. A prerecorded (autodialer-announcing) call needs the subscriber's consent, for
# every purpose; live calls and texts are not affected (the federal windows decide the hours).
INDIANAPOLIS = "+1 317 555 0123"
US_IN = [
    Example(INDIANAPOLIS, "2026-11-24 12:00", "call", "2026-11-24 12:00"),
    Example(INDIANAPOLIS, "2026-11-24 12:00", "block", None, ("consent_required",), call_type="prerecorded"),
    Example(INDIANAPOLIS, "2026-11-24 12:00", "block", None, ("consent_required",), purpose="service",
            call_type="prerecorded"),
    Example(INDIANAPOLIS, "2026-11-24 12:00", "block", None, ("consent_required",), purpose="collection",
            call_type="prerecorded"),
    Example(INDIANAPOLIS, "2026-11-24 12:00", "call", "2026-11-24 12:00", purpose="collection",
            call_type="prerecorded", consent=True),
    Example(INDIANAPOLIS, "2026-11-24 12:00", "call", "2026-11-24 12:00", call_type="automated"),
    Example(INDIANAPOLIS, "2026-11-24 12:00", "sms", "2026-11-24 12:00", channel="sms"),
]

globals().update(suite("US-IN", US_IN, golden_numbers=[INDIANAPOLIS]))
