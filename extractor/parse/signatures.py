"""Signature blocks: who signed a page, in which role, with which position, rank and NIP.

Two signature columns (Pihak Kedua left, Pihak Pertama right) reach us flattened into one
text column in various orders: column after column, or both heads (role/position) first and
both names after. Heads and names keep their left-to-right order in either case, so the
block is read as a list of heads and a list of names paired in order; a NIP belongs to the
name right above it (or, for a run of names followed by a run of NIPs, in order).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import permutations

from rapidfuzz import fuzz

from ..document import ITEM_BREAK, Line, Page
from ..models import Party, Signature
from ..provenance import make_span
from ..vocabulary import (
    NAME_IN_PARENS,
    NIP_LINE,
    POSITION_START,
    POSITION_WORD,
    RANK_LINE,
    ROLE_LINE,
)
from .dates import SigningDate, parse_signing_line
from .names import split_name, strip_titles_for_match
from .nip import find_nip
from .parties import role_of

_MAX_SIG_LINE = 70
_MAX_SIG_WORDS = 9


@dataclass(slots=True)
class _Head:
    role: str | None
    position: list[str] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)


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
    lines: list[Line]  # the signature area, for parsers that must skip it


def signature_lines(page: Page) -> list[Line]:
    """The source lines of the signature area: the trailing run of short, signature-like
    lines at the end of a page, from the first line that can open a block."""
    lines = page.lines
    start = len(lines)
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].blank or _signature_like(lines[i].text):
            start = i
            continue
        break
    block = [line for line in lines[start:] if not line.blank]
    while block and not any(_opens_block(t) for t in _cell_items(block[0].text)):
        block.pop(0)  # a short line of the page body above the block (a list item, a label)
    if not block:
        return []
    return [line for line in lines if block[0].number <= line.number]


def _opens_block(text: str) -> bool:
    return bool(
        parse_signing_line(text)
        or ROLE_LINE.match(text)
        or POSITION_START.match(text)
        or NAME_IN_PARENS.match(text)
        or NIP_LINE.match(text)
    )


def _cell_items(text: str) -> list[str]:
    return [item.strip() for cell in text.split("\t") for item in cell.split(ITEM_BREAK)]


def _signature_like(text: str) -> bool:
    if sum(1 for cell in text.split("\t") if cell.strip()) > 2:
        return False  # a table row: signature columns come two side by side at most
    items = [t for t in _cell_items(text) if t]
    if len(items) > 1:
        return all(_signature_like(t) for t in items)
    if NIP_LINE.match(text) or parse_signing_line(text):
        return True
    if len(text) > _MAX_SIG_LINE or len(text.split()) > _MAX_SIG_WORDS:
        return False
    if any(ch.isdigit() for ch in text) and not RANK_LINE.match(text):
        return False
    return not text.rstrip().endswith(":") and not text.lower().startswith(("rp", "total"))


@dataclass(frozen=True, slots=True)
class _Token:
    line: Line
    text: str
    joined: bool  # the next token follows in the same paragraph (no blank line between)


def signature_tokens(lines: list[Line]) -> list[_Token]:
    """The signature area as text pieces in reading order: columns side by side (tab cells)
    are read left column first; HTML line breaks inside a cell split it into pieces."""
    width = max((len(line.text.split("\t")) for line in lines), default=1)
    columns = [[] for _ in range(2 if width > 1 else 1)]
    for line in lines:
        cells = [c.strip() for c in line.text.split("\t")]
        parts = [cells[0], " ".join(c for c in cells[1:] if c)] if width > 1 else cells[:1]
        for n, (column, cell) in enumerate(zip(columns, parts, strict=False)):
            piece = _column_line(line, n) if width > 1 else line
            column.extend((piece, item.strip()) for item in cell.split(ITEM_BREAK))
    tokens: list[_Token] = []
    for column in columns:
        column.append((None, ""))
        for (line, text), (_, following) in zip(column, column[1:], strict=False):
            if text:
                tokens.append(_Token(line, text, bool(following)))
    return tokens


def _column_line(line: Line, column: int) -> Line:
    """The line as seen in one column: for a PDF, boxed around that column's cells only."""
    boxes = [b for b in (line.cell_boxes[:1] if column == 0 else line.cell_boxes[1:]) if b]
    if not boxes:
        return line
    box = (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
    return replace(line, bbox=box)


def read_signatures(page: Page, parties: tuple[Party | None, Party | None]) -> SignatureBlock:
    """The signatures of one page, with roles from role words or matched to the parties."""
    area = signature_lines(page)
    tokens = signature_tokens(area)
    kinds = _kinds(tokens)
    heads: list[_Head] = []
    names: list[_Name] = []
    date: SigningDate | None = None
    for i, (token, kind) in enumerate(zip(tokens, kinds, strict=True)):
        text = token.text
        if kind == "date":
            date = date or parse_signing_line(text)
        elif kind == "role":
            match = ROLE_LINE.match(text)
            heads.append(
                _Head(role_of(match.group(1)), [p for p in [match.group(2)] if p], [token.line])
            )
        elif kind == "position_more":
            head = _head_for_position(heads, kinds, i)
            head.position.append(text.strip(" ,"))
            head.lines.append(token.line)
        elif kind == "position":
            heads.append(_Head(None, [text], [token.line]))
        elif kind == "rank" and names:
            names[-1].rank = names[-1].rank or text.strip(" ,")
        elif kind == "nip":
            _attach_nip(names, kinds, i, token)
        elif kind == "name":
            names.append(_Name(token.line, text.strip("() ")))
    sigs = [_signature(h, n, page) for h, n in _pair(heads, names)]
    return SignatureBlock(_assign_roles(sigs, parties), date, area)


def _kinds(tokens: list[_Token]) -> list[str]:
    kinds: list[str] = []
    for n, token in enumerate(tokens):
        previous = kinds[-1] if kinds and tokens[n - 1].joined else None
        kinds.append(_kind(token.text, previous))
    return kinds


def _run_before(kinds: list[str], i: int, wanted: tuple[str, ...]) -> int:
    """How many tokens of the ``wanted`` kinds come right before token ``i``."""
    n = 0
    while i - n - 1 >= 0 and kinds[i - n - 1] in wanted:
        n += 1
    return n


def _head_for_position(heads: list[_Head], kinds: list[str], i: int) -> _Head:
    """Row-flattened columns print both role words, then both positions: pair them in order."""
    roles = _run_before(kinds, i - _run_before(kinds, i, ("position_more",)), ("role",))
    offset = _run_before(kinds, i, ("position_more",))
    if roles >= 2 and offset < roles and all(not h.position for h in heads[-roles + offset :]):
        return heads[-roles + offset]
    return heads[-1]


def _attach_nip(names: list[_Name], kinds: list[str], i: int, token: _Token) -> None:
    """A NIP belongs to the name above it. After a run of names (columns flattened row by
    row) a run of NIPs pairs in order; a shorter run belongs to the last names, because the
    one who prints no NIP is the elected head, who signs in the left column."""
    nips_before = _run_before(kinds, i, ("nip",))
    first = i - nips_before
    run = _run_before(kinds, first, ("name", "rank"))
    stacked = kinds[first - run : first].count("name")
    nips = _run_after(kinds, first, ("nip",))
    if stacked <= 1 or len(names) < stacked:
        target = names[-1] if names and nips_before == 0 else None
    else:
        group = names[-stacked:]
        target = group[nips_before] if nips >= stacked else group[stacked - nips + nips_before]
    if target is not None and target.nip is None:
        target.nip = find_nip(token.text) or ""
        target.last_line = token.line


def _run_after(kinds: list[str], i: int, wanted: tuple[str, ...]) -> int:
    """How many tokens of the ``wanted`` kinds start at token ``i``."""
    n = 0
    while i + n < len(kinds) and kinds[i + n] in wanted:
        n += 1
    return n


def _kind(text: str, previous: str | None) -> str:
    """What a piece of the signature area is; ``previous`` is the kind of the piece right
    above it in the same paragraph (a position wraps onto the next line)."""
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
        source=make_span(page.number, [*head.lines, name.line, end]),
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
