"""Stage 3: split a text into pages (units that each hold one section of the bundle).

Text input has few page marks, so boundaries are inferred from the structure: a PK title that
opens an agreement or a Lampiran table, an agreement statement after another agreement's
matter, each LAMPIRAN heading, a TABEL KINERJA or PENJELASAN heading or a Penjelasan section
after table matter, a non-PK heading, a table header repeated right after its own rows (the
table went on over a page break), runs of blank lines where images were removed, form feeds
(also inside a line) and printed page markers (``Halaman 3 dari 9``, ``- 3 -``, ``(3)``).
A unit is a section, not a sheet of paper: one printed page may hold the end of Lampiran 1
and the start of the Penjelasan, and every section must start a unit of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import regex

from .document import Line, Page
from .normalise import normalise_lines
from .vocabulary import (
    AGREEMENT_BODY,
    LETTERHEAD,
    NIP_LINE,
    POSITION_WORD,
    ROLE_LINE,
    glued_heading_end,
    heading_role,
    is_flat_table_header,
    is_page_marker,
    is_signature_end,
    unshift_heading,
)

_LOOKAHEAD = 10
_MIN_LINES_BEFORE_SPLIT = 3
_BLANK_RUN = 3
_HEADING_BLOCK = 8
_PROSE_LINE = 60
_MIN_PAGE_LINES = 5
_STATEMENT = regex.compile(r"bertanda\s*tangan", regex.I)
_PARTY = regex.compile(r"^(?:\d+\.\s*)?nama\s*[:\t]|\bpihak\s+(?:pertama|kesatu)\b", regex.I)
_LAMPIRAN_2 = regex.compile(r"^LAMPIRAN\s+(?:2|II)\b", regex.I)
_PARENS_MARKER = regex.compile(r"^\(\d{1,3}\)$")
_LOWER = regex.compile(r"\p{Ll}")


def split_pages(lines: list[Line]) -> list[Page]:
    """Group lines into pages numbered 1..n; blank lines stay with the page before them.

    A line with a form feed inside it (pypdfium2 writes ``NIP. 19...\\fPERJANJIAN ...``) is
    cut in two lines that keep its line number, one on each page."""
    lines = split_glued_headings(split_form_feeds(lines))
    starts = sorted(_boundaries(lines))
    pages: list[Page] = []
    leading: list[Line] = []  # blank lines before the first page (then a form feed)
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        chunk = lines[start:end]
        if any(not line.blank for line in chunk):
            pages.append(Page(number=len(pages) + 1, lines=leading + chunk))
            leading = []
        elif pages:
            pages[-1].lines.extend(chunk)
        else:
            leading.extend(chunk)
    return pages


def split_form_feeds(lines: list[Line]) -> list[Line]:
    """Cut every line that holds a form feed between printed text into one line per side
    (each normalised again, same number, the form feed kept in its raw text so that the
    boundary falls between them)."""
    out: list[Line] = []
    for line in lines:
        if "\f" not in line.raw or sum(bool(p.strip()) for p in line.raw.split("\f")) < 2:
            out.append(line)
            continue
        pieces = line.raw.split("\f")
        for k, piece in enumerate(pieces):
            if not piece.strip():
                continue
            raw = ("\f" if k else "") + piece + ("\f" if k < len(pieces) - 1 else "")
            (clean,), _ = normalise_lines([Line(line.number, piece, piece)])
            out.append(replace(line, text=clean.text, raw=raw))
    return out


def split_glued_headings(lines: list[Line]) -> list[Line]:
    """Rule "a heading glued to its text" (``vocabulary.glued_heading_end``): a line that
    holds a heading and then sentence text is cut into the heading and the text, both
    keeping the line's number, as a form feed inside a line is."""
    out: list[Line] = []
    for line in lines:
        cut = None if line.blank else glued_heading_end(line.text)
        if cut is None:
            out.append(line)
            continue
        head, rest = line.text[:cut].rstrip(), line.text[cut:].strip()
        out += [replace(line, text=head, raw=head), replace(line, text=rest, raw=rest)]
    return out


