"""The demo village's villager groups (村民小组), a grid (网格) in each, the scorer looking
after the first, and two residents' claims from that grid waiting for the scorer: so that
the group pages, the claims page and the card's claims show something on the first run.
Found again by name on every run, never made twice."""

from __future__ import annotations

import uuid

import asyncpg

from ledger.domain import commands
from ledger.services import claims, groups
from ledger.store import queries
from ledger.store.queries import claims as claim_reads
from ledger.store.queries import groups as group_reads

# (group, its grid), households shared among them in number order.
GROUPS = (("第一村民小组", "第一网格"), ("第二村民小组", "第二网格"), ("第三村民小组", "第三网格"))
# (household number, rule code, what the resident wrote): claims waiting in the first grid.
CLAIMS = (("002", "R02", "打扫了村口到祠堂的巷子"), ("005", "R09", "帮隔壁张奶奶挑水、买药"))


async def seed_groups_and_claims(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    user_ids: dict[str, uuid.UUID],
    households: list[dict[str, str]],
    tokens: dict[str, str],
) -> None:
    """`households` as the demo lists them (id, number); `tokens`: number → card token."""
    committee = user_ids["committee"]
    existing = {row["name"]: row["group_id"] for row in await group_reads.groups(pool, community_id)}
    places = []
    for group_name, grid_name in GROUPS:
        group = existing.get(group_name) or await groups.create_group(
            pool, community_id, committee, commands.CreateGroup(kind="group", name=group_name)
        )
        grid = existing.get(grid_name) or await groups.create_group(
            pool, community_id, committee, commands.CreateGroup(kind="grid", name=grid_name, parent_id=group)
        )
        places.append((group, grid))
    share = -(-len(households) // len(places))  # the first third to the first group, and so on
    for index, household in enumerate(households):
        household_id = uuid.UUID(household["id"])
        row = await queries.household(pool, community_id, household_id)
        if row is not None and row["group_id"] is None:
            group, grid = places[index // share]
            move = commands.MoveHousehold(household_id=household_id, group_id=group, grid_id=grid)
            await groups.move_household(pool, community_id, committee, move)
    await groups.assign_grid(pool, community_id, committee, places[0][1], user_ids["scorer"])
    rule_ids = {row["code"]: row["rule_id"] for row in await queries.rules(pool, community_id)}
    ids = {household["number"]: uuid.UUID(household["id"]) for household in households}
    for number, code, note in CLAIMS:
        if number not in ids or await claim_reads.household_claims(pool, community_id, ids[number], 1):
            continue  # a smaller demo, or claimed on an earlier run
        await claims.claim(pool, tokens[number], commands.Claim(rule_id=rule_ids[code], note=note))
