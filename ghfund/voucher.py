"""One 记账凭证 as the voucher screen and ``ghfund voucher add`` send it: read from JSON,
checked against the book, and written as the transaction text the book keeps.

Pure: a ``dict`` and a ``Book`` in, a ``Draft`` (or every problem, in Chinese) out;
``ghfund.saving`` writes. The JSON is the contract of ``POST …/Vouchers/save``::

    {"date": "2025-03-05", "voucher": "记-2025-0108", "attachments": 2,
     "narration": "支付职工篮球赛场地费", "payee": "某体育馆", "preparer": "王芳",
     "lines": [{"account": "50102", "debit": "1,000.00", "summary": "场地费"},
               {"account": "10201", "credit": "1000元"}],
     "meta": {"decision": "工会委员会2025年第3次会议纪要"}}

An account is its code (``50105``), its full name, or the label the screen shows
(``50105 会员活动支出``); it must be a leaf of the book open on the date. Amounts accept
``1,000.00``, full-width digits and a trailing 元. Known metadata is typed (``KNOWN``):
``headcount: "45"`` is refused, not written as text.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from beancount.core import data

from ghfund import chart, money, numbering, period, writing
from ghfund.book import Book
from ghfund.money import ZERO, fmt, plain
from ghfund.month import month_end
from ghfund.problems import UserProblem


class Refused(UserProblem):
    """A voucher that cannot be saved: every problem, in Chinese. ``closed``: a closed month
    (HTTP 409, else 422)."""

    def __init__(self, problems: list[str], closed: bool = False) -> None:
        super().__init__("；".join(problems))
        self.problems = problems
        self.closed = closed


# metadata key -> (label on the screen, kind: text | int | date | month)
KNOWN: dict[str, tuple[str, str]] = {
    "event": ("慰问事由", "text"),
    "headcount": ("慰问人数", "int"),
    "member": ("受慰问人", "text"),
    "form": ("慰问形式", "text"),
    "asset": ("资产名称", "text"),
    "category": ("资产类别", "text"),
    "life": ("折旧年限", "int"),
    "tag": ("资产编号", "text"),
    "location": ("存放地点", "text"),
    "keeper": ("保管人", "text"),
    "payroll": ("工资月份", "month"),
    "decision": ("决议文号", "text"),
    "fund": ("专项资金", "text"),
    "bookkeeper": ("记账", "text"),
}
_KEY = re.compile(r"[a-z][a-z0-9_-]*\Z")
# written by the screen's own fields, or only by a review or a voiding
_RESERVED = frozenset(
    {"voucher", "attachments", "preparer", "summary", "reviewer", "reviewed", "void", "voided"}
)


@dataclass(frozen=True)
class Line:
    account: str
    amount: Decimal  # debit positive, credit negative
    summary: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Draft:
    date: datetime.date
    voucher: str
    narration: str
    lines: tuple[Line, ...]
    attachments: int | None = None
    payee: str = ""
    preparer: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines if line.amount > 0), ZERO)

    def text(self, currency: str) -> str:
        """The transaction as written into the year's file."""
        head = f"{writing.quoted(self.payee)} " if self.payee else ""
        out = [
            f"{self.date} * {head}{writing.quoted(self.narration)}",
            f"  voucher: {writing.quoted(self.voucher)}",
        ]
        if self.attachments is not None:
            out.append(f"  attachments: {self.attachments}")
        if self.preparer:
            out.append(f"  preparer: {writing.quoted(self.preparer)}")
        out += [f"  {key}: {_value(value)}" for key, value in self.meta.items()]
        width = max(len(line.account) for line in self.lines) + 2
        for line in self.lines:
            amount = f"{plain(line.amount)} {currency}"
            out.append(f"  {line.account.ljust(width)}{amount.rjust(16)}")
            if line.summary and line.summary != self.narration:
                out.append(f"    summary: {writing.quoted(line.summary)}")
            out += [f"    {key}: {_value(value)}" for key, value in line.meta.items()]
        return "\n".join(out) + "\n"


def _value(value: Any) -> str:
    if isinstance(value, str):
        return writing.quoted(value)
    return str(value)


