"""Batch conversion: mixed inputs, bad inputs, deduplication, timeouts, crashed workers, and a
batch killed with SIGKILL then resumed (real worker processes throughout)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from extractor.batch.executors import LocalExecutor
from extractor.batch.inputs import iter_inputs
from extractor.batch.run import run_batch
from extractor.batch.task import TaskInput, TaskResult, TaskSettings, run_task

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
PRINGSEWU = SAMPLES / "pk-pringsewu-diskominfo-2025.txt"
LUWU = SAMPLES / "pk-dpmptsp-luwu-timur-2025.txt"
PDF = SAMPLES / "pdf" / "pk-pringsewu-diskominfo-2025.pdf"
SCAN = SAMPLES / "pdf" / "pk-pringsewu-diskominfo-2025-scan.pdf"


def batch(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "extractor", "batch", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
    )


def rows(out: Path) -> dict[str, dict]:
    db = sqlite3.connect(out / "manifest.sqlite")
    db.row_factory = sqlite3.Row
    found = {r["key"]: dict(r) for r in db.execute("SELECT * FROM inputs")}
    db.close()
    return found


def jsonl(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    assert text == "" or text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


# -- task functions for the executor tests (module level: workers import them) -----------


def sleepy_or_crashing(name: str, data: bytes, settings: TaskSettings) -> TaskResult:
    if b"HANG" in data:
        time.sleep(60)
    if b"CRASH" in data:
        os._exit(1)
    return run_task(name, data, settings)


def task(key: str, data: bytes) -> TaskInput:
    return TaskInput(
        key, key, None, __import__("hashlib").sha256(data).hexdigest(), len(data), data
    )


# -- tests ------------------------------------------------------------------------------


def test_mixed_folder_and_zip(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub" / "deeper").mkdir(parents=True)
    shutil.copy(PRINGSEWU, src / "a-pringsewu.txt")
    shutil.copy(SAMPLES / "synthetic" / "pk-dinkes-sungai-rindang-2025.txt", src / "b.md")
    (src / "c-truncated.pdf").write_bytes(PDF.read_bytes()[:1500])  # corrupt, in the middle
    (src / "d-binary.txt").write_bytes(bytes(range(256)) * 20)
    shutil.copy(PDF, src / "sub" / "e.pdf")
    shutil.copy(PRINGSEWU, src / "sub" / "deeper" / "f-same-as-a.txt")  # identical content
    (src / "sub" / "notes.docx").write_bytes(b"not supported")
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(SAMPLES / "synthetic" / "pk-setda-kab-lembah-siring-2025.txt", "dir/x/setda.txt")
        zf.write(PDF, "dir/pringsewu.pdf")
        zf.writestr("dir/image.png", b"\x89PNG")
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip")
    out = tmp_path / "out"

    result = batch(
        str(src), str(archive), str(broken), "-o", str(out), "--ocr", "never", "--jobs", "2"
    )
    assert result.returncode == 1, result.stderr  # some inputs errored
    assert "batch: 11 inputs" in result.stderr

    found = rows(out)
    assert len(found) == 11
    by_status = {}
    for row in found.values():
        by_status.setdefault(row["status"], set()).add(Path(row["key"].split("!")[-1]).name)
    assert by_status["skipped"] == {"notes.docx", "image.png"}
    assert by_status["error"] == {"c-truncated.pdf", "d-binary.txt", "broken.zip"}
    assert by_status["ok"] == {
        "a-pringsewu.txt",
        "b.md",
        "e.pdf",
        "f-same-as-a.txt",
        "setda.txt",
        "pringsewu.pdf",
    }
    key_a, key_f = str(src / "a-pringsewu.txt"), str(src / "sub" / "deeper" / "f-same-as-a.txt")
    assert found[key_f]["same_as"] == key_a and found[key_a]["same_as"] is None
    assert found[f"{archive}!dir/x/setda.txt"]["member"] == "dir/x/setda.txt"
    assert found[str(src / "c-truncated.pdf")]["error_code"] in {"corrupt_pdf", "not_a_pdf"}
    assert found[str(broken)]["error_code"] == "bad_zip"
    assert found[str(src / "sub" / "e.pdf")]["pages"] == 2
    assert json.loads(found[key_a]["discrepancy_codes"]) is not None

    records = jsonl(out / "records.jsonl")
    assert sorted(r["source"]["path"] for r in records) == sorted(
        k for k, r in found.items() if r["output_path"]
    )
    assert {r["key"] for r in jsonl(out / "errors.jsonl")} == {
        k for k, r in found.items() if r["status"] in ("error", "skipped")
    }
    for row in found.values():
        if row["output_path"]:
            record = json.loads((out / row["output_path"]).read_text())
            assert record["source"]["path"] == row["key"]
    assert found[f"{archive}!dir/pringsewu.pdf"]["same_as"] == str(src / "sub" / "e.pdf")
    assert "2 duplicates" in result.stderr
    assert len(list((out / "records").iterdir())) == 8  # 6 extracted or copied + 2 failed

    summary = batch("--summary", str(out))
    assert summary.returncode == 0
    lines = {tuple(line.split()) for line in summary.stdout.splitlines()}
    assert ("ok", "6") in lines and ("error", "3") in lines and ("skipped", "2") in lines
    assert ("unsupported", "2") in lines and ("bad_zip", "1") in lines


def test_ocr_of_a_scanned_pdf(tmp_path: Path) -> None:
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed")
    out = tmp_path / "out"
    result = batch(str(SCAN), "-o", str(out), "--ocr", "auto", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    row = rows(out)[str(SCAN)]
    assert row["status"] == "ok" and row["pages"] == 2 and row["agreements"] >= 1
    record = jsonl(out / "records.jsonl")[0]
    assert record["source"]["ocr_pages"] == [1, 2]


def test_timeout_and_crashed_worker_do_not_stop_the_batch(tmp_path: Path) -> None:
    text = PRINGSEWU.read_bytes()
    tasks = [
        task("one.txt", text),
        task("hang.txt", text + b"\nHANG\n"),
        task("two.txt", text + b"\n<!-- 2 -->\n"),
        task("crash.txt", text + b"\nCRASH\n"),
        task("three.txt", text + b"\n<!-- 3 -->\n"),
    ]
    settings = TaskSettings(ocr="never")
    with LocalExecutor(2, function=sleepy_or_crashing) as executor:
        start = time.monotonic()
        results = {t.key: r for t, r in executor.run(tasks, settings, timeout=2.0)}
        assert time.monotonic() - start < 20
        assert executor.max_rss_kb > 0
        # the executor goes on working after replacing its workers
        again = list(executor.run([task("four.txt", text + b"\n<!-- 4 -->")], settings, 5.0))
    assert again[0][1].status == "ok"
    assert set(results) == {t.key for t in tasks}
    assert results["hang.txt"].status == "failed" and results["hang.txt"].error_code == "timeout"
    assert results["crash.txt"].error_code == "worker_crashed"
    for key in ("one.txt", "two.txt", "three.txt"):
        assert results[key].status == "ok", results[key].error_message
    record = json.loads(results["hang.txt"].json_text)
    assert record["status"] == "failed" and record["errors"][0]["code"] == "timeout"
    assert record["source"]["path"] == "hang.txt"

    # through run_batch: the manifest gets timeout and worker_crashed rows
    src = tmp_path / "in"
    src.mkdir()
    for t in tasks:
        (src / t.key).write_bytes(t.data)
    out = tmp_path / "out"
    with LocalExecutor(2, function=sleepy_or_crashing) as executor:
        summary = run_batch(iter_inputs([str(src)]), out, executor, settings, timeout=2.0)
    assert summary.errors == 2 and summary.ok + summary.partial == 3
    found = {Path(k).name: r for k, r in rows(out).items()}
    assert found["hang.txt"]["status"] == "error" and found["hang.txt"]["error_code"] == "timeout"
    assert found["crash.txt"]["error_code"] == "worker_crashed"
    assert len(jsonl(out / "records.jsonl")) == 5 and len(jsonl(out / "errors.jsonl")) == 2


def test_kill_9_then_resume_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    text = LUWU.read_text(encoding="utf-8")
    count = 80
    for n in range(count):
        (src / f"pk-{n:03d}.txt").write_text(f"{text}\n<!-- copy {n} -->\n", encoding="utf-8")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "extractor", "batch", str(src), "-o", str(out), "--jobs", "2"]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    records_dir = out / "records"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if records_dir.is_dir() and len(list(records_dir.glob("*.json"))) >= 8:
            break
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    done_before = len(list(records_dir.glob("*.json")))
    assert 0 < done_before < count, done_before

    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    found = rows(out)
    assert len(found) == count and all(r["status"] == "ok" for r in found.values())
    assert len(list(records_dir.glob("*.json"))) == count
    assert not list(records_dir.glob(".*"))  # no temp files left over
    keys = [r["source"]["path"] for r in jsonl(out / "records.jsonl")]
    assert sorted(keys) == sorted(found)  # exactly one line per key
    assert jsonl(out / "errors.jsonl") == []

    start = time.monotonic()
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    assert f"{count} already done" in again.stderr and "0 extracted" in again.stderr
    assert time.monotonic() - start < 10
    assert len(jsonl(out / "records.jsonl")) == count


def test_resume_removes_the_temp_files_of_a_killed_write(tmp_path: Path) -> None:
    """A SIGKILL during ``write_atomic`` leaves its temp file (no handler runs); the next
    run, holding the folder's lock, deletes such files and no other file."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(PRINGSEWU.read_text())
    out = tmp_path / "out"
    (out / "records").mkdir(parents=True)
    left = [out / "records" / ".a-1234.json.x7_k2abc.tmp", out / ".records.jsonl.q9zq_9zq.tmp"]
    for path in left:
        path.write_text('{"half": ')
    # not temp files of a run's own writes: another name, or not mkstemp's shape
    users = [
        out / "records" / "notes.tmp",
        out / ".draft-notes.tmp",
        out / "records" / ".keep.tmp",
        out / ".report.html.abcdefgh.tmp",
    ]
    for path in users:
        path.write_text("mine")
    with LocalExecutor(1) as executor:
        summary = run_batch(iter_inputs([str(src)]), out, executor, TaskSettings(ocr="never"))
    assert summary.extracted == 1
    assert not any(path.exists() for path in left)
    assert all(path.read_text() == "mine" for path in users)


def test_reconcile_repairs_damaged_jsonl(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for n in range(3):
        (src / f"{n}.txt").write_text(PRINGSEWU.read_text() + f"\n<!-- {n} -->\n")
    out = tmp_path / "out"
    settings = TaskSettings(ocr="never")
    with LocalExecutor(1) as executor:
        run_batch(iter_inputs([str(src)]), out, executor, settings)
        lines = (out / "records.jsonl").read_text().splitlines(keepends=True)
        # a duplicate, a line of an uncommitted key, a truncated last line; one line lost
        damaged = lines[0] + lines[0] + lines[2].replace("2.txt", "9.txt") + lines[2][:50]
        (out / "records.jsonl").write_text(damaged)
        summary = run_batch(iter_inputs([str(src)]), out, executor, settings)
    assert summary.done == 3 and summary.extracted == 0
    keys = sorted(r["source"]["path"] for r in jsonl(out / "records.jsonl"))
    assert keys == sorted(str(src / f"{n}.txt") for n in range(3))


def test_usage_errors(tmp_path: Path) -> None:
    assert batch("-o", str(tmp_path / "o")).returncode == 2
    assert batch(str(PRINGSEWU)).returncode == 2
    assert batch("--summary", str(tmp_path)).returncode == 2
