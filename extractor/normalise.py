"""Stage 2: normalise OCR/converter text line by line, recording every content repair.

The output keeps one ``Line`` per source line (same numbering; several table rows printed on
one source line share its number, see ``markup.py``), so provenance stays a plain line
number. Formatting (HTML, markdown, pipe tables) is removed silently because it carries no
data; OCR repairs change data and are returned as ``RepairNote``s.
"""

from __future__ import annotations

import html
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import replace
from itertools import accumulate

import regex

from .columns import align_columns
from .document import ITEM_BREAK, Line, RepairNote
from .markup import first_texts, has_markup_table, markup_tables, table_rows

# A comment or tag runs to the first "-->" or ">" after its opener. When there is none, there
# is none after any later opener either: (*SKIP)(*FAIL) resumes the search at the end instead
# of rescanning the rest of the text from every opener ("<p <p <p ..." was quadratic).
_COMMENT = regex.compile(r"<!--(?:.*?-->|.*+(*SKIP)(*FAIL))", regex.S)
_BLOCK_TAG = regex.compile(r"</?(?:p|br|li|ol|ul|div|h[1-6])\b[^>]*+(?:>|(*SKIP)(*FAIL))", regex.I)
_CELL_BOUNDARY = regex.compile(r"</t[dh]>\s*<t[dh]\b[^>]*>", regex.I)
_CELL_TAG = regex.compile(r"</?(?:td|th|tr|table|tbody|thead)\b[^>]*+(?:>|(*SKIP)(*FAIL))", regex.I)
_ANY_TAG = regex.compile(r"</?[A-Za-z][A-Za-z0-9]*\b[^<>]*>|<[A-Za-z][^<>]*$")
_HEADING = regex.compile(r"^\s{0,3}#{1,6}\s+")
# A separator row: only spaces, dashes, colons and pipes, with a pipe or a "--" among them.
# Said as a check of the characters plus a lazy search for the pipe or dashes, each one pass
# (``[\s\-:|]*\|[\s\-:|]*$`` tried every pipe as "the" pipe, rescanning the rest each time).
_PIPE_SEPARATOR = regex.compile(r"^(?=[^|]*?(?:\||--))[\s\-:|]*+$")
_MARKUP_CHARS = regex.compile(r"[<&*|#]|-{2,}")
_BREAKS = regex.compile(rf"\s*{ITEM_BREAK}[\s{ITEM_BREAK}]*")

# OCR repairs: (kind, pattern, replacement). Each is narrow on purpose: it must not fire
# on correct text, because a wrong "repair" is a silent wrong value.
_PLT = regex.compile(r"\b(?:Pit|P1t|PIt|P\|t)\.\s*(?=[A-Z])")
_GLUED_ACTING = regex.compile(r"\b(Plt|Plh|Pj|Pjs)\.(?=[A-Z]{2})", regex.I)
_KINERA = regex.compile(r"\bKINERA\b", regex.I)
_BROKEN_GROUP = regex.compile(r"(?<=\d\.\d{3})\s+(?=\.\d{3}(?!\d))")
# A number (it starts with a digit, alone or right after "Rp"/"Rp.") in which OCR read a
# 1 or 0 as l, I or O. Tokens that start with a letter (roman outline numbers) are left alone.
_NUMBER_LIKE = regex.compile(
    r"(?:(?<=\bR[pP]\.?)|(?<![\w.,]))(?=[\dlIO.,]*\d[\dlIO.,]*\d)\d[\dlIO.,]*[\dlIO](?![\w])"
)
_RANK_PIPE = regex.compile(r"\bTk\.?\s?[|l1](?![\w|])")  # "Pembina Tk. |" read by OCR
# Tesseract reads a percent sign after a number as "Yo" ("97 Yo"): a capitalised "Yo" right
# after digits, before a cell or line end, is that sign (no unit or word is spelled so).
_PERCENT_YO = regex.compile(r"(?<=\d ?)Yo(?=[ \t]*(?:\t|$))")
# Tesseract reads "Rp" before a large amount as "Re" ("Re 3.300.000.000"): no word "Re"
# stands before a number grouped in millions.
_CURRENCY_RE = regex.compile(r"\bRe(?=\.?\s?\d{1,3}(?:[.,]\d{3}){2,}(?!\d))")
# A rupiah amount has no three decimals: after "Rp" and dot-grouped thousands, ",ddd" is a
# group dot read as a comma ("Rp 3.300.000.000,000,-" is 3.3 trillion, printed with dots).
_GROUP_COMMA = regex.compile(
    r"(?<=\bR[pP]\.?\s?\d{1,3}(?:\.\d{3})+),(?=\d{3}(?:,00(?!\d)|,(?!\d)|(?![\d.,])))"
)
_ACTING_HINT = regex.compile(r"P[lLjJ]\w?\.\S")
_DIGIT_LETTER = regex.compile(r"\d[.,]?[lIO]|[lIO][.,]?\d")
_HYPHEN_END = regex.compile(r"(\w+)-$")
_LOWER_START = regex.compile(r"^(\p{Ll}+)(.*)$")
# Lines cleaned at a time: each line is cleaned alone (the hints looked for in the chunk
# only skip work), so chunks give the same text, and the copies made stay a few pages' worth.
CLEAN_CHUNK = 2000


