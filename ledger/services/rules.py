"""A rule defined in the community's rule catalog, one at a time (a whole sheet of rules is
imported by services.rule_catalog)."""

from __future__ import annotations

import uuid

import asyncpg

from ledger.domain import commands
from ledger.domain.errors import Refused
from ledger.domain.honours import HONOUR_RULE_PREFIX, is_honour_rule
from ledger.store import rules


async def define_rule(
    pool: asyncpg.Pool, community_id: uuid.UUID, actor_id: uuid.UUID | None, command: commands.DefineRule
) -> uuid.UUID:
    if command.points == 0:
        raise Refused("validation_failed", "a rule gives or takes at least one point")
    if command.claimable and command.points < 0:
        raise Refused("validation_failed", "residents claim awards only, never a deduction")
    if is_honour_rule(command.code):
        raise Refused(
            "validation_failed", "codes starting {prefix} are kept for honours", prefix=HONOUR_RULE_PREFIX
        )
    rule_id = uuid.uuid4()
    async with pool.acquire() as connection:
        await rules.define_rule(
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
            command.claimable,
        )
    return rule_id
