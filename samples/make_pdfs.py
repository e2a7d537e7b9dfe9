"""Generate the sample PDFs: text-layer renderings of the sample text bundles, and scans of them.

    python samples/make_pdfs.py text SRC.txt OUT.pdf
    python samples/make_pdfs.py scan IN.pdf OUT.pdf --seed 7 [--dpi 200] [--pages 1-12]
    python samples/make_pdfs.py synthetic    # text-layer PDFs of samples/synthetic/*.txt
    python samples/make_pdfs.py all          # regenerate samples/pdf/ (synthetic ones included)

``text`` lays each page the extractor infers from a text bundle out on one A4 page: headings
centred and bold, paragraphs wrapped, tab-separated rows as ruled tables, the signature area in
two columns (Pihak Kedua left, Pihak Pertama right, the date above the right column). Words are
printed as the source prints them (OCR noise included; markup and provenance comments dropped).
``scan`` turns a PDF into an image-only one that looks scanned (seeded rotation, noise, blur,
JPEG). Both outputs are byte-for-byte reproducible.
"""

from __future__ import annotations

import argparse
import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import registerFont, stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    KeepInFrame,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from extractor.document import ITEM_BREAK, Line, Page
from extractor.models import Party, Signature
from extractor.normalise import normalise, strip_markup, tidy_cells
from extractor.pages import split_pages
from extractor.parse.dates import parse_signing_line
from extractor.parse.parties import parse_parties, role_of
from extractor.parse.signatures import read_signatures, signature_lines
from extractor.segment import classify_pages
from extractor.vocabulary import LAMPIRAN_HEAD, PK_TITLE, ROLE_LINE, SECTION_START

HERE = Path(__file__).resolve().parent
OUT_DIR = HERE / "pdf"
FIXED_DATE = time.gmtime(1735776000)  # 2025-01-02, so that scans are reproducible
MARGIN = 15 * mm
FRAME_W = A4[0] - 2 * MARGIN - 12  # the frame's 6 pt padding on each side
FRAME_H = A4[1] - 2 * MARGIN - 12
SCALES = (1.0, 0.95, 0.9, 0.85, 0.8, 0.76, 0.72, 0.68, 0.64, 0.6, 0.56, 0.52)
CELL_PAD = 4.0
SUB_HEADINGS = ("uraian sasaran", "indikator kinerja", "target kinerja", "dasar hukum")
COLUMN_NUMBER = re.compile(r"\(\d{1,2}\)")
NON_ASCII = re.compile(r"[^\x00-\x7f]")
FALLBACK_FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",)
Columns = list[list[str]]


# --- the source: pages and the words they print -------------------------------------------


def load_pages(path: Path) -> list[Page]:
    """The pages the extractor infers from a text bundle, classified."""
    lines, _ = normalise(path.read_text(encoding="utf-8"))
    return classify_pages(split_pages(lines))


def printed(line: Line) -> str:
    """The line as printed: markup removed, cells tidied, but no OCR repair applied."""
    raw = line.raw if line.raw.isascii() else unicodedata.normalize("NFKC", line.raw)
    if raw.startswith(("# source:", "# note:")):
        return ""  # provenance comments of the sample, not part of the document
    return tidy_cells(strip_markup(raw))


def fallback_font() -> str | None:
    """A Unicode TrueType font for the few characters Helvetica cannot print (``≥``)."""
    for path in FALLBACK_FONTS:
        if Path(path).exists():
            registerFont(TTFont("Fallback", path))
            return "Fallback"
    return None


def _outside_helvetica(match: re.Match[str]) -> str:
    char = match.group(0)
    try:
        char.encode("cp1252")  # the standard fonts' encoding
    except UnicodeEncodeError:
        font = FALLBACK_FONT
        return f'<font name="{font}">{char}</font>' if font else char
    return char


def markup(text: str) -> str:
    """Paragraph markup for plain text; an item break inside a cell becomes a line break."""
    parts = [escape(part.strip()) for part in text.split(ITEM_BREAK)]
    return "<br/>".join(NON_ASCII.sub(_outside_helvetica, part) for part in parts)


FALLBACK_FONT = fallback_font()


