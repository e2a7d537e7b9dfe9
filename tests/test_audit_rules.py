"""Audit rules on targets, people, dates and duplicates: planted cases that must fire, and
cases that must not (the same value printed differently, the same name with titles)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor import extract
from extractor.audit import AuditConfig, Bundle, load_config, rule_names, run_audit
from extractor.audit.dates import date_mismatch, date_missing_day, year_mismatch
from extractor.audit.duplicates import duplicate_content_differs
from extractor.audit.people import (
    person_nip_conflict,
    position_mismatch,
    same_signer_both_parties,
    signature_missing,
    signature_name_mismatch,
)
from extractor.audit.rollup import budget_rollup
from extractor.audit.targets import (
    penjelasan_incomplete,
    same_quantity,
    target_mismatch,
    target_unexplained,
)
from extractor.models import Duplicate, PageDate
from extractor.parse.values import parse_quantity
from extractor.pipeline import Options

from .auditkit import agreement, bundle, explanation, party, signature, target

ROOT = Path(__file__).resolve().parent.parent
CONFIG = AuditConfig()


def codes(findings) -> list[str]:
    return [f.code for f in findings]


# --- targets -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lampiran", "penjelasan"),
    [
        ("3.3 trilliun", "Rp 3.300.000.000.000,-"),
        ("96,00", "96,00 %"),
        ("7.200", "7200"),
        ("BB", "BB"),
        ("< 49", "48 pengaduan"),
        ("maks 5 Kasus", "paling banyak 5 kasus"),
    ],
)
def test_same_target_printed_differently_does_not_fire(lampiran: str, penjelasan: str) -> None:
    a = agreement(
        targets=[target("Nilai Investasi PMA dan PMDN", lampiran)],
        explanations=[explanation("1", [("Nilai Investasi PMA dan PMDN", penjelasan)])],
    )
    assert target_mismatch(bundle(a), CONFIG) == []


def test_target_restated_with_another_value_fires_with_both_places() -> None:
    a = agreement(
        targets=[target("Jumlah Investor PMA dan PMDN yang berskala Nasional", "45 Investor")],
        explanations=[
            explanation("1", [("Jumlah investor skala nasional PMA dan PMDN", "20 investor")])
        ],
    )
    (finding,) = target_mismatch(bundle(a), CONFIG)
    assert finding.values == ["45 Investor", "20 investor"]
    assert [loc.field for loc in finding.locations] == [
        "performance_targets[0].target",
        "explanations[0].targets[0].target",
    ]
    assert "45 Investor" in finding.message and "20 investor" in finding.message


def test_grade_restated_otherwise_fires() -> None:
    a = agreement(
        targets=[target("Nilai SAKIP", "BB")],
        explanations=[explanation("1", [("Nilai SAKIP", "A")])],
    )
    assert codes(target_mismatch(bundle(a), CONFIG)) == ["target_mismatch"]


def test_similar_wording_of_another_indicator_is_not_compared() -> None:
    a = agreement(
        targets=[
            target("Jumlah Pelaku Usaha PMDN dan UKM yang di Bimtek", "160 Pelaku Usaha"),
            target("Jumlah PMDN/UKM yang diawasi", "10 Kegiatan Usaha", no="2"),
        ],
        explanations=[
            explanation("1", [("Jumlah pelaku Usaha yang di BAP", "10 Kegiatan Usaha")]),
            explanation(
                "2", [("Jumlah pelaku usaha yang mengikuti bimtek/sosialisasi", "160 pelaku usaha")]
            ),
        ],
    )
    assert target_mismatch(bundle(a), CONFIG) == []


def test_target_without_penjelasan_fires_only_when_the_agreement_has_penjelasan() -> None:
    rows = [target("Nilai SAKIP", "BB"), target("Indeks Kepuasan Masyarakat", "82", no="2")]
    explained = agreement(targets=rows, explanations=[explanation("1", [("Nilai SAKIP", "BB")])])
    (finding,) = target_unexplained(bundle(explained), CONFIG)
    assert finding.values == ["Indeks Kepuasan Masyarakat"]
    without_lampiran_2 = agreement(targets=rows)
    assert target_unexplained(bundle(without_lampiran_2), CONFIG) == []


def test_incomplete_penjelasan() -> None:
    short = explanation("1", [], indicators=["A", "B"])
    complete = explanation("2", [("Nilai SAKIP", "BB")])
    (finding,) = penjelasan_incomplete(bundle(agreement(explanations=[short, complete])), CONFIG)
    assert "no Target Kinerja table" in finding.message


@pytest.mark.parametrize(
    ("lampiran", "penjelasan", "agree"),
    [
        ("60-75%", "60 - 75 %", True),
        ("60-75 %", "60 s/d 75 %", True),
        ("60-75%", "60-80%", False),
        ("60-75%", "75 %", False),
        ("1-2 laporan", "1 - 2 Laporan", True),
    ],
)
def test_range_targets_compare_by_their_bounds(lampiran: str, penjelasan: str, agree: bool) -> None:
    a = agreement(
        targets=[target("Persentase capaian SPM", lampiran)],
        explanations=[explanation("1", [("Persentase capaian SPM", penjelasan)])],
    )
    assert codes(target_mismatch(bundle(a), CONFIG)) == ([] if agree else ["target_mismatch"])


@given(
    low=st.integers(0, 500),
    width=st.integers(1, 500),
    gaps=st.tuples(st.sampled_from(["", " "]), st.sampled_from(["", " "])),
    unit=st.sampled_from(["%", " %", " dokumen", ""]),
)
@settings(max_examples=40, deadline=None, derandomize=True, database=None)
def test_generated_ranges_agree_only_with_the_same_bounds(
    low: int, width: int, gaps: tuple[str, str], unit: str
) -> None:
    """Rule "a range is its bounds": however the dash is spaced, ``lo-hi`` agrees with
    ``lo - hi`` and differs from a range with another upper bound or from a single value."""
    high = low + width
    printed = f"{low}{gaps[0]}-{gaps[1]}{high}{unit}"
    same, other = parse_quantity(f"{low} - {high}{unit}"), parse_quantity(f"{low}-{high + 1}{unit}")
    mine = parse_quantity(printed)
    assert (mine.min, mine.max) == (low, high)
    assert same_quantity(mine, same, 0.0)
    assert not same_quantity(mine, other, 0.0)
    assert not same_quantity(mine, parse_quantity(f"{high}{unit}"), 0.0)


# --- people ------------------------------------------------------------------------------


def _signed(*sigs):
    return agreement(signatures=list(sigs))


def test_parties_who_sign_with_titles_do_not_fire() -> None:
    a = _signed(
        signature("second_party", "(ISKANDAR MUDA, S.Sos., M.Si)", "SEKRETARIS DINAS"),
        signature("first_party", "JONI, S.E.", "KASUBAG UMUM & KEUANGAN"),
    )
    b = bundle(a)
    assert signature_missing(b, CONFIG) == []
    assert signature_name_mismatch(b, CONFIG) == []
    assert same_signer_both_parties(b, CONFIG) == []
    assert position_mismatch(b, CONFIG) == []


def test_misspelt_signature_name_is_a_mismatch_not_a_new_person() -> None:
    a = agreement(
        first=party("DAMES ARY SANDY SURYA", "PRANATA BARANG"),
        signatures=[signature("first_party", "DAMES ARY SANDY SURA", "PRANATA BARANG", page=2)],
    )
    (finding,) = signature_name_mismatch(bundle(a), CONFIG)
    assert finding.code == "signature_name_mismatch"
    assert finding.values == ["DAMES ARY SANDY SURYA", "DAMES ARY SANDY SURA"]


def test_another_person_signing_for_a_party() -> None:
    a = agreement(
        second=party("ANDI HABIL UNRU, SE", "KEPALA DINAS"),
        signatures=[signature("second_party", "ISKANDAR MUDA, S.Sos.,M.Si", "Plt. Kepala Dinas")],
    )
    assert codes(signature_name_mismatch(bundle(a), CONFIG)) == ["signature_other_person"]


def test_one_person_signing_for_both_parties() -> None:
    a = _signed(
        signature("second_party", "ISKANDAR MUDA, S.Sos.,M.Si", "Kepala Dinas"),
        signature("first_party", "ISKANDAR MUDA, S.Sos.,M.Si", "Sekretaris"),
    )
    assert codes(same_signer_both_parties(bundle(a), CONFIG)) == ["same_signer_both_parties"]


def test_party_not_signing_the_agreement_page() -> None:
    a = _signed(signature("second_party", "ISKANDAR MUDA", "SEKRETARIS DINAS"))
    (finding,) = signature_missing(bundle(a), CONFIG)
    assert "JONI" in finding.message


def test_position_naming_another_office() -> None:
    a = _signed(signature("first_party", "JONI, SE", "SEKRETARIS DINAS"))
    assert codes(position_mismatch(bundle(a), CONFIG)) == ["position_mismatch"]
    shortened = _signed(signature("first_party", "JONI, SE", "KASUBAG UMUM"))
    assert position_mismatch(bundle(shortened), CONFIG) == []


def test_one_person_with_two_nips_and_one_nip_for_two_people() -> None:
    a = agreement(
        index=0,
        signatures=[
            signature("second_party", "ISKANDAR MUDA", "SEKRETARIS", nip="197510302006031001")
        ],
    )
    b = agreement(
        index=1,
        signatures=[
            signature(
                "second_party", "ISKANDAR MUDA, S.Sos", "SEKRETARIS", nip="197510302008031001"
            ),
            signature("first_party", "JONI", "KASUBAG", nip="197510302008031001"),
        ],
    )
    found = person_nip_conflict(bundle(a, b), CONFIG)
    assert sorted(codes(found)) == ["nip_shared", "person_nip_conflict"]
    assert all(f.agreement_index is None for f in found)
    same = agreement(
        index=2,
        signatures=[
            signature("second_party", "Drs. ISKANDAR MUDA", "SEKRETARIS", nip="197510302006031001")
        ],
    )
    assert person_nip_conflict(bundle(a, same), CONFIG) == []


def _unknown(person):
    """The same party or signature with its name unknown (masked, or an empty block)."""
    return person.model_copy(update={"name": None})


_PEOPLE_RULES = (signature_name_mismatch, same_signer_both_parties, position_mismatch)
_NAMES = st.sampled_from(["JONI, SE", "ISKANDAR MUDA, S.Sos", "Drs. H. BUDIMAN, M.Pd", "AYU"])


@given(
    first=_NAMES,
    signer=_NAMES,
    which=st.sampled_from(["party", "signature", "both"]),
    position=st.sampled_from(["KASUBAG UMUM DAN KEUANGAN", "SEKRETARIS DINAS"]),
)
@settings(max_examples=40, deadline=None, derandomize=True, database=None)
def test_an_unknown_name_is_never_a_match_nor_a_mismatch(
    first: str, signer: str, which: str, position: str
) -> None:
    """Rule "a null name is unknown": whichever side is masked, no name, same-signer or
    position finding is made on it, and no rule of the audit raises."""
    one = party(first, "KASUBAG UMUM DAN KEUANGAN")
    signatures = [
        signature("first_party", signer, position),
        signature("second_party", "RIYANTO PAMUNGKAS", "SEKRETARIS DINAS"),
    ]
    if which in ("party", "both"):
        one = _unknown(one)
    if which in ("signature", "both"):
        signatures = [_unknown(s) for s in signatures]
    a = agreement(
        first=one, second=_unknown(party(signer, "SEKRETARIS DINAS")), signatures=signatures
    )
    b = bundle(a, agreement(index=1, first=_unknown(party(signer, "KEPALA DINAS"))))
    for check in _PEOPLE_RULES:
        assert check(b, CONFIG) == [], check.__name__
    assert signature_missing(b, CONFIG) == []  # a masked name was printed: the party signed
    found = run_audit(b, CONFIG)  # every rule copes with unknown names
    assert not {"internal_error"} & set(codes(found))
    assert person_nip_conflict(b, CONFIG) == []
    assert budget_rollup(b, CONFIG) == []


def test_an_empty_signature_block_is_no_signature() -> None:
    empty = signature("first_party", "", "KASUBAG UMUM DAN KEUANGAN").model_copy(
        update={"name": None}
    )
    masked = signature("first_party", "Xxxxxx Xxxxx", "KASUBAG UMUM DAN KEUANGAN")
    masked = _unknown(masked)
    other = signature("second_party", "ISKANDAR MUDA", "SEKRETARIS DINAS")
    (finding,) = signature_missing(bundle(_signed(other, empty)), CONFIG)
    assert "JONI" in finding.message and "empty" in finding.message
    assert signature_missing(bundle(_signed(other, masked)), CONFIG) == []
    masked_party = agreement(first=_unknown(party("Xxxxx, SE", "KASUBAG")), signatures=[other])
    (finding,) = signature_missing(bundle(masked_party), CONFIG)
    assert "'Xxxxx, SE' (masked)" in finding.message


def test_a_nip_printed_for_an_unknown_name_is_shared_with_nobody() -> None:
    nip = "197510302006031001"
    a = agreement(
        signatures=[
            signature("second_party", "ISKANDAR MUDA", "SEKRETARIS", nip=nip),
            _unknown(signature("first_party", "Xxxxx", "KASUBAG", nip=nip)),
        ]
    )
    assert person_nip_conflict(bundle(a), CONFIG) == []


# --- dates and duplicates ----------------------------------------------------------------------


def test_dates() -> None:
    no_day = agreement(date="2025-01")
    assert codes(date_missing_day(bundle(no_day), CONFIG)) == ["date_missing_day"]
    lampiran_day = PageDate(
        page=2, place="Malili", date="2025-01-02", date_raw="Malili, 2 Januari 2025"
    )
    assert date_mismatch(bundle(agreement(date="2025-01", page_dates=[lampiran_day])), CONFIG) == []
    other_day = PageDate(
        page=2, place="Malili", date="2025-01-05", date_raw="Malili, 5 Januari 2025"
    )
    assert codes(date_mismatch(bundle(agreement(page_dates=[other_day])), CONFIG)) == [
        "date_mismatch"
    ]
    last_year = PageDate(
        page=1, place="Malili", date="2024-12-30", date_raw="Malili, 30 Desember 2024"
    )
    assert codes(year_mismatch(bundle(agreement(page_dates=[last_year])), CONFIG)) == [
        "year_mismatch"
    ]


def test_duplicates_that_differ_in_content() -> None:
    layout_only = Duplicate(kept_page=4, dropped_page=5, similarity=0.98, differences=[])
    content = Duplicate(
        kept_page=6, dropped_page=8, similarity=0.99, differences=["'DPMPSTSP' vs 'DPMPTSP'"]
    )
    found = duplicate_content_differs(bundle(duplicates=[layout_only, content]), CONFIG)
    assert codes(found) == ["duplicate_content_differs"]
    assert [loc.page for loc in found[0].locations] == [6, 8]


# --- configuration and the sample --------------------------------------------------------------


def test_rules_can_be_disabled_by_file_and_by_name(tmp_path: Path) -> None:
    config_file = tmp_path / "rules.toml"
    config_file.write_text('disabled = ["target_mismatch"]\nname_similarity = 90\n')
    config = load_config(config_file, disable=["date_missing_day"])
    assert config.disabled == ["target_mismatch", "date_missing_day"]
    assert config.name_similarity == 90
    result = extract(
        str(ROOT / "samples" / "pk-dpmptsp-luwu-timur-2025.txt"), Options(audit=config)
    )
    assert not {"target_mismatch", "date_missing_day"} & set(codes(result.discrepancies))
    with pytest.raises(ValueError, match="unknown audit rule"):
        run_audit(Bundle([], [], []), AuditConfig(disabled=["no_such_rule"]))
    assert "target_mismatch" in rule_names()


def test_sample_bundle_findings_are_the_real_problems() -> None:
    result = extract(str(ROOT / "samples" / "pk-dpmptsp-luwu-timur-2025.txt"))
    found = {(f.code, f.agreement_index) for f in result.discrepancies}
    assert ("target_mismatch", 6) in found  # 45 Investor vs 20 investor
    assert ("target_mismatch", 7) in found  # 80 % vs 85 %
    assert ("signature_name_mismatch", 5) in found  # SURA vs SURYA
    assert ("signature_other_person", 1) in found  # ISKANDAR signs for ANDI HABIL UNRU
    assert ("same_signer_both_parties", 1) in found
    assert ("person_nip_conflict", None) in found  # ISKANDAR: two NIPs
    assert ("duplicate_content_differs", None) in found  # DPMPSTSP vs DPMPTSP
    assert ("date_missing_day", 1) in found
