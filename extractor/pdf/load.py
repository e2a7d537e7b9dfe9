"""Stage 1 for PDFs: open the file, read each page's text layer or OCR it, and hand the
pages on as the same ``Page`` objects the text stages read (one per physical page).

Text-layer pages are read by one of two readers that give the same words and ruled tables:
PDFium (``pdfium_reader``, the fast one: characters stay in C) or pdfplumber (the reference:
pdfminer makes a Python object per character). Both hand ``layout`` words with boxes and the
ruled tables (the lines strategy), from which it builds lines with tab-separated cells.
Pages are read and released one at a time. Pages without a usable text layer are rendered
and OCRed with Tesseract in worker processes.

A PDF can ask for unbounded work in a few bytes, so every limit is checked before the work
it bounds: the page count (pdfium's, then pdfplumber's) before any page is read, a page's
characters before PDFium builds its text (its text objects' extent bounds them) or while
pdfplumber lays it out (it stops at ``MAX_PAGE_CHARS``), its ink before it
is OCRed (a blank page is not), and its pixels before it is rendered for OCR
(``ocr.MAX_RENDER_PIXELS``). JavaScript, actions and attachments are never read: only page
content is.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import pdfplumber
import pypdfium2 as pdfium
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.page import PDFPageAggregatorWithMarkedContent

from ..document import Line, Page, Problem
from ..load import LoadError
from .layout import RawLine, TableGrid, Word, page_lines
from .pdfium_reader import PageReader, TooManyChars

READERS = ("pdfium", "pdfplumber")
DEFAULT_READER = "pdfium"

PARAGRAPH_GAP = 0.9  # a gap taller than this share of a line height is a blank line
MIN_TEXT_CHARS = 25  # fewer characters than this: the page is a scan (or blank)
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
# Characters a page may hold: a dense A4 page of 6 pt type holds about 15,000. pdfminer keeps
# an object per character (2.1 GB and 38 s for a page of 1 M characters, a 9 KB file).
MAX_PAGE_CHARS = 50_000
# The ink test: a page rendered at 20 dpi (A4: 166 x 234 pixels, under 1 ms) is blank when
# no pixel is darker than its paper by more than INK_CONTRAST (a "1." in 4 pt type is 27).
INK_DPI = 20
INK_CONTRAST = 16
INK_MAX_PIXELS = 1_000_000

Progress = Callable[[int, int], None]


@dataclass(slots=True)
class PdfPages:
    """What the PDF loader found: pages with their raw lines, and which were OCRed."""

    lines: list[list[RawLine]]
    ocr_pages: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    blank_pages: list[int] = field(default_factory=list)  # no marks: nothing to read or OCR


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF")


def read_pdf(
    path: str,
    ocr: str = "auto",
    jobs: int | None = None,
    progress: Progress | None = None,
    max_pages: int | None = None,
    reader: str = DEFAULT_READER,
) -> PdfPages:
    """Every page's lines; ``ocr`` is ``auto`` (pages without text), ``always`` or ``never``;
    ``reader`` reads the text layer: ``pdfium`` or ``pdfplumber`` (the reference).

    Over ``max_pages`` pages is a ``too_many_pages`` ``LoadError`` before any page is read;
    a page over ``MAX_PAGE_CHARS`` is a ``too_many_characters`` problem and is not read,
    the other pages are. A file PDFium cannot open goes to pdfplumber, whose errors say why
    (encrypted, damaged, no pages) or which reads what it can."""
    if reader not in READERS:
        raise ValueError(f"unknown PDF reader {reader!r} (known: {', '.join(READERS)})")
    with _pdfium(path) as doc:
        if doc is not None:
            _check_page_count(path, len(doc), max_pages)
        if reader == "pdfium" and doc is not None and len(doc):
            result = PdfPages(lines=[[] for _ in range(len(doc))])
            to_ocr = _read_pages(_pdfium_pages(doc, result.problems), doc, ocr, result)
        else:
            pdf = _open(path)
            with pdf:
                if not pdf.pages:
                    raise LoadError("no_pages", f"{path}: the PDF has no pages")
                _check_page_count(path, len(pdf.pages), max_pages)
                result = PdfPages(lines=[[] for _ in pdf.pages])
                to_ocr = _read_pages(_plumber_pages(pdf, result.problems), doc, ocr, result)
    if to_ocr:
        # Costliest pages first, so that no worker is left with a long page at the end.
        order = [index for _, index in sorted(to_ocr, key=lambda item: -item[0])]
        _ocr_pages(path, order, result, jobs, progress)
        result.ocr_pages.sort()
    return result


# A reader's pages: per page its lines (None: not to be read at all) and its OCR cost guess.
ReadPages = Iterator[tuple[list[RawLine] | None, Callable[[], int]]]


def _read_pages(
    pages: ReadPages, doc: pdfium.PdfDocument | None, ocr: str, result: PdfPages
) -> list[tuple[int, int]]:
    """Read the text layer of every page into ``result``; the pages to OCR, with their cost."""
    to_ocr: list[tuple[int, int]] = []
    for index, (lines, ink) in enumerate(pages):
        if lines is None:
            continue
        if ocr == "always" or (ocr == "auto" and _too_little_text(lines)):
            if _blank(doc, index):
                result.lines[index] = lines
                result.blank_pages.append(index + 1)
            else:
                to_ocr.append((ink(), index))
        else:
            result.lines[index] = lines
            if not lines:
                result.problems.append(_no_text(index, ocr))
    return to_ocr


def _check_page_count(path: str, count: int, max_pages: int | None) -> None:
    if max_pages is not None and count > max_pages:
        message = f"{path}: {count} pages is over the {max_pages}-page limit"
        raise LoadError("too_many_pages", message)


@contextmanager
def _pdfium(path: str) -> Iterator[pdfium.PdfDocument | None]:
    """The PDF opened with pdfium for the page count and the ink test, or None when pdfium
    cannot open it (then pdfplumber's own error, or its reading without those, stands)."""
    try:
        doc = pdfium.PdfDocument(path)
    except Exception:  # noqa: BLE001 - any failure only skips the checks
        yield None
        return
    try:
        yield doc
    finally:
        doc.close()


def _blank(doc: pdfium.PdfDocument | None, index: int) -> bool:
    """Whether a page has no marks: rendered at ``INK_DPI``, no pixel darker than its paper
    (the median) by more than ``INK_CONTRAST``. OCR of a blank page finds nothing and costs
    0.4 s; this test costs under a millisecond. Unknown (no pdfium) is not blank."""
    if doc is None:
        return False
    from .ocr import render_dpi

    try:
        page = doc[index]
        try:
            width, height = page.get_size()
            dpi = render_dpi(width, height, INK_DPI, INK_MAX_PIXELS)
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            gray = np.asarray(bitmap.to_pil().convert("L"))
        finally:
            page.close()
    except Exception:  # noqa: BLE001 - a page pdfium cannot render is left to OCR to report
        return False
    return gray.size == 0 or int(gray.min()) >= float(np.median(gray)) - INK_CONTRAST


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


def _pdfium_pages(doc: pdfium.PdfDocument, problems: list[Problem]) -> ReadPages:
    """Each page's lines read by PDFium, one page open at a time."""
    reader = PageReader(doc)
    for index in range(len(doc)):
        try:
            page = reader.read(index, MAX_PAGE_CHARS)
        except TooManyChars:
            problems.append(_too_many_chars(index))
            yield None, int
            continue
        except Exception as error:  # noqa: BLE001 - a damaged page spoils itself, not the file
            problems.append(_unreadable(index, error))
            yield [], int
            continue
        yield page_lines(page.words, page.grids, page.width), lambda n=page.image_bytes: n


def _plumber_pages(pdf: pdfplumber.PDF, problems: list[Problem]) -> ReadPages:
    """Each page's lines read by pdfplumber; a page's objects are dropped once it is read."""
    for index, page in enumerate(pdf.pages):
        try:
            yield _text_layer(page, index, problems), lambda p=page: _ink(p)
        finally:
            page.close()  # pdfplumber keeps every page's layout and objects otherwise


def _unreadable(index: int, error: Exception) -> Problem:
    return Problem("page_unreadable", f"page {index + 1} cannot be read: {error!r}", index + 1)


def _text_layer(
    page: pdfplumber.page.Page, index: int, problems: list[Problem]
) -> list[RawLine] | None:
    """A page's lines from its text layer; None when the page must not be read at all."""
    try:
        _layout_within(page, MAX_PAGE_CHARS)
        words = [
            Word(w["text"], w["x0"], w["top"], w["x1"], w["bottom"])
            for w in page.extract_words(keep_blank_chars=False, x_tolerance=2, y_tolerance=2)
        ]
        grids = [_grid(table) for table in page.find_tables(_TABLE_SETTINGS)]
    except TooManyChars:
        problems.append(_too_many_chars(index))
        return None
    except Exception as error:  # a damaged content stream spoils one page, not the file
        problems.append(_unreadable(index, error))
        return []
    return page_lines(words, [g for g in grids if g is not None], float(page.width))


class _CountingAggregator(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's layout device, stopping once a page has drawn ``limit`` characters."""

    def __init__(self, *args, limit: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.left = limit

    def render_char(self, *args, **kwargs) -> float:  # type: ignore[no-untyped-def]
        self.left -= 1
        if self.left < 0:
            raise TooManyChars
        return super().render_char(*args, **kwargs)


def _layout_within(page: pdfplumber.page.Page, limit: int) -> None:
    """Lay the page out as pdfplumber's ``Page.layout`` does, but give up past ``limit``
    characters (pdfplumber reads the layout from ``_layout`` once it is set).

    Counting during the layout bounds the work by the limit, whatever the page holds.
    Counting first with pdfium does not: its text page took 1.3 GB and 3 s for 5 M
    characters, and it reads at most 32,767 characters of one string."""
    device = _CountingAggregator(
        page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams, limit=limit
    )
    PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    page._layout = device.get_result()


def _too_many_chars(index: int) -> Problem:
    message = (
        f"page {index + 1} has more than {MAX_PAGE_CHARS:,} characters (the limit for a page);"
        " it was not read"
    )
    return Problem("too_many_characters", message, index + 1)


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
            except Exception as error:  # noqa: BLE001 - one page's failure is that page's error
                message = f"page {index + 1}: OCR failed: {describe_error(error)}"
                result.problems.append(Problem("ocr_failed", message, index + 1))
            done += 1
            if progress:
                progress(done, len(indexes))


def describe_error(error: BaseException) -> str:
    """An exception as one line that always says what happened: its type, then its message
    (a ``MemoryError`` or a worker killed for memory carries none)."""
    name = type(error).__name__
    text = " ".join(str(error).split())
    if isinstance(error, BrokenProcessPool):
        text = "the OCR worker process died (killed, or out of memory)"
    return f"{name}: {text}" if text else name


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
            lines.append(Line(number, text, text, raw_line.boxes, raw_line.min_confidence))
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