def page_parties(pages: list[Page]) -> dict[int, tuple[Party | None, Party | None]]:
    """For each page, the parties of the agreement it belongs to (its agreement page)."""
    parties: tuple[Party | None, Party | None] = (None, None)
    out = {}
    for page in pages:
        if page.kind == "agreement":
            parties = parse_parties(page)
        out[page.number] = parties
    return out


# --- blocks: what a page is made of --------------------------------------------------------


@dataclass(slots=True)
class Block:
    """A run of a page: ``heading``, ``text``, ``subheading``, ``gap``, ``table``, ``signature``."""

    kind: str
    texts: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    sig: SignatureLayout | None = None


@dataclass(slots=True)
class SignatureLayout:
    """The signature area in two columns (0 left, 1 right): heads above, names below."""

    date: list[str] = field(default_factory=list)
    heads: Columns = field(default_factory=lambda: [[], []])
    names: Columns = field(default_factory=lambda: [[], []])


def is_heading(line: Line) -> bool:
    """A title line: bold in the source, a PK/LAMPIRAN title, or a short upper-case line."""
    text = line.text
    if "\t" in text or len(text) > 100 or text.rstrip().endswith(":"):
        return False
    if "**" in line.raw or PK_TITLE.match(text) or LAMPIRAN_HEAD.match(text):
        return True
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def is_header_row(cells: list[str]) -> bool:
    """A table header names its columns and prints no amounts."""
    text = " ".join(cells).lower()
    words = ("uraian", "indikator", "target", "anggaran", "sasaran", "kegiatan", "program")
    return any(w in text for w in words) and not any(
        ch.isdigit() for ch in COLUMN_NUMBER.sub("", text)
    )


def body_blocks(lines: list[Line], cover: bool) -> list[Block]:
    """Headings, text lines, gaps and tables of the page body, in order."""
    blocks: list[Block] = []
    opening = True  # still in the title lines at the top of the page
    for line in lines:
        text = printed(line)
        if not text:
            if blocks and blocks[-1].kind not in ("gap", "table"):
                blocks.append(Block("gap"))
            continue
        if "\t" in text:
            add_row(blocks, text.split("\t"))
            opening = False
            continue
        opening = opening and (cover or is_heading(line))
        kind = "heading" if opening else "subheading" if is_subheading(text) else "text"
        if blocks and blocks[-1].kind == kind and kind != "subheading":
            blocks[-1].texts.append(text)
        else:
            blocks.append(Block(kind, [text]))
    return blocks


def is_subheading(text: str) -> bool:
    lowered = text.lower().rstrip(" :.")
    return bool(SECTION_START.match(text)) or (len(text) < 40 and lowered in SUB_HEADINGS)


def add_row(blocks: list[Block], cells: list[str]) -> None:
    """Add a row to the table above (a blank line between rows does not end it) unless the
    row is a new header; a header row right under another header row stays in its table."""
    gap = bool(blocks) and blocks[-1].kind == "gap"
    last = blocks[-2] if gap and len(blocks) > 1 else blocks[-1] if blocks and not gap else None
    header = is_header_row(cells)
    if last is not None and last.kind == "table" and (not header or is_header_row(last.rows[-1])):
        if gap:
            blocks.pop()
        last.rows.append(cells)
    else:
        blocks.append(Block("table", rows=[cells]))


# --- the signature area ---------------------------------------------------------------------


def column_of(sig: Signature, index: int, count: int) -> int:
    """Pihak Kedua (the superior) signs on the left, Pihak Pertama on the right."""
    if sig.role == "second_party":
        return 0
    if sig.role == "first_party":
        return 1
    return index if count == 2 else 1


@dataclass(frozen=True, slots=True)
class Slot:
    """Where one signature sits: its column, the line of its name and its last line."""

    column: int
    name: int
    end: int
    position: str


def slots(area: list[Line], sigs: list[Signature]) -> list[Slot]:
    """The slot of each signature; the name line is the last line of the signature's span
    that holds the name (one person may sign both columns)."""
    out = []
    for i, sig in enumerate(sigs):
        span = [
            line for line in area if sig.source.line_start <= line.number <= sig.source.line_end
        ]
        named = [line.number for line in span if sig.name_as_written in line.text]
        name = named[-1] if named else sig.source.line_start
        column = column_of(sig, i, len(sigs))
        out.append(Slot(column, name, sig.source.line_end, (sig.position or "").upper()))
    return out


