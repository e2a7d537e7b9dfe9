"""Space-aligned columns (``pdftotext -layout``) -> tab-separated cells, line for line.

The stages after normalising read table rows and side-by-side signature columns only as
tab-separated cells. ``pdftotext -layout`` aligns columns with runs of spaces instead, and a
cell that wraps goes on in the same character columns of the next lines. This module finds
such blocks and cuts each of their lines at the inferred column positions, so that the lines
look like the ones ``pdf/layout.py`` rebuilds from a PDF page: a wrapped cell continues on a
line whose first cells are empty, a right-column line (a NIP under the right signature)
starts with an empty cell.

General rules (each line keeps its place; lines outside a block are returned unchanged):

- A *paragraph* is a run of non-blank lines; a form feed (page break) or a line holding a tab
  or a pipe (already cut into cells) ends it. A paragraph takes part only if some of its
  lines are *gappy*: two pieces of text separated by two spaces or more. Its core runs from
  its first to its last gappy line.
- A *column separator* is a run of character positions that is blank on every line of a
  block, inside the block's text, and where at least two lines have a gap of two spaces or
  more (or their indentation) with text further right. A one-character run may be crossed
  by one line with a single space (a cell running up to the next column), not more: then it
  is the space between two words of one cell that happen to line up.
- Columns must be real: one with text on fewer than two lines (not counting a line that
  runs into it with a single space) is merged across its narrower separator; two
  neighbours that never hold text on the same line are one unevenly aligned column; labels
  padded up to a column of colons (``Nama      : X``) are no table.
- The lines right below a paragraph's core (a wrapped cell, a rank or NIP under the right
  signature) join the block while they run through no separator; the lines right above it
  join only when they start in the right part of the page (a place and date above the right
  signature column). A centred title above a table therefore stays a plain line.
- Paragraphs a few blank lines apart (a signature block: heads, space for the signatures,
  names) form one block when merging keeps each one's wide separators where they were.
- Inside the last cell a gap of three spaces or more still separates cells (a funding
  source one space after right-aligned amounts has no separator of its own).

Cost: bit masks per line and a few passes per paragraph; the caller skips texts without a
run of three spaces.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

_WORD = regex.compile(r"\S+")
_WIDE_GAP = regex.compile(r" {3,}")
_BLANKS = regex.compile(r"0+")
# a number (with its comparator) that ends the text left of a cut, and a unit sign (``%``)
# right after the cut: one value, see ``_keep_unit``
_NUMBER_END = regex.compile(r"(?:(?<=^|\s)[<>≤≥]=? )?(?<=^|\s)[<>≤≥]?\d[\d.,]*$")
_UNIT_SIGN = regex.compile(r"[%‰](?=\s|$)")
RIGHT_PART = 0.45  # a line starting right of this share of the page width is right-column
MAX_BLANKS = 6  # blank lines a block may span (the space left for a signature)
MIN_SUPPORT = 2  # lines that must show a gap at a separator
MAX_WIDTH = 1000  # longer lines are no table rows (and would make the bit masks costly)


@dataclass(frozen=True, slots=True)
class _Shape:
    """Where one line has text: a bit per character position."""

    start: int
    end: int
    text: int  # non-space positions
    gaps: tuple[tuple[int, int], ...]  # the indentation and each gap of 2+ spaces


def _shape(body: str) -> _Shape:
    text = 0
    starts: list[int] = []
    ends: list[int] = []
    for word in _WORD.finditer(body):
        s, e = word.span()
        text |= ((1 << (e - s)) - 1) << s
        if starts and s - ends[-1] < 2:
            ends[-1] = e  # one space: the same piece of text
        else:
            starts.append(s)
            ends.append(e)
    gaps = [(0, starts[0])] if starts and starts[0] else []
    gaps += list(zip(ends, starts[1:], strict=False))
    return _Shape(starts[0] if starts else 0, ends[-1] if ends else 0, text, tuple(gaps))


@dataclass(slots=True)
class _Stats:
    """What a set of lines says about separators (additive, so blocks merge cheaply)."""

    lo: int = 1 << 30  # the core lines' text extent
    hi: int = 0
    text: int = 0
    support: dict[int, int] = field(default_factory=dict)  # +1 where a gap starts, -1 after
    wide: dict[int, int] = field(default_factory=dict)  # the same for indentation, 3+ spaces
    narrow: dict[int, int] = field(default_factory=dict)  # single spaces between words
    lines: list[int] = field(default_factory=list)

    def add(self, index: int, shape: _Shape, core: bool) -> None:
        if core:
            self.lo, self.hi = min(self.lo, shape.start), max(self.hi, shape.end)
        self.text |= shape.text
        for a, b in shape.gaps:
            self.support[a] = self.support.get(a, 0) + 1
            self.support[b] = self.support.get(b, 0) - 1
            if a == 0 or b - a >= 3:
                self.wide[a] = self.wide.get(a, 0) + 1
                self.wide[b] = self.wide.get(b, 0) - 1
        _count(self.narrow, ~shape.text & (shape.text << 1) & (shape.text >> 1))
        self.lines.append(index)

    def merged(self, other: _Stats) -> _Stats:
        out = _Stats(
            min(self.lo, other.lo),
            max(self.hi, other.hi),
            self.text | other.text,
            dict(self.support),
            dict(self.wide),
            dict(self.narrow),
            self.lines,  # shared: extended only when the merge is kept
        )
        for key, value in other.support.items():
            out.support[key] = out.support.get(key, 0) + value
        for key, value in other.wide.items():
            out.wide[key] = out.wide.get(key, 0) + value
        for key, value in other.narrow.items():
            out.narrow[key] = out.narrow.get(key, 0) + value
        return out


def _count(counts: dict[int, int], mask: int) -> None:
    while mask > 0:
        low = mask & -mask
        position = low.bit_length() - 1
        counts[position] = counts.get(position, 0) + 1
        mask ^= low


def _runs(stats: _Stats) -> list[tuple[int, int]]:
    """Maximal runs ``[a, b)`` of positions blank on every line, inside the core's text."""
    if stats.hi <= stats.lo:
        return []
    bits = format(stats.text >> stats.lo, "b")[::-1].ljust(stats.hi - stats.lo, "0")
    return [
        (stats.lo + m.start(), stats.lo + m.end())
        for m in _BLANKS.finditer(bits, 0, stats.hi - stats.lo)
    ]


