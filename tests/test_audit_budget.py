"""Budget audit rules: planted cases that must fire, look-alikes that must not, and the samples."""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_origin

import pytest

from extractor import extract
from extractor.audit import budget as rules
from extractor.audit import budget_tree
from extractor.audit.engine import AuditConfig, Bundle
from extractor.models import (
    Agreement,
    Budget,
    BudgetItem,
    Discrepancy,
    Money,
    Party,
    Quantity,
    Span,
    TargetRow,
)
from extractor.parse.values import parse_money

from .auditkit import COMPLETE

ROOT = Path(__file__).resolve().parent.parent
CONFIG = AuditConfig()


# --- builders -------------------------------------------------------------------------------


def span(line: int, page: int = 3) -> Span:
    return Span(page=page, line_start=line, line_end=line, bbox=None, confidence=None)


def money(text: str) -> Money:
    found = parse_money(text)
    assert found is not None, text
    return Money(raw=found[0], value=found[1])


def item(no: str | None, level: str, name: str, amount: str | None, line: int) -> BudgetItem:
    return BudgetItem(
        no=no,
        level=level,
        name=name,
        indicator=None,
        amount=money(amount) if amount else None,
        funding_source="APBD",
        source=span(line),
    )


def target(no: str | None, level: str, indicator: str, line: int) -> TargetRow:
    return TargetRow(
        no=no,
        level=level,
        name=None,
        objective="Meningkatnya kualitas pelayanan",
        indicator=indicator,
        target=Quantity(raw="100%", value=100.0, unit="%", comparator=None),
        quarterly_targets=[],
        source=span(line),
    )


def party(name: str) -> Party:
    return Party(
        name=name, name_as_written=name, titles=[], position=None, nip=None, source=span(1)
    )


def _with_blanks(model: type, data: dict[str, Any]) -> dict[str, Any]:
    """Fields a test does not care about: [] for lists, None otherwise."""
    for name, info in model.model_fields.items():
        if name not in data:
            data[name] = [] if get_origin(info.annotation) is list else None
    return data


def agreement(
    index: int,
    items: list[BudgetItem],
    total: str | None = None,
    targets: list[TargetRow] | None = None,
    first: str = "PERTAMA",
    second: str = "KEDUA",
) -> Agreement:
    data = {
        "index": index,
        "id": f"pk-{index}",
        "year": 2025,
        "first_party": party(first),
        "second_party": party(second),
        "performance_targets": targets or [],
        "budget": Budget(items=items, total=money(total) if total else None),
        "pages": [1, 2, 3],
        "completeness": COMPLETE,
    }
    return Agreement.model_validate(_with_blanks(Agreement, data))


def bundle(*agreements: Agreement) -> Bundle:
    return Bundle(list(agreements), [], [])


def flat(amounts: list[str], level: str = "sub_kegiatan") -> list[BudgetItem]:
    return [
        item(str(k + 1), level, f"Sub Kegiatan Nomor {k + 1}", amount, 100 + k)
        for k, amount in enumerate(amounts)
    ]


def nested_promosi(kegiatan: str = "RP. 252.540.750,-") -> list[BudgetItem]:
    """The shape of the real Kepala Bidang budget: headings A/B, kegiatan 1, sub kegiatan a/b."""
    return [
        item("A", "program", "Pengembangan Iklim Penanaman Modal", None, 10),
        item("1", "kegiatan", "Penetapan Pemberian Fasilitas", "Rp. 105.239.000,-", 11),
        item("a", "sub_kegiatan", "Fasilitas Kemitraan", "Rp. 105.239.000,-", 12),
        item("B", "program", "Promosi Penanaman Modal", None, 13),
        item("1", "kegiatan", "Penyelenggaraan Promosi Penanaman Modal", kegiatan, 14),
        item("a", "sub_kegiatan", "Penyusunan Strategi Promosi", "Rp. 25.539.400,-", 15),
        item("b", "sub_kegiatan", "Pelaksanaan Kegiatan Promosi", "Rp. 227.051.350,-", 16),
    ]


def fields(finding: Discrepancy) -> list[str | None]:
    return [loc.field for loc in finding.locations]


# --- the tree -------------------------------------------------------------------------------


