"""The layouts of the bank exports ghfund reads: one ``BankLayout`` per bank, in ``LAYOUTS``.

A layout names the headers of each column by its role (date, money out and in, one
signed amount, the 借贷 flag, balance, counterparty, counter account, serial, 摘要),
how the amount is given (``Money``: 借方/贷方 columns, one signed column, or an amount
with a flag column whose words it lists), how dates are written (year first, or day or
month first), and the words that end the data (合计, 打印日期 …). The header row is
found among the first ``header_within`` rows; the preamble above it may name the bank
(``words``), the account number and the holder.

The header picks the layout: the banks named in the file name or the preamble are tried
first, then every other bank, then ``GENERIC``, which knows every spelling of every bank
and any way of giving the amount. A bank's own spellings come first for its columns;
a column it does not name is still found by the generic spellings, so a bank's layout
never reads less of a file than the generic one would. A new bank is one more entry.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ghfund.importers import sheets


class Money(enum.Enum):
    """How a layout gives a line's amount, in order of preference."""

    SPLIT = "split"  # 借方 (out) and 贷方 (in) columns, both non-negative
    FLAGGED = "flagged"  # one amount and a 借贷标志 column
    SIGNED = "signed"  # one signed amount: negative is money out


NEEDS = {
    Money.SPLIT: ("out", "in"),
    Money.FLAGGED: ("amount", "direction"),
    Money.SIGNED: ("amount",),
}
ROLES = (
    "date",
    "out",
    "in",
    "amount",
    "direction",
    "balance",
    "counterparty",
    "counter_account",
    "serial",
    "summary",  # every 摘要-like column present, joined
)
FOOTER = ("合计", "总计", "小计", "笔数", "打印", "说明", "汇总", "期末余额", "本页")
OUT_WORDS = ("借", "支", "付", "出", "D")
IN_WORDS = ("贷", "收", "存", "入", "C")


@dataclass(frozen=True)
class BankLayout:
    """How one bank lays out its export."""

    name: str  # the bank ("工商银行"), or what the layout is ("通用")
    words: tuple[str, ...]  # naming the bank in the file name or the preamble; () for none
    headers: Mapping[str, tuple[str, ...]]  # role -> the bank's spellings, preferred first
    money: tuple[Money, ...]  # the ways it gives the amount, preferred first
    out_words: tuple[str, ...] = OUT_WORDS  # a flag starting with one: money out
    in_words: tuple[str, ...] = IN_WORDS
    dates: str = "ymd"  # "ymd", or "dmy" / "mdy" for a year written last (05/06/2025)
    footer: tuple[str, ...] = FOOTER  # words of the lines below the data
    header_within: int = 30  # the header is one of the first rows (a preamble above it)

    def __post_init__(self) -> None:
        """A layout that could never match is a mistake in the table, found at import."""
        unknown = sorted(set(self.headers) - set(ROLES))
        unmatched = [m.value for m in self.money if not {"date", *NEEDS[m]} <= set(self.headers)]
        if unknown or unmatched or not self.money or self.dates not in ("ymd", "dmy", "mdy"):
            raise ValueError(
                f"bank layout {self.name}: unknown roles {unknown}, no headers for the roles"
                f" of {unmatched or self.money or 'no money convention'}, dates {self.dates!r}"
            )


@dataclass(frozen=True)
class Columns:
    """Where a layout found each role in a header row."""

    layout: BankLayout
    money: Money
    at: Mapping[str, int]  # role -> position (without "summary")
    summaries: tuple[int, ...]  # the 摘要-like columns, left to right


