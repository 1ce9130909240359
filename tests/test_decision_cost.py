"""The decision's own caches (issue 16) change no answer and no byte of the JSON: closing
reasons worded once per tag set but for the clock, reasons' JSON forms built once, ISO texts
of UTC instants, instants read from text, Question.of's fields asked again. Each is checked
against a fresh computation."""

from __future__ import annotations

import copy
import dataclasses
import pathlib
import re
import tempfile
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from budget import budget
from hypothesis import assume, given
from hypothesis import strategies as st

from callwindow import Policy, clock, instants, model
from callwindow.history import Attempt, History, OptOut, Outcome
from callwindow.instants import parse_instant
from callwindow.kernel import explain
from callwindow.model import Channel, Decision, Purpose, Reason, ReasonCode, RuleKind
from callwindow.request import Question

NUMBERS = ("+12125550123", "+13055550123", "+17135550123", "+14155550123", "+33123456789", "+442079460958",
           "+4930123456", "+61298765432", "+81312345678", "+34912345678", "+5511912345678", "+919876543210")
WARM = Policy.default()
# Laws and one company rule that closes Sundays: free stretches of days that end (the laws alone
# leave stretches that never end, or end within a day).
SUNDAYS = """
[company]
id = "sundays"

[[rule]]
id = "sundays.never"
title = "Never on Sundays"
source = "https://example.com/sundays"
as_of = 2026-01-01
effective_from = 2000-01-01
confidence = "high"
[rule.allowed]
mon-fri = ["00:00-24:00"]
sat = ["00:00-24:00"]
sun = []
"""


def _sundays_policy() -> Policy:
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "sundays.toml"
        path.write_text(SUNDAYS, encoding="utf-8")
        return Policy.legal_minimum(company_rules=[path])


LEGAL_SUNDAYS = _sundays_policy()
START = datetime(2026, 1, 1, tzinfo=UTC)


def reference(decision: Decision) -> dict[str, Any]:
    """Decision.to_dict as it was written before its caches: every value formatted afresh."""
    def iso(moment: datetime | None) -> str | None:
        return None if moment is None else moment.isoformat().replace("+00:00", "Z")

    return {
        "number": decision.number, "at": iso(decision.at), "channel": decision.channel.value,
        "purpose": decision.purpose.value, "contact": decision.contact.value, "call_type": decision.call_type.value,
        "action": decision.action.value, "allowed": decision.action.value == decision.channel.value,
        "next_allowed_at": iso(decision.next_allowed_at), "window_closes_at": iso(decision.window_closes_at),
        "region": decision.region, "subdivision": decision.subdivision, "places": list(decision.places),
        "number_type": decision.number_type, "zones": list(decision.zones),
        "local_times": {zone: local.isoformat() for zone, local in decision.local_times.items()},
        "reasons": [{"code": str(r.code), "rule": r.rule, "kind": r.kind.value, "message": r.message,
                     "source": r.source, "zone": r.zone, "confidence": r.confidence, "source_kind": r.source_kind}
                    for r in decision.reasons],
        "versions": dict(decision.versions),
    }


def plain(value: Any) -> bool:
    """Only the JSON types themselves (no enum member or other str subclass)."""
    if type(value) is dict:
        return all(type(key) is str and plain(item) for key, item in value.items())
    if type(value) is list:
        return all(plain(item) for item in value)
    return type(value) in (str, bool, int, float, type(None))


@budget(60)
@given(number=st.sampled_from(NUMBERS), minute=st.integers(0, 366 * 24 * 60), seconds=st.lists(
    st.integers(0, 59), min_size=2, max_size=3, unique=True), channel=st.sampled_from(["call", "sms"]),
    purpose=st.sampled_from(["sales", "service", "collection", "personal"]), attempts=st.integers(0, 3))
