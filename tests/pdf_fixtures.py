"""Bad and odd PDFs for the tests, written on demand into a directory (``tmp_path``).

Each function writes one file and returns its path; every output is deterministic. Only
reportlab and Pillow are used; ``zero_page_pdf`` and the hostile PDFs at the end
(``_raw_pdf``) are written byte by byte.
"""

from __future__ import annotations

import time
import zlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

PK_LINES = [
    "PERJANJIAN KINERJA TAHUN 2025",
    "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel",
    "serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini :",
    "Nama : ISKANDAR MUDA, S.Sos.,M.Si",
    "Jabatan : SEKRETARIS DINAS PM-PTSP KABUPATEN LUWU TIMUR",
    "Selanjutnya disebut Pihak Pertama",
    "Nama : ANDI HABIL UNRU, SE",
    "Jabatan : KEPALA DINAS PM-PTSP KABUPATEN LUWU TIMUR",
    "Selaku atasan Pihak Pertama, selanjutnya disebut Pihak Kedua",
    "Malili, 02 Januari 2025",
]

LETTER_LINES = [
    "PT SUMBER AIR JERNIH",
    "Jl. Merdeka No. 17, Bandung",
    "Nomor : 045/SAJ/III/2025",
    "Perihal : Undangan Rapat Umum Pemegang Saham",
    "Kepada Yth. Para Pemegang Saham",
    "Dengan hormat,",
    "Bersama surat ini kami mengundang Bapak/Ibu untuk menghadiri rapat tahunan",
    "pada hari Kamis, 13 Maret 2025, pukul 09.00 WIB, di ruang rapat kantor kami.",
    "Acara: laporan direksi, laporan keuangan tahun buku 2024, dan lain-lain.",
    "Atas perhatian Bapak/Ibu kami ucapkan terima kasih.",
    "Hormat kami,",
    "Direktur Utama",
]


def _text_pdf(
    path: Path, pages: list[list[str]], encrypt: StandardEncryption | None = None
) -> Path:
    """A text-layer A4 PDF: each page a list of lines in Helvetica."""
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1, encrypt=encrypt)
    for lines in pages:
        pdf.setFont("Helvetica", 11)
        y = A4[1] - 72
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 18
        pdf.showPage()
    pdf.save()
    return path


def encrypted_pdf(path: str | Path, user_password: str = "secret") -> Path:
    """A PK page encrypted (RC4 128) with ``user_password``; ``""`` opens without one."""
    encryption = StandardEncryption(user_password, ownerPassword="owner-secret", strength=128)
    return _text_pdf(Path(path), [PK_LINES], encrypt=encryption)


