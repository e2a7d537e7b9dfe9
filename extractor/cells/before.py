"""R21: a Penjelasan table whose header pdfminer prints after its rows.

pdfminer may print an ``Indikator Kinerja | Target | Penjelasan`` table as its cells, box by
box (an indicator, its target, its note, the next indicator ...), and only then the header
cells. The rows are read back from the header, up to the line that leads the table (the
``Target Kinerja`` label, a lead sentence ending with a colon, any stop line): only when
those boxes come in exact triples of a text, a target alone and a note are they rebuilt;
anything else is left as it is.
"""

from __future__ import annotations

from ..document import Line
from .blocks import _rebuilt
from .header import head_cell
from .tokens import _GRADES, MONEY, NUM, TEXT, VALUE, is_stop, line_tokens

_MAX_BOXES = 30  # ten rows at most: the lines read back stay few


def header_after_rows(
    lines: list[Line], start: int, out: list[Line]
) -> tuple[int, list[Line], int] | None:
    """For a header at ``lines[start]`` with no rows after it: how many lines of ``out`` to
    keep, the rebuilt header and rows that replace the rest, and the index after the
    header; None unless the shape is exact."""
    header, end = _header_cells(lines, start)
    roles = [c.role for c in header]
    if roles != ["indicator", "target", "note"]:
        return None
    boxes: list[list[int]] = []
    box: list[int] = []
    k = start - 1
    while k >= 0 and len(boxes) <= _MAX_BOXES:
        line = lines[k]
        text = line.text.strip()
        if line.blank:
            if box:
                boxes.append(box[::-1])
                box = []
        elif "\t" in line.text or is_stop(text) or head_cell(text) is not None:
            break
        else:
            box.append(k)
        k -= 1
    if box:
        return None  # the run of boxes is cut by the leading line: not whole cells
    boxes.reverse()
    if not boxes or len(boxes) % 3 or len(boxes) > _MAX_BOXES:
        return None
    first = boxes[0][0]
    if len(out) < start - first or any(
        a is not b
        for a, b in zip(out[len(out) - (start - first) :], lines[first:start], strict=True)
    ):
        return None  # the lines before were rebuilt already
    rows: list[Line] = []
    for n in range(0, len(boxes), 3):
        cells = [" ".join(lines[i].text.strip() for i in b) for b in boxes[n : n + 3]]
        if not _triple(cells):
            return None
        indices = [i for b in boxes[n : n + 3] for i in b]
        rows.append(_rebuilt(lines, indices, "\t".join(cells)))
    head = _rebuilt(lines, list(range(start, end)), "\t".join(c.text for c in header))
    return len(out) - (start - first), [head, *rows], end


def _header_cells(lines: list[Line], start: int) -> tuple[list, int]:
    """The header cells from ``lines[start]``, one per non-blank line, and the index after
    the last of them."""
    cells = []
    end = start
    for k in range(start, min(len(lines), start + 8)):
        if lines[k].blank:
            continue
        cell = head_cell(lines[k].text.strip())
        if cell is None:
            break
        cells.append(cell)
        end = k + 1
    return cells, end


def _triple(cells: list[str]) -> bool:
    """An indicator (text only), a target (a value alone) and a note (holding text)."""
    indicator = line_tokens(cells[0], True)
    target = line_tokens(cells[1], False)
    note = line_tokens(cells[2], True)
    if len(indicator) != 1 or indicator[0][0] != TEXT or len(target) != 1 or not note:
        return False
    kind, value = target[0]
    plain = kind in (VALUE, MONEY) or kind == NUM and (value.isdigit() or value in _GRADES)
    return plain and any(k == TEXT for k, _ in note)  # a note, not one more value
