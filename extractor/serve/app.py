"""The HTTP API: ``create_app(settings)`` builds a FastAPI app with no global state.

Extraction never runs in the server process: every input, synchronous or a job, goes to the
worker processes (``WorkerPool`` over the batch executor's workers), which have a per-input
timeout and are killed and replaced when they overrun or die. The server process only
streams uploads to a private folder, keeps the job store and answers.
"""

import asyncio
import hmac
import sqlite3
from concurrent.futures import CancelledError
from contextlib import asynccontextmanager
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from .. import __version__
from ..audit import AuditConfig, rule_names
from ..batch.executors import TaskFunction
from ..emit import json_schema
from ..models import SCHEMA_VERSION, ExtractionResult
from ..pdf.load import READERS
from . import problems
from .jobs import JobOptions, JobRunner, QueueFull, job_view, private_dir
from .pool import CancelledTask
from .problems import ProblemError
from .settings import ServeSettings
from .task import serve_task
from .uploads import receive, too_large

RuleName = Literal[tuple(rule_names())]  # type: ignore[valid-type]
ReaderName = Literal[READERS]  # type: ignore[valid-type]
JOB_ID = r"^[0-9a-f]{32}$"
NDJSON = "application/x-ndjson"
JobId = Annotated[str, Path(pattern=JOB_ID, description="the id POST /v1/jobs returned")]
Filename = Annotated[str | None, Query(max_length=255, description="label for the record")]

_BINARY = {"type": "string", "format": "binary", "minLength": 1}
UPLOAD_BODY = {
    "required": True,
    "description": "The input: a PDF or a text bundle, as the raw body or as the multipart "
    "part `file`.",
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"file": _BINARY},
                "required": ["file"],
            }
        },
        "application/octet-stream": {"schema": _BINARY},
        "application/pdf": {"schema": _BINARY},
        # Any bytes are a text body (a wrong one gets a failed record, not a 4xx): no type,
        # only not empty.
        "text/plain": {"schema": {"minLength": 1}},
        "text/markdown": {"schema": {"minLength": 1}},
    },
}


# OpenAPI links: what a client (or a stateful test) can do with a new job's id.
JOB_LINKS = {
    name: {"operationId": operation, "parameters": {"job_id": "$response.body#/id"}}
    for name, operation in (
        ("GetJob", "get_job"),
        ("GetJobResult", "get_job_result"),
        ("DeleteJob", "delete_job"),
    )
}


class JobProgress(BaseModel):
    pages_done: int = Field(ge=0, description="pages read so far (OCR progress for scans)")
    pages_total: int | None = Field(description="the PDF's pages; null until known")


class Job(BaseModel):
    """A job as the API shows it; ``result`` is the record's URL once ``status`` is done."""

    id: str = Field(pattern=JOB_ID)
    status: Literal["queued", "running", "done"]
    name: str
    created_at: str
    started_at: str | None
    finished_at: str | None
    attempts: int = Field(ge=0)
    progress: JobProgress
    record_status: Literal["ok", "partial", "failed"] | None
    error_code: str | None
    error_message: str | None
    result: str | None


class Health(BaseModel):
    status: Literal["ok"]
    workers: int
    workers_busy: int
    jobs_unfinished: int
    requests_waiting: int


class Version(BaseModel):
    extractor: str
    schema_version: str


def job_options(
    request: Request,
    ocr: Literal["auto", "always", "never"] = "auto",
    format: Literal["json", "jsonl"] = "json",
    pdf_reader: ReaderName | None = None,
    disable: Annotated[list[RuleName], Query(description="audit rules not to run")] = [],  # noqa: B006
    amount_tolerance: Annotated[float | None, Query(ge=0, le=1e12)] = None,
    relative_tolerance: Annotated[float | None, Query(ge=0, le=1)] = None,
    name_similarity: Annotated[int | None, Query(ge=0, le=100)] = None,
    indicator_similarity: Annotated[int | None, Query(ge=0, le=100)] = None,
    position_similarity: Annotated[int | None, Query(ge=0, le=100)] = None,
) -> JobOptions:
    """The extraction options of a request: ``extract``'s flags, rule settings included
    (``--rules`` takes a file, so here each setting is a query parameter)."""
    tolerances = {
        "amount_tolerance": amount_tolerance,
        "relative_tolerance": relative_tolerance,
        "name_similarity": name_similarity,
        "indicator_similarity": indicator_similarity,
        "position_similarity": position_similarity,
    }
    set_values = {k: v for k, v in tolerances.items() if v is not None}
    audit = None
    if disable or set_values:
        audit = AuditConfig(disabled=list(dict.fromkeys(disable)), **set_values)
    settings: ServeSettings = request.app.state.settings
    return JobOptions(ocr, format, pdf_reader or settings.pdf_reader, audit)


