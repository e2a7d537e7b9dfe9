"""Memory shape of the pipeline (issue 10): pages are released as their agreement is read,
the coverage is tallied on the way, the record is written part by part, boxes are packed and
records share their field-name sets. Each is checked to give exactly what the whole-bundle
version gave; the memory figures themselves are measured in ``benchmarks/bench_pdf.py``."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor import extract
from extractor.cells import rebuild_cells
from extractor.coverage import Tally, measure, statement_page
from extractor.dedup import WINDOW, deduplicate
from extractor.document import Line, LoadedText, Page, box_at, pack_boxes
from extractor.emit import json_chunks, to_json, write_atomic
from extractor.models import ExtractionResult, Quantity, Span
from extractor.normalise import normalise
from extractor.pages import split_pages
from extractor.pipeline import extract_loaded, run_stages
from extractor.segment import classify_pages, segment

from .roundtrip.check import bundle_text
from .roundtrip.examples import fixed_bundles
from .roundtrip.serialise import Style

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))


def _generated() -> list[str]:
    """Generated bundles, several times over (repeated pages), in two serialisations."""
    texts = []
    for bundle in fixed_bundles():
        for tables in ("tabs", "md_pipes"):
            text, _ = bundle_text(bundle, Style(tables=tables))
            texts.append(text + "\n\f" + text)  # every page printed twice
    return texts


def _record(text: str) -> ExtractionResult:
    return extract_loaded(LoadedText("gen.txt", text, "0" * 64, len(text), "utf-8"))


def _kept_pages(text: str) -> list[Page]:
    """The kept pages as the pipeline reads them, built again (the pipeline released its)."""
    lines, _ = normalise(text)
    pages = classify_pages(split_pages(rebuild_cells(lines)))
    kept, _ = deduplicate(pages)
    segment(kept)  # settles the kinds as the pipeline does
    return kept


@pytest.mark.parametrize("text", [p.read_text(encoding="utf-8") for p in SAMPLES] + _generated())
def test_the_tally_gives_what_measuring_the_whole_bundle_gives(text: str) -> None:
    """Rule: coverage tallied page by page while pages are released equals coverage
    measured over all kept pages at the end (same counts, same notes)."""
    record = _record(text)
    coverage, notes = measure(_kept_pages(text), record.agreements)
    assert record.coverage == coverage
    unparsed = [n for n in record.extraction_notes if n.code == "unparsed_content"]
    assert unparsed == notes


def test_a_line_read_by_a_later_agreement_is_not_reported() -> None:
    """The tally keeps a page's unread figure lines and checks them again at the end: an
    agreement added after the page may still have read them."""
    page = Page(1, [Line(1, "Target 75 %", "Target 75 %"), Line(2, "Nilai 12", "Nilai 12")])
    page.kind = "lampiran_1"
    reader = _record(SAMPLES[0].read_text(encoding="utf-8")).agreements[0]
    span = Span(page=1, line_start=2, line_end=2, bbox=None, confidence=None)
    agreement = reader.model_copy(update={"pages": [1], "page_date": None, "targets": []})
    tally = Tally()
    tally.add_page(page)
    assert len(tally.figures) == 2
    tally.consumed.update(range(span.line_start, span.line_end + 1))  # read later
    coverage, notes = tally.result([agreement])
    assert (coverage.content_lines, len(notes)) == (2, 1)
    assert notes[0].locations[0].line == 1


def test_every_page_is_released_once_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rule: when the record is built, no page holds its lines any more (a bundle's pages
    and its record are never held whole at once)."""
    import extractor.pipeline as pipeline

    seen: list[Page] = []
    real = pipeline.classify_pages

    def keep(pages: list[Page]) -> list[Page]:
        seen.extend(pages)
        return real(pages)

    monkeypatch.setattr(pipeline, "classify_pages", keep)
    text = _generated()[0]
    record = _record(text)
    assert record.status == "ok" and len(seen) >= 4
    assert all(page.lines == [] for page in seen)


