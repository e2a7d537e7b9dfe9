"""NIP lookup on signature lines and decoding/checking of the 18 digits."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from extractor.parse.nip import NipInfo, find_nip, parse_nip


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Nip. 19751030 200603 1 001", "19751030 200603 1 001"),
        ("NIP : 19750117 200604 2 016", "19750117 200604 2 016"),
        ("NIP : 197501172006042016", "197501172006042016"),
        ("NIP. 19840819 200212 1 001", "19840819 200212 1 001"),
        ("NIP.19840819 200212 1 001", "19840819 200212 1 001"),
        ("NIP:19840819200212 1 001 ", "19840819200212 1 001"),
        ("nip 19840819 200212 1 001", "19840819 200212 1 001"),
        ("NIP. 19840819 200212 1 001 NIP. 19751030 200603 1 001", "19840819 200212 1 001"),
        ("NIP. -", ""),
        ("Pembina Tk. I", None),
        ("NIPPON 123", None),
        ("", None),
    ],
)
def test_find_nip(line: str, expected: str | None) -> None:
    assert find_nip(line) == expected


def test_parse_valid_nip() -> None:
    assert parse_nip("19751030 200603 1 001", document_year=2025) == NipInfo(
        raw="19751030 200603 1 001",
        digits="197510302006031001",
        valid=True,
        birth_date="1975-10-30",
        appointment="2006-03",
        gender="male",
        sequence="001",
        problems=(),
        is_pppk=False,
    )


def test_parse_female_and_dotted() -> None:
    info = parse_nip("19750117.200604.2.016")
    assert info.valid and info.gender == "female" and info.digits == "197501172006042016"


def test_pppk() -> None:
    info = parse_nip("19900101 202121 1 001", document_year=2025)
    assert info.valid and info.is_pppk and info.appointment == "2021"


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("3201234567890123", "length 16, expected 18 (a NIK?)"),
        ("1975103020060310011", "length 19, expected 18"),
        ("19751340 200603 1 001", "impossible birth date 1975-13-40"),
        ("19750229 200603 1 001", "impossible birth date 1975-02-29"),
        ("19900101 200501 1 001", "appointment before age 18"),
        ("19800101 203001 1 001", "appointment after the document year"),
        ("19800101 200013 1 001", "impossible appointment 2000-13"),
        ("19751030 200603 3 001", "gender digit 3"),
        ("19751030 200603 1 000", "sequence 000"),
        ("1975103O 200603 1 001", "non-digit characters in '1975103O2006031001'"),
        ("", "empty"),
    ],
)
def test_parse_nip_problems(raw: str, problem: str) -> None:
    info = parse_nip(raw, document_year=2025)
    assert problem in info.problems
    assert not info.valid


def test_non_18_digits_have_no_digits() -> None:
    assert parse_nip("3201234567890123").digits is None


@given(st.text())
def test_parse_nip_never_raises(text: str) -> None:
    info = parse_nip(text, document_year=2025)
    assert info.valid == (not info.problems)


@given(
    birth=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2000, 12, 31)),
    offset=st.integers(min_value=18, max_value=40),
    month=st.integers(min_value=1, max_value=12),
    gender=st.sampled_from(["1", "2"]),
    sequence=st.integers(min_value=1, max_value=999),
    spaced=st.booleans(),
)
def test_generated_nip_round_trip(
    birth: dt.date, offset: int, month: int, gender: str, sequence: int, spaced: bool
) -> None:
    year = birth.year + offset
    assume(year <= 2025)
    assume((year * 12 + month) - (birth.year * 12 + birth.month) >= 18 * 12)
    parts = [birth.strftime("%Y%m%d"), f"{year}{month:02d}", gender, f"{sequence:03d}"]
    printed = (" " if spaced else "").join(parts)
    assert find_nip(f"NIP. {printed}") == printed
    info = parse_nip(printed, document_year=2025)
    assert info.valid, info.problems
    assert info.digits == "".join(parts)
    assert info.birth_date == birth.isoformat()
    assert info.appointment == f"{year}-{month:02d}"
    assert info.gender == {"1": "male", "2": "female"}[gender]
    assert info.sequence == f"{sequence:03d}"
    assert not info.is_pppk
