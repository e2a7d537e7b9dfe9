"""Print each sample's status, coverage and completeness as a markdown table.

    .venv/bin/python benchmarks/status_table.py [--ocr never|auto]

Samples: samples/*.txt, samples/synthetic/*.txt, samples/pdf/*.pdf (scans are OCRed unless
``--ocr never``) and the real transcripts of tests/golden/real/. What it shows is what a batch
user filters on: whether a record is ``ok`` (complete), and if not, why.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor import extract  # noqa: E402
from extractor.models import ExtractionResult  # noqa: E402
from extractor.pipeline import Options  # noqa: E402


def samples() -> list[Path]:
    return [
        *sorted(ROOT.glob("samples/*.txt")),
        *sorted(ROOT.glob("samples/synthetic/*.txt")),
        *sorted(ROOT.glob("samples/pdf/*.pdf")),
        *sorted(ROOT.glob("tests/golden/real/*.txt")),
    ]


def row(path: Path, record: ExtractionResult) -> str:
    parts = []
    for agreement in record.agreements:
        missing = {k: v for k, v in agreement.completeness.model_dump().items() if v != "found"}
        if missing:
            states = ", ".join(f"{part} {state}" for part, state in missing.items())
            parts.append(f"{agreement.index}: {states}")
    coverage = record.coverage
    share = (
        f"{coverage.share:.3f} ({coverage.consumed_lines}/{coverage.content_lines})"
        if coverage
        else "–"  # nothing was read
    )
    errors = ", ".join(sorted({e.code for e in record.errors})) or "–"
    name = path.relative_to(ROOT).as_posix()
    found = "; ".join(parts) or "all found"
    return f"| {name} | {record.status} | {share} | {len(record.agreements)} | {found} | {errors} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ocr", default="auto", choices=["auto", "never"])
    args = parser.parse_args()
    print("| sample | status | coverage | agreements | parts not found | errors |")
    print("|---|---|---|---|---|---|")
    for path in samples():
        print(row(path, extract(str(path), Options(ocr=args.ocr))), flush=True)


if __name__ == "__main__":
    main()
