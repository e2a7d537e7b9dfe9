"""Field-level precision, recall and F1 of a record against its gold.

Positional comparison is brittle: when a reader loses one row every later row would shift
and count as wrong. So rows are paired before any value is compared:

- agreements are aligned in order (the order-preserving alignment with the largest total
  text similarity, so that a lost agreement does not shift the ones after it);
- rows inside them (signatures, targets, quarterly targets, budget items, Penjelasan
  sections and their targets) are paired by the best rapidfuzz similarity of their label
  (indicator, else name, else all their text), greedily, ties to the nearest position, never
  below ``MIN_SIMILARITY``.

Then values are compared exactly (strings with whitespace runs collapsed, numbers to 1e-9).
A gold fact the record reproduces is a hit; one it lacks is missing (recall); a value the
record gives that is not the gold's is wrong (precision and recall); a value of a row the gold
does not have is extra (precision). A facts file's null is a fact ("not printed"): the record
reproduces it with null. So a lost row costs recall only and an invented row precision only
(a row that gives no value the gold speaks of is one extra fact). A facts file's empty list
(``"signatures": []``) is one fact, "no rows", that no row could carry; a key ``X_min`` is a
lower bound on the record's ``X``. Against a facts file, rows left unpaired between the same
two paired neighbours are paired in order (a row read too badly to recognise is still the row
in its place) and rows paired out of order are reported (``order``, not scored). A record used
as the gold (kind "record") has no null facts, no "no rows" facts and pairs rows on labels
only: two extractions compared (the converter matrix).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist
from rapidfuzz.utils import default_process

from ..models import ExtractionResult
from .gold import Gold, Node, as_record, auditor_facts, gold_from_data, record_facts, to_tree

LABEL_FIELDS = ("indicator", "name")  # what names a row, in order of preference
MIN_SIMILARITY = 60.0  # rows less alike than this are not the same row
BOUND_SUFFIX = "_min"
FIELDS = (
    "agreement",
    "parties",
    "nips",
    "positions",
    "place",
    "date",
    "signatures",
    "targets",
    "budget_rows",
    "totals",
    "explanations",
    "explanation_targets",
    "findings",
)
"""The fields scored apart, in table order (README "Evaluating accuracy" lists their keys)."""
ABSENT = object()  # the record has no such key (a lost party's name, a key it never has)


def field_of(lists: tuple[str, ...], key: str) -> str:
    """The field a fact belongs to, from the lists it sits in and its key: NIPs and
    positions wherever they are printed, then the row list, then the agreement's key."""
    last = key.rsplit(".", 1)[-1]
    if key == "findings":
        return "findings"
    if last == "nip":
        return "nips"
    if last == "position":
        return "positions"
    if "explanations" in lists:
        return "explanation_targets" if lists[-1] == "targets" else "explanations"
    rows = {"signatures": "signatures", "performance_targets": "targets"}
    rows["budget_items"] = "budget_rows"
    for name in reversed(lists):
        if name in rows:
            return rows[name]
    if key.startswith(("first_party", "second_party")):
        return "parties"
    named = {"place": "place", "date": "date", "date_raw": "date", "budget_total": "totals"}
    return named.get(key, "agreement")


@dataclass(slots=True)
class Tally:
    """Counts of one field: gold facts, values the record gave for them, and hits."""

    expected: int = 0
    actual: int = 0
    hits: int = 0

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

    def add(self, other: Tally) -> None:
        self.expected += other.expected
        self.actual += other.actual
        self.hits += other.hits

    def as_json(self) -> dict[str, Any]:
        return {
            "expected": self.expected,
            "actual": self.actual,
            "hits": self.hits,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True, slots=True)
class Problem:
    """One difference: ``missing`` (recall), ``wrong`` (both), ``extra`` (precision), or
    ``order`` (rows paired out of document order; not scored, but a difference)."""

    kind: str
    field: str
    path: str
    expected: Any = None
    actual: Any = None

    def line(self) -> str:
        if self.field == "findings" and self.kind in ("missing", "extra"):
            what = "expected, not reported" if self.kind == "missing" else "reported, not expected"
            code = self.expected if self.kind == "missing" else self.actual
            return f"{self.kind:<7} {self.path}: finding {code!r} {what}"
        if self.kind == "missing":
            return f"missing {self.path}: expected {self.expected!r}, got nothing"
        if self.kind == "extra":
            return f"extra   {self.path}: got {self.actual!r}"
        if self.kind == "order":
            return f"order   {self.path}: paired with record row {self.actual}, out of order"
        return f"wrong   {self.path}: expected {self.expected!r}, got {self.actual!r}"

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "field": self.field,
            "path": self.path,
            "expected": self.expected,
            "actual": self.actual,
        }


