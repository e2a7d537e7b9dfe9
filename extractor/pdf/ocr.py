"""Scanned pages -> the same ``RawLine``s a text-layer page gives, through Tesseract OCR.

A scanned PK page is an image: no words, no ruling lines pdfplumber could see. This module
renders the page, straightens a skewed scan, finds ruled tables from the pixels (OpenCV
morphology), reads the words with the ``tesseract`` binary (TSV output) and hands words and
tables to :func:`extractor.pdf.layout.page_lines`, so an OCRed page comes out exactly like a
text-layer page: table rows as tab-separated cells, signature columns split by tabs.

Lines are built in the straightened frame, where a line of text is level; only their boxes are
then rotated back onto the page as printed (a 1.5 degree skew moves the end of a 500 pt line by
13 pt, more than the tolerance that groups words into lines).

Measured on noisy, skewed 200 dpi test scans OCRed at 300 dpi (one core): 1.0-2.2 s a page with
a table, 3.9 s a page of dense text. Reading the whole page with the table rulings erased got
907 of 912 table cells exactly; each cell on its own, 906 (and 10% slower); the whole page with
its rulings left in, 712, losing header rows and one-character cells.
"""

from __future__ import annotations

import functools
import math
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from ..document import pack_boxes
from .layout import BBox, RawLine, TableGrid, Word, page_lines

INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-ind"
# A page is rendered for OCR with at most this many pixels (A3 at 300 dpi is 17.4 Mpx): the
# OCR steps hold several copies of the image, so memory grows with it (measured: about
# 16 bytes a pixel at the peak, 400 MB at this cap; a 5000 x 5000 pt page at 300 dpi, 434 Mpx,
# took 4.2 GB).
MAX_RENDER_PIXELS = 25_000_000
PixelBox = tuple[int, int, int, int]  # x0, top, x1, bottom in pixels
PixelGrid = list[list[PixelBox | None]]  # rows of cells; None where a merged cell spans


class TesseractMissing(RuntimeError):
    """The tesseract binary or a language it needs is not installed."""

    def __init__(self, detail: str = "the tesseract binary is not on PATH") -> None:
        super().__init__(f"{detail}; scanned pages need Tesseract OCR: {INSTALL_HINT}")


class OcrWord(NamedTuple):
    """One word as Tesseract reads it, in pixels of the image it was given."""

    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float  # 0..100


@dataclass(frozen=True)
class OcrResult:
    """An OCRed page: its lines (boxes in PDF points), the skew corrected and the time taken."""

    lines: list[RawLine]
    angle: float
    width_pt: float
    height_pt: float
    seconds: float
    dpi: int = 300  # the resolution the page was OCRed at (lower for an oversized page)


# --- Tesseract availability -----------------------------------------------------------------


