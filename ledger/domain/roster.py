"""A household roster (户籍花名册) as villages keep it in Excel: one row per person, with
Chinese headers, checked row by row. Pure: rows of cell values in, a `ParsedSheet` out
(entries, a row-by-row list of problems, and notes); reading files is the services' job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ledger import limits
from ledger.domain.sheet_import import ParsedSheet
from ledger.domain.spreadsheet import (
    RowNote,
    RowProblem,
    SheetRow,
    as_numbered,
    clean,
    data_rows,
    find_header,
    household_numbering,
    numbered_note,
)
from ledger.messages import words

# Each field, the headers that name it (Chinese first, as villages write them).
HEADERS: dict[str, tuple[str, ...]] = {
    "number": ("户号", "门牌号", "户编号", "number"),
    "head_name": ("户主", "户主姓名", "head_name"),
    "name": ("姓名", "成员姓名", "name"),
    "relation": ("与户主关系", "关系", "relation"),
    "phone": ("联系电话", "电话", "手机", "手机号", "phone"),
    "id_card_last4": ("身份证后四位", "身份证号后四位", "id_card_last4"),
    # Where the household belongs (optional columns): its villager group, its grid / building.
    "group": ("组", "村民小组", "小组", "所属小组", "group"),
    "grid": ("网格", "楼栋", "网格/楼栋", "网格(楼栋)", "所属网格", "grid"),
}
REQUIRED = ("number", "head_name", "name", "relation")
EXPORT_HEADERS = ("户号", "户主", "姓名", "与户主关系", "联系电话", "身份证后四位", "组", "网格/楼栋")

RELATIONS: dict[str, str] = {
    **dict.fromkeys(("户主", "本人", "head"), "head"),
    **dict.fromkeys(("配偶", "妻", "妻子", "夫", "丈夫", "spouse"), "spouse"),
    **dict.fromkeys(("子", "女", "儿子", "女儿", "子女", "长子", "次子", "长女", "次女", "child"), "child"),
    **dict.fromkeys(("父", "母", "父亲", "母亲", "父母", "parent"), "parent"),
    **dict.fromkeys(("孙子", "孙女", "外孙", "外孙女", "孙辈", "grandchild"), "grandchild"),
    **dict.fromkeys(("兄", "弟", "姐", "妹", "兄弟", "姐妹", "兄弟姐妹", "sibling"), "sibling"),
    **dict.fromkeys(("其他", "儿媳", "女婿", "other"), "other"),
}
RELATION_LABELS = {
    "head": "户主",
    "spouse": "配偶",
    "child": "子女",
    "parent": "父母",
    "grandchild": "孙辈",
    "sibling": "兄弟姐妹",
    "other": "其他",
}

_PHONE = re.compile(r"^[0-9+ -]{5,20}$")
_ID_LAST4 = re.compile(r"^[0-9]{3}[0-9X]$")


@dataclass(frozen=True, slots=True)
class RosterEntry:
    row: int  # as the spreadsheet numbers it (1-based)
    number: str
    head_name: str
    name: str
    relation: str
    phone: str | None
    id_card_last4: str | None
    group: str | None = None  # the villager group's name, when the sheet names one
    grid: str | None = None  # the grid's (building's) name, within that group


@dataclass(frozen=True, slots=True)
class KnownPlaces:
    """What the community has that the group and grid columns are checked against: each
    living grid's group (None: a grid within no group), and the closed households."""

    grid_groups: dict[str, str | None]
    closed_numbers: frozenset[str] = frozenset()


def parse(
    rows: list[list[object]], household_numbers: Iterable[str] = (), known: KnownPlaces | None = None
) -> ParsedSheet[RosterEntry]:
    """Every row checked; entries only mean something when there are no problems. A
    household number the spreadsheet turned into a number (1 for "001") is read at the
    width of `household_numbers` (the community's), or of the sheet's other rows, and a
    note says so for that row. A group or grid the community does not have is created by
    the import; a grid the community (or the sheet) has within another group is a problem."""
    text = [[clean(cell) for cell in row] for row in rows]
    header = find_header(text, HEADERS, REQUIRED)
    if header is None:
        names = "、".join(HEADERS[field][0] for field in REQUIRED)
        missing = words(
            f"找不到表头：需要 {names} 这几列", f"no header row: the sheet needs the columns {names}"
        )
        return ParsedSheet.refused(RowProblem(1, "", "", missing))
    header_index, columns = header
    problems: list[RowProblem] = []
    sheet_rows = list(data_rows(text, header_index, columns, HEADERS, problems))
    if len(sheet_rows) > (limit := limits.ROSTER_ROWS_MAX):
        return ParsedSheet.refused(
            RowProblem(1, "", str(len(sheet_rows)), words(f"最多 {limit} 行", f"at most {limit} rows"))
        )
    if not sheet_rows:
        return ParsedSheet.refused(
            RowProblem(header_index + 2, "", "", words("表头下没有数据", "no rows below the header"))
        )
    width = household_numbering(household_numbers, (row.cell("number") for row in sheet_rows))
    entries: list[RosterEntry] = []
    notes: list[RowNote] = []
    households = _Households()
    places = _Places(known or KnownPlaces({}))
    for row in sheet_rows:
        relation, phone, id_last4 = _person(row)
        household = as_numbered(row.cell("number"), width)
        if household != row.cell("number"):
            notes.append(numbered_note(row.number, HEADERS["number"][0], row.cell("number"), household))
        households.check(row, household, relation)
        places.check(row, household)
        if row.ok and relation is not None:
            entries.append(
                RosterEntry(
                    row.number,
                    household,
                    row.cell("head_name"),
                    row.cell("name"),
                    relation,
                    phone,
                    id_last4,
                    row.cell("group") or None,
                    row.cell("grid") or None,
                )
            )
    return ParsedSheet(entries, problems, notes)


