"""Tables as pdftotext (raw) and pdfminer print them: reading order that is neither row by row
nor column by column (extractor/cells/, rules R8-R14), on generated tables."""

from __future__ import annotations

import random

import pytest

from extractor.cells import line_tokens, rebuild_cells
from extractor.normalise import normalise

from .cellkit import tab_rows, wrapped

_WORDS = ["Kualitas", "Pelayanan", "Publik", "Daerah", "Informasi", "Kinerja", "Dinas", "Sistem"]
_WORDS += ["Perizinan", "Aparatur", "Keuangan", "Statistik", "Sektoral", "Arsip", "Pajak"]
_RESULTS = ["Meningkatnya", "Terwujudnya", "Menurunnya", "Tercapainya"]
_MEASURES = ["Indeks", "Nilai", "Persentase", "Jumlah", "Cakupan", "Tingkat", "Rasio"]
_STOP = "Malili, 2 Januari 2025"


def _phrase(rng: random.Random, head: list[str], n: int = 3) -> str:
    return " ".join([rng.choice(head), *rng.sample(_WORDS, n)])


def _amount(rng: random.Random) -> tuple[str, int]:
    value = rng.randint(10, 9_999) * 1_000_000
    return f"Rp {value:,}".replace(",", "."), value


@pytest.mark.parametrize("seed", range(20))
def test_label_over_a_penjelasan_table_and_the_next_section(seed: int) -> None:
    """R8: ``Target Kinerja`` over ``Indikator Kinerja | Target | Penjelasan`` is a label, not a
    first column; R9: without a number column a bare number after the indicator is its target
    and a numbered line after the row (``B. Meningkatnya ...``) is the next section."""
    rng = random.Random(seed)
    indicator = _phrase(rng, _MEASURES)
    target = rng.choice(["85", "80 persen", "48 pengaduan", "100 %", "BB"])
    note = "Target mengacu pada capaian tahun sebelumnya"
    section = f"B. {_phrase(rng, _RESULTS)}"
    cells = ["Target Kinerja", "Indikator Kinerja", "Target", "Penjelasan"]
    cells += [wrapped(indicator, rng, 0.4), target, note, section, "Uraian Sasaran"]
    lines, _ = normalise("\n\n".join(cells))
    out = rebuild_cells(lines)
    texts = [line.text for line in out if not line.blank]
    assert texts[0] == "Target Kinerja"
    assert texts[1:3] == ["Indikator Kinerja\tTarget\tPenjelasan", f"{indicator}\t{target}\t{note}"]
    assert texts[3:] == [section, "Uraian Sasaran"]


@pytest.mark.parametrize("seed", range(20))
def test_value_printed_before_the_first_row_is_dropped(seed: int) -> None:
    """R10: pdftotext raw prints a narrow right-aligned cell apart, before the first row
    number: it cannot be placed, so that row has no target; the others keep theirs."""
    rng = random.Random(seed)
    n = rng.randint(2, 5)
    rows = [
        [str(i), _phrase(rng, _RESULTS), _phrase(rng, _MEASURES), f"{i}5,5 %"]
        for i in range(1, n + 1)
    ]
    cells = ["No", "Sasaran Strategis", "Indikator Kinerja", "Target", "(1)", "(2)", "(3)", "(4)"]
    cells.append(rows[0][3])  # the first row's target, moved up
    for i, row in enumerate(rows):
        cells += row[:3] if i == 0 else row
    got = tab_rows("\n\n".join([*cells, _STOP]))
    assert got[0] == ["No", "Sasaran Strategis", "Indikator Kinerja", "Target"]
    assert got[1] == [*rows[0][:3], ""]
    assert got[2:] == rows[1:]


@pytest.mark.parametrize("seed", range(40))
def test_amounts_printed_after_the_rows_and_the_total(seed: int) -> None:
    """R11: the amount column printed after the rows (its header, ``Ket``, the funding source
    and the total word among the amounts) fills, in order, the rows without an amount; the
    total is the amount that is the sum of the others, wherever it was printed."""
    rng = random.Random(seed)
    n = rng.randint(2, 6)
    rows, inline = [], set(rng.sample(range(n), rng.randint(0, n - 1)))
    for i in range(n):
        name = _phrase(rng, ["Pendataan", "Penagihan", "Pengelolaan", "Penyusunan"], 2)
        indicator = " ".join(["Jumlah", *rng.sample(_WORDS, 2), "yang", "disusun"])
        rows.append((str(i + 1), name, indicator, *_amount(rng)))
    total = sum(r[4] for r in rows)
    total_text = f"Rp {total:,}".replace(",", ".")
    cells = ["No", "Kegiatan", "Indikator Kegiatan"]
    for i, (no, name, indicator, amount, _) in enumerate(rows):
        cells += [no, wrapped(name, rng, 0.4), wrapped(indicator, rng, 0.4)]
        cells += [f"{amount} APBD"] if i in inline else []
    late = [f"{r[3]} APBD" for i, r in enumerate(rows) if i not in inline]
    if rng.random() < 0.5:
        cells += ["TOTAL ANGGARAN", "Anggaran", "Ket", *late, total_text]
    else:
        cells += ["TOTAL ANGGARAN", total_text, "Anggaran", *late]
    got = tab_rows("\n\n".join([*cells, _STOP]))
    assert got[0] == ["No", "Kegiatan", "Indikator Kegiatan", "Anggaran", *got[0][4:]]
    # the funding source goes to the Ket column, or stays with the amount when there is none
    got_rows = [(r[0], r[1], r[2], r[3].removesuffix(" APBD")) for r in got[1:-1]]
    assert got_rows == [r[:4] for r in rows]
    assert got[-1][1] == "TOTAL ANGGARAN" and got[-1][3] == total_text


