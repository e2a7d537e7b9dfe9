"""Markup, signing-date and legal-basis patterns: linear on long runs, the same matches.

Issue 9: these patterns split one run of spaces or dots between two repeats, or rescanned the
rest of the text from every ``<p``/``<!--`` opener. The pattern screen of
``test_regex_linear`` does not always reach their slow inputs (it tries a limited number of
crafted inputs per pattern), so each is timed here on its own: a piece of the pattern (the
head) and a repeated unit, at two sizes. Each rewrite is also compared with the pattern it
replaces on generated text, so a rewrite that changes a match fails here.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
import regex

from extractor import markup, normalise
from extractor.parse import dates, penjelasan

from .test_regex_linear import RATIO, SUSPECT_SECONDS, _best_time, _input

CASES = 4000
SIZE = 4000  # characters of the smaller input; the larger is twice as long

_PLACE = r"(?P<place>\p{L}[\p{L}.'’\- ]{0,38}?)"
_INTRO = r"(?:(?i:ditetapkan|dibuat|ditandatangani)\s+(?i:di)\s+)?"
_OLD_DATE = (
    r"(?:(?P<day>[0-9]{1,2})\s*[-/.]?\s*(?P<month>\p{L}{3,12})\.?\s*[-/.]?\s*(?P<year>[0-9]{4})"
    r"|(?:(?:[._…]{2,}|[._…]+\s*)\s*)?(?P<month2>\p{L}{3,12})\.?\s*(?P<year2>[0-9]{4})"
    r"|(?P<nday>[0-9]{1,2})\s*(?P<sep>[-/.])\s*(?P<nmonth>[0-9]{1,2})\s*(?P=sep)\s*"
    r"(?P<nyear>[0-9]{4}))"
)
_OLD_WEEKDAY = r"(?:(?i:senin|selasa|rabu|kamis|jum['’]?at|sabtu|minggu|ahad)\s*,?\s*)"
# The patterns as they were before the rewrite (what the new ones must still match).
ORIGINAL = {
    "span": regex.compile(r"""\b(row|col)span\s*=\s*["']?\s*(\d{1,6})""", regex.I),
    "comment": regex.compile(r"<!--.*?-->", regex.S),
    "block_tag": regex.compile(r"</?(?:p|br|li|ol|ul|div|h[1-6])\b[^>]*>", regex.I),
    "cell_tag": regex.compile(r"</?(?:td|th|tr|table|tbody|thead)\b[^>]*>", regex.I),
    "pipe_separator": regex.compile(r"^[\s\-:|]*\|[\s\-:|]*$|^[\s\-:|\t]*-{2,}[\s\-:|\t]*$"),
    "signing": regex.compile(rf"(?:{_INTRO}{_PLACE}\s*,\s*)?{_OLD_WEEKDAY}?{_OLD_DATE}\s*[.,]?"),
    "placeholder": regex.compile(
        rf"{_INTRO}{_PLACE}\s*,\s*[._…]{{2,}}[\s._…]*(?:(?P<month>\p{{L}}{{3,12}})\.?\s*)?"
        r"(?:19|20)(?:[0-9]{2}|[xX]{2}|[._…]{1,3})\s*[.,]?"
    ),
    "dasar_lead": regex.compile(
        r"^.*?\bDasar\s+hukum\b.*?(?:antara\s+lain(?:nya)?|yaitu|adalah|meliputi|(?=\s*:))"
        r"\s*:?\s*",
        regex.I,
    ),
}
CURRENT = {
    "span": markup._SPAN,
    "comment": normalise._COMMENT,
    "block_tag": normalise._BLOCK_TAG,
    "cell_tag": normalise._CELL_TAG,
    "pipe_separator": normalise._PIPE_SEPARATOR,
    "signing": dates._SIGNING,
    "placeholder": dates._PLACEHOLDER,
    "dasar_lead": penjelasan._DASAR_LEAD,
}
# name: (how the package applies it, the pieces generated text is made of)
_WS = (" ", "  ", "\t", "")
PIECES: dict[str, tuple[str, tuple[tuple[str, ...], ...]]] = {
    "span": (
        "findall",
        (
            ("colspan", "ROWSPAN", "span", "x"),
            _WS,
            ("=", "", "3"),
            _WS,
            ('"', "'", ""),
            _WS,
            ("3", "12", "x", ""),
        ),
    ),
    "comment": ("sub", (("<!--", "-->", "<!---->", "-", ">"), (" ", "a", "\n", "<", ""))),
    "block_tag": ("sub", (("<p", "</li", "<BR", "<h2", "<pre", "<", "/"), (">", " a=1", "\n", ""))),
    "cell_tag": ("sub", (("<td", "</TR", "<table", "<tbody", "<t", "<"), (">", " x", "/", ""))),
    "pipe_separator": ("match", (("|", "-", "--", ":", "a", "#"), _WS)),
    "signing": (
        "fullmatch",
        (
            ("", "Malili", "Kota Baru", "dibuat di Palu", "Senin", "jum'at"),
            _WS,
            (",", ""),
            _WS,
            ("1", "12", "..", "…", "", "2/"),
            _WS,
            ("-", "/", ".", ""),
            _WS,
            ("Januari", "Jan.", "Ja", "3"),
            _WS,
            ("-", "/", ".", ""),
            ("2025", "2025", "20xx"),
            _WS,
            ("", ".", ",", "x"),
        ),
    ),
    "placeholder": (
        "fullmatch",
        (
            ("Malili", "Jakarta Pusat", "Ditetapkan di Palu", "1"),
            _WS,
            (",", ""),
            _WS,
            ("..", ".", "…", "__", ". .", ""),
            _WS,
            ("Januari", "Jan.", ""),
            _WS,
            ("2025", "20xx", "20..", "19.", "20", "x"),
            _WS,
            ("", ".", ","),
        ),
    ),
    "dasar_lead": (
        "match",
        (
            ("Dasar hukum", "dasar  HUKUM", "Dasarhukum", "x", ""),
            (*_WS, ":", " : "),
            ("antara lain", "antara lainnya", "yaitu", "adalah", "meliputi", "x", ":", ""),
            (*_WS, ":", "\n"),
        ),
    ),
}


