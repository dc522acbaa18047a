"""Checking the record: verify (walk every hash chain) and rebuild (replay the log into the
projections). `ledger restore` runs both after loading a backup."""

from __future__ import annotations

import argparse
import asyncio
import uuid

from ledger.config import Settings
from ledger.progress import progress
from ledger.services import records
from ledger.services.database import database_url, owner_connection


def community_argument(arguments: argparse.Namespace) -> uuid.UUID | None:
    """The community of --community (None: every community)."""
    return uuid.UUID(arguments.community) if arguments.community else None


async def print_verify(url: str, community_id: uuid.UUID | None) -> int:
    """Print each chain's state; the exit status (1: a chain is broken or missing)."""
    failures = 0
    # Two connections: the database checks every entry's columns on the second while the
    # chain is hashed here, each on its own core.
    async with owner_connection(url) as connection, owner_connection(url) as companion:
        total = await records.events_to_walk(connection, community_id)
        with progress("verify", total=total, unit="events") as shown:
            async for checked in records.verify(connection, community_id, shown.advance, companion):
                failures += _print_chain(checked)
    return 1 if failures else 0


def _print_chain(checked: records.ChainChecked) -> int:
    """Print the chain's state; 1 when it is broken or missing."""
    report = checked.report
    if report is None:
        print(f"{checked.community_id}: no such community")
        return 1
    if report.ok:
        print(
            f"{checked.community_id}: ok, {report.events} events, head {report.head_seq} {report.head_hash}"
        )
        return 0
    print(f"{checked.community_id}: BROKEN at seq {report.first_bad_seq}: {report.problem}")
    return 1


def _print_projections(checked: records.ProjectionsChecked, check_only: bool) -> None:
    community_id, found, remaining = checked.community_id, checked.corrected, checked.differing
    for line in found:
        print(f"{community_id}: corrected: {line}")
    for line in remaining:
        print(f"{community_id}: differs: {line}")
    if not found and not remaining:
        print(f"{community_id}: matches the log")
    else:
        print(f"{community_id}: {len(found)} rows corrected, {len(remaining)} differ")
    if remaining and not check_only:
        print(
            f"{community_id}: rebuild does not rewrite these (reversals, carry-overs, groups and grids): the tables "
            "were changed behind the record; compare with a backup (ops/restore)"
        )


async def print_rebuild(url: str, community_id: uuid.UUID | None, check_only: bool) -> int:
    """Print what was corrected and what differs; the exit status (1: something differs)."""
    differing = 0
    async with owner_connection(url) as connection:
        total = await records.events_to_walk(connection, community_id)
        with progress("rebuild --check" if check_only else "rebuild", total=total, unit="events") as shown:
            async for checked in records.rebuild(
                connection, community_id, check_only=check_only, advance=shown.advance
            ):
                differing += len(checked.differing)
                _print_projections(checked, check_only)
    return 1 if differing else 0


def command_verify(settings: Settings, arguments: argparse.Namespace) -> int:
    return asyncio.run(print_verify(database_url(settings), community_argument(arguments)))


def command_rebuild(settings: Settings, arguments: argparse.Namespace) -> int:
    return asyncio.run(print_rebuild(database_url(settings), community_argument(arguments), arguments.check))
