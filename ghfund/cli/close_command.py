"""``ghfund close --through DATE`` records a period close (结账); ``ghfund verify`` tells
whether the book still matches the digest printed on a report.

``close`` refuses a book with Beancount errors (ghfund's own findings do not block
it; they are listed), then appends one ``ghfund-close`` directive: the digest of
every entry dated on or before DATE, each month's digest, and each month's voucher
fingerprints where no earlier close recorded the same month already. Closing a
period already closed with the same content writes nothing.
"""

from __future__ import annotations

import datetime
import sys
from collections import Counter

import click

from ghfund import digest, period
from ghfund.cli.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    book_plan,
    date_problem,
    dry_run_and_to,
    fail,
    ledger_argument,
    open_ledger,
    target_file,
    write_into_book,
)
from ghfund.files import display_path
from ghfund.ledger import Loaded
from ghfund.writing import Plan


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(date_problem(value)) from None


@click.command("close")
@ledger_argument
@click.option("--through", required=True, callback=_date, help="结账截止日，如 2024-12-31。")
@click.option(
    "--date",
    "dated",
    callback=_date,
    help="结账指令的日期；默认为截止日与账本最后一笔条目日期中较晚的一个。",
)
@dry_run_and_to
def close(
    ledger: str | None,
    through: datetime.date,
    target: str | None,
    dated: datetime.date | None,
    dry_run: bool,
) -> None:
    """结账：记录截止日及以前全部条目的摘要（ghfund-close 指令）。

    结账后，已结账月份的任何改动都由 period-changed 规则指出；确需更正的，先记录经批准的
    ghfund-reopen。账本有 Beancount 错误时不结账；同一期间内容未变时不重复写入。
    """
    if dated is not None and through > dated:
        fail(f"结账截止日 {through} 晚于结账日期 {dated}：不能为尚未结束的期间结账")
    if dated is None and through > datetime.date.today():
        fail(f"结账截止日 {through} 晚于今天：不能为尚未结束的期间结账")

    def plan(loaded: Loaded) -> Plan | None:
        book = loaded.book
        if loaded.errors:
            fail(
                f"账本有 {len(loaded.errors)} 项 Beancount 错误，未结账；"
                "请先用 ghfund check 查看并改正，再结账",
                EXIT_FINDINGS,
            )
        _list_findings(loaded)
        months = period.current_months(book, through)
        if not months:
            fail(f"{through} 及以前没有任何条目，无需结账")
        total = digest.period(months)
        for existing in book.directives.closes:
            if existing.through == through and existing.digest == total:
                meta = existing.entry.meta
                where = f"{display_path(meta.get('filename'))}:{meta.get('lineno')}"
                click.echo(f"截至 {through} 已结账（{where}），内容未变，未写入。")
                return None
        # Dated no later than the book's last entry (never before what it closes): the
        # close neither moves the book's end nor makes a deadline rule look at today.
        day = dated or max(through, book.last_date or through)
        first, last = min(months), max(months)
        result = book_plan(
            loaded, f"结账截至 {through}（{first} 至 {last}，{len(months)} 个月），摘要 {total}"
        )
        result.append(target_file(target, loaded), _directive(loaded, day, through, months, total))
        return result

    write_into_book(
        ledger, plan, dry_run, "ghfund close", "账本参数（如 ghfund close 账本/main.beancount …）"
    )


def _directive(
    loaded: Loaded,
    dated: datetime.date,
    through: datetime.date,
    months: dict[str, str],
    total: str,
) -> str:
    book = loaded.book
    recorded = {
        (month, value)
        for existing in book.directives.closes
        for month, value in existing.months
        if isinstance(existing.entry.meta.get(period.VOUCHERS_KEY + month), str)
    }
    lines = [
        f'{dated} custom "ghfund-close" {through} "{total}"',
        f'  months: "{",".join(f"{m}:{months[m]}" for m in sorted(months))}"',
    ]
    grouped = digest.by_month(book.entries, through)
    base = digest.base_of(book.options_map)
    for month in sorted(months):
        if (month, months[month]) in recorded:
            continue  # an earlier close recorded this month's vouchers as they are now
        prints = digest.voucher_prints(grouped.get(month, []), base)
        if prints:
            lines.append(f'  {period.VOUCHERS_KEY}{month}: "{digest.format_prints(prints)}"')
    return "\n".join(lines) + "\n"


def _list_findings(loaded: Loaded) -> None:
    open_ = loaded.findings.open
    if not open_:
        return
    by_rule = Counter(error.rule for error in open_)
    listed = "、".join(f"{rule} {count} 项" for rule, count in sorted(by_rule.items()))
    click.echo(
        f"提示：账本有 {len(open_)} 项未处理的 ghfund 发现（{listed}），不影响结账；"
        "可用 ghfund check 查看。",
        err=True,
    )


@click.command("verify")
@ledger_argument
@click.option("--digest", "printed", required=True, help="报表上印的结账摘要 sha256:…。")
@click.option("--through", required=True, callback=_date, help="摘要的截止日，如 2024-12-31。")
def verify(ledger: str | None, printed: str, through: datetime.date) -> None:
    """核对账本与报表上印的结账摘要是否一致。

    退出码：0 一致；1 不一致（指出变动的月份）；2 用法错误或无法读取账本。
    """
    printed = printed.strip()
    body = printed.removeprefix(digest.PREFIX)
    if not printed.startswith(digest.PREFIX) or len(body) != 64 or body.strip("0123456789abcdef"):
        fail(f"摘要应为 sha256: 加 64 位十六进制（报表页脚上印的那一串），实为 {printed}")
    loaded = open_ledger(ledger)
    months = period.current_months(loaded.book, through)
    now = digest.period(months)
    if now == printed:
        click.echo(f"一致：账本截至 {through} 的内容与摘要 {printed} 相符。")
        sys.exit(EXIT_CLEAN)
    click.echo(f"不一致：账本截至 {through} 的摘要现为 {now}，与 {printed} 不符。")
    recorded = [
        c for c in loaded.book.directives.closes if c.through == through and c.digest == printed
    ]
    if recorded:
        then = dict(recorded[0].months)
        changed = sorted(m for m in set(then) | set(months) if then.get(m) != months.get(m))
        click.echo(
            f"有变动的月份：{'、'.join(changed)}。可用 ghfund check --rule period-changed 查看详情。"
        )
    else:
        click.echo("账本中没有这个摘要的结账记录，无法指出是哪个月变动；请核对摘要和截止日。")
    sys.exit(EXIT_FINDINGS)
