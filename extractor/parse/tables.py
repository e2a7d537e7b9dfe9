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
from ..vocabulary import LETTERHEAD, is_heading, unshift_heading
from .values import parse_money

ROW_NUMBER = regex.compile(r"^\(?(\d{1,3}|[A-Za-z]|[IVX]{1,4})\s*[.)]?$")
LEADING_NUMBER = regex.compile(r"^(\d{1,3}|[A-Za-z]|[IVX]{1,4})\s*[.)]\s+(?=\S)")
COLUMN_NUMBERS = regex.compile(r"^\(?\d{1,2}\)?$")
# A total cell holds only the total word(s), optionally followed by the amount: "Jumlah Kematian
# Ibu" is an indicator, not a total.
TOTAL_WORD = regex.compile(
    r"^(?:SUB\s*TOTAL|GRAND\s+TOTAL|TOTAL|JUMLAH)(?:\s+(?:ANGGARAN|KESELURUHAN|BELANJA|PAGU|DANA))?"
    r"\s*+[:.]?(?=\s*$|\s*(?:R[pP](?![A-Za-z])|\d))",  # \s*+: no quadratic give-back
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
    # cells that took a wrapped line of plain text (not a list item): joined by spaces
    wrapped: set[int] = field(default_factory=set)

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def line_start(self) -> int:
        return self.lines[0].line.number

    @property
    def line_end(self) -> int:
        return max(item.line.last for item in self.lines)

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
        text = unshift_heading(item.line.text)  # a heading shifted into a cell is one
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


OPENING_CELLS = 2  # the row-number column and the first text column


def is_heading_cell(cells: list[str]) -> bool:
    """A line whose only filled cell is a heading shifted right (``vocabulary.
    unshift_heading``): a heading never belongs into a table cell."""
    if not cells or cells[0].strip():
        return False  # cheap gate: a shifted heading has an empty first cell
    line = "\t".join(cells)
    return unshift_heading(line) != line


def is_continuation(cells: list[str]) -> bool:
    """A row whose first cell is empty and whose next filled cell does not open a new row.

    Only the opening cells (row number, first text column) can open a row: a numbered item
    further right (``1. Telah diterbitkan ...`` in a Penjelasan column) is a list inside a
    cell of the row above, unless the line has an amount of its own (a budget line whose
    level is printed in a column of its own). A heading in a cell of its own opens nothing
    and continues nothing."""
    if not cells or cells[0]:
        return False
    first = next((i for i, c in enumerate(cells) if c), None)
    if first is None or TOTAL_WORD.match(cells[first]) or is_heading_cell(cells):
        return False
    if split_number(cells[first])[0] is None:
        return True
    return first >= OPENING_CELLS and not any(is_amount_cell(c) for c in cells[first + 1 :])


def merge_continuation(row: Row, cells: list[str], line: PageLine) -> None:
    """Append each cell of a continuation row to the cell of the same column.

    A cell whose lines all start with a dash, bullet or digit is a list (``1 Dokumen`` /
    ``13 Dokumen``): its lines stay apart (``ITEM_BREAK``), as ``pdf.layout.cell_text`` keeps
    them; any other wrapped text is joined by spaces."""
    for i, cell in enumerate(cells):
        if not cell:
            continue
        while len(row.cells) <= i:
            row.cells.append("")
        above = row.cells[i]
        if above and i not in row.wrapped and _is_list_line(above) and _is_list_line(cell):
            row.cells[i] = f"{above}{ITEM_BREAK}{cell}"
        else:
            row.cells[i] = f"{above} {cell}".strip()
            if above:
                row.wrapped.add(i)
    row.lines.append(line)


def _is_list_line(text: str) -> bool:
    """A line printed as a list item (the rule of ``pdf.layout.cell_text``)."""
    return text[:1] in "-•*" or text[:1].isdigit()


HEADER_LABEL_WORDS = 6  # a header cell is a label of a few words; data cells run longer


def wraps_header(cells: list[str], values: list[int]) -> bool:
    """A line right under a header that is the header's own wrapped text, not a row.

    It continues (empty first cell, no row number), holds only short labels
    (``PROGRAM/KEGIATAN DAN`` / ``SUB KEGIATAN``) and nothing in the ``values`` columns
    (target, amount): a first data row with an empty number cell carries its value."""
    if not is_continuation(cells) or any(cells[i] for i in values if i < len(cells)):
        return False
    return all(len(c.split()) <= HEADER_LABEL_WORDS for c in cells if c)


def wraps_first_cell(above: Row, cells: list[str], line: PageLine, values: list[int]) -> bool:
    """A line that carries on the first-column text of the row right above it.

    A table row of its own has a row number or a value (target, amount); a line printed
    right under a row (same page, no blank line between) with text in its first cell but no
    number, no total word and nothing in the ``values`` columns is that row's text wrapping
    (``standar`` / ``2025 .`` under ``... berjalan sesuai`` / ``97%`` / ``... untuk tahun``)."""
    if not cells or not cells[0] or any(cells[i] for i in values if i < len(cells)):
        return False
    last = above.lines[-1]
    if last.page != line.page or line.line.number != above.line_end + 1:
        return False
    first = cells[0]
    if ":" in first:  # a label (``Kegiatan:``, ``Terbilang : ...``) introduces a line of its own
        return False
    return not (row_number(first) or split_number(first)[0] or TOTAL_WORD.match(first))


_ALIGNED = regex.compile(r"\S {2,}\S")


def first_cell_only(line: PageLine) -> bool:
    """A line printed as table cells (tabs, a pipe row) of which only the first is filled:
    the normaliser drops the empty cells after it."""
    raw = line.line.raw
    return "\t" in raw or raw.lstrip().startswith("|")


def under_first_cell(above: Row, line: PageLine) -> bool:
    """A plain line printed in the first column of the row above: the row's source line is
    space-aligned (``pdftotext -layout``) and the line starts where the row does. Without
    positions (columns joined by single spaces) nobody can tell which cell a line goes on."""
    row_raw = above.lines[0].line.raw.split("\n", 1)[0]
    raw = line.line.raw.lstrip("\f")
    if not _ALIGNED.search(row_raw):
        return False
    row_raw = row_raw.lstrip("\f")
    return len(raw) - len(raw.lstrip(" ")) == len(row_raw) - len(row_raw.lstrip(" "))


def within_first_column(above: Row, line: PageLine) -> bool:
    """A space-aligned line that ends (with a gap to spare) before the row's second cell
    begins: it has room in the first column only, so it is that cell's text in any case
    (``Waktu`` under ``Persentase Keberatan Pajak     80 persen``)."""
    row_raw = above.lines[0].line.raw.split("\n", 1)[0].lstrip("\f")
    indent = len(row_raw) - len(row_raw.lstrip(" "))
    gap = _ALIGNED.search(row_raw, indent)
    if gap is None:
        return False
    second = gap.end() - 1  # where the row's second cell starts
    return len(line.line.raw.lstrip("\f").rstrip()) < second - 1


def plain_line_wraps(above: Row, line: PageLine) -> bool:
    """A line without tabs that carries on the first cell of the row right above it: a
    table line whose other cells are empty, or a space-aligned line in the row's first
    column that goes on in lower case (a wrapped sentence opens nothing) or that ends
    inside that column (``within_first_column``)."""
    text = line.line.text
    if not wraps_first_cell(above, [text], line, []):
        return False
    if first_cell_only(line):
        return True
    aligned = under_first_cell(above, line)
    return aligned and (text[:1].islower() or within_first_column(above, line))


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
        text = unshift_heading(item.line.text)  # a heading is never a table row
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
