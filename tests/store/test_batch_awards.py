"""A batch is proposed and decided set-based (schema/functions/proposals.sql, ledger_chain_all):
it must record exactly what the same proposals would, one at a time — the events one by one
(each approval followed by its award, made by ledger_award's rules), the chain, the balances,
the publicity rows and the month's activity.

Two villages with the same households and rules (same ids, each in its own community): in
one the batch goes through ledger_propose and ledger_decide; in the other each household is
proposed on its own, then each approval is appended and its award made by ledger_award, one
at a time, as before the set-based functions."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import asyncpg
import pytest

from ledger.store import awards, households, integrity, proposals, rules
from tests.support import Village, last_month, new_village

pytestmark = pytest.mark.anyio

# Ids made afresh on each run, in bodies: left out where the two villages are compared.
RANDOM_IDS = ("proposal_id", "batch_id", "award_id", "deduction_id")


async def _twin_villages(
    pool: asyncpg.Pool, count: int, *, deduction_may_overdraw: bool = False
) -> tuple[Village, Village, list[uuid.UUID]]:
    """Two villages whose households (and their opening points: 3 for every third) are alike."""
    batched = await new_village(pool, deduction_may_overdraw=deduction_may_overdraw)
    one_by_one = await new_village(pool, deduction_may_overdraw=deduction_may_overdraw)
    household_ids = [uuid.uuid4() for _ in range(count)]
    for village in (batched, one_by_one):
        async with pool.acquire() as connection:
            for number, household_id in enumerate(household_ids, start=1):
                await households.register_household(
                    connection, village.community_id, None, household_id, f"{number:04d}", "王建国"
                )
    opening = await _rule(pool, (batched, one_by_one), "KS", 3)
    for village in (batched, one_by_one):
        for household_id in household_ids[::3]:
            await awards.award(
                pool, village.community_id, None, household_id, opening, None, None, None, None, None
            )
    return batched, one_by_one, household_ids


async def _rule(
    pool: asyncpg.Pool,
    villages: tuple[Village, ...],
    code: str,
    points: int,
    *,
    needs_publicity: bool = False,
) -> uuid.UUID:
    rule_id = uuid.uuid4()
    for village in villages:
        async with pool.acquire() as connection:
            await rules.define_rule(
                connection,
                village.community_id,
                None,
                rule_id,
                code,
                f"规则{code}",
                "",
                "",
                points,
                needs_publicity,
            )
    return rule_id


async def _propose(
    pool: asyncpg.Pool,
    village: Village,
    rule_id: uuid.UUID,
    household_ids: list[uuid.UUID],
    occurred_on: datetime.date | None = None,
) -> Any:
    return await proposals.propose(
        pool,
        village.community_id,
        village.staff["scorer"],
        rule_id,
        household_ids,
        "王小明",
        "清扫",
        occurred_on,
    )


async def _one_at_a_time(
    pool: asyncpg.Pool,
    village: Village,
    rule_id: uuid.UUID,
    household_ids: list[uuid.UUID],
    days: list[datetime.date | None] | None = None,
) -> list[dict[str, Any]]:
    """Each household proposed on its own (on its day, if given); then, in the order proposed,
    each approval and its award (ledger_award), as ledger_decide made them row by row. The
    awards' answers."""
    days = days or [None] * len(household_ids)
    proposed = [
        (await _propose(pool, village, rule_id, [household], day))["proposal_ids"][0]
        for household, day in zip(household_ids, days, strict=True)
    ]
    answers = []
    async with pool.acquire() as connection, connection.transaction():
        for proposal_id, household_id, day in zip(proposed, household_ids, days, strict=True):
            await connection.execute(
                """SELECT FROM ledger_append($1, 'award.approved', NULL, $2, $3, 0, 0, 0, 0,
                       jsonb_build_object('proposal_id', $4::uuid, 'reason', NULL::text), NULL, NULL)""",
                village.community_id,
                village.staff["committee"],
                household_id,
                proposal_id,
            )
            answers.append(
                await connection.fetchval(
                    "SELECT ledger_award($1, $2, $3, $4, '王小明', '清扫', $5, NULL, NULL)",
                    village.community_id,
                    village.staff["committee"],
                    household_id,
                    rule_id,
                    day,
                )
            )
    return answers


