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

A page is compared on what it prints: the words of its lines' source text (``raw``, markup
stripped) in source order, not the text the table-rebuilding stages made of it (cells joined
into rows, wrapped lines folded), so two copies rebuilt differently still compare equal.

A heavily garbled copy (a poor scan read twice) differs in many scattered runs, most of
them not a foldable slip; it is still a copy when the pages are close letter by letter and
its unexplained runs are many, short and alike letter by letter (noise spread over the
page). Two agreements of one template differ in a few clean runs (a name, a position, a
target) whose letters do not resemble each other, and are never merged by this rule.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass

import regex
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .document import Page
from .normalise import has_markup, strip_markup

NEAR_DUPLICATE = 0.95
WINDOW = 24
MAX_UNEXPLAINED_WORDS = 3
MIN_WORD_SIMILARITY = 75
# A garbled copy: letters this close overall, this many unexplained runs (scattered noise,
# never the few runs of another name or target), whose letters are this alike on average.
NOISY_COPY = 0.85
MIN_NOISE_RUNS = 8
MIN_NOISE_SIMILARITY = 0.38
# A word: letters and digits, with inner punctuation (4.324.506,00; PM-PTSP) but none at its end.
_TAG_END = regex.compile(r"(?<=<[/A-Za-z][^<>]*)>")  # a tag ends a word: ``</td><td>``
_WORD = regex.compile(r"[\p{L}\p{N}](?:[\p{L}\p{N}.,%/&'-]*[\p{L}\p{N}%/&'-])?")
# The same words in ASCII text (most pages), in the stdlib ``re``, which is three times
# faster here: every page's words are read, so this is the stage's main cost. Linear: the
# lookbehind only gives back the dots and commas at a word's end.
_ASCII_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,%/&'-]*(?<![.,])")


def find_words(text: str) -> list[str]:
    """``_WORD.findall(text)``, through the faster pattern when the text is ASCII."""
    return (_ASCII_WORD if text.isascii() else _WORD).findall(text)


@dataclass(frozen=True, slots=True)
class DuplicateNote:
    kept_page: int
    dropped_page: int
    similarity: float
    differences: list[str]


def printed_text(page: Page) -> str:
    """What the page prints: its lines' source text in source order, markup stripped.

    A line rebuilt from several source lines carries their text in ``raw``; a further row
    cut from one source line (same number, empty ``raw``) was read with that line. A line
    with no source text at all (built by a stage) is read from its text."""
    with_source = {line.number for line in page.lines if line.raw}
    plain = not has_markup("\n".join(line.raw for line in page.lines))  # cheap gate: most pages
    out = []
    for line in page.lines:
        if line.raw:
            pieces = line.raw.replace("\f", "\n").split("\n")
            if plain:
                out.extend(pieces)
                continue
            out.extend(strip_markup(_TAG_END.sub("> ", p) if "<" in p else p) for p in pieces)
        elif line.text and line.number not in with_source:
            out.append(line.text)
    return "\n".join(out)


def words(page: Page) -> list[str]:
    """The page's words as printed, punctuation at word edges dropped."""
    return find_words(printed_text(page))


def folded_words(page: Page) -> str:
    """The page's words, lower case, one space apart: what copies are compared on."""
    return _folded(words(page))


def _folded(words_: list[str]) -> str:
    # lower case after joining: the same text (a space ends the context of a final sigma,
    # the only case mapping that looks at its neighbours), without a call per word
    return " ".join(words_).lower()


def deduplicate(pages: list[Page]) -> tuple[list[Page], list[DuplicateNote]]:
    """Return the pages to keep (reading order) and a note for each dropped copy.

    Of two copies the first is kept, except that of a garbled pair the better read one is
    kept in the first one's place: the one with more words printed on other pages of the
    bundle too (a misread word is printed nowhere else).

    Only the readings of the last ``WINDOW`` kept pages are held (a copy is compared with no
    others) and exact copies are found through hashes, so the stage's memory does not grow
    with the bundle; a page is read again in the rare case that needs it (an exact copy of
    an older page, the bundle's words for a garbled pair)."""
    kept: list[Page] = []
    notes: list[DuplicateNote] = []
    by_hash: dict[bytes, Page] = {}
    recent: dict[int, Reading] = {}  # by id(page): a PDF page cut into sections shares its number
    on_pages: Counter[str] | None = None  # each word's pages, worked out when first needed
    for page in pages:
        reading = _read(page)
        key = f"{page.kind}\x1f{reading[1]}"  # a copy is a copy only within one kind of page
        digest = hashlib.blake2b(key.encode(), digest_size=16).digest()
        original, noisy = by_hash.get(digest), False
        if original is None:
            original, noisy = _near_copy(page, reading, kept, recent)
        if original is None:
            by_hash[digest] = page
            _keep(kept, recent, page, reading)
            continue
        first = recent.get(id(original)) or _read(original)
        if noisy:
            on_pages = on_pages if on_pages is not None else _pages_per_word(pages)
            if _attested(reading[0], on_pages) > _attested(first[0], on_pages):
                kept[kept.index(original)] = page
                del recent[id(original)]
                recent[id(page)] = reading
                original, page, first, reading = page, original, reading, first
        page.duplicate_of = original.number
        similarity = fuzz.ratio(first[1], reading[1]) / 100
        differences = word_differences(first[0], reading[0])
        notes.append(DuplicateNote(original.number, page.number, round(similarity, 4), differences))
    return kept, notes


