"""Signature blocks: who signed a page, in which role, with which position, rank and NIP.

Two signature columns (Pihak Kedua left, Pihak Pertama right) reach us flattened into one
text column in various orders: column after column, or both heads (role/position) first and
both names after. Heads and names keep their left-to-right order in either case, so the
block is read as a list of heads and a list of names paired in order; a NIP belongs to the
name right above it (or, for a run of names followed by a run of NIPs, in order).

Rules for the arrangements of the wild (each tested on generated blocks):
- columns side by side (tab cells) are read one column at a time, heads paired with the names
  of their own column; an empty cell beside a filled one is no paragraph break;
- a name line that also carries its NIP, and a date on the line of a role word, are split;
- a head left without a name is an empty block: a signature with ``name`` None;
- a block without NIP (ministers, Bupati, elected officials) is a block like any other;
- a line right above a NIP or rank line (same paragraph) is a name, not a wrapped position;
- "ttd"/"dto" printed where the signature was is skipped;
- side-by-side columns are parallel: beside a column with a name, a column's bare last line
  (no titles, no NIP) is its name, where table rows or HTML paragraphs lost the signing space;
- a line over the signature line limits ends the block from above, or stays out of it (a
  footer below, a one-line long position inside), but never voids it;
- a line without a word of two letters (``_ -``, ``~``, ``(3)``) or a page marker is read as
  a blank line: never a name, never the rest of a position;
- a masked name or NIP (``Xxxxxxx``, ``00000000 000000 0 000``) is read as unknown (None) with
  an info ``masked_value`` finding;
- two names on one line (columns flattened row by row, PDFium) are cut where the first ends:
  between parenthesised names, after the degrees of its comma, or by the parties' names;
- more names than heads: a head holding both columns' positions (stacked or on one line) is
  cut before the second position (by the parties' positions where known).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import permutations

import regex
from rapidfuzz import fuzz

from ..document import ITEM_BREAK, Line, Page, Problem
from ..models import Party, Signature
from ..provenance import make_span
from ..vocabulary import (
    NAME_IN_PARENS,
    NIP_LINE,
    POSITION_START,
    POSITION_WORD,
    RANK_LINE,
    ROLE_LINE,
    is_page_marker,
)
from .dates import SigningDate, parse_signing_line
from .names import PREFIX_TITLES, SUFFIX_TITLES, split_name, strip_titles_for_match
from .nip import find_nip
from .parties import is_noise, masked, role_of
from .values import is_masked, is_masked_nip

_MAX_SIG_LINE = 70
_MAX_SIG_WORDS = 9


_NIP_INSIDE = regex.compile(r"(?<=[^\s(])\s+(?=\(?N\.?\s?I\.?\s?P\b)", regex.I)
_NIP_START = regex.compile(r"^\(?\s*N\.?\s?I\.?\s?P\b\s*[.:]?\s*[.:]?\s*", regex.I)
_SIGNED_MARK = regex.compile(r"^[(\[]?\s*(?:t\.?\s?t\.?\s?d|dto)\.?\s*[)\]]?$", regex.I)
_ROLE_INSIDE = regex.compile(r"\s(?=PIHAK\s+(?:PERTAMA|KESATU|KEDUA|I{1,2})\b)", regex.I)


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


@dataclass(slots=True)
class SignatureBlock:
    """What one page's signature area holds."""

    signatures: list[Signature]
    date: SigningDate | None
    lines: list[Line]  # the signature area, for parsers that must skip it
    masked: list[tuple[int, str, str, Line]] = field(default_factory=list)

    def problems(self, first_index: int = 0) -> list[Problem]:
        """The ``masked_value`` findings, for signatures numbered from ``first_index`` (the
        number of signatures of the agreement's earlier pages)."""
        return [
            masked(
                f"signatures[{first_index + i}].{what}", f"the {what} of a signer", raw, page, line
            )
            for i, what, raw, line in self.masked
            for page in [self.signatures[i].page]
        ]


