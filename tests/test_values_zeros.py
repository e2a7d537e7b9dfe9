"""Rule "an OCR-garbled number is unreadable, never a guessed zero" (parse/values.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from extractor.parse.values import parse_quantity

_UNITS = st.sampled_from(["%", " %", " persen", " dokumen", " kegiatan usaha", ""])
_PREFIX = st.sampled_from(["", "P waktu usaha ", "Target ", ">= "])


@given(zeros=st.integers(min_value=2, max_value=8), unit=_UNITS, prefix=_PREFIX)
def test_a_number_of_only_zeros_is_unreadable(zeros: int, unit: str, prefix: str) -> None:
    text = f"{prefix}{'0' * zeros}{unit}"
    q = parse_quantity(text)
    assert q.value is None
    assert q.raw == " ".join(text.split())
    if unit.strip() in ("%", "persen"):
        assert q.unit == "%"


@given(
    zero=st.sampled_from(["0", "0,00", "0,0", "0.0", "0,000"]),
    unit=_UNITS,
    prefix=_PREFIX,
)
def test_a_printed_zero_is_a_real_zero(zero: str, unit: str, prefix: str) -> None:
    assert parse_quantity(f"{prefix}{zero}{unit}").value == 0.0


@given(n=st.integers(min_value=1, max_value=10**6), unit=_UNITS)
def test_numbers_with_zeros_in_them_are_kept(n: int, unit: str) -> None:
    assert parse_quantity(f"{n * 100}{unit}").value == n * 100


def test_a_range_with_a_garbled_bound_has_no_bounds() -> None:
    q = parse_quantity("00-75 %")
    assert (q.value, q.min, q.max, q.unit) == (None, None, None, "%")
