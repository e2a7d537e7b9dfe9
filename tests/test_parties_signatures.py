"""Parties of the agreement page and signature blocks in their flattened layouts."""

from __future__ import annotations

from extractor.parse.parties import parse_parties
from extractor.parse.signatures import read_signatures

from .pagekit import page

T = "\t"
BODY = (
    "PIHAK PERTAMA berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran "
    "perjanjian ini dalam rangka mencapai target kinerja jangka menengah."
)


def test_upper_case_labels_and_role_phrases() -> None:
    agreement = page(
        f"""
        PERJANJIAN KINERJA TAHUN 2025
        NAMA      : dr. HENDRA WIRATAMA, M.Kes
        JABATAN   : KEPALA DINAS KESEHATAN
        Untuk selanjutnya disebut PIHAK PERTAMA
        NAMA      : H. SYAMSUL BAHRI, S.H., M.H.
        JABATAN   : BUPATI SUNGAI RINDANG
        Selaku atasan PIHAK PERTAMA, untuk selanjutnya disebut PIHAK KEDUA
        {BODY}
        """
    )
    first, second = parse_parties(agreement)
    assert (first.name, first.titles, first.position) == (
        "HENDRA WIRATAMA",
        ["dr.", "M.Kes"],
        "KEPALA DINAS KESEHATAN",
    )
    assert (second.name, second.titles) == ("SYAMSUL BAHRI", ["H.", "S.H.", "M.H."])
    assert first.source.line_start == 2 and first.source.line_end == 3


def test_table_row_labels_role_headings_and_wrapped_position() -> None:
    agreement = page(
        f"""
        PIHAK KEDUA :
        | Nama | : | IR. BAMBANG SUTEJO |
        | Jabatan | : | WALIKOTA TIRTA MULYA |
        PIHAK PERTAMA :
        Nama{T}:{T}SITI AMINAH, S.E., M.M.
        Jabatan{T}:{T}KEPALA BADAN PENDAPATAN
        DAERAH KOTA TIRTA MULYA
        NIP{T}:{T}19800101 200501 2 003
        {BODY}
        NIP. 19700101 199003 1 001
        """
    )
    first, second = parse_parties(agreement)
    assert first.name == "SITI AMINAH"
    assert first.position == "KEPALA BADAN PENDAPATAN DAERAH KOTA TIRTA MULYA"
    assert first.nip == "198001012005012003"
    assert second.name == "BAMBANG SUTEJO" and second.nip is None  # the signature NIP is not his


def test_stray_boilerplate_between_blocks_does_not_shift_roles() -> None:
    agreement = page(
        """
        Nama : AYUB KOMBONG, ST.M.Si.
        Jabatan : KEPALA BIDANG PENANAMAN MODAL
        Selanjutnya disebut Pihak Pertama
        Selanjutnya atasan Pertama, selanjutnya disebut Pihak Kedua
        Nama : ISKANDAR MUDA, S.Sos., M.Si
        Jabatan : Plt. KEPALA DINAS
        Selaku atasan Pihak Pertama, selanjutnya disebut Pihak Kedua
        """
    )
    first, second = parse_parties(agreement)
    assert first.name == "AYUB KOMBONG" and second.name == "ISKANDAR MUDA"


def test_one_party_statement_has_no_second_party() -> None:
    first, second = parse_parties(page("Nama : RIYANTO PAMUNGKAS\nJabatan : BUPATI PRINGSEWU"))
    assert first.name == "RIYANTO PAMUNGKAS" and second is None


def _parties():
    agreement = page(
        """
        Nama : JONI, SE
        Jabatan : KASUBAG UMUM & KEUANGAN
        selanjutnya disebut pihak pertama
        Nama : ISKANDAR MUDA, S.Sos.,M.Si
        Jabatan : SEKRETARIS DINAS
        selaku atasan pihak pertama, selanjutnya disebut pihak kedua
        """
    )
    return parse_parties(agreement)


