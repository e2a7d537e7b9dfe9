"""Stage 2b: rebuild tab-separated table rows from converters that do not keep columns.

The parsers read table rows only as tab-separated lines. pdftotext raw mode, pdfminer,
pypdfium2, plain Tesseract text and web transcripts lose the columns: a table comes either
one cell per line (header cells first, then each row's cells; a long cell wraps over lines;
blank lines may separate cells) or with a whole row's cells joined by single spaces. After a
table header recognised by its column words (No, Sasaran ..., Indikator ..., Target,
Satuan, Program/Kegiatan, Anggaran/Pagu, Sumber Dana, Keterangan, Penjelasan), the lines up
to the next heading, total, signature or label are cut into typed tokens (row number, text,
target value, amount, currency, funding source) and assigned to the header's columns; each
rebuilt row replaces the lines it came from by one tab-separated ``Line`` whose ``end`` says
which source lines it covers.

General rules (each named where it is implemented):

* R1 one cell per line: the column count is the header's; a row starts at a row number, text
  cells follow, the target/amount cell closes it; a wrapped text line joins the cell before it.
* R2 flattened rows: a line ``<number> <text> <value>`` is cut into number, text and value; the
  text is split between a Sasaran/Program column and the Indikator column where the indicator
  begins (measure words: Indeks, Nilai, Persentase, Jumlah ...), else kept whole.
* R3 run-on rows: a row number after a target value (``... Ditangani. 75% 2.``) opens the next
  row.
* R4 column-major blocks (pdfminer prints all row numbers, then the text cells, then the
  targets): when the row-major reading leaves rows without targets and the block holds exactly
  one number, ``k`` text cells and one value per row, each kind is dealt out in order.
* R5 a cell listing several indicators (dash items) takes one target per item.
* R6 text after a complete row and before the next number is another indicator of the same
  Sasaran (a cell spanning rows): a row with empty No and Sasaran cells.
* R7 a row without a numeric target whose last text cell is one more than its text columns
  and short has that cell as its target (``Paripurna``).

Header cells may wrap over lines (``INDIKATOR KINERJA`` / ``PROGRAM/KEGIATAN DAN`` / ``SUB
KEGIATAN``) and be followed by column numbers (``(1) (2)``, or ``1`` .. ``n`` one per line).

Only tables with a target or amount column are rebuilt (a wrong split of prose-only tables
would record false facts); everything is linear in the number of lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import regex

from .document import ITEM_BREAK, Line
from .pages import split_form_feeds
from .parse.tables import FUNDING, TOTAL_WORD
from .parse.values import parse_money
from .provenance import union_bbox
from .vocabulary import (
    NAME_IN_PARENS,
    NIP_LINE,
    PENJELASAN_HEAD,
    POSITION_START,
    ROLE_LINE,
    SECTION_START,
    is_heading,
)

# --- header cells -----------------------------------------------------------------------

_LEVEL = (
    r"(?:STRATEGIS|PROGRAM(?:\s*/\s*KEGIATAN)?(?:\s*/\s*SUB\s*KEGIATAN)?|KEGIATAN|"
    r"SUB\s*KEGIATAN|UTAMA|KINERJA|SASARAN)"
)
_COLUMN_WORDS: list[tuple[str, str, str]] = [
    # (kind, role, pattern): the kind drives the assignment, the role the text split.
    ("no", "no", r"NO\.?|NOMOR(?:\s+URUT)?"),
    ("value", "target", rf"TARGET(?:\s+{_LEVEL})?(?:\s+(?:TAHUN\s+)?\d{{4}})?"),
    ("value", "target", r"(?:TW|TRIWULAN|TRW)\s*\.?\s*(?:IV|I{1,3}|[1-4])"),
    ("unit", "unit", r"SATUAN"),
    ("text", "indicator", rf"INDIKATOR(?:\s+{_LEVEL}){{0,2}}"),
    ("text", "objective", rf"SASARAN(?:\s+{_LEVEL})?"),
    ("note", "note", r"SUMBER\s+DANA|KET\.?|KETERANGAN|PENJELASAN"),
    (
        "money",
        "amount",
        r"(?:PAGU\s+)?ANGGARAN(?:\s*\(\s*RP\.?\s*\))?|PAGU|"
        r"JUMLAH\s*(?:ANGGARAN\s*)?\(\s*RP\.?\s*\)|DANA\s*\(\s*RP\.?\s*\)",
    ),
    (
        "text",
        "name",
        r"(?:PROGRAM|KEGIATAN|SUB\s*KEGIATAN)(?:\s*[/,]\s*(?:KEGIATAN|SUB\s*KEGIATAN))*",
    ),
    ("text", "name", r"URAIAN"),
]
_ONE_HEAD = [
    (kind, role, regex.compile(rf"(?i:{pattern})\s*(?:\(\d{{1,2}}\))?\s*:?$"))
    for kind, role, pattern in _COLUMN_WORDS
]
# One header word at a position of a flattened header line ("No Sasaran Strategis ...").
_HEAD_AT = regex.compile(
    r"(?i:" + "|".join(f"(?P<c{n}>{p})" for n, (_, _, p) in enumerate(_COLUMN_WORDS)) + r")"
    r"(?:\s*\(\d{1,2}\))?(?=\s|$)\s*"
)
_HEAD_HINT = regex.compile(
    r"^(?i:no|nomor|sasaran|indikator|target|satuan|program|kegiatan|sub|anggaran|pagu|"
    r"jumlah|dana|sumber|ket|keterangan|penjelasan|uraian|tw|triwulan|trw)\b"
)
_MAX_HEAD_LEN = 120


@dataclass(frozen=True, slots=True)
class Column:
    kind: str  # no, text, value, money, unit, note
    role: str  # no, objective, indicator, name, target, amount, unit, note
    text: str


_HEAD_TAIL = regex.compile(r"\s*\(\d{1,2}\)\s*:?$|\s*:$")


@lru_cache(maxsize=4096)
def head_cell(text: str) -> Column | None:
    """The column a one-cell header line names, or None."""
    text = text.strip().rstrip("|").strip()
    if len(text) > 40 or not _HEAD_HINT.match(text):
        return None
    for kind, role, pattern in _ONE_HEAD:
        if pattern.match(text):
            return Column(kind, role, _HEAD_TAIL.sub("", text))
    return None


@lru_cache(maxsize=4096)
def flat_header(text: str) -> tuple[Column, ...] | None:
    """A header printed on one line with single spaces: every word is part of a column
    word (R2 applied to the header); None when the line is anything else."""
    text = text.strip().rstrip("|").strip()
    if len(text) > _MAX_HEAD_LEN or not _HEAD_HINT.match(text):
        return None
    out: list[Column] = []
    pos = 0
    while pos < len(text):
        match = _HEAD_AT.match(text, pos)
        if not match:
            return None
        n = int(next(name for name, v in match.groupdict().items() if v is not None)[1:])
        kind, role, _ = _COLUMN_WORDS[n]
        out.append(Column(kind, role, _HEAD_TAIL.sub("", match.group(0).strip())))
        pos = match.end()
    return tuple(out) if len(out) >= 2 else None


def usable(columns: list[Column]) -> bool:
    """A header worth rebuilding: a target or amount column and a text column."""
    kinds = {c.kind for c in columns}
    return len(columns) >= 2 and bool(kinds & {"value", "money"}) and "text" in kinds


# --- cell tokens ------------------------------------------------------------------------

# Token kinds: row number, text, target, amount, lone "Rp", funding source, and a column
# number or header line met among the cells (kept only so that rows cover its line).
NUM, TEXT, VALUE, MONEY, CUR, FUND, COLNUM = (
    "num",
    "text",
    "value",
    "money",
    "cur",
    "fund",
    "colnum",
)
_NUM_ONLY = regex.compile(r"^\(?(?:\d{1,3}|[A-Za-z]|[IVX]{1,4})[.)]?$")
_LEAD_NUM = regex.compile(r"^(?:(?:\d{1,3}|[A-Za-z]|[IVX]{1,4})[.)]|\d{1,3}(?=\s+\p{L}))\s+(?=\S)")
_RUN_ON_NUM = regex.compile(r"^\d{1,3}[.)]$")
_COLNUM = regex.compile(r"^\(\d{1,2}\)$")
_CUR = regex.compile(r"^R[pP]\.?:?$")
_NUMBER_WORD = regex.compile(r"^(?:[<>≤≥]=?)?(?:R[pP]\.?)?\d[\d.,]*(?:[-–]\d[\d.,]*)?-?%?$")
_GLITCH = regex.compile(r"^(?:\.\d{3}|,-+|\.-+|-|%|,00)$")
_RANGE = regex.compile(r"^(?:-|–|s\.?d\.?|s/d|sampai)$", regex.I)
_COMPARATOR = regex.compile(r"^(?:[<>≤≥]=?|min(?:imal)?\.?|maks(?:imal)?\.?)$", regex.I)
_UNIT_WORD = regex.compile(r"^[\p{L}/()]+[.,]?$")
_YEAR = regex.compile(r"^(?:19|20)\d{2}[.,]?$")
_NOT_VALUE_BEFORE = {"tahun", "nomor", "no", "no.", "pp", "ayat", "pasal", "uu", "nomor:", "th"}
_GRADES = {"A", "AA", "B", "BB", "C", "CC", "D", "WTP", "WDP", "TMP", "A-", "B+"}
_SCALES = {"ribu", "rb", "juta", "jt", "miliar", "milyar", "triliun", "trilyun", "m", "t"}
_KNOWN_UNITS = {
    "%",
    "persen",
    "indeks",
    "dokumen",
    "laporan",
    "unit",
    "kali",
    "orang",
    "investor",
    "kegiatan",
    "paket",
    "poin",
    "bulan",
    "hari",
    "jam",
    "mou",
}
# R2: words that begin an indicator, and words that begin a sasaran (a result).
MEASURE = regex.compile(
    r"^[-•]?(?:Indeks|Nilai|P\p{L}{0,3}sentase|Jumlah|Cakupan|Tingkat|Rasio|Angka|"
    r"Capaian|Rata-rata|Predikat|Opini|Skor|Level|Proporsi|Laju|Banyaknya)$",
    regex.I,
)
_NAME_MEASURE = regex.compile(r"^(?:Tersedianya|Terlaksananya|Terpenuhinya)$", regex.I)
RESULT = regex.compile(
    r"^(?:Meningkatnya|Terwujudnya|Menurunnya|Tercapainya|Terlaksananya|Tersedianya|"
    r"Terselenggaranya|Meningkatkan|Berkurangnya|Terpenuhinya|Terkendalinya|Optimalnya|"
    r"Terjaminnya|Terciptanya|Peningkatan|Penurunan|Terwujud|Menguatnya|Membaiknya)$",
    regex.I,
)
_CONNECTOR_END = regex.compile(
    r"(?:[,/&-]|\b(?:dan|atau|serta|yang|di|ke|dari|untuk|pada|dengan|terhadap|dalam|oleh|"
    r"bagi|of|the))$",
    regex.I,
)
_LOWER_START = regex.compile(r"^\p{Ll}")

# --- stop lines -------------------------------------------------------------------------

_PLACE_DATE = regex.compile(r"^[\p{L} .'-]{2,40},\s*(?:\d{1,2}\s+)?\p{L}+\s+\d{4}\s*$")
_LABEL = regex.compile(r":\s*\|?\s*$")


def is_stop(text: str) -> bool:
    """A line that ends a table: heading, section, total, signature (place and date, role,
    position, NIP, name in parentheses) or a label/prose lead ending with a colon."""
    return bool(
        is_heading(text)
        or SECTION_START.match(text)
        or PENJELASAN_HEAD.match(text)
        or TOTAL_WORD.match(text)
        or ROLE_LINE.match(text)
        or NIP_LINE.match(text)
        or NAME_IN_PARENS.match(text)
        or _PLACE_DATE.match(text)
        or (len(text) <= 60 and POSITION_START.match(text))
        or (_LABEL.search(text) and not head_cell(text))
    )


@dataclass(slots=True)
class Token:
    kind: str
    text: str
    first: int  # index into the line list
    last: int
    new_group: bool = True  # after a blank line (or the first of its line in line mode)


def _value_end(words: list[str], v: int, trailing: bool) -> int | None:
    """End (exclusive) of a target or amount value starting at ``words[v]``, or None.

    Without a text column after the value the value must reach the end of the line (a number,
    its scale and up to three unit words); with one, its unit is read by
    ``_trailing_unit_end``."""
    j = v
    if j < len(words) and _COMPARATOR.match(words[j]):
        j += 1
    if j < len(words) and _CUR.match(words[j]):
        j += 1
    if j >= len(words) or not _NUMBER_WORD.match(words[j]) or _RUN_ON_NUM.match(words[j]):
        return None  # "1." is a row number, not a target
    before = words[v - 1].lower() if v > 0 else ""
    if before in _NOT_VALUE_BEFORE or (_YEAR.match(words[j]) and j == v):
        return None
    j += 1
    while j < len(words) and _GLITCH.match(words[j]):
        j += 1
    if j + 1 < len(words) and _RANGE.match(words[j]) and _NUMBER_WORD.match(words[j + 1]):
        j += 2
    if j < len(words) and words[j].lower().rstrip(".") in _SCALES:
        j += 1
    if trailing:
        return _trailing_unit_end(words, j)
    rest = words[j:]
    if len(rest) > 3 or sum(len(w) for w in rest) > 30:
        return None
    if any(not _unit_word(w) for w in rest):
        return None
    return len(words)


_LOWER_WORD = regex.compile(r"^\p{Ll}[\p{L}/-]*$")


def _trailing_unit_end(words: list[str], j: int) -> int:
    """Unit words after a value that text follows (``160 pelaku usaha Target tersebut ...``):
    a run of up to three lower-case words ended by a capitalised word or the line's end, or
    else one known unit word."""
    k = j
    while k < len(words) and k - j < 3 and _LOWER_WORD.match(words[k]):
        k += 1
    if k > j and (k == len(words) or not _LOWER_WORD.match(words[k])):
        return k
    known = j < len(words) and words[j].lower().strip(".,") in _KNOWN_UNITS
    return j + 1 if known else j


def _unit_word(word: str) -> bool:
    """A word that can follow a count as its unit (``Indeks`` is both unit and measure)."""
    if word.lower().strip(".,") in _KNOWN_UNITS:
        return True
    if word.lower().endswith("nya") or MEASURE.match(word) or RESULT.match(word):
        return False  # "Tersusunnya", "Meningkatnya": a sasaran, not a unit
    return bool(_UNIT_WORD.match(word))


_GROUPED_AMOUNT = regex.compile(r"^\d{1,3}(?:\.\d{3}){2,}")


def _value_kind(text: str) -> str:
    """MONEY for an amount (``Rp``, digit groups), VALUE for any other target."""
    stripped = text.strip()
    if "%" in stripped or "persen" in stripped.lower():
        return VALUE
    if stripped[:2].lower() == "rp" or _GROUPED_AMOUNT.match(stripped):
        return MONEY
    return VALUE


def _is_column_numbers(text: str) -> bool:
    """The ``(1) (2) (3)`` row printed under a header (alone or flattened on one line)."""
    words = text.split()
    if len(words) == 1:
        return bool(_COLNUM.match(text))
    if len(words) < 3 or not all(w.strip("()").isdigit() and len(w) <= 4 for w in words):
        return False
    numbers = [int(w.strip("()")) for w in words]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def line_tokens(text: str, trailing: bool) -> list[tuple[str, str]]:
    """Cut one line into typed cells (R1 for a whole-line cell, R2/R3 for a flattened row)."""
    text = text.strip().rstrip("|").strip()
    if not text:
        return []
    if _is_column_numbers(text):
        return [(COLNUM, text)]
    if _NUM_ONLY.match(text):  # a row number, or a bare target ("7", "A"): see assign_rows
        return [(NUM, text)]
    if text in _GRADES:
        return [(VALUE, text)]
    if _CUR.match(text):
        return [(CUR, text)]
    if FUNDING.fullmatch(text):
        return [(FUND, text)]
    out: list[tuple[str, str]] = []
    lead = _LEAD_NUM.match(text)
    words = text.split()
    if lead and _value_end(words, 0, trailing) != len(words):
        out.append((NUM, text[: lead.end()].strip()))
        words = text[lead.end() :].split()
    tail: tuple[str, str] | None = None
    if (
        len(words) >= 2
        and _RUN_ON_NUM.match(words[-1])
        and (_find_value(words[:-1], False)[0] is not None or words[-2] in _GRADES)
    ):
        tail = (NUM, words[-1])
        words = words[:-1]
    start, end = _find_value(words, trailing)
    if tail and start is None and words[-1] in _GRADES:  # R3: "... Kinerja A 6."
        start, end = len(words) - 1, len(words)
    if start is None:
        out.append((TEXT, " ".join(words)))
    else:
        if start:
            out.append((TEXT, " ".join(words[:start])))
        out.extend(_value_tokens(" ".join(words[start:end])))
        if end < len(words):
            out.append((TEXT, " ".join(words[end:])))
    if tail:
        out.append(tail)
    return [t for t in out if t[1]]


_VALUE_TAIL = 10  # a value that ends a line starts within its last words (number, unit ...)


def _may_start_value(word: str) -> bool:
    """Cheap test before ``_value_end``: a digit, a currency or a comparator first."""
    first = word[:1]
    return first.isdigit() or first in "<>≤≥RrMm"


def _find_value(words: list[str], trailing: bool) -> tuple[int | None, int]:
    """Where the value of a flattened row starts and ends: at the line's end (no text column
    after it), else the first value after the text."""
    if not trailing:
        if len(words) >= 2 and words[-1] in _GRADES and len(words[-1]) > 1:
            return len(words) - 1, len(words)
        for v in range(max(0, len(words) - _VALUE_TAIL), len(words)):
            if _may_start_value(words[v]) and _value_end(words, v, False) == len(words):
                return v, len(words)
        return None, len(words)
    for v in range(len(words)):
        end = _value_end(words, v, True) if _may_start_value(words[v]) else None
        if end is not None:
            return v, end
    return None, len(words)


def _value_tokens(text: str) -> list[tuple[str, str]]:
    """A value cell, with a funding source after an amount as a cell of its own."""
    kind = _value_kind(text)
    if kind == MONEY and (found := parse_money(text)):
        rest = text[text.find(found[0]) + len(found[0]) :].strip() if found[0] in text else ""
        if rest and FUNDING.fullmatch(rest):
            return [(MONEY, text[: len(text) - len(rest)].strip()), (FUND, rest)]
    return [(kind, text)]


# --- rows -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Row:
    tokens: list[Token] = field(default_factory=list)
    no: str = ""
    texts: list[Token] = field(default_factory=list)  # text before the value
    after: list[Token] = field(default_factory=list)  # text after the value
    slots: dict[int, str] = field(default_factory=dict)
    currency: str = ""
    sub: bool = False  # R6: a further indicator under the merged Sasaran cell of the row above
    start: int = 0  # index of its first token

    def filled(self, columns: list[Column]) -> bool:
        return any(i in self.slots for i, c in enumerate(columns) if c.kind in ("value", "money"))


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
    rows: list[_Row] = []
    row: _Row | None = None
    used = 0
    last_no: str | None = None
    for n, tok in enumerate(tokens):
        kind = tok.kind
        if kind == COLNUM:
            if row is not None:
                row.tokens.append(tok)  # covered by the row's lines
            used = n + 1
            continue
        if kind == NUM:
            plain = tok.text.isdigit() or tok.text in _GRADES  # may be the target itself
            value_open = row is not None and not row.filled(columns) and len(row.texts) >= n_text
            grade = tok.text in _GRADES and value_open  # "A" without a dot: a target
            if (
                row is None
                or row.filled(columns)
                or (_is_successor(tok.text, last_no) and not grade)
            ):
                row = _Row(no=tok.text)
                rows.append(row)
                row.tokens.append(tok)
                last_no = tok.text
                used = n + 1
                continue
            kind = VALUE if plain and value_open else TEXT
        if row is None:
            if has_no or kind != TEXT:
                break
            row = _Row()
            rows.append(row)
        if (
            kind == TEXT
            and not has_no
            and row.filled(columns)
            and _opens_row(row, tok, trailing, blank_mode)
        ):
            row = _Row()  # a table without numbers: text after a complete row opens the next
            rows.append(row)
        if kind == TEXT:
            if not row.filled(columns):
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
    if rows and rows[-1].sub and not rows[-1].filled(columns):
        used = rows.pop().start  # no target came: not a row of the table
    return [r for r in rows if r.tokens or r.texts], used


def _opens_row(row: _Row, tok: Token, trailing: bool, blank_mode: bool) -> bool:
    """Without a note column any text after the value opens a row; with one, only a new
    group of lines (blank line before it) after the note's own text."""
    return not trailing or bool(blank_mode and tok.new_group and row.after)


