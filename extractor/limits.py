"""Per-file limits on the shape of an input: pages, lines per page, cells per row and table.

A hostile or broken input can ask for unbounded work in a few megabytes (a text of 200,000
lines on one inferred page, a line of 100,000 tab-separated cells). Every stage is linear,
but the parsers work page by page and table by table, so a page or table far larger than
any printed one only costs time and memory and yields nothing an auditor can use. Each
limit below is far above any real PK, is checked before the work it bounds, and over it the
input fails with a ``LoadError`` (one line naming the file, the page or line, and the limit)
while a batch goes on with the next input. Bytes, PDF pages and characters per PDF page
are checked in ``load`` and ``pdf/load``; the time limit is the CLI's ``--timeout``.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from .document import Page
from .load import LoadError

# Lines of one page (for text input an inferred page: a section between headings, page
# markers or form feeds). A printed A4 page holds about 150 lines; a text that prints a
# whole Lampiran 1 table one cell per line without a page mark, 2,000 to 4,000. Above the
# 40,000-line pages that tests/test_scaling.py times through the whole pipeline.
MAX_LINES_PER_PAGE = 50_000
# Cells of one table row (tab-, pipe-separated): a PK table has at most about 20 columns
# (number, objective, indicator, unit, target, four quarters, budget, funding source).
MAX_CELLS_PER_ROW = 1_000
# Cells of one table (a run of consecutive lines that hold cells, HTML cells included): the
# largest budget table of a province runs to about 2,000 rows of 10 cells; the scaling
# test's 40,000-row table has 160,000.
MAX_CELLS_PER_TABLE = 200_000

_HTML_CELL = regex.compile(r"<t[dh][\s>/]", regex.I)


def check_page_count(path: str, count: int, max_pages: int | None) -> None:
    """A document of more pages than ``max_pages`` (``--max-pages``; None: no limit)."""
    if max_pages is not None and count > max_pages:
        message = f"{path}: {count} pages is over the {max_pages}-page limit (--max-pages)"
        raise LoadError("too_many_pages", message)


def check_lines_per_page(path: str, pages: Iterable[Page]) -> None:
    """A page of more than ``MAX_LINES_PER_PAGE`` lines (blank lines count: they are read)."""
    for page in pages:
        if len(page.lines) > MAX_LINES_PER_PAGE:
            message = (
                f"{path}: page {page.number} has {len(page.lines)} lines, over the limit of "
                f"{MAX_LINES_PER_PAGE} lines per page"
            )
            raise LoadError("too_many_lines", message)


def check_text_cells(path: str, text: str) -> None:
    """``check_cells`` on raw text, before the table stages split its cells (lines are
    named by their number in the file: text pages are not inferred yet)."""
    check_cells(path, enumerate(text.split("\n"), start=1), "line")


def check_page_cells(path: str, pages: Iterable[Page]) -> None:
    """``check_cells`` on each page's lines, named by page (a PDF's rebuilt lines)."""
    for page in pages:
        lines: Iterable[tuple[int, str]] = ((page.number, line.text) for line in page.lines)
        check_cells(path, lines, "page")


def check_cells(path: str, lines: Iterable[tuple[int, str]], where: str) -> None:
    """A row of more than ``MAX_CELLS_PER_ROW`` cells, or a table (consecutive lines that
    hold cells) of more than ``MAX_CELLS_PER_TABLE``; ``lines`` are (locator, text), the
    locator a line or page number named as ``where`` in the message. Counting is one pass
    of ``str.count`` per line: cheaper than any stage it guards."""
    table = 0
    for place, text in lines:
        row = row_cells(text)
        if row > MAX_CELLS_PER_ROW:
            _too_many_cells(path, f"{where} {place}: a row of {row} cells", "table row")
        html = len(_HTML_CELL.findall(text)) if "<" in text else 0
        table = table + row + html if row or html else 0
        if table > MAX_CELLS_PER_TABLE:
            _too_many_cells(path, f"{where} {place}: a table reaching {table} cells", "table")


def _too_many_cells(path: str, what: str, unit: str) -> None:
    limit = MAX_CELLS_PER_ROW if unit == "table row" else MAX_CELLS_PER_TABLE
    message = f"{path}: {what}, over the limit of {limit} cells per {unit}"
    raise LoadError("too_many_cells", message)


def row_cells(text: str) -> int:
    """Cells of a tab- or pipe-separated row (0: the line is not a row)."""
    separators = max(text.count("\t"), text.count("|"))
    return separators + 1 if separators else 0
