"""The fast text-layer reader: a page's words and table rulings straight from PDFium.

pdfplumber builds a Python object per character through pdfminer (about 14 pages/s); PDFium
(pypdfium2) keeps the characters in C. This reader asks it only for what ``layout`` needs:

- words: the page's text in one call, cut at whitespace, each word's box from its first and
  last characters (a few calls per word, not per character), computed as pdfminer computes
  it: origin to advance, the font's descent to one font size above. Every character is read
  only where a word's characters come from several text objects (runs glued without a
  space), and two words are checked where only a space PDFium generated stands between
  them: there pdfplumber's rule decides (a new word where the gap is over ``X_TOLERANCE`` or
  the top moves more than ``Y_TOLERANCE``), so that both readers cut the same words;
- rulings: the page's path objects (forms walked with their matrices) turned into the edges
  pdfminer/pdfplumber would make of them (a one-segment path is a line, an axis-aligned closed
  four-segment path a rectangle, anything else a curve), then pdfplumber's own edge geometry
  (snap, join, intersections, cells) builds the ruled tables, so that grids are identical.

Coordinates follow pdfplumber: points, origin at the top left of the page as displayed (page
rotation applied), measured from the MediaBox.

Every page is opened, read and closed before the next; before PDFium builds a page's text
(about 270 bytes per character) its text objects are measured, and a page whose text could
hold far more than ``max_chars`` characters is refused unread (``TooManyChars``).
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import regex
from pdfminer.fontmetrics import FONT_METRICS
from pdfplumber import table as plumber_table

from .layout import TableGrid, Word

X_TOLERANCE = 2.0  # pdfplumber's extract_words(x_tolerance=2, y_tolerance=2), as load.py asks
Y_TOLERANCE = 2.0
# A glyph advances at least this share of the font size (the narrowest, "i" or "l", about
# 0.22): a text object's width in ems over it bounds its characters before they are read.
MIN_ADVANCE_EM = 0.2
# A page is refused before its text is built when its text objects' widths allow more than
# this many times ``max_chars`` characters; between the two, PDFium counts them exactly.
ESTIMATE_FACTOR = 4
STRING_LIMIT = 32_767  # PDFium keeps at most this many characters of one string
MAX_FORM_DEPTH = 8  # forms inside forms: deeper ones are not walked
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
_LIGATURE = regex.compile("|".join(LIGATURES))
_WORD = regex.compile(r"\S+")
_NEEDS_CLEANING = regex.compile("[\x02\ufffe" + "".join(LIGATURES) + "]")
_TABLE = plumber_table.TableSettings.resolve(
    {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
)

Matrix = tuple[float, float, float, float, float, float]  # a b c d e f, as in PDF
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class TooManyChars(Exception):
    """A page holds more characters than the limit."""


class PageUnreadable(Exception):
    """PDFium could not load a page."""


@dataclass(slots=True)
class PageObjects:
    """What one walk over a page's objects found, before its text is read."""

    text_objects: int = 0
    char_bound: float = 0.0  # characters the text objects' widths allow (MIN_ADVANCE_EM)
    image_bytes: int = 0  # encoded size of the images: a guess of the OCR cost
    edges: list[dict] = field(default_factory=list)  # pdfplumber-style edges of painted paths


@dataclass(slots=True)
class PageText:
    """A page as ``layout.page_lines`` takes it."""

    words: list[Word]
    grids: list[TableGrid]
    width: float
    image_bytes: int = 0


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF's row-vector convention: a point is mapped by m, then by n)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (
        a * p + b * r,
        a * q + b * s,
        c * p + d * r,
        c * q + d * s,
        e * p + f * r + t,
        e * q + f * s + u,
    )


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def top_left(rotation: int, box: tuple[float, float, float, float]) -> tuple[Matrix, float]:
    """The map from PDF user space to pdfplumber's (x, top), and the page width it reports.

    pdfminer turns the page by its /Rotate (clockwise quarter turns) about the MediaBox;
    pdfplumber then flips y and adds back the MediaBox's offsets (its issue #1181)."""
    x0, y0, x1, y1 = (
        min(box[0], box[2]),
        min(box[1], box[3]),
        max(box[0], box[2]),
        max(box[1], box[3]),
    )
    turn: Matrix = {
        1: (0.0, -1.0, 1.0, 0.0, -y0, x1),
        2: (-1.0, 0.0, 0.0, -1.0, x1, y1),
        3: (0.0, 1.0, -1.0, 0.0, y1, -x0),
    }.get(rotation % 4, (1.0, 0.0, 0.0, 1.0, -x0, -y0))
    nx0, ny0, nx1, ny1 = (y0, x0, y1, x1) if rotation % 2 else (x0, y0, x1, y1)
    height = ny1 - ny0
    mb_top = height - ny1
    flip: Matrix = (1.0, 0.0, 0.0, -1.0, nx0, height + mb_top)
    return multiply(turn, flip), nx1 - nx0


