"""Executors run tasks and yield ``(TaskInput, TaskResult)`` pairs as they complete.

``LocalExecutor`` keeps ``jobs`` persistent worker processes (forkserver or spawn, one pipe
each). At most ``per_worker`` tasks are in flight per worker, and tasks are pulled from the
input iterator only when a worker has room, so memory stays flat however many inputs there
are. A task that runs longer than the timeout gets its worker killed and restarted and yields a
failed record with error code ``timeout``; a worker that dies yields ``worker_crashed`` for the
task it was running, and a new worker takes its place. Other tasks queued on such a worker are
sent to another worker.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import queue
import resource
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import count
from multiprocessing.connection import Connection, wait
from typing import Protocol

from .task import TaskInput, TaskResult, TaskSettings, failed_result, run_task

TaskFunction = Callable[[str, bytes, TaskSettings], TaskResult]


class Executor(Protocol):
    def run(
        self, tasks: Iterable[TaskInput], settings: TaskSettings, timeout: float
    ) -> Iterator[tuple[TaskInput, TaskResult]]: ...

    def close(self) -> None: ...


def _worker_main(conn: Connection, function: TaskFunction) -> None:
    """Worker loop: a reader thread keeps draining the pipe (so the parent never blocks on a
    send while this process sends a result); the main thread runs the tasks in order."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    inbox: queue.Queue = queue.Queue()

    def reader() -> None:
        try:
            while True:
                message = conn.recv()
                inbox.put(message)
                if message is None:
                    return
        except (EOFError, OSError):
            inbox.put(None)

    threading.Thread(target=reader, daemon=True).start()
    while True:
        message = inbox.get()
        if message is None:
            return
        task_id, name, data, settings = message
        result = function(name, data, settings)
        del data
        conn.send((task_id, result, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    queue: deque = field(default_factory=deque)  # (task_id, TaskInput) in the order sent
    started: float = 0.0  # when the task at the head of the queue started


class LocalExecutor:
    """Persistent local worker processes; ``function`` is the task (tests pass others)."""

    def __init__(
        self,
        jobs: int | None = None,
        function: TaskFunction = run_task,
        per_worker: int = 2,
        start_method: str | None = None,
    ) -> None:
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.function = function
        self.per_worker = max(1, per_worker)
        methods = multiprocessing.get_all_start_methods()
        method = start_method or ("forkserver" if "forkserver" in methods else "spawn")
        self.context = multiprocessing.get_context(method)
        if method == "forkserver":
            self.context.set_forkserver_preload(["extractor.batch.task"])
        self.workers: list[_Worker] = []
        self.max_rss_kb = 0

    def _start(self) -> _Worker:
        parent, child = self.context.Pipe(duplex=True)
        process = self.context.Process(
            target=_worker_main, args=(child, self.function), daemon=False
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    def _stop(self, worker: _Worker, kill: bool) -> None:
        if kill:
            worker.process.kill()
        else:
            try:
                worker.conn.send(None)
            except (OSError, ValueError):
                worker.process.kill()
        worker.process.join(5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.conn.close()

    def run(
        self, tasks: Iterable[TaskInput], settings: TaskSettings, timeout: float
    ) -> Iterator[tuple[TaskInput, TaskResult]]:
        source = iter(tasks)
        first = next(source, None)
        if first is None:
            return  # nothing to do: no worker is started
        source = itertools.chain([first], source)
        while len(self.workers) < self.jobs:
            self.workers.append(self._start())
        retry: deque[TaskInput] = deque()  # tasks taken back from a killed worker
        ids = count()
        exhausted = False
        while True:
            # Fill every worker up to per_worker tasks, least loaded first.
            for worker in sorted(self.workers, key=lambda w: len(w.queue)):
                while len(worker.queue) < self.per_worker:
                    if retry:
                        task = retry.popleft()
                    elif not exhausted:
                        task = next(source, None)
                        if task is None:
                            exhausted = True
                            break
                    else:
                        break
                    task_id = next(ids)
                    if not worker.queue:
                        worker.started = time.monotonic()
                    worker.queue.append((task_id, task))
                    try:
                        worker.conn.send((task_id, task.key, task.data, settings))
                    except (OSError, ValueError):
                        break  # a dead worker: found below through its sentinel
            busy = [w for w in self.workers if w.queue]
            if not busy:
                if exhausted and not retry:
                    return
                continue
            now = time.monotonic()
            deadline = min(w.started + timeout for w in busy)
            handles = [w.conn for w in busy] + [w.process.sentinel for w in busy]
            ready = set(wait(handles, timeout=max(0.0, deadline - now)))
            for worker in busy:
                if worker.conn in ready:
                    try:
                        while worker.queue and worker.conn.poll():
                            task_id, result, rss_kb = worker.conn.recv()
                            self.max_rss_kb = max(self.max_rss_kb, rss_kb)
                            head_id, task = worker.queue.popleft()
                            assert head_id == task_id
                            worker.started = time.monotonic()
                            yield task, result
                        continue
                    except (EOFError, OSError):
                        pass  # the worker died mid-send
                    yield from self._replace(worker, retry, "worker_crashed")
                elif worker.process.sentinel in ready:
                    yield from self._replace(worker, retry, "worker_crashed")
                elif time.monotonic() >= worker.started + timeout:
                    yield from self._replace(worker, retry, "timeout", timeout)

    def _replace(
        self, worker: _Worker, retry: deque, code: str, timeout: float | None = None
    ) -> Iterator[tuple[TaskInput, TaskResult]]:
        """Kill ``worker``, fail its running task, re-queue its other tasks, start a new one."""
        seconds = time.monotonic() - worker.started
        exitcode = worker.process.exitcode
        self._stop(worker, kill=True)
        index = self.workers.index(worker)
        self.workers[index] = self._start()
        if not worker.queue:
            return
        _, task = worker.queue.popleft()
        if code == "timeout":
            message = f"{task.key}: extraction took longer than {timeout:g} s and was stopped"
        else:
            message = f"{task.key}: the worker process died (exit code {exitcode})"
        retry.extendleft(task for _, task in reversed(worker.queue))
        worker.queue.clear()
        yield task, failed_result(task, code, message, seconds)

    def close(self) -> None:
        for worker in self.workers:
            self._stop(worker, kill=bool(worker.queue))
        self.workers = []

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