@dataclass(slots=True)
class Evaluation:
    """A record scored against its gold: a ``Tally`` per field and every difference."""

    fields: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in FIELDS})
    problems: list[Problem] = field(default_factory=list)

    @property
    def overall(self) -> Tally:
        total = Tally()
        for tally in self.fields.values():
            total.add(tally)
        return total

    precision = property(lambda self: self.overall.precision)
    recall = property(lambda self: self.overall.recall)
    f1 = property(lambda self: self.overall.f1)
    expected = property(lambda self: self.overall.expected)
    actual = property(lambda self: self.overall.actual)
    hits = property(lambda self: self.overall.hits)

    def lines(self, kind: str | None = None) -> list[str]:
        return [p.line() for p in self.problems if kind is None or p.kind == kind]

    @property
    def missing(self) -> list[str]:
        return self.lines("missing")

    @property
    def wrong(self) -> list[str]:
        return self.lines("wrong")

    @property
    def extra(self) -> list[str]:
        return self.lines("extra")

    def summary(self, limit: int = 20) -> str:
        """P/R/F1 and the first ``limit`` differences, one a line."""
        head = f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f}"
        lines = self.lines()
        more = [f"... {len(lines) - limit} more"] if len(lines) > limit else []
        return "\n".join([head, *lines[:limit], *more])


# --- pairing --------------------------------------------------------------------------------

Pairing = list[tuple[int, int]]


def label(node: Node) -> str:
    """The text a row is recognised by: its indicator or name, else all its text and its
    rows' labels sorted (an agreement: parties, positions, date, then its rows)."""
    for name in LABEL_FIELDS:
        if isinstance(node.scalars.get(name), str):
            return node.scalars[name]
    texts = [v for _, v in sorted(node.scalars.items()) if isinstance(v, str)]
    texts += sorted(label(row) for rows in node.lists.values() for row in rows)
    return " ".join(texts)


def similarity(a: str, b: str) -> float:
    """0..100; two empty labels are alike (rows told apart by position only)."""
    a, b = default_process(a), default_process(b)
    if not a and not b:
        return 100.0
    return fuzz.ratio(a, b)


def similarities(left: list[str], right: list[str]) -> list[list[float]]:
    """The similarity of every label of ``left`` with every label of ``right``: the same
    values as ``similarity``, computed in C (thousands of rows square to millions of pairs)."""
    scores = cdist(left, right, scorer=fuzz.ratio, processor=default_process, dtype=np.float64)
    return scores.tolist()


def pair_in_order(sim: list[list[float]]) -> Pairing:
    """The order-preserving pairing with the largest total similarity (``sim[i][j]``: gold
    row i, record row j): a global alignment, O(n * m). No minimum: an agreement whose
    parties were lost is still that agreement when it sits where it should."""
    n, m = len(sim), len(sim[0]) if sim else 0
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


def pair_by_similarity(sim: list[list[float]]) -> Pairing:
    """Pair the most alike rows first (ties: the nearest position), each row at most once,
    never two rows less alike than ``MIN_SIMILARITY``."""
    if not sim or not sim[0]:
        return []
    scores = np.array(sim, dtype=np.float64)
    rows, cols = np.nonzero(scores >= MIN_SIMILARITY)  # sorted in numpy: millions of pairs
    order = np.lexsort((cols, rows, np.abs(rows - cols), -scores[rows, cols]))
    used_left: set[int] = set()
    used_right: set[int] = set()
    pairs = []
    for i, j in zip(rows[order].tolist(), cols[order].tolist(), strict=True):
        if len(used_left) == len(sim) or len(used_right) == len(sim[0]):
            break  # every row of one side is paired: no pair is left to add
        if i not in used_left and j not in used_right:
            used_left.add(i)
            used_right.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def pair_leftovers(pairs: Pairing, n: int, m: int) -> Pairing:
    """``pairs`` plus the rows left unpaired between the same two paired neighbours, paired in
    order (a row whose label was read too badly to recognise is still the row in its place).
    Rows paired out of order bound no gap."""
    bad = set(out_of_order(pairs))  # once: a list test per pair made this cubic
    anchors = [p for p in pairs if p not in bad]
    used_left, used_right = {i for i, _ in pairs}, {j for _, j in pairs}
    added = []
    bounds = [(-1, -1), *anchors, (n, m)]
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:], strict=False):
        left = [i for i in range(i0 + 1, i1) if i not in used_left]
        right = [j for j in range(j0 + 1, j1) if j not in used_right]
        added += zip(left, right, strict=False)
    return sorted([*pairs, *added])


