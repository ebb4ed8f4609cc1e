"""One base for every error a user sees (``ghfund.problems.UserProblem``), answered once by
the CLI (message on stderr, exit 2) and once by the Fava pages' guard."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from ghfund.cli import cli
from ghfund.fava.views import problem_text
from ghfund.problems import UserProblem

ROOT = Path(__file__).resolve().parent.parent

# Every exception a user is told about: (module, class).
USER_PROBLEMS = (
    ("ghfund.booklock", "Refusal"),
    ("ghfund.carry_forward", "CarryForwardProblem"),
    ("ghfund.chart", "AccountCodeProblem"),
    ("ghfund.custom", "ValueProblem"),
    ("ghfund.depreciate", "DepreciationProblem"),
    ("ghfund.encoding", "ConversionProblem"),
    ("ghfund.files", "FileExistsProblem"),
    ("ghfund.importers.bank", "RulesProblem"),
    ("ghfund.importers.budget", "BudgetProblem"),
    ("ghfund.importers.codes", "CodeProblem"),
    ("ghfund.importers.codes", "MapProblem"),
    ("ghfund.importers.journal", "JournalProblem"),
    ("ghfund.importers.payroll", "PayrollFileProblem"),
    ("ghfund.importers.sheets", "CellProblem"),
    ("ghfund.importers.sheets", "SheetProblem"),
    ("ghfund.importers.statement", "StatementProblem"),
    ("ghfund.importers.trial", "TrialProblem"),
    ("ghfund.ledger", "LedgerError"),
    ("ghfund.money", "BadAmount"),
    ("ghfund.month", "BadMonth"),
    ("ghfund.reconcile", "AccountProblem"),
    ("ghfund.reports.departure", "TermProblem"),
    ("ghfund.reports.federation", "EngineProblem"),
    ("ghfund.reports.model", "NoData"),
    ("ghfund.reports.render", "RenderProblem"),
    ("ghfund.standards", "StandardsProblem"),
    ("ghfund.writing", "Changed"),
    ("ghfund.voucher", "Refused"),
)


@pytest.mark.parametrize(("module", "name"), USER_PROBLEMS)
def test_every_user_facing_error_is_a_user_problem(module: str, name: str) -> None:
    assert issubclass(getattr(importlib.import_module(module), name), UserProblem)


def test_no_other_exception_class_is_declared() -> None:
    """A new exception class in the source is either a UserProblem (listed above) or
    private (``_Bad``: caught and re-told with its row by its own module)."""
    listed = {name for _, name in USER_PROBLEMS} | {"UserProblem", "Busy"}
    found = set()
    for path in [p for top in ("ghfund", "reports", "plugins") for p in (ROOT / top).rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(b, ast.Name) and b.id in ("Exception", "ValueError") for b in node.bases
            ):
                found.add(node.name)
    assert found - listed <= {"_Bad"}, found - listed


def test_no_command_catches_a_problem_only_to_print_it() -> None:
    """``except SomeProblem as p: fail(str(p))`` is what the click group's main does for
    every command; a command catches one only to answer differently."""
    for path in (ROOT / "ghfund" / "cli").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ExceptHandler) and node.name and len(node.body) == 1:
                only = ast.unparse(node.body[0])
                assert only != f"fail(str({node.name}))", f"{path.name}:{node.lineno}"


def test_the_cli_answers_a_user_problem_once(tmp_path: Path) -> None:
    """A problem raised deep inside a command (here a ledger Beancount cannot read, and a
    statement file that is no spreadsheet) is one Chinese line on stderr and exit 2."""
    book = tmp_path / "main.beancount"
    book.write_bytes(b"\xff\xfe\x00garbage")
    result = CliRunner().invoke(cli, ["books", "trial", str(book), "--year", "2025"])
    assert result.exit_code == 2
    assert result.stderr.startswith("ghfund：") and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_fava_tells_a_user_problem_as_it_is_and_hides_a_fault() -> None:
    from ghfund.reports.model import NoData

    shown = problem_text("月度报表", NoData("账本中没有 2030年1月 的账"))
    assert shown == "无法生成“月度报表”页面：账本中没有 2030年1月 的账"
    hidden = problem_text("月度报表", KeyError("内部键"))
    assert "程序内部错误" in hidden and "内部键" not in hidden
