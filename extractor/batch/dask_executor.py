"""Run batch tasks on a Dask cluster: one scheduler, workers on as many machines as you like.

The client (the ``extractor batch`` process) reads every input, sends its bytes along with the
task, and writes every output itself: workers need the project and Tesseract installed, but no
shared disk. Results come back as JSON text (:class:`~extractor.batch.task.TaskResult`).

Install with ``pip install -e ".[dask]"``. Start ``dask scheduler`` on one host and
``dask worker tcp://host:8786 --nthreads 1 --nworkers N`` on the others (with
``OMP_THREAD_LIMIT=1``), then run ``extractor batch ... --executor dask --scheduler
tcp://host:8786``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .task import TaskInput, TaskResult, TaskSettings, failed_result, run_task

TaskFunction = Callable[[str, bytes, TaskSettings], TaskResult]

#: How often the client asks the workers which tasks are running (for the timeout), seconds.
POLL_SECONDS = 0.25

#: Futures kept in flight per worker thread: enough to keep every thread busy while results
#: travel, few enough that memory stays flat however many inputs the generator yields.
IN_FLIGHT_PER_THREAD = 4

_CANCELLED = (asyncio.CancelledError, concurrent.futures.CancelledError)


def _run(function: TaskFunction, name: str, data: bytes, settings: TaskSettings) -> TaskResult:
    """What a worker runs: one OCR thread per task (the worker's threads are the parallelism)."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    return function(name, data, settings)


def _executing(dask_worker: Any) -> tuple[int, list[str]]:
    """Run on every worker (``Client.run``): its thread count and the keys it is running now."""
    return dask_worker.state.nthreads, [str(ts.key) for ts in dask_worker.state.executing]


class DaskExecutor:
    """Runs :func:`~extractor.batch.task.run_task` for each input on a ``dask.distributed`` cluster.

    Connect to a running scheduler (``scheduler="tcp://host:8786"``) or to a cluster object
    (``cluster=LocalCluster(...)``, as the tests do). ``function`` is the per-input task; it must
    be importable on the workers (a module-level function).

    :meth:`run` consumes the inputs lazily, keeping at most ``in_flight`` futures (default
    ``4 × the worker threads`` the scheduler knows about, re-read as workers come and go), and
    yields ``(task, result)`` as tasks complete, in any order. It never raises for one input:

    * a task that has been *running* on a worker for more than ``timeout`` seconds (timed from
      when a worker starts it, not from submission, so queued tasks are not penalised; the
      clock is read every :data:`POLL_SECONDS`) is cancelled and yields a failed ``timeout``
      record. Dask cannot kill a running task: the worker thread keeps running it until it
      ends, and that worker slot stays busy until then; its result is discarded. To reclaim
      the slot at once, restart the worker (``dask worker`` runs it under a nanny).
    * a task whose worker died (``KilledWorker`` once the scheduler gives up rescheduling it,
      a cancelled or lost future, or any exception from ``future.result()``) yields a failed
      ``worker_crashed`` record.

    :meth:`close` closes the client, never a cluster it was given.
    """

    def __init__(
        self,
        scheduler: str | None = None,
        cluster: Any = None,
        *,
        function: TaskFunction = run_task,
        in_flight: int | None = None,
    ) -> None:
        from dask.distributed import Client

        if (scheduler is None) == (cluster is None):
            raise ValueError("DaskExecutor needs a scheduler address or a cluster (exactly one)")
        self.function = function
        self.in_flight = in_flight
        self.client = Client(cluster if cluster is not None else scheduler)
        self._threads = 0

    # -- the Executor protocol -------------------------------------------------------------

    def run(
        self, tasks: Iterable[TaskInput], settings: TaskSettings, timeout: float | None
    ) -> Iterator[tuple[TaskInput, TaskResult]]:
        from dask.distributed import as_completed

        limit = timeout if timeout and timeout > 0 else None
        batch = uuid.uuid4().hex[:12]
        inputs = iter(tasks)
        exhausted = False
        pending: dict[str, tuple[Any, TaskInput, float]] = {}  # key -> future, input, submitted
        started: dict[str, float] = {}  # key -> when a worker was first seen running it
        completed = as_completed()
        count = 0
        self._threads = sum(self.client.nthreads().values())
        last_poll = 0.0
        try:
            while True:
                while not exhausted and len(pending) < self._window():
                    task = next(inputs, None)
                    if task is None:
                        exhausted = True
                        break
                    count += 1
                    key = f"extract-{batch}-{count}"
                    future = self.client.submit(
                        _run, self.function, task.key, task.data, settings, key=key, pure=False
                    )
                    pending[key] = (future, task, time.perf_counter())
                    completed.add(future)
                if not pending:
                    return
                for future in completed.next_batch(block=False):
                    entry = pending.pop(future.key, None)
                    if entry is None:  # cancelled on timeout: already reported
                        continue
                    started.pop(future.key, None)
                    yield entry[1], self._collect(future, entry[1], entry[2])
                now = time.perf_counter()
                if pending and now - last_poll >= POLL_SECONDS:
                    last_poll = now
                    running = self._poll()
                    if limit is not None:
                        for key in running & pending.keys():
                            started.setdefault(key, now)
                        for key, since in list(started.items()):
                            if now - since > limit and key in pending:
                                future, task, submitted = pending.pop(key)
                                del started[key]
                                future.cancel()
                                message = (
                                    f"{task.key}: timed out after {limit:g} s on a Dask worker "
                                    "(the worker keeps running it until it ends)"
                                )
                                yield task, failed_result(task, "timeout", message, now - since)
                if pending and not completed.has_ready():
                    time.sleep(0.02)
        finally:
            for future, _task, _submitted in pending.values():
                future.cancel()
            completed.clear()

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals ----------------------------------------------------------------------------

    def _window(self) -> int:
        if self.in_flight:
            return self.in_flight
        return IN_FLIGHT_PER_THREAD * max(self._threads, 1)

    def _poll(self) -> set[str]:
        """The keys running on some worker now; refreshes the thread count as a side effect."""
        try:
            answers = self.client.run(_executing, on_error="ignore")
        except Exception:  # noqa: BLE001 - a lost scheduler shows up in the futures instead
            return set()
        running: set[str] = set()
        threads = 0
        for answer in answers.values():
            if isinstance(answer, tuple) and len(answer) == 2:
                threads += answer[0]
                running.update(answer[1])
        self._threads = threads
        return running

    def _collect(self, future: Any, task: TaskInput, submitted: float) -> TaskResult:
        elapsed = time.perf_counter() - submitted
        try:
            result = future.result()
        except (Exception, *_CANCELLED) as error:  # noqa: BLE001 - one input must not stop all
            message = f"{task.key}: Dask worker failed ({future.status}): {error!r}"
            return failed_result(task, "worker_crashed", message, elapsed)
        if not isinstance(result, TaskResult):
            message = f"{task.key}: Dask worker returned {type(result).__name__}, not TaskResult"
            return failed_result(task, "worker_crashed", message, elapsed)
        return result
