"""Issue 9, probe findings about `batch` and the command line: one batch per output folder,
unique keys, special files and symlink loops, one-line environment failures (exit 3), `-o`
that cannot mean what the inputs need, an output folder inside an input folder."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import resource
import subprocess
import sys
import time
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from extractor import cli
from extractor.batch import run as batch_run
from extractor.batch.inputs import count_inputs, file_key, iter_inputs, member_key
from extractor.batch.run import LOCK_NAME, OutputLocked, run_batch
from extractor.batch.task import TaskInput, TaskResult, TaskSettings, run_task

from .test_batch import rows

ROOT = Path(__file__).resolve().parent.parent
PRINGSEWU = ROOT / "samples" / "pk-pringsewu-diskominfo-2025.txt"
LUWU = ROOT / "samples" / "pk-dpmptsp-luwu-timur-2025.txt"
SETTINGS = TaskSettings(ocr="never")


class InlineExecutor:
    """Runs each task in this process (the executor interface without worker processes)."""

    def run(
        self, tasks: Iterator[TaskInput], settings: TaskSettings, timeout: float
    ) -> Iterator[tuple[TaskInput, TaskResult]]:
        for task in tasks:
            yield task, run_task(task.key, task.data, settings)

    def close(self) -> None:
        pass


def text(n: int) -> bytes:
    return PRINGSEWU.read_bytes() + f"\n<!-- copy {n} -->\n".encode()


def jsonl_keys(path: Path, field: str = "source") -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        json.loads(line)["source"]["path"] if field == "source" else json.loads(line)["key"]
        for line in lines
    ]


def batch_cli(monkeypatch: pytest.MonkeyPatch, *args: str):
    """``extractor batch`` in this process, with the inline executor."""
    monkeypatch.setattr(cli, "_batch_executor", lambda *a: InlineExecutor())
    return CliRunner().invoke(cli.main, ["batch", *args])


def one_line_error(result, code: int) -> str:
    assert result.exit_code == code, (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("extractor: ")]
    assert len(lines) == 1, result.stderr
    return lines[0]


# -- probe 1 --------------------------------------------------------------------------------


def test_issue_9_probe_1_two_batches_on_one_folder(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_bytes(text(1))
    out = tmp_path / "out"
    out.mkdir()
    with open(out / LOCK_NAME, "w") as held:  # another run holds the folder
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(OutputLocked, match="another batch"):
            run_batch(iter_inputs([str(src)]), out, InlineExecutor(), SETTINGS)
        result = subprocess.run(
            [sys.executable, "-m", "extractor", "batch", str(src), "-o", str(out)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
        )
    assert result.returncode == 3, result.stderr
    assert result.stderr.count("\n") == 1 and "another batch" in result.stderr
    assert not (out / "manifest.sqlite").exists()  # the second run wrote nothing

    # a lock left by a killed process does not block (the kernel drops it)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time; f = open(sys.argv[1], 'w'); "
            "fcntl.flock(f, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(60)",
            str(out / LOCK_NAME),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    holder.kill()
    holder.wait()
    summary = run_batch(iter_inputs([str(src)]), out, InlineExecutor(), SETTINGS)
    assert summary.total == 1 and summary.errors == 0


def test_issue_9_probe_1_reconcile_checks_the_files_not_a_cache(tmp_path: Path) -> None:
    """A records.jsonl that lost a line but kept its size and mtime is still repaired."""
    src = tmp_path / "in"
    src.mkdir()
    for n in range(3):
        (src / f"{n}.txt").write_bytes(text(n))
    out = tmp_path / "out"
    run_batch(iter_inputs([str(src)]), out, InlineExecutor(), SETTINGS)
    path = out / "records.jsonl"
    before = path.stat()
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    damaged = lines[0] + lines[1] + " " * (len(lines[2]) - 1) + "\n"  # same size, one lost
    path.write_text(damaged, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    summary = run_batch(iter_inputs([str(src)]), out, InlineExecutor(), SETTINGS)
    assert summary.done == 3
    assert sorted(jsonl_keys(path)) == sorted(str(src / f"{n}.txt") for n in range(3))


# -- probe 2 --------------------------------------------------------------------------------


def test_issue_9_probe_2_colliding_keys_each_get_a_row(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
        with zipfile.ZipFile(src / "dup.zip", "w") as zf:
            zf.writestr("same.txt", text(1))
            zf.writestr("same.txt", text(2))
    with zipfile.ZipFile(src / "a.zip", "w") as zf:
        zf.writestr("m.txt", text(3))
    (src / "a.zip!m.txt").write_bytes(text(4))
    out = tmp_path / "out"
    summary = run_batch(iter_inputs([str(src)]), out, InlineExecutor(), SETTINGS)
    assert summary.total == 4 == count_inputs([str(src)])
    found = rows(out)
    assert len(found) == 4 and all(r["status"] == "ok" for r in found.values())
    assert {(r["path"], r["member"]) for r in found.values()} == {
        (str(src / "dup.zip"), "same.txt"),
        (str(src / "a.zip"), "m.txt"),
        (str(src / "a.zip!m.txt"), None),
    }
    assert sorted(jsonl_keys(out / "records.jsonl")) == sorted(found)
    assert len(list((out / "records").glob("*.json"))) == 4
    same = [r for r in found.values() if r["member"] == "same.txt"]
    assert {r["sha256"] for r in same} == {
        __import__("hashlib").sha256(text(n)).hexdigest() for n in (1, 2)
    }


names = st.text(st.sampled_from("ab!%21 5/."), max_size=8)


@given(st.lists(st.tuples(names, st.none() | st.tuples(names, st.integers(1, 3))), max_size=6))
def test_issue_9_probe_2_keys_are_unique_by_construction(inputs) -> None:
    """Distinct (path, member, occurrence) give distinct keys, whatever the names hold."""
    keys = {}
    for path, member in inputs:
        key = file_key(path) if member is None else member_key(path, *member)
        assert keys.setdefault(key, (path, member)) == (path, member)


def test_issue_9_probe_2_ordinary_keys_are_unchanged() -> None:
    assert file_key("in/PK%202025.txt") == "in/PK%202025.txt"
    assert member_key("a.zip", "dir/x.txt") == "a.zip!dir/x.txt"
    assert member_key("a.zip", "x.txt", 2) == "a.zip!2!x.txt"
    assert file_key("a.zip!m.txt") == "a.zip%21m.txt"


# -- probes 4 and 7 -------------------------------------------------------------------------


PROBE_4 = """
import json, sys
from pathlib import Path
from extractor.batch.inputs import count_inputs, iter_inputs
src = sys.argv[1]
names = [src, src + "/x.txt", src + "/zero.txt"]
items = [
    {"name": Path(i.path).name, "status": getattr(i, "status", "task"),
     "code": getattr(i, "code", None), "message": getattr(i, "message", "")}
    for i in iter_inputs(names, max_bytes=10_000_000)
]
print(json.dumps({"count": count_inputs([src]), "items": items}))
"""


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def test_issue_9_probe_4_special_files_are_not_read(tmp_path: Path) -> None:
    """Run in a child with a time and memory cap: the old code blocked on the FIFO forever
    and read /dev/zero until MemoryError."""
    src = tmp_path / "in"
    src.mkdir()
    os.mkfifo(src / "x.txt")
    os.mkfifo(src / "y.zip")
    (src / "zero.txt").symlink_to("/dev/zero")
    (src / "ok.txt").write_bytes(text(1))
    result = subprocess.run(
        [sys.executable, "-c", PROBE_4, str(src)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        preexec_fn=_limit_memory,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["count"] == 4
    by_name = {item["name"]: item for item in found["items"]}
    assert by_name["ok.txt"]["status"] == "task"
    for name in ("x.txt", "y.zip", "zero.txt"):
        item = by_name[name]
        assert (item["status"], item["code"]) == ("skipped", "special_file"), item
        assert "\n" not in item["message"]
    assert "FIFO" in by_name["x.txt"]["message"]
    assert "character device" in by_name["zero.txt"]["message"]


def test_issue_9_probe_7_symlink_loop_in_an_input_folder(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").symlink_to(src / "b.txt")
    (src / "b.txt").symlink_to(src / "a.txt")
    (src / "self.txt").symlink_to(src / "self.txt")
    (src / "sub" / "up").symlink_to(src)  # a folder loop: not followed
    (src / "sub" / "ok.txt").write_bytes(text(1))
    out = tmp_path / "out"
    summary = run_batch(iter_inputs([str(src)]), out, InlineExecutor(), SETTINGS)
    assert summary.total == 5 == count_inputs([str(src)])
    found = {Path(k).name: r for k, r in rows(out).items()}
    for name in ("a.txt", "b.txt", "self.txt"):
        assert found[name]["status"] == "error" and found[name]["error_code"] == "unreadable"
        assert "symbolic links" in found[name]["error_message"]
    assert found["up"]["status"] == "skipped" and found["ok.txt"]["status"] == "ok"


# -- probe 8 --------------------------------------------------------------------------------


def _deny(monkeypatch: pytest.MonkeyPatch, module, suffix: str) -> None:
    """``os.open`` refuses paths ending in ``suffix`` as a read-only folder would (chmod does
    not stop root, so the refusal is simulated)."""
    real = os.open

    def fake(path, *args, **kwargs):
        if str(path).endswith(suffix):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(module.os, "open", fake)


def _disk_full(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", fake)


def _no_scratch(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", kwargs.get("dir"))

    monkeypatch.setattr(cli.tempfile, "TemporaryFile", fake)


def test_issue_9_probe_8_batch_read_only_output(tmp_path, monkeypatch) -> None:
    out = tmp_path / "out"
    _deny(monkeypatch, batch_run, LOCK_NAME)
    result = batch_cli(monkeypatch, str(PRINGSEWU), "-o", str(out))
    line = one_line_error(result, 3)
    assert str(out) in line and "Permission denied" in line
    assert sorted(p.name for p in out.iterdir()) == []


def test_issue_9_probe_8_batch_disk_full(tmp_path, monkeypatch) -> None:
    out = tmp_path / "out"
    _disk_full(monkeypatch)
    result = batch_cli(monkeypatch, str(PRINGSEWU), str(LUWU), "-o", str(out))
    assert "No space left on device" in one_line_error(result, 3)
    leftovers = [p for p in out.rglob(".*") if p.name != LOCK_NAME]
    assert leftovers == []  # no temp files
    assert not list((out / "records").iterdir())


def test_issue_9_probe_8_extract_read_only_and_disk_full(tmp_path, monkeypatch) -> None:
    out = tmp_path / "out"
    with monkeypatch.context() as patch:
        _no_scratch(patch)
        result = CliRunner().invoke(
            cli.main, ["extract", str(PRINGSEWU), str(LUWU), "-o", str(out)]
        )
        assert "Permission denied" in one_line_error(result, 3)
        result = CliRunner().invoke(cli.main, ["audit", str(PRINGSEWU), "-o", str(tmp_path / "r")])
        assert "Permission denied" in one_line_error(result, 3)
    with monkeypatch.context() as patch:
        _disk_full(patch)
        result = CliRunner().invoke(
            cli.main, ["extract", str(PRINGSEWU), str(LUWU), "-o", str(out)]
        )
        assert "No space left on device" in one_line_error(result, 3)
    assert list(out.iterdir()) == []  # no partial files


def test_issue_9_probe_8_extract_to_an_existing_file_with_several_inputs(tmp_path) -> None:
    existing = tmp_path / "existing.json"
    existing.write_text("{}")
    start = time.monotonic()
    result = CliRunner().invoke(
        cli.main, ["extract", "-o", str(existing), str(PRINGSEWU), str(LUWU)]
    )
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "exists and is not a folder" in result.stderr
    assert existing.read_text() == "{}"
    assert time.monotonic() - start < 5  # refused before doing the work


# -- probe 11 -------------------------------------------------------------------------------


def test_issue_9_probe_11_several_inputs_to_a_new_json_name(tmp_path) -> None:
    target = tmp_path / "new.json"
    runner = CliRunner()
    result = runner.invoke(cli.main, ["extract", "-o", str(target), str(PRINGSEWU), str(LUWU)])
    assert result.exit_code == 2 and "--format jsonl" in result.stderr
    assert not target.exists()
    result = runner.invoke(
        cli.main, ["extract", "--format", "jsonl", "-o", str(target), str(PRINGSEWU), str(LUWU)]
    )
    assert result.exit_code == 0 and target.is_file()
    assert len(target.read_text().splitlines()) == 2


# -- probe 12 -------------------------------------------------------------------------------


def test_issue_9_probe_12_output_folder_inside_the_input_folder(tmp_path, monkeypatch) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_bytes(text(1))
    (src / "b.txt").write_bytes(text(2))
    out = src / "out"
    for _ in range(2):
        result = batch_cli(monkeypatch, str(src), "-o", str(src / "." / "out"))
        assert result.exit_code == 0, result.output
        assert "batch: 2 inputs" in result.stderr
    assert sorted(Path(k).name for k in rows(out)) == ["a.txt", "b.txt"]
    assert count_inputs([str(src)], exclude=[str(out)]) == 2
