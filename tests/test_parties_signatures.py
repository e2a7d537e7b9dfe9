"""Parties of the agreement page and signature blocks in their flattened layouts."""

from __future__ import annotations

import pytest

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


# --- generated statements: labels, roles and values in any arrangement ----------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from extractor.parse.parties import label_pieces, read_parties  # noqa: E402
from extractor.parse.signatures import split_item  # noqa: E402

FIRST = ("BUDI SANTOSO, S.E.", "KEPALA DINAS PERHUBUNGAN", "19700101 199003 1 001")
SECOND = ("Drs. AHMAD YANI, M.Si", "BUPATI LEMBAH HIJAU", None)
EXTRA = {
    "Pangkat/Gol": "Pembina Utama Muda (IV/c)",
    "Unit Kerja": "Dinas Perhubungan",
    "Instansi": "Pemerintah Kabupaten Lembah Hijau",
}
SINGLE_LINE = ("colon", "tight", "upper", "tab", "row", "pipes")
ROLE_AFTER = {
    "first_party": [
        "selanjutnya disebut PIHAK PERTAMA",
        "Untuk selanjutnya disebut pihak kesatu.",
        "yang selanjutnya disebut sebagai Pihak I",
    ],
    "second_party": [
        "selaku atasan pihak pertama, selanjutnya disebut PIHAK KEDUA",
        "selanjutnya disebut pihak kedua.",
        "selaku atasan PIHAK I, selanjutnya disebut PIHAK II",
    ],
}
ROLE_BEFORE = {
    "first_party": ["PIHAK PERTAMA :", "Pihak Kesatu", "PIHAK I :"],
    "second_party": ["PIHAK KEDUA :", "pihak kedua", "PIHAK II"],
}


def _label_lines(label: str, value: str, style: str) -> list[str]:
    """One label and its value as a layout prints them."""
    return {
        "colon": [f"{label} : {value}"],
        "tight": [f"{label}: {value}"],
        "upper": [f"{label.upper()}   :   {value}"],
        "tab": [f"{label}\t:\t{value}"],
        "row": [f"{label}\t{value}"],
        "pipes": [f"| {label} | : | {value} |"],
        "transcript": [f"{label} |", ": |", f"{value} |"],
        "raw": [label, ":", value],
    }[style]


def _block(person, style: str, nip_label: str | None, extras: list[str], one_line: bool):
    name, position, nip = person
    pairs = [("Nama", name)]
    if nip and nip_label:
        pairs.append((nip_label, nip))
    pairs += [(k, EXTRA[k]) for k in extras if k == "Pangkat/Gol"]
    pairs.append(("Jabatan", position))
    pairs += [(k, EXTRA[k]) for k in extras if k != "Pangkat/Gol"]
    if style == "queued":  # pdftotext raw order: the labels, then the colons, then the values
        return [k for k, _ in pairs] + [":" for _ in pairs] + [v for _, v in pairs]
    lines = [line for k, v in pairs for line in _label_lines(k, v, style)]
    if one_line and style in SINGLE_LINE:
        joiner = "\t" if style in ("tab", "row") else " "
        return [joiner.join(line.strip("| ") if style == "pipes" else line for line in lines)]
    return lines


