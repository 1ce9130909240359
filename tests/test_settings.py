"""Settings (issue 6): the config file's defaults, command-line overrides, and a
bad file is a clear error (exit 2) naming the file and the key."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from callwindow.cli import main
from callwindow.settings import TEMPLATE, ConfigError, Settings, default_path, load, machine_zone_name, my_zone
from callwindow.store import open_store

NY = "+1 212 555 0123"
NIGHT = "2026-11-25T03:30:00Z"  # 22:30 in New York: a sales call waits, a service call may text instead


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("CALLWINDOW_CONFIG", raising=False)
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home


def config(tmp_path: Path, text: str, name: str = "config.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def decide(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    status = main([NY, "--at", NIGHT, "--json", *args])
    return status, json.loads(capsys.readouterr().out)


def test_defaults_from_the_file_and_options_override(tmp_path, capsys) -> None:
    path = config(tmp_path, 'purpose = "service"\ncontact = "consumer"\n')
    status, answer = decide(capsys, "--config", str(path))
    assert (status, answer["purpose"], answer["action"]) == (1, "service", "sms")
    status, answer = decide(capsys, "--config", str(path), "--purpose", "sales")
    assert (answer["purpose"], answer["action"]) == ("sales", "defer")


def test_the_default_location_and_the_environment(tmp_path, capsys, monkeypatch, _isolated) -> None:
    assert default_path() == _isolated / "callwindow" / "config.toml"
    default = _isolated / "callwindow" / "config.toml"
    default.parent.mkdir(parents=True)
    default.write_text('purpose = "collection"\n', encoding="utf-8")
    assert decide(capsys)[1]["purpose"] == "collection"
    assert decide(capsys, "--no-config")[1]["purpose"] == "sales"
    other = config(tmp_path, 'purpose = "service"\n', "other.toml")
    monkeypatch.setenv("CALLWINDOW_CONFIG", str(other))
    assert decide(capsys)[1]["purpose"] == "service"  # the environment beats the default location
    assert decide(capsys, "--config", str(default))[1]["purpose"] == "collection"  # --config beats both


def test_home_default_without_xdg(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_path() == tmp_path / ".config" / "callwindow" / "config.toml"


def test_profile_rules_duration_zone_and_colour(tmp_path, capsys) -> None:
    rules = tmp_path / "company" / "hours.toml"
    rules.parent.mkdir()
    rules.write_text(
        '[company]\nid = "acme"\nname = "ACME calling hours"\n\n'
        '[[rule]]\nid = "acme.hours"\ntitle = "ACME calls 09:00-17:00 only"\n'
        'source = "https://intranet.example/acme"\n'
        'as_of = 2026-01-01\neffective_from = 2026-01-01\nconfidence = "high"\n'
        '[rule.allowed]\nevery_day = ["09:00-17:00"]\n',
        encoding="utf-8",
    )
    path = config(tmp_path, 'profile = "legal"\nrules = ["company/hours.toml"]\nduration = 0\n'
                            'my_zone = "Asia/Tokyo"\ncolor = "never"\ndefault_region = "US"\n'
                            'db = "history.sqlite3"\n')
    settings = load(str(path))
    assert settings.rules == (str(rules),)  # relative to the settings file
    assert settings.db == str(tmp_path / "history.sqlite3")
    # 10:00 New York: ACME allows from 09:00
    open_store(settings.db).close()  # the settings file names an existing store (a missing one is refused)
    status = main(["2125550123", "--at", "2026-11-24T15:00:00Z", "--config", str(path)])
    text = capsys.readouterr().out
    assert status == 0 and "your time: Wed 25 Nov 00:00 (Asia/Tokyo)" in text and "\033[" not in text
    # 08:30 New York: the law allows (legal profile), ACME does not
    status, answer = decide(capsys, "--config", str(path), "--at", "2026-11-24T13:30:00Z")
    assert answer["action"] == "defer" and [r["rule"] for r in answer["reasons"]] == ["acme.hours"]
    assert "+company:acme" in answer["versions"]["rules"]
    # --rules on the command line replaces the file's list; --profile overrides it too
    status, answer = decide(capsys, "--config", str(path), "--at", "2026-11-24T13:30:00Z", "--profile", "courtesy",
                            "--rules", str(tmp_path / "company" / "hours.toml"))
    assert answer["action"] == "defer"


@pytest.mark.parametrize(
    "text, key, words",
    [
        ('purpose = "fax"\n', "purpose", "expected one of sales, service, collection, personal"),
        ('purpos = "sales"\n', "purpos", "unknown key"),
        ('my_zone = "Mars/Olympus"\n', "my_zone", "unknown time zone"),
        ("duration = 9999\n", "duration", "between 0 and 600"),
        ('duration = "three"\n', "duration", "between 0 and 600"),
        ('rules = ["missing.toml"]\n', "rules", "does not exist"),
        ("rules = 3\n", "rules", "a file path or a list"),
        ('color = "sometimes"\n', "color", "auto, always, never"),
        ('default_region = "Narnia"\n', "default_region", "ISO 3166-1"),
        ("purpose = \n", None, "not valid TOML"),
    ],
)
def test_a_bad_file_is_one_clear_line_and_exit_2(tmp_path, capsys, text, key, words) -> None:
    path = config(tmp_path, text)
    assert main([NY, "--config", str(path)]) == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"can-i-call: error: config file {path}")
    if key:
        assert f"key {key!r}" in lines[0]
    assert words in lines[0]
    with pytest.raises(ConfigError):
        load(str(path))


def test_a_missing_file_named_explicitly_is_an_error(tmp_path, capsys, monkeypatch) -> None:
    assert main([NY, "--config", str(tmp_path / "nope.toml")]) == 2
    assert "no such file" in capsys.readouterr().err
    monkeypatch.setenv("CALLWINDOW_CONFIG", str(tmp_path / "nope.toml"))
    assert main([NY]) == 2
    capsys.readouterr()
    assert main(["list", "whatever.csv"]) == 2  # every command reads the same file
    assert "no such file" in capsys.readouterr().err


def test_the_list_command_uses_the_settings(tmp_path, capsys) -> None:
    path = config(tmp_path, 'purpose = "service"\n')
    leads = tmp_path / "leads.csv"
    leads.write_text("phone\n+12125550123\n", encoding="utf-8")
    assert main(["list", str(leads), "--config", str(path), "--at", NIGHT, "--quiet"]) == 0
    assert ",sms,false," in capsys.readouterr().out


def test_config_command_and_init(tmp_path, capsys, _isolated) -> None:
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert "absent: built-in defaults" in out and "purpose = sales  (built-in)" in out
    assert main(["config", "--init"]) == 0
    written = _isolated / "callwindow" / "config.toml"
    assert written.read_text(encoding="utf-8") == TEMPLATE
    assert load() == Settings(path=written)  # the template only has comments
    assert main(["config", "--init"]) == 2  # never overwrites
    capsys.readouterr()
    written.write_text('purpose = "service"\nrules = []\n', encoding="utf-8")
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert "purpose = service  (settings file)" in out and "contact = consumer  (built-in)" in out
    assert main(["config", "--path"]) == 0 and capsys.readouterr().out.strip() == str(written)


def test_every_template_line_is_a_valid_setting(tmp_path) -> None:
    (tmp_path / "company-hours.toml").write_text("", encoding="utf-8")
    uncommented = "\n".join(line[2:] for line in TEMPLATE.splitlines() if line.startswith("# ") and " = " in line)
    settings = load(str(config(tmp_path, uncommented)))
    assert set(settings.sources) == set(Settings.keys())


def test_my_zone(monkeypatch) -> None:
    assert my_zone("Asia/Kolkata").name == "Asia/Kolkata"
    monkeypatch.setenv("TZ", "America/Chicago")
    assert machine_zone_name() == "America/Chicago"
    assert my_zone(None).name == "America/Chicago"
    monkeypatch.setenv("TZ", ":Europe/Paris")
    assert machine_zone_name() == "Europe/Paris"


def test_a_bad_my_zone_option_exits_2(capsys) -> None:
    assert main([NY, "--my-zone", "Nowhere/Land", "--no-config"]) == 2
    assert "unknown time zone" in capsys.readouterr().err


def test_no_traceback_for_a_bad_file_in_a_real_process(tmp_path) -> None:
    path = config(tmp_path, "[broken\n")
    result = subprocess.run([sys.executable, "-m", "callwindow.cli", NY, "--config", str(path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"can-i-call: error: config file {path}: not valid TOML")


# ---------------------------------------------------------------- bounded reading (issue 17)


def test_read_toml_refuses_what_could_hang_or_exhaust(tmp_path) -> None:
    import os

    from callwindow.settings import UnreadableFile, read_toml

    good = tmp_path / "good.toml"
    good.write_text('purpose = "service"\n')
    assert read_toml(good, 1000) == {"purpose": "service"}
    with pytest.raises(UnreadableFile, match="too large"):
        read_toml(good, 5)
    with pytest.raises(UnreadableFile, match="folder"):
        read_toml(tmp_path, 1000)
    with pytest.raises(FileNotFoundError):
        read_toml(tmp_path / "absent.toml", 1000)
    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 5000 + "]" * 5000)
    with pytest.raises(UnreadableFile, match="nested too deeply"):
        read_toml(deep, 100_000)
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'# caf\xe9\n')
    with pytest.raises(UnreadableFile, match="line 1 has the byte 0xe9"):
        read_toml(latin, 1000)
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "fifo.toml"
        os.mkfifo(fifo)
        with pytest.raises(UnreadableFile, match="not a regular file"):
            read_toml(fifo, 1000)  # refused before it is opened: opening would block


def test_config_usage_error_is_one_line(capsys) -> None:
    from callwindow.cli import main

    assert main(["config", "--no-such-option"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("can-i-call: error:")


def test_my_zone_in_the_settings_file_is_read_whatever_its_case(tmp_path) -> None:
    from callwindow.settings import load

    path = tmp_path / "config.toml"
    path.write_text('my_zone = "europe/LONDON"\n')
    assert load(str(path)).my_zone == "Europe/London"


# ---------------------------------------------------------------- folders and zones per platform (issue 17)


@pytest.fixture
def bare_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No XDG variables, HOME in a temporary folder."""
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


