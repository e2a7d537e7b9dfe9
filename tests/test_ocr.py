"""OCR of scanned pages: deskew, ruled tables from pixels, Tesseract words -> page lines.

These tests run the real ``tesseract`` binary on a page drawn with reportlab, rasterised,
turned 1.5 degrees, dirtied with noise and JPEG, and saved as an image-only PDF. Without
Tesseract they fail (CI installs it); they are never skipped.
"""

from __future__ import annotations

import io
import math
import multiprocessing
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from rapidfuzz.fuzz import ratio
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from extractor.pdf import ocr
from extractor.pdf.layout import BBox
from extractor.pdf.ocr import (
    INSTALL_HINT,
    OcrResult,
    TesseractMissing,
    deskew,
    detect_grids,
    ocr_page,
    parse_tsv,
    render_page,
    tesseract_available,
)

PAGE_W, PAGE_H = A4
FONT, SIZE = "Helvetica", 10
SKEW = 1.5  # degrees counter-clockwise, as a skewed scanner feed
SCAN_DPI = 200
COLUMNS = [50, 80, 250, 420, 545]
TABLE = [
    ["No", "Sasaran Strategis", "Indikator Kinerja", "Target"],
    [
        "1",
        "Meningkatnya Nilai Realisasi Investasi Daerah",
        "Nilai Investasi (PMA dan PMDN)",
        "3.300.000.000.000",
    ],
    [
        "2",
        "Meningkatnya Kualitas Pelayanan Perizinan",
        "Persentase waktu penyelesaian perizinan",
        "96,00 %",
    ],
]
TEXT = [
    "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan",
    "akuntabel serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:",
]
TITLE = "PERJANJIAN KINERJA TAHUN 2025"
SIGNATURES = [
    ("PIHAK KEDUA,", "PIHAK PERTAMA,"),
    ("BUPATI LUWU TIMUR", "KEPALA DINAS"),
    ("", ""),
    ("", ""),
    ("Drs. H. BUDIMAN, M.Pd", "ISKANDAR MUDA, S.Sos., M.Si"),
    ("", "NIP. 19751030 200603 1 001"),
]
NIP = "19751030 200603 1 001"


@dataclass(frozen=True)
class Drawn:
    """The test page: the vector original, its scan, and where each text was drawn (pt)."""

    clean: Path
    scan: Path
    boxes: dict[str, BBox]
    row_boxes: list[BBox]  # around the text of each table row
    rulings_x: list[float]
    rulings_y: list[float]


# --- building the page ----------------------------------------------------------------------


def _text(
    c: canvas.Canvas, boxes: dict[str, BBox], x: float, y: float, text: str, size: float = SIZE
) -> BBox:
    """Draw ``text`` with its baseline at ``y`` (reportlab, bottom-up) and record its box."""
    c.setFont(FONT, size)
    c.drawString(x, y, text)
    baseline = PAGE_H - y
    width = stringWidth(text, FONT, size)
    boxes[text] = (x, baseline - 0.72 * size, x + width, baseline + 0.21 * size)
    return boxes[text]


def _wrap(text: str, width: float) -> list[str]:
    lines = [""]
    for word in text.split():
        joined = f"{lines[-1]} {word}".strip()
        if stringWidth(joined, FONT, SIZE) <= width or not lines[-1]:
            lines[-1] = joined
        else:
            lines.append(word)
    return lines


def _table(c: canvas.Canvas, boxes: dict[str, BBox], top: float) -> tuple[list[float], list[BBox]]:
    """The ruled table (cells wrap inside their column): its row rulings (bottom-up) and the
    box around the text of each row."""
    rows, printed = [top], []
    for row in TABLE:
        cells = [_wrap(text, COLUMNS[i + 1] - COLUMNS[i] - 8) for i, text in enumerate(row)]
        printed.append(
            _union(
                [
                    _text(c, boxes, COLUMNS[i] + 4, rows[-1] - 14 - 13 * k, line)
                    for i, lines in enumerate(cells)
                    for k, line in enumerate(lines)
                ]
            )
        )
        rows.append(rows[-1] - max(len(lines) for lines in cells) * 13 - 8)
    c.setLineWidth(0.8)
    for y in rows:
        c.line(COLUMNS[0], y, COLUMNS[-1], y)
    for x in COLUMNS:
        c.line(x, rows[0], x, rows[-1])
    return rows, printed


