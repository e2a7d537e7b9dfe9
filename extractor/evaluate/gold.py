"""The gold side of ``extractor eval``: a facts file a person wrote, or a reference record.

Both sides of a comparison are brought to the *facts format* (README "Evaluating accuracy",
``tests/golden/FACTS.md``): a record is mapped to the same key names a person writes
(``budget_items``, ``budget_total``, a target's ``target.value``, a signature's ``page_kind``),
so that a gold key is looked up in the record by name. Then both become trees of ``Node``:
scalars (nested objects flattened to dotted keys, lists of strings kept whole) and lists of
rows (only the lists named in ``ROW_LISTS``, so that an empty ``titles`` is a value and an
empty ``signatures`` is zero rows).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..models import ExtractionResult

FACTS_SUFFIXES = (".real-facts.json", ".facts.json")
RESULT_SUFFIX = ".json"
TOP_LEVEL_KEYS = ("agreement_count", "duplicate_pages_min", "status", "findings", "agreements")
"""Keys of a facts file that are compared; any other top-level key (``source``, ``kind``,
``planted``, ``_comment``) describes the file and is not a fact."""
ROW_LISTS = frozenset(
    {"agreements", "signatures", "performance_targets", "quarterly", "budget_items"}
    | {"explanations", "targets"}
)
"""Lists whose items are rows (paired one by one); any other list is one value."""

GoldKind = Literal["facts", "record"]


@dataclass(slots=True)
class Node:
    """One record, agreement or row: its scalar facts and its lists of rows."""

    scalars: dict[str, Any] = field(default_factory=dict)
    lists: dict[str, list[Node]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Gold:
    """What a document should give. ``kind`` "facts": a person's facts file (a null is a
    fact: "not printed"); "record": a reference record, compared on ``auditor_facts`` (a
    null is no fact, as when two extractions are compared)."""

    name: str
    kind: GoldKind
    facts: dict[str, Any]
    path: Path | None = None

    @property
    def source(self) -> str | None:
        """The document the facts were read from, as the file names it (facts files)."""
        source = self.facts.get("source")
        return source if isinstance(source, str) else None


def pair_name(path: Path) -> str:
    """The name gold and result files are paired by: ``X.facts.json``,
    ``X.real-facts.json`` and ``X.json`` are all ``X``."""
    name = path.name
    for suffix in (*FACTS_SUFFIXES, RESULT_SUFFIX):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def is_facts_file(path: Path) -> bool:
    return path.name.endswith(FACTS_SUFFIXES)


def as_record(record: ExtractionResult | dict[str, Any]) -> dict[str, Any]:
    """A record as its JSON data (an ``ExtractionResult`` is dumped as it is written)."""
    if isinstance(record, ExtractionResult):
        return record.model_dump(mode="json")
    return record


def is_record(data: Any) -> bool:
    """An extraction record (what ``extractor extract`` writes), not a facts file."""
    return isinstance(data, dict) and "schema_version" in data and "source" in data


def gold_from_data(data: Any, name: str = "", path: Path | None = None) -> Gold:
    """A facts file's data, or a record used as the reference; ValueError for anything else."""
    if is_record(data):
        return Gold(name, "record", auditor_facts(data), path)
    if not isinstance(data, dict) or not isinstance(data.get("agreements", []), list):
        raise ValueError("not a facts file: expected an object with an 'agreements' list")
    if not any(key in data for key in TOP_LEVEL_KEYS):
        raise ValueError(f"not a facts file: none of the keys {', '.join(TOP_LEVEL_KEYS)}")
    return Gold(name, "facts", data, path)


def load_gold(path: Path) -> Gold:
    """Read a gold file: a facts file (``*.facts.json``, ``*.real-facts.json``) or a record."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: cannot read: {error}") from error
    try:
        return gold_from_data(data, pair_name(path), path)
    except ValueError as error:
        raise ValueError(f"{path}: {error}") from error


def resolve_source(gold: Gold, base: Path | None = None) -> Path | None:
    """The source document a facts file names: as written if it exists (absolute, or from
    the working folder), else relative to the gold file's folders, nearest first (the
    project's facts name ``samples/...`` from the repository root)."""
    if gold.source is None:
        return None
    candidates = [Path(gold.source)]
    if base is not None:
        candidates.append(base / gold.source)
    if gold.path is not None:
        candidates += [parent / gold.source for parent in gold.path.resolve().parents]
    return next((c for c in candidates if c.is_file()), None)


# --- a record in the facts format -----------------------------------------------------------


def _quantity(q: dict[str, Any] | None) -> dict[str, Any] | None:
    if q is None:
        return None
    keys = ("raw", "value", "unit", "comparator", "min", "max")
    return {key: q.get(key) for key in keys}


def _party(p: dict[str, Any] | None) -> dict[str, Any] | None:
    if p is None:
        return None
    keys = ("name", "name_as_written", "titles", "position", "nip", "nip_source")
    return {key: p.get(key) for key in keys}


def _signature(s: dict[str, Any], kinds: dict[int, str]) -> dict[str, Any]:
    keys = ("role", "name", "name_as_written", "position", "nip", "rank", "page")
    return {"page_kind": kinds.get(s.get("page")), **{key: s.get(key) for key in keys}}


def _target_row(t: dict[str, Any]) -> dict[str, Any]:
    keys = ("no", "level", "name", "objective", "indicator", "unit_source")
    row = {key: t.get(key) for key in keys}
    row["target"] = _quantity(t.get("target"))
    row["quarterly"] = [_quantity(q) for q in t.get("quarterly_targets") or []]
    return row


