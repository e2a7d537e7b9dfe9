"""The converter matrix: the text other tools make of each sample PDF must give the PDF's record.

For every text-layer PDF in samples/pdf the reference is the record of the PDF itself; the
text of pdftotext (-layout and raw), pdfminer.six, pypdfium2 and, for PDFs with a ``-scan``
twin, Tesseract's OCR of the twin is extracted and scored field by field
(``extractor.evaluate.compare_records``, the code of ``extractor eval``).
A converter cannot be "fixed" for one sample: every cell is a different rendering of the same
facts. ``pytest -s`` prints the F1 table; it is also written to ``converter-matrix.txt`` in
the session's temp dir. The scoring itself is tested in tests/test_eval.py.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractor import extract
from extractor.evaluate import compare_records

from .converters import THRESHOLDS, Matrix, available, cells, sample_pdfs

ROOT = Path(__file__).resolve().parent.parent
PDFS = sample_pdfs(ROOT / "samples" / "pdf")
CELLS = cells(PDFS)


# --- the scoring (extractor.evaluate, unit-tested in tests/test_eval.py) on a real record ---


def test_real_record_against_itself_and_with_a_budget_row_lost() -> None:
    record = extract(str(ROOT / "samples" / "pk-pringsewu-diskominfo-2025.txt"))
    assert compare_records(record, record).f1 == 1.0
    shorter = record.model_copy(deep=True)
    items = shorter.agreements[0].budget.items
    assert len(items) >= 2
    lost = items.pop(0)
    result = compare_records(record, shorter)
    assert result.precision == 1.0 and result.wrong == [] and result.extra == []
    amount = lost.amount.value if lost.amount else None
    assert len(result.missing) == sum(v is not None for v in (lost.name, amount))


# --- the matrix -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Matrix]:
    folder = tmp_path_factory.mktemp("converter-matrix")
    found = Matrix(folder)
    yield found
    if found.scores:
        table = found.table()
        (folder / "converter-matrix.txt").write_text(
            f"{table}\n\n{found.details()}\n", encoding="utf-8"
        )
        print(f"\n{table}\n(converter texts and the table: {folder})")


# Cells still under their threshold, with the F1 measured when they were listed and what they
# lose: open work, not hidden. The mark is strict and expects an assertion failure only, so a
# cell that reaches its threshold fails until it is taken off, and a crash is never expected.
KNOWN_BELOW: dict[str, str] = {}


def _cell(pdf: Path, converter: str):
    case_id = f"{pdf.stem}-{converter}"
    reason = KNOWN_BELOW.get(case_id)
    marks = [pytest.mark.xfail(strict=True, raises=AssertionError, reason=reason)] if reason else []
    return pytest.param(pdf, converter, marks=marks, id=case_id)


@pytest.mark.parametrize(("pdf", "converter"), [_cell(pdf, name) for pdf, name in CELLS])
def test_converter_text_gives_the_pdf_record(matrix: Matrix, pdf: Path, converter: str) -> None:
    missing = available(converter)
    if missing:
        if os.environ.get("CI"):  # CI installs every converter (scripts/setup.sh): never skip
            pytest.fail(missing)
        pytest.skip(missing)
    reference = matrix.reference(pdf)
    assert reference.agreements, f"the record of {pdf.name} itself has no agreements"
    result = matrix.score(pdf, converter)
    assert result.f1 >= THRESHOLDS[converter], (
        f"{converter} text of {pdf.name}: {result.summary(limit=40)}\n"
        f"(text: {matrix.text(pdf, converter)})"
    )
