"""Names and titles as printed on agreement pages and signature blocks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.parse.names import (
    PREFIX_TITLES,
    looks_like_title,
    split_name,
    strip_titles_for_match,
)


@pytest.mark.parametrize(
    ("text", "name", "titles"),
    [
        ("Drs. H. BUDIMAN, M.Pd", "BUDIMAN", ["Drs.", "H.", "M.Pd"]),
        ("ISKANDAR MUDA, S.Sos.,M.Si", "ISKANDAR MUDA", ["S.Sos.", "M.Si"]),
        ("ISKANDAR MUDA, S.Sos, M.Si", "ISKANDAR MUDA", ["S.Sos", "M.Si"]),
        ("AYUB KOMBONG, ST.M.Si.", "AYUB KOMBONG", ["ST.", "M.Si."]),
        ("AYUB KOMBONG, S.T.M.Si.", "AYUB KOMBONG", ["S.T.", "M.Si."]),
        ("ANDI RAJUNI, SE,M.M", "ANDI RAJUNI", ["SE", "M.M"]),
        ("ANDI HABIL UNRU, SE", "ANDI HABIL UNRU", ["SE"]),
        ("SAINAB SAMARING, S.KOM", "SAINAB SAMARING", ["S.KOM"]),
        ("MOUDY ARY NAZOLLA, S.STP., MH", "MOUDY ARY NAZOLLA", ["S.STP.", "MH"]),
        ("PANCASIWI RAHARJO", "PANCASIWI RAHARJO", []),
        ("RIYANTO PAMUNGKAS", "RIYANTO PAMUNGKAS", []),
        ("(JONI, SE)", "JONI", ["SE"]),
        ("( JONI, SE )", "JONI", ["SE"]),
        ("Dr. Ir. H. Ahmad, M.T., Ph.D", "Ahmad", ["Dr.", "Ir.", "H.", "M.T.", "Ph.D"]),
        ("Hj. SITI AMINAH, S.Pd., M.Pd.", "SITI AMINAH", ["Hj.", "S.Pd.", "M.Pd."]),
        ("dr. RINA, Sp.A", "RINA", ["dr.", "Sp.A"]),
        ("Prof. Dr. X", "X", ["Prof.", "Dr."]),
        ("KH. ABDULLAH", "ABDULLAH", ["KH."]),
        ("K.H. ABDULLAH", "ABDULLAH", ["K.H."]),
        ("A. MUH. YUSUF", "A. MUH. YUSUF", []),
        ("A. MUH. YUSUF, S.Sos", "A. MUH. YUSUF", ["S.Sos"]),
        ("MUHAMMAD H. SALEH", "MUHAMMAD H. SALEH", []),
        ("H. SALEH", "SALEH", ["H."]),
        ("H.", "H.", []),
        ("Drs.H.BUDIMAN", "BUDIMAN", ["Drs.", "H."]),
        ("DRS BUDIMAN", "BUDIMAN", ["DRS"]),
        ("drg. RINA, M.Kes", "RINA", ["drg.", "M.Kes"]),
        ("Ns. RINA, S.Kep", "RINA", ["Ns.", "S.Kep"]),
        ("apt. JONI, S.Farm", "JONI", ["apt.", "S.Farm"]),
        ("JONI, S.E.", "JONI", ["S.E."]),
        ("JONI, S.H.", "JONI", ["S.H."]),
        ("JONI, SH", "JONI", ["SH"]),
        ("JONI, MH", "JONI", ["MH"]),
        ("JONI, M.H.", "JONI", ["M.H."]),
        ("JONI, MM", "JONI", ["MM"]),
        ("JONI, M.M.", "JONI", ["M.M."]),
        ("JONI, MAP", "JONI", ["MAP"]),
        ("JONI, M.AP", "JONI", ["M.AP"]),
        ("JONI, M.Kes", "JONI", ["M.Kes"]),
        ("JONI, SKM", "JONI", ["SKM"]),
        ("JONI, S.ST", "JONI", ["S.ST"]),
        ("JONI, A.Md.", "JONI", ["A.Md."]),
        ("JONI, SE., Ak., CA", "JONI", ["SE.", "Ak.", "CA"]),
        ("JONI, S.Kep., Ns.", "JONI", ["S.Kep.", "Ns."]),
        ("JONI, SE.MM", "JONI", ["SE.", "MM"]),
        ("JONI, SH.MH", "JONI", ["SH.", "MH"]),
        ("JONI, S.H.M.H.", "JONI", ["S.H.", "M.H."]),
        ("JONI, M. Si", "JONI", ["M. Si"]),
        ("JONI, S.Ars.M.Ars", "JONI", ["S.Ars.", "M.Ars"]),
        ("BUDIMAN M.Pd", "BUDIMAN", ["M.Pd"]),
        ("  ISKANDAR   MUDA ,  S.Sos  ", "ISKANDAR MUDA", ["S.Sos"]),
        ("", "", []),
    ],
)
def test_split_name(text: str, name: str, titles: list[str]) -> None:
    assert split_name(text) == (name, titles)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ISKANDAR MUDA, S.Sos.,M.Si", "ISKANDAR MUDA, S.Sos, M.Si"),
        ("Drs. H. BUDIMAN, M.Pd", "(BUDIMAN)"),
        ("A. MUH. YUSUF, S.Sos", "A MUH YUSUF"),
        ("Ayub Kombong, ST.M.Si.", "AYUB KOMBONG, S.T.M.Si."),
    ],
)
def test_strip_titles_for_match(a: str, b: str) -> None:
    assert strip_titles_for_match(a) == strip_titles_for_match(b)


def test_strip_titles_for_match_value() -> None:
    assert strip_titles_for_match("A. MUH. YUSUF, S.Sos") == "A MUH YUSUF"


_PRINTED_SUFFIXES = [
    "S.Sos.", "S.Sos", "SE", "S.E.", "ST", "S.T.", "SH", "S.H.", "S.Kom", "S.KOM", "S.Pd",
    "S.IP", "S.STP", "SKM", "S.ST", "M.Si", "M.Si.", "M.Pd", "M.M", "MM", "M.M.", "MH", "M.H.",
    "M.AP", "MAP", "M.Kes", "M.T.", "A.Md.", "Ph.D", "Sp.A", "Sp.PD", "Ak.", "CA", "Ns.",
]  # fmt: skip

_WORD = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=10).filter(
    lambda w: not looks_like_title(w)
)


@given(
    words=st.lists(_WORD, min_size=1, max_size=4),
    prefixes=st.lists(st.sampled_from(PREFIX_TITLES), unique=True, max_size=3),
    suffixes=st.lists(st.sampled_from(_PRINTED_SUFFIXES), max_size=3),
    separator=st.sampled_from([", ", ",", " , "]),
)
def test_split_name_property(
    words: list[str], prefixes: list[str], suffixes: list[str], separator: str
) -> None:
    name = " ".join(words)
    text = " ".join([*prefixes, name])
    if suffixes:
        text += separator + separator.join(suffixes)
    assert split_name(text) == (name, prefixes + suffixes)