class PageReader:
    """Reads pages of one open document; its ctypes buffers are reused page after page."""

    def __init__(self, doc: pdfium.PdfDocument) -> None:
        self.doc = doc
        self._doubles = [ctypes.c_double() for _ in range(4)]
        self._double_refs = [ctypes.byref(v) for v in self._doubles]
        self._floats = [ctypes.c_float() for _ in range(4)]
        self._float_refs = [ctypes.byref(v) for v in self._floats]
        self._rect = raw.FS_RECTF()
        self._rect_ref = ctypes.byref(self._rect)
        self._matrix = raw.FS_MATRIX()
        self._metrics: dict[int, tuple] = {}  # per text object of the page being read
        self._descents: dict[tuple[int, float], float] = {}  # per font of that page
        self._count = 0  # characters of the page being read

    # --- a page ------------------------------------------------------------------------

    def read(self, index: int, max_chars: int) -> PageText:
        """The words and ruled tables of page ``index``; ``TooManyChars`` past ``max_chars``."""
        page = raw.FPDF_LoadPage(self.doc.raw, index)
        if not page:
            raise PageUnreadable(f"PDFium cannot load page {index + 1}")
        try:
            transform, width = top_left(raw.FPDFPage_GetRotation(page), self._mediabox(page))
            found = self.objects(page, transform)
            if found.text_objects > max_chars or found.char_bound > ESTIMATE_FACTOR * max_chars:
                raise TooManyChars
            words = self._text(page, transform, max_chars) if found.text_objects else []
            return PageText(words, _grids(found.edges), width, found.image_bytes)
        finally:
            raw.FPDF_ClosePage(page)

    def _mediabox(self, page) -> tuple[float, float, float, float]:  # noqa: ANN001 - ctypes
        """The page's MediaBox; PDFium's page box (MediaBox clipped to the CropBox) when the
        MediaBox is inherited from the page tree (PDFium reads only the page's own)."""
        refs = self._float_refs
        if not raw.FPDFPage_GetMediaBox(page, *refs):
            rect = self._rect
            if not raw.FPDF_GetPageBoundingBox(page, ctypes.byref(rect)):
                return (0.0, 0.0, 612.0, 792.0)
            return (rect.left, rect.bottom, rect.right, rect.top)
        left, bottom, right, top = (v.value for v in self._floats)
        return (left, bottom, right, top)

    # --- the object walk: text bound, images, rulings ------------------------------------

    def objects(self, page, transform: Matrix) -> PageObjects:  # noqa: ANN001 - ctypes
        """One pass over the page's objects (forms included, their matrices applied)."""
        found = PageObjects()
        count = raw.FPDFPage_CountObjects(page)
        self._walk(
            (raw.FPDFPage_GetObject(page, i) for i in range(count)), IDENTITY, transform, found, 0
        )
        return found

    def _walk(
        self, objs: Iterator, parent: Matrix, transform: Matrix, found: PageObjects, depth: int
    ) -> None:
        get_type = raw.FPDFPageObj_GetType
        for obj in objs:
            kind = get_type(obj)
            if kind == raw.FPDF_PAGEOBJ_TEXT:
                found.text_objects += 1
                found.char_bound += self._char_bound(obj)
            elif kind == raw.FPDF_PAGEOBJ_PATH:
                found.edges += self._path_edges(
                    obj, multiply(self._object_matrix(obj), parent), transform
                )
            elif kind == raw.FPDF_PAGEOBJ_IMAGE:
                found.image_bytes += int(raw.FPDFImageObj_GetImageDataRaw(obj, None, 0))
            elif kind == raw.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
                matrix = multiply(self._object_matrix(obj), parent)
                children = (
                    raw.FPDFFormObj_GetObject(obj, i)
                    for i in range(raw.FPDFFormObj_CountObjects(obj))
                )
                self._walk(children, matrix, transform, found, depth + 1)

    def _object_matrix(self, obj) -> Matrix:  # noqa: ANN001 - ctypes
        m = self._matrix
        if not raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
            return IDENTITY
        return (m.a, m.b, m.c, m.d, m.e, m.f)

    def _char_bound(self, obj) -> float:  # noqa: ANN001 - ctypes
        """How many characters a text object can hold: its extent in ems over the narrowest
        advance. A tiny font cannot hide characters: the ems do not depend on the size."""
        refs = self._float_refs
        size = self._floats[0]
        if not raw.FPDFTextObj_GetFontSize(obj, refs[0]):
            return 1.0
        a, b, c, d, _, _ = self._object_matrix(obj)
        scale = abs(a * d - b * c) ** 0.5 * size.value
        if not raw.FPDFPageObj_GetBounds(obj, *refs):
            return 1.0
        left, bottom, right, top = (v.value for v in self._floats)
        extent = max(right - left, top - bottom)
        if scale <= 0:
            return float("inf") if extent > 0 else 1.0
        return max(1.0, extent / scale / MIN_ADVANCE_EM)

    def _path_edges(self, obj, matrix: Matrix, transform: Matrix) -> list[dict]:  # noqa: ANN001
        """A painted path's edges as pdfplumber makes them (see ``path_edges``)."""
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        if raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)) and not (
            fill.value or stroke.value
        ):
            return []
        full = multiply(matrix, transform)
        x, y = self._floats[0], self._floats[1]
        rx, ry = self._float_refs[0], self._float_refs[1]
        ops: list[tuple[str, float, float]] = []
        bezier = 0
        for i in range(raw.FPDFPath_CountSegments(obj)):
            segment = raw.FPDFPath_GetPathSegment(obj, i)
            raw.FPDFPathSegment_GetPoint(segment, rx, ry)
            kind = raw.FPDFPathSegment_GetType(segment)
            px, py = apply(full, x.value, y.value)
            if kind == raw.FPDF_SEGMENT_MOVETO:
                ops.append(("m", px, py))
                bezier = 0
            elif kind == raw.FPDF_SEGMENT_BEZIERTO:
                bezier += 1
                if bezier % 3:
                    continue  # control points: pdfminer keeps a curve's end point only
                ops.append(("c", px, py))
            else:
                ops.append(("l", px, py))
            if raw.FPDFPathSegment_GetClose(segment):
                ops.append(("h", px, py))
        return path_edges(ops)

    # --- the text -------------------------------------------------------------------------

    def _text(self, page, transform: Matrix, max_chars: int) -> list[Word]:  # noqa: ANN001
        textpage = raw.FPDFText_LoadPage(page)
        if not textpage:
            raise PageUnreadable("PDFium cannot read the page's text")
        try:
            count = raw.FPDFText_CountChars(textpage)
            if count > max_chars and _printed_chars(textpage, count) > max_chars:
                raise TooManyChars
            if count >= STRING_LIMIT and self._cut_string(page, textpage):
                raise TooManyChars
            return self._words(textpage, count, transform)
        finally:
            raw.FPDFText_ClosePage(textpage)

    def _cut_string(self, page, textpage) -> bool:  # noqa: ANN001 - ctypes
        """Whether a text object holds ``STRING_LIMIT`` characters: PDFium keeps no more of
        one string, so the string was longer, and how long is unknown. No print needs a
        string that long; the page is refused as one over the limit (pdfplumber, reading
        it all, counts the rest)."""
        objects = [raw.FPDFPage_GetObject(page, i) for i in range(raw.FPDFPage_CountObjects(page))]
        for _ in range(MAX_FORM_DEPTH + 1):
            forms = []
            for obj in objects:
                kind = raw.FPDFPageObj_GetType(obj)
                if kind == raw.FPDF_PAGEOBJ_FORM:
                    count = raw.FPDFFormObj_CountObjects(obj)
                    forms += [raw.FPDFFormObj_GetObject(obj, i) for i in range(count)]
                elif kind == raw.FPDF_PAGEOBJ_TEXT:
                    size = raw.FPDFTextObj_GetText(obj, textpage, None, 0)  # UTF-16, NUL too
                    if size // 2 - 1 >= STRING_LIMIT:
                        return True
            objects = forms
        return False

    def _words(self, textpage, count: int, transform: Matrix) -> list[Word]:  # noqa: ANN001
        """Words cut at whitespace, each boxed from its first and last character (``_box``,
        inlined here for an unrotated page: this loop runs once per word); see the module
        docstring."""
        text = _page_text(textpage, count)
        self._metrics.clear()  # text objects live as long as their page
        self._descents.clear()
        self._count = count
        get_object, loose, origin, ink = (
            raw.FPDFText_GetTextObject,
            raw.FPDFText_GetLooseCharBox,
            raw.FPDFText_GetCharOrigin,
            raw.FPDFText_GetCharBox,
        )
        rect, rect_ref, metrics, address = (
            self._rect,
            self._rect_ref,
            self._metrics,
            ctypes.addressof,
        )
        (ox, oy, ink_right, _), refs = self._doubles, self._double_refs
        a, b, c, d, e, f = transform
        plain = b == 0 and c == 0 and a > 0 and d < 0  # rotation 0: x kept, y flipped
        words: list[list] = []
        previous_end = 0
        for match in _WORD.finditer(text):
            start, end = match.span()
            last = end - 1
            first = get_object(textpage, start)
            box = None
            if first:
                key = address(first.contents)
                other = get_object(textpage, last) if last != start else first
                if other and address(other.contents) == key:
                    font = metrics.get(key) or self._font_metrics(textpage, start, first, transform)
                    ascent, descent, plumber_descent, upright = font
                    if plain and upright and ascent > descent and loose(textpage, start, rect_ref):
                        size = (rect.top - rect.bottom) / (ascent - descent)
                        right = rect.right
                        origin(textpage, start, refs[0], refs[1])
                        x0, baseline = a * ox.value + e, d * oy.value + f
                        if last != start and loose(textpage, last, rect_ref):
                            right = rect.right
                        ink(textpage, last, refs[3], refs[2], refs[3], refs[3])  # right only
                        if ink_right.value >= right - 1e-3:  # the ink reaches the advance
                            right = self._advance_end(textpage, last, first, IDENTITY, right)
                        low = baseline - plumber_descent * size
                        box = (x0, low - size, a * right + e, low)
                    else:
                        box = self._box(textpage, start, last, first, transform)
            piece = [text[start:end], *box] if box else None
            pieces = [piece] if piece else self._glued(textpage, text, start, end, transform)
            if words and pieces:
                before, after = words[-1], pieces[0]
                if (
                    before[1] <= after[1] <= before[3] + X_TOLERANCE
                    and abs(after[2] - before[2]) <= Y_TOLERANCE
                    and _all_generated(textpage, previous_end, start)
                ):
                    _join(before, pieces.pop(0))  # PDFium's space, not the PDF's: one word
            words += pieces
            previous_end = end
        if _NEEDS_CLEANING.search(text):
            return [Word(_clean(t), x0, top, x1, bottom) for t, x0, top, x1, bottom in words]
        return [Word(t, x0, top, x1, bottom) for t, x0, top, x1, bottom in words]

    def _glued(self, textpage, text: str, start: int, end: int, transform: Matrix) -> list[list]:  # noqa: ANN001, E501
        """Character boxes for a word made of several runs: cut where pdfplumber would."""
        words: list[list] = []
        for i in range(start, end):
            if raw.FPDFText_IsGenerated(textpage, i) == 1:
                continue
            obj = raw.FPDFText_GetTextObject(textpage, i)
            box = self._box(textpage, i, i, obj, transform) if obj else None
            if box is None:
                continue
            char = [text[i], *box]
            if words and _same_word(words[-1], char):
                _join(words[-1], char)
            else:
                words.append(char)
        return words

    def _box(self, textpage, first: int, last: int, obj, transform: Matrix) -> tuple | None:  # noqa: ANN001, E501
        """The box (x0, top, x1, bottom) of characters ``first..last`` of one text object as
        pdfminer draws them: from the first one's origin to the last one's advance, from the
        font's descent (pdfminer's value) for one font size up, on the page as displayed.

        PDFium's loose box of a character is the union of its advance box (origin to
        advance, the font's descent to ascent, PDFium's values) and its ink: the size and
        baseline are read back from it; the origin is asked for; the advance is its far
        side unless the ink reaches past it (then the next character's origin). Text that
        is not upright on the displayed page gets its loose boxes' union."""
        rect = self._rect
        if not raw.FPDFText_GetLooseCharBox(textpage, first, self._rect_ref):
            return None
        ascent, descent, plumber_descent, upright = self._font_metrics(
            textpage, first, obj, transform
        )
        x0, top, x1, bottom = _display_box(transform, rect.left, rect.bottom, rect.right, rect.top)
        if not upright:
            if last != first and raw.FPDFText_GetLooseCharBox(textpage, last, self._rect_ref):
                tail = _display_box(transform, rect.left, rect.bottom, rect.right, rect.top)
                return _union((x0, top, x1, bottom), tail)
            return (x0, top, x1, bottom)
        if ascent > descent and bottom > top:
            size = (bottom - top) / (ascent - descent)
        else:  # no usable metrics (PDFium's loose box is then the ink): its font size
            size = raw.FPDFText_GetFontSize(textpage, first)
        refs = self._double_refs
        raw.FPDFText_GetCharOrigin(textpage, first, refs[0], refs[1])
        left, baseline = apply(transform, self._doubles[0].value, self._doubles[1].value)
        right = self._advance_end(textpage, last, obj, transform, x1 if last == first else None)
        if right is None:
            return None
        low = baseline - plumber_descent * size  # top-down: the descent is below the baseline
        return (left, low - size, max(left, right), low)

    def _advance_end(
        self, textpage, index: int, obj, transform: Matrix, loose_right: float | None
    ) -> float | None:  # noqa: ANN001, E501
        """Where character ``index`` advances to on the displayed page: its loose box's right
        side, unless its ink reaches that far (a "/", an oblique letter), then the origin of
        the next character of the same text object, else the loose box's side."""
        rect = self._rect
        if loose_right is None:
            if not raw.FPDFText_GetLooseCharBox(textpage, index, self._rect_ref):
                return None
            loose_right = _display_box(transform, rect.left, rect.bottom, rect.right, rect.top)[2]
        refs, values = self._double_refs, self._doubles
        raw.FPDFText_GetCharBox(textpage, index, refs[0], refs[1], refs[2], refs[3])
        ink_right = _display_box(
            transform, values[0].value, values[2].value, values[1].value, values[3].value
        )[2]
        if ink_right < loose_right - 1e-3:
            return loose_right  # the advance box is wider than the ink
        following = index + 1
        if (
            following < self._count
            and raw.FPDFText_IsGenerated(textpage, following) != 1
            and _same_object(obj, raw.FPDFText_GetTextObject(textpage, following))
        ):
            raw.FPDFText_GetCharOrigin(textpage, following, refs[0], refs[1])
            return apply(transform, values[0].value, values[1].value)[0]
        return loose_right

    def _font_metrics(self, textpage, index: int, obj, transform: Matrix) -> tuple:  # noqa: ANN001
        """(ascent, descent) as PDFium measures the object's font and the descent pdfminer
        uses (the AFM's for the standard 14 fonts, else PDFium's), in ems; and whether its
        text is upright on the displayed page (read from its first character's matrix)."""
        key = _address(obj)
        known = self._metrics.get(key)
        if known is not None:
            return known
        font = raw.FPDFTextObj_GetFont(obj) if obj else None
        found: tuple = (0.0, 0.0, 0.0, False)
        m = self._matrix
        if font and raw.FPDFText_GetMatrix(textpage, index, ctypes.byref(m)):
            a, b, c, d, _, _ = multiply((m.a, m.b, m.c, m.d, 0.0, 0.0), transform)
            upright = abs(b) < 1e-6 and abs(c) < 1e-6 and a > 0 and d < 0
            value = self._floats[0]
            raw.FPDFFont_GetAscent(font, ctypes.c_float(1000.0), self._float_refs[0])
            ascent = value.value / 1000
            raw.FPDFFont_GetDescent(font, ctypes.c_float(1000.0), self._float_refs[0])
            descent = value.value / 1000
            key_font = (_address(font), descent)  # fonts live as long as the page, at least
            if key_font not in self._descents:
                self._descents[key_font] = _standard_descent(font, descent)
            found = (ascent, descent, self._descents[key_font], upright)
        self._metrics[key] = found
        return found


