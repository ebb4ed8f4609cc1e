"""Officers' terms and the departure-audit rules, at their edges."""

from __future__ import annotations

import datetime
import textwrap

from ghfund import terms
from ghfund.book import Book
from ghfund.directives import DirectiveInvalidError
from ghfund.ledger import load_string
from ghfund.plugins.audit_rules import (
    DepartureAuditMissingError,
    DepartureAuditScopeError,
    check_departure_audit_scopes,
    check_departure_audits_done,
)
from ghfund.plugins.contract import check_directives_valid

d = datetime.date

OPENING = """
option "operating_currency" "CNY"
2022-12-31 open Assets:102-银行存款
2022-12-31 open Equity:322-工会资金结余
2022-12-31 * "期初余额"
  voucher: "期初"
  Assets:102-银行存款  1000.00 CNY
  Equity:322-工会资金结余
"""


def book_of(text: str) -> Book:
    return load_string(OPENING + textwrap.dedent(text)).book


def spans(book: Book) -> list[tuple[str, str, datetime.date, datetime.date | None, bool]]:
    return [(t.person, t.role, t.start, t.end, t.start_known) for t in terms.of_book(book).terms]


def test_terms_from_officer_directives() -> None:
    book = book_of(
        """
        2023-01-01 custom "ghfund-officer" "张三" "主席"
        2023-01-01 custom "ghfund-officer" "王五" "财务负责人"
        2024-03-31 custom "ghfund-officer-end" "赵六" "主席"
        2024-06-01 custom "ghfund-officer" "张三" "主席"
        2025-06-30 custom "ghfund-officer-end" "张三" "主席"
        2025-06-15 custom "ghfund-officer" "李四" "主席"
        2025-06-01 custom "ghfund-officer" "张三" "工会委员"
        """
    )
    assert spans(book) == [
        ("张三", "主席", d(2023, 1, 1), d(2025, 6, 30), True),  # re-elected 2024-06-01: one term
        ("王五", "财务负责人", d(2023, 1, 1), None, True),  # still in office
        ("赵六", "主席", d(2023, 1, 1), d(2024, 3, 31), False),  # began before the book
        ("张三", "工会委员", d(2025, 6, 1), None, True),  # a second role: a second term
        ("李四", "主席", d(2025, 6, 15), None, True),  # overlaps 张三's last two weeks
    ]
    (chair,) = terms.of_book(book).of("张三", "主席")
    assert [entry.date for entry in chair.restarts] == [d(2024, 6, 1)]
    assert chair.key == "张三/主席/2025-06-30"
    assert check_directives_valid(book) == ()


def test_a_term_ended_twice_is_a_directive_error_and_the_first_end_counts() -> None:
    book = book_of(
        """
        2023-01-01 custom "ghfund-officer" "张三" "主席"
        2025-06-30 custom "ghfund-officer-end" "张三" "主席"
        2025-07-15 custom "ghfund-officer-end" "张三" "主席"
        """
    )
    assert spans(book) == [("张三", "主席", d(2023, 1, 1), d(2025, 6, 30), True)]
    (error,) = check_directives_valid(book)
    assert isinstance(error, DirectiveInvalidError)
    assert error.entry.date == d(2025, 7, 15) and "已于 2025-06-30 结束" in error.message


def test_an_end_before_the_book_starts_is_a_term_of_one_known_day() -> None:
    book = book_of('2022-06-30 custom "ghfund-officer-end" "赵六" "主席"\n')
    assert spans(book) == [("赵六", "主席", d(2022, 6, 30), d(2022, 6, 30), False)]


CHAIR = """
2023-01-01 custom "ghfund-officer" "张三" "主席"
2025-06-30 custom "ghfund-officer-end" "张三" "主席"
"""


def missing(text: str) -> list[tuple[str, str]]:
    errors = check_departure_audits_done(book_of(CHAIR + textwrap.dedent(text)))
    assert all(isinstance(e, DepartureAuditMissingError) for e in errors)
    return [(e.key, e.message) for e in errors]


def test_missing_is_silent_until_the_deadline_has_passed() -> None:
    # 2025-06-30 + 90 days (the default) = 2025-09-28
    assert missing("2025-09-28 open Assets:101-库存现金\n") == []
    ((key, message),) = missing("2025-09-29 open Assets:101-库存现金\n")
    assert key == "张三/主席/2025-06-30"
    assert "离任审计期限为 2025-09-28（离任后 90 天）" in message
    assert "至账本最后日期 2025-09-29 没有离任审计" in message


