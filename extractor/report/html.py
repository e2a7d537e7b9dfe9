"""The HTML pages of the auditors' report: one self-contained page per bundle and an index.

A bundle page shows every agreement as tables (parties, signatures, Lampiran 1 targets and
budget, Penjelasan targets). A discrepancy's locations name fields of the record
(``budget.items[3].amount``, ``agreements[6].signatures[2].nip``); each is mapped to a key
``(agreement, table, row, column)`` and the table cell with that key is highlighted and links
to the discrepancy (``#d-N``, N = its 1-based position in the record). A row path without a
column (``performance_targets[3]``) marks every cell of the row; a path to a whole table
(``signatures``, ``explanations[0]``) marks the table's heading. Below the tables each
discrepancy shows where it was read: the source lines of a text input (read again from the
file, the involved lines marked), or a crop of the PDF page with the box drawn.

Everything is rendered with Jinja2 with autoescaping always on: text read from documents
never becomes markup. The page has no scripts and loads nothing (images are data: URIs).
"""

from __future__ import annotations

from ..models import ExtractionResult
from .page import (
    BundleView,
)
from .source import (
    SourceFile,
)
from .views import (
    SEVERITIES,
    BundleSummary,
    bundle_name,
    environment,
    severity_counts,
)

# ----------------------------------------------------------------------------------------
# rendering


def render_bundle(result: ExtractionResult, index_href: str | None = "index.html") -> str:
    """The self-contained HTML page of one bundle."""
    source = SourceFile(result)
    with source.opened():
        view = BundleView(result, source)
    return (
        environment()
        .get_template("bundle.html.j2")
        .render(
            result=result,
            view=view,
            name=bundle_name(result),
            index_href=index_href,
            source_note=source.note,
        )
    )


_ERROR_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ name }} · audit report</title></head>
<body><h1>{{ name }}</h1><p>The report page of this bundle could not be made: {{ error }}</p>
<p>Its record is in records/.</p></body></html>
"""


def render_error_page(result: ExtractionResult, error: BaseException) -> str:
    """The page of a bundle whose report failed (a bug): the batch still gets its report."""
    template = environment().from_string(_ERROR_PAGE)
    return template.render(name=bundle_name(result), error=repr(error))


def render_index(
    bundles: list[BundleSummary],
    csv_href: str = "discrepancies.csv",
    workbook_href: str | None = None,
    workbook_error: str | None = None,
) -> str:
    """The index of the report: one row per input bundle, and links to the CSV and, when
    one was written, the workbook."""
    totals = dict.fromkeys(SEVERITIES, 0)
    for b in bundles:
        for severity, count in b.counts.items():
            totals[severity] = totals.get(severity, 0) + count
    return (
        environment()
        .get_template("index.html.j2")
        .render(
            bundles=bundles,
            totals=totals,
            total=sum(b.total for b in bundles),
            notes=sum(b.notes for b in bundles),
            failed=sum(b.status == "failed" for b in bundles),
            csv_href=csv_href,
            workbook_href=workbook_href,
            workbook_error=workbook_error,
        )
    )


def summary(result: ExtractionResult, stem: str, page: str, record: str) -> BundleSummary:
    counts = severity_counts(result.discrepancies)
    return BundleSummary(
        stem=stem,
        page=page,
        record=record,
        name=bundle_name(result),
        path=result.source.path,
        status=result.status,
        media_type=result.source.media_type,
        page_count=result.source.page_count,
        agreements=len(result.agreements),
        counts=counts,
        total=len(result.discrepancies),
        errors=[e.message for e in result.errors],
        notes=len(result.extraction_notes),
    )
