"""Penjelasan Kinerja sections built by the test: the sasaran named by the section heading, and
OCR specks between the lines of a section. Every case is generated."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.document import Page
from extractor.normalise import normalise
from extractor.parse.penjelasan import parse_explanations

T = "\t"
WORDS = ["Meningkatnya", "Kualitas", "Pelayanan", "Publik", "Akuntabilitas", "Kinerja", "Daerah"]
REGULATIONS = [
    "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah",
    "Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja",
    "Peraturan Daerah Nomor 4 Tahun 2021 tentang RPJMD",
    "Peraturan Bupati Nomor 37 Tahun 2021 tentang Rencana Strategis",
]
SPECKS = ["•", "_ -", ". ,", "~", "' .", "|", "-"]

sasaran = st.lists(st.sampled_from(WORDS[1:]), min_size=1, max_size=5).map(
    lambda words: " ".join(["Meningkatnya", *words])
)


def _page(lines: list[str]) -> Page:
    normalised, _ = normalise("\n".join(lines))
    return Page(number=1, lines=normalised, kind="lampiran_2")


def _target_table(indicator: str) -> list[str]:
    return [
        "Target Kinerja",
        f"Indikator Kinerja{T}Target{T}Penjelasan",
        f"{indicator}{T}80 %{T}Sesuai Renstra",
    ]


HEADINGS = [
    "{letter}. Sasaran Strategis {n} : {text}",
    "{letter}) Sasaran Program {n}: {text}",
    "Sasaran {n}: {text}",
    "### Sasaran {n}: {text}",
    "{n}. Sasaran Kegiatan {n} . {text}",
]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(sasaran, st.sampled_from(HEADINGS), st.booleans()), min_size=1, max_size=4)
)
def test_the_heading_names_the_sasaran(sections) -> None:
    """``a. Sasaran Strategis 1 : <text>`` opens section 1 and names its sasaran, with or
    without an Uraian paragraph under it (which only describes the sasaran); an
    ``Uraian Sasaran: <title>`` line still says it first."""
    lines = ["LAMPIRAN II", "PENJELASAN KINERJA"]
    for n, (text, heading, uraian) in enumerate(sections, start=1):
        lines.append(heading.format(letter="abcd"[n - 1], n=n, text=text))
        if uraian:
            lines += ["Uraian Sasaran", f"Yang dimaksud dengan sasaran ini adalah {text.lower()}."]
        lines += _target_table(f"Indeks {text}")
    found = parse_explanations([_page(lines)])
    assert [e.number for e in found] == [str(n) for n in range(1, len(sections) + 1)]
    assert [e.objective for e in found] == [s[0] for s in sections]
    assert [[t.indicator for t in e.targets] for e in found] == [
        [f"Indeks {s[0]}"] for s in sections
    ]


@settings(max_examples=30, deadline=None)
@given(sasaran, sasaran)
def test_an_uraian_title_comes_before_the_heading(heading, title) -> None:
    lines = [f"a. Sasaran Strategis 1 : {heading}", f"Uraian Sasaran: {title}"]
    (section,) = parse_explanations([_page(lines + _target_table("Indeks X"))])
    assert section.objective == title


@settings(max_examples=30, deadline=None)
@given(sasaran)
def test_a_lettered_title_over_its_uraian_names_the_sasaran(text) -> None:
    lines = [
        f"A. {text}",
        "Uraian Sasaran",
        f"Yang dimaksud dengan sasaran ini adalah {text.lower()} setiap tahun.",
    ]
    (section,) = parse_explanations([_page(lines + _target_table("Indeks X"))])
    assert section.number == "A"
    assert section.objective == text
    assert section.objective_text.startswith("Yang dimaksud")


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.sampled_from(REGULATIONS), min_size=1, max_size=4, unique=True),
    st.lists(st.tuples(st.integers(0, 6), st.sampled_from(SPECKS)), max_size=4),
    st.booleans(),
)
def test_ocr_specks_between_lines_are_blank_lines(laws, specks, bare_heading) -> None:
    """A line of specks (no letter, no digit) anywhere after the legal-basis heading, before
    or after its list, or around the indicator sentence, neither ends the list nor stands
    for an item: every regulation and every indicator is still read."""
    body = ["Dasar Hukum" if bare_heading else "Dasar hukum sasaran ini antara lain:"]
    body += [f"{n}. {law};" for n, law in enumerate(laws, start=1)]
    body += [
        "Indikator Kinerja",
        "Sasaran ini memiliki 2 indikator kinerja, yaitu:",
        "1. Indeks Kepuasan Masyarakat",
        "2. Persentase Layanan Tepat Waktu",
    ]
    for at, speck in sorted(specks, reverse=True):
        position = min(at, len(body) - 1) + 1
        after = body[position] if position < len(body) else ""
        if not (body[position - 1][:1].isdigit() and after[:1].isdigit()):
            body.insert(position, speck)  # not between two numbered items (a blank ends a list)
    lines = ["Penjelasan Kinerja 1", "Uraian Sasaran: Meningkatnya Kualitas Pelayanan", *body]
    (section,) = parse_explanations([_page(lines + _target_table("Indeks Kepuasan Masyarakat"))])
    assert section.legal_basis == laws
    assert section.indicators == ["Indeks Kepuasan Masyarakat", "Persentase Layanan Tepat Waktu"]
