"""One PostgreSQL node of the test cluster: its data folder, port, configuration, and
pg_ctl run as the unprivileged OS user the nodes belong to (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import os
import pwd
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

# The OS user that owns and runs the nodes when this runs as root (as pgserver runs its
# server as `pgserver`); a system account with no login shell and no home.
OS_USER = "ledgercitus"
# The database superuser initdb makes on every node; the suite connects as it (as it does to
# the embedded PostgreSQL) and migrations switch to it only through the URL.
SUPERUSER = "postgres"
# Several suites' pools, each server's pool, and Citus's own connections from the
# coordinator to the workers, all at once.
CONNECTIONS_MAX = 300
START_SECONDS_MAX = 60
# Of a node's log, shown when it fails to start.
_LOG_TAIL_CHARACTERS = 2_000


class NodeError(Exception):
    """initdb or pg_ctl failed; the message holds what it said."""


@dataclass(frozen=True)
class RunAs:
    """The OS user the node programs run as; None for the current (unprivileged) user."""

    uid: int
    gid: int

    @classmethod
    def for_this_process(cls) -> RunAs | None:
        if os.geteuid() != 0:
            return None
        try:
            entry = pwd.getpwnam(OS_USER)
        except KeyError:
            account = ["--system", "--no-create-home", "--user-group", "--shell", "/usr/sbin/nologin"]
            subprocess.run(["useradd", *account, OS_USER], check=True, capture_output=True)
            entry = pwd.getpwnam(OS_USER)
        return cls(uid=entry.pw_uid, gid=entry.pw_gid)


@dataclass(frozen=True)
class Node:
    name: str
    port: int
    data: Path

    @property
    def log(self) -> Path:
        return self.data.parent / f"{self.name}.log"

    def url(self, database: str) -> str:
        return f"postgresql://{SUPERUSER}@localhost:{self.port}/{database}"

    def is_initialised(self) -> bool:
        return (self.data / "PG_VERSION").is_file()

    def is_running(self) -> bool:
        """Whether the postmaster named in postmaster.pid is alive (not a stale file)."""
        import psutil  # pgserver's own dependency

        try:
            pid = int((self.data / "postmaster.pid").read_text().split("\n", 1)[0])
            return psutil.Process(pid).name() == "postgres"
        except (FileNotFoundError, PermissionError, ValueError, psutil.NoSuchProcess, psutil.ZombieProcess):
            return False


def free_ports(count: int) -> list[int]:
    """`count` distinct TCP ports free on localhost now (held open together while chosen)."""
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for each in sockets:
            each.bind(("127.0.0.1", 0))
        return [each.getsockname()[1] for each in sockets]
    finally:
        for each in sockets:
            each.close()


def initialise(node: Node, binaries: Path, run_as: RunAs | None) -> None:
    """initdb the node's folder and configure it as a Citus node on its own port."""
    node.data.mkdir(mode=0o700)
    if run_as is not None:
        os.chown(node.data, run_as.uid, run_as.gid)
    # Trust on localhost TCP (initdb's "host" lines for 127.0.0.1 and ::1): the suite runs as
    # root and must reach nodes owned by another OS user, and Citus reaches the workers as
    # the serving role, which has no password. Acceptable for this disposable test cluster
    # only, which listens on localhost alone; a production cluster uses passwords or
    # certificates (pg_hba.conf, a .pgpass for the serving role).
    options = ["-U", SUPERUSER, "--auth=trust", "--encoding=utf8", "--no-instructions"]
    _run([str(binaries / "initdb"), "-D", str(node.data), *options], run_as, node.data.parent)
    settings = {
        "shared_preload_libraries": "'citus'",
        "port": str(node.port),
        "listen_addresses": "'localhost'",
        # No Unix socket: its path could exceed the 107-byte limit under a deep base folder,
        # and every client (the suite, Citus itself) connects over TCP.
        "unix_socket_directories": "''",
        "max_connections": str(CONNECTIONS_MAX),
        # Moving a community's shards to another worker (citus_move_shard_placement) uses
        # logical replication.
        "wal_level": "logical",
    }
    with (node.data / "postgresql.conf").open("a") as configuration:
        configuration.write("\n# ops/citus_cluster: a node of the test Citus cluster\n")
        configuration.writelines(f"{name} = {value}\n" for name, value in settings.items())


def start(node: Node, binaries: Path, run_as: RunAs | None) -> None:
    command = [str(binaries / "pg_ctl"), "-D", str(node.data), "-l", str(node.log)]
    try:
        _run([*command, "-w", "-t", str(START_SECONDS_MAX), "start"], run_as, node.data.parent)
    except NodeError as error:
        log = node.log.read_text(errors="replace") if node.log.exists() else ""
        raise NodeError(f"{error}\n{node.log} ends:\n{log[-_LOG_TAIL_CHARACTERS:]}") from error


def stop(node: Node, binaries: Path, run_as: RunAs | None) -> None:
    if node.is_running():
        command = [str(binaries / "pg_ctl"), "-D", str(node.data), "-m", "fast", "-w", "stop"]
        _run(command, run_as, node.data.parent)


def _run(command: list[str], run_as: RunAs | None, folder: Path) -> None:
    # Output into files, not pipes: the postmaster pg_ctl starts inherits them, and a pipe
    # held open by it would keep this call waiting for ever (pgserver does the same).
    with tempfile.TemporaryFile("w+") as output:
        identity = {} if run_as is None else {"user": run_as.uid, "group": run_as.gid, "extra_groups": []}
        finished = subprocess.run(command, stdout=output, stderr=output, cwd=folder, check=False, **identity)  # type: ignore[call-overload]
        if finished.returncode != 0:
            output.seek(0)
            raise NodeError(f"{' '.join(command)} failed ({finished.returncode}):\n{output.read()}")
