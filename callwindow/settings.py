"""The user's settings file: defaults for the command line.

A TOML file of flat keys, looked up in this order:

1. ``--config PATH`` (an error if it does not exist);
2. the ``CALLWINDOW_CONFIG`` environment variable (same);
3. ``config.toml`` in the settings folder (silently absent is fine): ``$XDG_CONFIG_HOME/callwindow``
   when set, else ``~/.config/callwindow`` on Linux, ``~/Library/Application Support/callwindow``
   on macOS, ``%APPDATA%\\callwindow`` on Windows (``user_config_dir``).

``--no-config`` skips all three. Options given on the command line override
the file; the file overrides the built-in defaults. A bad file is a
:class:`ConfigError` naming the file and the key (the command exits 2).

This module also answers "what is the caller's own time zone?" (``my_zone``):
the setting, else the machine's zone. ``can-i-call config`` (callwindow.cli.config)
shows the file and writes a template.
"""

from __future__ import annotations

import functools
import os
import tomllib
from dataclasses import dataclass, field, fields
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from . import clock
from .errors import CallwindowError, InvalidRegion
from .numbers import normalise_region

ENV_VAR = "CALLWINDOW_CONFIG"

CHOICES: dict[str, tuple[str, ...]] = {
    "purpose": ("sales", "service", "collection", "personal"),
    "contact": ("consumer", "business"),
    "call_type": ("live", "prerecorded", "automated"),
    "profile": ("courtesy", "legal"),
    "color": ("auto", "always", "never"),
}

TEMPLATE = """\
# can-i-call settings (TOML). Options given on the command line override these.
# Remove the leading "# " of a line to use it.

# purpose = "sales"              # sales | service | collection | personal
# contact = "consumer"           # consumer | business
# call_type = "live"             # live | prerecorded (artificial or AI voice) | automated (autodialer)
# default_zone = "America/New_York"  # zone for numbers with no geography (toll-free...); always reported
# my_zone = "Europe/London"      # your own IANA time zone (default: this machine's)
# profile = "courtesy"           # courtesy = laws + courtesy rules; legal = laws only
# rules = ["company-hours.toml"] # company rules files (relative to this file); only ever restrict
# duration = 3                   # expected call length in minutes (0-600)
# default_region = "US"          # country of numbers written without +CC
# color = "auto"                 # auto | always | never
# db = "history.sqlite3"         # the contact history store every check reads: a file (relative to this
#                                #   file; it must exist - `--create-db` starts it) or a postgresql:// URL.
#                                #   Unset: $CALLWINDOW_DB, else $XDG_DATA_HOME/callwindow/history.sqlite3
#                                #   (~/.local/share/callwindow/history.sqlite3), made by the first record
# my_name = "Anna Schmidt"       # the signature of drafted texts (S16: name and extension)
# my_extension = "214"           # your extension
# my_company = "Example GmbH"    # your company
# my_number = "+49 30 1234567"   # the number a voicemail asks them to call back
"""


class ConfigError(CallwindowError):
    """The settings file cannot be read or holds a bad value; names the file and key."""

    def __init__(self, path: Path, key: str | None, problem: str) -> None:
        self.path = path
        self.key = key
        where = f"config file {path}" + (f": key {key!r}" if key else "")
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Settings:
    """Defaults read from the settings file (None: not set there)."""

    path: Path | None = None  # the file these came from; None when no file was read
    purpose: str | None = None
    contact: str | None = None
    call_type: str | None = None
    default_zone: str | None = None
    my_zone: str | None = None
    profile: str | None = None
    rules: tuple[str, ...] | None = None
    db: str | None = None
    duration: float | None = None
    color: str | None = None
    default_region: str | None = None
    # the signature of drafted texts and voicemails (callwindow.drafts, S13, S16)
    my_name: str | None = None
    my_extension: str | None = None
    my_company: str | None = None
    my_number: str | None = None
    sources: dict[str, str] = field(default_factory=dict, compare=False)  # key -> "config" (for `config`)

    @classmethod
    def keys(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls) if f.name not in ("path", "sources"))


def default_path() -> Path:
    """The settings file: config.toml in user_config_dir()."""
    return user_config_dir() / "config.toml"


APP = "callwindow"


def user_config_dir() -> Path:
    """callwindow's settings folder: $XDG_CONFIG_HOME/callwindow when that is an absolute path
    (on every platform: a user who sets it means it), else the platform's own folder -
    ~/.config/callwindow (Linux, BSD), ~/Library/Application Support/callwindow (macOS),
    %APPDATA%\\callwindow (Windows, the roaming profile: settings follow the user)."""
    return _xdg_dir("XDG_CONFIG_HOME") or _platform_dir("config")


def user_data_dir() -> Path:
    """callwindow's data folder (the history store): $XDG_DATA_HOME/callwindow when absolute,
    else ~/.local/share/callwindow (Linux, BSD), ~/Library/Application Support/callwindow
    (macOS), %LOCALAPPDATA%\\callwindow (Windows: a store stays on its machine)."""
    return _xdg_dir("XDG_DATA_HOME") or _platform_dir("data")


