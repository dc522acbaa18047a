"""The operator's set-up: `ledger community create` and `ledger user create`."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import uuid

from ledger.config import Settings
from ledger.domain.errors import Refused
from ledger.services.database import database_url, migrated

OPERATOR_POOL_SIZE_MAX = 2


def command_community_create(settings: Settings, arguments: argparse.Namespace) -> int:
    # Imported here: importing the password hasher computes a hash (0.15 s), which the
    # commands that make no accounts should not wait for.
    from ledger.services import operator

    async def create() -> tuple[uuid.UUID, bool]:
        async with migrated(database_url(settings), OPERATOR_POOL_SIZE_MAX) as (owner, pool):
            return await operator.create_community(
                owner,
                pool,
                arguments.county,
                arguments.township,
                arguments.name,
                arguments.time_zone,
                arguments.deductions_may_overdraw,
            )

    community_id, created = asyncio.run(create())
    print(f"{'created' if created else 'exists'}: {arguments.name} {community_id}")
    return 0


def _new_password() -> str:
    """From LEDGER_NEW_PASSWORD (for scripts), else asked twice on the terminal."""
    password = os.environ.get("LEDGER_NEW_PASSWORD")
    if password:
        return password
    first = getpass.getpass("password: ")
    if first != getpass.getpass("again: "):
        raise SystemExit("the two passwords differ")
    return first


def command_user_create(settings: Settings, arguments: argparse.Namespace) -> int:
    from ledger.services import operator  # imported here: see command_community_create

    roles = [(uuid.UUID(arguments.community), role) for role in arguments.role] if arguments.community else []
    if arguments.role and not arguments.community:
        raise SystemExit("--role needs --community")
    township = (arguments.county, arguments.oversee_township) if arguments.oversee_township else None
    if township and not arguments.county:
        raise SystemExit("--oversee-township needs --county")
    password = _new_password()

    async def create() -> uuid.UUID:
        async with migrated(database_url(settings), OPERATOR_POOL_SIZE_MAX) as (owner, pool):
            return await operator.create_user(
                owner,
                pool,
                arguments.username,
                password,
                arguments.display_name,
                roles,
                township,
                arguments.oversee_county,
            )

    try:
        user_id = asyncio.run(create())
    except Refused as refusal:
        raise SystemExit(f"{refusal.code}: {refusal.detail}") from None
    print(f"user {arguments.username} {user_id}")
    return 0
