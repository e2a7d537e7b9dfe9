"""Field-level precision, recall and F1 between two records of the same document.

The facts are the flat ``{path: value}`` pairs of ``tests/compare.py`` (``facts(result)``),
e.g. ``agreements[0].targets[3].value``; a fact whose value is None is not a fact. Positional
paths are brittle: when a converter loses one row every later row would shift and count as
wrong. So the paths are read back into a tree and the rows of the two records are aligned
before any value is compared:

- top-level lists (the agreements) are aligned in order (an order-preserving alignment by
  the similarity of all their text, so that a lost agreement does not shift the ones after
  it);
- rows inside them (targets, budget items, signatures, Penjelasan sections and their targets)
  are paired by the best text similarity of their label (indicator, else name, else their
  text), greedily, ties going to the nearest position.

Then values are compared exactly. A fact of the expected record that the actual record has
with the same value is a hit; one it lacks is missing (recall); a value it has that the
expected record does not (a wrong value, a guessed one, a row that is not there) counts
against precision. A wrong value counts against both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import regex
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from extractor.models import ExtractionResult

SEGMENT = regex.compile(r"(?P<name>[^.\[\]]+)(?:\[(?P<index>\d+)\])?")
LABEL_FIELDS = ("indicator", "name")  # what names a row, in order of preference
MIN_SIMILARITY = 60.0  # rows less alike than this are not the same row


@dataclass(slots=True)
class Node:
    """One record, agreement or row: its scalar facts and its lists of rows."""

    scalars: dict[str, Any] = field(default_factory=dict)
    lists: dict[str, dict[int, Node]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Score:
    """How well ``actual`` reproduces ``expected``; ``missing``/``wrong``/``extra`` name the
    facts behind the misses (paths of the expected record where rows were paired)."""

    expected: int
    actual: int
    hits: int
    missing: list[str]
    wrong: list[str]
    extra: list[str]

    @property
    def precision(self) -> float:
        return self.hits / self.actual if self.actual else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def summary(self, limit: int = 20) -> str:
        """P/R/F1 and the first ``limit`` misses, one a line."""
        head = f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f}"
        lines = [f"missing {m}" for m in self.missing]
        lines += [f"wrong   {w}" for w in self.wrong]
        lines += [f"extra   {e}" for e in self.extra]
        more = [f"... {len(lines) - limit} more"] if len(lines) > limit else []
        return "\n".join([head, *lines[:limit], *more])


# --- flat facts -> tree ---------------------------------------------------------------------


def tree(facts: dict[str, Any]) -> Node:
    """The facts (None values dropped) as a tree: ``a[0].b.c`` is scalar ``b.c`` of row 0 of
    list ``a``; ``a[0].b[2].c`` nests row 2 of list ``b`` inside it."""
    root = Node()
    for path, value in facts.items():
        if value is None:
            continue
        node, prefix = root, []
        for seg in SEGMENT.finditer(path):
            prefix.append(seg["name"])
            if seg["index"] is not None:
                rows = node.lists.setdefault(".".join(prefix), {})
                node = rows.setdefault(int(seg["index"]), Node())
                prefix = []
        node.scalars[".".join(prefix)] = value
    return root


def flatten(node: Node, path: str = "") -> Iterable[tuple[str, Any]]:
    """Every (path, value) of a subtree, ``path`` the subtree's own."""
    dot = f"{path}." if path else ""
    for name, value in node.scalars.items():
        yield f"{dot}{name}", value
    for name, rows in node.lists.items():
        for index, row in sorted(rows.items()):
            yield from flatten(row, f"{dot}{name}[{index}]")


def label(node: Node) -> str:
    """The text a row is recognised by: its indicator or name, else all its text and its
    rows' labels sorted (an agreement: parties, positions, date, then its rows in any order)."""
    for name in LABEL_FIELDS:
        if isinstance(node.scalars.get(name), str):
            return node.scalars[name]
    texts = [v for _, v in sorted(node.scalars.items()) if isinstance(v, str)]
    texts += sorted(label(row) for rows in node.lists.values() for row in rows.values())
    return " ".join(texts)


def similarity(a: str, b: str) -> float:
    """0..100; two empty labels are alike (rows told apart by position only)."""
    a, b = default_process(a), default_process(b)
    if not a and not b:
        return 100.0
    return fuzz.ratio(a, b)


