"""Text as PDFium (pypdfium2 ``get_text_range``) hands a PK bundle over: ``\\r\\n`` line ends,
pages joined by form feeds, and side-by-side signature columns flattened row by row, so both
role heads come one per line and the two names (or the two positions) share one line.

Every case is generated: names from name words and titles, parties' statements and signature
blocks rendered the way PDFium prints them (see the converter matrix,
tests/test_converter_matrix.py, for the real renderings of the sample PDFs).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.parse.parties import parse_parties
from extractor.parse.signatures import read_signatures, two_names
from extractor.pipeline import extract_bytes

from .pagekit import page

NAME_WORDS = [
    "RIYANTO", "PAMUNGKAS", "MOUDY", "NAZOLLA", "ARIFIN", "NASUTION", "YOHANES", "SITORUS",
    "SYAMSUL", "BAHRI", "HENDRA", "WIRATAMA", "MASRUR", "EFENDI", "TENRI", "SOMPA", "BUDIMAN",
    "RAJUNI", "KOMBONG", "SAINAB", "SAMARING", "WAHYUNI", "NURHAYATI", "PRATAMA", "RAHARJO",
]  # fmt: skip
PREFIXES = ["", "", "Drs. ", "Ir. ", "Dr. ", "H. ", "Drs. H. ", "dr. "]
SUFFIXES = [", S.E.", ", M.Si", ", S.Sos.,M.Si", ", S.STP., MH", ", S.T., M.T.", ", SKM, M.Kes."]
NIP_A, NIP_B = "19700317 199603 1 004", "19840819 200212 1 001"


@dataclass(frozen=True)
class Person:
    bare: str
    prefix: str
    suffix: str

    @property
    def printed(self) -> str:
        return f"{self.prefix}{self.bare}{self.suffix}"


def people(min_words: int = 2) -> st.SearchStrategy[tuple[Person, Person]]:
    """Two different people, each two or three name words with optional titles."""
    words = st.lists(st.sampled_from(NAME_WORDS), min_size=min_words, max_size=3, unique=True)
    person = st.builds(
        lambda w, p, s: Person(" ".join(w), p, s),
        words,
        st.sampled_from(PREFIXES),
        st.sampled_from(SUFFIXES),
    )
    return st.tuples(person, person).filter(
        lambda ab: not set(ab[0].bare.split()) & set(ab[1].bare.split())
    )


def statement(first: Person, first_position: str, second: Person, second_position: str) -> str:
    return (
        "PERJANJIAN KINERJA TAHUN 2025\n"
        "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel serta\n"
        "berorientasi pada hasil, kami yang bertanda tangan di bawah ini :\n"
        f"Nama: {first.printed}\nJabatan: {first_position}\nSelanjutnya disebut PIHAK PERTAMA\n"
        f"Nama: {second.printed}\nJabatan: {second_position}\n"
        "Selaku atasan PIHAK PERTAMA, selanjutnya disebut PIHAK KEDUA.\n"
        "PIHAK PERTAMA pada tahun 2025 berjanji akan mewujudkan target kinerja tahunan sesuai lampiran\n"
        "perjanjian ini dalam rangka mencapai target kinerja jangka menengah.\n"
    )


def _read(statement_text: str, block: str):
    parties = parse_parties(page(statement_text))
    return read_signatures(page(statement_text + block), parties)


# --- two names on one line ----------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(people(), st.booleans())
def test_two_names_on_one_line_under_two_role_heads(
    pair: tuple[Person, Person], parens: bool
) -> None:
    """Rule "two names on one line": the left (Pihak Kedua) name and the right one, glued, are
    cut by the titles that end the first, or by the parties' names where it has none; the NIP
    under them belongs to the right one (the elected head prints none)."""
    second, first = pair  # left column: Pihak Kedua
    left, right = (
        (f"({second.printed})", f"({first.printed})") if parens else (second.printed, first.printed)
    )
    block = (
        "PIHAK KEDUA\nBUPATI PRINGSEWU\nPIHAK PERTAMA\nKEPALA DINAS KOMUNIKASI DAN\nINFORMATIKA\n"
        f"{left} {right}\nPembina Tk. I\nNIP. {NIP_B}\n"
    )
    text = statement(first, "KEPALA DINAS KOMUNIKASI DAN INFORMATIKA", second, "BUPATI PRINGSEWU")
    sigs = _read(text, block).signatures
    got = [(s.role, s.name, s.nip, s.position) for s in sigs]
    assert got == [
        ("second_party", second.bare, None, "BUPATI PRINGSEWU"),
        (
            "first_party",
            first.bare,
            NIP_B.replace(" ", ""),
            "KEPALA DINAS KOMUNIKASI DAN INFORMATIKA",
        ),
    ]
    assert sigs[1].rank == "Pembina Tk. I"


@settings(max_examples=60, deadline=None)
@given(people())
def test_titles_cut_two_names_without_the_parties(pair: tuple[Person, Person]) -> None:
    left, right = pair
    if not left.suffix:
        return
    assert two_names(f"{left.printed} {right.printed}") == [left.printed, right.printed]


@pytest.mark.parametrize(
    "text",
    [
        "ANDI RAJUNI, SE,M.M",  # one name, glued degrees
        "Hj. SRI WAHYUNINGSIH, S.E.,M.Ak.",
        "AYUB KOMBONG, S.T.M.Si.",
        "Malili, 02 Januari 2025",  # a date
        "BUDI SANTOSO, S.E Pembina Tk. I",  # a rank after the name is no second name
        "KEPALA DINAS PENDIDIKAN, PEMUDA DAN OLAHRAGA",  # a position with a comma
        "BUDI SANTOSO, S.E. KEPALA DINAS",
    ],
)
def test_one_name_or_other_lines_are_not_cut(text: str) -> None:
    assert two_names(text) is None


def test_a_name_that_is_one_party_is_not_cut_by_the_parties() -> None:
    first, second = Person("MOUDY ARY NAZOLLA", "", ""), Person("ARY NAZOLLA", "", "")
    text = statement(first, "KEPALA DINAS", second, "BUPATI")
    block = f"PIHAK KEDUA\nBUPATI\nPIHAK PERTAMA\nKEPALA DINAS\nMOUDY ARY NAZOLLA\nNIP. {NIP_B}\n"
    names = [s.name for s in _read(text, block).signatures]
    assert "MOUDY ARY NAZOLLA" in names and "MOUDY" not in names


# --- more names than heads: two positions in one head ---------------------------------------


@settings(max_examples=40, deadline=None)
@given(people(), st.booleans())
def test_two_positions_on_one_line_without_role_words(
    pair: tuple[Person, Person], abbr: bool
) -> None:
    """Rule "more names than heads": ``BUPATI X KEPALA DINAS Y`` (then ``DAN Z``, the right
    column's wrap) is cut before the second position; an abbreviation before it (an OCR'd
    ``Pgs.``) goes with it."""
    second, first = pair
    if not second.suffix:
        second = Person(second.bare, second.prefix, ", S.E.")
    acting = "Pgs. " if abbr else ""  # an acting marker the position words do not know
    block = (
        "Larangan, 10 Jan 2025\n"
        f"BUPATI BUKIT LARANGAN {acting}KEPALA DINAS PEKERJAAN UMUM\nDAN PENATAAN RUANG\n"
        f"{second.printed} {first.printed}\nPembina Utama Muda\nNIP. {NIP_A}\n"
    )
    text = statement(
        first, "KEPALA DINAS PEKERJAAN UMUM DAN PENATAAN RUANG", second, "BUPATI BUKIT LARANGAN"
    )
    got = [(s.role, s.name, s.nip, s.position) for s in _read(text, block).signatures]
    assert got == [
        ("second_party", second.bare, None, "BUPATI BUKIT LARANGAN"),
        (
            "first_party",
            first.bare,
            NIP_A.replace(" ", ""),
            f"{acting}KEPALA DINAS PEKERJAAN UMUM DAN PENATAAN RUANG",
        ),
    ]


@settings(max_examples=40, deadline=None)
@given(people())
def test_two_positions_stacked_without_role_words(pair: tuple[Person, Person]) -> None:
    """Both positions as one run of lines: cut before the line that starts a position after
    a complete one; names and NIPs one after the other."""
    second, first = pair
    block = (
        "Larangan, 10 Jan 2025\nKEPALA DINAS PEKERJAAN UMUM\nDAN PENATAAN RUANG\n"
        f"KEPALA BIDANG BINA MARGA\n{second.printed}\nNIP. {NIP_A}\n{first.printed}\nNIP. {NIP_B}\n"
    )
    text = statement(first, "KEPALA BIDANG BINA MARGA", second, "KEPALA DINAS PEKERJAAN UMUM")
    got = [(s.role, s.name, s.nip, s.position) for s in _read(text, block).signatures]
    assert got == [
        (
            "second_party",
            second.bare,
            NIP_A.replace(" ", ""),
            "KEPALA DINAS PEKERJAAN UMUM DAN PENATAAN RUANG",
        ),
        ("first_party", first.bare, NIP_B.replace(" ", ""), "KEPALA BIDANG BINA MARGA"),
    ]


def test_two_positions_by_the_parties_and_a_comma_between() -> None:
    person = Person("ISKANDAR MUDA", "", ", S.Sos.,M.Si")
    other = Person("JONI", "", ", SE")
    text = statement(other, "BENDAHARA PENGELUARAN", person, "KASUBAG UMUM DAN KEUANGAN")
    block = (
        "Malili, 2 Januari 2025\nKASUBAG UMUM DAN KEUANGAN BENDAHARA PENGELUARAN\n"
        f"{person.printed}\nNip. {NIP_A}\n{other.printed}\nNip. {NIP_B}\n"
    )
    got = [(s.role, s.name, s.position) for s in _read(text, block).signatures]
    assert got == [
        ("second_party", "ISKANDAR MUDA", "KASUBAG UMUM DAN KEUANGAN"),
        ("first_party", "JONI", "BENDAHARA PENGELUARAN"),
    ]
    # one person signing for both sides: the positions tell the columns apart
    text = statement(person, "SEKRETARIS DINAS", person, "KEPALA DINAS")
    block = (
        f"Malili, 2 Januari 2025\nKepala Dinas, Sekretaris,\n{person.printed} {person.printed}\n"
    )
    got = [(s.name, s.position) for s in _read(text, block).signatures]
    assert got == [("ISKANDAR MUDA", "Kepala Dinas"), ("ISKANDAR MUDA", "Sekretaris")]


def test_a_modifier_does_not_start_a_cut() -> None:
    """``WAKIL BUPATI`` is one position: no cut after ``WAKIL`` even with two names."""
    second, first = Person("ARIFIN NASUTION", "H. ", ", S.E."), Person("BUDI SANTOSO", "", ", M.T.")
    text = statement(first, "KEPALA DINAS", second, "WAKIL BUPATI BUKIT LARANGAN")
    block = (
        f"Larangan, 10 Jan 2025\nWAKIL BUPATI BUKIT LARANGAN\n{second.printed} {first.printed}\n"
    )
    positions = [s.position for s in _read(text, block).signatures]
    assert "BUPATI BUKIT LARANGAN" not in positions


# --- a whole bundle in PDFium's rendering -----------------------------------------------------


def pdfium_bundle(first: Person, second: Person) -> bytes:
    """One agreement page and its Lampiran I, as ``get_text_range`` joins them: ``\\r\\n``
    line ends, a form feed right after each page's last line, both signature columns
    flattened row by row."""
    block = (
        "PIHAK KEDUA\r\nBUPATI PRINGSEWU\r\nPIHAK PERTAMA\r\nKEPALA DINAS KOMUNIKASI DAN\r\n"
        f"INFORMATIKA\r\n{second.printed} {first.printed}\r\nPembina Tk. I\r\nNIP. {NIP_B}"
    )
    agreement = statement(
        first, "KEPALA DINAS KOMUNIKASI DAN INFORMATIKA", second, "BUPATI PRINGSEWU"
    )
    lampiran = (
        "PERJANJIAN KINERJA TAHUN 2025\r\nDINAS KOMUNIKASI DAN INFORMATIKA KABUPATEN PRINGSEWU\r\n"
        "No Sasaran Strategis Indikator Sasaran Target\r\n"
        "1 Meningkatnya Kualitas Informatika Indeks SPBE 2,8 Indeks\r\n"
        "2 Meningkatnya Keamanan Informasi Cakupan Pengamanan Informasi 100%\r\n"
    )
    text = agreement.replace("\n", "\r\n") + block + "\f" + lampiran + block
    return text.encode("utf-8")


@settings(max_examples=15, deadline=None)
@given(people())
def test_a_pdfium_bundle_gives_both_signers_on_every_page(pair: tuple[Person, Person]) -> None:
    second, first = pair
    record = extract_bytes(pdfium_bundle(first, second), "bundle.pypdfium2.txt")
    (agreement,) = record.agreements
    got = [(s.page, s.role, s.name, s.nip) for s in agreement.signatures]
    nip = NIP_B.replace(" ", "")
    assert got == [
        (1, "second_party", second.bare, None),
        (1, "first_party", first.bare, nip),
        (2, "second_party", second.bare, None),
        (2, "first_party", first.bare, nip),
    ]
    assert agreement.first_party.nip == nip and agreement.second_party.nip is None


# --- tables: rows flattened with single spaces, each cell's lines printed apart -----------

SASARAN = ["Meningkatnya Derajat Kesehatan Masyarakat", "Meningkatnya Mutu Pelayanan Publik"]
INDICATORS = [
    ("Angka Harapan Hidup", "71,25", "Tahun"),
    ("Jumlah Kematian Ibu", "maks 5", "Kasus"),
    ("Prevalensi Stunting pada Balita", "< 14", "Persen"),
    ("Persentase Puskesmas Terakreditasi", "≥ 80", "%"),
    ("Indeks Kepuasan Masyarakat terhadap Layanan Kesehatan", "82,50", "Indeks"),
    ("Nilai SAKIP Perangkat Daerah", "72,00", "Poin"),
]


def _rows(text: str) -> list[list[str]]:
    from extractor.cells import rebuild_cells
    from extractor.normalise import normalise

    lines, _ = normalise(text)
    return [line.text.split("\t") for line in rebuild_cells(lines) if "\t" in line.text]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(range(len(INDICATORS))), min_size=2, max_size=5, unique=True),
    st.integers(1, 3),
    st.booleans(),
)
def test_indicators_under_one_sasaran_without_their_number(
    picked: list[int], first_row: int, wrap: bool
) -> None:
    """R6b: under a Satuan (unit) column, a line after a complete row that opens with its own
    indicator and holds its own target is another indicator of the same Sasaran (PDFium
    prints the merged Sasaran cell on the first row only), even wrapped over lines with the
    target on a line of its own; the unit printed after the target stays in Satuan."""
    chosen = [INDICATORS[i] for i in picked]
    lines = ["No Sasaran Strategis Indikator Kinerja Target Satuan"]
    (name, value, unit), rest = chosen[0], chosen[1:]
    lines.append(f"{first_row} {SASARAN[0]} {name} {value} {unit}")
    for name, value, unit in rest:
        words = name.split()
        if wrap and len(words) > 3:
            lines += [" ".join(words[:3]), " ".join(words[3:]), f"{value} {unit}"]
        else:
            lines.append(f"{name} {value} {unit}")
    lines.append(f"{first_row + 1} {SASARAN[1]} Jumlah Layanan Publik 12 Dokumen")
    rows = _rows("\n".join(lines) + "\nRindang Jaya, 3 Februari 2025\n")
    assert rows[0] == ["No", "Sasaran Strategis", "Indikator Kinerja", "Target", "Satuan"]
    body = rows[1:]
    assert [r[2] for r in body] == [n for n, _, _ in chosen] + ["Jumlah Layanan Publik"]
    assert [r[0] for r in body] == [str(first_row)] + [""] * len(rest) + [str(first_row + 1)]
    assert all(v in r[3] for r, (_, v, _) in zip(body, chosen, strict=False))
    # the unit stays in Satuan, or with the target where it reads as part of it ("14 Persen")
    assert all(u in f"{r[3]} {r[4]}" for r, (_, _, u) in zip(body, chosen, strict=False))


def test_a_unit_on_a_line_of_its_own_is_no_indicator() -> None:
    rows = _rows(
        "No Sasaran Strategis Indikator Kinerja Target Satuan\n"
        "1 Meningkatnya Mutu Layanan Indeks Kepuasan Masyarakat 82,50\nIndeks\n"
        "2 Meningkatnya Akuntabilitas Nilai SAKIP 72 Poin\nRindang Jaya, 3 Februari 2025\n"
    )
    assert [r[0] for r in rows[1:]] == ["1", "2"]
    assert rows[1][4] == "Indeks"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(range(len(INDICATORS))), min_size=2, max_size=4, unique=True))
def test_penjelasan_rows_one_line_each(picked: list[int]) -> None:
    """R6b without row numbers: where a row's note begins on the line of its target, a line
    opening with a capitalised text and holding its own target is the next row; R2b: a
    comparator in words (``paling banyak``, ``kurang dari``) opens the target."""
    words = {"maks 5": "paling banyak 5", "< 14": "kurang dari 14"}
    chosen = [INDICATORS[i] for i in picked]
    lines = ["Indikator Kinerja Target Penjelasan"]
    for name, value, unit in chosen:
        lines.append(f"{name} {words.get(value, value)} {unit.lower()} Target mengacu pada RPJMD")
    rows = _rows("\n".join(lines) + "\nPenjelasan Kinerja 2\n")
    assert [r[0] for r in rows[1:]] == [n for n, _, _ in chosen]
    for row, (_, value, _) in zip(rows[1:], chosen, strict=True):
        assert row[1].startswith(words.get(value, value)) and row[2] == "Target mengacu pada RPJMD"


def test_a_note_on_lines_of_its_own_keeps_its_value() -> None:
    """pdftotext raw prints the note apart from the target: ``Target 97% ...`` is note."""
    rows = _rows(
        "Indikator Kinerja Target Penjelasan\nPersentase urusan berjalan sesuai\nstandar\n\n"
        "97%\n\nTarget 97% berdasarkan target Renstra untuk tahun\n2025 .\n\nPERJANJIAN KINERJA\n"
    )
    assert len(rows) == 2 and rows[1][2].startswith("Target 97%")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(range(len(INDICATORS))), min_size=1, max_size=3, unique=True))
def test_quarterly_targets_side_by_side_and_cells_printed_apart(picked: list[int]) -> None:
    """R2d: a line of values only is the row's target and quarterly targets, one per column
    (``-`` an empty quarter); R2c: each cell's lines printed apart, a line ending with a
    lower-case word goes on below even onto a column word (``... terhadap`` / ``Target``)."""
    lines = [
        "No Sasaran",
        "Strategis",
        "Indikator",
        "Kinerja",
        "Target Target TW I TW II TW III TW IV",
    ]
    lines += ["1 Meningkatnya", "Pendapatan Asli", "Daerah"]
    expected = []
    for n, i in enumerate(picked):
        name = INDICATORS[i][0]
        if n == 0:
            name = f"{name} terhadap Target"
        words = name.split()
        lines += [" ".join(words[k : k + 2]) for k in range(0, len(words), 2)]
        quarters = ["20 %", "-", "45 %", "100 %"] if n % 2 else ["BB", "-", "-", "BB"]
        lines.append(" ".join(["100 %", *quarters]))
        expected.append([name, "100 %", *quarters])
    rows = _rows("\n".join(lines) + "\nNo Program Anggaran Keterangan\n")
    assert rows[0][3:] == ["Target", "Target TW I", "TW II", "TW III", "TW IV"]
    assert [r[2:] for r in rows[1:]] == expected
    assert rows[1][1] == "Meningkatnya Pendapatan Asli Daerah"


@pytest.mark.parametrize(
    "text",
    [
        "12 Laporan",
        "2025 2026",
        "1 2",
        "- -",
        "Rp 5.000 APBD",
        "100 % Target tercapai",
        "3 sd 6 hari",
    ],
)
def test_what_is_no_run_of_values(text: str) -> None:
    from extractor.cells import value_run

    assert value_run(text) is None


def test_an_indicator_begins_at_its_first_measure_word() -> None:
    """``Nilai Realisasi Investasi`` inside a Sasaran is no indicator start: the indicator
    begins at the first of consecutive measure words, after the result word's phrase."""
    rows = _rows(
        "No Sasaran Strategis Indikator Kinerja Target\n"
        "1 Meningkatnya Nilai Realisasi Investasi Daerah Nilai Investasi (PMA dan PMDN) 3.300\n"
        "2 Meningkatnya Pendapatan Asli Daerah Realisasi Pendapatan Asli Daerah 100 %\n"
        "3 Terbangunnya Jalan Baru Panjang Jalan yang Dibangun 6,2 km\n"
        "Rindang Jaya, 3 Februari 2025\n"
    )
    assert [r[1:3] for r in rows[1:]] == [
        ["Meningkatnya Nilai Realisasi Investasi Daerah", "Nilai Investasi (PMA dan PMDN)"],
        ["Meningkatnya Pendapatan Asli Daerah", "Realisasi Pendapatan Asli Daerah"],
        ["Terbangunnya Jalan Baru", "Panjang Jalan yang Dibangun"],
    ]


