"""API keys, masking and the structured access log.

Keys are bearer tokens. They are kept only as SHA-256 digests (from a keys file
of `name:sha256hex` lines, each optionally followed by its limits, `rate=20 burst=40
quota=100000`; or hashed at load from CALLWINDOW_API_KEYS, a comma-separated list of
plain keys) and compared with hmac.compare_digest
against every known digest (no early exit). Nothing here ever logs a key or a
whole phone number.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from phonenumbers import COUNTRY_CODE_TO_REGION_CODE

from .encoding import dumps
from .limits import KeyLimits

ENV_KEYS = "CALLWINDOW_API_KEYS"
ENV_KEYS_FILE = "CALLWINDOW_KEYS_FILE"
_DIGEST = re.compile(r"[0-9a-f]{64}\Z")
_NAME = re.compile(r"[A-Za-z0-9_.@-]{1,64}\Z")
# RFC 6750 b64token, bounded.
_TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]{8,256}=*\Z")
_LIMIT = re.compile(r"(rate|burst|quota)=([0-9]+(?:\.[0-9]+)?)\Z")
# Log fields are cut to these many characters: a line stays small whatever a client sends.
MAX_LOGGED_PATH = 200
MAX_LOGGED_NUMBER = 32


class KeyConfigError(ValueError):
    """A keys file or CALLWINDOW_API_KEYS is malformed."""


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key_line(name: str) -> tuple[str, str]:
    """A fresh random key and its keys-file line `name:sha256hex`."""
    if not _NAME.match(name):
        raise KeyConfigError(f"key name {name!r}: use 1-64 letters, digits, _ . @ -")
    key = "cw_" + secrets.token_urlsafe(32)
    return key, f"{name}:{digest(key)}"


@dataclass(frozen=True)
class KeyRing:
    """name -> SHA-256 hex digest of the key."""

    digests: tuple[tuple[str, bytes], ...] = ()
    limits: tuple[tuple[str, KeyLimits], ...] = ()  # name -> its limits, for the keys that have some

    @classmethod
    def load(cls, keys_file: str | os.PathLike[str] | None = None, env: dict[str, str] | None = None) -> KeyRing:
        environ = os.environ if env is None else env
        entries: list[tuple[str, bytes]] = []
        limits: list[tuple[str, KeyLimits]] = []
        path = keys_file or environ.get(ENV_KEYS_FILE, "").strip() or None
        if path:
            try:
                text = Path(path).read_text(encoding="utf-8")
            except OSError as error:
                raise KeyConfigError(f"cannot read the keys file {path}: {error.strerror or error}") from None
            for number, raw in enumerate(text.splitlines(), 1):
                line = raw.strip()
                if not line or line.startswith("#"):
                    continue
                name, sep, rest = line.partition(":")
                fields = rest.split()  # the digest, then the key's limits if any
                name, hexdigest, options = name.strip(), (fields[0].lower() if fields else ""), fields[1:]
                if not sep or not _NAME.match(name) or not _DIGEST.match(hexdigest):
                    raise KeyConfigError(f"{path}, line {number}: expected name:sha256hex (64 hex digits)")
                entries.append((name, bytes.fromhex(hexdigest)))
                if options:
                    limits.append((name, _limits(options, f"{path}, line {number}")))
        plain = environ.get(ENV_KEYS, "")
        for index, key in enumerate((k.strip() for k in plain.split(",")), 1):
            if not key:
                continue
            if not _TOKEN.match(key):
                raise KeyConfigError(
                    f"{ENV_KEYS}: key #{index} is too short or has characters a bearer token cannot carry"
                )
            entries.append((f"env-{index}", hashlib.sha256(key.encode("utf-8")).digest()))
        return cls(tuple(entries), tuple(limits))

    def __len__(self) -> int:
        return len(self.digests)

    def identify(self, token: str) -> str | None:
        """The name of the key, or None. Constant time in the token's value."""
        presented = hashlib.sha256(token.encode("utf-8")).digest()
        found: str | None = None
        for name, stored in self.digests:
            if hmac.compare_digest(presented, stored) and found is None:
                found = name
        return found


