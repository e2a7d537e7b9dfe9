"""``extractor eval``: the scoring on generated records, the command, and the samples end to end.

Records and facts are generated from one ``Spec`` by two independent encodings (the record
schema, the facts format a person writes), so the mapping between them is tested too.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from extractor.cli import main
from extractor.evaluate import FIELDS, compare_records, evaluate, load_gold
from extractor.evaluate.score import (
    out_of_order,
    pair_by_similarity,
    pair_in_order,
    pair_leftovers,
    similarities,
    similarity,
)

ROOT = Path(__file__).resolve().parent.parent


# --- generated records and their facts ---------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """One agreement as a person reads it."""

    first: str = "ISKANDAR MUDA"
    second: str = "BUDIMAN"
    nip: str | None = "197001011990031001"
    position: str = "KEPALA DINAS PENANAMAN MODAL"
    place: str = "Malili"
    date: str = "2025-01-02"
    targets: tuple[tuple[str, str, float], ...] = (  # number as printed, indicator, value
        ("1", "Persentase capaian layanan perizinan", 90.0),
        ("2", "Indeks kepuasan masyarakat", 80.0),
        ("3", "Jumlah investor yang difasilitasi", 12.0),
    )
    budget: tuple[tuple[str, float], ...] = (
        ("Program penunjang urusan pemerintahan", 4324506023.0),
        ("Program pelayanan penanaman modal", 981775175.0),
    )
    findings: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


def _quantity(value: float) -> dict[str, Any]:
    raw = f"{value:g} %"
    return {"raw": raw, "value": value, "unit": "%", "comparator": None, "min": None, "max": None}


def record_agreement(spec: Spec, index: int = 0) -> dict[str, Any]:
    """The agreement as ``extractor extract`` writes it."""

    def party(name: str, position: str, nip: str | None) -> dict[str, Any]:
        source = "statement" if nip else None
        return {"name": name, "name_as_written": name, "titles": [], "position": position} | {
            "nip": nip,
            "source": None,
            "nip_source": source,
        }

    def signature(role: str, name: str, nip: str | None) -> dict[str, Any]:
        out = {"role": role, "name": name, "name_as_written": name, "position": None}
        return out | {"nip": nip, "rank": None, "page": 1, "source": None}

    targets = [
        {"no": no, "level": None, "name": None, "objective": None, "indicator": ind}
        | {"target": _quantity(v), "quarterly_targets": [], "source": None, "unit_source": "cell"}
        for no, ind, v in spec.targets
    ]
    items = [
        {"no": str(n + 1), "level": "program", "name": name, "indicator": None}
        | {"amount": {"raw": f"{a:,.0f}", "value": a}, "funding_source": None, "source": None}
        for n, (name, a) in enumerate(spec.budget)
    ]
    total = sum(a for _, a in spec.budget)
    explanation_targets = [
        {"indicator": ind, "target": _quantity(v), "explanation": None, "source": None}
        for _, ind, v in spec.targets
    ]
    explanation = {"number": "1", "objective": None, "objective_text": None}
    explanation |= {"legal_basis": [], "indicators": [ind for _, ind, _ in spec.targets]}
    explanation |= {"indicator_details": [], "targets": explanation_targets, "source": None}
    agreement = {
        "index": index,
        "id": f"pk-{index}",
        "title": "PERJANJIAN KINERJA TAHUN 2025",
        "year": 2025,
        "agency": None,
        "level": "eselon_ii",
        "first_party": party(spec.first, spec.position, spec.nip),
        "second_party": party(spec.second, "BUPATI LUWU TIMUR", None),
        "place": spec.place,
        "date": spec.date,
        "date_raw": spec.date,
        "signatures": [
            signature("second_party", spec.second, None),
            signature("first_party", spec.first, spec.nip),
        ],
        "performance_targets": targets,
        "budget": {"items": items, "total": {"raw": f"{total:,.0f}", "value": total}},
        "explanations": [explanation],
        "pages": [1, 2],
    }
    return agreement | spec.extra


def record(*specs: Spec) -> dict[str, Any]:
    """A record of the agreements, with each spec's findings as discrepancies."""
    found = [
        {"code": code, "severity": "warning", "agreement_index": i, "message": code}
        | {"values": [], "locations": []}
        for i, spec in enumerate(specs)
        for code in spec.findings
    ]
    return {
        "schema_version": "1.4",
        "status": "ok",
        "source": {"path": "bundle.txt"},
        "pages": [{"number": 1, "kind": "agreement"}, {"number": 2, "kind": "lampiran_1"}],
        "agreements": [record_agreement(s, i) for i, s in enumerate(specs)],
        "duplicates": [],
        "discrepancies": found,
    }


