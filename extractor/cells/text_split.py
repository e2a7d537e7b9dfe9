"""Turning an assembled row into its cells: the text split between the Sasaran/Program and the
Indikator column at the first measure word (R1, R2), a short word cell as the target (R7) and
flattened OCR rows whose name and indicator run together (O4).
"""

from __future__ import annotations

import regex

from ..parse.tables import FUNDING
from .tokens import _CONNECTOR_END, _LOWER_START, _NAME_MEASURE, MEASURE, MONEY, RESULT, VALUE
from .types import Column, Token, _Row


def split_text(parts: list[Token], roles: list[str], blank_mode: bool = True) -> list[str]:
    """R2: cut a row's text fragments into its text columns.

    A cut falls between fragments printed apart (blank line), before a fragment or word that
    begins an indicator (measure word), or between lines that do not read as one sentence; a
    word cut needs a measure word and, under a Sasaran column, a sasaran that begins with a
    result word or a single measure word in the whole text; a later Sasaran column (after
    Program/Kegiatan) begins at a result word. When the cuts are not clear the text is kept
    whole, in the indicator column if there is one (the target belongs to it), else in the
    first."""
    k = len(roles)
    words: list[str] = []
    starts: dict[int, Token] = {}
    for part in parts:
        starts[len(words)] = part
        words.extend(part.text.split())
    if k <= 1 or not words:
        return [" ".join(words)] + [""] * max(k - 1, 0)
    result_start = bool(RESULT.match(words[0]))
    name_first = roles[0] == "name"
    min_word = 2 if result_start else 1
    measures = set()
    for p in range(min_word, len(words)):
        word = words[p + 1] if words[p] in ("-", "•") and p + 1 < len(words) else words[p]
        if words[p - 1] in ("-", "•") or _CONNECTOR_END.search(words[p - 1]):
            continue  # the cut goes before the dash; "... dan Jumlah" is one name
        if MEASURE.match(words[p - 1]):
            continue  # "Nilai Realisasi ...": an indicator begins at the first measure word
        if RESULT.match(words[p - 1]):
            continue  # R2h: "Meningkatnya Panjang Jalan ...": the result's object, a Sasaran
        if MEASURE.match(word) or (name_first and _NAME_MEASURE.match(word)):
            measures.add(p)
    # a Sasaran column after the first text column begins with a result word
    later_objective = "objective" in roles[1:]
    results = {p for p in range(1, len(words)) if later_objective and RESULT.match(words[p])}
    # a word cut is clear after a result word or a name, or when only one word could begin
    # the indicator
    word_cut_ok = result_start or name_first or len(measures) == 1
    scores: list[tuple[int, int]] = []
    line_cuts: list[int] = []  # fragment starts that do not continue a sentence
    for p in range(1, len(words)):
        word, prev = words[p], words[p - 1]
        measure = p in measures or p in results
        if p in starts:
            tok = starts[p]
            joined = _CONNECTOR_END.search(prev) or _LOWER_START.match(word)
            score = -5 if joined else (3 if blank_mode and tok.new_group else 1)
            score += 2 if measure else 0
            line_cuts += [] if joined else [p]
        else:
            score = 2 if measure and (word_cut_ok or p in results) else 0
        if score >= 2:
            scores.append((score, p))
    chosen = sorted(p for _, p in sorted(scores, key=lambda s: (-s[0], s[1]))[: k - 1])
    if len(chosen) < k - 1 and len(parts) == k and len(line_cuts) == k - 1:
        chosen = line_cuts  # R1: exactly one line per text column, none continuing another
    if len(chosen) < k - 1:
        whole = [""] * k
        target = roles.index("indicator") if "indicator" in roles else 0
        whole[target] = " ".join(words)
        return whole
    bounds = [0, *chosen, len(words)]
    return [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]


def _word_target(
    row: _Row, columns: list[Column], n_text: int
) -> tuple[list[Token], tuple[int, str] | None]:
    """R7: a row without a numeric target whose last text cell is one more than its text
    columns and short (``Paripurna``, ``Baik``, ``Tersedia``) has that cell as its target."""
    value_cols = [i for i, c in enumerate(columns) if c.kind == "value"]
    last = row.texts[-1] if row.texts else None
    if not value_cols or row.filled(columns) or last is None or len(row.texts) != n_text + 1:
        return row.texts, None
    words = last.text.split()
    short = len(words) <= 3 and len(last.text) <= 25 and last.text[:1].isupper()
    if not short or MEASURE.match(words[0]) or RESULT.match(words[0]):
        return row.texts, None
    return row.texts[:-1], (value_cols[0], last.text)


_JOINING = regex.compile(r"^(?:dan|atau|serta|pada|di|ke|dari|untuk)$")


def _name_end(words: list[str]) -> int:
    """Where the Title-Case words of a wrapped name end: at the first lower-case word that
    does not join two capitalised words (``Barang dan Jasa Daerah`` | ``tepat waktu``)."""
    for k, word in enumerate(words):
        if not _LOWER_START.match(word):
            continue
        joins = _JOINING.match(word) and k + 1 < len(words) and words[k + 1][:1].isupper()
        if not (joins and k > 0):
            return k
    return len(words)


