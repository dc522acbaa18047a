"""The one sheet-import use case, without HTTP, against real PostgreSQL: a sheet is
applied whole or not at all (a bad row, or a refusal half-way, writes nothing), a
check-only pass writes nothing, the same file twice changes nothing the second time, and
the row report counts what happened."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from importlib import resources

import asyncpg
import pytest

from ledger.domain import goods_catalog
from ledger.domain.errors import Refused
from ledger.domain.sheet_import import ParsedSheet
from ledger.services import roster, rule_catalog
from ledger.services.goods_catalog import import_catalog
from ledger.services.sheet_import import SheetImport, run_import
from ledger.store import queries, supermarket
from ledger.store.types import Connection
from tests.support import Village, new_village

pytestmark = pytest.mark.anyio

ROSTER = "户号,户主,姓名,与户主关系\n001,王建国,王建国,户主\n001,王建国,李秀英,妻子\n002,张桂兰,张桂兰,户主\n"
GOODS = "编码,名称,积分,库存\nG01,肥皂,5,10\nG02,牙膏,8,0\n"


def _demo(name: str) -> bytes:
    return resources.files("ledger.demo").joinpath(name).read_bytes()


async def _head(pool: asyncpg.Pool, village: Village) -> int:
    return (await queries.community(pool, village.community_id))["head_seq"]


async def test_a_sheet_with_one_bad_row_writes_nothing(pool):
    village = await new_village(pool)
    head = await _head(pool, village)
    content = (ROSTER + "003,赵六,赵小六,邻居\n").encode()
    report = await roster.import_roster(pool, village.community_id, None, content, False)
    assert (report.applied, report.rows) == (False, 3)
    assert [(p.row, p.column) for p in report.problems] == [(5, "与户主关系")]
    assert report.as_dict()["households_registered"] == report.as_dict()["members_added"] == 0
    assert await _head(pool, village) == head
    assert await queries.households(pool, village.community_id, 100, "") == []


class _RefusedHalfWay(SheetImport[goods_catalog.GoodsEntry]):
    """Lists every item under one code: the ledger lists the first, and refuses the second."""

    outcomes = ("listed",)

    async def parse(
        self, pool: asyncpg.Pool, rows: list[list[object]]
    ) -> ParsedSheet[goods_catalog.GoodsEntry]:
        return goods_catalog.parse(rows)

    async def apply(self, connection: Connection, entry: goods_catalog.GoodsEntry) -> Sequence[str]:
        await supermarket.list_goods(
            connection, self.community_id, None, uuid.uuid4(), "SAME", entry.name, "", "", "", entry.points
        )
        return ("listed",)


async def test_a_refusal_half_way_through_undoes_the_rows_before_it(pool):
    village = await new_village(pool)
    head = await _head(pool, village)
    with pytest.raises(Refused):
        await run_import(pool, _RefusedHalfWay(village.community_id, None), GOODS.encode(), False)
    assert await queries.goods(pool, village.community_id) == []
    assert await _head(pool, village) == head


async def test_check_only_writes_nothing_and_reports_the_rows(pool):
    village = await new_village(pool)
    head = await _head(pool, village)
    report = await import_catalog(pool, village.community_id, None, GOODS.encode(), True)
    assert report.as_dict() == {
        "rows": 2,
        "applied": False,
        "listed": 0,
        "changed": 0,
        "problems": [],
        "notes": [],
    }
    assert await queries.goods(pool, village.community_id) == []
    assert await _head(pool, village) == head


@pytest.mark.parametrize(
    ("use_case", "content", "first"),
    [
        (
            roster.import_roster,
            ROSTER.encode(),
            {
                "households_registered": 2,
                "households_changed": 0,
                "members_added": 3,
                "members_changed": 0,
                "groups_created": 0,
                "grids_created": 0,
                "households_moved": 0,
            },
        ),
        (import_catalog, _demo("goods.csv"), {"listed": 20, "changed": 0}),
        (rule_catalog.import_rules, _demo("rules.csv"), {"defined": 25, "changed": 0}),
    ],
    ids=["roster", "goods catalog", "rule catalog"],
)
async def test_the_same_file_twice_changes_nothing_the_second_time(pool, use_case, content, first):
    village = await new_village(pool)
    actor = village.staff["committee"]
    report = await use_case(pool, village.community_id, actor, content, False)
    assert (report.applied, report.counts) == (True, first)
    head = await _head(pool, village)
    again = await use_case(pool, village.community_id, actor, content, False)
    assert (again.applied, again.rows) == (True, report.rows)
    assert again.counts == dict.fromkeys(first, 0)
    assert await _head(pool, village) == head


async def test_the_report_counts_what_each_row_changed(pool):
    village = await new_village(pool)
    await roster.import_roster(pool, village.community_id, None, ROSTER.encode(), False)
    changed = ROSTER.replace("李秀英,妻子", "李秀英,配偶") + "002,张桂兰,张小兰,女儿\n003,赵六,赵六,户主\n"
    report = await roster.import_roster(pool, village.community_id, None, changed.encode(), False)
    assert report.counts == {
        "households_registered": 1,
        "households_changed": 0,
        "members_added": 2,  # 张小兰 under 002, 赵六 under 003
        "members_changed": 0,  # 妻子 and 配偶 are both the spouse
        "groups_created": 0,
        "grids_created": 0,
        "households_moved": 0,
    }
    moved = changed.replace("李秀英,配偶", "李秀英,女儿")
    report = await roster.import_roster(pool, village.community_id, None, moved.encode(), False)
    assert [name for name, count in report.counts.items() if count] == ["members_changed"]
    assert report.counts["members_changed"] == 1
    await import_catalog(pool, village.community_id, None, GOODS.encode(), False)
    repriced = await import_catalog(
        pool, village.community_id, None, GOODS.replace("G02,牙膏,8", "G02,牙膏,9").encode(), False
    )
    assert (repriced.counts, repriced.rows) == ({"listed": 0, "changed": 1}, 2)
    stock = {row["code"]: row["stock"] for row in await queries.goods(pool, village.community_id)}
    assert stock == {"G01": 10, "G02": 0}  # opening stock received once, when listed
