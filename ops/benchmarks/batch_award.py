"""A 500-household batch award end to end over HTTP (a scorer proposes, a committee member
approves the batch), against the same balance updates and event inserts in plain SQL."""

from __future__ import annotations

import statistics
import time
from typing import Any

from ops.benchmarks.preparation import BATCH_SIZE, connect_owner
from ops.benchmarks.server import log_in, post_json

ROUNDS = 5


def run_batch_award(port: int, community: dict[str, Any], rounds: int = ROUNDS) -> float:
    """The median of `rounds`, in milliseconds."""
    scorer, committee = log_in(port, "bench_scorer"), log_in(port, "bench_committee")
    base = f"/api/v1/communities/{community['community_id']}"
    households = community["households"][:BATCH_SIZE]
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        batch = post_json(
            port,
            f"{base}/proposals",
            {"rule_id": community["batch_rule"], "household_ids": households},
            scorer,
        )
        decided = post_json(
            port, f"{base}/proposals/batches/{batch['batch_id']}/decision", {"approve": True}, committee
        )
        times.append((time.perf_counter() - started) * 1000)
        assert len(decided["approved"]) == BATCH_SIZE
    return statistics.median_high(times)


async def plain_sql_batch(url: str, rounds: int = ROUNDS) -> float:
    """The baseline: the same number of balance updates and event inserts, in one
    transaction of plain SQL (no chain, no checks). The median, in milliseconds."""
    connection = await connect_owner(url)
    times = []
    try:
        for _ in range(rounds):
            started = time.perf_counter()
            async with connection.transaction():
                await connection.executemany(
                    "UPDATE bench_balance SET spendable = spendable + 1 WHERE household = $1",
                    [(n,) for n in range(1, BATCH_SIZE + 1)],
                )
                await connection.executemany(
                    "INSERT INTO bench_event (household, points, body) VALUES ($1, 1, '{}')",
                    [(n,) for n in range(1, BATCH_SIZE + 1)],
                )
            times.append((time.perf_counter() - started) * 1000)
    finally:
        await connection.close()
    return statistics.median_high(times)
