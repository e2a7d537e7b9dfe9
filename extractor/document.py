"""Plain data passed between stages: lines and pages with their provenance.

Stages are functions over these objects; nothing here does any parsing. A PDF loader
builds the same ``Page`` objects (with words and boxes added later), so every stage
after loading works on either input.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

#: Marks a list item or paragraph break that the converter put inside one line (an HTML
#: ``<li>``/``<p>``/``<br>`` in a table cell). A private-use character, so it is neither
#: whitespace nor a line break for ``str.split``/``splitlines``.
ITEM_BREAK = "\ue000"


BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points
_MISSING = (math.nan,) * 4


def pack_boxes(bbox: Sequence[float] | None, cells: Iterable[BBox | None] = ()) -> bytes | None:
    """A line's box and its cells' boxes as one ``bytes`` (8 bytes a coordinate, exact; NaN
    for a missing box), None when there are none. Held for every line of a bundle, tuples
    of floats cost 752 bytes for a line of three cells, this 161 (a 500-page bundle: 6 MB
    less)."""
    boxes = [bbox, *cells]
    if bbox is None and len(boxes) == 1:
        return None
    values = [v for box in boxes for v in (_MISSING if box is None else box)]
    return struct.pack(f"<{len(values)}d", *values)


def box_at(boxes: bytes | None, index: int) -> BBox | None:
    """Box ``index`` of ``pack_boxes`` (0: the line's; None when missing)."""
    if boxes is None or 32 * index >= len(boxes):
        return None
    box = _BOX.unpack_from(boxes, 32 * index)
    return None if math.isnan(box[0]) else box


_BOX = struct.Struct("<4d")


@dataclass(frozen=True, slots=True)
class Line:
    """One source line: ``number`` is 1-based in the loaded text (for a PDF: the n-th line
    rebuilt from the pages); ``raw`` is untouched; PDF lines also know their box and, when
    OCRed, the confidence of their least certain word."""

    number: int
    text: str
    raw: str
    boxes: bytes | None = None  # PDF: its box, then each tab-separated cell's (pack_boxes)
    confidence: float | None = None
    end: int | None = None  # last source line when the text was rebuilt from several lines
    blank: bool = field(init=False, repr=False, compare=False)  # read in every stage's loops

    def __post_init__(self) -> None:
        object.__setattr__(self, "blank", not self.text.strip())

    @property
    def bbox(self) -> BBox | None:
        return box_at(self.boxes, 0)

    @property
    def cell_boxes(self) -> tuple[BBox | None, ...]:
        """The box of each tab-separated cell (PDF), () when not known."""
        count = len(self.boxes) // 32 if self.boxes else 0
        return tuple(box_at(self.boxes, i) for i in range(1, count))

    @property
    def last(self) -> int:
        """The last source line this text covers (``number`` unless rebuilt from several)."""
        return self.end if self.end is not None else self.number


@dataclass(slots=True)
class Page:
    """A page of the source (inferred for text input) with its classification."""

    number: int
    lines: list[Line]
    kind: str = "other"
    duplicate_of: int | None = None

    @property
    def line_start(self) -> int:
        return self.lines[0].number if self.lines else 0

    @property
    def line_end(self) -> int:
        return self.lines[-1].last if self.lines else 0

    def content(self) -> list[Line]:
        return [line for line in self.lines if not line.blank]


@dataclass(frozen=True, slots=True)
class RepairNote:
    """A change made by the normaliser (what, where, before/after)."""

    kind: str
    line: int
    before: str
    after: str


@dataclass(slots=True)
class LoadedText:
    """The decoded input with what an auditor needs to trace it back to the file."""

    path: str
    text: str
    sha256: str
    size_bytes: int
    encoding: str | None
    media_type: str = "text/plain"


@dataclass(slots=True)
class Problem:
    """An error or finding raised by a stage; the pipeline turns it into a record."""

    code: str
    message: str
    page: int | None = None
    severity: str = "warning"
    values: list[str] = field(default_factory=list)
    field_name: str | None = None
    line: int | None = None
    bbox: list[float] | None = None