_DASH_ITEMS = regex.compile(r"(?:^|\s)-\s*\p{L}")


def _is_list(row: _Row) -> bool:
    """The row's text holds a dash list of several items (one indicator per item)."""
    text = " ".join(t.text for t in row.texts)
    return len(_DASH_ITEMS.findall(text)) >= 2


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


def split_text(parts: list[Token], roles: list[str], blank_mode: bool = True) -> list[str]:
    """R2: cut a row's text fragments into its text columns.

    A cut falls between fragments printed apart (blank line), before a fragment or word that
    begins an indicator (measure word), or between lines that do not read as one sentence; a
    word cut needs a measure word and, under a Sasaran column, a sasaran that begins with a
    result word or a single measure word in the whole text; a later Sasaran column (after
    Program/Kegiatan) begins at a result word. When the cuts are not clear the text is kept
    whole, in the indicator column if there is one (the target belongs to it), else in the
    first."""
    k = len(roles)
    words: list[str] = []
    starts: dict[int, Token] = {}
    for part in parts:
        starts[len(words)] = part
        words.extend(part.text.split())
    if k <= 1 or not words:
        return [" ".join(words)] + [""] * max(k - 1, 0)
    result_start = bool(RESULT.match(words[0]))
    name_first = roles[0] == "name"
    min_word = 2 if result_start else 1
    measures = set()
    for p in range(min_word, len(words)):
        word = words[p + 1] if words[p] in ("-", "•") and p + 1 < len(words) else words[p]
        if words[p - 1] in ("-", "•") or _CONNECTOR_END.search(words[p - 1]):
            continue  # the cut goes before the dash; "... dan Jumlah" is one name
        if MEASURE.match(word) or (name_first and _NAME_MEASURE.match(word)):
            measures.add(p)
    # a Sasaran column after the first text column begins with a result word
    later_objective = "objective" in roles[1:]
    results = {p for p in range(1, len(words)) if later_objective and RESULT.match(words[p])}
    # a word cut is clear after a result word or a name, or when only one word could begin
    # the indicator
    word_cut_ok = result_start or name_first or len(measures) == 1
    scores: list[tuple[int, int]] = []
    line_cuts: list[int] = []  # fragment starts that do not continue a sentence
    for p in range(1, len(words)):
        word, prev = words[p], words[p - 1]
        measure = p in measures or p in results
        if p in starts:
            tok = starts[p]
            joined = _CONNECTOR_END.search(prev) or _LOWER_START.match(word)
            score = -5 if joined else (3 if blank_mode and tok.new_group else 1)
            score += 2 if measure else 0
            line_cuts += [] if joined else [p]
        else:
            score = 2 if measure and (word_cut_ok or p in results) else 0
        if score >= 2:
            scores.append((score, p))
    chosen = sorted(p for _, p in sorted(scores, key=lambda s: (-s[0], s[1]))[: k - 1])
    if len(chosen) < k - 1 and len(parts) == k and len(line_cuts) == k - 1:
        chosen = line_cuts  # R1: exactly one line per text column, none continuing another
    if len(chosen) < k - 1:
        whole = [""] * k
        target = roles.index("indicator") if "indicator" in roles else 0
        whole[target] = " ".join(words)
        return whole
    bounds = [0, *chosen, len(words)]
    return [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]


