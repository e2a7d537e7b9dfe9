"""End to end: each sample bundle against the facts a person read off the source by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor import extract
from extractor.evaluate import evaluate, load_gold

ROOT = Path(__file__).resolve().parent.parent
FACTS = sorted((ROOT / "tests" / "golden").rglob("*.facts.json"))


@pytest.mark.parametrize("facts_path", FACTS, ids=[p.stem for p in FACTS])
def test_record_matches_hand_checked_facts(facts_path: Path) -> None:
    """Scored by the code of ``extractor eval``: every fact reproduced, in order, and
    nothing given that the facts deny (F1 1.0 and no difference at all)."""
    gold = load_gold(facts_path)
    result = extract(str(ROOT / gold.facts["source"]))
    assert result.status in ("ok", "partial")
    evaluation = evaluate(gold, result)
    assert not evaluation.problems, "\n".join(evaluation.lines())
    assert evaluation.f1 == 1.0 and evaluation.expected > 0
