"""Stage 2a (markup.py): tables written as pipes, pandoc grid tables or HTML come back as
tab-separated rows with their cells, on the source lines they were printed on.

Random tables are rendered in each syntax and read back through ``normalise``; prose with a
``|`` in it must come back untouched.
"""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.document import ITEM_BREAK, Line
from extractor.markup import markup_tables
from extractor.normalise import normalise

B = ITEM_BREAK
WORDS = [
    *["Meningkatnya", "Kualitas", "Pelayanan", "Persentase", "Indeks", "Kepuasan", "Nilai"],
    *["SAKIP", "Jumlah", "Dokumen", "Program", "Kegiatan", "Penunjang", "Urusan", "Daerah"],
    *["96,00", "100%", "2,8", "Rp.", "4.324.506.023,00", "APBD", "BB", "1.", "a.", "(1)"],
    *["Unit", "Laporan"],
]

_word = st.sampled_from(WORDS)
_cell = st.lists(_word, min_size=1, max_size=6).map(" ".join)
_maybe_empty = st.one_of(st.just(""), _cell)


@st.composite
def tables(draw, min_columns: int = 2) -> list[list[str]]:
    """A header and rows; every row has a filled first or last cell (an all-empty row is no
    row), empty cells anywhere else."""
    n = draw(st.integers(min_columns, 5))
    header = draw(st.lists(_cell, min_size=n, max_size=n))
    rows = [header]
    for _ in range(draw(st.integers(1, 6))):
        row = draw(st.lists(_maybe_empty, min_size=n, max_size=n))
        if not row[0] and not row[-1]:
            row[-1] = draw(_cell)
        rows.append(row)
    return rows


def _expected(rows: list[list[str]]) -> list[str]:
    """The rows as the normaliser hands them over: tab-joined, trailing empty cells dropped."""
    out = []
    for row in rows:
        cells = list(row)
        while len(cells) > 1 and not cells[-1]:
            cells.pop()
        if any(cells):
            out.append("\t".join(cells))
    return out


def _read(lines: list[str]) -> list[Line]:
    result, _ = normalise("\n".join(lines))
    return result


def _texts(lines: list[str]) -> list[str]:
    return [line.text for line in _read(lines) if not line.blank]


PROSE_ABOVE = "Target kinerja | Tahun 2025 ditetapkan sebagai berikut:"
PROSE_BELOW = "Demikian perjanjian ini dibuat."


def _framed(table_lines: list[str]) -> list[str]:
    """The table between two prose lines (one with a single pipe) and blank lines."""
    return [PROSE_ABOVE, "", *table_lines, "", PROSE_BELOW]


def _check_framed(table_lines: list[str], rows: list[list[str]]) -> None:
    texts = _texts(_framed(table_lines))
    assert texts == [PROSE_ABOVE, *_expected(rows), PROSE_BELOW]


# --- P1 pipe rows -----------------------------------------------------------------------


def _pipe_line(row: list[str], leading: bool, trailing: bool) -> str:
    return ("| " if leading else "") + " | ".join(row) + (" |" if trailing else "")


@settings(max_examples=150, deadline=None)
@given(
    rows=tables(),
    leading=st.booleans(),
    trailing=st.booleans(),
    separator=st.booleans(),
)
def test_pipe_tables_in_every_outer_pipe_style(
    rows: list[list[str]], leading: bool, trailing: bool, separator: bool
) -> None:
    """Outer pipes on both sides, only trailing, only leading or none; with or without a
    ``---|---`` row. Without a separator, a table without outer pipes needs three columns
    (two pipes a line): ``a | b`` lines are prose."""
    if not separator and not (leading or trailing) and len(rows[0]) < 3:
        rows = [[*row, "x"] for row in rows]
    lines = [_pipe_line(row, leading, trailing) for row in rows]
    if separator:
        dashes = "|".join(["---"] * len(rows[0]))
        lines.insert(1, ("|" if leading else "") + dashes + ("|" if trailing else ""))
    _check_framed(lines, rows)