def _xdg_dir(variable: str) -> Path | None:
    base = os.environ.get(variable, "").strip()
    # The XDG spec ignores a relative path: it would move with the working folder.
    return Path(base) / APP if base and Path(base).is_absolute() else None


def _platform_dir(kind: str) -> Path:
    """The platform's folder (platformdirs on macOS and Windows; chosen by sys.platform when
    asked, so tests can pretend to be another system). Linux and the BSDs use the XDG defaults
    without importing platformdirs (it would give the same folders: a faster start)."""
    import sys

    if sys.platform == "darwin":
        from platformdirs.macos import MacOS

        return Path(MacOS(appname=APP).user_data_dir)  # settings and data both live there on macOS
    if sys.platform == "win32":
        from platformdirs.windows import Windows

        windows = Windows(appname=APP, appauthor=False, roaming=kind == "config")
        return Path(windows.user_config_dir if kind == "config" else windows.user_data_dir)
    return Path.home() / (".config" if kind == "config" else ".local/share") / APP


def locate(explicit: str | None = None, *, disabled: bool = False) -> tuple[Path | None, bool]:
    """(path, required): which file to read, and whether its absence is an error."""
    if disabled:
        return None, False
    if explicit is not None:
        return Path(explicit).expanduser(), True
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env).expanduser(), True
    return default_path(), False


def load(explicit: str | None = None, *, disabled: bool = False) -> Settings:
    """Read and validate the settings file; Settings() when there is none."""
    path, required = locate(explicit, disabled=disabled)
    if path is None:
        return Settings()
    try:
        document = read_toml(path, MAX_SETTINGS_BYTES)
    except FileNotFoundError:
        if required:
            raise ConfigError(path, None, "no such file") from None
        return Settings()
    except UnreadableFile as error:
        raise ConfigError(path, None, str(error)) from None
    return parse(document, path)


SIGNATURE_KEYS = ("my_name", "my_extension", "my_company", "my_number")  # how drafts are signed (S16)
MAX_SETTINGS_BYTES = 64 * 1024  # a settings file is a dozen lines
MAX_RULES_BYTES = 4 * 1024 * 1024  # the largest shipped jurisdiction file is a few tens of kB


class UnreadableFile(ValueError):
    """A TOML file a person named that cannot be read: what is wrong, in a few words."""


def read_toml(path: Path, limit: int) -> dict[str, Any]:
    """A TOML file a person named (settings, company rules), read so that no file can hang or
    exhaust the command: only a regular file (a FIFO would block, /dev/zero never ends), at
    most `limit` bytes, UTF-8, nested no deeper than the parser's stack allows. Raises
    FileNotFoundError when absent, UnreadableFile otherwise."""
    import stat

    try:
        found = path.stat()
    except FileNotFoundError:
        raise
    except OSError as error:
        raise UnreadableFile(f"cannot read it ({error.strerror or error})") from None
    if stat.S_ISDIR(found.st_mode):
        raise UnreadableFile("cannot read it (it is a folder)")
    if not stat.S_ISREG(found.st_mode):
        raise UnreadableFile("not a regular file (a pipe or a device cannot be read as TOML)")
    if found.st_size > limit:
        raise UnreadableFile(f"too large ({found.st_size:,} bytes; at most {limit:,})")
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)  # the file may have grown since stat
    except OSError as error:
        raise UnreadableFile(f"cannot read it ({error.strerror or error})") from None
    if len(raw) > limit:
        raise UnreadableFile(f"too large (more than {limit:,} bytes)")
    try:
        return tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise UnreadableFile(f"not UTF-8 text (line {line} has the byte {raw[error.start]:#04x}): "
                             "save it as UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise UnreadableFile(f"not valid TOML: {error}") from None
    except RecursionError:
        raise UnreadableFile("not valid TOML for callwindow: nested too deeply") from None


def parse(document: dict[str, Any], path: Path) -> Settings:
    """Validate a parsed TOML document; every problem names its key."""
    known = Settings.keys()
    values: dict[str, Any] = {}
    for key, value in document.items():
        if key not in known:
            hint = f"; known keys: {', '.join(known)}"
            raise ConfigError(path, key, f"unknown key{hint}")
        values[key] = _check(path, key, value)
    return Settings(path=path, sources=dict.fromkeys(values, "config"), **values)


def _check(path: Path, key: str, value: Any) -> Any:
    def fail(problem: str) -> ConfigError:
        return ConfigError(path, key, problem)

    if key in CHOICES:
        if not isinstance(value, str) or value.strip().lower() not in CHOICES[key]:
            raise fail(f"expected one of {', '.join(CHOICES[key])}, got {value!r}")
        return value.strip().lower()
    if key in ("my_zone", "default_zone"):
        zone = zone_name(value) if isinstance(value, str) else None
        if zone is None:
            raise fail(f"unknown time zone {value!r}: expected an IANA name like Europe/Paris")
        return zone
    if key == "duration":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 600:
            raise fail(f"expected minutes between 0 and 600, got {value!r}")
        return float(value)
    if key == "default_region":
        try:
            code = normalise_region(value) if isinstance(value, str) else None
        except InvalidRegion:
            code = None
        if code is None:
            raise fail(f"expected an ISO 3166-1 country code like US or FR, got {value!r}")
        return code
    if key in SIGNATURE_KEYS:
        if not isinstance(value, str) or not value.strip() or len(value.strip()) > 100 or "\n" in value:
            raise fail(f"expected one line of text (at most 100 characters), got {value!r}")
        return value.strip()
    if key == "db":
        if not isinstance(value, str) or not value.strip():
            raise fail(f"expected a file path, got {value!r}")
        if "://" in value:  # a postgresql:// URL, not a file
            return value.strip()
        return str(_relative_to(path, value.strip()))
    if key == "rules":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(item, str) and item.strip() for item in items):
            raise fail(f"expected a file path or a list of file paths, got {value!r}")
        found = []
        for item in items:
            rules_path = _relative_to(path, item.strip())
            if not rules_path.is_file():
                raise fail(f"company rules file {rules_path} does not exist")
            found.append(str(rules_path))
        return tuple(found)
    raise fail("unknown key")  # pragma: no cover - keys are checked first


