"""Provenance of extracted values: the page, source lines and (for PDFs) box they come from."""

from __future__ import annotations

from collections.abc import Iterable

from .document import BBox, Line
from .models import Span


def union_bbox(boxes: Iterable[BBox | None]) -> list[float] | None:
    """The box around several boxes, rounded to 0.1 pt; None for text input."""
    found = [b for b in boxes if b is not None]
    if not found:
        return None
    return [
        round(min(b[0] for b in found), 1),
        round(min(b[1] for b in found), 1),
        round(max(b[2] for b in found), 1),
        round(max(b[3] for b in found), 1),
    ]


def lowest_confidence(lines: Iterable[Line]) -> float | None:
    """OCR confidence of a value: that of the least certain word of its lines (a value is as
    trustworthy as its weakest word); None without OCR."""
    scores = [line.confidence for line in lines if line.confidence is not None]
    return round(min(scores), 3) if scores else None


def make_span(page: int, lines: list[Line], on_page: list[Line] | None = None) -> Span:
    """The ``source`` of a value read from ``lines``, printed on ``page``.

    A value continued on the next page (a table row after a page break) spans lines of two
    pages; its box is drawn around ``on_page``, the lines on ``page`` itself."""
    boxed = lines if on_page is None else on_page
    return Span(
        page=page,
        line_start=min(line.number for line in lines),
        line_end=max(line.last for line in lines),
        bbox=union_bbox(line.bbox for line in boxed),
        confidence=lowest_confidence(lines),
    )


def row_span(page: int, items: list[tuple[int, Line]]) -> Span:
    """The ``source`` of a row made of (page, line) pairs, boxed on its first page."""
    lines = [line for _, line in items]
    return make_span(page, lines, [line for p, line in items if p == page])
