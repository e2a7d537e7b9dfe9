"""The PDFium reader against the reference (pdfplumber): same words, same ruled tables, same
records.

Every page here is generated with reportlab (or written byte by byte) so that each rule is
checked on its own: words cut at spaces and, between runs drawn apart, where pdfplumber cuts
them (a gap over 2 pt); two signature columns on one line; ligatures; tables ruled with lines,
with rectangles and inside a form XObject; rotated and cropped pages; the character limits.
The sample bundles are then extracted with both readers and compared fact by fact.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pdfplumber
import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import registerFont, stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from extractor import extract
from extractor.cli import main
from extractor.evaluate import mismatches
from extractor.pdf import load as pdf_load
from extractor.pdf.layout import page_lines
from extractor.pdf.load import read_pdf
from extractor.pdf.pdfium_reader import PageReader, TooManyChars, top_left
from extractor.pipeline import Options

from . import pdf_fixtures
from .compare import facts

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p for p in (ROOT / "samples" / "pdf").glob("*.pdf") if "-scan" not in p.stem)
FACTS = {
    Path(json.loads(p.read_text(encoding="utf-8"))["source"]).stem: p
    for p in (ROOT / "tests" / "golden").rglob("*.facts.json")
}
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
# Boxes agree to float precision but where a font's metrics are read differently (an embedded
# font's descent, a ligature's width): 0.01 em seen.
BOX_TOLERANCE = 0.02  # of the font size


# --- the two readers on one page ------------------------------------------------------------


def plumber_page(path: Path, index: int = 0) -> tuple[list[tuple], list]:
    """pdfplumber's words (as load.py asks for them) and ruled tables of a page."""
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[index]
        words = page.extract_words(keep_blank_chars=False, x_tolerance=2, y_tolerance=2)
        tables = page.find_tables(pdf_load._TABLE_SETTINGS)
        grids = [g for g in (pdf_load._grid(t) for t in tables) if g is not None]
        out = [(w["text"], w["x0"], w["top"], w["x1"], w["bottom"]) for w in words]
        return out, grids


def pdfium_page(path: Path, index: int = 0, max_chars: int = 50_000):
    doc = pdfium.PdfDocument(str(path))
    try:
        return PageReader(doc).read(index, max_chars)
    finally:
        doc.close()


def assert_same_words(path: Path, index: int = 0) -> list[tuple]:
    """Both readers cut the same words, each within ``BOX_TOLERANCE`` of the other's box."""
    want, _ = plumber_page(path, index)
    got = [(w.text, w.x0, w.top, w.x1, w.bottom) for w in pdfium_page(path, index).words]
    key = lambda w: (round(w[2]), w[1])  # noqa: E731 - reading order
    want, got = sorted(want, key=key), sorted(got, key=key)
    assert [w[0] for w in got] == [w[0] for w in want]
    for a, b in zip(want, got, strict=True):
        size = a[4] - a[2]
        assert abs(a[1] - b[1]) <= BOX_TOLERANCE * size and abs(a[3] - b[3]) <= BOX_TOLERANCE * size
        assert abs(a[2] - b[2]) <= BOX_TOLERANCE * size, (a, b)
        assert abs(a[4] - b[4]) <= BOX_TOLERANCE * size, (a, b)
    return got


def assert_same_grids(path: Path, index: int = 0) -> list:
    _, want = plumber_page(path, index)
    got = pdfium_page(path, index).grids
    assert len(got) == len(want)
    for a, b in zip(want, got, strict=True):
        assert _close(a.bbox, b.bbox)
        assert [[c is None for c in row] for row in a.rows] == [
            [c is None for c in row] for row in b.rows
        ]
        for row_a, row_b in zip(a.rows, b.rows, strict=True):
            for cell_a, cell_b in zip(row_a, row_b, strict=True):
                assert cell_a is None or _close(cell_a, cell_b)
    return got


def _close(a, b, tolerance: float = 0.01) -> bool:  # noqa: ANN001
    return all(abs(p - q) <= tolerance for p, q in zip(a, b, strict=True))


def _pdf(path: Path, draw, pagesize=A4, **kwargs) -> Path:  # noqa: ANN001
    pdf = canvas.Canvas(str(path), pagesize=pagesize, invariant=1, **kwargs)
    draw(pdf)
    pdf.showPage()
    pdf.save()
    return path


# --- words ----------------------------------------------------------------------------------