def _supported(stats: _Stats) -> list[tuple[int, int, int, int]]:
    """Each run with the number of lines that show it as a gap (with text further right),
    and how many of those gaps are wide (indentation, or three spaces or more)."""
    runs = _runs(stats)
    starts = [a for a, _ in runs]
    support, wide = _levels(stats.support, starts), _levels(stats.wide, starts)
    return [(a, b, n, w) for (a, b), n, w in zip(runs, support, wide, strict=True)]


def _levels(steps: dict[int, int], positions: list[int]) -> list[int]:
    """A difference map's running sum at each of some increasing positions."""
    ordered = sorted(steps.items())
    out, k, level = [], 0, 0
    for position in positions:
        while k < len(ordered) and ordered[k][0] <= position:
            level += ordered[k][1]
            k += 1
        out.append(level)
    return out


def _candidates(stats: _Stats) -> list[tuple[int, int]]:
    """Runs that at least one line shows as a gap (not only single spaces between words)."""
    return [(a, b) for a, b, support, _ in _supported(stats) if support >= 1]


def _separators(
    stats: _Stats, supported: list[tuple[int, int, int, int]] | None = None
) -> list[tuple[int, int]]:
    """Runs enough lines show as a gap, one of them a wide one (two prose lines with a double
    space at the same place are no table). A one-character run may be crossed by one line with
    a single space between two words (a cell that runs up to the next column), not more:
    then it is the space between two words of one cell that happen to line up."""
    out = []
    for a, b, support, wide in _supported(stats) if supported is None else supported:
        if support < MIN_SUPPORT or not wide:
            continue
        narrow = stats.narrow.get(a, 0) if b - a == 1 else 0
        if narrow > 1 or 3 * narrow > support:
            continue
        out.append((a, b))
    return out


