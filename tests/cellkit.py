"""Shared helpers of the table-rebuilding tests: wrap a generated cell, read rebuilt rows."""

from __future__ import annotations

import random

from extractor.cells import rebuild_cells
from extractor.normalise import normalise


def wrapped(text: str, rng: random.Random, keep: float) -> str:
    """A cell wrapped over two lines the way a narrow column prints it (no blank line
    between), or left whole with probability ``keep``."""
    words = text.split()
    if len(words) < 3 or rng.random() < keep:
        return text
    cut = rng.randint(1, len(words) - 1)
    return f"{' '.join(words[:cut])}\n{' '.join(words[cut:])}"


def tab_rows(text: str) -> list[list[str]]:
    """The tab-separated rows the cells stage rebuilds from ``text``."""
    lines, _ = normalise(text)
    return [line.text.split("\t") for line in rebuild_cells(lines) if "\t" in line.text]


def target_table(
    rng: random.Random, n: int, words: list[str], measures: list[str], targets: list[str]
) -> list[list[str]]:
    """``n`` generated target rows: number, sasaran (a result word and some ``words``),
    indicator (a measure word and some ``words``), target."""
    results = ["Meningkatnya", "Terwujudnya", "Menurunnya", "Tercapainya"]
    rows = []
    for i in range(1, n + 1):
        sasaran = " ".join([rng.choice(results), *rng.sample(words, rng.randint(1, 4))])
        indicator = " ".join([rng.choice(measures), *rng.sample(words, rng.randint(1, 4))])
        rows.append([str(i), sasaran, indicator, rng.choice(targets)])
    return rows
