"""Stage 1 for PDFs: open the file, read each page's text layer or OCR it, and hand the
pages on as the same ``Page`` objects the text stages read (one per physical page).

Text-layer pages are read with pdfplumber: words with boxes, ruled tables from the page's
ruling lines (the lines strategy), unruled columns from word gaps (``layout``). Pages
without a usable text layer are rendered and OCRed with Tesseract in worker processes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError

from ..document import Line, Page, Problem
from ..load import LoadError
from .layout import RawLine, TableGrid, Word, page_lines

PARAGRAPH_GAP = 0.9  # a gap taller than this share of a line height is a blank line
MIN_TEXT_CHARS = 25  # fewer characters than this: the page is a scan (or blank)
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}

Progress = Callable[[int, int], None]


@dataclass(slots=True)
class PdfPages:
    """What the PDF loader found: pages with their raw lines, and which were OCRed."""

    lines: list[list[RawLine]]
    ocr_pages: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF")


def read_pdf(
    path: str, ocr: str = "auto", jobs: int | None = None, progress: Progress | None = None
) -> PdfPages:
    """Every page's lines; ``ocr`` is ``auto`` (pages without text), ``always`` or ``never``."""
    pdf = _open(path)
    with pdf:
        if not pdf.pages:
            raise LoadError("no_pages", f"{path}: the PDF has no pages")
        result = PdfPages(lines=[[] for _ in pdf.pages])
        to_ocr: list[tuple[int, int]] = []
        for index, page in enumerate(pdf.pages):
            lines = _text_layer(page, index, result.problems)
            if ocr == "always" or (ocr == "auto" and _too_little_text(lines)):
                to_ocr.append((_ink(page), index))
            else:
                result.lines[index] = lines
                if not lines:
                    result.problems.append(_no_text(index, ocr))
    if to_ocr:
        # Costliest pages first, so that no worker is left with a long page at the end.
        order = [index for _, index in sorted(to_ocr, key=lambda item: -item[0])]
        _ocr_pages(path, order, result, jobs, progress)
        result.ocr_pages.sort()
    return result


def _ink(page: pdfplumber.page.Page) -> int:
    """A cheap guess of a scanned page's OCR cost: the bytes of its images (more detail)."""
    try:
        return sum(int(image["stream"].attrs.get("Length", 0) or 0) for image in page.images)
    except Exception:  # an odd image dictionary only spoils the guess
        return 0


def _open(path: str) -> pdfplumber.PDF:
    """Open a PDF, turning the ways a file can be unreadable into one-line errors."""
    try:
        pdf = pdfplumber.open(path)
        len(pdf.pages)  # the page tree is read lazily; a broken one fails here
        return pdf
    except Exception as error:  # pdfminer raises many kinds, wrapped by pdfplumber
        cause = error.args[0] if error.args and isinstance(error.args[0], Exception) else error
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise LoadError("encrypted", f"{path}: the PDF is encrypted with a password") from None
        if isinstance(cause, PDFSyntaxError):
            raise LoadError("corrupt_pdf", f"{path}: the PDF is damaged ({cause})") from None
        name = type(cause).__name__
        raise LoadError(
            "corrupt_pdf", f"{path}: the PDF cannot be read ({name}: {cause})"
        ) from None


def _text_layer(page: pdfplumber.page.Page, index: int, problems: list[Problem]) -> list[RawLine]:
    try:
        words = [
            Word(w["text"], w["x0"], w["top"], w["x1"], w["bottom"])
            for w in page.extract_words(keep_blank_chars=False, x_tolerance=2, y_tolerance=2)
        ]
        grids = [_grid(table) for table in page.find_tables(_TABLE_SETTINGS)]
    except Exception as error:  # a damaged content stream spoils one page, not the file
        problems.append(
            Problem("page_unreadable", f"page {index + 1} cannot be read: {error!r}", index + 1)
        )
        return []
    return page_lines(words, [g for g in grids if g is not None], float(page.width))


def _grid(table) -> TableGrid | None:
    """A pdfplumber table as a grid; a frame with one row or one column is not a table."""
    rows = [list(row.cells) for row in table.rows]
    if len(rows) < 2 or max(len(r) for r in rows) < 2:
        return None
    return TableGrid(tuple(table.bbox), rows)


def _too_little_text(lines: list[RawLine]) -> bool:
    return sum(len(line.text.strip()) for line in lines) < MIN_TEXT_CHARS


def _no_text(index: int, ocr: str) -> Problem:
    hint = " (--ocr never was given)" if ocr == "never" else ""
    return Problem("no_text_layer", f"page {index + 1} has no text layer{hint}", index + 1)


def _ocr_pages(
    path: str, indexes: list[int], result: PdfPages, jobs: int | None, progress: Progress | None
) -> None:
    """OCR pages in worker processes; a missing Tesseract is an error record per page."""
    from .ocr import TesseractMissing, missing_reason, ocr_page

    if reason := missing_reason():
        for index in indexes:
            message = (
                f"page {index + 1} has no text layer and was not OCRed: {TesseractMissing(reason)}"
            )
            result.problems.append(Problem("ocr_unavailable", message, index + 1))
        return
    workers = max(1, min(jobs or os.cpu_count() or 1, len(indexes)))
    done = 0
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {index: pool.submit(ocr_page, path, index) for index in indexes}
        for index, future in futures.items():
            try:
                result.lines[index] = future.result().lines
                result.ocr_pages.append(index + 1)
            except Exception as error:
                result.problems.append(
                    Problem("ocr_failed", f"page {index + 1}: OCR failed: {error}", index + 1)
                )
            done += 1
            if progress:
                progress(done, len(indexes))


def to_pages(raw: PdfPages) -> tuple[list[Page], list[Line]]:
    """Number the rebuilt lines 1..n across the document and wrap each page's lines.

    A vertical gap wider than a line becomes a blank line, as in text from a converter: the
    parsers read paragraph breaks and the space left for a signature from blank lines."""
    pages: list[Page] = []
    every: list[Line] = []
    for index, raw_lines in enumerate(raw.lines):
        lines: list[Line] = []
        previous: RawLine | None = None
        for raw_line in raw_lines:
            if previous is not None and _gap(previous, raw_line):
                lines.append(Line(len(every) + len(lines) + 1, "", ""))
            number = len(every) + len(lines) + 1
            text = raw_line.text
            lines.append(
                Line(number, text, text, raw_line.bbox, raw_line.min_confidence, raw_line.cells)
            )
            previous = raw_line
        every += lines
        pages.append(Page(number=index + 1, lines=lines))
    return pages, every


def _gap(above: RawLine, below: RawLine) -> bool:
    height = min(max(above.bbox[3] - above.bbox[1], 1.0), 14.0)  # a tall table row: one line
    return below.bbox[1] - above.bbox[3] > PARAGRAPH_GAP * height


def terminal_progress(done: int, total: int) -> None:
    """A one-line progress bar on stderr (only used when stderr is a terminal)."""
    width = 30
    filled = int(width * done / total)
    end = "\n" if done == total else ""
    sys.stderr.write(f"\rOCR [{'#' * filled}{'.' * (width - filled)}] {done}/{total} pages{end}")
    sys.stderr.flush()
