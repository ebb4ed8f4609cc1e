"""``ghfund audit``: the audit committee's papers — a departure audit (离任审计) of one
officer's term, or the annual review (同级审查) of one year."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ghfund.cli.common import fail, ledger_argument, report_options, run_report

if TYPE_CHECKING:
    pass


@click.command()
@ledger_argument
@click.option(
    "--officer", metavar="姓名", help="离任审计：被审计人的姓名（ghfund-officer 中的写法）。"
)
@click.option("--role", metavar="职务", help="离任审计：职务，被审计人担任过多个职务时必须给出。")
@click.option("--year", type=click.IntRange(1990, 2100), help="同级审查：年度，如 2024。")
@click.option(
    "--draft",
    is_flag=True,
    help="生成审计报告草稿（同级审查报告或离任经济责任审计报告），供经审会修改；"
    "用 -o 文件名.docx 写成 Word 文件。",
)
@report_options
def audit(
    ledger: str | None,
    officer: str | None,
    role: str | None,
    year: int | None,
    draft: bool,
    fmt_: str | None,
    output: str | None,
    force: bool,
) -> None:
    """经审资料：离任审计（--officer 姓名）或年度同级审查（--year 年度），二者选一。

    \b
    离任审计：任期与审计范围（是否按期、是否覆盖整个任期），任期初、任期末资产负债表，
    任期内收入支出表，任期各年度预算执行情况，拨缴经费与上解，任期内发现及处理情况，
    大额支出，任期末应收应付款项，固定资产变动。仍在任的，截至账本最后日期。
    同级审查：预算完成率和各项占比，收支结构，工会资金结余核对（年初 + 收入 − 支出 = 年末），
    货币资金与工会资金的差异，拨缴与上解完成情况，按规则汇总的发现及处理情况，大额支出。

    \b
    退出码：0 资料已生成，没有未处理的发现，各项核对相符；
    1 资料已生成，但有未处理的发现（离任审计：任期内及关于该任期的离任审计发现；
      同级审查：本年度的发现）、核对不相符或账本有 Beancount 错误；
    2 用法错误、无法读取账本、找不到该任职人员或账本没有该年度。
    """
    if (officer is None) == (year is None):
        fail("请给出 --officer 姓名（离任审计）或 --year 年度（同级审查），二者选一")
    if role is not None and officer is None:
        fail("--role 只和 --officer 一起使用")
    # lazy: pandas loads only for reports
    from ghfund.reports import departure, departure_draft, review, review_draft

    if officer is not None:
        name, title = officer.strip(), role.strip() if role else None
        officer_report = departure_draft.report if draft else departure.report
        run_report(ledger, lambda loaded: officer_report(loaded, name, title), fmt_, output, force)
    assert year is not None
    year_report = review_draft.report if draft else review.report
    run_report(ledger, lambda loaded: year_report(loaded, year), fmt_, output, force)
