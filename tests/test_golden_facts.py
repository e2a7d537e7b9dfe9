"""End to end: each sample bundle against the facts a person read off the source by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor import extract

from .facts import mismatches

ROOT = Path(__file__).resolve().parent.parent
FACTS = sorted((ROOT / "tests" / "golden").rglob("*.facts.json"))


@pytest.mark.parametrize("facts_path", FACTS, ids=[p.stem for p in FACTS])
def test_record_matches_hand_checked_facts(facts_path: Path) -> None:
    facts = json.loads(facts_path.read_text(encoding="utf-8"))
    result = extract(str(ROOT / facts["source"]))
    assert result.status in ("ok", "partial")
    problems = mismatches(facts, result)
    assert not problems, "\n".join(problems)
