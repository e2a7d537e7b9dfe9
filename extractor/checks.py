"""Stage 7: checks of what parsing found, turned into discrepancy records.

Only findings about the record itself live here (a NIP that cannot be right, an amount that
could not be read, an agreement page nobody signed, a Lampiran table that gave no rows).
Cross-checks between parts of a bundle build on the same ``Discrepancy`` records.
"""

from __future__ import annotations

from .document import Problem
from .models import Agreement, Discrepancy, Location
from .parse.nip import parse_nip


def problem_to_discrepancy(problem: Problem, agreement_index: int | None) -> Discrepancy:
    return Discrepancy(
        code=problem.code,
        severity=problem.severity,
        agreement_index=agreement_index,
        message=problem.message,
        values=problem.values,
        locations=[Location(page=problem.page, field=problem.field_name, line=problem.line)],
    )


def check_agreement(agreement: Agreement) -> list[Discrepancy]:
    """Record-level findings for one agreement."""
    return [*_nip_findings(agreement), *_missing_parts(agreement)]


def _nip_findings(agreement: Agreement) -> list[Discrepancy]:
    out = []
    people = [("first_party", agreement.first_party), ("second_party", agreement.second_party)]
    people += [(f"signatures[{i}]", s) for i, s in enumerate(agreement.signatures)]
    for field, person in people:
        if person is None or not person.nip:
            continue
        info = parse_nip(person.nip, agreement.year)
        if info.valid:
            continue
        page = getattr(person, "page", None) or (person.source.page if person.source else None)
        line = person.source.line_start if person.source else None
        out.append(
            Discrepancy(
                code="nip_invalid",
                severity="warning",
                agreement_index=agreement.index,
                message=f"The NIP {person.nip} printed for {person.name} cannot be right: "
                + "; ".join(info.problems)
                + ".",
                values=[person.nip],
                locations=[Location(page=page, field=f"{field}.nip", line=line)],
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
        locations=[Location(page=page, field=field, line=None)],
    )
