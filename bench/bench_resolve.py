#!/usr/bin/env python3
"""Benchmark issue 15's lookups (NANPA area codes phonenumbers does not know, 10-digit-only
area codes, postcodes of more countries): the warm check, resolving new numbers and the batch
ingest, against the same code with the resolver files as a git revision had them.

    .venv/bin/python bench/bench_resolve.py               # ~1 min
    .venv/bin/python bench/bench_resolve.py --quick       # ~20 s
    .venv/bin/python bench/bench_resolve.py --baseline-ref HEAD~3
    .venv/bin/python bench/bench_resolve.py --baseline-ref WORKTREE   # A/A: the noise floor

Fair baseline: a copy of this working tree's `callwindow/` and `data/`, imported under another
package name (`callwindow_baseline`: the library imports itself only relatively), in which only
the files this work changed (RESOLVER_FILES) are put back as `--baseline-ref` has them; every
other module is the same on both sides. Both run in one process on the same inputs, in paired
batches (baseline and current alternately first), so load changes on a shared machine hit both
alike. Inputs are numbers both versions accept (phonenumbers' example numbers of every region
and type with their last digits changed, and US/Canadian numbers of area codes phonenumbers
knows): both do the same work and only the lookups differ.

Times are the CPU time of the benchmark's thread (time.thread_time): on a shared 2-core machine
the wall clock counts the other jobs' turns too (an A/A run, `--baseline-ref WORKTREE`, showed
ratios of 0.83-1.42 by wall clock at a load of 9). Printed per measurement: the median batch
time of each side and the median of the paired
ratios (current / baseline; the goal is <= 1.05), with the load average before and after.

- warm check   Policy.check(number, at), resolution and compiled-day caches warm (per call,
               batches of 200)
- new number   numbers.resolve on numbers never resolved before (per call, batches of 200)
- ingest       batch.ingest of 10,000-row lists of E.164 numbers (the fast path), and of the same
               lists with a US ZIP column (numbers.resolve for each row), caches cleared first
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
RESOLVER_FILES = ("callwindow/numbers.py", "callwindow/batch/_fastresolve.py", "callwindow/batch/ingest.py",
                  "data/nanp_area_codes.csv")
WORKTREE = "WORKTREE"  # --baseline-ref WORKTREE: the baseline is this tree itself (A/A)
NEW_AREA_CODES = frozenset({"357", "436", "457", "621", "624", "679", "729", "837", "861", "924"})


def baseline_package(ref: str, into: Path) -> ModuleType:
    """Import this tree's callwindow as `callwindow_baseline`, with RESOLVER_FILES as `ref` has them."""
    package = into / "callwindow_baseline"
    shutil.copytree(ROOT / "callwindow", package, symlinks=False,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "data"))
    shutil.copytree(ROOT / "data", package / "data")
    for name in RESOLVER_FILES:
        if ref == WORKTREE:  # an A/A run: the noise floor of the comparison
            text = (ROOT / name).read_bytes()
        else:
            text = subprocess.run(["git", "-C", str(ROOT), "show", f"{ref}:{name}"], check=True,
                                  capture_output=True).stdout
        target = package / name.removeprefix("callwindow/") if name.startswith("callwindow/") else package / name
        target.write_bytes(text)
    sys.path.insert(0, str(into))
    return importlib.import_module("callwindow_baseline")


def inputs(numbers: ModuleType, rng: random.Random) -> list[str]:
    """Numbers both versions accept: varied example numbers, US/Canadian numbers of known area codes."""
    import phonenumbers

    examples = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in (0, 1, 2):
            found = phonenumbers.example_number_for_type(region, kind)
            if found is not None:
                examples.append(phonenumbers.format_number(found, phonenumbers.PhoneNumberFormat.E164))
    area_codes = sorted(set(numbers.nanp_area_codes()) - NEW_AREA_CODES)
    pool = [text[:-3] + f"{rng.randrange(1000):03d}" for text in examples for _ in range(4)]
    pool += [f"+1{rng.choice(area_codes)}{rng.randrange(200, 1000)}{rng.randrange(10000):04d}" for _ in range(2000)]
    kept = []
    for text in dict.fromkeys(pool):
        try:
            numbers.resolve(text)
        except ValueError:
            continue
        kept.append(text)
    return kept


