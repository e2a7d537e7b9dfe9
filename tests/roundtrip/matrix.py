"""Print which serialisations survive the round trip: ``.venv/bin/python -m tests.roundtrip.matrix``.

For each serialisation alone (form feeds between pages, title-case labels, no noise) and each
fixed example bundle: ``ok`` or the number of facts lost, then the first differing fact. A
second table varies one other factor at a time over the plain tab serialisation. The
``generated`` column counts the hypothesis-generated bundles that survive.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from dataclasses import replace
from pathlib import Path

import regex
from hypothesis import HealthCheck, Phase, given, settings

from .check import round_trip
from .examples import fixed_bundles
from .model import Bundle
from .serialise import PAGE_MARKERS, SERIALISATIONS, Style
from .strategies import bundles

GENERATED = 30  # generated bundles per case, as many as the test's per-serialisation cases


def _kind(problem: str) -> str:
    """``agreements[1].signatures[0].nip: expected ...`` -> ``signatures.nip``."""
    path = problem.split(":", 1)[0]
    return regex.sub(r"\[\d+\]", "", path).removeprefix("agreements.")


def _row(style: Style, bundles: list[Bundle], directory: Path) -> tuple[list[str], str]:
    """One cell per bundle (``ok`` or how many facts were lost) and the first lost fact, with
    the kinds of fact lost most often."""
    cells, first, kinds = [], "", Counter()
    for bundle in bundles:
        problems = round_trip(bundle, style, directory)
        cells.append("ok" if not problems else f"{len(problems)} lost")
        kinds.update(_kind(p) for p in problems)
        if problems and not first:
            first = f"{bundle.name}: {problems[0]}"
    if kinds:
        first += "\n" + " " * 8 + "lost: " + ", ".join(f"{k} x{n}" for k, n in kinds.most_common(6))
    return cells, first


def _generated(style: Style, directory: Path, examples: int = GENERATED) -> str:
    """How many of ``examples`` hypothesis-generated bundles (the same ones on every run)
    survive the round trip in ``style``."""
    results: list[bool] = []

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(bundles())
    def run(bundle: Bundle) -> None:
        results.append(not round_trip(bundle, style, directory))

    run()
    return f"{sum(results)}/{len(results)}"


def main() -> int:
    fixed = fixed_bundles()
    base = Style()
    styles = {name: replace(base, tables=name) for name in SERIALISATIONS}
    styles |= {f"plain+pages={m}": replace(base, pages=m) for m in PAGE_MARKERS[1:]}
    styles["plain+UPPER labels"] = replace(base, upper_labels=True)
    styles |= {f"plain+noise(seed {n})": replace(base, noise=True, seed=n) for n in (1, 2)}
    names = [b.name.removeprefix("pk-")[:14] for b in fixed]
    width = max(len(label) for label in styles) + 2
    print(
        "case".ljust(width)
        + " ".join(n.ljust(14) for n in names)
        + " generated   first difference (fixed bundles)"
    )
    failing = 0
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        for label, style in styles.items():
            if label == "plain+pages=none":
                print()
            cells, first = _row(style, fixed, directory)
            generated = _generated(style, directory)
            failing += any(c != "ok" for c in cells) or not generated.startswith(
                generated.split("/")[1] + "/"
            )
            print(
                label.ljust(width)
                + " ".join(c.ljust(14) for c in cells)
                + f" {generated:<11} {first}"
            )
    return 0 if not failing else 1


if __name__ == "__main__":
    sys.exit(main())
