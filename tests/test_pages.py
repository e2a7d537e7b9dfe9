"""Stage 3 (pages): inferring page boundaries in text that has no page marks."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from extractor.document import Line, Page
from extractor.normalise import normalise
from extractor.pages import split_pages

T = "\t"


def _pages(text: str) -> list[Page]:
    lines, _ = normalise(text)
    return split_pages(lines)


def _heads(pages: list[Page]) -> list[str]:
    """The first printed line of each page."""
    return [page.content()[0].text if page.content() else "" for page in pages]


def _assert_partition(pages: list[Page], lines: list[Line]) -> None:
    """Pages are numbered 1..n and hold every line once, in order; a line with a form feed
    between printed text is cut in two that keep its number (one per page)."""
    assert [page.number for page in pages] == list(range(1, len(pages) + 1))
    held = [line for page in pages for line in page.lines]
    numbers = [line.number for line in held]
    collapsed = [n for k, n in enumerate(numbers) if k == 0 or numbers[k - 1] != n]
    assert collapsed == [line.number for line in lines]
    for k in range(1, len(held)):
        if held[k].number == held[k - 1].number:
            assert "\f" in held[k].raw and "\f" in held[k - 1].raw


def agreement(name: str, position: str, title: str = "PERJANJIAN KINERJA TAHUN 2025") -> str:
    return f"""{title}

Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel serta \
berorientasi pada hasil, kami yang bertanda tangan di bawah ini :

Nama : {name}
Jabatan : {position}
Selanjutnya disebut Pihak Pertama

Nama : ISKANDAR MUDA, S.Sos.,M.Si
Jabatan : SEKRETARIS DINAS PENANAMAN MODAL DAN PTSP
selaku atasan pihak pertama, selanjutnya disebut pihak kedua

Pihak Pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran \
perjanjian ini.

Malili, 2 Januari 2025

Pihak Kedua,
SEKRETARIS DINAS

Pihak Pertama,
{position}

ISKANDAR MUDA, S.Sos.,M.Si

{name}
"""


LAMPIRAN_1_BODY = f"""No.{T}Sasaran Kegiatan{T}Indikator Kegiatan{T}Target
(1){T}(2){T}(3){T}(4)
1{T}Terlaksananya Penyusunan Dokumen Perencanaan{T}Persentase dokumen tepat waktu{T}100%
2{T}Tersedianya Laporan Kepegawaian{T}Persentase laporan tepat waktu{T}100%

Malili, 2 Januari 2025
SEKRETARIS DINAS

(ISKANDAR MUDA, S.Sos.,M.Si)

KASUBAG PERENCANAAN DAN KEPEGAWAIAN

(ONDO IRA, SP)
"""

LAMPIRAN_2_BODY = f"""Penjelasan Kinerja 1

Uraian Sasaran: Terlaksananya Penyusunan Dokumen Perencanaan.

Yang dimaksud dalam sasaran kinerja ini adalah penyusunan dokumen perencanaan tepat waktu.

Indikator Kinerja{T}Target{T}Penjelasan
Persentase dokumen tepat waktu{T}100%{T}Target Kinerja berdasarkan target Renstra
"""


# --- agreement titles -------------------------------------------------------------------


def test_each_agreement_title_followed_by_a_body_starts_a_page() -> None:
    text = (
        agreement("ONDO IRA, SP", "KASUBAG PERENCANAAN DAN KEPEGAWAIAN")
        + agreement("JONI, SE", "KASUBAG UMUM & KEUANGAN")
        + agreement("PANCASIWI RAHARJO", "BENDAHARA PENGELUARAN")
    )
    pages = _pages(text)
    assert _heads(pages) == ["PERJANJIAN KINERJA TAHUN 2025"] * 3
    first_parties = [
        [line.text for line in page.lines if line.text.startswith("Nama : ")][0] for page in pages
    ]
    assert first_parties == ["Nama : ONDO IRA, SP", "Nama : JONI, SE", "Nama : PANCASIWI RAHARJO"]
    # each agreement keeps its own signature block
    assert pages[0].content()[-1].text == "ONDO IRA, SP"
    assert pages[1].content()[-1].text == "JONI, SE"


@pytest.mark.parametrize(
    "title",
    [
        "PERJANJIAN KINERJA TAHUN 2025",
        "Perjanjian Kinerja Tahun 2025",
        "PERJANJIAN KINERJA PERUBAHAN TAHUN 2025",
        "PERJANJIAN KINERJA TAHUN ANGGARAN 2025",
        "PENETAPAN KINERJA TAHUN 2025",
        "**PERJANJIAN KINERJA TAHUN 2025**",
        "## PERJANJIAN KINERJA TAHUN 2025",
    ],
)
def test_agreement_title_variants_start_a_page(title: str) -> None:
    text = agreement("ONDO IRA, SP", "KASUBAG PERENCANAAN") + agreement(
        "JONI, SE", "KASUBAG UMUM", title=title
    )
    pages = _pages(text)
    assert len(pages) == 2
    assert "Nama : JONI, SE" in [line.text for line in pages[1].lines]
    assert pages[1].content()[0].raw == title


def test_agreement_dated_in_words_starts_a_page() -> None:
    second = """PERJANJIAN KINERJA TAHUN 2025
