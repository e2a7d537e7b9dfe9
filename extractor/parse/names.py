"""Split a printed person's name into the bare name and its academic/religious titles.

Names are compared across the agreement page, the signature blocks and the Lampiran, where the
same person is printed with different title spellings ("S.Sos.,M.Si" vs "S.Sos, M.Si"). Titles are
kept as printed for the record. The traps: Bugis "Andi"/"A." and an "H." inside a name are part of
the name; titles are often glued ("ST.M.Si.", "S.T.M.Si."), which needs a small tokenizer.
"""

from __future__ import annotations

from functools import lru_cache

import regex

PREFIX_TITLES: tuple[str, ...] = (
    "Prof.",
    "Dr.",
    "Drs.",
    "Dra.",
    "Ir.",
    "dr.",
    "drg.",
    "drh.",
    "H.",
    "Hj.",
    "KH.",
    "K.H.",
    "Hi.",
    "Ns.",
    "apt.",
)
"""Titles printed before the name (as usually printed)."""

# fmt: off
SUFFIX_TITLES: tuple[str, ...] = (
    # bachelor (S1) and applied bachelor (D4)
    "S.Sos", "S.E", "S.T", "S.P", "S.H", "S.Kom", "S.Pd", "S.IP", "S.I.P", "S.STP", "S.ST",
    "S.K.M", "S.Si", "S.S", "S.Ag", "S.Hut", "S.Pi", "S.Pt", "S.Psi", "S.Farm", "S.Ked",
    "S.Kep", "S.Gz", "S.AP", "S.A.P", "S.Ak", "S.Tr", "S.I.Kom", "S.Sy", "S.H.I", "S.Th",
    "S.E.I", "S.Pd.I", "S.Hum", "S.Kel", "S.Keb", "S.Ds", "S.Sn", "S.TP", "S.KH", "S.Stat",
    "S.Mat", "S.Fil", "S.IK", "S.Kes", "S.Tr.Keb", "S.Tr.Kes", "S.Tr.IP", "S.Tr.AP",
    "S.Pd.SD", "S.Ars", "S.Par", "S.KG", "S.Pol", "S.M", "S.Adm", "S.Sos.I", "S.Tr.T",
    # master (S2)
    "M.Si", "M.Pd", "M.M", "M.H", "M.AP", "M.A.P", "M.Kes", "M.T", "M.Eng", "M.Sc", "M.P.A",
    "M.Ak", "M.Kom", "M.Hum", "M.I.Kom", "M.Psi", "M.B.A", "M.A", "M.Ag", "M.Ars", "M.E",
    "M.Ec.Dev", "M.Stat", "M.P", "M.Pd.I", "M.Sos", "M.Tr.AP", "M.Tr.IP", "M.K.M", "M.Kn",
    "M.Farm", "M.Biomed", "M.Han", "M.IP", "M.Acc", "M.Com", "M.Phil", "M.Env", "M.Plan",
    "M.E.I", "M.Sy", "M.Kep", "M.Gz", "M.S", "M.H.Kes", "M.Keb", "M.A.R.S", "M.Ling",
    "M.Agr", "M.Sn", "M.Th", "M.Ds", "M.Adm", "M.P.H", "M.P.P", "M.Si.Han", "M.Tr.Adm",
    "M.Sc.Eng", "M.Eng.Sc", "LL.M",
    # diploma, doctorate, specialists, professional
    "A.Md", "A.Md.Kes", "A.Md.Keb", "A.Md.Kep", "A.Md.Kom", "A.Md.T", "A.Md.Ak", "A.Md.Pjk",
    "A.Md.Far", "A.Ma", "A.Ma.Pd", "A.P", "A.KS", "Ph.D", "D.Sc", "Sp.A", "Sp.PD", "Sp.OG",
    "Sp.B", "Sp.M", "Sp.THT", "Sp.THT-KL", "Sp.KK", "Sp.An", "Sp.Rad", "Sp.P", "Sp.S",
    "Sp.JP", "Sp.N", "Sp.KJ", "Sp.BS", "Sp.U", "Sp.PK", "Sp.PA", "Sp.F", "Sp.OT", "Sp.Ort",
    "Sp.KG", "Sp.Pros", "Sp.Perio", "Sp.BM", "Sp.KGA", "Sp.RKG", "Sp.Ak", "Sp.GK",
    "Ak", "CA", "CPA", "CIA", "QIA", "CFrA", "CGCAE", "CRMP", "CRGP", "CPM", "CHRP", "CSRS",
    "Ns", "Apt", "Lc", "B.Sc", "IPU", "IPM", "Dipl", "MBA", "MPA", "MPH", "MPP", "MARS",
    "DEA", "Dr", "Ir",
)
# fmt: on
"""Titles printed after the name, dots between parts optional when matching ("SE" = "S.E.")."""

_PREFIX = regex.compile(
    r"(?P<title>(?i:prof|drs|dra|drg|drh|dr|ir|hj|hi|k\.\s?h|kh|h|ns|apt)\.)\s*"
    r"|(?P<title>(?i:prof|drs|dra|drg|drh|dr|ir|hj|kh))\s+"
)


