"""PDF speed on the sample PDFs, measured side by side in one run.

Prints median pages/s of: raw pdfplumber ``extract_words`` over all pages (the floor the
pipeline builds on), the full text-layer pipeline (extract + JSON record), and the full
scanned-PDF pipeline (OCR) with 1 and with 2 worker processes; and the peak RSS of this
process and of its OCR workers. Run: ``.venv/bin/python benchmarks/bench_pdf.py``.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber

from extractor import extract
from extractor.emit import to_json
from extractor.pipeline import Options

ROOT = Path(__file__).resolve().parent.parent
TEXT_PDF = ROOT / "samples" / "pdf" / "pk-dpmptsp-luwu-timur-2025.pdf"
SCAN_PDF = ROOT / "samples" / "pdf" / "pk-dpmptsp-luwu-timur-2025-part-scan.pdf"


def pages_of(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def median_seconds(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def raw_words(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_words()


def pipeline(path: Path, options: Options) -> None:
    to_json(extract(str(path), options))


def report(label: str, pages: int, seconds: float) -> float:
    rate = pages / seconds
    print(f"{label:<34} {pages:3d} pages  median {seconds:7.2f} s  {rate:7.2f} pages/s")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs of the text-layer measures")
    parser.add_argument("--ocr-runs", type=int, default=1, help="runs of the OCR measures")
    args = parser.parse_args()
    text_pages, scan_pages = pages_of(TEXT_PDF), pages_of(SCAN_PDF)
    raw = report(
        "pdfplumber extract_words (floor)",
        text_pages,
        median_seconds(lambda: raw_words(TEXT_PDF), args.runs),
    )
    ours = report(
        "text-layer pipeline",
        text_pages,
        median_seconds(lambda: pipeline(TEXT_PDF, Options(ocr="never")), args.runs),
    )
    print(f"text-layer pipeline / raw pdfplumber: {ours / raw:.0%} (goal >= 70%)")
    rates = {}
    for jobs in (1, 2):
        options = Options(ocr="always", jobs=jobs)
        seconds = median_seconds(lambda o=options: pipeline(SCAN_PDF, o), args.ocr_runs)
        rates[jobs] = report(f"scanned pipeline, --jobs {jobs}", scan_pages, seconds)
    print(f"OCR speed-up with 2 jobs: {rates[2] / rates[1]:.2f}x (goal >= 1.8x)")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: this process {own:.0f} MB, largest OCR worker {workers:.0f} MB")


if __name__ == "__main__":
    main()
