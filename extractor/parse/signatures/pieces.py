"""Pieces of a signature line: the line limits, and cutting one printed piece that holds two.

Rules:
- a name line that also carries its NIP (``BUDI, S.E. NIP. 1970...``), and a date on the
  line of a role word, are split (``split_item``);
- two names on one line (columns flattened row by row, PDFium) are cut where the first ends:
  between parenthesised names or after the degrees of its comma (``two_names``), or by the
  parties' names (``_party_cut``);
- a name is compared with a party's name without its titles (``_same_name``).
"""

from __future__ import annotations

import regex
from rapidfuzz import fuzz

from ...vocabulary import POSITION_WORD, RANK_LINE, ROLE_LINE
from ..dates import parse_signing_line
from ..names import PREFIX_TITLES, SUFFIX_TITLES, split_name, strip_titles_for_match

_MAX_SIG_LINE = 70


_MAX_SIG_WORDS = 9


_NIP_INSIDE = regex.compile(r"(?<=[^\s(])\s+(?=\(?N\.?\s?I\.?\s?P\b)", regex.I)


_NIP_START = regex.compile(r"^\(?\s*N\.?\s?I\.?\s?P\b\s*[.:]?\s*[.:]?\s*", regex.I)


_ROLE_INSIDE = regex.compile(r"\s(?=PIHAK\s+(?:PERTAMA|KESATU|KEDUA|I{1,2})\b)", regex.I)


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
        and not any(map(str.isdigit, text))
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


def _same_name(a: str, b: str) -> bool:
    return fuzz.ratio(strip_titles_for_match(a), strip_titles_for_match(b)) >= 85
