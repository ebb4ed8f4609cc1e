"""``ghfund import vouchers``: vendor 序时账 in three header styles (xlsx, xls, GBK csv), the
2009 chart with and without ``--map``, bad files refused with their rows, reruns idempotent."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import xlwt
from click.testing import CliRunner, Result

from ghfund.cli import cli
from ghfund.importers.codes import Accounts
from ghfund.importers.journal import JournalProblem, read
from ghfund.ledger import load_file

D = Decimal


def xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xls(rows: list[list[object]]) -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("凭证")
    dates = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write(r, c, value, dates)
            elif value is not None:
                sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# 用友-like: title and unit rows, 凭证字号 "记-0001", 辅助项, 附件数, 制单人/审核人, a 合计 row.
YONYOU = [
    ["序时账"],
    ["核算单位：某某公司工会委员会", None, None, "2023年度", None, None, "单位：元"],
    [
        "日期",
        "凭证字号",
        "摘要",
        "科目编码",
        "科目名称",
        "借方",
        "贷方",
        "辅助项",
        "附件数",
        "制单人",
        "审核人",
    ],
    ["2023-01-05", "记-0001", "提取备用金", "101", "库存现金", 500, None, None, 1, "王五", "李四"],
    [
        "2023-01-05",
        "记-0001",
        "提取备用金",
        "10201",
        "工商银行基本户",
        None,
        500,
        None,
        1,
        "王五",
        "李四",
    ],
    [
        "2023-01-20",
        "记-0002",
        "收到职工书屋专项补助",
        "10201",
        "工商银行基本户",
        30000,
        None,
        None,
        2,
        "王五",
        None,
    ],
    [
        "2023-01-20",
        "记-0002",
        "收到职工书屋专项补助",
        "40302",
        "专项转移支付补助",
        None,
        30000,
        "职工书屋",
        2,
        "王五",
        None,
    ],
    [
        "2023-02-08",
        "记-0001",
        "购书",
        "50304",
        "职工书屋支出",
        1200.5,
        None,
        "职工书屋",
        None,
        "王五",
        None,
    ],
    [
        "2023-02-08",
        "记-0001",
        "购书",
        "10201",
        "工商银行基本户",
        None,
        1200.5,
        None,
        None,
        "王五",
        None,
    ],
    ["合计", None, None, None, None, 31700.5, 31700.5],
]

# 金蝶-like: 凭证字 and 凭证号 in two columns, 科目代码 / 科目全名, dates as Excel dates, .xls.
KINGDEE = [
    [
        "凭证日期",
        "凭证字",
        "凭证号",
        "摘要",
        "科目代码",
        "科目全名",
        "借方金额",
        "贷方金额",
        "项目",
    ],
    [
        datetime.date(2023, 3, 2),
        "记",
        1,
        "会费收入",
        "1020101",
        "银行存款_工商银行_基本户",
        4200,
        None,
        None,
    ],
    [datetime.date(2023, 3, 2), "记", 1, "会费收入", "401", "会费收入", None, 4200, None],
    [
        datetime.date(2023, 3, 9),
        "记",
        2,
        "慰问品",
        "50105",
        "职工活动支出_会员活动支出",
        800,
        None,
        None,
    ],
    [
        datetime.date(2023, 3, 9),
        "记",
        2,
        "慰问品",
        "1020101",
        "银行存款_工商银行_基本户",
        None,
        800,
        None,
    ],
]

# A provincial 工会财务管理系统-like CSV in GBK: 制单日期, 凭证号 "记字第3号", 借方发生额, 附单据数.
PROVINCE = """某某省工会财务管理系统 凭证列表
制单日期,凭证号,摘要,科目编码,科目名称,借方发生额,贷方发生额,附单据数,制单,审核
2023年4月3日,记字第1号,拨缴经费,102,银行存款,"24,000.00",,3,赵六,钱七
2023年4月3日,记字第1号,拨缴经费留成,402,拨缴经费收入,,"14,400.00",3,赵六,钱七
2023年4月3日,记字第1号,应上解,211,应付上级经费,,"9,600.00",3,赵六,钱七
本月合计,,,,,"24,000.00","24,000.00",,,
"""


def accounts() -> Accounts:
    return Accounts({"Assets:101-库存现金", "Assets:102-银行存款", "Income:401-会费收入"})


def test_yonyou_style_xlsx() -> None:
    journal = read("序时账.xlsx", xlsx(YONYOU), accounts())
    assert [v.voucher for v in journal.vouchers] == [
        "记-2023-01-0001",
        "记-2023-01-0002",
        "记-2023-02-0001",
    ]
    first, second, third = journal.vouchers
    assert first.attachments == 1 and first.preparer == "王五" and first.reviewer == "李四"
    assert [(line.account, line.amount) for line in first.lines] == [
        ("Assets:101-库存现金", D("500.00")),
        ("Assets:102-银行存款:10201-工商银行基本户", D("-500.00")),
    ]
    assert second.lines[1].account == "Income:403-上级补助收入:40302-专项转移支付补助"
    assert second.lines[1].fund == "职工书屋"
    assert third.lines[0].amount == D("1200.50")
    assert journal.rows == 6


def test_kingdee_style_xls_names_every_level_from_the_full_name() -> None:
    known = accounts()
    journal = read("凭证.xls", xls(KINGDEE), known)
    assert [v.voucher for v in journal.vouchers] == ["记-2023-03-0001", "记-2023-03-0002"]
    assert journal.vouchers[0].date == datetime.date(2023, 3, 2)
    bank = "Assets:102-银行存款:10201-工商银行:1020101-基本户"
    assert journal.vouchers[0].lines[0].account == bank
    assert list(known.to_open) == [bank, "Expenses:501-职工活动支出:50105-会员活动支出"]


def test_provincial_style_gbk_csv() -> None:
    journal = read("凭证.csv", PROVINCE.encode("gbk"), accounts())
    (voucher,) = journal.vouchers
    assert voucher.voucher == "记-2023-04-0001"
    assert voucher.attachments == 3 and voucher.reviewer == "钱七"
    assert [line.amount for line in voucher.lines] == [D("24000.00"), D("-14400.00"), D("-9600.00")]
    text = voucher.text("CNY")
    assert 'voucher: "记-2023-04-0001"' in text and "  attachments: 3" in text
    assert 'summary: "拨缴经费留成"' in text  # a line's own 摘要 is kept on its posting


def problem(rows: list[list[object]], known: Accounts | None = None) -> str:
    with pytest.raises(JournalProblem) as caught:
        read("序时账.xlsx", xlsx(rows), known or accounts())
    return str(caught.value)


def test_unbalanced_and_malformed_rows_are_listed_with_their_numbers() -> None:
    rows = [
        ["日期", "凭证字号", "摘要", "科目编码", "科目名称", "借方", "贷方"],
        ["2023-01-05", "记-1", "提现", "101", "库存现金", 500, None],  # row 2
        ["2023-01-05", "记-1", "提现", "102", "银行存款", None, 400],  # row 3: unbalanced
        ["2023-13-05", "记-2", "错日期", "101", "库存现金", 1, None],  # row 4
        ["2023-01-06", "记-3", "错金额", "101", "库存现金", "一百", None],  # row 5
        ["2023-01-06", "记-3", "未知科目", "999", "无此科目", None, 100],  # row 6
        ["2023-01-07", "记-4", "两方", "101", "库存现金", 5, 5],  # row 7
    ]
    message = problem(rows)
    assert "有 5 处错误，未导入任何凭证" in message
    lines = message.splitlines()[1:]
    assert [line.split("：", 1)[0].strip() for line in lines] == [
        "第 2 行",
        "第 4 行",
        "第 5 行",
        "第 6 行",
        "第 7 行",
    ]
    assert "借方 500.00，贷方 400.00，差 100.00" in lines[0] and "第 2、3 行" in lines[0]
    assert "“2023-13-05”不是日期" in lines[1]
    assert "“一百”不是金额" in lines[2]
    assert "999" in lines[3] and "不在科目表中" in lines[3]
    assert "借方和贷方都有金额" in lines[4]


def test_one_voucher_number_on_two_dates_of_a_month_is_refused() -> None:
    rows = [
        ["日期", "凭证字号", "摘要", "科目编码", "科目名称", "借方", "贷方"],
        ["2023-01-05", "记-1", "提现", "101", "库存现金", 500, None],
        ["2023-01-06", "记-1", "提现", "102", "银行存款", None, 500],
    ]
    message = problem(rows)
    assert "第 3 行：凭证 记-1 的日期 2023-01-06 与同一凭证第 2 行的 2023-01-05 不同" in message


def test_a_header_without_account_codes_is_refused() -> None:
    message = problem([["日期", "凭证号", "摘要", "科目名称", "借方", "贷方"]])
    assert "缺少列：科目编码" in message
    assert "找不到" in problem([["月份", "金额"], ["2023-01", 1]])


def test_files_that_are_not_journals_are_refused() -> None:
    with pytest.raises(JournalProblem, match=r"不是有效的 \.xlsx 文件"):
        read("序时账.xlsx", b"PK\x03\x04 not really a zip", accounts())
    with pytest.raises(JournalProblem, match="是空的"):
        read("序时账.csv", b"  \n", accounts())
    with pytest.raises(JournalProblem, match="不是 UTF-8 或 GBK"):
        read("序时账.csv", "日期,摘要\n".encode() + b"\xff\xff", accounts())


def test_a_closing_voucher_is_tagged() -> None:
    rows = [
        ["日期", "凭证字号", "摘要", "科目编码", "科目名称", "借方", "贷方"],
        ["2023-12-31", "记-9", "结转收入", "401", "会费收入", 4200, None],
        ["2023-12-31", "记-9", "结转收入", "322", "工会资金结余", None, 4200],
    ]
    (voucher,) = read("序时账.xlsx", xlsx(rows), accounts()).vouchers
    assert voucher.closing and "#closing" in voucher.text("CNY").splitlines()[0]


# --- the 2009 chart ----------------------------------------------------------------------

OLD = [
    ["日期", "凭证字号", "摘要", "科目编码", "科目名称", "借方", "贷方"],
    ["2021-05-06", "记-1", "劳动保护用品", "50202", "劳动保护费", 300, None],
    ["2021-05-06", "记-1", "劳动保护用品", "102", "银行存款", None, 300],
    ["2021-05-07", "记-2", "会员培训", "50301", "培训费", 900, None],
    ["2021-05-07", "记-2", "会员培训", "102", "银行存款", None, 900],
    ["2021-05-08", "记-3", "上解", "221", "应付上级经费", 100, None],
    ["2021-05-08", "记-3", "上解", "102", "银行存款", None, 100],
]


def test_2009_codes_map_by_the_table_and_split_accounts_need_a_map() -> None:
    message = problem(OLD, Accounts({"Assets:102-银行存款"}, 2009))
    assert "有 1 处错误" in message
    assert "第 4 行：科目 50301 属于2009年制度的 503 业务支出" in message
    assert "503-职工服务支出、505-业务支出" in message

    known = Accounts({"Assets:102-银行存款"}, 2009, {"503": "505"})
    vouchers = read("序时账.xlsx", xlsx(OLD), known).vouchers
    assert [v.lines[0].account for v in vouchers] == [
        "Expenses:504-维权支出:50402-劳动保护支出",
        "Expenses:505-业务支出:50501-培训支出",
        "Liabilities:211-应付上级经费",
    ]


# --- the command -------------------------------------------------------------------------


def new_book(tmp_path: Path) -> Path:
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "book"), "--year", "2021"])
    assert result.exit_code == 0, result.output
    return tmp_path / "book" / "main.beancount"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["import", "vouchers", *args])


def test_import_writes_once_and_the_book_checks_clean(tmp_path: Path) -> None:
    main = new_book(tmp_path)
    source = tmp_path / "凭证.csv"
    source.write_bytes(PROVINCE.replace("2023", "2021").encode("gbk"))
    preview = run(str(source), "--ledger", str(main), "--dry-run")
    assert preview.exit_code == 0, preview.output
    assert "预览（未写入）" in preview.output and "记-2021-04-0001" in preview.output
    before = main.read_bytes()
    assert main.read_bytes() == before
    first = run(str(source), "--ledger", str(main))
    assert first.exit_code == 0, first.output
    assert "已写入" in first.output and "1 张凭证（3 行）" in first.output
    written = main.read_bytes()
    again = run(str(source), "--ledger", str(main))
    assert again.exit_code == 0 and "没有新的凭证" in again.output
    assert main.read_bytes() == written
    loaded = load_file(main)
    assert not loaded.errors and not loaded.findings.open
    (txn,) = loaded.book.transactions
    assert txn.meta["preparer"] == "赵六" and txn.meta["attachments"] == 3


def test_per_month_numbers_pass_the_voucher_rules(tmp_path: Path) -> None:
    main = new_book(tmp_path)
    rows = [YONYOU[2]] + [[r[0].replace("2023", "2021"), *r[1:]] for r in YONYOU[3:9]]
    source = tmp_path / "序时账.xlsx"
    source.write_bytes(xlsx(rows))
    result = run(str(source), "--ledger", str(main))
    assert result.exit_code == 0, result.output
    loaded = load_file(main)
    assert not loaded.errors
    assert not loaded.findings.only(["voucher-duplicate", "voucher-missing"]).open
    vouchers = sorted(txn.meta["voucher"] for txn in loaded.book.transactions)
    assert vouchers == ["记-2021-01-0001", "记-2021-01-0002", "记-2021-02-0001"]


def test_a_bad_file_writes_nothing_and_exits_2(tmp_path: Path) -> None:
    main = new_book(tmp_path)
    before = main.read_bytes()
    source = tmp_path / "旧账.xlsx"
    source.write_bytes(xlsx(OLD))
    result = run(str(source), "--ledger", str(main), "--chart", "2009")
    assert result.exit_code == 2
    assert "第 4 行" in result.output and "--map" in result.output
    assert main.read_bytes() == before
    mapping = tmp_path / "map.toml"
    mapping.write_text('[accounts]\n"503" = "505"\n', encoding="utf-8")
    result = run(str(source), "--ledger", str(main), "--chart", "2009", "--map", str(mapping))
    assert result.exit_code == 0, result.output
    assert not load_file(main).errors


# A 2024 序时账 as a treasurer keeps it: receipts name their month in the 摘要, paid the
# month after; quarterly dues name three months; a payment names a month it is not paid for.
MONTHS_NAMED = """制单日期,凭证号,摘要,科目编码,科目名称,借方发生额,贷方发生额
2024年10月12日,记字第1号,收到9月工会经费,102,银行存款,"1,000.00",
2024年10月12日,记字第1号,收到9月工会经费,402,拨缴经费收入,,600.00
2024年10月12日,记字第1号,收到9月工会经费,211,应付上级经费,,400.00
2024年10月15日,记字第2号,2024年9月会费,102,银行存款,250.00,
2024年10月15日,记字第2号,2024年9月会费,401,会费收入,,250.00
2024年10月20日,记字第3号,7-9月会费,102,银行存款,750.00,
2024年10月20日,记字第3号,7-9月会费,401,会费收入,,750.00
2024年10月25日,记字第4号,9月活动用品,501,职工活动支出,80.00,
2024年10月25日,记字第4号,9月活动用品,102,银行存款,,80.00
"""


def test_receipts_naming_one_month_get_their_payroll_month(tmp_path: Path) -> None:
    main = tmp_path / "book" / "main.beancount"
    assert CliRunner().invoke(cli, ["init", str(main.parent), "--year", "2024"]).exit_code == 0
    with main.open("a", encoding="utf-8") as book:
        book.write('2024-10-10 custom "ghfund-payroll" 2024-09-30 50000.00 CNY\n')
    source = tmp_path / "序时账.csv"
    source.write_bytes(MONTHS_NAMED.encode("gbk"))
    result = run(str(source), "--ledger", str(main))
    assert result.exit_code == 0, result.output
    loaded = load_file(main)
    payroll = {t.narration: t.meta.get("payroll") for t in loaded.book.transactions}
    september = datetime.date(2024, 9, 30)
    assert payroll == {
        "收到9月工会经费": september,
        "2024年9月会费": september,
        "7-9月会费": None,  # three months: the treasurer splits it or names one
        "9月活动用品": None,  # a payment, not a receipt
    }
    found = loaded.findings.only(["allocation-short", "dues-short"]).open
    assert not [f for f in found if "2024-09" in f.message or "9月" in f.message]
