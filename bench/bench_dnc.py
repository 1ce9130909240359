#!/usr/bin/env python3
"""Benchmark do-not-call lists: importing a big list, and what a list adds to a check.

    .venv/bin/python bench/bench_dnc.py                 # 10,000,000 numbers, both backends, 3 runs each
    .venv/bin/python bench/bench_dnc.py --quick         # 1,000,000 numbers, SQLite, batch of 100,000 rows
    .venv/bin/python bench/bench_dnc.py --numbers 2000000 --backend postgres --repeat 5

1. import: `can-i-call dnc import FILE --format us-dnc` of a synthetic FTC-style download
   ("AAA,NNNNNNN" lines), run as its own process: wall time and peak memory (the child's
   maxrss from wait4). The fair baseline, also its own process: read the same file's lines and
   insert them as text, nothing else - `executemany` into an unindexed SQLite table, or a
   plain `COPY` into an unindexed PostgreSQL table. Targets: <= 60 s, <= 500 MB.
2. single check: `store.history(number)` + `Policy.answer` against a store holding the list,
   minus the same against a store without one: per read with the block query (a fresh store)
   and with the lists in memory (a long-lived store, after `warm_reads`). Target: <= 2 us added.
3. batch: `decide_batch(ingest(rows), at, history=store)` of a 1,000,000-row lead list with
   the list vs without it, once with no row drawn from the list (the lookup's cost: about 1 in
   300 random numbers is on it anyway) and once with 10 % drawn from it (the store reads those
   rows as list signatures, not History values: store.batch_histories; the engine refuses them
   on arrays, one kernel refusal per signature, places, channel, purpose and day). Target: <= 10 %
   added.

Medians of --repeat runs, the machine's load before and after. Not a timed test: nothing
fails when the machine is slow. PostgreSQL: $CALLWINDOW_TEST_POSTGRES or
postgresql://postgres@127.0.0.1:5432/test (a schema per run, dropped after).
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
AT = datetime(2026, 11, 24, 20, tzinfo=UTC)  # 15:00 in New York: sales calls allowed
TODAY = "2026-11-20"

BASELINE_SQLITE = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = WAL")
conn.execute("PRAGMA synchronous = FULL")
conn.execute("CREATE TABLE plain (number TEXT NOT NULL)")
conn.execute("BEGIN")
with open(sys.argv[2], encoding="utf-8") as lines:
    conn.executemany("INSERT INTO plain (number) VALUES (?)", ((line.strip(),) for line in lines))
conn.execute("COMMIT")
"""
BASELINE_POSTGRES = """
import psycopg, sys
with psycopg.connect(sys.argv[1]) as conn, conn.cursor() as cursor:
    cursor.execute("CREATE TABLE plain (number TEXT NOT NULL)")
    with open(sys.argv[2], "rb") as lines, cursor.copy("COPY plain (number) FROM STDIN") as copy:
        while chunk := lines.read(1 << 20):
            copy.write(chunk)
"""


def us_area_codes() -> np.ndarray:
    """The US area codes in service (the shipped NANP table): numbers a check resolves."""
    codes = []
    for line in (ROOT / "callwindow" / "data" / "nanp_area_codes.csv").read_text(encoding="utf-8").splitlines():
        fields = line.split(",")
        if line and not line.startswith("#") and fields[0].isdigit() and fields[1] == "US":
            codes.append(int(fields[0]))
    return np.asarray(codes, dtype=np.int64)


def random_numbers(rng: np.random.Generator, size: int) -> np.ndarray:
    """`size` random US numbers (E.164 digits): an area code in service, an exchange 200-999."""
    return 10_000_000_000 + rng.choice(us_area_codes(), size=size) * 10_000_000 + \
        rng.integers(2_000_000, 10_000_000, size=size)