@settings(max_examples=30, deadline=None)
@given(
    st.sampled_from(["Terbangunnya", "Tertanganinya", "Terpeliharanya", "Berfungsinya"]),
    st.sampled_from(["Pembangunan Jalan", "Rehabilitasi Jalan", "Pemeliharaan Berkala Jalan"]),
    st.booleans(),
)
def test_a_sasaran_begins_at_any_result_noun(result: str, program: str, wrap: bool) -> None:
    """R2e: under Program | Sasaran | Indikator the Sasaran begins at a result noun, any
    ``ter-``/``ber-`` word ending ``-nya`` (not only the listed ones)."""
    sasaran = f"{result} Jalan Baru"
    row = f"c. {program} {sasaran} Panjang Jalan yang"
    tail = "Dibangun\n6,2 km" if wrap else "Dibangun 6,2 km"
    rows = _rows(
        "No Program / Kegiatan / Sub Kegiatan Sasaran Indikator Kinerja Target\n"
        f"{row}\n{tail}\nLarangan, 10 Januari 2025\n"
    )
    assert rows[1] == ["c.", program, sasaran, "Panjang Jalan yang Dibangun", "6,2 km"]


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.integers(1_000, 900_000), min_size=1, max_size=4),
    st.sampled_from(["JUMLAH", "TOTAL", "Jumlah"]),
    st.sampled_from(["Rindang Jaya, 3 Februari 2025", "PIHAK KEDUA,", "Mengetahui"]),
)
def test_a_total_line_with_its_amount_ends_the_rows(
    thousands: list[int], word: str, below: str
) -> None:
    """A total word with its amount on the line (``JUMLAH Rp. 38.412.775.400,00``) is the
    total, whatever line follows: only a total word alone may begin a wrapped cell."""

    def rupiah(n: int) -> str:
        return f"Rp. {n * 1000:,}".replace(",", ".") + ",00"

    lines = ["No Kegiatan Indikator Anggaran Ket"]
    for i, n in enumerate(thousands, 1):
        lines.append(f"{i} Administrasi Keuangan Perangkat Daerah Jumlah laporan yang disusun")
        lines.append(f"{rupiah(n)} APBD")
    lines += [f"{word} {rupiah(sum(thousands))}", below]
    rows = _rows("\n".join(lines) + "\n")
    assert [r[-1] for r in rows[1:-1]] == ["APBD"] * len(thousands)
    assert rows[-1][1] == word and rows[-1][3] == rupiah(sum(thousands))


