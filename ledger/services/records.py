"""Checking the record: a community's hash chain walked whole."""

from __future__ import annotations

import uuid

import asyncpg

from ledger.domain.chain import ChainReport
from ledger.store import integrity


async def verify_community(pool: asyncpg.Pool, community_id: uuid.UUID) -> ChainReport | None:
    """The walk of the community's chain, in one snapshot; None when there is no such community."""
    return await integrity.verify(pool, community_id)
