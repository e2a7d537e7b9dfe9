"""Plain data the report templates render (the view), its constants and small formatters."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..models import Discrepancy, ExtractionResult, Money, Quantity

SEVERITIES = ("error", "warning", "info")
_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}

CONTEXT_LINES = 2  # source lines shown before and after the involved ones
MAX_SOURCE_LINES = 16  # a longer span is shown around the located line
RESOLUTION = 100  # dpi of the PDF crops
THUMBNAIL_RESOLUTION = 40  # dpi of a whole page when a location names no box
CROP_MARGIN_X, CROP_MARGIN_Y = 36.0, 24.0  # PDF points of the page around the box
MAX_CROP_HEIGHT = 300.0  # PDF points: a taller box is shown from its top
MAX_IMAGES = 300  # per bundle page, so that a huge bundle still gives a usable file
RENDERED_PAGES = 4  # whole pages kept rendered for the next crops (memory stays bounded)
PNG_COLORS = 64
QUARTERS = ("I", "II", "III", "IV")

Key = tuple[int | None, str, Any, str | None]  # (agreement, table, row, column)


# ----------------------------------------------------------------------------------------
# the view: plain data the templates render


@dataclass(frozen=True, slots=True)
class Ref:
    """A discrepancy a cell is involved in."""

    number: int
    severity: str
    code: str

    @property
    def anchor(self) -> str:
        return f"d-{self.number}"


@dataclass(slots=True)
class Cell:
    text: str
    refs: list[Ref] = field(default_factory=list)
    anchor: str | None = None
    kind: str = ""  # css class: num, mono, muted
    soft: bool = False  # only its row is involved (a row path), not this value itself

    @property
    def severity(self) -> str | None:
        return self.refs[0].severity if self.refs else None


@dataclass(slots=True)
class Column:
    label: str
    kind: str = ""


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    anchor: str | None = None
    kind: str = ""
    refs: list[Ref] = field(default_factory=list)  # discrepancies naming the whole row

    @property
    def severity(self) -> str | None:
        return self.refs[0].severity if self.refs else None


@dataclass(slots=True)
class Table:
    title: str
    columns: list[Column]
    rows: list[Row]
    anchor: str | None = None
    refs: list[Ref] = field(default_factory=list)
    footer: list[Row] = field(default_factory=list)
    empty: str = "nothing was read"
    subtitle: str | None = None


@dataclass(slots=True)
class SourceLine:
    number: int
    parts: list[str]  # the line split at tabs (cells)
    involved: bool
    focus: bool


@dataclass(slots=True)
class Image:
    uri: str
    width: int
    height: int
    alt: str


@dataclass(slots=True)
class LocationView:
    page: int | None
    line: int | None
    field: str | None
    bbox: str | None
    target: str | None = None  # element id of the highlighted cell
    target_label: str | None = None
    lines: list[SourceLine] = field(default_factory=list)
    truncated: bool = False
    repairs: list[tuple[int, str, str, str]] = field(default_factory=list)
    image: Image | None = None
    note: str | None = None


@dataclass(slots=True)
class Finding:
    number: int
    code: str
    severity: str
    message: str
    values: list[str]
    agreement_index: int | None
    agreement_label: str | None
    locations: list[LocationView]
    prefix: str = "d"  # d: a discrepancy (about the document); n: an extraction note

    @property
    def anchor(self) -> str:
        return f"{self.prefix}-{self.number}"


@dataclass(slots=True)
class Fact:
    label: str
    cell: Cell


@dataclass(slots=True)
class AgreementView:
    index: int
    anchor: str
    heading: str
    subheading: str | None
    facts: list[Fact]
    refs: list[Ref]
    tables: list[Table]
    findings: list[Finding]
    counts: dict[str, int]
    target: str | None = None  # id of the heading when a discrepancy names the agreement
    first_party: str | None = None
    year: int | None = None
    pages: list[int] = field(default_factory=list)


@dataclass(slots=True)
class DiffLine:
    """A line of one copy of a duplicated page, its differing words marked."""

    number: int | None  # None: a gap (lines without differences left out)
    segments: list[tuple[str, bool]] = field(default_factory=list)
    changed: bool = False


@dataclass(slots=True)
class DuplicateView:
    kept_page: int
    dropped_page: int
    similarity: str
    differences: list[tuple[str, str]]  # (kept copy, dropped copy)
    kept: list[DiffLine] = field(default_factory=list)
    dropped: list[DiffLine] = field(default_factory=list)
    compared: bool = False  # the pages' text could be compared
    images: tuple[Image | None, Image | None] = (None, None)
    note: str | None = None


@dataclass(slots=True)
class BundleSummary:
    """One row of the index (and what the CSV needs to link to the page)."""

    stem: str
    page: str
    record: str
    name: str
    path: str
    status: str
    media_type: str
    page_count: int
    agreements: int
    counts: dict[str, int]
    total: int
    errors: list[str]
    notes: int = 0  # extraction notes (about the reading), counted apart from findings


# ----------------------------------------------------------------------------------------
# helpers


def severity_counts(discrepancies: list[Discrepancy]) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for d in discrepancies:
        counts[d.severity] = counts.get(d.severity, 0) + 1
    return counts


def _quantity(q: Quantity | None) -> str:
    return q.raw if q else ""


def _money(m: Money | None) -> str:
    return m.raw if m else ""


def _bbox_text(bbox: list[float] | None) -> str | None:
    return None if bbox is None else "[" + ", ".join(f"{v:g}" for v in bbox) + "]"


def _label(text: str | None) -> str:
    return (text or "").replace("_", " ")


def bundle_name(result: ExtractionResult) -> str:
    return "stdin" if result.source.path == "-" else Path(result.source.path).name


@lru_cache(maxsize=1)
def environment() -> Environment:
    """Jinja2 with autoescaping on for every template (document text is never markup)."""
    env = Environment(
        loader=PackageLoader("extractor.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["SEVERITIES"] = SEVERITIES
    return env
