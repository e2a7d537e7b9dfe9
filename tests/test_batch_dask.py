"""The Dask executor: same records as the in-process task, timeouts, crashes, bounded memory.

Runs a two-process ``LocalCluster`` on loopback only (no dashboard). Task functions used here
are module-level so that the workers (spawned from the same cwd and ``sys.path``) import them
by reference from ``tests.test_batch_dask``.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

distributed = pytest.importorskip("dask.distributed")
import dask  # noqa: E402

from extractor.batch.dask_executor import DaskExecutor  # noqa: E402
from extractor.batch.task import TaskInput, TaskResult, TaskSettings, run_task  # noqa: E402
from extractor.models import ExtractionResult  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [
    *sorted((ROOT / "samples").glob("*.txt")),
    *sorted((ROOT / "samples" / "synthetic").glob("*.txt")),
    ROOT / "samples" / "pdf" / "pk-pringsewu-diskominfo-2025.pdf",
    ROOT / "samples" / "pdf" / "pk-dpmptsp-luwu-timur-2025-part.pdf",
]
SETTINGS = TaskSettings(ocr="never")
SLEEP_SECONDS = 4.0


def _input(key: str, data: bytes, path: str | None = None) -> TaskInput:
    return TaskInput(
        key=key,
        path=path or key,
        member=None,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        data=data,
    )


def _inputs() -> list[TaskInput]:
    return [_input(p.relative_to(ROOT).as_posix(), p.read_bytes(), str(p)) for p in SAMPLES]


def sleep_if_slow(name: str, data: bytes, settings: TaskSettings) -> TaskResult:
    """A task that overruns any short timeout for inputs named ``slow*`` (runs on workers)."""
    if name.startswith("slow"):
        time.sleep(SLEEP_SECONDS)
    return run_task(name, data, settings)


def crash_if_asked(name: str, data: bytes, settings: TaskSettings) -> TaskResult:
    """A task that kills its worker process for inputs named ``crash*`` (runs on workers)."""
    if name.startswith("crash"):
        os._exit(3)
    return run_task(name, data, settings)


def omp_limit(name: str, data: bytes, settings: TaskSettings) -> TaskResult:
    """Reports the worker's OMP_THREAD_LIMIT in the error message of a failed record."""
    result = run_task(name, data, settings)
    return TaskResult(
        json_text=result.json_text,
        status=result.status,
        error_code=None,
        error_message=os.environ.get("OMP_THREAD_LIMIT"),
        pages=result.pages,
        agreements=result.agreements,
    )


@pytest.fixture(scope="module")
def cluster():
    # A crashing task is given up on at once (KilledWorker) instead of being retried on three
    # more workers; the setting is read by the scheduler, which runs in this process.
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as local,
    ):
        yield local


def _collect(executor: DaskExecutor, tasks, timeout: float = 60.0) -> dict[str, TaskResult]:
    results: dict[str, TaskResult] = {}
    for task, result in executor.run(tasks, SETTINGS, timeout):
        assert task.key not in results, f"{task.key} reported twice"
        results[task.key] = result
    return results


def _assert_record(result: TaskResult) -> ExtractionResult:
    record = ExtractionResult.model_validate_json(result.json_text)
    assert record.status == result.status
    return record


def test_dask_records_match_local_byte_for_byte(cluster):
    tasks = _inputs()
    local = {task.key: run_task(task.key, task.data, SETTINGS) for task in tasks}
    with DaskExecutor(cluster=cluster) as executor:
        remote = _collect(executor, iter(tasks))
    assert remote.keys() == local.keys()
    for key, result in local.items():
        assert result.status != "failed", key
        assert remote[key].json_text == result.json_text, key
        assert remote[key].status == result.status
        assert remote[key].agreements == result.agreements
        assert remote[key].pages == result.pages
    assert cluster.status.name == "running"  # close() leaves a given cluster alone


