"""The budget tree and the words shared by the budget rules (budget, numbering, rollup).

A budget is read as a tree (``A.`` program > ``1.`` kegiatan > ``a.`` sub kegiatan): a row's
children are the rows below it of a lower level, up to the next row of its own level or higher.
Amounts are compared as parsed numbers, so one value printed two ways (``Rp 5.721.000.-`` /
``5.721.000,00``) agrees. An amount that could not be read (``17.925.5200``) is never guessed
into a sum: those budgets are left to ``malformed_amount_repair``, which proposes a value only
where the document's own arithmetic pins it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import regex

from ..models import Budget, BudgetItem, Location, Span
from .engine import AuditConfig, location, rupiah

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
