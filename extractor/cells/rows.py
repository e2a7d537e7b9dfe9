"""Row-major assignment of tokens to a header's columns: one cell per line (R1), run-on rows (R3),
lists of indicators (R5), cells spanning rows (R6, R6b, R6c), wrapped value cells (R2f),
tables without row numbers (R9), values before the first row (R10, R10b), budget lists
(R17) and the value helpers the other readings share.
"""

from __future__ import annotations

import regex

from ..document import ITEM_BREAK
from ..parse.tables import FUNDING
from .text_split import wraps_last_row
from .tokens import (
    _GRADES,
    _KNOWN_UNITS,
    _LOWER_START,
    _MAX_UNIT_WORDS,
    COLNUM,
    CUR,
    FUND,
    MEASURE,
    MONEY,
    NUM,
    RESULT,
    TEXT,
    VALUE,
    _unit_after,
    _unit_word,
)
from .types import Column, Token, _Row


def _open_slot(row: _Row, columns: list[Column], kind: str) -> int | None:
    """The first empty target/amount column, preferring one of the token's own kind."""
    own = "money" if kind == MONEY else "value"
    order = [i for i, c in enumerate(columns) if c.kind == own]
    order += [i for i, c in enumerate(columns) if c.kind in ("value", "money") and c.kind != own]
    return next((i for i in order if i not in row.slots), None)


_SUCCESSOR_START = {"1", "a", "A", "I"}


def _core(no: str) -> str:
    return no.strip("().").strip()


def _number_kind(core: str) -> str:
    if core.isdigit():
        return "digit"
    if regex.fullmatch(r"[IVX]+", core) and core != "I" or core == "I":
        return "roman"
    return "lower" if core.islower() else "upper"


def _is_successor(no: str, last: str | None) -> bool:
    core = _core(no)
    if last is None:
        return True
    prev = _core(last)
    if core in _SUCCESSOR_START:  # a nested level opens (A. then 1. then a.)
        return _number_kind(core) != _number_kind(prev)
    if core.isdigit() and prev.isdigit():
        return int(core) == int(prev) + 1
    if len(core) == 1 and len(prev) == 1 and core.isalpha():
        return ord(core) == ord(prev) + 1
    return False


