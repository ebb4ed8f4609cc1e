"""A vendor system's trial balance (科目余额表) read into one opening transaction.

Pure: bytes in, ``Opening`` or one ``TrialProblem`` (Chinese, every bad row) out.
The header is one row (``期初借方`` ``期初贷方`` …, or ``期初余额`` with a ``方向``
column) or the usual two rows (``期初余额`` / ``本期发生额`` / ``期末余额`` over
``借方`` / ``贷方``). The 期初 columns are taken, or the 期末 ones. A row whose
children are listed is not counted again; it must equal their sum. Debits must
equal credits.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ghfund.importers import sheets
from ghfund.importers.codes import Accounts, CodeProblem, clean_code
from ghfund.money import plain
from ghfund.problems import UserProblem

MAX_PROBLEMS = 50
CODE = ("科目编码", "科目代码", "编码", "科目编号")
NAME = ("科目名称", "科目全名", "名称")
GROUPS = {"期初": ("期初余额", "年初余额", "期初数"), "期末": ("期末余额", "年末余额", "期末数")}
SIDES = {"debit": ("借方", "借方金额", "借方余额"), "credit": ("贷方", "贷方金额", "贷方余额")}
DIRECTION = ("方向", "借贷方向", "余额方向")
TAILS = ("", "余额", "金额")  # 期初借方, 期初借方余额, 期初借方金额


class TrialProblem(UserProblem):
    """A trial balance that cannot be imported; the text is the whole Chinese message."""


@dataclass(frozen=True)
class Balance:
    row: int
    code: str  # 2021 code
    name: str
    amount: Decimal  # debit positive


@dataclass(frozen=True)
class Opening:
    date: datetime.date
    voucher: str
    postings: list[tuple[str, Decimal]]  # account, amount
    rows: int

    def text(self, currency: str) -> str:
        out = [f'{self.date} * "期初余额"', f'  voucher: "{self.voucher}"']
        out += [f"  {account}  {plain(amount)} {currency}" for account, amount in self.postings]
        return "\n".join(out) + "\n"


def opening_voucher(date: datetime.date) -> str:
    return f"期初-{date.year}-0001"


def read(
    name: str, data: bytes, accounts: Accounts, date: datetime.date, column: str = "期初"
) -> Opening:
    try:
        rows = sheets.read_rows(name, data)
    except sheets.SheetProblem as problem:
        raise TrialProblem(str(problem)) from None
    header_at, positions = _header(name, rows, column)
    balances: list[Balance] = []
    problems: list[str] = []
    for number, cells in rows[header_at + 1 :]:
        code_cell = sheets.at(cells, positions["code"])
        if sheets.blank(code_cell) or sheets.is_total(code_cell):
            continue  # blank rows, 合计 rows, notes under the table
        try:
            balances.append(_balance(number, cells, positions, accounts))
        except (CodeProblem, sheets.CellProblem) as bad:
            problems.append(f"第 {number} 行：{bad}")
    leaves = _leaves(balances, problems)
    postings: list[tuple[str, Decimal]] = []
    for balance in leaves:
        if not balance.amount:
            continue
        try:
            postings.append((accounts.account(balance.code), balance.amount))
        except CodeProblem as bad:
            problems.append(f"第 {balance.row} 行：{bad}")
    if problems:
        _refuse(name, problems)
    debit = sum((b.amount for b in leaves if b.amount > 0), Decimal(0))
    credit = -sum((b.amount for b in leaves if b.amount < 0), Decimal(0))
    if debit != credit:
        raise TrialProblem(
            f"科目余额表 {name} 的{column}余额借贷不平衡：借方合计 {plain(debit)}，"
            f"贷方合计 {plain(credit)}，差 {plain(debit - credit)}；未写入。请核对各科目余额"
        )
    if not postings:
        raise TrialProblem(f"科目余额表 {name} 没有非零的{column}余额，无需导入")
    return Opening(date, opening_voucher(date), postings, len(balances))


def _refuse(name: str, problems: list[str]) -> None:
    raise TrialProblem(sheets.refusal(f"科目余额表 {name}", problems, "未写入", MAX_PROBLEMS))


def _header(name: str, rows: sheets.Rows, column: str) -> tuple[int, dict[str, Any]]:
    """The last header row's index and where code, name and the chosen balance sit."""
    for index, (_, cells) in enumerate(rows[:15]):
        titles = [sheets.normal(cell) for cell in cells]
        code = _find(titles, CODE)
        if code is None:
            continue
        positions: dict[str, Any] = {"code": code, "name": _find(titles, NAME)}
        # one row: 期初借方 / 期初贷方
        debit, credit = (
            _find(titles, [f"{g}{side}{t}" for g in (column, *GROUPS[column]) for t in TAILS])
            for side in ("借方", "贷方")
        )
        if debit is not None and credit is not None:
            return index, {**positions, "debit": debit, "credit": credit}
        group = _find(titles, GROUPS[column])
        if group is None:
            continue
        below = [sheets.normal(c) for c in rows[index + 1][1]] if index + 1 < len(rows) else []
        end = next(
            (p for p in range(group + 1, len(titles)) if titles[p]),
            max(len(titles), len(below)),
        )
        sides = {
            key: next((p for p in range(group, end) if p < len(below) and below[p] in names), None)
            for key, names in SIDES.items()
        }
        if sides["debit"] is not None and sides["credit"] is not None:
            return index + 1, {**positions, **sides}
        direction = _find(titles[:group], DIRECTION)
        return index, {**positions, "signed": group, "direction": direction}
    raise TrialProblem(
        f"找不到 {name} 的表头：前 15 行中没有含“科目编码”和“{column}余额”（或“{column}借方”"
        f"“{column}贷方”）的一行。两行表头时，第二行应为“借方”“贷方”"
    )


