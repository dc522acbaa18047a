"""Reading sheets as people make them: cells as clean text, and the header row found among
the first rows (a title row above, or a two-row header, is passed over)."""

from __future__ import annotations

import re
import unicodedata


def clean(value: object) -> str:
    """A cell as text: full-width digits and letters made plain (NFKC), spaces trimmed,
    whole numbers without '.0' (Excel stores 13800138000 as a number)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def _field_of(header: str, headers: dict[str, tuple[str, ...]]) -> str | None:
    compact = re.sub(r"\s+", "", header)
    for field, names in headers.items():
        if compact in names:
            return field
    return None


def find_header(
    rows: list[list[str]],
    headers: dict[str, tuple[str, ...]],
    required: tuple[str, ...],
    search_rows: int = 10,
) -> tuple[int, dict[str, int]] | None:
    """The header row (0-based) and each field's column: the best match among the first
    rows, or None when the required fields are not all there."""
    best: tuple[int, dict[str, int]] | None = None
    for index, row in enumerate(rows[:search_rows]):
        columns: dict[str, int] = {}
        for column, cell in enumerate(row):
            field = _field_of(cell, headers)
            if field is not None and field not in columns:
                columns[field] = column
        if best is None or len(columns) > len(best[1]):
            best = (index, columns)
    if best is None or not all(field in best[1] for field in required):
        return None
    return best
