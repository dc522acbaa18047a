"""A village divided into villager groups, with a month of points behind it: the data the
group boards, the screen's chart by group and the township's drill-down are tested on.

1组: 001 王大山 and 002 李小花; 2组: 003 赵四; 3组: nobody; 004 钱多多 in no group.
Last month: 001 is awarded 10. This month: 001 is awarded 10 twice (the second reversed),
002 is awarded 10 and has 4 deducted, 003 is awarded 10 and redeems two soaps of 3 points,
004 is awarded 10."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

import asyncpg

from ledger.domain import commands
from ledger.services import groups
from ledger.store import awards, reversals
from tests.support import (
    Village,
    add_goods,
    add_household,
    add_rule,
    community_today,
    last_month,
    new_village,
    redeem,
)


@dataclass
class GroupedVillage:
    village: Village
    groups: dict[str, uuid.UUID]  # name → group id
    households: dict[str, uuid.UUID]  # number → household id
    this_month: datetime.date
    last_month: datetime.date


async def grouped_village(pool: asyncpg.Pool, township_id: uuid.UUID | None = None) -> GroupedVillage:
    village = await new_village(pool, township_id=township_id, name=f"分组村{uuid.uuid4().hex[:4]}")
    community = village.community_id
    made = {}
    for name in ("1组", "2组", "3组"):
        command = commands.CreateGroup(kind="group", name=name)
        made[name] = await groups.create_group(pool, community, None, command)
    households = {}
    for number, name, group in (
        ("001", "王大山", "1组"),
        ("002", "李小花", "1组"),
        ("003", "赵四", "2组"),
        ("004", "钱多多", None),
    ):
        households[number] = await add_household(pool, village, number, name)
        if group is not None:
            move = commands.MoveHousehold(household_id=households[number], group_id=made[group])
            await groups.move_household(pool, community, None, move)
    good, bad = await add_rule(pool, village, "R01", 10), await add_rule(pool, village, "B01", -4)
    soap = await add_goods(pool, village, "G01", 3, 10)

    async def award(number: str, rule: uuid.UUID, on: datetime.date | None = None) -> dict:
        return await awards.award(pool, community, None, households[number], rule, None, None, on, None, None)

    earlier = last_month(10)
    await award("001", good, earlier)
    await award("001", good)
    twice = await award("001", good)
    await reversals.reverse(pool, community, None, twice["event_seq"], "重复录入", None, None)
    await award("002", good)
    await award("002", bad)
    await award("003", good)
    await redeem(pool, community, households["003"], [(soap, 2)])
    await award("004", good)
    return GroupedVillage(village, made, households, community_today().replace(day=1), earlier.replace(day=1))
