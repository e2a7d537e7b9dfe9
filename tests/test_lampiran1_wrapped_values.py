"""Lampiran 1 value cells wrapped under their number or currency (``_wraps_values``) and
funding-source lists after an amount, on generated tables."""

from __future__ import annotations

import random

import pytest

from extractor.parse.lampiran1 import parse_lampiran1

from .pagekit import page

T = "\t"
_UNITS = ["objek", "wajib pajak", "dokumen", "laporan", "%", "persen", "unit kerja"]
_WORDS = ["Jumlah", "Objek", "Pajak", "Data", "Laporan", "Dokumen", "yang", "Dimutakhirkan"]


def _l1(text: str):
    return parse_lampiran1([page(text, number=1, kind="lampiran_1")])


@pytest.mark.parametrize("seed", range(30))
def test_value_cell_wrapped_under_its_number_or_currency(seed: int) -> None:
    """``12.500`` / ``objek`` and ``Rp`` / ``412.500.000.000``: the value cell wraps with the
    row's text cells; the line below is the same row, not a new indicator."""
    rng = random.Random(seed)
    header = f"No{T}Sasaran{T}Indikator{T}Target{T}TW I{T}TW II"
    lines, expected = [header], []
    for n in range(1, rng.randint(2, 5)):
        first = " ".join(rng.sample(_WORDS, 3))
        rest = " ".join(rng.sample(_WORDS, 2))
        if rng.random() < 0.5:  # a number, its unit wrapped below
            unit = rng.choice(_UNITS)
            value = rng.randint(2, 20_000)
            lines.append(f"{n}{T}Meningkatnya Data{T}{first}{T}{value}{T}{value // 2}{T}{value}")
            lines.append(f"{T}Daerah{T}{rest}{T}{unit}{T}{T}{unit}")
            expected.append((f"{first} {rest}", float(value)))
        else:  # a bare currency sign, the amount below
            value = rng.randint(1, 999) * 1_000_000
            amount = f"{value:,}".replace(",", ".")
            lines.append(f"{n}{T}Meningkatnya PAD{T}{first}{T}Rp{T}Rp{T}Rp")
            lines.append(f"{T}Daerah{T}{rest}{T}{amount}{T}{amount}{T}{amount}")
            expected.append((f"{first} {rest}", float(value)))
    rows = _l1("\n".join(lines)).targets
    assert [(r.indicator, r.target.value) for r in rows] == expected


def test_own_target_under_a_merged_sasaran_is_still_a_new_row() -> None:
    """A continuation line with a number (or grade) of its own under a complete value stays a
    further indicator of the merged sasaran cell."""
    rows = _l1(
        f"""
        No{T}Sasaran{T}Indikator{T}Target
        1{T}Meningkatnya Akuntabilitas{T}Nilai SAKIP{T}BB
        {T}{T}Opini BPK{T}WTP
        {T}{T}Persentase Temuan{T}100 %
        """
    ).targets
    assert [r.indicator for r in rows] == ["Nilai SAKIP", "Opini BPK", "Persentase Temuan"]


def test_amount_with_several_funding_sources() -> None:
    result = _l1(
        f"""
        No{T}Program{T}Anggaran{T}Keterangan
        1{T}Program Penunjang Urusan{T}Rp. 38.412.775.400,00 APBD
        2{T}Program Pemenuhan Upaya Kesehatan{T}Rp. 21.650.000.000,00 APBD, DAK
        """
    )
    items = result.budget.items
    assert [i.amount.value for i in items] == [38_412_775_400, 21_650_000_000]
    assert items[1].funding_source == "APBD, DAK"
