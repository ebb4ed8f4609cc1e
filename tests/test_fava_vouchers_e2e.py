"""The 记账凭证 page in a real browser: a treasurer records one month, keyboard only.

A copy of the example book gets its 2026 budget and December's payroll data (what a
treasurer registers before January's first voucher). Then January 2026 is entered
through the page in headless Chromium with key presses only — an allocation receipt
split 402/211, dues, the remittance, a birthday gift with its headcount, a
reimbursement with attachments, a cash withdrawal, a fixed asset with its card, a bank
charge (then corrected through 修改), a sports expense and a duplicate that is then
voided — and one voucher is reviewed by a second person. The book must then load with no Beancount error and no
finding, and hold exactly those vouchers with typed metadata. The key presses per
voucher are saved to tests/artifacts/voucher_actions.json.
"""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest

from ghfund.ledger import default_ledger, load_file
from tests.support import CHROMIUM, CHROMIUM_FLAGS, fava_serving

if not CHROMIUM.exists():
    pytest.skip("no Chromium at /usr/bin/chromium", allow_module_level=True)

from playwright.sync_api import Page, sync_playwright

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
TITLE = "ghfund vouchers"  # Fava's slug: ghfund-vouchers


@dataclass(frozen=True)
class Entry:
    """One voucher as the treasurer types it: (code, debit, credit, line fields) lines."""

    date: str
    attachments: str
    payee: str
    narration: str
    lines: tuple[tuple[str, str, str, tuple[str, ...]], ...]
    fields: tuple[str, ...] = ()  # the voucher's own fields (工资月份)


MONTH = (
    Entry("2026-01-05", "1", "合肥高新区总工会", "上解2025年11月拨缴经费40%",
          (("211", "10,429.62", "", ()), ("102", "", "10429.62", ()))),
    Entry("2026-01-06", "1", "", "提取备用金", (("101", "2000", "", ()), ("102", "", "2000", ()))),
    Entry("2026-01-08", "2", "合肥高新区馨怡鲜花水果店", "1月会员生日慰问（蛋糕券）",
          (("50105", "2800", "", ("生日慰问", "１０", "实物")), ("102", "", "2800", ()))),
    Entry("2026-01-09", "3", "合肥市蜀山区晨阳文具店", "报销办公用品（复印纸、文件夹）",
          (("50504", "380元", "", ()), ("101", "", "380", ()))),
    Entry("2026-01-09", "3", "合肥市蜀山区晨阳文具店", "报销办公用品（重复录入）",
          (("50504", "380", "", ()), ("101", "", "380", ()))),
    Entry("2026-01-12", "2", "合肥市徽商电脑城", "购置笔记本电脑一台",
          (("50702", "4800", "", ("",)), ("102", "", "4800", ()),  # 专项资金: none
           ("162", "4800", "", ("笔记本电脑", "通用设备", "6", "GH-2026-01", "工会办公室", "王芳")),
           ("301", "", "4800", ()))),
    Entry("2026-01-15", "1", "江淮精密机械有限公司", "收到2025年12月工会经费（工资总额1300000.00元×2%）",
          (("102", "26,000.00", "", ()), ("402", "", "15600", ()), ("211", "", "10400", ())),
          ("2025-12",)),
    Entry("2026-01-15", "1", "江淮精密机械有限公司", "收到2025年12月会员会费（缴费基数900000.00元×0.5%）",
          (("102", "4500", "", ()), ("401", "", "4500", ())), ("2025-12",)),
    Entry("2026-01-20", "1", "合肥市体育用品商行", "职工羽毛球比赛用球",
          (("50102", "1200", "", ()), ("102", "", "1200", ()))),
    Entry("2026-01-21", "1", "工商银行合肥高新区支行", "银行收取账户管理费",
          (("510", "30", "", ()), ("102", "", "30", ()))),
)  # fmt: skip