def test_a_warm_policy_answers_as_a_fresh_one_at_every_second_of_a_minute(
    number: str, minute: int, seconds: list[int], channel: str, purpose: str, attempts: int,
) -> None:
    """The warm policy has decided other instants of the same local minute first (so its
    wordings, reason dicts and ISO texts come from the caches); a fresh policy (new contexts:
    their memos are empty) must give the same object, equal to the uncached reference."""
    for second in seconds:
        at = START + timedelta(minutes=minute, seconds=second)
        history = History(attempts=tuple(
            Attempt(Question.of(number, at).subscriber.number, at - timedelta(hours=2 + i), Channel.CALL,
                    Purpose.SALES, Outcome.NO_ANSWER) for i in range(attempts)))
        warm = WARM.check(number, at, channel=channel, purpose=purpose, history=history)
        fresh = Policy.default().check(number, at, channel=channel, purpose=purpose, history=history)
        assert warm == fresh
        assert warm.to_dict() == fresh.to_dict() == reference(fresh)
        assert plain(warm.to_dict())


@budget(40)
@given(number=st.sampled_from(NUMBERS + ("+18005550199",)), minute=st.integers(0, 366 * 24 * 60),
       channel=st.sampled_from(["call", "sms"]), opted_out=st.booleans())
def test_the_kernel_builds_decisions_equal_to_the_dataclass_ones(
    number: str, minute: int, channel: str, opted_out: bool,
) -> None:
    """model.new_decision (the kernel's build, no per-field __setattr__ calls) gives a Decision like
    the dataclass's own: its class, equality, repr, JSON, frozen fields and copies;
    refusals (an opt-out, an unplaceable number) are built that way too."""
    at = START + timedelta(minutes=minute)
    subscriber = Question.of(number, at).subscriber
    history = History(opt_outs=(OptOut.create(subscriber.number, at - timedelta(days=1)),)) if opted_out else None
    built = WARM.check(number, at, channel=channel, history=history)
    fields = {field.name: getattr(built, field.name) for field in dataclasses.fields(Decision)}
    assert type(built) is Decision
    assert built == Decision(**fields) and repr(built) == repr(Decision(**fields))
    assert built.to_dict() == Decision(**fields).to_dict() == reference(built)
    assert copy.copy(built) == built == dataclasses.replace(built)
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.number = "+10000000000"  # type: ignore[misc]
    assert built.number == subscriber.number


@budget(40)
@given(fields=st.tuples(st.sampled_from(list(ReasonCode)), st.text(max_size=5), st.sampled_from(list(RuleKind)),
                        st.text(max_size=20), *[st.none() | st.text(max_size=5) for _ in range(4)]))
def test_the_kernel_builds_reasons_equal_to_the_dataclass_ones(fields: tuple[Any, ...]) -> None:
    """model.new_reason (the kernel's build of a closing reason) gives a Reason like the
    dataclass's own: its class, equality, hash, repr, JSON and frozen fields."""
    built, plain = model.new_reason(*fields), Reason(*fields)
    assert type(built) is Reason
    assert built == plain and hash(built) == hash(plain) and repr(built) == repr(plain)
    assert built.to_dict() == plain.to_dict() and built.to_dict() is not built.to_dict()
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.message = "changed"  # type: ignore[misc]
    assert built.message == fields[3]


def test_closing_reasons_read_the_clock_of_each_instant() -> None:
    """A tag set's reasons are worded once but for the wall clock: each instant gets its own."""
    first = WARM.check("+12125550123", "2026-11-03T03:13:05Z")  # 22:13 in New York: night
    later = WARM.check("+12125550123", "2026-11-03T03:14:05Z")
    night = [r.message for r in first.reasons if r.code is ReasonCode.NIGHT]
    moved = [r.message for r in later.reasons if r.code is ReasonCode.NIGHT]
    assert night == [night[0]] and "Monday 22:13 in America/New_York" in night[0]
    assert moved == [night[0].replace("22:13", "22:14")]


