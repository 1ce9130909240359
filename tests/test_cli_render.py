"""The readable answer (issue 6): golden text with colour off, colour on a real
pseudo-terminal, the pieces it is made of, greetings, holidays, completion."""

from __future__ import annotations

import argparse
import csv
import importlib
import json
import os
import pty
import re
import select
import shlex
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import all_zone_names

from callwindow import Policy
from callwindow.cli import SUBCOMMANDS, main
from callwindow.cli.completion import script
from callwindow.cli.render import (
    Style,
    describe_place,
    format_duration,
    render,
    render_answer,
)
from callwindow.clock import get_zone
from callwindow.greetings import greeting, language_for
from callwindow.resources import DATA_DIR as DATA
from callwindow.settings import my_zone
from callwindow.zone_words import zone_city, zone_name, zone_table

NY = "+1 212 555 0123"
FIXED = ["--my-zone", "Europe/London", "--no-config", "--color", "never"]


@pytest.fixture(autouse=True)
def _no_user_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The developer's own settings file must not change these answers."""
    monkeypatch.delenv("CALLWINDOW_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    # no history store yet, in a home of its own: the answers say so, with the path as ~/...
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)


def answer(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main([*args, *FIXED])
    return status, capsys.readouterr().out


# ---------------------------------------------------------------- golden text (colour off)

NY_DEFER = """\
NOT NOW - wait 9 h 30 min: calls open tomorrow 08:00 their time
  number: +1 212-555-0123 (fixed line or mobile)
  place: US-NY, Eastern Time (America/New_York)
  their time: Tue 24 Nov 22:30 (America/New_York)
  your time: Wed 25 Nov 03:30 (Europe/London)
  greeting: Good evening
  history: none yet (no store at ~/.local/share/callwindow/history.sqlite3)
  why:
    - [courtesy] too late or too early: No calls before 07:00 or after 22:00 (contact's local time): allowed 07:00-22:00 that day; it is Tuesday 22:30 in America/New_York (courtesy.S1.call-night)
    - [law] outside the allowed hours: TCPA (47 CFR 64.1200(c)(1)): telephone solicitations only 08:00-21:00 at the called party's location: allowed 08:00-21:00 that day; it is Tuesday 22:30 in America/New_York (US.tcpa.solicitation-hours)
    - [law] outside the allowed hours: FTC Telemarketing Sales Rule (16 CFR 310.4(c)): outbound telemarketing only 08:00-21:00 at the called person's location: allowed 08:00-21:00 that day; it is Tuesday 22:30 in America/New_York (US.tsr.telemarketing-hours)
    - [law] outside the allowed hours: New York GBL 399-z(2): telemarketing calls and texts only 08:00-21:00 at the customer's location, unless the customer expressly consented to another time: allowed 08:00-21:00 that day; it is Tuesday 22:30 in America/New_York (US-NY.gbl399z.hours)
  next call allowed: Wed 25 Nov 08:00 their time (2026-11-25 13:00 UTC), in 9 h 30 min
                     Wed 25 Nov 13:00 your time (Europe/London)
  meanwhile: no text either until tomorrow 08:00 their time (in 9 h 30 min)
"""  # noqa: E501  (verbatim CLI output: the "why" lines are not wrapped)

NY_CALL = """\
YES - a call is allowed at that time, until 11:57 their time (1 h 57 min left)
  number: +1 212-555-0123 (fixed line or mobile)
  place: US-NY, Eastern Time (America/New_York)
  their time: Tue 24 Nov 10:00 (America/New_York)
  your time: Tue 24 Nov 15:00 (Europe/London)
  greeting: Good morning
  history: none yet (no store at ~/.local/share/callwindow/history.sqlite3)
  allowed until: Tue 24 Nov 11:57 their time (2026-11-24 16:57 UTC), 1 h 57 min left
                 Tue 24 Nov 16:57 your time (Europe/London)
                 (the window closes at 12:00: a call of 3 min must end by then)
"""

NY_TEXT_INSTEAD = """\
TEXT INSTEAD - a call is not a good idea then, a text is allowed
  number: +1 212-555-0123 (fixed line or mobile)
  place: US-NY, Eastern Time (America/New_York)
  their time: Tue 24 Nov 22:30 (America/New_York)
  your time: Wed 25 Nov 03:30 (Europe/London)
  greeting: Good evening
  history: none yet (no store at ~/.local/share/callwindow/history.sqlite3)
  why:
    - [courtesy] too late or too early: No calls before 07:00 or after 22:00 (contact's local time): allowed 07:00-22:00 that day; it is Tuesday 22:30 in America/New_York (courtesy.S1.call-night)
    - [courtesy] text instead: too late to call: a text is allowed now (S5) (courtesy.S5.text-instead)
  next call allowed: Wed 25 Nov 07:00 their time (2026-11-25 12:00 UTC), in 8 h 30 min
                     Wed 25 Nov 12:00 your time (Europe/London)
  meanwhile: you may send a text at that time, until 23:00 their time (30 min left)
"""  # noqa: E501  (verbatim CLI output: the "why" lines are not wrapped)

MADRID_LUNCH = """\
NOT NOW - wait 1 h 30 min: calls open 16:00 their time
  number: +34 912 34 56 78 (fixed line)
  place: ES, Central European Time (Europe/Madrid)
  their time: Tue 24 Nov 14:30 (Europe/Madrid)
  your time: Tue 24 Nov 13:30 (Europe/London)
  greeting: Buenas tardes (Spanish; good afternoon)
  history: none yet (no store at ~/.local/share/callwindow/history.sqlite3)
  why:
    - [courtesy] meal time: Avoid the Spanish lunch (14:00-16:00) and dinner (21:00-22:00): it is Tuesday 14:30 in Europe/Madrid (courtesy.S2.meals.ES)
  next call allowed: Tue 24 Nov 16:00 their time (2026-11-24 15:00 UTC), in 1 h 30 min
                     Tue 24 Nov 15:00 your time (Europe/London)
  meanwhile: you may send a text at that time, until 23:00 their time (8 h 30 min left)
"""  # noqa: E501  (verbatim CLI output: the "why" lines are not wrapped)

TOLL_FREE = """\
NEVER - do not contact this number
  number: +800 1234 5678 (toll free)
  place: no known place
  your time: Tue 24 Nov 15:00 (Europe/London)
  history: none yet (no store at ~/.local/share/callwindow/history.sqlite3)
  why:
    - [contact] no known time zone: +80012345678 is a toll free number with no known location or time zone: its local time cannot be known, so it is never treated as callable (callwindow.zones)
"""  # noqa: E501  (verbatim CLI output: the "why" lines are not wrapped)


@pytest.mark.parametrize(
    "args, status, expected",
    [
        ([NY, "--at", "2026-11-25T03:30:00Z"], 1, NY_DEFER),
        ([NY, "--at", "2026-11-24T15:00:00Z"], 0, NY_CALL),
        ([NY, "--at", "2026-11-25T03:30:00Z", "--purpose", "service"], 1, NY_TEXT_INSTEAD),
        # (with consent: Spain's LGTel 66.1.b bans unconsented sales calls; the meal rule still binds)
        (["+34 912 345 678", "--at", "2026-11-24T13:30:00Z", "--consent"], 1, MADRID_LUNCH),
        (["+800 1234 5678", "--at", "2026-11-24T15:00:00Z"], 1, TOLL_FREE),
    ],
    ids=["defer", "call", "text-instead", "meal-spanish-greeting", "never"],
)
def test_golden_answers(capsys, args, status, expected) -> None:
    got_status, text = answer(capsys, *args)
    assert text == expected
    assert got_status == status


def test_the_contract_lines_are_kept(capsys) -> None:
    """Issue 3's readable contract: verdict first, their time, rule ids, next time."""
    _, text = answer(capsys, NY, "--at", "2026-11-25T03:30:00Z")
    assert text.startswith("NOT NOW")
    assert "Tue 24 Nov 22:30 (America/New_York)" in text
    assert "next call allowed: Wed 25 Nov 08:00 their time (2026-11-25 13:00 UTC), in 9 h 30 min" in text


def test_meanwhile_is_the_engines_text_window(capsys) -> None:
    """'you may send a text until ...' is the sms decision's window_closes_at."""
    policy = Policy.default()
    sms = policy.check(NY, "2026-11-25T03:30:00Z", channel="sms", purpose="service")
    assert sms.allowed and sms.window_closes_at == datetime(2026, 11, 25, 4, 0, tzinfo=UTC)
    _, text = answer(capsys, NY, "--at", "2026-11-25T03:30:00Z", "--purpose", "service")
    assert "until 23:00 their time (30 min left)" in text


def test_sms_request_has_no_meanwhile(capsys) -> None:
    status, text = answer(capsys, NY, "--at", "2026-11-25T03:30:00Z", "--channel", "sms", "--purpose", "service")
    assert status == 0 and text.startswith("YES - a text is allowed at that time, until 23:00 their time")
    assert "meanwhile" not in text


def test_several_zones_name_the_zone_of_their_time(capsys) -> None:
    """"their time" is the zone that binds, not the alphabetically first: at 11:45 in Eucla its
    noon closes the window first (13:42 in Adelaide, the first zone by name)."""
    status, text = answer(capsys, "+61 412 345 678", "--at", "2026-11-24T03:00:00Z", "--no-history")
    assert status == 0
    assert text.splitlines()[0] == ("YES - a call is allowed at that time, until 11:57 their time in Australia/Eucla "
                                    "(12 min left)")
    assert "place: AU (any of 8 subdivisions), one of 6 time zones" in text
    assert "  their time: Tue 24 Nov 11:45 (Australia/Eucla: the zone that binds)\n" in text
    assert "  other zones: Adelaide 13:30, Brisbane 13:00, Lord Howe Island 14:00, Perth 11:00, Sydney 14:00\n" in text
    assert text.count("their time: ") == 1
    assert "greeting: Good morning (at Australia/Eucla's time)" in text


def test_the_binding_zone_of_a_refusal_is_the_one_that_opens_last(capsys) -> None:
    # 22:00 in Brisbane, later elsewhere: the calls open when Brisbane's lunch ends (13:00 there)
    status, text = answer(capsys, "+61 412 345 678", "--at", "2026-11-24T12:00:00Z", "--no-history")
    assert status == 1
    assert text.splitlines()[0] == "NOT NOW - wait 15 h: calls open tomorrow 13:00 their time in Australia/Brisbane"
    from callwindow import Policy

    policy = Policy.default()
    # the kernel agrees: on its own, Brisbane is still closed the minute before the opening
    assert not policy.check("+61 412 345 678", "2026-11-25T02:59:00Z", zone="Australia/Brisbane").allowed
    assert policy.check("+61 412 345 678", "2026-11-25T03:00:00Z").allowed


def test_one_zone_has_no_binding_line(capsys) -> None:
    status, text = answer(capsys, NY, "--at", "2026-11-24T15:00:00Z", "--no-history")
    assert "other zones" not in text and "binds" not in text


def test_render_kept_for_old_callers() -> None:
    decision = Policy.default().check(NY, "2026-11-25T03:30:00Z")
    text = render(decision)
    assert text.startswith("NOT NOW") and "\033[" not in text


def test_json_is_unchanged_by_the_readable_options(capsys) -> None:
    status = main([NY, "--at", "2026-11-24T15:00:00Z", "--json", "--no-config", "--my-zone", "Asia/Tokyo"])
    payload = json.loads(capsys.readouterr().out)
    assert status == 0 and payload["action"] == "call" and "timeline" not in payload


# ---------------------------------------------------------------- colour


def test_style_rules(monkeypatch) -> None:
    class Tty:
        encoding = "utf-8"

        def isatty(self) -> bool:
            return True

    class Pipe(Tty):
        def isatty(self) -> bool:
            return False

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert Style.for_stream(Tty(), "auto").color
    assert Style.for_stream(Tty(), "auto").unicode
    assert not Style.for_stream(Pipe(), "auto").color
    assert Style.for_stream(Pipe(), "always").color
    assert not Style.for_stream(Tty(), "never").color
    monkeypatch.setenv("NO_COLOR", "1")
    assert not Style.for_stream(Tty(), "auto").color
    assert Style.for_stream(Tty(), "always").color  # an explicit choice beats NO_COLOR
    monkeypatch.setenv("NO_COLOR", "")  # empty: not set
    assert Style.for_stream(Tty(), "auto").color
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert not Style.for_stream(Tty(), "auto").color


def _run_in_pty(args: list[str], env: dict[str, str]) -> bytes:
    """Run the module under a real pseudo-terminal (stdout and stderr a tty)."""
    primary, secondary = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "callwindow.cli", *args], stdin=secondary,
                               stdout=secondary, stderr=secondary, env=env, close_fds=True)
    os.close(secondary)
    output = b""
    try:
        while True:
            ready, _, _ = select.select([primary], [], [], 60)
            if not ready:
                break
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            output += chunk
    finally:
        os.close(primary)
        process.wait(timeout=60)
    return output


