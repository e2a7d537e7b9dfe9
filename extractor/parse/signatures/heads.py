"""Heads (role word and position) and names of a column, and how they pair.

Rules:
- heads and names keep their left-to-right order, so they are paired in order; a head left
  without a name is an empty block: a signature with ``name`` None;
- a position printed apart from its role word belongs to the first role head without one;
- row-flattened columns print both role words, then both positions: paired in order;
- a NIP belongs to the name right above it (or, for a run of names followed by a run of
  NIPs, in order; a shorter run to the last names);
- more names than heads: a head holding both columns' positions (stacked or on one line) is
  cut before the second position (by the parties' positions where known).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import permutations

import regex
from rapidfuzz import fuzz

from ...document import Line
from ...vocabulary import POSITION_START
from ..nip import find_nip
from .columns import _Token
from .kinds import _OPEN_END
from .pieces import _NIP_START, _WORD


@dataclass(slots=True)
class _Head:
    role: str | None
    position: list[str] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    names_before: int = 0  # how many names of its column came before it


@dataclass(slots=True)
class _Name:
    line: Line
    text: str
    rank: str | None = None
    nip: str | None = None
    nip_text: str | None = None  # the NIP as printed, label removed
    last_line: Line | None = None
    heads_before: int = 0  # how many heads of its column came before it
    blank: bool = False  # a blank form cell where the name goes: no signature


def _open_role_head(heads: list[_Head], names: int) -> _Head | None:
    """A position printed apart from its role word (a blank line between): it belongs to the
    first role head since the last name that has no position yet."""
    for head in heads:
        if head.names_before == names and head.role and not head.position:
            return head
    return None


# A leader's position word that opens the second of two positions printed on one line.
_LEADER = regex.compile(
    r"(?:(?:Plt|Plh|Pj|Pjs)\.?\s*)?(?:KEPALA|SEKRETARIS|SEKDA|BUPATI|WAKIL|WALI\s*KOTA|"
    r"WALIKOTA|GUBERNUR|CAMAT|LURAH|KASUBAG|KASUBBAG|KASUBBID|KASUBID|KASI|KASIE|KABID|KABAG|"
    r"DIREKTUR|INSPEKTUR|ASISTEN|KETUA|MENTERI)\b",
    regex.I,
)


_MODIFIER = regex.compile(r"(?:WAKIL|AHLI|STAF|STAFF)$", regex.I)


_ABBREVIATION = regex.compile(r"^\p{L}{1,4}\.$")


def _split_heads(heads: list[_Head], names: int, positions: tuple[str, ...]) -> list[_Head]:
    """Rule "more names than heads: two positions in one head": two signature columns
    without role words, flattened, print both positions as one run of lines (``KEPALA DINAS
    .. / DAN PENATAAN RUANG / KEPALA BIDANG BINA MARGA``) or both on one line (``BUPATI
    BUKIT LARANGAN KEPALA DINAS ..``). While a block has more names than heads, a head is cut
    before a line that starts a position after a complete one (the line above does not end
    open: ``.. DAN``), else inside a line before a position word: where the halves read as the
    parties' positions, else before a leader word (``KEPALA``, ``BUPATI``) after two words.
    The lines after a cut belong to the right head."""
    out = list(heads)
    while len(out) < names:
        for n, head in enumerate(out):
            parts = _cut_head(head, positions)
            if parts:
                out[n : n + 1] = parts
                break
        else:
            break
    return out


def _cut_head(head: _Head, positions: tuple[str, ...]) -> tuple[_Head, _Head] | None:
    offset = max(0, len(head.lines) - len(head.position))  # a role line without a position
    pieces = head.position
    for j in range(1, len(pieces)):
        if POSITION_START.match(pieces[j]) and not _OPEN_END.search(pieces[j - 1]):
            cut = offset + j
            return (
                replace(head, position=pieces[:j], lines=head.lines[:cut]),
                _Head(None, pieces[j:], head.lines[cut:] or head.lines[-1:], head.names_before),
            )
    for j, piece in enumerate(pieces):
        at = _inner_position(piece, positions)
        if at is None:
            continue
        line = min(offset + j, len(head.lines) - 1)
        left = replace(head, position=[*pieces[:j], piece[:at].strip(" ,")])
        left.lines = head.lines[: line + 1]
        right = [piece[at:].strip(" ,"), *pieces[j + 1 :]]
        return left, _Head(None, right, head.lines[line:], head.names_before)
    return None


def _inner_position(piece: str, positions: tuple[str, ...]) -> int | None:
    """Where a second position starts inside ``piece``: before a position word that does not
    follow an open end (``.. DAN``; a comma inside a line separates) or a modifier
    (``WAKIL``); an abbreviation right before it (``Pit.``, an OCR'd ``Plt.``) goes with it.
    With the parties' positions known, the cut whose halves read best as the two positions;
    else the first leader word after two words."""
    words = list(_WORD.finditer(piece))
    cuts: list[tuple[int, bool]] = []
    for i in range(1, len(words)):
        if not POSITION_START.match(piece[words[i].start() :]):
            continue
        start = i - 1 if i > 1 and _ABBREVIATION.match(words[i - 1][0]) else i
        left = piece[: words[start].start()].strip().rstrip(",")  # ``Kepala Dinas, Sekretaris``
        if _OPEN_END.search(left) or _MODIFIER.search(left):
            continue
        leader = start >= 2 and bool(_LEADER.match(piece, words[i].start()))
        cuts.append((words[start].start(), leader))
    if len(positions) >= 2:
        fits = [(_fit(piece[:at], piece[at:], positions), at) for at, _ in cuts]
        if fits and max(fits)[0] > 0:
            return max(fits)[1]
    return next((at for at, leader in cuts if leader), None)


def _fit(left: str, right: str, positions: tuple[str, ...]) -> float:
    """How well two halves read as two different parties' positions (0: not both)."""
    best = 0.0
    for a, b in permutations(positions, 2):
        one, two = _position_score(left, a), _position_score(right, b)
        if min(one, two) >= 60:
            best = max(best, one + two)
    return best


def _position_score(half: str, position: str) -> float:
    half, position = half.strip(" ,").upper(), position.upper()
    score = fuzz.ratio(half, position)
    if len(half.split()) >= 2:  # a signature prints the position shorter than the statement
        score = max(score, 0.9 * fuzz.partial_ratio(half, position))
    return score


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


def _attach_nip(names: list[_Name], kinds: list[str], i: int, token: _Token, heads: int) -> None:
    """A NIP belongs to the name above it. After a run of names (columns flattened row by
    row) a run of NIPs pairs in order; a shorter run belongs to the last names, because the
    one who prints no NIP is the elected head, who signs in the left column. A NIP under a
    head with no name between (an empty block) belongs to nobody."""
    nips_before = _run_before(kinds, i, ("nip",))
    first = i - nips_before
    run = _run_before(kinds, first, ("name", "rank"))
    stacked = kinds[first - run : first].count("name")
    nips = _run_after(kinds, first, ("nip",))
    if stacked <= 1 or len(names) < stacked:
        target = names[-1] if names and nips_before == 0 else None
        if target is not None and target.heads_before < heads:
            target = None
    else:
        group = names[-stacked:]
        target = group[nips_before] if nips >= stacked else group[stacked - nips + nips_before]
    if target is not None and target.nip is None:
        target.nip = find_nip(token.text) or ""
        target.nip_text = _NIP_START.sub("", token.text).strip(" ()")
        target.last_line = token.line


def _run_after(kinds: list[str], i: int, wanted: tuple[str, ...]) -> int:
    """How many tokens of the ``wanted`` kinds start at token ``i``."""
    n = 0
    while i + n < len(kinds) and kinds[i + n] in wanted:
        n += 1
    return n


def _pair(heads: list[_Head], names: list[_Name]) -> list[tuple[_Head, _Name | None]]:
    """Heads and names in the same left-to-right order; a name without a head gets none; a
    head left without a name is an empty block (no name printed under it)."""
    pairs: list[tuple[_Head, _Name | None]] = [
        (heads[i] if i < len(heads) else _Head(None), name) for i, name in enumerate(names)
    ]
    pairs += [(head, None) for head in heads[len(names) :] if head.role or head.position]
    return pairs
