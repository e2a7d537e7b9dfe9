"""Coverage: how much of the document some parser read, and what was left unread.

A content line is a non-blank line of a kept page (duplicates are not counted twice) that is
not boilerplate. Boilerplate, by rule:

- B1 page markers (``Halaman 3 dari 9``, ``- 3 -``);
- B2 headings: PK titles, Lampiran and Penjelasan headings, and heading-shaped lines (no
  lower-case letter, no number but a year: the agency, the region, ``TAHUN 2025``);
- B3 table header rows: every cell a column word (``No``, ``Sasaran``, ``Indikator`` ...) or a
  column number (``(1)``, ``1 2 3 4``), including headers printed one cell per line;
- B4 the agreement's standard sentences (``Dalam rangka mewujudkan ...``, ``selanjutnya
  disebut Pihak Pertama``, ``akan melakukan supervisi ...``) and the lines they wrap onto,
  only as prose: a line with table cells or a figure other than a year is never B4;
- B5 labels and sign-off words alone on a line (``Nama :``, ``PIHAK KEDUA,``, ``Mengetahui``);
- B6 every line of a cover page (its one fact, the agency, is read as a heading);
- B7 every line of a page that opens with the heading of another document (KATA PENGANTAR,
  PAKTA INTEGRITAS, RENCANA AKSI ...): not a PK part, so no parser is meant to read it;
- B8 letterhead lines (``Jl. ...``, ``Telp. ...``) and year labels (``Tahun Anggaran : 2025``);
- B9 specks: lines with no letter and no digit (``~``, ``' .``, a lone ``|``), OCR dirt.

A figure is a run of digits touching no letter: ``d0kumen``, ``diper1ukan`` or ``5eperti``
(OCR reading a letter as a digit) hold none, so such a line is still prose.

A content line is consumed when the source span of some value read covers it (every
``Span`` in the agreements: parties, signatures, target rows, budget items and total,
Penjelasan sections, page dates) or it holds the agreement's date as read. Unconsumed lines
that hold digits are reported as ``unparsed_content`` notes, one per run of nearby lines on
a page, so that an auditor sees what the record lacks: a ``warning`` when a line holds an
amount, a percentage or a NIP (a value of the agreement was lost: the record is partial),
``info`` for other figures (a reference number, a date in a note).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field

import regex
from pydantic import BaseModel

from .document import Line, Page
from .models import Agreement, Coverage, ExtractionNote, Location, Span
from .provenance import union_bbox
from .vocabulary import AMOUNT, heading_role, is_flat_table_header, is_page_marker

#: Below this share of content lines read, the record is ``partial`` (README "Status").
COVERAGE_THRESHOLD = 0.9
#: Unread data lines this close (in source lines) make one note.
_NOTE_GAP = 3
_NOTE_VALUES = 3

_YEAR = regex.compile(r"\b(?:19|20)\d\d\b")
_DIGIT = regex.compile(r"\d")
_FIGURE = regex.compile(r"(?<![\p{L}\d])\d++(?![\p{L}\d])")  # digits touching no letter
_LETTER_OR_DIGIT = regex.compile(r"[\p{L}\d]")
_ACTING = regex.compile(r"^(?:Plt|Plh|Pj|Pjs)\.?\s+")
_LOWER = regex.compile(r"\p{Ll}")
_LETTER = regex.compile(r"\p{L}")
_COLUMN_WORDS = frozenset(
    {
        "no",
        "nomor",
        "sasaran",
        "strategis",
        "program",
        "programs",
        "kegiatan",
        "sub",
        "indikator",
        "kinerja",
        "target",
        "targets",
        "uraian",
        "anggaran",
        "pagu",
        "satuan",
        "keterangan",
        "ket",
        "rp",
        "tw",
        "triwulan",
        "jumlah",
        "total",
        "sumber",
        "dana",
        "capaian",
        "tujuan",
        "output",
        "outcome",
        "dan",
        "tahun",
        "formulasi",
        "penjelasan",
        "relevansi",
        "data",
        "realisasi",
        "bobot",
        "i",
        "ii",
        "iii",
        "iv",
    }
)
_WORD = regex.compile(r"\p{L}+")
_COLUMN_NUMBER = regex.compile(r"^\(?\d{1,2}\)?$")
_STATEMENT = regex.compile(
    r"dalam\s+rangka|selanjutnya\s+disebut|selaku\s+atasan|berjanji|supervisi|evaluasi|"
    r"bertanda\s*tangan|pada\s+hari\s+ini|sepakat|bertanggung\s*jawab|penghargaan|sanksi|"
    r"demikian|mewujudkan|tindakan\s+yang\s+diperlukan|akuntabel|berorientasi",
    regex.I,
)
_LABEL = regex.compile(
    r"^(?:(?:\d{1,2}\.\s*)?(?:nama|jabatan|nip|pangkat(?:\s*/\s*gol(?:ongan)?)?|"
    r"unit\s+kerja|instansi)\s*[:.]?|pihak\s+(?:pertama|kesatu|kedua|I{1,2})\s*[,:.]?|"
    r"mengetahui|menyetujui|disetujui|ttd\.?|cap|materai|meterai)\s*$",
    regex.I,
)
# A value of the agreement: an amount, a percentage or a NIP (18 digits, spaced or not).
_VALUE = regex.compile(rf"{AMOUNT}|\d\s*+%|(?<!\d)(?:\d[\s.]?){{17}}\d(?!\d)", regex.I)
_YEAR_LABEL = regex.compile(
    r"^(?:tahun(?:\s+anggaran)?|TA\.?)\s*[:.]?\s*(?:19|20)\d\d\.?$", regex.I
)
_LETTERHEAD = regex.compile(
    r"^(?:Jl\.|Jalan\b|Telp|Telepon\b|Faks|Fax\b|Alamat\b|Website\b|Laman\b|E-?mail\b|"
    r"Kode\s+Pos\b)",
    regex.I,
)
_HEAD_LINES = 8
_SENTENCE_END = regex.compile(r"[.;:]\s*$")


def measure(
    pages: list[Page], agreements: list[Agreement], threshold: float = COVERAGE_THRESHOLD
) -> tuple[Coverage, list[ExtractionNote]]:
    """The coverage of ``pages`` (the kept ones) by ``agreements``, and the unread data."""
    tally = Tally()
    for agreement in agreements:
        tally.add_agreement(agreement, pages)
    for page in pages:
        tally.add_page(page)
    return tally.result(agreements, threshold)


@dataclass(slots=True)
class Tally:
    """Coverage worked out as the pipeline goes, so that a page's lines can be released
    once its agreement is read: what is kept of a page is its content lines' numbers and
    those of its lines holding figures that no agreement read so far (a later agreement
    may still read them: they are checked again at the end)."""

    consumed: set[int] = field(default_factory=set)
    content: array = field(default_factory=lambda: array("l"))  # (first, last) line pairs
    figures: list[tuple[int, int, Line]] = field(default_factory=list)  # section, page, line
    sections: int = 0

    def add_agreement(self, agreement: Agreement, pages: list[Page]) -> None:
        """The lines ``agreement`` read: every span, and its date's line on its statement
        page (``statement_page``)."""
        for span in _spans(agreement):
            self.consumed.update(range(span.line_start, span.line_end + 1))
        page = statement_page(agreement, pages)
        if page is not None and agreement.date_raw:
            self.consumed.update(_date_lines(agreement.date_raw, page))

    def add_page(self, page: Page) -> None:
        """A page's content lines (a page cut into sections is added section by section)."""
        self.sections += 1
        for line in content_lines(page):
            self.content.extend((line.number, line.last))
            if not self._read(line.number, line.last) and _FIGURE.search(line.text):
                self.figures.append((self.sections, page.number, line))

    def result(
        self, agreements: list[Agreement], threshold: float = COVERAGE_THRESHOLD
    ) -> tuple[Coverage, list[ExtractionNote]]:
        pairs = zip(self.content[::2], self.content[1::2], strict=True)
        read = sum(1 for first, last in pairs if self._read(first, last))
        total = len(self.content) // 2
        share = round(read / total, 4) if total else 1.0
        coverage = Coverage(
            content_lines=total, consumed_lines=read, share=share, threshold=threshold
        )
        unread = [f for f in self.figures if not self._read(f[2].number, f[2].last)]
        return coverage, _notes(unread, agreements)

    def _read(self, first: int, last: int) -> bool:
        return any(n in self.consumed for n in range(first, last + 1))


