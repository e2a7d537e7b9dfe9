"""Coverage rules (extractor/coverage.py): what counts as content, what as boilerplate."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.coverage import content_lines, is_boilerplate, measure
from extractor.document import Line, Page


def _page(texts: list[str], kind: str = "lampiran_1", number: int = 1) -> Page:
    lines = [Line(number=i, text=t, raw=t) for i, t in enumerate(texts, start=1)]
    return Page(number=number, lines=lines, kind=kind)


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("B1", "Halaman 3 dari 9"),
        ("B1", "- 4 -"),
        ("B2", "PERJANJIAN KINERJA TAHUN 2025"),
        ("B2", "DINAS PENANAMAN MODAL DAN PELAYANAN TERPADU SATU PINTU"),
        ("B2", "Plt. KEPALA DINAS KESEHATAN KABUPATEN PULAU INDAH"),
        ("B2", "TAHUN 2025"),
        ("B3", "No\tSasaran Strategis\tIndikator Kinerja\tTarget"),
        ("B3", "(1)\t(2)\t(3)\t(4)"),
        ("B3", "1\t2\t3\t4"),
        ("B3", "Program, Kegiatan / Sub Kegiatan"),
        ("B5", "Nama :"),
        ("B5", "PIHAK KEDUA,"),
        ("B5", "Mengetahui"),
        ("B8", "Tahun Anggaran : 2025"),
        ("B8", "Jl. Pahlawan Nomor 21 Rindang Jaya Kode Pos 71452"),
        ("B9", "~"),
        ("B9", "' ."),
    ],
)
def test_boilerplate_rules(rule: str, text: str) -> None:
    assert is_boilerplate(text), rule


@pytest.mark.parametrize(
    "text",
    [
        "1\tMeningkatnya Kualitas Pelayanan\tIndeks Kepuasan Masyarakat\t82,5",
        "Rp. 1.250.000.000,00",
        "NIP. 19840819 200212 1 001",
        "5\tPersentase dokumen\t100 %",
        "Meningkatnya akuntabilitas kinerja",
        "TOTAL ANGGARAN 5.306.281.198",
    ],
)
def test_values_and_rows_are_content(text: str) -> None:
    assert not is_boilerplate(text)


def test_standard_sentences_and_their_wrapped_lines_are_boilerplate() -> None:
    """B4: a standard sentence and the figure-less lines it wraps onto, up to its full stop."""
    page = _page(
        [
            "Pihak Kedua akan melakukan supervisi yang diperlukan serta akan melakukan",
            "evaluasi terhadap capaian kinerja dari perjanjian ini dan mengambil tindakan",
            "yang diper1ukan dalam rangka pemberian penghargaan dan sanksi.",
            "Uraian lain yang bukan kalimat baku",
        ],
        kind="agreement",
    )
    assert [line.text for line in content_lines(page)] == ["Uraian lain yang bukan kalimat baku"]


@pytest.mark.parametrize("kind", ["cover"])
def test_cover_pages_hold_no_content(kind: str) -> None:
    assert list(content_lines(_page(["Laporan", "Rp 1.000.000"], kind=kind))) == []


def test_pages_of_another_document_hold_no_content() -> None:
    """B7: a Kata Pengantar or Pakta Integritas page is not a PK part."""
    page = _page(["KATA PENGANTAR", "Dokumen ini disusun tahun 2025.", "NIP 1970"], kind="other")
    assert list(content_lines(page)) == []
    unknown = _page(["Sesuatu", "Angka 12 %"], kind="other")
    assert [line.text for line in content_lines(unknown)] == ["Sesuatu", "Angka 12 %"]


def test_measure_reports_each_run_of_unread_figures_once() -> None:
    rows = [f"{k}\tSasaran {k}\tIndikator {k}\t{k * 10} %" for k in range(1, 6)]
    page = _page(["No\tSasaran\tIndikator\tTarget", *rows, "", "", "", "", "", "Catatan 7 %"])
    coverage, notes = measure([page], [])
    assert (coverage.content_lines, coverage.consumed_lines) == (6, 0)
    assert [(n.locations[0].line, n.severity) for n in notes] == [(2, "warning"), (12, "warning")]
    assert notes[0].message.startswith("Page 1, lines 2-6: 5 lines")


_WORDS = st.sampled_from(["Indeks", "Kepuasan", "Persentase", "layanan", "Meningkatnya", "mutu"])
_VALUES = st.sampled_from(["100 %", "82,5 %", "Rp 1.250.000", "12.000.000,00", "75%"])


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    no=st.integers(1, 40),
    name=st.lists(_WORDS, min_size=1, max_size=6).map(" ".join),
    value=_VALUES,
    upper=st.booleans(),
)
def test_a_table_row_holding_a_value_is_never_boilerplate(no, name, value, upper) -> None:
    """Whatever its words and case, a row with a percentage or an amount is content."""
    name = name.upper() if upper else name
    assert not is_boilerplate(f"{no}\t{name}\t{value}")
    assert not is_boilerplate(f"{no}. {name} {value}")


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    word=st.sampled_from(["evaluasi", "Evaluasi", "sanksi", "penghargaan", "supervisi"]),
    value=_VALUES,
    tabbed=st.booleans(),
)
def test_a_row_naming_a_statement_word_is_content(word: str, value: str, tabbed: bool) -> None:
    """B4 is for prose only: a table row or a line holding a value is content even when it
    names a word of the standard sentences (``Nilai evaluasi SAKIP``)."""
    sep = "\t" if tabbed else " "
    text = f"1{sep}Persentase laporan {word} kinerja{sep}{value}"
    page = _page([text, "Pihak Kedua akan melakukan evaluasi terhadap capaian kinerja."])
    assert [line.text for line in content_lines(page)] == [text]
