"""Spreadsheet exports of records: ``extractor export RECORDS... -o book.xlsx`` (or
``--format csv -o FOLDER``).

Auditors filter and sum in a spreadsheet, not in JSON. Every table is one row per item
(agreement, Lampiran 1 target, budget item, Penjelasan target, signature block, discrepancy,
extraction note, input file), each with the source file, the agreement's index and id and the
page and line it was read from, so a row leads back to the document. The tables are built by
pure functions (record -> rows) shared by both writers, so the workbook and the CSVs hold the
same rows.

Cells keep their types: numbers are numbers (amounts in rupiah get a thousands format, shares
a percentage format), NIPs and every document text stay text. Text is never run as a formula:
the workbook stores every string as a string cell; the CSVs use the same guard as the audit
report's ``discrepancies.csv`` (a leading apostrophe before ``= + - @``). Both writers stream
(one record in memory at a time) and write to a temp file that is renamed into place, so a
failure never leaves half a workbook.
"""

from __future__ import annotations

import csv
import math
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from .models import Agreement, Discrepancy, ExtractionResult, Quantity, Span
from .report.csv_report import BOM
from .report.csv_report import _text as formula_safe

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

RECORDS_JSONL = "records.jsonl"  # a batch output folder's list of records
JOIN = " | "
MAX_TEXT = 32_767  # characters in one spreadsheet cell (Excel's limit)
MAX_ROWS = 1_048_576  # rows in one worksheet, the header included


class Rupiah(float):
    """An amount in rupiah: written as a number with a thousands format."""


class Share(float):
    """A share between 0 and 1: written as a number with a percentage format."""


Cell = str | int | float | None
Row = tuple[Cell, ...]


class ExportError(ValueError):
    """An input that is not a record, or a table too long for a worksheet."""


# ----------------------------------------------------------------------------------------
# the tables: pure functions, one record -> rows

ITEM = ("source_file", "agreement_index", "agreement_id", "page", "line")
WHERE = ("line_end", "bbox", "confidence")  # the rest of an item's source span


def _span(span: Span | None) -> tuple[Cell, Cell]:
    return (span.page, span.line_start) if span else (None, None)


def _span_rest(span: Span | None) -> tuple[Cell, Cell, Cell]:
    if span is None:
        return (None, None, None)
    return (span.line_end, _bbox(span.bbox), span.confidence)


def _bbox(bbox: list[float] | None) -> str | None:
    return None if bbox is None else "[" + ", ".join(f"{v:g}" for v in bbox) + "]"


def _number(q: Quantity | None) -> float | None:
    """The quantity's value; an amount (unit IDR) as ``Rupiah`` so it gets a thousands format."""
    if q is None or q.value is None:
        return None
    return Rupiah(q.value) if q.unit == "IDR" else q.value


def _bound(q: Quantity, value: float | None) -> float | None:
    if value is None:
        return None
    return Rupiah(value) if q.unit == "IDR" else value


def _quarter(q: Quantity) -> Cell:
    """A quarterly target: its number, or the text as printed when it has none (``BB``)."""
    value = _number(q)
    return value if value is not None else (q.raw or None)


def _ids(result: ExtractionResult, agreement: Agreement) -> tuple[Cell, Cell, Cell]:
    return (result.source.path, agreement.index, agreement.id)


AGREEMENT_COLUMNS = (
    *ITEM,
    "record_status",
    "title",
    "year",
    "agency",
    "level",
    "first_party",
    "first_party_position",
    "first_party_nip",
    "second_party",
    "second_party_position",
    "second_party_nip",
    "place",
    "date",
    "date_raw",
    "pages",
    "signatures",
    "targets",
    "budget_items",
    "budget_total",
    "budget_total_raw",
    "budget_total_page",
    "budget_total_line",
    "explanations",
    "parties_read",
    "date_read",
    "signatures_read",
    "targets_read",
    "budget_read",
    "explanations_read",
)


