"""The baseline of the redemption scenarios: PostgreSQL's own pgbench on the minimal
redemption (UPDATE the balance where enough + INSERT an event), same server, same run."""

from __future__ import annotations

import re
import subprocess
import urllib.parse
from pathlib import Path

from ops.benchmarks.preparation import pgbench_executable

PGBENCH_SCRIPT = """\\set household random(1, %(households)d)
BEGIN;
UPDATE bench_balance SET spendable = spendable - 5 WHERE household = :household AND spendable >= 5;
INSERT INTO bench_event (household, points, body) VALUES (:household, -5, '{"lines": [{"goods": "G01", "quantity": 1, "points": 5}]}');
END;
"""
THREADS = 2


def run_pgbench(url: str, households: int, connections: int, seconds: int, work: Path) -> float:
    """Transactions per second over `households` balance rows."""
    parts = urllib.parse.urlparse(url)
    # The embedded server's URL names its Unix socket folder as ?host=.
    host = urllib.parse.parse_qs(parts.query).get("host", [parts.hostname or "127.0.0.1"])[0]
    script = work / "redeem.pgbench"
    script.write_text(PGBENCH_SCRIPT % {"households": households})
    command = [
        str(pgbench_executable()),
        "-n",
        "-c", str(connections),
        "-j", str(THREADS),
        "-T", str(seconds),
        "-f", str(script),
        "-h", host,
        "-U", parts.username or "postgres",
    ]  # fmt: skip
    if parts.port:
        command += ["-p", str(parts.port)]
    command.append(parts.path.lstrip("/"))
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    match = re.search(r"tps = ([\d.]+)", output)
    if match is None:
        raise RuntimeError(f"pgbench's output has no tps:\n{output}")
    return float(match.group(1))
