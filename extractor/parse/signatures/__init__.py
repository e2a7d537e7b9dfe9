"""Signature blocks: who signed a page, in which role, with which position, rank and NIP.

Two signature columns (Pihak Kedua left, Pihak Pertama right) reach us flattened into one
text column in various orders: column after column, or both heads (role/position) first and
both names after. Heads and names keep their left-to-right order in either case, so the
block is read as a list of heads and a list of names paired in order; a NIP belongs to the
name right above it (or, for a run of names followed by a run of NIPs, in order).

The rules for the arrangements of the wild (each tested on generated blocks) live with the
code that implements them:
- ``area``: which lines are the signature area (long lines end it or stay out of it);
- ``pieces``: line limits, a name and its NIP on one line, two names on one line;
- ``kinds``: what one piece is (date, role, position, name, NIP, rank, blank cell, noise);
- ``columns``: tab columns, parallel side-by-side columns, wrapped degrees, bare names;
- ``heads``: heads and names paired in order, NIPs attached, two positions in one head cut;
- ``roles``: signatures built, masked values, roles matched to the parties;
- ``block``: ``read_signatures`` and ``SignatureBlock``, with the signing date.
"""

from .area import signature_lines
from .block import SignatureBlock, read_signatures
from .columns import signature_tokens
from .pieces import split_item, two_names

__all__ = [
    "SignatureBlock",
    "read_signatures",
    "signature_lines",
    "signature_tokens",
    "split_item",
    "two_names",
]
