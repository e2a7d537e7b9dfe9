"""Plain text OCR makes of a scan (Tesseract ``--psm 4``): a justified paragraph cut into two
columns above the signatures, table rows whose two text cells wrap onto one flattened line.
Generated lines and tables; each rule is named in the code it tests."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.cells import rebuild_cells
from extractor.normalise import normalise
from extractor.parse.signatures import read_signatures
from extractor.parse.signatures.kinds import is_prose

from .pagekit import page

PROSE_WORDS = ["yang", "akan", "ini", "terhadap", "dalam", "serta", "telah", "tersebut"]
LOWER = ["diperlukan", "melakukan", "evaluasi", "capaian", "kinerja", "tindakan", "rangka"]
LOWER += ["pemberian", "penghargaan", "supervisi", "perjanjian", "sanksi", "mengambil"]
NAMES = ["ISKANDAR MUDA, S.Sos.,M.Si", "ONDO IRA, SP", "Drs. H. BUDIMAN, M.Pd", "ANDI RAJUNI, SE"]
POSITIONS = [
    "SEKRETARIS DINAS",
    "KASUBAG PERENCANAAN DAN KEPEGAWAIAN",
    "Kepala Sub Bagian Umum dan Kepegawaian",
    "Kepala Seksi Pelayanan pada Dinas Penanaman Modal",
    "Plt. Kepala Dinas, Sekretaris",
    "BUPATI LUWU TIMUR",
]


@st.composite
def prose_lines(draw: st.DrawFn) -> str:
    """A line of running prose: lowercase words with at least one function word of prose,
    perhaps opened by a capitalised role word ("Pihak Kedua akan ...")."""
    words = draw(st.lists(st.sampled_from(LOWER), min_size=3, max_size=8))
    words.insert(draw(st.integers(0, len(words))), draw(st.sampled_from(PROSE_WORDS)))
    head = draw(st.sampled_from(["", "Pihak Kedua", "Pihak Pertama", "Dalam"]))
    return " ".join([head, *words]).strip()


@settings(max_examples=80, deadline=None)
@given(prose_lines())
def test_a_line_of_running_prose_is_prose(line: str) -> None:
    assert is_prose(line)


@pytest.mark.parametrize("line", NAMES + POSITIONS + ["Pihak Kedua,", "dan sanksi."])
def test_names_positions_and_short_lines_are_not_prose(line: str) -> None:
    assert not is_prose(line)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(prose_lines(), min_size=2, max_size=4),
    st.sampled_from(NAMES),
    st.sampled_from(NAMES),
    st.sampled_from(POSITIONS),
    st.sampled_from(POSITIONS),
)
def test_a_paragraph_cut_in_two_columns_gives_no_signature(
    prose: list[str], second: str, first: str, second_pos: str, first_pos: str
) -> None:
    """Rule "a signature line is never a line of running prose": the right half of a
    justified paragraph, printed by OCR after its left half and a blank line, stays out of the
    signature area; the block is read from the place and date on."""
    half = len(prose) // 2
    paragraph = ["Pihak Kedua akan melakukan supervisi", *prose[:half], "dan sanksi.", ""]
    paragraph += [*prose[half:], ""]
    block = [
        "Malili, 2 Januari 2025",
        "",
        "Pihak Kedua, Pihak Pertama,",
        f"{second_pos} {first_pos}",
        "",
        f"{second} {first}",
    ]

    def read(lines: list[str]) -> list[tuple[str | None, str | None, str | None]]:
        found = read_signatures(page("\n".join(lines)), (None, None))
        return [(s.role, s.name, s.position) for s in found.signatures]

    assert read(paragraph + block) == read(block)
    assert read(block)[0][0] == "second_party"


def test_the_signature_area_starts_below_the_prose() -> None:
    lines = [
        "Pihak Kedua akan melakukan supervisi",
        "kinerja dari perjanjian ini dan men",
        "",
        "yang diperlukan serta akan melakukan evaluasi terhadap capaian",
        "",
        "Malili, 2 Januari 2025",
        "Pihak Kedua, Pihak Pertama,",
        "SEKRETARIS DINAS KASUBAG PERENCANAAN",
        "",
        "ISKANDAR MUDA, S.Sos.,M.Si ONDO IRA, SP",
    ]
    block = read_signatures(page("\n".join(lines)), (None, None))
    assert block.lines[0].text == "Malili, 2 Januari 2025"
    assert [s.name for s in block.signatures] == ["ISKANDAR MUDA", "ONDO IRA"]


# --- flattened OCR rows whose two text cells wrap (O4b) -------------------------------------

SASARAN_HEAD = ["Meningkatnya Kualitas Pelayanan", "Tersedianya Laporan Administrasi"]
SASARAN_TAIL = ["Perangkat Daerah", "Daerah (S2)", "Penganggaran dan Evaluasi Kinerja"]
INDICATOR_HEAD = ["Persentase penyusunan dokumen", "Persentase waktu penyelesaian"]
INDICATOR_TAIL = ["berjalan sesuai standar", "yang disusun tepat waktu", "perizinan usaha"]
HEADER = "No. Sasaran Strategis Indikator Kinerja Target"


def _rows(text: str) -> list[list[str]]:
    lines, _ = normalise(text)
    return [line.text.split("\t") for line in rebuild_cells(lines) if "\t" in line.text]


def _table(rng: random.Random, n: int, wrapped: set[int]) -> tuple[str, list[list[str]]]:
    """A flattened OCR table of ``n`` rows; the rows in ``wrapped`` go on on the next line
    with the rest of both text cells (Title-Case sasaran words, lowercase indicator words)."""
    text, expected = [HEADER], []
    for i in range(1, n + 1):
        sasaran, indicator = rng.choice(SASARAN_HEAD), rng.choice(INDICATOR_HEAD)
        target = f"{rng.choice([96, 97, 100])}%"
        text.append(f"{i} {sasaran} {indicator} {target}")
        if i in wrapped:
            s_tail, i_tail = rng.choice(SASARAN_TAIL), rng.choice(INDICATOR_TAIL)
            text.append(f"{s_tail} {i_tail}")
            sasaran, indicator = f"{sasaran} {s_tail}", f"{indicator} {i_tail}"
        expected.append([str(i), sasaran, indicator, target])
    return "\n".join(text), expected


def _joined(rows: list[list[str]]) -> list[list[str]]:
    """Rows with their wrap rows (no number, no target) joined onto the row above."""
    out: list[list[str]] = []
    for row in rows[1:]:
        if row[0] or not out:
            out.append(row)
        else:
            assert row[-1] == "", row
            out[-1] = [
                f"{a} {b}".strip() if 0 < k < len(row) - 1 else a
                for k, (a, b) in enumerate(zip(out[-1], row, strict=True))
            ]
    return out


@pytest.mark.parametrize("seed", range(30))
def test_wrapped_cells_of_flattened_rows_split_at_the_first_lowercase_word(seed: int) -> None:
    """O4b: a line with no number and no target under a row, a Title-Case head and a
    lowercase rest, is the row's Sasaran and Indikator cells wrapping, the last row too."""
    rng = random.Random(seed)
    n = rng.randint(1, 4)
    wrapped = {i for i in range(1, n + 1) if rng.random() < 0.6} | {n}
    text, expected = _table(rng, n, wrapped)
    assert _joined(_rows(text)) == expected


def test_a_paragraph_after_the_table_is_no_wrap() -> None:
    """A sentence after the last row (ends with a period, or after a blank line) stays out."""
    for after in ["", "\n"]:
        text = f"{HEADER}\n1 Meningkatnya Kualitas Pelayanan Persentase waktu penyelesaian 96%\n"
        text += f"{after}Sumber data diambil dari laporan tahunan."
        rows = _rows(text)
        assert rows[1:] == [
            ["1", "Meningkatnya Kualitas Pelayanan", "Persentase waktu penyelesaian", "96%"]
        ]
