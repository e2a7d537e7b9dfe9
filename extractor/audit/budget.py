"""Rules on budgets: the arithmetic of each Lampiran 1 budget, its row numbering, and the same
program or kegiatan budgeted in two agreements of one bundle.

A budget is read as a tree (``A.`` program > ``1.`` kegiatan > ``a.`` sub kegiatan): a row's
children are the rows below it of a lower level, up to the next row of its own level or higher.
Amounts are compared as parsed numbers, so one value printed two ways (``Rp 5.721.000.-`` /
``5.721.000,00``) agrees. An amount that could not be read (``17.925.5200``) is never guessed
into a sum: those budgets are left to ``malformed_amount_repair``, which proposes a value only
where the document's own arithmetic pins it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import regex
from rapidfuzz import fuzz

from ..models import Agreement, Budget, BudgetItem, Discrepancy, Location, Money, Span
from ..parse.names import strip_titles_for_match
from .engine import AuditConfig, Bundle, discrepancy, location, rule, rupiah

_RANK = {"program": 0, "kegiatan": 1, "sub_kegiatan": 2, "item": 3}
_TARGET_RANK = {"sasaran_strategis": 0, "program": 1, "kegiatan": 2, "sub_kegiatan": 3}
_LEVEL_WORD = {
    "sasaran_strategis": "sasaran",
    "program": "program",
    "kegiatan": "kegiatan",
    "sub_kegiatan": "sub kegiatan",
    "item": "budget",
}


# --- the budget tree ------------------------------------------------------------------------


@dataclass
class Tree:
    """Parent and children of every row of one budget (indices into ``budget.items``)."""

    items: list[BudgetItem]
    parent: list[int | None]
    children: list[list[int]]
    roots: list[int]


def budget_tree(items: Sequence[BudgetItem]) -> Tree:
    """Nest the rows by level; a flat budget (one level) is all roots."""
    parent: list[int | None] = []
    children: list[list[int]] = [[] for _ in items]
    roots: list[int] = []
    stack: list[int] = []
    for i, item in enumerate(items):
        rank = _RANK[item.level]
        while stack and _RANK[items[stack[-1]].level] >= rank:
            stack.pop()
        up = stack[-1] if stack else None
        parent.append(up)
        (children[up] if up is not None else roots).append(i)
        stack.append(i)
    return Tree(list(items), parent, children, roots)


@dataclass
class Sum:
    """A sum over rows: the rupiah (None when a needed amount is unreadable), the rows whose
    printed amounts make it up, and the rows that spoil it or print nothing."""

    value: float | None
    parts: list[int] = field(default_factory=list)
    malformed: list[int] = field(default_factory=list)
    blank: list[int] = field(default_factory=list)


def row_amount(tree: Tree, i: int) -> Sum:
    """A row's amount as printed; a heading row that prints none stands for its children."""
    amount = tree.items[i].amount
    if amount is not None:
        if amount.value is None:
            return Sum(None, malformed=[i])
        return Sum(amount.value, parts=[i])
    if not tree.children[i]:
        return Sum(0.0, blank=[i])
    return rows_sum(tree, tree.children[i])


def rows_sum(tree: Tree, rows: Sequence[int]) -> Sum:
    out = Sum(0.0)
    for i in rows:
        one = row_amount(tree, i)
        out.parts += one.parts
        out.malformed += one.malformed
        out.blank += one.blank
        if out.value is not None and one.value is not None:
            out.value += one.value
        else:
            out.value = None
    return out


def _printed(item: BudgetItem) -> bool:
    return item.amount is not None and item.amount.value is not None


def _short(name: str, limit: int = 60) -> str:
    name = " ".join(name.split())
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _path(tree: Tree, i: int) -> str | None:
    nos = []
    k: int | None = i
    while k is not None:
        nos.append(tree.items[k].no)
        k = tree.parent[k]
    if any(no is None for no in nos):
        return tree.items[i].no
    return ".".join(reversed(nos))  # type: ignore[arg-type]


def row_label(tree: Tree, i: int) -> str:
    """``kegiatan B.1 'Penyelenggaraan Promosi ...'``: the level, the number path, the name."""
    item = tree.items[i]
    word = "row" if item.level == "item" else _LEVEL_WORD[item.level]
    path = _path(tree, i)
    numbered = f"{word} {path}" if path else word
    return f"{numbered} '{_short(item.name)}'"


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _where(span: Span | None) -> str:
    if span is None:
        return "place unknown"
    lines = (
        f"line {span.line_start}"
        if span.line_start == span.line_end
        else f"lines {span.line_start}–{span.line_end}"
    )
    return f"page {span.page}, {lines}"


