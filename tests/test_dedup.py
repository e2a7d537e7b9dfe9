"""Stage 4 (dedup): repeated pages are found, one copy kept, and the differences listed."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.dedup import deduplicate, is_ocr_slip, words
from extractor.document import Line, Page
from extractor.normalise import normalise
from extractor.pages import split_pages
from extractor.segment import classify_pages
from tests.pagekit import SAMPLE_FIRST_PARTIES

T = "\t"


def page(text: str, number: int, kind: str = "other") -> Page:
    """A page as the pipeline builds it: normalised lines, then classified."""
    lines, _ = normalise(text)
    return Page(number=number, lines=lines, kind=kind)


def agreement_text(name: str, position: str, superior: str = "JONI, SE") -> str:
    return f"""PERJANJIAN KINERJA TAHUN 2025

Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel serta \
berorientasi pada hasil, kami yang bertanda tangan di bawah ini :

Nama : {name}
Jabatan : {position}
selanjutnya disebut pihak pertama

Nama : {superior}
Jabatan : KASUBAG UMUM & KEUANGAN
selaku atasan pihak pertama, selanjutnya disebut pihak kedua

Pihak Pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran perjanjian \
ini, dalam rangka mencapai target kinerja jangka menengah seperti yang telah ditetapkan dalam \
dokumen perencanaan. Keberhasilan dan kegagalan pencapaian target kinerja tersebut akan menjadi \
tanggung jawab kami.

Pihak Kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi terhadap \
capaian kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan dalam rangka \
pemberian penghargaan dan sanksi.

Pihak Kedua,
KASUBAG UMUM & KEUANGAN

({superior})

Malili, 2 Januari 2025

Pihak Pertama,
{position}

({name})
"""


LAMPIRAN_1_PIPES = f"""LAMPIRAN 1 PERJANJIAN KINERJA
DINAS PENANAMAN MODAL DAN PTSP
TABEL KINERJA
TAHUN 2025

NO.{T}SASARAN STRATEGIS{T}INDIKATOR KINERJA{T}TARGET
1{T}Meningkatnya Nilai Realisasi Investasi Daerah (S1){T}Nilai Investasi (PMA dan PMDN){T}3.300.000.000 .000
2{T}Meningkatnya Kualitas Pelayanan Perizinan dan Non Perizinan Daerah (S2){T}Persentase waktu \
penyelesaian perizinan usaha{T}96,00
3{T}Meningkatnya Akuntabilitas Kinerja dan Keuangan Dinas Penanaman Modal dan PTSP (S3){T}Nilai \
SAKIP{T}73,50

Keterangan Program Pendukung Sasaran Kinerja:

Program

Anggaran

- | | | |
|--|-----|------------------|
| 1. Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota | Rp. | 4.324.506.023,00 |
| 2. Pengembangan Iklim Penanaman Modal | Rp. | 105.472.300,00 |
| 3. Promosi Penanaman Modal | Rp. | 252.590.750,00 |

Malili, 02 Januari 2025

BUPATI LUWU TIMUR

Plt. KEPALA DINAS PM-PTSP

(Drs. H. BUDIMAN, M.Pd)

(ISKANDAR MUDA, S.Sos., M.Si)
"""

LAMPIRAN_1_TABS = f"""**LAMPIRAN 1 PERJANJIAN KINERJA
DINAS PENANAMAN MODAL DAN PTSP
TABEL KINERJA
TAHUN 2025**

NO.{T}SASARAN STRATEGIS{T}INDIKATOR KINERJA{T}TARGET
1{T}Meningkatnya Nilai Realisasi Investasi Daerah (S1){T}Nilai Investasi (PMA dan PMDN){T}3.300.000.000 .000
2{T}Meningkatnya Kualitas Pelayanan Perizinan dan Non Perizinan Daerah (S2){T}Persentase waktu \
penyelesaian perizinan usaha{T}96,00
3{T}Meningkatnya Akuntabilitas Kinerja dan Keuangan Dinas Penanaman Modal dan PTSP (S3){T}Nilai \
SAKIP{T}73,50

Keterangan Program Pendukung Sasaran Kinerja:

Program

Anggaran

1. Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota{T}Rp.{T}4.324.506.023,00
2. Pengembangan Iklim Penanaman Modal{T}Rp.{T}105.472.300,00
3. Promosi Penanaman Modal{T}Rp.{T}252.590.750,00

Malili, 02 Januari 2025

BUPATI LUWU TIMUR

Plt. KEPALA DINAS PM-PTSP

(Drs. H. BUDIMAN, M.Pd)

