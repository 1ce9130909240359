"""Message drafts (S4, S6, S13, S16): in the contact's language, signed, with when they may be
sent (the policy's decision for a text); a voicemail's suggested windows are allowed when
checked; the phrase files load and name a bad key; CLI, HTTP and MCP give the core's draft."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from budget import budget
from hypothesis import given
from hypothesis import strategies as st

from callwindow import drafts
from callwindow.cli import main
from callwindow.drafts import Signature, draft_message, languages, phrases
from callwindow.errors import InvalidInput, RuleDataError
from callwindow.greetings import language_for
from callwindow.history import Attempt, History, Outcome
from callwindow.model import Action, Channel
from callwindow.policy import Policy
from callwindow.request import Question

POLICY = Policy.default()
BERLIN = "+49 30 123456"
CHRISTMAS = datetime(2026, 12, 25, 9, 0, tzinfo=UTC)  # Friday 10:00 in Berlin, a public holiday
SIGNED = Signature.of("Anna Schmidt", "214", "Beispiel GmbH", "+49 30 1234567")
# the cities of the greeting languages (a number each)
NUMBERS = ["+12125550123", "+13055550123", "+4930123456", "+33123456789", "+81312345678", "+34912345678",
           "+390612345678", "+5511912345678", "+74951234567", "+61212345678", "+441212345678"]


def test_a_holiday_draft_for_a_german_contact_reads_german_signed_and_may_be_sent_until_23() -> None:
    question = Question.of(BERLIN, CHRISTMAS, purpose="service")
    decision = POLICY.answer(question)
    assert decision.action is Action.SMS  # the holiday decision: text instead (S4)
    assert "public_holiday" in {str(reason.code) for reason in decision.reasons}
    draft = draft_message(POLICY, question, None, "ask", SIGNED)
    assert draft.language == "de" and draft.review == "machine-drafted"
    assert draft.text.startswith("Guten Tag, hier ist Anna Schmidt von Beispiel GmbH.")
    assert "Telefonat" in draft.text
    assert draft.text.splitlines()[-1] == "– Anna Schmidt, Durchwahl 214, Beispiel GmbH"
    assert draft.may_send_now and draft.send.channel is Channel.SMS
    assert draft.send_until == datetime(2026, 12, 25, 22, 0, tzinfo=UTC)
    assert draft.when() == "May be sent now until 23:00 their time (Europe/Berlin)."


def test_a_greeting_names_the_coming_holiday_in_their_language() -> None:
    draft = draft_message(POLICY, Question.of(BERLIN, datetime(2026, 12, 22, 9, tzinfo=UTC)), None, "greeting",
                          SIGNED)
    assert draft.holiday is not None and draft.holiday[0].isoformat() == "2026-12-25"
    assert "Erster Weihnachtstag" in draft.text and "25.12." in draft.text


def test_no_holiday_ahead_is_one_clear_error() -> None:
    with pytest.raises(InvalidInput, match="no public holiday in the next"):
        draft_message(POLICY, Question.of(BERLIN, datetime(2026, 7, 1, 9, tzinfo=UTC)), None, "greeting", SIGNED)


def voicemail_history(question: Question, history: History | None) -> History:
    base = history if history is not None else History()
    left = Attempt(question.subscriber.number, question.at, Channel.CALL, question.purpose, Outcome.VOICEMAIL)
    return replace(base, attempts=(*base.attempts, left), memo={})


def assert_suggestions_allowed(question: Question, history: History | None) -> None:
    """Each suggested window is allowed for a call at its start and its last minute, with the
    voicemail (and the first suggestion's call, for the second) counted as attempts."""
    try:
        draft = draft_message(POLICY, question, history, "voicemail", SIGNED)
    except InvalidInput as error:  # no two windows within the horizon: said, never a wrong window
        assert "no two call-back windows" in str(error)
        return
    assert len(draft.suggested) == 2
    after = voicemail_history(question, history)
    call = question.replace(channel="call")
    for window in draft.suggested:
        assert window.start > question.at and window.end > window.start
        assert window.words in draft.text
        for moment in (window.start, window.end - timedelta(minutes=1)):
            assert POLICY.answer(call.replace(at=moment), after).allowed, (window, moment)
        after = replace(after, attempts=(*after.attempts, Attempt(
            question.subscriber.number, window.start, Channel.CALL, question.purpose, Outcome.VOICEMAIL)), memo={})


def test_the_voicemail_names_the_caller_the_number_and_two_allowed_windows() -> None:
    question = Question.of("+12125550123", datetime(2026, 12, 1, 15, tzinfo=UTC))
    draft = draft_message(POLICY, question, None, "voicemail", SIGNED)
    assert "Anna Schmidt" in draft.text and "+49 30 1234567" in draft.text
    assert "today between 1:00 pm and 2:00 pm" in draft.text
    assert_suggestions_allowed(question, None)


def test_the_voicemail_suggestions_respect_floridas_cap() -> None:
    at = datetime(2026, 12, 1, 14, tzinfo=UTC)
    history = History(attempts=(Attempt.create("+13055550123", at - timedelta(hours=1), outcome="no_answer"),))
    question = Question.of("+13055550123", at)
    draft = draft_message(POLICY, question, history, "voicemail", SIGNED)
    # the earlier call and the voicemail are two of three in 24 hours: the second window waits
    assert draft.suggested[1].start >= at - timedelta(hours=1) + timedelta(hours=24)
    assert_suggestions_allowed(question, history)


@given(st.sampled_from(NUMBERS), st.integers(0, 60 * 24 * 14), st.sampled_from(["sales", "service"]))
@budget(60)
def test_voicemail_suggestions_are_allowed_when_checked(number: str, minutes: int, purpose: str) -> None:
    at = datetime(2026, 12, 1, tzinfo=UTC) + timedelta(minutes=minutes)
    assert_suggestions_allowed(Question.of(number, at, purpose=purpose), None)


def test_every_language_of_the_greetings_has_phrases_that_load() -> None:
    regions = "US DE FR ES IT PT NL SE PL RU TR SA JP CN KR MX BR AT".split()
    assert {language_for(region) for region in regions} <= set(languages())
    assert len(languages()) >= 15
    for code in languages():
        words = phrases(code)
        assert words.review in drafts.REVIEWS and words.source
        assert words.review != "reviewed"  # nobody has: say so until a native speaker has
    assert phrases("en").review == "reference"


def test_a_bad_phrase_file_names_the_file_and_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "messages"
    folder.mkdir()
    text = (Path(drafts.data_path("messages", "en.toml"))).read_text(encoding="utf-8")
    (folder / "en.toml").write_text(text.replace("{caller}. Would", "{caler}. Would"), encoding="utf-8")
    monkeypatch.setattr(drafts, "data_path", lambda *parts: tmp_path.joinpath(*parts))
    drafts.phrases.cache_clear()
    try:
        with pytest.raises(RuleDataError, match=r"messages/en.toml.*ask.*caler"):
            phrases("en")
    finally:
        drafts.phrases.cache_clear()


def test_a_draft_is_signed_and_knows_its_kinds() -> None:
    with pytest.raises(InvalidInput, match="signed"):
        Signature.of("  ")
    with pytest.raises(InvalidInput, match="unknown kind"):
        draft_message(POLICY, Question.of(BERLIN, CHRISTMAS), None, "letter", SIGNED)
    with pytest.raises(InvalidInput, match="no message phrases"):
        draft_message(POLICY, Question.of(BERLIN, CHRISTMAS), None, "ask", SIGNED, language="xx")
    with pytest.raises(InvalidInput, match="your number"):
        draft_message(POLICY, Question.of(BERLIN, CHRISTMAS), None, "voicemail", Signature.of("Anna"))


def test_cli_draft_and_sent_ask(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "h.sqlite3")
    common = ["--at", CHRISTMAS.isoformat(), "--purpose", "service", "--no-config", "--db", db, "--create-db"]
    assert main(["draft", BERLIN, "--kind", "ask", "--my-name", "Anna Schmidt", "--my-extension", "214",
                 "--json", *common]) == 0
    payload = json.loads(capsys.readouterr().out)
    core = draft_message(POLICY, Question.of(BERLIN, CHRISTMAS, purpose="service"), None, "ask",
                         Signature.of("Anna Schmidt", "214"))
    assert payload["text"] == core.text and payload["sent_by_callwindow"] is False
    assert payload["when"] == "May be sent now until 23:00 their time (Europe/Berlin)."
    assert main(["draft", BERLIN, "--kind", "ask", *common]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "signed" in error
    # --sent records the S6 ask: with no reply yet, a call is held (S6: no reply = not convenient)
    assert main(["draft", BERLIN, "--kind", "ask", "--my-name", "Anna", "--sent", *common]) == 0
    assert "Recorded as an S6 ask" in capsys.readouterr().out
    later = (CHRISTMAS + timedelta(minutes=5)).isoformat()
    main([BERLIN, "--at", later, "--purpose", "service", "--consent", "--no-config", "--db", db, "--json"])
    codes = {reason["code"] for reason in json.loads(capsys.readouterr().out)["reasons"]}
    assert "not_convenient" in codes
    # an ask that may not be sent then (23:30 in Berlin: no texts after 23:00) is not recorded
    night = ["--at", "2026-12-25T22:30:00Z", "--purpose", "service", "--no-config", "--db", db]
    assert main(["draft", BERLIN, "--kind", "ask", "--my-name", "Anna", "--sent", *night]) == 2
    assert "not recorded" in capsys.readouterr().err


def test_http_draft_is_the_core_draft(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from callwindow.http.app import Settings, create_app
    from callwindow.http.security import KeyRing

    key = "test-key-0123456789"
    settings = Settings(keys=KeyRing.load(env={"CALLWINDOW_API_KEYS": key}), db=str(tmp_path / "h.sqlite3"))
    client = TestClient(create_app(settings))
    body = {"number": BERLIN, "at": CHRISTMAS.isoformat(), "purpose": "service", "kind": "ask",
            "signature": {"name": "Anna Schmidt", "extension": "214", "company": "Beispiel GmbH"}}
    answer = client.post("/v1/drafts", json=body, headers={"Authorization": f"Bearer {key}"})
    assert answer.status_code == 200, answer.text
    core = draft_message(POLICY, Question.of(BERLIN, CHRISTMAS, purpose="service"), None, "ask",
                         Signature.of("Anna Schmidt", "214", "Beispiel GmbH"))
    assert answer.json()["text"] == core.text and answer.json()["may_send_now"] is True
    bad = client.post("/v1/drafts", json={**body, "kind": "letter"}, headers={"Authorization": f"Bearer {key}"})
    assert bad.status_code == 422


def test_mcp_draft_message_is_the_core_draft(tmp_path: Path) -> None:
    pytest.importorskip("mcp")
    import asyncio

    from callwindow.mcp.desk import Desk
    from callwindow.mcp.server import build_server

    server = build_server(Desk(str(tmp_path / "h.sqlite3")))
    arguments = {"number": BERLIN, "kind": "ask", "my_name": "Anna Schmidt", "my_extension": "214",
                 "at": CHRISTMAS.isoformat(), "purpose": "service"}
    found = asyncio.run(server.call_tool("draft_message", arguments))
    core = draft_message(POLICY, Question.of(BERLIN, CHRISTMAS, purpose="service"), None, "ask",
                         Signature.of("Anna Schmidt", "214"))
    assert not found.is_error and found.structured_content is not None
    assert found.structured_content["text"] == core.text
    missing = asyncio.run(server.call_tool("draft_message", {**arguments, "kind": "voicemail"}))
    assert missing.is_error and "your number" in missing.content[0].text


def test_the_phrase_readme_lists_exactly_the_placeholders() -> None:
    import re

    text = Path(drafts.data_path("messages", "README.md")).read_text(encoding="utf-8")
    listed = {}
    for name, cell in re.findall(r"^\| `(\w+)` \| (.+) \|$", text, re.MULTILINE):
        listed[name] = frozenset(re.findall(r"`\{(\w+)\}`", cell))
    assert listed == drafts.PHRASES


def test_the_signature_comes_from_the_settings_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.toml"
    config.write_text('my_name = "Anna Schmidt"\nmy_extension = "214"\nmy_company = "Beispiel GmbH"\n',
                      encoding="utf-8")
    common = ["--at", CHRISTMAS.isoformat(), "--purpose", "service", "--no-history", "--json"]
    assert main(["draft", BERLIN, "--kind", "ask", "--config", str(config), *common]) == 0
    text = json.loads(capsys.readouterr().out)["text"]
    assert text.splitlines()[-1] == "– Anna Schmidt, Durchwahl 214, Beispiel GmbH"
    # the command line wins over the file
    assert main(["draft", BERLIN, "--kind", "ask", "--config", str(config), "--my-name", "Bo", *common]) == 0
    assert json.loads(capsys.readouterr().out)["text"].splitlines()[-1] == "– Bo, Durchwahl 214, Beispiel GmbH"
    config.write_text('my_name = ""\n', encoding="utf-8")
    assert main(["draft", BERLIN, "--kind", "ask", "--config", str(config), *common]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "my_name" in error
