"""Every ghfund rule as one Beancount plugin: ``plugin "ghfund.plugins.all"``.

The plugin runs each rule over the book once, applies the audit committee's
acknowledgments (``ghfund-ack``) and returns the open findings as errors, so
``bean-check``, Fava's error page and ``ghfund check`` show the same things.
Entries pass through unchanged.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from beancount.core import data

from ghfund.book import Book
from ghfund.errors import GhfundError
from ghfund.findings import Findings, dispose, publish
from ghfund.plugins import (
    accounts,
    audit,
    budget,
    contract,
    control,
    funding,
    spending,
    vouchers,
)
from ghfund.rules import Rule

__plugins__ = ("check_all",)

RULES: tuple[Rule, ...] = (
    *contract.RULES,
    *accounts.RULES,
    *vouchers.RULES,
    *funding.RULES,
    *budget.RULES,
    *spending.RULES,
    *control.RULES,
    *audit.RULES,
)

ACK_RULE = Rule("ack-unmatched", "每条 ghfund-ack 处理记录都对应一个实际的发现", lambda book: ())


class RuleFailedError(GhfundError):
    """A rule that raised: a bug in ghfund, never a finding about the book."""

    rule = "rule-failed"


def run(book: Book, rules: tuple[Rule, ...] = RULES) -> Findings:
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
                f"规则 {rule.name} 运行出错，它的检查结果缺失（{type(error).__name__}: {error}）；"
                "请把这条信息和账本的相关部分报告给 ghfund 的开发者"
            )
            errors.append(
                RuleFailedError({"filename": "<ghfund>", "lineno": 0}, message, None, rule.name)
            )
    return dispose(errors, book.directives.acks, (rule.name for rule in rules))


def check_all(
    entries: list[data.Directive], options_map: dict[str, Any]
) -> tuple[list[data.Directive], list[GhfundError]]:
    book = Book(entries, options_map)
    findings = run(book)
    publish(book, findings)
    return entries, [labelled(error) for error in findings.open]


def labelled(error: GhfundError) -> GhfundError:
    """The error as bean-check and Fava's error page show it: class and rule name first.

    Fava's error page shows only the source and the message, so the message names the
    error class (what STYLE.md promises Fava shows) and the rule (what ``--rule`` and
    ``ghfund-ack`` take). ghfund's own outputs group by rule and keep the plain message.
    """
    return dataclasses.replace(
        error, message=f"{type(error).__name__} [{error.rule}] {error.message}"
    )
