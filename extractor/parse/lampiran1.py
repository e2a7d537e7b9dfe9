"""Lampiran 1: the target table(s) and the budget of one agreement.

Rows come from ``tables``; a header row (or a label line such as ``Program`` / ``Anggaran``)
says whether the rows that follow are targets or budget lines. Target columns are found by
their header words; budget rows are read by content (number, name, indicator, amount,
funding source), because budget lists are printed in too many shapes to trust columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..document import ITEM_BREAK, Page, Problem
from ..faults import guarded
from ..models import Budget, BudgetItem, BudgetLevel, Money, Quantity, Span, TargetRow
from ..provenance import row_span
from .signatures import signature_lines
from .tables import (
    CURRENCY_ONLY,
    FUNDING,
    TOTAL_WORD,
    Row,
    cells_of,
    clean_cell,
    is_amount_cell,
    is_column_number_row,
    is_continuation,
    item_list,
    merge_continuation,
    page_heads,
    page_lines,
    plain_line_wraps,
    row_number,
    split_number,
    vertical_rows,
    wraps_first_cell,
    wraps_header,
)
from .values import parse_money, parse_quantity, unit_source

# Column roles by header words, in order of precedence ("TARGET PROGRAM" is a target column,
# "SASARAN PROGRAM" an objective column, "INDIKATOR KINERJA PROGRAM" an indicator column).
_COLUMN_RULES: list[tuple[str, regex.Pattern]] = [
    ("tw", regex.compile(r"\b(?:TW|TRIWULAN|TRW|Q)\s*+\.?\s*(IV|I{1,3}|[1-4])\b", regex.I)),
    ("target", regex.compile(r"\bTARGET\b", regex.I)),
    ("satuan", regex.compile(r"\bSATUAN\b", regex.I)),
    ("objective", regex.compile(r"\bSASARAN\b", regex.I)),
    ("indicator", regex.compile(r"\bINDIKATOR\b", regex.I)),
    ("amount", regex.compile(r"\b(?:ANGGARAN|PAGU|JUMLAH\s*\(?RP|DANA)\b", regex.I)),
    ("note", regex.compile(r"\b(?:KET|KETERANGAN|SUMBER\s+DANA)\b", regex.I)),
    ("name", regex.compile(r"\b(?:PROGRAM|KEGIATAN|URAIAN)\b", regex.I)),
    ("no", regex.compile(r"^\s*NO\b", regex.I)),
]
_BUDGET_LABEL = regex.compile(
    r"^(?:(?:Program|Kegiatan|Sub\s+Kegiatan)\b[^:\d]{0,50}|Anggaran|Pagu(?:\s+Anggaran)?|"
    r"Program\s+dan\s+Anggaran\s*:?|Keterangan\s+Program\b[^\d]*|Rincian\s+Anggaran\b[^\d]*)$",
    regex.I,
)
_HEADER_HINT = regex.compile(r"TARGET|INDIKATOR|ANGGARAN|PAGU|SASARAN|\bTW\b|TRIWULAN", regex.I)
_NESTED_HEADER = regex.compile(r"PROGRAM\s*/\s*KEGIATAN|PROGRAM,\s*KEGIATAN", regex.I)
_ROMAN_TW = {"I": 0, "II": 1, "III": 2, "IV": 3, "1": 0, "2": 1, "3": 2, "4": 3}
_LEVEL_BY_HEADER = [
    ("sub_kegiatan", regex.compile(r"\bSUB\s*KEGIATAN\b", regex.I)),
    ("kegiatan", regex.compile(r"\bKEGIATAN\b", regex.I)),
    ("program", regex.compile(r"\bPROGRAM\b", regex.I)),
    ("sasaran_strategis", regex.compile(r"\bSTRATEGIS\b", regex.I)),
]


@dataclass(slots=True)
class Columns:
    """Where each role sits in a header row (``tw`` holds the four quarter columns)."""

    roles: dict[str, int] = field(default_factory=dict)
    tw: dict[int, int] = field(default_factory=dict)
    header: str = ""

    def get(self, role: str) -> int | None:
        return self.roles.get(role)


@dataclass(slots=True)
class Lampiran1:
    targets: list[TargetRow] = field(default_factory=list)
    budget: Budget = field(default_factory=lambda: Budget(items=[], total=None))
    problems: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)  # sections lost to a parser fault


def read_columns(cells: list[str]) -> Columns | None:
    """Map header cells to roles; None when the row is not a target or budget header."""
    if not _HEADER_HINT.search(" ".join(cells)):
        return None
    columns = Columns(header=" ".join(cells))
    for index, cell in enumerate(cells):
        role, match = _cell_role(cell)
        if role == "tw":
            columns.tw[_ROMAN_TW[match.group(1).upper()]] = index
        elif role:
            columns.roles.setdefault(role, index)
    useful = {"target", "amount", "indicator"} & columns.roles.keys()
    if len(columns.roles) + len(columns.tw) < 2 or not useful:
        return None
    if any(parse_money(c) and c[:1].isdigit() and "." in c for c in cells):
        return None
    return columns


def _cell_role(cell: str) -> tuple[str | None, regex.Match | None]:
    """The role of a header cell: a quarter column first, else the earliest role word."""
    found = [
        (m.start(), rank, role, m)
        for rank, (role, p) in enumerate(_COLUMN_RULES)
        if (m := p.search(cell))
    ]
    if not found:
        return None, None
    quarter = [f for f in found if f[2] == "tw"]
    _, _, role, match = quarter[0] if quarter else min(found, key=lambda f: (f[0], f[1]))
    return role, match


def header_level(header: str) -> str | None:
    """Row level a flat table takes from its header ("Sasaran Kegiatan" -> kegiatan)."""
    if _NESTED_HEADER.search(header):
        return None
    for level, pattern in _LEVEL_BY_HEADER:
        if pattern.search(header):
            return level
    return None


def nested_level(no: str | None) -> str | None:
    """A./1./a. numbering: capital letter = program, digit = kegiatan, small letter = sub."""
    if not no:
        return None
    if no.isdigit():
        return "kegiatan"
    if no.isalpha() and len(no) == 1:
        return "program" if no.isupper() else "sub_kegiatan"
    return None


def span(row: Row) -> Span:
    return row_span(row.page, [(item.page, item.line) for item in row.lines])


def parse_lampiran1(
    pages: list[Page],
    signature_area: set[int] | None = None,
    agreement_index: int | None = None,
) -> Lampiran1:
    """Read every target and budget row of an agreement's Lampiran 1 pages.

    ``signature_area`` holds the line numbers of the pages' signature blocks (found when
    they are not given), which are never table rows. The targets and the budget are built
    apart: a fault in one leaves the other (``errors`` says which was lost)."""
    result = Lampiran1()
    target_rows: list[tuple[Row, Columns]] = []
    budget_rows: list[tuple[Row, str | None]] = []
    mode: str | None = None
    columns: Columns | None = None
    budget_label: str | None = None
    if signature_area is None:
        signature_area = {line.number for page in pages for line in signature_lines(page)}
    lines = [item for item in page_lines(pages) if item.line.number not in signature_area]
    heads = page_heads(lines)
    after_header: str | None = None  # "new" or "repeated" right under a header
    header_wrap: set[str] = set()  # the lines a wrapped header took
    for row in vertical_rows(lines):
        cells = row.cells
        # a numbered row is never a header, whatever words its text holds
        header_like = len(cells) > 1 and not row_number(cells[0])
        if header_like and (found := read_columns(cells)):
            after_header = "repeated"
            if not (columns and found.header == columns.header):  # else: repeated after a break
                columns, budget_label, header_wrap, after_header = found, found.header, set(), "new"
            mode = "target" if found.get("target") is not None or found.tw else "budget"
            continue
        # a header wrapped over lines (text converters): its continuation lines are no rows;
        # under a header repeated after a page break only those same lines are
        line = "\t".join(cells)
        values = _value_cells(columns) if columns else []
        if after_header == "new" and wraps_header(cells, values) and _money_index(cells) is None:
            header_wrap.add(line)
            continue
        if after_header == "repeated" and line in header_wrap:
            continue
        after_header = None
        if len(cells) == 1 and _BUDGET_LABEL.match(cells[0]):
            if mode != "budget" or header_level(budget_label or "") is None:
                budget_label = cells[0]
            mode = "budget"
            continue
        if is_column_number_row(cells):
            continue
        if mode == "target" and columns and len(cells) > 1:
            _add_target_row(target_rows, row, columns)
            continue
        if mode == "target" and target_rows and _wraps_target_row(target_rows[-1], row, columns):
            merge_continuation(target_rows[-1][0], cells, row.lines[0])
            continue
        if mode == "target" and len(cells) == 1 and row.line_start not in heads:
            mode = None
        if mode == "budget" and budget_rows and _continues_budget_row(budget_rows[-1][0], row):
            merge_continuation(budget_rows[-1][0], cells, row.lines[0])
            continue
        if mode == "budget" or _money_index(cells) is not None:
            budget_rows.append((row, budget_label))
    page = pages[0].number if pages else None
    where = {"agreement_index": agreement_index, "page": page}
    result.targets = guarded(
        result.errors,
        "parse",
        "Lampiran 1 targets",
        lambda: _target_models(_join_lists(target_rows)),
        [],
        **where,
    )
    result.budget, result.problems = guarded(
        result.errors,
        "parse",
        "Lampiran 1 budget",
        lambda: _budget_model(budget_rows),
        (Budget(items=[], total=None), []),
        **where,
    )
    return result


def _value_cells(columns: Columns) -> list[int]:
    """The columns that hold a row's values: target, quarters, amount."""
    found = [columns.get("target"), columns.get("amount"), *columns.tw.values()]
    return [i for i in found if i is not None]


