"""The batch API (callwindow.batch) against the single-number path, field by field.

Every batch answer must equal `Policy.check` on the same row: action, allowed,
next_allowed_at, window_closes_at, the set of reason codes, number, region,
subdivision, number type and zones; a bad row must carry the error message the
single path raises. Samples cover every region and number type (phonenumbers'
example numbers with their last digits varied, non-geographic numbers, bad
input), instants near DST transitions of the number's zones and near window
edges (found with the single path, then probed at -1 s, -1 us, 0, +1 us...),
both built-in policies, both channels, every purpose and contact kind, and
per-row hints.

The batch side and the reference side use separate Policy objects, so no
compiled cache is shared between them.
"""

from __future__ import annotations

import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import phonenumbers
import pytest
from budget import budget
from hypothesis import HealthCheck, example, given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))

from strategies import example_numbers, non_geographic_numbers, transitions

from callwindow import Attempt, History, InvalidInput, OptOut, Policy, resolve
from callwindow.batch import (
    ACTIONS,
    CODES,
    _fastresolve,
    decide_batch,
    decide_numbers,
    ingest,
)
from callwindow.batch.frames import decide_frame, decide_table, write_csv
from callwindow.batch.plan import calling_order, windows

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")

UTC = UTC
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
CHANNELS = ("call", "sms")
PURPOSES = ("sales", "service", "collection", "personal")
CONTACTS = ("consumer", "business")
BAD_INPUTS = ("", "   ", "letters", "+1 212", "+999 1234 5678", "12345678901234567890123", "+44 20 7946 09581234",
              "0044 20 7946 0958", "+1 (212) 555-0123 ext. 12", "2125550123")
# Numbers whose state comes from data/state_area_codes.csv (a DDD of one state and of two, a
# toll-free number: every state; Australian area codes and a mobile: every state).
STATE_NUMBERS = ("+55 11 91234 5678", "+55 61 3234 5678", "+55 82 3234 5678", "+55 19 3234 5678",
                 "+55 800 123 4567", "+61 8 9234 5678", "+61 2 6234 5678", "+61 7 5536 1234", "+61 412 345 678")
# A fixed set of days (plus DST days) keeps the compiled-day caches of both sides small.
DAY_POOL = tuple(datetime(2026, 1, 5, tzinfo=UTC) + timedelta(days=37 * k) for k in range(10))


# ---------------------------------------------------------------- policies


@pytest.fixture(scope="module")
def policies() -> dict[str, tuple[Policy, Policy]]:
    """name -> (policy used by the batch, independent reference policy)."""
    return {
        "default": (Policy.default(), Policy.default()),
        "legal": (Policy.legal_minimum(), Policy.legal_minimum()),
    }


# ---------------------------------------------------------------- sampling


def _vary(number: str, rng: random.Random) -> str:
    keep = rng.choice((0, 0, 1, 2, 3))
    if keep == 0:
        return number
    return number[:-keep] + "".join(rng.choice("0123456789") for _ in range(keep))


def _zones_of(number: str) -> tuple[str, ...]:
    try:
        return resolve(number).zones
    except InvalidInput:
        return ()


def _instant(number: str, rng: random.Random, reference: Policy, channel: str) -> datetime:
    kind = rng.random()
    zones = _zones_of(number)
    if kind < 0.35 and zones:
        found = [t for t in transitions(rng.choice(zones)) if 1_767_225_600 <= t < 1_798_761_600]  # 2026
        if found:
            moment = rng.choice(found) + rng.choice((0, -1, 1, -60, 60, -3600, 3600, -7200, 5400, 43_200, -43_200))
            return EPOCH + timedelta(seconds=moment, microseconds=rng.choice((0, 0, 1, 999_999)))
    base = rng.choice(DAY_POOL) + timedelta(seconds=rng.randrange(86_400), microseconds=rng.choice((0, 0, 250_000)))
    if kind < 0.7 and zones:
        # near a window edge the single path reports
        try:
            first = reference.check(number, base, channel=channel)
        except InvalidInput:
            return base
        edges = [moment for moment in (first.next_allowed_at, first.window_closes_at) if moment is not None
                 and moment != base]
        if edges:
            delta = rng.choice((0, 0, -1, 1, -1_000_000, 1_000_000, -180_000_000, 180_000_000, -60_000_000))
            return rng.choice(edges) + timedelta(microseconds=delta)
    return base


