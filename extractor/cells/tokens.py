"""Cutting a line into typed cell tokens (row number, text, target value, amount, currency,
funding source): flattened rows (R2, R2b comparators in words, R2d value-only lines, R2e
result nouns), run-on rows (R3), grades kept in the text (R12), the measure/result words that
start an indicator or Sasaran, and the stop lines that end a table.
"""

from __future__ import annotations

import regex

from ..parse.tables import FUNDING, TOTAL_WORD
from ..parse.values import parse_money
from ..vocabulary import (
    NAME_IN_PARENS,
    NIP_LINE,
    PENJELASAN_HEAD,
    POSITION_START,
    ROLE_LINE,
    SECTION_START,
    is_heading,
    is_page_marker,
)
from .header import head_cell

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
    "desa",  # places counted as units ("2.786 Desa"), printed capitalised
    "kelurahan",
    "kecamatan",
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
_LABEL = regex.compile(r":\s*+\|?\s*$")  # possessive: no split of one space run


def is_stop(text: str) -> bool:
    """A line that ends a table: heading, section, total, signature (place and date, role,
    position, NIP, name in parentheses), a worded page marker or a label/prose lead ending
    with a colon."""
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
        # a worded page marker (``Halaman 3 dari 3``) closes the page, like a form feed;
        # ``(3)`` and ``- 3 -`` may be column numbers and are left to the table
        or (text[:1].isalpha() and is_page_marker(text))
    )


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
            and (len(words[-1]) > 1 or (len(words) > 2 and words[-2].lower() not in _LETTER_NAMES))
            and words[-2].lower() not in _GRADE_QUALIFIERS
        ):  # R2g: one letter too, unless it names a class ("Tipe A")
            return len(words) - 1, len(words)
        for v in range(max(0, len(words) - _VALUE_TAIL), len(words)):
            if _may_start_value(words[v]) and _value_end(words, v, False) == len(words):
                return v, len(words)
        return None, len(words)
    grade = _grade_before_note(words)
    for v in range(grade if grade is not None else len(words)):
        end = _value_end(words, v, True) if _may_start_value(words[v]) else None
        if end is not None:
            return v, end
    return (grade, grade + 1) if grade is not None else (None, len(words))


# R2g: words after which a letter names a class, not a grade ("Rumah Sakit Tipe A").
_LETTER_NAMES = {"tipe", "kelas", "lampiran", "golongan", "zona", "blok", "tabel", "huruf"}


def _grade_before_note(words: list[str]) -> int | None:
    """R2g: a flattened row under a note column (``Nilai SAKIP Pemerintah Kabupaten A Target
    mengacu ...``): a grade word (``A``, ``BB``, ``WTP``) after at least two words of text and
    right before a capitalised word (the note's first) is the target; not after a qualifier
    (R12, ``Minimal BB``) nor, for a single letter, after a word naming a class (``Tipe A``)."""
    for v in range(2, len(words) - 1):
        word = words[v]
        if word not in _GRADES or not words[v + 1][:1].isupper() or words[v + 1] in _GRADES:
            continue
        before = words[v - 1].lower()
        if before in _GRADE_QUALIFIERS or (len(word) == 1 and before in _LETTER_NAMES):
            continue
        if words[v + 1].isupper():
            continue  # an acronym after it: "... A BPK": more of the name
        return v
    return None


def _value_tokens(text: str) -> list[tuple[str, str]]:
    """A value cell, with a funding source after an amount as a cell of its own."""
    kind = _value_kind(text)
    if kind == MONEY and (found := parse_money(text)):
        rest = text[text.find(found[0]) + len(found[0]) :].strip() if found[0] in text else ""
        if rest and FUNDING.fullmatch(rest):
            return [(MONEY, text[: len(text) - len(rest)].strip()), (FUND, rest)]
    return [(kind, text)]


_MAX_UNIT_WORDS = 3
