"""The decision log (opt-in): every decision a surface makes with the store, kept so that
"why did we call this number on that day?" has an answer - the question (the number keyed as
the store keys numbers), the answer, its reason codes, the rule-data and library versions, and
the claim it led to. Enabled per store with a retention (`can-i-call audit enable
--retention-days 365`); older entries are deleted as new ones are written.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

AUDIT_SETTING = "audit_retention_days"  # store_settings: absent = the log is off
SURFACES = ("python", "cli", "list", "http", "batch", "claim", "mcp")
COLUMNS = ("logged_us", "at", "number", "channel", "purpose", "contact", "action", "reasons", "next_allowed_at",
           "rules", "surface", "claim_id", "detail")


def entry_row(decision: Mapping[str, Any], surface: str, number_key: str, logged_us: int,
              claim_id: int | None = None) -> dict[str, Any]:
    """A log row from a decision object (Decision.to_dict(), or a list row's fields with
    `reason_codes`); the number is stored as `number_key` (HMAC with a hash key), and the
    number is taken out of the detail."""
    if surface not in SURFACES:
        raise ValueError(f"unknown surface {surface!r}")
    reasons = decision.get("reasons")
    codes = [r["code"] for r in reasons] if isinstance(reasons, list) else list(decision.get("reason_codes", ()))
    detail = {key: value for key, value in decision.items() if key not in ("number", "e164")}
    versions = decision.get("versions")
    return {
        "logged_us": logged_us,
        "at": str(decision.get("at") or ""),
        "number": number_key,
        "channel": str(decision.get("channel") or ""),
        "purpose": str(decision.get("purpose") or ""),
        "contact": str(decision.get("contact") or ""),
        "action": str(decision.get("action") or ""),
        "reasons": " ".join(codes),
        "next_allowed_at": decision.get("next_allowed_at"),
        "rules": str(versions.get("rules", "")) if isinstance(versions, Mapping) else "",
        "surface": surface,
        "claim_id": claim_id,
        "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
    }


def decode_entry(row: Sequence[Any]) -> dict[str, Any]:
    """A log row (the COLUMNS, in order) as the export writes it."""
    entry = dict(zip(COLUMNS, row, strict=True))
    entry["reasons"] = entry["reasons"].split() if entry["reasons"] else []
    entry["detail"] = json.loads(entry["detail"]) if entry["detail"] else {}
    return entry