def make_batch(seed: int, size: int, reference: Policy, *, hints: bool = False,
               per_row_options: bool = True) -> dict[str, list]:
    """Rows over every region and type; options per row, or one set per batch."""
    rng = random.Random(seed)
    fixed = (rng.choice(CHANNELS), rng.choice(PURPOSES), rng.choice(CONTACTS))
    pool = example_numbers()
    odd = non_geographic_numbers()
    rows: dict[str, list] = {name: [] for name in ("number", "at", "channel", "purpose", "contact",
                                                   "zone", "region", "subdivision")}
    for _ in range(size):
        roll = rng.random()
        if roll < 0.02:
            number = rng.choice(BAD_INPUTS)
        elif roll < 0.04:
            number = rng.choice(odd)
        elif roll < 0.10:
            number = _vary(rng.choice(STATE_NUMBERS), rng)
        else:
            number = _vary(rng.choice(pool), rng)
            if rng.random() < 0.05:  # not E.164: the full parse path
                number = number[:3] + " " + number[3:6] + "-" + number[6:]
        channel, purpose, contact = (
            (rng.choice(CHANNELS), rng.choice(PURPOSES), rng.choice(CONTACTS)) if per_row_options else fixed)
        rows["number"].append(number)
        rows["at"].append(_instant(number, rng, reference, channel))
        rows["channel"].append(channel)
        rows["purpose"].append(purpose)
        rows["contact"].append(contact)
        zone = region = subdivision = None
        if hints and rng.random() < 0.3:
            pick = rng.random()
            zones = _zones_of(number)
            if pick < 0.3 and zones:
                zone = rng.choice(zones)
            elif pick < 0.45:
                zone = rng.choice(("Europe/Paris", "America/Chicago", "Asia/Tokyo", "Nowhere/Zone"))
            elif pick < 0.7:
                region = rng.choice(("US", "FR", "AU", "RU", "ZZ9"))
            else:
                subdivision = rng.choice(("US-FL", "US-CA", "CA-QC", "AU-WA", "US-XX", "AU-SA", "BR-SP", "BR-GO"))
        rows["zone"].append(zone)
        rows["region"].append(region)
        rows["subdivision"].append(subdivision)
    return rows


def _expected(reference: Policy, rows: dict[str, list], index: int) -> tuple:
    number = rows["number"][index]
    try:
        decision = reference.check(
            number, rows["at"][index], channel=rows["channel"][index], purpose=rows["purpose"][index],
            contact=rows["contact"][index], zone=rows["zone"][index], region=rows["region"][index],
            subdivision=rows["subdivision"][index],
        )
    except InvalidInput as error:
        return ("error", str(error))
    return (
        decision.action.value, decision.allowed, decision.next_allowed_at, decision.window_closes_at,
        frozenset(reason.code for reason in decision.reasons), decision.number, decision.region,
        decision.subdivision, decision.number_type, decision.zones,
    )


def _got(decisions, index: int) -> tuple:
    row = decisions.row(index)
    if row["error"] is not None:
        return ("error", row["error"])
    subscriber = decisions.ingested.subscriber_of(index)
    return (
        row["action"], row["allowed"], row["next_allowed_at"], row["window_closes_at"], frozenset(row["reasons"]),
        row["number"], row["region"], row["subdivision"], subscriber.number_type, row["zones"],
    )


def assert_equivalent(batch_policy: Policy, reference: Policy, rows: dict[str, list], *, hints: bool = False,
                      shared_at: bool = False) -> int:
    """Decide the rows both ways; return how many were compared."""
    ingested = ingest(
        rows["number"],
        zone=rows["zone"] if hints else None, region=rows["region"] if hints else None,
        subdivision=rows["subdivision"] if hints else None,
        unread_hints="reject",  # compared with the single check, whose bad hint is an error (a list notes it)
    )
    at = rows["at"][0] if shared_at else np.array(
        [np.datetime64(moment.astimezone(UTC).replace(tzinfo=None), "us") for moment in rows["at"]])
    options = {name: rows[name] for name in ("channel", "purpose", "contact")}
    if all(len(set(values)) == 1 for values in options.values()):
        options = {name: values[0] for name, values in options.items()}  # the scalar path
    else:
        options["channel"] = np.array(options["channel"])  # numpy, lists: both per row
    decisions = decide_batch(ingested, at, policy=batch_policy, **options)
    if shared_at:
        rows = dict(rows, at=[rows["at"][0]] * len(rows["number"]))
    mismatches = []
    for index in range(len(rows["number"])):
        expected = _expected(reference, rows, index)
        got = _got(decisions, index)
        if expected != got and not (expected[0] == "error" and rows["number"][index] is None):
            mismatches.append((rows["number"][index], rows["at"][index], rows["channel"][index],
                               rows["purpose"][index], rows["contact"][index], got, expected))
    assert not mismatches, f"{len(mismatches)} rows differ, e.g. {mismatches[:3]}"
    return len(rows["number"])


# ---------------------------------------------------------------- equivalence


