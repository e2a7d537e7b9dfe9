"""Space-aligned columns (``pdftotext -layout``) become tab-separated cells, line for line."""

from __future__ import annotations

import random
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.columns import align_columns
from extractor.normalise import normalise

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "pdf"

_VOCABULARY = (
    "Meningkatnya Kualitas Pelayanan Perizinan dan Non Daerah Persentase waktu penyelesaian "
    "usaha Nilai SAKIP Akuntabilitas Kinerja Keuangan Dinas Penanaman Modal PTSP Indeks "
    "Keterbukaan Informasi Publik Jumlah Unit Kerja Pemanfaat Data Statistik Sektoral yang "
    "di pada untuk Cakupan Pengamanan Program Kegiatan Sub Administrasi Umum Perangkat"
)
WORDS = _VOCABULARY.split(" ")
TARGETS = ["96,00", "100%", "BB", "2,8 Indeks", "25 Unit Kerja", "73,50", "12 Laporan", "A"]
HEADER = ["No", "Sasaran Strategis", "Indikator Kinerja", "Target", "Anggaran (Rp)"]


def _phrase(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def _amount(rng: random.Random) -> str:
    return f"{rng.randint(1_000_000, 9_999_999_999):,}".replace(",", ".")


def render(rows: list[list[str]], widths: list[int], gaps: list[int], right: set[int]) -> list[str]:
    """Rows printed the way ``pdftotext -layout`` prints a table: each column padded to its
    width, a long cell wrapped onto the next lines in the same column, the header centred."""
    lines = []
    for n, row in enumerate(rows):
        chunks = [textwrap.wrap(cell, w) or [""] for cell, w in zip(row, widths, strict=True)]
        for j in range(max(len(c) for c in chunks)):
            parts = []
            for k, (chunk, width) in enumerate(zip(chunks, widths, strict=True)):
                piece = chunk[j] if j < len(chunk) else ""
                if n == 0:
                    parts.append(piece.center(width))
                else:
                    parts.append(piece.rjust(width) if k in right else piece.ljust(width))
            line = "".join(p + " " * g for p, g in zip(parts, [*gaps, 0], strict=True))
            lines.append(line.rstrip())
    return lines


def read_rows(lines: list[str]) -> list[list[str]]:
    """Logical rows back from tab lines: a line with an empty first cell continues the row
    above (what ``parse/tables.py`` does)."""
    rows: list[list[str]] = []
    for line in lines:
        cells = line.split("\t")
        if not cells[0] and rows:
            for i, cell in enumerate(cells):
                if cell:
                    rows[-1][i] = f"{rows[-1][i]} {cell}".strip()
        else:
            rows.append(cells)
    return rows


def generated_table(seed: int) -> tuple[list[list[str]], list[str]]:
    rng = random.Random(seed)
    rows = [HEADER]
    for n in range(1, rng.randint(2, 7)):
        rows.append(
            [str(n), _phrase(rng, 2, 12), _phrase(rng, 2, 9), rng.choice(TARGETS), _amount(rng)]
        )
    widths = [max(len(r[k]) for r in rows) for k in range(5)]
    widths[1] = max(len(HEADER[1]), rng.randint(18, 34))
    widths[2] = max(len(HEADER[2]), rng.randint(18, 30))
    gaps = [rng.randint(2, 7) for _ in range(4)]
    indent = " " * rng.choice([0, 0, 1, 4])
    lines = [indent + line if line else line for line in render(rows, widths, gaps, {4})]
    return rows, lines


# --- generated tables -------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(60))
def test_generated_table_cells_come_back(seed: int) -> None:
    rows, lines = generated_table(seed)
    out = align_columns(lines)
    assert len(out) == len(lines)
    assert read_rows(out) == rows


def test_wrapped_cell_line_starts_with_empty_cells() -> None:
    lines = [
        "No           Sasaran Strategis                 Indikator Sasaran          Target",
        "1     Meningkatnya Akuntabilitas Kinerja   Nilai SAKIP                  BB",
        "      Dinas Komunikasi",
        "2     Meningkatnya Kualitas Informatika    Jumlah Unit Kerja Pemanfaat  25 Unit Kerja",
        "                                           Data Statistik",
    ]
    assert align_columns(lines) == [
        "No\tSasaran Strategis\tIndikator Sasaran\tTarget",
        "1\tMeningkatnya Akuntabilitas Kinerja\tNilai SAKIP\tBB",
        "\tDinas Komunikasi\t\t",
        "2\tMeningkatnya Kualitas Informatika\tJumlah Unit Kerja Pemanfaat\t25 Unit Kerja",
        "\t\tData Statistik\t",
    ]


def test_cell_running_up_to_the_next_column_is_still_cut() -> None:
    """``73,50 Nilai``: one line crosses the separator with a single space; the other lines
    show it as a gap, so it still separates the Target and Penjelasan columns."""
    lines = [
        "Indikator Kinerja   Target                 Penjelasan",
        "Nilai SAKIP          73,50 Nilai SAKIP merupakan indikator yang baru",
        "                           Modal dan PTSP setelah dilaksanakan review",
        "                           ditetapkan target untuk periode Renstra",
    ]
    assert (
        align_columns(lines)[1] == "Nilai SAKIP\t73,50\tNilai SAKIP merupakan indikator yang baru"
    )
    assert align_columns(lines)[2] == "\t\tModal dan PTSP setelah dilaksanakan review"


def test_funding_source_after_right_aligned_amount_gets_its_own_cell_when_wide() -> None:
    lines = [
        "NO   KEGIATAN                  Anggaran (Rp)    Ket",
        "(1)     (2)                         (4)          (5)",
        "1.   Administrasi Keuangan      3.291.489.253 APBD",
        "2.   Administrasi Umum            336.332.400 APBD",
    ]
    out = align_columns(lines)
    assert out[1].split("\t") == ["(1)", "(2)", "(4)", "(5)"]
    assert out[2].split("\t") == ["1.", "Administrasi Keuangan", "3.291.489.253 APBD"]


def test_unevenly_aligned_values_stay_in_one_column() -> None:
    """Two columns that never hold text on the same line are one column (``7.200`` centred
    right of a left-aligned ``96%``)."""
    lines = [
        "NO   SASARAN                 INDIKATOR                 TARGET PROGRAM",
        "A.   Meningkatnya Kualitas   Peresentase Ketetapan     96%",
        "1.   Terwujudnya Pelayanan   - Jumlah izin terbit                      7.200",
        "a.   Terlaksananya Layanan   - Jumlah Pemilik Usaha                    3.800",
        "2.   Terlaksananya Konsul    - Persentase Konsultasi   100%",
    ]
    out = align_columns(lines)
    assert out[2].split("\t") == ["1.", "Terwujudnya Pelayanan", "- Jumlah izin terbit", "7.200"]
    assert out[1].split("\t") == ["A.", "Meningkatnya Kualitas", "Peresentase Ketetapan", "96%"]


def squeezed_table(seed: int) -> tuple[list[list[str]], list[str], int]:
    """A generated table (No | Indikator | Target | TW I) in which one row's long indicator
    pushed its target ``<n> %`` leftwards: the number sits one space after the indicator
    text, the ``%`` at the Target column's start (what pdftotext printed for a value set
    right under a long cell)."""
    rng = random.Random(seed)
    width = rng.randint(22, 34)
    gap = rng.randint(2, 5)
    rows = [["No", "Indikator Kinerja", "Target", "TW I"]]
    for n in range(1, rng.randint(5, 8)):  # enough rows to show the column
        rows.append([str(n), _phrase(rng, 2, 4)[:width].strip(), f"{rng.randint(1, 99)} %", "-"])
    squeezed = rng.randint(1, len(rows) - 1)
    number = str(rng.randint(10, 99))
    text_width = width + gap - len(number) - 2  # text, space, number, space, then the sign
    words = textwrap.wrap(_phrase(rng, 8, 12), text_width)[0]
    indicator = words + "x" * (text_width - len(words))  # runs up to the squeezed number
    rows[squeezed][1:3] = [indicator, f"{number} %"]
    lines = []
    for n, (no, text, target, tw) in enumerate(rows):
        head = f"{no:<4}"
        if n == squeezed:
            cell = f"{text} {number} %"
            line = f"{head}{cell}{' ' * (width + gap + 8 - len(cell))}{tw}"
        else:
            line = f"{head}{text:<{width + gap}}{target:<8}{tw}"
        lines.append(line.rstrip())
    return rows, lines, squeezed


@pytest.mark.parametrize("seed", range(30))
def test_unit_sign_stays_with_its_squeezed_number(seed: int) -> None:
    """``Persentase Data Objek Pajak 90 %``: the Target column starts at the ``%``; the
    number one space before it is the rest of the value, not of the indicator."""
    rows, lines, squeezed = squeezed_table(seed)
    out = align_columns(lines)
    assert out[squeezed].split("\t") == rows[squeezed]
    assert [line.split("\t") for line in out] == rows


def test_unit_sign_after_a_gap_or_a_word_is_left_alone() -> None:
    """Only a number squeezed up against text moves: a ``%`` cell after a wide gap is a
    Satuan cell, and a sign after a word is no value."""
    lines = [
        "No   Indikator Kinerja            Target   Satuan",
        "1    Persentase Puskesmas         80       %",
        "2    Indeks Kepuasan Masyarakat   82,50    Indeks",
        "3    Cakupan Imunisasi Dasar      95       %",
    ]
    assert align_columns(lines)[1].split("\t") == ["1", "Persentase Puskesmas", "80", "%"]


# --- signature columns ----------------------------------------------------------------


def test_two_signature_columns_side_by_side() -> None:
    lines = [
        "                                                                   Malili, 02 Januari 2025",
        "                 PIHAK KEDUA                                        PIHAK KESATU",
        "               BUPATI PRINGSEWU                              KEPALA DINAS KOMUNIKASI DAN",
        "                                                                     INFORMATIKA",
        "",
        "",
        "",
        "",
        "             RIYANTO PAMUNGKAS                              MOUDY ARY NAZOLLA, S.STP., MH",
        "                                                                     Pembina Tk. I",
        "                                                              NIP. 19840819 200212 1 001",
    ]
    assert align_columns(lines) == [
        "\tMalili, 02 Januari 2025",
        "PIHAK KEDUA\tPIHAK KESATU",
        "BUPATI PRINGSEWU\tKEPALA DINAS KOMUNIKASI DAN",
        "\tINFORMATIKA",
        "",
        "",
        "",
        "",
        "RIYANTO PAMUNGKAS\tMOUDY ARY NAZOLLA, S.STP., MH",
        "\tPembina Tk. I",
        "\tNIP. 19840819 200212 1 001",
    ]


@pytest.mark.parametrize("seed", range(20))
def test_generated_signature_blocks(seed: int) -> None:
    rng = random.Random(seed)
    left = [f"PIHAK {rng.choice(['KEDUA', 'KESATU'])}", _phrase(rng, 1, 3).upper(), "", "", ""]
    right = [f"PIHAK {rng.choice(['PERTAMA', 'KESATU'])}", _phrase(rng, 1, 3).upper(), "", "", ""]
    left.append(_phrase(rng, 2, 3).upper())
    right.append(_phrase(rng, 2, 3).upper() + ", S.Sos.")
    right.append(f"NIP. {rng.randint(19600101, 19991231)} 200212 1 001")
    left.append("")
    middle, width = rng.randint(38, 50), rng.randint(26, 32)
    lines = []
    for a, b in zip(left, right, strict=True):
        line = a.center(middle) + " " * 4 + b.center(width) if a or b else ""
        lines.append(line.rstrip())
    out = align_columns(lines)
    for a, b, got in zip(left, right, out, strict=True):
        if a or b:
            assert got.split("\t") == [a, b]
        else:
            assert got == ""


# --- what must stay as it is ------------------------------------------------------------


def test_prose_and_centred_titles_are_unchanged() -> None:
    lines = [
        "                              PERJANJIAN KINERJA TAHUN 2025",
        "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel",
        "berorientasi pada hasil, kami yang bertanda  tangan di bawah ini :",
        "PIHAK KESATU pada tahun 2025 berjanji akan mewujudkan target kinerja tahunan sesuai",
        "",
        "                                   LAMPIRAN 1 PERJANJIAN KINERJA",
        "                                 DINAS PENANAMAN MODAL DAN PTSP",
        "NO.                     SASARAN STRATEGIS                 INDIKATOR KINERJA       TARGET",
        "1     Meningkatnya Nilai Realisasi Investasi Daerah   Nilai Investasi (PMA)      3.300",
        "2     Meningkatnya Kualitas Pelayanan Perizinan       Persentase waktu           96,00",
    ]
    out = align_columns(lines)
    assert out[:7] == lines[:7]  # a title right above the table is no table row
    assert out[7] == "NO.\tSASARAN STRATEGIS\tINDIKATOR KINERJA\tTARGET"


def test_prose_with_stray_double_spaces_is_unchanged() -> None:
    """Justified or sloppy prose has double spaces, sometimes at the same place on two lines:
    a separator needs a wide gap (three spaces or indentation) on some line."""
    assert align_columns(
        ["Nilai Daerah Modal  dan Indeks", "Akuntabilitas Kinerja  Statistik"]
    ) == [
        "Nilai Daerah Modal  dan Indeks",
        "Akuntabilitas Kinerja  Statistik",
    ]
    rng = random.Random(7)
    for _ in range(300):
        lines = []
        for _ in range(rng.randint(2, 8)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(2, 14))]
            k = rng.randint(1, len(words) - 1)
            glue = "  " if rng.random() < 0.5 else " "
            lines.append(" ".join(words[:k]) + glue + " ".join(words[k:]))
        assert align_columns(lines) == lines


