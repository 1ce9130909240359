"""The JSON response of the service's routes, rendered by `encoding.dumps` (orjson when installed)."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

from .encoding import dumps


class FastJSONResponse(JSONResponse):
    """A JSONResponse rendered by `dumps`."""

    def render(self, content: Any) -> bytes:
        return dumps(content)
