"""Command line: a thin layer over ``extractor.extract`` and the emit stage."""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable
from pathlib import Path

import click

from . import __version__
from .audit import load_config, rule_names
from .emit import schema_text, to_json, validate_record, write_atomic
from .load import DEFAULT_MAX_BYTES
from .models import ExtractionResult
from .pdf.load import terminal_progress
from .pipeline import Options, extract, failed
from .report import write_report

SUPPORTED_SUFFIXES = (".txt", ".text", ".md", ".pdf")


def _options(*decorators: Callable) -> Callable:
    """Several click options shared by commands, applied as one decorator."""

    def apply(function: Callable) -> Callable:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function

    return apply


ocr_option = click.option(
    "--ocr",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="OCR the pages without a text layer (auto), every page, or none.",
)
jobs_option = click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: one per core).",
)
rules_options = _options(
    click.option(
        "--rules",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Audit configuration (TOML or JSON): rule tolerances and disabled rules.",
    ),
    click.option(
        "--disable", multiple=True, metavar="RULE", help="Do not run this rule (repeatable)."
    ),
)
max_bytes_option = click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse inputs larger than this.",
)


@click.group()
@click.version_option(__version__, prog_name="extractor")
def main() -> None:
    """Extract Perjanjian Kinerja (PK) bundles into validated JSON records."""


@main.command("extract")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Output file (one input) or directory."
)
@click.option(
    "--format", "fmt", type=click.Choice(["json", "jsonl"]), default="json", show_default=True
)
@click.option("--pretty", is_flag=True, help="Indent the JSON.")
@ocr_option
@jobs_option
@rules_options
@max_bytes_option
def extract_command(
    inputs: tuple[str, ...],
    output: Path | None,
    fmt: str,
    pretty: bool,
    ocr: str,
    jobs: int | None,
    rules: Path | None,
    disable: tuple[str, ...],
    max_bytes: int,
) -> None:
    """Extract every agreement of each input (files, directories, or - for stdin)."""
    paths = expand_inputs(inputs)
    if not paths:
        raise click.UsageError("no supported input files (.txt, .text, .md, .pdf) were found")
    progress = terminal_progress if sys.stderr.isatty() else None
    audit = _audit_settings(rules, disable)
    options = Options(max_bytes=max_bytes, ocr=ocr, jobs=jobs, progress=progress, **audit)
    results = [_extract_one(path, options) for path in paths]
    write_results(results, output, fmt, pretty)
    if any(r.status == "failed" for r in results):
        sys.exit(1)


def _extract_one(path: str, options: Options) -> ExtractionResult:
    try:
        result = extract(path, options)
    except Exception as error:  # a bug must not lose the rest of the batch
        result = failed(path, "internal_error", f"{path}: internal error: {error!r}")
    for error in result.errors if result.status == "failed" else []:
        click.echo(f"extractor: {error.message}", err=True)
    return result


def expand_inputs(inputs: tuple[str, ...]) -> list[str]:
    """Files as given; directories walked recursively for supported files, in sorted order."""
    paths: list[str] = []
    for item in inputs:
        path = Path(item)
        if item != "-" and path.is_dir():
            paths += sorted(
                str(p)
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
        else:
            paths.append(item)
    return paths


def write_results(
    results: list[ExtractionResult], output: Path | None, fmt: str, pretty: bool
) -> None:
    """Print or write the records; every file is written atomically."""
    if fmt == "jsonl":
        text = "".join(to_json(r) for r in results)
        _emit(text, output)
        return
    if output is None:
        for result in results:
            click.echo(to_json(result, pretty), nl=False)
        return
    if len(results) == 1 and not output.is_dir() and output.suffix.lower() == ".json":
        write_atomic(output, to_json(results[0], pretty))
        return
    used: set[str] = set()
    for result in results:
        write_atomic(output / _output_name(result.source.path, used), to_json(result, pretty))


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)


