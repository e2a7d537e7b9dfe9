"""Lampiran 2 "Penjelasan Kinerja": one ``Explanation`` per section.

A section opens with ``Penjelasan Kinerja 1`` (or ``A.``, ``a) Penjelasan Kinerja 1.``) and
holds the Uraian Sasaran, the legal basis (a list, or a sentence naming regulations), the
indicator list, the Uraian/Relevansi/Formulasi/Sumber Data table (rows may continue after a
page break, under a repeated header) and the Target Kinerja table.
"""

from __future__ import annotations

import regex

from ..document import ITEM_BREAK, Page
from ..models import Explanation, ExplanationTarget, IndicatorDetail, Span
from ..provenance import row_span
from ..vocabulary import SECTION_START
from .tables import (
    HEADER_LABEL_WORDS,
    PageLine,
    Row,
    cells_of,
    clean_cell,
    is_continuation,
    merge_continuation,
    page_heads,
    page_lines,
    plain_line_wraps,
    row_number,
    split_number,
    wraps_first_cell,
    wraps_header,
)
from .values import parse_quantity

_URAIAN = regex.compile(r"^Uraian\s+Sasaran\b\s*\d*\s*:?\s*(.*)$", regex.I)
_NAMED_SECTION = regex.compile(
    r"^(?:[a-z][.)]\s*|\d{1,2}[.)]\s+)?Sasaran(?:\s+(?:Strategis|Program|Kegiatan|Kinerja))?"
    r"\s+\d{1,2}\s*[:.]\s*(\S[^\t]*)$",
    regex.I,
)
_TITLED_SECTION = regex.compile(r"^([A-Z]|\d{1,2})\.\s+\p{Lu}[^\t]{3,150}$")
_HEADER_WORDS = regex.compile(r"uraian|relevansi|formulasi|sumber|indikator|target", regex.I)
_INDICATOR_HEAD = regex.compile(r"^Indikator\s+Kinerja\s*:?$", regex.I)
_TARGET_HEAD = regex.compile(r"^Target\s+Kinerja\s*:?$", regex.I)
_HAS_LIST = regex.compile(
    # atomic lazy steps from the first "memiliki N" only: the same yes/no as
    # ``memiliki\s+\d+.*indi[ck]ator.*(?:yaitu|...)`` in linear time (a later start or a
    # later indikator cannot succeed where the first failed)
    r"^(?>.*?memiliki\s+\d+)(?>.*?indi[ck]ator)(?>.*?(?:yaitu|adalah|sebagai berikut))",
    regex.I,
)
_DASAR = regex.compile(r"\bDasar\s+hukum\b", regex.I)
_DASAR_LEAD = regex.compile(
    # atomic lazy steps from the first "Dasar hukum" (a later one cannot succeed where the
    # first failed); the colon's look-ahead only where a run of spaces starts (the first
    # place it holds is such a start): linear, the same match
    r"^(?>.*?\bDasar\s+hukum\b)"
    r"(?>.*?(?:antara\s+lain(?:nya)?|yaitu|adalah|meliputi|(?<!\s)(?=\s*+:)))\s*:?\s*",
    regex.I,
)
_LIST_ITEM = regex.compile(r"^(?:[-•*]|\d{1,2}[.)]|[a-z][.)])\s+(.+)$")
_REGULATION = regex.compile(
    r"(?:(?<=^)|(?<=\b(?:dan|serta|dengan|;|,|lain|lainnya|yaitu|:)\s+)|(?<=;\s*))"
    r"(?:Undang[- ]Undang|UU\b|Peraturan|Permen\w*|Perpres|Perda|Perbup|Perwali|Pergub|PP\b|"
    r"Inpres|Instruksi|Keputusan|Kepmen\w*|Surat\s+Edaran)",
    regex.I,
)
# A full stop followed by a capitalised word that starts a new sentence (not "No. 5").
_SENTENCE_END = regex.compile(
    r"(?<!\b(?:No|Nomor|Kab|Kep|Tk|Prov|Kec|Jl|Pasal|ayat|dkk))\.\s+(?=\p{Lu}\p{Ll})"
)
# (?<!\s): a match starts where its white-space run does (the leftmost one anyway), so a
# long run is not rescanned from each of its positions
_CONNECTOR_END = regex.compile(r"(?<!\s)(?:\s*[,;]|\s+(?:dan|serta))\s*+$")
_GLUED_SENTENCE = regex.compile(r"\s+Indikator\s+kinerja\s+ini\b.*$", regex.I)
_DETAIL_ROLES = [
    ("description", regex.compile(r"\bURAIAN\b", regex.I)),
    ("relevance", regex.compile(r"\bRELEVANSI\b", regex.I)),
    ("formula", regex.compile(r"\b(?:FORMULASI|RUMUS)\b", regex.I)),
    ("data_source", regex.compile(r"\bSUMBER\b", regex.I)),
    ("no", regex.compile(r"^\s*NO\b", regex.I)),
]
# Rule "no letter, no digit, no content": a line of OCR specks (``•``, ``_ -``, ``. ,``, ``~``)
# says nothing; it reads as a blank line, so it neither ends a list nor stands for an item.
_SPECK = regex.compile(r"^[^\p{L}\p{N}]+$")
_TARGET_ROLES = [
    ("indicator", regex.compile(r"\bINDIKATOR\b", regex.I)),
    ("target", regex.compile(r"\bTARGET\b", regex.I)),
    ("explanation", regex.compile(r"\b(?:PENJELASAN|KETERANGAN|ALASAN)\b", regex.I)),
]


