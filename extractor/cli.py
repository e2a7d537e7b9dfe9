"""Command line: a thin layer over ``extractor.extract`` and the emit stage."""

from __future__ import annotations

import hashlib
import json
import signal
import sqlite3
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from . import __version__
from .audit import load_config, rule_names
from .emit import check_record, json_chunks, schema_text, to_json, validate_record, write_atomic
from .evaluate.command import eval_command
from .export_command import export_command
from .load import DEFAULT_MAX_BYTES
from .models import ExtractionResult
from .pdf.load import DEFAULT_READER, READERS, terminal_progress
from .pipeline import Options, extract, failed
from .report import write_report
from .serve.command import serve_command

SUPPORTED_SUFFIXES = (".txt", ".text", ".md", ".pdf")

EXIT_INPUT_FAILED = 1  # some input failed (its record says why); the others were written
EXIT_ENVIRONMENT = 3  # the environment failed: output not writable, disk full, lock held


def environment_failure(where: Path | str, error: BaseException) -> None:
    """Stop with one line on stderr and exit code 3: the output cannot be written (read-only
    folder, full disk, another batch holds the folder). Not an input's fault, so not 1."""
    if isinstance(error, OSError):
        detail = error.strerror or str(error)
        if error.filename and str(error.filename) != str(where):
            detail = f"{detail}: {error.filename}"
        message = f"{where}: cannot write the output: {detail}"
    elif isinstance(error, sqlite3.Error):
        message = f"{where}: cannot write the manifest: {error}"
    else:
        message = str(error)
    click.echo(f"extractor: {' '.join(message.split())}", err=True)
    sys.exit(EXIT_ENVIRONMENT)


