"""Rows of tables rebuilt from text converters: wrapped headers, wrapped first cells, list
cells, numbered items inside a later cell. Every table here is generated: random rows, cut
over lines the way ``pdftotext -layout`` (via ``extractor.columns``) hands them over."""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.document import ITEM_BREAK, Line, Page
from extractor.normalise import normalise
from extractor.parse.lampiran1 import parse_lampiran1
from extractor.parse.penjelasan import parse_explanations
from extractor.parse.tables import PageLine, Row, is_continuation, merge_continuation
from extractor.pdf.layout import cell_text

T = "\t"
WORDS = [
    "meningkatnya",
    "kualitas",
    "pelayanan",
    "perizinan",
    "dokumen",
    "laporan",
    "keuangan",
    "daerah",
    "penanaman",
    "modal",
    "capaian",
    "persentase",
    "terlaksananya",
    "kegiatan",
    "sesuai",
    "standar",
    "tepat",
    "waktu",
    "data",
    "informasi",
]
phrases = st.lists(st.sampled_from(WORDS), min_size=1, max_size=9).map(" ".join)
# a budget line that starts with "Kegiatan" / "Program" is a label, not a wrapped name
names = st.lists(st.sampled_from([w for w in WORDS if w != "kegiatan"]), min_size=1, max_size=9)
UNITS = ["Dokumen", "Laporan", "%", "Kegiatan"]


def _page(lines: list[str], number: int = 1, kind: str = "lampiran_1") -> Page:
    normalised, _ = normalise("\n".join(lines))
    return Page(number=number, lines=normalised, kind=kind)


