"""Serialise rendered blocks the way converters and OCR engines hand PK bundles over.

One function per serialisation (see /work/shared/docs/layouts-in-the-wild.md for where each
comes from) turns a page of blocks into lines; ``serialise`` then joins the pages with a page
marker and, when asked, adds OCR noise that the extractor is documented to survive (confusions
only in boilerplate, ``Pit.`` for ``Plt.``, ``KINERA``, stray noise lines).
"""

from __future__ import annotations

import html
import random
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, replace

from .render import Block, Field, PageBreak, Signature, Table, Text

WRAP = 90  # printed line width of running text


@dataclass(frozen=True, slots=True)
class Style:
    """One combination of the varied factors."""

    tables: str = "plain"  # a key of SERIALISATIONS
    pages: str = "formfeed"  # none | formfeed | number | halaman
    upper_labels: bool = False
    noise: bool = False
    seed: int = 0  # where the noise goes


PAGE_MARKERS = ("formfeed", "none", "number", "halaman")


def _wrap(line: str, width: int = WRAP) -> list[str]:
    return textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [""]


def _text_lines(block: Text, wrap: bool) -> list[str]:
    out: list[str] = []
    for line in block.lines:
        out += _wrap(line) if wrap and block.kind == "para" else [line]
    return out


def _stacked(sig: Signature) -> list[str]:
    """Signature columns one after the other (a converter that reads column by column)."""
    out: list[str] = []
    for column in sig.columns:
        out += [*column, ""]
    return out


def _side_by_side(sig: Signature) -> list[tuple[str, ...]]:
    height = max(len(c) for c in sig.columns)
    return [tuple(c[i] if i < len(c) else "" for c in sig.columns) for i in range(height)]


# -- plain text with cell separators --------------------------------------------------------


def _delimited(join: Callable[[tuple[str, ...]], str], side_by_side: bool, separator=None):
    def page(blocks: list[Block]) -> list[str]:
        out: list[str] = []
        for block in blocks:
            if isinstance(block, Text):
                out += _text_lines(block, wrap=False)
            elif isinstance(block, Field):
                out.append(f"{block.label} : {block.value}")
            elif isinstance(block, Table):
                out.append(join(block.header))
                if separator:
                    out.append(separator(len(block.header)))
                out += [join(row) for row in block.rows]
            elif isinstance(block, Signature):
                if side_by_side:
                    out += ["\t".join(row).rstrip("\t") for row in _side_by_side(block)]
                else:
                    out += _stacked(block)
            out.append("")
        return out

    return page


def _tab(cells: tuple[str, ...]) -> str:
    return "\t".join(cells)


plain = _delimited(_tab, side_by_side=False)
tabs = _delimited(_tab, side_by_side=True)
md_pipes = _delimited(lambda c: "| " + " | ".join(c) + " |", False, lambda n: "|" + "---|" * n)
pipes_no_outer = _delimited(lambda c: " | ".join(c), False, lambda n: "|".join(["---"] * n))
pipes_trailing = _delimited(lambda c: " | ".join(c) + " |", False)


def _flat_join(cells: tuple[str, ...]) -> str:
    return " ".join(c for c in cells if c)


def flat(blocks: list[Block]) -> list[str]:
    """Tesseract plain text: table cells joined by single spaces, empty cells gone. The two
    signature columns come out as two blocks (its page segmentation splits columns), gaps
    dropped; joined on one line they could not be told apart at all."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Text):
            out += _text_lines(block, wrap=True)
        elif isinstance(block, Field):
            out.append(f"{block.label} : {block.value}")
        elif isinstance(block, Table):
            out += [_flat_join(block.header)] + [_flat_join(r) for r in block.rows]
        elif isinstance(block, Signature):
            out += [line for column in block.columns for line in column if line]
        out.append("")
    return out


def raw(blocks: list[Block]) -> list[str]:
    """``pdftotext`` without -layout: every cell on its own line, header cells first, then row
    by row; label, colon and value on separate lines; signature columns one after the other."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Text):
            out += _text_lines(block, wrap=True)
        elif isinstance(block, Field):
            out += [block.label, ":", block.value]
        elif isinstance(block, Table):
            out += [c for row in (block.header, *block.rows) for c in row if c]
        elif isinstance(block, Signature):
            out += [line for column in block.columns for line in column if line]
    return out