def _find(titles: Sequence[str], names: Sequence[str]) -> int | None:
    wanted = {sheets.normal(name) for name in names}
    return next((p for p, title in enumerate(titles) if title in wanted), None)


def _balance(
    number: int, cells: Sequence[Any], positions: dict[str, Any], accounts: Accounts
) -> Balance:
    code = accounts.mapped(clean_code(sheets.text(sheets.at(cells, positions["code"]))))
    name = sheets.text(sheets.at(cells, positions["name"]))
    accounts.learn(code, name)
    if "signed" in positions:
        value = sheets.amount(sheets.at(cells, positions["signed"]))
        side = sheets.text(sheets.at(cells, positions["direction"]))
        if side == "贷":
            value = -value
        elif side not in ("借", "平", ""):
            raise sheets.CellProblem(f"余额方向“{side}”应为 借、贷 或 平")
        return Balance(number, code, name, value)
    debit = sheets.amount(sheets.at(cells, positions["debit"]))
    credit = sheets.amount(sheets.at(cells, positions["credit"]))
    return Balance(number, code, name, debit - credit)


def _leaves(balances: list[Balance], problems: list[str]) -> list[Balance]:
    """Rows without listed children; a parent must equal the sum of its children."""
    codes = sorted({b.code for b in balances})
    children: dict[str, list[Balance]] = {}
    for balance in balances:
        parent = next(
            (c for c in reversed(codes) if balance.code.startswith(c) and c != balance.code), None
        )
        if parent is not None:
            children.setdefault(parent, []).append(balance)
    leaves = []
    for balance in balances:
        below = children.get(balance.code)
        if not below:
            leaves.append(balance)
            continue
        total = sum((b.amount for b in below), Decimal(0))
        if total != balance.amount:
            problems.append(
                f"第 {balance.row} 行：科目 {balance.code} {balance.name} 的余额 {plain(balance.amount)}"
                f" 与其下级科目合计 {plain(total)} 不符；请核对"
            )
    return leaves
