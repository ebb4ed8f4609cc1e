"""Reading bank statement exports: five banks' layouts, csv/xls/xlsx, GBK, bad files."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
import xlwt

from ghfund.importers import sheets
from ghfund.importers.bank_layouts import LAYOUTS, BankLayout, Money
from ghfund.importers.statement import Statement, StatementProblem, header_of, read

D = Decimal

ICBC = """中国工商银行 账户明细
账号:,="6222020200001234567"
户名:,江淮精密机械有限公司工会委员会
起止日期:,2025-06-01至2025-07-31
凭证号,本方账号,对方账号,交易时间,借/贷,借方发生额,贷方发生额,对方行号,摘要,用途,对方单位名称,余额
A001,6222,,2025-06-05 10:21:33,贷,,"1,200.00",,转账,会费,江淮精密机械有限公司,"11,200.00"
A003,6222,,2025-06-21 00:00:00,贷,,12.34,,结息,,,"11,212.34"
A004,6222,,2025-06-25 09:00:01,借,5.00,,,手续费,,,"11,207.34"
合计,,,,,5.00,"1,212.34",,,,,
"""


def test_icbc_csv_in_gbk_with_preamble_and_totals() -> None:
    statement = read("工行明细.csv", ICBC.encode("gbk"))
    assert statement.bank == "工商银行"
    assert statement.account_no == "6222020200001234567"
    assert statement.holder == "江淮精密机械有限公司工会委员会"
    assert [
        (line.row, line.date, line.amount, line.summary, line.serial) for line in statement.lines
    ] == [
        (6, datetime.date(2025, 6, 5), D("1200.00"), "转账 会费", "A001"),
        (7, datetime.date(2025, 6, 21), D("12.34"), "结息", "A003"),
        (8, datetime.date(2025, 6, 25), D("-5.00"), "手续费", "A004"),
    ]
    assert statement.lines[0].counterparty == "江淮精密机械有限公司"
    assert statement.balance_at(datetime.date(2025, 6, 30)) == D("11207.34")
    assert statement.balance_at(datetime.date(2025, 6, 1)) == D("10000.00")  # opening


def ccb_xls() -> bytes:
    """建设银行 as .xls: spreadsheet dates and text dates, 支取/收入 columns."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("明细")
    rows: list[list[object]] = [
        ["中国建设银行单位账户明细"],
        ["账号", "34001234567890"],
        ["账户名称", "某某工会"],
        [
            "交易时间",
            "借方发生额（支取）",
            "贷方发生额（收入）",
            "余额",
            "币种",
            "对方户名",
            "对方账号",
            "摘要",
            "交易流水号",
        ],
        [
            datetime.datetime(2025, 6, 3),
            "",
            500.0,
            1500.0,
            "人民币",
            "甲公司",
            "1111",
            "货款",
            "C1",
        ],
        ["20250604", 120.5, "", 1379.5, "人民币", "乙商店", "2222", "购书", "C2"],
        ["总笔数：2", "", "", "", "", "", "", "", ""],
    ]
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, datetime.datetime):
                sheet.write(r, c, value, date_style)
            else:
                sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_ccb_xls_with_spreadsheet_dates() -> None:
    statement = read("ccb.xls", ccb_xls())
    assert statement.bank == "建设银行"
    assert statement.account_no == "34001234567890"
    assert [
        (line.date, line.amount, line.balance, line.counterparty, line.ref)
        for line in statement.lines
    ] == [
        (datetime.date(2025, 6, 3), D("500.00"), D("1500.00"), "甲公司", "C1"),
        (datetime.date(2025, 6, 4), D("-120.50"), D("1379.50"), "乙商店", "C2"),
    ]


def test_boc_xlsx_with_one_signed_amount_newest_first() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["中国银行 交易明细"])
    sheet.append(["交易日期", "交易金额", "交易后余额", "对方户名", "用途", "交易流水号"])
    sheet.append([20250610, -30, 970, "丙公司", "会议费", "B2"])
    sheet.append([20250602, 1000, 1000, "", "存入", "B1"])
    out = io.BytesIO()
    book.save(out)
    statement = read("boc.xlsx", out.getvalue())
    assert statement.bank == "中国银行"
    assert [(line.date, line.amount, line.ref) for line in statement.lines] == [
        (datetime.date(2025, 6, 2), D("1000.00"), "B1"),
        (datetime.date(2025, 6, 10), D("-30.00"), "B2"),
    ]


