"""A signer's name too long for its signature column: its degrees go on after a comma on the
next line of the column (``pdftotext -layout``, tab cells of a PDF page). Generated names and
cut points; the name, its NIP and the other column must come back whole."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.models import Party
from extractor.parse.signatures import read_signatures

from .pagekit import page

T = "\t"
NAMES = ["I KETUT SUDARSANA", "LA ODE MUHAMMAD SALEH", "NURHALIMAH", "ABDUL RAHMAN"]
DEGREES = ["S.Sos.", "M.Si", "S.E.", "M.M.", "S.Kom.", "M.AP.", "S.T.", "M.T."]


def _nip(n: int) -> tuple[str, str]:
    digits = f"19{n % 30 + 60:02d}0101199003{n % 2 + 1}{n % 900 + 100:03d}"
    return digits, f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(NAMES),
    st.lists(st.sampled_from(DEGREES), min_size=2, max_size=3, unique=True),
    st.integers(1, 2),
    st.booleans(),
    st.integers(0, 999),
)
def test_degrees_wrapped_onto_the_next_line_of_the_column(name, degrees, cut, right, n) -> None:
    cut = min(cut, len(degrees) - 1)
    first_line = ", ".join([name, *degrees[:cut]]) + ","
    rest = ", ".join(degrees[cut:])
    other = "Ir. MUHAMMAD YUSUF, M.Si."
    nip, nip_printed = _nip(n)
    other_nip, other_printed = _nip(n + 1)
    if right:  # the long name is Pihak Pertama's, in the right column
        lines = [
            f"PIHAK KEDUA,{T}PIHAK PERTAMA,",
            f"KEPALA DINAS{T}KEPALA SEKSI PENGAWASAN",
            "",
            "",
            f"{other}{T}{first_line}",
            f"{T}{rest}",
            f"NIP. {other_printed}{T}NIP. {nip_printed}",
        ]
    else:
        lines = [
            f"PIHAK KEDUA,{T}PIHAK PERTAMA,",
            f"KEPALA DINAS{T}KEPALA SEKSI PENGAWASAN",
            "",
            "",
            f"{first_line}{T}{other}",
            rest,
            f"NIP. {nip_printed}{T}NIP. {other_printed}",
        ]
    block = read_signatures(page("\n".join(lines)), (None, None))
    names = [(s.name, s.nip) for s in block.signatures]
    mine, theirs = (name, nip), ("MUHAMMAD YUSUF", other_nip)
    assert names == ([theirs, mine] if right else [mine, theirs])


def test_a_role_word_ending_in_a_comma_takes_no_degrees() -> None:
    """Only degrees continue a piece that ends with a comma: the position under
    ``PIHAK PERTAMA,`` stays a position."""
    lines = [
        f"PIHAK KEDUA,{T}PIHAK PERTAMA,",
        f"KEPALA DINAS{T}KEPALA SEKSI PENGAWASAN",
        "",
        f"Ir. MUHAMMAD YUSUF, M.Si.{T}ABDUL RAHMAN, S.E.",
    ]
    block = read_signatures(page("\n".join(lines)), (None, None))
    assert [(s.name, s.position) for s in block.signatures] == [
        ("MUHAMMAD YUSUF", "KEPALA DINAS"),
        ("ABDUL RAHMAN", "KEPALA SEKSI PENGAWASAN"),
    ]


# --- a bare name right under its position (one cell per line, flattened) --------------------

BARE_NAMES = ["RIYANTO PAMUNGKAS", "BUDI SANTOSO", "SITI NURHALIZA", "ANDI MAPPANYUKKI"]
REGIONS = ["PRINGSEWU", "LUWU TIMUR", "BUKIT LARANGAN", "TIRTA MULYA"]
LEADERS = ["BUPATI", "WALIKOTA", "KEPALA DINAS KOMUNIKASI DAN INFORMATIKA", "SEKRETARIS DAERAH"]
UNITS = ["KEPALA DINAS PENANAMAN MODAL", "KEPALA BADAN KEUANGAN DAERAH", "KEPALA DINAS SOSIAL"]


def _party(name: str, position: str) -> Party:
    return Party(
        name=name, name_as_written=name, titles=[], position=position, nip=None, source=None
    )


def _wrapped(position: str, region: str, wrap: int) -> list[str]:
    """The position as printed in a narrow column: its words cut after ``wrap`` words, the
    region on a line of its own opened by a region word (``KABUPATEN``) or not."""
    words = position.split()
    head = [" ".join(words[:wrap]), " ".join(words[wrap:])] if 0 < wrap < len(words) else [position]
    return [*[h for h in head if h], f"KABUPATEN {region}"]


@settings(max_examples=80, deadline=None)
@given(
    second=st.sampled_from(BARE_NAMES),
    leader=st.sampled_from(LEADERS),
    unit=st.sampled_from(UNITS),
    region=st.sampled_from(REGIONS),
    wrap=st.integers(0, 3),
    second_nip=st.booleans(),
    with_parties=st.booleans(),
    n=st.integers(0, 999),
)
def test_bare_name_under_a_wrapped_position_is_a_name(
    second, leader, unit, region, wrap, second_nip, with_parties, n
) -> None:
    """Rule "a bare name right under its position": one cell per line, the signing space lost,
    a name without titles under the position's last line (a region line) is the signer's
    name, whether a NIP follows it, the parties' names are known, or neither (a role word
    follows it: the block has fewer names than role words)."""
    first_name = "MOUDY ARY NAZOLLA"
    nip, nip_printed = _nip(n)
    other_nip, other_printed = _nip(n + 1)
    lines = [
        "Pihak Kedua,",
        *_wrapped(leader, region, wrap),
        second,
        *([f"NIP. {other_printed}"] if second_nip else []),
        "Pihak Pertama,",
        *_wrapped(unit, region, wrap),
        f"{first_name}, S.STP., MH",
        "Pembina Tk. I",
        f"NIP. {nip_printed}",
    ]
    parties = (_party(first_name, unit), _party(second, leader)) if with_parties else (None, None)
    block = read_signatures(page("\n".join(lines)), parties)
    got = [(s.role, s.name, s.nip) for s in block.signatures]
    assert got == [
        ("second_party", second, other_nip if second_nip else None),
        ("first_party", first_name, nip),
    ]
    assert block.signatures[0].position == " ".join(_wrapped(leader, region, wrap))


@settings(max_examples=40, deadline=None)
@given(
    unit=st.sampled_from(UNITS),
    region=st.sampled_from(REGIONS),
    rest=st.sampled_from(["DAN STATISTIK", "DAERAH", "PROVINSI SULAWESI SELATAN"]),
)
def test_position_lines_of_an_empty_block_stay_position(unit, region, rest) -> None:
    """A block nobody signed (no name under its position) keeps every wrapped line of the
    position when the last one opens with a unit or region word (``DAN ..``, ``DAERAH``,
    ``PROVINSI ..``), even with fewer names than role words."""
    lines = [
        "Pihak Pertama,",
        "KEPALA DINAS SOSIAL",
        "MOUDY ARY NAZOLLA, S.STP., MH",
        "NIP. 19840819 200212 1 001",
        "Pihak Kedua,",
        unit,
        rest,
    ]
    block = read_signatures(page("\n".join(lines)), (None, None))
    assert [(s.role, s.name, s.position) for s in block.signatures] == [
        ("first_party", "MOUDY ARY NAZOLLA", "KEPALA DINAS SOSIAL"),
        ("second_party", None, f"{unit} {rest}"),
    ]


@pytest.mark.parametrize("region", ["LUWU TIMUR", "BUKIT LARANGAN"])
def test_a_piece_of_a_party_position_is_no_name(region: str) -> None:
    """``BUPATI`` / ``LUWU TIMUR`` over an empty slot: two capitalised words closing the
    block, but words of the party's position from the statement, so still the position."""
    lines = [
        "Pihak Pertama,",
        "KEPALA DINAS SOSIAL",
        "MOUDY ARY NAZOLLA, S.STP., MH",
        "NIP. 19840819 200212 1 001",
        "Pihak Kedua,",
        "BUPATI",
        region,
    ]
    parties = (
        _party("MOUDY ARY NAZOLLA", "KEPALA DINAS SOSIAL"),
        _party("ABDUL RAHMAN", f"BUPATI {region}"),
    )
    block = read_signatures(page("\n".join(lines)), parties)
    assert [(s.name, s.position) for s in block.signatures] == [
        ("MOUDY ARY NAZOLLA", "KEPALA DINAS SOSIAL"),
        (None, f"BUPATI {region}"),
    ]
