"""A cache of the parsed shipped rule data, so that a cold `can-i-call` does not parse 90 TOML
files on every start (about half of its time: bench/bench_cli.py).

The cache is one pickle per (rule-data digest, code stamp) in the user's cache folder: any edit
of a data file changes the digest (resources.data_version), any edit of the code that builds
the rules changes the stamp (the size and mtime of the modules that build them, and the version), so a
stale entry is never read - it is simply not found. Anything wrong with the cache (no folder,
no permission, a truncated or foreign file) is the same as no cache: the files are parsed, as
without it. `CALLWINDOW_NO_CACHE=1` turns it off.

Trust: the file is unpickled, so it is as trusted as the user's own cache folder (whoever can
write there can already change what this user runs).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from .version import __version__

T = TypeVar("T")
APP = "callwindow"


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/callwindow when that is absolute, else the platform's cache folder."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if base and Path(base).is_absolute():
        return Path(base) / APP
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / APP
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA", "").strip()
        return (Path(local) if local else Path.home() / "AppData" / "Local") / APP / "Cache"
    return Path.home() / ".cache" / APP


def cached(name: str, digest: str, code: Iterable[str | None], build: Callable[[], T]) -> T:
    """`build()`, or its result saved by an earlier run with the same data digest and the same
    `code` files (the modules that define and build the cached objects)."""
    if os.environ.get("CALLWINDOW_NO_CACHE", "").strip() not in ("", "0"):
        return build()
    stamps = "|".join(_stamp(file) for file in code)
    stamp = hashlib.sha256(f"{digest}|{__version__}|{stamps}".encode())
    path = cache_dir() / f"{name}-{stamp.hexdigest()[:16]}.pickle"
    try:
        with path.open("rb") as handle:
            value: T = pickle.load(handle)
        return value
    except Exception:  # any unreadable cache is no cache: parse the files
        pass
    value = build()
    _save(path, value)
    return value


def _stamp(file: str | None) -> str:
    try:
        found = os.stat(file or "")
    except OSError:
        return "?"
    return f"{found.st_size}:{found.st_mtime_ns}"


def _save(path: Path, value: object) -> None:
    """Written to a temporary file and renamed: a reader never sees half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except Exception:  # a cache that cannot be written costs speed, never the answer
        pass
