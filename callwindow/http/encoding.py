"""JSON in and out: orjson when it is installed (the `http` extra; several times faster than the
standard library on decision objects), else `json` with the same compact output. No web
framework here: the access log (security.py) writes with it before the server's modules are
known to be installed (`callwindow-serve` without the extra must say so in one line)."""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - depends on the installed extra
    orjson = None  # type: ignore[assignment]


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON, as Starlette's JSONResponse writes it."""
    if orjson is not None:
        return orjson.dumps(value)
    return json.dumps(value, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")).encode("utf-8")


def loads(body: bytes) -> Any:
    """A JSON document; ValueError (JSONDecodeError, UnicodeDecodeError) when it is not one."""
    if orjson is not None:
        return orjson.loads(body)
    return json.loads(body)