def signature_layout(area: list[Line], sigs: list[Signature]) -> SignatureLayout:
    """Put every line of the signature area in its column, as a head or a name line."""
    layout = SignatureLayout()
    places = slots(area, sigs)
    unplaced = [slot.position for slot in places]  # position words not yet printed
    column, named = 0, False
    for line in area:
        text = printed(line)
        if not text:
            continue
        if parse_signing_line(line.text):
            layout.date.append(text)
            continue
        if "\t" in text:  # the two columns already side by side in the source
            named = any(slot.name <= line.number for slot in places)
            first, *rest = text.split("\t")
            target = layout.names if named else layout.heads
            target[0].append(first)
            target[1].append(" ".join(c for c in rest if c))
            continue
        found = name_slot(line, places)
        if found is not None:
            column, named = found, True
        else:
            head = head_column(line.text, places, unplaced, column)
            if head is not None:
                column, named = head, False
        (layout.names if named else layout.heads)[column].append(text)
    return layout


def name_slot(line: Line, places: list[Slot]) -> int | None:
    """The column of a name line, or of a rank or NIP line under a name (names printed side
    by side come one after the other, then their NIPs: exact lines first)."""
    for hit in (
        [s for s in places if s.name == line.number],
        [s for s in places if s.end == line.number],
    ):
        if hit:
            return hit[0].column
    inside = [s for s in places if s.name <= line.number <= s.end]
    return max(inside, key=lambda s: s.name).column if inside else None


def head_column(text: str, places: list[Slot], unplaced: list[str], previous: int) -> int | None:
    """The column of a role or position line: by its role word, else by the signature whose
    position holds it (consuming those words, so a repeated position goes to the other one)."""
    role = ROLE_LINE.match(text)
    if role:
        return 0 if role_of(role.group(1)) == "second_party" else 1
    words = text.strip(" ,:").upper()
    matches = [i for i, rest in enumerate(unplaced) if words and words in rest]
    if not matches:
        return None
    pick = next((i for i in matches if places[i].column == previous), matches[0])
    unplaced[pick] = unplaced[pick].replace(words, "", 1)
    return places[pick].column


def page_blocks(page: Page, parties: tuple[Party | None, Party | None]) -> list[Block]:
    """The blocks of one page; the signature area, when one is found, comes last."""
    cover = page.kind == "cover"
    area = [] if cover else signature_lines(page)
    sigs = read_signatures(page, parties).signatures if area else []
    if not sigs:
        return body_blocks(page.lines, cover)
    start = area[0].number
    body = [line for line in page.lines if line.number < start]
    return [*body_blocks(body, cover), Block("signature", sig=signature_layout(area, sigs))]


# --- flowables --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Styles:
    """Paragraph styles at one scale (pages that hold much text are set smaller)."""

    scale: float

    def style(self, size: float, bold: bool = False, align: int = TA_LEFT) -> ParagraphStyle:
        size *= self.scale
        font = "Helvetica-Bold" if bold else "Helvetica"
        return ParagraphStyle(
            "s", fontName=font, fontSize=size, leading=size * 1.22, alignment=align
        )

    @property
    def body(self) -> ParagraphStyle:
        return self.style(10.5)

    @property
    def cell_size(self) -> float:
        return 8.5 * self.scale


def flowables(blocks: list[Block], styles: Styles, cover: bool) -> list[Flowable]:
    """Reportlab flowables for a page's blocks."""
    out: list[Flowable] = [Spacer(0, 160)] if cover else []
    for block in blocks:
        out += block_flowables(block, styles, cover)
    return out


def block_flowables(block: Block, styles: Styles, cover: bool) -> list[Flowable]:
    s = styles.scale
    if block.kind == "gap":
        return [Spacer(0, 5 * s)]
    if block.kind == "heading":
        style = styles.style(18 if cover else 12, bold=True, align=TA_CENTER)
        return [Paragraph(markup(t), style) for t in block.texts] + [Spacer(0, 4 * s)]
    if block.kind == "subheading":
        return [Paragraph(markup(block.texts[0]), styles.style(10.5, bold=True))]
    if block.kind == "text":
        return [Paragraph(markup(t), styles.body) for t in block.texts]
    if block.kind == "table":
        return [Spacer(0, 3 * s), ruled_table(block.rows, styles), Spacer(0, 6 * s)]
    assert block.sig is not None
    return [Spacer(0, 10 * s), signature_table(block.sig, styles)]