def _env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "CALLWINDOW_CONFIG")}
    env.update(TERM="xterm-256color", **extra)
    return env


def test_colour_on_a_real_terminal() -> None:
    output = _run_in_pty([NY, "--at", "2026-11-25T03:30:00Z", "--timeline", "--no-config"], _env())
    assert b"\x1b[" in output  # ANSI escapes
    text = output.decode("utf-8")
    assert "NOT NOW" in text and "◷" in text  # the verdict's symbol
    assert "█" in text  # allowed call slots of the day picture


def test_no_color_on_a_real_terminal() -> None:
    output = _run_in_pty([NY, "--at", "2026-11-25T03:30:00Z", "--timeline", "--no-config"], _env(NO_COLOR="1"))
    assert b"\x1b[" not in output
    assert output.decode("utf-8").startswith("NOT NOW - wait")


def test_color_never_on_a_terminal_and_always_in_a_pipe() -> None:
    never = _run_in_pty([NY, "--at", "2026-11-25T03:30:00Z", "--no-config", "--color", "never"], _env())
    assert b"\x1b[" not in never
    piped = subprocess.run([sys.executable, "-m", "callwindow.cli", NY, "--at", "2026-11-25T03:30:00Z",
                            "--no-config"], capture_output=True, env=_env(), timeout=60)
    assert b"\x1b[" not in piped.stdout
    forced = subprocess.run([sys.executable, "-m", "callwindow.cli", NY, "--at", "2026-11-25T03:30:00Z",
                             "--no-config", "--color", "always"], capture_output=True, env=_env(), timeout=60)
    assert b"\x1b[" in forced.stdout