def _amount_field(i: int) -> str:
    return f"budget.items[{i}].amount"


def _total_location(budget: Budget) -> Location:
    """The total carries no span of its own: it is printed below the last row."""
    last = next((item.source for item in reversed(budget.items) if item.source), None)
    return Location(page=last.page if last else None, field="budget.total", line=None, bbox=None)


def _after_rows(budget: Budget) -> str:
    last = next((item.source for item in reversed(budget.items) if item.source), None)
    return f"printed below the rows on page {last.page}" if last else "printed below the rows"


def _amount_locations(tree: Tree, rows: Sequence[int]) -> list[Location]:
    return [location(tree.items[i].source, _amount_field(i)) for i in rows]


def _raws(tree: Tree, rows: Sequence[int]) -> list[str]:
    return [tree.items[i].amount.raw for i in rows if tree.items[i].amount is not None]


def _difference(a: float, b: float) -> str:
    return rupiah(abs(a - b))


def _differs(a: float, b: float, config: AuditConfig) -> bool:
    return abs(a - b) > config.amount_tolerance


# --- numbering ------------------------------------------------------------------------------

_ROMAN = regex.compile(r"^(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})$")
_ROMAN_VALUE = {"I": 1, "V": 5, "X": 10}


def _roman(text: str) -> int:
    total = 0
    for a, b in zip(text, text[1:] + " ", strict=True):
        value = _ROMAN_VALUE[a]
        total += -value if _ROMAN_VALUE.get(b, 0) > value else value
    return total


def ordinals(nos: Sequence[str]) -> list[int] | None:
    """Row numbers of one sibling group as 1, 2, 3 ... (``a``/``A`` = 1, ``II`` = 2), or None
    when they mix styles or are not row numbers."""
    if all(no.isdigit() for no in nos):
        return [int(no) for no in nos]
    if all(len(no) == 1 and "a" <= no <= "z" for no in nos):
        return [ord(no) - ord("a") + 1 for no in nos]
    upper = all(no.isupper() and no.isalpha() for no in nos)
    if upper and all(_ROMAN.match(no) for no in nos) and any(len(no) > 1 for no in nos):
        return [_roman(no) for no in nos]
    if upper and all(len(no) == 1 for no in nos):
        return [ord(no) - ord("A") + 1 for no in nos]
    return None


def _runs(nos: Sequence[str]) -> str:
    """``1–16, 15–18``: a printed sequence of row numbers, runs shortened."""
    values = ordinals(nos)
    if values is None:
        return ", ".join(nos)
    parts: list[str] = []
    start = 0
    for k in range(1, len(nos) + 1):
        if k < len(nos) and values[k] == values[k - 1] + 1:
            continue
        if k - start >= 3:
            parts.append(f"{nos[start]}–{nos[k - 1]}")
        else:
            parts += nos[start:k]
        start = k
    return ", ".join(parts)


def _and(words: Sequence[str]) -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _rows_phrase(tree: Tree, rows: Sequence[int], owner: str = "the") -> str:
    """``its sub kegiatan rows a and b`` / ``its kegiatan row 1``."""
    level = tree.items[rows[0]].level if rows else "item"
    word = "" if level == "item" else _LEVEL_WORD[level] + " "
    noun = "row" if len(rows) == 1 else "rows"
    return f"{owner} {word}{noun} {_row_numbers(tree, rows)}"


def _row_numbers(tree: Tree, rows: Sequence[int]) -> str:
    nos = [tree.items[i].no or "(unnumbered)" for i in rows]
    if len(nos) <= 4:
        return _and(nos)
    return _runs(nos)


def _symbol(style_of: Sequence[str], value: int) -> str:
    """The number ``value`` written in the style of a group (for a missing row)."""
    sample = style_of[0]
    if sample.isdigit():
        return str(value)
    if len(sample) == 1 and sample.islower() and value <= 26:
        return chr(ord("a") + value - 1)
    if any(len(no) > 1 for no in style_of):
        return str(value)
    return chr(ord("A") + value - 1) if value <= 26 else str(value)


@dataclass
class _Numbered:
    """One numbered row: where it sits in its list, its number, its field path and place."""

    index: int
    no: str
    field: str
    source: Span | None


