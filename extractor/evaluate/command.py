"""``extractor eval GOLD [RESULT]``: score records against gold files, for people and for CI.

Pairing (README "Evaluating accuracy"): two files are one pair; a gold file and a folder pair
with ``FOLDER/<name>.json``; two folders pair every gold file under GOLD (``*.facts.json``,
``*.real-facts.json``, recursively) with the record of the same name under RESULT (at its top,
else the only one of that name below it). ``--extract`` reads no RESULT: it extracts the
source each facts file names.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from .gold import Gold, is_facts_file, load_gold, pair_name, resolve_source
from .report import NO_RESULT, Scored, below, render_json, render_text
from .score import evaluate

EXIT_BELOW_MIN_F1 = 1


def gold_files(path: Path) -> list[Path]:
    """The gold files a GOLD argument names: the file itself, or every facts file under the
    folder in path order."""
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*.json") if p.is_file() and is_facts_file(p))


def find_result(folder: Path, name: str) -> tuple[Path | None, str]:
    """``<name>.json`` at the top of ``folder``, else the only one below it; else None and
    why (none, or several: which one is meant cannot be guessed, so they are named)."""
    direct = folder / f"{name}.json"
    if direct.is_file():
        return direct, ""
    found = sorted(p for p in folder.rglob(f"{name}.json") if p.is_file())
    if len(found) == 1:
        return found[0], ""
    if found:
        return None, f"several records named {name}.json: {', '.join(map(str, found))}"
    return None, f"no record named {name}.json"


def read_record(path: Path) -> tuple[dict[str, Any] | None, str]:
    """A record file's data, or None and why it cannot be used."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        return None, f"{path}: cannot read the record: {error}"
    if not isinstance(data, dict) or "agreements" not in data:
        return None, f"{path}: not an extraction record (no 'agreements')"
    return data, ""


def score_file(gold: Gold, result: Path | None, why: str = "") -> Scored:
    """One pair; a missing or unusable record scores every gold fact as missing (``why``:
    the reason there is no record)."""
    assert gold.path is not None
    if result is None:
        note = why or f"no record named {gold.name}.json"
        return Scored(gold.name, gold.path, None, NO_RESULT, evaluate(gold, None), note)
    record, problem = read_record(result)
    status = NO_RESULT if record is None else "scored"
    return Scored(gold.name, gold.path, str(result), status, evaluate(gold, record), problem)


def score_extracted(gold: Gold) -> Scored:
    """Extract the document a facts file names, then score its record."""
    from ..pipeline import extract

    assert gold.path is not None
    source = resolve_source(gold, Path.cwd())
    if source is None:
        note = f"source {gold.source!r} not found" if gold.source else "the gold names no source"
        return Scored(gold.name, gold.path, None, NO_RESULT, evaluate(gold, None), note)
    record = extract(str(source))
    where = f"extracted from {source}"
    return Scored(gold.name, gold.path, where, "extracted", evaluate(gold, record))


def unpaired_results(result: Path | None, golds: list[Gold]) -> list[Path]:
    """Records in a RESULT folder that no gold file names (reported, not scored)."""
    if result is None or not result.is_dir():
        return []
    names = {g.name for g in golds}
    return sorted(p for p in result.rglob("*.json") if pair_name(p) not in names)


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True, path_type=Path))
@click.argument("result", required=False, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--extract",
    "run_extract",
    is_flag=True,
    help="Extract the source each facts file names instead of reading RESULT.",
)
@click.option("--json", "as_json", is_flag=True, help="Write one JSON document to stdout.")
@click.option(
    "--min-f1",
    type=click.FloatRange(0, 1),
    default=None,
    help="Exit 1 when a document's overall F1 is below this (a missing record scores 0).",
)
@click.option(
    "--show",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="Differences listed per document in the text output.",
)
def eval_command(
    gold: Path,
    result: Path | None,
    run_extract: bool,
    as_json: bool,
    min_f1: float | None,
    show: int,
) -> None:
    """Score records against gold facts: precision, recall and F1 per field.

    GOLD is a facts file (*.facts.json, *.real-facts.json), a record used as reference, or a
    folder of facts files; RESULT a record (X.json) or a folder of records, paired by name.
    """
    if run_extract == (result is not None):
        raise click.UsageError("give RESULT or --extract (not both)")
    if gold.is_dir() and result is not None and result.is_file():
        raise click.UsageError("GOLD is a folder: RESULT must be a folder too")
    paths = gold_files(gold)
    if not paths:
        raise click.UsageError(f"{gold}: no *.facts.json or *.real-facts.json file")
    try:
        golds = [load_gold(p) for p in paths]
    except ValueError as error:
        raise click.UsageError(str(error)) from error
    if run_extract:
        scored = [score_extracted(g) for g in golds]
    elif result is not None and result.is_file():
        scored = [score_file(golds[0], result)]
    else:
        assert result is not None
        scored = [score_file(g, *find_result(result, g.name)) for g in golds]
    unpaired = unpaired_results(result, golds)
    if as_json:
        data = render_json(scored, unpaired, min_f1)
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(render_text(scored, show, unpaired))
    failing = below(scored, min_f1)
    if failing:
        print(
            f"extractor eval: F1 below {min_f1} for {', '.join(failing)}",
            file=sys.stderr,
        )
        sys.exit(EXIT_BELOW_MIN_F1)