# --- helpers without state ---------------------------------------------------------------


def _page_text(textpage, count: int) -> str:  # noqa: ANN001 - ctypes
    """The text of every character index, in one call (one code point per index)."""
    if count <= 0:
        return ""
    buffer = (ctypes.c_ushort * (2 * count + 2))()
    raw.FPDFText_GetText(textpage, 0, count, buffer)
    text = bytes(buffer)[: 2 * (2 * count)].decode("utf-16-le", errors="replace")
    text = text.split("\x00", 1)[0] if "\x00" in text[:count] else text[:count]
    if len(text) == count:
        return text
    # A character outside the BMP takes two UTF-16 units: read index by index instead.
    return "".join(chr(raw.FPDFText_GetUnicode(textpage, i) or 0xFFFD) for i in range(count))


def _display_box(m: Matrix, left: float, bottom: float, right: float, top: float) -> tuple:
    """A box in PDF user space as (x0, top, x1, bottom) on the displayed page."""
    xa, ya = m[0] * left + m[2] * bottom + m[4], m[1] * left + m[3] * bottom + m[5]
    xb, yb = m[0] * right + m[2] * top + m[4], m[1] * right + m[3] * top + m[5]
    return (min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb))


def _address(pointer) -> int:  # noqa: ANN001 - ctypes
    return ctypes.addressof(pointer.contents) if pointer else 0