def parse_explanations(
    pages: list[Page], signature_area: set[int] | None = None
) -> list[Explanation]:
    """Every Penjelasan Kinerja section of an agreement's Lampiran 2 pages, in order.

    Lines of the signature blocks (``signature_area``: their line numbers) are left out:
    laid out in two columns they would read as table rows."""
    return [parse_section(lines) for lines in section_lines(pages, signature_area)]


def section_lines(
    pages: list[Page], signature_area: set[int] | None = None
) -> list[list[PageLine]]:
    """The lines of each section, from its ``Penjelasan Kinerja N`` line to the next (the
    agreement stage parses them one by one when a section's parser fails)."""
    skip = signature_area or set()
    # a section's opening line is never signature matter, even when it shares its line
    # number with the end of a signature block (a form feed inside the line split them)
    lines = [
        item
        for item in page_lines(pages)
        if item.line.number not in skip or SECTION_START.match(item.line.text)
    ]
    starts = [i for i in range(len(lines)) if _section_number(lines, i)]
    ends = [*starts[1:], len(lines)] if starts else []
    return [lines[start:end] for start, end in zip(starts, ends, strict=True)]


def parse_section(lines: list[PageLine]) -> Explanation:
    """One section, from its ``Penjelasan Kinerja N`` line to the next section."""
    number = _section_number(lines, 0)
    texts = [_content(item.line.text) for item in lines]
    title, body, objective_text = _uraian(texts)
    named = _heading_objective(texts[0], number)
    objective = title or named or body
    details = _table(lines, _DETAIL_ROLES, ("description", "relevance"))
    targets = _table(lines, _TARGET_ROLES, ("indicator", "target"))
    target_models = [_target(row, roles) for row, roles in targets]
    indicators = _indicators(texts) or [t.indicator for t in target_models if t.indicator]
    return Explanation(
        number=number,
        objective=objective,
        objective_text=objective_text or named,
        legal_basis=_legal_basis(texts),
        indicators=indicators,
        indicator_details=[_detail(row, roles) for row, roles in details],
        targets=target_models,
        source=row_span(lines[0].page, [(i.page, i.line) for i in lines if not i.line.blank]),
    )


def _content(text: str) -> str:
    """A line's text, or "" for a line of specks only (``_SPECK``)."""
    return "" if _SPECK.match(text) else text


def _section_number(lines: list[PageLine], i: int) -> str | None:
    """``Penjelasan Kinerja 1`` opens a section; so does a lettered sasaran title
    (``A. Meningkatnya ...``) when an ``Uraian Sasaran`` heading follows it."""
    text = lines[i].line.text
    if match := SECTION_START.match(text):
        return match.group(1)
    match = _TITLED_SECTION.match(text)
    if not match:
        return None
    following = [item.line.text for item in lines[i + 1 : i + 8] if item.line.text][:2]
    return match.group(1) if any(_URAIAN.match(t) for t in following) else None


def _paragraphs_after(texts: list[str], start: int) -> list[str]:
    """Plain text lines after ``start`` up to the next heading, list sentence or table."""
    out = []
    for text in texts[start + 1 :]:
        if not text:
            continue
        if "\t" in text or _is_heading(text) or _HAS_LIST.search(text):
            break
        if _DASAR.search(text) and text.lstrip().lower().startswith("dasar"):
            break
        out.append(text)
    return out


