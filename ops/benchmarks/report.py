"""The figures of a run: the JSON written to .ledger/bench/result.json and the table printed."""

from __future__ import annotations

import dataclasses
from typing import Any


@dataclasses.dataclass(frozen=True, kw_only=True)
class Figures:
    machine: str
    connections: int
    server_workers: int
    seconds: int
    pgbench_tps: float
    server_peak_rss_mb: float
    batch_ms: float
    plain_sql_batch_ms: float
    board_events: int
    board_ms: float
    plain_sql_board_ms: float
    scenarios: dict[str, dict[str, Any]]  # name → wrk's figures


def result(figures: Figures) -> dict[str, Any]:
    """The JSON document, each HTTP figure with its ratio to its baseline."""
    return {
        "machine": figures.machine,
        "connections": figures.connections,
        "server_workers": figures.server_workers,
        "seconds": figures.seconds,
        "pgbench_minimal_redemption_tps": round(figures.pgbench_tps),
        "server_peak_rss_mb": round(figures.server_peak_rss_mb, 1),
        "batch_award_500": {
            "ms": round(figures.batch_ms, 1),
            "plain_sql_ms": round(figures.plain_sql_batch_ms, 1),
            "ratio_to_plain_sql": round(figures.plain_sql_batch_ms / figures.batch_ms, 3),
        },
        "monthly_red_list": {
            "events_in_community": figures.board_events,
            "ms": round(figures.board_ms, 1),
            "plain_sql_ms": round(figures.plain_sql_board_ms, 1),
            "ratio_to_plain_sql": round(figures.plain_sql_board_ms / figures.board_ms, 3),
        },
        "scenarios": scenarios_with_ratios(figures),
    }


def scenarios_with_ratios(figures: Figures) -> dict[str, dict[str, Any]]:
    """Each HTTP scenario's figures and its throughput as a share of pgbench's."""
    return {
        name: {
            **scenario,
            "ratio_to_pgbench": round(scenario["requests_per_second"] / figures.pgbench_tps, 3),
        }
        for name, scenario in figures.scenarios.items()
    }


def print_table(figures: Figures) -> None:
    """The run in words: pgbench, the HTTP scenarios, the batch award and the board against
    plain SQL, the server's memory."""
    print(
        f"\npgbench, minimal redemption (UPDATE where enough + INSERT), {figures.connections} clients: "
        f"{figures.pgbench_tps:,.0f} tps"
    )
    # Wide enough for the longest scenario name, "redemption by card, 5-line cart".
    print(f"{'HTTP redemptions':<34}{'per s':>9}{'ratio':>8}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for name, scenario in scenarios_with_ratios(figures).items():
        print(
            f"  {name:<32}{scenario['requests_per_second']:>9,.0f}{scenario['ratio_to_pgbench']:>8.2f}"
            f"{scenario['latency_ms_p50']:>9.1f}{scenario['latency_ms_p99']:>9.1f}{scenario['errors']:>8}"
        )
    batch_ms, plain_batch_ms = figures.batch_ms, figures.plain_sql_batch_ms
    print(
        f"batch award, 500 households (propose + approve over HTTP): {batch_ms:,.0f} ms; "
        f"plain SQL, 500 updates + inserts in one transaction: {plain_batch_ms:,.0f} ms; "
        f"ratio {plain_batch_ms / batch_ms:.2f}"
    )
    board_ms, plain_board_ms = figures.board_ms, figures.plain_sql_board_ms
    print(
        f"monthly red list over HTTP, community with {figures.board_events:,} events: {board_ms:,.1f} ms; "
        f"plain SQL top ten from a bare table of the same awards: {plain_board_ms:,.1f} ms; "
        f"ratio {plain_board_ms / board_ms:.2f}"
    )
    print(f"server peak RSS: {figures.server_peak_rss_mb:.0f} MB")
