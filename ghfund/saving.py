"""Writing a voucher, its review and its voiding into the book, through the one write path
(``ghfund.writing``: a plan from the snapshot of the files taken before the book was
loaded, checked, then committed under the book's lock, all files or none).

A new voucher goes at the end of ``YYYY.beancount`` beside the main file, for the
voucher's year; a missing year file is created with a heading and its ``include`` is
appended to the main file. Nothing else is ever written into the main file.
A review adds ``reviewer`` and ``reviewed`` (the date) under the voucher's first line;
voiding keeps the voucher (date, number, narration, metadata), adds ``void`` (the reason)
and ``voided`` (the date) and turns its postings into comments: the number stays
taken, the amounts leave the books, and the old lines stay readable in the file.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from beancount.core import data

from ghfund import period, writing
from ghfund.book import Book
from ghfund.ledger import Loaded
from ghfund.voucher import Draft, Refused, read, text_problem


@dataclass(frozen=True)
class Saved:
    plan: writing.Plan
    file: Path
    lineno: int


def year_file(main: Path, book: Book, year: int) -> Path:
    """The book's file for ``year``: an included ``YYYY.beancount`` (wherever the book keeps
    it), else ``YYYY.beancount`` beside the main file."""
    name = f"{year}.beancount"
    included = [Path(n) for n in book.options_map["include"] if Path(n).name == name]
    return included[0] if included else main.parent / name


def _included(book: Book, path: Path) -> bool:
    return any(Path(name).resolve() == path.resolve() for name in book.options_map["include"])


def save_plan(shot: writing.Snapshot, book: Book, draft: Draft) -> Saved:
    """The plan that appends ``draft`` to its year's file, and the line it will start on."""
    text = draft.text(book.currency)
    target = year_file(shot.main, book, draft.date.year)
    plan = writing.Plan(shot.main, f"凭证 {draft.voucher}")
    before = shot.bytes_of(target)
    if before is not None:
        lines = before.count(b"\n") + (0 if not before or before.endswith(b"\n") else 1)
        plan.append(target, text)
        lineno = lines + 2  # after the blank line the write path puts first
    else:
        head = f"; {draft.date.year} 年度凭证（由 ghfund 记账凭证录入写入）。\n\n"
        plan.create(target, head + text)
        lineno = head.count("\n") + 1
    if not _included(book, target):
        plan.include(target)
    return Saved(plan, target, lineno)


def edit_plan(
    shot: writing.Snapshot, book: Book, draft: Draft, original: data.Transaction
) -> Saved:
    """The plan that rewrites ``original`` as ``draft``, in place in its file."""
    if draft.date.year != original.date.year:
        raise Refused(
            [
                f"修改不能把凭证改到另一个年度（{original.date.year} → {draft.date.year}）；请作废后在新年度重新录入"
            ]
        )
    path, lines, start, end = _slice(shot, original)
    lines[start:end] = draft.text(book.currency).rstrip("\n").split("\n")
    plan = writing.Plan(shot.main, f"修改凭证 {draft.voucher}")
    plan.replace(path, "\n".join(lines))
    return Saved(plan, path, start + 1)


def editable(book: Book, txn: data.Transaction) -> None:
    """Refuse (``Refused``) to edit a voucher in a closed month, voided or reviewed."""
    _open_month(book, txn)
    voucher = txn.meta["voucher"]
    if txn.meta.get("void") is not None:
        raise Refused([f"凭证 {voucher} 已作废，不能修改"])
    if txn.meta.get("reviewer"):
        raise Refused([f"凭证 {voucher} 已由 {txn.meta['reviewer']} 审核，审核后不能修改"])


def find(book: Book, voucher: str) -> data.Transaction:
    """The one transaction numbered ``voucher``; ``Refused`` when none or several."""
    found = [t for t in book.transactions if t.meta.get("voucher") == voucher]
    if not found:
        raise Refused([f"账本中没有凭证 {voucher}"])
    if len(found) > 1:
        raise Refused([f"凭证号 {voucher} 不止一笔，请先在账本中改正重号"])
    return found[0]


def _open_month(book: Book, txn: data.Transaction) -> None:
    if period.is_closed(book, txn.date):
        raise Refused(
            [
                f"凭证 {txn.meta['voucher']} 所在的 {txn.date.year}年{txn.date.month}月已结账，不能再修改"
            ],
            closed=True,
        )


