"""Rule on one program or kegiatan budgeted with different amounts in two agreements."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

import regex
from rapidfuzz import fuzz

from ..models import Agreement, Discrepancy, Location, Party
from ..parse.names import strip_titles_for_match
from .budget_tree import (
    _LEVEL_WORD,
    Sum,
    Tree,
    _amount_field,
    _amount_locations,
    _difference,
    _differs,
    _raws,
    _rows_phrase,
    _short,
    _where,
    budget_tree,
    row_amount,
    rows_sum,
)
from .engine import AuditConfig, Bundle, discrepancy, location, rule, rupiah

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
    """``upper`` signs ``lower`` as its superior: its first party is ``lower``'s second party.
    An unknown (masked) name is never a match, so it makes no hierarchy."""
    a = _match_name(upper.first_party)
    b = _match_name(lower.second_party)
    return bool(a and b) and fuzz.ratio(a, b) >= config.same_name_limit


def _match_name(party: Party | None) -> str:
    """A party's name for matching, or "" when there is no party or its name is unknown."""
    if party is None or party.name is None:
        return ""
    return strip_titles_for_match(party.name)


def _who(agreement: Agreement, where: str = "") -> str:
    """``agreement 6 (AYUB KOMBONG; page 26, line 1012)``."""
    first = agreement.first_party
    inside = [first.name] if first and first.name is not None else []
    inside += [where] if where else []
    return f"agreement {agreement.index}" + (f" ({'; '.join(inside)})" if inside else "")


@dataclass
class _Row:
    agreement: Agreement
    tree: Tree
    i: int
    key: str


def _rows(agreement: Agreement) -> list[_Row]:
    """The rows that can be compared: those that print an amount (see _rollup_finding)."""
    tree = budget_tree(agreement.budget.items)
    return [
        _Row(agreement, tree, i, budget_name_key(item.name))
        for i, item in enumerate(tree.items)
        if item.amount is not None
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
    for a, b in _candidates(bundle.agreements, config):
        x, y = bundle.agreements[a], bundle.agreements[b]
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


NEIGHBOURS = 10  # agreements on either side compared even when their hierarchy is unknown


def _candidates(agreements: list[Agreement], config: AuditConfig) -> list[tuple[int, int]]:
    """Pairs of agreements worth comparing: each with its nearest superior (a bundle keeps a
    superior near its subordinates) and with its neighbours. Linear in the bundle's size,
    where comparing every pair would not be (an archive bundle may hold hundreds)."""
    pairs: set[tuple[int, int]] = set()
    by_first: dict[str, list[int]] = {}
    for index, agreement in enumerate(agreements):
        if key := _match_name(agreement.first_party):
            by_first.setdefault(key, []).append(index)
    for a, agreement in enumerate(agreements):
        for b in range(a + 1, min(len(agreements), a + 1 + NEIGHBOURS)):
            pairs.add((a, b))
        boss = _match_name(agreement.second_party)
        superiors = [b for b in by_first.get(boss, []) if boss and b != a]
        if superiors:
            nearest = superiors[min(bisect_left(superiors, a), len(superiors) - 1)]
            before = superiors[max(bisect_left(superiors, a) - 1, 0)]
            nearest = min((nearest, before), key=lambda b: abs(b - a))
            pairs.add((min(a, nearest), max(a, nearest)))
    return sorted(pairs)


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
