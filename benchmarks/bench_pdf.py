"""PDF speed and memory, the readers side by side in one run.

    .venv/bin/python benchmarks/bench_pdf.py [--runs 5] [--pages 500] [--ocr-runs 1]

On the sample bundle (samples/pdf/pk-dpmptsp-luwu-timur-2025.pdf) and on a generated PDF of
``--pages`` pages (varied copies of that bundle's text, rendered as samples/make_pdfs.py
renders the samples), prints the median pages/s of:

- raw pdfplumber ``extract_words`` over all pages (the floor the pdfplumber reader builds on);
- the text-layer pipeline with ``--pdf-reader pdfplumber`` (extract + JSON record);
- the text-layer pipeline with ``--pdf-reader pdfium``;

then the peak RSS of each pipeline on each file (each in a fresh process), and the scanned
pipeline (OCR) with 1 and 2 worker processes. Goals: the pdfium pipeline >= 100 pages/s and
>= 6x raw pdfplumber; its peak RSS on the long file <= 1.2x that on the bundle.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402

from extractor import extract  # noqa: E402
from extractor.emit import to_json  # noqa: E402
from extractor.pipeline import Options  # noqa: E402

SAMPLES = ROOT / "samples"
TEXT_PDF = SAMPLES / "pdf" / "pk-dpmptsp-luwu-timur-2025.pdf"
TEXT_SOURCE = SAMPLES / "pk-dpmptsp-luwu-timur-2025.txt"
SCAN_PDF = SAMPLES / "pdf" / "pk-dpmptsp-luwu-timur-2025-part-scan.pdf"
PLACES = ["Sidoarjo", "Banyumas", "Bantaeng", "Kolaka", "Sambas", "Lahat", "Tabalong", "Sikka"]
NAMES = ["ANDI", "BUDI", "CITRA", "DEWI", "EKO", "FITRI", "GALIH", "HENDRA", "INDAH", "JOKO"]


def pages_of(path: Path) -> int:
    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def long_pdf(folder: Path, pages: int) -> Path:
    """A ``pages``-page text-layer PDF: copies of the bundle's text, each with its own place,
    names and amounts (so that no page is a duplicate of another), rendered, then cut."""
    sys.path.insert(0, str(SAMPLES))
    import make_pdfs

    text = TEXT_SOURCE.read_text(encoding="utf-8")
    per_copy = pages_of(TEXT_PDF)
    copies = []
    for n in range(-(-pages // per_copy)):
        place = f"{PLACES[n % len(PLACES)]} {n + 1}"
        varied = text.replace("Luwu Timur", place).replace("LUWU TIMUR", place.upper())
        varied = re.sub(r"\b(ANDI|ISKANDAR)\b", NAMES[n % len(NAMES)], varied)
        varied = re.sub(
            r"(\d{3})\.000\.000\b", lambda m, k=n: f"{int(m[1]) + k:03d}.000.000", varied
        )
        copies.append(varied)
    source = folder / "long.txt"
    source.write_text("\n".join(copies), encoding="utf-8")
    rendered = folder / "long-all.pdf"
    make_pdfs.text_pdf(source, rendered)
    whole = pdfium.PdfDocument(str(rendered))
    out = pdfium.PdfDocument.new()
    out.import_pages(whole, list(range(min(pages, len(whole)))))
    path = folder / f"long-{pages}.pdf"
    out.save(str(path))
    out.close()
    whole.close()
    return path


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
            page.close()


def pipeline(path: Path, options: Options) -> None:
    to_json(extract(str(path), options))


def report(label: str, pages: int, seconds: float) -> float:
    rate = pages / seconds
    print(f"  {label:<38} {pages:4d} pages  median {seconds:7.2f} s  {rate:7.1f} pages/s")
    return rate


# Runs one extraction in a grandchild and reports that one's peak RSS (``os.wait4``): a
# direct child started by vfork + exec would report this process's peak as its own.
_RUNNER = """
import json, os, subprocess, sys
child = subprocess.Popen([sys.executable, "-c", sys.argv[1]], stdout=subprocess.PIPE)
out = child.stdout.read().decode()
_, status, usage = os.wait4(child.pid, 0)
print(json.dumps({"status": status, "kb": usage.ru_maxrss, "out": out}))
"""
_EXTRACT = """
import sys, tempfile
sys.path.insert(0, {root!r})
from extractor.cli import main
with tempfile.TemporaryDirectory() as out:
    main(["extract", {path!r}, "-o", out + "/record.json", "--ocr", "never",
          "--pdf-reader", {reader!r}], standalone_mode=False)
