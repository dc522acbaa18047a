"""The figures of a run as rows — each figure beside its baseline measured in the same run,
their ratio (always a speed: above 1 is faster than the baseline) and the target — printed
as one table, and written as JSON (.ledger/bench/result.json) and as the README's Markdown
table (result.md); chart.py draws the same rows."""

from __future__ import annotations

import dataclasses
from typing import Any

RATE_UNITS = ("/s", "events/s")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Target:
    """What a row should reach: a ratio to its baseline (`of_ratio`), or its own figure."""

    bound: float
    of_ratio: bool = True
    at_most: bool = False

    def met_by(self, measured: float) -> bool:
        return measured <= self.bound if self.at_most else measured >= self.bound

    def text(self, unit: str) -> str:
        sign = "≤" if self.at_most else "≥"
        return f"{sign} {self.bound:g}" if self.of_ratio else f"{sign} {figure_text(self.bound, unit)}"


@dataclasses.dataclass(frozen=True, kw_only=True)
class Row:
    name: str
    figure: float
    unit: str  # "/s" or "events/s" (a rate), "ms" (a time), "MB"
    baseline: float | None = None
    baseline_name: str = ""
    target: Target | None = None
    latency_ms_p50: float | None = None
    latency_ms_p99: float | None = None
    errors: int | None = None

    @property
    def ratio(self) -> float | None:
        """A speed share of the baseline: the rate over the baseline's, or the baseline's
        time over this one (0.5: half as fast)."""
        if self.baseline is None:
            return None
        return self.figure / self.baseline if self.unit in RATE_UNITS else self.baseline / self.figure

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        measured = self.ratio if self.target.of_ratio else self.figure
        return measured is not None and self.target.met_by(measured)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Figures:
    """What a run measured, before it becomes rows."""

    machine: str
    load_averages: tuple[float, float]  # 1 min, at the start and at the end
    connections: int
    server_workers: int
    seconds: int
    households: int
    pgbench_tps: float
    pgbench_select_only_tps: float
    redemptions: dict[int, dict[str, Any]]  # communities → wrk's figures
    redemption_by_card: dict[str, Any]
    card_lookup: dict[str, Any]
    batch_ms: float
    plain_sql_batch_ms: float
    board_events: int
    board_ms: float
    plain_sql_board_ms: float
    verify: dict[str, Any]  # seconds, ok
    sha256_seconds: float
    rebuild_check: dict[str, Any]  # seconds, ok
    plain_sql_replay_seconds: float
    server_peak_rss_mb: float


def wrk_row(name: str, figures: dict[str, Any], **fields: Any) -> Row:
    return Row(
        name=name,
        figure=figures["requests_per_second"],
        unit="/s",
        latency_ms_p50=figures["latency_ms_p50"],
        latency_ms_p99=figures["latency_ms_p99"],
        errors=figures["errors"],
        **fields,
    )


def redemption_rows(figures: Figures) -> list[Row]:
    """One community, then each larger count against pgbench and against one community."""
    one = figures.redemptions[min(figures.redemptions)]
    found = []
    for count, measured in sorted(figures.redemptions.items()):
        name = "redemptions, one community" if count == 1 else f"redemptions, {count} communities"
        found.append(
            wrk_row(
                name,
                measured,
                baseline=figures.pgbench_tps,
                baseline_name="pgbench, minimal redemption",
                target=Target(bound=0.5),
            )
        )
        if count > 1:
            found.append(
                Row(
                    name=f"  {count} communities ÷ one",
                    figure=measured["requests_per_second"],
                    unit="/s",
                    baseline=one["requests_per_second"],
                    baseline_name="redemptions, one community",
                    target=Target(bound=0.9),
                )
            )
    return found


def rows(figures: Figures) -> list[Row]:
    events = figures.board_events
    return [
        wrk_row(
            "card look-up, GET /api/v1/cards/{token}",
            figures.card_lookup,
            baseline=figures.pgbench_select_only_tps,
            baseline_name="pgbench -S, select-only",
            target=Target(bound=0.3),
        ),
        *redemption_rows(figures),
        wrk_row(
            "counter sale by card, 5-line cart",
            figures.redemption_by_card,
            baseline=figures.pgbench_tps,
            baseline_name="pgbench, minimal redemption",
            target=Target(bound=0.35),
        ),
        Row(
            name="batch award, 500 households",
            figure=figures.batch_ms,
            unit="ms",
            baseline=figures.plain_sql_batch_ms,
            baseline_name="plain SQL, 500 updates + inserts",
            target=Target(bound=0.25),
        ),
        Row(
            name=f"monthly red list, {events:,} events",
            figure=figures.board_ms,
            unit="ms",
            baseline=figures.plain_sql_board_ms,
            baseline_name="plain SQL top ten, bare table",
            target=Target(bound=0.5),
        ),
        Row(
            name=f"ledger verify, {events:,} events",
            figure=events / figures.verify["seconds"],
            unit="events/s",
            baseline=events / figures.sha256_seconds,
            baseline_name="SHA-256 of the same bytes in Python",
            target=Target(bound=200_000, of_ratio=False),
            errors=0 if figures.verify["ok"] else 1,
        ),
        Row(
            name=f"ledger rebuild --check, {events:,} events",
            figure=events / figures.rebuild_check["seconds"],
            unit="events/s",
            baseline=events / figures.plain_sql_replay_seconds,
            baseline_name="plain SQL sums over the same log",
            errors=0 if figures.rebuild_check["ok"] else 1,
        ),
        Row(
            name="server peak RSS",
            figure=figures.server_peak_rss_mb,
            unit="MB",
            target=Target(bound=200, of_ratio=False, at_most=True),
        ),
    ]


