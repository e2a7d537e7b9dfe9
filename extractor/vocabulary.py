"""Patterns for the words PK documents are built from, shared by the stages.

Kept in one place so that page inference, classification and the parsers agree on what
a heading, a role line or a NIP line is.
"""

from __future__ import annotations

import regex

# A PK title that names its year (group 1): ``PERJANJIAN KINERJA TAHUN 2024``, ``... TAHUN
# ANGGARAN 2024``, ``... PERUBAHAN TAHUN 2022``, ``PENETAPAN KINERJA TAHUN 2014`` and the bare
# ``PERJANJIAN KINERJA 2020`` (the year right after the words, or after PERUBAHAN).
PK_TITLE = regex.compile(
    r"^(?:\d+\.\s*)?(?:FORMULIR\s+)?(?:PERJANJIAN|PENETAPAN)\s+KINERJA\b"
    r"(?|.{0,80}?\b(?:TAHUN|TA\.?)\s*(?:ANGGARAN\s+)?(\d{4})|(?:\s+PERUBAHAN)?\s+(\d{4}))\.?$",
    regex.I,
)
# The words of a PK title, whatever follows them (checked by ``is_pk_title``).
_PK_WORDS = regex.compile(
    r"^(?:\d+\.\s*)?(?:FORMULIR\s+)?(?:PERJANJIAN|PENETAPAN)\s+KINERJA\b([^\t]*)$", regex.I
)
# A title's rest that is heading words, not a sentence: each word capitalised or a number,
# or a form's blank left for the year (``TAHUN .......``, ``TAHUN 20xx``).
_HEADING_WORDS = regex.compile(r"^(?:\s+(?:[\p{Lu}\d(][^\s]*|[._…]+))*\s*$")
_MAX_HEADING_WORDS = 12
# A line printed with its letters spread (``P E R J A N J I A N``): single characters
# separated by spaces (the normaliser has already collapsed runs of spaces).
_SPREAD = regex.compile(r"^(?:\S ){5,}\S$")
_SPREAD_WORDS = regex.compile(
    r"(?<=PERJANJIAN|PENETAPAN|KINERJA|PERUBAHAN|LAMPIRAN|PENJELASAN|TAHUN|ANGGARAN|INDIKATOR|ESELON)"
    r"(?=\S)|(?<=\p{L})(?=\d)",
    regex.I,
)
_PAGE_MARKER = regex.compile(
    r"^(?:(?:Halaman|Hal\.?|Page)\s*\d{1,3}(?:\s*(?:dari|of|/)\s*\d{1,3})?"
    r"|-{1,2}\s*\d{1,3}\s*-{1,2}|\(\d{1,3}\))$",
    regex.I,
)
# Every heading starts with one of these words (after a list mark), or is spread out.
_HEAD_GATE = regex.compile(
    r"^(?:\d{1,2}[.)]\s*|[a-z][.)]\s*)?(?:FORMULIR|PERJANJIAN|PENETAPAN|LAMPIRAN|PENJELASAN|"
    r"TABEL|SASARAN|KATA|DAFTAR|PAKTA|RENCANA|INDIKATOR|SURAT|BAB)|^(?:\S ){5}",
    regex.I,
)
_TABLE_WORDS = regex.compile(
    r"\b(?:no|sasaran|indikator|target|uraian|anggaran|program|kegiatan|satuan|keterangan)\b",
    regex.I,
)
LAMPIRAN_HEAD = regex.compile(r"^LAMPIRAN(?:\s+(\d+|[IVX]+)\b.*|\s*[:.]?\s*.*)$")
LAMPIRAN_NUMBER = regex.compile(r"^LAMPIRAN\s+(\d+|[IVX]+)\b", regex.I)
# ``Lampiran I``, ``Lampiran 2``, ``Lampiran : Perjanjian Kinerja ...`` in any case, but not a
# wrapped sentence that goes on with "lampiran perjanjian ini" (it starts in lower case).
LAMPIRAN_ANY_CASE = regex.compile(
    r"^L(?i:AMPIRAN)(?:\s+(?:\d+|[ivxIVX]+)\b|\s*[:.]?\s*(?i:PERJANJIAN|PENETAPAN)\s+(?i:KINERJA)\b)"
)
# The heading over the Penjelasan: ``PENJELASAN KINERJA``, ``PENJELASAN INDIKATOR KINERJA``,
# ``PENJELASAN PERJANJIAN KINERJA TAHUN 2025``.
PENJELASAN_HEAD = regex.compile(
    r"^PENJELASAN\s+(?:INDIKATOR\s+|PERJANJIAN\s+)?KINERJA"
    r"(?:\s+(?:TAHUN\s+)?(?:ANGGARAN\s+)?\d{4})?\s*[.:]?$",
    regex.I,
)
# The line that opens one Penjelasan section (its number in group 1): ``Penjelasan Kinerja 1``,
# ``A.``, ``a) Penjelasan Kinerja 1.``, and a numbered sasaran: ``a. Sasaran Strategis 1 :
# <text>``, ``Sasaran 2: <text>`` (from ``### Sasaran 2: ...``), ``Sasaran Program 1``.
SECTION_START = regex.compile(
    r"^(?:[a-z][.)]\s*|\d{1,2}[.)]\s+)?"
    r"(?|Penjelasan\s+Kinerja\s+(\d+|[A-Z])\s*\.?\s*"
    r"|Sasaran(?:\s+(?:Strategis|Program|Kegiatan|Kinerja))?\s+(\d{1,2})\s*(?:[:.]\s*[^\t]*)?)$",
    regex.I,
)
# Sub-headings inside a Penjelasan section (a page that opens with one continues Lampiran 2).
PENJELASAN_PART = regex.compile(
    r"^(?:\d{1,2}[.)]\s*|[a-z][.)]\s*)?(?:Uraian\s+Sasaran|Definisi\s+Operasional|"
    r"Cara\s+Perhitungan|Formulasi|Rumus|Sumber\s+Data|Dasar\s+Hukum)\b[^\t]{0,40}$",
    regex.I,
)
TABEL_KINERJA = regex.compile(r"^TABEL\s+KINERJA\b|\bPERJANJIAN\s+KINERJA\s+ESELON\b", regex.I)
OTHER_HEAD = regex.compile(
    r"^(?:KATA\s+PENGANTAR|DAFTAR\s+ISI|PAKTA\s+INTEGRITAS|RENCANA\s+AKSI|INDIKATOR\s+KINERJA\s+"
    r"UTAMA|SASARAN\s+KINERJA\s+PEGAWAI|SURAT\s+PERNYATAAN|BAB\s+[IVX]+)\b"
)
LETTERHEAD = regex.compile(
    r"^(?:(?:PEMERINTAH|DINAS|BADAN|KANTOR|SEKRETARIAT|INSPEKTORAT|KABUPATEN|KOTA|PROVINSI|"
    r"Jalan|Telp|Telepon|Alamat|Website|Laman|E-?mail|Kode\s+Pos)\b|Jl\.)",
    regex.I,
)
AGREEMENT_BODY = regex.compile(
    r"bertanda\s*tangan|^(?:\d+\.\s*)?nama\s*[:\t]|^pada\s+hari\s+ini", regex.I
)

