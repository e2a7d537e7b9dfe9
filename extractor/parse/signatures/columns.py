"""Columns of the signature area: reading cells into tokens and fixing their kinds.

Rules:
- columns side by side (tab cells) are read one column at a time, heads paired with the names
  of their own column; an empty cell beside a filled one is no paragraph break;
- a name's degrees wrap: a piece of degrees only under a piece ending with a comma is its rest;
- a line right above a NIP or rank line (same paragraph) is a name, not a wrapped position;
- a bare name right under its position (no titles, no NIP) is a name when it is a party's
  name or closes a head and reads as a name;
- side-by-side columns are parallel: beside a column with a name, a column's bare last line
  (no titles, no NIP) is its name, where table rows or HTML paragraphs lost the signing space;
- two names on one line that no degrees separate are cut by the parties' names.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import regex

from ...document import ITEM_BREAK, Line, pack_boxes
from ...vocabulary import POSITION_WORD, ROLE_LINE
from .kinds import _OPEN_END, _kind, _unless_noise
from .pieces import _party_cut, _same_name, _suffix_title, split_item


@dataclass(frozen=True, slots=True)
class _Token:
    line: Line
    text: str
    joined: bool  # the next token follows in the same paragraph (no blank line between)
    column: int = 0


def signature_tokens(lines: list[Line]) -> list[_Token]:
    """The signature area as text pieces in reading order: columns side by side (tab cells)
    are read left column first; HTML line breaks inside a cell split it into pieces. Only a
    blank line breaks a paragraph: an empty cell beside a filled one (a date printed over one
    column, a NIP under one name) does not."""
    width = max((len(line.text.split("\t")) for line in lines), default=1)
    columns: list[list[tuple[Line | None, str]]] = [[] for _ in range(2 if width > 1 else 1)]
    for line in lines:
        cells = [_unless_noise(c.strip()) for c in line.text.split("\t")]
        blank = not any(cells)  # a line of noise only is a blank line
        parts = [cells[0], " ".join(c for c in cells[1:] if c)] if width > 1 else cells[:1]
        for n, (column, cell) in enumerate(zip(columns, parts, strict=False)):
            if not cell and not blank:
                continue
            piece = _column_line(line, n) if width > 1 else line
            items = [
                p
                for item in cell.split(ITEM_BREAK)
                for p in split_item(_unless_noise(item.strip()))
            ]
            for item in items or [""]:
                if column and _wrapped_degrees(column[-1][1], item):
                    column[-1] = (column[-1][0], f"{column[-1][1]} {item}")
                else:
                    column.append((piece, item))
    tokens: list[_Token] = []
    for n, column in enumerate(columns):
        column.append((None, ""))
        for (line, text), (_, following) in zip(column, column[1:], strict=False):
            if text:
                tokens.append(_Token(line, text, bool(following), n))
    return tokens


def _wrapped_degrees(above: str, text: str) -> bool:
    """Rule "a name's degrees wrap": a name too long for its signature column goes on after
    a comma on the next line of the column (``Drs. H. I KETUT SUDARSANA, S.Sos.,`` /
    ``M.Si``); a piece of degrees only under a piece ending with a comma is its rest."""
    words = text.split()
    return above.endswith(",") and bool(words) and all(_suffix_title(w) for w in words)


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
    return replace(line, boxes=pack_boxes(box, line.cell_boxes))


def _kinds(tokens: list[_Token]) -> list[str]:
    kinds: list[str] = []
    for n, token in enumerate(tokens):
        previous = kinds[-1] if kinds and tokens[n - 1].joined else None
        kinds.append(_kind(token.text, previous))
    for n in range(len(kinds) - 1):
        if kinds[n] == "position_more" and tokens[n].joined and kinds[n + 1] in ("nip", "rank"):
            kinds[n] = "name"  # what sits right above a NIP or a rank line is a name
    return kinds


# Words a wrapped position's next line opens with (a unit or a region), not a name's.
_UNIT_START = regex.compile(
    r"^(?:DAN|SERTA|DAERAH|REPUBLIK|NEGARA|PROVINSI|KAB\.?|KOTA)\b", regex.I
)


_BARE_NAME = regex.compile(r"^\p{Lu}[\p{Lu}'.-]*(?:\s+\p{Lu}[\p{Lu}'.-]*){1,5}$")


def _bare_names(
    tokens: list[_Token], kinds: list[str], party_names: list[str], positions: tuple[str, ...]
) -> list[str]:
    """Rule "a bare name right under its position": one cell per line or flattened cells
    lose the signing space, so a name printed without titles or NIP (a Bupati's) follows the
    position's last line and reads as more of it. Such a line is a name when it is a party's
    name (the statement's ``Nama``), or, while the block has fewer names than role words,
    when it closes a head (a role word or the end follows) and reads as a name: two to six
    capitalised words, no position word, not opening with a unit or region word (``DAN``,
    ``DAERAH``, ``PROVINSI``), the line above not ending open (``.. DAN``), and no part of a
    party's position from the statement (``BUPATI`` / ``LUWU TIMUR``)."""
    out = list(kinds)
    short = kinds.count("name") < kinds.count("role")
    for i, (token, kind) in enumerate(zip(tokens, kinds, strict=True)):
        if kind != "position_more":
            continue
        text = token.text.strip(" ,")
        if any(_same_name(text, name) for name in party_names):
            out[i] = "name"
            continue
        closes = i + 1 == len(kinds) or kinds[i + 1] in ("role", "date")
        if (
            short
            and closes
            and _BARE_NAME.match(text)
            and not POSITION_WORD.search(text)
            and not _UNIT_START.match(text)
            and not (i and _OPEN_END.search(tokens[i - 1].text))
            and not any(_within(text, position) for position in positions)
        ):
            out[i] = "name"
            short = out.count("name") < kinds.count("role")
    return out


def _within(text: str, position: str) -> bool:
    """Every word of ``text`` is a word of ``position`` (a wrapped piece of it)."""
    words = set(position.upper().split())
    return all(w in words for w in text.upper().split())


def _parallel_name(
    tokens: list[_Token],
    kinds: list[str],
    others: list[tuple[list[_Token], list[str]]],
    party_names: list[str],
) -> list[str]:
    """Rule "side-by-side columns are parallel": when the column beside holds a name, a
    column that holds none ends with its name, even a bare one (no titles, no NIP) printed
    right under the position with the signing space lost (table rows, HTML paragraphs). Its
    last line is that name unless it reads as a position (a position word, or the line above
    ends open: ``... DAN``), it is the head's only position line (an empty block), or it is
    printed on a row above the name beside it (the rest of a wrapped position). Where the
    rows are lost (a cell holding its lines as paragraphs) a wrapped position and a bare name
    look alike: there the line must be the name of a party of the agreement page."""
    beside = [
        t.line.number for ts, ks in others for t, k in zip(ts, ks, strict=True) if k == "name"
    ]
    if "name" in kinds or not beside or len(kinds) < 2:
        return kinds
    last = len(kinds) - 1
    text, above = tokens[last].text, tokens[last - 1].text
    role = ROLE_LINE.match(above) if kinds[last - 1] == "role" else None
    if (
        kinds[last] != "position_more"
        or not (kinds[last - 1] in ("position", "position_more") or (role and role.group(2)))
        or POSITION_WORD.search(text)
        or _OPEN_END.search(above)
        or not any(ch.isalpha() for ch in text)
    ):
        return kinds
    if tokens[last - 1].line.number != tokens[last].line.number:  # rows kept
        if tokens[last].line.number < min(beside):
            return kinds
    elif not any(_same_name(text, name) for name in party_names):
        return kinds
    return [*kinds[:last], "name"]


def _split_by_parties(
    tokens: list[_Token], kinds: list[str], party_names: list[str]
) -> tuple[list[_Token], list[str]]:
    """Rule "two names on one line", cut by the parties: a name line that is no party's name
    but whose words read as one party's name followed by the other's (``RIYANTO PAMUNGKAS
    MOUDY ARY NAZOLLA, S.STP., MH``) is two names, left column first. Linear: one cut tried
    per word boundary of a short line."""
    if len(party_names) < 2 or "name" not in kinds:
        return tokens, kinds
    out_tokens: list[_Token] = []
    out_kinds: list[str] = []
    for token, kind in zip(tokens, kinds, strict=True):
        cut = _party_cut(token.text, party_names) if kind == "name" else None
        if cut is None:
            out_tokens.append(token)
            out_kinds.append(kind)
            continue
        left, right = cut
        out_tokens += [replace(token, text=left, joined=True), replace(token, text=right)]
        out_kinds += ["name", "name"]
    return out_tokens, out_kinds
