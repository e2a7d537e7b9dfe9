"""Column-major readings (pdfminer): all row numbers, then the text cells, then the targets,
dealt out in order (R4, R4b); numbers printed column by column then one group per row (R14);
indicator tables read by value groups (R2, R18).
"""

from __future__ import annotations

from ..document import Line
from ..parse.tables import FUNDING
from ..parse.values import parse_money
from .header import head_cell
from .rows import _is_successor, _unit_cell, _value_run
from .text_split import split_text
from .tokens import COLNUM, CUR, FUND, MEASURE, MONEY, NUM, RESULT, TEXT, VALUE
from .types import Column, Token, _Row


def indicator_rows(
    tokens: list[Token], columns: list[Column]
) -> tuple[list[_Row], list[Column], int] | None:
    """R14 (pdftotext raw, pdfminer): the leading columns printed column by column — all
    row numbers, with or without the Sasaran cells — then one group per row: its text
    cell(s) followed by its values (and unit, funding source). The groups are kept with
    their values; numbers and Sasaran cells go to them in order only when there are as many
    groups as numbers, else they are left out (which sasaran an indicator belongs to cannot
    be read). Returns the rows, the columns and the tokens used."""
    data = [t for t in tokens if t.kind != COLNUM]
    first = next((n for n, t in enumerate(data) if t.kind in (VALUE, MONEY, CUR)), None)
    if first is None or data[0].kind != NUM:
        return None
    n_text = sum(c.kind == "text" for c in columns)
    shape = None
    for per_group, with_texts in ((n_text - 1, True), (n_text, False)):
        lead = 0
        while lead < min(per_group, first) and data[first - 1 - lead].kind == TEXT:
            lead += 1
        prefix = data[: first - lead]
        nums = [t for t in prefix if t.kind == NUM]
        texts = [t for t in prefix if t.kind == TEXT]
        fits = len(texts) == (len(nums) if with_texts else 0)
        if per_group >= 1 and lead >= 1 and len(nums) >= 2 and fits:
            shape = (per_group, with_texts, first - lead, nums, texts)
            break
    if shape is None:
        return None
    per_group, with_texts, j, nums, texts = shape
    if any(t.kind not in (NUM, TEXT) for t in data[:j]):
        return None
    if any(not _is_successor(b.text, a.text) for a, b in zip(nums, nums[1:], strict=False)):
        return None  # several row numbers before any value: the column-major signature
    groups = _value_groups(data, j, columns, per_group)
    if groups is None or len(groups) < len(nums) or groups[-1][-1] < len(data):
        return None  # every cell must fit: a partial reading would drop rows
    paired = len(groups) == len(nums)
    if not paired and not with_texts:
        return None
    value_cols = [i for i, c in enumerate(columns) if c.kind in ("value", "money")]
    extra_cols = [i for i, c in enumerate(columns) if c.kind in ("unit", "note")]
    rows = []
    for n, (own, values, extras, _) in enumerate(groups):
        row = _Row(no=nums[n].text if paired else "", sub=with_texts and not paired)
        row.texts = ([texts[n]] if paired and with_texts else []) + own
        row.slots = {col: v for col, v in zip(value_cols, values, strict=False) if v}
        for col, tok in zip(extra_cols, extras, strict=False):
            row.slots[col] = tok.text
        if extras and not extra_cols and value_cols:  # a funding source without its column
            row.slots[value_cols[-1]] += f" {extras[0].text}"
        row.tokens = own + extras
        row.tokens += ([nums[n]] + ([texts[n]] if with_texts else [])) if paired else []
        rows.append(row)
    used = tokens.index(data[-1]) + 1
    placed = {id(t) for r in rows for t in r.tokens}
    # the lines of the numbers, sasaran and values are covered by the rows
    rows[0].tokens += [t for t in tokens[:used] if id(t) not in placed]
    return rows, columns, used


def _value_groups(
    data: list[Token], j: int, columns: list[Column], per_group: int
) -> list[tuple[list[Token], list[str], list[Token], int]] | None:
    """R14: from ``data[j]``, groups of up to ``per_group`` text cells, then the values, then
    a unit cell (under a Satuan column) and a funding source; None when a group does not
    fit (more text cells than columns)."""
    k = sum(c.kind in ("value", "money") for c in columns)
    has_unit = any(c.kind == "unit" for c in columns)
    has_note = any(c.kind == "note" for c in columns)
    groups = []
    while j < len(data) and data[j].kind == TEXT:
        own = []
        while j < len(data) and data[j].kind == TEXT and len(own) <= per_group:
            own.append(data[j])
            j += 1
        values, after = _value_run(data, j, k)
        if len(own) > per_group or not values:
            return None
        extras = []
        if has_unit and after < len(data) and _unit_cell(data[after]):
            extras.append(data[after])
            after += 1
        # a funding source, or under a note column the text printed on the value's line
        tail = data[after] if after < len(data) else None
        same_line = tail is not None and tail.first == data[after - 1].last
        if tail is not None and (tail.kind == FUND or (has_note and same_line)):
            extras.append(tail)
            after += 1
        groups.append((own, values, extras, after))
        j = after
    return groups


