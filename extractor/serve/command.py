"""``extractor serve``: run the HTTP API with uvicorn."""

from __future__ import annotations

from pathlib import Path

import click

from ..load import DEFAULT_MAX_BYTES
from ..pdf.load import DEFAULT_READER, READERS


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--jobs", type=click.IntRange(min=1), default=2, show_default=True, help="Worker processes."
)
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("extractor-data"),
    show_default=True,
    help="Job store, queued inputs and results (kept across restarts).",
)
@click.option(
    "--api-key-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Require 'Authorization: Bearer <key>' on /v1 (the key is the file's first line).",
)
@click.option(
    "--cors-origin", multiple=True, metavar="ORIGIN", help="Allow this browser origin (CORS)."
)
@click.option(
    "--max-upload-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse larger uploads (413).",
)
@click.option(
    "--max-pages",
    type=click.IntRange(min=1),
    default=500,
    show_default=True,
    help="Page cap per input.",
)
@click.option(
    "--sync-max-bytes",
    type=click.IntRange(min=1),
    default=2 * 1024 * 1024,
    show_default=True,
    help="Largest input POST /v1/extract answers (else 413).",
)
@click.option(
    "--sync-max-pages",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="Most pages POST /v1/extract answers (else 413).",
)
@click.option(
    "--timeout",
    "job_timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=300.0,
    show_default=True,
    help="Seconds a job may run.",
)
@click.option(
    "--sync-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    show_default=True,
    help="Seconds a synchronous extraction may run.",
)
@click.option(
    "--queue-size",
    type=click.IntRange(min=1),
    default=100,
    show_default=True,
    help="Unfinished jobs (and, apart, waiting requests) before 429.",
)
@click.option(
    "--pdf-reader",
    type=click.Choice(list(READERS)),
    default=DEFAULT_READER,
    show_default=True,
    help="Default reader of PDF text layers.",
)
def serve_command(
    host: str,
    port: int,
    jobs: int,
    data_dir: Path,
    api_key_file: Path | None,
    cors_origin: tuple[str, ...],
    max_upload_bytes: int,
    max_pages: int,
    sync_max_bytes: int,
    sync_max_pages: int,
    job_timeout: float,
    sync_timeout: float,
    queue_size: int,
    pdf_reader: str,
) -> None:
    """Serve the extractor over HTTP (POST /v1/extract, /v1/jobs; OpenAPI at /openapi.json)."""
    import uvicorn

    from .app import create_app
    from .settings import ServeSettings

    api_key = None
    if api_key_file is not None:
        lines = api_key_file.read_text(encoding="utf-8").splitlines()
        api_key = lines[0].strip() if lines else ""
        if not api_key:
            raise click.BadParameter("the file holds no key", param_hint="--api-key-file")
    settings = ServeSettings(
        data_dir=data_dir,
        host=host,
        port=port,
        jobs=jobs,
        max_upload_bytes=max_upload_bytes,
        max_pages=max_pages,
        sync_max_bytes=sync_max_bytes,
        sync_max_pages=sync_max_pages,
        job_timeout=job_timeout,
        sync_timeout=sync_timeout,
        queue_size=queue_size,
        api_key=api_key,
        cors_origins=cors_origin,
        pdf_reader=pdf_reader,
    )
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
