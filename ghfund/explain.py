"""Beancount's own errors, told in Chinese with the fix, the original kept for searching.

Beancount reports in English and, for a plugin that fails to import, with a
traceback. A treasurer sees one Chinese line that says what is wrong and what
to do; the first line of Beancount's text follows in parentheses.
"""

from __future__ import annotations

import re
from typing import Any

_EXPLANATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), text)
    for pattern, text in (
        (
            r"Invalid reference to unknown account '(?P<a>[^']+)'",
            "使用了未开设的科目 {a}：先用 open 指令开设该科目，或改正科目名",
        ),
        (
            r"Invalid reference to inactive account '(?P<a>[^']+)'",
            "科目 {a} 在该日期尚未开设或已关闭：检查 open/close 日期",
        ),
        (
            r"Unopened account (?P<a>\S+) is being closed",
            "关闭了从未开设的科目 {a}：删除该 close 指令",
        ),
        (r"Duplicate open directive for (?P<a>\S+)", "科目 {a} 重复开设：删除多余的 open 指令"),
        (
            r"Transaction does not balance: (?P<d>.*)",
            "借贷不平衡，差额 {d}：检查各过账行的金额与方向（借为正、贷为负）",
        ),
        (
            r"Balance failed for '(?P<a>[^']+)': expected (?P<e>.+?) != accumulated (?P<x>.+?) \(",
            "余额断言不符：{a} 应为 {e}，账面为 {x}；核对对账单，补记或改正交易",
        ),
        (
            r'File glob "(?P<f>[^"]+)" does not match any files',
            "include 的文件 {f} 不存在：检查文件名和路径（相对于主文件）",
        ),
        (
            r"Custom directive without values",
            "这条 custom 指令没有任何值，Beancount 的插件因此出错、账本未能完整处理：补全或删除这一行",
        ),
        (
            r'Duplicate filename parsed: "(?P<f>[^"]+)"',
            "文件 {f} 被 include 了不止一次（循环 include 或重复 include），已忽略这一次："
            "删除这一行 include",
        ),
        (
            r'Error importing "(?P<m>[^"]+)"',
            "无法加载插件 {m}：检查 plugin 行的模块名；ghfund 的插件是 ghfund.plugins.all，"
            "须先安装 ghfund（pip install -e .）",
        ),
        (r'Error applying plugin "(?P<m>[^"]+)"', "插件 {m} 运行出错：请把这条信息报告给插件作者"),
        (
            r"Invalid token: '(?P<t>.*)'",
            "无法识别的内容 “{t}”：检查该行的拼写、引号、日期格式，以及过账行是否缩进",
        ),
        (
            r"(?:month must be in|day is out of range|year \S+ is out of range)",
            "日期不存在（如 2025-13-45、2025-02-30）：改正该行的日期",
        ),
        (r"syntax error", "语法错误：检查该行的日期、引号、金额和缩进（过账行、元数据行须缩进）"),
        (r"does not exist", "文件不存在：检查路径"),
    )
)


def explain(error: Any) -> str:
    """One Chinese line for a Beancount error, with Beancount's first line after it."""
    original = str(error.message).strip().splitlines()[0] if error.message else ""
    original = original.split(": Traceback", 1)[0]  # a plugin's crash: its name is enough
    for pattern, text in _EXPLANATIONS:
        match = pattern.search(original)
        if match:
            return f"{text.format(**match.groupdict())}（Beancount：{original}）"
    return f"Beancount 报告的错误：{original}"
