"""Rebuilding one table and the whole line list: choose the row-major or column-major reading,
report tables read as header only (R13, R15, R15b), and replace the source lines by the
rebuilt tab-separated rows.
"""

from __future__ import annotations

from ..document import Line
from ..pages import split_form_feeds
from ..parse.tables import TOTAL_WORD
from .before import header_after_rows
from .blocks import (
    _block_tokens,
    _has_no,
    _header_line,
    _label_first_cell,
    _numbered,
    _opens_table,
    _rebuilt,
)
from .column_major import (
    _amount,
    _by_indicator,
    deal_by_kind,
    deal_stacked_names,
    deal_tail,
    stacked_budget,
    stacked_pairs,
)
from .header import _HEAD_HINT, _MAX_HEAD_LEN, flat_header, usable
from .late import _total_cells, _with_late
from .numbers_first import numbers_first
from .rows import _SUCCESSOR_START, _core, spanning_rows
from .text_split import row_cells, wrap_row_cells
from .tokens import MONEY, NUM, VALUE
from .types import Column, Token, _Late, _Row


def rebuild_table(
    lines: list[Line], start: int, first_cell: int | None = None
) -> tuple[list[Line], int] | None:
    """The rebuilt header and rows of a table whose header starts at ``lines[start]`` and the
    index after the last line they consumed; None when there is no usable table there."""
    columns, tokens, blank_mode = _block_tokens(lines, start, first_cell)
    if not tokens:
        return None
    if sum(c.kind == "no" for c in columns) > 1:
        # R13: two number columns: two tables interleaved, no row can be trusted
        return _unreadable(lines, start, columns, tokens, interleaved=True)
    columns = _numbered(columns, tokens)
    stacked = stacked_budget(tokens, columns)
    if stacked is not None:  # R23b: the last rows printed column by column, then the total
        return _stacked_out(lines, start, columns, tokens, *stacked)
    first = numbers_first(lines, tokens, columns)
    if first is not None:  # R24: the numbers printed first, the last amounts after the total
        return _numbers_first_out(lines, start, columns, tokens, *first)
    pairs = stacked_pairs(tokens, columns)
    if pairs is not None:  # R25: a few rows' text pairs printed before their values
        return _pairs_out(lines, start, columns, tokens, pairs)
    spanning = spanning_rows(tokens, columns)
    if spanning is not None and not spanning[0]:
        # R19: Sasaran cells spanning rows, fewer or more targets than indicators after them
        return _unreadable(lines, start, columns, tokens, interleaved=True)
    columns, rows, used, late, total = _with_late(lines, columns, tokens, blank_mode)
    if not rows:
        return _unreadable(lines, start, columns, tokens)
    if total is not None and total.slots:  # R23: names stacked before the first indicator
        deal_stacked_names(rows, columns, _amount(next(iter(total.slots.values()))))
    # a row's two cells wrapping onto a line of their own (O4b) complete the row above
    complete = [r for r in rows if r.filled(columns) or wrap_row_cells(r, columns)]
    by_indicator = None
    if len(complete) < len(rows) and late is None:
        by_indicator = _by_indicator(lines, tokens, columns)
    if by_indicator is not None:
        rows, columns, used, late_head = by_indicator
        complete = rows
        tokens = tokens + late_head
        used += len(late_head)
    elif len(complete) < len(rows) or not rows:
        dealt = deal_by_kind(tokens[:used] if used else tokens, columns)
        if dealt is None and used < len(tokens):
            dealt = deal_by_kind(tokens, columns)
            used = len(tokens) if dealt else used
        if dealt is not None:
            rows = dealt
            complete = rows
        elif (tail_used := deal_tail(rows, tokens, used, columns)) is not None:
            used = tail_used
            complete = rows
    if not complete:
        return _unreadable(lines, start, columns, tokens)
    consumed = tokens[:used]
    out = [_header_line(lines, start, columns, consumed)]
    for row in rows:
        cells = row_cells(row, columns, blank_mode)
        indices = [i for t in row.tokens for i in (t.first, t.last)]
        indices += [i for t in row.texts + row.after for i in (t.first, t.last)]
        out.append(_rebuilt(lines, indices, "\t".join(cells)))
    end = max(t.last for t in consumed) + 1 if consumed else start + 1
    if late is not None and total is not None:
        if total.tokens:
            indices = [i for t in total.tokens for i in (t.first, t.last)]
            out.append(_rebuilt(lines, indices, "\t".join(_total_cells(total, columns, late))))
        end = late.end
    # header cells interleaved with data (pdfminer) are consumed too
    return out, end


def _stacked_out(
    lines: list[Line],
    start: int,
    columns: list[Column],
    tokens: list[Token],
    rows: list[_Row],
    total: Token,
) -> tuple[list[Line], int]:
    """R23b: the header, the rows and the total row; the total word printed on the line
    after the total amount (pdfminer) labels it and is covered."""
    out = _header_and_rows(lines, start, columns, tokens, rows)
    cells = [""] * len(columns)
    money = next(i for i, c in enumerate(columns) if c.kind == "money")
    cells[money] = total.text
    covered = [total.first, total.last]
    nxt = next((k for k in range(total.last + 1, len(lines)) if not lines[k].blank), None)
    if nxt is not None and TOTAL_WORD.match(lines[nxt].text.strip() + " 1"):
        cells[next(i for i, c in enumerate(columns) if c.kind == "text")] = lines[nxt].text.strip()
        covered.append(nxt)
    out.append(_rebuilt(lines, covered, "\t".join(cells)))
    return out, max(covered) + 1