def test_tree_nests_rows_by_level_and_headings_stand_for_their_children() -> None:
    tree = budget_tree.budget_tree(nested_promosi())
    assert tree.roots == [0, 3]
    assert tree.children[3] == [4]
    assert tree.children[4] == [5, 6]
    assert budget_tree.row_amount(tree, 3).value == 252_540_750
    assert budget_tree.rows_sum(tree, tree.roots).value == 357_779_750


def test_flat_budget_is_all_roots() -> None:
    tree = budget_tree.budget_tree(flat(["Rp 1.000", "Rp 2.000", "Rp 3.000"]))
    assert tree.roots == [0, 1, 2]
    assert tree.children == [[], [], []]


# --- budget_total_mismatch ------------------------------------------------------------------


def test_total_mismatch_fires_with_amounts_difference_and_places() -> None:
    budget = flat(["Rp 1.250.000.000", "Rp 750.000.000,-", "Rp 14.880.000.000,-"])
    found = rules.budget_total_mismatch(
        bundle(agreement(2, budget, total="Rp 17.330.000.000,-")), CONFIG
    )
    assert len(found) == 1
    finding = found[0]
    assert (finding.code, finding.severity, finding.agreement_index) == (
        "budget_total_mismatch",
        "error",
        2,
    )
    assert "Rp 17.330.000.000,-" in finding.message
    assert "Rp 16.880.000.000" in finding.message  # the sum
    assert "Rp 450.000.000 higher" in finding.message
    assert finding.values[0] == "Rp 17.330.000.000,-"
    assert fields(finding) == [
        "budget.total",
        "budget.items[0].amount",
        "budget.items[1].amount",
        "budget.items[2].amount",
    ]
    assert finding.locations[0].page == 3


def test_flat_total_that_is_right_is_not_a_finding_however_printed() -> None:
    budget = flat(["Rp 5.721.000.-", "5.721.000,00", "Rp 2,5 M"])
    agreements = agreement(0, budget, total="Rp. 2.511.442.000,00")
    assert rules.budget_total_mismatch(bundle(agreements), CONFIG) == []


def test_total_within_tolerance_is_not_a_finding() -> None:
    budget = flat(["Rp 100.000.000", "Rp 50.000.000"])
    assert rules.budget_total_mismatch(bundle(agreement(0, budget, "Rp 150.000.001")), CONFIG) == []
    strict = AuditConfig(amount_tolerance=0.0)
    assert len(rules.budget_total_mismatch(bundle(agreement(0, budget, "Rp 150.000.001")), strict))


def test_nested_total_sums_headings_through_their_children() -> None:
    right = agreement(6, nested_promosi(), total="Rp.357.779.750,-")
    assert rules.budget_total_mismatch(bundle(right), CONFIG) == []
    wrong = agreement(6, nested_promosi(), total="Rp.357.829.750,-")
    (finding,) = rules.budget_total_mismatch(bundle(wrong), CONFIG)
    assert "program rows A and B print no amount" in finding.message
    assert "Rp 50.000 higher" in finding.message
    # the kegiatan rows are what was summed, not the sub kegiatan rows below them
    assert fields(finding) == ["budget.total", "budget.items[1].amount", "budget.items[4].amount"]


def test_total_mismatch_leaves_unreadable_amounts_to_the_repair_rule() -> None:
    budget = flat(["Rp 1.000.000", "17.925.5200", "Rp 3.000.000"])
    assert rules.budget_total_mismatch(bundle(agreement(0, budget, "Rp 9.000.000")), CONFIG) == []


# --- budget_parent_mismatch -----------------------------------------------------------------


def test_parent_mismatch_fires_for_kegiatan_against_its_sub_kegiatan() -> None:
    (finding,) = rules.budget_parent_mismatch(bundle(agreement(6, nested_promosi())), CONFIG)
    assert (finding.code, finding.severity, finding.agreement_index) == (
        "budget_parent_mismatch",
        "error",
        6,
    )
    assert "Kegiatan B.1 'Penyelenggaraan Promosi Penanaman Modal'" in finding.message
    assert "Rp 252.590.750" in finding.message
    assert "Rp 50.000" in finding.message
    assert "page 3, line 14" in finding.message
    assert finding.values == ["RP. 252.540.750,-", "Rp. 25.539.400,-", "Rp. 227.051.350,-"]
    assert fields(finding) == [
        "budget.items[4].amount",
        "budget.items[5].amount",
        "budget.items[6].amount",
    ]


