"""Stage 6: parse one agreement's pages into an ``Agreement`` record.

This is the parse stage's entry point: it runs the page-level parsers (parties, signatures,
Lampiran 1, Penjelasan) over the pages ``segment`` grouped, and derives the agreement-wide
fields (title, year, agency, level, place and date, a stable id).

Each section is parsed on its own (``faults.guarded``): a parser that raises loses its
section only (left empty or null) and leaves an ``internal_error`` for the record, so one
bug in one table never costs the agreement its parties, or the bundle its other agreements.
"""

from __future__ import annotations

import hashlib

import regex
from rapidfuzz import fuzz

from .completeness import UNASSESSED, assess
from .document import Page, Problem
from .faults import guarded
from .models import Agreement, Budget, Explanation, PageDate, Party, Quantity, Signature
from .parse import penjelasan
from .parse.dates import SigningDate, parse_date_words, parse_signing_line
from .parse.lampiran1 import Lampiran1, parse_lampiran1
from .parse.matching import matches, same_quantity
from .parse.names import strip_titles_for_match
from .parse.parties import PartiesRead, read_parties
from .parse.penjelasan import parse_explanations
from .parse.signatures import read_signatures
from .provenance import make_span
from .vocabulary import is_pk_title, pk_title_year, unspread

# Organisations a PK is made in: a region's Dinas, Badan, Inspektorat, Sekretariat DPRD, RSUD,
# Puskesmas, Kecamatan, Kelurahan, UPT(D); a ministry and its Eselon I/II units (Direktorat
# Jenderal, Sekretariat Jenderal, Inspektorat Jenderal, Badan, Pusat, Biro, Kedeputian).
_AGENCY_WORDS = (
    r"(?:DINAS|BADAN|SEKRETARIAT\s+(?:DAERAH|DPRD|DEWAN|JENDERAL|KEMENTERIAN|UTAMA)|"
    r"INSPEKTORAT|KANTOR|SATUAN\s+POLISI|RUMAH\s+SAKIT|RSUD|PUSKESMAS|KECAMATAN|KELURAHAN|"
    r"UPTD?|DIREKTORAT|BIRO|PUSAT|KEDEPUTIAN|KEMENTERIAN)\b"
)
_AGENCY = regex.compile(rf"^{_AGENCY_WORDS}", regex.I)
_AGENCY_IN_TEXT = regex.compile(rf"(?<=\s){_AGENCY_WORDS}.*$")
_UNIT = regex.compile(
    r"^(?:SEKRETARIAT\s+DINAS|SEKRETARIAT\s+BADAN|BIDANG|SUB\s*BAGIAN|SEKSI)\b", regex.I
)
# A ministry is the government above its units, as a Kabupaten is above its Dinas.
_MINISTRY_LINE = regex.compile(r"^KEMENTERIAN\b", regex.I)
_MINISTRY = regex.compile(
    r"\b(?:KEMENTERIAN|MENTERI|(?:DIREKTORAT|SEKRETARIAT|INSPEKTORAT)\s+JENDERAL)\b", regex.I
)
_REGION_LINE = regex.compile(r"^(?:KABUPATEN|KOTA|PROVINSI)\s+\p{Lu}[\p{Lu} ]*$")
# Level headings: ``ESELON I``..``IV`` (also in ``TINGKAT UNIT ORGANISASI ESELON I``), and the
# newer names: JPT Madya (Eselon I), JPT Pratama (II), Administrator (III), Pengawas (IV).
_ESELON = regex.compile(
    r"\b(?:ESELON\s+(IV|III|II|I|[1-4])\b|"
    r"(?:JPT|JABATAN\s+PIMPINAN\s+TINGGI)\s+(MADYA|PRATAMA)\b|(ADMINISTRATOR)|(PENGAWAS)\b)",
    regex.I,
)
# Lines that name an organisation (``BADAN PENGAWAS ...``) or hold a label's value
# (``Jabatan : Kepala Seksi Pengawas ...``) are not level headings.
_NOT_A_LEVEL = regex.compile(
    rf"^\s*(?:{_AGENCY_WORDS}|(?:NAMA|JABATAN|NIP|PANGKAT|UNIT\s+KERJA|INSTANSI)\b)", regex.I
)
_ESELON_LEVEL = {
    "I": "eselon_i",
    "II": "eselon_ii",
    "III": "eselon_iii",
    "IV": "eselon_iv",
    "1": "eselon_i",
    "2": "eselon_ii",
    "3": "eselon_iii",
    "4": "eselon_iv",
    "MADYA": "eselon_i",
    "PRATAMA": "eselon_ii",
}
_KEPALA = r"(?:KEPALA|KA\.?)\s+"
_TOP = "top"  # the top official of a region or ministry: level null (signs for all of it)
# The level of an office, by where it sits: ``(in a region, in a ministry, pattern)``. A
# Badan is a region's Eselon II agency but an Eselon I unit of a ministry, so its Kepala
# (and Sekretaris) rank one higher there.
_POSITION_LEVELS: list[tuple[str, str, regex.Pattern]] = [
    (
        _TOP,
        _TOP,
        regex.compile(
            r"^(?:PJ\.?\s+|PLT\.?\s+|PLH\.?\s+)?(?:WAKIL\s+)?"
            r"(?:BUPATI|WALI\s*KOTA|GUBERNUR|MENTERI)\b",
            regex.I,
        ),
    ),
    (
        "eselon_i",
        "eselon_i",
        regex.compile(
            r"\b(?:SEKRETARIS\s+(?:JENDERAL|KEMENTERIAN|UTAMA)|DIREKTUR\s+JENDERAL|"
            r"INSPEKTUR\s+JENDERAL|DIRJEN|SEKJEN|IRJEN|DEPUTI)\b",
            regex.I,
        ),
    ),
    ("eselon_ii", "eselon_i", regex.compile(rf"\b{_KEPALA}BADAN\b", regex.I)),
    ("eselon_iii", "eselon_ii", regex.compile(r"\bSEKRETARIS\s+BADAN\b", regex.I)),
    (
        "eselon_ii",
        "eselon_ii",
        regex.compile(
            rf"\b(?:{_KEPALA}(?:DINAS|KANTOR|SATUAN|PELAKSANA|BIRO|PUSAT)|"
            r"SEKRETARIS\s+(?:DAERAH|DPRD|DEWAN|DIREKTORAT\s+JENDERAL|INSPEKTORAT\s+JENDERAL)|"
            r"INSPEKTUR|DIREKTUR|ASISTEN(?:\s+DEPUTI)?)\b",
            regex.I,
        ),
    ),
    (
        "eselon_iii",
        "eselon_iii",
        regex.compile(
            rf"\b(?:SEKRETARIS|KABID|KABAG|KASUBDIT|CAMAT|INSPEKTUR\s+PEMBANTU|"
            rf"{_KEPALA}(?:BIDANG|BAGIAN|SUB\s*DIREKTORAT))\b",
            regex.I,
        ),
    ),
    (
        "eselon_iv",
        "eselon_iv",
        regex.compile(
            r"\b(?:(?:KASUBAG|KASUBBAG|KASI|KASIE|KASUBBID|KASUBID|LURAH)\b|"
            rf"{_KEPALA}(?:SUB(?!\s*DIREKTORAT)|SEKSI\b|UPT|PUSKESMAS\b))",
            regex.I,
        ),
    ),
]
_HEADING_LINES = 8
_DATE_SENTENCE_END = regex.compile(r",?\s+kami\s+yang\b", regex.I)
_PLACE_IN_WORDS = regex.compile(r"\bbertempat\s+di\s+([^,.;:]+)", regex.I)
_OPEN_END = regex.compile(r"\b(?:DAN|&)$", regex.I)


