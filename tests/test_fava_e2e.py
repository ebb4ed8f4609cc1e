"""Fava with ghfund's pages in a real browser: Debian's Chromium, driven by Playwright.

Starts ``fava`` on a loopback port with the example book and a flawed copy of it
(an overrun, a transaction without a voucher, an acknowledged duplicate voucher),
loads every ghfund page and Fava's error page in headless Chromium, checks the
numbers shown against the report builders, and saves a screenshot of each page
to tests/artifacts/. Skipped, saying why, only where Chromium is not installed
(``.ci/run`` installs Debian's ``chromium``); Playwright never downloads a browser.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import openpyxl
import pytest

from ghfund import budgets
from ghfund.findings import listing
from ghfund.ledger import Loaded, default_ledger, load_file
from ghfund.money import fmt
from ghfund.reports import annual, budget_execution, departure, funding_report
from ghfund.reports.model import Table
from ghfund.reports.render.cells import shown
from tests.support import CHROMIUM_FLAGS, fava_serving

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        "Fava browser test skipped: no Chromium at /usr/bin/chromium "
        "(install Debian's package: apt-get install chromium; .ci/run does this)",
        allow_module_level=True,
    )

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
FLAWED_TITLE = "ghfund flawed"  # Fava's slug: ghfund-flawed
OVERRUN_VOUCHER, DUPLICATE_VOUCHER = "记-2025-9001", "记-2025-0104"
FLAWS = f"""
2025-12-28 * "合肥市体育用品商行" "职工篮球赛器材（超出年度预算）"
  voucher: "{OVERRUN_VOUCHER}"
  decision: "工会委员会2025年第9次会议"
  Expenses:501-职工活动支出:50102-文体活动支出  30000.00 CNY
  Assets:102-银行存款

2025-12-29 * "合肥市蜀山区晨阳文具店" "补记办公用品（漏填凭证号）"
  Expenses:505-业务支出:50504-其他业务支出  50.00 CNY
  Assets:102-银行存款

2025-12-29 * "合肥市蜀山区晨阳文具店" "办公用品（凭证号与年末一笔重复）"
  voucher: "{DUPLICATE_VOUCHER}"
  Expenses:505-业务支出:50504-其他业务支出  60.00 CNY
  Assets:102-银行存款

2025-12-30 custom "ghfund-ack" "voucher-duplicate" "{DUPLICATE_VOUCHER}"
  ref: "经审会〔2025〕9号"
"""


@pytest.fixture(scope="module")
def flawed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example book with an overrun and two voucher problems (one acknowledged)."""
    directory = tmp_path_factory.mktemp("flawed")
    for source in default_ledger().parent.glob("*.beancount"):
        shutil.copy(source, directory / source.name)
    main = directory / "main.beancount"
    text = main.read_text(encoding="utf-8")
    text = text.replace(
        'option "title" "江淮精密机械有限公司工会经费账"', f'option "title" "{FLAWED_TITLE}"'
    )
    main.write_text(text + FLAWS, encoding="utf-8")
    return main


@pytest.fixture(scope="module")
def fava(flawed: Path) -> Iterator[str]:
    """``fava`` serving the example book and the flawed copy on a free loopback port."""
    log = (ARTIFACTS / "fava.log").open("w") if ARTIFACTS.is_dir() else subprocess.DEVNULL
    try:
        with fava_serving([default_ledger(), flawed], log) as base:
            yield base
    finally:
        if log is not subprocess.DEVNULL:
            log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 1440, "height": 900}, locale="zh-CN", accept_downloads=True
    )
    page = context.new_page()
    yield page
    context.close()


def slug(title: str) -> str:
    from fava.util import slugify

    return quote(slugify(title))


def example_url(base: str, path: str) -> str:
    return f"{base}/{slug('江淮精密机械有限公司工会经费账')}/{path}"


def flawed_url(base: str, path: str) -> str:
    return f"{base}/{slug(FLAWED_TITLE)}/{path}"


def screenshot(page: Page, name: str) -> None:
    """The whole page: Fava scrolls inside <article>, so the window grows to its height first."""
    ARTIFACTS.mkdir(exist_ok=True)
    height = page.evaluate("() => (document.querySelector('article')?.scrollHeight ?? 0) + 80")
    page.set_viewport_size({"width": 1440, "height": max(900, int(height))})
    page.screenshot(path=str(ARTIFACTS / f"fava-{name}.png"))


