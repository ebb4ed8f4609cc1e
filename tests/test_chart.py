from __future__ import annotations

import pytest

from ghfund import chart


def test_base_chart_has_the_24_official_accounts() -> None:
    top = [a.code for a in chart.BASE_CHART if a.parent is None]
    assert top == [
        "101",
        "102",
        "131",
        "135",
        "141",
        "162",
        "163",
        "182",
        "211",
        "215",
        "301",
        "321",
        "322",
        "401",
        "402",
        "403",
        "405",
        "408",
        "501",
        "503",
        "504",
        "505",
        "507",
        "510",
    ]


def test_details_extend_their_parent_and_share_its_kind() -> None:
    for account in chart.CHART.values():
        if account.parent:
            assert account.code.startswith(account.parent)
            assert account.kind is chart.CHART[account.parent].kind


@pytest.mark.parametrize(
    ("account", "code"),
    [
        ("Assets:102-银行存款", "102"),
        ("Expenses:501-职工活动支出:50102-文体活动支出", "50102"),
        ("Assets:102-银行存款:01-工商银行", "10201"),
        ("Assets:102-银行存款:10202-建设银行", "10202"),
        ("Expenses:501-职工活动支出:50105-会员活动支出:01-节日慰问", "5010501"),
        ("Equity:322-工会资金结余", "322"),
    ],
)
def test_parse_reads_the_effective_code(account: str, code: str) -> None:
    assert chart.parse(account).code == code
    assert chart.parse(account).top == code[:3]


@pytest.mark.parametrize(
    ("account", "words"),
    [
        ("Assets:Cash", "编码-名称"),
        ("Assets:109-现金", "一级科目"),
        ("Income:501-职工活动支出", "属于 Expenses"),
        ("Expenses:501-职工活动支出:50201-其他", "上级编码 501"),
        ("Expenses:50102-文体活动支出", "一级科目"),
        ("Assets", "一级科目"),
    ],
)
def test_parse_explains_what_is_wrong(account: str, words: str) -> None:
    with pytest.raises(chart.AccountCodeProblem, match=words):
        chart.parse(account)


def test_account_name_builds_the_full_path() -> None:
    assert chart.account_name("40302") == "Income:403-上级补助收入:40302-专项转移支付补助"
