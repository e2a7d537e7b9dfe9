"""Words with boxes -> text lines with boxes, the shape every later stage reads.

A PDF page (text layer or OCR) gives words with positions. The stages after loading read
lines of text whose table cells and side-by-side columns are separated by tabs, so this
module rebuilds exactly that from geometry: words that share a baseline form a line; a wide
horizontal gap between two words becomes a tab (an unruled table column, or the second
signature column); words inside a ruled table go to the cell that contains them, and each
table row becomes one line of tab-separated cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median
from typing import NamedTuple

from ..document import ITEM_BREAK, box_at, pack_boxes
from ..vocabulary import is_heading

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points
RIGHT_HALF = 0.45  # a line starting right of this share of the page width is right-column
CENTRED = 0.015  # a line whose middle is this share of the width from the page's is centred


class Word(NamedTuple):
    """A word printed on a page and its box, from either PDF reader or from OCR. (A tuple:
    a page has hundreds and a bundle tens of thousands, made and read in tight loops.)"""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float | None = None  # OCR confidence 0..1; None for a text layer


@dataclass(frozen=True, slots=True)
class TableGrid:
    """A ruled table: its rows, each a list of cell boxes (None where a merged cell spans)."""

    bbox: BBox
    rows: list[list[BBox | None]]


@dataclass(frozen=True, slots=True)
class RawLine:
    """One line of a page as the text stages see it, with where it is printed: its box and
    its tab-separated cells' boxes, packed as a ``Line`` holds them (``pack_boxes``)."""

    text: str
    boxes: bytes
    confidence: float | None = None  # mean OCR word confidence, None for a text layer
    min_confidence: float | None = None

    @property
    def bbox(self) -> BBox:
        return box_at(self.boxes, 0)  # type: ignore[return-value] - a line always has one


def union(boxes: list[BBox]) -> BBox:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def word_box(word: Word) -> BBox:
    return (word.x0, word.top, word.x1, word.bottom)


def _center_in(word: Word, box: BBox) -> bool:
    cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def group_lines(words: list[Word], tolerance: float | None = None) -> list[list[Word]]:
    """Words that share a baseline (vertical centres within ``tolerance``), top to bottom."""
    if not words:
        return []
    heights = [w.bottom - w.top for w in words if w.bottom > w.top]
    tolerance = tolerance if tolerance is not None else max(2.0, 0.5 * median(heights or [6.0]))
    ordered = sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0))
    lines: list[list[Word]] = []
    centre = None
    for word in ordered:
        mid = (word.top + word.bottom) / 2
        if centre is not None and abs(mid - centre) <= tolerance:
            lines[-1].append(word)
            centre = (centre * (len(lines[-1]) - 1) + mid) / len(lines[-1])
        else:
            lines.append([word])
            centre = mid
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def split_cells(words: list[Word], gap: float) -> list[list[Word]]:
    """Words of one line in reading order, cut into cells where a gap is wider than ``gap``."""
    cells: list[list[Word]] = []
    previous: Word | None = None
    for word in words:
        if previous is None or word.x0 - previous.x1 > gap:
            cells.append([])
        cells[-1].append(word)
        previous = word
    return cells


def join_words(words: list[Word], gap: float) -> str:
    """Words of one line in reading order; a gap wider than ``gap`` becomes a tab."""
    return "\t".join(" ".join(w.text for w in cell) for cell in split_cells(words, gap))


def _free_line(words: list[Word], gap: float, right_column: bool) -> RawLine:
    """A line outside ruled tables; one printed only in the right half starts with an empty
    cell, so that it stays in the right column."""
    cells = split_cells(words, gap)
    texts = [" ".join(w.text for w in cell) for cell in cells]
    boxes: list[BBox | None] = [union([word_box(w) for w in cell]) for cell in cells]
    if right_column:
        texts, boxes = ["", *texts], [None, *boxes]
    return _line("\t".join(texts), words, tuple(boxes))


def column_gap(words: list[Word]) -> float:
    """The gap that separates columns: a few times the width of a character."""
    widths = [(w.x1 - w.x0) / max(len(w.text), 1) for w in words if w.x1 > w.x0]
    return 2.5 * median(widths or [5.0]) + 4.0