(ISKANDAR MUDA, S.Sos., M.Si)
"""

# The same signature block flattened column by column instead of row by row.
LAMPIRAN_1_TABS_OTHER_ORDER = LAMPIRAN_1_TABS.replace(
    "BUPATI LUWU TIMUR\n\nPlt. KEPALA DINAS PM-PTSP\n\n(Drs. H. BUDIMAN, M.Pd)\n",
    "BUPATI LUWU TIMUR\n\n(Drs. H. BUDIMAN, M.Pd)\n\nPlt. KEPALA DINAS PM-PTSP\n",
)


def lampiran_2_text(agency: str, html: bool) -> str:
    explanation = (
        f"<p>Target yang ditetapkan mengacu pada target Renstra. {agency} Kab. Luwu Timur "
        "optimis dapat mencapai target tersebut, karena ada beberapa langkah strategis:</p> "
        '<ol style="list-style-type: none">1. Telah diterbitkannya Peraturan Daerah no.1 Tahun '
        "2023<br>2. Telah disusun Standar Pelayanan"
        if html
        else f"Target yang ditetapkan mengacu pada target Renstra. {agency} Kab. Luwu Timur "
        "optimis dapat mencapai target tersebut, karena ada beberapa langkah strategis: "
        "1. Telah diterbitkannya Peraturan Daerah no.1 Tahun 2023 2. Telah disusun Standar "
        "Pelayanan"
    )
    return f"""**LAMPIRAN 2 PERJANJIAN KINERJA
DINAS PENANAMAN MODAL DAN PTSP
PENJELASAN KINERJA TAHUN 2025**

Penjelasan Kinerja 1.

Uraian Sasaran

Yang dimaksud dalam sasaran kinerja ini adalah Peningkatan Nilai realisasi investasi Daerah \
dalam meningkatkan daya serap tenaga kerja Kabupaten Luwu Timur.