"""
_READ = """
import sys
sys.path.insert(0, {root!r})
from extractor.pdf.load import read_pdf
raw = read_pdf({path!r}, ocr="never", reader={reader!r})
print(sum(len(lines) for lines in raw.lines))
"""


def peak_rss_mb(path: Path, reader: str, script: str = _EXTRACT) -> float:
    code = textwrap.dedent(script.format(root=str(ROOT), path=str(path), reader=reader))
    done = subprocess.run(
        [sys.executable, "-c", _RUNNER, code], capture_output=True, text=True, check=True
    )
    report = json.loads(done.stdout)
    assert report["status"] == 0, done.stderr[-2000:]
    return report["kb"] / 1024


def speed(path: Path, runs: int) -> dict[str, float]:
    pages = pages_of(path)
    print(f"{path.name}: {pages} pages")
    rates = {
        "raw": report(
            "pdfplumber extract_words (floor)",
            pages,
            median_seconds(lambda: raw_words(path), max(1, runs // 2)),
        )
    }
    for reader in ("pdfplumber", "pdfium"):
        options = Options(ocr="never", pdf_reader=reader)
        reader_runs = runs if reader == "pdfium" else max(1, runs // 2)
        seconds = median_seconds(lambda o=options: pipeline(path, o), reader_runs)
        rates[reader] = report(f"text-layer pipeline, --pdf-reader {reader}", pages, seconds)
    print(
        f"  pdfium pipeline / raw pdfplumber: {rates['pdfium'] / rates['raw']:.1f}x (goal >= 6x);"
        f" / pdfplumber pipeline: {rates['pdfium'] / rates['pdfplumber']:.1f}x;"
        f" {rates['pdfium']:.0f} pages/s (goal >= 100)"
    )
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of the text-layer measures")
    parser.add_argument("--pages", type=int, default=500, help="pages of the generated PDF")
    parser.add_argument(
        "--ocr-runs", type=int, default=1, help="runs of the OCR measures (0: none)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        start = time.perf_counter()
        long = long_pdf(Path(tmp), args.pages)
        print(f"generated {long.name} in {time.perf_counter() - start:.1f} s")
        for path in (TEXT_PDF, long):
            speed(path, args.runs)
        print("peak RSS, each in a fresh process (--ocr never): read_pdf is the reader alone,")
        print("extraction is the CLI's `extract -o` (reads, builds and writes the record):")
        for what, script in (("read_pdf", _READ), ("extraction", _EXTRACT)):
            for reader in ("pdfplumber", "pdfium"):
                small, large = (peak_rss_mb(path, reader, script) for path in (TEXT_PDF, long))
                print(
                    f"  {what:<10} --pdf-reader {reader:<10} {pages_of(TEXT_PDF):4d} pages "
                    f"{small:6.1f} MB, {pages_of(long):4d} pages {large:6.1f} MB: "
                    f"x{large / small:.2f}" + (" (goal <= x1.20)" if reader == "pdfium" else "")
                )
    if args.ocr_runs > 0:
        scan_pages = pages_of(SCAN_PDF)
        rates = {}
        for jobs in (1, 2):
            options = Options(ocr="always", jobs=jobs)
            seconds = median_seconds(lambda o=options: pipeline(SCAN_PDF, o), args.ocr_runs)
            rates[jobs] = report(f"scanned pipeline, --jobs {jobs}", scan_pages, seconds)
        print(f"  OCR speed-up with 2 jobs: {rates[2] / rates[1]:.2f}x (goal >= 1.8x)")
        workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"  peak RSS of the largest OCR worker {workers:.0f} MB")


if __name__ == "__main__":
    main()
