"""The blows that fall during the load: the server killed with SIGKILL (and started again, as
systemd would), PostgreSQL stopped immediately (and left to the server to bring back)."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from ops.chaos_run.server import (
    SERVER_START_SECONDS,
    ServerProcess,
    ledger_check,
    stop_database_immediately,
    wait_not_ready,
    wait_ready,
)

# Each blow falls on a server that has been serving the load again for at least this long.
SERVICE_BETWEEN_BLOWS = 1.0
NOT_READY_WATCH_SECONDS = 5


@dataclasses.dataclass
class Blows:
    kills: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    stops: list[dict[str, Any]] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(frozen=True)
class Target:
    """What the blows fall on and how they are watched."""

    server: ServerProcess
    home: Path
    client: httpx.AsyncClient
    recovery_seconds: float
    say: Callable[[str], None]


def blow_plan(kills: int, stops: int) -> list[str]:
    """Kills and stops taking turns, the longer list's rest at the end."""
    plan: list[str] = []
    for index in range(max(kills, stops)):
        if index < kills:
            plan.append("kill")
        if index < stops:
            plan.append("stop")
    return plan


async def deliver_blows(
    plan: list[str], target: Target, started: float, seconds: float, blows: Blows
) -> None:
    """Each blow at its share of the load's time, never before the one before has been
    recovered from (or given up on)."""
    served_since = time.monotonic()
    for index, kind in enumerate(plan):
        due = max(started + (index + 1) * seconds / (len(plan) + 1), served_since + SERVICE_BETWEEN_BLOWS)
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        at = time.monotonic() - started
        if kind == "kill":
            blows.kills.append(await kill_server(target, at))
        else:
            blows.stops.append(await stop_database(target, at))
        served_since = time.monotonic()


async def kill_server(target: Target, at: float) -> dict[str, Any]:
    """kill -9, then start it again at once and wait until it serves."""
    await asyncio.to_thread(target.server.kill)
    await asyncio.to_thread(target.server.start)
    ready, waited = await wait_ready(target.client, SERVER_START_SECONDS)
    target.say(
        f"  {at:6.1f} s  kill -9 the server, started again: {'serving' if ready else 'NOT SERVING'} after {waited:.1f} s"
    )
    return {"at": round(at, 2), "restarted": ready, "seconds": round(waited, 2)}


async def stop_database(target: Target, at: float) -> dict[str, Any]:
    """pg_ctl stop -m immediate, then wait for the server to recover by itself."""
    output = await asyncio.to_thread(stop_database_immediately, target.home)
    seen_down = await wait_not_ready(target.client, NOT_READY_WATCH_SECONDS)
    recovered, waited = await wait_ready(target.client, target.recovery_seconds)
    entry: dict[str, Any] = {
        "at": round(at, 2),
        "pg_ctl": output,
        "seen_not_ready": seen_down,
        "recovered": recovered,
        "seconds": round(waited, 2),
    }
    if recovered:
        target.say(
            f"  {at:6.1f} s  pg_ctl stop -m immediate: the server recovered by itself after {waited:.1f} s"
        )
        return entry
    # Counted as not recovered already; started here only so the run can go on.
    # In a process of its own: pgserver keeps one handle per data folder per process,
    # and this process's handle still believes its server is running.
    entry["started_by_chaos"], entry["chaos_start_output"] = await asyncio.to_thread(
        ledger_check, target.home, "database-url"
    )
    entry["ready_after_chaos_started_it"], _ = await wait_ready(target.client, SERVER_START_SECONDS)
    target.say(
        f"  {at:6.1f} s  pg_ctl stop -m immediate: NOT RECOVERED by the server within {target.recovery_seconds:.0f} s; "
        "ops/chaos started PostgreSQL itself to go on"
    )
    return entry
