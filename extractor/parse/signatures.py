"""Signature blocks: who signed a page, in which role, with which position, rank and NIP.

Two signature columns (Pihak Kedua left, Pihak Pertama right) reach us flattened into one
text column in various orders: column after column, or both heads (role/position) first and
both names after. Heads and names keep their left-to-right order in either case, so the
block is read as a list of heads and a list of names paired in order; a NIP belongs to the
name right above it (or, for a run of names followed by a run of NIPs, in order).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import permutations

from rapidfuzz import fuzz

from ..document import Line, Page
from ..models import Party, Signature, Span
from ..vocabulary import NAME_IN_PARENS, NIP_LINE, POSITION_WORD, RANK_LINE, ROLE_LINE
from .dates import SigningDate, parse_signing_line
from .names import split_name, strip_titles_for_match
from .nip import find_nip, find_nips
from .parties import role_of

_MAX_SIG_LINE = 70
_MAX_SIG_WORDS = 9


@dataclass(slots=True)
class _Head:
    role: str | None
    position: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Name:
    line: Line
    text: str
    rank: str | None = None
    nip: str | None = None
    last_line: Line | None = None


@dataclass(slots=True)
class SignatureBlock:
    """What one page's signature area holds."""

    signatures: list[Signature]
    date: SigningDate | None


def signature_lines(page: Page) -> list[Line]:
    """The trailing run of short, signature-like lines at the end of a page."""
    lines = page.lines
    start = len(lines)
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].blank or _signature_like(lines[i].text):
            start = i
            continue
        break
    block = [line for line in _split_columns(lines[start:]) if not line.blank]
    while block and not _opens_block(block[0].text):
        block.pop(0)  # a short line of the page body above the block (a list item, a label)
    return block


def _opens_block(text: str) -> bool:
    return bool(
        parse_signing_line(text)
        or ROLE_LINE.match(text)
        or POSITION_WORD.search(text)
        or NAME_IN_PARENS.match(text)
        or NIP_LINE.match(text)
    )


def _signature_like(text: str) -> bool:
    if NIP_LINE.match(text) or parse_signing_line(text):
        return True
    if "\t" in text:
        return all(_signature_like(c) for c in text.split("\t") if c.strip())
    if len(text) > _MAX_SIG_LINE or len(text.split()) > _MAX_SIG_WORDS:
        return False
    if any(ch.isdigit() for ch in text) and not RANK_LINE.match(text):
        return False
    return not text.rstrip().endswith(":") and not text.lower().startswith(("rp", "total"))


def _split_columns(lines: list[Line]) -> list[Line]:
    """Lines holding two columns side by side (tab-separated) are read left column first."""
    if not any("\t" in line.text for line in lines):
        return lines
    left, right = [], []
    for line in lines:
        cells = [c.strip() for c in line.text.split("\t")]
        left.append(Line(line.number, cells[0], line.raw))
        right.append(Line(line.number, " ".join(c for c in cells[1:] if c), line.raw))
    return left + right


def read_signatures(page: Page, parties: tuple[Party | None, Party | None]) -> SignatureBlock:
    """The signatures of one page, with roles from role words or matched to the parties."""
    heads: list[_Head] = []
    names: list[_Name] = []
    date: SigningDate | None = None
    previous: str | None = None
    for line in signature_lines(page):
        text = line.text.strip()
        kind = _kind(text, previous)
        if kind == "date":
            date = date or parse_signing_line(text)
        elif kind == "role":
            match = ROLE_LINE.match(text)
            heads.append(_Head(role_of(match.group(1)), [p for p in [match.group(2)] if p]))
        elif kind == "position_more":
            heads[-1].position.append(text)
        elif kind == "position":
            heads.append(_Head(None, [text]))
        elif kind == "rank" and names:
            names[-1].rank = names[-1].rank or text.strip(" ,")
        elif kind == "nip":
            _attach_nips(names, find_nips(text) or [find_nip(text) or ""], previous, line)
        elif kind == "name":
            names.append(_Name(line, text.strip("() ")))
        previous = kind if _adjacent(line, page) else None
    sigs = [_signature(h, n, page) for h, n in _pair(heads, names)]
    return SignatureBlock(_assign_roles(sigs, parties), date)


