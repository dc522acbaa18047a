"""`ops/bench --overview` in what needs no database: it is an option of its own (the default
run does not prepare its 5 M events), its size by default is the issue's, and its ratio is a
speed — plain SQL's time over the HTTP time, so 0.5 means HTTP takes twice as long."""

from __future__ import annotations

from ops.benchmarks.__main__ import parse_arguments
from ops.benchmarks.overview import print_overview

AREA = {"villages": 200, "households": 300, "events": 5_060_000, "from": "2026-01", "to": "2026-12"}


def test_the_overview_runs_only_when_asked_and_at_the_issues_size():
    assert parse_arguments([]).overview is False
    chosen = parse_arguments(["--overview"])
    assert (
        chosen.overview,
        chosen.overview_villages,
        chosen.overview_households,
        chosen.overview_events,
    ) == (
        True,
        200,
        300,
        5_000_000,
    )


def test_the_ratio_is_plain_sqls_time_over_the_http_time(capsys):
    figures = print_overview(
        AREA, {"ms": 400.0, "max_ms": 500.0, "bytes": 600_000}, {"ms": 200.0, "from_the_log_ms": 9_000.0}
    )
    assert (figures["ratio_to_plain_sql"], figures["http_ms"], figures["plain_sql_from_the_log_ms"]) == (
        0.5,
        400.0,
        9_000.0,
    )
    printed = capsys.readouterr().out
    assert "200 villages × 300 households, 5,060,000 events" in printed
    assert "ratio 0.50" in printed