@st.composite
def statements(draw):
    style = draw(st.sampled_from([*SINGLE_LINE, "transcript", "raw", "queued"]))
    roles_after = draw(st.booleans())
    variant = draw(st.integers(0, 2))
    nip_label = draw(st.sampled_from([None, "NIP", "NIP.", "Nip"]))
    extras = draw(st.lists(st.sampled_from(sorted(EXTRA)), unique=True, max_size=3))
    one_line = draw(st.booleans())
    share_lines = draw(st.booleans()) and style in SINGLE_LINE and style != "row" and not one_line
    first = _block(FIRST, style, nip_label, extras, one_line)
    second = _block(SECOND, style, None, extras, one_line)
    preamble = "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan "
    preamble += "akuntabel, kami yang bertanda tangan di bawah ini:"
    if roles_after:
        role1, role2 = ROLE_AFTER["first_party"][variant], ROLE_AFTER["second_party"][variant]
        if share_lines:  # the label shares its line with the preamble, the role sentence
            lines = [f"{preamble} {first[0]}", *first[1:], f"{role1} {second[0]}", *second[1:]]
        else:
            lines = [preamble, *first, role1, *second]
        lines.append(role2)
    else:
        heads = ROLE_BEFORE["first_party"][variant], ROLE_BEFORE["second_party"][variant]
        if draw(st.booleans()):  # the superior's block printed first
            lines = [preamble, heads[1], *second, heads[0], *first]
        else:
            lines = [preamble, heads[0], *first, heads[1], *second]
    lines += [BODY, "", "Lembah Hijau, 2 Januari 2025", "PIHAK KEDUA,\tPIHAK PERTAMA,"]
    lines += ["(Drs. AHMAD YANI, M.Si)\t(BUDI SANTOSO, S.E.)", "\tNIP. 19650505 199001 1 002"]
    return "\n".join(lines), nip_label is not None


@settings(max_examples=300, deadline=None)
@given(statements())
def test_parties_in_any_arrangement(case) -> None:
    """Rule "labels in any arrangement" on generated statements."""
    text, has_nip = case
    first, second = parse_parties(page(text))
    assert (first.name, first.titles, first.position) == (
        "BUDI SANTOSO",
        ["S.E."],
        "KEPALA DINAS PERHUBUNGAN",
    ), text
    assert (second.name, second.position, second.nip) == (
        "AHMAD YANI",
        "BUPATI LEMBAH HIJAU",
        None,
    ), text
    assert first.nip == ("197001011990031001" if has_nip else None), text
    assert first.nip_source == ("statement" if has_nip else None)


@pytest.mark.parametrize(
    ("cell", "pieces"),
    [
        ("Nama : BUDI Jabatan : KEPALA", [("nama", "BUDI"), ("jabatan", "KEPALA")]),
        ("di bawah ini: Nama : BUDI", [(None, "di bawah ini:"), ("nama", "BUDI")]),
        ("NAMA", [("nama", "")]),
        ("1. Nama Lengkap :", [("nama", "")]),
        ("BUDI, S.E. NIP. 1970", [(None, "BUDI, S.E."), ("nip", "1970")]),
        ("Pangkat/Gol : Pembina", [("other", "Pembina")]),
        ("atas nama Bupati", [(None, "atas nama Bupati")]),
        ("Jabatan fungsional tertentu", [(None, "Jabatan fungsional tertentu")]),
    ],
)
def test_label_pieces(cell: str, pieces: list) -> None:
    assert label_pieces(cell) == pieces


def test_a_top_official_signing_alone_is_the_first_party() -> None:
    first, second = parse_parties(
        page("Nama\t:\tIr. H. ANWAR MAKMUR\nJabatan\t:\tGUBERNUR SULAWESI TENGGARA\n" + BODY)
    )
    assert (first.name, first.position, second) == (
        "ANWAR MAKMUR",
        "GUBERNUR SULAWESI TENGGARA",
        None,
    )


@pytest.mark.parametrize("mask", ["Xxxxxxx Xxxxx", "XXXXX", "Xxxxxx, S.E."])
def test_masked_party_values_are_unknown(mask: str) -> None:
    """Rule "masked text is unknown": null field plus an info finding, never the mask."""
    found = read_parties(
        page(
            f"Nama : {mask}\nNIP : 00000000 000000 0 000\nJabatan : KEPALA DINAS PERHUBUNGAN\n"
            "selanjutnya disebut PIHAK PERTAMA\nNama : AHMAD YANI\nJabatan : XXXXXXXXXX\n"
            "selanjutnya disebut PIHAK KEDUA\n" + BODY
        )
    )
    first, second = found.first, found.second
    assert (first.name, first.nip, first.position) == (None, None, "KEPALA DINAS PERHUBUNGAN")
    assert (second.name, second.position) == ("AHMAD YANI", None)
    assert [(p.code, p.severity, p.field_name, p.line) for p in found.problems] == [
        ("masked_value", "info", "first_party.name", 1),
        ("masked_value", "info", "first_party.nip", 2),
        ("masked_value", "info", "second_party.position", 6),
    ]