def build_agreement(
    index: int, pages: list[Page], cover_agency: str | None
) -> tuple[Agreement, list[Problem], list[Problem]]:
    """Parse the pages of one agreement (its agreement page first).

    Returns the agreement, the findings made while parsing and the errors of sections lost
    to a parser fault (``internal_error``; the section is left empty or null)."""
    agreement_page = pages[0]
    errors: list[Problem] = []

    def guard(section: str, run, default, page: int = agreement_page.number):
        return guarded(errors, "parse", section, run, default, index, page)

    parties = guard("parties", lambda: read_parties(agreement_page), PartiesRead(None, None, []))
    first, second = parties.first, parties.second
    problems: list[Problem] = list(parties.problems)
    signatures: list[Signature] = []
    dates: dict[int, SigningDate] = {}
    signature_area: set[int] = set()
    for page in pages:
        block = guard(
            "signature block",
            lambda page=page: read_signatures(page, (first, second)),
            None,
            page.number,
        )
        if block is None:
            continue
        problems.extend(
            guard(
                "signature findings",
                lambda block=block: block.problems(len(signatures)),
                [],
                page.number,
            )
        )
        signatures.extend(block.signatures)
        signature_area.update(line.number for line in block.lines)
        if block.date:
            dates[page.number] = block.date
    first = guard(
        "first party's NIP",
        lambda: _with_signed_nip(first, "first_party", signatures, agreement_page.number),
        first,
    )
    second = guard(
        "second party's NIP",
        lambda: _with_signed_nip(second, "second_party", signatures, agreement_page.number),
        second,
    )
    signing = guard("signing date", lambda: _signing_date(agreement_page), None)
    signing = signing or dates.get(agreement_page.number)
    lampiran_1 = [p for p in pages if p.kind == "lampiran_1"]
    lampiran1 = guard(
        "Lampiran 1 tables",
        lambda: parse_lampiran1(lampiran_1, signature_area, index),
        Lampiran1(),
        lampiran_1[0].number if lampiran_1 else agreement_page.number,
    )
    problems.extend(lampiran1.problems)
    errors.extend(lampiran1.errors)
    explanations = _explanations(
        [p for p in pages if p.kind == "lampiran_2"], signature_area, errors, index
    )
    title = guard("title", lambda: _title(agreement_page), None)
    agency = guard("agency", lambda: _agency(pages, first, second), None) or cover_agency
    fields = dict(
        index=index,
        id="",
        title=title,
        year=guard("year", lambda: _year(title, signing), None),
        agency=agency,
        level=guard("level", lambda: _level(pages, first, second, agency), None),
        first_party=first,
        second_party=second,
        place=signing.place if signing else None,
        date=signing.date if signing else None,
        date_raw=signing.raw if signing else None,
        signatures=signatures,
        performance_targets=lampiran1.targets,
        budget=lampiran1.budget,
        explanations=explanations,
        pages=list(dict.fromkeys(p.number for p in pages)),  # a PDF page cut in sections
        page_dates=[_page_date(pages, n, d) for n, d in dates.items()],
    )
    agreement = with_completeness(fields, pages, guard)
    agreement = guard(
        "target units from Penjelasan",
        lambda: with_penjelasan_units(agreement),
        agreement,
        lampiran_1[0].number if lampiran_1 else agreement_page.number,
    )
    return agreement.model_copy(update={"id": agreement_id(agreement)}), problems, errors