def _pieces(text: str, cuts: int) -> list[str]:
    """``text`` cut at word boundaries into at most ``cuts + 1`` non-empty pieces."""
    words = text.split()
    size = -(-len(words) // (cuts + 1))
    return [" ".join(words[i : i + size]) for i in range(0, len(words), size)]


def _wrapped_row(first: list[str], cells: list[list[str]]) -> list[str]:
    """Table lines of one row: the opening cells on the first line only, every other cell's
    pieces one per line (a continuation line has empty opening cells)."""
    height = max(len(c) for c in cells)
    lines = []
    for n in range(height):
        opening = first if n == 0 else [""] * len(first)
        rest = [c[n] if n < len(c) else "" for c in cells]
        lines.append(T.join(opening + rest))
    return lines


row_specs = st.lists(
    st.tuples(phrases, phrases, st.integers(0, 3), st.integers(0, 3), st.integers(1, 999)),
    min_size=1,
    max_size=6,
)
header_wraps = st.lists(
    st.sampled_from([f"{T}PROGRAM/KEGIATAN{T}PROGRAM DAN", f"{T}{T}SUB KEGIATAN"]),
    max_size=2,
)


# --- rule 1: a header wrapped over lines is no row ------------------------------------------


@settings(max_examples=60, deadline=None)
@given(row_specs, header_wraps, st.booleans())
def test_wrapped_header_lines_are_not_rows(specs, wraps, column_numbers) -> None:
    lines = ["LAMPIRAN I", f"No{T}SASARAN KEGIATAN{T}INDIKATOR KINERJA{T}TARGET", *wraps]
    if column_numbers:
        lines.append(f"(1){T}(2){T}(3){T}(4)")
    for i, (objective, indicator, cut_o, cut_i, value) in enumerate(specs, start=1):
        unit = UNITS[value % len(UNITS)]
        cells = [_pieces(objective, cut_o), _pieces(indicator, cut_i)]
        cells.append([f"{value} {unit}"])
        lines += _wrapped_row([f"{i}."], cells)
    targets = parse_lampiran1([_page(lines)]).targets
    assert [t.no for t in targets] == [str(i) for i in range(1, len(specs) + 1)]
    assert [t.objective for t in targets] == [s[0] for s in specs]
    assert [t.indicator for t in targets] == [s[1] for s in specs]
    assert [t.target.value for t in targets] == [s[4] for s in specs]


def test_first_row_without_number_under_a_header_is_kept() -> None:
    """A continuation-shaped line under the header that carries a target is a row."""
    lines = [
        f"No{T}Sasaran{T}Indikator Kinerja{T}Target",
        f"{T}Meningkatnya layanan{T}Indeks kepuasan{T}80 %",
        f"2.{T}Terlaksananya kegiatan{T}Jumlah laporan{T}4 Laporan",
    ]
    targets = parse_lampiran1([_page(lines)]).targets
    assert [t.indicator for t in targets] == ["Indeks kepuasan", "Jumlah laporan"]


def test_header_wrap_repeated_after_a_page_break_is_skipped_again() -> None:
    header = [f"No{T}SASARAN{T}INDIKATOR KINERJA{T}TARGET", f"{T}{T}PROGRAM/KEGIATAN{T}"]
    first = _page([*header, f"1.{T}Tersedianya laporan{T}Jumlah laporan yang{T}12 Laporan"])
    second = _page(
        [
            "LAMPIRAN I (lanjutan)",
            *header,
            f"{T}{T}disusun tepat waktu{T}",
            f"2.{T}Terpeliharanya aset{T}Jumlah aset{T}40 Unit",
        ],
        number=2,
    )
    targets = parse_lampiran1([first, second]).targets
    assert [t.indicator for t in targets] == [
        "Jumlah laporan yang disusun tepat waktu",
        "Jumlah aset",
    ]


def test_numbered_row_with_header_words_is_no_header() -> None:
    lines = [
        f"No{T}Sasaran{T}Indikator Kinerja{T}Target",
        f"1.{T}Indikator kinerja utama{T}Target capaian{T}10 Dokumen",
    ]
    (target,) = parse_lampiran1([_page(lines)]).targets
    assert (target.objective, target.indicator, target.target.value) == (
        "Indikator kinerja utama",
        "Target capaian",
        10,
    )


# --- rule 2: first-column text wrapping onto the next line ----------------------------------


first_column_specs = st.lists(
    st.tuples(
        names.map(" ".join), phrases, st.integers(0, 3), st.integers(0, 3), st.integers(1, 99)
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=60, deadline=None)
@given(first_column_specs)
def test_wrapped_first_column_in_a_numbered_table(specs) -> None:
    """No number column: ``1. Sasaran`` opens a row; its sasaran wraps in the first cell."""
    lines = [f"Sasaran Kegiatan{T}Indikator Kinerja{T}Target"]
    for i, (objective, indicator, cut_o, cut_i, value) in enumerate(specs, start=1):
        first, rest = _pieces(objective, cut_o), _pieces(indicator, cut_i)
        height = max(len(first), len(rest))
        for n in range(height):
            o = first[n] if n < len(first) else ""
            o = f"{i}. {o}" if n == 0 else o
            ind = rest[n] if n < len(rest) else ""
            lines.append(T.join([o, ind, f"{value} %" if n == 0 else ""]))
    targets = parse_lampiran1([_page(lines)]).targets
    assert [t.objective for t in targets] == [s[0] for s in specs]
    assert [t.indicator for t in targets] == [s[1] for s in specs]
    assert [t.target.value for t in targets] == [s[4] for s in specs]


def test_wrapped_first_cell_after_a_blank_line_or_unnumbered_is_its_own_row() -> None:
    """Only a line right under a numbered row continues it."""
    lines = [
        f"Sasaran{T}Indikator{T}Target",
        f"Meningkatnya layanan{T}Indeks kepuasan{T}80 %",
        f"Terlaksananya kegiatan{T}Jumlah laporan{T}",
    ]
    targets = parse_lampiran1([_page(lines)]).targets
    assert [t.indicator for t in targets] == ["Indeks kepuasan", "Jumlah laporan"]


budget_specs = st.lists(
    st.tuples(names.map(" ".join), st.integers(0, 2), st.integers(1_000, 999_999)),
    min_size=1,
    max_size=5,
)


@settings(max_examples=60, deadline=None)
@given(budget_specs)
def test_wrapped_budget_names(specs) -> None:
    """A numbered budget list whose names wrap onto lines of their own."""
    lines = [f"Program/Kegiatan{T}Anggaran{T}Keterangan"]
    for i, (name, cuts, thousands) in enumerate(specs, start=1):
        first, *rest = _pieces(name, cuts)
        lines.append(f"{i}. {first}{T}Rp.{T}{thousands:,}.000,-".replace(",", "."))
        lines += rest
    lines += [f"Total Anggaran{T}Rp. 1.000", "", "Terbilang : satu juta rupiah"]
    budget = parse_lampiran1([_page(lines)]).budget
    assert [item.name for item in budget.items] == [s[0] for s in specs]
    assert [item.amount.value for item in budget.items] == [s[2] * 1000 for s in specs]


@settings(max_examples=60, deadline=None)
@given(
    budget_specs,
    st.sampled_from(["JUMLAH", "TOTAL", "Jumlah Anggaran", "TOTAL ANGGARAN"]),
    st.sampled_from(["Rp. ", "Rp", ""]),
    st.sampled_from([" ", T]),
)
def test_total_label_and_amount_in_one_cell(specs, word, currency, before) -> None:
    """A total whose label and amount share a cell (cells joined by single spaces, or a
    label cell spanning the number and name columns) is the budget total, not lost."""
    lines = [f"No{T}Program{T}Anggaran{T}Keterangan"]
    for i, (name, _, thousands) in enumerate(specs, start=1):
        amount = f"Rp. {thousands * 1000:,}".replace(",", ".") + ",00"
        lines.append(f"{i}{T}{name}{T}{amount}{T}APBD")
    thousands = sum(s[2] for s in specs)
    total = f"{currency}{thousands * 1000:,}".replace(",", ".") + ",00"
    lines.append(f"{word} {total}" if before == " " else f"{T}{word} {total}")
    budget = parse_lampiran1([_page(lines)]).budget
    assert [item.name for item in budget.items] == [s[0] for s in specs]
    assert budget.total is not None and budget.total.value == thousands * 1000


def test_budget_label_line_under_a_row_is_not_its_name() -> None:
    lines = [
        f"Program/Kegiatan{T}Anggaran",
        f"1. Program penunjang urusan{T}Rp. 5.000.000",
        "Kegiatan :",
        f"a. Penyediaan jasa{T}Rp. 3.000.000",
    ]
    items = parse_lampiran1([_page(lines)]).budget.items
    assert items[0].name == "Program penunjang urusan"


# --- Penjelasan target tables: rules 1, 2 and 3 ---------------------------------------------


penjelasan_specs = st.lists(
    st.tuples(phrases, st.integers(0, 2), st.integers(1, 99), st.lists(phrases, max_size=3)),
    min_size=1,
    max_size=4,
)


@settings(max_examples=60, deadline=None)
@given(penjelasan_specs)
def test_penjelasan_target_table_rows(specs) -> None:
    """Before it, a details table whose wrapped text says "indikator" and "target"; in it,
    indicators wrapping in the first cell and numbered items in the Penjelasan column."""
    lines = [
        "Penjelasan Kinerja 1",
        "Uraian Sasaran: Meningkatnya kualitas pelayanan",
        f"No{T}Uraian{T}Relevansi{T}Formulasi{T}Sumber data",
        f"1.{T}Indikator kepuasan masyarakat{T}Mengukur mutu layanan{T}Target jumlah{T}Survei",
        f"{T}{T}indikator ini relevan dengan target renstra daerah{T}dibagi jumlah{T}",
        "",
        "Target Kinerja",
        f"Indikator Kinerja{T}Target{T}Penjelasan",
    ]
    for indicator, cuts, value, items in specs:
        first, *rest = _pieces(indicator, cuts)
        lines.append(f"{first}{T}{value} %{T}Target sesuai renstra")
        lines += [f"{piece}{T}{T}" for piece in rest]
        lines += [f"{T}{T}{n}. {item}" for n, item in enumerate(items, start=1)]
    (section,) = parse_explanations([_page(lines, kind="lampiran_2")])
    assert [t.indicator for t in section.targets] == [s[0] for s in specs]
    assert [t.target.value for t in section.targets] == [s[2] for s in specs]
    for target, (_, _, _, items) in zip(section.targets, specs, strict=True):
        numbered = " ".join(f"{n}. {item}" for n, item in enumerate(items, start=1))
        assert target.explanation == " ".join(["Target sesuai renstra", numbered]).strip()
    (detail,) = section.indicator_details
    assert detail.relevance.endswith("target renstra daerah")


def test_plain_line_continues_first_cell_only_where_columns_are_aligned() -> None:
    """``pdftotext -layout``: a lower-case line under the row, starting where the row does,
    is the indicator wrapping; the same words without positions (single spaces) are left
    alone, since nobody can tell which cell they belong to."""
    aligned = [
        "Penjelasan Kinerja 1",
        "Uraian Sasaran: Meningkatnya kualitas pelayanan",
        "  Indikator Kinerja              Target       Penjelasan",
        "  Jumlah pelaku usaha yang       160 orang    Target tersebut ditetapkan",
        "  mengikuti bimtek",
    ]
    (section,) = parse_explanations([_page(aligned, kind="lampiran_2")])
    assert [t.indicator for t in section.targets] == ["Jumlah pelaku usaha yang mengikuti bimtek"]
    tabbed = [*aligned[:2], f"Indikator Kinerja{T}Target{T}Penjelasan"]
    tabbed += [f"Jumlah pelaku usaha yang{T}160 orang{T}Target tersebut", "mengikuti bimtek"]
    (section,) = parse_explanations([_page(tabbed, kind="lampiran_2")])
    assert [t.indicator for t in section.targets] == ["Jumlah pelaku usaha yang"]


titled = st.lists(st.sampled_from(WORDS), min_size=2, max_size=10).map(
    lambda words: " ".join(w.title() for w in words)
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(titled, st.integers(1, 999)), min_size=1, max_size=4), st.integers(14, 30)
)
def test_space_aligned_first_cell_wraps_in_any_case(specs, width) -> None:
    """``pdftotext -layout``: a title-case indicator wrapped over two lines or more in the
    first column. The lines that end inside that column (the row's second cell starts
    further right) carry on the indicator, capitalised or not; a paragraph line running
    past the column after the table is no part of it."""
    column = max(width, len("Indikator Kinerja")) + 3
    lines = [
        "Penjelasan Kinerja 1",
        "Uraian Sasaran: Meningkatnya kualitas pelayanan",
        "",
        f"  {'Indikator Kinerja'.ljust(column)}{'Target'.ljust(15)}Penjelasan",
        "",
    ]
    for indicator, value in specs:
        pieces = textwrap.wrap(indicator, width)
        target = f"{value} Dokumen".ljust(15)
        lines.append(f"  {pieces[0].ljust(column)}{target}Target sesuai renstra")
        lines += [f"  {piece}" for piece in pieces[1:]]
    lines.append(
        "  Target Tersebut Ditetapkan Berdasarkan Dokumen Rencana Strategis Tahun Berjalan"
    )
    (section,) = parse_explanations([_page(lines, kind="lampiran_2")])
    assert [t.indicator for t in section.targets] == [s[0] for s in specs]
    assert [t.target.value for t in section.targets] == [s[1] for s in specs]


def _layout_lines(cells: list[str], widths: list[int]) -> list[str]:
    """One table row as ``pdftotext -layout`` prints it: each cell wrapped in its column,
    columns three spaces apart."""
    wrapped = [textwrap.wrap(c, w) or [""] for c, w in zip(cells, widths, strict=True)]
    height = max(len(w) for w in wrapped)
    return [
        (
            "    "
            + "   ".join(
                (w[i] if i < len(w) else "").ljust(n) for w, n in zip(wrapped, widths, strict=True)
            )
        ).rstrip()
        for i in range(height)
    ]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(titled, titled, st.integers(1, 999)), min_size=1, max_size=4),
    st.integers(14, 28),  # never narrower than a word
    st.sampled_from(["Sasaran Program", "Sasaran Kegiatan Perangkat Daerah"]),
)
def test_space_aligned_header_a_blank_line_above_the_rows(specs, width, objective_head) -> None:
    """``pdftotext -layout``: the header (wrapped or not) is a paragraph of its own, a blank
    line above the rows. It shows some separators (a one-line header supports none alone),
    the rows others (a column filled on one row only); together they are one table."""
    widths = [2, width, width, 12]
    lines = ["LAMPIRAN I", ""]
    lines += _layout_lines(["No", objective_head, "Indikator Kinerja", "Target"], widths)
    lines.append("")
    for n, (objective, indicator, value) in enumerate(specs, start=1):
        lines += _layout_lines([str(n), objective, indicator, f"{value} Dokumen"], widths)
    targets = parse_lampiran1([_page(lines)]).targets
    assert [t.objective for t in targets] == [s[0] for s in specs]
    assert [t.indicator for t in targets] == [s[1] for s in specs]
    assert [t.target.value for t in targets] == [s[2] for s in specs]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(titled, titled, st.integers(1, 999)), min_size=1, max_size=3),
    st.lists(st.tuples(titled, st.integers(1, 99_999)), min_size=1, max_size=3),
    st.integers(14, 28),
    st.integers(14, 28),
)
def test_space_aligned_budget_header_under_a_target_table(targets, budget, width, name_width):
    """``pdftotext -layout``: a budget header a blank line under the target table, its rows a
    blank line further down, each table with its own column widths. The header belongs to
    the rows below it, not to the table above (whose columns it would move)."""
    lines = ["LAMPIRAN I", ""]
    lines += _layout_lines(
        ["No", "Sasaran Program", "Indikator Kinerja", "Target"], [2, width, width, 12]
    )
    lines.append("")
    for n, (objective, indicator, value) in enumerate(targets, start=1):
        lines += _layout_lines(
            [str(n), objective, indicator, f"{value} Dokumen"], [2, width, width, 12]
        )
    lines.append("")
    widths = [2, name_width, 21, 10]
    lines += _layout_lines(["No", "Kegiatan", "Anggaran", "Keterangan"], widths)
    lines.append("")
    for n, (name, thousands) in enumerate(budget, start=1):
        amount = f"Rp. {thousands * 1000:,}".replace(",", ".") + ",00"
        lines += _layout_lines([str(n), name, amount, "APBD"], widths)
    result = parse_lampiran1([_page(lines)])
    assert [t.indicator for t in result.targets] == [t[1] for t in targets]
    assert [t.target.value for t in result.targets] == [t[2] for t in targets]
    assert [(i.no, i.name) for i in result.budget.items] == [
        (str(n), b[0]) for n, b in enumerate(budget, start=1)
    ]
    assert [i.amount.value for i in result.budget.items] == [b[1] * 1000 for b in budget]