_TRAILING_LONG = 3  # long lines below a signature block that stay out of it (a footer)


def signature_lines(page: Page) -> list[Line]:
    """The source lines of the signature area: the trailing run of short, signature-like
    lines at the end of a page, from the first line that can open a block. Noise lines are
    read as blank lines.

    Rule "a long line ends the block or stays out of it, it never voids it": a line over the
    signature line limits above the run ends it (the page body); a few such lines below the
    run (a footer) or one between two signature lines (a position printed on one long line)
    stay out of the block, which is still read; they are returned as blank lines."""
    lines = page.lines
    start, seen, outside = len(lines), False, set()
    for i in range(len(lines) - 1, -1, -1):
        text = lines[i].text
        if lines[i].blank or all(_noise(c.strip()) for c in text.split("\t") if c.strip()):
            start = i
        elif _signature_like(text):
            start, seen = i, True
        elif _long(text) and _stays_out(lines, i, seen, len(outside)):
            outside.add(i)
        else:
            break
    block = [
        line for i, line in enumerate(lines[start:], start) if not line.blank and i not in outside
    ]
    while block and not any(_opens_block(t) for t in _cell_items(block[0].text)):
        block.pop(0)  # a short line of the page body above the block (a list item, a label)
    if not block:
        return []
    return [
        replace(line, text="") if i in outside else line
        for i, line in enumerate(lines)
        if block[0].number <= line.number
    ]


def _long(text: str) -> bool:
    """A line that would be a signature line but for the length of a piece of it."""
    if sum(1 for cell in text.split("\t") if cell.strip()) > 2:
        return False  # a table row
    items = [t for t in _cell_items(text) if t]
    return any(_too_long(t) for t in items) and all(
        _too_long(t) or _signature_like(t) for t in items
    )


def _too_long(text: str) -> bool:
    return len(text) > _MAX_SIG_LINE or len(text.split()) > _MAX_SIG_WORDS


def _stays_out(lines: list[Line], i: int, seen: bool, skipped: int) -> bool:
    """Whether long line ``i`` stays out of the signature run rather than ending it: below
    the run (nothing signature-like seen yet) up to a few lines, inside it when the line
    right above (same paragraph: a role word, a date) is signature-like too."""
    if not seen:
        return skipped < _TRAILING_LONG
    above = lines[i - 1] if i > 0 else None
    return above is not None and not above.blank and _signature_like(above.text)


def _opens_block(text: str) -> bool:
    return bool(
        parse_signing_line(text)
        or ROLE_LINE.match(text)
        or POSITION_START.match(text)
        or NAME_IN_PARENS.match(text)
        or NIP_LINE.match(text)
    )


def _cell_items(text: str) -> list[str]:
    return [
        piece
        for cell in text.split("\t")
        for item in cell.split(ITEM_BREAK)
        for piece in split_item(item.strip())
    ]


def split_item(text: str) -> list[str]:
    """One printed piece cut where two kinds of signature line share it: a name and its NIP
    (``BUDI, S.E. NIP. 1970...``), a date and a role word (``Malili, 2 Januari 2025 PIHAK
    PERTAMA,`` or the other way round)."""
    low = text.lower()
    if ("nip" in low or "n.i.p" in low or "n i p" in low) and (m := _NIP_INSIDE.search(text)):
        return [*split_item(text[: m.start()]), text[m.end() :].strip()]
    if "pihak" not in low:
        return (two_names(text) or [text]) if text else []
    if len(text) > 12 and (m := _ROLE_INSIDE.search(text)):
        before, after = text[: m.start()].strip(), text[m.end() :].strip()
        if parse_signing_line(before):
            return [before, after]
    if (role := ROLE_LINE.match(text)) and role.group(2) and parse_signing_line(role.group(2)):
        return [text[: role.start(2)].strip(), role.group(2).strip()]
    return [text] if text else []


