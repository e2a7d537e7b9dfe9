"""The published schema is generated from the models and records validate against it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from extractor import extract
from extractor.emit import json_schema, to_json, validate_record
from extractor.models import Repair

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = ROOT / "schemas" / "extraction-result.schema.json"


def test_published_schema_is_not_stale() -> None:
    published = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    assert published == json_schema(), (
        "schemas/ is stale: run `extractor schema -o schemas/extraction-result.schema.json`"
    )


def test_every_contract_key_is_required() -> None:
    schema = json_schema()
    required = set(schema["required"])
    assert {"schema_version", "status", "source", "agreements", "duplicates"} <= required
    assert {"discrepancies", "errors"} <= required
    agreement = schema["$defs"]["Agreement"]
    assert set(agreement["properties"]) == set(agreement["required"])


def test_sample_record_validates_against_published_schema() -> None:
    result = extract(str(ROOT / "samples" / "pk-dpmptsp-luwu-timur-2025.txt"))
    data = json.loads(to_json(result))
    assert validate_record(data) == []


def test_a_broken_record_is_reported() -> None:
    result = extract(str(ROOT / "samples" / "pk-pringsewu-diskominfo-2025.txt"))
    data = json.loads(to_json(result))
    data["agreements"][0]["date"] = 20250102
    del data["agreements"][0]["pages"]
    problems = validate_record(data)
    assert any("date" in p for p in problems)
    assert any("pages" in p for p in problems)


@pytest.mark.parametrize("where", ["record", "agreement", "page", "item type"])
def test_to_json_refuses_a_value_set_without_validation(where: str) -> None:
    """``model_copy(update=...)`` skips validation; what is written must still parse back,
    checked part by part (the record's shell, each item of its lists, each agreement)."""
    result = extract(str(ROOT / "samples" / "pk-pringsewu-diskominfo-2025.txt"))
    if where == "record":
        broken = result.model_copy(update={"status": "fine"})
    elif where == "page":
        page = result.pages[-1].model_copy(update={"kind": "appendix"})
        broken = result.model_copy(update={"pages": [*result.pages[:-1], page]})
    elif where == "item type":  # a valid model, in a list declared for another
        repair = Repair(kind="ocr_digit", line=1, before="l0", after="10")
        broken = result.model_copy(update={"discrepancies": [repair]})
    else:
        agreement = result.agreements[0].model_copy(update={"level": "eselon_v"})
        broken = result.model_copy(update={"agreements": [agreement]})
    with pytest.raises(ValidationError):
        to_json(broken)
    assert json.loads(to_json(result))["status"] == result.status


def test_standard_output_gets_nothing_of_a_record_that_does_not_validate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Standard output cannot take back what it printed: the whole record is checked
    before its first part is written (a file is written atomically instead)."""
    from extractor.cli import write_results

    result = extract(str(ROOT / "samples" / "pk-dpmptsp-luwu-timur-2025.txt"))
    agreements = list(result.agreements)
    agreements[-1] = agreements[-1].model_copy(update={"level": "eselon_v"})
    broken = result.model_copy(update={"agreements": agreements})
    with pytest.raises(ValidationError):
        write_results([broken], None, "json", False)
    assert capsys.readouterr().out == ""
    write_results([result], None, "json", True)
    assert json.loads(capsys.readouterr().out) == json.loads(result.model_dump_json())
