"""The title and year of an agreement page, over generated title spellings: with or without a
year, unit words (``ESELON III``, ``FORMULIR ... TINGKAT UNIT ORGANISASI``), the year on the
line under the title, letters spread out."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.agreements import _title, _year
from extractor.document import Page
from extractor.normalise import normalise

HEADS = [
    "PERJANJIAN KINERJA",
    "PERJANJIAN KINERJA PERUBAHAN",
    "PERJANJIAN KINERJA ESELON III",
    "FORMULIR PERJANJIAN KINERJA TINGKAT UNIT ORGANISASI ESELON I",
    "PENETAPAN KINERJA",
]
YEAR_WORDS = ["TAHUN {y}", "TAHUN ANGGARAN {y}", "{y}"]
BODY = [
    "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel",
    "Nama : BUDI SANTOSO",
]


def _page(lines: list[str]) -> Page:
    normalised, _ = normalise("\n".join(lines))
    return Page(number=1, lines=normalised, kind="agreement")


def _spread(text: str) -> str:
    return "   ".join(" ".join(word) for word in text.split())


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(HEADS),
    st.sampled_from(YEAR_WORDS),
    st.integers(2000, 2030),
    st.sampled_from(["same line", "next line", "blank line between", "none"]),
    st.booleans(),
)
def test_title_in_any_spelling_and_its_year(head, year_words, year, where, spread) -> None:
    if year_words == "{y}" and head.endswith(("ESELON III", "ESELON I")):
        year_words = "TAHUN {y}"  # a bare year follows the title words only
    year_text = year_words.format(y=year)
    # spread letters are read back into the title words, not into unit names (``III``)
    spread = spread and "ESELON" not in head
    if where == "same line":
        lines = [f"{head} {year_text}"]
    elif where == "next line":
        lines = [head, year_text]
    elif where == "blank line between":
        lines = [head, "", year_text]
    else:
        lines = [head]
    # a bare year is too short to read as spread letters: it is printed as it is
    printed = [_spread(line) if spread and not line.isdigit() else line for line in lines]
    title = _title(_page(["PEMERINTAH KABUPATEN LEMBAH HIJAU", *printed, *BODY]))
    expected = head if where == "none" else f"{head} {year_text}"
    assert title == expected
    assert _year(title, None) == (None if where == "none" else year)


def test_a_sentence_or_a_year_alone_is_no_title() -> None:
    lines = ["Perjanjian Kinerja ini berlaku sejak ditandatangani", "TAHUN 2025", *BODY]
    assert _title(_page(lines)) is None
