"""``ghfund audit``: the audit committee's papers — a departure audit (离任审计) of one
officer's term, or the annual review (同级审查) of one year."""

from __future__ import annotations

import secrets

import click

from ghfund.cli.common import fail, ledger_argument, report_options, run_report


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
@click.option(
    "--sample",
    type=click.IntRange(1, 100000),
    metavar="N",
    help="同级审查：凭证抽查表，抽查 N 张凭证（达到大额支出标准的全部抽查）；用 -o 抽查表.xlsx 写入。",
)
@click.option(
    "--seed",
    type=click.IntRange(0, 2**31),
    help="抽查的随机种子；同一账本、同一种子抽出的凭证相同。不给时随机选取并写在表下。",
)
@report_options
def audit(
    ledger: str | None,
    officer: str | None,
    role: str | None,
    year: int | None,
    draft: bool,
    sample: int | None,
    seed: int | None,
    fmt_: str | None,
    output: str | None,
    force: bool,
) -> None:
    """经审资料：离任审计（--officer 姓名）或年度同级审查（--year 年度），二者选一。

    \b
    离任审计：任期与审计范围（是否按期、是否覆盖整个任期），任期初、任期末资产负债表，
    任期内收入支出表，任期各年度预算执行情况，拨缴经费与上解，任期内发现及处理情况，
    大额支出，任期末应收应付款项，固定资产变动。仍在任的，截至账本最后日期。
    同级审查：预算完成率和各项占比，收支结构，工会资金结余核对（年初 + 收入 − 支出 = 年末，
    结余率），货币资金与工会资金的差异，慰问标准执行情况，账卡相符，拨缴与上解完成情况，
    按规则汇总的发现及处理情况，上年审计发现问题的整改情况，大额支出。
    --draft：审计报告草稿（同级审查报告或离任、任中经济责任审计报告），-o 报告.docx 写成 Word；
    --year 年度 --sample N [--seed S]：凭证抽查表（工作底稿），-o 抽查表.xlsx。

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
    if sample is not None and (year is None or draft):
        fail("--sample 只和 --year 一起使用（同级审查的凭证抽查表），不能与 --draft 同用")
    if seed is not None and sample is None:
        fail("--seed 只和 --sample 一起使用")
    # lazy: pandas loads only for reports
    from ghfund.reports import departure, departure_draft, review, review_draft

    if officer is not None:
        name, title = officer.strip(), role.strip() if role else None
        officer_report = departure_draft.report if draft else departure.report
        run_report(ledger, lambda loaded: officer_report(loaded, name, title), fmt_, output, force)
    assert year is not None
    if sample is not None:
        from ghfund.reports import sampling

        size, chosen = sample, seed if seed is not None else secrets.randbelow(1_000_000)
        click.get_current_context().params["seed"] = chosen  # the results cache keys on it
        run_report(
            ledger, lambda loaded: sampling.report(loaded, year, size, chosen), fmt_, output, force
        )
    year_report = review_draft.report if draft else review.report
    run_report(ledger, lambda loaded: year_report(loaded, year), fmt_, output, force)
