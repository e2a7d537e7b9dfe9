"""Findings of the record-level checks."""

from __future__ import annotations

from pathlib import Path

from extractor.pipeline import extract

T = "\t"
AGREEMENT = """PERJANJIAN KINERJA TAHUN 2025
Dalam rangka mewujudkan manajemen pemerintahan yang efektif, kami yang bertanda tangan di bawah ini:
Nama : BUDI SANTOSO, S.E.
Jabatan : KEPALA DINAS PERHUBUNGAN
Selanjutnya disebut Pihak Pertama
Nama : H. AHMAD YANI
Jabatan : BUPATI SUKAMAJU
Selaku atasan Pihak Pertama, selanjutnya disebut Pihak Kedua
Pihak Pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran perjanjian ini dalam rangka mencapai target kinerja jangka menengah.
Sukamaju, 2 Januari 2025
Pihak Kedua,
BUPATI SUKAMAJU

H. AHMAD YANI

Pihak Pertama,
KEPALA DINAS PERHUBUNGAN

BUDI SANTOSO, S.E.
NIP. {nip}
"""


def _extract(tmp_path: Path, text: str):
    path = tmp_path / "pk.txt"
    path.write_text(text, encoding="utf-8")
    return extract(str(path))


def test_valid_bundle_has_no_findings(tmp_path: Path) -> None:
    result = _extract(tmp_path, AGREEMENT.format(nip="19800101 200501 1 003"))
    assert result.status == "ok"
    assert result.discrepancies == []
    assert result.agreements[0].first_party.nip == "198001012005011003"


def test_impossible_nip_is_reported_with_its_place(tmp_path: Path) -> None:
    result = _extract(tmp_path, AGREEMENT.format(nip="19801301 199501 3 000"))
    codes = [d.code for d in result.discrepancies]
    assert "nip_invalid" in codes
    finding = next(d for d in result.discrepancies if d.code == "nip_invalid")
    assert finding.values == ["198013011995013000"]
    assert "birth date" in finding.message and "gender digit 3" in finding.message
    assert finding.locations[0].page == 1 and finding.locations[0].line == 20


def test_agreement_page_without_signatures(tmp_path: Path) -> None:
    text = AGREEMENT.format(nip="19800101 200501 1 003").split("Sukamaju, 2 Januari")[0]
    result = _extract(tmp_path, text)
    assert [d.code for d in result.discrepancies] == ["missing_signatures"]


def test_table_that_does_not_parse_is_reported(tmp_path: Path) -> None:
    table = f"LAMPIRAN I\nKolom A{T}Kolom B{T}Kolom C\nsatu{T}dua{T}tiga\nempat{T}lima{T}enam\n"
    result = _extract(tmp_path, AGREEMENT.format(nip="19800101 200501 1 003") + table)
    (finding,) = [d for d in result.discrepancies if d.code == "table_not_parsed"]
    assert finding.locations[0].page == 2
    assert finding.values == ["Kolom A | Kolom B | Kolom C"]
