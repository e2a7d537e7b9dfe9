"""Stage 7: checks of what parsing found, turned into discrepancy records.

Only findings about the record itself live here (a NIP that cannot be right, an amount that
could not be read, an agreement page nobody signed, a row without a target, a Lampiran table
that gave no rows). Cross-checks between parts of a bundle build on the same records.

Some findings mean that a part of the document holds content nothing could be read from (a
Lampiran table that gave no rows, an agreement page without parties): ``unreadable_sections``
turns each into an ``unreadable_section`` error, so such a record is ``partial``, never ``ok``.
"""

from __future__ import annotations

from collections.abc import Callable

import regex

from .document import Page, Problem
from .faults import guarded
from .models import Agreement, Discrepancy, Location, Span
from .parse.nip import parse_nip
from .provenance import union_bbox
from .vocabulary import TARGET_HEADER


def finding(
    code: str,
    severity: str,
    agreement: Agreement | None,
    message: str,
    values: list[str],
    field: str | None,
    source: Span | None = None,
    page: int | None = None,
    line: int | None = None,
) -> Discrepancy:
    """One discrepancy, located by the ``source`` span of the value (or a page and line)."""
    return Discrepancy(
        code=code,
        severity=severity,
        agreement_index=agreement.index if agreement else None,
        message=message,
        values=values,
        locations=[
            Location(
                page=source.page if source else page,
                field=field,
                line=source.line_start if source else line,
                bbox=source.bbox if source else None,
            )
        ],
    )


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


def check_agreement(
    agreement: Agreement, pages: list[Page] | None = None, errors: list[Problem] | None = None
) -> list[Discrepancy]:
    """Record-level findings for one agreement (``pages``: the pages it was read from).

    With ``errors`` given, a check that raises loses its own findings only and appends an
    ``internal_error`` there; without it the exception propagates (a caller's bug)."""
    pages = pages or []
    checks: list[tuple[str, Callable[[], list[Discrepancy]]]] = [
        ("nip_invalid", lambda: _nip_findings(agreement)),
        ("missing_parts", lambda: _missing_parts(agreement)),
        ("target_missing", lambda: _missing_targets(agreement)),
        ("table_not_parsed", lambda: _unparsed_tables(agreement, pages)),
        ("targets_not_parsed", lambda: _targets_not_parsed(agreement, pages)),
        ("penjelasan_table_not_parsed", lambda: _sections_without_targets(agreement, pages)),
        ("low_confidence", lambda: _low_confidence(agreement)),
    ]
    out: list[Discrepancy] = []
    for name, run in checks:
        if errors is None:
            out += run()
        else:
            out += guarded(errors, "check", f"check {name}", run, [], agreement.index)
    return out


UNREADABLE_SECTION = "unreadable_section"
#: Findings that say a part of the document was printed but could not be read.
UNREADABLE_CODES = frozenset({"table_not_parsed", "targets_not_parsed", "missing_party"})
#: The agreement parts (``Completeness`` fields) each of those findings already explains.
EXPLAINED_PARTS = {
    "table_not_parsed": ("targets", "budget"),
    "targets_not_parsed": ("targets",),
    "missing_party": ("parties",),
}


def explained_parts(discrepancies: list[Discrepancy]) -> set[tuple[int | None, str]]:
    """(agreement index, part) pairs already reported by an ``unreadable_section``."""
    return {
        (d.agreement_index, part) for d in discrepancies for part in EXPLAINED_PARTS.get(d.code, ())
    }


def unreadable_sections(discrepancies: list[Discrepancy]) -> list[Problem]:
    """An ``unreadable_section`` error for each finding that a printed part gave nothing
    (``UNREADABLE_CODES``): what an auditor needs is missing, so the record is partial."""
    out = []
    for d in discrepancies:
        if d.code not in UNREADABLE_CODES:
            continue
        page = d.locations[0].page if d.locations else None
        where = f"agreement {d.agreement_index}" if d.agreement_index is not None else "bundle"
        out.append(Problem(UNREADABLE_SECTION, f"{where}: {d.message} ({d.code})", page=page))
    return out


UNREADABLE = 0.3
_TARGET_HEADING = regex.compile(r"^Target\s+Kinerja\s*:?$", regex.I)


