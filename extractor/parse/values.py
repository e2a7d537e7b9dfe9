"""Numbers, rupiah amounts and target quantities as printed in Indonesian PK documents.

Indonesian print uses a decimal comma and thousands dots (``4.324.506.023,00``), but OCR and
copy-paste also bring English style (``1,234.56``), money endings (``,-``, ``.-``), scale words
(``3,3 Triliun``) and broken digit groups (``17.925.5200``). A broken number must come back as
``None`` rather than a guess, so that the caller can report it instead of publishing a wrong value.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import regex

from extractor.models import Quantity

# --- numbers ---------------------------------------------------------------------------------

_ID_GROUPED = regex.compile(r"(?P<int>[0-9]{1,3}(?:\.[0-9]{3})+)(?:,(?P<frac>[0-9]+))?")
# Only ever fullmatched: starting at a run of digits and commas, and keeping every comma group
# (a dot must follow the last one), changes no full match but keeps a search linear.
_EN_GROUPED = regex.compile(r"(?<![0-9,])(?P<int>[0-9]{1,3}(?:,[0-9]{3})++)\.(?P<frac>[0-9]+)")
_EN_GROUPED_INT = regex.compile(r"(?P<int>[0-9]{1,3}(?:,[0-9]{3}){2,})")
_PLAIN = regex.compile(r"(?P<int>[0-9]+)(?:,(?P<frac>[0-9]+))?")
_DOT_DECIMAL = regex.compile(r"(?P<int>[0-9]+)\.(?P<frac>[0-9]{1,2})")
# (?<!\s): start where the white-space run starts (the leftmost match does): linear
_MONEY_ENDING = regex.compile(r"(?<!\s)\s*(?:,\s*-+|\.\s*-+|,-*)$")


def _number_decimal(text: str) -> Decimal | None:
    """Exact decimal value of one printed number, or None when its grouping is impossible.

    Kept exact (Decimal) so that ``3,3`` times a trillion is 3.3e12, not 3299999999999.9995.
    """
    s = text.strip()
    negative = s.startswith(("-", "−")) and len(s) > 1
    if negative:
        s = s[1:].lstrip()
    s = _MONEY_ENDING.sub("", s) if s[-1:] == "-" else s
    for pattern in (_ID_GROUPED, _EN_GROUPED, _EN_GROUPED_INT, _PLAIN, _DOT_DECIMAL):
        m = pattern.fullmatch(s)
        if m:
            integer = m["int"].replace(".", "").replace(",", "")
            frac = m.groupdict().get("frac") or "0"
            try:
                value = Decimal(f"{integer}.{frac}")
            except InvalidOperation:  # pragma: no cover - the patterns only admit digits
                return None
            return -value if negative else value
    return None


def _to_float(value: Decimal | None) -> float | None:
    if value is None:
        return None
    result = float(value)
    return result if math.isfinite(result) else None


def parse_number(text: str) -> float | None:
    """Read one Indonesian-printed number ("4.324.506.023,00" -> 4324506023.0).

    A comma is the decimal mark and dots separate 3-digit groups; a single dot followed by 1-2
    digits ("3.3") is a decimal mark; "1,234.56" (English style) is accepted. Impossible groupings
    ("17.925.5200", "1.23.456") give None so that the caller reports them.
    """
    return _to_float(_number_decimal(text))


# --- money -----------------------------------------------------------------------------------

SCALE_WORDS: dict[str, int] = {
    "ribu": 10**3,
    "rb": 10**3,
    "juta": 10**6,
    "jt": 10**6,
    "miliar": 10**9,
    "milyar": 10**9,
    "milliar": 10**9,
    "miliyar": 10**9,
    "milyard": 10**9,
    "triliun": 10**12,
    "trilyun": 10**12,
    "trilliun": 10**12,
    "triliyun": 10**12,
    "trillion": 10**12,
    "M": 10**9,
    "T": 10**12,
}
"""Scale word (lower case; the single letters M and T upper case only) to its multiplier."""

_WORD_SCALES = sorted((w for w in SCALE_WORDS if w.islower()), key=len, reverse=True)
_SCALE = r"(?:(?i:" + "|".join(_WORD_SCALES) + r")\.?|(?-i:[MT]))(?![\p{L}\p{N}])"
_NUMBER = r"[0-9]+(?:[.,][0-9]+)*"
# The same number, never given back in part: where what follows it can never start with a
# digit, a dot or a comma (a space, a unit, a scale word, a range separator), a shorter number
# cannot match either, and giving back group by group is quadratic on ``1.1.1...``.
_WHOLE_NUMBER = r"(?>[0-9]+(?:[.,][0-9]+)*)"
_ENDING = r"(?:,\s?-+|\.-+)"
_PREFIX = r"(?<![\p{L}\p{N}])(?i:rp|idr)[.:]?\s*"

_MONEY_WITH_PREFIX = regex.compile(
    rf"(?P<prefix>{_PREFIX})(?P<num>{_NUMBER})(?P<end>{_ENDING})?(?:\s*(?P<scale>{_SCALE}))?"
)
_MONEY_WITH_SCALE = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}.,])(?P<num>{_WHOLE_NUMBER})\s*(?P<scale>{_SCALE})"
)
_MONEY_BARE = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}.,])(?P<num>{_NUMBER})(?P<end>{_ENDING})?(?![\p{{L}}\p{{N}}]|\s*%)"
)


def _scale_of(word: str | None) -> int:
    if not word:
        return 1
    word = word.rstrip(".")
    return SCALE_WORDS.get(word) or SCALE_WORDS.get(word.lower(), 1)


def _money_value(number: str, scale: str | None) -> float | None:
    value = _number_decimal(number)
    if value is None:
        return None
    return _to_float(value * _scale_of(scale))


@lru_cache(maxsize=8192)  # pure; the parsers ask about the same cells several times
def parse_money(text: str) -> tuple[str, float | None] | None:
    """Find a rupiah amount in a cell: (raw as printed, value in rupiah), or None if there is none.

    Preference: an ``Rp``-prefixed amount, then a number with a scale word ("250 juta"), then a
    bare number that looks like an amount (dot-grouped, with a money ending, or alone in the cell),
    so that "2 Dokumen" is not mistaken for money. Trailing words ("APBD") are not part of raw.
    """
    m = _MONEY_WITH_PREFIX.search(text) or _MONEY_WITH_SCALE.search(text)
    if m is None:
        stripped = text.strip()
        for candidate in _MONEY_BARE.finditer(text):
            num = candidate["num"]
            if (
                "." in num
                or "," in num
                or candidate["end"]
                or len(num) >= 4
                or candidate.group(0) == stripped
            ):
                m = candidate
                break
    if m is None:
        return None
    raw = m.group(0).strip()
    return raw, _money_value(m["num"], m.groupdict().get("scale"))


# --- quantities ------------------------------------------------------------------------------

_COMPARATOR = regex.compile(
    r"^\s*(?:(?P<sym><=|=<|≤|>=|=>|≥|<|>)|(?P<word>(?i:maks(?:imal|imum)?|min(?:imal|imum)?)\.?)"
    r"(?=[\s\d]|$)|(?P<phrase>(?i:paling\s+(?:banyak|tinggi|sedikit|rendah)|"
    r"tidak\s+(?:lebih|kurang)\s+dari|sekurang-kurangnya|setinggi-tingginya|"
    r"kurang\s+dari|lebih\s+dari|di\s*bawah|di\s*atas)))\s*"
)
# Comparators written in words ("paling banyak 5 kasus" is "<= 5 kasus").
_PHRASES = {
    "paling banyak": "<=",
    "paling tinggi": "<=",
    "setinggi-tingginya": "<=",
    "tidak lebih dari": "<=",
    "paling sedikit": ">=",
    "paling rendah": ">=",
    "sekurang-kurangnya": ">=",
    "tidak kurang dari": ">=",
    "kurang dari": "<",
    "di bawah": "<",
    "dibawah": "<",
    "lebih dari": ">",
    "di atas": ">",
    "diatas": ">",
}
_SYMBOLS = {
    "<=": "<=",
    "=<": "<=",
    "≤": "<=",
    ">=": ">=",
    "=>": ">=",
    "≥": ">=",
    "<": "<",
    ">": ">",
}
# never starting inside a number (the leftmost match starts at its first digit): linear
_PERCENT = regex.compile(
    rf"(?<![0-9]|[0-9][.,])(?P<num>{_WHOLE_NUMBER})\s*(?:%|(?i:persen|prosen)(?![\p{{L}}]))"
)
_RP = regex.compile(r"(?<![\p{L}\p{N}])(?i:rp|idr)(?![\p{L}])|(?i:rupiah)")
_NUMBER_TOKEN = regex.compile(rf"(?<![\p{{L}}\p{{N}}.,])(?P<num>{_NUMBER})(?![\p{{N}}])")
_WORD_SCALE_AFTER = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}.,])(?P<num>{_WHOLE_NUMBER})\s*(?P<scale>(?i:{'|'.join(_WORD_SCALES)})\.?)"
    r"(?![\p{L}\p{N}])(?P<rest>.*)$"
)


def _unit_words(text: str) -> str | None:
    """Lower-case unit words around a count ("10 Kegiatan Usaha" -> "kegiatan usaha")."""
    words = " ".join(text.split()).strip(" .,:;-–—()").lower()
    return words or None


# A range target: two bounds joined by a dash or "s.d."/"sd"/"s/d"/"sampai (dengan)"/"hingga",
# each bound optionally followed by the same unit ("60% - 75%"). Bounded repetitions only.
_RANGE_SEP = r"(?:[-–—]|(?i:s\s?\.?\s?d\.?|s\s?/\s?d\.?|sampai(?:\s+dengan)?|hingga))"
_RANGE = regex.compile(
    rf"^(?P<lo>{_WHOLE_NUMBER})[ ]?(?P<lo_unit>%|(?i:persen|prosen)(?![\p{{L}}]))?[ ]?"
    rf"{_RANGE_SEP}[ ]?(?P<hi>{_NUMBER})(?![\p{{N}}])(?P<rest>.*)$"
)


def _range(raw: str, body: str, comparator: str | None) -> Quantity | None:
    """A range target ("60-75 %", "3 s.d. 6 hari", "1 s/d 3"): ``min`` and ``max`` hold the
    bounds and ``value`` is None, because a range is not one number (rule: never pick a bound
    for the caller). Bounds that cannot be read, or a lower bound above the upper one, give
    ``min``/``max`` None too, with the unit still read."""
    m = _RANGE.match(body)
    if m is None:
        return None
    rest = m["rest"]
    unit: str | None
    if m["lo_unit"] or _PERCENT_UNIT.match(rest):
        unit = "%"
    elif _RP.search(body):
        return None  # money ranges are not targets we can read as one quantity
    else:
        unit = _unit_words(rest)
    lo, hi = _target_number(m["lo"]), _target_number(m["hi"])
    if lo is None or hi is None or lo > hi:
        lo = hi = None
    return Quantity(raw=raw, value=None, unit=unit, comparator=comparator, min=lo, max=hi)


_PERCENT_UNIT = regex.compile(r"^\s*(?:%|(?i:persen|prosen)(?![\p{L}]))")
# Two or more zeros and nothing else: no one prints a zero target so; it is digits OCR lost
# (``P waktu usaha 00%`` for ``100%``).
_ZEROS_ONLY = regex.compile(r"00+")


def _target_number(text: str) -> float | None:
    """A target's number, or None when it cannot be read: rule "an OCR-garbled number is
    unreadable, never a guessed zero" (``00`` gives None; ``0``, ``0,00``, ``0.0`` stay 0)."""
    return None if _ZEROS_ONLY.fullmatch(text) else parse_number(text)