# --- rule 3: only the opening cells open a row ----------------------------------------------


@given(st.integers(0, 6), st.integers(1, 9), phrases, st.booleans())
def test_numbered_item_opens_a_row_only_in_the_opening_cells(empty, number, text, amount) -> None:
    """... or when the line has an amount of its own (a budget level in its own column)."""
    cells = [""] * empty + [f"{number}. {text}"] + (["Rp. 5.000.000"] if amount else [])
    assert is_continuation(cells) == (empty >= 2 and not amount)


# --- rule 4: list cells keep their items apart ----------------------------------------------


list_lines = st.lists(
    st.one_of(
        phrases,
        st.tuples(st.sampled_from(["-", "1", "12", "•"]), phrases).map(" ".join),
    ),
    min_size=1,
    max_size=6,
)


@given(list_lines)
def test_merged_cell_matches_the_pdf_cell_text(lines) -> None:
    """Lines merged one by one give what ``pdf.layout.cell_text`` gives for a whole cell
    when it is a list or starts as wrapped text; otherwise the same words."""
    row = Row([lines[0]], [])
    for n, text in enumerate(lines[1:], start=2):
        merge_continuation(row, [text], PageLine(1, Line(n, text, text)))
    words = [[type("W", (), {"text": w})() for w in text.split()] for text in lines]
    expected = cell_text(words)
    first_is_list = lines[0][:1] in "-•" or lines[0][:1].isdigit()
    if not first_is_list or ITEM_BREAK in expected:
        assert row.cells[0] == expected
    assert row.cells[0].replace(ITEM_BREAK, " ") == expected.replace(ITEM_BREAK, " ")


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(phrases, st.integers(1, 99)), min_size=2, max_size=7),
    st.integers(2, 6),
)
def test_one_cell_indicator_list_with_one_target_per_line(items, width) -> None:
    """``- A - B - C`` wrapped at any word (never right before a dash) beside targets one per
    line: one target row per indicator, in order."""
    tokens: list[str] = []
    for phrase, _ in items:
        words = phrase.split()
        tokens += [f"- {words[0]}", *words[1:]]
    pieces, line = [], []
    for token in tokens:
        if len(line) >= width and not token.startswith("-"):
            pieces.append(" ".join(line))
            line = []
        line.append(token)
    pieces.append(" ".join(line))
    values = [f"{value} Dokumen" for _, value in items]
    lines = [f"No{T}Sasaran Kegiatan{T}Indikator Kinerja{T}Target"]
    for n in range(max(len(pieces), len(values))):
        first = ["1", "Tersusunnya laporan"] if n == 0 else ["", ""]
        cells = [pieces[n] if n < len(pieces) else "", values[n] if n < len(values) else ""]
        lines.append(T.join(first + cells))
    targets = parse_lampiran1([_page(lines)]).targets
    assert [t.indicator for t in targets] == [phrase for phrase, _ in items]
    assert [t.target.value for t in targets] == [value for _, value in items]
    assert {t.objective for t in targets} == {"Tersusunnya laporan"}


def test_indicator_under_a_merged_sasaran_cell_is_still_a_new_row() -> None:
    """Once the list has a target per indicator, a line with its own target is a new row."""
    lines = [
        f"No{T}Sasaran{T}Indikator Kinerja{T}Target",
        f"1{T}Tersusunnya laporan{T}- Jumlah laporan - Jumlah dokumen{T}1 Dokumen",
        f"{T}{T}{T}2 Dokumen",
        f"{T}{T}Persentase laporan tepat waktu{T}100 %",
    ]
    targets = parse_lampiran1([_page(lines)]).targets
    assert [t.indicator for t in targets] == [
        "Jumlah laporan",
        "Jumlah dokumen",
        "Persentase laporan tepat waktu",
    ]
    assert [t.objective for t in targets] == ["Tersusunnya laporan"] * 3