# A page's words as printed, and the same folded (lower case, one space apart).
Reading = tuple[list[str], str]


def _read(page: Page) -> Reading:
    words_ = words(page)
    return words_, _folded(words_)


def _keep(kept: list[Page], recent: dict[int, Reading], page: Page, reading: Reading) -> None:
    """Keep ``page``, and its reading while it is among the last ``WINDOW`` kept pages."""
    kept.append(page)
    recent[id(page)] = reading
    if len(kept) > WINDOW:
        recent.pop(id(kept[-WINDOW - 1]), None)


def _pages_per_word(pages: list[Page]) -> Counter[str]:
    """On how many pages of the bundle each word (lower case) is printed."""
    return Counter(w for page in pages for w in set(folded_words(page).split()))


def _attested(words_: list[str], on_pages: Counter[str]) -> int:
    """How many of the words are printed on another page of the bundle too."""
    return sum(1 for w in words_ if on_pages[w.lower()] > 1)


def _near_copy(
    page: Page, reading: Reading, kept: list[Page], recent: dict[int, Reading]
) -> tuple[Page | None, bool]:
    """The recent kept page of the same kind this page copies, if any, and whether it is a
    garbled copy (the word differences
    are only worked out for the few pages close enough letter by letter to be a copy).

    A garbled copy is only looked for within the run of pages of its kind (a page printed
    again right after itself): another agreement's pages follow a page of another kind
    (its agreement statement), which keeps a garbled page of it from being merged."""
    words_, folded = reading
    same_run = True  # no page of another kind since the candidate
    for candidate in reversed(kept[-WINDOW:]):
        if candidate.kind != page.kind:
            same_run = False
            continue
        other_words, other = recent[id(candidate)]
        if abs(len(other) - len(folded)) > (1 - NOISY_COPY) * max(len(other), len(folded)):
            continue
        score = fuzz.ratio(other, folded, score_cutoff=NOISY_COPY * 100)
        if not score or (score < NEAR_DUPLICATE * 100 and not same_run):
            continue  # cheap gate: neither rule below can hold, skip the word differences
        changes = changed_words(other_words, words_)
        if score >= NEAR_DUPLICATE * 100 and _only_small_changes(changes):
            return candidate, False
        if (
            same_run
            and _scattered_noise(changes)
            and not _clean_substitution(changes, other_words, words_)
        ):
            return candidate, True
    return None, False


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


def _scattered_noise(changes: list[tuple[list[str], list[str]]]) -> bool:
    """A garbled copy: many unexplained runs (not foldable slips) whose letters are still
    alike on average (``Penjotasan Near`` / ``Penjelasan Nilai``). Another agreement of the
    template differs in a few runs (a name, a position, targets) of unrelated letters; the
    runs a page only has on one side count as unrelated letters."""
    unexplained = [(a, b) for a, b in changes if not (a and b and is_ocr_slip(a, b))]
    if len(unexplained) < MIN_NOISE_RUNS:
        return False
    alike = total = 0.0
    for left, right in unexplained:
        a, b = _letters(left), _letters(right)
        digits_a, digits_b = _digits(left), _digits(right)
        total += len(a) + len(b) + len(digits_a) + len(digits_b)
        if a and b:
            alike += fuzz.ratio(a, b) / 100 * (len(a) + len(b))
        if digits_a == digits_b:  # another number is never noise
            alike += len(digits_a) + len(digits_b)
    return total > 0 and alike / total >= MIN_NOISE_SIMILARITY


def _clean_substitution(
    changes: list[tuple[list[str], list[str]]], a: list[str], b: list[str]
) -> bool:
    """Some run of words replaced by another, both sides two or more real words (each printed
    identically elsewhere on the pages): another indicator or unit, not noise. OCR noise
    leaves a misread word found nowhere else on a side (one misread word may happen to be
    another real word: ``daerah`` read ``dari``)."""
    shared = _shared_words(a, b)

    def clean(side: list[str]) -> bool:
        found = [w.lower() for w in side if len(w) >= 3 and not _is_number(w)]
        return len(found) >= 2 and all(w in shared for w in found)

    return any(
        left and right and not is_ocr_slip(left, right) and clean(left) and clean(right)
        for left, right in changes
    )


def _shared_words(a: list[str], b: list[str]) -> set[str]:
    """The words (lower case) of the runs two pages print identically."""
    shared: set[str] = set()
    for op in Levenshtein.opcodes([w.lower() for w in a], [w.lower() for w in b]):
        if op.tag == "equal":
            shared.update(w.lower() for w in a[op.src_start : op.src_end])
    return shared


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
