"""The order people expect of household numbers: "2-015" before "10-001", "9" before "10"
(digits compare as numbers, the rest as text)."""

from __future__ import annotations

import re

_PARTS = re.compile(r"(\d+)")


def household_order(number: str) -> tuple[tuple[int, int | str], ...]:
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in _PARTS.split(number) if part != ""
    )
