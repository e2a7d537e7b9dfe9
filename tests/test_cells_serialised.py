"""Tables serialised one cell per line without blank lines (``raw``) or with a row's cells
joined by single spaces (``flat``): Penjelasan target rows (R6d), grade targets before a note
(R2g) and a Sasaran that begins with a result word and a measure word (R2h), on generated
tables (extractor/cells/)."""

from __future__ import annotations

import random

import pytest

from extractor.cells import line_tokens

from .cellkit import tab_rows, wrapped

_WORDS = ["Kualitas", "Pelayanan", "Publik", "Daerah", "Informasi", "Kinerja", "Dinas", "Sistem"]
_WORDS += ["Perizinan", "Aparatur", "Keuangan", "Statistik", "Sektoral", "Arsip", "Pajak"]
_MEASURES = ["Indeks", "Nilai", "Persentase", "Jumlah", "Cakupan", "Tingkat", "Rasio"]
_TARGETS = ["85", "80 persen", "48 pengaduan", "100 %", "412,5 Miliar", "BB", "A", "WTP"]
_TARGETS += ["Rp 1.167.000.000", "75,05", "2.786 Desa"]
_NOTES = [
    "Target mengacu pada dokumen perencanaan",
    "Target mengacu pada dokumen\nperencanaan daerah",
    "Target ditetapkan berdasarkan\nRenstra Perangkat Daerah",
    "Capaian tahun sebelumnya\nsebagai dasar",
]
_STOP = "Malili, 2 Januari 2025"
_HEAD = ["Indikator Kinerja", "Target", "Penjelasan"]


def _indicator(rng: random.Random) -> str:
    return " ".join([rng.choice(_MEASURES), *rng.sample(_WORDS, rng.randint(2, 4))])


def _rows(rng: random.Random, n: int) -> list[list[str]]:
    return [[_indicator(rng), rng.choice(_TARGETS), rng.choice(_NOTES)] for _ in range(n)]


def _joined(rows: list[list[str]]) -> list[list[str]]:
    return [[cell.replace("\n", " ") for cell in row] for row in rows]


@pytest.mark.parametrize("seed", range(40))
def test_penjelasan_rows_one_cell_per_line_without_gaps(seed: int) -> None:
    """R6d: ``Indikator | Target | Penjelasan`` printed one cell per line with no blank
    lines: after a row's note, the next capitalised line whose target follows on a line of
    its own is the next row (it is not more of the note), wrapped cells included."""
    rng = random.Random(seed)
    rows = _rows(rng, rng.randint(2, 4))
    cells = ["Target Kinerja", *_HEAD]
    for indicator, target, note in rows:
        cells += [wrapped(indicator, rng, 0.5), target, note]
    got = tab_rows("\n".join([*cells, _STOP]))
    assert got == [_HEAD, *_joined(rows)]


def test_a_note_line_holding_a_value_is_no_new_row() -> None:
    """R6d: a note line ``Target 97% berdasarkan ...`` holds a value on the line of its text:
    it is not an indicator followed by its own target cell."""
    cells = ["Target Kinerja", *_HEAD, "Indeks Kepuasan Masyarakat", "85"]
    cells += ["Naik dari tahun lalu", "Target 97% berdasarkan survei", _STOP]
    got = tab_rows("\n".join(cells))
    assert got[1][:2] == ["Indeks Kepuasan Masyarakat", "85"]
    assert len(got) == 2


@pytest.mark.parametrize("seed", range(40))
def test_penjelasan_rows_flattened_with_grade_targets(seed: int) -> None:
    """R2g: a flattened row ``<indicator> <grade> <note>`` (``Nilai SAKIP Pemerintah
    Kabupaten A Target mengacu ...``) has the grade as its target, one letter included."""
    rng = random.Random(seed)
    rows = _joined(_rows(rng, rng.randint(2, 4)))
    lines = ["Target Kinerja", "", " ".join(_HEAD), *(" ".join(r) for r in rows), "", _STOP]
    got = tab_rows("\n".join(lines))
    assert got == [_HEAD, *rows]


