"""Checking the record: walk every chain (`ledger verify`, the API's /verify) and compare, or
rewrite, the projections from the log (`ledger rebuild`), over every community or one. Results
come one community at a time, so a long walk shows its progress."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import asyncpg

from ledger.domain.chain import ChainReport
from ledger.store import integrity, queries
from ledger.store.integrity import Advance, not_shown
from ledger.store.types import Connection


@dataclass(frozen=True, slots=True)
class ChainChecked:
    community_id: uuid.UUID
    report: ChainReport | None  # None: there is no such community


@dataclass(frozen=True, slots=True)
class ProjectionsChecked:
    community_id: uuid.UUID
    corrected: list[str]  # rows rebuilt from the log (none when only checking)
    differing: list[str]  # rows that still differ from the log


async def _communities(connection: Connection, community_id: uuid.UUID | None) -> list[uuid.UUID]:
    return [community_id] if community_id is not None else await queries.community_ids(connection)


async def events_to_walk(connection: Connection, community_id: uuid.UUID | None = None) -> int:
    """The events a verify or a rebuild of the one community, or of every one, goes through
    (their heads' seqs): the total of its progress."""
    return await queries.events_recorded(connection, community_id)


async def verify(
    connection: Connection,
    community_id: uuid.UUID | None = None,
    advance: Advance = not_shown,
    companion: Connection | None = None,
) -> AsyncIterator[ChainChecked]:
    """Walk the chain of the one community, or of every community by name; `advance` is
    told of the events walked as the walk goes. A `companion` connection lets the database
    check the columns while the chain is hashed (ledger.store.integrity.verify)."""
    for each in await _communities(connection, community_id):
        yield ChainChecked(each, await integrity.verify(connection, each, advance, companion))


async def rebuild(
    connection: Connection,
    community_id: uuid.UUID | None = None,
    *,
    check_only: bool = False,
    advance: Advance = not_shown,
) -> AsyncIterator[ProjectionsChecked]:
    """Rewrite the projections from the log (only compare them, when `check_only`) for the
    one community, or for every community by name; `advance` is told of the events replayed."""
    for each in await _communities(connection, community_id):
        if check_only:
            yield ProjectionsChecked(each, [], await integrity.check_rebuild(connection, each, advance))
        else:
            corrected, differing = await integrity.rebuild(connection, each, advance)
            yield ProjectionsChecked(each, corrected, differing)


async def verify_community(pool: asyncpg.Pool, community_id: uuid.UUID) -> ChainReport | None:
    """The walk of the community's chain, in one snapshot; None when there is no such community."""
    return await integrity.verify(pool, community_id)