def with_penjelasan_units(agreement: Agreement) -> Agreement:
    """Rule "a bare target's unit is the one its Penjelasan restates it with": a Lampiran 1
    target printed as a bare number (no unit in its cell, none from a Satuan column) takes
    the unit of the Penjelasan target of the same indicator when both give the same value
    (``97`` / ``97 %``); ``unit_source`` says so. Rows and targets are paired as the audit
    pairs them (``parse.matching.matches``); a value that disagrees lends no unit."""
    rows = agreement.performance_targets
    if not any(_bare(row.target) for row in rows) or not any(
        t.target.unit for section in agreement.explanations for t in section.targets
    ):
        return agreement  # the cheap test first: nothing to lend or nothing to take
    updated = list(rows)
    for k, (_, _, restated) in matches(agreement).items():
        row = rows[k]
        if (
            not _bare(row.target)
            or restated.target.unit is None
            or not same_quantity(row.target, restated.target, 0.0)
        ):
            continue
        target = row.target.model_copy(update={"unit": restated.target.unit})
        updated[k] = row.model_copy(update={"target": target, "unit_source": "penjelasan"})
    return agreement.model_copy(update={"performance_targets": updated})


def _bare(target: Quantity) -> bool:
    """A number (or a range of numbers) printed without a unit."""
    readable = target.value is not None or (target.min is not None and target.max is not None)
    return target.unit is None and readable


def _explanations(
    pages: list[Page], signature_area: set[int], errors: list[Problem], index: int
) -> list[Explanation]:
    """The Penjelasan sections. When parsing them raises, they are parsed again one section at
    a time, so that only the section whose parser fails is lost (with an error)."""
    if not pages:
        return []
    try:
        return parse_explanations(pages, signature_area)
    except Exception:  # noqa: BLE001 - retried section by section below, each one guarded
        pass
    sections = guarded(
        errors,
        "parse",
        "Penjelasan Kinerja sections",
        lambda: penjelasan.section_lines(pages, signature_area),
        [],
        index,
        pages[0].number,
    )
    out = []
    for n, lines in enumerate(sections, start=1):
        section = guarded(
            errors,
            "parse",
            f"Penjelasan Kinerja section {n}",
            lambda lines=lines: penjelasan.parse_section(lines),
            None,
            index,
            lines[0].page,
        )
        if section is not None:
            out.append(section)
    return out


