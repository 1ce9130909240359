"""The day picture (issue 6): golden strips with colour off, the classification
of closed slots, and every slot checked against the engine itself."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from callwindow import Policy
from callwindow.cli import main
from callwindow.cli.render import Style
from callwindow.cli.timeline import render_picture
from callwindow.model import Action, Channel, ContactKind, Decision, Purpose, Reason, RuleKind
from callwindow.request import Question
from callwindow.settings import my_zone
from callwindow.timeline import CALL, LEGEND, TEXT, classify, day_picture

NY = "+1 212 555 0123"
FIXED = ["--my-zone", "Europe/London", "--no-config", "--color", "never"]


@pytest.fixture(autouse=True)
def _no_user_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CALLWINDOW_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def picture_text(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    main([*args, *FIXED])
    out = capsys.readouterr().out
    return out[out.index("Day picture"):]


NY_TIMELINE = """\
Day picture: a call for service, the next 24 hours

America/New_York (Eastern Time)
               v now 22:30
  their time      00    03    06    09    12    15    18    21
               ~nnnnnnnnnnnnnnnn##########~~############~~####~
  your time         06    09    12    15    18    21    00

legend (1 character = 30 minutes): # call  ~ text only  n night
"""

NY_WEEK = """\
Day picture: a call for service, the next 7 days, a row a day

America/New_York (Eastern Time)
  their time   00    03    06    09    12    15    18    21
                                                            v now 22:30
  Tue 24 Nov   nnnnnnnnnnnnnn##########~~############~~####~~nn
  Wed 25 Nov   nnnnnnnnnnnnnn##########~~############~~####~~nn
  Thu 26 Nov   hhhhhhhhhhhhhhhh~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~hh
  Fri 27 Nov   nnnnnnnnnnnnnn##########~~############~~####~~nn
  Sat 28 Nov   rrrrrrrrrrrrrrrr~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~rr
  Sun 29 Nov   rrrrrrrrrrrrrrrr~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~rr
  Mon 30 Nov   nnnnnnnnnnnnnn##########~~############~~####~~nn

legend (1 character = 30 minutes): # call  ~ text only  h holiday  r rest day
  n night
"""

AU_COMPACT = """\
Day picture: a call for sales, the next 24 hours

all 6 zones together, on Australia/Eucla's clock
               v now 11:45
  their time   12    15    18    21    00    03    06    09
               #~~~######~~~~~~~~LLLLLLLLLLLLLLLLLLLLLLLL~~~~~~
  your time    03    06    09    12    15    18    21    00
  other zones  Adelaide +1h45, Brisbane +1h15, Lord Howe Island +2h15,
               Perth -45m, Sydney +2h15
               (--all-zones: a strip for each zone)

legend (1 character = 30 minutes): # call  ~ text only  L law
"""

AU_WEEK = """\
Day picture: a call for sales, the next 7 days, a row a day

all 6 zones together, on Australia/Eucla's clock
  their time   00    03    06    09    12    15    18    21
                                      v now 11:45
  Tue 24 Nov   LLLLLLLLLLLLLLLLLL~~~~~~~~~~######~~~~~~~~LLLLLL
  Wed 25 Nov   LLLLLLLLLLLLLLLLLL~~~~~~~~~~######~~~~~~~~LLLLLL
  Thu 26 Nov   LLLLLLLLLLLLLLLLLL~~~~~~~~~~######~~~~~~~~LLLLLL
  Fri 27 Nov   LLLLLLLLLLLLLLLLLL~~~~~~~~~~######~~~~~~~~LLLLLL
  Sat 28 Nov   LLLLLLLLLLLLLLLLLL~~~~~~~~~~~~~~~~~~~~~~~~LLLLLL
  Sun 29 Nov   LLLLLLLLLLLLLLLLLL~~~~~~~~~~~~~~~~~~~~~~~~LLLLLL
  Mon 30 Nov   LLLLLLLLLLLLLLLLLL~~~~~~~~~~######~~~~~~~~LLLLLL
  other zones  Adelaide +1h45, Brisbane +1h15, Lord Howe Island +2h15,
               Perth -45m, Sydney +2h15
               (--all-zones: a strip for each zone)

legend (1 character = 30 minutes): # call  ~ text only  L law
"""

AU_ALL_ZONES = """\
Day picture: a call for sales, the next 24 hours

Australia/Adelaide (Australian Central Time)
               v now 13:30
  their time      15    18    21    00    03    06    09    12
               ###########~~~~~~~~LLLLLLLLLLLLLLLLLL~~######~~#
  your time    03    06    09    12    15    18    21    00

Australia/Brisbane (Australian Eastern Time)
               v now 13:00
  their time       15    18    21    00    03    06    09    12
               ############~~~~~~~~LLLLLLLLLLLLLLLLLL~~######~~
  your time    03    06    09    12    15    18    21    00

