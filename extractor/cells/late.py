"""Cells printed after the rows (R11): the amount column's header, ``Ket``, the total word and
the amounts fill the rows that lack an amount, in order; the total is the amount that is the
sum of the others.
"""

from __future__ import annotations

from ..document import Line
from ..parse.tables import TOTAL_WORD
from ..parse.values import parse_money
from .header import head_cell, usable
from .rows import _open_slot, assign_rows
from .tokens import COLNUM, CUR, FUND, MONEY, TEXT, VALUE, line_tokens
from .types import Column, Token, _Late, _Row

_MAX_LATE = 40


def late_cells(lines: list[Line], i: int, columns: list[Column]) -> _Late | None:
    """R11 (pdftotext raw, pdfminer): the cells a converter printed after a table's rows —
    the amount column with its header (``Anggaran``, ``Ket``), the total word, the amounts
    one per line with their funding source — read from ``lines[i]`` while every line is one
    of these; None when there is no value among them."""
    late = _Late(end=i)
    known = {(c.kind, c.role) for c in columns}
    currency = ""
    seen_other = False  # a header cell since the total word
    for j in range(i, min(len(lines), i + _MAX_LATE)):
        line = lines[j]
        if line.blank:
            continue
        text = line.text.strip()
        total = TOTAL_WORD.match(text)
        cell = None if total else head_cell(text)
        if "\t" in text or (cell is not None and cell.kind == "no"):
            break  # a table line, or the next table's header
        if total and late.total is None:
            late.total = Token(TEXT, total.group(0).strip(), j, j)
            text = text[total.end() :].strip()
            seen_other = False
        elif cell is not None:
            seen_other = True
            if (cell.kind, cell.role) not in known:
                late.columns.append(cell)
                known.add((cell.kind, cell.role))
            late.end = j + 1
            continue
        found = line_tokens(text, False) if text else []
        if any(kind not in (VALUE, MONEY, FUND, CUR) for kind, _ in found):
            break
        for kind, value in found:
            if kind == CUR:
                currency = value
            elif kind == FUND and late.values:
                late.funds[len(late.values) - 1] = value
            elif kind in (VALUE, MONEY):
                if late.total is not None and not late.values and not seen_other:
                    late.right_after = True
                late.values.append(Token(kind, f"{currency} {value}".strip(), j, j))
                currency = ""
        late.end = j + 1
        if "\f" in line.raw:
            break
    return late if late.values else None


def _fill_late(rows: list[_Row], columns: list[Column], late: _Late) -> _Row | None:
    """R11: the late values go, in order, to the rows that lack a target/amount; one value
    more than those rows, after a total word, is the total. Returns the total row, or None
    when the counts do not match (then nothing is filled: a guess would be a wrong fact)."""
    missing = [r for r in rows if not r.filled(columns) and not r.sub]
    extra = 1 if late.total is not None else 0
    if not rows or len(late.values) != len(missing) + extra:
        return None
    values = list(enumerate(late.values))
    total_at = _total_index(rows, columns, late) if extra else None
    if total_at is not None:
        values.pop(total_at)
    note = next((i for i, c in enumerate(columns) if c.kind == "note"), None)
    for row, (n, tok) in zip(missing, values, strict=False):
        slot = _open_slot(row, columns, tok.kind)
        if slot is None:
            return None
        fund = late.funds.get(n)
        if fund and (note is None or note in row.slots):
            row.slots[slot] = f"{tok.text} {fund}"
        else:
            row.slots[slot] = tok.text
            if fund and note is not None:
                row.slots[note] = fund
        row.tokens.append(tok)
    cover = Token(COLNUM, "", late.end - 1, late.end - 1)  # the late header lines too
    if late.total is None:
        rows[-1].tokens.append(cover)
        return _Row()
    money = next((i for i, c in enumerate(columns) if c.kind == "money"), None)
    if money is None:
        return None
    tok = late.values[total_at if total_at is not None else -1]
    total = _Row(tokens=[late.total, tok, cover])
    total.slots[money] = tok.text
    return total


def _amount(text: str) -> float | None:
    found = parse_money(text)
    return found[1] if found else None


def _total_index(rows: list[_Row], columns: list[Column], late: _Late) -> int:
    """Which late value is the total: the first or the last, whichever is the sum of all the
    others and of the amounts already in rows; failing that, the value printed right after
    the total word (nothing but a currency between), else the last."""
    money = [i for i, c in enumerate(columns) if c.kind == "money"]
    printed = [_amount(r.slots[i]) for r in rows for i in money if i in r.slots]
    amounts = [_amount(t.text) for t in late.values]
    if None not in printed and None not in amounts and len(amounts) >= 2:
        known = sum(p for p in printed if p is not None)
        for at in (0, len(amounts) - 1):
            rest = sum(a for k, a in enumerate(amounts) if k != at and a is not None)
            if abs(known + rest - (amounts[at] or 0.0)) < 1.0:
                return at
    same_line = late.total is not None and late.values[0].first == late.total.first
    return 0 if same_line or late.right_after else len(amounts) - 1


def _total_cells(row: _Row, columns: list[Column], late: _Late) -> list[str]:
    cells = [""] * len(columns)
    first = next((i for i, c in enumerate(columns) if c.kind == "text"), 0)
    cells[first] = late.total.text if late.total else ""
    for i, text in row.slots.items():
        cells[i] = text
    return cells


def _with_late(
    lines: list[Line], columns: list[Column], tokens: list[Token], blank_mode: bool
) -> tuple[list[Column], list[_Row], int, _Late | None, _Row | None]:
    """The rows of a table, completed by the cells printed after it (R11) when they fit."""
    after = max(t.last for t in tokens) + 1
    late = late_cells(lines, after, columns) if tokens else None
    if late is not None:
        wider = columns + late.columns
        if usable(wider):
            rows, used = assign_rows(tokens, wider, blank_mode)
            total = _fill_late(rows, wider, late) if used == len(tokens) else None
            if total is not None:
                return wider, rows, used, late, total
    if not usable(columns):
        return columns, [], 0, None, None
    rows, used = assign_rows(tokens, columns, blank_mode)
    return columns, rows, used, None, None