Indikator Kinerja{T}Target{T}Penjelasan
Nilai Realisasi Investasi{T}Rp 3.300.000.000.000,-{T}{explanation}
"""


# --- exact copies -----------------------------------------------------------------------


def test_exact_duplicate_is_dropped_and_the_first_kept() -> None:
    first = page(agreement_text("ONDO IRA, SP", "KASUBAG PERENCANAAN"), 1, "agreement")
    second = page(agreement_text("ONDO IRA, SP", "KASUBAG PERENCANAAN"), 2, "agreement")
    kept, notes = deduplicate([first, second])
    assert kept == [first]
    assert second.duplicate_of == 1
    assert first.duplicate_of is None
    assert len(notes) == 1
    note = notes[0]
    assert (note.kept_page, note.dropped_page) == (1, 2)
    assert note.similarity == pytest.approx(1.0)
    assert note.differences == []


def test_copy_differing_only_in_spacing_markup_and_blank_lines_is_exact() -> None:
    text = agreement_text("JONI, SE", "KASUBAG UMUM & KEUANGAN")
    noisy = "\n\n" + text.replace(" : ", " :  ").replace("\n\n", "\n\n\n").replace(
        "PERJANJIAN KINERJA TAHUN 2025", "**PERJANJIAN KINERJA TAHUN 2025**"
    )
    first, second = page(text, 1, "agreement"), page(noisy, 2, "agreement")
    kept, notes = deduplicate([first, second])
    assert kept == [first]
    assert notes[0].similarity == pytest.approx(1.0)
    assert notes[0].differences == []


def test_copies_differing_only_in_punctuation_at_word_ends_are_exact() -> None:
    text = agreement_text("JONI, SE", "KASUBAG UMUM & KEUANGAN")
    slipped = text.replace("Pihak Kedua,\n", "Pihak Kedua\n").replace(
        "Malili, 2 Januari 2025", "Malili 2 Januari 2025."
    )
    assert slipped != text
    first, second = page(text, 1, "agreement"), page(slipped, 2, "agreement")
    kept, notes = deduplicate([first, second])
    assert kept == [first]
    assert notes[0].similarity == pytest.approx(1.0)
    assert notes[0].differences == []


def test_pipe_table_and_tab_table_are_the_same_page() -> None:
    first = page(LAMPIRAN_1_PIPES, 4, "lampiran_1")
    second = page(LAMPIRAN_1_TABS, 5, "lampiran_1")
    kept, notes = deduplicate([first, second])
    assert kept == [first]
    assert second.duplicate_of == 4
    assert notes[0].differences == []


def test_html_and_plain_copies_are_the_same_page() -> None:
    first = page(lampiran_2_text("DPMPTSP", html=True), 6, "lampiran_2")
    second = page(lampiran_2_text("DPMPTSP", html=False), 8, "lampiran_2")
    kept, notes = deduplicate([first, second])
    assert kept == [first]
    assert second.duplicate_of == 6
    assert notes[0].differences == []


def test_three_copies_all_point_at_the_first() -> None:
    pages = [page(LAMPIRAN_1_TABS, n, "lampiran_1") for n in (3, 4, 5)]
    kept, notes = deduplicate(pages)
    assert kept == [pages[0]]
    assert [p.duplicate_of for p in pages] == [None, 3, 3]
    assert [(n.kept_page, n.dropped_page) for n in notes] == [(3, 4), (3, 5)]


def test_exact_copy_far_from_the_original_is_found() -> None:
    rng = random.Random(7)
    vocab = [
        "sasaran",
        "indikator",
        "target",
        "anggaran",
        "program",
        "kegiatan",
        "laporan",
        "dokumen",
        "pelayanan",
        "perizinan",
        "investasi",
        "pegawai",
        "keuangan",
        "daerah",
        "kabupaten",
        "rapat",
        "koordinasi",
        "evaluasi",
        "realisasi",
        "data",
        "informasi",
        "sistem",
        "standar",
        "renstra",
        "capaian",
        "kinerja",
        "persentase",
        "jumlah",
        "barang",
        "jasa",
        "aset",
    ]
    original = page(agreement_text("ANDI RAJUNI, SE", "KEPALA BIDANG PTSP"), 1, "agreement")
    fillers = [
        page(f"Catatan {i}\n" + " ".join(rng.sample(vocab, 20)), i, "other") for i in range(2, 42)
    ]
    copy = page(agreement_text("ANDI RAJUNI, SE", "KEPALA BIDANG PTSP"), 42, "agreement")
    kept, notes = deduplicate([original, *fillers, copy])
    assert copy not in kept
    assert copy.duplicate_of == 1
    assert (notes[-1].kept_page, notes[-1].dropped_page) == (1, 42)


# --- near copies (OCR differences) ----------------------------------------------------------


def test_near_duplicate_with_one_letter_ocr_slip_lists_the_difference() -> None:
    first = page(lampiran_2_text("DPMPSTSP", html=False), 6, "lampiran_2")
    second = page(lampiran_2_text("DPMPTSP", html=True), 8, "lampiran_2")
    kept, notes = deduplicate([first, second])
    assert kept == [first]
    assert second.duplicate_of == 6
    note = notes[0]
    assert (note.kept_page, note.dropped_page) == (6, 8)
    assert 0.9 < note.similarity < 1.0
    assert note.differences == ["'DPMPSTSP' vs 'DPMPTSP'"]


def test_near_duplicate_of_a_signature_page_with_ocr_slips() -> None:
    text = agreement_text("DAMES ARY SANDY SURYA", "PRANATA BARANG")
    slipped = text.replace("(DAMES ARY SANDY SURYA)", "(DAMES ARY SANDY SURA)").replace(
        "mewujudkan target", "meujudkan target"
    )
    first, second = page(text, 1, "agreement"), page(slipped, 2, "agreement")
    kept, notes = deduplicate([first, second])
    assert kept == [first]
    assert notes[0].similarity < 1.0
    assert sorted(notes[0].differences) == ["'SURYA' vs 'SURA'", "'mewujudkan' vs 'meujudkan'"]


def test_moved_lines_are_not_listed_as_differences() -> None:
    first = page(LAMPIRAN_1_TABS, 4, "lampiran_1")
    second = page(LAMPIRAN_1_TABS_OTHER_ORDER, 5, "lampiran_1")
    kept, notes = deduplicate([first, second])
    assert kept == [first]
    assert notes[0].similarity < 1.0
    assert notes[0].differences == []


def test_moved_lines_and_a_real_slip_list_only_the_slip() -> None:
    first = page(LAMPIRAN_1_PIPES, 4, "lampiran_1")
    second = page(
        LAMPIRAN_1_TABS_OTHER_ORDER.replace("Promosi Penanaman", "Prornosi Penanaman"),
        5,
        "lampiran_1",
    )
    kept, notes = deduplicate([first, second])
    assert kept == [first]
    assert notes[0].differences == ["'Promosi' vs 'Prornosi'"]


# --- pages that must NOT be merged ------------------------------------------------------------


def test_agreements_of_different_people_with_the_same_boilerplate_are_kept() -> None:
    pages = [
        page(agreement_text("PANCASIWI RAHARJO", "BENDAHARA PENGELUARAN"), 1, "agreement"),
        page(agreement_text("DAMES ARY SANDY SURYA", "PRANATA BARANG"), 2, "agreement"),
        page(agreement_text("ONDO IRA, SP", "KASUBAG PERENCANAAN DAN KEPEGAWAIAN"), 3, "agreement"),
    ]
    kept, notes = deduplicate(pages)
    assert kept == pages
    assert notes == []
    assert all(p.duplicate_of is None for p in pages)


@pytest.mark.parametrize(
    ("name_a", "name_b"),
    [("SUPRIADI", "HASNAWATI"), ("ANDI RAJUNI, SE", "ANDI RAHMAN, SE")],
)
def test_agreements_of_different_people_with_the_same_position_are_kept(
    name_a: str, name_b: str
) -> None:
    first = page(agreement_text(name_a, "PENGADMINISTRASI UMUM"), 1, "agreement")
    second = page(agreement_text(name_b, "PENGADMINISTRASI UMUM"), 2, "agreement")
    kept, notes = deduplicate([first, second])
    assert kept == [first, second]
    assert notes == []


def test_page_with_an_extra_paragraph_is_not_a_duplicate() -> None:
    text = lampiran_2_text("DPMPTSP", html=False)
    longer = text + (
        "\nPenjelasan Kinerja 2.\n\nUraian Sasaran\n\nYang dimaksud dalam sasaran kinerja ini "
        "adalah peningkatan kualitas pelayanan perizinan.\n"
    )
    first, second = page(text, 6, "lampiran_2"), page(longer, 7, "lampiran_2")
    kept, notes = deduplicate([first, second])
    assert kept == [first, second]
    assert notes == []


def test_near_copies_of_different_kinds_are_not_merged() -> None:
    first = page(lampiran_2_text("DPMPSTSP", html=False), 1, "lampiran_2")
    second = page(lampiran_2_text("DPMPTSP", html=False), 2, "lampiran_1")
    kept, notes = deduplicate([first, second])
    assert kept == [first, second]
    assert notes == []


@pytest.mark.parametrize(
    ("kind_a", "kind_b"),
    [("lampiran_1", "lampiran_2"), ("cover", "agreement"), ("other", "lampiran_1")],
)
def test_identical_pages_of_different_kinds_are_not_merged(kind_a: str, kind_b: str) -> None:
    text = f"No{T}Uraian{T}Target\n{T}{T}lanjutan baris tabel dari halaman sebelumnya"
    first, second = page(text, 1, kind_a), page(text, 2, kind_b)
    kept, notes = deduplicate([first, second])
    assert kept == [first, second]
    assert notes == []


def test_distinct_pages_are_all_kept_in_order() -> None:
    pages = [
        page(agreement_text("JONI, SE", "KASUBAG UMUM & KEUANGAN"), 1, "agreement"),
        page(LAMPIRAN_1_TABS, 2, "lampiran_1"),
        page(lampiran_2_text("DPMPTSP", html=False), 3, "lampiran_2"),
    ]
    kept, notes = deduplicate(pages)
    assert kept == pages
    assert notes == []
    assert deduplicate([]) == ([], [])


# --- the real sample --------------------------------------------------------------------

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "pk-dpmptsp-luwu-timur-2025.txt"


@pytest.fixture(scope="module")
def sample():
    lines, _ = normalise(SAMPLE.read_text(encoding="utf-8"))
    pages = classify_pages(split_pages(lines))
    kept, notes = deduplicate(pages)
    return pages, kept, notes


def _first_party(page: Page) -> str | None:
    names = [line.text for line in page.lines if line.text.startswith("Nama :")]
    return names[0].removeprefix("Nama :").strip() if names else None


def test_sample_repeated_pages_are_found(sample) -> None:
    pages, kept, notes = sample
    assert len(notes) >= 3
    assert len(kept) + len(notes) == len(pages)
    by_number = {p.number: p for p in pages}
    for note in notes:
        assert note.kept_page < note.dropped_page
        assert by_number[note.dropped_page].duplicate_of == note.kept_page
        assert by_number[note.dropped_page] not in kept
        assert by_number[note.kept_page] in kept


def test_sample_ocr_difference_between_copies_is_listed(sample) -> None:
    _, _, notes = sample
    with_slip = [n for n in notes if "'DPMPSTSP' vs 'DPMPTSP'" in n.differences]
    assert len(with_slip) == 1
    assert with_slip[0].similarity < 1.0


def test_sample_first_agreement_printed_twice_is_kept_once(sample) -> None:
    _, kept, _ = sample
    agreements = [p for p in kept if p.content() and p.content()[0].text.startswith("PERJANJIAN")]
    agreements = [p for p in agreements if _first_party(p)]
    assert [_first_party(p) for p in agreements] == SAMPLE_FIRST_PARTIES


def test_sample_pipe_and_tab_copies_of_lampiran_1_are_merged(sample) -> None:
    pages, _, notes = sample
    budget_pages = [
        p
        for p in pages
        if any(line.text.startswith("1. Penunjang Urusan Pemerintahan") for line in p.lines)
    ]
    assert len(budget_pages) == 2
    assert budget_pages[1].duplicate_of == budget_pages[0].number
    note = next(n for n in notes if n.dropped_page == budget_pages[1].number)
    assert note.differences == []


# --- copies that differ by noise (generated) --------------------------------------------------

# OCR misreadings of one glyph: (printed, read).
_MISREADS = [("d", "cl"), ("m", "rn"), ("l", "1"), ("o", "0"), ("w", "vv"), ("u", "n")]


def _misread(word: str, printed: str, read: str) -> str | None:
    """``word`` with its first ``printed`` glyph read as ``read`` (None if it has none)."""
    at = word.find(printed)
    return None if at < 0 else word[:at] + read + word[at + len(printed) :]


def _tabbed_labels(text: str) -> str:
    return text.replace("Nama : ", f"Nama{T}:{T}").replace("Jabatan : ", f"Jabatan{T}:{T}")


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_copy_with_one_misread_word_and_other_label_layout_is_dropped(data) -> None:
    """Any one word misread (generated), with ``Nama<TAB>:<TAB>`` instead of ``Nama : ``, is
    still a copy of the page, and the misread word is the difference listed."""
    text = agreement_text("ONDO IRA, SP", "KASUBAG PERENCANAAN")
    candidates = sorted(
        {
            (w, m, p, r)
            for w in text.split()
            if w.isalpha() and w.islower() and len(w) >= 2
            for p, r in _MISREADS
            if (m := _misread(w, p, r))
        }
    )
    word, misread, printed, read = data.draw(st.sampled_from(candidates))
    noisy = _tabbed_labels(regex.sub(rf"\b{word}\b", misread, text, count=1))
    first, second = page(text, 1, "agreement"), page(noisy, 2, "agreement")
    kept, notes = deduplicate([first, second])
    assert kept == [first]
    assert notes[0].differences == [f"'{word}' vs '{misread}'"]


@pytest.mark.parametrize(
    ("noise", "difference"),
    [
        (lambda t: t.replace("transparan dan", "transparan clan"), "'dan' vs 'clan'"),
        (lambda t: t.replace("di bawah", "cli bawah"), "'di' vs 'cli'"),
        (lambda t: t.replace("Pihak Pertama berjanji", "PihakPertama berjanji"), None),
        (lambda t: t.replace("pemerintahan", "pemerin tahan", 1), None),
        (_tabbed_labels, None),
        (lambda t: t.replace(" : ", " :   ").replace("\n\n", "\n \n"), None),
    ],
)
def test_agreement_page_copy_with_noise_is_dropped(noise, difference) -> None:
    text = agreement_text("JONI, SE", "KASUBAG UMUM & KEUANGAN")
    noisy = noise(text)
    assert noisy != text
    first, second = page(text, 1, "agreement"), page(noisy, 2, "agreement")
    kept, notes = deduplicate([first, second])
    assert kept == [first]
    assert second.duplicate_of == 1
    if difference:
        assert notes[0].differences == [difference]


def test_words_run_together_are_one_listed_difference() -> None:
    text = agreement_text("JONI, SE", "KASUBAG UMUM & KEUANGAN")
    noisy = text.replace("Pihak Pertama berjanji", "PihakPertama berjanji")
    _, notes = deduplicate([page(text, 1, "agreement"), page(noisy, 2, "agreement")])
    assert notes[0].differences == ["'Pihak Pertama' vs 'PihakPertama'"]


def test_pipe_copy_with_a_misread_word_is_dropped_with_the_word_listed() -> None:
    first = page(LAMPIRAN_1_TABS, 4, "lampiran_1")
    second = page(
        LAMPIRAN_1_PIPES.replace("Pengembangan Iklim", "Pengernbangan Iklim"), 5, "lampiran_1"
    )
    kept, notes = deduplicate([first, second])
    assert kept == [first]
    assert notes[0].differences == ["'Pengembangan' vs 'Pengernbangan'"]


@pytest.mark.parametrize(
    ("left", "right", "slip"),
    [
        (["2025"], ["2O25"], True),
        (["4.324.506.023,00"], ["4.324.5O6.O23,00"], True),
        (["Kinerja"], ["Klnerja"], True),
        (["dan"], ["clan"], True),
        (["Pihak", "Pertama"], ["PihakPertama"], True),
        (["96,00"], ["95,00"], False),
        (["2", "Januari"], ["3", "Januari"], False),
        (["RAJUNI"], ["RAHMAN"], False),
        (["SUPRIADI"], ["HASNAWATI"], False),
    ],
)
def test_ocr_slip_folds_misreadings_but_never_another_number(
    left: list[str], right: list[str], slip: bool
) -> None:
    assert is_ocr_slip(left, right) is slip


_NAMES = ["SUPRIADI", "HASNAWATI", "ANDI RAJUNI, SE", "ANDI RAHMAN, SE", "ONDO IRA, SP", "JONI, SE"]


@settings(max_examples=30, deadline=None)
@given(
    names=st.lists(st.sampled_from(_NAMES), min_size=2, max_size=2, unique=True),
    tabbed=st.booleans(),
)
def test_agreements_of_different_people_are_never_merged(names: list[str], tabbed: bool) -> None:
    """The same template for two people (one copy possibly laid out with tabs) is two pages."""
    first = page(agreement_text(names[0], "PENGADMINISTRASI UMUM"), 1, "agreement")
    other = agreement_text(names[1], "PENGADMINISTRASI UMUM")
    second = page(_tabbed_labels(other) if tabbed else other, 2, "agreement")
    kept, notes = deduplicate([first, second])
    assert kept == [first, second]
    assert notes == []


@pytest.mark.parametrize(
    ("printed", "other"),
    [("96,00", "95,00"), ("73,50", "78,50"), ("3.300.000.000 .000", "3.800.000.000 .000")],
)
def test_lampiran_with_another_target_is_not_merged(printed: str, other: str) -> None:
    """Same template, another target: a different agreement's table, not an OCR copy."""
    first = page(LAMPIRAN_1_TABS, 4, "lampiran_1")
    second = page(LAMPIRAN_1_PIPES.replace(printed, other), 5, "lampiran_1")
    kept, notes = deduplicate([first, second])
    assert kept == [first, second]
    assert notes == []


