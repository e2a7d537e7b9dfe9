"""Score the extractor on real PK texts from public pages against hand-written facts.

Each ``<name>.txt`` here is a public page's text kept as the page gives it (a ``Sumber:`` line
names the page); ``<name>.real-facts.json`` holds what a person read off it, in the format of
``tests/golden/FACTS.md``. The facts files are not named ``*.facts.json`` on purpose:
``tests/test_golden_facts.py`` globs ``tests/golden`` recursively for that suffix and demands
that every fact match, while these documents are a measure of progress, not a pass/fail gate.

The score of a document is the share of its facts the record reproduces: the recall of
``extractor eval`` (``extractor.evaluate``), which counts every leaf of the facts file (a null
too), one row-count fact per list, and a row or agreement the record lacks as failing every
fact it holds. Run ``.venv/bin/python -m tests.golden.real.score`` for the table, or
``extractor eval tests/golden/real --extract`` for the same documents field by field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractor import extract
from extractor.emit import to_json, validate_record
from extractor.evaluate import evaluate, load_gold

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SCORES = HERE / "scores.json"

Tally = tuple[int, int]  # (facts, matched)


def facts_files() -> list[Path]:
    """Every hand-written facts file of a real document, in name order."""
    return sorted(HERE.glob("*.real-facts.json"))


def count_facts(facts: dict, record: dict[str, Any]) -> Tally:
    """(facts, matched) of one record against its facts file."""
    evaluation = evaluate(facts, record)
    return evaluation.expected, evaluation.hits


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
    gold = load_gold(facts_path)
    result = extract(str(ROOT / gold.facts["source"]))
    record = json.loads(to_json(result))
    evaluation = evaluate(gold, record)
    return DocumentScore(
        name=gold.name,
        kind=gold.facts.get("kind", ""),
        facts=evaluation.expected,
        matched=evaluation.hits,
        status=record["status"],
        error_codes=tuple(e["code"] for e in record["errors"]),
        schema_problems=tuple(validate_record(record)),
        problems=tuple(evaluation.lines()),
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
