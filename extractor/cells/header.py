"""Table header recognition for the cell rebuilder: column words (No, Sasaran, Indikator,
Target, Satuan, Anggaran ...) as one cell per line or a whole flattened header line (R2), the
ruling ``|`` that OCR reads between cells (O1), and which headers are worth rebuilding.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from .types import Column

# --- header cells -----------------------------------------------------------------------

_LEVEL = (
    r"(?:STRATEGIS|PROGRAM(?:\s*/\s*KEGIATAN)?(?:\s*/\s*SUB\s*KEGIATAN)?|KEGIATAN|"
    r"SUB\s*KEGIATAN|UTAMA|KINERJA|SASARAN)"
)
_COLUMN_WORDS: list[tuple[str, str, str]] = [
    # (kind, role, pattern): the kind drives the assignment, the role the text split.
    ("no", "no", r"NO\.?|NOMOR(?:\s+URUT)?"),
    (
        "value",
        "target",
        rf"TARGET(?:\s+{_LEVEL})?(?:\s+(?:TAHUN\s+)?\d{{4}})?"
        r"(?:\s+(?:TW|TRIWULAN|TRW)\s*\.?\s*(?:IV|I{1,3}|[1-4]))?",
    ),
    ("value", "target", r"(?:TW|TRIWULAN|TRW)\s*\.?\s*(?:IV|I{1,3}|[1-4])"),
    ("unit", "unit", r"SATUAN"),
    ("text", "indicator", rf"INDIKATOR(?:\s+{_LEVEL}){{0,2}}"),
    ("text", "objective", rf"SASARAN(?:\s+{_LEVEL})?"),
    ("note", "note", r"SUMBER\s+DANA|KET\.?|KETERANGAN|PENJELASAN"),
    (
        "money",
        "amount",
        r"(?:PAGU\s+)?ANGGARAN(?:\s*\(\s*RP\.?\s*\))?|PAGU|"
        r"JUMLAH\s*(?:ANGGARAN\s*)?\(\s*RP\.?\s*\)|DANA\s*\(\s*RP\.?\s*\)",
    ),
    (
        "text",
        "name",
        r"(?:PROGRAM|KEGIATAN|SUB\s*KEGIATAN)(?:\s*[/,]\s*(?:KEGIATAN|SUB\s*KEGIATAN))*",
    ),
    ("text", "name", r"URAIAN"),
]
_ONE_HEAD = [
    (kind, role, regex.compile(rf"(?i:{pattern})\s*+(?:\(\d{{1,2}}\))?\s*:?$"))  # \s*+: linear
    for kind, role, pattern in _COLUMN_WORDS
]
# One header word at a position of a flattened header line ("No Sasaran Strategis ...").
_HEAD_AT = regex.compile(
    r"(?i:" + "|".join(f"(?P<c{n}>{p})" for n, (_, _, p) in enumerate(_COLUMN_WORDS)) + r")"
    r"(?:\s*\(\d{1,2}\))?(?=\s|$)\s*"
)
_HEAD_HINT = regex.compile(
    r"^(?i:no|nomor|sasaran|indikator|target|satuan|program|kegiatan|sub|anggaran|pagu|"
    r"jumlah|dana|sumber|ket|keterangan|penjelasan|uraian|tw|triwulan|trw)\b"
)
_MAX_HEAD_LEN = 120


_HEAD_TAIL = regex.compile(r"(?<!\s)(?:\s*\(\d{1,2}\)\s*+:?$|\s*:$)")  # (?<!\s): linear
_RULE = regex.compile(r"(?<!\S)\|(?!\S)")


def unruled(text: str) -> str:
    """O1 (Tesseract): OCR reads a table's vertical ruling line as a lone ``|`` between
    cells (``2 | Meningkatnya ...``, ``Anggaran (Rp) | Ket``). It is no text; the
    flattened-row rules find the cell boundary without it, so it reads as a space."""
    return " ".join(_RULE.sub(" ", text).split()) if "|" in text else text


@lru_cache(maxsize=4096)
def head_cell(text: str) -> Column | None:
    """The column a one-cell header line names, or None."""
    text = unruled(text).strip().rstrip("|").strip()
    if len(text) > 40 or not _HEAD_HINT.match(text):
        return None
    for kind, role, pattern in _ONE_HEAD:
        if pattern.match(text):
            return Column(kind, role, _HEAD_TAIL.sub("", text))
    return None


@lru_cache(maxsize=4096)
def flat_header(text: str) -> tuple[Column, ...] | None:
    """A header printed on one line with single spaces: every word is part of a column
    word (R2 applied to the header); None when the line is anything else."""
    text = unruled(text).strip().rstrip("|").strip()
    if len(text) > _MAX_HEAD_LEN or not _HEAD_HINT.match(text):
        return None
    out: list[Column] = []
    pos = 0
    while pos < len(text):
        match = _HEAD_AT.match(text, pos)
        if not match:
            return None
        n = int(next(name for name, v in match.groupdict().items() if v is not None)[1:])
        kind, role, _ = _COLUMN_WORDS[n]
        out.append(Column(kind, role, _HEAD_TAIL.sub("", match.group(0).strip())))
        pos = match.end()
    return tuple(out) if len(out) >= 2 else None


def usable(columns: list[Column]) -> bool:
    """A header worth rebuilding: a target or amount column and a text column."""
    kinds = {c.kind for c in columns}
    return len(columns) >= 2 and bool(kinds & {"value", "money"}) and "text" in kinds
