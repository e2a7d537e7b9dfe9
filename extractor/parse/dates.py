"""Signing dates: ``<place>, <day> <month> <year>`` lines and dates written out in words.

A PK records where and when it was signed. The line is short and stands alone; a sentence that
merely mentions a date (a regulation's "Nomor 12 Tahun 2024", a deadline) must not be taken for it,
so matching is anchored to the whole line. OCR damages month names ("Januarl", "Desernber"), hence
the fuzzy month lookup.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import regex
from rapidfuzz.distance import Levenshtein

MONTHS: dict[str, int] = {
    # Indonesian names and common misspellings
    "januari": 1,
    "februari": 2,
    "pebruari": 2,
    "febuari": 2,
    "maret": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "agustus": 8,
    "agutus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "nopember": 11,
    "desember": 12,
    # abbreviations
    "jan": 1,
    "feb": 2,
    "peb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "agt": 8,
    "agu": 8,
    "ags": 8,
    "agust": 8,
    "agus": 8,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "oct": 10,
    "nov": 11,
    "nop": 11,
    "des": 12,
    "dec": 12,
    # English names
    "january": 1,
    "february": 2,
    "march": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "october": 10,
    "december": 12,
}
"""Lower-case month spelling (name, misspelling, abbreviation, English) to month number."""

_FUZZY_KEYS = tuple(k for k in MONTHS if len(k) >= 5)
_OCR_FIXES = (("rn", "m"), ("1", "l"), ("0", "o"), ("vv", "w"))


@lru_cache(maxsize=1024)
def month_number(word: str) -> int | None:
    """Month number of a printed month word, tolerating one OCR error in names of 5+ letters."""
    w = word.strip().rstrip(".").lower()
    if not w:
        return None
    if w in MONTHS:
        return MONTHS[w]
    if len(w) < 4 or not w.isalnum() or w in _NUMBER_WORDS:
        return None
    candidates = {w}
    for bad, good in _OCR_FIXES:
        candidates.add(w.replace(bad, good))
    found: set[int] = set()
    for cand in candidates:
        if cand in MONTHS:
            return MONTHS[cand]
        for key in _FUZZY_KEYS:
            if Levenshtein.distance(cand, key, score_cutoff=1) <= 1:
                found.add(MONTHS[key])
    return found.pop() if len(found) == 1 else None


def iso_date(year: int, month: int, day: int | None) -> str | None:
    """``YYYY-MM-DD`` (or ``YYYY-MM`` without a day), or None for an impossible date."""
    if not 1900 <= year <= 2099 or not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


# --- signing lines ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SigningDate:
    """A ``<place>, <date>`` line: place and ISO date (None when absent or impossible)."""

    place: str | None
    date: str | None
    raw: str


_PLACE = r"(?P<place>\p{L}[\p{L}.'’\- ]{0,38}?)"
_PLACE_INTRO = r"(?:(?i:ditetapkan|dibuat|ditandatangani)\s+(?i:di)\s+)?"
# Linear on long runs of spaces or dots: ``\s*[-/.]?\s*`` is said ``\s*+(?:[-/.]\s*+)?`` and a
# blank day ``(?:[._…]{2,}|[._…]+\s*)\s*`` is ``[._…]++\s*+``, the same strings read one way
# only (each run is followed by a letter or digit, which no run can give back).
_SEPARATOR = r"\s*+(?:[-/.]\s*+)?"
_BLANK_DAY = r"[._…]++\s*+"
_DATE = (
    rf"(?:(?P<day>[0-9]{{1,2}}){_SEPARATOR}(?P<month>\p{{L}}{{3,12}})\.?{_SEPARATOR}"
    r"(?P<year>[0-9]{4})"
    rf"|(?:{_BLANK_DAY})?(?P<month2>\p{{L}}{{3,12}})\.?\s*+(?P<year2>[0-9]{{4}})"
    r"|(?P<nday>[0-9]{1,2})\s*(?P<sep>[-/.])\s*(?P<nmonth>[0-9]{1,2})\s*(?P=sep)\s*(?P<nyear>[0-9]{4}))"
)
_WEEKDAYS = frozenset(
    {"senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "jum’at", "sabtu", "minggu", "ahad"}
)
_WEEKDAY = r"(?:(?i:senin|selasa|rabu|kamis|jum['’]?at|sabtu|minggu|ahad)\s*+,?\s*+)"
_SIGNING = regex.compile(rf"(?:{_PLACE_INTRO}{_PLACE}\s*+,\s*+)?{_WEEKDAY}?{_DATE}\s*+[.,]?")
# A form's date left blank: dots for the day and month, the year printed, dotted or ``20xx``
# (``Jakarta, ........... 20xx``, ``Malili, ..... Januari 20..``). Only after a place.
_PLACEHOLDER = regex.compile(
    # [._…]{2}[\s._…]*+: the dots and spaces read once ([._…]{2,}[\s._…]* split every run)
    rf"{_PLACE_INTRO}{_PLACE}\s*+,\s*+[._…]{{2}}[\s._…]*+(?:(?P<month>\p{{L}}{{3,12}})\.?\s*+)?"
    r"(?:19|20)(?:[0-9]{2}|[xX]{2}|[._…]{1,3})\s*[.,]?"
)
# Role words printed after the date on its line (the date over one signature column):
# ``Bengkulu, 14 Januari 2019 Menyetujui Pihak Kedua,``, ``Malili, 2 Januari 2025 PIHAK
# PERTAMA,``; the date is read without them.
_ROLE_TAIL = regex.compile(
    r"(?<!\s)\s+(?:(?:menyetujui|mengetahui|disetujui)\b\s*+[,:]?\s*+)?"
    r"(?:pihak\s+(?:pertama|kesatu|kedua|I{1,2})\b\s*+[,:.]?\s*+)?$",  # (?<!\s), \s*+: linear
    regex.I,
)
_MAX_LINE = 80
_MAX_PLACE_WORDS = 4
# Cheap gate: every date form and placeholder above prints a year, so two digits in a row.
_YEAR_DIGITS = regex.compile(r"[0-9]{2}")


def parse_signing_line(line: str) -> SigningDate | None:
    """Parse "Malili, 02 Januari 2025" (or a bare date line); None if the line is anything else.

    The whole line must be place-and-date, so sentences that mention a date are rejected; role
    words after the date (``... 2019 Menyetujui Pihak Kedua,``) are a listed layout and are
    left out of ``raw``. A placeholder date (``Jakarta, ....... 20xx``) keeps its place and
    has no date: nothing is guessed.
    """
    raw = line.strip()
    if not raw or len(raw) > 2 * _MAX_LINE or not _YEAR_DIGITS.search(raw):
        return None
    tail = _ROLE_TAIL.search(raw) if raw[-1:] in ",:.iIaAuU" else None
    if tail is not None and tail.group().strip():
        raw = raw[: tail.start()]
    if len(raw) > _MAX_LINE:
        return None
    m = _SIGNING.fullmatch(raw)
    if m is None:
        return _placeholder(raw)
    place = m["place"]
    if place is not None:
        place = " ".join(place.split())
        if len(place.split()) > _MAX_PLACE_WORDS or month_number(place) is not None:
            return None
        if place.lower() in _WEEKDAYS:  # "Senin, 6 Januari 2025": a weekday, not a place
            place = None
    if m["nyear"]:
        date = iso_date(int(m["nyear"]), int(m["nmonth"]), int(m["nday"]))
    else:
        month = month_number(m["month"] or m["month2"])
        if month is None:
            return None
        year = int(m["year"] or m["year2"])
        day = int(m["day"]) if m["day"] else None
        date = iso_date(year, month, day)
    return SigningDate(place=place, date=date, raw=raw)


def _placeholder(raw: str) -> SigningDate | None:
    """A place with its date left blank (a form): the place, no date."""
    m = _PLACEHOLDER.fullmatch(raw)
    if m is None or (m["month"] and month_number(m["month"]) is None):
        return None
    place = " ".join(m["place"].split())
    if len(place.split()) > _MAX_PLACE_WORDS or month_number(place) is not None:
        return None
    return SigningDate(place=place, date=None, raw=raw)


# --- dates in words --------------------------------------------------------------------------

_UNITS = {
    "nol": 0,
    "se": 1,
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
}
_MULTIPLIERS = {"belas", "puluh", "ratus", "ribu"}
_NUMBER_WORDS = frozenset(_UNITS) | _MULTIPLIERS | {"sepuluh", "sebelas", "seratus", "seribu"}
_GLUED = regex.compile(r"(?<=\p{L})(belas|puluh|ratus|ribu)")
_TOKENS = regex.compile(r"\p{L}+|[0-9]+")
_SKIP = {"bulan", "tahun", "tanggal", "tgl"}


def _words_to_int(words: list[str]) -> int | None:
    """Value of Indonesian number words ("dua ribu dua puluh lima" -> 2025), or None."""
    if len(words) == 1 and words[0].isdigit():
        return int(words[0])
    total = current = pending = 0
    seen = False
    for w in words:
        if w in _UNITS:
            pending = _UNITS[w]
            seen = True
        elif w == "belas":
            current += pending + 10
            pending = 0
        elif w == "puluh":
            current += pending * 10
            pending = 0
        elif w == "ratus":
            current += pending * 100
            pending = 0
        elif w == "ribu":
            total += (current + pending or 1) * 1000
            current = pending = 0
        else:
            return None
    return total + current + pending if seen else None


def _split_number_words(text: str) -> list[str]:
    """Tokens with glued number words split: "duapuluh" -> "dua", "puluh"; "sebelas" -> "se"..."""
    tokens: list[str] = []
    for tok in _TOKENS.findall(text.lower()):
        parts = _GLUED.sub(r" \1", tok).split()
        if len(parts) > 1 and all(p in _UNITS or p in _MULTIPLIERS for p in parts):
            tokens.extend(parts)
        else:
            tokens.append(tok)
    return tokens


def _is_number_token(tok: str) -> bool:
    return tok.isdigit() or tok in _UNITS and tok != "se" or tok in _MULTIPLIERS


def parse_date_words(text: str) -> str | None:
    """Read a date written out in words ("tanggal enam bulan Februari tahun dua ribu dua puluh
    lima" -> "2025-02-06"); digits in place of words are accepted too."""
    tokens = _split_number_words(text)
    for i, tok in enumerate(tokens):
        if tok.isdigit() or tok in _NUMBER_WORDS or tok in _SKIP:
            continue
        month = month_number(tok)
        if month is None:
            continue
        j = i - 1
        if j >= 0 and tokens[j] == "bulan":
            j -= 1
        day_end = j + 1
        while j >= 0 and (_is_number_token(tokens[j]) or tokens[j] == "se"):
            j -= 1
        day_words = tokens[j + 1 : day_end]
        k = i + 1
        if k < len(tokens) and tokens[k] == "tahun":
            k += 1
        year_start = k
        while k < len(tokens) and (_is_number_token(tokens[k]) or tokens[k] == "se"):
            k += 1
        year_words = tokens[year_start:k]
        if not day_words or not year_words:
            continue
        day, year = _words_to_int(day_words), _words_to_int(year_words)
        if day is None or year is None:
            continue
        date = iso_date(year, month, day)
        if date is not None:
            return date
    return None
