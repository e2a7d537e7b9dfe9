"""Hypothesis strategies: random PK bundles (names, titles, valid NIPs, positions, places,
dates, targets of every printed kind, budgets with a total, Penjelasan sections) and random
serialisation styles."""

from __future__ import annotations

from hypothesis import strategies as st

from .model import (
    Agreement,
    BudgetItem,
    Bundle,
    Explanation,
    ExplanationTarget,
    Person,
    Quantity,
    Target,
    rupiah,
)
from .serialise import PAGE_MARKERS, Style

NAMES = (
    "BUDI SANTOSO",
    "SITI RAHMAWATI",
    "AGUS PRIYANTO",
    "DEWI LESTARI",
    "MUHAMMAD YUSUF",
    "ANDI MAPPANYUKKI",
    "NURHALIMAH",
    "RINI WULANDARI",
    "HENDRA GUNAWAN",
    "I KETUT SUDARSANA",
    "YOHANES SIAGIAN",
    "ABDUL RAHMAN",
    "FITRIANI",
    "EKO PRASETYO",
    "RATNA SARI DEWI",
    "LA ODE MUHAMMAD SALEH",
)
PREFIXES = ((), ("Drs.",), ("Dr.",), ("Ir.",), ("H.",), ("Hj.",), ("dr.",), ("Drs.", "H."))
SUFFIXES = (
    (),
    ("S.Sos.",),
    ("SE",),
    ("S.T.",),
    ("M.Si",),
    ("S.Sos.", "M.Si"),
    ("S.E.", "M.M."),
    ("S.Kom.",),
    ("S.H.", "M.H."),
    ("S.STP.", "M.AP."),
)
REGIONS = ("SUNGAI RAYA", "BUKIT TINGGI RAYA", "TANAH MERAH", "LEMBAH HIJAU", "PULAU INDAH")
PLACES = ("Malili", "Sungai Raya", "Tanjung Selor", "Watampone", "Rindang Jaya", "Kupang")
AGENCIES = (
    "DINAS KESEHATAN",
    "DINAS PENDIDIKAN",
    "DINAS PEKERJAAN UMUM DAN PENATAAN RUANG",
    "BADAN PENDAPATAN DAERAH",
    "DINAS KOMUNIKASI DAN INFORMATIKA",
)
UNITS = ("BIDANG PELAYANAN", "BIDANG PERENCANAAN", "BIDANG PENGEMBANGAN SUMBER DAYA")
SECTIONS = ("SEKSI DATA DAN INFORMASI", "SUB BAGIAN UMUM & KEPEGAWAIAN", "SEKSI PENGAWASAN")
THINGS = (
    "Kualitas Pelayanan Publik",
    "Akuntabilitas Kinerja Perangkat Daerah",
    "Cakupan Layanan Kesehatan Dasar",
    "Ketersediaan Data Statistik Sektoral",
    "Kapasitas Aparatur Sipil Negara",
    "Kepuasan Masyarakat terhadap Layanan",
    "Infrastruktur Jalan Kabupaten",
    "Realisasi Pendapatan Asli Daerah",
)
INDICATOR_HEADS = ("Persentase", "Indeks", "Jumlah", "Nilai", "Tingkat", "Rasio")
PROGRAMS = (
    "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
    "Program Pengelolaan Informasi dan Komunikasi Publik",
    "Program Pemenuhan Upaya Kesehatan Perorangan",
    "Program Penyelenggaraan Jalan",
    "Program Pengelolaan Pendapatan Daerah",
    "Program Peningkatan Kapasitas Sumber Daya Manusia",
    "Administrasi Keuangan Perangkat Daerah",
    "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah",
)
COUNT_UNITS = ("dokumen", "unit", "laporan", "kegiatan", "orang", "desa")


@st.composite
def nips(draw, year: int) -> str:
    """A NIP with a valid structure: birth date, appointment at 18 or later and not after the
    document year, gender 1 or 2, sequence 001-999."""
    birth = draw(st.integers(1965, min(1995, year - 25)))
    appointed = draw(st.integers(birth + 18, min(birth + 35, year)))
    return (
        f"{birth}{draw(st.integers(1, 12)):02d}{draw(st.integers(1, 28)):02d}"
        f"{appointed}{draw(st.integers(1, 12)):02d}{draw(st.sampled_from('12'))}"
        f"{draw(st.integers(1, 999)):03d}"
    )