def test_agreement_page_with_another_signing_date_is_not_merged() -> None:
    text = agreement_text("JONI, SE", "KASUBAG UMUM & KEUANGAN")
    other = text.replace("Malili, 2 Januari 2025", "Malili, 3 Januari 2025")
    kept, _ = deduplicate([page(text, 1, "agreement"), page(other, 2, "agreement")])
    assert len(kept) == 2


def test_noisy_second_printing_of_an_agreement_gives_no_phantom_agreement() -> None:
    """End to end: an agreement and its Lampiran printed again (tabbed labels, an OCR slip,
    a pipe table) is one agreement, with both copies' differences listed."""
    from extractor.document import LoadedText
    from extractor.pipeline import extract_loaded

    text = agreement_text("ONDO IRA, SP", "KASUBAG PERENCANAAN")
    again = _tabbed_labels(text).replace("transparan dan", "transparan clan")
    pipes = LAMPIRAN_1_PIPES.replace("Promosi", "Prornosi")
    bundle = "\n".join([text, LAMPIRAN_1_TABS, again, pipes])
    result = extract_loaded(LoadedText("x.txt", bundle, "", len(bundle), None))
    assert len(result.agreements) == 1
    assert [d.differences for d in result.duplicates] == [
        ["'dan' vs 'clan'"],
        ["'Promosi' vs 'Prornosi'"],
    ]