def check_ocr_pages(pages: list[Page], ocr_pages: list[int]) -> list[Discrepancy]:
    """OCRed pages with lines Tesseract could hardly read: what they hold may be missing."""
    out = []
    for page in pages:
        if page.number not in ocr_pages:
            continue
        poor = [
            line
            for line in page.lines
            if line.confidence is not None and line.confidence < UNREADABLE
        ]
        if not poor:
            continue
        message = (
            f"OCR could hardly read {len(poor)} line(s) of page {page.number} (a word below "
            f"{UNREADABLE:.0%} confidence); values printed there may be missing or wrong."
        )
        span = Span(
            page=page.number,
            line_start=poor[0].number,
            line_end=poor[-1].number,
            bbox=union_bbox([poor[0].bbox]),
            confidence=poor[0].confidence,
        )
        out.append(
            finding(
                "ocr_low_quality",
                "warning",
                None,
                message,
                [line.text.replace("\t", " | ")[:120] for line in poor[:3]],
                None,
                span,
            )
        )
    return out


def _sections_without_targets(agreement: Agreement, pages: list[Page]) -> list[Discrepancy]:
    """A Penjelasan section that prints a Target Kinerja heading but gave no target row."""
    lines = {line.number: line for page in pages for line in page.lines}
    out = []
    for i, section in enumerate(agreement.explanations):
        span = section.source
        if section.targets or span is None:
            continue
        heading = next(
            (
                lines[n]
                for n in range(span.line_start, span.line_end + 1)
                if n in lines and _TARGET_HEADING.match(lines[n].text)
            ),
            None,
        )
        if heading is None:
            continue
        message = (
            f"Penjelasan Kinerja {section.number or i + 1} has a Target Kinerja heading but no "
            "target row could be read under it."
        )
        out.append(
            finding(
                "table_not_parsed",
                "warning",
                agreement,
                message,
                [heading.text],
                f"explanations[{i}].targets",
                page=span.page,
                line=heading.number,
            )
        )
    return out


LOW_CONFIDENCE = 0.6


def _read_values(agreement: Agreement):
    """(field, printed value, source) of every value that carries a source span."""
    for role in ("first_party", "second_party"):
        party = getattr(agreement, role)
        if party:
            yield role, party.name_as_written, party.source
    for i, s in enumerate(agreement.signatures):
        yield f"signatures[{i}]", s.name_as_written, s.source
    for i, t in enumerate(agreement.performance_targets):
        yield f"performance_targets[{i}]", f"{t.indicator}: {t.target.raw}", t.source
    for i, b in enumerate(agreement.budget.items):
        yield f"budget.items[{i}]", f"{b.name}: {b.amount.raw if b.amount else ''}", b.source
    for i, e in enumerate(agreement.explanations):
        for j, t in enumerate(e.targets):
            yield f"explanations[{i}].targets[{j}]", f"{t.indicator}: {t.target.raw}", t.source


_SECTIONS = {
    "first_party": "the parties",
    "second_party": "the parties",
    "signatures": "the signature blocks",
    "performance_targets": "the Lampiran 1 targets",
    "budget": "the budget",
}


def _section(field: str) -> tuple[str, str]:
    """(group key, label) of a value's field: its table, or its Penjelasan section."""
    head = field.split("[", 1)[0].split(".", 1)[0]
    if head == "explanations":
        key = field.split(".", 1)[0]
        return key, f"Penjelasan section {int(key[len('explanations[') : -1]) + 1}"
    return _SECTIONS.get(head, head), _SECTIONS.get(head, head)


def _low_confidence(agreement: Agreement) -> list[Discrepancy]:
    """Values OCR read with little confidence: a person should look at the page.

    Rule "one note per region": a harsh scan has many such values, so they are reported
    once per page and table (or Penjelasan section), listing every value with its field,
    line and box, not once per value."""
    groups: dict[tuple[int, str], list[tuple[str, str, Span]]] = {}
    labels: dict[tuple[int, str], str] = {}
    for field, value, source in _read_values(agreement):
        if source is None or source.confidence is None or source.confidence >= LOW_CONFIDENCE:
            continue
        key, label = _section(field)
        groups.setdefault((source.page, key), []).append((field, value, source))
        labels[(source.page, key)] = label
    out = []
    for (page, key), values in groups.items():
        lowest = min(source.confidence or 0.0 for _, _, source in values)
        count = f"{len(values)} value{'s' if len(values) > 1 else ''}"
        message = (
            f"OCR read {count} of {labels[(page, key)]} on page {page} with low confidence "
            f"(lowest {lowest:.0%}); check {'them' if len(values) > 1 else 'it'} against the page."
        )
        locations = [
            Location(page=s.page, field=field, line=s.line_start, bbox=s.bbox)
            for field, _, s in values
        ]
        out.append(
            Discrepancy(
                code="low_confidence",
                severity="info",
                agreement_index=agreement.index,
                message=message,
                values=[value for _, value, _ in values],
                locations=locations,
            )
        )
    return out


