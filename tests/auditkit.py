"""Small builders of records for planted audit cases."""

from __future__ import annotations

from extractor.audit import Bundle
from extractor.models import (
    Agreement,
    Budget,
    Completeness,
    Explanation,
    ExplanationTarget,
    PageDate,
    Party,
    Signature,
    Span,
    TargetRow,
)
from extractor.parse.names import split_name
from extractor.parse.values import parse_quantity

#: Every part found: the audit rules do not read completeness.
COMPLETE = Completeness(
    parties="found",
    date="found",
    signatures="found",
    targets="found",
    budget="found",
    explanations="found",
)


def span(page: int = 1, line: int = 1) -> Span:
    return Span(page=page, line_start=line, line_end=line, bbox=None, confidence=None)


def party(written: str, position: str, nip: str | None = None, line: int = 3) -> Party:
    name, titles = split_name(written)
    return Party(
        name=name,
        name_as_written=written,
        titles=titles,
        position=position,
        nip=nip,
        source=span(1, line),
    )


def signature(
    role: str | None,
    written: str,
    position: str,
    page: int = 1,
    nip: str | None = None,
    line: int = 30,
) -> Signature:
    name, _ = split_name(written)
    return Signature(
        role=role,
        name=name,
        name_as_written=written,
        position=position,
        nip=nip,
        rank=None,
        page=page,
        source=span(page, line),
    )


def target(
    indicator: str,
    value: str,
    level: str | None = "sasaran_strategis",
    no: str = "1",
    line: int = 50,
) -> TargetRow:
    return TargetRow(
        no=no,
        level=level,
        name=None,
        objective="Meningkatnya kinerja",
        indicator=indicator,
        target=parse_quantity(value),
        quarterly_targets=[],
        source=span(2, line),
    )


def explanation(
    number: str, targets: list[tuple[str, str]], indicators: list[str] | None = None, line: int = 80
) -> Explanation:
    rows = [
        ExplanationTarget(
            indicator=i, target=parse_quantity(v), explanation=None, source=span(3, line + n)
        )
        for n, (i, v) in enumerate(targets)
    ]
    return Explanation(
        number=number,
        objective=None,
        objective_text=None,
        legal_basis=[],
        indicators=indicators if indicators is not None else [i for i, _ in targets],
        indicator_details=[],
        targets=rows,
        source=span(3, line),
    )


def agreement(
    index: int = 0,
    first: Party | None = None,
    second: Party | None = None,
    signatures: list[Signature] | None = None,
    targets: list[TargetRow] | None = None,
    explanations: list[Explanation] | None = None,
    date: str | None = "2025-01-02",
    page_dates: list[PageDate] | None = None,
    title: str = "PERJANJIAN KINERJA TAHUN 2025",
    budget: Budget | None = None,
) -> Agreement:
    return Agreement(
        index=index,
        id=f"pk-{index}",
        title=title,
        year=2025,
        agency=None,
        level=None,
        first_party=first or party("JONI, SE", "KASUBAG UMUM DAN KEUANGAN"),
        second_party=second or party("ISKANDAR MUDA, S.Sos.,M.Si", "SEKRETARIS DINAS", line=6),
        place="Malili",
        date=date,
        date_raw=f"Malili, {date}",
        signatures=signatures or [],
        performance_targets=targets or [],
        budget=budget or Budget(items=[], total=None),
        explanations=explanations or [],
        pages=[1, 2, 3],
        page_dates=page_dates or [],
        completeness=COMPLETE,
    )


def bundle(*agreements: Agreement, duplicates=None) -> Bundle:
    return Bundle(list(agreements), duplicates or [], [])