ROLE_LINE = regex.compile(r"^(?:PIHAK\s+(PERTAMA|KESATU|KEDUA|I{1,2}))\s*[,:.]?\s*(.*)$", regex.I)
# The same lines as ``NIP\s*[.:]?\s*[.:]?\s*[\d\s.]{8,}\)?\s*$`` (its spaces and dots up
# to the last colon, then 8+ digits, spaces or dots) without splitting one space run three
# ways: linear on hostile lines.
NIP_LINE = regex.compile(
    r"^\(?\s*(?:NIP|N\s?I\s?P)(?:\s*+(?:\.\s*+)?:|\s*+:\s*+:)?[\d\s.]{8,}+\)?\s*$", regex.I
)
NAME_IN_PARENS = regex.compile(r"^\(\s*[^()]{2,80}\)$")
RANK_LINE = regex.compile(
    r"^(?:Pangkat\s*:?\s*)?(?:Pembina|Penata|Pengatur|Juru)(?:\s+(?:Utama|Madya|Muda|Tk\.?\s*I|"
    r"Tingkat\s+I))*\s*(?:\(?\s*(?:IV|III|II|I)\s*/\s*[a-e]\s*\)?)?[,.]?$",
    regex.I,
)
POSITION_WORD = regex.compile(
    r"\b(?:KEPALA|KASUBAG|KASUBBAG|KASI|KASIE|KABID|SEKRETARIS|SEKDA|BUPATI|WALIKOTA|WALI\s+KOTA|"
    r"GUBERNUR|WAKIL|CAMAT|LURAH|DIREKTUR|INSPEKTUR|BENDAHARA|PRANATA|PENGELOLA|ANALIS|STAF|"
    r"STAFF|PELAKSANA|PENGADMINISTRASI|PENYULUH|PLT|PLH|PJ|PJS|DINAS|BADAN|BIDANG|SEKSI|BAGIAN|"
    r"SUB|KANTOR|KECAMATAN|KELURAHAN|UPTD|UPT|KABUPATEN|KOTA|PROVINSI|MENTERI|KOORDINATOR|"
    r"FUNGSIONAL|PERENCANA|ARSIPARIS|OPERATOR|KETUA|ASISTEN|KASUBBID|KASUBID|KABAG|PENGAWAS|"
    r"ADMINISTRATOR|KEPEGAWAIAN|KEUANGAN|UMUM|PERENCANAAN|PELAYANAN|PM-PTSP|PTSP)\b",
    regex.I,
)


