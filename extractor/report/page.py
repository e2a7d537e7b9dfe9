"""Building one bundle's page: agreements as tables, findings, sources and duplicates."""

from __future__ import annotations

from collections import defaultdict

from ..models import Agreement, Discrepancy, ExtractionResult, Location, Span
from .diff import (
    _split_difference,
    page_diff,
)
from .paths import (
    anchor_id,
    locate,
    resolve_source,
)
from .source import (
    SourceFile,
)
from .views import (
    _RANK,
    MAX_IMAGES,
    QUARTERS,
    AgreementView,
    Cell,
    Column,
    DuplicateView,
    Fact,
    Finding,
    Key,
    LocationView,
    Ref,
    Row,
    Table,
    _bbox_text,
    _label,
    _money,
    _quantity,
    severity_counts,
)

# ----------------------------------------------------------------------------------------
# building the page


class BundleView:
    """Everything the bundle template needs, built from one record."""

    def __init__(self, result: ExtractionResult, source: SourceFile) -> None:
        self.result = result
        self.source = source
        self.marks: dict[Key, list[Ref]] = defaultdict(list)
        self.keys: list[list[Key | None]] = []
        self.anchors: set[str] = set()
        self.table_labels: dict[str, str] = {}
        for number, d in enumerate(result.discrepancies, start=1):
            ref = Ref(number, d.severity, d.code)
            keys = [locate(loc, d, result) for loc in d.locations]
            for key in dict.fromkeys(k for k in keys if k is not None):
                self.marks[key].append(ref)
            self.keys.append(keys)
        self.agreements = [self._agreement(a) for a in result.agreements]
        self.duplicate_table = self._duplicate_table()
        self.duplicates = [self._duplicate(i) for i in range(len(result.duplicates))]
        self.bundle_findings = [
            self._finding(n, d)
            for n, d in enumerate(result.discrepancies, start=1)
            if d.agreement_index is None or not 0 <= d.agreement_index < len(result.agreements)
        ]
        by_agreement: dict[int, list[Finding]] = defaultdict(list)
        for n, d in enumerate(result.discrepancies, start=1):
            if d.agreement_index is not None and 0 <= d.agreement_index < len(result.agreements):
                by_agreement[d.agreement_index].append(self._finding(n, d))
        for view in self.agreements:
            view.findings = by_agreement.get(view.index, [])
        self.counts = severity_counts(result.discrepancies)
        self.first_of: dict[str, str] = {}
        for n, d in enumerate(result.discrepancies, start=1):
            self.first_of.setdefault(d.severity, f"d-{n}")
        self.codes = _code_counts(result.discrepancies)
        self.notes = [self._note(n, d) for n, d in enumerate(result.extraction_notes, start=1)]
        self.note_codes = _code_counts(result.extraction_notes, "n")

    # marks ------------------------------------------------------------------------------

    def _refs(self, *keys: Key) -> list[Ref]:
        refs = {ref for key in keys for ref in self.marks.get(key, [])}
        return sorted(refs, key=lambda r: (_RANK.get(r.severity, 9), r.number))

    def _anchor(self, key: Key, label: str) -> str | None:
        if not self.marks.get(key):
            return None
        anchor = anchor_id(key)
        self.anchors.add(anchor)
        self.table_labels[anchor] = label
        return anchor

    def cell(self, key: Key, text: str | None, label: str, kind: str = "") -> Cell:
        """A value's cell: highlighted when a discrepancy names it, or (softly) its row."""
        own = self._refs(key)
        row = self._refs((key[0], key[1], key[2], None)) if key[3] is not None else []
        refs = self._refs(key, (key[0], key[1], key[2], None)) if row else own
        if not own and not text:
            refs = []  # an empty cell of an involved row: the row's tint says enough
        return Cell(
            text=text or "",
            refs=refs,
            anchor=self._anchor(key, label),
            kind=kind,
            soft=bool(refs) and not own,
        )

    def _row(self, key: Key, cells: list[Cell], label: str, kind: str = "") -> Row:
        return Row(cells=cells, anchor=self._anchor(key, label), kind=kind, refs=self._refs(key))

    def _table(self, key: Key, title: str, columns: list[Column], rows: list[Row], **kw) -> Table:
        return Table(
            title=title,
            columns=columns,
            rows=rows,
            anchor=self._anchor(key, title),
            refs=self._refs(key),
            **kw,
        )

    # agreements -------------------------------------------------------------------------

    def _agreement(self, a: Agreement) -> AgreementView:
        i = a.index
        name = f"Agreement {i + 1}"
        person = a.first_party
        heading = (person.position or person.name) if person else (a.title or "agreement")
        facts = [
            Fact("Title", self.cell((i, "meta", None, "title"), a.title, f"{name} · title")),
            Fact("Agency", self.cell((i, "meta", None, "agency"), a.agency, f"{name} · agency")),
            Fact(
                "Level", self.cell((i, "meta", None, "level"), _label(a.level), f"{name} · level")
            ),
            Fact("Year", self.cell((i, "meta", None, "year"), str(a.year or ""), f"{name} · year")),
            Fact("Place", self.cell((i, "meta", None, "place"), a.place, f"{name} · place")),
            Fact(
                "Date",
                self.cell(
                    (i, "meta", None, "date"),
                    f"{a.date} ({a.date_raw})" if a.date and a.date_raw else a.date or a.date_raw,
                    f"{name} · date",
                ),
            ),
            Fact(
                "Pages",
                self.cell(
                    (i, "meta", None, "pages"), ", ".join(map(str, a.pages)), f"{name} · pages"
                ),
            ),
            Fact("Id", self.cell((i, "meta", None, "id"), a.id, f"{name} · id", "mono")),
            Fact(
                "Parts",
                self.cell(
                    (i, "meta", None, "completeness"),
                    _completeness(a),
                    f"{name} · completeness",
                ),
            ),
        ]
        view = AgreementView(
            index=i,
            anchor=f"a-{i}",
            heading=heading,
            subheading=person.name_as_written if person else None,
            facts=facts,
            refs=self._refs((i, "meta", None, None)),
            tables=[],
            findings=[],
            counts=severity_counts(
                [d for d in self.result.discrepancies if d.agreement_index == i]
            ),
        )
        view.target = self._anchor((i, "meta", None, None), name)
        view.first_party, view.year, view.pages = person.name if person else None, a.year, a.pages
        view.tables = [
            self._parties(a, name),
            self._signatures(a, name),
            self._targets(a, name),
            self._budget(a, name),
            *self._explanations(a, name),
        ]
        return view

    def _parties(self, a: Agreement, name: str) -> Table:
        i, rows = a.index, []
        for role, label in (("first_party", "Pihak Pertama"), ("second_party", "Pihak Kedua")):
            p = getattr(a, role)
            where = f"{name} · {label}"
            key = (i, "parties", role)
            rows.append(
                self._row(
                    (*key, None),
                    [
                        Cell(label, kind="label"),
                        self.cell((*key, "name"), p.name_as_written if p else None, where),
                        self.cell((*key, "position"), p.position if p else None, where),
                        self.cell((*key, "nip"), p.nip if p else None, where, "mono"),
                        Cell(str(p.source.page) if p and p.source else "", kind="num muted"),
                    ],
                    where,
                )
            )
        columns = [
            Column(""),
            Column("Name"),
            Column("Position"),
            Column("NIP"),
            Column("p.", "num"),
        ]
        return self._table((i, "parties", None, None), "Parties", columns, rows)

    def _signatures(self, a: Agreement, name: str) -> Table:
        i, rows = a.index, []
        for n, s in enumerate(a.signatures):
            where = f"{name} · signature {n + 1}"
            key = (i, "signatures", n)
            rows.append(
                self._row(
                    (*key, None),
                    [
                        Cell(str(n + 1), kind="num muted"),
                        self.cell((*key, "page"), str(s.page), where, "num"),
                        self.cell((*key, "role"), _label(s.role), where),
                        self.cell((*key, "name"), s.name_as_written, where),
                        self.cell((*key, "position"), s.position, where),
                        self.cell((*key, "rank"), s.rank, where),
                        self.cell((*key, "nip"), s.nip, where, "mono"),
                    ],
                    where,
                )
            )
        columns = [
            Column("#", "num"),
            Column("Page", "num"),
            Column("Role"),
            Column("Name"),
            Column("Position"),
            Column("Rank"),
            Column("NIP"),
        ]
        return self._table(
            (i, "signatures", None, None), "Signatures", columns, rows, empty="no signature block"
        )

    def _targets(self, a: Agreement, name: str) -> Table:
        i, rows = a.index, []
        targets = a.performance_targets
        show_name = any(t.name for t in targets)
        quarters = max((len(t.quarterly_targets) for t in targets), default=0)
        for n, t in enumerate(targets):
            where = f"{name} · Lampiran 1 target row {t.no or n + 1}"
            key = (i, "targets", n)
            cells = [
                self.cell((*key, "no"), t.no, where, "num"),
                self.cell((*key, "level"), _label(t.level), where, "small"),
            ]
            if show_name:
                cells.append(self.cell((*key, "name"), t.name, where))
            cells += [
                self.cell((*key, "objective"), t.objective, where),
                self.cell((*key, "indicator"), t.indicator, where),
                self.cell((*key, "target"), _quantity(t.target), where, "num"),
            ]
            cells += [
                self.cell(
                    (*key, f"q{k}"),
                    _quantity(t.quarterly_targets[k]) if k < len(t.quarterly_targets) else "",
                    where,
                    "num",
                )
                for k in range(quarters)
            ]
            cells.append(Cell(str(t.source.page) if t.source else "", kind="num muted"))
            rows.append(self._row((*key, None), cells, where))
        columns = [Column("No", "num"), Column("Level")]
        if show_name:
            columns.append(Column("Program / kegiatan"))
        columns += [Column("Objective (sasaran)"), Column("Indicator"), Column("Target", "num")]
        columns += [Column(f"TW {QUARTERS[k] if k < 4 else k + 1}", "num") for k in range(quarters)]
        columns.append(Column("p.", "num"))
        return self._table(
            (i, "targets", None, None),
            "Lampiran 1 · performance targets",
            columns,
            rows,
            empty="no target rows",
        )

    def _budget(self, a: Agreement, name: str) -> Table:
        i, rows = a.index, []
        items = a.budget.items
        show_indicator = any(b.indicator for b in items)
        show_funding = any(b.funding_source for b in items)
        mixed = len({b.level for b in items}) > 1  # then program rows are set in bold
        for n, b in enumerate(items):
            where = f"{name} · budget row {b.no or n + 1}"
            key = (i, "budget", n)
            cells = [
                self.cell((*key, "no"), b.no, where, "num"),
                self.cell((*key, "level"), _label(b.level), where, "small"),
                self.cell((*key, "name"), b.name, where),
            ]
            if show_indicator:
                cells.append(self.cell((*key, "indicator"), b.indicator, where))
            amount_kind = "num" if b.amount is None or b.amount.value is not None else "num unread"
            cells.append(self.cell((*key, "amount"), _money(b.amount), where, amount_kind))
            if show_funding:
                cells.append(self.cell((*key, "funding_source"), b.funding_source, where))
            cells.append(Cell(str(b.source.page) if b.source else "", kind="num muted"))
            rows.append(self._row((*key, None), cells, where, b.level if mixed else ""))
        columns = [Column("No", "num"), Column("Level"), Column("Program / kegiatan")]
        if show_indicator:
            columns.append(Column("Indicator"))
        columns.append(Column("Amount (Rp)", "num"))
        if show_funding:
            columns.append(Column("Funding"))
        columns.append(Column("p.", "num"))
        footer = []
        total = a.budget.total
        if total is not None or self.marks.get((i, "budget", "total", "amount")):
            where = f"{name} · budget total"
            cells = [Cell("Total (as printed)", kind="label")]
            cells += [Cell("", kind="blank") for _ in range(len(columns) - 3)]
            kind = "num" if total is None or total.value is not None else "num unread"
            cells.append(self.cell((i, "budget", "total", "amount"), _money(total), where, kind))
            cells += [Cell("", kind="blank") for _ in range(len(columns) - len(cells))]
            footer.append(self._row((i, "budget", "total", None), cells, where))
        return self._table(
            (i, "budget", None, None),
            "Lampiran 1 · budget",
            columns,
            rows,
            footer=footer,
            empty="no budget rows",
        )

    def _explanations(self, a: Agreement, name: str) -> list[Table]:
        i, tables = a.index, []
        for e_index, e in enumerate(a.explanations):
            table = f"explanation-{e_index}"
            label = f"Penjelasan {e.number or e_index + 1}"
            rows = []
            for n, t in enumerate(e.targets):
                where = f"{name} · {label} target {n + 1}"
                key = (i, table, n)
                rows.append(
                    self._row(
                        (*key, None),
                        [
                            self.cell((*key, "indicator"), t.indicator, where),
                            self.cell((*key, "target"), _quantity(t.target), where, "num"),
                            self.cell((*key, "explanation"), t.explanation, where),
                            Cell(str(t.source.page) if t.source else "", kind="num muted"),
                        ],
                        where,
                    )
                )
            columns = [
                Column("Indicator"),
                Column("Target", "num"),
                Column("Explanation"),
                Column("p.", "num"),
            ]
            tables.append(
                self._table(
                    (i, table, None, None),
                    f"Lampiran 2 · {label}",
                    columns,
                    rows,
                    subtitle=e.objective,
                    empty="no Target Kinerja rows",
                )
            )
        return tables

    # duplicates -------------------------------------------------------------------------

    def _duplicate_table(self) -> Table:
        rows = []
        for n, d in enumerate(self.result.duplicates):
            where = f"duplicate: page {d.dropped_page} copies page {d.kept_page}"
            key = (None, "duplicates", n)
            rows.append(
                self._row(
                    (*key, None),
                    [
                        self.cell((*key, "kept_page"), str(d.kept_page), where, "num"),
                        self.cell((*key, "dropped_page"), str(d.dropped_page), where, "num"),
                        self.cell((*key, "similarity"), f"{d.similarity:.2%}", where, "num"),
                        self.cell(
                            (*key, "differences"),
                            "; ".join(d.differences) or "identical",
                            where,
                            "" if d.differences else "muted",
                        ),
                    ],
                    where,
                )
            )
        columns = [
            Column("Kept page", "num"),
            Column("Dropped page", "num"),
            Column("Similarity", "num"),
            Column("Differences"),
        ]
        return self._table((None, "duplicates", None, None), "Duplicate pages", columns, rows)

    def _duplicate(self, n: int) -> DuplicateView:
        d = self.result.duplicates[n]
        differences = [_split_difference(text) for text in d.differences]
        view = DuplicateView(
            kept_page=d.kept_page,
            dropped_page=d.dropped_page,
            similarity=f"{d.similarity:.2%}",
            differences=differences,
        )
        try:
            if self.source.lines is not None:
                kept, dropped = (
                    self.source.page_lines(d.kept_page),
                    self.source.page_lines(d.dropped_page),
                )
                if kept and dropped:
                    view.kept, view.dropped = page_diff(kept[1], dropped[1], kept[0], dropped[0])
                    view.compared = True
            elif self.source.pdf is not None:
                kept_text = self.source.pdf_page_text(d.kept_page)
                dropped_text = self.source.pdf_page_text(d.dropped_page)
                if kept_text is not None and dropped_text is not None:
                    view.kept, view.dropped = page_diff(kept_text, dropped_text, 1, 1)
                    view.compared = True
                if d.differences:
                    view.images = (
                        self.source.thumbnail(d.kept_page),
                        self.source.thumbnail(d.dropped_page),
                    )
            else:
                view.note = self.source.note
        except Exception as error:  # a damaged page must not lose the report
            view.note = f"the pages could not be read again: {error}"
        return view

    # findings ---------------------------------------------------------------------------

    def _note(self, number: int, d: Discrepancy) -> Finding:
        """An extraction note: shown like a finding, in its own section (anchors ``n-N``);
        it highlights no cell (cells mark what the document gets wrong)."""
        keys = [locate(loc, d, self.result) for loc in d.locations]
        return self._finding(number, d, keys, "n")

    def _finding(
        self, number: int, d: Discrepancy, keys: list[Key | None] | None = None, prefix: str = "d"
    ) -> Finding:
        keys = self.keys[number - 1] if keys is None else keys
        in_range = d.agreement_index is not None and 0 <= d.agreement_index < len(
            self.result.agreements
        )
        return Finding(
            number=number,
            code=d.code,
            severity=d.severity,
            message=d.message,
            values=list(d.values),
            agreement_index=d.agreement_index,
            agreement_label=f"Agreement {d.agreement_index + 1}" if in_range else None,
            locations=[
                self._location(d, loc, key) for loc, key in zip(d.locations, keys, strict=True)
            ],
            prefix=prefix,
        )

    def _location(self, d: Discrepancy, loc: Location, key: Key | None) -> LocationView:
        view = LocationView(
            page=loc.page, line=loc.line, field=loc.field, bbox=_bbox_text(loc.bbox)
        )
        if key is not None:
            anchor = anchor_id(key)
            if anchor in self.anchors:
                view.target = anchor
                view.target_label = self.table_labels.get(anchor)
        span = resolve_source(loc, d, self.result)
        if span is not None and loc.page is not None and span.page != loc.page:
            span = None
        try:
            if self.source.lines is not None:
                self._text_context(view, d, loc, span)
            elif self.source.pdf is not None:
                self._pdf_context(view, d, loc, span)
            elif loc.page is not None or loc.line is not None:
                view.note = self.source.note
        except Exception as error:  # a damaged page must not lose the report
            view.note = f"the source could not be shown: {error}"
        return view

    def _text_context(
        self, view: LocationView, d: Discrepancy, loc: Location, span: Span | None
    ) -> None:
        if loc.line is not None:
            if span is not None and span.line_start <= loc.line <= span.line_end:
                start, end = span.line_start, span.line_end
            else:
                start = end = loc.line
        elif span is not None:
            start, end = span.line_start, span.line_end
        elif loc.page is not None:
            found = self._find_on_page(loc.page, d.values)
            if found is None:
                return
            start = end = found
        else:
            return
        view.lines, view.truncated, view.repairs = self.source.text_lines(start, end, loc.line)

    def _find_on_page(self, page: int, values: list[str]) -> int | None:
        """A location with a page but no line: the first line of the page printing a value."""
        found = self.source.page_lines(page)
        if found is None:
            return None
        first, lines = found
        wanted = [v.strip().lower() for v in values if len(v.strip()) >= 4]
        for offset, line in enumerate(lines):
            flat = " ".join(line.split()).lower()
            if any(w in flat for w in wanted):
                return first + offset
        return None

    def _pdf_context(
        self, view: LocationView, d: Discrepancy, loc: Location, span: Span | None
    ) -> None:
        page = loc.page if loc.page is not None else span.page if span else None
        if page is None:
            return
        bbox = loc.bbox or (span.bbox if span else None) or self.source.find_box(page, d.values)
        image = self.source.crop(page, bbox, d.severity) if bbox else self.source.thumbnail(page)
        if image is None and self.source.images >= MAX_IMAGES:
            view.note = f"no more page images on this page (at most {MAX_IMAGES}); see page {page}"
        view.image = image


def _code_counts(
    discrepancies: list[Discrepancy], prefix: str = "d"
) -> list[tuple[str, str, int, str]]:
    """(code, worst severity, count, first anchor) by code, most severe and frequent first."""
    counts: dict[str, list] = {}
    for n, d in enumerate(discrepancies, start=1):
        entry = counts.setdefault(d.code, [d.code, d.severity, 0, f"{prefix}-{n}"])
        entry[2] += 1
        if _RANK.get(d.severity, 9) < _RANK.get(entry[1], 9):
            entry[1] = d.severity
    return sorted(
        (tuple(e) for e in counts.values()), key=lambda e: (_RANK.get(e[1], 9), -e[2], e[0])
    )


def _completeness(agreement: Agreement) -> str:
    """The parts printed but not read, and those the document does not print."""
    states = agreement.completeness.model_dump()
    unreadable = [part for part, state in states.items() if state == "unreadable"]
    absent = [part for part, state in states.items() if state == "absent"]
    out = [f"not read: {', '.join(unreadable)}"] if unreadable else ["every printed part read"]
    return "; ".join(out + ([f"not printed: {', '.join(absent)}"] if absent else []))
