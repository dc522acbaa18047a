"""The rule catalog as a sheet (the demo's rules.csv has this shape), checked row by row
into `ParsedSheet` entries."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ledger import limits
from ledger.domain.honours import HONOUR_RULE_PREFIX, is_honour_rule
from ledger.domain.sheet_import import ParsedSheet
from ledger.domain.spreadsheet import RowProblem, check_code, clean, data_rows, find_header
from ledger.messages import words

HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("编码", "编号", "code"),
    "name": ("名称", "事项", "积分事项", "name_zh", "name"),
    "name_en": ("英文名", "name_en"),
    "category": ("类别", "分类", "category"),
    "points": ("积分", "分值", "points"),
    "list": ("红黑榜", "榜单", "list"),
    "needs_publicity": ("需公示", "是否公示", "needs_publicity"),
    "needs_evidence": ("需证据", "需要证据", "needs_evidence"),
    "claimable": ("可申报", "村民可申报", "claimable"),
}
REQUIRED = ("code", "name", "points")
EXPORT_HEADERS = ("编码", "名称", "英文名", "类别", "积分", "红黑榜", "需公示", "需证据", "可申报")
_YES = {"true", "是", "yes", "y", "1", "需要", "✓"}
_NO = {"false", "否", "no", "n", "0", "不需要", ""}
_LISTS = {"red": "red", "红榜": "red", "红": "red", "black": "black", "黑榜": "black", "黑": "black", "": ""}


@dataclass(frozen=True, slots=True)
class RuleEntry:
    row: int
    code: str
    name: str
    name_en: str
    category: str
    points: int
    needs_publicity: bool
    needs_evidence: bool
    # Residents may claim it (村民申报); None when the sheet has no such column, so that an
    # older sheet imported again leaves the rules' choice as it is.
    claimable: bool | None = None


def parse(rows: list[list[object]]) -> ParsedSheet[RuleEntry]:
    text = [[clean(cell) for cell in row] for row in rows]
    header = find_header(text, HEADERS, REQUIRED)
    if header is None:
        missing = words(
            "找不到表头：需要 编码、名称、积分 这几列",
            "no header row: the sheet needs the columns 编码、名称、积分",
        )
        return ParsedSheet.refused(RowProblem(1, "", "", missing))
    header_index, columns = header
    entries: list[RuleEntry] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for row in data_rows(text, header_index, columns, HEADERS, problems):
        cell, problem, number = row.cell, row.problem, row.number
        check_code(row, seen)
        if is_honour_rule(cell("code")):
            problem(
                "code",
                words(
                    f"{HONOUR_RULE_PREFIX} 开头的编码留给荣誉",
                    f"codes starting {HONOUR_RULE_PREFIX} are kept for honours",
                ),
            )
        if not 1 <= len(cell("name")) <= (name_limit := limits.TITLE_LENGTH_MAX):
            problem(
                "name", words(f"必填，最多 {name_limit} 字", f"required, at most {name_limit} characters")
            )
        points_text = cell("points").lstrip("+")
        points = int(points_text) if re.fullmatch(r"-?\d{1,6}", points_text) else 0
        if points == 0 or abs(points) > limits.POINTS_PER_EVENT_MAX:
            problem("points", words("积分为非零整数", "a whole number, not zero"))
        listed = _LISTS.get(cell("list").lower())
        if listed is None:
            problem("list", words("填 红榜 或 黑榜", "红榜 (red) or 黑榜 (black)"))
        elif listed == "black" and points > 0:
            points = -points  # a black-list item written as a positive number takes points away
        elif listed == "red" and points < 0:
            problem("points", words("红榜事项的积分应为正数", "a red-list item gives points"))
        flags = {}
        for field in ("needs_publicity", "needs_evidence"):
            value = cell(field).lower()
            if value not in _YES | _NO:
                problem(field, words("填 是 或 否", "是 (yes) or 否 (no)"))
            flags[field] = value in _YES
        claimable = None
        if "claimable" in columns:
            value = cell("claimable").lower()
            if value not in _YES | _NO:
                problem("claimable", words("填 是 或 否", "是 (yes) or 否 (no)"))
            claimable = value in _YES
            if claimable and points < 0:
                problem("claimable", words("只有红榜事项可由村民申报", "only a red-list item can be claimed"))
        if row.ok:
            entries.append(
                RuleEntry(
                    number,
                    cell("code"),
                    cell("name"),
                    cell("name_en"),
                    cell("category"),
                    points,
                    flags["needs_publicity"],
                    flags["needs_evidence"],
                    claimable,
                )
            )
    return ParsedSheet(entries, problems)