def check_writable(folder: Path) -> None:
    """Create ``folder`` and a scratch file in it before any work is done, so that a
    read-only or missing output fails at once with exit 3 rather than after extracting."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        environment_failure(folder, error)


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
pdf_reader_option = click.option(
    "--pdf-reader",
    type=click.Choice(list(READERS)),
    default=DEFAULT_READER,
    show_default=True,
    help="Reader of PDF text layers: pdfium (fast) or pdfplumber (the reference).",
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


timeout_option = click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Seconds one input may take; over it, its record fails with code timeout and the "
    "other inputs go on (default: no limit).",
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
@pdf_reader_option
@jobs_option
@rules_options
@max_bytes_option
@click.option(
    "--max-pages",
    type=click.IntRange(min=1),
    default=None,
    help="Refuse inputs with more pages: a PDF before any page is read, a text's inferred "
    "pages before they are parsed.",
)
@timeout_option
def extract_command(
    inputs: tuple[str, ...],
    output: Path | None,
    fmt: str,
    pretty: bool,
    ocr: str,
    pdf_reader: str,
    jobs: int | None,
    rules: Path | None,
    disable: tuple[str, ...],
    max_bytes: int,
    max_pages: int | None,
    timeout: float | None,
) -> None:
    """Extract every agreement of each input (files, directories, or - for stdin)."""
    paths = expand_inputs(inputs)
    if not paths:
        raise click.UsageError("no supported input files (.txt, .text, .md, .pdf) were found")
    mode = output_mode(output, fmt, len(paths))
    if output is not None:
        check_writable(output if mode == "folder" else output.parent)
    progress = terminal_progress if sys.stderr.isatty() else None
    audit = _audit_settings(rules, disable)
    options = Options(
        max_bytes=max_bytes,
        ocr=ocr,
        jobs=jobs,
        progress=progress,
        max_pages=max_pages,
        pdf_reader=pdf_reader,
        **audit,
    )
    results = [_extract_one(path, options, timeout) for path in paths]
    try:
        write_results(results, output, fmt, pretty)
    except OSError as error:
        environment_failure(output or "stdout", error)
    if any(r.status == "failed" for r in results):
        sys.exit(EXIT_INPUT_FAILED)


def output_mode(output: Path | None, fmt: str, count: int) -> str:
    """Where ``extract`` writes: ``stdout``, one ``file`` or a ``folder`` (usage error if
    ``-o`` cannot mean what the inputs need).

    Decided before any work is done. ``-o NAME.json`` with several inputs is refused rather
    than silently turned into a folder named ``NAME.json``; ``--format jsonl`` writes them all
    to one file."""
    if output is None:
        return "stdout"
    if fmt == "jsonl":
        if output.is_dir():
            raise click.UsageError(f"-o {output}: is a folder; --format jsonl writes one file")
        return "file"
    if output.is_dir():
        return "folder"
    if count == 1 and output.suffix.lower() == ".json":
        return "file"
    if output.exists():
        raise click.UsageError(
            f"-o {output}: exists and is not a folder; {count} inputs need a folder "
            "(or use --format jsonl to write them all to one file)"
        )
    if output.suffix.lower() == ".json":
        raise click.UsageError(
            f"-o {output}: names a .json file but there are {count} inputs; give a folder, "
            "or use --format jsonl to write them all to one file"
        )
    return "folder"


class _InputTimeout(BaseException):
    """Raised by the alarm handler; a BaseException, so that the pipeline's fault isolation
    (``except Exception``) does not turn it into a partial record of a half-read input."""


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``_InputTimeout`` in the block after ``seconds`` of wall time.

    One process, no worker: ``signal.setitimer(ITIMER_REAL)`` and a SIGALRM handler. Signals
    reach only the main thread, so the limit applies there only (elsewhere, or where there is
    no SIGALRM, it is off). The handler runs between Python bytecodes: a single long call in
    C (one regex match, one pdftotext or tesseract run) is interrupted when it returns."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if seconds is None or not usable:
        yield
        return

    def alarm(signum: int, frame: object) -> None:
        raise _InputTimeout

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _extract_one(path: str, options: Options, timeout: float | None = None) -> ExtractionResult:
    try:
        try:
            with _time_limit(timeout):
                result = extract(path, options)
        except _InputTimeout:  # also when the alarm fires as the block ends: at the limit
            message = f"{path}: stopped after {timeout:g} s (--timeout {timeout:g})"
            result = failed(path, "timeout", message)
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
            check_record(result)  # before a byte is printed: standard output is final
            for part in json_chunks(result, pretty, checked=True):
                click.echo(part, nl=False)
        return
    if output_mode(output, fmt, len(results)) == "file":
        write_atomic(output, json_chunks(results[0], pretty))
        return
    used: set[str] = set()
    for result in results:
        write_atomic(output / _output_name(result.source.path, used), json_chunks(result, pretty))


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
@pdf_reader_option
@jobs_option
@timeout_option
def audit_command(
    inputs: tuple[str, ...],
    output: Path,
    rules: Path | None,
    disable: tuple[str, ...],
    ocr: str,
    pdf_reader: str,
    jobs: int | None,
    timeout: float | None,
) -> None:
    """Extract the inputs and write the auditors' report to a directory: index.html, one
    self-contained page per bundle, discrepancies.csv and records/<name>.json."""
    paths = expand_inputs(inputs)
    if not paths:
        raise click.UsageError("no supported input files (.txt, .text, .md, .pdf) were found")
    check_writable(output)
    progress = terminal_progress if sys.stderr.isatty() else None
    audit = _audit_settings(rules, disable)
    options = Options(ocr=ocr, jobs=jobs, progress=progress, pdf_reader=pdf_reader, **audit)
    results = [_extract_one(path, options, timeout) for path in paths]
    try:
        summaries = write_report(results, output)
    except OSError as error:
        environment_failure(output, error)
    failed_count = sum(s.status == "failed" for s in summaries)
    by_severity = ", ".join(
        f"{sum(s.counts.get(sev, 0) for s in summaries)} {sev}"
        for sev in ("error", "warning", "info")
    )
    click.echo(
        f"{output / 'index.html'}: {len(summaries)} bundle(s), "
        f"{sum(s.total for s in summaries)} discrepancies ({by_severity}), "
        f"{sum(s.notes for s in summaries)} extraction notes, {failed_count} failed"
    )
    if failed_count:
        sys.exit(EXIT_INPUT_FAILED)


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
@pdf_reader_option
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
    pdf_reader: str,
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
    from .batch.run import OutputLocked, ProgressReporter, run_batch
    from .batch.task import TaskSettings

    audit = _audit_settings(rules, disable)["audit"]
    settings = TaskSettings(
        ocr=ocr, max_bytes=max_bytes, max_pages=max_pages, audit=audit, pdf_reader=pdf_reader
    )
    pool = _batch_executor(executor, jobs, scheduler)
    exclude = (str(output),)  # an output folder inside an input folder is not input
    try:
        summary = run_batch(
            iter_inputs(inputs, max_bytes, exclude),
            output,
            pool,
            settings,
            timeout=timeout,
            resume=resume,
            progress=ProgressReporter(count_inputs(inputs, exclude)),
        )
    except (OSError, sqlite3.Error, OutputLocked) as error:
        environment_failure(output, error)
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
    try:
        with Manifest(out_dir) as manifest:
            totals = manifest.totals()
    except (OSError, sqlite3.Error) as error:
        environment_failure(out_dir, error)
    overall = totals["totals"]
    click.echo(
        f"{out_dir}: {overall['inputs']} inputs, {overall['pages']} pages, "
        f"{overall['agreements']} agreements, "
        f"{sum(totals['discrepancy_code'].values())} discrepancies, "
        f"{sum(totals['note_code'].values())} extraction notes"
    )
    for title, key in (
        ("status", "status"),
        ("error code", "error_code"),
        ("discrepancy code", "discrepancy_code"),
        ("extraction note code", "note_code"),
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


main.add_command(export_command)
main.add_command(serve_command)
main.add_command(eval_command)
