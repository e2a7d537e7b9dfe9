"""Round trip: a bundle rendered from a structured description, serialised the way converters
and OCR engines hand PK bundles over, must extract to the facts that were rendered.

Each serialisation is its own case, on the fixed example bundles (the content of the facts
files) and on hypothesis-generated bundles; one more hypothesis test combines serialisation x
page markers x label case x noise. A case the parser cannot pass yet is listed in
``KNOWN_FAILING`` with the first fact it loses; the mark is strict, so a case that starts
passing fails until it is taken off the list. ``python -m tests.roundtrip.matrix`` prints the
same results per bundle.
"""

from __future__ import annotations

import html
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from extractor import extract
from extractor.evaluate import mismatches

from .roundtrip.check import bundle_text, round_trip
from .roundtrip.examples import fixed_bundles
from .roundtrip.model import Bundle, expected_facts
from .roundtrip.serialise import SERIALISATIONS, Style
from .roundtrip.strategies import bundles, styles

BUNDLES = fixed_bundles()

FACTORS = {
    "pages-none": Style(pages="none"),
    "pages-number": Style(pages="number"),
    "pages-halaman": Style(pages="halaman"),
    "upper-labels": Style(upper_labels=True),
    "noise": Style(noise=True, seed=1),
}

# case id -> the first fact it loses today (what the parser must learn). Take a case off when
# it passes.
KNOWN_FAILING: dict[str, str] = {}


def _case(case_id: str):
    reason = KNOWN_FAILING.get(case_id)
    # raises=AssertionError: only a lost fact counts as the known failure, never a crash.
    marks = [pytest.mark.xfail(strict=True, raises=AssertionError, reason=reason)] if reason else []
    return pytest.param(case_id, marks=marks, id=case_id)


def _check_all(bundles_: list[Bundle], style: Style, directory: Path) -> None:
    problems = [
        f"{bundle.name}: {problem}"
        for bundle in bundles_
        for problem in round_trip(bundle, style, directory)
    ]
    assert not problems, f"{style}\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("case_id", [_case(f"fixed-{name}") for name in SERIALISATIONS])
def test_serialisation_of_fixed_bundles(case_id: str, tmp_path: Path) -> None:
    """Each serialisation alone (form feeds, title-case labels, no noise) on the content of
    the facts files."""
    _check_all(BUNDLES, Style(tables=case_id.removeprefix("fixed-")), tmp_path)


@pytest.mark.parametrize("case_id", [_case(f"factor-{name}") for name in FACTORS])
def test_other_factors_of_fixed_bundles(case_id: str, tmp_path: Path) -> None:
    """Page markers, label case and OCR noise, one at a time, over tab-separated tables."""
    _check_all(BUNDLES, FACTORS[case_id.removeprefix("factor-")], tmp_path)


def _settings(known_failing: bool, examples: int):
    """Modest, reproducible runs; a known failure is not shrunk (that would only cost time)."""
    phases = [Phase.explicit, Phase.generate] if known_failing else list(Phase)
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=phases,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def _generated_case(name: str):
    case_id = f"generated-{name}"

    @_settings(case_id in KNOWN_FAILING, 30)
    @given(bundle=bundles())
    def run(bundle: Bundle) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            problems = round_trip(bundle, Style(tables=name), Path(tmp))
        assert not problems, "\n".join(problems[:40])

    return run


@pytest.mark.parametrize("case_id", [_case(f"generated-{name}") for name in SERIALISATIONS])
def test_serialisation_of_generated_bundles(case_id: str) -> None:
    """Each serialisation alone on random bundles: names, titles, NIPs, positions, dates,
    targets of every printed kind, budgets with totals, Penjelasan sections."""
    _generated_case(case_id.removeprefix("generated-"))()


COMBINATION = "combination"


@pytest.mark.parametrize("case_id", [_case(COMBINATION)])
@_settings(COMBINATION in KNOWN_FAILING, 60)
@given(bundle=bundles(), style=styles(st.sampled_from(sorted(SERIALISATIONS))))
def test_any_combination(case_id: str, bundle: Bundle, style: Style) -> None:
    """Serialisation x page markers x label case x noise, all chosen by hypothesis."""
    with tempfile.TemporaryDirectory() as tmp:
        problems = round_trip(bundle, style, Path(tmp))
    assert not problems, f"{style}\n" + "\n".join(problems[:40])


def _words(text: str) -> set[str]:
    text = html.unescape(regex.sub(r"<!--.*?-->|</?[A-Za-z][^<>]*>", " ", text))
    return set(regex.sub(r"[|+=*#:,()\-]", " ", text).split())


@pytest.mark.parametrize("name", sorted(SERIALISATIONS))
def test_every_serialisation_prints_every_fact(name: str) -> None:
    """The renderer is not the one losing facts: every word of every name, NIP, position,
    indicator, target and amount is in the text of every serialisation."""
    for bundle in BUNDLES:
        text, _ = bundle_text(bundle, Style(tables=name))
        words = _words(text)
        for agreement in bundle.agreements:
            printed = [
                agreement.first.written,
                agreement.first.position,
                agreement.first.nip_printed,
            ]
            for t in agreement.targets:
                printed += [t.objective, t.indicator, t.target.raw]
            for item in agreement.budget:
                printed += [item.name, item.amount_raw]
            for e in agreement.explanations:
                printed += [t.target.raw for t in e.targets]
            missing = {w for value in printed if value for w in _words(value)} - words
            assert not missing, f"{name} {bundle.name}: {sorted(missing)[:10]}"


def test_round_trip_can_fail(tmp_path: Path) -> None:
    """The comparison sees a lost fact: a bundle whose facts claim another NIP fails."""
    bundle = BUNDLES[0]
    first = bundle.agreements[0].first
    wrong = replace(first, nip="197001011990031001")
    changed = replace(bundle, agreements=(replace(bundle.agreements[0], first=wrong),))
    text_bundle = replace(bundle, agreements=(bundle.agreements[0],))
    text, suffix = bundle_text(text_bundle, Style())
    path = tmp_path / f"one{suffix}"
    path.write_text(text, encoding="utf-8")
    result = extract(str(path))
    assert not mismatches(expected_facts(text_bundle), result)
    assert any("nip" in p for p in mismatches(expected_facts(changed), result))
