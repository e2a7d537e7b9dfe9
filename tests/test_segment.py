"""Stage 5 (segment): page kinds, and pages grouped into agreements."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.dedup import deduplicate
from extractor.document import Page
from extractor.normalise import normalise
from extractor.pages import split_pages
from extractor.segment import AgreementPages, classify_pages, segment
from tests.pagekit import SAMPLE_FIRST_PARTIES

T = "\t"


def make_pages(*texts: str) -> list[Page]:
    pages = []
    for number, text in enumerate(texts, start=1):
        lines, _ = normalise(text)
        pages.append(Page(number=number, lines=lines))
    return pages


def kinds(*texts: str) -> list[str]:
    return [page.kind for page in classify_pages(make_pages(*texts))]


def agreement(name: str = "ONDO IRA, SP", position: str = "KASUBAG PERENCANAAN") -> str:
    return f"""PERJANJIAN KINERJA TAHUN 2025

Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel serta \
berorientasi pada hasil, kami yang bertanda tangan di bawah ini :

Nama : {name}
Jabatan : {position}
selanjutnya disebut pihak pertama

Nama : ISKANDAR MUDA, S.Sos.,M.Si
Jabatan : SEKRETARIS DINAS PENANAMAN MODAL DAN PTSP
selaku atasan pihak pertama, selanjutnya disebut pihak kedua

Pihak Pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran.

Malili, 2 Januari 2025
Pihak Kedua,
SEKRETARIS DINAS
ISKANDAR MUDA, S.Sos.,M.Si
Pihak Pertama,
{position}
{name}
"""


TARGETS = f"""No.{T}Sasaran Kegiatan{T}Indikator Kegiatan{T}Target
1{T}Terlaksananya Penyusunan Dokumen Perencanaan{T}Persentase dokumen tepat waktu{T}100%
"""

PENJELASAN = f"""Penjelasan Kinerja 1

Uraian Sasaran: Terlaksananya Penyusunan Dokumen Perencanaan.

Indikator Kinerja{T}Target{T}Penjelasan
Persentase dokumen tepat waktu{T}100%{T}Target Kinerja berdasarkan target Renstra
"""

CONTINUED_ROWS = f"""2{T}Tersedianya Laporan Kepegawaian{T}Persentase laporan tepat waktu{T}100%
3{T}Tersedianya laporan keuangan{T}Persentase laporan keuangan tepat waktu{T}100%

Malili, 2 Januari 2025
SEKRETARIS DINAS
(ISKANDAR MUDA, S.Sos.,M.Si)
"""

COVER = """PEMERINTAH KABUPATEN LUWU TIMUR
DINAS PENANAMAN MODAL DAN PELAYANAN TERPADU SATU PINTU
PERJANJIAN KINERJA TAHUN 2025
"""


# --- page kinds -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "PERJANJIAN KINERJA TAHUN 2025",
        "Perjanjian Kinerja Tahun 2025",
        "PERJANJIAN KINERJA PERUBAHAN TAHUN 2025",
        "PENETAPAN KINERJA TAHUN 2025",
    ],
)
def test_agreement_page(title: str) -> None:
    text = agreement().replace("PERJANJIAN KINERJA TAHUN 2025", title)
    assert kinds(text) == ["agreement"]


def test_agreement_page_under_a_letterhead_and_with_date_in_words() -> None:
    text = """PEMERINTAH KABUPATEN LUWU TIMUR
