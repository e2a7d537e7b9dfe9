"""Compare an extraction record with a hand-written facts file (see tests/golden/FACTS.md).

Only keys present in the facts are compared, at every depth, so a writer may leave out what
they could not check; every key that is there must match.
"""

from __future__ import annotations

import math
from typing import Any

from extractor.models import Agreement, ExtractionResult


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split())
    return value


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, int | float) and not isinstance(expected, bool):
        return isinstance(actual, int | float) and math.isclose(expected, actual, rel_tol=1e-9)
    return _norm(expected) == _norm(actual)


def _check(path: str, expected: Any, actual: Any, out: list[str]) -> None:
    if not _same(expected, actual):
        out.append(f"{path}: expected {expected!r}, got {actual!r}")


def _check_fields(path: str, expected: dict, actual: dict, out: list[str]) -> None:
    for key, value in expected.items():
        _check(f"{path}.{key}", value, actual.get(key), out)


def _check_list(path: str, expected: list, actual: list, compare, out: list[str]) -> None:
    if len(expected) != len(actual):
        out.append(f"{path}: expected {len(expected)} items, got {len(actual)}")
    for i, (exp, act) in enumerate(zip(expected, actual, strict=False)):
        compare(f"{path}[{i}]", exp, act, out)


def _quantity(path: str, exp: dict, act: dict, out: list[str]) -> None:
    _check_fields(path, exp, act, out)


def _target_row(path: str, exp: dict, act: dict, out: list[str]) -> None:
    for key, value in exp.items():
        if key == "target":
            _quantity(f"{path}.target", value, act["target"], out)
        elif key == "quarterly":
            _check_list(f"{path}.quarterly", value, act["quarterly_targets"], _quantity, out)
        else:
            _check(f"{path}.{key}", value, act.get(key), out)


def _budget_item(path: str, exp: dict, act: dict, out: list[str]) -> None:
    amount = act.get("amount") or {}
    for key, value in exp.items():
        if key == "amount":
            _check(f"{path}.amount", value, amount.get("value"), out)
        elif key == "amount_raw":
            _check(f"{path}.amount_raw", value, amount.get("raw"), out)
        else:
            _check(f"{path}.{key}", value, act.get(key), out)


def _signature(kinds: dict[int, str]):
    def compare(path: str, exp: dict, act: dict, out: list[str]) -> None:
        for key, value in exp.items():
            actual = kinds.get(act["page"]) if key == "page_kind" else act.get(key)
            _check(f"{path}.{key}", value, actual, out)

    return compare


def _explanation(path: str, exp: dict, act: dict, out: list[str]) -> None:
    for key, value in exp.items():
        if key == "legal_basis_count":
            _check(f"{path}.legal_basis_count", value, len(act["legal_basis"]), out)
        elif key == "indicator_detail_count":
            _check(f"{path}.indicator_detail_count", value, len(act["indicator_details"]), out)
        elif key == "targets":
            _check_list(f"{path}.targets", value, act["targets"], _explanation_target, out)
        else:
            _check(f"{path}.{key}", value, act.get(key), out)


def _explanation_target(path: str, exp: dict, act: dict, out: list[str]) -> None:
    for key, value in exp.items():
        if key in ("raw", "value", "unit", "comparator"):
            _check(f"{path}.{key}", value, act["target"][key], out)
        else:
            _check(f"{path}.{key}", value, act.get(key), out)


def _agreement(path: str, exp: dict, act: dict, kinds: dict[int, str], out: list[str]) -> None:
    for key, value in exp.items():
        if key in ("first_party", "second_party"):
            if value is None or act[key] is None:
                _check(f"{path}.{key}", value, act[key], out)
            else:
                _check_fields(f"{path}.{key}", value, act[key], out)
        elif key == "signatures":
            _check_list(f"{path}.signatures", value, act["signatures"], _signature(kinds), out)
        elif key == "performance_targets":
            _check_list(f"{path}.{key}", value, act[key], _target_row, out)
        elif key == "budget_items":
            _check_list(f"{path}.budget_items", value, act["budget"]["items"], _budget_item, out)
        elif key == "budget_total":
            total = act["budget"]["total"]
            _check(f"{path}.budget_total", value, total["value"] if total else None, out)
        elif key == "explanations":
            _check_list(f"{path}.explanations", value, act["explanations"], _explanation, out)
        else:
            _check(f"{path}.{key}", value, act.get(key), out)


def mismatches(facts: dict, result: ExtractionResult) -> list[str]:
    """Every difference between the facts and the record, as readable lines."""
    out: list[str] = []
    record = result.model_dump(mode="json")
    kinds = {page["number"]: page["kind"] for page in record["pages"]}
    if "agreement_count" in facts:
        _check("agreement_count", facts["agreement_count"], len(record["agreements"]), out)
    if "duplicate_pages_min" in facts and len(record["duplicates"]) < facts["duplicate_pages_min"]:
        out.append(f"duplicates: expected at least {facts['duplicate_pages_min']}")
    for i, (exp, act) in enumerate(zip(facts["agreements"], record["agreements"], strict=False)):
        _agreement(f"agreements[{i}]", exp, act, kinds, out)
    return out


__all__ = ["Agreement", "mismatches"]
