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
