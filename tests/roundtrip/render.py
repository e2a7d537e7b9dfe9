"""Render a ``Bundle`` into a serialisation-neutral document: a list of blocks.

The blocks say what is on the page (a title, a ``Nama : X`` field, a table, a two-column
signature block, a page break) and nothing about how it is spelt; ``serialise`` turns them into
the text a converter or an OCR engine would produce. Label case (``PIHAK PERTAMA`` vs
``Pihak Pertama``, ``NAMA`` vs ``Nama``) is a property of the document, so it is chosen here.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from .model import BUDGET_HEADERS, TARGET_HEADERS, Agreement, Bundle, Person, date_text, signers


@dataclass(frozen=True, slots=True)
class Text:
    """Lines of running text; ``kind`` is ``title``, ``heading`` or ``para``."""

    lines: tuple[str, ...]
    kind: str = "para"


@dataclass(frozen=True, slots=True)
class Field:
    """A ``label : value`` pair of the agreement statement."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Signature:
    """Signature columns side by side (left first), each a list of lines ('' = gap)."""

    columns: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class PageBreak:
    pass


Block = Text | Field | Table | Signature | PageBreak


@dataclass(frozen=True, slots=True)
class Labels:
    """The spelling of the statement's labels and role words."""

    upper: bool = False

    def word(self, text: str) -> str:
        return text.upper() if self.upper else text.title()

    @property
    def first(self) -> str:
        return self.word("Pihak Pertama")

    @property
    def second(self) -> str:
        return self.word("Pihak Kedua")


def render(bundle: Bundle, labels: Labels = Labels()) -> list[Block]:
    """Every agreement of the bundle: statement page, Lampiran 1, Lampiran 2 when it has one."""
    blocks: list[Block] = []
    for agreement in bundle.agreements:
        if blocks:
            blocks.append(PageBreak())
        blocks += statement_page(agreement, labels)
        blocks.append(PageBreak())
        blocks += lampiran_1(agreement, labels)
        if agreement.explanations:
            blocks.append(PageBreak())
            blocks += lampiran_2(agreement)
    return blocks


def _place_date(a: Agreement) -> list[Block]:
    if not a.place or not a.date:
        return []
    return [Text((f"{a.place}, {date_text(a.date)}",))]


SIGNATURE_WIDTH = 36  # a signature column is half a page wide: long positions wrap


def signature(a: Agreement, labels: Labels) -> Signature:
    """Pihak Kedua left, Pihak Pertama right: role word, position (wrapped to the column), a
    gap, name, rank, NIP. The heads are padded to one height so that the names stand on one
    line, as they do on paper."""
    heads = []
    for role, person in signers(a):
        role_word = labels.second if role == "second_party" else labels.first
        head = [] if a.second is None else [role_word + ","]
        heads.append(head + textwrap.wrap(person.position, SIGNATURE_WIDTH, break_on_hyphens=False))
    height = max(len(h) for h in heads)
    columns = [
        tuple(head + [""] * (height - len(head)) + ["", "", *_name_lines(person)])
        for head, (_, person) in zip(heads, signers(a), strict=True)
    ]
    return Signature(tuple(columns))


def _name_lines(p: Person) -> list[str]:
    lines = [p.written]
    if p.rank:
        lines.append(p.rank)
    if p.nip_printed:
        lines.append(f"NIP. {p.nip_printed}")
    return lines