def test_colour_render_keeps_the_words() -> None:
    decision = Policy.default().check(NY, "2026-11-25T03:30:00Z")
    coloured = render_answer(decision, me=my_zone("Europe/London"), text=None, style=Style(color=True, unicode=True))
    plain = render_answer(decision, me=my_zone("Europe/London"), text=None, style=Style())
    import re

    stripped = re.sub(r"\x1b\[[0-9;]*m", "", coloured)
    assert stripped.replace("◷ ", "", 1).replace("    • ", "    - ") == plain


def test_wrapping_on_a_narrow_terminal() -> None:
    decision = Policy.default().check(NY, "2026-11-25T03:30:00Z")
    text = render_answer(decision, me=None, text=None, style=Style(width=60))
    why = text.split("why:\n", 1)[1].split("  next call", 1)[0]
    assert all(len(line) <= 59 for line in why.splitlines())
    assert "\n      " in why  # hanging indent


# ---------------------------------------------------------------- pieces


@pytest.mark.parametrize(
    "minutes, text",
    [(0, "0 min"), (45, "45 min"), (60, "1 h"), (135, "2 h 15 min"), (570, "9 h 30 min"), (4260, "2 d 23 h"),
     (1440, "1 d")],
)
def test_format_duration(minutes: int, text: str) -> None:
    assert format_duration(timedelta(minutes=minutes)) == text


