"""What a service worker runs: the batch task, with a job's progress written to the job store.

Imported in the worker processes, so it stays free of the web stack (no FastAPI import)."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

from ..batch.task import TaskResult, TaskSettings, run_task
from ..pdf.load import is_pdf


@dataclass(frozen=True, slots=True)
class WorkerSettings:
    """The batch task's settings plus where to report progress (None for a synchronous
    request: its client is waiting for the record, not polling)."""

    task: TaskSettings
    store: str | None = None  # the job store's SQLite file
    job_id: str | None = None


class ProgressWriter:
    """Writes a running job's pages done/total to the store from the worker process.

    A side channel (its own SQLite connection) rather than the worker's pipe, so the batch
    executor's one-result-per-task protocol is reused unchanged. Throttled: one write per
    0.5 s, and always the last one."""

    def __init__(self, store: str, job_id: str) -> None:
        self.store, self.job_id = store, job_id
        self.total: int | None = None
        self.last = 0.0

    def start(self, data: bytes) -> None:
        """A PDF's page count, before any page is read (PDFium opens it in milliseconds)."""
        if not is_pdf(data):
            return
        try:
            import pypdfium2 as pdfium

            doc = pdfium.PdfDocument(data)
            try:
                self.total = len(doc)
            finally:
                doc.close()
        except Exception:  # noqa: BLE001 - a damaged PDF: the extraction says why
            return
        self.write(0, force=True)

    def __call__(self, ocr_done: int, ocr_total: int) -> None:
        """OCR progress: the pages read from the text layer are done when OCR starts."""
        total = self.total or ocr_total
        self.write(max(0, total - ocr_total) + ocr_done, force=ocr_done == ocr_total)

    def write(self, done: int, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < 0.5:
            return
        self.last = now
        try:
            with sqlite3.connect(self.store, timeout=5) as db:
                db.execute(
                    "UPDATE jobs SET pages_done = ?, pages_total = ? "
                    "WHERE id = ? AND status = 'running'",
                    (done, self.total, self.job_id),
                )
            db.close()
        except sqlite3.Error:
            pass  # progress is advisory; the result is what counts


def serve_task(name: str, data: bytes, settings: WorkerSettings) -> TaskResult:
    """The batch task (bytes in, validated JSON record out), reporting a job's progress."""
    progress = None
    if settings.store and settings.job_id:
        progress = ProgressWriter(settings.store, settings.job_id)
        progress.start(data)
    return run_task(name, data, settings.task, progress)