def _uraian(texts: list[str]) -> tuple[str | None, str | None, str | None]:
    """The Uraian Sasaran's title (``Uraian Sasaran: <title>``), its paragraph, and the whole
    Uraian text (title and paragraphs up to the legal basis or the indicators)."""
    for i, text in enumerate(texts):
        match = _URAIAN.match(text)
        if not match:
            continue
        body = " ".join(_paragraphs_after(texts, i))
        cut = _DASAR.search(body)
        body = _strip_marker(clean_cell(body[: cut.start()] if cut else body))
        title = clean_cell(match.group(1))
        whole = " ".join(part for part in (title, body) if part) or None
        return title or None, body or None, whole
    return None, None, None


def _heading_objective(text: str, number: str | None) -> str | None:
    """Rule "the heading names the sasaran": a section opened by ``a. Sasaran Strategis 1 :
    <text>`` (or ``Sasaran 2: <text>``, a markdown heading once normalised) or by a lettered
    title ``A. <sasaran>`` over its Uraian heading explains that sasaran. It stands before
    the Uraian paragraph, which only describes the sasaran, and after an Uraian title."""
    if match := _NAMED_SECTION.match(text):
        return clean_cell(match.group(1)) or None
    if number is not None and not SECTION_START.match(text) and _TITLED_SECTION.match(text):
        return clean_cell(split_number(text)[1]) or None
    return None


def _strip_marker(text: str) -> str:
    return split_number(text)[1] if text else text


def _legal_basis(texts: list[str]) -> list[str]:
    """Regulations named after "Dasar hukum": a list under the heading, or a sentence (on the
    heading's line or in the paragraph after a bare heading)."""
    for i, text in enumerate(texts):
        if not _DASAR.search(text):
            continue
        lead = _DASAR_LEAD.match(text)
        tail = text[lead.end() :] if lead else ""
        if tail.strip():
            return split_regulations(" ".join([tail, *_continuation_paragraphs(texts, i)]))
        if items := _list_items(texts, i):
            return items
        after = next((j for j in range(i + 1, len(texts)) if texts[j]), None)
        if after is None or _DASAR.search(texts[after]) or _is_heading(texts[after]):
            continue
        body = " ".join([texts[after], *_continuation_paragraphs(texts, after)])
        if _REGULATION.search(body):
            return split_regulations(body)
    return []


def _continuation_paragraphs(texts: list[str], i: int) -> list[str]:
    """The rest of a sentence: lines wrapped in the same paragraph, then a paragraph that a
    page break cut off (it starts in lower case or with "tentang")."""
    out = []
    gap = False
    for text in texts[i + 1 :]:
        if not text:
            gap = True
            continue
        if "\t" in text or _is_heading(text) or _LIST_ITEM.match(text) or SECTION_START.match(text):
            break
        if gap and not (text[0].islower() or text.lower().startswith("tentang ")):
            break
        out.append(text)
    return out


def _list_items(texts: list[str], i: int) -> list[str]:
    """Numbered or dashed items after a heading; an item may wrap onto following lines."""
    items: list[str] = []
    for text in texts[i + 1 :]:
        if not text:
            if items:
                break
            continue
        match = _LIST_ITEM.match(text)
        if match:
            items.append(clean_cell(match.group(1)))
        elif items and "\t" not in text and not _is_heading(text):
            items[-1] = f"{items[-1]} {clean_cell(text)}"
        else:
            break
    return [item.rstrip(" .;,") for item in items]


def _is_heading(text: str) -> bool:
    return bool(_INDICATOR_HEAD.match(text) or _TARGET_HEAD.match(text) or _URAIAN.match(text))


def split_regulations(text: str) -> list[str]:
    """Cut a sentence that names several regulations into one string per regulation."""
    starts = [m.start() for m in _REGULATION.finditer(text)]
    if not starts:
        return [clean_cell(text).rstrip(".")] if text.strip() else []
    pieces = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(text)
        piece = text[start:end].strip()
        if sentence_end := _SENTENCE_END.search(piece):
            piece = piece[: sentence_end.start()]  # the paragraph goes on about something else
        piece = _CONNECTOR_END.sub("", piece)
        # (?<!\s): from where a run of spaces starts only (the leftmost match does anyway)
        piece = regex.sub(r"(?<!\s)\s++(?:yang\s++kemudian\s++)?diganti\s++dengan$", "", piece)
        pieces.append(clean_cell(piece).rstrip(" .;,"))
    return [p for p in pieces if p]


