"""docs/RULES.md is the rule catalogue's manual: every rule has its section, and each
section's example ledger fails with exactly its own rule."""

from __future__ import annotations

import re

import pytest

from ghfund.ledger import load_string
from ghfund.plugins.all import CATALOGUE
from tests.support import ROOT

TEXT = (ROOT / "docs" / "RULES.md").read_text(encoding="utf-8")
HEADING = re.compile(r"^## ([a-z][a-z-]+) — `(\w+)`$", re.MULTILINE)
EXAMPLE = re.compile(r"```beancount\n(.*?)```", re.DOTALL)

# rule-failed reports a bug in ghfund itself: no ledger can show it, by design.
NO_EXAMPLE = frozenset({"rule-failed"})


def sections() -> dict[str, tuple[str, str]]:
    """rule name -> (error class named in the heading, the section's text)."""
    found = list(HEADING.finditer(TEXT))
    result = {}
    for here, after in zip(found, [*found[1:], None], strict=True):
        end = after.start() if after else len(TEXT)
        result[here.group(1)] = (here.group(2), TEXT[here.end() : end])
    return result


def test_every_rule_has_its_section_with_its_class() -> None:
    documented = sections()
    for rule in CATALOGUE:
        assert rule.name in documented, f"docs/RULES.md has no section for {rule.name}"
        assert documented[rule.name][0] == rule.error.__name__, rule.name
    assert set(documented) == {rule.name for rule in CATALOGUE}, "a section names no rule"


@pytest.mark.parametrize("name", [rule.name for rule in CATALOGUE if rule.name not in NO_EXAMPLE])
def test_each_example_fails_with_exactly_its_own_rule(name: str) -> None:
    _, section = sections()[name]
    examples = EXAMPLE.findall(section)
    assert examples, f"the section of {name} has no ```beancount example"
    loaded = load_string(examples[0])
    assert not loaded.errors, [error.message for error in loaded.errors]
    rules = {error.rule for error in loaded.findings.open}
    assert rules == {name}, f"{name}'s example gives findings of {sorted(rules)}"
