"""Mutations of real PK bundles for fuzzing, and the properties every record must keep.

Shared by the bounded fuzz test (``tests/test_fuzz.py``, hypothesis) and the long fuzz run
(``benchmarks/fuzz.py``, ``random.Random``): a mutation takes the text and a ``draw(lo, hi)``
that returns an int in ``[lo, hi]``, so hypothesis can shrink a failing case while the script
replays the same operations from a seed. The operations are what damaged OCR and converter
output look like, pushed further: characters flipped, inserted and deleted (NUL, form feed,
tab, pipe, ``<``, digits, combining and bidi marks), lines shuffled, duplicated and joined,
the text cut anywhere, and the bytes re-encoded or flipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

from pydantic import BaseModel

from extractor.models import Agreement, Duplicate, ExtractionResult, Location, Signature, Span

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(
    [
        ROOT / "samples" / "pk-dpmptsp-luwu-timur-2025.txt",
        ROOT / "samples" / "pk-pringsewu-diskominfo-2025.txt",
        *(ROOT / "samples" / "synthetic").glob("*.txt"),
    ]
)
STATUSES = {"ok", "partial", "failed"}

Draw = Callable[[int, int], int]

# Characters that stages treat specially or that OCR and converters leave behind.
NASTY = [
    "\x00",
    "\f",
    "\t",
    "|",
    "<",
    ">",
    "\n",
    "\r",
    " ",
    *"0123456789",
    ".",
    ",",
    ":",
    "-",
    "%",
    "\u0301",  # combining acute
    "\u0308",  # combining diaeresis
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "\u200b",  # zero-width space
    "\ufeff",  # byte order mark inside the text
    "\ufffd",  # replacement character
    "\ue000",  # the private-use item break the pipeline uses itself
    "\u00a0",  # no-break space
    "\u2028",  # line separator
    "ﬁ",
    "Ⅳ",
    "½",
    "İ",
]
# Fragments that open structures: table markup, headings, page markers, amounts.
FRAGMENTS = [
    "<td>",
    "<tr>",
    "</table>",
    "<table>",
    "<br>",
    "+---+---+",
    "| --- |",
    "Halaman 3 dari 9",
    "- 2 -",
    "(3)",
    "LAMPIRAN I",
    "PENJELASAN KINERJA",
    "PERJANJIAN KINERJA TAHUN 2025",
    "PIHAK PERTAMA",
    "NIP. 19700101 199001 1 001",
    "Rp 1.234.567,-",
    "3 s.d. 6",
    "60 - 75 %",
    "\tTarget\t",
]
ENCODINGS = ["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16-le", "utf-16", "cp1252"]


def _pos(text: str, draw: Draw) -> int:
    return draw(0, len(text))


def flip(text: str, draw: Draw) -> str:
    """Replace one character with a nasty one."""
    if not text:
        return text
    at = draw(0, len(text) - 1)
    return text[:at] + NASTY[draw(0, len(NASTY) - 1)] + text[at + 1 :]


def insert(text: str, draw: Draw) -> str:
    """Insert a nasty character, or a run of one, or a structural fragment."""
    at = _pos(text, draw)
    if draw(0, 3) == 0:
        piece = FRAGMENTS[draw(0, len(FRAGMENTS) - 1)]
    else:
        piece = NASTY[draw(0, len(NASTY) - 1)] * draw(1, 40)
    return text[:at] + piece + text[at:]


def delete(text: str, draw: Draw) -> str:
    """Delete a span of up to 200 characters."""
    at = _pos(text, draw)
    return text[:at] + text[at + draw(1, 200) :]


def truncate(text: str, draw: Draw) -> str:
    """Cut the text (a page or a download cut short) at any offset."""
    return text[: _pos(text, draw)]


def shuffle_lines(text: str, draw: Draw) -> str:
    """Shuffle a window of up to 30 lines (a Fisher-Yates shuffle by ``draw``)."""
    lines = text.split("\n")
    start = draw(0, len(lines) - 1)
    window = lines[start : start + draw(2, 30)]
    for i in range(len(window) - 1, 0, -1):
        j = draw(0, i)
        window[i], window[j] = window[j], window[i]
    return "\n".join(lines[:start] + window + lines[start + len(window) :])


def duplicate_lines(text: str, draw: Draw) -> str:
    """Copy a run of up to 80 lines (a page printed twice, a repeated row) elsewhere."""
    lines = text.split("\n")
    start = draw(0, len(lines) - 1)
    run = lines[start : start + draw(1, 80)]
    at = draw(0, len(lines))
    return "\n".join(lines[:at] + run + lines[at:])


def join_lines(text: str, draw: Draw) -> str:
    """Join up to 10 lines into one (with a space, a tab or nothing)."""
    lines = text.split("\n")
    start = draw(0, len(lines) - 1)
    glue = [" ", "\t", "", " | "][draw(0, 3)]
    end = start + draw(2, 10)
    return "\n".join([*lines[:start], glue.join(lines[start:end]), *lines[end:]])


def page_break(text: str, draw: Draw) -> str:
    """A form feed at a line start or inside a line (a page cut anywhere)."""
    at = _pos(text, draw)
    return text[:at] + ("\f" if draw(0, 1) else "\n\f") + text[at:]


MUTATIONS: dict[str, Callable[[str, Draw], str]] = {
    "flip": flip,
    "insert": insert,
    "delete": delete,
    "truncate": truncate,
    "shuffle_lines": shuffle_lines,
    "duplicate_lines": duplicate_lines,
    "join_lines": join_lines,
    "page_break": page_break,
}
NAMES = sorted(MUTATIONS)


def mutate(text: str, draw: Draw, steps: int) -> tuple[str, list[str]]:
    """Apply ``steps`` mutations chosen by ``draw``; the text and the names applied."""
    applied = []
    for _ in range(steps):
        name = NAMES[draw(0, len(NAMES) - 1)]
        text = MUTATIONS[name](text, draw)
        applied.append(name)
    return text, applied


def encode(text: str, draw: Draw) -> bytes:
    """The text's bytes in an encoding a converter might write, sometimes with bytes flipped
    (invalid UTF-8, a broken BOM)."""
    encoding = ENCODINGS[draw(0, len(ENCODINGS) - 1)]
    data = bytearray(text.encode(encoding, errors="replace"))
    for _ in range(draw(0, 3) if data and draw(0, 3) == 0 else 0):
        data[draw(0, len(data) - 1)] = draw(0, 255)
    return bytes(data)


def case(sample: int, steps: int, draw: Draw) -> tuple[str, bytes, list[str]]:
    """One fuzz case: (input name, bytes, mutations applied) from sample ``sample``."""
    path = SAMPLES[sample % len(SAMPLES)]
    text, applied = mutate(sample_text(path), draw, steps)
    return path.name, encode(text, draw), applied


@cache
def sample_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def violations(record: ExtractionResult) -> list[str]:
    """What is wrong with a record: it must validate and survive a JSON round trip, have a
    known status, a failed record must say why, and every page a value, a finding or a
    signature points to must be one of the record's pages."""
    found = []
    dumped = record.model_dump()
    try:
        again = ExtractionResult.model_validate(dumped)
        if ExtractionResult.model_validate_json(record.model_dump_json()) != again:
            found.append("the JSON round trip changed the record")
    except Exception as error:  # noqa: BLE001 - any validation error is the finding
        found.append(f"the record does not validate: {error}")
    if record.status not in STATUSES:
        found.append(f"unknown status {record.status!r}")
    if record.status == "failed" and not record.errors:
        found.append("a failed record without an error")
    pages = {page.number for page in record.pages}
    for where, page in page_references(record):
        if page not in pages:
            found.append(f"{where} points to page {page}, not one of {sorted(pages)}")
    return found


def page_references(model: BaseModel, where: str = "record") -> Iterator[tuple[str, int]]:
    """Every (field path, page number) a Span, Location, Signature, Agreement or Duplicate
    of the record holds."""
    if isinstance(model, Span | Location | Signature) and model.page is not None:
        yield where, model.page
    if isinstance(model, Agreement):
        yield from ((f"{where}.pages", page) for page in model.pages)
    if isinstance(model, Duplicate):
        yield f"{where}.kept_page", model.kept_page
        yield f"{where}.dropped_page", model.dropped_page
    for name in type(model).model_fields:
        yield from _references(getattr(model, name), f"{where}.{name}")


def _references(value: object, where: str) -> Iterator[tuple[str, int]]:
    if isinstance(value, BaseModel):
        yield from page_references(value, where)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _references(item, f"{where}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _references(item, f"{where}.{key}")