def test_place_from_codes_and_zone_names() -> None:
    assert describe_place("US", "US-NY", ("America/New_York",)) == "US-NY, Eastern Time (America/New_York)"
    # a Montreal number is on Eastern Time, not "Toronto time"; Melbourne on Australian Eastern
    assert describe_place("CA", "CA-QC", ("America/Toronto",)) == "CA-QC, Eastern Time (America/Toronto)"
    assert describe_place("AU", "AU-VIC", ("Australia/Melbourne",)) == ("AU-VIC, Australian Eastern Time "
                                                                        "(Australia/Melbourne)")
    assert describe_place("DE", None, ["Europe/Berlin"]) == "DE, Central European Time (Europe/Berlin)"
    assert describe_place("AU", None, ("Australia/Perth", "Australia/Sydney")) == "AU, one of 2 time zones"
    assert describe_place(None, None, ()) == "no known place"


@pytest.mark.parametrize(
    "zone, name, city",
    [
        ("America/Toronto", "Eastern Time", "Toronto"),
        ("America/Phoenix", "Mountain Time", "Phoenix"),  # no summer time, still Mountain Time
        ("US/Eastern", "Eastern Time", "New York"),  # a link a --zone hint may name
        ("Europe/London", "British Time", "London"),
        ("Australia/Brisbane", "Australian Eastern Time", "Brisbane"),
        ("Australia/Lord_Howe", "Lord Howe Time", "Lord Howe Island"),
        ("Pacific/Honolulu", "Hawaii Time", "Honolulu"),  # CLDR: a standard name only (no summer time)
        ("Asia/Saigon", "Indochina Time", "Ho Chi Minh City"),  # phonenumbers' old name, CLDR's city
        ("Asia/Amman", "Jordan Time", "Amman"),  # no metazone: the country's only zone
        ("Etc/GMT+6", "GMT-06:00", "GMT-06:00"),  # POSIX signs: UTC-6 (US-MS reads standard time)
    ],
)
def test_zone_names_from_cldr(zone: str, name: str, city: str) -> None:
    assert (zone_name(zone), zone_city(zone)) == (name, city)


def test_the_answer_names_the_zone_as_people_say_it(capsys) -> None:
    """One zone: its CLDR name on the place line; several: the binding zone by its IANA name and
    the others by CLDR's exemplar city."""
    _, text = answer(capsys, "+49 30 1234567", "--at", "2026-11-24T15:00:00Z", "--no-history")
    assert "  place: DE, Central European Time (Europe/Berlin)\n" in text
    _, text = answer(capsys, "+1 514 555 0123", "--at", "2026-11-24T15:00:00Z", "--no-history")
    assert "  place: CA-QC, Eastern Time (America/Toronto)\n" in text
    _, text = answer(capsys, "+61 412 345 678", "--at", "2026-11-24T03:00:00Z", "--no-history")
    assert "  place: AU (any of 8 subdivisions), one of 6 time zones\n" in text
    assert "  other zones: Adelaide 13:30, Brisbane 13:00, Lord Howe Island 14:00, Perth 11:00, Sydney 14:00\n" in text


def test_a_zone_the_table_lacks_is_named_after_its_city() -> None:
    assert "Mars/Olympus_Mons" not in zone_table()
    assert zone_name("Mars/Olympus_Mons") == "Olympus Mons Time"
    assert zone_city("America/Argentina/Buenos_Aires") == "Buenos Aires"


ZONE_TABLE = DATA / "zone_names.csv"


def _zone_rows() -> list[list[str]]:
    lines = ZONE_TABLE.read_text(encoding="utf-8").splitlines()
    return list(csv.reader(line for line in lines if not line.startswith("#")))


def test_the_zone_table_is_well_formed() -> None:
    text = ZONE_TABLE.read_text(encoding="utf-8")
    head = [line for line in text.splitlines() if line.startswith("#")]
    assert head[0].startswith("# GENERATED by python -m callwindow.tools.make_zone_names")
    assert re.search(r"^# Source: Unicode CLDR \d+ as shipped by Babel \d+\.\d+", head[1])
    assert "Unicode License v3, data/licenses/CLDR-Unicode-3.0.txt" in head[1]
    assert re.fullmatch(r"# Date: \d{4}-\d{2}-\d{2}", head[2])
    license_text = (DATA / "licenses" / "CLDR-Unicode-3.0.txt").read_text(encoding="utf-8")
    assert license_text.startswith("UNICODE LICENSE V3") and "SPDX-License-Identifier: Unicode-3.0" in license_text
    header, *rows = _zone_rows()
    assert header == ["zone", "name", "city", "form"]
    zones = [row[0] for row in rows]
    assert zones == sorted(set(zones)) and len(zones) > 500
    for zone, name, city, form in rows:
        get_zone(zone)  # a zone tzdata knows
        assert name and city and name == name.strip() and city == city.strip(), zone
        assert form in ("generic", "standard", "location", "gmt"), zone
        assert name.endswith("Time") or (form == "gmt" and name.startswith("GMT")), zone
    assert zone_table() == {zone: (name, city) for zone, name, city, _ in rows}