def test_a_closed_day_names_the_local_weekday_and_consent_reasons_are_shared() -> None:
    saturday = WARM.check("+594594101234", "2026-07-04T19:15:30Z", consent=True)  # French Guiana's law
    assert [r.message.rsplit(": ", 1)[1] for r in saturday.reasons if r.code is ReasonCode.CLOSED_DAY
            and "Saturday (" in r.message] == ["nothing allowed on a Saturday (Saturday 16:15 in America/Cayenne)"]
    sunday = [r for r in WARM.check("+4930123456", "2026-11-08T11:00:00Z").reasons if r.code is ReasonCode.CLOSED_DAY]
    assert sunday[0].message.endswith("nothing allowed on a rest day (Sunday 12:00 in Europe/Berlin)")
    asked = [WARM.check("+4930123456", f"2026-11-04T10:{minute}:00Z") for minute in ("00", "01")]
    needed = [[r for r in decision.reasons if r.code is ReasonCode.CONSENT_REQUIRED] for decision in asked]
    assert needed[0] and needed[0][0] is needed[1][0]  # a message that reads no clock: one object


def test_local_times_across_a_fold_keep_their_own_offsets() -> None:
    """01:30 happens twice in New York on 2026-11-01: equal wall clocks of one zone compare
    equal in Python, so the ISO-text cache must key on the fold too."""
    for _ in range(2):  # the second round reads the cache
        daylight = WARM.check("+12125550123", "2026-11-01T05:30:00Z").to_dict()["local_times"]
        standard = WARM.check("+12125550123", "2026-11-01T06:30:00Z").to_dict()["local_times"]
        assert daylight == {"America/New_York": "2026-11-01T01:30:00-04:00"}
        assert standard == {"America/New_York": "2026-11-01T01:30:00-05:00"}


def test_instants_in_other_zones_are_not_formatted_from_the_utc_cache() -> None:
    """An equal instant in another offset prints its own offset (only exact UTC datetimes are kept)."""
    decision = WARM.check("+12125550123", "2026-11-03T15:00:00Z")
    assert decision.to_dict()["at"] == "2026-11-03T15:00:00Z"
    elsewhere = datetime(2026, 11, 3, 16, tzinfo=UTC).astimezone(ZoneInfo("Europe/Paris"))
    shifted = Decision(**{**{name: getattr(decision, name) for name in Decision.__slots__ if name != "__weakref__"},
                          "at": elsewhere - timedelta(hours=1)})
    assert shifted.to_dict()["at"] == "2026-11-03T16:00:00+01:00"


def test_a_reason_gives_a_new_dict_each_time_and_stays_a_plain_value() -> None:
    reason = Reason(ReasonCode.NIGHT, "courtesy.S1", RuleKind.COURTESY, "late", "seed:S1")
    first = reason.to_dict()
    first["message"] = "changed by a caller"
    assert reason.to_dict()["message"] == "late"
    assert reason == Reason(ReasonCode.NIGHT, "courtesy.S1", RuleKind.COURTESY, "late", "seed:S1")
    assert "_json" not in repr(reason) and hash(reason) == hash(
        Reason(ReasonCode.NIGHT, "courtesy.S1", RuleKind.COURTESY, "late", "seed:S1"))