def _output_name(path: str, used: set[str]) -> str:
    """``<stem>.json``; a second input with the same stem gets a short hash of its path."""
    stem = "stdin" if path == "-" else Path(path).stem
    name = f"{stem}.json"
    if name in used:
        name = f"{stem}-{hashlib.sha256(path.encode()).hexdigest()[:8]}.json"
    used.add(name)
    return name


@main.command("schema")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file.")
def schema_command(output: Path | None) -> None:
    """Print the JSON Schema of a record (generated from the models)."""
    _emit(schema_text(), output)


@main.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def validate_command(files: tuple[str, ...]) -> None:
    """Check records (JSON or JSON Lines files) against the published schema."""
    bad = 0
    for name in files:
        for label, data in _records(name):
            problems = validate_record(data) if not isinstance(data, str) else [data]
            bad += bool(problems)
            for problem in problems[:20]:
                click.echo(f"{label}: {problem}", err=True)
            if not problems:
                click.echo(f"{label}: valid")
    sys.exit(1 if bad else 0)


def _records(name: str):
    text = Path(name).read_text(encoding="utf-8", errors="replace")
    try:
        yield name, json.loads(text)
        return
    except json.JSONDecodeError as error:
        first_error = f"not JSON: {error}"
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        yield name, first_error
        return
    for n, line in enumerate(lines, start=1):
        try:
            yield f"{name}:{n}", json.loads(line)
        except json.JSONDecodeError as error:
            yield f"{name}:{n}", f"not JSON: {error}"


@main.command("audit")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Report directory (created if missing).",
)
@rules_options
@ocr_option
@jobs_option
def audit_command(
    inputs: tuple[str, ...],
    output: Path,
    rules: Path | None,
    disable: tuple[str, ...],
    ocr: str,
    jobs: int | None,
) -> None:
    """Extract the inputs and write the auditors' report to a directory: index.html, one
    self-contained page per bundle, discrepancies.csv and records/<name>.json."""
    paths = expand_inputs(inputs)
    if not paths:
        raise click.UsageError("no supported input files (.txt, .text, .md, .pdf) were found")
    progress = terminal_progress if sys.stderr.isatty() else None
    audit = _audit_settings(rules, disable)
    options = Options(ocr=ocr, jobs=jobs, progress=progress, **audit)
    results = [_extract_one(path, options) for path in paths]
    summaries = write_report(results, output)
    failed_count = sum(s.status == "failed" for s in summaries)
    by_severity = ", ".join(
        f"{sum(s.counts.get(sev, 0) for s in summaries)} {sev}"
        for sev in ("error", "warning", "info")
    )
    click.echo(
        f"{output / 'index.html'}: {len(summaries)} bundle(s), "
        f"{sum(s.total for s in summaries)} discrepancies ({by_severity}), {failed_count} failed"
    )
    if failed_count:
        sys.exit(1)


def _audit_settings(rules: Path | None, disable: tuple[str, ...]) -> dict:
    """``{"audit": AuditConfig}`` for ``Options``, from ``--rules`` and ``--disable``."""
    try:
        config = load_config(rules, disable)
    except (OSError, ValueError) as error:  # unreadable, not TOML/JSON, unknown setting
        raise click.BadParameter(str(error), param_hint="--rules") from error
    known = set(rule_names())
    unknown = sorted(set(config.disabled) - known)
    if unknown:
        raise click.BadParameter(
            f"unknown rule(s): {', '.join(unknown)} (known: {', '.join(sorted(known))})",
            param_hint="--rules/--disable",
        )
    return {"audit": config}


