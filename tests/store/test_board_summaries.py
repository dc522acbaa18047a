"""The red and black lists' monthly figures per household (schema/0027): kept with every
append, net of what was reversed, in the month and kind of the deed; the lists read them and
give what the log gives; the rebuild reproduces them, and the migration's one-off fill from
the log gives what the appends gave."""

from __future__ import annotations

import pytest

from ledger.domain import events as kinds
from ledger.store import awards, boards, integrity, migrations, reversals
from tests.support import add_household, add_rule, community_today, last_month, new_village

pytestmark = pytest.mark.anyio

KEPT = """SELECT month, kind, h.number, points, times FROM household_month_points s
          JOIN households h USING (community_id, household_id)
          WHERE s.community_id = $1 ORDER BY month, kind, h.number"""

# The lists as they were read from the log before 0027: the reference the summary must give.
FROM_THE_LOG = """SELECT h.number, h.head_name, sum(e.honour_delta)::bigint AS points, count(*) AS times
    FROM events e JOIN households h ON h.community_id = e.community_id AND h.household_id = e.household_id
    WHERE e.community_id = $1 AND e.kind = $2 AND date_trunc('month', e.occurred_on) = $3
      AND NOT EXISTS (SELECT FROM reversals r WHERE r.community_id = e.community_id AND r.reversed_seq = e.seq)
    GROUP BY h.household_id, h.number, h.head_name
    ORDER BY points {order}, h.number LIMIT $4"""


async def _two_months(pool):
    """Last month: 001 awarded twice (one reversed this month), 002 once and deducted once,
    003 awarded once and that reversed; this month: 002 and 003 awarded the same, 001 deducted."""
    village = await new_village(pool)
    community = village.community_id
    first, second, third = [await add_household(pool, village, f"00{n}", "王建国") for n in (1, 2, 3)]
    good, bad = await add_rule(pool, village, "R01", 10), await add_rule(pool, village, "B01", -4)
    earlier = last_month(10)

    async def award(household, rule, on=None):
        return await awards.award(pool, community, None, household, rule, None, None, on, None, None)

    undone = [await award(first, good, earlier), await award(third, good, earlier)]
    await award(first, good, earlier)
    await award(second, good, earlier)
    await award(second, bad, earlier)
    for entry in undone:
        await reversals.reverse(pool, community, None, entry["event_seq"], "重复录入", None, None)
    await award(second, good)
    await award(third, good)
    await award(first, bad)
    return village, earlier.replace(day=1), community_today().replace(day=1)


async def test_each_household_month_holds_its_points_net_of_reversals(pool):
    village, earlier, this_month = await _two_months(pool)
    rows = [tuple(row) for row in await pool.fetch(KEPT, village.community_id)]
    assert rows == [
        (earlier, kinds.AWARD_CONFIRMED, "001", 10, 1),
        (earlier, kinds.AWARD_CONFIRMED, "002", 10, 1),
        (earlier, kinds.AWARD_CONFIRMED, "003", 0, 0),  # all reversed: on no list
        (earlier, kinds.DEDUCTION_RECORDED, "002", -4, 1),
        (this_month, kinds.AWARD_CONFIRMED, "002", 10, 1),
        (this_month, kinds.AWARD_CONFIRMED, "003", 10, 1),
        (this_month, kinds.DEDUCTION_RECORDED, "001", -4, 1),
    ]


@pytest.mark.parametrize("kind", [kinds.AWARD_CONFIRMED, kinds.DEDUCTION_RECORDED])
async def test_the_lists_give_what_the_log_gives(pool, kind):
    village, earlier, this_month = await _two_months(pool)
    order = "DESC" if kind == kinds.AWARD_CONFIRMED else "ASC"
    for month in (earlier, this_month):
        for limit in (1, 10):
            listed = await boards.monthly(pool, village.community_id, kind, month, limit)
            assert listed is not None
            logged = await pool.fetch(
                FROM_THE_LOG.format(order=order), village.community_id, kind, month, limit
            )
            assert [tuple(row)[7:] for row in listed.entries] == [tuple(row) for row in logged]


async def test_the_rebuild_reproduces_and_corrects_the_lists_figures(pool, owner):
    village, earlier, _ = await _two_months(pool)
    community = village.community_id
    assert await integrity.check_rebuild(pool, community) == []
    before = [tuple(row) for row in await pool.fetch(KEPT, community) if row["times"] > 0]
    await owner.execute(
        "UPDATE household_month_points SET points = 999 WHERE community_id = $1 AND times > 0", community
    )
    await owner.execute(
        "DELETE FROM household_month_points WHERE community_id = $1 AND month = $2 AND kind = $3",
        community,
        earlier,
        kinds.DEDUCTION_RECORDED,
    )
    found = await integrity.check_rebuild(pool, community)
    assert len(found) == 6 and all(line.startswith(integrity.POINTS_OF_HOUSEHOLD_IN_MONTH) for line in found)
    async with pool.acquire() as connection:
        corrected, remaining = await integrity.rebuild(connection, community)
    assert (len(corrected), remaining) == (6, [])
    assert [tuple(row) for row in await pool.fetch(KEPT, community)] == before
    assert await integrity.check_rebuild(pool, community) == []


async def test_the_migration_fills_the_table_from_the_log_as_the_appends_did(pool, owner):
    village, _, _ = await _two_months(pool)
    # Only this village's rows (other tests' villages may have a log tampered with on purpose);
    # a row all reversed is on no list, and the fill from the log has none.
    ours = "SELECT * FROM household_month_points WHERE community_id = $1 AND times > 0 ORDER BY 2, 3, 4"
    kept = [tuple(row) for row in await owner.fetch(ours, village.community_id)]
    migration = next(m for m in migrations.load_migrations() if m.name == "0027_board_summaries.sql")
    fill = [s for s in migrations.split_statements(migration.sql) if _verb(s) == "INSERT"]
    assert len(fill) == 1
    transaction = owner.transaction()
    await transaction.start()
    try:
        await owner.execute("DELETE FROM household_month_points")
        await owner.execute(fill[0])
        refilled = [tuple(row) for row in await owner.fetch(ours, village.community_id)]
    finally:
        await transaction.rollback()
    assert len(kept) == 6
    assert refilled == kept


def _verb(statement: str) -> str:
    """A statement's first word, after the comments that precede it."""
    code = [line for line in statement.splitlines() if line.strip() and not line.lstrip().startswith("--")]
    return code[0].split()[0]


async def test_a_household_s_standing_takes_this_month_and_the_year_s_earlier_months(pool):
    village, earlier, this_month = await _two_months(pool)
    today = community_today()
    numbers = {
        row["number"]: row["household_id"]
        for row in await pool.fetch(
            "SELECT number, household_id FROM households WHERE community_id = $1", village.community_id
        )
    }
    standing = {}
    for number, household in numbers.items():
        row = await boards.points_standing(pool, village.community_id, household, today)
        assert row is not None, "every household here is active"
        standing[number] = row
    month = {number: (row["month_points"], row["month_rank"]) for number, row in standing.items()}
    assert month == {"001": (-4, 3), "002": (10, 1), "003": (10, 1)}
    year = {number: (row["year_points"], row["year_rank"]) for number, row in standing.items()}
    if earlier.year == today.year:  # last month's entries (net of the reversed) are this year's
        assert year == {"001": (6, 3), "002": (16, 1), "003": (10, 2)}
    else:  # this is January: last month was last year
        assert year == {"001": (-4, 3), "002": (10, 1), "003": (10, 1)}
    assert {row["households"] for row in standing.values()} == {3}
    assert this_month == today.replace(day=1)