def test_label_padding_is_not_a_column() -> None:
    lines = ["NAMA      : dr. HENDRA WIRATAMA, M.Kes", "JABATAN   : KEPALA DINAS KESEHATAN"]
    assert align_columns(lines) == lines


def test_lines_with_tabs_or_pipes_are_left_alone_and_break_a_block() -> None:
    lines = [
        "No    Program                    Anggaran",
        "1     Penunjang Urusan           Rp. 4.324.506.023",
        "| 2 | Pengembangan Iklim | Rp. 105.472.300 |",
        "3\tPromosi   Penanaman\tRp. 252.590.750",
        "4     Pelayanan Penanaman        Rp. 337.501.925",
    ]
    out = align_columns(lines)
    assert out[2:4] == lines[2:4]
    assert out[4] == lines[4]  # alone after the break: one line is no evidence of columns
    assert out[1] == "1\tPenunjang Urusan\tRp. 4.324.506.023"


def test_a_form_feed_ends_a_block() -> None:
    lines = [
        "No    Program                    Anggaran",
        "1     Penunjang Urusan           Rp. 4.324.506.023",
        "\f                PERJANJIAN KINERJA TAHUN 2025",
        "Dalam rangka mewujudkan manajemen pemerintahan",
    ]
    out = align_columns(lines)
    assert out[2:] == lines[2:]
    assert out[1] == "1\tPenunjang Urusan\tRp. 4.324.506.023"