@settings(max_examples=60, deadline=None)
@given(rows=tables(), trailing=st.booleans())
def test_pipe_rows_keep_their_source_line_numbers(rows: list[list[str]], trailing: bool) -> None:
    lines = [_pipe_line(row, False, trailing) for row in rows]
    lines.insert(1, "|".join(["---"] * len(rows[0])))
    read = _read(lines)
    assert [line.number for line in read] == list(range(1, len(lines) + 1))
    assert [line.raw for line in read] == lines
    assert all(line.end is None for line in read)


def test_empty_first_cell_of_a_table_without_outer_pipes_keeps_its_column() -> None:
    lines = ["No | Indikator | Target", "1 | Persentase | 80 %", " | Indeks | 2,8"]
    assert _texts(lines) == ["No\tIndikator\tTarget", "1\tPersentase\t80 %", "\tIndeks\t2,8"]


def test_escaped_pipe_stays_in_its_cell() -> None:
    lines = ["a | b \\| c | d", "1 | 2 | 3"]
    assert _texts(lines) == ["a\tb | c\td", "1\t2\t3"]


def test_list_dash_before_a_pipe_row_is_no_cell() -> None:
    lines = ["- | Program | Rp. |", "| Kegiatan | Rp. |"]
    assert _texts(lines) == ["Program\tRp.", "Kegiatan\tRp."]


def test_two_column_table_without_outer_pipes_needs_its_separator() -> None:
    assert _texts(["Nama | Jabatan", "---|---", "JONI | Kepala"]) == [
        "Nama\tJabatan",
        "JONI\tKepala",
    ]
    assert _texts(["Nama | Jabatan", "JONI | Kepala"]) == ["Nama | Jabatan", "JONI | Kepala"]


def test_neighbouring_lines_with_different_pipe_counts_are_prose() -> None:
    lines = ["Bidang | Seksi | Subbag", "Catatan | lihat | lampiran | berikut"]
    assert _texts(lines) == lines


_prose_word = st.sampled_from([*WORDS, "dan", "yang", "di", "untuk"])
_prose = st.lists(_prose_word, min_size=1, max_size=8).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_prose, st.one_of(st.none(), _prose)), min_size=1, max_size=6))
def test_prose_with_a_single_pipe_is_left_alone(parts: list[tuple[str, str | None]]) -> None:
    lines = [a if b is None else f"{a} | {b}" for a, b in parts]
    assert _texts(lines) == lines


# --- P2 one cell per line with a trailing pipe --------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.lists(_cell, min_size=2, max_size=10), st.lists(st.booleans(), min_size=10))
def test_one_cell_per_line_loses_its_trailing_pipe(cells: list[str], gaps: list[bool]) -> None:
    lines: list[str] = []
    for cell, gap in zip(cells, gaps, strict=False):
        lines += [f"{cell} |"] + ([""] if gap else [])
    assert _texts(lines) == cells


def test_once_cells_end_in_pipes_every_line_ending_in_one_loses_it() -> None:
    lines = [
        "Nama |",
        ": |",
        "JONI |",
        "Pihak kesatu berjanji",
        "Banjarnegara, Januari 2019 |",
        "PIHAK KEDUA,",
        "JONI NIP. 19700101 199003 1 001 |",
        "Kata | di tengah",
    ]
    assert _texts(lines) == [
        "Nama",
        ":",
        "JONI",
        "Pihak kesatu berjanji",
        "Banjarnegara, Januari 2019",
        "PIHAK KEDUA,",
        "JONI NIP. 19700101 199003 1 001",
        "Kata | di tengah",
    ]


def test_a_lone_trailing_pipe_line_between_prose_is_left_for_the_ocr_repair() -> None:
    assert _texts(["Pangkat", "Pembina Tk. |", "NIP. 19700101"])[1] == "Pembina Tk. I"


# --- G1 grid tables ---------------------------------------------------------------------


def grid_lines(rows: list[list[str]], widths: list[int]) -> tuple[list[str], list[int]]:
    """pandoc's grid table; also the index of each row's first line."""
    border = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    out, starts = [border], []
    for k, row in enumerate(rows):
        wrapped = [textwrap.wrap(c, w) or [""] for c, w in zip(row, widths, strict=True)]
        starts.append(len(out))
        for i in range(max(len(w) for w in wrapped)):
            parts = [
                (w[i] if i < len(w) else "").ljust(n) for w, n in zip(wrapped, widths, strict=True)
            ]
            out.append("| " + " | ".join(parts) + " |")
        out.append(border.replace("-", "=") if k == 0 else border)
    return out, starts