def test_linux_folders_are_the_xdg_defaults(bare_home, monkeypatch) -> None:
    from callwindow.settings import user_config_dir, user_data_dir

    monkeypatch.setattr(sys, "platform", "linux")
    assert user_config_dir() == bare_home / ".config" / "callwindow"
    assert user_data_dir() == bare_home / ".local" / "share" / "callwindow"


def test_macos_folders_are_application_support(bare_home, monkeypatch) -> None:
    from callwindow.settings import user_config_dir, user_data_dir

    monkeypatch.setattr(sys, "platform", "darwin")
    support = bare_home / "Library" / "Application Support" / "callwindow"
    assert user_config_dir() == support and user_data_dir() == support
    assert default_path() == support / "config.toml"


def test_windows_folders_roam_settings_and_keep_data_local(bare_home, monkeypatch) -> None:
    import platformdirs.windows

    from callwindow.settings import user_config_dir, user_data_dir

    folders = {"CSIDL_APPDATA": str(bare_home / "Roaming"), "CSIDL_LOCAL_APPDATA": str(bare_home / "Local")}
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", folders.__getitem__)
    monkeypatch.setattr(sys, "platform", "win32")
    assert user_config_dir() == bare_home / "Roaming" / "callwindow"
    assert user_data_dir() == bare_home / "Local" / "callwindow"


