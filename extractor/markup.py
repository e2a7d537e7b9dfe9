"""Stage 2a: tables written in markup (pipes, pandoc grid tables, HTML) -> tab-separated rows.

The parsers read table rows only as tab-separated lines. Converters write tables in markup
whose rows cannot be cut line by line: a pipe row without a leading ``|`` looks like prose
with a ``|`` in it, a pandoc grid cell goes on over several lines, an HTML row may be spread
over many lines (or many rows share one) and ``rowspan``/``colspan`` cells leave the rows
under them short. This stage reads each table as a block and hands every row over as cells
joined by tabs; cell text keeps its inline markup (``<p>``, ``**``, entities), which the
per-line normaliser removes as for any other line.

General rules (each named where it is implemented):

* P1 pipe rows: a line with two or more unescaped ``|`` is a row when it stands in a run of
  such lines of which two neighbours have the same number of ``|`` (a table block); a line
  of ``-``, ``:`` and ``|`` (``---|---``) is a separator row that makes the line above and
  the lines below it with any ``|`` rows too. Outer pipes are cut only when the whole block
  has them (its separator row, or every line), so that an empty first or last cell of a
  table without outer pipes keeps its column. A single ``|`` in prose is left alone.
* P2 cells ended by `` |`` (web transcripts print each cell on its own line followed by a
  ``|``): once a text shows two such one-cell lines in a row (blank lines between allowed),
  every line whose only ``|`` ends it loses it and is left as plain text (a place and date,
  a name with its NIP) for the one-cell-per-line rebuilder (``cells``) and the parsers.
  Without such a run a trailing ``|`` stays (OCR reads ``Tk. I`` as ``Tk. |``).
* G1 grid tables: the lines between two ``+---+`` borders are one row, cut at the ``+``
  positions of the border above; a cell's lines are joined (a blank line or a bullet inside
  a cell starts a new item).
* H1 HTML tables: a ``<table>`` is read over lines, row by row; ``rowspan`` and ``colspan``
  are expanded into a grid so that columns stay aligned: a cell spanning rows is empty on
  the rows below it (the parsers read an empty cell as "same as above"), a cell spanning
  columns is followed by empty cells. Nested tables are left to the per-line normaliser.

Provenance stays a line number: a row goes on its first source line and says in ``end``
which source line it ends on; the other lines of a table are left blank. Several rows on
one source line (a whole ``<table>`` on one line) become several lines with that number.
Everything here is linear in the input, and each syntax is gated by a character test.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

import regex

from .document import ITEM_BREAK, Line

#: A piece of output text and the index of the last source line it covers.
Piece = tuple[str, int]
#: Source line index -> what replaces it (the first piece keeps the line, more add lines).
Marked = dict[int, list[Piece]]

_UNESCAPED_PIPE = regex.compile(r"(?<!\\)\|")
_TABLE_TAG = regex.compile(r"<(/?)(table|tr|td|th)\b[^<>]*>", regex.I)
# \s*+ and the quote with its own spaces: one run of spaces is read one way only (``\s*["']?\s*``
# split a long run in every way before failing), and a digit follows, so nothing is lost.
_SPAN = regex.compile(r"""\b(row|col)span\s*+=\s*+(?:["']\s*+)?(\d{1,6})""", regex.I)
_BULLET = ("- ", "* ", "• ", "+ ")
MAX_COLSPAN = 64  # a hostile colspan must not blow the row up


def has_markup_table(text: str) -> bool:
    """Cheap test: could ``text`` hold a table this stage reads?"""
    return "|" in text or "+-" in text or "+=" in text or "<t" in text or "<T" in text


def markup_tables(texts: list[str]) -> Marked:
    """The replacements for the lines of ``texts`` that belong to markup tables."""
    whole = "\n".join(texts)
    marked: Marked = {}
    if "<t" in whole or "<T" in whole:
        marked.update(_html_tables(texts, whole))
    if "+-" in whole or "+=" in whole:
        marked.update(_grid_tables(texts, marked))
    if "|" in whole:
        marked.update(_pipe_tables(texts, marked))
    return marked


def first_texts(texts: list[str], marked: Marked) -> list[str]:
    """``texts`` with each marked line replaced by its first piece."""
    if not marked:
        return texts
    return [marked[i][0][0] if i in marked else t for i, t in enumerate(texts)]


def table_lines(texts: list[str], sources: list[str], marked: Marked) -> list[Line]:
    """One ``Line`` per source line (``texts`` from ``first_texts``, maybe realigned), plus
    one more with the same number for each further row printed on that line."""
    return [Line(n, text, raw, end=end) for n, text, raw, end in table_rows(texts, sources, marked)]


#: What a ``Line`` of ``table_lines`` is built from: number, text, raw text, end.
Row = tuple[int, str, str, int | None]


def table_rows(texts: list[str], sources: list[str], marked: Marked) -> list[Row]:
    """``table_lines`` as plain tuples (the normaliser builds each line once, cleaned)."""
    rows: list[Row] = []
    for i, (text, raw) in enumerate(zip(texts, sources, strict=True)):
        pieces = marked.get(i)
        if pieces is None:
            rows.append((i + 1, text, raw, None))
            continue
        last = pieces[0][1]
        rows.append((i + 1, text, raw, last + 1 if last > i else None))
        for piece, last in pieces[1:]:
            # raw stays on the first: a form feed in it must cut the page once
            rows.append((i + 1, piece, "", last + 1 if last > i else None))
    return rows


# --- P1/P2 pipe rows ----------------------------------------------------------------------


def _pipes(text: str) -> int:
    """The number of unescaped ``|`` in ``text``."""
    return text.count("|") - text.count("\\|") if "|" in text else 0


def _is_pipe_separator(text: str) -> bool:
    """``|---|:--:|``, ``---|---``: only dashes, colons, pipes and spaces."""
    s = text.strip()
    return "|" in s and "-" in s and not s.strip("|-: \t")


def _without_dash(text: str) -> str:
    """A list dash before a pipe row (``- | a | b |``) is no cell."""
    s = text.strip()
    return s[2:] if s.startswith("- |") else s


def _pipe_cells(text: str, leading: bool, trailing: bool) -> str:
    s = _without_dash(text)
    if leading and s.startswith("|"):
        s = s[1:]
    if trailing and s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    cells = _UNESCAPED_PIPE.split(s)
    return "\t".join(cell.replace("\\|", "|").replace("\t", " ") for cell in cells)


def _pipe_block(texts: list[str], rows: list[int], leading: bool, trailing: bool) -> Marked:
    out: Marked = {}
    for i in rows:
        text = "" if _is_pipe_separator(texts[i]) else _pipe_cells(texts[i], leading, trailing)
        out[i] = [(text, i)]
    return out


def _outer(texts: list[str], rows: list[int], separator: str = "") -> tuple[bool, bool]:
    """Whether the block has a leading and a trailing outer pipe (P1)."""
    lines = [_without_dash(texts[i]) for i in rows]
    sep = separator.strip()
    leading = sep.startswith("|") or all(s.startswith("|") for s in lines)
    trailing = sep.endswith("|") or all(s.endswith("|") for s in lines)
    return leading, trailing


def _pipe_tables(texts: list[str], taken: Marked) -> Marked:
    n = len(texts)
    counts = [0 if i in taken else _pipes(t) for i, t in enumerate(texts)]
    out: Marked = {}
    # P1, separator rows first: the header above, the rows below
    for i in range(n):
        if not counts[i] or i in out or not _is_pipe_separator(texts[i]):
            continue
        rows = [i - 1] if i > 0 and counts[i - 1] and i - 1 not in out else []
        rows.append(i)
        j = i + 1
        while j < n and counts[j] and j not in out:
            rows.append(j)
            j += 1
        others = [k for k in rows if k != i]
        out.update(_pipe_block(texts, rows, *_outer(texts, others or rows, texts[i])))
    # P1, runs of lines with two or more pipes, two neighbours alike
    i = 0
    while i < n:
        if counts[i] < 2 or i in out:
            i += 1
            continue
        j = i
        while j + 1 < n and counts[j + 1] >= 2 and j + 1 not in out:
            j += 1
        rows = list(range(i, j + 1))
        if any(counts[k] == counts[k + 1] for k in range(i, j)):
            out.update(_pipe_block(texts, rows, *_outer(texts, rows)))
        i = j + 1
    # P2, cells ended by a pipe, once two one-cell lines in a row show the convention
    lone = [i for i in range(n) if counts[i] == 1 and i not in out and _lone_cell(texts[i])]
    lone_set = set(lone)
    if any(_next_content(texts, i, 1) in lone_set for i in lone):
        for i in lone:
            out[i] = [(texts[i].rstrip()[:-1].rstrip(), i)]
    return out


def _lone_cell(text: str) -> bool:
    s = text.rstrip()
    return s.endswith("|") and not s.endswith("\\|") and bool(s[:-1].strip())


def _next_content(texts: list[str], i: int, step: int) -> int | None:
    j = i + step
    while 0 <= j < len(texts):
        if texts[j].strip():
            return j
        j += step
    return None


# --- G1 grid tables -----------------------------------------------------------------------


def _is_border(text: str) -> bool:
    s = text.strip()
    return (
        len(s) >= 3
        and s[0] == "+"
        and s[-1] == "+"
        and not s.strip("+-=:")
        and ("-" in s or "=" in s)
    )


def _grid_tables(texts: list[str], taken: Marked) -> Marked:
    out: Marked = {}
    n = len(texts)
    i = 0
    while i < n:
        if i in taken or not _is_border(texts[i]):
            i += 1
            continue
        border = [k for k, ch in enumerate(texts[i]) if ch == "+"]
        block: Marked = {i: [("", i)]}
        row: list[int] = []
        j = i + 1
        while j < n and j not in taken:
            text = texts[j]
            if _is_border(text):
                if row:
                    block.update(_grid_row(texts, row, border))
                    row = []
                block[j] = [("", j)]
                border = [k for k, ch in enumerate(text) if ch == "+"]
            elif text.lstrip().startswith("|"):
                row.append(j)
            else:
                break
            j += 1
        if row:
            block.update(_grid_row(texts, row, border))
        if len(block) > 1:
            out.update(block)
        i = j
    return out


def _grid_row(texts: list[str], rows: list[int], border: list[int]) -> Marked:
    """G1: the lines of one row cut at the border's ``+`` positions, each cell's lines
    joined; a line that does not line up with the border is split at its pipes."""
    column = {pos: k for k, pos in enumerate(border)}
    pieces: list[list[str]] = [[] for _ in range(max(len(border) - 1, 1))]
    for i in rows:
        text = texts[i]
        cuts = [p for p in border if p < len(text) and text[p] in "|+"]
        if len(border) > 1 and cuts[:1] == border[:1] and cuts[-1:] == border[-1:]:
            for a, b in zip(cuts, cuts[1:], strict=False):
                pieces[column[a]].append(text[a + 1 : b].strip())
        else:
            cells = _pipe_cells(text, True, True).split("\t")
            while len(pieces) < len(cells):
                pieces.append([])
            for k, cell in enumerate(cells):
                pieces[k].append(cell.strip())
    text = "\t".join(_join_cell(p) for p in pieces)
    out: Marked = {i: [("", i)] for i in rows}
    out[rows[0]] = [(text, rows[-1])]
    return out


def _join_cell(pieces: list[str]) -> str:
    """A cell's lines as one text: a blank line between them or a bullet starts an item."""
    out = ""
    gap = False
    for piece in pieces:
        if not piece:
            gap = bool(out)
            continue
        if out:
            out += ITEM_BREAK if gap or piece.startswith(_BULLET) else " "
        out += piece
        gap = False
    return out


# --- H1 HTML tables -----------------------------------------------------------------------


@dataclass(slots=True)
class _Row:
    start: int  # offsets in the joined text
    end: int
    cells: list[tuple[str, int, int]] = field(default_factory=list)  # text, rowspan, colspan


@dataclass(slots=True)
class _Table:
    start: int
    end: int
    rows: list[_Row]
    strays: list[tuple[int, str]]  # text outside the cells (a caption), at its offset


def _html_tables(texts: list[str], whole: str) -> Marked:
    tables = _find_tables(whole)
    if not tables:
        return {}
    starts = [0]
    for text in texts[:-1]:
        starts.append(starts[-1] + len(text) + 1)

    def line_of(offset: int) -> int:
        return bisect_right(starts, offset) - 1

    placed: dict[int, list[tuple[int, str, int]]] = {}  # line -> (offset, text, last line)
    for table in tables:
        first, last = line_of(table.start), line_of(max(table.end - 1, table.start))
        for k in range(first, last + 1):
            placed.setdefault(k, [])
        grid = _expand([row.cells for row in table.rows])
        for row, cells in zip(table.rows, grid, strict=True):
            text = "\t".join(cells)
            at = line_of(row.start)
            placed[at].append((row.start, text, max(line_of(max(row.end - 1, 0)), at)))
        for offset, text in table.strays:
            placed[line_of(offset)].append((offset, text, line_of(offset)))
    spans = [(t.start, t.end) for t in tables]
    out: Marked = {}
    for k, items in placed.items():
        items += _outside(starts[k], starts[k] + len(texts[k]), spans, whole, k)
        items.sort(key=lambda item: item[0])
        pieces = [(text, end) for _, text, end in items if text.strip()]
        out[k] = pieces or [("", k)]
    return out


def _outside(
    start: int, end: int, spans: list[tuple[int, int]], whole: str, line: int
) -> list[tuple[int, str, int]]:
    """The text of one line outside every table (before ``<table>``, after ``</table>``)."""
    out = []
    pos = start
    for a, b in spans:
        if b <= pos or a >= end:
            continue
        if a > pos:
            out.append((pos, whole[pos:a], line))
        pos = max(pos, b)
    if pos < end:
        out.append((pos, whole[pos:end], line))
    return [item for item in out if item[1].strip()]


def _find_tables(whole: str) -> list[_Table]:
    """Each outermost ``<table>`` .. ``</table>`` without a table nested in it."""
    tables = []
    depth = 0
    nested = False
    body: list[regex.Match] = []
    start = 0
    for tag in _TABLE_TAG.finditer(whole):
        name, closing = tag.group(2).lower(), tag.group(1) == "/"
        if name == "table" and not closing:
            depth += 1
            if depth == 1:
                start, body, nested = tag.start(), [], False
            else:
                nested = True
        elif name == "table":
            if depth == 1 and not nested:
                tables.append(_read_table(whole, start, tag, body))
            depth = max(depth - 1, 0)
        elif depth:
            body.append(tag)
    return tables


def _spans(tag: str) -> tuple[int, int]:
    rowspan = colspan = 1
    for kind, value in _SPAN.findall(tag):
        number = int(value)
        if kind.lower() == "row":
            rowspan = number if number > 0 else 1_000_000  # 0: to the end of the table
        else:
            colspan = min(max(number, 1), MAX_COLSPAN)
    return rowspan, colspan


def _read_table(whole: str, start: int, close: regex.Match, body: list[regex.Match]) -> _Table:
    """H1: rows of cells (inner text kept with its inline markup) and their offsets."""
    rows: list[_Row] = []
    strays: list[tuple[int, str]] = []
    row: _Row | None = None
    cell: tuple[int, int, int] | None = None  # content start, rowspan, colspan
    pos = start + len(_TABLE_TAG.match(whole, start).group(0))
    for tag in [*body, close]:
        name, closing = tag.group(2).lower(), tag.group(1) == "/"
        if cell is not None and row is not None:
            content = whole[cell[0] : tag.start()].replace("\n", " ").replace("\t", " ")
            row.cells.append((content, cell[1], cell[2]))
            row.end = tag.end()
            cell = None
        elif whole[pos : tag.start()].strip():
            strays.append((pos, whole[pos : tag.start()].replace("\n", " ")))
        pos = tag.end()
        if name == "tr" or name == "table":
            if row is not None:
                if closing:
                    row.end = tag.end()
                rows.append(row)
                row = None
            if not closing and name == "tr":
                row = _Row(tag.start(), tag.end())
        elif not closing:  # td or th
            if row is None:
                row = _Row(tag.start(), tag.end())
            cell = (tag.end(), *_spans(tag.group(0)))
    return _Table(start, close.end(), rows, strays)


def _expand(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    """H1: cells placed on a grid; rows covered by a ``rowspan`` get an empty cell in its
    columns, a ``colspan`` cell is followed by empty cells for the columns it covers."""
    carry: dict[int, int] = {}  # column -> rows still covered by a cell above
    grid = []
    for cells in rows:
        out: list[str] = []
        for text, rowspan, colspan in cells:
            while carry.get(len(out), 0) > 0:
                carry[len(out)] -= 1
                out.append("")
            col = len(out)
            out.append(text)
            out += [""] * (colspan - 1)
            if rowspan > 1:
                for c in range(col, col + colspan):
                    carry[c] = rowspan - 1
        width = max((c for c, left in carry.items() if left > 0), default=-1) + 1
        for c in range(len(out), width):
            if carry.get(c, 0) > 0:
                carry[c] -= 1
            out.append("")
        grid.append(out)
    return grid
