"""Per-file limits (issue 9): lines per page, cells per row and table, pages of a text.

Over a limit an input gives a failed record with the limit's code and one line naming the
file, the page or line and the limit, before the stage the limit guards runs; a batch goes
on with the next input. Inputs are generated; the limits are compared with the samples.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor import cli, limits, pipeline
from extractor.cells import rebuild_cells
from extractor.limits import (
    MAX_CELLS_PER_ROW,
    MAX_CELLS_PER_TABLE,
    MAX_LINES_PER_PAGE,
    check_cells,
    row_cells,
)
from extractor.load import LoadError
from extractor.normalise import normalise
from extractor.pages import split_pages
from extractor.pipeline import Options, extract_bytes
from tests.mutations import SAMPLES

ROOT = Path(__file__).resolve().parent.parent
PRINGSEWU = ROOT / "samples" / "pk-pringsewu-diskominfo-2025.txt"
LUWU = ROOT / "samples" / "pk-dpmptsp-luwu-timur-2025.txt"
PDF = ROOT / "samples" / "pdf" / "pk-pringsewu-diskominfo-2025.pdf"
HEAD = "PERJANJIAN KINERJA TAHUN 2025\nDINAS CONTOH\n"


def _inferred_pages(text: str):
    lines, _ = normalise(text.removesuffix("\n"))
    return split_pages(rebuild_cells(lines))


def _error(record) -> tuple[str, str]:
    assert record.status == "failed", record.errors
    assert len(record.errors) == 1
    return record.errors[0].code, record.errors[0].message


def _row(cells: int, separator: str) -> str:
    return separator.join(f"c{k}" for k in range(cells))


# -- the figures --------------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_limits_are_far_above_every_sample(path: Path) -> None:
    """At least 10x the largest page, row and table of the real and synthetic bundles."""
    text = path.read_text(encoding="utf-8")
    lines = max(len(page.lines) for page in _inferred_pages(text))
    rows = [row_cells(line) for line in text.split("\n")]
    tables, run = [], 0
    for cells in rows:
        run = run + cells if cells else 0
        tables.append(run)
    assert lines * 10 <= MAX_LINES_PER_PAGE
    assert max(rows) * 10 <= MAX_CELLS_PER_ROW
    assert max(tables) * 10 <= MAX_CELLS_PER_TABLE
    assert extract_bytes(text.encode(), path.name).status != "failed"


# -- lines per page -----------------------------------------------------------------------


def test_a_text_of_many_lines_on_one_inferred_page_fails_with_too_many_lines() -> None:
    text = HEAD + "baris teks biasa tanpa judul\n" * (MAX_LINES_PER_PAGE + 1)
    code, message = _error(extract_bytes(text.encode(), "long.txt"))
    assert code == "too_many_lines"
    assert message.startswith("long.txt: page 1 has ")
    assert f"{MAX_LINES_PER_PAGE} lines per page" in message
    assert "\n" not in message


def test_the_line_limit_is_per_inferred_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """At the largest page's length a bundle passes, one line under it fails on that page;
    the same lines cut into pages by form feeds pass whatever the file's total."""
    text = LUWU.read_text(encoding="utf-8")
    pages = _inferred_pages(text)
    longest = max(pages, key=lambda page: len(page.lines))
    monkeypatch.setattr(limits, "MAX_LINES_PER_PAGE", len(longest.lines))
    assert extract_bytes(text.encode(), LUWU.name).status == "ok"
    monkeypatch.setattr(limits, "MAX_LINES_PER_PAGE", len(longest.lines) - 1)
    code, message = _error(extract_bytes(text.encode(), LUWU.name))
    assert code == "too_many_lines"
    assert f"page {longest.number} has {len(longest.lines)} lines" in message
    monkeypatch.setattr(limits, "MAX_LINES_PER_PAGE", 40)
    paged = HEAD + "\f".join("baris teks\n" * 30 for _ in range(20))
    assert extract_bytes(paged.encode(), "paged.txt").errors[0].code != "too_many_lines"


# -- cells per row and per table ------------------------------------------------------------


@pytest.mark.parametrize("separator", ["\t", "|", " | "])
def test_a_row_of_100000_cells_fails_with_too_many_cells(separator: str) -> None:
    text = HEAD + "No\tIndikator\tTarget\n" + _row(100_000, separator) + "\n"
    code, message = _error(extract_bytes(text.encode(), "wide.txt"))
    assert code == "too_many_cells"
    assert message.startswith("wide.txt: line 4: a row of 100000 cells")
    assert f"{MAX_CELLS_PER_ROW} cells per table row" in message


@pytest.mark.parametrize("separator", ["\t", "|"])
def test_a_row_at_the_cell_limit_passes_and_one_more_fails(separator: str) -> None:
    at_limit = HEAD + _row(MAX_CELLS_PER_ROW, separator) + "\n"
    record = extract_bytes(at_limit.encode(), "row.txt")
    assert "too_many_cells" not in {error.code for error in record.errors}
    over = HEAD + _row(MAX_CELLS_PER_ROW + 1, separator) + "\n"
    assert _error(extract_bytes(over.encode(), "row.txt"))[0] == "too_many_cells"


