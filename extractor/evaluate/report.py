"""The output of ``extractor eval``: a text table or one JSON document."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .score import FIELDS, Evaluation, Tally

NO_RESULT = "no_result"


@dataclass(frozen=True, slots=True)
class Scored:
    """One gold file and its record: where each came from and the evaluation."""

    name: str
    gold: Path
    result: str | None  # the record's path, "extracted from ..." or None
    status: str  # "scored", "extracted" or NO_RESULT (every gold fact counts as missing)
    evaluation: Evaluation
    note: str = ""


def pooled(results: list[Scored]) -> dict[str, Tally]:
    """Per field over all documents (counts added, then P/R/F1 computed: micro-averaged)."""
    fields = {name: Tally() for name in FIELDS}
    for result in results:
        for name, tally in result.evaluation.fields.items():
            fields[name].add(tally)
    return fields


def overall(fields: dict[str, Tally]) -> Tally:
    total = Tally()
    for tally in fields.values():
        total.add(tally)
    return total


def _scores(t: Tally) -> list[str]:
    if not t.expected and not t.actual:
        return ["-", "-", "-"]
    return [f"{t.precision:.3f}", f"{t.recall:.3f}", f"{t.f1:.3f}"]


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    """Left-aligned first column, the others right-aligned."""
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    out = []
    for n, row in enumerate([head, *rows]):
        rest = zip(row[1:], widths[1:], strict=True)
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in rest]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return out


def field_table(fields: dict[str, Tally]) -> list[str]:
    head = ["field", "gold", "record", "hits", "precision", "recall", "F1"]
    rows = [
        [name, str(t.expected), str(t.actual), str(t.hits), *_scores(t)]
        for name, t in fields.items()
    ]
    total = overall(fields)
    rows.append(["all fields", str(total.expected), str(total.actual), str(total.hits)])
    rows[-1] += _scores(total)
    return _table(head, rows)


def documents_table(results: list[Scored]) -> list[str]:
    head = ["document", "gold", "record", "hits", "precision", "recall", "F1", "differences"]
    rows = []
    for r in results:
        t = r.evaluation.overall
        differences = str(len(r.evaluation.problems))
        if r.status == NO_RESULT:
            differences += " (no result)"
        rows.append([r.name, str(t.expected), str(t.actual), str(t.hits), *_scores(t)])
        rows[-1].append(differences)
    total = overall(pooled(results))
    count = sum(len(r.evaluation.problems) for r in results)
    rows.append(["all documents", str(total.expected), str(total.actual), str(total.hits)])
    rows[-1] += [*_scores(total), str(count)]
    return _table(head, rows)


def render_text(results: list[Scored], show: int, unpaired: list[Path]) -> str:
    """Each document's differences (the first ``show``), then F1 per document and per field."""
    out: list[str] = []
    for r in results:
        out.append(f"{r.name}: {r.gold} vs {r.result or '(no result)'}")
        if r.note:
            out.append(f"  {r.note}")
        lines = [] if r.status == NO_RESULT else r.evaluation.lines()  # all missing
        out += [f"  {line}" for line in lines[:show]]
        if len(lines) > show:
            out.append(f"  ... {len(lines) - show} more differences (--show N lists more)")
        if not lines and r.status != NO_RESULT:
            out.append("  no differences")
    if unpaired:
        out.append("records without a gold file: " + ", ".join(str(p) for p in unpaired))
    out += ["", *documents_table(results), "", *field_table(pooled(results))]
    return "\n".join(out)


def render_json(results: list[Scored], unpaired: list[Path], min_f1: float | None) -> dict:
    """Everything the text shows, every difference included."""
    fields = pooled(results)
    return {
        "documents": [
            {
                "name": r.name,
                "gold": str(r.gold),
                "result": r.result,
                "status": r.status,
                "note": r.note or None,
                "overall": r.evaluation.overall.as_json(),
                "fields": {n: t.as_json() for n, t in r.evaluation.fields.items()},
                "differences": [p.as_json() for p in r.evaluation.problems],
            }
            for r in results
        ],
        "fields": {n: t.as_json() for n, t in fields.items()},
        "overall": overall(fields).as_json(),
        "unpaired_results": [str(p) for p in unpaired],
        "min_f1": min_f1,
        "below_min_f1": below(results, min_f1),
    }


def below(results: list[Scored], min_f1: float | None) -> list[str]:
    """The documents whose overall F1 is under ``min_f1`` (none when it is not set)."""
    if min_f1 is None:
        return []
    return [r.name for r in results if r.evaluation.overall.f1 < min_f1 - 1e-12]
