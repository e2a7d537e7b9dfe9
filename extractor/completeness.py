"""Which parts of an agreement were read: ``found``, ``absent`` or ``unreadable``.

Parties are found when the first party is read and so is the second, unless the agreement
page names none (a Bupati's or Menteri's own statement has one party only).

A part is ``unreadable`` only on evidence that the document prints it (a Nama block or a
Pihak Pertama statement, a date-shaped line, a NIP or role line of a signature block, a
target or budget table header, an amount, a Penjelasan page with content) while the parser
read nothing of it; without such evidence it is ``absent``. Expectations ("a PK has a
budget") never decide: a Penjelasan-less agreement is complete, a blank form's empty date
is ``absent``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import regex

from .document import Page
from .models import Agreement, Completeness, PartState
from .parse.dates import MONTHS
from .vocabulary import AMOUNT, NIP_LINE, ROLE_LINE, TARGET_HEADER, is_flat_table_header

_PARTY_EVIDENCE = regex.compile(
    r"^\s*+(?:\d{1,2}\.\s*+)?nama\b|\bpihak\s++(?:pertama|kesatu|kedua)\b|bertanda\s*+tangan",
    regex.I,
)
# A second party: named as such, or the superior the first party signs with.
_SECOND_PARTY = regex.compile(r"\bpihak\s++kedua\b|\bselaku\s++atasan\b", regex.I)
_MONTH_WORDS = "|".join(sorted((m for m in MONTHS if len(m) > 3), key=len, reverse=True))
# A date line: a month name and a year on one short line, or the "pada hari ini" sentence.
_DATE_EVIDENCE = regex.compile(
    rf"^(?=.{{0,120}}$).*?\b(?:{_MONTH_WORDS})\b.{{0,20}}?\b(?:19|20)\d\d\b|^pada\s+hari\s+ini",
    regex.I,
)
_BLANK_DATE = regex.compile(r"[._…]{3}|\b20[xX]{2}\b")
_PERCENT_ROW = regex.compile(r"\t[^\t]{0,40}\d\s*%")
_AMOUNT = regex.compile(AMOUNT, regex.I)
_BUDGET_HEADER = regex.compile(r"(?:^|\t)\s*(?:PAGU\s+)?ANGGARAN\b[^\t]{0,20}(?:\t|$)", regex.I)


#: The completeness of an agreement whose assessment failed: nothing can be vouched for.
UNASSESSED = Completeness(
    parties="unreadable",
    date="unreadable",
    signatures="unreadable",
    targets="unreadable",
    budget="unreadable",
    explanations="unreadable",
)


def assess(agreement: Agreement, pages: list[Page]) -> Completeness:
    """The completeness of ``agreement`` as read from ``pages`` (its own, duplicates dropped)."""
    kinds = {kind: [p for p in pages if p.kind == kind] for kind in ("agreement", "lampiran_1")}
    statement = kinds["agreement"][:1] or pages[:1]
    lampiran_1 = kinds["lampiran_1"]
    penjelasan = [p for p in pages if p.kind == "lampiran_2"]
    parties_read = agreement.first_party is not None and (
        agreement.second_party is not None or not _any(statement, _SECOND_PARTY.search)
    )
    budget = agreement.budget
    return Completeness(
        parties=_state(parties_read, _any(statement, _PARTY_EVIDENCE.search)),
        date=_date_state(agreement, pages),
        signatures=_state(bool(agreement.signatures), _any(pages, _signature_line)),
        targets=_state(bool(agreement.performance_targets), _any(lampiran_1, _target_line)),
        budget=_state(bool(budget.items or budget.total), _any(lampiran_1, _budget_line)),
        explanations=_state(bool(agreement.explanations), any(p.content() for p in penjelasan)),
    )


def unreadable_parts(completeness: Completeness) -> list[str]:
    """The names of the parts printed but not read, in schema order."""
    return [name for name, state in completeness.model_dump().items() if state == "unreadable"]


def _state(read: bool, printed: bool) -> PartState:
    if read:
        return "found"
    return "unreadable" if printed else "absent"


def _date_state(agreement: Agreement, pages: list[Page]) -> PartState:
    """A date read is found; a blank form's date (dots, ``20xx``) is absent: the document
    prints none; a place-and-date line that gave no date (an impossible ``31 Februari``)
    and a date-shaped line that gave nothing are unreadable: the record must not say ok."""
    raws = [agreement.date_raw, *(d.date_raw for d in agreement.page_dates)]
    if agreement.date or any(d.date for d in agreement.page_dates):
        return "found"
    if any(raw and _BLANK_DATE.search(raw) for raw in raws):
        return "absent"
    if any(raws):
        return "unreadable"  # printed, but no date could be made of it (``31 Februari``)
    return _state(False, _any(pages, _DATE_EVIDENCE.search))


def _any(pages: Iterable[Page], test: Callable[[str], object]) -> bool:
    return any(test(line.text) for page in pages for line in page.lines if not line.blank)


def _signature_line(text: str) -> bool:
    """A NIP line or a role line of its own (``PIHAK PERTAMA,``), as signature blocks print."""
    if NIP_LINE.match(text):
        return True
    cells = [cell.strip() for cell in text.split("\t") if cell.strip()]
    return bool(cells) and all(_role_only(cell) for cell in cells)


def _role_only(cell: str) -> bool:
    found = ROLE_LINE.match(cell) if len(cell) <= 40 else None
    return found is not None and not found.group(2).strip(" ,.:")


def _target_line(text: str) -> bool:
    return bool(
        TARGET_HEADER.match(text) or is_flat_table_header(text) or _PERCENT_ROW.search(text)
    )


def _budget_line(text: str) -> bool:
    return bool(_AMOUNT.search(text) or _BUDGET_HEADER.search(text))