def test_instants_read_from_text_are_kept_and_bad_ones_still_refused() -> None:
    text = "2026-03-08T14:30:00+01:00"
    assert parse_instant(text) == parse_instant(text) == datetime(2026, 3, 8, 13, 30, tzinfo=UTC)
    assert parse_instant(text).tzinfo is UTC
    for bad in ("2026-03-08T14:30:00", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59Z", "nonsense"):
        for _ in range(2):  # a refused text is never kept
            try:
                parse_instant(bad)
            except ValueError:
                continue
            raise AssertionError(f"{bad!r} was accepted")
    for second in range(instants.READ_CACHE_SIZE + 10):
        parse_instant(f"2026-03-08T14:30:00.{second:06d}Z")
    assert len(instants._read) <= instants.READ_CACHE_SIZE


def test_shared_constant_reasons() -> None:
    """Reasons with constant wording are one object each (their JSON built once)."""
    assert explain.text_instead(True, False, 60.0) is explain.text_instead(True, True, 1e9)
    assert explain.no_window(31) is explain.no_window(31)
    assert explain.no_window(31).message == "no allowed time in the next 31 days"


@budget(80)
@given(number=st.sampled_from((*NUMBERS, "+1 800 555 0199", "555-0123", "+999")),
       hints=st.fixed_dictionaries({}, optional={
           "zone": st.sampled_from(["America/Chicago", "Europe/Paris", "Mars/Base"]),
           "subdivision": st.sampled_from(["US-FL", "FL", "XX-1"]), "region": st.sampled_from(["US", "DE", "ZZ"]),
           "default_zone": st.sampled_from(["America/New_York", "bad"]), "consent": st.sampled_from([True, 1]),
           "channel": st.sampled_from(["sms", model.Channel.CALL, "fax"]), "call_type": st.sampled_from(["ai", "live"]),
           "subject": st.sampled_from([" debt-1 ", "x" * 201])}),
       at=st.sampled_from(["2026-03-08T14:30:00Z", "2026-03-08T14:30:00", None, START]))
def test_question_of_asked_again_equals_a_full_parse(number: str, hints: dict[str, Any], at: Any) -> None:
    """The second Question.of of the same arguments (read from the cache) is the question, or
    the error (message and field), that a full parse gives (an iterator of emergencies is
    never cached: it forces the full path)."""
    def ask(**extra: Any) -> Any:
        try:
            question = Question.of(number, at, **hints, **extra)
        except ValueError as error:
            return type(error), str(error), getattr(error, "field", None)
        return question if at is not None else question.replace(at=START)

    first, second, full = ask(), ask(), ask(emergencies=iter(()))
    assert first == second == full


def test_the_text_caches_are_bounded() -> None:
    from callwindow import request

    for second in range(model.ISO_CACHE_SIZE + 10):
        assert model._iso(START + timedelta(seconds=second)) == (START + timedelta(seconds=second)).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
    assert 0 < len(model._iso_text) <= model.ISO_CACHE_SIZE
    for index in range(request.ASKED_CACHE_SIZE + 10):
        Question.of("+12125550123", START, subject=f"debt-{index}")
    assert 0 < len(request._asked) <= request.ASKED_CACHE_SIZE


# Every field of a Question, varied: Policy.answer(..., at=) must pass each one on as for the question of that instant.
QUESTION_OPTIONS = {
    "channel": st.sampled_from(["call", "sms"]), "purpose": st.sampled_from(["sales", "service", "collection"]),
    "contact": st.sampled_from(["consumer", "business"]), "zone": st.sampled_from([None, "America/Chicago"]),
    "region": st.sampled_from([None, "US"]), "subdivision": st.sampled_from([None, "US-FL", "US-LA"]),
    "postal_code": st.sampled_from([None, "33101"]), "default_region": st.sampled_from([None, "US"]),
    "default_zone": st.sampled_from([None, "America/New_York"]), "consent": st.booleans(), "contract": st.booleans(),
    "emergencies": st.sampled_from([(), ("US-FL",), ("US-LA",)]), "subject": st.sampled_from([None, "debt-1"]),
    "contact_id": st.sampled_from([None, "person-1"]),
    "call_type": st.sampled_from(["live", "prerecorded", "automated"]),
}
# DST edges of New York and Paris (a gap, a fold) among the instants.
EDGES = [datetime(2026, 3, 8, 6, 59, 59, tzinfo=UTC), datetime(2026, 3, 8, 7, tzinfo=UTC),
         datetime(2026, 11, 1, 5, 30, tzinfo=UTC), datetime(2026, 11, 1, 6, 30, tzinfo=UTC),
         datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2026, 10, 25, 1, 30, tzinfo=UTC)]


def test_the_options_cover_every_field_of_a_question() -> None:
    import dataclasses

    fields = {item.name for item in dataclasses.fields(Question)}
    assert fields - set(QUESTION_OPTIONS) == {"number", "subscriber", "at"}  # the number and instant: drawn apart


@budget(80)
@given(number=st.sampled_from((*NUMBERS, "+1 800 555 0199")),
       options=st.fixed_dictionaries({}, optional=QUESTION_OPTIONS),
       first=st.sampled_from(EDGES), then=st.one_of(st.sampled_from(EDGES), st.integers(0, 366 * 24 * 60).map(
           lambda minute: START + timedelta(minutes=minute))), attempts=st.integers(0, 3), opted_out=st.booleans(),
       profile=st.sampled_from(["courtesy", "legal"]))
