"""What real transcripts lose: headings glued to their text, dates with role words after them,
blank forms, one-party statements, and lines that are never a signer's name.

Every case is built here from varied parts, so each rule is tested apart from the real
documents of tests/golden/real that showed it.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from extractor import extract
from extractor.document import Line
from extractor.normalise import normalise
from extractor.pages import split_glued_headings, split_pages
from extractor.parse.dates import SigningDate, parse_signing_line
from extractor.parse.signatures import read_signatures
from extractor.segment import classify_pages
from extractor.vocabulary import (
    glued_heading_end,
    is_blank_cell,
    is_pk_title,
    never_a_name,
    pk_title_year,
)
from tests.pagekit import page

YEARS = st.integers(2015, 2030)
PK_HEADS = st.sampled_from(
    [
        "PERJANJIAN KINERJA TAHUN {y}",
        "Perjanjian Kinerja Tahun {y}",
        "PERJANJIAN KINERJA TAHUN ANGGARAN {y}",
        "PENETAPAN KINERJA TAHUN {y}",
        "PERJANJIAN KINERJA PERUBAHAN TAHUN {y}",
        "FORMULIR PERJANJIAN KINERJA TAHUN {y}",
    ]
)
CAPITAL_HEADS = st.sampled_from(
    ["LAMPIRAN I", "LAMPIRAN II", "LAMPIRAN 2", "PENJELASAN KINERJA", "LAMPIRAN II PENJELASAN"]
)
SENTENCES = st.sampled_from(
    [
        "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, kami yang bertanda "
        "tangan dibawah ini : Nama Jabatan",
        "Pada hari ini Senin tanggal dua bulan Januari, kami yang bertanda tangan",
        "Kami yang bertanda tangan di bawah ini",
        "Sasaran strategis ini dimaksudkan untuk meningkatkan mutu pelayanan",
        "Dokumen ini merupakan bagian yang tidak terpisahkan",
    ]
)


@given(head=PK_HEADS, year=YEARS, sentence=SENTENCES)
def test_a_pk_title_glued_to_a_sentence_is_cut_after_its_year(
    head: str, year: int, sentence: str
) -> None:
    """Rule "a heading glued to its text": the title ends with its year, in any case."""
    title = head.format(y=year)
    text = f"{title} {sentence}"
    cut = glued_heading_end(text)
    assert cut is not None
    assert text[:cut].strip() == title and text[cut:] == sentence


@given(head=CAPITAL_HEADS, sentence=SENTENCES)
def test_a_capital_heading_glued_to_a_sentence_is_cut(head: str, sentence: str) -> None:
    text = f"{head} {sentence}"
    cut = glued_heading_end(text)
    assert cut is not None and text[:cut].strip() == head


@given(
    line=st.sampled_from(
        [
            "Lampiran I Perjanjian Kinerja tingkat Kemenag Kab./Kota / Bagian Tata Usaha",
            "Lampiran Perjanjian Kinerja merupakan bagian yang tidak terpisahkan",
            "Perjanjian Kinerja ini dibuat dan ditandatangani oleh kedua pihak",
            "PERJANJIAN KINERJA TAHUN {y} KANKEMENAG KAB/KOTA /BAGIAN TU (1) No (2)",
            "PERJANJIAN KINERJA TAHUN {y} Dinas Komunikasi dan Informatika",
            "PERJANJIAN KINERJA TAHUN {y}",
            "LAMPIRAN I PERJANJIAN KINERJA TAHUN {y}",
            "Penjelasan atas target kinerja yang telah ditetapkan dalam dokumen",
            "Dalam rangka mewujudkan manajemen pemerintahan yang efektif",
        ]
    ),
    year=YEARS,
)
def test_a_caption_a_heading_alone_or_a_sentence_is_not_cut(line: str, year: int) -> None:
    """A mixed-case caption, a heading followed by capitalised words (an agency), a bare
    heading and a plain sentence stay one line."""
    assert glued_heading_end(line.format(y=year)) is None


@given(head=PK_HEADS, year=YEARS, sentence=SENTENCES, number=st.integers(1, 500))
def test_the_cut_keeps_the_source_line_number(
    head: str, year: int, sentence: str, number: int
) -> None:
    title = head.format(y=year)
    text = f"{title} {sentence}"
    out = split_glued_headings([Line(number, text, text), Line(number + 1, "x", "x")])
    assert [(line.number, line.text) for line in out] == [
        (number, title),
        (number, sentence),
        (number + 1, "x"),
    ]


def _form(caption: str, year: int, place: str, day: int, tail: str) -> str:
    """A blank PK form as web transcripts give it: caption, title glued to the statement,
    empty Nama/Jabatan cells, the date on the line of a role word, dotted name cells."""
    return "\n".join(
        [
            caption,
            f"PERJANJIAN KINERJA TAHUN {year} Dalam rangka mewujudkan manajemen pemerintahan "
            "yang efektif, transparan, dan akuntabel, kami yang bertanda tangan dibawah ini : "
            "Nama Jabatan",
            ": :",
            "Selanjutnya disebut pihak pertama Nama Jabatan",
            ": :",
            "Selaku atasan langsung pihak pertama, selanjutnya disebut pihak kedua Pihak "
            "pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran.",
            f"{place}, {day} Januari {year} {tail}",
            "........................................... NIP",
            "Pihak Pertama,",
            "( ....................................... ) NIP",
            "",
        ]
    )


CAPTIONS = st.sampled_from(
    [
        "Lampiran I Perjanjian Kinerja tingkat Kemenag Kab./Kota / Bagian Tata Usaha",
        "LAMPIRAN I",
        "Lampiran : Perjanjian Kinerja Eselon IV",
    ]
)
PLACES = st.sampled_from(["Bengkulu", "Kota Bandung", "Malili"])
TAILS = st.sampled_from(["Menyetujui Pihak Kedua,", "PIHAK KEDUA,", "Mengetahui, Pihak II"])


@settings(max_examples=12, deadline=None, derandomize=True, database=None)
@given(caption=CAPTIONS, year=YEARS, place=PLACES, day=st.integers(1, 28), tail=TAILS)
def test_a_blank_form_under_a_lampiran_caption_is_an_agreement(
    tmp_path_factory, caption: str, year: int, place: str, day: int, tail: str
) -> None:
    """Rules "the statement decides over a leading LAMPIRAN caption", "a date followed by role
    words" and "a blank form cell is an empty value": title, year, place and date are read,
    no Lampiran page is reported missing, and the unsigned form has no signature."""
    path = Path(tmp_path_factory.mktemp("form")) / "form.txt"
    path.write_text(_form(caption, year, place, day, tail), encoding="utf-8")
    record = extract(str(path))
    assert [p.kind for p in record.pages][-1] == "agreement"
    assert "agreement_page_missing" not in {e.code for e in record.errors}
    (agreement,) = record.agreements
    assert agreement.title == f"PERJANJIAN KINERJA TAHUN {year}"
    assert agreement.year == year
    assert (agreement.place, agreement.date) == (place, f"{year}-01-{day:02d}")
    assert agreement.signatures == []


@given(place=PLACES, day=st.integers(1, 28), year=YEARS, tail=TAILS)
def test_a_date_followed_by_role_words_is_read_without_them(
    place: str, day: int, year: int, tail: str
) -> None:
    date = f"{place}, {day} Januari {year}"
    iso = f"{year}-01-{day:02d}"
    assert parse_signing_line(f"{date} {tail}") == SigningDate(place, iso, date)


@given(
    place=PLACES,
    blank=st.sampled_from(["..........", "……….. ", "___ ___", ".... ...."]),
    month=st.sampled_from(["", "Januari "]),
    year=st.sampled_from(["20xx", "2025", "20..", "20XX"]),
)
def test_a_placeholder_date_keeps_its_place_and_no_date(
    place: str, blank: str, month: str, year: str
) -> None:
    """Rule "a placeholder date": the place is kept, the date is null, nothing is guessed
    (a printed month and year without the day is a date of its own: ``YYYY-MM``)."""
    assume(not (month and year.isdigit()))
    line = f"{place}, {blank} {month}{year}"
    (clean,), _ = normalise(line)
    assert parse_signing_line(clean.text) == SigningDate(place, None, clean.text.strip())


@given(
    line=st.sampled_from(
        ["Kepala Dinas, ......", "..., ... 20xx", "Malili, ..... Kamis 2025", ".........."]
    )
)
def test_lines_that_are_no_placeholder_date(line: str) -> None:
    assert parse_signing_line(line) is None


@given(
    cell=st.sampled_from(["....................", "( .................. )", "_______", "……"]),
    role=st.sampled_from(["PIHAK PERTAMA,", "Pihak Kedua,"]),
    nip=st.sampled_from(["NIP", "NIP.", "NIP :"]),
)
def test_a_blank_name_cell_gives_no_signature(cell: str, role: str, nip: str) -> None:
    """Rule "a blank form cell is an empty value": the dotted name cell of a form (with its
    empty NIP label) is never a name and the unsigned head gives no signature."""
    (clean,), _ = normalise(cell)
    assert is_blank_cell(clean.text)
    block = read_signatures(page(f"{role}\nKEPALA DINAS\n\n\n{cell} {nip}"), (None, None))
    assert block.signatures == []


@given(
    line=st.sampled_from(
        [
            "(Logo Garuda Pancasila)",
            "(Lambang Daerah)",
            "(Materai 10000)",
            "NOMOR ...",
            "Nomor : 800/123/2025",
            "PERJANJIAN KINERJA TAHUN .......",
            "LAMPIRAN I",
            "PENJELASAN KINERJA",
        ]
    )
)
def test_a_heading_a_nomor_line_or_an_image_caption_is_never_a_name(line: str) -> None:
    """Rule "a signature name is never a heading, a NOMOR line or an image caption"."""
    assert never_a_name(line)
    block = read_signatures(page(f"{line}\n\n\n{line}"), (None, None))
    assert all(s.name is None for s in block.signatures)


@given(
    name=st.sampled_from(["(BUDI SANTOSO, S.E.)", "ISKANDAR MUDA, S.Sos.", "Nomor Wahyudi"]),
)
def test_names_stay_names(name: str) -> None:
    assert not never_a_name(name) and not is_blank_cell(name)


@given(
    position=st.sampled_from(["MENTERI PERDAGANGAN", "BUPATI LEMBAH HIJAU", "GUBERNUR"]),
    lead=st.sampled_from(["", "Format lembar pernyataan\n"]),
)
def test_a_one_party_statement_is_an_agreement_page(position: str, lead: str) -> None:
    """A minister or regent signing alone names no Pihak: the statement's promise ("berjanji
    akan mewujudkan") makes it an agreement page."""
    text = (
        f"{lead}Dalam rangka mewujudkan manajemen pemerintahan yang efektif, yang bertanda "
        "tangan di bawah ini :\n\nNama : Jabatan :\n\nberjanji akan mewujudkan target kinerja "
        f"yang seharusnya sesuai lampiran perjanjian ini.\n\nJakarta, ........ 20xx\n\n{position}"
    )
    lines, _ = normalise(text)
    pages = classify_pages(split_pages(lines))
    assert [p.kind for p in pages] == ["agreement"]