def parse_quantity(text: str) -> Quantity:
    """Read a target cell ("97%", "Rp 3.300.000.000.000,-", "45 Investor", "BB") into a Quantity.

    Letter grades and empty cells give value None; a malformed number gives value None with the
    unit still read, so that the caller can report the number without losing the unit; so
    does a number of only zeros ("00%", digits OCR lost). A range ("60-75 %", "3 sd 6 hari")
    gives ``min``/``max`` and value None.
    """
    raw = " ".join(text.split())
    comparator = None
    body = raw
    m = _COMPARATOR.match(body)
    if m:
        if m["phrase"]:
            comparator = _PHRASES[" ".join(m["phrase"].lower().split())]
        elif m["sym"]:
            comparator = _SYMBOLS[m["sym"]]
        else:
            comparator = "<=" if m["word"].lower().startswith("maks") else ">="
        body = body[m.end() :]

    def quantity(value: float | None, unit: str | None) -> Quantity:
        return Quantity(raw=raw, value=value, unit=unit, comparator=comparator)

    if not any(ch in "0123456789" for ch in body):
        return quantity(None, None)

    if body[:1].isdigit() and (ranged := _range(raw, body, comparator)) is not None:
        return ranged

    p = _PERCENT.search(body)
    if p:
        return quantity(_target_number(p["num"]), "%")

    if _RP.search(body):
        money = parse_money(body)
        if money is not None:
            return quantity(money[1], "IDR")

    s = _WORD_SCALE_AFTER.search(body)
    if s:
        rest = _unit_words(s["rest"])
        value = _money_value(s["num"], s["scale"])
        if rest is None or rest.startswith("rupiah"):
            return quantity(value, "IDR")
        return quantity(value, rest)

    n = _NUMBER_TOKEN.search(body)
    if n is None:  # digits only glued inside words ("TW4"): not a quantity
        return quantity(None, None)
    unit = _unit_words(body[n.end() :]) or _unit_words(body[: n.start()])
    return quantity(_target_number(n["num"]), unit)


