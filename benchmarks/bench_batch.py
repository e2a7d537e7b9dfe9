"""Benchmark of `extractor batch`: throughput, resume cost and memory.

    .venv/bin/python benchmarks/bench_batch.py [--texts 1000] [--pdfs 50]

Builds a corpus in a temp dir (text bundles from samples/ with names, places and amounts
substituted per copy, so that no two copies are identical and none is deduplicated; text-layer
sample PDFs copied with a distinct trailing comment each), then prints files/s and pages/s for
--jobs 1 and --jobs 2 (then for the PDFs alone with each --pdf-reader), the time of a resumed
rerun with nothing to do (through the CLI, in a subprocess, interpreter start included) and
the peak RSS of the parent and of the largest worker for 100 vs 1,000 files (separate
subprocesses), each next to its goal.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAMPLES = ROOT / "samples"
TEXTS = [
    (SAMPLES / "pk-pringsewu-diskominfo-2025.txt", "Pringsewu"),
    (SAMPLES / "pk-dpmptsp-luwu-timur-2025.txt", "Luwu Timur"),
    (SAMPLES / "synthetic" / "pk-bapenda-kota-tirta-mulya-2025.txt", "Tirta Mulya"),
    (SAMPLES / "synthetic" / "pk-dinkes-sungai-rindang-2025.txt", "Sungai Rindang"),
    (SAMPLES / "synthetic" / "pk-dpupr-kab-bukit-larangan-2025.txt", "Bukit Larangan"),
    (SAMPLES / "synthetic" / "pk-setda-kab-lembah-siring-2025.txt", "Lembah Siring"),
]
PDFS = [
    SAMPLES / "pdf" / "pk-pringsewu-diskominfo-2025.pdf",
    SAMPLES / "pdf" / "pk-pringsewu-diskominfo-2025.pdf",
    SAMPLES / "pdf" / "pk-pringsewu-diskominfo-2025.pdf",
    SAMPLES / "pdf" / "pk-dpmptsp-luwu-timur-2025-part.pdf",
]
PLACES = [
    "Sidoarjo",
    "Banyumas",
    "Bantaeng",
    "Kolaka",
    "Sambas",
    "Lahat",
    "Tabalong",
    "Sikka",
    "Nagan Raya",
    "Pidie",
    "Buol",
    "Mamuju",
    "Kepahiang",
    "Tanggamus",
    "Bintan",
    "Natuna",
]
NAMES = ["ANDI", "BUDI", "CITRA", "DEWI", "EKO", "FITRI", "GALIH", "HENDRA", "INDAH", "JOKO"]


def build_corpus(root: Path, texts: int, pdfs: int) -> Path:
    corpus = root / "corpus"
    (corpus / "text").mkdir(parents=True)
    (corpus / "pdf").mkdir()
    sources = [(path.read_text(encoding="utf-8"), place) for path, place in TEXTS]
    for n in range(texts):
        text, place = sources[n % len(sources)]
        new_place = f"{PLACES[n % len(PLACES)]} {n // len(PLACES) + 1}"
        varied = text.replace(place, new_place).replace(place.upper(), new_place.upper())
        name = NAMES[n % len(NAMES)]
        varied = re.sub(r"\b(MOUDY|SURYA|AHMAD)\b", name, varied, count=3)
        varied = re.sub(
            r"(\d{3})\.000\.000\b", lambda m, k=n % 7: f"{int(m[1]) + k:03d}.000.000", varied
        )
        varied += f"\n<!-- corpus copy {n} -->\n"
        (corpus / "text" / f"pk-{n:04d}.txt").write_text(varied, encoding="utf-8")
    for n in range(pdfs):
        data = PDFS[n % len(PDFS)].read_bytes() + f"\n%corpus copy {n}\n".encode()
        (corpus / "pdf" / f"pk-{n:03d}.pdf").write_bytes(data)
    return corpus


def run_library(inputs: list[str], out: Path, jobs: int, pdf_reader: str = "pdfium") -> dict:
    """One batch through the library API, in this process."""
    from extractor.batch.executors import LocalExecutor
    from extractor.batch.inputs import iter_inputs
    from extractor.batch.run import run_batch
    from extractor.batch.task import TaskSettings

    settings = TaskSettings(ocr="never", pdf_reader=pdf_reader)
    start = time.perf_counter()
    with LocalExecutor(jobs) as executor:
        summary = run_batch(iter_inputs(inputs), out, executor, settings)
    seconds = time.perf_counter() - start
    return {
        "files": summary.total,
        "pages": summary.pages,
        "errors": summary.errors,
        "seconds": seconds,
    }


RSS_SCRIPT = """
import json, resource, sys
sys.path.insert(0, {root!r})
from pathlib import Path
from extractor.batch.executors import LocalExecutor
from extractor.batch.inputs import iter_inputs
from extractor.batch.run import run_batch
from extractor.batch.task import TaskSettings
with LocalExecutor(2) as executor:
    summary = run_batch(iter_inputs([{folder!r}]), Path({out!r}), executor,
                        TaskSettings(ocr="never"))
    worker = executor.max_rss_kb
parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"files": summary.total, "parent_kb": parent, "worker_kb": worker}}))
"""


def peak_rss(folder: Path, out: Path) -> dict:
    script = RSS_SCRIPT.format(root=str(ROOT), folder=str(folder), out=str(out))
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=1000)
    parser.add_argument("--pdfs", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        corpus = build_corpus(root, args.texts, args.pdfs)
        print(
            f"corpus: {args.texts} text bundles + {args.pdfs} PDFs built in "
            f"{time.perf_counter() - start:.1f} s (goal <= 60 s)"
        )
        inputs = [str(corpus / "text"), str(corpus / "pdf")]
        for jobs in (1, 2):
            r = run_library(inputs, root / f"out-{jobs}", jobs)
            print(
                f"--jobs {jobs}: {r['files']} files, {r['pages']} pages, {r['errors']} errors "
                f"in {r['seconds']:.1f} s: {r['files'] / r['seconds']:.1f} files/s, "
                f"{r['pages'] / r['seconds']:.1f} pages/s"
            )
        for reader in ("pdfplumber", "pdfium"):  # the text-layer PDFs alone, per reader
            for jobs in (1, 2):
                out = root / f"pdf-{reader}-{jobs}"
                r = run_library([str(corpus / "pdf")], out, jobs, reader)
                print(
                    f"PDFs only, --pdf-reader {reader:<10} --jobs {jobs}: {r['files']} files, "
                    f"{r['pages']} pages, {r['errors']} errors in {r['seconds']:.1f} s: "
                    f"{r['pages'] / r['seconds']:.1f} pages/s"
                )
        command = [
            sys.executable,
            "-m",
            "extractor",
            "batch",
            str(corpus / "text"),
            "-o",
            str(root / "out-2"),
            "--jobs",
            "2",
        ]
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        print(
            f"resumed rerun, nothing to do ({args.texts} files, CLI incl. start-up): "
            f"{seconds:.2f} s (goal <= 2 s); exit {done.returncode}; "
            f"{done.stderr.strip().splitlines()[-1]}"
        )
        small = root / "small"
        small.mkdir()
        for path in sorted((corpus / "text").iterdir())[:100]:
            (small / path.name).write_bytes(path.read_bytes())
        r100 = peak_rss(small, root / "rss-100")
        r1000 = peak_rss(corpus / "text", root / "rss-1000")
        for label, r in (("100", r100), ("1000", r1000)):
            print(
                f"peak RSS, {label:>4} files: parent {r['parent_kb'] / 1024:.1f} MB, "
                f"largest worker {r['worker_kb'] / 1024:.1f} MB"
            )
        ratio = r1000["parent_kb"] / r100["parent_kb"]
        worker_ratio = r1000["worker_kb"] / max(r100["worker_kb"], 1)
        print(
            f"RSS 1000 vs 100 files: parent x{ratio:.2f}, worker x{worker_ratio:.2f} "
            f"(goal <= x1.20)"
        )


if __name__ == "__main__":
    main()
