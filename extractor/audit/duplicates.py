"""Rules on repeated pages: copies of a page that differ in content, not only in layout."""

from __future__ import annotations

from ..models import Discrepancy, Location
from .engine import AuditConfig, Bundle, discrepancy, rule


@rule("duplicate_content_differs")
def duplicate_content_differs(bundle: Bundle, config: AuditConfig) -> list[Discrepancy]:
    """A page printed twice whose copies disagree: which one is right is for a person to say.

    Formatting (pipe table vs tabs, HTML vs plain) and moved blocks are not differences; the
    dedup stage lists only words that changed."""
    out = []
    for duplicate in bundle.duplicates:
        if not duplicate.differences:
            continue
        message = (
            f"Page {duplicate.dropped_page} repeats page {duplicate.kept_page} "
            f"(similarity {duplicate.similarity:.2%}) but the copies differ: "
            + "; ".join(duplicate.differences)
            + "."
        )
        locations = [
            Location(page=duplicate.kept_page, field="duplicates.kept_page", line=None, bbox=None),
            Location(
                page=duplicate.dropped_page, field="duplicates.dropped_page", line=None, bbox=None
            ),
        ]
        out.append(
            discrepancy(
                "duplicate_content_differs",
                "warning",
                None,
                message,
                list(duplicate.differences),
                locations,
            )
        )
    return out
