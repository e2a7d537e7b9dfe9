"""Tables printed without tabs (one cell per line, flattened rows) come back as tab rows."""

from __future__ import annotations

import random

import pytest

from extractor.cells import flat_header, head_cell, line_tokens, rebuild_cells, split_text
from extractor.document import ITEM_BREAK, Line
from extractor.normalise import normalise
from extractor.parse.tables import PageLine, Row

from .cellkit import target_table

HEADER = ["No", "Sasaran Strategis", "Indikator Kinerja", "Target"]
_WORDS = [
    "Kualitas",
    "Pelayanan",
    "Publik",
    "Daerah",
    "Informasi",
    "Kinerja",
    "Dinas",
    "Sistem",
    "Perizinan",
    "Aparatur",
    "Keuangan",
    "Statistik",
    "Sektoral",
    "Komunikasi",
    "Arsip",
]
_RESULTS = ["Meningkatnya", "Terwujudnya", "Menurunnya", "Tercapainya"]
_MEASURES = ["Indeks", "Nilai", "Persentase", "Jumlah", "Cakupan", "Tingkat", "Rasio"]
_TARGETS = [
    "75%",
    "70 Indeks",
    "2,8 Indeks",
    "25 Unit Kerja",
    "BB",
    "100 %",
    "12 Laporan",
    "Rp 3.300.000.000",
    "96,00",
    "A",
]


def _table(rng: random.Random, n: int) -> list[list[str]]:
    return target_table(rng, n, _WORDS, _MEASURES, _TARGETS)


def _rebuilt(text: str) -> list[list[str]]:
    lines, _ = normalise(text)
    return [line.text.split("\t") for line in rebuild_cells(lines) if "\t" in line.text]


def _wrap(cell: str, rng: random.Random) -> list[str]:
    """A long cell wrapped after a connector word, as narrow columns print it."""
    words = cell.split()
    if len(words) < 3 or rng.random() < 0.5:
        return [cell]
    cut = rng.randint(2, len(words) - 1)
    return [" ".join([*words[:cut], "dan"]), " ".join(words[cut:])]


def _unwrapped(rows: list[list[str]], wrapped: dict[tuple[int, int], list[str]]):
    return [
        [" ".join(wrapped.get((r, c), [cell])) for c, cell in enumerate(row)]
        for r, row in enumerate(rows)
    ]


@pytest.mark.parametrize("seed", range(40))
def test_one_cell_per_line_with_blank_lines(seed: int) -> None:
    """R1 (pdftotext raw, pdfminer): cells separated by blank lines, wrapped cells joined."""
    rng = random.Random(seed)
    rows = _table(rng, rng.randint(1, 7))
    wrapped = {(r, c): _wrap(row[c], rng) for r, row in enumerate(rows) for c in (1, 2)}
    chunks = ["LAMPIRAN 1", *HEADER]
    for r, row in enumerate(rows):
        chunks += [row[0], *("\n".join(wrapped[r, c]) for c in (1, 2)), row[3]]
    got = _rebuilt("\n\n".join(chunks) + "\n\nMalili, 2 Januari 2025")
    assert got == [HEADER, *_unwrapped(rows, wrapped)]


@pytest.mark.parametrize("seed", range(40))
def test_one_cell_per_line_without_blank_lines(seed: int) -> None:
    """R1 (web transcripts, pypdfium2): no blank lines; cells may end with ' |'; a line
    ending with a connector word continues on the next."""
    rng = random.Random(seed)
    rows = _table(rng, rng.randint(1, 7))
    pipe = " |" if seed % 2 else ""
    wrapped = {(r, c): _wrap(row[c], rng) for r, row in enumerate(rows) for c in (1, 2)}
    out = [f"{h}{pipe}" for h in HEADER]
    for r, row in enumerate(rows):
        out.append(row[0] + pipe)
        for c in (1, 2):
            out += [f"{part}{pipe}" for part in wrapped[r, c]]
        out.append(row[3] + pipe)
    got = _rebuilt("\n".join(["TABEL KINERJA", *out, "PIHAK KEDUA,"]))
    assert got == [HEADER, *_unwrapped(rows, wrapped)]


