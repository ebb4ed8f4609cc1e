"""``ghfund audit --draft``: the committee's report drafts, read back from the .docx (text and
headings), with the rates, balances and findings the book gives."""

from __future__ import annotations

import subprocess
from decimal import Decimal
from pathlib import Path

import docx
from click.testing import CliRunner

from ghfund.cli import cli
from ghfund.ledger import Loaded, load_string
from ghfund.reports import review, review_draft
from ghfund.reports.model import PROPOSED
from tests.test_rectification import BOOK as RECTIFIED

D = Decimal

# A year whose committee reported income at 113.71% of its budget and spending at 97.85%:
# 拨缴经费 113,710.00 of 100,000.00; spending 52,000.00 + 38,000.00 + 7,850.00 = 97,850.00 of
# 100,000.00, the 会员活动支出 line 2,000.00 over its 50,000.00 (budget-overrun, 记-2024-0004).
# 年初 20,000.00 + 113,710.00 − 97,850.00 = 年末 35,860.00; 结余率 35,860 ÷ 97,850 = 36.65%.
BOOK = """
option "operating_currency" "CNY"
plugin "ghfund.plugins.all"
2024-01-01 custom "ghfund-option" "union-name" "某某公司工会委员会"
2020-01-01 custom "ghfund-officer" "钱七" "主席"
2023-01-01 custom "ghfund-officer" "赵六" "经审会主任"
2023-12-31 open Assets:102-银行存款
2023-12-31 open Income:402-拨缴经费收入
2023-12-31 open Expenses:501-职工活动支出:50102-文体活动支出
2023-12-31 open Expenses:501-职工活动支出:50105-会员活动支出
2023-12-31 open Expenses:505-业务支出
2023-12-31 open Equity:322-工会资金结余
2023-12-31 * "期初余额"
  voucher: "记-2023-0001"
  Assets:102-银行存款  20000.00 CNY
  Equity:322-工会资金结余
2024-01-20 custom "budget" Income:402-拨缴经费收入 "yearly" 100000.00 CNY
  approved: "工会委员会2024年第1次会议"
2024-01-20 custom "budget" Expenses:501-职工活动支出:50105-会员活动支出 "yearly" 50000.00 CNY
  approved: "工会委员会2024年第1次会议"
2024-01-20 custom "budget" Expenses:501-职工活动支出:50102-文体活动支出 "yearly" 40000.00 CNY
  approved: "工会委员会2024年第1次会议"
2024-01-20 custom "budget" Expenses:505-业务支出 "yearly" 10000.00 CNY
  approved: "工会委员会2024年第1次会议"
2024-02-15 * "收到2024年1月工会经费"
  voucher: "记-2024-0001"
  Assets:102-银行存款  113710.00 CNY
  Income:402-拨缴经费收入
2024-03-10 * "职工运动会"
  voucher: "记-2024-0002"
  Expenses:501-职工活动支出:50102-文体活动支出  38000.00 CNY
  Assets:102-银行存款
2024-05-10 * "会员春游"
  voucher: "记-2024-0003"
  Expenses:501-职工活动支出:50105-会员活动支出  30000.00 CNY
  Assets:102-银行存款
2024-09-12 * "中秋慰问品"
  voucher: "记-2024-0004"
  Expenses:501-职工活动支出:50105-会员活动支出  22000.00 CNY
  Assets:102-银行存款
2024-11-05 * "办公用品"
  voucher: "记-2024-0005"
  Expenses:505-业务支出  7850.00 CNY
  Assets:102-银行存款
2025-03-20 custom "ghfund-audit" "annual" "" 2024-01-01 2024-12-31
  report: "经审〔2025〕1号"
"""


def write(tmp_path: Path, text: str = BOOK) -> str:
    path = tmp_path / "main.beancount"
    path.write_text(text, encoding="utf-8")
    return str(path)


