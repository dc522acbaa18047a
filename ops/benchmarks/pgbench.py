"""The baselines PostgreSQL's own pgbench measures on the same server in the same run: the
minimal redemption (UPDATE the balance where enough + INSERT an event), and its built-in
select-only script (`-S`, one primary-key read per transaction) for the card look-up."""

from __future__ import annotations

import re
import subprocess
import urllib.parse
from pathlib import Path

from ops.benchmarks.preparation import pgbench_executable, progress

PGBENCH_SCRIPT = """\\set household random(1, %(households)d)
BEGIN;
UPDATE bench_balance SET spendable = spendable - 5 WHERE household = :household AND spendable >= 5;
INSERT INTO bench_event (household, points, body) VALUES (:household, -5, '{"lines": [{"goods": "G01", "quantity": 1, "points": 5}]}');
END;
"""
THREADS = 2
# pgbench's smallest scale: 100,000 accounts (13 MB). Like the card tables it reads against
# (a few thousand cards and households), it sits in shared buffers: the same size class.
SELECT_ONLY_SCALE = 1


def connection_options(url: str) -> tuple[list[str], str]:
    """pgbench's -h/-U/-p for `url`, and the database's name."""
    parts = urllib.parse.urlparse(url)
    # The embedded server's URL names its Unix socket folder as ?host=.
    host = urllib.parse.parse_qs(parts.query).get("host", [parts.hostname or "127.0.0.1"])[0]
    options = ["-h", host, "-U", parts.username or "postgres"]
    if parts.port:
        options += ["-p", str(parts.port)]
    return options, parts.path.lstrip("/")


def transactions_per_second(command: list[str]) -> float:
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    match = re.search(r"tps = ([\d.]+)", output)
    if match is None:
        raise RuntimeError(f"pgbench's output has no tps:\n{output}")
    return float(match.group(1))


def run_pgbench(url: str, households: int, connections: int, seconds: int, work: Path) -> float:
    """The minimal redemption: transactions per second over `households` balance rows."""
    options, database = connection_options(url)
    script = work / "redeem.pgbench"
    script.write_text(PGBENCH_SCRIPT % {"households": households})
    return transactions_per_second(
        [
            str(pgbench_executable()),
            "-n",
            "-c",
            str(connections),
            "-j",
            str(THREADS),
            "-T",
            str(seconds),
            "-f",
            str(script),
            *options,
            database,
        ]  # fmt: skip
    )


def initialise_select_only(url: str) -> None:
    """pgbench's own tables (`pgbench -i`) at SELECT_ONLY_SCALE, beside the ledger's."""
    options, database = connection_options(url)
    with progress("pgbench -i", total=100_000 * SELECT_ONLY_SCALE, unit="rows") as shown:
        subprocess.run(
            [str(pgbench_executable()), "-i", "-q", "-s", str(SELECT_ONLY_SCALE), *options, database],
            capture_output=True,
            check=True,
        )
        shown.advance(100_000 * SELECT_ONLY_SCALE)


def run_pgbench_select_only(url: str, connections: int, seconds: int) -> float:
    """The built-in select-only script (`-S`: one account read by primary key per
    transaction), on the tables initialise_select_only made."""
    options, database = connection_options(url)
    return transactions_per_second(
        [
            str(pgbench_executable()),
            "-n",
            "-S",
            "-c",
            str(connections),
            "-j",
            str(THREADS),
            "-T",
            str(seconds),
            *options,
            database,
        ]  # fmt: skip
    )
