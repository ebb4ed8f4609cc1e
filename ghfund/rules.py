"""What a rule is, and how rules run: a stable name, an error class, a one-line requirement
and a pure check over a Book.

The catalogue of every rule is ``ghfund.plugins.all.CATALOGUE``; ``ghfund rules``,
``ghfund check``, the reports' findings tables and Fava read it. Each topic module
under ``ghfund.plugins`` holds the rules of one topic in a ``RULES`` tuple and is a
Beancount plugin for them alone (``topic_plugin``); ``ghfund.plugins.all`` runs
them all.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from beancount.core import data

from ghfund.book import Book
from ghfund.collector import collector_paused
from ghfund.errors import GhfundError
from ghfund.findings import Findings, dispose, publish

Check = Callable[[Book], Sequence[GhfundError]]
Kind = Literal["structural", "compliance"]

ALL_PLUGIN = "ghfund.plugins.all"


@dataclass(frozen=True)
class Rule:
    error: type[GhfundError]  # the rule's own error class; ``error.rule`` is its public name
    description: str  # one line, Chinese: what must hold
    check: Check
    structural: bool = False  # structural rules make the book invalid; others are findings

    @property
    def name(self) -> str:
        """Public, kebab-case: the CLI filter, JSON output and ghfund-ack name it."""
        return self.error.rule

    @property
    def kind(self) -> Kind:
        return "structural" if self.structural else "compliance"

    def __call__(self, book: Book) -> Sequence[GhfundError]:
        return self.check(book)


class RuleFailedError(GhfundError):
    """A rule that raised: a bug in ghfund, never a finding about the book."""

    rule = "rule-failed"


def run(book: Book, rules: Sequence[Rule]) -> Findings:
    """Run ``rules`` over ``book`` and dispose of the findings with the book's acks.

    A rule that raises is reported as ``rule-failed`` and the others still run: one bug
    must not replace every finding with Beancount's "Error applying plugin" traceback.
    """
    errors: list[GhfundError] = []
    for rule in rules:
        try:
            errors.extend(rule(book))
        except Exception as error:  # isolate a faulty rule and report it
            message = (
                f"规则 {rule.name} 运行出错，它的检查结果缺失；请先用 ghfund check 改正账本的其他错误"
                "（如位数极多的金额），仍出错时请把这条信息和账本的相关部分报告给 ghfund 的开发者"
            )
            # the exception itself is for developers: kept in the source, not in the message
            source = {"filename": "<ghfund>", "lineno": 0, "exception": repr(error)}
            errors.append(RuleFailedError(source, message, None, rule.name))
    return dispose(errors, book, (rule.name for rule in rules))


def labelled(error: GhfundError) -> GhfundError:
    """The error as bean-check and Fava's error page show it: class and rule name first.

    Fava's error page shows only the source and the message, so the message names the
    error class (what Fava's error page shows, docs/RULES.md) and the rule (what ``--rule`` and
    ``ghfund-ack`` take). ghfund's own outputs group by rule and keep the plain message.
    """
    return dataclasses.replace(
        error, message=f"{type(error).__name__} [{error.rule}] {error.message}"
    )


Plugin = Callable[
    [list[data.Directive], dict[str, Any]], tuple[list[data.Directive], list[GhfundError]]
]


def plugin(rules: Sequence[Rule], publishes: bool = False) -> Plugin:
    """A Beancount plugin running ``rules``: their open findings become Beancount errors;
    entries pass through unchanged. ``publishes``: hand the whole Findings to an active
    ``ghfund.findings.capture()`` (only the plugin that runs every rule does)."""

    def check(
        entries: list[data.Directive], options_map: dict[str, Any]
    ) -> tuple[list[data.Directive], list[GhfundError]]:
        # The rules make short-lived objects only, but their allocations can start a full
        # collection walking the whole book (at 10k transactions ~0.1 s, half the rules' time).
        with collector_paused():
            book = Book(entries, options_map)
            findings = run(book, rules)
            if publishes:
                publish(book, findings)
            return entries, [labelled(error) for error in findings.open]

    return check


def topic_plugin(rules: Sequence[Rule]) -> Plugin:
    """The plugin of one topic module (``plugin "ghfund.plugins.budget_rules"``): its own rules
    only, and nothing when the book enables ``ghfund.plugins.all`` too (which runs them)."""
    own = plugin(rules)

    def check(
        entries: list[data.Directive], options_map: dict[str, Any]
    ) -> tuple[list[data.Directive], list[GhfundError]]:
        if any(name == ALL_PLUGIN for name, _ in options_map.get("plugin", [])):
            return entries, []
        return own(entries, options_map)

    return check