def assign_rows(
    tokens: list[Token], columns: list[Column], blank_mode: bool
) -> tuple[list[_Row], int]:
    """R1/R3: deal tokens out to rows in reading order; returns the rows and how many tokens
    they consumed (the block ends where a token fits no row)."""
    has_no = any(c.kind == "no" for c in columns)
    trailing = any(c.kind in ("note", "unit") for c in columns)
    n_text = sum(c.kind == "text" for c in columns)
    named = any(c.role == "name" for c in columns)
    strays: list[Token] = []
    rows: list[_Row] = []
    row: _Row | None = None
    used = 0
    last_no: str | None = None
    unit_of: tuple[int, int] | None = None  # R2f: (slot, line) of the value a unit may end
    skip = 0
    if (spanning := spanning_rows(tokens, columns)) is not None and spanning[0]:
        rows, skip = spanning  # R19: Sasaran cells spanning rows, their targets printed after
        row, used, last_no = rows[-1], skip, next(r.no for r in reversed(rows) if r.no)
    elif blank_mode and (stacked := stacked_rows(tokens, columns)) is not None:
        rows, skip = stacked  # R20: indicators stacked before their targets and notes
        row, used = rows[-1], skip
    for n, tok in enumerate(tokens):
        if n < skip:
            continue
        kind = tok.kind
        if kind == COLNUM:
            if row is not None:
                row.tokens.append(tok)  # covered by the row's lines
            used = n + 1
            continue
        if kind == NUM and not has_no and not named:
            # R9: an indicator table without a number column (Indikator | Target |
            # Penjelasan) has no row numbers: a bare number after the row's text is its
            # target; a numbered line after a complete row ("B. Meningkatnya ...") is the
            # next section. (A Program/Kegiatan list keeps its numbers with the names.)
            if row is not None and not row.filled(columns) and row.texts:
                kind = VALUE
            elif row is not None and row.filled(columns):
                break
            else:
                kind = TEXT
        if kind == NUM and _next_value(tok, row, columns, unit_of, last_no):
            kind = VALUE  # R2f: "150" under "30 wajib pajak 70 wajib pajak 110" / "wajib pajak"
        if kind == NUM:
            plain = tok.text.isdigit() or tok.text in _GRADES  # may be the target itself
            # a sub-row (R6) has no Sasaran cell of its own: its text is the indicator alone
            own_texts = n_text - 1 if row is not None and row.sub else n_text
            value_open = row is not None and not row.filled(columns) and len(row.texts) >= own_texts
            grade = tok.text in _GRADES and value_open  # "A" without a dot: a target
            if (
                row is None
                or row.filled(columns)
                or (_is_successor(tok.text, last_no) and not grade)
            ):
                row = _Row(no=tok.text)
                rows.append(row)
                row.tokens += [*strays, tok] if len(rows) == 1 else [tok]
                last_no = tok.text
                used = n + 1
                continue
            kind = VALUE if plain and value_open else TEXT
        if row is None and has_no and kind in (VALUE, MONEY):
            # R10: a value before the first row number was moved out of its row (pdftotext
            # raw prints a narrow right-aligned cell apart); it cannot be placed, so it is
            # dropped, its line covered by the first row
            strays.append(tok)
            used = n + 1
            continue
        if row is None and has_no and kind == TEXT and _page_rest(tokens, n, len(strays)):
            strays.append(tok)  # R10b: the rest of a row cut by the page break (see below)
            used = n + 1
            continue
        if row is None:
            if has_no or kind != TEXT:
                break
            row = _Row()
            rows.append(row)
        if (
            kind == TEXT
            and not has_no
            and row.filled(columns)
            and (
                _opens_row(row, tok, trailing, blank_mode)
                or _flat_row_follows(row, tokens, n)
                or _note_row_follows(row, tokens, n, trailing, blank_mode)
            )
        ):
            row = _Row()  # a table without numbers: text after a complete row opens the next
            rows.append(row)
        if kind == TEXT and not trailing and _unit_line(tok, unit_of, row):
            slot = unit_of[0] if unit_of else 0
            row.slots[slot] += f" {tok.text}"  # R2f: a value cell wrapped before its unit
            unit_of = (slot, tok.last)
        elif kind == TEXT:
            if not row.filled(columns) and _next_list_row(row, tok, columns, has_no, blank_mode):
                row = _Row()  # R17: one Program cell per row: a second cell is the next row
                rows.append(row)
            if not row.filled(columns):
                row.texts.append(tok)
            elif trailing and has_no and n_text >= 2 and _own_target_follows(tokens, n):
                row = _Row(sub=True, start=n)  # R6b (PDFium): a flattened row without number
                rows.append(row)
                row.texts.append(tok)
            elif n_text == 1 and not blank_mode and _name_goes_on(row, columns, tokens, n):
                row.texts.append(tok)
            elif trailing or (blank_mode and _LOWER_START.match(tok.text)):
                row.after.append(tok)  # the note column, or a wrapped cell's last words
            elif has_no and n_text >= 2:
                # R6: text after a complete row, before the next number: another indicator
                # of the same sasaran (its cell spans several rows)
                row = _Row(sub=True, start=n)
                rows.append(row)
                row.texts.append(tok)
            else:
                break
        elif kind in (VALUE, MONEY):
            slot = _open_slot(row, columns, kind)
            listed = [i for i in row.slots if columns[i].kind in ("value", "money")]
            if slot is None and listed and _is_list(row):
                # R5: a cell listing several indicators (dash items) takes one target each
                row.slots[listed[-1]] += f"{ITEM_BREAK}{tok.text}"
            elif slot is None:
                if not trailing:
                    break
                row.after.append(Token(TEXT, tok.text, tok.first, tok.last, tok.new_group))
            else:
                row.slots[slot] = f"{row.currency} {tok.text}".strip()
                row.currency = ""
                unit_of = (slot, tok.last)
        elif kind == CUR:
            row.currency = tok.text
        elif kind == FUND:
            note = next((i for i, c in enumerate(columns) if c.kind == "note"), None)
            if note is not None and note not in row.slots:
                row.slots[note] = tok.text
            else:
                money = next((i for i in row.slots if columns[i].kind == "money"), None)
                if money is None:
                    break
                row.slots[money] += f" {tok.text}"
        else:
            break
        row.tokens.append(tok)
        used = n + 1
    if rows and rows[-1].sub and not rows[-1].filled(columns) and not wraps_last_row(rows, columns):
        used = rows.pop().start  # no target came: not a row of the table (O4b: unless a wrap)
    return [r for r in rows if r.tokens or r.texts], used