def _standard_descent(font, descent: float) -> float:  # noqa: ANN001 - ctypes
    """pdfminer's descent of a font: a standard 14 font's from its AFM (PDFium measures the
    font it substitutes), any other's from its descriptor, as PDFium reads it."""
    length = raw.FPDFFont_GetBaseFontName(font, None, 0)
    if not 0 < length < 256:
        return descent
    buffer = ctypes.create_string_buffer(length)
    raw.FPDFFont_GetBaseFontName(font, buffer, length)
    metrics = FONT_METRICS.get(buffer.value.decode("latin-1"))
    return metrics[0].get("Descent", 0) / 1000 if metrics else descent


def _printed_chars(textpage, count: int) -> int:  # noqa: ANN001 - ctypes
    """Characters the PDF draws (PDFium's generated spaces and line breaks left out)."""
    is_generated = raw.FPDFText_IsGenerated
    return sum(1 for i in range(count) if is_generated(textpage, i) != 1)


def _all_generated(textpage, start: int, end: int) -> bool:  # noqa: ANN001 - ctypes
    """Whether the whitespace between two words is PDFium's (none of it is in the PDF)."""
    is_generated = raw.FPDFText_IsGenerated
    return start < end and all(is_generated(textpage, i) == 1 for i in range(start, end))


