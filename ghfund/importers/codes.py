"""Account codes of a vendor export matched to the book's accounts.

A code the book has (by effective code, however the book spells the name) is that
account. Otherwise the code must lie under a first-level account of the 2021 chart
and follow its levels (3 digits, then 2 per level): a prescribed detail takes the
chart's name, a local detail the name the file gives it
(``Assets:102-银行存款:10201-工商银行基本户``), and it is opened by the import.
Codes of the 2009 chart are first mapped by the 财会〔2021〕16号 table; where that
table splits one old account in two the code is refused unless the user's map
(``--map MAP.toml``: old code prefix = new code prefix) says how.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ghfund.chart import CHART, try_parse
from ghfund.problems import UserProblem
from ghfund.syntax import toml_problem

# 2009 chart (财会〔2009〕7号) code prefix → 2021 code prefix (财会〔2021〕16号 附表, docs/REGULATIONS.md §2).
OLD_TO_NEW: dict[str, str] = {
    "101": "101",
    "102": "102",
    "111": "111",
    "112": "121",  # 财政应返还额度
    "121": "135",  # 借出款 → 其他应收款
    "131": "131",
    "132": "132",
    "135": "135",
    "141": "141",
    "151": "151",
    "161": "161",
    "162": "162",
    "201": "201",  # 应付工资（离退休费）→ 应付职工薪酬
    "202": "201",
    "203": "201",
    "211": "215",  # 借入款 → 其他应付款
    "221": "211",  # 应付上级经费
    "222": "212",
    "225": "215",
    "231": "221",  # 代管经费
    "301": "301",  # 固定基金 → 资产基金
    "302": "301",  # 在建工程占用资金
    "311": "301",  # 投资基金
    "321": "311",  # 专用基金
    "322": "322",  # 后备金
    "401": "401",
    "402": "402",
    "403": "403",
    "40301": "40301",  # 回拨补助 → 一般性转移支付补助
    "40302": "40302",  # 专项补助 → 专项转移支付补助
    "404": "404",
    "405": "405",
    "406": "406",  # 事业收入
    "407": "407",
    "408": "408",
    "502": "504",  # 维权支出
    "504": "506",  # 行政支出
    "505": "507",  # 资本性支出
    "506": "508",  # 补助下级支出
    "507": "509",  # 事业支出
    "508": "510",  # 其他支出
}

# Old accounts the table splits: old prefix → (old name, the new codes it may become).
SPLIT: dict[str, tuple[str, tuple[str, ...]]] = {
    "501": ("职工活动支出", ("501", "502")),
    "503": ("业务支出", ("503", "505")),
    "331": ("结余", ("321", "322")),
    **{
        code: ("上级补助收入明细", ("40301", "40302"))
        for code in ("40303", "40304", "40305", "40306", "40307")
    },
}

_SEGMENTS = re.compile(r"[_/\\:：—]+")
_NOT_NAME = re.compile(r"[^\w\-]|_")


class CodeProblem(UserProblem, ValueError):
    """Why a row's account code cannot be used; Chinese, says what to fix."""


class MapProblem(UserProblem):
    """A --map file that cannot be used; Chinese."""


def read_map(name: str, data: bytes) -> dict[str, str]:
    """``--map MAP.toml``: ``"旧编码" = "新编码"`` pairs, at the top or under ``[accounts]``."""
    try:
        parsed = tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise MapProblem(f"科目对照文件 {name} 不是 UTF-8 编码的文本；请另存为 UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise MapProblem(
            f"科目对照文件 {name} 不是有效的 TOML 文件：{toml_problem(error)}"
        ) from None
    table = parsed.get("accounts", parsed)
    result: dict[str, str] = {}
    for old, new in table.items():
        if not (str(old).isdigit() and isinstance(new, str | int) and str(new).isdigit()):
            raise MapProblem(
                f'科目对照文件 {name} 中“{old} = {new}”有误：每行应为 "旧科目编码" = "新科目编码"，'
                '如 "503" = "505"'
            )
        result[str(old)] = str(new)
    return result


def clean_code(raw: str) -> str:
    """A code cell's digits (``102.01`` and ``102 01`` as ``10201``); CodeProblem otherwise."""
    code = raw.replace(".", "").replace(" ", "").replace("-", "")
    if not code.isdigit():
        raise CodeProblem(f"科目编码“{raw}”应为数字，如 10201")
    return code