def test_bocom_direction_column_and_abc_in_out_columns() -> None:
    bocom = "交通银行\n交易日期,摘要,借贷标志,发生额,余额\n2025/6/3,利息,贷,1.50,101.50\n2025/6/30,年费,借,10,91.50\n"
    statement = read("bocom.csv", bocom.encode("utf-8-sig"))
    assert [line.amount for line in statement.lines] == [D("1.50"), D("-10.00")]
    abc = "交易日期\t收入金额\t支出金额\t本次余额\t对方户名\t交易用途\n20250603\t\t8.00\t92.00\t\t短信费\n"
    line = read("abc.txt", abc.encode("gbk")).lines[0]
    assert (line.amount, line.summary, line.serial) == (D("-8.00"), "短信费", "")
    assert line.ref.startswith("sha1-")


def test_two_equal_lines_without_serial_get_two_refs() -> None:
    text = (
        "交易日期,支出,收入,余额,摘要\n20250603,2.00,,98.00,手续费\n20250603,2.00,,96.00,手续费\n"
    )
    statement: Statement = read("x.csv", text.encode())
    assert len({line.ref for line in statement.lines}) == 2
    assert read("x.csv", text.encode()).lines == statement.lines  # stable across reads


def problem(name: str, data: bytes) -> str:
    with pytest.raises(StatementProblem) as caught:
        read(name, data)
    return str(caught.value)


def test_bad_rows_are_named_and_nothing_is_read() -> None:
    text = (
        "交易日期,借方发生额,贷方发生额,余额,摘要\n"
        "2025-06-03,,100.00,100.00,存入\n"
        "2025-13-03,,100.00,200.00,存入\n"
        "2025-06-05,abc,,150.00,支出\n"
        "2025-06-06,10.00,5.00,145.00,两边都有\n"
    )
    message = problem("bad.csv", text.encode())
    assert "3 处错误" in message
    assert "第 3 行" in message and "2025-13-03" in message
    assert "第 4 行" in message and "abc" in message
    assert "第 5 行" in message and "同时有金额" in message


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("empty.csv", b"", "是空的"),
        ("x.csv", "名称,金额\n甲,1\n".encode(), "找不到"),
        ("x.xlsx", b"not a zip", "不是有效的 Excel"),
        ("x.xls", b"\xd0\xcf\x11\xe0garbage", "不是有效的 .xls"),
        ("x.csv", "交易日期,贷方发生额\n20250101,1\n".encode(), "只有收入金额列"),
        ("x.csv", "交易日期,交易金额\n合计,1\n".encode(), "没有交易行"),
    ],
)
def test_files_refused_whole(name: str, data: bytes, expected: str) -> None:
    assert expected in problem(name, data)


# --- layouts: one entry of a table per bank --------------------------------------------------

STARSEA = BankLayout(
    "星海银行",
    ("星海银行",),
    headers={
        "date": ("记账日",),
        "amount": ("发生金额",),
        "direction": ("收付方向",),
        "balance": ("结余",),
        "counterparty": ("交易对手",),
        "serial": ("流水编号",),
        "summary": ("附言",),
    },
    money=(Money.FLAGGED,),
    out_words=("出账",),
    in_words=("进账",),
    dates="dmy",
    footer=("共计",),
)
STARSEA_FILE = """星海银行 对公账户流水
账号：9558800001
记账日,流水编号,收付方向,发生金额,结余,交易对手,附言
05/06/2025,S-01,进账,"1,000.00","1,100.00",江淮精密机械有限公司,5月会费
12/06/2025,S-02,出账,35.50,"1,064.50",新华书店,购书
共计：2 笔,,,,,,
"""


