"""The month's red list of a community with a long log (a million events by default), over
HTTP, against the month's top ten from a bare table of the same awards."""

from __future__ import annotations

import statistics
import time
from typing import Any

from ops.benchmarks.preparation import connect_owner
from ops.benchmarks.server import get_json

ROUNDS = 30
BOARD_LENGTH = 10


def run_board(port: int, board: dict[str, Any], rounds: int = ROUNDS) -> float:
    """GET the month's red list over HTTP (public, no login); the median in milliseconds."""
    path = f"/api/v1/boards/{board['community_id']}/red/{board['month']}"
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        listing = get_json(port, path)
        times.append((time.perf_counter() - started) * 1000)
        assert len(listing["entries"]) == BOARD_LENGTH, listing
    return statistics.median_high(times)


async def plain_sql_board(url: str, board: dict[str, Any], rounds: int = ROUNDS) -> float:
    """The baseline: the month's top ten from a bare table of the same awards, no join, no
    reversal check, no masking. The median in milliseconds."""
    connection = await connect_owner(url)
    first = board["today"].replace(day=1)
    times = []
    try:
        for _ in range(rounds):
            started = time.perf_counter()
            rows = await connection.fetch(
                """SELECT household_id, sum(points) AS points, count(*) FROM bench_points
                   WHERE kind = 'award.confirmed' AND occurred_on BETWEEN $1 AND $2
                   GROUP BY household_id ORDER BY points DESC LIMIT 10""",
                first,
                board["today"],
            )
            times.append((time.perf_counter() - started) * 1000)
            assert len(rows) == BOARD_LENGTH
    finally:
        await connection.close()
    return statistics.median_high(times)
