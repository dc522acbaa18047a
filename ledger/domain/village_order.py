"""The order a village reads its groups and grids in: 第一村民小组, 第二…, 第十…; 1号楼, 2号楼,
10号楼 — numbers, in Chinese numerals or in digits, by their value, the rest as text. (A
database orders 一, 三, 二 by code point, and 10 before 2.)"""

from __future__ import annotations

import re

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMBER = re.compile(r"[0-9]+|[零〇一二两三四五六七八九十百千]+")


def chinese_number(text: str) -> int:
    """十二 → 12, 二十 → 20, 一百零五 → 105, 三 → 3; a run of digits alone (二〇二六) → 2026."""
    if not any(character in _UNITS for character in text):
        value = 0
        for character in text:
            value = value * 10 + _DIGITS[character]
        return value
    total, digit = 0, 0
    for character in text:
        if character in _UNITS:
            total += (digit or 1) * _UNITS[character]
            digit = 0
        else:
            digit = _DIGITS[character]
    return total + digit


def village_order(name: str) -> tuple[tuple[int, int, str], ...]:
    """A sort key: the name's parts in turn, a number by its value before any text."""
    parts: list[tuple[int, int, str]] = []
    position = 0
    for match in _NUMBER.finditer(name):
        if match.start() > position:
            parts.append((1, 0, name[position : match.start()]))
        run = match.group()
        parts.append((0, int(run) if run.isdigit() else chinese_number(run), ""))
        position = match.end()
    if position < len(name):
        parts.append((1, 0, name[position:]))
    return tuple(parts)