def _mask(a: int, b: int) -> int:
    return ((1 << (b - a)) - 1) << a


HEADER_LINES = 4  # lines of a table header wrapped over lines


def _compatible(parts: list[_Stats], merged: _Stats, header: bool = False) -> bool:
    """Merging keeps each part's columns: as many wide separators, each one where it was.
    One-character separators are weak evidence either way and are left to ``_columns``.
    When the first part is a ``header``, one paragraph of a few lines (``No   Program /
    Kegiatan / Sub`` / ``     Kegiatan``, a blank line, then the rows), each part may show
    only some of the separators (a one-line header supports none alone, a column filled on
    one row only is shown by the header): every separator a part has must then be one of
    the merged block's."""
    found = _wide(merged)
    if not found:
        return False
    for part in parts:
        runs = _wide(part)
        if not runs or (
            len(runs) == len(found)
            and all(a < d and c < b for (a, b), (c, d) in zip(runs, found, strict=True))
        ):
            continue
        if not (header and all(any(a < d and c < b for c, d in found) for a, b in runs)):
            return False
    return True


def _wide(stats: _Stats) -> list[tuple[int, int]]:
    return [(a, b) for a, b in _separators(stats) if b - a > 1]


@dataclass(slots=True)
class _Paragraph:
    lines: list[int]
    blanks_before: int
    joins_previous: bool  # no page break or tab line between it and the previous paragraph


def align_columns(lines: list[str]) -> list[str]:
    """The lines with space-aligned blocks cut into tab-separated cells (see module doc)."""
    kinds = [_kind(line) for line in lines]
    if "gappy" not in kinds:
        return list(lines)
    bodies = [
        line.replace("\f", "").rstrip() if kind != "barrier" else ""
        for line, kind in zip(lines, kinds, strict=True)
    ]
    widths = _page_widths(lines, bodies)
    shapes: dict[int, _Shape] = {}
    blocks: list[_Stats] = []
    current: _Stats | None = None
    previous: _Paragraph | None = None
    alone = False  # the current block is one paragraph (a header, when it is short)
    paragraphs = _paragraphs(lines, kinds)
    all_stats = [_paragraph_stats(p, kinds, bodies, widths, shapes) for p in paragraphs]
    for k, (paragraph, stats) in enumerate(zip(paragraphs, all_stats, strict=True)):
        if (
            current is not None
            and stats is not None
            and previous is not None
            and _adjacent(previous, current, paragraph, stats)
        ):
            merged = current.merged(stats)
            following = (paragraphs[k + 1], all_stats[k + 1]) if k + 1 < len(paragraphs) else None
            header = alone and len(current.lines) <= HEADER_LINES
            if _compatible([current, stats], merged, header) and not (
                not alone and _opens_next(merged, paragraph, stats, following)
            ):
                merged.lines.extend(stats.lines)
                current, previous, alone = merged, paragraph, False
                continue
        if current is not None:
            blocks.append(current)
        current, previous, alone = stats, paragraph, True
    if current is not None:
        blocks.append(current)
    out = list(lines)
    for block in blocks:
        cuts = [a for a, _ in _columns(block, shapes, bodies)]
        if cuts:
            for index in block.lines:
                out[index] = _cells(bodies[index], cuts)
    return out


def _adjacent(previous: _Paragraph, block: _Stats, paragraph: _Paragraph, stats: _Stats) -> bool:
    """Whether a paragraph may join the block that ends with the paragraph before it."""
    return (
        paragraph.joins_previous
        and paragraph.blanks_before <= MAX_BLANKS
        and block.lines[-1] == previous.lines[-1]
        and stats.lines[0] == paragraph.lines[0]
    )


