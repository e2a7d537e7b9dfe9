"""The record contract: pydantic models that define the published JSON Schema.

These models are the single source of the schema (``schemas/`` is generated from them).
Every key is required in the JSON (``None``/``[]`` where the document has nothing), so
consumers never have to guess whether a key was forgotten or is empty.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.4"

Comparator = Literal["<", "<=", ">", ">="]
Level = Literal["eselon_i", "eselon_ii", "eselon_iii", "eselon_iv", "staff"]
RowLevel = Literal["sasaran_strategis", "program", "kegiatan", "sub_kegiatan"]
BudgetLevel = Literal["program", "kegiatan", "sub_kegiatan", "item"]
Role = Literal["first_party", "second_party"]
Severity = Literal["error", "warning", "info"]
PageKind = Literal["agreement", "lampiran_1", "lampiran_2", "cover", "other"]


class Record(BaseModel):
    """Base: unknown keys are a bug, and every field must be given explicitly."""

    model_config = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)

    def model_post_init(self, context: Any, /) -> None:
        """An instance that set every field shares its class's set of field names: pydantic
        keeps one set per instance (728 bytes from five names on; half of a large record's
        memory). Safe because pydantic only ever adds to it field names, which that set
        holds already, and copies it for a copy."""
        every = _every_field(type(self))
        if self.__pydantic_fields_set__ == every:
            object.__setattr__(self, "__pydantic_fields_set__", every)


@cache
def _every_field(model: type[BaseModel]) -> set[str]:
    return set(model.model_fields)


BBoxList = list[float]


class Span(Record):
    """Where a value was read: the page, the source lines and, for PDFs, the box."""

    page: int = Field(description="1-based page number (text input: inferred page)")
    line_start: int = Field(description="first source line (1-based) of the value")
    line_end: int = Field(description="last source line (1-based) of the value")
    bbox: BBoxList | None = Field(
        description="[x0, top, x1, bottom] in PDF points on the page; null for text input"
    )
    confidence: float | None = Field(
        description="OCR confidence (0..1) of the value's least certain word; null unless OCRed"
    )


class Quantity(Record):
    raw: str = Field(description="the cell as printed (after normalisation)")
    value: float | None = Field(
        description="the number, or null (letter grades, empty cells, ranges)"
    )
    unit: str | None = Field(description='"%", "IDR", a lower-case unit word, or null')
    comparator: Comparator | None
    min: float | None = Field(
        default=None, description='lower bound of a range target ("60-75 %" -> 60), else null'
    )
    max: float | None = Field(
        default=None, description='upper bound of a range target ("60-75 %" -> 75), else null'
    )


class Money(Record):
    raw: str
    value: float | None = Field(description="rupiah; null when the amount cannot be read")


NipSource = Literal["statement", "signature"]
UnitSource = Literal["cell", "satuan_column", "penjelasan"]


class Party(Record):
    name: str | None = Field(
        description="the person's name without titles; null when masked or illegible"
    )
    name_as_written: str
    titles: list[str]
    position: str | None
    nip: str | None = Field(description="18 digits without spaces, or null")
    source: Span | None
    nip_source: NipSource | None = Field(
        default=None,
        description="where nip was read: the Nama/NIP statement, or the party's own signature "
        "block on the agreement page when the statement prints none; null without a nip",
    )


class Signature(Record):
    role: Role | None
    name: str | None = Field(
        description="the signer's name without titles; null for an empty block or a masked name"
    )
    name_as_written: str
    position: str | None
    nip: str | None
    rank: str | None = Field(description='pangkat such as "Pembina Tk. I"')
    page: int
    source: Span | None


class TargetRow(Record):
    no: str | None = Field(description="row number as printed (1, A, a ...)")
    level: RowLevel | None
    name: str | None = Field(
        description="program/kegiatan/sub kegiatan name where the table has one"
    )
    objective: str | None = Field(description="sasaran (the objective) of the row")
    indicator: str | None
    target: Quantity
    quarterly_targets: list[Quantity] = Field(description="TW I..IV where printed, else []")
    source: Span | None
    unit_source: UnitSource | None = Field(
        default=None,
        description="where target.unit was read: the target cell, the Satuan column, or the "
        "Penjelasan restating the target; null without a unit",
    )


class BudgetItem(Record):
    no: str | None
    level: BudgetLevel
    name: str
    indicator: str | None = Field(description="indicator column of the budget table, if any")
    amount: Money | None = Field(description="null for a heading row that prints no amount")
    funding_source: str | None = Field(description="Keterangan such as APBD, APBN, DAK")
    source: Span | None


class Budget(Record):
    items: list[BudgetItem]
    total: Money | None = Field(description="the printed total, kept apart from items")
    total_source: Span | None = Field(
        default=None, description="where the printed total was read; null without a total"
    )


class IndicatorDetail(Record):
    description: str | None = Field(description="Uraian")
    relevance: str | None = Field(description="Relevansi")
    formula: str | None = Field(description="Formulasi")
    data_source: str | None = Field(description="Sumber Data")
    source: Span | None


class ExplanationTarget(Record):
    indicator: str | None
    target: Quantity
    explanation: str | None
    source: Span | None


class Explanation(Record):
    number: str | None = Field(description='section number as printed ("1", "A" ...)')
    objective: str | None = Field(description="Uraian Sasaran: the sasaran as printed")
    objective_text: str | None = Field(
        description="the whole Uraian Sasaran text: its title and the paragraphs describing it"
    )
    legal_basis: list[str]
    indicators: list[str]
    indicator_details: list[IndicatorDetail]
    targets: list[ExplanationTarget]
    source: Span | None


class PageDate(Record):
    """A place-and-date line printed on one page of an agreement (agreement or Lampiran)."""

    page: int
    place: str | None
    date: str | None
    date_raw: str
    source: Span | None = Field(default=None, description="the line the date was read from")


PartState = Literal["found", "absent", "unreadable"]


class Completeness(Record):
    """Which parts of an agreement were read, decided from the evidence on its pages (a
    heading, a table header, a label, a line of the part's shape), not from what a PK
    usually has: ``found`` (read), ``absent`` (the document prints none, or leaves it
    blank) or ``unreadable`` (the document prints it but it could not be read)."""

    parties: PartState = Field(description="Pihak Pertama and Pihak Kedua")
    date: PartState = Field(description="the place-and-date line of the agreement")
    signatures: PartState
    targets: PartState = Field(description="Lampiran 1 target rows")
    budget: PartState = Field(description="Lampiran 1 budget items or total")
    explanations: PartState = Field(description="Lampiran 2 Penjelasan Kinerja sections")


class Agreement(Record):
    index: int
    id: str = Field(description="stable: the same agreement gives the same id on every run")
    title: str | None
    year: int | None
    agency: str | None
    level: Level | None = Field(
        description="the first party's level: eselon_i (a ministry's Eselon I unit or JPT "
        "Madya) to eselon_iv, or staff; null for a top official (Menteri, Gubernur, Bupati, "
        "Walikota) or when no position is read"
    )
    first_party: Party | None
    second_party: Party | None
    place: str | None
    date: str | None = Field(description='ISO "YYYY-MM-DD", or "YYYY-MM" without a day')
    date_raw: str | None
    signatures: list[Signature]
    performance_targets: list[TargetRow]
    budget: Budget
    explanations: list[Explanation]
    pages: list[int]
    page_dates: list[PageDate] = Field(
        description="the place-and-date line of each page that prints one, in page order"
    )
    completeness: Completeness


class Duplicate(Record):
    kept_page: int
    dropped_page: int
    similarity: float = Field(ge=0, le=1)
    differences: list[str] = Field(description='e.g. "DPMPSTSP" vs "DPMPTSP"')


class Location(Record):
    page: int | None
    field: str | None
    line: int | None
    bbox: BBoxList | None = Field(description="[x0, top, x1, bottom] in PDF points, or null")


class Discrepancy(Record):
    code: str
    severity: Severity
    agreement_index: int | None = Field(description="null for bundle-wide findings")
    message: str
    values: list[str]
    locations: list[Location]


class ExtractionNote(Discrepancy):
    """A note about the reading, not the document (a value OCR read with low confidence, a
    table whose rows were not recognised, a masked value): it tells an auditor where the
    record may be incomplete or wrong, not what the document gets wrong. Same fields and
    provenance as a discrepancy, kept apart so that findings are not lost in reading noise."""


class ErrorRecord(Record):
    code: str
    message: str
    page: int | None


class Repair(Record):
    """One change the normaliser made to the source text, so an auditor can undo it."""

    kind: str
    line: int
    before: str
    after: str


class PageInfo(Record):
    number: int
    kind: PageKind
    line_start: int
    line_end: int
    duplicate_of: int | None


class Source(Record):
    path: str
    sha256: str
    media_type: Literal["text/plain", "application/pdf"]
    page_count: int
    ocr_pages: list[int]
    encoding: str | None
    size_bytes: int


class Coverage(Record):
    """How much of the document some parser read: content lines are the non-blank lines of
    the kept pages that are not boilerplate (headings, page markers, table header rows, the
    agreement's standard sentences, cover pages); a line is consumed when a value's span
    covers it."""

    content_lines: int
    consumed_lines: int
    share: float = Field(ge=0, le=1, description="consumed / content; 1.0 without content")
    threshold: float = Field(description="below this share the record is partial")


class ExtractionResult(Record):
    schema_version: Literal["1.4"] = SCHEMA_VERSION
    extractor_version: str
    status: Literal["ok", "partial", "failed"]
    source: Source
    agreements: list[Agreement]
    duplicates: list[Duplicate]
    discrepancies: list[Discrepancy]
    errors: list[ErrorRecord]
    pages: list[PageInfo] = Field(description="every inferred page with its kind")
    repairs: list[Repair] = Field(description="every OCR/converter repair the normaliser made")
    extraction_notes: list[ExtractionNote] = Field(
        default_factory=list,
        description="notes about the reading (low OCR confidence, tables not parsed, masked "
        "values), kept apart from the discrepancies, which are about the document",
    )
    coverage: Coverage | None = Field(
        default=None, description="how much of the text was read; null for a failed input"
    )
