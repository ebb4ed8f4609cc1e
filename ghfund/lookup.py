"""Finding an account as a treasurer types it: by code, Chinese name or pinyin initials.

``find(book, "402")`` puts the account whose code is exactly 402 first, then codes that
start with 402 (shorter first), so 402 never picks 50402. Text matches the leaf's name
(the whole name first, then its start, then anywhere) or the initials of its pinyin
(``hyhd`` → 50105 会员活动支出, through pypinyin). Only the leaves open on the date are
offered: the accounts a voucher may post to.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin

from ghfund import chart
from ghfund.book import Book
from ghfund.voucher import leaves

LIMIT = 20


@dataclass(frozen=True)
class Found:
    code: str
    name: str
    account: str

    def as_json(self) -> dict[str, str]:
        return {
            "code": self.code,
            "name": self.name,
            "account": self.account,
            "label": f"{self.code} {self.name}",
        }


def _initials(name: str) -> str:
    return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")).lower()


def _known(book: Book) -> dict[str, tuple[str, str, str]]:
    """account -> (code, leaf name, pinyin initials), for every account on the chart."""
    known = {}
    for account in book.opens:
        coded = chart.try_parse(account)
        if coded is not None:
            name = account.rsplit(":", 1)[-1].split("-", 1)[-1]
            known[account] = (coded.code, name, _initials(name))
    return known


def find(book: Book, query: str, date: datetime.date | None = None) -> list[Found]:
    """The leaves open on ``date`` that ``query`` names, best match first."""
    text = unicodedata.normalize("NFKC", query).strip().lower()
    if text[:1].isdigit() and " " in text:  # a label as the screen shows it: 50105 会员活动支出
        text = text.split(" ", 1)[0]
    known = book.derived(_known)
    ranked: list[tuple[tuple[int, int, str], Found]] = []
    for account in leaves(book, date):
        if account not in known:
            continue
        code, name, initials = known[account]
        rank = _rank(text, code, name, initials)
        if rank is not None:
            ranked.append(((rank, len(code), code), Found(code, name, account)))
    ranked.sort(key=lambda pair: pair[0])
    return [found for _, found in ranked[:LIMIT]]


def _rank(text: str, code: str, name: str, initials: str) -> int | None:
    """0 best; None when the account does not match."""
    if not text:
        return 9
    if text.isdigit():
        if code == text:
            return 0
        return 1 if code.startswith(text) else None
    if name == text:
        return 2
    if name.startswith(text):
        return 3
    if initials.startswith(text):
        return 4
    if text in name:
        return 5
    if text in initials:
        return 6
    return None