def amount(value: Any) -> Decimal | None:
    """A typed amount (``money.typed``: ``1,000.00``, ``１０００``, ``1000元``, ``￥1000`` or a
    JSON number); None when blank; ValueError (Chinese) when it is not an amount."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return money.typed(value)


def typed(key: str, value: Any) -> Any:
    """A metadata value of the type its key needs; ValueError (Chinese) otherwise."""
    label, kind = KNOWN.get(key, (key, "text"))
    if isinstance(value, str):
        value = unicodedata.normalize("NFKC", value).strip() if kind != "text" else value.strip()
    if kind == "int":
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        if isinstance(value, str) and value.isdigit() and int(value) > 0:
            return int(value)
        raise ValueError(f"{label}（{key}）应为正整数，实为“{value}”")
    if kind == "month":
        if isinstance(value, str) and (
            found := re.fullmatch(r"(\d{4})-(\d{1,2})(-\d{1,2})?", value)
        ):
            try:
                return month_end(datetime.date(int(found[1]), int(found[2]), 1))
            except ValueError:
                pass
        raise ValueError(f"{label}（{key}）应为年月，如 2025-03，实为“{value}”")
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f"{label}（{key}）应为文字，实为“{value}”")
    text = str(value)
    problem = text_problem(text, label)
    if problem:
        raise ValueError(problem)
    return text


def text_problem(text: str, label: str) -> str | None:
    """Why ``text`` cannot be written inside a Beancount string, or None."""
    if '"' in text or "\\" in text:
        return f'{label}不能含英文双引号 " 或反斜杠 \\，引号请用中文引号“”'
    if any(unicodedata.category(c)[0] == "C" for c in text):
        return f"{label}不能含换行、制表符等控制字符"
    return None


def _meta(raw: Any, where: str, problems: list[str]) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        problems.append(f"{where}的 meta 应为对象（键: 值）")
        return {}
    result: dict[str, Any] = {}
    for key, value in raw.items():
        if value is None or value == "":
            continue
        if not isinstance(key, str) or not _KEY.match(key) or key in _RESERVED:
            problems.append(f"{where}的元数据名“{key}”不可用：须为小写英文字母开头，且不是保留字")
            continue
        try:
            result[key] = typed(key, value)
        except ValueError as problem:
            problems.append(f"{where}：{problem}")
    return result


def _text(raw: Mapping[str, Any], key: str, label: str, problems: list[str]) -> str:
    value = raw.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.append(f"{label}应为文字")
        return ""
    value = value.strip()
    problem = text_problem(value, label)
    if problem:
        problems.append(problem)
    return value


def read(raw: Any, book: Book, replacing: str = "") -> Draft:
    """The voucher of a save request, checked against ``book``; ``Refused`` with every
    problem otherwise (``closed`` when the date lies in a closed month). ``replacing``: the
    number of the voucher an edit replaces (it may keep its number)."""
    if not isinstance(raw, Mapping):
        raise Refused(["请求应为 JSON 对象，见 README“记账凭证”一节的格式"])
    problems: list[str] = []
    date = _date(raw.get("date"), problems)
    if date is not None and period.is_closed(book, date):
        month = f"{date.year}年{date.month}月"
        raise Refused(
            [
                f"{month}已结账，不能再录入或修改该月的凭证；确需更正的，经批准记录 ghfund-reopen 后再录入"
            ],
            closed=True,
        )
    narration = _text(raw, "narration", "摘要", problems)
    payee = _text(raw, "payee", "往来单位", problems)
    preparer = _text(raw, "preparer", "制单人", problems)
    voucher = _text(raw, "voucher", "凭证号", problems)
    attachments = raw.get("attachments")
    if attachments in (None, ""):
        attachments = None
    elif isinstance(attachments, str) and attachments.strip().isdigit():
        attachments = int(attachments.strip())
    if attachments is not None and (
        isinstance(attachments, bool) or not isinstance(attachments, int) or attachments < 0
    ):
        problems.append(f"附单据数应为 0 或正整数，实为“{raw.get('attachments')}”")
        attachments = None
    meta = _meta(raw.get("meta"), "凭证", problems)
    lines = _lines(raw.get("lines"), book, date, narration, problems)
    if not narration:
        narration = next((line.summary for line in lines if line.summary), "")
    if not narration:
        problems.append("摘要不能为空")
    if date is not None and voucher:
        if voucher != replacing and numbering.taken(book, date.year, voucher):
            problems.append(
                f"凭证号 {voucher} 在 {date.year} 年已用过；建议用 {numbering.next_number(book, date)}"
            )
    elif date is not None:
        voucher = numbering.next_number(book, date)
    if problems or date is None:
        raise Refused(problems or ["缺少日期"])
    return Draft(date, voucher, narration, tuple(lines), attachments, payee, preparer, meta)


def _date(value: Any, problems: list[str]) -> datetime.date | None:
    if not isinstance(value, str) or not value.strip():
        problems.append("缺少日期，请写成 2025-03-05")
        return None
    try:
        return datetime.date.fromisoformat(unicodedata.normalize("NFKC", value).strip())
    except ValueError:
        problems.append(f"日期“{value}”无法识别，请写成 2025-03-05")
        return None


def _lines(
    raw: Any, book: Book, date: datetime.date | None, narration: str, problems: list[str]
) -> list[Line]:
    if not isinstance(raw, list) or not raw:
        problems.append("凭证没有分录：至少要有一借一贷两行")
        return []
    lines: list[Line] = []
    summary = narration
    for number, item in enumerate(raw, start=1):
        where = f"第 {number} 行"
        if not isinstance(item, Mapping):
            problems.append(f"{where}应为对象")
            continue
        if not any(item.get(k) not in (None, "") for k in ("account", "debit", "credit")):
            continue  # an empty row of the screen
        own = _text(item, "summary", f"{where}摘要", problems)
        summary = own or summary  # 摘要 copied down
        try:
            debit, credit = amount(item.get("debit")), amount(item.get("credit"))
        except ValueError as problem:
            problems.append(f"{where}：{problem}")
            continue
        if debit and credit:
            problems.append(f"{where}借方和贷方都有金额：一行只填一方")
            continue
        if not debit and not credit:
            problems.append(f"{where}没有金额：填借方或贷方")
            continue
        try:
            account = resolve(book, str(item.get("account") or ""), date)
        except ValueError as problem:
            problems.append(f"{where}：{problem}")
            continue
        value = debit if debit else -(credit or ZERO)
        lines.append(Line(account, value, summary, _meta(item.get("meta"), where, problems)))
    if len(lines) < 2 and not problems:
        problems.append("凭证至少要有一借一贷两行")
    debits = sum((line.amount for line in lines if line.amount > 0), ZERO)
    credits = -sum((line.amount for line in lines if line.amount < 0), ZERO)
    if lines and debits != credits:
        problems.append(
            f"借贷不平：借方合计 {fmt(debits)}，贷方合计 {fmt(credits)}，相差 {fmt(debits - credits)}"
        )
    return lines


def leaves(book: Book, date: datetime.date | None) -> list[str]:
    """The accounts a voucher dated ``date`` may post to: open then, with no sub-account."""
    closed = book.derived(_closed_accounts)
    parents = {name.rsplit(":", 1)[0] for name in book.opens if ":" in name}
    return [
        name
        for name, opened in book.opens.items()
        if name not in parents
        and (date is None or (opened.date <= date and closed.get(name, date + _DAY) > date))
    ]


_DAY = datetime.timedelta(days=1)


def _closed_accounts(book: Book) -> dict[str, datetime.date]:
    return {e.account: e.date for e in book.entries if isinstance(e, data.Close)}


def resolve(book: Book, given: str, date: datetime.date | None) -> str:
    """The book's leaf account a line names by code, full name or ``code 名称``."""
    text = unicodedata.normalize("NFKC", given).strip()
    if not text:
        raise ValueError("没有科目")
    code = text.split(" ", 1)[0] if text[0].isdigit() else None
    open_now = leaves(book, date)
    if code is None:
        if text in open_now:
            return text
        if text in book.opens:
            raise ValueError(_not_postable(book, text, date))
        raise ValueError(f"账本中没有科目“{given}”")
    matches = [a for a in open_now if (c := chart.try_parse(a)) is not None and c.code == code]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise ValueError(f"编码 {code} 对应多个科目：{'、'.join(matches)}，请写全名")
    under = [
        a for a in open_now if (c := chart.try_parse(a)) is not None and c.code.startswith(code)
    ]
    named = [a for a in book.opens if (c := chart.try_parse(a)) is not None and c.code == code]
    shown = "、".join(label(a) for a in under[:6])
    if named and under:
        raise ValueError(f"科目 {label(named[0])} 有明细科目，请选明细：{shown}")
    if named:
        raise ValueError(_not_postable(book, named[0], date))
    if under:
        raise ValueError(f"账本中没有编码为 {code} 的科目；以 {code} 开头的有：{shown}")
    raise ValueError(f"账本中没有编码为 {code} 的科目；先在 accounts.beancount 中开设")


