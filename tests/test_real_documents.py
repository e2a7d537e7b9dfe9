"""Real PK texts from public pages (tests/golden/real) against facts a person read off them.

The per-document floors in tests/golden/real/scores.json are a RATCHET, not a target: each is
the share of facts the code reached when the floor was recorded, rounded down. A change that
drops a document below its floor fails here; when the parser improves, raise the floor (never
lower it to make a test pass). The score table: ``.venv/bin/python -m tests.golden.real.score``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from tests.golden.real.score import (
    ROOT,
    DocumentScore,
    count_facts,
    facts_files,
    floors,
    score,
    table,
)

FACTS = facts_files()


@cache
def scored(path: Path) -> DocumentScore:
    return score(path)


def test_there_are_real_documents_and_each_has_a_floor() -> None:
    names = {p.name.removesuffix(".real-facts.json") for p in FACTS}
    assert len(names) >= 5
    assert names == set(floors()), "scores.json and the facts files name different documents"
    for path in FACTS:
        facts = json.loads(path.read_text(encoding="utf-8"))
        text = (ROOT / facts["source"]).read_text(encoding="utf-8")
        assert text.startswith("Sumber: http"), f"{path.name}: the text must name its source"


@pytest.mark.parametrize("path", FACTS, ids=[p.name.split(".")[0] for p in FACTS])
def test_record_is_valid_and_not_an_internal_error(path: Path) -> None:
    result = scored(path)
    assert not (result.status == "failed" and "internal_error" in result.error_codes)
    assert not result.schema_problems, "\n".join(result.schema_problems)


@pytest.mark.parametrize("path", FACTS, ids=[p.name.split(".")[0] for p in FACTS])
def test_matched_share_does_not_fall_below_its_ratchet_floor(path: Path) -> None:
    result = scored(path)
    floor = floors()[result.name]
    assert result.share + 1e-9 >= floor, (
        f"{result.name}: {result.matched}/{result.facts} facts ({result.share:.2f}) "
        f"is below the recorded floor {floor:.2f}\n" + "\n".join(result.problems)
    )


def test_score_table_lists_every_document() -> None:
    text = table([scored(path) for path in FACTS])
    print("\n" + text)
    assert len(text.splitlines()) == len(FACTS) + 2


# --- the fact counting itself, on generated records ---------------------------------------


def _record(agreements: list[dict]) -> dict:
    return {
        "pages": [{"number": 1, "kind": "agreement"}],
        "agreements": agreements,
        "duplicates": [],
    }


def _agreement(**fields) -> dict:
    base = {
        "title": None,
        "first_party": None,
        "signatures": [],
        "performance_targets": [],
        "budget": {"items": [], "total": None},
        "explanations": [],
    }
    return base | fields


def _row(indicator: str, raw: str, value: float | None) -> dict:
    target = {"raw": raw, "value": value, "unit": None, "comparator": None}
    return {"no": None, "indicator": indicator, "target": target, "quarterly_targets": []}


def test_count_facts_counts_leaves_and_rows() -> None:
    facts = {
        "agreement_count": 1,
        "agreements": [
            {
                "title": "PERJANJIAN KINERJA TAHUN 2019",
                "first_party": {"name": "A", "nip": None},
                "performance_targets": [
                    {"indicator": "x", "target": {"raw": "1", "value": 1}},
                    {"indicator": "y", "target": {"raw": "2", "value": 2}},
                ],
            }
        ],
    }
    party = {"name": "A", "nip": "1" * 18}
    rows = [_row("x", "1", 1.0)]
    record = _record(
        [
            _agreement(
                title="PERJANJIAN  KINERJA TAHUN 2019", first_party=party, performance_targets=rows
            )
        ]
    )
    # count 1 + title 1 + party 2 + row x 3 + row y 3 = 10 facts (a list that holds rows
    # states no count of its own: a lost row costs its facts);
    # wrong: nip, and all three facts of the missing row y.
    assert count_facts(facts, record) == (10, 6)


def test_count_facts_fails_every_fact_of_a_missing_agreement() -> None:
    facts = {
        "agreement_count": 1,
        "agreements": [{"title": "T", "first_party": {"name": "A"}, "performance_targets": []}],
    }
    assert count_facts(facts, _record([])) == (4, 0)


def test_count_facts_null_party_matches_only_a_missing_party() -> None:
    facts = {"agreements": [{"first_party": None, "second_party": None}]}
    named = {"name": "B"}
    assert count_facts(facts, _record([_agreement(second_party=None)])) == (2, 2)
    assert count_facts(facts, _record([_agreement(second_party=named)])) == (2, 1)