def test_parent_that_matches_its_children_is_not_a_finding() -> None:
    budget = nested_promosi(kegiatan="Rp 252.590.750,00")
    assert rules.budget_parent_mismatch(bundle(agreement(6, budget)), CONFIG) == []


def test_parent_whose_children_print_no_amount_is_not_compared() -> None:
    budget = [
        item("1", "kegiatan", "Pengawasan Penanaman Modal", "Rp 91.042.200", 10),
        item("a", "sub_kegiatan", "Koordinasi Pengawasan", None, 11),
        item("b", "sub_kegiatan", "Pelaksanaan Pengawasan", None, 12),
    ]
    assert rules.budget_parent_mismatch(bundle(agreement(7, budget)), CONFIG) == []


# --- row_numbering --------------------------------------------------------------------------


def test_duplicated_row_numbers_are_reported_with_their_lines() -> None:
    budget = flat(["Rp 1.000"] * 6)
    for k, no in enumerate(["1", "2", "3", "4", "3", "4"]):
        budget[k] = budget[k].model_copy(update={"no": no})
    (finding,) = rules.row_numbering(bundle(agreement(3, budget)), CONFIG)
    assert (finding.code, finding.severity, finding.agreement_index) == (
        "row_numbering",
        "warning",
        3,
    )
    assert "numbered 1–4, 3, 4" in finding.message
    assert "rows numbered 3 and 4 appear twice" in finding.message
    assert "3 on lines 102 and 104" in finding.message
    assert finding.values == ["3", "4", "3", "4"]
    assert fields(finding) == [
        "budget.items[2].no",
        "budget.items[3].no",
        "budget.items[4].no",
        "budget.items[5].no",
    ]


def test_skipped_row_number_is_reported() -> None:
    budget = [
        item("a", "sub_kegiatan", "Satu", "Rp 1.000", 10),
        item("b", "sub_kegiatan", "Dua", "Rp 1.000", 11),
        item("d", "sub_kegiatan", "Empat", "Rp 1.000", 12),
    ]
    (finding,) = rules.row_numbering(bundle(agreement(0, budget)), CONFIG)
    assert "number c is skipped" in finding.message
    assert finding.values == ["b", "d"]


def test_numbering_restarting_under_each_parent_is_not_a_finding() -> None:
    assert rules.row_numbering(bundle(agreement(6, nested_promosi())), CONFIG) == []


def test_kegiatan_numbered_on_across_programs_is_not_a_finding() -> None:
    budget = [
        item("A", "program", "Program Satu", None, 10),
        item("1", "kegiatan", "Kegiatan Satu", "Rp 1.000", 11),
        item("2", "kegiatan", "Kegiatan Dua", "Rp 1.000", 12),
        item("B", "program", "Program Dua", None, 13),
        item("3", "kegiatan", "Kegiatan Tiga", "Rp 1.000", 14),
        item("4", "kegiatan", "Kegiatan Empat", "Rp 1.000", 15),
    ]
    assert rules.row_numbering(bundle(agreement(0, budget)), CONFIG) == []
    budget[4] = budget[4].model_copy(update={"no": "4"})
    budget[5] = budget[5].model_copy(update={"no": "5"})
    (finding,) = rules.row_numbering(bundle(agreement(0, budget)), CONFIG)
    assert "under program B" in finding.message
    assert "numbers 1, 2 and 3 are skipped" in finding.message


def test_rows_exploded_from_one_cell_share_a_number_and_are_not_a_finding() -> None:
    exploded = [target("1", "kegiatan", f"Jumlah dokumen SPP {k}", 784) for k in range(5)]
    exploded.append(target("2", "kegiatan", "Jumlah Laporan SPJ Fungsional", 785))
    assert rules.row_numbering(bundle(agreement(4, [], targets=exploded)), CONFIG) == []


def test_target_table_numbering_is_checked_too() -> None:
    rows = [
        target("1", "program", "Indikator satu", 20),
        target(None, "program", "Indikator lanjutan", 21),  # another indicator of row 1
        target("2", "program", "Indikator dua", 22),
        target("2", "program", "Indikator tiga", 23),
    ]
    (finding,) = rules.row_numbering(bundle(agreement(1, [], targets=rows)), CONFIG)
    assert "target table" in finding.message
    assert "row numbered 2 appears twice (2 on lines 22 and 23)" in finding.message
    assert fields(finding) == ["performance_targets[2].no", "performance_targets[3].no"]