# -- markdown -------------------------------------------------------------------------------


def _br(cell: str, width: int = 40) -> str:
    """A long cell as docling writes it when the source cell wrapped: ``<br>`` between lines."""
    return "<br>".join(_wrap(cell, width)) if len(cell) > width else cell


def docling(blocks: list[Block]) -> list[str]:
    """docling markdown: ``## headings``, ``**bold**`` labels, pipe tables with ``<br>`` in
    long cells, the signature block as a two-column table after an ``<!-- image -->``."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Text):
            if block.kind in ("title", "heading"):
                out += [f"## {line}" for line in block.lines]
            else:
                out += list(block.lines)
        elif isinstance(block, Field):
            out.append(f"**{block.label}** : {block.value}")
        elif isinstance(block, Table):
            out.append("| " + " | ".join(block.header) + " |")
            out.append("|" + "---|" * len(block.header))
            out += ["| " + " | ".join(_br(c) for c in row) + " |" for row in block.rows]
        elif isinstance(block, Signature):
            rows = [r for r in _side_by_side(block) if any(r)]
            out.append("<!-- image -->")
            out.append("")
            out.append("| " + " | ".join(rows[0]) + " |")
            out.append("|" + "---|" * len(rows[0]))
            out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        out.append("")
    return out


def _widths(table: Table, least: int, most: int) -> list[int]:
    """Each column as wide as its longest cell, within ``least``..``most`` characters."""
    widths = []
    for i in range(len(table.header)):
        longest = max(len(row[i]) for row in (table.header, *table.rows))
        widths.append(max(least, min(longest, most)))
    return widths


def _wrapped(cells: tuple[str, ...], widths: list[int]) -> tuple[list[list[str]], int]:
    """Each cell wrapped to its column's width, and the height of the tallest."""
    wrapped = [
        textwrap.wrap(c, w, break_on_hyphens=False) or [""]
        for c, w in zip(cells, widths, strict=False)
    ]
    return wrapped, max(len(w) for w in wrapped)


def _grid_row(cells: tuple[str, ...], widths: list[int]) -> list[str]:
    wrapped, height = _wrapped(cells, widths)
    return [
        "| "
        + " | ".join(
            (w[i] if i < len(w) else "").ljust(n) for w, n in zip(wrapped, widths, strict=False)
        )
        + " |"
        for i in range(height)
    ]