def agreement_rows(result: ExtractionResult) -> list[Row]:
    """One row per agreement; page and line are where its first party was read (else its
    first page), the budget's printed total with its own page and line."""
    rows = []
    for a in result.agreements:
        first, second = a.first_party, a.second_party
        source = (first.source if first else None) or (second.source if second else None)
        page, line = _span(source)
        total = a.budget.total
        total_page, total_line = _span(a.budget.total_source)
        parts = a.completeness
        rows.append(
            (
                *_ids(result, a),
                page if page is not None else (a.pages[0] if a.pages else None),
                line,
                result.status,
                a.title,
                a.year,
                a.agency,
                a.level,
                first.name if first else None,
                first.position if first else None,
                first.nip if first else None,
                second.name if second else None,
                second.position if second else None,
                second.nip if second else None,
                a.place,
                a.date,
                a.date_raw,
                ", ".join(map(str, a.pages)),
                len(a.signatures),
                len(a.performance_targets),
                len(a.budget.items),
                Rupiah(total.value) if total and total.value is not None else None,
                total.raw if total else None,
                total_page,
                total_line,
                len(a.explanations),
                parts.parties,
                parts.date,
                parts.signatures,
                parts.targets,
                parts.budget,
                parts.explanations,
            )
        )
    return rows


# A target: as printed, its number, unit and comparator, and the bounds of a range.
QUANTITY = ("target", "target_value", "unit", "comparator", "min", "max")


def _quantity(q: Quantity) -> tuple:
    return (q.raw, _number(q), q.unit, q.comparator, _bound(q, q.min), _bound(q, q.max))


TARGET_COLUMNS = (
    *ITEM,
    "no",
    "level",
    "name",
    "objective",
    "indicator",
    *QUANTITY,
    "unit_source",
    "tw_i",
    "tw_ii",
    "tw_iii",
    "tw_iv",
    *WHERE,
)


def target_rows(result: ExtractionResult) -> list[Row]:
    """One row per Lampiran 1 target: the target as printed and its number (TW I..IV: the
    number, or the text as printed when it has none)."""
    rows = []
    for a in result.agreements:
        for t in a.performance_targets:
            quarters = [_quarter(x) for x in t.quarterly_targets[:4]]
            rows.append(
                (
                    *_ids(result, a),
                    *_span(t.source),
                    t.no,
                    t.level,
                    t.name,
                    t.objective,
                    t.indicator,
                    *_quantity(t.target),
                    t.unit_source,
                    *quarters,
                    *(None,) * (4 - len(quarters)),
                    *_span_rest(t.source),
                )
            )
    return rows


BUDGET_COLUMNS = (
    *ITEM,
    "no",
    "level",
    "name",
    "indicator",
    "amount",
    "amount_raw",
    "funding_source",
    *WHERE,
)


def budget_rows(result: ExtractionResult) -> list[Row]:
    """One row per budget item (the printed total is in the Agreements table, kept apart:
    a total row among the items would be summed with them)."""
    rows = []
    for a in result.agreements:
        for item in a.budget.items:
            amount = item.amount
            rows.append(
                (
                    *_ids(result, a),
                    *_span(item.source),
                    item.no,
                    item.level,
                    item.name,
                    item.indicator,
                    Rupiah(amount.value) if amount and amount.value is not None else None,
                    amount.raw if amount else None,
                    item.funding_source,
                    *_span_rest(item.source),
                )
            )
    return rows


PENJELASAN_COLUMNS = (
    *ITEM,
    "section",
    "objective",
    "indicator",
    *QUANTITY,
    "explanation",
    "legal_basis",
    *WHERE,
)


def penjelasan_rows(result: ExtractionResult) -> list[Row]:
    """One row per Penjelasan target; a section without a target table still gets one row
    (its indicators, no target), so that every section is listed."""
    rows = []
    for a in result.agreements:
        for section in a.explanations:
            basis = JOIN.join(section.legal_basis) or None
            head = (section.number, section.objective)
            for t in section.targets:
                source = t.source or section.source
                rows.append(
                    (
                        *_ids(result, a),
                        *_span(source),
                        *head,
                        t.indicator,
                        *_quantity(t.target),
                        t.explanation,
                        basis,
                        *_span_rest(source),
                    )
                )
            if not section.targets:
                indicators = JOIN.join(section.indicators) or None
                empty = (None,) * 7
                rows.append(
                    (
                        *_ids(result, a),
                        *_span(section.source),
                        *head,
                        indicators,
                        *empty,
                        basis,
                        *_span_rest(section.source),
                    )
                )
    return rows


