"""Stage 8: validate records and write them atomically (temp file + rename).

A crash or a kill while writing leaves either the previous file or no file, never half a
record, which is what lets a batch be resumed safely.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

from .models import SCHEMA_VERSION, ExtractionResult

SCHEMA_ID = "https://extractor.invalid/schemas/extraction-result.schema.json"


def to_json(result: ExtractionResult, pretty: bool = False) -> str:
    """Serialise a record after checking that what is written parses back as a record."""
    return "".join(json_chunks(result, pretty))


def json_chunks(
    result: ExtractionResult, pretty: bool = False, checked: bool = False
) -> Iterator[str]:
    """A record's JSON in parts, the same text as ``model_dump_json`` plus a newline: the
    record without its agreements, then one agreement at a time. A writer that writes each
    part as it comes never holds the whole text (for a 500-page bundle it cost 7 MB at the
    peak, three copies of it: pydantic's buffer, the string, its UTF-8 bytes).

    Each part is validated as it is made (``check_record``), unless ``checked`` says the
    whole record already was: a writer that cannot take back what it wrote (standard
    output) checks first."""
    indent = 2 if pretty else None
    if not checked:
        _check_shell(result)
    shell = result.model_copy(update={"agreements": []}).model_dump_json(indent=indent)
    empty = '"agreements": []' if pretty else '"agreements":[]'
    if shell.count(empty) != 1:  # a quote inside a JSON string is escaped: only the key
        raise ValueError("the record's agreements are not where they were expected")
    at = shell.index(empty) + len(empty) - 1
    yield shell[:at]
    tail = shell[at:]  # the closing bracket and the keys after it
    del shell
    for number, agreement in enumerate(result.agreements):
        part = agreement.model_dump_json(indent=indent)
        if not checked:
            _check_item("agreements", part)
        if pretty:  # an item of the record's list: two levels in (JSON strings hold no \n)
            part = "\n    " + part.replace("\n", "\n    ")
        yield ("," if number else "") + part
    yield "\n  " if pretty and result.agreements else ""
    yield tail
    yield "\n"


def check_record(result: ExtractionResult) -> None:
    """Validate the record's JSON against the models (a value set without validation, by
    ``model_copy(update=...)``, is caught here), part by part: never two copies of it."""
    _check_shell(result)
    for agreement in result.agreements:
        _check_item("agreements", agreement.model_dump_json())


def _check_shell(result: ExtractionResult) -> None:
    """Validate the record but its agreements: the record without its lists of models,
    then each item against its list's declared type (a bundle's pages, discrepancies and
    duplicates are thousands of items: never all copied at once)."""
    lists = [
        name
        for name, value in result
        if isinstance(value, list) and value and isinstance(value[0], BaseModel)
    ]
    bare = result.model_copy(update=dict.fromkeys(lists, []))
    ExtractionResult.model_validate_json(bare.model_dump_json())
    for name in lists:
        if name != "agreements":
            for item in getattr(result, name):
                _check_item(name, item.model_dump_json())


def _check_item(name: str, item_json: str) -> None:
    """Validate one item of the record's list ``name`` as that list's declared type."""
    _list_adapter(name).validate_json(f"[{item_json}]")


@cache
def _list_adapter(name: str) -> TypeAdapter[Any]:
    return TypeAdapter(ExtractionResult.model_fields[name].annotation)


def write_atomic(path: Path, text: str | Iterable[str]) -> None:
    """Write ``text`` (a string, or its parts in order) to ``path`` so that readers see the
    old file or the whole new one."""
    parts = [text] if isinstance(text, str) else text
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            for part in parts:
                handle.write(part)
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
