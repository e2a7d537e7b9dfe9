"""The structured description of a PK bundle that the round-trip test renders, and the facts
that the extractor must give back for it.

A ``Bundle`` holds what a person would read off a clean printout. ``expected_facts`` turns it
into a facts dict in the format of ``tests/golden/FACTS.md`` holding only the keys the renderer
prints, so ``extractor.evaluate.mismatches`` compares exactly what was rendered. ``from_facts`` builds
a bundle from a hand-written facts file, so the round trip also covers the content of the
real and synthetic samples.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
PREFIX_TITLES = frozenset(
    [
        "Prof.",
        "Dr.",
        "Drs.",
        "Dra.",
        "Ir.",
        "dr.",
        "drg.",
        "drh.",
        "H.",
        "Hj.",
        "KH.",
        "Hi.",
        "Ns.",
        "apt.",
    ]
)
TARGET_HEADERS = {
    "sasaran_strategis": "Sasaran Strategis",
    "program": "Sasaran Program",
    "kegiatan": "Sasaran Kegiatan",
    "sub_kegiatan": "Sasaran Sub Kegiatan",
}
BUDGET_HEADERS = {"program": "Program", "kegiatan": "Kegiatan", "sub_kegiatan": "Sub Kegiatan"}
NESTED_LEVELS = {"A": "program", "1": "kegiatan", "a": "sub_kegiatan"}


@dataclass(frozen=True, slots=True)
class Person:
    """A party as printed: the bare name, its titles (prefixes first), position, NIP, rank."""

    name: str
    titles: tuple[str, ...]
    position: str
    nip: str | None = None
    rank: str | None = None

    @property
    def written(self) -> str:
        """``Drs. H. BUDIMAN, M.Pd``: prefixes, the name, then the suffixes after a comma."""
        pre = [t for t in self.titles if t in PREFIX_TITLES]
        post = [t for t in self.titles if t not in PREFIX_TITLES]
        text = " ".join([*pre, self.name])
        return f"{text}, {', '.join(post)}" if post else text

    @property
    def nip_printed(self) -> str | None:
        """The NIP in its usual printed grouping ``19680411 199303 1 009``."""
        n = self.nip
        return f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}" if n else None


@dataclass(frozen=True, slots=True)
class Quantity:
    """A target as printed and as the record contract reads it."""

    raw: str
    value: float | None
    unit: str | None
    comparator: str | None = None
    min: float | None = None  # the bounds of a range target ("60-75 %"), whose value is None
    max: float | None = None


@dataclass(frozen=True, slots=True)
class Target:
    no: str | None  # None: a further indicator of the sasaran above (its No/Sasaran cells empty)
    objective: str
    indicator: str
    target: Quantity
    name: str | None = None  # program/kegiatan name of a nested (A./1./a.) table


@dataclass(frozen=True, slots=True)
class BudgetItem:
    no: str
    name: str
    amount_raw: str | None  # as printed, e.g. "Rp. 4.324.506.023,00"; None: a heading row
    amount: float | None
    funding: str | None = None


@dataclass(frozen=True, slots=True)
class ExplanationTarget:
    indicator: str
    target: Quantity


@dataclass(frozen=True, slots=True)
class Explanation:
    number: str
    objective: str
    indicators: tuple[str, ...]
    legal_basis: tuple[str, ...]
    targets: tuple[ExplanationTarget, ...]


@dataclass(frozen=True, slots=True)
class Agreement:
    year: int
    first: Person
    second: Person | None  # None: a regional head's one-party statement
    place: str | None
    date: str | None  # ISO: YYYY-MM-DD or YYYY-MM
    agency: str
    targets: tuple[Target, ...]
    target_level: str  # a key of TARGET_HEADERS, or "nested"
    budget: tuple[BudgetItem, ...] = ()
    budget_level: str = "program"  # a key of BUDGET_HEADERS, or "nested"
    total_raw: str | None = None
    total: float | None = None
    explanations: tuple[Explanation, ...] = ()
    level: str | None = None  # the expected agreement level, when known
    check_level: bool = False
    title_extra: str = ""  # "PERUBAHAN " etc., printed between KINERJA and TAHUN
    title_year: str = "TAHUN"  # or "TAHUN ANGGARAN"

    @property
    def title(self) -> str:
        return f"PERJANJIAN KINERJA {self.title_extra}{self.title_year} {self.year}"


@dataclass(frozen=True, slots=True)
class Bundle:
    name: str
    agreements: tuple[Agreement, ...] = field(default_factory=tuple)


def date_text(iso: str) -> str:
    """``2025-01-06`` -> ``6 Januari 2025``; ``2025-02`` -> ``Februari 2025``."""
    parts = iso.split("-")
    month = MONTHS[int(parts[1]) - 1]
    return f"{int(parts[2])} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


def rupiah(value: float) -> str:
    """``4324506023.0`` -> ``4.324.506.023``: thousands dots, as budgets print them."""
    return f"{int(round(value)):,}".replace(",", ".")


# -- expected facts -------------------------------------------------------------------------


def _quantity(q: Quantity, comparator: bool = True) -> dict[str, Any]:
    """A quantity's facts; Penjelasan targets leave the comparator out (facts files do not
    record it there)."""
    out: dict[str, Any] = {"raw": q.raw, "value": q.value, "unit": q.unit}
    if comparator:
        out["comparator"] = q.comparator
    if comparator and q.min is not None:  # facts files give bounds of Lampiran 1 rows only
        out |= {"min": q.min, "max": q.max}
    return out


def _party(p: Person | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {"name": p.name, "titles": list(p.titles), "position": p.position, "nip": p.nip}


def signers(a: Agreement) -> list[tuple[str, Person]]:
    """Signature columns in printed order: Pihak Kedua left, Pihak Pertama right."""
    return ([("second_party", a.second)] if a.second else []) + [("first_party", a.first)]


def _target_level(a: Agreement, t: Target) -> str:
    if a.target_level == "nested":
        return NESTED_LEVELS[_outline_kind(t.no or "")]
    return a.target_level


def _budget_level(a: Agreement, item: BudgetItem) -> str:
    if a.budget_level == "nested":
        return NESTED_LEVELS[_outline_kind(item.no)]
    return a.budget_level


def _outline_kind(no: str) -> str:
    return "A" if no.isupper() else "1" if no.isdigit() else "a"


def expected_agreement(a: Agreement) -> dict[str, Any]:
    """The facts of one rendered agreement (only what the renderer prints)."""
    out: dict[str, Any] = {
        "title": a.title,
        "year": a.year,
        "place": a.place,
        "date": a.date,
        "first_party": _party(a.first),
        "second_party": _party(a.second),
        "signatures": [
            {"page_kind": kind, "role": role, "name": p.name, "nip": p.nip, "rank": p.rank}
            for kind in ("agreement", "lampiran_1")
            for role, p in signers(a)
        ],
        "performance_targets": [
            {
                "no": t.no,
                "level": _target_level(a, t),
                "name": t.name,
                "objective": t.objective,
                "indicator": t.indicator,
                "target": _quantity(t.target),
            }
            for t in a.targets
        ],
        "budget_items": [
            {
                "no": b.no,
                "level": _budget_level(a, b),
                "name": b.name,
                "amount": b.amount,
                "funding_source": b.funding,
            }
            for b in a.budget
        ],
        "budget_total": a.total,
        "explanations": [
            {
                "number": e.number,
                "indicators": list(e.indicators),
                "legal_basis_count": len(e.legal_basis),
                "targets": [
                    {"indicator": t.indicator, **_quantity(t.target, comparator=False)}
                    for t in e.targets
                ],
            }
            for e in a.explanations
        ],
    }
    if a.check_level:
        out["level"] = a.level
    return out


def expected_facts(bundle: Bundle) -> dict[str, Any]:
    """A facts dict for ``extractor.evaluate.mismatches``."""
    return {
        "agreement_count": len(bundle.agreements),
        "agreements": [expected_agreement(a) for a in bundle.agreements],
    }


# -- bundles from hand-written facts files ---------------------------------------------------


def _person_from(facts: dict | None, signatures: list[dict], role: str) -> Person | None:
    """A party; its NIP and rank are the ones under its signature on the agreement page when
    the Nama block printed none (the facts convention), so the render prints them there."""
    if facts is None:
        return None
    sig = next(
        (s for s in signatures if s["role"] == role and s.get("page_kind") == "agreement"), {}
    )
    nip = facts.get("nip") or (sig.get("nip") if sig.get("name") == facts["name"] else None)
    rank = sig.get("rank") if sig.get("name") == facts["name"] else None
    return Person(facts["name"], tuple(facts.get("titles") or ()), facts["position"], nip, rank)


def _q(d: dict) -> Quantity:
    return Quantity(d["raw"], d["value"], d.get("unit"), d.get("comparator"))


def _amount_raw(item: dict) -> str | None:
    if item.get("amount_raw"):
        return item["amount_raw"]
    return None if item.get("amount") is None else f"Rp. {rupiah(item['amount'])},00"


def _agreement_from(facts: dict, agency: str) -> Agreement:
    sigs = facts.get("signatures", [])
    first = _person_from(facts["first_party"], sigs, "first_party")
    second = _person_from(facts.get("second_party"), sigs, "second_party")
    targets = tuple(
        Target(t["no"], t["objective"], t["indicator"], _q(t["target"]), t.get("name"))
        for t in facts.get("performance_targets", [])
    )
    nested = any(t.name for t in targets)
    levels = {t["level"] for t in facts.get("performance_targets", [])}
    items = facts.get("budget_items", [])
    budget_nested = len({i["level"] for i in items}) > 1
    total = facts.get("budget_total")
    title = facts.get("title", "")
    extra = title.split("KINERJA ", 1)[-1].split("TAHUN")[0] if "KINERJA" in title else ""
    explanations = tuple(
        Explanation(
            number=e["number"],
            objective=_objective_of(e, facts),
            indicators=tuple(e.get("indicators") or [t["indicator"] for t in e["targets"]]),
            legal_basis=tuple(_LEGAL_BASIS[: e.get("legal_basis_count", 1)]),
            targets=tuple(
                ExplanationTarget(t["indicator"], _q({**t, "comparator": None}))
                for t in e["targets"]
            ),
        )
        for e in facts.get("explanations", [])
    )
    assert first is not None
    return Agreement(
        year=facts["year"],
        first=first,
        second=second,
        place=facts.get("place"),
        date=facts.get("date"),
        agency=agency,
        targets=targets,
        target_level="nested" if nested else (levels.pop() if len(levels) == 1 else "kegiatan"),
        budget=tuple(
            BudgetItem(i["no"], i["name"], _amount_raw(i), i["amount"], i.get("funding_source"))
            for i in items
        ),
        budget_level="nested" if budget_nested else (items[0]["level"] if items else "program"),
        total_raw=None if total is None else f"Rp. {rupiah(total)},00",
        total=total,
        explanations=explanations,
        level=facts.get("level"),
        check_level="level" in facts,
        title_extra=extra,
    )


def _objective_of(explanation: dict, agreement: dict) -> str:
    """The sasaran a Penjelasan section explains: the objective of the Lampiran 1 row whose
    indicator it lists first (the facts files do not repeat it)."""
    first = (explanation.get("indicators") or [explanation["targets"][0]["indicator"]])[0]
    for t in agreement.get("performance_targets", []):
        if t["indicator"] == first:
            return t["objective"]
    return f"Sasaran {explanation['number']}"


_LEGAL_BASIS = [
    "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah",
    "Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi Pemerintah",
    "Peraturan Menteri PANRB Nomor 53 Tahun 2014 tentang Petunjuk Teknis Perjanjian Kinerja",
    "Peraturan Daerah Nomor 4 Tahun 2021 tentang RPJMD Tahun 2021-2026",
    "Peraturan Bupati Nomor 37 Tahun 2021 tentang Rencana Strategis Perangkat Daerah",
    "Peraturan Bupati Nomor 12 Tahun 2024 tentang Penjabaran APBD",
]


def from_facts(path: Path, limit: int | None = None) -> Bundle:
    """A bundle holding the content of a facts file (its first ``limit`` agreements)."""
    facts = json.loads(path.read_text(encoding="utf-8"))
    agreements = tuple(_agreement_from(a, "") for a in facts["agreements"][:limit])
    return Bundle(path.stem.removesuffix(".facts"), agreements)