# --- generated signature blocks -------------------------------------------------------------

DATE = "Lembah Hijau, 2 Januari 2025"


def _column(role: str, position: list[str], name: str | None, extra: list[str], gap: int):
    lines = [role, *position, *[""] * gap]
    return lines + ([name] if name else []) + extra


@st.composite
def signature_areas(draw):
    side_by_side = draw(st.booleans())
    parens = draw(st.booleans())
    gap = draw(st.integers(1, 3))
    nip_printed = draw(st.booleans())
    nip_on_name_line = draw(st.booleans())
    rank = draw(st.booleans())
    wrapped = draw(st.booleans())
    date_at = draw(st.sampled_from(["above", "with_role", "role_first", "beside"]))
    upper = draw(st.sampled_from([str.upper, str.title, str]))
    boss = "(Drs. AHMAD YANI, M.Si)" if parens else "Drs. AHMAD YANI, M.Si"
    head = "(BUDI SANTOSO, S.E.)" if parens else "BUDI SANTOSO, S.E."
    nip = "NIP. 19700101 199003 1 001"
    extra = [f"{head} {nip}"] if nip_printed and nip_on_name_line else [head]
    extra += ["Pembina Utama Muda"] if rank else []
    extra += [nip] if nip_printed and not nip_on_name_line else []
    position = ["KEPALA DINAS", "PERHUBUNGAN"] if wrapped else ["KEPALA DINAS PERHUBUNGAN"]
    left = _column(upper("Pihak Kedua,"), ["BUPATI LEMBAH HIJAU"], boss, [], gap)
    right = _column(upper("Pihak Pertama,"), position, extra[0], extra[1:], gap)
    if side_by_side:
        if date_at == "beside":
            left, right = ["", *left], [DATE, *right]
        rows = max(len(left), len(right))
        left += [""] * (rows - len(left))
        right += [""] * (rows - len(right))
        lines = [f"{a}\t{b}" if a or b else "" for a, b in zip(left, right, strict=True)]
        if date_at != "beside":
            lines.insert(0, DATE)
    else:
        blocks = [right, left] if draw(st.booleans()) else [left, right]
        first_role = blocks[0][0]
        if date_at == "with_role":
            blocks[0][0] = f"{DATE} {first_role}"
        elif date_at == "role_first":
            blocks[0][0] = f"{first_role} {DATE}"
        else:
            blocks[0].insert(0, DATE)
        lines = [*blocks[0], "", *blocks[1]]
    return "\n".join([BODY, "", *lines]), nip_printed, rank


@settings(max_examples=300, deadline=None)
@given(signature_areas())
def test_signature_blocks_in_any_arrangement(case) -> None:
    """Rule "signature blocks in any arrangement": with or without NIP, names in parentheses
    or not, NIP on the name line, rank lines, the date anywhere, columns side by side or not."""
    text, nip_printed, rank = case
    block = read_signatures(page(text), (None, None))
    assert block.date is not None and block.date.date == "2025-01-02", text
    by_role = {s.role: s for s in block.signatures}
    assert len(block.signatures) == 2 and set(by_role) == {"first_party", "second_party"}, text
    boss, head = by_role["second_party"], by_role["first_party"]
    assert (boss.name, boss.position.upper(), boss.nip) == (
        "AHMAD YANI",
        "BUPATI LEMBAH HIJAU",
        None,
    ), text
    assert (head.name, head.position.upper()) == ("BUDI SANTOSO", "KEPALA DINAS PERHUBUNGAN"), text
    assert head.nip == ("197001011990031001" if nip_printed else None), text
    assert head.rank == ("Pembina Utama Muda" if rank else None), text