def facts_agreement(spec: Spec) -> dict[str, Any]:
    """The agreement as a person writes it in a facts file."""
    return {
        "title": "PERJANJIAN KINERJA TAHUN 2025",
        "place": spec.place,
        "date": spec.date,
        "first_party": {"name": spec.first, "position": spec.position, "nip": spec.nip},
        "second_party": {"name": spec.second, "position": "BUPATI LUWU TIMUR", "nip": None},
        "signatures": [
            {"page_kind": "agreement", "role": "second_party", "name": spec.second, "nip": None},
            {"page_kind": "agreement", "role": "first_party", "name": spec.first, "nip": spec.nip},
        ],
        "performance_targets": [
            {"no": no, "indicator": ind, "target": {"raw": f"{v:g} %", "value": v}}
            | {"quarterly": []}
            for no, ind, v in spec.targets
        ],
        "budget_items": [{"name": name, "amount": a} for name, a in spec.budget],
        "budget_total": sum(a for _, a in spec.budget),
        "explanations": [
            {
                "number": "1",
                "targets": [{"indicator": i, "value": v, "unit": "%"} for _, i, v in spec.targets],
            }
        ],
    }


def facts(*specs: Spec) -> dict[str, Any]:
    return {"agreement_count": len(specs), "agreements": [facts_agreement(s) for s in specs]}


def f1s(evaluation) -> dict[str, float]:
    return {name: t.f1 for name, t in evaluation.fields.items() if t.expected or t.actual}


INDICATORS = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=12, max_size=40).map(
        lambda s: " ".join(s.split()) or "indikator"
    ),
    min_size=2,
    max_size=8,
    unique_by=lambda s: s[:6],
)


def spec_of(names: list[str]) -> Spec:
    return Spec(targets=tuple((str(i + 1), n, float(10 * i)) for i, n in enumerate(names)))


# --- scoring ---------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(INDICATORS)
def test_a_perfect_record_scores_one_in_every_field(names: list[str]) -> None:
    spec = spec_of(names)
    result = evaluate(facts(spec), record(spec))
    assert result.problems == []
    assert result.f1 == 1.0 and result.expected == result.hits == result.actual
    scored = {name for name, t in result.fields.items() if t.expected}
    assert scored == set(FIELDS) - {"findings"}
    assert set(f1s(result).values()) == {1.0}


CHANGES: dict[str, tuple[str, Any]] = {
    # field -> (how the record is changed, what it is changed with)
    "targets": ("target", 91.0),
    "nips": ("nip", "197001011990032002"),
    "place": ("place", "Makassar"),
    "date": ("date", "2025-01-03"),
    "budget_rows": ("budget", 1.0),
    "totals": ("total", 5.0),
    "positions": ("position", "SEKRETARIS DINAS"),
    "explanation_targets": ("explanation", 7.0),
    "signatures": ("signature", "ISKANDAR"),
}


def _changed(agreement: dict[str, Any], how: str, value: Any) -> None:
    if how == "target":
        agreement["performance_targets"][1]["target"]["value"] = value
    elif how == "nip":
        agreement["first_party"]["nip"] = value
    elif how in ("place", "date"):
        agreement[how] = value
    elif how == "budget":
        agreement["budget"]["items"][0]["amount"]["value"] = value
    elif how == "total":
        agreement["budget"]["total"]["value"] = value
    elif how == "position":
        agreement["first_party"]["position"] = value
    elif how == "explanation":
        agreement["explanations"][0]["targets"][0]["target"]["value"] = value
    elif how == "signature":
        agreement["signatures"][1]["name"] = value


