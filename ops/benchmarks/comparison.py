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
    url: str, description: str, communities: list[dict[str, Any]], arguments: argparse.Namespace, log: Path
) -> Target:
    """The scenarios against one server on `url`, started for them and stopped after them."""
    port = free_port()
    work = log.parent
    server = start_server(url, port, log, arguments.workers)
    try:
        token = log_in(port)
        load = (arguments.connections, arguments.seconds, work)
        redemptions = {
            "1 community": run_redemptions(port, communities[:1], token, *load),
            f"{len(communities)} communities": run_redemptions(port, communities, token, *load),
        }
        batch_ms = run_batch_award(port, communities[0])
    finally:
        stop_server(server)
    print(f"{description}: measured")
    return Target(description=description, redemptions=redemptions, batch_ms=batch_ms)


def run_comparison(arguments: argparse.Namespace, home: Path, work: Path) -> int:
    single_url = os.environ.get("LEDGER_BENCH_DATABASE_URL") or fresh_database(home)
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
        single_url, SINGLE_DESCRIPTION, single_communities, arguments, work / "server-single.log"
    )
    with citus_database(work) as (cluster_url, description):
        cluster_communities = prepare_timed(cluster_url, description, arguments, baselines=False)
        cluster = measure_target(
            cluster_url, description, cluster_communities, arguments, work / "server-citus.log"
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