def test_name_right_above_a_nip_is_a_name_even_without_a_gap() -> None:
    block = read_signatures(
        page("PIHAK PERTAMA,\nKASUBAG UMUM\nJONI\nNIP. 19751011 200604 1 030"), (None, None)
    )
    assert [(s.name, s.position, s.nip) for s in block.signatures] == [
        ("JONI", "KASUBAG UMUM", "197510112006041030")
    ]


@pytest.mark.parametrize("side_by_side", [True, False])
def test_an_empty_block_is_a_signature_without_a_name(side_by_side: bool) -> None:
    if side_by_side:
        text = (
            f"{DATE}\nPIHAK KEDUA,\tPIHAK PERTAMA,\nBUPATI LEMBAH HIJAU\tKEPALA DINAS\n\n\n"
            "\t(BUDI SANTOSO, S.E.)\n\tNIP. 19700101 199003 1 001"
        )
    else:
        text = (
            f"{DATE}\nPIHAK PERTAMA,\nKEPALA DINAS\n\n(BUDI SANTOSO, S.E.)\n"
            "NIP. 19700101 199003 1 001\n\nPIHAK KEDUA,\nBUPATI LEMBAH HIJAU\n\n\nNIP."
        )
    block = read_signatures(page(text), (None, None))
    by_role = {s.role: s for s in block.signatures}
    assert (by_role["second_party"].name, by_role["second_party"].position) == (
        None,
        "BUPATI LEMBAH HIJAU",
    )
    assert by_role["first_party"].nip == "197001011990031001"
    assert by_role["second_party"].nip is None


def test_masked_signature_values_are_unknown() -> None:
    block = read_signatures(
        page(
            f"{DATE}\nPIHAK KEDUA,\tPIHAK PERTAMA,\nBUPATI LEMBAH HIJAU\tKEPALA DINAS\n\n"
            "(H. AHMAD YANI)\t(Xxxxxxx Xxxxx)\n\tNIP. 00000000 000000 0 000"
        ),
        (None, None),
    )
    masked = {s.role: s for s in block.signatures}["first_party"]
    assert (masked.name, masked.nip, masked.position) == (None, None, "KEPALA DINAS")
    problems = block.problems(first_index=3)
    assert [(p.code, p.severity, p.field_name) for p in problems] == [
        ("masked_value", "info", "signatures[4].name"),
        ("masked_value", "info", "signatures[4].nip"),
    ]


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("BUDI, S.E. NIP. 1970", ["BUDI, S.E.", "NIP. 1970"]),
        ("(BUDI) Nip : 1970", ["(BUDI)", "Nip : 1970"]),
        (f"{DATE} PIHAK PERTAMA,", [DATE, "PIHAK PERTAMA,"]),
        (f"Pihak Pertama, {DATE}", ["Pihak Pertama,", DATE]),
        ("PIHAK PERTAMA,", ["PIHAK PERTAMA,"]),
        ("KEPALA BIDANG PIHAK", ["KEPALA BIDANG PIHAK"]),
    ],
)
def test_split_item(text: str, pieces: list[str]) -> None:
    assert split_item(text) == pieces


