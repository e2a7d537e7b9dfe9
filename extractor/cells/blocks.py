"""Collecting a table's block after its header: header cells wrapped over lines and column
numbers, labels before the header (R8, R8b), a second header (R13), late note headers (R16),
whole flattened header lines (O2, R2c), an unfilled No column (O3), and the tokens up to the
table's end (R4, R6b, R11, R14).
"""

from __future__ import annotations

import regex

from ..document import Line, pack_boxes
from ..parse.tables import TOTAL_WORD
from ..provenance import union_bbox
from .header import flat_header, head_cell, unruled, usable
from .rows import _core, _is_successor
from .tokens import (
    _CONNECTOR_END,
    _GRADES,
    _LEAD_NUM,
    _NUM_ONLY,
    COLNUM,
    MONEY,
    NUM,
    TEXT,
    VALUE,
    _is_column_numbers,
    is_stop,
    line_tokens,
)
from .types import Column, Token

# --- blocks -----------------------------------------------------------------------------

_MAX_BLOCK = 600
# Data lines allowed before the header is complete (pdfminer prints row numbers or a first
# cell between header cells); a heading such as "Indikator Kinerja" gives up after them.
_MAX_EARLY = 4
# ... unless the header so far is No plus two text columns: pdfminer prints the target
# column's header after all the text cells of a column-major block.
_MAX_COLUMN_MAJOR = 40


_LIST_NAME = regex.compile(r"(?i:PROGRAM|KEGIATAN)")


def _promising(columns: list[Column]) -> bool:
    """No plus two text columns, or No plus a Sasaran or Program/Kegiatan column: the other
    columns may be printed after the rows (R4, R11, R14)."""
    kinds = [c.kind for c in columns]
    named = any(c.role == "name" and _LIST_NAME.search(c.text) for c in columns)
    objective = any(c.role == "objective" for c in columns)
    return "no" in kinds and (kinds.count("text") >= 2 or named or objective)


_HEADER_FRAGMENT_WORDS = {
    "program",
    "kegiatan",
    "sub",
    "sasaran",
    "indikator",
    "kinerja",
    "strategis",
    "dan",
    "utama",
}
_SPLIT_FRAGMENT = regex.compile(r"[\s/,]+")


def _is_header_fragment(text: str) -> bool:
    """A line of column words that is no column by itself (``PROGRAM/KEGIATAN DAN``)."""
    words = [w for w in _SPLIT_FRAGMENT.split(text.lower()) if w]
    return bool(words) and len(text) <= 60 and all(w in _HEADER_FRAGMENT_WORDS for w in words)


def _continues_header(columns: list[Column], cell: Column | None, text: str, same: bool) -> bool:
    """A header cell wrapped over lines: the line goes on the column before it when both are
    in one group of lines (blank-line mode) and read as one column name, when that column
    ends with ``DAN`` or ``/``,
    when the line is a fragment that names no column, or when it only adds the level
    (``SASARAN`` / ``PROGRAM/KEGIATAN``) to a bare Sasaran/Indikator while a Program column
    already exists."""
    if not columns:
        return False
    fragment = _is_header_fragment(text)
    if cell is None and not fragment:
        return False
    prev = columns[-1]
    if _CONNECTOR_END.search(prev.text) or (fragment and cell is None):
        return True
    if same and head_cell(f"{prev.text} {text}") is not None:
        return True
    bare = prev.role in ("objective", "indicator") and len(prev.text.split()) == 1
    named = any(c.role == "name" for c in columns)
    return bool(cell and cell.role == "name" and bare and named)