def _word_target(
    row: _Row, columns: list[Column], n_text: int
) -> tuple[list[Token], tuple[int, str] | None]:
    """R7: a row without a numeric target whose last text cell is one more than its text
    columns and short (``Paripurna``, ``Baik``, ``Tersedia``) has that cell as its target."""
    value_cols = [i for i, c in enumerate(columns) if c.kind == "value"]
    last = row.texts[-1] if row.texts else None
    if not value_cols or row.filled(columns) or last is None or len(row.texts) != n_text + 1:
        return row.texts, None
    words = last.text.split()
    short = len(words) <= 3 and len(last.text) <= 25 and last.text[:1].isupper()
    if not short or MEASURE.match(words[0]) or RESULT.match(words[0]):
        return row.texts, None
    return row.texts[:-1], (value_cols[0], last.text)


def row_cells(row: _Row, columns: list[Column], blank_mode: bool) -> list[str]:
    """The cells of a row in header order."""
    cells = [""] * len(columns)
    text_cols = [i for i, c in enumerate(columns) if c.kind == "text"]
    for i, c in enumerate(columns):
        if c.kind == "no":
            cells[i] = row.no
    if row.sub:
        text_cols = text_cols[1:]  # the merged Sasaran/Program cell stays with the row above
    parts, word_target = _word_target(row, columns, len(text_cols))
    texts = split_text(parts, [columns[i].role for i in text_cols], blank_mode)
    if row.no and texts and not any(c.kind == "no" for c in columns):
        texts[0] = f"{row.no} {texts[0]}".strip()  # no number column: keep it with the name
    for i, text in zip(text_cols, texts, strict=False):
        cells[i] = text
    for i, text in row.slots.items():
        cells[i] = text
    if word_target is not None:
        cells[word_target[0]] = word_target[1]
    tail = [i for i, c in enumerate(columns) if c.kind in ("note", "unit") and i not in row.slots]
    after = [t.text for t in row.after]
    if after and tail:
        cells[tail[0]] = " ".join(after)
    elif after and blank_mode:
        for i, text in zip(text_cols, after, strict=False):
            cells[i] = f"{cells[i]} {text}".strip()
    if row.currency:
        cells[-1] = f"{cells[-1]} {row.currency}".strip()
    return cells