def _person(row: SheetRow) -> tuple[str | None, str | None, str | None]:
    """The row's own cells checked: what is required, lengths, the relation, the phone and
    the ID card's last four; the relation, phone and ID as read."""
    for field in REQUIRED:
        if not row.cell(field):
            row.problem(field, words("必填", "required"))
    for field in ("number", "head_name", "name"):
        limit = limits.HOUSEHOLD_NUMBER_LENGTH_MAX if field == "number" else limits.NAME_LENGTH_MAX
        if len(row.cell(field)) > limit:
            row.problem(field, words(f"最多 {limit} 个字", f"at most {limit} characters"))
    relation = RELATIONS.get(row.cell("relation"))
    if row.cell("relation") and relation is None:
        row.problem(
            "relation",
            words(
                "无法识别的关系：填 户主/配偶/子女/父母/孙辈/兄弟姐妹/其他",
                "unknown relation: 户主/配偶/子女/父母/孙辈/兄弟姐妹/其他 (head, spouse, child, parent, "
                "grandchild, sibling, other)",
            ),
        )
    phone = row.cell("phone") or None
    if phone is not None and not _PHONE.match(phone):
        row.problem("phone", words("电话号码格式不对", "not a phone number"))
    id_last4 = row.cell("id_card_last4").upper() or None
    if id_last4 is not None and not _ID_LAST4.match(id_last4):
        row.problem(
            "id_card_last4",
            words("只填身份证后四位", "only the last four characters of the ID card"),
            value=id_last4,
        )
    return relation, phone, id_last4


class _Households:
    """What rows of one household must agree on: one head, and each member once."""

    def __init__(self) -> None:
        self._heads: dict[str, tuple[str, int]] = {}
        self._members: dict[tuple[str, str], int] = {}

    def check(self, row: SheetRow, household: str, relation: str | None) -> None:
        head_name, name = row.cell("head_name"), row.cell("name")
        if household and head_name:
            first = self._heads.setdefault(household, (head_name, row.number))
            if first[0] != head_name:
                row.problem(
                    "head_name",
                    words(f"与第 {first[1]} 行的户主不同", f"differs from the head on row {first[1]}"),
                )
        if relation == "head" and name and head_name and name != head_name:
            row.problem(
                "name",
                words("关系是户主，姓名却与户主不同", "the relation is head, but the name is not the head's"),
            )
        if household and name:
            key = (household, name)
            if key in self._members:
                row.problem(
                    "name", words(f"与第 {self._members[key]} 行重复", f"repeats row {self._members[key]}")
                )
            self._members.setdefault(key, row.number)


class _Places:
    """What the group and grid columns must say: a grid only with its group, the grid's
    group as the community (or an earlier row) has it, one place for all rows of one
    household, and no place for a closed household."""

    def __init__(self, known: KnownPlaces) -> None:
        self._known = known
        self._grid_groups: dict[str, tuple[str, int]] = {}
        self._households: dict[str, tuple[str, str, int]] = {}

    def check(self, row: SheetRow, household: str) -> None:
        group, grid = row.cell("group"), row.cell("grid")
        limit = limits.GROUP_NAME_LENGTH_MAX
        for field in ("group", "grid"):
            if len(row.cell(field)) > limit:
                row.problem(field, words(f"最多 {limit} 个字", f"at most {limit} characters"))
        if grid and not group:
            row.problem("grid", words("填了网格，须同时填所属的组", "a grid needs its group in the same row"))
        if grid and group:
            self._grid_in_group(row, group, grid)
        if household and (group or grid):
            if household in self._known.closed_numbers:
                row.problem(
                    "group",
                    words("这一户已迁出或销户，不能分到组", "the household has moved out or closed"),
                    value=group,
                )
            first = self._households.setdefault(household, (group, grid, row.number))
            if first[:2] != (group, grid):
                row.problem(
                    "group",
                    words(
                        f"与第 {first[2]} 行的组、网格不同",
                        f"differs from the group and grid on row {first[2]}",
                    ),
                    value=f"{group} {grid}".strip(),
                )

    def _grid_in_group(self, row: SheetRow, group: str, grid: str) -> None:
        if grid in self._known.grid_groups:
            known = self._known.grid_groups[grid]
            if known is not None and known != group:
                row.problem(
                    "grid",
                    words(
                        f"网格「{grid}」属于「{known}」，不属于「{group}」",
                        f"grid {grid} lies within {known}, not {group}",
                    ),
                )
            return
        first = self._grid_groups.setdefault(grid, (group, row.number))
        if first[0] != group:
            row.problem(
                "grid",
                words(
                    f"第 {first[1]} 行把网格「{grid}」写在「{first[0]}」里",
                    f"row {first[1]} puts grid {grid} within {first[0]}",
                ),
            )