def paired(sides: dict[str, Callable[[int], float]], batches: int) -> dict[str, list[float]]:
    """Per batch, each side's time (alternating which runs first) and their ratio."""
    times: dict[str, list[float]] = {"baseline": [], "current": [], "ratio": []}
    for batch in range(batches):
        order = ["baseline", "current"] if batch % 2 == 0 else ["current", "baseline"]
        got = {}
        for name in order:
            gc.collect()
            got[name] = sides[name](batch)
        times["baseline"].append(got["baseline"])
        times["current"].append(got["current"])
        times["ratio"].append(got["current"] / got["baseline"])
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--quick", action="store_true", help="fewer batches")
    parser.add_argument("--baseline-ref", default="HEAD",
                        help="git revision of the baseline's resolver files, or WORKTREE (A/A)")
    args = parser.parse_args()
    load_before = os.getloadavg()
    print(f"load average before: {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f} "
          f"({os.cpu_count()} cores)")
    import callwindow

    with tempfile.TemporaryDirectory(prefix="bench-resolve-") as folder:
        packages = {"baseline": baseline_package(args.baseline_ref, Path(folder)), "current": callwindow}
        modules = {name: (importlib.import_module(f"{package.__name__}.numbers"),
                          importlib.import_module(f"{package.__name__}.batch"), package.Policy.default())
                   for name, package in packages.items()}
        rng = random.Random(15)
        pool = inputs(modules["current"][0], rng)
        base = datetime(2026, 6, 11, tzinfo=UTC)
        pairs = [(text, base + timedelta(seconds=rng.randrange(3 * 86_400))) for text in pool]
        for _numbers, _batch, policy in modules.values():
            for text, at in pairs:
                policy.check(text, at)
        size = 200
        warm_batches = len(pairs) // size

        def warm(name: str) -> Callable[[int], float]:
            policy = modules[name][2]

            def one(batch: int) -> float:
                chunk = pairs[batch * size:(batch + 1) * size]
                began = time.thread_time_ns()
                for text, at in chunk:
                    policy.check(text, at)
                return (time.thread_time_ns() - began) / len(chunk) / 1000
            return one

        fresh = [[text[:-2] + f"{rng.randrange(100):02d}" for text in rng.sample(pool, size)]
                 for _ in range(warm_batches)]

        def new(name: str) -> Callable[[int], float]:
            numbers = modules[name][0]

            def one(batch: int) -> float:
                numbers.clear_cache()
                began = time.thread_time_ns()
                for text in fresh[batch]:
                    try:
                        numbers.resolve(text)
                    except ValueError:
                        pass
                return (time.thread_time_ns() - began) / size / 1000
            return one

        rows = 10_000
        lists = [[rng.choice(pool)[:-2] + f"{rng.randrange(100):02d}" for _ in range(rows)]
                 for _ in range(3 if args.quick else 8)]
        zips = [rng.choice(("10001", "33101", "60601", "94105", "80202", None)) for _ in range(rows)]
        zip_regions = ["US" if code else None for code in zips]

        def ingest(name: str, with_zip: bool) -> Callable[[int], float]:
            numbers, batch_module = modules[name][0], modules[name][1]

            def one(batch: int) -> float:
                numbers.clear_cache()
                began = time.thread_time()
                if with_zip:
                    batch_module.ingest(lists[batch], postal_code=zips, region=zip_regions)
                else:
                    batch_module.ingest(lists[batch])
                return time.thread_time() - began
            return one

        quick = 4 if args.quick else 1
        results = {
            "warm check (us)": paired({name: warm(name) for name in modules}, warm_batches // quick),
            "new number (us)": paired({name: new(name) for name in modules}, warm_batches // quick),
            "ingest E.164 (s)": paired({name: ingest(name, False) for name in modules}, len(lists)),
            "ingest + ZIP (s)": paired({name: ingest(name, True) for name in modules}, len(lists)),
        }
    load_after = os.getloadavg()
    print(f"{len(pool)} numbers, {warm_batches} batches of {size}; ingest: {len(lists)} lists of {rows:,} rows; "
          f"baseline = {args.baseline_ref}'s {', '.join(RESOLVER_FILES)}")
    print(f"{'measure':<18}{'baseline':>10}{'current':>10}{'ratio':>8}  (medians; ratio = median of paired ratios)")
    worst = 0.0
    for measure, times in results.items():
        ratio = statistics.median(times["ratio"])
        worst = max(worst, ratio)
        print(f"{measure:<18}{statistics.median(times['baseline']):>10.3f}{statistics.median(times['current']):>10.3f}"
              f"{ratio:>8.3f}")
    busy = load_after[0] > (os.cpu_count() or 1) * 0.7
    print(f"load average after: {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}"
          + ("  (busy: expect noise)" if busy else ""))
    print(f"worst ratio {worst:.3f}: {'within' if worst <= 1.05 else 'OVER'} the 5 % goal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
