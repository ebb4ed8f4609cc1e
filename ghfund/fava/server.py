"""Fava as ``ghfund serve`` starts it: Fava's own application, with Beancount's load failures
answered in Chinese.

Beancount's booking raises (``decimal.InvalidOperation``) on a number it cannot interpolate,
such as a 30-digit amount, before any extension runs: plain ``fava`` then answers HTTP 500.
Here the book is loaded before the server starts (a book that cannot load is refused with
its file and line), and a load that fails later, after an edit, is answered with the same
message (HTTP 422) instead of a server error, on every request until the line is fixed
(Fava itself would go on showing the previous load).
A save or upload refused by ``--read-only`` is said in Chinese, not in Werkzeug's English.
"""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Sequence
from pathlib import Path

from flask import Flask, Response, g, request

from ghfund.problems import UserProblem

log = logging.getLogger(__name__)

LOAD_FAILED = 422
READ_ONLY = (
    "这是以只读方式打开的账本（供经审会查看）：不能保存、上传或导入。"
    "需要修改的，请在会计自己的 Fava 中进行。"
)


def diagnosis(files: Sequence[str]) -> str:
    """Why Beancount could not load ``files``, in Chinese with the file and line."""
    from ghfund.ledger import LedgerError, load_file

    for name in files:
        try:
            load_file(name)
        except LedgerError as problem:
            return str(problem)
    return "Beancount 读取账本时意外中止；请用 ghfund check 检查账本"


def application(
    files: Sequence[str], *, read_only: bool = False, poll_watcher: bool = False
) -> Flask:
    """Fava's application for ``files``, loaded now; ``UserProblem`` (the file and line)
    when Beancount cannot load them."""
    from fava.application import create_app

    names = [str(Path(name).resolve()) for name in files]
    try:
        app = create_app(names, load=True, read_only=read_only, poll_watcher=poll_watcher)
    except ArithmeticError:
        raise UserProblem(diagnosis(names)) from None

    def refused(error: ArithmeticError) -> Response:
        log.warning("ghfund: Beancount could not load the book: %r", error)
        ledger = getattr(g, "ledger", None)
        if ledger is not None:  # look again on the next request: never show the old load
            ledger.watcher.last_checked = 0
        text = html.escape(diagnosis(names))
        body = (
            '<!doctype html><meta charset="utf-8"><title>账本无法读取</title>'
            f"<h1>账本无法读取</h1><p>{text}</p><p>改正后刷新本页即可。</p>"
        )
        return Response(body, status=LOAD_FAILED, mimetype="text/html")

    def refused_write(error: Exception) -> Response:
        if "/api/" in request.path:  # Fava's own pages show the JSON API's "error"
            return Response(
                json.dumps({"error": READ_ONLY}), status=401, mimetype="application/json"
            )
        body = f'<!doctype html><meta charset="utf-8"><title>只读</title><p>{READ_ONLY}</p>'
        return Response(body, status=401, mimetype="text/html")

    app.register_error_handler(ArithmeticError, refused)
    app.register_error_handler(401, refused_write)
    return app
