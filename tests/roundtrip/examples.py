"""The fixed example bundles of the per-serialisation cases and the matrix: the content of
the hand-written facts files (the real Pringsewu bundle and the four synthetic ones)."""

from __future__ import annotations

from .check import ROOT
from .model import Bundle, from_facts

# Named, so that facts files added later do not change the cases silently. The Luwu Timur
# facts leave out indicators of some nested rows (unreadable on the scan), so a clean
# rendering of it cannot be built.
FIXED = [
    ROOT / "tests" / "golden" / name
    for name in (
        "pk-pringsewu-diskominfo-2025.facts.json",
        "synthetic/pk-bapenda-kota-tirta-mulya-2025.facts.json",
        "synthetic/pk-dinkes-sungai-rindang-2025.facts.json",
        "synthetic/pk-dpupr-kab-bukit-larangan-2025.facts.json",
        "synthetic/pk-setda-kab-lembah-siring-2025.facts.json",
    )
]


def fixed_bundles() -> list[Bundle]:
    return [from_facts(path) for path in FIXED]
