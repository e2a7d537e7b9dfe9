"""Findings of the record-level checks."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.document import LoadedText
from extractor.pipeline import extract, extract_loaded

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
    (finding,) = [d for d in result.extraction_notes if d.code == "table_not_parsed"]
    assert result.discrepancies == []  # about the reading, not the document
    assert finding.locations[0].page == 2
    assert finding.values == ["Kolom A | Kolom B | Kolom C"]


# --- honest status: a printed part that gave nothing makes the record partial -----------------

VALID = AGREEMENT.format(nip="19800101 200501 1 003")
BUDGET = f"Program{T}Anggaran\n1. Program Penunjang Urusan{T}Rp 1.000.000\n"
TARGET_ROWS = [
    ("1", "Meningkatnya kualitas layanan", "Indeks Kepuasan Masyarakat", "80 %"),
    ("2", "Meningkatnya akuntabilitas", "Nilai SAKIP", "BB"),
]


def _lampiran(header: list[str], flattened: bool, budget: bool) -> str:
    """A Lampiran 1 target table; ``flattened``: its rows lost their cell breaks (as a
    converter or OCR may print them), so no row can be read."""
    sep = " " if flattened else T
    rows = [sep.join(row) for row in TARGET_ROWS]
    return "\n".join(["LAMPIRAN I", T.join(header), *rows, BUDGET if budget else ""])


_HEADERS = st.sampled_from(
    [
        ["NO", "SASARAN STRATEGIS", "INDIKATOR KINERJA", "TARGET"],
        ["No.", "Sasaran", "Indikator", "Target"],
        ["NO", "SASARAN KEGIATAN", "INDIKATOR KINERJA KEGIATAN", "TARGET 2025"],
    ]
)


@settings(max_examples=12, deadline=None)
@given(header=_HEADERS, budget=st.booleans())
def test_target_table_with_no_readable_row_makes_the_record_partial(
    header: list[str], budget: bool
) -> None:
    result = extract_loaded(_loaded(VALID + _lampiran(header, flattened=True, budget=budget)))
    assert result.agreements[0].performance_targets == []
    assert result.status == "partial"
    codes = {d.code for d in result.extraction_notes}
    assert "targets_not_parsed" in codes
    (error,) = [e for e in result.errors if e.code == "unreadable_section"]
    assert error.page == 2 and error.message.startswith("agreement 0: Lampiran 1 (page 2)")


@settings(max_examples=12, deadline=None)
@given(header=_HEADERS, budget=st.booleans())
def test_readable_target_table_keeps_the_record_ok(header: list[str], budget: bool) -> None:
    result = extract_loaded(_loaded(VALID + _lampiran(header, flattened=False, budget=budget)))
    assert len(result.agreements[0].performance_targets) == len(TARGET_ROWS)
    assert result.status == "ok"
    assert result.errors == []


def test_agreement_page_without_parties_makes_the_record_partial() -> None:
    text = "\n".join(
        line for line in VALID.splitlines() if not line.startswith(("Nama", "Jabatan"))
    )
    result = extract_loaded(_loaded(text))
    assert result.agreements[0].first_party is None
    assert result.status == "partial"
    (error,) = result.errors
    assert error.code == "unreadable_section" and "(missing_party)" in error.message


def test_unparsed_table_makes_the_record_partial(tmp_path: Path) -> None:
    table = f"LAMPIRAN I\nKolom A{T}Kolom B{T}Kolom C\nsatu{T}dua{T}tiga\nempat{T}lima{T}enam\n"
    result = _extract(tmp_path, VALID + table)
    assert result.status == "partial"
    # the table's lines are also unread content: low coverage is the second reason
    assert [e.code for e in result.errors] == ["unreadable_section", "low_coverage"]
    assert result.errors[0].page == 2


def _loaded(text: str) -> LoadedText:
    return LoadedText("pk.txt", text, "", len(text), None)