def _sibling_groups(
    rows: Sequence[tuple[str | None, int]],
) -> Iterator[tuple[int | None, int, list[int]]]:
    """Siblings by parent and rank, from (number, rank) rows; unnumbered rows are skipped."""
    groups: dict[tuple[int | None, int], list[int]] = defaultdict(list)
    stack: list[int] = []
    for i, (no, rank) in enumerate(rows):
        if no is None:
            continue
        while stack and rows[stack[-1]][1] >= rank:
            stack.pop()
        up = stack[-1] if stack else None
        groups[(up, rank)].append(i)
        stack.append(i)
    for (up, rank), members in groups.items():
        yield up, rank, members


def _distinct(group: list[_Numbered]) -> list[_Numbered]:
    """The group without rows exploded from one cell (same number, same line): one row each."""
    seen: list[_Numbered] = []
    for row in group:  # rows exploded from one cell share number and line: count them once
        if any(
            row.no == other.no
            and row.source is not None
            and other.source is not None
            and (row.source.page, row.source.line_start)
            == (other.source.page, other.source.line_start)
            for other in seen
        ):
            continue
        seen.append(row)
    return seen


def _numbering_problem(
    seen: list[_Numbered], values: list[int], start: int
) -> tuple[str, list[_Numbered]] | None:
    """Duplicated or skipped numbers in one sibling group (expected to count up from
    ``start``): a sentence and the rows involved."""
    by_value: dict[int, list[_Numbered]] = defaultdict(list)
    for value, row in zip(values, seen, strict=True):
        by_value[value].append(row)
    repeated = {v: rows for v, rows in by_value.items() if len(rows) > 1}
    missing = [v for v in range(start, max(values) + 1) if v not in by_value]
    if not repeated and not missing:
        return None
    sentences = []
    involved: list[_Numbered] = []
    if repeated:
        numbers = [rows[0].no for rows in repeated.values()]
        verb = "appears" if len(numbers) == 1 else "appear"
        places = "; ".join(f"{rows[0].no} on {_lines_of(rows)}" for rows in repeated.values())
        counts = {len(rows) for rows in repeated.values()}
        times = "twice" if counts == {2} else "more than once"
        noun = "row numbered" if len(numbers) == 1 else "rows numbered"
        sentences.append(f"{noun} {_and(numbers)} {verb} {times} ({places})")
        involved += [row for rows in repeated.values() for row in rows]
    if missing:
        labels = [_symbol([r.no for r in seen], v) for v in missing]
        noun = "number" if len(labels) == 1 else "numbers"
        verb = "is" if len(labels) == 1 else "are"
        sentences.append(f"{noun} {_and(labels)} {verb} skipped")
        for v in missing:  # the rows on either side of the gap
            before = max((u for u in by_value if u < v), default=None)
            after = min((u for u in by_value if u > v), default=None)
            for u in (before, after):
                if u is not None and by_value[u][0] not in involved:
                    involved.append(by_value[u][0])
    involved.sort(key=lambda row: row.index)
    printed = _runs([row.no for row in seen])
    return f"are numbered {printed}: " + "; ".join(sentences), involved


def _lines_of(rows: Sequence[_Numbered]) -> str:
    """``lines 597 and 601``."""
    lines = [str(row.source.line_start) if row.source else "an unknown line" for row in rows]
    return ("line " if len(lines) == 1 else "lines ") + _and(lines)


def _pages(rows: Sequence[_Numbered]) -> str:
    pages = sorted({row.source.page for row in rows if row.source})
    if not pages:
        return ""
    if len(pages) == 1:
        return f" on page {pages[0]}"
    return f" on pages {pages[0]}–{pages[-1]}"


def _numbering_findings(
    agreement: Agreement,
    what: str,
    rows: Sequence[tuple[str | None, int, str, Span | None, str]],
) -> list[Discrepancy]:
    """Findings for one numbered list: rows are (no, rank, field, source, level word)."""
    out = []
    last: dict[int, int] = {}  # the last number of the previous group of each level
    for up, rank, members in _sibling_groups([(no, rank) for no, rank, *_ in rows]):
        group = [_Numbered(i, rows[i][0], rows[i][2], rows[i][3]) for i in members]  # type: ignore[arg-type]
        seen = _distinct(group)
        values = ordinals([row.no for row in seen])
        if not values:
            continue
        # kegiatan numbered on across programs (A: 1, 2; B: 3, 4) continue the count
        start = values[0] if up is not None and values[0] == last.get(rank, 0) + 1 else 1
        last[rank] = max(values)
        problem = _numbering_problem(seen, values, start)
        if problem is None:
            continue
        sentence, involved = problem
        level = rows[members[0]][4]
        under = f" under {rows[up][4]} {rows[up][0]}" if up is not None else ""
        message = (
            f"In {what}, the {level} rows{under}{_pages(group)} {sentence}. "
            "Check whether a row was repeated, dropped or misnumbered."
        )
        out.append(
            discrepancy(
                "row_numbering",
                "warning",
                agreement,
                message,
                [row.no for row in involved],
                [location(row.source, f"{row.field}.no") for row in involved],
            )
        )
    return out