@pytest.mark.parametrize("name", ["default", "legal"])
def test_ten_thousand_rows_equal_the_single_path(policies, name: str) -> None:
    batch_policy, reference = policies[name]
    rows = make_batch(20261124 + len(name), 10_000, reference)
    assert assert_equivalent(batch_policy, reference, rows) == 10_000


@budget(30, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), size=st.integers(1, 300), name=st.sampled_from(["default", "legal"]),
       hints=st.booleans(), shared=st.booleans(), per_row_options=st.booleans())
@example(seed=7, size=2_500, name="default", hints=True, shared=False, per_row_options=False)
@example(seed=8, size=2_500, name="legal", hints=True, shared=False, per_row_options=True)
@example(seed=9, size=2_500, name="default", hints=False, shared=True, per_row_options=False)
def test_random_batches_equal_the_single_path(policies, seed: int, size: int, name: str, hints: bool,
                                              shared: bool, per_row_options: bool) -> None:
    batch_policy, reference = policies[name]
    rows = make_batch(seed, size, reference, hints=hints, per_row_options=per_row_options)
    assert_equivalent(batch_policy, reference, rows, hints=hints, shared_at=shared)


def test_fresh_policy_each_side_and_cold_caches() -> None:
    """Cold compiled caches on both sides (a new Policy each), one shared instant."""
    reference = Policy.default()
    rows = make_batch(31, 500, reference)
    assert_equivalent(Policy.default(), Policy.default(), rows, shared_at=True)


COMPANY_RULES = """
[company]
id = "edge"
name = "Edge cases for the batch engine"

[[rule]]
id = "edge.note"
title = "A note in effect for two local days"
source = "https://intranet.example/edge"
as_of = 2026-05-01
effective_from = 2026-06-01
effective_to = 2026-06-03
confidence = "high"
effect = "note"
code = "advisory"
message = "check the campaign calendar"

[[rule]]
id = "edge.block"
title = "No calls at all on one local day"
source = "https://intranet.example/edge"
as_of = 2026-05-01
effective_from = 2026-06-02
effective_to = 2026-06-03
confidence = "high"
effect = "block"
channels = ["call"]
[rule.allowed]
every_day = []

[[rule]]
id = "edge.lunch"
title = "Not over a long lunch from June"
source = "https://intranet.example/edge"
as_of = 2026-05-01
effective_from = 2026-06-01
confidence = "high"
code = "meal_time"
[rule.closed]
every_day = ["11:50-14:10"]
"""


@pytest.mark.parametrize("profile", ["default", "legal_minimum"])
def test_company_rules_with_effective_dates_notes_and_block_effects(tmp_path, profile: str) -> None:
    """Note rules switching on and off at local midnight, block-effect rules and a
    30-minute call duration, in zones from UTC-11 to UTC+14."""
    path = tmp_path / "edge.toml"
    path.write_text(COMPANY_RULES, encoding="utf-8")
    build = Policy.default if profile == "default" else Policy.legal_minimum
    batch_policy = build(company_rules=[path], call_duration=timedelta(minutes=30))
    reference = build(company_rules=[path], call_duration=timedelta(minutes=30))
    rng = random.Random(17)
    numbers = ["+12125550123", "+6868123456", "+16843345678", "+61212345678", "+33142685300", "+4930123456",
               "+77172345678", "+85212345678", "+525512345678"]
    rows = {name: [] for name in ("number", "at", "channel", "purpose", "contact", "zone", "region", "subdivision")}
    start = datetime(2026, 5, 30, tzinfo=UTC)
    for _ in range(1_500):
        rows["number"].append(rng.choice(numbers))
        rows["at"].append(start + timedelta(minutes=rng.randrange(0, 6 * 1440), microseconds=rng.choice((0, 1))))
        rows["channel"].append(rng.choice(CHANNELS))
        rows["purpose"].append(rng.choice(PURPOSES))
        rows["contact"].append(rng.choice(CONTACTS))
        for name in ("zone", "region", "subdivision"):
            rows[name].append(None)
    assert assert_equivalent(batch_policy, reference, rows) == 1_500