def _confidence(words: list[Word]) -> tuple[float | None, float | None]:
    scores = [w.confidence for w in words if w.confidence is not None]
    if not scores:
        return None, None
    return sum(scores) / len(scores), min(scores)


def _line(text: str, words: list[Word], cells: tuple[BBox | None, ...] = ()) -> RawLine:
    mean, lowest = _confidence(words)
    return RawLine(text, pack_boxes(union([word_box(w) for w in words]), cells), mean, lowest)


def cell_text(lines: list[list[Word]]) -> str:
    """A cell's lines joined: a list (every line starts with a dash, bullet or number, as in
    ``1 Dokumen`` / ``13 Dokumen``) keeps its items apart; wrapped text is joined by spaces."""
    texts = [" ".join(w.text for w in line) for line in lines]
    if len(texts) > 1 and all(t[:1] in "-•*" or t[:1].isdigit() for t in texts):
        return ITEM_BREAK.join(texts)
    return " ".join(texts)


def table_lines(grid: TableGrid, words: list[Word]) -> list[RawLine]:
    """One line per table row: the words of each cell, cells joined by tabs.

    A cell whose words wrap over several lines is read line by line and joined with spaces;
    a merged cell (None) is an empty cell, as a converter would print it. (A word belongs to
    every cell that holds its centre; only the words within a row's height are tried.)
    """
    centres = [((w.x0 + w.x1) / 2, (w.top + w.bottom) / 2, w) for w in words]
    out = []
    for row in grid.rows:
        boxes = [box for box in row if box is not None]
        if not boxes:
            continue
        low, high = min(b[1] for b in boxes), max(b[3] for b in boxes)
        near = [c for c in centres if low <= c[1] <= high]
        cells, used = [], []
        for box in row:
            inside = (
                [w for cx, cy, w in near if box[0] <= cx <= box[2] and box[1] <= cy <= box[3]]
                if box is not None
                else []
            )
            cells.append(cell_text(group_lines(inside)))
            used += inside
        if used:
            out.append(_line("\t".join(cells).rstrip("\t"), used, tuple(row)))
    return out


def _heading_line(words: list[Word], width: float) -> bool:
    """A heading is never a right-column line, though it may start right of the middle: a
    short centred one (``LAMPIRAN II``, a title's last word) has the page's middle as its
    own, and a heading block may be printed flush right (``LAMPIRAN I`` over the agency)."""
    middle = (words[0].x0 + max(w.x1 for w in words)) / 2
    if abs(middle - width / 2) <= CENTRED * width:
        return True
    return is_heading(" ".join(w.text for w in words))


def _split_by_tables(words: list[Word], grids: list[TableGrid]) -> tuple[list[Word], list[Word]]:
    """The words whose centre lies in a ruled table, and the others, each in page order."""
    if not grids:
        return [], words
    frames = [g.bbox for g in grids]
    inside: list[Word] = []
    free: list[Word] = []
    for w in words:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        held = any(f[0] <= cx <= f[2] and f[1] <= cy <= f[3] for f in frames)
        (inside if held else free).append(w)
    return inside, free


def page_lines(
    words: list[Word], grids: list[TableGrid], width: float | None = None
) -> list[RawLine]:
    """All lines of a page in reading order (top to bottom), tables as tab-separated rows.

    A line printed only in the right half of the page (the date or a NIP over the right
    signature column) starts with an empty cell, so that it stays in the right column; a
    centred line or a heading does not.
    """
    in_table, free = _split_by_tables(words, grids)
    gap = column_gap(words)
    page_width = width or max((w.x1 for w in words), default=0.0)
    middle = RIGHT_HALF * page_width
    lines = [
        _free_line(line, gap, line[0].x0 >= middle and not _heading_line(line, page_width))
        for line in group_lines(free)
    ]
    for grid in grids:
        inside = [w for w in in_table if _center_in(w, grid.bbox)]
        lines += table_lines(grid, inside)
    return sorted(lines, key=lambda line: (line.bbox[1], line.bbox[0]))
