"""Field-by-field comparison of two records of the same bundle (PDF vs text, scan vs text)."""

from __future__ import annotations

from typing import Any

from extractor.models import ExtractionResult


def _norm(value: Any) -> Any:
    return " ".join(value.split()) if isinstance(value, str) else value


def facts(result: ExtractionResult) -> dict[str, Any]:
    """The facts auditors rely on, keyed by a readable path."""
    out: dict[str, Any] = {"agreement_count": len(result.agreements)}
    for a in result.agreements:
        key = f"agreements[{a.index}]"
        out[f"{key}.date"] = a.date
        out[f"{key}.place"] = a.place
        for role in ("first_party", "second_party"):
            party = getattr(a, role)
            for attr in ("name", "position", "nip"):
                out[f"{key}.{role}.{attr}"] = _norm(getattr(party, attr)) if party else None
        for i, s in enumerate(a.signatures):
            for attr in ("role", "name", "nip"):
                out[f"{key}.signatures[{i}].{attr}"] = _norm(getattr(s, attr))
        for i, t in enumerate(a.performance_targets):
            out[f"{key}.targets[{i}].indicator"] = _norm(t.indicator)
            out[f"{key}.targets[{i}].value"] = t.target.value
            # the unit the Lampiran itself gives: one taken over from the Penjelasan is not a
            # fact of its own (its Penjelasan target is compared below)
            derived = t.unit_source == "penjelasan"
            out[f"{key}.targets[{i}].unit"] = None if derived else t.target.unit
        for i, b in enumerate(a.budget.items):
            out[f"{key}.budget[{i}].name"] = _norm(b.name)
            out[f"{key}.budget[{i}].amount"] = b.amount.value if b.amount else None
        out[f"{key}.budget.total"] = a.budget.total.value if a.budget.total else None
        for i, e in enumerate(a.explanations):
            for j, t in enumerate(e.targets):
                out[f"{key}.explanations[{i}].targets[{j}].indicator"] = _norm(t.indicator)
                out[f"{key}.explanations[{i}].targets[{j}].value"] = t.target.value
                out[f"{key}.explanations[{i}].targets[{j}].unit"] = t.target.unit
    return out


def differences(expected: ExtractionResult, actual: ExtractionResult) -> tuple[int, list[str]]:
    """How many facts the expected record has, and each one the other record gets wrong."""
    want, got = facts(expected), facts(actual)
    wrong = [
        f"{k}: {want[k]!r} vs {got.get(k, '<missing>')!r}" for k in want if got.get(k) != want[k]
    ]
    wrong += [f"{k}: <missing> vs {got[k]!r}" for k in got if k not in want]
    return len(want), wrong
