"""The parties of an agreement page: ``Nama``/``Jabatan`` blocks and their roles.

Rule "labels in any arrangement": the statement is read as a stream of labels (``Nama``,
``Jabatan``, ``NIP``, ``Pangkat/Gol``, ``Unit Kerja``, ``Instansi``) and values, whatever the
layout puts between them: a colon, a tab, table pipes, or line breaks (``pdftotext`` raw order
prints label, colon and value on three lines; web transcripts one cell per line). A label may
share its line with the preamble or the role sentence, and several labels may share a line. A
label whose value is not on its line waits for the next value lines, in order.

A block opens at each ``Nama``; its role comes from the first "selanjutnya disebut Pihak
Pertama/Kedua" phrase after it (or a ``PIHAK PERTAMA`` heading before it), so stray
boilerplate lines between blocks do not shift the roles. A block without any role phrase is
the first party (a top official signing alone), then the second.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..document import ITEM_BREAK, Line, Page, Problem
from ..models import Party
from ..provenance import make_span
from .dates import parse_signing_line
from .names import split_name
from .nip import find_nip
from .values import is_masked, is_masked_nip

_LEAD = r"(?:\d{1,2}[.)]\s*|[a-z][.)]\s*)?"
_LABEL_WORDS = (
    r"(?P<nama>nama(?:\s+lengkap)?)|(?P<jabatan>jabatan)|(?P<nip>n\.?\s?i\.?\s?p)|"
    r"(?P<other>pangkat(?:\s*/\s*gol(?:ongan)?)?(?:\s*/\s*ruang)?|golongan(?:\s*/\s*ruang)?|"
    r"unit\s+kerja|instansi)"
)
# A label anywhere on a line: a whole word followed by a colon, which may sit in the next cell
# (``... di bawah ini: Nama :``, ``JABATAN\t: X``); a NIP label also by a dot or its digits.
_LABEL = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}])(?:{_LABEL_WORDS})(?![\p{{L}}\p{{N}}])\.?"
    r"(?P<sep>[ \t|]*:(?:[ \t|]*:)?)?",
    regex.I,
)
_CELL_BREAK = regex.compile(r"[\t|]")
_CELL_HEAD = regex.compile(r"[ ]*(?:\d{1,2}[.)]|[a-z][.)])?[ ]*", regex.I)
_LIST_MARK = regex.compile(_LEAD.replace("\\s*", ""), regex.I)
_CELL_END = regex.compile(r"[ ]*(?:[\t|]|$)")
_CELL_SEPARATORS = regex.compile(r"[ \t|]+")
_COLON_ONLY = regex.compile(r"^[:.\s]*$")
_ROLE_PHRASE = regex.compile(
    r"disebut\s+(?:sebagai\s+)?(?:PIHAK\s+)?(PERTAMA|KESATU|KEDUA|KE-?\s?(?:I{1,2}|[12])|I{1,2})\b",
    regex.I,
)
_ROLE_HEADING = regex.compile(
    r"^(?:[IVX]+[.)]\s*|\d[.)]\s*)?PIHAK\s+(PERTAMA|KESATU|KEDUA|I{1,2})\s*:?$", regex.I
)
_PARAGRAPH = 120
_MAX_VALUE = 100
_BODY = regex.compile(
    r"\bberjanji\b|\bakan\s+melakukan\b|^PIHAK\s+(?:PERTAMA|KESATU|KEDUA)\s*,?$", regex.I
)
# Starting at a comma or where a white-space run starts (never inside one, where the leftmost
# match never starts) keeps a run of spaces before ``selanjutnya`` from being rescanned: linear.
_TRAILING_PHRASE = regex.compile(
    r"(?:[,;]|(?<![\s,;]))\s*(?:untuk\s+)?selanjutnya\s+disebut.*$", regex.I
)
_ROLE_NOISE = regex.compile(r"[\s-]")
_NON_DIGIT = regex.compile(r"\D")
_ROLE_LABELS = {"first_party": "Pihak Pertama", "second_party": "Pihak Kedua"}
_WORD = regex.compile(r"\p{L}{2,}")


def is_noise(text: str) -> bool:
    """Rule "no word, no name": a line without a word of two or more letters (``_ -``,
    ``' .``, ``~``, ``•``, a page number) is OCR noise or a page marker, never a name or
    the rest of a position (a NIP line is read as a NIP before this applies)."""
    return _WORD.search(text) is None


@dataclass(slots=True)
class _Block:
    name_line: Line
    name_text: str = ""
    position: list[str] = field(default_factory=list)
    position_line: Line | None = None
    nip: str | None = None
    nip_line: Line | None = None
    role: str | None = None
    lines: list[Line] = field(default_factory=list)
    closed: bool = False  # its "selanjutnya disebut" phrase was read: nothing more belongs to it


@dataclass(slots=True)
class _State:
    blocks: list[_Block] = field(default_factory=list)
    pending_role: str | None = None
    waiting: list[str] = field(default_factory=list)  # labels whose value is on a later line
    last_label: str | None = None
    done: bool = False


@dataclass(slots=True)
class PartiesRead:
    """The parties of an agreement page and what could not be read of them."""

    first: Party | None
    second: Party | None
    problems: list[Problem]


def role_of(word: str) -> str:
    """``PERTAMA``/``KESATU``/``I`` -> first_party; ``KEDUA``/``II`` -> second_party."""
    w = _ROLE_NOISE.sub("", word.upper())
    return "second_party" if w in ("KEDUA", "KEII", "II", "KE2", "2") else "first_party"


def parse_parties(page: Page) -> tuple[Party | None, Party | None]:
    """First and second party of an agreement page (None where not printed)."""
    found = read_parties(page)
    return found.first, found.second


def read_parties(page: Page) -> PartiesRead:
    """The parties with the problems met reading them (masked names, positions, NIPs)."""
    blocks = _blocks(page.lines)
    first = next((b for b in blocks if b.role == "first_party"), None)
    second = next((b for b in blocks if b.role == "second_party"), None)
    unassigned = [b for b in blocks if b.role is None]
    if first is None and unassigned:
        first = unassigned.pop(0)
    if second is None and unassigned:
        second = unassigned.pop(0)
    problems: list[Problem] = []
    return PartiesRead(
        _party(first, page.number, "first_party", problems),
        _party(second, page.number, "second_party", problems),
        problems,
    )


def label_pieces(text: str) -> list[tuple[str | None, str]]:
    """A line cut at its labels: ``(None, text before the first label)`` then ``(label,
    value)`` per label, cell separators (tabs, pipes) read as spaces. A label counts when a
    colon follows it (in its cell or the next), or alone in its cell at the start of one (its
    value is in the next cell or line); a NIP label also with a dot or its digits."""
    if not _may_hold_label(text):
        stripped = _cells_as_spaces(text)
        return [(None, stripped)] if stripped else []
    pieces: list[tuple[str | None, str]] = []
    start, label = 0, None
    starts: set[int] | None = None
    for match in _LABEL.finditer(text):
        kind = _kind_of(match)
        if not match["sep"] and starts is None:
            starts = _cell_starts(text)
        if not _is_label(text, match, kind, starts or set()):
            continue
        pieces.append((label, text[start : match.start()]))
        start, label = match.end(), kind
    pieces.append((label, text[start:]))
    out = [(k, _cells_as_spaces(value)) for k, value in pieces]
    return [(k, value) for k, value in out if k or (value and not _LIST_MARK.fullmatch(value))]


def _cells_as_spaces(text: str) -> str:
    if "\t" in text or "|" in text:
        return _CELL_SEPARATORS.sub(" ", text).strip()
    return text.strip()


_HINTS = ("nama", "jabatan", "nip", "n.i.p", "n i p", "pangkat", "golongan", "unit", "instansi")


def _may_hold_label(text: str) -> bool:
    """Cheap gate before the label pattern: most lines of a page hold no label word."""
    low = text.lower()
    return any(hint in low for hint in _HINTS)


def _cell_starts(text: str) -> set[int]:
    """Where a label may open a cell: after a cell break, spaces and a list mark (``1.``)."""
    starts, offset = set(), 0
    for cell in _CELL_BREAK.split(text):
        starts.add(offset + _CELL_HEAD.match(cell).end())
        offset += len(cell) + 1
    return starts


def _is_label(text: str, match: regex.Match, kind: str, starts: set[int]) -> bool:
    if match["sep"]:
        return True
    if match.start() in starts and _CELL_END.match(text, match.end()):
        return True  # a label alone in its cell: the value follows in the next cell or line
    after = text[match.end() : match.end() + 8].lstrip()
    return kind == "nip" and (match.group(0).endswith(".") or after[:1].isdigit())


def _kind_of(match: regex.Match) -> str:
    return next(k for k in ("nama", "jabatan", "nip", "other") if match[k] is not None)


def _blocks(lines: list[Line]) -> list[_Block]:
    state = _State()
    for line in lines:
        if state.done:
            break
        if line.blank:
            continue
        for item in line.text.split(ITEM_BREAK):
            if item.strip() and not state.done:
                for label, text in label_pieces(item):
                    _take(state, line, label, text)
    return state.blocks


def _take(state: _State, line: Line, label: str | None, text: str) -> None:
    if label is None:
        _free_text(state, line, text)
        return
    if label == "nama":
        state.blocks.append(_Block(line, role=state.pending_role, lines=[line]))
        state.pending_role = None
    elif not state.blocks or state.blocks[-1].closed:
        return  # a label of no party block (before the first Nama, after a role phrase)
    value = _TRAILING_PHRASE.sub("", text).strip(" :|")
    if _COLON_ONLY.match(value):
        state.waiting.append(label)
    else:
        state.waiting.clear()  # labels with values on their line: the earlier ones are empty
        _fill(state, line, label, value)
    _take_role(state.blocks[-1], text)


def _free_text(state: _State, line: Line, text: str) -> None:
    """Text that is no label: a role heading or phrase, a value waiting for its label, a
    wrapped Jabatan, or the paragraph that ends the party blocks."""
    if heading := _ROLE_HEADING.match(text):
        state.pending_role = role_of(heading.group(1))
        return
    if _COLON_ONLY.match(text) or not state.blocks:
        return
    block = state.blocks[-1]
    if _take_role(block, text):
        state.waiting.clear()
        return
    if _ends_party_section(text):
        state.done = True  # the boilerplate or the signature block: the party blocks are over
        return
    if block.closed:
        return
    while state.waiting:
        label = state.waiting.pop(0)
        if _fits(label, text):
            _fill(state, line, label, text.strip(" :|"))
            return
    if (
        state.last_label == "jabatan"
        and len(text) < 80
        and text.upper() == text
        and not is_noise(text)
    ):
        block.position.append(text)  # a Jabatan wrapped onto the next line
        block.lines.append(line)


def _fits(label: str, text: str) -> bool:
    """Whether a line can be the value of a label printed on an earlier line."""
    if label == "nip":
        return any(ch.isdigit() for ch in text) or is_masked_nip(text)
    return len(text) <= _MAX_VALUE and not is_noise(text)


def _fill(state: _State, line: Line, label: str, value: str) -> None:
    block = state.blocks[-1]
    state.last_label = label
    if label == "nama":
        block.name_text, block.name_line = value, line
    elif label == "jabatan":
        block.position.append(value)
        block.position_line = block.position_line or line
    elif label == "nip":
        block.nip, block.nip_line = (find_nip(f"NIP {value}") or value), line
    else:
        return  # rank, unit: read past, not recorded
    if line not in block.lines:
        block.lines.append(line)


def _ends_party_section(text: str) -> bool:
    if _ROLE_PHRASE.search(text):
        return False
    return len(text) > _PARAGRAPH or bool(_BODY.search(text) or parse_signing_line(text))


def _take_role(block: _Block, text: str) -> bool:
    match = _ROLE_PHRASE.search(text)
    if not match:
        return False
    if block.role is None:
        block.role = role_of(match.group(1))
    block.closed = True
    return True


def _party(block: _Block | None, page: int, role: str, problems: list[Problem]) -> Party | None:
    if block is None or not block.name_text.strip("() "):
        return None
    as_written = block.name_text.strip()
    name, titles = split_name(as_written.strip("() "))
    position = " ".join(block.position).strip(" ,") or None
    who = _ROLE_LABELS[role]
    if is_masked(as_written):
        line = block.name_line
        problems.append(masked(f"{role}.name", f"the name of {who}", as_written, page, line))
        name = None
    if position and is_masked(position):
        line = block.position_line or block.name_line
        problems.append(masked(f"{role}.position", f"the position of {who}", position, page, line))
        position = None
    nip = _digits(block.nip)
    if block.nip and is_masked_nip(block.nip):
        line = block.nip_line or block.name_line
        problems.append(masked(f"{role}.nip", f"the NIP of {who}", block.nip, page, line))
        nip = None
    return Party(
        name=name,
        name_as_written=as_written,
        titles=titles,
        position=position,
        nip=nip,
        source=make_span(page, block.lines),
        nip_source="statement" if nip else None,
    )


def masked(field_name: str, what: str, raw: str, page: int, line: Line) -> Problem:
    """Rule "masked text is unknown": the info finding for a value printed as a mask."""
    return Problem(
        "masked_value",
        f"{what[:1].upper()}{what[1:]} on page {page} is masked or illegible ('{raw}'); it is "
        "recorded as unknown.",
        page=page,
        severity="info",
        values=[raw],
        field_name=field_name,
        line=line.number,
        bbox=list(line.bbox) if line.bbox else None,
    )


def _digits(nip: str | None) -> str | None:
    if not nip:
        return None
    digits = _NON_DIGIT.sub("", nip)
    return digits or None