def _fix_case(match: regex.Match) -> str:
    word = match.group(0)
    return "KINERJA" if word.isupper() else "Kinerja" if word[0].isupper() else "kinerja"


def _fix_number(match: regex.Match) -> str:
    token = match.group(0)
    if not any(ch in "lIO" for ch in token):
        return token
    return token.translate(str.maketrans("lIO", "110"))


_REPAIRS: list[tuple[str, regex.Pattern, str | Callable[[regex.Match], str]]] = [
    ("ocr_plt", _PLT, "Plt. "),
    ("glued_acting_marker", _GLUED_ACTING, r"\1. "),
    ("ocr_kinerja", _KINERA, _fix_case),
    ("broken_digit_group", _BROKEN_GROUP, ""),
    ("ocr_digit", _NUMBER_LIKE, _fix_number),
    ("ocr_rank_numeral", _RANK_PIPE, "Tk. I"),
    ("ocr_percent", _PERCENT_YO, "%"),
    ("ocr_currency", _CURRENCY_RE, "Rp"),
    ("ocr_group_separator", _GROUP_COMMA, "."),
]


# Cheap tests that let most lines skip a repair's regex entirely.
_REPAIR_HINTS: dict[str, Callable[[str], bool]] = {
    "ocr_plt": lambda t: "it." in t or "1t." in t or "It." in t or "|t." in t,
    "glued_acting_marker": lambda t: _ACTING_HINT.search(t) is not None,
    "ocr_kinerja": lambda t: "inera" in t or "INERA" in t,
    "broken_digit_group": lambda t: " ." in t,
    "ocr_digit": lambda t: _DIGIT_LETTER.search(t) is not None,
    "ocr_rank_numeral": lambda t: "Tk" in t,
    "ocr_percent": lambda t: "Yo" in t,
    "ocr_currency": lambda t: "Re" in t,
    "ocr_group_separator": lambda t: "R" in t and "," in t,
}


def has_markup(text: str) -> bool:
    """Cheap test: ``strip_markup`` returns a text without any of these characters as it is
    (so a whole page without them needs no line stripped). ``_MARKUP_CHARS`` as substring
    tests, which are several times faster than the pattern on a line."""
    return "<" in text or "&" in text or "*" in text or "|" in text or "#" in text or "--" in text


