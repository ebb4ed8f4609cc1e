"""``ghfund.writing``: the one write path (snapshot, plan, check, commit under a lock)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ghfund import writing
from ghfund.ledger import load_file

BOOK = """option "operating_currency" "CNY"
include "2025.beancount"
"""

YEAR = """2024-12-31 open Assets:101-库存现金 CNY
2024-12-31 open Assets:102-银行存款 CNY
2024-12-31 open Equity:322-工会资金结余 CNY

2024-12-31 * "期初余额"
  voucher: "记-2024-0001"
  Assets:102-银行存款  1000.00 CNY
  Equity:322-工会资金结余
"""

VOUCHER = """2025-02-03 * "提现"
  voucher: "记-2025-0001"
  Assets:101-库存现金  100.00 CNY
  Assets:102-银行存款
"""


@pytest.fixture
def main(tmp_path: Path) -> Path:
    (tmp_path / "main.beancount").write_text(BOOK, encoding="utf-8")
    (tmp_path / "2025.beancount").write_text(YEAR, encoding="utf-8")
    return tmp_path / "main.beancount"


def test_snapshot_reads_the_included_files_before_the_load(main: Path) -> None:
    shot = writing.snapshot(main)
    year = main.parent / "2025.beancount"
    assert set(shot.files) == {main.resolve(), year.resolve()}
    assert shot.bytes_of(year) == YEAR.encode()


def test_append_commits_under_the_lock_and_leaves_nothing_behind(main: Path) -> None:
    shot = writing.snapshot(main)
    year = main.parent / "2025.beancount"
    plan = writing.Plan(main, "1 张凭证")
    plan.append(year, VOUCHER)
    writing.check(plan, load_file(main))
    assert "== 2025.beancount（在末尾追加）==" in plan.render().replace(str(main.parent) + "/", "")
    assert writing.commit(plan, shot, "test") == []
    assert year.read_text(encoding="utf-8") == YEAR + "\n" + VOUCHER
    assert sorted(p.name for p in main.parent.iterdir()) == ["2025.beancount", "main.beancount"]
    assert load_file(main).errors == ()


def test_a_file_changed_after_the_snapshot_is_not_written(main: Path) -> None:
    shot = writing.snapshot(main)
    year = main.parent / "2025.beancount"
    plan = writing.Plan(main, "1 张凭证")
    plan.append(main, VOUCHER)
    year.write_text(YEAR + "; 另一次写入\n", encoding="utf-8")  # not the planned file
    with pytest.raises(writing.Changed, match=r"2025\.beancount 在读取后被改动过"):
        writing.commit(plan, shot, "test")
    assert main.read_text(encoding="utf-8") == BOOK


def test_a_new_file_and_its_include_line_are_written_together(main: Path) -> None:
    new = main.parent / "2026.beancount"
    shot = writing.snapshot(main, new)
    plan = writing.Plan(main, "新年度文件")
    plan.create(new, '2026-01-05 * "x"\n  Assets:101-库存现金  1.00 CNY\n  Assets:102-银行存款\n')
    plan.include(new)
    writing.commit(plan, shot, "test")
    assert main.read_text(encoding="utf-8").endswith('\ninclude "2026.beancount"\n')
    assert load_file(main).errors == ()
    again = writing.Plan(main, "新年度文件")
    again.create(new, "; x\n")
    with pytest.raises(writing.Refusal, match=r"2026\.beancount 已存在"):
        writing.commit(again, writing.snapshot(main, new), "test")


def test_all_or_nothing_across_files(main: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second file's replacement fails: the first (already replaced) is restored."""
    year = main.parent / "2025.beancount"
    shot = writing.snapshot(main)
    plan = writing.Plan(main, "两个文件")
    plan.append(year, VOUCHER)
    plan.append(main, "; 尾注\n")
    real = os.replace
    calls: list[str] = []

    def failing(source: object, target: object) -> None:
        if str(target).endswith(".beancount"):
            calls.append(str(target))
            if len(calls) == 2:
                raise OSError(28, "No space left on device")
        real(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError):
        writing.commit(plan, shot, "test")
    monkeypatch.setattr(os, "replace", real)
    assert calls[0] == str(year.resolve())  # the main file comes last
    assert (main.read_text(encoding="utf-8"), year.read_text(encoding="utf-8")) == (BOOK, YEAR)
    assert sorted(p.name for p in main.parent.iterdir()) == ["2025.beancount", "main.beancount"]


KILLED = """
import sys
from pathlib import Path
import time
from ghfund import writing
writing.between_files = lambda: time.sleep(3)
main = Path(sys.argv[1])
shot = writing.snapshot(main)
plan = writing.Plan(main, "两个文件")
plan.append(main.parent / "2025.beancount", sys.argv[2])
plan.append(main, "; 尾注\\n")
writing.commit(plan, shot, "ghfund test")
"""


