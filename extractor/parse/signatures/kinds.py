"""Line kinds: what one piece of the signature area is (date, role, position, name, NIP...).

Rules:
- "ttd"/"dto" printed where the signature was is a mark: neither name nor position;
- a line without a word of two letters (``_ -``, ``~``, ``(3)``) or a page marker is read as
  a blank line: never a name, never the rest of a position (``_noise``);
- a form's empty name cell is the slot of a name, no name (``blank``);
- a title, a NOMOR line or an image caption is never a name (``heading``);
- a line of running prose is never a name, a role or a position (``prose``, see ``is_prose``);
- a line after a role word or a position (same paragraph) is more of the position, unless it
  reads as a name (parenthesised, or with titles).
"""

from __future__ import annotations

import regex

from ...vocabulary import (
    NAME_IN_PARENS,
    NIP_LINE,
    POSITION_WORD,
    RANK_LINE,
    ROLE_LINE,
    is_blank_cell,
    is_page_marker,
    never_a_name,
)
from ..dates import parse_signing_line
from ..names import split_name
from ..nip import find_nip
from ..parties import is_noise
from ..values import is_masked_nip
from .pieces import _NIP_START

_SIGNED_MARK = regex.compile(r"^[(\[]?\s*(?:t\.?\s?t\.?\s?d|dto)\.?\s*[)\]]?$", regex.I)


def _noise(text: str) -> bool:
    """Rule "no word, no name": a piece without a word of two letters or more (``_ -``,
    ``' .``, ``~``, a page number ``(3)``) is noise, unless it is a NIP printed alone; a page
    marker (``Halaman 3 dari 9``) is provenance, no signature line either."""
    if is_noise(text):
        return not find_nip(text) and not is_masked_nip(text)
    return is_page_marker(text)


def _unless_noise(text: str) -> str:
    return "" if text and _noise(text) else text


_OPEN_END = regex.compile(r"(?:\b(?:DAN|DAERAH\s+DAN)|[&,/-])\s*$", regex.I)


# Function words of running Indonesian prose that a name, a role or a position never holds
# ("yang diperlukan serta akan melakukan ..."); position connectors (dan, pada, di) are left out.
_PROSE_WORDS = frozenset(
    {"yang", "akan", "ini", "itu", "telah", "sudah", "terhadap", "bahwa", "agar", "oleh"}
    | {"dengan", "dalam", "serta", "kami", "tersebut", "untuk"}
)
_PROSE_MIN_WORDS = 4


def is_prose(text: str) -> bool:
    """Rule "a signature line is never a line of running prose": a line of four words or more,
    most of them lowercase, with a function word of prose (``yang``, ``akan``, ``ini``,
    ``terhadap``...) is a sentence, not a name, role or position. Names and positions are
    capitalised, their lowercase words are connectors (``dan``, ``pada``); a paragraph that OCR
    cut into two columns ("Pihak Kedua akan melakukan supervisi", "yang diperlukan serta akan
    melakukan evaluasi terhadap capaian") is prose even where a line opens with a role word."""
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    if len(words) < _PROSE_MIN_WORDS:
        return False
    lower = [w for w in words if w[0].islower()]
    if 2 * len(lower) < len(words):
        return False
    return any(w.strip(",.;:()").lower() in _PROSE_WORDS for w in lower)


def _kind(text: str, previous: str | None) -> str:
    """What a piece of the signature area is; ``previous`` is the kind of the piece right
    above it in the same paragraph (a position wraps onto the next line)."""
    if parse_signing_line(text):
        return "date"
    if is_prose(text):
        return "prose"  # a sentence of the body: nothing of a signature
    if _SIGNED_MARK.match(text):
        return "mark"  # "ttd"/"dto" stands where the signature was: neither name nor position
    if ROLE_LINE.match(text):
        return "role"
    if NIP_LINE.match(text) or find_nip(text) or _NIP_START.match(text):
        return "nip"
    if RANK_LINE.match(text):
        return "rank"
    if is_blank_cell(text):
        return "blank"  # a form's empty name cell: the slot of a name, no name
    if never_a_name(text):
        return "heading"  # a title, a NOMOR line, an image caption: nothing of a signature
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
