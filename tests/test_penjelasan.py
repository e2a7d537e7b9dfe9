"""Lampiran 2 Penjelasan Kinerja sections."""

from __future__ import annotations

import pytest

from extractor.parse.penjelasan import parse_explanations, split_regulations

from .pagekit import page

T = "\t"


def test_section_with_list_legal_basis_tables_and_continued_row() -> None:
    first = page(
        f"""
        LAMPIRAN II
        PENJELASAN KINERJA

        Penjelasan Kinerja 1

        Uraian Sasaran: Meningkatnya Kualitas Pelayanan

        Dasar Hukum dalam mencapai sasaran kinerja ini yaitu :
        1. Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik
        2. Peraturan Daerah Nomor 2 Tahun 2023 tentang Perizinan

        Indikator Kinerja:
        Sasaran Kinerja ini memiliki 2 (dua) indikator yaitu:
        1. Indeks Kepuasan Masyarakat
        2. Persentase izin terbit tepat waktu

        No{T}Uraian{T}Relevansi{T}Formulasi{T}Sumber Data
        1{T}Indeks Kepuasan Masyarakat{T}Mengukur mutu layanan yang{T}Survei IKM{T}Laporan IKM
        """,
        number=3,
        kind="lampiran_2",
    )
    second = page(
        f"""
        No{T}Uraian{T}Relevansi{T}Formulasi{T}Sumber Data
        {T}{T}diterima masyarakat{T}{T}
        2{T}Persentase izin terbit tepat waktu{T}Mengukur ketepatan{T}Izin tepat waktu / izin x 100%{T}OSS

        Target Kinerja
        Indikator Kinerja{T}Target{T}Penjelasan
        Indeks Kepuasan Masyarakat{T}≥ 82{T}Sesuai Renstra
        Persentase izin terbit tepat waktu{T}96 %{T}<p>Target Renstra</p><ol><li>tahun 2025</li></ol>
        """,
        number=4,
        kind="lampiran_2",
        first_line=100,
    )
    (section,) = parse_explanations([first, second])
    assert section.number == "1"
    assert section.objective == "Meningkatnya Kualitas Pelayanan"
    assert section.legal_basis == [
        "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik",
        "Peraturan Daerah Nomor 2 Tahun 2023 tentang Perizinan",
    ]
    assert section.indicators == [
        "Indeks Kepuasan Masyarakat",
        "Persentase izin terbit tepat waktu",
    ]
    assert len(section.indicator_details) == 2
    assert (
        section.indicator_details[0].relevance == "Mengukur mutu layanan yang diterima masyarakat"
    )
    assert section.indicator_details[0].source.page == 3
    assert section.indicator_details[0].source.line_end >= 100
    targets = section.targets
    assert [(t.target.value, t.target.unit, t.target.comparator) for t in targets] == [
        (82, None, ">="),
        (96, "%", None),
    ]
    assert targets[1].explanation == "Target Renstra\ntahun 2025"
    assert targets[1].source.page == 4


def test_legal_basis_in_a_sentence_and_lettered_sections() -> None:
    text = page(
        f"""
        Penjelasan Kinerja A.
        Uraian Sasaran
        Yang dimaksud dalam sasaran ini adalah peningkatan investasi. Dasar hukum dalam mencapai kinerja antara lain Peraturan Daerah Nomor 11 Tahun 2021 tentang RPJMD dan Peraturan Bupati Nomor 48 Tahun 2021

        Tentang Rencana Strategis Perangkat Daerah.
        Target Kinerja
        Indikator Kinerja{T}Target{T}Penjelasan
        Nilai investasi{T}3,3 Triliun{T}Target Renstra

        a) Penjelasan Kinerja 1.
        Uraian Sasaran
        Terwujudnya promosi.
        Indikator Kinerja{T}Target{T}Penjelasan
        Jumlah MOU{T}1 MOU{T}-
        """,
        kind="lampiran_2",
    )
    first, second = parse_explanations([text])
    assert first.number == "A"
    assert first.objective == "Yang dimaksud dalam sasaran ini adalah peningkatan investasi."
    assert first.legal_basis == [
        "Peraturan Daerah Nomor 11 Tahun 2021 tentang RPJMD",
        "Peraturan Bupati Nomor 48 Tahun 2021 Tentang Rencana Strategis Perangkat Daerah",
    ]
    assert first.targets[0].target.value == 3_300_000_000_000
    assert first.indicators == ["Nilai investasi"]  # no list printed: the Target Kinerja rows
    assert second.number == "1"
    assert second.targets[0].target.unit == "mou"


def test_split_regulations_does_not_cut_inside_a_title() -> None:
    text = (
        "Peraturan Menteri Dalam Negeri Nomor 54 Tahun 2010 tentang Pelaksanaan Peraturan "
        "Pemerintah Nomor 8 Tahun 2008, serta Undang-Undang Nomor 23 Tahun 2014"
    )
    assert split_regulations(text) == [
        "Peraturan Menteri Dalam Negeri Nomor 54 Tahun 2010 tentang Pelaksanaan Peraturan "
        "Pemerintah Nomor 8 Tahun 2008",
        "Undang-Undang Nomor 23 Tahun 2014",
    ]


def test_section_without_tables_is_empty_not_invented() -> None:
    (section,) = parse_explanations(
        [page("Penjelasan Kinerja 2\nUraian Sasaran\nTersedianya data.", kind="lampiran_2")]
    )
    assert section.targets == [] and section.indicator_details == []
    assert section.legal_basis == [] and section.indicators == []


def _sections(count: int, head: str) -> str:
    parts = []
    for n in range(1, count + 1):
        parts.append(
            head.format(n=n, letter="abcdefghijklmnop"[n - 1])
            + f"\nUraian Sasaran\nYang dimaksud adalah sasaran nomor {n}.\n"
            + f"Target Kinerja\nIndikator Kinerja{T}Target{T}Penjelasan\n"
            + f"Indikator {n}{T}{n}0 %{T}Sesuai Renstra\n"
        )
    return "\n".join(parts)


@pytest.mark.parametrize(
    ("heading", "head", "count"),
    [
        (
            "LAMPIRAN II\nPENJELASAN INDIKATOR KINERJA",
            "{letter}. Sasaran Strategis {n} : X {n}",
            11,
        ),
        ("PENJELASAN KINERJA", "### Sasaran {n}: Meningkatnya layanan {n}", 9),
        ("PENJELASAN KINERJA", "Sasaran Program {n}", 3),
        ("LAMPIRAN 2", "{letter}) Penjelasan Kinerja {n}.", 4),
    ],
)
def test_every_section_start_spelling_opens_a_section(heading: str, head: str, count: int) -> None:
    sections = parse_explanations(
        [page(heading + "\n" + _sections(count, head), kind="lampiran_2")]
    )
    assert [s.number for s in sections] == [str(n) for n in range(1, count + 1)]
    assert [s.targets[0].indicator for s in sections] == [
        f"Indikator {n}" for n in range(1, count + 1)
    ]


def test_section_start_sharing_a_line_number_with_a_signature_is_kept() -> None:
    # a form feed inside a line cut "NIP ...\fPenjelasan Kinerja 1" in two lines of one number
    first = page("Penjelasan Kinerja 1\nUraian Sasaran\nTersedianya data.", kind="lampiran_2")
    (section,) = parse_explanations([first], signature_area={1})
    assert section.number == "1"
