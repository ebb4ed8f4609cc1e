"""One month type: ``YYYY-MM`` everywhere a user names a month, one ``month_end``."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from ghfund.cli import cli
from ghfund.month import BadMonth, Month, month_end
from ghfund.problems import UserProblem
from tests.test_books import LEDGER

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("text", "month"),
    [("2025-03", Month(2025, 3)), (" 2024-12 ", Month(2024, 12)), ("2025-3", Month(2025, 3))],
)
def test_parse(text: str, month: Month) -> None:
    assert Month.parse(text) == month
    assert str(Month.parse(text)) == f"{month.year}-{month.month:02d}"


@pytest.mark.parametrize("text", ["2025-13", "2025-00", "2025/03", "3月", "202503", "", "1899-01"])
def test_anything_else_is_refused_in_chinese(text: str) -> None:
    with pytest.raises(BadMonth, match=r"--month 应为 YYYY-MM，如 2025-03，实为") as caught:
        Month.parse(text, "--month")
    assert isinstance(caught.value, UserProblem) and isinstance(caught.value, ValueError)


def test_ends_and_order() -> None:
    assert Month(2024, 2).end == datetime.date(2024, 2, 29)  # leap year
    assert Month(2025, 2).end == datetime.date(2025, 2, 28)
    assert Month(2025, 12).next() == Month(2026, 1)
    assert Month(2026, 1).previous() == Month(2025, 12)
    assert Month.of(datetime.date(2025, 7, 31)) == (2025, 7)  # still a (year, month) pair
    assert month_end(datetime.date(2025, 4, 2)) == datetime.date(2025, 4, 30)
    assert Month(2024, 12) < Month(2025, 1)


def test_one_month_end_and_one_month_parser_in_the_source() -> None:
    """The helpers this module replaced do not come back."""
    sources = [p for top in ("ghfund", "reports", "plugins") for p in (ROOT / top).rglob("*.py")]
    defining = [
        str(p.relative_to(ROOT))
        for p in sources
        if re.search(r"^def (month_end|parse_month|_month|month_text)\(", p.read_text(), re.M)
    ]
    # payroll's cell reader reads a month the way spreadsheets write it (2025年2月, a date):
    # data in a file, not a month a user names on the command line or in Fava
    assert sorted(defining) == ["ghfund/importers/payroll.py", "ghfund/month.py"], defining


def _trial(path: Path, *period: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["books", "trial", str(path), *period, "--format", "json"])
    return result.exit_code, result.stdout, result.stderr


def test_books_trial_takes_yyyy_mm(tmp_path: Path) -> None:
    path = tmp_path / "book.beancount"
    path.write_text(LEDGER, encoding="utf-8")
    code, out, _ = _trial(path, "--month", "2025-01")
    assert code == 0
    document = json.loads(out)
    assert document["title"] == "科目余额表（2025年1月）"
    total = document["tables"]["trial_balance"]["rows"][-1]
    assert Decimal(total["debit"]) == Decimal("1320.00")
    assert _trial(path, "--year", "2025", "--month", "2025-01")[1] == out
    code, _, err = _trial(path, "--month", "1")
    assert code == 2 and "--month 应为 YYYY-MM，如 2025-03，实为 “1”" in err
    code, _, err = _trial(path, "--year", "2024", "--month", "2025-01")
    assert code == 2 and "不在 --year 2024 内" in err
    code, _, err = _trial(path)
    assert code == 2 and "请用 --year 指定年度" in err


def test_books_vouchers_takes_yyyy_mm(tmp_path: Path) -> None:
    path = tmp_path / "book.beancount"
    path.write_text(LEDGER, encoding="utf-8")
    runner = CliRunner()
    by_month = runner.invoke(cli, ["books", "vouchers", str(path), "--month", "2025-01"])
    assert by_month.exit_code == 0, by_month.stderr
    whole = runner.invoke(cli, ["books", "vouchers", str(path), "--year", "2025"])
    assert by_month.stdout and by_month.stdout != whole.stdout
    assert by_month.stdout.startswith("2025年1月记账凭证")
    assert "2025年1月5日" in by_month.stdout and "2025年3月" not in by_month.stdout
