"""Tables in plain Tesseract text: flattened rows with the ruling lines read as ``|``."""

from __future__ import annotations

import random

import pytest

from extractor.cells import flat_header, rebuild_cells, unruled
from extractor.normalise import normalise

from .cellkit import target_table

HEADER = ["No", "Sasaran Strategis", "Indikator Kinerja", "Target"]
_WORDS = ["Kualitas", "Pelayanan", "Publik", "Daerah", "Informasi", "Dinas", "Sistem", "Arsip"]
_MEASURES = ["Indeks", "Nilai", "Persentase", "Jumlah", "Cakupan", "Tingkat"]
_TARGETS = ["75%", "70 Indeks", "2,8 Indeks", "25 Unit Kerja", "BB", "100 %", "96,00"]


def _table(rng: random.Random, n: int) -> list[list[str]]:
    return target_table(rng, n, _WORDS, _MEASURES, _TARGETS)


def _ruled(cells: list[str], rng: random.Random) -> str:
    """A row as Tesseract prints it: cells joined by single spaces, one of the vertical
    ruling lines between them read as a lone ``|`` (lines with two pipes or more, alike on
    neighbouring lines, are a markup pipe table: ``markup.py``)."""
    at = rng.randint(0, len(cells) - 1)
    return " ".join(
        f"{cell} |" if k == at and k < len(cells) - 1 else cell for k, cell in enumerate(cells)
    )


def _rebuilt(text: str) -> list[list[str]]:
    lines, _ = normalise(text)
    return [line.text.split("\t") for line in rebuild_cells(lines) if "\t" in line.text]


@pytest.mark.parametrize("seed", range(40))
def test_flattened_rows_with_ruling_lines_read_as_pipes(seed: int) -> None:
    """O1: ``2 | Meningkatnya ... | Indeks ... 70 Indeks`` is the same row as without the
    pipes, under a header that may have them too."""
    rng = random.Random(seed)
    rows = _table(rng, rng.randint(2, 7))
    header = _ruled([h.upper() for h in HEADER], rng)
    text = "\n".join([header, *(_ruled(row, rng) for row in rows), "Malili, 2 Januari 2025"])
    assert _rebuilt(text) == [[h.upper() for h in HEADER], *rows]


@pytest.mark.parametrize("wrapped", [[], ["Perangkat Daerah berjalan sesuai standar"]])
def test_next_table_header_with_a_pipe_ends_the_table(wrapped: list[str]) -> None:
    """A pipe inside the next table's header (``Anggaran (Rp) | Ket``) no longer hides it:
    the first table stops there and the second is rebuilt on its own, also right under a
    wrapped line that ends in a lower-case word (a whole header is no wrapped text)."""
    text = "\n".join(
        [
            "No. SASARAN STRATEGIS Indikator Sasaran Target",
            "1. Meningkatnya Kualitas Pelayanan Persentase penunjang urusan 97 %",
            *wrapped,
            "NO KEGIATAN INDIKATOR KINERJA Anggaran (Rp) | Ket",
            "1. | Administrasi Keuangan Daerah | Persentase administrasi keuangan"
            " 3.291.489.253 | APBD",
            "Malili, 2 Januari 2025",
        ]
    )
    got = _rebuilt(text)
    assert got[0] == ["No.", "SASARAN STRATEGIS", "Indikator Sasaran", "Target"]
    assert got[1] == [
        "1.",
        "Meningkatnya Kualitas Pelayanan",
        "Persentase penunjang urusan",
        "97 %",
    ]
    if wrapped:  # O4b: the row's two cells wrapping (tests/test_ocr_text.py)
        assert got.pop(2) == ["", "Perangkat Daerah", "berjalan sesuai standar", ""]
    assert got[2] == ["NO", "KEGIATAN", "INDIKATOR KINERJA", "Anggaran (Rp)", "Ket"]
    assert got[3][0] == "1."
    assert got[3][1:3] == ["Administrasi Keuangan Daerah", "Persentase administrasi keuangan"]
    assert got[3][3] == "3.291.489.253"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 | Meningkatnya Kualitas", "2 Meningkatnya Kualitas"),
        ("Anggaran (Rp) | Ket", "Anggaran (Rp) Ket"),
        ("a | b |", "a b"),
        ("no pipes here", "no pipes here"),
        ("a|b keeps a pipe inside a word", "a|b keeps a pipe inside a word"),
        ("Pembina Tk. I", "Pembina Tk. I"),
    ],
)
def test_unruled(text: str, expected: str) -> None:
    assert unruled(text) == expected


