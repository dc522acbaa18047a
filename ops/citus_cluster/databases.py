"""A database with Citus on every node of a cluster, the workers registered in it.

Citus keeps its metadata per database, and a distributed database must exist, with the
extension, on the coordinator and on every worker under the same name; so a fresh database
for a suite is made node by node, then the coordinator is told about its workers.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

import asyncpg

# Citus may propagate CREATE/DROP DATABASE from the coordinator; here each node is done on its
# own, so the coordinator's session must not do it a second time.
_DATABASE_PROPAGATION = "citus.enable_create_database_propagation"


class ClusterError(Exception):
    """The URL does not name a Citus coordinator with workers, or a node refused."""


@dataclass(frozen=True)
class Endpoint:
    """A node as Citus names it (host, port) and a URL by which this process reaches a
    database on it that already exists."""

    host: str
    port: int
    maintenance_url: str


def checked_name(database: str) -> str:
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", database):
        raise ValueError(f"not a plain database name: {database!r}")
    return database


def with_database(url: str, database: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + checked_name(database)))


def with_node(url: str, host: str, port: int) -> str:
    """`url` (its user, password and options) pointed at another node."""
    parts = urllib.parse.urlsplit(url)
    credentials = parts.netloc.rpartition("@")[0]
    location = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return urllib.parse.urlunsplit(
        parts._replace(netloc=f"{credentials}@{location}" if credentials else location)
    )


async def ensure(coordinator: Endpoint, workers: list[Endpoint], database: str, *, fresh: bool) -> None:
    """`database` on every node with the citus extension (made anew when `fresh`), and the
    coordinator and workers registered in it. Idempotent."""
    checked_name(database)
    nodes = [*workers, coordinator]  # the coordinator last: it may hold connections to the workers
    if fresh:
        for node in nodes:
            await _on(node.maintenance_url, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    for node in nodes:
        await _create_if_missing(node.maintenance_url, database)
    for node in nodes:
        await _on(with_database(node.maintenance_url, database), "CREATE EXTENSION IF NOT EXISTS citus")
    connection = await asyncpg.connect(with_database(coordinator.maintenance_url, database))
    try:
        # Both calls leave a node already registered as it is.
        await connection.execute(
            "SELECT citus_set_coordinator_host($1, $2)", coordinator.host, coordinator.port
        )
        for worker in workers:
            await connection.execute("SELECT citus_add_node($1, $2)", worker.host, worker.port)
    finally:
        await connection.close()


async def drop(coordinator: Endpoint, workers: list[Endpoint], database: str) -> None:
    """`database` gone from every node (what `ensure` made), if it was there."""
    checked_name(database)
    for node in [*workers, coordinator]:
        await _on(node.maintenance_url, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


async def nodes_of(coordinator_url: str) -> tuple[Endpoint, list[Endpoint]]:
    """The coordinator and workers of the Citus cluster whose coordinator database
    `coordinator_url` names, reached with that URL's credentials."""
    try:
        connection = await asyncpg.connect(coordinator_url)
    except (OSError, asyncpg.PostgresError) as error:
        raise ClusterError(f"cannot connect to {coordinator_url}: {error}") from error
    try:
        if await connection.fetchval("SELECT count(*) FROM pg_extension WHERE extname = 'citus'") == 0:
            raise ClusterError(f"{coordinator_url} has no citus extension")
        rows = await connection.fetch(
            "SELECT nodename, nodeport, groupid = 0 AS is_coordinator FROM pg_dist_node"
            " WHERE noderole = 'primary' AND isactive ORDER BY groupid, nodeid"
        )
    finally:
        await connection.close()
    parts = urllib.parse.urlsplit(coordinator_url)
    registered = [row for row in rows if row["is_coordinator"]]
    coordinator = Endpoint(
        host=registered[0]["nodename"] if registered else (parts.hostname or "localhost"),
        port=registered[0]["nodeport"] if registered else (parts.port or 5432),
        maintenance_url=coordinator_url,
    )
    workers = [
        Endpoint(
            row["nodename"], row["nodeport"], with_node(coordinator_url, row["nodename"], row["nodeport"])
        )
        for row in rows
        if not row["is_coordinator"]
    ]
    if not workers:
        raise ClusterError(f"{coordinator_url} is a Citus database without workers (pg_dist_node)")
    return coordinator, workers


async def _create_if_missing(url: str, database: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        await _no_database_propagation(connection)
        if not await connection.fetchval("SELECT count(*) FROM pg_database WHERE datname = $1", database):
            await connection.execute(f"CREATE DATABASE {database}")
    finally:
        await connection.close()


async def _on(url: str, statement: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        await _no_database_propagation(connection)
        await connection.execute(statement)
    finally:
        await connection.close()


async def _no_database_propagation(connection: asyncpg.Connection) -> None:
    # Only Citus 12.2 and later have the setting, and a database without Citus knows no citus.*.
    if await connection.fetchval("SELECT count(*) FROM pg_settings WHERE name = $1", _DATABASE_PROPAGATION):
        await connection.execute(f"SET {_DATABASE_PROPAGATION} TO off")