@pytest.mark.parametrize("seed", range(40))
def test_flattened_rows(seed: int) -> None:
    """R2: a whole row joined by single spaces under a flattened header."""
    rng = random.Random(seed)
    rows = _table(rng, rng.randint(1, 7))
    for row in rows:  # a one-letter grade after text is ambiguous once flattened: not split
        row[3] = "BB" if row[3] == "A" else row[3]
    text = "\n".join([" ".join(HEADER).upper(), *(" ".join(row) for row in rows)])
    got = _rebuilt(text + "\nMalili, 2 Januari 2025")
    assert got == [[h.upper() for h in HEADER], *rows]


@pytest.mark.parametrize("seed", range(20))
def test_run_on_rows(seed: int) -> None:
    """R3: the next row's number printed after a target opens the next row."""
    rng = random.Random(seed)
    rows = _table(rng, rng.randint(2, 6))
    lines = []
    for i, row in enumerate(rows):
        head = f"{row[0]}. " if i == 0 else ""
        tail = f" {i + 2}." if i + 1 < len(rows) else ""
        lines.append(f"{head}{row[1]} {row[2]} {row[3]}{tail}")
    got = _rebuilt("\n".join([" ".join(HEADER), *lines, "TOTAL"]))
    assert [r[1:] for r in got[1:]] == [r[1:] for r in rows]
    assert [r[0].rstrip(".") for r in got[1:]] == [r[0] for r in rows]


@pytest.mark.parametrize("seed", range(20))
def test_column_major_block(seed: int) -> None:
    """R4 (pdfminer): all numbers, then the text cells, then the targets."""
    rng = random.Random(seed)
    rows = _table(rng, rng.randint(2, 6))
    cells = [*HEADER, *(r[0] for r in rows)]
    for row in rows:
        cells += [row[1], row[2]]
    cells += [row[3] for row in rows]
    got = _rebuilt("\n\n".join(cells) + "\n\nPROGRAM DAN ANGGARAN:")
    assert got == [HEADER, *rows]


def test_dash_list_takes_one_target_per_item() -> None:
    """R5: an indicator cell listing items takes the targets printed one per line."""
    text = "\n\n".join(
        [
            "No",
            "Sasaran Kegiatan",
            "Indikator Kinerja",
            "Target",
            "1",
            "Terlaksananya Laporan Keuangan",
            "- Jumlah dokumen SPP UP - Jumlah Laporan SPJ",
            "1 Dokumen\n12 Laporan",
            "Malili, 2 Januari 2025",
        ]
    )
    got = _rebuilt(text)
    assert got[1][3] == f"1 Dokumen{ITEM_BREAK}12 Laporan"


def test_budget_table_with_currency_line() -> None:
    """R1 for a budget list: name, a lone ``Rp.`` line, the amount; funding kept with it."""
    text = "Program\nAnggaran\n1. Penunjang Urusan\n\nRp.\n\n4.324.506.023,00\n2. Promosi\n"
    text += "Rp 1.000.000 APBD\nTOTAL"
    assert _rebuilt(text) == [
        ["Program", "Anggaran"],
        ["1. Penunjang Urusan", "Rp. 4.324.506.023,00"],
        ["2. Promosi", "Rp 1.000.000 APBD"],
    ]


def test_provenance_of_rebuilt_rows() -> None:
    """A rebuilt row keeps its first line number and says which line it ends on."""
    lines, _ = normalise(
        "No\n\nSasaran\n\nIndikator\n\nTarget\n\n1\n\nMeningkatnya Mutu\n\nNilai SAKIP\n\n75%"
    )
    out = [line for line in rebuild_cells(lines) if "\t" in line.text]
    assert (out[1].number, out[1].last) == (9, 15)
    row = Row(out[1].text.split("\t"), [PageLine(1, out[1])])
    assert (row.line_start, row.line_end) == (9, 15)


def test_prose_and_headings_alone_are_left_alone() -> None:
    """No usable header (a lone heading, a prose-only table): lines pass through unchanged."""
    text = "Indikator Kinerja\nSasaran kinerja ini memiliki 1 indikator yaitu:\nNo\n\nUraian\n\nRelevansi"
    lines, _ = normalise(text)
    assert rebuild_cells(lines) == lines