@st.composite
def persons(draw, position: str, year: int, has_nip: bool = True, other: str = "") -> Person:
    """A person from the name pool (not ``other``: the two parties are different people)."""
    titles = draw(st.sampled_from(PREFIXES)) + draw(st.sampled_from(SUFFIXES))
    nip = draw(nips(year)) if has_nip else None
    name = draw(st.sampled_from([n for n in NAMES if n != other]))
    return Person(name, titles, position, nip)


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@st.composite
def quantities(draw) -> Quantity:
    """A target as printed: a number, a percent, a count with its unit, money, a grade, a
    comparator or a range."""
    kind = draw(st.sampled_from(["number", "percent", "count", "money", "grade", "cmp", "range"]))
    whole = draw(st.integers(1, 99))
    frac = draw(st.sampled_from([None, 0, 5, 25, 50, 75]))
    value = whole + (frac or 0) / 100
    text = f"{whole},{frac:02d}" if frac is not None else str(whole)
    if kind == "number":
        return Quantity(text, value, None)
    if kind == "percent":
        space = draw(st.sampled_from(["", " "]))
        return Quantity(f"{text}{space}%", value, "%")
    if kind == "count":
        n = draw(st.integers(1, 12500))
        unit = draw(st.sampled_from(COUNT_UNITS))
        shown = draw(st.sampled_from([unit, unit.title()]))
        return Quantity(f"{_count(n)} {shown}", n, unit)
    if kind == "money":
        amount = draw(st.integers(1, 9999)) * 1_000_000
        return Quantity(f"Rp {rupiah(amount)}", amount, "IDR")
    if kind == "grade":
        return Quantity(draw(st.sampled_from(["A", "BB", "B", "WTP"])), None, None)
    if kind == "cmp":
        sign, comparator = draw(st.sampled_from([("≥", ">="), ("<", "<"), ("maks", "<=")]))
        return Quantity(f"{sign} {text} %", value, "%", comparator)
    low, high = sorted(draw(st.lists(st.integers(1, 95), min_size=2, max_size=2, unique=True)))
    unit = draw(st.sampled_from(["%", "hari"]))
    sep = draw(st.sampled_from(["-", " s.d. "]))
    raw = f"{low}{sep}{high} {unit}"
    return Quantity(raw, None, unit, None, float(low), float(high))


@st.composite
def targets(draw) -> list[Target]:
    """1-6 indicator rows under 1-3 sasaran; further indicators of a sasaran print no No."""
    sasaran = draw(st.lists(st.sampled_from(THINGS), min_size=1, max_size=3, unique=True))
    rows: list[Target] = []
    for n, thing in enumerate(sasaran, start=1):
        count = draw(st.integers(1, 2 if len(sasaran) > 1 else 3))
        for k in range(count):
            head = draw(st.sampled_from(INDICATOR_HEADS))
            indicator = f"{head} {thing} {'Tahunan' if k else 'Daerah'}"
            rows.append(
                Target(
                    str(n) if k == 0 else None,
                    f"Meningkatnya {thing}",
                    indicator,
                    draw(quantities()),
                )
            )
    return rows[:6]


@st.composite
def budgets(draw) -> tuple[list[BudgetItem], str, float]:
    names = draw(st.lists(st.sampled_from(PROGRAMS), min_size=1, max_size=5, unique=True))
    style = draw(st.sampled_from(["Rp. {},00", "Rp {}", "{}", "Rp.{},-"]))
    funding = draw(st.sampled_from([None, "APBD", "DAK"]))
    items = []
    for n, name in enumerate(names, start=1):
        amount = draw(st.integers(10_000, 50_000_000)) * 1000
        items.append(BudgetItem(str(n), name, style.format(rupiah(amount)), float(amount), funding))
    total = sum(i.amount or 0 for i in items)
    return items, f"Rp. {rupiah(total)},00", float(total)