@pytest.mark.parametrize("changed_field", sorted(CHANGES))
def test_a_changed_value_costs_precision_and_recall_of_its_field_only(changed_field: str) -> None:
    spec = Spec()
    data = record(spec)
    _changed(data["agreements"][0], *CHANGES[changed_field])
    result = evaluate(facts(spec), data)
    tally = result.fields[changed_field]
    assert tally.hits == tally.expected - 1 == tally.actual - 1
    assert tally.precision < 1.0 and tally.recall < 1.0
    assert {name: f for name, f in f1s(result).items() if f < 1.0} == {changed_field: tally.f1}
    assert [p.kind for p in result.problems] == ["wrong"]
    assert result.problems[0].field == changed_field


@settings(max_examples=40, deadline=None)
@given(INDICATORS, st.data())
def test_a_lost_row_costs_recall_only_wherever_it_was(names: list[str], data: Any) -> None:
    spec = spec_of(names)
    lost = data.draw(st.integers(0, len(names) - 1))
    short = replace(spec, targets=tuple(t for i, t in enumerate(spec.targets) if i != lost))
    result = evaluate(facts(spec), record(short))
    targets = result.fields["targets"]
    assert targets.precision == 1.0 and targets.recall < 1.0
    assert targets.expected - targets.hits == 5  # no, indicator, raw, value, quarterly []
    assert all(p.kind == "missing" for p in result.problems if p.field == "targets")
    assert all(f"performance_targets[{lost}]" in p.path for p in result.problems[:5])


@settings(max_examples=40, deadline=None)
@given(INDICATORS, st.data())
def test_an_extra_row_costs_precision_only(names: list[str], data: Any) -> None:
    spec = spec_of(names[1:])
    where = data.draw(st.integers(0, len(names) - 1))
    more = list(spec.targets)
    more.insert(where, ("9", names[0], 55.0))
    result = evaluate(facts(spec), record(replace(spec, targets=tuple(more))))
    targets = result.fields["targets"]
    assert targets.recall == 1.0 and targets.precision < 1.0
    assert {p.kind for p in result.problems if p.field == "targets"} == {"extra"}


def _ocr_slip(text: str, rnd: random.Random) -> str:
    """One or two OCR-like slips: a letter read as a digit, a doubled or lost letter."""
    chars = list(text)
    for _ in range(rnd.randint(1, 2)):
        i = rnd.randrange(len(chars))
        slip = {"l": "1", "o": "0", "i": "l", "e": "c", "s": "5"}.get(chars[i])
        if slip:
            chars[i] = slip
        elif rnd.random() < 0.5:
            chars.insert(i, chars[i])
        else:
            del chars[i]
    return "".join(chars)


@settings(max_examples=40, deadline=None)
@given(INDICATORS, st.randoms(use_true_random=False))
def test_rows_pair_by_fuzzy_text_despite_ocr_slips(names: list[str], rnd: Any) -> None:
    names = [f"persentase {n}" for n in names]  # indicators of realistic length
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
    assume(all(similarity(a, b) < 75 for a, b in pairs))  # rows a reader can tell apart
    spec = spec_of(names)
    slipped = [(no, _ocr_slip(n, rnd), v) for no, n, v in spec.targets]
    rnd.shuffle(slipped)
    result = evaluate(facts(spec), record(replace(spec, targets=tuple(slipped))))
    targets = [p for p in result.problems if p.field == "targets" and p.kind != "order"]
    assert {p.kind for p in targets} <= {"wrong"}  # never a lost or invented row
    assert all(p.path.endswith((".indicator", ".no")) for p in targets)  # values all paired


def test_rows_in_another_order_score_one_but_are_reported() -> None:
    spec = Spec()
    turned = replace(spec, targets=spec.targets[::-1])
    gold = facts(spec)
    for row in gold["agreements"][0]["performance_targets"]:
        del row["no"]  # numbers would tell the order apart anyway
    result = evaluate(gold, record(turned))
    assert result.f1 == 1.0
    assert {p.kind for p in result.problems} == {"order"}