ICBC = BankLayout(
    "工商银行",
    ("工商银行", "ICBC"),
    headers={
        "date": ("交易时间",),
        "out": ("借方发生额",),
        "in": ("贷方发生额",),
        "direction": ("借/贷",),
        "balance": ("余额",),
        "counterparty": ("对方单位名称",),
        "counter_account": ("对方账号",),
        "serial": ("凭证号",),
        "summary": ("摘要", "用途"),
    },
    money=(Money.SPLIT,),
)
CCB = BankLayout(
    "建设银行",
    ("建设银行", "CCB"),
    headers={
        "date": ("记账日期", "交易时间"),
        "out": ("借方发生额",),  # 借方发生额（支取）: the bracket is dropped
        "in": ("贷方发生额",),
        "balance": ("余额",),
        "counterparty": ("对方户名",),
        "counter_account": ("对方账号",),
        "serial": ("交易流水号", "账户明细编号"),
        "summary": ("摘要", "备注"),
    },
    money=(Money.SPLIT,),
)
ABC = BankLayout(
    "农业银行",
    ("农业银行", "ABC"),
    headers={
        "date": ("交易日期",),
        "out": ("支出金额",),
        "in": ("收入金额",),
        "balance": ("本次余额",),
        "counterparty": ("对方户名",),
        "counter_account": ("对方账号",),
        "summary": ("交易用途", "摘要"),
    },
    money=(Money.SPLIT,),
)
BOC = BankLayout(
    "中国银行",
    ("中国银行", "BOC"),
    headers={
        "date": ("交易日期",),
        "amount": ("交易金额",),
        "balance": ("交易后余额",),
        "counterparty": ("对方户名",),
        "counter_account": ("对方账号",),
        "serial": ("交易流水号",),
        "summary": ("用途", "摘要", "附言"),
    },
    money=(Money.SIGNED,),
)
BOCOM = BankLayout(
    "交通银行",
    ("交通银行", "BOCOM"),
    headers={
        "date": ("交易日期",),
        "amount": ("发生额",),
        "direction": ("借贷标志",),
        "balance": ("余额",),
        "counterparty": ("对方户名",),
        "counter_account": ("对方账号",),
        "serial": ("流水号",),
        "summary": ("摘要",),
    },
    money=(Money.FLAGGED,),
)
GENERIC = BankLayout(
    "通用",
    (),
    headers={
        "date": ("交易日期", "记账日期", "入账日期", "日期", "交易时间", "记账时间"),
        "out": ("借方发生额", "支出金额", "支出", "支取", "支取金额", "付款金额", "借方金额"),
        "in": ("贷方发生额", "收入金额", "收入", "存入", "存入金额", "收款金额", "贷方金额"),
        "amount": ("交易金额", "发生额", "金额"),
        "direction": ("借贷标志", "收支标志", "借贷方向", "借/贷", "收/支", "借贷"),
        "balance": ("余额", "账户余额", "交易后余额", "本次余额", "联机余额"),
        "counterparty": (
            "对方户名",
            "对方单位名称",
            "对方名称",
            "对方账户名称",
            "收(付)款人名称",
            "收付款人名称",
        ),
        "counter_account": ("对方账号", "对方账户", "收(付)款人账号"),
        "serial": ("交易流水号", "流水号", "凭证号", "交易序号", "柜员流水号", "账户明细编号"),
        "summary": ("摘要", "用途", "附言", "交易用途", "备注", "交易摘要"),
    },
    money=(Money.SPLIT, Money.FLAGGED, Money.SIGNED),
)
# The banks, then the generic layout (tried last whatever its place: it names no bank).
LAYOUTS: tuple[BankLayout, ...] = (ICBC, CCB, ABC, BOC, BOCOM, GENERIC)


def named(text: str, layouts: Sequence[BankLayout]) -> list[BankLayout]:
    """The layouts whose bank ``text`` (the file name and the preamble) names."""
    return [layout for layout in layouts if any(word in text for word in layout.words)]


def ordered(text: str, layouts: Sequence[BankLayout]) -> list[BankLayout]:
    """The order layouts are tried in: the banks ``text`` names, the other banks, then the
    layouts that name no bank."""
    first = named(text, layouts)
    banks = [layout for layout in layouts if layout.words and layout not in first]
    return [*first, *banks, *(layout for layout in layouts if not layout.words)]


def columns(layout: BankLayout, cells: Sequence[Any]) -> Columns | None:
    """Where ``layout`` finds its roles in a header row; None unless the row holds a date
    column and the amount columns of one of the layout's ways of giving money, each under
    one of the layout's own spellings."""
    keys = [sheets.normal(cell) for cell in cells]
    own = _found(keys, layout.headers)
    for money in layout.money:
        if all(role in own for role in ("date", *NEEDS[money])):
            break
    else:
        return None
    spellings = {
        role: (*layout.headers.get(role, ()), *GENERIC.headers.get(role, ())) for role in ROLES
    }
    found = _found(keys, spellings)
    unused = {"out", "in", "amount", "direction"} - set(NEEDS[money])
    if money is Money.SIGNED:
        unused.discard("direction")  # an unsigned amount read with a flag the layout allows
    at = {role: position for role, position in found.items() if role not in unused}
    wanted = {sheets.normal(name) for name in spellings["summary"]}
    summaries = tuple(position for position, key in enumerate(keys) if key in wanted)
    at.pop("summary", None)
    return Columns(layout, money, at, summaries)


def _found(keys: Sequence[str], headers: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """role -> the position of its most preferred spelling present."""
    found = {}
    for role, names in headers.items():
        present = [key for key in map(sheets.normal, names) if key in keys]
        if present:
            found[role] = keys.index(present[0])
    return found


def spelled(cells: Sequence[Any]) -> dict[str, int]:
    """The roles a header row names under the generic spellings (for a message)."""
    return _found([sheets.normal(cell) for cell in cells], GENERIC.headers)