Pada hari ini Senin tanggal enam bulan Januari tahun dua ribu dua puluh lima, kami:
1. Nama : ANDI RAJUNI, SE
Jabatan : KEPALA BIDANG PTSP
"""
    pages = _pages(agreement("ONDO IRA, SP", "KASUBAG PERENCANAAN") + second)
    assert _heads(pages) == ["PERJANJIAN KINERJA TAHUN 2025", "PERJANJIAN KINERJA TAHUN 2025"]


def test_title_mentioned_in_a_sentence_does_not_split() -> None:
    text = agreement("ONDO IRA, SP", "KASUBAG PERENCANAAN") + (
        "Dokumen ini memuat Perjanjian Kinerja Tahun 2025 dan lampirannya.\n"
    )
    assert len(_pages(text)) == 1


# --- Lampiran headings ------------------------------------------------------------------


@pytest.mark.parametrize(
    "heading",
    [
        "LAMPIRAN",
        "LAMPIRAN I",
        "LAMPIRAN 1",
        "**LAMPIRAN 1 PERJANJIAN KINERJA",
        "LAMPIRAN I PERJANJIAN KINERJA TAHUN 2025",
        "Lampiran I",
        "LAMPIRAN : PERJANJIAN KINERJA",
    ],
)
def test_lampiran_1_heading_starts_a_page(heading: str) -> None:
    text = agreement("ONDO IRA, SP", "KASUBAG PERENCANAAN") + heading + "\n" + LAMPIRAN_1_BODY
    pages = _pages(text)
    assert len(pages) == 2
    assert pages[1].content()[0].raw == heading
    assert pages[1].content()[1].text.startswith("No.\tSasaran Kegiatan")


def test_lampiran_i_and_ii_each_start_a_page() -> None:
    text = (
        agreement("ONDO IRA, SP", "KASUBAG PERENCANAAN DAN KEPEGAWAIAN")
        + "LAMPIRAN I\nPERJANJIAN KINERJA TAHUN 2025\nDINAS PENANAMAN MODAL DAN PTSP\n\n"
        + LAMPIRAN_1_BODY
        + "LAMPIRAN II\nPERJANJIAN KINERJA TAHUN 2025\nPENJELASAN KINERJA\n\n"
        + LAMPIRAN_2_BODY
    )
    pages = _pages(text)
    assert _heads(pages) == ["PERJANJIAN KINERJA TAHUN 2025", "LAMPIRAN I", "LAMPIRAN II"]
    # the PK title inside a multi-line Lampiran heading stays with its heading
    assert [line.text for line in pages[1].content()[:3]] == [
        "LAMPIRAN I",
        "PERJANJIAN KINERJA TAHUN 2025",
        "DINAS PENANAMAN MODAL DAN PTSP",
    ]
    assert [line.text for line in pages[2].content()[:3]] == [
        "LAMPIRAN II",
        "PERJANJIAN KINERJA TAHUN 2025",
        "PENJELASAN KINERJA",
    ]


def test_lampiran_2_heading_with_ocr_slip_starts_a_page() -> None:
    text = (
        "**LAMPIRAN 1 PERJANJIAN KINERJA\nDINAS PENANAMAN MODAL DAN PTSP**\n\n"
        + LAMPIRAN_1_BODY
        + "\nLAMPIRAN 2 PERJANJIAN KINERA TINGKAT ESELON IV\nPENJELASAN KINERJA\nTAHUN 2025\n\n"
        + LAMPIRAN_2_BODY
    )
    pages = _pages(text)
    assert _heads(pages) == [
        "LAMPIRAN 1 PERJANJIAN KINERJA",
        "LAMPIRAN 2 PERJANJIAN KINERJA TINGKAT ESELON IV",
    ]


def test_other_headings_start_a_page() -> None:
    text = (
        agreement("ONDO IRA, SP", "KASUBAG PERENCANAAN")
        + "PAKTA INTEGRITAS\nSaya yang bertanda tangan di bawah ini :\nNama : ONDO IRA, SP\n"
        + "RENCANA AKSI TAHUN 2025\nNo\tKegiatan\tTW I\tTW II\n1\tRapat\t1\t1\n"
    )
    pages = _pages(text)
    assert _heads(pages) == [
        "PERJANJIAN KINERJA TAHUN 2025",
        "PAKTA INTEGRITAS",
        "RENCANA AKSI TAHUN 2025",
    ]


# --- PK title that opens a target table (Eselon III Lampiran) -----------------------------


def test_pk_eselon_iii_title_followed_by_a_table_starts_a_page() -> None:
    text = agreement("ANDI RAJUNI, SE", "KEPALA BIDANG PTSP") + (
        "PERJANJIAN KINERJA ESELON III TAHUN 2025\n"
        "DINAS PENANAMAN MODAL DAN PELAYANAN TERPADU SATU PINTU\n\n"
        "Bidang : PELAYANAN TERPADU SATU PINTU\n\n"
        "Tahun Anggaran : 2025\n\n"
        "NO\tSASARAN PROGRAM/KEGIATAN/SUB KEGIATAN\tINDIKATOR KINERJA PROGRAM\tTARGET PROGRAM\n"
        "1\t2\t3\t4\n"
        "A.\tMeningkatnya Kualitas Pelayanan Perizinan\tPersentase izin tepat waktu\t96%\n"
    )
    pages = _pages(text)
    assert _heads(pages) == [
        "PERJANJIAN KINERJA TAHUN 2025",
        "PERJANJIAN KINERJA ESELON III TAHUN 2025",
    ]
    assert pages[1].content()[-1].text.startswith("A.\tMeningkatnya")


# --- cover ------------------------------------------------------------------------------


def test_cover_title_followed_only_by_headings_is_not_split_off() -> None:
    cover = """PEMERINTAH KABUPATEN LUWU TIMUR
