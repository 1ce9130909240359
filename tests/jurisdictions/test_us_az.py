"""Arizona: A.R.S. 13-2919 (automated solicitation: recorded calls and automated texts need permission)."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# No state hours: the federal windows decide them (Arizona has no DST: America/Phoenix). A sales
# call with a recorded message, or a sales text sent by an automated system, needs the recipient's
# prior permission (consent); live calls and texts a person sends are not affected.
PHOENIX = "+1 602 555 0123"
US_AZ = [
    Example(PHOENIX, "2026-11-24 12:00", "call", "2026-11-24 12:00"),
    Example(PHOENIX, "2026-11-24 12:00", "sms", "2026-11-24 12:00", channel="sms"),
    Example(PHOENIX, "2026-11-24 21:00", "defer", "2026-11-25 08:00"),  # federal hours
    Example(PHOENIX, "2026-11-24 12:00", "block", None, ("consent_required",), call_type="prerecorded"),
    Example(PHOENIX, "2026-11-24 12:00", "call", "2026-11-24 12:00", call_type="prerecorded", consent=True),
    Example(PHOENIX, "2026-11-24 12:00", "block", None, ("consent_required",), channel="sms",
            call_type="automated"),
    Example(PHOENIX, "2026-11-24 12:00", "sms", "2026-11-24 12:00", channel="sms", call_type="automated",
            consent=True),
    Example(PHOENIX, "2026-11-24 12:00", "sms", "2026-11-24 12:00", channel="sms", purpose="service",
            call_type="automated"),  # sales only
    Example(PHOENIX, "2026-11-24 12:00", "call", "2026-11-24 12:00", purpose="service"),
]

globals().update(suite("US-AZ", US_AZ, golden_numbers=[PHOENIX]))