async def _record(owner: asyncpg.Connection, village: Village) -> dict[str, Any]:
    """What the two villages must share: the log without its ids, links and moments (the
    actor named by role), the balances, the publicity rows, the month's activity and the
    red and black lists' months."""
    roles = {user_id: role for role, user_id in village.staff.items()}
    events = [
        (
            row["seq"],
            row["kind"],
            row["occurred_on"],
            roles.get(row["actor_id"]),
            row["household_id"],
            row["spendable_delta"],
            row["pending_delta"],
            row["honour_delta"],
            {key: value for key, value in row["body"].items() if key not in RANDOM_IDS},
        )
        for row in await owner.fetch(
            # The village's own name and staff differ; what follows is alike.
            "SELECT * FROM events WHERE community_id = $1 AND kind NOT IN ('community.created', 'staff.granted') "
            "ORDER BY seq",
            village.community_id,
        )
    ]
    return {
        "events": [event[1:] for event in events],
        "balances": await _rows(owner, "household_balances", "household_id", village),
        "publicity": await _rows(owner, "publicity", "award_seq", village),
        "community_month_activity": await _rows(owner, "community_month_activity", "month", village),
        "household_month_activity": await _rows(
            owner, "household_month_activity", "month, household_id", village
        ),
        "household_month_points": await _rows(
            owner, "household_month_points", "month, kind, household_id", village
        ),
    }


async def _rows(owner: asyncpg.Connection, table: str, order: str, village: Village) -> list[tuple]:
    rows = await owner.fetch(
        f"SELECT * FROM {table} WHERE community_id = $1 ORDER BY {order}",  # noqa: S608 the test's own names
        village.community_id,
    )
    return [tuple(value for key, value in row.items() if key != "community_id") for row in rows]


async def _sound(pool: asyncpg.Pool, village: Village) -> None:
    """The chain verifies and the projections are what a replay of the log gives."""
    report = await integrity.verify(pool, village.community_id)
    assert report is not None
    assert report.ok
    assert await integrity.check_rebuild(pool, village.community_id) == []


async def _approve_batch(pool: asyncpg.Pool, village: Village, batch: dict[str, Any]) -> list[dict[str, Any]]:
    return await proposals.decide(
        pool,
        village.community_id,
        village.staff["committee"],
        frozenset({"committee"}),
        True,
        None,
        batch_id=uuid.UUID(batch["batch_id"]),
        shown=len(batch["proposal_ids"]),
    )


async def test_a_500_household_batch_records_what_500_single_proposals_would(pool, owner):
    batched, one_by_one, household_ids = await _twin_villages(pool, 500)
    rule_id = await _rule(pool, (batched, one_by_one), "QJ", 5)
    batch = await _propose(pool, batched, rule_id, household_ids)
    decisions = await _approve_batch(pool, batched, batch)
    awards = await _one_at_a_time(pool, one_by_one, rule_id, household_ids)

    assert await _record(owner, batched) == await _record(owner, one_by_one)
    assert [decision["points"] for decision in decisions] == [award["points"] for award in awards]
    await _sound(pool, batched)
    await _sound(pool, one_by_one)


async def test_each_decision_names_its_approval_and_award_and_the_proposal_rows_say_so(pool, owner):
    batched, _, household_ids = await _twin_villages(pool, 4)
    rule_id = await _rule(pool, (batched,), "QJ", 5)
    batch = await _propose(pool, batched, rule_id, household_ids)
    decisions = await _approve_batch(pool, batched, batch)

    rows = await owner.fetch(
        """SELECT p.proposal_id, p.status, d.kind AS decision_kind, d.body ->> 'proposal_id' AS decided,
                  a.kind AS award_kind, a.household_id = p.household_id AS same_household
           FROM proposals p JOIN events d ON d.community_id = p.community_id AND d.seq = p.decided_seq
           JOIN events a ON a.community_id = p.community_id AND a.seq = p.award_seq
           WHERE p.community_id = $1 ORDER BY p.proposed_seq""",
        batched.community_id,
    )
    assert [str(row["proposal_id"]) for row in rows] == batch["proposal_ids"]
    assert {
        (row["status"], row["decision_kind"], row["award_kind"], row["same_household"]) for row in rows
    } == {("approved", "award.approved", "award.confirmed", True)}
    assert [row["decided"] for row in rows] == batch["proposal_ids"]
    assert [decision["award_seq"] - decision["decision_seq"] for decision in decisions] == [1, 1, 1, 1]


