"""What cron runs: `ledger tick` (confirm awards whose publicity has ended) and `ledger
settle` (year-end settlement)."""

from __future__ import annotations

import argparse
import asyncio
import datetime
import uuid
from typing import Any

from ledger.cli.records import community_argument
from ledger.config import Settings
from ledger.domain.errors import Refused
from ledger.services import publicity, settlement
from ledger.services.database import database_url, migrated

SCHEDULED_POOL_SIZE_MAX = 2


def command_tick(settings: Settings, arguments: argparse.Namespace) -> int:
    as_of = datetime.date.fromisoformat(arguments.as_of) if arguments.as_of else None

    async def confirm() -> dict[uuid.UUID, int]:
        async with migrated(database_url(settings), SCHEDULED_POOL_SIZE_MAX) as (_, pool):
            return await publicity.confirm_due(pool, as_of)

    confirmed = asyncio.run(confirm())
    for community_id, count in confirmed.items():
        print(f"{community_id}: confirmed {count}")
    print(f"confirmed {sum(confirmed.values())} awards whose publicity had ended")
    return 0


def command_settle(settings: Settings, arguments: argparse.Namespace) -> int:
    async def settle() -> list[tuple[uuid.UUID, dict[str, Any]]]:
        async with migrated(database_url(settings), SCHEDULED_POOL_SIZE_MAX) as (_, pool):
            return await settlement.settle_year(pool, arguments.year, community_argument(arguments))

    try:
        results = asyncio.run(settle())
    except Refused as refusal:
        raise SystemExit(f"{refusal.code}: {refusal.detail}") from None
    for community_id, answer in results:
        state = "already settled" if answer["replayed"] else "settled"
        print(
            f"{community_id}: {answer['year']} {state} ({answer['policy']}): "
            f"{answer['points_expired']} points expired from {answer['households']} households"
        )
    return 0
