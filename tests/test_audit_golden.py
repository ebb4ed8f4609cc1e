"""The example book's departure audit of 张三 and its 2024 annual review: golden files."""

from __future__ import annotations

import pytest

from ghfund.ledger import Loaded
from ghfund.reports import departure, review
from tests.support import SUFFIX, Golden


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_departure_golden(example: Loaded, fmt: str, golden: Golden) -> None:
    golden.report("audit/officer", departure.report(example, "张三"), fmt)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_review_golden(example: Loaded, fmt: str, golden: Golden) -> None:
    golden.report("audit/year-2024", review.report(example, 2024), fmt)


def test_the_example_departure_audit_is_clean(example: Loaded) -> None:
    report = departure.report(example, "张三", "主席")
    assert report.problems == ()
    scope = {row["item"]: row["value"] for row in report.table("scope").records()}
    assert scope["审计范围"] == "覆盖整个任期"
    assert "按期" in str(scope["离任审计"]) and "经审〔2025〕3号" in str(scope["离任审计"])
    assert example.findings.only(["departure-audit-missing", "departure-audit-scope"]).open == ()
    assert review.report(example, 2024).problems == ()