def cell_style(styles: Styles, text: str, header: bool) -> ParagraphStyle:
    if header or text.startswith("(") and text.endswith(")") and len(text) <= 4:
        return styles.style(8.5, bold=header, align=TA_CENTER)
    bare = text.replace(".", "").replace(",", "").replace("-", "").replace(" ", "")
    numeric = bare.isdigit() or (text.lower().startswith("rp") and any(c.isdigit() for c in text))
    return styles.style(8.5, align=TA_RIGHT if numeric and len(text) > 3 else TA_LEFT)


def ruled_table(rows: list[list[str]], styles: Styles) -> Table:
    """A table with a grid; each cell a paragraph that wraps, item breaks as line breaks."""
    width = max(len(r) for r in rows)
    grid = [r + [""] * (width - len(r)) for r in rows]
    scale = styles.scale
    while scale > 0.3 and sum(column_needs(grid, 8.5 * scale)[0]) > FRAME_W:
        scale *= 0.95  # so many columns that a long word would not fit: a smaller font
    styles = Styles(scale)
    cells = [
        [Paragraph(markup(c), cell_style(styles, c, is_header_row(r) and c != "")) for c in r]
        for r in grid
    ]
    table = Table(cells, colWidths=column_widths(grid, FRAME_W, styles.cell_size))
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5 * styles.scale),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5 * styles.scale),
            ]
        )
    )
    return table


def text_width(text: str, size: float, bold: bool = False) -> float:
    font = "Helvetica-Bold" if bold else "Helvetica"
    return stringWidth(text, font, size)


def column_needs(rows: list[list[str]], size: float) -> tuple[list[float], list[float]]:
    """Per column, the width of its longest word and of its longest line (with padding)."""
    pad = 2 * CELL_PAD + 1
    lows, wants = [], []
    for col in zip(*rows, strict=True):
        items = [part for cell in col for part in cell.split(ITEM_BREAK)]
        words = [w for item in items for w in item.split()] or [""]
        lows.append(max(text_width(w, size, bold=True) for w in words) + pad)
        wants.append(max(text_width(item, size, bold=True) for item in items) + pad)
    return lows, wants


def column_widths(rows: list[list[str]], avail: float, size: float) -> list[float]:
    """Automatic table layout: a column that wants less than a fair share of the width gets
    what it wants; the others share the rest, each at least as wide as its longest word."""
    lows, wants = column_needs(rows, size)
    if sum(wants) <= avail:
        return [w * avail / sum(wants) for w in wants]
    if sum(lows) >= avail:
        return [w * avail / sum(lows) for w in lows]
    widths: dict[int, float] = {}
    while True:
        free = [i for i in range(len(wants)) if i not in widths]
        fair = (avail - sum(widths.values())) / len(free)
        settled = [i for i in free if wants[i] <= fair]
        if not settled:
            break
        widths |= {i: wants[i] for i in settled}
    rest = avail - sum(widths.values())
    budget = rest - sum(lows[i] for i in free)
    extra = sum(wants[i] - lows[i] for i in free)
    if budget < 0:  # the short columns took too much: keep only the long words whole
        widths |= {i: lows[i] * rest / (rest - budget) for i in free}
    else:
        widths |= {i: lows[i] + (wants[i] - lows[i]) * budget / extra for i in free}
    return [widths[i] for i in range(len(wants))]


def signature_table(sig: SignatureLayout, styles: Styles) -> Table:
    """Two unruled columns: the date over the right one, heads, space to sign, names."""
    style = styles.style(10.5, align=TA_CENTER)
    bold = styles.style(10.5, bold=True, align=TA_CENTER)

    def cell(texts: list[str], first_bold: bool = False) -> list[Paragraph]:
        return [
            Paragraph(markup(t), bold if first_bold and i == 0 else style)
            for i, t in enumerate(texts)
        ]

    rows = [["", cell(sig.date)]] if sig.date else []
    rows.append([cell(sig.heads[0]), cell(sig.heads[1])])
    rows.append([cell(sig.names[0], True), cell(sig.names[1], True)])
    table = Table(rows, colWidths=[FRAME_W / 2] * 2)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, -1), (-1, -1), 48 * styles.scale),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4 * styles.scale),
            ]
        )
    )
    return table


