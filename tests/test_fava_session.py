"""What Fava's ghfund pages take from Fava's own load: the plugin's findings and Book, not a
second run of the rules; and reports from the results cache across restarts."""

from __future__ import annotations

import pytest
from fava.core import FavaLedger

from ghfund.fava.session import Session
from ghfund.ledger import default_ledger


def test_the_pages_take_the_plugins_findings_and_book(monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = FavaLedger(str(default_ledger()))
    from ghfund.plugins import all as ghfund_rules

    def never(*args: object) -> None:
        raise AssertionError("the rules ran a second time")

    monkeypatch.setattr(ghfund_rules, "run", never)
    session = Session(ledger)
    assert session.findings.open == ()  # taken from the load: run() would have raised
    assert session.book.transactions  # the plugin's Book, built while Fava loaded