def _slice(shot: writing.Snapshot, txn: data.Transaction) -> tuple[Path, list[str], int, int]:
    """The file of ``txn`` as the snapshot read it: its lines and the transaction's range."""
    path = Path(str(txn.meta["filename"]))
    before = shot.bytes_of(path)
    if before is None:
        raise Refused([f"无法读取凭证所在的文件 {path.name}"])
    lines = before.decode("utf-8").split("\n")
    start = int(txn.meta["lineno"]) - 1
    end = start + 1
    while end < len(lines) and lines[end][:1] in (" ", "\t") and lines[end].strip():
        end += 1
    return path, lines, start, end


def _signed(book: Book, voucher: str, text: str, label: str, missing: str) -> data.Transaction:
    """The voucher a review or a voiding signs, once ``text`` (the name, the reason) is
    fit to write and the voucher is in an open month and not voided."""
    problem = text_problem(text, label) if text else missing
    if problem:
        raise Refused([problem])
    txn = find(book, voucher)
    _open_month(book, txn)
    if txn.meta.get("void") is not None:
        raise Refused([f"凭证 {voucher} 已于 {txn.meta.get('voided')} 作废"])
    return txn


def review_plan(
    shot: writing.Snapshot, book: Book, voucher: str, reviewer: str, day: datetime.date
) -> writing.Plan:
    """Sign ``voucher`` as reviewed by ``reviewer`` on ``day``."""
    reviewer = reviewer.strip()
    txn = _signed(book, voucher, reviewer, "审核人", "缺少审核人姓名")
    if txn.meta.get("reviewer"):
        raise Refused([f"凭证 {voucher} 已由 {txn.meta['reviewer']} 审核"])
    preparer = str(txn.meta.get("preparer") or "").strip()
    if preparer and preparer == reviewer:
        raise Refused([f"制单人 {preparer} 不能审核自己录入的凭证，须由另一人审核"])
    path, lines, start, _ = _slice(shot, txn)
    lines[start + 1 : start + 1] = [f'  reviewer: "{reviewer}"', f"  reviewed: {day}"]
    plan = writing.Plan(shot.main, f"审核凭证 {voucher}")
    plan.replace(path, "\n".join(lines))
    return plan


_META_LINE = re.compile(r"\s+[a-z][a-zA-Z0-9_-]*:(\s|$)")


def void_plan(
    shot: writing.Snapshot, book: Book, voucher: str, reason: str, day: datetime.date
) -> writing.Plan:
    """Void ``voucher``: its number and a dated record with ``reason`` stay, its amounts go."""
    reason = reason.strip()
    txn = _signed(book, voucher, reason, "作废原因", "请写明作废原因")
    path, lines, start, end = _slice(shot, txn)
    body, postings = [], False
    for line in lines[start + 1 : end]:
        postings = postings or not _META_LINE.match(line)
        body.append(f"  ; 作废前：{line.strip()}" if postings else line)
    record = [f'  void: "{reason}"', f"  voided: {day}"]
    lines[start:end] = [lines[start], *record, *body]
    plan = writing.Plan(shot.main, f"作废凭证 {voucher}")
    plan.replace(path, "\n".join(lines))
    return plan


def save(
    shot: writing.Snapshot, loaded: Loaded, raw: object, command: str, dry_run: bool = False
) -> dict[str, object]:
    """``POST save`` and ``ghfund voucher add``: check the voucher, run the rules on the book
    with it, and (unless ``dry_run``) write it. ``shot`` was taken before ``loaded`` was
    loaded. ``Refused`` when the voucher cannot be saved; ``writing.Refusal`` (``Busy``,
    ``Changed``) when the write path refuses."""
    from ghfund import dryrun
    from ghfund.ledger import parse_transaction

    book = loaded.book
    original = None
    if isinstance(raw, dict) and raw.get("edit"):
        original = find(book, str(raw["edit"]))
        editable(book, original)
        raw = {**raw, "preparer": original.meta.get("preparer") or raw.get("preparer")}
        draft = read(raw, book, replacing=str(original.meta["voucher"]))
        saved = edit_plan(shot, book, draft, original)
    else:
        draft = read(raw, book)
        saved = save_plan(shot, book, draft)
    writing.check(saved.plan, loaded, shot=shot)
    txn = parse_transaction(draft.text(book.currency), str(saved.file))
    txn = txn._replace(meta={**txn.meta, "lineno": saved.lineno})
    found = dryrun.caused(book, loaded.findings, txn, original)
    if not dry_run:
        writing.commit(saved.plan, shot.covering(loaded), command)
    return {
        "voucher": draft.voucher,
        "file": str(saved.file),
        "lineno": saved.lineno,
        "findings": [f.as_json() for f in found],
        "saved": not dry_run,
    }
