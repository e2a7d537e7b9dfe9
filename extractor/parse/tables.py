"""Rebuild table rows from flattened text, keeping each row's page and lines.

Converters hand tables over as tab-separated lines (pipe tables are turned into tabs by the
normaliser), sometimes as one cell per line (a vertical list: name, ``Rp.``, amount), with
rows wrapped over two lines or two pages: a continuation row has an empty first cell and
carries the rest of some cells. This module turns that into ``Row``s; the Lampiran and
Penjelasan parsers decide what the columns mean.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..document import ITEM_BREAK, Line, Page
from ..vocabulary import LETTERHEAD, is_heading
from .values import parse_money

ROW_NUMBER = regex.compile(r"^\(?(\d{1,3}|[A-Za-z]|[IVX]{1,4})\s*[.)]?$")
LEADING_NUMBER = regex.compile(r"^(\d{1,3}|[A-Za-z]|[IVX]{1,4})\s*[.)]\s+(?=\S)")
COLUMN_NUMBERS = regex.compile(r"^\(?\d{1,2}\)?$")
# A total cell holds only the total word(s), optionally followed by the amount: "Jumlah Kematian
# Ibu" is an indicator, not a total.
TOTAL_WORD = regex.compile(
    r"^(?:SUB\s*TOTAL|GRAND\s+TOTAL|TOTAL|JUMLAH)(?:\s+(?:ANGGARAN|KESELURUHAN|BELANJA|PAGU|DANA))?"
    r"\s*[:.]?(?=\s*$|\s*(?:R[pP]\b|R[pP]\.|\d))",
    regex.I,
)
CURRENCY_ONLY = regex.compile(r"^R[pP]\.?\s*:?$", regex.I)
_DASH_ITEM = regex.compile(r"(?:^|\s)-\s+")
_LEADING_DASH = regex.compile(r"^[-•]\s*(?=\S)")
_SPACES = regex.compile(r"\s+")
_AMOUNT_START = regex.compile(
    r"^\s*(?:R[pP](?![A-Za-z])|\d{1,3}(?:[.,]\d{3})+|\d{4,}|\d+(?:[.,]\d+)?\s*(?:M|T|jt|juta|miliar|milyar|triliun)\b)",
    regex.I,
)
FUNDING = regex.compile(
    r"\b(APBD(?:\s+(?:Provinsi|Kabupaten|Kota|P|Perubahan))?|APBN|DAK(?:\s+Fisik|\s+Non\s*Fisik)?|"
    r"DBH(?:CHT)?|DAU|DID|BLUD|BOK|BOS|PAD|Otsus|Hibah)\b",
    regex.I,
)


@dataclass(frozen=True, slots=True)
class PageLine:
    """A line with the page it was read from."""

    page: int
    line: Line


@dataclass(slots=True)
class Row:
    """One logical table row: its cells and where it was printed."""

    cells: list[str]
    lines: list[PageLine] = field(default_factory=list)

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def line_start(self) -> int:
        return self.lines[0].line.number

    @property
    def line_end(self) -> int:
        return self.lines[-1].line.number

    def cell(self, index: int | None) -> str:
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index]

    def text(self) -> str:
        return " ".join(c for c in self.cells if c)


def page_lines(pages: list[Page]) -> list[PageLine]:
    """All lines of some pages in order, each tagged with its page."""
    return [PageLine(page.number, line) for page in pages for line in page.lines]


PAGE_HEAD_LINES = 6


def page_heads(lines: list[PageLine]) -> set[int]:
    """Line numbers of the heading area of every page but the first: a table interrupted by
    a page break goes on under the next page's heading (LAMPIRAN II, the agency ...)."""
    heads: set[int] = set()
    seen: dict[int, int] = {}
    first_page = lines[0].page if lines else 0
    for item in lines:
        text = item.line.text
        if item.page == first_page or item.line.blank or "\t" in text:
            continue
        seen[item.page] = seen.get(item.page, 0) + 1
        heading = is_heading(text) or LETTERHEAD.match(text) or text.upper() == text
        if seen[item.page] <= PAGE_HEAD_LINES and heading:
            heads.add(item.line.number)
    return heads


