"""The HTML pages of the auditors' report: one self-contained page per bundle and an index.

A bundle page shows every agreement as tables (parties, signatures, Lampiran 1 targets and
budget, Penjelasan targets). A discrepancy's locations name fields of the record
(``budget.items[3].amount``, ``agreements[6].signatures[2].nip``); each is mapped to a key
``(agreement, table, row, column)`` and the table cell with that key is highlighted and links
to the discrepancy (``#d-N``, N = its 1-based position in the record). A row path without a
column (``performance_targets[3]``) marks every cell of the row; a path to a whole table
(``signatures``, ``explanations[0]``) marks the table's heading. Below the tables each
discrepancy shows where it was read: the source lines of a text input (read again from the
file, the involved lines marked), or a crop of the PDF page with the box drawn.

Everything is rendered with Jinja2 with autoescaping always on: text read from documents
never becomes markup. The page has no scripts and loads nothing (images are data: URIs).
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import io
import re
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..load import decode
from ..models import Agreement, Discrepancy, ExtractionResult, Location, Money, Quantity, Span
from ..normalise import normalise

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
# field paths -> table cells


_PART = re.compile(r"([A-Za-z_]\w*)|\[(\d+)\]")

PARTY_COLUMNS = {
    "name": "name",
    "name_as_written": "name",
    "titles": "name",
    "position": "position",
    "nip": "nip",
}
SIGNATURE_COLUMNS = {
    "role": "role",
    "name": "name",
    "name_as_written": "name",
    "position": "position",
    "rank": "rank",
    "nip": "nip",
    "page": "page",
}
TARGET_COLUMNS = {
    "no": "no",
    "level": "level",
    "name": "name",
    "objective": "objective",
    "indicator": "indicator",
    "target": "target",
    **{f"quarterly_targets[{k}]": f"q{k}" for k in range(4)},
}
BUDGET_COLUMNS = {
    name: name for name in ("no", "level", "name", "indicator", "amount", "funding_source")
}
EXPLANATION_COLUMNS = {"indicator": "indicator", "target": "target", "explanation": "explanation"}
META_COLUMNS = {
    "title": "title",
    "year": "year",
    "agency": "agency",
    "level": "level",
    "place": "place",
    "date": "date",
    "date_raw": "date",
    "pages": "pages",
    "id": "id",
}
DUPLICATE_COLUMNS = {
    name: name for name in ("kept_page", "dropped_page", "similarity", "differences")
}


def field_parts(path: str) -> list[str | int]:
    """``budget.items[3].amount`` -> ``['budget', 'items', 3, 'amount']``."""
    return [name or int(index) for name, index in _PART.findall(path)]


def split_path(
    location: Location, discrepancy: Discrepancy, result: ExtractionResult
) -> tuple[int | None, list[str | int]]:
    """(agreement index, path inside the agreement) of a location.

    ``agreements[6].signatures[2].nip`` names its agreement; a path without that prefix is
    inside the discrepancy's agreement, or, for a bundle-wide discrepancy, inside the one
    agreement printed on the location's page."""
    parts = field_parts(location.field or "")
    if len(parts) >= 2 and parts[0] == "agreements" and isinstance(parts[1], int):
        return parts[1], parts[2:]
    agreement = discrepancy.agreement_index
    if agreement is None and parts and parts[0] != "duplicates" and location.page is not None:
        owners = [a.index for a in result.agreements if location.page in a.pages]
        if len(owners) == 1:
            agreement = owners[0]
    return agreement, parts


def locate(location: Location, discrepancy: Discrepancy, result: ExtractionResult) -> Key | None:
    """The table cell (or row, or table) a location's field path names, or None."""
    if not location.field:
        return None
    agreement, parts = split_path(location, discrepancy, result)
    if parts and parts[0] == "duplicates":
        return _locate_duplicate(parts[1:], location, discrepancy, result)
    if agreement is None:
        return None
    if not parts:
        return (agreement, "meta", None, None)
    head, rest = parts[0], parts[1:]
    if head in ("first_party", "second_party"):
        return (agreement, "parties", head, _column(rest, PARTY_COLUMNS))
    if head == "signatures":
        return _row(agreement, "signatures", rest, SIGNATURE_COLUMNS)
    if head == "performance_targets":
        return _row(agreement, "targets", rest, TARGET_COLUMNS)
    if head == "budget":
        if rest[:1] == ["total"]:
            return (agreement, "budget", "total", "amount")
        if rest[:1] == ["items"]:
            return _row(agreement, "budget", rest[1:], BUDGET_COLUMNS)
        return (agreement, "budget", None, None)
    if head == "explanations":
        if rest and isinstance(rest[0], int):
            table = f"explanation-{rest[0]}"
            if rest[1:2] == ["targets"]:
                return _row(agreement, table, rest[2:], EXPLANATION_COLUMNS)
            return (agreement, table, None, None)
        return None
    if isinstance(head, str) and head in META_COLUMNS:
        return (agreement, "meta", None, META_COLUMNS[head])
    return None


