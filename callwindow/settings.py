"""The user's settings file: defaults for the command line.

A TOML file of flat keys, looked up in this order:

1. ``--config PATH`` (an error if it does not exist);
2. the ``CALLWINDOW_CONFIG`` environment variable (same);
3. ``$XDG_CONFIG_HOME/callwindow/config.toml``, by default
   ``~/.config/callwindow/config.toml`` (silently absent is fine).

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
    "profile": ("courtesy", "legal"),
    "color": ("auto", "always", "never"),
}

TEMPLATE = """\
# can-i-call settings (TOML). Options given on the command line override these.
# Remove the leading "# " of a line to use it.

# purpose = "sales"              # sales | service | collection | personal
# contact = "consumer"           # consumer | business
# my_zone = "Europe/London"      # your own IANA time zone (default: this machine's)
# profile = "courtesy"           # courtesy = laws + courtesy rules; legal = laws only
# rules = ["company-hours.toml"] # company rules files (relative to this file); only ever restrict
# duration = 3                   # expected call length in minutes (0-600)
# default_region = "US"          # country of numbers written without +CC
# color = "auto"                 # auto | always | never
# db = "history.sqlite3"         # contact history database (relative to this file)
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
    my_zone: str | None = None
    profile: str | None = None
    rules: tuple[str, ...] | None = None
    db: str | None = None
    duration: float | None = None
    color: str | None = None
    default_region: str | None = None
    sources: dict[str, str] = field(default_factory=dict, compare=False)  # key -> "config" (for `config`)

    @classmethod
    def keys(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls) if f.name not in ("path", "sources"))


def default_path() -> Path:
    """$XDG_CONFIG_HOME/callwindow/config.toml (default ~/.config/...)."""
    base = os.environ.get("XDG_CONFIG_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".config"
    return root / "callwindow" / "config.toml"


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
    if key == "my_zone":
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
    """The zone given (option or config), else the machine's local zone."""
    if setting:
        return MyZone(setting, clock.get_zone(setting))  # InvalidZone when bad
    name = machine_zone_name()
    if name:
        return MyZone(name, clock.get_zone(name))
    local = datetime.now().astimezone()
    offset = local.strftime("%z")
    label = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    assert local.tzinfo is not None
    return MyZone(label, local.tzinfo)


def machine_zone_name() -> str | None:
    """This machine's IANA zone: $TZ, the /etc/localtime link, /etc/timezone."""
    candidates: list[str] = []
    tz = os.environ.get("TZ", "").lstrip(":")
    if tz:
        candidates.append(tz.split("zoneinfo/", 1)[-1])
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