@dataclass(slots=True)
class _Unit:
    """What the unit being built holds so far (read by the rules that open the next one)."""

    start: int
    statement: bool = False  # an agreement statement ("kami yang bertanda tangan ...")
    explains: bool = False  # a Penjelasan heading or section
    closed: bool = False  # a signature block ended (NIP, name in parentheses, rank)
    attachment: bool = False  # attachment matter: a table row or an attachment heading
    lines: int = 0  # printed lines so far
    under_lampiran: bool = False  # it opened with a LAMPIRAN heading


def split_sections(pages: list[Page]) -> list[Page]:
    """Cut each physical page (of a PDF) into one page per section it holds, each keeping
    the physical page number as its provenance: a printed page may end one Lampiran and
    start the Penjelasan or the next agreement. Only headings and agreement statements cut
    here; the layout rules that stand in for page breaks (blank runs, a repeated table
    header, page markers) do not, since the physical page breaks are known."""
    out: list[Page] = []
    for page in pages:
        starts = sorted(_boundaries(page.lines, physical=True))
        if len(starts) == 1:
            out.append(page)
            continue
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(page.lines)
            out.append(Page(number=page.number, lines=page.lines[start:end], kind=page.kind))
    return out


def _boundaries(lines: list[Line], physical: bool = False) -> set[int]:
    starts = {0}
    unit = _Unit(0)
    prev_content: int | None = None
    blank_run = 0
    header_seen: dict[str, int] = {}
    markers = set() if physical else _page_markers(lines)
    # a heading shifted into a cell of its own (``\tLAMPIRAN II``) still opens a section
    roles = [None if line.blank else heading_role(unshift_heading(line.text)) for line in lines]
    last_content = max(
        (i for i, line in enumerate(lines) if not line.blank and i not in markers), default=-1
    )
    context = _Context(lines, roles, markers, unit, physical)  # one for the loop: see below
    context.index()
    for i, line in enumerate(lines):
        if "\f" in line.raw:
            cut = i if not line.raw.split("\f", 1)[0].strip() else i + 1
            if cut < len(lines):
                starts.add(cut)
                # a page break, not a heading: the section goes on (Penjelasan or not)
                unit, header_seen = _Unit(cut, explains=unit.explains), {}
        if line.blank:
            blank_run += 1
            continue
        if i in markers:
            # provenance, not content: a page break there. The marker opens the next unit
            # (a top line, where classification skips it) rather than ending this one, where
            # it would read as the last line of a signature block.
            if i < last_content and context.count(unit.start, i) >= 1:
                starts.add(i)
                unit, header_seen = _Unit(i, explains=unit.explains), {}
            continue
        context.unit = unit  # only the unit being built changes from line to line
        cut = _opens_page(context, i, prev_content, blank_run, header_seen)
        if cut is not None:
            starts.add(cut)
            unit, header_seen = _Unit(cut), {}
        text, role = line.text, roles[i]
        if "\t" in text and _is_header_row(text):
            header_seen.setdefault(text.lower(), i)
        unit.statement = unit.statement or _is_statement(text)
        # a PK title in a LAMPIRAN heading block (LAMPIRAN II / PERJANJIAN KINERJA TAHUN
        # 2025 / the agency) only names the agreement: it does not leave the Penjelasan
        if not (role == "pk" and unit.under_lampiran and unit.lines < _HEADING_BLOCK):
            unit.explains = _explains(unit.explains, text, role)
        unit.under_lampiran = unit.under_lampiran or (unit.lines == 0 and role == "lampiran")
        unit.lines += 1
        unit.closed = unit.closed or is_signature_end(text)
        unit.attachment = unit.attachment or _attachment_matter(text, role)
        prev_content = i
        blank_run = 0
    return starts