def test_a_commit_killed_between_files_is_rolled_back_by_the_next_writer(main: Path) -> None:
    year = main.parent / "2025.beancount"
    process = subprocess.Popen([sys.executable, "-c", KILLED, str(main), VOUCHER])
    deadline = time.monotonic() + 30
    while year.read_text(encoding="utf-8") == YEAR:  # the first file is replaced ...
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)  # ... and it dies before the main file
    process.wait()
    assert year.read_text(encoding="utf-8") == YEAR + "\n" + VOUCHER
    assert (main.parent / ".ghfund.journal").exists()
    shot = writing.snapshot(main)
    plan = writing.Plan(main, "尾注")
    plan.append(main, "; 另一次写入\n")
    with pytest.raises(writing.Changed, match=r"^上一次写入被中断，已恢复为写入前的内容；"):
        writing.commit(plan, shot, "test")
    assert year.read_text(encoding="utf-8") == YEAR  # rolled back under the lock
    notes = writing.commit(plan, writing.snapshot(main), "test")
    assert notes == []
    assert main.read_text(encoding="utf-8") == BOOK + "\n; 另一次写入\n"
    assert not [p for p in main.parent.iterdir() if p.name.startswith(".ghfund-")]


def test_a_held_lock_is_named_and_a_stale_one_noticed(main: Path) -> None:
    shot = writing.snapshot(main)
    plan = writing.Plan(main, "尾注")
    plan.append(main, "; 尾注\n")
    with writing.locked(main, "ghfund import vouchers"), pytest.raises(writing.Busy) as caught:
        writing.commit(plan, shot, "test", wait=0.2)
    assert f"进程 {os.getpid()}，ghfund import vouchers，始于 " in str(caught.value)
    assert main.read_text(encoding="utf-8") == BOOK
    (main.parent / ".ghfund.lock").write_text(
        '{"pid": 99999999, "command": "ghfund close", "since": "2025-01-01T00:00:00"}'
    )
    notes = writing.commit(plan, shot, "test")
    assert notes == [
        "上一次写入未正常结束（进程 99999999，ghfund close，始于 2025-01-01T00:00:00），锁已清除"
    ]
    assert main.read_text(encoding="utf-8") == BOOK + "\n; 尾注\n"


def test_check_refuses_dates_outside_the_book_and_accounts_not_open(main: Path) -> None:
    loaded = load_file(main)
    plan = writing.Plan(main, "凭证")
    plan.append(main, VOUCHER.replace("2025-02-03", "1990-02-03"))
    plan.append(main, VOUCHER.replace("2025-02-03", "2099-02-03"))
    plan.append(main, VOUCHER.replace("Assets:101-库存现金", "Assets:1012-其他货币资金"))
    with pytest.raises(writing.Refusal) as caught:
        writing.check(plan, loaded, today=__import__("datetime").date(2025, 6, 1))
    lines = str(caught.value).splitlines()
    assert lines[0] == "未写入："
    assert any(
        "1990-02-03 条目（凭证 记-2025-0001）早于账本的第一笔条目（2024-12-31）" in line
        for line in lines
    )
    assert any("2099-02-03 条目（凭证 记-2025-0001）晚于 2026-12-31" in line for line in lines)
    assert any("科目 Assets:1012-其他货币资金，该科目未开设" in line for line in lines)


def test_check_refuses_a_closed_month_unless_reopened(main: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from ghfund.cli import cli

    year = main.parent / "2025.beancount"
    year.write_text(YEAR + "\n" + VOUCHER, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["close", str(main), "--through", "2025-02-28", "--date", "2025-03-01"]
    )
    assert result.exit_code == 0, result.output
    plan = writing.Plan(main, "凭证")
    plan.append(main, VOUCHER.replace("2025-02-03", "2025-02-20").replace("0001", "0002"))
    with pytest.raises(
        writing.Refusal, match=r"2025-02-20 条目（凭证 记-2025-0002）落在已结账的 2025-02 月"
    ):
        writing.check(plan, load_file(main))
    with main.open("a", encoding="utf-8") as out:
        out.write('\n2025-03-02 custom "ghfund-reopen" 2025-02-01\n')
        out.write('  approved: "工会委员会2025年第1次会议"\n  reason: "补记2月凭证"\n')
    writing.check(plan, load_file(main))  # reopened: allowed


def test_the_bundled_example_is_never_written() -> None:
    from ghfund.ledger import default_ledger

    with pytest.raises(writing.Refusal, match="自带的示例账本，不能写入"):
        writing.refuse_bundled(default_ledger())


def test_a_rewritten_file_is_checked_for_what_it_changes_only(main: Path) -> None:
    """A closed February stays as it is: a rewrite that keeps it passes, one that changes a
    February voucher is refused; the rewrite replaces the whole file."""
    from click.testing import CliRunner

    from ghfund.cli import cli

    year = main.parent / "2025.beancount"
    year.write_text(YEAR + "\n" + VOUCHER, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["close", str(main), "--through", "2025-02-28", "--date", "2025-03-01"]
    )
    assert result.exit_code == 0, result.output
    shot = writing.snapshot(main)
    march = VOUCHER.replace("2025-02-03", "2025-03-03").replace("0001", "0002")
    plan = writing.Plan(main, "改写")
    plan.replace(year, YEAR + "\n" + VOUCHER + "\n" + march)
    writing.check(plan, load_file(main), shot=shot)
    changed = writing.Plan(main, "改写")
    changed.replace(year, YEAR + "\n" + VOUCHER.replace("100.00", "90.00"))
    with pytest.raises(writing.Refusal, match=r"2025-02-03 条目（凭证 记-2025-0001）落在已结账"):
        writing.check(changed, load_file(main), shot=shot)
    assert "== 2025.beancount（改写）==" in plan.render().replace(str(main.parent) + "/", "")
    writing.commit(plan, shot, "test")
    assert year.read_text(encoding="utf-8") == YEAR + "\n" + VOUCHER + "\n" + march