def _limits(options: list[str], where: str) -> KeyLimits:
    """`rate=20 burst=40 quota=100000` (any of them, once each) as KeyLimits."""
    found: dict[str, float] = {}
    for option in options:
        match = _LIMIT.match(option)
        if not match or match.group(1) in found:
            raise KeyConfigError(f"{where}: {option[:40]!r}: expected rate=N, burst=N or quota=N, each at most once")
        found[match.group(1)] = float(match.group(2))
    if found.get("rate", 1) <= 0 or any(found.get(name, 1) < 1 or found.get(name, 1) != int(found.get(name, 1))
                                        for name in ("burst", "quota")):
        raise KeyConfigError(f"{where}: rate must be above 0, burst and quota whole numbers of at least 1")
    if "burst" in found and "rate" not in found:
        raise KeyConfigError(f"{where}: burst needs a rate")
    burst, quota = found.get("burst"), found.get("quota")
    return KeyLimits(rate=found.get("rate"), burst=None if burst is None else int(burst),
                     quota=None if quota is None else int(quota))


def parse_authorization(header: str | None) -> str | None:
    """The bearer token of an Authorization header, or None when it is missing or malformed."""
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not _TOKEN.match(token):
        return None
    return token


# ---------------------------------------------------------------- masking

_PHONEISH = re.compile(r"\+?\d[\d\s().\-]{4,}\d")


_MASKED: dict[str, str | None] = {}  # number as given -> masked: the log masks the same numbers often
_LOGGED_PATHS: dict[str, str] = {}  # path -> as logged (cut, numbers in it masked)
MAX_MASKED = 10_000


def mask_number(value: str | None) -> str | None:
    """+13055550123 -> +1*******23: the country code and the last 2 digits only."""
    if not value:
        return value
    masked = _MASKED.get(value)
    if masked is None:
        if len(_MASKED) >= MAX_MASKED:
            _MASKED.clear()
        masked = _MASKED[value] = _mask(value)
    return masked


def _mask(value: str) -> str | None:
    digits = re.sub(r"\D", "", value)
    if len(digits) < 5:
        return "*" * len(digits)
    if value.strip().startswith(("+", "00")):
        if value.strip().startswith("00"):
            digits = digits[2:]
        code = _country_code(digits)
        return "+" + code + "*" * max(len(digits) - len(code) - 2, 0) + digits[-2:]
    return "*" * (len(digits) - 2) + digits[-2:]


def _country_code(digits: str) -> str:
    """The country calling code that `digits` (after + or 00) starts with, in ASCII digits; the
    first digit when none is known. Calling codes are prefix-free (ITU-T E.164), so the first
    of 1, 2 or 3 leading digits that is one is the code: a dict lookup where parsing the whole
    number cost ~50 us per logged request."""
    for length in (1, 2, 3):
        code = int(digits[:length])
        if code in COUNTRY_CODE_TO_REGION_CODE:
            return str(code)
    return str(int(digits[:1]))


def mask_text(text: str) -> str:
    """Every phone-like run of digits in free text masked."""
    return _PHONEISH.sub(lambda m: mask_number(m.group(0)) or "", text)


# ---------------------------------------------------------------- access log

ACCESS_LOGGER = "callwindow.http.access"  # (the name the lines were logged under before; kept for callers)
MAX_PENDING_LINES = 100_000  # lines waiting to be written; past it new lines are counted and dropped
WRITE_EVERY = 0.05  # seconds between the writer's batches