def test_a_party_takes_the_nip_of_their_own_signature_and_says_so() -> None:
    """Rule "NIP from the signature": a statement without NIP takes the one under the same
    person's signature on the agreement page; ``nip_source`` records where it came from."""
    from extractor.agreements import _with_signed_nip

    agreement = page(
        "Nama : BUDI SANTOSO, S.E.\nJabatan : KEPALA DINAS\nselanjutnya disebut PIHAK PERTAMA\n"
        "Nama : Xxxxxxx\nJabatan : BUPATI\nselanjutnya disebut PIHAK KEDUA\n" + BODY + "\n\n"
        f"{DATE}\nPIHAK KEDUA,\tPIHAK PERTAMA,\nBUPATI\tKEPALA DINAS\n\n"
        "(Xxxxxxx)\t(BUDI SANTOSO, S.E.)\nNIP. 19650505 199001 1 002\tNIP. 19700101 199003 1 001"
    )
    first, second = parse_parties(agreement)
    signatures = read_signatures(agreement, (first, second)).signatures
    first = _with_signed_nip(first, "first_party", signatures, 1)
    second = _with_signed_nip(second, "second_party", signatures, 1)
    assert (first.nip, first.nip_source) == ("197001011990031001", "signature")
    assert (second.name, second.nip, second.nip_source) == (None, None, None)  # cannot match
    elsewhere = _with_signed_nip(parse_parties(agreement)[0], "first_party", signatures, 2)
    assert (elsewhere.nip, elsewhere.nip_source) == (None, None)


@pytest.mark.parametrize("mark", ["ttd", "TTD", "(ttd)", "t.t.d.", "dto", "[TTD]"])
def test_a_signed_mark_is_not_a_name(mark: str) -> None:
    """Transcripts print "ttd" where the signature was: it is neither a name nor a position."""
    block = read_signatures(
        page(f"{BODY}\n\n{DATE}\nBupati Lembah Hijau,\n\n{mark}\n\nAHMAD YANI"), (None, None)
    )
    assert [(s.name, s.position) for s in block.signatures] == [
        ("AHMAD YANI", "Bupati Lembah Hijau")
    ]


# --- a whole bundle with masked names and NIPs ---------------------------------------------

import tempfile  # noqa: E402
from dataclasses import replace as _replace  # noqa: E402
from pathlib import Path  # noqa: E402

from extractor import extract  # noqa: E402

from .roundtrip.check import bundle_text  # noqa: E402
from .roundtrip.model import Bundle as _Bundle  # noqa: E402
from .roundtrip.serialise import Style  # noqa: E402
from .roundtrip.strategies import bundles  # noqa: E402


def _masked_person(person, mask: str):
    if person is None:
        return None
    return _replace(person, name=mask, nip="0" * 18 if person.nip else None)


@given(
    bundle=bundles(),
    mask=st.sampled_from(["Xxxxxxxx Xxxxxx", "XXXXXXX", "Xxxxx Xxxxxxx Xxxxx"]),
    tables=st.sampled_from(["tabs", "md_pipes", "plain"]),
)
@settings(max_examples=6, deadline=None, derandomize=True, database=None)
def test_a_bundle_with_masked_names_and_nips(bundle: _Bundle, mask: str, tables: str) -> None:
    """A bundle published with every name and NIP masked: each is recorded as unknown with a
    ``masked_value`` finding, and no parser or audit rule fails on the null names (a fault
    would hide as an ``internal_error``)."""
    masked = _replace(
        bundle,
        agreements=tuple(
            _replace(a, first=_masked_person(a.first, mask), second=_masked_person(a.second, mask))
            for a in bundle.agreements
        ),
    )
    text, suffix = bundle_text(masked, Style(tables=tables))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"masked{suffix}"
        path.write_text(text, encoding="utf-8")
        result = extract(str(path))
    assert not [e.message for e in result.errors if e.code == "internal_error"]
    fields = {
        p.field for d in result.extraction_notes if d.code == "masked_value" for p in d.locations
    }
    assert any(f.endswith("first_party.name") for f in fields), fields
    assert any(f.startswith("signatures[") and f.endswith("].name") for f in fields), fields
    assert any(f.endswith("first_party.nip") or f.endswith("].nip") for f in fields), fields
    assert result.agreements
    for agreement in result.agreements:
        assert agreement.first_party is not None and agreement.first_party.name is None
        assert agreement.first_party.nip is None
        assert all(s.name is None for s in agreement.signatures)


# --- bare names in side-by-side signature columns ---------------------------------------------

