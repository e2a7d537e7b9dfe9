"""Indonesian numbers, rupiah amounts and target quantities."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.models import Quantity
from extractor.parse.values import parse_money, parse_number, parse_quantity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4.324.506.023,00", 4324506023.0),
        ("96,00", 96.0),
        ("73,50", 73.5),
        ("7.200", 7200.0),
        ("7200", 7200.0),
        ("3.3", 3.3),
        ("3.30", 3.3),
        ("0,5", 0.5),
        ("1,234.56", 1234.56),
        ("1,234,567", 1234567.0),
        ("  96,00 ", 96.0),
        ("0", 0.0),
        ("17.925.5200", None),
        ("1.23.456", None),
        ("1.2345", None),
        ("12.34.567,00", None),
        ("", None),
        ("-", None),
        ("abc", None),
        ("3.300.000.000 .000", None),
    ],
)
def test_parse_number(text: str, expected: float | None) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "raw", "value"),
    [
        ("Rp. 4.324.506.023,00", "Rp. 4.324.506.023,00", 4324506023.0),
        ("Rp 5.721.000.-", "Rp 5.721.000.-", 5721000.0),
        ("Rp 44.763.000,-", "Rp 44.763.000,-", 44763000.0),
        ("RP.357.779.750,-", "RP.357.779.750,-", 357779750.0),
        ("Rp.357.779.750,-", "Rp.357.779.750,-", 357779750.0),
        ("  4.324.506.023,00  ", "4.324.506.023,00", 4324506023.0),
        ("92.809.650", "92.809.650", 92809650.0),
        ("80.160.000.- APBD", "80.160.000.-", 80160000.0),
        ("Rp 3.300.000.000.000,-", "Rp 3.300.000.000.000,-", 3300000000000.0),
        ("3,3 Triliun", "3,3 Triliun", 3300000000000.0),
        ("3.3 trilliun", "3.3 trilliun", 3300000000000.0),
        ("1,5 M", "1,5 M", 1500000000.0),
        ("250 juta", "250 juta", 250000000.0),
        ("250 jt", "250 jt", 250000000.0),
        ("2 miliar", "2 miliar", 2000000000.0),
        ("2 milyar", "2 milyar", 2000000000.0),
        ("Rp 1,2 T", "Rp 1,2 T", 1200000000000.0),
        ("500 ribu", "500 ribu", 500000.0),
        ("1 trilyun", "1 trilyun", 1e12),
        ("17.925.5200", "17.925.5200", None),
        ("Rp 17.925.5200 APBD", "Rp 17.925.5200", None),
        ("Program Penunjang Rp. 27.000.000", "Rp. 27.000.000", 27000000.0),
        ("500", "500", 500.0),
    ],
)
def test_parse_money(text: str, raw: str, value: float | None) -> None:
    assert parse_money(text) == (raw, value)


@pytest.mark.parametrize("text", ["", "Rp.", "APBD", "2 Dokumen", "95%", "95,00 %", "-"])
def test_parse_money_none(text: str) -> None:
    assert parse_money(text) is None


def q(raw: str, value: float | None, unit: str | None, comparator: str | None = None) -> Quantity:
    return Quantity(raw=raw, value=value, unit=unit, comparator=comparator)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("97%", q("97%", 97.0, "%")),
        ("96,00 %", q("96,00 %", 96.0, "%")),
        ("100 persen", q("100 persen", 100.0, "%")),
        ("80  %", q("80 %", 80.0, "%")),
        ("Rp 3.300.000.000.000,-", q("Rp 3.300.000.000.000,-", 3300000000000.0, "IDR")),
        ("Rp. 27.000.000", q("Rp. 27.000.000", 27000000.0, "IDR")),
        ("250 juta", q("250 juta", 250000000.0, "IDR")),
        ("2 miliar rupiah", q("2 miliar rupiah", 2e9, "IDR")),
        ("3,3 Triliun", q("3,3 Triliun", 3300000000000.0, "IDR")),
        ("3.3 trilliun", q("3.3 trilliun", 3300000000000.0, "IDR")),
        ("45 Investor", q("45 Investor", 45.0, "investor")),
        ("10 Kegiatan Usaha", q("10 Kegiatan Usaha", 10.0, "kegiatan usaha")),
        ("1 mOU", q("1 mOU", 1.0, "mou")),
        ("2,8 Indeks", q("2,8 Indeks", 2.8, "indeks")),
        ("25 Unit Kerja", q("25 Unit Kerja", 25.0, "unit kerja")),
        ("1 Dokumen", q("1 Dokumen", 1.0, "dokumen")),
        ("96,00", q("96,00", 96.0, None)),
        ("73,50", q("73,50", 73.5, None)),
        ("3.300.000.000.000", q("3.300.000.000.000", 3300000000000.0, None)),
        ("7.200", q("7.200", 7200.0, None)),
        ("BB", q("BB", None, None)),
        ("A", q("A", None, None)),
        ("AA", q("AA", None, None)),
        ("CC", q("CC", None, None)),
        ("WTP", q("WTP", None, None)),
        ("", q("", None, None)),
        ("-", q("-", None, None)),
        ("--", q("--", None, None)),
        ("17.925.5200 Dokumen", q("17.925.5200 Dokumen", None, "dokumen")),
        ("1.23.456 %", q("1.23.456 %", None, "%")),
        ("< 5%", q("< 5%", 5.0, "%", "<")),
        ("<=5%", q("<=5%", 5.0, "%", "<=")),
        ("≤ 5 %", q("≤ 5 %", 5.0, "%", "<=")),
        ("> 90%", q("> 90%", 90.0, "%", ">")),
        (">= 90%", q(">= 90%", 90.0, "%", ">=")),
        ("≥90%", q("≥90%", 90.0, "%", ">=")),
        ("maks 3 hari", q("maks 3 hari", 3.0, "hari", "<=")),
        ("Maksimal 3 Hari", q("Maksimal 3 Hari", 3.0, "hari", "<=")),
        ("min 10 Dokumen", q("min 10 Dokumen", 10.0, "dokumen", ">=")),
        ("Minimal 80%", q("Minimal 80%", 80.0, "%", ">=")),
    ],
)
def test_parse_quantity(text: str, expected: Quantity) -> None:
    assert parse_quantity(text) == expected


def _dotted(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@given(
    n=st.integers(min_value=0, max_value=10**15 - 1),
    prefix=st.sampled_from(["", "Rp", "Rp.", "RP.", "RP", "rp."]),
    space=st.sampled_from(["", " ", "\t"]),
    ending=st.sampled_from(["", ",00", ",-", ".-"]),
)
def test_money_round_trip(n: int, prefix: str, space: str, ending: str) -> None:
    text = f"{prefix}{space if prefix else ''}{_dotted(n)}{ending}"
    assert parse_money(text) == (text.strip(), float(n))
    if ending in ("", ",00"):
        assert parse_number(_dotted(n) + ending) == float(n)


@given(cents=st.integers(min_value=0, max_value=10**14))
def test_two_decimal_round_trip(cents: int) -> None:
    text = f"{_dotted(cents // 100)},{cents % 100:02d}"
    assert parse_number(text) == cents / 100


@given(st.text())
def test_parse_quantity_never_raises(text: str) -> None:
    result = parse_quantity(text)
    assert result.raw == " ".join(text.split())


@given(st.text())
def test_parse_money_and_number_never_raise(text: str) -> None:
    parse_money(text)
    parse_number(text)


@pytest.mark.parametrize(
    ("text", "comparator", "value", "unit"),
    [
        ("paling banyak 5 kasus", "<=", 5, "kasus"),
        ("kurang dari 14 %", "<", 14, "%"),
        ("Paling sedikit 80 persen", ">=", 80, "%"),
        ("tidak lebih dari 3 hari", "<=", 3, "hari"),
        ("lebih dari 100 pelaku usaha", ">", 100, "pelaku usaha"),
    ],
)
def test_comparators_written_in_words(text: str, comparator: str, value: float, unit: str) -> None:
    q = parse_quantity(text)
    assert (q.comparator, q.value, q.unit) == (comparator, value, unit)


# --- range targets ----------------------------------------------------------------------------

from extractor.parse.values import is_masked, is_masked_nip, unit_source  # noqa: E402


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("60-75 %", 60, 75, "%"),
        ("60 – 75%", 60, 75, "%"),
        ("60% - 75%", 60, 75, "%"),
        ("3 sd 6 hari", 3, 6, "hari"),
        ("3 s.d. 6 hari", 3, 6, "hari"),
        ("3 S.D 6 Hari", 3, 6, "hari"),
        ("1 s/d 3", 1, 3, None),
        ("1,5 - 2,5 indeks", 1.5, 2.5, "indeks"),
        ("10 sampai dengan 12 dokumen", 10, 12, "dokumen"),
    ],
)
def test_range_targets(text: str, low: float, high: float, unit: str | None) -> None:
    """Rule "a range is not one number": bounds in min/max, value None, unit kept."""
    assert parse_quantity(text) == Quantity(
        raw=text, value=None, unit=unit, comparator=None, min=low, max=high
    )


@pytest.mark.parametrize("text", ["75-60 %", "17.925.5200 - 3 hari"])
def test_ranges_that_cannot_be_read_give_no_bounds(text: str) -> None:
    q = parse_quantity(text)
    assert (q.value, q.min, q.max) == (None, None, None)


@pytest.mark.parametrize("text", ["97%", "45 Investor", "Rp 3.300.000.000.000,-", "BB", "5,-"])
def test_single_values_have_no_bounds(text: str) -> None:
    q = parse_quantity(text)
    assert (q.min, q.max) == (None, None)


def _printed(n: float) -> str:
    """A number as Indonesian print writes it: thousands dots, decimal comma."""
    whole, cents = divmod(round(n * 100), 100)
    text = f"{whole:,}".replace(",", ".")
    return f"{text},{cents:02d}" if cents else text


@given(
    low=st.integers(min_value=0, max_value=10**9),
    span=st.integers(min_value=0, max_value=10**9),
    cents=st.sampled_from([0, 0.5, 0.25]),
    separator=st.sampled_from(["-", " - ", "–", " – ", " sd ", " s.d. ", " s/d ", " S.D. "]),
    unit=st.sampled_from(["", " %", "%", " persen", " hari", " Dokumen", " kali per tahun"]),
    repeat_unit=st.booleans(),
)
def test_range_round_trip(
    low: int, span: int, cents: float, separator: str, unit: str, repeat_unit: bool
) -> None:
    """Any two ordered bounds with any separator and unit read back as min, max and unit."""
    lo, hi = low + cents, low + span + cents
    first_unit = unit if repeat_unit and unit.strip() in ("%", "persen") else ""
    text = f"{_printed(lo)}{first_unit}{separator}{_printed(hi)}{unit}"
    q = parse_quantity(text)
    expected_unit = {"": None, "%": "%", "persen": "%"}.get(unit.strip(), unit.strip().lower())
    assert (q.value, q.min, q.max, q.unit) == (None, lo, hi, expected_unit), text
    assert q.raw == " ".join(text.split())


# --- masked values and unit sources -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Xxxxxxx Xxxxx", True),
        ("XXXXX", True),
        ("Xxxxxx, S.E.", True),
        ("*****", True),
        ("ALEX SUXXES", False),
        ("BUDI SANTOSO", False),
        ("KEPALA DINAS", False),
        ("", False),
    ],
)
def test_is_masked(text: str, expected: bool) -> None:
    assert is_masked(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("00000000 000000 0 000", True),
        ("000000000000000000", True),
        ("19700101 xxxxxx x xxx", True),
        ("XXXXXXXX XXXXXX X XXX", True),
        ("19700101 199003 1 001", False),
        ("0", False),
        (None, False),
    ],
)
def test_is_masked_nip(text: str | None, expected: bool) -> None:
    assert is_masked_nip(text) is expected


@pytest.mark.parametrize(
    ("cell", "satuan", "expected"),
    [("97 %", "", "cell"), ("97", "%", "satuan_column"), ("97 %", "%", "cell"), ("BB", "", None)],
)
def test_unit_source(cell: str, satuan: str, expected: str | None) -> None:
    quantity = parse_quantity(f"{cell} {satuan}")
    assert unit_source(cell, satuan, quantity) == expected