def test_late_amounts_that_do_not_fit_are_not_guessed() -> None:
    """R11: one amount too few after the rows: no row gets an amount it may not own."""
    cells = ["No", "Kegiatan", "Indikator Kegiatan", "1", "Penagihan Pajak", "Jumlah surat"]
    cells += ["2", "Pendataan Pajak", "Jumlah objek", "TOTAL", "Anggaran", "Rp 5.000.000"]
    text = "\n\n".join([*cells, _STOP])
    assert not any(len(r) > 3 and r[3] for r in tab_rows(text))


def test_two_number_columns_are_two_tables_interleaved() -> None:
    """R13 (pdfminer): ``No 1 2 3 No 1 2 3 4`` — two tables' number columns read as one; no
    row can be trusted: only the header is kept (the record then says the table was not
    read), covering the cells, and the next table is read on its own."""
    cells = ["No", "1", "2", "No", "1", "2", "3", "Sasaran Program", "Indikator", "Target"]
    cells += ["Meningkatnya Kualitas Arsip", "Persentase Arsip Tertata", "100 %", "75 %"]
    cells += ["Program", "Anggaran", "1. Penunjang Urusan", "Rp 5.000.000"]
    lines, _ = normalise("\n\n".join([*cells, _STOP]))
    out = [line for line in rebuild_cells(lines) if not line.blank]
    assert out[0].text == "No\tNo\tSasaran Program\tIndikator\tTarget"
    assert (out[0].number, out[0].last) == (1, 2 * cells.index("75 %") + 1)
    assert [line.text for line in out[1:3]] == [
        "Program\tAnggaran",
        "1. Penunjang Urusan\tRp 5.000.000",
    ]


@pytest.mark.parametrize("seed", range(40))
def test_sasaran_column_first_then_one_group_per_indicator(seed: int) -> None:
    """R14 (pdftotext raw): numbers and Sasaran cells column by column, then each indicator
    with its values (and unit); the Indikator header may come last. Indicator rows keep their
    values; Sasaran cells are paired only when there is one indicator per number."""
    rng = random.Random(seed)
    m = rng.randint(2, 4)
    per = [1] * m if seed % 2 else [rng.randint(1, 3) for _ in range(m)]
    quarters = rng.random() < 0.5
    sasaran = [_phrase(rng, _RESULTS) for _ in range(m)]
    head = ["No", "Sasaran Strategis"]
    late_indicator = rng.random() < 0.5 and not quarters
    if not late_indicator:
        head.append("Indikator Kinerja")
    values = ["Target", "TW I", "TW II", "TW III", "TW IV"] if quarters else ["Target", "Satuan"]
    cells = head[:]
    for i, s in enumerate(sasaran):
        cells += [str(i + 1), wrapped(s, rng, 0.4)]
    cells += values
    expected = []
    for count in per:
        for _ in range(count):
            indicator = _phrase(rng, _MEASURES)
            target = str(rng.randint(50, 99))
            if quarters:
                row = [f"{target} %", "-", f"{target} %", "-", f"{target} %"]
                cells += [wrapped(indicator, rng, 0.4), *row]
                expected.append([indicator, *(r for r in row if r != "-")])
            else:
                cells += [
                    wrapped(indicator, rng, 0.4),
                    f"{target},5",
                    rng.choice(["Persen", "%", "Tahun"]),
                ]
                expected.append([indicator, f"{target},5"])
    if late_indicator:
        cells.append("Indikator Kinerja")
    got = tab_rows("\n\n".join([*cells, _STOP]))
    header = got[0]
    assert "Indikator Kinerja" in header
    ind = header.index("Indikator Kinerja")
    rows = got[1:]
    assert [[r[ind], *(c for c in r[ind + 1 :] if c and c[0].isdigit())] for r in rows] == expected
    if len(expected) == m:
        assert [r[:2] for r in rows] == [[str(i + 1), s] for i, s in enumerate(sasaran)]
    else:
        assert all(r[:2] == ["", ""] for r in rows)


