"""The service's configuration: limits and where the keys and the store are, from the
environment (what `callwindow-serve`'s options set for its workers) or given directly."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from .limits import BAD_KEY_BURST, BAD_KEY_EVERY
from .security import KeyRing

MAX_BODY_BYTES = 1024 * 1024
MAX_BATCH = 1000
MAX_WINDOW_DAYS = 31
ENV_DB = "CALLWINDOW_DB"
ENV_HASH_KEY = "CALLWINDOW_HASH_KEY"
ENV_CORS = "CALLWINDOW_CORS_ORIGINS"
ENV_MAX_BODY = "CALLWINDOW_MAX_BODY_BYTES"
ENV_MAX_BATCH = "CALLWINDOW_MAX_BATCH"
ENV_BODY_TIMEOUT = "CALLWINDOW_BODY_TIMEOUT"
ENV_BAD_KEY_BURST = "CALLWINDOW_BAD_KEY_BURST"  # raise it for a fuzzer that tries bad keys on purpose
ENV_LIMITS_FILE = "CALLWINDOW_LIMITS_FILE"  # the workers' shared rate-limit state (limits.SharedSlots)
BODY_TIMEOUT = 30.0  # seconds for a whole request body to arrive once its headers are in


@dataclass
class Settings:
    keys: KeyRing = field(default_factory=KeyRing)
    db: str | None = None  # SQLite path or postgresql:// URL; None = default_db_path()
    hash_key: bytes | None = None
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = MAX_BODY_BYTES
    max_batch: int = MAX_BATCH
    body_timeout: float = BODY_TIMEOUT
    # the brake on key guessing: this many bad keys per client address, then one per `every` s
    bad_key_burst: int = BAD_KEY_BURST
    bad_key_every: float = BAD_KEY_EVERY
    limits_file: str | None = None  # per-key limits shared by the workers through this file (None: per worker)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        environ = dict(os.environ if env is None else env)
        hash_key = environ.get(ENV_HASH_KEY, "").strip()
        origins = tuple(o.strip() for o in environ.get(ENV_CORS, "").split(",") if o.strip())
        return cls(
            keys=KeyRing.load(env=environ),
            db=environ.get(ENV_DB, "").strip() or None,
            hash_key=hash_key.encode("utf-8") if hash_key else None,
            cors_origins=origins,
            max_body_bytes=int(environ.get(ENV_MAX_BODY, MAX_BODY_BYTES)),
            max_batch=int(environ.get(ENV_MAX_BATCH, MAX_BATCH)),
            body_timeout=float(environ.get(ENV_BODY_TIMEOUT, BODY_TIMEOUT)),
            bad_key_burst=int(environ.get(ENV_BAD_KEY_BURST, BAD_KEY_BURST)),
            limits_file=environ.get(ENV_LIMITS_FILE, "").strip() or None,
        )
