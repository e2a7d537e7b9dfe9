"""Stage 4: find repeated pages (exact and near-duplicate) and keep one copy.

Pages are compared as word sequences, so the same content in other formatting (pipe table
vs tabs, HTML vs plain) compares equal. Exact copies are found anywhere through a hash;
near copies (OCR differences) only among recent pages of the same kind, which keeps the
stage linear in the size of a bundle. Differences are listed word by word, with blocks
that merely moved (a signature column flattened in another order) cancelled out.
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
    folded_of: dict[int, str] = {}
    pages_by_number = {page.number: page for page in pages}
    for page in pages:
        folded = folded_words(page)
        key = f"{page.kind}\x1f{folded}"  # a copy is a copy only within one kind of page
        digest = hashlib.blake2b(key.encode(), digest_size=16).hexdigest()
        folded_of[page.number] = folded
        original = by_hash.get(digest) or _near_copy(page, folded, kept, folded_of)
        if original is None:
            by_hash[digest] = page
            kept.append(page)
            continue
        page.duplicate_of = original.number
        similarity = fuzz.ratio(folded_of[original.number], folded) / 100
        differences = word_differences(words(pages_by_number[original.number]), words(page))
        notes.append(DuplicateNote(original.number, page.number, round(similarity, 4), differences))
    return kept, notes


def _near_copy(page: Page, folded: str, kept: list[Page], folded_of: dict[int, str]) -> Page | None:
    """The recent kept page of the same kind this page copies, if any (word lists are only
    built for the few pages similar enough to be a copy)."""
    for candidate in reversed(kept[-WINDOW:]):
        if candidate.kind != page.kind:
            continue
        other = folded_of[candidate.number]
        if abs(len(other) - len(folded)) > (1 - NEAR_DUPLICATE) * max(len(other), len(folded)):
            continue
        score = fuzz.ratio(other, folded, score_cutoff=NEAR_DUPLICATE * 100)
        if score and _only_small_changes(changed_words(words(candidate), words(page))):
            return candidate
    return None


def _only_small_changes(changes: list[tuple[list[str], list[str]]]) -> bool:
    """Copies differ by OCR slips (a word read slightly differently, a few words dropped),
    never by one word replaced with a different one.

    Two agreements of one bundle share all their boilerplate and may differ in a single
    name, so a high overall similarity alone would merge them and lose an agreement.
    """
    dropped = 0
    for left, right in changes:
        if left and right:
            if fuzz.ratio(" ".join(left), " ".join(right)) < MIN_WORD_SIMILARITY:
                return False
            continue
        dropped += len(left) + len(right)
    return dropped <= MAX_UNEXPLAINED_WORDS


def changed_words(a: list[str], b: list[str]) -> list[tuple[list[str], list[str]]]:
    """Word runs that differ between two copies, as (kept side, dropped side) pairs.

    Words that only moved (a signature column flattened in another order) cancel out.
    """
    ops = [
        (a[op.src_start : op.src_end], b[op.dest_start : op.dest_end])
        for op in Levenshtein.opcodes([w.lower() for w in a], [w.lower() for w in b])
        if op.tag != "equal"
    ]
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