DINAS PENANAMAN MODAL DAN PTSP
PERJANJIAN KINERJA TAHUN 2025
Pada hari ini Senin tanggal enam bulan Januari tahun dua ribu dua puluh lima, kami:
1. Nama : ANDI RAJUNI, SE
Jabatan : KEPALA BIDANG PTSP
"""
    assert kinds(text) == ["agreement"]


@pytest.mark.parametrize(
    "heading",
    [
        "LAMPIRAN I",
        "LAMPIRAN 1",
        "Lampiran I",
        "LAMPIRAN I PERJANJIAN KINERJA TAHUN 2025",
        "**LAMPIRAN 1 PERJANJIAN KINERJA\nDINAS PENANAMAN MODAL DAN PTSP\nTABEL KINERJA\nTAHUN 2025**",
    ],
)
def test_lampiran_1_page(heading: str) -> None:
    assert kinds(agreement(), heading + "\n" + TARGETS) == ["agreement", "lampiran_1"]


@pytest.mark.parametrize(
    "heading",
    [
        "LAMPIRAN II",
        "LAMPIRAN 2",
        "Lampiran II",
        "LAMPIRAN II\nPERJANJIAN KINERJA TAHUN 2025\nPENJELASAN KINERJA",
        "LAMPIRAN 2 PERJANJIAN KINERA TINGKAT ESELON IV\nDINAS PENANAMAN MODAL\nPENJELASAN KINERJA",
    ],
)
def test_lampiran_2_page(heading: str) -> None:
    assert kinds(agreement(), heading + "\n" + PENJELASAN) == ["agreement", "lampiran_2"]


def test_unnumbered_lampiran_with_penjelasan_sections_is_lampiran_2() -> None:
    text = "LAMPIRAN\nPERJANJIAN KINERJA TAHUN 2025\n" + PENJELASAN
    assert kinds(agreement(), text) == ["agreement", "lampiran_2"]


@pytest.mark.parametrize(
    "heading",
    ["PENJELASAN KINERJA", "PENJELASAN KINERJA TAHUN 2025", "## PENJELASAN KINERJA TAHUN 2025"],
)
def test_penjelasan_kinerja_heading_is_lampiran_2(heading: str) -> None:
    text = heading + "\nDINAS PENANAMAN MODAL DAN PTSP\nUraian Sasaran\nYang dimaksud adalah ...\n"
    assert kinds(agreement(), "LAMPIRAN I\n" + TARGETS, text) == [
        "agreement",
        "lampiran_1",
        "lampiran_2",
    ]


def test_title_case_penjelasan_kinerja_heading_is_lampiran_2() -> None:
    text = (
        "Penjelasan Kinerja Tahun 2025\nDinas Penanaman Modal dan PTSP\nUraian Sasaran\n"
        "Yang dimaksud adalah ...\n"
    )
    assert kinds(agreement(), "LAMPIRAN I\n" + TARGETS, text) == [
        "agreement",
        "lampiran_1",
        "lampiran_2",
    ]


def test_penjelasan_section_page_without_lampiran_heading_is_lampiran_2() -> None:
    assert kinds(agreement(), "LAMPIRAN I\n" + TARGETS, PENJELASAN) == [
        "agreement",
        "lampiran_1",
        "lampiran_2",
    ]


@pytest.mark.parametrize(
    "heading",
    ["TABEL KINERJA\nTAHUN 2025", "PERJANJIAN KINERJA ESELON III TAHUN 2025\nBidang : PTSP"],
)
def test_tabel_kinerja_and_eselon_headings_are_lampiran_1(heading: str) -> None:
    assert kinds(agreement(), heading + "\n" + TARGETS) == ["agreement", "lampiran_1"]


def test_pk_title_over_a_table_is_lampiran_1() -> None:
    text = "PERJANJIAN KINERJA TAHUN 2025\nDINAS PENANAMAN MODAL DAN PTSP\n" + TARGETS
    assert kinds(agreement(), text) == ["agreement", "lampiran_1"]


@pytest.mark.parametrize(
    "text",
    [
        "KATA PENGANTAR\nPuji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa.\n",
        "PAKTA INTEGRITAS\nSaya yang bertanda tangan di bawah ini :\nNama : ONDO IRA, SP\n"
        "Jabatan : KASUBAG PERENCANAAN\n",
        f"RENCANA AKSI TAHUN 2025\nNo{T}Kegiatan{T}Target{T}TW I{T}TW II\n1{T}Rapat{T}4{T}1{T}1\n",
        "DAFTAR ISI\nKata Pengantar\ti\nPerjanjian Kinerja Tahun 2025\t1\n",
    ],
    ids=["kata-pengantar", "pakta-integritas", "rencana-aksi", "daftar-isi"],
)
def test_non_pk_pages_are_other_wherever_they_are(text: str) -> None:
    assert kinds(
        text, agreement(), "LAMPIRAN I\n" + TARGETS, text, "LAMPIRAN II\n" + PENJELASAN, text
    ) == [
        "other",
        "agreement",
        "lampiran_1",
        "other",
        "lampiran_2",
        "other",
    ]


def test_pakta_integritas_under_a_letterhead_is_other() -> None:
    pakta = (
        "PEMERINTAH KABUPATEN LUWU TIMUR\nDINAS PENANAMAN MODAL DAN PTSP\nPAKTA INTEGRITAS\n"
        "Saya yang bertanda tangan di bawah ini :\nNama : ONDO IRA, SP\n"
    )
    assert kinds(agreement(), "LAMPIRAN II\n" + PENJELASAN, pakta)[-1] == "other"


def test_pakta_integritas_under_a_letterhead_stays_out_of_the_agreement() -> None:
    text = (
        agreement()
        + "LAMPIRAN II\n"
        + PENJELASAN
        + "\nMalili, 2 Januari 2025\nKEPALA DINAS\n(ISKANDAR MUDA, S.Sos.,M.Si)\n"
        + "PEMERINTAH KABUPATEN LUWU TIMUR\nDINAS PENANAMAN MODAL DAN PTSP\nPAKTA INTEGRITAS\n"
        + "Saya yang bertanda tangan di bawah ini :\nNama : ONDO IRA, SP\n"
        + "Jabatan : KASUBAG PERENCANAAN\n"
    )
    lines, _ = normalise(text)
    pages = classify_pages(split_pages(lines))
    groups, _ = segment(pages)
    assert len(groups) == 1
    grouped = [line.text for page in groups[0].pages for line in page.lines]
    assert "PAKTA INTEGRITAS" not in grouped


def test_lampiran_iii_rencana_aksi_is_not_lampiran_1() -> None:
    text = (
        "LAMPIRAN III PERJANJIAN KINERJA\nDINAS PENANAMAN MODAL DAN PTSP\n"
        f"RENCANA AKSI TAHUN 2025\nNo{T}Kegiatan{T}TW I{T}TW II{T}TW III{T}TW IV\n"
        f"1{T}Rapat koordinasi{T}1{T}1{T}1{T}1\n"
    )
    assert kinds(agreement(), "LAMPIRAN I\n" + TARGETS, text)[-1] not in (
        "lampiran_1",
        "lampiran_2",
    )


def test_pages_before_the_first_agreement_without_pk_heading_are_cover() -> None:
    assert kinds(
        "dpmptsp\nLUWU TIMUR\nmelayani anda, membangun bersama\n",
        COVER,
        agreement(),
    ) == ["cover", "cover", "agreement"]


def test_page_without_heading_after_an_agreement_page_is_not_cover() -> None:
    assert kinds(agreement(), "Catatan tambahan tanpa judul\n")[1] not in (
        "cover",
        "lampiran_1",
        "lampiran_2",
    )


@pytest.mark.parametrize(
    ("lampiran", "kind"),
    [("LAMPIRAN I\n" + TARGETS, "lampiran_1"), ("LAMPIRAN II\n" + PENJELASAN, "lampiran_2")],
)
def test_continuation_page_inherits_the_lampiran_kind(lampiran: str, kind: str) -> None:
    assert kinds(agreement(), lampiran, CONTINUED_ROWS, CONTINUED_ROWS + "\nlanjutan") == [
        "agreement",
        kind,
        kind,
        kind,
    ]


def test_continuation_after_a_non_pk_page_does_not_inherit_a_lampiran_kind() -> None:
    result = kinds(agreement(), "LAMPIRAN I\n" + TARGETS, "KATA PENGANTAR\nteks\n", CONTINUED_ROWS)
    assert result[:3] == ["agreement", "lampiran_1", "other"]
    assert result[3] not in ("lampiran_1", "lampiran_2")


# --- grouping ---------------------------------------------------------------------------


def test_pages_are_grouped_into_agreements() -> None:
    pages = classify_pages(
        make_pages(
            COVER,
            "KATA PENGANTAR\nPuji syukur\n",
            agreement("ONDO IRA, SP"),
            "LAMPIRAN I\n" + TARGETS,
            CONTINUED_ROWS,
            "LAMPIRAN II\n" + PENJELASAN,
            "PAKTA INTEGRITAS\nSaya yang bertanda tangan di bawah ini :\n",
            agreement("JONI, SE", "KASUBAG UMUM & KEUANGAN"),
            "LAMPIRAN I\n" + TARGETS,
            agreement("PANCASIWI RAHARJO", "BENDAHARA PENGELUARAN"),
        )
    )
    groups, problems = segment(pages)
    assert problems == []
    assert all(isinstance(g, AgreementPages) for g in groups)
    assert [[p.number for p in g.pages] for g in groups] == [[3, 4, 5, 6], [8, 9], [10]]
    assert [g.agreement_page.number for g in groups] == [3, 8, 10]
    assert [[p.kind for p in g.lampiran_pages] for g in groups] == [
        ["lampiran_1", "lampiran_1", "lampiran_2"],
        ["lampiran_1"],
        [],
    ]
    grouped = {p.number for g in groups for p in g.pages}
    assert grouped.isdisjoint({1, 2, 7})  # cover, foreword and Pakta Integritas stay out


def test_lampiran_before_any_agreement_is_an_orphan() -> None:
    pages = classify_pages(make_pages(COVER, "LAMPIRAN I\n" + TARGETS, agreement()))
    groups, problems = segment(pages)
    assert [[p.number for p in g.pages] for g in groups] == [[3]]
    assert [(p.code, p.page) for p in problems] == [("orphan_lampiran", 2)]


def test_every_orphan_lampiran_page_is_reported() -> None:
    pages = classify_pages(
        make_pages("LAMPIRAN I\n" + TARGETS, "LAMPIRAN II\n" + PENJELASAN, agreement())
    )
    groups, problems = segment(pages)
    assert len(groups) == 1
    assert [(p.code, p.page) for p in problems] == [
        ("orphan_lampiran", 1),
        ("orphan_lampiran", 2),
    ]


def test_no_agreement_page_gives_no_agreement() -> None:
    pages = classify_pages(make_pages("PEMERINTAH KABUPATEN X\n", "KATA PENGANTAR\nPuji syukur\n"))
    groups, problems = segment(pages)
    assert groups == []
    assert problems == []


def test_a_pk_title_without_an_agreement_page_is_read_as_one_agreement() -> None:
    """Rule "a text that reads as a PK is never a non-PK" (issue 9): a cover printing a PK
    title, with no page recognised as an agreement, is read as one agreement with an
    ``agreement_unrecognised`` problem; a page of another document stays out of it."""
    pages = classify_pages(make_pages(COVER, "KATA PENGANTAR\nPuji syukur\n"))
    groups, problems = segment(pages)
    (group,) = groups
    assert [p.number for p in group.pages] == [1]
    assert group.pages[0].kind == "agreement"
    assert [p.code for p in problems] == ["agreement_unrecognised"]


def test_bundle_text_end_to_end() -> None:
    text = (
        COVER
        + "\n\n\n"
        + agreement("ONDO IRA, SP", "KASUBAG PERENCANAAN DAN KEPEGAWAIAN")
        + "\n**LAMPIRAN 1 PERJANJIAN KINERJA\nDINAS PENANAMAN MODAL DAN PTSP**\n\n"
        + TARGETS
        + "\nLAMPIRAN 2 PERJANJIAN KINERA TINGKAT ESELON IV\nPENJELASAN KINERJA\n\n"
        + PENJELASAN
        + "\n"
        + agreement("JONI, SE", "KASUBAG UMUM & KEUANGAN")
        + "\f"
        + "LAMPIRAN I\n"
        + TARGETS
    )
    lines, _ = normalise(text)
    pages = classify_pages(split_pages(lines))
    kept, _ = deduplicate(pages)
    groups, problems = segment(kept)
    assert problems == []
    assert [[p.kind for p in g.pages] for g in groups] == [
        ["agreement", "lampiran_1", "lampiran_2"],
        ["agreement", "lampiran_1"],
    ]
    assert [p.kind for p in pages][0] == "cover"


# --- the real sample --------------------------------------------------------------------

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "pk-dpmptsp-luwu-timur-2025.txt"


@pytest.fixture(scope="module")
def sample():
    lines, _ = normalise(SAMPLE.read_text(encoding="utf-8"))
    pages = classify_pages(split_pages(lines))
    kept, _ = deduplicate(pages)
    groups, problems = segment(kept)
    return pages, groups, problems


def _first_party(page: Page) -> str:
    return next(line.text for line in page.lines if line.text.startswith("Nama :"))


def test_sample_has_nine_agreements_and_no_problem(sample) -> None:
    pages, groups, problems = sample
    assert problems == []
    assert len(groups) == 9
    assert [
        _first_party(g.agreement_page).removeprefix("Nama : ") for g in groups
    ] == SAMPLE_FIRST_PARTIES


def test_sample_every_agreement_has_its_lampiran_1_and_2(sample) -> None:
    _, groups, _ = sample
    for group in groups:
        lampiran_kinds = [p.kind for p in group.lampiran_pages]
        assert "lampiran_1" in lampiran_kinds, group.agreement_page.number
        assert "lampiran_2" in lampiran_kinds, group.agreement_page.number
        # Lampiran 1 comes before Lampiran 2
        assert lampiran_kinds.index("lampiran_1") < lampiran_kinds.index("lampiran_2")


def test_sample_page_kinds(sample) -> None:
    pages, _, _ = sample
    assert pages[0].kind == "cover"
    assert all(p.kind != "cover" for p in pages[1:])
    for page in pages:
        head = page.content()[0].text
        if head.startswith("LAMPIRAN 1") or head.startswith("PERJANJIAN KINERJA ESELON"):
            assert page.kind == "lampiran_1", page.number
        elif head.startswith("LAMPIRAN 2") or head.startswith("Penjelasan Kinerja"):
            assert page.kind == "lampiran_2", page.number
    # the continuation of a Penjelasan table (repeated header) stays Lampiran 2
    continued = [p for p in pages if p.content()[0].text.startswith("No\tUraian\tRelevansi")]
    assert continued and all(p.kind == "lampiran_2" for p in continued)


# --- headings of the wild ---------------------------------------------------------------


def _statement_only() -> str:
    return agreement().replace("PERJANJIAN KINERJA TAHUN 2025\n", "")


@pytest.mark.parametrize(
    "title",
    [
        "PERJANJIAN KINERJA 2025",
        "PERJANJIAN KINERJA TAHUN ANGGARAN 2025",
        "PERJANJIAN KINERJA ESELON III",
        "FORMULIR PERJANJIAN KINERJA TINGKAT UNIT ORGANISASI ESELON I",
        "P E R J A N J I A N   K I N E R J A   T A H U N   2 0 2 5",
        "PERJANJIAN KINERJA\nTAHUN 2025",
    ],
)
def test_agreement_page_under_other_title_spellings(title: str) -> None:
    text = agreement().replace("PERJANJIAN KINERJA TAHUN 2025", title)
    assert kinds(text) == ["agreement"]


@pytest.mark.parametrize("before", ["", "dpmptsp\nLUWU TIMUR\nmelayani anda\n", "- 2 -\n"])
def test_statement_without_a_title_is_an_agreement_page(before: str) -> None:
    assert kinds(COVER, before + _statement_only()) == ["cover", "agreement"]


def test_pakta_integritas_statement_is_not_an_agreement_page() -> None:
    text = (
        "Saya yang bertanda tangan di bawah ini :\nNama : ONDO IRA, SP\n"
        "Jabatan : KASUBAG PERENCANAAN\nberjanji tidak melakukan korupsi\n"
    )
    assert kinds(agreement(), "LAMPIRAN I\n" + TARGETS, text)[-1] != "agreement"


@pytest.mark.parametrize(
    "heading",
    ["PENJELASAN INDIKATOR KINERJA", "a. Sasaran Strategis 1 : Meningkatnya layanan"],
)
def test_penjelasan_variants_are_lampiran_2(heading: str) -> None:
    text = heading + "\nUraian Sasaran\nYang dimaksud adalah ...\n"
    assert kinds(agreement(), "LAMPIRAN I\n" + TARGETS, text)[-1] == "lampiran_2"


def test_continued_section_part_after_lampiran_1_is_lampiran_2() -> None:
    text = "Definisi Operasional\nJumlah dokumen yang disusun tepat waktu\n"
    assert kinds(agreement(), "LAMPIRAN I\n" + TARGETS, text)[-1] == "lampiran_2"


def test_flat_table_under_a_pk_title_is_lampiran_1() -> None:
    # pdftotext/pypdfium2 print the header as one line without tabs
    text = (
        "PERJANJIAN KINERJA ESELON III TAHUN 2025\nNO. SASARAN STRATEGIS INDIKATOR KINERJA TARGET\n"
        "1 Meningkatnya Nilai Investasi Nilai Investasi 3.300.000.000.000\n"
    )
    assert kinds(agreement(), text) == ["agreement", "lampiran_1"]


def test_attachments_without_any_agreement_page_make_one_agreement() -> None:
    pages = classify_pages(
        make_pages(COVER, "LAMPIRAN I\n" + TARGETS, "LAMPIRAN II\n" + PENJELASAN)
    )
    groups, problems = segment(pages)
    assert [[p.number for p in g.pages] for g in groups] == [[2, 3]]
    assert [(p.code, p.page) for p in problems] == [("agreement_page_missing", 2)]