def _draw(path: Path) -> Drawn:
    c = canvas.Canvas(str(path), pagesize=A4)
    boxes: dict[str, BBox] = {}
    _text(c, boxes, (PAGE_W - stringWidth(TITLE, FONT, 13)) / 2, 780, TITLE, size=13)
    for k, line in enumerate(TEXT):
        _text(c, boxes, 50, 745 - 15 * k, line)
    rows, printed = _table(c, boxes, 700)
    for k, (left, right) in enumerate(SIGNATURES):
        for x, text in ((70, left), (340, right)):
            if text:
                _text(c, boxes, x, rows[-1] - 60 - 14 * k, text)
    c.save()
    rulings = [PAGE_H - y for y in rows]
    return Drawn(path, path, boxes, printed, [float(x) for x in COLUMNS], rulings)


def _scan(clean: Path, scan: Path) -> None:
    """Rasterise at 200 dpi, turn, add noise and specks, JPEG it, save as an image-only PDF."""
    pdf = pdfium.PdfDocument(str(clean))
    image = pdf[0].render(scale=SCAN_DPI / 72, grayscale=True).to_pil().convert("L")
    pdf.close()
    image = image.rotate(SKEW, resample=Image.Resampling.BICUBIC, fillcolor=255)
    rng = np.random.default_rng(20250102)
    pixels = np.asarray(image, dtype=np.float32) + rng.normal(0, 10, (image.height, image.width))
    pixels[rng.random(pixels.shape) < 0.0005] = 0
    noisy = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    noisy.save(buffer, "JPEG", quality=70)
    buffer.seek(0)
    Image.open(buffer).save(str(scan), "PDF", resolution=SCAN_DPI)


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> Drawn:
    folder = tmp_path_factory.mktemp("ocr")
    clean, scan = folder / "pk.pdf", folder / "pk-scan.pdf"
    page = _draw(clean)
    _scan(clean, scan)
    return replace(page, scan=scan)


def _require_tesseract() -> None:
    if not tesseract_available():
        pytest.fail(
            f"Tesseract OCR with Indonesian and English data is required: {INSTALL_HINT} "
            "(tesseract-ocr-eng comes with tesseract-ocr)",
            pytrace=False,
        )


@pytest.fixture(scope="module")
def result(drawn: Drawn) -> OcrResult:
    """The scan OCRed the way the loader does it: in a fresh worker process, by path and index."""
    _require_tesseract()
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(ocr_page, str(drawn.scan), 0).result()


# --- geometry helpers -----------------------------------------------------------------------


def _turned(box: BBox, degrees: float, width: float, height: float) -> BBox:
    """The box around ``box`` turned counter-clockwise about the page centre (as PIL does)."""
    a = math.radians(degrees)
    cx, cy = width / 2, height / 2
    points = [(box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])]
    turned = [
        (cx + (x - cx) * math.cos(a) + (y - cy) * math.sin(a),
         cy - (x - cx) * math.sin(a) + (y - cy) * math.cos(a))
        for x, y in points
    ]  # fmt: skip
    xs, ys = [p[0] for p in turned], [p[1] for p in turned]
    return (min(xs), min(ys), max(xs), max(ys))


def _union(boxes: list[BBox]) -> BBox:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _gray(path: Path, dpi: int = SCAN_DPI) -> np.ndarray:
    return np.asarray(render_page(str(path), 0, dpi=dpi))


# --- Tesseract availability -----------------------------------------------------------------


def test_tesseract_is_installed() -> None:
    _require_tesseract()
    assert tesseract_available("ind")
    assert not tesseract_available("ind+qqq")


def test_missing_tesseract_is_reported_with_the_install_command(
    drawn: Drawn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert not tesseract_available()
    with pytest.raises(TesseractMissing, match=re.escape(INSTALL_HINT)):
        ocr_page(str(drawn.scan), 0)


def test_tsv_keeps_words_with_a_confidence() -> None:
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "1\t1\t0\t0\t0\t0\t0\t0\t100\t50\t-1\t",
        "5\t1\t1\t1\t1\t1\t10\t20\t30\t12\t96.5\tKINERJA",
        "5\t1\t1\t1\t1\t2\t45\t20\t5\t12\t-1\t ",
        "5\t2\t1\t1\t1\t1\t1\t2\t3\t4\t0\t%",
    ]
    words = parse_tsv("\n".join([header, *rows]))
    assert [(page, w.text, w.left, w.top, w.width, w.height, w.conf) for page, w in words] == [
        (1, "KINERJA", 10, 20, 30, 12, 96.5),
        (2, "%", 1, 2, 3, 4, 0.0),
    ]


