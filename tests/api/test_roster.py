"""The roster as villages keep it in Excel: checked row by row, imported all or nothing,
the same file twice changes nothing, and exported in the same columns."""

from __future__ import annotations

import io

import openpyxl
import pytest

from ledger.store import queries

pytestmark = pytest.mark.anyio

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook(rows: list[list[object]]) -> bytes:
    """A roster as a spreadsheet program lays it out: a merged title row, a two-row header
    with merged cells, blank rows, full-width digits and phones stored as numbers."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["示范村户籍花名册（2026年）"])
    sheet.merge_cells("A1:F1")
    sheet.append(["户号", "户主", "家庭成员", None, None, None])
    sheet.append([None, None, "姓名", "与户主关系", "联系电话", "身份证后四位"])
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:B3")
    sheet.merge_cells("C2:F2")
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


GOOD_ROWS: list[list[object]] = [
    ["００１", "王建国", "王建国", "户主", 13800138000, "１２３４"],
    ["００１", "王建国", "李秀英", "妻子", None, None],
    [],
    ["００１", "王建国", "王小明", "儿子", None, "567X"],
    [None, None, None, None, None, None],
    ["002", "张桂兰", "张桂兰", "本人", "139-0000-1111", None],
]
BAD_ROWS = [
    *GOOD_ROWS,
    ["003", "赵六", "赵小六", "邻居", None, "110101199003071234"],
    ["003", "赵大", "赵六", "户主", None, None],
]


async def _post(client, staffed, content: bytes, query: str = "", media_type: str = XLSX):
    return await client.post(
        f"{staffed.api}/households/roster{query}",
        content=content,
        headers={**staffed.auth("committee"), "Content-Type": media_type},
    )


async def test_a_bad_file_gets_a_row_by_row_report_and_imports_nothing(pool, client, staffed):
    answer = await _post(client, staffed, _workbook(BAD_ROWS))
    assert answer.status_code == 400
    report = answer.json()
    assert report["code"] == "validation_failed"
    assert report["applied"] is False
    found = {(p["row"], p["column"]) for p in report["problems"]}
    # the data starts on spreadsheet row 4; the bad rows are rows 10 and 11
    assert (10, "与户主关系") in found
    assert (10, "身份证后四位") in found
    assert (11, "户主") in found
    assert all(p["row"] in (10, 11) for p in report["problems"])
    assert await queries.households(pool, staffed.village.community_id, 100, "") == []


async def test_a_good_file_imports_and_the_same_file_again_changes_nothing(pool, client, staffed):
    content = _workbook(GOOD_ROWS)
    checked = await _post(client, staffed, content, "?dry_run=true")
    assert checked.json()["applied"] is False
    assert await queries.households(pool, staffed.village.community_id, 100, "") == []

    first = (await _post(client, staffed, content)).json()
    assert (first["households_registered"], first["members_added"]) == (2, 4)
    head = (await queries.community(pool, staffed.village.community_id))["head_seq"]
    again = (await _post(client, staffed, content)).json()
    assert (again["households_registered"], again["households_changed"]) == (0, 0)
    assert (again["members_added"], again["members_changed"]) == (0, 0)
    assert (await queries.community(pool, staffed.village.community_id))["head_seq"] == head

    households = await queries.households(pool, staffed.village.community_id, 100, "")
    assert [(h["number"], h["head_name"]) for h in households] == [("001", "王建国"), ("002", "张桂兰")]
    detail = (
        await client.get(
            f"{staffed.api}/households/{households[0]['household_id']}", headers=staffed.auth("committee")
        )
    ).json()
    members = {m["name"]: (m["relation"], m["phone"], m["id_card_last4"]) for m in detail["members"]}
    assert members == {
        "王建国": ("head", "13800138000", "1234"),
        "李秀英": ("spouse", None, None),
        "王小明": ("child", None, "567X"),
    }


async def test_the_export_reads_back_in_without_change(pool, client, staffed):
    await _post(client, staffed, _workbook(GOOD_ROWS))
    exported = await client.get(f"{staffed.api}/households/roster.xlsx", headers=staffed.auth("admin"))
    assert exported.headers["content-type"] == XLSX
    rows = list(openpyxl.load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("户号", "户主", "姓名", "与户主关系", "联系电话", "身份证后四位", "组", "网格/楼栋")
    assert len(rows) == 5
    head = (await queries.community(pool, staffed.village.community_id))["head_seq"]
    again = (await _post(client, staffed, exported.content)).json()
    assert again["applied"] is True
    assert (again["members_added"], again["members_changed"], again["households_changed"]) == (0, 0, 0)
    assert (await queries.community(pool, staffed.village.community_id))["head_seq"] == head


async def test_a_csv_saved_by_excel_in_gb18030_imports(pool, client, staffed):
    content = "户号,户主,姓名,与户主关系\r\n007,欧阳锋,欧阳锋,户主\r\n007,欧阳锋,欧阳克,儿子\r\n".encode(
        "gb18030"
    )
    answer = await _post(client, staffed, content, media_type="text/csv")
    assert answer.status_code == 200
    assert answer.json()["members_added"] == 2


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 not really a zip", "只有一行字".encode()])
async def test_files_that_are_not_rosters_are_refused_plainly(client, staffed, content):
    answer = await _post(client, staffed, content)
    assert answer.status_code == 400
    assert answer.json()["code"] == "validation_failed"


PLACED_ROSTER = (
    "户号,户主,姓名,与户主关系,组,网格\n"
    "001,王建国,王建国,户主,一组,一组东片\n"
    "001,王建国,李秀英,妻子,一组,一组东片\n"
    "002,张桂兰,张桂兰,户主,二组,\n"
    "003,赵六,赵六,户主,,\n"
)


async def test_the_group_and_grid_columns_make_a_round_trip(pool, client, staffed):
    imported = (await _post(client, staffed, PLACED_ROSTER.encode(), media_type="text/csv")).json()
    assert (imported["groups_created"], imported["grids_created"], imported["households_moved"]) == (2, 1, 2)
    households = (await client.get(f"{staffed.api}/households", headers=staffed.auth("committee"))).json()
    assert [(h["number"], h["group_name"], h["grid_name"]) for h in households["households"]] == [
        ("001", "一组", "一组东片"),
        ("002", "二组", None),
        ("003", None, None),
    ]
    exported = await client.get(f"{staffed.api}/households/roster.xlsx", headers=staffed.auth("committee"))
    rows = list(openpyxl.load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))
    assert [row[6:] for row in rows[1:]] == [
        ("一组", "一组东片"),
        ("一组", "一组东片"),
        ("二组", None),
        (None, None),
    ]
    head = (await queries.community(pool, staffed.village.community_id))["head_seq"]
    again = (await _post(client, staffed, exported.content)).json()
    assert (again["applied"], again["groups_created"], again["households_moved"]) == (True, 0, 0)
    assert (await queries.community(pool, staffed.village.community_id))["head_seq"] == head


async def test_a_grid_named_within_another_group_is_reported_by_row(pool, client, staffed):
    await _post(client, staffed, PLACED_ROSTER.encode(), media_type="text/csv")
    head = (await queries.community(pool, staffed.village.community_id))["head_seq"]
    moved = (
        "户号,户主,姓名,与户主关系,组,网格\n004,钱七,钱七,户主,二组,一组东片\n005,孙八,孙八,户主,,三组北片\n"
    )
    answer = await _post(client, staffed, moved.encode(), media_type="text/csv")
    assert answer.status_code == 400
    assert [(p["row"], p["column"], p["value"]) for p in answer.json()["problems"]] == [
        (2, "网格", "一组东片"),
        (3, "网格", "三组北片"),
    ]
    assert answer.json()["problems"][0]["problem"] == "网格「一组东片」属于「一组」，不属于「二组」"
    assert (await queries.community(pool, staffed.village.community_id))["head_seq"] == head
