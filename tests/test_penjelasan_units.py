"""Rule "a bare target's unit is the one its Penjelasan restates it with" (agreements.py
``with_penjelasan_units``): generated bundles whose Lampiran 1 prints bare numbers and whose
Penjelasan restates some of them with a unit, the same value or another."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.agreements import with_penjelasan_units
from extractor.pipeline import extract_bytes

from .auditkit import agreement, explanation, target

T = "\t"
INDICATORS = (
    "Persentase perizinan yang terbit tepat waktu",
    "Jumlah pelaku usaha yang mendapat pembinaan",
    "Nilai realisasi investasi daerah",
    "Jumlah dokumen perencanaan yang tersusun",
)
UNITS = ("%", "dokumen", "pelaku usaha", "kegiatan")


def _number(n: int) -> str:
    return f"{n // 100},{n % 100:02d}" if n % 100 else str(n // 100)


def _bundle(rows: list[tuple[str, int, str, int | None]]) -> str:
    """A one-agreement bundle: Lampiran 1 with bare targets (no Satuan column), and a
    Penjelasan restating the rows whose ``restated`` is not None with ``unit``."""
    lampiran = "\n".join(
        f"{k}{T}{'Meningkatnya kualitas pelayanan' if k == 1 else ''}{T}{ind}{T}{_number(v)}"
        for k, (ind, v, _, _) in enumerate(rows, start=1)
    )
    restated = "\n".join(
        f"{ind}{T}{_number(r)} {unit}{T}Target Renstra" for ind, _, unit, r in rows if r is not None
    )
    return f"""PERJANJIAN KINERJA TAHUN 2025
DINAS PENANAMAN MODAL KABUPATEN LEMBAH HIJAU

Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel
serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini :

Nama{T}:{T}JONI, SE
Jabatan{T}:{T}KEPALA DINAS PENANAMAN MODAL KABUPATEN LEMBAH HIJAU

Untuk selanjutnya disebut PIHAK PERTAMA

Nama{T}:{T}ANDI BAHRI, S.H.
Jabatan{T}:{T}BUPATI LEMBAH HIJAU

Selaku atasan PIHAK PERTAMA, untuk selanjutnya disebut PIHAK KEDUA

Malili, 3 Februari 2025
LAMPIRAN I
PERJANJIAN KINERJA TAHUN 2025

No{T}Sasaran Strategis{T}Indikator Kinerja{T}Target
{lampiran}

LAMPIRAN II
PENJELASAN KINERJA

Penjelasan Kinerja 1

Uraian Sasaran
Meningkatnya kualitas pelayanan.

Target Kinerja
Indikator Kinerja{T}Target{T}Penjelasan
{restated}
"""


@st.composite
def bundles(draw) -> list[tuple[str, int, str, int | None]]:
    count = draw(st.integers(1, len(INDICATORS)))
    rows = []
    for indicator in INDICATORS[:count]:
        value = draw(st.integers(1, 99_99))
        unit = draw(st.sampled_from(UNITS))
        restated = draw(
            st.one_of(
                st.just(value), st.none(), st.integers(1, 99_99).filter(lambda r, v=value: r != v)
            )
        )
        rows.append((indicator, value, unit, restated))
    return rows


@settings(max_examples=25, deadline=None)
@given(rows=bundles())
def test_a_bare_target_takes_the_unit_its_penjelasan_restates_it_with(rows) -> None:
    record = extract_bytes(_bundle(rows).encode(), "generated.txt")
    (pk,) = record.agreements
    assert [t.indicator for t in pk.performance_targets] == [r[0] for r in rows]
    for row, (_, value, unit, restated) in zip(pk.performance_targets, rows, strict=True):
        assert row.target.value == value / 100
        assert row.target.raw == _number(value)  # the cell as printed
        if restated == value:
            assert (row.target.unit, row.unit_source) == (unit, "penjelasan")
        else:  # not restated, or restated with another value: nothing to borrow
            assert (row.target.unit, row.unit_source) == (None, None)


@given(
    cell=st.sampled_from(["96 %", "96 dokumen"]),
    restated=st.sampled_from(["96 %", "96 kegiatan", "96,00 persen"]),
)
def test_a_target_with_its_own_unit_keeps_it(cell: str, restated: str) -> None:
    indicator = INDICATORS[0]
    a = agreement(
        targets=[target(indicator, cell)], explanations=[explanation("1", [(indicator, restated)])]
    )
    (row,) = with_penjelasan_units(a).performance_targets
    assert row.target == a.performance_targets[0].target
    assert row.unit_source is None


@given(grade=st.sampled_from(["BB", "A", "WTP", "Tepat waktu"]))
def test_a_grade_or_a_word_takes_no_unit(grade: str) -> None:
    indicator = INDICATORS[1]
    a = agreement(
        targets=[target(indicator, grade)], explanations=[explanation("1", [(indicator, grade)])]
    )
    assert with_penjelasan_units(a) == a


def test_a_range_takes_the_unit_of_the_same_range() -> None:
    indicator = INDICATORS[2]
    a = agreement(
        targets=[target(indicator, "60-75")],
        explanations=[explanation("1", [(indicator, "60 - 75 %")])],
    )
    (row,) = with_penjelasan_units(a).performance_targets
    assert (row.target.unit, row.target.min, row.target.max, row.unit_source) == (
        "%",
        60,
        75,
        "penjelasan",
    )