def test_dedup_finds_a_copy_of_a_page_printed_long_before() -> None:
    """Only the last ``WINDOW`` kept pages' readings are held; an exact copy of an older
    page is still found (by its hash) and its note is what a held reading gives."""
    texts = [f"Halaman isi nomor {k}\nKegiatan {k} dengan target {k} %" for k in range(WINDOW + 6)]
    pages = [Page(k + 1, normalise(t)[0]) for k, t in enumerate(texts)]
    copy = Page(len(pages) + 1, normalise(texts[0].upper())[0])  # case is folded
    kept, notes = deduplicate([*pages, copy])
    assert len(kept) == len(pages)
    assert [(n.kept_page, n.dropped_page, n.similarity, n.differences) for n in notes] == [
        (1, copy.number, 1.0, [])
    ]


_COORD = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False)
_BOX = st.tuples(_COORD, _COORD, _COORD, _COORD)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(bbox=st.none() | _BOX, cells=st.lists(st.none() | _BOX, max_size=8))
def test_packed_boxes_read_back_exactly(bbox, cells) -> None:
    """A line's packed boxes give back the same floats, bit for bit, and None where a
    box is missing."""
    line = Line(1, "x", "x", pack_boxes(bbox, cells))
    assert line.bbox == bbox
    assert line.cell_boxes == (tuple(cells) if bbox is not None or cells else ())
    if line.boxes is not None:
        assert box_at(line.boxes, len(cells) + 1) is None
        assert all(not math.isnan(v) for box in line.cell_boxes if box for v in box)


def test_a_line_without_boxes_holds_none() -> None:
    assert pack_boxes(None) is None
    line = Line(3, "x", "x")
    assert (line.boxes, line.bbox, line.cell_boxes) == (None, None, ())


def _records() -> list[ExtractionResult]:
    out = [extract(str(p)) for p in SAMPLES[:3]]
    out.append(_record("Laporan kegiatan tanpa perjanjian.\nTidak ada."))  # no agreement
    out.append(extract(str(ROOT / "samples" / "pdf" / "pk-dpmptsp-luwu-timur-2025.pdf")))
    return out


@pytest.mark.parametrize("pretty", [False, True])
def test_the_record_written_in_parts_is_the_whole_dump(pretty: bool) -> None:
    """Rule: the parts (the record without its agreements, then each agreement) joined are
    byte for byte pydantic's dump of the whole record, indented or not."""
    for record in _records():
        whole = record.model_dump_json(indent=2 if pretty else None) + "\n"
        assert "".join(json_chunks(record, pretty)) == whole
        assert to_json(record, pretty) == whole


def test_agreements_text_inside_a_value_does_not_move_the_split(tmp_path: Path) -> None:
    """A value printing the key itself is escaped in JSON, so it is never taken for it."""
    record = _records()[0]
    agreement = record.agreements[0]
    party = agreement.first_party.model_copy(update={"name": '"agreements":[] "agreements": []'})
    odd = record.model_copy(
        update={"agreements": [agreement.model_copy(update={"first_party": party})]}
    )
    path = tmp_path / "r.json"
    write_atomic(path, json_chunks(odd, pretty=True))
    assert path.read_text(encoding="utf-8") == odd.model_dump_json(indent=2) + "\n"
    assert json.loads(path.read_text())["agreements"][0]["first_party"]["name"].startswith('"')


def test_models_that_set_every_field_share_one_set_safely() -> None:
    """Record models share their class's set of field names when every field is set; a
    copy, an update and an assignment never change what another instance reports."""
    a = Span(page=1, line_start=2, line_end=2, bbox=None, confidence=None)
    b = Span(page=3, line_start=4, line_end=5, bbox=[1.0, 2.0, 3.0, 4.0], confidence=0.5)
    assert a.model_fields_set is b.model_fields_set
    assert a.model_fields_set == set(Span.model_fields)
    c = a.model_copy(update={"page": 9})
    assert c.model_fields_set is not a.model_fields_set and c.page == 9
    a.page = 7
    assert b.model_fields_set == set(Span.model_fields) and b.page == 3
    given = {"raw": "75 %", "value": 75.0, "unit": "%", "comparator": None}
    partial = Quantity.model_validate(given)  # min and max left to their defaults
    assert partial.model_fields_set == set(given)
    assert partial.model_dump(exclude_unset=True) == given
    assert b.model_fields_set == set(Span.model_fields)


