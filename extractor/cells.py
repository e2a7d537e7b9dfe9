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
* R6b under a unit or note column, such text is the column's unless it opens a line and its
  own target follows before the next number (a flattened row printed without its number);
  without a number column, a line opening with a capitalised text and holding its own target.
* R7 a row without a numeric target whose last text cell is one more than its text columns
  and short has that cell as its target (``Paripurna``).

PDFium (pypdfium2 ``get_text_range``: rows flattened, each cell's lines printed apart;
tests/test_pdfium_text.py):

* R2b a comparator in words (``paling banyak 5``, ``kurang dari 14``) opens the target; an
  indicator begins at the first of consecutive measure words (``Nilai Realisasi ...``).
* R2d a line of values only (``100 % 20 % 45 % 72 % 100 %``, ``BB - - - BB``, ``2.000 objek
  5.500 objek``) is one target per value column, ``-`` an empty cell.
* R2e a Sasaran begins at any ``ter-``/``ber-`` result noun ending ``-nya``.
* R2f a value cell wrapped before its unit (``12.500`` / ``objek``) takes the unit line; a bare
  number under a value, not the next row number, is the next target.
* R6c under a Keterangan already holding the funding source, the line after a flattened
  budget row is the rest of its name.
* R10b a line or two of text before the first row number (a row's cells cut by the page
  break, under the header repeated on the next page) is covered, not the table's end.

Reading orders of pdftotext raw and pdfminer (tests/test_raw_text.py):

* R8 a header begins with its number or a text column: a target cell alone (``Target
  Kinerja``) is a label; R8b under such a label a text line printed before the header is the
  first row's first cell.
* R9 an indicator table without a number column has no row numbers: a bare number after the
  text is the target, a numbered line after a complete row the next section.
* R10 a value before the first row number cannot be placed and is dropped.
* R11 cells printed after the rows (the amount column's header, ``Ket``, the total word, the
  amounts) fill the rows that lack an amount, in order; the total is the amount that is the
  sum of the others (else the one right after the total word, else the last).
* R12 a grade after ``Minimal``/``Predikat`` is part of the text.
* R13 a second ``No`` after text cells is the next table's header (ignored); one followed by
  numbering from 1 again means two tables interleaved: header only, no rows.
* R14 numbers (and Sasaran cells) printed column by column, then one group per row: text
  cell(s) followed by values, unit, funding source.
* R15 cells before their row numbers (numbers after the last value): header only, no rows —
  the record reports the table unread rather than guessing.
* R16 a Penjelasan/Keterangan header printed right after the first row's note names it.
* R17 in a budget list without numbers whose text column is the name, a second name printed
  apart before the row's amount is the next row.

A line right under a data text that reads on (``... terhadap`` / ``Target``), or a total
word whose text goes on below it (``Jumlah`` / ``Pengaduan ...``), stays in its cell.

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
    (
        "value",
        "target",
        rf"TARGET(?:\s+{_LEVEL})?(?:\s+(?:TAHUN\s+)?\d{{4}})?"
        r"(?:\s+(?:TW|TRIWULAN|TRW)\s*\.?\s*(?:IV|I{1,3}|[1-4]))?",
    ),
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
_RULE = regex.compile(r"(?<!\S)\|(?!\S)")


def unruled(text: str) -> str:
    """O1 (Tesseract): OCR reads a table's vertical ruling line as a lone ``|`` between
    cells (``2 | Meningkatnya ...``, ``Anggaran (Rp) | Ket``). It is no text; the
    flattened-row rules find the cell boundary without it, so it reads as a space."""
    return " ".join(_RULE.sub(" ", text).split()) if "|" in text else text