@pytest.mark.parametrize("module, name", _fastresolve._PRIVATE_NAMES, ids=lambda part: getattr(part, "__name__", part))
def test_a_phonenumbers_without_a_private_table_turns_the_fast_path_off(
        module: object, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path repeats private parts of phonenumbers (which has no upper bound in the
    dependencies): a release without one of them gets numbers.resolve for every number, with a
    warning, never an AttributeError in every batch and list."""
    monkeypatch.delattr(module, name)
    with pytest.warns(RuntimeWarning, match=name):
        resolver = _fastresolve.FastResolver()
    assert not resolver.enabled and resolver.resolve("+12125550123") is None
    monkeypatch.setattr(_fastresolve, "_shared", resolver)
    decided = decide_numbers(["+12125550123", "+33142685300"], at=datetime(2026, 11, 24, 15, tzinfo=UTC))
    assert [decided.row(index)["action"] for index in range(2)] == [
        Policy.default().check(number, datetime(2026, 11, 24, 15, tzinfo=UTC)).action.value
        for number in ("+12125550123", "+33142685300")]


def test_fast_path_equals_resolve_on_every_example_and_variants() -> None:
    resolver = _fastresolve.FastResolver()
    assert resolver.self_check()
    rng = random.Random(3)
    numbers = list(example_numbers()) + list(non_geographic_numbers())
    numbers += [_vary(number, rng) for number in numbers for _ in range(5)]
    numbers += [f"{number[:3]} {number[3:6]}-{number[6:]}" for number in numbers[::3]]
    used = 0
    for number in numbers:
        try:
            expected: object = resolve(number)
        except InvalidInput as error:
            expected = str(error)
        try:
            got: object = resolver.resolve(number)
        except InvalidInput as error:
            got = str(error)
        if got is not None:
            used += 1
            assert got == expected, number
    assert used > 0.9 * len(numbers)
    # "+" numbers written with spaces, dashes, dots and parentheses take the fast path too
    for text in ("+1 212 555 0123", " +1 (212) 555-0123 ", "+33 1.42.68.53.00", "+44 (0)20 7946 0958",
                 "+39 06 6982 1234", "+7 (495) 123-45-67", "+1 212 555 01"):
        try:
            expected = resolve(text)
        except InvalidInput as error:
            expected = str(error)
        try:
            got = resolver.resolve(text)
        except InvalidInput as error:
            got = str(error)
        assert got is not None and got == expected, text
    # anything else: numbers.resolve decides
    for text in ("0033142685300", "+0123456", "+12", "+1 212 555 0123 ext. 5", "+1 212 555 0123#", "+1 800 FLOWERS",
                 "tel:+1-212-555-0123", "+1" + " " * 70 + "2125550123", "2125550123"):
        assert resolver.resolve(text) is None, text


def test_national_fast_path_equals_resolve_with_the_region() -> None:
    """Numbers written in their country's national form, beside their region (a CRM's
    "country" column): the fast path equals numbers.resolve(text, default_region=...) on the
    example number of every region and type, with digits changed, spaces dropped, a 0 added
    or the first digit removed - or declines (None) and numbers.resolve decides."""
    resolver = _fastresolve.FastResolver()
    assert resolver.self_check() and resolver.check_national()
    rng = random.Random(8)
    used = tried = 0
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for type_code in range(11):
            example = phonenumbers.example_number_for_type(region, type_code)
            if example is None:
                continue
            written = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL)
            changed = "".join(c if not c.isdigit() or rng.random() < 0.7 else str(rng.randrange(10)) for c in written)
            for text in (written, changed, changed.replace(" ", ""), "0" + changed, changed[1:]):
                tried += 1
                try:
                    expected: object = resolve(text, default_region=region)
                except InvalidInput as error:
                    expected = str(error)
                try:
                    got: object = resolver.resolve_national(text, region)
                except InvalidInput as error:
                    got = str(error)
                if got is not None:
                    used += 1
                    assert got == expected, (text, region)
    assert used > 0.8 * tried
    # an international prefix, the calling code, "+", letters, extensions: numbers.resolve decides
    for text, region in (("0044 20 7946 0958", "FR"), ("33 1 42 68 53 00", "FR"), ("+33 1 42 68 53 00", "FR"),
                         ("01 42 68 53 00 ext 5", "FR"), ("1-800-FLOWERS", "US"), ("011 44 20 7946 0958", "US")):
        assert resolver.resolve_national(text, region) is None, text


def test_ingest_with_and_without_fast_path_agree() -> None:
    rng = random.Random(4)
    numbers = [_vary(rng.choice(example_numbers()), rng) for _ in range(3_000)] + list(BAD_INPUTS)
    fast, slow = ingest(numbers), ingest(numbers, fast=False)
    assert fast.stats["fast_path"] > 0 and slow.stats["fast_path"] == 0
    assert fast.errors == slow.errors
    for row in range(len(numbers)):
        assert fast.subscriber_of(row) == slow.subscriber_of(row)


def test_each_distinct_number_is_resolved_once() -> None:
    numbers = ["+12125550123", "+1 212 555 0123", "+12125550123", "+33142685300"] * 50
    ingested = ingest(numbers)
    assert ingested.stats["distinct"] == 3
    assert len(ingested.subscribers) == 2  # two spellings, one subscriber
    assert len(set(ingested.subscriber.tolist())) == 2


# ---------------------------------------------------------------- bad rows


def test_bad_rows_are_reported_per_row_and_the_rest_decided() -> None:
    numbers = ["+12125550123", "", "letters", None, float("nan"), "+999 1234", "+33142685300", 12125550123]
    ingested = ingest(numbers)
    decisions = decide_batch(ingested, "2026-11-24T15:00:00Z")
    for row, number in enumerate(numbers):
        if row in (0, 6):
            assert decisions.action[row] >= 0 and row not in decisions.errors
            continue
        assert decisions.action[row] == -1
        if number is None or (isinstance(number, float)):
            assert decisions.errors[row] == "phone number is missing"
        else:
            with pytest.raises(InvalidInput) as raised:
                resolve(number)  # type: ignore[arg-type]
            assert decisions.errors[row] == str(raised.value)
    assert set(ingested.bad_rows.tolist()) == {1, 2, 3, 4, 5, 7}


def test_bad_instants_and_options_are_reported_per_row() -> None:
    ingested = ingest(["+12125550123"] * 4)
    decisions = decide_batch(
        ingested, ["2026-11-24T15:00:00Z", "2026-11-24T15:00:00", None, "not a time"],
        channel=["call", "call", "call", "fax"],
    )
    assert decisions.action[0] == ACTIONS.index("call")
    assert "no offset" in decisions.errors[1]
    assert decisions.errors[2] == "instant is missing"
    assert "malformed" in decisions.errors[3]
    bad_channel = decide_batch(ingested, "2026-11-24T15:00:00Z", channel=["call", "fax", "sms", "call"])
    assert "unknown channel" in bad_channel.errors[1] and bad_channel.action[1] == -1
    assert bad_channel.action[2] == ACTIONS.index("sms")
    with pytest.raises(InvalidInput):
        decide_batch(ingested, "2026-11-24T15:00:00")  # one bad shared instant: the call is wrong
    with pytest.raises(InvalidInput):
        ingest(["+12125550123"], default_region="XX")
    with pytest.raises(InvalidInput):
        decide_batch(ingested, pd.Series(pd.to_datetime(["2026-11-24T15:00:00"] * 4)))  # naive


def test_empty_batches() -> None:
    assert len(decide_numbers([], "2026-11-24T15:00:00Z")) == 0
    decisions = decide_numbers(["", None], "2026-11-24T15:00:00Z")
    assert decisions.action.tolist() == [-1, -1]
    assert len(calling_order(decisions)) == 0


# ---------------------------------------------------------------- history


def test_rows_with_history_are_read_by_the_kernel_view(policies) -> None:
    batch_policy, reference = policies["default"]
    at = datetime(2026, 11, 24, 15, tzinfo=UTC)
    history = History(
        attempts=tuple(Attempt.create("+33142685300", at - timedelta(hours=h), outcome="no_answer") for h in (1, 2, 3)),
        opt_outs=(OptOut.create("+442079460958", at - timedelta(days=3)),),
    )
    numbers = ["+33142685300", "+442079460958", "+12125550123", "+61212345678"]
    decisions = decide_batch(ingest(numbers), at, policy=batch_policy, history=history)
    assert decisions.stats["history_rows"] == 2  # the French number's attempts, the British opt-out
    for row, number in enumerate(numbers):
        expected = reference.check(number, at, history=history)
        assert decisions.row(row)["action"] == expected.action.value
        assert decisions.row(row)["next_allowed_at"] == expected.next_allowed_at
        assert set(decisions.reasons(row)) == {reason.code for reason in expected.reasons}


# ---------------------------------------------------------------- frames


def _sample_frame(size: int = 400, seed: int = 11) -> pd.DataFrame:
    rng = random.Random(seed)
    pool = example_numbers()
    phones = [_vary(rng.choice(pool), rng) for _ in range(size)] + ["", "letters"]
    base = np.datetime64("2026-03-07T00:00:00", "us")
    when = base + np.array([rng.randrange(0, 3 * 86_400_000_000) for _ in phones], dtype="timedelta64[us]")
    return pd.DataFrame({"phone": phones, "when": pd.Series(when).dt.tz_localize("UTC"),
                         "channel": [rng.choice(CHANNELS) for _ in phones]})


def test_dataframe_round_trip_matches_the_arrays() -> None:
    frame = _sample_frame()
    out = decide_frame(frame, "phone", at_column="when", channel=frame["channel"])
    assert list(out.columns[:3]) == ["phone", "when", "channel"] and len(out) == len(frame)
    assert (out["phone"] == frame["phone"]).all()
    decisions = decide_batch(ingest(frame["phone"]), frame["when"], channel=frame["channel"])
    names = decisions.action_names()
    reasons = decisions.reason_codes()
    for row in range(len(frame)):
        assert (out["action"].iloc[row] if pd.notna(out["action"].iloc[row]) else None) == names[row]
        assert bool(out["allowed"].iloc[row]) == bool(decisions.allowed[row])
        for column in ("next_allowed_at", "window_closes_at"):
            value = out[column].iloc[row]
            expected = decisions.row(row)[column]
            assert (None if pd.isna(value) else value.to_pydatetime()) == expected
        if row in decisions.errors:
            assert out["error"].iloc[row] == decisions.errors[row]
        else:
            assert out["reasons"].iloc[row] == reasons[row]
            assert out["number"].iloc[row] == decisions.row(row)["number"]
    assert out.attrs["callwindow_versions"]["tzdata"]


def test_arrow_round_trip_matches_the_dataframe() -> None:
    frame = _sample_frame(300, seed=12)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    out = decide_table(table, "phone", at_column="when", channel=table.column("channel"), versions_column=True)
    assert out.num_rows == len(frame)
    assert out.schema.field("next_allowed_at").type == pa.timestamp("us", tz="UTC")
    assert b"callwindow_versions" in out.schema.metadata
    as_frame = decide_frame(frame, "phone", at_column="when", channel=frame["channel"])
    arrow_rows = out.to_pandas()
    for column in ("number", "action", "reasons", "error", "zones", "region"):
        left = arrow_rows[column].astype(object).where(arrow_rows[column].notna(), None).tolist()
        right = as_frame[column].astype(object).where(as_frame[column].notna(), None).tolist()
        assert left == right, column
    for column in ("next_allowed_at", "window_closes_at"):
        assert arrow_rows[column].equals(as_frame[column])
    assert arrow_rows["versions"].nunique() == 1


def test_csv_writer_keeps_the_instants(tmp_path) -> None:
    import pyarrow.csv as pacsv

    frame = _sample_frame(200, seed=13)
    decided = decide_table(pa.Table.from_pandas(frame, preserve_index=False), "phone", at_column="when")
    path = tmp_path / "decided.csv"
    write_csv(decided, path)
    back = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(strings_can_be_null=True, column_types={
        "next_allowed_at": pa.timestamp("us", tz="UTC"), "window_closes_at": pa.timestamp("us", tz="UTC"),
        "when": pa.timestamp("us", tz="UTC")}))
    for column in ("next_allowed_at", "window_closes_at", "when"):
        assert back.column(column).to_pylist() == decided.column(column).to_pylist(), column
    assert back.column("action").to_pylist() == decided.column("action").to_pylist()


def test_rows_equal_row_by_row() -> None:
    """Decisions.rows() (converted array by array) is row(i) for every i: bad rows, unplaceable
    numbers, several zones, open windows and NaT included."""
    numbers = ["+1 212 555 0123", "+33 1 23 45 67 89", "+800 1234 5678", "call me", "+61 412 345 678", "",
               "+49 30 12345678", "+1 212 555 0123"]
    at = ["2026-11-24T15:00:00Z", "2026-11-24T22:30:00Z", "2026-11-24T15:00:00Z", "2026-11-24T15:00:00Z",
          "2026-11-28T01:00:00Z", "2026-11-24T15:00:00Z", "2026-11-24T12:00:00Z", "2026-11-25T03:00:00Z"]
    decisions = decide_numbers(numbers, at)
    assert decisions.rows() == [decisions.row(index) for index in range(len(numbers))]
    assert {row["action"] for row in decisions.rows()} >= {"call", "defer", "block", None}


def test_reason_lists_and_iso_texts_equal_the_rows() -> None:
    """The column helpers the HTTP service's compact answers read give what row(i) gives."""
    from callwindow.batch.decisions import iso_texts

    numbers = ["+1 212 555 0123", "+800 1234 5678", "call me", "+61 412 345 678", "+33 1 23 45 67 89"]
    at = ["2026-11-24T15:00:00.000001Z", "2026-11-24T15:00:00Z", "2026-11-24T15:00:00Z", "2026-11-28T01:00:00Z",
          "2026-11-24T22:30:00Z"]
    decisions = decide_numbers(numbers, at)
    rows = decisions.rows()
    assert decisions.reason_lists() == [row["reasons"] for row in rows]
    for name in ("at", "next_allowed_at", "window_closes_at"):
        column = getattr(decisions, name if name != "at" else "at")
        assert iso_texts(column) == [row[name].isoformat().replace("+00:00", "Z") if row[name] else None
                                     for row in rows], name