def _nip_findings(agreement: Agreement) -> list[Discrepancy]:
    """Each impossible NIP once, where it is printed (a signature's NIP line first)."""
    people = [(f"signatures[{i}]", s) for i, s in enumerate(agreement.signatures)]
    people += [
        (f, p)
        for f, p in (
            ("first_party", agreement.first_party),
            ("second_party", agreement.second_party),
        )
        if p
    ]
    out, seen = [], set()
    for field, person in people:
        if not person.nip or person.nip in seen:
            continue
        info = parse_nip(person.nip, agreement.year)
        if info.valid:
            continue
        seen.add(person.nip)
        message = (
            f"The NIP {person.nip} printed for {person.name} cannot be right: "
            + "; ".join(info.problems)
            + "."
        )
        source = person.source
        if source and field.startswith("signatures"):  # the NIP is the last line of a block
            source = source.model_copy(update={"line_start": source.line_end})
        out.append(
            finding(
                "nip_invalid", "warning", agreement, message, [person.nip], f"{field}.nip", source
            )
        )
    return out


def _missing_parts(agreement: Agreement) -> list[Discrepancy]:
    page = agreement.pages[0]
    out = []
    if not any(s.page == page for s in agreement.signatures):
        out.append(
            finding(
                "missing_signatures",
                "warning",
                agreement,
                "The agreement page has no signature block that could be read.",
                [],
                "signatures",
                page=page,
            )
        )
    if agreement.first_party is None:
        out.append(
            finding(
                "missing_party",
                "warning",
                agreement,
                "The agreement page names no Pihak Pertama (no Nama/Jabatan block).",
                [],
                "first_party",
                page=page,
            )
        )
    return out


def _missing_targets(agreement: Agreement) -> list[Discrepancy]:
    """A Lampiran 1 row that prints no target (an empty cell where a number belongs)."""
    out = []
    for i, row in enumerate(agreement.performance_targets):
        if row.target.raw.strip(" -") or row.quarterly_targets:
            continue
        message = (
            f"Row {row.no or '?'} of the Lampiran 1 target table "
            f"({row.objective or row.name or 'no objective'}) prints no target."
        )
        out.append(
            finding(
                "target_missing",
                "info",
                agreement,
                message,
                [row.indicator or ""],
                f"performance_targets[{i}].target",
                row.source,
            )
        )
    return out


def _targets_not_parsed(agreement: Agreement, pages: list[Page]) -> list[Discrepancy]:
    """Lampiran 1 prints a target table (a header row naming TARGET and an indicator or
    sasaran column) but the agreement has no target row: the table was not read.

    ``table_not_parsed`` only sees pages that gave no row at all; this also catches a
    target table whose rows were lost on a page whose budget was read."""
    if agreement.performance_targets:
        return []
    for page in pages:
        if page.kind != "lampiran_1":
            continue
        header = next((line for line in page.lines if TARGET_HEADER.match(line.text)), None)
        if header is None:
            continue
        message = (
            f"Lampiran 1 (page {page.number}) prints a target table but no target row could "
            "be read from it; the agreement's targets are missing."
        )
        span = Span(
            page=page.number,
            line_start=header.number,
            line_end=header.number,
            bbox=union_bbox([header.bbox]),
            confidence=header.confidence,
        )
        return [
            finding(
                "targets_not_parsed",
                "warning",
                agreement,
                message,
                [header.text.replace("\t", " | ")[:200]],
                "performance_targets",
                span,
            )
        ]
    return []


def _unparsed_tables(agreement: Agreement, pages: list[Page]) -> list[Discrepancy]:
    """A Lampiran 1 page that prints table rows but gave no target or budget row."""
    used = {row.source.page for row in agreement.performance_targets if row.source}
    used |= {item.source.page for item in agreement.budget.items if item.source}
    out = []
    for page in pages:
        rows = [line for line in page.lines if "\t" in line.text]
        if page.kind != "lampiran_1" or page.number in used or len(rows) < 2:
            continue
        message = (
            f"Page {page.number} prints a table ({len(rows)} rows) but no target or budget "
            "row could be read from it; its columns were not recognised."
        )
        span = Span(
            page=page.number,
            line_start=rows[0].number,
            line_end=rows[-1].number,
            bbox=union_bbox([rows[0].bbox]),
            confidence=None,
        )
        out.append(
            finding(
                "table_not_parsed",
                "warning",
                agreement,
                message,
                [rows[0].text.replace("\t", " | ")[:200]],
                "performance_targets",
                span,
            )
        )
    return out