def _runner(request: Request) -> JobRunner:
    runner = getattr(request.app.state, "runner", None)
    if runner is None:
        raise ProblemError(503, "unavailable", "Service unavailable", "workers are not running")
    return runner


def _queue_full(settings: ServeSettings, what: str) -> ProblemError:
    return ProblemError(
        429,
        "queue-full",
        "Queue full",
        f"{what}; retry later",
        headers={"Retry-After": str(settings.retry_after)},
    )


def _record_response(text: str, fmt: str) -> Response:
    return Response(text, media_type=NDJSON if fmt == "jsonl" else "application/json")


def _auth(api_key: str | None):
    """A dependency that checks ``Authorization: Bearer <key>`` in constant time."""
    bearer = HTTPBearer(auto_error=False, description="the key in --api-key-file")
    expected = (api_key or "").encode()

    async def check(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> None:
        given = credentials.credentials.encode() if credentials else b""
        if not hmac.compare_digest(given, expected):
            raise ProblemError(
                401,
                "unauthorized",
                "Unauthorized",
                "send the API key as 'Authorization: Bearer <key>'",
                headers={"WWW-Authenticate": "Bearer"},
            )

    return check


RECORD_200 = {
    "model": ExtractionResult,
    "description": "The validated record (`format=jsonl`: the same record as one line)",
    "content": {NDJSON: {"schema": {"type": "string"}}},
}


def create_app(settings: ServeSettings, function: TaskFunction = serve_task) -> FastAPI:
    """The service over ``settings``; the workers start and stop with the app's lifespan.
    ``function`` is the task the workers run (tests pass slow or crashing ones)."""
    private_dir(settings.data_dir)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        runner = JobRunner(settings, function)
        runner.start()
        app.state.runner = runner
        try:
            yield
        finally:
            app.state.runner = None
            runner.close()

    app = FastAPI(
        title="extractor",
        version=__version__,
        description="Perjanjian Kinerja bundles to validated JSON records.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.runner = None
    problems.install(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
            expose_headers=["Location", "Retry-After"],
        )
    dependencies = [Depends(_auth(settings.api_key))] if settings.api_key else []
    v1 = APIRouter(prefix="/v1", dependencies=dependencies)
    auth_errors = (401,) if settings.api_key else ()
    _extract_routes(v1, settings, auth_errors)
    _job_routes(v1, settings, auth_errors)

    @v1.get(
        "/schema",
        response_model=dict[str, Any],
        responses=problems.responses(*auth_errors),
        summary="The JSON Schema of a record",
    )
    async def schema() -> JSONResponse:
        return JSONResponse(json_schema())

    app.include_router(v1)

    @app.get("/healthz", response_model=Health, summary="Liveness and load")
    async def healthz(request: Request) -> Health:
        runner = _runner(request)
        return Health(
            status="ok",
            workers=settings.jobs,
            workers_busy=runner.pool.busy_count(),
            jobs_unfinished=runner.store.active_count(),
            requests_waiting=runner.pool.waiting_count(),
        )

    @app.get("/version", response_model=Version, summary="Extractor and schema versions")
    async def version() -> Version:
        return Version(extractor=__version__, schema_version=SCHEMA_VERSION)

    return app


def _extract_routes(v1: APIRouter, settings: ServeSettings, auth_errors: tuple) -> None:
    sync_limit = min(settings.sync_max_bytes, settings.max_upload_bytes)

    @v1.post(
        "/extract",
        operation_id="extract",
        summary="Extract one input now",
        description=f"Synchronous for inputs up to {sync_limit} bytes and "
        f"{settings.sync_max_pages} pages; larger ones get 413 with a pointer to /v1/jobs.",
        responses={
            200: RECORD_200,
            **problems.responses(*auth_errors, 400, 413, 415, 422, 429, 503),
        },
        openapi_extra={"requestBody": UPLOAD_BODY},
    )
    async def extract(
        request: Request,
        options: Annotated[JobOptions, Depends(job_options)],
        filename: Filename = None,
    ) -> Response:
        runner = _runner(request)
        if runner.pool.waiting_count() >= settings.queue_size:
            raise _queue_full(settings, "too many requests are waiting for a worker")
        upload = await receive(
            request, runner.uploads, sync_limit, too_large(sync_limit, jobs=True), filename
        )
        try:
            data = await run_in_threadpool(upload.path.read_bytes)
        finally:
            upload.discard()
        try:
            # In a thread: ``submit`` waits for the pool's lock, which a worker restart holds.
            future = await run_in_threadpool(
                runner.extract_now, data, upload.name, upload.sha256, options
            )
        except QueueFull:
            raise _queue_full(settings, "too many requests are waiting for a worker") from None
        except RuntimeError as error:
            raise ProblemError(503, "unavailable", "Service unavailable", str(error)) from None
        try:
            result = await asyncio.wrap_future(future)
        except (CancelledTask, CancelledError) as error:  # the service is stopping
            raise ProblemError(503, "unavailable", "Service unavailable", str(error)) from None
        if result.error_code == "too_many_pages":
            raise ProblemError(
                413,
                "too-many-pages-for-sync",
                "Too many pages for a synchronous extraction",
                f"{result.error_message}; submit it to POST /v1/jobs",
                jobs="/v1/jobs",
            )
        return _record_response(result.json_text, options.format)


def _row(request: Request, job_id: str) -> sqlite3.Row:
    row = _runner(request).store.get(job_id)
    if row is None:
        raise ProblemError(404, "no-such-job", "No such job", f"no job {job_id}")
    return row


def _job_routes(v1: APIRouter, settings: ServeSettings, auth_errors: tuple) -> None:

    @v1.post(
        "/jobs",
        status_code=202,
        operation_id="submit_job",
        response_model=Job,
        summary="Queue one input as a job",
        responses={
            202: {
                "description": "Accepted; poll the job at `Location`",
                "headers": {"Location": {"schema": {"type": "string"}}},
                "links": JOB_LINKS,
            },
            **problems.responses(*auth_errors, 400, 413, 415, 422, 429),
        },
        openapi_extra={"requestBody": UPLOAD_BODY},
    )
    async def submit(
        request: Request,
        options: Annotated[JobOptions, Depends(job_options)],
        filename: Filename = None,
    ) -> JSONResponse:
        runner = _runner(request)
        if runner.store.active_count() >= settings.queue_size:
            raise _queue_full(settings, f"{settings.queue_size} jobs are unfinished")
        limit = settings.max_upload_bytes
        upload = await receive(request, runner.uploads, limit, too_large(limit), filename)
        try:
            job_id = await run_in_threadpool(
                runner.accept, upload.path, upload.name, upload.size, upload.sha256, options
            )
        except QueueFull:
            upload.discard()
            raise _queue_full(settings, f"{settings.queue_size} jobs are unfinished") from None
        location = f"/v1/jobs/{job_id}"
        body = job_view(_row(request, job_id))  # 404 if deleted in between
        return JSONResponse(body, status_code=202, headers={"Location": location})

    @v1.get(
        "/jobs/{job_id}",
        response_model=Job,
        operation_id="get_job",
        summary="A job's status and progress",
        responses=problems.responses(*auth_errors, 404, 422),
    )
    async def status(request: Request, job_id: JobId) -> JSONResponse:
        return JSONResponse(job_view(_row(request, job_id)))

    @v1.get(
        "/jobs/{job_id}/result",
        operation_id="get_job_result",
        summary="A finished job's record",
        responses={200: RECORD_200, **problems.responses(*auth_errors, 404, 409, 422)},
    )
    async def result(request: Request, job_id: JobId) -> Response:
        row = _row(request, job_id)
        text = _runner(request).result_text(job_id) if row["status"] == "done" else None
        if text is None:
            raise ProblemError(
                409,
                "not-finished",
                "Job not finished",
                f"job {job_id} is {row['status']}",
                headers={"Retry-After": "1"},
            )
        return _record_response(text, JobOptions.from_json(row["options"]).format)

    @v1.delete(
        "/jobs/{job_id}",
        status_code=204,
        operation_id="delete_job",
        summary="Cancel a job or delete its result",
        responses=problems.responses(*auth_errors, 404, 422),
    )
    async def delete(request: Request, job_id: JobId) -> Response:
        # In a thread: ``cancel`` waits for the pool's lock, which a worker restart holds.
        if not await run_in_threadpool(_runner(request).delete, job_id):
            raise ProblemError(404, "no-such-job", "No such job", f"no job {job_id}")
        return Response(status_code=204)