# A line that begins with a position title (optionally after an acting marker): what the
# head of a signature column looks like, as opposed to a paragraph line that mentions one.
POSITION_START = regex.compile(
    r"^(?:(?:Plt|Plh|Pj|Pjs|a\.\s?n|u\.\s?b)\.?\s*)?(?:KEPALA|SEKRETARIS|SEKDA|BUPATI|WAKIL|"
    r"WALI\s*KOTA|GUBERNUR|CAMAT|LURAH|KASUBAG|KASUBBAG|KASUBBID|KASUBID|KASI|KASIE|KABID|KABAG|"
    r"DIREKTUR|INSPEKTUR|BENDAHARA|PRANATA|PENGELOLA|ANALIS|STAF|STAFF|PELAKSANA|PENGADMINISTRASI|"
    r"PENYULUH|KOORDINATOR|FUNGSIONAL|PERENCANA|ARSIPARIS|OPERATOR|KETUA|ASISTEN|MENTERI|"
    r"PEJABAT|PIMPINAN)\b",
    regex.I,
)


def unspread(text: str) -> str:
    """``P E R J A N J I A N K I N E R J A T A H U N 2 0 2 5`` as ``PERJANJIAN KINERJA TAHUN
    2025``: a heading printed with spaced letters, its words found again from the heading
    vocabulary. Any other line is returned unchanged."""
    if len(text) > 200 or not _SPREAD.match(text):
        return text
    return _SPREAD_WORDS.sub(" ", text.replace(" ", ""))


def is_pk_title(text: str) -> bool:
    """A PK title line: one that names its year (``PK_TITLE``), or the title words followed
    by nothing or by heading words only (``PERJANJIAN KINERJA``, ``PERJANJIAN KINERJA ESELON
    III``, ``FORMULIR PERJANJIAN KINERJA TINGKAT UNIT ORGANISASI ESELON I``), also spread.
    A sentence that starts with the words (``Perjanjian Kinerja ini ...``) is not a title."""
    text = unspread(text)
    if PK_TITLE.match(text):
        return True
    match = _PK_WORDS.match(text)
    if not match or len(text) > 120 or len(match.group(1).split()) > _MAX_HEADING_WORDS:
        return False
    return bool(_HEADING_WORDS.match(match.group(1)))


