"""``discrepancies.csv``: one row per discrepancy and per extraction note of every bundle.

The last column, ``kind``, is ``finding`` (a discrepancy: about the document, what an auditor
acts on) or ``note`` (an extraction note: about the reading); a bundle's findings come first,
then its notes, each linking to its place on the bundle's page (``#d-N`` or ``#n-N``).

UTF-8 with a byte-order mark (so that Excel reads the Indonesian text right), comma
separated. A discrepancy with several locations stays one row: its pages, fields, lines
and boxes are joined with `` | `` in the same order. Text that a spreadsheet would run as a
formula (a cell starting with ``=``, ``+``, ``-``, ``@``) gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import io

from ..models import ExtractionResult, Location

BOM = "\ufeff"
JOIN = " | "
COLUMNS = (
    "bundle",
    "agreement_index",
    "agreement_id",
    "first_party",
    "code",
    "severity",
    "message",
    "values",
    "page",
    "field",
    "line",
    "bbox",
    "report",
    "kind",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def discrepancies_csv(bundles: list[tuple[ExtractionResult, str]]) -> str:
    """The CSV text (with its BOM) of ``(record, report page href)`` pairs."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")  # write_atomic: text mode
    writer.writerow(COLUMNS)
    for result, page in bundles:
        agreements = {a.index: a for a in result.agreements}
        rows = [("finding", "d", n, d) for n, d in enumerate(result.discrepancies, start=1)]
        rows += [("note", "n", n, d) for n, d in enumerate(result.extraction_notes, start=1)]
        for kind, prefix, number, d in rows:
            agreement = agreements.get(d.agreement_index) if d.agreement_index is not None else None
            party = agreement.first_party if agreement else None
            writer.writerow(
                [
                    _text(result.source.path),
                    "" if d.agreement_index is None else d.agreement_index,
                    _text(agreement.id if agreement else ""),
                    _text(party.name if party else ""),
                    _text(d.code),
                    d.severity,
                    _text(d.message),
                    _text(JOIN.join(d.values)),
                    _joined(d.locations, "page"),
                    _text(_joined(d.locations, "field")),
                    _joined(d.locations, "line"),
                    _joined(d.locations, "bbox"),
                    f"{page}#{prefix}-{number}",
                    kind,
                ]
            )
    return BOM + buffer.getvalue()


def _joined(locations: list[Location], name: str) -> str:
    return JOIN.join(_value(getattr(loc, name)) for loc in locations)


def _value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "[" + ", ".join(f"{v:g}" for v in value) + "]"
    return str(value)


def _text(text: str) -> str:
    """Document text as data: a spreadsheet must not read it as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text
