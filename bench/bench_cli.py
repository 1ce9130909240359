#!/usr/bin/env python3
"""Cold start of a single check: `can-i-call +49 30 1234567`, a new process each time.

    .venv/bin/python bench/bench_cli.py              # 10 runs of each command
    .venv/bin/python bench/bench_cli.py --runs 20
    .venv/bin/python bench/bench_cli.py --importtime # + the slowest imports of one run

Each run is a fresh interpreter, as a salesperson's terminal starts it: wall time from spawn to
exit, median of the runs (the first run of each command is a warm-up for the OS file cache and
is not counted). The baseline is `python -c "import phonenumbers"`: the least any tool that
parses phone numbers in Python pays; the ratio says how much callwindow adds to it. Runs use an
empty temporary home (no settings file, no history store: a first run), so the figures do not
depend on this machine's own files. Issue 17's goal: a median <= 120 ms on an idle core.
Not a timed test: nothing fails when the machine is slow; the load average is printed beside
the figures (above ~0.5 on this 2-core machine, expect them inflated).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL_MS = 120.0
NUMBER = ["+49", "30", "1234567"]


def load_note() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "load average unavailable"
    busy = "  (busy: other processes share the cores, figures are inflated and noisy)" if one > 0.5 else ""
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min){busy}"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_ms(command: list[str], environment: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) milliseconds of one run: CPU (user + system of the child) is less inflated
    than wall time when other processes share the cores."""
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = (time.perf_counter() - start) * 1000
    if done.returncode not in (0, 1):  # 0 allowed now, 1 not now: both are answers
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return elapsed, (_children_cpu() - cpu) * 1000


def median_ms(command: list[str], environment: dict[str, str], runs: int) -> tuple[float, float, list[float]]:
    """(median wall, median CPU, the wall times) over `runs`, after one uncounted warm-up (file cache)."""
    run_ms(command, environment)
    runs_ms = [run_ms(command, environment) for _ in range(runs)]
    walls = [wall for wall, _ in runs_ms]
    return statistics.median(walls), statistics.median(cpu for _, cpu in runs_ms), walls


# The day facts of a date, first use in a fresh process: from the shipped table, then from the
# holidays package itself (its import and registry included): what the tables save a check.
_CALENDAR_PROBE = """
import time
from datetime import date
import callwindow.calendars as calendars
start = time.perf_counter()
table = calendars.day_info("DE", "DE-BY", date(2026, 12, 1))
middle = time.perf_counter()
import holidays
holidays.list_supported_countries()
package = calendars.package_day_info("DE", "BY", date(2026, 12, 1))
end = time.perf_counter()
assert table == package, (table, package)
print(f"{(middle - start) * 1000:.2f} {(end - middle) * 1000:.2f}")
"""


def calendar_first_use(environment: dict[str, str], runs: int) -> tuple[float, float]:
    tables, packages = [], []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", _CALENDAR_PROBE], env=environment, capture_output=True,
                              text=True, check=True)
        table, package = map(float, done.stdout.split())
        tables.append(table)
        packages.append(package)
    return statistics.median(tables), statistics.median(packages)


def slowest_imports(environment: dict[str, str], count: int = 15) -> list[str]:
    command = [sys.executable, "-X", "importtime", "-m", "callwindow", *NUMBER]
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    rows = []
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "self" not in line:
            _, cumulative, name = line.split("|")
            rows.append((int(cumulative), name.rstrip()))
    return [f"  {cumulative / 1000:7.1f} ms {name}" for cumulative, name in sorted(rows, reverse=True)[:count]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--importtime", action="store_true", help="print the slowest imports of one run")
    args = parser.parse_args()
    script = Path(sys.executable).with_name("can-i-call")
    check = [str(script)] if script.exists() else [sys.executable, "-m", "callwindow"]
    with tempfile.TemporaryDirectory() as home:
        # PYTHONDONTWRITEBYTECODE (set in some shells and CI images) makes every run compile
        # callwindow's sources again (~30 ms here): an installed package has its bytecode (pip
        # compiles a wheel at install; an editable install writes it on the first run, which is
        # the uncounted warm-up here). The bench measures what such a user waits.
        environment = {key: value for key, value in os.environ.items()
                       if not key.startswith("CALLWINDOW_") and key != "PYTHONDONTWRITEBYTECODE"}
        environment.update(HOME=home, XDG_CONFIG_HOME=f"{home}/config", XDG_DATA_HOME=f"{home}/data",
                           NO_COLOR="1", TZ="UTC")
        print(f"python {sys.version.split()[0]} ({sys.executable}); {os.cpu_count()} cores; {load_note()}")
        baseline, baseline_cpu, _ = median_ms([sys.executable, "-c", "import phonenumbers"], environment, args.runs)
        bare, bare_cpu, _ = median_ms([sys.executable, "-c", "pass"], environment, args.runs)
        cold, cold_cpu, times = median_ms([*check, *NUMBER], environment, args.runs)
        plain, plain_cpu, _ = median_ms([*check, *NUMBER, "--no-history"], environment, args.runs)
        print(f"{'median of ' + str(args.runs) + ' runs':<44} {'wall':>9}  {'CPU':>9}")
        print(f"{'python -c pass':<44} {bare:6.1f} ms  {bare_cpu:6.1f} ms  (the interpreter alone)")
        label = 'python -c "import phonenumbers"'
        print(f"{label:<44} {baseline:6.1f} ms  {baseline_cpu:6.1f} ms  (baseline)")
        print(f"{'can-i-call ' + ' '.join(NUMBER):<44} {cold:6.1f} ms  {cold_cpu:6.1f} ms  "
              f"ratio {cold / baseline:.2f}x the baseline (CPU {cold_cpu / baseline_cpu:.2f}x); "
              f"goal <= {GOAL_MS:.0f} ms: {'met' if cold <= GOAL_MS else 'NOT met'}")
        print(f"{'  ... --no-history':<44} {plain:6.1f} ms  {plain_cpu:6.1f} ms  ratio {plain / baseline:.2f}x")
        print(f"  runs (wall ms): {' '.join(f'{value:.0f}' for value in times)}")
        table, package = calendar_first_use(environment, max(3, args.runs // 2))
        print(f"  a date's holiday facts, first use: table {table:.1f} ms, holidays package {package:.1f} ms "
              f"(import and registry; {package / table:.0f}x)")
        print(f"  {load_note()}")
        if args.importtime:
            print("slowest imports (cumulative, one run, -X importtime):")
            print("\n".join(slowest_imports(environment)))


if __name__ == "__main__":
    main()