def _wrapped_text_cells(row: _Row, n_text: int) -> tuple[list[Token], list[str]] | None:
    """O4 (flattened OCR rows): ``Penyusunan Dokumen Perencanaan Jumlah dokumen ... Rp
    44.763.000,- APBD`` / ``Perangkat Daerah tepat waktu``. When the note on the value's line
    is a funding source, the text lines after it are the row's two text cells wrapping,
    joined by single spaces: a Title-Case name goes on up to the first lower-case word, the
    indicator sentence from there. Returns those tokens and the two pieces, or None. (Where
    the row's own text could not be cut into its cells, the wrapped lines stay apart too.)"""
    values = [t.last for t in row.tokens if t.kind in (VALUE, MONEY)]
    if n_text < 2 or not values or not row.after:
        return None
    line = max(values)
    own = [t for t in row.after if t.first <= line]
    later = row.after[len(own) :]
    if not own or not later or any(t.first <= line for t in later):
        return None
    if not FUNDING.fullmatch(" ".join(t.text for t in own)):
        return None
    words = " ".join(t.text for t in later).split()
    cut = _name_end(words)
    return later, [" ".join(words[:cut]), " ".join(words[cut:])]


def _wrap_row_cells(row: _Row, columns: list[Column], n_text: int) -> list[str] | None:
    """O4b (flattened OCR rows): a row of one text line, no number, no value, no note, under
    a Sasaran/Program column and an Indikator column, is the two cells of the row above
    wrapping side by side (``Daerah (S2) perizinan usaha``): the Title-Case name goes on up to
    the first lower-case word, the indicator sentence from there, as in O4. A line that opens
    with a measure or result word is a row of its own (an indicator, a sasaran) and is left to
    ``split_text``; so is a line with no Title-Case head or nothing after it, and any row of a
    table without a number column (there a row without number is a row of its own)."""
    roles = [c.role for c in columns if c.kind == "text"]
    if n_text != 2 or roles[:1] not in (["objective"], ["name"]) or roles[-1] != "indicator":
        return None
    if (
        not any(c.kind == "no" for c in columns)
        or row.no
        or row.after
        or row.slots
        or row.currency
        or len(row.texts) != 1
    ):
        return None
    words = row.texts[0].text.split()
    if not words or MEASURE.match(words[0]) or RESULT.match(words[0]):
        return None
    cut = _name_end(words)
    if cut == 0 or cut == len(words):
        return None
    return [" ".join(words[:cut]), " ".join(words[cut:])]


_MAX_WRAP_WORDS = 10


def wraps_last_row(rows: list[_Row], columns: list[Column]) -> bool:
    """O4b at the end of a table: a last line without number or value, printed right under
    the row above (no blank line), short and not a sentence (no final ``.``/``:``), that
    splits into a Title-Case head and a lower-case rest, is that row's two cells wrapping
    (``Perangkat Daerah berjalan sesuai standar``), not a paragraph after the table."""
    if len(rows) < 2 or not rows[-2].tokens:
        return False
    row = rows[-1]
    if wrap_row_cells(row, columns) is None:
        return False
    text = row.texts[0].text
    if len(text.split()) > _MAX_WRAP_WORDS or text.rstrip()[-1:] in ".:;":
        return False
    return row.texts[0].first == max(t.last for t in rows[-2].tokens) + 1


def wrap_row_cells(row: _Row, columns: list[Column]) -> list[str] | None:
    """The two cells of a row that is the row above wrapping (O4b), or None."""
    return _wrap_row_cells(row, columns, sum(c.kind == "text" for c in columns))


def row_cells(row: _Row, columns: list[Column], blank_mode: bool) -> list[str]:
    """The cells of a row in header order."""
    cells = [""] * len(columns)
    text_cols = [i for i, c in enumerate(columns) if c.kind == "text"]
    for i, c in enumerate(columns):
        if c.kind == "no":
            cells[i] = row.no
    wrap = _wrap_row_cells(row, columns, len(text_cols))
    if row.sub and wrap is None:
        text_cols = text_cols[1:]  # the merged Sasaran/Program cell stays with the row above
    parts, word_target = _word_target(row, columns, len(text_cols))
    texts = wrap or split_text(parts, [columns[i].role for i in text_cols], blank_mode)
    if row.no and texts and not any(c.kind == "no" for c in columns):
        texts[0] = f"{row.no} {texts[0]}".strip()  # no number column: keep it with the name
    for i, text in zip(text_cols, texts, strict=False):
        cells[i] = text
    for i, text in row.slots.items():
        cells[i] = text
    if word_target is not None:
        cells[word_target[0]] = word_target[1]
    tail = [i for i, c in enumerate(columns) if c.kind in ("note", "unit") and i not in row.slots]
    after = [t.text for t in row.after]
    wrapped = _wrapped_text_cells(row, len(text_cols))
    if wrapped is not None and all(cells[i] for i in (text_cols[0], text_cols[-1])):
        after = after[: len(after) - len(wrapped[0])]  # the note on the value's line only
        for i, text in zip((text_cols[0], text_cols[-1]), wrapped[1], strict=True):
            cells[i] = f"{cells[i]} {text}".strip()
    if after and tail:
        cells[tail[0]] = " ".join(after)
    elif after and blank_mode:
        for i, text in zip(text_cols, after, strict=False):
            cells[i] = f"{cells[i]} {text}".strip()
    if row.currency:
        cells[-1] = f"{cells[-1]} {row.currency}".strip()
    return cells