def cells(page: Page, selector: str) -> list[list[str]]:
    """The text of every body cell of the table at ``selector``, row by row."""
    result: list[list[str]] = page.eval_on_selector(
        selector,
        "t => Array.from(t.tBodies[0].rows).map(r => Array.from(r.cells).map(c => c.innerText.trim()))",
    )
    return result


def expected(table: Table) -> list[list[str]]:
    return [[shown(record[c.key], c) for c in table.columns] for record in table.records()]


def annual_tables(loaded: Loaded, year: int) -> tuple[Table, ...]:
    return annual.report(loaded, year).tables


def budget_tables(loaded: Loaded, year: int) -> tuple[Table, ...]:
    return budget_execution.report(loaded, year).tables


def funding_tables(loaded: Loaded, year: int) -> tuple[Table, ...]:
    return funding_report.report(loaded, year).tables


def review_tables(loaded: Loaded, year: int) -> tuple[Table, ...]:
    from ghfund.reports import review

    return review.report(loaded, year).tables


REPORT_PAGES = {
    "AnnualReport": ("年度报表", annual_tables),
    "BudgetExecution": ("预算执行", budget_tables),
    "Funding": ("拨缴与上解", funding_tables),
    "CommitteeReview": ("同级审查", review_tables),
}


@pytest.mark.parametrize("name", REPORT_PAGES)
def test_report_page_shows_the_builders_tables_for_each_year(
    fava: str, page: Page, example: Loaded, name: str
) -> None:
    title, tables_of = REPORT_PAGES[name]
    years = list(example.book.years)
    for year in years:
        page.goto(example_url(fava, f"extension/{name}/?year={year}"))
        tables = tables_of(example, year)
        assert page.locator("section.table").count() == len(tables)
        for table in tables:
            assert cells(page, f"#{table.name} table.report") == expected(table)
            assert page.locator(f"#{table.name} h2").inner_text().startswith(table.title)
        assert page.locator(".ghfund-bar a.choice.selected").inner_text() == f"{year}年"
        assert page.locator(".ghfund .problem").count() == 0  # balanced, no open findings
    assert page.locator(".ghfund-bar a.choice").all_inner_texts() == [f"{y}年" for y in years]
    assert page.locator("aside a.selected").inner_text().strip() == title
    screenshot(page, name)


def test_departure_page_shows_the_chairmans_term_report(
    fava: str, page: Page, example: Loaded
) -> None:
    page.goto(example_url(fava, f"extension/DepartureAudit/?officer={quote('张三/主席')}"))
    report = departure.report(example, "张三", "主席")
    assert page.locator("section.table").count() == len(report.tables)
    for table in report.tables:
        assert cells(page, f"#{table.name} table.report") == expected(table)
    assert (
        page.locator(".ghfund-bar a.choice.selected").inner_text()
        == "张三（主席，2020-06-28 至 2025-06-30）"
    )
    assert page.locator(".ghfund .problem").count() == 0  # audited on time, whole term, clean
    labels = page.locator(".ghfund-bar a.choice").all_inner_texts()
    assert [term.person for term in departure.choices(example.book)] == ["张三", "王五", "李四"]
    assert len(labels) == 3
    assert page.locator("aside a.selected").inner_text().strip() == "离任审计"
    screenshot(page, "DepartureAudit")


def test_budget_page_draws_a_bar_per_rate_and_marks_nothing_on_the_example(
    fava: str, page: Page, example: Loaded
) -> None:
    year = list(example.book.years)[-1]
    table = budget_execution.build(example.book, year)
    page.goto(example_url(fava, f"extension/BudgetExecution/?year={year}"))
    bars = page.locator("#budget_execution td.bar .track span")
    rates = [r["rate"] for r in table.records() if r["rate"] is not None]
    assert bars.count() == len(rates)
    widths = bars.evaluate_all("spans => spans.map(s => s.style.width)")
    assert [Decimal(w.rstrip("%")) for w in widths] == [min(rate, 100) for rate in rates]
    assert page.locator("tr.marked").count() == 0  # the example book has no overrun