SIGNATURE_COLUMNS = (
    *ITEM,
    "role",
    "name",
    "name_as_written",
    "position",
    "nip",
    "rank",
    *WHERE,
)


def signature_rows(result: ExtractionResult) -> list[Row]:
    """One row per signature block; the NIP stays text (18 digits are not a number)."""
    rows = []
    for a in result.agreements:
        for s in a.signatures:
            line = s.source.line_start if s.source else None
            rows.append(
                (
                    *_ids(result, a),
                    s.page,
                    line,
                    s.role,
                    s.name,
                    s.name_as_written,
                    s.position,
                    s.nip,
                    s.rank,
                    *_span_rest(s.source),
                )
            )
    return rows


FINDING_COLUMNS = (
    *ITEM,
    "code",
    "severity",
    "message",
    "values",
    "field",
    "other_locations",
    "bbox",
)


def _finding_rows(result: ExtractionResult, findings: list[Discrepancy]) -> list[Row]:
    """One row per finding or note; page, line and field are its first location's, the
    others are listed as text (``p. 4 l. 83 budget.items[2].amount``)."""
    agreements = {a.index: a for a in result.agreements}
    rows = []
    for d in findings:
        agreement = agreements.get(d.agreement_index) if d.agreement_index is not None else None
        first = d.locations[0] if d.locations else None
        others = JOIN.join(
            " ".join(
                part
                for part in (
                    f"p. {loc.page}" if loc.page is not None else "",
                    f"l. {loc.line}" if loc.line is not None else "",
                    loc.field or "",
                )
                if part
            )
            for loc in d.locations[1:]
        )
        rows.append(
            (
                result.source.path,
                d.agreement_index,
                agreement.id if agreement else None,
                first.page if first else None,
                first.line if first else None,
                d.code,
                d.severity,
                d.message,
                JOIN.join(d.values) or None,
                first.field if first else None,
                others or None,
                _bbox(first.bbox) if first else None,
            )
        )
    return rows


def discrepancy_rows(result: ExtractionResult) -> list[Row]:
    """Findings about the document (what an auditor acts on)."""
    return _finding_rows(result, result.discrepancies)


def note_rows(result: ExtractionResult) -> list[Row]:
    """Notes about the reading, kept apart from the findings as in the audit report."""
    return _finding_rows(result, result.extraction_notes)


FILE_COLUMNS = (
    "source_file",
    "status",
    "media_type",
    "pages",
    "ocr_pages",
    "agreements",
    "discrepancies",
    "extraction_notes",
    "coverage",
    "errors",
    "sha256",
    "size_bytes",
    "extractor_version",
    "schema_version",
)


def file_rows(result: ExtractionResult) -> list[Row]:
    """One row per input, failed ones included: a failed input has no agreement, and
    without this table it would vanish from the export."""
    coverage = result.coverage
    source = result.source
    errors = JOIN.join(f"{e.code}: {e.message}" for e in result.errors)
    return [
        (
            source.path,
            result.status,
            source.media_type,
            source.page_count,
            ", ".join(map(str, source.ocr_pages)) or None,
            len(result.agreements),
            len(result.discrepancies),
            len(result.extraction_notes),
            Share(coverage.share) if coverage else None,
            errors or None,
            source.sha256,
            source.size_bytes,
            result.extractor_version,
            result.schema_version,
        )
    ]


@dataclass(frozen=True)
class Table:
    """One sheet of the workbook and one CSV file."""

    sheet: str
    file: str
    columns: tuple[str, ...]
    rows: Callable[[ExtractionResult], list[Row]]