def test_ordinals() -> None:
    assert rules.ordinals(["1", "2", "10"]) == [1, 2, 10]
    assert rules.ordinals(["a", "b", "c"]) == [1, 2, 3]
    assert rules.ordinals(["A", "B"]) == [1, 2]
    assert rules.ordinals(["I", "II", "IV"]) == [1, 2, 4]
    assert rules.ordinals(["1", "a"]) is None


# --- malformed_amount_repair ----------------------------------------------------------------


def test_repair_pinned_by_the_printed_total() -> None:
    budget = flat(["Rp 92.809.650", "17.925.5200", "Rp 98.239.000"], level="kegiatan")
    (finding,) = rules.malformed_amount_repair(
        bundle(agreement(1, budget, total="Rp 208.974.170")), CONFIG
    )
    assert (finding.code, finding.severity) == ("malformed_amount_repair", "warning")
    assert finding.values == ["17.925.5200", "proposed Rp 17.925.520"]
    assert "the printed total Rp 208.974.170" in finding.message
    assert "one stray digit removed" in finding.message
    assert fields(finding)[:2] == ["budget.items[1].amount", "budget.total"]


def test_repair_pinned_by_parent_minus_other_children_and_by_own_children() -> None:
    budget = [
        item("1", "kegiatan", "Administrasi Barang Milik Daerah", "Rp 30.000.000", 10),
        item("a", "sub_kegiatan", "Penatausahaan BMD", "17.925.5200", 11),
        item("b", "sub_kegiatan", "Rekonsiliasi BMD", "Rp 12.074.480", 12),
    ]
    (finding,) = rules.malformed_amount_repair(bundle(agreement(1, budget)), CONFIG)
    assert finding.values == ["17.925.5200", "proposed Rp 17.925.520"]
    assert "kegiatan 1 'Administrasi Barang Milik Daerah' (Rp 30.000.000)" in finding.message

    below = [
        item("1", "kegiatan", "Administrasi Barang Milik Daerah", "17.925.5200", 10),
        item("a", "sub_kegiatan", "Penatausahaan BMD", "Rp 10.000.000", 11),
        item("b", "sub_kegiatan", "Rekonsiliasi BMD", "Rp 7.925.520", 12),
    ]
    (finding,) = rules.malformed_amount_repair(bundle(agreement(1, below)), CONFIG)
    assert finding.values == ["17.925.5200", "proposed Rp 17.925.520"]
    assert "the sum of its sub kegiatan rows a and b" in finding.message


def test_repair_through_a_heading_row_that_prints_no_amount() -> None:
    budget = nested_promosi()
    budget[6] = budget[6].model_copy(update={"amount": money("227.051.3500")})
    # the kegiatan row pins sub kegiatan b: 252.540.750 - 25.539.400
    (finding,) = rules.malformed_amount_repair(bundle(agreement(6, budget)), CONFIG)
    assert finding.values == ["227.051.3500", "proposed Rp 227.001.350"]
    assert "does not resemble the printed digits" in finding.message


def test_unpinned_amount_gets_no_proposal() -> None:
    budget = flat(["Rp 92.809.650", "17.925.5200", "Rp 98.239.000"], level="kegiatan")
    (finding,) = rules.malformed_amount_repair(bundle(agreement(1, budget)), CONFIG)
    assert finding.values == ["17.925.5200"]
    assert "nothing in this budget pins its value" in finding.message
    assert "prints no total" in finding.message
    assert "No value is proposed" in finding.message


def test_sums_that_disagree_give_no_proposal() -> None:
    budget = [
        item("1", "kegiatan", "Administrasi Barang Milik Daerah", "17.925.5200", 10),
        item("a", "sub_kegiatan", "Penatausahaan BMD", "Rp 10.000.000", 11),
    ]
    (finding,) = rules.malformed_amount_repair(
        bundle(agreement(1, budget, total="Rp 17.925.520")), CONFIG
    )
    assert "disagree" in finding.message
    assert not any(value.startswith("proposed") for value in finding.values)


