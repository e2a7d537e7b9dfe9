"""Findings about the document versus notes about the reading.

``discrepancies`` are what an auditor acts on: the document contradicts itself or the rules.
What only says that the extractor could not read something well (OCR confidence, a table
whose columns were not recognised, a value the publisher masked) goes to
``extraction_notes``, with the same fields and provenance, so that the real findings are not
lost in reading noise. The split is by code (``NOTE_CODES``), except for a missing signature,
which is about the reading only when OCR could hardly read the page it is missing from (a
stamp or a signature over the block): on a clean page the document itself lacks it.
"""

from __future__ import annotations

from collections.abc import Iterable

from .document import Page
from .models import Discrepancy, ExtractionNote

#: Codes that are always about the reading, never about the document.
NOTE_CODES = frozenset(
    {
        "low_confidence",  # OCR read a value with little confidence
        "ocr_low_quality",  # OCR could hardly read lines of a page
        "table_not_parsed",  # a printed table (or Penjelasan target table) gave no row
        "targets_not_parsed",  # a printed target header, but no target row was read
        "masked_value",  # the publisher masked a value: recorded as unknown
        "unparsed_content",  # lines holding numbers that no parser consumed
    }
)
#: Codes that are about the reading when their page is a poorly read OCR page.
OCR_DEPENDENT_CODES = frozenset({"missing_signatures", "signature_missing"})
POOR_OCR = 0.6  # a page with a line below this confidence was poorly read (checks.LOW_CONFIDENCE)


def poorly_read_pages(pages: Iterable[Page], ocr_pages: Iterable[int]) -> set[int]:
    """OCRed pages with at least one line read below ``POOR_OCR`` confidence."""
    ocr = set(ocr_pages)
    return {
        page.number
        for page in pages
        if page.number in ocr
        and any(line.confidence is not None and line.confidence < POOR_OCR for line in page.lines)
    }


def is_note(d: Discrepancy, poor_pages: set[int]) -> bool:
    """Whether ``d`` is about the reading (see the module docstring)."""
    if d.code in NOTE_CODES:
        return True
    if d.code in OCR_DEPENDENT_CODES:
        return any(loc.page in poor_pages for loc in d.locations)
    return False


def split_notes(
    found: list[Discrepancy], poor_pages: set[int]
) -> tuple[list[Discrepancy], list[ExtractionNote]]:
    """(document findings, extraction notes), each in the order found."""
    findings: list[Discrepancy] = []
    notes: list[ExtractionNote] = []
    for d in found:
        if is_note(d, poor_pages):
            notes.append(ExtractionNote(**d.model_dump()))
        else:
            findings.append(d)
    return findings, notes