def statement_page(a: Agreement, labels: Labels) -> list[Block]:
    blocks: list[Block] = [Text((a.title,), "title")]
    if a.agency:
        blocks.append(Text((a.agency,), "heading"))
    we = "kami yang" if a.second else "yang"
    blocks.append(
        Text(
            (
                "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan "
                f"akuntabel serta berorientasi pada hasil, {we} bertanda tangan di bawah ini:",
            )
        )
    )
    blocks += [
        Field(labels.word("Nama"), a.first.written),
        Field(labels.word("Jabatan"), a.first.position),
    ]
    if a.second is None:
        blocks.append(
            Text(
                (
                    f"berjanji akan mewujudkan target kinerja tahunan sesuai lampiran perjanjian ini "
                    f"pada tahun {a.year} dalam rangka mencapai target kinerja jangka menengah.",
                )
            )
        )
    else:
        blocks += [
            Text((f"Selanjutnya disebut {labels.first}.",)),
            Field(labels.word("Nama"), a.second.written),
            Field(labels.word("Jabatan"), a.second.position),
            Text((f"Selaku atasan {labels.first}, selanjutnya disebut {labels.second}.",)),
            Text(
                (
                    f"{labels.first} pada tahun {a.year} ini berjanji akan mewujudkan target kinerja "
                    "yang seharusnya sesuai lampiran perjanjian ini, dalam rangka mencapai target "
                    "kinerja jangka menengah seperti yang telah ditetapkan dalam dokumen perencanaan.",
                )
            ),
            Text(
                (
                    f"{labels.second} akan melakukan supervisi yang diperlukan serta akan melakukan "
                    "evaluasi terhadap capaian kinerja dari perjanjian ini dan mengambil tindakan yang "
                    "diperlukan dalam rangka pemberian penghargaan dan sanksi.",
                )
            ),
        ]
    return blocks + _place_date(a) + [signature(a, labels)]


def target_table(a: Agreement) -> Table:
    if a.target_level == "nested":
        header = (
            "No",
            "Program / Kegiatan / Sub Kegiatan",
            "Sasaran",
            "Indikator Kinerja",
            "Target",
        )
        rows = tuple(
            (f"{t.no}." if t.no else "", t.name or "", t.objective, t.indicator, t.target.raw)
            for t in a.targets
        )
        return Table(header, rows)
    header = ("No", TARGET_HEADERS[a.target_level], "Indikator Kinerja", "Target")
    rows = tuple(
        (t.no or "", t.objective if t.no else "", t.indicator, t.target.raw) for t in a.targets
    )
    return Table(header, rows)


def budget_table(a: Agreement) -> Table:
    word = (
        "Program / Kegiatan / Sub Kegiatan"
        if a.budget_level == "nested"
        else BUDGET_HEADERS[a.budget_level]
    )
    nested = a.budget_level == "nested"
    rows = [
        (f"{b.no}." if nested else b.no, b.name, b.amount_raw or "", b.funding or "")
        for b in a.budget
    ]
    if a.total_raw:
        rows.append(("", "JUMLAH", a.total_raw, ""))
    return Table(("No", word, "Anggaran", "Keterangan"), tuple(rows))


def lampiran_1(a: Agreement, labels: Labels) -> list[Block]:
    owner = a.first.position
    blocks: list[Block] = [Text(("LAMPIRAN I", a.title, owner), "heading"), target_table(a)]
    if a.budget:
        blocks.append(budget_table(a))
    return blocks + _place_date(a) + [signature(a, labels)]


def lampiran_2(a: Agreement) -> list[Block]:
    blocks: list[Block] = [Text(("LAMPIRAN II", a.title, "PENJELASAN KINERJA"), "heading")]
    for e in a.explanations:
        blocks.append(Text((f"Penjelasan Kinerja {e.number}",), "heading"))
        blocks.append(Text(("Uraian Sasaran",), "heading"))
        blocks.append(
            Text(
                (
                    f'Sasaran "{e.objective}" dimaksudkan sebagai upaya yang terukur untuk '
                    "mencapai tujuan perangkat daerah pada tahun berjalan.",
                )
            )
        )
        if e.legal_basis:
            blocks.append(Text(("Dasar Hukum",), "heading"))
            blocks.append(Text(tuple(f"{i}. {law};" for i, law in enumerate(e.legal_basis, 1))))
        blocks.append(Text(("Indikator Kinerja",), "heading"))
        count = len(e.indicators)
        blocks.append(
            Text(
                (
                    f"Sasaran ini memiliki {count} indikator kinerja, yaitu:",
                    *(f"{i}. {name}" for i, name in enumerate(e.indicators, 1)),
                )
            )
        )
        blocks.append(Text(("Target Kinerja",), "heading"))
        rows = tuple(
            (t.indicator, t.target.raw, "Target mengacu pada dokumen perencanaan")
            for t in e.targets
        )
        blocks.append(Table(("Indikator Kinerja", "Target", "Penjelasan"), rows))
    return blocks