def _continues_budget_row(above: Row, row: Row) -> bool:
    """A budget line that carries on the row above: a continuation row (empty first cell),
    or, in a numbered list, the name wrapping onto a line of its own (no number, no amount,
    printed right under the row)."""
    cells = row.cells
    if is_continuation(cells):
        return True
    if _budget_no(above.cells) is None or _money_index(cells) is not None:
        return False
    return not FUNDING.search(" ".join(cells)) and wraps_first_cell(above, cells, row.lines[0], [])


def _add_target_row(rows: list[tuple[Row, Columns]], row: Row, columns: Columns) -> None:
    """A row with an empty first cell continues the row above, unless it has its own target:
    then it is a new indicator under a merged (vertically spanning) sasaran cell (or the next
    target of a one-cell indicator list: ``_join_lists``). In a numbered table a line with
    first-column text but no number and no value is the wrapped text of the row above."""
    if rows and not is_continuation(row.cells):
        above, above_columns = rows[-1]
        numbered = above_columns is columns and _row_no(above, columns) is not None
        if numbered and wraps_first_cell(above, row.cells, row.lines[0], _value_cells(columns)):
            merge_continuation(above, row.cells, row.lines[0])
            return
    if not (is_continuation(row.cells) and rows):
        rows.append((row, columns))
        return
    above = rows[-1][0]
    if not row.cell(columns.get("target")) and not any(row.cell(i) for i in columns.tw.values()):
        merge_continuation(above, row.cells, row.lines[0])
        return
    if _wraps_values(above, row, _value_cells(columns)):
        merge_continuation(above, row.cells, row.lines[0])
        return
    cells = list(row.cells)
    for role in ("objective", "name"):
        index = columns.get(role)
        if index is not None and index < len(cells) and not cells[index]:
            cells[index] = above.cell(index)
    rows.append((Row(cells, row.lines), columns))