def test_an_audit_on_the_deadline_day_is_in_time_one_day_later_is_late() -> None:
    on_time = '2025-09-28 custom "ghfund-audit" "departure" "张三" 2023-01-01 2025-06-30\n'
    assert missing(on_time + "2025-12-31 open Assets:101-库存现金\n") == []
    late = '2025-09-29 custom "ghfund-audit" "departure" "张三" 2023-01-01 2025-06-30\n'
    ((key, message),) = missing(late)
    assert key == "张三/主席/2025-06-30"
    assert "离任审计晚于期限：2025-09-29，范围 2023-01-01 至 2025-06-30，逾期 1 天" in message


def test_the_days_in_force_on_the_last_day_in_office_count() -> None:
    text = """
    2025-01-01 custom "ghfund-option" "departure-audit-days" 30
    2025-07-01 custom "ghfund-option" "departure-audit-days" 180
    2025-07-31 open Assets:101-库存现金
    """
    ((_, message),) = missing(text)
    assert "离任审计期限为 2025-07-30（离任后 30 天）" in message


def test_only_listed_roles_need_a_departure_audit() -> None:
    text = """
    2023-01-01 custom "ghfund-officer" "王五" "财务负责人"
    2024-06-30 custom "ghfund-officer-end" "王五" "财务负责人"
    2026-01-31 open Assets:101-库存现金
    """
    assert [key for key, _ in missing(text)] == ["张三/主席/2025-06-30"]  # default: 主席 only
    listed = '2023-01-01 custom "ghfund-option" "departure-audit-roles" "主席，财务负责人"\n'
    assert {key for key, _ in missing(listed + textwrap.dedent(text))} == {
        "王五/财务负责人/2024-06-30",
        "张三/主席/2025-06-30",
    }


def test_an_open_term_needs_no_audit_yet() -> None:
    book = book_of(
        """
        2023-01-01 custom "ghfund-officer" "张三" "主席"
        2030-01-01 open Assets:101-库存现金
        """
    )
    assert check_departure_audits_done(book) == []
    assert check_departure_audit_scopes(book) == []


def scope(text: str, base: str = CHAIR) -> list[tuple[str, str]]:
    errors = check_departure_audit_scopes(book_of(textwrap.dedent(base) + textwrap.dedent(text)))
    assert all(isinstance(e, DepartureAuditScopeError) for e in errors)
    return [(e.key, e.message) for e in errors]


def test_a_scope_covering_the_whole_term_is_clean() -> None:
    text = """
    2025-08-20 custom "ghfund-audit" "departure" "张三" 2023-01-01 2025-06-30
      report: "经审〔2025〕3号"
    """
    assert scope(text) == []
    wider = '2025-08-20 custom "ghfund-audit" "departure" "张三" 2022-01-01 2025-06-30\n'
    assert scope(wider) == []


def test_a_scope_one_day_short_at_either_end_names_the_day() -> None:
    late_start = """
    2025-08-20 custom "ghfund-audit" "departure" "张三" 2023-01-02 2025-06-30
      report: "经审〔2025〕3号"
    """
    ((key, message),) = scope(late_start)
    assert key == "张三/主席/2025-06-30"
    assert "没有覆盖：2023-01-01 至 2023-01-01。" in message
    assert "2025-08-20 经审〔2025〕3号，范围 2023-01-02 至 2025-06-30" in message
    early_end = '2025-08-20 custom "ghfund-audit" "departure" "张三" 2023-01-01 2025-06-29\n'
    ((_, message),) = scope(early_end)
    assert "没有覆盖：2025-06-30 至 2025-06-30。" in message


def test_several_gaps_and_several_audits_together() -> None:
    text = """
    2025-08-20 custom "ghfund-audit" "departure" "张三" 2023-04-01 2023-12-31
    2025-08-21 custom "ghfund-audit" "departure" "张三" 2024-03-01 2025-05-31
    """
    ((_, message),) = scope(text)
    assert (
        "没有覆盖：2023-01-01 至 2023-03-31、2024-01-01 至 2024-02-29、2025-06-01 至 2025-06-30"
        in message
    )
    together = """
    2025-08-20 custom "ghfund-audit" "departure" "张三" 2023-01-01 2023-12-31
    2025-08-21 custom "ghfund-audit" "departure" "张三" 2024-01-01 2025-06-30
    """
    assert scope(together) == []


