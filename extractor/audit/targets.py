"""Rules on targets: Lampiran 1 against the Penjelasan of the same indicator.

Targets are compared after parsing, so the same target printed differently
(``3.3 trilliun`` / ``Rp 3.300.000.000.000,-``, ``96,00`` / ``96,00 %``, ``7.200`` / ``7200``)
agrees; indicators are matched by fuzzy text because the Penjelasan restates them. The
matching itself lives in ``parse/matching.py``, shared with the parse stage.
"""

from __future__ import annotations

from ..models import Agreement, Discrepancy
from ..parse.matching import matches, same_quantity, similarity
from .engine import AuditConfig, Bundle, discrepancy, location, rule


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