def read_back(path: Path) -> tuple[list[str], str]:
    """(the headings, the whole text with tables) of a .docx file."""
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return headings, "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_annual_draft_in_word_states_the_books_rates(tmp_path: Path) -> None:
    out = tmp_path / "审查报告.docx"
    result = CliRunner().invoke(
        cli, ["audit", write(tmp_path), "--year", "2024", "--draft", "-o", str(out)]
    )
    assert result.exit_code == 1, result.stderr  # the open budget-overrun
    headings, text = read_back(out)
    assert headings == [
        "一、基本情况",
        "二、经费收入情况",
        "三、经费支出情况",
        "四、经费结余情况",
        "预算执行情况表",
        "收支结构",
        "五、发现的问题",
        "六、上年审计发现问题的整改情况",
        "七、审计评价",
        "八、审计建议",
    ]
    assert "关于某某公司工会委员会2024年度经费收支情况的审查报告（草稿）" in text
    assert "《中华人民共和国工会法》《中国工会章程》《工会会计制度》和《中国工会审计条例》" in text
    assert "本年收入 113,710.00 元，预算（调整后）100,000.00 元，完成率 113.71%" in text
    assert "本年支出 97,850.00 元，预算（调整后）100,000.00 元，执行率 97.85%" in text
    assert (
        "其中：职工活动支出 90,000.00 元，占 91.98%，执行预算的 100.00%（其中文体活动支出 "
        "38,000.00 元，执行预算的 95.00%；会员活动支出 52,000.00 元，执行预算的 104.00%）" in text
    )
    assert (
        "年初工会资金结转结余 20,000.00 元 + 本年收入 113,710.00 元 − 本年支出 97,850.00 元"
        " = 年末工会资金结转结余 35,860.00 元，核对相符" in text
    )
    assert "结余率（年末结余 ÷ 本年支出）为 36.65%" in text
    assert "预算经工会委员会2024年第1次会议批准" in text
    # findings: facts grouped by rule, with the voucher and the amount
    assert (
        "（一）不符合“各预算科目的累计支出不超过其调整后预算”的要求（budget-overrun）："
        "1 项，涉及金额 2,000.00 元。" in text
    )
    fact = (
        "1. 2024-09-12 记-2024-0004 金额 2,000.00 元：超预算支出：Expenses:501-职工活动支出:"
        "50105-会员活动支出 2024 年度预算 50,000.00，至本笔累计支出 52,000.00，超支 2,000.00。"
    )
    assert fact + "\n" in text  # the fact only, not how to fix it
    assert f"{PROPOSED}1. 严格执行经批准的预算" in text
    assert "经审会主任：赵六（签字）" in text and "日期：2025年3月20日" in text
    document = docx.Document(str(out))
    marked = [
        run.font.highlight_color
        for p in document.paragraphs
        if p.text.startswith(PROPOSED)
        for run in p.runs
    ]
    assert marked and all(color is not None for color in marked)


def test_the_same_content_as_text_html_and_pdf(tmp_path: Path) -> None:
    path = write(tmp_path)
    for name in ("草稿.txt", "草稿.html", "草稿.pdf"):
        out = tmp_path / name
        result = CliRunner().invoke(
            cli, ["audit", path, "--year", "2024", "--draft", "-o", str(out)]
        )
        assert result.exit_code == 1, result.stderr
        if out.suffix == ".pdf":
            text = subprocess.run(
                ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
            ).stdout
        else:
            text = out.read_text(encoding="utf-8")
        assert "完成率 113.71%" in text and "执行率 97.85%" in text, name
        assert "2024年度经费收支情况的审查报告" in text, name  # the title heads it
        assert "五、发现的问题" in text and "结余率（年末结余 ÷ 本年支出）为 36.65%" in text


def test_last_years_items_in_the_draft() -> None:
    report = review_draft.report(load_string(RECTIFIED), 2025)
    section = report.table("rectification")
    assert section.notes == (
        "2024年度经审会处理的问题共 4 项：已整改 1 项，整改中 1 项，逾期未整改 1 项，已说明 1 项。"
        "详见下表。",
    )
    items = report.table("previous_items").records()
    assert [r["status"] for r in items] == ["已说明", "已整改", "逾期未整改", "整改中"]


def test_the_officer_draft_in_word(tmp_path: Path) -> None:
    out = tmp_path / "经济责任审计报告.docx"
    result = CliRunner().invoke(
        cli, ["audit", write(tmp_path), "--officer", "钱七", "--draft", "-o", str(out)]
    )
    assert result.exit_code == 1, result.stderr
    headings, text = read_back(out)
    assert headings == [
        "一、基本情况",
        "二、审计内容与结果",
        "三、任期初与任期末主要指标对比",
        "主要指标对比",
        "任期各年度预算执行率",
        "四、审计发现的问题",
        "五、审计评价",
        "六、需要说明的问题",
        "七、审计建议",
    ]
    assert "关于钱七同志任主席期间的任中经济责任审计报告（草稿）" in text
    assert "任期内经费收入 113,710.00 元，经费支出 97,850.00 元，收支差额 15,860.00 元" in text
    assert "1. 2024-09-12 记-2024-0004 金额 2,000.00 元：超预算支出" in text
    assert "责任认定（请选择）：□直接责任　□领导责任" in text
    assert "任期末应收款项 0.00 元，应付款项 0.00 元。" in text
    assert "2024年收入预算完成率 113.71%、支出预算执行率 97.85%" in text
    # the term began in 2020, the book in 2024: the rest of the term is said to be outside
    assert "被审计人任期自 2020-01-01 开始，账本自 2024-01-01 起" in text
    document = docx.Document(str(out))
    indicators = document.tables[0]
    rows = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in indicators.rows}
    assert rows["货币资金"] == ["20,000.00", "35,860.00", "15,860.00"]
    assert rows["工会资金结余"] == ["20,000.00", "35,860.00", "15,860.00"]


