"""Run a batch: inputs -> executor -> record files, JSON Lines and the manifest.

Per input the writes go: record file (atomic) -> ``records.jsonl``/``errors.jsonl`` line ->
manifest commit. At the start of every run (and at the end of a run that re-processed keys)
the JSON Lines files are reconciled with the manifest and rewritten atomically, so a batch
killed at any moment and resumed has no lost and no duplicated record anywhere.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from .. import __version__
from ..emit import write_atomic
from .executors import Executor
from .inputs import InputItem, Rejected
from .manifest import Manifest, Row
from .task import TaskInput, TaskResult, TaskSettings

RECORDS_DIR = "records"
RECORDS_JSONL = "records.jsonl"
ERRORS_JSONL = "errors.jsonl"
LOCK_NAME = ".lock"


class OutputLocked(Exception):
    """Another batch holds the output folder's lock: an environment failure, not an input's."""


@contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``OUT_DIR/.lock`` for the whole run.

    Two runs on one folder would interleave writes and one run's reconcile would replace the
    JSON Lines file the other appends to. The kernel drops the lock when its holder exits,
    however it exits, so a lock left by a killed run never blocks the next one."""
    path = out_dir / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            who = f" (pid {holder})" if holder.isdigit() else ""
            raise OutputLocked(
                f"{out_dir}: another batch is writing to this output folder{who}; "
                "wait for it to finish or use another -o folder"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


@dataclass
class BatchSummary:
    """What one run did."""

    total: int = 0  # inputs seen
    ok: int = 0  # extracted ok
    partial: int = 0  # extracted with errors recorded
    errors: int = 0  # failed extraction or unreadable input
    skipped: int = 0  # unsupported file types
    done: int = 0  # already done in an earlier run (resume)
    duplicates: int = 0  # content-identical to another input: extraction reused
    extracted: int = 0  # inputs actually sent to a worker
    pages: int = 0
    seconds: float = 0.0
    error_codes: dict[str, int] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0

    def line(self) -> str:
        rate = self.pages / self.seconds if self.seconds else 0.0
        return (
            f"batch: {self.total} inputs in {self.seconds:.1f} s: {self.ok} ok, "
            f"{self.partial} partial, {self.errors} errors, {self.skipped} skipped, "
            f"{self.done} already done, {self.duplicates} duplicates; "
            f"{self.extracted} extracted, {self.pages} pages ({rate:.1f} pages/s)"
        )


ProgressFn = Callable[[BatchSummary, bool], None]


def record_name(key: str) -> str:
    """A stable, collision-free record file name: ``<stem>-<first 8 hex of sha256(key)>.json``."""
    stem = PurePosixPath(key.replace("\\", "/").split("!")[-1]).stem or "input"
    stem = re.sub(r"[^\w.-]+", "_", stem)[:80]
    return f"{stem}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:8]}.json"


def run_batch(
    inputs: Iterable[InputItem],
    out_dir: Path,
    executor: Executor,
    settings: TaskSettings,
    timeout: float = 300.0,
    resume: bool = True,
    progress: ProgressFn | None = None,
) -> BatchSummary:
    """Convert every input; returns what was done (the manifest keeps the details)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with output_lock(out_dir):
        return _run_locked(inputs, out_dir, executor, settings, timeout, resume, progress)


def remove_partial_writes(out_dir: Path) -> None:
    """Delete the temp files of writes a killed run left: a SIGKILL leaves no chance to
    delete them, and under the lock no other run is writing them. Only names a run's own
    writes make (``write_atomic``, the JSON Lines rewrite: ``.<name>.<8 random>.tmp`` of a
    record or of the two JSON Lines files), never another file of the folder."""
    jsonl = {RECORDS_JSONL, ERRORS_JSONL}
    for folder, ours in (
        (out_dir, lambda name: name in jsonl),
        (out_dir / RECORDS_DIR, lambda name: len(name) > 5 and name.endswith(".json")),
    ):
        for path in folder.glob(".*.tmp"):
            if _temp_of(path.name, ours) and path.is_file():
                path.unlink(missing_ok=True)


_MKSTEMP = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")  # its 8 random characters


def _temp_of(name: str, ours: Callable[[str], bool]) -> bool:
    """Whether ``name`` is ``.<target>.<8 random>.tmp``, as ``tempfile.mkstemp`` names the
    temp file of a write to ``target``, for a target that ``ours`` accepts."""
    if not (name.startswith(".") and name.endswith(".tmp")):
        return False
    target, _, random = name[1:-4].rpartition(".")
    return len(random) == 8 and set(random) <= _MKSTEMP and ours(target)


def _run_locked(
    inputs: Iterable[InputItem],
    out_dir: Path,
    executor: Executor,
    settings: TaskSettings,
    timeout: float,
    resume: bool,
    progress: ProgressFn | None,
) -> BatchSummary:
    (out_dir / RECORDS_DIR).mkdir(exist_ok=True)
    remove_partial_writes(out_dir)
    start = time.perf_counter()
    summary = BatchSummary()
    with Manifest(out_dir) as manifest:
        if not resume:
            with manifest._transaction():
                manifest.db.execute("DELETE FROM inputs")
        reconcile(out_dir, manifest)
        batch = _Batch(out_dir, manifest, summary, resume)
        try:
            for task, result in executor.run(batch.tasks(inputs), settings, timeout):
                batch.finish(task, result)
                if progress:
                    summary.seconds = time.perf_counter() - start
                    progress(summary, False)
        finally:
            batch.close()
        if batch.dirty:
            reconcile(out_dir, manifest)
    summary.seconds = time.perf_counter() - start
    if progress:
        progress(summary, True)
    return summary


class _Batch:
    """The client side of a run: decides what to extract and writes every output."""

    def __init__(self, out_dir: Path, manifest: Manifest, summary: BatchSummary, resume: bool):
        self.out_dir = out_dir
        self.manifest = manifest
        self.summary = summary
        self.resume = resume
        self.records = open(out_dir / RECORDS_JSONL, "a", encoding="utf-8")  # noqa: SIM115
        self.errors = open(out_dir / ERRORS_JSONL, "a", encoding="utf-8")  # noqa: SIM115
        self.in_flight: dict[str, list[TaskInput]] = {}  # sha256 -> inputs waiting for it
        self.seen: set[str] = set()
        self.dirty = False  # a key was processed again: its old JSON Lines entries are stale

    def close(self) -> None:
        self.records.close()
        self.errors.close()

    def tasks(self, inputs: Iterable[InputItem]) -> Iterator[TaskInput]:
        """The inputs to send to workers; everything else is settled here."""
        for item in inputs:
            if item.key in self.seen:
                continue  # the same file given twice
            self.seen.add(item.key)
            self.summary.total += 1
            old = self.manifest.get(item.key)
            if isinstance(item, Rejected):
                self._reject(item, old)
                continue
            if self._already_done(old, item):
                self.summary.done += 1
                self._count_status(old)
                continue
            if item.sha256 in self.in_flight:
                self._forget(old)
                self.in_flight[item.sha256].append(_light(item))
                continue
            first = self.manifest.ok_key(item.sha256, __version__) if self.resume else None
            first_row = self.manifest.get(first) if first else None
            if first_row and self._has_record(first_row):
                self._forget(old)
                text = (self.out_dir / first_row.output_path).read_text(encoding="utf-8")
                self._copy(_light(item), first_row.key, text, first_row)
                continue
            self._forget(old)
            self.in_flight[item.sha256] = []
            self.summary.extracted += 1
            yield item

    def finish(self, task: TaskInput, result: TaskResult) -> None:
        """Write a finished input's outputs, then those of the inputs identical to it."""
        row = self._row(task, result)
        self._write_record(task.key, result.json_text, row)
        for other in self.in_flight.pop(task.sha256, []):
            self._copy(other, task.key, result.json_text, row)

    # -- writing ---------------------------------------------------------------------------

    def _write_record(self, key: str, json_text: str, row: Row) -> None:
        name = record_name(key)
        write_atomic(self.out_dir / RECORDS_DIR / name, json_text)
        row.output_path = f"{RECORDS_DIR}/{name}"
        self.records.write(json_text if json_text.endswith("\n") else json_text + "\n")
        self.records.flush()
        if row.status == "error":
            self._error_line(row)
        self.manifest.commit(row)
        self._count(row, json_text)

    def _copy(self, item: TaskInput, first_key: str, json_text: str, first: Row) -> None:
        """An input identical to ``first_key``: its record re-labelled, not extracted again."""
        data = json.loads(json_text)
        data["source"]["path"] = item.key
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
        row = replace(
            first,
            **_identity(item),
            seconds=0.0,
            same_as=first_key,
            output_path=None,
            updated_at="",
        )
        self.summary.duplicates += 1
        self._write_record(item.key, text, row)

    def _reject(self, item: Rejected, old: Row | None) -> None:
        if old and (old.status, old.error_code, old.sha256) == (
            item.status,
            item.code,
            item.sha256,
        ):
            self._count(old, None)  # already recorded, nothing changed
            return
        self._forget(old)
        row = Row(
            **_identity(item), status=item.status, error_code=item.code, error_message=item.message
        )
        self._error_line(row)
        self.manifest.commit(row)
        self._count(row, None)

    def _error_line(self, row: Row) -> None:
        self.errors.write(_error_json(row))
        self.errors.flush()

    def _forget(self, old: Row | None) -> None:
        if old is not None:
            self.manifest.forget(old.key)
            self.dirty = True

    def _already_done(self, old: Row | None, item: TaskInput) -> bool:
        return (
            old is not None
            and (old.status, old.sha256, old.extractor_version) == ("ok", item.sha256, __version__)
            and self._has_record(old)
        )

    def _has_record(self, row: Row) -> bool:
        return bool(row.output_path) and (self.out_dir / row.output_path).is_file()

    def _row(self, task: TaskInput, result: TaskResult) -> Row:
        return Row(
            **_identity(task),
            status="error" if result.status == "failed" else "ok",
            error_code=result.error_code,
            error_message=result.error_message,
            pages=result.pages,
            agreements=result.agreements,
            discrepancies=sum(result.discrepancy_codes.values()),
            discrepancy_codes=dict(result.discrepancy_codes),
            notes=sum(result.note_codes.values()),
            note_codes=dict(result.note_codes),
            seconds=result.seconds,
        )

    def _count(self, row: Row, json_text: str | None) -> None:
        summary = self.summary
        summary.pages += row.pages if row.same_as is None else 0
        if row.status == "ok":
            partial = json_text is not None and '"status":"partial"' in json_text[:200]
            summary.partial += partial
            summary.ok += not partial
        else:
            self._count_status(row)

    def _count_status(self, row: Row) -> None:
        summary = self.summary
        if row.status == "ok":
            summary.ok += 1
        elif row.status == "skipped":
            summary.skipped += 1
        else:
            summary.errors += 1
            code = row.error_code or "error"
            summary.error_codes[code] = summary.error_codes.get(code, 0) + 1


def _light(item: TaskInput) -> TaskInput:
    """The input without its bytes (kept while it waits for an identical input)."""
    return TaskInput(item.key, item.path, item.member, item.sha256, item.size, b"")


def _error_json(row: Row) -> str:
    line = {
        "key": row.key,
        "path": row.path,
        "member": row.member,
        "sha256": row.sha256,
        "status": row.status,
        "code": row.error_code,
        "message": row.error_message,
    }
    return json.dumps(line, ensure_ascii=False) + "\n"


# -- reconciliation -------------------------------------------------------------------------


def reconcile(out_dir: Path, manifest: Manifest) -> None:
    """Make ``records.jsonl`` and ``errors.jsonl`` hold exactly one line per committed key.

    Drops a truncated last line, lines of keys that are not committed (or whose row was
    re-done), duplicates; adds the lines of committed keys that are missing; rewrites each file
    atomically. The files themselves are checked every time (no cached size or count is
    trusted: a file replaced or appended to by someone else looks unchanged to a cache); a
    file already exact is left untouched."""
    statuses = manifest.statuses()
    record_keys = {k for k, (status, _) in statuses.items() if status in ("ok", "error")}
    error_keys = {k for k, (status, _) in statuses.items() if status in ("error", "skipped")}
    _rewrite(
        out_dir / RECORDS_JSONL,
        record_keys,
        lambda d: (d["source"]["path"], d["source"]["sha256"]),
        statuses,
        lambda key: _record_line(out_dir, manifest, key),
    )
    _rewrite(
        out_dir / ERRORS_JSONL,
        error_keys,
        lambda d: (d["key"], d["sha256"]),
        statuses,
        lambda key: _error_json(manifest.get(key)),
    )


def _rewrite(path: Path, keys: set[str], key_of, statuses, line_for) -> None:
    """Keep the last valid line of each committed key, in file order; add missing ones."""
    last: dict[str, int] = {}
    lines = 0
    for index, line in enumerate(_lines(path)):
        lines += 1
        key = _key(line, key_of, keys, statuses)
        if key is not None:
            last[key] = index
    if len(last) == lines == len(keys) and _ends_with_newline(path):
        return  # one valid line per committed key and nothing else
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            kept = set(last.values())
            for index, line in enumerate(_lines(path)):
                if index in kept:
                    out.write(line)
            for key in sorted(keys - last.keys()):
                line = line_for(key)
                if line:
                    out.write(line)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _key(line: str, key_of, keys: set[str], statuses) -> str | None:
    """The key of a valid line of a committed key (for this key's current content)."""
    try:
        key, sha = key_of(json.loads(line))
    except (ValueError, KeyError, TypeError):
        return None  # a truncated or garbled line
    if key not in keys or (sha and sha != statuses[key][1]):
        return None  # not committed, or the line of an older version of this input
    return key


def _ends_with_newline(path: Path) -> bool:
    """Whether ``path`` is empty or complete (no truncated last line)."""
    try:
        with open(path, "rb") as handle:
            if handle.seek(0, os.SEEK_END) == 0:
                return True
            handle.seek(-1, os.SEEK_END)
            return handle.read(1) == b"\n"
    except OSError:
        return False


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _lines(path: Path) -> Iterator[str]:
    """Complete lines of ``path`` (a last line without its newline is dropped)."""
    if not path.exists():
        return
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.endswith("\n"):
                yield line


def _record_line(out_dir: Path, manifest: Manifest, key: str) -> str | None:
    row = manifest.get(key)
    if row is None or not row.output_path:
        return None
    try:
        text = (out_dir / row.output_path).read_text(encoding="utf-8")
    except OSError:
        return None
    return text if text.endswith("\n") else text + "\n"


# -- progress -------------------------------------------------------------------------------


class ProgressReporter:
    """A bar on stderr when it is a terminal, otherwise a log line every ``every`` seconds."""

    def __init__(self, total: int, stream=None, every: float = 5.0) -> None:
        self.total = max(total, 1)
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.every = every
        self.last = 0.0

    def __call__(self, summary: BatchSummary, final: bool) -> None:
        now = time.monotonic()
        if final:
            if self.tty:
                self.stream.write("\n")
            self.stream.write(summary.line() + "\n")
            self.stream.flush()
            return
        if not self.tty and now - self.last < self.every:
            return
        if self.tty and now - self.last < 0.1:
            return
        self.last = now
        finished = summary.ok + summary.partial + summary.errors + summary.skipped
        rate = summary.pages / summary.seconds if summary.seconds else 0.0
        per_file = summary.seconds / finished if finished else 0.0
        eta = max(0.0, (self.total - finished) * per_file)
        text = (
            f"{finished}/{self.total} files, {rate:.1f} pages/s, {summary.errors} errors, "
            f"ETA {eta:.0f} s"
        )
        if self.tty:
            width = 30
            filled = int(width * min(finished, self.total) / self.total)
            self.stream.write(f"\rbatch [{'#' * filled}{'.' * (width - filled)}] {text}")
        else:
            self.stream.write(f"batch: {text}\n")
        self.stream.flush()


def _identity(item: TaskInput | Rejected) -> dict:
    """The manifest fields that say which input a row is about (and who wrote it)."""
    return {
        "key": item.key,
        "path": item.path,
        "member": item.member,
        "sha256": item.sha256,
        "size": item.size,
        "extractor_version": __version__,
    }