def statement_page(agreement: Agreement, pages: list[Page]) -> Page | None:
    """Of ``pages``, the one holding the agreement's statement, where its date is printed:
    the agreement page printed on its first page number, else the first section there. A
    printed page may end the previous agreement's Lampiran first (a section of its own), so
    the same rule holds whether ``pages`` are the agreement's own or the whole bundle's."""
    first = agreement.pages[0] if agreement.pages else None
    sections = [p for p in pages if p.number == first]
    return next((p for p in sections if p.kind == "agreement"), sections[0] if sections else None)


def content_lines(page: Page) -> Iterator[Line]:
    """The lines of ``page`` that count: not blank, not boilerplate (B1-B6)."""
    if page.kind == "cover" or _other_document(page):
        return  # B6, B7
    prose = False  # inside one of the standard sentences (B4), which may wrap
    for line in page.lines:
        if line.blank:
            prose = False
            continue
        text = line.text.strip()
        if _is_prose(text) and (_STATEMENT.search(text) or prose):
            prose = not _SENTENCE_END.search(text)
            continue
        prose = False
        if not is_boilerplate(text):
            yield line


def is_boilerplate(text: str) -> bool:
    """Rules B1, B2, B3, B5, B8 and B9 for one line (B4, B6 and B7 need the page)."""
    return (
        not _LETTER_OR_DIGIT.search(text)
        or is_page_marker(text)
        or _is_heading(text)
        or _is_header_row(text)
        or bool(_LABEL.match(text) or _YEAR_LABEL.match(text))
        or (len(text) <= 160 and bool(_LETTERHEAD.match(text)))
    )