@settings(max_examples=150, deadline=None)
@given(rows=tables(), data=st.data())
def test_grid_tables_with_cells_over_several_lines(rows: list[list[str]], data) -> None:
    longest = max(len(w) for w in WORDS)
    widths = [data.draw(st.integers(longest, 30)) for _ in rows[0]]
    lines, starts = grid_lines(rows, widths)
    _check_framed(lines, rows)
    read = _read(lines)
    assert [line.number for line in read] == list(range(1, len(lines) + 1))
    filled = [line for line in read if not line.blank]
    assert [line.number for line in filled] == [
        s + 1 for s, row in zip(starts, rows, strict=True) if any(row)
    ]
    for line in filled:
        below = lines[line.last :]  # the line after the row's last line is its border
        assert below and below[0].startswith("+")


def test_grid_cell_with_a_list_and_a_paragraph_break_keeps_its_items() -> None:
    lines = [
        "+-----+--------------+",
        "| 1   | Kegiatan:    |",
        "|     | - Penyusunan |",
        "|     | - Evaluasi   |",
        "|     |              |",
        "|     | Catatan      |",
        "+-----+--------------+",
    ]
    assert _texts(lines) == [f"1\tKegiatan:{B}- Penyusunan{B}- Evaluasi{B}Catatan"]


def test_grid_line_out_of_line_with_its_border_is_cut_at_its_pipes() -> None:
    lines = ["+----+-----+", "| 1 | Nilai SAKIP |", "+----+-----+"]
    assert _texts(lines) == ["1\tNilai SAKIP"]


def test_a_lone_border_is_no_table() -> None:
    assert _texts(["+-----+", "Teks biasa"]) == ["+-----+", "Teks biasa"]


# --- H1 HTML tables -----------------------------------------------------------------------

TEXT, BY_ROW, BY_COLUMN = "T", "R", "C"


@st.composite
def spanned_tables(draw) -> tuple[list[list[str]], list[list[str]]]:
    """A table and its merge plan: each cell is text, covered by the cell above (rowspan) or
    covered by the cell to its left (colspan); no cell spans both ways."""
    rows = draw(tables())
    plan = [[TEXT] * len(rows[0]) for _ in rows]
    for r in range(1, len(rows)):
        for c in range(len(rows[0])):
            kind = draw(st.sampled_from([TEXT, TEXT, BY_ROW, BY_COLUMN]))
            owner_r = r - 1
            while plan[owner_r][c] == BY_ROW:
                owner_r -= 1
            right = plan[owner_r][c + 1] if c + 1 < len(rows[0]) else TEXT
            if kind == BY_ROW and plan[owner_r][c] == TEXT and right != BY_COLUMN:
                plan[r][c] = BY_ROW
            elif kind == BY_COLUMN and c > 0 and plan[r][c - 1] != BY_ROW:
                owner_c = c - 1
                while plan[r][owner_c] == BY_COLUMN:
                    owner_c -= 1
                if plan[r][owner_c] == TEXT:
                    plan[r][c] = BY_COLUMN
    return rows, plan


def _span(plan: list[list[str]], r: int, c: int, kind: str) -> int:
    n = 1
    if kind == BY_ROW:
        while r + n < len(plan) and plan[r + n][c] == BY_ROW:
            n += 1
    else:
        while c + n < len(plan[r]) and plan[r][c + n] == BY_COLUMN:
            n += 1
    return n


def html_lines(
    rows: list[list[str]], plan: list[list[str]] | None, one_line: bool, upper: bool
) -> tuple[list[str], list[list[str]]]:
    """The table as HTML (one line, or one tag per line) and the grid it must read as."""
    td = "TD" if upper else "td"
    plan = plan or [[TEXT] * len(row) for row in rows]
    parts, grid = ["<table>"], []
    for r, row in enumerate(rows):
        parts.append("<tr>")
        cells = []
        for c, (text, kind) in enumerate(zip(row, plan[r], strict=True)):
            cells.append(text if kind == TEXT else "")
            if kind != TEXT:
                continue
            attrs = ""
            if (rs := _span(plan, r, c, BY_ROW)) > 1:
                attrs += f' rowspan="{rs}"'
            if (cs := _span(plan, r, c, BY_COLUMN)) > 1:
                attrs += f" colspan={cs}"
            body = f"<p>{text.replace('&', '&amp;')}</p>" if text else ""
            parts.append(f'<{td} class="c"{attrs}>{body}</{td}>')
        parts.append("</tr>")
        grid.append(cells)
    parts.append("</table>")
    return (["".join(parts)] if one_line else parts), grid