def _opens_next(
    merged: _Stats,
    paragraph: _Paragraph,
    stats: _Stats,
    following: tuple[_Paragraph, _Stats | None] | None,
) -> bool:
    """A short paragraph that could join a block of several paragraphs above (a table with
    rows), but whose joining would shut out the paragraph below it while that paragraph
    fits it alone, is the header of the table below (a budget header a blank line under the
    target table, its rows a blank line further down): it opens a new block. (The first
    rows under a header that stands alone always join it.)"""
    if following is None or following[1] is None or len(stats.lines) > HEADER_LINES:
        return False
    below, below_stats = following
    if not _adjacent(paragraph, stats, below, below_stats):
        return False
    if _compatible([merged, below_stats], merged.merged(below_stats)):
        return False  # the block above goes on below it: one table
    return _compatible([stats, below_stats], stats.merged(below_stats), header=True)


def _kind(line: str) -> str:
    if "\t" in line or "|" in line or len(line) > MAX_WIDTH:
        return "barrier"
    stripped = line.strip()
    if not stripped:
        return "blank"
    return "gappy" if "  " in stripped else "single"


def _page_widths(lines: list[str], bodies: list[str]) -> list[int]:
    """Each line's page width in characters (pages end at form feeds)."""
    widths: list[int] = []
    page: list[int] = []
    for i, line in enumerate(lines):
        if "\f" in line and page:
            widths += [max(len(bodies[j]) for j in page)] * len(page)
            page = []
        page.append(i)
    if page:
        widths += [max(len(bodies[j]) for j in page)] * len(page)
    return widths


def _paragraphs(lines: list[str], kinds: list[str]) -> list[_Paragraph]:
    """Runs of non-blank lines, with the blank lines before each and whether a page break or
    a tab line separates it from the previous one."""
    out: list[_Paragraph] = []
    current: _Paragraph | None = None
    blanks, joins = 0, True
    for i, kind in enumerate(kinds):
        if "\f" in lines[i] or kind == "barrier":
            current, blanks, joins = None, 0, False
        if kind == "blank":
            current, blanks = None, blanks + 1
        if kind not in ("gappy", "single"):
            continue
        if current is None:
            current = _Paragraph([], blanks, joins)
            out.append(current)
            blanks, joins = 0, True
        current.lines.append(i)
    return out


def _paragraph_stats(
    paragraph: _Paragraph,
    kinds: list[str],
    bodies: list[str],
    widths: list[int],
    shapes: dict[int, _Shape],
) -> _Stats | None:
    """The paragraph's core with the lines above and below that belong to its columns."""
    gappy = [i for i in paragraph.lines if kinds[i] == "gappy"]
    if not gappy:
        return None
    first, last = gappy[0], gappy[-1]
    stats = _Stats()
    for i in range(first, last + 1):
        shapes[i] = _shape(bodies[i])
        stats.add(i, shapes[i], core=True)
    candidates = _columns(stats, shapes, bodies) or [
        (a, b) for a, b in _candidates(stats) if b - a > 1
    ]
    if not candidates:
        return None
    walls = [_mask(a, b) for a, b in candidates]
    above = []
    for i in range(first - 1, paragraph.lines[0] - 1, -1):
        shape = _shape(bodies[i])
        if _crosses(shape, walls) or shape.start < RIGHT_PART * widths[i]:
            break
        shapes[i] = shape
        above.append(i)
    below = []
    for i in range(last + 1, paragraph.lines[-1] + 1):
        shape = _shape(bodies[i])
        if _crosses(shape, walls):
            break
        shapes[i] = shape
        below.append(i)
    if not above and not below:
        return stats  # the core alone: ``out`` below would be built from the same lines
    out = _Stats()
    for i in [*reversed(above), *range(first, last + 1), *below]:
        out.add(i, shapes[i], core=first <= i <= last)
    return out