def _by_indicator(
    lines: list[Line], tokens: list[Token], columns: list[Column]
) -> tuple[list[_Row], list[Column], int, list[Token]] | None:
    """R14 with the Indikator header cell printed after the rows (pdftotext raw reads it
    last): the column is put after the text columns and its line covered by the table."""
    late: list[Token] = []
    roles = {c.role for c in columns}
    if "objective" in roles and "indicator" not in roles:
        after = max(t.last for t in tokens) + 1
        nxt = next(
            (k for k in range(after, min(len(lines), after + 3)) if not lines[k].blank), None
        )
        cell = head_cell(lines[nxt].text) if nxt is not None else None
        if cell is None or cell.role != "indicator":
            return None
        at = max(i for i, c in enumerate(columns) if c.kind in ("text", "no")) + 1
        columns = [*columns[:at], cell, *columns[at:]]
        late = [Token(COLNUM, cell.text, nxt, nxt)]
    found = indicator_rows(tokens, columns)
    if found is None:
        return None
    rows, columns, used = found
    if late and used == len(tokens):
        rows[-1].tokens += late
        return rows, columns, used, late
    return (rows, columns, used, []) if not late else None


def deal_by_kind(tokens: list[Token], columns: list[Column]) -> list[_Row] | None:
    """R4: a column-major block (all numbers, then text cells, then values) dealt out by kind,
    only when every kind has exactly one cell per row."""
    first_text = next((i for i, t in enumerate(tokens) if t.kind == TEXT), len(tokens))
    nums = [t for t in tokens[:first_text] if t.kind == NUM]
    texts = [t for t in tokens if t.kind == TEXT]
    # after the text cells a bare number or grade is a target ("7", "A")
    values = [
        t
        for i, t in enumerate(tokens)
        if t.kind in (VALUE, MONEY) or t.kind == NUM and i > first_text
    ]
    n_text = sum(c.kind == "text" for c in columns)
    n_value = sum(c.kind in ("value", "money") for c in columns)
    if any(t.kind not in (NUM, TEXT, VALUE, MONEY, COLNUM) for t in tokens) or not nums:
        return None
    if len(texts) < len(nums) * n_text:
        texts = _split_joined(texts, columns, len(nums) * n_text)
    if len(texts) != len(nums) * n_text or len(values) != len(nums) * n_value:
        return None
    value_cols = [i for i, c in enumerate(columns) if c.kind in ("value", "money")]
    by_row = _text_cells_by_row(texts, columns, len(nums))
    rows = []
    for r, num in enumerate(nums):
        row = _Row(no=num.text, tokens=[num])
        row.texts = by_row[r]
        mine = values[r * n_value : (r + 1) * n_value]
        row.slots = {col: v.text for col, v in zip(value_cols, mine, strict=True)}
        row.tokens += row.texts + mine
        rows.append(row)
    first = next(i for i, t in enumerate(tokens) if t.kind != COLNUM)
    rows[0].tokens += [t for t in tokens[first:] if t.kind == COLNUM]  # header lines among cells
    return rows


def deal_tail(
    rows: list[_Row], tokens: list[Token], used: int, columns: list[Column]
) -> int | None:
    """R18 (pdfminer groups a table's last rows): after the last complete row, rows that hold
    only their number and first text cell, then the last row with its own cells and the
    other rows' remaining text cells, in order, then one target per row. The surplus cells of
    the last row go, in order, to the rows short of cells, the targets to the rows in order.
    Returns the tokens used (all), or None when the counts do not match exactly."""
    value_cols = [i for i, c in enumerate(columns) if c.kind in ("value", "money")]
    n_text = sum(c.kind == "text" for c in columns)
    if len(value_cols) != 1 or len(rows) < 2:
        return None
    col = value_cols[0]
    done = [i for i in range(len(rows) - 1) if rows[i].filled(columns)]
    tail = rows[done[-1] + 1 if done else 0 :]
    last = tail[-1]
    rest = tokens[used:]
    if len(tail) < 2 or any(t.kind not in (VALUE, MONEY) for t in rest):
        return None
    if any(r.filled(columns) or r.sub or not r.no or not r.texts for r in tail[:-1]):
        return None
    values = ([last.slots[col]] if col in last.slots else []) + [t.text for t in rest]
    deficits = [n_text - len(r.texts) for r in tail[:-1]]
    surplus = len(last.texts) - n_text
    if len(values) != len(tail) or min(deficits) < 0 or surplus != sum(deficits) or not surplus:
        return None
    pool = last.texts[1 : 1 + surplus]
    last.texts = [last.texts[0], *last.texts[1 + surplus :]]
    for row, need in zip(tail[:-1], deficits, strict=True):
        row.texts += pool[:need]
        pool = pool[need:]
    for row, value in zip(tail, values, strict=True):
        row.slots[col] = value
    last.tokens += rest
    return len(tokens)