def _block_tokens(
    lines: list[Line], start: int, first_cell: int | None = None
) -> tuple[list[Column], list[Token], bool]:
    """Header columns and data tokens from ``lines[start]`` to the next stop line (with the
    first row's text at ``lines[first_cell]`` when it was printed before the header)."""
    first = lines[start]
    flat = flat_header(first.text)
    columns: list[Column] = list(flat) if flat else []
    nxt = start + 1
    blank_mode = not flat and any(line.blank for line in lines[nxt : nxt + 6])
    trailing = False
    tokens: list[Token] = []
    if first_cell is not None:
        tokens.append(Token(TEXT, lines[first_cell].text.strip(), first_cell, first_cell))
    if not flat:
        cell = head_cell(first.text)
        if cell is None:
            return [], [], blank_mode
        columns.append(cell)
    seen_value = False
    new_group = False
    head_group = blank_mode  # the line before was a header line of the same group
    early = 0  # data lines read before the header had a target/amount and a text column
    limit = min(len(lines), start + _MAX_BLOCK)
    for i in range(start + 1, limit):
        line = lines[i]
        if line.blank:
            new_group = True
            continue
        text = unruled(line.text).strip().rstrip("|").rstrip()  # web transcripts: " |" ends
        # a form feed before the text opens the next page: the table stops before it
        opens_page = "\f" in line.raw and not line.raw.split("\f", 1)[0].strip()
        if "\t" in text or opens_page or (is_stop(text) and not _wrapped_word(lines, i, text)):
            break
        # a line right under a data text line that reads on (no blank line between, the
        # line above ends with a lower-case word: "... Daerah terhadap" / "Target") goes on
        # that cell even when it reads as a column word
        wraps = bool(tokens) and tokens[-1].kind == TEXT and not new_group
        wraps = wraps and _open_end(tokens[-1].text) and not _whole_header(text)
        cell = None if wraps and tokens[-1].last == i - 1 else head_cell(text)
        after_data = bool(tokens) and tokens[-1].kind != COLNUM  # a header wraps only itself
        if (
            not seen_value
            and not after_data
            and _continues_header(columns, cell, text, head_group and not new_group)
        ):
            columns[-1] = Column(columns[-1].kind, columns[-1].role, f"{columns[-1].text} {text}")
            _late_header(tokens, text, i)
            new_group = False
            continue
        if cell is not None or (cell is None and not wraps and flat_header(text) is not None):
            if seen_value and _late_note(cell, columns, tokens):
                columns.append(cell)  # R16: pdfminer prints the note column's header late
                _late_header(tokens, text, i)
                continue
            if seen_value or (cell is not None and cell.kind == "no" and not _has_no(columns)):
                break  # a No cell after other header cells opens a table of its own
            if not _stray_number_head(lines, i, columns, cell, tokens):
                columns.extend([cell] if cell else flat_header(text) or [])
            _late_header(tokens, text, i)
            new_group, head_group = False, blank_mode
            continue
        head_group = False
        if not usable(columns):
            # row and column numbers (pdfminer prints them before the other header cells)
            # count little; other lines soon show there is no table header after all
            early += 1 if not _NUM_ONLY.match(text) and not _is_column_numbers(text) else 0.1
            if early > (_MAX_COLUMN_MAJOR if _promising(columns) else _MAX_EARLY):
                break
        trailing = any(c.kind in ("note", "unit") for c in columns)
        for n, (kind, value) in enumerate(line_tokens(text, trailing)):
            group = new_group if n == 0 else not (blank_mode and kind == TEXT)
            if blank_mode and kind == TEXT and not group and tokens and tokens[-1].kind == TEXT:
                tokens[-1].text = f"{tokens[-1].text} {value}"
                tokens[-1].last = i
                continue
            if not blank_mode and kind == TEXT and n > 0:
                group = True
            tokens.append(Token(kind, value, i, i, group or not blank_mode))
            seen_value = seen_value or kind in (VALUE, MONEY) or _bare_target(tokens, columns)
        new_group = False
        if "\f" in line.raw:
            break  # the line closes its page: the table stops after it
    return columns, _column_numbers(tokens, len(columns)), blank_mode


def _bare_target(tokens: list[Token], columns: list[Column]) -> bool:
    """The last token is a bare number after a whole row's text cells (``1`` / sasaran /
    indikator / ``100`` / ``Persen``): the row's target, so the data has begun and a header
    cell met now belongs to the next table."""
    last = tokens[-1]
    grade = last.text in _GRADES  # "A" after a whole row's text cells: its grade target
    if last.kind != NUM or not (last.text.isdigit() or grade) or not usable(columns):
        return False
    n_text = sum(c.kind == "text" for c in columns)
    texts = 0
    for n in range(len(tokens) - 2, -1, -1):
        if tokens[n].kind != TEXT:
            break
        texts += 1
    if texts < n_text:
        return False
    number = next(
        (tokens[n].text for n in range(len(tokens) - 2, -1, -1) if tokens[n].kind == NUM), None
    )
    if grade:
        return True  # a row number opens text cells; this one closes a row's
    return number is None or not _is_successor(last.text, number)  # not the next row's number


_LOWER_LAST = regex.compile(r"(?:^|\s)\p{Ll}+$")


def _numbered(columns: list[Column], tokens: list[Token]) -> list[Column]:
    """O3 (Tesseract): a No column that no row fills (a 150 dpi scan loses the small
    numbers of a narrow column) is dropped, so that the rows read as a table without
    numbers (R6b) and no rebuilt row starts with an empty cell (a continuation)."""
    if any(t.kind == NUM for t in tokens) or not any(c.kind == "no" for c in columns):
        return columns
    return [c for c in columns if c.kind != "no"]


def _whole_header(text: str) -> bool:
    """O2 (limits R2c): a line that is a whole flattened header by itself (a No or text column
    first, a target or amount column) is the next table's header, never wrapped words
    (``... berjalan sesuai standar`` / ``NO KEGIATAN INDIKATOR KINERJA Anggaran (Rp) Ket``)."""
    flat = flat_header(text)
    return flat is not None and _opens_table(text) and usable(list(flat))


def _open_end(text: str) -> bool:
    """R2c (PDFium prints each cell's lines apart, no blank lines): a text line ending with a
    lower-case word (``terhadap``, ``yang``) goes on below, even onto a column word."""
    return bool(_LOWER_LAST.search(text))


