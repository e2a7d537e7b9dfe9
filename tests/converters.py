"""The text other tools make of a PDF: what users feed the extractor instead of the PDF.

Each converter takes a PDF path and returns its text, pages separated by form feeds where the
tool marks pages. ``ocr_text`` is for image-only PDFs (the ``-scan`` twins): each page
rendered at 300 dpi and read by Tesseract, pages OCRed in parallel worker processes. The
``Matrix`` runs each converter once per PDF and scores the extractor's record of its text
against the record of the PDF itself (``extractor.evaluate.compare_records``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from extractor import ExtractionResult, extract
from extractor.evaluate import Evaluation, compare_records

OCR_DPI = 300
# psm 4 reads a page as one column of lines of varying size: table rows and the two signature
# columns come out line by line, left to right. psm 6 garbled the ruled tables of the samples;
# psm 3 read them as 4 does but split an amount ("5.306.281 .198,00").
OCR_PSM = "4"
OCR_LANGS = "ind+eng"


def pdftotext_layout(pdf: Path) -> str:
    """``pdftotext -layout``: columns kept side by side with runs of spaces."""
    return _pdftotext(pdf, "-layout")


def pdftotext_raw(pdf: Path) -> str:
    """``pdftotext`` without options: text in the order pdftotext reconstructs reading."""
    return _pdftotext(pdf)


def _pdftotext(pdf: Path, *options: str) -> str:
    run = subprocess.run(
        ["pdftotext", *options, "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        check=True,
    )
    return run.stdout.decode("utf-8")


def pdfminer_text(pdf: Path) -> str:
    """pdfminer.six's ``extract_text`` with its default layout analysis."""
    from pdfminer.high_level import extract_text

    return extract_text(str(pdf))


def pypdfium2_text(pdf: Path) -> str:
    """pypdfium2's ``get_text_range()`` per page, joined with form feeds; PDFium's ``\\r\\n``
    line ends are kept (the extractor must cope with them)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        document.close()
    return "\f".join(texts)


def _ocr_page(args: tuple[str, int]) -> str:
    """One page: render at ``OCR_DPI``, then ``tesseract page.png - -l ind+eng --psm 4``."""
    import pypdfium2 as pdfium

    path, index = args
    document = pdfium.PdfDocument(path)
    try:
        image = document[index].render(scale=OCR_DPI / 72, grayscale=True).to_pil()
    finally:
        document.close()
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "page.png"
        image.save(png, dpi=(OCR_DPI, OCR_DPI))
        run = subprocess.run(
            ["tesseract", str(png), "-", "-l", OCR_LANGS, "--psm", OCR_PSM],
            capture_output=True,
            check=True,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    return run.stdout.decode("utf-8")


def ocr_text(pdf: Path, jobs: int = 2) -> str:
    """Tesseract's plain text of every page, joined with form feeds (``jobs`` processes)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    count = len(document)
    document.close()
    tasks = [(str(pdf), i) for i in range(count)]
    with ProcessPoolExecutor(max_workers=max(1, min(jobs, count))) as pool:
        pages = list(pool.map(_ocr_page, tasks))
    return "\f".join(page.rstrip("\n") for page in pages)


TEXT_CONVERTERS: dict[str, Callable[[Path], str]] = {
    "pdftotext-layout": pdftotext_layout,
    "pdftotext-raw": pdftotext_raw,
    "pdfminer": pdfminer_text,
    "pypdfium2": pypdfium2_text,
}
"""Converters of a text-layer PDF."""

OCR_CONVERTER = "tesseract"
"""The converter of the ``-scan`` twin of a PDF."""


def scan_twin(pdf: Path) -> Path | None:
    """The image-only twin of a text-layer PDF (``x.pdf`` -> ``x-scan.pdf``), if there is one."""
    twin = pdf.with_name(f"{pdf.stem}-scan.pdf")
    return twin if twin.exists() else None


def available(converter: str) -> str | None:
    """Why ``converter`` cannot run here (a missing program or module), or None."""
    program = {"pdftotext-layout": "pdftotext", "pdftotext-raw": "pdftotext"}.get(converter)
    if converter == OCR_CONVERTER:
        program = "tesseract"
    if program and shutil.which(program) is None:
        return f"{program} is not installed"
    module = {"pdfminer": "pdfminer", "pypdfium2": "pypdfium2"}.get(converter)
    if module:
        try:
            __import__(module)
        except ImportError:
            return f"{module} is not installed"
    if converter == OCR_CONVERTER:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
        if "ind" not in langs.stdout.split():
            return "Tesseract has no Indonesian model (tesseract-ocr-ind)"
    return None