@pytest.mark.parametrize("system", ["linux", "darwin", "win32"])
def test_xdg_variables_win_on_every_platform(bare_home, monkeypatch, system) -> None:
    from callwindow.settings import user_config_dir, user_data_dir

    monkeypatch.setattr(sys, "platform", system)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(bare_home / "conf"))
    monkeypatch.setenv("XDG_DATA_HOME", str(bare_home / "data"))
    assert user_config_dir() == bare_home / "conf" / "callwindow"
    assert user_data_dir() == bare_home / "data" / "callwindow"
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/conf")  # ignored, as the XDG spec says
    monkeypatch.setattr(sys, "platform", "linux")
    assert user_config_dir() == bare_home / ".config" / "callwindow"


def test_a_posix_tz_rule_is_followed_through_its_dst_changes(monkeypatch) -> None:
    from datetime import UTC, datetime, timedelta

    from callwindow.clock import get_zone

    monkeypatch.setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3")
    assert machine_zone_name() is None  # TZ decides: /etc/localtime is not consulted
    zone = my_zone(None)
    assert zone.name == "TZ=CET-1CEST,M3.5.0,M10.5.0/3"
    winter, summer = datetime(2026, 1, 15, 12, tzinfo=UTC), datetime(2026, 7, 15, 12, tzinfo=UTC)
    assert winter.astimezone(zone.tz).hour == 13 and summer.astimezone(zone.tz).hour == 14
    # both changes of the year, quarter-hour by quarter-hour, as Europe/Paris makes them
    for start in (datetime(2026, 3, 29, tzinfo=UTC), datetime(2026, 10, 25, tzinfo=UTC)):
        for minute in range(0, 240, 15):
            moment = start + timedelta(minutes=minute)
            assert moment.astimezone(zone.tz).utcoffset() == moment.astimezone(get_zone("Europe/Paris")).utcoffset()