TABLES = (
    Table("Agreements", "agreements.csv", AGREEMENT_COLUMNS, agreement_rows),
    Table("Targets", "targets.csv", TARGET_COLUMNS, target_rows),
    Table("Budget", "budget.csv", BUDGET_COLUMNS, budget_rows),
    Table("Penjelasan", "penjelasan.csv", PENJELASAN_COLUMNS, penjelasan_rows),
    Table("Signatures", "signatures.csv", SIGNATURE_COLUMNS, signature_rows),
    Table("Discrepancies", "discrepancies.csv", FINDING_COLUMNS, discrepancy_rows),
    Table("Extraction notes", "extraction-notes.csv", FINDING_COLUMNS, note_rows),
    Table("Files", "files.csv", FILE_COLUMNS, file_rows),
)

WIDTHS = {  # characters; other columns get DEFAULT_WIDTH
    "source_file": 28,
    "agreement_id": 40,
    "agreement_index": 16,
    "page": 6,
    "line": 6,
    "line_end": 8,
    "no": 5,
    "title": 30,
    "agency": 34,
    "name": 40,
    "objective": 40,
    "indicator": 40,
    "first_party": 24,
    "second_party": 24,
    "first_party_position": 34,
    "second_party_position": 34,
    "first_party_nip": 20,
    "second_party_nip": 20,
    "nip": 20,
    "position": 34,
    "name_as_written": 28,
    "amount": 18,
    "budget_total": 20,
    "target_value": 20,
    "message": 70,
    "explanation": 60,
    "legal_basis": 40,
    "errors": 50,
    "sha256": 20,
    "field": 30,
    "other_locations": 30,
    "code": 26,
    "severity": 9,
    "target": 18,
    "unit": 12,
}
DEFAULT_WIDTH = 14


def tables(results: Iterable[ExtractionResult]) -> dict[str, list[Row]]:
    """Every table's rows for ``results``, by sheet name (all in memory: for tests and
    small exports; the writers stream)."""
    out: dict[str, list[Row]] = {t.sheet: [] for t in TABLES}
    for result in results:
        for table in TABLES:
            out[table.sheet].extend(table.rows(result))
    return out


# ----------------------------------------------------------------------------------------
# reading records


def record_files(inputs: Iterable[Path]) -> list[Path]:
    """The record files of ``inputs``: a file as given; a folder's ``records.jsonl`` (a
    batch output, whose list of records is authoritative) or else every ``*.json`` below it
    in sorted order (an ``extract -o DIR`` or ``audit`` folder)."""
    files: list[Path] = []
    for path in inputs:
        if not path.is_dir():
            files.append(path)
        elif (path / RECORDS_JSONL).is_file():
            files.append(path / RECORDS_JSONL)
        else:
            files.extend(sorted(p for p in path.rglob("*.json") if p.is_file()))
    return files


def read_records(inputs: Iterable[Path]) -> Iterator[ExtractionResult]:
    """The records of ``inputs`` one at a time (a JSON file holds one record, a JSON Lines
    file one per line); anything else raises ``ExportError`` naming the file and line."""
    for path in record_files(inputs):
        try:
            if path.suffix.lower() == ".jsonl":
                yield from _jsonl_records(path)
            else:
                yield _record(path.read_bytes(), str(path))
        except OSError as error:  # an input's fault, not the output's
            raise ExportError(f"{path}: cannot read: {error.strerror or error}") from None


def _jsonl_records(path: Path) -> Iterator[ExtractionResult]:
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield _record(line, f"{path}:{number}")


def _record(data: bytes, where: str) -> ExtractionResult:
    try:
        return ExtractionResult.model_validate_json(data)
    except ValidationError as error:
        problem = error.errors()[0]
        location = ".".join(str(p) for p in problem["loc"]) or "(root)"
        raise ExportError(f"{where}: not a record: {location}: {problem['msg']}") from None


