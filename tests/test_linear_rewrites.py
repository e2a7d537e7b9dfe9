"""The linear rewrites of issue 9 match exactly what the patterns they replace matched.

Each rewrite (a possessive run, an atomic number, a look-behind, a string search) is compared
with the original pattern on generated text built from the pieces both care about, so that a
rewrite that changes a match on any such text fails here.
"""

from __future__ import annotations

import random
import re

import pytest
import regex

from extractor.parse import parties, values
from extractor.report import diff
from extractor.vocabulary import is_blank_cell

CASES = 4000


def _texts(*kinds: tuple[str, ...], seed: int, longest: int = 8) -> list[str]:
    """Random concatenations of pieces, taken from each kind in turn (a number, then what
    may follow it, ...), with a fixed seed: the same cases on every run."""
    rng = random.Random(seed)
    texts = []
    for _ in range(CASES):
        first = rng.randrange(len(kinds))
        count = rng.randint(0, longest)
        texts.append("".join(rng.choice(kinds[(first + k) % len(kinds)]) for k in range(count)))
    return texts


def _outcome(match: regex.Match | re.Match | None) -> object:
    return None if match is None else (match.span(), match.groups())


def test_blank_cell_matches_as_before() -> None:
    """Rule "a blank form cell is dots or underscores only": the possessive runs accept the
    same cells as the backtracking original."""
    original = regex.compile(r"^\(?\s*[._…]{3,}[\s._…]*\)?\s*[,:]?$")
    texts = _texts(("(", ")", ".", "...", "_", "…", " ", "\t", ",", ":", "x"), seed=1)
    accepted = [t for t in texts if original.match(t.strip())]
    assert len(accepted) > 50  # the generator reaches blank cells, not only other text
    for text in texts:
        assert is_blank_cell(text) == bool(original.match(text.strip())), repr(text)


def test_english_grouped_number_fullmatches_as_before() -> None:
    """Rule "``1,234.56`` is English style": the look-behind and possessive comma groups
    change no full match (the only way the pattern is used)."""
    original = regex.compile(r"(?P<int>[0-9]{1,3}(?:,[0-9]{3})+)\.(?P<frac>[0-9]+)")
    texts = _texts(
        ("1", "12", "123", "1234", ""),
        (",000", ",12", ",000,000"),
        (".5", ".", ",", "x", ""),
        seed=2,
        longest=4,
    )
    assert sum(1 for t in texts if original.fullmatch(t)) > 50
    for text in texts:
        assert _outcome(values._EN_GROUPED.fullmatch(text)) == _outcome(original.fullmatch(text))


_NUMBER_PATTERNS = ("_MONEY_WITH_SCALE", "_PERCENT", "_WORD_SCALE_AFTER", "_RANGE")
_NUMBERS = ("1", "25", "1.5", "1,5", "1.1.1", "12.345,6", "3.")
_AFTER_A_NUMBER = (
    " ",
    "%",
    " persen",
    "juta",
    " Miliar",
    " ribu",
    " M",
    "T",
    "-",
    " s.d. ",
    "hingga",
    "x",
    "²",
    ".",
    ",",
)


@pytest.mark.parametrize("name", _NUMBER_PATTERNS)
def test_whole_number_patterns_match_as_before(name: str) -> None:
    """Rule "a number followed by a space, unit, scale word or range separator is read whole":
    the atomic number finds the same matches as the number that could be given back."""
    pattern = getattr(values, name)
    original = regex.compile(
        pattern.pattern.replace(values._WHOLE_NUMBER, values._NUMBER), pattern.flags
    )
    assert original.pattern != pattern.pattern
    texts = _texts(_NUMBERS, _AFTER_A_NUMBER, seed=3, longest=6)
    assert sum(1 for t in texts if original.search(t)) > 50
    for text in texts:
        for method in ("match", "search"):
            new, old = getattr(pattern, method)(text), getattr(original, method)(text)
            assert _outcome(new) == _outcome(old), (name, method, text)


def test_difference_splits_as_before() -> None:
    """Rule "``'kept' vs 'dropped'`` splits at the last ``' vs '``": the string search gives
    what the backtracking pattern gave, including quotes inside a copy and a final newline."""
    original = re.compile(r"^'(.*)' vs '(.*)'$", re.S)
    texts = _texts(("'", "' vs '", " vs ", "a", "v", "s", " ", "\n"), seed=4)
    assert sum(1 for t in texts if original.match(t)) > 50
    for text in texts:
        match = original.match(text)
        assert diff._split_vs(text) == (match.groups() if match else None), repr(text)


def test_trailing_role_phrase_is_cut_as_before() -> None:
    """Rule "``, selanjutnya disebut PIHAK PERTAMA`` is no part of a party's value": starting
    only at a comma or a white-space run's start cuts the same text as before."""
    original = regex.compile(r"[,;]?\s*(?:untuk\s+)?selanjutnya\s+disebut.*$", regex.I)
    texts = _texts(
        ("x", "Nama", ",", ";", " ", "\t", "\n"),
        ("untuk ", "Selanjutnya ", "selanjutnya", " disebut", "DISEBUT ", " PIHAK"),
        seed=5,
    )
    assert sum(1 for t in texts if original.search(t)) > 50
    for text in texts:
        assert parties._TRAILING_PHRASE.sub("", text) == original.sub("", text), repr(text)
