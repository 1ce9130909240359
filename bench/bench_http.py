#!/usr/bin/env python3
"""Load benchmark of the HTTP service with a compiled load generator (wrk), beside a
hello-world on the same stack, so that it measures the server and not the client.

    .venv/bin/python bench/bench_http.py                  # 2 workers, c=16 and 64, 3 runs of 10 s each
    .venv/bin/python bench/bench_http.py --duration 5 --runs 3 --connections 16
    .venv/bin/python bench/bench_http.py --quick          # 1 run of 3 s per row (a smoke run)

wrk is a C program (`apt-get install wrk` on Debian). Both servers are started by this script
on free 127.0.0.1 ports with the same uvicorn stack (`callwindow.http.protocol.Protocol`: uvloop
and httptools when installed, TCP_NODELAY, the same worker count) and stopped with SIGTERM:

- hello    an ASGI app answering `hello` to every request (the stack's ceiling);
- single   GET /v1/check over 8 countries x 2,016 instants (distinct questions);
- batch    POST /v1/check/batch with 100 checks each, every one at its own instant over 28 days
           (checks/s = requests/s x 100; every reason worded: the scalar walk per item);
- codes    POST /v1/check/batch?detail=codes, 100 checks at one instant per request (a dialer's
           "these leads, now": 2,000 distinct numbers in 8 countries), on the batch engine;
- record   POST /v1/attempts over 10,000 numbers (+1 646 555 XXXX: none of them a number
           the other rows check, so that every row reads the store as it was, whatever the
           rounds' order); afterwards every acknowledged attempt must be in the SQLite store
           (nothing lost).

Both servers run side by side and the rows are measured in `--runs` rounds, each round
hello first, then every service row, `--duration` seconds each after a warm-up; the medians
of requests/s, p50 and p99 (wrk's own percentiles) are printed, and each row's share of the
hello-world as the median of its rounds' shares (each against the hello of its own round: a
machine whose speed drifts over minutes moves both alike), with the load average before and
after the run: wrk and the servers share the machine's CPUs. Also the server's
CPU per request (its processes' user + system time over the run, from /proc), how many of
its processes did work and the busiest one's share of that CPU (50 %: an even split between 2
workers). Both servers give each worker a listening socket of its own on Linux
(`callwindow.http.protocol.worker_sockets`: the kernel spreads the connections); where they
share one, the first worker awake may accept all 16 connections and serve a whole row alone -
the share of hello then compares the two rows' CPU per request.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
KEY = "bench-key-0123456789abcdef"
NUMBERS = ["%2B12125550123", "%2B13055550123", "%2B33123456789", "%2B442079460958", "%2B4930123456",
           "%2B61298765432", "%2B81312345678", "%2B34912345678"]

# wrk's Lua: a `done` hook that prints one JSON line with the figures this script reads.
_SUMMARY = r"""
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format('JSON {"requests": %d, "seconds": %.3f, "p50_ms": %.3f, "p99_ms": %.3f, ' ..
    '"non2xx": %d, "socket_errors": %d}\n', summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status, errors))
end
"""
_AUTH = 'local key = "{key}"\nlocal auth = {{["Authorization"] = "Bearer " .. key}}\n'

SCRIPTS = {
    "hello": "",
    "single": _AUTH + """
local numbers = {numbers}
local paths = {{}}
for i = 0, 2015 do
  local at = string.format("2026-11-%02dT%02d:%02d:00Z", 1 + i % 28, (i * 7) % 24, (i * 13) % 60)
  paths[#paths + 1] = "/v1/check?number=" .. numbers[(i % #numbers) + 1] .. "&at=" .. at
end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1], auth)
end
""",
    "batch": _AUTH + """
local numbers = {{"+12125550123", "+13055550123", "+33123456789", "+442079460958", "+4930123456",
                 "+61298765432", "+81312345678", "+34912345678"}}