def figure_text(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value:,.1f} ms"
    if unit == "MB":
        return f"{value:,.0f} MB"
    return f"{value:,.0f} {unit}".replace(" /s", "/s")


def cells(row: Row) -> list[str]:
    """The row's columns as text: benchmark, figure, baseline, ratio, target, met, p50, p99, errors."""

    def optional(value: float | None, text: str) -> str:
        return "" if value is None else text

    met = {None: "", True: "yes", False: "NO"}[row.met]
    return [
        row.name,
        figure_text(row.figure, row.unit),
        optional(row.baseline, figure_text(row.baseline or 0, row.unit)),
        optional(row.ratio, f"{row.ratio or 0:.2f}"),
        "" if row.target is None else row.target.text(row.unit),
        met,
        optional(row.latency_ms_p50, f"{row.latency_ms_p50 or 0:.1f}"),
        optional(row.latency_ms_p99, f"{row.latency_ms_p99 or 0:.1f}"),
        optional(row.errors, f"{row.errors}"),
    ]


HEADINGS = ["benchmark", "figure", "baseline", "ratio", "target", "met", "p50 ms", "p99 ms", "errors"]


def settings_line(figures: Figures) -> str:
    start, end = figures.load_averages
    return (
        f"{figures.connections} connections (wrk) and clients (pgbench), {figures.seconds} s each, "
        f"{figures.households} households a community, "
        f"{figures.server_workers} server process(es); load average (1 min) {start:.1f} at the start, "
        f"{end:.1f} at the end"
    )


def table_lines(figures: Figures) -> list[str]:
    """The table as printed: the first column left-aligned, the figures right-aligned; then
    what each baseline is. A missed target says NO."""
    table = [HEADINGS, *[cells(row) for row in rows(figures)]]
    widths = [max(len(line[column]) for line in table) for column in range(len(HEADINGS))]
    lines = [f"machine: {figures.machine}", settings_line(figures), ""]
    for line in table:
        text = [line[0].ljust(widths[0])] + [
            cell.rjust(width) for cell, width in zip(line[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(text).rstrip())
    lines.append("")
    lines.append("baselines (same run, same database):")
    lines += [f"  {row.name.strip()}: {row.baseline_name}" for row in rows(figures) if row.baseline_name]
    return lines


def markdown_lines(figures: Figures) -> list[str]:
    """The table as the README shows it."""
    lines = [
        "| benchmark | figure | baseline | ratio | target | met | p50 ms | p99 ms |",
        "|---|---:|---:|---:|---:|:---:|---:|---:|",
    ]
    for row in rows(figures):
        name, *rest = cells(row)[:-1]
        baseline = f"{rest[1]} ({row.baseline_name})" if row.baseline_name else ""
        lines.append("| " + " | ".join([name.strip(), rest[0], baseline, *rest[2:]]) + " |")
    return lines


def result(figures: Figures) -> dict[str, Any]:
    """The JSON document: the run's settings, the rows, and what was measured."""
    return {
        "machine": figures.machine,
        "load_averages": list(figures.load_averages),
        "connections": figures.connections,
        "server_workers": figures.server_workers,
        "seconds": figures.seconds,
        "rows": [
            {
                "name": row.name.strip(),
                "figure": round(row.figure, 1),
                "unit": row.unit,
                "baseline": None if row.baseline is None else round(row.baseline, 1),
                "baseline_name": row.baseline_name or None,
                "ratio": None if row.ratio is None else round(row.ratio, 3),
                "target": None if row.target is None else row.target.text(row.unit),
                "met": row.met,
                "latency_ms_p50": row.latency_ms_p50,
                "latency_ms_p99": row.latency_ms_p99,
                "errors": row.errors,
            }
            for row in rows(figures)
        ],
        "measured": dataclasses.asdict(figures),
    }
