"""``extractor serve`` as a real uvicorn process on 127.0.0.1: start it, upload a sample PDF
as a job, poll it to the end, read the record, stop the server (SIGTERM) and check that it
and its workers are gone. Every wait has a timeout; the process group is killed in
``finally`` whatever happens."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from extractor.emit import validate_record

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "samples" / "pdf" / "pk-pringsewu-diskominfo-2025.pdf"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(base: str, process: subprocess.Popen, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text(errors="replace")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"the server did not answer /healthz within {seconds} s")


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_live_server_job_round_trip(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "extractor", "serve", "--port", str(port)]
    command += ["--jobs", "2", "--data", str(tmp_path / "data")]
    log = tmp_path / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command,
            cwd=tmp_path,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the workers are killed with it
        )
    try:
        wait_healthy(base, process, log)
        with httpx.Client(base_url=base, timeout=30) as client:
            with PDF.open("rb") as handle:
                response = client.post(
                    "/v1/jobs", files={"file": (PDF.name, handle, "application/pdf")}
                )
            assert response.status_code == 202, response.text
            location = response.headers["location"]
            deadline = time.monotonic() + 60
            while (job := client.get(location).json())["status"] != "done":
                assert time.monotonic() < deadline, job
                time.sleep(0.1)
            assert job["record_status"] == "ok"
            assert job["progress"]["pages_total"] == job["progress"]["pages_done"] > 0
            record = client.get(job["result"]).json()
            assert validate_record(record) == []
            assert record["source"]["media_type"] == "application/pdf"
            assert record["source"]["path"] == PDF.name
            assert record["agreements"]
        process.send_signal(signal.SIGTERM)
        # uvicorn shuts down gracefully (the lifespan stops the workers), then re-raises
        # the signal, so the exit status is SIGTERM's
        assert process.wait(timeout=30) in (0, -signal.SIGTERM)
        assert "Application shutdown complete" in log.read_text(errors="replace")
        deadline = time.monotonic() + 10
        while group_alive(process.pid) and time.monotonic() < deadline:
            time.sleep(0.1)  # the workers exit after the server closed their pipes
        assert not group_alive(process.pid), "worker processes outlived the server"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        if group_alive(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