def test_a_letter_naming_a_class_is_no_grade() -> None:
    """R2g, R12: ``Tipe A`` and ``Minimal BB`` are part of the indicator's name."""
    for name in ["Persentase Rumah Sakit Tipe A", "Persentase OPD dengan Nilai SAKIP Minimal BB"]:
        tokens = line_tokens(f"{name} Terakreditasi 80 % Target mengacu", True)
        assert tokens[0] == ("text", f"{name} Terakreditasi")
        assert tokens[1] == ("value", "80 %")
    assert line_tokens("Nilai SAKIP Dinas Kesehatan A Target mengacu", True)[1] == ("value", "A")


@pytest.mark.parametrize("seed", range(20))
def test_a_sasaran_opening_with_a_result_and_a_measure_word(seed: int) -> None:
    """R2h: in ``Meningkatnya Panjang Jalan ... Panjang Jalan yang Ditangani`` the measure word
    right after the result word is the result's object: the Sasaran goes on, the indicator
    begins at the next measure word."""
    rng = random.Random(seed)
    measure = rng.choice(["Panjang", "Jumlah", "Cakupan", "Indeks"])
    objective = f"Meningkatnya {measure} {' '.join(rng.sample(_WORDS, 3))}"
    indicator = f"{measure} {' '.join(rng.sample(_WORDS, 2))} yang Ditangani"
    name = f"Penyelenggaraan {' '.join(rng.sample(_WORDS, 2))}"
    head = ["No", "Program / Kegiatan / Sub Kegiatan", "Sasaran", "Indikator Kinerja", "Target"]
    line = f"1. {name} {objective} {indicator} 42,5 km"
    got = tab_rows("\n".join([" ".join(head), line, "", _STOP]))
    assert got[1][1:] == [name, objective, indicator, "42,5 km"]


@pytest.mark.parametrize("seed", range(20))
def test_a_one_letter_grade_ends_a_flattened_row(seed: int) -> None:
    """R2g: ``<no> <sasaran> <indicator> B`` (no column after the target): a single-letter
    grade at the line's end is the target, unless it names a class (``Tipe A``)."""
    rng = random.Random(seed)
    grade = rng.choice(["A", "B", "C", "BB", "WTP"])
    objective = f"Meningkatnya {' '.join(rng.sample(_WORDS, 3))}"
    indicator = _indicator(rng)
    head = ["No", "Sasaran Strategis", "Indikator Kinerja", "Target"]
    lines = [" ".join(head), f"1 {objective} {indicator} {grade}"]
    lines += [f"2 {objective} Persentase Rumah Sakit Tipe A 80 %", "", _STOP]
    got = tab_rows("\n".join(lines))
    assert got[1] == ["1", objective, indicator, grade]
    assert got[2][2:] == ["Persentase Rumah Sakit Tipe A", "80 %"]
    assert line_tokens("Persentase Rumah Sakit Tipe A", False) == [
        ("text", "Persentase Rumah Sakit Tipe A")
    ]


@pytest.mark.parametrize("seed", range(20))
def test_a_grade_target_of_a_further_indicator_is_no_row_number(seed: int) -> None:
    """R6 with a grade: one cell per line, a second indicator of the same Sasaran (no number,
    no Sasaran cell) whose target is ``A`` or ``B``: the letter is its target, not the number
    of a nested row, though ``A`` may open a level after ``1``."""
    rng = random.Random(seed)
    grade = rng.choice(["A", "B", "C"])
    rows = [
        ["1", f"Meningkatnya {' '.join(rng.sample(_WORDS, 3))}", _indicator(rng), "81,50"],
        ["", "", _indicator(rng), grade],
        ["2", f"Meningkatnya {' '.join(rng.sample(_WORDS, 3))}", _indicator(rng), "67,05%"],
    ]
    head = ["No", "Sasaran Strategis", "Indikator Kinerja", "Target"]
    cells = [*head, *(c for row in rows for c in row if c), _STOP]
    got = tab_rows("\n".join(cells))
    assert got == [head, *rows]


@pytest.mark.parametrize("seed", range(20))
def test_a_grade_closing_the_last_row_before_the_next_table(seed: int) -> None:
    """A grade letter after a whole row's text cells closes that row (a row number opens
    text cells), so the next table's header right after it (one cell per line, no gap) opens
    a table of its own instead of being read as this table's late columns."""
    rng = random.Random(seed)
    grade = rng.choice(["A", "B", "BB"])
    row = ["1", f"Meningkatnya {' '.join(rng.sample(_WORDS, 3))}", _indicator(rng), grade]
    head = ["No", "Sasaran Program", "Indikator Kinerja", "Target"]
    budget_head = ["No", "Kegiatan", "Anggaran", "Keterangan"]
    budget = ["1", f"Program {' '.join(rng.sample(_WORDS, 3))}", "Rp.5.443.412.000,-", "DAK"]
    got = tab_rows("\n".join([*head, *row, *budget_head, *budget, _STOP]))
    assert got == [head, row, budget_head, budget]