async def test_a_batch_in_publicity_posts_each_award_as_pending_as_one_at_a_time(pool, owner):
    batched, one_by_one, household_ids = await _twin_villages(pool, 7)
    rule_id = await _rule(pool, (batched, one_by_one), "JZ", 30, needs_publicity=True)
    await _approve_batch(pool, batched, await _propose(pool, batched, rule_id, household_ids))
    await _one_at_a_time(pool, one_by_one, rule_id, household_ids)

    assert await _record(owner, batched) == await _record(owner, one_by_one)
    await _sound(pool, batched)


async def test_a_household_named_in_two_proposals_of_one_decision_has_them_applied_in_turn(pool, owner):
    # Without the overdraw policy a deduction empties spendable but no further: the second
    # deduction of a household sees what the first left.
    batched, one_by_one, household_ids = await _twin_villages(pool, 5)
    rule_id = await _rule(pool, (batched, one_by_one), "LJ", -2)
    first = await _propose(pool, batched, rule_id, household_ids)
    second = await _propose(pool, batched, rule_id, household_ids[:3])
    await proposals.decide(
        pool,
        batched.community_id,
        batched.staff["committee"],
        frozenset({"committee"}),
        True,
        None,
        proposal_ids=[uuid.UUID(proposal) for proposal in first["proposal_ids"] + second["proposal_ids"]],
    )
    await _one_at_a_time(pool, one_by_one, rule_id, household_ids + household_ids[:3])

    assert await _record(owner, batched) == await _record(owner, one_by_one)
    await _sound(pool, batched)


async def test_a_yearly_cap_reached_by_the_batch_s_own_earlier_award_refuses_it_all(pool, owner):
    batched, one_by_one, household_ids = await _twin_villages(pool, 3)
    for village in (batched, one_by_one):
        await owner.execute(
            "UPDATE communities SET yearly_points_cap = 9 WHERE community_id = $1", village.community_id
        )
    rule_id = await _rule(pool, (batched, one_by_one), "QJ", 5)
    first = await _propose(pool, batched, rule_id, household_ids)
    second = await _propose(pool, batched, rule_id, household_ids[1:2])
    before = await _record(owner, batched)
    answer = await owner.fetchval(
        "SELECT ledger_decide($1, $2, $3, $4, NULL, NULL, true, NULL)",
        batched.community_id,
        batched.staff["committee"],
        ["committee"],
        [uuid.UUID(proposal) for proposal in first["proposal_ids"] + second["proposal_ids"]],
    )
    # One at a time, the second award of the second household is the one refused.
    awards = await _one_at_a_time(pool, one_by_one, rule_id, household_ids + household_ids[1:2])

    assert answer == awards[-1]
    assert answer["outcome"] == "yearly_cap_reached"
    assert await _record(owner, batched) == before


async def test_a_decision_over_two_months_marks_each_month_s_households_as_one_at_a_time(pool, owner):
    # Some households already took part this month (their opening points); last month's
    # awards make every one of them new to that month.
    batched, one_by_one, household_ids = await _twin_villages(pool, 6)
    rule_id = await _rule(pool, (batched, one_by_one), "QJ", 5)
    earlier = last_month(10)
    then = await _propose(pool, batched, rule_id, household_ids[:4], earlier)
    now = await _propose(pool, batched, rule_id, household_ids[2:])
    await proposals.decide(
        pool,
        batched.community_id,
        batched.staff["committee"],
        frozenset({"committee"}),
        True,
        None,
        proposal_ids=[uuid.UUID(proposal) for proposal in then["proposal_ids"] + now["proposal_ids"]],
    )
    await _one_at_a_time(
        pool, one_by_one, rule_id, household_ids[:4] + household_ids[2:], [earlier] * 4 + [None] * 4
    )

    assert await _record(owner, batched) == await _record(owner, one_by_one)
    await _sound(pool, batched)
