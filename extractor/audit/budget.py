"""Rules on budgets: the arithmetic of each Lampiran 1 budget, printed totals, parents and the
repair of amounts that cannot be read (numbering and roll-up live in their own modules).

A budget is read as a tree (``A.`` program > ``1.`` kegiatan > ``a.`` sub kegiatan): a row's
children are the rows below it of a lower level, up to the next row of its own level or higher.
Amounts are compared as parsed numbers, so one value printed two ways (``Rp 5.721.000.-`` /
``5.721.000,00``) agrees. An amount that could not be read (``17.925.5200``) is never guessed
into a sum: those budgets are left to ``malformed_amount_repair``, which proposes a value only
where the document's own arithmetic pins it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from ..models import Agreement, Budget, Discrepancy, Location, Money
from .budget_tree import (
    _LEVEL_WORD,
    Tree,
    _after_rows,
    _amount_field,
    _amount_locations,
    _and,
    _difference,
    _differs,
    _printed,
    _raws,
    _rows_phrase,
    _total_location,
    _upper_first,
    _where,
    budget_tree,
    row_label,
    rows_sum,
)
from .engine import AuditConfig, Bundle, discrepancy, location, rule, rupiah
from .numbering import ordinals, row_numbering  # noqa: F401  (re-exported)
from .rollup import budget_name_key, budget_rollup, name_match  # noqa: F401

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