@pytest.mark.parametrize("seed", range(20))
def test_a_worded_page_marker_ends_the_table(seed: int) -> None:
    """A page marker printed between blank lines (``Halaman 3 dari 3``) closes the page like
    a form feed: it is no further row of the table above it."""
    rng = random.Random(seed)
    rows = _joined(_rows(rng, rng.randint(1, 3)))
    cells = ["Target Kinerja", *_HEAD, *(c for r in rows for c in r)]
    marker = rng.choice(["Halaman 3 dari 3", "Hal. 2", "Page 4 of 9"])
    got = tab_rows("\n\n".join([*cells, marker, _STOP]))
    assert got == [_HEAD, *rows]


# --- pdfminer text-box order ----------------------------------------------------------------

_RESULTS = ["Meningkatnya", "Terwujudnya", "Menurunnya", "Tercapainya"]


@pytest.mark.parametrize("seed", range(40))
def test_sasaran_spanning_rows_with_targets_printed_after(seed: int) -> None:
    """R19 (pdfminer): ``1`` / Sasaran / indicator / indicator ... ``2`` / Sasaran / indicator
    ..., then the Target/Satuan header and the targets, each with its unit on its line or
    the units apart: as many targets as indicators, dealt out in order; unit cells apart go
    to the targets without a unit when the counts match."""
    rng = random.Random(seed)
    groups = [
        (f"{rng.choice(_RESULTS)} {' '.join(rng.sample(_WORDS, 3))}", rng.randint(1, 3))
        for _ in range(rng.randint(2, 3))
    ]
    if all(k == 1 for _, k in groups):
        groups[0] = (groups[0][0], 2)
    head = ["No", "Sasaran Strategis", "Indikator Kinerja", "Target", "Satuan"]
    cells = head[:3]
    expected, values, apart = [], [], []
    for g, (sasaran, k) in enumerate(groups):
        cells += [str(g + 1), sasaran]
        for m in range(k):
            indicator = _indicator(rng)
            cells.append(indicator)
            number = f"{rng.randint(1, 99)},{rng.randint(10, 99)}"
            style = rng.choice(["line", "apart", "inside"])
            if style == "line":
                values.append(f"{number} Tahun")
                unit = "Tahun"
            elif style == "apart":
                values.append(f"< {number}")
                apart.append("Persen")
                unit = "Persen"
            else:
                values.append(f"{number} Indeks")
                unit = ""
            value = values[-1].removesuffix(" Tahun")
            first = [str(g + 1), sasaran] if m == 0 else ["", ""]
            expected.append([*first, indicator, value, unit])
    cells += ["Target Satuan", *values, *apart]
    got = tab_rows("\n\n".join([*cells, _STOP]))
    assert got == [head, *expected]


def test_spanning_rows_with_too_few_targets_are_not_dealt() -> None:
    """R19: one target fewer than the indicators: which one lacks it cannot be read, so no
    row is guessed: the table is kept as its header only (reported unread)."""
    cells = ["No", "Sasaran Strategis", "Indikator Kinerja", "1", "Meningkatnya Kinerja Dinas"]
    cells += ["Indeks Kinerja Dinas", "Nilai Kinerja Dinas", "2", "Meningkatnya Mutu Arsip"]
    cells += ["Jumlah Arsip Daerah", "Target", "80 %", "90 %", _STOP]
    got = tab_rows("\n\n".join(cells))
    assert got == [["No", "Sasaran Strategis", "Indikator Kinerja", "Target"]]