def test_header_words() -> None:
    assert head_cell("Indikator Sasaran").role == "indicator"
    assert head_cell("Target (4)").text == "Target"
    assert head_cell("Target yang ditetapkan") is None
    assert [c.role for c in flat_header("No Uraian Target Penjelasan")] == [
        "no",
        "name",
        "target",
        "note",
    ]
    assert flat_header("No Uraian Relevansi Formulasi") is None


def test_split_keeps_unclear_text_whole() -> None:
    """R2: without a result word and a measure word the text stays whole in the indicator."""
    tokens = line_tokens("Kualitas Pelayanan Publik Daerah", False)
    assert tokens == [("text", "Kualitas Pelayanan Publik Daerah")]
    from extractor.cells import Token

    parts = [Token("text", "Kualitas Pelayanan Publik Daerah", 0, 0, True)]
    assert split_text(parts, ["objective", "indicator"], False) == [
        "",
        "Kualitas Pelayanan Publik Daerah",
    ]
    parts = [Token("text", "Meningkatnya Kualitas Pelayanan Indeks Kepuasan", 0, 0, True)]
    assert split_text(parts, ["objective", "indicator"], False) == [
        "Meningkatnya Kualitas Pelayanan",
        "Indeks Kepuasan",
    ]


def test_line_last_defaults_to_number() -> None:
    assert Line(3, "x", "x").last == 3
    assert Line(3, "x", "x", end=7).last == 7


_EXPLAIN = ["Target ditetapkan berdasarkan Renstra", "Target mengacu pada capaian tahun lalu"]


@pytest.mark.parametrize("seed", range(20))
def test_table_without_numbers_and_a_note_column(seed: int) -> None:
    """R1/R2 for the Penjelasan target table (Indikator | Target | Penjelasan): no row
    numbers, the explanation after the target, wrapped over lines."""
    rng = random.Random(seed)
    indicator = " ".join([rng.choice(_MEASURES), *rng.sample(_WORDS, 3)])
    target = rng.choice(["96,00 %", "100%", "Rp 3.300.000.000.000,-", "12 laporan", "73,50"])
    note = rng.choice(_EXPLAIN)
    wrapped = [note, "dan capaian kinerja tahun sebelumnya."]
    header = ["Indikator Kinerja", "Target", "Penjelasan"]
    stop = "Penjelasan Kinerja 2"
    cells = [*header, indicator, target, "\n".join(wrapped), stop]
    expected = [header, [indicator, target, " ".join(wrapped)]]
    assert _rebuilt("\n\n".join(cells)) == expected
    flat = "\n".join([" ".join(header), f"{indicator} {target} {wrapped[0]}", wrapped[1], stop])
    assert _rebuilt(flat) == expected


@pytest.mark.parametrize("seed", range(20))
def test_wrapped_header_and_three_text_columns(seed: int) -> None:
    """R1: a header cell wrapped over lines (``INDIKATOR KINERJA`` / ``PROGRAM/KEGIATAN DAN``
    / ``SUB KEGIATAN``) is one column; column numbers are no rows; under Program | Sasaran |
    Indikator the sasaran begins at its result word and the indicator at its measure word."""
    rng = random.Random(seed)
    header = [
        "No",
        "PROGRAM/KEGIATAN",
        "SASARAN\nPROGRAM/KEGIATAN",
        "INDIKATOR KINERJA\nPROGRAM/KEGIATAN DAN\nSUB KEGIATAN",
        "TARGET",
    ]
    rows = []
    for no in ("A.", "1.", "a."):
        name = " ".join(["Pengembangan", *rng.sample(_WORDS, 2)])
        sasaran = " ".join([rng.choice(_RESULTS), *rng.sample(_WORDS, 2)])
        indicator = " ".join([rng.choice(_MEASURES), *rng.sample(_WORDS, 2)])
        rows.append([no, name, sasaran, indicator, rng.choice(_TARGETS[:4])])
    blank = "\n\n".join([*header, "1", "2", "3", "4", "5", *(c for r in rows for c in r), "TOTAL"])
    expected_header = [h.replace("\n", " ") for h in header]
    assert _rebuilt(blank) == [expected_header, *rows]
    lines = [h.replace("\n", " ") for h in header[:2]]
    lines.append(" ".join([header[2].replace("\n", " "), header[3].split("\n")[0]]))
    lines += [*header[3].split("\n")[1:], header[4], "(1) (2) (3) (4) (5)"]
    lines += [" ".join(r[:4]) if i % 2 else "\n".join(r[:4]) for i, r in enumerate(rows)]
    lines = [*lines[:-3], *(f"{line}\n{r[4]}" for line, r in zip(lines[-3:], rows, strict=True))]
    got = _rebuilt("\n".join([" ".join(lines[:3]), *lines[3:], "TOTAL"]))
    assert [r[1:] for r in got[1:]] == [r[1:] for r in rows]