@dataclass(slots=True)
class _Context:
    """The lines with their heading roles and page markers, and the unit being built."""

    lines: list[Line]
    roles: list[str | None]
    markers: set[int]
    unit: _Unit
    physical: bool = False  # the lines of one physical page: no layout rules
    # prefix counts and next-line indexes, so that every question about the unit so far
    # costs O(1) (or a few content lines) instead of a rescan: splitting stays linear
    printed: list[int] = field(default_factory=list)  # printed lines (markers aside) before k
    tabbed: list[int] = field(default_factory=list)  # printed lines with a tab before k
    next_printed: list[int] = field(default_factory=list)  # first printed line at or after k
    next_nonblank: list[int] = field(default_factory=list)  # first non-blank at or after k
    letterhead_run: list[int | None] = field(default_factory=list)  # see _letterhead_start

    def index(self) -> None:
        n = len(self.lines)
        self.printed, self.tabbed = [0] * (n + 1), [0] * (n + 1)
        self.next_printed, self.next_nonblank = [n] * (n + 1), [n] * (n + 1)
        self.letterhead_run = [None] * n
        for k, line in enumerate(self.lines):
            shown = not line.blank and k not in self.markers
            self.printed[k + 1] = self.printed[k] + shown
            self.tabbed[k + 1] = self.tabbed[k] + (not line.blank and "\t" in line.text)
        for k in range(n - 1, -1, -1):
            blank = self.lines[k].blank
            self.next_nonblank[k] = self.next_nonblank[k + 1] if blank else k
            shown = not blank and k not in self.markers
            self.next_printed[k] = k if shown else self.next_printed[k + 1]

    def count(self, start: int, end: int) -> int:
        """Printed lines (page markers aside) in ``lines[start:end]``."""
        return self.printed[end] - self.printed[start] if end > start else 0

    def has_room(self, end: int) -> bool:
        return self.count(self.unit.start, end) >= _MIN_LINES_BEFORE_SPLIT

    def heading_block(self, end: int) -> bool:
        """True when the unit so far is only a few heading lines (LAMPIRAN II / the agency
        / PENJELASAN KINERJA): a heading inside such a block belongs to it, opens nothing."""
        count = 0
        k = self.next_printed[self.unit.start]
        while k < end:
            count += 1
            if count > _HEADING_BLOCK or not _heading_like(self.lines[k].text, self.roles[k]):
                return False
            k = self.next_printed[k + 1]
        return True

    def opens_with_lampiran(self, end: int) -> bool:
        first = self.next_nonblank[self.unit.start]
        return first < end and self.roles[first] == "lampiran"

    def title_block(self, end: int) -> bool:
        """True when the unit so far is heading text (no table row): a multi-line heading."""
        return self.tabbed[end] - self.tabbed[self.unit.start] == 0

    def run_start(self, k: int) -> int:
        """The first line of the run of blank or letterhead lines ending at ``k`` (``k + 1``
        when line ``k`` is neither); memoised, so each line is matched once."""
        todo = []
        j = k
        while j >= 0 and self.letterhead_run[j] is None:
            line = self.lines[j]
            if not (line.blank or LETTERHEAD.match(line.text)):
                self.letterhead_run[j] = j + 1
                break
            todo.append(j)
            j -= 1
        below = self.letterhead_run[j] if j >= 0 else 0
        for j in todo:
            self.letterhead_run[j] = below
        return self.letterhead_run[k]


def _page_markers(lines: list[Line]) -> set[int]:
    """Indexes of page-marker lines. ``(3)`` lines are markers only when they count the
    pages of the whole text, ``(1)``, ``(2)``, ``(3)`` ... each once and a page apart;
    otherwise they are a table's column numbers printed one cell per line."""
    found = [i for i, line in enumerate(lines) if not line.blank and is_page_marker(line.text)]
    parens = [i for i in found if _PARENS_MARKER.match(lines[i].text)]
    out = set(found) - set(parens)
    if parens and _counts_pages(lines, parens):
        out.update(parens)
    return out


