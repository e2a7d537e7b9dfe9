"""Rules on people: parties against their signatures, and one person's NIP across a bundle.

Names are compared without titles (``Drs. H. BUDIMAN, M.Pd`` is ``BUDIMAN``) and fuzzily, so
that an OCR slip or a misprint (``SURA`` for ``SURYA``) is reported as a mismatch of one
person's name, while a different name is reported as a different signer.

Rule "a null name is unknown": a party or signature whose name is masked (``Xxxxx``) or
whose signature block is empty has ``name`` None. Such a name is never a match and never a
mismatch: no name, same-signer or position finding is made on it (a position is compared only
for a signer known to be the party). For ``signature_missing`` a masked signer counts as having
signed (a name was printed, only hidden), while an empty block (a role or position with no
name under it) is no signature, and the party is reported as not signing.
"""

from __future__ import annotations

from collections import defaultdict

import regex
from rapidfuzz import fuzz

from ..models import Agreement, Discrepancy, Party, Signature
from ..parse.names import strip_titles_for_match
from .engine import AuditConfig, Bundle, discrepancy, location, rule

_ROLES = {"first_party": "Pihak Pertama", "second_party": "Pihak Kedua"}
_TITLE_WORD = regex.compile(
    r"\b(KEPALA|SEKRETARIS|BUPATI|WALI\s*KOTA|WALIKOTA|GUBERNUR|KASUBAG|KASUBBAG|KASI|KABID|"
    r"BENDAHARA|PRANATA|CAMAT|LURAH|DIREKTUR|INSPEKTUR|STAF)\b",
    regex.I,
)
_UNIT_WORD = regex.compile(
    r"\b(DINAS|BADAN|BIDANG|BAGIAN|SEKSI|SUB\s*BAGIAN|SUB\s*BIDANG|DAERAH)\b", regex.I
)


def name_ratio(a: str | None, b: str | None) -> float | None:
    """How alike two names are without their titles (0-100); None when either is unknown."""
    if a is None or b is None:
        return None
    return fuzz.ratio(strip_titles_for_match(a), strip_titles_for_match(b))


def _same_person(a: str | None, b: str | None, threshold: float) -> bool:
    """Both names known and alike: an unknown name is never a match."""
    ratio = name_ratio(a, b)
    return ratio is not None and ratio >= threshold


def _signed(sig: Signature) -> bool:
    """A signature block with a name printed under it (perhaps masked), not an empty one."""
    return sig.name is not None or bool(sig.name_as_written.strip())


def _named(person: Party | Signature) -> str:
    """A name for a message: the bare name, or what is printed when it is unknown."""
    if person.name is not None:
        return person.name
    written = person.name_as_written.strip()
    return f"'{written}' (masked)" if written else "(no name printed)"


def _party(agreement: Agreement, role: str) -> Party | None:
    return getattr(agreement, role)


@rule("signature_missing")
def signature_missing(bundle: Bundle, config: AuditConfig) -> list[Discrepancy]:
    """Each party named on the agreement page signs that page (a page with no signature at
    all is already reported as ``missing_signatures`` by the record checks)."""
    out = []
    for agreement in bundle.agreements:
        page = agreement.pages[0]
        if not any(s.page == page for s in agreement.signatures):
            continue
        for role, label in _ROLES.items():
            party = _party(agreement, role)
            mine = [s for s in agreement.signatures if s.page == page and s.role == role]
            if party is None or any(_signed(s) for s in mine):
                continue
            empty = " (the signature block is empty)" if mine else ""
            message = (
                f"{label} {_named(party)} does not sign the agreement page (page {page}){empty}."
            )
            out.append(
                discrepancy(
                    "signature_missing",
                    "warning",
                    agreement,
                    message,
                    [party.name_as_written],
                    [location(party.source, role)],
                )
            )
    return out


@rule("signature_name_mismatch")
def signature_name_mismatch(bundle: Bundle, config: AuditConfig) -> list[Discrepancy]:
    """A signature whose name is not the party's: a misprint of it (close) or another person."""
    out = []
    for agreement in bundle.agreements:
        for i, sig in enumerate(agreement.signatures):
            party = _party(agreement, sig.role) if sig.role else None
            if party is None:
                continue
            ratio = name_ratio(sig.name, party.name)
            if ratio is None or ratio >= config.same_name_limit:
                continue  # an unknown name is no mismatch
            out.append(_name_finding(agreement, i, sig, party, ratio >= config.name_similarity))
    return out


def _name_finding(
    agreement: Agreement, i: int, sig: Signature, party: Party, close: bool
) -> Discrepancy:
    label = _ROLES[sig.role]
    if close:
        code = "signature_name_mismatch"
        message = (
            f"The signature on page {sig.page} spells the name of {label} '{sig.name}', but the "
            f"agreement page names '{party.name}'."
        )
    else:
        code = "signature_other_person"
        message = f"{label} is {party.name}, but {sig.name} signs in that place on page {sig.page}."
    return discrepancy(
        code,
        "warning",
        agreement,
        message,
        [party.name_as_written, sig.name_as_written],
        [location(party.source, sig.role), location(sig.source, f"signatures[{i}].name")],
    )