def spanning_rows(tokens: list[Token], columns: list[Column]) -> tuple[list[_Row], int] | None:
    """R19 (pdfminer: a Sasaran cell spanning several indicator rows, each indicator its own
    text box, the Target/Satuan column printed after those rows): ``1`` / Sasaran / indicator
    / indicator ... ``2`` / Sasaran / indicator ... then a run of targets with their unit
    cells. A Sasaran cell begins with a result word and each indicator with a measure word;
    when there are exactly as many targets as indicators they are dealt out in order, one
    row per indicator (the further ones as sub-rows, R6). A unit cell on its target's line is
    that target's; unit cells on lines of their own go, in order, to the targets without a
    unit only when the counts match (else they are left out, not guessed). Returns the rows
    and the tokens they use; no rows when the counts differ (``rebuild_table`` then reports
    the table unread); None when the block does not start with that shape."""
    roles = [c.role for c in columns if c.kind == "text"]
    value_cols = [i for i, c in enumerate(columns) if c.kind in ("value", "money")]
    if roles != ["objective", "indicator"] or len(value_cols) != 1 or not tokens:
        return None
    unit_col = next((i for i, c in enumerate(columns) if c.kind == "unit"), None)
    groups: list[tuple[Token, Token, list[Token]]] = []
    cover: list[Token] = []
    j, last = 0, None
    while j + 2 < len(tokens) and tokens[j].kind == NUM and _is_successor(tokens[j].text, last):
        no, sasaran = tokens[j], tokens[j + 1]
        if sasaran.kind != TEXT or not RESULT.match(sasaran.text.split()[0]):
            return None
        k = j + 2
        while (
            k < len(tokens) and tokens[k].kind == TEXT and MEASURE.match(tokens[k].text.split()[0])
        ):
            k += 1
        if k == j + 2:
            return None
        groups.append((no, sasaran, tokens[j + 2 : k]))
        last, j = no.text, k
        while j < len(tokens) and tokens[j].kind == COLNUM:
            cover.append(tokens[j])
            j += 1
    if len(groups) < 2 or not any(len(g[2]) > 1 for g in groups):
        return None
    values: list[Token] = []
    units: dict[int, Token] = {}  # value index -> unit cell on its line
    apart: list[Token] = []  # unit cells on lines of their own
    while j < len(tokens) and tokens[j].kind in (VALUE, MONEY, TEXT):
        tok = tokens[j]
        if tok.kind != TEXT:
            values.append(tok)
        elif not _unit_cell(tok) or not values:
            return None
        elif tok.first == values[-1].last and len(values) - 1 not in units:
            units[len(values) - 1] = tok
        else:
            apart.append(tok)
        j += 1
    indicators = [ind for _, _, inds in groups for ind in inds]
    if len(values) != len(indicators):
        return [], j  # the shape, but which indicator lacks a target cannot be read
    bare = [n for n in range(len(values)) if n not in units and not _has_unit(values[n].text)]
    if len(apart) == len(bare):
        units |= dict(zip(bare, apart, strict=True))
    rows: list[_Row] = []
    n = 0
    for no, sasaran, inds in groups:
        for m, ind in enumerate(inds):
            row = _Row(no=no.text if m == 0 else "", sub=m > 0)
            row.texts = [sasaran, ind] if m == 0 else [ind]
            row.slots[value_cols[0]] = values[n].text
            unit = units.get(n)
            if unit is not None and unit_col is not None:
                row.slots[unit_col] = unit.text
            elif unit is not None:
                row.slots[value_cols[0]] += f" {unit.text}"
            row.tokens = ([no, sasaran] if m == 0 else []) + [ind, values[n]]
            row.tokens += [unit] if unit is not None else []
            rows.append(row)
            n += 1
    rows[0].tokens += cover + apart  # header lines and unplaced unit cells are covered
    return rows, j


