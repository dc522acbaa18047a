"""`ops/bench --citus` in what needs no database: its options, and how the single PostgreSQL's
and the cluster's figures become ratios (always speeds, above 1 faster) and the printed table
that says the cluster's figure is the cost of distribution on shared cores."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from ops.benchmarks import cpu
from ops.benchmarks.__main__ import parse_arguments
from ops.benchmarks.comparison_report import FOOTNOTE, Comparison, Target, result, table_lines


def wrk_figures(requests_per_second: float, errors: int = 0) -> dict[str, float | int]:
    return {
        "requests_per_second": requests_per_second,
        "latency_ms_p50": 10.0,
        "latency_ms_p99": 40.0,
        "requests": int(requests_per_second * 10),
        "errors": errors,
    }


def comparison() -> Comparison:
    return Comparison(
        machine="2 cores (test CPU), 8 GiB RAM, Linux",
        load_averages=(0.5, 1.5),
        connections=32,
        server_workers=1,
        seconds=10,
        communities=50,
        households=100,
        pgbench_tps=4000.0,
        plain_sql_batch_ms=20.0,
        single=Target(
            description="single PostgreSQL",
            redemptions={"1 community": wrk_figures(2000.0), "50 communities": wrk_figures(3000.0)},
            batch_ms=250.0,
        ),
        cluster=Target(
            description="Citus, coordinator + 2 workers on this machine",
            redemptions={"1 community": wrk_figures(500.0), "50 communities": wrk_figures(1200.0, errors=3)},
            batch_ms=1000.0,
            cpu_ms_per_request={
                "1 community": {"server": 1.5, "coordinator": 0.75, "worker1": 0.5, "wrk": 0.25}
            },
        ),
    )


def test_each_redemption_figure_is_a_share_of_the_single_servers_pgbench_and_the_cluster_of_the_single():
    redemptions = result(comparison())["redemptions"]

    assert redemptions["1 community"]["single"]["ratio_to_pgbench"] == 0.5
    assert redemptions["1 community"]["cluster"]["ratio_to_pgbench"] == 0.125
    assert redemptions["1 community"]["cluster_speed_share_of_single"] == 0.25
    assert redemptions["50 communities"]["cluster_speed_share_of_single"] == 0.4
    assert redemptions["50 communities"]["cluster"]["errors"] == 3


def test_the_batch_award_ratios_are_speeds_too_so_a_slower_batch_is_below_one():
    batch = result(comparison())["batch_award_500"]

    assert batch["single"] == {"ms": 250.0, "ratio_to_plain_sql": 0.08}
    assert batch["cluster"] == {"ms": 1000.0, "ratio_to_plain_sql": 0.02}
    assert batch["cluster_speed_share_of_single"] == 0.25


def test_the_table_shows_both_targets_their_ratio_and_says_the_figure_is_the_cost_of_distribution():
    lines = table_lines(comparison())
    text = "\n".join(lines)

    assert "load average (1 min) at the start 0.5, at the end 1.5" in text
    assert "4,000 tps" in text
    cluster_rows = [line for line in lines if line.strip().startswith("Citus, coordinator + 2 workers")]
    assert [row.split()[-5:] for row in cluster_rows[:2]] == [
        ["500", "0.12", "10.0", "40.0", "0"],
        ["1,200", "0.30", "10.0", "40.0", "3"],
    ]
    assert [line.split()[-1] for line in lines if "cluster ÷ single" in line] == ["0.25", "0.40", "0.25"]
    assert "cost of distribution" in FOOTNOTE and FOOTNOTE.splitlines()[-1] in text


def test_with_citus_the_run_defaults_to_fifty_communities_of_fewer_households():
    assert (parse_arguments(["--citus"]).communities, parse_arguments(["--citus"]).households) == (50, 300)
    plain = parse_arguments([])
    assert (plain.citus, plain.communities, plain.households) == (False, 50, 100)
    chosen = parse_arguments(["--citus", "--communities", "8", "--households", "30"])
    assert (chosen.communities, chosen.households) == (8, 30)


def test_the_cpu_per_request_of_each_part_is_shown_for_the_target_that_metered_it():
    comparison_figures = comparison()
    lines = table_lines(comparison_figures)
    redemptions = result(comparison_figures)["redemptions"]

    assert redemptions["1 community"]["cluster"]["cpu_ms_per_request"]["coordinator"] == 0.75
    assert redemptions["1 community"]["single"]["cpu_ms_per_request"] == {}
    cpu_rows = [line.strip() for line in lines if line.strip().startswith("CPU ms per request")]
    assert cpu_rows == [
        "CPU ms per request, Citus, coordinator + 2 workers on this machine: "
        "server 1.50, coordinator 0.75, worker1 0.50, wrk 0.25; in all 3.00"
    ]


def test_a_process_trees_cpu_counts_its_children_also_those_that_ended_meanwhile():
    burn = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass"
    # On "go", the parent runs a burning child to its end (its time becomes the parent's
    # cutime), then another that burns, says so and lives on.
    parent_code = (
        "import subprocess, sys, time\nsys.stdin.readline()\n"
        f"subprocess.run([sys.executable, '-c', {burn!r}])\n"
        f"subprocess.Popen([sys.executable, '-c', {burn!r} + '\\nprint(\\'burnt\\', flush=True)\\ntime.sleep(30)'])\n"
        "time.sleep(30)"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", parent_code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, so that the children end with it
    )
    assert parent.stdin is not None and parent.stdout is not None
    try:
        meter = cpu.CpuMeter({"parent": parent.pid})
        with meter.measuring():
            parent.stdin.write("go\n")
            parent.stdin.flush()
            assert parent.stdout.readline() == "burnt\n"
        assert meter.seconds["parent"] >= 0.55  # both children's 0.3 s, less the clock's grain
    finally:
        os.killpg(parent.pid, signal.SIGKILL)
        parent.wait()
