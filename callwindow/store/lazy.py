"""The history store of a long-running server (HTTP workers, the MCP server): opened on first
use and kept open. Once opened, a SQLite file that disappears (removed, a volume unmounted) is
an error for every caller, never silently a new empty store - that would mean no opt-outs and
no caps, a server that fails open."""

from __future__ import annotations

import os
import threading

from . import HistoryStore, MissingStore, is_missing, open_store, store_file


class LazyStore:
    """One store target, opened once per process on first use; thread-safe."""

    def __init__(self, target: str, *, hash_key: bytes | None = None) -> None:
        self.target = target  # a SQLite path or a postgresql:// URL
        self._hash_key = hash_key
        self._store: HistoryStore | None = None
        self._opened = False  # opened once: a file missing later is an error, never a new empty store
        self._lock = threading.Lock()
        self._file = store_file(target)  # worked out once: get() checks it on every call (a stat)

    def get(self) -> HistoryStore:
        """The open store (opened now on first use), or MissingStore when its file has gone."""
        if self._store is None:
            with self._lock:
                if self._store is None:
                    if self._opened and is_missing(self.target):
                        raise self._missing()
                    self._store = open_store(self.target, hash_key=self._hash_key)
                    self._opened = True
        if self._file is not None and not os.path.exists(self._file):
            raise self._missing()
        return self._store

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None

    def _missing(self) -> MissingStore:
        return MissingStore(f"the history store {self.target} is missing (removed or unmounted since it was opened)")