@pytest.mark.parametrize("rule, winter_hours, summer_hours", [
    ("<+0330>-3:30", 3.5, 3.5), ("UTC0", 0, 0), ("EST5EDT,M3.2.0,M11.1.0", -5, -4)])
def test_posix_rules_read(rule: str, winter_hours: float, summer_hours: float) -> None:
    from datetime import UTC, datetime

    from callwindow.clock import posix_zone

    zone = posix_zone(rule)
    for month, hours in ((1, winter_hours), (7, summer_hours)):
        offset = datetime(2026, month, 15, tzinfo=UTC).astimezone(zone).utcoffset()
        assert offset is not None and offset.total_seconds() == hours * 3600


@pytest.mark.parametrize("rule", ["garbage", "", "x" * 300, "CET-1\nCEST", "Zürich"])
def test_a_bad_tz_rule_is_invalid_zone(rule: str) -> None:
    from callwindow.clock import posix_zone
    from callwindow.errors import InvalidZone

    with pytest.raises(InvalidZone):
        posix_zone(rule)


def test_windows_zone_comes_from_tzlocal(monkeypatch) -> None:
    import types

    monkeypatch.delenv("TZ", raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    fake = types.ModuleType("tzlocal")
    fake.get_localzone_name = lambda: "Europe/Berlin"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tzlocal", fake)
    assert machine_zone_name() == "Europe/Berlin"
    assert my_zone(None).name == "Europe/Berlin"

    def unmapped() -> str:
        raise LookupError("no IANA zone for 'Mid-Atlantic Standard Time'")

    fake.get_localzone_name = unmapped  # type: ignore[attr-defined]
    monkeypatch.setattr("os.readlink", lambda path: (_ for _ in ()).throw(OSError()))
    monkeypatch.setattr(Path, "read_text", lambda self, **kw: (_ for _ in ()).throw(OSError()))
    assert machine_zone_name() is None
    assert my_zone(None).name.startswith("UTC")  # the machine's offset, labelled as one


def test_the_templates_db_line_says_what_is_true() -> None:
    """The db line names what a check reads when it is unset, and that a store named here must
    exist (a missing one stops every check: store.require_store), not only "relative to this file"."""
    from callwindow.store import user_db_path

    block = TEMPLATE.split('# db = "history.sqlite3"', 1)[1].split("# my_name", 1)[0]
    text = " ".join(line.lstrip("# ").strip() for line in block.splitlines())
    assert "every check reads" in text and "relative to this file" in text and "--create-db" in text
    assert "$CALLWINDOW_DB" in text and "$XDG_DATA_HOME/callwindow/history.sqlite3" in text
    assert user_db_path().endswith(os.path.join("callwindow", "history.sqlite3"))