def _adjacent(line: Line, page: Page) -> bool:
    """True when the next source line is not blank (a wrapped position goes on there)."""
    index = line.number - page.line_start + 1
    return 0 <= index < len(page.lines) and not page.lines[index].blank


def _kind(text: str, previous: str | None) -> str:
    if parse_signing_line(text):
        return "date"
    if ROLE_LINE.match(text):
        return "role"
    if NIP_LINE.match(text) or find_nip(text):
        return "nip"
    if RANK_LINE.match(text):
        return "rank"
    if NAME_IN_PARENS.match(text) or _titled_name(text):
        return "name"
    if previous in ("role", "position", "position_more"):
        return "position_more"
    if POSITION_WORD.search(text):
        return "position"
    return "name"


def _titled_name(text: str) -> bool:
    name, titles = split_name(text)
    return bool(titles) and not POSITION_WORD.search(name)


def _attach_nips(names: list[_Name], nips: list[str], previous: str | None, line: Line) -> None:
    for nip in nips:
        if previous in ("name", "rank") and names and names[-1].nip is None and len(nips) == 1:
            target = names[-1]
        else:
            target = next((n for n in names if n.nip is None), None)
        if target is not None:
            target.nip = nip
            target.last_line = line


def _pair(heads: list[_Head], names: list[_Name]) -> list[tuple[_Head, _Name]]:
    """Heads and names in the same left-to-right order; a name without a head gets none."""
    return [(heads[i] if i < len(heads) else _Head(None), name) for i, name in enumerate(names)]


def _signature(head: _Head, name: _Name, page: Page) -> Signature:
    bare, _ = split_name(name.text)
    nip = "".join(ch for ch in (name.nip or "") if ch.isdigit()) or None
    end = name.last_line or name.line
    return Signature(
        role=head.role,
        name=bare,
        name_as_written=name.text,
        position=" ".join(head.position).strip(" ,:") or None,
        nip=nip,
        rank=name.rank,
        page=page.number,
        source=Span(page=page.number, line_start=name.line.number, line_end=end.number),
    )


def _assign_roles(
    sigs: list[Signature], parties: tuple[Party | None, Party | None]
) -> list[Signature]:
    """Give signatures without a role word the roles that match the parties best overall.

    Positions weigh as much as names: one person may sign for both sides (a Plt. head who
    is also the Sekretaris), and then only the position tells the columns apart.
    """
    roles = [r for r, p in zip(("first_party", "second_party"), parties, strict=True) if p]
    free = [r for r in roles if r not in {s.role for s in sigs}]
    open_sigs = [i for i, s in enumerate(sigs) if s.role is None]
    if not free or not open_sigs or len(open_sigs) > 4:
        return sigs
    party_of = dict(zip(("first_party", "second_party"), parties, strict=True))
    slots = free + [None] * len(open_sigs)
    best: tuple[float, tuple] = (0.0, ())
    for choice in set(permutations(slots, len(open_sigs))):
        score = sum(
            _match(sigs[i], party_of[r]) for i, r in zip(open_sigs, choice, strict=True) if r
        )
        if score > best[0]:
            best = (score, choice)
    out = list(sigs)
    for i, role in zip(open_sigs, best[1], strict=False):
        if role and _match(sigs[i], party_of[role]) > 0:
            out[i] = sigs[i].model_copy(update={"role": role})
    return out


def _match(sig: Signature, party: Party) -> float:
    name = fuzz.ratio(strip_titles_for_match(sig.name), strip_titles_for_match(party.name))
    position = 0.0
    if sig.position and party.position:
        position = fuzz.partial_ratio(sig.position.upper(), party.position.upper())
    return (name if name >= 80 else 0) + (position if position >= 60 else 0)
