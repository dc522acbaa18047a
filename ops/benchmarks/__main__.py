"""`python -m ops.benchmarks` (what ops/bench runs): the data, the baselines, the ledger's
own commands (verify, rebuild --check), then the server under wrk and the HTTP scenarios; the
table printed, the JSON, the Markdown table and the chart written."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from ops import benchmarks
from ops.benchmarks.batch_award import plain_sql_batch, run_batch_award
from ops.benchmarks.board import plain_sql_board, run_board
from ops.benchmarks.card_lookup import run_card_lookup
from ops.benchmarks.chart import draw_chart
from ops.benchmarks.comparison import run_comparison
from ops.benchmarks.machine import machine
from ops.benchmarks.overview import plain_sql_overview, print_overview, run_overview
from ops.benchmarks.pgbench import initialise_select_only, run_pgbench, run_pgbench_select_only
from ops.benchmarks.preparation import fresh_database, prepare, prepare_board_village, prepare_overview_area
from ops.benchmarks.records import plain_sql_replay_seconds, run_rebuild_check, run_verify, sha256_seconds
from ops.benchmarks.redemption_by_card import run_redemption_by_card
from ops.benchmarks.redemptions import run_redemptions
from ops.benchmarks.report import Figures, markdown_lines, result, rows, table_lines
from ops.benchmarks.server import free_port, log_in, peak_rss_mb, start_server, stop_server

HOME = Path(__file__).resolve().parents[2] / ".ledger"


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="ops/bench",
        description=(benchmarks.__doc__ or "").split("\n\n")[0],
        epilog="LEDGER_BENCH_DATABASE_URL: a database to use instead of a fresh embedded one. "
        "LEDGER_CITUS_URL (with --citus): a Citus coordinator to use instead of starting one.",
    )
    parser.add_argument("--seconds", type=int, default=15, help="each wrk and pgbench run")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections and pgbench clients")
    parser.add_argument(
        "--citus",
        action="store_true",
        help="redemptions and the batch award on the single PostgreSQL and on a Citus cluster "
        "(coordinator + 2 workers started here, or LEDGER_CITUS_URL's), side by side",
    )
    parser.add_argument(
        "--communities", type=int, help="50 (redemptions over 1, 10 and all of them); with --citus 50"
    )
    parser.add_argument(
        "--households", type=int, help="per community (the first has at least 500): 100; with --citus 300"
    )
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument(
        "--board-events", type=int, default=1_000_000, help="events on the board village's log"
    )
    parser.add_argument(
        "--overview",
        action="store_true",
        help="only the township overview: a township of 200 villages × 300 households with a year "
        "of events (≈ 5 M, a few minutes to prepare) over HTTP against the same aggregates in plain SQL",
    )
    parser.add_argument("--overview-villages", type=int, default=200)
    parser.add_argument("--overview-households", type=int, default=300)
    parser.add_argument("--overview-events", type=int, default=5_000_000, help="events in all")
    arguments = parser.parse_args(argv)
    # With --citus both databases are prepared, with 50 communities of a village's size (the
    # first has 500 anyway, for the batch award): on Citus about 2 minutes of the run.
    communities, households = (50, 300) if arguments.citus else (50, 100)
    arguments.communities = arguments.communities or communities
    arguments.households = arguments.households or households
    return arguments


def community_counts(communities: int) -> list[int]:
    """The redemption scenarios' community counts: one, ten and all (those not above all)."""
    return sorted({count for count in (1, 10, communities) if count <= communities})


def prepare_data(url: str, arguments: argparse.Namespace) -> tuple[dict[str, Any], dict[str, Any]]:
    """The communities of the redemption scenarios, and the board village."""
    started = time.monotonic()
    prepared = asyncio.run(prepare(url, arguments.communities, arguments.households))
    print(
        f"prepared {arguments.communities} communities × {arguments.households} households "
        f"in {time.monotonic() - started:.0f} s"
    )
    started = time.monotonic()
    board = asyncio.run(prepare_board_village(url, arguments.board_events))
    print(f"prepared a community with {board['events']:,} events in {time.monotonic() - started:.0f} s")
    initialise_select_only(url)
    return prepared, board


