"""Rule on row numbering: duplicated or skipped row numbers in Lampiran 1 tables."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..models import Agreement, Discrepancy, Span
from .budget_tree import (
    _LEVEL_WORD,
    _RANK,
    _TARGET_RANK,
    _and,
    _runs,
    _symbol,
    ordinals,
)
from .engine import AuditConfig, Bundle, discrepancy, location, rule


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