DINAS PENANAMAN MODAL DAN PELAYANAN TERPADU SATU PINTU
melayani anda, membangun bersama

Perjanjian Kinerja Tahun 2025

**DINAS PENANAMAN MODAL DAN
PELAYANAN TERPADU SATU PINTU**

**KABUPATEN
LUWU TIMUR**



"""
    pages = _pages(cover + agreement("ISKANDAR MUDA, S.Sos.,M.Si", "KEPALA DINAS"))
    assert len(pages) == 2
    assert _heads(pages) == ["PEMERINTAH KABUPATEN LUWU TIMUR", "PERJANJIAN KINERJA TAHUN 2025"]
    assert "Perjanjian Kinerja Tahun 2025" in [line.text for line in pages[0].lines]
    assert pages[0].content()[-1].text == "LUWU TIMUR"


def test_cover_title_followed_by_kata_pengantar_stays_on_the_cover() -> None:
    text = (
        "PEMERINTAH KABUPATEN SUNGAI RINDANG\nDINAS KESEHATAN\nJl. Pahlawan Nomor 21\n"
        "PERJANJIAN KINERJA TAHUN 2025\nDINAS KESEHATAN\n\n\n\n"
        "KATA PENGANTAR\n\nPuji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa.\n"
    )
    pages = _pages(text)
    assert _heads(pages) == ["PEMERINTAH KABUPATEN SUNGAI RINDANG", "KATA PENGANTAR"]
    assert "PERJANJIAN KINERJA TAHUN 2025" in [line.text for line in pages[0].lines]


# --- form feeds -------------------------------------------------------------------------


def test_form_feed_at_line_end_splits() -> None:
    text = (
        "Yang dimaksud dalam sasaran ini\nadalah peningkatan kualitas\f\nlayanan perizinan\nusaha"
    )
    pages = _pages(text)
    assert [[line.text for line in p.content()] for p in pages] == [
        ["Yang dimaksud dalam sasaran ini", "adalah peningkatan kualitas"],
        ["layanan perizinan", "usaha"],
    ]


def test_form_feed_at_line_start_splits_before_that_line() -> None:
    # pdftotext ends every page with \f, so the next page's first line starts with it
    text = "Yang dimaksud dalam sasaran ini\nadalah peningkatan kualitas\n\flayanan perizinan\nusaha\n\f"
    pages = _pages(text)
    assert [[line.text for line in p.content()] for p in pages] == [
        ["Yang dimaksud dalam sasaran ini", "adalah peningkatan kualitas"],
        ["layanan perizinan", "usaha"],
    ]


def test_form_feed_on_its_own_line_splits() -> None:
    text = "dpmptsp\n\f\nLUWU TIMUR\n\f\nmelayani anda"
    assert _heads(_pages(text)) == ["dpmptsp", "LUWU TIMUR", "melayani anda"]


def test_form_feed_splits_even_after_a_single_line() -> None:
    assert _heads(_pages("COVER\f\nKATA PENGANTAR\nlanjutan teks")) == ["COVER", "KATA PENGANTAR"]
    assert _heads(_pages("COVER\n\fdaftar\nlanjutan teks")) == ["COVER", "daftar"]


def test_form_feed_inside_a_line_cuts_it_in_two_lines_on_two_pages() -> None:
    # pypdfium2 ends a page with \f and starts the next one on the same line
    text = "Pihak Pertama,\nKASUBAG UMUM\nJONI, SE\nNIP. 19751030 200603 1 001\fPERJANJIAN KINERJA TAHUN 2025\nNama : ONDO IRA"
    lines, _ = normalise(text)
    pages = split_pages(lines)
    assert [[line.text for line in p.content()] for p in pages] == [
        ["Pihak Pertama,", "KASUBAG UMUM", "JONI, SE", "NIP. 19751030 200603 1 001"],
        ["PERJANJIAN KINERJA TAHUN 2025", "Nama : ONDO IRA"],
    ]
    assert pages[0].lines[-1].number == pages[1].lines[0].number == 4
    _assert_partition(pages, lines)


@pytest.mark.parametrize(
    "marker", ["Halaman 2 dari 9", "Hal. 2", "- 2 -", "-- 2 --", "Page 2 of 9"]
)
def test_printed_page_marker_is_a_page_break(marker: str) -> None:
    text = f"Yang dimaksud dalam sasaran ini\nadalah peningkatan kualitas\n{marker}\nlayanan perizinan\nusaha"
    pages = _pages(text)
    assert [[line.text for line in p.content()] for p in pages] == [
        ["Yang dimaksud dalam sasaran ini", "adalah peningkatan kualitas"],
        [marker, "layanan perizinan", "usaha"],
    ]


def test_page_markers_at_the_ends_make_no_page_of_their_own() -> None:
    text = "- 1 -\nPERJANJIAN KINERJA TAHUN 2025\nNama : JONI, SE\n\nHalaman 1 dari 1\n"
    assert _heads(_pages(text)) == ["- 1 -"]


def test_penjelasan_heading_after_table_rows_starts_a_page() -> None:
    text = (
        "LAMPIRAN PERJANJIAN KINERJA TAHUN 2023\n"
        + LAMPIRAN_1_BODY.split("\n\n")[0]
        + "\nPENJELASAN KINERJA TAHUN 2023\n"
        + LAMPIRAN_2_BODY
    )
    assert _heads(_pages(text)) == [
        "LAMPIRAN PERJANJIAN KINERJA TAHUN 2023",
        "PENJELASAN KINERJA TAHUN 2023",
    ]


def test_penjelasan_heading_under_its_lampiran_heading_does_not_split() -> None:
    text = (
        "LAMPIRAN II\nPERJANJIAN KINERJA TAHUN 2025\nDINAS PENANAMAN MODAL DAN PTSP\n"
        "PENJELASAN INDIKATOR KINERJA\n" + LAMPIRAN_2_BODY
    )
    assert _heads(_pages(text)) == ["LAMPIRAN II"]


def test_first_section_after_table_rows_starts_a_page() -> None:
    text = (
        "LAMPIRAN I\n"
        + LAMPIRAN_1_BODY.split("\n\n")[0]
        + "\na. Sasaran Strategis 1 : Terlaksananya Penyusunan Dokumen\nUraian Sasaran\n"
        + "\nb. Sasaran Strategis 2 : Tersedianya Laporan\nUraian Sasaran\n"
    )
    assert _heads(_pages(text)) == [
        "LAMPIRAN I",
        "a. Sasaran Strategis 1 : Terlaksananya Penyusunan Dokumen",
    ]


def test_statement_after_a_signed_agreement_starts_a_page_at_its_paragraph() -> None:
    first = agreement("ONDO IRA, SP", "KASUBAG PERENCANAAN") + "NIP. 19751030 200603 1 001\n"
    second = agreement("JONI, SE", "KASUBAG UMUM", title="")
    pages = _pages(first + second)
    assert len(pages) == 2
    assert pages[1].content()[0].text.startswith("Dalam rangka mewujudkan")


def test_blank_lines_before_a_leading_form_feed_are_not_lost() -> None:
    lines, _ = normalise("\n\n\f\nPERJANJIAN KINERJA TAHUN 2025\nNama : JONI, SE\n")
    pages = split_pages(lines)
    _assert_partition(pages, lines)


# --- Penjelasan sections after a signature block -----------------------------------------

_SIGNED_LAMPIRAN_1 = f"""PERJANJIAN KINERJA ESELON III TAHUN 2025
Bidang : PENANAMAN MODAL
No{T}PROGRAM/KEGIATAN{T}SASARAN{T}INDIKATOR KINERJA{T}TARGET
A.{T}PROMOSI PENANAMAN MODAL{T}Meningkatnya investasi{T}Jumlah Realisasi PMA{T}3.3 trilliun

