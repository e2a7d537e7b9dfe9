"""Rules on dates: a signing date without its day, pages of one agreement dated differently,
and a year that is not the year in the title."""

from __future__ import annotations

from ..models import Discrepancy, Location
from .engine import AuditConfig, Bundle, discrepancy, rule


def _page_location(page: int, field: str) -> Location:
    return Location(page=page, field=field, line=None, bbox=None)


@rule("date_missing_day")
def date_missing_day(bundle: Bundle, config: AuditConfig) -> list[Discrepancy]:
    """A signing date that prints the month but no day (``Malili, Januari 2025``)."""
    out = []
    for agreement in bundle.agreements:
        if agreement.date and len(agreement.date) == 7:
            message = f"The agreement is dated '{agreement.date_raw}': the day is not printed."
            out.append(
                discrepancy(
                    "date_missing_day",
                    "info",
                    agreement,
                    message,
                    [agreement.date_raw or ""],
                    [_page_location(agreement.pages[0], "date")],
                )
            )
    return out


@rule("date_mismatch")
def date_mismatch(bundle: Bundle, config: AuditConfig) -> list[Discrepancy]:
    """A Lampiran page dated otherwise than the agreement page (``Januari 2025`` matches any
    day of January, so only a real conflict is reported)."""
    out = []
    for agreement in bundle.agreements:
        if not agreement.date:
            continue
        for i, dated in enumerate(agreement.page_dates):
            if not dated.date or dated.page == agreement.pages[0]:
                continue
            shorter = min(len(dated.date), len(agreement.date))
            if dated.date[:shorter] == agreement.date[:shorter]:
                continue
            message = (
                f"Page {dated.page} is dated '{dated.date_raw}', but the agreement page is dated "
                f"'{agreement.date_raw}'."
            )
            out.append(
                discrepancy(
                    "date_mismatch",
                    "warning",
                    agreement,
                    message,
                    [agreement.date_raw or "", dated.date_raw],
                    [
                        _page_location(agreement.pages[0], "date"),
                        _page_location(dated.page, f"page_dates[{i}]"),
                    ],
                )
            )
    return out


@rule("year_mismatch")
def year_mismatch(bundle: Bundle, config: AuditConfig) -> list[Discrepancy]:
    """A signing date in another year than the one the title names."""
    out = []
    for agreement in bundle.agreements:
        if not agreement.title or not agreement.year:
            continue
        for i, dated in enumerate(agreement.page_dates):
            if dated.date and int(dated.date[:4]) != agreement.year:
                message = (
                    f"'{agreement.title}' is signed on page {dated.page} with the date "
                    f"'{dated.date_raw}', in another year."
                )
                out.append(
                    discrepancy(
                        "year_mismatch",
                        "warning",
                        agreement,
                        message,
                        [agreement.title, dated.date_raw],
                        [_page_location(dated.page, f"page_dates[{i}]")],
                    )
                )
    return out