def _indicators(texts: list[str]) -> list[str]:
    for i, text in enumerate(texts):
        if not _HAS_LIST.search(text):
            continue
        items = []
        for nxt in texts[i + 1 :]:
            if not nxt:
                continue
            no, rest = split_number(nxt)
            if no is None or "\t" in nxt:
                break
            items.append(clean_cell(_GLUED_SENTENCE.sub("", rest)))
        return items
    return []


def _roles(cells: list[str], rules: list[tuple[str, regex.Pattern]]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for index, cell in enumerate(cells):
        for role, pattern in rules:
            if pattern.search(cell) and role not in roles:
                roles[role] = index
                break
    return roles


def _table(
    lines: list[PageLine], rules: list[tuple[str, regex.Pattern]], needed: tuple[str, ...]
) -> list[tuple[Row, dict[str, int]]]:
    """Rows of the first table whose header has the ``needed`` roles, across page breaks."""
    rows: list[tuple[Row, dict[str, int]]] = []
    roles: dict[str, int] | None = None
    header = ""
    header_wrap: set[str] = set()  # the lines a wrapped header took
    under_header = False
    heads = page_heads(lines)
    for item in lines:
        text = _content(item.line.text)
        if not text:
            continue
        if "\t" not in text:
            # the first cell wrapping onto a line of its own right under the row
            if rows and plain_line_wraps(rows[-1][0], item):
                merge_continuation(rows[-1][0], [text], item)
                continue
            if roles is not None and rows and item.line.number not in heads:
                break
            continue
        cells = cells_of(text)
        found = _roles(cells, rules) if _header_like(cells) and _HEADER_WORDS.search(text) else {}
        if all(r in found for r in needed):
            if roles is not None and text.lower() != header and rows:
                break  # another table of the same kind: not ours
            roles, header, under_header = found, text.lower(), True
            continue
        if roles is None:
            continue
        # every row of a target table has a target: a line without one continues a row
        values = [roles["target"]] if "target" in roles else []
        # a header wrapped over lines (text converters): its continuation lines are no rows,
        # also under the header repeated after a page break
        if under_header and (text in header_wrap or not rows and wraps_header(cells, values)):
            header_wrap.add(text)
            continue
        under_header = False
        if is_continuation(cells):
            if rows:
                merge_continuation(rows[-1][0], cells, item)
            else:
                rows.append((Row(cells, [item]), roles))
        elif rows and values and wraps_first_cell(rows[-1][0], cells, item, values):
            merge_continuation(rows[-1][0], cells, item)
        elif any(cells):
            rows.append((Row(cells, [item]), roles))
    return rows


def _header_like(cells: list[str]) -> bool:
    """A row (numbered, or continuing the one above with long text) is never a header, even
    when its wrapped text says "indikator" and "target"; a header's cells are short labels."""
    if row_number(cells[0]) or split_number(cells[0])[0]:
        return False
    return bool(cells[0]) or all(len(c.split()) <= HEADER_LABEL_WORDS for c in cells if c)


def _span(row: Row) -> Span:
    return row_span(row.page, [(item.page, item.line) for item in row.lines])


def _cell(row: Row, roles: dict[str, int], role: str) -> str | None:
    return clean_cell(row.cell(roles.get(role))) or None


def _text_cell(row: Row, roles: dict[str, int], role: str) -> str | None:
    """A free-text cell: list items and line breaks printed in it stay on lines of their own."""
    items = [clean_cell(item) for item in row.cell(roles.get(role)).split(ITEM_BREAK)]
    return "\n".join(item for item in items if item) or None


def _detail(row: Row, roles: dict[str, int]) -> IndicatorDetail:
    return IndicatorDetail(
        description=_cell(row, roles, "description"),
        relevance=_text_cell(row, roles, "relevance"),
        formula=_text_cell(row, roles, "formula"),
        data_source=_text_cell(row, roles, "data_source"),
        source=_span(row),
    )


def _target(row: Row, roles: dict[str, int]) -> ExplanationTarget:
    return ExplanationTarget(
        indicator=_cell(row, roles, "indicator"),
        target=parse_quantity(clean_cell(row.cell(roles.get("target")))),
        explanation=_text_cell(row, roles, "explanation"),
        source=_span(row),
    )
