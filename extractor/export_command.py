"""``extractor export RECORDS... -o book.xlsx [--format xlsx|csv]``: records to spreadsheets.

Kept apart from ``cli.py`` (which registers it) so the command and its tables live together;
the writing itself is ``extractor.export``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .export import TABLES, ExportError, read_records, write_csvs, write_xlsx

EXIT_BAD_RECORD = 1  # an input is not a record: nothing is written


@click.command("export")
@click.argument("records", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    help="The workbook (xlsx) or the folder of CSV files (csv).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["xlsx", "csv"]),
    default="xlsx",
    show_default=True,
    help="One workbook with a sheet per table, or one UTF-8-BOM CSV per table.",
)
def export_command(records: tuple[Path, ...], output: Path, fmt: str) -> None:
    """Export records (JSON or JSON Lines files, extract/audit/batch output folders) as
    spreadsheet tables: agreements, targets, budget, Penjelasan, signatures, discrepancies,
    extraction notes and files, one row per item with its source file, page and line."""
    from .cli import check_writable, environment_failure  # cli imports this module

    if fmt == "xlsx" and output.is_dir():
        raise click.UsageError(f"{output} is a folder: name the workbook (book.xlsx)")
    if fmt == "csv" and output.exists() and not output.is_dir():
        raise click.UsageError(f"{output} is a file: --format csv writes a folder of CSV files")
    check_writable(output if fmt == "csv" else output.parent)
    writer = write_xlsx if fmt == "xlsx" else write_csvs
    try:
        counts = writer(read_records(records), output)
    except ExportError as error:
        click.echo(f"extractor: {error}", err=True)
        sys.exit(EXIT_BAD_RECORD)
    except OSError as error:
        environment_failure(output, error)
    summary = ", ".join(f"{t.sheet} {counts[t.sheet]}" for t in TABLES)
    click.echo(f"{output}: {summary}")