def stacked_rows(tokens: list[Token], columns: list[Column]) -> tuple[list[_Row], int] | None:
    """R20 (pdfminer, Indikator | Target | Penjelasan without numbers): the first ``k >= 2``
    indicator cells printed one after another (each its own box between blank lines,
    beginning with a measure word), then ``k`` pairs of a target on a line of its own and
    its note (a note may hold a value on its line: ``... sebanyak 7 kasus``): the i-th
    target and note are the i-th indicator's. Only that exact shape is dealt; the rows
    after it are read as usual."""
    roles = [c.role for c in columns if c.kind == "text"]
    value_cols = [i for i, c in enumerate(columns) if c.kind in ("value", "money")]
    note = next((i for i, c in enumerate(columns) if c.kind == "note"), None)
    if roles != ["indicator"] or len(value_cols) != 1 or note is None:
        return None
    if any(c.kind == "no" for c in columns):
        return None
    k = 0
    while k < len(tokens) and tokens[k].kind == TEXT and MEASURE.match(tokens[k].text.split()[0]):
        k += 1
    if k < 2:
        return None
    rows: list[_Row] = []
    j = k
    for ind in tokens[:k]:
        value = tokens[j] if j + 1 < len(tokens) else None
        bare = value is not None and value.kind == NUM  # R9: a bare number is the target
        if value is None or not (value.kind in (VALUE, MONEY) or bare and value.text.isdigit()):
            return None
        first = tokens[j + 1]
        if first.kind != TEXT or first.first <= value.last:
            return None  # a note on a line of its own after each target
        if value.first <= tokens[j - 1].last:
            return None  # the target printed on a line of its own
        end = j + 2
        while end < len(tokens) and tokens[end].first <= first.last:
            end += 1  # the rest of the note's line ("... sebanyak" / "7 kasus")
        row = _Row(texts=[ind], slots={value_cols[0]: value.text})
        row.after = [Token(TEXT, t.text, t.first, t.last, t.new_group) for t in tokens[j + 1 : end]]
        row.tokens = [ind, value, *tokens[j + 1 : end]]
        rows.append(row)
        j = end
    return rows, j


def _has_unit(value: str) -> bool:
    """A target cell holding its unit word after the number (``82,50 Indeks``)."""
    words = value.split()
    at = next((k for k, w in enumerate(words) if any(ch.isdigit() for ch in w)), len(words))
    return any(w[:1].isalpha() or w == "%" for w in words[at + 1 :])


_MAX_SUB_TEXT = 4  # text lines of one indicator cell before its target


