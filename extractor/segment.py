"""Stage 5: classify pages and group them into agreements.

An agreement is its agreement page (the pernyataan with Nama/Jabatan of both parties)
followed by its Lampiran 1 and Lampiran 2 pages up to the next agreement page. Pages that
are not PK pages (cover, foreword, Pakta Integritas, Rencana Aksi ...) are classified and
left out of every agreement.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .document import Page, Problem
from .vocabulary import (
    AGREEMENT_BODY,
    LAMPIRAN_NUMBER,
    LETTERHEAD,
    OTHER_HEAD,
    PENJELASAN_PART,
    PK_TITLE,
    SECTION_START,
    TABEL_KINERJA,
    is_flat_table_header,
    is_lampiran_head,
    is_page_marker,
    is_penjelasan_head,
    is_pk_title,
    unshift_heading,
    unspread,
)

_HEAD_LINES = 6
_BODY_LINES = 30
_ROMAN = {"I": "1", "II": "2", "III": "3"}
_ROLE = regex.compile(r"\bpihak\s+(?:pertama|kesatu|kedua|I{1,2}\b)", regex.I)
# The role sentence of a statement ("selanjutnya disebut pihak pertama", "selaku atasan
# pihak pertama"), not the role word over a signature column.
_ROLE_STATEMENT = regex.compile(r"disebut\s+(?:sebagai\s+)?pihak|selaku\s+atasan", regex.I)
_STATEMENT = regex.compile(r"bertanda\s*tangan", regex.I)
# The promise of a one-party statement (a Menteri or Bupati signing alone names no Pihak):
# "... yang bertanda tangan di bawah ini: Nama: Jabatan: berjanji akan mewujudkan target".
_PROMISE = regex.compile(r"\bberjanji\s+akan\s+mewujudkan\b", regex.I)


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
    """The kind a page declares by its heading and body, or None when it declares none.

    An agreement page is a PK title over an agreement body, or, when the title is missing
    or unreadable, a statement by which parties sign ("bertanda tangan" and a Pihak
    Pertama/Kedua) that no non-PK heading opens; the statement decides over a leading
    LAMPIRAN caption."""
    body = [line.text for line in page.content()]
    head = _head(body)
    if any(OTHER_HEAD.match(text) for text in head[:2]):
        return "other"
    for text in head:
        if is_lampiran_head(text):
            # a leading ``Lampiran ...`` caption over the parties' statement (a form
            # labelled as the attachment of a decree) does not make the page an attachment
            if _is_statement(body[:_BODY_LINES]):
                return "agreement"
            return _lampiran_kind(text, body)
    if any(is_pk_title(text) for text in head):
        if any(AGREEMENT_BODY.search(text) or _ROLE_STATEMENT.search(text) for text in body[:20]):
            return "agreement"
        if any("\t" in text or is_flat_table_header(text) for text in body):
            return "lampiran_1"
        return None
    if _is_statement(body[:_BODY_LINES]):
        return "agreement"
    if any(is_penjelasan_head(t) or SECTION_START.match(t) for t in head[:2]):
        return "lampiran_2"
    if any(TABEL_KINERJA.search(text) for text in head):
        return "lampiran_1"
    if head and PENJELASAN_PART.match(head[0]):
        return "lampiran_2"
    return None


def _head(body: list[str]) -> list[str]:
    """The first lines under the letterhead, page markers left out, spread letters joined,
    a heading shifted into a cell of its own read as the heading (``unshift_heading``)."""
    head: list[str] = []
    for text in body:
        if len(head) == _HEAD_LINES:
            break
        text = unshift_heading(text)
        if not LETTERHEAD.match(text) and not is_page_marker(text):
            head.append(unspread(text))
    return head


def _is_statement(body: list[str]) -> bool:
    """The parties' statement: "kami yang bertanda tangan" and the role words, or, signed by
    one party, its promise ("berjanji akan mewujudkan")."""
    if not any(_STATEMENT.search(t) for t in body):
        return False
    return any(_ROLE.search(t) or _PROMISE.search(t) for t in body)


def _lampiran_kind(heading: str, body: list[str]) -> str:
    """LAMPIRAN 1/I holds the tables, 2/II the Penjelasan; an unnumbered LAMPIRAN is told by
    its content; a third one (Rencana Aksi and the like) is not part of the agreement."""
    match = LAMPIRAN_NUMBER.match(heading)
    number = match.group(1).upper() if match else ""
    number = _ROMAN.get(number, number)
    explains = any(is_penjelasan_head(t) or SECTION_START.match(t) for t in body)
    if number == "2" or (number != "1" and explains):
        return "lampiran_2"
    return "lampiran_1" if number in ("1", "") else "other"


def segment(pages: list[Page]) -> tuple[list[AgreementPages], list[Problem]]:
    """Group classified, de-duplicated pages into agreements.

    Lampiran pages before any agreement page are orphans; when the bundle has no agreement
    page at all (its statement page lost or unreadable) they still make one agreement, led
    by the first of them, so that a bundle of PK attachments is not taken for a non-PK."""
    agreements: list[AgreementPages] = []
    orphans: list[Page] = []
    for page in pages:
        if page.kind == "agreement":
            agreements.append(AgreementPages(page))
        elif page.kind in ("lampiran_1", "lampiran_2"):
            if agreements:
                agreements[-1].lampiran_pages.append(page)
            else:
                orphans.append(page)
    if not agreements and not orphans and (lead := _reads_as_pk(pages)) is not None:
        message = (
            f"page {lead.number} reads as a Perjanjian Kinerja (a PK title or a Pihak "
            "Pertama/Kedua statement) but no agreement page could be recognised; its pages "
            "are read as one agreement"
        )
        lead.kind = "agreement"  # read as one, as an attachment-only bundle's lead is
        # the unclassified pages after it may hold its damaged statement; a page of
        # another document (KATA PENGANTAR ...) is left out
        later = [p for p in pages if p is not lead and p.number >= lead.number]
        rest = [p for p in later if p.kind == "cover"]
        for page in rest:
            page.kind = "other"
        return [AgreementPages(lead, rest)], [
            Problem("agreement_unrecognised", message, lead.number)
        ]
    if orphans and not agreements:
        lead = orphans[0]
        message = (
            f"no agreement page was found: the Lampiran from page {lead.number} on "
            "are read as one agreement without its statement"
        )
        return [AgreementPages(lead, orphans[1:])], [
            Problem("agreement_page_missing", message, page=lead.number)
        ]
    problems = [
        Problem(
            "orphan_lampiran",
            f"page {page.number} is a {page.kind} page before any agreement page",
            page=page.number,
        )
        for page in orphans
    ]
    return agreements, problems


# A Pihak Pertama/Kedua statement: the party named in one of the PK's own sentences.
_PARTY_STATEMENT = regex.compile(
    r"\bpihak\s++(?:pertama|kesatu|kedua)\b.{0,120}?\b(?:berjanji|selanjutnya\s+disebut|"
    r"akan\s+melakukan|akan\s+memberikan)\b|\b(?:selanjutnya\s+disebut|selaku\s+atasan)\b"
    r".{0,40}?\bpihak\s++(?:pertama|kesatu|kedua)\b",
    regex.I,
)


def _reads_as_pk(pages: list[Page]) -> Page | None:
    """Rule "a text that reads as a PK is never a non-PK": the first page printing a PK
    title with its year (a report's ``B. PERJANJIAN KINERJA`` heading is not one) or a Pihak
    Pertama/Kedua statement, when no page was classified as a PK part (a statement too
    damaged to classify, a title over unreadable text)."""
    for page in pages:
        for line in page.lines:
            text = line.text
            if len(text) <= 2000 and (PK_TITLE.match(text) or _PARTY_STATEMENT.search(text)):
                return page
    return None