_TWO_IN_PARENS = regex.compile(r"^(\(\s*[^()]{2,80}\))\s*(\(\s*[^()]{2,80}\))$")
_DOTTED = regex.compile(r"^(?:\p{L}{1,5}\.)+\p{L}{0,5}\.?$")
_INITIAL = regex.compile(r"^\p{Lu}\.$")
_NOT_LETTER = regex.compile(r"[^\p{L}]+")
_WORD = regex.compile(r"\S+")
_TITLE_KEYS = frozenset(_NOT_LETTER.sub("", t).upper() for t in SUFFIX_TITLES)
_PREFIX_KEYS = frozenset(t.rstrip(".").lower() for t in PREFIX_TITLES)


def _suffix_title(word: str) -> bool:
    """A degree printed after a name's comma: dotted (``S.Sos.``, ``ST.M.Si.``) or a known
    undotted one (``MH``, ``SKM``), or several glued by commas (``S.Sos.,M.Si``). Undotted
    unknown words stay names (``SRI``, ``MUDA``)."""
    parts = [p for p in word.strip(";()").split(",") if p]  # glued: ``S.Sos.,M.Si``
    return bool(parts) and all(
        _DOTTED.match(p) or _NOT_LETTER.sub("", p).upper() in _TITLE_KEYS for p in parts
    )


def _opens_name(word: str) -> bool:
    """A prefix title (``Ir.``, ``Dr.``, ``H.``) or an initial (``A.``): what a name opens with."""
    w = word.strip(",;(")
    return w.rstrip(".").lower() in _PREFIX_KEYS or bool(_INITIAL.match(w))


def _name_like(text: str) -> bool:
    """A printed person's name: a word of two letters, no digit, no position or rank word."""
    bare, _ = split_name(text)
    return (
        any(sum(ch.isalpha() for ch in w) >= 2 for w in bare.split())
        and not any(ch.isdigit() for ch in text)
        and not POSITION_WORD.search(bare)
        and not RANK_LINE.match(text.strip())
        and not ROLE_LINE.match(text.strip())
    )


def two_names(text: str) -> list[str] | None:
    """Rule "two names on one line": two signature columns flattened row by row (PDFium,
    pdfminer) print the left name and the right name on one line. Cut where the structure
    says the first name ended: between two parenthesised names, or where the degrees after a
    name's comma (``, S.E.``) are followed by a word that is no degree (the next name, or the
    prefix title it opens with: ``H. ARIFIN, S.E. Ir. YOHANES, M.T.``). Both halves must read
    as names. A first name printed without degrees is cut by the parties' names instead
    (``_split_by_parties``)."""
    if m := _TWO_IN_PARENS.match(text):
        return [m[1], m[2]] if _name_like(m[1]) and _name_like(m[2]) else None
    comma = text.find(",")
    if comma < 0 or len(text) > 2 * _MAX_SIG_LINE:
        return None
    words = list(_WORD.finditer(text, comma + 1))
    titles, cut = 0, None
    for i, word in enumerate(words):
        j = i
        while j < len(words) and _opens_name(words[j][0]):
            j += 1
        if j > i and j < len(words) and not _suffix_title(words[j][0]):
            cut = word.start()  # a prefix title (or initial) opening the next name
        elif _suffix_title(word[0]):
            titles += 1
            continue
        else:
            cut = word.start()  # the next name's first word
        break
    if cut is None or titles == 0:
        return None
    left, right = text[:cut].strip(), text[cut:].strip()
    return [left, right] if _name_like(left) and _name_like(right) else None


def _signature_like(text: str) -> bool:
    if sum(1 for cell in text.split("\t") if cell.strip()) > 2:
        return False  # a table row: signature columns come two side by side at most
    items = [t for t in _cell_items(text) if t]
    if len(items) > 1:
        return all(_signature_like(t) for t in items)
    if NIP_LINE.match(text) or parse_signing_line(text):
        return True
    if _too_long(text):
        return False
    if any(ch.isdigit() for ch in text) and not RANK_LINE.match(text):
        return False
    return not text.rstrip().endswith(":") and not text.lower().startswith(("rp", "total"))


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


