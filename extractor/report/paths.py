"""Field paths of discrepancy locations mapped to the table cells of the report."""

from __future__ import annotations

import re
from typing import Any

from ..models import Discrepancy, ExtractionResult, Location, Span
from .views import (
    Key,
)

# ----------------------------------------------------------------------------------------
# field paths -> table cells


_PART = re.compile(r"([A-Za-z_]\w*)|\[(\d+)\]")

PARTY_COLUMNS = {
    "name": "name",
    "name_as_written": "name",
    "titles": "name",
    "position": "position",
    "nip": "nip",
}
SIGNATURE_COLUMNS = {
    "role": "role",
    "name": "name",
    "name_as_written": "name",
    "position": "position",
    "rank": "rank",
    "nip": "nip",
    "page": "page",
}
TARGET_COLUMNS = {
    "no": "no",
    "level": "level",
    "name": "name",
    "objective": "objective",
    "indicator": "indicator",
    "target": "target",
    **{f"quarterly_targets[{k}]": f"q{k}" for k in range(4)},
}
BUDGET_COLUMNS = {
    name: name for name in ("no", "level", "name", "indicator", "amount", "funding_source")
}
EXPLANATION_COLUMNS = {"indicator": "indicator", "target": "target", "explanation": "explanation"}
META_COLUMNS = {
    "title": "title",
    "year": "year",
    "agency": "agency",
    "level": "level",
    "place": "place",
    "date": "date",
    "date_raw": "date",
    "pages": "pages",
    "id": "id",
}
DUPLICATE_COLUMNS = {
    name: name for name in ("kept_page", "dropped_page", "similarity", "differences")
}


def field_parts(path: str) -> list[str | int]:
    """``budget.items[3].amount`` -> ``['budget', 'items', 3, 'amount']``."""
    return [name or int(index) for name, index in _PART.findall(path)]


def split_path(
    location: Location, discrepancy: Discrepancy, result: ExtractionResult
) -> tuple[int | None, list[str | int]]:
    """(agreement index, path inside the agreement) of a location.

    ``agreements[6].signatures[2].nip`` names its agreement; a path without that prefix is
    inside the discrepancy's agreement, or, for a bundle-wide discrepancy, inside the one
    agreement printed on the location's page."""
    parts = field_parts(location.field or "")
    if len(parts) >= 2 and parts[0] == "agreements" and isinstance(parts[1], int):
        return parts[1], parts[2:]
    agreement = discrepancy.agreement_index
    if agreement is None and parts and parts[0] != "duplicates" and location.page is not None:
        owners = [a.index for a in result.agreements if location.page in a.pages]
        if len(owners) == 1:
            agreement = owners[0]
    return agreement, parts


def locate(location: Location, discrepancy: Discrepancy, result: ExtractionResult) -> Key | None:
    """The table cell (or row, or table) a location's field path names, or None."""
    if not location.field:
        return None
    agreement, parts = split_path(location, discrepancy, result)
    if parts and parts[0] == "duplicates":
        return _locate_duplicate(parts[1:], location, discrepancy, result)
    if agreement is None:
        return None
    if not parts:
        return (agreement, "meta", None, None)
    head, rest = parts[0], parts[1:]
    if head in ("first_party", "second_party"):
        return (agreement, "parties", head, _column(rest, PARTY_COLUMNS))
    if head == "signatures":
        return _row(agreement, "signatures", rest, SIGNATURE_COLUMNS)
    if head == "performance_targets":
        return _row(agreement, "targets", rest, TARGET_COLUMNS)
    if head == "budget":
        if rest[:1] == ["total"]:
            return (agreement, "budget", "total", "amount")
        if rest[:1] == ["items"]:
            return _row(agreement, "budget", rest[1:], BUDGET_COLUMNS)
        return (agreement, "budget", None, None)
    if head == "explanations":
        if rest and isinstance(rest[0], int):
            table = f"explanation-{rest[0]}"
            if rest[1:2] == ["targets"]:
                return _row(agreement, table, rest[2:], EXPLANATION_COLUMNS)
            return (agreement, table, None, None)
        return None
    if isinstance(head, str) and head in META_COLUMNS:
        return (agreement, "meta", None, META_COLUMNS[head])
    return None


def _row(agreement: int, table: str, rest: list[str | int], columns: dict[str, str]) -> Key:
    if not rest or not isinstance(rest[0], int):
        return (agreement, table, None, None)
    return (agreement, table, rest[0], _column(rest[1:], columns))


def _column(rest: list[str | int], columns: dict[str, str]) -> str | None:
    """The shown column a sub-path names; None (the whole row) for anything else."""
    if not rest or not isinstance(rest[0], str):
        return None
    if len(rest) >= 2 and isinstance(rest[1], int):
        indexed = columns.get(f"{rest[0]}[{rest[1]}]")
        if indexed:
            return indexed
    return columns.get(rest[0])


def _locate_duplicate(
    rest: list[str | int], location: Location, discrepancy: Discrepancy, result: ExtractionResult
) -> Key:
    """``duplicates[1].dropped_page``, or ``duplicates.kept_page`` found by the page."""
    column = next((DUPLICATE_COLUMNS.get(p) for p in rest if isinstance(p, str)), None)
    if rest and isinstance(rest[0], int):
        return (None, "duplicates", rest[0], column)
    pages = {loc.page for loc in discrepancy.locations if loc.page is not None}
    candidates = [
        i
        for i, d in enumerate(result.duplicates)
        if location.page is not None
        and (
            (column in (None, "kept_page") and d.kept_page == location.page)
            or (column in (None, "dropped_page") and d.dropped_page == location.page)
        )
    ]
    both = [
        i
        for i in candidates
        if {result.duplicates[i].kept_page, result.duplicates[i].dropped_page} <= pages
    ]
    chosen = (both or candidates or [None])[0]
    return (None, "duplicates", chosen, column if chosen is not None else None)


def anchor_id(key: Key) -> str:
    """A stable element id for a key: ``f-1-targets-3-target``, ``f-b-duplicates-2``."""
    parts = ["b" if key[0] is None else str(key[0])]
    parts += [
        "_" if part is None else re.sub(r"[^A-Za-z0-9_]+", "_", str(part)) for part in key[1:]
    ]
    while parts[-1] == "_":
        parts.pop()
    return "f-" + "-".join(parts)


def resolve_source(
    location: Location, discrepancy: Discrepancy, result: ExtractionResult
) -> Span | None:
    """The source span of the value a field path names (or of its nearest parent)."""
    if not location.field:
        return None
    agreement, parts = split_path(location, discrepancy, result)
    if agreement is None or not 0 <= agreement < len(result.agreements):
        return None
    node: Any = result.agreements[agreement]
    found: Span | None = None
    for part in parts:
        try:
            node = node[part] if isinstance(part, int) else getattr(node, part)
        except (AttributeError, IndexError, TypeError):
            break
        source = getattr(node, "source", None)
        if isinstance(source, Span):
            found = source
    return found
