"""记账凭证: the vouchers of a year (or month, or one voucher), as printed for the archive,
or as the 序时账 that vendor systems export and import.

``layout="printed"``: one table per voucher — 凭证字号, date and 附件张数 in the
period line; lines of 摘要 / 科目编码与名称 / 借方 / 贷方; a 合计 line with the amount
in figures and in capitals (大写); 制单 / 审核 / 记账 from the transaction's
``preparer`` / ``reviewer`` / ``bookkeeper``, blank where absent.

``layout="journal"``: one table, one row per posting, in the column layout of a
vendor 序时账 (日期, 凭证字号, 摘要, 科目编码, 科目名称, 借方金额, 贷方金额, 项目, then
附件数, 制单人, 审核人, 记账人); ``ghfund import vouchers`` reads it back. 科目名称 is
the full name (``银行存款_工商银行基本户``) so that any level can be opened again.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Literal

import pandas as pd
from beancount.core import data, flags

from ghfund.chart import try_parse
from ghfund.ledger import Loaded
from ghfund.money import ZERO, units_in
from ghfund.reports import base
from ghfund.reports.model import LEVEL, Column, NoData, Report, Table
from ghfund.rmb import capitals

Layout = Literal["printed", "journal"]

PRINTED = (
    Column("summary", "摘要", "text"),
    Column("account", "会计科目", "text"),
    Column("debit", "借方金额"),
    Column("credit", "贷方金额"),
)
JOURNAL = (
    Column("date", "日期", "date"),
    Column("voucher", "凭证字号", "text"),
    Column("summary", "摘要", "text"),
    Column("code", "科目编码", "text"),
    Column("name", "科目名称", "text"),
    Column("debit", "借方金额"),
    Column("credit", "贷方金额"),
    Column("fund", "项目", "text"),
    Column("attachments", "附件数", "count"),
    Column("preparer", "制单人", "text"),
    Column("reviewer", "审核人", "text"),
    Column("bookkeeper", "记账人", "text"),
)
SIGNERS = (("preparer", "制单"), ("reviewer", "审核"), ("bookkeeper", "记账"))


def report(
    loaded: Loaded,
    year: int,
    month: int | None = None,
    voucher: str | None = None,
    layout: Layout = "printed",
) -> Report:
    """``ghfund books vouchers --year Y [--month M] [--voucher V]``."""
    base.require_year(loaded, year, "打印凭证")
    chosen = list(_chosen(loaded.book.transactions, year, month, voucher))
    period = f"{year}年{month}月" if month else f"{year}年度"
    if not chosen:
        which = f"凭证 {voucher}" if voucher else "凭证"
        raise NoData(f"{period}没有{which}；请检查 --month / --voucher")
    currency = loaded.book.currency
    if layout == "journal":
        tables: tuple[Table, ...] = (_journal(chosen, currency),)
    else:
        tables = tuple(_printed(index, txn, currency) for index, txn in enumerate(chosen, start=1))
    end = datetime.date(year, month or 12, 1)
    return base.make(loaded, "vouchers", f"{period}记账凭证", period, end, tables)


def _chosen(
    transactions: Iterable[data.Transaction], year: int, month: int | None, voucher: str | None
) -> Iterable[data.Transaction]:
    for txn in transactions:
        if txn.date.year != year or txn.flag == flags.FLAG_PADDING:
            continue
        if month is not None and txn.date.month != month:
            continue
        if voucher is not None and txn.meta.get("voucher") != voucher:
            continue
        yield txn


def code_and_names(account: str) -> tuple[str, list[str]]:
    """The effective code of an account and the names of its levels (without codes)."""
    coded = try_parse(account)
    names = [part.split("-", 1)[-1] for part in account.split(":")[1:]]
    return (coded.code if coded else ""), names


def _sides(posting: data.Posting, currency: str) -> tuple[Decimal | None, Decimal | None]:
    amount = units_in(posting, currency) or ZERO
    return (amount, None) if amount >= 0 else (None, -amount)


def _summary(posting: data.Posting, txn: data.Transaction) -> str:
    own = (posting.meta or {}).get("summary")
    return own if isinstance(own, str) and own else (txn.narration or txn.payee or "")


def _printed(index: int, txn: data.Transaction, currency: str) -> Table:
    rows: list[dict[str, object]] = []
    debit = credit = ZERO
    for posting in txn.postings:
        code, names = code_and_names(posting.account)
        own_debit, own_credit = _sides(posting, currency)
        debit += own_debit or ZERO
        credit += own_credit or ZERO
        label = f"{code} {'／'.join(names)}" if code else posting.account
        rows.append(
            {
                "summary": _summary(posting, txn),
                "account": label,
                "debit": own_debit,
                "credit": own_credit,
            }
        )
    frame = pd.DataFrame(rows, columns=[c.key for c in PRINTED])
    frame[LEVEL] = 1
    total = {
        "summary": "合计",
        "account": f"人民币（大写）{capitals(debit)}",
        "debit": debit,
        "credit": credit,
        LEVEL: 0,
    }
    frame = pd.concat([frame, pd.DataFrame([total])], ignore_index=True)
    voucher = txn.meta.get("voucher")
    attachments = txn.meta.get("attachments")
    count = attachments if isinstance(attachments, int | Decimal) else ""
    day = f"{txn.date.year}年{txn.date.month}月{txn.date.day}日"
    period = f"{day}    凭证号：{voucher or '（无）'}    附件 {count} 张"
    if txn.meta.get("void") is not None:
        period += f"    已作废（{txn.meta.get('voided', '')}：{_meta_text(txn, 'void')}）"
    signers = "    ".join(f"{title}：{_meta_text(txn, key) or '　' * 4}" for key, title in SIGNERS)
    return Table(f"voucher_{index}", "记账凭证", PRINTED, frame, period=period, notes=(signers,))


def _meta_text(txn: data.Transaction, key: str) -> str:
    value = txn.meta.get(key)
    return str(value).strip() if value is not None else ""


def _journal(chosen: list[data.Transaction], currency: str) -> Table:
    rows = []
    for txn in chosen:
        attachments = txn.meta.get("attachments")
        for posting in txn.postings:
            code, names = code_and_names(posting.account)
            debit, credit = _sides(posting, currency)
            fund = (posting.meta or {}).get("fund", txn.meta.get("fund"))
            rows.append(
                {
                    "date": txn.date,
                    "voucher": txn.meta.get("voucher") or "",
                    "summary": _summary(posting, txn),
                    "code": code,
                    "name": "_".join(names) if code else posting.account,
                    "debit": debit,
                    "credit": credit,
                    "fund": fund if isinstance(fund, str) else "",
                    "attachments": attachments if isinstance(attachments, int | Decimal) else None,
                    **{key: _meta_text(txn, key) for key, _ in SIGNERS},
                }
            )
    frame = pd.DataFrame(rows, columns=[c.key for c in JOURNAL])
    frame["attachments"] = frame["attachments"].astype(object)
    return Table("journal", "序时账", JOURNAL, frame)