def _crosses(shape: _Shape, walls: list[int]) -> bool:
    """Whether a line runs through a separator: it must leave a place in each one that is
    not the single space between two of its words (it may reach into it from one side)."""
    free = ~shape.text & ~((shape.text << 1) & (shape.text >> 1))
    return any(not free & wall for wall in walls)


def _columns(block: _Stats, shapes: dict[int, _Shape], bodies: list[str]) -> list[tuple[int, int]]:
    """The separators where the block's lines are cut.

    A column with text on one line only is merged across the narrower of its separators
    (a river that only lines up by chance is narrow); a line that runs into the column
    across its separator with a single space is no evidence for it (``25 Unit Kerja`` under
    a centred ``Target``). Two neighbouring columns that never
    hold text on the same line are one column whose values are aligned unevenly (a centred
    ``7.200`` right of a left-aligned ``96%``). Labels padded up to a column of colons
    (``Nama      : X``) are not a table: a column whose every cell starts with ``:`` is
    not cut off."""
    supported = _supported(block)  # once for both uses below
    runs = [
        (a, b)
        for a, b in _separators(block, supported)
        if not all(
            bodies[i][a:].lstrip().startswith(":")
            for i in block.lines
            if shapes[i].text >> b and bodies[i][a:].strip()
        )
    ]
    right = max(shapes[i].end for i in block.lines)
    support = {a: n for a, _, n, _ in supported}
    while runs:
        edges = [0, *(a for a, _ in runs), right]
        used = [
            [i for i in block.lines if shapes[i].text & mask]
            for mask in [_mask(lo, hi) for lo, hi in zip(edges, edges[1:], strict=False)]
        ]
        evidence = [
            [i for i in lines if k == 0 or not _runs_through(shapes[i], runs[k - 1])]
            for k, lines in enumerate(used)
        ]
        thin = next((k for k, lines in enumerate(evidence) if len(lines) < MIN_SUPPORT), None)
        if thin is not None:
            sides = [k for k in (thin - 1, thin) if 0 <= k < len(runs)]
            del runs[min(sides, key=lambda k: (runs[k][1] - runs[k][0], support[runs[k][0]]))]
            continue
        apart = next((k for k in range(len(runs)) if not set(used[k]) & set(used[k + 1])), None)
        if apart is None:
            break
        del runs[apart]
    return runs


def _runs_through(shape: _Shape, run: tuple[int, int]) -> bool:
    """Whether a line crosses a one-character separator with a single space."""
    a, b = run
    return b - a == 1 and a > 0 and bool(shape.text >> (a - 1) & 1 and shape.text >> b & 1)


def _cells(body: str, cuts: list[int]) -> str:
    """The line cut at the separators. A wide gap inside the last cell still separates
    cells: a column right of a ragged one (the funding source one space after right-aligned
    amounts) has no separator of its own, and cells added at the end shift no column."""
    edges = [0]
    for cut in cuts:
        edges.append(max(edges[-1], _keep_unit(body, cut)))
    edges.append(len(body))
    cells = [body[a:b].strip() for a, b in zip(edges, edges[1:], strict=False)]
    cells[-1:] = _WIDE_GAP.split(cells[-1])
    return "\t".join(cells)


def _keep_unit(body: str, cut: int) -> int:
    """Where a line is cut at a separator it runs through with a single space: a unit sign
    right after the cut (``90 %``) belongs to the number one space before it, so the cut
    moves before that number (pdftotext squeezed the right column's value leftwards, up
    against the text before it; a sign is never a cell of its own there)."""
    if not (1 < cut < len(body) - 1 and body[cut] == " " and body[cut - 1] != " "):
        return cut
    if not _UNIT_SIGN.match(body, cut + 1):
        return cut
    number = _NUMBER_END.search(body, 0, cut)
    if number is None or number.start() < 2 or body[number.start() - 2] == " ":
        return cut  # the number has no text right before it: nothing was squeezed
    return number.start()