def _own_target_follows(tokens: list[Token], n: int) -> bool:
    """R6b: under a unit or note column, text after a complete row is that column's text
    unless it opens a line and its own target follows (after at most a few wrapped lines,
    before any row number): then it is another indicator of the row's Sasaran, a flattened
    row without number (PDFium: ``Jumlah Kematian Ibu maks 5 Kasus``)."""
    if n and tokens[n - 1].last >= tokens[n].first:
        return False  # the unit or note printed on the line of the value
    text = tokens[n].text
    if not text[:1].isupper() or text.lower().strip(".,") in _KNOWN_UNITS:
        return False  # a wrapped note, or the unit cell printed on a line of its own
    for tok in tokens[n + 1 : n + 1 + _MAX_SUB_TEXT]:
        if tok.kind != TEXT:
            return tok.kind == VALUE  # a target: budget rows keep their own numbers
    return False


def _flat_row_follows(row: _Row, tokens: list[Token], n: int) -> bool:
    """R6b without row numbers (Indikator | Target | Penjelasan): where the rows are printed
    flattened (the note begins on the line of the target), a line that opens with a
    capitalised text and holds its own target is the next row, not more of the note. (A note
    printed on lines of its own may hold a value: ``Target 97% berdasarkan ...``.)"""
    tok = tokens[n]
    if not tok.text[:1].isupper() or (n and tokens[n - 1].last >= tok.first):
        return False
    value = next((t for t in reversed(row.tokens) if t.kind in (VALUE, MONEY)), None)
    if value is None or not any(t.first == value.last for t in row.after):
        return False
    nxt = tokens[n + 1] if n + 1 < len(tokens) else None
    return nxt is not None and nxt.kind in (VALUE, MONEY) and nxt.first == tok.last


def _note_row_follows(
    row: _Row, tokens: list[Token], n: int, trailing: bool, blank_mode: bool
) -> bool:
    """R6d (pdftotext raw, one cell per line, no blank lines: Indikator | Target |
    Penjelasan): after a row's note, a capitalised line whose own target follows on a line
    of its own, after at most a few wrapped lines, is the next row's indicator, not more of
    the note (a note is followed by the next indicator, an indicator by its target). When
    the note wraps over several lines, the indicator begins at the first line opening with a
    measure word (``Persentase``), else at the first capitalised one."""
    if not trailing or blank_mode or not row.after or not tokens[n].text[:1].isupper():
        return False
    if n and tokens[n - 1].last >= tokens[n].first:
        return False  # on the line of the value or the note: the note's own words
    texts: list[Token] = []
    for tok in tokens[n : n + 1 + _MAX_SUB_TEXT]:
        if tok.kind == TEXT:
            texts.append(tok)
            continue
        if tok.kind not in (VALUE, MONEY, CUR, NUM) or tok.first <= texts[-1].last:
            return False  # not a target cell of its own line ("Target 97% berdasarkan")
        if tok.kind == NUM and not (tok.text.isdigit() or tok.text in _GRADES):
            return False
        first = tokens[n].text.split()[0]
        if MEASURE.match(first):
            return True
        return not any(MEASURE.match(t.text.split()[0]) for t in texts[1:])
    return False


def _unit_line(tok: Token, unit_of: tuple[int, int] | None, row: _Row) -> bool:
    """R2f (PDFium wraps each value cell: ``12.500`` / ``objek``, ``150`` / ``wajib`` /
    ``pajak``): a line of lower-case words right under a value of the row, before anything
    else, is that value's unit, as long as the unit stays short."""
    if unit_of is None or tok.first != unit_of[1] + 1 or unit_of[0] not in row.slots:
        return False
    if not row.tokens or row.tokens[-1].last != unit_of[1]:
        return False  # something else came between (a new row)
    words = tok.text.split()
    unit = row.slots[unit_of[0]].split()
    tail = len(unit) - next((k for k in range(len(unit), 0, -1) if unit[k - 1][:1].isdigit()), 0)
    if len(words) + tail > _MAX_UNIT_WORDS:
        return False
    return all(_unit_after(w) for w in words)