_BARE = st.lists(
    st.sampled_from(["RIYANTO", "PAMUNGKAS", "SITI", "AMINAH", "YUSUF", "ARIF"]),
    min_size=1,
    max_size=3,
    unique=True,
)


def _parties_of(boss: str):
    """The parties of the agreement page the signature area closes."""
    statement = page(
        f"Nama : BUDI SANTOSO, S.E.\nJabatan : KEPALA DINAS KOMUNIKASI DAN INFORMATIKA\n"
        f"selanjutnya disebut PIHAK PERTAMA\nNama : {boss}\nJabatan : BUPATI LEMBAH HIJAU\n"
        f"selanjutnya disebut PIHAK KEDUA\n{BODY}"
    )
    return parse_parties(statement)


@given(
    boss=_BARE,
    wrapped=st.booleans(),
    layout=st.sampled_from(["rows", "rows_gap", "cells"]),
    empty=st.booleans(),
)
@settings(max_examples=60, deadline=None, derandomize=True, database=None)
def test_a_bare_name_beside_a_named_column_is_a_name(
    boss: list[str], wrapped: bool, layout: str, empty: bool
) -> None:
    """Rule "side-by-side columns are parallel": a bare name (no titles, no NIP) ending its
    column beside a column with a name is a name, in table rows (with or without the signing
    space) and in cells holding one paragraph per line (HTML). An empty block beside it keeps
    its wrapped position and stays empty (where the rows are lost, only a party's name is
    taken)."""
    name = " ".join(boss)
    position = ["BUPATI", "LEMBAH HIJAU"] if wrapped else ["BUPATI LEMBAH HIJAU"]
    left = ["Pihak Kedua,", *position, *([] if empty else [name])]
    right = ["Pihak Pertama,", "KEPALA DINAS KOMUNIKASI DAN", "INFORMATIKA"]
    right += ["(BUDI SANTOSO, S.E.)", "NIP. 19700101 199003 1 001"]
    if layout == "cells":
        cells = ["".join(f"<p>{x}</p>" for x in column) for column in (left, right)]
        lines = [f"<table><tr><td>{cells[0]}</td><td>{cells[1]}</td></tr></table>"]
    else:
        name_row = 3 if layout == "rows" else 4
        column = [*left[: len(position) + 1]]
        column += [""] * (name_row - len(column)) + left[len(position) + 1 :]
        column += [""] * (len(right) + (layout == "rows_gap") - len(column))
        right = right[:3] + [""] * (layout == "rows_gap") + right[3:]
        lines = [f"{a}\t{b}" for a, b in zip(column, right, strict=True)]
    text = "\n".join([BODY, "", DATE, *lines])
    first, second = _parties_of(name)
    by_role = {s.role: s for s in read_signatures(page(text), (first, second)).signatures}
    boss_sig = by_role["second_party"]
    expected = None if empty else name
    assert (boss_sig.name, boss_sig.position) == (expected, " ".join(position)), text
    assert by_role["first_party"].name == "BUDI SANTOSO", text
    assert by_role["first_party"].position == "KEPALA DINAS KOMUNIKASI DAN INFORMATIKA", text


# --- long lines and noise lines around signature blocks ---------------------------------------

_LONG_WORDS = st.lists(
    st.sampled_from(["dokumen", "ini", "ditandatangani", "secara", "elektronik", "BSrE", "sah"]),
    min_size=10,
    max_size=16,
)
_NOISE = st.sampled_from(
    ["~", "' .", "_ -", ". ,", "•", "|", "(3)", "-", "- 3 -", "Halaman 2 dari 9"]
)


def _two_columns(gap: list[str]) -> list[str]:
    return [
        DATE,
        "PIHAK KEDUA,\tPIHAK PERTAMA,",
        "BUPATI LEMBAH HIJAU\tKEPALA DINAS PERHUBUNGAN",
        *gap,
        "Drs. AHMAD YANI, M.Si\tBUDI SANTOSO, S.E.",
        "\tNIP. 19700101 199003 1 001",
    ]