_VALUE_MARK = regex.compile(r"\d|\b[A-Z]{1,3}[+-]?(?=\s|$)")


def _wraps_values(above: Row, row: Row, values: list[int]) -> bool:
    """A continuation line whose value cells only finish the values of the row above: a
    unit wrapped under its number (``12.500`` / ``objek``, ``150`` / ``wajib`` / ``pajak``)
    or an amount under its currency sign (``Rp`` / ``412.500.000.000``). A target of its own
    has a number or a grade; a line whose value cells hold neither, or whose amounts complete
    a bare ``Rp`` above, is the same row wrapping (``pdftotext -layout`` of a narrow cell)."""
    filled = [i for i in values if row.cell(i)]
    if not filled:
        return False
    for i in filled:
        mine, top = row.cell(i), above.cell(i)
        if CURRENCY_ONLY.match(top) and parse_money(mine):
            continue
        if top and _VALUE_MARK.search(top) and not _VALUE_MARK.search(mine):
            continue
        return False
    return True


def _wraps_target_row(entry: tuple[Row, Columns], row: Row, columns: Columns | None) -> bool:
    """A one-cell line carrying on the first cell of a numbered row of the same table."""
    above, own = entry
    if own is not columns or len(row.cells) != 1 or len(row.lines) != 1:
        return False
    return _row_no(above, own) is not None and plain_line_wraps(above, row.lines[0])


_DASHES = ("-", "•")
MAX_LIST_ROWS = 50  # lines of one list cell looked at (a bound on hostile input)