# --- rendering and deskew -------------------------------------------------------------------


def test_render_page_is_grayscale_at_the_requested_dpi(drawn: Drawn) -> None:
    image = render_page(str(drawn.clean), 0, dpi=100)
    assert image.mode == "L"
    assert image.size == pytest.approx((PAGE_W * 100 / 72, PAGE_H * 100 / 72), abs=1)


def test_deskew_recovers_the_scan_angle(drawn: Drawn) -> None:
    level, angle = deskew(_gray(drawn.scan))
    assert angle == pytest.approx(SKEW, abs=0.3)
    assert level.shape == _gray(drawn.scan).shape


@pytest.mark.parametrize("degrees", [-4.5, -2.0, 0.7, 3.2])
def test_deskew_is_robust_within_five_degrees(drawn: Drawn, degrees: float) -> None:
    gray = _gray(drawn.clean)
    height, width = gray.shape
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    skewed = cv2.warpAffine(gray, turn, (width, height), borderValue=255)
    assert deskew(skewed)[1] == pytest.approx(degrees, abs=0.3)


def test_deskew_leaves_a_level_page_alone(drawn: Drawn) -> None:
    gray = _gray(drawn.clean)
    level, angle = deskew(gray)
    assert angle == 0.0
    assert level is gray


# --- ruled tables from pixels ---------------------------------------------------------------


def test_detect_grids_finds_the_scanned_table(drawn: Drawn) -> None:
    level, _ = deskew(_gray(drawn.scan))
    grids = detect_grids(level)
    assert len(grids) == 1
    (grid,) = grids
    assert [len(row) for row in grid] == [4, 4, 4]
    assert all(cell is not None for row in grid for cell in row)
    points = 72 / SCAN_DPI  # the level page is the drawn page again: rulings where drawn
    xs = [grid[0][0][0] * points] + [cell[2] * points for cell in grid[0]]
    ys = [grid[0][0][1] * points] + [row[0][3] * points for row in grid]
    assert xs == pytest.approx(drawn.rulings_x, abs=3)
    assert ys == pytest.approx(drawn.rulings_y, abs=3)


def _rule(image: np.ndarray, xs: list[int], ys: list[int], gaps: set[tuple] = frozenset()) -> None:
    """Draw a grid; ``gaps`` leaves out ('v', row, column) or ('h', ruling, column) segments."""
    for r, y in enumerate(ys):
        for c in range(len(xs) - 1):
            if ("h", r, c) not in gaps:
                cv2.line(image, (xs[c], y), (xs[c + 1], y), 0, 3)
    for c, x in enumerate(xs):
        for r in range(len(ys) - 1):
            if ("v", r, c) not in gaps:
                cv2.line(image, (x, ys[r]), (x, ys[r + 1]), 0, 3)


def test_detect_grids_tables_merged_cells_and_frames() -> None:
    page = np.full((2400, 1700), 255, np.uint8)
    # a table whose second row merges columns 1 and 2 (no ruling between them there)
    _rule(page, [100, 200, 600, 1000, 1300], [100, 180, 300, 420], {("v", 1, 2)})
    # a table whose column 1 spans rows 1 and 2 (no ruling between them under it)
    _rule(page, [100, 180, 700, 1100], [700, 770, 890, 1010, 1130], {("h", 2, 1)})
    # a frame around text is not a table, nor is a lone rule
    cv2.rectangle(page, (200, 1300), (1200, 1600), 0, 3)
    cv2.putText(page, "Malili, 02 Januari 2025", (260, 1460), cv2.FONT_HERSHEY_SIMPLEX, 2, 0, 4)
    cv2.line(page, (200, 1900), (1200, 1900), 0, 3)

    first, second = detect_grids(page)

    assert first == [
        [(100, 100, 200, 180), (200, 100, 600, 180), (600, 100, 1000, 180), (1000, 100, 1300, 180)],
        [(100, 180, 200, 300), (200, 180, 1000, 300), None, (1000, 180, 1300, 300)],
        [(100, 300, 200, 420), (200, 300, 600, 420), (600, 300, 1000, 420), (1000, 300, 1300, 420)],
    ]
    assert second == [
        [(100, 700, 180, 770), (180, 700, 700, 770), (700, 700, 1100, 770)],
        [(100, 770, 180, 890), (180, 770, 700, 1010), (700, 770, 1100, 890)],
        [(100, 890, 180, 1010), None, (700, 890, 1100, 1010)],
        [(100, 1010, 180, 1130), (180, 1010, 700, 1130), (700, 1010, 1100, 1130)],
    ]


