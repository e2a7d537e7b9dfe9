"""Bounded fuzzing of the whole text pipeline on mutated real bundles (issue 9: never lose a
record, whatever the input).

Each case mutates one sample bundle (``tests/mutations.py``: characters flipped, inserted,
deleted; lines shuffled, duplicated, joined; the text cut anywhere; re-encoded) and checks
that ``extract_bytes`` returns a record instead of raising, and that the record keeps its
invariants (``violations``). The example count is fixed and the run derandomized, so CI
runs the same cases every time within its time budget; ``benchmarks/fuzz.py`` runs the same
mutations at length and measures time, memory and linearity.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.pipeline import extract_bytes
from tests.mutations import SAMPLES, case, violations

_SETTINGS = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@_SETTINGS
@given(data=st.data(), sample=st.integers(0, len(SAMPLES) - 1), steps=st.integers(1, 8))
def test_issue_9_fuzz_mutated_bundles_give_valid_records(
    data: st.DataObject, sample: int, steps: int
) -> None:
    def draw(lo: int, hi: int) -> int:
        return data.draw(st.integers(lo, hi))

    name, blob, applied = case(sample, steps, draw)
    record = extract_bytes(blob, name)  # an exception escaping here fails the case
    problems = violations(record)
    assert not problems, f"{name} after {applied}: {problems[:5]}"


def test_violations_finds_a_page_that_is_not_in_the_record() -> None:
    """The property is not vacuous: a span on a page the record lacks is reported."""
    record = extract_bytes(SAMPLES[0].read_bytes(), SAMPLES[0].name)
    assert not violations(record)
    assert record.agreements and record.pages
    wrong = record.model_copy(update={"pages": record.pages[:1]})
    assert any("points to page" in problem for problem in violations(wrong))
    failed = record.model_copy(update={"status": "failed", "errors": []})
    assert "a failed record without an error" in violations(failed)