# --- what the page prints, not how a stage rebuilt it -----------------------------------------


def _rows_rebuilt(source: list[str], rows: list[tuple[list[int], str]], number: int) -> Page:
    """A page whose table lines a stage rebuilt: each row's text is its cells joined by tabs
    (in the stage's order), its ``raw`` the source lines it covers (as ``cells`` builds)."""
    lines = [
        Line(idx[0] + 1, text, "\n".join(source[i] for i in idx), end=idx[-1] + 1)
        for idx, text in rows
    ]
    return Page(number=number, lines=lines, kind="lampiran_1")


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_copies_whose_rows_were_rebuilt_differently_are_the_same_page(data) -> None:
    """General rule: copies are compared on the source text's words in source order, so a
    stage that folded one copy's wrapped lines into rows (cells in another order, lines
    joined) and left the other as printed does not make them differ."""
    cells = [
        "1",
        "Meningkatnya Nilai Realisasi",
        "Investasi Daerah",
        "Nilai Investasi (PMA dan PMDN)",
        "3.300.000.000.000",
        "2",
        "Meningkatnya Kualitas Pelayanan",
        "Perizinan Daerah",
        "Persentase waktu penyelesaian",
        "96,00",
    ]
    source = ["NO\tSASARAN\tINDIKATOR\tTARGET", *cells]
    plain = Page(number=4, lines=page("\n".join(source), 4, "lampiran_1").lines, kind="lampiran_1")
    # the second copy: wrapped lines folded into rows, the cells in an order drawn here
    order = data.draw(st.permutations(range(1, 6)))
    rows = [([0], source[0])]
    for start in (1, 6):
        idx = [start + k - 1 for k in range(1, 6)]
        rows.append((idx, "\t".join(source[start + k - 1] for k in order)))
    rebuilt = _rows_rebuilt(source, rows, 5)
    kept, notes = deduplicate([plain, rebuilt])
    assert kept == [plain]
    assert notes[0].differences == []


