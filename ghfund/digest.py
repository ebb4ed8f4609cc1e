"""The canonical digest of a book's entries: what ``ghfund close`` records and
``period-changed`` recomputes (docs/DIGEST.md is the specification).

Each entry is written as one canonical line: a compact JSON array of its meaning
(kind, date, the fields of its kind, its metadata without ``filename``, ``lineno``
and Beancount's internal ``__`` keys; numbers as text without trailing zeros; tags,
links and postings sorted). A month's digest is the SHA-256 of its entries' lines,
sorted, each ended by a newline; the digest of a period is the SHA-256 of its
``YYYY-MM:digest`` lines. Files, the order of entries within a day, comments and
formatting change no digest; any change of meaning does.

Entries Beancount or a plugin generates (padding transactions, documents found in a
directory, implicit prices, anything without a source line number) and the close and
reopen directives themselves are left out. One pass of plain string building, no
generic serialiser: this runs inside ``bean-check`` on every load.
"""

from __future__ import annotations

import datetime
import hashlib
import os
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any

from beancount.core import data, flags
from beancount.core.amount import Amount
from beancount.core.position import Cost

PREFIX = "sha256:"
SKIPPED_CUSTOMS = frozenset({"ghfund-close", "ghfund-reopen"})
VOUCHER_DIGITS = 8  # hex digits of a voucher's fingerprint
ACCOUNT_DTYPE = "<AccountDummy>"  # beancount.core.account.TYPE: a custom value that is an account

_text: Callable[[str], str] = encode_basestring  # a JSON string, non-ASCII kept as is


_NUMBERS: dict[Decimal, str] = {}  # equal Decimals (1.0, 1.00) have one canonical text


def number(value: Any) -> str:
    """A Decimal as text without trailing zeros or exponent: 100.00 and 1E+2 are both "100"."""
    if not isinstance(value, Decimal):
        return "null" if value is None else _text(str(value))  # MISSING in unbooked entries
    known = _NUMBERS.get(value)
    if known is not None:
        return known
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    text = '"0"' if text in ("-0", "") else f'"{text}"'
    if len(_NUMBERS) > 100_000:
        _NUMBERS.clear()
    if value.is_finite():
        _NUMBERS[value] = text
    return text


def _amount(amount: Any) -> str:
    if amount is None:
        return "null"
    if not isinstance(amount, Amount):  # MISSING in unbooked entries
        return _text(str(amount))
    currency = amount.currency
    return f"[{number(amount.number)},{'null' if currency is None else _text(str(currency))}]"


def _value(value: Any) -> str:
    """A metadata or custom value: text as a JSON string, other kinds tagged."""
    if isinstance(value, str):
        return _text(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, Decimal):
        return f'["n",{number(value)}]'
    if isinstance(value, datetime.date):
        return f'["d","{value.isoformat()}"]'
    if hasattr(value, "number") and hasattr(value, "currency"):
        return f'["a",{number(value.number)},{_text(str(value.currency))}]'
    return f'["x",{_text(str(value))}]'


_SOURCE_KEYS = frozenset({"filename", "lineno"})


def _meta(meta: Mapping[str, Any] | None) -> str:
    if not meta or (len(meta) == 2 and "lineno" in meta and "filename" in meta):
        return "{}"
    keys = [k for k in meta if k not in _SOURCE_KEYS and k[:2] != "__"]
    if not keys:
        return "{}"
    keys.sort()
    return "{" + ",".join([f'"{k}":{_value(meta[k])}' for k in keys]) + "}"


def _strings(values: Iterable[str] | None) -> str:
    if not values:
        return "[]"
    return "[" + ",".join(_text(v) for v in sorted(values or ())) + "]"


def _cost(cost: Any) -> str:
    if cost is None:
        return "null"
    if isinstance(cost, Cost):
        date = f'"{cost.date.isoformat()}"' if cost.date else "null"
        label = "null" if cost.label is None else _text(cost.label)
        return f"[{number(cost.number)},{_text(cost.currency)},{date},{label}]"
    fields = ",".join(_value(getattr(cost, name)) for name in cost._fields)
    return f'["spec",{fields}]'  # an unbooked CostSpec (the Fava guard parses unbooked text)


_ACCOUNTS: dict[str, str] = {}  # account, currency or payee -> its JSON string


def _name(name: str) -> str:
    known = _ACCOUNTS.get(name)
    if known is None:
        if len(_ACCOUNTS) > 100_000:
            _ACCOUNTS.clear()
        known = _ACCOUNTS[name] = _text(name)
    return known


