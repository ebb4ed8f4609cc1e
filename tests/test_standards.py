"""The standards tables: shipped data matches the sources it cites (docs/REGULATIONS.md §6), a union's own table, bad tables."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from ghfund import standards
from ghfund.cli import cli
from ghfund.ledger import Loaded, load_file
from ghfund.plugins.contract import check_settings_valid
from ghfund.plugins.spending import check_gifts_within_caps
from ghfund.settings import SettingInvalidError

# The provincial tables as their sources give them (docs/REGULATIONS.md §6), column by column; None where the table has no number ("–").
EVENTS = (
    "节日慰问",
    "生日慰问",
    "结婚慰问",
    "生育慰问",
    "住院慰问",
    "去世慰问",
    "直系亲属去世慰问",
    "退休慰问",
)
DOMAIN = {
    "anhui-2018": (1500, 300, 600, 600, 1000, 2000, 1000, 1000),
    "anhui-2025": (2000, 300, 2000, 1000, 1000, 2000, 1000, 1000),
    "hubei": (1200, 300, 1000, 500, 1000, 1000, 1000, 1000),
    "fujian-2018": (1300, 300, None, 500, 500, 2000, 1000, 500),
    "guangdong": (2500, None, 1000, 1000, None, 3000, None, None),
    "sichuan": (2100, 300, None, None, None, None, None, None),
    "heilongjiang": (1000, None, None, None, None, None, None, None),
    "guizhou": (None, 300, None, None, None, None, None, None),
    "beijing-2019": (None, 300, None, None, None, None, None, None),
}


def test_every_table_of_domain_ships_with_its_source_and_date() -> None:
    assert standards.builtin_names() == tuple(sorted(DOMAIN))
    for name, amounts in DOMAIN.items():
        table = standards.builtin(name)
        assert table.name == name and table.title and table.date and table.province
        for event, amount in zip(EVENTS, amounts, strict=True):
            cap = table.caps.get(event)
            shipped = cap.amount if cap else None
            assert shipped == (Decimal(amount) if amount else None), (name, event)
        for event, cap in table.caps.items():
            assert cap.unit == (
                standards.PER_MEMBER_YEAR if event == "节日慰问" else standards.PER_EVENT
            ) or (name == "beijing-2019" and cap.unit == standards.BUDGET_SHARE)


def test_uncertain_numbers_are_marked_and_ranges_use_the_lower_bound() -> None:
    table = standards.builtin("anhui-2025")
    festival, birthday = table.caps["节日慰问"], table.caps["生日慰问"]
    assert festival.uncertain and festival.range == (Decimal(2000), Decimal(2200))
    assert festival.amount == Decimal(2000)
    assert birthday.uncertain and birthday.range == (Decimal(300), Decimal(500))
    assert not table.caps["结婚慰问"].uncertain
    assert not standards.builtin("guizhou").caps["节日慰问"].checked
    beijing = standards.builtin("beijing-2019").caps["节日慰问"]
    assert beijing.share == Decimal("0.50") and beijing.uncertain


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


OWN = """
    name = "本会标准"
    province = "安徽省"
    title = "某某公司工会慰问标准"
    date = "2024-01-05"

    [[cap]]
    event = "结婚慰问"
    amount = 800
"""

BOOK = """
    option "operating_currency" "CNY"
    plugin "ghfund.plugins.all"
    2024-01-01 custom "ghfund-option" "standards" "{table}"
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Expenses:501-职工活动支出:50105-会员活动支出
    2024-03-01 * "结婚慰问"
      voucher: "记-2024-0001"
      event: "结婚慰问"
      member: "甲"
      Expenses:501-职工活动支出:50105-会员活动支出   900.00 CNY
      Assets:102-银行存款
"""


def test_a_unions_own_table_is_a_path_relative_to_the_option_line(tmp_path: Path) -> None:
    _write(tmp_path, "standards/本会标准.toml", OWN)
    main = _write(tmp_path, "main.beancount", BOOK.format(table="standards/本会标准.toml"))
    loaded = load_file(main)
    assert [e.rule for e in loaded.findings.open] == ["gift-cap"]
    error = loaded.findings.open[0]
    assert error.amount == Decimal("100.00")
    assert "本会标准《某某公司工会慰问标准》（2024-01-05）" in error.message


@pytest.mark.parametrize(
    ("table", "text", "said"),
    [
        ("anhui-2035", None, "没有名为 “anhui-2035” 的标准表；ghfund 自带：anhui-2018、"),
        ("缺.toml", None, "找不到标准表文件"),
        ("bad.toml", "name = [", "不是有效的 TOML 文件"),
        ("typo.toml", OWN.replace("amount", "ammount"), "未知的字段 ammount"),
        ("zero.toml", OWN.replace("800", "0"), "缺少大于零的 amount"),
        (
            "unit.toml",
            OWN + '    unit = "每年"\n',
            "unit 应为 每人每年、每人每次、预算收入比例 之一",
        ),
        ("copy.toml", OWN.replace("本会标准", "anhui-2025"), "与自带的标准表 anhui-2025 相同"),
    ],
)
def test_a_table_that_cannot_be_used_is_a_setting_error(
    tmp_path: Path, table: str, text: str | None, said: str
) -> None:
    if text is not None:
        _write(tmp_path, table, text)
    loaded = load_file(_write(tmp_path, "main.beancount", BOOK.format(table=table)))
    errors = check_settings_valid(loaded.book)
    assert [type(e) for e in errors] == [SettingInvalidError]
    assert said in errors[0].message and errors[0].source["lineno"] == 4
    assert check_gifts_within_caps(loaded.book) == []  # no table in force: nothing to check


def test_a_relative_table_needs_a_ledger_file(loaded: Loaded) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 custom "ghfund-option" "standards" "own.toml"
    """
    errors = check_settings_valid(loaded.book)
    assert len(errors) == 1 and "请写绝对路径" in errors[0].message


def test_standards_command_lists_shows_and_checks(tmp_path: Path) -> None:
    runner = CliRunner()
    listing = runner.invoke(cli, ["standards"])
    assert listing.exit_code == 0
    assert "节日慰问每人每年 2,000.00 元  [未核实]" in listing.stdout
    shown = runner.invoke(cli, ["standards", "anhui-2025"])
    assert shown.exit_code == 0
    copy = _write(
        tmp_path, "copy.toml", shown.stdout.replace('name = "anhui-2025"', 'name = "本会"')
    )
    checked = runner.invoke(cli, ["standards", str(copy)])
    assert checked.exit_code == 0 and "标准表可以使用" in checked.stdout
    missing = runner.invoke(cli, ["standards", "hunan"])
    assert missing.exit_code == 2 and "没有名为 “hunan” 的标准表" in missing.stderr
