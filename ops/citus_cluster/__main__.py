"""python -m ops.citus_cluster start|stop|status --base DIR, create-database."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from ops.citus_cluster import cluster, databases, install, nodes


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        return int(arguments.run(arguments))
    except (install.InstallError, nodes.NodeError, databases.ClusterError, ValueError) as error:
        print(f"citus_cluster: {error}", file=sys.stderr)
        return 1


def _start(arguments: argparse.Namespace) -> int:
    started = cluster.start(arguments.base.resolve(), arguments.citus, arguments.database)
    print(started.coordinator_url)
    return 0


def _stop(arguments: argparse.Namespace) -> int:
    for name in cluster.stop(arguments.base.resolve()):
        print(f"stopped {name}")
    return 0


def _status(arguments: argparse.Namespace) -> int:
    running = cluster.status(arguments.base.resolve())
    if running is None:
        print(f"no cluster under {arguments.base}")
        return 3
    known = cluster.Cluster.load(arguments.base.resolve())
    assert known is not None  # status found its file a moment ago
    for node in known.nodes:
        print(f"{node.name}\t{node.port}\t{'running' if running[node.name] else 'stopped'}")
    print(known.coordinator_url)
    return 0 if all(running.values()) else 3


def _create_database(arguments: argparse.Namespace) -> int:
    if databases.checked_name(arguments.name) == _database_of(arguments.url):
        raise ValueError(f"{arguments.name} is the database the URL names; pick another name")

    async def create() -> None:
        coordinator, workers = await databases.nodes_of(arguments.url)
        await databases.ensure(coordinator, workers, arguments.name, fresh=True)

    asyncio.run(create())
    print(databases.with_database(arguments.url, arguments.name))
    return 0


def _database_of(url: str) -> str:
    import urllib.parse

    return urllib.parse.urlsplit(url).path.lstrip("/")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ops.citus_cluster", description=__doc__)
    commands = parser.add_subparsers(required=True)
    start = commands.add_parser("start", help="start (or reuse) the cluster under --base; print its URL")
    start.add_argument(
        "--citus",
        type=Path,
        default=install.default_tarball(),
        help=f"the prebuilt Citus tarball (or ${install.TARBALL_VARIABLE})",
    )
    start.add_argument(
        "--database", default=cluster.DATABASE_DEFAULT, help="the database to make on every node"
    )
    start.set_defaults(run=_start)
    stop = commands.add_parser("stop", help="stop the cluster under --base")
    stop.set_defaults(run=_stop)
    status = commands.add_parser("status", help="each node and whether it runs (exit 3 if any is stopped)")
    status.set_defaults(run=_status)
    for command in (start, stop, status):
        command.add_argument("--base", type=Path, required=True, help="the folder holding the nodes")
    create = commands.add_parser(
        "create-database", help="a fresh database with Citus on every node of a cluster; print its URL"
    )
    create.add_argument("--url", required=True, help="a Citus database on the coordinator, with its workers")
    create.add_argument("name")
    create.set_defaults(run=_create_database)
    return parser


if __name__ == "__main__":
    sys.exit(main())
