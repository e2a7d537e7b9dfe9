"""The signature area of a page: the trailing run of short, signature-like lines.

Rule "a long line ends the block or stays out of it, it never voids it": a line over the
signature line limits ends the block from above, or stays out of it (a footer below, a
one-line long position inside). Noise lines are read as blank lines.
"""

from __future__ import annotations

from dataclasses import replace

from ...document import ITEM_BREAK, Line, Page
from ...vocabulary import NAME_IN_PARENS, NIP_LINE, POSITION_START, RANK_LINE, ROLE_LINE
from ..dates import parse_signing_line
from .kinds import _noise, is_prose
from .pieces import _MAX_SIG_LINE, _MAX_SIG_WORDS, split_item

_TRAILING_LONG = 3  # long lines below a signature block that stay out of it (a footer)


def signature_lines(page: Page) -> list[Line]:
    """The source lines of the signature area: the trailing run of short, signature-like
    lines at the end of a page, from the first line that can open a block. Noise lines are
    read as blank lines.

    Rule "a long line ends the block or stays out of it, it never voids it": a line over the
    signature line limits above the run ends it (the page body); a few such lines below the
    run (a footer) or one between two signature lines (a position printed on one long line)
    stay out of the block, which is still read; they are returned as blank lines."""
    lines = page.lines
    start, seen, outside = len(lines), False, set()
    for i in range(len(lines) - 1, -1, -1):
        text = lines[i].text
        if lines[i].blank or all(_noise(c.strip()) for c in text.split("\t") if c.strip()):
            start = i
        elif _signature_like(text):
            start, seen = i, True
        elif _long(text) and _stays_out(lines, i, seen, len(outside)):
            outside.add(i)
        else:
            break
    block = [
        line for i, line in enumerate(lines[start:], start) if not line.blank and i not in outside
    ]
    while block and not any(_opens_block(t) for t in _cell_items(block[0].text)):
        block.pop(0)  # a short line of the page body above the block (a list item, a label)
    if not block:
        return []
    return [
        replace(line, text="") if i in outside else line
        for i, line in enumerate(lines)
        if block[0].number <= line.number
    ]


def _long(text: str) -> bool:
    """A line that would be a signature line but for the length of a piece of it."""
    if sum(1 for cell in text.split("\t") if cell.strip()) > 2:
        return False  # a table row
    items = [t for t in _cell_items(text) if t]
    return any(_too_long(t) for t in items) and all(
        _too_long(t) or _signature_like(t) for t in items
    )


def _too_long(text: str) -> bool:
    return len(text) > _MAX_SIG_LINE or len(text.split()) > _MAX_SIG_WORDS


def _stays_out(lines: list[Line], i: int, seen: bool, skipped: int) -> bool:
    """Whether long line ``i`` stays out of the signature run rather than ending it: below
    the run (nothing signature-like seen yet) up to a few lines, inside it when the line
    right above (same paragraph: a role word, a date) is signature-like too."""
    if not seen:
        return skipped < _TRAILING_LONG
    above = lines[i - 1] if i > 0 else None
    return above is not None and not above.blank and _signature_like(above.text)


def _opens_block(text: str) -> bool:
    return bool(
        parse_signing_line(text)
        or ROLE_LINE.match(text)
        or POSITION_START.match(text)
        or NAME_IN_PARENS.match(text)
        or NIP_LINE.match(text)
    )


def _cell_items(text: str) -> list[str]:
    return [
        piece
        for cell in text.split("\t")
        for item in cell.split(ITEM_BREAK)
        for piece in split_item(item.strip())
    ]


def _signature_like(text: str) -> bool:
    if sum(1 for cell in text.split("\t") if cell.strip()) > 2:
        return False  # a table row: signature columns come two side by side at most
    items = [t for t in _cell_items(text) if t]
    if len(items) > 1:
        return all(_signature_like(t) for t in items)
    if NIP_LINE.match(text) or parse_signing_line(text):
        return True
    if _too_long(text) or is_prose(text):
        return False  # a long line or a sentence of the body (rule "never running prose")
    if any(map(str.isdigit, text)) and not RANK_LINE.match(text):
        return False
    return not text.rstrip().endswith(":") and not text.lower().startswith(("rp", "total"))
