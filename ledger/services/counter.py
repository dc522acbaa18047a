"""The counter: a redemption by card (and PIN where policy asks), its receipt, and the same
counter user's same-day cancellation; community policy as the committee sets it."""

from __future__ import annotations

import asyncio
import dataclasses
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
from ledger.store import counter as counter_store
from ledger.store import queries, record, reversals
from ledger.store.group_commit import RedemptionBatcher
from ledger.store.queries import policy as policy_reads

_audit = structlog.get_logger("ledger.audit")


async def redeem_by_card(
    pool: asyncpg.Pool,
    batcher: RedemptionBatcher,
    community_id: uuid.UUID,
    principal: Principal,
    command: commands.RedeemByCard,
    idempotency_key: str,
) -> dict[str, Any]:
    """The card names the household, the PIN is tried where policy asks, and the cart goes the
    way every cart goes (services.redemptions): one command of the group commit, which finds the
    card, reads the policy and the window, counts the PIN's try, prices the lines and sells,
    under the head lock. Only a PIN given is weighed first (one read, then argon2, slow by
    design, outside every lock). A retry with the same Idempotency-Key and body answers first,
    as the first call did, even if the card was replaced, the policy changed or the PIN was
    locked since."""
    # Of the command as sent, without the PIN: a digest kept in the log must not let anyone
    # try the 10,000 PINs against it.
    digest = commands.request_digest(
        "redeem_by_card", commands.RedeemByCard(card=command.card, lines=command.lines)
    )
    card = cards.card_at_counter(community_id, command.card)
    tried = None
    if command.pin is not None:
        tried = await counter_store.pin_to_weigh(pool, community_id, card.token_hash, card.short_code_hash)
        if tried is not None:
            right = await asyncio.to_thread(security.password_matches, tried["pin_hash"], command.pin)
            card = dataclasses.replace(
                card, pin_hash=tried["pin_hash"], pin_right=right, pin_tries_max=limits.PIN_TRIES_MAX
            )
    lines = commands.merged_lines(command.lines)
    try:
        answer = await batcher.redeem_by_card(
            community_id, principal.user_id, card, lines, idempotency_key, digest
        )
    except Refused as refused:
        if tried is not None and card.pin_right is False and refused.code in ("pin_wrong", "pin_locked"):
            _audit.warning(
                "wrong PIN",
                community_id=str(community_id),
                household_id=str(tried["household_id"]),
                locked=refused.code == "pin_locked",
            )
        raise
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
    goes to the supervision committee (a reversal). Who made it and whether it is still its
    day are read after the head lock, in the transaction that records the cancellation."""
    digest = commands.request_digest("cancel", command)
    async with pool.acquire() as connection, connection.transaction():
        await record.lock_community(connection, community_id)
        redemption = await counter_store.event(connection, community_id, seq)
        if redemption is None or redemption["kind"] != kinds.REDEMPTION_MADE:
            raise Refused("not_found", "no such redemption in this community")
        if redemption["actor_id"] != principal.user_id or not redemption["today"]:
            raise Refused(
                "forbidden",
                "only the counter user who made a redemption may cancel it, and only the same day; "
                "after that the supervision committee reverses it",
            )
        return await reversals.reverse(
            connection,
            community_id,
            principal.user_id,
            seq,
            command.reason,
            None,
            digest,
            kinds.REDEMPTION_CANCELLED,
        )


async def receipt(pool: asyncpg.Pool, community_id: uuid.UUID, seq: int) -> dict[str, Any]:
    """What a receipt shows (ledger.documents.receipt prints it)."""
    redemption = await counter_store.event(pool, community_id, seq)
    if redemption is None or redemption["kind"] != kinds.REDEMPTION_MADE:
        raise Refused("not_found", "no such redemption in this community")
    policy = await policy_reads.policy(pool, community_id)
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