@settings(max_examples=30, deadline=None)
@given(
    st.sampled_from(["Kondisi Mantap", "Kondisi Mantap Berkala", "Baik"]),
    st.booleans(),
    st.sampled_from(["g.", "7", "b."]),
)
def test_the_rest_of_a_row_cut_by_the_page_break(rest: str, numbers: bool, no: str) -> None:
    """R10b: after a table header repeated on the next page, a line or two of text before
    the first row number (the cut cells of the page's last row) do not end the table."""
    header = "No Program / Kegiatan / Sub Kegiatan Sasaran Indikator Kinerja Target"
    text = (
        f"{header}\nf. Pemeliharaan Berkala Jalan Terpeliharanya Jalan Panjang Jalan yang\n"
        f"Dipelihara\n10 km\f{header}\n" + ("(1) (2) (3) (4) (5)\n" if numbers else "")
    )
    text += f"{rest}\n{no} Pembangunan Jembatan Terbangunnya Jembatan Jumlah Jembatan 3 unit\n"
    rows = _rows(text + "Larangan, 10 Januari 2025\n")
    assert rows[-1] == [
        no,
        "Pembangunan Jembatan",
        "Terbangunnya Jembatan",
        "Jumlah Jembatan",
        "3 unit",
    ]


def test_text_without_a_number_after_it_still_ends_the_table() -> None:
    rows = _rows(
        "No Sasaran Strategis Indikator Kinerja Target\nCatatan tambahan\nuntuk pembaca\n"
        "tanpa nomor baris\n1 Meningkatnya Mutu Indeks Kepuasan 82\n"
    )
    assert len(rows) <= 1  # no row is invented from the prose