def test_detect_grids_closes_a_table_without_side_borders() -> None:
    page = np.full((1200, 1700), 255, np.uint8)
    _rule(
        page,
        [100, 200, 600, 1000, 1300],
        [100, 180, 300],
        {("v", r, c) for r in (0, 1) for c in (0, 4)},
    )
    (grid,) = detect_grids(page)
    assert [len(row) for row in grid] == [4, 4]
    assert grid[0][0][0] == pytest.approx(100, abs=4)
    assert grid[0][-1][2] == pytest.approx(1300, abs=4)


def test_a_page_without_rulings_has_no_grids() -> None:
    page = np.full((1200, 1700), 255, np.uint8)
    cv2.putText(page, "PERJANJIAN KINERJA", (100, 300), cv2.FONT_HERSHEY_SIMPLEX, 3, 0, 6)
    assert detect_grids(page) == []


# --- the OCRed page -------------------------------------------------------------------------


def _cells(result: OcrResult, count: int) -> list[list[str]]:
    return [line.text.split("\t") for line in result.lines if line.text.count("\t") == count - 1]


def test_ocr_page_reports_the_page(result: OcrResult) -> None:
    assert result.angle == pytest.approx(SKEW, abs=0.3)
    assert result.width_pt == pytest.approx(PAGE_W, abs=1)
    assert result.height_pt == pytest.approx(PAGE_H, abs=1)
    assert result.seconds > 0
    assert ratio(result.lines[0].text, TITLE) >= 85


def test_table_rows_come_out_as_tab_separated_cells(result: OcrResult) -> None:
    rows = _cells(result, 4)
    assert len(rows) == len(TABLE), [line.text for line in result.lines]
    for got, expected in zip(rows, TABLE, strict=True):
        for cell, want in zip(got, expected, strict=True):
            assert ratio(cell, want) >= 85, (cell, want)
    assert rows[1][3] == "3.300.000.000.000"
    assert rows[2][3] == "96,00 %"  # the % survives (the ind model alone has none)


def test_signature_columns_share_lines_left_then_right(result: OcrResult) -> None:
    pairs = [row for row in _cells(result, 2) if all(row)]
    for left, right in (pair for pair in SIGNATURES if all(pair)):
        assert any(ratio(got[0], left) >= 85 and ratio(got[1], right) >= 85 for got in pairs), (
            left,
            right,
            pairs,
        )
    (nip,) = [line for line in result.lines if NIP in line.text]
    assert "NIP. " + NIP in nip.text
    assert nip.bbox[0] > result.width_pt / 2  # printed in the right column


def test_boxes_are_in_points_where_the_text_was_printed(result: OcrResult, drawn: Drawn) -> None:
    for line in result.lines:
        x0, top, x1, bottom = line.bbox
        assert 0 <= x0 < x1 <= result.width_pt
        assert 0 <= top < bottom <= result.height_pt
    expected = {
        TITLE: [TITLE],
        "PIHAK KEDUA": ["PIHAK KEDUA,", "PIHAK PERTAMA,"],
        NIP: ["NIP. 19751030 200603 1 001"],
    }
    printed = {
        key: _union([drawn.boxes[text] for text in texts]) for key, texts in expected.items()
    }
    printed["3.300.000.000.000"] = drawn.row_boxes[1]
    for key, box in printed.items():
        (line,) = [line for line in result.lines if key in line.text]
        want = _turned(box, SKEW, result.width_pt, result.height_pt)
        assert line.bbox == pytest.approx(want, abs=10), (key, line.bbox, want)


def test_confidences_are_fractions(result: OcrResult) -> None:
    for line in result.lines:
        assert line.confidence is not None and line.min_confidence is not None
        assert 0.0 <= line.min_confidence <= line.confidence <= 1.0
    assert np.mean([line.confidence for line in result.lines]) > 0.8


def test_ocr_words_reads_an_image(drawn: Drawn) -> None:
    _require_tesseract()
    band = _gray(drawn.clean, dpi=300)[150:300, :]  # the title, at the top of the page
    words = ocr.ocr_words(band)
    assert [w.text for w in words] == TITLE.split()
    assert all(0 <= w.conf <= 100 and w.width > 0 and w.height > 0 for w in words)
    assert words[0].left == pytest.approx(drawn.boxes[TITLE][0] * 300 / 72, abs=15)