Malili, 02 Januari 2025

Pihak Kedua
Plt. KEPALA DINAS PM-PTSP

Pihak Pertama
KEPALA BIDANG PENANAMAN MODAL

ISKANDAR MUDA, S.Sos.,M.Si
NIP : 19751030 200803 1 001
"""


@pytest.mark.parametrize(
    "closing",
    [
        "AYUB KOMBONG, S.T.M.Si.\nNIP : 19750825 200502 1 006",
        "AYUB KOMBONG, S.T.M.Si.\nNIP. 19750825 200502 1 006",
        "(AYUB KOMBONG, S.T.M.Si.)",
        "AYUB KOMBONG, S.T.M.Si.\nPembina Tk. I\nNIP. 19750825 200502 1 006",
    ],
    ids=["nip-colon", "nip-dot", "name-in-parentheses", "rank-and-nip"],
)
def test_penjelasan_section_right_after_a_signature_block_starts_a_page(closing: str) -> None:
    text = _SIGNED_LAMPIRAN_1 + "\n" + closing + "\n\n" + LAMPIRAN_2_BODY
    pages = _pages(text)
    assert _heads(pages) == ["PERJANJIAN KINERJA ESELON III TAHUN 2025", "Penjelasan Kinerja 1"]


def test_penjelasan_after_a_name_that_closes_a_signature_block_starts_a_page() -> None:
    text = _SIGNED_LAMPIRAN_1 + "\nAYUB KOMBONG, S.T.M.Si.\n\n" + LAMPIRAN_2_BODY
    pages = _pages(text)
    assert _heads(pages) == ["PERJANJIAN KINERJA ESELON III TAHUN 2025", "Penjelasan Kinerja 1"]


def test_later_penjelasan_sections_inside_lampiran_2_do_not_split() -> None:
    text = (
        "LAMPIRAN 2 PERJANJIAN KINERJA\nPENJELASAN KINERJA TAHUN 2025\n\n"
        + LAMPIRAN_2_BODY
        + "\nPenjelasan Kinerja 2.\n\nUraian Sasaran\n\nYang dimaksud adalah laporan.\n"
        + "\nb) Penjelasan Kinerja 3\n\nUraian Sasaran\n"
    )
    assert len(_pages(text)) == 1


# --- tables continued over a page break ---------------------------------------------------


def test_table_header_repeated_right_after_its_rows_starts_a_page() -> None:
    text = f"""LAMPIRAN 2 PERJANJIAN KINERJA
