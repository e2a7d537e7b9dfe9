"""The auditors' report of a batch: ``extractor audit FILE_OR_DIR... -o REPORT_DIR``.

``REPORT_DIR`` gets ``index.html`` (one row per input bundle), ``<stem>.html`` per bundle (a
single self-contained page: the agreements as tables with every value involved in a
discrepancy highlighted and linked to it, each discrepancy with its source lines or a crop of
the PDF page; extraction notes, about the reading, in a section of their own),
``discrepancies.csv`` (one row per discrepancy and per note, ``kind`` telling them apart;
UTF-8 with BOM) and
``records/<stem>.json`` (the records) and ``workbook.xlsx`` (the records' tables, as
``extractor export`` writes them). Every file is written atomically.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import quote

from ..emit import json_chunks, write_atomic
from ..models import ExtractionResult
from .csv_report import discrepancies_csv
from .html import render_bundle, render_error_page, render_index, summary
from .paths import locate
from .views import BundleSummary

RESERVED_STEMS = {"index"}  # index.html is the report's own page
WORKBOOK = "workbook.xlsx"  # every table of the records, one sheet each (extractor export)


def bundle_stems(results: list[ExtractionResult]) -> list[str]:
    """``<stem>`` of each input's page and record; a repeated stem gets a short hash."""
    used = set(RESERVED_STEMS)
    stems = []
    for result in results:
        path = result.source.path
        stem = "stdin" if path == "-" else Path(path).stem or "input"
        if stem.lower() in used:
            stem = f"{stem}-{hashlib.sha256(path.encode()).hexdigest()[:8]}"
        while stem.lower() in used:  # the same path given twice
            stem = f"{stem}-{len(used)}"
        used.add(stem.lower())
        stems.append(stem)
    return stems


def write_report(results: list[ExtractionResult], out_dir: Path) -> list[BundleSummary]:
    """Write the whole report; the index last, so that it only links to written pages."""
    stems = bundle_stems(results)
    summaries, pages = [], []
    for result, stem in zip(results, stems, strict=True):
        page, record = quote(f"{stem}.html"), f"records/{quote(stem)}.json"
        write_atomic(out_dir / "records" / f"{stem}.json", json_chunks(result, pretty=True))
        entry = summary(result, stem, page, record)
        try:
            html = render_bundle(result)
        except Exception as error:  # a bug must not lose the rest of the report
            html = render_error_page(result, error)
            entry.errors.append(f"the report page could not be made: {error!r}")
        write_atomic(out_dir / f"{stem}.html", html)
        summaries.append(entry)
        pages.append((result, page))
    write_atomic(out_dir / "discrepancies.csv", discrepancies_csv(pages))
    workbook, workbook_error = _write_workbook(results, out_dir / WORKBOOK)
    index = render_index(summaries, workbook_href=workbook, workbook_error=workbook_error)
    write_atomic(out_dir / "index.html", index)
    return summaries


def _write_workbook(results: list[ExtractionResult], path: Path) -> tuple[str | None, str | None]:
    """The records as a spreadsheet beside the report (``extractor export``'s workbook), so
    that auditors can filter and sum what the pages show; ``(href, None)`` when written,
    ``(None, error)`` when a bug stopped it (the rest of the report is still written; a
    full disk, an ``OSError``, stops the report as any other write does)."""
    from ..export import write_xlsx  # export imports the CSV guard from this package

    try:
        write_xlsx(results, path)
    except OSError:
        raise
    except Exception as error:
        return None, f"the workbook could not be made: {error!r}"
    return quote(path.name), None


__all__ = [
    "BundleSummary",
    "bundle_stems",
    "discrepancies_csv",
    "locate",
    "render_bundle",
    "render_index",
    "write_report",
]