def _split_joined(texts: list[Token], columns: list[Column], need: int) -> list[Token]:
    """R4b (pdfminer joins a row's Sasaran and Indikator boxes when they touch): under
    Sasaran | Indikator a text cell that begins with a result word and holds a measure word
    later is two cells, cut there (R2) — used only when exactly those cuts make one Sasaran
    and one Indikator cell per row."""
    roles = [c.role for c in columns if c.kind == "text"]
    if roles != ["objective", "indicator"]:
        return texts
    cuts: dict[int, list[str]] = {}
    for n, tok in enumerate(texts):
        if RESULT.match(tok.text.split()[0]):
            parts = split_text([tok], roles, False)
            if all(parts):
                cuts[n] = parts
    if len(texts) + len(cuts) != need:
        return texts
    out: list[Token] = []
    for n, tok in enumerate(texts):
        parts = cuts.get(n, [tok.text])
        out += [Token(TEXT, part, tok.first, tok.last) for part in parts]
    return out


def _text_cells_by_row(texts: list[Token], columns: list[Column], n: int) -> list[list[Token]]:
    """R4: the text cells of each row of a column-major block. Under Sasaran | Indikator the
    cells are told apart by their first word when exactly one per row begins with a measure
    word (pdfminer may print two sasaran before their indicators); else they alternate."""
    roles = [c.role for c in columns if c.kind == "text"]
    if len(roles) == 2 and roles[1] == "indicator":
        measured = [t for t in texts if MEASURE.match(t.text.split()[0])]
        others = [t for t in texts if not MEASURE.match(t.text.split()[0])]
        if len(measured) == len(others) == n:
            return [[others[r], measured[r]] for r in range(n)]
    k = len(roles)
    return [texts[r * k : (r + 1) * k] for r in range(n)]


def deal_stacked_names(rows: list[_Row], columns: list[Column], total: float | None) -> bool:
    """R23 (pdfminer prints a budget table's name column as one box): under Name | Indicator
    | Amount, without row numbers, the first row holds the ``k`` names stacked before its
    indicator and the ``k - 1`` rows after it hold only their indicator and amount. The
    names go to the rows in order, only when every indicator begins with a measure word and
    no name does, and the ``k`` amounts add up to the printed total. Returns whether it
    dealt them (the rows are changed in place)."""
    roles = [c.role for c in columns if c.kind == "text"]
    money = [i for i, c in enumerate(columns) if c.kind == "money"]
    k = len(rows)
    if roles != ["name", "indicator"] or len(money) != 1 or total is None or k < 2:
        return False
    if any(r.no or r.sub for r in rows) or len(rows[0].texts) != k + 1:
        return False
    if any(len(r.texts) != 1 for r in rows[1:]):
        return False
    names = rows[0].texts[:k]
    indicators = [rows[0].texts[k]] + [r.texts[0] for r in rows[1:]]
    if any(MEASURE.match(t.text.split()[0]) for t in names):
        return False
    if not all(MEASURE.match(t.text.split()[0]) for t in indicators):
        return False
    amounts = [_amount(r.slots.get(money[0], "")) for r in rows]
    if None in amounts or abs(sum(a for a in amounts if a is not None) - total) >= 1.0:
        return False
    for row, name, indicator in zip(rows, names, indicators, strict=True):
        row.texts = [name, indicator]
    return True


def _amount(text: str) -> float | None:
    found = parse_money(text) if text else None
    return found[1] if found else None


def _fund_at(data: list[Token], j: int) -> bool:
    """A funding source at ``data[j]``: its own token, or a text on the amount's line."""
    if j >= len(data):
        return False
    tok = data[j]
    same_line = tok.kind == TEXT and not tok.new_group and tok.first == data[j - 1].last
    return tok.kind == FUND or (same_line and FUNDING.fullmatch(tok.text) is not None)