def test_timelines_are_reused_across_calls_and_never_across_policies() -> None:
    """The same rows asked again reuse the laid-out days; a policy with another call duration
    (same contexts otherwise) gets its own: ten minutes before New York's window closes, a
    3-minute call is allowed and a 30-minute one is not, and each equals its own single check."""
    numbers = ["+12125550123", "+13055550123", "+33142685300", "+61412345678"] * 5
    closes = Policy.default().check(numbers[0], datetime(2026, 11, 24, 20, tzinfo=UTC)).window_closes_at
    assert closes is not None
    at = closes - timedelta(minutes=10)
    short, long = Policy.default(), Policy.default(call_duration=timedelta(minutes=30))
    first = decide_batch(ingest(numbers), at, policy=short)
    again = decide_batch(ingest(numbers), at, policy=short)
    other = decide_batch(ingest(numbers), at, policy=long)
    assert again.stats.get("timelines_reused", 0) >= 1 and "timelines_reused" not in first.stats
    assert again.rows() == first.rows()
    assert (again.row(0)["action"], other.row(0)["action"]) == ("call", "defer")
    for decided, policy in ((again, Policy.default()), (other, Policy.default(call_duration=timedelta(minutes=30)))):
        for index, number in enumerate(numbers[:4]):
            expected = policy.check(number, at)
            assert decided.row(index)["action"] == expected.action.value, number
            assert decided.row(index)["window_closes_at"] == expected.window_closes_at, number
            assert decided.row(index)["next_allowed_at"] == expected.next_allowed_at, number