def truncated_pdf(path: str | Path) -> Path:
    """A valid three-page PK PDF cut in half (no xref table, no trailer)."""
    path = Path(path)
    _text_pdf(path, [PK_LINES] * 3)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def zero_page_pdf(path: str | Path) -> Path:
    """A syntactically valid PDF whose page tree is empty (``/Kids []``, ``/Count 0``)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
    ]
    path = Path(path)
    path.write_bytes(_raw_pdf(objects, version=b"1.4"))
    return path


def image_only_pdf(path: str | Path) -> Path:
    """One A4 page (150 dpi) that is only a picture of PK text: no text layer."""
    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=26)
    for n, line in enumerate(PK_LINES):
        draw.text((120, 150 + 48 * n), line, fill=0, font=font)
    path = Path(path)
    fixed = time.gmtime(1735776000)
    image.save(path, "PDF", resolution=150.0, creationDate=fixed, modDate=fixed)
    return path


def text_file_named_pdf(path: str | Path) -> Path:
    """A plain-text PK (not a PDF at all) under a ``.pdf`` name."""
    path = Path(path)
    path.write_text("\n".join(PK_LINES) + "\n", encoding="utf-8")
    return path


def not_a_pk_pdf(path: str | Path) -> Path:
    """A valid text-layer PDF of an unrelated letter (a shareholders' meeting invitation)."""
    return _text_pdf(Path(path), [LETTER_LINES])


def _ruled_table(
    pdf: canvas.Canvas, top: float, columns: list[float], rows: list[tuple[str, ...]]
) -> float:
    """A ruled table (grid lines, as pdfplumber's lines strategy finds them) whose column
    edges are ``columns``; returns the y under its last row."""
    step = 16.0
    bottom = top - step * len(rows)
    for x in columns:
        pdf.line(x, top, x, bottom)
    for k in range(len(rows) + 1):
        pdf.line(columns[0], top - step * k, columns[-1], top - step * k)
    for k, row in enumerate(rows):
        for x, text in zip(columns, row, strict=False):
            if text:
                pdf.drawString(x + 3, top - step * k - 11, text)
    return bottom


def lampiran_break_pdf(path: str | Path, heading_size: float = 8.0) -> Path:
    """A PK whose Lampiran I ends with a JUMLAH row at the foot of a page and whose next page
    opens with a short ``LAMPIRAN II`` centred in a small font (it starts right of the page's
    middle, as on a page shrunk to fit), then the Penjelasan with its Target Kinerja table."""
    width, height = A4
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)

    def centred(y: float, text: str, size: float = 11.0) -> None:
        pdf.setFont("Helvetica-Bold", size)
        pdf.drawCentredString(width / 2, y, text)
        pdf.setFont("Helvetica", 10)

    pdf.setFont("Helvetica", 10)
    y = height - 72
    for line in PK_LINES:
        pdf.drawString(72, y, line)
        y -= 18
    pdf.showPage()

    centred(height - 60, "LAMPIRAN I")
    centred(height - 75, "PERJANJIAN KINERJA TAHUN 2025")
    targets = [
        ("No", "Sasaran Strategis", "Indikator Kinerja", "Target"),
        ("1", "Meningkatnya Derajat Kesehatan", "Angka Harapan Hidup", "71,25 tahun"),
        ("", "", "Jumlah Kematian Ibu", "5 kasus"),
        ("2", "Meningkatnya Mutu Layanan", "Indeks Kepuasan Masyarakat", "82,50 indeks"),
    ]
    y = _ruled_table(pdf, height - 100, [50, 75, 250, 430, 545], targets)
    budget = [
        ("No", "Program", "Anggaran"),
        ("1", "Program Penunjang Urusan Pemerintahan", "Rp. 1.500.000.000,00"),
        ("2", "Program Pemenuhan Upaya Kesehatan", "Rp. 2.250.000.000,00"),
        ("", "JUMLAH", "Rp. 3.750.000.000,00"),
    ]
    _ruled_table(pdf, y - 20, [50, 75, 380, 545], budget)
    pdf.showPage()

    centred(height - 50, "LAMPIRAN II", heading_size)
    centred(height - 62, "PERJANJIAN KINERJA TAHUN 2025", heading_size)
    centred(height - 74, "PENJELASAN KINERJA", heading_size)
    y = height - 100
    prose = [
        "Penjelasan Kinerja 1",
        "Uraian Sasaran",
        'Sasaran "Meningkatnya Derajat Kesehatan" dimaksudkan sebagai upaya mewujudkan',
        "kondisi kesehatan penduduk yang lebih baik.",
        "Target Kinerja",
    ]
    for line in prose:
        pdf.drawString(60, y, line)
        y -= 14
    explained = [
        ("Indikator Kinerja", "Target", "Penjelasan"),
        ("Angka Harapan Hidup", "71,25 tahun", "Mengacu pada RPJMD"),
        ("Jumlah Kematian Ibu", "5 kasus", "Menurun dari tahun 2024"),
    ]
    _ruled_table(pdf, y, [50, 220, 320, 545], explained)
    pdf.showPage()
    pdf.save()
    return Path(path)


# --- Hostile PDFs, written byte by byte (tests/test_pdf_bombs.py) ---------------------------