def pk_title_year(text: str) -> str | None:
    """The year a PK title line names, if it names one."""
    match = PK_TITLE.match(unspread(text))
    return match.group(1) if match else None


def is_lampiran_head(text: str) -> bool:
    text = unspread(text)
    return bool(LAMPIRAN_HEAD.match(text) or LAMPIRAN_ANY_CASE.match(text))


def is_penjelasan_head(text: str) -> bool:
    return bool(PENJELASAN_HEAD.match(unspread(text)))


def is_page_marker(text: str) -> bool:
    """Provenance printed as a line of its own, not content: ``Halaman 3 dari 9``, ``Hal. 3``,
    ``- 3 -``, ``-- 3 --``, ``Page 3 of 9`` and the ``(3)`` of web transcripts (whether the
    ``(3)`` lines of a text count its pages or a table's columns is decided over the whole
    text, in ``pages._page_markers``)."""
    return len(text) <= 24 and bool(_PAGE_MARKER.match(text))


def is_flat_table_header(text: str) -> bool:
    """A table header flattened to one line without tabs (``NO. SASARAN STRATEGIS INDIKATOR
    KINERJA TARGET``, as pdftotext and pypdfium2 print it): three column words, short line."""
    if len(text) > 160:
        return False
    lowered = text.lower()
    if "indikator" not in lowered and "sasaran" not in lowered and "uraian" not in lowered:
        return False  # cheap gate: every such header names one of these
    return len({w.lower() for w in _TABLE_WORDS.findall(text)}) >= 3


def heading_role(text: str) -> str | None:
    """What heading a line is, tested once per line behind a cheap gate: ``pk`` (a PK title),
    ``lampiran``, ``other`` (a non-PK heading), ``penjelasan`` (the Penjelasan heading),
    ``tabel`` (TABEL KINERJA), ``section`` (a Penjelasan section start), or None."""
    if not _HEAD_GATE.match(text):
        return None
    if is_pk_title(text):
        return "pk"
    if is_lampiran_head(text):
        return "lampiran"
    if OTHER_HEAD.match(text):
        return "other"
    if is_penjelasan_head(text):
        return "penjelasan"
    if TABEL_KINERJA.match(text):
        return "tabel"
    if SECTION_START.match(text):
        return "section"
    return None


def is_heading(text: str) -> bool:
    """A line that opens a page: a PK title, a LAMPIRAN heading or a non-PK heading."""
    return bool(is_pk_title(text) or is_lampiran_head(text) or OTHER_HEAD.match(text))


def unshift_heading(text: str) -> str:
    """Rule "a heading is never a table cell": a line whose only printed cell follows empty
    ones (a centred heading that ``pdftotext -layout`` indents, or a PDF layout puts in the
    right column: ``\\tLAMPIRAN II``) is that heading when the cell is one; else unchanged."""
    if not text.startswith("\t"):
        return text  # cheap gate: a shifted heading has an empty first cell
    cells = [cell for cell in text.split("\t") if cell.strip()]
    if len(cells) == 1 and is_heading(cells[0].strip()):
        return cells[0].strip()
    return text


_SIGNATURE_END_STARTS = frozenset("(NnPpJj")


def is_signature_end(text: str) -> bool:
    """A line that typically closes a signature block: NIP, a name in parentheses, a rank."""
    if text.lstrip()[:1] not in _SIGNATURE_END_STARTS:
        return False  # cheap gate: each of the three starts with one of these
    return bool(NIP_LINE.match(text) or NAME_IN_PARENS.match(text) or RANK_LINE.match(text))