def test_a_question_answered_at_another_instant_equals_the_question_of_that_instant(
    number: str, options: dict[str, Any], first: datetime, then: datetime, attempts: int, opted_out: bool, profile: str,
) -> None:
    """The batch asks one question at many instants (Policy.answer(..., at=)): the decision, and its
    JSON, equal Policy.answer's for the question built at that instant."""
    from callwindow.history import OptOut

    try:
        question = Question.of(number, first, **options)
    except ValueError:  # hints that contradict the number (a Florida ZIP in Louisiana...): no question
        assume(False)
    asked = question.replace(at=then)
    person = question.subscriber.number
    history = History(
        attempts=tuple(Attempt(person, then - timedelta(hours=2 + i), Channel.CALL, Purpose.SALES, Outcome.NO_ANSWER,
                               contact_id=question.contact_id) for i in range(attempts)),
        opt_outs=(OptOut.create(person, then - timedelta(days=1), channels=["sms"]),) if opted_out else ())
    policy = WARM if profile == "courtesy" else LEGAL
    decision = policy.answer(question, history, at=then)
    assert decision == policy.answer(asked, history)
    assert model_dumps(decision.to_dict()) == model_dumps(reference(policy.answer(asked, history)))


LEGAL = Policy.legal_minimum()


def model_dumps(value: Any) -> bytes:
    from callwindow.http.encoding import dumps

    return dumps(value)


def test_local_times_are_printed_in_their_own_zone_and_fold() -> None:
    """The local-time texts are kept per datetime object: an equal instant in two zones, and equal
    wall clocks across a fall-back hour, each print their own offset, asked again (the cache) or
    as new objects."""
    from datetime import timezone

    new_york, paris = ZoneInfo("America/New_York"), ZoneInfo("Europe/Paris")
    moment = datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    for _ in range(2):  # each round makes new objects: its own texts, each read twice (the second from the cache)
        times = [(moment.astimezone(new_york), "2026-11-01T01:30:00-04:00"),
                 (moment.astimezone(paris), "2026-11-01T06:30:00+01:00"),
                 ((moment + timedelta(hours=1)).astimezone(new_york), "2026-11-01T01:30:00-05:00"),
                 (moment.astimezone(timezone(timedelta(hours=5, minutes=30))), "2026-11-01T11:00:00+05:30"),
                 (datetime(2026, 11, 1, 1, 30), "2026-11-01T01:30:00")]  # naive: no offset
        for local, text in times * 2:
            assert model.local_iso(local) == text


MEMO_ZONES = ("America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham", "UTC")


@budget(100)
@given(instants=st.lists(st.integers(1_700_000_000, 1_900_000_000) | st.sampled_from(
    [1_793_512_800 + step * 900 for step in range(-8, 9)]), min_size=1, max_size=30),  # 2026-11-01 06:00 UTC
    zone=st.sampled_from(MEMO_ZONES))
def test_local_time_texts_are_each_objects_own(instants: list[int], zone: str) -> None:
    """model.local_iso keys its texts by the object (its id): each object, and each equal copy or
    the same wall clock in the other fold (other objects), prints as isoformat prints it."""
    for instant in instants:
        local = datetime.fromtimestamp(instant, ZoneInfo(zone))
        assert model.local_iso(local) == local.isoformat() == model.local_iso(local)
        assert model.local_iso(local.replace()) == local.isoformat()
        assert model.local_iso(local.replace(fold=1 - local.fold)) == local.replace(fold=1 - local.fold).isoformat()


def test_local_times_of_a_datetime_subclass_are_not_cached() -> None:
    class Stamp(datetime):
        def isoformat(self, *args: Any, **kwargs: Any) -> str:
            return "stamp"

    moment = datetime(2026, 5, 1, 12, tzinfo=UTC).astimezone(ZoneInfo("Europe/Berlin"))
    assert model.local_iso(moment) == "2026-05-01T14:00:00+02:00"
    twin = Stamp(2026, 5, 1, 14, tzinfo=ZoneInfo("Europe/Berlin"))
    assert twin == moment and model.local_iso(twin) == "stamp" and model.local_iso(moment) != "stamp"


