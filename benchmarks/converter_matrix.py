"""The converter matrix: field-level F1 of each converter's text against each sample PDF's record.

For every text-layer PDF in samples/pdf, the text of pdftotext -layout, pdftotext (raw),
pdfminer.six, pypdfium2 and (for PDFs with a ``-scan`` twin) Tesseract's OCR of the twin is
extracted and scored against the record of the PDF itself
(``extractor.evaluate.compare_records``). Prints the F1 table, then P/R/F1 per cell;
``--misses N`` also lists each cell's first N missing, wrong and extra facts. The converter
texts are kept in ``--keep DIR`` (default: a temp dir, removed).
``--ocr-all`` also OCRs the PDFs without a scan twin (a clean 300 dpi rendering; slow).

Run: ``.venv/bin/python benchmarks/converter_matrix.py [--misses 10] [--keep DIR] [--ocr-all]
[PDF...]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the tests package holds the converters and the scoring

from tests.converters import Matrix, available, cells, sample_pdfs  # noqa: E402


def run(pdfs: list[Path], folder: Path, misses: int, ocr_all: bool) -> None:
    matrix = Matrix(folder)
    start = time.perf_counter()
    for pdf, converter in cells(pdfs, ocr_all):
        reason = available(converter)
        if reason:
            print(f"skipped {converter} for {pdf.name}: {reason}", file=sys.stderr)
            continue
        found = matrix.score(pdf, converter)
        if misses:
            print(f"== {pdf.stem} {converter}: {found.summary(limit=misses)}\n")
    print(matrix.table())
    print()
    print(matrix.details())
    print(f"\n{time.perf_counter() - start:.1f} s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("pdfs", nargs="*", type=Path, help="text-layer PDFs (default: samples)")
    parser.add_argument("--misses", type=int, default=0, help="list each cell's first N misses")
    parser.add_argument("--keep", type=Path, help="keep the converter texts in this folder")
    parser.add_argument(
        "--ocr-all", action="store_true", help="also OCR (a rendering of) PDFs without a scan twin"
    )
    args = parser.parse_args(argv)
    pdfs = [p.resolve() for p in args.pdfs] or sample_pdfs(ROOT / "samples" / "pdf")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        run(pdfs, args.keep, args.misses, args.ocr_all)
        return
    with tempfile.TemporaryDirectory() as tmp:
        run(pdfs, Path(tmp), args.misses, args.ocr_all)


if __name__ == "__main__":
    main()
