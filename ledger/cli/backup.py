"""`ledger backup FILE` from a live database and `ledger restore FILE` into an empty one,
after which every chain is walked and every projection compared with its log."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from ledger.backup import BackupFailed
from ledger.cli.records import print_rebuild, print_verify
from ledger.config import Settings
from ledger.progress import progress
from ledger.services import backups
from ledger.services.database import database_url


def command_backup(settings: Settings, arguments: argparse.Namespace) -> int:
    path = Path(arguments.file).resolve()
    try:
        with progress("backup", unit="tables") as shown:
            heads = asyncio.run(backups.back_up(database_url(settings), path, shown))
    except BackupFailed as error:
        print(error, file=sys.stderr)
        return 1
    if heads is None:
        print("nothing to back up: this database holds no ledger (ledger migrate makes one)", file=sys.stderr)
        return 1
    print(
        f"backed up to {path} ({path.stat().st_size:,} bytes), {len(heads)} communities; "
        "their heads as it began (the file holds at least these):"
    )
    for head in heads:
        print(f"  {head.community_id} #{head.seq} {head.hash.hex()}")
    return 0


def command_restore(settings: Settings, arguments: argparse.Namespace) -> int:
    url = database_url(settings)
    try:
        with progress("restore", unit="tables") as shown:
            restored = asyncio.run(backups.restore(url, Path(arguments.file), shown))
    except BackupFailed as error:
        print(error, file=sys.stderr)
        return 1
    if restored is backups.Restored.NOT_EMPTY:
        print("refused: the database already holds a ledger; restore into an empty one", file=sys.stderr)
        return 1
    if restored is backups.Restored.OTHER_MIGRATIONS:
        print(
            "refused: the backup was made at other migrations than this release's; on Citus its rows "
            "load into the schema `ledger migrate` makes, so restore it with the release that made it, "
            "then upgrade with `ledger migrate`",
            file=sys.stderr,
        )
        return 1
    print(f"restored {arguments.file}; checking every chain and every projection:")
    chains = asyncio.run(print_verify(url, None))
    projections = asyncio.run(print_rebuild(url, None, check_only=True))
    return 1 if chains or projections else 0
