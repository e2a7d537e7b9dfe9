"""Jobs: a SQLite store under ``--data`` and a runner that feeds them to the worker pool.

An accepted job is a row and an input file before ``202`` is answered, so a restart loses
none: at start, ``running`` rows (their worker died with the old process) go back to
``queued`` and every queued job runs, oldest first. A job interrupted ``max_attempts``
times fails (``interrupted``) rather than crash the service in a loop.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..audit import AuditConfig
from ..batch.executors import TaskFunction
from ..batch.task import TaskInput, TaskResult, TaskSettings, failed_result
from ..emit import write_atomic
from .pool import PoolTask, WorkerPool
from .settings import ServeSettings
from .task import WorkerSettings, serve_task

STORE_NAME = "jobs.sqlite"
ACTIVE = ("queued", "running")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    status TEXT NOT NULL,          -- queued | running | done
    options TEXT NOT NULL,         -- JSON: ocr, format, pdf_reader, audit
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    created_at REAL NOT NULL,
    started_at REAL,
    finished_at REAL,
    attempts INTEGER NOT NULL DEFAULT 0,
    pages_done INTEGER NOT NULL DEFAULT 0,
    pages_total INTEGER,
    record_status TEXT,            -- ok | partial | failed, once done
    error_code TEXT,
    error_message TEXT
)
"""


@dataclass(frozen=True, slots=True)
class JobOptions:
    """What a client chose for one input (stored with the job as JSON)."""

    ocr: str = "auto"
    format: str = "json"
    pdf_reader: str = "pdfium"
    audit: AuditConfig | None = None

    def to_json(self) -> str:
        audit = self.audit.model_dump() if self.audit else None
        return json.dumps(
            {"ocr": self.ocr, "format": self.format, "pdf_reader": self.pdf_reader, "audit": audit}
        )

    @classmethod
    def from_json(cls, text: str) -> JobOptions:
        data = json.loads(text)
        audit = AuditConfig.model_validate(data["audit"]) if data.get("audit") else None
        return cls(data["ocr"], data["format"], data["pdf_reader"], audit)


class QueueFull(Exception):
    """The bounded queue holds ``queue_size`` unfinished jobs (or waiting requests)."""


def private_dir(path: Path) -> Path:
    """A folder only this user can enter (uploads and inputs are the clients' documents).

    Only a folder created here is made 0700: an existing one (``--data ~``, or ours from
    an earlier run) is the operator's and keeps its mode."""
    try:
        path.mkdir(mode=0o700, parents=True)
    except FileExistsError:
        return path
    os.chmod(path, 0o700)  # mkdir's mode is reduced by the umask, never widened
    return path


