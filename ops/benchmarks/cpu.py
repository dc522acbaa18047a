"""CPU time spent by a process and everything under it (a PostgreSQL node's postmaster and its
backends, the server and its workers), read from /proc: how a run's cores were shared out
between the parts, so that the cost of each part per request is measured, not guessed.

A process's own time (utime + stime) counts while it runs; once its parent has reaped it, its
time is in the parent's cutime + cstime (a postmaster reaps every backend that ends), so the
sum over a tree at two moments, subtracted, is what the tree used in between.
"""

from __future__ import annotations

import os
import resource
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

CLOCK_TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None  # ended since it was listed
    # The command name, in parentheses, may hold spaces; the fields after it are plain.
    return text.rpartition(")")[2].split()


def parents() -> dict[int, int]:
    """Every process's parent."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat_fields(int(entry.name))) is not None:
            found[int(entry.name)] = int(fields[1])
    return found


def tree_cpu_seconds(root: int, parent_of: Mapping[int, int]) -> float:
    """CPU seconds of `root` and its descendants, the reaped ones included."""
    children: dict[int, list[int]] = {}
    for pid, parent in parent_of.items():
        children.setdefault(parent, []).append(pid)
    ticks = 0
    pending = [root]
    while pending:
        pid = pending.pop()
        fields = _stat_fields(pid)
        if fields is None:
            continue
        # After the ")": state, ppid, …; utime, stime, cutime, cstime are fields 14-17 of stat.
        utime, stime, cutime, cstime = (int(value) for value in fields[11:15])
        ticks += utime + stime + (cutime + cstime if pid == root else 0)
        pending.extend(children.get(pid, []))
    return ticks / CLOCK_TICKS_PER_SECOND


def postmaster_pid(data: Path) -> int:
    """The pid a PostgreSQL data folder's postmaster.pid names (its first line)."""
    return int((data / "postmaster.pid").read_text().split()[0])


LOAD_GENERATOR = "wrk"


def reaped_children_cpu_seconds() -> float:
    """CPU seconds of this process's children that have ended and been waited for (wrk)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class CpuMeter:
    """CPU seconds of named process trees over a stretch of the run, and of the load
    generator (wrk, a child of this process that ends within the stretch)."""

    def __init__(self, roots: Mapping[str, int]) -> None:
        self.roots = dict(roots)
        self.seconds: dict[str, float] = {}

    def _sample(self) -> dict[str, float]:
        parent_of = parents()
        sample = {name: tree_cpu_seconds(pid, parent_of) for name, pid in self.roots.items()}
        return {**sample, LOAD_GENERATOR: reaped_children_cpu_seconds()}

    @contextmanager
    def measuring(self) -> Iterator[None]:
        before = self._sample()
        yield
        after = self._sample()
        self.seconds = {name: after[name] - before[name] for name in after}