def test_a_lost_agreement_does_not_shift_the_ones_after_it() -> None:
    people = ["ISKANDAR MUDA", "ANDI HABIL UNRU", "SITI RAHMAWATI", "BUDI SANTOSO"]
    specs = [Spec(first=p, targets=(("1", f"jumlah layanan {p.lower()}", 10.0),)) for p in people]
    gold = facts(*specs)
    result = evaluate(gold, record(*(specs[:1] + specs[2:])))
    lost = [p for p in result.problems if p.path.startswith("agreements[1].")]
    assert lost and all(p.kind == "missing" for p in lost)
    others = [p for p in result.problems if not p.path.startswith("agreements[1].")]
    assert [p.path for p in others] == ["agreement_count"]


def test_nulls_in_a_facts_file_are_facts() -> None:
    spec = Spec(nip=None)
    assert evaluate(facts(spec), record(spec)).problems == []
    given_nip = record(replace(spec, nip="197001011990031001"))
    problems = evaluate(facts(spec), given_nip).problems
    assert {(p.kind, p.field) for p in problems} == {("wrong", "nips")}
    gold = facts(spec)
    gold["agreements"][0]["second_party"] = None  # "no second party printed"
    result = evaluate(gold, record(spec))
    assert [(p.kind, p.path) for p in result.problems] == [("wrong", "agreements[0].second_party")]
    lost_party = record(spec)
    lost_party["agreements"][0]["first_party"] = None
    lost = evaluate(facts(spec), lost_party).problems
    assert [(p.kind, p.path) for p in lost if "signatures" not in p.path] == [
        ("missing", "agreements[0].first_party.name"),
        ("missing", "agreements[0].first_party.position"),
        ("missing", "agreements[0].first_party.nip"),  # null, but of a party not read
    ]


def test_an_empty_list_is_a_fact_and_a_bound_is_a_bound() -> None:
    spec = Spec()
    gold = facts(spec)
    gold["agreements"][0]["budget_items"] = []
    gold["duplicate_pages_min"] = 1
    result = evaluate(gold, record(spec))
    kinds = {(p.kind, p.path.split("[+")[0]) for p in result.problems}
    assert ("wrong", "agreements[0].budget_items.count") in kinds
    assert ("extra", "agreements[0].budget_items") in kinds
    assert ("wrong", "duplicate_pages_min") in kinds
    data = record(spec)
    data["duplicates"] = [{}, {}]
    assert not any(p.path == "duplicate_pages_min" for p in evaluate(gold, data).problems)


def test_expected_findings_are_checked_missing_and_unexpected() -> None:
    gold = facts(Spec())
    gold["agreements"][0]["findings"] = ["budget_total_mismatch", "target_mismatch"]
    data = record(Spec(findings=("budget_total_mismatch", "nip_invalid")))
    result = evaluate(gold, data)
    tally = result.fields["findings"]
    assert (tally.expected, tally.actual, tally.hits) == (2, 2, 1)
    assert [(p.kind, p.expected or p.actual) for p in result.problems] == [
        ("missing", "target_mismatch"),
        ("extra", "nip_invalid"),
    ]
    assert "finding 'target_mismatch' expected, not reported" in result.lines()[0]


def test_two_records_compare_without_null_facts() -> None:
    data = record(Spec(nip=None))
    assert compare_records(data, data).f1 == 1.0
    other = record(Spec(nip=None, place="Makassar"))
    other["agreements"][0]["date"] = None
    result = compare_records(data, other)
    assert [p.kind for p in result.problems] == ["missing", "wrong"]  # date, place
    assert result.fields["nips"].expected == 0  # nulls on both sides are no fact


def test_pairings() -> None:
    sim = similarities(["alpha one", "beta two", "gamma"], ["beta two", "gamma"])
    assert pair_in_order(sim) == [(1, 0), (2, 1)]
    sim = similarities(["alpha one", "beta two"], ["beta two", "alpha one"])
    assert pair_by_similarity(sim) == [(0, 1), (1, 0)]
    assert pair_by_similarity(similarities(["same", "same"], ["same", "same"])) == [(0, 0), (1, 1)]
    assert pair_by_similarity(similarities(["completely different"], ["xyz"])) == []
    assert len(out_of_order([(0, 1), (1, 0), (2, 2)])) == 1
    assert out_of_order([(0, 2), (1, 0), (2, 1)]) == [(0, 2)]
    assert pair_leftovers([(0, 0), (2, 2)], 3, 3) == [(0, 0), (1, 1), (2, 2)]
    assert pair_leftovers([(0, 0)], 2, 1) == [(0, 0)]


