"""The service's settings: one frozen dataclass, passed to ``create_app`` (no global state)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..load import DEFAULT_MAX_BYTES
from ..pdf.load import DEFAULT_READER


@dataclass(frozen=True, slots=True)
class ServeSettings:
    """Limits and wiring of one service instance.

    ``sync_max_bytes``/``sync_max_pages`` bound what ``POST /v1/extract`` answers in the
    request (a larger input gets 413 and a pointer to ``/v1/jobs``); ``max_upload_bytes``
    and ``max_pages`` bound every input; ``queue_size`` bounds the accepted jobs not yet
    finished and, apart, the synchronous requests waiting for a worker (429 beyond)."""

    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 8000
    jobs: int = 2
    max_upload_bytes: int = DEFAULT_MAX_BYTES
    max_pages: int | None = 500
    sync_max_bytes: int = 2 * 1024 * 1024
    sync_max_pages: int = 20
    job_timeout: float = 300.0
    sync_timeout: float = 60.0
    queue_size: int = 100
    retry_after: int = 5  # seconds a 429 asks the client to wait
    api_key: str | None = None
    cors_origins: tuple[str, ...] = field(default_factory=tuple)  # empty: CORS off
    pdf_reader: str = DEFAULT_READER
    max_attempts: int = 3  # a job interrupted this often (restarts) fails instead of looping