def _join_lists(rows: list[tuple[Row, Columns]]) -> list[tuple[Row, Columns]]:
    """A one-cell list of indicators (``- A - B``) wrapped over lines at any word, beside its
    targets one per line, was read as a row per target line. Join such a row with the
    merged-sasaran rows under it (first cells empty, no dash item of their own) when the
    joined list has one indicator per target; of several such joins the longest wins. A
    ``- A`` / ``B  20 %`` pair (B an indicator of its own) never balances and stays apart."""
    out: list[tuple[Row, Columns]] = []
    i = 0
    while i < len(rows):
        row, columns = rows[i]
        indicator, target = columns.get("indicator"), columns.get("target")
        best, taken = row, 0
        if indicator is not None and target is not None and row.cell(indicator).startswith(_DASHES):
            joined = Row(list(row.cells), list(row.lines), set(row.wrapped))
            j = i + 1
            end = min(len(rows), i + MAX_LIST_ROWS)
            while j < end and _under_list(rows[j], columns, indicator):
                for item in rows[j][0].lines:
                    merge_continuation(joined, cells_of(item.line.text), item)
                if _balanced(joined, indicator, target):
                    best, taken = Row(list(joined.cells), list(joined.lines)), j - i
                j += 1
        out.append((best, columns))
        i += taken + 1
    return out


def _under_list(entry: tuple[Row, Columns], columns: Columns, indicator: int) -> bool:
    """A merged-sasaran row: its own line opens with empty cells and no dash item."""
    row, own = entry
    cells = cells_of(row.lines[0].line.text)
    mine = cells[indicator] if indicator < len(cells) else ""
    return own is columns and is_continuation(cells) and not mine.startswith(_DASHES)


def _balanced(row: Row, indicator: int, target: int) -> bool:
    targets = [t for t in row.cell(target).split(ITEM_BREAK) if t.strip()]
    return len(targets) > 1 and len(item_list(row.cell(indicator))) == len(targets)


def _target_models(rows: list[tuple[Row, Columns]]) -> list[TargetRow]:
    nested = any(_row_no(row, cols) in _CAPITALS for row, cols in rows)
    out: list[TargetRow] = []
    for row, cols in rows:
        no = _row_no(row, cols)
        name = _strip_number(row.cell(cols.get("name"))) or None
        objective = row.cell(cols.get("objective"))
        if cols.get("name") is None and not row_number(row.cell(cols.get("no"))):
            objective = _strip_number(objective)
        level = nested_level(no) if nested else header_level(cols.header)
        indicators = item_list(row.cell(cols.get("indicator")))
        targets = item_list(row.cell(cols.get("target")))
        if len(indicators) != len(targets) or len(targets) < 2:
            indicators = [clean_cell(row.cell(cols.get("indicator")))]
            targets = [clean_cell(row.cell(cols.get("target")))]
        satuan = clean_cell(row.cell(cols.get("satuan")))
        for indicator, target in zip(indicators, targets, strict=True):
            out.append(
                TargetRow(
                    no=no,
                    level=level,
                    name=clean_cell(name) if name else None,
                    objective=clean_cell(objective) or None,
                    indicator=indicator or None,
                    target=(quantity := _quantity(target, satuan)),
                    quarterly_targets=_quarters(row, cols),
                    source=span(row),
                    unit_source=unit_source(target, satuan, quantity),
                )
            )
    return out


_CAPITALS = set("ABCDEFGHJKLMNOPQRSTUWYZ")


def _row_no(row: Row, cols: Columns) -> str | None:
    first = row.cell(cols.get("no")) if cols.get("no") is not None else row.cell(0)
    no = row_number(first)
    if no:
        return no
    for cell in row.cells[:3]:
        if cell:
            return split_number(cell)[0]
    return None


def _strip_number(text: str) -> str:
    return split_number(text)[1] if text else text


def _quantity(target: str, satuan: str) -> Quantity:
    if not satuan:
        return parse_quantity(target)
    if satuan.lower() in ("%", "persen", "prosen"):
        quantity = parse_quantity(f"{target} %")
        return quantity.model_copy(update={"raw": f"{target} {satuan}"})
    return parse_quantity(f"{target} {satuan}")


def _quarters(row: Row, cols: Columns) -> list[Quantity]:
    if not cols.tw:
        return []
    return [parse_quantity(clean_cell(row.cell(cols.tw.get(q)))) for q in range(4)]


# --- budget ---------------------------------------------------------------------------------


# one funding source or several (``APBD, DAK``) after an amount
_FUNDS = regex.compile(
    rf"(?:{FUNDING.pattern})(?:\s*(?:,|/|&|\bdan\b)\s*(?:{FUNDING.pattern}))*", regex.I
)


