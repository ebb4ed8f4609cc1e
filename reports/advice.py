"""The wording the audit committee is offered for its findings: one 审计建议 per rule.

These are proposals (the drafts mark them for the committee to edit), grouped by what the
rules are about; a rule without its own sentence gets one built from its requirement in
the catalogue, so a new rule is never left without a suggestion.
"""

from __future__ import annotations

from ghfund.plugins.all import DESCRIPTIONS

_BY_TOPIC: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        ("voucher-missing", "voucher-duplicate", "voucher-gap", "account-code"),
        "规范会计基础工作，凭证连续编号、不重不漏，科目按《工会会计制度》设置和使用。",
    ),
    (
        ("allocation-short", "allocation-split", "payroll-missing"),
        "加强与行政方的沟通，按月足额拨缴工会经费，按留成比例分别入账，按月登记工资总额。",
    ),
    (
        ("remittance-late", "remittance-as-expense"),
        "按规定的期限和比例足额上解上级工会经费，上解款项通过应付上级经费核算，不列支出。",
    ),
    (("dues-short",), "按会员工资收入的 0.5% 足额收缴会费，定期核对会费缴纳基数。"),
    (
        (
            "budget-missing",
            "budget-unapproved",
            "budget-deficit",
            "budget-unbudgeted",
            "budget-overrun",
            "budget-retroactive",
        ),
        "严格执行经批准的预算，坚持量入为出、收支平衡；确需调整的，先按程序报批调整预算，"
        "不在预算外或超预算列支。",
    ),
    (("fund-overspent",), "专项资金专款专用、单独核算，支出不超过到位资金。"),
    (
        ("gift-cap", "gift-form", "gift-headcount"),
        "严格执行慰问品发放标准和范围，不发放现金、购物卡、代金券，按实际会员人数发放。",
    ),
    (
        ("large-no-decision", "large-split"),
        "大额支出严格执行集体决策制度，留存会议纪要，不拆分支出规避集体决策。",
    ),
    (("cash-limit", "cash-payment"), "加强现金管理，库存现金不超过限额，大额支付通过银行转账。"),
    (
        ("capital-no-asset", "asset-uncapitalized", "depreciation-missing"),
        "购置固定资产及时登记入账并按月计提折旧，做到账卡相符、账实相符。",
    ),
    (
        ("departure-audit-missing", "departure-audit-scope"),
        "按规定在任职人员离任时及时开展离任经济责任审计，审计范围覆盖整个任期。",
    ),
    (
        ("bank-unreconciled", "cash-uncounted"),
        "每月与银行对账单核对银行存款、月末盘点库存现金，并在账上记录核对结果。",
    ),
    (("asset-count-missing",), "每年对固定资产进行清查盘点，做到账实相符。"),
    (
        ("attachments-missing", "self-review", "duty-conflict"),
        "凭证附齐原始单据并经他人审核，会计、出纳等不相容岗位分设。",
    ),
    (
        ("receivable-stale", "suspense-open"),
        "及时清理往来款项和暂记款项，长期挂账的查明原因，按规定处理。",
    ),
    (
        ("eight-bans",),
        "严格执行工会经费使用“八不准”，不用工会经费发放奖金、补贴和购物卡，不组织公款吃喝。",
    ),
    (("period-changed",), "已结账期间的账目不得改动，确需更正的先经批准重新打开期间。"),
    (("bank-unconfirmed",), "及时确认银行流水的对方科目，按月完成银行对账。"),
    (
        ("rectification-overdue",),
        "对审计发现的问题落实整改责任，在整改期限内整改到位，并报经审会复查销号。",
    ),
)

SUGGESTIONS: dict[str, str] = {rule: text for rules, text in _BY_TOPIC for rule in rules}


def suggestion(rule: str) -> str:
    """The proposed 审计建议 for the findings of ``rule``."""
    known = SUGGESTIONS.get(rule)
    if known:
        return known
    requirement = DESCRIPTIONS.get(rule, "").rstrip("。")
    if not requirement:
        return "查明原因，限期整改。"
    return f"严格执行“{requirement}”的要求，查明原因，限期整改。"