def _counts_pages(lines: list[Line], parens: list[int]) -> bool:
    numbers = [int(lines[i].text.strip("()")) for i in parens]
    if any(b != a + 1 for a, b in zip(numbers, numbers[1:], strict=False)):
        return False
    return all(
        _has_content(lines, a + 1, b, set(), _MIN_PAGE_LINES)
        for a, b in zip(parens, parens[1:], strict=False)
    )


def _opens_page(
    ctx: _Context, i: int, prev: int | None, blank_run: int, headers: dict[str, int]
) -> int | None:
    """Where a new unit starts when line ``i`` opens one (``i`` itself, or the letterhead or
    paragraph start above it), else None."""
    lines, unit, role = ctx.lines, ctx.unit, ctx.roles[i]
    text = lines[i].text
    if i == unit.start or prev is None:
        return None
    prev_text = lines[prev].text
    if role == "pk":
        # a PK title under a LAMPIRAN heading is part of that heading; a cover's letterhead
        # and title above it are not
        in_heading = ctx.opens_with_lampiran(i) and ctx.heading_block(i)
        opens = ctx.has_room(i) and not in_heading and _starts_content(ctx, i)
        if not opens:
            return None
        start = _letterhead_start(ctx, i)
        # a LAMPIRAN caption right above the title (a form's ``Lampiran I ...`` label) is
        # the first line of the title's heading block
        caption = start == i and prev > unit.start and ctx.roles[prev] == "lampiran"
        return prev if caption else start
    if role in ("lampiran", "other"):
        opens = ctx.has_room(i) or not ctx.title_block(i)
        return _letterhead_start(ctx, i) if opens else None
    if role in ("penjelasan", "tabel"):
        # a heading after table or agreement matter; inside a heading block it is its line
        opens = ctx.has_room(i) and not ctx.heading_block(i)
        return _letterhead_start(ctx, i) if opens else None
    if role == "section":
        if is_signature_end(prev_text) or _closes_signature(ctx, prev):
            return i
        first_section = not unit.explains and ctx.has_room(i)
        return i if first_section and not ctx.heading_block(i) else None
    if (unit.statement or unit.closed or unit.attachment) and _is_statement(text):
        # an agreement statement without a (readable) title, after another agreement's
        # statement, signature block or attachment: the next agreement starts here
        start = _paragraph_start(ctx, i)
        return start if ctx.has_room(start) and _names_parties(ctx, i) else None
    if ctx.physical:
        return None
    if "\t" in text and text.lower() in headers and "\t" in prev_text:
        return None if _is_header_row(prev_text) else i
    if blank_run >= _BLANK_RUN and ctx.has_room(i):
        closes = is_signature_end(prev_text) and not is_signature_end(text)
        return i if closes and not _is_sig_head(text) else None
    return None


def _explains(before: bool, text: str, role: str | None) -> bool:
    """Whether the text so far is in the Penjelasan: a Penjelasan heading, a section or a
    LAMPIRAN 2 heading enters it; any other heading (a PK title, LAMPIRAN 1, TABEL KINERJA,
    a non-PK heading) or an agreement statement leaves it."""
    if role in ("penjelasan", "section"):
        return True
    if role == "lampiran":
        return bool(_LAMPIRAN_2.match(text))
    if role is not None or _is_statement(text):
        return False
    return before


def _names_parties(ctx: _Context, i: int) -> bool:
    """A statement opens an agreement when the parties follow it: a ``Nama :`` line or a
    Pihak Pertama within a few lines (a sentence that merely mentions signing does not)."""
    seen = 0
    for k in range(i, len(ctx.lines)):
        text = ctx.lines[k].text
        if not text:
            continue
        if _PARTY.search(text):
            return True
        seen += 1
        if seen > _LOOKAHEAD:
            break
    return False