def test_unreadable_total_is_pinned_by_the_rows() -> None:
    budget = flat(["Rp 1.250.000.000", "Rp 750.000.000"])
    (finding,) = rules.malformed_amount_repair(
        bundle(agreement(2, budget, total="Rp 2.000.0000.000")), CONFIG
    )
    assert finding.values == ["Rp 2.000.0000.000", "proposed Rp 2.000.000.000"]
    assert "the budget total" in finding.message
    assert fields(finding)[0] == "budget.total"


def test_readable_amounts_give_no_repair_finding() -> None:
    assert rules.malformed_amount_repair(bundle(agreement(6, nested_promosi())), CONFIG) == []


def test_digits_note() -> None:
    assert "stray digit removed" in rules.digits_note("17.925.5200", 17_925_520)
    assert "one digit added" in rules.digits_note("1.792.552", 17_925_520)
    assert "grouped differently" in rules.digits_note("17.9255.20", 17_925_520)


# --- budget_rollup --------------------------------------------------------------------------


def superior_and_subordinate(
    program_amount: str, sub_items: list[BudgetItem]
) -> tuple[Agreement, Agreement]:
    head = agreement(
        0,
        [
            item("1", "program", "Penunjang Urusan Pemerintahan Daerah", "Rp. 4.324.506.023,00", 5),
            item("2", "program", "Pengembangan Iklim Penanaman Modal", "Rp. 105.239.000,00", 6),
            item("3", "program", "Promosi Penanaman Modal", program_amount, 7),
        ],
        first="Drs. ISKANDAR MUDA, M.Si",
        second="BUDIMAN",
    )
    bidang = agreement(6, sub_items, first="AYUB KOMBONG", second="ISKANDAR MUDA, S.Sos")
    return head, bidang


def test_rollup_ignores_a_heading_row_without_its_own_amount() -> None:
    """A Kepala Bidang's program heading prints no amount: the kegiatan under it may be only
    part of the program, so their sum is not compared with the Kepala Dinas' program row
    (the wrong kegiatan amount itself is found by budget_parent_mismatch)."""
    head, bidang = superior_and_subordinate("Rp. 252.590.750,00", nested_promosi())
    assert rules.budget_rollup(bundle(head, bidang), CONFIG) == []
    assert [f.code for f in rules.budget_parent_mismatch(bundle(bidang), CONFIG)] == [
        "budget_parent_mismatch"
    ]


def test_rollup_same_amount_printed_differently_is_not_a_finding() -> None:
    head, bidang = superior_and_subordinate("Rp 252.540.750,00", nested_promosi())
    assert rules.budget_rollup(bundle(head, bidang), CONFIG) == []
    x = agreement(
        0, [item("4", "sub_kegiatan", "Penyediaan Komponen Listrik", "Rp 5.721.000.-", 9)]
    )
    y = agreement(1, [item("1", "sub_kegiatan", "Penyediaan Komponen Listrik", "5.721.000,00", 9)])
    assert rules.budget_rollup(bundle(x, y), CONFIG) == []


def test_rollup_same_row_printed_with_two_amounts_without_known_hierarchy() -> None:
    x = agreement(
        1, [item("1", "kegiatan", "Administrasi Keuangan Perangkat Daerah", "Rp 3.000", 9)]
    )
    y = agreement(
        2,
        [item("3", "kegiatan", "Kegiatan Administrasi Keuangan Perangkat Daerah.", "Rp 3.500", 4)],
    )
    (finding,) = rules.budget_rollup(bundle(x, y), CONFIG)
    assert finding.values == ["Rp 3.000", "Rp 3.500"]
    assert "superior" not in finding.message


def test_rollup_does_not_match_similar_names_of_other_activities() -> None:
    x = agreement(
        1,
        [
            item("1", "kegiatan", "Administrasi Keuangan Perangkat Daerah", "Rp 3.000", 9),
            item("2", "kegiatan", "Pembangunan Jalan", "Rp 14.880", 10),
        ],
    )
    y = agreement(
        2,
        [
            item("1", "kegiatan", "Administrasi Umum Perangkat Daerah", "Rp 336", 4),
            item("2", "kegiatan", "Pembangunan Jembatan", "Rp 4.500", 5),
        ],
    )
    assert rules.budget_rollup(bundle(x, y), CONFIG) == []