def _other_document(page: Page) -> bool:
    """A page of kind ``other`` that opens with another document's heading (B7)."""
    if page.kind != "other":
        return False
    head = [line.text.strip() for line in page.content()[:_HEAD_LINES]]
    return any(heading_role(text) == "other" for text in head)


def _is_heading(text: str) -> bool:
    if heading_role(text) is not None:
        return True
    text = _ACTING.sub("", text)  # ``Plt. KEPALA DINAS ...`` is an upper-case heading
    if "\t" in text or _LOWER.search(text) or not _LETTER.search(text):
        return False
    return not _FIGURE.search(_YEAR.sub("", text))


def _is_header_row(text: str) -> bool:
    if is_flat_table_header(text):
        return True
    cells = [cell.strip() for cell in text.split("\t") if cell.strip()]
    return bool(cells) and all(_is_column_cell(cell) for cell in cells)


def _is_column_cell(cell: str) -> bool:
    if _COLUMN_NUMBER.match(cell):
        return True
    words = [word.lower() for word in _WORD.findall(cell)]
    return (
        0 < len(words) <= 8
        and not _DIGIT.search(_COLUMN_NUMBER.sub("", cell))
        and all(word in _COLUMN_WORDS for word in words)
    )


def _is_prose(text: str) -> bool:
    """A line that can be (part of) a standard sentence: no table cells, and no figure but a
    year. A table row or a value naming ``evaluasi`` or ``sanksi`` is content, never B4."""
    return "\t" not in text and not _FIGURE.search(_YEAR.sub("", text))


def _spans(value: object) -> Iterator[Span]:
    """Every ``Span`` inside a record value, however deep (new spans count by themselves)."""
    if isinstance(value, Span):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _spans(getattr(value, name))
    elif isinstance(value, list):
        for item in value:
            yield from _spans(item)


def _date_lines(raw: str, page: Page) -> Iterator[int]:
    """The line of ``page`` the agreement's date was read from (it has no span of its own
    when it was read from the statement rather than a signature block)."""
    for line in page.lines:
        if raw in line.text:
            yield from range(line.number, line.last + 1)
            return


def _notes(
    unread: list[tuple[int, int, Line]], agreements: list[Agreement]
) -> list[ExtractionNote]:
    """One ``unparsed_content`` note per run of unread data lines on a page (section)."""
    owner = {page: a.index for a in reversed(agreements) for page in a.pages}
    runs: list[list[tuple[int, int, Line]]] = []
    for section, page, line in unread:
        last = runs[-1][-1] if runs else None
        if last and last[0] == section and line.number - last[2].last <= _NOTE_GAP:
            runs[-1].append((section, page, line))
        else:
            runs.append([(section, page, line)])
    return [_note(run[0][1], [line for *_, line in run], owner.get(run[0][1])) for run in runs]


def _note(page: int, lines: list[Line], agreement_index: int | None) -> ExtractionNote:
    lost_value = any(_VALUE.search(line.text) for line in lines)
    first, last = lines[0].number, lines[-1].last
    where = f"line {first}" if first == last else f"lines {first}-{last}"
    count = f"{len(lines)} line{'s' if len(lines) > 1 else ''}"
    return ExtractionNote(
        code="unparsed_content",
        severity="warning" if lost_value else "info",
        agreement_index=agreement_index,
        message=f"Page {page}, {where}: {count} holding figures read by no parser.",
        values=[line.text.replace("\t", " | ")[:200] for line in lines[:_NOTE_VALUES]],
        locations=[
            Location(
                page=page,
                field=None,
                line=first,
                bbox=union_bbox(line.bbox for line in lines),
            )
        ],
    )