def _same_word(before: list, after: list) -> bool:
    """pdfplumber's rule (boxes as [text, x0, top, x1, bottom]): the next character continues
    a word unless it starts more than ``X_TOLERANCE`` right of its end or left of its start,
    or its top moves over ``Y_TOLERANCE``."""
    return (
        before[1] <= after[1] <= before[3] + X_TOLERANCE
        and abs(after[2] - before[2]) <= Y_TOLERANCE
    )


def _join(before: list, after: list) -> None:
    """One word of two (as pdfplumber merges characters: the union of their boxes)."""
    before[0] += after[0]
    before[1], before[2] = min(before[1], after[1]), min(before[2], after[2])
    before[3], before[4] = max(before[3], after[3]), max(before[4], after[4])


def _union(a: tuple, b: tuple) -> tuple:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _same_object(a, b) -> bool:  # noqa: ANN001 - ctypes pointers
    return bool(b) and ctypes.addressof(a.contents) == ctypes.addressof(b.contents)


def _clean(text: str) -> str:
    """pdfplumber's text: ligatures spelled out; PDFium's marks of a hyphen that ends a line
    (U+FFFE, 0x02 in older builds) back to the hyphen printed."""
    text = text.replace("\x02", "-").replace("\ufffe", "-")
    return _LIGATURE.sub(lambda m: LIGATURES[m[0]], text) if _LIGATURE.search(text) else text