@rule("row_numbering")
def row_numbering(bundle: Bundle, config: AuditConfig) -> list[Discrepancy]:
    """Row numbers of one level that repeat or skip (``1–16, 15–18``) in a budget or target
    table: a row was copied twice, dropped, or the list restarted, and sums or targets may be
    counted wrong. Rows exploded from one cell share a number and a line and are one row."""
    out = []
    for agreement in bundle.agreements:
        budget_rows = [
            (
                item.no,
                _RANK[item.level],
                f"budget.items[{i}]",
                item.source,
                "budget" if item.level == "item" else _LEVEL_WORD[item.level],
            )
            for i, item in enumerate(agreement.budget.items)
        ]
        out += _numbering_findings(agreement, "the Lampiran 1 budget", budget_rows)
        target_rows = [
            (
                row.no,
                _TARGET_RANK.get(row.level or "", len(_TARGET_RANK)),
                f"performance_targets[{i}]",
                row.source,
                _LEVEL_WORD.get(row.level or "", "target"),
            )
            for i, row in enumerate(agreement.performance_targets)
        ]
        out += _numbering_findings(agreement, "the Lampiran 1 target table", target_rows)
    return out


# --- sums within one budget -----------------------------------------------------------------


def _heading_note(tree: Tree, rows: Sequence[int]) -> str:
    """Which top-level rows print no amount and are counted through their children."""
    headings = [i for i in rows if tree.items[i].amount is None and tree.children[i]]
    if not headings:
        return ""
    word = _LEVEL_WORD[tree.items[headings[0]].level]
    nos = _and([tree.items[i].no or "(unnumbered)" for i in headings])
    if len(headings) == 1:
        return f" ({word} row {nos} prints no amount, so the rows under it are counted)"
    return f" ({word} rows {nos} print no amount, so the rows under them are counted)"


def _blank_note(tree: Tree, blank: Sequence[int]) -> str:
    if not blank:
        return ""
    return (
        "; "
        + _and([row_label(tree, i) for i in blank])
        + " prints no amount and is counted as zero"
    )


@rule("budget_total_mismatch")
def budget_total_mismatch(bundle: Bundle, config: AuditConfig) -> list[Discrepancy]:
    """The printed budget total is not the sum of the top-level rows: either the total or a
    row amount is misprinted, and the agreement commits to an amount that does not add up."""
    out = []
    for agreement in bundle.agreements:
        budget = agreement.budget
        total = budget.total
        if not budget.items or total is None or total.value is None:
            continue
        tree = budget_tree(budget.items)
        summed = rows_sum(tree, tree.roots)
        if summed.value is None or not _differs(summed.value, total.value, config):
            continue
        nested = len(tree.roots) < len(tree.items)
        rows = _rows_phrase(tree, tree.roots, "its top-level" if nested else "its")
        higher = "higher" if total.value > summed.value else "lower"
        verb = "adds" if len(tree.roots) == 1 else "add"
        message = (
            f"The budget total {total.raw} ({_after_rows(budget)}) is not the sum of {rows}"
            f"{_heading_note(tree, tree.roots)}, which {verb} up to {rupiah(summed.value)}"
            f"{_blank_note(tree, summed.blank)}: the total is "
            f"{_difference(total.value, summed.value)} {higher}."
        )
        out.append(
            discrepancy(
                "budget_total_mismatch",
                "error",
                agreement,
                message,
                [total.raw, f"sum of the rows {rupiah(summed.value)}"],
                [_total_location(budget), *_amount_locations(tree, summed.parts)],
            )
        )
    return out