@pytest.mark.parametrize("seed", range(20))
def test_a_wrapped_cell_is_not_a_total_or_a_header(seed: int) -> None:
    """An indicator wrapped so that ``Jumlah`` or ``Target`` stands alone on a line, with its
    text going on right below it (no blank line), is no total word and no header cell."""
    rng = random.Random(seed)
    first = rng.choice(
        ["Jumlah\nPengaduan Layanan Pajak", "Persentase Realisasi Pajak terhadap\nTarget"]
    )
    cells = ["No", "Sasaran", "Indikator", "Target", "1", _phrase(rng, _RESULTS), first, "< 49"]
    cells += ["2", _phrase(rng, _RESULTS), "Nilai SAKIP Dinas", "BB"]
    got = tab_rows("\n\n".join([*cells, _STOP]))
    assert [r[2] for r in got[1:]] == [first.replace("\n", " "), "Nilai SAKIP Dinas"]
    assert [r[3] for r in got[1:]] == ["< 49", "BB"]


def test_a_grade_after_a_qualifier_is_part_of_the_text() -> None:
    """R12: ``... Nilai SAKIP Minimal BB`` names an indicator; ``Nilai SAKIP BB`` ends with
    its target."""
    text = "Persentase Perangkat Daerah dengan Nilai SAKIP Minimal BB"
    assert line_tokens(text, False) == [("text", text)]
    assert line_tokens("Nilai SAKIP Dinas BB", False) == [
        ("text", "Nilai SAKIP Dinas"),
        ("value", "BB"),
    ]


@pytest.mark.parametrize("seed", range(20))
def test_joined_sasaran_and_indicator_boxes_in_a_column_major_block(seed: int) -> None:
    """R4b (pdfminer): in a block printed column by column, a row whose Sasaran and
    Indikator boxes touch comes as one text (``Meningkatnya ... Nilai SAKIP ...``), and the
    last row may come flattened after the targets; each is cut at its measure word."""
    rng = random.Random(seed)
    n = rng.randint(3, 5)
    rows = [
        [str(i + 1), _phrase(rng, _RESULTS, 2), _phrase(rng, _MEASURES, 2), f"{60 + i} %"]
        for i in range(n)
    ]
    joined = rng.randrange(n - 1)
    cells = ["No", "(1)", *(r[0] for r in rows), "Sasaran Strategis", "(2)", "Indikator Kinerja"]
    for i, row in enumerate(rows[:-1]):
        cells += [f"{row[1]} {row[2]}"] if i == joined else [row[1], row[2]]
    cells += ["Target", "(4)", *(r[3] for r in rows[:-1]), " ".join(rows[-1][1:])]
    got = tab_rows("\n\n".join([*cells, _STOP]))
    assert got == [["No", "Sasaran Strategis", "Indikator Kinerja", "Target"], *rows]


@pytest.mark.parametrize("seed", range(20))
def test_first_cell_before_the_header_and_a_late_note_header(seed: int) -> None:
    """R8b/R16 (pdfminer): under the label ``Target Kinerja`` the first indicator is printed
    before the header ``Indikator Kinerja | Target``, and ``Penjelasan`` after the first
    row's note: one table of indicator, target and note."""
    rng = random.Random(seed)
    rows = [
        [_phrase(rng, _MEASURES), rng.choice(["412,5 Miliar", "100 %", "48 pengaduan"]), note]
        for note in ("Target PAD sesuai Peraturan Daerah", "Seluruh target pajak terealisasi")
    ]
    cells = ["Target Kinerja", rows[0][0], "Indikator Kinerja", "Target", *rows[0][1:]]
    cells += ["Penjelasan", *rows[1], "B. Meningkatnya Kualitas Pelayanan"]
    lines, _ = normalise("\n\n".join(cells))
    out = [line.text for line in rebuild_cells(lines) if not line.blank]
    assert out[0] == "Target Kinerja"
    assert [r.split("\t") for r in out[1:4]] == [
        ["Indikator Kinerja", "Target", "Penjelasan"],
        *rows,
    ]
    assert out[4] == "B. Meningkatnya Kualitas Pelayanan"


@pytest.mark.parametrize("seed", range(20))
def test_numbers_first_then_one_group_per_budget_row(seed: int) -> None:
    """R14 (pdfminer): a budget list whose numbers come first (``1 2 3 4 5``), then each
    program with its amount and funding source."""
    rng = random.Random(seed)
    n = rng.randint(2, 6)
    rows = [
        [str(i + 1), _phrase(rng, ["Program"], 3), _amount(rng)[0], rng.choice(["APBD", "DAK"])]
        for i in range(n)
    ]
    cells = ["No", *(r[0] for r in rows), "Program", "Anggaran", "Keterangan"]
    for row in rows:  # (a name wrapped after "Program" would leave a header word alone)
        cells += [row[1], f"{row[2]} {row[3]}"]
    got = tab_rows("\n\n".join([*cells, "JUMLAH", "Rp 1.000.000", _STOP]))
    assert got == [["No", "Program", "Anggaran", "Keterangan"], *rows]