def test_small_calls_keep_their_resolutions_and_bulk_calls_do_not() -> None:
    ingesting = sys.modules["callwindow.batch.ingest"]  # (the package's `ingest` is the function)
    fresh = "+1 212 555 0177"
    ingesting._memo.pop(fresh, None)
    first = ingest([fresh, "+33142685300"])
    assert ingesting._memo[fresh] == first.subscriber_of(0) == resolve(fresh)
    assert ingest([fresh]).subscriber_of(0) == resolve(fresh)
    bulk = [f"+1 212 556 {index:04d}" for index in range(ingesting.MEMO_CALL_LIMIT + 1)]
    ingest(bulk)
    assert bulk[0] not in ingesting._memo


def test_take_reuses_the_resolution() -> None:
    ingested = ingest(["+12125550123", "", "+33142685300"])
    taken = ingested.take([2, 1, 0, 2])
    assert [None if s is None else s.number for s in map(taken.subscriber_of, range(4))] == [
        "+33142685300", None, "+12125550123", "+33142685300"]
    assert taken.errors == {1: ingested.errors[1]}
    decisions = decide_batch(taken, "2026-11-24T15:00:00Z")
    assert decisions.action[1] == -1 and decisions.row(3)["number"] == "+33142685300"


def test_iso_text_instants_and_plain_iterables() -> None:
    numbers = ["+12125550123", "+33142685300"]
    texts = ["2026-11-24T15:00:00Z", "2026-11-24T16:00:00+01:00"]
    by_text = decide_numbers(iter(numbers), texts)
    by_datetime = decide_numbers(numbers, [datetime.fromisoformat(text.replace("Z", "+00:00")) for text in texts])
    assert by_text.next_allowed_at.tolist() == by_datetime.next_allowed_at.tolist()
    assert by_text.action.tolist() == by_datetime.action.tolist()


