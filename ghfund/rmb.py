"""Amounts in Chinese capitals (人民币大写), as vouchers and cheques print them.

The rules of 《正确填写票据和结算凭证的基本规定》: 壹贰叁…玖, 拾佰仟万亿; one 零 for a
run of zeros inside the number; 元 then 整 when there are no 角 and 分 (and after 角
when there are no 分); 零 before 分 when 角 is zero; ``壹拾`` for ten.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
UNITS = ("", "拾", "佰", "仟")
GROUPS = ("", "万", "亿", "万亿")


def capitals(amount: Decimal) -> str:
    """``Decimal("1350.00")`` → ``壹仟叁佰伍拾元整``; negative amounts start with 负.

    >>> capitals(Decimal("325.04"))
    '叁佰贰拾伍元零肆分'
    """
    cents = int((abs(amount) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    sign = "负" if amount < 0 and cents else ""
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    text = _integer(yuan) + "元" if yuan else ""
    if not jiao and not fen:
        return sign + (text or "零元") + "整"
    if jiao:
        text += DIGITS[jiao] + "角"
    elif text:
        text += "零"
    return sign + text + (DIGITS[fen] + "分" if fen else "整")


def _integer(number: int) -> str:
    """A positive whole number in capitals: 10010000 → 壹仟零壹万."""
    digits = str(number)
    if len(digits) > 4 * len(GROUPS):
        raise ValueError(f"amount too large for capitals: {number}")
    out, zero = "", False
    for index, char in enumerate(digits):
        position = len(digits) - 1 - index
        if char == "0":
            zero = True
        else:
            if zero and out:
                out += "零"
            zero = False
            out += DIGITS[int(char)] + UNITS[position % 4]
        if position % 4 == 0 and position:
            group = digits[max(0, index - 3) : index + 1]
            if int(group):
                out += GROUPS[position // 4]
    return out