UNITS = ["objek", "wajib pajak", "dokumen", "orang", "%"]


@st.composite
def quarterly_cells(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """Five value cells (target, TW I-IV) as PDFium prints them: runs of cells on one line,
    the last of a run wrapped before its unit (unit words one per line below it)."""
    unit = draw(st.sampled_from(UNITS))
    dotted = st.builds(lambda a, b: f"{a}.{b}", st.integers(1, 99), st.integers(100, 999))
    whole = st.integers(10, 999).map(str)  # "150" alone on a line reads like a row number
    values = [draw(st.one_of(dotted, whole)) for _ in range(5)]
    cells = [f"{v} {unit}" for v in values]
    lines: list[str] = []
    i = 0
    while i < 5:
        size = draw(st.integers(1, 5 - i))
        run = values[i : i + size]
        wrapped = unit != "%" and draw(st.booleans())
        if wrapped:
            lines.append(" ".join([*(f"{v} {unit}" for v in run[:-1]), run[-1]]))
            lines += unit.split()
        else:
            lines.append(" ".join(f"{v} {unit}" for v in run))
        i += size
    return cells, lines


@settings(max_examples=60, deadline=None)
@given(st.lists(quarterly_cells(), min_size=1, max_size=3))
def test_quarterly_cells_wrapped_before_their_unit(rows_cells) -> None:
    """R2d/R2f: value cells wrapped before their unit (``12.500`` / ``objek``, ``110`` /
    ``wajib`` / ``pajak``) and runs of cells with units side by side are one target per
    column; a bare number under a value, not the next row number, is the next target."""
    lines = ["No Sasaran Kegiatan Indikator Kegiatan Target Target TW I TW II TW III TW IV"]
    for n, (_, cell_lines) in enumerate(rows_cells, 1):
        lines += [
            f"{n} Meningkatnya Cakupan",
            "Data Pajak Daerah",
            "Jumlah Objek Pajak",
            "yang Dimutakhirkan",
        ]
        lines += cell_lines
    rows = _rows("\n".join(lines) + "\nNo Sub Kegiatan Indikator Anggaran Keterangan\n")
    got = [r[3:] for r in rows[1 : 1 + len(rows_cells)]]
    assert got == [cells for cells, _ in rows_cells]
    assert [r[0] for r in rows[1 : 1 + len(rows_cells)]] == [
        str(n) for n in range(1, len(rows_cells) + 1)
    ]


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.integers(100, 99_000), min_size=2, max_size=4),
    st.sampled_from(["APBD", "DAK", "APBN"]),
    st.integers(0, 3),
)
def test_a_name_cell_wrapped_after_its_flattened_row(
    millions: list[int], fund: str, k: int
) -> None:
    """R6c: under a Keterangan column already holding the funding source, the line after a
    flattened budget row is the rest of its name (``a. Penyusunan ... Jaringan 1.250.000.000
    APBD`` / ``Jalan serta Perencanaan Teknis``), not more of the note."""
    k = min(k, len(millions) - 1)
    lines = ["No Program / Kegiatan / Sub Kegiatan Anggaran (Rp) Keterangan"]
    names = []
    for i, m in enumerate(millions):
        amount = f"{m:,}".replace(",", ".") + ".000.000"
        name = f"Penyusunan Rencana Teknis Bidang {['Air', 'Jalan', 'Irigasi', 'Gedung'][i]}"
        lines.append(f"{chr(97 + i)}. {name} {amount} {fund}")
        if i == k:
            lines.append("Jalan serta Perencanaan Teknis Penyelenggaraan Jembatan")
            name += " Jalan serta Perencanaan Teknis Penyelenggaraan Jembatan"
        names.append(name)
    rows = _rows("\n".join(lines) + "\nLarangan, 10 Januari 2025\n")
    assert [r[1] for r in rows[1:]] == names
    assert [r[3] for r in rows[1:]] == [fund] * len(millions)