def strip_markup(text: str) -> str:
    """Remove HTML and markdown formatting, keeping list items and table cells apart."""
    if not has_markup(text):
        return text
    if "&" in text:
        text = html.unescape(text)  # first, so that escaped tags are stripped too
    if "<" in text:
        text = _COMMENT.sub("", text)
        text = _CELL_BOUNDARY.sub("\t", text)
        text = _CELL_TAG.sub("", text)
        text = _BLOCK_TAG.sub(ITEM_BREAK, text)
        text = _ANY_TAG.sub("", text)
    text = text.replace("**", "")
    text = _HEADING.sub("", text)
    stripped = text.strip()
    if "|" in stripped:
        if _PIPE_SEPARATOR.match(stripped):
            return ""
        if stripped.startswith(("|", "- |")):
            cells = stripped.removeprefix("- ").strip("|").split("|")
            text = "\t".join(cells)
    elif _PIPE_SEPARATOR.match(stripped):
        return ""
    return text


def tidy_cells(text: str) -> str:
    """Collapse spaces inside each tab-separated cell; drop item breaks at cell edges."""
    if "\t" not in text and ITEM_BREAK not in text:
        return " ".join(text.split())  # one cell, no item break: the loop below, cheaply
    cells = []
    for cell in text.split("\t"):
        cell = " ".join(cell.split())
        if ITEM_BREAK in cell:
            cell = _BREAKS.sub(ITEM_BREAK, cell).strip(f" {ITEM_BREAK}")
        cells.append(cell)
    while len(cells) > 1 and not cells[-1]:
        cells.pop()
    return "\t".join(cells) if any(cells) else ""


def repair_line(text: str, number: int, notes: list[RepairNote], first: int = 0) -> str:
    """Apply the OCR repairs (from the ``first``-th on) to one line, recording each change."""
    for kind, pattern, replacement in _REPAIRS[first:]:
        if not _REPAIR_HINTS[kind](text):
            continue
        fixed = pattern.sub(replacement, text)
        if fixed != text:
            notes.append(RepairNote(kind, number, text, fixed))
            text = fixed
    return text


# Where each repair's hint may hold: a line holds one of these strings whenever its hint
# holds (``_REPAIR_HINTS``; a test checks this on generated lines). None: the hint's own
# pattern is scanned for over the whole text instead.
_HINT_NEEDLES: dict[str, tuple[str, ...] | None] = {
    "ocr_plt": ("it.", "1t.", "It.", "|t."),
    "glued_acting_marker": ("Pl", "PL", "Pj", "PJ"),
    "ocr_kinerja": ("inera", "INERA"),
    "broken_digit_group": (" .",),
    "ocr_digit": None,
    "ocr_rank_numeral": ("Tk",),
    "ocr_percent": ("Yo",),
    "ocr_currency": ("Re",),
    "ocr_group_separator": (",",),
}
_HINT_PATTERNS = {"ocr_digit": _DIGIT_LETTER}  # cannot match across a line break


def _hinted_lines(kind: str, whole: str, starts: list[int]) -> set[int]:
    """The indexes of the lines of ``whole`` (lines starting at ``starts``) where the hint
    of repair ``kind`` may hold, found by one scan of the whole text."""
    needles = _HINT_NEEDLES[kind]
    if needles is None:
        return {bisect_right(starts, m.start()) - 1 for m in _HINT_PATTERNS[kind].finditer(whole)}
    found: set[int] = set()
    for needle in needles:
        pos = whole.find(needle)
        while pos >= 0:
            line = bisect_right(starts, pos) - 1
            found.add(line)
            if line + 1 >= len(starts):
                break
            pos = whole.find(needle, starts[line + 1])  # one hit per line is enough
    return found


def _repairs_by_line(texts: list[str], notes: list[RepairNote], numbers: list[int]) -> list[str]:
    """``repair_line`` on every line, but the hints are first looked for in the whole text
    (``_hinted_lines``): a line where no hint may hold is left as it is, the others test
    only the hints that may hold. Exact: once a repair changed a line, the repairs after it
    are tested on the changed line in full (a repair may make a later hint hold)."""
    whole = "\n".join(texts)
    starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
    todo: dict[int, list[int]] = {}
    for n, (kind, _, _) in enumerate(_REPAIRS):
        if _REPAIR_HINTS[kind](whole):  # a hint that fails on the whole text fails on each line
            for i in _hinted_lines(kind, whole, starts):
                todo.setdefault(i, []).append(n)
    if not todo:
        return texts
    out = list(texts)
    for i in sorted(todo):
        text = texts[i]
        for n in todo[i]:
            kind, pattern, replacement = _REPAIRS[n]
            if not _REPAIR_HINTS[kind](text):
                continue
            fixed = pattern.sub(replacement, text)
            if fixed != text:
                notes.append(RepairNote(kind, numbers[i], text, fixed))
                text = repair_line(fixed, numbers[i], notes, n + 1)
                break
        out[i] = text
    return out


