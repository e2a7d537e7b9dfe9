"""The command line: outputs, exit codes, bad inputs, atomic writes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor import extract
from extractor.cli import main

ROOT = Path(__file__).resolve().parent.parent
LUWU = ROOT / "samples" / "pk-dpmptsp-luwu-timur-2025.txt"
PRINGSEWU = ROOT / "samples" / "pk-pringsewu-diskominfo-2025.txt"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_extract_prints_one_record(runner: CliRunner) -> None:
    result = runner.invoke(main, ["extract", str(PRINGSEWU)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["schema_version"] == "1.4"
    assert record["agreements"][0]["first_party"]["name"] == "MOUDY ARY NAZOLLA"


def test_output_directory_gets_one_file_per_input(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(main, ["extract", str(LUWU), str(PRINGSEWU), "-o", str(out), "--pretty"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["pk-dpmptsp-luwu-timur-2025.json", "pk-pringsewu-diskominfo-2025.json"]
    assert json.loads((out / names[0]).read_text())["source"]["sha256"]


def test_output_file_for_one_input(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "record.json"
    result = runner.invoke(main, ["extract", str(PRINGSEWU), "-o", str(target)])
    assert result.exit_code == 0
    assert json.loads(target.read_text())["status"] == "ok"
    assert [p.name for p in tmp_path.iterdir()] == ["record.json"]  # no temp file left behind


def test_bad_inputs_get_error_records_and_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    prose = tmp_path / "prose.txt"
    prose.write_text("Laporan rapat koordinasi.\nTidak ada perjanjian di sini.\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["extract", str(empty), str(binary), str(prose), str(PRINGSEWU), "-o", str(out)]
    result = runner.invoke(main, args)
    assert result.exit_code == 1
    records = {p.stem: json.loads(p.read_text()) for p in out.iterdir()}
    assert records["pk-pringsewu-diskominfo-2025"]["status"] == "ok"
    codes = {name: r["errors"][0]["code"] for name, r in records.items() if r["status"] == "failed"}
    assert codes == {"empty": "empty", "binary": "binary", "prose": "not_a_pk"}
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("extractor: ")]
    assert len(errors) == 3


def test_missing_file_is_a_failed_record_not_a_crash(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["extract", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["errors"][0]["code"] == "not_found"


def test_jsonl_writes_one_line_per_input(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "all.jsonl"
    result = runner.invoke(
        main, ["extract", str(ROOT / "samples"), "--format", "jsonl", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    lines = target.read_text().splitlines()
    inputs = [p for p in (ROOT / "samples").rglob("*") if p.suffix in (".txt", ".pdf")]
    assert len(lines) == len(inputs)
    assert all(json.loads(line)["schema_version"] == "1.4" for line in lines)


def test_size_limit_is_configurable(runner: CliRunner) -> None:
    result = runner.invoke(main, ["extract", str(LUWU), "--max-bytes", "1000"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["errors"][0]["code"] == "too_large"


def test_usage_error_exits_2(runner: CliRunner) -> None:
    assert runner.invoke(main, ["extract"]).exit_code == 2
    assert runner.invoke(main, ["extract", "--format", "xml", str(LUWU)]).exit_code == 2


def test_schema_and_validate(runner: CliRunner, tmp_path: Path) -> None:
    schema = runner.invoke(main, ["schema"])
    assert json.loads(schema.stdout)["title"].startswith("extractor record")
    good = tmp_path / "good.json"
    runner.invoke(main, ["extract", str(PRINGSEWU), "-o", str(good)])
    assert runner.invoke(main, ["validate", str(good)]).exit_code == 0
    bad = tmp_path / "bad.json"
    data = json.loads(good.read_text())
    data["status"] = "maybe"
    bad.write_text(json.dumps(data))
    result = runner.invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "status" in result.stderr


def test_console_script_reads_stdin() -> None:
    text = PRINGSEWU.read_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "extractor", "extract", "-"],
        input=text,
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert record["source"]["path"] == "-"
    assert len(record["agreements"]) == 1


def test_extract_takes_a_path_object_as_well_as_a_string() -> None:
    sample = Path("samples/pk-pringsewu-diskominfo-2025.txt")
    assert extract(sample).agreements == extract(str(sample)).agreements