def test_every_other_format_prints_the_sections_in_words(tmp_path: Path) -> None:
    import openpyxl

    path = write(tmp_path)
    for name in ("草稿.xlsx", "草稿.csv", "草稿.json"):
        out = tmp_path / name
        result = CliRunner().invoke(
            cli, ["audit", path, "--year", "2024", "--draft", "-o", str(out)]
        )
        assert result.exit_code == 1, result.output
    sheet = openpyxl.load_workbook(tmp_path / "草稿.xlsx")["二、经费收入情况"]
    assert sheet["A1"].value == "二、经费收入情况"
    assert "完成率 113.71%" in str(sheet["A3"].value)
    assert "完成率 113.71%" in (tmp_path / "草稿.csv").read_text(encoding="utf-8-sig")


def test_any_report_in_word(tmp_path: Path, example: Loaded) -> None:
    from ghfund.money import fmt
    from ghfund.reports import annual

    sheet_rows = annual.report(example, 2025).table("balance_sheet").records()
    assets = next(r for r in sheet_rows if r["item"] == "资产总计")
    out = tmp_path / "决算.docx"
    result = CliRunner().invoke(cli, ["report", "--year", "2025", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    headings, text = read_back(out)
    assert "资产负债表（工会01表）" in headings
    document = docx.Document(str(out))
    sheet = document.tables[0]  # one row per line, as text and CSV print it
    rows = {row.cells[0].text.strip(): [c.text for c in row.cells] for row in sheet.rows}
    expected = [fmt(D(str(assets["start"]))), fmt(D(str(assets["end"])))]
    assert rows["资产总计"] == ["资产总计", *expected]
    assert rows["负债与净资产总计"] == ["负债与净资产总计", *expected]
    assert "单位负责人（法定代表人）：李四（签名并盖章）" in text  # the signature block


def test_the_draft_compares_with_last_year(example: Loaded) -> None:
    from ghfund.money import fmt

    total = review.report(example, 2025).table("structure").records()[0]
    assert total["item"] == "收入合计"
    now, before = D(str(total["current"])), D(str(total["previous"]))
    way = "增加" if now > before else "减少"
    share = abs(now - before) * 100 / before
    income = review_draft.report(example, 2025).table("income").notes
    assert income[1] == (
        f"较上年 {fmt(before)} 元 {way} {fmt(abs(now - before))} 元，{way} {share:.2f}%。"
    )


def test_every_suggestion_names_a_rule_and_every_rule_has_one() -> None:
    from ghfund.plugins.all import CATALOGUE
    from ghfund.reports.advice import SUGGESTIONS, suggestion

    names = {rule.name for rule in CATALOGUE}
    assert set(SUGGESTIONS) <= names
    # a rule without its own sentence gets one from its requirement
    assert suggestion("ack-unmatched") == (
        "严格执行“每条 ghfund-ack 处理记录都对应一个实际的发现”的要求，查明原因，限期整改。"
    )


def test_the_draft_states_the_gifts_and_the_cards(example: Loaded) -> None:
    from ghfund.money import fmt

    reviewed = review.report(example, 2025)
    gifts = reviewed.table("gift_standards").records()
    spent = sum((D(str(r["amount"])) for r in gifts), D(0))
    kinds = "、".join(str(r["event"]) for r in gifts)
    spending = review_draft.report(example, 2025).table("spending").notes
    assert any(note.startswith(f"慰问支出 {fmt(spent)} 元（{kinds}）") for note in spending)
    cards = reviewed.table("cards_and_books").notes
    balance = review_draft.report(example, 2025).table("balance").notes
    assert cards and set(cards) <= set(balance)


def test_the_audit_chair_option_names_who_signs() -> None:
    book = BOOK + '2024-01-01 custom "ghfund-option" "audit-chair" "孙七"\n'
    signature = review_draft.report(load_string(book), 2024).table("signature").notes
    assert signature[1] == "经审会主任：孙七（签字）"  # before the officer 赵六 of that role


def test_the_date_given_is_the_date_signed(tmp_path: Path) -> None:
    """``audit --date``: the draft's 日期 and the departure pack's 报出日期 are the date given;
    without it the draft takes the recorded audit's date (2025-03-20) and the pack a blank."""
    import datetime

    from ghfund.reports import departure

    loaded = load_string(BOOK)
    recorded = review_draft.report(loaded, 2024).table("signature").notes
    assert recorded[2] == "日期：2025年3月20日"
    dated = review_draft.report(loaded, 2024, datetime.date(2025, 3, 5)).table("signature").notes
    assert dated[2] == "日期：2025年3月5日"
    signed = departure.report(loaded, "钱七", None, datetime.date(2025, 3, 6)).signatures
    assert signed is not None and signed.issued == datetime.date(2025, 3, 6)
    unsigned = departure.report(loaded, "钱七").signatures
    assert unsigned is not None and unsigned.issued is None
    result = CliRunner().invoke(
        cli, ["audit", write(tmp_path), "--officer", "钱七", "--date", "2025-03-06"]
    )
    assert "报出日期：2025年3月6日" in result.stdout, result.stderr
    refused = CliRunner().invoke(
        cli, ["audit", write(tmp_path), "--year", "2024", "--sample", "3", "--date", "2025-03-06"]
    )
    assert refused.exit_code == 2 and "抽查表（--sample）不用" in refused.stderr