def test_every_zone_a_number_can_get_has_a_name() -> None:
    """phonenumbers' zones, zone.tab's (region narrowing) and those in our data tables."""
    from phonenumbers.tzdata import TIMEZONE_DATA

    from callwindow.numbers import region_zones

    phone = {zone for zones in TIMEZONE_DATA.values() for zone in zones} - {"Etc/Unknown"}
    tab = {zone for zones in region_zones().values() for zone in zones}
    tables = set()
    for path in DATA.glob("*.csv"):
        if path != ZONE_TABLE:
            tables.update(re.findall(r"\b[A-Z][a-z]+/[A-Za-z_/+-]+", path.read_text(encoding="utf-8")))
    assert len(phone) > 250 and len(tab) > 300 and "America/Chicago" in tables
    missing = sorted((phone | tab | tables) - set(zone_table()))
    assert not missing, missing


def test_the_zone_table_matches_babel() -> None:
    """The CLDR names as Babel gives them. The test extra pins the Babel whose CLDR wrote the table,
    so another CLDR here is a failure: regenerate the table and move the pin together."""
    import babel
    from babel.core import get_cldr_version
    from babel.dates import get_timezone_location, get_timezone_name

    shipped = re.search(r"Unicode CLDR (\d+) as shipped by Babel", ZONE_TABLE.read_text(encoding="utf-8"))
    assert shipped is not None
    assert shipped.group(1) == str(get_cldr_version()), (
        f"the table is from CLDR {shipped.group(1)}, Babel {babel.__version__} has {get_cldr_version()}: "
        "python -m callwindow.tools.make_zone_names regenerates it (and pyproject's test extra pins Babel)")
    rows = _zone_rows()[1:]
    for zone, name, city, form in rows:
        if form == "generic":  # the metazone's generic long name, as the issue asks
            assert get_timezone_name(zone, width="long", zone_variant="generic", locale="en") == name, zone
        if form != "gmt":
            assert get_timezone_location(zone, locale="en", return_city=True) == city, zone
    from callwindow.tools.make_zone_names import rows as generated

    year = int(re.search(r"^# Date: (\d{4})", ZONE_TABLE.read_text(encoding="utf-8"), re.MULTILINE).group(1))
    assert [list(row) for row in generated(year)] == rows  # the generator rerun gives the shipped table


@given(st.sampled_from(all_zone_names()))
def test_every_zone_is_named_in_one_short_line(zone: str) -> None:
    name, city = zone_name(zone), zone_city(zone)
    assert name and city and "\n" not in name and len(name) <= 40
    assert describe_place("ZZ", None, (zone,)) == f"ZZ, {name} ({zone})"


