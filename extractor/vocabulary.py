"""Patterns for the words PK documents are built from, shared by the stages.

Kept in one place so that page inference, classification and the parsers agree on what
a heading, a role line or a NIP line is.
"""

from __future__ import annotations

import regex

PK_TITLE = regex.compile(
    r"^(?:\d+\.\s*)?(?:PERJANJIAN|PENETAPAN)\s+KINERJA\b.{0,80}?\b(?:TAHUN|TA\.?)\s*(?:ANGGARAN\s+)?(\d{4})$",
    regex.I,
)
LAMPIRAN_HEAD = regex.compile(r"^LAMPIRAN(?:\s+(\d+|[IVX]+)\b.*|\s*[:.]?\s*.*)$")
LAMPIRAN_NUMBER = regex.compile(r"^LAMPIRAN\s+(\d+|[IVX]+)\b", regex.I)
LAMPIRAN_ANY_CASE = regex.compile(r"^lampiran\s+(?:\d+|[ivx]+)\b", regex.I)
PENJELASAN_HEAD = regex.compile(r"^PENJELASAN\s+KINERJA(?:\s+TAHUN\s+\d{4})?\.?$", regex.I)
SECTION_START = regex.compile(
    r"^(?:[a-z]\)\s*)?Penjelasan\s+Kinerja\s+(\d+|[A-Z])\s*\.?\s*$", regex.I
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
NIP_LINE = regex.compile(r"^\(?\s*(?:NIP|N\s?I\s?P)\s*[.:]?\s*[.:]?\s*[\d\s.]{8,}\)?\s*$", regex.I)
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


def is_heading(text: str) -> bool:
    """A line that opens a page: a PK title, a LAMPIRAN heading or a non-PK heading."""
    return bool(
        PK_TITLE.match(text)
        or LAMPIRAN_HEAD.match(text)
        or LAMPIRAN_ANY_CASE.match(text)
        or OTHER_HEAD.match(text)
    )


def is_signature_end(text: str) -> bool:
    """A line that typically closes a signature block: NIP, a name in parentheses, a rank."""
    return bool(NIP_LINE.match(text) or NAME_IN_PARENS.match(text) or RANK_LINE.match(text))