def _read_two(text: str) -> dict:
    return {s.role: s for s in read_signatures(page(text), (None, None)).signatures}


@given(footer=st.lists(_LONG_WORDS.map(" ".join), min_size=1, max_size=2), gap=st.booleans())
@settings(max_examples=30, deadline=None, derandomize=True, database=None)
def test_a_long_line_below_a_block_stays_out_of_it(footer: list[str], gap: bool) -> None:
    """Rule "a long line never voids the block": a footer of lines over 70 characters or 9
    words printed below the signature block stays out of it, and the block is read."""
    text = "\n".join([BODY, "", *_two_columns([""]), *([""] if gap else []), *footer])
    by_role = _read_two(text)
    assert (by_role["second_party"].name, by_role["first_party"].name) == (
        "AHMAD YANI",
        "BUDI SANTOSO",
    ), text
    assert by_role["first_party"].nip == "197001011990031001"
    area = {line.text for line in read_signatures(page(text), (None, None)).lines}
    assert not set(footer) & area


@given(words=st.integers(10, 14))
@settings(max_examples=5, deadline=None, derandomize=True, database=None)
def test_a_long_line_inside_a_block_stays_out_of_it(words: int) -> None:
    """A position printed on one line over the limits, right under its role word, stays out
    of the block: the name and NIP under it are still read, and the lines above the block
    (the body paragraph) still end it."""
    position = " ".join(
        ["KEPALA", "DINAS", "PEKERJAAN", "UMUM", "DAN", "PENATAAN", "RUANG"]
        + ["KABUPATEN", "BUKIT", "TINGGI", "RAYA", "SELATAN", "TIMUR", "JAUH"][: words - 7]
    )
    text = "\n".join(
        [
            BODY,
            "",
            DATE,
            "PIHAK PERTAMA,",
            position,
            "",
            "",
            "BUDI SANTOSO, S.E.",
            "NIP. 19700101 199003 1 001",
        ]
    )
    (sig,) = read_signatures(page(text), (None, None)).signatures
    assert (sig.role, sig.name, sig.nip) == ("first_party", "BUDI SANTOSO", "197001011990031001")
    assert sig.position is None


@given(noise=_NOISE, where=st.sampled_from(["after_position", "after_block", "in_gap"]))
@settings(max_examples=40, deadline=None, derandomize=True, database=None)
def test_a_noise_line_is_neither_a_signature_nor_part_of_a_position(noise: str, where: str) -> None:
    """Rule "no word, no name": a stray OCR line without a word of two letters (or a page
    marker) is read as a blank line, in one column or across both."""
    if where == "after_position":
        gap = [noise, ""]
    elif where == "in_gap":
        gap = ["", f"{noise}\t{noise}", ""]
    else:
        gap = [""]
    lines = _two_columns(gap) + ([noise] if where == "after_block" else [])
    block = read_signatures(page("\n".join([BODY, "", *lines])), (None, None))
    by_role = {s.role: s for s in block.signatures}
    assert len(block.signatures) == 2, lines
    assert by_role["second_party"].position == "BUPATI LEMBAH HIJAU", lines
    assert by_role["first_party"].position == "KEPALA DINAS PERHUBUNGAN", lines
    assert (by_role["second_party"].name, by_role["first_party"].name) == (
        "AHMAD YANI",
        "BUDI SANTOSO",
    ), lines


@given(noise=_NOISE)
@settings(max_examples=10, deadline=None, derandomize=True, database=None)
def test_a_noise_line_does_not_wrap_a_party_position(noise: str) -> None:
    statement = page(
        f"Nama : BUDI SANTOSO, S.E.\nJabatan : KEPALA DINAS PERHUBUNGAN\n{noise}\n"
        f"selanjutnya disebut PIHAK PERTAMA\n{BODY}"
    )
    first, _ = parse_parties(statement)
    assert first.position == "KEPALA DINAS PERHUBUNGAN"
