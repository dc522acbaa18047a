"""`ops/bench`'s report in what needs no database: each figure beside its baseline from the
same run as one row, its ratio a speed (above 1 faster than the baseline, for rates and times
alike), the target checked on the ratio or on the figure itself, the printed table saying NO
for a missed target, the JSON and the README's table made of the same rows, and the chart a
PNG of the size its rows give it."""

from __future__ import annotations

import json
import struct

from ops.benchmarks.__main__ import community_counts, parse_arguments
from ops.benchmarks.chart import chart_size, draw_chart
from ops.benchmarks.report import Figures, Row, Target, markdown_lines, result, rows, table_lines


def wrk_figures(requests_per_second: float, errors: int = 0) -> dict[str, float | int]:
    return {
        "requests_per_second": requests_per_second,
        "latency_ms_p50": 5.5,
        "latency_ms_p99": 42.0,
        "requests": int(requests_per_second * 10),
        "errors": errors,
    }


def figures() -> Figures:
    return Figures(
        machine="2 cores (test CPU), 8 GiB RAM, Linux",
        load_averages=(0.5, 2.5),
        connections=32,
        server_workers=1,
        seconds=10,
        households=100,
        pgbench_tps=10_000.0,
        pgbench_select_only_tps=40_000.0,
        redemptions={1: wrk_figures(6_000.0), 10: wrk_figures(5_700.0), 50: wrk_figures(4_000.0, errors=2)},
        redemption_by_card=wrk_figures(3_000.0),
        card_lookup=wrk_figures(8_000.0),
        batch_ms=20.0,
        plain_sql_batch_ms=5.0,
        board_events=1_000_000,
        board_ms=0.8,
        plain_sql_board_ms=0.4,
        verify={"seconds": 4.0, "ok": True},
        sha256_seconds=1.0,
        rebuild_check={"seconds": 10.0, "ok": False},
        plain_sql_replay_seconds=0.5,
        server_peak_rss_mb=150.0,
    )


def row_named(name: str) -> Row:
    return next(row for row in rows(figures()) if row.name.strip() == name)


def test_a_rates_ratio_is_its_share_of_the_baselines_rate_and_a_times_the_baselines_time_over_it():
    assert row_named("card look-up, GET /api/v1/cards/{token}").ratio == 0.2
    assert row_named("redemptions, one community").ratio == 0.6
    assert row_named("batch award, 500 households").ratio == 0.25
    assert row_named("monthly red list, 1,000,000 events").ratio == 0.5
    assert row_named("ledger verify, 1,000,000 events").ratio == 0.25  # 250,000 against 1,000,000 events/s


def test_more_communities_are_measured_against_pgbench_and_against_one_community():
    names = [row.name.strip() for row in rows(figures())]
    assert names[1:6] == [
        "redemptions, one community",
        "redemptions, 10 communities",
        "10 communities ÷ one",
        "redemptions, 50 communities",
        "50 communities ÷ one",
    ]
    assert (row_named("10 communities ÷ one").ratio, row_named("10 communities ÷ one").met) == (0.95, True)
    assert (row_named("50 communities ÷ one").met, row_named("redemptions, 50 communities").met) == (
        False,
        False,
    )


def test_verify_and_the_servers_memory_are_held_to_their_own_figures_not_to_a_ratio():
    verify = row_named("ledger verify, 1,000,000 events")
    assert (verify.figure, verify.met) == (250_000.0, True)
    assert row_named("server peak RSS").met is True
    assert Target(bound=200, of_ratio=False, at_most=True).met_by(201) is False
    assert row_named("ledger rebuild --check, 1,000,000 events").met is None  # no target set


def test_the_table_marks_each_missed_target_and_says_a_failed_command_is_an_error():
    lines = table_lines(figures())
    card = next(line for line in lines if line.startswith("card look-up"))
    one = next(line for line in lines if line.startswith("redemptions, one community"))
    rebuild = next(line for line in lines if line.startswith("ledger rebuild --check"))

    assert card.split()[-6:] == ["≥", "0.3", "NO", "5.5", "42.0", "0"]
    assert "8,000/s" in card and "40,000/s" in card and " 0.20 " in card
    assert one.split()[-6:] == ["≥", "0.5", "yes", "5.5", "42.0", "0"]
    assert rebuild.split()[-1] == "1"
    assert "≥ 200,000 events/s" in next(line for line in lines if line.startswith("ledger verify"))
    assert "load average (1 min) 0.5 at the start, 2.5 at the end" in "\n".join(lines)
    assert "  ledger verify, 1,000,000 events: SHA-256 of the same bytes in Python" in lines


def test_the_json_holds_every_row_with_its_ratio_target_and_whether_it_was_met():
    document = json.loads(json.dumps(result(figures()), ensure_ascii=False))
    by_name = {row["name"]: row for row in document["rows"]}

    assert len(document["rows"]) == len(rows(figures())) == 12
    assert by_name["card look-up, GET /api/v1/cards/{token}"] | {} == {
        "name": "card look-up, GET /api/v1/cards/{token}",
        "figure": 8000.0,
        "unit": "/s",
        "baseline": 40000.0,
        "baseline_name": "pgbench -S, select-only",
        "ratio": 0.2,
        "target": "≥ 0.3",
        "met": False,
        "latency_ms_p50": 5.5,
        "latency_ms_p99": 42.0,
        "errors": 0,
    }
    assert by_name["server peak RSS"]["ratio"] is None
    assert document["measured"]["redemptions"]["50"]["errors"] == 2


def test_the_readmes_table_has_a_line_per_row_naming_each_baseline():
    lines = markdown_lines(figures())
    assert lines[0] == "| benchmark | figure | baseline | ratio | target | met | p50 ms | p99 ms |"
    assert len(lines) == 2 + 12
    assert (
        "| batch award, 500 households | 20.0 ms | 5.0 ms (plain SQL, 500 updates + inserts) | 0.25 |"
        in lines[9]
    )


def test_the_chart_is_a_png_of_the_size_its_rows_give_it(tmp_path):
    path = tmp_path / "result.png"
    every = rows(figures())
    draw_chart(every, path, "ops/bench on a test machine")

    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    assert struct.unpack(">II", data[16:24]) == chart_size(len(every)) == (1400, 700)


def test_the_default_run_redeems_over_one_ten_and_fifty_communities():
    arguments = parse_arguments([])
    assert (arguments.communities, arguments.households) == (50, 100)
    assert community_counts(arguments.communities) == [1, 10, 50]
    assert community_counts(5) == [1, 5]