def test_a_page_of_an_agreement_met_before_its_first_page_is_kept_until_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rule: a page is released only once its agreement has been read, even when the page
    comes before the agreement's first page (a section of the same physical page)."""
    import extractor.pipeline as pipeline
    from extractor.segment import AgreementPages

    def make(number: int, text: str, kind: str) -> Page:
        page = Page(number, [Line(number * 10 + k, t, t) for k, t in enumerate(text.split("\n"))])
        page.kind = kind
        return page

    before = make(1, "Catatan 1\nCatatan 2", "cover")
    lead = make(2, "PERJANJIAN KINERJA TAHUN 2025\nPihak Pertama", "agreement")
    after = make(3, "Lain 3", "other")
    seen: list[int] = []
    real = pipeline._agreement

    def spy(index, pages, cover, lost):  # type: ignore[no-untyped-def]
        seen.extend(len(p.lines) for p in pages)
        return real(index, pages, cover, lost)

    monkeypatch.setattr(pipeline, "_agreement", spy)
    group = AgreementPages(lead, [before])
    agreements, _, tally = pipeline._read_agreements([before, lead, after], [group], None, [], [])
    assert len(agreements) == 1 and seen == [2, 2]
    assert before.lines == lead.lines == after.lines == []
    assert tally is not None and tally.sections == 3


def _shared_pages(text: str) -> tuple[list[Page], list]:
    """The text's pages with each agreement page printed on the page before it (a section
    of that page), and the repairs made."""
    lines, repairs = normalise(text)
    pages = split_pages(rebuild_cells(lines))
    kinds = [p.kind for p in classify_pages(split_pages(rebuild_cells(normalise(text)[0])))]
    for i, page in enumerate(pages):
        if i and kinds[i] == "agreement":
            page.number = pages[i - 1].number
    return pages, repairs


def test_the_date_line_is_read_on_the_agreement_section_of_a_shared_page() -> None:
    """Rule: the agreement's date is looked for on its statement page: on a printed page
    that first ends the previous agreement's Lampiran, the agreement's own section (the
    same whether the pages given are the agreement's or the whole bundle's)."""
    text = (ROOT / "samples" / "pk-dpmptsp-luwu-timur-2025.txt").read_text(encoding="utf-8")
    pages, repairs = _shared_pages(text)
    record = run_stages(LoadedText("x.txt", text, "0" * 64, len(text), "utf-8"), pages, repairs)
    shared = [a for a in record.agreements if a.date_raw and a.index > 0]
    assert shared, "the sample has later agreements with a date"
    kept, _ = deduplicate(classify_pages(_shared_pages(text)[0]))
    segment(kept)
    assert measure(kept, record.agreements) == (
        record.coverage,
        [n for n in record.extraction_notes if n.code == "unparsed_content"],
    )
    for agreement in shared:
        page = statement_page(agreement, kept)
        assert page is not None and page.kind == "agreement"
        assert any(agreement.date_raw in line.text for line in page.lines)


def test_a_coverage_fault_is_reported_after_the_stages_before_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Faults keep stage order in ``errors``: the coverage is the last stage, so its
    ``internal_error`` follows the unreadable sections found before it."""
    import extractor.coverage as coverage

    def boom(page: Page) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(coverage, "content_lines", boom)
    record = extract(str(ROOT / "tests" / "golden" / "real" / "kemendag-format-pk-pedoman.txt"))
    codes = [e.code for e in record.errors]
    assert "unreadable_section" in codes and record.coverage is None
    assert codes.index("internal_error") > max(
        i for i, c in enumerate(codes) if c == "unreadable_section"
    )
    assert sum(1 for c in codes if c == "internal_error") == 1
