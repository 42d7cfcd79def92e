"""Browser test of the Evaluate tab: `python app.py` on 127.0.0.1 in a real headless Chromium,
with the fixtures of tests/test_browser.py (its own server for this module)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fact_subset import write_dev_subset
from playwright.sync_api import Browser, expect
from test_browser import (  # noqa: F401 (fixtures used by name)
    ROOT,
    Session,
    app_log,
    browser,
    capture,
    quote_app_log_on_failure,
    url,
)

pytestmark = pytest.mark.browser

RUN_TIMEOUT = 180_000  # ms; 18 questions, and the first loads the embedder in the server
SCREENSHOT = ROOT / "docs" / "screenshot-evaluate.png"


@pytest.fixture
def english(browser: Browser, url: str) -> Iterator[Session]:  # noqa: F811
    session = Session(browser, url, "en-US")
    yield session
    session.close()


def test_the_evaluate_tab_runs_a_facts_file_and_shows_its_table_and_charts(
    english: Session, tmp_path: Path
) -> None:
    page = english.page
    facts = write_dev_subset(tmp_path / "dev-sample.jsonl")
    page.get_by_role("tab", name="Evaluate").click()
    page.locator("#rc-eval-facts input[type=file]").set_input_files(str(facts))
    expect(page.locator("#rc-eval-facts")).to_contain_text("dev-sample.jsonl")
    page.locator("#rc-eval-run").click()

    report = page.locator("#rc-eval-report")
    expect(report.locator("#rce-accuracy-chart")).to_be_visible(timeout=RUN_TIMEOUT)
    expect(report.locator("#rce-summary")).to_contain_text("dev-sample.jsonl: 18 questions")
    expect(report.locator("#rce-index")).to_have_text("Indexed: report.txt")
    expect(report.locator("#rce-warning")).to_have_count(0)

    # The table: a row per language and all, each with its 95% interval.
    rows = report.locator("table.rce-table tr")
    expect(rows).to_have_count(5)
    cells = [rows.nth(i).locator("td").all_inner_texts() for i in range(1, 5)]
    assert [row[0] for row in cells] == ["en", "fa", "zh", "all"]
    assert [row[1:3] for row in cells] == [["6", "4"]] * 3 + [["18", "12"]]
    assert all(" to " in row[5] for row in cells)

    # The chart: one bar per row, its accuracy the table's.
    bars = report.locator("#rce-accuracy-chart g.rce-bar")
    expect(bars).to_have_count(4)
    for i, row in enumerate(cells):
        bar = bars.nth(i)
        assert bar.get_attribute("data-language") == row[0]
        shown = f"{float(bar.get_attribute('data-accuracy') or 'nan') * 100:.1f}%"
        assert shown == row[4]
        assert float(bar.locator("rect").get_attribute("width") or 0) > 0 or row[4] == "0.0%"

    # The sweep curve with the threshold in use ringed.
    sweep = report.locator("#rce-sweep-chart")
    expect(sweep.locator("polyline.rce-curve")).to_have_count(1)
    expect(sweep.locator("#rce-current")).to_have_count(1)
    expect(sweep).to_contain_text("in use:")

    # Every question not handled right is listed, and opens to its question, expected and
    # given answers and cited passages.
    right, refused = int(cells[3][3]), float(cells[3][9].rstrip("%")) / 100
    wrong = report.locator("details.rce-wrong")
    expect(wrong).to_have_count(18 - right - round(refused * 6))
    if wrong.count():
        first = wrong.first
        expect(first.locator("dl")).not_to_be_visible()
        first.locator("summary").click()
        expect(first.locator("dl")).to_be_visible()
        for label in ("Question", "Expected", "Cited passages"):
            expect(first.locator("dt", has_text=label)).to_be_visible()

    downloads = page.locator("#rc-eval-downloads")
    for name in ("evaluation", ".json", ".csv", ".html"):
        expect(downloads).to_contain_text(name)

    capture(page, tmp_path, SCREENSHOT)

    page.get_by_text("中文", exact=True).click()  # the tab's labels follow the switch
    expect(page.locator("#rc-eval-run")).to_have_text("运行评估")
    expect(page.get_by_role("tab", name="评估")).to_be_visible()
    assert english.external == [] and english.dialogs == []