def content_height(items: list[Flowable]) -> float:
    total = 0.0
    for item in items:
        total += item.wrap(FRAME_W, FRAME_H)[1] + item.getSpaceBefore() + item.getSpaceAfter()
    return total


def fitted_page(blocks: list[Block], cover: bool) -> Flowable:
    """The page at the largest scale whose content fits one A4 frame (shrunk as a last resort)."""
    for scale in SCALES:
        items = flowables(blocks, Styles(scale), cover)
        if content_height(items) <= FRAME_H * 0.97:
            break
    return KeepInFrame(FRAME_W, FRAME_H, items, mode="shrink")


def render_pages(pages: list[Page], out: Path, title: str, subject: str = "") -> None:
    """Write ``pages`` to ``out``, one A4 page each."""
    parties = page_parties(pages)
    story: list[Flowable] = []
    for page in pages:
        if story:
            story.append(PageBreak())
        story.append(fitted_page(page_blocks(page, parties[page.number]), page.kind == "cover"))
    doc = SimpleDocTemplate(
        str(out),
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        subject=subject,
        author="samples/make_pdfs.py",
        creator="samples/make_pdfs.py",
        invariant=True,
    )
    doc.build(story)


def provenance(path: Path) -> str:
    """The sample's ``# source:`` comment, kept as the PDF's subject."""
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    return first.removeprefix("# source:").strip() if first.startswith("# source:") else ""


def text_pdf(src: Path, out: Path) -> int:
    """Render the text bundle ``src`` to ``out``, one A4 page per inferred page; page count."""
    pages = load_pages(src)
    render_pages(pages, out, src.stem, provenance(src))
    return len(pages)


# --- scans ------------------------------------------------------------------------------------


def parse_range(spec: str | None, count: int) -> list[int]:
    """``"1-3,5"`` -> [0, 1, 2, 4] (0-based); None -> every page."""
    if not spec:
        return list(range(count))
    out: list[int] = []
    for part in spec.split(","):
        lo, _, hi = part.partition("-")
        out += range(int(lo) - 1, min(int(hi or lo), count))
    return out


def scanned(image: Image.Image, rng: np.random.Generator) -> Image.Image:
    """A page image as a scanner gives it: slightly skewed, noisy and soft, the background
    levelled to white (as scanner software does; it also keeps the JPEGs small)."""
    angle = float(rng.uniform(-1.5, 1.5))
    image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    pixels = np.asarray(image, dtype=np.float32) + rng.normal(0.0, 8.0, image.size[::-1])
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")
    pixels = np.asarray(image.filter(ImageFilter.GaussianBlur(0.7)), dtype=np.float32)
    levelled = (pixels - 20.0) * 255.0 / 205.0  # ink a little grey, paper white
    return Image.fromarray(np.clip(levelled, 0, 255).astype(np.uint8), mode="L")


def scan_pdf(
    src: Path, out: Path, seed: int, dpi: int = 200, pages: str | None = None, quality: int = 40
) -> int:
    """Rasterise ``src`` and write an image-only PDF of JPEG pages; the page count."""
    pdf = pdfium.PdfDocument(str(src))
    images = []
    for index in parse_range(pages, len(pdf)):
        bitmap = pdf[index].render(scale=dpi / 72, grayscale=True)
        image = bitmap.to_pil().convert("L")
        images.append(scanned(image, np.random.default_rng([seed, index])))
    pdf.close()
    images[0].save(
        out,
        "PDF",
        save_all=True,
        append_images=images[1:],
        resolution=float(dpi),
        quality=quality,
        optimize=True,
        progressive=True,
        title=out.stem,
        producer="samples/make_pdfs.py",
        creationDate=FIXED_DATE,
        modDate=FIXED_DATE,
    )
    return len(images)


# --- the committed set ------------------------------------------------------------------------

LUWU = HERE / "pk-dpmptsp-luwu-timur-2025.txt"
SYNTHETIC = HERE / "synthetic"
PRINGSEWU = HERE / "pk-pringsewu-diskominfo-2025.txt"
SCAN_SEED = 7
SCAN_DPI = 150
SCAN_QUALITY = 25


