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
from ledger.services import cards, redemptions, security
from ledger.services.auth import Principal
from ledger.store import counter as counter_store
from ledger.store import queries, record, reversals
from ledger.store.group_commit import RedemptionBatcher
from ledger.store.queries import policy as policy_reads
from ledger.store.types import Connection

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
    one way every cart goes (services.redemptions). A retry with the same Idempotency-Key and
    body answers first, as the first call did, even if the card was replaced, the policy
    changed or the PIN was locked since."""
    # Of the command as sent, without the PIN: a digest kept in the log must not let anyone
    # try the 10,000 PINs against it.
    digest = commands.request_digest(
        "redeem_by_card", commands.RedeemByCard(card=command.card, lines=command.lines)
    )
    household_id = await cards.household_of_card(pool, community_id, command.card)
    async with pool.acquire() as connection:
        async with connection.transaction():
            replayed = await record.replay(connection, community_id, idempotency_key, digest)
            refused = None
            if replayed is None:
                refused = await _refusal_at_the_counter(connection, community_id, household_id, command.pin)
        if refused is not None:
            raise refused  # once the transaction has committed, so that a wrong try stays counted
    if replayed is not None:
        answer = replayed
    else:
        assert household_id is not None, "a card that names no household is refused"
        cart = commands.Redeem(household_id=household_id, lines=command.lines)
        answer = await redemptions.redeem(
            batcher, community_id, principal.user_id, cart, idempotency_key, digest
        )
    answer["receipt_number"] = receipt_number(answer["event_seq"])
    return answer


async def _refusal_at_the_counter(
    connection: Connection, community_id: uuid.UUID, household_id: uuid.UUID | None, pin: str | None
) -> Refused | None:
    """Why the card's household may not redeem now, if it may not: no such card, or a PIN
    missing, wrong or locked where the policy asks for one (the policy read in the
    transaction that counts the try)."""
    if household_id is None:
        return Refused("not_found", "no such card in this community")
    policy = await policy_reads.policy(connection, community_id)
    assert policy is not None, "a community the principal serves exists"
    if not policy["counter_pin_required"]:
        return None
    return await _try_pin(connection, community_id, household_id, pin)


async def _try_pin(
    connection: Connection, community_id: uuid.UUID, household_id: uuid.UUID, pin: str | None
) -> Refused | None:
    """One try of the household's PIN, weighed and counted with its row locked (the lock is
    the household's, not the community's head: argon2 is slow by design, and the rest of the
    village's counter need not wait for it). The refusal, or None when the PIN is right."""
    stored = await counter_store.pin_for_a_try(connection, community_id, household_id)
    if stored is None:
        return Refused(
            "pin_required",
            "this community asks for a PIN, and the household has none yet: the committee sets one",
        )
    if stored["locked"]:
        # Locked means locked: even the right PIN waits for the committee.
        return Refused("pin_locked", "the PIN is locked after too many wrong tries; the committee unlocks it")
    if pin is None:
        return Refused("pin_required", "this community asks for the household's PIN")
    if await asyncio.to_thread(security.password_matches, stored["pin_hash"], pin):
        await counter_store.record_pin_success(connection, community_id, household_id)
        return None
    locked = await counter_store.record_pin_failure(
        connection, community_id, household_id, limits.PIN_TRIES_MAX
    )
    _audit.warning("wrong PIN", community_id=str(community_id), household_id=str(household_id), locked=locked)
    if locked:
        return Refused("pin_locked", "too many wrong PINs: locked until the committee unlocks it")
    return Refused("pin_wrong", "wrong PIN")


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
