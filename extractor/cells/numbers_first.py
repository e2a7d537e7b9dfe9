"""R24 (pdfminer prints a budget list's number column as one box): all row numbers first,
then the names with the amounts printed beside them, then the total word and the amounts
of the last rows; the total is printed last.
"""

from __future__ import annotations

from ..document import Line
from ..parse.values import parse_money
from .late import late_cells
from .rows import _is_successor
from .tokens import COLNUM, FUND, MONEY, NUM, TEXT
from .types import Column, Token, _Late, _Row


def numbers_first(
    lines: list[Line], tokens: list[Token], columns: list[Column]
) -> tuple[list[_Row], _Late, Token] | None:
    """R24: under No | Name | Amount, ``n`` successive row numbers printed before any cell,
    then the names (an amount beside a name is its row's), then after the total word the
    amounts of the rows after the last one holding an amount, then the total. Read so only
    with exact counts: ``n`` names (a name cut in two by the amount printed on its first
    line is one name, when that is the only cut that fits), as many late amounts as rows
    after the last amount, and the late rows with their printed neighbours summing to the
    total. Returns the rows, the late cells and the total."""
    kinds = [c.kind for c in columns]
    if kinds.count("no") != 1 or kinds.count("text") != 1 or kinds.count("money") != 1:
        return None
    data = [t for t in tokens if t.kind != COLNUM]
    n = 0
    while n < len(data) and data[n].kind == NUM:
        n += 1
    nums = data[:n]
    if n < 3 or any(
        not _is_successor(b.text, a.text) for a, b in zip(nums, nums[1:], strict=False)
    ):
        return None
    groups = _name_groups(data[n:])
    if groups is None:
        return None
    late = late_cells(lines, max(t.last for t in tokens) + 1, columns)
    if late is None or late.total is None or len(late.values) < 2:
        return None
    fits = [g for g in _readings(groups, n) if _fits_late(g, late)]
    if len(fits) != 1:
        return None  # no reading, or two that fit: the cut cannot be told
    groups = fits[0]
    total = late.values[-1]
    last_paid = max(k for k, g in enumerate(groups) if g[1] is not None)
    money = kinds.index("money")
    notes = [i for i, k in enumerate(kinds) if k == "note"]
    rows = []
    for k, (num, (names, amount, fund)) in enumerate(zip(nums, groups, strict=True)):
        row = _Row(no=num.text, tokens=[num, *names], texts=names)
        if amount is not None:
            row.slots[money] = amount.text
            row.tokens.append(amount)
        elif k > last_paid:
            late_at = k - last_paid - 1
            row.slots[money] = late.values[late_at].text
            row.tokens.append(late.values[late_at])
            fund = late.funds.get(late_at, "")
            fund = (
                Token(FUND, fund, late.values[late_at].first, late.values[late_at].last)
                if fund
                else None
            )
        if fund is not None:
            row.tokens.append(fund)
            if notes:
                row.slots[notes[0]] = fund.text
        rows.append(row)
    return rows, late, total


_Group = tuple[list[Token], Token | None, Token | None]


def _name_groups(data: list[Token]) -> list[_Group] | None:
    """The names in print order, each with the amount (and funding source) printed after it;
    None when an amount has no name before it or a token is of another kind."""
    groups: list[_Group] = []
    for k, tok in enumerate(data):
        if tok.kind == TEXT and groups and groups[-1][1] is not None and _is_fund(data, k):
            groups[-1] = (groups[-1][0], groups[-1][1], tok)
        elif tok.kind == TEXT:
            groups.append(([tok], None, None))
        elif tok.kind == MONEY and groups and groups[-1][1] is None:
            groups[-1] = (groups[-1][0], tok, None)
        elif tok.kind == FUND and groups and groups[-1][1] is not None:
            groups[-1] = (groups[-1][0], groups[-1][1], tok)
        else:
            return None
    return groups


def _is_fund(data: list[Token], k: int) -> bool:
    """A text on the line of the amount just before it: its funding source (``APBD``)."""
    tok, prev = data[k], data[k - 1]
    return prev.kind == MONEY and not tok.new_group and tok.first == prev.last


def _readings(groups: list[_Group], n: int) -> list[list[_Group]]:
    """The names as rows: as printed when there are ``n``; with one name more, each reading
    where a name printed right after a row's amount is the rest of that row's name
    (pdfminer cuts a wrapped name around the amount on its first line)."""
    if len(groups) == n:
        return [groups]
    if len(groups) != n + 1:
        return []
    out = []
    for k in range(1, len(groups)):
        before, after = groups[k - 1], groups[k]
        if before[1] is not None and after[1] is None:
            joined = (before[0] + after[0], before[1], before[2])
            out.append([*groups[: k - 1], joined, *groups[k + 1 :]])
    return out


def _fits_late(groups: list[_Group], late: _Late) -> bool:
    """The late amounts are those of the rows after the last one holding an amount, one
    each, then the total, which is the sum of the last rows' amounts."""
    last_paid = max((k for k, g in enumerate(groups) if g[1] is not None), default=-1)
    unpaid = len(groups) - 1 - last_paid
    if unpaid < 1 or unpaid != len(late.values) - 1:
        return False
    amounts = [_amount(g[1].text) if g[1] is not None else 0.0 for g in groups]
    filled = amounts[: last_paid + 1] + [_amount(t.text) for t in late.values[:-1]]
    total = _amount(late.values[-1].text)
    if None in filled or total is None:
        return False
    return _a_suffix_sums(filled, last_paid + 1, total)


def _a_suffix_sums(amounts: list[float | None], late_from: int, total: float) -> bool:
    """The total is the sum of the last rows' amounts (from a row at or before the first
    late one): the sub-rows under the parent rows printed above them."""
    running = 0.0
    for k in range(len(amounts) - 1, -1, -1):
        running += amounts[k] or 0.0
        if k <= late_from and abs(running - total) < 1.0:
            return True
    return False


def _amount(text: str) -> float | None:
    found = parse_money(text)
    return found[1] if found else None