def test_a_scope_ending_after_the_audit_date_is_wrong() -> None:
    text = '2025-08-20 custom "ghfund-audit" "departure" "张三" 2023-01-01 2025-08-31\n'
    ((key, message),) = scope(text)
    assert key == "张三/2025-08-20"
    assert "审计范围截止日 2025-08-31 晚于审计日期 2025-08-20" in message


def test_an_audit_for_no_term() -> None:
    typo = '2025-08-20 custom "ghfund-audit" "departure" "张叁" 2023-01-01 2025-06-30\n'
    ((key, message),) = scope(typo)
    assert key == "张叁/2025-08-20" and "账本中没有张叁的任职记录" in message
    early = '2025-06-20 custom "ghfund-audit" "departure" "张三" 2023-01-01 2025-06-20\n'
    ((key, message),) = scope(early)
    assert key == "张三/2025-06-20"
    assert "审计日期 2025-06-20 时张三尚未离任（主席 2023-01-01 至 2025-06-30）" in message
    elsewhere = '2025-08-20 custom "ghfund-audit" "departure" "张三" 2013-01-01 2015-06-30\n'
    ((key, message),) = scope(elsewhere)
    assert key == "张三/2025-08-20"
    assert "审计范围与其任期（主席 2023-01-01 至 2025-06-30）没有重叠" in message


def test_two_terms_of_one_person_are_audited_apart() -> None:
    base = """
    2023-01-01 custom "ghfund-officer" "张三" "主席"
    2023-06-30 custom "ghfund-officer-end" "张三" "主席"
    2024-01-01 custom "ghfund-officer" "张三" "主席"
    2025-06-30 custom "ghfund-officer-end" "张三" "主席"
    2025-12-31 open Assets:101-库存现金
    """
    second_only = '2025-08-20 custom "ghfund-audit" "departure" "张三" 2024-01-01 2025-06-30\n'
    assert scope(second_only, base) == []
    book = book_of(textwrap.dedent(base) + second_only)
    (error,) = check_departure_audits_done(book)
    assert error.key == "张三/主席/2023-06-30"
    both = """
    2023-08-20 custom "ghfund-audit" "departure" "张三" 2023-01-01 2023-06-30
    2025-08-20 custom "ghfund-audit" "departure" "张三" 2024-01-01 2025-06-30
    """
    assert check_departure_audits_done(book_of(textwrap.dedent(base + both))) == []
    assert scope(both, base) == []


def test_a_term_without_a_recorded_start_is_audited_from_the_book_s_first_day() -> None:
    base = '2024-03-31 custom "ghfund-officer-end" "赵六" "主席"\n'
    whole = '2024-05-20 custom "ghfund-audit" "departure" "赵六" 2023-01-01 2024-03-31\n'
    assert scope(whole, base) == []
    short = '2024-05-20 custom "ghfund-audit" "departure" "赵六" 2023-02-01 2024-03-31\n'
    ((key, message),) = scope(short, base)
    assert key == "赵六/主席/2024-03-31"
    assert "任期开始日没有记录，按账本起始日计" in message
    assert "没有覆盖：2023-01-01 至 2023-01-31。" in message


def test_term_and_annual_audits_are_no_departure_audits() -> None:
    text = """
    2025-08-20 custom "ghfund-audit" "term" "张三" 2023-01-01 2025-06-30
    2025-08-20 custom "ghfund-audit" "annual" "" 2024-01-01 2024-12-31
    2025-12-31 open Assets:101-库存现金
    """
    assert [key for key, _ in missing(text)] == ["张三/主席/2025-06-30"]
    assert scope(text) == []


def test_findings_are_acknowledged_by_their_keys() -> None:
    text = """
    2025-10-08 custom "ghfund-audit" "departure" "张三" 2023-04-01 2025-10-31
    2025-11-01 custom "ghfund-ack" "departure-audit-missing" "张三/主席/2025-06-30"
      ref: "经审会〔2025〕6号"
    2025-11-01 custom "ghfund-ack" "departure-audit-scope" "张三/主席/2025-06-30"
      ref: "经审会〔2025〕6号"
    """
    loaded = load_string(OPENING + textwrap.dedent(CHAIR) + textwrap.dedent(text))
    found = loaded.findings.only(["departure-audit-missing", "departure-audit-scope"])
    assert [e.key for e, _ in found.acknowledged] == [
        "张三/主席/2025-06-30",
        "张三/主席/2025-06-30",
    ]
    # the scope reaching past the audit's own date is a problem of the directive: its own key
    assert [e.key for e in found.open] == ["张三/2025-10-08"]