def test_the_local_time_cache_is_bounded() -> None:
    zone = ZoneInfo("Asia/Tokyo")
    for second in range(model.ISO_CACHE_SIZE + 10):
        local = (START + timedelta(seconds=second)).astimezone(zone)
        assert model.local_iso(local) == local.isoformat()
    assert 0 < len(model._local_text) <= model.ISO_CACHE_SIZE


@budget(200)
@given(instant=st.integers(1_700_000_000_000_000, 1_900_000_000_000_000).map(lambda us: us / 1e6) | st.integers(
    1_700_000_000, 1_900_000_000))
def test_the_clock_memos_give_what_fromtimestamp_gives(instant: float) -> None:
    """clock.local_time and clock.to_utc_datetime keep the datetimes of instants read lately:
    read again (in every zone, twice), they equal a fresh fromtimestamp, fold and offset too."""
    for _ in range(2):
        for zone in MEMO_ZONES:
            fresh = datetime.fromtimestamp(instant, ZoneInfo(zone))
            local = clock.local_time(instant, zone)
            # (the wall clock, fold and instant compared each: `==` between two tzinfo objects is
            # False for a time in a fold by definition, PEP 495, even for one and the same instant)
            assert local.replace(tzinfo=None) == fresh.replace(tzinfo=None) and local.fold == fresh.fold
            assert local.timestamp() == fresh.timestamp() and local.isoformat() == fresh.isoformat()
            assert local.tzinfo is clock.get_zone(zone)
        utc = clock.to_utc_datetime(instant)
        assert utc == datetime.fromtimestamp(instant, UTC) and utc.tzinfo is UTC
        assert utc.isoformat() == datetime.fromtimestamp(instant, UTC).isoformat()


def test_the_clock_memos_are_bounded() -> None:
    fold = datetime(2026, 11, 1, 5, 30, tzinfo=UTC).timestamp()  # 01:30 EDT; 01:00-02:00 EST (fold 1) from 06:00 UTC
    for second in range(max(clock.LOCAL_CACHE_SIZE, clock.UTC_CACHE_SIZE) + 10):
        assert clock.local_time(fold + second, "America/New_York").fold == (1800 <= second < 5400)
        assert clock.to_utc_datetime(fold + second + 0.5) == datetime.fromtimestamp(fold + second + 0.5, UTC)
    assert 0 < len(clock._local_times) <= clock.LOCAL_CACHE_SIZE
    assert 0 < len(clock._utc_datetimes) <= clock.UTC_CACHE_SIZE


def test_a_question_answered_at_another_instant_keeps_its_contract_and_consent() -> None:
    """Flags that lift a law (France's and Czechia's consent rules for sales calls): carried to
    the other instant, as the question built there has them."""

    lifted = 0
    for number in ("+33123456789", "+420234567890"):
        for flags in ({}, {"contract": True}, {"consent": True}):
            question = Question.of(number, "2026-09-01T09:00:00Z", **flags)
            for then in (datetime(2026, 9, 15, 9, tzinfo=UTC), datetime(2026, 10, 25, 1, 30, tzinfo=UTC)):
                decision = WARM.answer(question, at=then)
                assert decision == WARM.answer(question.replace(at=then))
                lifted += bool(flags) and ReasonCode.CONSENT_REQUIRED not in [r.code for r in decision.reasons]
    assert lifted  # (the flags do lift the rule: the comparison above reads them)


@budget(60)
@given(policy=st.sampled_from([WARM, LEGAL_SUNDAYS]), number=st.sampled_from(NUMBERS),
       purpose=st.sampled_from(["sales", "service", "collection", "personal"]),
       walks=st.lists(st.tuples(st.integers(0, 60 * 24 * 60), st.booleans(), st.sampled_from([0.0, 180.0, 5 * 3600.0]),
                                st.integers(0, 40 * 86_400)), min_size=1, max_size=12))