# Sentence text: a capitalised word and two lower-case words ("Dalam rangka mewujudkan").
_SENTENCE_START = regex.compile(r"\p{Lu}\p{Ll}+[,;]?\s+\p{Ll}[\p{Ll}\-]*[,;]?\s+\p{Ll}")
_GLUE_GATE = regex.compile(
    r"^(?:\d{1,2}[.)]\s*)?(?:FORMULIR\s+)?(?:PERJANJIAN|PENETAPAN|LAMPIRAN|PENJELASAN)\s", regex.I
)
_WORD_START = regex.compile(r"(?<=\s)\S")
_MAX_GLUED_HEAD_WORDS = 16
_LOWER = regex.compile(r"\p{Ll}")


def glued_heading_end(text: str) -> int | None:
    """Rule "a heading glued to its text": where a heading printed at the start of a line
    ends when sentence text follows it on the same line (web transcripts join lines:
    ``PERJANJIAN KINERJA TAHUN 2019 Dalam rangka mewujudkan ...``), else None.

    The heading is a PK title, a LAMPIRAN or a PENJELASAN heading in capitals, or a PK title
    in any case that ends with its year; the text is a sentence (a capitalised word, then
    lower-case words). A caption in mixed case (``Lampiran I Perjanjian Kinerja tingkat
    ...``) or a heading with its capitalised agency is left whole."""
    if len(text) < 24 or "\t" in text or not _GLUE_GATE.match(text):
        return None  # cheap gate: every such heading starts with one of these words
    for n, word in enumerate(_WORD_START.finditer(text)):
        if n >= _MAX_GLUED_HEAD_WORDS:
            break
        start = word.start()
        if not _SENTENCE_START.match(text, start):
            continue
        head = text[:start].rstrip(" :,")
        if PK_TITLE.match(head):
            return start
        if _LOWER.search(head):
            return None  # the heading words are in mixed case: a caption or a sentence
        return start if heading_role(head) in ("pk", "lampiran", "penjelasan") else None
    return None


# A form's empty cell: dots or underscores where a value goes, perhaps in parentheses
# (``....................``, ``( .................. )``, ``____``). Both runs possessive: what
# follows them never starts with a dot, and the spaces they keep \s* would take: linear.
# A target table's header row: a TARGET column beside an INDIKATOR or SASARAN one.
TARGET_HEADER = regex.compile(
    r"^(?=.{0,300}$)(?=.*\bTARGET\b)(?=.*\b(?:INDIKATOR|SASARAN)\b)", regex.I
)
# An amount: ``Rp`` with digits, or a number grouped in thousands at least twice.
AMOUNT = r"\bRp\.?\s*+\d|(?<![\d.,])\d{1,3}(?:[.,]\d{3}){2,}(?!\d)"
_BLANK_CELL = regex.compile(r"^\(?\s*[._…]{3,}+[\s._…]*+\)?\s*[,:]?$")
# Lines a signature name never is: a heading (a PK title, even with its year left blank:
# ``PERJANJIAN KINERJA TAHUN .......``), a letter's number (``NOMOR ...``), and the caption of
# an image or stamp printed in parentheses (``(Logo Garuda Pancasila)``, ``(Materai 10000)``).
_NEVER_A_NAME = regex.compile(
    r"^(?:\d{1,2}[.)]\s*)?(?:FORMULIR\s+)?(?:PERJANJIAN|PENETAPAN)\s+KINERJA\b"
    r"|^(?:LAMPIRAN|PENJELASAN)\b|^NOMOR\b(?!\s*[:.]?\s*\p{Lu}\p{Ll})"
    r"|^[(\[]\s*(?:logo|lambang|gambar|foto|stempel|cap|materai|meterai|garuda|tanda\s+tangan)\b",
    regex.I,
)


def is_blank_cell(text: str) -> bool:
    """Rule "a blank form cell is an empty value": dots or underscores only (a form nobody
    filled in), never a name, a position or a signature."""
    return bool(_BLANK_CELL.match(text.strip()))


def never_a_name(text: str) -> bool:
    """Rule "a signature name is never a heading, a NOMOR line or an image caption"."""
    return bool(_NEVER_A_NAME.match(text.strip())) or heading_role(text) is not None