def test_timeout_is_reported_and_the_others_finish(cluster):
    text = (ROOT / "samples" / "synthetic").glob("*.txt")
    tasks = [_input("slow.txt", b"not an agreement\n")]
    tasks += [_input(p.name, p.read_bytes()) for p in sorted(text)]
    start = time.perf_counter()
    seen_at: dict[str, float] = {}
    results: dict[str, TaskResult] = {}
    with DaskExecutor(cluster=cluster, function=sleep_if_slow) as executor:
        for task, result in executor.run(iter(tasks), SETTINGS, 1.0):
            seen_at[task.key] = time.perf_counter() - start
            results[task.key] = result
    assert results.keys() == {task.key for task in tasks}
    slow = results["slow.txt"]
    assert (slow.status, slow.error_code, slow.pages, slow.agreements) == (
        "failed",
        "timeout",
        0,
        0,
    )
    record = _assert_record(slow)
    assert record.errors[0].code == "timeout"
    assert (record.source.sha256, record.source.size_bytes) == (tasks[0].sha256, tasks[0].size)
    assert seen_at["slow.txt"] < SLEEP_SECONDS  # reported on time, not when the sleep ended
    for key, result in results.items():
        if key != "slow.txt":
            assert result.status != "failed", (key, result.error_message)


def test_in_flight_futures_are_bounded_and_inputs_read_lazily(cluster):
    data = (ROOT / "samples" / "synthetic").glob("*.txt")
    sample = sorted(data)[0].read_bytes()
    pulled = 0

    def generate():
        nonlocal pulled
        for number in range(12):
            pulled += 1
            yield _input(f"input-{number}.txt", sample)

    pulled_at_first_result = None
    with DaskExecutor(cluster=cluster, in_flight=3) as executor:
        results = {}
        for task, result in executor.run(generate(), SETTINGS, 60.0):
            if pulled_at_first_result is None:
                pulled_at_first_result = pulled
            results[task.key] = result
    assert pulled_at_first_result is not None and pulled_at_first_result <= 3
    assert len(results) == 12
    assert len({result.json_text.replace(key, "") for key, result in results.items()}) == 1


def test_workers_run_with_one_omp_thread(cluster):
    with DaskExecutor(cluster=cluster, function=omp_limit) as executor:
        results = _collect(executor, [_input("a.txt", b"x\n"), _input("b.txt", b"y\n")])
    assert {result.error_message for result in results.values()} == {"1"}


def test_a_dead_worker_yields_a_failed_record(cluster):
    tasks = [_input("crash.txt", b"boom\n"), _input("fine.txt", SAMPLES[0].read_bytes())]
    with DaskExecutor(cluster=cluster, function=crash_if_asked) as executor:
        results = _collect(executor, tasks)
    assert results.keys() == {"crash.txt", "fine.txt"}
    crash = results["crash.txt"]
    assert (crash.status, crash.error_code, crash.pages, crash.agreements) == (
        "failed",
        "worker_crashed",
        0,
        0,
    )
    assert _assert_record(crash).errors[0].code == "worker_crashed"
    # An input queued on the same worker may be lost with it; it is still a full record.
    for result in results.values():
        _assert_record(result)


def test_needs_exactly_one_of_scheduler_and_cluster():
    with pytest.raises(ValueError):
        DaskExecutor()


def test_batch_on_the_cluster_writes_the_same_records_as_the_local_executor(cluster, tmp_path):
    """The whole batch, run once with the local process pool and once on the Dask cluster,
    writes byte-identical record files and the same manifest statuses."""
    import shutil
    import sqlite3

    from extractor.batch.executors import LocalExecutor
    from extractor.batch.inputs import iter_inputs
    from extractor.batch.run import run_batch

    source = tmp_path / "archive"
    source.mkdir()
    for path in sorted((ROOT / "samples").glob("*.txt")) + sorted(
        (ROOT / "samples" / "synthetic").glob("*.txt")
    ):
        shutil.copy(path, source / path.name)
    shutil.copy(ROOT / "samples" / "pdf" / "pk-pringsewu-diskominfo-2025.pdf", source)
    outputs = {}
    for name, executor in (
        ("local", LocalExecutor(2)),
        ("dask", DaskExecutor(cluster=cluster)),
    ):
        out = tmp_path / name
        try:
            run_batch(iter_inputs([str(source)]), out, executor, SETTINGS, timeout=120.0)
        finally:
            executor.close()
        records = {p.name: p.read_bytes() for p in sorted((out / "records").glob("*.json"))}
        with sqlite3.connect(out / "manifest.sqlite") as db:
            rows = sorted(db.execute("select path, status, sha256 from inputs").fetchall())
        outputs[name] = (records, [(Path(p).name, s, h) for p, s, h in rows])
    assert outputs["dask"][0] == outputs["local"][0]
    assert len(outputs["local"][0]) == 7
    assert outputs["dask"][1] == outputs["local"][1]
