"""The report catalogue (``ghfund.reports.catalogue``): every entry is a command, every report
page names an entry, and both surfaces type and check a report's parameters the one way.

The book of the CLI tests is the ledger below (a union with one year of accounts).
"""

from __future__ import annotations

import inspect
import json
import re
import textwrap
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from fava.application import create_app

from ghfund import fava as pages
from ghfund.cli import cli
from ghfund.fava.page import ReportPage
from ghfund.month import BadMonth, Month
from ghfund.reports import catalogue
from ghfund.reports.catalogue import ENTRIES
from ghfund.reports.catalogue_entry import BadValue
from ghfund.reports.render import FORMATS

BOOK = """
option "title" "目录工会经费账"
option "operating_currency" "CNY"
2024-01-01 custom "fava-extension" "ghfund.fava"
2024-01-01 custom "ghfund-option" "union-name" "目录工会"
2023-12-31 open Assets:102-银行存款
2023-12-31 open Income:402-拨缴经费收入
2023-12-31 open Expenses:501-职工活动支出:50102-文体活动支出
2023-12-31 open Equity:322-工会资金结余
2023-12-31 * "期初余额"
  voucher: "记-2023-0001"
  Assets:102-银行存款  50000.00 CNY
  Equity:322-工会资金结余
2024-03-15 * "收到2024年3月工会经费"
  voucher: "记-2024-0001"
  Assets:102-银行存款  6000.00 CNY
  Income:402-拨缴经费收入
2024-05-08 * "职工篮球赛"
  voucher: "记-2024-0002"
  Expenses:501-职工活动支出:50102-文体活动支出  800.00 CNY
  Assets:102-银行存款
"""


def command_at(path: str) -> click.Command | None:
    """The command ``ghfund <path>`` runs (``books trial``: the group, then its subcommand)."""
    found: click.Command | None = cli
    for word in path.split():
        if not isinstance(found, click.Group):
            return None
        found = found.commands.get(word)
    return found


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_every_entry_is_a_command_with_its_help_and_parameters(name: str) -> None:
    entry = ENTRIES[name]
    command = command_at(name)
    assert command is not None, f"ghfund {name} has no command"
    assert inspect.cleandoc(command.help or "") == inspect.cleandoc(entry.help)
    options = {p.name: p for p in command.params if isinstance(p, click.Option)}
    for param in entry.params:
        assert param.flag in options[param.name].opts
        assert options[param.name].required == param.required
    fmt = options["fmt_"].type
    assert isinstance(fmt, click.Choice) and tuple(fmt.choices) == entry.formats
    assert set(entry.formats) <= set(FORMATS)


def test_every_report_page_names_an_entry_and_every_entry_its_pages() -> None:
    """A page shows a catalogue entry's report, and the entry names the pages that show it;
    only the 调节表 page, whose statement is a file rather than a parameter, builds its own."""
    report_pages = {
        name: page
        for name, page in vars(pages).items()
        if inspect.isclass(page) and issubclass(page, ReportPage)
    }
    shown = {(page.entry, name) for name, page in report_pages.items() if page.entry}
    named = {(entry.name, page) for entry in ENTRIES.values() for page in entry.pages}
    assert shown == named
    assert set(report_pages) - {name for _, name in shown} == {"Reconciliation"}
    assert len(named) == 8  # 年度报表 预算执行 预算编制 经审检查 同级审查 离任审计 拨缴与上解 账簿


@pytest.mark.parametrize(
    ("name", "given", "problem"),
    [
        ("report", {"year": "2024", "month": "2024-03"}, "二者只用其一"),
        ("report", {"month": "2024-03", "pack": "1"}, "--pack 是年度决算资料"),
        ("report", {"year": "2024", "issued": "2024-02-30"}, "--date 应为 YYYY-MM-DD"),
        ("books trial", {}, "请用 --year 指定年度"),
        (
            "books trial",
            {"year": "2023", "month": "2024-03"},
            "--month 2024-03 不在 --year 2023 内",
        ),
        ("books trial", {"month": "2024-03", "after_closing": "1"}, "只用于全年（或 12 月）"),
        ("audit", {"officer": "张三", "year": "2024"}, "二者选一"),
        ("audit", {"year": "2024", "seed": "5"}, "--seed 只和 --sample 一起使用"),
        ("funding", {"year": "1900"}, "--year 应为 1990 至 2100 之间的整数，实为 “1900”"),
        ("funding", {"year": "二〇二四"}, "--year 应为 1990 至 2100 之间的整数"),
        ("check", {"rules": "no-such-rule"}, "未知的规则 no-such-rule"),
    ],
)
def test_a_page_and_the_command_line_are_told_the_same_problem(
    name: str, given: dict[str, str], problem: str, tmp_path: Path
) -> None:
    with pytest.raises(BadValue, match=re.escape(problem)):
        ENTRIES[name].values(given)
    book = tmp_path / "main.beancount"
    book.write_text(textwrap.dedent(BOOK), encoding="utf-8")
    args = []
    for key, text in given.items():
        param = ENTRIES[name].param(key)
        args += [param.flag] if param.kind == "flag" else [param.flag, text]
    result = CliRunner().invoke(cli, [*name.split(), str(book), *args])
    assert result.exit_code == 2
    if "--year 应为" not in problem:  # click says a bad integer its own way
        assert problem in result.stderr


def test_values_are_typed_and_the_absent_ones_empty() -> None:
    values = ENTRIES["books trial"].values({"month": "2024-3"})
    assert values == {"year": None, "month": Month(2024, 3), "after_closing": False}
    assert catalogue.period(values) == (2024, 3)
    assert ENTRIES["check"].values({})["rules"] == ()
    with pytest.raises(BadMonth, match="--month 应为 YYYY-MM"):
        ENTRIES["report"].values({"month": "2024-13"})


def test_what_the_command_draws_by_chance_is_in_its_cache_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two samples without ``--seed`` draw two seeds: the second is not the first one's
    answer read back from the results cache."""
    book = tmp_path / "main.beancount"
    book.write_text(textwrap.dedent(BOOK), encoding="utf-8")
    drawn = iter((11, 22))
    monkeypatch.setattr(catalogue.secrets, "randbelow", lambda _: next(drawn))
    args = ["audit", str(book), "--year", "2024", "--sample", "1", "--format", "json"]
    notes = []
    for _ in range(2):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code in (0, 1), result.stderr
        notes.append(json.loads(result.stdout)["tables"]["sample"]["notes"][0])
    assert ["随机种子 11" in notes[0], "随机种子 22" in notes[1]] == [True, True]


def test_the_voucher_page_prints_through_the_books_vouchers_entry(tmp_path: Path) -> None:
    """The 记账凭证 page's PDF of a month is ``ghfund books vouchers --month``'s report; a
    month written wrong is told in Chinese (404), not a traceback."""
    book = tmp_path / "main.beancount"
    book.write_text(textwrap.dedent(BOOK), encoding="utf-8")
    app = create_app([str(book)], load=True, poll_watcher=True)
    with app.test_client() as client:
        base = "/目录工会经费账/extension/Vouchers/print"
        good = client.get(f"{base}?month=2024-05")
        assert good.status_code == 200 and good.data.startswith(b"%PDF")
        assert "2024-05" in good.headers["Content-Disposition"]
        bad = client.get(f"{base}?month=2024-5x")
        assert bad.status_code == 404
        assert "应为 YYYY-MM，如 2025-03，实为 “2024-5x”" in bad.get_data(as_text=True)
