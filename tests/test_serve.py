"""``extractor serve`` in process: the app under Starlette's TestClient (httpx), real workers.

The worker task is ``sleepy_task``: a body ``sleep:S`` sleeps S seconds and then extracts
the sample bundle (slow jobs for the queue, timeout, cancel and restart tests); any other
body is extracted as sent, exactly as ``serve_task`` does."""

from __future__ import annotations

import json
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import regex
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from extractor.audit import rule_names
from extractor.batch.task import TaskResult
from extractor.emit import json_schema, validate_record
from extractor.serve.app import create_app
from extractor.serve.settings import ServeSettings
from extractor.serve.task import WorkerSettings, serve_task
from extractor.serve.uploads import safe_name

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "pk-pringsewu-diskominfo-2025.txt"
SAMPLE_BYTES = SAMPLE.read_bytes()
LUWU = SAMPLE.parent / "pk-dpmptsp-luwu-timur-2025.txt"
PROBLEM = "application/problem+json"


def sleepy_task(name: str, data: bytes, settings: WorkerSettings) -> TaskResult:
    if match := regex.fullmatch(rb"sleep:([0-9.]+)", data):
        time.sleep(float(match[1]))
        data = SAMPLE_BYTES
    return serve_task(name, data, settings)


def settings_for(data_dir: Path, **changes: object) -> ServeSettings:
    base = {
        "data_dir": data_dir,
        "jobs": 2,
        "sync_max_bytes": 64 * 1024,
        "max_upload_bytes": 256 * 1024,
        "sync_max_pages": 20,
        "job_timeout": 30,
        "sync_timeout": 30,
        "queue_size": 3,
        "retry_after": 7,
    }
    return ServeSettings(**{**base, **changes})  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    app = create_app(settings_for(tmp_path_factory.mktemp("serve")), sleepy_task)
    with TestClient(app) as test_client:
        yield test_client


def wait_done(client: TestClient, location: str, seconds: float = 60) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = client.get(location).json()
        if job["status"] == "done":
            return job
        time.sleep(0.05)
    raise AssertionError(f"{location} not done after {seconds} s: {job}")


def clear_jobs(client: TestClient) -> None:
    """Delete what a test left, so the bounded queue starts empty for the next one."""
    store = client.app.state.runner.store
    with store.lock:
        ids = [row[0] for row in store.db.execute("SELECT id FROM jobs")]
    for job_id in ids:
        client.delete(f"/v1/jobs/{job_id}")


def data_dir(client: TestClient) -> Path:
    return Path(client.app.state.settings.data_dir)


