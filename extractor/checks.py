"""Stage 7: checks of what parsing found, turned into discrepancy records.

Only findings about the record itself live here (a NIP that cannot be right, an amount that
could not be read, an agreement page nobody signed, a Lampiran table that gave no rows).
Cross-checks between parts of a bundle build on the same ``Discrepancy`` records.
"""

from __future__ import annotations

from .document import Page, Problem
from .models import Agreement, Discrepancy, Location
from .parse.nip import parse_nip
from .provenance import union_bbox


def problem_to_discrepancy(problem: Problem, agreement_index: int | None) -> Discrepancy:
    return Discrepancy(
        code=problem.code,
        severity=problem.severity,
        agreement_index=agreement_index,
        message=problem.message,
        values=problem.values,
        locations=[
            Location(
                page=problem.page, field=problem.field_name, line=problem.line, bbox=problem.bbox
            )
        ],
    )


def check_agreement(agreement: Agreement, pages: list[Page] | None = None) -> list[Discrepancy]:
    """Record-level findings for one agreement (``pages``: the pages it was read from)."""
    found = [*_nip_findings(agreement), *_missing_parts(agreement), *_missing_targets(agreement)]
    return found + _unparsed_tables(agreement, pages or [])


def _missing_targets(agreement: Agreement) -> list[Discrepancy]:
    """A Lampiran 1 row that prints no target (an empty cell where a number belongs)."""
    out = []
    for i, row in enumerate(agreement.performance_targets):
        if row.target.raw.strip(" -") or row.quarterly_targets:
            continue
        src = row.source
        out.append(
            Discrepancy(
                code="target_missing",
                severity="info",
                agreement_index=agreement.index,
                message=f"Row {row.no or '?'} of the Lampiran 1 target table "
                f"({row.objective or row.name or 'no objective'}) prints no target.",
                values=[row.indicator or ""],
                locations=[
                    Location(
                        page=src.page if src else None,
                        field=f"performance_targets[{i}].target",
                        line=src.line_start if src else None,
                        bbox=src.bbox if src else None,
                    )
                ],
            )
        )
    return out


def _unparsed_tables(agreement: Agreement, pages: list[Page]) -> list[Discrepancy]:
    """A Lampiran 1 page that prints table rows but gave no target or budget row."""
    used = {row.source.page for row in agreement.performance_targets if row.source}
    used |= {item.source.page for item in agreement.budget.items if item.source}
    out = []
    for page in pages:
        rows = [line for line in page.lines if "\t" in line.text]
        if page.kind != "lampiran_1" or page.number in used or len(rows) < 2:
            continue
        out.append(
            Discrepancy(
                code="table_not_parsed",
                severity="warning",
                agreement_index=agreement.index,
                message=f"Page {page.number} prints a table ({len(rows)} rows) but no target or "
                "budget row could be read from it; its columns were not recognised.",
                values=[rows[0].text.replace("\t", " | ")[:200]],
                locations=[
                    Location(
                        page=page.number,
                        field="performance_targets",
                        line=rows[0].number,
                        bbox=union_bbox([rows[0].bbox]),
                    )
                ],
            )
        )
    return out


def _nip_findings(agreement: Agreement) -> list[Discrepancy]:
    """Each impossible NIP once, where it is printed (a signature's NIP line first)."""
    out = []
    seen: set[str] = set()
    people = [(f"signatures[{i}]", s, s.source) for i, s in enumerate(agreement.signatures)]
    for field, party in (
        ("first_party", agreement.first_party),
        ("second_party", agreement.second_party),
    ):
        if party is not None:
            people.append((field, party, party.source))
    for field, person, span in people:
        if not person.nip or person.nip in seen:
            continue
        info = parse_nip(person.nip, agreement.year)
        if info.valid:
            continue
        seen.add(person.nip)
        line = (
            span.line_end if span and field.startswith("signatures") else span and span.line_start
        )
        out.append(
            Discrepancy(
                code="nip_invalid",
                severity="warning",
                agreement_index=agreement.index,
                message=f"The NIP {person.nip} printed for {person.name} cannot be right: "
                + "; ".join(info.problems)
                + ".",
                values=[person.nip],
                locations=[
                    Location(
                        page=span.page if span else None,
                        field=f"{field}.nip",
                        line=line,
                        bbox=span.bbox if span else None,
                    )
                ],
            )
        )
    return out


def _missing_parts(agreement: Agreement) -> list[Discrepancy]:
    out = []
    agreement_page = agreement.pages[0]
    if not any(s.page == agreement_page for s in agreement.signatures):
        out.append(
            _missing(
                "missing_signatures",
                agreement,
                agreement_page,
                "signatures",
                "The agreement page has no signature block that could be read.",
            )
        )
    if agreement.first_party is None:
        out.append(
            _missing(
                "missing_party",
                agreement,
                agreement_page,
                "first_party",
                "The agreement page names no Pihak Pertama (no Nama/Jabatan block).",
            )
        )
    return out


def _missing(code: str, agreement: Agreement, page: int, field: str, message: str) -> Discrepancy:
    return Discrepancy(
        code=code,
        severity="warning",
        agreement_index=agreement.index,
        message=message,
        values=[],
        locations=[Location(page=page, field=field, line=None, bbox=None)],
    )
