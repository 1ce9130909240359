"""Scale out: the same batch functions per partition, on Dask or Spark.

Why partitioned results are identical to one machine's: a row's decision is a
pure function of (the row: number, hints, instant, channel, purpose, contact)
and of the policy data - the rule files (digest), the holidays package, the
phonenumbers metadata and the tz database, all pinned by version. Nothing
depends on the other rows of a partition, on the partition boundaries or on the
order of rows: resolution and compiled timelines are caches, not state. So
every worker that runs the same versions gives the same answer for the same
row; each output row carries those versions (`versions` column) and
`check_versions` refuses a result whose partitions disagree.

Workers build their policy once per process from a `PolicySpec` (a few bytes
in the task graph) instead of receiving compiled caches.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from ..policy import Policy


@dataclass(frozen=True)
class PolicySpec:
    """How a worker builds its policy: the built-in profile ("default": laws +
    courtesy, or "legal_minimum"), company rule files (paths every worker can
    read) and the expected call duration."""

    profile: str = "default"
    company_rules: tuple[str, ...] = ()
    call_duration_seconds: float | None = None

    @classmethod
    def of(cls, policy: PolicySpec | Policy | str | None) -> PolicySpec | Policy:
        if policy is None:
            return cls()
        if isinstance(policy, str):
            if policy not in ("default", "legal_minimum", "legal"):
                raise ValueError(f"unknown policy profile {policy!r}: expected default or legal_minimum")
            return cls("legal_minimum" if policy == "legal" else policy)
        return policy

    def build(self) -> Policy:
        duration = None if self.call_duration_seconds is None else timedelta(seconds=self.call_duration_seconds)
        rules = [Path(path) for path in self.company_rules]
        if self.profile == "legal_minimum":
            return Policy.legal_minimum(company_rules=rules, call_duration=duration)
        return Policy.default(company_rules=rules, call_duration=duration)


_built: dict[PolicySpec, Policy] = {}


def policy_for(spec: PolicySpec | Policy) -> Policy:
    """The policy of a spec, built once per process (a Policy passes through)."""
    if isinstance(spec, Policy):
        return spec
    found = _built.get(spec)
    if found is None:
        found = _built[spec] = spec.build()
    return found


def decide_partition(frame: Any, spec: PolicySpec | Policy, options: dict[str, Any]) -> Any:
    """decide_frame on one partition, with plain string columns and the versions column."""
    from .frames import decide_frame

    return decide_frame(frame, policy=policy_for(spec), categorical=False, versions_column=True, **options)


def _options(phone_column: str, at: object, at_column: str | None, **rest: Any) -> dict[str, Any]:
    return {"phone_column": phone_column, "at": at, "at_column": at_column, **rest}


# ---------------------------------------------------------------- Dask


def decide_dask(
    frame: Any,
    phone_column: str = "phone",
    *,
    at: object = None,
    at_column: str | None = None,
    policy: PolicySpec | Policy | str | None = None,
    **options: Any,
) -> Any:
    """A lazy dask DataFrame with the decision columns added, partition by
    partition (`map_partitions`). Options are decide_frame's. Give one
    instant (`at`) or a column of tz-aware instants (`at_column`): `at=None`
    would mean "now" separately on every worker, so it is refused."""
    if at is None and at_column is None:
        raise ValueError("decide_dask: give `at` (one instant) or `at_column`: 'now' differs between workers")
    if at is not None and not isinstance(at, str):
        from .decisions import EPOCH
        from .engine import instants

        shared, _, _ = instants(at, 1)
        # one instant gives `shared`; an array (None) fails in int(), as it always has
        at = (EPOCH + timedelta(microseconds=int(shared))).isoformat()  # type: ignore[arg-type]
    spec = PolicySpec.of(policy)
    opts = _options(phone_column, at, at_column, **options)
    meta = decide_partition(frame._meta, spec, opts)
    return frame.map_partitions(decide_partition, spec, opts, meta=meta)


def check_versions(frame: Any, column: str = "versions") -> str:
    """The one versions text of a computed result; ValueError if partitions disagree."""
    found: set[str] = set(frame[column].dropna().unique().tolist())  # the versions texts decide_partition wrote
    if len(found) != 1:
        raise ValueError(f"partitions were decided with different data versions: {sorted(found)}")
    return found.pop()


# ---------------------------------------------------------------- Spark


DECISION_SPARK_FIELDS = (
    ("number", "string"), ("region", "string"), ("subdivision", "string"), ("number_type", "string"),
    ("zones", "string"), ("action", "string"), ("allowed", "boolean"), ("next_allowed_at", "timestamp"),
    ("window_closes_at", "timestamp"), ("reasons", "string"), ("error", "string"), ("versions", "string"),
)


def decide_spark(
    frame: Any,
    phone_column: str = "phone",
    *,
    at: object = None,
    at_column: str | None = None,
    policy: PolicySpec | Policy | str | None = None,
    **options: Any,
) -> Any:
    """A Spark DataFrame with the decision columns added, with `mapInPandas`.

    Spark hands timestamps to pandas as naive wall times of the session time
    zone (spark.sql.session.timeZone); they are read back in that zone, so any
    session zone works, but UTC is the least surprising."""
    from pyspark.sql import types as T

    if at is None and at_column is None:
        raise ValueError("decide_spark: give `at` (one instant) or `at_column`: 'now' differs between executors")
    if at is not None and not isinstance(at, str):
        from .decisions import EPOCH
        from .engine import instants

        shared, _, _ = instants(at, 1)
        # one instant gives `shared`; an array (None) fails in int(), as it always has
        at = (EPOCH + timedelta(microseconds=int(shared))).isoformat()  # type: ignore[arg-type]
    session_zone = frame.sparkSession.conf.get("spark.sql.session.timeZone")
    spec = PolicySpec.of(policy)
    opts = _options(phone_column, at, at_column, **options)
    kinds = {"string": T.StringType(), "boolean": T.BooleanType(), "timestamp": T.TimestampType()}
    schema = T.StructType(list(frame.schema.fields) + [
        T.StructField(name, kinds[kind], True) for name, kind in DECISION_SPARK_FIELDS
    ])

    def run(batches: Iterable[Any]) -> Iterator[Any]:
        for batch in batches:
            if at_column is not None and str(batch[at_column].dtype).startswith("datetime64") \
                    and getattr(batch[at_column].dt, "tz", None) is None:
                batch = batch.assign(**{at_column: batch[at_column].dt.tz_localize(session_zone)})
            yield decide_partition(batch, spec, opts)

    return frame.mapInPandas(run, schema)


__all__ = ["PolicySpec", "check_versions", "decide_dask", "decide_partition", "decide_spark", "policy_for"]