BUDGET = (
    ("Income:401-会费收入", "54000.00"),
    ("Income:402-拨缴经费收入", "188000.00"),
    ("Income:408-其他收入", "1000.00"),
    ("Expenses:501-职工活动支出:50102-文体活动支出", "32000.00"),
    ("Expenses:501-职工活动支出:50105-会员活动支出", "165000.00"),
    ("Expenses:505-业务支出", "28000.00"),
    ("Expenses:507-资本性支出:50702-办公设备购置", "6000.00"),
    ("Expenses:510-其他支出", "260.00"),
)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example book, December's bank reconciliation and cash count, the approved 2026
    budget and the payroll data of December 2025."""
    directory = tmp_path_factory.mktemp("vouchers")
    for source in default_ledger().parent.glob("*.beancount"):
        shutil.copy(source, directory / source.name)
    approved = '  approved: "工会委员会2026年第1次会议"'
    budgets = "".join(
        f'2026-01-04 custom "budget" {account} "yearly" {amount} CNY\n{approved}\n'
        for account, amount in BUDGET
    )
    # December's bank reconciliation and cash count, as the month-end balances
    held: dict[str, Decimal] = {}
    for txn in load_file(default_ledger()).book.transactions:
        for posting in txn.postings:
            if posting.account in ("Assets:101-库存现金", "Assets:102-银行存款"):
                held[posting.account] = held.get(posting.account, Decimal(0)) + posting.units.number
    counted = "".join(
        f"2026-01-01 balance {account} {amount} CNY\n" for account, amount in held.items()
    )
    (directory / "2026.beancount").write_text(
        f"; 2026 年度\n\n{counted}\n{budgets}\n"
        '2026-01-10 custom "ghfund-payroll" 2025-12-31 1300000.00 CNY\n'
        "  dues-base: 900000.00 CNY\n  members: 120\n",
        encoding="utf-8",
    )
    main = directory / "main.beancount"
    text = main.read_text(encoding="utf-8").replace(
        'option "title" "江淮精密机械有限公司工会经费账"', f'option "title" "{TITLE}"'
    )
    main.write_text(text + 'include "2026.beancount"\n', encoding="utf-8")
    return main


@pytest.fixture(scope="module")
def fava(book: Path) -> Iterator[str]:
    with fava_serving([book], subprocess.DEVNULL) as base:
        yield f"{base}/ghfund-vouchers/extension/Vouchers/"


@dataclass
class Keys:
    """The page's keyboard, counting every key press (a typed character is one)."""

    page: Page
    count: int = 0
    words: int = 0  # the characters of free text (payee, 摘要, names): typed in any system
    log: list[tuple[int, int]] = field(default_factory=list)

    def type(self, text: str, words: bool = False) -> None:
        self.page.keyboard.type(text)
        self.count += len(text)
        self.words += len(text) if words else 0

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.count += 1

    def focused(self) -> str:
        return str(self.page.evaluate("document.activeElement.className"))


def enter(keys: Keys, entry: Entry, first: bool) -> None:
    page = keys.page
    current = page.locator("#v-date").input_value()
    if current != entry.date:
        keys.type(entry.date)  # the field is selected: typing replaces it
    keys.press("Enter")
    page.wait_for_function("document.activeElement.id === 'v-voucher'")
    page.wait_for_timeout(150)  # the next number for the date
    keys.press("Enter")  # the proposed number
    keys.type(entry.attachments)
    keys.press("Enter")
    keys.type(entry.payee, words=True)
    keys.press("Enter")
    if first:
        keys.type("王芳", words=True)  # 制单: remembered by the browser afterwards
    keys.press("Enter")
    keys.type(entry.narration, words=True)
    keys.press("Enter")
    for code, debit, credit, extra in entry.lines:
        keys.press("Enter")  # 摘要 copied down
        keys.type(code)
        keys.press("Enter")  # the best match, e.g. 402 拨缴经费收入
        page.wait_for_function("document.activeElement.classList.contains('v-debit') "
                               "|| document.activeElement.classList.contains('v-credit')")  # fmt: skip
        wanted = "v-debit" if debit else "v-credit"
        if wanted not in keys.focused():
            keys.press("Enter")  # an empty debit: on to the credit
        field_value = page.evaluate("document.activeElement.value")
        amount = debit or credit
        if Decimal(field_value.replace(",", "") or 0) != Decimal(
            amount.replace(",", "").removesuffix("元")
        ):
            keys.type(amount)  # else: the balancing amount was proposed
        keys.press("Enter")
        for value in extra:
            keys.type(value, words=not value.isascii())
            keys.press("Enter")
    keys.press("Enter")  # the empty line under a balanced voucher: its 摘要,
    keys.press("Enter")  # and its empty 科目: on to the voucher's fields
    for value in entry.fields:
        keys.type(value)
        keys.press("Enter")
    assert page.evaluate("document.activeElement.id") == "v-save"
    with page.expect_navigation():
        keys.press("Control+Enter")  # 保存并新增
    page.wait_for_selector("#v-message .clean")


