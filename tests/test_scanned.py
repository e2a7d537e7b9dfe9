"""Scanned PDFs end to end: OCR gives the text's facts, and every difference is flagged.

These tests run Tesseract for real (CI installs it through scripts/setup.sh); they fail,
not skip, when it is missing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extractor import extract
from extractor.models import ExtractionResult
from extractor.pdf.ocr import tesseract_available
from extractor.pipeline import Options

from .compare import differences

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "samples" / "pdf"
SCANS = [
    ("pk-pringsewu-diskominfo-2025.txt", "pdf/pk-pringsewu-diskominfo-2025-scan.pdf"),
    ("pdf/pk-dpmptsp-luwu-timur-2025-part.txt", "pdf/pk-dpmptsp-luwu-timur-2025-part-scan.pdf"),
]


@pytest.fixture(scope="module", autouse=True)
def _tesseract() -> None:
    assert tesseract_available(), "Tesseract with ind+eng is needed: run scripts/setup.sh"


@pytest.fixture(scope="module")
def scanned() -> dict[str, tuple[ExtractionResult, ExtractionResult]]:
    out = {}
    for text, scan in SCANS:
        out[scan] = (
            extract(str(ROOT / "samples" / text)),
            extract(str(ROOT / "samples" / scan), Options(jobs=2)),
        )
    return out


def _flagged(path: str, result: ExtractionResult, page_of: dict[int, list[int]]) -> bool:
    """A difference is visible when a discrepancy points at its value or at its page."""
    index = int(re.match(r"agreements\[(\d+)\]", path).group(1))
    group = re.sub(r"^agreements\[\d+\]\.", "", path).split(".")[0]
    group = group.replace("targets[", "performance_targets[").replace("budget[", "budget.items[")
    for finding in [*result.discrepancies, *result.extraction_notes]:
        for location in finding.locations:
            same_value = finding.agreement_index == index and (location.field or "").startswith(
                group.split("[")[0]
            )
            bad_page = finding.code == "ocr_low_quality" and location.page in page_of.get(index, [])
            if same_value or bad_page:
                return True
    return False


@pytest.mark.parametrize("scan", [s for _, s in SCANS])
def test_scanned_pdf_gives_the_same_facts_on_95_percent(scanned, scan: str) -> None:
    from_text, from_scan = scanned[scan]
    assert from_scan.source.ocr_pages == list(range(1, from_scan.source.page_count + 1))
    count, wrong = differences(from_text, from_scan)
    assert 1 - len(wrong) / count >= 0.95, "\n".join(wrong)


@pytest.mark.parametrize("scan", [s for _, s in SCANS])
def test_every_difference_is_flagged_not_silent(scanned, scan: str) -> None:
    from_text, from_scan = scanned[scan]
    _, wrong = differences(from_text, from_scan)
    page_of = {a.index: a.pages for a in from_text.agreements}
    silent = [
        w for w in wrong if w.startswith("agreements[") and not _flagged(w, from_scan, page_of)
    ]
    assert silent == []


def test_ocr_values_carry_boxes_and_confidence(scanned) -> None:
    _, from_scan = scanned["pdf/pk-pringsewu-diskominfo-2025-scan.pdf"]
    agreement = from_scan.agreements[0]
    for span in [agreement.first_party.source, *(t.source for t in agreement.performance_targets)]:
        assert span.bbox is not None and 0 < span.bbox[0] < span.bbox[2] < 600
        assert 0 <= span.confidence <= 1
    assert agreement.first_party.nip == "198408192002121001"
    assert agreement.budget.total.value == 8_580_487_155


def test_duplicate_scanned_pages_are_found(scanned) -> None:
    _, from_scan = scanned["pdf/pk-dpmptsp-luwu-timur-2025-part-scan.pdf"]
    assert len(from_scan.duplicates) >= 2
    assert len(from_scan.agreements) >= 3


def test_one_and_two_jobs_give_the_same_record(scanned) -> None:
    _, two = scanned["pdf/pk-pringsewu-diskominfo-2025-scan.pdf"]
    one = extract(str(PDF / "pk-pringsewu-diskominfo-2025-scan.pdf"), Options(jobs=1))
    assert one.model_dump() == two.model_dump()


def _mixed_pdf(path: Path) -> Path:
    """Page 1 with a text layer, page 2 scanned: the Pringsewu agreement page and lampiran."""
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(str(PDF / "pk-pringsewu-diskominfo-2025.pdf")), [0])
    mixed.import_pages(pdfium.PdfDocument(str(PDF / "pk-pringsewu-diskominfo-2025-scan.pdf")), [1])
    mixed.save(str(path))
    return path


def test_auto_ocr_only_pages_without_text(tmp_path: Path) -> None:
    result = extract(str(_mixed_pdf(tmp_path / "mixed.pdf")), Options(jobs=1))
    assert result.source.ocr_pages == [2]
    agreement = result.agreements[0]
    assert agreement.first_party.source.confidence is None  # from the text layer
    assert agreement.performance_targets[0].source.confidence is not None  # OCRed


def test_missing_tesseract_is_an_error_record_and_text_pages_still_extract(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract binary on PATH
    result = extract(str(_mixed_pdf(tmp_path / "mixed.pdf")))
    assert result.status == "partial"
    (error,) = result.errors
    assert error.code == "ocr_unavailable" and error.page == 2
    assert "apt-get install tesseract-ocr tesseract-ocr-ind" in error.message
    assert result.agreements[0].first_party.name == "MOUDY ARY NAZOLLA"