def _budget_item(b: dict[str, Any]) -> dict[str, Any]:
    amount = b.get("amount") or {}
    keys = ("no", "level", "name", "indicator", "funding_source")
    item = {key: b.get(key) for key in keys}
    return item | {"amount": amount.get("value"), "amount_raw": amount.get("raw")}


def _explanation_target(t: dict[str, Any]) -> dict[str, Any]:
    target = _quantity(t.get("target")) or {}
    return {"indicator": t.get("indicator"), "explanation": t.get("explanation"), **target}


def _explanation(e: dict[str, Any]) -> dict[str, Any]:
    keys = ("number", "objective", "objective_text", "legal_basis", "indicators")
    out = {key: e.get(key) for key in keys}
    out["legal_basis_count"] = len(e.get("legal_basis") or [])
    out["indicator_detail_count"] = len(e.get("indicator_details") or [])
    out["targets"] = [_explanation_target(t) for t in e.get("targets") or []]
    return out


def _codes(record: dict[str, Any], index: int | None) -> list[str]:
    found = record.get("discrepancies") or []
    return sorted(d["code"] for d in found if d.get("agreement_index") == index)


def _agreement(a: dict[str, Any], kinds: dict[int, str], record: dict[str, Any]) -> dict:
    keys = ("id", "title", "year", "agency", "level", "place", "date", "date_raw")
    budget = a.get("budget") or {}
    total = budget.get("total")
    out = {key: a.get(key) for key in keys}
    out |= {role: _party(a.get(role)) for role in ("first_party", "second_party")}
    out["signatures"] = [_signature(s, kinds) for s in a.get("signatures") or []]
    out["performance_targets"] = [_target_row(t) for t in a.get("performance_targets") or []]
    out["budget_items"] = [_budget_item(b) for b in budget.get("items") or []]
    out["budget_total"] = total.get("value") if total else None
    out["explanations"] = [_explanation(e) for e in a.get("explanations") or []]
    out["completeness"] = a.get("completeness")
    out["findings"] = _codes(record, a.get("index"))
    return out


def record_facts(record: ExtractionResult | dict[str, Any]) -> dict[str, Any]:
    """Everything a facts file can state about a record, under the facts format's keys."""
    data = as_record(record)
    kinds = {page["number"]: page["kind"] for page in data.get("pages") or []}
    agreements = data.get("agreements") or []
    return {
        "status": data.get("status"),
        "agreement_count": len(agreements),
        "duplicate_pages": len(data.get("duplicates") or []),
        "findings": _codes(data, None),
        "agreements": [_agreement(a, kinds, data) for a in agreements],
    }


def auditor_facts(record: ExtractionResult | dict[str, Any]) -> dict[str, Any]:
    """The facts auditors rely on, for comparing two records of one document (a converter's
    text against the PDF, one run against another): count, date, place, parties' name,
    position and NIP, signatures' role, name and NIP, targets' indicator, value and printed
    unit (a unit taken over from the Penjelasan is not a fact of its own: the Penjelasan
    target is compared), budget names and amounts, the total, Penjelasan targets."""
    full = record_facts(record)
    out: dict[str, Any] = {"agreement_count": full["agreement_count"], "agreements": []}
    for a in full["agreements"]:
        parties = {
            role: {k: (a[role] or {}).get(k) for k in ("name", "position", "nip")}
            for role in ("first_party", "second_party")
        }
        targets = [
            {
                "indicator": t["indicator"],
                "target": {
                    "value": t["target"]["value"],
                    "unit": None if t["unit_source"] == "penjelasan" else t["target"]["unit"],
                },
            }
            for t in a["performance_targets"]
        ]
        explanations = [
            {"targets": [{k: t[k] for k in ("indicator", "value", "unit")} for t in e["targets"]]}
            for e in a["explanations"]
        ]
        out["agreements"].append(
            {
                "date": a["date"],
                "place": a["place"],
                **parties,
                "signatures": [{k: s[k] for k in ("role", "name", "nip")} for s in a["signatures"]],
                "performance_targets": targets,
                "budget_items": [{k: b[k] for k in ("name", "amount")} for b in a["budget_items"]],
                "budget_total": a["budget_total"],
                "explanations": explanations,
            }
        )
    return out


# --- facts -> tree --------------------------------------------------------------------------


def to_tree(
    facts: dict[str, Any], keep_nulls: bool, keep_objects: bool = False, top: bool = True
) -> Node:
    """The facts as a tree. ``keep_nulls`` False drops null values, and rows left with no
    value at all (a record used as reference: a null is no fact). ``keep_objects`` also keeps
    each nested object whole under its own key (the record side of a facts file, so that a
    gold ``"first_party": null`` can be compared with the party the record has)."""
    node = Node()
    for key, value in facts.items():
        if top and key not in TOP_LEVEL_KEYS and key != "duplicate_pages":
            continue
        if key in ROW_LISTS and isinstance(value, list):
            rows = [
                to_tree(row, keep_nulls, keep_objects, top=False)
                for row in value
                if isinstance(row, dict)
            ]
            node.lists[key] = [r for r in rows if keep_nulls or r.scalars or r.lists]
        elif isinstance(value, dict):
            _flatten_into(node, key, value, keep_nulls, keep_objects)
        elif value is not None or keep_nulls:
            node.scalars[key] = value
    return node


def _flatten_into(
    node: Node, prefix: str, value: dict[str, Any], keep_nulls: bool, keep_objects: bool
) -> None:
    """A nested object's values as dotted scalars (``first_party.name``)."""
    if keep_objects:
        node.scalars[prefix] = value
    for key, inner in value.items():
        name = f"{prefix}.{key}"
        if isinstance(inner, dict):
            _flatten_into(node, name, inner, keep_nulls, keep_objects)
        elif inner is not None or keep_nulls:
            node.scalars[name] = inner