def _raw_pdf(objects: list[bytes], root: int = 1, version: bytes = b"1.7") -> bytes:
    """A PDF of numbered objects (1..n, in order) with a correct xref table."""
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\n" % (len(objects) + 1, root)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    """A Flate-compressed stream object body."""
    packed = zlib.compress(data, 9)
    return b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n%s\nendstream" % (
        len(packed),
        extra,
        packed,
    )


def _pages_pdf(
    contents: list[bytes], size: tuple[float, float] = A4, catalog_extra: bytes = b""
) -> list[bytes]:
    """Objects of a PDF whose pages (all ``size`` points) draw ``contents``, with Helvetica
    as ``/F1``: 1 catalog, 2 page tree, 3 font, then a page and its content per page."""
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(len(contents)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalog_extra,
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(contents)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    box = b"[0 0 %g %g]" % size
    for i, content in enumerate(contents):
        page = b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Resources << /Font << /F1 3 0 R >> >>"
        objects.append(page % box + b" /Contents %d 0 R >>" % (5 + 2 * i))
        objects.append(_stream(content))
    return objects


def huge_page_pdf(path: str | Path, side: float = 5000.0) -> Path:
    """One ``side`` x ``side`` pt page with a single stroked line and no text: a scan to OCR
    by every measure, and a pixel bomb when rendered at 300 dpi (5000 pt: 434 Mpx)."""
    stroke = b"10 w 100 100 m %g %g l S" % (side - 100, side - 100)
    path = Path(path)
    path.write_bytes(_raw_pdf(_pages_pdf([stroke], (side, side))))
    return path


def many_chars_pdf(
    path: str | Path, chars: int = 1_000_000, pages: int = 1, per_string: int | None = None
) -> Path:
    """A page of PK text, then ``pages`` pages each drawing ``chars`` tiny glyphs in strings of
    ``per_string`` characters (one string when None), compressed to a few KB."""
    head = _pk_content()
    size = per_string or chars
    whole, rest = divmod(chars, size)
    strings = (b"(" + b"x" * size + b") Tj ") * whole + (
        b"(" + b"x" * rest + b") Tj " if rest else b""
    )
    bomb = b"BT /F1 0.1 Tf 10 10 Td " + strings + b"ET"
    path = Path(path)
    path.write_bytes(_raw_pdf(_pages_pdf([head] + [bomb] * pages)))
    return path


def blank_pages_pdf(path: str | Path, pages: int, with_pk: bool = True) -> Path:
    """A PK page (when ``with_pk``) then ``pages`` blank pages: nothing to read or OCR."""
    contents = ([_pk_content()] if with_pk else []) + [b""] * pages
    path = Path(path)
    path.write_bytes(_raw_pdf(_pages_pdf(contents)))
    return path


def javascript_attachment_pdf(path: str | Path) -> Path:
    """The PK page with an OpenAction JavaScript and an embedded file: neither may run or be
    read as the document's text."""
    secret = b"PERJANJIAN KINERJA TAHUN 1999 ATTACHMENT TEXT"
    script = b"app.alert('pwned'); this.exportDataObject({cName: 'a.txt', nLaunch: 2});"
    catalog = b"/OpenAction 6 0 R /Names << /EmbeddedFiles << /Names [(a.txt) 8 0 R] >> >> "
    objects = _pages_pdf([_pk_content()], catalog_extra=catalog)
    objects.append(b"<< /Type /Action /S /JavaScript /JS 7 0 R >>")  # 6
    objects.append(_stream(script))  # 7
    objects.append(b"<< /Type /Filespec /F (a.txt) /UF (a.txt) /EF << /F 9 0 R >> >>")  # 8
    objects.append(_stream(secret, b"/Type /EmbeddedFile "))  # 9
    path = Path(path)
    path.write_bytes(_raw_pdf(objects))
    return path


def _pk_content() -> bytes:
    """A content stream printing ``PK_LINES`` in 11 pt Helvetica from the top of an A4 page."""
    out = [b"BT /F1 11 Tf 14 TL 72 770 Td"]
    for line in PK_LINES:
        escaped = line.encode("latin-1").replace(b"\\", b"\\\\").replace(b"(", b"\\(")
        out.append(b"(%s) Tj T*" % escaped.replace(b")", b"\\)"))
    out.append(b"ET")
    return b"\n".join(out)
