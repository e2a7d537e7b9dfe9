"""Fast paths that stand in for slower code give exactly what that code gives.

Each speed-up (benchmarks/bench_text.py) keeps a reference: the plain per-line or per-pattern
code it replaces. These tests compare the two on generated text, so that a fast path that
drifts from its reference (a hint changed without its needles, a pattern edited in one
place only) fails here rather than changing records silently.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.dedup import _WORD, _folded, find_words
from extractor.document import Line, RepairNote
from extractor.normalise import (
    _HINT_NEEDLES,
    _HINT_PATTERNS,
    _MARKUP_CHARS,
    _REPAIR_HINTS,
    _repairs_by_line,
    has_markup,
    normalise_lines,
    repair_line,
)
from extractor.parse.dates import _PLACEHOLDER, _SIGNING, _YEAR_DIGITS, parse_signing_line

# Pieces that trigger (or nearly trigger) each OCR repair, mixed with ordinary words.
_PIECES = [
    "Pit. Kepala",
    "P1t.Kepala",
    "Plt.KEPALA",
    "Pj.Bupati",
    "KINERA",
    "Kinera",
    "1.234 .567",
    "2O25",
    "l0O",
    "Tk. |",
    "Tk. l",
    "97 Yo",
    "Re 3.300.000.000",
    "Rp 3.300.000.000,000,-",
    "Rp. 1.250,00",
    "Realisasi",
    "Pihak Pertama",
    "NIP. 19700101",
    "dan",
    "-",
    ".",
    ",",
    " ",
    "\t",
    "é",
    "٣",
    "_",
]
_LINE = st.lists(st.sampled_from(_PIECES), max_size=8).map("".join)


def _reference(texts: list[str], numbers: list[int]) -> tuple[list[str], list[RepairNote]]:
    notes: list[RepairNote] = []
    return [
        repair_line(t, n, notes) if t else t for t, n in zip(texts, numbers, strict=True)
    ], notes


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, max_size=12))
def test_repairs_by_line_equal_repair_line_on_each_line(texts: list[str]) -> None:
    numbers = list(range(1, len(texts) + 1))
    notes: list[RepairNote] = []
    assert (_repairs_by_line(texts, notes, numbers), notes) == _reference(texts, numbers)


@settings(max_examples=300, deadline=None)
@given(_LINE)
def test_a_line_where_a_hint_holds_holds_one_of_its_needles(text: str) -> None:
    for kind, hint in _REPAIR_HINTS.items():
        if not hint(text):
            continue
        needles = _HINT_NEEDLES[kind]
        if needles is None:
            assert _HINT_PATTERNS[kind].search(text)
        else:
            assert any(needle in text for needle in needles), kind


def test_repairs_by_line_repairs_generated_lines() -> None:
    """Not vacuous: generated lines get the repairs, with their notes, in line order."""
    texts = ["Pit. Kepala Dinas", "", "Target 97 Yo", "ok", "Re 3.300.000.000 and KINERA"]
    lines = [Line(n, t, t) for n, t in enumerate(texts, start=1)]
    out, notes = normalise_lines(lines)
    assert [line.text for line in out] == [
        "Plt. Kepala Dinas",
        "",
        "Target 97 %",
        "ok",
        "Rp 3.300.000.000 and KINERJA",
    ]
    assert [(n.kind, n.line) for n in notes] == [
        ("ocr_plt", 1),
        ("ocr_percent", 3),
        ("ocr_kinerja", 5),
        ("ocr_currency", 5),
    ]


_TEXT = st.text(
    alphabet=st.sampled_from("aZ09.,%/&'-_ \n\t:;()éİ٣ⅻ"),
    max_size=60,
)


@settings(max_examples=500, deadline=None)
@given(_TEXT)
def test_find_words_equal_the_unicode_pattern(text: str) -> None:
    assert find_words(text) == _WORD.findall(text)
    ascii_only = text.encode("ascii", "ignore").decode()
    assert find_words(ascii_only) == _WORD.findall(ascii_only)


_DATE_PIECES = [
    "Malili",
    ", ",
    " ",
    "02",
    "2",
    "0",
    "Januari",
    "Jan.",
    "-",
    "/",
    ".",
    "....",
    "…",
    "20",
    "2025",
    "20xx",
    "Senin",
    "Pihak Pertama",
    "Ditetapkan di ",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_DATE_PIECES), max_size=10).map("".join))
def test_a_line_without_two_digits_in_a_row_is_no_date(line: str) -> None:
    """The gate of ``parse_signing_line`` (two digits in a row) rejects only lines that
    neither date pattern reads: every form prints a year."""
    raw = line.strip()
    if not _YEAR_DIGITS.search(raw):
        assert not _SIGNING.fullmatch(raw) and not _PLACEHOLDER.fullmatch(raw)
        assert parse_signing_line(line) is None


def test_signing_lines_still_parse() -> None:
    assert parse_signing_line("Malili, 02 Januari 2025").date == "2025-01-02"
    assert parse_signing_line("Jakarta, ........ 20xx").place == "Jakarta"


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("AaΣσςΒİI.'-"), min_size=1, max_size=6)))
def test_folded_words_lower_each_word(words: list[str]) -> None:
    """Lower case after joining equals lower case word by word (the final sigma too)."""
    assert _folded(words) == " ".join(w.lower() for w in words)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("a -<&*|#>\t"), max_size=12))
def test_has_markup_is_the_markup_pattern(text: str) -> None:
    assert has_markup(text) == bool(_MARKUP_CHARS.search(text))