def out_of_order(pairs: Pairing) -> Pairing:
    """The pairs outside a longest run in which both sides increase (O(n log n))."""
    tails: list[int] = []  # tails[k]: position in pairs of the smallest end of a run of k+1
    ends: list[int] = []  # ends[k]: that end (kept beside tails so each step is one bisect)
    back: list[int] = []
    for n, (_, j) in enumerate(pairs):
        k = bisect_left(ends, j)
        back.append(tails[k - 1] if k else -1)
        tails[k : k + 1] = [n]
        ends[k : k + 1] = [j]
    keep, n = set(), tails[-1] if tails else -1
    while n >= 0:
        keep.add(n)
        n = back[n]
    return [p for n, p in enumerate(pairs) if n not in keep]


# --- shapes: which keys a gold list speaks about ----------------------------------------------


@dataclass(slots=True)
class Shape:
    keys: set[str] = field(default_factory=set)
    lists: dict[str, Shape] = field(default_factory=dict)


def shape_of(rows: Iterable[Node]) -> Shape:
    """Every key and row list any gold row of a list states (what a record row is read on)."""
    shape = Shape()
    for row in rows:
        shape.keys |= row.scalars.keys()
        for name, inner in row.lists.items():
            merged = shape_of(inner)
            own = shape.lists.setdefault(name, Shape())
            own.keys |= merged.keys
            own.lists |= merged.lists
    return shape


def shape_key(shape: Shape) -> tuple:
    """A shape as a hashable value, to label the record's rows once per shape, not per pair."""
    inner = tuple(sorted((name, shape_key(s)) for name, s in shape.lists.items()))
    return frozenset(shape.keys), inner


def project(node: Node, shape: Shape) -> Node:
    """A record row cut down to what the gold's rows state."""
    scalars = {k: v for k, v in node.scalars.items() if k in shape.keys}
    lists = {
        name: [project(row, inner) for row in node.lists.get(name, [])]
        for name, inner in shape.lists.items()
    }
    return Node(scalars, lists)


# --- comparison -----------------------------------------------------------------------------