def _measured(tok: Token) -> bool:
    return tok.kind == TEXT and MEASURE.match(tok.text.split()[0]) is not None


def stacked_budget(tokens: list[Token], columns: list[Column]) -> tuple[list[_Row], Token] | None:
    """R23b (pdfminer prints a budget table's last rows column by column): under Name |
    Indicator | Amount, without row numbers, complete rows (name, indicator, amount, funding
    source), then the ``m`` remaining names, their ``m`` indicators, their ``m`` amounts
    (each with its source) and one more amount, the total. Read so only when the names
    hold no measure word and the indicators each begin with one, and the total is the sum
    of every amount of the table. Returns the rows and the total's token."""
    roles = [c.role for c in columns if c.kind == "text"]
    money = [i for i, c in enumerate(columns) if c.kind == "money"]
    notes = [i for i, c in enumerate(columns) if c.kind == "note"]
    data = [t for t in tokens if t.kind != COLNUM]
    if roles != ["name", "indicator"] or len(money) != 1 or len(data) < 8:
        return None
    if any(t.kind == NUM for t in data):
        return None
    rows: list[_Row] = []
    j = 0
    while j + 2 < len(data) and data[j].kind == TEXT and not _measured(data[j]):
        name, ind, amount = data[j : j + 3]
        if not _measured(ind) or amount.kind not in (VALUE, MONEY):
            break
        rows.append(_stacked_row([name, ind, amount], data, j + 3, money[0], notes))
        j += 4 if _fund_at(data, j + 3) else 3
    m = 0
    while j + m < len(data) and data[j + m].kind == TEXT and not _measured(data[j + m]):
        m += 1
    names = data[j : j + m]
    inds = data[j + m : j + 2 * m]
    if m < 2 or len(inds) < m or not all(_measured(t) for t in inds):
        return None
    k = j + 2 * m
    for n in range(m):
        if k >= len(data) or data[k].kind not in (VALUE, MONEY):
            return None
        rows.append(_stacked_row([names[n], inds[n], data[k]], data, k + 1, money[0], notes))
        k += 2 if _fund_at(data, k + 1) else 1
    if k != len(data) - 1 or data[k].kind not in (VALUE, MONEY):
        return None
    amounts = [_amount(r.slots[money[0]]) for r in rows]
    total = _amount(data[k].text)
    if None in amounts or total is None or abs(sum(a or 0.0 for a in amounts) - total) >= 1.0:
        return None
    return rows, data[k]


def _stacked_row(
    cells: list[Token], data: list[Token], j: int, money: int, notes: list[int]
) -> _Row:
    """A row of name, indicator and amount, with the funding source at ``data[j]`` if any."""
    name, ind, amount = cells
    row = _Row(texts=[name, ind], tokens=[name, ind, amount])
    row.slots[money] = amount.text
    if _fund_at(data, j):
        row.tokens.append(data[j])
        if notes:
            row.slots[notes[0]] = data[j].text
    return row


def stacked_pairs(tokens: list[Token], columns: list[Column]) -> list[_Row] | None:
    """R25 (pdfminer prints a few rows' text boxes before their values): under Sasaran |
    Indikator | Target without a number column, each run of ``k`` (sasaran, indicator) pairs
    followed by exactly ``k`` values is ``k`` rows, in order. Read so only when the whole
    block parses that way, every sasaran opens with a result word, every indicator with a
    measure word, and some run holds two rows or more (else the row reading stands)."""
    roles = [c.role for c in columns if c.kind == "text"]
    value_cols = [i for i, c in enumerate(columns) if c.kind in ("value", "money")]
    data = [t for t in tokens if t.kind != COLNUM]
    if roles != ["objective", "indicator"] or len(value_cols) != 1 or len(columns) != 3:
        return None
    rows: list[_Row] = []
    j = 0
    stacked = False
    while j < len(data):
        pairs = []
        while j + 1 < len(data) and _result(data[j]) and _measured(data[j + 1]):
            pairs.append((data[j], data[j + 1]))
            j += 2
        values = []
        while j < len(data) and data[j].kind in (VALUE, MONEY) and len(values) < len(pairs):
            values.append(data[j])
            j += 1
        if not pairs or len(values) != len(pairs):
            return None
        stacked = stacked or len(pairs) > 1
        for (objective, indicator), value in zip(pairs, values, strict=True):
            row = _Row(texts=[objective, indicator], tokens=[objective, indicator, value])
            row.slots[value_cols[0]] = value.text
            rows.append(row)
    return rows if stacked else None


def _result(tok: Token) -> bool:
    return tok.kind == TEXT and RESULT.match(tok.text.split()[0]) is not None