def test_a_start_found_before_is_found_again_for_every_limit(
    policy: Policy, number: str, purpose: str, walks: list[tuple[int, bool, float, int]],
) -> None:
    """Context.next_start's memo (by instant and call length) answers as the walk itself for any
    later limit: a shorter horizon that no longer reaches the start, a cut through its stretch,
    or none found; from segment edges (what decisions walk from) and from any minute. Each walk
    is asked again with limits about the first's start and about the limit that cuts its stretch
    at its end (a stretch of days, closed on Sundays: cuts happen there)."""
    subscriber = Question.of(number, START).subscriber
    context = policy.compiled_context(subscriber, Purpose(purpose), Channel.CALL, model.ContactKind.CONSUMER,
                                    call_type=model.CallType.LIVE, contract=False)
    for minute, from_edge, need, reach in walks:
        instant: float = START.timestamp() + minute * 60
        if from_edge:
            instant = context.segment(instant)[1]
        first = context.next_start(instant, need, instant + reach)
        assert first == context._walk_start(instant, need, instant + reach)
        cut = first[1] - need - clock.DAY if first else 0.0  # the limit whose cut falls on the stretch's end
        for limit in ([first[0], first[0] + 1, cut - 1, cut, cut + 1, instant + reach * 2]
                      if first else [instant + reach * 2]):
            assert context.next_start(instant, need, limit) == context._walk_start(instant, need, limit)


def test_the_kernel_drafts_write_fields_with_the_plain_setter_and_their_results_stay_frozen() -> None:
    """new_decision / new_reason write through draft classes whose __setattr__ and __delattr__
    are both object's: CPython keeps the plain C setter only when both are (one type slot), and
    with __setattr__ alone every field write went through a Python-level lookup and call. The
    built values are frozen all the same: no field can be assigned or deleted."""
    for draft in (model._DecisionDraft, model._ReasonDraft):
        assert draft.__setattr__ is object.__setattr__ and draft.__delattr__ is object.__delattr__
    decision = WARM.check("+12125550123", "2026-11-03T03:13:05Z")
    for value, name in ((decision, "zones"), (decision.reasons[0], "zone")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(value, name, ("x",))
        with pytest.raises(dataclasses.FrozenInstanceError):
            delattr(value, name)


CLOCK_IN_MESSAGE = re.compile(r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) (\d\d):(\d\d) in ([\w/+-]+)")


@budget(150)
@given(number=st.sampled_from(NUMBERS + ("+18005550199", "+61412345678", "+556132345678")),
       minute=st.integers(0, 366 * 24 * 60) | st.sampled_from([
           # the hours about the US and European DST changes of 2026 (minutes since START)
           int((datetime(2026, month, day, tzinfo=UTC) - START).total_seconds() // 60) + offset
           for month, day in ((3, 8), (3, 29), (10, 25), (11, 1)) for offset in range(-12 * 60, 12 * 60, 7)]),
       channel=st.sampled_from(["call", "sms"]), purpose=st.sampled_from(["sales", "service", "personal"]),
       contact=st.sampled_from(["consumer", "business"]))
def test_a_closing_reason_names_the_weekday_and_clock_of_its_zone_at_the_instant(
    number: str, minute: int, channel: str, purpose: str, contact: str,
) -> None:
    """A closing reason's day name comes from its tag's local date (worded once per tag set) and
    its clock from the instant: both are the wall clock of the zone it names at the instant,
    read here afresh (zoneinfo), across DST changes and in every candidate zone."""
    at = START + timedelta(minutes=minute, seconds=minute % 60)
    decision = WARM.check(number, at, channel=channel, purpose=purpose, contact=contact)
    for reason in decision.reasons:
        for weekday, hour, mins, zone in CLOCK_IN_MESSAGE.findall(reason.message):
            local = at.astimezone(ZoneInfo(zone))
            assert (weekday, int(hour), int(mins)) == (local.strftime("%A"), local.hour, local.minute), reason