def cells_of(text: str) -> list[str]:
    return [cell.strip() for cell in text.split("\t")]


def is_table_line(text: str) -> bool:
    return "\t" in text


def is_column_number_row(cells: list[str]) -> bool:
    """The ``(1) (2) (3)`` / ``1 2 3 4`` row printed under a header."""
    filled = [c for c in cells if c]
    if len(filled) < 3 or not all(COLUMN_NUMBERS.match(c) for c in filled):
        return False
    numbers = [int(c.strip("()")) for c in filled]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def split_number(text: str) -> tuple[str | None, str]:
    """Split a leading row number off a cell: ``"1. Penunjang"`` -> (``"1"``, ``"Penunjang"``)."""
    match = LEADING_NUMBER.match(text)
    if not match:
        return None, text
    return match.group(1), text[match.end() :].strip()


def row_number(cell: str) -> str | None:
    match = ROW_NUMBER.match(cell.strip())
    return match.group(1) if match else None


def is_continuation(cells: list[str]) -> bool:
    """A row whose first cell is empty and whose next filled cell does not open a new row."""
    if not cells or cells[0]:
        return False
    filled = [c for c in cells[1:] if c]
    if not filled or TOTAL_WORD.match(filled[0]):
        return False
    return split_number(filled[0])[0] is None


def merge_continuation(row: Row, cells: list[str], line: PageLine) -> None:
    """Append each cell of a continuation row to the cell of the same column."""
    for i, cell in enumerate(cells):
        if not cell:
            continue
        while len(row.cells) <= i:
            row.cells.append("")
        row.cells[i] = f"{row.cells[i]} {cell}".strip()
    row.lines.append(line)


def item_list(cell: str) -> list[str]:
    """The items of a cell that held an HTML or dash list, or the cell itself."""
    if ITEM_BREAK in cell:
        items = [i.strip(" -•") for i in cell.split(ITEM_BREAK)]
    elif cell.startswith("- ") and " - " in cell:
        items = [i.strip() for i in _DASH_ITEM.split(cell)]
    else:
        return [clean_cell(cell)]
    return [clean_cell(i) for i in items if i.strip()]


def clean_cell(cell: str) -> str:
    """Cell text for output: item breaks become spaces, list dashes dropped."""
    text = cell.replace(ITEM_BREAK, " ").strip()
    text = _LEADING_DASH.sub("", text)
    return _SPACES.sub(" ", text).strip()


def is_amount_cell(cell: str) -> bool:
    """A cell that prints an amount: ``Rp`` first, thousands grouping, or four digits or more.

    A bare small number ("1", "12") is a row number or a count, never an amount.
    """
    return bool(_AMOUNT_START.match(cell)) and parse_money(cell) is not None


def is_money_line(text: str) -> bool:
    """A line that is only an amount (with or without ``Rp``): a vertical-list cell."""
    found = parse_money(text)
    return bool(found) and len(found[0]) >= len(text.strip()) - 1


def vertical_rows(lines: list[PageLine]) -> list[Row]:
    """Assemble one-cell-per-line lists (``1. Program X`` / ``Rp.`` / ``4.100.832.755``) into rows.

    Tab lines become rows of their own; a numbered or TOTAL line takes the currency, amount
    and funding-source lines that follow it (blank lines between are allowed).
    """
    rows: list[Row] = []
    open_row: Row | None = None
    for item in lines:
        text = item.line.text
        if not text:
            continue
        if is_table_line(text):
            open_row = None
            rows.append(Row(cells_of(text), [item]))
            continue
        is_cell = CURRENCY_ONLY.match(text) or is_money_line(text) or FUNDING.fullmatch(text)
        if open_row is not None and is_cell:
            open_row.cells.append(text)
            open_row.lines.append(item)
            continue
        open_row = Row([text], [item])
        rows.append(open_row)
    return rows