def test_extract_returns_the_validated_record(client: TestClient) -> None:
    response = client.post(
        "/v1/extract",
        content=SAMPLE_BYTES,
        headers={"content-type": "text/plain"},
        params={"filename": SAMPLE.name},
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    record = response.json()
    assert validate_record(record) == []
    assert record["status"] == "ok"
    assert record["source"]["path"] == SAMPLE.name
    assert record["agreements"]
    lines = client.post(
        "/v1/extract",
        files={"file": (SAMPLE.name, SAMPLE_BYTES, "text/plain")},
        params={"format": "jsonl"},
    )
    assert lines.headers["content-type"].startswith("application/x-ndjson")
    assert lines.text.count("\n") == 1
    assert json.loads(lines.text)["agreements"] == record["agreements"]
    assert list((data_dir(client) / "uploads").iterdir()) == []  # uploads removed


def test_rule_options_reach_the_audit(client: TestClient) -> None:
    """Every rule the record shows a finding of stops finding when it is disabled (the
    Luwu Timur sample sets off many rules)."""
    bundle = LUWU.read_bytes()
    record = client.post("/v1/jobs", content=bundle)
    record = client.get(wait_done(client, record.headers["location"])["result"]).json()
    fired = sorted({d["code"] for d in record["discrepancies"]} & set(rule_names()))
    assert len(fired) >= 3
    params = {"disable": fired[:3]}
    again = client.post("/v1/jobs", content=bundle, params=params)
    again = client.get(wait_done(client, again.headers["location"])["result"]).json()
    assert not {d["code"] for d in again["discrepancies"]} & set(fired[:3])
    assert {d["code"] for d in again["discrepancies"]} >= set(fired[3:])
    bad = client.post("/v1/extract", content=SAMPLE_BYTES, params={"disable": "no_such_rule"})
    assert bad.status_code == 422
    assert bad.headers["content-type"] == PROBLEM
    clear_jobs(client)


@given(st.text(max_size=300))
def test_client_names_are_labels_never_paths(name: str) -> None:
    """Rule: a client's file name is reduced to one bare component without control
    characters; it can never name a folder or a hidden file."""
    label = safe_name(name)
    assert label
    assert "/" not in label and "\\" not in label
    assert not label.startswith(".")
    assert not regex.search(r"[\p{Cc}\p{Cf}]", label)
    assert len(label) <= 200


def test_path_names_from_clients_are_not_followed(client: TestClient) -> None:
    response = client.post(
        "/v1/extract", content=SAMPLE_BYTES, params={"filename": "../../etc/passwd"}
    )
    assert response.json()["source"]["path"] == "passwd"


@pytest.mark.parametrize("extra", [1, 4096])
def test_sync_size_limit_points_to_jobs(client: TestClient, extra: int) -> None:
    limit = client.app.state.settings.sync_max_bytes
    body = SAMPLE_BYTES * (limit // len(SAMPLE_BYTES) + 1)
    body = body[: limit + extra]
    response = client.post("/v1/extract", content=body)
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["jobs"] == "/v1/jobs"
    accepted = client.post("/v1/jobs", content=body)
    assert accepted.status_code == 202
    clear_jobs(client)
    assert list((data_dir(client) / "uploads").iterdir()) == []


def test_sync_page_limit_points_to_jobs(client: TestClient) -> None:
    """A bundle over ``sync_max_pages`` inferred pages (copies of the sample, under the byte
    limit) is refused with 413 and a pointer; as a job it is extracted."""
    cap = client.app.state.settings.sync_max_pages
    body = SAMPLE_BYTES * (cap // 2 + 1)  # the sample has two pages
    assert len(body) < client.app.state.settings.sync_max_bytes
    response = client.post("/v1/extract", content=body)
    assert response.status_code == 413
    assert response.json()["type"].endswith("too-many-pages-for-sync")
    assert response.json()["jobs"] == "/v1/jobs"
    job = client.post("/v1/jobs", content=body)
    done = wait_done(client, job.headers["location"])
    assert done["error_code"] != "too_many_pages"
    assert done["progress"]["pages_total"] > cap
    clear_jobs(client)


def test_upload_limit_refuses_before_storing(client: TestClient) -> None:
    limit = client.app.state.settings.max_upload_bytes
    for path in ("/v1/jobs", "/v1/extract"):
        response = client.post(path, files={"file": ("big.txt", b"x" * (limit + 1))})
        assert response.status_code == 413, path
        assert response.headers["content-type"] == PROBLEM
    assert list((data_dir(client) / "uploads").iterdir()) == []
    assert list((data_dir(client) / "inputs").iterdir()) == []


def test_job_round_trip(client: TestClient) -> None:
    sync = client.post("/v1/extract", content=SAMPLE_BYTES).json()
    response = client.post("/v1/jobs", files={"file": (SAMPLE.name, SAMPLE_BYTES)})
    assert response.status_code == 202
    location = response.headers["location"]
    job = response.json()
    assert location == f"/v1/jobs/{job['id']}"
    assert job["status"] in ("queued", "running")
    done = wait_done(client, location)
    assert done["record_status"] == "ok"
    assert done["progress"]["pages_done"] == done["progress"]["pages_total"] > 0
    result = client.get(done["result"])
    assert result.status_code == 200
    assert result.json()["agreements"] == sync["agreements"]
    assert not (data_dir(client) / "inputs" / job["id"]).exists()  # input removed when done
    assert client.delete(location).status_code == 204
    assert client.get(location).status_code == 404
    assert client.get(f"{location}/result").status_code == 404
    assert not (data_dir(client) / "results" / f"{job['id']}.json").exists()


def test_result_before_done_is_409_and_delete_cancels(client: TestClient) -> None:
    job = client.post("/v1/jobs", content=b"sleep:30").json()
    early = client.get(f"/v1/jobs/{job['id']}/result")
    assert early.status_code == 409
    assert early.headers["retry-after"]
    assert early.headers["content-type"] == PROBLEM
    assert client.delete(f"/v1/jobs/{job['id']}").status_code == 204  # kills its worker
    quick = client.post("/v1/jobs", content=SAMPLE_BYTES)
    assert wait_done(client, quick.headers["location"], 20)["record_status"] == "ok"
    clear_jobs(client)


def test_queue_full_is_429_with_retry_after(client: TestClient) -> None:
    size = client.app.state.settings.queue_size
    accepted = [client.post("/v1/jobs", content=b"sleep:30") for _ in range(size)]
    assert [r.status_code for r in accepted] == [202] * size
    refused = client.post("/v1/jobs", content=SAMPLE_BYTES)
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "7"
    assert refused.headers["content-type"] == PROBLEM
    clear_jobs(client)
    assert client.post("/v1/jobs", content=SAMPLE_BYTES).status_code == 202
    clear_jobs(client)


def test_job_over_its_timeout_fails_with_timeout(tmp_path: Path) -> None:
    app = create_app(settings_for(tmp_path, jobs=1, job_timeout=5), sleepy_task)
    with TestClient(app) as client:
        job = client.post("/v1/jobs", content=b"sleep:20").json()
        done = wait_done(client, f"/v1/jobs/{job['id']}", 20)
        assert done["record_status"] == "failed"
        assert done["error_code"] == "timeout"
        record = client.get(done["result"]).json()
        assert record["errors"][0]["code"] == "timeout"
        # the replaced worker takes the next job
        after = client.post("/v1/jobs", content=SAMPLE_BYTES)
        assert wait_done(client, after.headers["location"], 20)["record_status"] == "ok"


def test_restart_runs_queued_jobs_and_retries_running_ones(tmp_path: Path) -> None:
    """Accepted jobs survive a stop: the running one is retried (attempt 2), queued ones
    run after the restart."""
    settings = settings_for(tmp_path, jobs=1)
    with TestClient(create_app(settings, sleepy_task)) as first:
        ids = [first.post("/v1/jobs", content=b"sleep:30").json()["id"]]
        ids += [first.post("/v1/jobs", content=SAMPLE_BYTES).json()["id"] for _ in range(2)]
        deadline = time.monotonic() + 10
        while first.get(f"/v1/jobs/{ids[0]}").json()["status"] != "running":
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert [first.get(f"/v1/jobs/{i}").json()["status"] for i in ids[1:]] == ["queued"] * 2
    with TestClient(create_app(settings)) as second:  # the real task: no sleeping
        jobs = [wait_done(second, f"/v1/jobs/{i}", 60) for i in ids]
        assert [job["attempts"] for job in jobs] == [2, 1, 1]
        # the retried job ran the real task on its stored input, ``sleep:30``
        assert jobs[0]["record_status"] == "failed"
        assert [job["record_status"] for job in jobs[1:]] == ["ok", "ok"]


def test_errors_are_problem_details(client: TestClient) -> None:
    cases = [
        (client.get("/v1/jobs/" + "0" * 32), 404),
        (client.get("/v1/jobs/not-an-id"), 422),
        (client.put("/v1/jobs/" + "0" * 32), 405),
        (client.post("/v1/extract", params={"ocr": "sometimes"}, content=b"x"), 422),
        (client.post("/v1/extract", json={"path": "/etc/passwd"}), 415),
        (client.post("/v1/extract", content=b""), 400),
        (client.post("/v1/extract", files={"other": ("a.txt", b"x")}), 400),
    ]
    for response, status in cases:
        assert response.status_code == status, response.text
        assert response.headers["content-type"] == PROBLEM
        body = response.json()
        assert body["status"] == status
        assert body["type"].startswith("https://") and body["title"]
    assert cases[2][0].headers["allow"] == "DELETE, GET"


def test_schema_health_version_and_openapi(client: TestClient) -> None:
    assert client.get("/v1/schema").json() == json.loads(json.dumps(json_schema()))
    assert client.get("/healthz").json()["status"] == "ok"
    assert client.get("/version").json()["schema_version"]
    spec = client.get("/openapi.json").json()
    extract = spec["paths"]["/v1/extract"]["post"]["responses"]["200"]["content"]
    assert extract["application/json"]["schema"]["$ref"].endswith("ExtractionResult")
    result = spec["paths"]["/v1/jobs/{job_id}/result"]["get"]["responses"]["200"]["content"]
    assert result["application/json"]["schema"]["$ref"].endswith("ExtractionResult")
    submit = spec["paths"]["/v1/jobs"]["post"]["responses"]["202"]
    assert "Location" in submit["headers"]
    assert "ExtractionResult" in spec["components"]["schemas"]


def test_api_key_is_required_when_configured(tmp_path: Path) -> None:
    app = create_app(settings_for(tmp_path, jobs=1, api_key="s3cret-key"))
    with TestClient(app) as client:
        missing = client.get("/v1/schema")
        assert missing.status_code == 401
        assert missing.headers["www-authenticate"] == "Bearer"
        assert missing.headers["content-type"] == PROBLEM
        wrong = client.get("/v1/schema", headers={"Authorization": "Bearer s3cret-kez"})
        assert wrong.status_code == 401
        right = client.get("/v1/schema", headers={"Authorization": "Bearer s3cret-key"})
        assert right.status_code == 200
        assert client.get("/healthz").status_code == 200  # probes need no key
        spec = client.get("/openapi.json").json()
        assert spec["components"]["securitySchemes"]


def test_cors_is_off_unless_origins_are_given(client: TestClient, tmp_path: Path) -> None:
    preflight = {"Origin": "https://example.org", "Access-Control-Request-Method": "POST"}
    off = client.options("/v1/extract", headers=preflight)
    assert "access-control-allow-origin" not in off.headers
    app = create_app(settings_for(tmp_path, jobs=1, cors_origins=("https://example.org",)))
    with TestClient(app) as with_cors:
        on = with_cors.options("/v1/extract", headers=preflight)
        assert on.headers["access-control-allow-origin"] == "https://example.org"


def multipart_body(boundary: str, parts: list[tuple[str, bytes]]) -> bytes:
    """A multipart/form-data body with the closing boundary, one part per (name, data)."""
    body = b""
    for name, data in parts:
        body += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'.encode()
        body += f'; filename="{name}.txt"\r\n\r\n'.encode() + data + b"\r\n"
    return body + f"--{boundary}--\r\n".encode()


@pytest.mark.parametrize("seed", range(4))
def test_multipart_without_closing_boundary_is_400(client: TestClient, seed: int) -> None:
    """Rule: a multipart upload is complete only once its closing delimiter
    (``--boundary--``) arrived; a body cut anywhere before its end is refused, never
    extracted as a shorter input (the CRLF after it is optional and may be missing)."""
    import random

    rng = random.Random(seed)
    boundary = rng.randbytes(rng.randint(4, 20)).hex()
    body = multipart_body(boundary, [("file", SAMPLE_BYTES)])
    closing = len(f"\r\n--{boundary}--\r\n")
    truncated = body[: len(body) - rng.randint(3, closing)]  # 3: the last '-' is gone
    response = client.post(
        "/v1/extract",
        content=truncated,
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert response.status_code == 400, response.text[:200]
    assert response.headers["content-type"] == PROBLEM
    assert list((data_dir(client) / "uploads").iterdir()) == []
    complete = client.post(
        "/v1/extract",
        content=body[:-2],
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert complete.status_code == 200


@pytest.mark.parametrize("seed", range(3))
def test_chunked_multipart_counts_every_part_against_the_limit(
    client: TestClient, seed: int
) -> None:
    """Rule: every body byte counts against the upload limit plus the framing allowance,
    the parts that are not ``file`` too; a chunked body (no Content-Length) past it is 413."""
    import random

    from extractor.serve.uploads import FRAMING_ALLOWANCE

    rng = random.Random(seed)
    limit = client.app.state.settings.sync_max_bytes
    filler = rng.randbytes(limit + FRAMING_ALLOWANCE + rng.randint(1, 4096))
    boundary = rng.randbytes(8).hex()
    body = multipart_body(boundary, [("other", filler), ("file", SAMPLE_BYTES)])

    def chunks() -> Iterator[bytes]:  # a generator: httpx sends Transfer-Encoding: chunked
        for start in range(0, len(body), 8192):
            yield body[start : start + 8192]

    response = client.post(
        "/v1/extract",
        content=chunks(),
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert response.status_code == 413, response.text
    assert response.headers["content-type"] == PROBLEM
    assert list((data_dir(client) / "uploads").iterdir()) == []


def test_existing_data_folder_keeps_its_mode(tmp_path: Path) -> None:
    """Rule: the service makes private only the folders it creates; the operator's
    ``--data`` folder (their home, say) keeps its mode, while the service's own subfolders
    and a ``--data`` it creates are 0700."""
    import random

    operator = tmp_path / "home"
    operator.mkdir()
    mode = 0o700 | random.Random(str(tmp_path)).choice([0o055, 0o050, 0o005, 0o075])
    operator.chmod(mode)
    created = tmp_path / "new" / "data"
    for folder in (operator, created):
        with TestClient(create_app(settings_for(folder, jobs=1))):
            pass
    assert operator.stat().st_mode & 0o777 == mode
    assert created.stat().st_mode & 0o777 == 0o700
    for folder in (operator, created):
        for sub in ("uploads", "inputs", "results"):
            assert (folder / sub).stat().st_mode & 0o777 == 0o700


def test_internal_errors_do_not_leak_their_text(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Rule: a 500 answers a fixed detail; the exception (paths, SQL) goes to the log only."""
    import secrets
    import sqlite3

    secret = f"/srv/{secrets.token_hex(8)}/jobs.sqlite: disk I/O error"

    def broken(job_id: str) -> None:
        raise sqlite3.OperationalError(secret)

    monkeypatch.setattr(client.app.state.runner.store, "get", broken)
    quiet = TestClient(client.app, raise_server_exceptions=False)
    with caplog.at_level("ERROR", logger="extractor.serve.problems"):
        response = quiet.get("/v1/jobs/" + secrets.token_hex(16))
    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM
    assert secret not in response.text and "OperationalError" not in response.text
    assert response.json()["detail"] == "internal error; see the server log"
    assert secret in caplog.text


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=10_000))
def test_failed_job_keeps_the_progress_it_showed(done: int, extra: int) -> None:
    """Rule: a result without pages (timeout, crashed worker) leaves the pages done and
    total the job last reported; it does not reset them to 0."""
    import tempfile

    from extractor.batch.task import TaskInput, failed_result
    from extractor.serve.jobs import JobOptions, JobStore
    from extractor.serve.task import ProgressWriter

    with tempfile.TemporaryDirectory() as folder:
        store = JobStore(Path(folder))
        try:
            store.insert_if_room("a" * 32, "in.pdf", JobOptions(), 1, "0" * 64, 10)
            assert store.claim() is not None
            writer = ProgressWriter(str(store.path), "a" * 32)
            writer.total = done + extra
            writer.write(done, force=True)
            task = TaskInput("in.pdf", "", None, "0" * 64, 1, b"")
            assert store.finish("a" * 32, failed_result(task, "timeout", "too slow"))
            row = store.get("a" * 32)
        finally:
            store.close()
    assert row is not None and row["status"] == "done"
    assert (row["pages_done"], row["pages_total"]) == (done, done + extra)


def test_a_held_pool_lock_does_not_block_the_event_loop(client: TestClient) -> None:
    """Rule: async handlers call the pool and store (which wait for the pool's lock, held
    while a worker restarts) from a thread, so other requests are still answered."""
    import threading

    job = client.post("/v1/jobs", content=b"sleep:30").json()
    answered: list[int] = []
    pool = client.app.state.runner.pool
    with pool.lock:  # as during a slow worker restart
        deleter = threading.Thread(target=client.delete, args=(f"/v1/jobs/{job['id']}",))
        deleter.start()
        time.sleep(0.2)  # the delete is now waiting for the lock
        probe = threading.Thread(target=lambda: answered.append(client.get("/version").status_code))
        probe.start()
        probe.join(5)
        held_answers = list(answered)
    deleter.join(10)
    probe.join(10)
    assert held_answers == [200]
    clear_jobs(client)
