"""Extraction notes (about the reading) are kept apart from discrepancies (about the document).

The OCR-ish records are generated: a bundle text is paged like the pipeline pages it, then the
lines of chosen pages are given OCR confidences and boxes, as Tesseract's pages would carry.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.cells import rebuild_cells
from extractor.document import LoadedText, pack_boxes
from extractor.emit import json_schema
from extractor.models import SCHEMA_VERSION, Discrepancy, ExtractionResult, Location
from extractor.normalise import normalise
from extractor.notes import NOTE_CODES, split_notes
from extractor.pages import split_pages
from extractor.pipeline import run_stages
from tests.test_checks import AGREEMENT

T = "\t"
VALID = AGREEMENT.format(nip="19800101 200501 1 003")
HEADER = T.join(["NO", "SASARAN STRATEGIS", "INDIKATOR KINERJA", "TARGET"])
READING = NOTE_CODES | {"missing_signatures"}


def _rows(first: int, count: int) -> list[str]:
    return [
        f"{i}{T}Sasaran nomor {i}{T}Indikator kinerja nomor {i}{T}{50 + i} %"
        for i in range(first, first + count)
    ]


def ocr_record(text: str, confidence: dict[int, float], path: str = "pk.txt") -> ExtractionResult:
    """The record of ``text`` whose pages in ``confidence`` were OCRed: each of their lines
    read at that confidence, with a box."""
    lines, repairs = normalise(text)
    pages = split_pages(rebuild_cells(lines))
    for page in pages:
        if page.number in confidence:
            page.lines = [
                replace(
                    line,
                    confidence=confidence[page.number],
                    boxes=pack_boxes((50.0, 20.0 * k, 500.0, 20.0 * k + 12)),
                )
                for k, line in enumerate(page.lines, start=1)
            ]
    loaded = LoadedText(path, text, "", len(text), None)
    return run_stages(loaded, pages, repairs, ocr_pages=sorted(confidence))


def two_page_table(first: int, second: int) -> str:
    """An agreement page, then a Lampiran 1 target table printed across two pages."""
    page2 = "\n".join(["LAMPIRAN I", HEADER, *_rows(1, first)])
    page3 = "\n".join([HEADER, *_rows(first + 1, second)])
    return f"{VALID}\f{page2}\f{page3}"


@settings(max_examples=15, deadline=None)
@given(
    first=st.integers(1, 14),
    second=st.integers(1, 14),
    confidence=st.floats(0.05, 0.59),
)
def test_a_harsh_scan_gives_one_note_per_page_not_per_value(
    first: int, second: int, confidence: float
) -> None:
    """Rule "one note per region": many low-confidence values on two pages of one table are
    two ``low_confidence`` notes, each listing its page's values with their boxes."""
    result = ocr_record(two_page_table(first, second), {2: confidence, 3: confidence})
    assert len(result.agreements[0].performance_targets) == first + second
    notes = [n for n in result.extraction_notes if n.code == "low_confidence"]
    assert [(n.locations[0].page, len(n.values)) for n in notes] == [(2, first), (3, second)]
    for note in notes:
        assert len(note.locations) == len(note.values)
        assert {loc.page for loc in note.locations} == {note.locations[0].page}
        assert all(loc.bbox is not None and loc.line is not None for loc in note.locations)
        assert all(loc.field.startswith("performance_targets[") for loc in note.locations)
    quality = [n for n in result.extraction_notes if n.code == "ocr_low_quality"]
    assert len(quality) == (2 if confidence < 0.3 else 0)  # one per page, not per line
    assert not READING & {d.code for d in result.discrepancies}
    assert result.status == "ok"  # the status rules did not change


def test_a_clean_read_has_no_notes() -> None:
    result = ocr_record(two_page_table(3, 3), {2: 0.95, 3: 0.95})
    assert result.extraction_notes == [] and result.discrepancies == []


def test_missing_signatures_is_a_finding_on_a_clean_page_and_a_note_on_a_poor_scan() -> None:
    """Rule: a signature block missing from a well-read page is missing from the document;
    from a page OCR could hardly read (a stamp over the block) it is about the reading."""
    unsigned = VALID.split("Sukamaju, 2 Januari")[0]
    clean = ocr_record(unsigned, {1: 0.95})
    assert [d.code for d in clean.discrepancies] == ["missing_signatures"]
    assert clean.extraction_notes == []
    poor = ocr_record(unsigned, {1: 0.4})
    assert "missing_signatures" in {n.code for n in poor.extraction_notes}
    assert poor.discrepancies == []
    text = ocr_record(unsigned, {})  # a text input: the document itself lacks it
    assert [d.code for d in text.discrepancies] == ["missing_signatures"]


def test_an_unparsed_table_is_a_note_and_still_makes_the_record_partial() -> None:
    table = f"LAMPIRAN I\nKolom A{T}Kolom B{T}Kolom C\nsatu{T}dua{T}tiga\nempat{T}lima{T}enam\n"
    result = ocr_record(VALID + table, {})
    assert [n.code for n in result.extraction_notes] == ["table_not_parsed"]
    assert result.discrepancies == []
    assert result.status == "partial"
    # the table's lines are also unread content: low coverage is the second reason
    assert [e.code for e in result.errors] == ["unreadable_section", "low_coverage"]


_CODES = st.sampled_from(
    sorted(READING | {"signature_missing", "nip_invalid", "target_mismatch", "row_numbering"})
)


