"""The one base of every error a user sees: ``UserProblem``, its text a Chinese message.

A bad input anywhere below the command line or Fava raises a subclass (``LedgerError``,
``NoData``, an importer's ``…Problem``, ``writing.Refusal``, ``month.BadMonth`` …) whose
``str()`` says in Chinese what is wrong, where (file, line, row, cell) and how to fix it.
The CLI answers it once (``ghfund.cli.Ghfund.main``: the message on stderr, exit 2) and Fava
once (the pages' guard, ``ghfund.fava.page``), so a command only catches one when it really
answers differently.
"""

from __future__ import annotations


class UserProblem(Exception):
    """An error the user must fix; ``str(problem)`` is the Chinese message shown to them."""