def _is_statement(text: str) -> bool:
    """The parties' statement: "kami yang bertanda tangan di bawah ini"."""
    return ("angan" in text or "ANGAN" in text) and bool(_STATEMENT.search(text))


def _attachment_matter(text: str, role: str | None) -> bool:
    """A table row (with tabs or flattened) or an attachment heading."""
    if "\t" in text or role in ("lampiran", "penjelasan", "tabel", "section"):
        return True
    return is_flat_table_header(text)


def _paragraph_start(ctx: _Context, i: int) -> int:
    """The first line of the paragraph that holds line ``i`` (up to three lines above it,
    not across a blank line, a table row or a short line such as a name or a heading)."""
    j = i
    while j - 1 > ctx.unit.start and i - (j - 1) <= 3:
        above = ctx.lines[j - 1]
        if ctx.roles[j - 1] == "pk":
            return j - 1
        if above.blank or "\t" in above.text or len(above.text) < _PROSE_LINE:
            break  # a wrapped paragraph line is long; names and headings are short
        j -= 1
    return j


def _letterhead_start(ctx: _Context, i: int) -> int:
    """A page may open with a letterhead above its title (PEMERINTAH ..., Jl. ...): when
    such lines sit between a closed signature block and the title, the page starts there.
    (The walk up over blank and letterhead lines is memoised in ``ctx.run_start``.)"""
    lines, page_start = ctx.lines, ctx.unit.start
    j = max(ctx.run_start(i - 1) - 1, page_start)
    if j == page_start and ctx.run_start(j) <= j:
        return page_start  # only a letterhead so far: it belongs to this title's page
    if j < i - 1 and is_signature_end(lines[j].text):
        return ctx.next_nonblank[j + 1]
    return i


def _has_content(
    lines: list[Line],
    start: int,
    end: int,
    markers: set[int],
    enough: int = _MIN_LINES_BEFORE_SPLIT,
) -> bool:
    """At least a few printed lines (page markers aside) since the page start (stops early)."""
    count = 0
    for k in range(start, end):
        count += not lines[k].blank and k not in markers
        if count >= enough:
            return True
    return False


def _heading_like(text: str, role: str | None) -> bool:
    """A heading line: short, not a table row, upper case or a known heading."""
    text = unshift_heading(text)
    if "\t" in text or len(text) > 100:
        return False
    return role is not None or not _LOWER.search(text) or bool(LETTERHEAD.match(text))


def _starts_content(ctx: _Context, i: int) -> bool:
    """A PK title opens a page when an agreement body or a table follows it."""
    seen = 0
    for k in range(i + 1, len(ctx.lines)):
        line = ctx.lines[k]
        if line.blank:
            continue
        seen += 1
        if seen > _LOOKAHEAD or ctx.roles[k] in ("pk", "lampiran"):
            return False
        text = line.text
        if AGREEMENT_BODY.search(text) or "\t" in text or is_flat_table_header(text):
            return True
    return False


def _is_header_row(text: str) -> bool:
    """Header rows name their columns (No, Uraian, Target ...) and hold no amounts."""
    lowered = text.lower()
    return any(word in lowered for word in ("uraian", "indikator", "target", "anggaran", "sasaran"))


def _is_sig_head(text: str) -> bool:
    return bool(ROLE_LINE.match(text) or POSITION_WORD.search(text))


def _closes_signature(ctx: _Context, prev: int) -> bool:
    """A block may end with the name under its NIP: a short line right after a NIP line."""
    lines, page_start = ctx.lines, ctx.unit.start
    text = lines[prev].text
    if "\t" in text or len(text) > 60 or POSITION_WORD.search(text):
        return False
    k = prev - 1  # walk up over blanks only: each blank run is walked once per content line
    while k >= page_start and lines[k].blank:
        k -= 1
    return k >= page_start and bool(NIP_LINE.match(lines[k].text))
