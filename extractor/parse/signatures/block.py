"""The block reader: a page's signatures, with the signing date, read column by column."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...document import Line, Page, Problem
from ...models import Party, Signature
from ...vocabulary import ROLE_LINE
from ..dates import SigningDate, parse_signing_line
from ..parties import masked, role_of
from .area import signature_lines
from .columns import (
    _bare_names,
    _kinds,
    _parallel_name,
    _split_by_parties,
    _Token,
    signature_tokens,
)
from .heads import (
    _attach_nip,
    _Head,
    _head_for_position,
    _Name,
    _open_role_head,
    _pair,
    _split_heads,
)
from .roles import _assign_roles, _signature


@dataclass(slots=True)
class SignatureBlock:
    """What one page's signature area holds."""

    signatures: list[Signature]
    date: SigningDate | None
    lines: list[Line]  # the signature area, for parsers that must skip it
    masked: list[tuple[int, str, str, Line]] = field(default_factory=list)

    def problems(self, first_index: int = 0) -> list[Problem]:
        """The ``masked_value`` findings, for signatures numbered from ``first_index`` (the
        number of signatures of the agreement's earlier pages)."""
        return [
            masked(
                f"signatures[{first_index + i}].{what}", f"the {what} of a signer", raw, page, line
            )
            for i, what, raw, line in self.masked
            for page in [self.signatures[i].page]
        ]


def read_signatures(page: Page, parties: tuple[Party | None, Party | None]) -> SignatureBlock:
    """The signatures of one page, with roles from role words or matched to the parties."""
    area = signature_lines(page)
    tokens = signature_tokens(area)
    date: SigningDate | None = None
    pairs: list[tuple[_Head, _Name | None]] = []
    columns = [[t for t in tokens if t.column == n] for n in sorted({t.column for t in tokens})]
    kinds = [_kinds(column) for column in columns]
    names = [p.name for p in parties if p is not None and p.name is not None]
    known = tuple(p.position for p in parties if p is not None and p.position)
    kinds = [_bare_names(c, k, names, known) for c, k in zip(columns, kinds, strict=True)]
    split = [_split_by_parties(c, k, names) for c, k in zip(columns, kinds, strict=True)]
    columns, kinds = [c for c, _ in split], [k for _, k in split]
    if len(columns) > 1:
        read = list(zip(columns, kinds, strict=True))
        kinds = [
            _parallel_name(c, k, read[:n] + read[n + 1 :], names) for n, (c, k) in enumerate(read)
        ]
    positions = tuple(p.position for p in parties if p is not None and p.position)
    for column, column_kinds in zip(columns, kinds, strict=True):
        found, found_date = _read_column(column, column_kinds, positions)
        pairs.extend(found)
        date = date or found_date
    sigs, masks = [], []
    for head, name in pairs:
        if name is not None and name.blank:
            continue  # a form nobody signed
        sig, mask = _signature(head, name, page)
        masks.extend((len(sigs), what, raw, line) for what, raw, line in mask)
        sigs.append(sig)
    return SignatureBlock(_assign_roles(sigs, parties), date, area, masks)


def _read_column(
    tokens: list[_Token], kinds: list[str], positions: tuple[str, ...] = ()
) -> tuple[list[tuple[_Head, _Name | None]], SigningDate | None]:
    """Heads and names of one column (or of the whole block, flattened), paired in order."""
    heads: list[_Head] = []
    names: list[_Name] = []
    date: SigningDate | None = None
    for i, (token, kind) in enumerate(zip(tokens, kinds, strict=True)):
        text = token.text
        if kind == "date":
            date = date or parse_signing_line(text)
        elif kind == "role":
            match = ROLE_LINE.match(text)
            position = [p for p in [match.group(2).strip(" ,")] if p]
            heads.append(_Head(role_of(match.group(1)), position, [token.line], len(names)))
        elif kind == "position_more":
            head = _head_for_position(heads, kinds, i)
            head.position.append(text.strip(" ,"))
            head.lines.append(token.line)
        elif kind == "position":
            if head := _open_role_head(heads, len(names)):
                head.position.append(text.strip(" ,"))
                head.lines.append(token.line)
            else:
                heads.append(_Head(None, [text], [token.line], len(names)))
        elif kind == "rank" and names:
            names[-1].rank = names[-1].rank or text.strip(" ,")
        elif kind == "nip":
            _attach_nip(names, kinds, i, token, len(heads))
        elif kind == "name":
            names.append(_Name(token.line, text.strip("() "), heads_before=len(heads)))
        elif kind == "blank":
            names.append(_Name(token.line, "", heads_before=len(heads), blank=True))
    return _pair(_split_heads(heads, len(names), positions), names), date