@rule("same_signer_both_parties")
def same_signer_both_parties(bundle: Bundle, config: AuditConfig) -> list[Discrepancy]:
    """One person signing for both parties on a page, or named as both parties."""
    out = []
    for agreement in bundle.agreements:
        pages = sorted({s.page for s in agreement.signatures})
        for page in pages:
            first = [
                (i, s)
                for i, s in enumerate(agreement.signatures)
                if s.page == page and s.role == "first_party"
            ]
            second = [
                (i, s)
                for i, s in enumerate(agreement.signatures)
                if s.page == page and s.role == "second_party"
            ]
            for (i, a), (j, b) in ((x, y) for x in first for y in second):
                if not _same_person(a.name, b.name, config.name_similarity):
                    continue
                message = (
                    f"{a.name} signs for both Pihak Pertama ({a.position or '?'}) and Pihak Kedua "
                    f"({b.position or '?'}) on page {page}."
                )
                out.append(
                    discrepancy(
                        "same_signer_both_parties",
                        "warning",
                        agreement,
                        message,
                        [a.name_as_written, b.name_as_written],
                        [
                            location(a.source, f"signatures[{i}]"),
                            location(b.source, f"signatures[{j}]"),
                        ],
                    )
                )
        one, two = agreement.first_party, agreement.second_party
        if one and two and _same_person(one.name, two.name, config.name_similarity):
            message = f"{one.name} is named as both Pihak Pertama and Pihak Kedua."
            out.append(
                discrepancy(
                    "same_signer_both_parties",
                    "warning",
                    agreement,
                    message,
                    [one.name_as_written, two.name_as_written],
                    [location(one.source, "first_party"), location(two.source, "second_party")],
                )
            )
    return out


def _title_and_unit(position: str) -> tuple[str | None, str | None]:
    title = _TITLE_WORD.search(position)
    unit = _UNIT_WORD.search(position)
    norm = lambda m: " ".join(m.group(1).upper().split()) if m else None  # noqa: E731
    return norm(title), norm(unit)


@rule("position_mismatch")
def position_mismatch(bundle: Bundle, config: AuditConfig) -> list[Discrepancy]:
    """A signature's position that names another office than the party's (``SEKRETARIS``
    signing where the party is ``KEPALA DINAS``); shortened forms of the same office agree."""
    out = []
    for agreement in bundle.agreements:
        for i, sig in enumerate(agreement.signatures):
            party = _party(agreement, sig.role) if sig.role else None
            if not party or not party.position or not sig.position:
                continue
            if not _same_person(sig.name, party.name, config.name_similarity):
                continue  # another or an unknown person signs: not known to be the party
            mine, theirs = _title_and_unit(sig.position), _title_and_unit(party.position)
            clash = any(a and b and a != b for a, b in zip(mine, theirs, strict=True))
            if not clash:
                continue
            message = (
                f"{sig.name} signs on page {sig.page} as '{sig.position}', but the agreement page "
                f"gives the position of {_ROLES[sig.role]} as '{party.position}'."
            )
            out.append(
                discrepancy(
                    "position_mismatch",
                    "warning",
                    agreement,
                    message,
                    [party.position, sig.position],
                    [
                        location(party.source, f"{sig.role}.position"),
                        location(sig.source, f"signatures[{i}].position"),
                    ],
                )
            )
    return out


def _printed_nips(bundle: Bundle):
    """(name, nip, agreement, field, source) of every NIP printed in the bundle (the name may
    be None: unknown)."""
    for a in bundle.agreements:
        for role in ("first_party", "second_party"):
            party = getattr(a, role)
            if party and party.nip:
                yield party.name, party.nip, a, f"{role}.nip", party.source
        for i, s in enumerate(a.signatures):
            if s.nip:
                yield s.name, s.nip, a, f"signatures[{i}].nip", s.source


@rule("person_nip_conflict")
def person_nip_conflict(bundle: Bundle, config: AuditConfig) -> list[Discrepancy]:
    """Across the bundle: one person printed with two NIPs, or one NIP printed for two people."""
    by_name: dict[str, list] = defaultdict(list)
    by_nip: dict[str, list] = defaultdict(list)
    for item in _printed_nips(bundle):
        if item[0] is not None:  # an unknown name is nobody's: it is grouped with no one
            by_name[strip_titles_for_match(item[0])].append(item)
        by_nip[item[1]].append(item)
    out = []
    for items in by_name.values():
        nips = sorted({item[1] for item in items})
        if len(nips) > 1:
            message = (
                f"{items[0][0]} is printed with {len(nips)} different NIPs: {', '.join(nips)}."
            )
            out.append(_bundle_finding("person_nip_conflict", message, nips, items))
    for nip, items in by_nip.items():
        known = [item[0] for item in items if item[0] is not None]
        names = _distinct_names(known, config.name_similarity)
        if len(names) > 1:
            message = f"The NIP {nip} is printed for different people: {', '.join(names)}."
            out.append(_bundle_finding("nip_shared", message, names, items))
    return out


def _distinct_names(names: list[str], threshold: int) -> list[str]:
    distinct: list[str] = []
    for name in names:
        if not any(_same_person(name, other, threshold) for other in distinct):
            distinct.append(name)
    return distinct


def _bundle_finding(code: str, message: str, values: list[str], items: list) -> Discrepancy:
    locations = []
    seen = set()
    for _, nip, agreement, field, source in items:
        key = (source.page if source else None, nip)
        if key in seen:
            continue
        seen.add(key)
        locations.append(location(source, f"agreements[{agreement.index}].{field}"))
    return discrepancy(code, "warning", None, message, values, locations)