@functools.cache
def _languages(executable: str, tessdata: str | None) -> frozenset[str]:
    """Languages that binary can read (cached per binary and data folder: a pure lookup)."""
    try:
        done = subprocess.run(
            [executable, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    lines = (done.stdout + "\n" + done.stderr).splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and " " not in line.strip())


def _missing(lang: str) -> str | None:
    """Why OCR in ``lang`` cannot run here, or None when it can."""
    executable = shutil.which("tesseract")
    if executable is None:
        return "the tesseract binary is not on PATH"
    absent = set(lang.split("+")) - _languages(executable, os.environ.get("TESSDATA_PREFIX"))
    if absent:
        return f"Tesseract language data missing: {', '.join(sorted(absent))}"
    return None


def missing_reason(lang: str = "ind+eng") -> str | None:
    """Why OCR in ``lang`` cannot run on this machine, or None when it can."""
    return _missing(lang)


def tesseract_available(lang: str = "ind+eng") -> bool:
    """Whether the tesseract binary and the language data for ``lang`` are installed."""
    return _missing(lang) is None


def _require(lang: str) -> None:
    reason = _missing(lang)
    if reason is not None:
        raise TesseractMissing(reason)


# --- Rendering ----------------------------------------------------------------------------


def render_dpi(width_pt: float, height_pt: float, dpi: int, max_pixels: int) -> int:
    """``dpi``, lowered (whole dots) so that the page renders to at most ``max_pixels``.

    Memory and OCR time grow with the pixel count, and a PDF can declare a page of any size
    (up to 200 x 200 inches) in a few bytes: the cap bounds both for any page."""
    inches = max(width_pt * height_pt, 1.0) / 72**2
    return max(1, min(dpi, math.floor(math.sqrt(max_pixels / inches))))


def _render(
    pdf_path: str, page_index: int, dpi: int, max_pixels: int = MAX_RENDER_PIXELS
) -> tuple[Image.Image, float, float, int]:
    """The page as a grayscale image, its size in points (as displayed, after /Rotate) and
    the dpi it was rendered at (``dpi`` or less, see ``render_dpi``)."""
    pdf = pdfium.PdfDocument(pdf_path)
    try:
        page = pdf[page_index]
        width_pt, height_pt = page.get_size()
        dpi = render_dpi(width_pt, height_pt, dpi, max_pixels)
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        pdf.close()
    if (image.width > image.height) != (width_pt > height_pt):
        width_pt, height_pt = height_pt, width_pt
    return image, width_pt, height_pt, dpi


def render_page(
    pdf_path: str, page_index: int, dpi: int = 300, max_pixels: int = MAX_RENDER_PIXELS
) -> Image.Image:
    """One page rendered to grayscale at ``dpi`` (at most ``max_pixels``) with pdfium."""
    return _render(pdf_path, page_index, dpi, max_pixels)[0]


# --- Deskew -------------------------------------------------------------------------------


def _ink(gray: np.ndarray) -> np.ndarray:
    """Dark pixels as 255 on 0 (Otsu), so scanner noise and paper tint drop out."""
    blurred = cv2.GaussianBlur(gray, (3, 3), 0)
    _, binary = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return binary


def _margins(binary: np.ndarray) -> np.ndarray:
    """Ink that touches the edge of the image: the scanner lid around a skewed sheet, not print.

    Its straight edges would outvote the text when measuring skew, and OCR reads it as junk.
    """
    count, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    height, width = binary.shape
    x, y, w, h = (stats[:, i] for i in range(4))
    touching = (x == 0) | (y == 0) | (x + w == width) | (y + h == height)
    touching[0] = False  # the background label
    return touching[labels] if touching.any() else np.zeros(binary.shape, bool)


def _profile_score(xs: np.ndarray, ys: np.ndarray, angle: float) -> float:
    """How sharply ink piles up in rows once the page is turned back by ``angle``."""
    theta = np.deg2rad(angle)
    rows = np.rint(xs * np.sin(theta) + ys * np.cos(theta)).astype(np.int64)
    counts = np.bincount(rows - rows.min())
    return float(np.dot(counts, counts))


def estimate_skew(gray: np.ndarray, limit: float = 5.0) -> float:
    """The page's skew in degrees, counter-clockwise positive, within +-``limit``.

    Text lines and table rulings are horizontal on the printed page, so the angle at which the
    horizontal projection of the ink is sharpest is the skew: a coarse scan, then a fine one.
    """
    small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    ink = _ink(small)
    ink[_margins(ink)] = 0
    ys, xs = np.nonzero(ink)
    if len(xs) < 500:
        return 0.0
    if len(xs) > 300_000:
        keep = np.linspace(0, len(xs) - 1, 300_000).astype(np.int64)
        xs, ys = xs[keep], ys[keep]
    xs = xs - small.shape[1] / 2
    ys = ys - small.shape[0] / 2
    best = 0.0
    for step, span in ((0.2, limit), (0.02, 0.3)):
        angles = np.arange(best - span, best + span + step / 2, step)
        scores = np.array([_profile_score(xs, ys, a) for a in angles])
        # short lines give a plateau of equal scores: take its middle, not its first angle
        best = float(angles[scores >= scores.max() * 0.9995].mean())
    return round(best, 2)


def _rotation(shape: tuple[int, ...], angle: float) -> np.ndarray:
    """The affine map that turns a page skewed by ``angle`` level, about the image centre."""
    height, width = shape[:2]
    return cv2.getRotationMatrix2D((width / 2, height / 2), -angle, 1.0)


def deskew(gray: np.ndarray, min_angle: float = 0.05) -> tuple[np.ndarray, float]:
    """The page turned level (white fill) and the skew that was corrected, in degrees.

    The angle is the page's skew, counter-clockwise positive (text rising to the right); 0.0
    means the page was level enough to leave untouched (no resampling blur).
    """
    angle = estimate_skew(gray)
    if abs(angle) < min_angle:
        return gray, 0.0
    height, width = gray.shape[:2]
    level = cv2.warpAffine(
        gray,
        _rotation(gray.shape, angle),
        (width, height),
        flags=cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=255,
    )
    return level, angle


# --- Ruled tables -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rulings:
    """Long horizontal and vertical strokes of a page (255 where a ruling is)."""

    horizontal: np.ndarray
    vertical: np.ndarray


def _rulings(gray: np.ndarray) -> _Rulings:
    """Ruling lines by opening the ink with long thin kernels: text has no strokes that long."""
    binary = cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15
    )
    length = max(12, min(gray.shape[:2]) // 50)  # ~12 pt on A4, any dpi
    horizontal = cv2.morphologyEx(binary, cv2.MORPH_OPEN, np.ones((1, length), np.uint8))
    vertical = cv2.morphologyEx(binary, cv2.MORPH_OPEN, np.ones((length, 1), np.uint8))
    bridge = max(3, length // 6)  # close small breaks in scanned lines
    horizontal = cv2.morphologyEx(horizontal, cv2.MORPH_CLOSE, np.ones((1, bridge), np.uint8))
    vertical = cv2.morphologyEx(vertical, cv2.MORPH_CLOSE, np.ones((bridge, 1), np.uint8))
    return _Rulings(horizontal, vertical)


def _positions(mask: np.ndarray, axis: int, merge: int) -> list[int]:
    """Where the rulings of one direction lie (rows for axis 1, columns for axis 0).

    A ruling is any run of ruled pixels; rulings closer than ``merge`` (a double or thick
    line) count as one, placed at their middle.
    """
    hits = np.flatnonzero(mask.any(axis=axis))
    if len(hits) == 0:
        return []
    groups: list[list[int]] = [[int(hits[0])]]
    for value in hits[1:]:
        if value - groups[-1][-1] <= merge:
            groups[-1].append(int(value))
        else:
            groups.append([int(value)])
    return [(g[0] + g[-1]) // 2 for g in groups]


def _covered(strip: np.ndarray, axis: int, fraction: float = 0.6) -> bool:
    """Whether a ruling runs along most of a strip of the mask (``axis``: across the strip)."""
    if strip.size == 0:
        return False
    return float(strip.any(axis=axis).mean()) >= fraction


def _spans(
    rulings: _Rulings, ys: list[int], xs: list[int], tol: int
) -> tuple[np.ndarray, np.ndarray]:
    """Which ruling segments exist: vertical ``v[r, c]`` left of column c in row band r, and
    horizontal ``h[r, c]`` above row band r over column c."""
    rows, cols = len(ys) - 1, len(xs) - 1
    v = np.zeros((rows, cols + 1), bool)
    h = np.zeros((rows + 1, cols), bool)
    for r in range(rows):
        for c, x in enumerate(xs):
            strip = rulings.vertical[ys[r] + tol : ys[r + 1] - tol, max(0, x - tol) : x + tol + 1]
            v[r, c] = _covered(strip, axis=1)
    for r, y in enumerate(ys):
        for c in range(cols):
            strip = rulings.horizontal[max(0, y - tol) : y + tol + 1, xs[c] + tol : xs[c + 1] - tol]
            h[r, c] = _covered(strip, axis=0)
    return v, h


def _cells(ys: list[int], xs: list[int], v: np.ndarray, h: np.ndarray) -> PixelGrid:
    """Rows of cell boxes; a merged cell is one box in its first row and column, None elsewhere.

    A cell reaches right until the next vertical ruling that is present in its row, and down
    until the next horizontal ruling present under its first column.
    """
    rows, cols = len(ys) - 1, len(xs) - 1
    grid: PixelGrid = [[None] * cols for _ in range(rows)]
    taken = np.zeros((rows, cols), bool)
    for r in range(rows):
        for c in range(cols):
            if taken[r, c]:
                continue
            right = c + 1
            while right < cols and not v[r, right]:
                right += 1
            bottom = r + 1
            while bottom < rows and not h[bottom, c]:
                bottom += 1
            taken[r:bottom, c:right] = True
            grid[r][c] = (xs[c], ys[r], xs[right], ys[bottom])
    return grid


def _edges(positions: list[int], crossing: np.ndarray, axis: int, merge: int) -> list[int]:
    """Ruling positions plus the ends of the crossing rulings where no ruling closes the table
    (a table drawn without side borders still has cells out to where its rows end)."""
    extent = np.flatnonzero(crossing.any(axis=axis))
    if len(extent) == 0 or not positions:
        return positions
    first, last = int(extent[0]), int(extent[-1])
    return (
        ([first] if first < positions[0] - merge else [])
        + positions
        + ([last] if last > positions[-1] + merge else [])
    )


def _table(rulings: _Rulings, box: PixelBox, unit: int) -> PixelGrid | None:
    """The grid of one ruled region, or None when it is not a table (a frame, a lone line).

    Rulings closer than a small cell (a double line, the strokes of a big letter) count as one,
    so a heading in large type does not become a grid of tiny cells.
    """
    x0, y0, x1, y1 = box
    local = _Rulings(rulings.horizontal[y0:y1, x0:x1], rulings.vertical[y0:y1, x0:x1])
    row_gap, column_gap = max(4, unit * 3 // 5), max(4, unit)  # ~7 pt and ~12 pt
    ys = _edges(_positions(local.horizontal, 1, row_gap), local.vertical, 1, row_gap)
    xs = _edges(_positions(local.vertical, 0, column_gap), local.horizontal, 0, column_gap)
    if len(ys) < 3 or len(xs) < 3:  # a grid has >= 2 rows and >= 2 columns
        return None
    v, h = _spans(local, ys, xs, tol=max(2, unit // 6))
    grid = [row for row in _cells(ys, xs, v, h) if any(cell is not None for cell in row)]
    if len(grid) < 2 or max(sum(cell is not None for cell in row) for row in grid) < 2:
        return None
    return [[_shift(cell, x0, y0) for cell in row] for row in grid]


def _shift(cell: PixelBox | None, dx: int, dy: int) -> PixelBox | None:
    return None if cell is None else (cell[0] + dx, cell[1] + dy, cell[2] + dx, cell[3] + dy)


def _regions(rulings: _Rulings, min_size: int) -> list[PixelBox]:
    """Boxes around connected sets of rulings big enough to be a table, top to bottom."""
    joined = cv2.dilate(rulings.horizontal | rulings.vertical, np.ones((5, 5), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    boxes = []
    for x, y, w, h, _area in stats[1:count]:
        if w >= min_size and h >= min_size:
            boxes.append((int(x), int(y), int(x + w), int(y + h)))
    return sorted(boxes, key=lambda b: (b[1], b[0]))


def _find_tables(gray: np.ndarray) -> tuple[list[PixelGrid], _Rulings]:
    """The grids and the rulings they came from (OCR erases those rulings before reading)."""
    rulings = _rulings(gray)
    unit = max(12, min(gray.shape[:2]) // 50)
    tables = []
    for box in _regions(rulings, min_size=2 * unit):
        grid = _table(rulings, box, unit)
        if grid is not None:
            tables.append(grid)
    return tables, rulings


def detect_grids(gray: np.ndarray) -> list[PixelGrid]:
    """Ruled tables found in the pixels: per table, its rows of cell boxes (pixels).

    pdfplumber finds tables from the ruling lines of a text-layer PDF; a scan has none, so the
    rulings are taken from the image. A merged cell is one box in its first row and column and
    None where it spans; a frame without inner rulings is not a table and is skipped.
    """
    return _find_tables(gray)[0]


# --- Tesseract ----------------------------------------------------------------------------


def _tesseract_env() -> dict[str, str]:
    """One OpenMP thread: Tesseract's threads fight for two cores (measured 9.3 s -> 2.1 s a
    page alone, 4x the throughput with two worker processes)."""
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def _run_tesseract(source: Path, lang: str, psm: int, dpi: int) -> str:
    """The TSV Tesseract writes for an image (or a text file listing images)."""
    _require(lang)
    command = ["tesseract", str(source), "stdout", "-l", lang, "--psm", str(psm)]
    command += ["--dpi", str(dpi), "tsv"]
    done = subprocess.run(command, capture_output=True, env=_tesseract_env(), check=False)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise RuntimeError(f"tesseract failed ({done.returncode}): {message}")
    return done.stdout.decode("utf-8", "replace")


def parse_tsv(tsv: str) -> list[tuple[int, OcrWord]]:
    """Words (level 5 rows) of Tesseract's TSV with the 1-based image number they are on."""
    words = []
    for row in tsv.splitlines()[1:]:
        fields = row.split("\t")
        if len(fields) < 12 or fields[0] != "5" or not fields[11].strip():
            continue
        conf = float(fields[10])
        if conf < 0:
            continue
        left, top, width, height = (int(v) for v in fields[6:10])
        word = OcrWord(fields[11].strip(), left, top, width, height, min(conf, 100.0))
        words.append((int(fields[1]), word))
    return words


def ocr_words(
    gray: np.ndarray, lang: str = "ind+eng", psm: int = 6, dpi: int = 300
) -> list[OcrWord]:
    """Tesseract's words on an image, boxes in its pixels, confidence 0..100.

    ``ind+eng``: the Debian ``ind`` model has no ``%`` (``100%`` reads ``10076``). ``--psm 6``
    (one block of text) keeps table rows together where the default segmentation scrambles them.
    """
    return [word for _, word in ocr_images([gray], lang, psm, dpi)]


def ocr_images(
    images: list[np.ndarray], lang: str, psm: int, dpi: int = 300
) -> list[tuple[int, OcrWord]]:
    """OCR several images in one Tesseract run (the models load once): (image index, word).

    ``dpi`` tells Tesseract the scale (a PNG from OpenCV carries none, and it guesses 70)."""
    if not images:
        return []
    with tempfile.TemporaryDirectory(prefix="pk-ocr-") as folder:
        paths = []
        for i, image in enumerate(images):
            path = Path(folder) / f"{i:04d}.png"
            cv2.imwrite(str(path), image)
            paths.append(path)
        source = paths[0]
        if len(paths) > 1:
            source = Path(folder) / "images.txt"
            source.write_text("\n".join(str(p) for p in paths) + "\n")
        return [
            (page - 1, word) for page, word in parse_tsv(_run_tesseract(source, lang, psm, dpi))
        ]


# --- Page ---------------------------------------------------------------------------------


def _clear_margins(gray: np.ndarray) -> np.ndarray:
    """The page with dark scanner margins (ink touching the image edge) painted white."""
    margins = _margins(_ink(gray))
    if not margins.any():
        return gray
    clean = gray.copy()
    clean[cv2.dilate(margins.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0] = 255
    return clean


def _despeckle(gray: np.ndarray, dpi: int = 300) -> np.ndarray:
    """The page with isolated dark specks (scanner dust, noise) painted white.

    Tesseract reads specks as ``:``, ``'`` or whole junk words; a speck is a blob of ink much
    smaller than a full stop of 8 pt type.
    """
    _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    smallest = max(2, round(6 * (dpi / 300) ** 2))
    small = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] < smallest)
    small = small[small > 0]
    if len(small) == 0:
        return gray
    specks = np.isin(labels, small).astype(np.uint8)
    clean = gray.copy()
    clean[cv2.dilate(specks, np.ones((3, 3), np.uint8)) > 0] = 255
    return clean


def _whiten(gray: np.ndarray) -> np.ndarray:
    """The paper made plain white, ink edges kept grey.

    Tesseract's line recogniser reads the grey image: where a ruling was erased, a smooth strip
    in grainy paper reads as ``—`` or ``|``. Flat paper has no such strip (measured on noisy
    test scans: 93 -> 98 of 100 cells of a long table read exactly).
    """
    ink, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    paper = float(np.median(gray[::4, ::4]))
    clean = gray.copy()
    clean[gray > (ink + paper) / 2] = 255
    return clean


def _grid_box(grid: PixelGrid, margin: int = 0) -> PixelBox:
    """The box around a table (plus ``margin``): where its rulings are erased."""
    cells = [cell for row in grid for cell in row if cell is not None]
    return (
        min(c[0] for c in cells) - margin,
        min(c[1] for c in cells) - margin,
        max(c[2] for c in cells) + margin,
        max(c[3] for c in cells) + margin,
    )


def _erase_rulings(level: np.ndarray, rulings: _Rulings, grids: list[PixelGrid]) -> np.ndarray:
    """The page with table rulings painted white: Tesseract reads them as ``|`` and ``—`` and
    with them in place loses whole rows (measured: the header row of every test table)."""
    lines = cv2.dilate(rulings.horizontal | rulings.vertical, np.ones((9, 9), np.uint8))
    clean = level.copy()
    for grid in grids:
        x0, y0, x1, y1 = _grid_box(grid, margin=6)
        x0, y0 = max(0, x0), max(0, y0)
        window = clean[y0:y1, x0:x1]
        window[lines[y0:y1, x0:x1] > 0] = 255
    return clean


def _is_junk(word: OcrWord, grids: list[PixelGrid]) -> bool:
    """Punctuation that is not text: read with low confidence (specks), or lying on a table
    ruling (what erasing a ruling leaves, read as ``|`` or ``—``)."""
    if any(ch.isalnum() or ch == "%" for ch in word.text):
        return False
    return word.conf < 60 or any(_on_ruling(word, grid) for grid in grids)


def _on_ruling(word: OcrWord, grid: PixelGrid) -> bool:
    """Whether a word's centre lies on one of the grid's rulings (within a quarter line)."""
    x, y = word.left + word.width / 2, word.top + word.height / 2
    near = max(word.height / 4, 6)
    cells = [cell for row in grid for cell in row if cell is not None]
    inside = any(c[0] - near <= x <= c[2] + near and c[1] - near <= y <= c[3] + near for c in cells)
    edges_x = {c[0] for c in cells} | {c[2] for c in cells}
    edges_y = {c[1] for c in cells} | {c[3] for c in cells}
    return inside and (
        any(abs(x - e) <= near for e in edges_x) or any(abs(y - e) <= near for e in edges_y)
    )


# The Debian ``ind`` model has no ``%``: a lone ``%`` comes out ``Yo``, ``100%`` as ``10096``.
_PERCENT_SLIP = re.compile(r"^\(?(\d[\d.,]*)?(96|76|[Yy]o)\)?[.,;:]?$")


def _crop(image: np.ndarray, word: OcrWord, pad: int = 10) -> np.ndarray:
    """A word with some paper around it, as Tesseract wants a margin to read a line."""
    margin = max(6, word.height // 2)
    top, left = max(0, word.top - margin), max(0, word.left - margin)
    crop = image[top : word.top + word.height + margin, left : word.left + word.width + margin]
    return cv2.copyMakeBorder(crop, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)


def _fix_percent(image: np.ndarray, words: list[OcrWord], lang: str, dpi: int) -> list[OcrWord]:
    """Words that may be a misread ``%`` (``Yo``, ``10096``) read again by the ``eng`` model.

    Tesseract keeps the ``ind`` reading when it is confident, even with ``ind+eng``; one more
    run over just those words (one process for all) settles them. A reading without ``%``
    (a real ``1996``) leaves the word as it was.
    """
    if not {"ind", "eng"} <= set(lang.split("+")):
        return words
    suspects = [(i, m) for i, w in enumerate(words) if (m := _PERCENT_SLIP.match(w.text))]
    if not suspects:
        return words
    crops = [_crop(image, words[i]) for i, _ in suspects]
    again: dict[int, list[OcrWord]] = {}
    for index, word in ocr_images(crops, "eng", psm=7, dpi=dpi):
        again.setdefault(index, []).append(word)
    fixed = list(words)
    for index, (i, slip) in enumerate(suspects):
        if "%" in "".join(word.text for word in again.get(index, [])):
            text = slip.string[: slip.start(2)] + "%" + slip.string[slip.end(2) :]
            fixed[i] = words[i]._replace(text=text, conf=min(w.conf for w in again[index]))
    return fixed


def _read_words(
    level: np.ndarray, grids: list[PixelGrid], rulings: _Rulings, lang: str, dpi: int
) -> list[OcrWord]:
    """The words of a level page: the whole page at once (``--psm 6``), table rulings erased.

    Measured against OCR of each table cell or each table row on its own, whole-page reading
    is as good (a lone digit or ``%`` in a small crop has no context to be read in) and faster.
    """
    clean = _whiten(_erase_rulings(_despeckle(level, dpi), rulings, grids))
    words = [w for w in ocr_words(clean, lang, psm=6, dpi=dpi) if not _is_junk(w, grids)]
    return _fix_percent(clean, words, lang, dpi)


def _to_points(box: PixelBox, scale: tuple[float, float]) -> BBox:
    return (box[0] * scale[0], box[1] * scale[1], box[2] * scale[0], box[3] * scale[1])


def _word(word: OcrWord, scale: tuple[float, float]) -> Word:
    x0, top, x1, bottom = _to_points(
        (word.left, word.top, word.left + word.width, word.top + word.height), scale
    )
    return Word(word.text, x0, top, x1, bottom, confidence=word.conf / 100)


def _grid(grid: PixelGrid, scale: tuple[float, float]) -> TableGrid:
    """A pixel grid as the ``TableGrid`` that ``page_lines`` sorts words into."""
    rows = [[None if c is None else _to_points(c, scale) for c in row] for row in grid]
    return TableGrid(_to_points(_grid_box(grid), scale), rows)


def _unrotate(
    box: BBox, inverse: np.ndarray, scale: tuple[float, float], size: tuple[float, float]
) -> BBox:
    """A box on the level page -> the box around it on the page as scanned (PDF points)."""
    corners = np.array([[box[0], box[1]], [box[2], box[1]], [box[0], box[3]], [box[2], box[3]]])
    pixels = corners / np.array(scale)
    moved = (pixels @ inverse[:, :2].T + inverse[:, 2]) * np.array(scale)
    x0, top = np.maximum(moved.min(axis=0), 0.0)
    x1, bottom = np.minimum(moved.max(axis=0), np.array(size))
    return (float(x0), float(top), float(x1), float(bottom))


def _on_scan(
    lines: list[RawLine], shape: tuple[int, ...], angle: float, scale: tuple[float, float]
) -> list[RawLine]:
    """Lines with their boxes moved from the level page back onto the page as scanned."""
    inverse = cv2.invertAffineTransform(_rotation(shape, angle))
    size = (shape[1] * scale[0], shape[0] * scale[1])
    return [
        RawLine(
            line.text,
            pack_boxes(_unrotate(line.bbox, inverse, scale, size)),
            line.confidence,
            line.min_confidence,
        )
        for line in lines
    ]


def ocr_page(
    pdf_path: str,
    page_index: int,
    dpi: int = 300,
    lang: str = "ind+eng",
    max_pixels: int = MAX_RENDER_PIXELS,
) -> OcrResult:
    """OCR one page into the lines a text-layer page would give (boxes in PDF points).

    Lines are grouped on the level page, where a line of text is horizontal; their boxes are
    then turned back onto the page as scanned. Takes a path and an index and holds no state:
    the loader runs it in worker processes.
    """
    _require(lang)
    start = time.perf_counter()
    image, width_pt, height_pt, dpi = _render(pdf_path, page_index, dpi, max_pixels)
    gray = np.asarray(image)
    level, angle = deskew(gray)
    level = _clear_margins(level)
    grids, rulings = _find_tables(level)
    words = _read_words(level, grids, rulings, lang, dpi)
    scale = (width_pt / gray.shape[1], height_pt / gray.shape[0])
    lines = page_lines(
        [_word(word, scale) for word in words],
        [_grid(grid, scale) for grid in grids],
        width=width_pt,
    )
    placed = _on_scan(lines, gray.shape, angle, scale)
    return OcrResult(placed, angle, width_pt, height_pt, time.perf_counter() - start, dpi)