def _header_and_rows(
    lines: list[Line], start: int, columns: list[Column], tokens: list[Token], rows: list[_Row]
) -> list[Line]:
    """The rebuilt header line and one tab row per dealt row, each covering its tokens."""
    out = [_header_line(lines, start, columns, tokens)]
    for row in rows:
        cells = row_cells(row, columns, False)
        covered = [i for t in row.tokens for i in (t.first, t.last)]
        out.append(_rebuilt(lines, covered, "\t".join(cells)))
    return out


def _pairs_out(
    lines: list[Line], start: int, columns: list[Column], tokens: list[Token], rows: list[_Row]
) -> tuple[list[Line], int]:
    """R25: the header and the rows dealt from stacked (sasaran, indicator) pairs."""
    out = _header_and_rows(lines, start, columns, tokens, rows)
    return out, max(t.last for t in tokens) + 1


def _numbers_first_out(
    lines: list[Line],
    start: int,
    columns: list[Column],
    tokens: list[Token],
    rows: list[_Row],
    late: _Late,
    total: Token,
) -> tuple[list[Line], int]:
    """R24: the header, the rows and the total row labelled by the total word."""
    out = _header_and_rows(lines, start, columns, tokens, rows)
    cells = [""] * len(columns)
    label = late.total or total
    cells[next(i for i, c in enumerate(columns) if c.kind == "text")] = label.text
    cells[next(i for i, c in enumerate(columns) if c.kind == "money")] = total.text
    out.append(_rebuilt(lines, [label.first, total.last], "\t".join(cells)))
    return out, late.end


def _unreadable(
    lines: list[Line],
    start: int,
    columns: list[Column],
    tokens: list[Token],
    interleaved: bool = False,
) -> tuple[list[Line], int] | None:
    """R15: a numbered table whose cells hold its row numbers and values but fit no reading
    (pdfminer printed its text boxes out of order: cells first, the numbers ``1 2 3 4`` after
    them; or no number that opens a table at all, R15b) or two tables interleaved (R13) is
    kept as its header line only, covering the
    cells: no row is guessed, and the record reports the table unread
    (``targets_not_parsed``/``table_not_parsed``)."""
    nums = [n for n, t in enumerate(tokens) if t.kind == NUM]
    values = [n for n, t in enumerate(tokens) if t.kind in (VALUE, MONEY)]
    if not _has_no(columns) or not usable(columns) or len(values) < 2:
        return None
    # R15b: not one number that can open a table (1, A, a, I): the number column was lost
    lost = not any(_core(tokens[n].text) in _SUCCESSOR_START for n in nums)
    if not interleaved and not lost and (len(nums) < 2 or nums[0] < values[-1]):
        return None  # some row number comes before the last value: not this shape
    last = max(t.last for t in tokens)
    header = _rebuilt(lines, [start, last], "\t".join(c.text for c in columns))
    return [header], last + 1


def _inside_header(done: list[Line]) -> bool:
    """The line before is part of a header that could not be read (a column name wrapped
    over lines, ``PROGRAM/KEGIATAN DAN``): a header does not start in its middle."""
    prev = next((line.text for line in reversed(done[-3:]) if not line.blank), "")
    if "\t" in prev or not _HEAD_HINT.match(prev):
        return False
    return prev.upper() == prev or flat_header(prev) is not None


def rebuild_cells(lines: list[Line]) -> list[Line]:
    """Replace every table printed without tabs by tab-separated rows (see the module doc).

    Cheap gate: only a line without tabs that is a header cell or a flattened header starts
    the work; other lines are passed through untouched. A line that holds the end of one
    page and the start of the next (pypdfium2) is cut in two first, as ``pages`` does."""
    if any("\f" in line.raw for line in lines):
        lines = split_form_feeds(lines)
    out: list[Line] = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        text = line.text
        if line.blank or "\t" in text or len(text) > _MAX_HEAD_LEN or not _HEAD_HINT.match(text):
            out.append(line)
            i += 1
            continue
        early = _label_first_cell(lines, i)
        if early is not None:
            built = rebuild_table(lines, early[1], first_cell=early[0])
            if built is not None:
                out.append(line)
                out.extend(built[0])
                i = built[1]
                continue
        if not _opens_table(text) or _inside_header(out):
            out.append(line)
            i += 1
            continue
        built = rebuild_table(lines, i)
        if built is None and (back := header_after_rows(lines, i, out)) is not None:
            keep, rebuilt, i = back  # R21: the header printed after its rows (pdfminer)
            del out[keep:]
            out.extend(rebuilt)
            continue
        if built is None:
            out.append(line)
            i += 1
            continue
        rebuilt, end = built
        out.extend(rebuilt)
        i = end
    return out