def _next_value(
    tok: Token,
    row: _Row | None,
    columns: list[Column],
    unit_of: tuple[int, int] | None,
    last_no: str | None,
) -> bool:
    """R2f: a bare whole number right under a value (or its unit) of a row that still has an
    empty target column, and that does not continue the row numbering, is the next target
    (PDFium prints each quarterly cell's lines apart)."""
    if row is None or unit_of is None or not tok.text.isdigit():
        return False
    if tok.first != unit_of[1] + 1 or not row.tokens or row.tokens[-1].last != unit_of[1]:
        return False
    if _is_successor(tok.text, last_no):
        return False
    return _open_slot(row, columns, VALUE) is not None


def _name_goes_on(row: _Row, columns: list[Column], tokens: list[Token], n: int) -> bool:
    """R6c (PDFium prints a flattened row, then the rest of its wrapped name cell): under a
    note column already holding the row's funding source (``APBD``), a line of text after
    the row is the rest of its only text cell, not more of the note."""
    note = next((i for i, c in enumerate(columns) if c.kind == "note"), None)
    held = row.slots.get(note, "") or " ".join(t.text for t in row.after)
    if note is None or not FUNDING.fullmatch(held):
        return False
    return not n or tokens[n - 1].last < tokens[n].first


_MAX_PAGE_REST = 2


def _page_rest(tokens: list[Token], n: int, strays: int) -> bool:
    """R10b: text between a table header repeated on a new page and the first row number is
    the rest of the last row of the page before (its cells cut by the page break: ``Kondisi
    Mantap Berkala``). It cannot be placed across the page, so, like a stray value, it is
    covered by the first row rather than ending the table: a line or two, then a number."""
    if strays >= _MAX_PAGE_REST:
        return False
    following = tokens[n + 1 : n + 1 + _MAX_PAGE_REST - strays]
    return any(t.kind == NUM for t in following)


def _next_list_row(
    row: _Row, tok: Token, columns: list[Column], has_no: bool, blank_mode: bool
) -> bool:
    """R17 (pdfminer): in a budget list without numbers whose only text column is the
    Program/Kegiatan name, a second text cell printed apart (blank line before it) before
    the row's amount is the next row's name: the amounts come later (R11)."""
    if has_no or not blank_mode or not tok.new_group or not row.texts:
        return False
    text_roles = [c.role for c in columns if c.kind == "text"]
    return text_roles == ["name"]


def _opens_row(row: _Row, tok: Token, trailing: bool, blank_mode: bool) -> bool:
    """Without a note column any text after the value opens a row; with one, only a new
    group of lines (blank line before it) after the note's own text."""
    return not trailing or bool(blank_mode and tok.new_group and row.after)


_DASH_ITEMS = regex.compile(r"(?:^|\s)-\s*\p{L}")


def _is_list(row: _Row) -> bool:
    """The row's text holds a dash list of several items (one indicator per item)."""
    text = " ".join(t.text for t in row.texts)
    return len(_DASH_ITEMS.findall(text)) >= 2


def _value_run(data: list[Token], j: int, k: int) -> tuple[list[str], int]:
    """Up to ``k`` value cells from ``data[j]`` (a lone ``Rp`` joins the amount after it, a
    bare number is a target, ``-`` an empty quarter after the first value)."""
    values: list[str] = []
    currency = ""
    while j < len(data) and len(values) < k:
        tok = data[j]
        if tok.kind == CUR:
            currency = tok.text
        elif tok.kind in (VALUE, MONEY) or (tok.kind == NUM and tok.text.isdigit()):
            values.append(f"{currency} {tok.text}".strip())
            currency = ""
        elif tok.kind == TEXT and tok.text in ("-", "–") and values:
            values.append("")
        else:
            break
        j += 1
    return values, j


def _unit_cell(tok: Token) -> bool:
    """A short cell of unit words (``Tahun``, ``Persen``, ``%``) under a Satuan column."""
    words = tok.text.split()
    if tok.kind != TEXT or not words or len(words) > 3 or len(tok.text) > 25:
        return False
    return not MEASURE.match(words[0]) and all(w == "%" or _unit_word(w) for w in words)