@pytest.mark.parametrize("seed", range(40))
def test_indicators_stacked_before_their_targets_and_notes(seed: int) -> None:
    """R20 (pdfminer): ``Indikator | Target | Penjelasan`` with the first indicators printed
    one after another, then each target with its note (a note may hold a value of its own),
    then the remaining rows as usual: the i-th target and note are the i-th indicator's."""
    rng = random.Random(seed)
    k = rng.randint(2, 3)
    rows = [[_indicator(rng), rng.choice(_TARGETS[:5]), n] for n in rng.sample(_NOTES, 3)]
    rows = _joined(rows)
    rows[rng.randrange(k)][2] = "Target ditetapkan menurun dari realisasi sebanyak 7 kasus"
    rest = [[_indicator(rng), "kurang dari 14 %", "Sejalan dengan target nasional"]]
    cells = ["Target Kinerja", *_HEAD, *(r[0] for r in rows[:k])]
    cells += [c for r in rows[:k] for c in r[1:]] + [c for r in rest for c in r]
    got = tab_rows("\n\n".join([*cells, _STOP]))
    assert got == [_HEAD, *rows[:k], *rest]


def test_stacked_indicators_without_a_target_each_are_not_dealt() -> None:
    """R20: two indicators, then one target and its note, then text: the counts differ, so
    the stacked cells are not dealt out (the second indicator gets no target)."""
    cells = ["Target Kinerja", *_HEAD, "Indeks Kinerja Dinas", "Nilai Arsip Daerah", "85"]
    cells += ["Target mengacu pada Renstra", "Uraian lain tanpa target", _STOP]
    got = tab_rows("\n\n".join(cells))
    assert all(r[0] != "Nilai Arsip Daerah" for r in got[1:])


@pytest.mark.parametrize("seed", range(40))
def test_penjelasan_header_printed_after_its_rows(seed: int) -> None:
    """R21 (pdfminer): after the ``Target Kinerja`` label or a lead sentence ending with a
    colon, the boxes of each row (indicator, target, note), then the header cells: read
    back as rows when the boxes come in exact triples; otherwise left as they are."""
    rng = random.Random(seed)
    rows = _joined(_rows(rng, rng.randint(1, 3)))
    lead = rng.choice(["Target Kinerja", "Target kinerja yang akan dicapai sebagai berikut:"])
    cells = [lead, *(c for r in rows for c in r), *_HEAD, "Penjelasan Kinerja 2"]
    got = tab_rows("\n\n".join(cells))
    assert got == [_HEAD, *rows]
    cut = [lead, *[c for r in rows for c in r][1:], *_HEAD, "Penjelasan Kinerja 2"]
    assert tab_rows("\n\n".join(cut)) == []  # a cell missing: nothing rebuilt


_BUDGET_HEAD = ["No", "Sub Kegiatan", "Indikator Sub Kegiatan", "Anggaran", "Keterangan"]
_NAMES = ["Pemutakhiran", "Pendaftaran", "Pengembangan", "Penagihan", "Pengelolaan", "Penyusunan"]


def _budget_rows(
    rng: random.Random, k: int, total_off: int = 0
) -> tuple[list[str], list[list[str]]]:
    """Sub Kegiatan | Indikator | Anggaran | Keterangan as pdfminer prints it when the name
    column is one box: the k names stacked, then each indicator with its amount, then the
    total word and the total (``total_off`` rupiah off the sum)."""
    names = [" ".join([n, *rng.sample(_WORDS, rng.randint(2, 4))]) for n in rng.sample(_NAMES, k)]
    amounts = [rng.randint(1, 900) * 1_250_000 for _ in range(k)]
    rows = [
        [name, _indicator(rng), f"Rp {a:,}".replace(",", "."), "APBD"]
        for name, a in zip(names, amounts, strict=True)
    ]
    total = f"Rp {sum(amounts) + total_off:,}".replace(",", ".")
    cells = [*_BUDGET_HEAD, *(wrapped(n, rng, 0.5) for n in names)]
    cells += [c for r in rows for c in (wrapped(r[1], rng, 0.5), f"{r[2]} {r[3]}")]
    cells += ["TOTAL ANGGARAN", total, _STOP]
    return cells, rows


@pytest.mark.parametrize("seed", range(40))
def test_budget_names_stacked_before_their_indicators(seed: int) -> None:
    """R23 (pdfminer): no row numbers, the k Sub Kegiatan names printed one after another,
    then each indicator with its amount; the amounts add up to the printed total, so the
    i-th name is the i-th row's."""
    rng = random.Random(seed)
    cells, rows = _budget_rows(rng, rng.randint(2, 4))
    got = tab_rows("\n\n".join(cells))
    assert got[1 : 1 + len(rows)] == rows