def test_thousands_of_budget_rows_pair_and_count_right() -> None:
    """Rows square to millions of label pairs: pairing must stay fast enough to run (it was
    cubic); a few swapped rows are reported out of order, a changed amount is wrong."""
    rnd = random.Random(7)
    budget = [(f"Kegiatan {i} urusan {rnd.randrange(10**6)}", float(1000 + i)) for i in range(2000)]
    spec = replace(Spec(), budget=tuple(budget))
    rows = list(budget)
    a, b = sorted(rnd.sample(range(100, 1900), 2))
    rows[a], rows[b] = rows[b], rows[a]
    changed = rnd.choice([i for i in range(2000) if i not in (a, b)])
    rows[changed] = (rows[changed][0], -1.0)
    result = evaluate(facts(spec), record(replace(spec, budget=tuple(rows))))
    tally = result.fields["budget_rows"]
    assert (tally.expected, tally.actual, tally.hits) == (4000, 4000, 3999)  # name, amount
    budget_problems = {(p.kind, p.path) for p in result.problems if p.field == "budget_rows"}
    assert budget_problems == {
        ("wrong", f"agreements[0].budget_items[{changed}].amount"),
        ("order", f"agreements[0].budget_items[{a}]"),
        ("order", f"agreements[0].budget_items[{b}]"),
    }


def test_mismatches_of_the_project_facts_are_still_exact() -> None:
    """A facts file of the project against the record its source gives, then the same
    record with one NIP changed: the change is found."""
    from extractor import extract

    gold = load_gold(ROOT / "tests" / "golden" / "pk-pringsewu-diskominfo-2025.facts.json")
    result = extract(str(ROOT / gold.facts["source"]))
    assert evaluate(gold, result).problems == []
    data = result.model_dump(mode="json")
    data["agreements"][0]["first_party"]["nip"] = "1" * 18
    assert [p.field for p in evaluate(gold, data).problems] == ["nips"]


# --- the command -----------------------------------------------------------------------------


