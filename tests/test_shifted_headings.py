"""Rule "a heading is never a table cell": a centred heading that a layout shifted right
(``pdftotext -layout`` indents it, a PDF page puts it in the right column: ``\\tLAMPIRAN II``)
is read as the heading it is when pages are cut and classified and when table rows are built."""

from __future__ import annotations

import pytest

from extractor.document import Page
from extractor.normalise import normalise
from extractor.pages import split_sections
from extractor.parse.lampiran1 import parse_lampiran1
from extractor.parse.tables import is_continuation
from extractor.pipeline import extract_bytes
from extractor.segment import classify_pages
from extractor.vocabulary import unshift_heading

from . import pdf_fixtures
from .compare import differences

T = "\t"
SHIFTS = ["\t", "\t\t", "\t\t\t"]

LAMPIRAN_1 = [
    "LAMPIRAN I",
    "PERJANJIAN KINERJA TAHUN 2025",
    "",
    f"No{T}Sasaran Strategis{T}Indikator Kinerja{T}Target",
    f"1{T}Meningkatnya Derajat Kesehatan{T}Angka Harapan Hidup{T}71,25 tahun",
    f"{T}{T}Jumlah Kematian Ibu{T}5 kasus",
    "",
    f"No{T}Program{T}Anggaran",
    f"1{T}Program Penunjang Urusan Pemerintahan{T}Rp. 1.500.000.000,00",
    f"2{T}Program Pemenuhan Upaya Kesehatan{T}Rp. 2.250.000.000,00",
    f"{T}JUMLAH{T}Rp. 3.750.000.000,00",
]


def _penjelasan(shift: str) -> list[str]:
    return [
        f"{shift}LAMPIRAN II",
        f"{shift}PERJANJIAN KINERJA TAHUN 2025",
        "PENJELASAN KINERJA",
        "",
        "Penjelasan Kinerja 1",
        "Uraian Sasaran",
        'Sasaran "Meningkatnya Derajat Kesehatan" dimaksudkan sebagai upaya mewujudkan',
        "kondisi kesehatan penduduk yang lebih baik.",
        "Target Kinerja",
        f"Indikator Kinerja{T}Target{T}Penjelasan",
        f"Angka Harapan Hidup{T}71,25 tahun{T}Mengacu pada RPJMD",
        f"Jumlah Kematian Ibu{T}5 kasus{T}Menurun dari tahun 2024",
    ]


def _bundle(shift: str, page_break: str) -> str:
    signatures = ["", f"PIHAK KEDUA,{T}PIHAK PERTAMA,", "", f"ANDI HABIL UNRU, SE{T}ISKANDAR MUDA"]
    penjelasan = _penjelasan(shift)
    penjelasan[0] = page_break + penjelasan[0]
    return (
        "\n".join(
            [
                *pdf_fixtures.PK_LINES,
                *signatures,
                "\f" + LAMPIRAN_1[0],
                *LAMPIRAN_1[1:],
                *penjelasan,
            ]
        )
        + "\n"
    )


@pytest.mark.parametrize("shift", SHIFTS)
@pytest.mark.parametrize("page_break", ["\f", ""], ids=["form-feed", "no-break"])
def test_a_shifted_heading_gives_the_same_facts_as_a_plain_one(shift: str, page_break: str) -> None:
    plain = extract_bytes(_bundle("", "\f").encode(), "pk.txt")
    (agreement,) = plain.agreements
    assert [t.indicator for t in agreement.performance_targets] == [
        "Angka Harapan Hidup",
        "Jumlah Kematian Ibu",
    ]
    assert agreement.budget.total is not None and len(agreement.budget.items) == 2
    assert [len(e.targets) for e in agreement.explanations] == [2]
    count, wrong = differences(plain, extract_bytes(_bundle(shift, page_break).encode(), "pk.txt"))
    assert count > 20 and wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("shift", SHIFTS)
def test_unshift_heading_reads_only_a_lone_heading_cell(shift: str) -> None:
    assert unshift_heading(f"{shift}LAMPIRAN II") == "LAMPIRAN II"
    assert (
        unshift_heading(f"{shift}PERJANJIAN KINERJA TAHUN 2025 ") == "PERJANJIAN KINERJA TAHUN 2025"
    )
    assert unshift_heading(f"{shift}KATA PENGANTAR") == "KATA PENGANTAR"
    for text in (
        f"{shift}Jumlah Kematian Ibu{T}5 kasus",  # a continuation row
        f"{shift}SIRING",  # upper case, but no heading
        f"{shift}Rindang Jaya, 3 Pebruari 2025",  # the date over the right signature column
        f"LAMPIRAN II{T}x",  # no empty cell before it
    ):
        assert unshift_heading(text) == text


@pytest.mark.parametrize("shift", SHIFTS)
def test_a_shifted_heading_neither_continues_a_budget_row_nor_makes_one(shift: str) -> None:
    first = Page(1, normalise("\n".join(LAMPIRAN_1))[0], kind="lampiran_1")
    lines, _ = normalise(
        "\n".join(f"{shift}{text}" for text in ("LAMPIRAN II", "PERJANJIAN KINERJA TAHUN 2025"))
    )
    second = Page(
        2, [type(line)(line.number + 100, line.text, line.raw) for line in lines], kind="lampiran_1"
    )
    assert not is_continuation(second.lines[0].text.split(T))
    result = parse_lampiran1([first, second])
    assert [item.name for item in result.budget.items] == [
        "Program Penunjang Urusan Pemerintahan",
        "Program Pemenuhan Upaya Kesehatan",
    ]
    assert result.budget.total is not None and result.budget.total.value == 3_750_000_000


@pytest.mark.parametrize("shift", SHIFTS)
def test_a_shifted_lampiran_heading_opens_a_section_inside_a_physical_page(shift: str) -> None:
    lines, _ = normalise("\n".join([*LAMPIRAN_1, "", *_penjelasan(shift)]))
    pages = classify_pages(split_sections([Page(5, lines)]))
    assert [(p.number, p.kind) for p in pages] == [(5, "lampiran_1"), (5, "lampiran_2")]
    assert pages[1].lines[0].text.strip() == "LAMPIRAN II"