@given(
    found=st.lists(st.tuples(_CODES, st.integers(1, 4)), max_size=20),
    poor=st.sets(st.integers(1, 4)),
)
def test_every_finding_goes_to_exactly_one_list_in_order(
    found: list[tuple[str, int]], poor: set[int]
) -> None:
    records = [
        Discrepancy(
            code=code,
            severity="info",
            agreement_index=0,
            message=f"{code} {n}",
            values=[],
            locations=[Location(page=page, field=None, line=None, bbox=None)],
        )
        for n, (code, page) in enumerate(found)
    ]
    findings, notes = split_notes(records, poor)
    assert sorted(d.message for d in [*findings, *notes]) == sorted(d.message for d in records)
    assert [d.message for d in findings] == [d.message for d in records if d in findings]
    assert all(n.code in NOTE_CODES or n.locations[0].page in poor for n in notes)
    assert not any(d.code in NOTE_CODES for d in findings)
    assert all(d.locations[0].page not in poor for d in findings if d.code == "missing_signatures")


def test_schema_has_extraction_notes_beside_discrepancies() -> None:
    schema = json_schema()
    assert SCHEMA_VERSION == "1.4"
    assert schema["properties"]["schema_version"].get("const") == "1.4" or schema["properties"][
        "schema_version"
    ].get("enum") == ["1.4"]
    assert {"discrepancies", "extraction_notes", "errors", "repairs", "pages"} <= set(
        schema["required"]
    )
    note = schema["$defs"]["ExtractionNote"]
    assert set(note["properties"]) == set(schema["$defs"]["Discrepancy"]["properties"])
    assert set(note["required"]) == set(note["properties"])


def test_notes_default_to_empty(tmp_path: Path) -> None:
    """Code that builds a record without notes (a failed record) still gets the key."""
    data = ocr_record(VALID, {}).model_dump()
    del data["extraction_notes"]
    assert ExtractionResult.model_validate(data).extraction_notes == []


# --- batch: the manifest and --summary count findings and notes apart ----------------------


def _row(key: str, codes: dict[str, int], notes: dict[str, int]):
    from extractor.batch.manifest import Row

    return Row(
        key=key,
        path=key,
        member=None,
        sha256=key,
        size=1,
        status="ok",
        error_code=None,
        error_message=None,
        extractor_version="test",
        discrepancies=sum(codes.values()),
        discrepancy_codes=codes,
        notes=sum(notes.values()),
        note_codes=notes,
    )


def test_batch_summary_counts_findings_and_notes_apart(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from extractor.batch.manifest import Manifest
    from extractor.cli import main

    with Manifest(tmp_path) as manifest:
        manifest.commit(_row("a", {"nip_invalid": 1}, {"low_confidence": 2}))
        manifest.commit(_row("b", {}, {"low_confidence": 1, "ocr_low_quality": 3}))
        totals = manifest.totals()
        assert manifest.get("b").note_codes == {"low_confidence": 1, "ocr_low_quality": 3}
    assert totals["discrepancy_code"] == {"nip_invalid": 1}
    assert totals["note_code"] == {"low_confidence": 3, "ocr_low_quality": 3}
    result = CliRunner().invoke(main, ["batch", "--summary", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "1 discrepancies, 6 extraction notes" in result.output
    lines = {tuple(line.split()) for line in result.output.splitlines()}
    assert ("extraction", "note", "code", "count") in lines
    assert ("low_confidence", "3") in lines and ("nip_invalid", "1") in lines


def test_an_older_manifest_gains_the_note_columns(tmp_path: Path) -> None:
    import sqlite3

    from extractor.batch.manifest import MANIFEST_NAME, Manifest

    db = sqlite3.connect(tmp_path / MANIFEST_NAME)
    db.execute(
        "CREATE TABLE inputs (key TEXT PRIMARY KEY, path TEXT NOT NULL, member TEXT, sha256 TEXT"
        " NOT NULL, size INTEGER NOT NULL, status TEXT NOT NULL, error_code TEXT, error_message"
        " TEXT, pages INTEGER NOT NULL DEFAULT 0, agreements INTEGER NOT NULL DEFAULT 0,"
        " discrepancies INTEGER NOT NULL DEFAULT 0, discrepancy_codes TEXT NOT NULL DEFAULT '{}',"
        " seconds REAL NOT NULL DEFAULT 0, extractor_version TEXT NOT NULL, output_path TEXT,"
        " same_as TEXT, updated_at TEXT NOT NULL)"
    )
    db.execute(
        "INSERT INTO inputs (key, path, sha256, size, status, extractor_version, updated_at)"
        " VALUES ('old', 'old', 'x', 1, 'ok', 'v', 'now')"
    )
    db.commit()
    db.close()
    with Manifest(tmp_path) as manifest:
        assert manifest.get("old").note_codes == {}
        manifest.commit(_row("new", {}, {"masked_value": 1}))
        assert manifest.totals()["note_code"] == {"masked_value": 1}


def test_a_batch_task_counts_notes_apart() -> None:
    from extractor.batch.task import TaskSettings, run_task

    table = f"LAMPIRAN I\nKolom A{T}Kolom B{T}Kolom C\nsatu{T}dua{T}tiga\nempat{T}lima{T}enam\n"
    result = run_task("pk.txt", (VALID + table).encode(), TaskSettings())
    assert result.note_codes == {"table_not_parsed": 1}
    assert result.discrepancy_codes == {}