def _wrapped_word(lines: list[Line], i: int, text: str) -> bool:
    """A total word alone on a line whose text goes on right below it (no blank line, no
    amount: ``Jumlah`` / ``Pengaduan Layanan``) begins a wrapped cell, not the total."""
    word = TOTAL_WORD.match(text)  # alone: "JUMLAH Rp. 38.412.775.400,00" is the total
    if not word or word.end() < len(text.rstrip()) or i + 1 >= len(lines) or lines[i + 1].blank:
        return False
    below = lines[i + 1].text.strip()
    return below[:1].isalpha() and below[:2].lower() != "rp" and head_cell(below) is None


def _late_note(cell: Column | None, columns: list[Column], tokens: list[Token]) -> bool:
    """R16: a Penjelasan/Keterangan header cell met right after a text that follows a row's
    value (``412,5 Miliar`` / ``Target PAD sesuai ...`` / ``Penjelasan``), in a table that has
    no such column yet, names that text's column, printed late (pdfminer); a table never
    begins with its note column (R8), so it is not the next table."""
    if cell is None or cell.kind != "note" or any(c.kind == "note" for c in columns):
        return False
    kinds = [t.kind for t in tokens if t.kind != COLNUM][-2:]
    return usable(columns) and len(kinds) == 2 and kinds[1] == TEXT and kinds[0] in (VALUE, MONEY)


def _label_first_cell(lines: list[Line], i: int) -> tuple[int, int] | None:
    """R8b (pdfminer): a label line (``Target Kinerja``), then one plain text line, then the
    table's header: the text line is the first row's first cell, printed before the header.
    Returns (the text line, the header line)."""
    label = head_cell(lines[i].text)
    if label is None or label.kind != "value":
        return None
    found = [k for k in range(i + 1, min(len(lines), i + 6)) if not lines[k].blank][:2]
    if len(found) < 2:
        return None
    j, k = found
    text = lines[j].text.strip()
    if head_cell(text) or is_stop(text) or _LEAD_NUM.match(text) or "\t" in text:
        return None
    if line_tokens(text, False) != [(TEXT, text)] or not _opens_table(lines[k].text):
        return None
    return j, k


def _has_no(columns: list[Column]) -> bool:
    return any(c.kind == "no" for c in columns)


def _stray_number_head(
    lines: list[Line], i: int, columns: list[Column], cell: Column | None, tokens: list[Token]
) -> bool:
    """R13: a second ``No`` met among a table's cells after its text cells began is the
    header of the table printed below (pdftotext raw reads it early): it is no column of
    this table. One followed by numbering from 1 again is a second number column — two
    tables interleaved (pdfminer), which ``rebuild_table`` refuses."""
    if cell is None or cell.kind != "no" or not any(c.kind == "no" for c in columns):
        return False
    if not any(t.kind == TEXT for t in tokens):
        return False
    nxt = next((ln.text.strip() for ln in lines[i + 1 : i + 4] if not ln.blank), "")
    return _core(nxt) != "1"


def _late_header(tokens: list[Token], text: str, i: int) -> None:
    """A header line printed after row cells (pdfminer) is kept as a placeholder token so
    that the rebuilt rows still cover it."""
    if tokens:
        tokens.append(Token(COLNUM, text, i, i))


def _column_numbers(tokens: list[Token], n_columns: int) -> list[Token]:
    """``1`` .. ``n`` printed one per line under an n-column header, followed by a row
    number, number the columns, not rows."""
    m = 0
    while m < len(tokens) and tokens[m].kind == NUM and tokens[m].text == str(m + 1):
        m += 1
    if m == n_columns and m < len(tokens) and tokens[m].kind == NUM:
        for tok in tokens[:m]:
            tok.kind = COLNUM
    return tokens


def _rebuilt(lines: list[Line], indices: list[int], text: str) -> Line:
    chosen = [lines[i] for i in sorted(set(indices))]
    first, last = chosen[0], max(chosen, key=lambda ln: ln.last)
    return Line(
        first.number,
        text,
        "\n".join(line.raw for line in chosen),
        pack_boxes(union_bbox(line.bbox for line in chosen)),
        min((ln.confidence for ln in chosen if ln.confidence is not None), default=None),
        last.last if last.last != first.number else None,
    )


def _header_line(lines: list[Line], start: int, columns: list[Column], tokens: list[Token]) -> Line:
    """The header as one tab line covering every line before the first row's cells (header
    cells, wrapped header words, column numbers)."""
    first = next((t.first for t in tokens if t.kind != COLNUM), None)
    stop = first if first is not None else max((t.last + 1 for t in tokens), default=start + 1)
    last = max((i for i in range(start, stop) if not lines[i].blank), default=start)
    return _rebuilt(lines, [start, last], "\t".join(c.text for c in columns))


def _opens_table(text: str) -> bool:
    """R8: a table header begins with its number column or a text column (what a row is
    about); a target, amount or note cell alone (``Target Kinerja`` over the Penjelasan
    table ``Indikator Kinerja | Target | Penjelasan``) is a label, not the first column."""
    flat = flat_header(text)
    first = flat[0] if flat else head_cell(text)
    return first is not None and first.kind in ("no", "text")
