#!/usr/bin/env python3
"""Benchmark `can-i-call list` on a 100,000-row lead list against a naive per-row loop.

    /work/venv/bin/python bench/bench_leads.py            # 100,000 rows (about 30 s)
    /work/venv/bin/python bench/bench_leads.py --quick    # 20,000 rows
    /work/venv/bin/python bench/bench_leads.py --rows 500000 --keep   # keep the files (prints where)

What is measured (one process, one run, fixed seed):

1. the list   a CSV of synthetic leads is written to a temporary folder: numbers from every
              region phonenumbers has examples for (fixed line and mobile, the last digits
              changed so that almost every number is new), written in international format
              with spaces, in E.164, or in national format with the country in a column;
              about 1 % bad rows (letters, empty numbers, unknown countries) and some
              duplicates. `can-i-call list FILE -o OUT --at ... --quiet` runs in-process
              (the same code as the command, argument parsing, policy build, CSV reading and
              writing included); then the same with `--plan`.
2. naive      what one would write without callwindow, per row, on the first 2,000 rows:
              csv reading, phonenumbers.parse with its defaults (pattern cache off),
              is_valid_number, time_zones_for_number, pendulum in_timezone per zone, a
              holidays calendar built per row, weekend + holiday + 08:00-21:00 check in every
              zone, csv writing. Rows/s from its wall time.
3. ratio      list rows/s / naive rows/s.

Every number is checked at the same instant (`--at`), as the command does.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import holidays
import pendulum
import phonenumbers
import phonenumbers.re_util as phone_re_util
from phonenumbers import timezone as phone_timezones

from callwindow import numbers as cw_numbers
from callwindow.cli import main as can_i_call

SEED = 20261124
AT = "2026-11-24T15:00:00Z"
NAIVE_ROWS = 2_000
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


def naive_row(number: str, country: str, at: datetime) -> list[str]:
    """One row the naive way: parse, zones, pendulum, a holidays calendar, the check."""
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
    try:
        calendar = holidays.country_holidays(region, years=sorted({local.year for local in local_times}))
    except NotImplementedError:
        calendar = None
    allowed = bool(local_times)
    for local in local_times:
        if local.weekday() >= 5 or (calendar is not None and local.date() in calendar) or not 8 <= local.hour < 21:
            allowed = False
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return [e164, "call" if allowed else "defer", ""]


def naive_run(path: Path, rows: int) -> tuple[int, float]:
    at = datetime.fromisoformat(AT.replace("Z", "+00:00")).astimezone(UTC)
    out = io.StringIO()
    writer = csv.writer(out)
    done = 0
    with pattern_cache_off():
        assert phone_re_util._COMPILED_PATTERNS is None
        started = time.perf_counter()
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            writer.writerow([*header, "e164", "action", "error"])
            phone, country = header.index("phone"), header.index("country")
            for row in reader:
                writer.writerow([*row, *naive_row(row[phone], row[country], at)])
                done += 1
                if done >= rows:
                    break
        elapsed = time.perf_counter() - started
    assert phone_re_util._COMPILED_PATTERNS is not None  # restored for the library
    return done, elapsed


# ---------------------------------------------------------------- the list command


def list_run(source: Path, target: Path, *extra: str) -> tuple[float, int]:
    cw_numbers.clear_cache()  # no number resolved before the run stays cached
    started = time.perf_counter()
    status = can_i_call(["list", str(source), "-o", str(target), "--at", AT, "--quiet", "--no-config", *extra])
    elapsed = time.perf_counter() - started
    with target.open(encoding="utf-8", newline="") as handle:
        written = sum(1 for _ in csv.reader(handle)) - 1
    assert status == 0, status
    return elapsed, written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="20,000 rows")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    rows = 20_000 if args.quick else args.rows

    print(f"bench_leads: python {platform.python_version()}, phonenumbers {phonenumbers.__version__}, "
          f"holidays {holidays.__version__}, pendulum {version('pendulum')}, {os.cpu_count()} cpus")
    try:
        one, five, _ = os.getloadavg()
        busy = "  (busy: figures inflated)" if one > 0.5 else ""
        print(f"load average {one:.2f} (1 min), {five:.2f} (5 min){busy}")
    except OSError:
        pass
    folder = Path(tempfile.mkdtemp(prefix="callwindow-bench-"))
    try:
        source = folder / "leads.csv"
        started = time.perf_counter()
        counts = write_leads(source, rows, random.Random(SEED))
        size = source.stat().st_size
        print(f"input: {rows:,} rows, {size / 1e6:.1f} MB ({', '.join(f'{k} {v:,}' for k, v in counts.items())}), "
              f"written in {time.perf_counter() - started:.1f} s")

        print()
        print("== can-i-call list (in-process: parsing, policy, streaming CSV in and out)")
        elapsed, written = list_run(source, folder / "decided.csv")
        rate = rows / elapsed
        print(f"list          {rows:>9,} rows  {elapsed:7.2f} s  {rate:>9,.0f} rows/s  "
              f"{elapsed / rows * 1e6:7.1f} us/row   ({written:,} rows written)")
        assert written == rows, "every row must be written"
        plan_elapsed, plan_written = list_run(source, folder / "plan.csv", "--plan")
        print(f"list --plan   {rows:>9,} rows  {plan_elapsed:7.2f} s  {rows / plan_elapsed:>9,.0f} rows/s  "
              f"{plan_elapsed / rows * 1e6:7.1f} us/row   ({plan_written:,} rows written)")
        assert plan_written == rows

        print()
        print(f"== naive per-row loop (first {NAIVE_ROWS:,} rows; phonenumbers defaults, a holidays calendar per row)")
        done, naive_elapsed = naive_run(source, NAIVE_ROWS)
        naive_rate = done / naive_elapsed
        print(f"naive         {done:>9,} rows  {naive_elapsed:7.2f} s  {naive_rate:>9,.0f} rows/s  "
              f"{naive_elapsed / done * 1e6:7.1f} us/row   (100,000 rows would take about "
              f"{100_000 / naive_rate:.0f} s)")

        print()
        print(f"ratio         list is {rate / naive_rate:.1f}x the naive loop's rows/s "
              f"(and gives the next window, reasons, laws and courtesy rules, which the naive loop does not)")
        print(f"total         {rows:,} rows decided and written in {elapsed:.2f} s")
        if args.keep:
            print(f"files kept in {folder}")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