def minimal_agreement(index: int, pages: list[Page]) -> Agreement:
    """What is kept of an agreement whose parsing failed outright: its place in the bundle
    and its pages (every parsed field empty), so that the record still counts it and an
    auditor can find it; the id is derived from its pages' text, stable across runs."""
    digest = hashlib.sha256(
        "\n".join(line.text for page in pages for line in page.lines).encode()
    ).hexdigest()[:12]
    fields = dict(
        index=index,
        id=f"pk-unknown-unparsed-{digest}",
        title=None,
        year=None,
        agency=None,
        level=None,
        first_party=None,
        second_party=None,
        place=None,
        date=None,
        date_raw=None,
        signatures=[],
        performance_targets=[],
        budget=Budget(items=[], total=None),
        explanations=[],
        pages=list(dict.fromkeys(p.number for p in pages)),  # a PDF page cut in sections
        page_dates=[],
    )
    return with_completeness(fields, pages)


def with_completeness(fields: dict, pages: list[Page], guard=None) -> Agreement:
    """The agreement of ``fields`` with its completeness assessed on ``pages``. When the
    assessment itself fails (under ``guard``), every part is reported unreadable: what was
    read cannot be vouched for."""
    draft = Agreement.model_construct(**fields)  # what assess reads; validated just below
    if guard is None:
        completeness = assess(draft, pages)
    else:
        completeness = guard("completeness", lambda: assess(draft, pages), UNASSESSED)
    return Agreement(**fields, completeness=completeness)


def _page_date(pages: list[Page], number: int, date: SigningDate) -> PageDate:
    """A page's place-and-date line with the line it was read from."""
    line = next(
        (
            line
            for page in pages
            if page.number == number
            for line in page.lines
            if date.raw and date.raw in line.text
        ),
        None,
    )
    return PageDate(
        page=number,
        place=date.place,
        date=date.date,
        date_raw=date.raw,
        source=None if line is None else make_span(number, [line]),
    )


def _with_signed_nip(
    party: Party | None, role: str, signatures: list[Signature], page: int
) -> Party | None:
    """A party whose Nama block prints no NIP takes the one printed under their signature
    on the agreement page itself (never one from a Lampiran page); ``nip_source`` says so.
    A masked or missing name on either side cannot be matched, so it takes none."""
    if party is None or party.nip or party.name is None:
        return party
    for sig in signatures:
        if (
            sig.page == page
            and sig.role == role
            and sig.nip
            and sig.name is not None
            and same_person(sig.name, party.name)
        ):
            return party.model_copy(update={"nip": sig.nip, "nip_source": "signature"})
    return party


def same_person(a: str, b: str) -> bool:
    """Names compared without titles and punctuation, tolerating an OCR slip."""
    return fuzz.ratio(strip_titles_for_match(a), strip_titles_for_match(b)) >= 85


def agreement_id(agreement: Agreement) -> str:
    """Stable id from what identifies an agreement: year, parties and their targets."""
    parts = [
        str(agreement.year),
        _who(agreement.first_party),
        _who(agreement.second_party),
        *(f"{t.indicator}={t.target.raw}" for t in agreement.performance_targets),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:12]
    slug = regex.sub(r"[^a-z0-9]+", "-", _who(agreement.first_party).lower()).strip("-")[:40]
    return f"pk-{agreement.year or 'unknown'}-{slug or 'unnamed'}-{digest}"


def _who(party: Party | None) -> str:
    return f"{party.name}|{party.position}" if party else ""


# A title's year printed on a line of its own under it: ``TAHUN 2025``, ``TAHUN ANGGARAN
# 2025``, ``TA. 2025`` or the bare year.
_YEAR_LINE = regex.compile(r"^(?:(?:TAHUN|TA\.?)\s*(?:ANGGARAN\s+)?)?(?:19|20)\d{2}\.?$", regex.I)


def _title(page: Page) -> str | None:
    """The PK title among the page's heading lines, in any of its spellings (``is_pk_title``:
    with or without a year, ``ESELON III``, ``FORMULIR ...``, spread letters read as words).
    A title split over two lines (``PERJANJIAN KINERJA`` / ``TAHUN 2025``) is joined again:
    a title naming no year takes the year line printed right under it."""
    content = [line.text.strip() for line in page.content()[:_HEADING_LINES]]
    for i, text in enumerate(content):
        if "\t" in text or not is_pk_title(text):
            continue
        title = unspread(text)
        below = unspread(content[i + 1]) if i + 1 < len(content) else ""
        if pk_title_year(title) is None and _YEAR_LINE.match(below):
            joined = f"{title} {below}"
            title = joined if pk_title_year(joined) else title
        return title
    return None


def _year(title: str | None, signing: SigningDate | None) -> int | None:
    """The title's year, else the year the agreement was signed."""
    if title and (year := pk_title_year(title)):
        return int(year)
    if signing and signing.date:
        return int(signing.date[:4])
    return None


