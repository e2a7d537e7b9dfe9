"""Stage 4: find repeated pages (exact and near-duplicate) and keep one copy.

Pages are compared as word sequences, so the same content in other formatting (pipe table
vs tabs, HTML vs plain) compares equal. Exact copies are found anywhere through a hash;
near copies (OCR differences) only among recent pages of the same kind, which keeps the
stage linear in the size of a bundle. Differences are listed word by word, with blocks
that merely moved (a signature column flattened in another order) cancelled out.

Whether two similar pages are copies is decided on the runs of words that differ: a run is
an OCR slip when its letters read alike once the usual misreadings are folded (``cl``/``d``,
``rn``/``m``, ``1``/``l``, ``0``/``o``, words run together or split) and its digits are the
same; any other changed word (another name, another target) makes the pages different.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass

import regex
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .document import Page

NEAR_DUPLICATE = 0.95
WINDOW = 24
MAX_UNEXPLAINED_WORDS = 3
MIN_WORD_SIMILARITY = 75
# A word: letters and digits, with inner punctuation (4.324.506,00; PM-PTSP) but none at its end.
_WORD = regex.compile(r"[\p{L}\p{N}](?:[\p{L}\p{N}.,%/&'-]*[\p{L}\p{N}%/&'-])?")


@dataclass(frozen=True, slots=True)
class DuplicateNote:
    kept_page: int
    dropped_page: int
    similarity: float
    differences: list[str]


def words(page: Page) -> list[str]:
    """The page's words as printed, punctuation at word edges dropped."""
    return _WORD.findall("\n".join(line.text for line in page.lines))


def folded_words(page: Page) -> str:
    """The page's words, lower case, one space apart: what copies are compared on."""
    return " ".join(_WORD.findall("\n".join(line.text for line in page.lines).lower()))


def deduplicate(pages: list[Page]) -> tuple[list[Page], list[DuplicateNote]]:
    """Return the pages to keep (document order) and a note for each dropped copy."""
    kept: list[Page] = []
    notes: list[DuplicateNote] = []
    by_hash: dict[str, Page] = {}
    folded_of: dict[int, str] = {}  # by id(page): a PDF page cut into sections shares its number
    for page in pages:
        folded = folded_words(page)
        key = f"{page.kind}\x1f{folded}"  # a copy is a copy only within one kind of page
        digest = hashlib.blake2b(key.encode(), digest_size=16).hexdigest()
        folded_of[id(page)] = folded
        original = by_hash.get(digest) or _near_copy(page, folded, kept, folded_of)
        if original is None:
            by_hash[digest] = page
            kept.append(page)
            continue
        page.duplicate_of = original.number
        similarity = fuzz.ratio(folded_of[id(original)], folded) / 100
        differences = word_differences(words(original), words(page))
        notes.append(DuplicateNote(original.number, page.number, round(similarity, 4), differences))
    return kept, notes


def _near_copy(page: Page, folded: str, kept: list[Page], folded_of: dict[int, str]) -> Page | None:
    """The recent kept page of the same kind this page copies, if any (word lists are only
    built for the few pages similar enough to be a copy)."""
    for candidate in reversed(kept[-WINDOW:]):
        if candidate.kind != page.kind:
            continue
        other = folded_of[id(candidate)]
        if abs(len(other) - len(folded)) > (1 - NEAR_DUPLICATE) * max(len(other), len(folded)):
            continue
        score = fuzz.ratio(other, folded, score_cutoff=NEAR_DUPLICATE * 100)
        if score and _only_small_changes(changed_words(words(candidate), words(page))):
            return candidate
    return None


def _only_small_changes(changes: list[tuple[list[str], list[str]]]) -> bool:
    """Copies differ by OCR slips (a word misread, words run together or split, a few words
    dropped), never by a word replaced with a different one or by another number.

    Two agreements of one bundle share all their boilerplate and may differ in a single
    name or target, so a high overall similarity alone would merge them and lose one.
    """
    dropped = 0
    for left, right in changes:
        if left and right:
            if not is_ocr_slip(left, right):
                return False
            continue
        dropped += len(left) + len(right)
    return dropped <= MAX_UNEXPLAINED_WORDS


