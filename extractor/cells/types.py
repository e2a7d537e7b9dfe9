"""Plain data shared by the cell-rebuilding modules: header columns, cell tokens, rows being
assembled (R6 sub-rows) and cells printed after the rows (R11).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Column:
    kind: str  # no, text, value, money, unit, note
    role: str  # no, objective, indicator, name, target, amount, unit, note
    text: str


@dataclass(slots=True)
class Token:
    kind: str
    text: str
    first: int  # index into the line list
    last: int
    new_group: bool = True  # after a blank line (or the first of its line in line mode)


# --- rows -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Row:
    tokens: list[Token] = field(default_factory=list)
    no: str = ""
    texts: list[Token] = field(default_factory=list)  # text before the value
    after: list[Token] = field(default_factory=list)  # text after the value
    slots: dict[int, str] = field(default_factory=dict)
    currency: str = ""
    sub: bool = False  # R6: a further indicator under the merged Sasaran cell of the row above
    start: int = 0  # index of its first token

    def filled(self, columns: list[Column]) -> bool:
        return any(i in self.slots for i, c in enumerate(columns) if c.kind in ("value", "money"))


@dataclass(slots=True)
class _Late:
    """Cells printed after a table's rows (R11): header cells, the total word, values."""

    columns: list[Column] = field(default_factory=list)
    values: list[Token] = field(default_factory=list)
    funds: dict[int, str] = field(default_factory=dict)  # value index -> funding source
    total: Token | None = None
    right_after: bool = False  # the first value follows the total word, nothing between
    end: int = 0  # index after the last line read
