"""The example book's departure audit of 张三 and its 2024 annual review: golden files."""

from __future__ import annotations

import io

import pytest

from ghfund.ledger import Loaded
from ghfund.reports import departure, review
from ghfund.reports.model import Report
from ghfund.reports.render import FORMATS
from tests.conftest import ROOT
from tests.test_annual import SUFFIX, as_golden

GOLDEN = ROOT / "tests" / "golden" / "audit"


def check(report: Report, fmt: str, name: str, update: bool) -> None:
    out = io.BytesIO()
    FORMATS[fmt](report, out)
    actual = as_golden(out.getvalue(), fmt)
    path = GOLDEN / f"{name}.{SUFFIX[fmt]}"
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
    assert actual == path.read_bytes().decode("utf-8")


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_departure_golden(example: Loaded, fmt: str, update_golden: bool) -> None:
    check(departure.report(example, "张三"), fmt, "officer", update_golden)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_review_golden(example: Loaded, fmt: str, update_golden: bool) -> None:
    check(review.report(example, 2024), fmt, "year-2024", update_golden)


def test_the_example_departure_audit_is_clean(example: Loaded) -> None:
    report = departure.report(example, "张三", "主席")
    assert report.problems == ()
    scope = {row["item"]: row["value"] for row in report.table("scope").records()}
    assert scope["审计范围"] == "覆盖整个任期"
    assert "按期" in str(scope["离任审计"]) and "经审〔2025〕3号" in str(scope["离任审计"])
    assert example.findings.only(["departure-audit-missing", "departure-audit-scope"]).open == ()
    assert review.report(example, 2024).problems == ()
