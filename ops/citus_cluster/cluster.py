"""The cluster under a base folder: a coordinator and two workers, their ports kept in
BASE/cluster.json with the coordinator's URL. Starting again reuses what runs; a start that
fails stops what it started and removes the nodes it made."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ops.citus_cluster import databases, install, nodes

CLUSTER_FILE = "cluster.json"
DATABASE_DEFAULT = "ledger"
NODE_NAMES = ("coordinator", "worker1", "worker2")
# The name by which the coordinator and the workers reach each other (all on this machine).
HOST = "localhost"


@dataclass(frozen=True)
class Cluster:
    base: Path
    ports: tuple[int, ...]  # in NODE_NAMES order
    database: str

    @property
    def nodes(self) -> list[nodes.Node]:
        return [
            nodes.Node(name, port, self.base / name)
            for name, port in zip(NODE_NAMES, self.ports, strict=True)
        ]

    @property
    def coordinator_url(self) -> str:
        return self.nodes[0].url(self.database)

    def save(self) -> None:
        description = {
            "coordinator_url": self.coordinator_url,
            "database": self.database,
            "nodes": [{"name": node.name, "port": node.port, "data": str(node.data)} for node in self.nodes],
        }
        (self.base / CLUSTER_FILE).write_text(json.dumps(description, indent=2) + "\n")

    @classmethod
    def load(cls, base: Path) -> Cluster | None:
        try:
            description = json.loads((base / CLUSTER_FILE).read_text())
        except FileNotFoundError:
            return None
        ports = tuple(int(node["port"]) for node in description["nodes"])
        return cls(base=base, ports=ports, database=description["database"])


def start(base: Path, tarball: Path, database: str = DATABASE_DEFAULT) -> Cluster:
    """The cluster under `base`, running, with `database` made and its workers registered."""
    databases.checked_name(database)
    prefix = install.pginstall()
    install.ensure_installed(tarball, prefix)
    run_as = nodes.RunAs.for_this_process()
    _prepare(base, prefix, run_as)
    known = Cluster.load(base)
    cluster = known or Cluster(base=base, ports=tuple(nodes.free_ports(len(NODE_NAMES))), database=database)
    if known is not None and known.database != database:
        raise databases.ClusterError(f"the cluster under {base} serves {known.database}, not {database}")
    made: list[nodes.Node] = []
    started: list[nodes.Node] = []
    try:
        for node in cluster.nodes:
            if not node.is_initialised():
                if node.data.exists():
                    raise nodes.NodeError(f"{node.data} exists but is not a PostgreSQL data folder")
                made.append(node)
                nodes.initialise(node, prefix / "bin", run_as)
            if not node.is_running():
                nodes.start(node, prefix / "bin", run_as)
                started.append(node)
        asyncio.run(_register(cluster))
        cluster.save()
    except BaseException:
        _undo(started, made, prefix / "bin", run_as)
        raise
    return cluster


def stop(base: Path) -> list[str]:
    """Stop every node under `base` that runs; the names of those stopped."""
    cluster = Cluster.load(base)
    if cluster is None:
        return []
    binaries = install.pginstall() / "bin"
    run_as = nodes.RunAs.for_this_process()
    running = [node for node in cluster.nodes if node.is_running()]
    for node in running:
        nodes.stop(node, binaries, run_as)
    return [node.name for node in running]


def status(base: Path) -> dict[str, bool] | None:
    """Each node's name and whether it runs; None when there is no cluster under `base`."""
    cluster = Cluster.load(base)
    return None if cluster is None else {node.name: node.is_running() for node in cluster.nodes}


def _prepare(base: Path, prefix: Path, run_as: nodes.RunAs | None) -> None:
    base.mkdir(parents=True, exist_ok=True)
    if run_as is None:
        return
    # The nodes' OS user writes its logs into the base and must reach the binaries and the
    # libraries (pgserver widens the same folders for its own user).
    from pgserver.utils import ensure_folder_permissions, ensure_prefix_permissions

    os.chown(base, run_as.uid, run_as.gid)
    base.chmod(0o755)
    ensure_prefix_permissions(base)
    ensure_prefix_permissions(prefix / "bin")
    ensure_folder_permissions(prefix / "bin", 0o055)
    ensure_folder_permissions(prefix / "lib", 0o044)
    ensure_folder_permissions(prefix / "share", 0o044)


async def _register(cluster: Cluster) -> None:
    coordinator, *workers = (
        databases.Endpoint(HOST, node.port, node.url("postgres")) for node in cluster.nodes
    )
    await databases.ensure(coordinator, workers, cluster.database, fresh=False)


def _undo(
    started: list[nodes.Node], made: list[nodes.Node], binaries: Path, run_as: nodes.RunAs | None
) -> None:
    for node in started:
        try:
            nodes.stop(node, binaries, run_as)
        except nodes.NodeError:
            pass  # the start's own error is the one to report
    for node in made:
        shutil.rmtree(node.data, ignore_errors=True)
        node.log.unlink(missing_ok=True)