# ----------------------------------------------------------------------------------------
# writers


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temp file beside ``path`` that replaces it only when the block succeeds: readers
    see the old file or the whole new one, never half a workbook."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with tmp.open("rb") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _clip(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def write_xlsx(results: Iterable[ExtractionResult], path: Path) -> dict[str, int]:
    """Write the workbook (one sheet per table: bold frozen header row, filters on every
    column); returns the number of rows of each sheet."""
    import xlsxwriter

    counts = {t.sheet: 0 for t in TABLES}
    with atomic_path(path) as tmp:
        book = xlsxwriter.Workbook(str(tmp), {"constant_memory": True})
        try:
            formats = {
                "header": book.add_format({"bold": True, "bg_color": "#DDE4EE", "bottom": 1}),
                Rupiah: book.add_format({"num_format": "#,##0"}),
                Share: book.add_format({"num_format": "0.0%"}),
            }
            sheets = [_sheet(book, table, formats["header"]) for table in TABLES]
            for result in results:
                for table, sheet in zip(TABLES, sheets, strict=True):
                    for row in table.rows(result):
                        counts[table.sheet] += 1
                        _write_row(sheet, counts[table.sheet], row, formats, table.sheet)
            for table, sheet in zip(TABLES, sheets, strict=True):
                sheet.autofilter(0, 0, counts[table.sheet], len(table.columns) - 1)
        finally:
            book.close()
    return counts


def _sheet(book: Workbook, table: Table, header: Format) -> Worksheet:
    sheet = book.add_worksheet(table.sheet)
    for n, column in enumerate(table.columns):
        sheet.set_column(n, n, WIDTHS.get(column, max(DEFAULT_WIDTH, len(column) + 3)))
    sheet.freeze_panes(1, 0)
    sheet.set_landscape()  # printed: landscape A4, the header row on every page, gridlines
    sheet.set_paper(9)
    sheet.repeat_rows(0)
    sheet.hide_gridlines(0)
    sheet.write_row(0, 0, table.columns, header)
    return sheet


def _write_row(sheet: Worksheet, number: int, row: Row, formats: dict, name: str) -> None:
    """Each value by its type: text always as a string cell (never a formula or a link),
    numbers as numbers (rupiah and shares with their formats)."""
    if number >= MAX_ROWS:
        raise ExportError(f"the {name} sheet has more than {MAX_ROWS - 1:,} rows: use --format csv")
    for column, value in enumerate(row):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            sheet.write_string(number, column, _clip(str(value)))
        elif not math.isfinite(value):
            sheet.write_string(number, column, str(value))
        else:
            sheet.write_number(number, column, value, formats.get(type(value)))


def write_csvs(results: Iterable[ExtractionResult], folder: Path) -> dict[str, int]:
    """Write one CSV per table into ``folder`` (UTF-8 with BOM, so Excel reads the
    Indonesian text right). Every table is written to a temp file first and renamed into
    place, one after the other, only once all are complete: a failure while writing leaves
    the previous set (one between two renames, rare, can leave old and new files mixed).
    Returns the number of rows of each table."""
    folder.mkdir(parents=True, exist_ok=True)
    counts = {t.sheet: 0 for t in TABLES}
    temps: list[tuple[Path, Path]] = []
    handles = []
    try:
        for table in TABLES:
            fd, name = tempfile.mkstemp(prefix=f".{table.file}.", suffix=".tmp", dir=folder)
            handle = os.fdopen(fd, "w", encoding="utf-8", newline="")
            handles.append(handle)
            temps.append((Path(name), folder / table.file))
            handle.write(BOM)
        writers = [csv.writer(h, lineterminator="\r\n") for h in handles]
        for writer, table in zip(writers, TABLES, strict=True):
            writer.writerow(table.columns)
        for result in results:
            for writer, table in zip(writers, TABLES, strict=True):
                for row in table.rows(result):
                    counts[table.sheet] += 1
                    writer.writerow([_csv_cell(value) for value in row])
        for handle in handles:
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
        for tmp, target in temps:
            os.chmod(tmp, 0o666 & ~_umask())
            os.replace(tmp, target)
    except BaseException:
        for handle in handles:
            handle.close()
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise
    return counts


def _csv_cell(value: Cell) -> str:
    """Numbers in full (no exponent, no thousands separator); text guarded as in the audit
    report's CSV so that a spreadsheet never runs it as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return formula_safe(str(value))
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value)) if isinstance(value, float) else str(value)