def same(expected: Any, actual: Any) -> bool:
    """Exact, after collapsing whitespace runs in text; numbers equal to 1e-9 (an int gold
    equals the record's float); ``True`` is not ``1``."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return math.isclose(expected, actual, rel_tol=1e-9)
    if isinstance(expected, list) and isinstance(actual, list):
        pairs = zip(expected, actual, strict=False)
        return len(expected) == len(actual) and all(same(e, a) for e, a in pairs)
    if isinstance(expected, str) and isinstance(actual, str):
        return " ".join(expected.split()) == " ".join(actual.split())
    return expected == actual


class _Walk:
    """One comparison: walks the gold tree beside the record tree, counting per field."""

    def __init__(self, facts_mode: bool) -> None:
        self.facts = facts_mode
        self.result = Evaluation()

    def count(self, name: str, expected: int, actual: int, hits: int) -> None:
        tally = self.result.fields[name]
        tally.expected += expected
        tally.actual += actual
        tally.hits += hits

    def problem(self, kind: str, name: str, path: str, want: Any = None, got: Any = None) -> None:
        self.result.problems.append(Problem(kind, name, path, want, got))

    def node(self, want: Node, got: Node, path: str, ctx: tuple[str, ...], depth: int) -> None:
        keys = list(want.scalars)
        if not self.facts:
            keys += [k for k in got.scalars if k not in want.scalars]
        dot = f"{path}." if path else ""
        for key in keys:
            w = want.scalars.get(key)
            self.value(key, w, got.scalars.get(key, ABSENT), f"{dot}{key}", ctx, got)
        names = list(want.lists)
        if not self.facts:
            names += [n for n in got.lists if n not in want.lists]
        for name in names:
            w_rows, g_rows = want.lists.get(name, []), got.lists.get(name, [])
            self.rows(name, w_rows, g_rows, f"{dot}{name}", (*ctx, name), depth)

    def value(self, key: str, w: Any, g: Any, path: str, ctx: tuple[str, ...], got: Node) -> None:
        name = field_of(ctx, key)
        if key == "findings" and isinstance(w, list):
            self.findings(w, g if isinstance(g, list) else [], path)
        elif self.facts and key.endswith(BOUND_SUFFIX):
            g = got.scalars.get(key.removesuffix(BOUND_SUFFIX))
            ok = isinstance(g, int | float) and isinstance(w, int | float) and g >= w
            self.count(name, 1, int(g is not None), int(ok))
            if not ok:
                self.problem("wrong", name, path, f">= {w}", g)
        elif self.facts:
            self.fact(name, w, g, path)
        else:
            self.pair_of_values(name, w, None if g is ABSENT else g, path)

    def fact(self, name: str, w: Any, g: Any, path: str) -> None:
        """A facts file's fact: a null is a fact, an absent key is missing."""
        if g is not ABSENT and same(w, g):
            self.count(name, 1, 1, 1)
        elif g is ABSENT or (g is None and w is not None):
            self.count(name, 1, 0, 0)
            self.problem("missing", name, path, w)
        else:
            self.count(name, 1, 1, 0)
            self.problem("wrong", name, path, w, g)

    def pair_of_values(self, name: str, w: Any, g: Any, path: str) -> None:
        """Two records' values: a null is no fact on either side."""
        if w is None and g is None:
            return
        self.count(name, int(w is not None), int(g is not None), int(same(w, g)))
        if same(w, g):
            return
        if g is None:
            self.problem("missing", name, path, w)
        elif w is None:
            self.problem("extra", name, path, None, g)
        else:
            self.problem("wrong", name, path, w, g)

    def findings(self, want: list[Any], got: list[str], path: str) -> None:
        """Expected discrepancy codes against those the record reports (as multisets)."""
        codes = Counter(c["code"] if isinstance(c, dict) else c for c in want)
        found = Counter(got)
        self.count(
            "findings", sum(codes.values()), sum(found.values()), sum((codes & found).values())
        )
        for code in sorted((codes - found).elements()):
            self.problem("missing", "findings", path, code)
        for code in sorted((found - codes).elements()):
            self.problem("extra", "findings", path, None, code)

    def rows(
        self, name: str, want: list[Node], got: list[Node], path: str, ctx: tuple, depth: int
    ) -> None:
        if self.facts:
            shape = shape_of(want)
            got = [project(row, shape) for row in got]
            if depth > 0 and not want:  # "[]": no rows, a fact no row could carry
                field_name = field_of(ctx, "count")
                self.count(field_name, 1, 1, int(not got))
                if got:
                    self.problem("wrong", field_name, f"{path}.count", 0, len(got))
        pair: Callable[[list[list[float]]], Pairing] = (
            pair_in_order if depth == 0 else pair_by_similarity
        )
        pairs = pair(self.similarities(want, got))
        if self.facts and depth > 0:
            pairs = pair_leftovers(pairs, len(want), len(got))
        for i, j in pairs:
            self.node(want[i], got[j], f"{path}[{i}]", ctx, depth + 1)
        if self.facts:
            for i, j in out_of_order(pairs):
                self.problem("order", field_of(ctx, "count"), f"{path}[{i}]", i, j)
        paired_w, paired_g = {i for i, _ in pairs}, {j for _, j in pairs}
        for i, row in enumerate(want):
            if i not in paired_w:
                self.all_missing(row, f"{path}[{i}]", ctx)
        for j, row in enumerate(got):
            if j not in paired_g:
                self.all_extra(row, f"{path}[+{j}]", ctx)

    def similarities(self, want: list[Node], got: list[Node]) -> list[list[float]]:
        """Label similarities; against a facts file each record row is labelled on the keys
        its gold row states (a gold row that names no indicator is recognised by its name,
        and so is the record row it is compared with)."""
        if not self.facts:
            return similarities([label(r) for r in want], [label(r) for r in got])
        labels: dict[tuple, list[str]] = {}  # gold rows of one shape read record rows alike
        table = []
        for w in want:
            shape = shape_of([w])
            key = shape_key(shape)
            if key not in labels:
                labels[key] = [label(project(g, shape)) for g in got]
            table += similarities([label(w)], labels[key])
        return table

    def all_missing(self, node: Node, path: str, ctx: tuple[str, ...]) -> None:
        """A gold row the record lacks: every fact it holds is missing."""
        dot = f"{path}." if path else ""
        for key, value in node.scalars.items():
            name = field_of(ctx, key)
            if key == "findings" and isinstance(value, list):
                self.findings(value, [], f"{dot}{key}")
            elif value is not None or self.facts:
                self.count(name, 1, 0, 0)
                self.problem("missing", name, f"{dot}{key}", value)
        if self.facts and ctx and not node.scalars and not node.lists:  # a row: {}
            self.count(field_of(ctx, "count"), 1, 0, 0)
            self.problem("missing", field_of(ctx, "count"), path, "(a row)")
        for list_name, rows in node.lists.items():
            inner = (*ctx, list_name)
            if self.facts and ctx and not rows:  # "[]" of a row the record lacks
                name = field_of(inner, "count")
                self.count(name, 1, 0, 0)
                self.problem("missing", name, f"{dot}{list_name}.count", 0)
            for i, row in enumerate(rows):
                self.all_missing(row, f"{dot}{list_name}[{i}]", inner)

    def all_extra(self, node: Node, path: str, ctx: tuple[str, ...]) -> int:
        """A record row no gold row pairs with: each value it gives is extra; against a
        facts file a row that gives no value the gold speaks of is still one extra fact.
        Returns how many values were counted."""
        counted = 0
        for key, value in node.scalars.items():
            if key == "findings" and isinstance(value, list):
                self.findings([], value, f"{path}.{key}")
                counted += len(value)
            elif value is not None:
                name = field_of(ctx, key)
                self.count(name, 0, 1, 0)
                self.problem("extra", name, f"{path}.{key}", None, value)
                counted += 1
        for list_name, rows in node.lists.items():
            for j, row in enumerate(rows):
                counted += self.all_extra(row, f"{path}.{list_name}[+{j}]", (*ctx, list_name))
        if self.facts and not counted:
            self.count(field_of(ctx, "count"), 0, 1, 0)
            self.problem("extra", field_of(ctx, "count"), path, None, "(a row)")
            counted = 1
        return counted