def test_a_row_cut_from_one_source_line_is_read_once() -> None:
    """Several rows cut from one source line (a whole HTML table on one line) carry the
    source text on the first row only: the page's words are not doubled."""
    raw = "<table><tr><td>1</td><td>Nilai SAKIP</td></tr><tr><td>2</td><td>Nilai IKM</td></tr></table>"
    rows = Page(
        1,
        [Line(1, f"1{T}Nilai SAKIP", raw), Line(1, f"2{T}Nilai IKM", "")],
        kind="lampiran_1",
    )
    assert words(rows) == ["1", "Nilai", "SAKIP", "2", "Nilai", "IKM"]


# --- a heavily garbled copy (a poor scan read twice) ------------------------------------------

_GLYPHS = {"e": "o", "i": "l", "n": "m", "u": "v", "a": "o", "r": "t", "s": "5", "k": "l"}


def _garble(word: str, rng: random.Random, edits: tuple[int, ...] = (1, 2)) -> str:
    """OCR misreadings of ``word``: glyphs read as similar ones or as noise, letters lost."""
    chars = list(word)
    for _ in range(rng.choice(edits)):
        at = rng.randrange(len(chars))
        if rng.random() < 0.3 and len(chars) > 3:
            del chars[at]
        elif rng.random() < 0.5:
            chars[at] = _GLYPHS.get(chars[at].lower(), chars[at])
        else:
            chars[at] = rng.choice("aeiklnrtuy")
    return "".join(chars)