# --- masked or illegible values --------------------------------------------------------------

# Web transcripts mask personal data: names as "Xxxxxxx"/"XXXXX", NIPs as "00000000 000000 0 000"
# or with x's; a run of asterisks is the same. Such text is a placeholder, never a value.
_MASK_WORD = regex.compile(r"(?<![\p{L}\p{N}])(?:[Xx]{3,}|\*{3,}|[?]{3,})(?![\p{L}\p{N}])")
_NIP_MASK = regex.compile(r"[Xx*?]")
_NIP_SEPARATORS = regex.compile(r"[\s.\-]")


def is_masked(text: str | None) -> bool:
    """Rule "masked text is unknown": a value holding a mask word (``Xxxxxxx``, ``XXXXX``,
    ``***``) is a placeholder for data the publisher hid, so it is never read as a value."""
    return bool(text) and _MASK_WORD.search(text) is not None


def is_masked_nip(text: str | None) -> bool:
    """A NIP printed as a mask: x's or asterisks among its digits, or nothing but zeros
    (``00000000 000000 0 000``; no real NIP is all zeros)."""
    if not text:
        return False
    compact = _NIP_SEPARATORS.sub("", text)
    if _NIP_MASK.search(compact):
        return True
    return len(compact) >= 8 and set(compact) == {"0"}


def unit_source(target_cell: str, satuan: str, quantity: Quantity) -> str | None:
    """Where a Lampiran 1 target's unit was read: its own cell ("97 %"), else the row's
    Satuan column ("97" under Satuan "%"); None when the target has no unit."""
    if quantity.unit is None:
        return None
    if not satuan.strip() or parse_quantity(target_cell).unit is not None:
        return "cell"
    return "satuan_column"
