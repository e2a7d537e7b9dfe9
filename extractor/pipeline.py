"""The pipeline: load -> normalise -> pages -> dedup -> segment -> parse -> check -> result.

Each stage is a plain function over plain data; this module only wires them together and
turns failures into records, so that one bad input never stops a batch.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass

from . import __version__
from .agreements import agency_from, build_agreement, minimal_agreement
from .audit import AuditConfig, Bundle, rule_names, run_audit
from .cells import rebuild_cells
from .checks import (
    check_agreement,
    check_ocr_pages,
    explained_parts,
    problem_to_discrepancy,
    unreadable_sections,
)
from .completeness import unreadable_parts
from .coverage import Tally
from .dedup import deduplicate
from .document import LoadedText, Page, Problem, RepairNote
from .faults import fault, guarded
from .limits import check_lines_per_page, check_page_cells, check_page_count, check_text_cells
from .load import DEFAULT_MAX_BYTES, LoadError, check_text, decode, read_bytes
from .models import (
    Agreement,
    Coverage,
    Discrepancy,
    Duplicate,
    ErrorRecord,
    ExtractionNote,
    ExtractionResult,
    PageInfo,
    Repair,
    Source,
)
from .normalise import normalise, normalise_lines
from .notes import poorly_read_pages, split_notes
from .pages import split_pages, split_sections
from .pdf.load import DEFAULT_READER, Progress, is_pdf, read_pdf, to_pages
from .segment import AgreementPages, classify_pages, segment


@dataclass(frozen=True, slots=True)
class Options:
    """Settings of one extraction (kept explicit: the pipeline has no global state)."""

    max_bytes: int = DEFAULT_MAX_BYTES
    ocr: str = "auto"  # auto: OCR pages without a text layer; always; never
    jobs: int | None = None  # OCR worker processes; None: one per core
    progress: Progress | None = None  # called with (pages done, pages to OCR)
    audit: AuditConfig | None = None  # cross-check rules and tolerances (None: defaults)
    max_pages: int | None = None  # more pages fail before any is read (text: inferred ones)
    pdf_reader: str = DEFAULT_READER  # text layer: pdfium (fast) or pdfplumber (reference)


def extract(path: str | os.PathLike[str], options: Options | None = None) -> ExtractionResult:
    """Extract every agreement of ``path`` (``-``: stdin); bad input gives a failed record."""
    path = os.fspath(path)  # a pathlib.Path is as good as its string
    options = options or Options()
    try:
        data = read_bytes(path, options.max_bytes)
    except LoadError as error:
        return failed(path, error.code, error.message)
    except OSError as error:
        return failed(path, "unreadable", f"{path}: {error.strerror or error}")
    if is_pdf(data) and path != "-" and os.path.isfile(path):
        loaded = _loaded(path, data)
        del data  # read from its file: the bytes were for the hash (a large PDF's MBs)
        return _extract_pdf(loaded, None, options)
    return extract_bytes(data, path, options)


def extract_bytes(data: bytes, name: str, options: Options | None = None) -> ExtractionResult:
    """Extract the agreements of an input given as bytes (a zip member, a file sent to a
    worker); ``name`` is how the record names its source."""
    options = options or Options()
    path = name
    if len(data) > options.max_bytes:
        message = f"{name}: {len(data)} bytes is over the {options.max_bytes}-byte limit"
        return failed(name, "too_large", message)
    loaded = _loaded(path, data)
    if is_pdf(data):
        return _extract_pdf(loaded, data, options)
    if path.lower().endswith(".pdf"):
        return failed(path, "not_a_pdf", f"{path}: the file is named .pdf but is not a PDF", loaded)
    text, encoding = decode(data)
    try:
        check_text(path, data, text)
    except LoadError as error:
        return failed(path, error.code, error.message, loaded)
    loaded.text = text.replace("\r\n", "\n").replace("\r", "\n")
    loaded.encoding = encoding
    return extract_loaded(loaded, options.audit, options.max_pages)


def extract_loaded(
    loaded: LoadedText, audit: AuditConfig | None = None, max_pages: int | None = None
) -> ExtractionResult:
    """Run the stages after loading on decoded text (pages inferred from its structure).

    The per-file limits (``limits``) are checked before the work they bound: cells on the
    raw text before the table stages split them, the inferred pages (``max_pages``) and
    their lines before any page is parsed; over one, the record fails with its code."""
    text = loaded.text[:-1] if loaded.text.endswith("\n") else loaded.text  # no line after it
    try:
        check_text_cells(loaded.path, text)
        lines, repairs = normalise(text)
        pages = split_pages(rebuild_cells(lines))
        check_page_count(loaded.path, len(pages), max_pages)
        check_lines_per_page(loaded.path, pages)
    except LoadError as error:
        return failed(loaded.path, error.code, error.message, loaded)
    return run_stages(loaded, pages, repairs, audit=audit)


def _extract_pdf(loaded: LoadedText, data: bytes | None, options: Options) -> ExtractionResult:
    """Read a PDF's pages (text layer or OCR), then run the same stages as for text;
    ``data`` is None when the PDF is read from its file (``loaded.path``)."""
    loaded.media_type = "application/pdf"
    try:
        with _file_for(loaded.path, data) as path:
            raw = read_pdf(
                path,
                options.ocr,
                options.jobs,
                options.progress,
                options.max_pages,
                options.pdf_reader,
            )
    except LoadError as error:  # named by its temp file when the PDF came as bytes
        message = error.message.replace(path, loaded.path)
        return failed(loaded.path, error.code, message, loaded)
    pages, lines = to_pages(raw)
    try:  # the limits on a page's shape, before the text stages read the pages
        check_lines_per_page(loaded.path, pages)
        check_page_cells(loaded.path, pages)
    except LoadError as error:
        return failed(loaded.path, error.code, error.message, loaded)
    ocr_pages, problems = raw.ocr_pages, raw.problems
    del raw  # the words and boxes as read: the pages' lines are all the stages need
    pages, repairs = _normalised_pages(pages, lines)
    del lines
    return run_stages(loaded, pages, repairs, ocr_pages, problems, options.audit)


def _normalised_pages(pages: list[Page], lines: list) -> tuple[list[Page], list[RepairNote]]:
    """The pages with their lines normalised and table cells rebuilt, cut into sections
    (each keeps its physical number)."""
    normalised, repairs = normalise_lines(lines)  # one line out per line in, in order
    start = 0
    for page in pages:
        end = start + len(page.lines)
        page.lines = rebuild_cells(normalised[start:end])
        start = end
    return split_sections(pages), repairs


@contextmanager
def _file_for(path: str, data: bytes | None) -> Iterator[str]:
    """A path to the PDF: OCR workers open it themselves, so stdin and bytes that are not a
    file here (a zip member, a file sent to a worker) go to a temp file."""
    if data is None or (path != "-" and os.path.isfile(path)):
        yield path
        return
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        yield handle.name


def run_stages(
    loaded: LoadedText,
    pages: list[Page],
    repairs: list[RepairNote],
    ocr_pages: list[int] | None = None,
    load_problems: list[Problem] | None = None,
    audit: AuditConfig | None = None,
) -> ExtractionResult:
    """Classify, de-duplicate, segment, parse and check pages; build the record.

    Faults are isolated: a section, an agreement, a check or an audit rule that raises loses
    only its own part and leaves an ``internal_error``; a part printed but unreadable leaves
    an ``unreadable_section``. Either makes the record ``partial``."""
    lost: list[Problem] = []  # faults and unreadable parts: the record is partial
    pages = classify_pages(pages)
    deduped = guarded(lost, "dedup", "duplicate pages", lambda: deduplicate(pages), None)
    if deduped is None:  # every page kept: a repeated page may show as an extra agreement
        for page in pages:
            page.duplicate_of = None
        deduped = pages, []
    kept, duplicates = deduped
    groups, problems = segment(kept)
    problems = [*(load_problems or []), *problems]
    cover_agency = agency_from([p for p in kept if p.kind == "cover"])
    page_records = [_page_info(p) for p in pages]  # kinds settled by segment
    ocr = ocr_pages or []
    ocr_faults: list[Problem] = []  # each stage's faults are reported in stage order
    ocr_found = guarded(
        ocr_faults, "check", "OCR page quality", lambda: check_ocr_pages(kept, ocr), []
    )
    poor_pages = poorly_read_pages(kept, ocr)
    _release(p for p in pages if p.duplicate_of is not None)
    coverage_faults: list[Problem] = []
    agreements, discrepancies, tally = _read_agreements(
        kept, groups, cover_agency, lost, coverage_faults
    )
    agreements = _unique_ids(_with_bundle_agency(agreements, cover_agency))
    discrepancies += ocr_found
    lost += ocr_faults
    duplicate_records = [Duplicate(**asdict(d)) for d in duplicates]
    discrepancies += _audit(Bundle(agreements, duplicate_records, page_records), audit, lost)
    lost += unreadable_sections(discrepancies)
    explained = explained_parts(discrepancies)
    discrepancies, notes = split_notes(discrepancies, poor_pages)
    lost += coverage_faults
    coverage, unread = (None, []) if tally is None else _coverage(tally, agreements, lost)
    notes += unread
    lost += incomplete(agreements, coverage, unread, explained)
    errors = [ErrorRecord(code=p.code, message=p.message, page=p.page) for p in problems + lost]
    if not agreements:
        errors.append(
            ErrorRecord(
                code="not_a_pk",
                message=f"{loaded.path}: no Perjanjian Kinerja agreement page was found",
                page=None,
            )
        )
    return ExtractionResult(
        extractor_version=__version__,
        status="failed" if not agreements else "partial" if errors else "ok",
        source=_source(loaded, len({p.number for p in pages}), ocr_pages or []),
        agreements=agreements,
        duplicates=duplicate_records,
        discrepancies=discrepancies,
        errors=errors,
        pages=page_records,
        repairs=[Repair(kind=r.kind, line=r.line, before=r.before, after=r.after) for r in repairs],
        extraction_notes=notes,
        coverage=coverage,
    )


def _read_agreements(
    kept: list[Page],
    groups: list[AgreementPages],
    cover_agency: str | None,
    lost: list[Problem],
    coverage_faults: list[Problem],
) -> tuple[list[Agreement], list[Discrepancy], Tally | None]:
    """Read each agreement and check it, in page order, and tally the coverage of every
    kept page; each page's lines are released once its agreement is read, so that a
    bundle's pages and its record are never held whole at once (``Tally``). The tally is
    None when it failed (an ``internal_error`` in ``coverage_faults``)."""
    agreements: list[Agreement] = []
    discrepancies: list[Discrepancy] = []
    tally: Tally | None = Tally()
    first_pages = {id(group.pages[0]): group for group in groups}
    owner = {id(page): group for group in groups for page in group.pages}
    untallied = {id(group): len(group.pages) for group in groups}
    read: set[int] = set()  # the groups read so far, by id
    for page in kept:
        if (group := first_pages.get(id(page))) is not None:
            read.add(id(group))
            index = len(agreements)
            agreement, found = _agreement(index, group.pages, cover_agency, lost)
            agreements.append(agreement)
            discrepancies += [problem_to_discrepancy(p, index) for p in found]
            discrepancies += check_agreement(agreement, group.pages, lost)
            tally = _tallied(
                coverage_faults, tally, lambda t, a=agreement, g=group: t.add_agreement(a, g.pages)
            )
        tally = _tallied(coverage_faults, tally, lambda t, p=page: t.add_page(p))
        if (group := owner.get(id(page))) is None:
            _release([page])
            continue
        untallied[id(group)] -= 1
        if not untallied[id(group)] and id(group) in read:
            _release(group.pages)  # read, and every page of it tallied
    return agreements, discrepancies, tally


def _tallied(
    lost: list[Problem], tally: Tally | None, add: Callable[[Tally], None]
) -> Tally | None:
    """``add`` to the coverage tally; after a failure the coverage is unknown (None)."""
    if tally is None:
        return None
    failed_ = guarded(lost, "coverage", "content lines", lambda: add(tally) or False, True)
    return None if failed_ else tally


def _coverage(
    tally: Tally, agreements: list[Agreement], lost: list[Problem]
) -> tuple[Coverage | None, list[ExtractionNote]]:
    return guarded(lost, "coverage", "content lines", lambda: tally.result(agreements), (None, []))


def _release(pages: Iterable[Page]) -> None:
    """The stages are done with these pages: their lines (most of a bundle's memory) go."""
    for page in pages:
        page.lines = []


def incomplete(
    agreements: list[Agreement],
    coverage: Coverage | None,
    unread: list[ExtractionNote],
    explained: set[tuple[int | None, str]] = frozenset(),
) -> list[Problem]:
    """Why a record that read every section is still partial: an agreement part printed
    but not read (``incomplete_agreement``; parts an ``unreadable_section`` already names,
    ``explained``, are not repeated), an amount, percentage or NIP read by no parser
    (``unparsed_values``), or too little of the text read (``low_coverage``, under
    ``coverage.COVERAGE_THRESHOLD``)."""
    out = []
    if lost := [note for note in unread if note.severity == "warning"]:
        pages = sorted({loc.page for note in lost for loc in note.locations if loc.page})
        message = (
            f"{len(lost)} place(s) hold amounts, percentages or NIPs that no parser read "
            f"(pages {', '.join(map(str, pages))}; see the unparsed_content notes)"
        )
        out.append(Problem("unparsed_values", message, page=pages[0] if pages else None))
    for agreement in agreements:
        parts = unreadable_parts(agreement.completeness)
        if parts := [part for part in parts if (agreement.index, part) not in explained]:
            message = f"agreement {agreement.index}: printed but not read: {', '.join(parts)}"
            page = agreement.pages[0] if agreement.pages else None
            out.append(Problem("incomplete_agreement", message, page=page))
    if coverage is not None and coverage.share < coverage.threshold:
        message = (
            f"{coverage.consumed_lines} of {coverage.content_lines} content lines read "
            f"({coverage.share:.0%}, under {coverage.threshold:.0%}); the lines holding "
            "figures, if any, are listed as unparsed_content notes"
        )
        out.append(Problem("low_coverage", message))
    return out


def _agreement(
    index: int, pages: list[Page], cover_agency: str | None, lost: list[Problem]
) -> tuple[Agreement, list[Problem]]:
    """One agreement and its parse findings. Its sections' faults go to ``lost``; when
    building it fails outright, a minimal agreement (index and pages, every parsed field
    empty) is kept with an error, so that one agreement's fault never loses another and
    the agreement count stays true."""
    try:
        agreement, found, errors = build_agreement(index, pages, cover_agency)
    except Exception as error:  # noqa: BLE001 - one agreement's bug must not lose the record
        lost.append(fault("parse", "agreement", error, index, pages[0].number if pages else None))
        return minimal_agreement(index, pages), []
    lost.extend(errors)
    return agreement, found


def _audit(bundle: Bundle, config: AuditConfig | None, lost: list[Problem]) -> list[Discrepancy]:
    """The audit's findings. When a rule raises, the rules are run again one at a time (each
    alone enabled), so that only the failing rule's findings are lost, with an error."""
    config = config or AuditConfig()
    try:
        return run_audit(bundle, config)
    except Exception:
        names = rule_names()
        if set(config.disabled) - set(names):
            raise  # a configuration error (unknown rule), not a faulty rule
    out: list[Discrepancy] = []
    for name in names:
        if name in config.disabled:
            continue
        alone = config.model_copy(update={"disabled": [n for n in names if n != name]})
        out += guarded(lost, "audit", f"rule {name}", lambda c=alone: run_audit(bundle, c), [])
    return out


def failed(
    path: str, code: str, message: str, loaded: LoadedText | None = None
) -> ExtractionResult:
    """The record of an input that could not be extracted at all."""
    loaded = loaded or LoadedText(path=path, text="", sha256="", size_bytes=0, encoding=None)
    return ExtractionResult(
        extractor_version=__version__,
        status="failed",
        source=_source(loaded, 0),
        agreements=[],
        duplicates=[],
        discrepancies=[],
        errors=[ErrorRecord(code=code, message=message, page=None)],
        pages=[],
        repairs=[],
    )


def _loaded(path: str, data: bytes) -> LoadedText:
    return LoadedText(
        path=path,
        text="",
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        encoding=None,
    )


def _source(loaded: LoadedText, page_count: int, ocr_pages: list[int] | None = None) -> Source:
    return Source(
        path=loaded.path,
        sha256=loaded.sha256,
        media_type=loaded.media_type,
        page_count=page_count,
        ocr_pages=sorted(ocr_pages or []),
        encoding=loaded.encoding,
        size_bytes=loaded.size_bytes,
    )


def _page_info(page: Page) -> PageInfo:
    return PageInfo(
        number=page.number,
        kind=page.kind,
        line_start=page.line_start,
        line_end=page.line_end,
        duplicate_of=page.duplicate_of,
    )


def _with_bundle_agency(agreements: list[Agreement], cover: str | None) -> list[Agreement]:
    """An agreement whose own pages name no organisation belongs to the bundle's: the one
    on the cover, else the one the other agreements name."""
    named = cover or next((a.agency for a in agreements if a.agency), None)
    return [
        a if a.agency or not named else a.model_copy(update={"agency": named}) for a in agreements
    ]


def _unique_ids(agreements: list[Agreement]) -> list[Agreement]:
    """Two agreements with the same identity (a repeated PK) still get distinct ids."""
    seen: dict[str, int] = {}
    out = []
    for agreement in agreements:
        count = seen.get(agreement.id, 0) + 1
        seen[agreement.id] = count
        if count > 1:
            agreement = agreement.model_copy(update={"id": f"{agreement.id}-{count}"})
        out.append(agreement)
    return out


__all__ = ["Discrepancy", "Options", "extract", "extract_loaded", "failed"]