EXPLANATION = (
    "Yang dimaksud dalam sasaran kinerja ini adalah peningkatan kualitas pelayanan perizinan "
    "dan non perizinan daerah melalui penyederhanaan prosedur, percepatan waktu penyelesaian "
    "dan pemanfaatan sistem informasi perizinan berbasis elektronik. Indikator kinerja ini "
    "dianggap relevan karena menggambarkan secara langsung kemudahan berusaha yang dirasakan "
    "oleh masyarakat dan pelaku usaha di wilayah kabupaten. Formulasi indikator adalah jumlah "
    "izin yang terbit tepat waktu dibagi jumlah seluruh permohonan izin yang masuk dikali "
    "seratus persen. Sumber data berasal dari aplikasi pelayanan perizinan dan laporan bulanan "
    "bidang pelayanan. Target yang ditetapkan mengacu pada rencana strategis perangkat daerah "
    "dan dinilai optimis dapat dicapai karena telah disusun standar pelayanan, standar "
    "operasional prosedur serta peraturan kepala daerah tentang pendelegasian kewenangan."
)


def lampiran_2_long(indicator: str, target: str) -> str:
    return (
        "LAMPIRAN 2 PERJANJIAN KINERJA\nDINAS PENANAMAN MODAL DAN PTSP\n"
        "PENJELASAN KINERJA TAHUN 2025\n\nPenjelasan Kinerja 1.\n\n"
        f"{EXPLANATION}\n\nIndikator Kinerja{T}Target{T}Penjelasan\n"
        f"{indicator}{T}{target}{T}{EXPLANATION}\n"
    )


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), share=st.sampled_from([0.4, 0.5, 0.6]))
def test_heavily_garbled_copy_is_dropped(seed: int, share: float) -> None:
    """General rule: a copy read with many scattered OCR misreadings (here 40-60 % of its
    longer words, each with two or three glyphs misread or lost, generated) is still a copy:
    its many unexplained runs are alike letter by letter. The misread words are listed."""
    rng = random.Random(seed)
    text = lampiran_2_long("Persentase waktu penyelesaian perizinan usaha", "96,00")
    garbled = " ".join(
        _garble(w, rng, (2, 3)) if len(w) >= 5 and w.isalpha() and rng.random() < share else w
        for w in text.split(" ")
    )
    first, second = page(text, 6, "lampiran_2"), page(garbled, 9, "lampiran_2")
    kept, notes = deduplicate([first, second])
    assert kept == [first]
    assert second.duplicate_of == 6
    assert notes[0].differences


_INDICATORS = [
    "Persentase waktu penyelesaian perizinan usaha",
    "Nilai SAKIP perangkat daerah",
    "Persentase laporan keuangan yang disusun tepat waktu",
    "Indeks kepuasan masyarakat terhadap pelayanan perizinan",
]
_TARGETS = ["96,00", "73,50", "100", "85,25"]


@settings(max_examples=60, deadline=None)
@given(
    indicators=st.lists(st.sampled_from(_INDICATORS), min_size=2, max_size=2),
    targets=st.lists(st.sampled_from(_TARGETS), min_size=2, max_size=2),
    seed=st.integers(0, 10_000),
)
def test_same_template_with_another_indicator_or_target_is_never_merged(
    indicators: list[str], targets: list[str], seed: int
) -> None:
    """Two agreements' Lampiran 2 of one template (another indicator or target), the second
    with a few OCR slips: two pages, however alike the boilerplate."""
    if (indicators[0], targets[0]) == (indicators[1], targets[1]):
        return
    rng = random.Random(seed)
    other = lampiran_2_long(indicators[1], targets[1])
    slipped = " ".join(
        _garble(w, rng) if len(w) >= 5 and w.isalpha() and rng.random() < 0.02 else w
        for w in other.split(" ")
    )
    first = page(lampiran_2_long(indicators[0], targets[0]), 6, "lampiran_2")
    second = page(slipped, 9, "lampiran_2")
    kept, notes = deduplicate([first, second])
    assert kept == [first, second]
    assert notes == []


_PEOPLE = [
    ("BUDI SANTOSO, S.Sos", "KEPALA BIDANG PELAYANAN PERIZINAN"),
    ("SITI AMINAH, SE", "KASUBAG PERENCANAAN DAN KEPEGAWAIAN"),
    ("ANDI HABIL UNRU, SE", "SEKRETARIS DINAS"),
    ("RAHMAT HIDAYAT, ST", "KEPALA BIDANG PENANAMAN MODAL"),
    ("ONDO IRA, SP", "KASUBAG UMUM DAN KEUANGAN"),
]


