"""Stage 2b: rebuild tab-separated table rows from converters that do not keep columns.

The parsers read table rows only as tab-separated lines. pdftotext raw mode, pdfminer,
pypdfium2, plain Tesseract text and web transcripts lose the columns: a table comes either
one cell per line (header cells first, then each row's cells; a long cell wraps over lines;
blank lines may separate cells) or with a whole row's cells joined by single spaces. After a
table header recognised by its column words (No, Sasaran ..., Indikator ..., Target,
Satuan, Program/Kegiatan, Anggaran/Pagu, Sumber Dana, Keterangan, Penjelasan), the lines up
to the next heading, total, signature or label are cut into typed tokens (row number, text,
target value, amount, currency, funding source) and assigned to the header's columns; each
rebuilt row replaces the lines it came from by one tab-separated ``Line`` whose ``end`` says
which source lines it covers.

General rules (each named where it is implemented):

* R1 one cell per line: the column count is the header's; a row starts at a row number, text
  cells follow, the target/amount cell closes it; a wrapped text line joins the cell before it.
* R2 flattened rows: a line ``<number> <text> <value>`` is cut into number, text and value; the
  text is split between a Sasaran/Program column and the Indikator column where the indicator
  begins (measure words: Indeks, Nilai, Persentase, Jumlah ...), else kept whole.
* R3 run-on rows: a row number after a target value (``... Ditangani. 75% 2.``) opens the next
  row.
* R4 column-major blocks (pdfminer prints all row numbers, then the text cells, then the
  targets): when the row-major reading leaves rows without targets and the block holds exactly
  one number, ``k`` text cells and one value per row, each kind is dealt out in order.
* R5 a cell listing several indicators (dash items) takes one target per item.
* R6 text after a complete row and before the next number is another indicator of the same
  Sasaran (a cell spanning rows): a row with empty No and Sasaran cells.
* R6b under a unit or note column, such text is the column's unless it opens a line and its
  own target follows before the next number (a flattened row printed without its number);
  without a number column, a line opening with a capitalised text and holding its own target.
* R7 a row without a numeric target whose last text cell is one more than its text columns
  and short has that cell as its target (``Paripurna``).

PDFium (pypdfium2 ``get_text_range``: rows flattened, each cell's lines printed apart;
tests/test_pdfium_text.py):

* R2b a comparator in words (``paling banyak 5``, ``kurang dari 14``) opens the target; an
  indicator begins at the first of consecutive measure words (``Nilai Realisasi ...``).
* R2d a line of values only (``100 % 20 % 45 % 72 % 100 %``, ``BB - - - BB``, ``2.000 objek
  5.500 objek``) is one target per value column, ``-`` an empty cell.
* R2e a Sasaran begins at any ``ter-``/``ber-`` result noun ending ``-nya``.
* R2f a value cell wrapped before its unit (``12.500`` / ``objek``) takes the unit line; a bare
  number under a value, not the next row number, is the next target.
* R6c under a Keterangan already holding the funding source, the line after a flattened
  budget row is the rest of its name.
* R10b a line or two of text before the first row number (a row's cells cut by the page
  break, under the header repeated on the next page) is covered, not the table's end.

Reading orders of pdftotext raw and pdfminer (tests/test_raw_text.py):

* R8 a header begins with its number or a text column: a target cell alone (``Target
  Kinerja``) is a label; R8b under such a label a text line printed before the header is the
  first row's first cell.
* R9 an indicator table without a number column has no row numbers: a bare number after the
  text is the target, a numbered line after a complete row the next section.
* R10 a value before the first row number cannot be placed and is dropped.
* R11 cells printed after the rows (the amount column's header, ``Ket``, the total word, the
  amounts) fill the rows that lack an amount, in order; the total is the amount that is the
  sum of the others (else the one right after the total word, else the last).
* R12 a grade after ``Minimal``/``Predikat`` is part of the text.
* R13 a second ``No`` after text cells is the next table's header (ignored); one followed by
  numbering from 1 again means two tables interleaved: header only, no rows.
* R14 numbers (and Sasaran cells) printed column by column, then one group per row: text
  cell(s) followed by values, unit, funding source.
* R15 cells before their row numbers (numbers after the last value): header only, no rows —
  the record reports the table unread rather than guessing.
* R16 a Penjelasan/Keterangan header printed right after the first row's note names it.
* R17 in a budget list without numbers whose text column is the name, a second name printed
  apart before the row's amount is the next row.
* R19 Sasaran cells spanning rows (``1`` / Sasaran / indicator / indicator ... ``2`` / ...),
  the targets printed after them: dealt out in order when there are as many targets as
  indicators, else the table is reported unread.
* R20 without numbers (Indikator | Target | Penjelasan), the first indicators stacked, then
  each target with its note: the i-th target and note are the i-th indicator's.
* R21 a Penjelasan header printed after its rows: the boxes back to the label or lead line
  are its rows when they come in exact triples (indicator, target alone, note).
* R23 a budget table's name column printed as one box: under Name | Indicator | Amount the
  first row holds the ``k`` names stacked before its indicator, the next ``k - 1`` rows only
  their indicator and amount: the names are dealt in order when no name and every indicator
  opens with a measure word and the amounts add up to the printed total.
* R23b the last budget rows printed column by column (names, indicators, amounts with their
  source) and then the total: dealt in order when the total is the sum of every amount.
* R24 a budget list's numbers printed first (``A.``, ``1.``, ``a.`` ...), then the names
  with the amounts printed beside them, the total word, the last rows' amounts and the
  total: dealt when there are as many names as numbers (a name cut around the amount on its
  first line joined, when exactly one such cut fits), one late amount per row after the
  last amount, and the total is the sum of the last rows.
* R25 without a number column, runs of ``k`` (sasaran, indicator) pairs each followed by its
  ``k`` targets are ``k`` rows, when every sasaran opens with a result word and every
  indicator with a measure word.

One cell per line without blank lines (``raw``) or whole rows joined by single spaces
(``flat``; tests/test_cells_serialised.py):

* R2g a grade (``A``, ``BB``, ``WTP``) ends an indicator before a capitalised note, or at a
  flattened row's end, one letter included, unless it names a class (``Tipe A``) or follows
  a qualifier (R12).
* R2h a measure word right after the opening result word is the Sasaran's object
  (``Meningkatnya Panjang Jalan ...``), not the indicator's start.
* R6d under a note column, after a row's note, a capitalised line whose own target follows
  on a line of its own is the next row (the indicator begins at a measure word).
* A grade letter after a whole row's text cells is its target (also before the next table's
  header, and in an R6 sub-row); a worded page marker (``Halaman 3 dari 3``) ends a table.

A line right under a data text that reads on (``... terhadap`` / ``Target``), or a total
word whose text goes on below it (``Jumlah`` / ``Pengaduan ...``), stays in its cell.

Header cells may wrap over lines (``INDIKATOR KINERJA`` / ``PROGRAM/KEGIATAN DAN`` / ``SUB
KEGIATAN``) and be followed by column numbers (``(1) (2)``, or ``1`` .. ``n`` one per line).

Only tables with a target or amount column are rebuilt (a wrong split of prose-only tables
would record false facts); everything is linear in the number of lines.

Modules: ``types`` (shared dataclasses), ``header`` (column words, O1), ``tokens`` (typed cell
tokens, measure/result words, stop lines), ``rows`` (row-major assignment), ``text_split``
(text cells of a row, R7, O4), ``column_major`` (R4, R14, R23, R25), ``blocks`` (a table's
block after its header), ``late`` (R11), ``before`` (R21), ``numbers_first`` (R24), ``table``
(``rebuild_table``, ``rebuild_cells``).
"""

from __future__ import annotations

from .header import flat_header, head_cell, unruled, usable
from .table import rebuild_cells, rebuild_table
from .text_split import split_text
from .tokens import line_tokens, value_run
from .types import Column, Token

__all__ = [
    "Column",
    "Token",
    "flat_header",
    "head_cell",
    "line_tokens",
    "rebuild_cells",
    "rebuild_table",
    "split_text",
    "unruled",
    "usable",
    "value_run",
]