def test_a_month_by_keyboard(book: Path, fava: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        # Each save reloads the book in Fava: on a loaded machine (CI, other jobs) one can
        # take longer than Playwright's 30 s default; slowness is the bench's to judge.
        page.set_default_timeout(120_000)
        page.goto(fava)
        page.wait_for_selector("#v-date:focus")
        keys = Keys(page)
        for number, entry in enumerate(MONTH):
            before, words = keys.count, keys.words
            enter(keys, entry, first=number == 0)
            keys.log.append((keys.count - before, keys.words - words))
        page.goto(f"{fava}?month=2026-01")
        # Fava runs the page's script after "load": wait for it before using the list
        page.wait_for_selector("#ghfund-vouchers[data-ready]", state="attached")
        # 修改: the bank charge was 35.00, not 30.00
        page.locator('tr[data-voucher="记-2026-0010"] button.v-edit').focus()
        before = keys.count
        keys.press("Enter")
        page.wait_for_function("document.getElementById('v-save').textContent === '保存修改'")
        for _ in range(8):  # 日期 凭证号 附单据数 往来单位 制单 摘要, the line's 摘要 and 科目
            keys.press("Enter")
        keys.type("35")
        keys.press("Enter")  # the credit is skipped: the second line's 摘要
        keys.press("Enter")  # its 科目
        keys.press("Enter")  # its 贷方 (its debit is empty)
        page.wait_for_function("document.activeElement.classList.contains('v-credit')")
        keys.type("35")
        keys.press("Enter")  # the empty line: its 摘要,
        keys.press("Enter")  # and its 科目: 保存
        try:
            with page.expect_navigation():
                keys.press("Control+Enter")
        except Exception:
            page.screenshot(path=str(ARTIFACTS / "vouchers-failed.png"), full_page=True)
            raise
        page.wait_for_selector("#v-message .clean")
        keys.log.append((keys.count - before + 1, 0))  # and the focus on 修改
        page.goto(f"{fava}?month=2026-01")
        page.wait_for_selector("#ghfund-vouchers[data-ready]", state="attached")
        page.on("dialog", lambda dialog: dialog.accept(DIALOG_ANSWERS.pop(0)))
        void = page.locator('tr[data-voucher="记-2026-0005"] button.v-void')
        void.focus()  # the list's button: one action, as a click
        with page.expect_navigation():
            keys.press("Enter")
        keys.log.append((2 + len("重复录入") + 1, len("重复录入")))
        page.wait_for_selector("#ghfund-vouchers[data-ready]", state="attached")
        review = page.locator('tr[data-voucher="记-2026-0007"] button.v-review')
        review.focus()
        with page.expect_navigation():
            keys.press("Enter")
        keys.log.append((2 + len("李会计") + 1, len("李会计")))
        rows = page.locator("#v-list tbody tr")
        statuses = {
            rows.nth(i).get_attribute("data-voucher"): rows.nth(i).locator(".status").inner_text()
            for i in range(rows.count())
        }
        page.screenshot(path=str(ARTIFACTS / "vouchers.png"), full_page=True)
        browser.close()
    (ARTIFACTS / "voucher_actions.json").write_text(json.dumps(keys.log), encoding="utf-8")

    assert statuses["记-2026-0005"] == "已作废" and statuses["记-2026-0007"] == "已审核"
    assert sum(status == "未审核" for status in statuses.values()) == 8
    loaded = load_file(book)
    assert loaded.errors == () and loaded.findings.open == ()
    january = [t for t in loaded.book.transactions if t.date >= datetime.date(2026, 1, 1)]
    assert [t.meta["voucher"] for t in january] == [f"记-2026-{n:04d}" for n in range(1, 11)]
    for txn, entry in zip(january, MONTH, strict=True):
        assert str(txn.date) == entry.date and txn.narration == entry.narration
        assert txn.meta["attachments"] == int(entry.attachments)
        assert txn.meta["preparer"] == "王芳"
    voided = january[4]
    assert voided.postings == [] and voided.meta["void"] == "重复录入"
    amounts = {t.meta["voucher"]: [p.units.number for p in t.postings] for t in january}
    assert amounts["记-2026-0010"] == [Decimal("35.00"), Decimal("-35.00")]  # edited in place
    assert amounts["记-2026-0007"] == [
        Decimal("26000.00"),
        Decimal("-15600.00"),
        Decimal("-10400.00"),
    ]
    assert january[6].meta["payroll"] == datetime.date(2025, 12, 31)
    assert january[6].meta["reviewer"] == "李会计"
    gift = january[2].postings[0].meta
    assert (gift["event"], gift["headcount"], gift["form"]) == ("生日慰问", 10, "实物")
    card = january[5].postings[2].meta
    assert card["asset"] == "笔记本电脑" and card["life"] == 6 and card["keeper"] == "王芳"


DIALOG_ANSWERS = ["重复录入", "李会计"]
