"""Every ghfund rule as one Beancount plugin: ``plugin "ghfund.plugins.all"``; and the
rule catalogue.

The plugin runs each rule over the book once, applies the audit committee's
acknowledgments (``ghfund-ack``) and returns the open findings as errors, so
``bean-check``, Fava's error page and ``ghfund check`` show the same things.
Entries pass through unchanged.

``CATALOGUE`` is every rule ghfund can report, in the order ``ghfund rules`` lists
them: the checks, then ``ack-unmatched`` (raised while acknowledgments are applied)
and ``rule-failed`` (raised when a check itself fails).
"""

from __future__ import annotations

from ghfund.book import Book
from ghfund.findings import AckUnmatchedError, Findings
from ghfund.plugins import (
    accounts,
    asset_rules,
    audit_rules,
    bank_rules,
    bans,
    budget_rules,
    budget_years,
    contract,
    control,
    depreciation,
    duties,
    evidence_rules,
    funding_rules,
    funds,
    open_items,
    payroll_rules,
    period_rules,
    rectification_rules,
    spending,
    splitting,
    voucher_rules,
)
from ghfund.rules import Rule, RuleFailedError, plugin
from ghfund.rules import run as run_rules

RULES: tuple[Rule, ...] = (
    *contract.RULES,
    *accounts.RULES,
    *voucher_rules.RULES,
    *funding_rules.RULES,
    *budget_years.RULES,
    *payroll_rules.RULES,
    *budget_rules.RULES,
    *funds.RULES,
    *spending.RULES,
    *control.RULES,
    *asset_rules.RULES,
    *splitting.RULES,
    *audit_rules.RULES,
    *depreciation.RULES,
    *period_rules.RULES,
    *bank_rules.RULES,
    *evidence_rules.RULES,
    *open_items.RULES,
    *duties.RULES,
    *bans.RULES,
    *rectification_rules.RULES,
)

CATALOGUE: tuple[Rule, ...] = (
    *RULES,
    Rule(AckUnmatchedError, "每条 ghfund-ack 处理记录都对应一个实际的发现", lambda book: ()),
    Rule(
        RuleFailedError,
        "ghfund 的每条规则都正常运行（出现即为 ghfund 自身的缺陷，请报告）",
        lambda book: (),
    ),
)

BEANCOUNT = "beancount"  # the name ghfund's listings give Beancount's own errors
BEANCOUNT_DESCRIPTION = "账本能被 Beancount 正确读取（语法、科目开设、借贷平衡、余额断言）"

DESCRIPTIONS: dict[str, str] = {
    **{rule.name: rule.description for rule in CATALOGUE},
    BEANCOUNT: BEANCOUNT_DESCRIPTION,
}


def run(book: Book, rules: tuple[Rule, ...] = RULES) -> Findings:
    """Every rule (or ``rules``) over ``book``, with the book's acknowledgments applied."""
    return run_rules(book, rules)


check_all = plugin(RULES, publishes=True)

__plugins__ = (check_all,)


# The rules a report answers for, by topic: reports reach rules here, never a rule module.
TOPICS: dict[str, tuple[str, ...]] = {
    "budget": tuple(rule.name for rule in (*budget_years.RULES, *budget_rules.RULES)),
    "funding": tuple(rule.name for rule in funding_rules.RULES),
    "departure-audit": tuple(rule.name for rule in audit_rules.RULES),
}
