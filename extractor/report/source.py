"""The sources shown under each finding: text lines around it, or a crop of the PDF page."""

from __future__ import annotations

import base64
import hashlib
import io
import re
from collections import OrderedDict, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..load import decode
from ..models import ExtractionResult
from .views import (
    CONTEXT_LINES,
    CROP_MARGIN_X,
    CROP_MARGIN_Y,
    MAX_CROP_HEIGHT,
    MAX_IMAGES,
    MAX_SOURCE_LINES,
    PNG_COLORS,
    RENDERED_PAGES,
    RESOLUTION,
    THUMBNAIL_RESOLUTION,
    Image,
    SourceLine,
    _bbox_text,
)

# ----------------------------------------------------------------------------------------
# the sources: text lines and PDF pages


class SourceFile:
    """The input file read again, to show the lines or page areas of each location."""

    def __init__(self, result: ExtractionResult) -> None:
        self.result = result
        self.lines: list[str] | None = None
        self.pdf: Any = None
        self.note: str | None = None
        self.images = 0
        self._pages: OrderedDict[tuple[int, float], Any] = OrderedDict()
        self._cache: dict[tuple, Image | None] = {}
        self._repairs: dict[int, list[tuple[int, str, str, str]]] = defaultdict(list)
        for r in result.repairs:
            self._repairs[r.line].append((r.line, r.kind, r.before, r.after))

    @contextmanager
    def opened(self) -> Iterator[SourceFile]:
        path = self.result.source.path
        if path == "-" or not path:
            self.note = "the input was read from standard input; its text is not shown"
            yield self
            return
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            self.note = f"the input cannot be read again ({error.strerror or error})"
            yield self
            return
        if (
            self.result.source.sha256
            and hashlib.sha256(data).hexdigest() != self.result.source.sha256
        ):
            self.note = "the input file has changed since it was extracted; its text is not shown"
            yield self
            return
        if self.result.source.media_type == "application/pdf":
            import pdfplumber

            try:
                pdf = pdfplumber.open(io.BytesIO(data))
            except Exception as error:  # extracted once, so unlikely; the tables still show
                self.note = f"the PDF cannot be opened again ({error})"
                yield self
                return
            try:
                self.pdf = pdf
                yield self
            finally:
                self.pdf = None
                self._pages.clear()
                pdf.close()
            return
        text, _ = decode(data)
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        yield self

    # text -------------------------------------------------------------------------------

    def text_lines(
        self, start: int, end: int, focus: int | None
    ) -> tuple[list[SourceLine], bool, list[tuple[int, str, str, str]]]:
        """Lines start..end with context; a long span is cut around the focus line."""
        assert self.lines is not None
        truncated = False
        first, last = start - CONTEXT_LINES, end + CONTEXT_LINES
        if last - first + 1 > MAX_SOURCE_LINES:
            truncated = True
            centre = focus if focus is not None else start
            first = max(first, centre - MAX_SOURCE_LINES // 2)
            last = first + MAX_SOURCE_LINES - 1
        first, last = max(first, 1), min(last, len(self.lines))
        out = [
            SourceLine(
                number=n,
                parts=self.lines[n - 1].split("\t"),
                involved=start <= n <= end,
                focus=n == focus,
            )
            for n in range(first, last + 1)
        ]
        repairs = [r for n in range(start, end + 1) for r in self._repairs.get(n, [])]
        return out, truncated, repairs

    def page_lines(self, page: int) -> tuple[int, list[str]] | None:
        """(first line number, lines) of an inferred page of a text input."""
        info = next((p for p in self.result.pages if p.number == page), None)
        if info is None or self.lines is None:
            return None
        return info.line_start, self.lines[info.line_start - 1 : info.line_end]

    # PDF --------------------------------------------------------------------------------

    def _page(self, number: int) -> Any:
        if self.pdf is None or not 1 <= number <= len(self.pdf.pages):
            return None
        return self.pdf.pages[number - 1]

    def _rendered(self, number: int, resolution: float) -> Any:
        """The whole page rendered once per resolution (crops reuse it)."""
        key = (number, resolution)
        if key in self._pages:
            self._pages.move_to_end(key)
        else:
            self._pages[key] = self._page(number).to_image(resolution=resolution, antialias=True)
            while len(self._pages) > RENDERED_PAGES:
                self._pages.popitem(last=False)
        return self._pages[key]

    def crop(self, number: int, bbox: list[float], severity: str) -> Image | None:
        """The page around ``bbox`` with the box drawn, as a small PNG data: URI."""
        key = ("crop", number, tuple(bbox), severity)
        if key in self._cache:
            return self._cache[key]
        page = self._page(number)
        if page is None or self.images >= MAX_IMAGES:
            return None
        from pdfplumber.display import PageImage

        px0, ptop, px1, pbottom = page.bbox
        x0, top, x1, bottom = bbox
        box = (
            max(px0, min(x0, px1) - CROP_MARGIN_X),
            max(ptop, min(top, pbottom) - CROP_MARGIN_Y),
            min(px1, max(x1, px0) + CROP_MARGIN_X),
            min(pbottom, max(bottom, ptop) + CROP_MARGIN_Y),
        )
        if box[3] - box[1] > MAX_CROP_HEIGHT:
            box = (box[0], box[1], box[2], box[1] + MAX_CROP_HEIGHT)
        if box[2] - box[0] < 1 or box[3] - box[1] < 1:
            return None
        full = self._rendered(number, RESOLUTION)
        # page.crop(box).to_image(resolution=RESOLUTION), reusing the page rendered once
        image = PageImage(page.crop(box), original=full.original, resolution=RESOLUTION)
        colour = _STROKES.get(severity, _STROKES["warning"])
        image.draw_rect(
            (max(x0, box[0]), max(top, box[1]), min(x1, box[2]), min(bottom, box[3])),
            fill=(*colour, 28),
            stroke=(*colour, 230),
            stroke_width=2,
        )
        alt = f"page {number}, box {_bbox_text(bbox)}"
        result = self._cache[key] = _png(image, alt)
        self.images += 1
        return result

    def thumbnail(self, number: int) -> Image | None:
        """A whole page, small: for a location that names a page but no box."""
        key = ("page", number)
        if key in self._cache:
            return self._cache[key]
        if self._page(number) is None or self.images >= MAX_IMAGES:
            return None
        image = self._page(number).to_image(resolution=THUMBNAIL_RESOLUTION, antialias=True)
        result = self._cache[key] = _png(image, f"page {number}")
        self.images += 1
        return result

    def find_box(self, number: int, values: list[str]) -> list[float] | None:
        """Where the page prints one of the values (a location with a page but no box)."""
        page = self._page(number)
        if page is None:
            return None
        for value in values:
            words = value.split()
            if len(value.strip()) < 4 or len(words) > 12:
                continue
            pattern = r"\s+".join(re.escape(w) for w in words)
            matches = page.search(pattern, regex=True, case=False, return_chars=False)
            if matches:
                m = matches[0]
                return [m["x0"], m["top"], m["x1"], m["bottom"]]
        return None

    def pdf_page_text(self, number: int) -> list[str] | None:
        page = self._page(number)
        if page is None:
            return None
        return (page.extract_text() or "").split("\n")


_STROKES = {"error": (217, 45, 32), "warning": (220, 104, 3), "info": (21, 112, 239)}


def _png(image: Any, alt: str) -> Image:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", quantize=True, colors=PNG_COLORS, optimize=True)
    width, height = image.annotated.size
    uri = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    return Image(uri=uri, width=width, height=height, alt=alt)