def grid(blocks: list[Block]) -> list[str]:
    """pandoc grid tables: ``+----+`` borders, ``+====+`` under the header, multi-line cells."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Text):
            out += _text_lines(block, wrap=False)
        elif isinstance(block, Field):
            out.append(f"{block.label} : {block.value}")
        elif isinstance(block, Table):
            widths = _widths(block, 3, 30)
            border = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
            out.append(border)
            out += _grid_row(block.header, widths)
            out.append(border.replace("-", "="))
            for row in block.rows:
                out += _grid_row(row, widths)
                out.append(border)
        elif isinstance(block, Signature):
            out += _stacked(block)
        out.append("")
    return out


# -- HTML ------------------------------------------------------------------------------------


def _esc(text: str) -> str:
    """Entities as an HTML export writes them: ``&amp;``, and non-ASCII as numeric references."""
    return html.escape(text, quote=False).encode("ascii", "xmlcharrefreplace").decode()


def _td(cell: str, attrs: str = "") -> str:
    return f"<td{attrs}><p>{_esc(cell)}</p></td>" if cell else f"<td{attrs}></td>"


def _html(rowspan: bool):
    def page(blocks: list[Block]) -> list[str]:
        out: list[str] = []
        for block in blocks:
            if isinstance(block, Text):
                tag = "h2" if block.kind in ("title", "heading") else "p"
                out += [f"<{tag}>{_esc(line)}</{tag}>" for line in block.lines]
            elif isinstance(block, Field):
                out.append(
                    f"<table><tr>{_td(block.label)}{_td(':')}{_td(block.value)}</tr></table>"
                )
            elif isinstance(block, Table):
                out.append("<table>")
                out.append("<tr>" + "".join(f"<th>{_esc(c)}</th>" for c in block.header) + "</tr>")
                out += _html_rows(block, rowspan)
                out.append("</table>")
            elif isinstance(block, Signature):
                cells = "".join(
                    "<td>" + "".join(f"<p>{_esc(line) or '&nbsp;'}</p>" for line in col) + "</td>"
                    for col in block.columns
                )
                out.append(f"<table><tr>{cells}</tr></table>")
        return out

    return page


def _html_rows(table: Table, rowspan: bool) -> list[str]:
    """Rows; with ``rowspan`` the No and Sasaran cells of a sasaran with several indicators
    become cells spanning its rows, and a total's empty No cell merges into its label."""
    rows = list(table.rows)
    out = []
    for i, row in enumerate(rows):
        if not rowspan:
            cells = [_td(c) for c in row]
        elif i > 0 and _is_continuation(row):
            cells = [_td(c) for c in row[2:]]
        elif row[:2] == ("", "JUMLAH"):
            cells = [_td("JUMLAH", ' colspan="2"')] + [_td(c) for c in row[2:]]
        else:
            span = _span_below(rows, i)
            attrs = f' rowspan="{span}"' if span > 1 else ""
            cells = [_td(c, attrs if j < 2 else "") for j, c in enumerate(row)]
        out.append("<tr>" + "".join(cells) + "</tr>")
    return out


def _is_continuation(row: tuple[str, ...]) -> bool:
    """A further indicator of the sasaran above: its No and Sasaran cells left empty."""
    return len(row) > 2 and row[0] == "" and row[1] == "" and row[2] != ""


def _span_below(rows: list[tuple[str, ...]], i: int) -> int:
    n = 1
    while i + n < len(rows) and _is_continuation(rows[i + n]):
        n += 1
    return n


html_plain = _html(rowspan=False)
html_rowspan = _html(rowspan=True)


# -- pdftotext -layout -----------------------------------------------------------------------

MARGIN = "    "


def _layout_row(cells: tuple[str, ...], widths: list[int]) -> list[str]:
    wrapped, height = _wrapped(cells, widths)
    lines = []
    for i in range(height):
        parts = [
            (w[i] if i < len(w) else "").ljust(n) for w, n in zip(wrapped, widths, strict=False)
        ]
        lines.append((MARGIN + "   ".join(parts)).rstrip())
    return lines


