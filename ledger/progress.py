"""Progress of long work (verify, rebuild, backup, restore, large imports, the benchmark's
preparation): a bar with counts and rate when a person watches a terminal, one line at the
end when output goes to a file or a pipe (cron, CI, systemd's journal), so logs stay short.

    with progress("验证哈希链", total=events, unit="events") as shown:
        for page in pages:
            ...
            shown.advance(len(page))
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from typing import IO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


class Shown:
    """What the work tells as it goes: how much more is done, or a new total once known."""

    def __init__(self, on_advance: Callable[[int], None], on_total: Callable[[int], None]) -> None:
        self.done = 0
        self._on_advance = on_advance
        self._on_total = on_total

    def advance(self, amount: int = 1) -> None:
        self.done += amount
        self._on_advance(amount)

    def total(self, total: int) -> None:
        self._on_total(total)


def _rate_column(unit: str) -> TextColumn:
    return TextColumn(f"{{task.fields[rate]}} {unit}/s", justify="right")


@contextlib.contextmanager
def progress(
    description: str,
    total: int | None = None,
    unit: str = "",
    stream: IO[str] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[Shown]:
    """A bar on `stream` (standard error by default) while the work runs when it is a terminal,
    else one line once it is over: what, how many, in how long, at what rate."""
    stream = stream if stream is not None else sys.stderr
    started = clock()
    if not stream.isatty():
        shown = Shown(lambda _amount: None, lambda _total: None)
        yield shown
        _print_summary(stream, description, shown.done, unit, clock() - started)
        return
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        _rate_column(unit),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(file=stream),
        transient=False,
        # rich sends what is printed meanwhile through the bar's stream, above the bar: right
        # when standard output is the same terminal, wrong when it goes to a file or a pipe
        # (`ledger verify | tee`), whose lines must stay on standard output.
        redirect_stdout=sys.stdout.isatty(),
    )
    with bar:
        task = bar.add_task(description, total=total, rate="–")

        def advance(amount: int) -> None:
            elapsed = max(clock() - started, 1e-9)
            done = bar.tasks[0].completed + amount
            bar.update(task, advance=amount, rate=f"{done / elapsed:,.0f}")

        shown = Shown(advance, lambda new_total: bar.update(task, total=new_total))
        yield shown


def _print_summary(stream: IO[str], description: str, done: int, unit: str, seconds: float) -> None:
    rate = f", {done / seconds:,.0f} {unit}/s" if seconds > 0 else ""
    print(f"{description}: {done:,} {unit} in {seconds:.1f} s{rate}".replace("  ", " "), file=stream)
