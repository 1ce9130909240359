#!/usr/bin/env python3
"""Benchmark `can-i-call list` on a synthetic lead list, with a history store, against the
physical limit (pyarrow reading and writing the same CSV) and a naive per-row loop.

    .venv/bin/python bench/bench_leads.py                      # 100,000 rows, 10,000 history records
    .venv/bin/python bench/bench_leads.py --quick              # 20,000 rows
    .venv/bin/python bench/bench_leads.py --rows 1000000 --history 100000 --repeat 3
    .venv/bin/python bench/bench_leads.py --rows 500000 --keep  # keep the files (prints where)
    .venv/bin/python bench/bench_leads.py --rows 200000 --profile-only  # where the list's time goes

What is measured (one process, one run, fixed seed):

1. the list   a CSV of synthetic leads is written to a temporary folder: numbers from every
              region phonenumbers has examples for (fixed line and mobile, the last digits
              changed so that almost every number is new), written in international format
              with spaces, in E.164, or in national format with the country in a column;
              about 1 % bad rows (letters, empty numbers, unknown countries) and some
              duplicates. A SQLite history store gets `--history` records (attempts,
              opt-outs, consents) for numbers of the list. `can-i-call list FILE -o OUT --at
              ... --quiet --db STORE` runs as its own process, `--repeat` times (the median is
              quoted, with its peak memory); then once with `--plan`.
   pyarrow    pyarrow.csv reads the same file and writes it back (the physical limit of a
              CSV in, CSV out pass on this machine), `--repeat` times; the ratio is
              list seconds / pyarrow seconds.
2. naive      what one would write without callwindow, per row, on the first 2,000 rows:
              csv reading, phonenumbers.parse with its defaults (pattern cache off),
              is_valid_number, time_zones_for_number, pendulum in_timezone per zone, a
              holidays calendar built per row, weekend + holiday + 08:00-21:00 check in every
              zone, csv writing. Rows/s from its wall time.
   fair naive the same loop with the caches a good engineer adds (phonenumbers' pattern cache
              on, one holidays calendar per country and year), on the first 20,000 rows.
3. ratio      list rows/s / naive rows/s (and / fair naive rows/s).
4. profile    (--profile, --profile-only) one more list run under cProfile: the share of its time
              spent reading rows (decoding, CSV), turning rows into questions, deciding (the batch
              engine: ingest and decide_batch), writing rows, and the summary. cProfile slows
              small functions more than big ones: the shares are a guide, not a measure.

Every number is checked at the same instant (`--at`), as the command does.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import Any

import holidays
import pendulum
import phonenumbers
import phonenumbers.re_util as phone_re_util
from phonenumbers import timezone as phone_timezones

SEED = 20261124
AT = "2026-11-24T15:00:00Z"
NAIVE_ROWS = 2_000
FAIR_ROWS = 20_000
TYPES = (phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.MOBILE)


def examples() -> list[tuple[str, phonenumbers.PhoneNumber]]:
    found = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in TYPES:
            example = phonenumbers.example_number_for_type(region, kind)
            if example is not None:
                found.append((region, example))
    return found


def write_leads(path: Path, rows: int, rng: random.Random) -> dict[str, int]:
    """The synthetic lead list; returns how many rows of each kind were written."""
    pool = examples()
    counts = {"international": 0, "e164": 0, "national": 0, "bad": 0, "duplicate": 0}
    recent: list[tuple[str, str]] = []
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "company", "phone", "country", "notes"])
        for index in range(rows):
            roll = rng.random()
            if roll < 0.01:
                number, country = rng.choice([("call me", ""), ("", ""), ("+1 212 555 0123", "XX")])
                counts["bad"] += 1
            elif roll < 0.03 and recent:
                number, country = rng.choice(recent)
                counts["duplicate"] += 1
            else:
                region, example = rng.choice(pool)
                national = str(example.national_number)
                digits = min(3, max(1, len(national) - 4))
                changed = national[:-digits] + "".join(rng.choice("0123456789") for _ in range(digits))
                number_object = phonenumbers.PhoneNumber(country_code=example.country_code,
                                                         national_number=int(changed),
                                                         italian_leading_zero=example.italian_leading_zero)
                style = rng.random()
                if style < 0.5:
                    number = phonenumbers.format_number(number_object, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
                    counts["international"] += 1
                    country = ""
                elif style < 0.8:
                    number = phonenumbers.format_number(number_object, phonenumbers.PhoneNumberFormat.E164)
                    counts["e164"] += 1
                    country = ""
                else:
                    number = phonenumbers.format_number(number_object, phonenumbers.PhoneNumberFormat.NATIONAL)
                    counts["national"] += 1
                    country = region
                recent.append((number, country))
                if len(recent) > 500:
                    recent.pop(0)
            writer.writerow([index, f"Lead {index}", f"Company {index % 997}", number, country,
                             "called twice, prefers mornings" if index % 7 == 0 else ""])
    return counts


# ---------------------------------------------------------------- naive baseline


class pattern_cache_off:
    """phonenumbers' default (its pattern cache off); the library's dict is put back after."""

    def __enter__(self) -> pattern_cache_off:
        self.saved = phone_re_util._COMPILED_PATTERNS
        phone_re_util._COMPILED_PATTERNS = None
        return self

    def __exit__(self, *exc: object) -> bool:
        phone_re_util._COMPILED_PATTERNS = self.saved
        return False


def naive_row(number: str, country: str, at: datetime,
              calendars: dict[tuple[str, int], Any] | None = None) -> list[str]:
    """One row the naive way: parse, zones, pendulum, a holidays calendar, the check.
    `calendars`: keep each (country, year) calendar (the fair baseline) instead of one per row."""
    try:
        parsed = phonenumbers.parse(number, country or None)
    except phonenumbers.NumberParseException as error:
        return ["", "", str(error)]
    if not phonenumbers.is_valid_number(parsed):
        return ["", "", "invalid number"]
    zones = phone_timezones.time_zones_for_number(parsed)
    region = phonenumbers.region_code_for_number(parsed)
    instant = pendulum.instance(at)
    local_times = []
    for zone in zones:
        try:
            local_times.append(instant.in_timezone(zone))
        except ValueError:
            return [phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), "block", ""]
    years = sorted({local.year for local in local_times})
    key = (region, years[0]) if len(years) == 1 else None
    if calendars is not None and key in calendars:
        calendar = calendars[key]
    else:
        try:
            calendar = holidays.country_holidays(region, years=years)
        except NotImplementedError:
            calendar = None
        if calendars is not None and key is not None:
            calendars[key] = calendar
    allowed = bool(local_times)
    for local in local_times:
        if local.weekday() >= 5 or (calendar is not None and local.date() in calendar) or not 8 <= local.hour < 21:
            allowed = False
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return [e164, "call" if allowed else "defer", ""]


def naive_run(path: Path, rows: int, *, fair: bool = False) -> tuple[int, float]:
    """The naive loop on the first `rows` rows. `fair`: with the obvious caches a good engineer
    adds (phonenumbers' pattern cache on, one holidays calendar per country and year)."""
    at = datetime.fromisoformat(AT.replace("Z", "+00:00")).astimezone(UTC)
    out = io.StringIO()
    writer = csv.writer(out)
    done = 0
    calendars: dict[tuple[str, int], Any] | None = {} if fair else None
    with contextlib.nullcontext() if fair else pattern_cache_off():
        assert fair or phone_re_util._COMPILED_PATTERNS is None
        started = time.perf_counter()
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            writer.writerow([*header, "e164", "action", "error"])
            phone, country = header.index("phone"), header.index("country")
            for row in reader:
                writer.writerow([*row, *naive_row(row[phone], row[country], at, calendars)])
                done += 1
                if done >= rows:
                    break
        elapsed = time.perf_counter() - started
    assert phone_re_util._COMPILED_PATTERNS is not None  # restored for the library
    return done, elapsed


# ---------------------------------------------------------------- the list command


def write_history(store_path: Path, source: Path, records: int, rng: random.Random) -> int:
    """A history store with `records` records (attempts, a few opt-outs and consents) for
    numbers of the list, written in one transaction."""
    from callwindow.history import Attempt, Consent, OptOut
    from callwindow.store import open_store

    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        phone = header.index("phone")
        numbers = [row[phone] for row in reader if row[phone].startswith("+")]
    at = datetime.fromisoformat(AT.replace("Z", "+00:00"))
    made = []
    while len(made) < records:
        number = rng.choice(numbers)
        roll = rng.random()
        when = at - timedelta(minutes=rng.randint(1, 14 * 24 * 60))
        try:
            if roll < 0.05:
                made.append(OptOut.create(number, when))
            elif roll < 0.10:
                made.append(Consent.create(number, when))
            else:
                made.append(Attempt.create(number, when, outcome=rng.choice(["no_answer", "voicemail", "answered"])))
        except ValueError:
            continue  # a synthetic number that does not parse
    with open_store(str(store_path)) as store:  # type: ignore[attr-defined]
        store.record_many(made)
    return len(made)


def list_run(source: Path, target: Path, *extra: str) -> tuple[float, float, float, int]:
    """`can-i-call list` as its own process: (wall seconds, CPU seconds, peak memory in MiB,
    rows written). CPU time is what the load of other processes does not inflate."""
    command = [sys.executable, "-m", "callwindow", "list", str(source), "-o", str(target), "--at", AT, "--quiet",
               "--no-config", *extra]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.returncode == 0, process.returncode
    with target.open(encoding="utf-8", newline="") as handle:
        written = sum(1 for _ in csv.reader(handle)) - 1
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, written


def pyarrow_run(source: Path, target: Path) -> float | None:
    """pyarrow reading the CSV and writing it back: the physical limit (None without pyarrow)."""
    try:
        import pyarrow.csv as pa_csv
    except ImportError:
        return None
    started = time.perf_counter()
    table = pa_csv.read_csv(str(source), convert_options=pa_csv.ConvertOptions(
        column_types={"id": "string", "phone": "string", "country": "string"}, strings_can_be_null=False))
    pa_csv.write_csv(table, str(target))
    return time.perf_counter() - started


# (label, what to add up: "file:function" of callwindow's modules) for the profile's shares.
PROFILE_PARTS = (
    ("reading rows (decoding, CSV records)", ("leads/reader.py:csv_rows", "leads/reader.py:jsonl_rows")),
    ("  of which decoding lines", ("leads/decoding.py:decoded_lines",)),
    ("rows -> questions (columns, hints)", ("leads/layout.py:row_input",)),
    ("deciding (decide_chunk)", ("leads/decide.py:decide_chunk",)),
    ("  of which the batch engine's ingest", ("batch/ingest.py:ingest",)),
    ("  of which the batch engine's decide_batch", ("batch/engine.py:decide_batch",)),
    ("  of which Decisions.rows()", ("batch/decisions.py:rows",)),
    ("writing rows (render)", ("leads/writers.py:render",)),
    ("the summary (counts, duplicates)", ("leads/summary.py:add",)),
)


def profile_run(source: Path, target: Path, *extra: str) -> None:
    """One list run under cProfile (its own process); print the share of each part of the run."""
    import pstats

    stats_file = target.with_suffix(".prof")
    command = [sys.executable, "-m", "cProfile", "-o", str(stats_file), "-m", "callwindow", "list", str(source),
               "-o", str(target), "--at", AT, "--quiet", "--no-config", *extra]
    subprocess.run(command, check=True, stdin=subprocess.DEVNULL)
    stats = pstats.Stats(str(stats_file)).stats  # type: ignore[attr-defined]

    def cumulative(names: tuple[str, ...]) -> float:
        return float(sum(row[3] for (path, _line, function), row in stats.items()
                         if any(path.endswith(name.split(":")[0]) and function == name.split(":")[1]
                                for name in names)))

    total = cumulative(("leads/command.py:_run",))
    print(f"profile       one run under cProfile: {total:.2f} s in the run ({' '.join(extra)})")
    for label, names in PROFILE_PARTS:
        part = cumulative(names)
        print(f"  {label:44s} {part:7.2f} s  {part / total * 100:5.1f} %")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--history", type=int, default=10_000, help="records in the history store")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the list and of pyarrow (median quoted)")
    parser.add_argument("--quick", action="store_true", help="20,000 rows, 2,000 records, 1 run")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--profile", action="store_true", help="also profile one list run (shares of its time)")
    parser.add_argument("--profile-only", action="store_true", help="only the profile: no timed runs, no baselines")
    args = parser.parse_args()
    rows, records, repeat = (20_000, 2_000, 1) if args.quick else (args.rows, args.history, args.repeat)

    print(f"bench_leads: python {platform.python_version()}, phonenumbers {phonenumbers.__version__}, "
          f"holidays {holidays.__version__}, pendulum {version('pendulum')}, {os.cpu_count()} cpus")
    loads = [os.getloadavg()[0]]
    print(f"load average {loads[0]:.2f} (1 min) at the start{'  (busy: figures inflated)' if loads[0] > 0.5 else ''}")
    folder = Path(tempfile.mkdtemp(prefix="callwindow-bench-"))
    try:
        source = folder / "leads.csv"
        started = time.perf_counter()
        rng = random.Random(SEED)
        counts = write_leads(source, rows, rng)
        size = source.stat().st_size
        print(f"input: {rows:,} rows, {size / 1e6:.1f} MB ({', '.join(f'{k} {v:,}' for k, v in counts.items())}), "
              f"written in {time.perf_counter() - started:.1f} s")
        store = folder / "history.sqlite3"
        started = time.perf_counter()
        written_records = write_history(store, source, records, rng)
        print(f"history store: {written_records:,} records, written in {time.perf_counter() - started:.1f} s")

        if args.profile or args.profile_only:
            print()
            profile_run(source, folder / "profiled.csv", "--db", str(store))
            if args.profile_only:
                return
        print()
        print(f"== can-i-call list (its own process; --db with the store), {repeat} run(s)")
        runs = []
        for index in range(repeat):
            elapsed, cpu, memory, written = list_run(source, folder / "decided.csv", "--db", str(store))
            assert written == rows, "every row must be written"
            runs.append((elapsed, cpu, memory))
            loads.append(os.getloadavg()[0])
            print(f"  run {index + 1}: {elapsed:7.2f} s wall  {cpu:7.2f} s CPU  {rows / elapsed:>9,.0f} rows/s  "
                  f"peak {memory:,.0f} MiB  (load {loads[-1]:.2f})")
        elapsed = statistics.median(run[0] for run in runs)
        cpu = statistics.median(run[1] for run in runs)
        memory = max(run[2] for run in runs)
        rate = rows / elapsed
        print(f"list          {rows:>9,} rows  {elapsed:7.2f} s wall  {cpu:7.2f} s CPU  {rate:>9,.0f} rows/s  "
              f"{cpu / rows * 1e6:7.1f} us CPU/row  peak {memory:,.0f} MiB  (median of {repeat})")
        plan = list_run(source, folder / "plan.csv", "--db", str(store), "--plan")
        assert plan[3] == rows
        print(f"list --plan   {rows:>9,} rows  {plan[0]:7.2f} s wall  {plan[1]:7.2f} s CPU  "
              f"{rows / plan[0]:>9,.0f} rows/s  peak {plan[2]:,.0f} MiB  (one run)")

        print()
        print(f"== pyarrow.csv read + write of the same file (the physical limit), {repeat} run(s)")
        arrow = [pyarrow_run(source, folder / "arrow.csv") for _ in range(repeat)]
        arrow_elapsed = None if arrow[0] is None else statistics.median(a for a in arrow if a is not None)
        if arrow_elapsed is None:
            print("pyarrow       not installed (pip install '.[batch]')")
        else:
            print(f"pyarrow       {rows:>9,} rows  {arrow_elapsed:7.2f} s  {rows / arrow_elapsed:>9,.0f} rows/s  "
                  f"(median of {repeat})")

        print()
        print(f"== naive per-row loop (first {NAIVE_ROWS:,} rows; phonenumbers defaults, a holidays calendar per row)")
        done, naive_elapsed = naive_run(source, NAIVE_ROWS)
        naive_rate = done / naive_elapsed
        print(f"naive         {done:>9,} rows  {naive_elapsed:7.2f} s  {naive_rate:>9,.0f} rows/s  "
              f"{naive_elapsed / done * 1e6:7.1f} us/row   (no history, no reasons, no windows)")
        fair_done, fair_elapsed = naive_run(source, FAIR_ROWS, fair=True)
        fair_rate = fair_done / fair_elapsed
        print(f"naive, fair   {fair_done:>9,} rows  {fair_elapsed:7.2f} s  {fair_rate:>9,.0f} rows/s  "
              f"{fair_elapsed / fair_done * 1e6:7.1f} us/row   (pattern cache on, calendars kept)")

        print()
        if arrow_elapsed is not None:
            print(f"ratio         list takes {elapsed / arrow_elapsed:.1f}x pyarrow's time (same file in and out; "
                  f"{cpu / arrow_elapsed:.1f}x by the list's CPU time)")
        print(f"ratio         list is {rate / naive_rate:.1f}x the naive loop's rows/s, "
              f"{rate / fair_rate:.1f}x the fair naive loop's (wall; by the list's CPU time: "
              f"{rows / cpu / fair_rate:.1f}x)")
        print(f"load average  {min(loads):.2f}-{max(loads):.2f} (1 min) during the runs")
        if args.keep:
            print(f"files kept in {folder}")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
