"""The auditors' report (``extractor audit``): files, CSV, self-contained escaped HTML,
highlighted cells linked to their discrepancies, source lines and PDF crops."""

from __future__ import annotations

import base64
import csv
import dataclasses
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import main
from extractor.emit import validate_record
from extractor.models import SCHEMA_VERSION, Discrepancy, ExtractionResult, Location
from extractor.pipeline import Options, extract
from extractor.report import bundle_stems, discrepancies_csv, locate, render_bundle

ROOT = Path(__file__).resolve().parent.parent
LUWU = ROOT / "samples" / "pk-dpmptsp-luwu-timur-2025.txt"
PRINGSEWU_PDF = ROOT / "samples" / "pdf" / "pk-pringsewu-diskominfo-2025.pdf"
GOLDEN_LUWU = ROOT / "tests" / "golden" / "records" / "pk-dpmptsp-luwu-timur-2025.json"
BOM = "\ufeff"
SCRIPT = "<script>alert(1)</script>"

TINY_PK = f"""PERJANJIAN KINERJA TAHUN 2025

Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini :

Nama: BUDI {SCRIPT} SANTOSO, S.E.
Jabatan: KEPALA DINAS KOMUNIKASI DAN INFORMATIKA

Selanjutnya disebut PIHAK KESATU

Nama: RIYANTO PAMUNGKAS
Jabatan: BUPATI PRINGSEWU

Selaku atasan PIHAK KESATU, selanjutnya disebut PIHAK KEDUA.

PIHAK KESATU pada tahun 2025 berjanji akan mewujudkan target kinerja tahunan sesuai lampiran perjanjian ini.

PIHAK KEDUA
BUPATI PRINGSEWU

RIYANTO PAMUNGKAS

PIHAK KESATU
KEPALA DINAS KOMUNIKASI DAN INFORMATIKA

BUDI SANTOSO, S.E.

Pembina Tk. I
NIP. 19840819 200212 1 001

PERJANJIAN KINERJA TAHUN 2025
DINAS KOMUNIKASI DAN INFORMATIKA KABUPATEN PRINGSEWU

No\tSasaran Strategis\tIndikator Sasaran\tTarget
1\tMeningkatnya Akuntabilitas Kinerja\tNilai SAKIP {SCRIPT}\t
2\tMeningkatnya Kualitas Komunikasi Publik\tIndeks Keterbukaan Informasi Publik\t70 Indeks
"""


