"""Czechia: Act 127/2005 § 96 as amended by Act 374/2021 (telemarketing opt-in)."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# Opt-in since 2022 (the earlier of 2022-01-01 / 2022-07-01 taken): marketing calls only with
# consent, for consumers and businesses; existing customers are exempt in law but cannot be
# passed yet, so they stay blocked without consent.
PRAGUE = "+420 212 345 678"
CZ = [
    Example(PRAGUE, "2026-11-24 12:00", "block", None, ("consent_required",)),
    Example(PRAGUE, "2026-11-24 12:00", "block", None, ("consent_required",), contact="business"),
    Example(PRAGUE, "2026-11-24 12:00", "call", "2026-11-24 12:00", consent=True),
    Example(PRAGUE, "2021-12-31 12:00", "call", "2021-12-31 12:00"),  # opt-out until then
    Example(PRAGUE, "2022-01-03 12:00", "block", None, ("consent_required",)),
    Example(PRAGUE, "2026-11-24 12:00", "sms", "2026-11-24 12:00", channel="sms", consent=True),
    Example(PRAGUE, "2026-11-24 12:00", "call", "2026-11-24 12:00", purpose="collection"),
]

globals().update(suite("CZ", CZ, golden_numbers=[PRAGUE]))
