"""Fault isolation: a parser, check or rule that raises loses its own section, never the record.

Every section of an agreement (parties, each page's signature block, the Lampiran 1 targets,
the budget, each Penjelasan section), every record check and the audit are run through
``guarded``: an exception leaves that section empty (its ``default``) and becomes an
``internal_error`` naming the stage, the section, the agreement and the exception, without a
traceback, so the record says what is missing and turns ``partial``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from .document import Problem

T = TypeVar("T")
INTERNAL_ERROR = "internal_error"
_MESSAGE_LIMIT = 300


def fault(
    stage: str,
    section: str,
    error: BaseException,
    agreement_index: int | None = None,
    page: int | None = None,
) -> Problem:
    """The error entry of a section lost to ``error``: one line, no traceback."""
    detail = " ".join(str(error).split())
    if len(detail) > _MESSAGE_LIMIT:
        detail = detail[: _MESSAGE_LIMIT - 3] + "..."
    where = f" of agreement {agreement_index}" if agreement_index is not None else ""
    on_page = f" (page {page})" if page is not None else ""
    message = (
        f"{stage} stage: {section}{where}{on_page} could not be read and was left out "
        f"({type(error).__name__}: {detail or 'no message'})"
    )
    return Problem(INTERNAL_ERROR, message, page=page, severity="error")


def guarded(
    errors: list[Problem],
    stage: str,
    section: str,
    run: Callable[[], T],
    default: T,
    agreement_index: int | None = None,
    page: int | None = None,
) -> T:
    """``run()``, or ``default`` with an error appended to ``errors`` when it raises."""
    try:
        return run()
    except Exception as error:  # noqa: BLE001 - any bug in one section must lose that section only
        errors.append(fault(stage, section, error, agreement_index, page))
        return default
