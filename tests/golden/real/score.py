"""Score the extractor on real PK texts from public pages against hand-written facts.

Each ``<name>.txt`` here is a public page's text kept as the page gives it (a ``Sumber:`` line
names the page); ``<name>.real-facts.json`` holds what a person read off it, in the format of
``tests/golden/FACTS.md``. The facts files are not named ``*.facts.json`` on purpose:
``tests/test_golden_facts.py`` globs ``tests/golden`` recursively for that suffix and demands
that every fact match, while these documents are a measure of progress, not a pass/fail gate.

The score of a document is the share of its facts the record reproduces. A fact is one leaf of
the facts file, read with the semantics of ``tests/facts.py``: a scalar, a party field, a
target's ``raw``/``value``/``unit``, and one "length" fact per list. Rows are paired by
position as ``tests.facts.mismatches`` pairs them; a row or agreement the record lacks fails
every fact it holds. Run ``.venv/bin/python -m tests.golden.real.score`` for the table.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractor import extract
from extractor.emit import to_json, validate_record
from tests.facts import _same, mismatches

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SCORES = HERE / "scores.json"

Tally = tuple[int, int]  # (facts, matched)
Compare = Callable[[Any, Any], Tally]


def facts_files() -> list[Path]:
    """Every hand-written facts file of a real document, in name order."""
    return sorted(HERE.glob("*.real-facts.json"))


def _add(*tallies: Tally) -> Tally:
    return sum(t[0] for t in tallies), sum(t[1] for t in tallies)


def _leaf(expected: Any, actual: Any, present: bool = True) -> Tally:
    return 1, int(present and _same(expected, actual))


def _fields(expected: dict, actual: dict | None) -> Tally:
    """Each key of a flat expected dict is one fact; a missing actual dict fails them all."""
    return _add(*(_leaf(v, (actual or {}).get(k), actual is not None) for k, v in expected.items()))


def _rows(expected: list, actual: list | None, compare: Compare) -> Tally:
    """One fact for the row count, then each expected row against the row at its position."""
    rows = actual if actual is not None else []
    length = _leaf(len(expected), len(rows), actual is not None)
    items = [compare(exp, rows[i] if i < len(rows) else None) for i, exp in enumerate(expected)]
    return _add(length, *items)


def _party(expected: dict | None, actual: dict | None, present: bool) -> Tally:
    if expected is None or actual is None:
        if isinstance(expected, dict):  # a named party the record lacks: all its facts fail
            return len(expected), 0
        return _leaf(expected, actual, present)
    return _fields(expected, actual)


def _target_row(expected: dict, actual: dict | None) -> Tally:
    parts = []
    for key, value in expected.items():
        if key == "target":
            parts.append(_fields(value, actual["target"] if actual else None))
        elif key == "quarterly":
            got = actual["quarterly_targets"] if actual else None
            parts.append(_rows(value, got, _fields))
        else:
            parts.append(_leaf(value, (actual or {}).get(key), actual is not None))
    return _add(*parts)


def _budget_item(expected: dict, actual: dict | None) -> Tally:
    amount = (actual or {}).get("amount") or {}
    parts = []
    for key, value in expected.items():
        got = {"amount": amount.get("value"), "amount_raw": amount.get("raw")}.get(
            key, (actual or {}).get(key)
        )
        parts.append(_leaf(value, got, actual is not None))
    return _add(*parts)


def _signature(kinds: dict[int, str]) -> Compare:
    def compare(expected: dict, actual: dict | None) -> Tally:
        parts = []
        for key, value in expected.items():
            if actual is None:
                parts.append((1, 0))
            elif key == "page_kind":
                parts.append(_leaf(value, kinds.get(actual["page"])))
            else:
                parts.append(_leaf(value, actual.get(key)))
        return _add(*parts)

    return compare


def _explanation_target(expected: dict, actual: dict | None) -> Tally:
    parts = []
    for key, value in expected.items():
        if actual is None:
            parts.append((1, 0))
        elif key in ("raw", "value", "unit", "comparator"):
            parts.append(_leaf(value, actual["target"][key]))
        else:
            parts.append(_leaf(value, actual.get(key)))
    return _add(*parts)


def _explanation(expected: dict, actual: dict | None) -> Tally:
    parts = []
    for key, value in expected.items():
        if key == "targets":
            parts.append(_rows(value, actual["targets"] if actual else None, _explanation_target))
        elif actual is None:
            parts.append((1, 0))
        elif key == "legal_basis_count":
            parts.append(_leaf(value, len(actual["legal_basis"])))
        elif key == "indicator_detail_count":
            parts.append(_leaf(value, len(actual["indicator_details"])))
        else:
            parts.append(_leaf(value, actual.get(key)))
    return _add(*parts)


def _agreement(expected: dict, actual: dict | None, kinds: dict[int, str]) -> Tally:
    present = actual is not None
    act = actual or {}
    budget = act.get("budget") or {}
    parts = []
    for key, value in expected.items():
        if key in ("first_party", "second_party"):
            parts.append(_party(value, act.get(key), present))
        elif key == "signatures":
            got = act["signatures"] if present else None
            parts.append(_rows(value, got, _signature(kinds)))
        elif key == "performance_targets":
            parts.append(_rows(value, act[key] if present else None, _target_row))
        elif key == "budget_items":
            parts.append(_rows(value, budget["items"] if present else None, _budget_item))
        elif key == "budget_total":
            total = budget.get("total")
            parts.append(_leaf(value, total["value"] if total else None, present))
        elif key == "explanations":
            parts.append(_rows(value, act[key] if present else None, _explanation))
        else:
            parts.append(_leaf(value, act.get(key), present))
    return _add(*parts)


def count_facts(facts: dict, record: dict) -> Tally:
    """(facts, matched) of one record against its facts file."""
    kinds = {page["number"]: page["kind"] for page in record["pages"]}
    agreements = record["agreements"]
    parts = []
    if "agreement_count" in facts:
        parts.append(_leaf(facts["agreement_count"], len(agreements)))
    if "duplicate_pages_min" in facts:
        parts.append((1, int(len(record["duplicates"]) >= facts["duplicate_pages_min"])))
    for i, exp in enumerate(facts.get("agreements", [])):
        parts.append(_agreement(exp, agreements[i] if i < len(agreements) else None, kinds))
    return _add(*parts)


@dataclass(frozen=True)
class DocumentScore:
    """One real document: how many of its facts the record reproduces, and the record's state."""

    name: str
    kind: str
    facts: int
    matched: int
    status: str
    error_codes: tuple[str, ...]
    schema_problems: tuple[str, ...]
    problems: tuple[str, ...]

    @property
    def share(self) -> float:
        return self.matched / self.facts if self.facts else 1.0