@lru_cache(maxsize=4096)
def head_cell(text: str) -> Column | None:
    """The column a one-cell header line names, or None."""
    text = unruled(text).strip().rstrip("|").strip()
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
    text = unruled(text).strip().rstrip("|").strip()
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
# R12: a grade after one of these words is part of the indicator's name ("Persentase
# Perangkat Daerah dengan Nilai SAKIP Minimal BB"), not its target.
_GRADE_QUALIFIERS = {"minimal", "minimum", "min.", "predikat", "kategori"}
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
    r"Capaian|Rata-rata|Predikat|Opini|Skor|Level|Proporsi|Laju|Banyaknya|Realisasi|Panjang|"
    r"Prevalensi)$",
    regex.I,
)
_NAME_MEASURE = regex.compile(r"^(?:Tersedianya|Terlaksananya|Terpenuhinya)$", regex.I)
RESULT = regex.compile(
    r"^(?:Meningkatnya|Terwujudnya|Menurunnya|Tercapainya|Terlaksananya|Tersedianya|"
    r"Terselenggaranya|Meningkatkan|Berkurangnya|Terpenuhinya|Terkendalinya|Optimalnya|"
    r"Terjaminnya|Terciptanya|Peningkatan|Penurunan|Terwujud|Menguatnya|Membaiknya|"
    # R2e: any ter-/ber-...-nya result noun (Terbangunnya, Tertanganinya, Terpeliharanya)
    r"Ter\p{Ll}{3,}nya|Ber\p{Ll}{3,}nya)$",
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
    j = _comparator_end(words, v)
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


def _unit_after(word: str) -> bool:
    """A unit word after a number: lower-case, no comparator, no range (``3 sd 6 hari``)."""
    return bool(_LOWER_WORD.match(word)) and not _COMPARATOR.match(word) and not _RANGE.match(word)


def value_run(text: str) -> list[str] | None:
    """R2d: a line of values only (``100 % 20 % 45 % 72 % 100 %``, ``BB - - - BB``, ``2.000
    objek 5.500 objek``): a row's target and quarterly targets printed side by side (PDFium),
    one value each with its lower-case unit; ``-`` is an empty cell that keeps the columns in
    place. None unless two values, one of them real."""
    words = text.split()
    first = words[0] if words else ""
    if len(words) < 2 or not (first[:1].isdigit() or first in _GRADES or first[0] in "<>≤≥-R"):
        return None
    out: list[str] = []
    i = 0
    while i < len(words):
        j = i + 1 if _COMPARATOR.match(words[i]) and not _NUMBER_WORD.match(words[i]) else i
        j = j + 1 if j < len(words) and _CUR.match(words[j]) else j
        if j < len(words) and (_NUMBER_WORD.match(words[j]) or (j == i and words[j] in _GRADES)):
            j += 1
            j = j + 1 if j < len(words) and words[j] == "%" else j
            unit = j
            while j < len(words) and j - unit < _MAX_UNIT_WORDS and _unit_after(words[j]):
                j += 1  # "2.000 objek 5.500 objek", "30 wajib pajak 70 wajib pajak"
        elif j == i and words[i] in ("-", "–"):
            j += 1
        else:
            return None
        out.append(" ".join(words[i:j]))
        i = j
    real = [v for v in out if v not in ("-", "–")]
    if all(v.isdigit() for v in real):
        return None  # bare whole numbers: row or column numbers, years, not a value run
    return out if len(out) >= 2 and real else None


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
    if (run := value_run(text)) is not None:
        return [(_value_kind(v), v) for v in run]
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
    return first.isdigit() or first in "<>≤≥RrMm" or word.lower() in _PHRASE_STARTS


# R2b: a comparator in words opens the target (``Jumlah Kematian Ibu paling banyak 5 kasus``:
# the indicator ends before it); parse/values reads it as ``<=``.
_PHRASE_COMPARATOR = regex.compile(
    r"^(?i:paling\s+(?:banyak|tinggi|sedikit|rendah)|tidak\s+(?:lebih|kurang)\s+dari|"
    r"kurang\s+dari|lebih\s+dari|di\s*bawah|di\s*atas|sekurang-kurangnya|setinggi-tingginya)$"
)
_PHRASE_STARTS = {
    "paling", "tidak", "kurang", "lebih", "di", "dibawah", "diatas", "sekurang-kurangnya",
    "setinggi-tingginya",
}  # fmt: skip


def _comparator_end(words: list[str], j: int) -> int:
    """Where a value starting at ``words[j]`` has its number: after a comparator, a symbol or
    a word (``maks``) or a phrase (``paling banyak``, ``kurang dari``)."""
    if j < len(words) and _COMPARATOR.match(words[j]):
        return j + 1
    if j < len(words) and words[j].lower() in _PHRASE_STARTS:
        for k in (3, 2, 1):
            if j + k <= len(words) and _PHRASE_COMPARATOR.match(" ".join(words[j : j + k])):
                return j + k
    return j


def _find_value(words: list[str], trailing: bool) -> tuple[int | None, int]:
    """Where the value of a flattened row starts and ends: at the line's end (no text column
    after it), else the first value after the text."""
    if not trailing:
        if (
            len(words) >= 2
            and words[-1] in _GRADES
            and len(words[-1]) > 1
            and words[-2].lower() not in _GRADE_QUALIFIERS
        ):
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
    named = any(c.role == "name" for c in columns)
    strays: list[Token] = []
    rows: list[_Row] = []
    row: _Row | None = None
    used = 0
    last_no: str | None = None
    unit_of: tuple[int, int] | None = None  # R2f: (slot, line) of the value a unit may end
    for n, tok in enumerate(tokens):
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
            value_open = row is not None and not row.filled(columns) and len(row.texts) >= n_text
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
            and (_opens_row(row, tok, trailing, blank_mode) or _flat_row_follows(row, tokens, n))
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
    if rows and rows[-1].sub and not rows[-1].filled(columns):
        used = rows.pop().start  # no target came: not a row of the table
    return [r for r in rows if r.tokens or r.texts], used


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


_MAX_UNIT_WORDS = 3


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
        if MEASURE.match(words[p - 1]):
            continue  # "Nilai Realisasi ...": an indicator begins at the first measure word
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


_JOINING = regex.compile(r"^(?:dan|atau|serta|pada|di|ke|dari|untuk)$")


def _name_end(words: list[str]) -> int:
    """Where the Title-Case words of a wrapped name end: at the first lower-case word that
    does not join two capitalised words (``Barang dan Jasa Daerah`` | ``tepat waktu``)."""
    for k, word in enumerate(words):
        if not _LOWER_START.match(word):
            continue
        joins = _JOINING.match(word) and k + 1 < len(words) and words[k + 1][:1].isupper()
        if not (joins and k > 0):
            return k
    return len(words)


def _wrapped_text_cells(row: _Row, n_text: int) -> tuple[list[Token], list[str]] | None:
    """O4 (flattened OCR rows): ``Penyusunan Dokumen Perencanaan Jumlah dokumen ... Rp
    44.763.000,- APBD`` / ``Perangkat Daerah tepat waktu``. When the note on the value's line
    is a funding source, the text lines after it are the row's two text cells wrapping,
    joined by single spaces: a Title-Case name goes on up to the first lower-case word, the
    indicator sentence from there. Returns those tokens and the two pieces, or None. (Where
    the row's own text could not be cut into its cells, the wrapped lines stay apart too.)"""
    values = [t.last for t in row.tokens if t.kind in (VALUE, MONEY)]
    if n_text < 2 or not values or not row.after:
        return None
    line = max(values)
    own = [t for t in row.after if t.first <= line]
    later = row.after[len(own) :]
    if not own or not later or any(t.first <= line for t in later):
        return None
    if not FUNDING.fullmatch(" ".join(t.text for t in own)):
        return None
    words = " ".join(t.text for t in later).split()
    cut = _name_end(words)
    return later, [" ".join(words[:cut]), " ".join(words[cut:])]


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
    wrapped = _wrapped_text_cells(row, len(text_cols))
    if wrapped is not None and all(cells[i] for i in (text_cols[0], text_cols[-1])):
        after = after[: len(after) - len(wrapped[0])]  # the note on the value's line only
        for i, text in zip((text_cols[0], text_cols[-1]), wrapped[1], strict=True):
            cells[i] = f"{cells[i]} {text}".strip()
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
    if last.kind != NUM or not last.text.isdigit() or not usable(columns):
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


@dataclass(slots=True)
class _Late:
    """Cells printed after a table's rows (R11): header cells, the total word, values."""

    columns: list[Column] = field(default_factory=list)
    values: list[Token] = field(default_factory=list)
    funds: dict[int, str] = field(default_factory=dict)  # value index -> funding source
    total: Token | None = None
    right_after: bool = False  # the first value follows the total word, nothing between
    end: int = 0  # index after the last line read


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
    columns, rows, used, late, total = _with_late(lines, columns, tokens, blank_mode)
    if not rows:
        return _unreadable(lines, start, columns, tokens)
    complete = [r for r in rows if r.filled(columns)]
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


def _opens_table(text: str) -> bool:
    """R8: a table header begins with its number column or a text column (what a row is
    about); a target, amount or note cell alone (``Target Kinerja`` over the Penjelasan
    table ``Indikator Kinerja | Target | Penjelasan``) is a label, not the first column."""
    flat = flat_header(text)
    first = flat[0] if flat else head_cell(text)
    return first is not None and first.kind in ("no", "text")


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
        if built is None:
            out.append(line)
            i += 1
            continue
        rebuilt, end = built
        out.extend(rebuilt)
        i = end
    return out