def test_budget_page_marks_an_overrun_red_and_downloads_xlsx(
    fava: str, page: Page, flawed: Path
) -> None:
    loaded = load_file(flawed)
    report = budget_execution.report(loaded, 2025)
    table = report.table("budget_execution")
    overruns = [r for r in table.records() if budget_execution.OVERRUN in str(r["status"])]
    assert [r["code"] for r in overruns] == ["50102"]
    page.goto(flawed_url(fava, "extension/BudgetExecution/?year=2025"))
    assert cells(page, "#budget_execution table.report") == expected(table)
    marked = page.locator("tr.marked")
    assert marked.count() == 1
    assert marked.locator("td").nth(1).inner_text() == "50102"
    assert marked.locator("td").nth(4).inner_text() == fmt(overruns[0]["actual"])
    color = marked.locator("td").first.evaluate("c => getComputedStyle(c).color")
    assert color == "rgb(153, 0, 0)"  # Fava's --error
    bar = marked.locator(".track span").evaluate("s => getComputedStyle(s).width")
    track = marked.locator(".track").evaluate("s => getComputedStyle(s).width")
    assert bar == track  # over 100%: a full bar, in red
    found = report.table("budget_findings")
    assert cells(page, "#budget_findings table.report") == expected(found)
    assert [r["voucher"] for r in found.records()] == [OVERRUN_VOUCHER]
    screenshot(page, "BudgetExecution-overrun")

    with page.expect_download() as download_info:
        page.locator("a.download").click()
    download = download_info.value
    assert download.suggested_filename == f"{report.title}.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    assert sheet is not None
    amounts = {
        sheet.cell(row=r, column=2).value: str(sheet.cell(row=r, column=5).value)
        for r in range(5, sheet.max_row + 1)
    }
    assert Decimal(amounts["50102"]) == overruns[0]["actual"]


def test_checks_page_groups_findings_and_links_to_the_source_line(
    fava: str, page: Page, flawed: Path
) -> None:
    loaded = load_file(flawed)
    rows = listing(loaded.findings, loaded.errors)
    open_rows = [row for row in rows if row.status == "open"]
    acknowledged = [row for row in rows if row.status == "acknowledged"]
    assert {row.rule for row in open_rows} >= {"voucher-missing"}
    assert [row.voucher for row in acknowledged] == [DUPLICATE_VOUCHER]

    page.goto(flawed_url(fava, "extension/Checks/"))
    for rule in sorted({row.rule for row in open_rows}):
        section = page.locator(f"#rule-{rule}")
        count = sum(1 for row in open_rows if row.rule == rule)
        assert section.locator("tbody tr").count() == count
        assert f"— {count} 项" in section.locator("h3").inner_text()
    error_class = type(
        next(e for e in loaded.findings.open if e.rule == "voucher-missing")
    ).__name__
    assert error_class in page.locator("#rule-voucher-missing h3").inner_text()
    ack = page.locator("#ack-voucher-duplicate tbody tr")
    assert ack.count() == 1
    assert "经审会〔2025〕9号" in ack.inner_text()
    assert DUPLICATE_VOUCHER in ack.inner_text()
    screenshot(page, "Checks")

    missing = next(row for row in open_rows if row.rule == "voucher-missing")
    link = page.locator("#rule-voucher-missing tbody tr a").first
    assert link.inner_text() == f"main.beancount:{missing.lineno}"
    link.click()
    page.wait_for_url("**/editor/**")
    assert f"line={missing.lineno}" in page.url
    page.wait_for_selector(".cm-editor")
    screenshot(page, "Checks-editor")


def test_checks_page_on_the_clean_example_book(fava: str, page: Page) -> None:
    page.goto(example_url(fava, "extension/Checks/"))
    assert page.locator(".ghfund .clean").inner_text().startswith("检查通过")
    assert page.locator("section.rule").count() == 0


