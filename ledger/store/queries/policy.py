"""A community's policy: what its committee has set (the counter's PIN and window, publicity,
boards, caps, direct awards), with its name and time zone."""

from __future__ import annotations

import uuid

import asyncpg

from ledger.store.types import Connectable

POLICY_FIELDS = (
    "counter_pin_required",
    "redemption_window",
    "redemption_day",
    "deduction_may_overdraw",
    "fund_points_per_100_yuan",
    "star_thresholds",
    "publicity_days",
    "publicity_threshold",
    "year_end",
    "red_board_size",
    "black_board_public",
    "board_listing_days",
    "yearly_points_cap",
    "direct_awards",
    "fund_resolution_threshold_fen",
    "claims_per_day_max",
    "claims_per_rule_per_day_max",
)


async def policy(db: Connectable, community_id: uuid.UUID) -> asyncpg.Record | None:
    return await db.fetchrow(
        f"SELECT name, time_zone, {', '.join(POLICY_FIELDS)} FROM communities WHERE community_id = $1",  # noqa: S608 fixed names
        community_id,
    )