def path_edges(ops: list[tuple[str, float, float]]) -> list[dict]:
    """Edges of one path (points already in pdfplumber's coordinates), made as pdfminer and
    pdfplumber make them: each subpath on its own; a one-segment subpath is a line (one
    edge, vertical unless flat); a closed four-segment one with square corners a rectangle
    (four edges); any other a curve (an edge between consecutive points; only vertical and
    horizontal ones can become rulings)."""
    edges: list[dict] = []
    start = 0
    for i in range(1, len(ops) + 1):
        if i == len(ops) or ops[i][0] == "m":
            if ops[start][0] == "m":
                edges += _subpath_edges(ops[start:i])
            start = i
    return edges


def _subpath_edges(ops: list[tuple[str, float, float]]) -> list[dict]:
    shape = "".join(op for op, _, _ in ops)
    pts = [(x, y) for _, x, y in ops]
    if shape.endswith("h"):
        pts[-1] = pts[0]  # 'h' goes back to the start
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in ("ml", "mlh"):
        (xa, ya), (xb, yb) = pts[0], pts[1]
        return [_edge(xa, ya, xb, yb, "h" if ya == yb else "v")]
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), last = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        if last == pts[0] and square:
            left, right = min(x0, x2), max(x0, x2)
            top, bottom = min(y0, y2), max(y0, y2)
            return [
                _edge(left, top, right, top, "h"),
                _edge(left, bottom, right, bottom, "h"),
                _edge(left, top, left, bottom, "v"),
                _edge(right, top, right, bottom, "v"),
            ]
    out = []
    for (xa, ya), (xb, yb) in zip(pts, pts[1:], strict=False):
        orientation = "v" if xa == xb else "h" if ya == yb else None
        if orientation:
            out.append(_edge(xa, ya, xb, yb, orientation))
    return out


