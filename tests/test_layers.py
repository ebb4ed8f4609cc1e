"""The layers hold: the core (``ghfund/*.py`` and the rules in ``plugins/``) never imports a
report, an importer, the command line, Fava or the Dask runner; reports reach the rules
through the catalogue (``ghfund.plugins.all``), never a rule module.

``reports/federation.py`` (``ghfund.reports.federation``) is the Dask runner: it loads each
book and runs a report's reducer (``consolidate.summarize``) on workers, so it sits above the
reports, and only the command line imports it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ABOVE_CORE = (
    "ghfund.reports",  # ghfund.reports.federation, the runner, among them
    "ghfund.importers",
    "ghfund.cli",
    "ghfund.fava",
)
RUNNER = "ghfund.reports.federation"


def imported(path: Path) -> Iterator[str]:
    """Every module ``path`` imports, at any depth (lazy and TYPE_CHECKING imports too)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def _core() -> list[Path]:
    return [*(ROOT / "ghfund").glob("*.py"), *(ROOT / "plugins").glob("*.py")]


def test_the_core_imports_no_layer_above_it() -> None:
    crossing = sorted(
        f"{path.relative_to(ROOT)} → {name}"
        for path in _core()
        for name in imported(path)
        if name.startswith(ABOVE_CORE)
    )
    assert crossing == []


def test_only_the_command_line_imports_the_runner() -> None:
    """No core module, rule, report, importer or Fava page imports the runner, by any
    spelling (``from ghfund.reports import federation`` too); the command line does."""
    importers = sorted(
        str(path.relative_to(ROOT))
        for top in ("ghfund", "reports", "plugins")
        for path in (ROOT / top).rglob("*.py")
        if any(name.startswith(RUNNER) for name in imported(path))
    )
    assert importers and all(name.startswith("ghfund/cli/") for name in importers), importers


def test_reports_reach_rules_through_the_catalogue() -> None:
    crossing = {
        (path.name, ".".join(name.split(".")[:3]))  # the module: ghfund.plugins.<rule module>
        for path in (ROOT / "reports").rglob("*.py")
        for name in imported(path)
        if name.startswith("ghfund.plugins.")
    }
    assert crossing - {(p, "ghfund.plugins.all") for p, _ in crossing} == set()


def test_a_module_name_says_its_layer() -> None:
    """No two modules share a file name across the layers: the core keeps the noun
    (``ghfund/funding.py``); a rule module, a report, a command and a page on the same topic
    say their layer (``plugins/funding_rules.py``, ``reports/funding_report.py``,
    ``ghfund/cli/reconcile_command.py``, ``ghfund/fava/budget_page.py``)."""
    seen: dict[str, list[str]] = {}
    for top in ("ghfund", "reports", "plugins"):
        for path in (ROOT / top).rglob("*.py"):
            if path.name != "__init__.py":
                seen.setdefault(path.name, []).append(str(path.relative_to(ROOT)))
    assert {name: paths for name, paths in seen.items() if len(paths) > 1} == {}


def test_every_command_module_is_named_for_its_command() -> None:
    modules = {p.stem for p in (ROOT / "ghfund" / "cli").glob("*.py")} - {"__init__", "common"}
    assert sorted(m for m in modules if not m.endswith("_command")) == []
