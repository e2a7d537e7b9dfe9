"""Plain data passed between stages: lines and pages with their provenance.

Stages are functions over these objects; nothing here does any parsing. A PDF loader
builds the same ``Page`` objects (with words and boxes added later), so every stage
after loading works on either input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Marks a list item or paragraph break that the converter put inside one line (an HTML
#: ``<li>``/``<p>``/``<br>`` in a table cell). A private-use character, so it is neither
#: whitespace nor a line break for ``str.split``/``splitlines``.
ITEM_BREAK = "\ue000"


BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points


@dataclass(frozen=True, slots=True)
class Line:
    """One source line: ``number`` is 1-based in the loaded text (for a PDF: the n-th line
    rebuilt from the pages); ``raw`` is untouched; PDF lines also know their box and, when
    OCRed, the confidence of their least certain word."""

    number: int
    text: str
    raw: str
    bbox: BBox | None = None
    confidence: float | None = None
    cell_boxes: tuple[BBox | None, ...] = ()  # PDF: the box of each tab-separated cell
    end: int | None = None  # last source line when the text was rebuilt from several lines
    blank: bool = field(init=False, repr=False, compare=False)  # read in every stage's loops

    def __post_init__(self) -> None:
        object.__setattr__(self, "blank", not self.text.strip())

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