def _row(agreement: int, table: str, rest: list[str | int], columns: dict[str, str]) -> Key:
    if not rest or not isinstance(rest[0], int):
        return (agreement, table, None, None)
    return (agreement, table, rest[0], _column(rest[1:], columns))


def _column(rest: list[str | int], columns: dict[str, str]) -> str | None:
    """The shown column a sub-path names; None (the whole row) for anything else."""
    if not rest or not isinstance(rest[0], str):
        return None
    if len(rest) >= 2 and isinstance(rest[1], int):
        indexed = columns.get(f"{rest[0]}[{rest[1]}]")
        if indexed:
            return indexed
    return columns.get(rest[0])


def _locate_duplicate(
    rest: list[str | int], location: Location, discrepancy: Discrepancy, result: ExtractionResult
) -> Key:
    """``duplicates[1].dropped_page``, or ``duplicates.kept_page`` found by the page."""
    column = next((DUPLICATE_COLUMNS.get(p) for p in rest if isinstance(p, str)), None)
    if rest and isinstance(rest[0], int):
        return (None, "duplicates", rest[0], column)
    pages = {loc.page for loc in discrepancy.locations if loc.page is not None}
    candidates = [
        i
        for i, d in enumerate(result.duplicates)
        if location.page is not None
        and (
            (column in (None, "kept_page") and d.kept_page == location.page)
            or (column in (None, "dropped_page") and d.dropped_page == location.page)
        )
    ]
    both = [
        i
        for i in candidates
        if {result.duplicates[i].kept_page, result.duplicates[i].dropped_page} <= pages
    ]
    chosen = (both or candidates or [None])[0]
    return (None, "duplicates", chosen, column if chosen is not None else None)


def anchor_id(key: Key) -> str:
    """A stable element id for a key: ``f-1-targets-3-target``, ``f-b-duplicates-2``."""
    parts = ["b" if key[0] is None else str(key[0])]
    parts += [
        "_" if part is None else re.sub(r"[^A-Za-z0-9_]+", "_", str(part)) for part in key[1:]
    ]
    while parts[-1] == "_":
        parts.pop()
    return "f-" + "-".join(parts)


def resolve_source(
    location: Location, discrepancy: Discrepancy, result: ExtractionResult
) -> Span | None:
    """The source span of the value a field path names (or of its nearest parent)."""
    if not location.field:
        return None
    agreement, parts = split_path(location, discrepancy, result)
    if agreement is None or not 0 <= agreement < len(result.agreements):
        return None
    node: Any = result.agreements[agreement]
    found: Span | None = None
    for part in parts:
        try:
            node = node[part] if isinstance(part, int) else getattr(node, part)
        except (AttributeError, IndexError, TypeError):
            break
        source = getattr(node, "source", None)
        if isinstance(source, Span):
            found = source
    return found


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

    @property
    def anchor(self) -> str:
        return f"d-{self.number}"


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


# ----------------------------------------------------------------------------------------
# the sources: text lines and PDF pages