_word = st.sampled_from(WORDS)
_prose_line = st.lists(_word, min_size=1, max_size=14).map(" ".join)
_indent = st.sampled_from(["", "", " ", "      ", " " * 30])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(_indent, _prose_line), min_size=1, max_size=12),
    st.integers(0, 10_000),
    st.integers(0, 12),
)
def test_property_lines_kept_and_prose_unchanged(
    prose: list[tuple[str, str]], seed: int, at: int
) -> None:
    """Line count is preserved, no word is lost or moved, and single-spaced text (prose,
    indented or centred titles) outside the table comes back unchanged."""
    _, table = generated_table(seed)
    plain = [indent + text for indent, text in prose]
    at = min(at, len(plain))
    lines = [*plain[:at], "", *table, "", *plain[at:]]
    out = align_columns(lines)
    assert len(out) == len(lines)
    for before, after in zip(lines, out, strict=True):
        assert after.replace("\t", " ").split() == before.split()
    assert out[:at] == plain[:at]
    assert out[len(lines) - len(plain) + at :] == plain[at:]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=" ab\f|\t.", max_size=40), max_size=30))
def test_property_any_text_keeps_lines_and_words(lines: list[str]) -> None:
    out = align_columns(lines)
    assert len(out) == len(lines)
    for before, after in zip(lines, out, strict=True):
        if after != before:
            assert "\t" not in before and "|" not in before
            assert after.replace("\t", " ").split() == before.replace("\f", "").split()


