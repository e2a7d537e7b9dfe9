"""Hostile PDFs: every per-file limit holds before the work it bounds is done.

Each bomb is built in the test (a few hundred bytes to a few KB) and extracted in a child
process whose peak memory (``ru_maxrss`` from ``wait4``, which also covers its OCR workers
and Tesseract) and run time are bounded. Before the limits: a 5000 x 5000 pt page
took 4.2 GB under ``--ocr auto``; a page of 1 M characters 2.1 GB and 38 s; 200 blank pages
130 s before ``--max-pages`` refused them.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extractor.cli import main
from extractor.pdf import load as pdf_load
from extractor.pdf.load import MAX_PAGE_CHARS, describe_error, read_pdf
from extractor.pdf.ocr import MAX_RENDER_PIXELS, render_dpi, render_page, tesseract_available
from extractor.pipeline import Options, extract, extract_bytes
from tests import pdf_fixtures

MEMORY_BOUND_MB = 600
needs_tesseract = pytest.mark.skipif(not tesseract_available(), reason="tesseract not installed")


# Runs the code given in a grandchild and reports that one's peak RSS (``os.wait4``: the
# process and its waited-for children). A direct child would not do: a process started by
# vfork + exec keeps its parent's peak RSS as its own, so it would report pytest's.
_RUNNER = """
import json, os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen([sys.executable, "-c", sys.argv[1]], stdout=subprocess.PIPE)
out = child.stdout.read().decode()
_, status, usage = os.wait4(child.pid, 0)
seconds = time.perf_counter() - start
print(json.dumps({"status": status, "out": out, "kb": usage.ru_maxrss, "seconds": seconds}))
"""


def _in_child(code: str, timeout: float = 60) -> tuple[dict, float, float]:
    """Run ``code`` (which prints one JSON object last) in a fresh interpreter: its output,
    the peak RSS in MB of it and its children, and the seconds it took."""
    done = subprocess.run(
        [sys.executable, "-c", _RUNNER, textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["status"] == 0, done.stderr[-2000:]
    output = json.loads(report["out"].strip().splitlines()[-1])
    return output, report["kb"] / 1024, report["seconds"]


_EXTRACT = """
    import json
    from extractor.pipeline import Options, extract, extract_bytes
    record = extract({path!r}, Options(ocr={ocr!r}, jobs=1))
    print(json.dumps({{
        "status": record.status,
        "errors": [(e.code, e.page, e.message) for e in record.errors],
        "agreements": len(record.agreements),
        "ocr_pages": record.source.ocr_pages,
    }}))