def test_flat_header_reads_through_pipes() -> None:
    columns = flat_header("No. Sub Kegiatan | INDIKATOR KINERJA | Anggaran | Keterangan")
    assert columns is not None
    assert [c.role for c in columns] == ["no", "name", "indicator", "amount", "note"]


_NAME_WORDS = ["Penyusunan", "Dokumen", "Koordinasi", "Evaluasi", "Laporan", "Perangkat"]
_NAME_TAIL = ["Perangkat Daerah", "RKA-SKPD", "DPA-SKPD", "Barang dan Jasa Daerah"]
_INDICATOR_WORDS = ["dokumen", "laporan", "pegawai", "yang", "disusun", "tepat", "data"]
_INDICATOR_TAIL = ["tepat waktu", "waktu", "daerah", "yang di mutakhirkan"]


def _budget_rows(rng: random.Random, n: int) -> list[tuple[list[str], list[str], str]]:
    """Rows of a Sub Kegiatan budget as a narrow-columned scan prints them: the name and the
    indicator wrap onto a second line, the amount and funding source end the first."""
    rows = []
    for _ in range(n):
        name = [" ".join(rng.sample(_NAME_WORDS, rng.randint(2, 3))), rng.choice(_NAME_TAIL)]
        head = " ".join([rng.choice(["Jumlah", "Persentase"]), *rng.sample(_INDICATOR_WORDS, 3)])
        indicator = [head, rng.choice(_INDICATOR_TAIL)]
        amount = f"Rp {rng.randint(1_000, 99_999) * 1000:,}".replace(",", ".") + ",-"
        rows.append((name, indicator, amount))
    return rows


@pytest.mark.parametrize("seed", range(30))
def test_flattened_budget_rows_wrapped_and_without_numbers(seed: int) -> None:
    """O3: the scan lost the numbers of the narrow No column: the rows are read without it.
    O4: each row's second line holds the rest of both text cells (a Title-Case name, then the
    indicator's lower-case words); the funding source after the amount stays the note."""
    rng = random.Random(seed)
    numbered = seed % 3 == 0  # the numbers may also be there (O4 alone)
    rows = _budget_rows(rng, rng.randint(2, 6))
    lines = ["No. Sub Kegiatan INDIKATOR KINERJA SUB KEGIATAN Anggaran Keterangan"]
    for k, (name, indicator, amount) in enumerate(rows, start=1):
        number = f"{k}. " if numbered else ""
        pipe = rng.choice(["", "| "])
        lines.append(f"{number}{name[0]} {pipe}{indicator[0]} {amount} | APBD")
        lines += [""] * rng.randint(0, 1)
        lines.append(f"{name[1]} {indicator[1]}")
        lines += [""] * rng.randint(0, 1)
    got = _rebuilt("\n".join([*lines, "Malili, 2 Januari 2025"]))
    head = ["Sub Kegiatan", "INDIKATOR KINERJA SUB KEGIATAN", "Anggaran", "Keterangan"]
    assert got[0] == (["No."] if numbered else []) + head
    expected = [
        ([f"{k}."] if numbered else []) + [" ".join(name), " ".join(ind), amount, "APBD"]
        for k, (name, ind, amount) in enumerate(rows, start=1)
    ]
    assert got[1:] == expected


def test_a_note_that_is_no_funding_source_keeps_its_wrapped_lines() -> None:
    """The Penjelasan table's note runs on over lines: those lines stay in the note."""
    text = "\n".join(
        [
            "Indikator Kinerja Target Penjelasan",
            "Nilai SAKIP 73,50 Nilai SAKIP merupakan indikator yang baru",
            "Modal dan PTSP setelah dilaksanakan review",
            "Penjelasan Kinerja 2",
        ]
    )
    got = _rebuilt(text)
    assert got[1][0] == "Nilai SAKIP"
    assert got[1][-1].endswith("Modal dan PTSP setelah dilaksanakan review")