def measure_baselines(
    url: str, board: dict[str, Any], arguments: argparse.Namespace, work: Path
) -> dict[str, Any]:
    """pgbench and plain SQL, while no server of ours competes with them for the cores."""
    load = (arguments.connections, arguments.seconds)
    return {
        "pgbench_tps": run_pgbench(url, arguments.communities * arguments.households, *load, work),
        "pgbench_select_only_tps": run_pgbench_select_only(url, *load),
        "plain_sql_batch_ms": asyncio.run(plain_sql_batch(url)),
        "plain_sql_board_ms": asyncio.run(plain_sql_board(url, board)),
        "sha256_seconds": asyncio.run(sha256_seconds(url, board)),
        "plain_sql_replay_seconds": asyncio.run(plain_sql_replay_seconds(url, board)),
    }


def measure_commands(url: str, board: dict[str, Any]) -> dict[str, Any]:
    """`ledger verify` and `ledger rebuild --check` over the board village, each in its own process."""
    verified = run_verify(url, board)
    print(f"ledger verify: {verified['seconds']:.1f} s, {'ok' if verified['ok'] else 'FAILED'}")
    checked = run_rebuild_check(url, board)
    print(f"ledger rebuild --check: {checked['seconds']:.1f} s, {'matches' if checked['ok'] else 'DIFFERS'}")
    return {"verify": verified, "rebuild_check": checked}


def measure_over_http(
    url: str, prepared: dict[str, Any], board: dict[str, Any], arguments: argparse.Namespace, work: Path
) -> dict[str, Any]:
    """Every scenario against one server, started for them and stopped after them."""
    port = free_port()
    server = start_server(url, port, work / "server.log", arguments.workers)
    try:
        token = log_in(port)
        every = prepared["communities"]
        load = (arguments.connections, arguments.seconds, work)
        return {
            "card_lookup": run_card_lookup(port, every[0], token, *load),
            "redemptions": {
                count: run_redemptions(port, every[:count], token, *load)
                for count in community_counts(arguments.communities)
            },
            "redemption_by_card": run_redemption_by_card(port, every[0], token, *load),
            "batch_ms": run_batch_award(port, every[0]),
            "board_ms": run_board(port, board),
            "server_peak_rss_mb": peak_rss_mb(server.pid),
        }
    finally:
        stop_server(server)


def write_result(figures: Figures, work: Path) -> None:
    """result.json, result.md (the README's table) and result.png beside them."""
    (work / "result.json").write_text(json.dumps(result(figures), indent=2, ensure_ascii=False))
    (work / "result.md").write_text("\n".join(markdown_lines(figures)) + "\n")
    draw_chart(rows(figures), work / "result.png", f"ops/bench on {figures.machine}")


def run_overview_benchmark(arguments: argparse.Namespace, work: Path) -> int:
    """`ops/bench --overview`: the township's year over HTTP against plain SQL, same data, same run."""
    url = os.environ.get("LEDGER_BENCH_DATABASE_URL") or fresh_database(HOME)
    print(f"machine: {machine()}")
    started = time.monotonic()
    area = asyncio.run(
        prepare_overview_area(
            url, arguments.overview_villages, arguments.overview_households, arguments.overview_events
        )
    )
    print(
        f"prepared {area['villages']} villages with {area['events']:,} events in {time.monotonic() - started:.0f} s"
    )
    plain = asyncio.run(plain_sql_overview(url, area))
    port = free_port()
    server = start_server(url, port, work / "server.log", arguments.workers)
    try:
        http = run_overview(port, area, log_in(port, "bench_township"))
    finally:
        stop_server(server)
    figures = {"machine": machine(), "township_overview": print_overview(area, http, plain)}
    (work / "overview.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed (ops/bench installs it)")
    work = HOME / "bench"
    work.mkdir(parents=True, exist_ok=True)
    if arguments.citus:
        return run_comparison(arguments, HOME, work)
    if arguments.overview:
        return run_overview_benchmark(arguments, work)
    url = os.environ.get("LEDGER_BENCH_DATABASE_URL") or fresh_database(HOME)
    print(f"machine: {machine()}")
    load_at_start = os.getloadavg()[0]
    started = time.monotonic()
    prepared, board = prepare_data(url, arguments)
    baselines = measure_baselines(url, board, arguments, work)
    commands = measure_commands(url, board)
    measured = measure_over_http(url, prepared, board, arguments, work)
    figures = Figures(
        machine=machine(),
        load_averages=(load_at_start, os.getloadavg()[0]),
        connections=arguments.connections,
        server_workers=arguments.workers,
        seconds=arguments.seconds,
        households=arguments.households,
        board_events=board["events"],
        **baselines,
        **commands,
        **measured,
    )
    write_result(figures, work)
    print()
    print("\n".join(table_lines(figures)))
    print(
        f"\nthe whole run: {time.monotonic() - started:.0f} s; written: {work}/result.json, result.md, result.png"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
