"""Signing lines, month names and dates written in words."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.parse.dates import (
    MONTHS,
    SigningDate,
    month_number,
    parse_date_words,
    parse_signing_line,
)


@pytest.mark.parametrize(
    ("word", "month"),
    [
        ("Januari", 1),
        ("JANUARI", 1),
        ("Pebruari", 2),
        ("Februari", 2),
        ("Nopember", 11),
        ("Agt", 8),
        ("Agu", 8),
        ("Ags", 8),
        ("Agust.", 8),
        ("Sept", 9),
        ("Okt", 10),
        ("Des", 12),
        ("Mei", 5),
        ("May", 5),
        ("March", 3),
        ("Januarl", 1),
        ("Desernber", 12),
        ("Septernber", 9),
        ("0ktober", 10),
        ("Agustud", 8),
        ("Tahun", None),
        ("Malili", None),
        ("Juli", 7),
        ("Jull", None),  # 4 letters: too short to guess
        ("", None),
    ],
)
def test_month_number(word: str, month: int | None) -> None:
    assert month_number(word) == month


@pytest.mark.parametrize(
    ("line", "place", "date"),
    [
        ("Malili, 02 Januari 2025", "Malili", "2025-01-02"),
        ("Malili, Januari 2025", "Malili", "2025-01"),
        ("Malili, 2 Januari 2025", "Malili", "2025-01-02"),
        ("Pringsewu,   Februari 2025", "Pringsewu", "2025-02"),
        ("Kota Bandung, 3 Jan. 2025", "Kota Bandung", "2025-01-03"),
        ("Malili, 02-01-2025", "Malili", "2025-01-02"),
        ("Malili, 02/01/2025", "Malili", "2025-01-02"),
        ("02/01/2025", None, "2025-01-02"),
        ("2 Januari 2025", None, "2025-01-02"),
        ("  Malili, 02 Januari 2025  ", "Malili", "2025-01-02"),
        ("MALILI, 02 JANUARI 2025", "MALILI", "2025-01-02"),
        ("Malili, 2 Januarl 2025", "Malili", "2025-01-02"),
        ("Malili, 2 Desernber 2024", "Malili", "2024-12-02"),
        ("Malili, ........ Januari 2025", "Malili", "2025-01"),
        ("Ditetapkan di Malili, 2 Januari 2025", "Malili", "2025-01-02"),
        ("Malili, Senin 6 Januari 2025", "Malili", "2025-01-06"),
        ("Malili, 31 Februari 2025", "Malili", None),
        ("Malili, 31-02-2025", "Malili", None),
        ("Malili, 02-13-2025", "Malili", None),
    ],
)
def test_parse_signing_line(line: str, place: str | None, date: str | None) -> None:
    assert parse_signing_line(line) == SigningDate(place=place, date=date, raw=line.strip())


@pytest.mark.parametrize(
    "line",
    [
        "",
        "PERJANJIAN KINERJA TAHUN 2025",
        "Peraturan Bupati Luwu Timur Nomor 12 Tahun 2024",
        "Telah diterbitkan pada 2 Januari 2025 oleh Kepala Dinas",
        "Target ini ditetapkan tanggal 2 Januari 2025",
        "Sesuai dengan Renstra tahun 2021 sampai dengan tahun 2026, target 2 Januari 2025",
        "Malili, " + "x" * 80 + " 2 Januari 2025",
        "Malili, 2 Tahun 2025",
        "Nilai SAKIP 73,50",
    ],
)
def test_parse_signing_line_rejects(line: str) -> None:
    assert parse_signing_line(line) is None


@pytest.mark.parametrize(
    ("text", "date"),
    [
        (
            "Pada hari ini Senin tanggal enam bulan Februari tahun dua ribu dua puluh lima",
            "2025-02-06",
        ),
        ("tanggal tiga puluh satu bulan Desember tahun dua ribu dua puluh empat", "2024-12-31"),
        ("tanggal sebelas bulan Maret tahun duaribu duapuluh lima, kami", "2025-03-11"),
        ("tanggal sepuluh Januari tahun dua ribu dua puluh lima", "2025-01-10"),
        ("tanggal dua belas bulan Mei tahun dua ribu dua puluh lima", "2025-05-12"),
        (
            "tanggal satu bulan Juli tahun seribu sembilan ratus sembilan puluh sembilan",
            "1999-07-01",
        ),
        ("tanggal 6 bulan Februari tahun 2025", "2025-02-06"),
        ("tanggal tiga puluh bulan Februari tahun dua ribu dua puluh lima", None),
        ("Pada hari ini kami yang bertanda tangan", None),
        ("", None),
    ],
)
def test_parse_date_words(text: str, date: str | None) -> None:
    assert parse_date_words(text) == date


_PLACES = ["Malili", "Pringsewu", "Kota Bandung", "Tanjung Selor", "Kab. Luwu Timur", "Makassar"]


@given(
    date=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31)),
    place=st.sampled_from(_PLACES),
    data=st.data(),
)
def test_signing_line_round_trip(date: dt.date, place: str, data: st.DataObject) -> None:
    spellings = sorted(k for k, v in MONTHS.items() if v == date.month)
    month = data.draw(st.sampled_from(spellings))
    month = data.draw(st.sampled_from([month, month.upper(), month.title()]))
    day = data.draw(st.sampled_from([f"{date.day:02d}", str(date.day)]))
    line = f"{place}, {day} {month} {date.year}"
    assert parse_signing_line(line) == SigningDate(place, date.isoformat(), line)


@given(st.text(max_size=100))
def test_parse_signing_line_never_raises(text: str) -> None:
    parse_signing_line(text)
    parse_date_words(text)
