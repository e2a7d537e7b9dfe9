"""``--timeout`` for ``extract`` and ``audit``: an input over the limit gets a failed record
with code ``timeout``, and the other inputs go on (issue 9, per-file limits)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import extractor.pipeline as pipeline
from extractor.cli import _time_limit, main

_TEXT = (
    "PERJANJIAN KINERJA TAHUN 2025\nDINAS CONTOH\n\nKami yang bertanda tangan di bawah ini:\n"
    "Nama : Budi\nJabatan : Kepala Dinas\nselanjutnya disebut PIHAK PERTAMA\n"
)


@pytest.fixture
def slow_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    """Page splitting hangs on a text that holds the word SLOW (a stand-in for any stage
    that runs away on hostile input)."""
    real = pipeline.split_pages

    def split_pages(lines):  # type: ignore[no-untyped-def]
        if any("SLOW" in line.text for line in lines):
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                time.sleep(0.01)
        return real(lines)

    monkeypatch.setattr(pipeline, "split_pages", split_pages)


def _inputs(tmp_path: Path) -> list[str]:
    slow, fast = tmp_path / "a-slow.txt", tmp_path / "b-fast.txt"
    slow.write_text(_TEXT + "SLOW\n", encoding="utf-8")
    fast.write_text(_TEXT, encoding="utf-8")
    return [str(slow), str(fast)]


def test_extract_timeout_fails_only_the_slow_input(tmp_path: Path, slow_stage: None) -> None:
    out = tmp_path / "out"
    out.mkdir()
    start = time.monotonic()
    result = CliRunner().invoke(
        main, ["extract", *_inputs(tmp_path), "--timeout", "0.5", "-o", str(out)]
    )
    assert time.monotonic() - start < 20
    assert result.exit_code == 1, result.output
    slow = json.loads((out / "a-slow.json").read_text())
    fast = json.loads((out / "b-fast.json").read_text())
    assert slow["status"] == "failed"
    assert [e["code"] for e in slow["errors"]] == ["timeout"]
    assert "\n" not in slow["errors"][0]["message"]
    assert fast["status"] != "failed"


def test_audit_timeout_fails_only_the_slow_input(tmp_path: Path, slow_stage: None) -> None:
    out = tmp_path / "report"
    result = CliRunner().invoke(
        main, ["audit", *_inputs(tmp_path), "--timeout", "0.5", "-o", str(out)]
    )
    assert result.exit_code == 1, result.output
    assert "1 failed" in result.output


def test_no_timeout_by_default_and_the_alarm_is_cleared(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["extract", _inputs(tmp_path)[1]])
    assert result.exit_code == 0, result.output
    with _time_limit(0.2):
        pass
    time.sleep(0.4)  # a leftover alarm would raise here
