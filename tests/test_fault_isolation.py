"""Fault isolation: a parser, check or audit rule that raises loses its own section only.

Each test makes one function raise (monkeypatched) while the sample bundle is extracted and
checks what survives: every other section and agreement as in a clean run, the record
``partial``, and one ``internal_error`` naming the stage, section, agreement and exception.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor import agreements as agreements_module
from extractor import checks as checks_module
from extractor import pipeline as pipeline_module
from extractor.audit import engine
from extractor.document import LoadedText
from extractor.models import ExtractionResult
from extractor.parse import lampiran1 as lampiran1_module
from extractor.parse import penjelasan as penjelasan_module
from extractor.pipeline import extract, extract_loaded

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "pk-dpmptsp-luwu-timur-2025.txt"
VICTIM = 3  # an agreement with parties, signatures, targets, a budget and six sections


class Injected(RuntimeError):
    """The fault the tests plant."""


@pytest.fixture(scope="module")
def clean() -> ExtractionResult:
    result = extract(str(SAMPLE))
    assert result.status == "ok" and result.errors == []
    victim = result.agreements[VICTIM]
    assert victim.first_party and victim.signatures and victim.performance_targets
    assert victim.budget.items and len(victim.explanations) > 2
    return result


def boom(*_args, **_kwargs):
    raise Injected("planted fault\nsecond line")


def only_on(original, predicate):
    """``original``, except that it raises when ``predicate(*args)`` holds."""

    def wrapped(*args, **kwargs):
        if predicate(*args, **kwargs):
            boom()
        return original(*args, **kwargs)

    return wrapped


def internal_errors(result: ExtractionResult) -> list[str]:
    assert result.status == "partial"
    messages = [e.message for e in result.errors if e.code == "internal_error"]
    assert messages, result.errors
    for message in messages:
        assert "Injected: planted fault second line" in message
        assert "Traceback" not in message and "\n" not in message
    return messages


def dump(result: ExtractionResult, index: int, *fields: str) -> dict:
    return result.agreements[index].model_dump(include=set(fields))


def others_unchanged(result: ExtractionResult, clean: ExtractionResult) -> None:
    """Every agreement but the victim is exactly as in the clean run."""
    assert len(result.agreements) == len(clean.agreements)
    for index, agreement in enumerate(clean.agreements):
        if index != VICTIM:
            assert result.agreements[index] == agreement


def test_parties_fault_loses_the_parties_only(monkeypatch, clean) -> None:
    victim_page = clean.agreements[VICTIM].pages[0]
    original = agreements_module.read_parties
    monkeypatch.setattr(
        agreements_module,
        "read_parties",
        only_on(original, lambda page: page.number == victim_page),
    )
    result = extract(str(SAMPLE))
    (message,) = internal_errors(result)
    assert message.startswith(f"parse stage: parties of agreement {VICTIM} (page {victim_page})")
    victim = result.agreements[VICTIM]
    assert victim.first_party is None and victim.second_party is None
    fields = ("performance_targets", "budget", "explanations", "pages", "date")
    assert dump(result, VICTIM, *fields) == dump(clean, VICTIM, *fields)
    # signatures are kept; only their roles came from matching them to the parties
    assert [(s.name, s.page) for s in victim.signatures] == [
        (s.name, s.page) for s in clean.agreements[VICTIM].signatures
    ]
    for index, agreement in enumerate(clean.agreements):
        if index != VICTIM:
            assert result.agreements[index].first_party == agreement.first_party


def test_signature_fault_loses_that_page_s_signatures_only(monkeypatch, clean) -> None:
    victim = clean.agreements[VICTIM]
    page = victim.pages[0]
    original = agreements_module.read_signatures
    monkeypatch.setattr(
        agreements_module,
        "read_signatures",
        only_on(original, lambda p, _parties: p.number == page),
    )
    result = extract(str(SAMPLE))
    (message,) = internal_errors(result)
    assert f"signature block of agreement {VICTIM} (page {page})" in message
    kept = [s for s in victim.signatures if s.page != page]
    assert kept and len(kept) < len(victim.signatures)
    assert result.agreements[VICTIM].signatures == kept
    assert result.agreements[VICTIM].first_party.name == victim.first_party.name
    others_unchanged(result, clean)


@pytest.mark.parametrize(
    ("function", "section", "lost", "empty", "kept"),
    [
        ("_target_models", "Lampiran 1 targets", "performance_targets", [], "budget"),
        (
            "_budget_model",
            "Lampiran 1 budget",
            "budget",
            {"items": [], "total": None, "total_source": None},
            "performance_targets",
        ),
    ],
)
def test_lampiran_1_fault_loses_targets_or_budget_only(
    monkeypatch, clean, function: str, section: str, lost: str, empty, kept: str
) -> None:
    """The targets and the budget are built apart: one failing keeps the other."""
    victim_pages = clean.agreements[VICTIM].pages
    original = getattr(lampiran1_module, function)
    monkeypatch.setattr(
        lampiran1_module,
        function,
        only_on(original, lambda rows: bool(rows) and rows[0][0].page in victim_pages),
    )
    result = extract(str(SAMPLE))
    (message,) = internal_errors(result)
    assert message.startswith(f"parse stage: {section} of agreement {VICTIM}")
    assert dump(result, VICTIM, lost) == {lost: empty}
    assert dump(result, VICTIM, kept, "first_party", "explanations") == dump(
        clean, VICTIM, kept, "first_party", "explanations"
    )
    others_unchanged(result, clean)


def test_whole_lampiran_1_fault_keeps_the_rest_of_the_agreement(monkeypatch, clean) -> None:
    victim_pages = clean.agreements[VICTIM].pages
    original = agreements_module.parse_lampiran1
    monkeypatch.setattr(
        agreements_module,
        "parse_lampiran1",
        only_on(original, lambda pages, *_: bool(pages) and pages[0].number in victim_pages),
    )
    result = extract(str(SAMPLE))
    (message,) = internal_errors(result)
    assert f"Lampiran 1 tables of agreement {VICTIM}" in message
    victim = result.agreements[VICTIM]
    assert victim.performance_targets == [] and victim.budget.items == []
    fields = ("first_party", "signatures", "explanations", "date")
    assert dump(result, VICTIM, *fields) == dump(clean, VICTIM, *fields)
    others_unchanged(result, clean)


def test_penjelasan_section_fault_loses_that_section_only(monkeypatch, clean) -> None:
    sections = clean.agreements[VICTIM].explanations
    target = sections[1].source
    original = penjelasan_module.parse_section
    monkeypatch.setattr(
        penjelasan_module,
        "parse_section",
        only_on(original, lambda lines: lines[0].line.number == target.line_start),
    )
    result = extract(str(SAMPLE))
    (message,) = internal_errors(result)
    assert f"Penjelasan Kinerja section 2 of agreement {VICTIM}" in message
    assert result.agreements[VICTIM].explanations == [s for s in sections if s is not sections[1]]
    fields = ("first_party", "signatures", "performance_targets", "budget")
    assert dump(result, VICTIM, *fields) == dump(clean, VICTIM, *fields)
    others_unchanged(result, clean)


def test_agreement_fault_keeps_a_minimal_agreement_and_every_other(monkeypatch, clean) -> None:
    original = agreements_module.build_agreement
    monkeypatch.setattr(
        pipeline_module,
        "build_agreement",
        only_on(original, lambda index, *_: index == VICTIM),
    )
    result = extract(str(SAMPLE))
    (message,) = internal_errors(result)
    assert message.startswith(f"parse stage: agreement of agreement {VICTIM}")
    victim = result.agreements[VICTIM]
    assert victim.pages == clean.agreements[VICTIM].pages
    assert victim.first_party is None and victim.performance_targets == []
    assert victim.id.startswith("pk-unknown-unparsed-")
    others_unchanged(result, clean)
    assert extract(str(SAMPLE)).agreements[VICTIM].id == victim.id  # stable


def test_check_fault_loses_that_check_s_findings_only(monkeypatch, clean) -> None:
    monkeypatch.setattr(checks_module, "_missing_targets", boom)
    result = extract(str(SAMPLE))
    messages = internal_errors(result)
    assert len(messages) == len(clean.agreements)  # the check raised once per agreement
    assert all("check stage: check target_missing of agreement" in m for m in messages)
    expected = [d for d in clean.discrepancies if d.code != "target_missing"]
    assert result.discrepancies == expected
    assert result.agreements == clean.agreements


def test_audit_rule_fault_loses_that_rule_s_findings_only(monkeypatch, clean) -> None:
    monkeypatch.setitem(engine._RULES, "row_numbering", boom)
    result = extract(str(SAMPLE))
    (message,) = internal_errors(result)
    assert message.startswith("audit stage: rule row_numbering could not be read")
    expected = [d for d in clean.discrepancies if d.code != "row_numbering"]
    assert result.discrepancies == expected
    assert result.agreements == clean.agreements


def test_dedup_fault_keeps_every_page(monkeypatch, clean) -> None:
    monkeypatch.setattr(pipeline_module, "deduplicate", boom)
    result = extract(str(SAMPLE))
    (message,) = internal_errors(result)
    assert message.startswith("dedup stage: duplicate pages could not be read")
    assert result.duplicates == []
    assert len(result.agreements) >= len(clean.agreements)


def test_lampiran_2_page_without_sections_gives_no_error() -> None:
    text = (
        "PERJANJIAN KINERJA TAHUN 2025\nNama : BUDI\nJabatan : KEPALA DINAS\n"
        "Nama : AHMAD\nJabatan : BUPATI\n\f\nLAMPIRAN II\nPENJELASAN KINERJA\n"
        "Catatan tanpa bagian penjelasan apa pun.\n"
    )
    result = extract_loaded(LoadedText("pk.txt", text, "", len(text), None))
    assert not [e for e in result.errors if e.code == "internal_error"]
    assert result.agreements[0].explanations == []


_SAMPLE_LINES = SAMPLE.read_text(encoding="utf-8").splitlines()


@st.composite
def mangled_bundles(draw) -> str:
    """A window of the sample bundle with lines dropped, cells flattened, dots lost, lines cut
    or moved: the damage converters and OCR do."""
    start = draw(st.integers(0, len(_SAMPLE_LINES) - 1))
    lines = _SAMPLE_LINES[start : start + draw(st.integers(5, 400))]
    out = []
    for line in lines:
        damage = draw(st.sampled_from(["keep"] * 12 + ["drop", "flatten", "dots", "cut", "move"]))
        if damage == "drop":
            continue
        if damage == "move":
            line = draw(st.sampled_from(_SAMPLE_LINES))
        out.append(
            {
                "flatten": line.replace("\t", " "),
                "dots": line.replace(".", ""),
                "cut": line[: len(line) // 2],
            }.get(damage, line)
        )
    return "\n".join(out)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(text=mangled_bundles())
def test_no_damaged_input_crashes_a_record(text: str) -> None:
    """Whatever the damage, a record comes out, valid against the schema, and its status
    says whether something was lost."""
    result = extract_loaded(LoadedText("pk.txt", text, "", len(text), None))
    assert ExtractionResult.model_validate_json(result.model_dump_json()) == result
    if result.status == "failed":
        assert result.agreements == []
    else:
        assert result.agreements
        assert (result.status == "partial") == bool(result.errors)
    assert all("\n" not in e.message for e in result.errors)