class AccessLogWriter:
    """The access log's lines, written to stderr off the request path: a request appends its
    line to a bounded deque (a few hundred nanoseconds, never a wait, never a system call),
    and a daemon thread writes whatever has gathered every WRITE_EVERY seconds in one write.
    No wake-up per line: waking a thread per request costs the request a GIL hand-off, which
    measured more than building the line. A full deque (stderr stuck: a full pipe, a hung
    collector) drops lines rather than memory or requests, and says how many when it can."""

    def __init__(self, stream: TextIO | None = None, max_pending: int = MAX_PENDING_LINES,
                 every: float = WRITE_EVERY) -> None:
        self._stream = stream  # None: sys.stderr as it is at each write (test capture included)
        self._lines: deque[str] = deque()
        self._max = max_pending
        self._every = every
        self._dropped = 0
        self._write_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def put(self, line: str) -> None:
        if len(self._lines) >= self._max:
            self._dropped += 1
            return
        self._lines.append(line)
        if self._thread is None:
            self._start()

    def flush(self) -> None:
        """Write every pending line now."""
        with self._write_lock:
            lines = []
            pending = self._lines
            while pending:
                lines.append(pending.popleft())
            if self._dropped:
                dropped, self._dropped = self._dropped, 0
                lines.append(json.dumps({"ts": _timestamp(), "event": "access_log_dropped", "lines": dropped}))
            if lines:
                stream = self._stream or sys.stderr
                try:
                    stream.write("\n".join(lines) + "\n")
                    stream.flush()
                except (OSError, ValueError):  # stderr closed or gone: the lines cannot be written
                    pass

    def close(self) -> None:
        """Stop the writer thread after a last flush (lines put later start it again)."""
        thread, self._thread = self._thread, None
        if thread is not None:
            self._stop.set()
            thread.join(timeout=5)
            self._stop = threading.Event()
        self.flush()

    def _start(self) -> None:
        with self._write_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, args=(self._stop,), name="callwindow-access-log",
                                                daemon=True)
                self._thread.start()

    def _run(self, stop: threading.Event) -> None:
        while not stop.wait(self._every):
            self.flush()


_writer = AccessLogWriter()


def access_log() -> AccessLogWriter:
    """The process's access-log writer."""
    return _writer


def flush_access_log() -> None:
    """Write every pending line and stop the writer thread (at shutdown)."""
    _writer.close()


def log_access(method: str, path: str, status: int, started: float, client: str | None,
               key: str | None, number: str | None, request_id: str, error: str | None = None) -> None:
    """One access-log line (AccessLog's, once per request: it passes the fields by position,
    as nine keywords cost ~5k instructions of a ~390k-instruction check to match)."""
    logged_path = _LOGGED_PATHS.get(path)
    if logged_path is None:  # a path not seen yet (most are a few routes'): masked once, if short
        logged_path = mask_text(_cut(path, MAX_LOGGED_PATH) or "")
        if len(path) <= MAX_LOGGED_PATH:  # (bounded memory: 10,000 paths of 200 characters at most)
            if len(_LOGGED_PATHS) >= MAX_MASKED:
                _LOGGED_PATHS.clear()
            _LOGGED_PATHS[path] = logged_path
    record = {
        "ts": _timestamp(),
        "event": "access",
        "request_id": request_id,
        "method": _cut(method, 16),
        "path": logged_path,
        "status": status,
        "ms": round((time.perf_counter() - started) * 1000, 2),
        "client": client,
        "key": key,  # the key's NAME from the keys file, never the key
        "number": mask_number(_cut(number, MAX_LOGGED_NUMBER)),
    }
    if error:
        record["error"] = _cut(error, 64)
    _writer.put(dumps(record).decode("utf-8"))


_stamp: tuple[int, str] = (-1, "")


def _timestamp() -> str:
    """The current UTC second as ISO 8601, formatted once per second (not once per line)."""
    global _stamp
    now = int(time.time())
    if _stamp[0] != now:
        _stamp = (now, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now)))
    return _stamp[1]


def _cut(text: str | None, limit: int) -> str | None:
    """At most `limit` characters, with a mark when something was cut."""
    if text is None or len(text) <= limit:
        return text
    return text[:limit] + "...(cut)"