def _noise(text: str) -> bool:
    """Rule "no word, no name": a piece without a word of two letters or more (``_ -``,
    ``' .``, ``~``, a page number ``(3)``) is noise, unless it is a NIP printed alone; a page
    marker (``Halaman 3 dari 9``) is provenance, no signature line either."""
    if is_noise(text):
        return not find_nip(text) and not is_masked_nip(text)
    return is_page_marker(text)


def _unless_noise(text: str) -> str:
    return "" if text and _noise(text) else text


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
    date: SigningDate | None = None
    pairs: list[tuple[_Head, _Name | None]] = []
    columns = [[t for t in tokens if t.column == n] for n in sorted({t.column for t in tokens})]
    kinds = [_kinds(column) for column in columns]
    names = [p.name for p in parties if p is not None and p.name is not None]
    split = [_split_by_parties(c, k, names) for c, k in zip(columns, kinds, strict=True)]
    columns, kinds = [c for c, _ in split], [k for _, k in split]
    if len(columns) > 1:
        read = list(zip(columns, kinds, strict=True))
        kinds = [
            _parallel_name(c, k, read[:n] + read[n + 1 :], names) for n, (c, k) in enumerate(read)
        ]
    positions = tuple(p.position for p in parties if p is not None and p.position)
    for column, column_kinds in zip(columns, kinds, strict=True):
        found, found_date = _read_column(column, column_kinds, positions)
        pairs.extend(found)
        date = date or found_date
    sigs, masks = [], []
    for head, name in pairs:
        sig, mask = _signature(head, name, page)
        masks.extend((len(sigs), what, raw, line) for what, raw, line in mask)
        sigs.append(sig)
    return SignatureBlock(_assign_roles(sigs, parties), date, area, masks)


def _read_column(
    tokens: list[_Token], kinds: list[str], positions: tuple[str, ...] = ()
) -> tuple[list[tuple[_Head, _Name | None]], SigningDate | None]:
    """Heads and names of one column (or of the whole block, flattened), paired in order."""
    heads: list[_Head] = []
    names: list[_Name] = []
    date: SigningDate | None = None
    for i, (token, kind) in enumerate(zip(tokens, kinds, strict=True)):
        text = token.text
        if kind == "date":
            date = date or parse_signing_line(text)
        elif kind == "role":
            match = ROLE_LINE.match(text)
            position = [p for p in [match.group(2).strip(" ,")] if p]
            heads.append(_Head(role_of(match.group(1)), position, [token.line], len(names)))
        elif kind == "position_more":
            head = _head_for_position(heads, kinds, i)
            head.position.append(text.strip(" ,"))
            head.lines.append(token.line)
        elif kind == "position":
            if head := _open_role_head(heads, len(names)):
                head.position.append(text.strip(" ,"))
                head.lines.append(token.line)
            else:
                heads.append(_Head(None, [text], [token.line], len(names)))
        elif kind == "rank" and names:
            names[-1].rank = names[-1].rank or text.strip(" ,")
        elif kind == "nip":
            _attach_nip(names, kinds, i, token, len(heads))
        elif kind == "name":
            names.append(_Name(token.line, text.strip("() "), heads_before=len(heads)))
    return _pair(_split_heads(heads, len(names), positions), names), date


def _open_role_head(heads: list[_Head], names: int) -> _Head | None:
    """A position printed apart from its role word (a blank line between): it belongs to the
    first role head since the last name that has no position yet."""
    for head in heads:
        if head.names_before == names and head.role and not head.position:
            return head
    return None


