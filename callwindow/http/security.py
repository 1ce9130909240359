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
import logging
import logging.handlers
import os
import re
import secrets
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from queue import SimpleQueue

from phonenumbers import COUNTRY_CODE_TO_REGION_CODE

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


def mask_number(value: str | None) -> str | None:
    """+13055550123 -> +1*******23: the country code and the last 2 digits only."""
    if not value:
        return value
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

ACCESS_LOGGER = "callwindow.http.access"


_listener: logging.handlers.QueueListener | None = None


def access_logger() -> logging.Logger:
    """The access logger. Its lines go through a queue to a thread that writes them to stderr,
    so that a request never waits on the write (a slow or full pipe included)."""
    global _listener
    logger = logging.getLogger(ACCESS_LOGGER)
    if not logger.handlers:
        queue: SimpleQueue[logging.LogRecord] = SimpleQueue()
        _listener = logging.handlers.QueueListener(queue, _stderr_handler())
        _listener.start()
        logger.addHandler(logging.handlers.QueueHandler(queue))
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


def flush_access_log() -> None:
    """Write every queued line and stop the writer thread (at shutdown); lines logged later
    are written directly."""
    global _listener
    if _listener is None:
        return
    listener, _listener = _listener, None
    listener.stop()  # drains the queue
    logger = logging.getLogger(ACCESS_LOGGER)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(_stderr_handler())


def _stderr_handler() -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    return handler


def log_access(*, method: str, path: str, status: int, started: float, client: str | None,
               key: str | None, number: str | None, request_id: str, error: str | None = None) -> None:
    record = {
        "ts": _timestamp(),
        "event": "access",
        "request_id": request_id,
        "method": _cut(method, 16),
        "path": mask_text(_cut(path, MAX_LOGGED_PATH) or ""),
        "status": status,
        "ms": round((time.perf_counter() - started) * 1000, 2),
        "client": client,
        "key": key,  # the key's NAME from the keys file, never the key
        "number": mask_number(_cut(number, MAX_LOGGED_NUMBER)),
    }
    if error:
        record["error"] = _cut(error, 64)
    access_logger().info(json.dumps(record, ensure_ascii=False))


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