def _posting(p: data.Posting) -> str:
    """A posting's array; ``_transaction_line`` builds the common case itself, the same text."""
    flag = "null" if p.flag is None else _text(p.flag)
    return (
        f"[{_name(p.account)},{_amount(p.units)},{_cost(p.cost)},"
        f"{_amount(p.price)},{flag},{_meta(p.meta)}]"
    )


def _custom_value(value: Any) -> str:
    if getattr(value, "dtype", None) == ACCOUNT_DTYPE:
        return f'["acct",{_text(str(value.value))}]'
    return _value(getattr(value, "value", value))


def _optional(text: Any) -> str:
    return "null" if text is None else _text(str(text))


def _relative(filename: str, base: str) -> str:
    """A document's path relative to the main file's directory, with forward slashes."""
    if base and os.path.isabs(filename):
        filename = os.path.relpath(filename, base)
    return _text(filename.replace(os.sep, "/"))


_FIELDS: dict[type, Callable[[Any, str], str]] = {
    data.Open: lambda e, b: (
        f"{_text(e.account)},{_strings(e.currencies)},"
        f"{_optional(getattr(e.booking, 'name', e.booking))}"
    ),
    data.Close: lambda e, b: _text(e.account),
    data.Commodity: lambda e, b: _text(e.currency),
    data.Pad: lambda e, b: f"{_text(e.account)},{_text(e.source_account)}",
    data.Balance: lambda e, b: f"{_text(e.account)},{_amount(e.amount)},{number(e.tolerance)}",
    data.Note: lambda e, b: (
        f"{_text(e.account)},{_text(e.comment)},"
        f"{_strings(getattr(e, 'tags', None))},{_strings(getattr(e, 'links', None))}"
    ),
    data.Event: lambda e, b: f"{_text(e.type)},{_text(e.description)}",
    data.Query: lambda e, b: f"{_text(e.name)},{_text(e.query_string)}",
    data.Price: lambda e, b: f"{_text(e.currency)},{_amount(e.amount)}",
    data.Document: lambda e, b: (
        f"{_text(e.account)},{_relative(e.filename, b)},{_strings(e.tags)},{_strings(e.links)}"
    ),
    data.Custom: lambda e, b: (
        f"{_text(e.type)},[{','.join(_custom_value(v) for v in e.values or ())}]"  # None: no values
    ),
}
_KINDS = {data.Transaction: "transaction", **{kind: kind.__name__.lower() for kind in _FIELDS}}


def meaningful(entry: Any) -> bool:
    """Whether ``entry`` is of a kind a close covers: not a padding transaction, an
    implicit price, a close or reopen directive, or a kind Beancount adds itself."""
    kind = type(entry)
    if kind is data.Transaction:
        return bool(entry.flag != flags.FLAG_PADDING)
    if kind is data.Custom:
        return entry.type not in SKIPPED_CUSTOMS
    if kind is data.Price:
        return "__implicit_prices__" not in (entry.meta or {})
    return kind in _KINDS


def counts(entry: Any) -> bool:
    """Whether ``entry`` is part of what a close covers: written in the ledger (not
    generated by Beancount or a plugin: it has a source line) and ``meaningful``."""
    meta = entry.meta or {}
    if not meta.get("filename") or not meta.get("lineno"):
        return False
    return meaningful(entry)


def line(entry: Any, base: str = "") -> str:
    """The canonical line of one entry (docs/DIGEST.md)."""
    kind = type(entry)
    if kind is data.Transaction:
        return _transaction_line(entry)
    return (
        f'["{_KINDS[kind]}","{entry.date.isoformat()}",'
        f"{_FIELDS[kind](entry, base)},{_meta(entry.meta)}]"
    )


_DATES: dict[datetime.date, str] = {}


def _date(day: datetime.date) -> str:
    if len(_DATES) > 100_000:
        _DATES.clear()
    text = _DATES[day] = day.isoformat()
    return text