def _kinds(tokens: list[_Token]) -> list[str]:
    kinds: list[str] = []
    for n, token in enumerate(tokens):
        previous = kinds[-1] if kinds and tokens[n - 1].joined else None
        kinds.append(_kind(token.text, previous))
    for n in range(len(kinds) - 1):
        if kinds[n] == "position_more" and tokens[n].joined and kinds[n + 1] in ("nip", "rank"):
            kinds[n] = "name"  # what sits right above a NIP or a rank line is a name
    return kinds


_OPEN_END = regex.compile(r"(?:\b(?:DAN|DAERAH\s+DAN)|[&,/-])\s*$", regex.I)


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


def _party_cut(text: str, party_names: list[str]) -> tuple[str, str] | None:
    words = text.split()
    if len(words) < 2 or len(words) > 2 * _MAX_SIG_WORDS:
        return None
    if any(_same_name(text, name) for name in party_names):
        return None
    for k in range(1, len(words)):
        left, right = " ".join(words[:k]), " ".join(words[k:])
        for a in party_names:
            if not _same_name(left, a):
                continue
            if any(b != a and _same_name(right, b) for b in party_names):
                return left, right
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


def _same_name(a: str, b: str) -> bool:
    return fuzz.ratio(strip_titles_for_match(a), strip_titles_for_match(b)) >= 85


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


def _kind(text: str, previous: str | None) -> str:
    """What a piece of the signature area is; ``previous`` is the kind of the piece right
    above it in the same paragraph (a position wraps onto the next line)."""
    if parse_signing_line(text):
        return "date"
    if _SIGNED_MARK.match(text):
        return "mark"  # "ttd"/"dto" stands where the signature was: neither name nor position
    if ROLE_LINE.match(text):
        return "role"
    if NIP_LINE.match(text) or find_nip(text) or _NIP_START.match(text):
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


def _pair(heads: list[_Head], names: list[_Name]) -> list[tuple[_Head, _Name | None]]:
    """Heads and names in the same left-to-right order; a name without a head gets none; a
    head left without a name is an empty block (no name printed under it)."""
    pairs: list[tuple[_Head, _Name | None]] = [
        (heads[i] if i < len(heads) else _Head(None), name) for i, name in enumerate(names)
    ]
    pairs += [(head, None) for head in heads[len(names) :] if head.role or head.position]
    return pairs


def _signature(
    head: _Head, name: _Name | None, page: Page
) -> tuple[Signature, list[tuple[str, str, Line]]]:
    """The signature of a head and its name, and the (field, printed text, line) of each
    value that is masked and so recorded as None."""
    masks: list[tuple[str, str, Line]] = []
    if name is None:
        bare, written, nip, rank, lines = None, "", None, None, head.lines
    else:
        bare, _ = split_name(name.text)
        written, rank = name.text, name.rank
        if is_masked(name.text):
            masks.append(("name", name.text, name.line))
            bare = None
        nip = "".join(ch for ch in (name.nip or "") if ch.isdigit()) or None
        if name.nip_text and is_masked_nip(name.nip_text):
            masks.append(("nip", name.nip_text, name.last_line or name.line))
            nip = None
        lines = [*head.lines, name.line, name.last_line or name.line]
    position = " ".join(head.position).strip(" ,:") or None
    if position and is_masked(position):
        masks.append(("position", position, head.lines[0]))
        position = None
    sig = Signature(
        role=head.role,
        name=bare,
        name_as_written=written,
        position=position,
        nip=nip,
        rank=rank,
        page=page.number,
        source=make_span(page.number, lines),
    )
    return sig, masks


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
    name = 0.0
    if sig.name is not None and party.name is not None:
        name = fuzz.ratio(strip_titles_for_match(sig.name), strip_titles_for_match(party.name))
    position = 0.0
    if sig.position and party.position:
        position = fuzz.partial_ratio(sig.position.upper(), party.position.upper())
    return (name if name >= 80 else 0) + (position if position >= 60 else 0)