@settings(max_examples=150, deadline=None)
@given(table=spanned_tables(), one_line=st.booleans(), upper=st.booleans())
def test_html_tables_with_rowspan_and_colspan(table, one_line: bool, upper: bool) -> None:
    rows, plan = table
    lines, grid = html_lines(rows, plan, one_line, upper)
    _check_framed(lines, grid)


@settings(max_examples=60, deadline=None)
@given(rows=tables(), one_line=st.booleans())
def test_html_rows_keep_their_source_line_numbers(rows: list[list[str]], one_line: bool) -> None:
    lines, grid = html_lines(rows, None, one_line, False)
    read = [line for line in _read(lines) if not line.blank]
    if one_line:
        assert {line.number for line in read} == {1}
        assert [line.raw for line in read] == [lines[0]] + [""] * (len(read) - 1)
        return
    tr_lines = [k + 1 for k, text in enumerate(lines) if text == "<tr>"]
    kept = [n for n, row in zip(tr_lines, grid, strict=True) if any(row)]
    assert [line.number for line in read] == kept
    for line in read:
        assert lines[line.last - 1] == "</tr>"


def test_rowspan_cells_leave_the_sasaran_empty_below() -> None:
    line = (
        "<table><tr><th>No</th><th>Sasaran</th><th>Indikator</th><th>Target</th></tr>"
        '<tr><td rowspan="2">1</td><td rowspan="2">Meningkatnya Kualitas</td>'
        "<td>Indeks Kepuasan</td><td>85</td></tr>"
        "<tr><td>Persentase Pengaduan</td><td>100 %</td></tr></table>"
    )
    assert _texts([line]) == [
        "No\tSasaran\tIndikator\tTarget",
        "1\tMeningkatnya Kualitas\tIndeks Kepuasan\t85",
        "\t\tPersentase Pengaduan\t100 %",
    ]


def test_text_around_a_table_on_its_lines_is_kept() -> None:
    lines = ["<p>LAMPIRAN</p><table><tr><td>a</td>", "<td>b</td></tr></table> <p>Catatan</p>"]
    read = [line for line in _read(lines) if not line.blank]
    assert [(line.number, line.text, line.last) for line in read] == [
        (1, "LAMPIRAN", 1),
        (1, "a\tb", 2),
        (2, "Catatan", 2),
    ]


def test_two_tables_on_one_line() -> None:
    line = "<table><tr><td>a</td><td>b</td></tr></table><table><tr><td>c</td></tr></table>"
    assert _texts([line]) == ["a\tb", "c"]


def test_nested_and_unclosed_tables_are_left_to_the_line_normaliser() -> None:
    nested = "<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>"
    assert markup_tables([nested]) == {}
    assert markup_tables(["<table><tr><td>a</td><td>b</td></tr>"]) == {}
    assert _texts(["<table><tr><td>a</td><td>b</td></tr>"]) == ["a\tb"]


def test_hostile_spans_are_bounded() -> None:
    line = '<table><tr><td colspan="999999">a</td><td rowspan="0">b</td></tr><tr><td>c</td></tr>'
    texts = _texts([line + "</table>"])
    assert texts[0].startswith("a\t") and texts[0].endswith("\tb")
    assert texts[0].count("\t") <= 64
    assert texts[1].startswith("c")


@pytest.mark.parametrize(
    "text",
    [
        "|" * 50_000,
        "a | b\n" * 5_000,
        "<table>" * 5_000 + "<td>" * 5_000,
        "+-" * 20_000 + "+\n" + "| " * 20_000,
    ],
)
def test_hostile_input_is_read_in_one_pass(text: str) -> None:
    lines, _ = normalise(text)
    assert lines
