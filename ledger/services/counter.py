"""The counter: a redemption by card (and PIN where policy asks), its receipt, and the same
counter user's same-day cancellation; community policy as the committee sets it."""

from __future__ import annotations

import asyncio
import uuid
import zoneinfo
from typing import Any

import asyncpg
import structlog

from ledger import limits
from ledger.domain import commands
from ledger.domain import events as kinds
from ledger.domain.errors import Refused
from ledger.domain.privacy import masked_name
from ledger.services import cards, security
from ledger.services.auth import Principal
from ledger.store import commands as store
from ledger.store import counter as counter_store
from ledger.store import queries
from ledger.store.group_commit import RedemptionBatcher

_audit = structlog.get_logger("ledger.audit")


async def _check_pin(
    pool: asyncpg.Pool, community_id: uuid.UUID, household_id: uuid.UUID, pin: str | None
) -> None:
    stored = await counter_store.pin(pool, community_id, household_id)
    if stored is None:
        raise Refused(
            "pin_required",
            "this community asks for a PIN, and the household has none yet: the committee sets one",
        )
    if stored["locked"]:
        # Locked means locked: even the right PIN waits for the committee.
        raise Refused("pin_locked", "the PIN is locked after too many wrong tries; the committee unlocks it")
    if pin is None:
        raise Refused("pin_required", "this community asks for the household's PIN")
    if await asyncio.to_thread(security.password_matches, stored["pin_hash"], pin):
        await counter_store.record_pin_success(pool, community_id, household_id)
        return
    locked = await counter_store.record_pin_failure(pool, community_id, household_id, limits.PIN_TRIES_MAX)
    _audit.warning("wrong PIN", community_id=str(community_id), household_id=str(household_id), locked=locked)
    if locked:
        raise Refused("pin_locked", "too many wrong PINs: locked until the committee unlocks it")
    raise Refused("pin_wrong", "wrong PIN")


async def sell(
    pool: asyncpg.Pool,
    batcher: RedemptionBatcher,
    community_id: uuid.UUID,
    principal: Principal,
    command: commands.RedeemByCard,
    idempotency_key: str,
) -> dict[str, Any]:
    household_id = await cards.household_of_card(pool, community_id, command.card)
    if household_id is None:
        raise Refused("not_found", "no such card in this community")
    policy = await counter_store.policy(pool, community_id)
    assert policy is not None, "a community the principal serves exists"
    if policy["counter_pin_required"]:
        await _check_pin(pool, community_id, household_id, command.pin)
    cart = commands.Redeem(household_id=household_id, lines=command.lines)
    lines = commands.merged_lines(cart)
    digest = commands.request_digest("redeem", cart)
    answer = await batcher.redeem(
        community_id, principal.user_id, household_id, lines, idempotency_key, digest
    )
    answer["receipt_number"] = receipt_number(answer["event_seq"])
    return answer


def receipt_number(seq: int) -> str:
    return f"No.{seq:08d}"


async def cancel(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    principal: Principal,
    seq: int,
    command: commands.CancelRedemption,
) -> dict[str, Any]:
    """The counter user who made a redemption may cancel it the same day; later, or anyone else,
    goes to the supervision committee (a reversal)."""
    redemption = await counter_store.event(pool, community_id, seq)
    if redemption is None or redemption["kind"] != kinds.REDEMPTION_MADE:
        raise Refused("not_found", "no such redemption in this community")
    if redemption["actor_id"] != principal.user_id or not redemption["today"]:
        raise Refused(
            "forbidden",
            "only the counter user who made a redemption may cancel it, and only the same day; "
            "after that the supervision committee reverses it",
        )
    digest = commands.request_digest("cancel", command)
    return await store.reverse(
        pool, community_id, principal.user_id, seq, command.reason, None, digest, kinds.REDEMPTION_CANCELLED
    )


async def receipt(pool: asyncpg.Pool, community_id: uuid.UUID, seq: int) -> dict[str, Any]:
    redemption = await counter_store.event(pool, community_id, seq)
    if redemption is None or redemption["kind"] != kinds.REDEMPTION_MADE:
        raise Refused("not_found", "no such redemption in this community")
    policy = await counter_store.policy(pool, community_id)
    household = await queries.household(pool, community_id, redemption["household_id"])
    assert policy is not None and household is not None
    local_time = redemption["recorded_at"].astimezone(zoneinfo.ZoneInfo(policy["time_zone"]))
    return {
        "community": policy["name"],
        "receipt_number": receipt_number(seq),
        "time": local_time.strftime("%Y-%m-%d %H:%M"),
        "household": f"{household['number']} {masked_name(household['head_name'])}",
        "lines": redemption["body"]["lines"],
        "points": redemption["body"]["points"],
        "spendable_after": redemption["body"]["spendable_after"],
        "counter": redemption["actor"] or "",
        "cancelled": redemption["reversed"],
        "chain": redemption["hash"].hex()[:16],
    }


async def change_policy(
    pool: asyncpg.Pool, community_id: uuid.UUID, actor_id: uuid.UUID, command: commands.ChangePolicy
) -> bool:
    changes = {field: getattr(command, field) for field in command.__struct_fields__}
    async with pool.acquire() as connection:
        return await counter_store.change_policy(connection, community_id, actor_id, changes)


async def set_pin(
    pool: asyncpg.Pool, community_id: uuid.UUID, actor_id: uuid.UUID, household_id: uuid.UUID, pin: str
) -> None:
    pin_hash = await asyncio.to_thread(security.hash_secret, pin)
    async with pool.acquire() as connection:
        await counter_store.set_pin(connection, community_id, actor_id, household_id, pin_hash)


async def unlock_pin(
    pool: asyncpg.Pool, community_id: uuid.UUID, actor_id: uuid.UUID, household_id: uuid.UUID
) -> bool:
    async with pool.acquire() as connection:
        return await counter_store.unlock_pin(connection, community_id, actor_id, household_id)
