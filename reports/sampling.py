"""``ghfund audit --year Y --sample N --seed S``: the voucher-checking working paper (抽查表).

A reproducible random sample of the year's vouchers (#closing entries left out), stratified:
every voucher whose spending (its debits on Expenses accounts) reaches ``large-expense`` on
its date is checked,
and vouchers are drawn at random from the rest until the paper has N (all of the large ones
even when there are more). The draw depends only on the seed and the book's vouchers in
date order: the same seed on the same book gives the same paper. One row per voucher with
凭证号, 日期, 摘要, 金额, 科目 and blank columns to tick (审批, 附件, 发票, 签收, 结论);
索引号, 编制人, 复核人 and 日期 in the heading, to fill in.
"""

from __future__ import annotations

import random
from decimal import Decimal

import pandas as pd

from ghfund.ledger import Loaded
from ghfund.money import ZERO, fmt
from ghfund.reports import base, frames
from ghfund.reports.balances import year_end
from ghfund.reports.model import Column, Report, Table

LARGE, DRAWN = "大额全查", "随机抽取"
COLUMNS = (
    Column("number", "序号", "count"),
    Column("voucher", "凭证号", "text"),
    Column("date", "日期", "date"),
    Column("narration", "摘要", "text"),
    Column("amount", "金额"),
    Column("accounts", "科目", "text"),
    Column("stratum", "抽样方式", "text"),
    Column("approval", "审批", "text"),
    Column("attachments", "附件", "text"),
    Column("invoice", "发票", "text"),
    Column("receipt", "签收", "text"),
    Column("conclusion", "结论", "text"),
)
PAPER = "索引号：________　编制人：________　复核人：________　日期：________"


def vouchers(loaded: Loaded, year: int) -> pd.DataFrame:
    """One row per transaction of ``year`` (closing entries left out), in date order:
    date, voucher, narration, amount (the debits), spent (the debits on Expenses accounts),
    accounts (the debited ones)."""
    rows = frames.in_years(loaded.book, year, year)
    rows = rows[~rows["closing"]]
    debits = rows[rows["amount"].map(lambda amount: amount > 0)]
    result = []
    for _, group in debits.groupby("txn", sort=True):
        first = group.iloc[0]
        accounts = list(dict.fromkeys(str(a).split(":", 1)[-1] for a in group["account"]))
        result.append(
            {
                "date": first["date"],
                "voucher": first["voucher"] or "",
                "narration": first["narration"] or first["payee"] or "",
                "amount": sum(group["amount"], ZERO),
                "spent": sum(group["amount"][group["root"] == "Expenses"], ZERO),
                "accounts": "、".join(accounts),
            }
        )
    return pd.DataFrame(
        result, columns=["date", "voucher", "narration", "amount", "spent", "accounts"]
    )


def draw(loaded: Loaded, year: int, size: int, seed: int) -> tuple[list[int], list[int]]:
    """(the large vouchers, those drawn at random) as row positions in ``vouchers``."""
    every = vouchers(loaded, year)
    settings = loaded.book.settings
    large: list[int] = []
    rest: list[int] = []
    for position, (date, amount) in enumerate(zip(every["date"], every["spent"], strict=True)):
        limit = settings.limit("large-expense", date)
        (large if limit is not None and amount >= limit else rest).append(position)
    wanted = min(max(size - len(large), 0), len(rest))
    drawn = sorted(random.Random(seed).sample(rest, wanted))
    return large, drawn


def report(loaded: Loaded, year: int, size: int, seed: int) -> Report:
    """The 抽查表 of ``year``: ``size`` vouchers (at least every large one) drawn with ``seed``."""
    base.require_year(loaded, year, "抽查凭证")
    every = vouchers(loaded, year)
    large, drawn = draw(loaded, year, size, seed)
    chosen = sorted([(p, LARGE) for p in large] + [(p, DRAWN) for p in drawn])
    frame = pd.DataFrame(
        [
            {
                "number": number,
                "voucher": every["voucher"].iloc[position],
                "date": every["date"].iloc[position],
                "narration": every["narration"].iloc[position],
                "amount": every["amount"].iloc[position],
                "accounts": every["accounts"].iloc[position],
                "stratum": stratum,
                **{column.key: "" for column in COLUMNS[7:]},
            }
            for number, (position, stratum) in enumerate(chosen, 1)
        ],
        columns=[column.key for column in COLUMNS],
    )
    chosen_total = sum((Decimal(a) for a in frame["amount"]), ZERO)
    whole = sum(every["amount"], ZERO)
    limit = loaded.book.settings.limit("large-expense", year_end(year))
    method = (
        f"抽样方法：{year} 年度凭证 {len(every)} 张（金额 {fmt(whole)} 元）；"
        + (
            f"支出达到大额支出标准（{fmt(limit)} 元）的 {len(large)} 张全部抽查，"
            if limit is not None
            else "账本没有设置大额支出标准（large-expense），没有全查的凭证；"
        )
        + f"其余 {len(every) - len(large)} 张中以随机种子 {seed} 抽取 {len(drawn)} 张。"
        f"共抽查 {len(chosen)} 张，金额 {fmt(chosen_total)} 元"
        f"（占 {_share(chosen_total, whole)}）。同一账本、同一种子抽出的凭证相同。"
    )
    table = Table(
        "sample",
        "凭证抽查表",
        COLUMNS,
        frame.astype(object),
        period=f"{year}年度　{PAPER}",
        notes=(method, "审批、附件、发票、签收栏填“√”或说明问题；结论栏填“无问题”或问题摘要。"),
    )
    return base.make(
        loaded,
        "audit-sample",
        f"{year}年度凭证抽查表",
        f"{year}年度",
        year_end(year),
        (table,),
    )


def _share(part: Decimal, whole: Decimal) -> str:
    return f"{part * 100 / whole:.2f}%" if whole else "—"