"""


@needs_tesseract
def test_a_pixel_bomb_page_is_rendered_within_the_pixel_cap(tmp_path: Path) -> None:
    """An 818-byte PDF with a 5000 pt square page took 4.2 GB rendered at 300 dpi: the render
    scale is lowered so that a page holds at most ``MAX_RENDER_PIXELS`` (any page size:
    ``test_render_dpi_keeps_the_pixel_count_under_the_cap``)."""
    path = pdf_fixtures.huge_page_pdf(tmp_path / "huge.pdf", 5000.0)
    assert path.stat().st_size < 1000
    out, peak_mb, seconds = _in_child(_EXTRACT.format(path=str(path), ocr="auto"))
    assert out["ocr_pages"] == [1]  # OCRed (it has a mark), not failed
    assert not [e for e in out["errors"] if e[0] == "ocr_failed"]
    print(f"pixel bomb: {peak_mb:.0f} MB, {seconds:.1f} s")
    assert peak_mb < MEMORY_BOUND_MB, peak_mb
    assert seconds < 30


@pytest.mark.parametrize("per_string", [None, 10_000])
def test_a_page_of_a_million_characters_is_refused_and_the_others_read(
    per_string: int | None, tmp_path: Path
) -> None:
    """1 M tiny glyphs in a 2 KB file (one string, or many): that page gets a one-line
    ``too_many_characters`` error, the PK page before it is extracted."""
    path = pdf_fixtures.many_chars_pdf(tmp_path / "chars.pdf", 1_000_000, per_string=per_string)
    assert path.stat().st_size < 10_000
    out, peak_mb, seconds = _in_child(_EXTRACT.format(path=str(path), ocr="auto"))
    assert out["status"] == "partial"
    assert out["agreements"] == 1
    assert [(code, page) for code, page, _ in out["errors"]] == [("too_many_characters", 2)]
    message = out["errors"][0][2]
    assert "\n" not in message and f"{MAX_PAGE_CHARS:,}" in message
    assert out["ocr_pages"] == []  # a refused page is not OCRed either
    print(f"character bomb: {peak_mb:.0f} MB, {seconds:.1f} s")
    assert peak_mb < MEMORY_BOUND_MB, peak_mb
    assert seconds < 20


@pytest.mark.parametrize("chars", [990, 1000, 1001, 5000])
def test_the_character_limit_is_exact(chars: int, tmp_path: Path, monkeypatch) -> None:
    """A page at the limit is read; one character more is refused (the limit lowered to 1,000
    so that the test is quick; the PK page holds 484)."""
    monkeypatch.setattr(pdf_load, "MAX_PAGE_CHARS", 1000)
    path = pdf_fixtures.many_chars_pdf(tmp_path / "c.pdf", chars, per_string=100)
    raw = read_pdf(str(path), ocr="never")
    refused = [p.page for p in raw.problems if p.code == "too_many_characters"]
    assert refused == ([2] if chars > 1000 else [])
    assert raw.lines[0]  # the PK page is read either way


def test_max_pages_refuses_before_any_page_is_read(tmp_path: Path, monkeypatch) -> None:
    path = pdf_fixtures.blank_pages_pdf(tmp_path / "long.pdf", 3000)

    def never(*_args, **_kwargs):
        raise AssertionError("a page was read")

    monkeypatch.setattr(pdf_load, "_read_pages", never)
    start = time.perf_counter()
    record = extract(str(path), Options(max_pages=100))
    assert time.perf_counter() - start < 5
    assert record.status == "failed"
    assert [e.code for e in record.errors] == ["too_many_pages"]
    assert "3001 pages" in record.errors[0].message and "100" in record.errors[0].message


def test_a_pdf_given_as_bytes_is_refused_under_its_own_name(tmp_path: Path) -> None:
    """A zip member or a batch task is read from a temp file; the error names the input."""
    data = pdf_fixtures.blank_pages_pdf(tmp_path / "long.pdf", 30).read_bytes()
    record = extract_bytes(data, "bundle.zip!long.pdf", Options(max_pages=10))
    assert record.errors[0].code == "too_many_pages"
    assert record.errors[0].message.startswith("bundle.zip!long.pdf: 31 pages")


def test_extract_command_has_max_pages(tmp_path: Path) -> None:
    path = pdf_fixtures.blank_pages_pdf(tmp_path / "long.pdf", 20)
    result = CliRunner().invoke(main, ["extract", str(path), "--max-pages", "5"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["errors"][0]["code"] == "too_many_pages"
    result = CliRunner().invoke(main, ["extract", str(path), "--max-pages", "21"])
    assert json.loads(result.stdout)["errors"] == []


@pytest.mark.parametrize("ocr", ["auto", "always"])
def test_blank_pages_are_not_ocred(ocr: str, tmp_path: Path, monkeypatch) -> None:
    """200 blank pages took 130 s of OCR; the ink test finds them blank in milliseconds."""
    path = pdf_fixtures.blank_pages_pdf(tmp_path / "blank.pdf", 200)
    sent: list[int] = []
    monkeypatch.setattr(pdf_load, "_ocr_pages", lambda _path, indexes, *_: sent.extend(indexes))
    start = time.perf_counter()
    raw = read_pdf(str(path), ocr=ocr)
    assert time.perf_counter() - start < 10
    assert raw.blank_pages == list(range(2, 202))
    assert sent == ([0] if ocr == "always" else [])  # the PK page has ink; OCRed if asked
    assert raw.problems == []


def _marks_pdf(path: Path) -> Path:
    """Pages: nothing; a "1." in 4 pt type; a hairline; a white rectangle; a pale grey dot."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.showPage()
    pdf.setFont("Helvetica", 4)
    pdf.drawString(300, 400, "1.")
    pdf.showPage()
    pdf.setLineWidth(0.3)
    pdf.line(72, 400, 500, 400)
    pdf.showPage()
    pdf.setFillGray(1.0)
    pdf.rect(72, 72, 400, 600, fill=1, stroke=0)
    pdf.showPage()
    pdf.setFillGray(0.97)
    pdf.circle(300, 400, 2, fill=1, stroke=0)
    pdf.showPage()
    pdf.save()
    return path


