#!/usr/bin/env python3
"""Benchmark `Policy.check(number, at)` against a naive phonenumbers+pendulum+holidays loop.

    .venv/bin/python bench/bench_check.py            # full run (< ~60 s)
    .venv/bin/python bench/bench_check.py --quick    # smaller run (< ~15 s)
    .venv/bin/python bench/bench_check.py --profile  # + profile of the warm path

What is measured (one process, one run, fixed seed):

1. warm        repeated checks: the same numbers checked again at instants spread over
               3 days, after an untimed pass over exactly the same (number, instant) pairs,
               so the resolution cache and the compiled-day cache are warm.
2. new number  numbers never resolved before (example numbers with their last digits
               changed, validated up front, then the resolution cache cleared), checked at
               the instant their parent number was already checked at, so the compiled
               context/day is warm but resolution is not.
3. cold        a fresh Policy.default() + numbers.clear_cache() and request.clear_cache(): first checks,
               context compilation included (module-level lru caches of the clock and
               calendar stay warm; a second line clears those too).
4. naive       what one would write without callwindow: phonenumbers.parse with defaults
               (pattern cache OFF), time_zones_for_number, is_valid_number,
               region_code_for_number, pendulum in_timezone per zone, a holidays calendar
               built per call, weekend + holiday + 08:00-21:00 check in every zone.
   fair naive  the same with the caches a good engineer adds: phonenumbers' pattern cache on
               and the holiday calendars kept per country and year (the fair baseline).

Per-call times come from perf_counter_ns around batches of calls (batch time / calls);
medians and p90s are over batches.
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from importlib.metadata import version as dist_version

import holidays
import pendulum
import phonenumbers
import phonenumbers.re_util as phone_re_util
from phonenumbers import timezone as phone_timezones

import callwindow
from callwindow import CallwindowError, Policy, resolve
from callwindow import calendars as cw_calendars
from callwindow import clock as cw_clock
from callwindow import numbers as cw_numbers
from callwindow import request as cw_request

SEED = 20261124
TYPES = (
    phonenumbers.PhoneNumberType.FIXED_LINE,
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
)
# Thursday 2026-06-11 00:00 UTC: instants spread over Thu-Sat (a weekend starts in the east).
BASE = datetime(2026, 6, 11, tzinfo=UTC)
SPREAD_SECONDS = 3 * 86_400

TARGET_WARM_US = 15.0  # issue 12: the warm single check
TARGET_NEW_US = 60.0
TARGET_RATIO = 20.0


# ---------------------------------------------------------------- inputs


def example_numbers() -> list[str]:
    """Distinct E.164 example numbers over all supported regions and the three types."""
    found: dict[str, None] = {}
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in TYPES:
            example = phonenumbers.example_number_for_type(region, kind)
            if example is not None:
                found[phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)] = None
    return list(found)


def variant(e164: str, rng: random.Random, seen: set[str], attempts: int = 40) -> str | None:
    """The number with its last 2 (then 3) digits replaced, valid for phonenumbers, unseen."""
    for attempt in range(attempts):
        digits = 2 if attempt < attempts // 2 else 3
        candidate = e164[:-digits] + "".join(rng.choice("0123456789") for _ in range(digits))
        if candidate in seen:
            continue
        try:
            parsed = phonenumbers.parse(candidate)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            return candidate
    return None


def accepted(number: str) -> bool:
    try:
        resolve(number)
    except CallwindowError:
        return False
    return True


def context_key(number: str) -> tuple[object, ...]:
    sub = resolve(number)
    return (sub.zones, sub.places, sub.region, sub.subdivision)


def build_inputs(
    rng: random.Random, n_warm: int, n_new: int
) -> tuple[list[str], list[tuple[str, datetime]], list[tuple[str, datetime]], int]:
    """(examples, warm pairs, new-number pairs, examples accepted)."""
    examples = [number for number in example_numbers() if accepted(number)]
    seen: set[str] = set(examples)
    warm_numbers = list(examples)
    exhausted: set[str] = set()
    while len(warm_numbers) < n_warm and len(exhausted) < len(examples):
        for parent in examples:
            if len(warm_numbers) >= n_warm:
                break
            if parent in exhausted:
                continue
            child = variant(parent, rng, seen)
            if child is None or not accepted(child):
                exhausted.add(parent)
                continue
            seen.add(child)
            warm_numbers.append(child)
    warm_pairs = [(number, BASE + timedelta(seconds=rng.randrange(SPREAD_SECONDS))) for number in warm_numbers]

    # New numbers: a fresh variant of a warm number, same resolved context, checked at the
    # same instant as its parent (so the context's compiled day is warm).
    new_pairs: list[tuple[str, datetime]] = []
    order = list(range(len(warm_pairs)))
    rng.shuffle(order)
    for index in order * 3:
        if len(new_pairs) >= n_new:
            break
        parent, at = warm_pairs[index]
        child = variant(parent, rng, seen)
        if child is None or not accepted(child) or context_key(child) != context_key(parent):
            continue
        seen.add(child)
        new_pairs.append((child, at))
    cw_numbers.clear_cache()  # nothing resolved so far stays cached
    cw_request.clear_cache()
    return examples, warm_pairs, new_pairs, len(examples)


# ---------------------------------------------------------------- timing helpers


def timed_batches(func, pairs, batch: int) -> list[float]:
    """Per-call microseconds (perf_counter_ns) for each full batch of `batch` consecutive calls."""
    perf = time.perf_counter_ns
    out: list[float] = []
    for start in range(0, len(pairs) - batch + 1, batch):
        chunk = pairs[start:start + batch]
        t0 = perf()
        for number, at in chunk:
            func(number, at)
        t1 = perf()
        out.append((t1 - t0) / len(chunk) / 1000.0)
    return out


def load_note() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "load average unavailable"
    busy = "  (busy: other processes share the cores, figures are inflated and noisy)" if one > 0.5 else ""
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min){busy}"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summary(values: list[float]) -> str:
    return (f"median {statistics.median(values):8.2f} us   p90 {pct(values, 0.9):8.2f} us   "
            f"mean {statistics.mean(values):8.2f} us   min {min(values):8.2f} us   ({len(values)} batches)")


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


# ---------------------------------------------------------------- naive baseline


def naive_check(number: str, at: datetime) -> bool:
    """What a developer writes without callwindow (no caches of their own)."""
    parsed = phonenumbers.parse(number)
    zones = phone_timezones.time_zones_for_number(parsed)
    if not phonenumbers.is_valid_number(parsed):
        return False
    region = phonenumbers.region_code_for_number(parsed)
    instant = pendulum.instance(at)
    local_times = []
    for zone in zones:
        try:
            local_times.append(instant.in_timezone(zone))
        except ValueError:  # Etc/Unknown: no local time, do not call
            return False
    if not local_times:
        return False
    try:
        calendar = holidays.country_holidays(region, years=sorted({local.year for local in local_times}))
    except NotImplementedError:  # country not covered by holidays
        calendar = None
    for local in local_times:
        if local.weekday() >= 5:
            return False
        if calendar is not None and local.date() in calendar:
            return False
        if not 8 <= local.hour < 21:
            return False
    return True


@functools.lru_cache(maxsize=4096)
def _kept_calendar(region: str, year: int):
    """The fair baseline's calendars: built once per country and year, then kept."""
    try:
        return holidays.country_holidays(region, years=[year])
    except NotImplementedError:
        return None


