#!/usr/bin/env python3
"""Load benchmark of the HTTP service: the real server (callwindow-serve) on loopback.

    /work/venv/bin/python bench/bench_http.py                 # 2,000 checks, 200 batches of 100, 500 attempts
    /work/venv/bin/python bench/bench_http.py --workers 2 --concurrency 32
    /work/venv/bin/python bench/bench_http.py --quick         # 10x smaller

Bounded in count and time (--time-limit, default 120 s: the run stops and
says so). Measured with httpx.AsyncClient, `--concurrency` requests in flight:

1. single   GET /v1/check for distinct (number, instant) pairs over 8 countries;
2. batch    POST /v1/check/batch with 100 checks each;
3. record   POST /v1/attempts (distinct numbers), then the store is opened
            directly and every acknowledged attempt must be there.

Prints requests/s, checks/s, p50/p99 latency per phase, and the loss count
(every request must get a 2xx answer; nothing recorded may be missing).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

KEY = "bench-key-0123456789abcdef"
NUMBERS = ["+1 212 555 0123", "+1 305 555 0123", "+33 1 23 45 67 89", "+44 20 7946 0958", "+49 30 123456",
           "+61 2 9876 5432", "+81 3 1234 5678", "+34 912 345 678"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def instant(i: int) -> str:
    day = 1 + i % 28
    return f"2026-11-{day:02d}T{(i * 7) % 24:02d}:{(i * 13) % 60:02d}:00Z"


async def run_phase(name: str, client: httpx.AsyncClient, requests: list[tuple[str, str, dict]], concurrency: int,
                    deadline: float) -> dict:
    latencies: list[float] = []
    failures: list[str] = []
    answered = 0
    queue: asyncio.Queue[tuple[str, str, dict]] = asyncio.Queue()
    for item in requests:
        queue.put_nowait(item)
    acks: list[int] = []

    async def worker() -> None:
        nonlocal answered
        while not queue.empty() and time.monotonic() < deadline:
            method, path, payload = queue.get_nowait()
            started = time.perf_counter()
            try:
                if method == "GET":
                    response = await client.get(path, params=payload)
                else:
                    response = await client.post(path, json=payload)
            except httpx.HTTPError as error:
                failures.append(f"{type(error).__name__}")
                continue
            latencies.append(time.perf_counter() - started)
            answered += 1
            if not 200 <= response.status_code < 300:
                failures.append(f"{response.status_code} {response.text[:120]}")
            elif path == "/v1/attempts":
                acks.append(response.json()["id"])

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    return {"name": name, "sent": len(requests), "answered": answered, "failures": failures, "elapsed": elapsed,
            "latencies": latencies, "acks": acks, "timed_out": answered < len(requests)}


def report(phase: dict, checks_per_request: int) -> str:
    lat = phase["latencies"] or [0.0]
    rps = phase["answered"] / phase["elapsed"] if phase["elapsed"] else 0.0
    return (f"{phase['name']:<8} {phase['answered']:>5}/{phase['sent']:<5} requests in {phase['elapsed']:6.2f} s  "
            f"{rps:8.1f} req/s  {rps * checks_per_request:9.1f} checks/s  "
            f"p50 {statistics.median(lat) * 1000:7.1f} ms  p99 {percentile(lat, 0.99) * 1000:7.1f} ms  "
            f"failures {len(phase['failures'])}{'  TIME LIMIT HIT' if phase['timed_out'] else ''}")


async def bench(base: str, args: argparse.Namespace, deadline: float) -> list[dict]:
    limits = httpx.Limits(max_connections=args.concurrency, max_keepalive_connections=args.concurrency)
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {KEY}"}, limits=limits,
                                 timeout=60) as client:
        warm = [("GET", "/v1/check", {"number": n, "at": instant(0)}) for n in NUMBERS]
        await run_phase("warm-up", client, warm, 4, deadline)
        singles = [
            ("GET", "/v1/check", {"number": NUMBERS[i % len(NUMBERS)], "at": instant(i)})
            for i in range(args.checks)
        ]
        batches = [("POST", "/v1/check/batch", [
            {"number": NUMBERS[(b + j) % len(NUMBERS)], "at": instant(b * 100 + j), "purpose": "service"}
            for j in range(args.batch_size)]) for b in range(args.batches)]  # type: ignore[misc]
        attempts = [("POST", "/v1/attempts", {"number": f"+1 212 555 {i % 10000:04d}", "outcome": "no_answer",
                                              "at": instant(i)}) for i in range(args.attempts)]
        results = [await run_phase("single", client, singles, args.concurrency, deadline)]
        results.append(await run_phase("batch", client, batches, args.concurrency, deadline))  # type: ignore[arg-type]
        results.append(await run_phase("record", client, attempts, args.concurrency, deadline))
        return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checks", type=int, default=2000)
    parser.add_argument("--batches", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--attempts", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.checks, args.batches, args.attempts = args.checks // 10, args.batches // 10, args.attempts // 10

    from callwindow.store import open_store

    folder = Path(tempfile.mkdtemp(prefix="callwindow-bench-"))
    db = folder / "history.sqlite3"
    port = free_port()
    env = {**os.environ, "CALLWINDOW_API_KEYS": KEY}
    env.pop("CALLWINDOW_KEYS_FILE", None)
    log = open(folder / "server.log", "wb")
    server = subprocess.Popen([sys.executable, "-m", "callwindow.http", "--host", "127.0.0.1", "--port", str(port),
                               "--workers", str(args.workers), "--db", str(db), "--log-level", "warning"],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise SystemExit("server did not start")
        deadline = time.monotonic() + args.time_limit
        results = asyncio.run(bench(base, args, deadline))
    finally:
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=60)
    single, batch, record = results
    with open_store(str(db)) as store:
        recorded = store.totals()["attempts"]
    print(f"callwindow HTTP benchmark: {platform.python_implementation()} {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, uvicorn workers {args.workers}, concurrency {args.concurrency}, loopback")
    print(report(single, 1))
    print(report(batch, args.batch_size))
    print(report(record, 1))
    lost = sum(phase["sent"] - phase["answered"] for phase in (single, batch, record))
    failures = single["failures"] + batch["failures"] + record["failures"]
    missing = len(record["acks"]) - recorded
    print(f"lost: {lost} unanswered, {len(failures)} non-2xx/transport errors; attempts acknowledged "
          f"{len(record['acks'])}, in the store {recorded} (missing {missing}); server exit status {code}")
    if failures:
        print("first failures:", failures[:3])
    ok = lost == 0 and not failures and missing == 0 and code == 0
    print("OK: nothing lost" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
