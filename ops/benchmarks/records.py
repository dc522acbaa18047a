"""`ledger verify` and `ledger rebuild --check` over the board village's log (a million
events by default), run as an operator runs them — the command in a process of its own with
the database's URL in its environment — and timed from start to exit; against the floors
in the same run: Python's SHA-256 over the same canonical bytes (what the chain walk cannot
go below), and the same figures summed by plain SQL."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import uuid
from typing import Any

from ops.benchmarks.preparation import connect_owner

PAGE = 50_000  # rows a page of the baseline reads: its bytes stay out of the memory's way


def run_command(url: str, command: list[str]) -> dict[str, Any]:
    """`ledger COMMAND`: its seconds (wall clock, start to exit) and whether it said all is well."""
    environment = {**os.environ, "LEDGER_DATABASE_URL": url}
    started = time.perf_counter()
    finished = subprocess.run(
        [sys.executable, "-m", "ledger.cli", *command], env=environment, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "ok": finished.returncode == 0, "output": finished.stdout[-2000:]}


def run_verify(url: str, board: dict[str, Any]) -> dict[str, Any]:
    return run_command(url, ["verify", "--community", board["community_id"]])


def run_rebuild_check(url: str, board: dict[str, Any]) -> dict[str, Any]:
    return run_command(url, ["rebuild", "--check", "--community", board["community_id"]])


async def sha256_seconds(url: str, board: dict[str, Any]) -> float:
    """Only the hashing of each event's link (previous hash + canonical bytes), page by page,
    in this process: the reading is left out, so this is SHA-256's own speed in Python."""
    connection = await connect_owner(url)
    community_id = uuid.UUID(board["community_id"])
    seconds, after = 0.0, 0
    try:
        while True:
            rows = await connection.fetch(
                """SELECT seq, previous_hash, canonical FROM events
                   WHERE community_id = $1 AND seq > $2 ORDER BY seq LIMIT $3""",
                community_id,
                after,
                PAGE,
            )
            if not rows:
                return seconds
            links = [(row["previous_hash"], row["canonical"]) for row in rows]
            started = time.perf_counter()
            for previous_hash, canonical in links:
                hashlib.sha256(previous_hash + canonical).digest()
            seconds += time.perf_counter() - started
            after = rows[-1]["seq"]
    finally:
        await connection.close()


async def plain_sql_replay_seconds(url: str, board: dict[str, Any]) -> float:
    """The projections' figures summed from the same log by one plain statement (no decoding,
    no comparing): what a replay amounts to inside the database."""
    connection = await connect_owner(url)
    try:
        started = time.perf_counter()
        await connection.fetch(
            """SELECT household_id, sum(spendable_delta), sum(pending_delta), sum(honour_delta), max(seq)
               FROM events WHERE community_id = $1 GROUP BY household_id""",
            uuid.UUID(board["community_id"]),
        )
        return time.perf_counter() - started
    finally:
        await connection.close()