# --- row alignment --------------------------------------------------------------------------

Pairing = list[tuple[int, int]]


def pair_in_order(left: list[str], right: list[str]) -> Pairing:
    """The order-preserving pairing with the largest total similarity: a global alignment,
    O(len(left) * len(right)). No minimum: of two lists of the same length every item is
    paired, however garbled (an agreement whose parties were lost is still that agreement)."""
    n, m = len(left), len(right)
    sim = [[similarity(a, b) for b in right] for a in left]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(sim[i][j] + best[i + 1][j + 1], best[i + 1][j], best[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if best[i][j] == sim[i][j] + best[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def pair_by_similarity(left: list[str], right: list[str]) -> Pairing:
    """Pair the most alike rows first (ties: the nearest position), each row at most once."""
    candidates = sorted(
        (
            (-s, abs(i - j), i, j)
            for i, a in enumerate(left)
            for j, b in enumerate(right)
            if (s := similarity(a, b)) >= MIN_SIMILARITY
        )
    )
    used_left: set[int] = set()
    used_right: set[int] = set()
    pairs = []
    for _, _, i, j in candidates:
        if i not in used_left and j not in used_right:
            used_left.add(i)
            used_right.add(j)
            pairs.append((i, j))
    return sorted(pairs)


# --- scoring --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Tally:
    expected: int = 0
    actual: int = 0
    hits: int = 0
    missing: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)


def _compare(want: Node, got: Node, path: str, depth: int, tally: _Tally) -> None:
    dot = f"{path}." if path else ""
    for name in want.scalars.keys() | got.scalars.keys():
        w, g = want.scalars.get(name), got.scalars.get(name)
        where = f"{dot}{name}"
        tally.expected += w is not None
        tally.actual += g is not None
        if w is not None and g is not None and w == g:
            tally.hits += 1
        elif g is None:
            tally.missing.append(f"{where}: {w!r}")
        elif w is None:
            tally.extra.append(f"{where}: {g!r}")
        else:
            tally.wrong.append(f"{where}: {w!r} vs {g!r}")
    for name in want.lists.keys() | got.lists.keys():
        rows = want.lists.get(name, {}), got.lists.get(name, {})
        _compare_rows(*rows, f"{dot}{name}", depth, tally)


def _compare_rows(
    want: dict[int, Node], got: dict[int, Node], path: str, depth: int, tally: _Tally
) -> None:
    w_keys, g_keys = sorted(want), sorted(got)
    pair: Callable[[list[str], list[str]], Pairing] = (
        pair_in_order if depth == 0 else pair_by_similarity
    )
    pairs = pair([label(want[k]) for k in w_keys], [label(got[k]) for k in g_keys])
    for i, j in pairs:
        _compare(want[w_keys[i]], got[g_keys[j]], f"{path}[{w_keys[i]}]", depth + 1, tally)
    paired_w = {i for i, _ in pairs}
    paired_g = {j for _, j in pairs}
    for i, k in enumerate(w_keys):
        if i not in paired_w:
            for where, value in flatten(want[k], f"{path}[{k}]"):
                tally.expected += 1
                tally.missing.append(f"{where}: {value!r}")
    for j, k in enumerate(g_keys):
        if j not in paired_g:
            for where, value in flatten(got[k], f"{path}[+{k}]"):
                tally.actual += 1
                tally.extra.append(f"{where}: {value!r}")


def score(expected: dict[str, Any], actual: dict[str, Any]) -> Score:
    """Score flat facts ``actual`` against ``expected`` (rows aligned as the module says).
    Extra rows of ``actual`` are shown with a ``+`` before their own index."""
    tally = _Tally()
    _compare(tree(expected), tree(actual), "", 0, tally)
    return Score(
        tally.expected,
        tally.actual,
        tally.hits,
        sorted(tally.missing),
        sorted(tally.wrong),
        sorted(tally.extra),
    )


def score_records(expected: ExtractionResult, actual: ExtractionResult) -> Score:
    """Score two ``ExtractionResult`` records by their facts (``tests/compare.py``)."""
    from .compare import facts

    return score(facts(expected), facts(actual))
