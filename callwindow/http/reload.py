"""Rule data reloaded on SIGHUP, in place, without dropping a request.

Each worker handles SIGHUP itself (`install`): the rule files (data/jurisdictions,
data/courtesy) are loaded and validated again in a thread while the worker keeps answering with
the policies in force, and only a complete pair of new policies (courtesy and legal) replaces
them - one assignment, so a request is answered wholly by the old data or wholly by the new.
A reload that fails (a rule file that does not validate) keeps the data in force and says why
in the log. With `--workers N`, `callwindow-serve` makes uvicorn's supervisor pass SIGHUP on to
every worker (`ForwardingSupervisor`) instead of restarting them: a restart closes keep-alive
connections, and a client racing a request onto one would see it fail.

Only the rule files are reloaded. The other tables (area codes, postal codes, holiday data,
zones) are read once per process by the core's caches; when one of them changed on disk the
reload is refused - the stamped digest (`versions.rules`, every data file) would otherwise name
data the answers do not come from. Restart the service for those.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import json
import logging
import os
import signal
import sys
import threading
from typing import Any

from ..policy import PROFILES, ProfilePolicies
from ..resources import DATA_DIR, data_version
from ..rules import courtesy_profile, shipped_jurisdictions
from .security import access_log

RULE_FOLDERS = ("jurisdictions", "courtesy")
_log = logging.getLogger("callwindow.http")


def tables_digest() -> str:
    """A digest of the data files other than the rule files (what a reload cannot refresh)."""
    digest = hashlib.sha256()
    for path in sorted(DATA_DIR.rglob("*")):
        relative = path.relative_to(DATA_DIR)
        if path.is_file() and relative.parts[0] not in RULE_FOLDERS:
            digest.update(relative.as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


class Reloader:
    """Builds fresh policies from the rule files on disk, one reload at a time."""

    def __init__(self) -> None:
        self._tables = tables_digest()
        self._lock = threading.Lock()

    def fresh_policies(self) -> ProfilePolicies:
        """New courtesy and legal policies, every rule file loaded and validated again
        (RuleDataError, ValueError: the files on disk do not make a policy)."""
        with self._lock:
            tables = tables_digest()
            if tables != self._tables:
                raise ValueError("data files other than the rule files changed (area codes, postal codes, "
                                 "holidays...): restart the service to use them")
            for cached in (shipped_jurisdictions, courtesy_profile, data_version):
                cached.cache_clear()
            policies = ProfilePolicies()
            for profile in PROFILES:
                policies.get(profile)  # built (and validated) now, not on the next request
            return policies


def install(service: Any) -> bool:
    """Reload `service`'s rule data on SIGHUP (from the running event loop's thread); False
    where the platform has no SIGHUP or this is not the main thread (a test client)."""
    if not hasattr(signal, "SIGHUP") or threading.current_thread() is not threading.main_thread():
        return False
    loop = asyncio.get_running_loop()
    reloader = Reloader()
    running: set[asyncio.Future[None]] = set()

    def reload() -> None:
        before = service.policy("courtesy").versions["rules"]
        try:
            service.use_policies(reloader.fresh_policies())
        except (ValueError, OSError) as error:  # RuleDataError is a ValueError
            _event("rules_reload_failed", rules=before, error=str(error)[:300])
            return
        except Exception as error:  # any other failure is said too: a reload never fails in silence
            _event("rules_reload_failed", rules=before, error=f"{type(error).__name__}: {error}"[:300])
            return
        refreeze_heap()  # the old policies may go, the new ones are long-lived
        _event("rules_reloaded", rules_before=before, rules=service.policy("courtesy").versions["rules"])

    def on_hangup() -> None:
        if running:  # one at a time: a second SIGHUP during a reload is the same request
            return
        future = loop.run_in_executor(None, reload)  # a thread: loading takes long, the loop keeps answering
        running.add(future)
        future.add_done_callback(running.discard)

    loop.add_signal_handler(signal.SIGHUP, on_hangup)
    # Said once per worker: from here on a SIGHUP reloads this worker in place. (Before it, the
    # signal's default action ends the worker and the supervisor starts another - on the new data.)
    _event("rules_reload_ready")
    return True


def freeze_heap() -> int:
    """Keep what the worker holds now (policies, compiled contexts, rule and number tables:
    ~90,000 objects) out of the cyclic garbage collector's passes for good; the number of
    objects frozen. Call it once the worker is warm. Measured: a full collection walked that
    heap in ~35 ms (a pause of every request in flight, 1 us a worded batch item on average);
    frozen, it takes ~1 ms. Garbage is collected first, so that none is frozen (frozen
    objects are freed by their reference counts, never by the collector: a frozen cycle would
    stay; the policies hold none)."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def refreeze_heap() -> int:
    """freeze_heap() after a reload: what was frozen goes back to the collector first (the old
    policies among it, freed once no request holds them), so nothing outlives its use. The
    full collection holds the interpreter ~35 ms: once per reload."""
    gc.unfreeze()
    return freeze_heap()


def _event(name: str, **fields: Any) -> None:
    line = json.dumps({"event": name, "pid": os.getpid(), **fields}, ensure_ascii=False)
    access_log().put(line)  # beside the access lines: one structured stream on stderr
    access_log().flush()


def forwarding_supervisor() -> type:
    """uvicorn's multi-process supervisor, with SIGHUP passed on to the workers (each reloads in
    place) instead of a rolling restart, and a listening socket of their own for each worker
    (`protocol.worker_sockets`)."""
    from uvicorn.supervisors.multiprocess import Multiprocess

    from .protocol import worker_sockets

    class ForwardingSupervisor(Multiprocess):
        def __init__(self, config: Any, sockets: list[Any]) -> None:
            super().__init__(config, worker_sockets(sockets))  # a listening socket per worker (protocol.py)

        def handle_hup(self) -> None:
            for process in self.processes:
                if process.pid is not None:
                    try:
                        os.kill(process.pid, signal.SIGHUP)
                    except ProcessLookupError:  # it just died: the supervisor starts another (new data)
                        pass
            print(json.dumps({"event": "rules_reload_asked", "workers": len(self.processes)}), file=sys.stderr)

    return ForwardingSupervisor