@settings(max_examples=60, deadline=None)
@given(
    people=st.lists(st.sampled_from(_PEOPLE), min_size=2, max_size=2, unique=True),
    superiors=st.lists(st.sampled_from(["JONI, SE", "Drs. H. BUDIMAN, M.Pd"]), min_size=2),
    tabbed=st.booleans(),
)
def test_same_agreement_template_for_other_people_is_never_merged(
    people: list[tuple[str, str]], superiors: list[str], tabbed: bool
) -> None:
    """Same template, other first party (name and position) and maybe another superior."""
    first = page(agreement_text(*people[0], superior=superiors[0]), 1, "agreement")
    other = agreement_text(*people[1], superior=superiors[1])
    second = page(_tabbed_labels(other) if tabbed else other, 2, "agreement")
    kept, notes = deduplicate([first, second])
    assert kept == [first, second]
    assert notes == []


@settings(max_examples=40, deadline=None)
@given(
    pair=st.lists(st.integers(0, len(_INDICATORS) - 1), min_size=2, max_size=2, unique=True),
    seed=st.integers(0, 10_000),
    share=st.sampled_from([0.1, 0.3, 0.5]),
)
def test_garbled_lampiran_of_another_agreement_is_never_merged(
    pair: list[int], seed: int, share: float
) -> None:
    """Two agreements of one template (other party, other indicator and target), the second
    agreement's pages read from a poor scan: its Lampiran follows its own agreement page,
    so it is never taken for a garbled copy of the first agreement's Lampiran."""
    rng = random.Random(seed)
    first, second = pair

    def noisy(text: str) -> str:
        return " ".join(
            _garble(w, rng, (2, 3)) if len(w) >= 5 and w.isalpha() and rng.random() < share else w
            for w in text.split(" ")
        )

    pages = [
        page(agreement_text(*_PEOPLE[first]), 1, "agreement"),
        page(lampiran_2_long(_INDICATORS[first], _TARGETS[first]), 2, "lampiran_2"),
        page(noisy(agreement_text(*_PEOPLE[second])), 3, "agreement"),
        page(noisy(lampiran_2_long(_INDICATORS[second], _TARGETS[second])), 4, "lampiran_2"),
    ]
    kept, notes = deduplicate(pages)
    assert kept == pages
    assert notes == []


def test_garbled_copy_with_its_second_sheet_between_is_dropped() -> None:
    """A Lampiran of two sheets scanned twice (sheet 1, sheet 2, sheet 1 again garbled):
    the pages between are of its own kind, so the garbled copy is still found."""
    rng = random.Random(3)
    text = lampiran_2_long(_INDICATORS[0], _TARGETS[0])
    sheet_2 = "Target Kinerja\n\nNilai SAKIP merupakan indikator yang baru dimasukkan pada Renstra."
    garbled = " ".join(
        _garble(w, rng, (2, 3)) if len(w) >= 5 and w.isalpha() and rng.random() < 0.4 else w
        for w in text.split(" ")
    )
    pages = [
        page(text, 5, "lampiran_2"),
        page(sheet_2, 6, "lampiran_2"),
        page(garbled, 7, "lampiran_2"),
        page(sheet_2, 8, "lampiran_2"),
    ]
    kept, notes = deduplicate(pages)
    assert kept == pages[:2]
    assert [(n.kept_page, n.dropped_page) for n in notes] == [(5, 7), (6, 8)]


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_of_a_garbled_pair_the_better_read_copy_is_kept_in_the_first_place(seed: int) -> None:
    """General rule: of two garbled copies the one with more words printed elsewhere in the
    bundle (misread words are printed nowhere else) is kept, in the place of the first one,
    so that the facts are read from the better reading; the note says which was dropped."""
    rng = random.Random(seed)
    text = lampiran_2_long(_INDICATORS[0], _TARGETS[0])
    garbled = " ".join(
        _garble(w, rng, (2, 3)) if len(w) >= 5 and w.isalpha() and rng.random() < 0.5 else w
        for w in text.split(" ")
    )
    table = page(LAMPIRAN_1_TABS + "\n" + EXPLANATION, 4, "lampiran_1")
    worse, better = page(garbled, 5, "lampiran_2"), page(text, 6, "lampiran_2")
    after = page(agreement_text("JONI, SE", "KASUBAG UMUM & KEUANGAN"), 7, "agreement")
    kept, notes = deduplicate([table, worse, better, after])
    assert kept == [table, better, after]
    assert worse.duplicate_of == 6
    assert better.duplicate_of is None
    assert [(n.kept_page, n.dropped_page) for n in notes] == [(6, 5)]
