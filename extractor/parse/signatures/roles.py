"""Signatures from paired heads and names, and roles for those printed without a role word.

Rules:
- a block without NIP (ministers, Bupati, elected officials) is a block like any other;
- a masked name or NIP (``Xxxxxxx``, ``00000000 000000 0 000``) is read as unknown (None) with
  an info ``masked_value`` finding;
- signatures without a role word get the roles that match the parties best overall, positions
  weighing as much as names.
"""

from __future__ import annotations

from itertools import permutations

from rapidfuzz import fuzz

from ...document import Line, Page
from ...models import Party, Signature
from ...provenance import make_span
from ..names import split_name, strip_titles_for_match
from ..values import is_masked, is_masked_nip
from .heads import _Head, _Name


def _signature(
    head: _Head, name: _Name | None, page: Page
) -> tuple[Signature, list[tuple[str, str, Line]]]:
    """The signature of a head and its name, and the (field, printed text, line) of each
    value that is masked and so recorded as None."""
    masks: list[tuple[str, str, Line]] = []
    if name is None:
        bare, written, nip, rank, lines = None, "", None, None, head.lines
    else:
        bare, _ = split_name(name.text)
        written, rank = name.text, name.rank
        if is_masked(name.text):
            masks.append(("name", name.text, name.line))
            bare = None
        nip = "".join(ch for ch in (name.nip or "") if ch.isdigit()) or None
        if name.nip_text and is_masked_nip(name.nip_text):
            masks.append(("nip", name.nip_text, name.last_line or name.line))
            nip = None
        lines = [*head.lines, name.line, name.last_line or name.line]
    position = " ".join(head.position).strip(" ,:") or None
    if position and is_masked(position):
        masks.append(("position", position, head.lines[0]))
        position = None
    sig = Signature(
        role=head.role,
        name=bare,
        name_as_written=written,
        position=position,
        nip=nip,
        rank=rank,
        page=page.number,
        source=make_span(page.number, lines),
    )
    return sig, masks


def _assign_roles(
    sigs: list[Signature], parties: tuple[Party | None, Party | None]
) -> list[Signature]:
    """Give signatures without a role word the roles that match the parties best overall.

    Positions weigh as much as names: one person may sign for both sides (a Plt. head who
    is also the Sekretaris), and then only the position tells the columns apart.
    """
    roles = [r for r, p in zip(("first_party", "second_party"), parties, strict=True) if p]
    free = [r for r in roles if r not in {s.role for s in sigs}]
    open_sigs = [i for i, s in enumerate(sigs) if s.role is None]
    if not free or not open_sigs or len(open_sigs) > 4:
        return sigs
    party_of = dict(zip(("first_party", "second_party"), parties, strict=True))
    slots = free + [None] * len(open_sigs)
    best: tuple[float, tuple] = (0.0, ())
    for choice in set(permutations(slots, len(open_sigs))):
        score = sum(
            _match(sigs[i], party_of[r]) for i, r in zip(open_sigs, choice, strict=True) if r
        )
        if score > best[0]:
            best = (score, choice)
    out = list(sigs)
    for i, role in zip(open_sigs, best[1], strict=False):
        if role and _match(sigs[i], party_of[role]) > 0:
            out[i] = sigs[i].model_copy(update={"role": role})
    return out


def _match(sig: Signature, party: Party) -> float:
    name = 0.0
    if sig.name is not None and party.name is not None:
        name = fuzz.ratio(strip_titles_for_match(sig.name), strip_titles_for_match(party.name))
    position = 0.0
    if sig.position and party.position:
        position = fuzz.partial_ratio(sig.position.upper(), party.position.upper())
    return (name if name >= 80 else 0) + (position if position >= 60 else 0)