PENJELASAN KINERJA TAHUN 2025

Penjelasan Kinerja 3

No{T}Uraian{T}Relevansi{T}Formulasi{T}Sumber Data
1{T}Nilai SAKIP{T}Penilaian akuntabilitas merupakan strategi{T}Nilai hasil akhir{T}Inspektorat

No{T}Uraian{T}Relevansi{T}Formulasi{T}Sumber Data
{T}{T}mendorong peningkatan pencapaian kinerja.{T}{T}

Target Kinerja
"""
    pages = _pages(text)
    assert len(pages) == 2
    assert pages[1].content()[0].text == "No\tUraian\tRelevansi\tFormulasi\tSumber Data"
    assert pages[1].content()[1].text == "\t\tmendorong peningkatan pencapaian kinerja."


def test_same_header_for_a_new_table_after_prose_does_not_split() -> None:
    text = f"""LAMPIRAN 2 PERJANJIAN KINERJA
PENJELASAN KINERJA TAHUN 2025
Penjelasan Kinerja 1
No{T}Uraian{T}Relevansi{T}Formulasi{T}Sumber data
1.{T}Indikator nilai investasi{T}relevan{T}Nilai akhir{T}Data LKPM
Penjelasan Kinerja 2.
Indikator kinerja ini yang akan menggambarkan ketercapaian sasaran:
No{T}Uraian{T}Relevansi{T}Formulasi{T}Sumber Data
1.{T}Indikator persentase waktu{T}relevan{T}Nilai akhir{T}Aplikasi OSS
"""
    assert len(_pages(text)) == 1


# --- blank runs where images were removed --------------------------------------------------


def test_three_blank_lines_after_a_closed_signature_block_start_a_page() -> None:
    text = f"""LAMPIRAN 1 PERJANJIAN KINERJA
