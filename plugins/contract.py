"""The ledger contract itself: ghfund options and custom directives are well-formed.

Both are parsed once (``Book.settings``, ``Book.directives``) with their errors
collected; these rules hand those errors on, so a bad option or directive is
reported at its own line instead of silently changing what other rules see.
"""

from __future__ import annotations

from collections.abc import Sequence

from ghfund import terms
from ghfund.book import Book
from ghfund.directives import DirectiveInvalidError
from ghfund.rules import Rule, topic_plugin
from ghfund.settings import SettingInvalidError


def check_settings_valid(book: Book) -> Sequence[SettingInvalidError]:
    """Every ``ghfund-option`` has a known name and a well-formed value; standards tables load."""
    return (*book.settings.errors, *book.standards.errors)


def check_directives_valid(book: Book) -> Sequence[DirectiveInvalidError]:
    """Every ghfund custom directive and yearly budget is well-formed; no term ends twice."""
    return (*book.directives.errors, *terms.of_book(book).errors)


RULES: tuple[Rule, ...] = (
    Rule(SettingInvalidError, "ghfund-option 设置项的名称与取值正确", check_settings_valid, True),
    Rule(
        DirectiveInvalidError, "ghfund 自定义指令与预算指令格式正确", check_directives_valid, True
    ),
)

__plugins__ = (topic_plugin(RULES),)