@rule("budget_parent_mismatch")
def budget_parent_mismatch(bundle: Bundle, config: AuditConfig) -> list[Discrepancy]:
    """A program or kegiatan row whose amount is not the sum of the rows under it: the
    document budgets one activity twice with different money."""
    out = []
    for agreement in bundle.agreements:
        tree = budget_tree(agreement.budget.items)
        for i, item in enumerate(tree.items):
            kids = tree.children[i]
            if not kids or not _printed(item):
                continue
            summed = rows_sum(tree, kids)
            if summed.value is None or not summed.parts:
                continue
            assert item.amount is not None and item.amount.value is not None
            if not _differs(item.amount.value, summed.value, config):
                continue
            raws = " + ".join(_raws(tree, summed.parts))
            message = (
                f"{_upper_first(row_label(tree, i))} ({_where(item.source)}) prints "
                f"{item.amount.raw}, but {_rows_phrase(tree, kids, 'its')} add up to "
                f"{rupiah(summed.value)} ({raws}){_blank_note(tree, summed.blank)}: they "
                f"differ by {_difference(item.amount.value, summed.value)}."
            )
            out.append(
                discrepancy(
                    "budget_parent_mismatch",
                    "error",
                    agreement,
                    message,
                    [item.amount.raw, *_raws(tree, summed.parts)],
                    [
                        location(item.source, _amount_field(i)),
                        *_amount_locations(tree, summed.parts),
                    ],
                )
            )
    return out


# --- unreadable amounts ---------------------------------------------------------------------


@dataclass
class Pin:
    """A value the budget's arithmetic forces on an unreadable amount, and why."""

    value: float
    reason: str
    locations: list[Location]


def _pin_from_above(tree: Tree, budget: Budget, i: int) -> Pin | None:
    """The amount row ``i`` must have for its parent (or the total) to add up."""
    up = tree.parent[i]
    siblings = [k for k in (tree.children[up] if up is not None else tree.roots) if k != i]
    others = rows_sum(tree, siblings)
    if others.value is None:
        return None
    rest = (
        f" minus {_rows_phrase(tree, siblings, 'the other')} ({rupiah(others.value)})"
        if siblings
        else ""
    )
    if up is None:
        total = budget.total
        if total is None or total.value is None:
            return None
        return Pin(
            total.value - others.value,
            f"the printed total {total.raw}{rest}",
            [_total_location(budget), *_amount_locations(tree, others.parts)],
        )
    parent = tree.items[up]
    if parent.amount is not None:
        if parent.amount.value is None:
            return None
        return Pin(
            parent.amount.value - others.value,
            f"{row_label(tree, up)} ({parent.amount.raw}){rest}",
            [location(parent.source, _amount_field(up)), *_amount_locations(tree, others.parts)],
        )
    above = _pin_from_above(tree, budget, up)  # a heading row: it stands for its children
    if above is None:
        return None
    return Pin(
        above.value - others.value,
        f"{above.reason}, which leaves {rupiah(above.value)} for {row_label(tree, up)} "
        f"(it prints no amount){rest}",
        [*above.locations, *_amount_locations(tree, others.parts)],
    )


def _pin_from_below(tree: Tree, i: int) -> Pin | None:
    kids = tree.children[i]
    summed = rows_sum(tree, kids)
    if not kids or summed.value is None or not summed.parts:
        return None
    return Pin(
        summed.value,
        f"the sum of {_rows_phrase(tree, kids, 'its')}",
        _amount_locations(tree, summed.parts),
    )


_DECIMALS = regex.compile(r"(?:,\d{0,2}|[.,]-)\s*$")


def digits_note(raw: str, value: float) -> str:
    """How a proposed value relates to the digits printed (evidence for the auditor)."""
    printed = regex.sub(r"\D", "", _DECIMALS.sub("", raw))
    proposed = str(round(value))
    if printed == proposed:
        return "it has the printed digits, only grouped differently"
    shorter, longer = sorted((printed, proposed), key=len)
    if len(longer) == len(shorter) + 1 and any(
        longer[:k] + longer[k + 1 :] == shorter for k in range(len(longer))
    ):
        if longer == printed:
            return "it is the printed digits with one stray digit removed"
        return "it is the printed digits with one digit added"
    return "it does not resemble the printed digits, so check the original"


def _describe(tree: Tree, budget: Budget, i: int | None) -> tuple[str, str, Money, Location]:
    if i is None:
        assert budget.total is not None
        return "the budget total", "budget.total", budget.total, _total_location(budget)
    item = tree.items[i]
    assert item.amount is not None
    where = f"{row_label(tree, i)} ({_where(item.source)})"
    return where, _amount_field(i), item.amount, location(item.source, _amount_field(i))


