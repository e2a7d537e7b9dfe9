"""Stage 5: classify pages and group them into agreements.

An agreement is its agreement page (the pernyataan with Nama/Jabatan of both parties)
followed by its Lampiran 1 and Lampiran 2 pages up to the next agreement page. Pages that
are not PK pages (cover, foreword, Pakta Integritas, Rencana Aksi ...) are classified and
left out of every agreement.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .document import Page, Problem
from .vocabulary import (
    AGREEMENT_BODY,
    LAMPIRAN_ANY_CASE,
    LAMPIRAN_HEAD,
    LAMPIRAN_NUMBER,
    LETTERHEAD,
    OTHER_HEAD,
    PENJELASAN_HEAD,
    PK_TITLE,
    SECTION_START,
    TABEL_KINERJA,
)

_HEAD_LINES = 6
_ROMAN = {"I": "1", "II": "2", "III": "3"}


@dataclass(slots=True)
class AgreementPages:
    """The pages of one agreement, in document order (duplicates already removed)."""

    agreement_page: Page
    lampiran_pages: list[Page] = field(default_factory=list)

    @property
    def pages(self) -> list[Page]:
        return [self.agreement_page, *self.lampiran_pages]


def classify_pages(pages: list[Page]) -> list[Page]:
    """Set ``kind`` on every page; continuation pages inherit their predecessor's kind."""
    seen_agreement = False
    previous = "other"
    for page in pages:
        kind = classify(page)
        if kind is None:
            kind = previous if previous in ("lampiran_1", "lampiran_2") else "other"
            if not seen_agreement and kind == "other":
                kind = "cover"
        seen_agreement = seen_agreement or kind == "agreement"
        page.kind = kind
        previous = kind
    return pages


def classify(page: Page) -> str | None:
    """The kind a page declares by its heading and body, or None when it declares none."""
    body = [line.text for line in page.content()]
    head = [text for text in body if not LETTERHEAD.match(text)][:_HEAD_LINES]
    if any(OTHER_HEAD.match(text) for text in head[:2]):
        return "other"
    for text in head:
        if LAMPIRAN_HEAD.match(text) or LAMPIRAN_ANY_CASE.match(text):
            return _lampiran_kind(text, body)
    if any(PK_TITLE.match(text) for text in head):
        if any(AGREEMENT_BODY.search(text) for text in body[:20]):
            return "agreement"
        if any("\t" in text for text in body):
            return "lampiran_1"
        return None
    if any(PENJELASAN_HEAD.match(text) or SECTION_START.match(text) for text in head[:2]):
        return "lampiran_2"
    if any(TABEL_KINERJA.search(text) for text in head):
        return "lampiran_1"
    return None


def _lampiran_kind(heading: str, body: list[str]) -> str:
    """LAMPIRAN 1/I holds the tables, 2/II the Penjelasan; an unnumbered LAMPIRAN is told by
    its content; a third one (Rencana Aksi and the like) is not part of the agreement."""
    match = LAMPIRAN_NUMBER.match(heading)
    number = match.group(1).upper() if match else ""
    number = _ROMAN.get(number, number)
    explains = any(PENJELASAN_HEAD.match(t) or SECTION_START.match(t) for t in body)
    if number == "2" or (number != "1" and explains):
        return "lampiran_2"
    return "lampiran_1" if number in ("1", "") else "other"


def segment(pages: list[Page]) -> tuple[list[AgreementPages], list[Problem]]:
    """Group classified, de-duplicated pages into agreements."""
    agreements: list[AgreementPages] = []
    problems: list[Problem] = []
    for page in pages:
        if page.kind == "agreement":
            agreements.append(AgreementPages(page))
        elif page.kind in ("lampiran_1", "lampiran_2"):
            if agreements:
                agreements[-1].lampiran_pages.append(page)
            else:
                problems.append(
                    Problem(
                        "orphan_lampiran",
                        f"page {page.number} is a {page.kind} page before any agreement page",
                        page=page.number,
                    )
                )
    return agreements, problems
