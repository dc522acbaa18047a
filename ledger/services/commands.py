"""The ledger's commands as use cases: check the command, then let the store do it
atomically. Role checks happen at the edge (api/guards); these trust their caller."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from ledger.domain import commands
from ledger.domain.dates import check_occurred_on
from ledger.domain.errors import Refused
from ledger.domain.honours import HONOUR_RULE_PREFIX, is_honour_rule
from ledger.store import commands as store
from ledger.store import counter as counter_store
from ledger.store import fairness, queries
from ledger.store.group_commit import RedemptionBatcher


async def redeem(
    batcher: RedemptionBatcher,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    command: commands.Redeem,
    idempotency_key: str | None,
) -> dict[str, Any]:
    """Through the group-commit batcher: concurrent redemptions of a community share a commit."""
    lines = commands.merged_lines(command)
    digest = commands.request_digest("redeem", command)
    return await batcher.redeem(community_id, actor_id, command.household_id, lines, idempotency_key, digest)


async def award(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    command: commands.Award,
    idempotency_key: str | None,
) -> dict[str, Any]:
    policy = await counter_store.policy(pool, community_id)
    today = await queries.local_today(pool, community_id)
    if policy is None or today is None:
        raise Refused("not_found", "no such community")
    check_occurred_on(command.occurred_on, today)
    if not policy["direct_awards"]:
        raise Refused(
            "proposal_required",
            "this community's policy sends every award and deduction through a proposal that someone else decides",
        )
    if actor_id is not None:
        await fairness.refuse_if_linked(pool, community_id, actor_id, [command.household_id])
    if await fairness.staff_households(pool, community_id, [command.household_id]):
        raise Refused(
            "needs_supervisor",
            "an award to a staff member's household goes through a proposal that the "
            "supervision committee decides",
        )
    digest = commands.request_digest("award", command)
    return await store.award(
        pool,
        community_id,
        actor_id,
        command.household_id,
        command.rule_id,
        command.member,
        command.note,
        command.occurred_on,
        idempotency_key,
        digest,
    )


REVERSERS = frozenset({"supervisor"})


async def reverse(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    roles: frozenset[str],
    command: commands.Reverse,
    idempotency_key: str | None,
) -> dict[str, Any]:
    """Only the supervision committee reverses (the counter cancels its own redemption the same
    day, through counter.cancel); the API and every page come through here."""
    if not roles & REVERSERS:
        raise Refused("forbidden", "only the supervision committee reverses entries")
    if actor_id is not None:  # nobody corrects the record in favour of their own household
        household_id = await queries.event_household(pool, community_id, command.event_seq)
        if household_id is not None:
            await fairness.refuse_if_linked(pool, community_id, actor_id, [household_id])
    digest = commands.request_digest("reverse", command)
    return await store.reverse(
        pool, community_id, actor_id, command.event_seq, command.reason, idempotency_key, digest
    )


async def receive_stock(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    command: commands.ReceiveStock,
    idempotency_key: str | None,
) -> dict[str, Any]:
    if command.source == "donation" and not command.donor:
        raise Refused("validation_failed", "a donation in kind names its donor (or 匿名 for anonymous)")
    if command.source != "purchase" and command.fund_expenditure_seq is not None:
        raise Refused("validation_failed", "only bought stock names a fund expenditure")
    digest = commands.request_digest("receive_stock", command)
    async with pool.acquire() as connection:
        return await store.receive_stock(
            connection,
            community_id,
            actor_id,
            command.goods_id,
            command.quantity,
            command.note,
            idempotency_key,
            digest,
            command.source,
            command.donor,
            command.fund_expenditure_seq,
        )


async def register_household(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    command: commands.RegisterHousehold,
) -> uuid.UUID:
    household_id = uuid.uuid4()
    async with pool.acquire() as connection:
        await store.register_household(
            connection,
            community_id,
            actor_id,
            household_id,
            command.number.strip(),
            command.head_name.strip(),
        )
    return household_id


async def define_rule(
    pool: asyncpg.Pool, community_id: uuid.UUID, actor_id: uuid.UUID | None, command: commands.DefineRule
) -> uuid.UUID:
    if command.points == 0:
        raise Refused("validation_failed", "a rule gives or takes at least one point")
    if is_honour_rule(command.code):
        raise Refused(
            "validation_failed", "codes starting {prefix} are kept for honours", prefix=HONOUR_RULE_PREFIX
        )
    rule_id = uuid.uuid4()
    async with pool.acquire() as connection:
        await store.define_rule(
            connection,
            community_id,
            actor_id,
            rule_id,
            command.code,
            command.name,
            command.name_en,
            command.category,
            command.points,
            command.needs_publicity,
            command.needs_evidence,
        )
    return rule_id


async def list_goods(
    pool: asyncpg.Pool, community_id: uuid.UUID, actor_id: uuid.UUID | None, command: commands.ListGoods
) -> uuid.UUID:
    goods_id = uuid.uuid4()
    async with pool.acquire() as connection:
        await store.list_goods(
            connection,
            community_id,
            actor_id,
            goods_id,
            command.code,
            command.name,
            command.name_en,
            command.category,
            command.unit,
            command.points,
        )
    return goods_id