def test_rollup_does_not_compare_rows_of_different_levels() -> None:
    x = agreement(0, [item("3", "program", "Promosi Penanaman Modal", "Rp 252.590.750", 7)])
    y = agreement(
        6,
        [
            item(
                "1",
                "kegiatan",
                "Penyelenggaraan Promosi Penanaman Modal yang menjadi Kewenangan Daerah",
                "Rp 252.540.750",
                14,
            )
        ],
    )
    assert rules.budget_rollup(bundle(x, y), CONFIG) == []


def test_name_key_and_match() -> None:
    assert rules.budget_name_key("Program Penyelenggaraan Jalan") == "penyelenggaraan jalan"
    assert rules.budget_name_key("SUB KEGIATAN Survei Kondisi Jalan/Jembatan") == (
        "survei kondisi jalan jembatan"
    )
    assert rules.name_match("pembangunan jalan", "pembangunan jembatan", 80) is None
    assert rules.name_match("penunjang urusan", "penunjang urusan pemerintahan", 80) is not None


# --- the samples ----------------------------------------------------------------------------

ALL_RULES = (
    rules.budget_total_mismatch,
    rules.budget_parent_mismatch,
    rules.row_numbering,
    rules.malformed_amount_repair,
    rules.budget_rollup,
)


def sample_findings(path: str) -> list[Discrepancy]:
    result = extract(str(ROOT / path))
    found = Bundle(result.agreements, result.duplicates, result.pages)
    return [finding for function in ALL_RULES for finding in function(found, CONFIG)]


@pytest.fixture(scope="module")
def luwu() -> list[Discrepancy]:
    return sample_findings("samples/pk-dpmptsp-luwu-timur-2025.txt")


def test_real_sample_repeated_numbering(luwu: list[Discrepancy]) -> None:
    (finding,) = [f for f in luwu if f.code == "row_numbering"]
    assert finding.agreement_index == 3
    assert "1–16, 15–18" in finding.message
    assert "rows numbered 15 and 16 appear twice" in finding.message
    assert "15 on lines 597 and 601" in finding.message
    assert finding.values == ["15", "16", "15", "16"]


def test_real_sample_unreadable_amount_is_not_pinned_inside_its_budget(
    luwu: list[Discrepancy],
) -> None:
    # Agreement 1 lists its kegiatan with no printed total, and the rows have neither parent
    # nor children: nothing in that budget pins 17.925.5200, so no value may be proposed.
    (finding,) = [f for f in luwu if f.code == "malformed_amount_repair"]
    assert finding.agreement_index == 1
    assert finding.values == ["17.925.5200"]
    assert "prints no total" in finding.message
    assert finding.locations[0].field == "budget.items[2].amount"
    assert finding.locations[0].line == 377


def test_real_sample_kegiatan_against_its_sub_kegiatan(luwu: list[Discrepancy]) -> None:
    (finding,) = [f for f in luwu if f.code == "budget_parent_mismatch"]
    assert finding.agreement_index == 6
    assert finding.values == ["RP. 252.540.750,-", "Rp. 25.539.400,-", "Rp. 227.051.350,-"]
    assert "Rp 252.590.750" in finding.message
    assert "Rp 50.000" in finding.message
    assert "page 26" in finding.message


def test_real_sample_has_exactly_the_real_budget_findings(luwu: list[Discrepancy]) -> None:
    assert sorted((f.code, f.agreement_index) for f in luwu) == [
        ("budget_parent_mismatch", 6),
        ("malformed_amount_repair", 1),
        ("row_numbering", 3),
    ]


def test_synthetic_planted_total_mismatch() -> None:
    found = sample_findings("samples/synthetic/pk-dpupr-kab-bukit-larangan-2025.txt")
    (finding,) = found
    assert (finding.code, finding.agreement_index) == ("budget_total_mismatch", 2)
    assert finding.values[0] == "Rp 21.830.000.000,-"
    assert "Rp 21.380.000.000" in finding.message
    assert "Rp 450.000.000 higher" in finding.message


@pytest.mark.parametrize(
    "path",
    [
        "samples/pk-pringsewu-diskominfo-2025.txt",
        "samples/synthetic/pk-bapenda-kota-tirta-mulya-2025.txt",
        "samples/synthetic/pk-dinkes-sungai-rindang-2025.txt",
        "samples/synthetic/pk-setda-kab-lembah-siring-2025.txt",
    ],
)
def test_consistent_samples_give_no_budget_findings(path: str) -> None:
    assert sample_findings(path) == []