@main.command("batch")
@click.argument("inputs", nargs=-1)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output directory: records/, records.jsonl, errors.jsonl, manifest.sqlite.",
)
@click.option(
    "--summary",
    "summary_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Print the totals of an output directory's manifest and exit.",
)
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Worker processes.")
@click.option(
    "--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True
)
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler address (--executor dask).")
@click.option(
    "--resume/--no-resume",
    default=True,
    show_default=True,
    help="Skip inputs already extracted by this extractor version.",
)
@ocr_option
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=300.0,
    show_default=True,
    help="Seconds one input may take before its worker is stopped.",
)
@click.option("--max-pages", type=click.IntRange(min=1), default=None, help="Page cap per input.")
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse inputs (and zip members) larger than this.",
)
@rules_options
def batch_command(
    inputs: tuple[str, ...],
    output: Path | None,
    summary_dir: Path | None,
    jobs: int | None,
    executor: str,
    scheduler: str | None,
    resume: bool,
    ocr: str,
    timeout: float,
    max_pages: int | None,
    max_bytes: int,
    rules: Path | None,
    disable: tuple[str, ...],
) -> None:
    """Convert many inputs (files, folders, .zip archives) into OUT_DIR: resumable, parallel,
    one record file per input, records.jsonl, errors.jsonl and manifest.sqlite."""
    if summary_dir is not None:
        if inputs or output:
            raise click.UsageError("--summary takes only an output directory")
        print_batch_summary(summary_dir)
        return
    if not inputs:
        raise click.UsageError("give at least one INPUT (file, folder or .zip)")
    if output is None:
        raise click.UsageError("-o/--output OUT_DIR is required")
    from .batch.inputs import count_inputs, iter_inputs
    from .batch.run import ProgressReporter, run_batch
    from .batch.task import TaskSettings

    audit = _audit_settings(rules, disable)["audit"]
    settings = TaskSettings(ocr=ocr, max_bytes=max_bytes, max_pages=max_pages, audit=audit)
    pool = _batch_executor(executor, jobs, scheduler)
    try:
        summary = run_batch(
            iter_inputs(inputs, max_bytes),
            output,
            pool,
            settings,
            timeout=timeout,
            resume=resume,
            progress=ProgressReporter(count_inputs(inputs)),
        )
    finally:
        pool.close()
    sys.exit(summary.exit_code)


def _batch_executor(kind: str, jobs: int | None, scheduler: str | None):
    if kind == "local":
        if scheduler:
            raise click.UsageError("--scheduler needs --executor dask")
        from .batch.executors import LocalExecutor

        return LocalExecutor(jobs)
    if not scheduler:
        raise click.UsageError("--executor dask needs --scheduler ADDRESS")
    try:
        import dask.distributed  # noqa: F401

        from .batch.dask_executor import DaskExecutor
    except ImportError as error:
        raise click.UsageError(
            f"--executor dask needs dask.distributed ({error}); "
            "install it with: pip install 'dask[distributed]'"
        ) from error
    try:
        return DaskExecutor(scheduler)
    except (OSError, TimeoutError) as error:
        raise click.ClickException(
            f"cannot reach the Dask scheduler {scheduler}: {error}"
        ) from error


def print_batch_summary(out_dir: Path) -> None:
    """The manifest's totals as tables: by status, by error code, by discrepancy code."""
    from .batch.manifest import MANIFEST_NAME, Manifest

    if not (out_dir / MANIFEST_NAME).exists():
        raise click.UsageError(f"{out_dir}: no {MANIFEST_NAME} (not a batch output directory)")
    with Manifest(out_dir) as manifest:
        totals = manifest.totals()
    overall = totals["totals"]
    click.echo(
        f"{out_dir}: {overall['inputs']} inputs, {overall['pages']} pages, "
        f"{overall['agreements']} agreements"
    )
    for title, key in (
        ("status", "status"),
        ("error code", "error_code"),
        ("discrepancy code", "discrepancy_code"),
    ):
        counts = totals[key]
        click.echo("")
        width = max([len(title), *(len(name) for name in counts)])
        click.echo(f"{title:<{width}}  {'count':>7}")
        click.echo(f"{'-' * width}  {'-' * 7}")
        for name, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            click.echo(f"{name:<{width}}  {count:>7}")
        if not counts:
            click.echo(f"{'(none)':<{width}}  {0:>7}")