def test_a_table_over_the_cell_limit_fails_with_too_many_cells() -> None:
    rows = MAX_CELLS_PER_TABLE // 4 + 1
    table = "".join(f"{k}\tSasaran {k}\tIndikator {k}\t{k % 100}%\n" for k in range(rows))
    code, message = _error(extract_bytes((HEAD + table).encode(), "tall.txt"))
    assert code == "too_many_cells"
    assert f"tall.txt: line {rows + 2}: a table reaching" in message
    assert f"{MAX_CELLS_PER_TABLE} cells per table" in message


def test_an_html_table_on_one_line_counts_its_cells() -> None:
    cells = "<tr>" + "<td>a</td><td>b</td>" * 500 + "</tr>"
    text = HEAD + "<table>" + cells * (MAX_CELLS_PER_TABLE // 1000 + 1) + "</table>\n"
    assert _error(extract_bytes(text.encode(), "html.txt"))[0] == "too_many_cells"


def test_a_line_without_cells_ends_a_table() -> None:
    half = [(n, "a\tb") for n in range(MAX_CELLS_PER_TABLE // 2 - 1)]
    check_cells("x.txt", [*half, (0, "prose between two tables"), *half], "line")
    with pytest.raises(LoadError) as caught:
        check_cells("x.txt", [*half, *half, *half], "line")
    assert caught.value.code == "too_many_cells"


def test_cells_are_counted_before_the_table_stages(monkeypatch: pytest.MonkeyPatch) -> None:
    """The limit guards normalise (markup, columns, cells): over it, they never run."""

    def refuse(*args):
        raise AssertionError("normalise ran on an input over the cell limit")

    monkeypatch.setattr(pipeline, "normalise", refuse)
    text = HEAD + _row(MAX_CELLS_PER_ROW + 1, "\t") + "\n"
    assert _error(extract_bytes(text.encode(), "wide.txt"))[0] == "too_many_cells"


# -- PDF pages ------------------------------------------------------------------------------


def test_pdf_pages_are_checked_for_lines_and_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same limits on a PDF's rebuilt lines, named by physical page."""
    data = PDF.read_bytes()
    assert extract_bytes(data, PDF.name, Options(ocr="never")).status == "ok"
    monkeypatch.setattr(limits, "MAX_CELLS_PER_ROW", 2)
    code, message = _error(extract_bytes(data, PDF.name, Options(ocr="never")))
    assert code == "too_many_cells"
    assert message.startswith(f"{PDF.name}: page ")
    monkeypatch.setattr(limits, "MAX_LINES_PER_PAGE", 5)
    code, message = _error(extract_bytes(data, PDF.name, Options(ocr="never")))
    assert (code, message.split(" has ")[0]) == ("too_many_lines", f"{PDF.name}: page 1")


# -- pages of a text (--max-pages) ----------------------------------------------------------


def test_max_pages_applies_to_the_inferred_pages_of_a_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = LUWU.read_bytes()
    count = len(_inferred_pages(LUWU.read_text(encoding="utf-8")))
    assert extract_bytes(data, LUWU.name, Options(max_pages=count)).status == "ok"

    def refuse(*args, **kwargs):
        raise AssertionError("the pages were parsed although they are over the limit")

    monkeypatch.setattr(pipeline, "run_stages", refuse)
    code, message = _error(extract_bytes(data, LUWU.name, Options(max_pages=count - 1)))
    assert code == "too_many_pages"
    assert message == f"{LUWU.name}: {count} pages is over the {count - 1}-page limit (--max-pages)"


def test_extract_max_pages_on_a_text_gives_a_failed_record(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    args = ["extract", str(LUWU), str(PRINGSEWU), "--max-pages", "5", "-o", str(out)]
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code == 1, result.output
    records = {p.stem: json.loads(p.read_text()) for p in out.iterdir()}
    assert records[PRINGSEWU.stem]["status"] == "ok"
    assert records[LUWU.stem]["errors"][0]["code"] == "too_many_pages"
    errors = [line for line in result.stderr.splitlines() if line.startswith("extractor: ")]
    assert len(errors) == 1 and "5-page limit" in errors[0]


# -- a batch goes on ------------------------------------------------------------------------


def test_batch_goes_on_past_inputs_over_a_limit(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a-wide.txt").write_text(HEAD + _row(100_000, "\t") + "\n", encoding="utf-8")
    (src / "b-long.txt").write_text(HEAD + "baris\n" * (MAX_LINES_PER_PAGE + 1))
    (src / "c-luwu.txt").write_bytes(LUWU.read_bytes())
    (src / "d-pringsewu.txt").write_bytes(PRINGSEWU.read_bytes())
    out = tmp_path / "out"
    args = ["batch", str(src), "-o", str(out), "--jobs", "1", "--max-pages", "5"]
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code == 1, result.output
    records = [json.loads(line) for line in (out / "records.jsonl").read_text().splitlines()]
    found = {Path(r["source"]["path"]).name: r for r in records}
    assert found["d-pringsewu.txt"]["status"] == "ok"
    codes = {name: r["errors"][0]["code"] for name, r in found.items() if r["status"] == "failed"}
    assert codes == {
        "a-wide.txt": "too_many_cells",
        "b-long.txt": "too_many_lines",
        "c-luwu.txt": "too_many_pages",
    }
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert sorted(e["code"] for e in errors) == sorted(codes.values())