_NOISE = [
    "No",
    "Sasaran Strategis",
    "Indikator Kinerja",
    "Target",
    "Anggaran",
    "Program",
    "Keterangan",
    "1",
    "2.",
    "a.",
    "A",
    "BB",
    "75%",
    "12 Laporan",
    "Rp.",
    "4.100.832.755",
    "APBD",
    "Meningkatnya Kualitas",
    "Nilai SAKIP",
    "dan listrik",
    "(1) (2) (3)",
    "TOTAL",
    "Malili, 2 Januari 2025",
    "",
    "",
    "1 Meningkatnya Mutu Indeks Kepuasan 70 Indeks 2.",
]


@pytest.mark.parametrize("seed", range(60))
def test_random_lines_keep_their_provenance(seed: int) -> None:
    """Whatever the input, the stage does not fail, keeps untouched lines as they were, and
    every non-blank line it drops lies inside the line range of a rebuilt line."""
    rng = random.Random(seed)
    lines, _ = normalise("\n".join(rng.choice(_NOISE) for _ in range(rng.randint(1, 60))))
    out = rebuild_cells(lines)
    kept = {id(line) for line in out}
    covered = {
        n
        for line in out
        if id(line) not in kept or "\t" in line.text
        for n in range(line.number, line.last + 1)
    }
    for line in lines:
        assert id(line) in kept or line.blank or line.number in covered


@pytest.mark.parametrize("seed", range(20))
def test_merged_sasaran_cell_and_word_targets(seed: int) -> None:
    """R6: further indicators printed under one row number (a Sasaran cell spanning rows)
    become rows with empty No and Sasaran cells; R7: a short word cell closes a row that has
    no numeric target (``Paripurna``); ranges (``60-75 %``, ``3 sd 6 hari``) are targets."""
    rng = random.Random(seed)
    pipe = " |" if seed % 2 else ""
    sasaran = " ".join([rng.choice(_RESULTS), *rng.sample(_WORDS, 2)])
    extra = [
        (" ".join(["BOR", *rng.sample(_WORDS, 2)]), "60-75 %"),
        (" ".join(["AvLOS", *rng.sample(_WORDS, 2)]), "3 sd 6 hari"),
    ][: rng.randint(1, 2)]
    first = (" ".join([rng.choice(_MEASURES), *rng.sample(_WORDS, 2)]), "162.081")
    word_row = ["Bertahannya Status Akreditasi", "Hasil penilaian akreditasi", "Paripurna"]
    cells = ["No", "Sasaran", "Indikator", "Target", "1", sasaran, *first]
    for indicator, target in extra:
        cells += [indicator, target]
    cells += ["2", *word_row, "Malili, 2 Januari 2019"]
    got = _rebuilt("\n".join(f"{c}{pipe}" for c in cells))
    assert got == [
        ["No", "Sasaran", "Indikator", "Target"],
        ["1", sasaran, *first],
        *(["", "", indicator, target] for indicator, target in extra),
        ["2", *word_row],
    ]


def test_row_that_closes_a_page_glued_to_the_next() -> None:
    """A line holding a table's last row and, after a form feed, the next page's heading
    (pypdfium2): the row is rebuilt, the heading stays a line of its own after it."""
    text = "No Sasaran Indikator Target\n1 Meningkatnya Mutu Indeks Kepuasan 70 Indeks\f"
    text += "LAMPIRAN 2 PERJANJIAN KINERJA\nPenjelasan Kinerja 1"
    lines, _ = normalise(text)
    out = rebuild_cells(lines)
    assert [line.text for line in out][:3] == [
        "No\tSasaran\tIndikator\tTarget",
        "1\tMeningkatnya Mutu\tIndeks Kepuasan\t70 Indeks",
        "LAMPIRAN 2 PERJANJIAN KINERJA",
    ]
    assert "\f" in out[1].raw and out[2].raw.startswith("\f")
