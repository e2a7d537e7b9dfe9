"""Fuzz the text pipeline at length with the mutations of ``tests/mutations.py`` (issue 9).

Runs ``--cases`` mutated sample bundles through ``extract_bytes`` outside pytest and prints
what the closing note of issue 9 quotes: cases run, failures (an exception or a record that
breaks an invariant; the first few saved as reproducers under ``--out``), total and
per-case time, the 95th percentile, peak RSS, and a linearity check: the time of a sample
bundle repeated 1x, 2x, 4x and 8x, where each doubling must cost at most ~2.2x.

    python benchmarks/fuzz.py --cases 500 --seed 9 --out /tmp/fuzz-failures
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import statistics
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extractor.pipeline import extract_bytes  # noqa: E402
from tests.mutations import SAMPLES, case, sample_text, violations  # noqa: E402

MAX_RATIO = 2.2  # a doubling of the input may cost at most this much more time
KEEP = 5  # reproducers saved


def main() -> int:
    args = _arguments()
    times, failures = _fuzz(args)
    _report(times, failures, args)
    ratios = linearity()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(f"peak RSS: {peak:.0f} MB")
    worst = max(ratios)
    print(f"linear: {'yes' if worst <= MAX_RATIO else 'NO'} (worst doubling {worst:.2f}x)")
    return 1 if failures or worst > MAX_RATIO else 0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=500, help="mutated inputs to run")
    parser.add_argument("--seed", type=int, default=9, help="random seed (same seed, same cases)")
    parser.add_argument("--max-seconds", type=float, default=None, help="stop fuzzing after")
    parser.add_argument("--max-steps", type=int, default=8, help="mutations per case, at most")
    parser.add_argument("--out", type=Path, default=Path("fuzz-failures"), help="reproducers")
    return parser.parse_args()


def _fuzz(args: argparse.Namespace) -> tuple[list[float], list[dict]]:
    """Run the cases; per-case times and the failures (each with its reproducer)."""
    rng = random.Random(args.seed)
    times: list[float] = []
    failures: list[dict] = []
    start = time.perf_counter()
    for number in range(args.cases):
        if args.max_seconds and time.perf_counter() - start > args.max_seconds:
            break
        seed = rng.randrange(2**32)
        draw = random.Random(seed).randint
        name, data, applied = case(draw(0, len(SAMPLES) - 1), draw(1, args.max_steps), draw)
        began = time.perf_counter()
        try:
            problems = violations(extract_bytes(data, name))
        except Exception:  # noqa: BLE001 - the finding itself
            problems = [traceback.format_exc()]
        times.append(time.perf_counter() - began)
        if problems:
            failure = {"case": number, "seed": seed, "sample": name, "mutations": applied}
            failures.append({**failure, "problems": problems[:5]})
            if len(failures) <= KEEP:
                _save(args.out, failures[-1], data)
    return times, failures


def _save(folder: Path, failure: dict, data: bytes) -> None:
    """The input as bytes and what went wrong, so the case replays without the seed."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"case-{failure['case']}-{failure['sample'].removesuffix('.txt')}"
    (folder / f"{stem}.txt").write_bytes(data)
    (folder / f"{stem}.json").write_text(json.dumps(failure, indent=2, ensure_ascii=False))


def _report(times: list[float], failures: list[dict], args: argparse.Namespace) -> None:
    total = sum(times)
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else total
    print(f"cases run: {len(times)} (seed {args.seed}, up to {args.max_steps} mutations each)")
    print(
        f"failures: {len(failures)}" + (f" (first {KEEP} saved in {args.out})" if failures else "")
    )
    for failure in failures[:KEEP]:
        print(f"  case {failure['case']} {failure['sample']} {failure['mutations']}:")
        print("    " + failure["problems"][0].strip().splitlines()[-1][:200])
    print(f"time: total {total:.2f} s, per case mean {1000 * total / max(1, len(times)):.1f} ms")
    print(f"per case p95 {1000 * p95:.1f} ms, max {1000 * max(times, default=0):.1f} ms")


def linearity(repeats: tuple[int, ...] = (1, 2, 4, 8)) -> list[float]:
    """Time (best of 3) of the largest sample bundle repeated n times, one copy per form-feed
    page run, and print the ratio of each doubling. Twice: as is (the copies are duplicates,
    so dedup drops them and the parsers see one bundle) and with each copy's digits rotated
    (NIPs, dates, amounts differ: every copy is parsed, audited and cross-checked)."""
    text = max((sample_text(path) for path in SAMPLES), key=len)
    ratios = []
    for label, vary in (("repeated", False), ("distinct copies", True)):
        times = []
        for n in repeats:
            data = "\f".join(_copy(text, k if vary else 0) for k in range(n)).encode()
            times.append(_best(lambda d=data: extract_bytes(d, "repeated.txt")))
        found = [b / a for a, b in zip(times, times[1:], strict=False)]
        cells = ", ".join(f"{n}x {1000 * t:.0f} ms" for n, t in zip(repeats, times, strict=True))
        print(f"linearity, {label} ({len(text)} chars per copy): {cells}")
        print("  doubling ratios: " + ", ".join(f"{r:.2f}" for r in found))
        ratios += found
    return ratios


def _copy(text: str, k: int) -> str:
    """The text with every digit d written as (d + k) mod 10."""
    digits = "0123456789"
    return text.translate(str.maketrans(digits, digits[k % 10 :] + digits[: k % 10]))


def _best(run, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


if __name__ == "__main__":
    sys.exit(main())