def _not_postable(book: Book, account: str, date: datetime.date | None) -> str:
    opened = book.opens[account].date
    if date is not None and opened > date:
        return f"科目 {label(account)} 自 {opened} 起开设，{date} 还不能使用"
    return f"科目 {label(account)} 已停用或有明细科目，不能直接记账"


def label(account: str) -> str:
    """``50105 会员活动支出``: the code and the leaf's name, as the screen shows an account."""
    coded = chart.try_parse(account)
    name = account.rsplit(":", 1)[-1].split("-", 1)[-1]
    return f"{coded.code} {name}" if coded else account


_NOT_FIELDS = frozenset({"filename", "lineno", "voucher", "attachments", "preparer", "summary"})


def as_request(txn: data.Transaction, currency: str) -> dict[str, Any]:
    """A saved voucher as the save request that would write it (the form fills itself from
    it to edit the voucher)."""

    def fields(meta: dict[str, Any] | None) -> dict[str, str]:
        shown = {}
        for key, value in (meta or {}).items():
            if key in _NOT_FIELDS or key.startswith("__") or key in _RESERVED:
                continue
            if key == "payroll" and isinstance(value, datetime.date):
                shown[key] = f"{value:%Y-%m}"
            else:
                shown[key] = str(value)
        return shown

    lines = []
    for posting in txn.postings:
        number = posting.units.number if posting.units is not None else None
        own = (posting.meta or {}).get("summary")
        lines.append(
            {
                "account": posting.account,
                "label": label(posting.account),
                "summary": own if isinstance(own, str) else txn.narration,
                "debit": plain(number) if number is not None and number > 0 else "",
                "credit": plain(-number) if number is not None and number < 0 else "",
                "meta": fields(posting.meta),
            }
        )
    attachments = txn.meta.get("attachments")
    return {
        "date": str(txn.date),
        "voucher": str(txn.meta.get("voucher") or ""),
        "attachments": str(attachments) if attachments is not None else "",
        "narration": txn.narration or "",
        "payee": txn.payee or "",
        "lines": lines,
        "meta": fields(txn.meta),
    }
