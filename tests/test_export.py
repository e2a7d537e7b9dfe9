"""Spreadsheet exports (``extractor export``): the workbook read back with openpyxl, the CSVs
with the csv module, both against the records they were made from."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.utils import get_column_letter

from extractor import export
from extractor.cli import main
from extractor.export import TABLES, read_records, tables, write_csvs, write_xlsx
from extractor.models import (
    Budget,
    BudgetItem,
    Coverage,
    Discrepancy,
    ExtractionNote,
    ExtractionResult,
    Location,
    Money,
    Source,
)
from extractor.parse.values import parse_quantity
from extractor.pipeline import extract, failed
from extractor.report.csv_report import _text as formula_safe

from .auditkit import agreement, explanation, party, signature, span, target

ROOT = Path(__file__).resolve().parent.parent
LUWU = ROOT / "samples" / "pk-dpmptsp-luwu-timur-2025.txt"
SHEETS = [
    "Agreements",
    "Targets",
    "Budget",
    "Penjelasan",
    "Signatures",
    "Discrepancies",
    "Extraction notes",
    "Files",
]
RUPIAH = "#,##0"
FORMULAS = ('=HYPERLINK("http://x","y")', "+62 811", "-5%", "@SUM(A1:A9)")


# ----------------------------------------------------------------------------------------
# generated records


def record(path: str, agreements: list, findings=(), notes=()) -> ExtractionResult:
    return ExtractionResult(
        extractor_version="test",
        status="ok",
        source=Source(
            path=path,
            sha256="0" * 64,
            media_type="text/plain",
            page_count=4,
            ocr_pages=[],
            encoding="utf-8",
            size_bytes=100,
        ),
        agreements=agreements,
        duplicates=[],
        discrepancies=list(findings),
        errors=[],
        pages=[],
        repairs=[],
        extraction_notes=list(notes),
        coverage=Coverage(content_lines=100, consumed_lines=95, share=0.95, threshold=0.9),
    )


def budget(amounts: list[float], total: float | None, line: int = 60) -> Budget:
    items = [
        BudgetItem(
            no=str(n),
            level="program",
            name=f"Program {n}",
            indicator=None,
            amount=Money(raw=f"{value:,.0f}".replace(",", "."), value=value),
            funding_source="APBD",
            source=span(2, line + n),
        )
        for n, value in enumerate(amounts, start=1)
    ]
    money = Money(raw=f"{total:,.0f}", value=total) if total is not None else None
    return Budget(items=items, total=money, total_source=span(2, line + 9) if money else None)


def finding(code: str, index: int | None, *places: tuple[int, int, str], cls=Discrepancy):
    locations = [Location(page=p, field=f, line=ln, bbox=None) for p, ln, f in places]
    return cls(
        code=code,
        severity="warning",
        agreement_index=index,
        message=f"{code} found",
        values=["a", "b"],
        locations=locations,
    )


def generated(path: str = "in/generated.txt", formulas: bool = False) -> ExtractionResult:
    """Two agreements with targets (a rupiah one, a percentage, a range, quarters), budgets,
    a Penjelasan section without targets, signatures, findings with several locations and a
    note; with ``formulas`` every text a reader could take for a formula starts with one."""
    text = (lambda n: FORMULAS[n % len(FORMULAS)]) if formulas else (lambda n: f"Teks {n}")
    first = target(text(0), "Rp 3.300.000.000.000", no="1", line=50)
    second = target(text(1), "97 %", no="2", line=51)
    second = second.model_copy(
        update={"quarterly_targets": [parse_quantity(v) for v in ("20%", "45%", "BB", "97%")]}
    )
    ranged = target("Rentang", "60-75 %", no="3", line=52)
    a0 = agreement(
        0,
        first=party(text(2), "KEPALA DINAS", nip="198408192002121001"),
        signatures=[
            signature(
                "first_party", "BUDI SANTOSO", "KEPALA DINAS", page=1, nip="198408192002121001"
            ),
            signature("second_party", text(3), "BUPATI", page=1, line=35),
        ],
        targets=[first, second, ranged],
        explanations=[explanation("1", [(text(1), "97 %")]), explanation("2", [], ["Indeks X"])],
        budget=budget([4_324_506_023.0, 105_472_300.5], 4_429_978_323.5),
    )
    a1 = agreement(1, targets=[target("Indeks", "70 Indeks", line=150)], budget=budget([], None))
    findings = [
        finding("budget_total_mismatch", 0, (2, 69, "budget.total"), (2, 61, "budget.items[0]")),
        finding("nip_shared", None),
    ]
    notes = [finding("low_confidence", 1, (5, 150, "performance_targets"), cls=ExtractionNote)]
    return record(path, [a0, a1], findings, notes)


@pytest.fixture(scope="module")
def luwu() -> ExtractionResult:
    return extract(str(LUWU))


def workbook(path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path)


def sheet_rows(book: openpyxl.Workbook, name: str) -> list[dict]:
    """The cells of each row by column name."""
    ws = book[name]
    header = [c.value for c in ws[1]]
    return [dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=2)]


def sheet_values(book: openpyxl.Workbook, name: str) -> list[dict]:
    return [{k: c.value for k, c in row.items()} for row in sheet_rows(book, name)]


def csv_table(path: Path) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    return rows[0], rows[1:]


# ----------------------------------------------------------------------------------------
# the workbook


def test_sheets_header_frozen_and_filtered(tmp_path: Path, luwu: ExtractionResult) -> None:
    out = tmp_path / "book.xlsx"
    counts = write_xlsx([luwu, generated()], out)
    book = workbook(out)
    assert book.sheetnames == SHEETS == [t.sheet for t in TABLES]
    for table in TABLES:
        ws = book[table.sheet]
        assert [c.value for c in ws[1]] == list(table.columns)
        assert all(c.font.b for c in ws[1])
        assert ws.freeze_panes == "A2"
        last = get_column_letter(len(table.columns))
        assert ws.auto_filter.ref == f"A1:{last}{counts[table.sheet] + 1}"
        assert ws.max_row == counts[table.sheet] + 1
        if table.sheet != "Files":
            assert {"source_file", "agreement_id", "page", "line"} <= set(table.columns)


def test_one_row_per_item_with_its_page_and_line(tmp_path: Path, luwu: ExtractionResult) -> None:
    records = [luwu, generated()]
    write_xlsx(records, tmp_path / "book.xlsx")
    book = workbook(tmp_path / "book.xlsx")
    agreements = [(r, a) for r in records for a in r.agreements]

    def spanned(item) -> tuple[int, int]:
        return (item.source.page, item.source.line_start)

    def check(sheet: str, items: list, where) -> None:
        rows = sheet_values(book, sheet)
        assert len(rows) == len(items), sheet
        for row, (r, a, item) in zip(rows, items, strict=True):
            assert (row["source_file"], row["agreement_id"]) == (r.source.path, a.id)
            assert (row["page"], row["line"]) == where(item), (sheet, row)

    check("Targets", [(r, a, t) for r, a in agreements for t in a.performance_targets], spanned)
    check("Budget", [(r, a, i) for r, a in agreements for i in a.budget.items], spanned)
    check("Signatures", [(r, a, s) for r, a in agreements for s in a.signatures], spanned)
    sections = [
        (r, a, t or s) for r, a in agreements for s in a.explanations for t in (s.targets or [None])
    ]
    check("Penjelasan", sections, spanned)
    check("Agreements", [(r, a, a) for r, a in agreements], lambda a: spanned(a.first_party))
    files = sheet_values(book, "Files")
    assert [f["source_file"] for f in files] == [r.source.path for r in records]
    for sheet, attribute in (
        ("Discrepancies", "discrepancies"),
        ("Extraction notes", "extraction_notes"),
    ):
        rows = sheet_values(book, sheet)
        found = [d for r in records for d in getattr(r, attribute)]
        assert [row["code"] for row in rows] == [d.code for d in found]
        for row, d in zip(rows, found, strict=True):
            first = d.locations[0] if d.locations else None
            assert (row["page"], row["line"]) == (
                (first.page, first.line) if first else (None, None)
            )
            others = row["other_locations"]
            assert (others or "").count("|") == max(len(d.locations) - 2, 0)


def test_numbers_are_numbers_with_a_thousands_format_on_rupiah(tmp_path: Path) -> None:
    result = generated()
    write_xlsx([result], tmp_path / "book.xlsx")
    book = workbook(tmp_path / "book.xlsx")
    items = result.agreements[0].budget.items
    budget_rows = sheet_rows(book, "Budget")
    amounts = [row["amount"] for row in budget_rows]
    assert [c.value for c in amounts] == [i.amount.value for i in items]
    assert all(c.data_type == "n" and c.number_format == RUPIAH for c in amounts)
    assert all(row["page"].data_type == "n" for row in budget_rows)
    agreement_row = sheet_rows(book, "Agreements")[0]
    total = agreement_row["budget_total"]
    assert (total.value, total.number_format) == (4_429_978_323.5, RUPIAH)
    assert (agreement_row["budget_total_page"].value, agreement_row["budget_total_line"].value) == (
        2,
        69,
    )
    nip = agreement_row["first_party_nip"]
    assert (nip.value, nip.data_type) == ("198408192002121001", "s")  # 18 digits stay text
    targets = {row["indicator"].value: row for row in sheet_rows(book, "Targets")}
    rupiah, percent, ranged = targets["Teks 0"], targets["Teks 1"], targets["Rentang"]
    assert (rupiah["target_value"].value, rupiah["target_value"].number_format) == (3.3e12, RUPIAH)
    assert (percent["target_value"].value, percent["unit"].value) == (97, "%")
    assert percent["target_value"].number_format != RUPIAH
    assert [percent[f"tw_{q}"].value for q in ("i", "ii", "iii", "iv")] == [20, 45, "BB", 97]
    assert (ranged["target_value"].value, ranged["min"].value, ranged["max"].value) == (
        None,
        60,
        75,
    )
    share = sheet_rows(book, "Files")[0]["coverage"]
    assert (share.value, share.number_format) == (0.95, "0.0%")


def test_formula_looking_text_stays_text(tmp_path: Path) -> None:
    result = generated(formulas=True)
    write_xlsx([result], tmp_path / "book.xlsx")
    with zipfile.ZipFile(tmp_path / "book.xlsx") as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert not any("<f>" in archive.read(n).decode() for n in sheets)  # no formula cell
    book = workbook(tmp_path / "book.xlsx")
    seen = set()
    for ws in book.worksheets:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                assert cell.data_type != "f"
                if isinstance(cell.value, str) and cell.value in FORMULAS:
                    assert cell.data_type == "s"
                    seen.add(cell.value)
    assert seen == set(FORMULAS)
    write_csvs([result], tmp_path / "csv")
    text = "".join(p.read_text(encoding="utf-8-sig") for p in (tmp_path / "csv").glob("*.csv"))
    cells = {cell for row in csv.reader(io.StringIO(text)) for cell in row}
    assert {f"'{f}" for f in FORMULAS} <= cells
    assert not cells & set(FORMULAS)


def test_csv_has_a_bom_and_the_rows_of_the_workbook(tmp_path: Path, luwu: ExtractionResult) -> None:
    records = [luwu, generated(formulas=True)]
    counts = write_xlsx(records, tmp_path / "book.xlsx")
    assert write_csvs(records, tmp_path / "csv") == counts
    book = workbook(tmp_path / "book.xlsx")
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == sorted(t.file for t in TABLES)
    for table in TABLES:
        path = tmp_path / "csv" / table.file
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
        header, rows = csv_table(path)
        assert header == list(table.columns)
        sheet = [[c.value for c in row] for row in book[table.sheet].iter_rows(min_row=2)]
        assert len(rows) == len(sheet) == counts[table.sheet]
        for row, cells in zip(rows, sheet, strict=True):
            for text, value in zip(row, cells, strict=True):
                if value is None:
                    assert text == ""
                elif isinstance(value, str):
                    assert text == formula_safe(value)
                else:
                    assert float(text) == value and "e" not in text.lower()


def test_tables_match_the_writers(tmp_path: Path) -> None:
    """The writers write what the pure table builders return, nothing else."""
    result = generated()
    built = tables([result])
    write_xlsx([result], tmp_path / "book.xlsx")
    book = workbook(tmp_path / "book.xlsx")
    for table in TABLES:
        sheet = [tuple(c.value for c in row) for row in book[table.sheet].iter_rows(min_row=2)]
        assert sheet == [tuple(row) for row in built[table.sheet]], table.sheet


# ----------------------------------------------------------------------------------------
# inputs and the command


def run(*args: str):
    return CliRunner().invoke(main, ["export", *args])


def test_inputs_json_jsonl_and_folders(tmp_path: Path) -> None:
    one, two = generated("a.txt"), generated("b.txt")
    (tmp_path / "one.json").write_text(one.model_dump_json(indent=2))
    (tmp_path / "many.jsonl").write_text(
        one.model_dump_json() + "\n\n" + two.model_dump_json() + "\n"
    )
    nested = tmp_path / "extracted" / "sub"
    nested.mkdir(parents=True)
    (nested / "b.json").write_text(two.model_dump_json())
    (tmp_path / "extracted" / "a.json").write_text(one.model_dump_json())
    paths = [r.source.path for r in read_records([tmp_path / "one.json", tmp_path / "many.jsonl"])]
    assert paths == ["a.txt", "a.txt", "b.txt"]
    assert [r.source.path for r in read_records([tmp_path / "extracted"])] == ["a.txt", "b.txt"]


def test_a_batch_folder_is_read_from_its_records_jsonl(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "luwu.txt").write_bytes(LUWU.read_bytes())
    (inputs / "empty.txt").write_bytes(b"")  # a failed record: listed in Files only
    out = tmp_path / "batch"
    result = CliRunner().invoke(main, ["batch", str(inputs), "-o", str(out), "--jobs", "1"])
    assert (out / "records.jsonl").is_file(), result.output
    lines = [json.loads(x) for x in (out / "records.jsonl").read_text().splitlines() if x.strip()]
    book_path = tmp_path / "book.xlsx"
    done = run(str(out), "-o", str(book_path))
    assert done.exit_code == 0, done.output
    book = workbook(book_path)
    files = sheet_rows(book, "Files")
    assert sorted((f["source_file"].value, f["status"].value) for f in files) == sorted(
        (r["source"]["path"], r["status"]) for r in lines
    )
    assert "failed" in {f["status"].value for f in files}
    assert len(sheet_rows(book, "Agreements")) == sum(len(r["agreements"]) for r in lines) > 0
    assert len(files) == len(lines)  # records/*.json are not read a second time


def test_cli_writes_xlsx_and_csv(tmp_path: Path) -> None:
    (tmp_path / "r.json").write_text(generated().model_dump_json())
    done = run(str(tmp_path / "r.json"), "-o", str(tmp_path / "out" / "book.xlsx"))
    assert done.exit_code == 0, done.output
    assert "Targets 4" in done.output
    assert workbook(tmp_path / "out" / "book.xlsx").sheetnames == SHEETS
    done = run(str(tmp_path / "r.json"), "-o", str(tmp_path / "csv"), "--format", "csv")
    assert done.exit_code == 0, done.output
    assert len(csv_table(tmp_path / "csv" / "targets.csv")[1]) == 4
    assert run(str(tmp_path / "r.json"), "-o", str(tmp_path / "csv")).exit_code == 2  # a folder
    assert [p.name for p in tmp_path.rglob(".*")] == []  # no temp file left


def test_an_input_that_is_not_a_record_writes_nothing(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(generated().model_dump_json())
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"status": "ok"}))
    out = tmp_path / "book.xlsx"
    done = run(str(good), str(bad), "-o", str(out))
    assert done.exit_code == 1
    assert f"{bad}: not a record" in done.output
    assert not out.exists() and not list(tmp_path.glob(".*"))


# ----------------------------------------------------------------------------------------
# atomic writes


def broken_rows(calls: list[int]):
    """A Budget table that fails on the second record, after the first was written."""

    def rows(result: ExtractionResult):
        calls.append(1)
        if len(calls) > 1:
            raise OSError(28, "No space left on device")
        return export.budget_rows(result)

    return rows


def _with_broken_budget() -> tuple:
    """The tables, with a Budget table whose rows fail part-way through (a disk error)."""
    calls: list[int] = []
    return tuple(
        t if t.sheet != "Budget" else export.Table(t.sheet, t.file, t.columns, broken_rows(calls))
        for t in TABLES
    )


def test_a_failed_write_leaves_the_previous_workbook(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "book.xlsx"
    write_xlsx([generated("old.txt")], out)
    before = out.read_bytes()
    monkeypatch.setattr(export, "TABLES", _with_broken_budget())
    with pytest.raises(OSError):
        write_xlsx([generated("a.txt"), generated("b.txt")], out)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["book.xlsx"]
    with pytest.raises(OSError):
        write_xlsx([generated("a.txt"), generated("b.txt")], tmp_path / "new.xlsx")
    assert [p.name for p in tmp_path.iterdir()] == ["book.xlsx"]


def test_a_failed_csv_write_leaves_the_previous_files(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "csv"
    write_csvs([generated("old.txt")], folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    monkeypatch.setattr(export, "TABLES", _with_broken_budget())
    with pytest.raises(OSError):
        write_csvs([generated("a.txt"), generated("b.txt")], folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


# ----------------------------------------------------------------------------------------
# the audit report links to the workbook


def test_audit_writes_the_workbook_and_links_it(tmp_path: Path) -> None:
    out = tmp_path / "report"
    done = CliRunner().invoke(main, ["audit", str(LUWU), "-o", str(out)])
    assert done.exit_code == 0, done.output
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="workbook.xlsx"' in index
    record = json.loads((out / "records" / f"{LUWU.stem}.json").read_text(encoding="utf-8"))
    book = workbook(out / "workbook.xlsx")
    assert len(sheet_rows(book, "Discrepancies")) == len(record["discrepancies"])
    assert len(sheet_rows(book, "Targets")) == sum(
        len(a["performance_targets"]) for a in record["agreements"]
    )


def test_a_workbook_bug_does_not_lose_the_report(tmp_path: Path, monkeypatch) -> None:
    def broken(results, path):
        raise RuntimeError("planted")

    monkeypatch.setattr(export, "write_xlsx", broken)
    out = tmp_path / "report"
    done = CliRunner().invoke(main, ["audit", str(LUWU), "-o", str(out)])
    assert done.exit_code == 0, done.output
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="workbook.xlsx"' not in index
    assert 'id="workbook-error"' in index and "planted" in index
    assert not (out / "workbook.xlsx").exists()
    assert (out / f"{LUWU.stem}.html").is_file()


def test_failed_record_is_listed_in_files(tmp_path: Path) -> None:
    result = failed("broken.pdf", "damaged_pdf", "the PDF cannot be read")
    write_xlsx([result], tmp_path / "book.xlsx")
    rows = sheet_rows(workbook(tmp_path / "book.xlsx"), "Files")
    assert [(r["source_file"].value, r["status"].value) for r in rows] == [("broken.pdf", "failed")]
    assert "damaged_pdf" in rows[0]["errors"].value
