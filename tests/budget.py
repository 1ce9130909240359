"""Example budgets of the property tests, and the two hypothesis profiles.

- ``ci`` (the default): every invariant runs its own fixed budget, chosen so that the
  whole suite stays within a few minutes of CPU on a 2-core machine; the cost is the
  same on every run.
- ``deep`` (release checks): every invariant runs at least 100,000 examples. Run it with
  ``HYPOTHESIS_PROFILE=deep .venv/bin/python -m pytest -p no:randomly tests/test_properties.py
  tests/test_caps.py tests/test_clock.py tests/test_batch.py`` (docs/testing.md gives the time
  it takes).

A failing example is printed with its reproduction blob in either profile, and stored in
``.hypothesis/`` so that the next run tries it first.
"""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, settings

PROFILES = ("ci", "deep")
DEEP_EXAMPLES = 100_000
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
if PROFILE not in PROFILES:
    raise RuntimeError(f"HYPOTHESIS_PROFILE={PROFILE!r}: choose one of {', '.join(PROFILES)}")

_COMMON: dict[str, Any] = {"deadline": None, "print_blob": True, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("ci", **_COMMON)
settings.register_profile("deep", max_examples=DEEP_EXAMPLES, **_COMMON)
settings.load_profile(PROFILE)


def budget(ci_examples: int, **overrides: Any) -> settings:
    """The settings of one invariant: its CI budget, or at least DEEP_EXAMPLES under ``deep``."""
    examples = ci_examples if PROFILE == "ci" else max(ci_examples, DEEP_EXAMPLES)
    return settings(max_examples=examples, **overrides)