def _relative_to(config: Path, value: str) -> Path:
    target = Path(value).expanduser()
    return target if target.is_absolute() else (config.parent / target)


# ---------------------------------------------------------------- the caller's zone


def zone_name(typed: str) -> str | None:
    """The IANA zone a person typed, whatever its case (`europe/paris` -> `Europe/Paris`), or
    None when it names no zone. The exact name is tried first (no zone list is read)."""
    name = typed.strip()
    if clock.is_zone(name):
        return name
    return _zones_by_lower_name().get(name.lower())


def zone_names() -> tuple[str, ...]:
    """Every IANA zone name of the pinned tz database (for suggestions and completion)."""
    return tuple(sorted(_zones_by_lower_name().values()))


@functools.cache
def _zones_by_lower_name() -> dict[str, str]:
    import zoneinfo

    return {zone.lower(): zone for zone in zoneinfo.available_timezones() if clock.is_zone(zone)}



@dataclass(frozen=True)
class MyZone:
    """The caller's own time zone: an IANA name when known, else the machine's offset."""

    name: str  # IANA name, or a label like "UTC+01:00" when the machine's zone has no name
    tz: tzinfo


def my_zone(setting: str | None) -> MyZone:
    """The zone given (option or config), else the machine's local zone: its IANA name, or a
    POSIX TZ rule in $TZ (followed through its daylight-saving changes), or - when neither can
    be found - the machine's current offset, labelled as such."""
    if setting:
        return MyZone(setting, clock.get_zone(setting))  # InvalidZone when bad
    name = machine_zone_name()
    if name:
        return MyZone(name, clock.get_zone(name))
    rule = os.environ.get("TZ", "").lstrip(":").strip()
    if rule:
        try:
            return MyZone(f"TZ={rule}", clock.posix_zone(rule))
        except CallwindowError:
            pass  # not a rule either: the C library's reading of the machine, below
    local = datetime.now().astimezone()
    offset = local.strftime("%z")
    label = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    assert local.tzinfo is not None
    return MyZone(label, local.tzinfo)


def machine_zone_name() -> str | None:
    """This machine's IANA zone: $TZ when it names one (a POSIX rule there is my_zone's), else
    on Windows the system's zone as tzlocal maps it to IANA (Windows names its zones its own
    way: "W. Europe Standard Time"), else the /etc/localtime link, /etc/timezone."""
    import sys

    candidates: list[str] = []
    tz = os.environ.get("TZ", "").lstrip(":")
    if tz:
        name = tz.split("zoneinfo/", 1)[-1]
        if clock.is_zone(name) or _looks_like_posix_rule(tz):
            return name if clock.is_zone(name) else None  # TZ decides, as it does for the C library
    if sys.platform == "win32":
        candidates.append(_windows_zone_name() or "")
    try:
        link = os.readlink("/etc/localtime")
        if "zoneinfo/" in link:
            candidates.append(link.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    try:
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    except OSError:
        pass
    return next((name for name in candidates if name and clock.is_zone(name)), None)


def _looks_like_posix_rule(text: str) -> bool:
    try:
        clock.posix_zone(text.lstrip(":"))
    except CallwindowError:
        return False
    return True


def _windows_zone_name() -> str | None:
    """Windows' zone as an IANA name (tzlocal reads the registry and maps it with CLDR's
    windowsZones table); None without tzlocal or when it cannot tell."""
    try:
        import tzlocal
    except ImportError:
        return None
    try:
        name = tzlocal.get_localzone_name()
    except Exception:  # tzlocal raises its own errors for an unmapped or unreadable zone
        return None
    return str(name) if name else None
