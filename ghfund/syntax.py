"""What a user's TOML file or regular expression gets wrong, in Chinese.

``tomllib`` and ``re`` explain their errors in English ("Expected '=' after a key in a
key/value pair (at line 1, column 3)", "nothing to repeat at position 0"). The rules
file of the bank import, the chart map of the voucher import and the standards tables
are written by treasurers: they get the place and what to do.
"""

from __future__ import annotations

import re
import tomllib

_AT = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*\Z")
_TOML = (
    ("Expected '=' after a key", "键的后面缺少“=”：每行写成 键 = 值"),
    ("Invalid statement", '这一行不是“键 = 值”：含中文的键要用英文双引号括起来，如 "401" = "402"'),
    ("Invalid initial character for a key", "键的写法不对：含中文或符号的键要用英文双引号括起来"),
    ("Invalid value", '值的写法不对：文字要用英文双引号括起来，如 "408"，数字直接写'),
    ("Unterminated string", "引号没有闭合：文字两边都要有英文双引号"),
    ("Illegal character '\\n'", "引号没有闭合：文字两边都要有英文双引号，且写在同一行"),
    ("Illegal character", "有不能出现在这里的字符（如中文引号“”或全角符号）：请改用英文双引号"),
    ("Cannot overwrite a value", "同一个键写了两次：删去其中一行"),
    ("Cannot declare", "同一个表写了两次：删去或合并其中一个"),
    ("Expected ']'", "表头的方括号没有闭合：写成 [accounts] 或 [[rule]]"),
    ("Unclosed array", "方括号 [ ] 没有闭合"),
    ("Unclosed inline table", "花括号 { } 没有闭合"),
)
_REGEX = (
    ("missing )", "括号“(”没有对应的“)”"),
    ("unbalanced parenthesis", "多了一个“)”"),
    ("nothing to repeat", "*、+、? 前面没有内容"),
    ("multiple repeat", "*、+、? 连写了"),
    ("unterminated character set", "方括号“[”没有对应的“]”"),
    ("bad escape", "反斜杠“\\”的用法不对"),
)


def toml_problem(error: tomllib.TOMLDecodeError) -> str:
    """Where the TOML text is wrong and how to write it (Chinese)."""
    text = str(error)
    place = _AT.search(text)
    if place and place[1]:
        where = f"第 {place[1]} 行第 {place[2]} 列"
    else:
        where = "文件末尾" if place else ""
    what = next((said for key, said in _TOML if text.startswith(key)), "格式有误（TOML 格式）")
    return f"{where}{'：' if where else ''}{what}"


def regex_problem(error: re.error) -> str:
    """What is wrong in a regular expression and how to match the characters themselves."""
    what = next((said for key, said in _REGEX if error.msg.startswith(key)), "写法有误")
    where = f"第 {error.pos + 1} 个字符处：" if error.pos is not None else ""
    return (
        f"{where}{what}；匹配式是正则表达式，要匹配 ( ) [ ] * + ? . \\ 这些符号本身，"
        "请在前面加反斜杠，如 \\(，或去掉它们"
    )
