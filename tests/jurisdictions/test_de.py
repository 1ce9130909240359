"""Germany: UWG §7(2) (sales calls need prior express consent); collection note."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# UWG §7(2): an advertising call to a consumer needs the consumer's prior express consent:
# without it never (block, no next time); with it no statutory hours. Businesses: presumed
# consent may do (not covered). Collection: no hours found, a note.
BERLIN = "+49 30 12345678"
DE = [
    Example(BERLIN, "2026-11-24 12:00", "block", None, ("consent_required",)),
    Example(BERLIN, "2026-11-29 03:00", "block", None, ("consent_required",)),
    Example(BERLIN, "2026-11-24 12:00", "call", "2026-11-24 12:00", consent=True),
    Example(BERLIN, "2026-11-29 03:00", "call", "2026-11-29 03:00", consent=True),  # no hours with consent
    Example(BERLIN, "2026-11-24 12:00", "call", "2026-11-24 12:00", contact="business"),
    # calls only in the sources
    Example(BERLIN, "2026-11-24 12:00", "sms", "2026-11-24 12:00", channel="sms", consent=True),
    Example(BERLIN, "2026-11-24 03:00", "call", "2026-11-24 03:00", ("no_fixed_hours",), purpose="collection"),
    Example(BERLIN, "2026-11-29 23:00", "sms", "2026-11-29 23:00",
            ("no_fixed_hours",), channel="sms", purpose="collection"),
    Example(BERLIN, "2026-11-24 03:00", "call", "2026-11-24 03:00", purpose="service"),
    Example(BERLIN, "2004-07-07 12:00", "call", "2004-07-07 12:00"),  # before UWG 2004
]

globals().update(suite("DE", DE, golden_numbers=[BERLIN]))
