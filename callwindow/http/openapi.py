"""The OpenAPI document as served (/v1/openapi.json) and kept in docs/openapi.json: FastAPI's,
with every error declared as a problem object and /v1/health open."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from .problems import ERRORS, PROBLEM
from .schemas import Problem


def install(app: FastAPI) -> None:
    """Serve the customised document (built once, on first request)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, summary=app.summary,
                             description=app.description, routes=app.routes)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["Problem"] = Problem.model_json_schema()
        for key in ("HTTPValidationError", "ValidationError"):
            components.pop(key, None)
        ref = {"$ref": "#/components/schemas/Problem"}
        for path, operations in schema.get("paths", {}).items():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                codes = [422, 500] if path == "/v1/health" else [400, 401, 403, 413, 422, 500, 503]
                for code in codes:
                    responses[str(code)] = {"description": ERRORS[code], "content": {PROBLEM: {"schema": ref}}}
                if path == "/v1/health":
                    operation.pop("security", None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to customise the schema