def _explanations(rows: list[Target], legal: list[str]) -> list[Explanation]:
    """One section per sasaran, restating its targets (no comparator: facts files leave the
    Penjelasan comparator out)."""
    out: list[Explanation] = []
    for row in rows:
        q = row.target
        restated = ExplanationTarget(row.indicator, q)
        if row.no is not None:
            out.append(
                Explanation(row.no, row.objective, (row.indicator,), tuple(legal), (restated,))
            )
        else:
            last = out[-1]
            out[-1] = Explanation(
                last.number,
                last.objective,
                (*last.indicators, row.indicator),
                last.legal_basis,
                (*last.targets, restated),
            )
    return out


LEVELS = {
    # level: (first party's positions, the superior's positions, target header, budget header)
    "eselon_ii": (
        ("KEPALA {agency} KABUPATEN {region}", "Plt. KEPALA {agency} KABUPATEN {region}"),
        ("BUPATI {region}",),
        "sasaran_strategis",
        "program",
    ),
    "eselon_iii": (
        ("SEKRETARIS {agency}", "KEPALA {unit}"),
        ("KEPALA {agency} KABUPATEN {region}",),
        "program",
        "kegiatan",
    ),
    "eselon_iv": (
        ("KEPALA {section}",),
        ("KEPALA {unit}", "SEKRETARIS {agency}"),
        "kegiatan",
        "sub_kegiatan",
    ),
}


@st.composite
def agreements(draw) -> Agreement:
    year = draw(st.integers(2019, 2026))
    level = draw(st.sampled_from(sorted(LEVELS)))
    mine, superior, target_level, budget_level = LEVELS[level]
    words = {
        "agency": draw(st.sampled_from(AGENCIES)),
        "region": draw(st.sampled_from(REGIONS)),
        "unit": draw(st.sampled_from(UNITS)),
        "section": draw(st.sampled_from(SECTIONS)),
    }
    first = draw(persons(draw(st.sampled_from(mine)).format(**words), year))
    elected = level == "eselon_ii"
    position = draw(st.sampled_from(superior)).format(**words)
    second = draw(persons(position, year, not elected, first.name))
    month = draw(st.integers(1, 12))
    day = draw(st.one_of(st.none(), st.integers(1, 28)))
    rows = draw(targets())
    items, total_raw, total = draw(budgets())
    legal = draw(st.lists(st.sampled_from(_LEGAL), max_size=3, unique=True))
    with_penjelasan = draw(st.booleans())
    return Agreement(
        year=year,
        first=first,
        second=second,
        place=draw(st.sampled_from(PLACES)),
        date=f"{year}-{month:02d}" + (f"-{day:02d}" if day else ""),
        agency=f"{words['agency']} KABUPATEN {words['region']}",
        targets=tuple(rows),
        target_level=target_level,
        budget=tuple(items),
        budget_level=budget_level,
        total_raw=total_raw,
        total=total,
        explanations=tuple(_explanations(rows, legal)) if with_penjelasan else (),
        level=level,
        check_level=True,
        title_extra=draw(st.sampled_from(["", "", "PERUBAHAN "])),
        title_year=draw(st.sampled_from(["TAHUN", "TAHUN", "TAHUN ANGGARAN"])),
    )


_LEGAL = (
    "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah",
    "Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi Pemerintah",
    "Peraturan Daerah Nomor 4 Tahun 2021 tentang RPJMD Tahun 2021-2026",
    "Peraturan Bupati Nomor 37 Tahun 2021 tentang Rencana Strategis Perangkat Daerah",
)


@st.composite
def bundles(draw) -> Bundle:
    """One or two agreements of different first parties (two of the same would be one PK
    printed twice, which the extractor rightly drops as a duplicate)."""
    found = draw(st.lists(agreements(), min_size=1, max_size=2, unique_by=lambda a: a.first.name))
    return Bundle("generated", tuple(found))


def styles(tables: st.SearchStrategy[str]) -> st.SearchStrategy[Style]:
    """A combination of serialisation x page markers x label case x noise."""
    return st.builds(
        Style,
        tables=tables,
        pages=st.sampled_from(PAGE_MARKERS),
        upper_labels=st.booleans(),
        noise=st.booleans(),
        seed=st.integers(0, 2**16),
    )