Australia/Eucla (Australian Central Western Time)
               v now 11:45
  their time   12    15    18    21    00    03    06    09
               #~~############~~~~~~~~LLLLLLLLLLLLLLLLLL~~#####
  your time    03    06    09    12    15    18    21    00

Australia/Lord_Howe (Lord Howe Time)
               v now 14:00
  their time     15    18    21    00    03    06    09    12
               ##########~~~~~~~~LLLLLLLLLLLLLLLLLL~~######~~##
  your time    03    06    09    12    15    18    21    00

Australia/Perth (Australian Western Time)
               v now 11:00
  their time     12    15    18    21    00    03    06    09
               ##~~############~~~~~~~~LLLLLLLLLLLLLLLLLL~~####
  your time    03    06    09    12    15    18    21    00

Australia/Sydney (Australian Eastern Time)
               v now 14:00
  their time     15    18    21    00    03    06    09    12
               ##########~~~~~~~~LLLLLLLLLLLLLLLLLL~~######~~##
  your time    03    06    09    12    15    18    21    00

all 6 zones together (your time, Europe/London)
               v now 03:00
  your time    03    06    09    12    15    18    21    00
               #~~~######~~~~~~~~LLLLLLLLLLLLLLLLLLLLLLLL~~~~~~

legend (1 character = 30 minutes): # call  ~ text only  L law
"""


@pytest.mark.parametrize(
    "args, expected",
    [
        ([NY, "--at", "2026-11-25T03:30:00Z", "--purpose", "service", "--timeline"], NY_TIMELINE),
        ([NY, "--at", "2026-11-25T03:30:00Z", "--purpose", "service", "--week"], NY_WEEK),
        (["+61 412 345 678", "--at", "2026-11-24T03:00:00Z", "--timeline"], AU_COMPACT),
        (["+61 412 345 678", "--at", "2026-11-24T03:00:00Z", "--week"], AU_WEEK),
        (["+61 412 345 678", "--at", "2026-11-24T03:00:00Z", "--timeline", "--all-zones"], AU_ALL_ZONES),
    ],
    ids=["ny-24h", "ny-week-thanksgiving", "au-compact-on-the-binding-zone", "au-week-compact", "au-all-zones"],
)
def test_golden_pictures(capsys, args, expected) -> None:
    assert picture_text(capsys, *args) == expected


def test_timeline_keeps_the_exit_status(capsys) -> None:
    assert main([NY, "--at", "2026-11-24T15:00:00Z", "--timeline", *FIXED]) == 0
    assert main([NY, "--at", "2026-11-25T03:30:00Z", "--week", *FIXED]) == 1
    capsys.readouterr()


# ---------------------------------------------------------------- classification


def _decision(action: Action, *reasons: tuple[str, RuleKind], channel: Channel = Channel.CALL) -> Decision:
    at = datetime(2026, 11, 24, 12, tzinfo=UTC)
    return Decision(
        number="+12125550123", at=at, channel=channel, purpose=Purpose.SALES, contact=ContactKind.CONSUMER,
        action=action, next_allowed_at=None, region="US", subdivision="US-NY", number_type="fixed_line",
        zones=("America/New_York",), local_times={}, versions={},
        reasons=tuple(Reason(code, f"rule.{code}", kind, "message") for code, kind in reasons),
    )


LAW, COURTESY, COMPANY, CONTACT = RuleKind.LAW, RuleKind.COURTESY, RuleKind.COMPANY, RuleKind.CONTACT
SMS_NO = _decision(Action.DEFER, ("night", COURTESY), channel=Channel.SMS)
SMS_YES = _decision(Action.SMS, channel=Channel.SMS)


@pytest.mark.parametrize(
    "call, text, character",
    [
        (_decision(Action.CALL), None, "#"),
        (_decision(Action.CALL, ("several_zones", CONTACT)), None, "#"),
        (_decision(Action.SMS, ("night", COURTESY), ("text_instead", COURTESY)), None, "~"),
        (_decision(Action.DEFER, ("meal_time", COURTESY)), SMS_YES, "~"),
        (_decision(Action.BLOCK, ("no_time_zone", CONTACT)), None, "x"),
        # law beats holiday beats rest day beats meal beats night
        (_decision(Action.DEFER, ("night", COURTESY), ("public_holiday", COURTESY), ("outside_hours", LAW)),
         SMS_NO, "L"),
        (_decision(Action.DEFER, ("night", COURTESY), ("closed_day", COURTESY), ("public_holiday", COURTESY)),
         SMS_NO, "h"),
        (_decision(Action.DEFER, ("statutory_no_call_day", COURTESY)), SMS_NO, "h"),
        (_decision(Action.DEFER, ("meal_time", COURTESY), ("closed_day", COURTESY)), SMS_NO, "r"),
        (_decision(Action.DEFER, ("night", COURTESY), ("meal_time", COURTESY)), SMS_NO, "m"),
        (_decision(Action.DEFER, ("night", COURTESY), ("outside_working_hours", COURTESY)), SMS_NO, "n"),
        (_decision(Action.DEFER, ("end_of_workday", COURTESY)), SMS_NO, "w"),
        (_decision(Action.DEFER, ("closed_hours", COMPANY)), SMS_NO, "c"),
        (_decision(Action.DEFER, ("window_closing", COURTESY)), SMS_NO, "."),
        # notes about the contact never explain a closed slot
        (_decision(Action.DEFER, ("advisory", LAW), ("meal_time", COURTESY)), SMS_NO, "m"),
    ],
)
def test_classify(call: Decision, text: Decision | None, character: str) -> None:
    assert classify(call, text) == character
    assert character in LEGEND


# ---------------------------------------------------------------- built from the engine


@pytest.mark.parametrize(
    "number, at, options",
    [
        (NY, "2026-11-25T03:30:00Z", {}),
        (NY, "2026-11-25T03:30:00Z", {"purpose": "service"}),
        ("+33 1 23 45 67 89", "2026-12-24T10:00:00Z", {"contact": "business"}),
        ("+34 912 345 678", "2026-11-24T10:00:00Z", {"purpose": "personal"}),
    ],
)
def test_every_slot_is_the_engines_answer(number: str, at: str, options: dict[str, str]) -> None:
    policy = Policy.default()
    start = datetime.fromisoformat(at.replace("Z", "+00:00"))
    picture = day_picture(policy, Question.of(number, start, **options), me=my_zone("UTC"))
    (strip,) = picture.strips
    (row,) = strip.rows
    assert len(row.cells) == 48 and row.starts[0] == start.replace(minute=start.minute // 30 * 30)
    for cell, slot in zip(row.cells, row.starts, strict=True):
        assert slot is not None
        call = policy.check(number, slot, **options)
        sms = policy.check(number, slot, channel="sms", **options)
        assert (cell == CALL) == call.allowed, (slot, cell)
        if not call.allowed:
            assert (cell == TEXT) == sms.allowed, (slot, cell)


def test_several_zones_one_strip_each_and_all_together() -> None:
    policy = Policy.default()
    at = datetime(2026, 11, 24, 3, tzinfo=UTC)
    picture = day_picture(policy, Question.of("+61 412 345 678", at), me=my_zone("UTC"))
    assert [strip.zone for strip in picture.strips] == [
        "Australia/Adelaide", "Australia/Brisbane", "Australia/Eucla", "Australia/Lord_Howe", "Australia/Perth",
        "Australia/Sydney", None,
    ]
    together = picture.strips[-1].rows[0].cells
    for index in range(48):
        if together[index] == CALL:  # all zones together allow only what every zone allows
            assert all(strip.rows[0].cells[index] == CALL for strip in picture.strips[:-1])
    for strip in picture.strips[:-1]:
        narrowed = policy.check("+61 412 345 678", at, zone=strip.zone)
        assert (strip.rows[0].cells[0] == CALL) == narrowed.allowed


def test_week_rows_follow_the_wall_clock_across_dst() -> None:
    """2026-03-08 in New York has 23 hours: the row still has 48 slots, and the
    slots at 02:00 and 02:30 (in the gap) start when the gap ends, 03:00."""
    policy = Policy.default()
    picture = day_picture(policy, Question.of(NY, datetime(2026, 3, 7, 15, tzinfo=UTC)), week=True, me=my_zone("UTC"))
    (strip,) = picture.strips
    assert [row.label for row in strip.rows][:2] == ["Sat 07 Mar", "Sun 08 Mar"]
    sunday = strip.rows[1]
    assert len(sunday.cells) == 48
    gap_end = datetime(2026, 3, 8, 7, tzinfo=UTC)  # 03:00 EDT
    assert sunday.starts[4] == sunday.starts[5] == sunday.starts[6] == gap_end
    assert sunday.starts[3] == datetime(2026, 3, 8, 6, 30, tzinfo=UTC)  # 01:30 EST
    assert all(len(row.cells) == 48 for row in strip.rows)


def test_json_carries_the_picture(capsys) -> None:
    status = main([NY, "--at", "2026-11-25T03:30:00Z", "--timeline", "--json", *FIXED])
    payload = json.loads(capsys.readouterr().out)
    assert status == 1 and payload["action"] == "defer"
    timeline = payload["timeline"]
    assert timeline["slot_minutes"] == 30 and timeline["span"] == "24h"
    (strip,) = timeline["strips"]
    assert strip["zone"] == "America/New_York" and strip["rows"][0]["start"] == "2026-11-25T03:30:00Z"
    assert len(strip["rows"][0]["slots"]) == 48 and set(strip["rows"][0]["slots"]) <= set(timeline["legend"])


def test_colour_picture_has_the_same_cells() -> None:
    import re

    policy = Policy.default()
    at = datetime(2026, 11, 25, 3, 30, tzinfo=UTC)
    picture = day_picture(policy, Question.of(NY, at), me=my_zone("UTC"), week=True)
    plain = render_picture(picture, Style())
    coloured = render_picture(picture, Style(color=True))
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
    assert "\x1b[2m" in coloured  # the past slots of today are dimmed


def test_unknown_zone_is_never(capsys) -> None:
    text = picture_text(capsys, "+800 1234 5678", "--at", "2026-11-24T15:00:00Z", "--timeline")
    assert "x" * 48 in text and "no known time zone" in text


def test_a_week_for_six_zones_has_every_cell() -> None:
    # (How long it takes is a benchmark's business, not a test's: CI machines are loaded.)
    policy = Policy.default()
    picture = day_picture(policy, Question.of("+61 412 345 678", datetime(2026, 11, 24, 3, tzinfo=UTC)), week=True,
                          me=my_zone("UTC"))
    assert sum(len(row.cells) for strip in picture.strips for row in strip.rows) == 7 * 7 * 48


# ---------------------------------------------------------------- several zones, compact


AU_MOBILE = "+61 412 345 678"


def test_the_compact_strip_is_the_full_pictures_strip_of_all_zones() -> None:
    policy = Policy.default()
    at = datetime(2026, 11, 24, 3, tzinfo=UTC)
    full = day_picture(policy, Question.of(AU_MOBILE, at), me=my_zone("UTC"))
    compact = day_picture(policy, Question.of(AU_MOBILE, at), me=my_zone("UTC"), focus="Australia/Perth")
    (strip,) = compact.strips
    assert strip.zone is None and strip.clock_name == "Australia/Perth" and strip.their_clock
    assert strip.rows[0].starts == full.strips[-1].rows[0].starts
    assert strip.rows[0].cells == full.strips[-1].rows[0].cells
    assert compact.zones == full.zones and compact.focus == "Australia/Perth"


def test_the_compact_week_is_read_on_the_focus_zones_wall_clock() -> None:
    policy = Policy.default()
    at = datetime(2026, 11, 24, 3, tzinfo=UTC)
    picture = day_picture(policy, Question.of(AU_MOBILE, at), week=True, focus="Australia/Sydney")
    (strip,) = picture.strips
    assert [row.day.isoformat() for row in strip.rows if row.day] == [f"2026-11-{day}" for day in range(24, 31)]
    sydney = strip.tz
    for row in strip.rows[:2]:
        for index in range(0, 48, 5):
            start = row.starts[index]
            assert start is not None
            local = start.astimezone(sydney)
            assert (local.hour * 60 + local.minute) == index * 30 and local.date() == row.day
            decision = policy.check(AU_MOBILE, start)  # all six zones together
            assert (row.cells[index] == CALL) == decision.allowed, (start, row.cells[index])


@pytest.mark.parametrize("args", [
    [NY, "--at", "2026-11-25T03:30:00Z", "--week", "--purpose", "service", "--contact", "business"],
    [AU_MOBILE, "--at", "2026-11-24T03:00:00Z", "--week"],
    [AU_MOBILE, "--at", "2026-11-24T03:00:00Z", "--timeline"],
    ["+7 912 345 67 89", "--at", "2026-11-24T03:00:00Z", "--week"],
], ids=["ny-business-week", "au-week", "au-24h", "ru-mobile-week"])
def test_the_compact_pictures_fit_80_columns(capsys, args) -> None:
    text = picture_text(capsys, *args)
    assert max(len(line) for line in text.splitlines()) <= 80, text


def test_the_answer_folds_other_zones_unless_all_zones(capsys) -> None:
    main([AU_MOBILE, "--at", "2026-11-24T03:00:00Z", *FIXED])
    folded = capsys.readouterr().out
    assert folded.count("their time:") == 1 and "other zones: " in folded
    main([AU_MOBILE, "--at", "2026-11-24T03:00:00Z", "--all-zones", *FIXED])
    every = capsys.readouterr().out
    assert every.count("their time:") == 6 and "other zones" not in every
    first = next(line for line in every.splitlines() if "their time:" in line)
    assert first.endswith("(Australia/Eucla: the zone that binds)")  # the binding zone leads


@pytest.mark.parametrize("minutes, text", [(0, "same"), (30, "+30m"), (-45, "-45m"), (60, "+1h"), (-135, "-2h15"),
                                           (630, "+10h30")])
def test_zone_offsets_are_written_short(minutes: int, text: str) -> None:
    from datetime import timedelta

    from callwindow.cli.timeline import _shift

    assert _shift(timedelta(minutes=minutes)) == text
