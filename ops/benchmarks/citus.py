"""The cluster side of `ops/bench --citus`: a Citus coordinator and two workers started on this
machine (ops/citus_cluster), or the coordinator LEDGER_CITUS_URL names; a fresh bench database
on every node, migrated (which distributes it), its serving role able to log in.

A cluster started here is stopped and removed when the run ends, whether it ends well or not;
one named by LEDGER_CITUS_URL is left as it was, apart from the bench database made in it.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ops.benchmarks.preparation import BENCH_DATABASE, migrate_database
from ops.citus_cluster import cluster, databases, install

CLUSTER_FOLDER = "citus"
# The role the server's pool switches to; Citus opens its connections to the workers as it.
DESCRIPTION_STARTED = "Citus, coordinator + 2 workers on this machine"
DESCRIPTION_GIVEN = "Citus, the cluster of LEDGER_CITUS_URL"


@dataclass(frozen=True)
class ClusterDatabase:
    url: str  # of the migrated bench database on the coordinator
    description: str
    # Each node's data folder, by node name, when the run started the cluster: where its
    # postmaster's pid is read, to meter its CPU. Unknown for LEDGER_CITUS_URL's.
    data_folders: dict[str, Path] = field(default_factory=dict)


@contextmanager
def citus_database(work: Path) -> Iterator[ClusterDatabase]:
    given = os.environ.get("LEDGER_CITUS_URL")
    base = work / CLUSTER_FOLDER
    folders: dict[str, Path] = {}
    if given:
        coordinator_url, description = given, DESCRIPTION_GIVEN
    else:
        shutil.rmtree(base, ignore_errors=True)  # a cluster left by an interrupted run
        started = cluster.start(base, install.default_tarball())
        coordinator_url, description = started.coordinator_url, DESCRIPTION_STARTED
        folders = {node.name: node.data for node in started.nodes}
    try:
        url = asyncio.run(fresh_distributed_database(coordinator_url))
        yield ClusterDatabase(url, description, folders)
    finally:
        if not given:
            cluster.stop(base)
            shutil.rmtree(base, ignore_errors=True)


async def fresh_distributed_database(coordinator_url: str) -> str:
    """The bench database made anew on every node, migrated on the coordinator."""
    if databases.with_database(coordinator_url, BENCH_DATABASE) == coordinator_url:
        raise SystemExit(
            f"LEDGER_CITUS_URL names {BENCH_DATABASE}, which the run drops; name another database"
        )
    coordinator, workers = await databases.nodes_of(coordinator_url)
    await databases.ensure(coordinator, workers, BENCH_DATABASE, fresh=True)
    url = databases.with_database(coordinator_url, BENCH_DATABASE)
    # `ledger migrate` also gives the serving role the log-in Citus needs on the workers.
    await migrate_database(url)
    return url