def test_the_ink_test_sees_the_faintest_print_and_nothing_else(tmp_path: Path) -> None:
    """A page is blank when no pixel at 20 dpi is darker than its paper by the contrast
    threshold: tiny print and hairlines are ink; white shapes and a near-white dot are not."""
    doc = pdfium.PdfDocument(str(_marks_pdf(tmp_path / "marks.pdf")))
    try:
        assert [pdf_load._blank(doc, i) for i in range(5)] == [True, False, False, True, True]
    finally:
        doc.close()
    assert pdf_load._blank(None, 0) is False  # unknown is not blank: OCR decides


@given(
    st.floats(1, 14400),
    st.floats(1, 14400),
    st.sampled_from([72, 150, 300, 600]),
    st.integers(10_000, 50_000_000),
)
def test_render_dpi_keeps_the_pixel_count_under_the_cap(
    width: float, height: float, dpi: int, cap: int
) -> None:
    chosen = render_dpi(width, height, dpi, cap)
    assert 1 <= chosen <= dpi
    pixels = (width * chosen / 72) * (height * chosen / 72)
    assert pixels <= cap or chosen == 1
    if (width * dpi / 72) * (height * dpi / 72) <= cap:
        assert chosen == dpi  # a page that fits is rendered as asked


def test_an_oversized_page_renders_within_the_cap(tmp_path: Path) -> None:
    path = pdf_fixtures.huge_page_pdf(tmp_path / "huge.pdf", 14400.0)
    image = render_page(str(path), 0, dpi=300, max_pixels=1_000_000)
    assert image.width * image.height <= 1_000_000
    assert image.width > 900  # as large as the cap allows, not needlessly small


def test_a4_and_a3_pages_are_ocred_at_full_resolution() -> None:
    assert render_dpi(*A4, 300, MAX_RENDER_PIXELS) == 300
    assert render_dpi(842, 1191, 300, MAX_RENDER_PIXELS) == 300


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (MemoryError(), "MemoryError"),
        (RuntimeError("tesseract failed (1):\nbad\n image"), "RuntimeError: tesseract failed"),
        (BrokenProcessPool(), "BrokenProcessPool: the OCR worker process died"),
    ],
)
def test_an_ocr_failure_always_says_what_happened(error: Exception, expected: str) -> None:
    """The pixel bomb used to give ``page 1: OCR failed: `` with nothing after it."""
    text = describe_error(error)
    assert text.startswith(expected) and "\n" not in text


def test_javascript_and_attachments_are_ignored(tmp_path: Path) -> None:
    """An OpenAction JavaScript and an embedded file neither run nor reach the record."""
    path = pdf_fixtures.javascript_attachment_pdf(tmp_path / "js.pdf")
    record = extract(str(path))
    assert record.status == "ok"
    assert len(record.agreements) == 1
    dumped = record.model_dump_json()
    assert "1999" not in dumped and "pwned" not in dumped and "a.txt" not in dumped
    assert sorted(p.name for p in tmp_path.iterdir()) == ["js.pdf"]  # nothing written