No{T}Sasaran{T}Indikator{T}Target
1{T}Tersusunnya laporan{T}Jumlah laporan{T}12 laporan

KASUBAG UMUM DAN KEUANGAN

JONI, SE
Nip. 19751011 200604 1 030



Sasaran kinerja tahun berikutnya disusun bersama seluruh pegawai
dalam rapat koordinasi.
"""
    pages = _pages(text)
    assert _heads(pages) == [
        "LAMPIRAN 1 PERJANJIAN KINERJA",
        "Sasaran kinerja tahun berikutnya disusun bersama seluruh pegawai",
    ]
    # the blank lines stay with the page before
    assert pages[0].lines[-1].blank


def test_blank_lines_inside_a_signature_block_do_not_split() -> None:
    text = f"""LAMPIRAN 1 PERJANJIAN KINERJA
No{T}Sasaran{T}Indikator{T}Target
1{T}Tersusunnya laporan{T}Jumlah laporan{T}12 laporan

Malili, 2 Januari 2025

SEKRETARIS DINAS



(ISKANDAR MUDA, S.Sos.,M.Si)



KASUBAG UMUM DAN KEUANGAN



JONI, SE

Nip. 19751011 200604 1 030



Pihak Pertama,
PRANATA BARANG



DAMES ARY SANDY SURYA
"""
    assert len(_pages(text)) == 1


# --- invariants -------------------------------------------------------------------------

_CONTENT = [
    "PERJANJIAN KINERJA TAHUN 2025",
    "Perjanjian Kinerja Tahun 2025",
    "PERJANJIAN KINERJA ESELON III TAHUN 2025",
    "kami yang bertanda tangan di bawah ini :",
    "Nama : JONI, SE",
    "Jabatan : KASUBAG UMUM & KEUANGAN",
    "LAMPIRAN I",
    "LAMPIRAN II",
    "**LAMPIRAN 1 PERJANJIAN KINERJA",
    "PENJELASAN KINERJA TAHUN 2025**",
    "KATA PENGANTAR",
    "Penjelasan Kinerja 1",
    f"No{T}Uraian{T}Target",
    f"1{T}Nilai SAKIP{T}73,50",
    "| 1. Penunjang | Rp. | 4.324.506.023,00 |",
    "|--|-----|----|",
    "Malili, 02 Januari 2025",
    "Pihak Kedua,",
    "KEPALA DINAS",
    "(JONI, SE)",
    "NIP. 19751030 200603 1 001",
    "Yang dimaksud dalam sasaran kinerja ini adalah",
    "akhir halaman\f",
    "\fawal halaman",
    "NIP. 19751030 200603 1 001\fPERJANJIAN KINERJA TAHUN 2025",
    "Halaman 2 dari 9",
    "- 3 -",
    "(4)",
    "kami yang bertanda tangan di bawah ini, selanjutnya disebut pihak pertama",
    "PENJELASAN INDIKATOR KINERJA",
    "a. Sasaran Strategis 1 : Meningkatnya investasi",
]
_ANY = [*_CONTENT, "", "", "", "\f", "<!-- image -->"]


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(_CONTENT),
    st.lists(st.sampled_from(_ANY), max_size=60),
)
def test_pages_are_numbered_and_hold_every_line_once_in_order(first: str, rest: list[str]) -> None:
    # The text opens with a printed line; blank lines before a leading form feed are
    # covered by test_blank_lines_before_a_leading_form_feed_are_not_lost (a known bug).
    lines, _ = normalise("\n".join([first, *rest]))
    assume(not lines[0].blank)
    pages = split_pages(lines)
    _assert_partition(pages, lines)
    assert all(page.content() for page in pages), "a page of blank lines only"


# --- the real sample --------------------------------------------------------------------

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "pk-dpmptsp-luwu-timur-2025.txt"


@pytest.fixture(scope="module")
def sample() -> tuple[list[Line], list[Page]]:
    lines, _ = normalise(SAMPLE.read_text(encoding="utf-8"))
    return lines, split_pages(lines)


def _first_lines(pages: list[Page]) -> set[int]:
    return {page.content()[0].number for page in pages if page.content()}


def test_sample_pages_hold_every_line(sample) -> None:
    lines, pages = sample
    _assert_partition(pages, lines)


def test_sample_every_agreement_page_starts_a_page(sample) -> None:
    lines, pages = sample
    titles = [
        line.number
        for i, line in enumerate(lines)
        if line.text == "PERJANJIAN KINERJA TAHUN 2025"
        and any("bertanda tangan" in later.text for later in lines[i + 1 : i + 4])
    ]
    assert len(titles) == 10  # 9 agreements, the first printed twice
    assert set(titles) <= _first_lines(pages)


def test_sample_every_lampiran_heading_starts_a_page(sample) -> None:
    lines, pages = sample
    headings = [
        line.number
        for line in lines
        if line.text.startswith("LAMPIRAN ") or line.text.startswith("PERJANJIAN KINERJA ESELON")
    ]
    assert len(headings) == 19  # 16 LAMPIRAN headings and 3 Eselon III tables
    assert set(headings) <= _first_lines(pages)


def test_sample_cover_title_stays_on_the_cover(sample) -> None:
    lines, pages = sample
    cover_title = next(line for line in lines if line.text == "Perjanjian Kinerja Tahun 2025")
    cover = next(page for page in pages if cover_title in page.lines)
    assert cover.number == 1
    assert cover.content()[0].text == "dpmptsp"
    assert cover_title.number not in _first_lines(pages)


def test_sample_penjelasan_after_nip_and_repeated_header_start_pages(sample) -> None:
    lines, pages = sample
    starts = _first_lines(pages)
    # "Penjelasan Kinerja 1" straight after the NIP of the Eselon III signature block
    after_nip = [
        line.number
        for prev, line in zip(lines, lines[1:], strict=False)
        if line.text == "Penjelasan Kinerja 1"
        and any(p.text.startswith("NIP") for p in lines[max(0, prev.number - 4) : prev.number])
    ]
    assert after_nip and set(after_nip) <= starts
    # the Relevansi table header printed again on the next page, over one continued row
    repeated = [
        line.number
        for line in lines
        if line.text == "No\tUraian\tRelevansi\tFormulasi\tSumber Data"
        and lines[line.number].text.startswith("\t\tmendorong")
    ]
    assert len(repeated) == 2
    assert set(repeated) <= starts


def test_a_sentence_about_signing_without_parties_does_not_split() -> None:
    text = (
        agreement("ONDO IRA, SP", "KASUBAG PERENCANAAN")
        + "NIP. 19751030 200603 1 001\n"
        + "Catatan: dokumen ini sah setelah para pihak yang bertanda tangan memberi paraf\n"
        + "pada setiap halaman lampiran.\n"
    )
    assert len(_pages(text)) == 1