# --- blocks -----------------------------------------------------------------------------

_MAX_BLOCK = 600
# Data lines allowed before the header is complete (pdfminer prints row numbers or a first
# cell between header cells); a heading such as "Indikator Kinerja" gives up after them.
_MAX_EARLY = 4
# ... unless the header so far is No plus two text columns: pdfminer prints the target
# column's header after all the text cells of a column-major block.
_MAX_COLUMN_MAJOR = 40


def _promising(columns: list[Column]) -> bool:
    kinds = [c.kind for c in columns]
    return "no" in kinds and kinds.count("text") >= 2


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


def _block_tokens(lines: list[Line], start: int) -> tuple[list[Column], list[Token], bool]:
    """Header columns and data tokens from ``lines[start]`` to the next stop line."""
    first = lines[start]
    flat = flat_header(first.text)
    columns: list[Column] = list(flat) if flat else []
    nxt = start + 1
    blank_mode = not flat and any(line.blank for line in lines[nxt : nxt + 6])
    trailing = False
    tokens: list[Token] = []
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
        text = line.text.strip().rstrip("|").rstrip()  # web transcripts end cells with " |"
        # a form feed before the text opens the next page: the table stops before it
        opens_page = "\f" in line.raw and not line.raw.split("\f", 1)[0].strip()
        if "\t" in text or opens_page or is_stop(text):
            break
        cell = head_cell(text)
        if not seen_value and _continues_header(columns, cell, text, head_group and not new_group):
            columns[-1] = Column(columns[-1].kind, columns[-1].role, f"{columns[-1].text} {text}")
            _late_header(tokens, text, i)
            new_group = False
            continue
        if cell is not None or (flat_header(text) is not None):
            if seen_value:
                break
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
            seen_value = seen_value or kind in (VALUE, MONEY)
        new_group = False
        if "\f" in line.raw:
            break  # the line closes its page: the table stops after it
    return columns, _column_numbers(tokens, len(columns)), blank_mode


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
        union_bbox(line.bbox for line in chosen) if any(ln.bbox for ln in chosen) else None,
        min((ln.confidence for ln in chosen if ln.confidence is not None), default=None),
        (),
        last.last if last.last != first.number else None,
    )


