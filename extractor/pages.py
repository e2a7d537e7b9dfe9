"""Stage 3: split a text into pages.

Text input has no page marks (except form feeds from pdftotext), so boundaries are inferred
from the structure: a PK title that opens an agreement or a Lampiran table, each LAMPIRAN
heading, a non-PK heading, a Penjelasan section that follows a closed signature block, a
table header repeated right after its own rows (the table went on over a page break), and
runs of blank lines where images were removed.
"""

from __future__ import annotations

from .document import Line, Page
from .vocabulary import (
    AGREEMENT_BODY,
    LAMPIRAN_ANY_CASE,
    LAMPIRAN_HEAD,
    LETTERHEAD,
    NIP_LINE,
    OTHER_HEAD,
    PK_TITLE,
    POSITION_WORD,
    ROLE_LINE,
    SECTION_START,
    is_signature_end,
)

_LOOKAHEAD = 10
_MIN_LINES_BEFORE_SPLIT = 3
_BLANK_RUN = 3


def split_pages(lines: list[Line]) -> list[Page]:
    """Group lines into pages numbered 1..n; blank lines stay with the page before them."""
    starts = sorted(_boundaries(lines))
    pages: list[Page] = []
    leading: list[Line] = []  # blank lines before the first page (then a form feed)
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        chunk = lines[start:end]
        if any(not line.blank for line in chunk):
            pages.append(Page(number=len(pages) + 1, lines=leading + chunk))
            leading = []
        elif pages:
            pages[-1].lines.extend(chunk)
        else:
            leading.extend(chunk)
    return pages


def _boundaries(lines: list[Line]) -> set[int]:
    starts = {0}
    page_start = 0
    prev_content: int | None = None
    blank_run = 0
    header_seen: dict[str, int] = {}
    for i, line in enumerate(lines):
        if "\f" in line.raw:
            cut = i if not line.raw.split("\f", 1)[0].strip() else i + 1
            if cut < len(lines):
                starts.add(cut)
                page_start = cut
        if line.blank:
            blank_run += 1
            continue
        if _opens_page(lines, i, page_start, prev_content, blank_run, header_seen):
            start = _letterhead_start(lines, i, page_start)
            starts.add(start)
            page_start = start
            header_seen = {}
        if "\t" in line.text and _is_header_row(line.text):
            header_seen.setdefault(line.text.lower(), i)
        prev_content = i
        blank_run = 0
    return starts


def _opens_page(
    lines: list[Line],
    i: int,
    page_start: int,
    prev: int | None,
    blank_run: int,
    headers: dict[str, int],
) -> bool:
    text = lines[i].text
    if i == page_start or prev is None:
        return False
    has_room = _has_content(lines, page_start, i)
    prev_text = lines[prev].text
    if PK_TITLE.match(text):
        return has_room and _starts_content(lines, i)
    if LAMPIRAN_HEAD.match(text) or LAMPIRAN_ANY_CASE.match(text) or OTHER_HEAD.match(text):
        return has_room or not _is_title_block(lines, page_start, i)
    if SECTION_START.match(text):
        return is_signature_end(prev_text) or _closes_signature(lines, page_start, prev)
    if "\t" in text and text.lower() in headers and "\t" in prev_text:
        return not _is_header_row(prev_text)
    if blank_run >= _BLANK_RUN and has_room:
        return is_signature_end(prev_text) and not is_signature_end(text) and not _is_sig_head(text)
    return False


def _letterhead_start(lines: list[Line], i: int, page_start: int) -> int:
    """A page may open with a letterhead above its title (PEMERINTAH ..., Jl. ...): when
    such lines sit between a closed signature block and the title, the page starts there."""
    j = i - 1
    while j > page_start and (lines[j].blank or LETTERHEAD.match(lines[j].text)):
        j -= 1
    if j == page_start and (lines[j].blank or LETTERHEAD.match(lines[j].text)):
        return page_start  # only a letterhead so far: it belongs to this title's page
    if j < i - 1 and is_signature_end(lines[j].text):
        return next(k for k in range(j + 1, i + 1) if not lines[k].blank)
    return i


def _has_content(lines: list[Line], start: int, end: int) -> bool:
    """At least a few non-blank lines since the page start (stops counting early)."""
    count = 0
    for line in lines[start:end]:
        count += not line.blank
        if count >= _MIN_LINES_BEFORE_SPLIT:
            return True
    return False


def _is_title_block(lines: list[Line], start: int, end: int) -> bool:
    """True when everything since the page start is heading text (a multi-line heading)."""
    return all(line.blank or "\t" not in line.text for line in lines[start:end])


def _starts_content(lines: list[Line], i: int) -> bool:
    """A PK title opens a page when an agreement body or a table follows it."""
    seen = 0
    for line in lines[i + 1 :]:
        if line.blank:
            continue
        seen += 1
        if seen > _LOOKAHEAD or PK_TITLE.match(line.text) or LAMPIRAN_HEAD.match(line.text):
            return False
        if AGREEMENT_BODY.search(line.text) or "\t" in line.text:
            return True
    return False


def _is_header_row(text: str) -> bool:
    """Header rows name their columns (No, Uraian, Target ...) and hold no amounts."""
    lowered = text.lower()
    return any(word in lowered for word in ("uraian", "indikator", "target", "anggaran", "sasaran"))


def _is_sig_head(text: str) -> bool:
    return bool(ROLE_LINE.match(text) or POSITION_WORD.search(text))


def _closes_signature(lines: list[Line], page_start: int, prev: int) -> bool:
    """A block may end with the name under its NIP: a short line right after a NIP line."""
    text = lines[prev].text
    if "\t" in text or len(text) > 60 or POSITION_WORD.search(text):
        return False
    before = next((line for line in reversed(lines[page_start:prev]) if not line.blank), None)
    return before is not None and bool(NIP_LINE.match(before.text))
