"""One round trip: render, serialise, write, extract, compare."""

from __future__ import annotations

from pathlib import Path

from extractor import extract
from extractor.evaluate import mismatches

from .model import Bundle, expected_facts
from .render import Labels, render
from .serialise import Style, serialise

ROOT = Path(__file__).resolve().parents[2]


def bundle_text(bundle: Bundle, style: Style) -> tuple[str, str]:
    """The bundle as the text a converter would hand over, and its file suffix."""
    return serialise(render(bundle, Labels(upper=style.upper_labels)), style)


def round_trip(bundle: Bundle, style: Style, directory: Path) -> list[str]:
    """Every fact of ``bundle`` that the extraction of its ``style`` rendering does not give
    back (empty when the round trip is exact)."""
    text, suffix = bundle_text(bundle, style)
    path = directory / f"{bundle.name}-{style.tables}{suffix}"
    path.write_bytes(text.encode("utf-8"))
    result = extract(str(path))
    if result.status == "failed":
        return [f"status: failed ({[e.message for e in result.errors]})"]
    return mismatches(expected_facts(bundle), result)
