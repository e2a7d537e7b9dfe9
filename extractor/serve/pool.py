"""A long-lived pool of the batch executor's worker processes, fed one task at a time.

The batch ``LocalExecutor.run`` consumes one finite iterator; a service needs tasks that
arrive at any time, a future per task, and cancellation. This pool reuses the executor's
worker processes and protocol (``_worker_main``: a pipe per worker, ``(id, name, data,
settings)`` in, ``(id, result, rss)`` out; kill and restart on timeout or death) under a
dispatcher thread that waits on the workers' pipes, their sentinels and a wake-up pipe.
One task per worker at a time, so a timeout kills no other task.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from itertools import count
from multiprocessing.connection import wait
from typing import Any

from ..batch.executors import LocalExecutor, TaskFunction, _Worker
from ..batch.task import TaskInput, TaskResult, failed_result

logger = logging.getLogger(__name__)


@dataclass
class PoolTask:
    """One input for a worker: ``key`` names it for cancellation (a job id)."""

    task: TaskInput
    settings: Any
    timeout: float
    future: Future = field(default_factory=Future)
    key: str | None = None


class CancelledTask(Exception):
    """The task was cancelled while it ran (its worker was killed)."""


# Called by the dispatcher when a worker is idle and no waiting task is queued: the next
# task to run (a claimed job), or None.
TaskSource = Callable[[], PoolTask | None]


class WorkerPool:
    """``jobs`` worker processes; ``submit`` tasks (run first) or let ``source`` supply them."""

    def __init__(self, jobs: int, function: TaskFunction, source: TaskSource | None = None) -> None:
        self.executor = LocalExecutor(jobs, function, per_worker=1)
        self.source = source
        self.waiting: deque[PoolTask] = deque()
        self.running: dict[int, tuple[_Worker, PoolTask, float]] = {}  # by worker id
        self.lock = threading.Lock()
        self.ids = count()
        self.wake_read, self.wake_write = os.pipe()
        self.closed = False
        self.kills: set[int] = set()  # workers whose running task was cancelled
        self.finished: list[tuple[Future, Any]] = []  # outcomes to set once the lock is free
        self.thread = threading.Thread(target=self._loop, name="extractor-pool", daemon=True)

    def start(self) -> None:
        self.executor.workers = [self.executor._start() for _ in range(self.executor.jobs)]
        self.thread.start()

    def submit(self, task: PoolTask) -> Future:
        with self.lock:
            if self.closed:
                raise RuntimeError("the worker pool is closed")
            self.waiting.append(task)
        self.wake()
        return task.future

    def waiting_count(self) -> int:
        return len(self.waiting)

    def busy_count(self) -> int:
        return len(self.running)

    def wake(self) -> None:
        with contextlib.suppress(OSError):  # closed: the pool is stopping
            os.write(self.wake_write, b"x")

    def cancel(self, key: str) -> bool:
        """Drop a waiting task or kill the worker running it (a new worker takes its place)."""
        with self.lock:
            for task in list(self.waiting):
                if task.key == key:
                    self.waiting.remove(task)
                    task.future.cancel()
                    return True
            running = [wid for wid, (_, task, _) in self.running.items() if task.key == key]
            self.kills.update(running)  # killed by the dispatcher, which owns the pipes
        self.wake()
        return bool(running)

    def close(self) -> None:
        """Stop the dispatcher and the workers; running tasks are killed (a running job stays
        ``running`` in the store and is retried by the next start)."""
        with self.lock:
            self.closed = True
        self.wake()
        if self.thread.is_alive():
            self.thread.join(10)
        with self.lock:
            for worker in self.executor.workers:
                busy = any(w is worker for w, _, _ in self.running.values())
                self.executor._stop(worker, kill=busy)
            self.executor.workers = []
            for _, task, _ in self.running.values():
                task.future.set_exception(CancelledTask("the service is stopping"))
            for task in self.waiting:
                task.future.cancel()
            self.running.clear()
            self.waiting.clear()
        os.close(self.wake_read)
        os.close(self.wake_write)

    # The dispatcher thread.

    def _loop(self) -> None:
        while True:
            with self.lock:
                if self.closed:
                    return
                self._fill()
                busy = [worker for worker, _, _ in self.running.values()]
                deadline = min(
                    (started + task.timeout for _, task, started in self.running.values()),
                    default=None,
                )
            handles: list[Any] = [self.wake_read]
            handles += [w.conn for w in busy] + [w.process.sentinel for w in busy]
            wait_for = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready = set(wait(handles, timeout=wait_for))
            if self.wake_read in ready:
                os.read(self.wake_read, 4096)
            with self.lock:
                for worker_id in self.kills & set(self.running):
                    worker, task, _ = self.running.pop(worker_id)
                    self._restart(worker)
                    self.finished.append((task.future, CancelledTask("cancelled")))
                self.kills.clear()
                self._collect(ready)
                finished, self.finished = self.finished, []
            # Outside the lock: a future's callbacks (a job's result written to disk) must
            # not hold up ``submit`` and ``cancel`` from the event loop.
            for future, outcome in finished:
                if isinstance(outcome, BaseException):
                    future.set_exception(outcome)
                else:
                    future.set_result(outcome)

    def _fill(self) -> None:
        """Give every idle worker a task: waiting ones first, then one from ``source``."""
        busy_ids = set(self.running)
        for worker in self.executor.workers:
            if id(worker) in busy_ids:
                continue
            task = self._next_task()
            if task is None:
                return
            self.running[id(worker)] = (worker, task, time.monotonic())
            message = (next(self.ids), task.task.key, task.task.data, task.settings)
            with contextlib.suppress(OSError, ValueError):  # a dead worker: failed below
                worker.conn.send(message)

    def _next_task(self) -> PoolTask | None:
        while self.waiting:
            task = self.waiting.popleft()
            if task.future.set_running_or_notify_cancel():  # False: cancelled while waiting
                return task
        if self.source is None:
            return None
        try:
            task = self.source()
        except Exception:  # noqa: BLE001 - the dispatcher must outlive a store error
            logger.exception("cannot take the next job")
            return None
        if task is not None and task.future.set_running_or_notify_cancel():
            return task
        return None

    def _collect(self, ready: set) -> None:
        now = time.monotonic()
        for worker_id, (worker, task, started) in list(self.running.items()):
            if worker.conn in ready:
                try:
                    _, result, rss_kb = worker.conn.recv()
                    self.executor.max_rss_kb = max(self.executor.max_rss_kb, rss_kb)
                    del self.running[worker_id]
                    self.finished.append((task.future, result))
                    continue
                except (EOFError, OSError):
                    pass
                self._fail(worker_id, "worker_crashed", now - started)
            elif worker.process.sentinel in ready:
                self._fail(worker_id, "worker_crashed", now - started)
            elif now >= started + task.timeout:
                self._fail(worker_id, "timeout", now - started)

    def _fail(self, worker_id: int, code: str, seconds: float) -> None:
        """The task's record fails with ``code``; its worker is replaced."""
        worker, task, _ = self.running.pop(worker_id)
        self._restart(worker)
        key = task.task.key
        if code == "timeout":
            message = f"{key}: extraction took longer than {task.timeout:g} s and was stopped"
        else:
            exitcode = worker.process.exitcode
            message = f"{key}: the worker process died (exit code {exitcode})"
        result: TaskResult = failed_result(task.task, code, message, seconds)
        self.finished.append((task.future, result))

    def _restart(self, worker: _Worker) -> None:
        self.executor._stop(worker, kill=True)
        index = next(i for i, w in enumerate(self.executor.workers) if w is worker)
        self.executor.workers[index] = self.executor._start()
