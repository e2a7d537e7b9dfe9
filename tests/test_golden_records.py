"""Whole records of every sample, compared with the reviewed snapshots in tests/golden/records.

The snapshots are regenerated only on an explicit opt-in, never by a normal run:
``EXTRACTOR_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden_records.py``; review the diff
(``git diff tests/golden/records``) against the source before committing it. The hand-written
facts files (test_golden_facts.py) are the independent check of the values; these snapshots
catch any other change in a record, down to provenance and repairs.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from extractor import extract
from extractor.emit import to_json

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p.relative_to(ROOT) for p in (ROOT / "samples").rglob("*.txt"))
RECORDS = ROOT / "tests" / "golden" / "records"
UPDATE = os.environ.get("EXTRACTOR_UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_record_matches_reviewed_snapshot(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    record = json.loads(to_json(extract(str(sample))))
    snapshot = RECORDS / f"{sample.stem}.json"
    if UPDATE:
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", "utf-8")
    assert snapshot.exists(), f"no snapshot for {sample}: run with EXTRACTOR_UPDATE_GOLDEN=1"
    expected = json.loads(snapshot.read_text(encoding="utf-8"))
    assert record == expected