def _money_index(cells: list[str]) -> int | None:
    """Index of the first cell holding the amount (a bare ``Rp.`` cell counts with the next)."""
    for i, cell in enumerate(cells):
        if CURRENCY_ONLY.match(cell) and i + 1 < len(cells) and parse_money(cells[i + 1]):
            return i
        found = parse_money(cell) if is_amount_cell(cell) else None
        if not found:
            continue
        rest = cell[cell.find(found[0]) + len(found[0]) :] if found[0] in cell else ""
        starts = cell.lower().startswith("rp") or cell.startswith(found[0])
        if starts and (not rest.strip() or _FUNDS.fullmatch(rest.strip())):
            return i
    return None


def _budget_model(rows: list[tuple[Row, str | None]]) -> tuple[Budget, list[Problem]]:
    items: list[BudgetItem] = []
    total: Money | None = None
    total_source: Span | None = None
    problems: list[Problem] = []
    nested = any(_budget_no(row.cells) in _CAPITALS for row, _ in rows)
    for row, label in rows:
        cells = [c for c in row.cells]
        k = _money_index(cells)
        money = _money(cells, k)
        head = [clean_cell(c) for c in (cells if k is None else cells[:k]) if c.strip()]
        if not head:
            continue
        if total_word := TOTAL_WORD.match(head[0]):
            total = money or _money([head[0][total_word.end() :].strip()], 0)
            total_source = span(row) if total else total_source
            _check_money(money, row, "budget.total", problems)
            continue
        no, rest = _number_and_rest(head)
        if not rest or (money is None and no is None):
            continue
        items.append(
            BudgetItem(
                no=no,
                level=budget_level(no, label, nested),
                name=rest[0],
                indicator=rest[1] if len(rest) > 1 else None,
                amount=money,
                funding_source=_funding(cells, k),
                source=span(row),
            )
        )
        _check_money(money, row, f"budget.items[{len(items) - 1}].amount", problems)
    return Budget(items=items, total=total, total_source=total_source), problems


_BUDGET_LEVELS: dict[str | None, BudgetLevel] = {
    "program": "program",
    "sasaran_strategis": "program",  # a budget line under a strategic objective funds a program
    "kegiatan": "kegiatan",
    "sub_kegiatan": "sub_kegiatan",
}


def budget_level(no: str | None, label: str | None, nested: bool) -> BudgetLevel:
    """A budget row's level, always one the record accepts.

    In a nested list (``A.`` / ``1.`` / ``a.``) the row's own number says it; in a flat list
    the header or label above the rows does (``Sub Kegiatan`` -> sub_kegiatan). A row whose
    level is printed nowhere (an unnumbered line among lettered ones, a ``1.1`` or roman
    number, a flat list under an ``Anggaran`` label) is an ``item``: a budget line of
    unknown level, never a guess."""
    level = nested_level(no) if nested else header_level(label or "")
    return _BUDGET_LEVELS.get(level, "item")


def _budget_no(cells: list[str]) -> str | None:
    filled = [c for c in cells if c]
    if not filled:
        return None
    return row_number(filled[0]) or split_number(filled[0])[0]


def _number_and_rest(head: list[str]) -> tuple[str | None, list[str]]:
    no = row_number(head[0])
    if no:
        return no, head[1:]
    no, first = split_number(head[0])
    return no, [first, *head[1:]]


def _money(cells: list[str], k: int | None) -> Money | None:
    if k is None:
        return None
    found = parse_money(" ".join(cells[k:]))
    if not found:
        return None
    return Money(raw=found[0], value=found[1])


def _funding(cells: list[str], k: int | None) -> str | None:
    if k is None:
        return None
    tail = " ".join(cells[k:])
    found = parse_money(tail)
    after = tail[tail.find(found[0]) + len(found[0]) :] if found and found[0] in tail else tail
    found = [m.group(1) for m in FUNDING.finditer(after)]
    return ", ".join(found) if found else None


def _check_money(money: Money | None, row: Row, field_name: str, problems: list[Problem]) -> None:
    if money is not None and money.value is None:
        problems.append(
            Problem(
                "malformed_amount",
                f"the amount '{money.raw}' on page {row.page} (line {row.line_start}) has an "
                "impossible digit grouping and was not read as a number",
                page=row.page,
                values=[money.raw],
                field_name=field_name,
                line=row.line_start,
                bbox=span(row).bbox,
            )
        )
