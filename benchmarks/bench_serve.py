"""Benchmark of `extractor serve`: synchronous requests/s and latency, and a job round trip.

    .venv/bin/python benchmarks/bench_serve.py [--requests 300] [--concurrency 1 4] [--jobs 2]

Starts a live uvicorn (`python -m extractor serve --jobs 2` on a free 127.0.0.1 port, its
data in a temp dir), warms the workers, then for each client concurrency sends `--requests`
POST /v1/extract requests of the small text bundles (samples/*.txt and samples/synthetic/*.txt
up to 32 KB, cycled; raw body) from
that many threads and prints requests/s, p50/p95/max latency and the record statuses. Last,
the job round trip of the scanned sample (samples/pdf/pk-pringsewu-diskominfo-2025-scan.pdf,
OCR auto): POST /v1/jobs, poll GET /v1/jobs/{id} every 50 ms until done, GET the result.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SMALL = 32 * 1024  # a "small" bundle: one agreement of a few pages, as most PKs are
TEXTS = [
    path
    for path in sorted(
        [*(ROOT / "samples").glob("*.txt"), *(ROOT / "samples/synthetic").glob("*.txt")]
    )
    if path.stat().st_size <= SMALL
]
SCAN = ROOT / "samples" / "pdf" / "pk-pringsewu-diskominfo-2025-scan.pdf"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, jobs: int, data: Path, log: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "extractor", "serve", "--port", str(port)]
    command += ["--jobs", str(jobs), "--data", str(data), "--queue-size", "1000"]
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited: {log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("the server did not start within 60 s")


def stop_server(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):  # any worker left of this server's group
        os.killpg(process.pid, signal.SIGKILL)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def sync_load(base: str, bodies: list[tuple[str, bytes]], total: int, threads: int) -> None:
    """``total`` POST /v1/extract requests from ``threads`` client threads."""
    latencies: list[float] = []
    statuses: Counter = Counter()
    lock = threading.Lock()
    counter = iter(range(total))

    def client() -> None:
        with httpx.Client(base_url=base, timeout=120) as session:
            for n in counter:
                name, body = bodies[n % len(bodies)]
                start = time.perf_counter()
                response = session.post(
                    "/v1/extract",
                    content=body,
                    params={"filename": name},
                    headers={"content-type": "text/plain"},
                )
                seconds = time.perf_counter() - start
                status = response.json().get("status") if response.status_code == 200 else None
                with lock:
                    latencies.append(seconds)
                    statuses[f"{response.status_code}/{status}"] += 1

    start = time.perf_counter()
    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    wall = time.perf_counter() - start
    print(
        f"  concurrency {threads:>2}: {total / wall:7.1f} requests/s   "
        f"p50 {statistics.median(latencies) * 1000:6.1f} ms   "
        f"p95 {percentile(latencies, 0.95) * 1000:6.1f} ms   "
        f"max {max(latencies) * 1000:6.1f} ms   "
        f"({', '.join(f'{k} x{v}' for k, v in sorted(statuses.items()))})"
    )


def job_round_trip(base: str, path: Path) -> None:
    with httpx.Client(base_url=base, timeout=120) as session:
        start = time.perf_counter()
        response = session.post(
            "/v1/jobs",
            files={"file": (path.name, path.read_bytes(), "application/pdf")},
            params={"ocr": "auto"},
        )
        response.raise_for_status()
        location = response.headers["location"]
        seen = []
        while True:
            job = session.get(location).json()
            progress = job["progress"]
            step = (job["status"], progress["pages_done"], progress["pages_total"])
            if not seen or seen[-1][1:] != step:
                seen.append((time.perf_counter() - start, *step))
            if job["status"] == "done":
                break
            if time.perf_counter() - start > 600:
                raise SystemExit(f"the job did not finish in 600 s: {job}")
            time.sleep(0.05)
        record = session.get(job["result"]).json()
        wall = time.perf_counter() - start
    print(
        f"  {path.name}: {wall:.2f} s from upload to record "
        f"(status {record['status']}, {record['source']['page_count']} pages, "
        f"OCR pages {record['source']['ocr_pages']}, {len(record['agreements'])} agreements)"
    )
    for seconds, status, done, total in seen:
        print(f"    {seconds:6.2f} s  {status:<8} pages {done}/{total}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    bodies = [(path.name, path.read_bytes()) for path in TEXTS]
    sizes = ", ".join(f"{name} {len(body) / 1024:.1f} KB" for name, body in bodies)
    print(f"extractor serve --jobs {args.jobs}; bodies: {sizes}")
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as temp:
        port = free_port()
        process = start_server(port, args.jobs, Path(temp) / "data", Path(temp) / "server.log")
        base = f"http://127.0.0.1:{port}"
        try:
            sync_load(base, bodies, 4 * args.jobs, args.jobs)  # warm the workers
            print(f"POST /v1/extract, {args.requests} requests, small text bundles:")
            for threads in args.concurrency:
                sync_load(base, bodies, args.requests, threads)
            print("Job round trip, scanned PDF (OCR):")
            job_round_trip(base, SCAN)
        finally:
            stop_server(process)


if __name__ == "__main__":
    main()