def test_columns_one_after_the_other_with_nips_and_ranks() -> None:
    block = read_signatures(
        page(
            """
            Tabel
            Malili, 2 Januari 2025

            PIHAK KEDUA,
            SEKRETARIS DINAS



            (ISKANDAR MUDA, S.Sos.,M.Si)
            Pembina Tk. I
            NIP. 19751030 200603 1 001

            PIHAK PERTAMA,
            KASUBAG UMUM & KEUANGAN



            (JONI, SE)
            Penata (III/c)
            NIP. 19751011 200604 1 030
            """
        ),
        _parties(),
    )
    assert block.date.date == "2025-01-02"
    second, first = block.signatures
    assert (second.role, second.name, second.position) == (
        "second_party",
        "ISKANDAR MUDA",
        "SEKRETARIS DINAS",
    )
    assert (second.rank, second.nip) == ("Pembina Tk. I", "197510302006031001")
    assert (first.role, first.name, first.rank, first.nip) == (
        "first_party",
        "JONI",
        "Penata (III/c)",
        "197510112006041030",
    )


def test_heads_first_then_names_without_role_words() -> None:
    block = read_signatures(
        page(
            """
            SEKRETARIS DINAS

            KASUBAG UMUM DAN
            KEUANGAN

            ISKANDAR MUDA, S.Sos.,M.Si

            JONI, SE
            """
        ),
        _parties(),
    )
    roles = [(s.role, s.name, s.position) for s in block.signatures]
    assert roles == [
        ("second_party", "ISKANDAR MUDA", "SEKRETARIS DINAS"),
        ("first_party", "JONI", "KASUBAG UMUM DAN KEUANGAN"),
    ]


def test_two_columns_on_tab_separated_lines() -> None:
    block = read_signatures(
        page(
            f"""
            PIHAK KEDUA{T}PIHAK PERTAMA
            SEKRETARIS DINAS{T}KASUBAG UMUM
            (ISKANDAR MUDA){T}(JONI, SE)
            NIP. 19751030 200603 1 001{T}NIP. 19751011 200604 1 030
            """
        ),
        _parties(),
    )
    assert [(s.role, s.name, s.nip) for s in block.signatures] == [
        ("second_party", "ISKANDAR MUDA", "197510302006031001"),
        ("first_party", "JONI", "197510112006041030"),
    ]


def test_nip_goes_to_the_name_above_it_not_to_an_elected_head() -> None:
    block = read_signatures(
        page(
            """
            BUPATI SUNGAI RINDANG

            (H. SYAMSUL BAHRI, S.H.)

            KEPALA DINAS KESEHATAN

            (dr. HENDRA WIRATAMA, M.Kes)
            NIP. 19760514 200312 1 007
            """
        ),
        (None, None),
    )
    bupati, kadis = block.signatures
    assert bupati.nip is None
    assert kadis.nip == "197605142003121007"


def test_same_person_on_both_sides_is_told_apart_by_position() -> None:
    agreement = page(
        """
        Nama : ISKANDAR MUDA, S.Sos.,M.Si
        Jabatan : SEKRETARIS DINAS PM-PTSP
        Selanjutnya disebut Pihak Pertama
        Nama : ANDI HABIL UNRU, SE
        Jabatan : KEPALA DINAS PM-PTSP
        Selaku atasan Pihak Pertama, selanjutnya disebut Pihak Kedua
        """
    )
    block = read_signatures(
        page(
            """
            Kepala Dinas,

            Sekretaris,

            ISKANDAR MUDA, S.Sos.,M.Si
            Nip. 19751030 200603 1 001

            ISKANDAR MUDA, S.Sos.,M.Si
            Nip. 19751030 200603 1 001
            """
        ),
        parse_parties(agreement),
    )
    assert [(s.role, s.position) for s in block.signatures] == [
        ("second_party", "Kepala Dinas"),
        ("first_party", "Sekretaris"),
    ]


def test_a_list_at_the_end_of_a_page_is_not_a_signature() -> None:
    block = read_signatures(
        page("Indikator Kinerja\nSasaran ini memiliki 1 indikator yaitu:\n\n1. Nilai SAKIP"),
        (None, None),
    )
    assert block.signatures == []
