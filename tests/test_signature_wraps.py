"""A signer's name too long for its signature column: its degrees go on after a comma on the
next line of the column (``pdftotext -layout``, tab cells of a PDF page). Generated names and
cut points; the name, its NIP and the other column must come back whole."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

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