def score(facts_path: Path) -> DocumentScore:
    """Extract the document a facts file names and score the record against the facts."""
    facts = json.loads(facts_path.read_text(encoding="utf-8"))
    result = extract(str(ROOT / facts["source"]))
    record = json.loads(to_json(result))
    total, matched = count_facts(facts, record)
    return DocumentScore(
        name=facts_path.name.removesuffix(".real-facts.json"),
        kind=facts.get("kind", ""),
        facts=total,
        matched=matched,
        status=record["status"],
        error_codes=tuple(e["code"] for e in record["errors"]),
        schema_problems=tuple(validate_record(record)),
        problems=tuple(mismatches(facts, result)),
    )


def floors() -> dict[str, float]:
    """The ratchet floors of scores.json: document name -> lowest accepted matched share."""
    data = json.loads(SCORES.read_text(encoding="utf-8"))
    return {name: entry["floor"] for name, entry in data["documents"].items()}


def table(scores: list[DocumentScore]) -> str:
    """A plain-text table: document, kind of source, facts, matched, share, record status."""
    head = ("document", "facts", "matched", "share", "status", "kind of source")
    rows = [
        (
            s.name,
            str(s.facts),
            str(s.matched),
            f"{s.share:.2f}",
            s.status + (f" ({', '.join(s.error_codes)})" if s.error_codes else ""),
            s.kind.split(";")[0],
        )
        for s in scores
    ]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head) - 1)]
    lines = []
    for row in [head, *rows]:
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:-1])]
        lines.append("  ".join([*cells, row[-1]]))
    total = sum(s.facts for s in scores)
    matched = sum(s.matched for s in scores)
    lines.append(f"all: {matched}/{total} facts matched ({matched / total if total else 1:.2f})")
    return "\n".join(lines)


def main() -> None:
    print(table([score(path) for path in facts_files()]))


if __name__ == "__main__":
    main()