def test_words_of_lines_in_several_fonts_and_sizes(tmp_path: Path) -> None:
    def draw(pdf: canvas.Canvas) -> None:
        y = 780.0
        for font, size in [("Helvetica", 11), ("Helvetica-Bold", 14), ("Times-Roman", 9.5),
                           ("Courier", 8), ("Helvetica-Oblique", 6.3)]:  # fmt: skip
            pdf.setFont(font, size)
            pdf.drawString(72, y, "Jumlah dokumen perencanaan (Rp) 3.300.000.000,00 / tahun")
            y -= 2.5 * size

    assert len(assert_same_words(_pdf(tmp_path / "fonts.pdf", draw))) == 5 * 7


GAPS = st.floats(0.0, 12.0).filter(lambda g: abs(g - 2.0) > 0.05)  # away from 2 pt itself


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["NIP.", "19751030", "Rp", "1.500", "/", "Dinas"]), GAPS),
        min_size=2,
        max_size=6,
    ),  # fmt: skip
    st.sampled_from([7.0, 10.5, 16.0]),
    st.floats(-1.5, 1.5),
)
def test_runs_drawn_apart_are_cut_where_pdfplumber_cuts_them(
    runs: list[tuple[str, float]], size: float, rise: float
) -> None:
    """Rule "glued runs": runs drawn one after another without a space are one word while
    the gap between them is at most 2 pt and the top moves at most 2 pt, else two words,
    whether or not PDFium put a space of its own between them."""

    def draw(pdf: canvas.Canvas) -> None:
        pdf.setFont("Helvetica", size)
        x = 72.0
        for n, (text, gap) in enumerate(runs):
            pdf.drawString(x, 700 + (rise if n % 2 else 0.0), text)
            x += stringWidth(text, "Helvetica", size) + gap

    with tempfile.TemporaryDirectory() as folder:  # hypothesis runs it many times
        assert_same_words(_pdf(Path(folder) / "glued.pdf", draw))


def test_two_signature_columns_on_one_line_are_two_cells(tmp_path: Path) -> None:
    """Rule "two signature columns": the left and the right name on one baseline stay two
    cells of one line (a wide gap is a tab), with either reader."""

    def draw(pdf: canvas.Canvas) -> None:
        pdf.setFont("Helvetica-Bold", 10)
        pdf.drawString(60, 200, "RIYANTO PAMUNGKAS")
        pdf.drawString(330, 200, "MOUDY ARY NAZOLLA, S.STP., MH")
        pdf.setFont("Helvetica", 10)
        pdf.drawString(330, 186, "NIP. 19840819 200212 1 001")

    path = _pdf(tmp_path / "sign.pdf", draw)
    assert_same_words(path)
    page = pdfium_page(path)
    texts = [line.text for line in page_lines(page.words, page.grids, page.width)]
    assert texts == [
        "RIYANTO PAMUNGKAS\tMOUDY ARY NAZOLLA, S.STP., MH",
        "\tNIP. 19840819 200212 1 001",
    ]


@pytest.mark.skipif(not DEJAVU.exists(), reason="DejaVu Sans (fonts-dejavu-core) not installed")
def test_ligatures_are_spelled_out_as_pdfplumber_does(tmp_path: Path) -> None:
    registerFont(TTFont("DejaVuSans", str(DEJAVU)))

    def draw(pdf: canvas.Canvas) -> None:
        pdf.setFont("DejaVuSans", 11)
        pdf.drawString(72, 700, "veriﬁkasi ﬂuktuasi efektif")

    words = assert_same_words(_pdf(tmp_path / "lig.pdf", draw))
    assert [w[0] for w in words] == ["verifikasi", "fluktuasi", "efektif"]


# --- rulings --------------------------------------------------------------------------------


def test_tables_ruled_with_lines(tmp_path: Path) -> None:
    rows = [("No", "Program", "Anggaran"), ("1", "Penunjang", "Rp. 1.500.000,00"),
            ("", "JUMLAH", "Rp. 1.500.000,00")]  # fmt: skip
    path = _pdf(
        tmp_path / "lines.pdf",
        lambda pdf: pdf_fixtures._ruled_table(pdf, 700, [50, 75, 380, 545], rows),
    )
    (grid,) = assert_same_grids(path)
    assert [len(row) for row in grid.rows] == [3, 3, 3]
    page = pdfium_page(path)
    texts = [line.text for line in page_lines(page.words, page.grids, page.width)]
    assert texts[-1] == "\tJUMLAH\tRp. 1.500.000,00"