def _repair_finding(
    agreement: Agreement, tree: Tree, i: int | None, config: AuditConfig
) -> Discrepancy:
    budget = agreement.budget
    what, _, money, here = _describe(tree, budget, i)
    pins: list[Pin] = []
    if i is None:
        summed = rows_sum(tree, tree.roots)
        if summed.value is not None and summed.parts:
            pins.append(
                Pin(summed.value, "the sum of the rows", _amount_locations(tree, summed.parts))
            )
    else:
        pins += [p for p in (_pin_from_above(tree, budget, i), _pin_from_below(tree, i)) if p]
    head = f"The amount '{money.raw}' of {what} cannot be read as a number"
    locations = [here, *(loc for pin in pins for loc in pin.locations)]
    if not pins:
        message = (
            f"{head}, and nothing in this budget pins its value: "
            + _why_unpinned(tree, budget, i)
            + ". No value is proposed; read it from the original document."
        )
        return discrepancy(
            "malformed_amount_repair", "warning", agreement, message, [money.raw], [here]
        )
    values = sorted({round(pin.value) for pin in pins})
    if len(values) > 1 and any(
        _differs(a, b, config) for a, b in zip(values, values[1:], strict=False)
    ):
        sums = "; ".join(f"{pin.reason} gives {rupiah(pin.value)}" for pin in pins)
        message = f"{head}, and the budget's sums disagree about it ({sums}). No value is proposed."
        return discrepancy(
            "malformed_amount_repair",
            "warning",
            agreement,
            message,
            [money.raw, *(f"{rupiah(pin.value)} from {pin.reason}" for pin in pins)],
            locations,
        )
    value = pins[0].value
    reasons = " and from ".join(pin.reason for pin in pins)
    if value <= 0:
        message = (
            f"{head}, and the arithmetic of the budget ({reasons}) leaves {rupiah(value)}, "
            "which cannot be the amount: other amounts are wrong too. No value is proposed."
        )
        return discrepancy(
            "malformed_amount_repair", "warning", agreement, message, [money.raw], locations
        )
    message = (
        f"{head}. The budget's own arithmetic pins it: it follows from {reasons}. "
        f"Proposed value {rupiah(value)} ({digits_note(money.raw, value)}); "
        "the record keeps the amount unread until someone confirms it."
    )
    return discrepancy(
        "malformed_amount_repair",
        "warning",
        agreement,
        message,
        [money.raw, f"proposed {rupiah(value)}"],
        locations,
    )


def _why_unpinned(tree: Tree, budget: Budget, i: int | None) -> str:
    if i is None:
        return "the rows cannot all be read either"
    reasons = []
    up = tree.parent[i]
    if up is None:
        if budget.total is None:
            reasons.append("the budget prints no total")
        else:
            reasons.append("the total or another top-level row cannot be read either")
    else:
        reasons.append(
            f"{row_label(tree, up)}, the row above it, prints no readable amount to subtract from"
        )
    if not tree.children[i]:
        reasons.append("it has no rows under it to add up")
    else:
        reasons.append("the rows under it cannot all be read")
    return " and ".join(reasons)


@rule("malformed_amount_repair")
def malformed_amount_repair(bundle: Bundle, config: AuditConfig) -> list[Discrepancy]:
    """An unreadable amount (``17.925.5200``): propose the value the budget's own sums force
    on it (total minus the other rows, parent minus its other children, or its children's
    sum), or say that nothing pins it. The record itself is never repaired."""
    out = []
    for agreement in bundle.agreements:
        budget = agreement.budget
        tree = budget_tree(budget.items)
        for i, item in enumerate(tree.items):
            if item.amount is not None and item.amount.value is None:
                out.append(_repair_finding(agreement, tree, i, config))
        if budget.total is not None and budget.total.value is None:
            out.append(_repair_finding(agreement, tree, None, config))
    return out


# --- one program budgeted in two agreements -------------------------------------------------

_PREFIX = regex.compile(r"^(?:(?:sub\s*kegiatan|kegiatan|program)\b\s*)+")
_NOT_WORD = regex.compile(r"[^\p{L}\p{N}]+")
_FILLER = {"dan", "yang", "di", "pada", "ke", "dari", "untuk", "serta", "atau", "dalam", "oleh"}


def budget_name_key(name: str) -> str:
    """A row name for matching: lower case, no punctuation, no ``Program``/``Kegiatan`` word."""
    text = " ".join(_NOT_WORD.sub(" ", name.lower()).split())
    return _PREFIX.sub("", text).strip()


