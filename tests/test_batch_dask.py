"""Partitioned runs equal the single-machine results.

Dask: a LocalCluster with two worker processes (the workers build their own
Policy from a PolicySpec, resolve and compile independently). Spark: the
mapInPandas recipe on a local[2] session, only when pyspark (and Java) are
installed; it is not part of the test extra.
"""

from __future__ import annotations

import os
import random
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from strategies import example_numbers, non_geographic_numbers

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

from callwindow.batch.frames import decide_frame  # noqa: E402
from callwindow.batch.scaleout import PolicySpec, check_versions, decide_dask, decide_spark  # noqa: E402

DECIDED = ("number", "region", "subdivision", "number_type", "zones", "action", "allowed", "next_allowed_at",
           "window_closes_at", "reasons", "error", "versions")


def contact_list(size: int, seed: int) -> pd.DataFrame:
    rng = random.Random(seed)
    pool = list(example_numbers()) + list(non_geographic_numbers())
    phones = []
    for _ in range(size):
        number = rng.choice(pool)
        keep = rng.choice((0, 1, 2))
        phones.append(number if not keep else number[:-keep] + "".join(rng.choice("0123456789") for _ in range(keep)))
    phones[::97] = [""] * len(phones[::97])  # bad rows travel too
    base = np.datetime64("2026-03-27T00:00:00", "us")  # over the EU DST change
    offsets = np.array([rng.randrange(0, 4 * 86_400_000_000) for _ in phones], dtype="timedelta64[us]")
    return pd.DataFrame({
        "contact_id": np.arange(size),
        "phone": phones,
        "when": pd.Series(base + offsets).dt.tz_localize("UTC"),
        "channel": [rng.choice(("call", "sms")) for _ in phones],
    })


def _plain(frame: pd.DataFrame) -> list[list[object]]:
    out = []
    for column in DECIDED:
        values = frame[column]
        out.append(values.astype(object).where(values.notna(), None).tolist())
    return out


@pytest.fixture(scope="module")
def client():
    # The dashboard on a free port (":0"): runs in parallel never collide on 8787.
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=40) as cluster, distributed.Client(cluster) as connected:
        yield connected


@pytest.mark.parametrize("policy", ["default", "legal_minimum"])
def test_dask_partitions_equal_one_machine(client, policy: str) -> None:
    frame = contact_list(12_000, seed=3 if policy == "default" else 4)
    built = PolicySpec(policy).build()
    ran_on = client.run(os.getpid)
    assert len(ran_on) == 2 and len(set(ran_on.values())) == 2  # two worker processes
    # per-row instants and channels
    single = decide_frame(frame, "phone", at_column="when", channel_column="channel", policy=built,
                          categorical=False, versions_column=True)
    result = decide_dask(dd.from_pandas(frame, npartitions=6), "phone", at_column="when",
                         channel_column="channel", policy=policy).compute().sort_values("contact_id")
    assert result["contact_id"].tolist() == frame["contact_id"].tolist()
    assert _plain(result.reset_index(drop=True)) == _plain(single)
    assert check_versions(result) == single["versions"].iloc[0]
    # one instant for every row
    shared = decide_dask(dd.from_pandas(frame, npartitions=5), "phone", at="2026-03-29T00:30:00Z",
                         policy=policy).compute().sort_values("contact_id")
    expected = decide_frame(frame, "phone", at="2026-03-29T00:30:00Z", policy=built, categorical=False,
                            versions_column=True)
    assert _plain(shared.reset_index(drop=True)) == _plain(expected)


def test_dask_refuses_now() -> None:
    frame = contact_list(10, seed=5)
    with pytest.raises(ValueError):
        decide_dask(dd.from_pandas(frame, npartitions=1), "phone")


def _spark_available() -> bool:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return False
    return shutil.which("java") is not None or bool(os.environ.get("JAVA_HOME"))


@pytest.mark.skipif(not _spark_available(), reason="pyspark or Java not installed (not in the test extra)")
@pytest.mark.filterwarnings("ignore")  # pyspark's own warnings about pandas 3
def test_spark_map_in_pandas_equals_one_machine() -> None:
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    frame = contact_list(3_000, seed=6)[["contact_id", "phone", "when"]]
    spark = (SparkSession.builder.master("local[2]").appName("callwindow-test")
             .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC")
             .config("spark.sql.shuffle.partitions", "4").getOrCreate())
    try:
        result = decide_spark(spark.createDataFrame(frame).repartition(4), "phone", at_column="when").toPandas()
    finally:
        spark.stop()
    result = result.sort_values("contact_id").reset_index(drop=True)
    for column in ("next_allowed_at", "window_closes_at", "when"):
        result[column] = pd.to_datetime(result[column]).dt.tz_localize("UTC")
    single = decide_frame(frame, "phone", at_column="when", categorical=False, versions_column=True)
    assert _plain(result) == _plain(single)
    assert check_versions(result) == single["versions"].iloc[0]