def evaluate(
    gold: Gold | dict[str, Any], record: ExtractionResult | dict[str, Any] | None
) -> Evaluation:
    """Score a record against its gold (a ``Gold``, or a facts file's or a record's data);
    ``record`` None scores a missing result: every gold fact missing."""
    if not isinstance(gold, Gold):
        gold = gold_from_data(gold)
    facts_mode = gold.kind == "facts"
    walk = _Walk(facts_mode)
    want = to_tree(gold.facts, keep_nulls=facts_mode)
    if record is None:
        walk.all_missing(want, "", ())
        return walk.result
    if facts_mode:
        got = to_tree(record_facts(record), keep_nulls=True, keep_objects=True)
    else:
        got = to_tree(auditor_facts(record), keep_nulls=False)
    walk.node(want, got, "", (), 0)
    return walk.result


def mismatches(gold: Gold | dict[str, Any], record: ExtractionResult | dict[str, Any]) -> list[str]:
    """Every difference between the gold and the record, one readable line each (empty when
    the record reproduces every fact, in order, and gives nothing the gold does not)."""
    return evaluate(gold, record).lines()


def compare_records(
    expected: ExtractionResult | dict[str, Any], actual: ExtractionResult | dict[str, Any] | None
) -> Evaluation:
    """Two records of one document on the facts auditors rely on (``auditor_facts``), the
    first the reference: a converter's text against the PDF, one run against another."""
    return evaluate(gold_from_data(as_record(expected)), actual)
