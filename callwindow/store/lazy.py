"""The history store of a long-running server (HTTP workers, the MCP server): opened on first
use and kept open. Once opened, a SQLite file that disappears (removed, a volume unmounted) or is
replaced (another file at its path: the connection would go on reading the old one, and miss
every record written to the new) is an error for every caller, never silently a new empty store
or a stale one - that would mean no opt-outs and no caps, a server that fails open."""

from __future__ import annotations

import os
import threading
import time

from . import HistoryStore, MissingStore, is_missing, open_store, store_file


class LazyStore:
    """One store target, opened once per process on first use; thread-safe."""

    def __init__(self, target: str, *, hash_key: bytes | None = None) -> None:
        self.target = target  # a SQLite path or a postgresql:// URL
        self._hash_key = hash_key
        self._store: HistoryStore | None = None
        self._opened = False  # opened once: a file missing later is an error, never a new empty store
        self._lock = threading.Lock()
        self._file = store_file(target)  # worked out once: get() checks it (a stat)
        # The file opened (device, inode): a file put at its path since (a restore, a new empty
        # store) is not the one the connection reads - the connection keeps the old one.
        self._identity: tuple[int, int] | None = None
        self._seen = -float("inf")  # when get() last found the file (time.monotonic())

    def get(self, recheck_after: float = 0.0) -> HistoryStore:
        """The open store (opened now on first use), or MissingStore when its file has gone:
        looked for on every call, or - `recheck_after` seconds, for a read only - when it was
        last found longer ago than that. A stat is a system call (~2 us in a VM, a tenth of a
        check); a read of a file removed since is a read of the data as it was a moment ago, and
        every write looks again (a write into a removed file would be lost)."""
        if self._store is None:
            with self._lock:
                if self._store is None:
                    if self._opened and is_missing(self.target):
                        raise self._missing()
                    self._store = open_store(self.target, hash_key=self._hash_key)
                    self._opened = True
                    self._identity = _identity(self._file)
        if self._file is not None and (recheck_after <= 0 or time.monotonic() - self._seen >= recheck_after):
            found = _identity(self._file)
            if found is None or found != self._identity:
                self._seen = -float("inf")
                raise self._missing() if found is None else self._replaced()
            self._seen = time.monotonic()
        return self._store

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None

    def _replaced(self) -> MissingStore:
        return MissingStore(f"the history store {self.target} was replaced since it was opened (another file is at "
                            "its path now; the service still holds the old one): restart the service to read it")

    def _missing(self) -> MissingStore:
        return MissingStore(f"the history store {self.target} is missing (removed or unmounted since it was opened)")


def _identity(file: str | None) -> tuple[int, int] | None:
    """The (device, inode) of a file, None when there is none at the path (or no file at all)."""
    if file is None:
        return None
    try:
        found = os.stat(file)
    except OSError:
        return None
    return found.st_dev, found.st_ino
