"""NIP (Nomor Induk Pegawai): find it on a signature line and decode/check its 18 digits.

The NIP encodes birth date, CPNS appointment month, gender and a sequence number, so a misread
digit usually yields an impossible date or an appointment before the age of 18: checking the parts
is how the extractor notices OCR damage or a number that is not a NIP at all (a 16-digit NIK).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import regex

_LABEL = regex.compile(
    r"(?<![\p{L}\p{N}])NIP(?![\p{L}\p{N}])\s*[.:]?\s*[.:]?\s*(?P<value>[0-9](?:[ .]?[0-9])*)?",
    regex.IGNORECASE,
)
_SEPARATORS = regex.compile(r"[\s.\-]+")
PPPK_MONTH = "21"
"""Contract staff (PPPK) print 21 where the appointment month would be."""


@dataclass(frozen=True)
class NipInfo:
    """The decoded parts of a NIP and the problems found; ``valid`` means no problems."""

    raw: str
    digits: str | None
    valid: bool
    birth_date: str | None
    appointment: str | None
    gender: str | None
    sequence: str | None
    problems: tuple[str, ...]
    is_pppk: bool


def find_nip(line: str) -> str | None:
    """The NIP text printed after a ``NIP``/``NIP.``/``NIP :``/``Nip.`` label, spaces kept.

    None when the line has no NIP label; "" when the label is there but no number follows
    (elected heads' blank "NIP. -" or a number printed on the next line).
    """
    m = _LABEL.search(line)
    if m is None:
        return None
    return (m["value"] or "").strip()


def find_nips(line: str) -> list[str]:
    """Every labelled NIP on a line (two signature columns may share one line)."""
    return [m["value"].strip() for m in _LABEL.finditer(line) if m["value"]]


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_nip(raw: str, document_year: int | None = None) -> NipInfo:
    """Decode an 18-digit NIP (spaces/dots allowed) and list what is wrong with it. Never raises."""
    text = raw.strip()
    compact = _SEPARATORS.sub("", text)
    problems: list[str] = []

    def result(
        digits: str | None = None,
        birth_date: str | None = None,
        appointment: str | None = None,
        gender: str | None = None,
        sequence: str | None = None,
        is_pppk: bool = False,
    ) -> NipInfo:
        return NipInfo(
            raw=text,
            digits=digits,
            valid=not problems,
            birth_date=birth_date,
            appointment=appointment,
            gender=gender,
            sequence=sequence,
            problems=tuple(problems),
            is_pppk=is_pppk,
        )

    if not compact:
        problems.append("empty")
        return result()
    if not compact.isascii() or not compact.isdigit():
        problems.append(f"non-digit characters in {compact!r}")
        return result()
    if len(compact) != 18:
        hint = " (a NIK?)" if len(compact) == 16 else ""
        problems.append(f"length {len(compact)}, expected 18{hint}")
        return result()

    by, bm, bd = int(compact[0:4]), int(compact[4:6]), int(compact[6:8])
    ay_text, am_text = compact[8:12], compact[12:14]
    ay, am = int(ay_text), int(am_text)
    gender_digit, sequence = compact[14], compact[15:18]

    birth = _date(by, bm, bd) if 1900 <= by <= 2099 else None
    if birth is None:
        problems.append(f"impossible birth date {compact[0:4]}-{compact[4:6]}-{compact[6:8]}")

    is_pppk = am_text == PPPK_MONTH
    appointment: str | None
    if not 1900 <= ay <= 2099 or not (is_pppk or 1 <= am <= 12):
        appointment = None
        problems.append(f"impossible appointment {ay_text}-{am_text}")
    else:
        appointment = ay_text if is_pppk else f"{ay_text}-{am_text}"
        if birth is not None:
            if is_pppk:
                too_young = ay - birth.year < 18
            else:
                too_young = (ay * 12 + am) - (birth.year * 12 + birth.month) < 18 * 12
            if too_young:
                problems.append("appointment before age 18")
        if document_year is not None and ay > document_year:
            problems.append("appointment after the document year")

    gender = {"1": "male", "2": "female"}.get(gender_digit)
    if gender is None:
        problems.append(f"gender digit {gender_digit}")
    if sequence == "000":
        problems.append("sequence 000")

    return result(
        digits=compact,
        birth_date=birth.isoformat() if birth else None,
        appointment=appointment,
        gender=gender,
        sequence=sequence,
        is_pppk=is_pppk,
    )