# Misreadings OCR makes (applied to both sides, so they can only make copies compare equal).
_LETTER_FOLD = str.maketrans({"0": "o", "1": "l", "i": "l", "|": "l", "!": "l", "5": "s"})
_DIGIT_FOLD = str.maketrans({"o": "0", "l": "1", "i": "1"})
_GLYPH_PAIRS = (("rn", "m"), ("cl", "d"), ("vv", "w"))
_NON_LETTER = regex.compile(r"[^\p{L}]+")
_NON_DIGIT = regex.compile(r"[^0-9]+")


def _is_number(word: str) -> bool:
    """A word that is mostly digits (``2O25``, ``4.324.5O6``): its letters are misread digits."""
    digits = sum(c.isdigit() for c in word)
    return digits > 0 and digits >= sum(c.isalpha() for c in word)


def _letters(words_: list[str]) -> str:
    """The run's words (not numbers) run together, folded over OCR misreadings."""
    text = "".join(w.lower().translate(_LETTER_FOLD) for w in words_ if not _is_number(w))
    for glyphs, letter in _GLYPH_PAIRS:
        text = text.replace(glyphs, letter)
    return _NON_LETTER.sub("", text)


def _digits(words_: list[str]) -> str:
    """The run's numbers as digits only (grouping and decimal marks are read alike)."""
    return "".join(
        _NON_DIGIT.sub("", w.lower().translate(_DIGIT_FOLD)) for w in words_ if _is_number(w)
    )


def is_ocr_slip(left: list[str], right: list[str]) -> bool:
    """Two word runs that are one text read twice: the same digits, and letters equal or
    close once OCR misreadings and word breaks are folded (``clan``/``dan``,
    ``PihakPertama``/``Pihak Pertama``); another name or number is not a slip."""
    if _digits(left) != _digits(right):
        return False
    a, b = _letters(left), _letters(right)
    return a == b or fuzz.ratio(a, b) >= MIN_WORD_SIMILARITY


def changed_words(a: list[str], b: list[str]) -> list[tuple[list[str], list[str]]]:
    """Word runs that differ between two copies, as (kept side, dropped side) pairs.

    Adjacent edits form one run (``Pihak Pertama`` vs ``PihakPertama`` is one change, not a
    replaced word and a dropped one). Words that only moved (a signature column flattened in
    another order) cancel out.
    """
    ops: list[tuple[list[str], list[str]]] = []
    last_end = (-1, -1)
    for op in Levenshtein.opcodes([w.lower() for w in a], [w.lower() for w in b]):
        if op.tag == "equal":
            continue
        left, right = a[op.src_start : op.src_end], b[op.dest_start : op.dest_end]
        if ops and last_end == (op.src_start, op.dest_start):
            ops[-1] = (ops[-1][0] + left, ops[-1][1] + right)
        else:
            ops.append((left, right))
        last_end = (op.src_end, op.dest_end)
    left_all = Counter(w.lower() for left, _ in ops for w in left)
    right_all = Counter(w.lower() for _, right in ops for w in right)
    left_rest, right_rest = left_all - right_all, right_all - left_all
    out = []
    for left, right in ops:
        kept_left, kept_right = _take(left, left_rest), _take(right, right_rest)
        if kept_left or kept_right:
            out.append((kept_left, kept_right))
    return out


def word_differences(a: list[str], b: list[str]) -> list[str]:
    """Concrete differences between two copies, e.g. ``'DPMPSTSP' vs 'DPMPTSP'``."""
    out = []
    for left, right in changed_words(a, b):
        if left and right:
            out.append(f"'{' '.join(left)}' vs '{' '.join(right)}'")
        elif left:
            out.append(f"'{' '.join(left)}' only in the kept copy")
        else:
            out.append(f"'{' '.join(right)}' only in the dropped copy")
    return out


def _take(found: list[str], rest: Counter[str]) -> list[str]:
    """The words of ``found`` still unexplained in ``rest`` (consumed as they are taken)."""
    out = []
    for word in found:
        if rest[word.lower()] > 0:
            rest[word.lower()] -= 1
            out.append(word)
    return out
