"""The report in a real browser: headless Chromium (Debian's chromium + chromedriver, driven by
Selenium without Selenium Manager, offline). It renders, shows the discrepancy count of the
record, and a highlighted cell's link scrolls its discrepancy into view as the ``:target``.

CI installs the browser with ``scripts/setup.sh``; without it this test fails, never skips.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "pk-dpmptsp-luwu-timur-2025.txt"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOT = ROOT / "test-artifacts" / "report.png"
OPTIONS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1000",
)


@contextmanager
def chromium(profile: Path) -> Iterator:
    """Debian's Chromium through its chromedriver (no Selenium Manager, no download)."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.fail(
            f"the browser test needs {' and '.join(missing)}: run scripts/setup.sh as root, "
            "or apt-get install chromium chromium-driver",
            pytrace=False,
        )
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail("the browser test needs selenium: pip install -e '.[dev]'", pytrace=False)
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (*OPTIONS, f"--user-data-dir={profile}"):
        options.add_argument(argument)
    browser = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    browser.set_page_load_timeout(60)
    try:
        yield browser
    finally:
        browser.quit()


def test_report_in_headless_chromium(tmp_path: Path) -> None:
    with chromium(tmp_path / "chromium-profile") as driver:
        out = tmp_path / "report"
        result = CliRunner().invoke(main, ["audit", str(SAMPLE), "-o", str(out)])
        assert result.exit_code == 0, result.output
        record = json.loads((out / "records" / f"{SAMPLE.stem}.json").read_text("utf-8"))
        check_report(driver, out / f"{SAMPLE.stem}.html", record)


def check_report(driver, page: Path, record: dict) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(page.as_uri())
    assert SAMPLE.name in driver.title
    count = driver.find_element(By.ID, "discrepancy-count")
    assert count.is_displayed()
    assert count.text == str(len(record["discrepancies"]))
    loaded = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => !n.startsWith('data:'))"
    )
    assert loaded == []  # the page fetches nothing

    links = driver.find_elements(By.CSS_SELECTOR, "td.hl:not(.soft) a.to")
    assert links, "no highlighted cell with a link"
    in_agreements = driver.find_elements(By.CSS_SELECTOR, "section.agreement td.hl:not(.soft) a.to")
    link = (in_agreements or links)[0]
    anchor = link.get_attribute("href").rsplit("#", 1)[1]
    assert anchor.startswith("d-")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", link)
    link.click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith(f"#{anchor}"))

    target = driver.find_element(By.ID, anchor)
    assert target.is_displayed()
    assert driver.execute_script(
        "return document.querySelector(':target') === arguments[0];", target
    )
    top, header, height = driver.execute_script(
        "return [arguments[0].getBoundingClientRect().top,"
        " document.querySelector('.topbar').getBoundingClientRect().bottom, innerHeight];",
        target,
    )
    assert header - 1 <= top < height, (top, header, height)  # in view, not under the header

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000

    # and back: the finding's location links to the highlighted cell
    back = target.find_elements(By.CSS_SELECTOR, ".where a")
    assert back, "the discrepancy does not link back to its cell"
    cell_id = back[0].get_attribute("href").rsplit("#", 1)[1]
    back[0].click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith(f"#{cell_id}"))
    cell = driver.find_element(By.ID, cell_id)
    assert cell.is_displayed() and "hl" in (cell.get_attribute("class") or "")