def _signing_date(page: Page) -> SigningDate | None:
    for line in page.lines:
        if found := parse_signing_line(line.text):
            return found
        if line.text.lower().startswith("pada hari ini") and (iso := parse_date_words(line.text)):
            place = _PLACE_IN_WORDS.search(line.text)
            raw = _DATE_SENTENCE_END.split(line.text.strip(), maxsplit=1)[0]
            return SigningDate(place=place.group(1).strip() if place else None, date=iso, raw=raw)
    return None


def agency_from(pages: list[Page]) -> str | None:
    """The organisation named in the heading lines of the pages, as printed: a DINAS, BADAN
    ... line (not the government above it, not a unit such as a Sekretariat or Bidang inside
    it), with its wrapped rest (``... DAN`` / ``PELAYANAN ...``, ``KABUPATEN X``). A ministry
    is the government above its units: a ``KEMENTERIAN ...`` line gives way to the Direktorat
    Jenderal, Badan, Biro ... printed under it, and is the agency only when none is."""
    for page in pages:
        content = [line.text.strip() for line in page.content()[:_HEADING_LINES]]
        found: list[str] = []
        i = 0
        while i < len(content):
            text, i = _agency_at(content, i)
            found += [text] if text else []
        if found:
            below = [text for text in found[1:] if not _MINISTRY_LINE.match(text)]
            return below[0] if _MINISTRY_LINE.match(found[0]) and below else found[0]
    return None


def _agency_at(content: list[str], i: int) -> tuple[str | None, int]:
    """The organisation whose name starts on heading line ``i``, with its wrapped rest, and
    the index of the line after it."""
    text = content[i]
    if "\t" in text or len(text) > 100 or not _AGENCY.match(text) or _UNIT.match(text):
        return None, i + 1
    while i + 1 < len(content) and (_OPEN_END.search(text) or _REGION_LINE.match(content[i + 1])):
        i += 1
        text = f"{text} {content[i]}"
    return text, i + 1


def agency_in_position(*parties: Party | None) -> str | None:
    """The organisation named inside a position ("KEPALA BIDANG PAJAK BADAN PENDAPATAN ...")."""
    for party in parties:
        if party and party.position and (match := _AGENCY_IN_TEXT.search(party.position)):
            return match.group(0).strip()
    return None


def _agency(pages: list[Page], first: Party | None, second: Party | None) -> str | None:
    return agency_from(pages[:1]) or agency_from(pages[1:]) or agency_in_position(first, second)


def _level(
    pages: list[Page], first: Party | None, second: Party | None = None, agency: str | None = None
) -> str | None:
    """The agreement's level: a level heading (``ESELON III``, ``JPT PRATAMA``) in the pages'
    heading lines (not an organisation's name), else the first party's office
    (``position_level``); ``staff`` for a position that names no office, null for a top
    official or without a position."""
    for page in pages:
        for line in page.content()[:_HEADING_LINES]:
            if "\t" in line.text or len(line.text) > 120 or _NOT_A_LEVEL.match(line.text):
                continue
            if match := _ESELON.search(line.text):
                return _eselon(match)
    if first is None or not first.position:
        return None
    context = [agency, first.position, second.position if second else None]
    if pages:  # the organisation lines above the title (``KEMENTERIAN ...``), not sentences
        heading = [line.text.strip() for line in pages[0].content()[:_HEADING_LINES]]
        context += [text for text in heading if _AGENCY.match(text)]
    return position_level(first.position, any(t and _MINISTRY.search(t) for t in context))


def position_level(position: str, ministry: bool = False) -> str | None:
    """The level of an office, from the office word printed leftmost in the position (the
    longest one there: ``DIREKTUR JENDERAL`` over ``DIREKTUR``, ``ASISTEN DEPUTI`` over
    ``DEPUTI``), so that an organisation named after it (``KEPALA BIDANG PAJAK BADAN ...``)
    never decides. ``ministry``: the agreement is a ministry's (a Kepala Badan is Eselon I)."""
    best: tuple[int, int, str] | None = None
    for in_region, in_ministry, pattern in _POSITION_LEVELS:
        if match := pattern.search(position):
            key = (match.start(), -len(match.group(0)), in_ministry if ministry else in_region)
            best = key if best is None or key[:2] < best[:2] else best
    if best is None:
        return "staff"
    return None if best[2] == _TOP else best[2]


def _eselon(match: regex.Match) -> str:
    if match.group(1) or match.group(2):
        return _ESELON_LEVEL[(match.group(1) or match.group(2)).upper()]
    return "eselon_iii" if match.group(3) else "eselon_iv"
