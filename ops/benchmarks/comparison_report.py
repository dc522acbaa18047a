"""The figures of an `ops/bench --citus` run, the single PostgreSQL beside the Citus cluster:
the JSON written to .ledger/bench/citus.json and the table printed.

Every ratio is a speed shared out the same way, so that above 1 is always faster: requests per
second ÷ the baseline's transactions per second, the baseline's milliseconds ÷ ours, and the
cluster's speed ÷ the single server's.
"""

from __future__ import annotations

import dataclasses
from typing import Any

SINGLE = "single"
CLUSTER = "cluster"
FOOTNOTE = (
    "The coordinator, both workers, the server and wrk all share this machine's cores: the cluster's\n"
    "figures are the cost of distribution (an extra hop and a second PostgreSQL per command),\n"
    "not its gain. The gain comes from workers on machines of their own (ops/SCALING.md)."
)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Target:
    """What one database (the single PostgreSQL, or the cluster) measured."""

    description: str
    redemptions: dict[str, dict[str, Any]]  # scenario name → wrk's figures
    batch_ms: float
    # scenario name → part (server, wrk, each database node) → CPU milliseconds per request
    cpu_ms_per_request: dict[str, dict[str, float]] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Comparison:
    machine: str
    # Of the machine at the start and the end of the run: other work on the same cores
    # lowers every figure, and this says how much there was.
    load_averages: tuple[float, float]
    connections: int
    server_workers: int
    seconds: int
    communities: int
    households: int
    pgbench_tps: float  # on the single PostgreSQL: the baseline of both targets
    plain_sql_batch_ms: float  # likewise
    single: Target
    cluster: Target


def speed_share(ours: float, baseline: float) -> float:
    """Throughputs: ours as a share of the baseline's."""
    return round(ours / baseline, 3)


def time_share(ours_ms: float, baseline_ms: float) -> float:
    """Durations: the speed they stand for, ours as a share of the baseline's."""
    return round(baseline_ms / ours_ms, 3)


def result(comparison: Comparison) -> dict[str, Any]:
    """The JSON document: each figure of both targets with its ratios."""
    targets = {SINGLE: comparison.single, CLUSTER: comparison.cluster}
    redemptions: dict[str, Any] = {}
    for name in comparison.single.redemptions:
        each = {
            key: {
                **target.redemptions[name],
                "ratio_to_pgbench": speed_share(
                    target.redemptions[name]["requests_per_second"], comparison.pgbench_tps
                ),
                "cpu_ms_per_request": {
                    part: round(ms, 3) for part, ms in target.cpu_ms_per_request.get(name, {}).items()
                },
            }
            for key, target in targets.items()
        }
        share = speed_share(each[CLUSTER]["requests_per_second"], each[SINGLE]["requests_per_second"])
        redemptions[name] = {**each, "cluster_speed_share_of_single": share}
    batch = {
        key: {
            "ms": round(target.batch_ms, 1),
            "ratio_to_plain_sql": time_share(target.batch_ms, comparison.plain_sql_batch_ms),
        }
        for key, target in targets.items()
    }
    return {
        "machine": comparison.machine,
        "load_average_1_min_at_start_and_end": [round(load, 2) for load in comparison.load_averages],
        "connections": comparison.connections,
        "server_workers": comparison.server_workers,
        "seconds": comparison.seconds,
        "communities": comparison.communities,
        "households_per_community": comparison.households,
        "targets": {key: target.description for key, target in targets.items()},
        "pgbench_minimal_redemption_tps": round(comparison.pgbench_tps),
        "plain_sql_batch_ms": round(comparison.plain_sql_batch_ms, 1),
        "redemptions": redemptions,
        "batch_award_500": {
            **batch,
            "cluster_speed_share_of_single": time_share(
                comparison.cluster.batch_ms, comparison.single.batch_ms
            ),
        },
        "note": FOOTNOTE.replace("\n", " "),
    }


def table_lines(comparison: Comparison) -> list[str]:
    """The run in words: the baselines, then each scenario on both targets and their ratio."""
    figures = result(comparison)
    names = {SINGLE: "single PostgreSQL", CLUSTER: comparison.cluster.description}
    width = max(34, *(len(name) + 4 for name in names.values()))
    start, end = comparison.load_averages
    lines = [
        f"load average (1 min) at the start {start:.1f}, at the end {end:.1f}",
        f"pgbench on the single PostgreSQL, minimal redemption (UPDATE where enough + INSERT), "
        f"{comparison.connections} clients: {comparison.pgbench_tps:,.0f} tps",
        f"plain SQL on the single PostgreSQL, 500 updates + inserts in one transaction: "
        f"{comparison.plain_sql_batch_ms:,.1f} ms",
        f"{'HTTP redemptions':<{width}}{'per s':>9}{'÷pgbench':>10}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}",
    ]
    for name, scenario in figures["redemptions"].items():
        lines.append(f"  {name}")
        for key, label in names.items():
            each = scenario[key]
            lines.append(
                f"    {label:<{width - 4}}{each['requests_per_second']:>9,.0f}{each['ratio_to_pgbench']:>10.2f}"
                f"{each['latency_ms_p50']:>9.1f}{each['latency_ms_p99']:>9.1f}{each['errors']:>8}"
            )
        lines.append(
            f"    {'cluster ÷ single':<{width - 4}}{scenario['cluster_speed_share_of_single']:>9.2f}"
        )
        lines.extend(cpu_lines(scenario, names))
    batch = figures["batch_award_500"]
    lines.append("batch award, 500 households (propose + approve over HTTP)")
    lines.append(f"  {'':<{width - 2}}{'ms':>9}{'÷plain SQL':>12}")
    for key, label in names.items():
        lines.append(
            f"    {label:<{width - 4}}{batch[key]['ms']:>9,.0f}{batch[key]['ratio_to_plain_sql']:>12.3f}"
        )
    lines.append(
        f"    {'cluster ÷ single (speed)':<{width - 4}}{batch['cluster_speed_share_of_single']:>9.2f}"
    )
    lines.append("")
    lines.append("Ratios are speeds: above 1 is faster than what it is divided by.")
    lines.extend(FOOTNOTE.splitlines())
    return lines


def cpu_lines(scenario: dict[str, Any], names: dict[str, str]) -> list[str]:
    """Where each target's CPU went per request: the server, wrk, each database node."""
    lines = []
    for key, label in names.items():
        parts = scenario[key]["cpu_ms_per_request"]
        if parts:
            shares = ", ".join(f"{part} {ms:.2f}" for part, ms in parts.items())
            lines.append(f"    CPU ms per request, {label}: {shares}; in all {sum(parts.values()):.2f}")
    return lines


def print_comparison(comparison: Comparison) -> None:
    print("\n" + "\n".join(table_lines(comparison)))