def _transaction_line(e: data.Transaction) -> str:
    """``line`` of a transaction: the same text as the general path, built with the common
    posting (no cost, price, flag or metadata) and metadata inline, with the texts of
    accounts, currencies, numbers and dates looked up once per book, for speed."""
    names, plain = _ACCOUNTS, Amount
    numbers: dict[Any, str] = _NUMBERS
    postings = []
    for p in e.postings:
        units, meta = p.units, p.meta
        if (
            p.cost is None
            and p.price is None
            and p.flag is None
            and type(units) is plain
            and (not meta or (len(meta) == 2 and "lineno" in meta and "filename" in meta))
            and type(units.currency) is str
        ):
            postings.append(
                f"[{names.get(p.account) or _name(p.account)},"
                f"[{numbers.get(units.number) or number(units.number)},"
                f"{names.get(units.currency) or _name(units.currency)}],null,null,null,{{}}]"
            )
        else:
            postings.append(_posting(p))
    postings.sort()
    meta = e.meta
    text = _text
    size = len(meta) - ("__tolerances__" in meta)  # Beancount's own key, never digested
    if size == 3 and type(meta.get("voucher")) is str and "lineno" in meta and "filename" in meta:
        shown = f'{{"voucher":{text(meta["voucher"])}}}'  # the common case
    else:
        shown = _meta(meta)
    payee = "null" if e.payee is None else names.get(e.payee) or _name(e.payee)
    flag = e.flag or ""
    tags = _strings(e.tags) if e.tags else "[]"
    links = _strings(e.links) if e.links else "[]"
    return (
        f'["transaction","{_DATES.get(e.date) or _date(e.date)}",{names.get(flag) or _name(flag)},'
        f"{payee},{text(e.narration or '')},{tags},{links},[{','.join(postings)}],{shown}]"
    )


def month_key(date: datetime.date) -> str:
    return f"{date.year:04d}-{date.month:02d}"


def combine(lines: Iterable[str]) -> str:
    """SHA-256 (hex) of ``lines`` sorted, each ended by a newline: a month's digest."""
    ordered = sorted(lines)
    text = "\n".join(ordered) + "\n" if ordered else ""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def period(months: Mapping[str, str]) -> str:
    """The digest of a period: ``sha256:`` and SHA-256 of its ``YYYY-MM:digest`` lines."""
    text = "".join(f"{month}:{months[month]}\n" for month in sorted(months))
    return PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()


def base_of(options_map: Mapping[str, Any]) -> str:
    """The main file's directory: documents are digested by their path relative to it."""
    filename = str(options_map.get("filename") or "")
    return os.path.dirname(filename) if filename and filename[0] != "<" else ""


def by_month(entries: Iterable[Any], through: datetime.date) -> dict[str, list[Any]]:
    """The counted entries dated on or before ``through``, by month."""
    result: dict[str, list[Any]] = {}
    current: list[Any] = []
    ym = (0, 0)
    transaction, padding = data.Transaction, flags.FLAG_PADDING
    for entry in entries:
        date = entry.date
        if date > through:
            continue
        if type(entry) is transaction:  # the common case, checked inline
            meta = entry.meta
            if entry.flag == padding or not meta.get("lineno") or not meta.get("filename"):
                continue
        elif not counts(entry):
            continue
        if (date.year, date.month) != ym:
            ym = (date.year, date.month)
            current = result.setdefault(month_key(date), [])
        current.append(entry)
    return result


def months(entries: Iterable[Any], through: datetime.date, base: str = "") -> dict[str, str]:
    """Each month's digest, for the counted entries dated on or before ``through``: one pass,
    each entry's line added to its month's list as it comes (``by_month`` and ``line`` fused)."""
    lines: dict[str, list[str]] = {}
    current: list[str] = []
    ym = (0, 0)
    transaction, padding, fast = data.Transaction, flags.FLAG_PADDING, _transaction_line
    for entry in entries:
        date = entry.date
        if date > through:
            continue
        if type(entry) is transaction:
            meta = entry.meta
            if entry.flag == padding or not meta.get("lineno") or not meta.get("filename"):
                continue
            text = fast(entry)
        elif counts(entry):
            text = line(entry, base)
        else:
            continue
        if (date.year, date.month) != ym:
            ym = (date.year, date.month)
            current = lines.setdefault(month_key(date), [])
        current.append(text)
    return {month: combine(found) for month, found in lines.items()}


def voucher_prints(entries: Iterable[Any], base: str = "") -> dict[str, str]:
    """Each voucher's fingerprint: the first hex digits of the digest of the lines of the
    entries carrying it. Vouchers with white space in them are left out."""
    grouped: dict[str, list[str]] = {}
    for entry in entries:
        voucher = (entry.meta or {}).get("voucher")
        if isinstance(voucher, str) and voucher and not any(c.isspace() for c in voucher):
            grouped.setdefault(voucher, []).append(line(entry, base))
    return {voucher: combine(lines)[:VOUCHER_DIGITS] for voucher, lines in grouped.items()}


def format_prints(prints: Mapping[str, str]) -> str:
    """``voucher=fingerprint`` pairs, space-separated, sorted by voucher."""
    return " ".join(f"{voucher}={prints[voucher]}" for voucher in sorted(prints))


def parse_prints(text: str) -> dict[str, str]:
    result = {}
    for pair in text.split():
        voucher, _, fingerprint = pair.rpartition("=")
        if voucher:
            result[voucher] = fingerprint
    return result