def test_favas_error_page_lists_open_findings_by_their_class(
    fava: str, page: Page, flawed: Path
) -> None:
    loaded = load_file(flawed)
    open_findings = loaded.findings.open
    page.goto(flawed_url(fava, "errors/"))
    page.wait_for_selector("article table tbody tr")
    shown_messages = page.locator("article table tbody tr td.pre").all_inner_texts()
    expected = [f"{type(e).__name__} [{e.rule}] {e.message}" for e in open_findings]
    assert sorted(m.strip() for m in shown_messages) == sorted(expected)
    screenshot(page, "errors")
    response = page.request.get(flawed_url(fava, "api/errors"))
    served = json.loads(response.text())["data"]
    assert sorted(e["type"] for e in served) == sorted(type(e).__name__ for e in open_findings)
    assert {e["type"] for e in served} >= {"VoucherMissingError"}
    # the acknowledged duplicate is not an error for Fava
    assert all(DUPLICATE_VOUCHER not in e["message"] for e in served)
    # no page of ghfund failed while the browser went through them
    assert all(e["type"] != "GhfundPageError" for e in served)


def test_example_book_opens_without_errors_in_fava(fava: str, page: Page) -> None:
    page.goto(example_url(fava, "income_statement/"))
    page.wait_for_selector("aside")
    links = page.locator("aside a").all_inner_texts()
    assert {"年度报表", "预算执行", "经审检查", "离任审计", "拨缴与上解"} <= {
        t.strip() for t in links
    }
    served = json.loads(page.request.get(example_url(fava, "api/errors")).text())["data"]
    assert served == []
    screenshot(page, "income-statement")


# Closed periods: Fava refuses a save that changes a closed month.

CLOSED_TITLE = "ghfund closed"


@pytest.fixture(scope="module")
def closed_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example book closed through 2024-12-31."""
    from click.testing import CliRunner

    from ghfund.cli import cli

    directory = tmp_path_factory.mktemp("closed")
    for source in default_ledger().parent.glob("*.beancount"):
        shutil.copy(source, directory / source.name)
    main = directory / "main.beancount"
    text = main.read_text(encoding="utf-8")
    main.write_text(
        text.replace(
            'option "title" "江淮精密机械有限公司工会经费账"', f'option "title" "{CLOSED_TITLE}"'
        ),
        encoding="utf-8",
    )
    closing = ["close", str(main), "--through", "2024-12-31", "--date", "2025-01-20"]
    result = CliRunner().invoke(cli, closing)
    assert result.exit_code == 0, result.output
    return main


@pytest.fixture(scope="module")
def closed_fava(closed_book: Path) -> Iterator[str]:
    with fava_serving([closed_book], subprocess.DEVNULL) as base:
        yield f"{base}/{slug(CLOSED_TITLE)}"


def edit_and_save(page: Page, url: str, text: str) -> None:
    """Open ``url`` in Fava's editor, type ``text`` at the end of the file, press Ctrl+S."""
    page.goto(url)
    editor = page.locator(".cm-content")
    editor.wait_for()
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.insert_text(text)
    page.keyboard.press("Control+s")


def test_fava_refuses_an_edit_into_a_closed_month(
    closed_fava: str, closed_book: Path, page: Page
) -> None:
    year = closed_book.parent / "2024.beancount"
    before = year.read_text(encoding="utf-8")
    entry = (
        '\n2024-06-15 * "补记" "手续费"\n  voucher: "记-2024-9999"\n'
        "  Expenses:505-业务支出:50504-其他业务支出  5.00 CNY\n  Assets:102-银行存款\n"
    )
    edit_and_save(page, f"{closed_fava}/editor/?file_path={quote(str(year))}", entry)
    refusal = page.locator(".notifications li.error")
    refusal.wait_for(timeout=15000)
    assert "已结账的 2024-06" in refusal.inner_text()
    screenshot(page, "closed-month-refused")
    assert year.read_text(encoding="utf-8") == before

    later = closed_book.parent / "2025.beancount"
    edit_and_save(page, f"{closed_fava}/editor/?file_path={quote(str(later))}", "\n; 备注\n")
    deadline = time.monotonic() + 15
    while "; 备注" not in later.read_text(encoding="utf-8") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "; 备注" in later.read_text(encoding="utf-8")
    assert page.locator(".notifications li.error").count() == 0


# --- 预算编制: the editable grid, saved into a copy of the example book --------------------


@pytest.fixture
def book_copy(tmp_path: Path) -> Path:
    for source in default_ledger().parent.glob("*.beancount"):
        shutil.copy(source, tmp_path / source.name)
    return tmp_path / "main.beancount"


@pytest.fixture
def writable(book_copy: Path) -> Iterator[str]:
    with fava_serving([book_copy], subprocess.DEVNULL) as base:
        yield base


