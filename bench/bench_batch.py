#!/usr/bin/env python3
"""Benchmark the batch API (callwindow.batch) in one run.

    .venv/bin/python bench/bench_batch.py            # full run (~1-2 min)
    .venv/bin/python bench/bench_batch.py --quick    # smaller sizes (~20 s), for a smoke test

What is measured (fixed seeds, one process plus one child process for the CSV run):

1. ingest        distinct numbers/s: a synthetic list drawn over every supported region and
                 number type (phonenumbers' example numbers with their last 1-4 digits
                 varied; some variants are invalid and become bad rows, ~5% are written
                 with spaces and skip the E.164 fast path). Resolution caches cleared first.
2. decisions     rows/s on a 1,000,000-row list (rows drawn from the ingested list), warm
                 (contexts compiled by an untimed first run): one shared instant, and one
                 instant per row spread over 24 hours. Best and median of several runs (the
                 targets judge the median); the cold first run (a new Policy: compilation
                 included) is shown too.
3. end to end    a 1,000,000-row CSV (contact_id, phone) in a temp dir, in a child process:
                 read (pyarrow.csv), ingest, decide (a fresh Policy), append the decision
                 columns, write CSV (pyarrow.csv). The child's peak RSS (getrusage) minus
                 its RSS before reading gives the peak memory per contact.
4. naive loop    what one writes without callwindow, per contact: phonenumbers.parse with
                 defaults (pattern cache off), time_zones_for_number, is_valid_number,
                 pendulum in each zone, a holidays calendar, 08:00-21:00 on working days.
                 On a sample of the same list; ratios against the batch.

Rates are wall clock on one core (numpy runs single-threaded here); CPU seconds
(time.process_time) are printed too: on a busy machine they show what one core does.
Targets (issue 8): ingest >= 80,000 distinct numbers/s; decisions >= 5,000,000 rows/s with
per-row instants; 1,000,000-row CSV end to end < 20 s; >= 100x the naive loop.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import holidays
import numpy as np
import pendulum
import phonenumbers
import phonenumbers.re_util as phone_re_util
from phonenumbers import timezone as phone_timezones

from callwindow import Policy
from callwindow import numbers as cw_numbers
from callwindow.batch import _fastresolve, decide_batch, ingest

SEED = 20261124
AT = "2026-06-11T14:00:00Z"  # a Thursday: afternoon in Europe, morning in the Americas, night in Asia
TARGET_INGEST = 80_000
TARGET_DECIDE = 5_000_000
TARGET_E2E_SECONDS = 20.0
TARGET_RATIO = 100.0


# ---------------------------------------------------------------- inputs


def example_numbers() -> list[str]:
    """E.164 example numbers of every supported region and every number type."""
    types = sorted(value for name, value in vars(phonenumbers.PhoneNumberType).items()
                   if name.isupper() and isinstance(value, int))
    found: dict[str, None] = {}
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in types:
            example = phonenumbers.example_number_for_type(region, kind)
            if example is not None:
                found[phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)] = None
    return list(found)


def synthetic(count: int, seed: int, formatted: float = 0.05) -> list[str]:
    """`count` distinct numbers: examples with their last 1-4 digits varied."""
    rng = random.Random(seed)
    pool = example_numbers()
    out: dict[str, None] = {}
    while len(out) < count:
        base = rng.choice(pool)
        keep = rng.choice((1, 2, 3, 4))
        number = base[:-keep] + "".join(rng.choice("0123456789") for _ in range(keep))
        if rng.random() < formatted:
            number = number[:3] + " " + number[3:6] + " " + number[6:]
        out[number] = None
    return list(out)


# ---------------------------------------------------------------- naive


def naive_check(number: str, at: datetime) -> bool:
    """A per-contact decision from scratch (the loop the issue compares against)."""
    try:
        parsed = phonenumbers.parse(number)
    except phonenumbers.NumberParseException:
        return False
    zones = phone_timezones.time_zones_for_number(parsed)
    if not phonenumbers.is_valid_number(parsed):
        return False
    region = phonenumbers.region_code_for_number(parsed)
    instant = pendulum.instance(at)
    local_times = []
    for zone in zones:
        try:
            local_times.append(instant.in_timezone(zone))
        except ValueError:
            return False
    if not local_times:
        return False
    try:
        calendar = holidays.country_holidays(region, years=sorted({local.year for local in local_times}))
    except NotImplementedError:
        calendar = None
    for local in local_times:
        if local.weekday() >= 5 or (calendar is not None and local.date() in calendar) or not 8 <= local.hour < 21:
            return False
    return True


def naive_rate(numbers: list[str], at: datetime, cache: bool) -> float:
    saved = phone_re_util._COMPILED_PATTERNS
    phone_re_util._COMPILED_PATTERNS = {} if cache else None  # phonenumbers' default: no pattern cache
    try:
        started = time.perf_counter()
        for number in numbers:
            naive_check(number, at)
        return len(numbers) / (time.perf_counter() - started)
    finally:
        phone_re_util._COMPILED_PATTERNS = saved


# ---------------------------------------------------------------- helpers


def timed(function, *args, **kwargs):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def rss_mib() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


# ---------------------------------------------------------------- end to end (child)


def write_csv(path: Path, rows: int, seed: int) -> None:
    numbers = synthetic(rows, seed)
    import pyarrow as pa
    import pyarrow.csv as pacsv

    table = pa.table({"contact_id": pa.array(np.arange(rows, dtype=np.int64)), "phone": pa.array(numbers)})
    pacsv.write_csv(table, path)


def end_to_end_child(source: str, target: str) -> None:
    import pyarrow.csv as pacsv

    from callwindow.batch.frames import to_arrow, write_csv

    policy = Policy.default()
    _fastresolve.shared()  # the fast path's one-off self check (~0.3 s) is not per list
    gc.collect()
    baseline = rss_mib()
    marks = {}
    wall, cpu = time.perf_counter(), time.process_time()
    table = pacsv.read_csv(source, convert_options=pacsv.ConvertOptions(column_types={"phone": "string"}))
    marks["read"] = time.perf_counter() - wall
    ingested = ingest(table.column("phone"))
    marks["ingest"] = time.perf_counter() - wall - marks["read"]
    decisions = decide_batch(ingested, AT, policy=policy)
    marks["decide"] = time.perf_counter() - wall - marks["read"] - marks["ingest"]
    added = to_arrow(decisions)
    out = table
    for name in added.column_names:
        out = out.append_column(name, added.column(name))
    write_csv(out, target)  # pyarrow.csv, timestamps as ISO 8601 text
    total = time.perf_counter() - wall
    marks["columns+write"] = total - marks["read"] - marks["ingest"] - marks["decide"]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({
        "rows": table.num_rows, "distinct": ingested.stats["distinct"], "bad_rows": len(decisions.errors),
        "fast_path": ingested.stats["fast_path"], "total": total, "cpu": time.process_time() - cpu,
        "marks": marks, "baseline_mib": baseline, "peak_mib": peak,
        "output_bytes": os.path.getsize(target),
        "actions": {
            name: int((decisions.action == index).sum())
            for index, name in enumerate(("call", "sms", "defer", "block"))
        },
    }))


# ---------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    parser.add_argument("--e2e-child", nargs=2, metavar=("CSV", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.e2e_child:
        end_to_end_child(*args.e2e_child)
        return
    distinct = 60_000 if args.quick else 300_000
    decide_rows = 200_000 if args.quick else 1_000_000
    csv_rows = 100_000 if args.quick else 1_000_000
    naive_sample = 600 if args.quick else 2_000
    repeats = 3 if args.quick else 7

    print("callwindow batch benchmark")
    print(f"  machine: os.cpu_count() = {os.cpu_count()}, {platform.machine()}, Python {platform.python_version()}, "
          f"numpy {np.__version__}; load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"  phonenumbers {phonenumbers.__version__}, holidays {holidays.__version__}; one process, one core "
          "(numpy kernels used here are single-threaded)")

    # 1. ingest
    numbers = synthetic(distinct, SEED)
    _fastresolve.shared()  # one-off self check of the fast path, outside the timing
    cw_numbers.clear_cache()
    gc.collect()
    ingested, wall, cpu = timed(ingest, numbers)
    ingest_rate, ingest_cpu_rate = distinct / wall, distinct / cpu
    print(f"\n1. ingest: {distinct:,} distinct numbers over {len(example_numbers())} example numbers "
          f"(all regions, all types), last 1-4 digits varied, 5% written with spaces")
    print(f"   {wall:.2f} s wall, {cpu:.2f} s CPU -> {ingest_rate:,.0f} distinct numbers/s "
          f"({ingest_cpu_rate:,.0f}/s per CPU second); fast path {ingested.stats['fast_path'] / distinct:.0%}, "
          f"bad rows {len(ingested.errors) / distinct:.1%}, profiles {len(ingested.profiles)}")
    no_fast, wall_slow, _ = timed(ingest, numbers[: distinct // 5], fast=False)
    cw_numbers.clear_cache()
    print(f"   (info) without the fast path (numbers.resolve for every number): "
          f"{distinct // 5 / wall_slow:,.0f} distinct numbers/s")
    del no_fast

    # 2. decisions
    rng = np.random.default_rng(SEED)
    rows = ingested.take(rng.integers(0, distinct, decide_rows))
    base = np.datetime64(AT.rstrip("Z"), "us") - np.timedelta64(14, "h")
    per_row = base + rng.integers(0, 86_400_000_000, decide_rows).astype("timedelta64[us]")
    cold_policy = Policy.default()
    _, cold_shared, _ = timed(decide_batch, rows, AT, policy=cold_policy)
    cold_policy = Policy.default()
    _, cold_rows, _ = timed(decide_batch, rows, per_row, policy=cold_policy)
    policy = Policy.default()
    decide_batch(rows, AT, policy=policy)
    decide_batch(rows, per_row, policy=policy)
    shared_times, row_times, row_cpu = [], [], []
    for _ in range(repeats):
        _, wall, _ = timed(decide_batch, rows, AT, policy=policy)
        shared_times.append(wall)
        result, wall, cpu = timed(decide_batch, rows, per_row, policy=policy)
        row_times.append(wall)
        row_cpu.append(cpu)
    best_rows = decide_rows / min(row_times)
    median_rows = decide_rows / statistics.median(row_times)  # what the targets judge: never the best run
    print(f"\n2. decisions on {decide_rows:,} rows ({int(result.stats.get('groups', 0))} context groups), warm:")
    print(f"   one shared instant : best {decide_rows / min(shared_times):>12,.0f} rows/s, "
          f"median {decide_rows / statistics.median(shared_times):>12,.0f} rows/s")
    print(f"   per-row instants   : best {best_rows:>12,.0f} rows/s, median "
          f"{decide_rows / statistics.median(row_times):>12,.0f} rows/s "
          f"(CPU: best {decide_rows / min(row_cpu):,.0f} rows/s)")
    print("   (info) cold first run, new Policy, compilation included: "
          f"shared {decide_rows / cold_shared:,.0f} rows/s, per-row {decide_rows / cold_rows:,.0f} rows/s")

    # 3. end to end
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "contacts.csv", Path(folder) / "decided.csv"
        write_csv(source, csv_rows, SEED + 1)
        size = source.stat().st_size
        child = subprocess.run([sys.executable, __file__, "--e2e-child", str(source), str(target)],
                               capture_output=True, text=True, check=True)
        e2e = json.loads(child.stdout.strip().splitlines()[-1])
    per_contact = (e2e["peak_mib"] - e2e["baseline_mib"]) * 2**20 / e2e["rows"]
    marks = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in e2e["marks"].items())
    print(f"\n3. end to end: {e2e['rows']:,}-row CSV ({size / 2**20:.0f} MiB; {e2e['distinct']:,.0f} distinct numbers, "
          f"{e2e['bad_rows']:,} bad rows) -> decided CSV ({e2e['output_bytes'] / 2**20:.0f} MiB), child process, "
          "new Policy")
    print(f"   total {e2e['total']:.2f} s wall ({e2e['cpu']:.2f} s CPU): {marks}")
    print(f"   actions: {e2e['actions']}")
    print(f"   peak memory: {e2e['peak_mib']:.0f} MiB RSS, {e2e['peak_mib'] - e2e['baseline_mib']:.0f} MiB above the "
          f"process before reading -> {per_contact:,.0f} bytes per contact")

    # 4. naive
    sample = numbers[:naive_sample]
    moment = datetime.fromisoformat(AT.replace("Z", "+00:00"))
    naive_defaults = naive_rate(sample, moment, cache=False)
    naive_cached = naive_rate(sample, moment, cache=True)
    first_pass = distinct / (distinct / ingest_rate + distinct / median_rows)  # ingest + decide, every number new
    e2e_rate = e2e["rows"] / e2e["total"]
    print(f"\n4. naive per-contact loop on {naive_sample:,} of the same numbers: {naive_defaults:,.0f} contacts/s "
          f"(phonenumbers defaults), {naive_cached:,.0f}/s with the pattern cache")
    print(f"   repeat pass (list ingested, decide per-row instants): {median_rows / naive_defaults:,.0f}x naive "
          f"({median_rows / naive_cached:,.0f}x naive with pattern cache)")
    print(f"   first pass (ingest + decide, every number new): {first_pass / naive_defaults:,.0f}x naive "
          f"({first_pass / naive_cached:,.1f}x with pattern cache)")
    print(f"   end to end CSV (read + ingest + decide + write): {e2e_rate / naive_defaults:,.0f}x naive")

    print("\ntargets (one core):")
    print(f"   {verdict(ingest_rate >= TARGET_INGEST)}  ingest >= {TARGET_INGEST:,} distinct numbers/s: "
          f"{ingest_rate:,.0f}/s wall ({ingest_cpu_rate:,.0f}/s per CPU second)")
    print(f"   {verdict(median_rows >= TARGET_DECIDE)}  decisions >= {TARGET_DECIDE:,} rows/s with per-row instants: "
          f"{median_rows:,.0f} rows/s (median of {repeats}; best {best_rows:,.0f})")
    print(f"   {verdict(e2e['total'] < TARGET_E2E_SECONDS)}  "
          f"1,000,000-row CSV end to end < {TARGET_E2E_SECONDS:.0f} s: "
          f"{e2e['total']:.2f} s" + ("" if csv_rows == 1_000_000 else f" (--quick: {csv_rows:,} rows)"))
    print(f"   {verdict(median_rows / naive_defaults >= TARGET_RATIO)}  "
          f">= {TARGET_RATIO:.0f}x the naive loop, repeat pass: {median_rows / naive_defaults:,.0f}x")
    print(f"   {verdict(first_pass / naive_defaults >= TARGET_RATIO)}  "
          f">= {TARGET_RATIO:.0f}x the naive loop, first pass (every number resolved): "
          f"{first_pass / naive_defaults:,.0f}x")


if __name__ == "__main__":
    main()