class JobStore:
    """The jobs table; one connection shared by the service's threads under a lock."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / STORE_NAME
        self.db = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.lock = threading.RLock()
        with self.lock, self.db:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute(_SCHEMA)
        os.chmod(self.path, 0o600)

    def close(self) -> None:
        with self.lock:
            self.db.close()

    def _run(self, sql: str, args: tuple = ()) -> sqlite3.Cursor:
        with self.lock, self.db:
            return self.db.execute(sql, args)

    def insert_if_room(
        self, job_id: str, name: str, options: JobOptions, size: int, sha256: str, limit: int
    ) -> bool:
        """Insert a queued job unless ``limit`` jobs are unfinished (one transaction)."""
        with self.lock, self.db:
            active = self.db.execute(
                "SELECT COUNT(*) FROM jobs WHERE status IN (?, ?)", ACTIVE
            ).fetchone()[0]
            if active >= limit:
                return False
            self.db.execute(
                "INSERT INTO jobs (id, name, status, options, size, sha256, created_at) "
                "VALUES (?, ?, 'queued', ?, ?, ?, ?)",
                (job_id, name, options.to_json(), size, sha256, time.time()),
            )
        return True

    def get(self, job_id: str) -> sqlite3.Row | None:
        with self.lock:
            return self.db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()

    def active_count(self) -> int:
        with self.lock:
            sql = "SELECT COUNT(*) FROM jobs WHERE status IN (?, ?)"
            return self.db.execute(sql, ACTIVE).fetchone()[0]

    def requeue_running(self) -> int:
        """After a restart: the running jobs lost their worker; run them again."""
        return self._run(
            "UPDATE jobs SET status = 'queued', pages_done = 0 WHERE status = 'running'"
        ).rowcount

    def claim(self) -> sqlite3.Row | None:
        """The oldest queued job, now ``running`` with one more attempt."""
        with self.lock, self.db:
            row = self.db.execute(
                "SELECT id FROM jobs WHERE status = 'queued' ORDER BY rowid LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            self.db.execute(
                "UPDATE jobs SET status = 'running', attempts = attempts + 1, started_at = ? "
                "WHERE id = ?",
                (time.time(), row["id"]),
            )
            return self.db.execute("SELECT * FROM jobs WHERE id = ?", (row["id"],)).fetchone()

    def finish(self, job_id: str, result: TaskResult) -> bool:
        """Mark a running job done; False when it was deleted meanwhile. A result without
        pages (a timeout, a crashed worker) keeps the progress the job already showed."""
        cursor = self._run(
            "UPDATE jobs SET status = 'done', finished_at = ?, record_status = ?, "
            "error_code = ?, error_message = ?, "
            "pages_done = COALESCE(NULLIF(?, 0), pages_done), "
            "pages_total = COALESCE(NULLIF(?, 0), pages_total) "
            "WHERE id = ? AND status = 'running'",
            (
                time.time(),
                result.status,
                result.error_code,
                result.error_message,
                result.pages,
                result.pages,
                job_id,
            ),
        )
        return cursor.rowcount == 1

    def is_running(self, job_id: str) -> bool:
        row = self.get(job_id)
        return row is not None and row["status"] == "running"

    def delete(self, job_id: str) -> bool:
        return self._run("DELETE FROM jobs WHERE id = ?", (job_id,)).rowcount == 1


class JobRunner:
    """Owns the store, the worker pool and the files under ``data_dir``."""

    def __init__(self, settings: ServeSettings, function: TaskFunction = serve_task) -> None:
        self.settings = settings
        data = private_dir(Path(settings.data_dir))
        self.uploads = private_dir(data / "uploads")
        self.inputs = private_dir(data / "inputs")
        self.results = private_dir(data / "results")
        for leftover in self.uploads.iterdir():  # a request cut off by the last stop
            leftover.unlink(missing_ok=True)
        self.store = JobStore(data)
        self.pool = WorkerPool(settings.jobs, function, source=self._next_job)

    def start(self) -> None:
        self.store.requeue_running()
        self.pool.start()

    def close(self) -> None:
        self.pool.close()
        self.store.close()

    # Jobs.

    def accept(
        self, upload_path: Path, name: str, size: int, sha256: str, options: JobOptions
    ) -> str:
        """Queue an uploaded input as a job (its file moves under ``inputs/``); its id."""
        job_id = secrets.token_hex(16)
        target = self.inputs / job_id
        os.replace(upload_path, target)
        limit = self.settings.queue_size
        if not self.store.insert_if_room(job_id, name, options, size, sha256, limit):
            target.unlink(missing_ok=True)
            raise QueueFull
        self.pool.wake()
        return job_id

    def delete(self, job_id: str) -> bool:
        if not self.store.delete(job_id):
            return False
        self.pool.cancel(job_id)
        (self.inputs / job_id).unlink(missing_ok=True)
        (self.results / f"{job_id}.json").unlink(missing_ok=True)
        return True

    def result_text(self, job_id: str) -> str | None:
        try:
            return (self.results / f"{job_id}.json").read_text(encoding="utf-8")
        except FileNotFoundError:
            return None

    def _task_settings(self, options: JobOptions, max_pages: int | None) -> TaskSettings:
        return TaskSettings(
            ocr=options.ocr,
            max_bytes=self.settings.max_upload_bytes,
            max_pages=max_pages,
            audit=options.audit,
            pdf_reader=options.pdf_reader,
        )

    def _next_job(self) -> PoolTask | None:
        """Called by the pool's dispatcher when a worker is idle: claim the oldest job."""
        while (row := self.store.claim()) is not None:
            job_id = row["id"]
            task = TaskInput(row["name"], "", None, row["sha256"], row["size"], b"")
            if row["attempts"] > self.settings.max_attempts:
                message = (
                    f"{row['name']}: the service stopped while extracting it "
                    f"{row['attempts'] - 1} times; not tried again"
                )
                self._finish(job_id, failed_result(task, "interrupted", message))
                continue
            try:
                data = (self.inputs / job_id).read_bytes()
            except OSError as error:  # deleted meanwhile (then not running), or lost
                message = f"{row['name']}: the stored input cannot be read: {error.strerror}"
                self._finish(job_id, failed_result(task, "input_missing", message))
                continue
            options = JobOptions.from_json(row["options"])
            worker = WorkerSettings(
                self._task_settings(options, self.settings.max_pages),
                str(self.store.path),
                job_id,
            )
            pool_task = PoolTask(
                TaskInput(row["name"], "", None, row["sha256"], row["size"], data),
                worker,
                self.settings.job_timeout,
                key=job_id,
            )
            pool_task.future.add_done_callback(lambda f, job_id=job_id: self._done(job_id, f))
            return pool_task
        return None

    def _done(self, job_id: str, future: Future) -> None:
        if future.cancelled() or future.exception() is not None:
            return  # deleted while it ran
        self._finish(job_id, future.result())

    def _finish(self, job_id: str, result: TaskResult) -> None:
        """Result file first, then the row: a row that says done always has its result."""
        if not self.store.is_running(job_id):
            return
        path = self.results / f"{job_id}.json"
        write_atomic(path, result.json_text)
        os.chmod(path, 0o600)
        if self.store.finish(job_id, result):
            (self.inputs / job_id).unlink(missing_ok=True)
        else:
            path.unlink(missing_ok=True)

    # Synchronous requests.

    def extract_now(self, data: bytes, name: str, sha256: str, options: JobOptions) -> Future:
        """Run one input ahead of the jobs; ``QueueFull`` when ``queue_size`` requests wait."""
        if self.pool.waiting_count() >= self.settings.queue_size:
            raise QueueFull
        cap = self.settings.sync_max_pages
        if self.settings.max_pages is not None:
            cap = min(cap, self.settings.max_pages)
        task = PoolTask(
            TaskInput(name, "", None, sha256, len(data), data),
            WorkerSettings(self._task_settings(options, cap)),
            self.settings.sync_timeout,
        )
        return self.pool.submit(task)


def job_view(row: sqlite3.Row) -> dict[str, Any]:
    """A job row as the API shows it."""
    done = row["status"] == "done"
    return {
        "id": row["id"],
        "status": row["status"],
        "name": row["name"],
        "created_at": _iso(row["created_at"]),
        "started_at": _iso(row["started_at"]),
        "finished_at": _iso(row["finished_at"]),
        "attempts": row["attempts"],
        "progress": {"pages_done": row["pages_done"], "pages_total": row["pages_total"]},
        "record_status": row["record_status"],
        "error_code": row["error_code"],
        "error_message": row["error_message"],
        "result": f"/v1/jobs/{row['id']}/result" if done else None,
    }


def _iso(stamp: float | None) -> str | None:
    if stamp is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(stamp))
