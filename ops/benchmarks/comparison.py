"""`ops/bench --citus`: the same data and the same HTTP scenarios (redemptions in one community
and in all of them, the 500-household batch award) on the single embedded PostgreSQL and on a
Citus cluster, in one run, against the single PostgreSQL's pgbench and plain SQL.

The board and the redemption by card are the default run's (`ops/bench` without --citus).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from pathlib import Path
from typing import Any

from ops.benchmarks.batch_award import plain_sql_batch, run_batch_award
from ops.benchmarks.citus import citus_database
from ops.benchmarks.comparison_report import Comparison, Target, print_comparison, result
from ops.benchmarks.cpu import CpuMeter, postmaster_pid
from ops.benchmarks.machine import machine
from ops.benchmarks.pgbench import run_pgbench
from ops.benchmarks.preparation import fresh_database, prepare
from ops.benchmarks.redemptions import run_redemptions
from ops.benchmarks.server import free_port, log_in, start_server, stop_server

SINGLE_DESCRIPTION = "single PostgreSQL"
RESULT_FILE = "citus.json"


def prepare_timed(
    url: str, description: str, arguments: argparse.Namespace, *, baselines: bool
) -> list[dict[str, Any]]:
    started = time.monotonic()
    prepared = asyncio.run(
        prepare(url, arguments.communities, arguments.households, pgbench_tables=baselines)
    )
    print(
        f"{description}: prepared {arguments.communities} communities × {arguments.households} households "
        f"in {time.monotonic() - started:.0f} s"
    )
    return list(prepared["communities"])


def measure_target(
    url: str,
    description: str,
    communities: list[dict[str, Any]],
    arguments: argparse.Namespace,
    log: Path,
    data_folders: dict[str, Path],
) -> Target:
    """The scenarios against one server on `url`, started for them and stopped after them;
    during each measured redemption run, the CPU of the server, of wrk and of each database
    node whose data folder is known."""
    port = free_port()
    server = start_server(url, port, log, arguments.workers)
    roots = {"server": server.pid} | {name: postmaster_pid(data) for name, data in data_folders.items()}
    redemptions, cpu_ms = {}, {}
    try:
        token = log_in(port)
        for name, chosen in (
            ("1 community", communities[:1]),
            (f"{len(communities)} communities", communities),
        ):
            meter = CpuMeter(roots)
            figures = run_redemptions(
                port, chosen, token, arguments.connections, arguments.seconds, log.parent, meter.measuring
            )
            redemptions[name] = figures
            cpu_ms[name] = {
                part: 1000 * seconds / figures["requests"] for part, seconds in meter.seconds.items()
            }
        batch_ms = run_batch_award(port, communities[0])
    finally:
        stop_server(server)
    print(f"{description}: measured")
    return Target(
        description=description, redemptions=redemptions, batch_ms=batch_ms, cpu_ms_per_request=cpu_ms
    )


def run_comparison(arguments: argparse.Namespace, home: Path, work: Path) -> int:
    given_url = os.environ.get("LEDGER_BENCH_DATABASE_URL")
    single_url = given_url or fresh_database(home)
    # The embedded server's data folder (ledger.embedded); another server's is not known here.
    single_folders = {} if given_url else {"postgres": home / "pgdata"}
    print(f"machine: {machine()}")
    load_at_start = os.getloadavg()[0]
    single_communities = prepare_timed(single_url, SINGLE_DESCRIPTION, arguments, baselines=True)
    # The baselines first, while no server of ours and no cluster competes for the cores.
    pgbench_tps = run_pgbench(
        single_url,
        arguments.communities * arguments.households,
        arguments.connections,
        arguments.seconds,
        work,
    )
    plain_sql_batch_ms = asyncio.run(plain_sql_batch(single_url))
    single = measure_target(
        single_url,
        SINGLE_DESCRIPTION,
        single_communities,
        arguments,
        work / "server-single.log",
        single_folders,
    )
    with citus_database(work) as database:
        cluster_communities = prepare_timed(database.url, database.description, arguments, baselines=False)
        cluster = measure_target(
            database.url,
            database.description,
            cluster_communities,
            arguments,
            work / "server-citus.log",
            database.data_folders,
        )
    comparison = Comparison(
        machine=machine(),
        load_averages=(load_at_start, os.getloadavg()[0]),
        connections=arguments.connections,
        server_workers=arguments.workers,
        seconds=arguments.seconds,
        communities=arguments.communities,
        households=arguments.households,
        pgbench_tps=pgbench_tps,
        plain_sql_batch_ms=plain_sql_batch_ms,
        single=single,
        cluster=cluster,
    )
    (work / RESULT_FILE).write_text(json.dumps(result(comparison), indent=2, ensure_ascii=False))
    print_comparison(comparison)
    return 0
