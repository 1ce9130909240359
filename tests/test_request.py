"""The question as a value (callwindow.request.Question): every field parsed once, a bad field
named, the number resolved with its hints, and replace() re-parsing only what changes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from callwindow import Channel, InvalidInput, InvalidNumber, InvalidRegion, InvalidZone, Policy, Purpose, resolve
from callwindow.request import Question, parse_fields

AT = "2026-11-24T15:00:00Z"


@pytest.mark.parametrize(("options", "field", "kind"), [
    ({"number": "call me"}, "number", InvalidNumber),
    ({"number": 12125550123}, "number", InvalidNumber),
    ({"at": "2026-11-24T15:00:00"}, "at", InvalidInput),
    ({"channel": "fax"}, "channel", InvalidInput),
    ({"purpose": "spam"}, "purpose", InvalidInput),
    ({"contact": "robot"}, "contact", InvalidInput),
    ({"zone": "Mars/Olympus"}, "zone", InvalidZone),
    ({"region": "XX"}, "region", InvalidRegion),
    ({"default_region": "XX", "number": "0612345678"}, "default_region", InvalidRegion),
    ({"subdivision": "US-FLORIDA"}, "subdivision", InvalidRegion),
    ({"postal_code": "99999"}, "postal_code", InvalidRegion),
    ({"consent": "yes"}, "consent", InvalidInput),
    ({"emergencies": ["XX-99"]}, "emergencies", InvalidRegion),
    ({"subject": "x" * 201}, "subject", InvalidInput),
])
def test_a_bad_field_is_named(options: dict[str, object], field: str, kind: type[Exception]) -> None:
    number = options.pop("number", "+1 212 555 0123")
    at = options.pop("at", AT)
    with pytest.raises(kind) as raised:
        Question.of(number, at, **options)  # type: ignore[arg-type]
    assert getattr(raised.value, "field", None) == field, raised.value


def test_fields_are_parsed_and_the_number_resolved() -> None:
    question = Question.of(" +1 305 555 0123 ", AT, channel="SMS", purpose=Purpose.COLLECTION, subdivision="fl",
                           emergencies=["us-la"], subject="  debt-7 ")
    assert question.channel is Channel.SMS and question.purpose is Purpose.COLLECTION
    assert question.at == datetime(2026, 11, 24, 15, tzinfo=UTC)
    assert question.subdivision == "FL"  # completed with the number's country when resolved
    assert question.subscriber == resolve(" +1 305 555 0123 ", subdivision="fl")
    assert question.emergencies == frozenset({"US-LA"}) and question.subject == "debt-7"
    assert Question.of("+1 305 555 0123", AT, region="us", subdivision="fl").subdivision == "US-FL"


def test_replace_parses_only_what_changes_and_resolves_again_for_a_hint() -> None:
    base = Question.of("+61 412 345 678", AT)
    assert len(base.subscriber.zones) > 1
    narrowed = base.replace(zone="Australia/Perth")
    assert narrowed.subscriber.zones == ("Australia/Perth",) and narrowed.at == base.at
    later = base.replace(at="2026-11-25T00:00:00Z", channel="sms")
    assert later.subscriber is base.subscriber and later.channel is Channel.SMS
    with pytest.raises(TypeError):
        base.replace(colour="red")
    with pytest.raises(InvalidInput) as raised:
        base.replace(purpose="spam")
    assert raised.value.field == "purpose"


def test_the_policy_answers_the_question_as_check_does() -> None:
    policy = Policy.default()
    for number, options in (("+33 1 23 45 67 89", {}), ("+1 212 555 0123", {"purpose": "collection"}),
                            ("+49 30 12345678", {"consent": True}), ("+61 412 345 678", {"subdivision": "AU-WA"})):
        question = Question.of(number, "2026-11-24T12:30:00Z", **options)  # type: ignore[arg-type]
        assert policy.answer(question) == policy.check(number, "2026-11-24T12:30:00Z", **options)


def test_shared_options_can_be_checked_before_any_number() -> None:
    assert parse_fields(channel="call", emergencies=["US-LA"]) == {"channel": Channel.CALL,
                                                                   "emergencies": frozenset({"US-LA"})}
    with pytest.raises(InvalidInput) as raised:
        parse_fields(subject=42)
    assert raised.value.field == "subject"


@pytest.mark.parametrize("at", ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1969-12-31T23:59:59Z",
                                "2100-01-01T00:00:00Z", "2026-11-24T10:00:00-25:00", "2026-11-24T10:00:00+24:00"])
def test_instants_outside_the_supported_range_are_refused_on_every_surface(at: str) -> None:
    """Year 1, year 9999 and offsets of a day or more are bad input (one line), never an
    overflow deep in the clock: for a question, for rows of a batch, and on the command line."""
    import contextlib
    import io

    import numpy as np

    from callwindow.batch import decide_batch, ingest
    from callwindow.cli import main

    with pytest.raises(InvalidInput) as raised:
        Question.of("+1 212 555 0123", at)
    assert raised.value.field == "at"
    decided = decide_batch(ingest(["+12125550123", "+12125550123"]), ["2026-11-24T15:00:00Z", at])
    assert decided.row(0)["action"] == "call" and 1 in decided.errors and 0 not in decided.errors
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        assert main(["+1 212 555 0123", "--at", at, "--no-config", "--no-history"]) == 2
    assert err.getvalue().count("\n") == 1 and "instant" in err.getvalue()
    if at[:4] in ("0001", "9999", "1969", "2100"):
        raw = np.array([np.datetime64(at.replace("Z", ""), "us")])
        assert 0 in decide_batch(ingest(["+12125550123"]), raw).errors