def layout(blocks: list[Block]) -> list[str]:
    """``pdftotext -layout``: columns as runs of spaces, a wrapped cell going on in its own
    column on the next lines, signature columns side by side, centred titles."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Text):
            if block.kind in ("title", "heading"):
                out += [line.center(WRAP).rstrip() for line in block.lines]
            else:
                out += [MARGIN + line for line in _text_lines(block, wrap=True)]
        elif isinstance(block, Field):
            out.append(f"{MARGIN}{block.label:<10}: {block.value}")
        elif isinstance(block, Table):
            widths = _widths(block, 0, 28)
            out += _layout_row(block.header, widths)
            out.append("")
            for row in block.rows:
                out += _layout_row(row, widths)
        elif isinstance(block, Signature):
            width = 42
            for row in _side_by_side(block):
                wrapped = [textwrap.wrap(c, width - 4) or [""] for c in row]
                for i in range(max(len(w) for w in wrapped)):
                    parts = [(w[i] if i < len(w) else "").ljust(width) for w in wrapped]
                    out.append((MARGIN + "".join(parts)).rstrip())
        out.append("")
    return out


SERIALISATIONS: dict[str, Callable[[list[Block]], list[str]]] = {
    "plain": plain,
    "tabs": tabs,
    "crlf": plain,
    "md_pipes": md_pipes,
    "pipes_no_outer": pipes_no_outer,
    "pipes_trailing": pipes_trailing,
    "docling": docling,
    "grid": grid,
    "html": html_plain,
    "html_rowspan": html_rowspan,
    "layout": layout,
    "raw": raw,
    "flat": flat,
}
SUFFIX = {
    "md_pipes": ".md",
    "docling": ".md",
    "grid": ".md",
    "html": ".html",
    "html_rowspan": ".html",
}


# -- noise -----------------------------------------------------------------------------------

_CONFUSE = {"l": "1", "O": "0", "o": "0", "I": "l", "m": "rn"}
_STRAY = ("~", "' .", "|", "_ -", ". ,", "•")


def _confuse_words(line: str, rng: random.Random) -> str:
    """OCR letter confusions in a few long lower-case words of running text (text nobody
    asserts on: the boilerplate paragraphs)."""
    words = line.split(" ")
    for i, word in enumerate(words):
        if len(word) >= 7 and word.isalpha() and word.islower() and rng.random() < 0.15:
            for a, b in _CONFUSE.items():
                if a in word:
                    words[i] = word.replace(a, b, 1)
                    break
    return " ".join(words)


def add_noise(blocks: list[Block], rng: random.Random) -> list[Block]:
    """The OCR damage the extractor is documented to repair or ignore (see FACTS.md): letter
    confusions in boilerplate, ``Pit.`` for ``Plt.``, ``KINERA`` in a title, stray lines."""
    out: list[Block] = []
    for block in blocks:
        if (
            isinstance(block, Text)
            and block.kind == "para"
            and any(len(x) > 60 for x in block.lines)
        ):
            block = replace(block, lines=tuple(_confuse_words(x, rng) for x in block.lines))
        elif isinstance(block, Text) and block.kind == "title" and rng.random() < 0.5:
            block = replace(block, lines=tuple(x.replace("KINERJA", "KINERA") for x in block.lines))
        elif isinstance(block, Field):
            block = replace(block, value=block.value.replace("Plt.", "Pit."))
        elif isinstance(block, Signature):
            block = Signature(
                tuple(tuple(x.replace("Plt.", "Pit.") for x in c) for c in block.columns)
            )
        out.append(block)
        if not isinstance(block, PageBreak) and rng.random() < 0.12:
            out.append(Text((rng.choice(_STRAY),), "noise"))
    return out


# -- pages -----------------------------------------------------------------------------------


def _pages(blocks: list[Block]) -> list[list[Block]]:
    pages: list[list[Block]] = [[]]
    for block in blocks:
        if isinstance(block, PageBreak):
            pages.append([])
        else:
            pages[-1].append(block)
    return [p for p in pages if p]


def _join_pages(pages: list[list[str]], marker: str, is_html: bool) -> list[str]:
    out: list[str] = []
    total = len(pages)
    for n, lines in enumerate(pages, start=1):
        if marker == "formfeed" and n > 1:
            lines = ["\f" + (lines[0] if lines else "")] + lines[1:]
        out += lines
        if marker == "number":
            out += ["", f"<p>({n})</p>" if is_html else f"({n})", ""]
        elif marker == "halaman":
            text = f"Halaman {n} dari {total}"
            out += ["", f"<p>{text}</p>" if is_html else text, ""]
        elif marker == "none":
            out.append("")
    return out


def serialise(blocks: list[Block], style: Style) -> tuple[str, str]:
    """The text of the rendered blocks in ``style``, and the file suffix it is read from."""
    if style.noise:
        blocks = add_noise(blocks, random.Random(style.seed))
    page = SERIALISATIONS[style.tables]
    is_html = style.tables.startswith("html")
    pages = [page(p) for p in _pages(blocks)]
    lines = _join_pages(pages, style.pages, is_html)
    if is_html:
        lines = ["<html><body>", *lines, "</body></html>"]
    newline = "\r\n" if style.tables == "crlf" else "\n"
    return newline.join(lines) + newline, SUFFIX.get(style.tables, ".txt")
