"""Activity by month (schema/0025): kept with every append, net of what was reversed, in the
month of the deed; the rebuild reproduces it, and the migration's one-off fill from the log
gives what the appends gave."""

from __future__ import annotations

import pytest

from ledger.store import awards, fund, integrity, migrations, reversals
from tests.support import add_goods, add_household, add_rule, community_today, last_month, new_village, redeem

pytestmark = pytest.mark.anyio

FIGURES = """SELECT month, points_awarded, points_deducted, points_redeemed, fund_in_fen, fund_out_fen,
                    households_taking_part
             FROM community_month_activity WHERE community_id = $1 ORDER BY month"""


async def _a_month_of_activity(pool):
    """Last month: two awards to 001 (one reversed this month), one deduction for 002; this
    month: a redemption by 001, a fund gift and an expenditure."""
    village = await new_village(pool)
    community = village.community_id
    first, second = await add_household(pool, village, "001"), await add_household(pool, village, "002")
    good, bad = await add_rule(pool, village, "R01", 10), await add_rule(pool, village, "B01", -4)
    soap = await add_goods(pool, village, "G01", 3, 10)
    earlier = last_month(10)
    reversed_award = await awards.award(pool, community, None, first, good, None, None, earlier, None, None)
    await awards.award(pool, community, None, first, good, None, None, earlier, None, None)
    await awards.award(pool, community, None, second, bad, None, None, earlier, None, None)
    await reversals.reverse(pool, community, None, reversed_award["event_seq"], "重复录入", None, None)
    await redeem(pool, community, first, [(soap, 2)])
    async with pool.acquire() as connection:
        await fund.contribute(
            connection, community, None, "person", "王大妈", None, 50_000, "cash", None, None
        )
        await fund.spend(connection, community, None, 12_000, "买肥皂", "供销社", None, None)
    return village, earlier.replace(day=1), community_today().replace(day=1)


async def test_each_month_holds_its_figures_net_of_reversals(pool):
    village, earlier, this_month = await _a_month_of_activity(pool)
    rows = [tuple(row) for row in await pool.fetch(FIGURES, village.community_id)]
    assert rows == [
        # the reversed award leaves last month, where it was dated; both households took part
        (earlier, 10, 4, 0, 0, 0, 2),
        (this_month, 0, 0, 6, 50_000, 12_000, 1),
    ]


async def test_a_second_entry_of_a_household_in_a_month_counts_it_once(pool):
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    rule = await add_rule(pool, village, "R01", 5)
    for _ in range(3):
        await awards.award(pool, village.community_id, None, household, rule, None, None, None, None, None)
    row = await pool.fetchrow(FIGURES, village.community_id)
    assert (row["points_awarded"], row["households_taking_part"]) == (15, 1)


async def test_the_rebuild_reproduces_and_corrects_the_monthly_figures(pool, owner):
    village, earlier, _ = await _a_month_of_activity(pool)
    community = village.community_id
    assert await integrity.check_rebuild(pool, community) == []
    before = [tuple(row) for row in await pool.fetch(FIGURES, community)]
    await owner.execute(
        "UPDATE community_month_activity SET points_awarded = 999 WHERE community_id = $1", community
    )
    await owner.execute(
        "DELETE FROM household_month_activity WHERE community_id = $1 AND month = $2", community, earlier
    )
    found = await integrity.check_rebuild(pool, community)
    assert sorted(line.split(" ")[0] for line in found) == ["activity", "activity", "household", "household"]
    async with pool.acquire() as connection:
        corrected, remaining = await integrity.rebuild(connection, community)
    assert (len(corrected), remaining) == (4, [])
    assert [tuple(row) for row in await pool.fetch(FIGURES, community)] == before
    assert await integrity.check_rebuild(pool, community) == []


async def test_the_migration_fills_the_tables_from_the_log_as_the_appends_did(pool, owner):
    village, _, _ = await _a_month_of_activity(pool)
    # Only this village's rows: other tests' villages may have had their log tampered with
    # on purpose (tests/tampering.py), and then the log and the kept figures differ rightly.
    ours = "SELECT * FROM {} WHERE community_id = $1 ORDER BY 1, 2, 3"
    tables = ("community_month_activity", "household_month_activity")
    kept = {
        table: [tuple(row) for row in await owner.fetch(ours.format(table), village.community_id)]
        for table in tables
    }
    migration = next(m for m in migrations.load_migrations() if m.name == "0025_activity_summaries.sql")
    fill = [s for s in migrations.split_statements(migration.sql) if _verb(s) in ("INSERT", "UPDATE")]
    assert len(fill) == 3
    # The fill runs over every community, as the migration did, and is rolled back after.
    transaction = owner.transaction()
    await transaction.start()
    try:
        await owner.execute("DELETE FROM community_month_activity")
        await owner.execute("DELETE FROM household_month_activity")
        for statement in fill:
            await owner.execute(statement)
        refilled = {
            table: [tuple(row) for row in await owner.fetch(ours.format(table), village.community_id)]
            for table in tables
        }
    finally:
        await transaction.rollback()
    assert kept["community_month_activity"], "the village's month of activity is kept"
    assert refilled == kept


def _verb(statement: str) -> str:
    """A statement's first word, after the comments that precede it."""
    code = [line for line in statement.splitlines() if line.strip() and not line.lstrip().startswith("--")]
    return code[0].split()[0]