def test_versions_are_stamped() -> None:
    policy = Policy.default()
    decisions = decide_numbers(["+12125550123"], "2026-11-24T15:00:00Z", policy=policy)
    for name in ("callwindow", "rules", "holidays", "phonenumbers", "tzdata"):
        assert decisions.versions[name] == policy.versions[name]


def test_reason_mask_covers_every_code() -> None:
    from callwindow.model import REASON_CODES

    assert CODES == tuple(REASON_CODES)


# ---------------------------------------------------------------- plan


@pytest.mark.parametrize("channel", CHANNELS)
def test_windows_agree_with_decisions(policies, channel: str) -> None:
    batch_policy, _ = policies["default"]
    rng = random.Random(21)
    numbers = [rng.choice(example_numbers()) for _ in range(60)] + ["", "+80012345678"]
    ingested = ingest(numbers)
    start = datetime(2026, 3, 27, 6, 30, tzinfo=UTC)  # spans the EU DST change (2026-03-29)
    end = start + timedelta(days=3)
    plan = windows(ingested, start, end, channel=channel, policy=batch_policy)
    assert not set(plan.row.tolist()) & {60, 61}  # bad and unplaceable rows: no windows
    # a sweep every 7 minutes 13 seconds: allowed exactly inside a window
    step = np.timedelta64(433, "s")
    probes = np.arange(np.datetime64(start.replace(tzinfo=None), "us"), np.datetime64(end.replace(tzinfo=None), "us"),
                       step)
    for row in range(60):
        mine = plan.row == row
        starts, ends = plan.start[mine], plan.end[mine]
        assert (starts < ends).all() and (ends[:-1] < starts[1:]).all()
        repeated = ingest([numbers[row]] * len(probes))
        decided = decide_batch(repeated, probes, channel=channel, policy=batch_policy)
        inside = ((probes[:, None] >= starts[None, :]) & (probes[:, None] < ends[None, :])).any(axis=1)
        assert (decided.allowed == inside).all(), numbers[row]
        # the edges themselves: a window starts allowed and ends not allowed
        edges = np.concatenate([starts, ends - np.timedelta64(1, "us"), ends, starts - np.timedelta64(1, "us")])
        if edges.size:
            at_edges = decide_batch(ingest([numbers[row]] * len(edges)), edges, channel=channel, policy=batch_policy)
            count = len(starts)
            assert at_edges.allowed[: 2 * count].all()
            period_start, period_end = np.datetime64(start.replace(tzinfo=None), "us"), np.datetime64(
                end.replace(tzinfo=None), "us")
            assert not at_edges.allowed[2 * count: 3 * count][ends != period_end].any()
            assert not at_edges.allowed[3 * count:][starts != period_start].any()


