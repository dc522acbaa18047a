"""`python -m ops.chaos_run` (what ops/chaos runs): the command line of a chaos run."""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sys
from pathlib import Path

from ledger import embedded
from ops import chaos_run
from ops.chaos_run.accounting import failures_of
from ops.chaos_run.report import print_figures
from ops.chaos_run.run import chaos, own_home


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="ops/chaos", description=(chaos_run.__doc__ or "").split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=5, help="kill -9 the server this many times")
    parser.add_argument("--stops", type=int, default=5, help="pg_ctl stop -m immediate this many times")
    parser.add_argument(
        "--seconds", type=float, default=60, help="the load's length (longer if blows take it)"
    )
    parser.add_argument("--rate", type=float, default=150, help="commands sent per second, at most")
    parser.add_argument("--max-commands", type=int, default=50_000, help="stop sending after this many")
    parser.add_argument("--concurrency", type=int, default=32, help="commands waiting for an answer, at most")
    parser.add_argument("--award-share", type=float, default=0.3, help="the share of awards in the load")
    parser.add_argument("--communities", type=int, default=3)
    parser.add_argument("--households", type=int, default=20, help="per community")
    parser.add_argument(
        "--recovery-seconds", type=float, default=60, help="how long to wait for the server to recover a stop"
    )
    parser.add_argument("--seed", type=int, default=None, help="the random choices' seed")
    parser.add_argument(
        "--home", help="LEDGER_HOME for this run's own PostgreSQL (default: a new temporary folder)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary home (database, server log)")
    parser.add_argument("--report", help="write the figures as JSON to this file")
    arguments = parser.parse_args(argv)
    if arguments.rate <= 0 or arguments.seconds <= 0 or arguments.kills < 0 or arguments.stops < 0:
        parser.error("--rate and --seconds must be positive, --kills and --stops not negative")
    return arguments


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    home, temporary = own_home(arguments.home)

    def say(line: str) -> None:
        print(line, flush=True)

    try:
        figures = asyncio.run(chaos(arguments, home, say))
    finally:
        embedded.stop(home)  # this run's own PostgreSQL, never the ledger's
        if temporary and not arguments.keep:
            shutil.rmtree(home, ignore_errors=True)
        elif temporary:
            print(f"ops/chaos: kept {home} (server.log, pgdata)")
    failures = failures_of(figures)
    print_figures(figures, failures)
    if arguments.report:
        Path(arguments.report).write_text(
            json.dumps({**figures, "failures": failures}, ensure_ascii=False, indent=1)
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