local bodies = {{}}
for b = 0, 19 do
  local items = {{}}
  for j = 0, 99 do
    local i = b * 100 + j
    local at = string.format("2026-11-%02dT%02d:%02d:00Z", 1 + i % 28, (i * 7) % 24, (i * 13) % 60)
    items[#items + 1] = string.format('{{"number": "%s", "at": "%s", "purpose": "service"}}',
                                      numbers[(i % #numbers) + 1], at)
  end
  bodies[#bodies + 1] = "[" .. table.concat(items, ",") .. "]"
end
local headers = {{["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json"}}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("POST", "/v1/check/batch", headers, bodies[(counter % #bodies) + 1])
end
""",
    "codes": _AUTH + """
local numbers = {{"+12125550123", "+13055550123", "+33123456789", "+442079460958", "+4930123456",
                 "+61298765432", "+81312345678", "+34912345678"}}
local bodies = {{}}
for b = 0, 19 do
  local items = {{}}
  local at = string.format("2026-11-%02dT%02d:%02d:00Z", 1 + b % 28, (b * 7) % 24, (b * 13) % 60)
  for j = 0, 99 do
    local i = b * 100 + j
    items[#items + 1] = string.format('{{"number": "+1 212 555 %04d", "at": "%s", "purpose": "service"}}', i, at)
    if j % 4 == 0 then
      items[#items] = string.format('{{"number": "%s", "at": "%s", "purpose": "service"}}',
                                    numbers[(i % #numbers) + 1], at)
    end
  end
  bodies[#bodies + 1] = "[" .. table.concat(items, ",") .. "]"
end
local headers = {{["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json"}}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("POST", "/v1/check/batch?detail=codes", headers, bodies[(counter % #bodies) + 1])
end
""",
    "record": _AUTH + """
local headers = {{["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json"}}
local counter = 0
request = function()
  counter = counter + 1
  local body = string.format('{{"number": "+1 646 555 %04d", "outcome": "no_answer", ' ..
                             '"at": "2026-11-%02dT12:00:00Z"}}', counter % 10000, 1 + counter % 28)
  return wrk.format("POST", "/v1/attempts", headers, body)
end
""",
}
CHECKS_PER_REQUEST = {"hello": 1, "single": 1, "batch": 100, "codes": 100, "record": 1}


async def hello(scope: dict, receive: object, send: object) -> None:  # the ASGI hello-world
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200,  # type: ignore[operator]
                "headers": [(b"content-type", b"text/plain"), (b"content-length", b"5")]})
    await send({"type": "http.response.body", "body": b"hello"})  # type: ignore[operator]


def serve_hello(port: int, workers: int) -> None:
    """Serve `hello` exactly as callwindow-serve serves its app (same protocol, loop, options)."""
    import uvicorn

    from callwindow.http.__main__ import KEEP_ALIVE_SECONDS
    from callwindow.http.protocol import Protocol
    from callwindow.http.reload import forwarding_supervisor

    if workers > 1:  # callwindow-serve's supervisor: a listening socket per worker (protocol.worker_sockets)
        setattr(importlib.import_module("uvicorn.main"), "Multiprocess", forwarding_supervisor())  # noqa: B010
    uvicorn.run("bench_http:hello", app_dir=str(HERE), host="127.0.0.1", port=port, workers=workers,
                access_log=False, log_level="warning", http=Protocol, timeout_keep_alive=KEEP_ALIVE_SECONDS,
                server_header=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(command: list[str], env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(command, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited early: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/health", timeout=1):
                return process
        except urllib.error.HTTPError:
            return process  # any HTTP answer: it is up
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("server did not start in 120 s")


def stop(process: subprocess.Popen[bytes]) -> int:
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


def wrk(port: int, script: Path, connections: int, seconds: float) -> dict[str, float]:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s", "--latency",
               "-s", str(script), f"http://127.0.0.1:{port}"]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    line = next((line for line in out.stdout.splitlines() if line.startswith("JSON ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no summary: {out.stdout[-500:]} {out.stderr[-500:]}")
    result: dict[str, float] = json.loads(line[5:])
    result["rps"] = result["requests"] / result["seconds"]
    return result


def median_row(runs: list[dict[str, float]]) -> dict[str, float]:
    return {name: statistics.median(run[name] for run in runs) for name in ("rps", "p50_ms", "p99_ms", "cpu_us")} | {
        "non2xx": sum(run["non2xx"] for run in runs), "socket_errors": sum(run["socket_errors"] for run in runs),
        "workers_busy": max(run["workers_busy"] for run in runs), "busiest": max(run["busiest"] for run in runs)}


def process_cpu(root: int) -> dict[int, float]:
    """CPU seconds (user + system) of a process and its descendants, by pid (Linux's /proc;
    empty elsewhere): what the server spent, whatever wrk and the machine's other work took."""
    found: dict[int, float] = {}
    pending = [root]
    while pending:
        pid = pending.pop()
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            found[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            pending += [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except (OSError, ValueError, IndexError):
            continue
    return found


def measured(process: subprocess.Popen[bytes], port: int, script: Path, connections: int,
             seconds: float) -> dict[str, float]:
    """One wrk run, with the server's CPU per request, how many processes did work in it and the
    busiest one's share (workers sharing one listening socket: the first awake may accept every
    connection)."""
    before = process_cpu(process.pid)
    result = wrk(port, script, connections, seconds)
    after = process_cpu(process.pid)
    spent = {pid: after[pid] - before.get(pid, 0.0) for pid in after}
    result["cpu_us"] = sum(spent.values()) / max(1, result["requests"]) * 1e6 if spent else float("nan")
    result["workers_busy"] = sum(1 for value in spent.values() if value > 0.1 * seconds)
    # the busiest process's share of the server's CPU: 50 % is an even split between 2 workers
    result["busiest"] = max(spent.values()) / sum(spent.values()) if spent and sum(spent.values()) else float("nan")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per run")
    parser.add_argument("--runs", type=int, default=3, help="runs per row (the median is printed)")
    parser.add_argument("--rows", nargs="+", default=["hello", "single", "batch", "codes", "record"],
                        choices=list(SCRIPTS))
    parser.add_argument("--quick", action="store_true", help="1 run of 3 s per row")
    parser.add_argument("--serve-hello", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_hello:
        serve_hello(args.serve_hello, args.workers)
        return 0
    if args.quick:
        args.duration, args.runs = 3.0, 1
    if shutil.which("wrk") is None:
        print("bench_http: error: wrk is not installed (Debian: apt-get install wrk)", file=sys.stderr)
        return 2

    folder = Path(tempfile.mkdtemp(prefix="callwindow-bench-http-"))
    scripts = {}
    for name, text in SCRIPTS.items():
        scripts[name] = folder / f"{name}.lua"
        lua = text.format(key=KEY, numbers="{" + ", ".join(f'"{number}"' for number in NUMBERS) + "}")
        scripts[name].write_text(lua + _SUMMARY)
    env = {**os.environ, "CALLWINDOW_API_KEYS": KEY}
    env.pop("CALLWINDOW_KEYS_FILE", None)
    db = folder / "history.sqlite3"
    load = os.getloadavg()
    print(f"callwindow HTTP benchmark: {platform.python_implementation()} {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, {args.workers} workers, wrk -t1, {args.runs} x {args.duration:g} s per row "
          f"(medians), load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} before the run")
    # Both servers run at once and every round measures hello, then each service row, at each
    # connection count: a row's share of hello is taken within its round (the machine's speed
    # drifts over minutes here - the hello-world went from 48k to 68k req/s within half an hour -
    # and a hello measured minutes before its row would carry that drift into the share).
    servers: dict[str, tuple[subprocess.Popen[bytes], int]] = {}
    measured_rows = sorted(dict.fromkeys(args.rows), key=lambda row: row != "hello")  # hello first in a round
    runs: dict[tuple[str, int], list[dict[str, float]]] = {}
    shares: dict[tuple[str, int], list[float]] = {}
    acknowledged = 0
    try:
        for server in ("hello", "callwindow"):
            if (server == "hello") not in {row == "hello" for row in measured_rows}:
                continue  # no row of this server asked for
            port = free_port()
            if server == "hello":
                command = [sys.executable, str(Path(__file__).resolve()), "--serve-hello", str(port),
                           "--workers", str(args.workers)]
            else:
                command = [sys.executable, "-m", "callwindow.http", "--host", "127.0.0.1", "--port", str(port),
                           "--workers", str(args.workers), "--db", str(db), "--create-db", "--log-level", "warning"]
            servers[server] = start(command, env, port, folder / f"{server}.log"), port
        for row in measured_rows:  # warm-up: every worker compiles its contexts
            process, port = servers["hello" if row == "hello" else "callwindow"]
            wrk(port, scripts[row], args.connections[0], 2)
        for _ in range(args.runs):
            for connections in args.connections:
                hello_rps = None
                for row in measured_rows:
                    process, port = servers["hello" if row == "hello" else "callwindow"]
                    run = measured(process, port, scripts[row], connections, args.duration)
                    runs.setdefault((row, connections), []).append(run)
                    if row == "hello":
                        hello_rps = run["rps"]
                    elif hello_rps:
                        shares.setdefault((row, connections), []).append(run["rps"] / hello_rps)
                    if row == "record":
                        acknowledged += int(run["requests"] - run["non2xx"])
    finally:
        for server, (process, _) in servers.items():
            code = stop(process)
            if code != 0:
                print(f"{server}: exit status {code}", file=sys.stderr)
    results = {key: median_row(found) for key, found in runs.items()}
    for (row, connections), figures in results.items():
        share = ""
        if (row, connections) in shares:
            found = shares[(row, connections)]
            share = f"  {statistics.median(found):6.1%} of hello (runs {' '.join(f'{value:.1%}' for value in found)})"
        checks = figures["rps"] * CHECKS_PER_REQUEST[row]
        print(f"{row:<7} c={connections:<3} {figures['rps']:9.0f} req/s {checks:10.0f} checks/s  "
              f"p50 {figures['p50_ms']:7.2f} ms  p99 {figures['p99_ms']:7.2f} ms  "
              f"non-2xx {int(figures['non2xx'])}  socket errors {int(figures['socket_errors'])}  "
              f"server {figures['cpu_us']:6.1f} us CPU/req on {int(figures['workers_busy'])} busy "
              f"(busiest {figures['busiest']:4.0%}){share}")
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} after the run")
    ok = all(figures["non2xx"] == 0 for figures in results.values())
    if "record" in args.rows:
        with sqlite3.connect(db) as connection:
            stored = connection.execute("SELECT count(*) FROM attempts").fetchone()[0]
        # wrk counts the answers it read before its time was up; the server may finish a few more
        print(f"record: {acknowledged} attempts acknowledged (warm-ups not counted), {stored} in the store")
        ok = ok and stored >= acknowledged
    print("OK" if ok else "FAILED (non-2xx answers or attempts missing)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