class Page(HTMLParser):
    """The ids, internal links and highlighted cells of a page, and every src/href."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.sources: list[str] = []
        self.tags: set[str] = set()
        self.cells: list[dict] = []  # highlighted td/dd: {id, classes, links}
        self._cell: dict | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.add(tag)
        if a.get("id"):
            self.ids.add(a["id"])
        if a.get("src") is not None:
            self.sources.append(a["src"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
            if self._cell is not None:
                self._cell["links"].append(a["href"])
        classes = (a.get("class") or "").split()
        if tag in ("td", "dd") and "hl" in classes:
            self._cell = {"id": a.get("id"), "classes": classes, "links": [], "text": ""}
            self.cells.append(self._cell)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "dd"):
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell["text"] += data


def run_audit(tmp: Path, *inputs: Path | str, extra: tuple[str, ...] = ()):
    out = tmp / "report"
    result = CliRunner().invoke(main, ["audit", *map(str, inputs), "-o", str(out), *extra])
    return result, out


@pytest.fixture(scope="module")
def luwu_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    result, out = run_audit(tmp_path_factory.mktemp("luwu"), LUWU)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def pdf_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    result, out = run_audit(tmp_path_factory.mktemp("pdf"), PRINGSEWU_PDF)
    assert result.exit_code == 0, result.output
    return out


def csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def assert_self_contained(html: str) -> None:
    assert 'src="http' not in html
    assert "<link" not in html.lower()
    assert "<script" not in html.lower()  # no scripts at all, inline or not
    assert "@import" not in html and "url(" not in html
    page = Page(html)
    assert all(src.startswith("data:") for src in page.sources), page.sources
    external = [h for h in page.links if re.match(r"^[a-z][a-z0-9+.-]*:", h, re.I)]
    assert external == []  # links are fragments or relative files of the report


def assert_links_resolve(html: str) -> Page:
    page = Page(html)
    dangling = [h for h in page.links if h.startswith("#") and h[1:] not in page.ids]
    assert dangling == []
    return page


@pytest.mark.parametrize("which", ["luwu_report", "pdf_report"])
def test_report_files(which: str, request: pytest.FixtureRequest) -> None:
    out: Path = request.getfixturevalue(which)
    stem = LUWU.stem if which == "luwu_report" else PRINGSEWU_PDF.stem
    for name in ("index.html", f"{stem}.html", "discrepancies.csv", f"records/{stem}.json"):
        assert (out / name).is_file(), name
    assert not list(out.rglob("*.tmp"))  # written atomically, nothing left behind
    record = json.loads((out / "records" / f"{stem}.json").read_text(encoding="utf-8"))
    assert validate_record(record) == []
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'href="{stem}.html"' in index
    assert_self_contained(index)


@pytest.mark.parametrize("which", ["luwu_report", "pdf_report"])
def test_csv_has_bom_and_one_row_per_discrepancy(which: str, request) -> None:
    out: Path = request.getfixturevalue(which)
    stem = LUWU.stem if which == "luwu_report" else PRINGSEWU_PDF.stem
    raw = (out / "discrepancies.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    record = json.loads((out / "records" / f"{stem}.json").read_text(encoding="utf-8"))
    all_rows = csv_rows(out / "discrepancies.csv")
    assert len(all_rows) == len(record["discrepancies"]) + len(record["extraction_notes"])
    rows = [r for r in all_rows if r["kind"] == "finding"]
    notes = [r for r in all_rows if r["kind"] == "note"]
    assert [r["code"] for r in notes] == [d["code"] for d in record["extraction_notes"]]
    assert [r["report"] for r in notes] == [f"{stem}.html#n-{n}" for n in range(1, len(notes) + 1)]
    agreements = {a["index"]: a for a in record["agreements"]}
    for n, (row, d) in enumerate(zip(rows, record["discrepancies"], strict=True), start=1):
        assert (row["code"], row["severity"]) == (d["code"], d["severity"])
        assert row["values"] == " | ".join(d["values"])
        assert row["field"].split(" | ") == [loc["field"] or "" for loc in d["locations"]]
        assert row["report"] == f"{stem}.html#d-{n}"
        if d["agreement_index"] is not None:
            assert row["agreement_id"] == agreements[d["agreement_index"]]["id"]


def test_bundle_page_is_self_contained_and_counts_match(luwu_report: Path) -> None:
    html = (luwu_report / f"{LUWU.stem}.html").read_text(encoding="utf-8")
    record = json.loads((luwu_report / "records" / f"{LUWU.stem}.json").read_text("utf-8"))
    assert_self_contained(html)
    count = re.search(r'id="discrepancy-count">(\d+)<', html)
    assert count and int(count.group(1)) == len(record["discrepancies"])
    page = assert_links_resolve(html)
    for n in range(1, len(record["discrepancies"]) + 1):
        assert f"d-{n}" in page.ids
    bundle_wide = [d for d in record["discrepancies"] if d["agreement_index"] is None]
    if bundle_wide:
        assert 'id="bundle-wide"' in html


def test_highlighted_cells_link_to_their_discrepancies(luwu_report: Path) -> None:
    html = (luwu_report / f"{LUWU.stem}.html").read_text(encoding="utf-8")
    record = json.loads((luwu_report / "records" / f"{LUWU.stem}.json").read_text("utf-8"))
    page = Page(html)
    assert page.cells, "no highlighted cell"
    for cell in page.cells:
        assert cell["links"], cell
        assert all(h.startswith("#d-") and h[1:] in page.ids for h in cell["links"]), cell
        assert any(c in cell["classes"] for c in ("hl-error", "hl-warning", "hl-info"))
    # the unreadable amount of agreement 1, budget row 3, is highlighted and links to it
    n = 1 + next(
        i
        for i, d in enumerate(record["discrepancies"])
        if d["code"] == "malformed_amount"
        and d["locations"][0]["field"] == "budget.items[2].amount"
    )
    cell = next(c for c in page.cells if c["id"] == "f-1-budget-2-amount")
    assert f"#d-{n}" in cell["links"] and "17.925.5200" in cell["text"]
    assert "hl-warning" in cell["classes"]
    # and the discrepancy shows its source lines, the involved one marked, and links back
    finding = html[html.index(f'id="d-{n}"') :]
    end = finding.find('<li class="finding', 1)
    finding = finding if end < 0 else finding[:end]
    assert '<tr class="involved focus"><td class="ln">377</td>' in finding
    assert '<td class="ln">375</td>' in finding and '<td class="ln">379</td>' in finding
    assert 'href="#f-1-budget-2-amount"' in finding


def test_every_located_discrepancy_is_highlighted_somewhere(luwu_report: Path) -> None:
    """Each discrepancy whose locations name a shown value has a cell linking to it."""
    html = (luwu_report / f"{LUWU.stem}.html").read_text(encoding="utf-8")
    record = ExtractionResult.model_validate_json(
        (luwu_report / "records" / f"{LUWU.stem}.json").read_text("utf-8")
    )
    page = Page(html)
    linked = {h for c in page.cells for h in c["links"]}
    for n, d in enumerate(record.discrepancies, start=1):
        cells = [
            k
            for loc in d.locations
            if (k := locate(loc, d, record)) and k[3] is not None and k[2] is not None
        ]
        if cells:
            assert f"#d-{n}" in linked, (n, d.code, [loc.field for loc in d.locations])


@pytest.mark.parametrize(
    ("field", "agreement", "page", "key"),
    [
        ("budget.items[3].amount", 1, 11, (1, "budget", 3, "amount")),
        ("budget.total", 1, 11, (1, "budget", "total", "amount")),
        ("performance_targets[2]", 6, 26, (6, "targets", 2, None)),
        ("performance_targets[6].target", 8, 32, (8, "targets", 6, "target")),
        ("performance_targets[0].quarterly_targets[1]", 0, 4, (0, "targets", 0, "q1")),
        ("signatures[1].nip", 1, 10, (1, "signatures", 1, "nip")),
        ("signatures[1].name_as_written", 1, 10, (1, "signatures", 1, "name")),
        ("signatures", 1, 10, (1, "signatures", None, None)),
        ("first_party", 5, 22, (5, "parties", "first_party", None)),
        ("second_party.nip", 5, 22, (5, "parties", "second_party", "nip")),
        ("explanations[0].targets[1]", 6, 27, (6, "explanation-0", 1, None)),
        ("explanations[0].targets[0].target", 6, 27, (6, "explanation-0", 0, "target")),
        ("explanations[2]", 5, 24, (5, "explanation-2", None, None)),
        ("date", 1, 10, (1, "meta", None, "date")),
        ("agreements[6].signatures[2].nip", None, 26, (6, "signatures", 2, "nip")),
        ("budget.items[1].amount", None, 26, (6, "budget", 1, "amount")),  # page -> agreement
        ("duplicates.kept_page", None, 6, (None, "duplicates", 2, "kept_page")),
        ("duplicates[0].dropped_page", None, 3, (None, "duplicates", 0, "dropped_page")),
        ("something.new[4]", 1, 10, None),
        (None, 1, 10, None),
    ],
)
def test_field_paths_map_to_cells(field, agreement, page, key) -> None:
    data = json.loads(GOLDEN_LUWU.read_text(encoding="utf-8"))
    data["schema_version"] = SCHEMA_VERSION  # the snapshot may predate a minor bump
    record = ExtractionResult.model_validate(data)
    location = Location(page=page, field=field, line=None, bbox=None)
    d = Discrepancy(
        code="x", severity="info", agreement_index=agreement, message="", values=[], locations=[]
    )
    assert locate(location, d, record) == key


def test_document_text_is_escaped(tmp_path: Path) -> None:
    source = tmp_path / "pk-xss.txt"
    source.write_text(TINY_PK, encoding="utf-8")
    result, out = run_audit(tmp_path, source)
    assert result.exit_code == 0, result.output
    html = (out / "pk-xss.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    # the source lines printing it are shown, as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert_links_resolve(html)


def test_record_values_are_escaped(tmp_path: Path) -> None:
    """Values that reach the record as markup (a converter, a later parser) stay text."""
    record = extract(str(PRINGSEWU_PDF))
    evil = '<img src=x onerror="alert(1)">'
    party = record.agreements[0].first_party.model_copy(update={"name_as_written": evil})
    agreement = record.agreements[0].model_copy(update={"first_party": party, "title": SCRIPT})
    finding = Discrepancy(
        code="x<b>y</b>",
        severity="error",
        agreement_index=0,
        message=f"a message with {SCRIPT}",
        values=[SCRIPT, evil],
        locations=[Location(page=1, field="first_party.name", line=5, bbox=None)],
    )
    record = record.model_copy(update={"agreements": [agreement], "discrepancies": [finding]})
    html = render_bundle(record)
    assert "<script" not in html.lower() and "<img src=x" not in html and "<b>y" not in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert_self_contained(html)
    text = discrepancies_csv([(record, "p.html")])
    assert SCRIPT in text  # CSV is data: kept as printed


def test_pdf_report_is_self_contained(pdf_report: Path) -> None:
    html = (pdf_report / f"{PRINGSEWU_PDF.stem}.html").read_text(encoding="utf-8")
    record = json.loads(
        (pdf_report / "records" / f"{PRINGSEWU_PDF.stem}.json").read_text(encoding="utf-8")
    )
    assert_self_contained(html)
    assert_links_resolve(html)
    count = re.search(r'id="discrepancy-count">(\d+)<', html)
    assert count and int(count.group(1)) == len(record["discrepancies"])
    boxed = [d for d in record["discrepancies"] if any(loc["bbox"] for loc in d["locations"])]
    if boxed:  # every discrepancy with a box gets a crop of its page
        assert html.count('src="data:image/png;base64,') >= len(boxed)


def test_pdf_discrepancy_gets_a_cropped_page_image() -> None:
    record = extract(str(PRINGSEWU_PDF))
    item = record.agreements[0].budget.items[0]
    assert item.source and item.source.bbox
    finding = Discrepancy(
        code="budget_check",
        severity="error",
        agreement_index=0,
        message="an amount to look at",
        values=[item.amount.raw],
        locations=[
            Location(
                page=item.source.page,
                field="budget.items[0].amount",
                line=item.source.line_start,
                bbox=item.source.bbox,
            )
        ],
    )
    html = render_bundle(record.model_copy(update={"discrepancies": [finding]}))
    assert_self_contained(html)
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert len(images) == 1
    png = base64.b64decode(images[0])
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) < 80_000  # small: a crop around the box, not the page
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    page_width = 612 * 100 / 72
    assert width <= page_width + 1 and height < 0.5 * 792 * 100 / 72
    page = Page(html)
    cell = next(c for c in page.cells if c["id"] == "f-0-budget-0-amount")
    assert cell["links"] == ["#d-1"] and "hl-error" in cell["classes"]


def test_row_and_table_paths_highlight(tmp_path: Path) -> None:
    record = extract(str(PRINGSEWU_PDF))
    located = [
        Discrepancy(
            code=f"c{n}",
            severity="warning",
            agreement_index=0,
            message="m",
            values=[],
            locations=[Location(page=2, field=field, line=None, bbox=None)],
        )
        for n, field in enumerate(["performance_targets[1]", "signatures", "budget.total"])
    ]
    html = render_bundle(record.model_copy(update={"discrepancies": located}))
    page = assert_links_resolve(html)
    row = [c for c in page.cells if "#d-1" in c["links"]]
    assert len(row) >= 4 and all("soft" in c["classes"] for c in row)  # the whole row
    assert re.search(r'<tr id="f-0-targets-1" class="[^"]*\bhl-row-warning\b', html)
    assert "f-0-signatures" in page.ids  # the table's heading
    assert "f-0-budget-total-amount" in page.ids  # a total row appears for the finding


def test_failed_input_exit_code_and_index(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result, out = run_audit(tmp_path, empty, LUWU)
    assert result.exit_code == 1
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="empty.html"' in index and "status-failed" in index
    assert (out / "empty.html").is_file() and (out / "records" / "empty.json").is_file()
    failed = json.loads((out / "records" / "empty.json").read_text(encoding="utf-8"))
    assert failed["status"] == "failed"


def test_stems_are_unique() -> None:
    def record(path: str) -> ExtractionResult:
        from extractor.pipeline import failed

        return failed(path, "x", "x")

    stems = bundle_stems([record("a/x.txt"), record("b/x.pdf"), record("index.txt"), record("-")])
    assert stems[0] == "x" and stems[1].startswith("x-") and len(set(stems)) == 4
    assert stems[2] != "index" and stems[3] == "stdin"


def test_csv_neutralises_formulas() -> None:
    record = extract(str(PRINGSEWU_PDF))
    finding = Discrepancy(
        code="x",
        severity="info",
        agreement_index=None,
        message="=HYPERLINK(1)",
        values=["+1", "-", "@a"],
        locations=[],
    )
    rows = list(
        csv.DictReader(
            io.StringIO(
                discrepancies_csv([(record.model_copy(update={"discrepancies": [finding]}), "p")])
            )
        )
    )
    assert rows[0]["\ufeffbundle"].endswith(".pdf")
    assert rows[0]["message"] == "'=HYPERLINK(1)" and rows[0]["values"] == "'+1 | - | @a"


def test_rules_and_disable_reach_extraction(tmp_path: Path) -> None:
    if "audit" not in {f.name for f in dataclasses.fields(Options)}:
        pytest.skip("Options has no audit configuration yet")
    from extractor.audit import rule_names

    def codes(out: Path) -> set[str]:
        record = json.loads((out / "records" / f"{LUWU.stem}.json").read_text("utf-8"))
        return {d["code"] for d in record["discrepancies"]}

    _, out = run_audit(tmp_path / "all", LUWU)
    rules = sorted(codes(out) & set(rule_names()))
    if len(rules) < 2:
        pytest.skip("fewer than two audit rules fire on the sample")
    config = tmp_path / "rules.toml"
    config.write_text(f'disabled = ["{rules[0]}"]\n', encoding="utf-8")
    extra = ("--rules", str(config), "--disable", rules[1])
    result, out = run_audit(tmp_path / "some", LUWU, extra=extra)
    assert result.exit_code == 0, result.output
    assert rules[0] not in codes(out) and rules[1] not in codes(out)
    args = ["audit", str(LUWU), "-o", str(tmp_path / "x"), "--disable", "no_such_rule"]
    bad = CliRunner().invoke(main, args)
    assert bad.exit_code == 2 and "no_such_rule" in bad.output


def test_a_page_that_cannot_be_made_does_not_lose_the_report(tmp_path: Path, monkeypatch) -> None:
    import extractor.report as report

    def broken(result: ExtractionResult) -> str:
        raise RuntimeError(f"boom {SCRIPT}")

    monkeypatch.setattr(report, "render_bundle", broken)
    summaries = report.write_report([extract(str(LUWU))], tmp_path)
    page = (tmp_path / f"{LUWU.stem}.html").read_text(encoding="utf-8")
    assert "could not be made" in page and "<script" not in page
    assert summaries[0].errors and (tmp_path / "index.html").is_file()
    assert csv_rows(tmp_path / "discrepancies.csv")


def test_notes_are_apart_from_findings_in_page_and_csv(tmp_path: Path) -> None:
    """Findings (about the document) and extraction notes (about the reading) get separate
    sections, counts, anchors (``d-N``, ``n-N``) and CSV kinds; notes highlight no cell."""
    from tests.test_checks import AGREEMENT
    from tests.test_extraction_notes import HEADER, _rows, ocr_record

    text = AGREEMENT.format(nip="19801301 199501 3 000")  # an impossible NIP: a finding
    text += "\f" + "\n".join(["LAMPIRAN I", HEADER, *_rows(1, 6)])
    text += "\f" + "\n".join([HEADER, *_rows(7, 5)])
    source = tmp_path / "ocrish.txt"
    source.write_text(text, encoding="utf-8")
    result = ocr_record(text, {2: 0.45, 3: 0.45}, str(source))
    assert [d.code for d in result.discrepancies] == ["nip_invalid"]
    assert [n.code for n in result.extraction_notes] == ["low_confidence"] * 2
    html = render_bundle(result)
    assert_self_contained(html)
    page = assert_links_resolve(html)
    assert re.search(r'id="discrepancy-count">1<', html)
    assert re.search(r'id="note-count">2<', html)
    assert {"d-1", "n-1", "n-2", "notes"} <= page.ids and "d-2" not in page.ids
    notes_section = html[html.index('<section class="card" id="notes">') :]
    assert notes_section.count('<li class="finding') == 2
    assert "nip_invalid" not in notes_section
    assert all(not h.startswith("#n-") for cell in page.cells for h in cell["links"])
    rows = csv_rows_text(discrepancies_csv([(result, "ocrish.html")]))
    assert [(r["kind"], r["code"], r["report"]) for r in rows] == [
        ("finding", "nip_invalid", "ocrish.html#d-1"),
        ("note", "low_confidence", "ocrish.html#n-1"),
        ("note", "low_confidence", "ocrish.html#n-2"),
    ]
    assert rows[1]["page"].split(" | ") == ["2"] * 6


def test_index_counts_notes_apart(tmp_path: Path) -> None:
    from extractor.report import render_index
    from extractor.report.html import summary
    from tests.test_extraction_notes import ocr_record, two_page_table

    result = ocr_record(two_page_table(4, 3), {2: 0.45, 3: 0.45})
    entry = summary(result, "pk", "pk.html", "records/pk.json")
    assert (entry.total, entry.notes) == (0, 2)
    html = render_index([entry, entry])
    assert re.search(r'id="note-count">4<', html) and re.search(r'id="discrepancy-count">0<', html)


def csv_rows_text(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