def join_hyphenated(lines: list[Line], notes: list[RepairNote]) -> list[Line]:
    """Join a word hyphenated at a line end with its lower-case rest on the next line."""
    out = list(lines)
    for i in range(len(out) - 1):
        head, nxt = out[i], out[i + 1]
        if not head.text.endswith("-"):
            continue
        end = _HYPHEN_END.search(head.text)
        start = _LOWER_START.match(nxt.text)
        if not end or not start or "\t" in head.text or _reduplicated(end.group(1), start.group(1)):
            continue
        joined = head.text[: end.start()] + end.group(1) + start.group(1)
        notes.append(RepairNote("hyphenation", head.number, head.text, joined))
        out[i] = replace(head, text=joined)
        out[i + 1] = replace(nxt, text=start.group(2).strip())
    return out


def _reduplicated(head: str, rest: str) -> bool:
    """``rata-``/``rata``, ``perundang-``/``undangan``, ``sehari-``/``hari``: the hyphen is part
    of a reduplicated word, so the line break is not a hyphenation."""
    head = head.lower()
    return any(head.endswith(rest[:k]) for k in range(min(len(head), len(rest)), 2, -1))


def normalise(text: str) -> tuple[list[Line], list[RepairNote]]:
    """Normalise ``text`` into lines (1:1 with the source, but for several table rows on one
    source line, which share its number) and the repairs made."""
    sources = text.split("\n")
    # Pipe, grid and HTML tables become tab-separated rows, read block by block (markup.py).
    marked = markup_tables(sources) if has_markup_table(text) else {}
    texts = first_texts(sources, marked)
    # Space-aligned columns (pdftotext -layout) become tab cells; a cheap test skips the rest.
    texts = align_columns(texts) if "   " in text else texts
    rows = table_rows(texts, sources, marked)
    notes: list[RepairNote] = []
    clean = _clean_texts([row[1] for row in rows], [row[0] for row in rows], notes)
    lines = [
        Line(number, text, raw, end=end)
        for (number, _, raw, end), text in zip(rows, clean, strict=True)
    ]
    return join_hyphenated(lines, notes), notes


def _clean_texts(texts: list[str], numbers: list[int], notes: list[RepairNote]) -> list[str]:
    """The texts (of lines ``numbers``) normalised: NFKC, markup stripped, cells tidied, OCR
    repaired (each repair noted)."""
    cleaned = [
        tidy_cells(strip_markup(unicodedata.normalize("NFKC", t) if not t.isascii() else t))
        for t in texts
    ]
    return _repairs_by_line(cleaned, notes, numbers)


def normalise_lines(lines: list[Line]) -> tuple[list[Line], list[RepairNote]]:
    """Normalise the ``text`` of lines (from a text file, or rebuilt from a PDF page where it
    equals ``raw``), keeping each line's number, raw text, box and confidence."""
    notes: list[RepairNote] = []
    out: list[Line] = []
    for start in range(0, len(lines), CLEAN_CHUNK):  # the same repairs, a bounded transient
        chunk = lines[start : start + CLEAN_CHUNK]
        repaired = _clean_texts(
            [line.text for line in chunk], [line.number for line in chunk], notes
        )
        out += [
            # a line is immutable: one whose text is already clean is kept, not built again
            line
            if clean == line.text
            else Line(line.number, clean, line.raw, line.boxes, line.confidence, line.end)
            for line, clean in zip(chunk, repaired, strict=True)
        ]
    return join_hyphenated(out, notes), notes
