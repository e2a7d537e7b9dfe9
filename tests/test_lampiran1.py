"""Lampiran 1: target tables and budgets in the shapes bundles print them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.parse.lampiran1 import parse_lampiran1

from .pagekit import page

T = "\t"


def _l1(*texts: str):
    pages = [page(t, number=n, kind="lampiran_1") for n, t in enumerate(texts, start=1)]
    return parse_lampiran1(pages)


def test_flat_target_table_with_column_numbers_row() -> None:
    result = _l1(
        f"""
        LAMPIRAN I
        No{T}Sasaran Strategis{T}Indikator Kinerja{T}Target
        (1){T}(2){T}(3){T}(4)
        1.{T}Meningkatnya kualitas layanan{T}Indeks Kepuasan Masyarakat{T}≥ 80 %
        2.{T}Meningkatnya akuntabilitas{T}Nilai SAKIP{T}BB
        """
    )
    rows = result.targets
    assert [r.no for r in rows] == ["1", "2"]
    assert rows[0].level == "sasaran_strategis"
    assert rows[0].indicator == "Indeks Kepuasan Masyarakat"
    assert (rows[0].target.value, rows[0].target.unit, rows[0].target.comparator) == (80, "%", ">=")
    assert (rows[1].target.raw, rows[1].target.value) == ("BB", None)


def test_separate_satuan_column_and_quarterly_targets() -> None:
    result = _l1(
        f"""
        NO{T}SASARAN KEGIATAN{T}INDIKATOR{T}TARGET{T}SATUAN{T}TW I{T}TW II{T}TW III{T}TW IV
        1{T}Tersedianya dokumen{T}Jumlah dokumen perencanaan{T}4{T}Dokumen{T}1{T}2{T}3{T}4
        2{T}Terlaksananya layanan{T}Persentase layanan tepat waktu{T}95{T}%{T}25{T}50{T}75{T}95
        """
    )
    first, second = result.targets
    assert first.level == "kegiatan"
    assert (first.target.value, first.target.unit) == (4, "dokumen")
    assert [q.value for q in first.quarterly_targets] == [1, 2, 3, 4]
    assert (second.target.value, second.target.unit) == (95, "%")
    assert [q.value for q in second.quarterly_targets] == [25, 50, 75, 95]


def test_nested_numbering_gives_levels_and_strips_numbers_from_names() -> None:
    result = _l1(
        f"""
        No{T}PROGRAM/KEGIATAN{T}SASARAN PROGRAM/KEGIATAN{T}INDIKATOR{T}TARGET
        A.{T}PROGRAM PROMOSI{T}Meningkatnya investasi{T}Nilai investasi{T}3,3 Triliun
        {T}1. Penyelenggaraan promosi{T}Terwujudnya promosi{T}Jumlah MOU{T}2 MOU
        {T}a. Penyusunan strategi{T}Tersusunnya strategi{T}Jumlah dokumen{T}1 Dokumen
        """
    )
    rows = result.targets
    assert [(r.no, r.level) for r in rows] == [
        ("A", "program"),
        ("1", "kegiatan"),
        ("a", "sub_kegiatan"),
    ]
    assert rows[1].name == "Penyelenggaraan promosi"
    assert (rows[0].target.value, rows[0].target.unit) == (3_300_000_000_000, "IDR")


def test_row_continued_on_next_page_under_repeated_header() -> None:
    header = f"No{T}Sasaran Kegiatan{T}Indikator Kegiatan{T}Target"
    result = _l1(
        f"""
        {header}
        1{T}Tersedianya laporan{T}Jumlah laporan keuangan yang{T}12 Laporan
        """,
        f"""
        LAMPIRAN I (lanjutan)
        {header}
        {T}{T}disusun tepat waktu{T}
        2{T}Terpeliharanya aset{T}Jumlah aset terpelihara{T}40 Unit
        """,
    )
    rows = result.targets
    assert len(rows) == 2
    assert rows[0].indicator == "Jumlah laporan keuangan yang disusun tepat waktu"
    assert rows[0].source.page == 1 and rows[1].source.page == 2


def test_html_list_cells_become_one_row_per_indicator() -> None:
    result = _l1(
        f"""
        No (1){T}Sasaran Kegiatan (2){T}Indikator Kinerja (3){T}Target (4)
        1{T}Tersusunnya Laporan{T}<ul> - Jumlah dokumen SPP UP - Jumlah Laporan SPJ</ul>{T}<p>1 Dokumen</p> <p>12 Laporan</p>
        """
    )
    assert [(r.indicator, r.target.value, r.target.unit) for r in result.targets] == [
        ("Jumlah dokumen SPP UP", 1, "dokumen"),
        ("Jumlah Laporan SPJ", 12, "laporan"),
    ]


@pytest.mark.parametrize(
    ("cells", "value"),
    [
        (f"Rp.{T}4.324.506.023,00", 4_324_506_023),
        (f"Rp 5.721.000.-{T}APBD", 5_721_000),
        (f"RP.357.779.750,-{T}", 357_779_750),
        (f"Rp{T}80.160.000.- APBD", 80_160_000),
        (f"Rp 2,5 M{T}DAK", 2_500_000_000),
    ],
)
def test_budget_amount_spellings(cells: str, value: float) -> None:
    result = _l1(
        f"""
        No{T}Sub Kegiatan{T}Anggaran{T}Keterangan
        1.{T}Penyediaan jasa kantor{T}{cells}
        """
    )
    (item,) = result.budget.items
    assert item.amount.value == value
    assert item.level == "sub_kegiatan"
    assert item.name == "Penyediaan jasa kantor"


def test_budget_as_vertical_list_with_total_kept_apart() -> None:
    result = _l1(
        """
        PROGRAM DAN ANGGARAN:

        1. Program Penunjang Urusan Pemerintahan

        Rp.

        4.100.832.755

        2. Program Statistik Sektoral

        Rp.

        13.572.000

        JUMLAH

        Rp.

        4.114.404.755
        """
    )
    items = result.budget.items
    assert [(i.no, i.level, i.amount.value) for i in items] == [
        ("1", "program", 4_100_832_755),
        ("2", "program", 13_572_000),
    ]
    assert result.budget.total.value == 4_114_404_755


def test_nested_budget_with_heading_rows_without_amounts() -> None:
    result = _l1(
        f"""
        Program/Kegiatan/Sub kegiatan{T}Anggaran{T}Keterangan
        A. Program Pelayanan Penanaman Modal{T}{T}
        1. Pelayanan Perizinan{T}Rp. 337.501.925{T}
        a. Penyediaan Pelayanan Perizinan{T}Rp. 313.499.200{T}APBD
        Total Anggaran{T}Rp. 337.501.925{T}
        """
    )
    items = result.budget.items
    assert [(i.no, i.level) for i in items] == [
        ("A", "program"),
        ("1", "kegiatan"),
        ("a", "sub_kegiatan"),
    ]
    assert items[0].amount is None
    assert items[2].funding_source == "APBD"
    assert result.budget.total.value == 337_501_925


def test_malformed_amount_is_kept_as_printed_and_reported() -> None:
    result = _l1(
        f"""
        NO{T}KEGIATAN{T}INDIKATOR KINERJA{T}Anggaran (Rp){T}Ket
        3.{T}Administrasi Barang Milik Daerah{T}Persentase BMD{T}17.925.5200{T}APBD
        """
    )
    (item,) = result.budget.items
    assert (item.amount.raw, item.amount.value) == ("17.925.5200", None)
    (problem,) = result.problems
    assert problem.code == "malformed_amount" and problem.values == ["17.925.5200"]


def test_budget_row_wrapped_over_two_lines() -> None:
    result = _l1(
        f"""
        No.{T}Sub Kegiatan{T}Indikator Sub Kegiatan{T}Anggaran{T}Keterangan
        3.{T}Penatausahaan Barang Milik Daerah pada{T}Jumlah laporan penatausahaan barang{T}Rp 17.925.520,-{T}APBD

        {T}SKPD{T}milik daerah SKPD yang disusun tepat waktu{T}{T}
        """
    )
    (item,) = result.budget.items
    assert item.name == "Penatausahaan Barang Milik Daerah pada SKPD"
    assert item.indicator.endswith("barang milik daerah SKPD yang disusun tepat waktu")
    assert item.source.line_end > item.source.line_start


def test_signature_lines_are_not_budget_rows() -> None:
    result = _l1(
        f"""
        No{T}Program{T}Anggaran
        1.{T}Program A{T}Rp 1.000.000
        Malili, 2 Januari 2025
        KEPALA DINAS
        (BUDI, SE)
        NIP. 19751030 200603 1 001
        """
    )
    assert len(result.budget.items) == 1


# --- every row gets a level the record accepts ------------------------------------------------


def test_issue_9_unnumbered_budget_row_among_lettered_rows() -> None:
    """An unnumbered row under ``A.`` used to reach the model with level None and crash the
    whole file; its level is not printed, so it is an ``item``."""
    result = _l1(
        f"""
        Program{T}Anggaran
        A. Penunjang Urusan Pemerintahan Daerah{T}Rp 1.000.000
        Administrasi Keuangan Perangkat Daerah{T}Rp 500.000
        """
    )
    items = result.budget.items
    assert [(i.no, i.level, i.name) for i in items] == [
        ("A", "program", "Penunjang Urusan Pemerintahan Daerah"),
        (None, "item", "Administrasi Keuangan Perangkat Daerah"),
    ]
    assert result.errors == []


_NUMBERS = ["A.", "B.", "1.", "2.", "a.", "b.", "", "1.1", "II.", "IV."]
_BUDGET_NAMES = [
    "Penunjang Urusan Pemerintahan Daerah",
    "Administrasi Keuangan Perangkat Daerah",
    "Pelayanan Penanaman Modal",
    "Penyediaan Jasa Penunjang Urusan",
]


def _expected_level(no: str | None, nested: bool, header: str) -> str:
    """The documented rule, restated: a nested list's number says the level; a flat list's
    header does; a level printed nowhere is ``item``."""
    if not nested:
        return {"Sub Kegiatan": "sub_kegiatan", "Kegiatan": "kegiatan"}.get(header, "program")
    if no and no.isdigit():
        return "kegiatan"
    if no and len(no) == 1 and no.isalpha():
        return "program" if no.isupper() else "sub_kegiatan"
    return "item"


@settings(max_examples=80, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.sampled_from(_NUMBERS), st.sampled_from(_BUDGET_NAMES), st.integers(1, 999)),
        min_size=1,
        max_size=8,
    ),
    header=st.sampled_from(["Program", "Kegiatan", "Sub Kegiatan"]),
)
def test_any_budget_numbering_gives_every_row_a_valid_level(
    rows: list[tuple[str, str, int]], header: str
) -> None:
    lines = [f"{no} {name}".strip() + f"{T}Rp {amount}.000.000" for no, name, amount in rows]
    result = _l1("\n".join([f"{header}{T}Anggaran", *lines]))
    items = result.budget.items
    assert result.errors == []
    assert len(items) == len(rows)
    nested = any(no in ("A.", "B.") for no, _, _ in rows)
    for item in items:
        assert item.level == _expected_level(item.no, nested, header)