def convert(converter: str, pdf: Path) -> str:
    """The text ``converter`` makes of ``pdf``; ``tesseract`` reads its scan twin, or the
    clean rendering of ``pdf`` itself when it has none."""
    if converter == OCR_CONVERTER:
        return ocr_text(scan_twin(pdf) or pdf)
    return TEXT_CONVERTERS[converter](pdf)


# --- the matrix: every converter's text of every sample PDF, scored against the PDF's record ---

THRESHOLDS = {
    "pdftotext-layout": 0.95,
    "pypdfium2": 0.95,
    OCR_CONVERTER: 0.95,
    "pdftotext-raw": 0.85,
    "pdfminer": 0.85,
}
"""The field-level F1 each converter's text must reach (raw reading order and pdfminer's
text blocks lose the row structure of tables more often, so they get a lower bar)."""

CONVERTERS = [*TEXT_CONVERTERS, OCR_CONVERTER]


def sample_pdfs(folder: Path) -> list[Path]:
    """The text-layer PDFs of ``folder`` (their ``-scan`` twins are read through them)."""
    return sorted(p for p in folder.glob("*.pdf") if not p.stem.endswith("-scan"))


def cells(pdfs: list[Path], ocr_all: bool = False) -> list[tuple[Path, str]]:
    """Every (pdf, converter) to run: OCR only where a scan twin exists, unless ``ocr_all``
    (then the other PDFs' pages are OCRed as rendered; slow: about a second a page)."""
    return [
        (pdf, name)
        for pdf in pdfs
        for name in CONVERTERS
        if name != OCR_CONVERTER or ocr_all or scan_twin(pdf) is not None
    ]


class Matrix:
    """Converter outputs, records and scores, each computed once and kept (texts as files in
    ``folder``, so a failing cell can be inspected)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.references: dict[Path, ExtractionResult] = {}
        self.scores: dict[tuple[Path, str], Evaluation] = {}

    def reference(self, pdf: Path) -> ExtractionResult:
        """The record of the PDF itself: what every converter's text should give."""
        if pdf not in self.references:
            self.references[pdf] = extract(str(pdf))
        return self.references[pdf]

    def text(self, pdf: Path, converter: str) -> Path:
        path = self.folder / f"{pdf.stem}.{converter}.txt"
        if not path.exists():
            path.write_text(convert(converter, pdf), encoding="utf-8", newline="")
        return path

    def score(self, pdf: Path, converter: str) -> Evaluation:
        key = (pdf, converter)
        if key not in self.scores:
            record = extract(str(self.text(pdf, converter)))
            self.scores[key] = compare_records(self.reference(pdf), record)
        return self.scores[key]

    def table(self) -> str:
        """F1 per PDF (rows) and converter (columns); ``-`` where a cell does not apply or
        was not run; ``*`` marks a cell under its threshold."""
        pdfs = sorted({pdf for pdf, _ in self.scores})
        width = max([len(p.stem) for p in pdfs] + [10])
        head = f"{'sample PDF':{width}}  " + "  ".join(f"{c:>16}" for c in CONVERTERS)
        rows = [head, "-" * len(head)]
        for pdf in pdfs:
            shown = []
            for name in CONVERTERS:
                found = self.scores.get((pdf, name))
                mark = "" if found is None or found.f1 >= THRESHOLDS[name] else "*"
                shown.append(f"{'-' if found is None else f'{found.f1:.2f}{mark}':>16}")
            rows.append(f"{pdf.stem:{width}}  " + "  ".join(shown))
        bars = ", ".join(f"{c} {t:.2f}" for c, t in THRESHOLDS.items())
        return "\n".join([*rows, f"field-level F1 (* under its threshold: {bars})"])

    def details(self) -> str:
        """P, R, F1 and fact counts of every cell."""
        out = []
        for (pdf, name), s in sorted(self.scores.items()):
            out.append(
                f"{pdf.stem} {name}: P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f} "
                f"({s.hits} of {s.expected} facts, {s.actual} given)"
            )
        return "\n".join(out)
