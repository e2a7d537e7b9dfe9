"""Rules on targets: Lampiran 1 against the Penjelasan of the same indicator.

Targets are compared after parsing, so the same target printed differently
(``3.3 trilliun`` / ``Rp 3.300.000.000.000,-``, ``96,00`` / ``96,00 %``, ``7.200`` / ``7200``)
agrees; indicators are matched by fuzzy text because the Penjelasan restates them.
"""

from __future__ import annotations

import math

import regex
from rapidfuzz import fuzz

from ..models import Agreement, Discrepancy, ExplanationTarget, Quantity
from .engine import AuditConfig, Bundle, discrepancy, location, rule

_NOISE = regex.compile(r"[^\p{L}\p{N}% ]+")
_PERCENT_WORDS = regex.compile(
    r"\b(?:persentase|presentase|peresentase|prosentase|indeks|nilai)\b", regex.I
)


def indicator_key(text: str | None) -> str:
    """An indicator for fuzzy matching: lower case, punctuation dropped."""
    return " ".join(_NOISE.sub(" ", (text or "").lower()).split())


def similarity(a: str | None, b: str | None) -> float:
    """How surely two indicator texts name one indicator: shared words (a restatement adds or
    drops some) and word order both count, so "Jumlah pelaku usaha yang di BAP" is not taken
    for "Jumlah Pelaku Usaha ... yang di Bimtek"."""
    if not a or not b:
        return 0.0
    x, y = indicator_key(a), indicator_key(b)
    return (fuzz.token_set_ratio(x, y) + fuzz.token_sort_ratio(x, y)) / 2


AGREEING_BONUS = 25  # an indicator restated in other words, with the same target


def matches(
    agreement: Agreement, threshold: float, tolerance: float = 0.0
) -> dict[int, tuple[int, int, ExplanationTarget]]:
    """Lampiran 1 rows paired with the Penjelasan targets that restate them: best pairs first,
    each target used once. A pair whose targets agree scores higher, so that a loosely
    worded restatement with the same target wins over a similar wording of another
    indicator ("... yang di Bimtek" / "... yang di BAP")."""
    pairs = []
    for k, row in enumerate(agreement.performance_targets):
        for i, section in enumerate(agreement.explanations):
            for j, target in enumerate(section.targets):
                score = similarity(row.indicator, target.indicator)
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
            and _units_compatible(a.unit, b.unit)
            and _close(a.min, b.min, tolerance)
            and _close(a.max, b.max, tolerance)
        )
    if a.value is None or b.value is None:
        same_grade = a.raw.strip().upper() == b.raw.strip().upper()
        return a.value is None and b.value is None and same_grade
    if not _units_compatible(a.unit, b.unit):
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


def _units_compatible(a: str | None, b: str | None) -> bool:
    """A bare number goes with any unit (a percentage column prints ``96,00``); words compare
    loosely (``laporan`` / ``Laporan``, ``pelaku usaha`` / ``pelaku usaha``)."""
    if a is None or b is None or a == b:
        return True
    if {a, b} & {"%", "IDR"}:
        return False
    return fuzz.token_set_ratio(a, b) >= 80


@rule("target_mismatch")
def target_mismatch(bundle: Bundle, config: AuditConfig) -> list[Discrepancy]:
    """A Lampiran 1 target that its Penjelasan restates with another value."""
    out = []
    for agreement in bundle.agreements:
        paired = matches(agreement, config.indicator_similarity, config.relative_tolerance)
        for k, row in enumerate(agreement.performance_targets):
            if k not in paired or not row.target.raw.strip():
                continue
            i, j, target = paired[k]
            if same_quantity(row.target, target.target, config.relative_tolerance):
                continue
            message = (
                f"Lampiran 1 sets the target of '{row.indicator}' at {row.target.raw}, but "
                f"Penjelasan Kinerja {agreement.explanations[i].number or i + 1} states "
                f"{target.target.raw} for '{target.indicator}'."
            )
            out.append(
                discrepancy(
                    "target_mismatch",
                    "warning",
                    agreement,
                    message,
                    [row.target.raw, target.target.raw],
                    [
                        location(row.source, f"performance_targets[{k}].target"),
                        location(target.source, f"explanations[{i}].targets[{j}].target"),
                    ],
                )
            )
    return out


def _explained(k: int, agreement: Agreement, paired: dict, config: AuditConfig) -> bool:
    """A row is explained when a Penjelasan target restates it (``paired``), or a section
    lists or describes its indicator."""
    row = agreement.performance_targets[k]
    if k in paired:
        return True
    texts = [i for s in agreement.explanations for i in s.indicators]
    texts += [d.description for s in agreement.explanations for d in s.indicator_details]
    return any(similarity(row.indicator, text) >= config.indicator_similarity for text in texts)


@rule("target_unexplained")
def target_unexplained(bundle: Bundle, config: AuditConfig) -> list[Discrepancy]:
    """A Lampiran 1 target that no Penjelasan section explains (in an agreement that has a
    Lampiran 2 at all: many regions print none, and that is not a finding; in a nested table
    only the program rows, whose sasaran the Penjelasan sections are about)."""
    out = []
    for agreement in bundle.agreements:
        if not agreement.explanations:
            continue
        nested = any(row.level == "program" for row in agreement.performance_targets)
        paired = matches(agreement, config.indicator_similarity, config.relative_tolerance)
        for k, row in enumerate(agreement.performance_targets):
            if nested and row.level != "program":
                continue  # a Penjelasan explains the sasaran of the programs, not every activity
            if not row.indicator or _explained(k, agreement, paired, config):
                continue
            message = (
                f"The Lampiran 1 target '{row.indicator}' ({row.target.raw or 'no target'}) has no "
                "Penjelasan Kinerja section that explains it."
            )
            out.append(
                discrepancy(
                    "target_unexplained",
                    "warning",
                    agreement,
                    message,
                    [row.indicator],
                    [location(row.source, f"performance_targets[{k}]")],
                )
            )
    return out


@rule("penjelasan_incomplete")
def penjelasan_incomplete(bundle: Bundle, config: AuditConfig) -> list[Discrepancy]:
    """A Penjelasan section without a Target Kinerja table, or whose indicator table stops
    short of the indicators it lists."""
    out = []
    for agreement in bundle.agreements:
        for i, section in enumerate(agreement.explanations):
            name = f"Penjelasan Kinerja {section.number or i + 1}"
            listed, detailed = len(section.indicators), len(section.indicator_details)
            problems = []
            if not section.targets:
                problems.append("it has no Target Kinerja table")
            if detailed and detailed < listed:
                problems.append(
                    f"its indicator table describes {detailed} of the {listed} indicators it lists"
                )
            if not problems:
                continue
            out.append(
                discrepancy(
                    "penjelasan_incomplete",
                    "warning",
                    agreement,
                    f"{name} is incomplete: {'; '.join(problems)}.",
                    [name],
                    [location(section.source, f"explanations[{i}]")],
                )
            )
    return out
