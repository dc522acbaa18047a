"""One chaos run from start to end: its own home, the server started and the communities
seeded, the load under the blows, the retries, then the account and the ledger's own checks."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import random
import secrets
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from ledger import embedded
from ops.chaos_run.accounting import account, keyed_events
from ops.chaos_run.blows import Blows, Target, blow_plan, deliver_blows
from ops.chaos_run.load import REQUEST_SECONDS, Command, LoadSettings, retry_unacknowledged, run_load
from ops.chaos_run.seeding import Community, seed
from ops.chaos_run.server import (
    ROOT,
    SERVER_START_SECONDS,
    ServerProcess,
    free_port,
    ledger_check,
    wait_ready,
)

# Some load after the last blow too, so it fell on a server that was busy.
LOAD_AFTER_LAST_BLOW_SECONDS = 1.0
SPARE_CONNECTIONS = 8  # beyond the load's: readiness polls while every load request waits


def own_home(requested: str | None) -> tuple[Path, bool]:
    """(the LEDGER_HOME for this run, whether to remove it afterwards)."""
    if requested is None:
        return Path(tempfile.mkdtemp(prefix="ledger-chaos-")), True
    home = Path(requested).resolve()
    if (
        home == (ROOT / ".ledger").resolve()
        or home == Path(os.environ.get("LEDGER_HOME", ".ledger")).resolve()
    ):
        raise SystemExit("ops/chaos: --home must not be the ledger's own home; other runs use its PostgreSQL")
    home.mkdir(parents=True, exist_ok=True)
    return home, False


async def chaos(arguments: argparse.Namespace, home: Path, say: Callable[[str], None]) -> dict[str, Any]:
    """The run's figures (see accounting.account), with the blows and the checks."""
    url = await asyncio.to_thread(embedded.ensure_database, home)
    server = ServerProcess(home, free_port())
    blows = Blows()
    commands: list[Command] = []
    limits = httpx.Limits(
        max_connections=arguments.concurrency + SPARE_CONNECTIONS,
        max_keepalive_connections=arguments.concurrency,
    )
    try:
        async with httpx.AsyncClient(
            base_url=server.base_url, limits=limits, timeout=REQUEST_SECONDS
        ) as client:
            communities = await start_and_seed(url, client, server, arguments, say)
            target = Target(server, home, client, arguments.recovery_seconds, say)
            load_seconds = await load_under_blows(target, communities, commands, blows, arguments)
            ready, _ = await wait_ready(client, SERVER_START_SECONDS)
            if not ready:
                raise RuntimeError("the server is not serving after the blows:\n" + server.log_tail())
            await retry_unacknowledged(client, communities, commands, arguments.concurrency)
    finally:
        server.terminate()
    figures = account(commands, await keyed_events(url, list(communities)))
    checks = await ledger_checks(home)
    figures.update(
        load_seconds=round(load_seconds, 2),
        kills=len(blows.kills),
        restarted=sum(kill["restarted"] for kill in blows.kills),
        stops=len(blows.stops),
        recovered=sum(stop["recovered"] for stop in blows.stops),
        blows=dataclasses.asdict(blows),
        **checks,
        server_starts=server.starts,
    )
    return figures


async def start_and_seed(
    url: str,
    client: httpx.AsyncClient,
    server: ServerProcess,
    arguments: argparse.Namespace,
    say: Callable[[str], None],
) -> dict[str, Community]:
    """The server serving and the communities seeded through it, by id."""
    server.start()
    ready, _ = await wait_ready(client, SERVER_START_SECONDS)
    if not ready:
        raise RuntimeError("the server did not start:\n" + server.log_tail())
    seeded = await seed(url, client, arguments.communities, arguments.households, secrets.token_hex(3))
    say(
        f"ops/chaos: {len(seeded)} communities × {arguments.households} households on {server.home}; "
        f"server {server.base_url}"
    )
    return {community.community_id: community for community in seeded}


async def load_under_blows(
    target: Target,
    communities: dict[str, Community],
    commands: list[Command],
    blows: Blows,
    arguments: argparse.Namespace,
) -> float:
    """The load with the blows falling on it; the seconds it ran."""
    settings = LoadSettings(
        arguments.rate, arguments.max_commands, arguments.award_share, arguments.concurrency
    )
    stop = asyncio.Event()
    started = time.monotonic()
    load = asyncio.create_task(
        run_load(target.client, communities, commands, settings, random.Random(arguments.seed), stop)
    )
    await deliver_blows(
        blow_plan(arguments.kills, arguments.stops), target, started, arguments.seconds, blows
    )
    await asyncio.sleep(max(LOAD_AFTER_LAST_BLOW_SECONDS, started + arguments.seconds - time.monotonic()))
    stop.set()
    await load
    return time.monotonic() - started


async def ledger_checks(home: Path) -> dict[str, Any]:
    """`ledger verify` and `ledger rebuild --check` on the record the run left."""
    verify_ok, verify_output = await asyncio.to_thread(ledger_check, home, "verify")
    rebuild_ok, rebuild_output = await asyncio.to_thread(ledger_check, home, "rebuild", "--check")
    return {
        "verify_ok": verify_ok,
        "verify_output": verify_output,
        "rebuild_ok": rebuild_ok,
        "rebuild_output": rebuild_output,
    }