def _header_line(lines: list[Line], start: int, columns: list[Column], tokens: list[Token]) -> Line:
    """The header as one tab line covering every line before the first row's cells (header
    cells, wrapped header words, column numbers)."""
    first = next((t.first for t in tokens if t.kind != COLNUM), None)
    stop = first if first is not None else max((t.last + 1 for t in tokens), default=start + 1)
    last = max((i for i in range(start, stop) if not lines[i].blank), default=start)
    return _rebuilt(lines, [start, last], "\t".join(c.text for c in columns))


def rebuild_table(lines: list[Line], start: int) -> tuple[list[Line], int] | None:
    """The rebuilt header and rows of a table whose header starts at ``lines[start]`` and the
    index after the last line they consumed; None when there is no usable table there."""
    columns, tokens, blank_mode = _block_tokens(lines, start)
    if not usable(columns) or not tokens:
        return None
    rows, used = assign_rows(tokens, columns, blank_mode)
    complete = [r for r in rows if r.filled(columns)]
    if len(complete) < len(rows) or not rows:
        dealt = deal_by_kind(tokens[:used] if used else tokens, columns)
        if dealt is None and used < len(tokens):
            dealt = deal_by_kind(tokens, columns)
            used = len(tokens) if dealt else used
        if dealt is not None:
            rows = dealt
            complete = rows
    if not complete:
        return None
    consumed = tokens[:used]
    out = [_header_line(lines, start, columns, consumed)]
    for row in rows:
        cells = row_cells(row, columns, blank_mode)
        indices = [i for t in row.tokens for i in (t.first, t.last)]
        indices += [i for t in row.texts + row.after for i in (t.first, t.last)]
        out.append(_rebuilt(lines, indices, "\t".join(cells)))
    end = max(t.last for t in consumed) + 1 if consumed else start + 1
    # header cells interleaved with data (pdfminer) are consumed too
    return out, end


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
        if not (head_cell(text) or flat_header(text)) or _inside_header(out):
            out.append(line)
            i += 1
            continue
        built = rebuild_table(lines, i)
        if built is None:
            out.append(line)
            i += 1
            continue
        rebuilt, end = built
        out.extend(rebuilt)
        i = end
    return out