_PIECES = regex.compile(r"(?<!\s)\s*[,;]\s*")  # (?<!\s): a space run is scanned once
_LETTER = regex.compile(r"\p{L}")
_NON_ALNUM = regex.compile(r"[^\p{L}\p{N}]+")


def _title_pattern(title: str) -> str:
    parts = [regex.escape(p) for p in title.split(".")]
    return r"\.?".join(parts) + r"\.?"


_KNOWN = [regex.compile(_title_pattern(t), regex.IGNORECASE) for t in sorted(set(SUFFIX_TITLES))]
# Unknown degrees still follow the S./M./Sp. shape; used only when the known list cannot parse.
_GENERIC = regex.compile(r"(?:[SM]|Sp|A\.?Md)\.?\p{Lu}[\p{L}]{0,4}\.?")


@lru_cache(maxsize=4096)
def _split_glued(chunk: str) -> tuple[str, ...] | None:
    """Split glued titles ("ST.M.Si." -> "ST.", "M.Si."), or None when the chunk is not titles.

    Dynamic programming over positions: the best parse uses the fewest generic-shape titles, then
    the fewest titles overall, so "SE.MM" is "SE." + "MM" rather than one unknown title.
    """
    n = len(chunk)
    best: list[tuple[int, int, tuple[str, ...]] | None] = [None] * (n + 1)
    best[0] = (0, 0, ())
    for i in range(n):
        here = best[i]
        if here is None:
            continue
        ends: dict[int, int] = {}
        for pattern in _KNOWN:
            m = pattern.match(chunk, i)
            if m and m.end() > i:
                ends[m.end()] = 0
        g = _GENERIC.match(chunk, i)
        if g and g.end() > i:
            ends.setdefault(g.end(), 1)
        for end, generic in ends.items():
            cand = (here[0] + generic, here[1] + 1, (*here[2], chunk[i:end]))
            current = best[end]
            if current is None or cand[:2] < current[:2]:
                best[end] = cand
    final = best[n]
    return final[2] if final else None


def _is_known_single(text: str) -> bool:
    return any(p.fullmatch(text) for p in _KNOWN)


def looks_like_title(word: str) -> bool:
    """True when a word on its own would be read as a title (keeps generated test names honest)."""
    w = word.strip()
    return bool(
        _split_glued(w) or _PREFIX.fullmatch(w + " ") or _is_known_single(w.rstrip(".") + ".")
    )


def _suffix_titles(text: str) -> list[str]:
    """Titles printed after the first comma, split on commas, spaces and glued forms."""
    titles: list[str] = []
    for piece in _PIECES.split(text):
        words = piece.split()
        i = 0
        while i < len(words):
            # "M. Si" (an OCR space inside one title) is kept together as printed
            if i + 1 < len(words) and _is_known_single(words[i] + words[i + 1]):
                titles.append(f"{words[i]} {words[i + 1]}")
                i += 2
                continue
            word = words[i].strip("()")
            if word:
                titles.extend(_split_glued(word) or (word,))
            i += 1
    return titles


def _has_long_part(token: str) -> bool:
    return any(len(p) >= 2 for p in token.split("."))


def split_name(text: str) -> tuple[str, list[str]]:
    """Split "Drs. H. BUDIMAN, M.Pd" into ("BUDIMAN", ["Drs.", "H.", "M.Pd"]).

    Prefix titles are taken from the start while another word follows; suffix titles are what
    follows the first comma (or, without a comma, trailing dotted degrees such as "M.Pd").
    """
    s = " ".join(text.split())
    s = s.strip(" ()[]")
    if "," in s:
        name_part, suffix_part = s.split(",", 1)
    else:
        name_part, suffix_part = s, ""
    name_part = name_part.strip()

    prefixes: list[str] = []
    while True:
        m = _PREFIX.match(name_part)
        if m is None:
            break
        rest = name_part[m.end() :]
        if not _LETTER.search(rest):
            break  # a title needs a name after it: "H." alone stays
        prefixes.append(" ".join(m["title"].split()))
        name_part = rest

    suffixes: list[str] = []
    if not suffix_part:
        words = name_part.split()
        while len(words) > 1:
            last = words[-1]
            glued = _split_glued(last) if "." in last.strip(".") and _has_long_part(last) else None
            if not glued or any(not _is_known_single(t) for t in glued):
                break
            suffixes[:0] = glued
            words.pop()
        name_part = " ".join(words)
    else:
        suffixes = _suffix_titles(suffix_part)

    name = name_part.strip(" ,;:")
    return name, prefixes + suffixes


@lru_cache(maxsize=4096)  # pure, and asked for the same few names again and again
def strip_titles_for_match(text: str) -> str:
    """Upper-case bare name without titles or punctuation, to tell whether two are one person."""
    name, _ = split_name(text)
    letters = _NON_ALNUM.sub(" ", name)
    return " ".join(letters.upper().split())