def numbers_file(folder: Path, count: int, seed: int = 7) -> tuple[Path, np.ndarray]:
    """A us-dnc download of `count` distinct random NANP numbers; their E.164 digits, sorted."""
    rng = np.random.default_rng(seed)
    drawn = random_numbers(rng, count * 11 // 10)
    area, rest = (drawn - 10_000_000_000) // 10_000_000, drawn % 10_000_000
    drawn = np.sort(10_000_000_000 + area * 10_000_000 + rest)  # (np.unique is slow in numpy 2.4)
    values = drawn[np.concatenate([[True], drawn[1:] != drawn[:-1]])][:count]
    rng.shuffle(values)
    path = folder / "us-dnc.txt"
    local = values - 10_000_000_000
    grid = np.empty((local.shape[0], 12), dtype=np.uint8)  # "AAA,NNNNNNN\n", written at once
    for column, power in enumerate((9, 8, 7, None, 6, 5, 4, 3, 2, 1, 0)):
        if power is None:
            grid[:, column] = ord(",")
        else:
            grid[:, column] = 48 + (local // 10**power) % 10
    grid[:, 11] = ord("\n")
    grid.tofile(path)
    return path, np.sort(values)


# Run in the child after its work: its own peak resident memory (VmHWM counts this process
# image only; getrusage's maxrss would count the parent's pages at the fork too).
_PEAK = "print(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1], file=sys.stderr)"
_CLI = "import sys\nfrom callwindow.cli import main\ncode = main(sys.argv[1:])\n" + _PEAK + "\nsys.exit(code)"


def run_child(script: str, argv: list[str]) -> tuple[float, float]:
    """(seconds, peak MB) of `script` run with `argv` in a child process."""
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", script, *argv], cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, check=False)
    seconds = time.perf_counter() - began
    if done.returncode != 0:
        raise SystemExit(f"{argv[:4]}... failed: {done.stderr[-500:]}")
    return seconds, int(done.stderr.strip().splitlines()[-1]) / 1024


def targets(backend: str, folder: Path, run: int) -> tuple[str, str, Any]:
    """(store target, baseline target, cleanup) for one run."""
    if backend == "sqlite":
        return str(folder / f"store-{run}.sqlite3"), str(folder / f"plain-{run}.sqlite3"), lambda: None
    import psycopg

    base = os.environ.get("CALLWINDOW_TEST_POSTGRES", "").strip() or "postgresql://postgres@127.0.0.1:5432/test"
    schema = f"bench_dnc_{secrets.token_hex(4)}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    joiner = "&" if "?" in base else "?"
    url = f"{base}{joiner}options=-csearch_path%3D{schema}"

    def drop() -> None:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")

    return url, url, drop


def bench_import(backend: str, folder: Path, download: Path, repeat: int) -> list[str]:
    ours, theirs, peaks = [], [], []
    for run in range(repeat):
        store, plain, drop = targets(backend, folder, run)
        try:
            seconds, peak = run_child(_CLI, ["dnc", "import", str(download), "--name", "us-national",
                                             "--downloaded-on", TODAY, "--format", "us-dnc", "--db", store,
                                             "--create-db", "--no-config"])
            ours.append(seconds)
            peaks.append(peak)
            script = BASELINE_SQLITE if backend == "sqlite" else BASELINE_POSTGRES
            theirs.append(run_child(script + "\n" + _PEAK, [plain, str(download)])[0])
        finally:
            drop()
            for leftover in folder.glob(f"*-{run}.sqlite3*"):
                leftover.unlink()
    mine, base = statistics.median(ours), statistics.median(theirs)
    return [f"  import ({backend}): {mine:.1f} s median of {repeat} (runs {', '.join(f'{s:.1f}' for s in ours)}), "
            f"peak {max(peaks):.0f} MB (runs {', '.join(f'{p:.0f}' for p in peaks)}); baseline (plain "
            f"{'executemany' if backend == 'sqlite' else 'COPY'} of the "
            f"lines) {base:.1f} s; ratio {mine / base:.2f}; targets <= 60 s, <= 500 MB: "
            f"{'met' if mine <= 60 and max(peaks) <= 500 else 'NOT met'}"]


def per_call_us(work: Any, calls: list[Any], repeat: int) -> tuple[float, float]:
    """Medians over `repeat` passes of the mean wall and CPU time per call, in microseconds
    (CPU time: less swayed by the other processes of a busy machine)."""
    passes, spent = [], []
    for _ in range(repeat):
        began, cpu = time.perf_counter_ns(), time.process_time_ns()
        for item in calls:
            work(item)
        passes.append((time.perf_counter_ns() - began) / len(calls) / 1000)
        spent.append((time.process_time_ns() - cpu) / len(calls) / 1000)
    return statistics.median(passes), statistics.median(spent)


def bench_single(listed: np.ndarray, folder: Path, repeat: int) -> list[str]:
    from callwindow import Policy
    from callwindow.history import SuppressionList
    from callwindow.request import Question
    from callwindow.store import open_store

    policy = Policy.default()
    def resolvable(values: list[int]) -> list[Question]:
        found = []
        for value in values:
            try:
                found.append(Question.of(f"+{value}", AT))
            except ValueError:  # an area code the table has and phonenumbers does not know yet
                continue
        return found[:2000]

    sample = listed[:: max(1, listed.shape[0] // 3000)]
    listed_questions = resolvable(sample.tolist())
    # Numbers next to listed ones and not on the list: the lookup's cost alone (the same answer
    # with the list and without it).
    neighbours = sample + 1
    questions = resolvable(neighbours[~np.isin(neighbours, listed)].tolist())
    with_list, without = str(folder / "single-list.sqlite3"), str(folder / "single-none.sqlite3")
    with open_store(with_list) as store:
        from array import array

        store.import_suppression_list(SuppressionList("us-national", "US", date(2026, 11, 20), 31),
                                      array("q", listed.tolist()))
    open_store(without).close()
    lines = []
    for mode, warm in (("per read (block query)", 10**9), ("lists in memory (warm store)", 0)):
        times, cpu = {}, {}
        for name, target, asked in (("with", with_list, questions), ("without", without, questions),
                                    ("listed", with_list, listed_questions)):
            with open_store(target) as store:
                store.warm_reads = warm  # type: ignore[attr-defined]
                ask = lambda question, s=store: policy.answer(question, s.history(question.subscriber.number))  # noqa: E731
                assert ask(asked[0]).allowed == (name != "listed")
                for question in asked[:200]:  # (a first pass: the in-memory lists and their filter are built)
                    ask(question)
                times[name], cpu[name] = per_call_us(ask, asked, repeat)
        added = times["with"] - times["without"]
        lines.append(f"  single check, {mode}: a number not on the list {times['with']:.1f} us with the list, "
                     f"{times['without']:.1f} us without: added {added:+.1f} us (ratio "
                     f"{times['with'] / times['without']:.2f}); target <= 2 us: {'met' if added <= 2 else 'NOT met'}; "
                     f"CPU {cpu['with']:.1f} us against {cpu['without']:.1f} us "
                     f"({cpu['with'] - cpu['without']:+.1f} us); "
                     f"a listed number (refused) {times['listed']:.1f} us")
    return lines


def bench_batch(listed: np.ndarray, folder: Path, rows: int, repeat: int, share: float) -> list[str]:
    from array import array

    from callwindow import Policy
    from callwindow.batch import decide_batch, ingest
    from callwindow.history import SuppressionList
    from callwindow.store import open_store

    policy = Policy.default()
    rng = np.random.default_rng(11)
    on = rng.choice(listed, size=int(rows * share), replace=False)
    off = random_numbers(rng, rows - on.shape[0])  # (about 1 in 300 is on the list too)
    values = np.concatenate([on, off])
    rng.shuffle(values)
    ingested = ingest([f"+{value}" for value in values.tolist()])
    with_list, without = str(folder / "batch-list.sqlite3"), str(folder / "batch-none.sqlite3")
    with open_store(with_list) as store:
        store.import_suppression_list(SuppressionList("us-national", "US", date(2026, 11, 20), 31),
                                      array("q", listed.tolist()))
    open_store(without).close()
    times: dict[str, list[float]] = {"with": [], "without": []}
    cpu: dict[str, list[float]] = {"with": [], "without": []}  # CPU seconds: less swayed by the machine's load
    blocked = 0
    for _ in range(repeat):
        for name, target in (("with", with_list), ("without", without)):
            with open_store(target) as store:
                began, spent = time.perf_counter(), time.process_time()
                decided = decide_batch(ingested, AT, policy=policy, history=store)
                times[name].append(time.perf_counter() - began)
                cpu[name].append(time.process_time() - spent)
                if name == "with":
                    sample = range(0, rows, max(1, rows // 1000))
                    blocked = sum(1 for index in sample if list(decided.reasons(index)) == ["suppressed"])
    mine, base = statistics.median(times["with"]), statistics.median(times["without"])
    mine_cpu, base_cpu = statistics.median(cpu["with"]), statistics.median(cpu["without"])
    return [f"  batch of {rows:,} rows ({share:.0%} drawn from the list; {blocked} of a 1,000-row sample refused "
            "as listed): "
            f"{mine:.2f} s with the list, {base:.2f} s without (medians of {repeat}); added "
            f"{(mine / base - 1) * 100:+.1f} %; target <= 10 %: {'met' if mine <= base * 1.10 else 'NOT met'}; "
            f"CPU {mine_cpu:.2f} s against {base_cpu:.2f} s ({(mine_cpu / base_cpu - 1) * 100:+.1f} %)"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--numbers", type=int, default=10_000_000)
    parser.add_argument("--rows", type=int, default=1_000_000, help="the batch's rows")
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="1,000,000 numbers, SQLite, 100,000 rows")
    parser.add_argument("--only", choices=["import", "single", "batch"], action="append")
    parser.add_argument("--listed", type=float, action="append",
                        help="the share of the batch's rows drawn from the list (repeatable; default 0 and 0.1)")
    args = parser.parse_args()
    if args.quick:
        args.numbers, args.backend, args.rows = 1_000_000, "sqlite", 100_000
    parts = args.only or ["import", "single", "batch"]
    print(f"bench_dnc: {args.numbers:,} numbers, {os.cpu_count()} cpus, load {os.getloadavg()[0]:.2f} "
          f"{os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-dnc-") as name:
        folder = Path(name)
        began = time.perf_counter()
        download, listed = numbers_file(folder, args.numbers)
        print(f"  the download: {download.stat().st_size / 1e6:.0f} MB, written in {time.perf_counter() - began:.1f} s",
              flush=True)
        if "import" in parts:
            for backend in (["sqlite", "postgres"] if args.backend == "both" else [args.backend]):
                for line in bench_import(backend, folder, download, args.repeat):
                    print(line, flush=True)
        if "single" in parts:
            for line in bench_single(listed, folder, args.repeat):
                print(line, flush=True)
        if "batch" in parts:
            for share in args.listed or [0.0, 0.1]:
                for line in bench_batch(listed, folder, args.rows, args.repeat, share):
                    print(line, flush=True)
    print(f"  load after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