def _edge(xa: float, ya: float, xb: float, yb: float, orientation: str) -> dict:
    x0, x1 = min(xa, xb), max(xa, xb)
    top, bottom = min(ya, yb), max(ya, yb)
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
        "object_type": "edge",
    }


def _grids(edges: list[dict]) -> list[TableGrid]:
    """Ruled tables from edges with pdfplumber's lines strategy (same settings as load.py);
    a frame with one row or one column is not a table."""
    if not edges:
        return []
    s = _TABLE
    prefilter = s.edge_min_length_prefilter
    kept = plumber_table.utils.filter_edges(edges, "v", min_length=prefilter)
    kept += plumber_table.utils.filter_edges(edges, "h", min_length=prefilter)
    merged = plumber_table.merge_edges(
        kept, s.snap_x_tolerance, s.snap_y_tolerance, s.join_x_tolerance, s.join_y_tolerance
    )
    merged = plumber_table.utils.filter_edges(merged, min_length=s.edge_min_length)
    points = plumber_table.edges_to_intersections(
        merged, s.intersection_x_tolerance, s.intersection_y_tolerance
    )
    cells = intersections_to_cells(points)
    grids = []
    for group in plumber_table.cells_to_tables(cells):
        table = plumber_table.Table(None, group)  # type: ignore[arg-type] - rows need no page
        rows = [list(row.cells) for row in table.rows]
        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
            grids.append(TableGrid(tuple(table.bbox), rows))
    return grids


def intersections_to_cells(intersections: dict) -> list[tuple[float, float, float, float]]:
    """pdfplumber's ``intersections_to_cells`` (the same cells, in the same order), with each
    point's edges made a set once rather than at every test: two points are joined when
    they share an edge (a vertical one for points one above the other, a horizontal one
    for points side by side); a cell is the smallest box whose four corners are joined."""
    points = sorted(intersections)
    vertical = {p: {_bbox(e) for e in edges["v"]} for p, edges in intersections.items()}
    horizontal = {p: {_bbox(e) for e in edges["h"]} for p, edges in intersections.items()}
    column: dict[float, list] = {}
    row: dict[float, list] = {}
    for point in points:  # sorted by x then top: each list in reading order
        column.setdefault(point[0], []).append(point)
        row.setdefault(point[1], []).append(point)

    def joined(p: tuple, q: tuple) -> bool:
        if p[0] == q[0] and not vertical[p].isdisjoint(vertical[q]):
            return True
        return p[1] == q[1] and not horizontal[p].isdisjoint(horizontal[q])

    cells = []
    for point in points:
        below = [q for q in column[point[0]] if q > point]
        right = [q for q in row[point[1]] if q > point]
        cell = _smallest_cell(point, below, right, joined, intersections)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest_cell(point: tuple, below: list, right: list, joined, intersections: dict):  # noqa: ANN001, ANN202
    for below_pt in below:
        if not joined(point, below_pt):
            continue
        for right_pt in right:
            if not joined(point, right_pt):
                continue
            corner = (right_pt[0], below_pt[1])
            if corner in intersections and joined(corner, right_pt) and joined(corner, below_pt):
                return (point[0], point[1], corner[0], corner[1])
    return None


def _bbox(edge: dict) -> tuple[float, float, float, float]:
    return (edge["x0"], edge["top"], edge["x1"], edge["bottom"])