def name_match(a: str, b: str, threshold: float) -> tuple[float, float] | None:
    """(token-set, token-sort) ratios when two row names are one activity, else None.

    Token-set ratio alone calls ``Administrasi Keuangan Perangkat Daerah`` and ``Administrasi
    Umum Perangkat Daerah`` the same (92): every word of the shorter name must also occur in the
    longer one (allowing an OCR slip), and the names must not differ mostly in extra words."""
    if not a or not b:
        return None
    token_set = fuzz.token_set_ratio(a, b)
    token_sort = fuzz.token_sort_ratio(a, b)
    if token_set < threshold or token_sort < 60:
        return None
    words_a = [w for w in a.split() if w not in _FILLER]
    words_b = [w for w in b.split() if w not in _FILLER]
    shorter, longer = sorted((words_a, words_b), key=len)
    if not all(any(fuzz.ratio(w, v) >= 85 for v in longer) for w in shorter):
        return None
    return token_set, token_sort


def _compatible(a: str, b: str) -> bool:
    return a == b or "item" in (a, b)


def _superior(upper: Agreement, lower: Agreement, config: AuditConfig) -> bool:
    """``upper`` signs ``lower`` as its superior: its first party is ``lower``'s second party."""
    if upper.first_party is None or lower.second_party is None:
        return False
    a = strip_titles_for_match(upper.first_party.name)
    b = strip_titles_for_match(lower.second_party.name)
    return bool(a and b) and fuzz.ratio(a, b) >= config.same_name_limit


def _who(agreement: Agreement, where: str = "") -> str:
    """``agreement 6 (AYUB KOMBONG; page 26, line 1012)``."""
    inside = [agreement.first_party.name] if agreement.first_party else []
    inside += [where] if where else []
    return f"agreement {agreement.index}" + (f" ({'; '.join(inside)})" if inside else "")


@dataclass
class _Row:
    agreement: Agreement
    tree: Tree
    i: int
    key: str


def _rows(agreement: Agreement) -> list[_Row]:
    tree = budget_tree(agreement.budget.items)
    return [
        _Row(agreement, tree, i, budget_name_key(item.name)) for i, item in enumerate(tree.items)
    ]


def _pairs(xs: list[_Row], ys: list[_Row], threshold: float) -> list[tuple[_Row, _Row]]:
    """Rows of two agreements that name one activity: same level, and each the other's best
    match (an ambiguous best is no match)."""
    scores: dict[tuple[int, int], tuple[float, float]] = {}
    for a, x in enumerate(xs):
        for b, y in enumerate(ys):
            if not _compatible(x.tree.items[x.i].level, y.tree.items[y.i].level):
                continue
            score = name_match(x.key, y.key, threshold)
            if score is not None:
                scores[(a, b)] = score

    def best(side: int, k: int) -> int | None:
        mine = [(s, pair) for pair, s in scores.items() if pair[side] == k]
        if not mine:
            return None
        mine.sort(key=lambda item: item[0], reverse=True)
        if len(mine) > 1 and mine[0][0] == mine[1][0]:
            return None
        return mine[0][1][1 - side]

    return [(xs[a], ys[b]) for (a, b) in scores if best(0, a) == b and best(1, b) == a]


def _side(row: _Row) -> tuple[str, Sum, list[str], list[Location]]:
    """How one agreement budgets a matched row: words for the message, the sum, the printed
    values and their places."""
    tree, i = row.tree, row.i
    item = tree.items[i]
    summed = row_amount(tree, i)
    where = _where(item.source)
    if item.amount is not None:
        return (
            f"{item.amount.raw} in {_who(row.agreement, where)}",
            summed,
            [item.amount.raw],
            [location(item.source, _amount_field(i))],
        )
    kids = tree.children[i]
    verb = "adds" if len(kids) == 1 else "add"
    words = (
        f"{rupiah(summed.value)} in {_who(row.agreement, where)}, where it prints no amount "
        f"and {_rows_phrase(tree, kids, 'its')} {verb} up to that"
    )
    return (
        words,
        summed,
        _raws(tree, summed.parts),
        [
            location(item.source, f"budget.items[{i}].name"),
            *_amount_locations(tree, summed.parts),
        ],
    )


def _leaf_sum(tree: Tree, i: int) -> float | None:
    """The sum of the lowest rows under ``i`` (None when unreadable or when ``i`` has none)."""
    leaves: list[int] = []

    def walk(k: int) -> None:
        if tree.children[k]:
            for kid in tree.children[k]:
                walk(kid)
        else:
            leaves.append(k)

    if not tree.children[i]:
        return None
    walk(i)
    summed = rows_sum(tree, leaves)
    return summed.value if summed.parts else None