def test_a_new_bank_is_one_entry_of_the_table() -> None:
    """A made-up bank with its own headers, a flag column with its own words, dates with
    the day first and its own footer: refused without its entry, read with it."""
    data = STARSEA_FILE.encode("gbk")
    assert "找不到" in problem("星海.csv", data)
    statement = read("星海.csv", data, (*LAYOUTS, STARSEA))
    assert (statement.bank, statement.account_no) == ("星海银行", "9558800001")
    assert [
        (line.row, line.date, line.amount, line.balance, line.counterparty, line.summary, line.ref)
        for line in statement.lines
    ] == [
        (4, datetime.date(2025, 6, 5), D("1000.00"), D("1100.00"), "江淮精密机械有限公司", "5月会费", "S-01"),
        (5, datetime.date(2025, 6, 12), D("-35.50"), D("1064.50"), "新华书店", "购书", "S-02"),
    ]  # fmt: skip


def test_a_flag_outside_the_layouts_words_is_refused_with_its_row() -> None:
    data = STARSEA_FILE.replace("出账", "转出").encode()
    message = problem_with("星海.csv", data, (*LAYOUTS, STARSEA))
    assert "第 5 行：借贷标志“转出”不是 出账/进账" in message


def layout_of(name: str, data: bytes) -> str:
    rows = sheets.read_rows(name, data)
    return header_of(name, rows, LAYOUTS)[1].layout.name


def test_the_header_picks_the_layout() -> None:
    assert layout_of("工行明细.csv", ICBC.encode("gbk")) == "工商银行"
    assert layout_of("ccb.xls", ccb_xls()) == "建设银行"
    bocom = "交通银行\n交易日期,摘要,借贷标志,发生额,余额\n2025/6/3,利息,贷,1.50,101.50\n"
    assert layout_of("b.csv", bocom.encode()) == "交通银行"
    # 农业银行's headers, though the file does not name the bank
    abc = "交易日期,收入金额,支出金额,本次余额,对方户名,交易用途\n20250603,,8.00,92.00,,短信费\n"
    assert layout_of("a.csv", abc.encode()) == "农业银行"
    assert read("a.csv", abc.encode()).bank == ""  # the bank is named by the file, not guessed
    plain = "交易日期,支出,收入,余额,摘要\n20250603,2.00,,98.00,手续费\n"
    assert layout_of("x.csv", plain.encode()) == "通用"


def test_a_banks_layout_reads_no_less_than_the_generic_one() -> None:
    """A 工商银行 file whose counterparty is headed 对方户名 (not 工行's 对方单位名称) and
    whose 摘要 is 附言: the bank's layout still finds both by the generic spellings."""
    text = "中国工商银行\n交易时间,借方发生额,贷方发生额,余额,对方户名,附言\n2025-06-05 10:21:33,,100.00,100.00,甲公司,会费\n"
    (line,) = read("icbc.csv", text.encode()).lines
    assert (line.date, line.amount, line.counterparty, line.summary) == (
        datetime.date(2025, 6, 5),
        D("100.00"),
        "甲公司",
        "会费",
    )


@pytest.mark.parametrize(
    ("cell", "amount"),
    [("(5.00)", "-5.00"), ("5.00-", "-5.00"), ("－５．００", "-5.00"), ("￥ -5", "-5.00")],
)
def test_a_signed_amount_in_every_spelling(cell: str, amount: str) -> None:
    text = f'中国银行\n交易日期,交易金额,交易后余额\n2025年6月3日,"{cell}",95.00\n'
    (line,) = read("boc.csv", text.encode("gbk")).lines
    assert (line.date, line.amount) == (datetime.date(2025, 6, 3), D(amount))


def problem_with(name: str, data: bytes, layouts: tuple[BankLayout, ...]) -> str:
    with pytest.raises(StatementProblem) as caught:
        read(name, data, layouts)
    return str(caught.value)


def test_a_layout_that_could_never_match_is_refused_where_it_is_written() -> None:
    with pytest.raises(ValueError, match="unknown roles \\['amonut'\\]"):
        BankLayout("某银行", (), {"date": ("日期",), "amonut": ("金额",)}, (Money.SIGNED,))
    with pytest.raises(ValueError, match="the roles of \\['flagged'\\]"):
        BankLayout("某银行", (), {"date": ("日期",), "amount": ("金额",)}, (Money.FLAGGED,))
    with pytest.raises(ValueError, match="dates 'dym'"):
        BankLayout(
            "某银行", (), {"date": ("日期",), "amount": ("金额",)}, (Money.SIGNED,), dates="dym"
        )
