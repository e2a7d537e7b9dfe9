"""Build pages from inline text for parser unit tests (normalised like the real pipeline)."""

from __future__ import annotations

from textwrap import dedent

from extractor.document import Page
from extractor.normalise import normalise


def page(text: str, number: int = 1, kind: str = "other", first_line: int = 1) -> Page:
    """A page holding ``text`` (dedented, tabs kept) as the pipeline would see it."""
    lines, _ = normalise(dedent(text).strip("\n"))
    if first_line != 1:
        from extractor.document import Line

        lines = [Line(line.number + first_line - 1, line.text, line.raw) for line in lines]
    return Page(number=number, lines=lines, kind=kind)


#: The Pihak Pertama of the sample bundle's nine agreements, as their Nama lines print them
#: (read off samples/pk-dpmptsp-luwu-timur-2025.txt lines 23, 338, 432, 537, 756, 843, 956,
#: 1101, 1313).
SAMPLE_FIRST_PARTIES = [
    "ISKANDAR MUDA, S.Sos.,M.Si",
    "ISKANDAR MUDA, S.Sos.,M.Si",
    "ONDO IRA, SP",
    "JONI, SE",
    "PANCASIWI RAHARJO",
    "DAMES ARY SANDY SURYA",
    "AYUB KOMBONG, ST.M.Si.",
    "SAINAB SAMARING, S.KOM",
    "ANDI RAJUNI, SE",
]