@pytest.mark.parametrize("seed", range(10))
def test_stacked_budget_names_not_dealt_when_the_total_differs(seed: int) -> None:
    """R23: when the amounts do not add up to the printed total a row may be missing, so the
    names stay together in the first row rather than being guessed."""
    rng = random.Random(seed)
    cells, rows = _budget_rows(rng, rng.randint(2, 4), total_off=1_000_000)
    got = tab_rows("\n\n".join(cells))
    assert got[2][0] == ""
    assert got[1][0].startswith(rows[0][0])


@pytest.mark.parametrize("seed", range(40))
def test_last_budget_rows_printed_column_by_column(seed: int) -> None:
    """R23b (pdfminer): complete rows (name, indicator, amount with its source), then the
    last m names, their m indicators, their m amounts and the total before the total word:
    dealt in order because the amounts add up to the total."""
    rng = random.Random(seed)
    head, m = rng.randint(0, 2), rng.randint(2, 3)
    names = [" ".join([n, *rng.sample(_WORDS, 2)]) for n in rng.sample(_NAMES, head + m)]
    amounts = [rng.randint(1, 900) * 1_250_000 for _ in names]
    rows = [
        [name, _indicator(rng), f"Rp {a:,}".replace(",", "."), "APBD"]
        for name, a in zip(names, amounts, strict=True)
    ]
    cells = [*_BUDGET_HEAD]
    for row in rows[:head]:
        cells += [wrapped(row[0], rng, 0.5), wrapped(row[1], rng, 0.5), f"{row[2]} APBD"]
    cells += [wrapped(r[0], rng, 0.5) for r in rows[head:]] + [r[1] for r in rows[head:]]
    cells += [f"{r[2]} APBD" for r in rows[head:]]
    cells += [f"Rp {sum(amounts):,}".replace(",", "."), "TOTAL ANGGARAN", _STOP]
    got = tab_rows("\n\n".join(cells))
    assert got[1 : 1 + len(rows)] == rows
    assert got[1 + len(rows)][0] == "TOTAL ANGGARAN"


def test_column_by_column_budget_rows_not_dealt_without_their_total() -> None:
    """R23b: the last amount is not the sum of the others (a row may be lost): not dealt."""
    cells = [*_BUDGET_HEAD, "Penagihan Pajak Daerah", "Pengelolaan Keberatan Pajak"]
    cells += ["Jumlah surat tagihan", "Jumlah keberatan", "Rp 350.000.000 APBD"]
    cells += ["Rp 187.500.000 APBD", "Rp 600.000.000", "TOTAL ANGGARAN", _STOP]
    got = tab_rows("\n\n".join(cells))
    assert ["Penagihan Pajak Daerah", "Jumlah surat tagihan", "Rp 350.000.000", "APBD"] not in got


_PAIR_HEAD = ["Sasaran Kegiatan", "Indikator Kegiatan", "Target"]
_RESULTS = ["Meningkatnya", "Terbangunnya", "Tersedianya", "Terwujudnya", "Menurunnya"]


def _pair_runs(rng: random.Random) -> tuple[list[str], list[list[str]]]:
    """Runs of (sasaran, indicator) pairs, each run followed by its targets; one run holds
    two rows or more."""
    runs = [rng.randint(1, 3) for _ in range(rng.randint(1, 3))]
    runs[rng.randrange(len(runs))] = rng.randint(2, 3)
    cells: list[str] = []
    rows: list[list[str]] = []
    for k in runs:
        run = [
            [" ".join([rng.choice(_RESULTS), *rng.sample(_WORDS, 2)]), _indicator(rng)]
            for _ in range(k)
        ]
        targets = [rng.choice(["6,2 km", "3 unit", "14 dokumen", "85 %"]) for _ in range(k)]
        cells += [c for pair in run for c in pair] + targets
        rows += [[*pair, t] for pair, t in zip(run, targets, strict=True)]
    return cells, rows


@pytest.mark.parametrize("seed", range(40))
def test_sasaran_indicator_pairs_printed_before_their_targets(seed: int) -> None:
    """R25 (pdfminer): without a number column, runs of k (sasaran, indicator) pairs each
    followed by its k targets are k rows, dealt in order."""
    rng = random.Random(seed)
    cells, rows = _pair_runs(rng)
    got = tab_rows("\n\n".join([*_PAIR_HEAD, *cells, _STOP]))
    assert got == [_PAIR_HEAD, *rows]