def test_windows_frame_and_table() -> None:
    ingested = ingest(["+12125550123", "+33142685300"])
    plan = windows(ingested, "2026-11-24T00:00:00Z", "2026-11-25T00:00:00Z")
    frame = plan.to_pandas()
    assert list(frame.columns) == ["row", "number", "start", "end"] and len(frame) == len(plan) > 0
    assert plan.to_arrow().num_rows == len(plan)
    assert plan.for_row(0)[0][0].tzinfo is not None


def test_calling_order() -> None:
    rng = random.Random(5)
    numbers = [rng.choice(example_numbers()) for _ in range(2_000)] + ["", "+80012345678"]
    decisions = decide_numbers(numbers, "2026-06-11T14:00:00Z")
    order = calling_order(decisions)
    allowed = decisions.allowed[order]
    callable_now = int(decisions.allowed.sum())
    assert allowed[:callable_now].all() and not allowed[callable_now:].any()
    closes = decisions.window_closes_at[order[:callable_now]].astype(np.int64)
    closes = np.where(closes == np.iinfo(np.int64).min, np.iinfo(np.int64).max, closes)
    assert (np.diff(closes) >= 0).all()
    later = decisions.next_allowed_at[order[callable_now:]].astype(np.int64)
    assert (np.diff(later) >= 0).all() and (later != np.iinfo(np.int64).min).all()
    reachable = (decisions.allowed | ~np.isnat(decisions.next_allowed_at)).sum()
    assert len(order) == reachable
    everything = calling_order(decisions, include_unreachable=True)
    assert sorted(everything.tolist()) == list(range(len(numbers)))
    frame = calling_order(decisions.to_pandas())
    assert frame.index.tolist() == order.tolist()


# ---------------------------------------------------------------- packaging


def test_the_library_stays_light_without_the_batch_extra() -> None:
    code = ("import sys, callwindow; callwindow.check('+12125550123', '2026-11-24T15:00:00Z'); "
            "print(sorted(m for m in ('numpy', 'pandas', 'pyarrow', 'callwindow.batch') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    code = "import sys, callwindow.batch; print(sorted(m for m in ('pandas', 'pyarrow') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@given(st.integers(min_value=0, max_value=2**64 - 1))
def test_a_mask_decodes_to_the_codes_of_its_bits_in_order(mask: int) -> None:
    from callwindow.batch.decisions import decode_mask
    from callwindow.batch.ingest import CODES

    assert decode_mask(mask) == tuple(code for index, code in enumerate(CODES) if mask >> index & 1)


@given(st.lists(st.tuples(st.integers(min_value=0, max_value=12), st.integers(min_value=0, max_value=40)),
                min_size=1, max_size=40), st.sampled_from([1, 2, 4, 9, 33]))
def test_the_wanted_days_are_each_rows_days_ahead(rows: list[tuple[int, int]], extra: int) -> None:
    """_wanted_days: per group the sorted distinct days d .. d + extra - 1 of its rows' days d, and
    the rows' own days."""
    from callwindow.batch.engine import _wanted_days

    group = np.asarray([row[0] for row in rows], dtype=np.int64)
    day = np.asarray([20_000 + row[1] for row in rows], dtype=np.int64)
    wanted, query = _wanted_days(group, day, extra)
    expected: dict[int, set[int]] = {}
    for owner, first in zip(group.tolist(), day.tolist(), strict=True):
        expected.setdefault(owner, set()).update(range(first, first + extra))
    assert {owner: days.tolist() for owner, days in wanted.items()} == {
        owner: sorted(days) for owner, days in sorted(expected.items())}
    assert query == {owner: set(day[group == owner].tolist()) for owner in expected}