def _relation(x: Agreement, y: Agreement, config: AuditConfig) -> str:
    """Say so when one of the two agreements is signed with the other's first party."""
    for upper, lower in ((x, y), (y, x)):
        if _superior(upper, lower, config):
            assert lower.second_party is not None
            return (
                f" The second party of agreement {lower.index}, {lower.second_party.name}, is "
                f"the first party of agreement {upper.index}: its superior, whose amount it "
                "should restate."
            )
    return ""


def _leaf_note(row: _Row, other: float, config: AuditConfig) -> str:
    """Where the lowest rows of a side agree with the other side, the fault is inside it."""
    leaves = _leaf_sum(row.tree, row.i)
    amount = row_amount(row.tree, row.i).value
    if leaves is None or amount is None or not _differs(leaves, amount, config):
        return ""
    if _differs(leaves, other, config):
        return ""
    return (
        f" The lowest rows under it in agreement {row.agreement.index} add up to "
        f"{rupiah(leaves)}, which agrees with the other agreement, so the difference lies in "
        f"agreement {row.agreement.index}'s own rows (see budget_parent_mismatch)."
    )


@rule("budget_rollup")
def budget_rollup(bundle: Bundle, config: AuditConfig) -> list[Discrepancy]:
    """One program, kegiatan or sub kegiatan budgeted with different amounts in two agreements
    of a bundle (a superior's row against the subordinate's breakdown of it): the DPA gives an
    activity one budget, so both cannot be right. Rows match by name and level; a heading row
    that prints no amount stands for the sum of its children. Only differences are reported."""
    out = []
    rows = [_rows(agreement) for agreement in bundle.agreements]
    for a, x in enumerate(bundle.agreements):
        for b in range(a + 1, len(bundle.agreements)):
            y = bundle.agreements[b]
            if _superior(y, x, config):  # write the superior first
                pairs = [(q, p) for p, q in _pairs(rows[a], rows[b], config.indicator_similarity)]
                upper, lower = y, x
            else:
                pairs = _pairs(rows[a], rows[b], config.indicator_similarity)
                upper, lower = x, y
            for row_x, row_y in pairs:
                finding = _rollup_finding(row_x, row_y, upper, lower, config)
                if finding is not None:
                    out.append(finding)
    return out


def _rollup_finding(
    row_x: _Row, row_y: _Row, upper: Agreement, lower: Agreement, config: AuditConfig
) -> Discrepancy | None:
    if any(row.tree.items[row.i].amount is None for row in (row_x, row_y)):
        # A subordinate's heading row without an amount may hold only part of the program
        # (other kegiatan sit with other officials): its rows' sum proves nothing.
        return None
    words_x, sum_x, raws_x, locs_x = _side(row_x)
    words_y, sum_y, raws_y, locs_y = _side(row_y)
    if sum_x.value is None or sum_y.value is None or not sum_x.parts or not sum_y.parts:
        return None
    if not _differs(sum_x.value, sum_y.value, config):
        return None
    item_x = row_x.tree.items[row_x.i]
    item_y = row_y.tree.items[row_y.i]
    level = _LEVEL_WORD[item_x.level if item_x.level != "item" else item_y.level]
    title = "Row" if level == "budget" else level.capitalize()
    named = f"'{_short(item_x.name)}'"
    if budget_name_key(item_x.name) != budget_name_key(item_y.name):
        named += f" (printed '{_short(item_y.name)}' in agreement {row_y.agreement.index})"
    message = (
        f"{title} {named} is budgeted at {words_x}, but at {words_y}: a difference of "
        f"{_difference(sum_x.value, sum_y.value)}."
        + _relation(upper, lower, config)
        + _leaf_note(row_x, sum_y.value, config)
        + _leaf_note(row_y, sum_x.value, config)
    )
    locations = [
        *_in_agreement(locs_x, row_x.agreement.index),
        *_in_agreement(locs_y, row_y.agreement.index),
    ]
    return discrepancy("budget_rollup", "warning", None, message, [*raws_x, *raws_y], locations)


def _in_agreement(locations: list[Location], index: int) -> list[Location]:
    """A bundle-wide finding names the agreement in each field path."""
    return [
        loc.model_copy(update={"field": f"agreements[{index}].{loc.field}"}) for loc in locations
    ]


__all__ = [
    "Sum",
    "Tree",
    "budget_name_key",
    "budget_parent_mismatch",
    "budget_rollup",
    "budget_total_mismatch",
    "budget_tree",
    "digits_note",
    "malformed_amount_repair",
    "name_match",
    "ordinals",
    "row_amount",
    "row_numbering",
    "rows_sum",
]
