"""Levels and agencies of ministries and regions (agreements.py): generated agreement pages
from vocabularies of positions and headings, each with the level and agency it must give."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from extractor.agreements import build_agreement, position_level

from .pagekit import page

MINISTRIES = ("KEMENTERIAN PERHUBUNGAN", "KEMENTERIAN AGAMA", "KEMENTERIAN PERDAGANGAN")
REGIONS = ("KABUPATEN LUWU TIMUR", "KOTA TIRTA MULYA", "PROVINSI SUNGAI RAYA")
THINGS = ("PERHUBUNGAN LAUT", "PENDIDIKAN ISLAM", "PERDAGANGAN DALAM NEGERI", "KEUANGAN")

# (position, level in a ministry, level in a region); ``{t}`` a subject, ``{r}`` a region.
# Top officials sign for the whole institution: level None.
MINISTRY_POSITIONS = (
    ("MENTERI {t}", None),
    ("WAKIL MENTERI {t}", None),
    ("SEKRETARIS JENDERAL", "eselon_i"),
    ("DIREKTUR JENDERAL {t}", "eselon_i"),
    ("INSPEKTUR JENDERAL", "eselon_i"),
    ("KEPALA BADAN {t}", "eselon_i"),
    ("DEPUTI BIDANG {t}", "eselon_i"),
    ("DIREKTUR {t}", "eselon_ii"),
    ("SEKRETARIS DIREKTORAT JENDERAL {t}", "eselon_ii"),
    ("KEPALA BIRO {t}", "eselon_ii"),
    ("KEPALA PUSAT {t}", "eselon_ii"),
    ("ASISTEN DEPUTI {t}", "eselon_ii"),
    ("INSPEKTUR WILAYAH I", "eselon_ii"),
    ("KEPALA BAGIAN {t}", "eselon_iii"),
    ("KEPALA BIDANG {t}", "eselon_iii"),
    ("KEPALA SUBDIREKTORAT {t}", "eselon_iii"),
    ("KEPALA SUBBAGIAN {t}", "eselon_iv"),
    ("KEPALA SEKSI {t}", "eselon_iv"),
    ("ANALIS KEBIJAKAN {t}", "staff"),
)
REGION_POSITIONS = (
    ("BUPATI LUWU TIMUR", None),
    ("WALIKOTA TIRTA MULYA", None),
    ("GUBERNUR SUNGAI RAYA", None),
    ("KEPALA DINAS {t} {r}", "eselon_ii"),
    ("KEPALA BADAN {t} DAERAH {r}", "eselon_ii"),
    ("INSPEKTUR {r}", "eselon_ii"),
    ("SEKRETARIS DAERAH {r}", "eselon_ii"),
    ("SEKRETARIS DPRD {r}", "eselon_ii"),
    ("DIREKTUR RSUD {r}", "eselon_ii"),
    ("KEPALA BIRO {t} SEKRETARIAT DAERAH {r}", "eselon_ii"),
    ("SEKRETARIS DINAS {t} {r}", "eselon_iii"),
    ("SEKRETARIS BADAN {t} DAERAH {r}", "eselon_iii"),
    ("KEPALA BIDANG {t} BADAN {t} DAERAH", "eselon_iii"),
    ("KEPALA BAGIAN {t}", "eselon_iii"),
    ("CAMAT MALILI", "eselon_iii"),
    ("INSPEKTUR PEMBANTU WILAYAH II", "eselon_iii"),
    ("KEPALA SUB BAGIAN {t} DINAS {t}", "eselon_iv"),
    ("KEPALA SEKSI {t}", "eselon_iv"),
    ("LURAH MALILI", "eselon_iv"),
    ("KEPALA PUSKESMAS MALILI", "eselon_iv"),
    ("KEPALA UPTD {t}", "eselon_iv"),
    ("PENGELOLA DATA {t}", "staff"),
)
# Level headings override the position; (heading line, level).
LEVEL_HEADINGS = (
    ("ESELON I", "eselon_i"),
    ("FORMULIR PERJANJIAN KINERJA TINGKAT UNIT ORGANISASI ESELON I", "eselon_i"),
    ("FORMULIR PERJANJIAN KINERJA TINGKAT UNIT ORGANISASI ESELON II", "eselon_ii"),
    ("PERJANJIAN KINERJA JPT MADYA", "eselon_i"),
    ("PERJANJIAN KINERJA JPT PRATAMA", "eselon_ii"),
    ("PERJANJIAN KINERJA ESELON III", "eselon_iii"),
    ("PERJANJIAN KINERJA PEJABAT ADMINISTRATOR", "eselon_iii"),
    ("PERJANJIAN KINERJA PEJABAT PENGAWAS", "eselon_iv"),
)
# (heading lines above the title, the agency they name); ``{m}`` a ministry.
MINISTRY_AGENCIES = (
    (("{m}",), "{m}"),
    (("{m}", "DIREKTORAT JENDERAL {t}"), "DIREKTORAT JENDERAL {t}"),
    (("{m}", "SEKRETARIAT JENDERAL"), "SEKRETARIAT JENDERAL"),
    (("{m}", "INSPEKTORAT JENDERAL"), "INSPEKTORAT JENDERAL"),
    (("{m}", "BADAN {t}"), "BADAN {t}"),
    (("{m}", "PUSAT {t}"), "PUSAT {t}"),
    (("{m}", "BIRO {t}"), "BIRO {t}"),
    (("{m}", "BADAN PENGAWAS {t}"), "BADAN PENGAWAS {t}"),
)
REGION_AGENCIES = (
    (("PEMERINTAH {r}", "DINAS {t}", "{r}"), "DINAS {t} {r}"),
    (("PEMERINTAH {r}", "BADAN {t} DAERAH"), "BADAN {t} DAERAH"),
    (("PEMERINTAH {r}", "INSPEKTORAT DAERAH"), "INSPEKTORAT DAERAH"),
    (("PEMERINTAH {r}", "SEKRETARIAT DPRD"), "SEKRETARIAT DPRD"),
    (("PEMERINTAH {r}", "RSUD LA TEMMAMALA"), "RSUD LA TEMMAMALA"),
    (("RUMAH SAKIT UMUM DAERAH {r}",), "RUMAH SAKIT UMUM DAERAH {r}"),
    (("PEMERINTAH {r}", "PUSKESMAS MALILI"), "PUSKESMAS MALILI"),
    (("PEMERINTAH {r}", "KECAMATAN MALILI"), "KECAMATAN MALILI"),
    (("PEMERINTAH {r}", "KELURAHAN MALILI"), "KELURAHAN MALILI"),
    (("PEMERINTAH {r}", "UPTD {t}"), "UPTD {t}"),
    (("DINAS KESEHATAN", "UPT PUSKESMAS MALILI"), "DINAS KESEHATAN"),
)


def _case(text: str, style: str) -> str:
    return text.title() if style == "title" else text


def _pages(headings: list[str], first: str, second: str | None):
    lines = [*headings, "PERJANJIAN KINERJA TAHUN 2025", ""]
    lines += [
        "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel",
        "serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini :",
        "",
        "Nama : JONI, SE",
        f"Jabatan : {first}",
        "Untuk selanjutnya disebut PIHAK PERTAMA",
    ]
    if second:
        lines += [
            "",
            "Nama : ANDI BAHRI, S.H.",
            f"Jabatan : {second}",
            "Selaku atasan PIHAK PERTAMA, untuk selanjutnya disebut PIHAK KEDUA",
        ]
    return [page("\n".join(lines), kind="agreement")]


@st.composite
def ministry_agreements(draw):
    words = {
        "m": draw(st.sampled_from(MINISTRIES)),
        "t": draw(st.sampled_from(THINGS)),
        "r": draw(st.sampled_from(REGIONS)),
    }
    headings, agency = draw(st.sampled_from(MINISTRY_AGENCIES))
    position, level = draw(st.sampled_from(MINISTRY_POSITIONS))
    superior = None if level is None else f"MENTERI {words['t']}"
    return headings, agency, position, superior, level, words


@st.composite
def region_agreements(draw):
    words = {"t": draw(st.sampled_from(THINGS)), "r": draw(st.sampled_from(REGIONS))}
    headings, agency = draw(st.sampled_from(REGION_AGENCIES))
    position, level = draw(st.sampled_from(REGION_POSITIONS))
    superior = None if level is None else f"BUPATI {words['r']}"
    return headings, agency, position, superior, level, words


@given(
    case=st.one_of(ministry_agreements(), region_agreements()),
    style=st.sampled_from(["upper", "title"]),
    acting=st.sampled_from(["", "Plt. ", "PLT ", "Plh. "]),
    signed_alone=st.booleans(),
)
def test_level_from_the_first_partys_office_and_agency_from_the_headings(
    case, style: str, acting: str, signed_alone: bool
) -> None:
    headings, agency, position, superior, level, words = case
    first = _case(acting + position.format(**words), style)
    # A ministry is known by its heading, or by the Menteri above the first party.
    ministry = headings[0].startswith("{m}")
    second = None if signed_alone and ministry and len(headings) > 1 else superior
    pages = _pages([h.format(**words) for h in headings], first, second)
    pk, _, errors = build_agreement(0, pages, None)
    assert errors == []
    assert pk.first_party is not None and pk.first_party.position == first
    assert pk.level == level
    assert pk.agency == agency.format(**words)


@given(
    heading=st.sampled_from(LEVEL_HEADINGS),
    position=st.sampled_from(MINISTRY_POSITIONS + REGION_POSITIONS),
    place=st.sampled_from(["above", "below"]),
)
def test_a_level_heading_decides_over_the_position(heading, position, place) -> None:
    line, level = heading
    first = position[0].format(t="KEUANGAN", r="KABUPATEN LUWU TIMUR", m="KEMENTERIAN AGAMA")
    headings = [line, "DINAS KEUANGAN"] if place == "above" else ["DINAS KEUANGAN", line]
    pk, _, _ = build_agreement(0, _pages(headings, first, "BUPATI LUWU TIMUR"), None)
    assert pk.level == level


def test_an_organisation_named_pengawas_is_not_a_level_heading() -> None:
    pages = _pages(["BADAN PENGAWAS PEMILIHAN UMUM"], "KEPALA BIRO KEUANGAN", None)
    pk, _, _ = build_agreement(0, pages, None)
    assert (pk.level, pk.agency) == ("eselon_ii", "BADAN PENGAWAS PEMILIHAN UMUM")


@given(position=st.sampled_from(MINISTRY_POSITIONS))
def test_kepala_badan_ranks_by_where_it_sits(position) -> None:
    text, level = position
    assert position_level(text.format(t="KEUANGAN"), ministry=True) == level
    assert position_level("KEPALA BADAN KEUANGAN DAERAH", ministry=False) == "eselon_ii"
    assert position_level("SEKRETARIS BADAN KEUANGAN", ministry=True) == "eselon_ii"
    assert position_level("SEKRETARIS BADAN KEUANGAN", ministry=False) == "eselon_iii"


def test_a_sentence_naming_a_menteri_does_not_make_a_region_a_ministry() -> None:
    headings = ["BADAN KEUANGAN DAERAH", "Sesuai Peraturan Menteri PANRB Nomor 53 Tahun 2014"]
    pages = _pages(headings, "KEPALA BADAN KEUANGAN DAERAH", "BUPATI LUWU TIMUR")
    pk, _, _ = build_agreement(0, pages, None)
    assert (pk.level, pk.agency) == ("eselon_ii", "BADAN KEUANGAN DAERAH")