def _texts(kinds: tuple[tuple[str, ...], ...], seed: int) -> list[str]:
    """Pieces in the pattern's order with random choices (sometimes from a random start and
    of a random length, so that texts also begin or end mid-way or repeat), from a fixed seed:
    the same cases on every run."""
    rng = random.Random(seed)
    texts = []
    for _ in range(CASES):
        whole = rng.random() < 0.7
        start = 0 if whole else rng.randrange(len(kinds))
        count = len(kinds) if whole else rng.randint(1, 2 * len(kinds))
        texts.append("".join(rng.choice(kinds[(start + k) % len(kinds)]) for k in range(count)))
    return texts


def _outcome(pattern: regex.Pattern, how: str, text: str) -> object:
    if how == "sub":
        return pattern.sub("@", text)
    if how == "findall":
        return pattern.findall(text)
    match = getattr(pattern, how)(text)
    return None if match is None else (match.span(), match.groups())


@pytest.mark.parametrize("name", sorted(PIECES))
def test_rewrite_matches_as_before(name: str) -> None:
    """Rule "a linear rewrite changes no match": the new pattern gives the same result as
    the original on generated text, in the way the package applies it."""
    how, kinds = PIECES[name]
    texts = _texts(kinds, seed=sorted(PIECES).index(name))
    hits = [t for t in texts if _outcome(ORIGINAL[name], how, t) not in (None, [], t)]
    assert len(hits) > 40  # the generator reaches matching text, not only other text
    for text in texts:
        assert _outcome(CURRENT[name], how, text) == _outcome(ORIGINAL[name], how, text), text


def _scan(pattern: regex.Pattern, how: str) -> Callable[[str], object]:
    if how == "sub":
        return lambda text: pattern.sub("", text)
    if how == "findall":
        return pattern.findall
    return getattr(pattern, how)


# (pattern name, head, repeated unit, tail): a piece of a matching string, then a long run of
# what a repeat of the pattern accepts, then a character that makes the match fail
SLOW_INPUTS = [
    ("span", "colspan=", " ", "#"),
    ("span", "ROWSPAN=", " ", "'x"),
    ("comment", "", "<!-- ", ""),
    ("block_tag", "", "<p ", ""),
    ("block_tag", "x", "</div a=1 ", "#"),
    ("cell_tag", "", "</td", ""),
    ("cell_tag", "", "<table ", "#"),
    ("pipe_separator", "", "- ", "x#"),
    ("pipe_separator", "", "| ", "#"),
    ("pipe_separator", "", "-- ", "#"),
    ("signing", "1", " ", "#"),
    ("signing", "1 Januari", " ", "#"),
    ("signing", "Senin", " ", "#"),
    ("signing", "Malili, ..", " ", "#"),
    ("placeholder", "Malili, ", ".", "#"),
    ("placeholder", "Malili, ", "…", "2"),
    ("dasar_lead", "", "Dasar hukum ", ""),
    ("dasar_lead", "", " Dasar hukum antara lai", "#"),
    ("dasar_lead", "Dasar hukum x", " ", "#"),
]


@pytest.mark.parametrize(
    ("name", "head", "unit", "tail"), SLOW_INPUTS, ids=[f"{c[0]}-{c[2]!r}" for c in SLOW_INPUTS]
)
def test_long_run_is_linear(name: str, head: str, unit: str, tail: str) -> None:
    """Doubling the run at most ~doubles the time (the originals took ~4x)."""
    run = _scan(CURRENT[name], PIECES[name][0])
    small = _best_time(run, _input(head, unit, tail, SIZE))
    large = _best_time(run, _input(head, unit, tail, 2 * SIZE))
    assert large <= RATIO * small or large <= SUSPECT_SECONDS, (small, large)


def test_regulation_pieces_linear_on_spaces() -> None:
    """Rule "a regulation's trailing 'diganti dengan' is cut": the cut starts where a run of
    spaces starts, so a long run before "diganti" is read once, not from each space."""
    text = "Peraturan Bupati Nomor 1 diganti dengan Peraturan Daerah"
    assert penjelasan.split_regulations(text) == ["Peraturan Bupati Nomor 1", "Peraturan Daerah"]
    small, large = (
        _best_time(penjelasan.split_regulations, "Peraturan A" + " " * n + "diganti")
        for n in (SIZE, 2 * SIZE)
    )
    assert large <= RATIO * small or large <= SUSPECT_SECONDS, (small, large)