@pytest.mark.parametrize("seed", range(20))
def test_unnumbered_budget_names_then_amounts_after_the_total(seed: int) -> None:
    """R17 + R11 (pdfminer): a budget list without numbers prints the first row whole, the
    other names one cell each, then the total word and the remaining amounts: one row per
    name, amounts in order, the total kept apart."""
    rng = random.Random(seed)
    n = rng.randint(2, 5)
    names = [_phrase(rng, ["Program"], 3) for _ in range(n)]
    amounts = [_amount(rng) for _ in range(n)]
    total = f"Rp {sum(v for _, v in amounts):,}".replace(",", ".")
    cells = ["Program", "Anggaran", names[0], amounts[0][0], *names[1:], "TOTAL"]
    cells += [a for a, _ in amounts[1:]] + [total]
    got = tab_rows("\n\n".join([*cells, _STOP]))
    assert got == [
        ["Program", "Anggaran"],
        *([name, amount] for name, (amount, _) in zip(names, amounts, strict=True)),
        ["TOTAL", total],
    ]


@pytest.mark.parametrize("seed", range(10))
def test_cells_before_their_row_numbers_are_not_guessed(seed: int) -> None:
    """R15 (pdfminer): text boxes out of order — cells and targets first, the row numbers
    ``1 2 3 4`` after them: only the header is kept (covering the cells), no row."""
    rng = random.Random(seed)
    n = rng.randint(2, 4)
    texts = [_phrase(rng, _RESULTS) for _ in range(n)] + [_phrase(rng, _MEASURES) for _ in range(n)]
    rng.shuffle(texts)
    cells = ["No", "Sasaran Strategis", "Indikator Kinerja", "Target", *texts]
    cells += [f"{70 + i} %" for i in range(n)] + [str(i + 1) for i in range(n)]
    lines, _ = normalise("\n\n".join([*cells, _STOP]))
    out = [line for line in rebuild_cells(lines) if "\t" in line.text]
    assert [line.text for line in out] == ["No\tSasaran Strategis\tIndikator Kinerja\tTarget"]
    assert (out[0].number, out[0].last) == (1, 2 * len(cells) - 1)


def test_a_numbered_table_without_its_numbers_is_not_guessed() -> None:
    """R15b (pdfminer): a table headed ``No`` whose cells hold no number that opens a table
    (1, A, a, I) lost its number column — with its quarterly values scattered among the
    indicators, no row can be trusted: the header only."""
    cells = ["No", "Sasaran Kegiatan", "Indikator Kegiatan", "Target", "TW I", "TW II"]
    cells += ["Jumlah Objek Pajak PBB", "12.500", "objek", "2.000 objek", "5.500 objek"]
    cells += ["Jumlah Wajib Pajak Baru", "150", "wajib", "pajak", "90 %", "30 wajib pajak"]
    lines, _ = normalise("\n\n".join([*cells, _STOP]))
    out = [line for line in rebuild_cells(lines) if "\t" in line.text]
    assert [line.text.split("\t")[0] for line in out] == ["No"]


@pytest.mark.parametrize("seed", range(20))
def test_last_rows_grouped_column_by_column(seed: int) -> None:
    """R18 (pdfminer): after complete rows, the last rows come as number and name each, then
    the last row's name followed by every other row's Sasaran and Indikator, then one target
    per row: the cells go back to their rows in order."""
    rng = random.Random(seed)
    head = ["No", "Program / Kegiatan", "Sasaran", "Indikator Kinerja", "Target"]
    letters = "abcdefg"
    rows = [
        [
            f"{letters[i]}.",
            _phrase(rng, ["Pembangunan", "Rehabilitasi", "Survei"], 2),
            _phrase(rng, _RESULTS, 2),
            _phrase(rng, ["Panjang", "Jumlah"], 2),
            f"{rng.randint(2, 40)},5 km",
        ]
        for i in range(rng.randint(4, 6))
    ]
    done = rng.randint(1, 2)
    cells = head[:]
    for row in rows[:done]:
        cells += row
    for row in rows[done:-1]:
        cells += row[:2]
    cells += rows[-1][:2]
    for row in rows[done:]:
        cells += row[2:4]
    cells += [row[4] for row in rows[done:]]
    got = tab_rows("\n\n".join([*cells, _STOP]))
    assert got == [head, *rows]
