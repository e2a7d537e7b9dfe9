"""Stage 8: validate records and write them atomically (temp file + rename).

A crash or a kill while writing leaves either the previous file or no file, never half a
record, which is what lets a batch be resumed safely.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .models import SCHEMA_VERSION, Agreement, ExtractionResult

SCHEMA_ID = "https://extractor.invalid/schemas/extraction-result.schema.json"


def to_json(result: ExtractionResult, pretty: bool = False) -> str:
    """Serialise a record after checking that what is written parses back as a record."""
    text = result.model_dump_json(indent=2 if pretty else None)
    check_parses_back(result)
    return text + "\n"


def check_parses_back(result: ExtractionResult) -> None:
    """Validate the record's JSON against the models once more (a value set without
    validation, by ``model_copy(update=...)``, is caught here), part by part: the record
    without its agreements, then each agreement, so that a large record is never held twice
    (a 500-page bundle's second copy cost 10 MB at the peak)."""
    shell = result.model_copy(update={"agreements": []})
    ExtractionResult.model_validate_json(shell.model_dump_json())
    for agreement in result.agreements:
        Agreement.model_validate_json(agreement.model_dump_json())


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # as an ordinary file, not the temp file's 0600
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def json_schema() -> dict[str, Any]:
    """The published JSON Schema of a record, generated from the pydantic models."""
    schema = ExtractionResult.model_json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"extractor record, schema_version {SCHEMA_VERSION}",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def validate_record(data: Any) -> list[str]:
    """Problems of a record against the JSON Schema and the models ([] when valid)."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(json_schema())
    problems = [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
        for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    ]
    if not problems:
        try:
            ExtractionResult.model_validate(data)
        except ValueError as error:
            problems.append(str(error).splitlines()[0])
    return problems
