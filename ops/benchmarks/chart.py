"""The run's rows as a chart (PNG) beside its JSON: on the left each benchmark's ratio to its
baseline with its target marked (green met, red missed), on the right its figure beside the
baseline's (log scale: rates, times and sizes side by side). Drawn headless (Agg)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display: drawn to a file on any machine, also over ssh and in CI

from matplotlib import pyplot

from ops.benchmarks.report import Row, figure_text

WIDTH_INCHES = 14.0
INCHES_PER_ROW = 0.45
MARGIN_INCHES = 1.6
DOTS_PER_INCH = 100
MET_COLOUR, MISSED_COLOUR, NO_TARGET_COLOUR, BASELINE_COLOUR = "#2e7d32", "#c62828", "#607d8b", "#b0bec5"


def chart_size(rows: int) -> tuple[int, int]:
    """The PNG's width and height in pixels for `rows` benchmarks."""
    return round(WIDTH_INCHES * DOTS_PER_INCH), round((MARGIN_INCHES + INCHES_PER_ROW * rows) * DOTS_PER_INCH)


def draw_chart(rows: list[Row], path: Path, title: str) -> None:
    width, height = chart_size(len(rows))
    figure, (ratios, values) = pyplot.subplots(
        1, 2, figsize=(width / DOTS_PER_INCH, height / DOTS_PER_INCH), dpi=DOTS_PER_INCH, sharey=True
    )
    try:
        positions = list(range(len(rows)))[::-1]  # the first row on top, as in the table
        colours = [
            NO_TARGET_COLOUR if row.met is None else MET_COLOUR if row.met else MISSED_COLOUR for row in rows
        ]
        _draw_ratios(ratios, rows, positions, colours)
        _draw_figures(values, rows, positions, colours)
        figure.suptitle(title, fontsize=10)
        figure.tight_layout()
        figure.savefig(path, format="png", dpi=DOTS_PER_INCH)
    finally:
        pyplot.close(figure)


def _draw_ratios(ratios: Any, rows: list[Row], positions: list[int], colours: list[str]) -> None:
    """The left panel: each ratio as a bar, its target as a black mark."""
    ratios.barh(positions, [row.ratio or 0 for row in rows], color=colours)
    for position, row in zip(positions, rows, strict=True):
        if row.target is not None and row.target.of_ratio:
            ratios.plot([row.target.bound] * 2, [position - 0.4, position + 0.4], color="black", linewidth=2)
        if row.ratio is not None:
            # Beside the bar or the target's mark, whichever is further right.
            beyond = max(row.ratio, row.target.bound if row.target and row.target.of_ratio else 0)
            ratios.annotate(
                f"{row.ratio:.2f}", (beyond, position), xytext=(3, 0), textcoords="offset points", va="center"
            )
    ratios.axvline(1, color="grey", linestyle=":", linewidth=1)
    reached = [row.ratio or 0 for row in rows] + [
        row.target.bound for row in rows if row.target is not None and row.target.of_ratio
    ]
    ratios.set_xlim(0, max([1.0, *reached]) * 1.2)  # room for the figures written beside the bars
    ratios.set_yticks(positions, [row.name.strip() for row in rows])
    ratios.set_xlabel("ratio to the baseline (speed; black bar: target)")


def _draw_figures(values: Any, rows: list[Row], positions: list[int], colours: list[str]) -> None:
    """The right panel: each figure beside its baseline (log scale), a figure's own target marked."""
    height_of_bar = 0.38
    values.barh(
        [p + height_of_bar / 2 for p in positions],
        [row.figure for row in rows],
        height=height_of_bar,
        color=colours,
        label="measured",
    )
    values.barh(
        [p - height_of_bar / 2 for p in positions],
        [row.baseline or 0 for row in rows],
        height=height_of_bar,
        color=BASELINE_COLOUR,
        label="baseline",
    )
    for position, row in zip(positions, rows, strict=True):
        label = figure_text(row.figure, row.unit)
        if row.target is not None and not row.target.of_ratio:
            label += f" (target {row.target.text(row.unit)})"
            values.plot([row.target.bound] * 2, [position - 0.4, position + 0.4], color="black", linewidth=2)
        beyond = max(row.figure, row.target.bound if row.target and not row.target.of_ratio else 0)
        values.annotate(
            label, (beyond, position + height_of_bar / 2), xytext=(3, 0), textcoords="offset points",
            va="center", fontsize=8,
        )  # fmt: skip
    values.set_xscale("log")
    figures = [value for row in rows for value in (row.figure, row.baseline) if value]
    values.set_xlim(min(figures) / 2, max(figures) * 200)  # room for the labels on the right
    values.set_xlabel("figure (its unit beside it), baseline in grey; log scale")
    values.legend(loc="lower right", fontsize=8)