def component_name(name: str) -> str:
    """A name usable in a Beancount account: letters and digits (Chinese included) only."""
    return _NOT_NAME.sub("", name)


def segments(name: str) -> list[str]:
    """The levels of a full account name (``银行存款_工商银行``), or the one name."""
    return [part.strip() for part in _SEGMENTS.split(name) if part.strip()]


def levels(code: str) -> list[str]:
    """The codes from the first level down: ``1020101`` → 102, 10201, 1020101."""
    return [code[:length] for length in range(3, len(code) + 1, 2)]


@dataclass
class Accounts:
    """Resolves codes to account names; remembers the accounts the import must open."""

    existing: Iterable[str]
    chart_year: int = 2021
    mapping: Mapping[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # (mapped) code → name from the file
    to_open: dict[str, str] = field(default_factory=dict)  # account → code, in order of use
    _by_code: dict[str, str] = field(default_factory=dict)
    _opened: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        for account in sorted(self.existing):
            self._opened.add(account)
            coded = try_parse(account)
            if coded is not None:
                self._by_code.setdefault(coded.code, account)

    def mapped(self, code: str) -> str:
        """The 2021 code of a file's code: the user's map first, then the 2009 table."""
        own = _longest(code, self.mapping)
        if own is not None:
            return self.mapping[own] + code[len(own) :]
        if self.chart_year != 2009:
            return code
        split = _longest(code, SPLIT)
        if split is not None:
            old_name, choices = SPLIT[split]
            options = "、".join(f"{c}-{CHART[c].name}" for c in choices)
            raise CodeProblem(
                f"科目 {code} 属于2009年制度的 {split} {old_name}，新制度中分为 {options}，"
                f'不能自动对应；请在 --map 科目对照文件中写明，如 "{split}" = "{choices[-1]}"'
            )
        old = _longest(code, OLD_TO_NEW)
        if old is None:
            raise CodeProblem(
                f"科目编码 {code} 不在2009年《工会会计制度》科目表中；"
                f'请核对编码，或在 --map 科目对照文件中写明对应的新科目，如 "{code}" = "135"'
            )
        return OLD_TO_NEW[old] + code[len(old) :]

    def learn(self, code: str, name: str) -> None:
        """Remember the names a file gives the levels of ``code`` (mapped), for later use."""
        parts = segments(name)
        if not parts:
            return
        codes = levels(code)
        self.names.setdefault(code, parts[-1])
        if len(parts) == len(codes):
            for level, part in zip(codes, parts, strict=True):
                self.names.setdefault(level, part)

    def account(self, code: str) -> str:
        """The account of a (mapped, 2021) code; opened by the import when the book lacks it."""
        found = self._by_code.get(code)
        if found is None:
            found = self._build(code)
        if found not in self._opened:
            self._opened.add(found)
            self.to_open[found] = code
        return found

    def _build(self, code: str) -> str:
        top = CHART.get(code[:3])
        if top is None or top.parent is not None:
            raise CodeProblem(
                f"科目编码 {code} 不是《工会会计制度》(2021)科目：一级科目编码（前三位）"
                f"{code[:3]} 不在科目表中；请核对，或用 --map 写明对应的科目"
            )
        if (len(code) - 3) % 2:
            raise CodeProblem(
                f"科目编码 {code} 的位数不符合 3-2-2 的级次（一级3位，以下每级2位），如 10201"
            )
        account = ""
        for level in levels(code):
            if level in self._by_code:
                account = self._by_code[level]
                continue
            if not account:
                account = top.kind.value
            name = CHART[level].name if level in CHART else self.names.get(level, "")
            cleaned = component_name(name)
            if not cleaned:
                what = "科目名称为空" if level == code else f"上级科目 {level} 没有名称"
                raise CodeProblem(
                    f"科目 {code} 不在账本中，需要新开明细科目，但{what}；"
                    "请在科目名称列写明名称（可写全名，如 银行存款_工商银行）"
                )
            account = f"{account}:{level}-{cleaned}"
            self._by_code[level] = account
        return account


def _longest(code: str, table: Mapping[str, object]) -> str | None:
    for length in range(len(code), 2, -1):
        if code[:length] in table:
            return code[:length]
    return None