def amount(page: Page, code: str) -> str:
    return page.input_value(f'input[name="b-{code}"]')


def total(page: Page, key: str) -> str:
    return page.inner_text(f'td[data-sum="{key}"]').strip()


def retype(page: Page, code: str, value: str) -> None:
    """Focus the line's input by keyboard (Tab from the previous one), replace its value."""
    page.focus(f'input[name="b-{code}"]')
    page.keyboard.press("Control+A")
    page.keyboard.type(value)


def test_the_grid_balances_live_and_saves_through_the_import_path(
    writable: str, book_copy: Path, page: Page
) -> None:
    page.goto(example_url(writable, "extension/BudgetDraft/?year=2026"))
    page.wait_for_selector("#ghfund-grid")
    assert amount(page, "402") == "190250.00" and amount(page, "322") == "22839.00"
    assert total(page, "expense") == total(page, "planned") == "268,460.00"
    assert total(page, "balance") == "0.00"
    assert page.is_enabled("#ghfund-save")
    retype(page, "50105", "157160.00")  # 1,000 more for 会员活动: unbalanced
    assert total(page, "balance") == "-1,000.00"
    assert total(page, "top-501") == "200,810.00"
    assert page.is_disabled("#ghfund-save")
    assert "off" in (page.get_attribute('tr[data-total="balance"]', "class") or "")
    page.keyboard.press("Tab")  # the next line: 职工书屋活动, 2,240.00 -> 1,240.00
    page.keyboard.press("Control+A")
    page.keyboard.type("1240.00")
    assert total(page, "balance") == "0.00" and page.is_enabled("#ghfund-save")
    # a line the draft does not have: 上级补助收入 1,000, spent on 职工书屋's equipment
    page.focus("#ghfund-new-code")
    page.keyboard.type("403")
    page.keyboard.press("Enter")  # adds the line and puts the cursor in its amount
    page.keyboard.type("1000.00")
    assert total(page, "income") == "246,621.00" and total(page, "balance") == "1,000.00"
    retype(page, "50702", "21000.00")
    assert total(page, "balance") == "0.00"
    page.fill("#ghfund-approved", "工会委员会2026年第1次会议")
    page.fill("#ghfund-reviewed", "经审会2026年第1次会议")
    page.fill("#ghfund-date", "2026-01-15")
    page.focus("#ghfund-save")
    page.keyboard.press("Enter")
    page.wait_for_selector("#ghfund-message.clean")
    assert "已保存 2026 年度年初预算 19 个科目" in page.inner_text("#ghfund-message")
    screenshot(page, "budget-draft")
    loaded = load_file(book_copy)
    lines = {line.code: line for line in budgets.of_book(loaded.book)[2026]}
    assert lines["50105"].effective == Decimal("157160.00")
    assert lines["50304"].effective == Decimal("1240.00")
    assert lines["50702"].effective == Decimal("21000.00")
    assert lines["50105"].directives[0].reviewed == "经审会2026年第1次会议"
    assert lines["403"].account == "Income:403-上级补助收入"
    assert lines["403"].effective == Decimal("1000.00")
    assert not [f for f in loaded.findings.open if f.rule.startswith("budget")]
    # saved again unchanged: nothing is written
    before = book_copy.read_bytes()
    page.goto(example_url(writable, "extension/BudgetDraft/?year=2026"))
    page.wait_for_selector("#ghfund-grid")
    assert amount(page, "50105") == "157160.00"  # the budget as it now stands
    page.fill("#ghfund-approved", "工会委员会2026年第2次会议")
    page.click("#ghfund-save")
    page.wait_for_selector("#ghfund-message.clean")
    assert "没有改动" in page.inner_text("#ghfund-message")
    assert book_copy.read_bytes() == before


def test_read_only_fava_shows_the_grid_without_the_save(page: Page) -> None:
    with fava_serving([default_ledger()], subprocess.DEVNULL, "--read-only") as base:
        page.goto(example_url(base, "extension/BudgetDraft/?year=2026"))
        page.wait_for_selector("#ghfund-grid")
        assert total(page, "expense") == "268,460.00"
        assert page.locator("#ghfund-save").count() == 0
        assert "只读" in page.inner_text("#ghfund-budget-draft")