def first_agreements(pages: list[Page], count: int) -> list[Page]:
    """The pages of the first ``count`` agreements (from the first agreement page on, every page
    up to the next agreement page after them), duplicates included."""
    starts = [i for i, p in enumerate(pages) if p.kind == "agreement" and not is_repeat(pages, i)]
    end = starts[count] if len(starts) > count else len(pages)
    return pages[starts[0] : end]


def is_repeat(pages: list[Page], i: int) -> bool:
    """An agreement page printed again right after itself (the same words)."""
    return i > 0 and printed_text(pages[i]) == printed_text(pages[i - 1])


def printed_text(page: Page) -> str:
    return " ".join(" ".join(printed(line).split()) for line in page.lines).strip()


def write_part(src: Path, pages: list[Page], out: Path) -> None:
    """The exact source lines of ``pages`` (a contiguous run) as a text file."""
    raw = src.read_text(encoding="utf-8").split("\n")
    out.write_text("\n".join(raw[pages[0].line_start - 1 : pages[-1].line_end]) + "\n", "utf-8")


def build_all() -> None:
    """Regenerate every PDF committed under ``samples/pdf/``."""
    OUT_DIR.mkdir(exist_ok=True)
    pring = OUT_DIR / "pk-pringsewu-diskominfo-2025.pdf"
    report("text", pring, text_pdf(PRINGSEWU, pring))
    scan = OUT_DIR / "pk-pringsewu-diskominfo-2025-scan.pdf"
    report("scan", scan, scan_pdf(pring, scan, SCAN_SEED, SCAN_DPI, quality=SCAN_QUALITY))
    luwu = OUT_DIR / "pk-dpmptsp-luwu-timur-2025.pdf"
    report("text", luwu, text_pdf(LUWU, luwu))
    part = first_agreements(load_pages(LUWU), 3)
    part_txt = OUT_DIR / "pk-dpmptsp-luwu-timur-2025-part.txt"
    write_part(LUWU, part, part_txt)
    part_pdf = part_txt.with_suffix(".pdf")
    report("text", part_pdf, text_pdf(part_txt, part_pdf))
    part_scan = OUT_DIR / "pk-dpmptsp-luwu-timur-2025-part-scan.pdf"
    report(
        "scan", part_scan, scan_pdf(part_pdf, part_scan, SCAN_SEED, SCAN_DPI, quality=SCAN_QUALITY)
    )
    build_synthetic()


def build_synthetic() -> None:
    """Text-layer PDFs of the synthetic bundles (other agencies and levels, other layouts):
    ``samples/synthetic/<stem>.txt`` -> ``samples/pdf/<stem>.pdf``."""
    OUT_DIR.mkdir(exist_ok=True)
    for src in sorted(SYNTHETIC.glob("*.txt")):
        out = OUT_DIR / f"{src.stem}.pdf"
        report("text", out, text_pdf(src, out))


def report(kind: str, path: Path, pages: int) -> None:
    shown = path.resolve()
    shown = shown.relative_to(HERE.parent) if shown.is_relative_to(HERE.parent) else shown
    print(f"{kind:5} {shown}: {pages} pages, {path.stat().st_size:,} bytes")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    sub = parser.add_subparsers(dest="command", required=True)
    text = sub.add_parser("text", help="render a text bundle as a text-layer PDF")
    text.add_argument("src", type=Path)
    text.add_argument("out", type=Path)
    scan = sub.add_parser("scan", help="make an image-only 'scanned' copy of a PDF")
    scan.add_argument("src", type=Path)
    scan.add_argument("out", type=Path)
    scan.add_argument("--seed", type=int, default=SCAN_SEED)
    scan.add_argument("--dpi", type=int, default=200)
    scan.add_argument("--quality", type=int, default=40)
    scan.add_argument("--pages", help="pages to keep, e.g. 1-12 or 1,3,5-7 (1-based)")
    sub.add_parser("synthetic", help="render samples/synthetic/*.txt into samples/pdf/")
    sub.add_parser("all", help="regenerate samples/pdf/")
    args = parser.parse_args(argv)
    if args.command == "text":
        report("text", args.out, text_pdf(args.src, args.out))
    elif args.command == "scan":
        count = scan_pdf(args.src, args.out, args.seed, args.dpi, args.pages, args.quality)
        report("scan", args.out, count)
    elif args.command == "synthetic":
        build_synthetic()
    else:
        build_all()


if __name__ == "__main__":
    main()
