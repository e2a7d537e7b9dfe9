"""Errors as RFC 9457 problem details (``application/problem+json``)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://extractor.invalid/problems/"
INTERNAL = "internal error; see the server log"

logger = logging.getLogger(__name__)


class Problem(BaseModel):
    """A problem detail (RFC 9457); ``type`` names the kind of failure, ``detail`` this one."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="URI naming the kind of problem")
    title: str
    status: int = Field(ge=400, le=599)
    detail: str | None = None
    instance: str | None = None


class ProblemError(Exception):
    """Raised by handlers; rendered as problem+json with ``headers`` and ``extra`` members."""

    def __init__(
        self,
        status: int,
        kind: str,
        title: str,
        detail: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail or title)
        self.status, self.kind, self.title, self.detail = status, kind, title, detail
        self.headers = headers or {}
        self.extra = extra


def problem_response(
    request: Request,
    status: int,
    kind: str,
    title: str,
    detail: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body = {
        "type": TYPE_BASE + kind,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **extra,
    }
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_MEDIA_TYPE)


def install(app: Any) -> None:
    """Every error the app answers, its own, the router's (404, 405) and validation (422),
    as problem+json, so a client parses one error shape."""

    @app.exception_handler(ProblemError)
    async def _problem(request: Request, error: ProblemError) -> JSONResponse:
        return problem_response(
            request,
            error.status,
            error.kind,
            error.title,
            error.detail,
            error.headers,
            **error.extra,
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in error.errors()
        ]
        detail = "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors[:5])
        return problem_response(
            request, 422, "invalid-request", "Invalid request", detail, errors=errors
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        detail = error.detail if isinstance(error.detail, str) else None
        title = {404: "Not found", 405: "Method not allowed"}.get(error.status_code, "Error")
        headers = dict(error.headers or {})
        if error.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(app, request))
        return problem_response(
            request, error.status_code, title.lower().replace(" ", "-"), title, detail, headers
        )

    @app.exception_handler(Exception)
    async def _internal(request: Request, error: Exception) -> JSONResponse:
        """The cause goes to the server log only: its text may name paths or SQL."""
        logger.error("%s %s failed", request.method, request.url.path, exc_info=error)
        return problem_response(request, 500, "internal-error", "Internal error", INTERNAL)


def allowed_methods(app: Any, request: Request) -> list[str]:
    """Every method some route serves at this path. Starlette's own 405 names only the first
    route that matched the path (GET of ``/v1/jobs/{id}``, not its DELETE); RFC 9110 asks
    for all of them in ``Allow``."""
    scope = {
        key: request.scope[key] for key in ("type", "path", "root_path") if key in request.scope
    }
    return [
        method
        for method in ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")
        if any(
            route.matches({**scope, "method": method})[0] == Match.FULL
            for route in app.router.routes
        )
    ]


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries declaring problem+json for these status codes."""
    schema = Problem.model_json_schema()
    described = {
        400: "Bad request (malformed upload)",
        401: "Missing or wrong API key",
        404: "No such resource",
        409: "The job has not finished",
        413: "Input too large (see the problem's `jobs` member for the jobs endpoint)",
        415: "Unsupported media type",
        422: "Invalid parameters",
        429: "Queue full; retry after `Retry-After` seconds",
        503: "Workers unavailable",
    }
    return {
        status: {
            "description": described.get(status, "Error"),
            "content": {PROBLEM_MEDIA_TYPE: {"schema": schema}},
        }
        for status in statuses
    }