def test_pairs_with_a_missing_target_are_not_dealt() -> None:
    """R25: two pairs and one target: the counts differ, the pairs are not dealt."""
    cells = [*_PAIR_HEAD, "Meningkatnya Kualitas Arsip", "Indeks Arsip Daerah"]
    cells += ["Terwujudnya Sistem Statistik", "Jumlah Statistik Sektoral", "85 %", _STOP]
    got = tab_rows("\n\n".join(cells))
    assert ["Terwujudnya Sistem Statistik", "Jumlah Statistik Sektoral", "85 %"] not in got


_LIST_HEAD = ["No", "Program / Kegiatan / Sub Kegiatan", "Anggaran (Rp)", "Keterangan"]


def _numbers_first(rng: random.Random, cut: bool) -> tuple[list[str], list[list[str]]]:
    """A budget list as pdfminer prints it with the number column as one box: ``No``, the
    numbers (``A.``, ``1.``, ``a.`` ...), the other header cells, the names (the program without an amount, the
    activity with its amount, the first sub-activities with theirs, its name cut around the
    amount when ``cut``), the total word, the last rows' amounts and the total."""
    k = rng.randint(2, 4)  # sub-activities printed with their amount
    m = rng.randint(1, 4)  # sub-activities whose amount comes after the total word
    subs = [" ".join([rng.choice(_NAMES), *rng.sample(_WORDS, 2)]) for _ in range(k + m)]
    amounts = [rng.randint(1, 900) * 1_250_000 for _ in subs]
    fmt = [f"{a:,}".replace(",", ".") for a in amounts]
    funds = [rng.choice(["APBD", "DAK", "APBN"]) for _ in subs]
    nums = ["A.", "1.", *"abcdefgh"[: k + m]]
    nums = [f"{n}." if len(n) == 1 else n for n in nums]
    total = f"{sum(amounts):,}".replace(",", ".")
    rows = [["A.", "Program Penyelenggaraan Jalan", "", ""]]
    rows += [["1.", "Penyelenggaraan Jalan Kabupaten", total, ""]]
    rows += [[nums[2 + i], s, fmt[i], funds[i]] for i, s in enumerate(subs)]
    marks = [["(1)"], ["(2)", "(3)", "(4)"]] if rng.random() < 0.5 else [[], []]
    cells = ["No", *marks[0], *nums, *_LIST_HEAD[1:], *marks[1], rows[0][1], rows[1][1], total]
    for i in range(k):
        words = subs[i].split()
        if cut and i == 0:
            cells += [" ".join(words[:1]), f"{fmt[i]} {funds[i]}", " ".join(words[1:])]
        else:
            cells += [subs[i], f"{fmt[i]} {funds[i]}"]
    cells += subs[k:] + ["JUMLAH"] + [f"{fmt[i]} {funds[i]}" for i in range(k, k + m)]
    return [*cells, total, _STOP], rows


@pytest.mark.parametrize("seed", range(40))
def test_budget_numbers_printed_before_the_names(seed: int) -> None:
    """R24 (pdfminer): the numbers first, then the names with the amounts beside them, the
    total word, the last rows' amounts and the total (the sum of the sub-activities): the
    i-th name is the i-th number's, the late amounts the last rows', in order; a name cut
    around the amount printed on its first line is one name."""
    rng = random.Random(seed)
    cells, rows = _numbers_first(rng, cut=seed % 2 == 0)
    got = tab_rows("\n\n".join(cells))
    assert got[1 : 1 + len(rows)] == rows
    assert got[1 + len(rows)][1:3] == ["JUMLAH", rows[1][2]]


@pytest.mark.parametrize("seed", range(10))
def test_numbers_first_not_dealt_when_an_amount_is_missing(seed: int) -> None:
    """R24: one late amount fewer than the rows after the last amount: not dealt."""
    rng = random.Random(seed)
    cells, rows = _numbers_first(rng, cut=False)
    cells.remove(f"{rows[-1][2]} {rows[-1][3]}")
    got = tab_rows("\n\n".join(cells))
    assert rows[-2] not in got