class SourceFile:
    """The input file read again, to show the lines or page areas of each location."""

    def __init__(self, result: ExtractionResult) -> None:
        self.result = result
        self.lines: list[str] | None = None
        self.pdf: Any = None
        self.note: str | None = None
        self.images = 0
        self._pages: OrderedDict[tuple[int, float], Any] = OrderedDict()
        self._cache: dict[tuple, Image | None] = {}
        self._repairs: dict[int, list[tuple[int, str, str, str]]] = defaultdict(list)
        for r in result.repairs:
            self._repairs[r.line].append((r.line, r.kind, r.before, r.after))

    @contextmanager
    def opened(self) -> Iterator[SourceFile]:
        path = self.result.source.path
        if path == "-" or not path:
            self.note = "the input was read from standard input; its text is not shown"
            yield self
            return
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            self.note = f"the input cannot be read again ({error.strerror or error})"
            yield self
            return
        if (
            self.result.source.sha256
            and hashlib.sha256(data).hexdigest() != self.result.source.sha256
        ):
            self.note = "the input file has changed since it was extracted; its text is not shown"
            yield self
            return
        if self.result.source.media_type == "application/pdf":
            import pdfplumber

            try:
                pdf = pdfplumber.open(io.BytesIO(data))
            except Exception as error:  # extracted once, so unlikely; the tables still show
                self.note = f"the PDF cannot be opened again ({error})"
                yield self
                return
            try:
                self.pdf = pdf
                yield self
            finally:
                self.pdf = None
                self._pages.clear()
                pdf.close()
            return
        text, _ = decode(data)
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        yield self

    # text -------------------------------------------------------------------------------

    def text_lines(
        self, start: int, end: int, focus: int | None
    ) -> tuple[list[SourceLine], bool, list[tuple[int, str, str, str]]]:
        """Lines start..end with context; a long span is cut around the focus line."""
        assert self.lines is not None
        truncated = False
        first, last = start - CONTEXT_LINES, end + CONTEXT_LINES
        if last - first + 1 > MAX_SOURCE_LINES:
            truncated = True
            centre = focus if focus is not None else start
            first = max(first, centre - MAX_SOURCE_LINES // 2)
            last = first + MAX_SOURCE_LINES - 1
        first, last = max(first, 1), min(last, len(self.lines))
        out = [
            SourceLine(
                number=n,
                parts=self.lines[n - 1].split("\t"),
                involved=start <= n <= end,
                focus=n == focus,
            )
            for n in range(first, last + 1)
        ]
        repairs = [r for n in range(start, end + 1) for r in self._repairs.get(n, [])]
        return out, truncated, repairs

    def page_lines(self, page: int) -> tuple[int, list[str]] | None:
        """(first line number, lines) of an inferred page of a text input."""
        info = next((p for p in self.result.pages if p.number == page), None)
        if info is None or self.lines is None:
            return None
        return info.line_start, self.lines[info.line_start - 1 : info.line_end]

    # PDF --------------------------------------------------------------------------------

    def _page(self, number: int) -> Any:
        if self.pdf is None or not 1 <= number <= len(self.pdf.pages):
            return None
        return self.pdf.pages[number - 1]

    def _rendered(self, number: int, resolution: float) -> Any:
        """The whole page rendered once per resolution (crops reuse it)."""
        key = (number, resolution)
        if key in self._pages:
            self._pages.move_to_end(key)
        else:
            self._pages[key] = self._page(number).to_image(resolution=resolution, antialias=True)
            while len(self._pages) > RENDERED_PAGES:
                self._pages.popitem(last=False)
        return self._pages[key]

    def crop(self, number: int, bbox: list[float], severity: str) -> Image | None:
        """The page around ``bbox`` with the box drawn, as a small PNG data: URI."""
        key = ("crop", number, tuple(bbox), severity)
        if key in self._cache:
            return self._cache[key]
        page = self._page(number)
        if page is None or self.images >= MAX_IMAGES:
            return None
        from pdfplumber.display import PageImage

        px0, ptop, px1, pbottom = page.bbox
        x0, top, x1, bottom = bbox
        box = (
            max(px0, min(x0, px1) - CROP_MARGIN_X),
            max(ptop, min(top, pbottom) - CROP_MARGIN_Y),
            min(px1, max(x1, px0) + CROP_MARGIN_X),
            min(pbottom, max(bottom, ptop) + CROP_MARGIN_Y),
        )
        if box[3] - box[1] > MAX_CROP_HEIGHT:
            box = (box[0], box[1], box[2], box[1] + MAX_CROP_HEIGHT)
        if box[2] - box[0] < 1 or box[3] - box[1] < 1:
            return None
        full = self._rendered(number, RESOLUTION)
        # page.crop(box).to_image(resolution=RESOLUTION), reusing the page rendered once
        image = PageImage(page.crop(box), original=full.original, resolution=RESOLUTION)
        colour = _STROKES.get(severity, _STROKES["warning"])
        image.draw_rect(
            (max(x0, box[0]), max(top, box[1]), min(x1, box[2]), min(bottom, box[3])),
            fill=(*colour, 28),
            stroke=(*colour, 230),
            stroke_width=2,
        )
        alt = f"page {number}, box {_bbox_text(bbox)}"
        result = self._cache[key] = _png(image, alt)
        self.images += 1
        return result

    def thumbnail(self, number: int) -> Image | None:
        """A whole page, small: for a location that names a page but no box."""
        key = ("page", number)
        if key in self._cache:
            return self._cache[key]
        if self._page(number) is None or self.images >= MAX_IMAGES:
            return None
        image = self._page(number).to_image(resolution=THUMBNAIL_RESOLUTION, antialias=True)
        result = self._cache[key] = _png(image, f"page {number}")
        self.images += 1
        return result

    def find_box(self, number: int, values: list[str]) -> list[float] | None:
        """Where the page prints one of the values (a location with a page but no box)."""
        page = self._page(number)
        if page is None:
            return None
        for value in values:
            words = value.split()
            if len(value.strip()) < 4 or len(words) > 12:
                continue
            pattern = r"\s+".join(re.escape(w) for w in words)
            matches = page.search(pattern, regex=True, case=False, return_chars=False)
            if matches:
                m = matches[0]
                return [m["x0"], m["top"], m["x1"], m["bottom"]]
        return None

    def pdf_page_text(self, number: int) -> list[str] | None:
        page = self._page(number)
        if page is None:
            return None
        return (page.extract_text() or "").split("\n")


_STROKES = {"error": (217, 45, 32), "warning": (220, 104, 3), "info": (21, 112, 239)}


def _png(image: Any, alt: str) -> Image:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", quantize=True, colors=PNG_COLORS, optimize=True)
    width, height = image.annotated.size
    uri = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    return Image(uri=uri, width=width, height=height, alt=alt)


# ----------------------------------------------------------------------------------------
# building the page


class BundleView:
    """Everything the bundle template needs, built from one record."""

    def __init__(self, result: ExtractionResult, source: SourceFile) -> None:
        self.result = result
        self.source = source
        self.marks: dict[Key, list[Ref]] = defaultdict(list)
        self.keys: list[list[Key | None]] = []
        self.anchors: set[str] = set()
        self.table_labels: dict[str, str] = {}
        for number, d in enumerate(result.discrepancies, start=1):
            ref = Ref(number, d.severity, d.code)
            keys = [locate(loc, d, result) for loc in d.locations]
            for key in dict.fromkeys(k for k in keys if k is not None):
                self.marks[key].append(ref)
            self.keys.append(keys)
        self.agreements = [self._agreement(a) for a in result.agreements]
        self.duplicate_table = self._duplicate_table()
        self.duplicates = [self._duplicate(i) for i in range(len(result.duplicates))]
        self.bundle_findings = [
            self._finding(n, d)
            for n, d in enumerate(result.discrepancies, start=1)
            if d.agreement_index is None or not 0 <= d.agreement_index < len(result.agreements)
        ]
        by_agreement: dict[int, list[Finding]] = defaultdict(list)
        for n, d in enumerate(result.discrepancies, start=1):
            if d.agreement_index is not None and 0 <= d.agreement_index < len(result.agreements):
                by_agreement[d.agreement_index].append(self._finding(n, d))
        for view in self.agreements:
            view.findings = by_agreement.get(view.index, [])
        self.counts = severity_counts(result.discrepancies)
        self.first_of: dict[str, str] = {}
        for n, d in enumerate(result.discrepancies, start=1):
            self.first_of.setdefault(d.severity, f"d-{n}")
        self.codes = _code_counts(result.discrepancies)

    # marks ------------------------------------------------------------------------------

    def _refs(self, *keys: Key) -> list[Ref]:
        refs = {ref for key in keys for ref in self.marks.get(key, [])}
        return sorted(refs, key=lambda r: (_RANK.get(r.severity, 9), r.number))

    def _anchor(self, key: Key, label: str) -> str | None:
        if not self.marks.get(key):
            return None
        anchor = anchor_id(key)
        self.anchors.add(anchor)
        self.table_labels[anchor] = label
        return anchor

    def cell(self, key: Key, text: str | None, label: str, kind: str = "") -> Cell:
        """A value's cell: highlighted when a discrepancy names it, or (softly) its row."""
        own = self._refs(key)
        row = self._refs((key[0], key[1], key[2], None)) if key[3] is not None else []
        refs = self._refs(key, (key[0], key[1], key[2], None)) if row else own
        if not own and not text:
            refs = []  # an empty cell of an involved row: the row's tint says enough
        return Cell(
            text=text or "",
            refs=refs,
            anchor=self._anchor(key, label),
            kind=kind,
            soft=bool(refs) and not own,
        )

    def _row(self, key: Key, cells: list[Cell], label: str, kind: str = "") -> Row:
        return Row(cells=cells, anchor=self._anchor(key, label), kind=kind, refs=self._refs(key))

    def _table(self, key: Key, title: str, columns: list[Column], rows: list[Row], **kw) -> Table:
        return Table(
            title=title,
            columns=columns,
            rows=rows,
            anchor=self._anchor(key, title),
            refs=self._refs(key),
            **kw,
        )

    # agreements -------------------------------------------------------------------------

    def _agreement(self, a: Agreement) -> AgreementView:
        i = a.index
        name = f"Agreement {i + 1}"
        person = a.first_party
        heading = (person.position or person.name) if person else (a.title or "agreement")
        facts = [
            Fact("Title", self.cell((i, "meta", None, "title"), a.title, f"{name} · title")),
            Fact("Agency", self.cell((i, "meta", None, "agency"), a.agency, f"{name} · agency")),
            Fact(
                "Level", self.cell((i, "meta", None, "level"), _label(a.level), f"{name} · level")
            ),
            Fact("Year", self.cell((i, "meta", None, "year"), str(a.year or ""), f"{name} · year")),
            Fact("Place", self.cell((i, "meta", None, "place"), a.place, f"{name} · place")),
            Fact(
                "Date",
                self.cell(
                    (i, "meta", None, "date"),
                    f"{a.date} ({a.date_raw})" if a.date and a.date_raw else a.date or a.date_raw,
                    f"{name} · date",
                ),
            ),
            Fact(
                "Pages",
                self.cell(
                    (i, "meta", None, "pages"), ", ".join(map(str, a.pages)), f"{name} · pages"
                ),
            ),
            Fact("Id", self.cell((i, "meta", None, "id"), a.id, f"{name} · id", "mono")),
        ]
        view = AgreementView(
            index=i,
            anchor=f"a-{i}",
            heading=heading,
            subheading=person.name_as_written if person else None,
            facts=facts,
            refs=self._refs((i, "meta", None, None)),
            tables=[],
            findings=[],
            counts=severity_counts(
                [d for d in self.result.discrepancies if d.agreement_index == i]
            ),
        )
        view.target = self._anchor((i, "meta", None, None), name)
        view.first_party, view.year, view.pages = person.name if person else None, a.year, a.pages
        view.tables = [
            self._parties(a, name),
            self._signatures(a, name),
            self._targets(a, name),
            self._budget(a, name),
            *self._explanations(a, name),
        ]
        return view

    def _parties(self, a: Agreement, name: str) -> Table:
        i, rows = a.index, []
        for role, label in (("first_party", "Pihak Pertama"), ("second_party", "Pihak Kedua")):
            p = getattr(a, role)
            where = f"{name} · {label}"
            key = (i, "parties", role)
            rows.append(
                self._row(
                    (*key, None),
                    [
                        Cell(label, kind="label"),
                        self.cell((*key, "name"), p.name_as_written if p else None, where),
                        self.cell((*key, "position"), p.position if p else None, where),
                        self.cell((*key, "nip"), p.nip if p else None, where, "mono"),
                        Cell(str(p.source.page) if p and p.source else "", kind="num muted"),
                    ],
                    where,
                )
            )
        columns = [
            Column(""),
            Column("Name"),
            Column("Position"),
            Column("NIP"),
            Column("p.", "num"),
        ]
        return self._table((i, "parties", None, None), "Parties", columns, rows)

    def _signatures(self, a: Agreement, name: str) -> Table:
        i, rows = a.index, []
        for n, s in enumerate(a.signatures):
            where = f"{name} · signature {n + 1}"
            key = (i, "signatures", n)
            rows.append(
                self._row(
                    (*key, None),
                    [
                        Cell(str(n + 1), kind="num muted"),
                        self.cell((*key, "page"), str(s.page), where, "num"),
                        self.cell((*key, "role"), _label(s.role), where),
                        self.cell((*key, "name"), s.name_as_written, where),
                        self.cell((*key, "position"), s.position, where),
                        self.cell((*key, "rank"), s.rank, where),
                        self.cell((*key, "nip"), s.nip, where, "mono"),
                    ],
                    where,
                )
            )
        columns = [
            Column("#", "num"),
            Column("Page", "num"),
            Column("Role"),
            Column("Name"),
            Column("Position"),
            Column("Rank"),
            Column("NIP"),
        ]
        return self._table(
            (i, "signatures", None, None), "Signatures", columns, rows, empty="no signature block"
        )

    def _targets(self, a: Agreement, name: str) -> Table:
        i, rows = a.index, []
        targets = a.performance_targets
        show_name = any(t.name for t in targets)
        quarters = max((len(t.quarterly_targets) for t in targets), default=0)
        for n, t in enumerate(targets):
            where = f"{name} · Lampiran 1 target row {t.no or n + 1}"
            key = (i, "targets", n)
            cells = [
                self.cell((*key, "no"), t.no, where, "num"),
                self.cell((*key, "level"), _label(t.level), where, "small"),
            ]
            if show_name:
                cells.append(self.cell((*key, "name"), t.name, where))
            cells += [
                self.cell((*key, "objective"), t.objective, where),
                self.cell((*key, "indicator"), t.indicator, where),
                self.cell((*key, "target"), _quantity(t.target), where, "num"),
            ]
            cells += [
                self.cell(
                    (*key, f"q{k}"),
                    _quantity(t.quarterly_targets[k]) if k < len(t.quarterly_targets) else "",
                    where,
                    "num",
                )
                for k in range(quarters)
            ]
            cells.append(Cell(str(t.source.page) if t.source else "", kind="num muted"))
            rows.append(self._row((*key, None), cells, where))
        columns = [Column("No", "num"), Column("Level")]
        if show_name:
            columns.append(Column("Program / kegiatan"))
        columns += [Column("Objective (sasaran)"), Column("Indicator"), Column("Target", "num")]
        columns += [Column(f"TW {QUARTERS[k] if k < 4 else k + 1}", "num") for k in range(quarters)]
        columns.append(Column("p.", "num"))
        return self._table(
            (i, "targets", None, None),
            "Lampiran 1 · performance targets",
            columns,
            rows,
            empty="no target rows",
        )

    def _budget(self, a: Agreement, name: str) -> Table:
        i, rows = a.index, []
        items = a.budget.items
        show_indicator = any(b.indicator for b in items)
        show_funding = any(b.funding_source for b in items)
        mixed = len({b.level for b in items}) > 1  # then program rows are set in bold
        for n, b in enumerate(items):
            where = f"{name} · budget row {b.no or n + 1}"
            key = (i, "budget", n)
            cells = [
                self.cell((*key, "no"), b.no, where, "num"),
                self.cell((*key, "level"), _label(b.level), where, "small"),
                self.cell((*key, "name"), b.name, where),
            ]
            if show_indicator:
                cells.append(self.cell((*key, "indicator"), b.indicator, where))
            amount_kind = "num" if b.amount is None or b.amount.value is not None else "num unread"
            cells.append(self.cell((*key, "amount"), _money(b.amount), where, amount_kind))
            if show_funding:
                cells.append(self.cell((*key, "funding_source"), b.funding_source, where))
            cells.append(Cell(str(b.source.page) if b.source else "", kind="num muted"))
            rows.append(self._row((*key, None), cells, where, b.level if mixed else ""))
        columns = [Column("No", "num"), Column("Level"), Column("Program / kegiatan")]
        if show_indicator:
            columns.append(Column("Indicator"))
        columns.append(Column("Amount (Rp)", "num"))
        if show_funding:
            columns.append(Column("Funding"))
        columns.append(Column("p.", "num"))
        footer = []
        total = a.budget.total
        if total is not None or self.marks.get((i, "budget", "total", "amount")):
            where = f"{name} · budget total"
            cells = [Cell("Total (as printed)", kind="label")]
            cells += [Cell("", kind="blank") for _ in range(len(columns) - 3)]
            kind = "num" if total is None or total.value is not None else "num unread"
            cells.append(self.cell((i, "budget", "total", "amount"), _money(total), where, kind))
            cells += [Cell("", kind="blank") for _ in range(len(columns) - len(cells))]
            footer.append(self._row((i, "budget", "total", None), cells, where))
        return self._table(
            (i, "budget", None, None),
            "Lampiran 1 · budget",
            columns,
            rows,
            footer=footer,
            empty="no budget rows",
        )

    def _explanations(self, a: Agreement, name: str) -> list[Table]:
        i, tables = a.index, []
        for e_index, e in enumerate(a.explanations):
            table = f"explanation-{e_index}"
            label = f"Penjelasan {e.number or e_index + 1}"
            rows = []
            for n, t in enumerate(e.targets):
                where = f"{name} · {label} target {n + 1}"
                key = (i, table, n)
                rows.append(
                    self._row(
                        (*key, None),
                        [
                            self.cell((*key, "indicator"), t.indicator, where),
                            self.cell((*key, "target"), _quantity(t.target), where, "num"),
                            self.cell((*key, "explanation"), t.explanation, where),
                            Cell(str(t.source.page) if t.source else "", kind="num muted"),
                        ],
                        where,
                    )
                )
            columns = [
                Column("Indicator"),
                Column("Target", "num"),
                Column("Explanation"),
                Column("p.", "num"),
            ]
            tables.append(
                self._table(
                    (i, table, None, None),
                    f"Lampiran 2 · {label}",
                    columns,
                    rows,
                    subtitle=e.objective,
                    empty="no Target Kinerja rows",
                )
            )
        return tables

    # duplicates -------------------------------------------------------------------------

    def _duplicate_table(self) -> Table:
        rows = []
        for n, d in enumerate(self.result.duplicates):
            where = f"duplicate: page {d.dropped_page} copies page {d.kept_page}"
            key = (None, "duplicates", n)
            rows.append(
                self._row(
                    (*key, None),
                    [
                        self.cell((*key, "kept_page"), str(d.kept_page), where, "num"),
                        self.cell((*key, "dropped_page"), str(d.dropped_page), where, "num"),
                        self.cell((*key, "similarity"), f"{d.similarity:.2%}", where, "num"),
                        self.cell(
                            (*key, "differences"),
                            "; ".join(d.differences) or "identical",
                            where,
                            "" if d.differences else "muted",
                        ),
                    ],
                    where,
                )
            )
        columns = [
            Column("Kept page", "num"),
            Column("Dropped page", "num"),
            Column("Similarity", "num"),
            Column("Differences"),
        ]
        return self._table((None, "duplicates", None, None), "Duplicate pages", columns, rows)

    def _duplicate(self, n: int) -> DuplicateView:
        d = self.result.duplicates[n]
        differences = [_split_difference(text) for text in d.differences]
        view = DuplicateView(
            kept_page=d.kept_page,
            dropped_page=d.dropped_page,
            similarity=f"{d.similarity:.2%}",
            differences=differences,
        )
        try:
            if self.source.lines is not None:
                kept, dropped = (
                    self.source.page_lines(d.kept_page),
                    self.source.page_lines(d.dropped_page),
                )
                if kept and dropped:
                    view.kept, view.dropped = page_diff(kept[1], dropped[1], kept[0], dropped[0])
                    view.compared = True
            elif self.source.pdf is not None:
                kept_text = self.source.pdf_page_text(d.kept_page)
                dropped_text = self.source.pdf_page_text(d.dropped_page)
                if kept_text is not None and dropped_text is not None:
                    view.kept, view.dropped = page_diff(kept_text, dropped_text, 1, 1)
                    view.compared = True
                if d.differences:
                    view.images = (
                        self.source.thumbnail(d.kept_page),
                        self.source.thumbnail(d.dropped_page),
                    )
            else:
                view.note = self.source.note
        except Exception as error:  # a damaged page must not lose the report
            view.note = f"the pages could not be read again: {error}"
        return view

    # findings ---------------------------------------------------------------------------

    def _finding(self, number: int, d: Discrepancy) -> Finding:
        in_range = d.agreement_index is not None and 0 <= d.agreement_index < len(
            self.result.agreements
        )
        return Finding(
            number=number,
            code=d.code,
            severity=d.severity,
            message=d.message,
            values=list(d.values),
            agreement_index=d.agreement_index,
            agreement_label=f"Agreement {d.agreement_index + 1}" if in_range else None,
            locations=[
                self._location(d, loc, key)
                for loc, key in zip(d.locations, self.keys[number - 1], strict=True)
            ],
        )

    def _location(self, d: Discrepancy, loc: Location, key: Key | None) -> LocationView:
        view = LocationView(
            page=loc.page, line=loc.line, field=loc.field, bbox=_bbox_text(loc.bbox)
        )
        if key is not None:
            anchor = anchor_id(key)
            if anchor in self.anchors:
                view.target = anchor
                view.target_label = self.table_labels.get(anchor)
        span = resolve_source(loc, d, self.result)
        if span is not None and loc.page is not None and span.page != loc.page:
            span = None
        try:
            if self.source.lines is not None:
                self._text_context(view, d, loc, span)
            elif self.source.pdf is not None:
                self._pdf_context(view, d, loc, span)
            elif loc.page is not None or loc.line is not None:
                view.note = self.source.note
        except Exception as error:  # a damaged page must not lose the report
            view.note = f"the source could not be shown: {error}"
        return view

    def _text_context(
        self, view: LocationView, d: Discrepancy, loc: Location, span: Span | None
    ) -> None:
        if loc.line is not None:
            if span is not None and span.line_start <= loc.line <= span.line_end:
                start, end = span.line_start, span.line_end
            else:
                start = end = loc.line
        elif span is not None:
            start, end = span.line_start, span.line_end
        elif loc.page is not None:
            found = self._find_on_page(loc.page, d.values)
            if found is None:
                return
            start = end = found
        else:
            return
        view.lines, view.truncated, view.repairs = self.source.text_lines(start, end, loc.line)

    def _find_on_page(self, page: int, values: list[str]) -> int | None:
        """A location with a page but no line: the first line of the page printing a value."""
        found = self.source.page_lines(page)
        if found is None:
            return None
        first, lines = found
        wanted = [v.strip().lower() for v in values if len(v.strip()) >= 4]
        for offset, line in enumerate(lines):
            flat = " ".join(line.split()).lower()
            if any(w in flat for w in wanted):
                return first + offset
        return None

    def _pdf_context(
        self, view: LocationView, d: Discrepancy, loc: Location, span: Span | None
    ) -> None:
        page = loc.page if loc.page is not None else span.page if span else None
        if page is None:
            return
        bbox = loc.bbox or (span.bbox if span else None) or self.source.find_box(page, d.values)
        image = self.source.crop(page, bbox, d.severity) if bbox else self.source.thumbnail(page)
        if image is None and self.source.images >= MAX_IMAGES:
            view.note = f"no more page images on this page (at most {MAX_IMAGES}); see page {page}"
        view.image = image


def _code_counts(discrepancies: list[Discrepancy]) -> list[tuple[str, str, int, str]]:
    """(code, worst severity, count, first anchor) by code, most severe and frequent first."""
    counts: dict[str, list] = {}
    for n, d in enumerate(discrepancies, start=1):
        entry = counts.setdefault(d.code, [d.code, d.severity, 0, f"d-{n}"])
        entry[2] += 1
        if _RANK.get(d.severity, 9) < _RANK.get(entry[1], 9):
            entry[1] = d.severity
    return sorted(
        (tuple(e) for e in counts.values()), key=lambda e: (_RANK.get(e[1], 9), -e[2], e[0])
    )


_DIFFERENCE = re.compile(r"^'(.*)' vs '(.*)'$", re.S)
_ONLY_IN = re.compile(r"^'(.*)' only in the (kept|dropped) copy$", re.S)


def _split_difference(text: str) -> tuple[str, str]:
    """``'DPMPSTSP' vs 'DPMPTSP'`` -> (kept copy, dropped copy)."""
    match = _DIFFERENCE.match(text)
    if match:
        return match.group(1), match.group(2)
    match = _ONLY_IN.match(text)
    if match:
        return (match.group(1), "") if match.group(2) == "kept" else ("", match.group(1))
    return text, ""


_WORD = re.compile(r"[^\s|]+")
_RULE = re.compile(r"^[-=:_+|]+$")  # the rule line of a markdown table, not a word


def _words(lines: list[str], first: int) -> list[tuple[int, str]]:
    """(line number, word) of each word, read as the de-duplication reads a page:
    normalised text (OCR repairs, markdown and HTML removed), table rules left out."""
    normalised, _ = normalise("\n".join(lines))
    return [
        (first + offset, word)
        for offset, line in enumerate(normalised)
        for word in _WORD.findall(line.text)
        if not _RULE.match(word)
    ]


def page_diff(
    left: list[str], right: list[str], left_first: int, right_first: int
) -> tuple[list[DiffLine], list[DiffLine]]:
    """Both copies of a page, word by word, reduced to the lines whose words differ (and a
    line either side); words that only moved (a column read in another order) cancel out.
    Two empty lists: the copies print the same words."""
    lw, rw = _words(left, left_first), _words(right, right_first)

    def key(word: str) -> str:
        return word.lower().rstrip(".,")

    matcher = difflib.SequenceMatcher(
        None, [key(w) for _, w in lw], [key(w) for _, w in rw], autojunk=False
    )
    left_changed: set[int] = set()
    right_changed: set[int] = set()
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            left_changed.update(range(i1, i2))
            right_changed.update(range(j1, j2))
    moved = Counter(key(lw[i][1]) for i in left_changed) & Counter(
        key(rw[j][1]) for j in right_changed
    )
    left_changed = _drop_moved(left_changed, lw, moved.copy(), key)
    right_changed = _drop_moved(right_changed, rw, moved.copy(), key)
    if not left_changed and not right_changed:
        return [], []
    return _diff_lines(lw, left_changed), _diff_lines(rw, right_changed)


def _drop_moved(changed: set[int], words: list[tuple[int, str]], moved: Counter, key) -> set[int]:
    out = set()
    for i in sorted(changed):
        word = key(words[i][1])
        if moved[word] > 0:
            moved[word] -= 1
        else:
            out.add(i)
    return out


def _diff_lines(words: list[tuple[int, str]], changed: set[int]) -> list[DiffLine]:
    by_line: dict[int, list[tuple[str, bool]]] = {}
    for i, (number, word) in enumerate(words):
        segments = by_line.setdefault(number, [])
        if segments:
            segments.append((" ", False))
        segments.append((word, i in changed))
    numbers = list(by_line)
    hot = [k for k, n in enumerate(numbers) if any(c for _, c in by_line[n])]
    shown = sorted({k + d for k in hot for d in (-1, 0, 1) if 0 <= k + d < len(numbers)})
    out: list[DiffLine] = []
    previous = None
    for k in shown:
        if previous is not None and k != previous + 1:
            out.append(DiffLine(None))
        n = numbers[k]
        out.append(DiffLine(n, _merge(by_line[n]), any(c for _, c in by_line[n])))
        previous = k
    return out


def _merge(segments: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Adjacent segments of the same kind joined (a space between marked words stays marked)."""
    out: list[tuple[str, bool]] = []
    for i, (text, changed) in enumerate(segments):
        if text == " " and 0 < i < len(segments) - 1:
            changed = segments[i - 1][1] and segments[i + 1][1]
        if out and out[-1][1] == changed:
            out[-1] = (out[-1][0] + text, changed)
        else:
            out.append((text, changed))
    return out


# ----------------------------------------------------------------------------------------
# rendering


def render_bundle(result: ExtractionResult, index_href: str | None = "index.html") -> str:
    """The self-contained HTML page of one bundle."""
    source = SourceFile(result)
    with source.opened():
        view = BundleView(result, source)
    return (
        environment()
        .get_template("bundle.html.j2")
        .render(
            result=result,
            view=view,
            name=bundle_name(result),
            index_href=index_href,
            source_note=source.note,
        )
    )


_ERROR_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ name }} · audit report</title></head>
<body><h1>{{ name }}</h1><p>The report page of this bundle could not be made: {{ error }}</p>
<p>Its record is in records/.</p></body></html>
"""


def render_error_page(result: ExtractionResult, error: BaseException) -> str:
    """The page of a bundle whose report failed (a bug): the batch still gets its report."""
    template = environment().from_string(_ERROR_PAGE)
    return template.render(name=bundle_name(result), error=repr(error))


def render_index(bundles: list[BundleSummary], csv_href: str = "discrepancies.csv") -> str:
    """The index of the report: one row per input bundle."""
    totals = dict.fromkeys(SEVERITIES, 0)
    for b in bundles:
        for severity, count in b.counts.items():
            totals[severity] = totals.get(severity, 0) + count
    return (
        environment()
        .get_template("index.html.j2")
        .render(
            bundles=bundles,
            totals=totals,
            total=sum(b.total for b in bundles),
            failed=sum(b.status == "failed" for b in bundles),
            csv_href=csv_href,
        )
    )


def summary(result: ExtractionResult, stem: str, page: str, record: str) -> BundleSummary:
    counts = severity_counts(result.discrepancies)
    return BundleSummary(
        stem=stem,
        page=page,
        record=record,
        name=bundle_name(result),
        path=result.source.path,
        status=result.status,
        media_type=result.source.media_type,
        page_count=result.source.page_count,
        agreements=len(result.agreements),
        counts=counts,
        total=len(result.discrepancies),
        errors=[e.message for e in result.errors],
    )
