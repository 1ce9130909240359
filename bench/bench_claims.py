#!/usr/bin/env python3
"""Benchmark atomic claims (claim + complete) from several processes, on SQLite and PostgreSQL,
against the fair baseline: the same processes doing what a dialer does without claims - check
(read the history, decide) then record the attempt - which is two durable operations too.

    .venv/bin/python bench/bench_claims.py                    # 8 processes x 200 claims, both backends
    .venv/bin/python bench/bench_claims.py --processes 4 --each 100 --backend sqlite

Each process claims a different number per step (no contention on a contact: the store's own
throughput); a second run gives every process the same 50 numbers (contention on contacts).
Prints claims/s (claim + complete) and the baseline's check+record/s, with the ratio, and the
machine's load. PostgreSQL: $CALLWINDOW_TEST_POSTGRES or postgresql://postgres@127.0.0.1:5432/test
(a schema per run, dropped after).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

AT = datetime(2026, 11, 24, 20, tzinfo=UTC)


def _worker(target: str, numbers: list[str], mode: str, start: object, done: object) -> None:
    from callwindow import Attempt, Policy
    from callwindow.request import Question
    from callwindow.store import open_store

    policy = Policy.default()
    questions = [Question.of(number, AT) for number in numbers]
    with open_store(target) as store:
        start.wait()  # type: ignore[attr-defined]
        began = time.perf_counter()
        for question in questions:
            if mode == "claim":
                found = policy.claim(question, store)
                if found.claim_id is not None:
                    store.complete(found.claim_id, "no_answer")
            else:  # the fair baseline: check, then record
                number = question.subscriber.number
                if policy.answer(question, store.history(number)).allowed:
                    store.record_attempt(Attempt.create(number, AT, outcome="no_answer"))
        done.put(time.perf_counter() - began)  # type: ignore[attr-defined]


def run(target: str, processes: int, each: int, mode: str, shared: bool) -> float:
    context = multiprocessing.get_context("spawn")
    start, done = context.Barrier(processes), context.Queue()
    workers = []
    for index in range(processes):
        numbers = [f"+1212555{(k % 50 if shared else index * each + k) % 10000:04d}" for k in range(each)]
        workers.append(context.Process(target=_worker, args=(target, numbers, mode, start, done)))
    for worker in workers:
        worker.start()
    seconds = max(done.get(timeout=900) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
    return processes * each / seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--each", type=int, default=200)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"bench_claims: {args.processes} processes x {args.each} operations, {os.cpu_count()} cpus, "
          f"load {os.getloadavg()[0]:.2f}")
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    for backend in backends:
        for shared in (False, True):
            figures: dict[str, list[float]] = {"claim": [], "check+record": []}
            for _ in range(args.repeat):
                for mode in figures:
                    target, cleanup = _target(backend)
                    try:
                        figures[mode].append(run(target, args.processes, args.each,
                                                 "claim" if mode == "claim" else "check", shared))
                    finally:
                        cleanup()
            claim, base = statistics.median(figures["claim"]), statistics.median(figures["check+record"])
            what = "same 50 numbers (contention)" if shared else "a number per step"
            print(f"{backend:8} {what:30} claim+complete {claim:8,.0f}/s   check+record {base:8,.0f}/s   "
                  f"ratio {claim / base:4.2f}  (median of {args.repeat})")
    print(f"load average {os.getloadavg()[0]:.2f} (1 min) at the end")
    return 0


def _target(backend: str) -> tuple[str, object]:
    if backend == "sqlite":
        folder = tempfile.mkdtemp(prefix="callwindow-bench-claims-")
        return str(Path(folder) / "history.sqlite3"), lambda: None
    import psycopg

    base = os.environ.get("CALLWINDOW_TEST_POSTGRES") or "postgresql://postgres@127.0.0.1:5432/test"
    schema = f"cw_bench_{secrets.token_hex(4)}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")

    def drop() -> None:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")

    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}options=-csearch_path%3D{schema}", drop


if __name__ == "__main__":
    sys.exit(main())
