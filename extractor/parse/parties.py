"""The parties of an agreement page: ``Nama``/``Jabatan`` blocks and their roles.

A block is a ``Nama`` line with the ``Jabatan`` (and optional ``NIP``) lines after it; its
role comes from the first "selanjutnya disebut Pihak Pertama/Kedua" phrase after it (or a
``PIHAK PERTAMA`` heading before it), so stray boilerplate lines between blocks do not
shift the roles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..document import Line, Page
from ..models import Party
from ..provenance import make_span
from .dates import parse_signing_line
from .names import split_name
from .nip import find_nip

_LEAD = r"^(?:\d{1,2}[.)]\s*|[a-z][.)]\s*)?"
_NAMA = regex.compile(_LEAD + r"nama(?:\s+lengkap)?\s*[:\t]+\s*:?\s*(.*)$", regex.I)
_JABATAN = regex.compile(_LEAD + r"jabatan\s*[:\t]+\s*:?\s*(.*)$", regex.I)
_NIP_LABEL = regex.compile(_LEAD + r"nip\b", regex.I)
_OTHER_LABEL = regex.compile(_LEAD + r"(?:pangkat|golongan|unit\s+kerja|instansi)\b", regex.I)
_ROLE_PHRASE = regex.compile(
    r"disebut\s+(?:sebagai\s+)?(?:PIHAK\s+)?(PERTAMA|KESATU|KEDUA|KE-?\s?I{1,2}|I{1,2})\b", regex.I
)
_ROLE_HEADING = regex.compile(
    r"^(?:[IVX]+[.)]\s*|\d[.)]\s*)?PIHAK\s+(PERTAMA|KESATU|KEDUA)\s*:?$", regex.I
)
_PARAGRAPH = 120
_BODY = regex.compile(
    r"\bberjanji\b|\bakan\s+melakukan\b|^PIHAK\s+(?:PERTAMA|KESATU|KEDUA)\s*,?$", regex.I
)
_TRAILING_PHRASE = regex.compile(r"[,;]?\s*(?:untuk\s+)?selanjutnya\s+disebut.*$", regex.I)


@dataclass(slots=True)
class _Block:
    name_line: Line
    name_text: str
    position: list[str] = field(default_factory=list)
    nip: str | None = None
    role: str | None = None
    lines: list[Line] = field(default_factory=list)
    closed: bool = False  # its "selanjutnya disebut" phrase was read: nothing more belongs to it


def role_of(word: str) -> str:
    """``PERTAMA``/``KESATU``/``I`` -> first_party; ``KEDUA``/``II`` -> second_party."""
    w = regex.sub(r"[\s-]", "", word.upper())
    return "second_party" if w in ("KEDUA", "KEII", "II") else "first_party"


def parse_parties(page: Page) -> tuple[Party | None, Party | None]:
    """First and second party of an agreement page (None where not printed)."""
    blocks = _blocks(page.lines)
    first = next((b for b in blocks if b.role == "first_party"), None)
    second = next((b for b in blocks if b.role == "second_party"), None)
    unassigned = [b for b in blocks if b.role is None]
    if first is None and unassigned:
        first = unassigned.pop(0)
    if second is None and unassigned:
        second = unassigned.pop(0)
    return _party(first, page.number), _party(second, page.number)


def _blocks(lines: list[Line]) -> list[_Block]:
    blocks: list[_Block] = []
    pending_role: str | None = None
    last_label: str | None = None
    for line in lines:
        text = line.text.replace("\t", " ").strip()
        if not text:
            last_label = None
            continue
        if heading := _ROLE_HEADING.match(text):
            pending_role = role_of(heading.group(1))
            continue
        if match := _NAMA.match(text):
            blocks.append(_Block(line, match.group(1).strip(), role=pending_role, lines=[line]))
            pending_role, last_label = None, "nama"
            _take_role(blocks[-1], text)
            continue
        if not blocks:
            continue
        if _ends_party_section(text):
            break  # the boilerplate or the signature block: the party blocks are over
        last_label = _add_to_block(blocks[-1], line, text, last_label)
    return blocks


def _ends_party_section(text: str) -> bool:
    if _ROLE_PHRASE.search(text):
        return False
    return len(text) > _PARAGRAPH or bool(_BODY.search(text) or parse_signing_line(text))


def _add_to_block(block: _Block, line: Line, text: str, last_label: str | None) -> str | None:
    if block.closed:
        return None
    if match := _JABATAN.match(text):
        block.position.append(_TRAILING_PHRASE.sub("", match.group(1)).strip())
        block.lines.append(line)
        _take_role(block, text)
        return "jabatan"
    if _NIP_LABEL.match(text):
        block.nip = find_nip(text)
        block.lines.append(line)
        return "nip"
    if _OTHER_LABEL.match(text):
        return "other"
    if _take_role(block, text):
        return None
    if last_label == "jabatan" and len(text) < 80 and text.upper() == text:
        block.position.append(text)  # a Jabatan wrapped onto the next line
        block.lines.append(line)
        return "jabatan"
    return None


def _take_role(block: _Block, text: str) -> bool:
    match = _ROLE_PHRASE.search(text)
    if not match:
        return False
    if block.role is None:
        block.role = role_of(match.group(1))
    block.closed = True
    return True


def _party(block: _Block | None, page: int) -> Party | None:
    if block is None or not block.name_text:
        return None
    as_written = _TRAILING_PHRASE.sub("", block.name_text).strip()
    name, titles = split_name(as_written)
    position = " ".join(block.position).strip(" ,") or None
    return Party(
        name=name,
        name_as_written=as_written,
        titles=titles,
        position=position,
        nip=_digits(block.nip),
        source=make_span(page, block.lines),
    )


def _digits(nip: str | None) -> str | None:
    if not nip:
        return None
    digits = regex.sub(r"\D", "", nip)
    return digits or None