def test_zone_names_are_read_only_when_printed(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """--json prints no zone name: the table is not read, and the JSON (Decision.to_dict) has
    no display name in it; the readable answer reads it once."""
    zone_table.cache_clear()
    assert main([NY, "--at", "2026-11-24T15:00:00Z", "--json", *FIXED[:-2]]) == 0
    payload = capsys.readouterr().out
    assert zone_table.cache_info().currsize == 0
    assert "Eastern" not in payload and json.loads(payload)["zones"] == ["America/New_York"]
    assert main([NY, "--at", "2026-11-24T15:00:00Z", *FIXED]) == 0
    assert "place: US-NY, Eastern Time (America/New_York)" in capsys.readouterr().out
    assert zone_table.cache_info().currsize == 1


def test_no_babel_at_run_time(tmp_path: Path) -> None:
    code = ("import sys\nfrom callwindow.cli import main\n"
            "for number in ('+1 212 555 0123', '+61 412 345 678'):\n"
            "    main([number, '--at', '2026-11-24T03:00:00Z', '--no-config', '--no-history', '--timeline'])\n"
            "assert not [m for m in sys.modules if m.split('.')[0] == 'babel'], 'babel imported'\n")
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert "place: US-NY, Eastern Time (America/New_York)" in done.stdout
    assert "\nAmerica/New_York (Eastern Time)\n" in done.stdout  # the day picture's strip
    assert "other zones: Adelaide 13:30, Brisbane 13:00, Lord Howe Island 14:00," in done.stdout


def test_the_digest_leaves_the_zone_names_out() -> None:
    """Words, not rules: regenerating the names must not restamp decisions' versions.rules."""
    from callwindow import resources

    assert "zone_names.csv" in resources.WORDS_ONLY and ZONE_TABLE.is_file()


@pytest.mark.parametrize(
    "region, subdivision, hour, text",
    [
        ("US", None, 9, "Good morning"),
        ("US", None, 15, "Good afternoon"),
        ("US", None, 23, "Good evening"),
        ("US", None, 3, "Good evening"),
        ("FR", None, 9, "Bonjour"),
        ("FR", None, 19, "Bonsoir"),
        ("CA", "CA-QC", 19, "Bonsoir"),  # Quebec: French
        ("CA", "CA-ON", 19, "Good evening"),
        ("ES", None, 19, "Buenas tardes"),  # Spanish afternoons run late
        ("MX", None, 21, "Buenas noches"),
        ("DE", None, 14, "Guten Tag"),
        ("JP", None, 8, "おはようございます"),
        ("BR", None, 13, "Boa tarde"),
        ("IN", None, 9, "Good morning"),  # many languages: English
        ("ZZ", None, 9, "Good morning"),
    ],
)
def test_greetings(region, subdivision, hour, text) -> None:
    assert greeting(datetime(2026, 11, 24, hour, 0), region, subdivision).text == text


@pytest.mark.parametrize("region, hour, described", [
    ("DE", 11, "Guten Tag (German; good day)"),  # said from 11:00: never "good morning" (issue 17)
    ("DE", 9, "Guten Morgen (German; good morning)"),
    ("FR", 9, "Bonjour (French; good morning)"),  # one phrase all day: glossed by the hour
    ("FR", 15, "Bonjour (French; good afternoon)"),
    ("JP", 11, "こんにちは (Japanese; hello)"),
    ("TR", 11, "İyi günler (Turkish; good day)"),
    ("ES", 19, "Buenas tardes (Spanish; good afternoon)"),
])
def test_glosses_say_what_the_phrase_says(region: str, hour: int, described: str) -> None:
    assert greeting(datetime(2026, 11, 24, hour, 0), region).describe() == described


def test_only_a_morning_phrase_is_glossed_good_morning() -> None:
    from callwindow.greetings import _LANGUAGES, _PHRASES

    for region in {*_LANGUAGES, "GB"}:
        morning = _PHRASES[language_for(region)][1]
        for hour in range(24):
            found = greeting(datetime(2026, 11, 24, hour, 0), region)
            if found.gloss == "good morning":
                assert found.text == morning and 5 <= hour < 12, (region, hour, found)


def test_greeting_table_has_about_fifteen_languages() -> None:
    from callwindow.greetings import _PHRASES

    assert 14 <= len(_PHRASES) <= 20
    assert language_for("SA") == "ar" and language_for("CN") == "zh" and language_for("GB") == "en"


# ---------------------------------------------------------------- subcommands


def test_subcommands_are_imported_only_when_used() -> None:
    code = (
        "import sys; from callwindow.cli import main; "
        "main(['+12125550123', '--at', '2026-11-24T15:00:00Z', '--json', '--no-config']); "
        "print(sorted(m for m in sys.modules if m in ('callwindow.cli.leads.command', 'callwindow.cli.completion', "
        "'callwindow.cli.holidays', 'callwindow.cli.config', 'callwindow.greetings', 'callwindow.timeline', "
        "'callwindow.cli.timeline')), file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stderr.strip() == "[]"


@pytest.mark.parametrize("number", ["+49 30 1234567", "+1 212 555 0123", "+61 412 345 678"])
def test_a_check_reads_the_holiday_tables_not_the_package(number: str) -> None:
    # issue 17: importing holidays (its registry loads ~250 country modules) was most of a cold start
    code = (
        "import sys; from callwindow.cli import main; "
        f"status = main([{number!r}, '--at', '2026-12-01T10:00:00Z', '--no-config', '--no-history']); "
        "print(status, sorted(m for m in sys.modules if m == 'holidays' or m.startswith('holidays.')), "
        "file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    status, imported = result.stderr.strip().split(" ", 1)
    assert status in ("0", "1") and imported == "[]", result.stderr


def test_every_subcommand_has_help() -> None:
    for name in SUBCOMMANDS:
        result = subprocess.run([sys.executable, "-m", "callwindow.cli", name, "--help"], capture_output=True,
                                text=True, timeout=60)
        assert result.returncode == 0 and "examples:" in result.stdout, name


def test_main_help_has_examples_for_each_task(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    text = capsys.readouterr().out
    for words in ("--timeline", "--week", "list leads.csv", "--plan", "holidays", "config --init", "completion bash"):
        assert words in text
    for name in SUBCOMMANDS:
        assert f"  {name} " in text


def test_holidays_command(capsys) -> None:
    status = main(["holidays", NY, "--at", "2026-11-24T15:00:00Z", "--days", "40", "--no-config"])
    text = capsys.readouterr().out
    assert status == 0
    assert text == (
        "Public holidays for +1 212-555-0123 in US-NY, Eastern Time (America/New_York): "
        "the next 40 days from Tue 24 Nov 2026\n"
        "  Thu 26 Nov 2026  Thanksgiving Day  in 2 days\n"
        "  Fri 25 Dec 2026  Christmas Day     in 31 days\n"
        "  Fri 01 Jan 2027  New Year's Day    in 38 days\n"
        "  tip: send greetings a day or two before; the courtesy rules avoid calls on the day itself\n"
    )


def test_holidays_json_marks_the_subdivisions_own(capsys) -> None:
    status = main(["holidays", "+61 412 345 678", "--subdivision", "AU-VIC", "--at", "2026-11-24T15:00:00Z",
                   "--json", "--no-config", "--days", "120"])
    payload = json.loads(capsys.readouterr().out)
    assert status == 0 and payload["subdivision"] == "AU-VIC" and payload["zone"] == "Australia/Melbourne"
    assert payload["from"] == "2026-11-25"  # the contact's local date
    names = {row["name"]: row for row in payload["holidays"]}
    assert names["Christmas Day"]["scope"] == "AU" and names["Christmas Day"]["days_from_now"] == 30
    assert any(row["scope"] == "AU-VIC" for row in payload["holidays"])


@pytest.mark.parametrize("args", [["+800 1234 5678"], ["letters"], [NY, "--days", "0"]])
def test_holidays_bad_input_exits_2(capsys, args) -> None:
    assert main(["holidays", *args, "--no-config"]) == 2
    assert capsys.readouterr().err.startswith("can-i-call: error:")


def test_completion_scripts(capsys) -> None:
    for shell in ("bash", "zsh", "fish"):
        assert main(["completion", shell]) == 0
        text = capsys.readouterr().out
        for name in SUBCOMMANDS:
            assert name in text
        long = "-l " if shell == "fish" else "--"  # fish writes `complete ... -l timeline`
        assert f"{long}timeline" in text and f"{long}phone-column" in text
        assert "sales service collection personal" in text
    assert main(["completion", "powershell"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "invalid choice: 'powershell'" in err[0]


def _real_parsers() -> dict[str, argparse.ArgumentParser]:
    """Every command's parser, built by its own module (the way the command builds it)."""
    from callwindow.cli import check, history
    from callwindow.cli.completion import parser_of
    from callwindow.cli.leads import command as leads

    parsers = {"": check.build_parser(), "list": leads.build_parser()}
    shared = history.build_parser()
    nested = next(a for a in shared._actions if isinstance(a, argparse._SubParsersAction))
    parsers.update({word: nested.choices[word] for word in history.SUBCOMMANDS})
    for name, command in SUBCOMMANDS.items():
        if name not in parsers:
            try:
                function = getattr(importlib.import_module(command.module), command.function)
            except ImportError:
                continue  # an extra that is not installed (serve)
            found = parser_of(function)
            assert found is not None, name
            parsers[name] = found
    return parsers


def _every_option(parser: argparse.ArgumentParser) -> set[str]:
    found = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for nested in action.choices.values():
                found |= _every_option(nested)
        found.update(action.option_strings)
    return found


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_bash_completes_every_option_of_every_command(tmp_path: Path) -> None:
    path = tmp_path / "completion.bash"
    path.write_text(script("bash"), encoding="utf-8")
    parsers = _real_parsers()
    assert set(SUBCOMMANDS) - set(parsers) <= {"serve"}  # only an uninstalled extra may be missing
    probes = []
    for name in parsers:
        words = f"can-i-call {name} -" if name else "can-i-call +12125550123 -"
        count = len(words.split()) - 1
        probes.append(f'COMP_WORDS=({words}); COMP_CWORD={count}; _can_i_call; echo "${{COMPREPLY[*]}}"')
    result = subprocess.run(["bash", "-c", f"source {path}; " + "; ".join(probes)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    offered = dict(zip(parsers, result.stdout.splitlines(), strict=True))
    total = 0
    for name, parser in parsers.items():
        missing = _every_option(parser) - set(offered[name].split())
        assert not missing, f"{name or 'NUMBER'}: {sorted(missing)}"
        total += len(_every_option(parser))
    assert total > 200  # every command's options, not a handful
    # and the values: a subcommand's choices and nested words
    probe = (f"source {path}; "
             'COMP_WORDS=(can-i-call claim +13055550123 --channel ""); COMP_CWORD=4; _can_i_call; '
             'echo "${COMPREPLY[*]}"; '
             'COMP_WORDS=(can-i-call dnc ""); COMP_CWORD=2; _can_i_call; echo "${COMPREPLY[*]}"; '
             'COMP_WORDS=(can-i-call +12125550123 --zone Europe/Par); COMP_CWORD=3; _can_i_call; '
             'echo "${COMPREPLY[*]}"')
    result = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, timeout=60)
    lines = result.stdout.splitlines()
    assert set(lines[0].split()) >= {"call", "sms"}
    assert set(lines[1].split()) >= {"import", "list", "remove"}
    assert lines[2] == "Europe/Paris"


def test_a_new_option_completes_without_editing_the_completion() -> None:
    from callwindow.cli.completion import spec_of

    parser = argparse.ArgumentParser()
    parser.add_argument("--brand-new", choices=["a", "b"])
    parser.add_argument("--report", metavar="FILE")
    spec = spec_of(parser)
    assert "--brand-new" in spec.options and spec.choices["--brand-new"] == ["a", "b"]
    assert spec.files == ["--report"]
    assert "--brand-new) COMPREPLY" in script("bash", {"": spec})


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_bash_completion_completes(tmp_path: Path) -> None:
    path = tmp_path / "completion.bash"
    path.write_text(script("bash"), encoding="utf-8")
    probe = (
        f"source {path}; "
        "COMP_WORDS=(can-i-call li); COMP_CWORD=1; _can_i_call; echo \"${COMPREPLY[*]}\"; "
        "COMP_WORDS=(can-i-call list x.csv --pl); COMP_CWORD=3; _can_i_call; echo \"${COMPREPLY[*]}\"; "
        "COMP_WORDS=(can-i-call +12125550123 --purpose co); COMP_CWORD=3; _can_i_call; echo \"${COMPREPLY[*]}\"; "
        "COMP_WORDS=(can-i-call +12125550123 --we); COMP_CWORD=2; _can_i_call; echo \"${COMPREPLY[*]}\""
    )
    result = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["list", "--plan", "collection", "--week"]


@pytest.mark.skipif(shutil.which("zsh") is None, reason="no zsh")
def test_zsh_completion_parses(tmp_path: Path) -> None:
    path = tmp_path / "_can-i-call"
    path.write_text(script("zsh"), encoding="utf-8")
    result = subprocess.run(["zsh", "-n", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def _fish(path: Path, *lines: str) -> list[list[str]]:
    """What fish offers for each command line (`complete -C`), candidates without descriptions."""
    separator = "@@end@@"
    probes = "; ".join(f"complete -C {shlex.quote(line)}; echo {separator}" for line in lines)
    result = subprocess.run(["fish", "--no-config", "-c", f"source {path}; {probes}"], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    blocks = result.stdout.split(separator + "\n")[:-1]
    return [[row.split("\t", 1)[0] for row in block.splitlines()] for block in blocks]


@pytest.mark.skipif(shutil.which("fish") is None, reason="no fish")
def test_fish_completes_every_option_of_every_command(tmp_path: Path) -> None:
    path = tmp_path / "can-i-call.fish"
    path.write_text(script("fish"), encoding="utf-8")
    parsers = _real_parsers()
    lines = [f"can-i-call {name} -" if name else "can-i-call +12125550123 -" for name in parsers]
    offered = dict(zip(parsers, _fish(path, *lines), strict=True))
    total = 0
    for name, parser in parsers.items():
        missing = _every_option(parser) - set(offered[name])
        assert not missing, f"{name or 'NUMBER'}: {sorted(missing)}"
        total += len(_every_option(parser))
    assert total > 200
    commands, nested, channel, zone, purpose, wrapped = _fish(
        path, "can-i-call ", "can-i-call dnc ", "can-i-call claim +13055550123 --channel ",
        "can-i-call +12125550123 --zone Europe/Par", "can-i-call +12125550123 --purpose co", "callwindow --we")
    assert set(commands) == set(SUBCOMMANDS)
    assert set(nested) >= {"import", "list", "remove"}
    assert set(channel) >= {"call", "sms"}
    assert zone == ["Europe/Paris"] and purpose == ["collection"] and wrapped == ["--week"]


# docs/cli.md's examples (and every other document's) are run by tests/test_doc_snippets.py.


# ---------------------------------------------------------------- honest words (issue 17)


def test_consent_required_is_not_never(capsys) -> None:
    status, text = answer(capsys, "+49 30 12345678", "--at", "2026-11-24T10:00:00Z", "--no-history")
    first = text.splitlines()[0]
    assert status == 1 and first == "ONLY WITH CONSENT - no sales call without the contact's prior consent"
    assert "NEVER" not in text and "DE.uwg-7-2.consent-required" in text
    status, text = answer(capsys, "+49 30 12345678", "--at", "2026-11-24T10:00:00Z", "--no-history", "--consent")
    assert status == 0 and text.startswith("YES")


def test_an_opt_out_of_texts_only_says_so(capsys, tmp_path) -> None:
    db = str(tmp_path / "history.sqlite3")
    number = "+1 305 555 0123"
    assert main(["opt-out", number, "--channel", "sms", "--db", db, "--create-db", "--at", "2026-11-20T12:00:00Z"]) == 0
    capsys.readouterr()
    status, text = answer(capsys, number, "--at", "2026-11-24T16:00:00Z", "--channel", "sms", "--db", db)
    assert status == 1
    assert text.splitlines()[0] == "OPTED OUT (texts) - the contact refused texts for sales"
    status, text = answer(capsys, number, "--at", "2026-11-24T16:00:00Z", "--db", db)  # calls are not opted out
    assert status == 0 and text.startswith("YES")


def test_never_is_kept_for_numbers_that_can_never_be_called(capsys) -> None:
    status, text = answer(capsys, "+800 1234 5678", "--at", "2026-11-24T15:00:00Z", "--no-history")
    assert status == 1 and text.startswith("NEVER - do not contact this number")


def test_advisories_are_notes_not_causes(capsys) -> None:
    # 21:30 in London: the DMA code (practice) closes; PECR's TPS advisory holds but did not refuse
    status, text = answer(capsys, "+44 20 7946 0958", "--at", "2026-11-24T21:30:00Z", "--no-history")
    why, notes = text.index("  why:\n"), text.index("  notes:\n")
    assert status == 1 and why < notes
    assert "[practice] outside the allowed hours: DMA Code" in text[why:notes]
    assert "GB.pecr.tps-and-consent" not in text[why:notes]
    assert "[law] also required: PECR" in text[notes:]
    assert "legal requirement" not in text


def test_the_window_end_before_the_hour_is_explained(capsys) -> None:
    status, text = answer(capsys, NY, "--at", "2026-11-24T15:00:00Z", "--no-history")
    assert "(the window closes at 12:00: a call of 3 min must end by then)" in text
    status, text = answer(capsys, NY, "--at", "2026-11-24T15:00:00Z", "--no-history", "--duration", "10")
    assert "until 11:50 their time" in text and "a call of 10 min must end by then" in text
    # no expected length (the legal profile): the window ends on the hour, nothing to explain
    status, text = answer(capsys, NY, "--at", "2026-11-24T15:00:00Z", "--no-history", "--profile", "legal")
    assert "must end by then" not in text
    # a text has no length
    status, text = answer(capsys, NY, "--at", "2026-11-24T15:00:00Z", "--no-history", "--channel", "sms")
    assert "must end by then" not in text


@pytest.mark.parametrize("number, place", [
    ("+18005551234", "US (any of 51 subdivisions), one of 11 time zones"),  # toll-free: every state
    ("+5561991234567", "BR-DF or BR-GO, "),  # DDD 61: two states
    ("+61291234567", "AU-ACT, AU-NSW or AU-VIC, "),
    ("+12125550123", "US-NY, Eastern Time (America/New_York)"),  # one state: as before
])
def test_the_place_line_names_the_subdivisions_a_number_may_be_in(number: str, place: str) -> None:
    from callwindow import Policy
    from callwindow.cli.render import describe_place

    decision = Policy.default().check(number, "2026-12-02T13:30:00Z")
    assert describe_place(decision.region, decision.subdivision, decision.zones, decision.places).startswith(place)