# --- through the normaliser ---------------------------------------------------------------


def test_normalise_cuts_cells_and_keeps_raw() -> None:
    lines = [
        "No    Program                    Anggaran",
        "1     Penunjang Urusan           Rp. 4.324.506.023",
        "      Pemerintahan Daerah",
        "\f2     Pengembangan Iklim         Rp. 105.472.300",
    ]
    out, _ = normalise("\n".join(lines))
    assert [line.text for line in out[:3]] == [
        "No\tProgram\tAnggaran",
        "1\tPenunjang Urusan\tRp. 4.324.506.023",
        "\tPemerintahan Daerah",
    ]
    assert [line.raw for line in out] == lines


def _f1(expected, actual) -> float:
    from tests.compare import facts

    want = {(k, repr(v)) for k, v in facts(expected).items() if v is not None}
    got = {(k, repr(v)) for k, v in facts(actual).items() if v is not None}
    hits = len(want & got)
    return 2 * hits / (len(want) + len(got)) if want or got else 1.0


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) is missing")
def test_pdftotext_layout_of_the_sample_reads_like_the_pdf(tmp_path: Path) -> None:
    from extractor import extract

    pdf = SAMPLES / "pk-pringsewu-diskominfo-2025.pdf"
    text = tmp_path / "layout.txt"
    subprocess.run(["pdftotext", "-layout", str(pdf), str(text)], check=True)
    assert _f1(extract(str(pdf)), extract(str(text))) >= 0.99
