"""Argentina: Ley 26.951 (Registro Nacional "No Llame") - a note."""

from __future__ import annotations

from examples import Example
from jurisdiction_base import suite

# No fixed hours: sales calls and texts carry the registry note from 2014-08-05. Argentine
# numbers resolve to every Argentine zone; the examples name the contact's zone.
BUENOS_AIRES = "+54 11 4123 4567"
BA = {"zone": "America/Argentina/Buenos_Aires"}
AR = [
    Example(BUENOS_AIRES, "2026-11-24 12:00", "call", "2026-11-24 12:00", ("advisory",), hints=BA),
    Example(BUENOS_AIRES, "2026-11-29 22:00", "call", "2026-11-29 22:00", ("advisory",), hints=BA),
    Example(BUENOS_AIRES, "2026-11-24 12:00", "sms", "2026-11-24 12:00", ("advisory",), channel="sms", hints=BA),
    Example(BUENOS_AIRES, "2026-11-24 12:00", "call", "2026-11-24 12:00", purpose="collection", hints=BA),
]

globals().update(suite("AR", AR, golden_numbers=[BUENOS_AIRES]))