def fair_naive_check(number: str, at: datetime) -> bool:
    """The naive check with the caches a good engineer adds: phonenumbers' pattern cache on
    (the library's default here) and the holiday calendars kept per country and year."""
    parsed = phonenumbers.parse(number)
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
    for local in local_times:
        calendar = _kept_calendar(region, local.year)
        if local.weekday() >= 5 or (calendar is not None and local.date() in calendar) or not 8 <= local.hour < 21:
            return False
    return True


class pattern_cache_off:
    """phonenumbers has enable_pattern_cache() but no disable: its cache is the module
    global re_util._COMPILED_PATTERNS (None = off, phonenumbers' default). Set it to None
    for the block and put the library's dict back afterwards."""

    def __enter__(self):
        self.saved = phone_re_util._COMPILED_PATTERNS
        phone_re_util._COMPILED_PATTERNS = None
        return self

    def __exit__(self, *exc):
        phone_re_util._COMPILED_PATTERNS = self.saved
        return False


# ---------------------------------------------------------------- profile


def profile_warm(policy: Policy, pairs: list[tuple[str, datetime]], rounds: int) -> None:
    check = policy.check

    def loop() -> None:
        for _ in range(rounds):
            for number, at in pairs:
                check(number, at)

    print()
    print("== profile: warm path (cProfile, tottime; absolute numbers inflated by the profiler)")
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    loop()
    profiler.disable()
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("tottime").print_stats(30)
    print("\n".join(line for line in stream.getvalue().splitlines() if line.strip())[:12000])
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("(pyinstrument not installed: skipped)")
        return
    print()
    print("== profile: warm path (pyinstrument, sampling 0.1 ms)")
    profiler2 = Profiler(interval=0.0001)
    profiler2.start()
    loop()
    loop()
    profiler2.stop()
    print(profiler2.output_text(unicode=False, color=False, show_all=False))