def test_tables_ruled_with_rectangles_and_merged_cells(tmp_path: Path) -> None:
    """Cells drawn as stroked rectangles and rules as thin filled ones (as word processors
    draw them); a cell spanning two columns leaves a merged (None) cell."""

    def draw(pdf: canvas.Canvas) -> None:
        pdf.setLineWidth(0.5)
        for x0, x1 in [(50, 200), (200, 350), (350, 500)]:
            pdf.rect(x0, 650, x1 - x0, 20, stroke=1, fill=0)
        pdf.rect(50, 630, 300, 20, stroke=1, fill=0)  # spans two columns
        pdf.rect(350, 630, 150, 20, stroke=1, fill=0)
        pdf.rect(50, 609.75, 450, 0.5, stroke=0, fill=1)  # a rule as a filled bar
        pdf.rect(50, 609.75, 0.5, 20.25, stroke=0, fill=1)
        pdf.rect(499.5, 609.75, 0.5, 20.25, stroke=0, fill=1)
        pdf.drawString(55, 655, "Sasaran")
        pdf.drawString(55, 635, "Meningkatnya Nilai Investasi")

    (grid,) = assert_same_grids(_pdf(tmp_path / "rects.pdf", draw))
    assert any(cell is None for row in grid.rows for cell in row)


def test_a_table_inside_a_form_xobject_is_found(tmp_path: Path) -> None:
    """Rulings drawn by a form XObject (placed twice, once shifted) are walked with the
    form's matrix."""

    def draw(pdf: canvas.Canvas) -> None:
        pdf.beginForm("grid")
        pdf_fixtures._ruled_table(pdf, 700, [50, 150, 300], [("a", "b"), ("c", "d")])
        pdf.endForm()
        pdf.doForm("grid")
        pdf.saveState()
        pdf.translate(0, -200)
        pdf.doForm("grid")
        pdf.restoreState()

    grids = assert_same_grids(_pdf(tmp_path / "form.pdf", draw))
    assert len(grids) == 2


# --- page geometry --------------------------------------------------------------------------


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_rotated_pages_read_as_displayed(rotation: int, tmp_path: Path) -> None:
    """A page with /Rotate whose content is turned the other way (a landscape page as a
    scanner or a word processor writes it): words and tables in the coordinates of the page
    as displayed, where its text is upright."""
    width, height = A4
    turn = {0: (0, 0), 90: (width, 0), 180: (width, height), 270: (0, height)}[rotation]

    def draw(pdf: canvas.Canvas) -> None:
        pdf.translate(*turn)
        pdf.rotate(rotation)
        top = width if rotation in (90, 270) else height  # the displayed page's height
        pdf.setFont("Helvetica", 10)
        pdf.drawString(72, top - 80, "PERJANJIAN KINERJA TAHUN 2025")
        rows = [("No", "Sasaran"), ("1", "Nilai")]
        pdf_fixtures._ruled_table(pdf, top - 140, [50, 150, 300], rows)
        pdf.setPageRotation(rotation)

    path = _pdf(tmp_path / f"rot{rotation}.pdf", draw)
    words = assert_same_words(path)
    assert [w[0] for w in words[:4]] == ["PERJANJIAN", "KINERJA", "TAHUN", "2025"]
    (grid,) = assert_same_grids(path)
    assert [len(row) for row in grid.rows] == [2, 2]
    with pdfplumber.open(path) as pdf:
        assert pdfium_page(path).width == pytest.approx(float(pdf.pages[0].width), abs=1e-3)


def test_cropped_page_with_offset_mediabox(tmp_path: Path) -> None:
    """A MediaBox that does not start at 0 and a smaller CropBox: pdfplumber's coordinates
    (measured from the MediaBox, nothing cropped away)."""

    def draw(pdf: canvas.Canvas) -> None:
        pdf.setFont("Helvetica", 10)
        pdf.drawString(72, 760, "Malili, 02 Januari 2025")
        pdf.drawString(400, 60, "NIP. 19751030")
        pdf_fixtures._ruled_table(pdf, 700, [50, 150, 300], [("No", "Sasaran"), ("1", "Nilai")])
        pdf.setCropBox((40, 40, 500, 800))

    path = _pdf(tmp_path / "crop.pdf", draw)
    data = path.read_bytes().replace(
        b"/MediaBox [ 0 0 595.2756 841.8898 ]", b"/MediaBox [ 20 30 595.2756 841.8898 ]"
    )
    assert data != path.read_bytes()
    path.write_bytes(data)
    assert_same_words(path)
    assert_same_grids(path)


def test_top_left_maps_each_rotation_like_pdfminer() -> None:
    """The page's corners land where pdfminer's rotation matrix puts them."""
    box = (0.0, 0.0, 600.0, 800.0)
    for rotation, width, corner in [(0, 600, (0, 800)), (1, 800, (0, 0)), (2, 600, (600, 0)),
                                    (3, 800, (800, 600))]:  # fmt: skip
        matrix, got_width = top_left(rotation, box)
        assert got_width == width
        a, b, c, d, e, f = matrix
        assert (a * 0 + c * 0 + e, b * 0 + d * 0 + f) == corner  # the PDF's origin


# --- limits ---------------------------------------------------------------------------------


