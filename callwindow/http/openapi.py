"""The OpenAPI document as served (/v1/openapi.json) and kept in docs/openapi.json: FastAPI's,
with every error declared as a problem object, and bearer keys required everywhere but
/v1/health (the key gate in middleware.py enforces them; no per-route dependency)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from .middleware import PUBLIC_PATHS
from .problems import ERRORS, PROBLEM
from .schemas import Problem

# Operations that answer 409 without an Idempotency-Key: a claim completed again with another
# outcome (the claim id is the retry's key).
CONFLICTS = frozenset({"/v1/claims/{claim_id}/complete"})
BEARER = {"type": "http", "description": "an API key: `Authorization: Bearer <key>`", "scheme": "bearer"}


def install(app: FastAPI) -> None:
    """Serve the customised document (built once, on first request)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, summary=app.summary,
                             description=app.description, routes=app.routes)
        schema.setdefault("components", {}).setdefault("securitySchemes", {})["HTTPBearer"] = BEARER
        components = schema["components"].setdefault("schemas", {})
        components["Problem"] = Problem.model_json_schema()
        for key in ("HTTPValidationError", "ValidationError"):
            components.pop(key, None)
        ref = {"$ref": "#/components/schemas/Problem"}
        for path, operations in schema.get("paths", {}).items():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                public = path in PUBLIC_PATHS
                codes = [422, 500] if public else [400, 401, 403, 413, 422, 429, 500, 503]
                if path in CONFLICTS or any(parameter.get("name") == "Idempotency-Key"
                                            for parameter in operation.get("parameters", ())):
                    codes.append(409)  # the key was used for another request
                for code in codes:
                    responses[str(code)] = {"description": ERRORS[code], "content": {PROBLEM: {"schema": ref}}}
                if not public:
                    operation["security"] = [{"HTTPBearer": []}]
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to customise the schema