@given(caption=CAPTIONS, year=YEARS)
def test_a_lampiran_caption_over_a_title_starts_the_title_page(caption: str, year: int) -> None:
    """A LAMPIRAN caption right above a PK title opens the title's page with it."""
    text = (
        f"Sumber halaman\nCatatan\n{caption}\nPERJANJIAN KINERJA TAHUN {year}\n"
        "Dalam rangka mewujudkan manajemen pemerintahan, kami yang bertanda tangan di bawah ini:"
        "\nNama : BUDI\nJabatan : KEPALA DINAS\nselanjutnya disebut pihak pertama\n"
    )
    lines, _ = normalise(text)
    pages = classify_pages(split_pages(lines))
    assert pages[-1].content()[0].text == caption
    assert pages[-1].kind == "agreement"


@given(
    words=st.sampled_from(["PERJANJIAN KINERJA TAHUN", "PENETAPAN KINERJA TAHUN ANGGARAN"]),
    blank=st.sampled_from(["....", "…….", "20xx", "____", ". . . ."]),
    rest=st.sampled_from(["", " KEMENTERIAN PERDAGANGAN", " ESELON III"]),
)
def test_a_title_with_its_year_left_blank_is_a_title_without_a_year(
    words: str, blank: str, rest: str
) -> None:
    """A form's title keeps a blank where the year goes: still a title, with no year."""
    (clean,), _ = normalise(f"{words} {blank}{rest}")
    assert is_pk_title(clean.text)
    assert pk_title_year(clean.text) is None


@given(blank=st.sampled_from(["....", "20xx"]))
def test_a_sentence_after_a_blank_year_is_no_title(blank: str) -> None:
    assert not is_pk_title(f"PERJANJIAN KINERJA TAHUN {blank} ini dibuat oleh kedua pihak")
