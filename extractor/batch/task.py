"""The per-input task every executor runs: bytes in, a validated JSON record out.

Pure and picklable (plain data in and out, no files written, no global state), so that the
local process pool and a Dask cluster run exactly the same code; the client alone writes
outputs and the manifest.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from ..audit import AuditConfig
from ..emit import to_json
from ..pdf.load import DEFAULT_READER, Progress
from ..pipeline import Options, extract_bytes, failed


@dataclass(frozen=True, slots=True)
class TaskInput:
    """One input to convert: where it came from, its content and its content hash."""

    key: str  # unique in a batch: the path, or "archive.zip!member/name.txt"
    path: str  # the file on disk (the archive for a zip member)
    member: str | None  # the zip member, or None
    sha256: str
    size: int
    data: bytes


@dataclass(frozen=True, slots=True)
class TaskSettings:
    """What a worker needs to know besides the input (plain data, sent to every worker)."""

    ocr: str = "auto"
    max_bytes: int = 50 * 1024 * 1024
    max_pages: int | None = None
    audit: AuditConfig | None = None
    pdf_reader: str = DEFAULT_READER  # text layers: pdfium or pdfplumber (the reference)


@dataclass(frozen=True, slots=True)
class TaskResult:
    """A finished input: its record as JSON and what the manifest keeps of it."""

    json_text: str
    status: str  # ok | partial | failed
    error_code: str | None
    error_message: str | None
    pages: int
    agreements: int
    discrepancy_codes: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    note_codes: dict[str, int] = field(default_factory=dict)  # extraction notes by code


def run_task(
    name: str, data: bytes, settings: TaskSettings, progress: Progress | None = None
) -> TaskResult:
    """Extract one input; never raises (a bug becomes a failed record). ``progress`` gets
    (pages OCRed, pages to OCR): the service reports it as a job's progress."""
    start = time.perf_counter()
    options = Options(
        max_bytes=settings.max_bytes,
        ocr=settings.ocr,
        jobs=1,
        audit=settings.audit,
        max_pages=settings.max_pages,  # a PDF is refused before its pages are read
        pdf_reader=settings.pdf_reader,
        progress=progress,
    )
    try:
        result = extract_bytes(data, name, options)
        if settings.max_pages and result.source.page_count > settings.max_pages:
            pages = result.source.page_count
            message = f"{name}: {pages} pages is over the {settings.max_pages}-page cap"
            result = failed(name, "too_many_pages", message)
    except Exception as error:  # noqa: BLE001 - one input must not stop the batch
        result = failed(name, "internal_error", f"{name}: internal error: {error!r}")
    first_error = result.errors[0] if result.errors else None
    return TaskResult(
        json_text=to_json(result),
        status=result.status,
        error_code=first_error.code if first_error else None,
        error_message=first_error.message if first_error else None,
        pages=result.source.page_count,
        agreements=len(result.agreements),
        discrepancy_codes=dict(Counter(d.code for d in result.discrepancies)),
        seconds=time.perf_counter() - start,
        note_codes=dict(Counter(n.code for n in result.extraction_notes)),
    )


def failed_result(task: TaskInput, code: str, message: str, seconds: float = 0.0) -> TaskResult:
    """A failed result with a full record, for an input an executor could not finish
    (timeout, crashed worker); the record's source keeps the input's hash and size."""
    record = failed(task.key, code, message)
    source = record.source.model_copy(update={"sha256": task.sha256, "size_bytes": task.size})
    return TaskResult(
        json_text=to_json(record.model_copy(update={"source": source})),
        status="failed",
        error_code=code,
        error_message=message,
        pages=0,
        agreements=0,
        seconds=seconds,
    )