def breakdown(policy: Policy, pairs: list[tuple[str, datetime]], batch: int, rounds: int) -> None:
    """Per-call cost of the pieces of a warm check, each timed alone (info only)."""
    from callwindow.instants import parse_instant
    from callwindow.model import Channel, ContactKind, Purpose

    call, sales, consumer = Channel.CALL, Purpose.SALES, ContactKind.CONSUMER
    subs = [(resolve(number), parse_instant(at)) for number, at in pairs]
    by_action: dict[str, list[tuple[object, datetime]]] = {}
    for sub, at in subs:
        action = policy.decide(sub, at, call, sales, consumer).action.value
        by_action.setdefault(action, []).append((sub, at))
    no_window = [(sub, at) for sub, at in subs if policy.decide(sub, at, call, sales, consumer).next_allowed_at is None]
    decide = lambda sub, at: policy.decide(sub, at, call, sales, consumer)  # noqa: E731
    pieces: list[tuple[str, object, list]] = [
        ("resolve (cache hit)", lambda n, at: resolve(n), pairs),
        ("parse_instant(datetime)", lambda n, at: parse_instant(at), pairs),
        (
            "3 x Choice.parse, enum members",
            lambda n, at: (Channel.parse(call), Purpose.parse(sales), ContactKind.parse(consumer)),
            pairs,
        ),
        (
            "3 x Choice.parse, strings",
            lambda n, at: (Channel.parse("call"), Purpose.parse("sales"), ContactKind.parse("consumer")),
            pairs,
        ),
        ("decide, all", decide, subs),
    ]
    for action, group in sorted(by_action.items()):
        pieces.append((f"decide, action={action} ({len(group)})", decide, group))
    if no_window:
        pieces.append((f"decide, no window in horizon ({len(no_window)})", decide, no_window))
    print()
    print("== (info) breakdown of a warm check (each piece timed alone over the warm pairs, median per call)")
    for label, func, data in pieces:
        values: list[float] = []
        size = max(1, min(batch, len(data)))
        for _ in range(rounds):
            values += timed_batches(func, data, size)
        print(f"  {label:45s} {statistics.median(values):8.2f} us")


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller run (< ~15 s)")
    parser.add_argument("--profile", action="store_true", help="also profile the warm path")
    parser.add_argument("--no-breakdown", action="store_true", help="skip the per-piece breakdown")
    args = parser.parse_args(argv)

    n_warm, n_new, rounds, n_cold, n_naive = (600, 600, 5, 100, 200) if args.quick else (2000, 2000, 20, 400, 1000)
    batch = 100
    rng = random.Random(SEED)
    started = time.perf_counter()

    print("callwindow check benchmark" + (" (--quick)" if args.quick else ""))
    print(f"  python {platform.python_version()} ({platform.python_implementation()}), {platform.platform()}")
    print(f"  cores (os.cpu_count): {os.cpu_count()}")
    print(f"  callwindow {callwindow.__version__}, phonenumbers {phonenumbers.__version__}, "
          f"holidays {holidays.__version__}, pendulum {dist_version('pendulum')}, tzdata {cw_clock.TZ_VERSION}")
    print(f"  seed {SEED}; instants {BASE:%Y-%m-%d} + [0, 3 days) UTC; batch {batch} calls; gc enabled")
    print(f"  {load_note()}")

    examples, warm_pairs, new_pairs, n_examples = build_inputs(rng, n_warm, n_new)
    regions = {phonenumbers.region_code_for_number(phonenumbers.parse(n)) for n, _ in warm_pairs}
    print(f"  inputs: {n_examples} example numbers accepted by resolve, {len(warm_pairs)} warm numbers "
          f"({len(regions)} regions), {len(new_pairs)} new numbers (setup {time.perf_counter() - started:.1f} s)")

    # ---- 1. warm
    policy = Policy.default()
    check = policy.check
    decisions = [check(number, at) for number, at in warm_pairs]  # untimed warm-up, same pairs
    for number, at in warm_pairs:  # second pass: days reached by next_allowed walks are compiled too
        check(number, at)
    actions: dict[str, int] = {}
    for decision in decisions:
        actions[decision.action.value] = actions.get(decision.action.value, 0) + 1
    gc.collect()
    warm: list[float] = []
    for _ in range(rounds):
        shuffled = warm_pairs[:]
        rng.shuffle(shuffled)
        warm += timed_batches(check, shuffled, batch)
    warm_median = statistics.median(warm)
    print()
    print("== 1. library, warm (repeated numbers, instants within 3 days, caches warm)")
    print(f"  Policy.check                   {summary(warm)}")
    print("  actions: " + ", ".join(f"{k} {v}" for k, v in sorted(actions.items())))
    iso_pairs = [(number, at.strftime("%Y-%m-%dT%H:%M:%SZ")) for number, at in warm_pairs]
    for number, at in iso_pairs[:batch]:
        check(number, at)
    iso: list[float] = []
    for _ in range(max(1, rounds // 2)):
        shuffled = iso_pairs[:]
        rng.shuffle(shuffled)
        iso += timed_batches(check, shuffled, batch)
    print(f"  (info) same, `at` as ISO str   {summary(iso)}")

    # ---- 2. new number
    gc.collect()
    new = timed_batches(check, new_pairs, batch)
    new_median = statistics.median(new)
    print()
    print("== 2. library, new number (resolution cache miss, compiled days warm)")
    print(f"  Policy.check                   {summary(new)}")
    misses_left = sum(1 for number, _ in new_pairs if (number, None, None, None, None) not in cw_numbers._cache)
    print(f"  ({len(new_pairs)} distinct numbers, each resolved for the first time; "
          f"{misses_left} not cached after = should be 0)")

    # ---- 3. cold
    print()
    print("== 3. library, cold (fresh Policy.default() + numbers/request.clear_cache(); first checks)")
    cold_pairs = warm_pairs[:]
    rng.shuffle(cold_pairs)
    cold_pairs = cold_pairs[:n_cold]
    for label, clear_all in (
        ("resolution + context caches cold", False),
        ("(info) + clock/calendar lru caches cleared", True),
    ):
        cw_numbers.clear_cache()
        cw_request.clear_cache()
        if clear_all:
            cw_clock.offset_segments.cache_clear()
            cw_calendars.day_info.cache_clear()
            cw_calendars.table_calendar.cache_clear()
            cw_calendars.package_calendar.cache_clear()
        t0 = time.perf_counter_ns()
        cold_policy = Policy.default()
        build_us = (time.perf_counter_ns() - t0) / 1000
        times = []
        for number, at in cold_pairs:
            t0 = time.perf_counter_ns()
            cold_policy.check(number, at)
            times.append((time.perf_counter_ns() - t0) / 1000)
        print(f"  {label}:")
        print(f"    Policy.default() {build_us / 1000:.2f} ms; first {len(times)} checks: "
              f"mean {statistics.mean(times):8.1f} us, median {statistics.median(times):8.1f} us, "
              f"first call {times[0]:8.1f} us, max {max(times):8.1f} us")
    del cold_policy

    # ---- 4. naive baseline
    gc.collect()
    naive_pairs = rng.sample(warm_pairs, min(n_naive, len(warm_pairs)))
    naive_batch = 10
    with pattern_cache_off():
        assert phone_re_util._COMPILED_PATTERNS is None
        for number, at in naive_pairs[:naive_batch]:
            naive_check(number, at)
        naive = timed_batches(naive_check, naive_pairs, naive_batch)
    assert phone_re_util._COMPILED_PATTERNS is not None  # restored for the library
    naive_median = statistics.median(naive)
    naive_cached = timed_batches(naive_check, naive_pairs, naive_batch)
    for number, at in naive_pairs:  # the fair baseline's calendars are built once, untimed
        fair_naive_check(number, at)
    fair = timed_batches(fair_naive_check, naive_pairs, naive_batch)
    allowed = sum(naive_check(number, at) for number, at in naive_pairs)
    assert allowed == sum(fair_naive_check(number, at) for number, at in naive_pairs)
    print()
    print("== 4. naive baseline (parse + zones + is_valid + pendulum per zone + holidays built per call)")
    print("  phonenumbers pattern cache OFF (phonenumbers has no disable_pattern_cache(): "
          "re_util._COMPILED_PATTERNS set to None for the baseline, restored afterwards)")
    print(f"  naive check                    {summary(naive)}   ({len(naive_pairs)} contacts, batch {naive_batch})")
    print(f"  (info) naive, pattern cache ON {summary(naive_cached)}")
    print(f"  fair naive (cache on, calendars kept) {summary(fair)}")
    print(f"  naive allows {allowed}/{len(naive_pairs)} (08:00-21:00, Mon-Fri, no holiday, every zone)")
    ratio_warm = naive_median / warm_median
    ratio_new = naive_median / new_median
    print(f"  ratio naive/warm        {ratio_warm:7.1f}x   "
          f"(naive with pattern cache / warm: {statistics.median(naive_cached) / warm_median:.1f}x)")
    print(f"  ratio naive/new-number  {ratio_new:7.1f}x")
    ratio_fair = statistics.median(fair) / warm_median
    print(f"  ratio fair naive/warm   {ratio_fair:7.1f}x")

    # ---- 5. targets
    print()
    print("== 5. targets")
    print(f"  [{verdict(warm_median < TARGET_WARM_US)}] warm check median {warm_median:.2f} us < {TARGET_WARM_US:g} us")
    print(f"  [{verdict(new_median < TARGET_NEW_US)}] "
          f"new-number check median {new_median:.2f} us < {TARGET_NEW_US:g} us")
    print(f"  [{verdict(ratio_warm >= TARGET_RATIO)}] naive/warm ratio {ratio_warm:.1f}x >= {TARGET_RATIO:g}x")
    print(f"  [{verdict(ratio_fair >= TARGET_RATIO)}] fair naive/warm ratio {ratio_fair:.1f}x >= {TARGET_RATIO:g}x")
    print(f"  {load_note()}")

    if not args.no_breakdown:
        breakdown(policy, warm_pairs, batch, max(1, rounds // 2))
    if args.profile:
        profile_warm(policy, warm_pairs, max(1, rounds // 2))
    print()
    print(f"total {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
