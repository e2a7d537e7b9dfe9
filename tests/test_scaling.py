"""Page splitting and the text pipeline stay linear in input size (issue 9, hardening).

Each generated text is run at two sizes; doubling the input must not more than ~2.2x the
time (the best of three runs, so a busy machine does not fail the test). A quadratic
rescan of the unit so far (a copy of ``lines[page_start:i]`` on every line, a walk over a
long blank run for every heading) shows up here as a 4x ratio.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

import pytest

from extractor.document import LoadedText
from extractor.normalise import normalise
from extractor.pages import split_pages
from extractor.pipeline import extract_loaded

_SMALL, _LARGE = 20_000, 40_000
_RATIO = 2.2
_HEAD = "PERJANJIAN KINERJA TAHUN 2025\nDINAS CONTOH\n"


def _pihak(n: int) -> str:
    return _HEAD + "PIHAK PERTAMA\n" * n


def _blanks(n: int) -> str:
    # blank runs between headings and section starts: every heading used to rescan them
    chunk = "\n" * 200 + "LAMPIRAN II\n" + "\n" * 200 + "Sasaran 1: Meningkatnya mutu\n"
    return _HEAD + "Pihak Pertama\nNIP. 19700101 199001 1 001\n" + chunk * (n // 402)


def _sections(n: int) -> str:
    body = "NIP. 19700101 199001 1 001\nBudi\n\nSasaran Strategis 1\n"
    return _HEAD + "PENJELASAN KINERJA\n" + body * (n // 4)


def _table(n: int) -> str:
    header = "No\tSasaran\tIndikator\tTarget\n"
    rows = "".join(f"{k}\tSasaran {k}\tIndikator {k}\t{k % 100}%\n" for k in range(n))
    return _HEAD + header + rows


def _letterheads(n: int) -> str:
    # a letterhead line between titles: the walk up over letterhead lines is memoised
    return _HEAD + ("PEMERINTAH KOTA CONTOH\nLAMPIRAN I\n" * (n // 2))


def _long_penjelasan(n: int) -> str:
    # section starts inside one long Penjelasan unit: each used to copy the unit so far
    return _HEAD + "PENJELASAN KINERJA\n" + "Budi\nSasaran 1\n" * (n // 2)


def _markers(n: int) -> str:
    # page markers after a long blank run: each used to recount the blanks since the start
    return "\n" * (n // 2) + "- 3 -\n" * (n // 2) + "PIHAK PERTAMA\n"


_TEXTS: dict[str, Callable[[int], str]] = {
    "long_penjelasan": _long_penjelasan,
    "markers": _markers,
    "pihak": _pihak,
    "blanks": _blanks,
    "sections": _sections,
    "table": _table,
    "letterheads": _letterheads,
}


def _best(run: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()  # the collector's pauses depend on what earlier tests left: not ours
        gc.disable()
        try:
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return min(times)


def _ratio(run: Callable[[str], object], make: Callable[[int], str]) -> float:
    small, large = make(_SMALL), make(_LARGE)
    run(small)  # warm caches (compiled patterns) before timing
    return _best(lambda: run(large)) / max(_best(lambda: run(small)), 1e-6)


def _split(text: str) -> object:
    return split_pages(normalise(text)[0])


def _pipeline(text: str) -> object:
    loaded = LoadedText(
        path="gen.txt", text=text, sha256="0" * 64, size_bytes=len(text), encoding="utf-8"
    )
    return extract_loaded(loaded)


@pytest.mark.parametrize("name", sorted(_TEXTS))
def test_split_pages_is_linear(name: str) -> None:
    ratio = _ratio(_split, _TEXTS[name])
    assert ratio <= _RATIO, f"{name}: doubling the input took {ratio:.2f}x"


@pytest.mark.parametrize("name", sorted(_TEXTS))
def test_pipeline_is_linear(name: str) -> None:
    ratio = _ratio(_pipeline, _TEXTS[name])
    assert ratio <= _RATIO, f"{name}: doubling the input took {ratio:.2f}x"


def test_the_texts_are_of_the_sizes_named() -> None:
    for make in _TEXTS.values():
        assert abs(make(_SMALL).count("\n") - _SMALL) < 1_000
