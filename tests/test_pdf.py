"""PDF input: text-layer PDFs give the same facts as their text; bad PDFs give error records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor import extract
from extractor.cli import main
from extractor.evaluate import mismatches
from extractor.pdf.layout import TableGrid, Word, page_lines

from . import pdf_fixtures
from .compare import differences

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "samples" / "pdf"
PAIRS = [
    ("pk-dpmptsp-luwu-timur-2025.txt", "pdf/pk-dpmptsp-luwu-timur-2025.pdf"),
    ("pk-pringsewu-diskominfo-2025.txt", "pdf/pk-pringsewu-diskominfo-2025.pdf"),
    ("pdf/pk-dpmptsp-luwu-timur-2025-part.txt", "pdf/pk-dpmptsp-luwu-timur-2025-part.pdf"),
    *(
        (f"synthetic/{stem}.txt", f"pdf/{stem}.pdf")
        for stem in (
            "pk-bapenda-kota-tirta-mulya-2025",
            "pk-dinkes-sungai-rindang-2025",
            "pk-dpupr-kab-bukit-larangan-2025",
            "pk-setda-kab-lembah-siring-2025",
        )
    ),
]


@pytest.mark.parametrize(("text", "pdf"), PAIRS, ids=[p for _, p in PAIRS])
def test_text_layer_pdf_gives_the_same_facts_as_its_text(text: str, pdf: str) -> None:
    from_text = extract(str(ROOT / "samples" / text))
    from_pdf = extract(
        str(ROOT / "samples" / pdf),
    )
    assert from_pdf.source.media_type == "application/pdf"
    assert from_pdf.source.ocr_pages == []
    count, wrong = differences(from_text, from_pdf)
    assert count > 40
    assert wrong == [], "\n".join(wrong)


def test_pdf_values_carry_page_and_box() -> None:
    result = extract(str(PDF / "pk-pringsewu-diskominfo-2025.pdf"))
    agreement = result.agreements[0]
    boxes = [agreement.first_party.source, *(s.source for s in agreement.signatures)]
    boxes += [t.source for t in agreement.performance_targets]
    boxes += [b.source for b in agreement.budget.items]
    for span in boxes:
        x0, top, x1, bottom = span.bbox
        assert 0 <= x0 < x1 <= 600 and 0 <= top < bottom <= 850
        assert span.confidence is None  # a text layer is not OCRed
    first_target = agreement.performance_targets[0]
    assert first_target.source.page == 2


def test_signature_columns_are_read_from_geometry() -> None:
    result = extract(str(PDF / "pk-pringsewu-diskominfo-2025.pdf"))
    signatures = result.agreements[0].signatures
    first = [s for s in signatures if s.role == "first_party"]
    second = [s for s in signatures if s.role == "second_party"]
    assert {s.name for s in first} == {"MOUDY ARY NAZOLLA"}
    assert {s.nip for s in first} == {"198408192002121001"}
    assert {s.name for s in second} == {"RIYANTO PAMUNGKAS"} and {s.nip for s in second} == {None}
    left, right = second[0].source.bbox, first[0].source.bbox
    assert left[2] <= right[0] + 1  # the left column ends where the right one begins


def test_repeated_pages_in_a_pdf_are_found_as_duplicates() -> None:
    result = extract(str(PDF / "pk-dpmptsp-luwu-timur-2025-part.pdf"))
    pairs = {(d.kept_page, d.dropped_page) for d in result.duplicates}
    assert len(pairs) >= 3
    assert any("DPMPSTSP" in diff for d in result.duplicates for diff in d.differences)


def test_layout_turns_column_gaps_into_cells_and_right_lines_into_right_column() -> None:
    words = [
        Word("Pihak", 60, 100, 85, 110),
        Word("Kedua,", 87, 100, 115, 110),
        Word("Pihak", 330, 100, 355, 110),
        Word("Pertama,", 357, 100, 395, 110),
        Word("NIP.", 330, 140, 350, 150),
        Word("19751030", 352, 140, 395, 150),
    ]
    lines = page_lines(words, [], width=595)
    assert [line.text for line in lines] == ["Pihak Kedua,\tPihak Pertama,", "\tNIP. 19751030"]


def test_layout_reads_ruled_table_cells_with_wrapped_text_and_lists() -> None:
    grid = TableGrid((50, 100, 500, 160), [[(50, 100, 250, 160), (250, 100, 400, 160)]])
    words = [
        Word("Jumlah", 55, 105, 90, 115),
        Word("dokumen", 92, 105, 140, 115),
        Word("perencanaan", 55, 118, 120, 128),
        Word("1", 255, 105, 260, 115),
        Word("Dokumen", 262, 105, 300, 115),
        Word("12", 255, 118, 265, 128),
        Word("Laporan", 267, 118, 300, 128),
    ]
    (line,) = page_lines(words, [grid], width=595)
    assert line.text == "Jumlah dokumen perencanaan\t1 Dokumen\ue00012 Laporan"
    assert line.bbox == (55, 105, 300, 128)


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda p: pdf_fixtures.encrypted_pdf(p, user_password="secret"), "encrypted"),
        (pdf_fixtures.truncated_pdf, "corrupt_pdf"),
        (pdf_fixtures.zero_page_pdf, "no_pages"),
        (pdf_fixtures.text_file_named_pdf, "not_a_pdf"),
        (pdf_fixtures.not_a_pk_pdf, "not_a_pk"),
    ],
    ids=["encrypted", "truncated", "zero-pages", "text-named-pdf", "not-a-pk"],
)
def test_bad_pdfs_give_clear_error_records(make, code: str, tmp_path: Path) -> None:
    path = make(tmp_path / "bad.pdf")
    result = extract(str(path))
    assert result.status == "failed"
    assert [e.code for e in result.errors] == [code]
    assert "\n" not in result.errors[0].message and "Traceback" not in result.errors[0].message


def test_encrypted_pdf_with_empty_password_is_read(tmp_path: Path) -> None:
    path = pdf_fixtures.encrypted_pdf(tmp_path / "open.pdf", user_password="")
    result = extract(str(path))
    assert not any(e.code == "encrypted" for e in result.errors)


def test_image_only_pdf_without_ocr_reports_missing_text(tmp_path: Path) -> None:
    from extractor.pipeline import Options

    path = pdf_fixtures.image_only_pdf(tmp_path / "scan.pdf")
    result = extract(str(path), Options(ocr="never"))
    assert result.status == "failed"
    codes = [e.code for e in result.errors]
    assert "no_text_layer" in codes and "not_a_pk" in codes


def test_cli_walks_pdfs_and_writes_records(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "extract",
            str(PDF / "pk-pringsewu-diskominfo-2025.pdf"),
            "-o",
            str(out),
            "--ocr",
            "never",
        ],
    )
    assert result.exit_code == 0, result.output
    record = json.loads((out / "pk-pringsewu-diskominfo-2025.json").read_text())
    assert record["source"]["media_type"] == "application/pdf"
    assert record["source"]["page_count"] == 2


SYNTHETIC = ROOT / "tests" / "golden" / "synthetic"


@pytest.mark.parametrize("facts_path", sorted(SYNTHETIC.glob("*.facts.json")), ids=lambda p: p.stem)
def test_synthetic_pdfs_match_hand_checked_facts(facts_path: Path) -> None:
    """The text-layer PDF of a synthetic bundle gives the facts read off it by hand."""
    facts = json.loads(facts_path.read_text(encoding="utf-8"))
    pdf = PDF / (Path(facts["source"]).stem + ".pdf")
    result = extract(str(pdf))
    assert result.status in ("ok", "partial") and result.source.ocr_pages == []
    problems = mismatches(facts, result)
    assert not problems, "\n".join(problems)


def test_centred_or_heading_lines_in_the_right_half_are_no_right_column() -> None:
    """Rule "a heading is never a right-column line": a short centred heading starts right of
    the middle but shares the page's middle; a heading printed flush right is a heading; a
    date or NIP over the right signature column still keeps its empty left cell."""
    width = 595.0

    def line(text: str, x0: float, top: float) -> list[Word]:
        words, x = [], x0
        for part in text.split():
            words.append(Word(part, x, top, x + 5.0 * len(part), top + 8))
            x += 5.0 * len(part) + 3
        return words

    centred = line("LAMPIRAN II", 0, 40)
    span = centred[-1].x1
    centred = [
        Word(w.text, w.x0 + (width - span) / 2, w.top, w.x1 + (width - span) / 2, w.bottom)
        for w in centred
    ]
    assert centred[0].x0 > 0.45 * width  # it does start in the right half
    words = [
        *centred,
        *line("LAMPIRAN I", 480, 60),  # a heading block flush right
        *line("Malili, 02 Januari 2025", 380, 80),
        *line("NIP. 19751030", 330, 100),
        *line("SIRING", 280, 120),  # a title's last word, centred but off by a few points
    ]
    lines = [raw.text for raw in page_lines(words, [], width=width)]
    assert lines == [
        "LAMPIRAN II",
        "LAMPIRAN I",
        "\tMalili, 02 Januari 2025",
        "\tNIP. 19751030",
        "SIRING",
    ]


def test_shrunk_page_heading_neither_joins_the_total_nor_files_penjelasan_as_targets(
    tmp_path: Path,
) -> None:
    """A Lampiran I that ends with its JUMLAH row at a page foot, and a page that opens with
    a small centred LAMPIRAN II: no budget item ``JUMLAH LAMPIRAN II``, the printed total
    kept, and the Penjelasan's Target Kinerja rows read as its own, not as agreement targets."""
    result = extract(str(pdf_fixtures.lampiran_break_pdf(tmp_path / "pk.pdf")))
    (agreement,) = result.agreements
    assert [b.name for b in agreement.budget.items] == [
        "Program Penunjang Urusan Pemerintahan",
        "Program Pemenuhan Upaya Kesehatan",
    ]
    assert agreement.budget.total is not None and agreement.budget.total.value == 3_750_000_000
    assert [t.indicator for t in agreement.performance_targets] == [
        "Angka Harapan Hidup",
        "Jumlah Kematian Ibu",
        "Indeks Kepuasan Masyarakat",
    ]
    (explanation,) = agreement.explanations
    assert [t.indicator for t in explanation.targets] == [
        "Angka Harapan Hidup",
        "Jumlah Kematian Ibu",
    ]
