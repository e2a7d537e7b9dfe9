"""Headings of the wild, page markers, and segmentation that does not depend on page breaks.

Bundles are built from parts (agreement statement, Lampiran 1, Penjelasan) with every heading
spelling seen in real PKs, joined with and without page breaks or page markers, and the test
checks that each section lands in a unit of its own kind and each agreement gets its parts.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.dedup import deduplicate
from extractor.document import Page
from extractor.load import LoadedText
from extractor.normalise import normalise
from extractor.pages import split_pages
from extractor.parse.penjelasan import parse_explanations
from extractor.segment import classify_pages, segment
from extractor.vocabulary import (
    SECTION_START,
    is_lampiran_head,
    is_page_marker,
    is_penjelasan_head,
    is_pk_title,
    pk_title_year,
    unspread,
)

T = "\t"

# --- the vocabulary ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("PERJANJIAN KINERJA TAHUN 2024", "2024"),
        ("PERJANJIAN KINERJA 2020", "2020"),
        ("Perjanjian Kinerja 2020", "2020"),
        ("PERJANJIAN KINERJA TAHUN ANGGARAN 2024", "2024"),
        ("PERJANJIAN KINERJA PERUBAHAN TAHUN 2022", "2022"),
        ("PENETAPAN KINERJA TAHUN 2014", "2014"),
        ("PERJANJIAN KINERJA ESELON III", None),
        ("Perjanjian Kinerja Eselon III", None),
        ("FORMULIR PERJANJIAN KINERJA TINGKAT UNIT ORGANISASI ESELON I", None),
        ("PERJANJIAN KINERJA", None),
        ("P E R J A N J I A N K I N E R J A T A H U N 2 0 2 5", "2025"),
        ("P E R J A N J I A N   K I N E R J A", None),
    ],
)
def test_pk_title_spellings(title: str, year: str | None) -> None:
    (line,), _ = normalise(title)
    assert is_pk_title(line.text)
    assert pk_title_year(line.text) == year


@pytest.mark.parametrize(
    "text",
    [
        "Perjanjian Kinerja ini disusun sebagai wujud komitmen",
        "Perjanjian Kinerja Tahun 2025 ini ditandatangani oleh",
        "Dokumen ini memuat Perjanjian Kinerja Tahun 2025",
        f"Perjanjian Kinerja{T}1",
    ],
)
def test_sentences_about_a_pk_are_not_titles(text: str) -> None:
    assert not is_pk_title(text)


def test_unspread_leaves_ordinary_lines_alone() -> None:
    assert unspread("a b c") == "a b c"
    assert unspread("L A M P I R A N I I") == "LAMPIRAN II"
    assert unspread("Nama : JONI, SE") == "Nama : JONI, SE"


@pytest.mark.parametrize(
    "heading",
    [
        "LAMPIRAN",
        "LAMPIRAN 1",
        "LAMPIRAN I",
        "Lampiran II",
        "Lampiran : Perjanjian Kinerja Tahun 2019",
        "LAMPIRAN PERJANJIAN KINERJA TAHUN 2023",
        "L A M P I R A N I",
    ],
)
def test_lampiran_headings(heading: str) -> None:
    (line,), _ = normalise(heading)
    assert is_lampiran_head(line.text)


def test_a_wrapped_sentence_about_the_lampiran_is_not_a_heading() -> None:
    assert not is_lampiran_head("lampiran perjanjian kinerja ini, dalam rangka mencapai target")


@pytest.mark.parametrize(
    "heading",
    [
        "PENJELASAN KINERJA",
        "PENJELASAN KINERJA TAHUN 2023",
        "PENJELASAN INDIKATOR KINERJA",
        "Penjelasan Indikator Kinerja Tahun 2024",
        "## PENJELASAN KINERJA TAHUN 2025",
    ],
)
def test_penjelasan_headings(heading: str) -> None:
    (line,), _ = normalise(heading)
    assert is_penjelasan_head(line.text)
    assert not SECTION_START.match(line.text)


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Penjelasan Kinerja 1", "1"),
        ("Penjelasan Kinerja 12.", "12"),
        ("b) Penjelasan Kinerja 2.", "2"),
        ("Penjelasan Kinerja B.", "B"),
        ("a. Sasaran Strategis 1 : Meningkatnya kualitas pelayanan", "1"),
        ("### Sasaran 2: Meningkatnya nilai investasi", "2"),
        ("SASARAN PROGRAM 3", "3"),
    ],
)
def test_section_starts(line: str, number: str) -> None:
    (normalised,), _ = normalise(line)
    match = SECTION_START.match(normalised.text)
    assert match and match.group(1) == number


@pytest.mark.parametrize(
    "text",
    [
        "Sasaran Kinerja ini memiliki 1 (satu) indikator yaitu:",
        "Sasaran strategis yang ingin dicapai",
        f"Sasaran 1{T}Meningkatnya investasi{T}100%",
    ],
)
def test_sentences_about_a_sasaran_do_not_start_a_section(text: str) -> None:
    assert not SECTION_START.match(text)


@pytest.mark.parametrize(
    ("text", "marker"),
    [
        ("Halaman 3 dari 9", True),
        ("Hal. 3", True),
        ("- 3 -", True),
        ("-- 3 --", True),
        ("Page 3 of 9", True),
        ("(3)", True),
        ("3.300.000.000", False),
        ("- Rapat koordinasi", False),
        ("(1) (2) (3)", False),
    ],
)
def test_page_marker_lines(text: str, marker: bool) -> None:
    assert is_page_marker(text) is marker


# --- bundles built from parts -------------------------------------------------------------

NAMES = ["ONDO IRA, SP", "JONI, SE", "PANCASIWI RAHARJO"]
SASARAN = [
    ("Meningkatnya kualitas perencanaan", "Persentase dokumen tepat waktu", "100%"),
    ("Meningkatnya tertib administrasi", "Persentase laporan tepat waktu", "95%"),
    ("Meningkatnya pengelolaan barang", "Persentase aset tercatat", "90%"),
]

TITLES = [
    "PERJANJIAN KINERJA TAHUN 2025",
    "Perjanjian Kinerja Tahun 2025",
    "PERJANJIAN KINERJA 2025",
    "PERJANJIAN KINERJA TAHUN ANGGARAN 2025",
    "PERJANJIAN KINERJA PERUBAHAN TAHUN 2025",
    "PENETAPAN KINERJA TAHUN 2025",
    "PERJANJIAN KINERJA\nTAHUN 2025",
    "P E R J A N J I A N   K I N E R J A   T A H U N   2 0 2 5",
    "## PERJANJIAN KINERJA TAHUN 2025",
    "PERJANJIAN KINERJA ESELON III",
    "FORMULIR PERJANJIAN KINERJA TINGKAT UNIT ORGANISASI ESELON I",
    "",  # no title: the statement alone
]
LAMPIRAN_1_HEADS = [
    "LAMPIRAN 1",
    "LAMPIRAN I",
    "LAMPIRAN",
    "Lampiran I",
    "Lampiran : Perjanjian Kinerja Tahun 2025",
    "LAMPIRAN PERJANJIAN KINERJA TAHUN 2025",
    "LAMPIRAN I PERJANJIAN KINERJA TAHUN 2025\nDINAS PENANAMAN MODAL DAN PTSP",
    "TABEL KINERJA\nTAHUN 2025",
    "**LAMPIRAN 1 PERJANJIAN KINERJA\nDINAS PENANAMAN MODAL DAN PTSP\nTABEL KINERJA\nTAHUN 2025**",
]
LAMPIRAN_2_HEADS = [
    "LAMPIRAN II",
    "LAMPIRAN 2",
    "LAMPIRAN II\nPENJELASAN INDIKATOR KINERJA",
    "LAMPIRAN 2 PERJANJIAN KINERJA\nDINAS PENANAMAN MODAL DAN PTSP\nPENJELASAN KINERJA TAHUN 2025",
    "PENJELASAN KINERJA",
    "PENJELASAN KINERJA TAHUN 2025",
    "PENJELASAN INDIKATOR KINERJA",
    "",  # no heading: the sections follow the table
]
SECTION_HEADS = [
    "Penjelasan Kinerja {n}",
    "Penjelasan Kinerja {n}.",
    "{letter}) Penjelasan Kinerja {n}.",
    "{letter}. Sasaran Strategis {n} : {sasaran}",
    "### Sasaran {n}: {sasaran}",
]
# How one part follows another: a line break, a form feed (also inside a line, as
# pypdfium2 writes it), printed page markers, a removed image.
SEPARATORS = [
    "\n",
    "\n\n",
    "\n\f",
    "\f",
    "\nHalaman {k} dari 9\n",
    "\n- {k} -\n",
    "\n-- {k} --\n",
    "\n<!-- image -->\n\n\n",
]


def statement(k: int, title: str) -> str:
    name = NAMES[k]
    return f"""{title}
Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel serta
berorientasi pada hasil, kami yang bertanda tangan di bawah ini :
Nama : {name}
Jabatan : KASUBAG UMUM {k}
selanjutnya disebut pihak pertama
Nama : ISKANDAR MUDA, S.Sos.,M.Si
Jabatan : SEKRETARIS DINAS
selaku atasan pihak pertama, selanjutnya disebut pihak kedua
Pihak Pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran.
Malili, 2 Januari 2025
Pihak Kedua,
SEKRETARIS DINAS
ISKANDAR MUDA, S.Sos.,M.Si
Pihak Pertama,
KASUBAG UMUM {k}
{name}""".lstrip("\n")


def lampiran_1(k: int, heading: str, signed: bool) -> str:
    sasaran, indicator, target = SASARAN[k]
    table = (
        f"No.{T}Sasaran Kegiatan{T}Indikator Kegiatan{T}Target\n"
        f"1{T}{sasaran}{T}{indicator}{T}{target}\n"
        f"2{T}{sasaran} lanjutan{T}{indicator} kedua{T}12 laporan"
    )
    signature = f"\nMalili, 2 Januari 2025\nSEKRETARIS DINAS\n(ISKANDAR MUDA)\n({NAMES[k]})"
    return f"{heading}\n{table}" + (signature if signed else "")


def lampiran_2(k: int, heading: str, section: str) -> str:
    sasaran, indicator, target = SASARAN[k]
    parts = [heading] if heading else []
    for n, letter in ((1, "a"), (2, "b")):
        head = section.format(n=n, letter=letter, sasaran=f"{sasaran} {n}")
        parts.append(
            f"{head}\nUraian Sasaran\nYang dimaksud dalam sasaran ini adalah {sasaran.lower()} {n}.\n"
            f"Indikator Kinerja{T}Target{T}Penjelasan\n{indicator} {n}{T}{target}{T}Sesuai Renstra"
        )
    return "\n".join(parts)


def join(parts: list[str], separators: list[str]) -> str:
    text = parts[0]
    for k, (part, sep) in enumerate(zip(parts[1:], separators, strict=False), start=2):
        text = text.rstrip("\n") + sep.format(k=k) + part
    return text


def run(text: str) -> tuple[list[Page], list, list]:
    lines, _ = normalise(text)
    pages = classify_pages(split_pages(lines))
    kept, _ = deduplicate(pages)
    groups, problems = segment(kept)
    return pages, groups, problems


def check_bundle(text: str, count: int) -> None:
    pages, groups, problems = run(text)
    assert problems == []
    assert len(groups) == count
    for k, group in enumerate(groups):
        sasaran, indicator, _ = SASARAN[k]
        assert f"Nama : {NAMES[k]}" in [line.text for line in group.agreement_page.lines]
        kinds = [page.kind for page in group.lampiran_pages]
        assert "lampiran_1" in kinds and "lampiran_2" in kinds
        assert kinds.index("lampiran_1") < kinds.index("lampiran_2")
        # every section in its own kind of unit: the target rows in Lampiran 1 only, the
        # Penjelasan sections in Lampiran 2 only
        for page in group.lampiran_pages:
            texts = [line.text for line in page.lines]
            has_rows = any(t.startswith(f"1{T}{sasaran}") for t in texts)
            has_sections = any(SECTION_START.match(t) for t in texts)
            assert not (has_rows and page.kind != "lampiran_1"), texts
            assert not (has_sections and page.kind != "lampiran_2"), texts
        explanations = parse_explanations([p for p in group.pages if p.kind == "lampiran_2"])
        assert [e.number for e in explanations] == ["1", "2"]
        assert [e.targets[0].indicator for e in explanations] == [
            f"{indicator} 1",
            f"{indicator} 2",
        ]
    assert not any(page.kind == "agreement" and page.duplicate_of for page in pages)


@settings(max_examples=150, deadline=None)
@given(
    titles=st.lists(st.sampled_from(TITLES), min_size=3, max_size=3),
    lampiran_1_head=st.sampled_from(LAMPIRAN_1_HEADS),
    lampiran_2_head=st.sampled_from(LAMPIRAN_2_HEADS),
    section=st.sampled_from(SECTION_HEADS),
    signed=st.booleans(),
    separators=st.lists(st.sampled_from(SEPARATORS), min_size=8, max_size=8),
)
def test_generated_bundles_segment_into_their_agreements(
    titles: list[str],
    lampiran_1_head: str,
    lampiran_2_head: str,
    section: str,
    signed: bool,
    separators: list[str],
) -> None:
    parts = []
    for k in range(3):
        parts += [
            statement(k, titles[k]),
            lampiran_1(k, lampiran_1_head, signed),
            lampiran_2(k, lampiran_2_head, section),
        ]
    check_bundle(join(parts, separators), 3)


@pytest.mark.parametrize("separator", SEPARATORS)
@pytest.mark.parametrize("title", TITLES)
def test_every_title_with_every_separator(title: str, separator: str) -> None:
    parts = []
    for k in range(2):
        parts += [
            statement(k, title),
            lampiran_1(k, "LAMPIRAN I", signed=True),
            lampiran_2(k, "LAMPIRAN II\nPENJELASAN KINERJA", SECTION_HEADS[0]),
        ]
    check_bundle(join(parts, [separator] * 5), 2)


def test_one_heading_over_the_table_and_the_penjelasan_without_any_break() -> None:
    # LAMPIRAN PERJANJIAN KINERJA TAHUN 2023: no number, the table and then the Penjelasan
    # heading on the same page; then the next agreement right after the last section
    parts = []
    for k in range(2):
        parts += [
            statement(k, "PERJANJIAN KINERJA TAHUN 2023"),
            lampiran_1(k, "LAMPIRAN PERJANJIAN KINERJA TAHUN 2023", signed=False),
            lampiran_2(k, "PENJELASAN KINERJA TAHUN 2023", "a. Sasaran Strategis {n} : {sasaran}"),
        ]
    check_bundle("\n".join(parts), 2)


def test_end_of_lampiran_and_next_title_on_one_line_split_at_the_form_feed() -> None:
    text = join(
        [statement(0, "PERJANJIAN KINERJA TAHUN 2025"), lampiran_1(0, "LAMPIRAN I", True)]
        + [lampiran_2(0, "LAMPIRAN II", SECTION_HEADS[0])]
        + [statement(1, "PERJANJIAN KINERJA TAHUN 2025"), lampiran_1(1, "LAMPIRAN I", True)]
        + [lampiran_2(1, "LAMPIRAN II", SECTION_HEADS[0])],
        ["\f"] * 5,
    )
    pages, groups, _ = run(text)
    assert len(groups) == 2
    # the glued line is cut in two lines with the source line number, on two pages
    glued = [line for page in pages for line in page.lines if "\f" in line.raw]
    numbers = [line.number for line in glued]
    assert len(glued) == 10 and all(numbers.count(n) == 2 for n in numbers)
    assert {line.text for line in glued if line.raw.startswith("\f")} == {
        "PERJANJIAN KINERJA TAHUN 2025",
        "LAMPIRAN I",
        "LAMPIRAN II",
    }


def test_section_lines_inside_an_attachment_do_not_split_it() -> None:
    lampiran = (
        f"LAMPIRAN I\nI. KINERJA PELAYANAN\nNo.{T}Sasaran{T}Indikator{T}Target\n"
        f"1{T}Meningkatnya layanan{T}Indeks kepuasan{T}82\n"
        f"II. KINERJA KEUANGAN\nNo.{T}Sasaran{T}Indikator{T}Target\n"
        f"1{T}Meningkatnya tertib keuangan{T}Opini BPK{T}WTP\n"
    )
    pages, groups, _ = run(statement(0, "PERJANJIAN KINERJA TAHUN 2025") + "\n" + lampiran)
    (group,) = groups
    assert [page.kind for page in group.lampiran_pages] == ["lampiran_1"]


def test_column_number_cells_one_per_line_are_not_page_markers() -> None:
    # pdftotext/pdfminer print a table's (1) (2) (3) row one cell per line
    lampiran = "LAMPIRAN I\nNo.\n(1)\nSasaran\n(2)\nIndikator\n(3)\nTarget\n(4)\n" + (
        "1\nMeningkatnya layanan\nIndeks kepuasan\n82\n"
    )
    pages, groups, _ = run(statement(0, "PERJANJIAN KINERJA TAHUN 2025") + "\n" + lampiran)
    assert [page.kind for page in pages] == ["agreement", "lampiran_1"]


def test_web_transcript_page_numbers_are_page_breaks() -> None:
    parts = []
    for k in range(2):
        parts += [
            statement(k, ""),
            lampiran_1(k, "LAMPIRAN I", signed=False),
            lampiran_2(k, "", "Penjelasan Kinerja {n}"),
        ]
    text = "\n".join(f"({n})\n\n{part}\n" for n, part in enumerate(parts, start=1))
    pages, groups, problems = run(text)
    assert problems == [] and len(groups) == 2
    assert [page.kind for page in pages] == ["agreement", "lampiran_1", "lampiran_2"] * 2


def test_statement_without_title_after_an_unsigned_penjelasan_opens_an_agreement() -> None:
    parts = []
    for k in range(2):
        parts += [
            statement(k, ""),
            lampiran_1(k, "LAMPIRAN I", signed=False),
            lampiran_2(k, "", "Penjelasan Kinerja {n}"),
        ]
    check_bundle("\n".join(parts), 2)


def test_title_with_only_its_letterhead_and_paragraph_stays_with_its_statement() -> None:
    text = "PEMERINTAH KABUPATEN LUWU TIMUR\nDINAS PENANAMAN MODAL DAN PTSP\n" + statement(
        0, "PERJANJIAN KINERJA TAHUN 2025"
    )
    pages, groups, _ = run(text)
    assert [page.kind for page in pages] == ["agreement"]


def test_attachments_without_their_statement_page_still_make_an_agreement() -> None:
    from extractor.pipeline import extract_loaded

    text = lampiran_1(0, "LAMPIRAN I PERJANJIAN KINERJA TAHUN 2025", signed=True) + "\n"
    text += lampiran_2(0, "LAMPIRAN II", SECTION_HEADS[0])
    result = extract_loaded(LoadedText("x.txt", text, "", len(text), "utf-8"))
    assert result.status != "failed"
    assert len(result.agreements) == 1
    assert "not_a_pk" not in [e.code for e in result.errors]
    assert "agreement_page_missing" in [e.code for e in result.errors]


@pytest.mark.parametrize("title", [t for t in TITLES if t])
def test_a_single_statement_is_never_not_a_pk(title: str) -> None:
    from extractor.pipeline import extract_loaded

    text = statement(0, title)
    result = extract_loaded(LoadedText("x.txt", text, "", len(text), "utf-8"))
    assert len(result.agreements) == 1
    assert "not_a_pk" not in [e.code for e in result.errors]


# --- PDF pages: one physical page, several sections ----------------------------------------


def _physical(number: int, text: str) -> Page:
    lines, _ = normalise(text)
    return Page(number=number, lines=lines)


def test_a_physical_page_is_cut_into_its_sections_and_keeps_its_number() -> None:
    from extractor.pages import split_sections

    second = (
        lampiran_1(0, "LAMPIRAN PERJANJIAN KINERJA TAHUN 2023", signed=False)
        + "\n"
        + lampiran_2(0, "PENJELASAN KINERJA TAHUN 2023", "Penjelasan Kinerja {n}")
        + "\n"
        + statement(1, "PERJANJIAN KINERJA TAHUN 2023")
    )
    third = (
        lampiran_1(1, "LAMPIRAN I", signed=True)
        + "\n\n\n\n"
        + lampiran_2(1, "", "{letter}. Sasaran Strategis {n} : {sasaran}")
    )
    physical = [
        _physical(1, statement(0, "PERJANJIAN KINERJA TAHUN 2023")),
        _physical(2, second),
        _physical(3, third),
    ]
    pages = classify_pages(split_sections(physical))
    assert [(p.number, p.kind) for p in pages] == [
        (1, "agreement"),
        (2, "lampiran_1"),
        (2, "lampiran_2"),
        (2, "agreement"),
        (3, "lampiran_1"),
        (3, "lampiran_2"),
    ]
    kept, _ = deduplicate(pages)
    groups, problems = segment(kept)
    assert problems == [] and len(groups) == 2
    sections = parse_explanations([p for p in groups[1].pages if p.kind == "lampiran_2"])
    assert [s.number for s in sections] == ["1", "2"]
    assert {s.source.page for s in sections} == {3}


def test_a_physical_page_with_one_section_is_left_whole() -> None:
    from extractor.pages import split_sections

    # a blank run after a signature and a repeated table header stand in for page breaks
    # in text; on a physical page they cut nothing
    page = _physical(
        4,
        lampiran_1(0, "LAMPIRAN I", signed=True)
        + f"\n\n\n\nNo.{T}Sasaran Kegiatan{T}Indikator Kegiatan{T}Target\n3{T}a{T}b{T}1",
    )
    assert split_sections([page]) == [page]


def test_pdf_page_holding_the_table_and_the_penjelasan(tmp_path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from extractor import extract

    path = tmp_path / "pk.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for text in (
        statement(0, "PERJANJIAN KINERJA TAHUN 2025"),
        "\n".join(
            [
                "LAMPIRAN PERJANJIAN KINERJA TAHUN 2025",
                "NO SASARAN INDIKATOR KINERJA TARGET",
                "1 Meningkatnya kualitas perencanaan Persentase dokumen tepat waktu 100%",
                "2 Meningkatnya tertib administrasi Persentase laporan tepat waktu 95%",
                "PENJELASAN KINERJA TAHUN 2025",
                "Penjelasan Kinerja 1",
                "Uraian Sasaran",
                "Yang dimaksud dalam sasaran ini adalah perencanaan yang tepat waktu.",
                "Penjelasan Kinerja 2",
                "Uraian Sasaran",
                "Yang dimaksud dalam sasaran ini adalah laporan yang tepat waktu.",
            ]
        ),
    ):
        pdf.setFont("Helvetica", 10)
        y = A4[1] - 60
        for line in text.split("\n"):
            pdf.drawString(60, y, line)
            y -= 16
        pdf.showPage()
    pdf.save()
    result = extract(str(path))
    assert result.source.page_count == 2
    assert [(p.number, p.kind) for p in result.pages] == [
        (1, "agreement"),
        (2, "lampiran_1"),
        (2, "lampiran_2"),
    ]
    (agreement,) = result.agreements
    assert agreement.pages == [1, 2]  # physical pages, each once
    assert [e.number for e in agreement.explanations] == ["1", "2"]
    assert {e.source.page for e in agreement.explanations} == {2}
