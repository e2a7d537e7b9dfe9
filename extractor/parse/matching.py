"""Pairing Lampiran 1 targets with the Penjelasan targets that restate them.

Shared by the parse stage (a bare target takes its unit from its Penjelasan,
``agreements.py``) and the audit (``audit/targets.py``: targets that disagree), so that both
read "the same indicator" and "the same target" alike. Targets are compared after parsing, so
the same target printed differently (``3.3 trilliun`` / ``Rp 3.300.000.000.000,-``,
``96,00`` / ``96,00 %``, ``7.200`` / ``7200``) agrees; indicators are matched by fuzzy text
because the Penjelasan restates them.
"""

from __future__ import annotations

import math

import regex
from rapidfuzz import fuzz

from ..models import Agreement, ExplanationTarget, Quantity

INDICATOR_SIMILARITY = 80  # the audit's default threshold: one indicator, restated
AGREEING_BONUS = 25  # an indicator restated in other words, with the same target

_NOISE = regex.compile(r"[^\p{L}\p{N}% ]+")


def indicator_key(text: str | None) -> str:
    """An indicator for fuzzy matching: lower case, punctuation dropped."""
    return " ".join(_NOISE.sub(" ", (text or "").lower()).split())


def similarity(a: str | None, b: str | None) -> float:
    """How surely two indicator texts name one indicator: shared words (a restatement adds or
    drops some) and word order both count, so "Jumlah pelaku usaha yang di BAP" is not taken
    for "Jumlah Pelaku Usaha ... yang di Bimtek"."""
    if not a or not b:
        return 0.0
    return _key_similarity(indicator_key(a), indicator_key(b))


def _key_similarity(x: str, y: str) -> float:
    return (fuzz.token_set_ratio(x, y) + fuzz.token_sort_ratio(x, y)) / 2


def matches(
    agreement: Agreement, threshold: float = INDICATOR_SIMILARITY, tolerance: float = 0.0
) -> dict[int, tuple[int, int, ExplanationTarget]]:
    """Lampiran 1 rows paired with the Penjelasan targets that restate them: best pairs first,
    each target used once. A pair whose targets agree scores higher, so that a loosely
    worded restatement with the same target wins over a similar wording of another
    indicator ("... yang di Bimtek" / "... yang di BAP")."""
    pairs = []
    # each indicator's key once (``similarity`` over every pair, without redoing the keys)
    targets = [
        (i, j, target, indicator_key(target.indicator) if target.indicator else None)
        for i, section in enumerate(agreement.explanations)
        for j, target in enumerate(section.targets)
    ]
    for k, row in enumerate(agreement.performance_targets):
        row_key = indicator_key(row.indicator) if row.indicator else None
        for i, j, target, key in targets:
            score = (
                _key_similarity(row_key, key) if row_key is not None and key is not None else 0.0
            )
            score += AGREEING_BONUS * same_quantity(row.target, target.target, tolerance)
            pairs.append((score, k, i, j, target))
    out: dict[int, tuple[int, int, ExplanationTarget]] = {}
    used: set[tuple[int, int]] = set()
    for score, k, i, j, target in sorted(pairs, key=lambda item: -item[0]):
        if score < threshold or k in out or (i, j) in used:
            continue
        out[k] = (i, j, target)
        used.add((i, j))
    return out


def same_quantity(a: Quantity, b: Quantity, tolerance: float) -> bool:
    """Two targets agree when their numbers do (units compatible), or their grades do; a bound
    restated as its tightest whole number (``< 49`` / ``48 pengaduan``) agrees too. A range
    (``60-75 %``, value None) agrees with a range of the same bounds only."""
    if _is_range(a) or _is_range(b):
        return (
            _is_range(a)
            and _is_range(b)
            and units_compatible(a.unit, b.unit)
            and _close(a.min, b.min, tolerance)
            and _close(a.max, b.max, tolerance)
        )
    if a.value is None or b.value is None:
        same_grade = a.raw.strip().upper() == b.raw.strip().upper()
        return a.value is None and b.value is None and same_grade
    if not units_compatible(a.unit, b.unit):
        return False
    if a.comparator != b.comparator and (a.comparator is None or b.comparator is None):
        bound, plain = (a, b) if a.comparator else (b, a)
        return math.isclose(_tightest(bound), plain.value, rel_tol=tolerance, abs_tol=1e-9)
    return math.isclose(a.value, b.value, rel_tol=tolerance, abs_tol=1e-9)


def _is_range(q: Quantity) -> bool:
    return q.min is not None or q.max is not None


def _close(x: float | None, y: float | None, tolerance: float) -> bool:
    """Two bounds agree (an open bound only with an open bound)."""
    if x is None or y is None:
        return x is None and y is None
    return math.isclose(x, y, rel_tol=tolerance, abs_tol=1e-9)


def _tightest(bound: Quantity) -> float:
    step = 1.0 if float(bound.value).is_integer() and bound.unit != "%" else 0.0
    return {"<": bound.value - step, ">": bound.value + step}.get(bound.comparator, bound.value)


def units_compatible(a: str | None, b: str | None) -> bool:
    """A bare number goes with any unit (a percentage column prints ``96,00``); words compare
    loosely (``laporan`` / ``Laporan``, ``pelaku usaha`` / ``pelaku usaha``)."""
    if a is None or b is None or a == b:
        return True
    if {a, b} & {"%", "IDR"}:
        return False
    return fuzz.token_set_ratio(a, b) >= 80
