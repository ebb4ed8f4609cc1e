"""The files of a new union book, as ``ghfund init`` writes them (pure: text only)."""

from __future__ import annotations

import datetime
import unicodedata
from pathlib import Path

from ghfund.chart import BASE_CHART, ChartAccount, account_name
from ghfund.files import MAIN_NAME

# Accounts opened at the first level although the chart prescribes details for them:
# 321/322's details serve closing entries, which ghfund does virtually.
_OPEN_AT_TOP = ("321", "322")


def opened_accounts() -> list[ChartAccount]:
    """The base-union accounts a new book opens: leaves of the chart (details where prescribed)."""
    parents = {a.parent for a in BASE_CHART if a.parent}
    result = []
    for account in BASE_CHART:
        if account.parent in _OPEN_AT_TOP:
            continue
        if account.code in parents and account.code not in _OPEN_AT_TOP:
            continue
        result.append(account)
    return result


def name_problem(union_name: str) -> str | None:
    """Why ``union_name`` cannot go into a book's strings and comments, or None."""
    name = union_name.strip()
    if not name:
        return (
            "工会名称不能为空：用 --union-name 给出工会的全称，如 --union-name 某某公司工会委员会"
        )
    if any(
        unicodedata.category(c)[0] == "C" or unicodedata.category(c) in ("Zl", "Zp") for c in name
    ):
        return "工会名称不能含换行、制表符等控制字符：请写在一行之内"
    if '"' in name or "\\" in name:
        return '工会名称不能含英文双引号 " 或反斜杠 \\：引号请用中文引号“”'
    return None


def files(directory: Path, union_name: str, year: int) -> dict[Path, str]:
    opening = datetime.date(year, 1, 1) - datetime.timedelta(days=1)
    return {
        directory / MAIN_NAME: _main(union_name, year),
        directory / "accounts.beancount": _accounts(opening),
        directory / f"{year}.beancount": _year(year, opening),
    }


DOCUMENTS = "documents"  # the folder the main file names: 凭证附件、银行对账单 (made empty by init)


def _main(union_name: str, year: int) -> str:
    start = f"{year}-01-01"
    return f'''; {union_name} 工会经费账 — 主文件
; 由 ghfund init 生成。科目见 accounts.beancount，每年的凭证写在 {year}.beancount 这样的年度文件里。
; 检查：ghfund check main.beancount    报表：ghfund report --year {year} main.beancount
; 浏览与记账：fava main.beancount

option "title" "{union_name}工会经费账"
option "operating_currency" "CNY"

; ghfund 的全部检查（bean-check、Fava 错误页和 ghfund check 都会显示）。只能写在主文件里。
plugin "ghfund.plugins.all"

; Fava 中的 ghfund 页面（记账凭证、年度报表、预算执行、经审检查、离任审计、拨缴与上解等）。
{start} custom "fava-extension" "ghfund.fava"

; Fava 的设置：中文界面；打开 Fava 即进入记账凭证页；编辑器默认打开本年度文件；
; 收入、负债、净资产按正数显示；本年结余与以前年度结余都归入 322，资产负债表与工会01表一致。
option "documents" "documents"
option "account_previous_earnings" "322-工会资金结余"  ; Beancount 在前面加 Equity:
option "account_current_earnings" "322-工会资金结余"
{start} custom "fava-option" "language" "zh"
{start} custom "fava-option" "default-page" "extension/Vouchers/"
{start} custom "fava-option" "default-file" "{year}.beancount"
{start} custom "fava-option" "invert-income-liabilities-equity" "true"

; ghfund 设置项：按日期生效，改变时另写一条新日期的设置。
{start} custom "ghfund-option" "union-name" "{union_name}"
{start} custom "ghfund-option" "allocation-mode" "self"     ; self 单位拨缴、工会上解；tax 税务代收
{start} custom "ghfund-option" "retained-share" 0.60        ; 基层工会留成比例
{start} custom "ghfund-option" "remit-days" 30              ; 上解期限（天）
{start} custom "ghfund-option" "allocation-days" 45         ; 拨缴经费到账期限（天）
{start} custom "ghfund-option" "departure-audit-roles" "主席"
{start} custom "ghfund-option" "departure-audit-days" 90
{start} custom "ghfund-option" "capital-threshold" 1000.00 CNY  ; 固定资产入账起点（通用设备）
; 按本单位实际填写后取消注释：
; {start} custom "ghfund-option" "upper-union" "某某市总工会"
; {start} custom "ghfund-option" "standards" "anhui-2025"
; {start} custom "ghfund-option" "large-expense" 20000.00 CNY
; {start} custom "ghfund-option" "cash-limit" 5000.00 CNY
; {start} custom "ghfund-option" "cash-payment-limit" 1000.00 CNY

include "accounts.beancount"
include "{year}.beancount"
'''


def _accounts(opening: datetime.date) -> str:
    lines = [
        "; 《工会会计制度》(财会〔2021〕7号) 基层工会会计科目。",
        "; 可以在科目下增设明细，如 Assets:102-银行存款:01-工商银行；编码须延续上级编码或用较短的本单位编码。",
        "",
    ]
    kind = None
    for account in opened_accounts():
        if account.kind is not kind:
            kind = account.kind
            lines.append("")
        lines.append(f"{opening} open {account_name(account.code)} CNY")
    return "\n".join(lines).replace("\n\n\n", "\n\n") + "\n"


def _year(year: int, opening: datetime.date) -> str:
    return f"""; {year} 年度凭证。每笔交易都要有凭证号 voucher，同一年度内不重复。

; 期初余额（建账时一次录入，日期为建账前一天），例如：
; {opening} * "期初余额"
;   voucher: "记-{opening.year}-0001"
;   Assets:102-银行存款                 300000.00 CNY
;   Equity:322-工会资金结余

; 年度预算（经工会委员会批准），例如：
; {year}-01-20 custom "budget" Expenses:501-职工活动支出:50105-会员活动支出 "yearly" 160000.00 CNY
;   approved: "工会委员会{year}年第1次会议"

; 月度工资数据（用于核对 2% 拨缴和会费），例如：
; {year}-02-10 custom "ghfund-payroll" {year}-01-31 1200000.00 CNY
;   dues-base: 830000.00 CNY
;   members: 120

; 收到拨缴经费（单位拨缴：全额入账，留成记 402，上解部分记 211），例如：
; {year}-02-15 * "本单位" "拨缴{year}年1月工会经费"
;   voucher: "记-{year}-0001"
;   payroll: {year}-01-31
;   Assets:102-银行存款                  24000.00 CNY
;   Income:402-拨缴经费收入             -14400.00 CNY
;   Liabilities:211-应付上级经费         -9600.00 CNY
"""