def _write(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    gold, out = tmp_path / "gold", tmp_path / "out"
    _write(gold / "a.facts.json", facts(Spec()) | {"source": "a.txt"})
    _write(gold / "real" / "b.real-facts.json", facts(Spec(place="Bengkulu")))
    _write(out / "a.json", record(Spec()))
    _write(out / "b.json", record(Spec(place="Bengkulu")))
    _write(out / "c.json", record(Spec()))
    return gold, out


def _eval(*args: str) -> Any:
    return CliRunner().invoke(main, ["eval", *args])


def test_folders_are_paired_by_name(folders: tuple[Path, Path]) -> None:
    gold, out = folders
    run = _eval(str(gold), str(out))
    assert run.exit_code == 0, run.output
    assert f"a: {gold / 'a.facts.json'} vs {out / 'a.json'}" in run.output
    assert f"b: {gold / 'real' / 'b.real-facts.json'} vs {out / 'b.json'}" in run.output
    assert f"records without a gold file: {out / 'c.json'}" in run.output
    assert "field " in run.output and "all documents" in run.output


def test_json_output(folders: tuple[Path, Path]) -> None:
    gold, out = folders
    run = _eval(str(gold), str(out), "--json")
    data = json.loads(run.output)
    assert [d["name"] for d in data["documents"]] == ["a", "b"]
    assert list(data["fields"]) == list(FIELDS)
    assert data["overall"]["f1"] == 1.0 and data["below_min_f1"] == []
    assert data["documents"][0]["differences"] == []


def test_min_f1_exit_codes(folders: tuple[Path, Path]) -> None:
    gold, out = folders
    assert _eval(str(gold), str(out), "--min-f1", "1").exit_code == 0
    changed = record(Spec(place="Bengkulu"))
    _changed(changed["agreements"][0], "target", 1.0)
    _write(out / "b.json", changed)
    below = _eval(str(gold), str(out), "--min-f1", "1")
    assert below.exit_code == 1
    assert "F1 below 1.0 for b" in below.stderr
    assert _eval(str(gold), str(out), "--min-f1", "0.9").exit_code == 0


def test_a_missing_result_is_reported_and_scores_zero(folders: tuple[Path, Path]) -> None:
    gold, out = folders
    (out / "b.json").unlink()
    run = _eval(str(gold), str(out), "--json")
    assert run.exit_code == 0
    document = json.loads(run.output)["documents"][1]
    assert document["status"] == "no_result" and document["overall"]["f1"] == 0.0
    assert "no record named b.json" in document["note"]
    text = _eval(str(gold), str(out), "--min-f1", "0.5")
    assert text.exit_code == 1 and "(no result)" in text.output


def test_several_results_of_one_name_are_named_not_guessed(folders: tuple[Path, Path]) -> None:
    gold, out = folders
    (out / "b.json").rename(out / "b.bak")
    first = _write(out / "x" / "b.json", record(Spec(place="Bengkulu")))
    second = _write(out / "y" / "b.json", record(Spec(place="Bengkulu")))
    document = json.loads(_eval(str(gold), str(out), "--json").output)["documents"][1]
    assert document["status"] == "no_result"
    assert document["note"] == f"several records named b.json: {first}, {second}"
    second.unlink()  # the only one below the folder is used
    assert json.loads(_eval(str(gold), str(out), "--json").output)["documents"][1]["note"] is None


def test_two_files_and_a_record_as_gold(folders: tuple[Path, Path]) -> None:
    gold, out = folders
    run = _eval(str(gold / "a.facts.json"), str(out / "c.json"), "--min-f1", "1")
    assert run.exit_code == 0, run.output
    as_gold = _eval(str(out / "a.json"), str(out / "b.json"), "--json")
    data = json.loads(as_gold.output)
    assert data["documents"][0]["differences"][0]["path"] == "agreements[0].place"


def test_usage_errors(folders: tuple[Path, Path], tmp_path: Path) -> None:
    gold, out = folders
    assert _eval(str(gold)).exit_code == 2  # neither RESULT nor --extract
    assert _eval(str(gold), str(out / "a.json")).exit_code == 2  # folder against a file
    bad = _write(tmp_path / "bad.facts.json", ["not", "facts"])
    assert _eval(str(bad), str(out / "a.json")).exit_code == 2
    assert _eval(str(tmp_path / "empty"), str(out)).exit_code == 2  # no such folder


# --- end to end on the samples --------------------------------------------------------------


def test_eval_of_the_extracted_samples_matches_their_facts(tmp_path: Path) -> None:
    """``extractor extract`` on the sample texts, then ``extractor eval`` of the project's
    facts folder against its records: the samples score 1.0, the golds with no record here
    are listed as missing."""
    samples = sorted(str(p) for p in (ROOT / "samples").glob("*.txt"))
    extracted = CliRunner().invoke(main, ["extract", *samples, "-o", str(tmp_path)])
    assert extracted.exit_code == 0, extracted.output
    run = _eval(str(ROOT / "tests" / "golden"), str(tmp_path), "--json")
    documents = {d["name"]: d for d in json.loads(run.output)["documents"]}
    for sample in samples:
        document = documents[Path(sample).stem]
        assert document["status"] == "scored"
        assert document["differences"] == [] and document["overall"]["f1"] == 1.0
    assert {d["status"] for n, d in documents.items() if n + ".txt" not in str(samples)} == {
        "no_result"
    }


def test_eval_extract_runs_the_sources_the_facts_name() -> None:
    run = _eval(str(ROOT / "tests" / "golden" / "real"), "--extract", "--min-f1", "0.9")
    assert run.exit_code == 0, run.output
    assert run.output.count("extracted from") == len(
        list((ROOT / "tests" / "golden" / "real").glob("*.real-facts.json"))
    )