def test_a_page_is_refused_before_its_text_is_built(tmp_path: Path, monkeypatch) -> None:
    """Rule "bound before build": 1 M tiny glyphs in strings of 10,000 are refused from the
    text objects' extent alone; PDFium never builds that page's text."""
    path = pdf_fixtures.many_chars_pdf(tmp_path / "c.pdf", 1_000_000, per_string=10_000)
    import pypdfium2.raw as raw

    built: list[int] = []
    real = raw.FPDFText_LoadPage
    monkeypatch.setattr(raw, "FPDFText_LoadPage", lambda page: built.append(1) or real(page))
    with pytest.raises(TooManyChars):
        pdfium_page(path, 1)
    assert built == []
    assert pdfium_page(path, 0).words  # the PK page is read


def test_a_string_cut_by_pdfium_is_over_the_limit(tmp_path: Path) -> None:
    """Rule "cut string": PDFium keeps 32,767 characters of one string, so a string of
    60,000 would read as a page under the limit; the page is refused, as pdfplumber, which
    counts them all, refuses it."""
    path = pdf_fixtures.many_chars_pdf(tmp_path / "s.pdf", 60_000)
    for reader in ("pdfium", "pdfplumber"):
        raw = read_pdf(str(path), ocr="never", reader=reader)
        assert [(p.code, p.page) for p in raw.problems] == [("too_many_characters", 2)]
        assert raw.lines[0]


def test_an_unknown_reader_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown PDF reader"):
        read_pdf(str(SAMPLES[0]), reader="pdfminer")


# --- whole records --------------------------------------------------------------------------


@pytest.mark.parametrize("pdf", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_both_readers_give_the_same_record(pdf: Path) -> None:
    """Every text-layer sample gives the same facts with either reader, and the hand-checked
    facts where there are any; the pages, their kinds and the findings are the same too."""
    fast = extract(str(pdf), Options(pdf_reader="pdfium"))
    reference = extract(str(pdf), Options(pdf_reader="pdfplumber"))
    want, got = facts(reference), facts(fast)
    assert len(want) > 40
    assert [k for k in want if got.get(k) != want[k]] == []
    assert set(got) == set(want)
    assert [(p.number, p.kind, p.duplicate_of) for p in fast.pages] == [
        (p.number, p.kind, p.duplicate_of) for p in reference.pages
    ]
    assert sorted(d.code for d in fast.discrepancies) == sorted(
        d.code for d in reference.discrepancies
    )
    assert fast.status == reference.status and fast.source.ocr_pages == []
    if pdf.stem in FACTS:
        hand = json.loads(FACTS[pdf.stem].read_text(encoding="utf-8"))
        assert mismatches(hand, fast) == [] and mismatches(hand, reference) == []


def test_cli_and_batch_pass_the_reader_on(tmp_path: Path, monkeypatch) -> None:
    """``--pdf-reader`` reaches ``read_pdf`` from ``extract``, and the batch workers through
    their task settings; both readers' records agree; an unknown reader is a usage error."""
    from extractor import pipeline
    from extractor.batch import run as batch_run
    from extractor.batch.task import TaskSettings, run_task

    asked: list[str] = []
    real = pipeline.read_pdf

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        asked.append(args[5] if len(args) > 5 else kwargs.get("reader", "default"))
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "read_pdf", spy)
    pdf = ROOT / "samples" / "pdf" / "pk-pringsewu-diskominfo-2025.pdf"
    records = {}
    for reader in ("pdfium", "pdfplumber"):
        out = tmp_path / f"{reader}.json"
        args = ["extract", str(pdf), "--pdf-reader", reader, "-o", str(out)]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        records[reader] = json.loads(out.read_text(encoding="utf-8"))
    assert asked == ["pdfium", "pdfplumber"]
    assert records["pdfium"]["agreements"] == records["pdfplumber"]["agreements"]
    task = run_task(pdf.name, pdf.read_bytes(), TaskSettings(ocr="never", pdf_reader="pdfplumber"))
    assert task.status == "ok" and asked[-1] == "pdfplumber"

    settings: list[TaskSettings] = []

    def run_batch(_inputs, _out, _pool, given: TaskSettings, **_):  # noqa: ANN001, ANN003, ANN202
        settings.append(given)
        return SimpleNamespace(exit_code=0)

    monkeypatch.setattr(batch_run, "run_batch", run_batch)
    args = [
        "batch",
        str(pdf),
        "-o",
        str(tmp_path / "b"),
        "--jobs",
        "1",
        "--pdf-reader",
        "pdfplumber",
    ]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert [s.pdf_reader for s in settings] == ["pdfplumber"]
    result = CliRunner().invoke(main, ["extract", str(pdf), "--pdf-reader", "pdfminer"])
    assert result.exit_code == 2
