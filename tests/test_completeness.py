"""Completeness, coverage and status on generated bundles (issue 9, item 2).

The rules under test (extractor/completeness.py, extractor/coverage.py, pipeline.incomplete):
- a bundle rendered from a description, in any serialisation, reads ``ok``: every part it
  prints is ``found``, every part it leaves out is ``absent``, coverage is over the threshold;
- damage one part (its table unreadable, its Nama block gone, its amounts glued to prose)
  and that part is ``unreadable`` or its figures are ``unparsed_content``: the record is
  ``partial`` with the reason, and the other parts are still found;
- a text that reads as a PK is never ``not_a_pk``.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.coverage import COVERAGE_THRESHOLD
from extractor.document import LoadedText
from extractor.models import ExtractionResult
from extractor.pipeline import extract_loaded

from .roundtrip.check import bundle_text
from .roundtrip.examples import fixed_bundles
from .roundtrip.model import Agreement, Bundle
from .roundtrip.serialise import SERIALISATIONS, Style
from .roundtrip.strategies import bundles, styles

BUNDLES = fixed_bundles()


def _extract(text: str) -> ExtractionResult:
    return extract_loaded(LoadedText("gen.txt", text, "0" * 64, len(text), "utf-8"))


def _expected(agreement: Agreement) -> dict[str, str]:
    """The completeness a rendered agreement must get: what it prints is found."""
    return {
        "parties": "found",
        "date": "found" if agreement.date else "absent",
        "signatures": "found",
        "targets": "found" if agreement.targets else "absent",
        "budget": "found" if agreement.budget or agreement.total else "absent",
        "explanations": "found" if agreement.explanations else "absent",
    }


def _assert_complete(bundle: Bundle, result: ExtractionResult) -> None:
    assert result.status == "ok", [e.message for e in result.errors]
    assert result.coverage is not None and result.coverage.share >= COVERAGE_THRESHOLD
    got = [a.completeness.model_dump() for a in result.agreements]
    assert got == [_expected(a) for a in bundle.agreements]
    assert not [n for n in result.extraction_notes if n.code == "unparsed_content"]


@pytest.mark.parametrize("tables", sorted(SERIALISATIONS))
def test_rendered_bundles_are_complete_in_every_serialisation(tables: str) -> None:
    for bundle in BUNDLES:
        text, _ = bundle_text(bundle, Style(tables=tables))
        _assert_complete(bundle, _extract(text))


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    bundle=bundles(),
    style=styles(st.sampled_from(["tabs", "md_pipes", "html", "layout", "flat", "grid"])),
)
def test_generated_bundles_are_complete(bundle: Bundle, style: Style) -> None:
    text, _ = bundle_text(bundle, style)
    _assert_complete(bundle, _extract(text))


# --- damaged parts ---------------------------------------------------------------------------

_TAB_ROW = regex.compile(r"^\d+\t(?!.*Rp).*$", regex.M)  # a target row (budget rows print Rp)


def _plain(bundle: Bundle) -> str:
    return bundle_text(bundle, Style(tables="tabs"))[0]


def _one(bundle_index: int = 0) -> Bundle:
    bundle = BUNDLES[bundle_index]
    return Bundle(bundle.name, bundle.agreements[:1])


def test_a_target_table_of_unknown_columns_is_unreadable_and_the_rest_found() -> None:
    """Rule: a printed target header with no row read makes ``targets`` unreadable."""
    bundle = _one()
    text = _plain(bundle)
    # every target row becomes prose the table reader cannot split into cells
    damaged = _TAB_ROW.sub(lambda m: m.group().replace("\t", " ~ "), text)
    assert damaged != text
    result = _extract(damaged)
    (agreement,) = result.agreements
    assert agreement.completeness.targets == "unreadable"
    assert agreement.completeness.parties == "found"
    assert result.status == "partial"
    assert {e.code for e in result.errors} & {"unreadable_section", "incomplete_agreement"}
    notes = [n for n in result.extraction_notes if n.code == "unparsed_content"]
    assert any(n.severity == "warning" for n in notes)  # the 100% row was lost


def test_an_agreement_page_without_its_nama_block_has_unreadable_parties() -> None:
    bundle = _one()
    lines = _plain(bundle).split("\n")
    kept = [line for line in lines if not regex.match(r"(?i)^\s*(nama|jabatan|nip)\b", line)]
    result = _extract("\n".join(kept))
    agreement = result.agreements[0]
    assert agreement.first_party is None
    assert agreement.completeness.parties == "unreadable"
    assert agreement.completeness.targets == "found"
    assert result.status == "partial"


@pytest.mark.parametrize("bundle_index", range(len(BUNDLES)))
def test_an_amount_glued_to_prose_is_reported_as_unparsed(bundle_index: int) -> None:
    """Rule: an unread line holding an amount is a ``warning`` note and makes the record
    partial, even when the share of lines read stays over the threshold."""
    bundle = _one(bundle_index)
    text = _plain(bundle)
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.lstrip("\f").startswith("LAMPIRAN"))
    lines.insert(at + 1, "Catatan anggaran tambahan sebesar Rp 12.500.000 pada triwulan akhir")
    result = _extract("\n".join(lines))
    notes = [n for n in result.extraction_notes if n.code == "unparsed_content"]
    assert [n.severity for n in notes] == ["warning"]
    assert notes[0].locations[0].line == at + 2  # 1-based line of the inserted text
    assert "unparsed_values" in {e.code for e in result.errors}
    assert result.status == "partial"


def test_a_reference_number_is_an_info_note_only() -> None:
    """Figures that are not an agreement value (a letter number) are noted, not lost."""
    bundle = _one()
    lines = _plain(bundle).split("\n")
    lines.insert(1, "Nomor surat 800/123/DPMPTSP/I")
    result = _extract("\n".join(lines))
    notes = [n for n in result.extraction_notes if n.code == "unparsed_content"]
    assert [n.severity for n in notes] == ["info"]
    assert result.status == "ok"


def test_losing_most_lines_is_low_coverage() -> None:
    """Rule: under ``COVERAGE_THRESHOLD`` of content lines read, the record is partial."""
    bundle = _one()
    text = _plain(bundle)
    prose = "\n".join(
        f"Uraian tambahan kegiatan lapangan bagian {k} tanpa angka" for k in "abc" * 40
    )
    result = _extract(text.replace("LAMPIRAN", prose + "\nLAMPIRAN", 1))
    assert result.coverage is not None and result.coverage.share < COVERAGE_THRESHOLD
    assert "low_coverage" in {e.code for e in result.errors}
    assert result.status == "partial"


# --- reads as a PK ---------------------------------------------------------------------------

_NOT_A_PK = st.lists(
    st.sampled_from(["Laporan kegiatan bulan ini.", "Rapat koordinasi berjalan baik.", ""]),
    max_size=8,
)


@settings(max_examples=20, deadline=None, derandomize=True)
@given(
    before=_NOT_A_PK,
    marker=st.sampled_from(
        [
            "PERJANJIAN KINERJA TAHUN 2024",
            "PENETAPAN KINERJA TAHUN ANGGARAN 2023",
            "Pihak Pertama berjanji akan mewujudkan target kinerja.",
            "yang selanjutnya disebut PIHAK KESATU",
        ]
    ),
    after=_NOT_A_PK,
)
def test_a_text_that_reads_as_a_pk_is_never_not_a_pk(before, marker, after) -> None:
    result = _extract("\n".join([*before, marker, *after]))
    assert result.status == "partial"
    assert "not_a_pk" not in {e.code for e in result.errors}
    assert len(result.agreements) == 1


@settings(max_examples=20, deadline=None, derandomize=True)
@given(lines=_NOT_A_PK.filter(lambda xs: any(xs)))
def test_a_text_without_pk_marks_is_not_a_pk(lines) -> None:
    result = _extract("\n".join(lines))
    assert result.status == "failed"
    assert [e.code for e in result.errors] == ["not_a_pk"]


def _with_date_line(old: str, new: str) -> ExtractionResult:
    """The first fixed bundle signed ``Malili, 2 Januari 2025``, its date text replaced."""
    bundle = _one()
    agreement = replace(bundle.agreements[0], place="Malili", date="2025-01-02")
    text = _plain(Bundle(bundle.name, (agreement,)))
    assert old in text
    return _extract(text.replace(old, new))


@pytest.mark.parametrize(
    ("old", "new", "state", "status"),
    [
        # a date left blank (dots for day and month) is not printed
        ("2 Januari 2025", "................ 2025", "absent", "ok"),
        # a date-shaped line (a month name and a year) that gave no date
        ("Malili, 2 Januari 2025", "Malili, tanggal dua Januari 2025 M", "unreadable", "partial"),
        # a place-and-date line whose date does not exist
        ("2 Januari 2025", "31 Februari 2025", "unreadable", "partial"),
    ],
)
def test_date_completeness(old: str, new: str, state: str, status: str) -> None:
    """Rule: a blank form's date is ``absent``; a printed date that gave no date is
    ``unreadable`` and the record is not ``ok``."""
    result = _with_date_line(old, new)
    (read,) = result.agreements
    assert read.date is None
    assert read.completeness.date == state
    assert result.status == status
