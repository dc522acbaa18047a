"""The counter's side of the record: community policy changed, household PINs set, tried and
unlocked, and the events a receipt or a cancellation is about (the policy itself is read in
ledger.store.queries.policy)."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from ledger.domain import events as kinds
from ledger.domain.errors import Refused
from ledger.store import households
from ledger.store.queries.policy import POLICY_FIELDS, policy
from ledger.store.record import append, lock_head
from ledger.store.types import Connectable, Connection


async def change_policy(
    connection: Connection, community_id: uuid.UUID, actor_id: uuid.UUID | None, changes: dict[str, Any]
) -> bool:
    async with connection.transaction():
        await lock_head(connection, community_id)
        current = await policy(connection, community_id)
        if current is None:
            raise Refused("not_found", "no such community")
        different = {
            k: v for k, v in changes.items() if v is not None and k in POLICY_FIELDS and current[k] != v
        }
        if not different:
            return False
        await append(
            connection,
            community_id,
            kinds.POLICY_CHANGED,
            actor_id,
            {"changes": different, "before": {k: current[k] for k in different}},
        )
        try:
            await connection.execute(
                """UPDATE communities SET counter_pin_required = coalesce($2, counter_pin_required),
                       redemption_window = coalesce($3, redemption_window),
                       redemption_day = coalesce($4, redemption_day),
                       deduction_may_overdraw = coalesce($5, deduction_may_overdraw),
                       fund_points_per_100_yuan = coalesce($6, fund_points_per_100_yuan),
                       star_thresholds = coalesce($7, star_thresholds),
                       publicity_days = coalesce($8, publicity_days),
                       publicity_threshold = coalesce($9, publicity_threshold),
                       year_end = coalesce($10, year_end),
                       red_board_size = coalesce($11, red_board_size),
                       black_board_public = coalesce($12, black_board_public),
                       board_listing_days = coalesce($13, board_listing_days),
                       yearly_points_cap = coalesce($14, yearly_points_cap),
                       direct_awards = coalesce($15, direct_awards),
                       fund_resolution_threshold_fen = coalesce($16, fund_resolution_threshold_fen),
                       claims_per_day_max = coalesce($17, claims_per_day_max),
                       claims_per_rule_per_day_max = coalesce($18, claims_per_rule_per_day_max)
                   WHERE community_id = $1""",
                community_id,
                *(different.get(field) for field in POLICY_FIELDS),
            )
        except asyncpg.CheckViolationError as error:
            raise Refused(
                "validation_failed", "that policy is not possible (a monthly window needs its day)"
            ) from error
        return True


async def set_pin(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    household_id: uuid.UUID,
    pin_hash: str,
) -> None:
    async with connection.transaction():
        await lock_head(connection, community_id)
        await households.existing_household(connection, community_id, household_id)
        await append(connection, community_id, kinds.PIN_SET, actor_id, {}, household_id=household_id)
        await connection.execute(
            """INSERT INTO household_pins (community_id, household_id, pin_hash) VALUES ($1, $2, $3)
               ON CONFLICT (community_id, household_id)
               DO UPDATE SET pin_hash = excluded.pin_hash, failed_attempts = 0, locked = false""",
            community_id,
            household_id,
            pin_hash,
        )


async def unlock_pin(
    connection: Connection, community_id: uuid.UUID, actor_id: uuid.UUID | None, household_id: uuid.UUID
) -> bool:
    async with connection.transaction():
        await lock_head(connection, community_id)
        unlocked = await connection.fetchval(
            """UPDATE household_pins SET locked = false, failed_attempts = 0
               WHERE community_id = $1 AND household_id = $2 AND (locked OR failed_attempts > 0) RETURNING true""",
            community_id,
            household_id,
        )
        if unlocked:
            await append(
                connection, community_id, kinds.PIN_UNLOCKED, actor_id, {}, household_id=household_id
            )
        return bool(unlocked)


async def pin_to_weigh(
    db: Connectable, community_id: uuid.UUID, token_hash: bytes | None, short_code_hash: bytes | None
) -> asyncpg.Record | None:
    """The PIN of the card's household where the community's policy asks for one and it can be
    tried (set, not locked), in one read; None otherwise. Only read: the try is counted, under
    the head lock, with the sale (ledger_redeem_by_card_after), which also sees a PIN locked or
    changed in between."""
    return await db.fetchrow(
        """SELECT p.household_id, p.pin_hash FROM cards c
           JOIN communities m ON m.community_id = c.community_id AND m.counter_pin_required
           JOIN household_pins p ON p.community_id = c.community_id AND p.household_id = c.household_id
           WHERE c.community_id = $1 AND c.revoked_at IS NULL AND NOT p.locked
             AND (c.token_hash = $2 OR c.short_code_hash = $3)""",
        community_id,
        token_hash,
        short_code_hash,
    )


async def event(db: Connectable, community_id: uuid.UUID, seq: int) -> asyncpg.Record | None:
    return await db.fetchrow(
        """SELECT e.seq, e.kind, e.recorded_at, e.occurred_on, e.actor_id, e.household_id, e.body, e.hash,
                  (e.occurred_on = (now() AT TIME ZONE c.time_zone)::date) AS today,
                  u.username AS actor, EXISTS (SELECT FROM reversals r
                      WHERE r.community_id = e.community_id AND r.reversed_seq = e.seq) AS reversed
           FROM events e JOIN communities c USING (community_id) LEFT JOIN users u ON u.user_id = e.actor_id
           WHERE e.community_id = $1 AND e.seq = $2""",
        community_id,
        seq,
    )
